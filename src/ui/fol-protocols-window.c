/* fol-protocols-window.c
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

#define G_LOG_DOMAIN "fol-protocols-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fol-protocols-window.h"

/* The clinic's treatment protocols, defined once for every patient: each
 * listed with its sessions and visits, to add, edit or delete. A protocol
 * that a patient follows is not deleted; the window says why.
 */
struct _FolProtocolsWindow
{
  AdwPreferencesWindow parent_instance;

  FolStore   *store;
  GtkListBox *list;
  GtkLabel   *message;
};

G_DEFINE_FINAL_TYPE (FolProtocolsWindow, fol_protocols_window, ADW_TYPE_PREFERENCES_WINDOW)

#define PROTOCOL_ID "fol-protocol-id"

static void
show_message (FolProtocolsWindow *self,
              const char         *text)
{
  gtk_label_set_text (self->message, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), text != NULL);
}

/* "3 sessions, 4 follow-up visits" */
static char *
summary (FolProtocol *protocol)
{
  guint n_sessions = 0, n_visits = 0;
  g_autofree char *sessions = NULL;
  g_autofree char *visits = NULL;

  for (guint i = 0; i < fol_protocol_get_n_steps (protocol); i++)
    if (fol_protocol_get_step (protocol, i)->kind == FOL_PROTOCOL_STEP_SESSION)
      n_sessions++;
    else
      n_visits++;
  sessions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u session", "%u sessions",
                                           n_sessions), n_sessions);
  visits = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u follow-up visit",
                                         "%u follow-up visits", n_visits), n_visits);
  /* Translators: "3 sessions, 4 follow-up visits" */
  return g_strdup_printf (_("%s, %s"), sessions, visits);
}

static void
edit_clicked_cb (GtkButton          *button,
                 FolProtocolsWindow *self)
{
  fol_protocols_window_edit (self, g_object_get_data (G_OBJECT (button), PROTOCOL_ID));
}

static void
delete_response_cb (AdwMessageDialog   *dialog,
                    const char         *response,
                    FolProtocolsWindow *self)
{
  if (g_strcmp0 (response, "delete") == 0)
    fol_protocols_window_delete (self, g_object_get_data (G_OBJECT (dialog), PROTOCOL_ID));
}

static void
delete_clicked_cb (GtkButton          *button,
                   FolProtocolsWindow *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "fol-protocol-name");
  g_autofree char *heading = g_strdup_printf (_("Delete “%s”?"), name);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                              _("The protocol is removed from the clinic. "
                                                "A protocol that a patient follows is not "
                                                "deleted."));

  g_object_set_data_full (G_OBJECT (dialog), PROTOCOL_ID,
                          g_strdup (g_object_get_data (G_OBJECT (button), PROTOCOL_ID)), g_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
row_button (const char *icon,
            const char *accessible_name,
            FolProtocol *protocol)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, accessible_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  g_object_set_data_full (G_OBJECT (button), PROTOCOL_ID,
                          g_strdup (fol_protocol_get_id (protocol)), g_free);
  g_object_set_data_full (G_OBJECT (button), "fol-protocol-name",
                          g_strdup (fol_protocol_get_name (protocol)), g_free);
  return button;
}

static void
refresh (FolProtocolsWindow *self)
{
  g_autoptr(GPtrArray) protocols = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  protocols = fol_store_list_protocols (self->store, &error);
  if (protocols == NULL)
    {
      show_message (self, error->message);
      return;
    }
  for (guint i = 0; i < protocols->len; i++)
    {
      FolProtocol *protocol = protocols->pdata[i];
      const char *name = fol_protocol_get_name (protocol);
      g_autofree char *text = summary (protocol);
      /* Translators: a button's name; %s is a protocol's name */
      g_autofree char *edit_name = g_strdup_printf (_("Edit “%s”"), name);
      /* Translators: a button's name; %s is a protocol's name */
      g_autofree char *delete_name = g_strdup_printf (_("Delete “%s”"), name);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *edit = row_button ("document-edit-symbolic", edit_name, protocol);
      GtkWidget *delete = row_button ("user-trash-symbolic", delete_name, protocol);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
      g_signal_connect_object (edit, "clicked", G_CALLBACK (edit_clicked_cb), self, 0);
      g_signal_connect_object (delete, "clicked", G_CALLBACK (delete_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);
      g_object_set_data_full (G_OBJECT (row), PROTOCOL_ID,
                              g_strdup (fol_protocol_get_id (protocol)), g_free);
      gtk_list_box_append (self->list, row);
    }
}

/* Any change may be a protocol's: saved here, by an import, or by another
 * workstation of the clinic. */
static void
store_changed_cb (FolProtocolsWindow *self)
{
  refresh (self);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  fol_protocols_window_edit (FOL_PROTOCOLS_WINDOW (widget), NULL);
}

static void
fol_protocols_window_dispose (GObject *object)
{
  FolProtocolsWindow *self = FOL_PROTOCOLS_WINDOW (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (fol_protocols_window_parent_class)->dispose (object);
}

static void
fol_protocols_window_class_init (FolProtocolsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_protocols_window_dispose;
  gtk_widget_class_install_action (widget_class, "protocols.add", NULL, add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "protocols.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fol_protocols_window_init (FolProtocolsWindow *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Protocol…"));
  GtkWidget *placeholder = gtk_label_new (_("No protocol yet"));

  gtk_window_set_title (GTK_WINDOW (self), _("Treatment Protocols"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 560);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Treatment Protocols"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Defined once for the clinic, then assigned to a "
                                           "patient with a start date on the patient’s Plan."));
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "protocols.add");
  gtk_widget_set_tooltip_text (add, _("Define a new protocol (Ctrl+N)"));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);

  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->message, 0);
  gtk_label_set_wrap (self->message, TRUE);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->message), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->message), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Protocol error"), -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->message));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Treatment protocols of the clinic"), -1);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->list, placeholder);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->list));

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
}

FolProtocolsWindow *
fol_protocols_window_new (GtkWindow *parent,
                          FolStore  *store)
{
  FolProtocolsWindow *self;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);

  self = g_object_new (FOL_TYPE_PROTOCOLS_WINDOW,
                       "transient-for", parent,
                       "modal", FALSE,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
  return self;
}

GtkListBox *
fol_protocols_window_get_list (FolProtocolsWindow *self)
{
  g_return_val_if_fail (FOL_IS_PROTOCOLS_WINDOW (self), NULL);
  return self->list;
}

/**
 * fol_protocols_window_edit:
 * @protocol_id: (nullable): the protocol to edit, or %NULL to add one
 *
 * Opens the editor over the window.
 *
 * Returns: (transfer none) (nullable): the editor, or %NULL when the
 *   protocol cannot be read (the window says why)
 */
FolProtocolEditor *
fol_protocols_window_edit (FolProtocolsWindow *self,
                           const char         *protocol_id)
{
  g_autoptr(FolProtocol) protocol = NULL;
  g_autoptr(GError) error = NULL;
  FolProtocolEditor *editor;

  g_return_val_if_fail (FOL_IS_PROTOCOLS_WINDOW (self), NULL);

  show_message (self, NULL);
  if (protocol_id != NULL)
    {
      protocol = fol_store_get_protocol (self->store, protocol_id, &error);
      if (protocol == NULL)
        {
          show_message (self, error->message);
          return NULL;
        }
    }
  editor = fol_protocol_editor_new (GTK_WINDOW (self), self->store, protocol);
  gtk_window_present (GTK_WINDOW (editor));
  return editor;
}

/**
 * fol_protocols_window_delete:
 *
 * Deletes the protocol. Refused, with the reason shown in the window, while
 * a patient follows it.
 */
gboolean
fol_protocols_window_delete (FolProtocolsWindow *self,
                             const char         *protocol_id)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (FOL_IS_PROTOCOLS_WINDOW (self), FALSE);
  g_return_val_if_fail (protocol_id != NULL, FALSE);

  show_message (self, NULL);
  if (!fol_store_delete_protocol (self->store, protocol_id, &error))
    {
      show_message (self, error->message);
      return FALSE;
    }
  return TRUE;
}

/* What the window last said (a refusal), or NULL. */
const char *
fol_protocols_window_get_message (FolProtocolsWindow *self)
{
  g_return_val_if_fail (FOL_IS_PROTOCOLS_WINDOW (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->message))
         ? gtk_label_get_text (self->message) : NULL;
}
