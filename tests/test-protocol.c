/* test-protocol.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-error.h"
#include "fol-protocol.h"
#include "fol-region.h"

static FolDate
iso (const char *text)
{
  FolDate date = FOL_DATE_NONE;

  g_assert_true (fol_date_parse (text, &date, NULL));
  return date;
}

static char *
planned_iso (const char *start,
             int         months,
             int         days)
{
  FolProtocolStep step = { .kind = FOL_PROTOCOL_STEP_VISIT, .months = months, .days = days };

  return fol_date_to_iso (fol_protocol_step_planned_date (&step, iso (start)));
}

typedef struct
{
  const char *start;
  int         months, days;
  const char *planned;
} PlannedCase;

static void
test_planned_dates (void)
{
  static const PlannedCase cases[] = {
    { "2024-01-31", 1, 0, "2024-02-29" },    /* leap February: its last day */
    { "2023-01-31", 1, 0, "2023-02-28" },
    { "2024-02-29", 12, 0, "2025-02-28" },   /* no 29 February next year */
    { "2024-02-29", 48, 0, "2028-02-29" },
    { "2024-03-31", 1, 0, "2024-04-30" },
    { "2024-08-31", 3, 0, "2024-11-30" },
    { "2024-01-31", 1, 28, "2024-03-28" },   /* months first, then days */
    { "2024-12-20", 0, 14, "2025-01-03" },   /* across the year end */
    { "2024-02-01", 0, 28, "2024-02-29" },
    { "2023-02-01", 0, 28, "2023-03-01" },
    { "2024-01-15", 0, 0, "2024-01-15" },
    { "2024-10-31", 6, 0, "2025-04-30" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *planned = planned_iso (cases[i].start, cases[i].months, cases[i].days);

      g_test_message ("%s + %d months + %d days", cases[i].start, cases[i].months, cases[i].days);
      g_assert_cmpstr (planned, ==, cases[i].planned);
    }
}

/* Three PRP sessions four weeks apart, visits at 1, 3, 6 and 12 months. */
static FolProtocol *
make_protocol (void)
{
  FolProtocol *protocol = fol_protocol_new ();

  fol_protocol_set_name (protocol, "PRP ×3");
  fol_protocol_add_session (protocol, 0, 0, "prp", "Kit A", NULL, 4.0, 1u << FOL_REGION_VERTEX);
  fol_protocol_add_session (protocol, 0, 28, "prp", "Kit A", NULL, 4.0, 1u << FOL_REGION_VERTEX);
  fol_protocol_add_session (protocol, 0, 56, "prp", "Kit A", NULL, 4.0, 1u << FOL_REGION_VERTEX);
  fol_protocol_add_visit (protocol, 1, 0);
  fol_protocol_add_visit (protocol, 3, 0);
  fol_protocol_add_visit (protocol, 6, 0);
  fol_protocol_add_visit (protocol, 12, 0);
  return protocol;
}

static FolHistory *
make_history (const char * const *session_dates,
              const char         *type,
              const char * const *visit_dates)
{
  g_autoptr(FolPatient) patient = fol_patient_new ();
  FolHistory *history;

  fol_patient_set_id (patient, "p1");
  fol_patient_set_name (patient, "Test Patient");
  history = fol_history_new (patient);
  for (guint i = 0; session_dates != NULL && session_dates[i] != NULL; i++)
    {
      g_autoptr(FolTreatmentSession) session = fol_treatment_session_new ();

      fol_treatment_session_set_id (session, session_dates[i]);
      fol_treatment_session_set_date (session, iso (session_dates[i]));
      fol_treatment_session_set_treatment_type (session, type);
      fol_history_add_session (history, session);
    }
  for (guint i = 0; visit_dates != NULL && visit_dates[i] != NULL; i++)
    {
      g_autoptr(FolVisit) visit = fol_visit_new ();
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      fol_visit_set_id (visit, visit_dates[i]);
      fol_visit_set_date (visit, iso (visit_dates[i]));
      fol_history_add_visit (history, visit, none);
    }
  return history;
}

static const FolPlanItem *
item (GArray *plan,
      guint   index)
{
  g_assert_cmpuint (index, <, plan->len);
  return &g_array_index (plan, FolPlanItem, index);
}

static void
assert_item (GArray       *plan,
             guint         index,
             const char   *planned,
             FolPlanState  state,
             const char   *done)
{
  g_autofree char *planned_text = fol_date_to_iso (item (plan, index)->planned);
  g_autofree char *done_text = fol_date_to_iso (item (plan, index)->done);

  g_test_message ("item %u", index);
  g_assert_cmpstr (planned_text, ==, planned);
  g_assert_cmpstr (fol_plan_state_code (item (plan, index)->state), ==,
                   fol_plan_state_code (state));
  g_assert_cmpstr (done_text, ==, done);
}

/* Start 2024-01-31: sessions on 31 Jan, 28 Feb, 27 Mar; visits on
 * 29 Feb (1 month, clamped), 30 Apr (3 months), 31 Jul, 31 Jan 2025.
 */
static void
test_plan_states (void)
{
  g_autoptr(FolProtocol) protocol = make_protocol ();
  const char * const sessions[] = { "2024-01-31", "2024-02-28", NULL };
  const char * const visits[] = { "2024-03-01", NULL };
  g_autoptr(FolHistory) history = make_history (sessions, "prp", visits);
  g_autoptr(GArray) plan = NULL;

  /* Today 2024-03-28: the third session (27 March) is one day late; the
   * 3-month visit (30 April) is not due for a month. */
  plan = fol_protocol_plan (protocol, iso ("2024-01-31"), history, iso ("2024-03-28"));
  g_assert_cmpuint (plan->len, ==, 7);
  assert_item (plan, 0, "2024-01-31", FOL_PLAN_DONE, "2024-01-31");
  assert_item (plan, 1, "2024-02-28", FOL_PLAN_DONE, "2024-02-28");
  assert_item (plan, 2, "2024-02-29", FOL_PLAN_DONE, "2024-03-01");
  g_assert_cmpint (item (plan, 2)->kind, ==, FOL_PROTOCOL_STEP_VISIT);
  assert_item (plan, 3, "2024-03-27", FOL_PLAN_OVERDUE, NULL);
  assert_item (plan, 4, "2024-04-30", FOL_PLAN_UPCOMING, NULL);
  assert_item (plan, 5, "2024-07-31", FOL_PLAN_UPCOMING, NULL);
  assert_item (plan, 6, "2025-01-31", FOL_PLAN_UPCOMING, NULL);
  g_clear_pointer (&plan, g_array_unref);

  /* On the planned day itself: due, not overdue. */
  plan = fol_protocol_plan (protocol, iso ("2024-01-31"), history, iso ("2024-03-27"));
  assert_item (plan, 3, "2024-03-27", FOL_PLAN_DUE, NULL);
  g_clear_pointer (&plan, g_array_unref);

  /* Due from exactly FOL_PROTOCOL_DUE_DAYS before: 23 April for 30 April. */
  plan = fol_protocol_plan (protocol, iso ("2024-01-31"), history, iso ("2024-04-23"));
  assert_item (plan, 4, "2024-04-30", FOL_PLAN_DUE, NULL);
  g_clear_pointer (&plan, g_array_unref);
  plan = fol_protocol_plan (protocol, iso ("2024-01-31"), history, iso ("2024-04-22"));
  assert_item (plan, 4, "2024-04-30", FOL_PLAN_UPCOMING, NULL);
  g_clear_pointer (&plan, g_array_unref);
}

/* From 29 February: 12 months is 28 February 2025; overdue on 1 March. */
static void
test_plan_leap_day (void)
{
  g_autoptr(FolProtocol) protocol = fol_protocol_new ();
  g_autoptr(GArray) plan = NULL;

  fol_protocol_set_name (protocol, "Visit");
  fol_protocol_add_visit (protocol, 12, 0);
  plan = fol_protocol_plan (protocol, iso ("2024-02-29"), NULL, iso ("2025-02-28"));
  assert_item (plan, 0, "2025-02-28", FOL_PLAN_DUE, NULL);
  g_clear_pointer (&plan, g_array_unref);
  plan = fol_protocol_plan (protocol, iso ("2024-02-29"), NULL, iso ("2025-03-01"));
  assert_item (plan, 0, "2025-02-28", FOL_PLAN_OVERDUE, NULL);
}

/* Sessions of another treatment type do not count for a step. */
static void
test_plan_type (void)
{
  g_autoptr(FolProtocol) protocol = make_protocol ();
  const char * const sessions[] = { "2024-01-31", NULL };
  g_autoptr(FolHistory) history = make_history (sessions, "exosomes", NULL);
  g_autoptr(GArray) plan = fol_protocol_plan (protocol, iso ("2024-01-31"), history,
                                              iso ("2024-02-01"));

  assert_item (plan, 0, "2024-01-31", FOL_PLAN_OVERDUE, NULL);
}

typedef struct
{
  const char *second;     /* the date of the second session, planned 2024-02-28 */
  gboolean    on_time;
} AdherenceCase;

static void
test_adherence (void)
{
  static const AdherenceCase cases[] = {
    { "2024-03-06", TRUE },    /* exactly 7 days late (across 29 February) */
    { "2024-03-07", FALSE },   /* 8 days late */
    { "2024-02-21", TRUE },    /* exactly 7 days early */
    { "2024-02-20", FALSE },   /* 8 days early */
    { "2024-02-28", TRUE },
  };
  g_autoptr(FolProtocol) protocol = make_protocol ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char * sessions[] = { "2024-01-31", cases[i].second, NULL };
      g_autoptr(FolHistory) history = make_history (sessions, "prp", NULL);
      g_autoptr(GArray) plan = fol_protocol_plan (protocol, iso ("2024-01-31"), history,
                                                  iso ("2024-03-10"));
      FolAdherence adherence = fol_protocol_plan_adherence (plan);

      g_test_message ("second session on %s", cases[i].second);
      g_assert_cmpint (item (plan, 1)->state, ==, FOL_PLAN_DONE);
      g_assert_cmpint (item (plan, 1)->on_time, ==, cases[i].on_time);
      /* Two sessions done; the third (27 March) not yet due: not assessed. */
      g_assert_cmpuint (adherence.n_assessed, ==, 2);
      g_assert_cmpuint (adherence.n_on_time, ==, cases[i].on_time ? 2 : 1);
      g_assert_cmpfloat_with_epsilon (adherence.percent, cases[i].on_time ? 100.0 : 50.0, 1e-9);
    }
}

static void
test_adherence_overdue (void)
{
  g_autoptr(FolProtocol) protocol = make_protocol ();
  const char * const sessions[] = { "2024-01-31", NULL };
  g_autoptr(FolHistory) history = make_history (sessions, "prp", NULL);
  g_autoptr(GArray) plan = fol_protocol_plan (protocol, iso ("2024-01-31"), history,
                                              iso ("2024-03-01"));
  FolAdherence adherence = fol_protocol_plan_adherence (plan);
  g_autoptr(GArray) none = fol_protocol_plan (protocol, iso ("2024-01-31"), NULL,
                                              iso ("2024-01-01"));

  /* Done on time, and an overdue second session counts as not on time. */
  g_assert_cmpuint (adherence.n_assessed, ==, 2);
  g_assert_cmpuint (adherence.n_on_time, ==, 1);
  g_assert_true (isnan (fol_protocol_plan_adherence (none).percent));
}

static void
test_steps_text (void)
{
  g_autoptr(FolProtocol) protocol = make_protocol ();
  g_autoptr(FolProtocol) copy = fol_protocol_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;

  fol_protocol_clear_steps (protocol);
  fol_protocol_add_session (protocol, 2, 3, "prp", "Kit ‘A’; \"B\"", "1 vial", NAN,
                            (1u << FOL_REGION_FRONTAL) | (1u << FOL_REGION_OCCIPITAL));
  fol_protocol_add_visit (protocol, 12, 0);
  text = fol_protocol_steps_to_text (protocol);
  g_assert_true (fol_protocol_set_steps_from_text (copy, text, &error));
  g_assert_no_error (error);
  again = fol_protocol_steps_to_text (copy);
  g_assert_cmpstr (again, ==, text);
  g_assert_cmpuint (fol_protocol_get_n_steps (copy), ==, 2);
  g_assert_cmpstr (fol_protocol_get_step (copy, 0)->product, ==, "Kit ‘A’; \"B\"");
  g_assert_cmpstr (fol_protocol_get_step (copy, 0)->dose, ==, "1 vial");
  g_assert_true (isnan (fol_protocol_get_step (copy, 0)->volume_ml));
  g_assert_cmpuint (fol_protocol_get_step (copy, 0)->regions, ==,
                    (1u << FOL_REGION_FRONTAL) | (1u << FOL_REGION_OCCIPITAL));
  g_assert_cmpint (fol_protocol_get_step (copy, 1)->kind, ==, FOL_PROTOCOL_STEP_VISIT);
  g_assert_cmpint (fol_protocol_get_step (copy, 1)->months, ==, 12);

  /* Not a list of steps: refused, the steps kept. */
  g_assert_false (fol_protocol_set_steps_from_text (copy, "[('session', 1)]", &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "Protocol steps"));
  g_clear_error (&error);
  g_assert_false (fol_protocol_set_steps_from_text (
    copy, "[('pill', 0, 0, '', '', '', -1.0, '')]", &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_false (fol_protocol_set_steps_from_text (
    copy, "[('visit', 0, 0, '', '', '', -1.0, 'nose')]", &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT);
  g_assert_cmpuint (fol_protocol_get_n_steps (copy), ==, 2);
}

typedef struct
{
  const char *name;
  int         months;
  const char *type;
  double      volume;
  const char *field;
} BadCase;

static void
test_validate (void)
{
  static const BadCase cases[] = {
    { "", 0, "prp", 4, "name" },
    { "  ", 0, "prp", 4, "name" },
    { "Line\nbreak", 0, "prp", 4, "name" },
    { "P", -1, "prp", 4, "steps" },
    { "P", 121, "prp", 4, "steps" },
    { "P", 0, NULL, 4, "steps" },
    { "P", 0, "snake_oil", 4, "steps" },
    { "P", 0, "prp", 0, "steps" },
    { "P", 0, "prp", 501, "steps" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FolProtocol) protocol = fol_protocol_new ();
      g_autoptr(GError) error = NULL;
      const char *field = NULL;

      fol_protocol_set_name (protocol, cases[i].name);
      fol_protocol_add_session (protocol, cases[i].months, 0, cases[i].type, NULL, NULL,
                                cases[i].volume, 0);
      g_test_message ("case %u", i);
      g_assert_false (fol_protocol_validate (protocol, &field, &error));
      g_assert_error (error, FOL_VALIDATION_ERROR, error->code);
      g_assert_cmpstr (field, ==, cases[i].field);
      g_assert_nonnull (strstr (error->message, g_str_equal (field, "name") ? "Protocol name"
                                                                           : "Protocol step"));
    }

  {
    g_autoptr(FolProtocol) empty = fol_protocol_new ();
    g_autoptr(FolProtocol) good = make_protocol ();
    g_autoptr(GError) error = NULL;
    const char *field = NULL;

    fol_protocol_set_name (empty, "Nothing");
    g_assert_false (fol_protocol_validate (empty, &field, &error));
    g_assert_cmpstr (field, ==, "steps");
    g_clear_error (&error);
    g_assert_true (fol_protocol_validate (good, NULL, &error));
    g_assert_no_error (error);
  }

  {
    g_autoptr(FolProtocolAssignment) a = fol_protocol_assignment_new ();
    g_autoptr(GError) error = NULL;
    const char *field = NULL;

    fol_protocol_assignment_set_patient_id (a, "p1");
    fol_protocol_assignment_set_protocol_id (a, "x");
    g_assert_false (fol_protocol_assignment_validate (a, &field, &error));
    g_assert_cmpstr (field, ==, "start-date");
    g_assert_nonnull (strstr (error->message, "Start date"));
    g_clear_error (&error);
    fol_protocol_assignment_set_start_date (a, iso ("2024-02-29"));
    g_assert_true (fol_protocol_assignment_validate (a, NULL, &error));
    g_assert_no_error (error);
    fol_protocol_assignment_set_protocol_id (a, NULL);
    g_assert_false (fol_protocol_assignment_validate (a, &field, &error));
    g_assert_cmpstr (field, ==, "protocol");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/protocol/planned-dates", test_planned_dates);
  g_test_add_func ("/protocol/plan-states", test_plan_states);
  g_test_add_func ("/protocol/plan-leap-day", test_plan_leap_day);
  g_test_add_func ("/protocol/plan-type", test_plan_type);
  g_test_add_func ("/protocol/adherence", test_adherence);
  g_test_add_func ("/protocol/adherence-overdue", test_adherence_overdue);
  g_test_add_func ("/protocol/steps-text", test_steps_text);
  g_test_add_func ("/protocol/validate", test_validate);

  return g_test_run ();
}
