/* test-outcomes.c
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

/* Outcomes across the clinic: the statistics against hand-computed and
 * table values, a hand-made clinic at the boundaries (exactly the
 * threshold, n exactly 5, a baseline of 0, the window's edge), a
 * generated clinic whose true effect per treatment is known, the command
 * line's JSON, PDF and CSV read back by real readers, and the same
 * answers from both backends (SQLite, and PostgreSQL on the throwaway
 * cluster: a failure, not a skip, when FOLLICLE_TEST_PG=required).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "fol-outcomes.h"
#include "fol-outcomes-report.h"
#include "fol-pg-store.h"
#include "fol-sqlite-store.h"
#include "fol-stats-summary.h"
#include "fol-store.h"
#include "fol-test-backend.h"
#include "fol-test-outcomes.h"
#include "fol-test-pg.h"
#include "fol-test-run.h"

#define T975_DF4 2.7764451051977987   /* t(0.975, 4), from a t table */

/* Statistics */

static void
test_mean_median (void)
{
  const double five[] = { 4, 1, 5, 2, 3 };
  const double four[] = { 4, 1, 3, 2 };

  g_assert_cmpfloat_with_epsilon (fol_stats_mean (five, 5), 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (fol_stats_median (five, 5), 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (fol_stats_median (four, 4), 2.5, 1e-12);
  /* The input is left as it was */
  g_assert_cmpfloat (five[0], ==, 4);
  g_assert_true (isnan (fol_stats_mean (NULL, 0)));
  g_assert_true (isnan (fol_stats_median (NULL, 0)));
  g_assert_true (isnan (fol_stats_sd (five, 1)));
  g_assert_cmpfloat_with_epsilon (fol_stats_sd (five, 5), sqrt (2.5), 1e-12);
}

static void
test_t_quantile (void)
{
  /* Two-sided 95 % (p = 0.975) and others, from a printed t table */
  static const struct { double p, df, t; } table[] = {
    { 0.975, 1, 12.7062 }, { 0.975, 2, 4.3027 }, { 0.975, 3, 3.1824 },
    { 0.975, 4, 2.7764 }, { 0.975, 5, 2.5706 }, { 0.975, 10, 2.2281 },
    { 0.975, 20, 2.0860 }, { 0.975, 30, 2.0423 }, { 0.975, 120, 1.9799 },
    { 0.95, 3, 2.3534 }, { 0.995, 5, 4.0321 }, { 0.9, 1, 3.0777 },
    { 0.025, 4, -2.7764 }, { 0.5, 7, 0.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      double t = fol_stats_t_quantile (table[i].p, table[i].df);

      if (fabs (t - table[i].t) > 5e-5)
        g_error ("t(%g, %g) = %.6f, the table says %.4f", table[i].p, table[i].df, t,
                 table[i].t);
      /* and back */
      g_assert_cmpfloat_with_epsilon (fol_stats_t_cdf (t, table[i].df), table[i].p, 1e-10);
    }

  /* Many degrees of freedom: the normal quantile */
  g_assert_cmpfloat_with_epsilon (fol_stats_t_quantile (0.975, 1e7), FOL_STATS_Z95, 1e-5);
  g_assert_cmpfloat_with_epsilon (fol_stats_t_cdf (1.959963984540054, INFINITY), 0.975, 1e-12);
  /* I_x(a, b) at known points: I_0.5(a, a) = 0.5; I_x(1, 1) = x */
  g_assert_cmpfloat_with_epsilon (fol_stats_incomplete_beta (3.5, 3.5, 0.5), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (fol_stats_incomplete_beta (1, 1, 0.3), 0.3, 1e-12);
  g_assert_true (isnan (fol_stats_t_quantile (1.0, 4)));
  g_assert_true (isnan (fol_stats_t_quantile (0.975, 0)));
}

static void
test_mean_ci (void)
{
  const double values[] = { 1, 2, 3, 4, 5 };
  double low, high;

  /* By hand: 3 ± t(0.975, 4) × √2.5 / √5 */
  g_assert_true (fol_stats_mean_ci95 (values, 5, &low, &high));
  g_assert_cmpfloat_with_epsilon (low, 3 - T975_DF4 * sqrt (2.5) / sqrt (5), 1e-9);
  g_assert_cmpfloat_with_epsilon (high, 3 + T975_DF4 * sqrt (2.5) / sqrt (5), 1e-9);
  g_assert_cmpfloat_with_epsilon (low, 1.036757, 1e-6);

  g_assert_false (fol_stats_mean_ci95 (values, 1, &low, &high));
  g_assert_true (isnan (low) && isnan (high));
}

static void
test_wilson (void)
{
  double low, high;

  /* 3 of 5: (0.6 + z²/10 ± z √(0.048 + z²/100)) / (1 + z²/5) */
  g_assert_true (fol_stats_wilson95 (3, 5, &low, &high));
  g_assert_cmpfloat_with_epsilon (low, 0.2307, 1e-4);
  g_assert_cmpfloat_with_epsilon (high, 0.8824, 1e-4);

  /* Never empty at 0 or n, never outside 0..1 */
  g_assert_true (fol_stats_wilson95 (0, 10, &low, &high));
  g_assert_cmpfloat_with_epsilon (low, 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (high, 0.2775, 1e-4);
  g_assert_true (fol_stats_wilson95 (10, 10, &low, &high));
  g_assert_cmpfloat_with_epsilon (low, 0.7225, 1e-4);
  g_assert_cmpfloat_with_epsilon (high, 1.0, 1e-12);

  g_assert_false (fol_stats_wilson95 (0, 0, &low, &high));
  g_assert_false (fol_stats_wilson95 (6, 5, &low, &high));
}

/* Clinics on both backends */

typedef FolTestClinic Fixture;
#define setup fol_test_clinic_setup
#define teardown fol_test_clinic_teardown

/* The records, and the reader of what the command line wrote */
#define add_patient fol_test_outcomes_add_patient
#define add_session fol_test_outcomes_add_session
#define python fol_test_outcomes_python

/* A visit with the vertex's total density, and the occipital's at twice it
 * (a region the outcomes of the vertex must never mix in).
 */
static void
add_value (FolStore   *store,
           const char *patient_id,
           FolDate     day,
           double      vertex)
{
  fol_test_outcomes_add_visit (store, patient_id, day, vertex, MIN (600, 2 * vertex + 7));
}

/* The boundaries, by hand. PRP, first session 2024-01-10 for everyone;
 * 3 months = 2024-04-10 ± 42 days.
 */
static void
fill_boundaries (FolStore *store)
{
  static const struct { double baseline; const char *day; double value; } prp[] = {
    { 100, "2024-04-10", 110 },     /* exactly +10 %: a responder */
    { 130, "2024-05-22", 143 },     /* +10 % by a division that drifts; 42 days late */
    { 100, "2024-04-01", 109.9 },   /* +9.9 %: not */
    { 100, "2024-04-10", 120 },
    { 100, "2024-04-20", 80 },
  };
  FolDate first = helper_date ("2024-01-10");
  FolDate birth = helper_date ("1980-06-01");

  for (guint i = 0; i < G_N_ELEMENTS (prp); i++)
    {
      g_autofree char *name = g_strdup_printf ("PRP patient %u", i);
      g_autofree char *id = add_patient (store, name, "female", "androgenetic_alopecia", birth);

      /* A screening visit, then the baseline on the day of the first
       * session: measured before treating, so it is the baseline.
       */
      add_value (store, id, helper_date ("2023-12-01"), 50);
      add_value (store, id, first, prp[i].baseline);
      add_session (store, id, first, "prp", "Kit A",
                   i == 0 ? FOL_SEVERITY_MILD : i == 1 ? FOL_SEVERITY_SEVERE : -1);
      if (i == 0)
        add_session (store, id, helper_date ("2024-02-10"), "prp", "Kit A", -1);
      add_value (store, id, helper_date (prp[i].day), prp[i].value);
      /* 43 days before the 3-month date: outside the window */
      if (i == 3)
        add_value (store, id, helper_date ("2024-02-27"), 500);
      /* 6 months: four patients, too few */
      if (i < 4)
        add_value (store, id, helper_date ("2024-07-10"), prp[i].baseline + 30);
      /* 12 months: exactly five */
      add_value (store, id, helper_date ("2025-01-10"), prp[i].baseline + i + 1);
    }

  /* First measured after treatment began: no baseline, no change */
  {
    g_autofree char *id = add_patient (store, "PRP late", "female", "androgenetic_alopecia",
                                       birth);
    add_session (store, id, first, "prp", "Kit A", -1);
    add_value (store, id, helper_date ("2024-02-01"), 100);
    add_value (store, id, helper_date ("2024-04-10"), 200);
  }

  /* Minoxidil: one baseline of 0 among five */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("Minoxidil patient %u", i);
      g_autofree char *id = add_patient (store, name, "male", "female_pattern",
                                         helper_date ("1950-03-01"));

      add_value (store, id, helper_date ("2024-01-05"), i == 0 ? 0 : 100);
      add_session (store, id, first, "minoxidil_topical", NULL, -1);
      add_value (store, id, helper_date ("2024-04-10"), i == 0 ? 5 : 110);
    }
}

static const FolOutcomeGroup *
find_group (FolOutcomes *o,
            const char  *type,
            const char  *product)
{
  for (guint i = 0; i < o->groups->len; i++)
    {
      const FolOutcomeGroup *g = g_ptr_array_index (o->groups, i);

      if (g_str_equal (g->treatment_type, type) && g_strcmp0 (g->product, product) == 0)
        return g;
    }
  g_error ("no group %s / %s", type, product ? product : "(all)");
  return NULL;
}

static FolOutcomes *
compute (FolStore   *store,
         const char *treatment,
         const char *diagnosis,
         const char *sex,
         FolAgeBand  band)
{
  g_autoptr(GError) error = NULL;
  FolOutcomesFilter filter;
  FolOutcomes *o;

  fol_outcomes_filter_init (&filter);
  filter.threshold = 10.0;
  filter.treatment_type = treatment;
  filter.diagnosis = diagnosis;
  filter.sex = sex;
  filter.age_band = band;
  o = fol_outcomes_compute (store, &filter, &error);
  g_assert_no_error (error);
  g_assert_nonnull (o);
  return o;
}

static void
test_boundaries (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(FolOutcomes) o = NULL;
  const FolOutcomeGroup *prp, *kit, *minoxidil;
  const FolOutcomeWindow *w;

  if (f->store == NULL)
    return;
  fill_boundaries (f->store);
  o = compute (f->store, NULL, NULL, NULL, FOL_AGE_BAND_ALL);

  /* The type, then its product; minoxidil has no product */
  g_assert_cmpuint (o->groups->len, ==, 3);
  prp = find_group (o, "prp", NULL);
  kit = find_group (o, "prp", "Kit A");
  minoxidil = find_group (o, "minoxidil_topical", NULL);
  g_assert_true (g_ptr_array_index (o->groups, 0) == prp);
  g_assert_true (g_ptr_array_index (o->groups, 1) == kit);

  g_assert_cmpuint (prp->n_patients, ==, 6);
  g_assert_cmpuint (prp->n_sessions, ==, 7);
  g_assert_cmpuint (prp->n_adverse[FOL_SEVERITY_MILD], ==, 1);
  g_assert_cmpuint (prp->n_adverse[FOL_SEVERITY_MODERATE], ==, 0);
  g_assert_cmpuint (prp->n_adverse[FOL_SEVERITY_SEVERE], ==, 1);
  g_assert_cmpfloat_with_epsilon (prp->adverse_per_100[FOL_SEVERITY_MILD], 100.0 / 7, 1e-9);
  g_assert_cmpfloat_with_epsilon (prp->adverse_per_100[FOL_SEVERITY_MODERATE], 0.0, 1e-12);

  /* 3 months: changes 10, 13, 9.9, 20, −20 (the patient without a
   * baseline and the value 43 days early are left out)
   */
  w = &prp->windows[0];
  g_assert_cmpuint (w->months, ==, 3);
  g_assert_cmpuint (w->n, ==, 5);
  g_assert_false (w->too_few);
  g_assert_cmpfloat_with_epsilon (w->mean, 6.58, 1e-9);
  g_assert_cmpfloat_with_epsilon (w->median, 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (w->ci_low, -12.560644, 1e-5);
  g_assert_cmpfloat_with_epsilon (w->ci_high, 25.720644, 1e-5);
  g_assert_cmpuint (w->n_percent, ==, 5);
  g_assert_cmpfloat_with_epsilon (w->mean_percent, 5.98, 1e-9);
  g_assert_cmpfloat_with_epsilon (w->ci_low_percent, -12.842660, 1e-5);
  /* Exactly the threshold counts, drift or not: 110/100 and 143/130 */
  g_assert_cmpuint (w->n_responders, ==, 3);
  g_assert_cmpfloat_with_epsilon (w->responder_rate, 0.6, 1e-12);
  g_assert_cmpfloat_with_epsilon (w->responder_low, 0.2307, 1e-4);
  g_assert_cmpfloat_with_epsilon (w->responder_high, 0.8824, 1e-4);

  /* 6 months: four patients: too few, no mean */
  w = &prp->windows[1];
  g_assert_cmpuint (w->n, ==, 4);
  g_assert_true (w->too_few);
  g_assert_true (isnan (w->mean) && isnan (w->median) && isnan (w->ci_low));
  g_assert_true (isnan (w->responder_rate));

  /* 12 months: exactly five: a mean */
  w = &prp->windows[2];
  g_assert_cmpuint (w->n, ==, 5);
  g_assert_false (w->too_few);
  g_assert_cmpfloat_with_epsilon (w->mean, 3.0, 1e-9);

  /* The product's group holds the same patients here */
  g_assert_cmpuint (kit->n_patients, ==, 6);
  g_assert_cmpfloat_with_epsilon (kit->windows[0].mean, 6.58, 1e-9);

  /* A baseline of 0: an absolute change, no % change */
  w = &minoxidil->windows[0];
  g_assert_cmpuint (w->n, ==, 5);
  g_assert_cmpfloat_with_epsilon (w->mean, 9.0, 1e-9);
  g_assert_cmpuint (w->n_percent, ==, 4);
  g_assert_true (w->too_few_percent);
  g_assert_true (isnan (w->mean_percent));
  g_assert_true (isnan (w->responder_rate));
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(FolOutcomes) by_treatment = NULL;
  g_autoptr(FolOutcomes) by_diagnosis = NULL;
  g_autoptr(FolOutcomes) by_sex = NULL;
  g_autoptr(FolOutcomes) by_age = NULL;
  g_autoptr(FolOutcomes) none = NULL;

  if (f->store == NULL)
    return;
  fill_boundaries (f->store);

  by_treatment = compute (f->store, "minoxidil_topical", NULL, NULL, FOL_AGE_BAND_ALL);
  g_assert_cmpuint (by_treatment->groups->len, ==, 1);
  g_assert_cmpuint (find_group (by_treatment, "minoxidil_topical", NULL)->n_patients, ==, 5);

  by_diagnosis = compute (f->store, NULL, "androgenetic_alopecia", NULL, FOL_AGE_BAND_ALL);
  g_assert_cmpuint (by_diagnosis->groups->len, ==, 2);
  g_assert_cmpuint (find_group (by_diagnosis, "prp", NULL)->n_patients, ==, 6);

  by_sex = compute (f->store, NULL, NULL, "male", FOL_AGE_BAND_ALL);
  g_assert_cmpuint (by_sex->groups->len, ==, 1);

  /* Born 1950, first session 2024: 73, in "60 and over"; born 1980: 43 */
  by_age = compute (f->store, NULL, NULL, NULL, FOL_AGE_BAND_60_PLUS);
  g_assert_cmpuint (by_age->groups->len, ==, 1);
  g_assert_cmpuint (find_group (by_age, "minoxidil_topical", NULL)->n_patients, ==, 5);
  g_clear_pointer (&by_age, fol_outcomes_free);
  by_age = compute (f->store, NULL, NULL, NULL, FOL_AGE_BAND_30_44);
  g_assert_cmpuint (find_group (by_age, "prp", NULL)->n_patients, ==, 6);

  none = compute (f->store, "lllt", NULL, NULL, FOL_AGE_BAND_ALL);
  g_assert_cmpuint (none->groups->len, ==, 0);
}

/* A generated clinic whose true effect is known: each treated patient's
 * change is the effect plus noise, the noise drawn in pairs of opposite
 * sign, so that the true mean change of the sample is the effect exactly.
 */
typedef struct
{
  const char *type;
  double      effect[FOL_OUTCOMES_N_WINDOWS];  /* hairs/cm² at 3, 6, 12 months */
  guint       responders[FOL_OUTCOMES_N_WINDOWS];
} Truth;

#define N_GENERATED 24

static void
fill_generated (FolStore *store,
                Truth    *truth,
                guint     n_truth)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260);

  for (guint t = 0; t < n_truth; t++)
    {
      for (guint i = 0; i < N_GENERATED; i += 2)
        {
          double noise[FOL_OUTCOMES_N_WINDOWS];

          for (guint w = 0; w < FOL_OUTCOMES_N_WINDOWS; w++)
            noise[w] = g_rand_int_range (rand, -120, 121) / 10.0;

          for (guint k = 0; k < 2; k++)
            {
              g_autofree char *name = g_strdup_printf ("%s %u", truth[t].type, i + k);
              g_autofree char *id = add_patient (store, name, k ? "male" : "female",
                                                 "androgenetic_alopecia", helper_date ("1975-01-01"));
              FolDate first = helper_date ("2023-01-02") + 3 * (i + k) + t;
              double baseline = g_rand_int_range (rand, 1200, 1800) / 10.0;

              add_value (store, id, first - 5, baseline);
              add_session (store, id, first, truth[t].type, "Generated",
                           i % 4 == 0 && k == 0 ? FOL_SEVERITY_MODERATE : -1);
              add_session (store, id, first + 28, truth[t].type, "Generated", -1);
              for (guint w = 0; w < FOL_OUTCOMES_N_WINDOWS; w++)
                {
                  FolDate target = fol_date_add_months (first, fol_outcomes_window_months[w]);
                  double change = truth[t].effect[w] + (k ? -noise[w] : noise[w]);
                  double value = baseline + change;

                  /* Within the window, a few days off the target */
                  add_value (store, id, target + (int) ((i + k) % 21) - 10, value);
                  if (100.0 * change / baseline >= 10.0 - 1e-9)
                    truth[t].responders[w]++;
                }
              /* 4½ months: in no window, with a value that would show */
              add_value (store, id, fol_date_add_months (first, 4) + 15, baseline + 300);
            }
        }
    }
}

static void
test_known_effect (Fixture       *f,
                   gconstpointer  data)
{
  Truth truth[] = {
    { "exosomes", { 12.0, 25.0, 30.0 } },
    { "finasteride", { 2.0, 5.0, 6.0 } },
  };
  g_autoptr(FolOutcomes) o = NULL;

  if (f->store == NULL)
    return;
  fill_generated (f->store, truth, G_N_ELEMENTS (truth));
  o = compute (f->store, NULL, NULL, NULL, FOL_AGE_BAND_ALL);

  for (guint t = 0; t < G_N_ELEMENTS (truth); t++)
    {
      const FolOutcomeGroup *g = find_group (o, truth[t].type, NULL);

      g_assert_cmpuint (g->n_patients, ==, N_GENERATED);
      g_assert_cmpuint (g->n_sessions, ==, 2 * N_GENERATED);
      g_assert_cmpuint (g->n_adverse[FOL_SEVERITY_MODERATE], ==, N_GENERATED / 4);
      g_assert_cmpfloat_with_epsilon (g->adverse_per_100[FOL_SEVERITY_MODERATE],
                                      100.0 * (N_GENERATED / 4) / (2 * N_GENERATED), 1e-9);
      for (guint w = 0; w < FOL_OUTCOMES_N_WINDOWS; w++)
        {
          const FolOutcomeWindow *win = &g->windows[w];
          double rate = (double) truth[t].responders[w] / N_GENERATED;

          g_assert_cmpuint (win->n, ==, N_GENERATED);
          g_assert_cmpfloat_with_epsilon (win->mean, truth[t].effect[w], 1e-6);
          g_assert_cmpfloat (win->ci_low, <, truth[t].effect[w]);
          g_assert_cmpfloat (win->ci_high, >, truth[t].effect[w]);
          g_assert_cmpuint (win->n_responders, ==, truth[t].responders[w]);
          g_assert_cmpfloat_with_epsilon (win->responder_rate, rate, 1e-12);
          g_assert_cmpfloat (win->responder_low, <=, rate);
          g_assert_cmpfloat (win->responder_high, >=, rate);
        }
    }

  /* The larger effect is the larger mean, with intervals apart at 6 months */
  g_assert_cmpfloat (find_group (o, "exosomes", NULL)->windows[1].ci_low, >,
                     find_group (o, "finasteride", NULL)->windows[1].ci_high);
}

/* Both backends give the same answer for the same records. */
static void
test_backends_agree (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) sqlite = NULL;
  g_autofree char *path = NULL;
  g_autoptr(FolOutcomes) a = NULL;
  g_autoptr(FolOutcomes) b = NULL;
  g_autofree char *json_a = NULL;
  g_autofree char *json_b = NULL;
  Truth truth_a[] = { { "exosomes", { 12.0, 25.0, 30.0 } } };
  Truth truth_b[] = { { "exosomes", { 12.0, 25.0, 30.0 } } };

  if (f->store == NULL)
    return;
  path = g_build_filename (f->dir, "other.follicle", NULL);
  sqlite = FOL_STORE (fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_NONE, &error));
  g_assert_no_error (error);

  fill_boundaries (f->store);
  fill_generated (f->store, truth_a, 1);
  fill_boundaries (sqlite);
  fill_generated (sqlite, truth_b, 1);

  /* The server holds every patient (11 by hand, 24 generated) */
  {
    PGconn *conn = fol_test_pg_connect (f->database);
    g_autofree char *count = fol_test_pg_value (conn, "SELECT count (*) FROM patients");

    g_assert_cmpstr (count, ==, "35");
    PQfinish (conn);
  }

  a = compute (f->store, NULL, NULL, NULL, FOL_AGE_BAND_ALL);
  b = compute (sqlite, NULL, NULL, NULL, FOL_AGE_BAND_ALL);
  json_a = fol_outcomes_to_json (a);
  json_b = fol_outcomes_to_json (b);
  g_assert_cmpstr (json_a, ==, json_b);
}

/* The command line */

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(Run) json = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(Run) bad = { 0 };
  g_auto(Run) stray = { 0 };
  g_auto(Run) pdf = { 0 };
  g_auto(Run) csv = { 0 };
  g_autofree char *json_path = g_build_filename (f->dir, "outcomes.json", NULL);
  g_autofree char *pdf_path = g_build_filename (f->dir, "outcomes.pdf", NULL);
  g_autofree char *csv_path = g_build_filename (f->dir, "outcomes.csv", NULL);
  g_autofree char *txt_path = g_build_filename (f->dir, "outcomes.txt", NULL);
  g_autofree char *fields = NULL;
  g_autofree char *pdf_text = NULL;
  g_autofree char *csv_rows = NULL;
  g_autoptr(FolOutcomes) o = NULL;
  g_autofree char *expected = NULL;
  const FolOutcomeGroup *g;

  fill_boundaries (f->store);
  o = compute (f->store, "prp", NULL, NULL, FOL_AGE_BAND_ALL);
  g_clear_object (&f->store);

  run (&json, "-d", f->location, "--outcomes", "--treatment", "prp", "--measurement",
       "total_density", "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_true (g_file_set_contents (json_path, json.out, -1, &error));
  g_assert_no_error (error);
  /* Read back by Python's JSON reader */
  fields = python ("import json,sys\n"
                   "d = json.load(open(sys.argv[1]))\n"
                   "g = d['groups'][0]\n"
                   "w3, w6, w12 = g['windows']\n"
                   "print(len(d['groups']), g['treatment_type'], g['product'], g['patients'],\n"
                   "      w3['n'], '%.4f' % w3['mean'], '%.4f' % w3['ci95'][0], w3['responders'],\n"
                   "      w6['n'], w6['too_few'], w6['mean'], w12['n'], w12['too_few'],\n"
                   "      d['region'], d['window_tolerance_days'],\n"
                   "      'not a clinical trial' in d['notice'],\n"
                   "      'regression to the mean' in d['notice'])\n",
                   json_path);
  g = find_group (o, "prp", NULL);
  expected = g_strdup_printf ("2 prp None %u %u %.4f %.4f %u 4 True None 5 False vertex 42 "
                              "True True", g->n_patients, g->windows[0].n, g->windows[0].mean,
                              g->windows[0].ci_low, g->windows[0].n_responders);
  g_assert_cmpstr (fields, ==, expected);

  /* In words: every figure with its n, too few said, the notice */
  run (&text, "-d", f->location, "--outcomes", "--treatment", "prp", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "3 months: n = 5; mean change +6.6 hairs/cm²"));
  g_assert_nonnull (strstr (text.out, "6 months: too few patients (n = 4)"));
  g_assert_nonnull (strstr (text.out, "responders 3 of 5 = 60.0 %"));
  g_assert_nonnull (strstr (text.out, "no control group"));
  g_assert_nonnull (strstr (text.out, "6 patients, 7 sessions"));

  /* The threshold of the command line: +20 % exactly is a responder at 20 */
  {
    g_auto(Run) strict = { 0 };
    g_auto(Run) older = { 0 };

    run (&strict, "-d", f->location, "--outcomes", "--treatment", "prp", "--threshold", "20", NULL);
    g_assert_cmpint (strict.status, ==, 0);
    g_assert_nonnull (strstr (strict.out, "responders 1 of 5 = 20.0 %"));
    g_assert_nonnull (strstr (strict.out, "improved by at least 20.0 %"));

    /* Sex and age at the first session: only the minoxidil patients */
    run (&older, "-d", f->location, "--outcomes", "--sex", "male", "--age", "60-plus", NULL);
    g_assert_cmpint (older.status, ==, 0);
    g_assert_nonnull (strstr (older.out, "Minoxidil, topical: 5 patients, 5 sessions"));
    g_assert_null (strstr (older.out, "Platelet-rich plasma"));
  }

  /* Bad input: named, exit 2, nothing written */
  run (&bad, "-d", f->location, "--outcomes", "--treatment", "snake_oil", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "--treatment “snake_oil” is not known"));
  run (&stray, "-d", f->location, "--export-outcomes", txt_path, NULL);
  g_assert_cmpint (stray.status, ==, 2);
  g_assert_false (g_file_test (txt_path, G_FILE_TEST_EXISTS));

  /* The report page, read back by pdftotext */
  run (&pdf, "-d", f->location, "--export-outcomes", pdf_path, NULL);
  g_assert_cmpint (pdf.status, ==, 0);
  {
    const char *argv[] = { "pdftotext", "-layout", pdf_path, "-", NULL };
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &pdf_text, NULL, &status, &error));
    g_assert_no_error (error);
  }
  g_assert_nonnull (strstr (pdf_text, "Outcomes across the clinic"));
  g_assert_nonnull (strstr (pdf_text, "too few patients (n = 4)"));
  g_assert_nonnull (strstr (pdf_text, "n = 5"));
  g_assert_nonnull (strstr (pdf_text, "control group"));

  /* The table as CSV, read back by Python's CSV reader */
  run (&csv, "-d", f->location, "--export-outcomes", csv_path, "--treatment", "prp", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  csv_rows = python ("import csv,sys\n"
                     "rows = list(csv.DictReader(open(sys.argv[1], newline='')))\n"
                     "r = rows[0]; s = rows[1]\n"
                     "print(len(rows), r['name'], r['window_months'], r['n'], r['mean_change'],\n"
                     "      r['responder_rate_percent'], repr(s['mean_change']), s['too_few'],\n"
                     "      'control group' in r['notice'])\n",
                     csv_path);
  g_assert_cmpstr (csv_rows, ==, "6 Platelet-rich plasma 3 5 6.6 60.0 '' yes True");
}

/* The comparison chart: the mean drawn in the group's colour where the
 * layout puts it; a window of too few patients has no point.
 */
static void
test_chart (void)
{
  g_autoptr(FolOutcomesChart) chart = fol_outcomes_chart_new ("Change", "hairs/cm²");
  const double mean_a[] = { 10, 20, 25 }, low_a[] = { 5, 15, 18 }, high_a[] = { 15, 25, 32 };
  const double mean_b[] = { 1, NAN, 3 }, low_b[] = { -2, NAN, 0 }, high_b[] = { 4, NAN, 6 };
  const guint n_a[] = { 30, 28, 25 }, n_b[] = { 6, 4, 5 };
  FolChartStyle style;
  cairo_surface_t *surface;
  cairo_t *cr;
  double x, y;
  guchar *pixels;
  int stride;
  guint32 pixel;
  const FolChartColor *c;

  fol_chart_style_init_light (&style);
  fol_outcomes_chart_add_group (chart, "A", mean_a, low_a, high_a, n_a);
  fol_outcomes_chart_add_group (chart, "B", mean_b, low_b, high_b, n_b);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 800, 500);
  cr = cairo_create (surface);
  fol_outcomes_chart_render (chart, &style, cr, 800, 500);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  g_assert_true (fol_outcomes_chart_get_point (chart, &style, 800, 500, 0, 1, &x, &y));
  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  pixel = *(guint32 *) (pixels + (int) y * stride + 4 * (int) x);
  c = &style.palette[0];
  g_assert_cmpint (ABS ((int) ((pixel >> 16) & 0xff) - (int) (c->red * 255)), <=, 2);
  g_assert_cmpint (ABS ((int) ((pixel >> 8) & 0xff) - (int) (c->green * 255)), <=, 2);
  g_assert_cmpint (ABS ((int) (pixel & 0xff) - (int) (c->blue * 255)), <=, 2);

  /* n = 4: no mean, no point */
  g_assert_false (fol_outcomes_chart_get_point (chart, &style, 800, 500, 1, 1, &x, &y));
  g_assert_true (fol_outcomes_chart_get_point (chart, &style, 800, 500, 1, 2, &x, &y));
  cairo_surface_destroy (surface);
}

static void
add (const char *name,
     Backend     backend,
     void      (*func) (Fixture *, gconstpointer))
{
  fol_test_add_backend ("/outcomes", name, backend, Fixture, setup, func, teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outcomes/stats/mean-median", test_mean_median);
  g_test_add_func ("/outcomes/stats/t-quantile", test_t_quantile);
  g_test_add_func ("/outcomes/stats/mean-ci", test_mean_ci);
  g_test_add_func ("/outcomes/stats/wilson", test_wilson);
  g_test_add_func ("/outcomes/chart", test_chart);
  for (Backend b = BACKEND_SQLITE; b <= BACKEND_POSTGRESQL; b++)
    {
      add ("boundaries", b, test_boundaries);
      add ("filters", b, test_filters);
      add ("known-effect", b, test_known_effect);
    }
  add ("cli", BACKEND_SQLITE, test_cli);
  add ("backends-agree", BACKEND_POSTGRESQL, test_backends_agree);

  return g_test_run ();
}
