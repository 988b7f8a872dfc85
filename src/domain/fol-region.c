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
#include "fol-measure-field.h"
#include "fol-region.h"

/* One name per region, defined here and nowhere else.
 *
 * The name (fol_region_short_name()) labels a value: tables, lists, chart
 * legends, summaries, the report's tables. The long name
 * (fol_region_name()) is used where a region stands alone: headings,
 * choosers, tooltips, screen-reader labels, the site descriptions. The
 * long name is the name itself, or the name followed by a gloss in
 * parentheses ("Vertex (crown)"), so that both say the same word; the tests
 * check that in every language.
 */
typedef struct
{
  const char *code;
  const char *name;        /* msgctxt "scalp region" */
  const char *long_name;   /* msgctxt "scalp region" */
  const char *description;
  const char *former;      /* names of earlier versions, "|"-separated, casefolded */
} RegionInfo;

static const RegionInfo regions[FOL_N_REGIONS] = {
  { "frontal", NC_("scalp region", "Frontal"), NC_("scalp region", "Frontal (hairline zone)"),
    N_("1–2 cm behind the frontal hairline, midline"), "" },
  { "midscalp", NC_("scalp region", "Mid-scalp"), NC_("scalp region", "Mid-scalp"),
    N_("Midline, between frontal and vertex"), "" },
  { "vertex", NC_("scalp region", "Vertex"), NC_("scalp region", "Vertex (crown)"),
    N_("Centre of the whorl"), "crown" },
  { "temporal_left", NC_("scalp region", "Temporal, left"), NC_("scalp region", "Temporal, left"),
    N_("Above the left ear, temple recession"), "left temple" },
  { "temporal_right", NC_("scalp region", "Temporal, right"),
    NC_("scalp region", "Temporal, right"),
    N_("Above the right ear, temple recession"), "right temple" },
  { "parietal_left", NC_("scalp region", "Parietal, left"), NC_("scalp region", "Parietal, left"),
    N_("Left side of the top of the head"), "left side" },
  { "parietal_right", NC_("scalp region", "Parietal, right"),
    NC_("scalp region", "Parietal, right"),
    N_("Right side of the top of the head"), "right side" },
  { "occipital", NC_("scalp region", "Occipital"), NC_("scalp region", "Occipital (donor area)"),
    N_("Back of the head; usually unaffected by pattern loss"), "back" },
};

const char *
fol_region_code (FolRegion region)
{
  g_return_val_if_fail (region < FOL_N_REGIONS, NULL);
  return regions[region].code;
}

/* Returns: the long name: where a region stands alone (headings, choosers) */
const char *
fol_region_name (FolRegion region)
{
  g_return_val_if_fail (region < FOL_N_REGIONS, NULL);
  return g_dpgettext2 (GETTEXT_PACKAGE, "scalp region", regions[region].long_name);
}

/* Returns: the name: wherever a region labels a value */
const char *
fol_region_short_name (FolRegion region)
{
  g_return_val_if_fail (region < FOL_N_REGIONS, NULL);
  return g_dpgettext2 (GETTEXT_PACKAGE, "scalp region", regions[region].name);
}

const char *
fol_region_description (FolRegion region)
{
  g_return_val_if_fail (region < FOL_N_REGIONS, NULL);
  return _(regions[region].description);
}

static gboolean
names_match (const char *folded,
             const char *name)
{
  g_autofree char *other = g_utf8_casefold (name, -1);

  return g_str_equal (folded, other);
}

/**
 * fol_region_from_name:
 * @text: what a person typed, e.g. in a spreadsheet
 *
 * Understands a region's code, its name or long name (in English or in
 * the language of the interface, in any case), and the names earlier
 * versions used ("Crown", "Back", "Left temple"…).
 */
gboolean
fol_region_from_name (const char *text,
                      FolRegion  *out_region)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  if (fol_region_from_code (text, out_region))
    return TRUE;

  folded = g_utf8_casefold (text, -1);
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      g_auto(GStrv) former = g_strsplit (regions[r].former, "|", -1);
      gboolean found = names_match (folded, regions[r].code) ||
                       names_match (folded, regions[r].name) ||
                       names_match (folded, regions[r].long_name) ||
                       names_match (folded, fol_region_short_name (r)) ||
                       names_match (folded, fol_region_name (r));

      for (guint i = 0; !found && former[i] != NULL; i++)
        found = former[i][0] != '\0' && g_str_equal (folded, former[i]);
      if (found)
        {
          if (out_region)
            *out_region = r;
          return TRUE;
        }
    }
  return FALSE;
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

/* Each measurement's name, its short name (a column heading, over the
 * unit), its unit and decimals, defined once: a measure charted from a
 * stored value takes them from its field (fol-measure-field.c), the
 * derived ones have them here. The CSV file's column names are not these
 * words but machine names, kept as they are because importing depends on
 * them.
 */
typedef struct
{
  const char *code;
  const char *name;
  const char *short_name;
  const char *unit;
  guint       decimals;
  gboolean    lower_is_better;
  gboolean    per_region;
} MeasureInfo;

static const MeasureInfo measures[FOL_N_MEASURES] = {
  { "total_density", NULL, NULL, NULL, 0, FALSE, TRUE },
  { "terminal_density", NULL, NULL, NULL, 0, FALSE, TRUE },
  { "vellus_density", NULL, NULL, NULL, 0, FALSE, TRUE },
  { "mean_diameter", NULL, NULL, NULL, 0, FALSE, TRUE },
  { "cumulative_thickness", N_("Cumulative hair thickness"), NC_("measurement", "Thickness"),
    N_("mm/cm²"), 2, FALSE, TRUE },
  { "anagen", NULL, NULL, NULL, 0, FALSE, TRUE },
  { "fu_density", NULL, NULL, NULL, 0, FALSE, TRUE },
  { "hair_count", NULL, NULL, NULL, 0, FALSE, TRUE },
  { "salt", N_("SALT score"), NC_("measurement", "SALT"), N_("%"), 1, TRUE, FALSE },
  { "hairs_per_fu", N_("Hairs per follicular unit"), NC_("measurement", "Hairs/FU"),
    N_("hairs/FU"), 2, FALSE, TRUE },
  /* Ordinal scales: the value is the grade's place in the scale's order. */
  { "norwood", N_("Norwood–Hamilton stage"), NC_("measurement", "Norwood"), N_("grade"), 0, TRUE, FALSE },
  { "ludwig", N_("Ludwig stage"), NC_("measurement", "Ludwig"), N_("grade"), 0, TRUE, FALSE },
  { "sinclair", N_("Sinclair stage"), NC_("measurement", "Sinclair"), N_("grade"), 0, TRUE, FALSE },
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
  const FolMeasurementField *field = fol_measurement_field_for_measure (measure);

  g_return_val_if_fail (measure < FOL_N_MEASURES, NULL);
  return _(field ? field->name : measures[measure].name);
}

/* Returns: a word for a column heading, above fol_measure_unit() */
const char *
fol_measure_short_name (FolMeasure measure)
{
  const FolMeasurementField *field = fol_measurement_field_for_measure (measure);

  g_return_val_if_fail (measure < FOL_N_MEASURES, NULL);
  return g_dpgettext2 (GETTEXT_PACKAGE, "measurement",
                       field ? field->short_label : measures[measure].short_name);
}

const char *
fol_measure_unit (FolMeasure measure)
{
  const FolMeasurementField *field = fol_measurement_field_for_measure (measure);

  g_return_val_if_fail (measure < FOL_N_MEASURES, NULL);
  return _(field ? field->unit : measures[measure].unit);
}

guint
fol_measure_decimals (FolMeasure measure)
{
  const FolMeasurementField *field = fol_measurement_field_for_measure (measure);

  g_return_val_if_fail (measure < FOL_N_MEASURES, 1);
  return field ? field->decimals : measures[measure].decimals;
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

/* Norwood–Hamilton, Ludwig and Sinclair: grades in an order, not numbers. */
gboolean
fol_measure_is_ordinal (FolMeasure measure)
{
  g_return_val_if_fail (measure < FOL_N_MEASURES, FALSE);
  return measure == FOL_MEASURE_NORWOOD || measure == FOL_MEASURE_LUDWIG ||
         measure == FOL_MEASURE_SINCLAIR;
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
