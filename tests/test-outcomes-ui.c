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
 * a screen reader, and its exports read back.
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

  /* The demo clinic: one patient per treatment, too few everywhere */
  text = table_text (outcomes);
  g_assert_nonnull (strstr (text, "Platelet-rich plasma"));
  g_assert_nonnull (strstr (text, "too few patients (n = 1)"));
  g_assert_null (strstr (text, "mean "));
  fol_test_assert_all_named (GTK_WIDGET (outcomes));

  /* Five patients: a mean, with its n */
  add_prp_patients (t->window->store);
  fol_outcomes_window_set_filter (outcomes, "lllt", FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_VERTEX);
  fol_test_iterate ();
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

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/outcomes-ui/opens", test_opens);

  return g_test_run ();
}
