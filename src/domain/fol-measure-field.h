/* fol-measure-field.h
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

#include "fol-measurement.h"
#include "fol-region.h"

G_BEGIN_DECLS

/* The values stored per scalp region and visit, in the order every file,
 * form and table lists them. A new stored figure is one line of the table
 * in fol-measure-field.c.
 */
typedef enum
{
  FOL_FIELD_HAIR_COUNT,
  FOL_FIELD_FIELD_AREA,
  FOL_FIELD_TOTAL_DENSITY,
  FOL_FIELD_TERMINAL_DENSITY,
  FOL_FIELD_VELLUS_DENSITY,
  FOL_FIELD_TERMINAL_THRESHOLD,
  FOL_FIELD_MEAN_DIAMETER,
  FOL_FIELD_ANAGEN,
  FOL_FIELD_TELOGEN,
  FOL_FIELD_FU_DENSITY,
  FOL_N_MEASURE_FIELDS
} FolMeasureFieldId;

typedef struct
{
  const char *property;     /* FolMeasurement property, and the field a message is shown at */
  const char *csv_column;   /* the CSV header Follicle writes */
  const char *csv_aliases;  /* other headers it reads, normalized, "|"-separated */
  const char *sql_column;   /* the column of the measurements table, in both stores */
  const char *name;         /* untranslated: where the value stands alone ("Anagen hairs") */
  const char *label;        /* untranslated: the form field, and messages about it */
  const char *short_label;  /* msgctxt "measurement": a column heading, over the unit */
  const char *unit;         /* untranslated */
  double      min;
  double      max;
  guint       decimals;     /* shown with */
  gboolean    integer;      /* stored as a whole number */
  gboolean    in_editor;    /* a column of the visit editor (else kept as it was) */
  int         measure;      /* the FolMeasure charted from it, or -1 */
  double    (*get) (FolMeasurement *m);
  void      (*set) (FolMeasurement *m, double value);
} FolMeasurementField;

const FolMeasurementField *fol_measurement_fields       (guint       *n_fields);
const FolMeasurementField *fol_measurement_field        (FolMeasureFieldId id);
const FolMeasurementField *fol_measurement_field_lookup (const char  *property);
const FolMeasurementField *fol_measurement_field_for_measure (FolMeasure measure);
const char *fol_measurement_field_short_label (const FolMeasurementField *field);

const char *fol_measurement_fields_sql_columns (const char *prefix);
const char *fol_measurement_fields_sql_params  (char        mark,
                                                guint       first);
const char *fol_measurement_fields_sql_assign  (char        mark,
                                                guint       first);

double      fol_measurement_telogen_or_derived (FolMeasurement *m);

G_END_DECLS
