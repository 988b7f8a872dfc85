/* fol-window-actions.c
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

#define G_LOG_DOMAIN "fol-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "fol-application.h"
#include "fol-patient-editor.h"
#include "fol-session-editor.h"
#include "fol-visit-editor.h"
#include "fol-window-private.h"

static FolHistory *
shown_history (FolWindow *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "patient") != 0)
    return NULL;
  return fol_patient_page_get_history (self->patient_page);
}

/**
 * fol_window_update_actions:
 *
 * Enables each window action for what the window shows; the one place
 * that decides it.
 */
void
fol_window_update_actions (FolWindow *self)
{
  gboolean has_patient;

  g_return_if_fail (FOL_IS_WINDOW (self));

  has_patient = shown_history (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-visit", has_patient);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-session", has_patient);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit", has_patient);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete", has_patient);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-visit", has_patient);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-session", has_patient);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-visit", has_patient);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-session", has_patient);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", self->pending != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-chart", has_patient);
  _fol_window_files_update_actions (self);
}

static void
new_patient_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);

  _fol_window_present_editor (self, fol_patient_editor_new (self->store, NULL));
}

/* From a search that found nobody: the patient to add is likely the one
 * searched for.
 */
static void
new_patient_from_search_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);
  g_autofree char *name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  GtkWidget *editor = fol_patient_editor_new (self->store, NULL);

  fol_patient_editor_set_name (FOL_PATIENT_EDITOR (editor), g_strstrip (name));
  _fol_window_present_editor (self, editor);
}

static void
new_visit_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);
  FolHistory *history = shown_history (self);

  g_return_if_fail (history != NULL);
  _fol_window_present_editor (self, fol_visit_editor_new (self->store, self->settings,
                                                          history, NULL));
}

static void
new_session_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);
  FolHistory *history = shown_history (self);

  g_return_if_fail (history != NULL);
  _fol_window_present_editor (self, fol_session_editor_new (self->store, self->settings,
                                                            history, NULL));
}

static void
edit_visit_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);
  FolHistory *history = shown_history (self);

  g_return_if_fail (history != NULL);
  _fol_window_present_editor (self, fol_visit_editor_new (self->store, self->settings, history,
                                                          g_variant_get_string (param, NULL)));
}

static void
edit_session_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);
  FolHistory *history = shown_history (self);

  g_return_if_fail (history != NULL);
  _fol_window_present_editor (self, fol_session_editor_new (self->store, self->settings, history,
                                                            g_variant_get_string (param, NULL)));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);
  FolHistory *history = shown_history (self);
  FolPageItem kind;
  const char *id;

  g_return_if_fail (history != NULL);

  id = fol_patient_page_get_selected_item (self->patient_page, &kind);
  switch (kind)
    {
    case FOL_PAGE_ITEM_VISIT:
      gtk_widget_activate_action (widget, "win.edit-visit", "s", id);
      break;
    case FOL_PAGE_ITEM_SESSION:
      gtk_widget_activate_action (widget, "win.edit-session", "s", id);
      break;
    case FOL_PAGE_ITEM_PATIENT:
    default:
      _fol_window_present_editor (self, fol_patient_editor_new (self->store,
                                                                fol_history_get_patient (history)));
      break;
    }
}

static void
delete_visit_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  _fol_window_delete (FOL_WINDOW (widget), FOL_PENDING_VISIT, g_variant_get_string (param, NULL));
}

static void
delete_session_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  _fol_window_delete (FOL_WINDOW (widget), FOL_PENDING_SESSION, g_variant_get_string (param, NULL));
}

static void
delete_patient_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            FolWindow        *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "patient-id");

  if (g_strcmp0 (response, "delete") == 0)
    _fol_window_delete (self, FOL_PENDING_PATIENT, id);
}

/* A patient goes with every visit, session and photo: one key press never
 * does it. The dialog says who and what, and Cancel is the default. */
static void
confirm_delete_patient (FolWindow  *self,
                        FolHistory *history)
{
  FolPatient *patient = fol_history_get_patient (history);
  g_autoptr(GPtrArray) photos = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *visits = NULL;
  g_autofree char *sessions = NULL;
  g_autofree char *pictures = NULL;
  g_autofree char *body = NULL;
  guint n_visits = fol_history_get_n_visits (history);
  guint n_sessions = fol_history_get_n_sessions (history);
  guint n_photos;
  GtkWidget *dialog;

  photos = fol_store_list_photos (self->store, fol_patient_get_id (patient), NULL);
  n_photos = photos != NULL ? photos->len : 0;

  heading = g_strdup_printf (_("Delete “%s”?"), fol_patient_get_name (patient));
  visits = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u visit", "%u visits", n_visits),
                            n_visits);
  sessions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u treatment session",
                                           "%u treatment sessions", n_sessions), n_sessions);
  pictures = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u photo", "%u photos", n_photos),
                              n_photos);
  /* TRANSLATORS: the three parts are "3 visits", "2 treatment sessions"
   * and "12 photos". */
  body = g_strdup_printf (_("Their records go with them: %s, %s and %s."),
                          visits, sessions, pictures);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete Patient"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "patient-id",
                          g_strdup (fol_patient_get_id (patient)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_patient_response_cb), self, 0);
  g_set_weak_pointer (&self->delete_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);
  FolPageItem kind;
  const char *id;
  g_autofree char *copy = NULL;

  g_return_if_fail (shown_history (self) != NULL);

  id = fol_patient_page_get_selected_item (self->patient_page, &kind);
  copy = g_strdup (id);
  switch (kind)
    {
    case FOL_PAGE_ITEM_VISIT:
      _fol_window_delete (self, FOL_PENDING_VISIT, copy);
      break;
    case FOL_PAGE_ITEM_SESSION:
      _fol_window_delete (self, FOL_PENDING_SESSION, copy);
      break;
    case FOL_PAGE_ITEM_PATIENT:
    default:
      confirm_delete_patient (self, shown_history (self));
      break;
    }
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  _fol_window_undo (FOL_WINDOW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* The demo is a clinic of its own, never written into this one: the
 * application closes this clinic and opens the demo in a new window. */
static void
open_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);

  _fol_window_flush_pending (self);
  fol_application_open_demo (FOL_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
}

static void
leave_demo_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);

  fol_application_leave_demo (FOL_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
}

static void
export_chart_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);
  GtkWidget *panel = adw_bin_get_child (fol_patient_page_get_chart_slot (self->patient_page));

  if (panel != NULL)
    gtk_widget_activate_action (panel, "progress.export", NULL);
}

void
_fol_window_actions_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-patient", NULL, new_patient_action);
  gtk_widget_class_install_action (widget_class, "win.new-patient-from-search", NULL,
                                   new_patient_from_search_action);
  gtk_widget_class_install_action (widget_class, "win.new-visit", NULL, new_visit_action);
  gtk_widget_class_install_action (widget_class, "win.new-session", NULL, new_session_action);
  gtk_widget_class_install_action (widget_class, "win.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "win.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "win.edit-visit", "s", edit_visit_action);
  gtk_widget_class_install_action (widget_class, "win.edit-session", "s", edit_session_action);
  gtk_widget_class_install_action (widget_class, "win.delete-visit", "s", delete_visit_action);
  gtk_widget_class_install_action (widget_class, "win.delete-session", "s", delete_session_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.leave-demo", NULL, leave_demo_action);
  gtk_widget_class_install_action (widget_class, "win.export-chart", NULL, export_chart_action);
  _fol_window_files_class_init (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-patient", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_N, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.new-visit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_T, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.new-session", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-chart", NULL);
}
