/* test-history.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-history.h"
#include "fol-stats.h"
#include "fol-summary.h"

static FolVisit *
add_visit (FolHistory *h,
           FolDate     date,
           const char *kind,
           double      vertex,
           double      frontal,
           double      diameter)
{
  g_autoptr(FolVisit) v = fol_visit_new ();
  g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
  FolMeasurement *m;

  fol_visit_set_date (v, date);
  fol_visit_set_kind (v, kind);

  m = fol_measurement_new ();
  fol_measurement_set_region (m, FOL_REGION_VERTEX);
  fol_measurement_set_total_density (m, vertex);
  fol_measurement_set_mean_diameter (m, diameter);
  g_ptr_array_add (ms, m);

  if (!isnan (frontal))
    {
      m = fol_measurement_new ();
      fol_measurement_set_region (m, FOL_REGION_FRONTAL);
      fol_measurement_set_total_density (m, frontal);
      g_ptr_array_add (ms, m);
    }

  fol_history_add_visit (h, v, ms);
  return v;
}

/* A screening visit, a baseline visit on the day of the first treatment,
 * and a follow-up three months later; the frontal region is first measured
 * after treatment began.
 */
static FolHistory *
make_history (void)
{
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autoptr(FolTreatmentSession) s = fol_treatment_session_new ();
  FolHistory *h;

  fol_patient_set_name (p, "Test Patient");
  h = fol_history_new (p);

  /* Added out of order: the history sorts by date. */
  add_visit (h, fol_date_new (2024, 4, 15), "follow_up", 132, 90, 60);
  add_visit (h, fol_date_new (2024, 1, 10), "screening", 100, NAN, NAN);
  add_visit (h, fol_date_new (2024, 1, 15), "baseline", 110, NAN, 58);

  fol_treatment_session_set_date (s, fol_date_new (2024, 1, 15));
  fol_treatment_session_set_treatment_type (s, "prp");
  fol_history_add_session (h, s);
  return h;
}

static void
test_order (void)
{
  g_autoptr(FolHistory) h = make_history ();

  g_assert_cmpuint (fol_history_get_n_visits (h), ==, 3);
  g_assert_cmpstr (fol_visit_get_kind (fol_history_get_visit (h, 0)), ==, "screening");
  g_assert_cmpstr (fol_visit_get_kind (fol_history_get_visit (h, 2)), ==, "follow_up");
  g_assert_cmpuint (fol_history_get_first_treatment (h), ==, fol_date_new (2024, 1, 15));
  g_assert_cmpuint (fol_history_get_measured_regions (h), ==,
                    FOL_REGION_BIT (FOL_REGION_VERTEX) | FOL_REGION_BIT (FOL_REGION_FRONTAL));
}

static void
test_summary_figures (void)
{
  g_autoptr(FolHistory) h = make_history ();
  FolRegionSummary s;

  g_assert_true (fol_history_summarize (h, FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_VERTEX, &s));
  g_assert_cmpuint (s.n_values, ==, 3);
  /* The baseline is the value on the day of the first treatment, not the
   * earlier screening value.
   */
  g_assert_cmpfloat (s.baseline, ==, 110.0);
  g_assert_cmpuint (s.baseline_date, ==, fol_date_new (2024, 1, 15));
  g_assert_cmpfloat (s.latest, ==, 132.0);
  g_assert_cmpfloat_with_epsilon (s.change, 22.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (s.change_percent, 20.0, 1e-9);
  /* OLS over all three points, months = days / 30.4375 (hand-computed). */
  g_assert_true (s.has_slope);
  g_assert_cmpuint (s.slope_n, ==, 3);
  g_assert_cmpfloat_with_epsilon (s.slope, 8.900910284214131, 1e-9);

  /* First measured after treatment began: no baseline, no change. */
  g_assert_true (fol_history_summarize (h, FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_FRONTAL, &s));
  g_assert_true (isnan (s.baseline));
  g_assert_true (isnan (s.change));
  g_assert_true (isnan (s.change_percent));
  g_assert_cmpfloat (s.latest, ==, 90.0);
  g_assert_false (s.has_slope);

  /* Never measured. */
  g_assert_false (fol_history_summarize (h, FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_OCCIPITAL, &s));
  g_assert_true (isnan (s.latest));
}

static void
test_derived_values (void)
{
  g_autoptr(FolHistory) h = make_history ();
  g_autoptr(GArray) series = NULL;

  /* Cumulative thickness: 132 hairs/cm² × 60 µm = 7.92 mm/cm². */
  g_assert_cmpfloat_with_epsilon (fol_history_get_value (h, 2, FOL_MEASURE_CUMULATIVE_THICKNESS,
                                                         FOL_REGION_VERTEX), 7.92, 1e-9);
  g_assert_true (isnan (fol_history_get_value (h, 0, FOL_MEASURE_CUMULATIVE_THICKNESS,
                                               FOL_REGION_VERTEX)));

  series = fol_history_get_series (h, FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_FRONTAL);
  g_assert_cmpuint (series->len, ==, 3);
  g_assert_true (isnan (g_array_index (series, FolSample, 0).value));
  g_assert_cmpfloat (g_array_index (series, FolSample, 2).value, ==, 90.0);
}

static void
test_salt (void)
{
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autoptr(FolHistory) h = fol_history_new (p);
  g_autoptr(FolVisit) a = fol_visit_new ();
  g_autoptr(FolVisit) b = fol_visit_new ();
  FolRegionSummary s;

  fol_visit_set_date (a, fol_date_new (2024, 1, 1));
  fol_visit_set_salt_top (a, 50);
  fol_visit_set_salt_back (a, 50);
  fol_visit_set_salt_right (a, 50);
  fol_visit_set_salt_left (a, 50);
  fol_history_add_visit (h, a, NULL);

  fol_visit_set_date (b, fol_date_new (2024, 7, 1));
  fol_visit_set_salt_top (b, 25);
  fol_visit_set_salt_back (b, 25);
  fol_visit_set_salt_right (b, 25);
  fol_visit_set_salt_left (b, 25);
  fol_history_add_visit (h, b, NULL);

  g_assert_cmpfloat (fol_history_get_value (h, 1, FOL_MEASURE_SALT, FOL_REGION_NONE), ==, 25.0);
  g_assert_true (fol_history_summarize (h, FOL_MEASURE_SALT, FOL_REGION_NONE, &s));
  /* No treatment yet: the baseline is the earliest value. */
  g_assert_cmpfloat (s.baseline, ==, 50.0);
  g_assert_cmpfloat_with_epsilon (s.change_percent, -50.0, 1e-9);
  g_assert_cmpint (fol_stats_classify (s.change_percent, 10, TRUE), ==, FOL_CHANGE_IMPROVED);

  /* One area missing: the score is missing, not a partial sum. */
  fol_visit_set_salt_left (b, FOL_NO_SCORE);
  g_assert_true (isnan (fol_history_get_value (h, 1, FOL_MEASURE_SALT, FOL_REGION_NONE)));
}

static void
test_next_follow_up (void)
{
  g_autoptr(FolHistory) h = make_history ();
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autoptr(FolHistory) untreated = fol_history_new (p);

  /* Treatment 2024-01-15, last visit 2024-04-15 (the 3-month visit): the
   * 6-month follow-up is next.
   */
  g_assert_cmpuint (fol_history_get_next_follow_up (h), ==, fol_date_new (2024, 7, 15));
  g_assert_cmpuint (fol_history_get_next_follow_up (untreated), ==, FOL_DATE_NONE);
}

static void
test_plain_language (void)
{
  g_autoptr(FolHistory) h = make_history ();
  g_autofree char *vertex = fol_summary_region_line (h, FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_VERTEX, 10);
  g_autofree char *stable = fol_summary_region_line (h, FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_VERTEX, 25);
  g_autofree char *frontal = fol_summary_region_line (h, FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_FRONTAL, 10);
  g_autofree char *none = fol_summary_region_line (h, FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_OCCIPITAL, 10);
  g_autofree char *table = fol_summary_table (h, 10);

  g_assert_nonnull (strstr (vertex, "110.0 → 132.0"));
  g_assert_nonnull (strstr (vertex, "+20.0 %"));
  /* The verdict in the core's word for it, as the window's table shows it. */
  g_assert_nonnull (strstr (vertex, "(Improved)"));
  /* A change inside the band is never called an improvement. */
  g_assert_nonnull (strstr (stable, "(Stable)"));
  g_assert_null (strstr (stable, "Improved"));
  g_assert_nonnull (strstr (frontal, "no earlier value"));
  g_assert_null (none);

  /* A table names the region by its name, not its long name. */
  g_assert_nonnull (strstr (table, "\nVertex "));
  g_assert_null (strstr (table, "Vertex (crown)"));
  g_assert_nonnull (strstr (table, "+22.0 (+20.0 %)"));
  g_assert_nonnull (strstr (table, "+8.90"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/history/order", test_order);
  g_test_add_func ("/history/summary", test_summary_figures);
  g_test_add_func ("/history/derived", test_derived_values);
  g_test_add_func ("/history/salt", test_salt);
  g_test_add_func ("/history/next-follow-up", test_next_follow_up);
  g_test_add_func ("/history/plain-language", test_plain_language);

  return g_test_run ();
}
