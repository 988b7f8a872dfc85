/* fol-backups-page.c
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

#define G_LOG_DOMAIN "fol-backups-page"

#include "config.h"

#include <glib/gi18n.h>

#include "fol-application-private.h"
#include "fol-archive.h"
#include "fol-backups-page.h"
#include "fol-date.h"
#include "fol-passphrase-dialog.h"
#include "fol-sealed.h"
#include "fol-sealed-input-stream.h"

/* The preferences page of automatic backups: where they go, which there
 * are, and Restore… for each.
 */
struct _FolBackupsPage
{
  AdwPreferencesPage parent_instance;

  FolApplication      *application;  /* weak: the app outlives its windows */
  AdwEntryRow         *location_row;
  AdwPreferencesGroup *list_group;
  GtkButton           *file_button;  /* Back Up to File… */
  GPtrArray           *rows;
  guint                n_backups;
};

G_DEFINE_FINAL_TYPE (FolBackupsPage, fol_backups_page, ADW_TYPE_PREFERENCES_PAGE)

typedef struct
{
  FolApplication *application;
  char           *path;
  gboolean        archive;     /* chosen with Restore from File… */
  char           *passphrase;  /* of a protected archive */
} RestoreData;

static void
restore_data_free (RestoreData *data)
{
  g_clear_object (&data->application);
  g_free (data->path);
  if (data->passphrase != NULL)
    memset (data->passphrase, 0, strlen (data->passphrase));
  g_free (data->passphrase);
  g_free (data);
}

static gboolean
restore_idle_cb (gpointer user_data)
{
  RestoreData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!fol_application_restore_archive (data->application, data->path, data->archive,
                                        data->passphrase, &error))
    {
      GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (data->application));
      GtkWidget *message = adw_message_dialog_new (parent, _("The Backup Was Not Restored"),
                                                   error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (message), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (message));
    }
  return G_SOURCE_REMOVE;
}

/* Restoring closes every window: the preferences a dialog is transient
 * for, and this page with them. Done from inside the dialog's own
 * response, the dialog would outlive its parent and unset it, freed, when
 * it goes. So the dialog goes first, and the restore runs once it is gone,
 * holding only the application.
 */
static void
restore_later (FolApplication *app,
               const char     *path,
               gboolean        archive,
               const char     *passphrase)
{
  RestoreData *data = g_new0 (RestoreData, 1);

  data->application = g_object_ref (app);
  data->path = g_strdup (path);
  data->archive = archive;
  data->passphrase = g_strdup (passphrase);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, restore_idle_cb, data,
                   (GDestroyNotify) restore_data_free);
}

static void
restore_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  FolApplication *app = FOL_APPLICATION (g_application_get_default ());
  gboolean archive = GPOINTER_TO_INT (user_data);
  g_autofree char *path = NULL;

  if (g_strcmp0 (response, "restore") != 0 || app == NULL)
    return;

  path = g_strdup (g_object_get_data (G_OBJECT (dialog), "path"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  restore_later (app, path, archive, NULL);
}

static void
confirm_restore (FolBackupsPage *self,
                 const char     *path,
                 const char     *body,
                 gboolean        archive)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Restore This Backup?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (path), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (restore_response_cb),
                    GINT_TO_POINTER (archive));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore_clicked_cb (GtkButton      *button,
                    FolBackupsPage *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "path");
  const char *when = g_object_get_data (G_OBJECT (button), "when");
  g_autofree char *body = NULL;

  /* Translators: %s is the date and time of a backup */
  body = g_strdup_printf (_("The clinic goes back to how it was on %s. Its current state is backed up "
                            "first, so this can be undone by restoring that backup."), when);
  confirm_restore (self, path, body, FALSE);
}

/* Backing up to a file, and restoring from one */

typedef void (*PageChosenFunc) (FolBackupsPage *self,
                                const char     *path,
                                gboolean        protect);

typedef struct
{
  FolBackupsPage *self;
  PageChosenFunc  func;
} PageChooser;

#define CHOOSER_KEY    "fol-page-chooser"
#define PROTECT_CHOICE "protect"

static void
page_chooser_finish (GtkNativeDialog *dialog,
                     PageChooser     *chooser,
                     const char      *path)
{
  if (path != NULL)
    {
      const char *protect = NULL;

      if (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog)) == GTK_FILE_CHOOSER_ACTION_SAVE)
        protect = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), PROTECT_CHOICE);
      chooser->func (chooser->self, path, g_strcmp0 (protect, "true") == 0);
    }

  g_object_set_data (G_OBJECT (dialog), CHOOSER_KEY, NULL);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (chooser->self);
  g_free (chooser);
}

static void
page_chooser_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          PageChooser     *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    path = g_file_get_path (file);
  page_chooser_finish (dialog, chooser, path);
}

static GtkFileChooserNative *
page_chooser_new (FolBackupsPage       *self,
                  GtkFileChooserAction  action,
                  const char           *title,
                  const char           *accept,
                  PageChosenFunc        func)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  PageChooser *chooser = g_new0 (PageChooser, 1);

  dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                        action, accept, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_filter_set_name (filter, _("Follicle backup archive"));
  gtk_file_filter_add_pattern (filter, "*.tar");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);

  chooser->self = g_object_ref (self);
  chooser->func = func;
  g_signal_connect (dialog, "response", G_CALLBACK (page_chooser_response_cb), chooser);
  g_object_set_data (G_OBJECT (dialog), CHOOSER_KEY, chooser);
  return dialog;
}

static void
say_error (FolBackupsPage *self,
           const char     *heading,
           const GError   *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *message = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (message), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (message));
}

typedef struct
{
  FolBackupsPage *self;
  char           *path;
} PageFile;

static void
page_file_free (gpointer data)
{
  PageFile *file = data;

  g_object_unref (file->self);
  g_free (file->path);
  g_free (file);
}

static PageFile *
page_file_new (FolBackupsPage *self,
               const char     *path)
{
  PageFile *file = g_new0 (PageFile, 1);

  file->self = g_object_ref (self);
  file->path = g_strdup (path);
  return file;
}

#define FILE_BUTTON_LABEL N_("Back Up to _File…")

static void
set_writing (FolBackupsPage *self,
             gboolean        writing)
{
  gtk_button_set_label (self->file_button, writing ? _("Backing Up…") : _(FILE_BUTTON_LABEL));
  gtk_widget_set_sensitive (GTK_WIDGET (self->file_button), !writing);
}

typedef struct
{
  FolBackupsPage *self;
  GApplication   *application;  /* held until the archive is written */
  gboolean        protect;
} WriteJob;

static void
write_archive_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  WriteJob *job = user_data;
  g_autoptr(FolBackupsPage) self = job->self;
  g_autoptr(GApplication) app = job->application;
  gboolean protect = job->protect;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_free (job);
  set_writing (self, FALSE);
  g_application_release (app);

  if (!fol_archive_write_finish (result, NULL, &error))
    {
      say_error (self, _("The Backup Was Not Written"), error);
      return;
    }
  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root),
                                      adw_toast_new (protect ? _("Protected backup written")
                                                             : _("Backup written")));
}

/* In a worker thread, as Back Up Now's snapshot is: a large clinic takes
 * a while to copy, and the window stays usable meanwhile. The clinic is a
 * copy of the database and its photos, and the archive is what the
 * command line's --backup writes. The passphrase is copied for the write
 * alone and wiped as soon as it is done.
 */
static void
write_archive (FolBackupsPage *self,
               const char     *path,
               const char     *passphrase)
{
  FolApplication *app = self->application;
  WriteJob *job;

  if (app == NULL || app->store == NULL)
    return;

  job = g_new0 (WriteJob, 1);
  job->self = g_object_ref (self);
  job->application = g_object_ref (G_APPLICATION (app));
  job->protect = passphrase != NULL;

  set_writing (self, TRUE);
  /* The application stays until the archive is whole, windows closed or not. */
  g_application_hold (job->application);
  fol_archive_write_async (app->store, path, passphrase, NULL,
                           write_archive_cb, job);
}

static gboolean
protected_backup_write (const char  *passphrase,
                        gpointer     user_data,
                        GError     **error)
{
  PageFile *file = user_data;

  write_archive (file->self, file->path, passphrase);
  return TRUE;
}

static void
backup_chosen (FolBackupsPage *self,
               const char     *path,
               gboolean        protect)
{
  if (!protect)
    {
      write_archive (self, path, NULL);
      return;
    }

  fol_passphrase_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                             FOL_PASSPHRASE_DIALOG_CHOOSE, _("Protect the Backup"),
                             _("The archive opens only with this passphrase, and any change to it "
                               "is detected. Keep the passphrase apart from the archive: without "
                               "it, the clinic cannot be restored from it."),
                             _("_Back Up"), FALSE, protected_backup_write,
                             page_file_new (self, path), page_file_free);
}

static GtkFileChooserNative *
backup_chooser_new (FolBackupsPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  GtkFileChooserNative *dialog;

  dialog = page_chooser_new (self, GTK_FILE_CHOOSER_ACTION_SAVE, _("Back Up to File"),
                             _("_Back Up"), backup_chosen);
  /* Translators: default file name of a backup archive; %s is today's date */
  name = g_strdup_printf (_("clinic-backup-%s.tar"), date);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  /* On unless switched off: this copy is meant to leave the clinic. */
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), PROTECT_CHOICE,
                               _("Protect with a passphrase"), NULL, NULL);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), PROTECT_CHOICE, "true");
  return dialog;
}

/* Only a wrong passphrase keeps the question open; the archive itself is
 * checked whole by the restore, before anything is replaced.
 */
static gboolean
protected_restore (const char  *passphrase,
                   gpointer     user_data,
                   GError     **error)
{
  PageFile *file = user_data;
  FolApplication *app = file->self->application;
  g_autoptr(GFile) gfile = g_file_new_for_path (file->path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GInputStream) plain = NULL;
  g_autoptr(GError) local_error = NULL;

  in = g_file_read (gfile, NULL, &local_error);
  if (in != NULL)
    plain = fol_sealed_input_stream_new (G_INPUT_STREAM (in), passphrase, NULL, &local_error);
  if (plain == NULL)
    {
      if (g_error_matches (local_error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_WRONG_PASSPHRASE))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_prefix_error (&local_error, _("Nothing was restored. "));
      say_error (file->self, _("The Backup Was Not Restored"), local_error);
      return TRUE;
    }

  if (app != NULL)
    restore_later (app, file->path, TRUE, passphrase);
  return TRUE;
}

static void
restore_chosen (FolBackupsPage *self,
                const char     *path,
                gboolean        protect)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *body = NULL;

  if (!fol_sealed_file_is_sealed (path))
    {
      /* Translators: %s is the name of a backup archive */
      body = g_strdup_printf (_("The clinic goes back to how it was in “%s”. Its current state is "
                                "backed up first, so this can be undone by restoring that "
                                "backup."), name);
      confirm_restore (self, path, body, TRUE);
      return;
    }

  /* Translators: %s is the name of a backup archive */
  body = g_strdup_printf (_("“%s” is protected with a passphrase. The clinic goes back to how it "
                            "was in it; its current state is backed up first, so this can be "
                            "undone by restoring that backup."), name);
  fol_passphrase_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                             FOL_PASSPHRASE_DIALOG_ASK, _("Restore Protected Backup"), body,
                             _("_Restore"), TRUE, protected_restore,
                             page_file_new (self, path), page_file_free);
}

static GtkFileChooserNative *
restore_chooser_new (FolBackupsPage *self)
{
  return page_chooser_new (self, GTK_FILE_CHOOSER_ACTION_OPEN, _("Restore from File"),
                           _("_Open"), restore_chosen);
}

static void
backup_to_file_cb (FolBackupsPage *self)
{
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (backup_chooser_new (self)));
}

static void
restore_from_file_cb (FolBackupsPage *self)
{
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (restore_chooser_new (self)));
}

static void
location_apply_cb (AdwEntryRow    *row,
                   FolBackupsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;

  /* An unwritable place is said at once, at the field, and not kept. */
  if (text[0] != '\0' && !fol_backup_check_dir (text, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), error->message);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      error->message, -1);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), NULL);
  g_settings_set_string (self->application->settings, "backup-location", text);
  fol_backups_page_reload (self);
}

static void
back_up_now_cb (FolBackupsPage *self)
{
  if (self->application->backups != NULL)
    fol_backup_policy_run_now (self->application->backups);
}

/* A backup's moment in the app's one long form of dates, with the time of
 * day: there may be several backups on one day. */
static char *
format_moment (GDateTime *local)
{
  g_autofree char *date = fol_date_format (fol_date_new (g_date_time_get_year (local),
                                                         g_date_time_get_month (local),
                                                         g_date_time_get_day_of_month (local)));
  /* Translators: the time of day of a backup, see strftime(3) */
  g_autofree char *time = g_date_time_format (local, _("%H:%M"));

  /* Translators: a date and a time of day, "4 December 2026, 14:05" */
  return g_strdup_printf (C_("date and time", "%s, %s"), date, time);
}

static void
backup_done_cb (FolBackupsPage *self)
{
  fol_backups_page_reload (self);
}

void
fol_backups_page_reload (FolBackupsPage *self)
{
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FOL_IS_BACKUPS_PAGE (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->list_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  self->n_backups = 0;

  if (self->application->backups == NULL)
    return;

  /* This clinic's only: another clinic may share the folder. */
  backups = fol_backup_policy_list (self->application->backups, &error);
  if (backups == NULL)
    {
      adw_preferences_group_set_description (self->list_group, error->message);
      return;
    }

  adw_preferences_group_set_description (self->list_group,
                                         backups->len == 0 ? _("No backup yet.") : NULL);

  for (guint i = 0; i < backups->len; i++)
    {
      FolBackupInfo *info = g_ptr_array_index (backups, i);
      g_autoptr(GDateTime) local = g_date_time_to_local (info->date);
      g_autofree char *when = format_moment (local);
      g_autofree char *size = g_format_size (info->size);
      g_autofree char *subtitle = NULL;
      g_autofree char *a11y = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Restore…"));

      subtitle = g_strdup_printf (ngettext ("%u patient · %s", "%u patients · %s", info->n_patients),
                                  info->n_patients, size);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), when);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      /* Translators: accessible name of a button; %s is a backup's date */
      a11y = g_strdup_printf (_("Restore the backup of %s"), when);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      g_object_set_data_full (G_OBJECT (button), "path", g_strdup (info->path), g_free);
      g_object_set_data_full (G_OBJECT (button), "when", g_strdup (when), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (restore_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      adw_preferences_group_add (self->list_group, row);
      g_ptr_array_add (self->rows, row);
      self->n_backups++;
    }
}

guint
fol_backups_page_get_n_backups (FolBackupsPage *self)
{
  g_return_val_if_fail (FOL_IS_BACKUPS_PAGE (self), 0);
  return self->n_backups;
}

static void
fol_backups_page_finalize (GObject *object)
{
  FolBackupsPage *self = FOL_BACKUPS_PAGE (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_weak_pointer (&self->application);

  G_OBJECT_CLASS (fol_backups_page_parent_class)->finalize (object);
}

static void
fol_backups_page_class_init (FolBackupsPageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fol_backups_page_finalize;
}

static void
fol_backups_page_init (FolBackupsPage *self)
{
  self->rows = g_ptr_array_new ();
}

GtkWidget *
fol_backups_page_new (FolApplication *application)
{
  FolBackupsPage *self;
  AdwPreferencesGroup *location_group;
  GtkWidget *now;
  g_autofree char *location = NULL;

  g_return_val_if_fail (FOL_IS_APPLICATION (application), NULL);

  self = g_object_new (FOL_TYPE_BACKUPS_PAGE,
                       "title", _("Backups"),
                       "icon-name", "document-save-symbolic",
                       NULL);
  g_set_weak_pointer (&self->application, application);

  location_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (location_group, _("Where Backups Go"));
  adw_preferences_group_set_description (location_group,
    _("Follicle backs up the clinic at start-up once a day and after every 50 changes. "
      "Leave empty for the folder beside the clinic, or choose a drive of its own."));
  self->location_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->location_row), _("Backup folder"));
  adw_entry_row_set_show_apply_button (self->location_row, TRUE);
  location = g_settings_get_string (application->settings, "backup-location");
  gtk_editable_set_text (GTK_EDITABLE (self->location_row), location);
  g_signal_connect_object (self->location_row, "apply", G_CALLBACK (location_apply_cb), self, 0);
  adw_preferences_group_add (location_group, GTK_WIDGET (self->location_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), location_group);

  self->list_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->list_group, _("Backups"));
  now = gtk_button_new_with_mnemonic (_("_Back Up Now"));
  gtk_widget_add_css_class (now, "flat");
  g_signal_connect_object (now, "clicked", G_CALLBACK (back_up_now_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_set_header_suffix (self->list_group, now);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->list_group);

  if (application->backups != NULL)
    {
      g_signal_connect_object (application->backups, "finished", G_CALLBACK (backup_done_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (application->backups, "failed", G_CALLBACK (backup_done_cb), self,
                               G_CONNECT_SWAPPED);
    }

  /* A copy of the clinic to keep elsewhere, and back from one. */
  {
    AdwPreferencesGroup *file_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
    GtkWidget *row, *button;

    adw_preferences_group_set_title (file_group, _("Off-Site Backup"));
    adw_preferences_group_set_description (file_group,
      _("An archive of the whole clinic, with its photos, in a file you choose: on a drive kept "
        "elsewhere or in a cloud folder. Protected with a passphrase, it cannot be read without "
        "it, and any change to it is detected."));

    row = adw_action_row_new ();
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Back up to a file"));
    button = gtk_button_new_with_mnemonic (_(FILE_BUTTON_LABEL));
    self->file_button = GTK_BUTTON (button);
    gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
    g_signal_connect_object (button, "clicked", G_CALLBACK (backup_to_file_cb), self,
                             G_CONNECT_SWAPPED);
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    adw_preferences_group_add (file_group, row);

    row = adw_action_row_new ();
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Restore from a file"));
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                 _("Asks for the passphrase of a protected archive"));
    button = gtk_button_new_with_mnemonic (_("Restore _from File…"));
    gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
    g_signal_connect_object (button, "clicked", G_CALLBACK (restore_from_file_cb), self,
                             G_CONNECT_SWAPPED);
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    adw_preferences_group_add (file_group, row);

    adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), file_group);
  }

  fol_backups_page_reload (self);
  return GTK_WIDGET (self);
}

/* For tests: the file choosers of Back Up to File… and Restore from
 * File…, not shown, to read and set their switches.
 */
GtkFileChooser *
_fol_backups_page_backup_chooser_new (FolBackupsPage *self)
{
  g_return_val_if_fail (FOL_IS_BACKUPS_PAGE (self), NULL);
  return GTK_FILE_CHOOSER (backup_chooser_new (self));
}

GtkFileChooser *
_fol_backups_page_restore_chooser_new (FolBackupsPage *self)
{
  g_return_val_if_fail (FOL_IS_BACKUPS_PAGE (self), NULL);
  return GTK_FILE_CHOOSER (restore_chooser_new (self));
}

/* For tests: answers @chooser as its accept button with @path chosen (or
 * Cancel, with %NULL) does.
 */
void
_fol_backups_page_answer_chooser (GtkFileChooser *chooser,
                                  const char     *path)
{
  PageChooser *data = g_object_get_data (G_OBJECT (chooser), CHOOSER_KEY);

  g_return_if_fail (data != NULL);
  page_chooser_finish (GTK_NATIVE_DIALOG (chooser), data, path);
}
