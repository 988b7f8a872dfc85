/* fol-sqlite-store-export.c
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

#define G_LOG_DOMAIN "fol-sqlite-store-export"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-sqlite-store-export-private.h"

/* The SQL of exports and imports: batches written in one transaction,
 * photos of a patient, and a canonical dump for comparisons. The
 * single-patient file is in fol-sqlite-store-share.c.
 */

struct _FolStoreBatch
{
  GPtrArray *patients;      /* FolPatient */
  GPtrArray *visits;        /* FolVisit */
  GPtrArray *measurements;  /* GPtrArray of FolMeasurement, parallel to visits */
  GPtrArray *sessions;      /* FolTreatmentSession */
};

static const char *severity_codes[FOL_N_SEVERITIES] = { "mild", "moderate", "severe" };

FolStoreBatch *
fol_store_batch_new (void)
{
  FolStoreBatch *batch = g_new0 (FolStoreBatch, 1);

  batch->patients = g_ptr_array_new_with_free_func (g_object_unref);
  batch->visits = g_ptr_array_new_with_free_func (g_object_unref);
  batch->measurements = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  batch->sessions = g_ptr_array_new_with_free_func (g_object_unref);
  return batch;
}

void
fol_store_batch_free (FolStoreBatch *batch)
{
  if (batch == NULL)
    return;
  g_ptr_array_unref (batch->patients);
  g_ptr_array_unref (batch->visits);
  g_ptr_array_unref (batch->measurements);
  g_ptr_array_unref (batch->sessions);
  g_free (batch);
}

/* Patients are written first, then visits, then sessions; the objects are
 * referenced, not copied.
 */
void
fol_store_batch_add_patient (FolStoreBatch *batch,
                             FolPatient    *patient)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (FOL_IS_PATIENT (patient));
  g_return_if_fail (fol_patient_get_id (patient) != NULL);

  g_ptr_array_add (batch->patients, g_object_ref (patient));
}

void
fol_store_batch_add_visit (FolStoreBatch *batch,
                           FolVisit      *visit,
                           GPtrArray     *measurements)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (FOL_IS_VISIT (visit));
  g_return_if_fail (fol_visit_get_id (visit) != NULL);

  g_ptr_array_add (batch->visits, g_object_ref (visit));
  g_ptr_array_add (batch->measurements,
                   measurements ? g_ptr_array_ref (measurements)
                                : g_ptr_array_new_with_free_func (g_object_unref));
}

void
fol_store_batch_add_session (FolStoreBatch       *batch,
                             FolTreatmentSession *session)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (session));
  g_return_if_fail (fol_treatment_session_get_id (session) != NULL);

  g_ptr_array_add (batch->sessions, g_object_ref (session));
}

guint
fol_store_batch_get_size (FolStoreBatch *batch)
{
  g_return_val_if_fail (batch != NULL, 0);
  return batch->patients->len + batch->visits->len + batch->sessions->len;
}

static char *
sort_key (const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
}

static gboolean
batch_patient (FolSqliteStore  *self,
               FolPatient      *patient,
               const char      *now,
               GError         **error)
{
  g_autofree char *key = sort_key (fol_patient_get_name (patient));
  sqlite3_stmt *stmt;

  stmt = _fol_sqlite_prepare (self,
                  "INSERT INTO patients (id, name, sort_name, birth_date, sex, diagnosis, notes,"
                  " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)"
                  " ON CONFLICT (id) DO UPDATE SET name = ?2, sort_name = ?3, birth_date = ?4,"
                  " sex = ?5, diagnosis = ?6, notes = ?7, updated_at = ?8", error);
  if (stmt == NULL)
    return FALSE;

  _fol_sqlite_bind_text (stmt, 1, fol_patient_get_id (patient));
  _fol_sqlite_bind_text (stmt, 2, fol_patient_get_name (patient));
  _fol_sqlite_bind_text (stmt, 3, key);
  _fol_sqlite_bind_date (stmt, 4, fol_patient_get_birth_date (patient));
  _fol_sqlite_bind_text (stmt, 5, fol_patient_get_sex (patient));
  _fol_sqlite_bind_text (stmt, 6, fol_patient_get_diagnosis (patient));
  _fol_sqlite_bind_text (stmt, 7, fol_patient_get_notes (patient));
  _fol_sqlite_bind_text (stmt, 8, now);
  if (!_fol_sqlite_step_done (self, stmt, error))
    return FALSE;

  /* Sites are added or changed, never removed: a file without them keeps
   * the ones already written down.
   */
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      const char *site = fol_patient_get_site (patient, r);

      if (site == NULL || site[0] == '\0')
        continue;

      stmt = _fol_sqlite_prepare (self, "INSERT INTO patient_sites (patient_id, region, description)"
                                  " VALUES (?1, ?2, ?3) ON CONFLICT (patient_id, region)"
                                  " DO UPDATE SET description = ?3", error);
      if (stmt == NULL)
        return FALSE;
      _fol_sqlite_bind_text (stmt, 1, fol_patient_get_id (patient));
      _fol_sqlite_bind_text (stmt, 2, fol_region_code (r));
      _fol_sqlite_bind_text (stmt, 3, site);
      if (!_fol_sqlite_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
batch_visit (FolSqliteStore  *self,
             FolVisit        *visit,
             GPtrArray       *measurements,
             const char      *now,
             GError         **error)
{
  const char *id = fol_visit_get_id (visit);
  sqlite3_stmt *stmt;

  stmt = _fol_sqlite_prepare (self,
                  "INSERT INTO visits (id, patient_id, visit_date, kind, clinician, norwood, ludwig,"
                  " sinclair, salt_top, salt_back, salt_right, salt_left, investigator_assessment,"
                  " patient_assessment, notes, created_at, updated_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)"
                  " ON CONFLICT (id) DO UPDATE SET visit_date = ?3, kind = ?4, clinician = ?5,"
                  " norwood = ?6, ludwig = ?7, sinclair = ?8, salt_top = ?9, salt_back = ?10,"
                  " salt_right = ?11, salt_left = ?12, investigator_assessment = ?13,"
                  " patient_assessment = ?14, notes = ?15, updated_at = ?16"
                  " WHERE patient_id = ?2", error);
  if (stmt == NULL)
    return FALSE;

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
  if (!_fol_sqlite_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                   _("Visit “%s” belongs to another patient"), id);
      return FALSE;
    }

  for (guint i = 0; measurements != NULL && i < measurements->len; i++)
    {
      FolMeasurement *m = g_ptr_array_index (measurements, i);

      stmt = _fol_sqlite_prepare (self,
                      "INSERT INTO measurements (visit_id, region, hair_count, field_area_cm2,"
                      " total_density, terminal_density, vellus_density, terminal_threshold_um,"
                      " mean_diameter_um, anagen_percent, fu_density, method, notes)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
                      " ON CONFLICT (visit_id, region) DO UPDATE SET hair_count = ?3,"
                      " field_area_cm2 = ?4, total_density = ?5, terminal_density = ?6,"
                      " vellus_density = ?7, terminal_threshold_um = ?8, mean_diameter_um = ?9,"
                      " anagen_percent = ?10, fu_density = ?11, method = ?12, notes = ?13", error);
      if (stmt == NULL)
        return FALSE;

      _fol_sqlite_bind_text (stmt, 1, id);
      _fol_sqlite_bind_text (stmt, 2, fol_region_code (fol_measurement_get_region (m)));
      if (isnan (fol_measurement_get_hair_count (m)))
        sqlite3_bind_null (stmt, 3);
      else
        sqlite3_bind_int (stmt, 3, (int) fol_measurement_get_hair_count (m));
      _fol_sqlite_bind_double (stmt, 4, fol_measurement_get_field_area (m));
      _fol_sqlite_bind_double (stmt, 5, fol_measurement_get_total_density (m));
      _fol_sqlite_bind_double (stmt, 6, fol_measurement_get_terminal_density (m));
      _fol_sqlite_bind_double (stmt, 7, fol_measurement_get_vellus_density (m));
      _fol_sqlite_bind_double (stmt, 8, fol_measurement_get_terminal_threshold (m));
      _fol_sqlite_bind_double (stmt, 9, fol_measurement_get_mean_diameter (m));
      _fol_sqlite_bind_double (stmt, 10, fol_measurement_get_anagen (m));
      _fol_sqlite_bind_double (stmt, 11, fol_measurement_get_fu_density (m));
      _fol_sqlite_bind_text (stmt, 12, fol_measurement_get_method (m));
      _fol_sqlite_bind_text (stmt, 13, fol_measurement_get_notes (m));
      if (!_fol_sqlite_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
batch_session (FolSqliteStore       *self,
               FolTreatmentSession  *session,
               const char           *now,
               GError              **error)
{
  const char *id = fol_treatment_session_get_id (session);
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
      FolSeverity severity = FOL_SEVERITY_MILD;
      const char *description = fol_treatment_session_get_adverse_event (session, i, &severity);

      stmt = _fol_sqlite_prepare (self, "INSERT INTO adverse_events (id, session_id, position, description,"
                                  " severity) VALUES (?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      _fol_sqlite_bind_text (stmt, 1, event_id);
      _fol_sqlite_bind_text (stmt, 2, id);
      sqlite3_bind_int (stmt, 3, i);
      _fol_sqlite_bind_text (stmt, 4, description);
      _fol_sqlite_bind_text (stmt, 5, severity_codes[MIN (severity, FOL_SEVERITY_SEVERE)]);
      if (!_fol_sqlite_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * fol_sqlite_store_apply_batch:
 *
 * Writes every record of @batch in one transaction: all of them are stored,
 * or, on the first failure, none. Records are inserted or, when their ID
 * exists, updated; measurements of a visit are added or replaced region by
 * region. The caller validates the records first (the CSV import does,
 * through fol-validate); the schema's constraints are the last line.
 */
gboolean
fol_sqlite_store_apply_batch (FolSqliteStore  *self,
                              FolStoreBatch   *batch,
                              GError         **error)
{
  g_autofree char *now = fol_timestamp_now ();
  g_autoptr(GHashTable) touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_fol_sqlite_begin (self, error))
    return FALSE;

  for (guint i = 0; i < batch->patients->len; i++)
    {
      FolPatient *p = g_ptr_array_index (batch->patients, i);

      if (!batch_patient (self, p, now, error))
        return _fol_sqlite_rollback (self);
      g_hash_table_add (touched, g_strdup (fol_patient_get_id (p)));
    }

  for (guint i = 0; i < batch->visits->len; i++)
    {
      FolVisit *v = g_ptr_array_index (batch->visits, i);

      if (!batch_visit (self, v, g_ptr_array_index (batch->measurements, i), now, error))
        return _fol_sqlite_rollback (self);
      g_hash_table_add (touched, g_strdup (fol_visit_get_patient_id (v)));
    }

  for (guint i = 0; i < batch->sessions->len; i++)
    {
      FolTreatmentSession *s = g_ptr_array_index (batch->sessions, i);

      if (!batch_session (self, s, now, error))
        return _fol_sqlite_rollback (self);
      g_hash_table_add (touched, g_strdup (fol_treatment_session_get_patient_id (s)));
    }

  if (!_fol_sqlite_commit (self, error))
    return FALSE;

  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    fol_store_emit_changed (FOL_STORE (self), FOL_STORE_CHANGE_PATIENT, key);

  return TRUE;
}

/* Lookups for an import's preview */

/* Returns: (transfer full) (nullable): the patient a stored record of
 * @table ("patients", "visits" or "treatment_sessions") belongs to, or
 * %NULL when no record has @id
 */
char *
fol_sqlite_store_get_owner (FolSqliteStore *self,
                            const char     *table,
                            const char     *id)
{
  const char *sql;

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  if (id == NULL)
    return NULL;

  /* Fixed statements, never a table name pasted into SQL. */
  if (g_str_equal (table, "patients"))
    sql = "SELECT id FROM patients WHERE id = ?";
  else if (g_str_equal (table, "visits"))
    sql = "SELECT patient_id FROM visits WHERE id = ?";
  else if (g_str_equal (table, "treatment_sessions"))
    sql = "SELECT patient_id FROM treatment_sessions WHERE id = ?";
  else
    g_return_val_if_reached (NULL);

  return _fol_sqlite_lookup_owner (self, sql, id);
}

gboolean
fol_sqlite_store_has_record (FolSqliteStore *self,
                             const char     *table,
                             const char     *id)
{
  g_autofree char *owner = fol_sqlite_store_get_owner (self, table, id);

  return owner != NULL;
}

/* Returns: (transfer full) (nullable): the ID of the patient with this name
 * (compared case-insensitively) and date of birth
 */
char *
fol_sqlite_store_find_patient (FolSqliteStore *self,
                               const char     *name,
                               FolDate         birth_date)
{
  g_autofree char *key = NULL;
  g_autofree char *birth = NULL;
  sqlite3_stmt *stmt;
  char *id = NULL;

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  key = sort_key (name);
  birth = fol_date_to_iso (birth_date);
  stmt = _fol_sqlite_prepare (self, "SELECT id FROM patients WHERE sort_name = ?1"
                              " AND birth_date IS ?2 ORDER BY id LIMIT 1", NULL);
  if (stmt == NULL)
    return NULL;
  _fol_sqlite_bind_text (stmt, 1, key);
  _fol_sqlite_bind_text (stmt, 2, birth);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup (_fol_sqlite_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return id;
}

char *
fol_sqlite_store_find_visit (FolSqliteStore *self,
                             const char     *patient_id,
                             FolDate         date)
{
  g_autofree char *iso = NULL;
  sqlite3_stmt *stmt;
  char *id = NULL;

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), NULL);

  if (patient_id == NULL)
    return NULL;

  iso = fol_date_to_iso (date);
  stmt = _fol_sqlite_prepare (self, "SELECT id FROM visits WHERE patient_id = ?1"
                              " AND visit_date = ?2 ORDER BY id LIMIT 1", NULL);
  if (stmt == NULL)
    return NULL;
  _fol_sqlite_bind_text (stmt, 1, patient_id);
  _fol_sqlite_bind_text (stmt, 2, iso);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup (_fol_sqlite_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return id;
}

/* Returns: (transfer full) (nullable): the ID of the patient's session of
 * this type on this day
 */
char *
fol_sqlite_store_find_session (FolSqliteStore *self,
                               const char     *patient_id,
                               FolDate         date,
                               const char     *treatment_type)
{
  g_autofree char *iso = NULL;
  sqlite3_stmt *stmt;
  char *id = NULL;

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), NULL);

  if (patient_id == NULL || treatment_type == NULL)
    return NULL;

  iso = fol_date_to_iso (date);
  stmt = _fol_sqlite_prepare (self, "SELECT id FROM treatment_sessions WHERE patient_id = ?1"
                              " AND session_date = ?2 AND treatment_type = ?3 ORDER BY id LIMIT 1", NULL);
  if (stmt == NULL)
    return NULL;
  _fol_sqlite_bind_text (stmt, 1, patient_id);
  _fol_sqlite_bind_text (stmt, 2, iso);
  _fol_sqlite_bind_text (stmt, 3, treatment_type);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup (_fol_sqlite_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return id;
}

/* Returns: (transfer full) (element-type utf8): every patient ID, sorted by
 * name then ID
 */
GPtrArray *
fol_sqlite_store_list_patient_ids (FolSqliteStore  *self,
                                   GError         **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), NULL);

  stmt = _fol_sqlite_prepare (self, "SELECT id FROM patients ORDER BY sort_name, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup (_fol_sqlite_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _fol_sqlite_fail (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* Photos */

/**
 * fol_sqlite_store_list_photos:
 *
 * Returns: (transfer full) (element-type FolPhoto): the patient's photos,
 *   oldest visit first, then by region
 */
GPtrArray *
fol_sqlite_store_list_photos (FolSqliteStore  *self,
                              const char      *patient_id,
                              GError         **error)
{
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  stmt = _fol_sqlite_prepare (self,
                  "SELECT p.id, p.visit_id, p.region, p.sha256, p.original_name, p.taken_at,"
                  " p.width, p.height, p.px_per_mm, p.created_at FROM photos p"
                  " JOIN visits v ON v.id = p.visit_id WHERE v.patient_id = ?"
                  " ORDER BY v.visit_date, p.region, p.created_at, p.id", error);
  if (stmt == NULL)
    return NULL;

  _fol_sqlite_bind_text (stmt, 1, patient_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(FolPhoto) photo = fol_photo_new ();

      fol_photo_set_id (photo, _fol_sqlite_column_text (stmt, 0));
      fol_photo_set_visit_id (photo, _fol_sqlite_column_text (stmt, 1));
      fol_photo_set_region (photo, _fol_sqlite_column_region (stmt, 2));
      fol_photo_set_sha256 (photo, _fol_sqlite_column_text (stmt, 3));
      fol_photo_set_original_name (photo, _fol_sqlite_column_text (stmt, 4));
      fol_photo_set_taken_at (photo, _fol_sqlite_column_text (stmt, 5));
      fol_photo_set_width (photo, sqlite3_column_int (stmt, 6));
      fol_photo_set_height (photo, sqlite3_column_int (stmt, 7));
      fol_photo_set_px_per_mm (photo, _fol_sqlite_column_double (stmt, 8));
      fol_photo_set_created_at (photo, _fol_sqlite_column_text (stmt, 9));
      g_ptr_array_add (photos, g_steal_pointer (&photo));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _fol_sqlite_fail (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&photos);
}

gboolean
_fol_sqlite_is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

gboolean
_fol_sqlite_has_table (sqlite3    *db,
                       const char *name)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

/* Finds <data dir>/photos/<2 hex>/<sha256>.<ext> whatever the extension. */
char *
_fol_sqlite_find_photo_file (FolSqliteStore *self,
                             const char     *sha256)
{
  g_autofree char *data_dir = fol_sqlite_store_get_data_dir (self);
  char prefix[3] = { sha256[0], sha256[1], '\0' };
  g_autofree char *dir_path = g_build_filename (data_dir, "photos", prefix, NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (strncmp (name, sha256, 64) == 0 && (name[64] == '\0' || name[64] == '.'))
        return g_build_filename (dir_path, name, NULL);
    }

  return NULL;
}

/**
 * fol_sqlite_store_load_photo:
 * @sha256: the photo's content hash, 64 lower-case hex digits
 *
 * Reads a photo's bytes: from the photos folder beside the database, or,
 * in a single-patient file, from the file itself.
 *
 * Returns: (transfer full): the bytes, or %NULL with @error set
 */
GBytes *
fol_sqlite_store_load_photo (FolSqliteStore  *self,
                             const char      *sha256,
                             GError         **error)
{
  g_autofree char *path = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), NULL);

  if (!_fol_sqlite_is_sha256 (sha256))
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("“%s” is not a photo’s checksum"), sha256 ? sha256 : "");
      return NULL;
    }

  if (_fol_sqlite_has_table (self->db, "photo_files"))
    {
      sqlite3_stmt *stmt = _fol_sqlite_prepare (self, "SELECT data FROM photo_files WHERE sha256 = ?", error);
      GBytes *bytes = NULL;

      if (stmt == NULL)
        return NULL;
      _fol_sqlite_bind_text (stmt, 1, sha256);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
      sqlite3_reset (stmt);
      if (bytes != NULL)
        return bytes;
    }

  path = _fol_sqlite_find_photo_file (self, sha256);
  if (path == NULL)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("The photo file %s is missing from the photos folder"), sha256);
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  return g_bytes_new_take (contents, length);
}

/* Canonical content */

typedef struct
{
  const char *table;
  const char *select;  /* columns, in a fixed order */
  const char *order;
} CanonicalTable;

/* What a record says, without when it was written: created_at, updated_at
 * and generated IDs of adverse events differ between two imports of the
 * same data.
 */
static const CanonicalTable dump_tables[] = {
  { "patients", "id, name, sort_name, birth_date, sex, diagnosis, notes", "id" },
  { "patient_sites", "patient_id, region, description", "patient_id, region" },
  { "visits", "id, patient_id, visit_date, kind, clinician, norwood, ludwig, sinclair, salt_top,"
    " salt_back, salt_right, salt_left, investigator_assessment, patient_assessment, notes", "id" },
  { "measurements", "*", "visit_id, region" },
  { "treatment_sessions", "id, patient_id, session_date, treatment_type, product, lot_number,"
    " volume_ml, dose, depth_mm, anaesthesia, clinician, notes", "id" },
  { "session_regions", "*", "session_id, region" },
  { "adverse_events", "session_id, position, description, severity", "session_id, position" },
  { "photos", "id, visit_id, region, sha256, original_name, taken_at, width, height, px_per_mm",
    "id" },
};

static int
dump_table (sqlite3              *db,
            const CanonicalTable *t,
            GString              *out)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  sql = g_strdup_printf ("SELECT %s FROM %s ORDER BY %s", t->select, t->table, t->order);
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;

  g_string_append_printf (out, "[%s]\n", t->table);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int n = sqlite3_column_count (stmt);

      for (int i = 0; i < n; i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i);

          if (i > 0)
            g_string_append_c (out, '|');
          if (text == NULL)
            g_string_append (out, "NULL");
          else
            g_string_append_printf (out, "%s", text);
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/**
 * fol_sqlite_store_dump_canonical:
 *
 * Returns: (transfer full): every clinical record as text, in a fixed
 *   order and without write timestamps, so that two databases holding the
 *   same records give the same text
 */
char *
fol_sqlite_store_dump_canonical (FolSqliteStore  *self,
                                 GError         **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (dump_tables); i++)
    {
      int rc = dump_table (self->db, &dump_tables[i], out);

      if (rc != SQLITE_OK)
        {
          _fol_sqlite_fail (self, rc, error);
          return NULL;
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
