/* fol-patient-editor.c
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

#define G_LOG_DOMAIN "fol-patient-editor"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "fol-conflict-dialog.h"
#include "fol-editor-private.h"
#include "fol-error.h"
#include "fol-form.h"
#include "fol-validate.h"

struct _FolPatientEditor
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkWidget   *save_button;
  GtkRevealer *error_revealer;
  GtkLabel    *error_label;
  AdwEntryRow *name_row;
  AdwEntryRow *birth_row;
  AdwComboRow *sex_row;
  AdwComboRow *diagnosis_row;
  AdwEntryRow *notes_row;
  GtkLabel    *message_label;
  AdwExpanderRow *sites_row;
  AdwEntryRow *site_rows[FOL_N_REGIONS];

  /* Owned */
  FolStore    *store;
  FolPatient  *original;
  char        *saved_id;

  /* Borrowed */
  GtkWidget   *conflict;   /* weak: "Changed on Another Workstation" */

  gboolean     loading;
  gboolean     saving;
  gboolean     dirty;
  gboolean     valid;
};

G_DEFINE_FINAL_TYPE (FolPatientEditor, fol_patient_editor, ADW_TYPE_WINDOW)

static GtkWidget *
field_widget (FolPatientEditor *self,
              const char       *field)
{
  if (g_strcmp0 (field, "name") == 0)
    return GTK_WIDGET (self->name_row);
  if (g_strcmp0 (field, "birth-date") == 0)
    return GTK_WIDGET (self->birth_row);
  if (g_strcmp0 (field, "sex") == 0)
    return GTK_WIDGET (self->sex_row);
  if (g_strcmp0 (field, "diagnosis") == 0)
    return GTK_WIDGET (self->diagnosis_row);
  return GTK_WIDGET (self->notes_row);
}

/* Builds the patient the form describes, on a copy, so nothing reaches the
 * original before Save. Returns NULL and flags the field on a typing error.
 */
static FolPatient *
build_patient (FolPatientEditor  *self,
               const char       **out_field,
               char             **out_message)
{
  g_autoptr(FolPatient) patient = NULL;
  g_autofree char *name = NULL;
  FolDate birth;

  patient = self->original ? fol_patient_copy (self->original) : fol_patient_new ();

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  fol_patient_set_name (patient, name);

  if (!fol_form_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->birth_row)), &birth))
    {
      *out_field = "birth-date";
      *out_message = fol_form_date_message ();
      return NULL;
    }
  fol_patient_set_birth_date (patient, birth);
  fol_patient_set_sex (patient, fol_form_catalog_code (FOL_CATALOG_SEX, self->sex_row, FALSE));
  fol_patient_set_diagnosis (patient, fol_form_catalog_code (FOL_CATALOG_DIAGNOSIS,
                                                             self->diagnosis_row, TRUE));
  fol_patient_set_notes (patient, gtk_editable_get_text (GTK_EDITABLE (self->notes_row)));

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      const char *site = gtk_editable_get_text (GTK_EDITABLE (self->site_rows[r]));

      fol_patient_set_site (patient, r, site[0] ? site : NULL);
    }

  return g_steal_pointer (&patient);
}

static void
validate (FolPatientEditor *self)
{
  g_autoptr(FolPatient) patient = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *field = NULL;
  GtkWidget *fields[] = {
    GTK_WIDGET (self->name_row), GTK_WIDGET (self->birth_row), GTK_WIDGET (self->sex_row),
    GTK_WIDGET (self->diagnosis_row), GTK_WIDGET (self->notes_row),
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    fol_form_flag (fields[i], NULL, NULL);

  patient = build_patient (self, &field, &message);
  if (patient != NULL && !fol_patient_validate (patient, &field, &error))
    message = g_strdup (error->message);

  /* A blank new form is not an error yet: it is only incomplete. */
  if (message != NULL && !(g_strcmp0 (field, "name") == 0 && !self->dirty))
    fol_form_flag (field_widget (self, field), self->message_label, message);
  else
    fol_form_flag (GTK_WIDGET (self->notes_row), self->message_label, NULL);

  self->valid = message == NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", self->valid);
}

static void
field_changed_cb (FolPatientEditor *self)
{
  if (self->loading)
    return;

  self->dirty = TRUE;
  fol_form_show_error (self->error_revealer, self->error_label, NULL);
  validate (self);
}

/* Shows @patient in the form, as stored: nothing typed yet. */
static void
fill (FolPatientEditor *self,
      FolPatient       *patient)
{
  g_autofree char *birth = NULL;

  g_clear_object (&self->original);
  self->original = fol_patient_copy (patient);
  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), fol_patient_get_name (patient));
  if (fol_patient_get_birth_date (patient) != FOL_DATE_NONE)
    birth = fol_date_to_iso (fol_patient_get_birth_date (patient));
  gtk_editable_set_text (GTK_EDITABLE (self->birth_row), birth ? birth : "");
  fol_form_catalog_select (FOL_CATALOG_SEX, self->sex_row, FALSE,
                           fol_patient_get_sex (patient) ? fol_patient_get_sex (patient)
                                                         : "unspecified");
  fol_form_catalog_select (FOL_CATALOG_DIAGNOSIS, self->diagnosis_row, TRUE,
                           fol_patient_get_diagnosis (patient));
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row),
                         fol_patient_get_notes (patient) ? fol_patient_get_notes (patient) : "");
  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      const char *site = fol_patient_get_site (patient, r);

      gtk_editable_set_text (GTK_EDITABLE (self->site_rows[r]), site ? site : "");
    }
  self->loading = FALSE;
  self->dirty = FALSE;
}

static const char *
choice_label (FolCatalog  catalog,
              const char *code)
{
  return code != NULL && fol_catalog_contains (catalog, code) ? fol_catalog_label (catalog, code)
                                                               : code;
}

/* Their patient beside what was typed here, field by field. */
static GPtrArray *
compare (FolPatient *theirs,
         FolPatient *yours)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *their_birth = fol_date_format (fol_patient_get_birth_date (theirs));
  g_autofree char *your_birth = fol_date_format (fol_patient_get_birth_date (yours));

  fol_conflict_rows_add (rows, _("Name"), fol_patient_get_name (theirs),
                         fol_patient_get_name (yours));
  fol_conflict_rows_add (rows, _("Date of birth"), their_birth, your_birth);
  fol_conflict_rows_add (rows, _("Sex"),
                         choice_label (FOL_CATALOG_SEX, fol_patient_get_sex (theirs)),
                         choice_label (FOL_CATALOG_SEX, fol_patient_get_sex (yours)));
  fol_conflict_rows_add (rows, _("Diagnosis"),
                         choice_label (FOL_CATALOG_DIAGNOSIS, fol_patient_get_diagnosis (theirs)),
                         choice_label (FOL_CATALOG_DIAGNOSIS, fol_patient_get_diagnosis (yours)));
  fol_conflict_rows_add (rows, _("Notes"), fol_patient_get_notes (theirs),
                         fol_patient_get_notes (yours));
  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    fol_conflict_rows_add (rows, fol_region_name (r), fol_patient_get_site (theirs, r),
                           fol_patient_get_site (yours, r));
  return rows;
}

static void
conflict_response_cb (FolPatientEditor *self,
                      const char       *response)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) stored = NULL;

  if (g_str_equal (response, FOL_CONFLICT_KEEP_EDITING) || self->original == NULL)
    return;

  stored = fol_store_get_patient (self->store, fol_patient_get_id (self->original), &error);
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
      fol_patient_set_updated_at (self->original, fol_patient_get_updated_at (stored));
      gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
    }
}

static void
offer_conflict (FolPatientEditor *self,
                FolPatient       *yours,
                const GError     *error)
{
  g_autoptr(FolPatient) theirs = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  theirs = fol_store_get_patient (self->store, fol_patient_get_id (yours), NULL);
  rows = theirs ? compare (theirs, yours) : NULL;
  fol_conflict_dialog_offer (GTK_WINDOW (self), &self->conflict, error, rows,
                             G_CALLBACK (conflict_response_cb));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  FolPatientEditor *self = FOL_PATIENT_EDITOR (widget);
  g_autoptr(FolPatient) patient = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *field = NULL;
  gboolean ok;

  validate (self);
  if (!self->valid)
    return;

  patient = build_patient (self, &field, &message);
  g_assert (patient != NULL);

  self->saving = TRUE;
  ok = fol_store_save_patient (self->store, patient, &error);
  self->saving = FALSE;
  if (!ok)
    {
      fol_form_show_error (self->error_revealer, self->error_label, error);
      if (g_error_matches (error, FOL_STORE_ERROR, FOL_STORE_ERROR_CHANGED))
        offer_conflict (self, patient, error);
      return;
    }

  g_free (self->saved_id);
  self->saved_id = g_strdup (fol_patient_get_id (patient));
  self->dirty = FALSE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
entry_activated_cb (FolPatientEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}

static gboolean
fol_patient_editor_close_request (GtkWindow *window)
{
  FolPatientEditor *self = FOL_PATIENT_EDITOR (window);

  if (fol_form_close_request (window, self->dirty))
    return TRUE;

  return GTK_WINDOW_CLASS (fol_patient_editor_parent_class)->close_request (window);
}

static void
fol_patient_editor_dispose (GObject *object)
{
  FolPatientEditor *self = FOL_PATIENT_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FOL_TYPE_PATIENT_EDITOR);
  fol_conflict_dialog_dismiss (&self->conflict);
  g_clear_object (&self->store);
  g_clear_object (&self->original);

  G_OBJECT_CLASS (fol_patient_editor_parent_class)->dispose (object);
}

static void
fol_patient_editor_finalize (GObject *object)
{
  FolPatientEditor *self = FOL_PATIENT_EDITOR (object);

  g_clear_pointer (&self->saved_id, g_free);

  G_OBJECT_CLASS (fol_patient_editor_parent_class)->finalize (object);
}

static void
fol_patient_editor_class_init (FolPatientEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = fol_patient_editor_dispose;
  object_class->finalize = fol_patient_editor_finalize;
  window_class->close_request = fol_patient_editor_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fol-patient-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FolPatientEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, FolPatientEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, FolPatientEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, FolPatientEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, FolPatientEditor, birth_row);
  gtk_widget_class_bind_template_child (widget_class, FolPatientEditor, sex_row);
  gtk_widget_class_bind_template_child (widget_class, FolPatientEditor, diagnosis_row);
  gtk_widget_class_bind_template_child (widget_class, FolPatientEditor, notes_row);
  gtk_widget_class_bind_template_child (widget_class, FolPatientEditor, message_label);
  gtk_widget_class_bind_template_child (widget_class, FolPatientEditor, sites_row);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  fol_form_class_init (widget_class);
}

static void
fol_patient_editor_init (FolPatientEditor *self)
{
  g_autoptr(GtkStringList) sexes = NULL;
  g_autoptr(GtkStringList) diagnoses = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->loading = TRUE;

  sexes = fol_form_catalog_model (FOL_CATALOG_SEX, NULL);
  diagnoses = fol_form_catalog_model (FOL_CATALOG_DIAGNOSIS, _("Not set"));
  adw_combo_row_set_model (self->sex_row, G_LIST_MODEL (sexes));
  adw_combo_row_set_model (self->diagnosis_row, G_LIST_MODEL (diagnoses));
  fol_form_catalog_select (FOL_CATALOG_SEX, self->sex_row, FALSE, "unspecified");
  fol_form_add_calendar (self->birth_row);

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      self->site_rows[r] = ADW_ENTRY_ROW (adw_entry_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->site_rows[r]),
                                     fol_region_name (r));
      g_signal_connect_object (self->site_rows[r], "changed",
                               G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
      adw_expander_row_add_row (self->sites_row, GTK_WIDGET (self->site_rows[r]));
    }

  self->loading = FALSE;
}

/**
 * fol_patient_editor_new:
 * @patient: (nullable): the patient to edit, %NULL for a new one
 */
GtkWidget *
fol_patient_editor_new (FolStore   *store,
                        FolPatient *patient)
{
  FolPatientEditor *self;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);
  g_return_val_if_fail (!patient || FOL_IS_PATIENT (patient), NULL);

  self = g_object_new (FOL_TYPE_PATIENT_EDITOR, NULL);
  self->store = g_object_ref (store);

  if (patient != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Patient"));
      fill (self, patient);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Patient"));
    }

  validate (self);
  /* Typing goes into the first field, never to a button: a space would
   * otherwise press Cancel. */
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));

  return GTK_WIDGET (self);
}

/**
 * fol_patient_editor_set_name:
 * @name: the name to start from (what was searched for), not yet an edit
 *
 * Closing the editor without changing anything asks nothing.
 */
void
fol_patient_editor_set_name (FolPatientEditor *self,
                             const char       *name)
{
  g_return_if_fail (FOL_IS_PATIENT_EDITOR (self));
  g_return_if_fail (name != NULL);

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  gtk_editable_set_position (GTK_EDITABLE (self->name_row), -1);
  self->loading = FALSE;
  validate (self);
}

/**
 * fol_patient_editor_is_saving:
 *
 * Whether a change the store announces now is this editor's own save (and
 * not one made elsewhere meanwhile, on another workstation).
 */
gboolean
fol_patient_editor_is_saving (FolPatientEditor *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT_EDITOR (self), FALSE);

  return self->saving;
}

/**
 * fol_patient_editor_get_saved_id:
 *
 * Returns: (nullable): the ID of the patient once saved
 */
const char *
fol_patient_editor_get_saved_id (FolPatientEditor *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT_EDITOR (self), NULL);
  return self->saved_id;
}

GtkEditable *
_fol_patient_editor_get_name (FolPatientEditor *self)
{
  return GTK_EDITABLE (self->name_row);
}

GtkEditable *
_fol_patient_editor_get_birth_date (FolPatientEditor *self)
{
  return GTK_EDITABLE (self->birth_row);
}

AdwComboRow *
_fol_patient_editor_get_sex (FolPatientEditor *self)
{
  return self->sex_row;
}

AdwComboRow *
_fol_patient_editor_get_diagnosis (FolPatientEditor *self)
{
  return self->diagnosis_row;
}

gboolean
_fol_patient_editor_can_save (FolPatientEditor *self)
{
  return gtk_widget_get_sensitive (self->save_button) && self->valid;
}

GtkRevealer *
_fol_patient_editor_get_error (FolPatientEditor *self)
{
  return self->error_revealer;
}

GtkLabel *
_fol_patient_editor_get_error_label (FolPatientEditor *self)
{
  return self->error_label;
}

GtkWidget *
_fol_patient_editor_get_conflict (FolPatientEditor *self)
{
  return self->conflict;
}
