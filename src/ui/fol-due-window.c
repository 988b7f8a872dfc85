/* fol-due-window.c
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

#define G_LOG_DOMAIN "fol-due-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fol-due-window.h"
#include "fol-plans.h"
#include "fol-window.h"

/* The reception desk's list: every protocol session and visit across the
 * clinic that is overdue or due within a week, by planned date, the same
 * list as `follicle --due`; kept current as the clinic changes.
 */
struct _FolDueWindow
{
  AdwWindow parent_instance;

  GtkListBox *list;
  FolStore   *store;
};

G_DEFINE_FINAL_TYPE (FolDueWindow, fol_due_window, ADW_TYPE_WINDOW)

static void
refresh (FolDueWindow *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  entries = fol_plans_due (self->store, fol_date_today (), &error);
  if (entries == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), error->message);
      gtk_list_box_append (self->list, row);
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      const FolPlanEntry *e = entries->pdata[i];
      g_autofree char *planned = fol_date_format (e->item.planned);
      /* Translators: a step of a protocol, then the protocol's name */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), e->step, e->protocol_name);
      /* Translators: "Due" or "Overdue", then the planned date */
      g_autofree char *when = g_strdup_printf (_("%s · %s"),
                                               fol_plan_state_label (e->item.state), planned);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new (when);
      GtkWidget *go = gtk_image_new_from_icon_name ("go-next-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), e->patient_name);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Show this patient in the main window"));
      g_object_set_data_full (G_OBJECT (row), "fol-patient-id", g_strdup (e->patient_id), g_free);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (label, e->item.state == FOL_PLAN_OVERDUE ? "error" : "warning");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), go);
      g_object_set_data_full (G_OBJECT (row), "fol-plan-state",
                              g_strdup (fol_plan_state_code (e->item.state)), g_free);
      gtk_list_box_append (self->list, row);
    }
}

/* The reception desk picks a row: the patient is shown in the window the
 * list was opened from, which comes to the front. */
static void
row_activated_cb (FolDueWindow  *self,
                  GtkListBoxRow *row)
{
  const char *patient_id = g_object_get_data (G_OBJECT (row), "fol-patient-id");
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (patient_id == NULL || !FOL_IS_WINDOW (parent))
    return;
  fol_window_show_patient (FOL_WINDOW (parent), patient_id);
  gtk_window_present (parent);
}

static void
store_changed_cb (FolDueWindow *self)
{
  refresh (self);
}

static void
fol_due_window_dispose (GObject *object)
{
  FolDueWindow *self = FOL_DUE_WINDOW (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (fol_due_window_parent_class)->dispose (object);
}

static void
fol_due_window_class_init (FolDueWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_due_window_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fol_due_window_init (FolDueWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *placeholder = gtk_label_new (_("Nothing is due or overdue."));

  gtk_window_set_title (GTK_WINDOW (self), _("Due This Week and Overdue"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 560);
  gtk_box_append (GTK_BOX (box), header);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (row_activated_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (self->list), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sessions and visits due or overdue"), -1);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_list_box_set_placeholder (self->list, placeholder);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (self), box);
}

FolDueWindow *
fol_due_window_new (GtkWindow *parent,
                    FolStore  *store)
{
  FolDueWindow *self;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);

  self = g_object_new (FOL_TYPE_DUE_WINDOW,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
  return self;
}

GtkListBox *
fol_due_window_get_list (FolDueWindow *self)
{
  g_return_val_if_fail (FOL_IS_DUE_WINDOW (self), NULL);
  return self->list;
}
