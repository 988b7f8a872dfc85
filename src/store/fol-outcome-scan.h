/* fol-outcome-scan.h
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

#include <glib.h>

#include "fol-region.h"
#include "fol-stats.h"
#include "fol-treatment-session.h"

G_BEGIN_DECLS

/* What clinic outcomes need of each treated patient, as the store streams
 * it (fol_store_scan_outcomes()): computed by the database in a few
 * ordered passes over its indexes, never one patient at a time.
 */

/* One treatment a patient had: every session of one type and product. */
typedef struct
{
  const char *treatment_type;
  const char *product;         /* NULL when no product was recorded */
  FolDate     first_session;
  guint       n_sessions;
  guint       n_adverse[FOL_N_SEVERITIES];
} FolOutcomeCourse;

typedef struct
{
  const char             *patient_id;
  const char             *sex;         /* NULL when not recorded */
  const char             *diagnosis;   /* NULL when not recorded */
  FolDate                 birth_date;  /* FOL_DATE_NONE when not recorded */
  const FolOutcomeCourse *courses;     /* at least one */
  guint                   n_courses;
  /* Every recorded value of the measure in the region, by date: a
   * missing value is left out, a true 0 is kept.
   */
  const FolSample        *samples;
  guint                   n_samples;
} FolOutcomePatient;

/* Which values to stream and which patients. NULL filters match all. */
typedef struct
{
  FolMeasure  measure;
  FolRegion   region;          /* ignored for SALT, a whole-scalp score */
  const char *treatment_type;  /* only patients who had this treatment */
  const char *diagnosis;
  const char *sex;
} FolOutcomeQuery;

/* Called for each treated patient that matches, each once, in the order
 * of the store (for a clinic file, the patients' integer keys). */
typedef gboolean (*FolOutcomeFunc) (const FolOutcomePatient *patient,
                                    gpointer                 user_data,
                                    GError                 **error);

G_END_DECLS
