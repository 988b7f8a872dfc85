/* fol-screenshot.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Takes the screenshots of README.md and the AppStream metainfo from the
 * real window on the demo clinic: fol-screenshot OUTDIR [dark]. It renders
 * the window's own widgets with its own renderer into PNG files, so the
 * pictures are what a user sees (less the window manager's frame).
 * build-aux/screenshots runs it under Xvfb, in light and dark style and
 * at scale 2.
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>

#include "fol-review-window.h"
#include "fol-test-app.h"

static const char *out_dir;
static gboolean dark;

static void
save_widget (GtkWidget  *widget,
             const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (out_dir, name, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int scale = gtk_widget_get_scale_factor (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gtk_snapshot_scale (snapshot, scale, scale);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width * scale, height * scale));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_print ("%s\n", path);
}

static void
settle (void)
{
  /* Layout, thumbnails and charts finish over a few frames. */
  for (guint i = 0; i < 20; i++)
    {
      fol_test_iterate ();
      g_usleep (20000);
    }
}

static void
shoot (gpointer data)
{
  FolTestApp *t = data;
  FolWindow *window = t->window;
  g_autoptr(GListModel) patients = fol_store_list_patients (window->store, "Keller", NULL);
  g_autoptr(FolPatient) patient = g_list_model_get_item (patients, 0);
  AdwViewStack *stack;
  const char *suffix = dark ? "-dark" : "";
  g_autofree char *main_name = g_strdup_printf ("main%s.png", suffix);
  g_autofree char *visits_name = g_strdup_printf ("visits%s.png", suffix);
  g_autofree char *visit_name = g_strdup_printf ("visit%s.png", suffix);

  if (dark)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  fol_window_show_patient (window, fol_patient_get_id (patient));
  settle ();
  save_widget (GTK_WIDGET (window), main_name);

  stack = fol_patient_page_get_view_stack (window->patient_page);
  adw_view_stack_set_visible_child_name (stack, "visits");
  settle ();
  save_widget (GTK_WIDGET (window), visits_name);

  adw_view_stack_set_visible_child_name (stack, "overview");
  {
    FolHistory *history = fol_patient_page_get_history (window->patient_page);
    FolVisit *latest = fol_history_get_visit (history, fol_history_get_n_visits (history) - 1);

    gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-visit", "s", fol_visit_get_id (latest));
  }
  settle ();
  if (window->editor != NULL)
    {
      save_widget (GTK_WIDGET (window->editor), visit_name);
      gtk_window_destroy (window->editor);
    }
  settle ();

  /* Review mode, as the patient sees it across the desk. */
  {
    g_autofree char *review_name = g_strdup_printf ("review%s.png", suffix);
    GtkWidget *review = fol_review_window_new (GTK_APPLICATION (t->app), window->store,
                                               fol_patient_get_id (patient), FALSE);

    gtk_window_set_default_size (GTK_WINDOW (review), 1100, 980);
    gtk_window_present (GTK_WINDOW (review));
    settle ();
    save_widget (review, review_name);
    gtk_window_destroy (GTK_WINDOW (review));
    settle ();
  }
}

int
main (int   argc,
      char *argv[])
{
  FolTestApp t = { 0 };

  if (argc < 2)
    {
      g_printerr ("usage: fol-screenshot OUTDIR [dark]\n");
      return 2;
    }

  out_dir = argv[1];
  dark = argc > 2 && g_str_equal (argv[2], "dark");

  /* In the user's language, from the installed translations or, for a
   * build tree, from FOLLICLE_LOCALEDIR, as the app itself does. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("FOLLICLE_LOCALEDIR") != NULL
                                   ? g_getenv ("FOLLICLE_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_init ();
  adw_init ();
  fol_test_app_run (&t, TRUE, shoot);
  return 0;
}
