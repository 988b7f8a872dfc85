/* fol-pg-store-batch.c
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

#include "fol-pg-store-private.h"
#include "fol-search-key.h"

/* Batches written in one transaction, and the lookups an import matches
 * its rows with, on a clinic server: the same results as on a workstation
 * (fol-sqlite-store-export.c).
 */

static gboolean
run (PGconn              *conn,
     const char          *sql,
     int                  n_params,
     const char * const  *params,
     GError             **error)
{
  PGresult *result = _fol_pg_query (conn, sql, n_params, params, error);

  if (result == NULL)
    return FALSE;
  PQclear (result);
  return TRUE;
}

/* A patient's row inserted or updated; sites are added or changed, never
 * removed: a file without them keeps the ones already written down.
 */
static gboolean
batch_patient (PGconn      *conn,
               FolPatient  *patient,
               const char  *now,
               GError     **error)
{
  const char *id = fol_patient_get_id (patient);
  g_autofree char *key = _fol_pg_sort_key (fol_patient_get_name (patient));
  g_autofree char *search_key = fol_search_key_new (fol_patient_get_name (patient),
                                                    fol_patient_get_diagnosis (patient));
  g_autofree char *birth = fol_date_to_iso (fol_patient_get_birth_date (patient));
  const char *params[] = {
    id, fol_patient_get_name (patient), key, birth, fol_patient_get_sex (patient),
    fol_patient_get_diagnosis (patient), fol_patient_get_notes (patient), now, search_key,
  };

  if (!run (conn,
            "INSERT INTO patients (id, name, sort_name, birth_date, sex, diagnosis, notes,"
            " created_at, updated_at, search_key)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)"
            " ON CONFLICT (id) DO UPDATE SET name = $2, sort_name = $3, birth_date = $4,"
            " sex = $5, diagnosis = $6, notes = $7, updated_at = $8, search_key = $9,"
            " version = patients.version + 1",
            G_N_ELEMENTS (params), params, error))
    return FALSE;

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      const char *site_params[] = { id, fol_region_code (r), fol_patient_get_site (patient, r) };

      if (site_params[2] == NULL || site_params[2][0] == '\0')
        continue;
      if (!run (conn, "INSERT INTO patient_sites (patient_id, region, description)"
                      " VALUES ($1, $2, $3) ON CONFLICT (patient_id, region)"
                      " DO UPDATE SET description = $3"
                      " WHERE patient_sites.description IS DISTINCT FROM $3",
                3, site_params, error))
        return FALSE;
    }
  return TRUE;
}

/* Within the caller's transaction; fol_store_apply_batch() has checked
 * every record.
 */
static gboolean
write_batch (PGconn         *conn,
             FolStoreBatch  *batch,
             GHashTable     *touched,
             GError        **error)
{
  g_autofree char *now = fol_timestamp_now ();

  for (guint i = 0; i < fol_store_batch_get_n_protocols (batch); i++)
    {
      FolProtocol *p = fol_store_batch_get_protocol (batch, i);

      if (!_fol_pg_write_protocol (conn, p, fol_protocol_get_id (p), now, error))
        return FALSE;
    }

  for (guint i = 0; i < fol_store_batch_get_n_patients (batch); i++)
    {
      FolPatient *p = fol_store_batch_get_patient (batch, i);

      if (!batch_patient (conn, p, now, error))
        return FALSE;
      g_hash_table_add (touched, g_strdup (fol_patient_get_id (p)));
    }

  for (guint i = 0; i < fol_store_batch_get_n_visits (batch); i++)
    {
      GPtrArray *measurements = NULL;
      gboolean write_row = FALSE;
      FolVisit *v = fol_store_batch_get_visit (batch, i, &measurements, &write_row);
      const char *id = fol_visit_get_id (v);

      if (write_row && !_fol_pg_write_visit (conn, v, id, now, error))
        return FALSE;
      /* Regions are added or replaced; one the batch does not name stays. */
      for (guint k = 0; measurements != NULL && k < measurements->len; k++)
        if (!_fol_pg_write_measurement (conn, id, g_ptr_array_index (measurements, k), error))
          return FALSE;
      g_hash_table_add (touched, g_strdup (fol_visit_get_patient_id (v)));
    }

  for (guint i = 0; i < fol_store_batch_get_n_sessions (batch); i++)
    {
      FolTreatmentSession *s = fol_store_batch_get_session (batch, i);

      if (!_fol_pg_write_session (conn, s, fol_treatment_session_get_id (s), now, error))
        return FALSE;
      g_hash_table_add (touched, g_strdup (fol_treatment_session_get_patient_id (s)));
    }

  for (guint i = 0; i < fol_store_batch_get_n_assignments (batch); i++)
    {
      FolProtocolAssignment *a = fol_store_batch_get_assignment (batch, i);

      if (!_fol_pg_write_assignment (conn, a, fol_protocol_assignment_get_id (a), now, error))
        return FALSE;
      g_hash_table_add (touched, g_strdup (fol_protocol_assignment_get_patient_id (a)));
    }
  return TRUE;
}

/* Takes the clinic's batch lock (two imports of one file at once never
 * both create a patient), asks @plan for the batch inside the
 * transaction and writes it; an empty batch writes nothing.
 */
static gboolean
fol_pg_store_apply_batch (FolStore               *store,
                          FolStoreBatchPlanFunc   plan,
                          gpointer                user_data,
                          GError                **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  g_autoptr(GHashTable) touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(FolStoreBatch) batch = NULL;
  GHashTableIter iter;
  gpointer key;

  if (!_fol_pg_exec (conn, "BEGIN; SELECT pg_advisory_xact_lock (hashtext ('follicle-batch'))",
                     error))
    return _fol_pg_rollback (conn);

  batch = plan (store, user_data, error);
  if (batch == NULL)
    return _fol_pg_rollback (conn);
  if (fol_store_batch_get_size (batch) == 0)
    {
      _fol_pg_rollback (conn);
      return TRUE;
    }

  if (!write_batch (conn, batch, touched, error))
    return _fol_pg_rollback (conn);
  if (!_fol_pg_exec (conn, "COMMIT", error))
    return _fol_pg_rollback (conn);

  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    fol_store_emit_changed (store, FOL_STORE_CHANGE_PATIENT, key);
  if (fol_store_batch_get_n_protocols (batch) + fol_store_batch_get_n_assignments (batch) > 0)
    fol_store_emit_changed (store, FOL_STORE_CHANGE_PROTOCOL, NULL);
  return TRUE;
}

/* Lookups for an import */

/* The first column of the first row, or %NULL (and no error) when there
 * is none.
 */
static char *
first_text (FolStore            *store,
            const char          *sql,
            int                  n_params,
            const char * const  *params,
            GError             **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  PGresult *result = _fol_pg_query (conn, sql, n_params, params, error);
  char *text = NULL;

  if (result == NULL)
    return NULL;
  if (PQntuples (result) > 0)
    text = g_strdup (_fol_pg_value (result, 0, 0));
  PQclear (result);
  return text;
}

static char *
fol_pg_store_find_patient (FolStore    *store,
                           const char  *name,
                           FolDate      birth_date,
                           GError     **error)
{
  g_autofree char *key = _fol_pg_sort_key (name);
  g_autofree char *birth = fol_date_to_iso (birth_date);
  const char *params[] = { key, birth };

  return first_text (store, "SELECT id FROM patients WHERE sort_name = $1"
                            " AND birth_date IS NOT DISTINCT FROM $2"
                            " ORDER BY id COLLATE \"C\" LIMIT 1", 2, params, error);
}

static char *
fol_pg_store_find_visit (FolStore    *store,
                         const char  *patient_id,
                         FolDate      date,
                         GError     **error)
{
  g_autofree char *iso = fol_date_to_iso (date);
  const char *params[] = { patient_id, iso };

  return first_text (store, "SELECT id FROM visits WHERE patient_id = $1 AND visit_date = $2"
                            " ORDER BY id COLLATE \"C\" LIMIT 1", 2, params, error);
}

static char *
fol_pg_store_find_session (FolStore    *store,
                           const char  *patient_id,
                           FolDate      date,
                           const char  *treatment_type,
                           GError     **error)
{
  g_autofree char *iso = fol_date_to_iso (date);
  const char *params[] = { patient_id, iso, treatment_type };

  return first_text (store, "SELECT id FROM treatment_sessions WHERE patient_id = $1"
                            " AND session_date = $2 AND treatment_type = $3"
                            " ORDER BY id COLLATE \"C\" LIMIT 1", 3, params, error);
}

static char *
fol_pg_store_get_visit_owner (FolStore    *store,
                              const char  *visit_id,
                              GError     **error)
{
  const char *params[] = { visit_id };

  return first_text (store, "SELECT patient_id FROM visits WHERE id = $1", 1, params, error);
}

static char *
fol_pg_store_get_session_owner (FolStore    *store,
                                const char  *session_id,
                                GError     **error)
{
  const char *params[] = { session_id };

  return first_text (store, "SELECT patient_id FROM treatment_sessions WHERE id = $1", 1, params,
                     error);
}

static GPtrArray *
fol_pg_store_list_patient_ids (FolStore  *store,
                               GError   **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  PGresult *result;

  result = _fol_pg_query (conn, "SELECT id FROM patients ORDER BY sort_name, id COLLATE \"C\"",
                          0, NULL, error);
  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    g_ptr_array_add (ids, g_strdup (PQgetvalue (result, i, 0)));
  PQclear (result);
  return g_steal_pointer (&ids);
}

void
_fol_pg_store_batch_iface_init (FolStoreInterface *iface)
{
  iface->apply_batch = fol_pg_store_apply_batch;
  iface->find_patient = fol_pg_store_find_patient;
  iface->find_visit = fol_pg_store_find_visit;
  iface->find_session = fol_pg_store_find_session;
  iface->get_visit_owner = fol_pg_store_get_visit_owner;
  iface->get_session_owner = fol_pg_store_get_session_owner;
  iface->list_patient_ids = fol_pg_store_list_patient_ids;
}
