/* fol-sqlite-store-bulk.c
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

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-sqlite-store-bulk.h"
#include "fol-sqlite-store-private.h"
#include "fol-store-private.h"
#include "fol-validate.h"

/* One-by-one saves pay for a transaction, a journal sync and a birth-date
 * lookup per record. A bulk load pays them once: the records are new, so
 * the statements are plain INSERTs, and the patient's date of birth is
 * remembered while its visits follow.
 */
struct _FolSqliteBulk
{
  FolSqliteStore *store;
  char           *now;
  GHashTable     *births;  /* patient ID → FolDate, for patients of this load */
};

static const char *severity_codes[FOL_N_SEVERITIES] = { "mild", "moderate", "severe" };

static gboolean
birth_date (FolSqliteBulk  *bulk,
            const char     *patient_id,
            FolDate        *out_birth,
            GError        **error)
{
  gpointer value;

  /* Many visits of one patient in a row: look the birth date up once. */
  if (patient_id != NULL &&
      g_hash_table_lookup_extended (bulk->births, patient_id, NULL, &value))
    {
      *out_birth = GPOINTER_TO_INT (value);
      return TRUE;
    }

  return _fol_sqlite_lookup_birth_date (bulk->store, patient_id, out_birth, error);
}

static gboolean
bulk_exec (FolSqliteBulk  *bulk,
           sqlite3_stmt   *stmt,
           GError        **error)
{
  return _fol_sqlite_step_done (bulk->store, stmt, error);
}

static void
restore_pragmas (FolSqliteStore *store)
{
  /* As fol_sqlite_store_open() leaves them. */
  _fol_sqlite_exec (store, "PRAGMA cache_size = -2000", NULL);
  _fol_sqlite_exec (store, "PRAGMA synchronous = FULL", NULL);
}

/**
 * _fol_sqlite_store_bulk_begin:
 *
 * Starts a bulk load in one write transaction. Finish it with
 * _fol_sqlite_store_bulk_commit() or _fol_sqlite_store_bulk_abort().
 */
FolSqliteBulk *
_fol_sqlite_store_bulk_begin (FolSqliteStore  *store,
                              GError         **error)
{
  FolSqliteBulk *bulk;

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (store), NULL);

  /* The default page cache spills a long transaction to the journal page
   * by page, and a full sync per commit is for one user action at a time:
   * a load keeps its pages in memory until the commit and syncs at
   * checkpoints (WAL with synchronous NORMAL never corrupts; at worst the
   * last load is lost on a power cut, and the loader runs it again).
   */
  if (!_fol_sqlite_exec (store, "PRAGMA cache_size = -262144", error) ||
      !_fol_sqlite_exec (store, "PRAGMA synchronous = NORMAL", error) ||
      !_fol_sqlite_begin (store, error))
    {
      restore_pragmas (store);
      return NULL;
    }

  bulk = g_new0 (FolSqliteBulk, 1);
  bulk->store = g_object_ref (store);
  bulk->now = fol_timestamp_now ();
  bulk->births = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return bulk;
}

static void
bulk_free (FolSqliteBulk *bulk)
{
  restore_pragmas (bulk->store);
  g_clear_pointer (&bulk->births, g_hash_table_unref);
  g_clear_pointer (&bulk->now, g_free);
  g_clear_object (&bulk->store);
  g_free (bulk);
}

void
_fol_sqlite_store_bulk_abort (FolSqliteBulk *bulk)
{
  if (bulk == NULL)
    return;
  _fol_sqlite_rollback (bulk->store);
  bulk_free (bulk);
}

/**
 * _fol_sqlite_store_bulk_commit:
 *
 * Commits the load and frees @bulk, whatever the outcome; on failure
 * nothing of the load is stored.
 */
gboolean
_fol_sqlite_store_bulk_commit (FolSqliteBulk  *bulk,
                               GError        **error)
{
  g_autoptr(FolSqliteStore) store = NULL;
  gboolean ok;

  g_return_val_if_fail (bulk != NULL, FALSE);

  store = g_object_ref (bulk->store);
  ok = _fol_sqlite_commit (store, error);
  bulk_free (bulk);

  if (ok)
    fol_store_emit_changed (FOL_STORE (store), FOL_STORE_CHANGE_PATIENT, NULL);
  return ok;
}

/**
 * _fol_sqlite_store_bulk_add_patient:
 *
 * Adds a new patient; one without an ID is given one.
 */
gboolean
_fol_sqlite_store_bulk_add_patient (FolSqliteBulk  *bulk,
                                    FolPatient     *patient,
                                    GError        **error)
{
  FolSqliteStore *self;
  g_autofree char *new_id = NULL;
  const char *id;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (bulk != NULL, FALSE);
  g_return_val_if_fail (FOL_IS_PATIENT (patient), FALSE);

  self = bulk->store;
  if (!fol_patient_validate (patient, NULL, error))
    return FALSE;

  if (fol_patient_get_id (patient) == NULL)
    new_id = g_uuid_string_random ();
  id = new_id ? new_id : fol_patient_get_id (patient);

  stmt = _fol_sqlite_prepare (self,
                  "INSERT INTO patients (id, name, sort_name, birth_date, sex, diagnosis, notes,"
                  " created_at, updated_at, search_key)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)", error);
  if (stmt == NULL)
    return FALSE;

  /* The same sort and search keys as a one-by-one save. */
  _fol_sqlite_bind_patient_row (stmt, patient, id, bulk->now);
  if (!bulk_exec (bulk, stmt, error))
    return FALSE;

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      const char *site = fol_patient_get_site (patient, r);

      if (site == NULL)
        continue;

      stmt = _fol_sqlite_prepare (self, "INSERT INTO patient_sites (patient_id, region, description)"
                                  " VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      _fol_sqlite_bind_text (stmt, 1, id);
      _fol_sqlite_bind_text (stmt, 2, fol_region_code (r));
      _fol_sqlite_bind_text (stmt, 3, site);
      if (!bulk_exec (bulk, stmt, error))
        return FALSE;
    }

  g_hash_table_insert (bulk->births, g_strdup (id),
                       GINT_TO_POINTER (fol_patient_get_birth_date (patient)));

  if (new_id != NULL)
    {
      fol_patient_set_id (patient, new_id);
      fol_patient_set_created_at (patient, bulk->now);
    }
  fol_patient_set_updated_at (patient, bulk->now);
  return TRUE;
}

/**
 * _fol_sqlite_store_bulk_add_visit:
 *
 * Adds a new visit of a stored patient with its measurements (validated
 * and derived as fol_store_save_visit() does).
 */
gboolean
_fol_sqlite_store_bulk_add_visit (FolSqliteBulk  *bulk,
                                  FolVisit       *visit,
                                  GPtrArray      *measurements,
                                  GError        **error)
{
  g_autoptr(GPtrArray) kept = NULL;
  g_autofree char *new_id = NULL;
  FolDate birth = FOL_DATE_NONE;
  const char *id;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (bulk != NULL, FALSE);
  g_return_val_if_fail (FOL_IS_VISIT (visit), FALSE);

  if (!birth_date (bulk, fol_visit_get_patient_id (visit), &birth, error) ||
      !fol_visit_validate (visit, birth, NULL, error) ||
      !_fol_store_check_measurements (measurements, &kept, error))
    return FALSE;

  if (fol_visit_get_id (visit) == NULL)
    new_id = g_uuid_string_random ();
  id = new_id ? new_id : fol_visit_get_id (visit);

  stmt = _fol_sqlite_prepare (bulk->store,
                  "INSERT INTO visits (id, patient_id, visit_date, kind, clinician, norwood, ludwig,"
                  " sinclair, salt_top, salt_back, salt_right, salt_left, investigator_assessment,"
                  " patient_assessment, notes, created_at, updated_at, aa_iga)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                  " ?16, ?16, ?17)",
                  error);
  if (stmt == NULL)
    return FALSE;

  _fol_sqlite_bind_visit_row (stmt, visit, id, bulk->now);
  if (!bulk_exec (bulk, stmt, error))
    return FALSE;

  for (guint i = 0; i < kept->len; i++)
    if (!_fol_sqlite_write_measurement (bulk->store, id, g_ptr_array_index (kept, i), error))
      return FALSE;

  if (new_id != NULL)
    {
      fol_visit_set_id (visit, new_id);
      fol_visit_set_created_at (visit, bulk->now);
    }
  fol_visit_set_updated_at (visit, bulk->now);
  return TRUE;
}

/**
 * _fol_sqlite_store_bulk_add_session:
 *
 * Adds a new treatment session of a stored patient.
 */
gboolean
_fol_sqlite_store_bulk_add_session (FolSqliteBulk        *bulk,
                                    FolTreatmentSession  *session,
                                    GError              **error)
{
  g_autofree char *new_id = NULL;
  FolDate birth = FOL_DATE_NONE;
  const char *id;
  sqlite3_stmt *stmt;
  guint regions;

  g_return_val_if_fail (bulk != NULL, FALSE);
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (session), FALSE);

  if (!birth_date (bulk, fol_treatment_session_get_patient_id (session), &birth, error) ||
      !fol_treatment_session_validate (session, birth, NULL, error))
    return FALSE;

  if (fol_treatment_session_get_id (session) == NULL)
    new_id = g_uuid_string_random ();
  id = new_id ? new_id : fol_treatment_session_get_id (session);

  stmt = _fol_sqlite_prepare (bulk->store,
                  "INSERT INTO treatment_sessions (id, patient_id, session_date, treatment_type,"
                  " product, lot_number, volume_ml, dose, depth_mm, anaesthesia, clinician, notes,"
                  " created_at, updated_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)", error);
  if (stmt == NULL)
    return FALSE;

  _fol_sqlite_bind_session_row (stmt, session, id, bulk->now);
  if (!bulk_exec (bulk, stmt, error))
    return FALSE;

  regions = fol_treatment_session_get_regions (session);
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      if (!(regions & FOL_REGION_BIT (r)))
        continue;

      stmt = _fol_sqlite_prepare (bulk->store,
                                  "INSERT INTO session_regions (session_id, region) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      _fol_sqlite_bind_text (stmt, 1, id);
      _fol_sqlite_bind_text (stmt, 2, fol_region_code (r));
      if (!bulk_exec (bulk, stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < fol_treatment_session_get_n_adverse_events (session); i++)
    {
      g_autofree char *event_id = g_uuid_string_random ();
      FolSeverity severity;
      const char *description = fol_treatment_session_get_adverse_event (session, i, &severity);

      stmt = _fol_sqlite_prepare (bulk->store,
                                  "INSERT INTO adverse_events (id, session_id, position, description,"
                                  " severity) VALUES (?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      _fol_sqlite_bind_text (stmt, 1, event_id);
      _fol_sqlite_bind_text (stmt, 2, id);
      sqlite3_bind_int (stmt, 3, i);
      _fol_sqlite_bind_text (stmt, 4, description);
      _fol_sqlite_bind_text (stmt, 5, severity_codes[severity]);
      if (!bulk_exec (bulk, stmt, error))
        return FALSE;
    }

  if (new_id != NULL)
    {
      fol_treatment_session_set_id (session, new_id);
      fol_treatment_session_set_created_at (session, bulk->now);
    }
  fol_treatment_session_set_updated_at (session, bulk->now);
  return TRUE;
}

GPtrArray *
_fol_sqlite_store_list_statements (FolSqliteStore *store)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer stmt;

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (store), texts);

  g_hash_table_iter_init (&iter, store->statements);
  while (g_hash_table_iter_next (&iter, NULL, &stmt))
    g_ptr_array_add (texts, g_strdup (sqlite3_sql (stmt)));
  return texts;
}
