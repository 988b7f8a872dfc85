/* fol-pg-store-history.c
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

#define G_LOG_DOMAIN "fol-pg-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-measure-field.h"
#include "fol-pg-store-private.h"

/* Visits with their region values, and treatment sessions with their
 * regions and adverse events, on a clinic server: the same results as on
 * a workstation (fol-sqlite-store-records.c, fol-sqlite-store-history.c).
 * Numbers travel as text: doubles written with 17 significant digits and
 * read back by the server's shortest exact form, so that they round-trip.
 */

static const char *severity_codes[FOL_N_SEVERITIES] = { "mild", "moderate", "severe" };

/* A parameter's text, kept in @texts for the statement's time. */
static const char *
keep (GPtrArray *texts,
      char      *text)
{
  g_ptr_array_add (texts, text);
  return text;
}

static const char *
double_text (GPtrArray *texts,
             double     value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return NULL;
  return keep (texts, g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.17g", value)));
}

static const char *
score_text (GPtrArray *texts,
            int        value)
{
  return value == FOL_NO_SCORE ? NULL : keep (texts, g_strdup_printf ("%d", value));
}

static double
double_value (const PGresult *result,
              int             row,
              int             column)
{
  const char *text = _fol_pg_value (result, row, column);

  return text != NULL ? g_ascii_strtod (text, NULL) : NAN;
}

static int
score_value (const PGresult *result,
             int             row,
             int             column)
{
  const char *text = _fol_pg_value (result, row, column);

  return text != NULL ? (int) g_ascii_strtoll (text, NULL, 10) : FOL_NO_SCORE;
}

static gboolean
run (PGconn              *conn,
     const char          *sql,
     int                  n_params,
     const char * const  *params,
     gboolean            *out_changed,
     GError             **error)
{
  PGresult *result = _fol_pg_query (conn, sql, n_params, params, error);

  if (result == NULL)
    return FALSE;
  if (out_changed != NULL)
    *out_changed = g_strcmp0 (PQcmdTuples (result), "0") != 0;
  PQclear (result);
  return TRUE;
}

/* Visits */

#define VISIT_UPSERT_SQL \
  "INSERT INTO visits (id, patient_id, visit_date, kind, clinician, norwood, ludwig," \
  " sinclair, salt_top, salt_back, salt_right, salt_left, investigator_assessment," \
  " patient_assessment, notes, created_at, updated_at, aa_iga)" \
  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16," \
  " $17)" \
  " ON CONFLICT (id) DO UPDATE SET visit_date = $3, kind = $4, clinician = $5," \
  " norwood = $6, ludwig = $7, sinclair = $8, salt_top = $9, salt_back = $10," \
  " salt_right = $11, salt_left = $12, investigator_assessment = $13," \
  " patient_assessment = $14, notes = $15, updated_at = $16, aa_iga = $17," \
  " version = visits.version + 1 WHERE visits.patient_id = $2"
#define N_VISIT_PARAMS 17

/* The parameters of VISIT_UPSERT_SQL, their texts kept in @texts. */
static void
visit_params (FolVisit    *visit,
              const char  *id,
              const char  *now,
              GPtrArray   *texts,
              const char **params)
{
  const char *values[N_VISIT_PARAMS] = {
    id, fol_visit_get_patient_id (visit),
    keep (texts, fol_date_to_iso (fol_visit_get_date (visit))),
    fol_visit_get_kind (visit), fol_visit_get_clinician (visit),
    fol_visit_get_norwood (visit), fol_visit_get_ludwig (visit),
    score_text (texts, fol_visit_get_sinclair (visit)),
    score_text (texts, fol_visit_get_salt_top (visit)),
    score_text (texts, fol_visit_get_salt_back (visit)),
    score_text (texts, fol_visit_get_salt_right (visit)),
    score_text (texts, fol_visit_get_salt_left (visit)),
    score_text (texts, fol_visit_get_investigator_assessment (visit)),
    score_text (texts, fol_visit_get_patient_assessment (visit)),
    fol_visit_get_notes (visit), now,
    score_text (texts, fol_visit_get_aa_iga (visit)),
  };

  memcpy (params, values, sizeof values);
}

/* The upsert of a visit changed no row: its ID exists under another
 * patient, and a visit is never moved silently. */
static gboolean
check_visit_written (const PGresult  *result,
                     const char      *id,
                     GError         **error)
{
  if (g_strcmp0 (PQcmdTuples ((PGresult *) result), "0") != 0)
    return TRUE;
  g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
               _("Visit “%s” belongs to another patient"), id);
  return FALSE;
}

gboolean
_fol_pg_write_visit (PGconn      *conn,
                     FolVisit    *visit,
                     const char  *id,
                     const char  *now,
                     GError     **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  const char *params[N_VISIT_PARAMS];
  PGresult *result;
  gboolean ok;

  visit_params (visit, id, now, texts, params);
  result = _fol_pg_query (conn, VISIT_UPSERT_SQL, N_VISIT_PARAMS, params, error);
  if (result == NULL)
    return FALSE;
  ok = check_visit_written (result, id, error);
  PQclear (result);
  return ok;
}

/* The statement of write_measurement(), made once from the table of
 * measurement fields: $1 visit, $2 region, one parameter per field in table
 * order, then method and notes. */
static const char *
measurement_upsert_sql (void)
{
  static gsize sql = 0;

  if (g_once_init_enter (&sql))
    {
      guint n = FOL_N_MEASURE_FIELDS;
      g_autofree char *text =
        g_strdup_printf ("INSERT INTO measurements (visit_id, region, %s, method, notes)"
                         " VALUES ($1, $2, %s, $%u, $%u)"
                         " ON CONFLICT (visit_id, region) DO UPDATE SET %s,"
                         " method = $%u, notes = $%u",
                         fol_measurement_fields_sql_columns (""),
                         fol_measurement_fields_sql_params ('$', 3), n + 3, n + 4,
                         fol_measurement_fields_sql_assign ('$', 3), n + 3, n + 4);

      g_once_init_leave (&sql, (gsize) g_intern_string (text));
    }
  return (const char *) sql;
}

#define N_MEASUREMENT_PARAMS (FOL_N_MEASURE_FIELDS + 4)

/* The parameters of measurement_upsert_sql(), their texts kept in @texts. */
static void
measurement_params (const char      *visit_id,
                    FolMeasurement  *m,
                    GPtrArray       *texts,
                    const char     **params)
{
  params[0] = visit_id;
  params[1] = fol_region_code (fol_measurement_get_region (m));
  for (guint i = 0; i < FOL_N_MEASURE_FIELDS; i++)
    {
      const FolMeasurementField *field = fol_measurement_field (i);
      double v = field->get (m);

      if (field->integer)
        params[2 + i] = isnan (v) ? NULL : keep (texts, g_strdup_printf ("%d", (int) v));
      else
        params[2 + i] = double_text (texts, v);
    }
  params[2 + FOL_N_MEASURE_FIELDS] = fol_measurement_get_method (m);
  params[3 + FOL_N_MEASURE_FIELDS] = fol_measurement_get_notes (m);
}

gboolean
_fol_pg_write_measurement (PGconn          *conn,
                           const char      *visit_id,
                           FolMeasurement  *m,
                           GError         **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  const char *params[N_MEASUREMENT_PARAMS];

  measurement_params (visit_id, m, texts, params);
  return run (conn, measurement_upsert_sql (), G_N_ELEMENTS (params), params, NULL, error);
}

/* What a save writes, but its times and IDs: the same save again has the
 * same digest. */
static void
digest_add (GString    *text,
            const char *value)
{
  g_string_append_printf (text, "%s\x1f", value ? value : "\x1e");
}

static char *
visit_digest (FolVisit  *visit,
              GPtrArray *measurements)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  int scores[] = {
    fol_visit_get_sinclair (visit), fol_visit_get_salt_top (visit),
    fol_visit_get_salt_back (visit), fol_visit_get_salt_right (visit),
    fol_visit_get_salt_left (visit), fol_visit_get_investigator_assessment (visit),
    fol_visit_get_patient_assessment (visit), fol_visit_get_aa_iga (visit),
  };

  digest_add (text, fol_visit_get_patient_id (visit));
  digest_add (text, keep (texts, fol_date_to_iso (fol_visit_get_date (visit))));
  digest_add (text, fol_visit_get_kind (visit));
  digest_add (text, fol_visit_get_clinician (visit));
  digest_add (text, fol_visit_get_norwood (visit));
  digest_add (text, fol_visit_get_ludwig (visit));
  for (guint i = 0; i < G_N_ELEMENTS (scores); i++)
    digest_add (text, score_text (texts, scores[i]));
  digest_add (text, fol_visit_get_notes (visit));
  for (guint i = 0; measurements != NULL && i < measurements->len; i++)
    {
      FolMeasurement *m = g_ptr_array_index (measurements, i);
      digest_add (text, fol_region_code (fol_measurement_get_region (m)));
      for (guint k = 0; k < FOL_N_MEASURE_FIELDS; k++)
        digest_add (text, double_text (texts, fol_measurement_field (k)->get (m)));
      digest_add (text, fol_measurement_get_method (m));
      digest_add (text, fol_measurement_get_notes (m));
    }
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text->str, text->len);
}

static gboolean
fol_pg_store_save_visit (FolStore    *store,
                         FolVisit    *visit,
                         GPtrArray   *measurements,
                         GError     **error)
{
  FolPgStore *self = FOL_PG_STORE (store);
  PGconn *conn = _fol_pg_store_get_conn (self);
  FolPgWrite write = {
    .kind = FOL_STORE_CHANGE_VISIT,
    .record_id = fol_visit_get_id (visit),
    .base_at = fol_visit_get_updated_at (visit),
    .digest = visit_digest (visit, measurements),
  };
  gboolean is_new = write.record_id == NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) statements = g_array_new (FALSE, TRUE, sizeof (FolPgStatement));
  g_autofree PGresult **results = NULL;
  guint n_measurements = measurements != NULL ? measurements->len : 0;
  const char **params;
  const char *visit_args[N_VISIT_PARAMS];
  const char *write_args[2];
  guint stored = 0, n_params = 0, visit_at;
  gboolean ok;

  /* Whether an earlier try was stored reads what is committed, in or out
   * of the save's transaction alike. */
  if (!_fol_pg_write_begin (self, &write, error))
    goto failed;
  if (write.done)
    goto stored;

  /* No lost updates: an edit first locks the stored visit, and checks it
   * is the one the edit was made on. */
  if (!is_new &&
      (!_fol_pg_exec (conn, "BEGIN", error) ||
       !_fol_pg_check_current (conn, "visits", write.id, write.checked_at, &write.now, error)))
    goto rollback;

  /* Then everything written is sent at once (one round trip, not one a
   * statement): the visit, its regions, the regions cleared, the write. */
  params = g_new0 (const char *, N_MEASUREMENT_PARAMS * MAX (n_measurements, 1) +
                                 2 * FOL_N_REGIONS);
  keep (texts, (char *) params);
  if (is_new)
    g_array_append_val (statements, ((FolPgStatement) { "BEGIN", 0, NULL }));
  visit_params (visit, write.id, write.now, texts, visit_args);
  visit_at = statements->len;
  g_array_append_val (statements, ((FolPgStatement) { VISIT_UPSERT_SQL, N_VISIT_PARAMS,
                                                      visit_args }));

  /* Derived, checked and non-empty (fol_store_save_visit()). */
  for (guint i = 0; i < n_measurements; i++)
    {
      FolMeasurement *m = g_ptr_array_index (measurements, i);
      const char **args = params + n_params;

      measurement_params (write.id, m, texts, args);
      n_params += N_MEASUREMENT_PARAMS;
      g_array_append_val (statements, ((FolPgStatement) { measurement_upsert_sql (),
                                                          N_MEASUREMENT_PARAMS, args }));
      stored |= FOL_REGION_BIT (fol_measurement_get_region (m));
    }

  /* Regions left out of this save were cleared by the user. */
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      const char **args = params + n_params;

      if (stored & FOL_REGION_BIT (r))
        continue;
      args[0] = write.id;
      args[1] = fol_region_code (r);
      n_params += 2;
      g_array_append_val (statements, ((FolPgStatement) {
        "DELETE FROM measurements WHERE visit_id = $1 AND region = $2", 2, args }));
    }

  /* This save is stored (as _fol_pg_write_record()). */
  write_args[0] = write.write_id;
  write_args[1] = write.now;
  g_array_append_val (statements, ((FolPgStatement) {
    "INSERT INTO applied_writes (id, at) VALUES ($1, $2)", 2, write_args }));

  results = g_new0 (PGresult *, statements->len);
  if (!_fol_pg_query_many (conn, (FolPgStatement *) statements->data, statements->len, results,
                           error))
    goto rollback;
  ok = check_visit_written (results[visit_at], write.id, error);
  for (guint i = 0; i < statements->len; i++)
    PQclear (results[i]);
  if (!ok || !_fol_pg_exec (conn, "COMMIT", error))
    goto rollback;

stored:
  if (is_new)
    {
      fol_visit_set_id (visit, write.id);
      fol_visit_set_created_at (visit, write.now);
    }
  fol_visit_set_updated_at (visit, write.now);
  _fol_pg_write_end (self, &write);

  fol_store_emit_changed (store, FOL_STORE_CHANGE_VISIT, fol_visit_get_patient_id (visit));
  return TRUE;

rollback:
  if (PQtransactionStatus (conn) != PQTRANS_IDLE)
    _fol_pg_rollback (conn);
failed:
  _fol_pg_write_end (self, &write);
  return FALSE;
}

/* Deletes the row of @table with @id, after checking it is still as it
 * was at @loaded_at, in one transaction (its cascade with it); returns its
 * patient, NULL when there is none (@error unset) or on an error.
 */
static char *
delete_owned (PGconn      *conn,
              const char  *table,
              const char  *id,
              const char  *loaded_at,
              GError     **error)
{
  const char *params[] = { id };
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = $1 RETURNING patient_id",
                                          table);
  PGresult *result;
  char *patient_id = NULL;

  if (!_fol_pg_exec (conn, "BEGIN", error))
    return NULL;
  if (!_fol_pg_check_current (conn, table, id, loaded_at, NULL, error) ||
      (result = _fol_pg_query (conn, sql, 1, params, error)) == NULL)
    {
      _fol_pg_rollback (conn);
      return NULL;
    }
  if (PQntuples (result) == 1)
    patient_id = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  if (!_fol_pg_exec (conn, "COMMIT", error))
    {
      _fol_pg_rollback (conn);
      g_clear_pointer (&patient_id, g_free);
    }
  return patient_id;
}

static gboolean
fol_pg_store_delete_visit (FolStore    *store,
                           const char  *visit_id,
                           const char  *loaded_at,
                           GError     **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  GError *local = NULL;
  g_autofree char *patient_id = delete_owned (conn, "visits", visit_id, loaded_at, &local);

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (patient_id == NULL)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("No visit has the ID “%s”"), visit_id);
      return FALSE;
    }
  fol_store_emit_changed (store, FOL_STORE_CHANGE_VISIT, patient_id);
  return TRUE;
}

/* Treatment sessions */

gboolean
_fol_pg_write_session (PGconn               *conn,
                       FolTreatmentSession  *session,
                       const char           *id,
                       const char           *now,
                       GError              **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  const char *params[] = {
    id, fol_treatment_session_get_patient_id (session),
    keep (texts, fol_date_to_iso (fol_treatment_session_get_date (session))),
    fol_treatment_session_get_treatment_type (session),
    fol_treatment_session_get_product (session),
    fol_treatment_session_get_lot_number (session),
    double_text (texts, fol_treatment_session_get_volume_ml (session)),
    fol_treatment_session_get_dose (session),
    double_text (texts, fol_treatment_session_get_depth_mm (session)),
    fol_treatment_session_get_anaesthesia (session),
    fol_treatment_session_get_clinician (session),
    fol_treatment_session_get_notes (session), now,
  };
  const char *id_param[] = { id };
  guint regions = fol_treatment_session_get_regions (session);
  gboolean changed = FALSE;

  if (!run (conn,
            "INSERT INTO treatment_sessions (id, patient_id, session_date, treatment_type,"
            " product, lot_number, volume_ml, dose, depth_mm, anaesthesia, clinician, notes,"
            " created_at, updated_at)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)"
            " ON CONFLICT (id) DO UPDATE SET session_date = $3, treatment_type = $4,"
            " product = $5, lot_number = $6, volume_ml = $7, dose = $8, depth_mm = $9,"
            " anaesthesia = $10, clinician = $11, notes = $12, updated_at = $13,"
            " version = treatment_sessions.version + 1"
            " WHERE treatment_sessions.patient_id = $2",
            G_N_ELEMENTS (params), params, &changed, error))
    return FALSE;
  if (!changed)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                   _("Treatment session “%s” belongs to another patient"), id);
      return FALSE;
    }

  if (!run (conn, "DELETE FROM session_regions WHERE session_id = $1", 1, id_param, NULL, error))
    return FALSE;
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      const char *region_params[] = { id, fol_region_code (r) };

      if ((regions & FOL_REGION_BIT (r)) &&
          !run (conn, "INSERT INTO session_regions (session_id, region) VALUES ($1, $2)", 2,
                region_params, NULL, error))
        return FALSE;
    }

  if (!run (conn, "DELETE FROM adverse_events WHERE session_id = $1", 1, id_param, NULL, error))
    return FALSE;
  for (guint i = 0; i < fol_treatment_session_get_n_adverse_events (session); i++)
    {
      g_autofree char *event_id = g_uuid_string_random ();
      g_autofree char *position = g_strdup_printf ("%u", i);
      FolSeverity severity;
      const char *description = fol_treatment_session_get_adverse_event (session, i, &severity);
      const char *event_params[] = { event_id, id, position, description,
                                     severity_codes[severity] };

      if (!run (conn, "INSERT INTO adverse_events (id, session_id, position, description,"
                      " severity) VALUES ($1, $2, $3, $4, $5)", G_N_ELEMENTS (event_params),
                event_params, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static char *
session_digest (FolTreatmentSession *session)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  digest_add (text, fol_treatment_session_get_patient_id (session));
  digest_add (text, keep (texts, fol_date_to_iso (fol_treatment_session_get_date (session))));
  digest_add (text, fol_treatment_session_get_treatment_type (session));
  digest_add (text, fol_treatment_session_get_product (session));
  digest_add (text, fol_treatment_session_get_lot_number (session));
  digest_add (text, double_text (texts, fol_treatment_session_get_volume_ml (session)));
  digest_add (text, fol_treatment_session_get_dose (session));
  digest_add (text, double_text (texts, fol_treatment_session_get_depth_mm (session)));
  digest_add (text, fol_treatment_session_get_anaesthesia (session));
  digest_add (text, fol_treatment_session_get_clinician (session));
  digest_add (text, fol_treatment_session_get_notes (session));
  g_string_append_printf (text, "%u\x1f", fol_treatment_session_get_regions (session));
  for (guint i = 0; i < fol_treatment_session_get_n_adverse_events (session); i++)
    {
      FolSeverity severity;

      digest_add (text, fol_treatment_session_get_adverse_event (session, i, &severity));
      g_string_append_printf (text, "%d\x1f", (int) severity);
    }
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text->str, text->len);
}

static gboolean
fol_pg_store_save_session (FolStore             *store,
                           FolTreatmentSession  *session,
                           GError              **error)
{
  FolPgStore *self = FOL_PG_STORE (store);
  PGconn *conn = _fol_pg_store_get_conn (self);
  FolPgWrite write = {
    .kind = FOL_STORE_CHANGE_SESSION,
    .record_id = fol_treatment_session_get_id (session),
    .base_at = fol_treatment_session_get_updated_at (session),
    .digest = session_digest (session),
  };
  gboolean is_new = write.record_id == NULL;

  if (!_fol_pg_exec (conn, "BEGIN", error))
    goto failed;
  if (!_fol_pg_write_begin (self, &write, error))
    goto rollback;
  if (write.done)
    {
      _fol_pg_rollback (conn);
      goto stored;
    }
  /* No lost updates, as for visits. */
  if ((!is_new && !_fol_pg_check_current (conn, "treatment_sessions", write.id,
                                          write.checked_at, &write.now, error)) ||
      !_fol_pg_write_session (conn, session, write.id, write.now, error) ||
      !_fol_pg_write_record (conn, &write, error) || !_fol_pg_exec (conn, "COMMIT", error))
    goto rollback;

stored:
  if (is_new)
    {
      fol_treatment_session_set_id (session, write.id);
      fol_treatment_session_set_created_at (session, write.now);
    }
  fol_treatment_session_set_updated_at (session, write.now);
  _fol_pg_write_end (self, &write);

  fol_store_emit_changed (store, FOL_STORE_CHANGE_SESSION,
                          fol_treatment_session_get_patient_id (session));
  return TRUE;

rollback:
  _fol_pg_rollback (conn);
failed:
  _fol_pg_write_end (self, &write);
  return FALSE;
}

static gboolean
fol_pg_store_delete_session (FolStore    *store,
                             const char  *session_id,
                             const char  *loaded_at,
                             GError     **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  GError *local = NULL;
  g_autofree char *patient_id = delete_owned (conn, "treatment_sessions", session_id, loaded_at,
                                              &local);

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (patient_id == NULL)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("No treatment session has the ID “%s”"), session_id);
      return FALSE;
    }
  fol_store_emit_changed (store, FOL_STORE_CHANGE_SESSION, patient_id);
  return TRUE;
}

/* History */

/* A patient's measurements: visit, region, the fields of the table in its
 * order, method, notes; made once from the table. Each visit's rows are
 * read through the measurements' key (OFFSET 0 keeps the subquery a loop
 * per visit): left to itself, the planner scanned every visit of the
 * clinic through the outcomes index, or every measurement, and opening a
 * patient grew with the clinic. */
static const char *
measurements_sql (void)
{
  static gsize sql = 0;

  if (g_once_init_enter (&sql))
    {
      g_autofree char *text =
        g_strdup_printf ("SELECT m.visit_id, m.region, %s, m.method, m.notes"
                         " FROM visits v CROSS JOIN LATERAL (SELECT * FROM measurements"
                         " WHERE visit_id = v.id OFFSET 0) m"
                         " WHERE v.patient_id = $1", fol_measurement_fields_sql_columns ("m."));

      g_once_init_leave (&sql, (gsize) g_intern_string (text));
    }
  return (const char *) sql;
}

/* A patient's visits, from the results of VISITS_SQL and
 * measurements_sql(). */
static void
take_visits (FolHistory     *history,
             const PGresult *visits,
             const PGresult *measurements)
{
  /* visit ID → GArray of FolMeasurementValues, whose strings are the
   * results' own */
  g_autoptr(GHashTable) by_visit = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_array_unref);

  for (int i = 0; i < PQntuples (measurements); i++)
    {
      const char *visit_id = _fol_pg_value (measurements, i, 0);
      FolMeasurementValues m;
      GArray *list;

      if (visit_id == NULL || !fol_region_from_code (_fol_pg_value (measurements, i, 1), &m.region))
        continue;
      for (guint f = 0; f < FOL_N_MEASURE_FIELDS; f++)
        m.values[f] = double_value (measurements, i, 2 + f);
      m.method = _fol_pg_value (measurements, i, 2 + FOL_N_MEASURE_FIELDS);
      m.notes = _fol_pg_value (measurements, i, 3 + FOL_N_MEASURE_FIELDS);

      list = g_hash_table_lookup (by_visit, visit_id);
      if (list == NULL)
        {
          list = g_array_sized_new (FALSE, FALSE, sizeof (FolMeasurementValues), FOL_N_REGIONS);
          g_hash_table_insert (by_visit, (gpointer) visit_id, list);
        }
      g_array_append_val (list, m);
    }

  for (int i = 0; i < PQntuples (visits); i++)
    {
      g_autoptr(FolVisit) visit = fol_visit_new ();

      fol_visit_set_id (visit, _fol_pg_value (visits, i, 0));
      fol_visit_set_patient_id (visit, _fol_pg_value (visits, i, 1));
      fol_visit_set_date (visit, _fol_pg_date_value (visits, i, 2));
      fol_visit_set_kind (visit, _fol_pg_value (visits, i, 3));
      fol_visit_set_clinician (visit, _fol_pg_value (visits, i, 4));
      fol_visit_set_norwood (visit, _fol_pg_value (visits, i, 5));
      fol_visit_set_ludwig (visit, _fol_pg_value (visits, i, 6));
      fol_visit_set_sinclair (visit, score_value (visits, i, 7));
      fol_visit_set_salt_top (visit, score_value (visits, i, 8));
      fol_visit_set_salt_back (visit, score_value (visits, i, 9));
      fol_visit_set_salt_right (visit, score_value (visits, i, 10));
      fol_visit_set_salt_left (visit, score_value (visits, i, 11));
      fol_visit_set_investigator_assessment (visit, score_value (visits, i, 12));
      fol_visit_set_patient_assessment (visit, score_value (visits, i, 13));
      fol_visit_set_notes (visit, _fol_pg_value (visits, i, 14));
      fol_visit_set_created_at (visit, _fol_pg_value (visits, i, 15));
      fol_visit_set_updated_at (visit, _fol_pg_value (visits, i, 16));
      fol_visit_set_aa_iga (visit, score_value (visits, i, 17));
      fol_history_add_visit_values (history, visit,
                                    g_hash_table_lookup (by_visit, fol_visit_get_id (visit)));
    }
}

/* A patient's treatment sessions, from the results of SESSIONS_SQL,
 * SESSION_REGIONS_SQL and ADVERSE_EVENTS_SQL. */
static void
take_sessions (FolHistory     *history,
               const PGresult *sessions,
               const PGresult *regions,
               const PGresult *events)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_object_unref);

  for (int i = 0; i < PQntuples (sessions); i++)
    {
      FolTreatmentSession *s = fol_treatment_session_new ();

      fol_treatment_session_set_id (s, _fol_pg_value (sessions, i, 0));
      fol_treatment_session_set_patient_id (s, _fol_pg_value (sessions, i, 1));
      fol_treatment_session_set_date (s, _fol_pg_date_value (sessions, i, 2));
      fol_treatment_session_set_treatment_type (s, _fol_pg_value (sessions, i, 3));
      fol_treatment_session_set_product (s, _fol_pg_value (sessions, i, 4));
      fol_treatment_session_set_lot_number (s, _fol_pg_value (sessions, i, 5));
      fol_treatment_session_set_volume_ml (s, double_value (sessions, i, 6));
      fol_treatment_session_set_dose (s, _fol_pg_value (sessions, i, 7));
      fol_treatment_session_set_depth_mm (s, double_value (sessions, i, 8));
      fol_treatment_session_set_anaesthesia (s, _fol_pg_value (sessions, i, 9));
      fol_treatment_session_set_clinician (s, _fol_pg_value (sessions, i, 10));
      fol_treatment_session_set_notes (s, _fol_pg_value (sessions, i, 11));
      fol_treatment_session_set_created_at (s, _fol_pg_value (sessions, i, 12));
      fol_treatment_session_set_updated_at (s, _fol_pg_value (sessions, i, 13));
      g_hash_table_insert (by_id, (gpointer) fol_treatment_session_get_id (s), s);
      g_ptr_array_add (order, s);
    }

  for (int i = 0; i < PQntuples (regions); i++)
    {
      FolTreatmentSession *s = g_hash_table_lookup (by_id, _fol_pg_value (regions, i, 0));
      FolRegion region;

      if (s != NULL && fol_region_from_code (_fol_pg_value (regions, i, 1), &region))
        fol_treatment_session_set_regions (s, fol_treatment_session_get_regions (s) |
                                              FOL_REGION_BIT (region));
    }

  for (int i = 0; i < PQntuples (events); i++)
    {
      FolTreatmentSession *s = g_hash_table_lookup (by_id, _fol_pg_value (events, i, 0));
      const char *severity = _fol_pg_value (events, i, 2);
      FolSeverity sev = FOL_SEVERITY_MILD;

      for (guint k = 0; k < FOL_N_SEVERITIES; k++)
        if (g_strcmp0 (severity, severity_codes[k]) == 0)
          sev = k;
      if (s != NULL)
        fol_treatment_session_add_adverse_event (s, _fol_pg_value (events, i, 1), sev);
    }

  for (guint i = 0; i < order->len; i++)
    fol_history_add_session (history, g_ptr_array_index (order, i));
}

/* The patient as fol_store_get_patient() reads it, with its sites. */
static FolPatient *
take_patient (const PGresult  *patients,
              const PGresult  *sites,
              const char      *patient_id,
              GError         **error)
{
  FolPatient *patient;

  if (PQntuples (patients) != 1)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("No patient has the ID “%s”"), patient_id);
      return NULL;
    }
  patient = fol_patient_new ();
  fol_patient_set_id (patient, _fol_pg_value (patients, 0, 0));
  fol_patient_set_name (patient, _fol_pg_value (patients, 0, 1));
  fol_patient_set_birth_date (patient, _fol_pg_date_value (patients, 0, 2));
  fol_patient_set_sex (patient, _fol_pg_value (patients, 0, 3));
  fol_patient_set_diagnosis (patient, _fol_pg_value (patients, 0, 4));
  fol_patient_set_notes (patient, _fol_pg_value (patients, 0, 5));
  fol_patient_set_created_at (patient, _fol_pg_value (patients, 0, 6));
  fol_patient_set_updated_at (patient, _fol_pg_value (patients, 0, 7));
  for (int i = 0; i < PQntuples (sites); i++)
    {
      FolRegion region;

      if (fol_region_from_code (_fol_pg_value (sites, i, 0), &region))
        fol_patient_set_site (patient, region, _fol_pg_value (sites, i, 1));
    }
  return patient;
}

/* The statements of a history, sent together (one round trip): opening a
 * patient took nine, each waited for, which on a loaded server cost more
 * than the statements themselves. */
enum
{
  READ_BEGIN, READ_PATIENT, READ_SITES, READ_MEASUREMENTS, READ_VISITS, READ_SESSIONS,
  READ_SESSION_REGIONS, READ_ADVERSE_EVENTS, READ_END, N_READS
};

static FolHistory *
fol_pg_store_load_history (FolStore    *store,
                           const char  *patient_id,
                           GError     **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  const char * const params[] = { patient_id };
  const FolPgStatement reads[N_READS] = {
    [READ_BEGIN] = { "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL },
    [READ_PATIENT] = { "SELECT id, name, birth_date, sex, diagnosis, notes, created_at,"
                       " updated_at FROM patients WHERE id = $1", 1, params },
    [READ_SITES] = { "SELECT region, description FROM patient_sites WHERE patient_id = $1",
                     1, params },
    [READ_MEASUREMENTS] = { measurements_sql (), 1, params },
    [READ_VISITS] = { "SELECT id, patient_id, visit_date, kind, clinician, norwood, ludwig,"
                      " sinclair, salt_top, salt_back, salt_right, salt_left,"
                      " investigator_assessment, patient_assessment, notes, created_at,"
                      " updated_at, aa_iga FROM visits WHERE patient_id = $1"
                      " ORDER BY visit_date COLLATE \"C\", created_at COLLATE \"C\"", 1, params },
    [READ_SESSIONS] = { "SELECT id, patient_id, session_date, treatment_type, product,"
                        " lot_number, volume_ml, dose, depth_mm, anaesthesia, clinician, notes,"
                        " created_at, updated_at FROM treatment_sessions WHERE patient_id = $1"
                        " ORDER BY session_date COLLATE \"C\", created_at COLLATE \"C\"",
                        1, params },
    [READ_SESSION_REGIONS] = { "SELECT r.session_id, r.region FROM treatment_sessions s"
                               " JOIN session_regions r ON r.session_id = s.id"
                               " WHERE s.patient_id = $1", 1, params },
    [READ_ADVERSE_EVENTS] = { "SELECT e.session_id, e.description, e.severity"
                              " FROM treatment_sessions s JOIN adverse_events e"
                              " ON e.session_id = s.id WHERE s.patient_id = $1"
                              " ORDER BY e.session_id, e.position", 1, params },
    [READ_END] = { "ROLLBACK", 0, NULL },
  };
  PGresult *results[N_READS] = { NULL };
  g_autoptr(FolPatient) patient = NULL;
  g_autoptr(FolHistory) history = NULL;
  gboolean own;
  guint first, n;

  /* One snapshot: the patient, visits and sessions as one committed state
   * even while other workstations write; the caller's transaction when it
   * has one (a batch's plan, a snapshot).
   */
  own = PQtransactionStatus (conn) == PQTRANS_IDLE;
  first = own ? READ_BEGIN : READ_PATIENT;
  n = own ? N_READS - first : READ_END - first;
  if (!_fol_pg_query_many (conn, reads + first, n, results + first, error))
    {
      if (own && PQtransactionStatus (conn) != PQTRANS_IDLE)
        _fol_pg_rollback (conn);
      return NULL;
    }
  patient = take_patient (results[READ_PATIENT], results[READ_SITES], patient_id, error);
  if (patient != NULL)
    {
      history = fol_history_new (patient);
      take_visits (history, results[READ_VISITS], results[READ_MEASUREMENTS]);
      take_sessions (history, results[READ_SESSIONS], results[READ_SESSION_REGIONS],
                     results[READ_ADVERSE_EVENTS]);
    }
  for (guint i = 0; i < N_READS; i++)
    g_clear_pointer (&results[i], PQclear);
  return g_steal_pointer (&history);
}

void
_fol_pg_store_history_iface_init (FolStoreInterface *iface)
{
  iface->save_visit = fol_pg_store_save_visit;
  iface->delete_visit = fol_pg_store_delete_visit;
  iface->save_session = fol_pg_store_save_session;
  iface->delete_session = fol_pg_store_delete_session;
  iface->load_history = fol_pg_store_load_history;
}
