/* test-figures.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-chart.h"
#include "fol-figures.h"
#include "fol-progress.h"
#include "fol-stats.h"
#include "fol-summary.h"

static void
test_hairs_per_fu (void)
{
  static const struct { double density, fu, expected; } cases[] = {
    { 180.0, 80.0, 2.25 },    /* 180 / 80 */
    { 150.0, 60.0, 2.5 },
    { 0.0, 50.0, 0.0 },       /* a bald patch: a true 0 */
    { 100.0, 0.0, NAN },      /* no follicular unit: nothing to divide by */
    { NAN, 60.0, NAN },
    { 120.0, NAN, NAN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double got = fol_figures_hairs_per_fu (cases[i].density, cases[i].fu);

      if (isnan (cases[i].expected))
        g_assert_true (isnan (got));
      else
        g_assert_cmpfloat_with_epsilon (got, cases[i].expected, 1e-12);
    }
}

static FolMeasurement *
measurement (double total,
             double terminal,
             double vellus)
{
  FolMeasurement *m = fol_measurement_new ();

  fol_measurement_set_region (m, FOL_REGION_VERTEX);
  fol_measurement_set_total_density (m, total);
  fol_measurement_set_terminal_density (m, terminal);
  fol_measurement_set_vellus_density (m, vellus);
  return m;
}

static void
test_vellus (void)
{
  g_autoptr(FolMeasurement) entered = measurement (150.0, 120.0, 30.0);
  g_autoptr(FolMeasurement) derived = measurement (150.0, 118.5, NAN);
  g_autoptr(FolMeasurement) neither = measurement (150.0, NAN, NAN);
  gboolean is_derived = TRUE;

  g_assert_cmpfloat (fol_figures_vellus_density (entered, &is_derived), ==, 30.0);
  g_assert_false (is_derived);
  g_assert_cmpfloat_with_epsilon (fol_figures_vellus_density (derived, &is_derived), 31.5, 1e-12);
  g_assert_true (is_derived);
  g_assert_true (isnan (fol_figures_vellus_density (neither, &is_derived)));
  g_assert_false (is_derived);
}

static void
test_salt_response (void)
{
  static const struct
  {
    int      baseline, value;  /* hundredths */
    gboolean has_relative;
    double   reduction;
    gboolean s50, s75, s90, target;
  } cases[] = {
    { 4000, 2000, TRUE, 50.0, TRUE, FALSE, FALSE, TRUE },     /* exactly 50 %, exactly 20 */
    { 4000, 2001, TRUE, 49.975, FALSE, FALSE, FALSE, FALSE }, /* just short; 20.01 > 20 */
    { 8000, 2000, TRUE, 75.0, TRUE, TRUE, FALSE, TRUE },      /* exactly 75 % */
    { 10000, 1000, TRUE, 90.0, TRUE, TRUE, TRUE, TRUE },      /* exactly 90 % */
    { 10000, 1001, TRUE, 89.99, TRUE, TRUE, FALSE, TRUE },
    { 3000, 1500, TRUE, 50.0, TRUE, FALSE, FALSE, TRUE },     /* 30 → 15 */
    { 2500, 2500, TRUE, 0.0, FALSE, FALSE, FALSE, FALSE },    /* 25.0 stays 25.0 */
    { 2500, 3000, TRUE, -20.0, FALSE, FALSE, FALSE, FALSE },  /* worse */
    { 0, 0, FALSE, NAN, FALSE, FALSE, FALSE, TRUE },          /* baseline 0: no ratio */
    { 0, 500, FALSE, NAN, FALSE, FALSE, FALSE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FolSaltResponse r;
      g_autofree char *text = NULL;

      g_test_message ("SALT %d → %d", cases[i].baseline, cases[i].value);
      g_assert_true (fol_figures_salt_response (cases[i].baseline, cases[i].value, &r));
      g_assert_cmpint (r.has_relative, ==, cases[i].has_relative);
      if (cases[i].has_relative)
        g_assert_cmpfloat_with_epsilon (r.reduction_percent, cases[i].reduction, 1e-9);
      else
        g_assert_true (isnan (r.reduction_percent));
      g_assert_cmpint (r.salt50, ==, cases[i].s50);
      g_assert_cmpint (r.salt75, ==, cases[i].s75);
      g_assert_cmpint (r.salt90, ==, cases[i].s90);
      g_assert_cmpint (r.target, ==, cases[i].target);

      text = fol_figures_salt_text (&r);
      g_assert_null (strstr (text, "inf"));
      g_assert_null (strstr (text, "nan"));
      g_assert_cmpint (strstr (text, "SALT50 reached") != NULL, ==, cases[i].s50 && !cases[i].s75);
      g_assert_cmpint (strstr (text, "SALT90 reached") != NULL, ==, cases[i].s90);
      g_assert_cmpint (strstr (text, "target of SALT ≤ 20 reached") != NULL, ==, cases[i].target);
      if (!cases[i].has_relative)
        g_assert_nonnull (strstr (text, "no relative change"));
    }

  /* The words for 40.0 → 20.0, whole. */
  {
    FolSaltResponse r;
    g_autofree char *text = NULL;

    fol_figures_salt_response (4000, 2000, &r);
    text = fol_figures_salt_text (&r);
    g_assert_cmpstr (text, ==, "SALT 40.0 → 20.0: 50.0 % less hair loss than at baseline. "
                               "SALT50 reached (at least 50 % less). "
                               "The usual target of SALT ≤ 20 reached.");
  }

  /* Outside 0–100 is not a SALT. */
  g_assert_false (fol_figures_salt_response (-1, 100, &(FolSaltResponse) { 0 }));
  g_assert_false (fol_figures_salt_response (100, 10001, &(FolSaltResponse) { 0 }));
}

static void
test_assessment (void)
{
  static const char *words[] = {
    "greatly decreased", "moderately decreased", "slightly decreased", "no change",
    "slightly increased", "moderately increased", "greatly increased",
  };

  for (int score = -3; score <= 3; score++)
    g_assert_cmpstr (fol_assessment_words (score), ==, words[score + 3]);
  g_assert_null (fol_assessment_words (FOL_NO_SCORE));
  g_assert_null (fol_assessment_words (4));

  {
    g_autofree char *plus = fol_assessment_format (2);
    g_autofree char *minus = fol_assessment_format (-1);
    g_autofree char *zero = fol_assessment_format (0);

    g_assert_cmpstr (plus, ==, "+2 (moderately increased)");
    g_assert_cmpstr (minus, ==, "−1 (slightly decreased)");
    g_assert_cmpstr (zero, ==, "0 (no change)");
  }
}

static void
test_scale_order (void)
{
  static const char *norwood[] = {
    "I", "II", "IIa", "III", "IIIa", "III vertex", "IV", "IVa", "V", "Va", "VI", "VII",
  };
  static const char *ludwig[] = { "I", "II", "III" };
  static const char *sinclair[] = { "1", "2", "3", "4", "5" };

  g_assert_cmpuint (fol_scale_n_grades (FOL_SCALE_NORWOOD), ==, G_N_ELEMENTS (norwood));
  for (guint i = 0; i < G_N_ELEMENTS (norwood); i++)
    g_assert_cmpstr (fol_scale_grade_label (FOL_SCALE_NORWOOD, i), ==, norwood[i]);
  g_assert_cmpuint (fol_scale_n_grades (FOL_SCALE_LUDWIG), ==, G_N_ELEMENTS (ludwig));
  for (guint i = 0; i < G_N_ELEMENTS (ludwig); i++)
    g_assert_cmpstr (fol_scale_grade_label (FOL_SCALE_LUDWIG, i), ==, ludwig[i]);
  g_assert_cmpuint (fol_scale_n_grades (FOL_SCALE_SINCLAIR), ==, G_N_ELEMENTS (sinclair));
  for (guint i = 0; i < G_N_ELEMENTS (sinclair); i++)
    g_assert_cmpstr (fol_scale_grade_label (FOL_SCALE_SINCLAIR, i), ==, sinclair[i]);

  {
    g_autoptr(FolVisit) v = fol_visit_new ();

    g_assert_cmpint (fol_scale_visit_rank (FOL_SCALE_NORWOOD, v), ==, -1);
    g_assert_cmpint (fol_scale_visit_rank (FOL_SCALE_SINCLAIR, v), ==, -1);
    fol_visit_set_norwood (v, "III vertex");
    fol_visit_set_ludwig (v, "II");
    fol_visit_set_sinclair (v, 4);
    g_assert_cmpint (fol_scale_visit_rank (FOL_SCALE_NORWOOD, v), ==, 5);
    g_assert_cmpint (fol_scale_visit_rank (FOL_SCALE_LUDWIG, v), ==, 1);
    g_assert_cmpint (fol_scale_visit_rank (FOL_SCALE_SINCLAIR, v), ==, 3);
  }
}

static void
test_grade_words (void)
{
  static const struct { int from, to; const char *words; } cases[] = {
    { 6, 5, "better by one grade" },     /* IV → III vertex */
    { 0, 2, "worse by two grades" },     /* I → IIa */
    { 3, 3, "unchanged" },
    { 8, 3, "better by 5 grades" },
    { 1, 4, "worse by 3 grades" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *words = fol_scale_change_words (cases[i].from, cases[i].to);

      g_assert_cmpstr (words, ==, cases[i].words);
    }
}

static FolVisit *
add_visit (FolHistory *h,
           FolDate     date,
           const char *norwood,
           const char *ludwig,
           int         sinclair,
           int         salt_top,
           int         iga,
           int         pga,
           double      total,
           double      terminal,
           double      fu)
{
  g_autoptr(FolVisit) v = fol_visit_new ();
  g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
  FolMeasurement *m = measurement (total, terminal, NAN);

  fol_measurement_set_fu_density (m, fu);
  g_ptr_array_add (ms, m);
  fol_visit_set_date (v, date);
  fol_visit_set_kind (v, "follow_up");
  fol_visit_set_norwood (v, norwood);
  fol_visit_set_ludwig (v, ludwig);
  fol_visit_set_sinclair (v, sinclair);
  if (salt_top != FOL_NO_SCORE)
    {
      /* Only the top (40 %) has loss: SALT = 0.4 × top. */
      fol_visit_set_salt_top (v, salt_top);
      fol_visit_set_salt_back (v, 0);
      fol_visit_set_salt_right (v, 0);
      fol_visit_set_salt_left (v, 0);
    }
  fol_visit_set_investigator_assessment (v, iga);
  fol_visit_set_patient_assessment (v, pga);
  fol_history_add_visit (h, v, ms);
  return v;
}

static FolHistory *
make_history (int baseline_salt_top,
              int latest_salt_top)
{
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autoptr(FolTreatmentSession) s = fol_treatment_session_new ();
  FolHistory *h;

  fol_patient_set_name (p, "Figures Patient");
  h = fol_history_new (p);
  /* Baseline: Norwood IV, Ludwig I, Sinclair 4; vellus not entered. */
  add_visit (h, fol_date_new (2025, 1, 10), "IV", "I", 4, baseline_salt_top, FOL_NO_SCORE,
             FOL_NO_SCORE, 150.0, 120.0, 60.0);
  fol_treatment_session_set_date (s, fol_date_new (2025, 1, 10));
  fol_treatment_session_set_treatment_type (s, "prp");
  fol_history_add_session (h, s);
  add_visit (h, fol_date_new (2025, 4, 10), "IIIa", "II", 3, FOL_NO_SCORE, 1, 0,
             160.0, 124.0, 64.0);
  /* Six months: III vertex (one grade better than IV), Ludwig III (two worse). */
  add_visit (h, fol_date_new (2025, 7, 10), "III vertex", "III", 2, latest_salt_top, 2, -1,
             180.0, 130.0, 72.0);
  return h;
}

static void
test_history_figures (void)
{
  g_autoptr(FolHistory) h = make_history (100, 50);   /* SALT 40.0 → 20.0 */
  FolRegionSummary s;
  g_autofree char *norwood = NULL;
  g_autofree char *ludwig = NULL;
  g_autofree char *sinclair = NULL;
  g_autofree char *salt = NULL;
  g_autofree char *iga = NULL;
  g_autofree char *pga = NULL;
  g_autofree char *vellus = NULL;

  /* Hairs per FU: 150/60 = 2.5 → 180/72 = 2.5; 160/64 = 2.5 in between. */
  g_assert_cmpfloat_with_epsilon (fol_history_get_value (h, 0, FOL_MEASURE_HAIRS_PER_FU,
                                                         FOL_REGION_VERTEX), 2.5, 1e-12);
  g_assert_true (fol_history_summarize (h, FOL_MEASURE_HAIRS_PER_FU, FOL_REGION_VERTEX, &s));
  g_assert_cmpfloat_with_epsilon (s.change, 0.0, 1e-12);

  /* Vellus derived: 30 → 36 → 50, +66.7 %, trend over three points. */
  g_assert_cmpfloat (fol_history_get_value (h, 0, FOL_MEASURE_VELLUS_DENSITY, FOL_REGION_VERTEX),
                     ==, 30.0);
  g_assert_true (fol_history_summarize (h, FOL_MEASURE_VELLUS_DENSITY, FOL_REGION_VERTEX, &s));
  g_assert_cmpfloat (s.baseline, ==, 30.0);
  g_assert_cmpfloat (s.latest, ==, 50.0);
  g_assert_cmpfloat_with_epsilon (s.change_percent, 100.0 * 20.0 / 30.0, 1e-9);
  g_assert_true (s.has_slope);
  g_assert_cmpuint (s.slope_n, ==, 3);
  vellus = fol_figures_vellus_note (h, FOL_REGION_VERTEX);
  g_assert_cmpstr (vellus, ==, "Vellus hair density is derived: total − terminal "
                               "(not entered).");

  /* Ordinal scales: the rank, the change in grades, no percent, no slope. */
  g_assert_cmpfloat (fol_history_get_value (h, 0, FOL_MEASURE_NORWOOD, FOL_REGION_NONE), ==, 6.0);
  g_assert_true (fol_history_summarize (h, FOL_MEASURE_NORWOOD, FOL_REGION_NONE, &s));
  g_assert_cmpfloat (s.change, ==, -1.0);
  g_assert_true (isnan (s.change_percent));
  g_assert_false (s.has_slope);

  norwood = fol_figures_scale_line (h, FOL_SCALE_NORWOOD);
  ludwig = fol_figures_scale_line (h, FOL_SCALE_LUDWIG);
  sinclair = fol_figures_scale_line (h, FOL_SCALE_SINCLAIR);
  g_assert_cmpstr (norwood, ==, "Norwood–Hamilton: IV → III vertex, better by one grade "
                                "since 10 January 2025");
  g_assert_cmpstr (ludwig, ==, "Ludwig: I → III, worse by two grades since 10 January 2025");
  g_assert_cmpstr (sinclair, ==, "Sinclair: 4 → 2, better by two grades since 10 January 2025");

  salt = fol_figures_salt_line (h);
  g_assert_cmpstr (salt, ==, "SALT 40.0 → 20.0: 50.0 % less hair loss than at baseline. "
                             "SALT50 reached (at least 50 % less). "
                             "The usual target of SALT ≤ 20 reached.");

  iga = fol_figures_assessment_line (h, TRUE);
  pga = fol_figures_assessment_line (h, FALSE);
  g_assert_cmpstr (iga, ==, "Clinician’s assessment of the photos on 10 July 2025: "
                            "+2 (moderately increased)");
  g_assert_cmpstr (pga, ==, "Patient’s own assessment on 10 July 2025: −1 (slightly decreased)");

  /* One visit's grades, hairs per FU (180 / 72) and assessments. */
  {
    g_autofree char *visit = fol_figures_visit_text (h, 2);
    g_autofree char *first = fol_figures_visit_text (h, 0);

    g_assert_cmpstr (visit, ==, "Norwood–Hamilton III vertex · Ludwig III · Sinclair 2\n"
                                "Hairs per follicular unit: Vertex 2.50\n"
                                "Clinician’s assessment: +2 (moderately increased) · "
                                "Patient’s assessment: −1 (slightly decreased)");
    g_assert_cmpstr (first, ==, "Norwood–Hamilton IV · Ludwig I · Sinclair 4\n"
                                "Hairs per follicular unit: Vertex 2.50");
  }
}

static void
test_salt_baseline_zero (void)
{
  g_autoptr(FolHistory) h = make_history (0, 25);   /* SALT 0.0 → 10.0 */
  g_autofree char *salt = fol_figures_salt_line (h);

  g_assert_cmpstr (salt, ==, "SALT 0.0 → 10.0: the baseline SALT was 0 (no hair loss), so "
                             "there is no relative change to give. "
                             "The usual target of SALT ≤ 20 reached.");
}

static void
test_salt_25 (void)
{
  /* SALT 25.0 (S2) at baseline and latest: no response, target not reached. */
  g_autoptr(FolHistory) h = make_history (FOL_NO_SCORE, FOL_NO_SCORE);
  g_autoptr(FolHistory) h2 = NULL;
  g_autofree char *none = fol_figures_salt_line (h);
  g_autofree char *salt = NULL;

  g_assert_null (none);

  {
    g_autoptr(FolPatient) p = fol_patient_new ();
    g_autoptr(FolVisit) v1 = fol_visit_new ();
    g_autoptr(FolVisit) v2 = fol_visit_new ();

    fol_patient_set_name (p, "Band");
    h2 = fol_history_new (p);
    /* 40·50 + 24·0 + 18·0 + 18·(500/18)… use a whole-percent split:
     * 40·25 + 24·25 + 18·25 + 18·25 = 2500 → 25.00 exactly. */
    for (guint i = 0; i < 2; i++)
      {
        FolVisit *v = i == 0 ? v1 : v2;

        fol_visit_set_date (v, fol_date_new (2025, 1 + 6 * i, 1));
        fol_visit_set_salt_top (v, 25);
        fol_visit_set_salt_back (v, 25);
        fol_visit_set_salt_right (v, 25);
        fol_visit_set_salt_left (v, 25);
        fol_history_add_visit (h2, v, NULL);
      }
  }
  salt = fol_figures_salt_line (h2);
  g_assert_cmpstr (salt, ==, "SALT 25.0 → 25.0: 0.0 % less hair loss than at baseline. "
                             "No SALT50 yet. The usual target of SALT ≤ 20 not reached yet.");
}

/* Ordinal scales are charted as steps on the scale's own order. */
static void
test_ordinal_chart (void)
{
  g_autoptr(FolHistory) h = make_history (FOL_NO_SCORE, FOL_NO_SCORE);
  g_autoptr(FolChartData) data = fol_progress_chart_new (h, FOL_MEASURE_NORWOOD, 0,
                                                         FOL_PROGRESS_RELATIVE, 10.0);
  FolChartStyle style;
  cairo_surface_t *surface;
  cairo_t *cr;
  double x0, y0, x1, y1, x2, y2;
  const FolChartColor *c;
  guchar *px;
  int stride;
  gboolean found_step = FALSE, found_diagonal = FALSE;
  double min, max, step;

  g_assert_nonnull (data);
  g_assert_false (fol_chart_data_is_empty (data));
  /* Ordinal: never a percent change. */
  g_assert_false (fol_chart_data_get_relative (data));
  g_assert_cmpuint (fol_chart_data_get_n_levels (data), ==, 12);
  g_assert_cmpstr (fol_chart_data_get_level_label (data, 5), ==, "III vertex");
  g_assert_cmpfloat (fol_chart_data_get_y (data, 0, 0), ==, 6.0);   /* IV */
  g_assert_cmpfloat (fol_chart_data_get_y (data, 0, 1), ==, 4.0);   /* IIIa */
  g_assert_cmpfloat (fol_chart_data_get_y (data, 0, 2), ==, 5.0);   /* III vertex */
  g_assert_false (fol_chart_data_get_band (data, &min, &max));
  fol_chart_data_get_y_range (data, &min, &max, &step);
  g_assert_cmpfloat (step, ==, 1.0);
  g_assert_cmpfloat (min, <=, 0.0);
  g_assert_cmpfloat (max, >=, 11.0);

  {
    g_autofree char *label = fol_chart_data_describe_point (data, 0, 2);

    g_assert_nonnull (strstr (label, "III vertex"));
    g_assert_nonnull (strstr (label, "better by one grade"));
  }

  fol_chart_style_init_light (&style);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 500);
  cr = cairo_create (surface);
  fol_chart_render (data, &style, cr, 800, 500);
  cairo_surface_flush (surface);

  g_assert_true (fol_chart_get_point_position (data, &style, 800, 500, 0, 0, &x0, &y0));
  g_assert_true (fol_chart_get_point_position (data, &style, 800, 500, 0, 1, &x1, &y1));
  g_assert_true (fol_chart_get_point_position (data, &style, 800, 500, 0, 2, &x2, &y2));
  g_assert_cmpfloat (y1, >, y0);   /* IIIa lower on the chart than IV */

  /* A step: at the middle of the first interval the line is still at the
   * first point's height, not halfway down as a straight line would be. */
  c = fol_chart_style_get_series_color (&style, FOL_REGION_NONE);
  px = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int dy = -2; dy <= 2; dy++)
    {
      int x = (int) ((x0 + x1) / 2), y = (int) y0 + dy;
      guint32 p = *(guint32 *) (px + y * stride + 4 * x);
      int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

      if (abs (r - (int) (c->red * 255)) < 30 && abs (g - (int) (c->green * 255)) < 30 &&
          abs (b - (int) (c->blue * 255)) < 30)
        found_step = TRUE;
    }
  for (int dy = -2; dy <= 2; dy++)
    {
      int x = (int) ((x0 + x1) / 2), y = (int) ((y0 + y1) / 2) + dy;
      guint32 p = *(guint32 *) (px + y * stride + 4 * x);
      int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

      if (abs (r - (int) (c->red * 255)) < 30 && abs (g - (int) (c->green * 255)) < 30 &&
          abs (b - (int) (c->blue * 255)) < 30)
        found_diagonal = TRUE;
    }
  g_assert_true (found_step);
  g_assert_false (found_diagonal);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* The summary of the command line says the same lines. */
static void
test_summary_lines (void)
{
  g_autoptr(FolHistory) h = make_history (100, 50);
  g_autofree char *table = fol_summary_table (h, 10.0);
  g_autoptr(GPtrArray) lines = fol_figures_lines (h);

  g_assert_cmpuint (lines->len, >=, 6);
  for (guint i = 0; i < lines->len; i++)
    {
      g_test_message ("%s", (char *) g_ptr_array_index (lines, i));
      g_assert_nonnull (strstr (table, g_ptr_array_index (lines, i)));
    }
  g_assert_nonnull (strstr (table, fol_measure_name (FOL_MEASURE_HAIRS_PER_FU)));
  g_assert_nonnull (strstr (table, fol_measure_name (FOL_MEASURE_VELLUS_DENSITY)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/figures/hairs-per-fu", test_hairs_per_fu);
  g_test_add_func ("/figures/vellus", test_vellus);
  g_test_add_func ("/figures/salt-response", test_salt_response);
  g_test_add_func ("/figures/assessment", test_assessment);
  g_test_add_func ("/figures/scale-order", test_scale_order);
  g_test_add_func ("/figures/grade-words", test_grade_words);
  g_test_add_func ("/figures/history", test_history_figures);
  g_test_add_func ("/figures/salt-baseline-zero", test_salt_baseline_zero);
  g_test_add_func ("/figures/salt-25", test_salt_25);
  g_test_add_func ("/figures/ordinal-chart", test_ordinal_chart);
  g_test_add_func ("/figures/summary", test_summary_lines);

  return g_test_run ();
}
