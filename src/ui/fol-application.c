/* fol-application.c
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

#define G_LOG_DOMAIN "fol-application"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fol-application-private.h"
#include "fol-archive.h"
#include "fol-demo.h"
#include "fol-error.h"
#include "fol-pin.h"
#include "fol-resources.h"
#include "fol-review-window.h"
#include "fol-sealed.h"
#include "fol-clinic.h"
#include "fol-clinic-server.h"
#include "fol-window.h"

G_DEFINE_FINAL_TYPE (FolApplication, fol_application, ADW_TYPE_APPLICATION)

static gboolean open_clinic       (FolApplication  *self,
                                   GError         **error);
static void     window_removed_cb (FolApplication  *self,
                                   GtkWindow       *window);
static void     ask_server_password (FolApplication *self);

#define STARTUP_BACKUP_DELAY_MS 2000

/* Removes what is inside a folder Follicle made itself, without following
 * links out of it. */
static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else if (g_unlink (child) != 0)
        g_debug ("Cannot remove %s: %s", child, g_strerror (errno));
    }
  if (g_rmdir (path) != 0)
    g_debug ("Cannot remove %s: %s", path, g_strerror (errno));
}

/* The demo clinic's folder goes once its store has let go of it. */
static void
remove_demo (FolApplication *self)
{
  if (self->demo_dir == NULL)
    return;
  remove_tree (self->demo_dir);
  g_clear_pointer (&self->demo_dir, g_free);
}

/* The clinic opens with the first window, not for a patient's own file. */
static gboolean
ensure_clinic (FolApplication *self)
{
  if (self->store != NULL)
    return TRUE;
  if (self->open_error != NULL)
    return FALSE;

  if (!open_clinic (self, &self->open_error))
    {
      g_debug ("Cannot open the clinic: %s", self->open_error->message);
      return FALSE;
    }

  /* In a worker thread, and once the first window is up: copying a large
   * clinic must not compete with the window for the processor and disk.
   */
  if (self->backups != NULL)
    fol_backup_policy_startup_after (self->backups, STARTUP_BACKUP_DELAY_MS);
  return TRUE;
}

static void
open_error_response_cb (FolApplication *self)
{
  g_application_quit (G_APPLICATION (self));
}

/* A clinic that cannot be opened is explained, never crashed on; the file
 * itself is left as it was.
 */
static void
show_open_error (FolApplication *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _("Cannot Open the Clinic"), NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), self->open_error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_error_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Follicle ended during a review (a crash, a kill, a power cut): come
 * back into it, with the clinic's window hidden behind it.
 */
static gboolean
resume_review (FolApplication *self)
{
  g_autofree char *patient_id = g_settings_get_string (self->settings, "review-patient");
  g_autoptr(FolPatient) patient = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window, *review;

  if (patient_id[0] == '\0')
    return FALSE;

  patient = fol_store_get_patient (self->store, patient_id, &error);
  if (patient == NULL)
    {
      g_debug ("The review of %s cannot come back: %s", patient_id,
               error != NULL ? error->message : "no such patient");
      g_settings_reset (self->settings, "review-patient");
      return FALSE;
    }

  window = GTK_WIDGET (fol_window_new (self));
  review = fol_review_window_new (GTK_APPLICATION (self), self->store, patient_id, FALSE);
  g_ptr_array_add (self->hidden, g_object_ref (window));
  gtk_window_present (GTK_WINDOW (review));
  return TRUE;
}

static void
fol_application_activate (GApplication *app)
{
  FolApplication *self = FOL_APPLICATION (app);
  GtkWindow *window;

  if (!ensure_clinic (self))
    {
      /* A clinic server without a password kept: asked for. */
      if (g_error_matches (self->open_error, FOL_CLINIC_SERVER_ERROR,
                           FOL_CLINIC_SERVER_ERROR_PASSWORD))
        ask_server_password (self);
      else
        show_open_error (self);
      return;
    }

  /* Starting Follicle again during a review shows the review. */
  if (self->review != NULL)
    {
      gtk_window_present (self->review);
      return;
    }

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL && resume_review (self))
    return;
  if (window == NULL)
    window = GTK_WINDOW (fol_window_new (self));

  gtk_window_present (window);

  /* Said once: permissions made private, a read-only clinic. */
  if (self->notice != NULL && FOL_IS_WINDOW (window))
    {
      fol_window_show_message (FOL_WINDOW (window), self->notice);
      g_clear_pointer (&self->notice, g_free);
    }
}

static void ask_passphrase (FolApplication *self,
                            const char     *path,
                            const char     *problem);

typedef struct
{
  FolApplication *self;
  char           *path;
  char           *problem;
} AskAgain;

static void
ask_again_free (gpointer data)
{
  AskAgain *again = data;

  g_object_unref (again->self);
  g_free (again->path);
  g_free (again->problem);
  g_free (again);
}

static gboolean
ask_again_cb (gpointer data)
{
  AskAgain *again = data;

  ask_passphrase (again->self, again->path, again->problem);
  return G_SOURCE_REMOVE;
}

static void
passphrase_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        FolApplication   *self)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "path");
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GError) error = NULL;
  GtkWidget *review;

  /* GTK 4.8's password entry, still focused when its window goes, reads
   * its keyboard state after it is freed: the focus leaves it first. */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  if (g_strcmp0 (response, "open") != 0)
    return;

  review = fol_review_window_open_file_protected (GTK_APPLICATION (self), path,
                                                  gtk_editable_get_text (entry), &error);
  gtk_editable_set_text (entry, "");
  if (review != NULL)
    {
      gtk_window_present (GTK_WINDOW (review));
      return;
    }

  /* Asked again, saying what was wrong (another passphrase, or a file
   * altered on the way), once this question has gone. */
  {
    AskAgain *again = g_new0 (AskAgain, 1);

    again->self = g_object_ref (self);
    again->path = g_strdup (path);
    again->problem = g_strdup (error->message);
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, ask_again_cb, again, ask_again_free);
  }
}

/* The passphrase of a protected patient file, asked before it opens. */
static void
ask_passphrase (FolApplication *self,
                const char     *path,
                const char     *problem)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;

  if (problem != NULL)
    body = g_strdup (problem);
  else
    body = g_strdup_printf (_("“%s” is protected with a passphrase. Type the passphrase you were "
                              "given with it."), name);
  dialog = adw_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                   _("Open Protected Patient File"), body);
  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  g_object_set (entry, "activates-default", TRUE, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Passphrase"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "open", _("_Open"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (passphrase_response_cb), self, 0);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_set_weak_pointer (&self->passphrase_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
fol_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  FolApplication *self = FOL_APPLICATION (app);

  /* A patient's own copy opens in review mode, read-only, and never
   * touches the clinic.
   */
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      g_autoptr(GError) error = NULL;
      GtkWidget *review = NULL;

      /* A protected file: its passphrase first. */
      if (path != NULL && fol_sealed_file_is_sealed (path))
        {
          ask_passphrase (self, path, NULL);
          continue;
        }

      if (path != NULL)
        review = fol_review_window_open_file (GTK_APPLICATION (self), path, &error);
      else
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                     _("Only files on this computer can be opened"));

      if (review != NULL)
        {
          gtk_window_present (GTK_WINDOW (review));
        }
      else
        {
          GtkWidget *dialog = adw_message_dialog_new (NULL, _("Cannot Open the Patient File"),
                                                      error->message);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
          gtk_window_present (GTK_WINDOW (dialog));
        }
    }
}

/* A failed backup is said once, in the window, and stays until read. */
static void
backup_failed_cb (FolBackupPolicy *policy,
                  const GError    *error,
                  FolApplication  *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *message = NULL;

  g_warning ("Automatic backup failed: %s", error->message);
  if (!FOL_IS_WINDOW (window))
    return;

  /* Translators: %s says why, e.g. "The disk is full…" */
  message = g_strdup_printf (_("Automatic backup failed: %s"), error->message);
  fol_window_show_message (FOL_WINDOW (window), message);
}

static void
backup_location_changed_cb (FolApplication *self)
{
  g_autofree char *location = g_settings_get_string (self->settings, "backup-location");

  if (self->backups != NULL)
    fol_backup_policy_set_location (self->backups, location);
}

static void
fol_application_shutdown (GApplication *app)
{
  FolApplication *self = FOL_APPLICATION (app);

  /* A backup under way finishes, and is checked, before the app goes. */
  while (self->backups != NULL && fol_backup_policy_get_running (self->backups))
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&self->backups);
  /* The demo clinic is made afresh each time: nothing of it is kept. */
  if (self->demo_dir != NULL)
    {
      g_clear_object (&self->store);
      remove_demo (self);
    }

  G_APPLICATION_CLASS (fol_application_parent_class)->shutdown (app);
}

static void
fol_application_startup (GApplication *app)
{
  FolApplication *self = FOL_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (fol_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);

  g_signal_connect_object (self->settings, "changed::backup-location",
                           G_CALLBACK (backup_location_changed_cb), self, G_CONNECT_SWAPPED);

  _fol_application_actions_init (self);
  g_signal_connect (self, "window-removed", G_CALLBACK (window_removed_cb), NULL);

  /* Older versions kept the review PIN in clear text. */
  if (!fol_pin_migrate_settings (self->settings, &error))
    g_warning ("The review PIN stays in clear text: %s", error->message);
}

static void
fol_application_finalize (GObject *object)
{
  FolApplication *self = FOL_APPLICATION (object);

  remove_demo (self);
  g_clear_pointer (&self->database, g_free);
  g_clear_pointer (&self->notice, g_free);
  g_clear_pointer (&self->hidden, g_ptr_array_unref);
  g_clear_weak_pointer (&self->review);
  g_clear_weak_pointer (&self->passphrase_dialog);
  g_clear_weak_pointer (&self->server_dialog);
  g_clear_object (&self->next_store);
  g_clear_object (&self->backups);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_error (&self->open_error);

  G_OBJECT_CLASS (fol_application_parent_class)->finalize (object);
}

static void
fol_application_class_init (FolApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = fol_application_finalize;
  app_class->startup = fol_application_startup;
  app_class->shutdown = fol_application_shutdown;
  app_class->activate = fol_application_activate;
  app_class->open = fol_application_open;
}

static void
fol_application_init (FolApplication *self)
{
  /* Referencing the bundle keeps the linker from dropping it out of the
   * static library; its constructor registers it.
   */
  g_assert (fol_get_resource () != NULL);
  self->hidden = g_ptr_array_new_with_free_func (g_object_unref);
}

/* The clinic file was replaced or moved under the window: the store
 * refused to write into the old file. The windows close and the clinic now
 * at the path opens; with none there, the app says so and stops rather
 * than start an empty clinic.
 */
static gboolean
reopen_clinic_cb (gpointer data)
{
  FolApplication *self = data;
  g_autoptr(GList) windows = NULL;
  g_autofree char *db_path = NULL;
  GError *reopen_error = NULL;

  if (self->store == NULL)
    {
      g_application_release (G_APPLICATION (self));
      return G_SOURCE_REMOVE;
    }
  db_path = g_strdup (fol_store_get_location (self->store));

  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  while (self->backups != NULL && fol_backup_policy_get_running (self->backups))
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&self->backups);
  g_clear_object (&self->store);

  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    g_set_error (&reopen_error, FOL_STORE_ERROR, FOL_STORE_ERROR_REPLACED,
                 _("The clinic file “%s” was moved or removed while it was open. "
                   "Put it back, or start Follicle with --database and its new place."), db_path);
  else if (open_clinic (self, &reopen_error))
    {
      g_clear_pointer (&self->notice, g_free);
      self->notice = g_strdup_printf (_("“%s” was replaced while it was open: the clinic now there is shown. "
                                        "Repeat the last change if it is missing."), db_path);
    }

  if (reopen_error != NULL)
    {
      g_clear_error (&self->open_error);
      self->open_error = reopen_error;
    }

  g_application_activate (G_APPLICATION (self));
  g_application_release (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static void
replaced_response_cb (FolApplication *self)
{
  self->replaced_dialog = NULL;
  /* After the dialog has finished with its response. */
  g_application_hold (G_APPLICATION (self));
  g_idle_add_full (G_PRIORITY_DEFAULT, reopen_clinic_cb, g_object_ref (self), g_object_unref);
}

static gboolean
show_replaced_cb (gpointer data)
{
  FolApplication *self = data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *dialog;

  if (self->replaced_dialog != NULL || self->store == NULL)
    return G_SOURCE_REMOVE;

  dialog = adw_message_dialog_new (window, _("The Clinic File Changed"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” was replaced or moved while it was open. The last change "
                                    "was not saved, into either file. The clinic now at that path "
                                    "opens again."),
                                  fol_store_get_location (self->store));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "reopen", _("_Open Again"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_object (dialog, "response", G_CALLBACK (replaced_response_cb),
                           self, G_CONNECT_SWAPPED);
  self->replaced_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
  return G_SOURCE_REMOVE;
}

/* Said from the main loop: a save may run in a worker thread. */
static void
store_replaced_cb (FolApplication *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, show_replaced_cb, g_object_ref (self), g_object_unref);
}

/* The clinic server of the settings, with @password, else the one the
 * keyring keeps, else libpq's own (~/.pgpass). A server clinic has no
 * automatic backups here: they are the server's job. */
static gboolean
open_server (FolApplication  *self,
             const char      *password,
             GError         **error)
{
  g_autofree char *location = g_settings_get_string (self->settings, "clinic-server");

  self->store = fol_clinic_server_open_location (location, password, error);
  return self->store != NULL;
}

static void server_password_response_cb (AdwMessageDialog *dialog,
                                         const char       *response,
                                         FolApplication   *self);

/* The clinic server's password, asked at start when the keyring keeps
 * none (or a wrong one): the clinic opens once the server takes it. */
static void
ask_server_password (FolApplication *self)
{
  GtkWidget *dialog, *box, *entry, *remember;

  dialog = adw_message_dialog_new (NULL, _("Connect to the Clinic Server"),
                                   self->open_error->message);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  g_object_set (entry, "activates-default", TRUE, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Password"),
                                  -1);
  gtk_box_append (GTK_BOX (box), entry);
  remember = gtk_check_button_new_with_mnemonic (_("_Remember in keyring"));
  gtk_box_append (GTK_BOX (box), remember);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "quit", _("_Quit"),
                                    "connect", _("_Connect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "connect",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "remember", remember);
  g_signal_connect_object (dialog, "response", G_CALLBACK (server_password_response_cb), self, 0);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_set_weak_pointer (&self->server_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static gboolean
ask_server_password_cb (gpointer data)
{
  ask_server_password (data);
  return G_SOURCE_REMOVE;
}

static void
server_password_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             FolApplication   *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  GtkCheckButton *remember = g_object_get_data (G_OBJECT (dialog), "remember");
  g_autofree char *password = NULL;
  GError *error = NULL;

  /* GTK 4.8's password entry, still focused when its window goes, reads
   * its keyboard state after it is freed: the focus leaves it first. */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  if (g_strcmp0 (response, "connect") != 0)
    {
      g_application_quit (G_APPLICATION (self));
      return;
    }

  password = g_strdup (gtk_editable_get_text (entry));
  gtk_editable_set_text (entry, "");
  g_clear_error (&self->open_error);
  if (open_server (self, password, &error))
    {
      if (gtk_check_button_get_active (remember))
        {
          g_autofree char *location = g_settings_get_string (self->settings, "clinic-server");
          g_autoptr(FolClinicServer) server = fol_clinic_server_parse (location, NULL);
          g_autoptr(GError) keyring_error = NULL;

          if (server != NULL &&
              !fol_clinic_server_store_password (server, password, NULL, &keyring_error))
            {
              g_free (self->notice);
              self->notice = g_strdup (keyring_error->message);
            }
        }
      /* The question goes before the clinic's window comes. */
      g_application_hold (G_APPLICATION (self));
      gtk_window_destroy (GTK_WINDOW (dialog));
      g_application_activate (G_APPLICATION (self));
      g_application_release (G_APPLICATION (self));
    }
  else
    {
      self->open_error = error;
      /* Asked again, saying why, once this question has gone. */
      if (g_error_matches (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_PASSWORD))
        g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, ask_server_password_cb, g_object_ref (self),
                         g_object_unref);
      else
        show_open_error (self);
    }
  memset (password, 0, strlen (password));
}

static gboolean
open_clinic (FolApplication  *self,
             GError         **error)
{
  g_autoptr(FolStore) store = NULL;
  g_autofree char *location = NULL;

  /* This workstation connects to a clinic server, unless a clinic was
   * given on the command line. */
  if (self->database == NULL)
    {
      g_autofree char *server = g_settings_get_string (self->settings, "clinic-server");

      if (server[0] != '\0')
        return open_server (self, NULL, error);
    }

  store = fol_clinic_open (self->database, FOL_CLINIC_OPEN_NONE, error);
  if (store == NULL)
    return FALSE;
  /* --demo: the demo patients' trichoscopy photos, for the hair counter. */
  if (self->demo && !fol_store_is_read_only (store) &&
      !fol_demo_add_photos (store, FOL_DEMO_SEED, NULL, error))
    return FALSE;

  g_clear_pointer (&self->notice, g_free);
  self->notice = fol_store_take_notice (store);
  if (self->notice == NULL && fol_store_is_read_only (store))
    self->notice = g_strdup_printf (_("The clinic “%s” is read-only: it can be read and exported, "
                                      "but nothing can be changed."),
                                    fol_store_get_location (store));
  g_signal_connect_object (store, "replaced", G_CALLBACK (store_replaced_cb), self, G_CONNECT_SWAPPED);

  location = g_settings_get_string (self->settings, "backup-location");
  self->backups = fol_backup_policy_new (store, location);
  self->store = g_steal_pointer (&store);
  g_signal_connect_object (self->backups, "failed", G_CALLBACK (backup_failed_cb), self, 0);
  return TRUE;
}

/* Removed as it closes, before any reference to it goes. */
static void
window_removed_cb (FolApplication *self,
                   GtkWindow      *review)
{
  g_autoptr(GPtrArray) hidden = NULL;
  g_autoptr(GList) toplevels = NULL;

  if (self->review == NULL || self->review != review)
    return;
  g_clear_weak_pointer (&self->review);
  _fol_application_actions_update (self);

  hidden = g_steal_pointer (&self->hidden);
  self->hidden = g_ptr_array_new_with_free_func (g_object_unref);
  /* Quitting: the clinic is not shown on the way out. */
  if (self->quitting)
    return;
  /* Only those still there: a window may have been destroyed meanwhile. */
  toplevels = gtk_window_list_toplevels ();
  for (guint i = hidden->len; i > 0; i--)
    if (g_list_find (toplevels, g_ptr_array_index (hidden, i - 1)) != NULL)
      gtk_window_present (g_ptr_array_index (hidden, i - 1));
}

void
_fol_application_begin_review (FolApplication *self,
                               GtkWindow      *review,
                               const char     *patient_id)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  g_return_if_fail (FOL_IS_APPLICATION (self));
  g_return_if_fail (GTK_IS_WINDOW (review));
  g_return_if_fail (patient_id != NULL);

  g_set_weak_pointer (&self->review, review);
  self->quitting = FALSE;

  /* Every other window goes out of sight, the clinic's and any tool or
   * dialog over it, and comes back after.
   */
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (l->data != (gpointer) review && gtk_widget_get_visible (l->data))
      {
        g_ptr_array_add (self->hidden, g_object_ref (l->data));
        gtk_widget_set_visible (l->data, FALSE);
      }

  /* Written through now: a crash a moment later still finds it. */
  g_settings_set_string (self->settings, "review-patient", patient_id);
  g_settings_sync ();
  _fol_application_actions_update (self);
}

void
_fol_application_review_left (FolApplication *self,
                              gboolean        quit)
{
  g_return_if_fail (FOL_IS_APPLICATION (self));

  self->quitting = quit;
  g_settings_reset (self->settings, "review-patient");
  g_settings_sync ();
}

/**
 * fol_application_restore_backup:
 * @backup_path: a snapshot from fol_backup_list()
 *
 * Replaces the clinic with a backup: the windows close, the current state
 * is itself backed up, the database is swapped atomically, and a new window
 * opens on the restored clinic. On failure the clinic is as it was.
 */
gboolean
fol_application_restore_backup (FolApplication  *self,
                                const char      *backup_path,
                                GError         **error)
{
  return fol_application_restore_archive (self, backup_path, FALSE, NULL, error);
}

/**
 * fol_application_restore_archive:
 * @archive: %TRUE for an archive (fol_archive_write()), %FALSE for a
 *   snapshot of the automatic backups
 * @passphrase: (nullable): the passphrase of a protected archive
 *
 * fol_application_restore_backup() for either kind of backup. An archive
 * is checked whole (its passphrase, and every byte of a protected one)
 * before anything is replaced.
 */
gboolean
fol_application_restore_archive (FolApplication  *self,
                                 const char      *backup_path,
                                 gboolean         archive,
                                 const char      *passphrase,
                                 GError         **error)
{
  g_autofree char *db_path = NULL;
  g_autofree char *backup_dir = NULL;
  g_autoptr(GList) windows = NULL;
  GError *reopen_error = NULL;
  gboolean ok;

  g_return_val_if_fail (FOL_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (FOL_IS_STORE (self->store), FALSE);
  /* The demo clinic has no backups to restore. */
  g_return_val_if_fail (self->backups != NULL, FALSE);

  if (!fol_clinic_location_is_file (fol_store_get_location (self->store), error))
    return FALSE;

  g_application_hold (G_APPLICATION (self));

  db_path = g_strdup (fol_store_get_location (self->store));
  backup_dir = g_strdup (fol_backup_policy_get_dir (self->backups));

  /* Everything that holds the clinic open lets go of it first. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  while (fol_backup_policy_get_running (self->backups))
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&self->backups);
  g_clear_object (&self->store);

  if (archive)
    ok = fol_archive_restore_protected (db_path, backup_path, passphrase, backup_dir, NULL, error);
  else
    ok = fol_backup_restore (db_path, backup_path, backup_dir, error);

  if (!open_clinic (self, &reopen_error))
    {
      g_clear_error (&self->open_error);
      self->open_error = reopen_error;
    }

  g_application_activate (G_APPLICATION (self));
  g_application_release (G_APPLICATION (self));
  return ok;
}

FolApplication *
fol_application_new (const char *database,
                     gboolean    demo)
{
  FolApplication *self;

  self = g_object_new (FOL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
  self->database = g_strdup (database);
  self->demo = demo;
  return self;
}

/**
 * fol_application_set_service:
 *
 * Started by D-Bus activation: stay running without a window until asked.
 */
void
fol_application_set_service (FolApplication *self,
                             gboolean        service)
{
  g_return_if_fail (FOL_IS_APPLICATION (self));
  self->service = !!service;
}

int
fol_application_run_files (FolApplication     *self,
                           const char         *argv0,
                           const char * const *files)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_return_val_if_fail (FOL_IS_APPLICATION (self), 1);

  g_ptr_array_add (argv, (char *) argv0);
  if (self->service)
    g_ptr_array_add (argv, (char *) "--gapplication-service");
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) files[i]);
  g_ptr_array_add (argv, NULL);

  return g_application_run (G_APPLICATION (self), argv->len - 1, (char **) argv->pdata);
}

/* A clinic of its own for the demo, in a new temporary folder, filled
 * afresh: nothing of it is ever written into the user's clinic. It has no
 * automatic backups. */
static gboolean
open_demo_clinic (FolApplication  *self,
                  GError         **error)
{
  g_autoptr(FolStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  dir = g_dir_make_tmp ("follicle-demo-XXXXXX", error);
  if (dir == NULL)
    return FALSE;
  self->demo_dir = g_steal_pointer (&dir);
  path = g_build_filename (self->demo_dir, "demo.db", NULL);

  store = fol_clinic_open (path, FOL_CLINIC_OPEN_NONE, error);
  if (store == NULL || !fol_demo_populate (store, FOL_DEMO_SEED, NULL, error) ||
      !fol_demo_add_photos (store, FOL_DEMO_SEED, NULL, error))
    {
      g_clear_object (&store);
      remove_demo (self);
      return FALSE;
    }
  g_signal_connect_object (store, "replaced", G_CALLBACK (store_replaced_cb), self, G_CONNECT_SWAPPED);
  self->store = g_steal_pointer (&store);
  return TRUE;
}

/* Closes every window and the clinic, then opens the demo clinic or the
 * user's own, in a new window. */
static gboolean
switch_clinic_cb (gpointer data)
{
  FolApplication *self = data;
  gboolean demo = self->switch_to_demo;
  g_autoptr(GList) windows = NULL;
  g_autoptr(GError) demo_error = NULL;
  GError *open_error = NULL;

  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  while (self->backups != NULL && fol_backup_policy_get_running (self->backups))
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&self->backups);
  g_clear_object (&self->store);
  remove_demo (self);

  /* A clinic server connected from Preferences: open already. */
  if (self->next_store != NULL)
    {
      self->store = g_steal_pointer (&self->next_store);
      g_clear_error (&self->open_error);
      g_application_activate (G_APPLICATION (self));
      g_application_release (G_APPLICATION (self));
      return G_SOURCE_REMOVE;
    }

  if (demo && !open_demo_clinic (self, &demo_error))
    {
      g_clear_pointer (&self->notice, g_free);
      /* Translators: %s says why */
      self->notice = g_strdup_printf (_("Could not create the demo clinic: %s"),
                                      demo_error->message);
      demo = FALSE;
    }
  if (!demo)
    {
      g_autofree char *notice = g_steal_pointer (&self->notice);

      if (!open_clinic (self, &open_error))
        {
          g_clear_error (&self->open_error);
          self->open_error = open_error;
        }
      else if (notice != NULL)
        {
          g_free (self->notice);
          self->notice = g_steal_pointer (&notice);
        }
    }

  g_application_activate (G_APPLICATION (self));
  g_application_release (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static void
switch_clinic (FolApplication *self,
               gboolean        demo)
{
  self->switch_to_demo = demo;
  g_application_hold (G_APPLICATION (self));
  /* After the action that asked has returned: its window goes. */
  g_idle_add_full (G_PRIORITY_DEFAULT, switch_clinic_cb, g_object_ref (self), g_object_unref);
}

/**
 * fol_application_open_demo:
 *
 * Closes the user's clinic and opens the demo clinic, made afresh, in a
 * new window.
 */
void
fol_application_open_demo (FolApplication *self)
{
  g_return_if_fail (FOL_IS_APPLICATION (self));
  switch_clinic (self, TRUE);
}

/**
 * fol_application_leave_demo:
 *
 * Closes the demo clinic, which is not kept, and opens the user's again.
 */
void
fol_application_leave_demo (FolApplication *self)
{
  g_return_if_fail (FOL_IS_APPLICATION (self));
  if (self->demo_dir != NULL)
    switch_clinic (self, FALSE);
}

gboolean
fol_application_is_demo (FolApplication *self)
{
  g_return_val_if_fail (FOL_IS_APPLICATION (self), FALSE);
  return self->demo_dir != NULL;
}

/**
 * fol_application_dup_clinic_name:
 *
 * Returns: (transfer full): what the open clinic is called: "Demo Clinic",
 *   or its file's name
 */
char *
fol_application_dup_clinic_name (FolApplication *self)
{
  g_return_val_if_fail (FOL_IS_APPLICATION (self), NULL);

  if (self->demo_dir != NULL)
    return g_strdup (_("Demo Clinic"));
  if (self->store != NULL && !fol_clinic_location_is_file (fol_store_get_location (self->store),
                                                            NULL))
    {
      g_autoptr(FolClinicServer) server = NULL;

      server = fol_clinic_server_parse (fol_store_get_location (self->store), NULL);
      if (server != NULL)
        return fol_clinic_server_dup_name (server);
    }
  if (self->store != NULL)
    return g_filename_display_basename (fol_store_get_location (self->store));
  return g_strdup ("Follicle");
}

/**
 * fol_application_open_server_store:
 * @store: a clinic on a server, connected from Preferences
 *
 * Closes every window and the clinic open, then shows @store in a new
 * window.
 */
void
fol_application_open_server_store (FolApplication *self,
                                   FolStore       *store)
{
  g_return_if_fail (FOL_IS_APPLICATION (self));
  g_return_if_fail (FOL_IS_STORE (store));

  g_set_object (&self->next_store, store);
  switch_clinic (self, FALSE);
}

/**
 * fol_application_use_local_clinic:
 *
 * Stops connecting to the clinic server: the settings forget it, and the
 * clinic file on this computer opens in a new window.
 */
void
fol_application_use_local_clinic (FolApplication *self)
{
  g_return_if_fail (FOL_IS_APPLICATION (self));

  g_settings_reset (self->settings, "clinic-server");
  switch_clinic (self, FALSE);
}

/**
 * fol_application_get_store:
 *
 * Returns: (transfer none) (nullable): the clinic, or %NULL when it could
 *   not be opened (see fol_application_get_open_error())
 */
FolStore *
fol_application_get_store (FolApplication *self)
{
  g_return_val_if_fail (FOL_IS_APPLICATION (self), NULL);
  return self->store;
}

GSettings *
fol_application_get_settings (FolApplication *self)
{
  g_return_val_if_fail (FOL_IS_APPLICATION (self), NULL);
  return self->settings;
}

const GError *
fol_application_get_open_error (FolApplication *self)
{
  g_return_val_if_fail (FOL_IS_APPLICATION (self), NULL);
  return self->open_error;
}
