/* fol-outcomes.c
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

#define G_LOG_DOMAIN "fol-outcomes"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-catalog.h"
#include "fol-i18n.h"
#include "fol-outcomes.h"
#include "fol-stats-summary.h"
#include "fol-threshold.h"

const guint fol_outcomes_window_months[FOL_OUTCOMES_N_WINDOWS] = { 3, 6, 12 };

static const struct
{
  const char *code;
  const char *name;
  int         min_years;   /* included */
  int         max_years;   /* excluded; -1: no bound */
} age_bands[FOL_N_AGE_BANDS] = {
  { "all", N_("All ages"), 0, -1 },
  { "under-30", N_("Under 30"), 0, 30 },
  { "30-44", N_("30 to 44"), 30, 45 },
  { "45-59", N_("45 to 59"), 45, 60 },
  { "60-plus", N_("60 and over"), 60, -1 },
};

const char *
fol_age_band_code (FolAgeBand band)
{
  g_return_val_if_fail (band < FOL_N_AGE_BANDS, NULL);
  return age_bands[band].code;
}

const char *
fol_age_band_name (FolAgeBand band)
{
  g_return_val_if_fail (band < FOL_N_AGE_BANDS, NULL);
  return _(age_bands[band].name);
}

gboolean
fol_age_band_from_code (const char *code,
                        FolAgeBand *out_band)
{
  for (guint i = 0; i < FOL_N_AGE_BANDS; i++)
    {
      if (g_strcmp0 (code, age_bands[i].code) == 0)
        {
          *out_band = i;
          return TRUE;
        }
    }
  return FALSE;
}

static const struct
{
  const char *code;
  const char *name;
} groupings[FOL_OUTCOMES_N_GROUPINGS] = {
  { "treatment", N_("Treatment") },
  { "protocol", N_("Protocol") },
};

const char *
fol_outcomes_grouping_code (FolOutcomesGrouping by)
{
  g_return_val_if_fail (by < FOL_OUTCOMES_N_GROUPINGS, NULL);
  return groupings[by].code;
}

const char *
fol_outcomes_grouping_name (FolOutcomesGrouping by)
{
  g_return_val_if_fail (by < FOL_OUTCOMES_N_GROUPINGS, NULL);
  return _(groupings[by].name);
}

gboolean
fol_outcomes_grouping_from_code (const char          *code,
                                 FolOutcomesGrouping *out_by)
{
  for (guint i = 0; i < FOL_OUTCOMES_N_GROUPINGS; i++)
    {
      if (g_strcmp0 (code, groupings[i].code) == 0)
        {
          *out_by = i;
          return TRUE;
        }
    }
  return FALSE;
}

void
fol_outcomes_filter_init (FolOutcomesFilter *filter)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
  filter->measure = FOL_MEASURE_TOTAL_DENSITY;
  filter->region = FOL_REGION_VERTEX;
  filter->age_band = FOL_AGE_BAND_ALL;
  filter->threshold = FOL_THRESHOLD_DEFAULT;
  filter->group_by = FOL_OUTCOMES_BY_TREATMENT;
  filter->today = FOL_DATE_NONE;
}

/* The plain words every output of outcomes carries. */
const char *
fol_outcomes_notice (void)
{
  return _("These are observational data from this clinic’s own records, not a clinical trial: "
           "there is no control group, patients were not assigned to treatments at random, and "
           "regression to the mean (patients often start treatment at their worst) can look "
           "like improvement. Each figure shows how many patients it rests on (n).");
}

/**
 * fol_outcomes_course_text:
 *
 * Returns: (transfer full): from when each patient's change is counted,
 *   in words, for the grouping
 */
char *
fol_outcomes_course_text (FolOutcomesGrouping by)
{
  if (by == FOL_OUTCOMES_BY_PROTOCOL)
    return g_strdup_printf (_("Each patient’s change is counted from the start date of the "
                              "patient’s protocol assignment: the baseline is the latest value on "
                              "or before that day. Adherence is the share of the "
                              "protocol’s planned sessions, done or overdue, that were done "
                              "within ± %d days of plan. Patients on no protocol are grouped "
                              "under “No protocol”, from their first session; a patient assigned "
                              "to a protocol counts once a session is recorded."),
                            FOL_PROTOCOL_ON_TIME_DAYS);
  return g_strdup (_("Each patient’s change is counted from the first session of the treatment: "
                     "the baseline is the latest value on or before that day."));
}

/* Accumulation */

typedef struct
{
  GArray *absolute;   /* double */
  GArray *percent;    /* double */
  guint   responders;
} WindowValues;

typedef struct
{
  char        *treatment_type;
  char        *product;
  char        *protocol_id;
  char        *protocol_name;
  guint        n_patients;
  guint        n_sessions;
  guint        n_adverse[FOL_N_SEVERITIES];
  WindowValues windows[FOL_OUTCOMES_N_WINDOWS];
  guint        adherence_patients;
  guint        adherence_assessed;
  guint        adherence_on_time;
} Acc;

static void
acc_free (gpointer data)
{
  Acc *acc = data;

  for (guint w = 0; w < FOL_OUTCOMES_N_WINDOWS; w++)
    {
      g_array_unref (acc->windows[w].absolute);
      g_array_unref (acc->windows[w].percent);
    }
  g_free (acc->treatment_type);
  g_free (acc->product);
  g_free (acc->protocol_id);
  g_free (acc->protocol_name);
  g_free (acc);
}

typedef struct
{
  const FolOutcomesFilter *filter;
  GHashTable              *groups;   /* key → Acc */
  gboolean                 lower_is_better;
  GCancellable            *cancellable;
  GString                 *key;      /* lookup_acc()'s, kept between calls */
  GHashTable              *members;  /* by protocol: patient ID → GArray of Member */
} Scan;

/* By treatment: @type and @product (NULL: every product). By protocol:
 * @protocol, or NULL for the patients on none.
 */
static Acc *
lookup_acc (Scan        *scan,
            const char  *type,
            const char  *product,
            FolProtocol *protocol)
{
  Acc *acc;

  if (scan->filter->group_by == FOL_OUTCOMES_BY_PROTOCOL)
    {
      g_string_assign (scan->key, "\x1e");
      if (protocol != NULL)
        g_string_append (scan->key, fol_protocol_get_id (protocol));
    }
  else
    {
      g_string_assign (scan->key, type);
      g_string_append_c (scan->key, '\x1f');
      g_string_append_c (scan->key, product ? 'p' : 't');
      if (product != NULL)
        g_string_append (scan->key, product);
    }
  acc = g_hash_table_lookup (scan->groups, scan->key->str);

  if (acc == NULL)
    {
      acc = g_new0 (Acc, 1);
      if (scan->filter->group_by == FOL_OUTCOMES_BY_PROTOCOL)
        {
          acc->protocol_id = protocol ? g_strdup (fol_protocol_get_id (protocol)) : NULL;
          acc->protocol_name = protocol ? g_strdup (fol_protocol_get_name (protocol)) : NULL;
        }
      else
        {
          acc->treatment_type = g_strdup (type);
          acc->product = g_strdup (product);
        }
      for (guint w = 0; w < FOL_OUTCOMES_N_WINDOWS; w++)
        {
          acc->windows[w].absolute = g_array_new (FALSE, FALSE, sizeof (double));
          acc->windows[w].percent = g_array_new (FALSE, FALSE, sizeof (double));
        }
      g_hash_table_insert (scan->groups, g_strdup (scan->key->str), acc);
    }
  return acc;
}

/* Whole years from @birth to @date. */
static int
age_at (FolDate birth,
        FolDate date)
{
  int years = fol_date_get_year (date) - fol_date_get_year (birth);

  if (fol_date_get_month (date) < fol_date_get_month (birth) ||
      (fol_date_get_month (date) == fol_date_get_month (birth) &&
       fol_date_get_day (date) < fol_date_get_day (birth)))
    years--;
  return years;
}

static gboolean
in_age_band (FolAgeBand band,
             FolDate    birth,
             FolDate    first_session)
{
  int age;

  if (band == FOL_AGE_BAND_ALL)
    return TRUE;
  if (birth == FOL_DATE_NONE || first_session == FOL_DATE_NONE)
    return FALSE;
  age = age_at (birth, first_session);
  return age >= age_bands[band].min_years &&
         (age_bands[band].max_years < 0 || age < age_bands[band].max_years);
}

/* The value nearest @target, within the tolerance, after @first: on a
 * tie the earlier one. Samples are in date order.
 */
static gboolean
window_value (const FolOutcomePatient *patient,
              FolDate                  first,
              FolDate                  target,
              double                  *out_value)
{
  gint64 best = G_MAXINT64;
  gboolean found = FALSE;

  for (guint i = 0; i < patient->n_samples; i++)
    {
      const FolSample *s = &patient->samples[i];
      gint64 distance = ABS ((gint64) s->date - (gint64) target);

      if (s->date <= first || isnan (s->value) || distance > FOL_OUTCOMES_TOLERANCE_DAYS)
        continue;
      if (distance < best)
        {
          best = distance;
          *out_value = s->value;
          found = TRUE;
        }
    }
  return found;
}

/* The patient's course in a group from @first (the first session, or the
 * start of a protocol). Returns: the group's accumulator, or NULL when the
 * patient is not counted (outside the age band).
 */
static Acc *
add_course (Scan                    *scan,
            const FolOutcomePatient *patient,
            const char              *type,
            const char              *product,
            FolProtocol             *protocol,
            FolDate                  first,
            guint                    n_sessions,
            const guint             *n_adverse)
{
  Acc *acc;
  guint baseline_index;
  double baseline;

  if (!in_age_band (scan->filter->age_band, patient->birth_date, first))
    return NULL;

  acc = lookup_acc (scan, type, product, protocol);
  acc->n_patients++;
  acc->n_sessions += n_sessions;
  for (guint s = 0; s < FOL_N_SEVERITIES; s++)
    acc->n_adverse[s] += n_adverse[s];

  /* No baseline (first measured after treatment began): no change. */
  if (!fol_stats_baseline (patient->samples, patient->n_samples, first, &baseline_index))
    return acc;
  baseline = patient->samples[baseline_index].value;

  for (guint w = 0; w < FOL_OUTCOMES_N_WINDOWS; w++)
    {
      FolDate target = fol_date_add_months (first, fol_outcomes_window_months[w]);
      double value, absolute, relative;

      if (!window_value (patient, first, target, &value))
        continue;
      if (fol_stats_change (value, baseline, &absolute, &relative))
        {
          g_array_append_val (acc->windows[w].percent, relative);
          if (fol_stats_classify (relative, scan->filter->threshold, scan->lower_is_better) ==
              FOL_CHANGE_IMPROVED)
            acc->windows[w].responders++;
        }
      g_array_append_val (acc->windows[w].absolute, absolute);
    }
  return acc;
}

/* By protocol */

/* A patient's course on one protocol: from the earliest start of the
 * patient's assignments to it, with its sessions and adherence.
 */
typedef struct
{
  FolProtocol *protocol;   /* borrowed from the list of protocols */
  FolDate      start;
  guint        n_sessions;
  guint        n_adverse[FOL_N_SEVERITIES];
  FolAdherence adherence;
} Member;

static FolProtocol *
find_protocol (GPtrArray  *protocols,
               const char *id)
{
  for (guint i = 0; i < protocols->len; i++)
    if (g_strcmp0 (fol_protocol_get_id (protocols->pdata[i]), id) == 0)
      return protocols->pdata[i];
  return NULL;
}

/* One patient's members: the plan against the history gives adherence
 * (the rule of the patient's page); the sessions of a course are those
 * from its start to the start of the patient's next protocol.
 */
static void
fill_members (GArray                  *list,
              FolHistory              *history,
              const FolOutcomesFilter *filter,
              FolDate                  today)
{
  for (guint i = 0; i < list->len; i++)
    {
      Member *m = &g_array_index (list, Member, i);
      g_autoptr(GArray) plan = fol_protocol_plan (m->protocol, m->start, history, today);
      FolDate end = FOL_DATE_NONE;

      m->adherence = fol_protocol_plan_adherence (plan);
      for (guint j = 0; j < list->len; j++)
        {
          FolDate other = g_array_index (list, Member, j).start;

          if (other > m->start && (end == FOL_DATE_NONE || other < end))
            end = other;
        }
      for (guint j = 0; j < fol_history_get_n_sessions (history); j++)
        {
          FolTreatmentSession *s = fol_history_get_session (history, j);
          FolDate day = fol_treatment_session_get_date (s);

          if (day < m->start || (end != FOL_DATE_NONE && day >= end))
            continue;
          if (filter->treatment_type != NULL &&
              g_strcmp0 (fol_treatment_session_get_treatment_type (s), filter->treatment_type) != 0)
            continue;
          m->n_sessions++;
          for (guint e = 0; e < fol_treatment_session_get_n_adverse_events (s); e++)
            {
              FolSeverity severity = FOL_SEVERITY_MILD;

              fol_treatment_session_get_adverse_event (s, e, &severity);
              if (severity < FOL_N_SEVERITIES)
                m->n_adverse[severity]++;
            }
        }
    }
}

/* Patient ID → GArray of Member, for every patient assigned to a
 * protocol (assignments are few: one history each).
 */
static GHashTable *
load_members (FolStore                *store,
              const FolOutcomesFilter *filter,
              GPtrArray               *protocols,
              GCancellable            *cancellable,
              GError                 **error)
{
  g_autoptr(GHashTable) members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) assignments = fol_store_list_assignments (store, NULL, error);
  FolDate today = filter->today != FOL_DATE_NONE ? filter->today : fol_date_today ();
  GHashTableIter iter;
  gpointer key, value;

  if (assignments == NULL)
    return NULL;

  for (guint i = 0; i < assignments->len; i++)
    {
      FolProtocolAssignment *a = assignments->pdata[i];
      const char *patient_id = fol_protocol_assignment_get_patient_id (a);
      FolProtocol *protocol = find_protocol (protocols,
                                             fol_protocol_assignment_get_protocol_id (a));
      FolDate start = fol_protocol_assignment_get_start_date (a);
      GArray *list;
      Member member = { 0 };
      gboolean merged = FALSE;

      /* A protocol deleted since: the patient is on none of it */
      if (protocol == NULL || start == FOL_DATE_NONE)
        continue;
      list = g_hash_table_lookup (members, patient_id);
      if (list == NULL)
        {
          list = g_array_new (FALSE, TRUE, sizeof (Member));
          g_hash_table_insert (members, g_strdup (patient_id), list);
        }
      /* Assigned twice to one protocol: one course, from the first start */
      for (guint j = 0; j < list->len && !merged; j++)
        {
          Member *m = &g_array_index (list, Member, j);

          if (m->protocol == protocol)
            {
              m->start = MIN (m->start, start);
              merged = TRUE;
            }
        }
      if (merged)
        continue;
      member.protocol = protocol;
      member.start = start;
      g_array_append_val (list, member);
    }

  g_hash_table_iter_init (&iter, members);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(FolHistory) history = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      history = fol_store_load_history (store, key, error);
      if (history == NULL)
        return NULL;
      fill_members (value, history, filter, today);
    }
  return g_steal_pointer (&members);
}

static void
on_patient_by_protocol (Scan                    *scan,
                        const FolOutcomePatient *patient)
{
  GArray *list = g_hash_table_lookup (scan->members, patient->patient_id);

  /* On no protocol: from the first session of any treatment */
  if (list == NULL)
    {
      FolDate first = FOL_DATE_NONE;
      guint n_sessions = 0, n_adverse[FOL_N_SEVERITIES] = { 0 };

      for (guint i = 0; i < patient->n_courses; i++)
        {
          const FolOutcomeCourse *c = &patient->courses[i];

          if (first == FOL_DATE_NONE || c->first_session < first)
            first = c->first_session;
          n_sessions += c->n_sessions;
          for (guint s = 0; s < FOL_N_SEVERITIES; s++)
            n_adverse[s] += c->n_adverse[s];
        }
      add_course (scan, patient, NULL, NULL, NULL, first, n_sessions, n_adverse);
      return;
    }

  for (guint i = 0; i < list->len; i++)
    {
      const Member *m = &g_array_index (list, Member, i);
      Acc *acc = add_course (scan, patient, NULL, NULL, m->protocol, m->start, m->n_sessions,
                             m->n_adverse);

      if (acc == NULL || m->adherence.n_assessed == 0)
        continue;
      acc->adherence_patients++;
      acc->adherence_assessed += m->adherence.n_assessed;
      acc->adherence_on_time += m->adherence.n_on_time;
    }
}

static gboolean
on_patient (const FolOutcomePatient  *patient,
            gpointer                  user_data,
            GError                  **error)
{
  Scan *scan = user_data;

  if (g_cancellable_set_error_if_cancelled (scan->cancellable, error))
    return FALSE;

  if (scan->filter->group_by == FOL_OUTCOMES_BY_PROTOCOL)
    {
      on_patient_by_protocol (scan, patient);
      return TRUE;
    }

  /* Each course is a product group of its own… */
  for (guint i = 0; i < patient->n_courses; i++)
    {
      const FolOutcomeCourse *c = &patient->courses[i];

      if (c->product != NULL)
        add_course (scan, patient, c->treatment_type, c->product, NULL, c->first_session,
                    c->n_sessions, c->n_adverse);
    }

  /* …and a patient counts once in the type, from the first session of any
   * of its products: at the first course of each type, over all of them.
   */
  for (guint i = 0; i < patient->n_courses; i++)
    {
      const char *type = patient->courses[i].treatment_type;
      FolDate first = FOL_DATE_NONE;
      guint n_sessions = 0, n_adverse[FOL_N_SEVERITIES] = { 0 };
      gboolean seen = FALSE;

      for (guint j = 0; j < i && !seen; j++)
        seen = g_str_equal (patient->courses[j].treatment_type, type);
      if (seen)
        continue;

      for (guint j = i; j < patient->n_courses; j++)
        {
          const FolOutcomeCourse *c = &patient->courses[j];

          if (!g_str_equal (c->treatment_type, type))
            continue;
          if (first == FOL_DATE_NONE || c->first_session < first)
            first = c->first_session;
          n_sessions += c->n_sessions;
          for (guint s = 0; s < FOL_N_SEVERITIES; s++)
            n_adverse[s] += c->n_adverse[s];
        }
      add_course (scan, patient, type, NULL, NULL, first, n_sessions, n_adverse);
    }

  return TRUE;
}

static void
summarize (const WindowValues *values,
           double              threshold,
           FolOutcomeWindow   *out)
{
  const double *abs_values = (const double *) values->absolute->data;
  const double *pct_values = (const double *) values->percent->data;

  out->n = values->absolute->len;
  out->too_few = out->n < FOL_OUTCOMES_MIN_N;
  out->mean = out->median = out->ci_low = out->ci_high = NAN;
  if (!out->too_few)
    {
      out->mean = fol_stats_mean (abs_values, out->n);
      out->median = fol_stats_median (abs_values, out->n);
      fol_stats_mean_ci95 (abs_values, out->n, &out->ci_low, &out->ci_high);
    }

  out->n_percent = values->percent->len;
  out->too_few_percent = out->n_percent < FOL_OUTCOMES_MIN_N;
  out->mean_percent = out->median_percent = out->ci_low_percent = out->ci_high_percent = NAN;
  out->n_responders = 0;
  out->responder_rate = out->responder_low = out->responder_high = NAN;
  if (!out->too_few_percent)
    {
      out->mean_percent = fol_stats_mean (pct_values, out->n_percent);
      out->median_percent = fol_stats_median (pct_values, out->n_percent);
      fol_stats_mean_ci95 (pct_values, out->n_percent, &out->ci_low_percent,
                           &out->ci_high_percent);
      out->n_responders = values->responders;
      out->responder_rate = (double) values->responders / out->n_percent;
      fol_stats_wilson95 (values->responders, out->n_percent, &out->responder_low,
                          &out->responder_high);
    }
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const FolOutcomeGroup *x = *(FolOutcomeGroup * const *) a;
  const FolOutcomeGroup *y = *(FolOutcomeGroup * const *) b;
  int xi, yi, c;

  /* Protocols by name, then the patients on none */
  if (x->treatment_type == NULL || y->treatment_type == NULL)
    {
      if ((x->protocol_name == NULL) != (y->protocol_name == NULL))
        return x->protocol_name == NULL ? 1 : -1;
      if (x->protocol_name == NULL)
        return 0;
      if ((c = g_utf8_collate (x->protocol_name, y->protocol_name)) != 0)
        return c;
      return g_strcmp0 (x->protocol_id, y->protocol_id);
    }

  xi = fol_catalog_index (FOL_CATALOG_TREATMENT_TYPE, x->treatment_type);
  yi = fol_catalog_index (FOL_CATALOG_TREATMENT_TYPE, y->treatment_type);

  if (xi != yi)
    return xi < 0 ? 1 : yi < 0 ? -1 : xi - yi;
  if ((c = g_strcmp0 (x->treatment_type, y->treatment_type)) != 0)
    return c;
  /* The type first, then its products by name */
  if ((x->product == NULL) != (y->product == NULL))
    return x->product == NULL ? -1 : 1;
  return g_strcmp0 (x->product, y->product);
}

static void
group_free (gpointer data)
{
  FolOutcomeGroup *group = data;

  g_free (group->treatment_type);
  g_free (group->product);
  g_free (group->protocol_id);
  g_free (group->protocol_name);
  g_free (group);
}

/**
 * fol_outcomes_compute:
 * @filter: which patients, measure and region, and the threshold
 *
 * Returns: (transfer full): the outcomes, or %NULL with @error set
 */
FolOutcomes *
fol_outcomes_compute (FolStore                *store,
                      const FolOutcomesFilter *filter,
                      GError                 **error)
{
  return fol_outcomes_compute_cancellable (store, filter, NULL, error);
}

/**
 * fol_outcomes_compute_cancellable:
 * @cancellable: (nullable): stops the scan between two patients
 *
 * As fol_outcomes_compute(); cancelled, it returns %NULL with
 * %G_IO_ERROR_CANCELLED.
 *
 * Returns: (transfer full): the outcomes, or %NULL with @error set
 */
FolOutcomes *
fol_outcomes_compute_cancellable (FolStore                *store,
                                  const FolOutcomesFilter *filter,
                                  GCancellable            *cancellable,
                                  GError                 **error)
{
  g_autoptr(FolOutcomes) outcomes = NULL;
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, acc_free);
  g_autoptr(GPtrArray) protocols = NULL;
  g_autoptr(GHashTable) members = NULL;
  FolOutcomeQuery query = { 0 };
  Scan scan = { 0 };
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);
  g_return_val_if_fail (filter != NULL, NULL);
  g_return_val_if_fail (filter->age_band < FOL_N_AGE_BANDS, NULL);
  g_return_val_if_fail (filter->group_by < FOL_OUTCOMES_N_GROUPINGS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* By protocol: who is on which, read before the scan */
  if (filter->group_by == FOL_OUTCOMES_BY_PROTOCOL)
    {
      protocols = fol_store_list_protocols (store, error);
      if (protocols == NULL)
        return NULL;
      members = load_members (store, filter, protocols, cancellable, error);
      if (members == NULL)
        return NULL;
    }

  query.measure = filter->measure;
  query.region = filter->region;
  query.treatment_type = filter->treatment_type;
  query.diagnosis = filter->diagnosis;
  query.sex = filter->sex;
  scan.filter = filter;
  scan.groups = groups;
  scan.lower_is_better = fol_measure_lower_is_better (filter->measure);
  scan.cancellable = cancellable;
  scan.key = g_string_new (NULL);
  scan.members = members;

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !fol_store_scan_outcomes (store, &query, on_patient, &scan, error))
    {
      g_string_free (scan.key, TRUE);
      return NULL;
    }
  g_string_free (scan.key, TRUE);

  outcomes = g_new0 (FolOutcomes, 1);
  outcomes->measure = filter->measure;
  outcomes->region = fol_measure_is_per_region (filter->measure) ? filter->region
                                                                 : FOL_REGION_NONE;
  outcomes->threshold = filter->threshold;
  outcomes->treatment_type = g_strdup (filter->treatment_type);
  outcomes->diagnosis = g_strdup (filter->diagnosis);
  outcomes->sex = g_strdup (filter->sex);
  outcomes->age_band = filter->age_band;
  outcomes->group_by = filter->group_by;
  outcomes->groups = g_ptr_array_new_with_free_func (group_free);

  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Acc *acc = value;
      FolOutcomeGroup *group = g_new0 (FolOutcomeGroup, 1);

      group->treatment_type = g_strdup (acc->treatment_type);
      group->product = g_strdup (acc->product);
      group->protocol_id = g_strdup (acc->protocol_id);
      group->protocol_name = g_strdup (acc->protocol_name);
      group->adherence_patients = acc->adherence_patients;
      group->adherence_assessed = acc->adherence_assessed;
      group->adherence_on_time = acc->adherence_on_time;
      group->adherence_percent = acc->adherence_assessed > 0
                                   ? 100.0 * acc->adherence_on_time / acc->adherence_assessed
                                   : NAN;
      group->n_patients = acc->n_patients;
      group->n_sessions = acc->n_sessions;
      for (guint s = 0; s < FOL_N_SEVERITIES; s++)
        {
          group->n_adverse[s] = acc->n_adverse[s];
          group->adverse_per_100[s] = acc->n_sessions > 0
                                        ? 100.0 * acc->n_adverse[s] / acc->n_sessions
                                        : NAN;
        }
      for (guint w = 0; w < FOL_OUTCOMES_N_WINDOWS; w++)
        {
          group->windows[w].months = fol_outcomes_window_months[w];
          summarize (&acc->windows[w], filter->threshold, &group->windows[w]);
        }
      g_ptr_array_add (outcomes->groups, group);
    }
  g_ptr_array_sort (outcomes->groups, compare_groups);

  return g_steal_pointer (&outcomes);
}

void
fol_outcomes_free (FolOutcomes *outcomes)
{
  if (outcomes == NULL)
    return;
  g_clear_pointer (&outcomes->groups, g_ptr_array_unref);
  g_free (outcomes->treatment_type);
  g_free (outcomes->diagnosis);
  g_free (outcomes->sex);
  g_free (outcomes);
}

/* "Platelet-rich plasma" or "Platelet-rich plasma — Product"; by
 * protocol, its name or "No protocol".
 */
char *
fol_outcomes_group_name (const FolOutcomeGroup *group)
{
  const char *label;

  if (group->treatment_type == NULL)
    return g_strdup (group->protocol_name != NULL ? group->protocol_name : _("No protocol"));

  label = fol_catalog_label (FOL_CATALOG_TREATMENT_TYPE, group->treatment_type);

  if (label == NULL)
    label = group->treatment_type;
  if (group->product == NULL)
    return g_strdup (label);
  /* Translators: a treatment type, then a product of it */
  return g_strdup_printf (_("%s — %s"), label, group->product);
}

/**
 * fol_outcomes_adherence_text:
 *
 * Returns: (transfer full) (nullable): the group's adherence with its n,
 *   in words; %NULL for a group that follows no protocol
 */
char *
fol_outcomes_adherence_text (const FolOutcomeGroup *group)
{
  g_autofree char *percent = NULL;

  g_return_val_if_fail (group != NULL, NULL);

  if (group->treatment_type != NULL || group->protocol_name == NULL)
    return NULL;
  if (group->adherence_assessed == 0)
    return g_strdup (_("no planned session due yet"));
  percent = fol_format_number (group->adherence_percent, 1);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: sessions on time of sessions assessed,
                                        * the days of tolerance, the percentage, then the
                                        * number of patients */
                                       "%u of %u planned sessions within ± %d days of plan "
                                       "(%s %%; %u patient)",
                                       "%u of %u planned sessions within ± %d days of plan "
                                       "(%s %%; %u patients)",
                                       group->adherence_patients),
                          group->adherence_on_time, group->adherence_assessed,
                          FOL_PROTOCOL_ON_TIME_DAYS, percent, group->adherence_patients);
}
