/* test-outcomes-protocols.c
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

/* Outcomes grouped by protocol: a generated clinic with two protocols
 * whose true effects are known (the means and intervals contain them,
 * counted from the assignment's start date, not from the first session),
 * the patients on no protocol in a group of their own, adherence computed
 * by hand for a small case (a session exactly 7 days off is on time, one
 * 8 days off is not) and equal to the patient page's, and the command
 * line's text, JSON and CSV read back. Both backends (PostgreSQL on the
 * throwaway cluster: a failure, not a skip, when FOLLICLE_TEST_PG=required).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "fol-outcomes.h"
#include "fol-plans.h"
#include "fol-store.h"
#include "fol-test-backend.h"
#include "fol-test-outcomes.h"
#include "fol-test-pg.h"
#include "fol-test-run.h"

#define assert_ok(call) \
  G_STMT_START { \
    gboolean ok_ = (call); \
    g_assert_no_error (error); \
    g_assert_true (ok_); \
  } G_STMT_END

typedef FolTestClinic Fixture;
#define setup fol_test_clinic_setup
#define teardown fol_test_clinic_teardown

/* The records, and the reader of what the command line wrote */
#define add_session fol_test_outcomes_add_session
#define add_visit fol_test_outcomes_add_visit
#define python fol_test_outcomes_python

/* Every patient here is a woman born in 1975, with androgenetic alopecia. */
static char *
add_patient (FolStore   *store,
             const char *name)
{
  return fol_test_outcomes_add_patient (store, name, "female", "androgenetic_alopecia",
                                        helper_date ("1975-01-01"));
}

/* Sessions of @type at day 0, 28 and (when @three) 56; a follow-up visit
 * at 3 months, which adherence never counts.
 */
static char *
add_protocol (FolStore   *store,
              const char *name,
              const char *type,
              gboolean    three)
{
  g_autoptr(FolProtocol) protocol = fol_protocol_new ();
  g_autoptr(GError) error = NULL;

  fol_protocol_set_name (protocol, name);
  fol_protocol_add_session (protocol, 0, 0, type, NULL, NULL, NAN, 0);
  fol_protocol_add_session (protocol, 0, 28, type, NULL, NULL, NAN, 0);
  if (three)
    fol_protocol_add_session (protocol, 0, 56, type, NULL, NULL, NAN, 0);
  fol_protocol_add_visit (protocol, 3, 0);
  assert_ok (fol_store_save_protocol (store, protocol, &error));
  return g_strdup (fol_protocol_get_id (protocol));
}

static void
assign (FolStore   *store,
        const char *patient_id,
        const char *protocol_id,
        FolDate     start)
{
  g_autoptr(FolProtocolAssignment) a = fol_protocol_assignment_new ();
  g_autoptr(GError) error = NULL;

  fol_protocol_assignment_set_patient_id (a, patient_id);
  fol_protocol_assignment_set_protocol_id (a, protocol_id);
  fol_protocol_assignment_set_start_date (a, start);
  assert_ok (fol_store_save_assignment (store, a, &error));
}

static const FolOutcomeGroup *
find_group (const FolOutcomes *o,
            const char        *name)
{
  for (guint i = 0; i < o->groups->len; i++)
    {
      const FolOutcomeGroup *g = g_ptr_array_index (o->groups, i);
      g_autofree char *group_name = fol_outcomes_group_name (g);

      if (g_str_equal (group_name, name))
        return g;
    }
  g_error ("no group %s", name);
  return NULL;
}

static FolOutcomes *
compute (FolStore            *store,
         FolOutcomesGrouping  by,
         FolDate              today)
{
  g_autoptr(GError) error = NULL;
  FolOutcomesFilter filter;
  FolOutcomes *o;

  fol_outcomes_filter_init (&filter);
  filter.threshold = 10.0;
  filter.group_by = by;
  filter.today = today;
  o = fol_outcomes_compute (store, &filter, &error);
  g_assert_no_error (error);
  g_assert_nonnull (o);
  return o;
}

/* The generated clinic */

typedef struct
{
  const char *protocol;
  const char *type;
  double      effect[FOL_OUTCOMES_N_WINDOWS];
  guint       on_time;
  guint       assessed;
  char       *id;
} Truth;

#define N_GENERATED 20
#define N_UNASSIGNED 6

static const int second_offsets[] = { -3, 0, 7, 8, 12 };

static void
fill_generated (FolStore *store,
                Truth    *truth,
                guint     n_truth)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (18);

  for (guint t = 0; t < n_truth; t++)
    {
      truth[t].id = add_protocol (store, truth[t].protocol, truth[t].type, FALSE);
      for (guint i = 0; i < N_GENERATED; i += 2)
        {
          double noise[FOL_OUTCOMES_N_WINDOWS];

          for (guint w = 0; w < FOL_OUTCOMES_N_WINDOWS; w++)
            noise[w] = g_rand_int_range (rand, -100, 101) / 10.0;

          for (guint k = 0; k < 2; k++)
            {
              g_autofree char *name = g_strdup_printf ("%s %u", truth[t].protocol, i + k);
              g_autofree char *id = add_patient (store, name);
              FolDate start = helper_date ("2023-02-01") + 3 * (i + k) + t;
              double baseline = g_rand_int_range (rand, 1200, 1800) / 10.0;
              int second = second_offsets[(i + k) % G_N_ELEMENTS (second_offsets)];

              assign (store, id, truth[t].id, start);
              /* The baseline before the start; a value between the start
               * and the first session (6 days late), which a course counted
               * from the first session would take as its baseline.
               */
              add_visit (store, id, start - 5, baseline, NAN);
              add_visit (store, id, start + 5, baseline + 50, NAN);
              add_session (store, id, start + 6, truth[t].type, NULL,
                           (i + k) % 5 == 0 ? FOL_SEVERITY_MILD : -1);
              add_session (store, id, start + 28 + second, truth[t].type, NULL, -1);
              truth[t].assessed += 2;
              truth[t].on_time += 1 + (ABS (second) <= 7);
              for (guint w = 0; w < FOL_OUTCOMES_N_WINDOWS; w++)
                {
                  FolDate target = fol_date_add_months (start, fol_outcomes_window_months[w]);
                  double change = truth[t].effect[w] + (k ? -noise[w] : noise[w]);

                  add_visit (store, id, target + (int) ((i + k) % 15) - 7, baseline + change, NAN);
                }
            }
        }
    }

  /* Treated, on no protocol */
  for (guint i = 0; i < N_UNASSIGNED; i++)
    {
      g_autofree char *name = g_strdup_printf ("Unassigned %u", i);
      g_autofree char *id = add_patient (store, name);
      FolDate first = helper_date ("2023-03-01") + i;

      add_visit (store, id, first, 100, NAN);
      add_session (store, id, first, "prp", NULL, -1);
      add_visit (store, id, fol_date_add_months (first, 3), 100 + i, NAN);
    }
}

static void
test_known_effect (Fixture       *f,
                   gconstpointer  data)
{
  Truth truth[] = {
    { "Exosomes ×2", "exosomes", { 15.0, 25.0, 32.0 }, 0, 0, NULL },
    { "PRP ×2", "prp", { 3.0, 6.0, 5.0 }, 0, 0, NULL },
  };
  g_autoptr(FolOutcomes) o = NULL;
  g_autoptr(FolOutcomes) by_treatment = NULL;
  const FolOutcomeGroup *none;

  if (f->store == NULL)
    return;
  fill_generated (f->store, truth, G_N_ELEMENTS (truth));
  /* On the clinic server, the assignments are the server's own */
  if (GPOINTER_TO_INT (data) == BACKEND_POSTGRESQL)
    {
      PGconn *conn = fol_test_pg_connect (f->database);
      g_autofree char *n = fol_test_pg_value (conn, "SELECT count (*) FROM protocol_assignments");

      g_assert_cmpstr (n, ==, "40");
      PQfinish (conn);
    }
  o = compute (f->store, FOL_OUTCOMES_BY_PROTOCOL, helper_date ("2026-01-01"));
  g_assert_cmpint (o->group_by, ==, FOL_OUTCOMES_BY_PROTOCOL);
  /* Each protocol, then the patients on none */
  g_assert_cmpuint (o->groups->len, ==, 3);

  for (guint t = 0; t < G_N_ELEMENTS (truth); t++)
    {
      const FolOutcomeGroup *g = find_group (o, truth[t].protocol);

      g_assert_cmpstr (g->protocol_id, ==, truth[t].id);
      g_assert_null (g->treatment_type);
      g_assert_cmpuint (g->n_patients, ==, N_GENERATED);
      g_assert_cmpuint (g->n_sessions, ==, 2 * N_GENERATED);
      g_assert_cmpuint (g->n_adverse[FOL_SEVERITY_MILD], ==, N_GENERATED / 5);
      g_assert_cmpuint (g->adherence_patients, ==, N_GENERATED);
      g_assert_cmpuint (g->adherence_assessed, ==, truth[t].assessed);
      g_assert_cmpuint (g->adherence_on_time, ==, truth[t].on_time);
      g_assert_cmpfloat_with_epsilon (g->adherence_percent,
                                      100.0 * truth[t].on_time / truth[t].assessed, 1e-9);
      for (guint w = 0; w < FOL_OUTCOMES_N_WINDOWS; w++)
        {
          const FolOutcomeWindow *win = &g->windows[w];

          g_assert_cmpuint (win->n, ==, N_GENERATED);
          g_assert_cmpfloat_with_epsilon (win->mean, truth[t].effect[w], 1e-6);
          g_assert_cmpfloat (win->ci_low, <, truth[t].effect[w]);
          g_assert_cmpfloat (win->ci_high, >, truth[t].effect[w]);
        }
    }
  g_assert_cmpfloat (find_group (o, "Exosomes ×2")->windows[1].ci_low, >,
                     find_group (o, "PRP ×2")->windows[1].ci_high);

  /* The patients on no protocol: a group of their own, last, without
   * adherence, from their first session as for a treatment.
   */
  none = g_ptr_array_index (o->groups, 2);
  {
    g_autofree char *name = fol_outcomes_group_name (none);

    g_assert_cmpstr (name, ==, "No protocol");
  }
  g_assert_null (none->protocol_id);
  g_assert_cmpuint (none->n_patients, ==, N_UNASSIGNED);
  g_assert_cmpuint (none->windows[0].n, ==, N_UNASSIGNED);
  g_assert_cmpfloat_with_epsilon (none->windows[0].mean, (0 + 1 + 2 + 3 + 4 + 5) / 6.0, 1e-9);
  g_assert_cmpuint (none->adherence_assessed, ==, 0);
  g_assert_true (isnan (none->adherence_percent));

  /* By treatment (the default), the same records count from the first
   * session: the value between the start and the first session is the
   * baseline, and no mean holds the protocol's effect.
   */
  by_treatment = compute (f->store, FOL_OUTCOMES_BY_TREATMENT, helper_date ("2026-01-01"));
  for (guint i = 0; i < by_treatment->groups->len; i++)
    {
      const FolOutcomeGroup *g = g_ptr_array_index (by_treatment->groups, i);

      g_assert_nonnull (g->treatment_type);
      if (g_str_equal (g->treatment_type, "exosomes") && g->product == NULL)
        g_assert_cmpfloat (g->windows[0].mean, <, truth[0].effect[0] - 40);
    }

  for (guint t = 0; t < G_N_ELEMENTS (truth); t++)
    g_free (truth[t].id);
}

/* The small case, by hand. Protocol "Hand": sessions at day 0, 28 and 56.
 *   A (start 2024-03-01): day 0 (on time), 28 + 7 (exactly 7 late: on
 *     time), 56 − 8 (8 early: not) → 2 of 3;
 *   B (start 2024-03-01): day 0 + 8 (8 late: not), 28 − 7 (on time), the
 *     third never done and overdue → 1 of 3;
 *   C (started 40 days before today): day 0 and 28 on time, the third
 *     not yet due → 2 of 2.
 *   D: assigned, never treated: not counted (no session recorded).
 *   E: treated, on no protocol.
 * Together 5 of 8 sessions on time, 62.5 %, among 3 patients.
 */
typedef struct
{
  char *ids[5];
} Hand;

static void
fill_hand (FolStore *store,
           FolDate   today,
           Hand     *hand)
{
  g_autofree char *protocol = add_protocol (store, "Hand", "microneedling", TRUE);
  FolDate start = helper_date ("2024-03-01");
  FolDate start_c = today - 40;

  for (guint i = 0; i < G_N_ELEMENTS (hand->ids); i++)
    {
      g_autofree char *name = g_strdup_printf ("Hand %c", 'A' + i);

      hand->ids[i] = add_patient (store, name);
      if (i < 4)
        assign (store, hand->ids[i], protocol, i == 2 ? start_c : start);
    }
  add_session (store, hand->ids[0], start, "microneedling", NULL, -1);
  add_session (store, hand->ids[0], start + 28 + 7, "microneedling", NULL, -1);
  add_session (store, hand->ids[0], start + 56 - 8, "microneedling", NULL, -1);
  add_session (store, hand->ids[1], start + 8, "microneedling", NULL, -1);
  add_session (store, hand->ids[1], start + 28 - 7, "microneedling", NULL, -1);
  add_session (store, hand->ids[2], start_c, "microneedling", NULL, -1);
  add_session (store, hand->ids[2], start_c + 28, "microneedling", NULL, -1);
  add_session (store, hand->ids[4], start, "prp", NULL, -1);
}

static void
hand_clear (Hand *hand)
{
  for (guint i = 0; i < G_N_ELEMENTS (hand->ids); i++)
    g_clear_pointer (&hand->ids[i], g_free);
}

static void
test_adherence_by_hand (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FolOutcomes) o = NULL;
  g_autoptr(GError) error = NULL;
  FolDate today = fol_date_today ();
  const FolOutcomeGroup *g, *none;
  guint assessed = 0, on_time = 0;
  Hand hand = { { 0 } };

  if (f->store == NULL)
    return;
  fill_hand (f->store, today, &hand);
  o = compute (f->store, FOL_OUTCOMES_BY_PROTOCOL, today);
  g_assert_cmpuint (o->groups->len, ==, 2);

  g = find_group (o, "Hand");
  g_assert_cmpuint (g->n_patients, ==, 3);
  g_assert_cmpuint (g->n_sessions, ==, 7);
  g_assert_cmpuint (g->adherence_patients, ==, 3);
  g_assert_cmpuint (g->adherence_assessed, ==, 8);
  g_assert_cmpuint (g->adherence_on_time, ==, 5);
  g_assert_cmpfloat_with_epsilon (g->adherence_percent, 62.5, 1e-9);
  /* n < 5: no mean */
  g_assert_true (g->windows[0].too_few);
  g_assert_true (isnan (g->windows[0].mean));

  none = find_group (o, "No protocol");
  g_assert_cmpuint (none->n_patients, ==, 1);

  /* The same rule as the patient page's plan */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GPtrArray) entries = fol_plans_for_patient (f->store, hand.ids[i], today, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (entries->len, >, 0);
      assessed += ((FolPlanEntry *) entries->pdata[0])->adherence.n_assessed;
      on_time += ((FolPlanEntry *) entries->pdata[0])->adherence.n_on_time;
    }
  g_assert_cmpuint (assessed, ==, g->adherence_assessed);
  g_assert_cmpuint (on_time, ==, g->adherence_on_time);

  /* Grouping by treatment is unchanged: no protocol group, no adherence */
  {
    g_autoptr(FolOutcomes) t = compute (f->store, FOL_OUTCOMES_BY_TREATMENT, today);

    for (guint i = 0; i < t->groups->len; i++)
      {
        const FolOutcomeGroup *tg = g_ptr_array_index (t->groups, i);

        g_assert_nonnull (tg->treatment_type);
        g_assert_null (tg->protocol_id);
      }
  }

  /* A also starts another protocol 40 days in: A counts in both groups,
   * and a session belongs to the protocol the patient was on that day.
   */
  {
    g_autofree char *other = add_protocol (f->store, "Other", "lllt", FALSE);
    g_autoptr(FolOutcomes) both = NULL;
    const FolOutcomeGroup *hg, *og;

    assign (f->store, hand.ids[0], other, helper_date ("2024-03-01") + 40);
    both = compute (f->store, FOL_OUTCOMES_BY_PROTOCOL, today);
    g_assert_cmpuint (both->groups->len, ==, 3);
    hg = find_group (both, "Hand");
    og = find_group (both, "Other");
    g_assert_cmpuint (hg->n_patients, ==, 3);
    g_assert_cmpuint (hg->n_sessions, ==, 6);
    g_assert_cmpuint (hg->adherence_assessed, ==, 8);
    g_assert_cmpuint (hg->adherence_on_time, ==, 5);
    g_assert_cmpuint (og->n_patients, ==, 1);
    g_assert_cmpuint (og->n_sessions, ==, 1);
    /* Its two lllt sessions were never done: overdue, not on time */
    g_assert_cmpuint (og->adherence_assessed, ==, 2);
    g_assert_cmpuint (og->adherence_on_time, ==, 0);
    g_assert_cmpfloat (og->adherence_percent, ==, 0.0);
    g_assert_cmpuint (find_group (both, "No protocol")->n_patients, ==, 1);
  }
  hand_clear (&hand);
}

/* The command line */

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(Run) text = { 0 };
  g_auto(Run) treatment = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) csv = { 0 };
  g_auto(Run) pdf = { 0 };
  g_auto(Run) bad = { 0 };
  g_autofree char *json_path = g_build_filename (f->dir, "outcomes.json", NULL);
  g_autofree char *csv_path = g_build_filename (f->dir, "outcomes.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (f->dir, "outcomes.pdf", NULL);
  g_autofree char *fields = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *pdf_text = NULL;
  Hand hand = { { 0 } };

  fill_hand (f->store, fol_date_today (), &hand);
  hand_clear (&hand);
  g_clear_object (&f->store);

  run (&text, "-d", f->location, "--outcomes", "--by", "protocol", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Hand: 3 patients, 7 sessions"));
  g_assert_nonnull (strstr (text.out, "Adherence: 5 of 8 planned sessions within ± 7 days of plan "
                                      "(62.5 %; 3 patients)"));
  g_assert_nonnull (strstr (text.out, "No protocol: 1 patient, 1 session"));
  g_assert_nonnull (strstr (text.out, "from the start of each patient’s protocol"));
  g_assert_nonnull (strstr (text.out, "3 months: too few patients (n = 0)"));

  /* The default stays by treatment */
  run (&treatment, "-d", f->location, "--outcomes", NULL);
  g_assert_cmpint (treatment.status, ==, 0);
  g_assert_nonnull (strstr (treatment.out, "Microneedling: 3 patients, 7 sessions"));
  g_assert_null (strstr (treatment.out, "Adherence"));
  g_assert_null (strstr (treatment.out, "No protocol"));

  run (&json, "-d", f->location, "--outcomes", "--by", "protocol", "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_true (g_file_set_contents (json_path, json.out, -1, &error));
  g_assert_no_error (error);
  fields = python ("import json,sys\n"
                   "d = json.load(open(sys.argv[1]))\n"
                   "g, n = d['groups']\n"
                   "a = g['adherence']\n"
                   "print(d['group_by'], g['protocol'], g['name'], g['patients'], a['on_time'],\n"
                   "      a['assessed'], a['percent'], a['patients'], a['within_days'],\n"
                   "      n['protocol_id'], n['name'], n['adherence'])\n",
                   json_path);
  g_assert_cmpstr (fields, ==, "protocol Hand Hand 3 5 8 62.5 3 7 None No protocol None");

  run (&csv, "-d", f->location, "--export-outcomes", csv_path, "--by", "protocol", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  rows = python ("import csv,sys\n"
                 "rows = list(csv.DictReader(open(sys.argv[1], newline='')))\n"
                 "r = rows[0]; s = rows[3]\n"
                 "print(len(rows), r['group_by'], r['protocol'], r['name'], r['patients'],\n"
                 "      r['adherence_on_time'], r['adherence_assessed'],\n"
                 "      r['adherence_percent'], r['adherence_patients'],\n"
                 "      s['name'], repr(s['adherence_percent']))\n",
                 csv_path);
  g_assert_cmpstr (rows, ==, "6 protocol Hand Hand 3 5 8 62.5 3 No protocol ''");

  /* The report page */
  run (&pdf, "-d", f->location, "--export-outcomes", pdf_path, "--by", "protocol", NULL);
  g_assert_cmpint (pdf.status, ==, 0);
  {
    const char *argv[] = { "pdftotext", pdf_path, "-", NULL };
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &pdf_text, NULL, &status, &error));
    g_assert_no_error (error);
  }
  g_assert_nonnull (strstr (pdf_text, "Protocol"));
  g_assert_nonnull (strstr (pdf_text, "No protocol"));
  g_assert_nonnull (strstr (pdf_text, "5 of 8 (62.5 %)"));

  /* Bad input: named, exit 2 */
  run (&bad, "-d", f->location, "--outcomes", "--by", "product", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "--by “product”"));
}

static void
add (const char *name,
     Backend     backend,
     void      (*func) (Fixture *, gconstpointer))
{
  fol_test_add_backend ("/outcomes-protocols", name, backend, Fixture, setup, func, teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  for (Backend b = BACKEND_SQLITE; b <= BACKEND_POSTGRESQL; b++)
    {
      add ("known-effect", b, test_known_effect);
      add ("adherence-by-hand", b, test_adherence_by_hand);
    }
  add ("cli", BACKEND_SQLITE, test_cli);

  return g_test_run ();
}
