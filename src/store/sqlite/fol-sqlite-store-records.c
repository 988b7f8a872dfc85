/* fol-sqlite-store-records.c
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

#define G_LOG_DOMAIN "fol-sqlite-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-search-key.h"
#include "fol-measure-field.h"
#include "fol-sqlite-store-private.h"
#include "fol-validate.h"

/* The SQL that writes a patient's records: the rows of patients, visits
 * with their measurements, and treatment sessions, shared by single saves
 * and batches, and the saves and deletes of the store interface. The
 * interface's wrappers have checked each record (fol-store.c); what needs
 * the stored records under the write lock is checked here, and the
 * schema's constraints are the last line.
 */

/* Patients */

static const char *severity_codes[FOL_N_SEVERITIES] = { "mild", "moderate", "severe" };

/* The patient's own row, inserted or updated; within the caller's
 * transaction. Shared by a single save and by batches (imports).
 */
/* The columns of a patient's, a visit's and a session's own row, bound
 * the same way by a one-by-one save and by the bulk loader: patients
 * ?1..?9 (?8 the time, ?9 the search key), visits ?1..?16, sessions
 * ?1..?13, the last of each the time of the write.
 */
void
_fol_sqlite_bind_patient_row (sqlite3_stmt *stmt,
                              FolPatient   *patient,
                              const char   *id,
                              const char   *now)
{
  g_autofree char *key = _fol_sqlite_sort_key (fol_patient_get_name (patient));
  g_autofree char *search_key = fol_search_key_new (fol_patient_get_name (patient),
                                                    fol_patient_get_diagnosis (patient));

  _fol_sqlite_bind_text (stmt, 1, id);
  _fol_sqlite_bind_text (stmt, 2, fol_patient_get_name (patient));
  _fol_sqlite_bind_text (stmt, 3, key);
  _fol_sqlite_bind_date (stmt, 4, fol_patient_get_birth_date (patient));
  _fol_sqlite_bind_text (stmt, 5, fol_patient_get_sex (patient));
  _fol_sqlite_bind_text (stmt, 6, fol_patient_get_diagnosis (patient));
  _fol_sqlite_bind_text (stmt, 7, fol_patient_get_notes (patient));
  _fol_sqlite_bind_text (stmt, 8, now);
  _fol_sqlite_bind_text (stmt, 9, search_key);
}

void
_fol_sqlite_bind_visit_row (sqlite3_stmt *stmt,
                            FolVisit     *visit,
                            const char   *id,
                            const char   *now)
{
  _fol_sqlite_bind_text (stmt, 1, id);
  _fol_sqlite_bind_text (stmt, 2, fol_visit_get_patient_id (visit));
  _fol_sqlite_bind_date (stmt, 3, fol_visit_get_date (visit));
  _fol_sqlite_bind_text (stmt, 4, fol_visit_get_kind (visit));
  _fol_sqlite_bind_text (stmt, 5, fol_visit_get_clinician (visit));
  _fol_sqlite_bind_text (stmt, 6, fol_visit_get_norwood (visit));
  _fol_sqlite_bind_text (stmt, 7, fol_visit_get_ludwig (visit));
  _fol_sqlite_bind_score (stmt, 8, fol_visit_get_sinclair (visit));
  _fol_sqlite_bind_score (stmt, 9, fol_visit_get_salt_top (visit));
  _fol_sqlite_bind_score (stmt, 10, fol_visit_get_salt_back (visit));
  _fol_sqlite_bind_score (stmt, 11, fol_visit_get_salt_right (visit));
  _fol_sqlite_bind_score (stmt, 12, fol_visit_get_salt_left (visit));
  _fol_sqlite_bind_score (stmt, 13, fol_visit_get_investigator_assessment (visit));
  _fol_sqlite_bind_score (stmt, 14, fol_visit_get_patient_assessment (visit));
  _fol_sqlite_bind_text (stmt, 15, fol_visit_get_notes (visit));
  _fol_sqlite_bind_text (stmt, 16, now);
  _fol_sqlite_bind_score (stmt, 17, fol_visit_get_aa_iga (visit));
}

void
_fol_sqlite_bind_session_row (sqlite3_stmt        *stmt,
                              FolTreatmentSession *session,
                              const char          *id,
                              const char          *now)
{
  _fol_sqlite_bind_text (stmt, 1, id);
  _fol_sqlite_bind_text (stmt, 2, fol_treatment_session_get_patient_id (session));
  _fol_sqlite_bind_date (stmt, 3, fol_treatment_session_get_date (session));
  _fol_sqlite_bind_text (stmt, 4, fol_treatment_session_get_treatment_type (session));
  _fol_sqlite_bind_text (stmt, 5, fol_treatment_session_get_product (session));
  _fol_sqlite_bind_text (stmt, 6, fol_treatment_session_get_lot_number (session));
  _fol_sqlite_bind_double (stmt, 7, fol_treatment_session_get_volume_ml (session));
  _fol_sqlite_bind_text (stmt, 8, fol_treatment_session_get_dose (session));
  _fol_sqlite_bind_double (stmt, 9, fol_treatment_session_get_depth_mm (session));
  _fol_sqlite_bind_text (stmt, 10, fol_treatment_session_get_anaesthesia (session));
  _fol_sqlite_bind_text (stmt, 11, fol_treatment_session_get_clinician (session));
  _fol_sqlite_bind_text (stmt, 12, fol_treatment_session_get_notes (session));
  _fol_sqlite_bind_text (stmt, 13, now);
}

gboolean
_fol_sqlite_write_patient (FolSqliteStore  *self,
                           FolPatient      *patient,
                           const char      *id,
                           const char      *now,
                           GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = _fol_sqlite_prepare (self,
                  "INSERT INTO patients (id, name, sort_name, birth_date, sex, diagnosis, notes,"
                  " created_at, updated_at, search_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)"
                  " ON CONFLICT (id) DO UPDATE SET name = ?2, sort_name = ?3, birth_date = ?4,"
                  " sex = ?5, diagnosis = ?6, notes = ?7, updated_at = ?8, search_key = ?9", error);
  if (stmt == NULL)
    return FALSE;

  _fol_sqlite_bind_patient_row (stmt, patient, id, now);
  if (!_fol_sqlite_step_done (self, stmt, error))
    return FALSE;

  return TRUE;
}

/* The visit's own row; a visit is never moved to another patient. */
gboolean
_fol_sqlite_write_visit (FolSqliteStore  *self,
                         FolVisit        *visit,
                         const char      *id,
                         const char      *now,
                         GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = _fol_sqlite_prepare (self,
                  "INSERT INTO visits (id, patient_id, visit_date, kind, clinician, norwood, ludwig,"
                  " sinclair, salt_top, salt_back, salt_right, salt_left, investigator_assessment,"
                  " patient_assessment, notes, created_at, updated_at, aa_iga)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                  " ?16, ?16, ?17)"
                  " ON CONFLICT (id) DO UPDATE SET visit_date = ?3, kind = ?4, clinician = ?5,"
                  " norwood = ?6, ludwig = ?7, sinclair = ?8, salt_top = ?9, salt_back = ?10,"
                  " salt_right = ?11, salt_left = ?12, investigator_assessment = ?13,"
                  " patient_assessment = ?14, notes = ?15, updated_at = ?16, aa_iga = ?17"
                  " WHERE patient_id = ?2", error);
  if (stmt == NULL)
    return FALSE;

  _fol_sqlite_bind_visit_row (stmt, visit, id, now);
  if (!_fol_sqlite_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      /* The ID exists under another patient: never move a visit silently. */
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                   _("Visit “%s” belongs to another patient"), id);
      return FALSE;
    }

  return TRUE;
}

/* The statement of _fol_sqlite_write_measurement(), made once from the
 * table of measurement fields: ?1 visit, ?2 region, then one parameter per
 * field in table order, then method and notes. */
static const char *
measurement_upsert_sql (void)
{
  static gsize sql = 0;

  if (g_once_init_enter (&sql))
    {
      guint n = FOL_N_MEASURE_FIELDS;
      g_autofree char *text =
        g_strdup_printf ("INSERT INTO measurements (visit_id, region, %s, method, notes)"
                         " VALUES (?1, ?2, %s, ?%u, ?%u)"
                         " ON CONFLICT (visit_id, region) DO UPDATE SET %s,"
                         " method = ?%u, notes = ?%u",
                         fol_measurement_fields_sql_columns (""),
                         fol_measurement_fields_sql_params ('?', 3), n + 3, n + 4,
                         fol_measurement_fields_sql_assign ('?', 3), n + 3, n + 4);

      g_once_init_leave (&sql, (gsize) g_intern_string (text));
    }
  return (const char *) sql;
}

/* One region's values at a visit, inserted or replaced. */
gboolean
_fol_sqlite_write_measurement (FolSqliteStore  *self,
                               const char      *visit_id,
                               FolMeasurement  *m,
                               GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = _fol_sqlite_prepare (self, measurement_upsert_sql (), error);
  if (stmt == NULL)
    return FALSE;

  _fol_sqlite_bind_text (stmt, 1, visit_id);
  _fol_sqlite_bind_text (stmt, 2, fol_region_code (fol_measurement_get_region (m)));
  for (guint i = 0; i < FOL_N_MEASURE_FIELDS; i++)
    {
      const FolMeasurementField *field = fol_measurement_field (i);
      double v = field->get (m);

      if (field->integer && !isnan (v))
        sqlite3_bind_int (stmt, 3 + i, (int) v);
      else
        _fol_sqlite_bind_double (stmt, 3 + i, v);
    }
  _fol_sqlite_bind_text (stmt, 3 + FOL_N_MEASURE_FIELDS, fol_measurement_get_method (m));
  _fol_sqlite_bind_text (stmt, 4 + FOL_N_MEASURE_FIELDS, fol_measurement_get_notes (m));
  if (!_fol_sqlite_step_done (self, stmt, error))
    return FALSE;

  return TRUE;
}

/* A session's row, with its regions and adverse events replaced. */
gboolean
_fol_sqlite_write_session (FolSqliteStore       *self,
                           FolTreatmentSession  *session,
                           const char           *id,
                           const char           *now,
                           GError              **error)
{
  sqlite3_stmt *stmt;
  guint regions;

  stmt = _fol_sqlite_prepare (self,
                  "INSERT INTO treatment_sessions (id, patient_id, session_date, treatment_type,"
                  " product, lot_number, volume_ml, dose, depth_mm, anaesthesia, clinician, notes,"
                  " created_at, updated_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)"
                  " ON CONFLICT (id) DO UPDATE SET session_date = ?3, treatment_type = ?4,"
                  " product = ?5, lot_number = ?6, volume_ml = ?7, dose = ?8, depth_mm = ?9,"
                  " anaesthesia = ?10, clinician = ?11, notes = ?12, updated_at = ?13"
                  " WHERE patient_id = ?2", error);
  if (stmt == NULL)
    return FALSE;

  _fol_sqlite_bind_session_row (stmt, session, id, now);
  if (!_fol_sqlite_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                   _("Treatment session “%s” belongs to another patient"), id);
      return FALSE;
    }

  stmt = _fol_sqlite_prepare (self, "DELETE FROM session_regions WHERE session_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _fol_sqlite_bind_text (stmt, 1, id);
  if (!_fol_sqlite_step_done (self, stmt, error))
    return FALSE;

  regions = fol_treatment_session_get_regions (session);
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      if (!(regions & FOL_REGION_BIT (r)))
        continue;

      stmt = _fol_sqlite_prepare (self, "INSERT INTO session_regions (session_id, region) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      _fol_sqlite_bind_text (stmt, 1, id);
      _fol_sqlite_bind_text (stmt, 2, fol_region_code (r));
      if (!_fol_sqlite_step_done (self, stmt, error))
        return FALSE;
    }

  stmt = _fol_sqlite_prepare (self, "DELETE FROM adverse_events WHERE session_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _fol_sqlite_bind_text (stmt, 1, id);
  if (!_fol_sqlite_step_done (self, stmt, error))
    return FALSE;

  for (guint i = 0; i < fol_treatment_session_get_n_adverse_events (session); i++)
    {
      g_autofree char *event_id = g_uuid_string_random ();
      FolSeverity severity;
      const char *description = fol_treatment_session_get_adverse_event (session, i, &severity);

      stmt = _fol_sqlite_prepare (self, "INSERT INTO adverse_events (id, session_id, position, description,"
                            " severity) VALUES (?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      _fol_sqlite_bind_text (stmt, 1, event_id);
      _fol_sqlite_bind_text (stmt, 2, id);
      sqlite3_bind_int (stmt, 3, i);
      _fol_sqlite_bind_text (stmt, 4, description);
      _fol_sqlite_bind_text (stmt, 5, severity_codes[severity]);
      if (!_fol_sqlite_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}


static gboolean
validation_failed (GError     **error,
                   GError      *local)
{
  g_propagate_error (error, local);
  return FALSE;
}

/* The date of the patient's earliest visit or treatment session. */
static gboolean
first_record_date (FolSqliteStore  *self,
                   const char      *patient_id,
                   FolDate         *out_first,
                   GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _fol_sqlite_prepare (self,
                  "SELECT min(d) FROM (SELECT min(visit_date) AS d FROM visits WHERE patient_id = ?1"
                  " UNION ALL SELECT min(session_date) FROM treatment_sessions WHERE patient_id = ?1)",
                  error);
  if (stmt == NULL)
    return FALSE;
  _fol_sqlite_bind_text (stmt, 1, patient_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_first = _fol_sqlite_column_date (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _fol_sqlite_fail (self, rc, error);
  return TRUE;
}

/* Makes *@now, read before the transaction, come after the time the
 * record @id is stored with (@sql reads it): each save of it is told apart from
 * the one before, whatever this computer's clock did meanwhile.
 */
static void
stamp_after_stored (FolSqliteStore  *self,
                    const char      *sql,
                    const char      *id,
                    char           **now)
{
  g_autofree char *stored_at = NULL;

  if (id == NULL)
    return;
  stored_at = _fol_sqlite_lookup_owner (self, sql, id);
  fol_timestamp_after (now, stored_at);
}

static gboolean
fol_sqlite_store_save_patient (FolStore    *store,
                               FolPatient  *patient,
                               GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *now = fol_timestamp_now ();
  g_autofree char *new_id = NULL;
  GError *local = NULL;
  sqlite3_stmt *stmt;

  if (fol_patient_get_id (patient) == NULL)
    new_id = g_uuid_string_random ();

  if (!_fol_sqlite_begin (self, error))
    return FALSE;

  /* A date of birth after the patient's own visits or sessions is refused,
   * as a visit before the date of birth is; read inside the transaction.
   */
  if (new_id == NULL)
    {
      FolDate first = FOL_DATE_NONE;

      if (!first_record_date (self, fol_patient_get_id (patient), &first, error))
        return _fol_sqlite_rollback (self);
      if (!fol_patient_validate_birth (patient, first, NULL, &local))
        {
          _fol_sqlite_rollback (self);
          return validation_failed (error, local);
        }
    }

  stamp_after_stored (self, "SELECT updated_at FROM patients WHERE id = ?",
                      fol_patient_get_id (patient), &now);
  if (!_fol_sqlite_write_patient (self, patient, new_id ? new_id : fol_patient_get_id (patient),
                                  now, error))
    return _fol_sqlite_rollback (self);

  stmt = _fol_sqlite_prepare (self, "DELETE FROM patient_sites WHERE patient_id = ?", error);
  if (stmt == NULL)
    return _fol_sqlite_rollback (self);
  _fol_sqlite_bind_text (stmt, 1, new_id ? new_id : fol_patient_get_id (patient));
  if (!_fol_sqlite_step_done (self, stmt, error))
    return _fol_sqlite_rollback (self);

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      const char *site = fol_patient_get_site (patient, r);

      if (site == NULL)
        continue;

      stmt = _fol_sqlite_prepare (self, "INSERT INTO patient_sites (patient_id, region, description)"
                            " VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        return _fol_sqlite_rollback (self);
      _fol_sqlite_bind_text (stmt, 1, new_id ? new_id : fol_patient_get_id (patient));
      _fol_sqlite_bind_text (stmt, 2, fol_region_code (r));
      _fol_sqlite_bind_text (stmt, 3, site);
      if (!_fol_sqlite_step_done (self, stmt, error))
        return _fol_sqlite_rollback (self);
    }

  if (!_fol_sqlite_commit (self, error))
    return FALSE;

  /* Only now, when it is stored, does the object take its new identity. */
  if (new_id != NULL)
    {
      fol_patient_set_id (patient, new_id);
      fol_patient_set_created_at (patient, now);
    }
  fol_patient_set_updated_at (patient, now);

  fol_store_emit_changed (store, FOL_STORE_CHANGE_PATIENT, fol_patient_get_id (patient));
  return TRUE;
}

static gboolean
delete_by_id (FolSqliteStore  *self,
              const char      *sql,
              const char      *check_sql,
              const char      *id,
              const char      *loaded_at,
              const char      *not_found,
              GError         **error)
{
  sqlite3_stmt *stmt;

  if (!_fol_sqlite_begin (self, error))
    return FALSE;

  /* Another window or computer on this clinic may have changed the record
   * since it was shown here: a delete decided on that copy is refused. */
  if (loaded_at != NULL)
    {
      g_autofree char *stored_at = _fol_sqlite_lookup_owner (self, check_sql, id);

      if (stored_at != NULL && g_strcmp0 (stored_at, loaded_at) != 0)
        {
          g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_CHANGED,
                       _("It was changed at %s, after it was opened here. Nothing was deleted: "
                         "look at the change, then delete it again if it should go."), stored_at);
          return _fol_sqlite_rollback (self);
        }
    }

  stmt = _fol_sqlite_prepare (self, sql, error);
  if (stmt == NULL)
    return _fol_sqlite_rollback (self);

  _fol_sqlite_bind_text (stmt, 1, id);
  if (!_fol_sqlite_step_done (self, stmt, error))
    return _fol_sqlite_rollback (self);

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND, not_found);
      return _fol_sqlite_rollback (self);
    }

  return _fol_sqlite_commit (self, error);
}

static gboolean
fol_sqlite_store_delete_patient (FolStore    *store,
                                 const char  *patient_id,
                                 const char  *loaded_at,
                                 GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *not_found = g_strdup_printf (_("No patient has the ID “%s”"), patient_id);

  if (!delete_by_id (self, "DELETE FROM patients WHERE id = ?",
                     "SELECT updated_at FROM patients WHERE id = ?", patient_id,
                     loaded_at, not_found, error))
    return FALSE;

  fol_store_emit_changed (store, FOL_STORE_CHANGE_PATIENT, patient_id);
  return TRUE;
}

/* Visits */

gboolean
_fol_sqlite_lookup_birth_date (FolSqliteStore  *self,
                               const char      *patient_id,
                               FolDate         *out_birth,
                               GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (patient_id == NULL)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("The record belongs to no patient"));
      return FALSE;
    }

  stmt = _fol_sqlite_prepare (self, "SELECT birth_date FROM patients WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  _fol_sqlite_bind_text (stmt, 1, patient_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_birth = _fol_sqlite_column_date (stmt, 0);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("No patient has the ID “%s”"), patient_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _fol_sqlite_fail (self, rc, error);

  return TRUE;
}

static gboolean
fol_sqlite_store_save_visit (FolStore    *store,
                             FolVisit    *visit,
                             GPtrArray   *measurements,
                             GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *now = fol_timestamp_now ();
  g_autofree char *new_id = NULL;
  const char *id;
  sqlite3_stmt *stmt;
  guint stored = 0;

  if (fol_visit_get_id (visit) == NULL)
    new_id = g_uuid_string_random ();
  id = new_id ? new_id : fol_visit_get_id (visit);

  if (!_fol_sqlite_begin (self, error))
    return FALSE;

  stamp_after_stored (self, "SELECT updated_at FROM visits WHERE id = ?",
                      fol_visit_get_id (visit), &now);
  if (!_fol_sqlite_write_visit (self, visit, id, now, error))
    return _fol_sqlite_rollback (self);

  /* Derived, checked and non-empty (fol_store_save_visit()). */
  for (guint i = 0; measurements != NULL && i < measurements->len; i++)
    {
      FolMeasurement *m = g_ptr_array_index (measurements, i);

      if (!_fol_sqlite_write_measurement (self, id, m, error))
        return _fol_sqlite_rollback (self);

      stored |= FOL_REGION_BIT (fol_measurement_get_region (m));
    }

  /* Regions left out of this save were cleared by the user. */
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      if (stored & FOL_REGION_BIT (r))
        continue;

      stmt = _fol_sqlite_prepare (self, "DELETE FROM measurements WHERE visit_id = ? AND region = ?", error);
      if (stmt == NULL)
        return _fol_sqlite_rollback (self);
      _fol_sqlite_bind_text (stmt, 1, id);
      _fol_sqlite_bind_text (stmt, 2, fol_region_code (r));
      if (!_fol_sqlite_step_done (self, stmt, error))
        return _fol_sqlite_rollback (self);
    }

  if (!_fol_sqlite_commit (self, error))
    return FALSE;

  if (new_id != NULL)
    {
      fol_visit_set_id (visit, new_id);
      fol_visit_set_created_at (visit, now);
    }
  fol_visit_set_updated_at (visit, now);

  fol_store_emit_changed (store, FOL_STORE_CHANGE_VISIT, fol_visit_get_patient_id (visit));
  return TRUE;
}

char *
_fol_sqlite_lookup_owner (FolSqliteStore *self,
                          const char     *sql,
                          const char     *id)
{
  sqlite3_stmt *stmt = _fol_sqlite_prepare (self, sql, NULL);
  char *owner = NULL;

  if (stmt == NULL)
    return NULL;

  _fol_sqlite_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    owner = g_strdup (_fol_sqlite_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return owner;
}

static gboolean
fol_sqlite_store_delete_visit (FolStore    *store,
                               const char  *visit_id,
                               const char  *loaded_at,
                               GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *patient_id =
    _fol_sqlite_lookup_owner (self, "SELECT patient_id FROM visits WHERE id = ?", visit_id);
  g_autofree char *not_found = g_strdup_printf (_("No visit has the ID “%s”"), visit_id);

  if (!delete_by_id (self, "DELETE FROM visits WHERE id = ?",
                     "SELECT updated_at FROM visits WHERE id = ?", visit_id,
                     loaded_at, not_found, error))
    return FALSE;

  fol_store_emit_changed (store, FOL_STORE_CHANGE_VISIT, patient_id);
  return TRUE;
}

/* Treatment sessions */


static gboolean
fol_sqlite_store_save_session (FolStore             *store,
                               FolTreatmentSession  *session,
                               GError              **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *now = fol_timestamp_now ();
  g_autofree char *new_id = NULL;
  const char *id;

  if (fol_treatment_session_get_id (session) == NULL)
    new_id = g_uuid_string_random ();
  id = new_id ? new_id : fol_treatment_session_get_id (session);

  if (!_fol_sqlite_begin (self, error))
    return FALSE;

  stamp_after_stored (self, "SELECT updated_at FROM treatment_sessions WHERE id = ?",
                      fol_treatment_session_get_id (session), &now);
  if (!_fol_sqlite_write_session (self, session, id, now, error))
    return _fol_sqlite_rollback (self);

  if (!_fol_sqlite_commit (self, error))
    return FALSE;

  if (new_id != NULL)
    {
      fol_treatment_session_set_id (session, new_id);
      fol_treatment_session_set_created_at (session, now);
    }
  fol_treatment_session_set_updated_at (session, now);

  fol_store_emit_changed (store, FOL_STORE_CHANGE_SESSION,
                          fol_treatment_session_get_patient_id (session));
  return TRUE;
}

static gboolean
fol_sqlite_store_delete_session (FolStore    *store,
                                 const char  *session_id,
                                 const char  *loaded_at,
                                 GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *patient_id =
    _fol_sqlite_lookup_owner (self, "SELECT patient_id FROM treatment_sessions WHERE id = ?", session_id);
  g_autofree char *not_found = g_strdup_printf (_("No treatment session has the ID “%s”"),
                                                session_id);

  if (!delete_by_id (self, "DELETE FROM treatment_sessions WHERE id = ?",
                     "SELECT updated_at FROM treatment_sessions WHERE id = ?", session_id,
                     loaded_at, not_found, error))
    return FALSE;

  fol_store_emit_changed (store, FOL_STORE_CHANGE_SESSION, patient_id);
  return TRUE;
}

/* Interface */

void
_fol_sqlite_store_records_iface_init (FolStoreInterface *iface)
{
  iface->save_patient = fol_sqlite_store_save_patient;
  iface->delete_patient = fol_sqlite_store_delete_patient;
  iface->save_visit = fol_sqlite_store_save_visit;
  iface->delete_visit = fol_sqlite_store_delete_visit;
  iface->save_session = fol_sqlite_store_save_session;
  iface->delete_session = fol_sqlite_store_delete_session;
}
