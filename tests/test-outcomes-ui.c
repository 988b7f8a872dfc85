/* test-outcomes-ui.c
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

/* The Outcomes window: opened from the main window by its action (the
 * menu item and Ctrl+Shift+O), every figure with its n, "too few
 * patients" where fewer than five have a value, every control named for
 * a screen reader, and its exports read back. It computes in a thread of
 * its own: the results arrive, a filter changed meanwhile shows only the
 * latest, Cancel stops it, and closing the window meanwhile is safe.
 * Its Group by choice shows each protocol, with adherence beside it.
 */

#include "config.h"

#include "fol-outcomes-window.h"
#include "fol-test-a11y.h"
#include "fol-test-app.h"

static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (child)));
      collect_text (child, out);
    }
}

static FolOutcomesWindow *
find_outcomes_window (FolTestApp *t)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (t->app));

  for (GList *l = windows; l != NULL; l = l->next)
    if (FOL_IS_OUTCOMES_WINDOW (l->data))
      return l->data;
  return NULL;
}

/* Runs the main loop until the computation under way has been shown. */
static void
wait_results (FolOutcomesWindow *outcomes)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (fol_outcomes_window_is_computing (outcomes))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  fol_test_iterate ();
}

static char *
table_text (FolOutcomesWindow *outcomes)
{
  GString *out = g_string_new (NULL);

  collect_text (fol_outcomes_window_get_table (outcomes), out);
  return g_string_free (out, FALSE);
}

static void
add_prp_patients (FolStore *store)
{
  FolDate first = fol_date_new (2024, 1, 10);

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(FolPatient) p = fol_patient_new ();
      g_autoptr(FolTreatmentSession) s = fol_treatment_session_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("Outcome patient %u", i);

      fol_patient_set_name (p, name);
      g_assert_true (fol_store_save_patient (store, p, &error));
      g_assert_no_error (error);
      fol_treatment_session_set_patient_id (s, fol_patient_get_id (p));
      fol_treatment_session_set_date (s, first);
      fol_treatment_session_set_treatment_type (s, "lllt");
      g_assert_true (fol_store_save_session (store, s, &error));
      g_assert_no_error (error);

      for (guint k = 0; k < 2; k++)
        {
          g_autoptr(FolVisit) v = fol_visit_new ();
          g_autoptr(FolMeasurement) m = fol_measurement_new ();
          g_autoptr(GPtrArray) ms = g_ptr_array_new ();

          fol_visit_set_patient_id (v, fol_patient_get_id (p));
          fol_visit_set_date (v, k == 0 ? first : fol_date_add_months (first, 3));
          fol_visit_set_kind (v, k == 0 ? "baseline" : "follow_up");
          fol_measurement_set_region (m, FOL_REGION_VERTEX);
          fol_measurement_set_total_density (m, 100 + k * (10 + i));
          g_ptr_array_add (ms, m);
          g_assert_true (fol_store_save_visit (store, v, ms, &error));
          g_assert_no_error (error);
        }
    }
}

static void
opens_body (gpointer data)
{
  FolTestApp *t = data;
  FolOutcomesWindow *outcomes;
  g_autofree char *text = NULL;
  g_autofree char *lllt = NULL;
  g_autofree char *csv_path = g_build_filename (t->dir, "outcomes.csv", NULL);
  g_autofree char *svg_path = g_build_filename (t->dir, "outcomes.svg", NULL);
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (find_outcomes_window (t));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (t->window), "win.outcomes", NULL));
  fol_test_iterate ();
  outcomes = find_outcomes_window (t);
  g_assert_nonnull (outcomes);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (outcomes)));
  wait_results (outcomes);

  /* The demo clinic: one patient per treatment, too few everywhere */
  text = table_text (outcomes);
  g_assert_nonnull (strstr (text, "Platelet-rich plasma"));
  g_assert_nonnull (strstr (text, "too few patients (n = 1)"));
  g_assert_null (strstr (text, "mean "));
  fol_test_assert_all_named (GTK_WIDGET (outcomes));

  /* Five patients: a mean, with its n */
  add_prp_patients (t->window->store);
  fol_outcomes_window_set_filter (outcomes, "lllt", FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_VERTEX);
  wait_results (outcomes);
  lllt = table_text (outcomes);
  g_assert_nonnull (strstr (lllt, "Low-level laser therapy"));
  g_assert_nonnull (strstr (lllt, "n = 5\nmean +12.0"));
  g_assert_nonnull (strstr (lllt, "responders 5 of 5"));
  g_assert_nonnull (strstr (lllt, "too few patients (n = 0)"));
  g_assert_null (strstr (lllt, "Platelet-rich plasma"));

  /* The notice, in plain words */
  {
    GString *all = g_string_new (NULL);
    g_autofree char *s = NULL;

    collect_text (GTK_WIDGET (outcomes), all);
    s = g_string_free (all, FALSE);
    g_assert_nonnull (strstr (s, "no control group"));
    g_assert_nonnull (strstr (s, "regression to the mean"));
  }

  /* The exports */
  g_assert_true (fol_outcomes_window_export_csv (outcomes, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
  g_assert_nonnull (strstr (csv, "lllt,,Low-level laser therapy,total_density,vertex,5,5,3,5,no,12.0"));
  g_assert_true (fol_outcomes_window_export_chart (outcomes, svg_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (svg_path, G_FILE_TEST_IS_REGULAR));

  /* Escape closes it */
  gtk_window_close (GTK_WINDOW (outcomes));
  fol_test_iterate ();
  g_assert_null (find_outcomes_window (t));
}

static void
test_opens (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, opens_body);
}

static void
worker_body (gpointer data)
{
  FolTestApp *t = data;
  FolOutcomesWindow *outcomes;
  const FolOutcomes *o;
  g_autofree char *text = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *cancelled = NULL;

  add_prp_patients (t->window->store);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (t->window), "win.outcomes", NULL));
  outcomes = find_outcomes_window (t);
  g_assert_nonnull (outcomes);

  /* Opening it computes nothing in the main thread: the window is up at
   * once, with the computation under way and no figures yet.
   */
  g_assert_true (fol_outcomes_window_is_computing (outcomes));
  g_assert_null (fol_outcomes_window_get_outcomes (outcomes));
  text = table_text (outcomes);
  g_assert_null (strstr (text, "Platelet-rich plasma"));
  g_assert_null (strstr (text, "No treated patient"));
  g_clear_pointer (&text, g_free);

  /* The results arrive */
  wait_results (outcomes);
  o = fol_outcomes_window_get_outcomes (outcomes);
  g_assert_nonnull (o);
  g_assert_null (o->treatment_type);
  text = table_text (outcomes);
  g_assert_nonnull (strstr (text, "Platelet-rich plasma"));
  g_assert_nonnull (strstr (text, "Low-level laser therapy"));

  /* Filters changed twice while computing: only the latest is shown,
   * even after any earlier result has had time to arrive.
   */
  fol_outcomes_window_set_filter (outcomes, "prp", FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_VERTEX);
  g_assert_true (fol_outcomes_window_is_computing (outcomes));
  fol_outcomes_window_set_filter (outcomes, "lllt", FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_VERTEX);
  wait_results (outcomes);
  fol_test_wait (300);
  o = fol_outcomes_window_get_outcomes (outcomes);
  g_assert_nonnull (o);
  g_assert_cmpstr (o->treatment_type, ==, "lllt");
  latest = table_text (outcomes);
  g_assert_nonnull (strstr (latest, "n = 5\nmean +12.0"));
  g_assert_null (strstr (latest, "Platelet-rich plasma"));

  /* Cancel: no figures, and the window says why */
  fol_outcomes_window_set_filter (outcomes, NULL, FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_VERTEX);
  fol_outcomes_window_cancel (outcomes);
  wait_results (outcomes);
  g_assert_null (fol_outcomes_window_get_outcomes (outcomes));
  {
    GString *all = g_string_new (NULL);

    collect_text (GTK_WIDGET (outcomes), all);
    cancelled = g_string_free (all, FALSE);
  }
  g_assert_nonnull (strstr (cancelled, "cancelled"));
  g_clear_pointer (&text, g_free);
  text = table_text (outcomes);
  g_assert_null (strstr (text, "Low-level laser therapy"));

  /* Closed while computing: the window goes, the computation's end
   * finds nothing to show, and nothing is left behind.
   */
  fol_outcomes_window_set_filter (outcomes, "prp", FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_VERTEX);
  g_assert_true (fol_outcomes_window_is_computing (outcomes));
  g_object_add_weak_pointer (G_OBJECT (outcomes), (gpointer *) &outcomes);
  gtk_window_destroy (GTK_WINDOW (outcomes));
  {
    gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

    while (outcomes != NULL)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, end);
        g_main_context_iteration (NULL, TRUE);
      }
  }
  g_assert_null (find_outcomes_window (t));
}

static void
test_worker (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, worker_body);
}

/* The first drop-down after the label @title, as a person finds it. */
static GtkDropDown *
find_filter (GtkWidget  *widget,
             const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkDropDown *found;

      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), title) == 0 &&
          GTK_IS_DROP_DOWN (gtk_label_get_mnemonic_widget (GTK_LABEL (child))))
        return GTK_DROP_DOWN (gtk_label_get_mnemonic_widget (GTK_LABEL (child)));
      if ((found = find_filter (child, title)) != NULL)
        return found;
    }
  return NULL;
}

static char *
window_text (FolOutcomesWindow *outcomes)
{
  GString *all = g_string_new (NULL);

  collect_text (GTK_WIDGET (outcomes), all);
  return g_string_free (all, FALSE);
}

static void
group_by_body (gpointer data)
{
  FolTestApp *t = data;
  FolStore *store = t->window->store;
  FolOutcomesWindow *outcomes;
  g_autoptr(FolProtocol) protocol = fol_protocol_new ();
  g_autoptr(GListModel) patients = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *by_treatment = NULL;
  g_autofree char *by_protocol = NULL;
  g_autofree char *all = NULL;
  g_autofree char *back = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *csv_path = g_build_filename (t->dir, "protocols.csv", NULL);
  const FolOutcomes *o;
  GtkDropDown *group_by;

  /* The five LLLT patients on one protocol: one session done of two */
  add_prp_patients (store);
  fol_protocol_set_name (protocol, "LLLT monthly");
  fol_protocol_add_session (protocol, 0, 0, "lllt", NULL, NULL, NAN, 0);
  fol_protocol_add_session (protocol, 0, 28, "lllt", NULL, NULL, NAN, 0);
  g_assert_true (fol_store_save_protocol (store, protocol, &error));
  g_assert_no_error (error);
  patients = fol_store_list_patients (store, "Outcome patient", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (patients), ==, 5);
  for (guint i = 0; i < g_list_model_get_n_items (patients); i++)
    {
      g_autoptr(FolPatient) p = g_list_model_get_item (patients, i);
      g_autoptr(FolProtocolAssignment) a = fol_protocol_assignment_new ();

      fol_protocol_assignment_set_patient_id (a, fol_patient_get_id (p));
      fol_protocol_assignment_set_protocol_id (a, fol_protocol_get_id (protocol));
      fol_protocol_assignment_set_start_date (a, fol_date_new (2024, 1, 10));
      g_assert_true (fol_store_save_assignment (store, a, &error));
      g_assert_no_error (error);
    }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (t->window), "win.outcomes", NULL));
  outcomes = find_outcomes_window (t);
  g_assert_nonnull (outcomes);
  wait_results (outcomes);

  /* The choice sits with the filters, named; treatment is the default */
  group_by = find_filter (GTK_WIDGET (outcomes), "Group by");
  g_assert_nonnull (group_by);
  g_assert_cmpuint (gtk_drop_down_get_selected (group_by), ==, FOL_OUTCOMES_BY_TREATMENT);
  fol_test_assert_all_named (GTK_WIDGET (outcomes));
  by_treatment = table_text (outcomes);
  g_assert_nonnull (strstr (by_treatment, "Low-level laser therapy"));
  g_assert_null (strstr (by_treatment, "LLLT monthly"));
  g_assert_null (strstr (by_treatment, "Adherence"));

  /* By protocol, computed in the worker like any filter */
  gtk_drop_down_set_selected (group_by, FOL_OUTCOMES_BY_PROTOCOL);
  g_assert_true (fol_outcomes_window_is_computing (outcomes));
  wait_results (outcomes);
  o = fol_outcomes_window_get_outcomes (outcomes);
  g_assert_nonnull (o);
  g_assert_cmpint (o->group_by, ==, FOL_OUTCOMES_BY_PROTOCOL);
  by_protocol = table_text (outcomes);
  g_assert_nonnull (strstr (by_protocol, "Protocol\n"));
  g_assert_nonnull (strstr (by_protocol, "LLLT monthly"));
  g_assert_nonnull (strstr (by_protocol, "n = 5\nmean +12.0"));
  g_assert_nonnull (strstr (by_protocol, "5 of 10 planned sessions within ± 7 days of plan (50.0 %; 5 patients)"));
  /* The demo's patients are on no protocol */
  g_assert_nonnull (strstr (by_protocol, "No protocol"));
  all = window_text (outcomes);
  g_assert_nonnull (strstr (all, "from the start date of the patient’s protocol assignment"));

  /* The other filters still apply, and the table exports as shown */
  fol_outcomes_window_set_filter (outcomes, "lllt", FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_VERTEX);
  wait_results (outcomes);
  o = fol_outcomes_window_get_outcomes (outcomes);
  g_assert_cmpint (o->group_by, ==, FOL_OUTCOMES_BY_PROTOCOL);
  g_assert_cmpuint (o->groups->len, ==, 1);
  g_assert_true (fol_outcomes_window_export_csv (outcomes, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
  g_assert_nonnull (strstr (csv, "LLLT monthly"));
  g_assert_nonnull (strstr (csv, ",5,10,50.0,5,"));

  /* And back */
  gtk_drop_down_set_selected (group_by, FOL_OUTCOMES_BY_TREATMENT);
  wait_results (outcomes);
  back = table_text (outcomes);
  g_assert_nonnull (strstr (back, "Low-level laser therapy"));
  g_assert_null (strstr (back, "LLLT monthly"));
  gtk_window_close (GTK_WINDOW (outcomes));
  fol_test_iterate ();
}

static void
test_group_by (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, group_by_body);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/outcomes-ui/opens", test_opens);
  g_test_add_func ("/outcomes-ui/worker", test_worker);
  g_test_add_func ("/outcomes-ui/group-by", test_group_by);

  return g_test_run ();
}
