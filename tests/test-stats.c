/* test-stats.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fol-stats.h"

#define D(y, m, d) fol_date_new (y, m, d)
#define MAX_SAMPLES 6

typedef struct
{
  const char *name;
  int         first_treatment[3];   /* all 0: no treatment yet */
  struct { int y, m, d; double value; } samples[MAX_SAMPLES];
  guint       n;
  gboolean    found;
  guint       index;
} BaselineCase;

static void
fill_samples (FolSample *out,
              const BaselineCase *c)
{
  for (guint i = 0; i < c->n; i++)
    {
      out[i].date = fol_date_new (c->samples[i].y, c->samples[i].m, c->samples[i].d);
      out[i].value = c->samples[i].value;
    }
}

static void
test_baseline (void)
{
  static const BaselineCase cases[] = {
    { "treatment the same day counts", { 2024, 2, 1 },
      { { 2024, 1, 10, 100 }, { 2024, 2, 1, 110 }, { 2024, 5, 1, 130 } }, 3, TRUE, 1 },
    { "screening then baseline visit", { 2024, 1, 25 },
      { { 2024, 1, 5, 95 }, { 2024, 1, 20, 102 }, { 2024, 4, 25, 120 } }, 3, TRUE, 1 },
    { "no treatment: earliest value", { 0, 0, 0 },
      { { 2024, 1, 1, NAN }, { 2024, 2, 1, 118 }, { 2024, 3, 1, 120 } }, 3, TRUE, 1 },
    { "first measured after treatment", { 2024, 1, 1 },
      { { 2024, 2, 1, 150 }, { 2024, 4, 1, 160 } }, 2, FALSE, 0 },
    { "missing value on treatment day skipped", { 2024, 1, 15 },
      { { 2024, 1, 1, 100 }, { 2024, 1, 15, NAN }, { 2024, 3, 1, 115 } }, 3, TRUE, 0 },
    { "only missing values before treatment", { 2024, 1, 15 },
      { { 2024, 1, 1, NAN }, { 2024, 3, 1, 115 } }, 2, FALSE, 0 },
    { "a true zero is a value", { 2024, 6, 1 },
      { { 2024, 5, 1, 0 }, { 2024, 9, 1, 40 } }, 2, TRUE, 0 },
    { "no samples", { 2024, 6, 1 }, { { 0 } }, 0, FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const BaselineCase *c = &cases[i];
      FolSample samples[MAX_SAMPLES];
      FolDate treatment = FOL_DATE_NONE;
      guint index = G_MAXUINT;
      gboolean found;

      g_test_message ("baseline: %s", c->name);
      fill_samples (samples, c);
      if (c->first_treatment[0] != 0)
        treatment = D (c->first_treatment[0], c->first_treatment[1], c->first_treatment[2]);

      found = fol_stats_baseline (samples, c->n, treatment, &index);
      g_assert_cmpint (found, ==, c->found);
      if (found)
        g_assert_cmpuint (index, ==, c->index);
      else
        g_assert_cmpuint (index, ==, G_MAXUINT);
    }
}

static void
test_slope_known_lines (void)
{
  FolDate origin = D (2023, 1, 1);
  /* 487 days are exactly 16 months of 30.4375 days. */
  FolSample fit[] = {
    { origin, 100 }, { origin + 487, 120 }, { origin + 974, 128 },
    { origin + 30, NAN },
  };
  /* value = 100 + 2 × months, on uneven real dates */
  FolSample line[] = {
    { D (2023, 1, 1), 0 }, { D (2023, 4, 1), 0 }, { D (2023, 7, 1), 0 }, { D (2024, 1, 1), 0 },
  };
  double slope = 0, intercept = 0;
  guint n = 0;

  g_assert_true (fol_stats_slope (fit, G_N_ELEMENTS (fit), origin, &slope, &intercept, &n));
  /* mean x 16, mean y 116, Sxx 512, Sxy 448 */
  g_assert_cmpfloat_with_epsilon (slope, 0.875, 1e-12);
  g_assert_cmpfloat_with_epsilon (intercept, 102.0, 1e-9);
  g_assert_cmpuint (n, ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (line); i++)
    line[i].value = 100 + 2 * (line[i].date - origin) / 30.4375;
  g_assert_true (fol_stats_slope (line, G_N_ELEMENTS (line), origin, &slope, &intercept, &n));
  g_assert_cmpfloat_with_epsilon (slope, 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (intercept, 100.0, 1e-9);
  g_assert_cmpuint (n, ==, 4);

  /* The slope does not depend on the origin; the intercept does. */
  g_assert_true (fol_stats_slope (line, G_N_ELEMENTS (line), D (2024, 1, 1), &slope, &intercept, NULL));
  g_assert_cmpfloat_with_epsilon (slope, 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (intercept, 100 + 2 * 365 / 30.4375, 1e-9);
}

static void
test_slope_leap_years (void)
{
  /* 2024-02-28 → 2024-03-01 is two days: the leap day counts. */
  FolSample leap[] = { { D (2024, 2, 28), 100 }, { D (2024, 3, 1), 102 } };
  /* 2020-01-01 → 2024-01-01: 1461 days = 48 months exactly. */
  FolSample four_years[] = { { D (2020, 1, 1), 100 }, { D (2024, 1, 1), 148 } };
  double slope = 0;

  g_assert_true (fol_stats_slope (leap, 2, leap[0].date, &slope, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (slope, 30.4375, 1e-9);

  g_assert_true (fol_stats_slope (four_years, 2, four_years[0].date, &slope, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (slope, 1.0, 1e-12);
}

static void
test_slope_undefined (void)
{
  FolDate day = D (2024, 6, 1);
  FolSample one[] = { { day, 100 } };
  FolSample one_with_nan[] = { { day, 100 }, { day + 90, NAN } };
  FolSample same_day[] = { { day, 100 }, { day, 120 }, { day, 90 } };
  FolSample all_nan[] = { { day, NAN }, { day + 30, NAN } };
  double slope = 42, intercept = 42;
  guint n = 99;

  g_assert_false (fol_stats_slope (one, 1, day, &slope, &intercept, &n));
  g_assert_cmpuint (n, ==, 1);
  g_assert_false (fol_stats_slope (one_with_nan, 2, day, &slope, &intercept, &n));
  g_assert_cmpuint (n, ==, 1);
  g_assert_false (fol_stats_slope (same_day, 3, day, &slope, &intercept, &n));
  g_assert_cmpuint (n, ==, 3);
  g_assert_false (fol_stats_slope (all_nan, 2, day, &slope, &intercept, &n));
  g_assert_cmpuint (n, ==, 0);
  g_assert_false (fol_stats_slope (NULL, 0, day, &slope, &intercept, &n));
  g_assert_cmpuint (n, ==, 0);
  /* Undefined is not 0: the outputs are left alone. */
  g_assert_cmpfloat (slope, ==, 42);
  g_assert_cmpfloat (intercept, ==, 42);
}

static void
test_change (void)
{
  static const struct {
    double value, baseline;
    gboolean has_relative;
    double absolute, relative;
  } cases[] = {
    { 120, 100, TRUE, 20, 20 },
    { 90, 100, TRUE, -10, -10 },
    { 175.5, 150, TRUE, 25.5, 17 },
    { 5, 0, FALSE, 5, NAN },
    { 0, 0, FALSE, 0, NAN },
    { NAN, 100, FALSE, NAN, NAN },
    { 100, NAN, FALSE, NAN, NAN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double absolute = 0, relative = 0;
      gboolean has;

      has = fol_stats_change (cases[i].value, cases[i].baseline, &absolute, &relative);
      g_assert_cmpint (has, ==, cases[i].has_relative);
      if (isnan (cases[i].absolute))
        g_assert_true (isnan (absolute));
      else
        g_assert_cmpfloat_with_epsilon (absolute, cases[i].absolute, 1e-12);
      if (isnan (cases[i].relative))
        g_assert_true (isnan (relative));
      else
        g_assert_cmpfloat_with_epsilon (relative, cases[i].relative, 1e-12);
    }
}

static void
test_classify (void)
{
  static const struct {
    double relative, threshold;
    gboolean lower_is_better;
    FolChange expected;
  } cases[] = {
    { 10, 10, FALSE, FOL_CHANGE_IMPROVED },
    { 9.999999, 10, FALSE, FOL_CHANGE_STABLE },
    { -10, 10, FALSE, FOL_CHANGE_WORSE },
    { -9.999999, 10, FALSE, FOL_CHANGE_STABLE },
    { 0, 10, FALSE, FOL_CHANGE_STABLE },
    { 35, 10, FALSE, FOL_CHANGE_IMPROVED },
    { 10, 10, TRUE, FOL_CHANGE_WORSE },
    { -10, 10, TRUE, FOL_CHANGE_IMPROVED },
    { -9.999999, 10, TRUE, FOL_CHANGE_STABLE },
    { 5, 5, FALSE, FOL_CHANGE_IMPROVED },
    { 4.99, 5, FALSE, FOL_CHANGE_STABLE },
    { NAN, 10, FALSE, FOL_CHANGE_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (fol_stats_classify (cases[i].relative, cases[i].threshold,
                                         cases[i].lower_is_better),
                     ==, cases[i].expected);
}

static void
test_classify_drift (void)
{
  /* Exactly ±10 % changes whose division lands a hair inside the band. */
  static const struct { double baseline, value; FolChange expected; } cases[] = {
    { 2.2, 2.42, FOL_CHANGE_IMPROVED },
    { 0.33, 0.363, FOL_CHANGE_IMPROVED },
    { 20.3, 22.33, FOL_CHANGE_IMPROVED },
    { 0.3, 0.27, FOL_CHANGE_WORSE },
    { 3.3, 2.97, FOL_CHANGE_WORSE },
    { 100, 110, FOL_CHANGE_IMPROVED },
    { 1.0, 1.1, FOL_CHANGE_IMPROVED },
    { 100, 90, FOL_CHANGE_WORSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double relative = 0;

      g_assert_true (fol_stats_change (cases[i].value, cases[i].baseline, NULL, &relative));
      g_assert_cmpfloat_with_epsilon (fabs (relative), 10.0, 1e-9);
      g_assert_cmpint (fol_stats_classify (relative, 10, FALSE), ==, cases[i].expected);
    }

  /* The first case really drifted below 10: the epsilon is what saves it. */
  {
    double relative = 0;

    fol_stats_change (2.42, 2.2, NULL, &relative);
    g_assert_cmpfloat (relative, <, 10.0);
  }
}

static void
test_salt_score (void)
{
  static const struct {
    int top, back, right, left;
    gboolean ok;
    int hundredths;
    FolSaltBand band;
    const char *text;
  } cases[] = {
    { 0, 0, 0, 0, TRUE, 0, FOL_SALT_S0, "0.0" },
    { 1, 0, 0, 0, TRUE, 40, FOL_SALT_S1, "0.4" },
    { 50, 0, 0, 0, TRUE, 2000, FOL_SALT_S1, "20.0" },
    { 25, 25, 25, 25, TRUE, 2500, FOL_SALT_S2, "25.0" },
    { 0, 100, 100, 0, TRUE, 4200, FOL_SALT_S2, "42.0" },
    { 50, 50, 50, 50, TRUE, 5000, FOL_SALT_S3, "50.0" },
    { 100, 100, 61, 0, TRUE, 7498, FOL_SALT_S3, "75.0" },
    { 75, 75, 75, 75, TRUE, 7500, FOL_SALT_S4A, "75.0" },
    { 95, 95, 95, 95, TRUE, 9500, FOL_SALT_S4A, "95.0" },
    { 96, 96, 96, 96, TRUE, 9600, FOL_SALT_S4B, "96.0" },
    { 100, 100, 100, 99, TRUE, 9982, FOL_SALT_S4B, "99.8" },
    { 100, 100, 100, 100, TRUE, 10000, FOL_SALT_S5, "100.0" },
    { -1, 0, 0, 0, FALSE, 0, 0, NULL },
    { 0, 0, -1, 0, FALSE, 0, 0, NULL },
    { 101, 0, 0, 0, FALSE, 0, 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int hundredths = -42;
      gboolean ok;

      ok = fol_salt_score (cases[i].top, cases[i].back, cases[i].right, cases[i].left, &hundredths);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        {
          g_autofree char *text = fol_format_salt (hundredths);

          g_assert_cmpint (hundredths, ==, cases[i].hundredths);
          g_assert_cmpint (fol_salt_band (hundredths), ==, cases[i].band);
          g_assert_cmpstr (text, ==, cases[i].text);
        }
      else
        g_assert_cmpint (hundredths, ==, -42);
    }
}

static void
test_salt_bands (void)
{
  static const struct { int hundredths; FolSaltBand band; const char *name; } cases[] = {
    { 0, FOL_SALT_S0, "S0" }, { 1, FOL_SALT_S1, "S1" }, { 2499, FOL_SALT_S1, "S1" },
    { 2500, FOL_SALT_S2, "S2" }, { 4999, FOL_SALT_S2, "S2" }, { 5000, FOL_SALT_S3, "S3" },
    { 7499, FOL_SALT_S3, "S3" }, { 7500, FOL_SALT_S4A, "S4a" }, { 9500, FOL_SALT_S4A, "S4a" },
    { 9501, FOL_SALT_S4B, "S4b" }, { 9999, FOL_SALT_S4B, "S4b" }, { 10000, FOL_SALT_S5, "S5" },
  };
  g_autofree char *missing = fol_format_salt (-1);
  g_autofree char *half = fol_format_salt (2505);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (fol_salt_band (cases[i].hundredths), ==, cases[i].band);
      g_assert_cmpstr (fol_salt_band_name (cases[i].band), ==, cases[i].name);
    }
  g_assert_cmpstr (missing, ==, "—");
  g_assert_cmpstr (half, ==, "25.1");
}

static void
test_salt_response (void)
{
  static const struct { int baseline, value; guint response; } cases[] = {
    { 8000, 8000, 0 }, { 8000, 4001, 0 }, { 8000, 4000, 50 }, { 8000, 2001, 50 },
    { 8000, 2000, 75 }, { 8000, 801, 75 }, { 8000, 800, 90 }, { 8000, 0, 90 },
    { 8000, 9000, 0 }, { 0, 0, 0 }, { 2500, 1250, 50 }, { 10000, 1000, 90 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpuint (fol_salt_response (cases[i].baseline, cases[i].value), ==, cases[i].response);
}

static void
test_density (void)
{
  g_assert_cmpfloat_with_epsilon (fol_stats_density (200, 1), 200, 1e-12);
  g_assert_cmpfloat_with_epsilon (fol_stats_density (150, 0.65), 230.76923076923077, 1e-9);
  g_assert_cmpfloat (fol_stats_density (0, 1), ==, 0);
  g_assert_true (isnan (fol_stats_density (100, 0)));
  g_assert_true (isnan (fol_stats_density (100, -1)));
  g_assert_true (isnan (fol_stats_density (NAN, 1)));
  g_assert_true (isnan (fol_stats_density (100, NAN)));

  g_assert_cmpfloat_with_epsilon (fol_stats_cumulative_thickness (200, 75), 15.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (fol_stats_cumulative_thickness (180.5, 62), 11.191, 1e-12);
  g_assert_true (isnan (fol_stats_cumulative_thickness (200, NAN)));
  g_assert_true (isnan (fol_stats_cumulative_thickness (NAN, 70)));
}

static void
test_format (void)
{
  static const struct { double value; guint decimals; const char *number; const char *signed_; } numbers[] = {
    { 12.345, 1, "12.3", "+12.3" },
    { 230.76923, 1, "230.8", "+230.8" },
    { -4.25, 2, "-4.25", "-4.25" },
    { -0.04, 1, "0.0", "0.0" },
    { 0, 1, "0.0", "0.0" },
    { 0.875, 2, "0.88", "+0.88" },
    { NAN, 1, "—", "—" },
  };
  static const struct { double absolute, relative; gboolean has; guint decimals; const char *text; } changes[] = {
    { 20.3, 14.1, TRUE, 1, "+20.3 (+14.1 %)" },
    { 20.3, 0, FALSE, 1, "+20.3 (—)" },
    { -5, -4.7619, TRUE, 1, "-5.0 (-4.8 %)" },
    { 0, 0, TRUE, 1, "0.0 (0.0 %)" },
    { 34, 21.2765, TRUE, 0, "+34 (+21.3 %)" },
    { NAN, NAN, FALSE, 1, "—" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *number = fol_format_number (numbers[i].value, numbers[i].decimals);
      g_autofree char *signed_ = fol_format_signed (numbers[i].value, numbers[i].decimals);

      g_assert_cmpstr (number, ==, numbers[i].number);
      g_assert_cmpstr (signed_, ==, numbers[i].signed_);
    }

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_autofree char *text = fol_format_change (changes[i].absolute, changes[i].relative,
                                                 changes[i].has, changes[i].decimals);

      g_assert_cmpstr (text, ==, changes[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stats/baseline", test_baseline);
  g_test_add_func ("/stats/slope/known-lines", test_slope_known_lines);
  g_test_add_func ("/stats/slope/leap-years", test_slope_leap_years);
  g_test_add_func ("/stats/slope/undefined", test_slope_undefined);
  g_test_add_func ("/stats/change", test_change);
  g_test_add_func ("/stats/classify", test_classify);
  g_test_add_func ("/stats/classify/drift", test_classify_drift);
  g_test_add_func ("/stats/salt/score", test_salt_score);
  g_test_add_func ("/stats/salt/bands", test_salt_bands);
  g_test_add_func ("/stats/salt/response", test_salt_response);
  g_test_add_func ("/stats/density", test_density);
  g_test_add_func ("/stats/format", test_format);

  return g_test_run ();
}
