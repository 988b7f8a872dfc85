/* fol-measure-field.c
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

#define G_LOG_DOMAIN "fol-measure-field"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-i18n.h"
#include "fol-measure-field.h"

/* The one list of the values of a region at a visit. The validator, the
 * measure kinds of charts and summaries, the visit editor, the CSV reader
 * and writer and the SQL of both stores are all made from it; the CSV
 * headers and SQL columns are what files and clinics already hold, so they
 * never change once released.
 */
static const FolMeasurementField fields[FOL_N_MEASURE_FIELDS] = {
  [FOL_FIELD_HAIR_COUNT] =
  { "hair-count", "hair_count", "count|hairs", "hair_count",
    N_("Hair count"), N_("Hair count"), NC_("measurement", "Count"), N_("hairs"),
    0, 2000, 0, TRUE, TRUE, FOL_MEASURE_HAIR_COUNT,
    fol_measurement_get_hair_count, fol_measurement_set_hair_count },
  [FOL_FIELD_FIELD_AREA] =
  { "field-area", "field_area_cm2", "field_area|area_cm2|counted_area|counted_area_cm2",
    "field_area_cm2",
    N_("Counted area"), N_("Counted area"), NC_("measurement", "Area"), N_("cm²"),
    0.01, 10, 2, FALSE, TRUE, -1,
    fol_measurement_get_field_area, fol_measurement_set_field_area },
  [FOL_FIELD_TOTAL_DENSITY] =
  { "total-density", "total_density_hairs_per_cm2",
    "total_density|density|hair_density|total_density_hairs_cm2|density_hairs_cm2",
    "total_density",
    N_("Total hair density"), N_("Total density"), NC_("measurement", "Total"), N_("hairs/cm²"),
    0, 600, 1, FALSE, TRUE, FOL_MEASURE_TOTAL_DENSITY,
    fol_measurement_get_total_density, fol_measurement_set_total_density },
  [FOL_FIELD_TERMINAL_DENSITY] =
  { "terminal-density", "terminal_density_hairs_per_cm2",
    "terminal_density|terminal|terminal_density_hairs_cm2", "terminal_density",
    N_("Terminal hair density"), N_("Terminal density"), NC_("measurement", "Terminal"),
    N_("hairs/cm²"), 0, 600, 1, FALSE, TRUE, FOL_MEASURE_TERMINAL_DENSITY,
    fol_measurement_get_terminal_density, fol_measurement_set_terminal_density },
  [FOL_FIELD_VELLUS_DENSITY] =
  { "vellus-density", "vellus_density_hairs_per_cm2",
    "vellus_density|vellus|vellus_density_hairs_cm2", "vellus_density",
    N_("Vellus hair density"), N_("Vellus density"), NC_("measurement", "Vellus"),
    N_("hairs/cm²"), 0, 600, 1, FALSE, TRUE, FOL_MEASURE_VELLUS_DENSITY,
    fol_measurement_get_vellus_density, fol_measurement_set_vellus_density },
  /* Set from the preference when terminal or vellus is typed. */
  [FOL_FIELD_TERMINAL_THRESHOLD] =
  { "terminal-threshold", "terminal_threshold_um", "terminal_threshold|threshold_um",
    "terminal_threshold_um",
    N_("Terminal threshold"), N_("Terminal threshold"), NC_("measurement", "Threshold"),
    N_("µm"), 10, 100, 0, FALSE, FALSE, -1,
    fol_measurement_get_terminal_threshold, fol_measurement_set_terminal_threshold },
  [FOL_FIELD_MEAN_DIAMETER] =
  { "mean-diameter", "mean_diameter_um", "mean_diameter|diameter|diameter_um|shaft_diameter",
    "mean_diameter_um",
    N_("Mean shaft diameter"), N_("Mean diameter"), NC_("measurement", "Diameter"), N_("µm"),
    10, 200, 1, FALSE, TRUE, FOL_MEASURE_MEAN_DIAMETER,
    fol_measurement_get_mean_diameter, fol_measurement_set_mean_diameter },
  [FOL_FIELD_ANAGEN] =
  { "anagen", "anagen_percent", "anagen|anagen_pct", "anagen_percent",
    N_("Anagen hairs"), N_("Anagen"), NC_("measurement", "Anagen"), N_("%"),
    0, 100, 1, FALSE, TRUE, FOL_MEASURE_ANAGEN,
    fol_measurement_get_anagen, fol_measurement_set_anagen },
  /* The mirror of anagen: charted as anagen only. */
  [FOL_FIELD_TELOGEN] =
  { "telogen", "telogen_percent", "telogen|telogen_pct", "telogen_percent",
    N_("Telogen hairs"), N_("Telogen"), NC_("measurement", "Telogen"), N_("%"),
    0, 100, 1, FALSE, TRUE, -1,
    fol_measurement_get_telogen, fol_measurement_set_telogen },
  [FOL_FIELD_FU_DENSITY] =
  { "fu-density", "fu_density_fu_per_cm2", "fu_density|follicular_units|fu_per_cm2",
    "fu_density",
    N_("Follicular units"), N_("Follicular units"), NC_("measurement", "FU"), N_("FU/cm²"),
    0, 300, 1, FALSE, TRUE, FOL_MEASURE_FU_DENSITY,
    fol_measurement_get_fu_density, fol_measurement_set_fu_density },
};

const FolMeasurementField *
fol_measurement_fields (guint *n_fields)
{
  if (n_fields)
    *n_fields = G_N_ELEMENTS (fields);
  return fields;
}

const FolMeasurementField *
fol_measurement_field (FolMeasureFieldId id)
{
  g_return_val_if_fail (id < FOL_N_MEASURE_FIELDS, NULL);
  return &fields[id];
}

const FolMeasurementField *
fol_measurement_field_lookup (const char *property)
{
  g_return_val_if_fail (property != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (strcmp (fields[i].property, property) == 0)
      return &fields[i];

  return NULL;
}

/* Returns: the stored field a measure is charted from, NULL for a
 * derived one (cumulative thickness, SALT) */
const FolMeasurementField *
fol_measurement_field_for_measure (FolMeasure measure)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].measure >= 0 && (FolMeasure) fields[i].measure == measure)
      return &fields[i];

  return NULL;
}

const char *
fol_measurement_field_short_label (const FolMeasurementField *field)
{
  g_return_val_if_fail (field != NULL, NULL);
  return g_dpgettext2 (GETTEXT_PACKAGE, "measurement", field->short_label);
}

/* The SQL text is made once per process and kept (interned), so that a
 * store can prepare and cache it like a literal.
 */

/**
 * fol_measurement_fields_sql_columns:
 * @prefix: put before each column, e.g. "m." (or "")
 *
 * Returns: "hair_count, field_area_cm2, …", every field's column in table order
 */
const char *
fol_measurement_fields_sql_columns (const char *prefix)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_string_append_printf (sql, "%s%s%s", i ? ", " : "", prefix, fields[i].sql_column);
  return g_intern_string (sql->str);
}

/**
 * fol_measurement_fields_sql_params:
 * @mark: '?' (SQLite) or '$' (PostgreSQL)
 * @first: the number of the first field's parameter
 *
 * Returns: "?3, ?4, …", one numbered parameter per field in table order
 */
const char *
fol_measurement_fields_sql_params (char  mark,
                                   guint first)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_string_append_printf (sql, "%s%c%u", i ? ", " : "", mark, first + i);
  return g_intern_string (sql->str);
}

/**
 * fol_measurement_fields_sql_assign:
 *
 * Returns: "hair_count = ?3, …", for an UPDATE with the parameters of
 *   fol_measurement_fields_sql_params()
 */
const char *
fol_measurement_fields_sql_assign (char  mark,
                                   guint first)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_string_append_printf (sql, "%s%s = %c%u", i ? ", " : "", fields[i].sql_column, mark,
                            first + i);
  return g_intern_string (sql->str);
}

/**
 * fol_measurement_telogen_or_derived:
 *
 * Returns: the telogen percentage entered, else 100 − anagen, else NaN
 */
double
fol_measurement_telogen_or_derived (FolMeasurement *m)
{
  double telogen;

  g_return_val_if_fail (FOL_IS_MEASUREMENT (m), NAN);

  telogen = fol_measurement_get_telogen (m);
  if (isnan (telogen) && !isnan (fol_measurement_get_anagen (m)))
    telogen = 100 - fol_measurement_get_anagen (m);
  return telogen;
}
