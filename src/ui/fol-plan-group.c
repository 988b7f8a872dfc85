/* fol-plan-group.c
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

#define G_LOG_DOMAIN "fol-plan-group"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fol-form.h"
#include "fol-plan-group.h"
#include "fol-plans.h"

/* The patient's treatment plans on the patient page: each session and
 * visit of each protocol assigned, with its planned date and whether it
 * is done, due or overdue; and a dialog to assign a protocol.
 */
struct _FolPlanGroup
{
  GtkWidget parent_instance;

  /* template widgets */
  AdwPreferencesGroup *group;
  GtkListBox          *list;
  GtkLabel            *error_label;

  /* owned */
  FolStore  *store;
  char      *patient_id;
  GPtrArray *protocols;   /* those offered by the open dialog */
};

G_DEFINE_FINAL_TYPE (FolPlanGroup, fol_plan_group, GTK_TYPE_WIDGET)

static void
show_error (FolPlanGroup *self,
            const char   *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_label),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
}

static char *
row_subtitle (const FolPlanEntry *e)
{
  g_autofree char *planned = fol_date_format (e->item.planned);

  if (e->item.state == FOL_PLAN_DONE)
    {
      g_autofree char *done = fol_date_format (e->item.done);

      /* Translators: a planned date, then when it was done */
      return g_strdup_printf (_("Planned %s · done %s"), planned, done);
    }
  /* Translators: a planned date; the row says "Due", "Overdue" or
   * "Upcoming" beside it */
  return g_strdup_printf (_("Planned %s"), planned);
}

static void
refresh (FolPlanGroup *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  const char *last_assignment = NULL;
  g_autoptr(GString) descriptions = g_string_new (NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  adw_preferences_group_set_description (self->group, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.assign",
                                 self->patient_id != NULL && !fol_store_is_read_only (self->store));
  if (self->patient_id == NULL)
    return;

  entries = fol_plans_for_patient (self->store, self->patient_id, fol_date_today (), &error);
  if (entries == NULL)
    {
      show_error (self, error->message);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const FolPlanEntry *e = entries->pdata[i];
      g_autofree char *subtitle = row_subtitle (e);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *state = gtk_label_new (fol_plan_state_label (e->item.state));

      if (g_strcmp0 (last_assignment, e->assignment_id) != 0)
        {
          g_autofree char *description = NULL;

          if (isnan (e->adherence.percent))
            description = g_strdup_printf (_("%s: adherence not judged yet"), e->protocol_name);
          else
            /* Translators: a protocol, then e.g. "2 of 3 sessions on time" */
            description = g_strdup_printf (_("%s: %u of %u sessions within ± %d days of plan"),
                                           e->protocol_name, e->adherence.n_on_time,
                                           e->adherence.n_assessed, FOL_PROTOCOL_ON_TIME_DAYS);
          /* One line for each protocol the patient follows. */
          g_string_append_printf (descriptions, "%s%s", descriptions->len ? "\n" : "",
                                  description);
          last_assignment = e->assignment_id;
        }

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), e->step);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (state, e->item.state == FOL_PLAN_OVERDUE ? "error"
                                       : e->item.state == FOL_PLAN_DUE ? "warning"
                                       : e->item.state == FOL_PLAN_DONE ? "success" : "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
      g_object_set_data_full (G_OBJECT (row), "fol-plan-state",
                              g_strdup (fol_plan_state_code (e->item.state)), g_free);
      gtk_list_box_append (self->list, row);
    }
  adw_preferences_group_set_description (self->group,
                                         descriptions->len ? descriptions->str : NULL);
}

static void
store_changed_cb (FolPlanGroup *self,
                  guint         change,
                  const char   *patient_id)
{
  if (change == FOL_STORE_CHANGE_PROTOCOL || change == FOL_STORE_CHANGE_SESSION ||
      change == FOL_STORE_CHANGE_VISIT)
    if (patient_id == NULL || patient_id[0] == '\0' ||
        g_strcmp0 (patient_id, self->patient_id) == 0)
      refresh (self);
}

typedef struct
{
  FolPlanGroup *self;
  GtkDropDown  *protocol;
  GtkEntry     *start;
} AssignDialog;

static void
assign_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    AssignDialog     *d)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "assign") == 0 &&
      !_fol_plan_group_assign (d->self, gtk_drop_down_get_selected (d->protocol),
                               gtk_editable_get_text (GTK_EDITABLE (d->start)), &error))
    show_error (d->self, error->message);
}

static void
assign_dialog_free (gpointer  data,
                    GClosure *closure)
{
  AssignDialog *d = data;

  g_object_unref (d->self);
  g_free (d);
}

static void
assign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FolPlanGroup *self = FOL_PLAN_GROUP (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *today = fol_date_to_iso (fol_date_today ());
  g_autofree char *hint = fol_date_entry_hint ();
  GtkWidget *dialog, *box, *protocol, *start, *start_label, *protocol_label;
  AssignDialog *d;

  g_clear_pointer (&self->protocols, g_ptr_array_unref);
  self->protocols = fol_store_list_protocols (self->store, &error);
  if (self->protocols == NULL)
    {
      show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < self->protocols->len; i++)
    gtk_string_list_append (names, fol_protocol_get_name (self->protocols->pdata[i]));

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Assign Protocol"),
                                   _("The plan's dates are counted from its start date."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  protocol_label = gtk_label_new_with_mnemonic (_("_Protocol"));
  gtk_label_set_xalign (GTK_LABEL (protocol_label), 0);
  protocol = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_label_set_mnemonic_widget (GTK_LABEL (protocol_label), protocol);
  fol_form_name_drop_down (GTK_DROP_DOWN (protocol), _("Protocol"));
  start_label = gtk_label_new_with_mnemonic (_("_Start date"));
  gtk_label_set_xalign (GTK_LABEL (start_label), 0);
  start = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (start), today);
  gtk_entry_set_placeholder_text (GTK_ENTRY (start), hint);
  gtk_label_set_mnemonic_widget (GTK_LABEL (start_label), start);
  gtk_accessible_update_property (GTK_ACCESSIBLE (start), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Start date"), -1);
  gtk_box_append (GTK_BOX (box), protocol_label);
  gtk_box_append (GTK_BOX (box), protocol);
  gtk_box_append (GTK_BOX (box), start_label);
  gtk_box_append (GTK_BOX (box), start);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "assign", _("_Assign"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "assign",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "assign");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "assign",
                                           self->protocols->len > 0);

  d = g_new0 (AssignDialog, 1);
  d->self = g_object_ref (self);
  d->protocol = GTK_DROP_DOWN (protocol);
  d->start = GTK_ENTRY (start);
  /* Freed with the dialog, whether it was answered or not. */
  g_signal_connect_data (dialog, "response", G_CALLBACK (assign_response_cb), d,
                         assign_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fol_plan_group_dispose (GObject *object)
{
  FolPlanGroup *self = FOL_PLAN_GROUP (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FOL_TYPE_PLAN_GROUP);
  g_clear_object (&self->store);
  g_clear_pointer (&self->patient_id, g_free);
  g_clear_pointer (&self->protocols, g_ptr_array_unref);

  G_OBJECT_CLASS (fol_plan_group_parent_class)->dispose (object);
}

static void
fol_plan_group_class_init (FolPlanGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_plan_group_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/fol-plan-group.ui");
  gtk_widget_class_bind_template_child (widget_class, FolPlanGroup, group);
  gtk_widget_class_bind_template_child (widget_class, FolPlanGroup, list);
  gtk_widget_class_bind_template_child (widget_class, FolPlanGroup, error_label);
  gtk_widget_class_install_action (widget_class, "plan.assign", NULL, assign_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fol_plan_group_init (FolPlanGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.assign", FALSE);
}

GtkWidget *
fol_plan_group_new (FolStore *store)
{
  FolPlanGroup *self;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);

  self = g_object_new (FOL_TYPE_PLAN_GROUP, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

void
fol_plan_group_set_patient_id (FolPlanGroup *self,
                               const char   *patient_id)
{
  g_return_if_fail (FOL_IS_PLAN_GROUP (self));

  if (g_strcmp0 (self->patient_id, patient_id) != 0)
    {
      g_free (self->patient_id);
      self->patient_id = g_strdup (patient_id);
    }
  show_error (self, NULL);
  refresh (self);
}

/**
 * _fol_plan_group_assign:
 * @protocol_index: in the list of protocols the dialog offered
 * @start_text: the start date as typed
 *
 * Assigns the protocol to the patient; a date that is not one, or any
 * other refusal, comes back in @error and nothing is written.
 */
gboolean
_fol_plan_group_assign (FolPlanGroup *self,
                        guint         protocol_index,
                        const char   *start_text,
                        GError      **error)
{
  g_autoptr(FolProtocolAssignment) a = fol_protocol_assignment_new ();
  g_autoptr(GError) local_error = NULL;
  FolDate start = FOL_DATE_NONE;

  g_return_val_if_fail (FOL_IS_PLAN_GROUP (self), FALSE);

  if (self->protocols == NULL)
    self->protocols = fol_store_list_protocols (self->store, error);
  if (self->protocols == NULL)
    return FALSE;
  if (protocol_index >= self->protocols->len)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Choose a protocol"));
      return FALSE;
    }
  if (!fol_date_parse_entry (start_text, &start, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code, _("Start date: %s"),
                   local_error->message);
      return FALSE;
    }

  fol_protocol_assignment_set_patient_id (a, self->patient_id);
  fol_protocol_assignment_set_protocol_id (a, fol_protocol_get_id (self->protocols->pdata[protocol_index]));
  fol_protocol_assignment_set_start_date (a, start);
  if (!fol_store_save_assignment (self->store, a, error))
    return FALSE;
  show_error (self, NULL);
  return TRUE;
}

GtkListBox *
_fol_plan_group_get_list (FolPlanGroup *self)
{
  g_return_val_if_fail (FOL_IS_PLAN_GROUP (self), NULL);
  return self->list;
}

const char *
_fol_plan_group_get_summary (FolPlanGroup *self)
{
  return adw_preferences_group_get_description (self->group);
}

const char *
_fol_plan_group_get_error (FolPlanGroup *self)
{
  g_return_val_if_fail (FOL_IS_PLAN_GROUP (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_text (self->error_label) : NULL;
}
