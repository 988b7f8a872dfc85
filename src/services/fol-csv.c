/* fol-csv.c
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

#define G_LOG_DOMAIN "fol-csv"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fol-csv-private.h"
#include "fol-figures.h"
#include "fol-file-writer.h"
#include "fol-i18n.h"

/* CSV as RFC 4180 writes it: fields separated by commas, records ended by
 * CRLF, a field quoted when it holds a comma, a quote, CR or LF, quotes
 * inside doubled; UTF-8.
 *
 * A file starts with a UTF-8 byte-order mark: without it Excel reads a
 * .csv in the Windows code page and garbles every "é". Standard output
 * gets none, for the tools a pipe leads to (awk, Python's csv, R), which
 * would glue it to the first header name.
 * Reading, a BOM is skipped, and ";" (what spreadsheets write where the
 * comma is the decimal mark) or a tab is accepted as the separator.
 *
 * Layout: one header row; one row per visit and region (the layout clinics
 * keep in spreadsheets), with the patient's and the visit's columns
 * repeated. A "record" column says what each row is: "patient" (also a
 * patient with no visit yet), "site" (where a region is measured),
 * "measurement" (a visit and one region; the region is empty for a visit
 * with no count), "session" (a treatment session), "protocol" (a treatment
 * protocol of the clinic, its steps in the text of
 * fol_protocol_steps_to_text()) or "assignment" (a patient following a
 * protocol from a start date). Units are in the
 * header names; dates are ISO 8601 (YYYY-MM-DD).
 */

G_DEFINE_QUARK (fol-csv-error-quark, fol_csv_error)

#define FOL_CSV_BOM "\xef\xbb\xbf"

static const struct
{
  const char *name;
  const char *aliases;  /* normalized, separated by | */
} columns[FOL_CSV_N_COLUMNS] = {
  { "record", "record_type|type|row_type" },
  { "patient_id", "patient_uuid" },
  { "patient_name", "patient|name|full_name" },
  { "birth_date", "date_of_birth|dob|birthdate|born" },
  { "sex", "gender" },
  { "diagnosis", "" },
  { "patient_notes", "" },
  { "visit_id", "" },
  { "visit_date", "date|visit|date_of_visit" },
  { "visit_kind", "kind|visit_type" },
  { "visit_clinician", "clinician|examiner" },
  { "norwood", "norwood_hamilton|hamilton_norwood" },
  { "ludwig", "" },
  { "sinclair", "" },
  { "salt_top_percent", "salt_top" },
  { "salt_back_percent", "salt_back" },
  { "salt_right_percent", "salt_right" },
  { "salt_left_percent", "salt_left" },
  { "aa_iga_grade", "aa_iga|alopecia_areata_iga" },
  { "investigator_assessment", "investigator_global_assessment|iga" },
  { "patient_assessment", "patient_self_assessment|self_assessment" },
  { "visit_notes", "" },
  { "region", "scalp_region|area|zone" },
  { "site_description", "site" },
  /* The measurement fields' columns: fol-measure-field.c */
  [FOL_CSV_COL_METHOD] =
  { "method", "" },
  { "measurement_notes", "notes" },
  { "session_id", "" },
  { "session_date", "treatment_date" },
  { "treatment_type", "treatment" },
  { "product", "" },
  { "lot_number", "lot|batch" },
  { "volume_ml", "volume" },
  { "dose", "" },
  { "depth_mm", "injection_depth_mm|depth" },
  { "anaesthesia", "anesthesia" },
  { "session_clinician", "" },
  { "regions_treated", "treated_regions" },
  { "adverse_events", "adverse_event" },
  { "session_notes", "" },
  { "protocol_id", "" },
  { "protocol_name", "protocol|treatment_protocol" },
  { "protocol_description", "" },
  { "protocol_example", "" },
  { "protocol_steps", "" },
  { "assignment_id", "" },
  { "protocol_start_date", "plan_start_date|start_date" },
  { "hairs_per_fu", "hairs_per_follicular_unit" },
};

static const FolMeasurementField *
column_field (FolCsvColumn column)
{
  if (column >= FOL_CSV_COL_MEASURE_FIRST && column < FOL_CSV_COL_METHOD)
    return fol_measurement_field (column - FOL_CSV_COL_MEASURE_FIRST);
  return NULL;
}

const char *
_fol_csv_column_name (FolCsvColumn column)
{
  const FolMeasurementField *field = column_field (column);

  g_return_val_if_fail (column < FOL_CSV_N_COLUMNS, NULL);
  return field ? field->csv_column : columns[column].name;
}

/* "Total density (hairs/cm²)" → "total_density_hairs_cm2": lower case,
 * anything else than a letter or digit becomes one underscore, "²" is 2.
 */
static char *
normalize_header (const char *header)
{
  GString *out = g_string_new (NULL);

  for (const char *p = header; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x00b2)
        c = '2';
      else if (c == 0x00b5 || c == 0x03bc)
        c = 'u';

      if (c < 128 && g_ascii_isalnum (c))
        g_string_append_c (out, g_ascii_tolower (c));
      else if (out->len > 0 && out->str[out->len - 1] != '_')
        g_string_append_c (out, '_');
    }
  while (out->len > 0 && out->str[out->len - 1] == '_')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

gboolean
_fol_csv_column_match (const char   *header,
                       FolCsvColumn *out_column)
{
  g_autofree char *key = normalize_header (header);

  for (guint i = 0; i < FOL_CSV_N_COLUMNS; i++)
    {
      const FolMeasurementField *field = column_field (i);
      g_auto(GStrv) aliases = NULL;

      if (g_str_equal (key, _fol_csv_column_name (i)))
        {
          *out_column = i;
          return TRUE;
        }

      aliases = g_strsplit (field ? field->csv_aliases : columns[i].aliases, "|", -1);
      for (guint a = 0; aliases[a] != NULL; a++)
        if (aliases[a][0] != '\0' && g_str_equal (key, aliases[a]))
          {
            *out_column = i;
            return TRUE;
          }
    }

  return FALSE;
}

/* Parsing */

static gboolean
field_done (GPtrArray  *fields,
            GString    *field,
            GError    **error)
{
  if (!g_utf8_validate_len (field->str, field->len, NULL))
    {
      g_set_error (error, FOL_CSV_ERROR, FOL_CSV_ERROR_ENCODING,
                   _("The text is not UTF-8; save the file as “CSV, UTF-8”"));
      return FALSE;
    }
  if (fields->len >= FOL_CSV_MAX_FIELDS)
    {
      g_set_error (error, FOL_CSV_ERROR, FOL_CSV_ERROR_TOO_LARGE,
                   _("The row has more than %u fields"), FOL_CSV_MAX_FIELDS);
      return FALSE;
    }
  g_ptr_array_add (fields, g_strndup (field->str, field->len));
  g_string_truncate (field, 0);
  return TRUE;
}

/**
 * fol_csv_parse_record:
 * @data: the whole text, not necessarily NUL-terminated
 * @length: its length in bytes
 * @pos: (inout): where the record starts; on return, where the next one does
 * @separator: ',' ';' or '\t'
 * @fields: (element-type utf8): emptied, then filled with the record's fields
 * @lines: (inout) (optional): the line number, advanced by the line breaks
 *   read, those inside quoted fields included
 *
 * Reads one RFC 4180 record. Line ends may be CRLF, LF or CR. A quoted
 * field may hold separators, quotes (doubled) and line breaks. Every read
 * is bounds-checked against @length; fields are at most
 * %FOL_CSV_MAX_FIELD_BYTES, records at most %FOL_CSV_MAX_FIELDS fields.
 *
 * Returns: %TRUE when a record was read; %FALSE at the end of @data
 *   (@error unset) or on malformed input (@error set, @pos past the bad
 *   record so that reading can go on; the record began on the line @lines
 *   held on entry). A quote never closed ends the bad record with the line
 *   it opened on, and its message names that line.
 */
gboolean
fol_csv_parse_record (const char  *data,
                      gsize        length,
                      gsize       *pos,
                      char         separator,
                      GPtrArray   *fields,
                      guint       *lines,
                      GError     **error)
{
  g_autoptr(GString) field = g_string_new (NULL);
  guint line = lines ? *lines : 1;
  guint quote_line = line;   /* where the last quoted field opened */
  gsize quote_pos = 0;
  gsize i;
  gboolean quoted = FALSE;
  gboolean after_quote = FALSE;
  gboolean failed = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (pos != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_ptr_array_set_size (fields, 0);
  i = *pos;
  if (i >= length)
    return FALSE;

  while (i < length)
    {
      char c = data[i];

      if (field->len > FOL_CSV_MAX_FIELD_BYTES && !failed)
        {
          g_set_error (error, FOL_CSV_ERROR, FOL_CSV_ERROR_TOO_LARGE,
                       _("A field is longer than %u bytes"), FOL_CSV_MAX_FIELD_BYTES);
          failed = TRUE;
          g_string_truncate (field, 0);
        }

      if (quoted)
        {
          if (c == '"')
            {
              if (i + 1 < length && data[i + 1] == '"')
                {
                  g_string_append_c (field, '"');
                  i += 2;
                  continue;
                }
              quoted = FALSE;
              after_quote = TRUE;
              i++;
              continue;
            }
          if (c == '\n' || (c == '\r' && !(i + 1 < length && data[i + 1] == '\n')))
            line++;
          if (!failed)
            g_string_append_c (field, c);
          i++;
          continue;
        }

      if (c == separator)
        {
          if (!failed && !field_done (fields, field, error))
            failed = TRUE;
          after_quote = FALSE;
          i++;
          continue;
        }

      if (c == '\r' || c == '\n')
        {
          i += (c == '\r' && i + 1 < length && data[i + 1] == '\n') ? 2 : 1;
          line++;
          goto end_of_record;
        }

      if (after_quote)
        {
          if (!failed && quote_line != line)
            g_set_error (error, FOL_CSV_ERROR, FOL_CSV_ERROR_SYNTAX,
                         _("Text after the closing quote of a field: the quote opened on line %u "
                           "closes only on line %u"), quote_line, line);
          else if (!failed)
            g_set_error (error, FOL_CSV_ERROR, FOL_CSV_ERROR_SYNTAX,
                         _("Text after the closing quote of a field"));
          failed = TRUE;
          i++;
          continue;
        }

      if (c == '"' && field->len == 0)
        {
          quoted = TRUE;
          quote_line = line;
          quote_pos = i;
          i++;
          continue;
        }

      /* A quote inside an unquoted field is kept as it is, as spreadsheets do. */
      if (!failed)
        g_string_append_c (field, c);
      i++;
    }

  /* A quote never closed would take the rest of the file into one field:
   * the record ends with the line the quote opened on, and reading goes
   * on with the next, so that no row after it goes unread. */
  if (quoted)
    {
      if (!failed)
        g_set_error (error, FOL_CSV_ERROR, FOL_CSV_ERROR_SYNTAX,
                     _("The quote opened on line %u is never closed"), quote_line);
      failed = TRUE;
      for (i = quote_pos; i < length && data[i] != '\r' && data[i] != '\n'; i++)
        ;
      if (i < length)
        i += (data[i] == '\r' && i + 1 < length && data[i + 1] == '\n') ? 2 : 1;
      line = quote_line + 1;
    }

end_of_record:
  *pos = i;
  if (lines)
    *lines = line;

  if (failed)
    {
      g_ptr_array_set_size (fields, 0);
      return FALSE;
    }

  if (!field_done (fields, field, error))
    {
      g_ptr_array_set_size (fields, 0);
      return FALSE;
    }
  return TRUE;
}

/**
 * fol_csv_detect_separator:
 *
 * Returns: the separator of the first record: the most frequent of ',',
 *   ';' and tab outside quotes; ',' when none is found
 */
char
fol_csv_detect_separator (const char *data,
                          gsize       length)
{
  guint commas = 0, semicolons = 0, tabs = 0;
  gboolean quoted = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (c == '\r' || c == '\n')
        break;
      else if (c == ',')
        commas++;
      else if (c == ';')
        semicolons++;
      else if (c == '\t')
        tabs++;
    }

  if (semicolons > commas && semicolons >= tabs)
    return ';';
  if (tabs > commas && tabs > semicolons)
    return '\t';
  return ',';
}

/* Quotes a field when it must be. */
void
fol_csv_append_field (GString    *out,
                      const char *field,
                      char        separator)
{
  g_return_if_fail (out != NULL);

  if (field == NULL)
    return;

  if (strchr (field, separator) == NULL && strpbrk (field, "\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * fol_csv_parse_number:
 * @out_value: (out): the number, NaN for an empty field
 *
 * Reads a number with "." or "," as the decimal mark ("142.5", "142,5").
 * Thousands separators, units and anything but one number are refused.
 */
gboolean
fol_csv_parse_number (const char  *text,
                      double      *out_value,
                      GError     **error)
{
  g_autofree char *copy = NULL;
  char *end = NULL;
  double value;
  char *comma;

  g_return_val_if_fail (out_value != NULL, FALSE);

  *out_value = NAN;
  if (text == NULL)
    return TRUE;

  copy = g_strstrip (g_strdup (text));
  if (copy[0] == '\0')
    return TRUE;

  comma = strchr (copy, ',');
  if (comma != NULL)
    {
      if (strchr (copy, '.') != NULL || strchr (comma + 1, ',') != NULL)
        goto invalid;
      *comma = '.';
    }

  for (const char *p = copy; *p; p++)
    if (!g_ascii_isdigit (*p) && *p != '.' && *p != '-' && *p != '+' && *p != 'e' && *p != 'E')
      goto invalid;

  errno = 0;
  value = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0' || errno != 0 || !isfinite (value))
    goto invalid;

  *out_value = value;
  return TRUE;

invalid:
  g_set_error (error, FOL_CSV_ERROR, FOL_CSV_ERROR_SYNTAX,
               _("“%s” is not a number"), text);
  return FALSE;
}

/* Export */

/* The shortest text that reads back as the same double. */
static char *
format_double (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return NULL;

  for (int precision = 6; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  return g_strdup (buf);
}

static char *
format_score (int value)
{
  return value == FOL_NO_SCORE ? NULL : g_strdup_printf ("%d", value);
}

typedef struct
{
  char *cells[FOL_CSV_N_COLUMNS];
} Row;

static void
row_clear (Row *row)
{
  for (guint i = 0; i < FOL_CSV_N_COLUMNS; i++)
    g_clear_pointer (&row->cells[i], g_free);
}

static void
row_set (Row          *row,
         FolCsvColumn  column,
         char         *value)  /* takes */
{
  g_free (row->cells[column]);
  row->cells[column] = value;
}

/* OWASP's advice against CSV injection: text that a spreadsheet would run
 * as a formula (starting with =, +, -, @, a tab or a carriage return) is
 * written after a single quote, and so is text that already starts with
 * one; reading takes exactly that quote off again (_fol_csv_cell_text), so
 * that an export imports back as it was. Numbers are never text here: a
 * negative score stays a number.
 */
static void
row_set_text (Row          *row,
              FolCsvColumn  column,
              const char   *text)
{
  if (text != NULL && text[0] != '\0' && strchr (FOL_CSV_FORMULA_START "'", text[0]) != NULL)
    row_set (row, column, g_strconcat ("'", text, NULL));
  else
    row_set (row, column, g_strdup (text));
}

static void
row_write (Row     *row,
           GString *out)
{
  for (guint i = 0; i < FOL_CSV_N_COLUMNS; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      fol_csv_append_field (out, row->cells[i], ',');
    }
  g_string_append (out, "\r\n");
  row_clear (row);
}

static void
row_patient (Row        *row,
             FolPatient *p)
{
  row_set_text (row, FOL_CSV_COL_PATIENT_ID, fol_patient_get_id (p));
  row_set_text (row, FOL_CSV_COL_PATIENT_NAME, fol_patient_get_name (p));
  row_set (row, FOL_CSV_COL_BIRTH_DATE, fol_date_to_iso (fol_patient_get_birth_date (p)));
  row_set (row, FOL_CSV_COL_SEX, g_strdup (fol_patient_get_sex (p)));
  row_set (row, FOL_CSV_COL_DIAGNOSIS, g_strdup (fol_patient_get_diagnosis (p)));
  row_set_text (row, FOL_CSV_COL_PATIENT_NOTES, fol_patient_get_notes (p));
}

static void
row_visit (Row      *row,
           FolVisit *v)
{
  row_set_text (row, FOL_CSV_COL_VISIT_ID, fol_visit_get_id (v));
  row_set (row, FOL_CSV_COL_VISIT_DATE, fol_date_to_iso (fol_visit_get_date (v)));
  row_set (row, FOL_CSV_COL_VISIT_KIND, g_strdup (fol_visit_get_kind (v)));
  row_set_text (row, FOL_CSV_COL_VISIT_CLINICIAN, fol_visit_get_clinician (v));
  row_set (row, FOL_CSV_COL_NORWOOD, g_strdup (fol_visit_get_norwood (v)));
  row_set (row, FOL_CSV_COL_LUDWIG, g_strdup (fol_visit_get_ludwig (v)));
  row_set (row, FOL_CSV_COL_SINCLAIR, format_score (fol_visit_get_sinclair (v)));
  row_set (row, FOL_CSV_COL_SALT_TOP, format_score (fol_visit_get_salt_top (v)));
  row_set (row, FOL_CSV_COL_SALT_BACK, format_score (fol_visit_get_salt_back (v)));
  row_set (row, FOL_CSV_COL_SALT_RIGHT, format_score (fol_visit_get_salt_right (v)));
  row_set (row, FOL_CSV_COL_SALT_LEFT, format_score (fol_visit_get_salt_left (v)));
  row_set (row, FOL_CSV_COL_AA_IGA, format_score (fol_visit_get_aa_iga (v)));
  row_set (row, FOL_CSV_COL_INVESTIGATOR_ASSESSMENT,
           format_score (fol_visit_get_investigator_assessment (v)));
  row_set (row, FOL_CSV_COL_PATIENT_ASSESSMENT, format_score (fol_visit_get_patient_assessment (v)));
  row_set_text (row, FOL_CSV_COL_VISIT_NOTES, fol_visit_get_notes (v));
}

/**
 * fol_csv_format_hairs_per_fu:
 *
 * Hairs per follicular unit as the CSV writes it: total density / FU
 * density with two decimals, or %NULL when either is missing.
 */
char *
fol_csv_format_hairs_per_fu (FolMeasurement *m)
{
  double value = fol_figures_hairs_per_fu (fol_measurement_get_total_density (m),
                                           fol_measurement_get_fu_density (m));
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return NULL;
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2f", value));
}

static void
row_measurement (Row            *row,
                 FolMeasurement *m)
{
  row_set (row, FOL_CSV_COL_REGION, g_strdup (fol_region_code (fol_measurement_get_region (m))));
  for (guint i = 0; i < FOL_N_MEASURE_FIELDS; i++)
    row_set (row, FOL_CSV_COL_MEASURE_FIRST + i,
             format_double (fol_measurement_field (i)->get (m)));
  row_set (row, FOL_CSV_COL_METHOD, g_strdup (fol_measurement_get_method (m)));
  row_set_text (row, FOL_CSV_COL_MEASUREMENT_NOTES, fol_measurement_get_notes (m));
  row_set (row, FOL_CSV_COL_HAIRS_PER_FU, fol_csv_format_hairs_per_fu (m));
}

static const char *severity_codes[FOL_N_SEVERITIES] = { "mild", "moderate", "severe" };

static void
row_session (Row                 *row,
             FolTreatmentSession *s)
{
  GString *regions = g_string_new (NULL);
  GString *events = g_string_new (NULL);
  guint mask = fol_treatment_session_get_regions (s);

  row_set_text (row, FOL_CSV_COL_SESSION_ID, fol_treatment_session_get_id (s));
  row_set (row, FOL_CSV_COL_SESSION_DATE, fol_date_to_iso (fol_treatment_session_get_date (s)));
  row_set (row, FOL_CSV_COL_TREATMENT_TYPE, g_strdup (fol_treatment_session_get_treatment_type (s)));
  row_set_text (row, FOL_CSV_COL_PRODUCT, fol_treatment_session_get_product (s));
  row_set_text (row, FOL_CSV_COL_LOT_NUMBER, fol_treatment_session_get_lot_number (s));
  row_set (row, FOL_CSV_COL_VOLUME, format_double (fol_treatment_session_get_volume_ml (s)));
  row_set_text (row, FOL_CSV_COL_DOSE, fol_treatment_session_get_dose (s));
  row_set (row, FOL_CSV_COL_DEPTH, format_double (fol_treatment_session_get_depth_mm (s)));
  row_set_text (row, FOL_CSV_COL_ANAESTHESIA, fol_treatment_session_get_anaesthesia (s));
  row_set_text (row, FOL_CSV_COL_SESSION_CLINICIAN, fol_treatment_session_get_clinician (s));
  row_set_text (row, FOL_CSV_COL_SESSION_NOTES, fol_treatment_session_get_notes (s));

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    if (mask & FOL_REGION_BIT (r))
      g_string_append_printf (regions, "%s%s", regions->len ? " " : "", fol_region_code (r));
  row_set (row, FOL_CSV_COL_REGIONS_TREATED, g_string_free (regions, regions->len == 0));

  /* One event a line, "severity: description". */
  for (guint i = 0; i < fol_treatment_session_get_n_adverse_events (s); i++)
    {
      FolSeverity severity = FOL_SEVERITY_MILD;
      const char *description = fol_treatment_session_get_adverse_event (s, i, &severity);

      g_string_append_printf (events, "%s%s: %s", events->len ? "\n" : "",
                              severity_codes[MIN (severity, FOL_SEVERITY_SEVERE)], description);
    }
  row_set_text (row, FOL_CSV_COL_ADVERSE_EVENTS, events->len ? events->str : NULL);
  g_string_free (events, TRUE);
}

static void
row_protocol (Row         *row,
              FolProtocol *protocol)
{
  row_set_text (row, FOL_CSV_COL_PROTOCOL_ID, fol_protocol_get_id (protocol));
  row_set_text (row, FOL_CSV_COL_PROTOCOL_NAME, fol_protocol_get_name (protocol));
}

static void
export_protocol (FolProtocol *protocol,
                 GString     *out)
{
  Row row = { { NULL } };

  row_set (&row, FOL_CSV_COL_RECORD, g_strdup ("protocol"));
  row_protocol (&row, protocol);
  row_set_text (&row, FOL_CSV_COL_PROTOCOL_DESCRIPTION, fol_protocol_get_description (protocol));
  row_set (&row, FOL_CSV_COL_PROTOCOL_EXAMPLE,
           g_strdup (fol_protocol_get_example (protocol) ? "yes" : "no"));
  row_set (&row, FOL_CSV_COL_PROTOCOL_STEPS, fol_protocol_steps_to_text (protocol));
  row_write (&row, out);
}

static FolProtocol *
find_protocol (GPtrArray  *protocols,
               const char *id)
{
  for (guint i = 0; i < protocols->len; i++)
    if (g_strcmp0 (fol_protocol_get_id (protocols->pdata[i]), id) == 0)
      return protocols->pdata[i];
  return NULL;
}

/* The protocols: all of the clinic's, or those @patient_id follows. */
static gboolean
export_protocols (FolStore    *store,
                  const char  *patient_id,
                  GPtrArray   *protocols,
                  GString     *out,
                  GError     **error)
{
  g_autoptr(GPtrArray) assignments = NULL;
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);

  if (patient_id == NULL)
    {
      for (guint i = 0; i < protocols->len; i++)
        export_protocol (protocols->pdata[i], out);
      return TRUE;
    }

  assignments = fol_store_list_assignments (store, patient_id, error);
  if (assignments == NULL)
    return FALSE;
  for (guint i = 0; i < assignments->len; i++)
    {
      const char *id = fol_protocol_assignment_get_protocol_id (assignments->pdata[i]);
      FolProtocol *protocol = find_protocol (protocols, id);

      if (protocol != NULL && g_hash_table_add (done, (gpointer) id))
        export_protocol (protocol, out);
    }
  return TRUE;
}

static gboolean
export_assignments (FolStore    *store,
                    FolPatient  *patient,
                    GPtrArray   *protocols,
                    GString     *out,
                    GError     **error)
{
  g_autoptr(GPtrArray) assignments = fol_store_list_assignments (store,
                                                                 fol_patient_get_id (patient),
                                                                 error);
  Row row = { { NULL } };

  if (assignments == NULL)
    return FALSE;
  for (guint i = 0; i < assignments->len; i++)
    {
      FolProtocolAssignment *a = assignments->pdata[i];
      FolProtocol *protocol = find_protocol (protocols, fol_protocol_assignment_get_protocol_id (a));

      row_set (&row, FOL_CSV_COL_RECORD, g_strdup ("assignment"));
      row_patient (&row, patient);
      if (protocol != NULL)
        row_protocol (&row, protocol);
      else
        row_set_text (&row, FOL_CSV_COL_PROTOCOL_ID, fol_protocol_assignment_get_protocol_id (a));
      row_set_text (&row, FOL_CSV_COL_ASSIGNMENT_ID, fol_protocol_assignment_get_id (a));
      row_set (&row, FOL_CSV_COL_PROTOCOL_START_DATE,
               fol_date_to_iso (fol_protocol_assignment_get_start_date (a)));
      row_write (&row, out);
    }
  return TRUE;
}

static gboolean
export_patient (FolStore    *store,
                const char  *patient_id,
                GPtrArray   *protocols,
                GString     *out,
                GError     **error)
{
  g_autoptr(FolHistory) history = fol_store_load_history (store, patient_id, error);
  FolPatient *patient;
  Row row = { { NULL } };

  if (history == NULL)
    return FALSE;

  patient = fol_history_get_patient (history);

  row_set (&row, FOL_CSV_COL_RECORD, g_strdup ("patient"));
  row_patient (&row, patient);
  row_write (&row, out);

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      const char *site = fol_patient_get_site (patient, r);

      if (site == NULL)
        continue;
      row_set (&row, FOL_CSV_COL_RECORD, g_strdup ("site"));
      row_patient (&row, patient);
      row_set (&row, FOL_CSV_COL_REGION, g_strdup (fol_region_code (r)));
      row_set_text (&row, FOL_CSV_COL_SITE, site);
      row_write (&row, out);
    }

  for (guint v = 0; v < fol_history_get_n_visits (history); v++)
    {
      FolVisit *visit = fol_history_get_visit (history, v);
      gboolean any = FALSE;

      for (guint r = 0; r < FOL_N_REGIONS; r++)
        {
          FolMeasurement *m = fol_history_get_measurement (history, v, r);

          if (m == NULL)
            continue;
          row_set (&row, FOL_CSV_COL_RECORD, g_strdup ("measurement"));
          row_patient (&row, patient);
          row_visit (&row, visit);
          row_measurement (&row, m);
          row_write (&row, out);
          any = TRUE;
        }

      if (!any)
        {
          row_set (&row, FOL_CSV_COL_RECORD, g_strdup ("measurement"));
          row_patient (&row, patient);
          row_visit (&row, visit);
          row_write (&row, out);
        }
    }

  for (guint s = 0; s < fol_history_get_n_sessions (history); s++)
    {
      row_set (&row, FOL_CSV_COL_RECORD, g_strdup ("session"));
      row_patient (&row, patient);
      row_session (&row, fol_history_get_session (history, s));
      row_write (&row, out);
    }

  return export_assignments (store, patient, protocols, out, error);
}

/**
 * fol_csv_export_to_string:
 * @store: the clinic
 * @patient_id: (nullable): one patient, or %NULL for the whole clinic
 *
 * Returns: (transfer full): the CSV text
 */
char *
fol_csv_export_to_string (FolStore    *store,
                          const char  *patient_id,
                          GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) protocols = NULL;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < FOL_CSV_N_COLUMNS; i++)
    g_string_append_printf (out, "%s%s", i ? "," : "", _fol_csv_column_name (i));
  g_string_append (out, "\r\n");

  protocols = fol_store_list_protocols (store, error);
  if (protocols == NULL || !export_protocols (store, patient_id, protocols, out, error))
    return NULL;

  if (patient_id != NULL)
    {
      if (!export_patient (store, patient_id, protocols, out, error))
        return NULL;
    }
  else
    {
      g_autoptr(GPtrArray) ids = fol_store_list_patient_ids (store, error);

      if (ids == NULL)
        return NULL;
      for (guint i = 0; i < ids->len; i++)
        if (!export_patient (store, g_ptr_array_index (ids, i), protocols, out, error))
          return NULL;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * fol_csv_export:
 *
 * Writes the CSV file, after a UTF-8 byte-order mark, complete or not at
 * all (see #FolFileWriter), readable by the owner only.
 */
gboolean
fol_csv_export (FolStore    *store,
                const char  *patient_id,
                const char  *path,
                GError     **error)
{
  g_autoptr(FolFileWriter) writer = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (FOL_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_filename_display_name (path);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder: give the file’s name, e.g. clinic.csv"), name);
      return FALSE;
    }

  if (!fol_file_check_output_path (path, error))
    return FALSE;

  text = fol_csv_export_to_string (store, patient_id, error);
  if (text == NULL)
    return FALSE;

  writer = fol_file_writer_new (path, error);
  return writer != NULL &&
         fol_file_writer_write (writer, FOL_CSV_BOM, strlen (FOL_CSV_BOM), error) &&
         fol_file_writer_write (writer, text, strlen (text), error) &&
         fol_file_writer_commit (writer, error);
}

/**
 * fol_csv_export_to_stdout:
 *
 * As fol_csv_export(), to standard output.
 */
gboolean
fol_csv_export_to_stdout (FolStore    *store,
                          const char  *patient_id,
                          GError     **error)
{
  g_autoptr(FolFileWriter) writer = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (FOL_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = fol_csv_export_to_string (store, patient_id, error);
  if (text == NULL)
    return FALSE;

  writer = fol_file_writer_new_stdout ();
  return fol_file_writer_write (writer, text, strlen (text), error) &&
         fol_file_writer_commit (writer, error);
}
