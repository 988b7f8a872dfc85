/* fol-csv-cells.c
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

#define G_LOG_DOMAIN "fol-csv-import"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-catalog.h"
#include "fol-csv-private.h"
#include "fol-error.h"
#include "fol-i18n.h"

/* Reading one cell of an import row as what its column holds: text, a
 * strict ISO date, a number with either decimal mark, a whole score, a
 * catalogue choice, a region, a list of regions, adverse events.
 */

gboolean
_fol_csv_has_column (RowCtx       *row,
                     FolCsvColumn  column)
{
  return row->map[column] >= 0;
}

/* NULL when the column is not in the file; "" for an empty cell. The text
 * as it is in the file: _fol_csv_cell_text() reads text.
 */
const char *
_fol_csv_cell (RowCtx       *row,
               FolCsvColumn  column)
{
  int index = row->map[column];

  if (index < 0)
    return NULL;
  if ((guint) index >= row->fields->len)
    return "";  /* a short row: its missing trailing cells are empty */
  return g_ptr_array_index (row->fields, index);
}

char *
_fol_csv_cell_text (RowCtx       *row,
                    FolCsvColumn  column)
{
  const char *text = _fol_csv_cell (row, column);
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  /* The quote an export puts in front of a formula (fol-csv.c), and only
   * that one: "'t Hart" from elsewhere keeps its apostrophe.
   */
  if (copy[0] == '\'' && copy[1] != '\0' && strchr (FOL_CSV_FORMULA_START "'", copy[1]) != NULL)
    memmove (copy, copy + 1, strlen (copy));
  if (copy[0] == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

gboolean
_fol_csv_cell_date (RowCtx        *row,
                    FolCsvColumn   column,
                    FolDate       *out,
                    GError       **error)
{
  g_autofree char *text = _fol_csv_cell_text (row, column);

  *out = FOL_DATE_NONE;
  if (text == NULL)
    return TRUE;
  if (!fol_date_parse (text, out, NULL))
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_DATE,
                   _("%s “%s” is not a date written YYYY-MM-DD"),
                   _fol_csv_column_name (column), text);
      return FALSE;
    }
  return TRUE;
}

gboolean
_fol_csv_cell_number (RowCtx        *row,
                      FolCsvColumn   column,
                      double        *out,
                      GError       **error)
{
  GError *local = NULL;

  if (!fol_csv_parse_number (_fol_csv_cell (row, column), out, &local))
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT,
                   "%s: %s", _fol_csv_column_name (column), local->message);
      g_error_free (local);
      return FALSE;
    }
  return TRUE;
}

gboolean
_fol_csv_cell_score (RowCtx        *row,
                     FolCsvColumn   column,
                     int           *out,
                     GError       **error)
{
  double value;

  if (!_fol_csv_cell_number (row, column, &value, error))
    return FALSE;
  if (isnan (value))
    {
      *out = FOL_NO_SCORE;
      return TRUE;
    }
  if (value != floor (value) || fabs (value) > 1000)
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT,
                   _("%s must be a whole number"), _fol_csv_column_name (column));
      return FALSE;
    }
  *out = (int) value;
  return TRUE;
}

/* A catalogue value by its code or its English label, any case. */
gboolean
_fol_csv_cell_choice (RowCtx        *row,
                      FolCsvColumn   column,
                      FolCatalog     catalog,
                      char         **out_code,
                      GError       **error)
{
  g_autofree char *text = _fol_csv_cell_text (row, column);
  const FolChoice *choices;
  guint n;

  *out_code = NULL;
  if (text == NULL)
    return TRUE;

  choices = fol_catalog_get (catalog, &n);
  for (guint i = 0; i < n; i++)
    if (g_ascii_strcasecmp (text, choices[i].code) == 0 ||
        g_ascii_strcasecmp (text, choices[i].label) == 0 ||
        g_strcmp0 (text, fol_catalog_label (catalog, choices[i].code)) == 0)
      {
        *out_code = g_strdup (choices[i].code);
        return TRUE;
      }

  g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT,
               _("%s “%s” is not one of the choices"), _fol_csv_column_name (column), text);
  return FALSE;
}

static gboolean
parse_region (const char *text,
              FolRegion  *out)
{
  g_autofree char *folded = NULL;

  if (fol_region_from_code (text, out))
    return TRUE;

  folded = g_utf8_casefold (text, -1);
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      g_autofree char *name = g_utf8_casefold (fol_region_name (r), -1);
      g_autofree char *short_name = g_utf8_casefold (fol_region_short_name (r), -1);
      g_autofree char *code = g_utf8_casefold (fol_region_code (r), -1);

      if (g_str_equal (folded, name) || g_str_equal (folded, short_name) || g_str_equal (folded, code))
        {
          *out = r;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
_fol_csv_cell_region (RowCtx     *row,
                      FolRegion  *out,
                      GError    **error)
{
  g_autofree char *text = _fol_csv_cell_text (row, FOL_CSV_COL_REGION);

  *out = FOL_REGION_NONE;
  if (text == NULL)
    return TRUE;
  if (!parse_region (text, out))
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT,
                   _("“%s” is not a scalp region"), text);
      return FALSE;
    }
  return TRUE;
}

/* Sessions */

gboolean
_fol_csv_parse_regions_list (const char  *text,
                             guint       *out,
                             GError     **error)
{
  g_auto(GStrv) parts = g_strsplit_set (text ? text : "", " ,;|", -1);

  *out = 0;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      FolRegion region;

      if (parts[i][0] == '\0')
        continue;
      if (!parse_region (parts[i], &region))
        {
          g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT,
                       _("“%s” is not a scalp region"), parts[i]);
          return FALSE;
        }
      *out |= FOL_REGION_BIT (region);
    }
  return TRUE;
}

/* One event a line: "severity: description"; a line without a known
 * severity is refused rather than guessed.
 */
gboolean
_fol_csv_parse_adverse_events (FolTreatmentSession  *session,
                               const char           *text,
                               GError              **error)
{
  g_auto(GStrv) lines = g_strsplit_set (text ? text : "", "\r\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *colon;
      int severity;

      if (line[0] == '\0')
        continue;
      colon = strchr (line, ':');
      if (colon != NULL)
        *colon = '\0';
      severity = colon ? fol_catalog_index (FOL_CATALOG_SEVERITY, g_strstrip (line)) : -1;
      if (severity < 0)
        {
          g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT,
                       _("Adverse event “%s” needs a severity: write “mild: …”, “moderate: …” or “severe: …”"),
                       line);
          return FALSE;
        }
      fol_treatment_session_add_adverse_event (session, g_strstrip (colon + 1), severity);
    }
  return TRUE;
}
