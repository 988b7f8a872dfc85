/* fol-session-editor.c
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

#define G_LOG_DOMAIN "fol-session-editor"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "fol-conflict-dialog.h"
#include "fol-editor-private.h"
#include "fol-error.h"
#include "fol-form.h"
#include "fol-validate.h"

struct _FolSessionEditor
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkWidget   *save_button;
  GtkRevealer *error_revealer;
  GtkLabel    *error_label;
  AdwEntryRow *date_row;
  AdwComboRow *type_row;
  AdwEntryRow *product_row;
  AdwEntryRow *lot_row;
  AdwEntryRow *volume_row;
  AdwEntryRow *dose_row;
  AdwEntryRow *depth_row;
  AdwEntryRow *anaesthesia_row;
  AdwEntryRow *clinician_row;
  AdwEntryRow *notes_row;
  GtkLabel    *session_message;
  FolScalpMap *map;
  GtkLabel    *regions_label;
  GtkListBox  *events_list;
  GtkLabel    *events_message;
  GtkWidget   *repeat_button;

  /* Owned */
  FolStore    *store;
  GSettings   *settings;
  FolHistory  *history;
  FolTreatmentSession *original;
  GtkWidget   *conflict;   /* weak: "Changed on Another Workstation" */

  gboolean     loading;
  gboolean     dirty;
  gboolean     valid;
};

G_DEFINE_FINAL_TYPE (FolSessionEditor, fol_session_editor, ADW_TYPE_WINDOW)

static void field_changed_cb (FolSessionEditor *self);

static char *
text_or_null (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return text[0] ? g_steal_pointer (&text) : NULL;
}

static FolTreatmentSession *
build_session (FolSessionEditor  *self,
               GtkWidget        **out_widget,
               char             **out_message)
{
  g_autoptr(FolTreatmentSession) session = NULL;
  g_autofree char *product = text_or_null (self->product_row);
  g_autofree char *lot = text_or_null (self->lot_row);
  g_autofree char *dose = text_or_null (self->dose_row);
  g_autofree char *anaesthesia = text_or_null (self->anaesthesia_row);
  g_autofree char *clinician = text_or_null (self->clinician_row);
  g_autofree char *notes = text_or_null (self->notes_row);
  FolDate date;
  double volume, depth;

  session = self->original ? fol_treatment_session_copy (self->original)
                           : fol_treatment_session_new ();
  fol_treatment_session_set_patient_id (session,
                                        fol_patient_get_id (
                                          fol_history_get_patient (self->history)));

  if (!fol_form_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->date_row)), &date))
    {
      *out_widget = GTK_WIDGET (self->date_row);
      *out_message = fol_form_date_message ();
      return NULL;
    }
  if (!fol_form_parse_double (gtk_editable_get_text (GTK_EDITABLE (self->volume_row)), &volume))
    {
      *out_widget = GTK_WIDGET (self->volume_row);
      *out_message = g_strdup (_("Type the volume in mL, or leave it blank"));
      return NULL;
    }
  if (!fol_form_parse_double (gtk_editable_get_text (GTK_EDITABLE (self->depth_row)), &depth))
    {
      *out_widget = GTK_WIDGET (self->depth_row);
      *out_message = g_strdup (_("Type the depth in mm, or leave it blank"));
      return NULL;
    }

  fol_treatment_session_set_date (session, date);
  fol_treatment_session_set_treatment_type (session,
                                            fol_form_catalog_code (FOL_CATALOG_TREATMENT_TYPE,
                                                                   self->type_row, TRUE));
  fol_treatment_session_set_product (session, product);
  fol_treatment_session_set_lot_number (session, lot);
  fol_treatment_session_set_volume_ml (session, volume);
  fol_treatment_session_set_dose (session, dose);
  fol_treatment_session_set_depth_mm (session, depth);
  fol_treatment_session_set_anaesthesia (session, anaesthesia);
  fol_treatment_session_set_clinician (session, clinician);
  fol_treatment_session_set_notes (session, notes);
  fol_treatment_session_set_regions (session, fol_scalp_map_get_selected_regions (self->map));

  fol_treatment_session_clear_adverse_events (session);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->events_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkEditable *entry = g_object_get_data (G_OBJECT (row), "description");
      GtkDropDown *severity = g_object_get_data (G_OBJECT (row), "severity");

      if (entry == NULL)
        continue;
      fol_treatment_session_add_adverse_event (session, gtk_editable_get_text (entry),
                                               gtk_drop_down_get_selected (severity));
    }

  return g_steal_pointer (&session);
}

static GtkWidget *
field_widget (FolSessionEditor *self,
              const char       *field)
{
  if (g_strcmp0 (field, "date") == 0)
    return GTK_WIDGET (self->date_row);
  if (g_strcmp0 (field, "treatment-type") == 0)
    return GTK_WIDGET (self->type_row);
  if (g_strcmp0 (field, "volume-ml") == 0)
    return GTK_WIDGET (self->volume_row);
  if (g_strcmp0 (field, "depth-mm") == 0)
    return GTK_WIDGET (self->depth_row);
  if (g_strcmp0 (field, "regions") == 0)
    return GTK_WIDGET (self->map);
  if (g_strcmp0 (field, "adverse-events") == 0)
    return GTK_WIDGET (self->events_list);
  return GTK_WIDGET (self->notes_row);
}

static void
update_regions_label (FolSessionEditor *self)
{
  guint mask = fol_scalp_map_get_selected_regions (self->map);
  g_autoptr(GString) text = g_string_new (NULL);

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    if (mask & FOL_REGION_BIT (r))
      {
        if (text->len > 0)
          g_string_append (text, ", ");
        g_string_append (text, fol_region_short_name (r));
      }

  gtk_label_set_text (self->regions_label, text->len ? text->str : _("No region chosen"));
}

static void
validate (FolSessionEditor *self)
{
  g_autoptr(FolTreatmentSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkWidget *widget = NULL;
  GtkWidget *fields[] = {
    GTK_WIDGET (self->date_row), GTK_WIDGET (self->type_row), GTK_WIDGET (self->volume_row),
    GTK_WIDGET (self->depth_row), GTK_WIDGET (self->map), GTK_WIDGET (self->events_list),
    GTK_WIDGET (self->notes_row),
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    fol_form_flag (fields[i], NULL, NULL);
  fol_form_flag (GTK_WIDGET (self->date_row), self->session_message, NULL);
  fol_form_flag (GTK_WIDGET (self->events_list), self->events_message, NULL);

  session = build_session (self, &widget, &message);
  if (session != NULL)
    {
      const char *field = NULL;
      FolDate birth = fol_patient_get_birth_date (fol_history_get_patient (self->history));

      if (!fol_treatment_session_validate (session, birth, &field, &error))
        {
          widget = field_widget (self, field);
          message = g_strdup (error->message);
        }
    }

  if (message != NULL)
    fol_form_flag (widget,
                   widget == GTK_WIDGET (self->events_list) ? self->events_message
                                                            : self->session_message,
                   message);

  self->valid = message == NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", self->valid);
}

static void
field_changed_cb (FolSessionEditor *self)
{
  if (self->loading)
    return;

  self->dirty = TRUE;
  fol_form_show_error (self->error_revealer, self->error_label, NULL);
  validate (self);
}

static void
regions_changed_cb (FolSessionEditor *self)
{
  update_regions_label (self);
  field_changed_cb (self);
}

static void
entry_activated_cb (FolSessionEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}

static void
remove_event_cb (GtkButton        *button,
                 FolSessionEditor *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  gtk_list_box_remove (self->events_list, row);
  field_changed_cb (self);
}

static guint
add_event (FolSessionEditor *self,
           const char       *description,
           FolSeverity       severity)
{
  static const char *severities[] = { N_("Mild"), N_("Moderate"), N_("Severe"), NULL };
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  GtkWidget *row, *box, *entry, *dropdown, *remove;
  guint n = 0;

  for (guint i = 0; severities[i] != NULL; i++)
    gtk_string_list_append (model, _(severities[i]));

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  entry = gtk_entry_new ();
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("What happened"));
  gtk_editable_set_text (GTK_EDITABLE (entry), description ? description : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Adverse event"), -1);
  g_signal_connect_object (entry, "changed", G_CALLBACK (field_changed_cb), self,
                           G_CONNECT_SWAPPED);

  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (model)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), severity);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  fol_form_name_drop_down (GTK_DROP_DOWN (dropdown), _("Severity"));
  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (field_changed_cb), self,
                           G_CONNECT_SWAPPED);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove Event"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove adverse event"), -1);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_event_cb), self, 0);

  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), dropdown);
  gtk_box_append (GTK_BOX (box), remove);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "description", entry);
  g_object_set_data (G_OBJECT (row), "severity", dropdown);
  gtk_list_box_append (self->events_list, row);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->events_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += g_object_get_data (G_OBJECT (child), "description") != NULL;

  return n;
}

static void
add_event_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  FolSessionEditor *self = FOL_SESSION_EDITOR (widget);

  add_event (self, NULL, FOL_SEVERITY_MILD);
  field_changed_cb (self);
}

/* Fills the form from the patient's last session: what a course repeats
 * (treatment, product, amount, depth, anaesthesia, regions), never what
 * belongs to one session (date, lot number, adverse events, notes).
 */
static void
repeat_last_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  FolSessionEditor *self = FOL_SESSION_EDITOR (widget);
  guint n = fol_history_get_n_sessions (self->history);
  FolTreatmentSession *last;
  g_autofree char *volume = NULL;
  g_autofree char *depth = NULL;
  const char *dose, *product, *anaesthesia;

  if (n == 0)
    return;
  last = fol_history_get_session (self->history, n - 1);
  volume = fol_form_format_double (fol_treatment_session_get_volume_ml (last));
  depth = fol_form_format_double (fol_treatment_session_get_depth_mm (last));
  product = fol_treatment_session_get_product (last);
  dose = fol_treatment_session_get_dose (last);
  anaesthesia = fol_treatment_session_get_anaesthesia (last);

  fol_form_catalog_select (FOL_CATALOG_TREATMENT_TYPE, self->type_row, TRUE,
                           fol_treatment_session_get_treatment_type (last));
  gtk_editable_set_text (GTK_EDITABLE (self->product_row), product ? product : "");
  gtk_editable_set_text (GTK_EDITABLE (self->volume_row), volume);
  gtk_editable_set_text (GTK_EDITABLE (self->dose_row), dose ? dose : "");
  gtk_editable_set_text (GTK_EDITABLE (self->depth_row), depth);
  gtk_editable_set_text (GTK_EDITABLE (self->anaesthesia_row), anaesthesia ? anaesthesia : "");
  fol_scalp_map_set_selected_regions (self->map, fol_treatment_session_get_regions (last));
  update_regions_label (self);
  field_changed_cb (self);
}

static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

/* The form shows @session, as stored; what was typed goes. */
static void
fill (FolSessionEditor    *self,
      FolTreatmentSession *session)
{
  g_autofree char *date = fol_date_to_iso (fol_treatment_session_get_date (session));
  g_autofree char *volume = fol_form_format_double (fol_treatment_session_get_volume_ml (session));
  g_autofree char *depth = fol_form_format_double (fol_treatment_session_get_depth_mm (session));
  GtkWidget *child;
  gboolean loading = self->loading;

  self->loading = TRUE;
  g_set_object (&self->original, NULL);
  self->original = fol_treatment_session_copy (session);
  set_row_text (self->date_row, date);
  fol_form_catalog_select (FOL_CATALOG_TREATMENT_TYPE, self->type_row, TRUE,
                           fol_treatment_session_get_treatment_type (session));
  set_row_text (self->product_row, fol_treatment_session_get_product (session));
  set_row_text (self->lot_row, fol_treatment_session_get_lot_number (session));
  set_row_text (self->volume_row, volume);
  set_row_text (self->dose_row, fol_treatment_session_get_dose (session));
  set_row_text (self->depth_row, depth);
  set_row_text (self->anaesthesia_row, fol_treatment_session_get_anaesthesia (session));
  set_row_text (self->clinician_row, fol_treatment_session_get_clinician (session));
  set_row_text (self->notes_row, fol_treatment_session_get_notes (session));
  fol_scalp_map_set_selected_regions (self->map, fol_treatment_session_get_regions (session));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->events_list))) != NULL)
    gtk_list_box_remove (self->events_list, child);
  for (guint i = 0; i < fol_treatment_session_get_n_adverse_events (session); i++)
    {
      FolSeverity severity;
      const char *text = fol_treatment_session_get_adverse_event (session, i, &severity);

      add_event (self, text, severity);
    }
  update_regions_label (self);
  self->loading = loading;
  self->dirty = FALSE;
}

/* The session as stored now, from the store (another workstation's). */
static FolTreatmentSession *
load_stored (FolSessionEditor  *self,
             GError           **error)
{
  const char *id = fol_treatment_session_get_id (self->original);
  g_autoptr(FolHistory) history = NULL;

  history = fol_store_load_history (self->store,
                                    fol_treatment_session_get_patient_id (self->original), error);
  if (history == NULL)
    return NULL;
  for (guint i = 0; i < fol_history_get_n_sessions (history); i++)
    if (g_strcmp0 (fol_treatment_session_get_id (fol_history_get_session (history, i)), id) == 0)
      return fol_treatment_session_copy (fol_history_get_session (history, i));
  g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
               _("No treatment session has the ID “%s”"), id);
  return NULL;
}

/* A row's title without its mnemonic, as the field's name. */
static char *
row_name (gpointer row)
{
  g_autofree char *title = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  GString *name = g_string_new (NULL);

  for (const char *p = title; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (name, *p);
  return g_string_free (name, FALSE);
}

static void
compare_row (GPtrArray  *rows,
             gpointer    row,
             const char *theirs,
             const char *yours)
{
  g_autofree char *name = row_name (row);

  fol_conflict_rows_add (rows, name, theirs, yours);
}

/* Their session beside what was typed here, field by field. */
static GPtrArray *
compare (FolSessionEditor    *self,
         FolTreatmentSession *theirs,
         FolTreatmentSession *yours)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  FolTreatmentSession *s[2] = { theirs, yours };
  char *text[2][4];
  const char *type[2];

  for (guint k = 0; k < 2; k++)
    {
      const char *code = fol_treatment_session_get_treatment_type (s[k]);

      text[k][0] = fol_date_to_iso (fol_treatment_session_get_date (s[k]));
      text[k][1] = fol_form_format_double (fol_treatment_session_get_volume_ml (s[k]));
      text[k][2] = fol_form_format_double (fol_treatment_session_get_depth_mm (s[k]));
      text[k][3] = g_strdup_printf ("%u", fol_treatment_session_get_n_adverse_events (s[k]));
      type[k] = code != NULL && fol_catalog_contains (FOL_CATALOG_TREATMENT_TYPE, code)
                ? fol_catalog_label (FOL_CATALOG_TREATMENT_TYPE, code) : code;
    }
  compare_row (rows, self->date_row, text[0][0], text[1][0]);
  compare_row (rows, self->type_row, type[0], type[1]);
  compare_row (rows, self->product_row, fol_treatment_session_get_product (theirs),
               fol_treatment_session_get_product (yours));
  compare_row (rows, self->lot_row, fol_treatment_session_get_lot_number (theirs),
               fol_treatment_session_get_lot_number (yours));
  compare_row (rows, self->volume_row, text[0][1], text[1][1]);
  compare_row (rows, self->dose_row, fol_treatment_session_get_dose (theirs),
               fol_treatment_session_get_dose (yours));
  compare_row (rows, self->depth_row, text[0][2], text[1][2]);
  compare_row (rows, self->anaesthesia_row, fol_treatment_session_get_anaesthesia (theirs),
               fol_treatment_session_get_anaesthesia (yours));
  compare_row (rows, self->clinician_row, fol_treatment_session_get_clinician (theirs),
               fol_treatment_session_get_clinician (yours));
  compare_row (rows, self->notes_row, fol_treatment_session_get_notes (theirs),
               fol_treatment_session_get_notes (yours));
  {
    g_autoptr(GString) their_regions = g_string_new (NULL);
    g_autoptr(GString) your_regions = g_string_new (NULL);
    GString *regions[2] = { their_regions, your_regions };

    for (guint k = 0; k < 2; k++)
      for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
        if (fol_treatment_session_get_regions (s[k]) & FOL_REGION_BIT (r))
          g_string_append_printf (regions[k], "%s%s", regions[k]->len ? ", " : "",
                                  fol_region_name (r));
    fol_conflict_rows_add (rows, _("Regions"), regions[0]->str, regions[1]->str);
  }
  for (guint k = 0; k < 2; k++)
    for (guint i = 0; i < G_N_ELEMENTS (text[k]); i++)
      g_free (text[k][i]);
  return rows;
}

static void
conflict_response_cb (FolSessionEditor *self,
                      const char       *response)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolTreatmentSession) stored = NULL;

  if (g_str_equal (response, FOL_CONFLICT_KEEP_EDITING) || self->original == NULL)
    return;

  stored = load_stored (self, &error);
  if (stored == NULL)
    {
      fol_form_show_error (self->error_revealer, self->error_label, error);
      return;
    }
  if (g_str_equal (response, FOL_CONFLICT_RELOAD))
    {
      fill (self, stored);
      fol_form_show_error (self->error_revealer, self->error_label, NULL);
      validate (self);
    }
  else if (g_str_equal (response, FOL_CONFLICT_SAVE_MINE))
    {
      /* Seen theirs, and chosen to replace it: on what is stored now. */
      fol_treatment_session_set_updated_at (self->original,
                                            fol_treatment_session_get_updated_at (stored));
      gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
    }
}

static void
offer_conflict (FolSessionEditor    *self,
                FolTreatmentSession *yours,
                const GError        *error)
{
  g_autoptr(FolTreatmentSession) theirs = self->original ? load_stored (self, NULL) : NULL;
  g_autoptr(GPtrArray) rows = theirs ? compare (self, theirs, yours) : NULL;

  fol_conflict_dialog_offer (GTK_WINDOW (self), &self->conflict, error, rows,
                             G_CALLBACK (conflict_response_cb));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  FolSessionEditor *self = FOL_SESSION_EDITOR (widget);
  g_autoptr(FolTreatmentSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkWidget *field = NULL;

  validate (self);
  if (!self->valid)
    return;

  session = build_session (self, &field, &message);
  g_assert (session != NULL);

  if (!fol_store_save_session (self->store, session, &error))
    {
      fol_form_show_error (self->error_revealer, self->error_label, error);
      if (g_error_matches (error, FOL_STORE_ERROR, FOL_STORE_ERROR_CHANGED))
        offer_conflict (self, session, error);
      return;
    }

  self->dirty = FALSE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
fol_session_editor_close_request (GtkWindow *window)
{
  FolSessionEditor *self = FOL_SESSION_EDITOR (window);

  if (fol_form_close_request (window, self->dirty))
    return TRUE;

  return GTK_WINDOW_CLASS (fol_session_editor_parent_class)->close_request (window);
}

static void
fol_session_editor_dispose (GObject *object)
{
  FolSessionEditor *self = FOL_SESSION_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FOL_TYPE_SESSION_EDITOR);
  fol_conflict_dialog_dismiss (&self->conflict);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->history);
  g_clear_object (&self->original);

  G_OBJECT_CLASS (fol_session_editor_parent_class)->dispose (object);
}

static void
fol_session_editor_class_init (FolSessionEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = fol_session_editor_dispose;
  window_class->close_request = fol_session_editor_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fol-session-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FolSessionEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, FolSessionEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, FolSessionEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, FolSessionEditor, date_row);
  gtk_widget_class_bind_template_child (widget_class, FolSessionEditor, type_row);
  gtk_widget_class_bind_template_child (widget_class, FolSessionEditor, product_row);
  gtk_widget_class_bind_template_child (widget_class, FolSessionEditor, lot_row);
  gtk_widget_class_bind_template_child (widget_class, FolSessionEditor, volume_row);
  gtk_widget_class_bind_template_child (widget_class, FolSessionEditor, dose_row);
  gtk_widget_class_bind_template_child (widget_class, FolSessionEditor, depth_row);
  gtk_widget_class_bind_template_child (widget_class, FolSessionEditor, anaesthesia_row);
  gtk_widget_class_bind_template_child (widget_class, FolSessionEditor, clinician_row);
  gtk_widget_class_bind_template_child (widget_class, FolSessionEditor, notes_row);
  gtk_widget_class_bind_template_child (widget_class, FolSessionEditor, session_message);
  gtk_widget_class_bind_template_child (widget_class, FolSessionEditor, map);
  gtk_widget_class_bind_template_child (widget_class, FolSessionEditor, regions_label);
  gtk_widget_class_bind_template_child (widget_class, FolSessionEditor, events_list);
  gtk_widget_class_bind_template_child (widget_class, FolSessionEditor, events_message);
  gtk_widget_class_bind_template_child (widget_class, FolSessionEditor, repeat_button);
  gtk_widget_class_bind_template_callback (widget_class, regions_changed_cb);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.add-event", NULL, add_event_action);
  gtk_widget_class_install_action (widget_class, "editor.repeat-last", NULL, repeat_last_action);
  fol_form_class_init (widget_class);

  g_type_ensure (FOL_TYPE_SCALP_MAP);
}

static void
fol_session_editor_init (FolSessionEditor *self)
{
  g_autoptr(GtkStringList) types = NULL;
  AdwEntryRow *rows[] = {
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  g_type_ensure (FOL_TYPE_SCALP_MAP);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = TRUE;

  /* A new session starts with no treatment chosen: a course that repeats
   * the last session says so with "Repeat Last Session". */
  types = fol_form_catalog_model (FOL_CATALOG_TREATMENT_TYPE, _("Not chosen"));
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (types));
  g_signal_connect_object (self->type_row, "notify::selected", G_CALLBACK (field_changed_cb),
                           self, G_CONNECT_SWAPPED);
  fol_form_add_calendar (self->date_row);

  rows[0] = self->date_row;
  rows[1] = self->product_row;
  rows[2] = self->lot_row;
  rows[3] = self->volume_row;
  rows[4] = self->dose_row;
  rows[5] = self->depth_row;
  rows[6] = self->anaesthesia_row;
  rows[7] = self->clinician_row;
  rows[8] = self->notes_row;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_signal_connect_object (rows[i], "changed", G_CALLBACK (field_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (rows[i], "entry-activated", G_CALLBACK (entry_activated_cb), self,
                               G_CONNECT_SWAPPED);
    }

  update_regions_label (self);
  self->loading = FALSE;
}


/**
 * fol_session_editor_new:
 * @session_id: (nullable): the session to edit, %NULL for a new one
 */
GtkWidget *
fol_session_editor_new (FolStore   *store,
                        GSettings  *settings,
                        FolHistory *history,
                        const char *session_id)
{
  FolSessionEditor *self;
  FolTreatmentSession *session = NULL;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (FOL_IS_HISTORY (history), NULL);

  self = g_object_new (FOL_TYPE_SESSION_EDITOR, NULL);
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  self->history = g_object_ref (history);
  self->loading = TRUE;

  for (guint i = 0; session_id != NULL && i < fol_history_get_n_sessions (history); i++)
    if (g_strcmp0 (fol_treatment_session_get_id (fol_history_get_session (history, i)),
                   session_id) == 0)
      session = fol_history_get_session (history, i);

  if (session != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Treatment Session"));
      fill (self, session);
    }
  else
    {
      g_autofree char *today = fol_date_to_iso (fol_date_today ());
      g_autofree char *clinician = g_settings_get_string (settings, "clinician-name");
      guint n = fol_history_get_n_sessions (history);

      gtk_window_set_title (GTK_WINDOW (self), _("New Treatment Session"));
      set_row_text (self->date_row, today);
      set_row_text (self->clinician_row, clinician);

      gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.repeat-last", n > 0);
      gtk_widget_set_visible (GTK_WIDGET (self->repeat_button), n > 0);
    }

  update_regions_label (self);
  self->loading = FALSE;
  validate (self);

  /* Typing goes into the first field, never to a button: a space would
   * otherwise press Cancel. */
  gtk_widget_grab_focus (GTK_WIDGET (self->date_row));

  return GTK_WIDGET (self);
}

GtkEditable *
_fol_session_editor_get_date (FolSessionEditor *self)
{
  return GTK_EDITABLE (self->date_row);
}

GtkWidget *
_fol_session_editor_get_conflict (FolSessionEditor *self)
{
  return self->conflict;
}

GtkWidget *
_fol_session_editor_get_repeat_button (FolSessionEditor *self)
{
  return self->repeat_button;
}

GtkEditable *
_fol_session_editor_get_product (FolSessionEditor *self)
{
  return GTK_EDITABLE (self->product_row);
}

GtkEditable *
_fol_session_editor_get_lot (FolSessionEditor *self)
{
  return GTK_EDITABLE (self->lot_row);
}

GtkEditable *
_fol_session_editor_get_volume (FolSessionEditor *self)
{
  return GTK_EDITABLE (self->volume_row);
}

AdwComboRow *
_fol_session_editor_get_type_row (FolSessionEditor *self)
{
  return self->type_row;
}

FolScalpMap *
_fol_session_editor_get_map (FolSessionEditor *self)
{
  return self->map;
}

guint
_fol_session_editor_add_adverse_event (FolSessionEditor *self,
                                       const char       *description,
                                       FolSeverity       severity)
{
  guint n = add_event (self, description, severity);

  field_changed_cb (self);
  return n;
}

gboolean
_fol_session_editor_can_save (FolSessionEditor *self)
{
  return self->valid && gtk_widget_get_sensitive (self->save_button);
}
