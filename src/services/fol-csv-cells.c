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

/* Reads "23/04/1978" (or with "." or "-") as three numbers: two of one or
 * two digits, then a year of four. */
static gboolean
split_spreadsheet_date (const char *text,
                        int        *out_a,
                        int        *out_b,
                        int        *out_year)
{
  int parts[3] = { 0, 0, 0 };
  char separator = '\0';
  const char *t = text;

  for (guint k = 0; k < 3; k++)
    {
      guint max = k == 2 ? 4 : 2, min = k == 2 ? 4 : 1, n = 0;

      while (n < max && g_ascii_isdigit (t[n]))
        parts[k] = parts[k] * 10 + (t[n++] - '0');
      if (n < min)
        return FALSE;
      t += n;
      if (k == 2)
        break;
      if (k == 0 && (*t == '/' || *t == '.' || *t == '-'))
        separator = *t;
      if (*t != separator)
        return FALSE;
      t++;
    }
  if (*t != '\0')
    return FALSE;
  *out_a = parts[0];
  *out_b = parts[1];
  *out_year = parts[2];
  return TRUE;
}

/* Whether the interface language writes the day before the month (the
 * format fol-date.c reads typed dates with: "%d.%m.%Y" in German). */
static gboolean
language_writes_day_first (void)
{
  const char *format = g_dpgettext2 (GETTEXT_PACKAGE, "date entry", "%Y-%m-%d");
  const char *day = strstr (format, "%d");
  const char *month = strstr (format, "%m");

  return day != NULL && month != NULL && day < month;
}

/* The line of the file where how to write dates was said, 0 if not yet:
 * said once for the file, not again on every row. */
static guint
date_help_line (RowCtx  *row,
                gboolean say_now)
{
  static GQuark quark;
  guint line;

  if (quark == 0)
    quark = g_quark_from_static_string ("fol-csv-date-help-line");
  line = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (row->self), quark));
  if (line == 0 && say_now)
    g_object_set_qdata (G_OBJECT (row->self), quark, GUINT_TO_POINTER (row->line));
  return line;
}

/* ISO 8601 as Follicle writes; the interface language's way (03.12.2026
 * in German); and day/month/year as spreadsheets write it, where it can
 * be read one way only: in a language that writes the day first, or with
 * a day over 12. A date that could be either is refused, never guessed. */
gboolean
_fol_csv_cell_date (RowCtx        *row,
                    FolCsvColumn   column,
                    FolDate       *out,
                    GError       **error)
{
  g_autofree char *text = _fol_csv_cell_text (row, column);
  const char *name = _fol_csv_column_name (column);
  int a, b, year, day = 0, month = 0;
  gboolean spreadsheet;
  guint said;

  *out = FOL_DATE_NONE;
  if (text == NULL)
    return TRUE;
  if (fol_date_parse (text, out, NULL) || fol_date_parse_entry (text, out, NULL))
    return TRUE;
  *out = FOL_DATE_NONE;

  /* Written as it should be, but no such day: 2026-02-30. */
  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-' &&
      strspn (text, "0123456789-") == 10)
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_DATE,
                   _("%s “%s” does not exist in the calendar"), name, text);
      return FALSE;
    }

  spreadsheet = split_spreadsheet_date (text, &a, &b, &year);
  if (spreadsheet && (language_writes_day_first () || (a > 12 && b <= 12)))
    day = a, month = b;
  else if (spreadsheet && b > 12 && a <= 12)
    day = b, month = a;

  if (day > 0)
    {
      if (year >= 1 && month >= 1 && month <= 12 && g_date_valid_dmy (day, month, year))
        {
          *out = fol_date_new (year, month, day);
          return TRUE;
        }
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_DATE,
                   _("%s “%s” does not exist in the calendar"), name, text);
      return FALSE;
    }

  said = date_help_line (row, TRUE);
  if (spreadsheet && said != 0)
    g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_DATE,
                 /* Translators: the line is where the file was told how to write dates */
                 _("%s “%s” could also be read either way: see line %u"), name, text, said);
  else if (said != 0)
    g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_DATE,
                 /* Translators: the line is where the file was told how to write dates */
                 _("%s “%s” is not a date either: see line %u"), name, text, said);
  else if (spreadsheet)
    g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_DATE,
                 _("%s “%s” could be day/month or month/day. Write the file’s dates as "
                   "YYYY-MM-DD (e.g. %04d-%02d-%02d); day/month/year is read as such when the "
                   "day is over 12"), name, text, year, b, a);
  else
    {
      g_autofree char *hint = fol_date_entry_hint ();

      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_DATE,
                   _("%s “%s” is not a date. Write the file’s dates as YYYY-MM-DD, e.g. %s"),
                   name, text, hint);
    }
  return FALSE;
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
  return fol_region_from_name (text, out);
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
