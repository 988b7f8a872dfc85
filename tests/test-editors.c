/* test-editors.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fol-catalog.h"
#include "fol-editor-private.h"
#include "fol-form.h"
#include "fol-measure-field.h"
#include "fol-test-a11y.h"
#include "fol-test-app.h"
#include "test-helpers.h"

/* The editors as a clinician meets them: typing goes into the first field,
 * a new treatment session starts empty, and a value the app derived is
 * shown as derived and follows what it is derived from. */

static GtkWindow *
open_editor (FolTestApp *t,
             const char *action,
             GVariant   *param)
{
  g_assert_null (t->window->editor);
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (t->window), action, param));
  fol_test_iterate ();
  g_assert_nonnull (t->window->editor);
  return t->window->editor;
}

static void
close_editor (FolTestApp *t)
{
  gtk_window_destroy (t->window->editor);
  fol_test_iterate ();
  g_assert_null (t->window->editor);
}

static void
assert_focus_in (GtkWindow   *editor,
                 GtkEditable *field)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (editor));

  g_assert_nonnull (focus);
  g_assert_true (focus == GTK_WIDGET (field) || gtk_widget_is_ancestor (focus, GTK_WIDGET (field)));
}

static char *
first_patient (FolTestApp *t)
{
  g_autoptr(GListModel) patients = fol_store_list_patients (t->window->store, "Keller", NULL);
  g_autoptr(FolPatient) patient = g_list_model_get_item (patients, 0);

  g_assert_nonnull (patient);
  return g_strdup (fol_patient_get_id (patient));
}

static void
focus_body (gpointer data)
{
  FolTestApp *t = data;
  g_autofree char *id = first_patient (t);
  GtkWindow *editor;

  fol_window_show_patient (t->window, id);
  fol_test_iterate ();

  editor = open_editor (t, "win.new-patient", NULL);
  assert_focus_in (editor, _fol_patient_editor_get_name (FOL_PATIENT_EDITOR (editor)));
  close_editor (t);

  editor = open_editor (t, "win.new-visit", NULL);
  assert_focus_in (editor, _fol_visit_editor_get_date (FOL_VISIT_EDITOR (editor)));
  close_editor (t);

  editor = open_editor (t, "win.new-session", NULL);
  assert_focus_in (editor, _fol_session_editor_get_date (FOL_SESSION_EDITOR (editor)));
  close_editor (t);
}

static void
test_focus (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, focus_body);
}

static void
session_body (gpointer data)
{
  FolTestApp *t = data;
  g_autofree char *id = first_patient (t);
  g_autoptr(FolHistory) before = fol_store_load_history (t->window->store, id, NULL);
  g_autoptr(FolHistory) after = NULL;
  g_autofree char *other = NULL;
  FolTreatmentSession *last, *added;
  FolSessionEditor *editor;
  guint n = fol_history_get_n_sessions (before);

  g_assert_cmpuint (n, >, 0);
  last = fol_history_get_session (before, n - 1);
  fol_window_show_patient (t->window, id);
  fol_test_iterate ();

  /* Nothing of the last session is filled in by itself. */
  editor = FOL_SESSION_EDITOR (open_editor (t, "win.new-session", NULL));
  g_assert_cmpuint (adw_combo_row_get_selected (_fol_session_editor_get_type_row (editor)), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (_fol_session_editor_get_product (editor)), ==, "");
  g_assert_cmpuint (fol_scalp_map_get_selected_regions (_fol_session_editor_get_map (editor)), ==, 0);
  g_assert_false (_fol_session_editor_can_save (editor));
  g_assert_true (gtk_widget_get_visible (_fol_session_editor_get_repeat_button (editor)));

  /* Repeat Last Session fills what a course repeats, not the lot. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.repeat-last", NULL);
  fol_test_iterate ();
  g_assert_cmpuint (adw_combo_row_get_selected (_fol_session_editor_get_type_row (editor)), ==,
                    1 + fol_catalog_index (FOL_CATALOG_TREATMENT_TYPE,
                                           fol_treatment_session_get_treatment_type (last)));
  g_assert_cmpstr (gtk_editable_get_text (_fol_session_editor_get_product (editor)), ==,
                   fol_treatment_session_get_product (last) ? fol_treatment_session_get_product (last) : "");
  g_assert_cmpuint (fol_scalp_map_get_selected_regions (_fol_session_editor_get_map (editor)), ==,
                    fol_treatment_session_get_regions (last));
  g_assert_cmpstr (gtk_editable_get_text (_fol_session_editor_get_lot (editor)), ==, "");
  g_assert_true (_fol_session_editor_can_save (editor));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  fol_test_iterate ();
  g_assert_null (t->window->editor);

  after = fol_store_load_history (t->window->store, id, NULL);
  g_assert_cmpuint (fol_history_get_n_sessions (after), ==, n + 1);
  added = NULL;
  for (guint i = 0; i < fol_history_get_n_sessions (after); i++)
    if (fol_treatment_session_get_date (fol_history_get_session (after, i)) == fol_date_today ())
      added = fol_history_get_session (after, i);
  g_assert_nonnull (added);
  g_assert_cmpstr (fol_treatment_session_get_treatment_type (added), ==,
                   fol_treatment_session_get_treatment_type (last));
  g_assert_null (fol_treatment_session_get_lot_number (added));

  /* A patient without sessions has nothing to repeat. */
  other = helper_add_patient (t->window->store, "Ines Vogel");
  fol_window_show_patient (t->window, other);
  fol_test_iterate ();
  editor = FOL_SESSION_EDITOR (open_editor (t, "win.new-session", NULL));
  g_assert_false (gtk_widget_get_visible (_fol_session_editor_get_repeat_button (editor)));
  close_editor (t);
}

static void
test_session_starts_empty (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, session_body);
}

static void
derived_body (gpointer data)
{
  FolTestApp *t = data;
  g_autoptr(FolVisit) visit = NULL;
  g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = helper_add_patient (t->window->store, "Paul Derived");
  FolVisitEditor *editor;
  GtkEditable *count, *density;
  FolMeasurement *m;

  /* Typed: a count and an area; the store derives the density. */
  visit = helper_visit (id, fol_date_new (2026, 3, 2), NULL);
  g_ptr_array_add (ms, helper_measurement (FOL_REGION_VERTEX, 144));
  fol_measurement_set_field_area (g_ptr_array_index (ms, 0), 1.3);
  g_assert_true (fol_store_save_visit (t->window->store, visit, ms, &error));
  g_assert_no_error (error);
  history = fol_store_load_history (t->window->store, id, NULL);
  m = fol_history_get_measurement (history, 0, FOL_REGION_VERTEX);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_total_density (m), 144 / 1.3, 1e-9);
  g_clear_object (&history);

  fol_window_show_patient (t->window, id);
  fol_test_iterate ();
  editor = FOL_VISIT_EDITOR (open_editor (t, "win.edit-visit",
                                          g_variant_new_string (fol_visit_get_id (visit))));
  count = _fol_visit_editor_get_cell (editor, FOL_REGION_VERTEX, "hair-count");
  density = _fol_visit_editor_get_cell (editor, FOL_REGION_VERTEX, "total-density");

  /* Shown as derived, not as if typed. */
  g_assert_cmpstr (gtk_editable_get_text (density), ==, "");
  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (density)), ==, "110.8");

  /* It follows the count. */
  gtk_editable_set_text (count, "150");
  fol_test_iterate ();
  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (density)), ==, "115.4");
  g_assert_true (_fol_visit_editor_can_save (editor));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  fol_test_iterate ();
  g_assert_null (t->window->editor);

  history = fol_store_load_history (t->window->store, id, NULL);
  m = fol_history_get_measurement (history, 0, FOL_REGION_VERTEX);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_hair_count (m), 150, 1e-9);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_total_density (m), 150 / 1.3, 1e-9);
}

static void
test_derived_density (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, FALSE, derived_body);
}

/* Every field of the table of measurement fields goes through the editor:
 * the shown ones as cells, the others kept; the AA-IGA grade beside SALT. */
static void
fields_body (gpointer data)
{
  FolTestApp *t = data;
  g_autoptr(FolVisit) visit = NULL;
  g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = helper_add_patient (t->window->store, "Fay Fields");
  static const double values[FOL_N_MEASURE_FIELDS] = {
    [FOL_FIELD_HAIR_COUNT] = 90, [FOL_FIELD_FIELD_AREA] = 0.5,
    [FOL_FIELD_TOTAL_DENSITY] = 180.4, [FOL_FIELD_TERMINAL_DENSITY] = 120.4,
    [FOL_FIELD_VELLUS_DENSITY] = 60, [FOL_FIELD_TERMINAL_THRESHOLD] = 35,
    [FOL_FIELD_MEAN_DIAMETER] = 70.5, [FOL_FIELD_ANAGEN] = 82, [FOL_FIELD_TELOGEN] = 18,
    [FOL_FIELD_FU_DENSITY] = 80,
  };
  FolVisitEditor *editor;
  FolMeasurement *m = fol_measurement_new ();
  GtkEditable *telogen, *fu, *anagen;

  fol_measurement_set_region (m, FOL_REGION_VERTEX);
  for (guint i = 0; i < FOL_N_MEASURE_FIELDS; i++)
    fol_measurement_field (i)->set (m, values[i]);
  g_ptr_array_add (ms, m);
  visit = helper_visit (id, fol_date_new (2026, 3, 2), NULL);
  fol_visit_set_salt_top (visit, 50);
  fol_visit_set_salt_back (visit, 0);
  fol_visit_set_salt_right (visit, 0);
  fol_visit_set_salt_left (visit, 0);
  fol_visit_set_aa_iga (visit, 1);
  g_assert_true (fol_store_save_visit (t->window->store, visit, ms, &error));
  g_assert_no_error (error);

  fol_window_show_patient (t->window, id);
  fol_test_iterate ();
  editor = FOL_VISIT_EDITOR (open_editor (t, "win.edit-visit",
                                          g_variant_new_string (fol_visit_get_id (visit))));
  for (guint i = 0; i < FOL_N_MEASURE_FIELDS; i++)
    {
      const FolMeasurementField *field = fol_measurement_field (i);
      g_autofree char *text = fol_form_format_double (values[i]);

      if (!field->in_editor)
        continue;
      g_test_message ("%s", field->property);
      g_assert_cmpstr (gtk_editable_get_text (_fol_visit_editor_get_cell (editor, FOL_REGION_VERTEX,
                                                                          field->property)),
                       ==, text);
    }

  /* Anagen + telogen must be 100, refused at telogen. */
  telogen = _fol_visit_editor_get_cell (editor, FOL_REGION_VERTEX, "telogen");
  anagen = _fol_visit_editor_get_cell (editor, FOL_REGION_VERTEX, "anagen");
  gtk_editable_set_text (telogen, "25");
  fol_test_iterate ();
  g_assert_false (_fol_visit_editor_can_save (editor));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (telogen), "error"));
  /* Left blank, it is shown as 100 − anagen. */
  gtk_editable_set_text (telogen, "");
  gtk_editable_set_text (anagen, "75");
  fol_test_iterate ();
  g_assert_true (_fol_visit_editor_can_save (editor));
  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (telogen)), ==, "25.0");
  gtk_editable_set_text (anagen, "82");
  gtk_editable_set_text (telogen, "18");

  /* No follicular units where hairs were counted: refused at the field. */
  fu = _fol_visit_editor_get_cell (editor, FOL_REGION_VERTEX, "fu-density");
  gtk_editable_set_text (fu, "0");
  fol_test_iterate ();
  g_assert_false (_fol_visit_editor_can_save (editor));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fu), "error"));
  gtk_editable_set_text (fu, "80");
  fol_test_iterate ();
  g_assert_true (_fol_visit_editor_can_save (editor));

  /* The AA-IGA grade is SALT 20.0's: grade 1, not 2. */
  g_assert_cmpuint (adw_combo_row_get_selected (_fol_visit_editor_get_aa_iga (editor)), ==, 2);
  adw_combo_row_set_selected (_fol_visit_editor_get_aa_iga (editor), 3);
  fol_test_iterate ();
  g_assert_false (_fol_visit_editor_can_save (editor));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (_fol_visit_editor_get_aa_iga (editor)),
                                           "error"));
  adw_combo_row_set_selected (_fol_visit_editor_get_aa_iga (editor), 2);
  fol_test_iterate ();
  g_assert_true (_fol_visit_editor_can_save (editor));

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  fol_test_iterate ();
  g_assert_null (t->window->editor);

  history = fol_store_load_history (t->window->store, id, NULL);
  g_assert_cmpint (fol_visit_get_aa_iga (fol_history_get_visit (history, 0)), ==, 1);
  m = fol_history_get_measurement (history, 0, FOL_REGION_VERTEX);
  for (guint i = 0; i < FOL_N_MEASURE_FIELDS; i++)
    {
      g_test_message ("%s", fol_measurement_field (i)->property);
      g_assert_cmpfloat (fol_measurement_field (i)->get (m), ==, values[i]);
    }
}

static void
test_every_field (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, FALSE, fields_body);
}

/* Values estimated from a photo's suggested marks say so in the visit
 * editor until the clinician confirms them; saved unconfirmed they stay
 * estimates, confirmed they become a count on the photo. */
static void
estimates_body (gpointer data)
{
  FolTestApp *t = data;
  g_autoptr(FolVisit) visit = NULL;
  g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = helper_add_patient (t->window->store, "Esther Estimate");
  FolMeasurement *m = helper_measurement (FOL_REGION_VERTEX, 150);
  FolVisitEditor *editor;
  GtkCheckButton *confirm;

  fol_measurement_set_terminal_density (m, 100);
  fol_measurement_set_vellus_density (m, 50);
  fol_measurement_set_mean_diameter (m, 55);
  fol_measurement_set_method (m, "photo_estimate");
  g_ptr_array_add (ms, m);
  g_ptr_array_add (ms, helper_measurement (FOL_REGION_FRONTAL, 140));
  visit = helper_visit (id, fol_date_new (2026, 3, 2), NULL);
  g_assert_true (fol_store_save_visit (t->window->store, visit, ms, &error));
  g_assert_no_error (error);
  fol_window_show_patient (t->window, id);
  fol_test_iterate ();

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(FolHistory) history = NULL;

      editor = FOL_VISIT_EDITOR (open_editor (t, "win.edit-visit",
                                              g_variant_new_string (fol_visit_get_id (visit))));
      confirm = _fol_visit_editor_get_confirm (editor, FOL_REGION_VERTEX);
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (confirm)));
      g_assert_false (gtk_check_button_get_active (confirm));
      g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (gtk_check_button_get_child (confirm))),
                                "estimates"));
      g_assert_false (gtk_widget_get_visible (
                        GTK_WIDGET (_fol_visit_editor_get_confirm (editor, FOL_REGION_FRONTAL))));
      fol_test_assert_all_named (GTK_WIDGET (editor));
      if (round == 1)
        gtk_check_button_set_active (confirm, TRUE);
      g_assert_true (_fol_visit_editor_can_save (editor));
      gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
      fol_test_iterate ();
      g_assert_null (t->window->editor);

      history = fol_store_load_history (t->window->store, id, NULL);
      g_assert_cmpstr (fol_measurement_get_method (fol_history_get_measurement (history, 0,
                                                                                FOL_REGION_VERTEX)),
                       ==, round == 0 ? "photo_estimate" : "manual");
      g_assert_cmpfloat (fol_measurement_get_terminal_density (
                           fol_history_get_measurement (history, 0, FOL_REGION_VERTEX)), ==, 100);
    }
}

static void
test_estimates_confirmed (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, FALSE, estimates_body);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/editors/focus-in-first-field", test_focus);
  g_test_add_func ("/editors/session-starts-empty", test_session_starts_empty);
  g_test_add_func ("/editors/derived-density", test_derived_density);
  g_test_add_func ("/editors/every-field", test_every_field);
  g_test_add_func ("/editors/estimates-confirmed", test_estimates_confirmed);

  return g_test_run ();
}
