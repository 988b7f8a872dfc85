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

/* Clinic outcomes: two passes in patient key order, merged in C, over
 * the tables migration 10 keeps in step with the records. The courses
 * come from outcome_courses (by its index on the patient key) with each
 * patient's sex, diagnosis and birth date looked up by key; the values of
 * the measure are one range of outcome_values (or outcome_salt), read in
 * its own order: region, patient key, date. Both are read in one read
 * transaction, so that they agree.
 */

static const char courses_sql[] =
  "SELECT c.patient_key, p.id, p.sex, p.diagnosis, p.birth_date, c.treatment_type, c.product,"
  "  c.first_session, c.n_sessions, c.n_mild, c.n_moderate, c.n_severe"
  " FROM outcome_courses c JOIN outcome_patients p ON p.key = c.patient_key"
  " WHERE (?1 IS NULL OR c.treatment_type = ?1) AND (?2 IS NULL OR p.diagnosis = ?2)"
  "  AND (?3 IS NULL OR p.sex = ?3)"
  " ORDER BY c.patient_key";

/* The value of each measure, as SQL over a row of outcome_values (or of
 * outcome_salt): NULL when missing, so that the row is left out.
 */
static const char *
value_sql (FolMeasure measure)
{
  switch (measure)
    {
    case FOL_MEASURE_TOTAL_DENSITY:
      return "total_density";
    case FOL_MEASURE_TERMINAL_DENSITY:
      return "terminal_density";
    case FOL_MEASURE_VELLUS_DENSITY:
      return "vellus_density";
    case FOL_MEASURE_MEAN_DIAMETER:
      return "mean_diameter_um";
    case FOL_MEASURE_CUMULATIVE_THICKNESS:
      return "total_density * mean_diameter_um / 1000.0";
    case FOL_MEASURE_ANAGEN:
      return "anagen_percent";
    case FOL_MEASURE_FU_DENSITY:
      return "fu_density";
    case FOL_MEASURE_HAIR_COUNT:
      return "hair_count";
    case FOL_MEASURE_SALT:
      /* Exact: a sum of whole percents × weights, in hundredths */
      return "salt";
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

  if (query->measure == FOL_MEASURE_SALT)
    sql = g_strdup_printf ("SELECT patient_key, visit_date, %s FROM outcome_salt"
                           " ORDER BY patient_key, visit_date, visit_key", value);
  else
    sql = g_strdup_printf ("SELECT patient_key, visit_date, %s FROM outcome_values"
                           " WHERE region = ?1 AND %s IS NOT NULL"
                           " ORDER BY region, patient_key, visit_date, visit_key",
                           value, value);

  /* Kept among the store's statements: one for each measure at most */
  stmt = _fol_sqlite_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
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

/* A patient's courses by first session, then type and product. */
static int
compare_courses (gconstpointer a,
                 gconstpointer b)
{
  const FolOutcomeCourse *x = a, *y = b;
  int c;

  if (x->first_session != y->first_session)
    return x->first_session < y->first_session ? -1 : 1;
  if ((c = g_strcmp0 (x->treatment_type, y->treatment_type)) != 0)
    return c;
  return g_strcmp0 (x->product, y->product);
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
      sqlite3_int64 key = sqlite3_column_int64 (cstmt, 0);
      const char *text_sex = _fol_sqlite_column_text (cstmt, 2);
      const char *text_diagnosis = _fol_sqlite_column_text (cstmt, 3);
      gboolean has_sex = text_sex != NULL, has_diagnosis = text_diagnosis != NULL;
      FolOutcomePatient patient = { 0 };

      g_string_assign (patient_id, _fol_sqlite_column_text (cstmt, 1));
      g_string_assign (sex, has_sex ? text_sex : "");
      g_string_assign (diagnosis, has_diagnosis ? text_diagnosis : "");

      patient.birth_date = _fol_sqlite_column_date (cstmt, 4);

      /* This patient's courses */
      clear_courses (courses);
      while (crc == SQLITE_ROW && sqlite3_column_int64 (cstmt, 0) == key)
        {
          FolOutcomeCourse c = { 0 };

          c.treatment_type = g_strdup (_fol_sqlite_column_text (cstmt, 5));
          c.product = g_strdup (_fol_sqlite_column_text (cstmt, 6));
          c.first_session = _fol_sqlite_column_date (cstmt, 7);
          c.n_sessions = sqlite3_column_int (cstmt, 8);
          for (guint s = 0; s < FOL_N_SEVERITIES; s++)
            c.n_adverse[s] = sqlite3_column_int (cstmt, 9 + s);
          g_array_append_val (courses, c);
          crc = sqlite3_step (cstmt);
        }
      if (courses->len > 1)
        g_array_sort (courses, compare_courses);

      /* Values of patients without a course are passed over */
      while (vrc == SQLITE_ROW && sqlite3_column_int64 (vstmt, 0) < key)
        vrc = sqlite3_step (vstmt);
      g_array_set_size (samples, 0);
      while (vrc == SQLITE_ROW && sqlite3_column_int64 (vstmt, 0) == key)
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
  sqlite3_reset (vstmt);
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
