/* fol-figures.h
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

#include "fol-history.h"
#include "fol-measurement.h"

G_BEGIN_DECLS

/* The per-patient figures of CLINICAL.md that are derived from what was
 * entered: hairs per follicular unit, vellus density as total − terminal,
 * the SALT response, the words of the 7-point global assessments and the
 * ordinal scales counted in grades. Computed here once; the window, the
 * command line, review mode and the report only show them.
 */

/* Hairs per follicular unit: density / FU density; NaN when either is
 * missing or the FU density is 0 (no follicular unit, nothing to divide).
 */
double      fol_figures_hairs_per_fu    (double          total_density,
                                         double          fu_density);

/* The vellus density entered, or total − terminal when it was not
 * (@out_derived says which); NaN when neither can be had.
 */
double      fol_figures_vellus_density  (FolMeasurement *measurement,
                                         gboolean       *out_derived);
double      fol_figures_vellus_from     (double          vellus,
                                         double          total,
                                         double          terminal,
                                         gboolean       *out_derived);

typedef struct
{
  int      baseline_hundredths;
  int      value_hundredths;
  gboolean has_relative;        /* FALSE when the baseline SALT is 0 */
  double   reduction_percent;   /* 100 × (baseline − value) / baseline, NaN without */
  gboolean salt50;              /* reduction ≥ 50 %, compared exactly */
  gboolean salt75;
  gboolean salt90;
  gboolean target;              /* SALT ≤ 20 */
} FolSaltResponse;

gboolean    fol_figures_salt_response   (int              baseline_hundredths,
                                         int              value_hundredths,
                                         FolSaltResponse *out_response);
char       *fol_figures_salt_text       (const FolSaltResponse *response);

/* The 7-point global assessment, −3 to +3, in words ("moderately increased"). */
const char *fol_assessment_words        (int              score);
char       *fol_assessment_format       (int              score);

typedef enum
{
  FOL_SCALE_NORWOOD,
  FOL_SCALE_LUDWIG,
  FOL_SCALE_SINCLAIR,
  FOL_N_SCALES
} FolScale;

guint       fol_scale_n_grades          (FolScale         scale);
const char *fol_scale_grade_label       (FolScale         scale,
                                         guint            rank);
const char *fol_scale_name              (FolScale         scale);
int         fol_scale_visit_rank        (FolScale         scale,
                                         FolVisit        *visit);
char       *fol_scale_change_words      (int              from_rank,
                                         int              to_rank);
gboolean    fol_scale_for_measure       (FolMeasure       measure,
                                         FolScale        *out_scale);

/* Plain-language lines over a patient's history, the same in every view. */
char       *fol_figures_scale_line      (FolHistory      *history,
                                         FolScale         scale);
char       *fol_figures_salt_line       (FolHistory      *history);
char       *fol_figures_assessment_line (FolHistory      *history,
                                         gboolean         investigator);
char       *fol_figures_vellus_note     (FolHistory      *history,
                                         FolRegion        region);
GPtrArray  *fol_figures_lines           (FolHistory      *history);
char       *fol_figures_visit_text      (FolHistory      *history,
                                         guint            visit_index);

G_END_DECLS
