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

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-sqlite-migrations.h"
#include "fol-sqlite-store-export.h"
#include "fol-sqlite-store-private.h"

/* The SQL of exports and imports: batches written in one transaction,
 * photos of a patient, a canonical dump for comparisons, and the
 * single-patient file.
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

static gboolean
is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static gboolean
has_table (sqlite3    *db,
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
static char *
find_photo_file (FolSqliteStore *self,
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

  if (!is_sha256 (sha256))
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("“%s” is not a photo’s checksum"), sha256 ? sha256 : "");
      return NULL;
    }

  if (has_table (self->db, "photo_files"))
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

  path = find_photo_file (self, sha256);
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

/* Everything the single-patient file holds, its checksum excepted. */
static const CanonicalTable share_tables[] = {
  { "patients", "*", "id" },
  { "patient_sites", "*", "patient_id, region" },
  { "visits", "*", "id" },
  { "measurements", "*", "visit_id, region" },
  { "treatment_sessions", "*", "id" },
  { "session_regions", "*", "session_id, region" },
  { "adverse_events", "*", "id" },
  { "photos", "*", "id" },
  { "photo_files", "*", "sha256" },
  { "manifest", "key, value FROM manifest WHERE key <> 'checksum'", NULL },
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

/* Feeds one value to the checksum with its type and length, so that no two
 * different contents give the same byte stream.
 */
static void
checksum_value (GChecksum    *sum,
                sqlite3_stmt *stmt,
                int           i)
{
  guint8 type = sqlite3_column_type (stmt, i);
  guint64 be;

  g_checksum_update (sum, &type, 1);
  switch (type)
    {
    case SQLITE_INTEGER:
      be = GUINT64_TO_BE ((guint64) sqlite3_column_int64 (stmt, i));
      g_checksum_update (sum, (const guchar *) &be, sizeof be);
      break;
    case SQLITE_FLOAT:
      {
        double d = sqlite3_column_double (stmt, i);
        guint64 bits;

        memcpy (&bits, &d, sizeof bits);
        be = GUINT64_TO_BE (bits);
        g_checksum_update (sum, (const guchar *) &be, sizeof be);
      }
      break;
    case SQLITE_TEXT:
    case SQLITE_BLOB:
      {
        const void *data = type == SQLITE_TEXT ? (const void *) sqlite3_column_text (stmt, i)
                                               : sqlite3_column_blob (stmt, i);
        int n = sqlite3_column_bytes (stmt, i);

        be = GUINT64_TO_BE ((guint64) n);
        g_checksum_update (sum, (const guchar *) &be, sizeof be);
        if (n > 0)
          g_checksum_update (sum, data, n);
      }
      break;
    case SQLITE_NULL:
    default:
      break;
    }
}

static int
share_checksum (sqlite3  *db,
                char    **out_hex)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint t = 0; t < G_N_ELEMENTS (share_tables); t++)
    {
      const CanonicalTable *table = &share_tables[t];
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt = NULL;
      guint32 n_rows = 0;
      int rc;

      if (table->order != NULL)
        sql = g_strdup_printf ("SELECT %s FROM %s ORDER BY %s", table->select, table->table, table->order);
      else
        sql = g_strdup_printf ("SELECT %s ORDER BY key", table->select);

      rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
      if (rc != SQLITE_OK)
        return rc;

      g_checksum_update (sum, (const guchar *) table->table, strlen (table->table) + 1);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          int n = sqlite3_column_count (stmt);
          guint8 mark = 0x1e;

          g_checksum_update (sum, &mark, 1);
          for (int i = 0; i < n; i++)
            checksum_value (sum, stmt, i);
          n_rows++;
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return rc;

      n_rows = GUINT32_TO_BE (n_rows);
      g_checksum_update (sum, (const guchar *) &n_rows, sizeof n_rows);
    }

  *out_hex = g_strdup (g_checksum_get_string (sum));
  return SQLITE_OK;
}

/* Single-patient file */

#define SHARE_FORMAT_VERSION "1"

static const char share_tables_sql[] =
  "CREATE TABLE photo_files (\n"
  "  sha256    TEXT PRIMARY KEY NOT NULL,\n"
  "  extension TEXT,\n"
  "  data      BLOB NOT NULL\n"
  ");\n"
  "CREATE TABLE manifest (\n"
  "  key   TEXT PRIMARY KEY NOT NULL,\n"
  "  value TEXT NOT NULL\n"
  ");\n";

/* Copies, in the order foreign keys need, only rows of one patient. */
static const char * const share_copy_sql[] = {
  "INSERT INTO main.patients SELECT * FROM src.patients WHERE id = ?1",
  "INSERT INTO main.patient_sites SELECT * FROM src.patient_sites WHERE patient_id = ?1",
  "INSERT INTO main.visits SELECT * FROM src.visits WHERE patient_id = ?1",
  "INSERT INTO main.measurements SELECT m.* FROM src.measurements m"
  " JOIN src.visits v ON v.id = m.visit_id WHERE v.patient_id = ?1",
  "INSERT INTO main.treatment_sessions SELECT * FROM src.treatment_sessions WHERE patient_id = ?1",
  "INSERT INTO main.session_regions SELECT r.* FROM src.session_regions r"
  " JOIN src.treatment_sessions s ON s.id = r.session_id WHERE s.patient_id = ?1",
  "INSERT INTO main.adverse_events SELECT a.* FROM src.adverse_events a"
  " JOIN src.treatment_sessions s ON s.id = a.session_id WHERE s.patient_id = ?1",
  "INSERT INTO main.photos SELECT p.* FROM src.photos p"
  " JOIN src.visits v ON v.id = p.visit_id WHERE v.patient_id = ?1",
};

static gboolean
share_fail (sqlite3     *db,
            int          rc,
            GError     **error)
{
  _fol_sqlite_set_error_from_rc (error, rc, db ? sqlite3_errmsg (db) : NULL);
  return FALSE;
}

static gboolean
share_exec (sqlite3     *db,
            const char  *sql,
            GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      _fol_sqlite_set_error_from_rc (error, rc, message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
share_run (sqlite3     *db,
           const char  *sql,
           const char  *arg1,
           const char  *arg2,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      if (arg1 != NULL)
        sqlite3_bind_text (stmt, 1, arg1, -1, SQLITE_TRANSIENT);
      if (arg2 != NULL)
        sqlite3_bind_text (stmt, 2, arg2, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return share_fail (db, rc, error);
  return TRUE;
}

static gboolean
share_copy_photos (FolSqliteStore  *self,
                   sqlite3         *db,
                   const char      *patient_id,
                   GError         **error)
{
  g_autoptr(GPtrArray) photos = fol_sqlite_store_list_photos (self, patient_id, error);

  if (photos == NULL)
    return FALSE;

  for (guint i = 0; i < photos->len; i++)
    {
      const char *sha256 = fol_photo_get_sha256 (g_ptr_array_index (photos, i));
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      const char *dot;
      gsize length = 0;
      sqlite3_stmt *stmt = NULL;
      int rc;

      if (!is_sha256 (sha256) || (path = find_photo_file (self, sha256)) == NULL)
        continue;  /* a record whose file is gone: the row still travels */

      if (!g_file_get_contents (path, &contents, &length, error))
        return FALSE;

      dot = strrchr (path, '.');
      rc = sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO photo_files (sha256, extension, data)"
                               " VALUES (?, ?, ?)", -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
          if (dot != NULL && strchr (dot, G_DIR_SEPARATOR) == NULL)
            sqlite3_bind_text (stmt, 2, dot + 1, -1, SQLITE_STATIC);
          sqlite3_bind_blob64 (stmt, 3, contents, length, SQLITE_STATIC);
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_OK)
        return share_fail (db, rc, error);
    }

  return TRUE;
}

static gboolean
share_fill (FolSqliteStore  *self,
            sqlite3         *db,
            const char      *patient_id,
            GError         **error)
{
  g_autofree char *set_version = NULL;
  g_autofree char *set_id = NULL;
  g_autofree char *now = fol_timestamp_now ();
  g_autofree char *schema = NULL;
  g_autofree char *checksum = NULL;
  guint latest = _fol_sqlite_schema_version ();
  int rc;

  /* The store's own migrations, so the file is a clinic database that
   * FolSqliteStore opens as it is.
   */
  if (!share_exec (db, "BEGIN", error))
    return FALSE;
  for (guint v = 1; v <= latest; v++)
    if (!share_exec (db, _fol_sqlite_migration (v), error))
      return FALSE;
  set_version = g_strdup_printf ("PRAGMA user_version = %u", latest);
  set_id = g_strdup_printf ("PRAGMA application_id = %d", FOL_SQLITE_APPLICATION_ID);
  if (!share_exec (db, set_version, error) ||
      !share_exec (db, set_id, error) ||
      !share_exec (db, share_tables_sql, error) ||
      !share_run (db, "ATTACH DATABASE ?1 AS src", self->path, NULL, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (share_copy_sql); i++)
    if (!share_run (db, share_copy_sql[i], patient_id, NULL, error))
      return FALSE;

  /* The triggers logged the copy itself; the file holds records, not the
   * clinic's history of edits.
   */
  if (!share_exec (db, "DELETE FROM main.audit_log", error) ||
      !share_copy_photos (self, db, patient_id, error))
    return FALSE;

  schema = g_strdup_printf ("%u", latest);
  if (!share_run (db, "INSERT INTO manifest (key, value) VALUES ('format_version', ?1)",
                  SHARE_FORMAT_VERSION, NULL, error) ||
      !share_run (db, "INSERT INTO manifest (key, value) VALUES ('app_version', ?1)",
                  PACKAGE_VERSION, NULL, error) ||
      !share_run (db, "INSERT INTO manifest (key, value) VALUES ('schema_version', ?1)",
                  schema, NULL, error) ||
      !share_run (db, "INSERT INTO manifest (key, value) VALUES ('created_at', ?1)",
                  now, NULL, error) ||
      !share_run (db, "INSERT INTO manifest (key, value) VALUES ('patient_id', ?1)",
                  patient_id, NULL, error))
    return FALSE;

  rc = share_checksum (db, &checksum);
  if (rc != SQLITE_OK)
    return share_fail (db, rc, error);

  if (!share_run (db, "INSERT INTO manifest (key, value) VALUES ('checksum', ?1)",
                  checksum, NULL, error) ||
      !share_exec (db, "COMMIT", error) ||
      !share_exec (db, "DETACH DATABASE src", error) ||
      /* Rewrites the file without free pages, where deleted rows linger. */
      !share_exec (db, "VACUUM", error))
    return FALSE;

  return TRUE;
}

/**
 * fol_sqlite_store_write_patient_file:
 *
 * Writes a new clinic database at @path holding one patient's records and
 * photo files, with a manifest and a checksum. @path must not exist yet
 * (the caller writes to a temporary name and renames).
 */
gboolean
fol_sqlite_store_write_patient_file (FolSqliteStore  *self,
                                     const char      *patient_id,
                                     const char      *path,
                                     GError         **error)
{
  sqlite3 *db = NULL;
  gboolean ok;
  int rc;

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), FALSE);
  g_return_val_if_fail (patient_id != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fol_sqlite_store_has_record (self, "patients", patient_id))
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("No patient has the ID “%s”"), patient_id);
      return FALSE;
    }

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    ok = share_fail (db, rc, error);
  else
    ok = share_fill (self, db, patient_id, error);

  if (!ok && db != NULL && !sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);
  return ok;
}

/* A database file's header says how long the file must be: page size ×
 * page count. A cut-off copy fails here before SQLite reads it.
 */
static gboolean
check_length (const char  *path,
              GError     **error)
{
  guint8 header[100];
  GStatBuf st;
  guint32 page_size, n_pages;
  ssize_t n;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot read “%s”: %s"), path, g_strerror (errsv));
      return FALSE;
    }
  n = read (fd, header, sizeof header);
  if (fstat (fd, &st) != 0)
    n = -1;
  close (fd);

  if (n != sizeof header || memcmp (header, "SQLite format 3", 16) != 0)
    return FALSE;

  page_size = (header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  n_pages = ((guint32) header[28] << 24) | (header[29] << 16) | (header[30] << 8) | header[31];

  return page_size >= 512 && n_pages > 0 && (guint64) page_size * n_pages == (guint64) st.st_size;
}

static int
query_text (sqlite3     *db,
            const char  *sql,
            char       **out)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  *out = NULL;
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, 0);

          *out = g_strdup (text);
          rc = SQLITE_OK;
        }
      else if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  return rc;
}

static gboolean
verify_open (sqlite3  *db,
             char    **out_patient_id,
             gboolean *damaged)
{
  g_autofree char *app_id = NULL;
  g_autofree char *version = NULL;
  g_autofree char *check = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *computed = NULL;
  g_autofree char *format = NULL;
  g_autofree char *expected_id = g_strdup_printf ("%d", FOL_SQLITE_APPLICATION_ID);
  g_autofree char *expected_version = g_strdup_printf ("%u", _fol_sqlite_schema_version ());

  *damaged = TRUE;
  if (query_text (db, "PRAGMA quick_check", &check) != SQLITE_OK ||
      g_strcmp0 (check, "ok") != 0)
    return FALSE;

  *damaged = FALSE;
  if (query_text (db, "PRAGMA application_id", &app_id) != SQLITE_OK ||
      g_strcmp0 (app_id, expected_id) != 0 ||
      !has_table (db, "manifest") || !has_table (db, "photo_files") ||
      query_text (db, "SELECT value FROM manifest WHERE key = 'format_version'", &format) != SQLITE_OK ||
      g_strcmp0 (format, SHARE_FORMAT_VERSION) != 0 ||
      query_text (db, "PRAGMA user_version", &version) != SQLITE_OK ||
      g_strcmp0 (version, expected_version) != 0)
    return FALSE;

  *damaged = TRUE;
  if (query_text (db, "SELECT value FROM manifest WHERE key = 'checksum'", &stored) != SQLITE_OK ||
      stored == NULL ||
      share_checksum (db, &computed) != SQLITE_OK ||
      g_strcmp0 (stored, computed) != 0 ||
      query_text (db, "SELECT value FROM manifest WHERE key = 'patient_id'", out_patient_id) != SQLITE_OK ||
      *out_patient_id == NULL)
    return FALSE;

  return TRUE;
}

/**
 * fol_sqlite_store_verify_patient_file:
 * @out_patient_id: (out) (optional): the patient the file is about
 *
 * Checks that @path is a single-patient file of this version whose content
 * matches its checksum. Reads only; creates no journal beside the file.
 */
gboolean
fol_sqlite_store_verify_patient_file (const char  *path,
                                      char       **out_patient_id,
                                      GError     **error)
{
  g_autofree char *uri = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *name = NULL;
  g_autofree char *patient_id = NULL;
  sqlite3 *db = NULL;
  gboolean damaged = TRUE;
  gboolean ok = FALSE;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_filename_display_name (path);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder, not a patient file"), name);
      return FALSE;
    }

  {
    GError *local = NULL;

    if (!check_length (path, &local))
      {
        if (local != NULL)
          {
            g_propagate_error (error, local);
            return FALSE;
          }
        g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
                     _("“%s” is not a Follicle patient file, or it is incomplete "
                       "(perhaps cut off while being copied)."), name);
        return FALSE;
      }
  }

  /* immutable=1: nothing, not even a lock file, is written beside it. */
  escaped = g_uri_escape_string (path, "/", FALSE);
  uri = g_strdup_printf ("file:%s?immutable=1", escaped);
  if (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                       NULL) == SQLITE_OK)
    ok = verify_open (db, &patient_id, &damaged);
  sqlite3_close (db);

  if (!ok)
    {
      if (damaged)
        g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
                     _("“%s” is damaged or was altered after it was written: "
                       "its content does not match its checksum. Ask for a new copy."), name);
      else
        g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
                     _("“%s” is not a Follicle patient file, or it was written by "
                       "another version of Follicle."), name);
      return FALSE;
    }

  if (out_patient_id != NULL)
    *out_patient_id = g_steal_pointer (&patient_id);
  return TRUE;
}
