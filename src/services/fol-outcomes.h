/* fol-outcomes.h
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

#pragma once

#include "fol-store.h"

G_BEGIN_DECLS

/* Outcomes across the clinic (CLINICAL.md): per treatment type, and per
 * product within it, the change from baseline at 3, 6 and 12 months
 * after each patient's first session of that treatment; or per protocol,
 * from the start date of each patient's assignment, with adherence.
 */

#define FOL_OUTCOMES_N_WINDOWS      3
/* A follow-up window takes the value nearest its target date within
 * ± 6 weeks; the windows never overlap.
 */
#define FOL_OUTCOMES_TOLERANCE_DAYS 42
/* Below this many patients a window shows no mean: "too few patients". */
#define FOL_OUTCOMES_MIN_N          5

extern const guint fol_outcomes_window_months[FOL_OUTCOMES_N_WINDOWS];

typedef enum
{
  FOL_AGE_BAND_ALL,
  FOL_AGE_BAND_UNDER_30,
  FOL_AGE_BAND_30_44,
  FOL_AGE_BAND_45_59,
  FOL_AGE_BAND_60_PLUS,
  FOL_N_AGE_BANDS
} FolAgeBand;

const char *fol_age_band_code  (FolAgeBand   band);
const char *fol_age_band_name  (FolAgeBand   band);
gboolean    fol_age_band_from_code (const char *code,
                                    FolAgeBand *out_band);

typedef enum
{
  FOL_OUTCOMES_BY_TREATMENT,
  FOL_OUTCOMES_BY_PROTOCOL,
  FOL_OUTCOMES_N_GROUPINGS
} FolOutcomesGrouping;

const char *fol_outcomes_grouping_code      (FolOutcomesGrouping  by);
const char *fol_outcomes_grouping_name      (FolOutcomesGrouping  by);
gboolean    fol_outcomes_grouping_from_code (const char          *code,
                                             FolOutcomesGrouping *out_by);

typedef struct
{
  FolMeasure  measure;         /* default: total density */
  FolRegion   region;          /* default: vertex; ignored for SALT */
  const char *treatment_type;  /* NULL: every treatment */
  const char *diagnosis;       /* NULL: every diagnosis */
  const char *sex;             /* NULL: both */
  FolAgeBand  age_band;        /* age at the first session */
  double      threshold;       /* the no-change threshold T, in percent */
  FolOutcomesGrouping group_by;  /* default: by treatment */
  FolDate     today;           /* adherence: what is overdue; FOL_DATE_NONE: today */
} FolOutcomesFilter;

void fol_outcomes_filter_init (FolOutcomesFilter *filter);

typedef struct
{
  guint    months;
  /* Patients with a baseline and a value in the window */
  guint    n;
  gboolean too_few;          /* n < FOL_OUTCOMES_MIN_N: no figures below */
  double   mean;             /* change from baseline, in the unit */
  double   median;
  double   ci_low;           /* 95 % CI of the mean, t distribution */
  double   ci_high;
  /* Of those, patients whose baseline is not 0 (a % change exists) */
  guint    n_percent;
  gboolean too_few_percent;
  double   mean_percent;
  double   median_percent;
  double   ci_low_percent;
  double   ci_high_percent;
  guint    n_responders;     /* Δ% at least the threshold, in the better direction */
  double   responder_rate;   /* 0..1 of n_percent */
  double   responder_low;    /* 95 % Wilson interval */
  double   responder_high;
} FolOutcomeWindow;

typedef struct
{
  /* By treatment: the type, and a product of it or NULL for every product.
   * By protocol: both NULL.
   */
  char            *treatment_type;
  char            *product;        /* NULL: every product of the type */
  /* By protocol: the protocol, or both NULL for the patients on none */
  char            *protocol_id;
  char            *protocol_name;
  guint            n_patients;
  guint            n_sessions;
  guint            n_adverse[FOL_N_SEVERITIES];
  double           adverse_per_100[FOL_N_SEVERITIES];  /* per 100 sessions */
  FolOutcomeWindow windows[FOL_OUTCOMES_N_WINDOWS];
  /* By protocol: of the planned sessions done or overdue among the group's
   * patients, those done within ± FOL_PROTOCOL_ON_TIME_DAYS of plan
   * (fol_protocol_plan_adherence(), as on the patient's page).
   */
  guint            adherence_patients;  /* patients with a session assessed */
  guint            adherence_assessed;
  guint            adherence_on_time;
  double           adherence_percent;   /* NaN: nothing assessed, or no protocol */
} FolOutcomeGroup;

typedef struct
{
  FolMeasure  measure;
  FolRegion   region;
  double      threshold;
  char       *treatment_type;
  char       *diagnosis;
  char       *sex;
  FolAgeBand  age_band;
  FolOutcomesGrouping group_by;
  /* FolOutcomeGroup: each type, then its products; or each protocol by
   * name, then "No protocol"
   */
  GPtrArray  *groups;
} FolOutcomes;

FolOutcomes *fol_outcomes_compute    (FolStore                *store,
                                      const FolOutcomesFilter *filter,
                                      GError                 **error);
FolOutcomes *fol_outcomes_compute_cancellable (FolStore                *store,
                                               const FolOutcomesFilter *filter,
                                               GCancellable            *cancellable,
                                               GError                 **error);
void         fol_outcomes_free       (FolOutcomes             *outcomes);
const char  *fol_outcomes_notice     (void);
char        *fol_outcomes_group_name (const FolOutcomeGroup   *group);
char        *fol_outcomes_adherence_text (const FolOutcomeGroup *group);
char        *fol_outcomes_course_text (FolOutcomesGrouping     by);
char        *fol_outcomes_to_json    (const FolOutcomes       *outcomes);
char        *fol_outcomes_to_csv     (const FolOutcomes       *outcomes);
char        *fol_outcomes_to_text    (const FolOutcomes       *outcomes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolOutcomes, fol_outcomes_free)

G_END_DECLS
