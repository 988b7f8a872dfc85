/* fol-region.h
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

G_BEGIN_DECLS

/* The scalp regions of CLINICAL.md, in display order. The code is what the
 * database stores; it is never translated.
 */
typedef enum
{
  FOL_REGION_FRONTAL,
  FOL_REGION_MIDSCALP,
  FOL_REGION_VERTEX,
  FOL_REGION_TEMPORAL_LEFT,
  FOL_REGION_TEMPORAL_RIGHT,
  FOL_REGION_PARIETAL_LEFT,
  FOL_REGION_PARIETAL_RIGHT,
  FOL_REGION_OCCIPITAL,
  FOL_N_REGIONS
} FolRegion;

#define FOL_REGION_NONE ((FolRegion) -1)

/* A small integer scale (Sinclair, SALT area %, global assessments) that was
 * not assessed. 0 is a real score on these scales, so it cannot mean "none".
 */
#define FOL_NO_SCORE G_MININT

#define FOL_REGION_BIT(r) (1u << (r))
#define FOL_ALL_REGIONS ((1u << FOL_N_REGIONS) - 1)

const char *fol_region_code        (FolRegion    region);
const char *fol_region_name        (FolRegion    region);
const char *fol_region_short_name  (FolRegion    region);
const char *fol_region_description (FolRegion    region);
gboolean    fol_region_from_code   (const char  *code,
                                    FolRegion   *out_region);
gboolean    fol_region_from_name   (const char  *text,
                                    FolRegion   *out_region);

/* The measurements a chart or summary can show. */
typedef enum
{
  FOL_MEASURE_TOTAL_DENSITY,
  FOL_MEASURE_TERMINAL_DENSITY,
  FOL_MEASURE_VELLUS_DENSITY,
  FOL_MEASURE_MEAN_DIAMETER,
  FOL_MEASURE_CUMULATIVE_THICKNESS,
  FOL_MEASURE_ANAGEN,
  FOL_MEASURE_FU_DENSITY,
  FOL_MEASURE_HAIR_COUNT,
  FOL_MEASURE_SALT,
  FOL_MEASURE_HAIRS_PER_FU,
  FOL_MEASURE_NORWOOD,
  FOL_MEASURE_LUDWIG,
  FOL_MEASURE_SINCLAIR,
  FOL_N_MEASURES
} FolMeasure;

const char *fol_measure_code         (FolMeasure   measure);
const char *fol_measure_name         (FolMeasure   measure);
const char *fol_measure_short_name   (FolMeasure   measure);
const char *fol_measure_unit         (FolMeasure   measure);
guint       fol_measure_decimals     (FolMeasure   measure);
gboolean    fol_measure_lower_is_better (FolMeasure measure);
gboolean    fol_measure_is_per_region (FolMeasure  measure);
gboolean    fol_measure_is_ordinal   (FolMeasure   measure);
gboolean    fol_measure_from_code    (const char  *code,
                                      FolMeasure  *out_measure);

G_END_DECLS
