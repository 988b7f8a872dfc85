/* fol-region.c
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

#define G_LOG_DOMAIN "fol-region"

#include "config.h"

#include <string.h>

#include "fol-i18n.h"
#include "fol-region.h"

typedef struct
{
  const char *code;
  const char *name;
  const char *short_name;
  const char *description;
} RegionInfo;

static const RegionInfo regions[FOL_N_REGIONS] = {
  { "frontal", N_("Frontal (hairline zone)"), N_("Frontal"),
    N_("1–2 cm behind the frontal hairline, midline") },
  { "midscalp", N_("Mid-scalp"), N_("Mid-scalp"),
    N_("Midline, between frontal and vertex") },
  { "vertex", N_("Vertex (crown)"), N_("Crown"),
    N_("Centre of the whorl") },
  { "temporal_left", N_("Temporal, left"), N_("Left temple"),
    N_("Above the left ear, temple recession") },
  { "temporal_right", N_("Temporal, right"), N_("Right temple"),
    N_("Above the right ear, temple recession") },
  { "parietal_left", N_("Parietal, left"), N_("Left side"),
    N_("Left side of the top of the head") },
  { "parietal_right", N_("Parietal, right"), N_("Right side"),
    N_("Right side of the top of the head") },
  { "occipital", N_("Occipital (donor area)"), N_("Back"),
    N_("Back of the head; usually unaffected by pattern loss") },
};

const char *
fol_region_code (FolRegion region)
{
  g_return_val_if_fail (region < FOL_N_REGIONS, NULL);
  return regions[region].code;
}

const char *
fol_region_name (FolRegion region)
{
  g_return_val_if_fail (region < FOL_N_REGIONS, NULL);
  return _(regions[region].name);
}

const char *
fol_region_short_name (FolRegion region)
{
  g_return_val_if_fail (region < FOL_N_REGIONS, NULL);
  return _(regions[region].short_name);
}

const char *
fol_region_description (FolRegion region)
{
  g_return_val_if_fail (region < FOL_N_REGIONS, NULL);
  return _(regions[region].description);
}

gboolean
fol_region_from_code (const char *code,
                      FolRegion  *out_region)
{
  if (code == NULL)
    return FALSE;

  for (guint i = 0; i < FOL_N_REGIONS; i++)
    {
      if (strcmp (code, regions[i].code) == 0)
        {
          if (out_region)
            *out_region = i;
          return TRUE;
        }
    }

  return FALSE;
}

typedef struct
{
  const char *code;
  const char *name;
  const char *unit;
  guint       decimals;
  gboolean    lower_is_better;
  gboolean    per_region;
} MeasureInfo;

static const MeasureInfo measures[FOL_N_MEASURES] = {
  { "total_density", N_("Total hair density"), N_("hairs/cm²"), 1, FALSE, TRUE },
  { "terminal_density", N_("Terminal hair density"), N_("hairs/cm²"), 1, FALSE, TRUE },
  { "vellus_density", N_("Vellus hair density"), N_("hairs/cm²"), 1, FALSE, TRUE },
  { "mean_diameter", N_("Mean shaft diameter"), N_("µm"), 1, FALSE, TRUE },
  { "cumulative_thickness", N_("Cumulative hair thickness"), N_("mm/cm²"), 2, FALSE, TRUE },
  { "anagen", N_("Anagen hairs"), N_("%"), 1, FALSE, TRUE },
  { "fu_density", N_("Follicular units"), N_("FU/cm²"), 1, FALSE, TRUE },
  { "hair_count", N_("Hair count"), N_("hairs"), 0, FALSE, TRUE },
  { "salt", N_("SALT score"), N_("%"), 1, TRUE, FALSE },
};

const char *
fol_measure_code (FolMeasure measure)
{
  g_return_val_if_fail (measure < FOL_N_MEASURES, NULL);
  return measures[measure].code;
}

const char *
fol_measure_name (FolMeasure measure)
{
  g_return_val_if_fail (measure < FOL_N_MEASURES, NULL);
  return _(measures[measure].name);
}

const char *
fol_measure_unit (FolMeasure measure)
{
  g_return_val_if_fail (measure < FOL_N_MEASURES, NULL);
  return _(measures[measure].unit);
}

guint
fol_measure_decimals (FolMeasure measure)
{
  g_return_val_if_fail (measure < FOL_N_MEASURES, 1);
  return measures[measure].decimals;
}

/* SALT measures loss: a decrease is the improvement. */
gboolean
fol_measure_lower_is_better (FolMeasure measure)
{
  g_return_val_if_fail (measure < FOL_N_MEASURES, FALSE);
  return measures[measure].lower_is_better;
}

gboolean
fol_measure_is_per_region (FolMeasure measure)
{
  g_return_val_if_fail (measure < FOL_N_MEASURES, FALSE);
  return measures[measure].per_region;
}

gboolean
fol_measure_from_code (const char *code,
                       FolMeasure *out_measure)
{
  if (code == NULL)
    return FALSE;

  for (guint i = 0; i < FOL_N_MEASURES; i++)
    {
      if (strcmp (code, measures[i].code) == 0)
        {
          if (out_measure)
            *out_measure = i;
          return TRUE;
        }
    }

  return FALSE;
}
