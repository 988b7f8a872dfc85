/* fol-test-app.h
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib/gstdio.h>

#include "fol-application.h"
#include "fol-demo.h"
#include "fol-sqlite-store.h"
#include "fol-window-private.h"

/* Runs @body inside g_application_run(), on the window the application
 * opens for its clinic, as a user would see it; then closes the window so
 * the application shuts down and can be finalized.
 */
typedef struct
{
  char           *dir;
  char           *path;
  gboolean        demo;
  FolApplication *app;
  FolWindow      *window;
  void          (*body) (gpointer fixture);
} FolTestApp;

static inline void
fol_test_iterate (void)
{
  for (guint i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

/* How many of the application's windows are of @type. */
static inline guint
fol_test_count_windows (GtkApplication *application,
                        GType           type)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    n += G_TYPE_CHECK_INSTANCE_TYPE (l->data, type);
  return n;
}

/* Lets animations (a toast appearing) run as they would for a user. */
static inline void
fol_test_wait (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static inline void
fol_test_activate_after_cb (GApplication *app,
                            FolTestApp   *t)
{
  GtkWindow *window = NULL;
  g_autoptr(GList) windows = NULL;

  /* The clinic's window; when the start comes back into review mode, it
   * is there but hidden behind the review.
   */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (FOL_IS_WINDOW (l->data))
      window = l->data;
  g_assert_true (FOL_IS_WINDOW (window));
  t->window = FOL_WINDOW (window);
  fol_test_iterate ();

  t->body (t);

  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  t->window = NULL;
}

/* Removes what a test made: the clinic, its photos and its backups. */
static inline void
fol_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        fol_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_remove (path);
}

static inline void
fol_test_app_run (FolTestApp *t,
                  gboolean    demo,
                  void      (*body) (gpointer fixture))
{
  g_autoptr(GError) error = NULL;
  char *argv[] = { (char *) "test", NULL };

  t->dir = g_dir_make_tmp ("follicle-test-XXXXXX", &error);
  g_assert_no_error (error);
  t->path = g_build_filename (t->dir, "clinic.db", NULL);
  t->body = body;

  if (demo)
    {
      g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (t->path, 0, &error);
      guint n = 0;

      g_assert_no_error (error);
      g_assert_true (fol_demo_populate (FOL_STORE (store), FOL_DEMO_SEED, &n, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n, >, 2);
    }

  /* The tests drive the window faster than any person: with animations
   * on, libadwaita 1.2 can finish a page or toast animation (skipping it on
   * unmap) after the object it belongs to is gone, and crash. Like
   * libadwaita's own tests, ours run without animations.
   */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* A review left open by an earlier test is no review of this clinic. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_reset (settings, "review-patient");
  }
  t->app = fol_application_new (t->path, FALSE);
  g_application_set_flags (G_APPLICATION (t->app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (t->app, "activate", G_CALLBACK (fol_test_activate_after_cb), t);
  g_assert_cmpint (g_application_run (G_APPLICATION (t->app), 1, argv), ==, 0);
  g_assert_finalize_object (t->app);

  fol_test_remove_tree (t->dir);
  g_clear_pointer (&t->path, g_free);
  g_clear_pointer (&t->dir, g_free);
}
