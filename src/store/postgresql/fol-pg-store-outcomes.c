/* fol-pg-store-outcomes.c
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

#define G_LOG_DOMAIN "fol-pg-store-outcomes"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fol-pg-store-private.h"

/* Clinic outcomes on the server: two queries in one repeatable-read
 * snapshot, over the tables migration 10 keeps in step with the records,
 * both in patient key order and merged here: each patient's courses (with
 * sex, diagnosis and birth date), and the values of the measure, one
 * range of the index of outcome_values (or outcome_salt) read alone.
 */

static const char courses_sql[] =
  "SELECT c.patient_key, p.id, p.sex, p.diagnosis, p.birth_date, c.treatment_type, c.product,"
  "  c.first_session, c.n_sessions, c.n_mild, c.n_moderate, c.n_severe"
  " FROM outcome_courses c JOIN outcome_patients p ON p.key = c.patient_key"
  " WHERE ($1::text IS NULL OR c.treatment_type = $1) AND ($2::text IS NULL OR p.diagnosis = $2)"
  "  AND ($3::text IS NULL OR p.sex = $3)"
  " ORDER BY c.patient_key, c.first_session COLLATE \"C\", c.treatment_type COLLATE \"C\","
  "  c.product COLLATE \"C\"";

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
      return "salt";
    case FOL_N_MEASURES:
    default:
      g_assert_not_reached ();
    }
}

static const char *
param (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : NULL;
}

static gint64
key_value (PGresult *result,
           int       row)
{
  return g_ascii_strtoll (PQgetvalue (result, row, 0), NULL, 10);
}

static gboolean
scan (PGconn                 *conn,
      const FolOutcomeQuery  *query,
      FolOutcomeFunc          func,
      gpointer                user_data,
      GError                **error)
{
  const char *cparams[] = { param (query->treatment_type), param (query->diagnosis),
                            param (query->sex) };
  const char *vparams[] = { fol_region_code (query->region) };
  const char *value = value_sql (query->measure);
  g_autoptr(GArray) courses = g_array_new (FALSE, TRUE, sizeof (FolOutcomeCourse));
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (FolSample));
  g_autofree char *vsql = NULL;
  PGresult *cres = NULL, *vres = NULL;
  gboolean ok = FALSE;
  int crow = 0, vrow = 0, n_crows, n_vrows;

  if (query->measure == FOL_MEASURE_SALT)
    vsql = g_strdup_printf ("SELECT patient_key, visit_date, %s FROM outcome_salt"
                            " ORDER BY patient_key, visit_date, visit_key", value);
  else
    vsql = g_strdup_printf ("SELECT patient_key, visit_date, %s FROM outcome_values"
                            " WHERE region = $1 AND (%s) IS NOT NULL"
                            " ORDER BY region, patient_key, visit_date, visit_key",
                            value, value);

  cres = _fol_pg_query (conn, courses_sql, G_N_ELEMENTS (cparams), cparams, error);
  if (cres == NULL)
    goto out;
  vres = _fol_pg_query (conn, vsql, query->measure == FOL_MEASURE_SALT ? 0 : 1, vparams, error);
  if (vres == NULL)
    goto out;

  n_crows = PQntuples (cres);
  n_vrows = PQntuples (vres);
  while (crow < n_crows)
    {
      gint64 key = key_value (cres, crow);
      FolOutcomePatient patient = { 0 };
      int first = crow;

      g_array_set_size (courses, 0);
      for (; crow < n_crows && key_value (cres, crow) == key; crow++)
        {
          FolOutcomeCourse c = { 0 };

          c.treatment_type = _fol_pg_value (cres, crow, 5);
          c.product = _fol_pg_value (cres, crow, 6);
          c.first_session = _fol_pg_date_value (cres, crow, 7);
          c.n_sessions = atoi (PQgetvalue (cres, crow, 8));
          for (guint s = 0; s < FOL_N_SEVERITIES; s++)
            c.n_adverse[s] = atoi (PQgetvalue (cres, crow, 9 + s));
          g_array_append_val (courses, c);
        }

      /* Values of patients without a course are passed over */
      while (vrow < n_vrows && key_value (vres, vrow) < key)
        vrow++;
      g_array_set_size (samples, 0);
      for (; vrow < n_vrows && key_value (vres, vrow) == key; vrow++)
        {
          FolSample sample;

          sample.date = _fol_pg_date_value (vres, vrow, 1);
          sample.value = g_ascii_strtod (PQgetvalue (vres, vrow, 2), NULL);
          g_array_append_val (samples, sample);
        }

      patient.patient_id = PQgetvalue (cres, first, 1);
      patient.sex = _fol_pg_value (cres, first, 2);
      patient.diagnosis = _fol_pg_value (cres, first, 3);
      patient.birth_date = _fol_pg_date_value (cres, first, 4);
      patient.courses = (const FolOutcomeCourse *) courses->data;
      patient.n_courses = courses->len;
      patient.samples = (const FolSample *) samples->data;
      patient.n_samples = samples->len;
      if (!func (&patient, user_data, error))
        goto out;
    }
  ok = TRUE;

out:
  g_clear_pointer (&cres, PQclear);
  g_clear_pointer (&vres, PQclear);
  return ok;
}

static gboolean
fol_pg_store_scan_outcomes (FolStore               *store,
                            const FolOutcomeQuery  *query,
                            FolOutcomeFunc          func,
                            gpointer                user_data,
                            GError                **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  gboolean ok;

  if (!_fol_pg_exec (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return FALSE;
  ok = scan (conn, query, func, user_data, error);
  if (!_fol_pg_exec (conn, ok ? "COMMIT" : "ROLLBACK", ok ? error : NULL))
    ok = FALSE;
  return ok;
}

void
_fol_pg_store_outcomes_iface_init (FolStoreInterface *iface)
{
  iface->scan_outcomes = fol_pg_store_scan_outcomes;
}
