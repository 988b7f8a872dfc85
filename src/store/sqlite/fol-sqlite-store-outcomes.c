/* fol-sqlite-store-outcomes.c
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

#define G_LOG_DOMAIN "fol-sqlite-store-outcomes"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-sqlite-store-private.h"

/* Clinic outcomes: two ordered passes, merged by patient ID. The courses
 * are grouped by the database from treatment_sessions (read in the order
 * of treatment_sessions_by_patient) with their adverse events; the values
 * come from visits_by_patient joined to each visit's measurement of the
 * region by its primary key. Both are read in one read transaction, so
 * that they agree.
 */

/* Adverse events are counted per session first, so that the join gives
 * one row per session and count (*) counts sessions without a sort.
 */
static const char courses_sql[] =
  "SELECT s.patient_id, p.sex, p.diagnosis, p.birth_date, s.treatment_type, s.product,"
  "  min (s.session_date), count (*),"
  "  coalesce (sum (a.mild), 0), coalesce (sum (a.moderate), 0), coalesce (sum (a.severe), 0)"
  " FROM treatment_sessions s JOIN patients p ON p.id = s.patient_id"
  " LEFT JOIN (SELECT session_id,"
  "              count (*) FILTER (WHERE severity = 'mild') AS mild,"
  "              count (*) FILTER (WHERE severity = 'moderate') AS moderate,"
  "              count (*) FILTER (WHERE severity = 'severe') AS severe"
  "            FROM adverse_events GROUP BY session_id) a ON a.session_id = s.id"
  " WHERE (?1 IS NULL OR s.treatment_type = ?1) AND (?2 IS NULL OR p.diagnosis = ?2)"
  "  AND (?3 IS NULL OR p.sex = ?3)"
  " GROUP BY s.patient_id, s.treatment_type, s.product"
  " ORDER BY s.patient_id, 7, s.treatment_type, s.product";

/* The value of each measure, as SQL over a visit v and its measurement m:
 * NULL when missing, so that the row is left out.
 */
static const char *
value_sql (FolMeasure measure)
{
  switch (measure)
    {
    case FOL_MEASURE_TOTAL_DENSITY:
      return "m.total_density";
    case FOL_MEASURE_TERMINAL_DENSITY:
      return "m.terminal_density";
    case FOL_MEASURE_VELLUS_DENSITY:
      return "m.vellus_density";
    case FOL_MEASURE_MEAN_DIAMETER:
      return "m.mean_diameter_um";
    case FOL_MEASURE_CUMULATIVE_THICKNESS:
      return "m.total_density * m.mean_diameter_um / 1000.0";
    case FOL_MEASURE_ANAGEN:
      return "m.anagen_percent";
    case FOL_MEASURE_FU_DENSITY:
      return "m.fu_density";
    case FOL_MEASURE_HAIR_COUNT:
      return "m.hair_count";
    case FOL_MEASURE_SALT:
      /* Exact: a sum of whole percents × weights, in hundredths */
      return "(40 * v.salt_top + 24 * v.salt_back + 18 * v.salt_right + 18 * v.salt_left) / 100.0";
    case FOL_N_MEASURES:
    default:
      g_assert_not_reached ();
    }
}

static sqlite3_stmt *
prepare_values (FolSqliteStore         *self,
                const FolOutcomeQuery  *query,
                GError                **error)
{
  g_autofree char *sql = NULL;
  const char *value = value_sql (query->measure);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (query->measure == FOL_MEASURE_SALT)
    sql = g_strdup_printf ("SELECT v.patient_id, v.visit_date, %s FROM visits v"
                           " WHERE %s IS NOT NULL ORDER BY v.patient_id, v.visit_date",
                           value, value);
  else
    sql = g_strdup_printf ("SELECT v.patient_id, v.visit_date, %s FROM visits v"
                           " JOIN measurements m ON m.visit_id = v.id AND m.region = ?1"
                           " WHERE %s IS NOT NULL ORDER BY v.patient_id, v.visit_date",
                           value, value);

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _fol_sqlite_fail (self, rc, error);
      return NULL;
    }
  if (query->measure != FOL_MEASURE_SALT)
    sqlite3_bind_text (stmt, 1, fol_region_code (query->region), -1, SQLITE_STATIC);
  return stmt;
}

static void
clear_courses (GArray *courses)
{
  for (guint i = 0; i < courses->len; i++)
    {
      FolOutcomeCourse *c = &g_array_index (courses, FolOutcomeCourse, i);

      g_free ((char *) c->treatment_type);
      g_free ((char *) c->product);
    }
  g_array_set_size (courses, 0);
}

static gboolean
scan (FolSqliteStore         *self,
      const FolOutcomeQuery  *query,
      FolOutcomeFunc          func,
      gpointer                user_data,
      GError                **error)
{
  g_autoptr(GArray) courses = g_array_new (FALSE, TRUE, sizeof (FolOutcomeCourse));
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (FolSample));
  /* The patient's own texts, kept between patients rather than copied anew */
  g_autoptr(GString) patient_id = g_string_new (NULL);
  g_autoptr(GString) sex = g_string_new (NULL);
  g_autoptr(GString) diagnosis = g_string_new (NULL);
  sqlite3_stmt *cstmt = NULL, *vstmt = NULL;
  gboolean ok = FALSE;
  int crc, vrc;

  cstmt = _fol_sqlite_prepare (self, courses_sql, error);
  if (cstmt == NULL)
    return FALSE;
  _fol_sqlite_bind_text (cstmt, 1, query->treatment_type);
  _fol_sqlite_bind_text (cstmt, 2, query->diagnosis);
  _fol_sqlite_bind_text (cstmt, 3, query->sex);

  vstmt = prepare_values (self, query, error);
  if (vstmt == NULL)
    {
      sqlite3_reset (cstmt);
      return FALSE;
    }

  crc = sqlite3_step (cstmt);
  vrc = sqlite3_step (vstmt);
  while (crc == SQLITE_ROW)
    {
      const char *text_sex = _fol_sqlite_column_text (cstmt, 1);
      const char *text_diagnosis = _fol_sqlite_column_text (cstmt, 2);
      gboolean has_sex = text_sex != NULL, has_diagnosis = text_diagnosis != NULL;
      FolOutcomePatient patient = { 0 };

      g_string_assign (patient_id, _fol_sqlite_column_text (cstmt, 0));
      g_string_assign (sex, has_sex ? text_sex : "");
      g_string_assign (diagnosis, has_diagnosis ? text_diagnosis : "");

      patient.birth_date = _fol_sqlite_column_date (cstmt, 3);

      /* This patient's courses */
      clear_courses (courses);
      while (crc == SQLITE_ROW && g_strcmp0 (_fol_sqlite_column_text (cstmt, 0), patient_id->str) == 0)
        {
          FolOutcomeCourse c = { 0 };

          c.treatment_type = g_strdup (_fol_sqlite_column_text (cstmt, 4));
          c.product = g_strdup (_fol_sqlite_column_text (cstmt, 5));
          c.first_session = _fol_sqlite_column_date (cstmt, 6);
          c.n_sessions = sqlite3_column_int (cstmt, 7);
          for (guint s = 0; s < FOL_N_SEVERITIES; s++)
            c.n_adverse[s] = sqlite3_column_int (cstmt, 8 + s);
          g_array_append_val (courses, c);
          crc = sqlite3_step (cstmt);
        }

      /* Values of patients without a course are passed over */
      while (vrc == SQLITE_ROW && strcmp (_fol_sqlite_column_text (vstmt, 0), patient_id->str) < 0)
        vrc = sqlite3_step (vstmt);
      g_array_set_size (samples, 0);
      while (vrc == SQLITE_ROW && strcmp (_fol_sqlite_column_text (vstmt, 0), patient_id->str) == 0)
        {
          FolSample sample;

          sample.date = _fol_sqlite_column_date (vstmt, 1);
          sample.value = sqlite3_column_double (vstmt, 2);
          g_array_append_val (samples, sample);
          vrc = sqlite3_step (vstmt);
        }

      patient.patient_id = patient_id->str;
      patient.sex = has_sex ? sex->str : NULL;
      patient.diagnosis = has_diagnosis ? diagnosis->str : NULL;
      patient.courses = (const FolOutcomeCourse *) courses->data;
      patient.n_courses = courses->len;
      patient.samples = (const FolSample *) samples->data;
      patient.n_samples = samples->len;
      if (!func (&patient, user_data, error))
        goto out;
    }

  if (crc != SQLITE_DONE)
    {
      _fol_sqlite_fail (self, crc, error);
      goto out;
    }
  if (vrc != SQLITE_DONE && vrc != SQLITE_ROW)
    {
      _fol_sqlite_fail (self, vrc, error);
      goto out;
    }
  ok = TRUE;

out:
  clear_courses (courses);
  sqlite3_reset (cstmt);
  sqlite3_finalize (vstmt);
  return ok;
}

static gboolean
fol_sqlite_store_scan_outcomes (FolStore               *store,
                                const FolOutcomeQuery  *query,
                                FolOutcomeFunc          func,
                                gpointer                user_data,
                                GError                **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  gboolean ok;

  /* One read transaction for both passes; a savepoint, since the caller
   * may already be inside one.
   */
  /* The scan reads most of the clinic once: with the default page cache
   * (2 MB) each page would be read from the file again and again. A large
   * one for the scan only, as the bulk loader does.
   */
  _fol_sqlite_exec (self, "PRAGMA cache_size = -262144", NULL);
  if (!_fol_sqlite_exec (self, "SAVEPOINT outcomes", error))
    {
      _fol_sqlite_exec (self, "PRAGMA cache_size = -2000", NULL);
      return FALSE;
    }
  ok = scan (self, query, func, user_data, error);
  _fol_sqlite_exec (self, "RELEASE outcomes", NULL);
  _fol_sqlite_exec (self, "PRAGMA cache_size = -2000", NULL);
  return ok;
}

void
_fol_sqlite_store_outcomes_iface_init (FolStoreInterface *iface)
{
  iface->scan_outcomes = fol_sqlite_store_scan_outcomes;
}
