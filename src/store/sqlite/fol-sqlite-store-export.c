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
 * the lookups an import matches its rows with, photo bytes, and a
 * canonical dump for comparisons. The single-patient file is in
 * fol-sqlite-store-share.c.
 */

static gboolean
batch_patient (FolSqliteStore  *self,
               FolPatient      *patient,
               const char      *now,
               GError         **error)
{
  sqlite3_stmt *stmt;

  if (!_fol_sqlite_write_patient (self, patient, fol_patient_get_id (patient), now, error))
    return FALSE;

  /* Sites are added or changed, never removed: a file without them keeps
   * the ones already written down. One that says the same is not written
   * (no audit row).
   */
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      const char *site = fol_patient_get_site (patient, r);

      if (site == NULL || site[0] == '\0')
        continue;

      stmt = _fol_sqlite_prepare (self, "INSERT INTO patient_sites (patient_id, region, description)"
                                  " VALUES (?1, ?2, ?3) ON CONFLICT (patient_id, region)"
                                  " DO UPDATE SET description = ?3 WHERE description IS NOT ?3",
                                  error);
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
             gboolean         write_row,
             const char      *now,
             GError         **error)
{
  const char *id = fol_visit_get_id (visit);

  if (write_row && !_fol_sqlite_write_visit (self, visit, id, now, error))
    return FALSE;

  /* Regions are added or replaced; one the file does not name stays. */
  for (guint i = 0; measurements != NULL && i < measurements->len; i++)
    if (!_fol_sqlite_write_measurement (self, id, g_ptr_array_index (measurements, i), error))
      return FALSE;

  return TRUE;
}

/* Within the caller's transaction; fol_store_apply_batch() has checked
 * every record.
 */
static gboolean
write_batch (FolSqliteStore  *self,
             FolStoreBatch   *batch,
             GHashTable      *touched,
             GError         **error)
{
  g_autofree char *now = fol_timestamp_now ();

  for (guint i = 0; i < fol_store_batch_get_n_protocols (batch); i++)
    {
      FolProtocol *p = fol_store_batch_get_protocol (batch, i);

      if (!_fol_sqlite_write_protocol (self, p, fol_protocol_get_id (p), now, error))
        return FALSE;
    }

  for (guint i = 0; i < fol_store_batch_get_n_patients (batch); i++)
    {
      FolPatient *p = fol_store_batch_get_patient (batch, i);

      if (!batch_patient (self, p, now, error))
        return FALSE;
      g_hash_table_add (touched, g_strdup (fol_patient_get_id (p)));
    }

  for (guint i = 0; i < fol_store_batch_get_n_visits (batch); i++)
    {
      GPtrArray *measurements = NULL;
      gboolean write_row = FALSE;
      FolVisit *v = fol_store_batch_get_visit (batch, i, &measurements, &write_row);

      if (!batch_visit (self, v, measurements, write_row, now, error))
        return FALSE;
      g_hash_table_add (touched, g_strdup (fol_visit_get_patient_id (v)));
    }

  for (guint i = 0; i < fol_store_batch_get_n_sessions (batch); i++)
    {
      FolTreatmentSession *s = fol_store_batch_get_session (batch, i);

      if (!_fol_sqlite_write_session (self, s, fol_treatment_session_get_id (s), now, error))
        return FALSE;
      g_hash_table_add (touched, g_strdup (fol_treatment_session_get_patient_id (s)));
    }

  for (guint i = 0; i < fol_store_batch_get_n_assignments (batch); i++)
    {
      FolProtocolAssignment *a = fol_store_batch_get_assignment (batch, i);

      if (!_fol_sqlite_write_assignment (self, a, fol_protocol_assignment_get_id (a), now, error))
        return FALSE;
      g_hash_table_add (touched, g_strdup (fol_protocol_assignment_get_patient_id (a)));
    }

  return TRUE;
}

/* Takes the write lock (BEGIN IMMEDIATE), asks @plan for the batch and
 * writes it; an empty batch leaves the database as it was, byte for byte.
 */
static gboolean
fol_sqlite_store_apply_batch (FolStore               *store,
                              FolStoreBatchPlanFunc   plan,
                              gpointer                user_data,
                              GError                **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autoptr(GHashTable) touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(FolStoreBatch) batch = NULL;
  GHashTableIter iter;
  gpointer key;

  if (!_fol_sqlite_begin (self, error))
    return FALSE;

  batch = plan (store, user_data, error);
  if (batch == NULL)
    return _fol_sqlite_rollback (self);
  if (fol_store_batch_get_size (batch) == 0)
    {
      _fol_sqlite_rollback (self);
      return TRUE;
    }

  if (!write_batch (self, batch, touched, error))
    return _fol_sqlite_rollback (self);
  if (!_fol_sqlite_commit (self, error))
    return FALSE;

  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    fol_store_emit_changed (store, FOL_STORE_CHANGE_PATIENT, key);
  if (fol_store_batch_get_n_protocols (batch) + fol_store_batch_get_n_assignments (batch) > 0)
    fol_store_emit_changed (store, FOL_STORE_CHANGE_PROTOCOL, NULL);
  return TRUE;
}

/* Lookups for an import */

/* The text in the first column of the first row, or %NULL (and no error)
 * when there is none. The statement's parameters are bound by the caller.
 */
static char *
first_text (FolSqliteStore  *self,
            sqlite3_stmt    *stmt,
            GError         **error)
{
  char *text = NULL;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    text = g_strdup (_fol_sqlite_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _fol_sqlite_fail (self, rc, error);
  return text;
}

static char *
owner_of (FolStore    *store,
          const char  *sql,
          const char  *id,
          GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  sqlite3_stmt *stmt = _fol_sqlite_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  _fol_sqlite_bind_text (stmt, 1, id);
  return first_text (self, stmt, error);
}

static char *
fol_sqlite_store_get_visit_owner (FolStore    *store,
                                  const char  *visit_id,
                                  GError     **error)
{
  return owner_of (store, "SELECT patient_id FROM visits WHERE id = ?", visit_id, error);
}

static char *
fol_sqlite_store_get_session_owner (FolStore    *store,
                                    const char  *session_id,
                                    GError     **error)
{
  return owner_of (store, "SELECT patient_id FROM treatment_sessions WHERE id = ?", session_id,
                   error);
}

static char *
fol_sqlite_store_find_patient (FolStore    *store,
                               const char  *name,
                               FolDate      birth_date,
                               GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *key = _fol_sqlite_sort_key (name);
  g_autofree char *birth = fol_date_to_iso (birth_date);
  sqlite3_stmt *stmt;

  stmt = _fol_sqlite_prepare (self, "SELECT id FROM patients WHERE sort_name = ?1"
                              " AND birth_date IS ?2 ORDER BY id LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  _fol_sqlite_bind_text (stmt, 1, key);
  _fol_sqlite_bind_text (stmt, 2, birth);
  return first_text (self, stmt, error);
}

static char *
fol_sqlite_store_find_visit (FolStore    *store,
                             const char  *patient_id,
                             FolDate      date,
                             GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *iso = fol_date_to_iso (date);
  sqlite3_stmt *stmt;

  stmt = _fol_sqlite_prepare (self, "SELECT id FROM visits WHERE patient_id = ?1"
                              " AND visit_date = ?2 ORDER BY id LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  _fol_sqlite_bind_text (stmt, 1, patient_id);
  _fol_sqlite_bind_text (stmt, 2, iso);
  return first_text (self, stmt, error);
}

static char *
fol_sqlite_store_find_session (FolStore    *store,
                               const char  *patient_id,
                               FolDate      date,
                               const char  *treatment_type,
                               GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *iso = fol_date_to_iso (date);
  sqlite3_stmt *stmt;

  stmt = _fol_sqlite_prepare (self, "SELECT id FROM treatment_sessions WHERE patient_id = ?1"
                              " AND session_date = ?2 AND treatment_type = ?3 ORDER BY id LIMIT 1",
                              error);
  if (stmt == NULL)
    return NULL;
  _fol_sqlite_bind_text (stmt, 1, patient_id);
  _fol_sqlite_bind_text (stmt, 2, iso);
  _fol_sqlite_bind_text (stmt, 3, treatment_type);
  return first_text (self, stmt, error);
}

static GPtrArray *
fol_sqlite_store_list_patient_ids (FolStore  *store,
                                   GError   **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

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

/* A photo's bytes: in a single-patient file, from the file itself; else
 * from the photos folder beside the database.
 */
static GBytes *
fol_sqlite_store_load_photo_bytes (FolStore    *store,
                                   const char  *sha256,
                                   GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *path = NULL;
  char *contents = NULL;
  gsize length = 0;

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

void
_fol_sqlite_store_export_iface_init (FolStoreInterface *iface)
{
  iface->apply_batch = fol_sqlite_store_apply_batch;
  iface->find_patient = fol_sqlite_store_find_patient;
  iface->find_visit = fol_sqlite_store_find_visit;
  iface->find_session = fol_sqlite_store_find_session;
  iface->get_visit_owner = fol_sqlite_store_get_visit_owner;
  iface->get_session_owner = fol_sqlite_store_get_session_owner;
  iface->list_patient_ids = fol_sqlite_store_list_patient_ids;
  iface->load_photo_bytes = fol_sqlite_store_load_photo_bytes;
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
    " salt_back, salt_right, salt_left, investigator_assessment, patient_assessment, notes, aa_iga",
    "id" },
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
