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

/* Clinic outcomes on the server: the courses grouped by the server, and
 * each treated patient's values of the measure aggregated into one row,
 * in date order; two queries in one repeatable-read snapshot, merged by
 * patient ID (compared byte-wise, as strcmp() does: COLLATE "C").
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
  " WHERE ($1::text IS NULL OR s.treatment_type = $1) AND ($2::text IS NULL OR p.diagnosis = $2)"
  "  AND ($3::text IS NULL OR p.sex = $3)"
  " GROUP BY s.patient_id, p.sex, p.diagnosis, p.birth_date, s.treatment_type, s.product"
  " ORDER BY s.patient_id COLLATE \"C\", 7, s.treatment_type, s.product";

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
      return "(40 * v.salt_top + 24 * v.salt_back + 18 * v.salt_right + 18 * v.salt_left) / 100.0";
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

/* "YYYY-MM-DD value YYYY-MM-DD value …" into @samples */
static void
parse_samples (const char *text,
               GArray     *samples)
{
  g_auto(GStrv) words = g_strsplit (text ? text : "", " ", -1);

  g_array_set_size (samples, 0);
  for (guint i = 0; words[i] != NULL && words[i + 1] != NULL; i += 2)
    {
      FolSample sample;

      if (!fol_date_parse (words[i], &sample.date, NULL))
        continue;
      sample.value = g_ascii_strtod (words[i + 1], NULL);
      g_array_append_val (samples, sample);
    }
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
  const char *vparams[] = { query->measure == FOL_MEASURE_SALT ? NULL
                                                               : fol_region_code (query->region) };
  const char *value = value_sql (query->measure);
  g_autoptr(GArray) courses = g_array_new (FALSE, TRUE, sizeof (FolOutcomeCourse));
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (FolSample));
  g_autofree char *vsql = NULL;
  PGresult *cres = NULL, *vres = NULL;
  gboolean ok = FALSE;
  int crow = 0, vrow = 0, n_crows, n_vrows;

  if (query->measure == FOL_MEASURE_SALT)
    vsql = g_strdup_printf ("SELECT v.patient_id, string_agg (v.visit_date || ' ' || (%s)::text, ' '"
                            "   ORDER BY v.visit_date)"
                            " FROM visits v WHERE (%s) IS NOT NULL AND $1::text IS NULL"
                            "  AND v.patient_id IN (SELECT patient_id FROM treatment_sessions)"
                            " GROUP BY v.patient_id ORDER BY v.patient_id COLLATE \"C\"",
                            value, value);
  else
    vsql = g_strdup_printf ("SELECT v.patient_id, string_agg (v.visit_date || ' ' || (%s)::text, ' '"
                            "   ORDER BY v.visit_date)"
                            " FROM visits v JOIN measurements m ON m.visit_id = v.id AND m.region = $1"
                            " WHERE (%s) IS NOT NULL"
                            "  AND v.patient_id IN (SELECT patient_id FROM treatment_sessions)"
                            " GROUP BY v.patient_id ORDER BY v.patient_id COLLATE \"C\"",
                            value, value);

  cres = _fol_pg_query (conn, courses_sql, G_N_ELEMENTS (cparams), cparams, error);
  if (cres == NULL)
    goto out;
  vres = _fol_pg_query (conn, vsql, G_N_ELEMENTS (vparams), vparams, error);
  if (vres == NULL)
    goto out;

  n_crows = PQntuples (cres);
  n_vrows = PQntuples (vres);
  while (crow < n_crows)
    {
      const char *patient_id = PQgetvalue (cres, crow, 0);
      FolOutcomePatient patient = { 0 };
      int first = crow;

      g_array_set_size (courses, 0);
      for (; crow < n_crows && strcmp (PQgetvalue (cres, crow, 0), patient_id) == 0; crow++)
        {
          FolOutcomeCourse c = { 0 };

          c.treatment_type = _fol_pg_value (cres, crow, 4);
          c.product = _fol_pg_value (cres, crow, 5);
          c.first_session = _fol_pg_date_value (cres, crow, 6);
          c.n_sessions = atoi (PQgetvalue (cres, crow, 7));
          for (guint s = 0; s < FOL_N_SEVERITIES; s++)
            c.n_adverse[s] = atoi (PQgetvalue (cres, crow, 8 + s));
          g_array_append_val (courses, c);
        }

      while (vrow < n_vrows && strcmp (PQgetvalue (vres, vrow, 0), patient_id) < 0)
        vrow++;
      if (vrow < n_vrows && strcmp (PQgetvalue (vres, vrow, 0), patient_id) == 0)
        parse_samples (_fol_pg_value (vres, vrow, 1), samples);
      else
        g_array_set_size (samples, 0);

      patient.patient_id = patient_id;
      patient.sex = _fol_pg_value (cres, first, 1);
      patient.diagnosis = _fol_pg_value (cres, first, 2);
      patient.birth_date = _fol_pg_date_value (cres, first, 3);
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
