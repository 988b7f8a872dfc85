/* fol-history.h
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

#include <glib-object.h>

#include "fol-measure-field.h"
#include "fol-measurement.h"
#include "fol-patient.h"
#include "fol-treatment-session.h"
#include "fol-visit.h"

G_BEGIN_DECLS

#define FOL_TYPE_HISTORY (fol_history_get_type ())

G_DECLARE_FINAL_TYPE (FolHistory, fol_history, FOL, HISTORY, GObject)

/* The summary of one region (or, for SALT, the whole scalp) and measure. */
typedef struct
{
  guint    n_values;       /* non-missing values */
  FolDate  latest_date;
  double   latest;         /* NaN when never measured */
  FolDate  baseline_date;
  double   baseline;       /* NaN when there is no baseline */
  double   change;         /* latest − baseline, NaN when undefined */
  double   change_percent; /* NaN when undefined (no baseline, or baseline 0) */
  gboolean has_slope;
  double   slope;          /* unit per month */
  guint    slope_n;
} FolRegionSummary;

/* One region's values at a visit as a store reads them, for
 * fol_history_add_visit_values(): no object is made for them until one is
 * asked for (fol_history_get_measurement()).
 */
typedef struct
{
  FolRegion   region;
  double      values[FOL_N_MEASURE_FIELDS];  /* by FolMeasureFieldId, NaN when not measured */
  const char *method;                        /* nullable */
  const char *notes;                         /* nullable */
} FolMeasurementValues;

FolHistory          *fol_history_new                 (FolPatient          *patient);
void                 fol_history_add_visit           (FolHistory          *self,
                                                      FolVisit            *visit,
                                                      GPtrArray           *measurements);
void                 fol_history_add_visit_values    (FolHistory          *self,
                                                      FolVisit            *visit,
                                                      GArray              *values);
void                 fol_history_add_session         (FolHistory          *self,
                                                      FolTreatmentSession *session);
FolPatient          *fol_history_get_patient         (FolHistory          *self);
guint                fol_history_get_n_visits        (FolHistory          *self);
FolVisit            *fol_history_get_visit           (FolHistory          *self,
                                                      guint                index);
FolMeasurement      *fol_history_get_measurement     (FolHistory          *self,
                                                      guint                visit_index,
                                                      FolRegion            region);
guint                fol_history_get_n_sessions      (FolHistory          *self);
FolTreatmentSession *fol_history_get_session         (FolHistory          *self,
                                                      guint                index);
FolDate              fol_history_get_first_treatment (FolHistory          *self);
guint                fol_history_get_measured_regions (FolHistory         *self);
double               fol_history_get_value           (FolHistory          *self,
                                                      guint                visit_index,
                                                      FolMeasure           measure,
                                                      FolRegion            region);
GArray              *fol_history_get_series          (FolHistory          *self,
                                                      FolMeasure           measure,
                                                      FolRegion            region);
gboolean             fol_history_summarize           (FolHistory          *self,
                                                      FolMeasure           measure,
                                                      FolRegion            region,
                                                      FolRegionSummary    *out_summary);
FolDate              fol_history_get_next_follow_up  (FolHistory          *self);

G_END_DECLS
