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

/* A history a store fills with the values it read (no objects) answers as
 * one filled with measurement objects, and makes the object only when one
 * is asked for, which from then on is what it reads.
 */
static void
test_values_as_read (void)
{
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autoptr(FolHistory) objects = fol_history_new (p);
  g_autoptr(FolHistory) values = fol_history_new (p);
  const FolRegion regions[] = { FOL_REGION_VERTEX, FOL_REGION_FRONTAL, FOL_REGION_OCCIPITAL };
  FolMeasurement *m;

  for (guint v = 0; v < 4; v++)
    {
      g_autoptr(FolVisit) visit = fol_visit_new ();
      g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GArray) rows = g_array_sized_new (FALSE, TRUE, sizeof (FolMeasurementValues),
                                                  G_N_ELEMENTS (regions));
      char method[32], notes[32];
      g_autofree char *id = g_strdup_printf ("visit-%u", v);

      fol_visit_set_id (visit, id);
      /* added out of date order */
      fol_visit_set_date (visit, fol_date_new (2024, 1 + (v * 5) % 12, 1));
      g_snprintf (method, sizeof method, "phototrichogram");
      g_snprintf (notes, sizeof notes, "visit %u", v);
      for (guint r = 0; r < G_N_ELEMENTS (regions); r++)
        {
          FolMeasurement *o = fol_measurement_new ();
          FolMeasurementValues row;

          row.region = regions[r];
          for (guint f = 0; f < FOL_N_MEASURE_FIELDS; f++)
            {
              const FolMeasurementField *field = fol_measurement_field (f);
              /* every field, some missing; vellus missing where it is derived */
              double value = (v + r + f) % 5 == 0 || (f == FOL_FIELD_VELLUS_DENSITY && v % 2 == 0)
                             ? NAN : field->min + (field->max - field->min) * (v + 1) / (r + f + 7.0);

              if (field->integer && !isnan (value))
                value = floor (value);
              if (f == FOL_FIELD_TERMINAL_DENSITY && !isnan (value))
                value = 0.5 * fol_measurement_field (FOL_FIELD_TOTAL_DENSITY)->max * (v + 1) / (r + 9.0);
              row.values[f] = value;
              field->set (o, value);
            }
          row.method = r == 0 ? NULL : method;
          row.notes = r == 2 ? NULL : notes;
          fol_measurement_set_visit_id (o, id);
          fol_measurement_set_region (o, regions[r]);
          fol_measurement_set_method (o, row.method);
          fol_measurement_set_notes (o, row.notes);
          g_ptr_array_add (ms, o);
          g_array_append_val (rows, row);
        }
      fol_history_add_visit (objects, visit, ms);
      fol_history_add_visit_values (values, visit, rows);
      /* the history keeps copies of the strings */
      memset (method, 'x', sizeof method - 1);
      memset (notes, 'x', sizeof notes - 1);
    }
  {
    g_autoptr(FolVisit) empty = fol_visit_new ();

    fol_visit_set_date (empty, fol_date_new (2025, 6, 1));
    fol_history_add_visit (objects, empty, NULL);
    fol_history_add_visit_values (values, empty, NULL);
  }

  g_assert_cmpuint (fol_history_get_n_visits (values), ==, 5);
  g_assert_cmpuint (fol_history_get_measured_regions (values), ==,
                    fol_history_get_measured_regions (objects));
  for (guint v = 0; v < 5; v++)
    {
      g_assert_true (fol_history_get_visit (values, v) == fol_history_get_visit (objects, v));
      for (FolMeasure measure = 0; measure < FOL_N_MEASURES; measure++)
        for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
          {
            double a = fol_history_get_value (objects, v, measure, r);
            double b = fol_history_get_value (values, v, measure, r);

            if (isnan (a))
              g_assert_true (isnan (b));
            else
              g_assert_cmpfloat (a, ==, b);
          }
    }
  for (FolMeasure measure = 0; measure < FOL_N_MEASURES; measure++)
    {
      FolRegionSummary a, b;

      g_assert_cmpint (fol_history_summarize (objects, measure, FOL_REGION_VERTEX, &a), ==,
                       fol_history_summarize (values, measure, FOL_REGION_VERTEX, &b));
      g_assert_cmpuint (a.n_values, ==, b.n_values);
      g_assert_cmpint (a.has_slope, ==, b.has_slope);
      g_assert_true (a.slope == b.slope || (isnan (a.slope) && isnan (b.slope)));
    }
  /* a vellus density is derived where none was entered */
  g_assert_false (isnan (fol_history_get_value (values, 0, FOL_MEASURE_VELLUS_DENSITY, FOL_REGION_FRONTAL)));

  /* The object, made when asked for, holds what was read. */
  g_assert_null (fol_history_get_measurement (values, 4, FOL_REGION_VERTEX));
  g_assert_null (fol_history_get_measurement (values, 0, FOL_REGION_MIDSCALP));
  for (guint v = 0; v < 4; v++)
    for (guint r = 0; r < G_N_ELEMENTS (regions); r++)
      {
        FolMeasurement *a = fol_history_get_measurement (objects, v, regions[r]);
        FolMeasurement *b = fol_history_get_measurement (values, v, regions[r]);

        g_assert_nonnull (b);
        g_assert_true (fol_history_get_measurement (values, v, regions[r]) == b);
        g_assert_cmpstr (fol_measurement_get_visit_id (b), ==, fol_measurement_get_visit_id (a));
        g_assert_cmpint (fol_measurement_get_region (b), ==, regions[r]);
        g_assert_cmpstr (fol_measurement_get_method (b), ==, fol_measurement_get_method (a));
        g_assert_cmpstr (fol_measurement_get_notes (b), ==, fol_measurement_get_notes (a));
        for (guint f = 0; f < FOL_N_MEASURE_FIELDS; f++)
          {
            double x = fol_measurement_field (f)->get (a);
            double y = fol_measurement_field (f)->get (b);

            g_assert_true (x == y || (isnan (x) && isnan (y)));
          }
      }
  g_assert_cmpstr (fol_measurement_get_method (fol_history_get_measurement (values, 1, FOL_REGION_FRONTAL)),
                   ==, "phototrichogram");

  /* A change to that object is what the history reads from then on. */
  m = fol_history_get_measurement (values, 1, FOL_REGION_VERTEX);
  fol_measurement_set_total_density (m, 123.0);
  g_assert_cmpfloat (fol_history_get_value (values, 1, FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_VERTEX), ==, 123.0);
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
  g_test_add_func ("/history/values-as-read", test_values_as_read);

  return g_test_run ();
}
