/* fol-clinic-server-page.c
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

#define G_LOG_DOMAIN "fol-clinic-server-page"

#include "config.h"

#include <glib/gi18n.h>

#include "fol-application-private.h"
#include "fol-clinic.h"
#include "fol-clinic-server-page-private.h"

/* Preferences › Clinic Server: where this workstation's clinic is kept
 * when it is shared. Connect tests the connection and opens that clinic;
 * its address, never the password, is kept in the settings so that the
 * next start connects again. The password is kept in the keyring only
 * when asked to.
 */

G_DEFINE_FINAL_TYPE (FolClinicServerPage, fol_clinic_server_page, ADW_TYPE_PREFERENCES_PAGE)

static void
wipe_password (FolClinicServerPage *self)
{
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
}

static void
clear_error (FolClinicServerPage *self)
{
  if (self->error_row != NULL)
    {
      gtk_widget_remove_css_class (self->error_row, "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->error_row),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
  self->error_row = NULL;
  gtk_label_set_text (self->message_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

static void
show_message (FolClinicServerPage *self,
              const char          *message,
              gboolean             error)
{
  gtk_label_set_text (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
}

/* The message is said under the form and at the field to change: the
 * field is marked, described by the message for a screen reader, and
 * focused. */
static void
show_error (FolClinicServerPage *self,
            const GError        *error)
{
  GtkWidget *row = NULL;

  clear_error (self);
  if (error->domain == FOL_CLINIC_SERVER_ERROR)
    switch ((FolClinicServerError) error->code)
      {
      case FOL_CLINIC_SERVER_ERROR_HOST:
      case FOL_CLINIC_SERVER_ERROR_ADDRESS:
        row = GTK_WIDGET (self->host_row);
        break;
      case FOL_CLINIC_SERVER_ERROR_PORT:
        row = GTK_WIDGET (self->port_row);
        break;
      case FOL_CLINIC_SERVER_ERROR_DATABASE:
        row = GTK_WIDGET (self->database_row);
        break;
      case FOL_CLINIC_SERVER_ERROR_USER:
        row = GTK_WIDGET (self->user_row);
        break;
      case FOL_CLINIC_SERVER_ERROR_CA:
        row = GTK_WIDGET (self->ca_row);
        break;
      case FOL_CLINIC_SERVER_ERROR_PASSWORD:
      case FOL_CLINIC_SERVER_ERROR_KEYRING:
        row = GTK_WIDGET (self->password_row);
        break;
      default:
        break;
      }

  show_message (self, error->message, TRUE);
  if (row != NULL)
    {
      self->error_row = row;
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message,
                                      -1);
      gtk_widget_grab_focus (row == GTK_WIDGET (self->ca_row) ? GTK_WIDGET (self->ca_button) : row);
    }
}

static void
update_sensitivity (FolClinicServerPage *self)
{
  g_autofree char *location = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), !self->connecting);
  gtk_widget_set_visible (GTK_WIDGET (self->ca_clear_button), self->ca_file != NULL);
  if (self->application != NULL)
    location = g_settings_get_string (self->application->settings, "clinic-server");
  gtk_widget_set_visible (GTK_WIDGET (self->local_button),
                          location != NULL && location[0] != '\0' && !self->connecting);
}

static void
set_ca_file (FolClinicServerPage *self,
             const char          *path)
{
  g_free (self->ca_file);
  self->ca_file = path != NULL && *path != '\0' ? g_strdup (path) : NULL;
  adw_action_row_set_subtitle (self->ca_row,
                               self->ca_file != NULL
                               ? self->ca_file
                               : _("None: the server’s certificate is not checked"));
  update_sensitivity (self);
}

static void
ca_chosen_cb (GtkNativeDialog     *dialog,
              int                  response,
              FolClinicServerPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        set_ca_file (self, path);
    }
  g_object_unref (dialog);
}

static void
choose_ca_cb (FolClinicServerPage *self)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose the Clinic’s CA Certificate"), parent,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (ca_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
clear_ca_cb (FolClinicServerPage *self)
{
  set_ca_file (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->ca_button));
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FolClinicServerPage) self = user_data;
  g_autoptr(FolStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) keyring_error = NULL;
  g_autofree char *uri = NULL;

  store = fol_clinic_server_open_finish (result, &error);
  self->connecting = FALSE;
  if (self->disposed || self->application == NULL)
    {
      wipe_password (self);
      return;
    }
  update_sensitivity (self);
  if (store == NULL)
    {
      wipe_password (self);
      show_error (self, error);
      return;
    }

  /* Kept in the keyring only when asked; otherwise none is kept. */
  if (gtk_switch_get_active (self->remember_switch) && self->password != NULL &&
      self->password[0] != '\0')
    fol_clinic_server_store_password (self->server, self->password, NULL, &keyring_error);
  else if (!gtk_switch_get_active (self->remember_switch))
    fol_clinic_server_forget_password (self->server, NULL, &keyring_error);
  wipe_password (self);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  /* Connected all the same: said once in the clinic's window. */
  if (keyring_error != NULL)
    {
      g_free (self->application->notice);
      self->application->notice = g_strdup (keyring_error->message);
    }

  uri = fol_clinic_server_to_uri (self->server);
  g_settings_set_string (self->application->settings, "clinic-server", uri);
  fol_application_open_server_store (self->application, store);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  FolClinicServerPage *self = FOL_CLINIC_SERVER_PAGE (widget);
  g_autoptr(FolClinicServer) server = NULL;
  g_autoptr(GError) error = NULL;
  const char *typed;

  if (self->connecting)
    return;
  clear_error (self);
  server = fol_clinic_server_new (gtk_editable_get_text (GTK_EDITABLE (self->host_row)),
                                  gtk_editable_get_text (GTK_EDITABLE (self->port_row)),
                                  gtk_editable_get_text (GTK_EDITABLE (self->database_row)),
                                  gtk_editable_get_text (GTK_EDITABLE (self->user_row)),
                                  self->ca_file, &error);
  if (server == NULL)
    {
      show_error (self, error);
      return;
    }

  /* A password typed here, else the one the keyring keeps, else libpq's
   * own (~/.pgpass). */
  wipe_password (self);
  typed = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  if (typed[0] != '\0')
    self->password = g_strdup (typed);
  else
    {
      char *kept = fol_clinic_server_lookup_password (server, NULL, &error);

      if (error != NULL)
        g_debug ("%s", error->message);
      self->password = g_strdup (kept);
      fol_clinic_server_free_password (kept);
    }

  g_clear_pointer (&self->server, fol_clinic_server_free);
  self->server = g_steal_pointer (&server);
  self->connecting = TRUE;
  update_sensitivity (self);
  show_message (self, _("Connecting…"), FALSE);
  fol_clinic_server_open_async (self->server, self->password, self->cancellable, connected_cb,
                                g_object_ref (self));
}

static void
use_local_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  FolClinicServerPage *self = FOL_CLINIC_SERVER_PAGE (widget);

  if (self->application != NULL && !self->connecting)
    fol_application_use_local_clinic (self->application);
}

static void
fill_from (FolClinicServerPage *self,
           const char          *location)
{
  g_autoptr(FolClinicServer) server = NULL;
  g_autofree char *port = NULL;
  char *kept;

  if (location == NULL || location[0] == '\0' ||
      (server = fol_clinic_server_parse (location, NULL)) == NULL)
    return;
  port = server->port != 0 ? g_strdup_printf ("%u", server->port) : g_strdup ("");
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), server->host ? server->host : "");
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
  gtk_editable_set_text (GTK_EDITABLE (self->database_row),
                         server->database ? server->database : "");
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), server->user ? server->user : "");
  set_ca_file (self, server->sslrootcert);

  kept = fol_clinic_server_lookup_password (server, NULL, NULL);
  gtk_switch_set_active (self->remember_switch, kept != NULL);
  fol_clinic_server_free_password (kept);
}

static AdwEntryRow *
entry_row (AdwPreferencesGroup *group,
           const char          *title,
           GtkInputPurpose      purpose)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), purpose);
  adw_preferences_group_add (group, row);
  return ADW_ENTRY_ROW (row);
}

/* libadwaita 1.2 gives the peek button of a password row a tooltip but no
 * accessible name. */
static void
name_peek_buttons (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show or hide the password"),
                                        -1);
      name_peek_buttons (child);
    }
}

static void
fol_clinic_server_page_dispose (GObject *object)
{
  FolClinicServerPage *self = FOL_CLINIC_SERVER_PAGE (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (fol_clinic_server_page_parent_class)->dispose (object);
}

static void
fol_clinic_server_page_finalize (GObject *object)
{
  FolClinicServerPage *self = FOL_CLINIC_SERVER_PAGE (object);

  wipe_password (self);
  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->server, fol_clinic_server_free);
  g_free (self->ca_file);

  G_OBJECT_CLASS (fol_clinic_server_page_parent_class)->finalize (object);
}

static void
fol_clinic_server_page_class_init (FolClinicServerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_clinic_server_page_dispose;
  object_class->finalize = fol_clinic_server_page_finalize;

  gtk_widget_class_install_action (widget_class, "server.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "server.use-local", NULL, use_local_action);
}

static void
fol_clinic_server_page_init (FolClinicServerPage *self)
{
  AdwPreferencesGroup *group, *password_group;
  GtkWidget *box, *button, *toggle;

  self->cancellable = g_cancellable_new ();

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Clinic Server"));
  adw_preferences_group_set_description (group,
    _("A clinic shared by several computers is kept on a PostgreSQL server. The server’s "
      "address is remembered for the next start; its password only in the keyring, when you "
      "ask. The server makes its own backups."));
  self->host_row = entry_row (group, _("_Host"), GTK_INPUT_PURPOSE_URL);
  self->port_row = entry_row (group, _("_Port"), GTK_INPUT_PURPOSE_DIGITS);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->port_row),
                               _("Leave empty for PostgreSQL’s own port, 5432"));
  self->database_row = entry_row (group, _("_Database"), GTK_INPUT_PURPOSE_FREE_FORM);
  self->user_row = entry_row (group, _("_User"), GTK_INPUT_PURPOSE_FREE_FORM);

  self->ca_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->ca_row), _("CA Certificate"));
  button = gtk_button_new_with_mnemonic (_("C_hoose…"));
  self->ca_button = GTK_BUTTON (button);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose the clinic’s CA certificate"), -1);
  g_signal_connect_object (button, "clicked", G_CALLBACK (choose_ca_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (self->ca_row, button);
  button = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  self->ca_clear_button = GTK_BUTTON (button);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Connect without checking the server’s certificate"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove the CA certificate"), -1);
  g_signal_connect_object (button, "clicked", G_CALLBACK (clear_ca_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (self->ca_row, button);
  adw_action_row_set_activatable_widget (self->ca_row, GTK_WIDGET (self->ca_button));
  adw_preferences_group_add (group, GTK_WIDGET (self->ca_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);

  password_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (password_group, _("Password"));
  adw_preferences_group_set_description (password_group,
    _("Left empty, the password kept in the keyring or in ~/.pgpass is used."));
  self->password_row = ADW_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("Pass_word"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->password_row), TRUE);
  name_peek_buttons (GTK_WIDGET (self->password_row));
  adw_preferences_group_add (password_group, GTK_WIDGET (self->password_row));

  self->remember_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->remember_row),
                                 _("_Remember in Keyring"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->remember_row), TRUE);
  adw_action_row_set_subtitle (self->remember_row,
                               _("Off, any password kept for this server is forgotten"));
  toggle = gtk_switch_new ();
  self->remember_switch = GTK_SWITCH (toggle);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remember the password in the keyring"), -1);
  adw_action_row_add_suffix (self->remember_row, toggle);
  adw_action_row_set_activatable_widget (self->remember_row, toggle);
  adw_preferences_group_add (password_group, GTK_WIDGET (self->remember_row));

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_halign (box, GTK_ALIGN_END);
  button = gtk_button_new_with_mnemonic (_("Use _This Computer’s Clinic"));
  self->local_button = GTK_BUTTON (button);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "server.use-local");
  gtk_widget_set_tooltip_text (button, _("Stop connecting to the clinic server and open the "
                                         "clinic file on this computer"));
  gtk_box_append (GTK_BOX (box), button);
  button = gtk_button_new_with_mnemonic (_("_Connect"));
  self->connect_button = GTK_BUTTON (button);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "server.connect");
  gtk_box_append (GTK_BOX (box), button);
  adw_preferences_group_add (password_group, box);

  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->message_label, 0);
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_label_set_selectable (self->message_label, FALSE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->message_label), 6);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->message_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Connection message"), -1);
  adw_preferences_group_add (password_group, GTK_WIDGET (self->message_label));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), password_group);
}

GtkWidget *
fol_clinic_server_page_new (FolApplication *application)
{
  FolClinicServerPage *self;
  g_autofree char *location = NULL;

  g_return_val_if_fail (FOL_IS_APPLICATION (application), NULL);

  self = g_object_new (FOL_TYPE_CLINIC_SERVER_PAGE,
                       "title", _("Clinic Server"),
                       "icon-name", "network-server-symbolic",
                       NULL);
  g_set_weak_pointer (&self->application, application);

  /* The server set before, else the one open now. */
  location = g_settings_get_string (application->settings, "clinic-server");
  if (location[0] == '\0' && application->store != NULL &&
      !fol_clinic_location_is_file (fol_store_get_location (application->store), NULL))
    {
      g_free (location);
      location = g_strdup (fol_store_get_location (application->store));
    }
  set_ca_file (self, NULL);
  fill_from (self, location);
  update_sensitivity (self);
  return GTK_WIDGET (self);
}
