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
#include "fol-validate.h"

/* The SQL of exports and imports: batches written in one transaction,
 * photos of a patient, and a canonical dump for comparisons. The
 * single-patient file is in fol-sqlite-store-share.c.
 */

struct _FolStoreBatch
{
  GPtrArray *patients;      /* FolPatient */
  GPtrArray *visits;        /* FolVisit */
  GPtrArray *measurements;  /* GPtrArray of FolMeasurement, parallel to visits */
  GArray    *visit_rows;    /* gboolean, parallel to visits: write the visit's own row */
  GPtrArray *sessions;      /* FolTreatmentSession */
};


FolStoreBatch *
fol_store_batch_new (void)
{
  FolStoreBatch *batch = g_new0 (FolStoreBatch, 1);

  batch->patients = g_ptr_array_new_with_free_func (g_object_unref);
  batch->visits = g_ptr_array_new_with_free_func (g_object_unref);
  batch->measurements = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  batch->visit_rows = g_array_new (FALSE, FALSE, sizeof (gboolean));
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
  g_array_unref (batch->visit_rows);
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

static void
add_visit (FolStoreBatch *batch,
           FolVisit      *visit,
           GPtrArray     *measurements,
           gboolean       write_row)
{
  g_ptr_array_add (batch->visits, g_object_ref (visit));
  g_ptr_array_add (batch->measurements,
                   measurements ? g_ptr_array_ref (measurements)
                                : g_ptr_array_new_with_free_func (g_object_unref));
  g_array_append_val (batch->visit_rows, write_row);
}

void
fol_store_batch_add_visit (FolStoreBatch *batch,
                           FolVisit      *visit,
                           GPtrArray     *measurements)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (FOL_IS_VISIT (visit));
  g_return_if_fail (fol_visit_get_id (visit) != NULL);

  add_visit (batch, visit, measurements, TRUE);
}

/* Measurements of a stored visit whose own row does not change: the visit
 * is not written (no update time, no audit row for it).
 */
void
fol_store_batch_add_measurements (FolStoreBatch *batch,
                                  FolVisit      *visit,
                                  GPtrArray     *measurements)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (FOL_IS_VISIT (visit));
  g_return_if_fail (fol_visit_get_id (visit) != NULL);

  add_visit (batch, visit, measurements, FALSE);
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
  sqlite3_stmt *stmt;

  /* The rules of every writer (fol-validate), whoever made the batch. */
  if (!fol_patient_validate (patient, NULL, error) ||
      !_fol_sqlite_write_patient (self, patient, fol_patient_get_id (patient), now, error))
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
  FolDate birth = FOL_DATE_NONE;

  if (write_row &&
      (!_fol_sqlite_lookup_birth_date (self, fol_visit_get_patient_id (visit), &birth, error) ||
       !fol_visit_validate (visit, birth, NULL, error) ||
       !_fol_sqlite_write_visit (self, visit, id, now, error)))
    return FALSE;

  /* Regions are added or replaced; one the file does not name stays. */
  for (guint i = 0; measurements != NULL && i < measurements->len; i++)
    if (!_fol_sqlite_write_measurement (self, id, g_ptr_array_index (measurements, i), error))
      return FALSE;

  return TRUE;
}

static gboolean
batch_session (FolSqliteStore       *self,
               FolTreatmentSession  *session,
               const char           *now,
               GError              **error)
{
  FolDate birth = FOL_DATE_NONE;

  return _fol_sqlite_lookup_birth_date (self, fol_treatment_session_get_patient_id (session),
                                        &birth, error) &&
         fol_treatment_session_validate (session, birth, NULL, error) &&
         _fol_sqlite_write_session (self, session, fol_treatment_session_get_id (session), now, error);
}

/* Within the caller's transaction. */
static gboolean
write_batch (FolSqliteStore  *self,
             FolStoreBatch   *batch,
             GHashTable      *touched,
             GError         **error)
{
  g_autofree char *now = fol_timestamp_now ();

  for (guint i = 0; i < batch->patients->len; i++)
    {
      FolPatient *p = g_ptr_array_index (batch->patients, i);

      if (!batch_patient (self, p, now, error))
        return FALSE;
      g_hash_table_add (touched, g_strdup (fol_patient_get_id (p)));
    }

  for (guint i = 0; i < batch->visits->len; i++)
    {
      FolVisit *v = g_ptr_array_index (batch->visits, i);

      if (!batch_visit (self, v, g_ptr_array_index (batch->measurements, i),
                        g_array_index (batch->visit_rows, gboolean, i), now, error))
        return FALSE;
      g_hash_table_add (touched, g_strdup (fol_visit_get_patient_id (v)));
    }

  for (guint i = 0; i < batch->sessions->len; i++)
    {
      FolTreatmentSession *s = g_ptr_array_index (batch->sessions, i);

      if (!batch_session (self, s, now, error))
        return FALSE;
      g_hash_table_add (touched, g_strdup (fol_treatment_session_get_patient_id (s)));
    }

  return TRUE;
}

static void
emit_touched (FolSqliteStore *self,
              GHashTable     *touched)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    fol_store_emit_changed (FOL_STORE (self), FOL_STORE_CHANGE_PATIENT, key);
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
  g_autoptr(GHashTable) touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_fol_sqlite_begin (self, error))
    return FALSE;
  if (!write_batch (self, batch, touched, error))
    return _fol_sqlite_rollback (self);
  if (!_fol_sqlite_commit (self, error))
    return FALSE;

  emit_touched (self, touched);
  return TRUE;
}

/**
 * fol_sqlite_store_apply_batch_planned:
 * @plan: makes the batch; it runs inside the write transaction, so what it
 *   reads (matching a record by name, comparing with the stored one) cannot
 *   change before the batch is written
 *
 * Takes the write lock (BEGIN IMMEDIATE), asks @plan for the batch and
 * writes it. When @plan fails, nothing is written; when its batch is
 * empty, nothing is written either and the database is left as it was,
 * byte for byte.
 */
gboolean
fol_sqlite_store_apply_batch_planned (FolSqliteStore         *self,
                                      FolStoreBatchPlanFunc   plan,
                                      gpointer                user_data,
                                      GError                **error)
{
  g_autoptr(GHashTable) touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(FolStoreBatch) batch = NULL;

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_fol_sqlite_begin (self, error))
    return FALSE;

  batch = plan (self, user_data, error);
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

  emit_touched (self, touched);
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
