/* fol-application-actions.c
 *
 * Copyright 2026 The Follicle authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fol-application-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "fol-application-private.h"
#include "fol-backups-page.h"
#include "fol-preferences-window.h"
#include "fol-clinic-server-page.h"
#include "fol-review-window-private.h"
#include "fol-window.h"

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  FolApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  /* In review mode, quitting (Ctrl+Q, or another program asking over
   * D-Bus) is leaving the review: the same question, the same PIN.
   */
  if (self->review != NULL)
    {
      _fol_review_window_ask_leave (FOL_REVIEW_WINDOW (self->review), TRUE);
      return;
    }

  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  /* Closing each window lets it commit pending deletions and save its size.
   * gtk_window_close() passes over a window that is hidden (the clinic's,
   * after a review): ask it the same way.
   */
  for (GList *l = windows; l != NULL; l = l->next)
    {
      gboolean keep = FALSE;

      g_signal_emit_by_name (l->data, "close-request", &keep);
      if (!keep)
        gtk_window_destroy (l->data);
    }

  g_application_quit (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  FolApplication *self = user_data;
  static const char *developers[] = { "The Follicle authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "modal", TRUE,
                        "application-icon", APP_ID,
                        "application-name", _("Follicle"),
                        "developer-name", _("The Follicle authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Track hair-regrowth treatment: densities per scalp region, "
                                      "treatment sessions and progress over time."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        "copyright", "© 2026 The Follicle authors",
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  FolApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *prefs;

  prefs = GTK_WINDOW (fol_preferences_window_new (self->settings));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (prefs),
                              ADW_PREFERENCES_PAGE (fol_backups_page_new (self)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (prefs),
                              ADW_PREFERENCES_PAGE (fol_clinic_server_page_new (self)));
  gtk_window_set_transient_for (prefs, parent);
  gtk_window_set_application (prefs, GTK_APPLICATION (self));
  gtk_window_present (prefs);
}

/* Where the user guide is installed, in the user's language when it has
 * one: what to open by hand when nothing opens help: pages. */
static char *
help_location (void)
{
  g_autofree char *datadir = g_path_get_dirname (PKGDATADIR);
  const char * const *languages = g_get_language_names ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *page = g_build_filename (datadir, "help", languages[i], "follicle",
                                                "index.page", NULL);

      if (g_file_test (page, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&page);
    }
  return g_build_filename (datadir, "help", "C", "follicle", "index.page", NULL);
}

static void
help_launched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FolApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *message = NULL;
  GtkWindow *window = NULL;

  if (gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    return;

  /* F1 that does nothing would look broken: it says why, and where the
   * guide is, in the clinic's window. */
  g_debug ("Could not show the user guide: %s", error->message);
  location = help_location ();
  /* Translators: %s is where the user guide is, a file's path */
  message = g_strdup_printf (_("No help viewer is installed (such as Yelp, the GNOME help "
                               "viewer). The user guide is in %s"), location);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (FOL_IS_WINDOW (l->data) && gtk_widget_get_visible (l->data))
      {
        window = l->data;
        break;
      }
  if (window != NULL)
    fol_window_show_message (FOL_WINDOW (window), message);
  else
    g_message ("%s", message);
}

static void
help_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  FolApplication *self = user_data;

  gtk_show_uri_full (gtk_application_get_active_window (GTK_APPLICATION (self)),
                     "help:follicle", GDK_CURRENT_TIME, NULL, help_launched_cb,
                     g_object_ref (self));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "help", help_action },
};

/* The actions that lead out of one patient's review: off while it is open.
 * Quit stays on, and asks.
 */
static const char *clinic_actions[] = { "preferences", "help", "about" };

void
_fol_application_actions_update (FolApplication *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (clinic_actions); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), clinic_actions[i]);

      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->review == NULL);
    }
}

void
_fol_application_actions_init (FolApplication *self)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.help", { "F1", NULL } },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);
}
