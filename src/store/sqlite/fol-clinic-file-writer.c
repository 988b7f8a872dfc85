/* fol-clinic-file-writer.c
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

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fol-clinic-file.h"
#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-sqlite-store-private.h"

/* A clinic file filled record by record: the snapshot of a clinic that is
 * not itself an SQLite file (a clinic server). Records keep their IDs and
 * times, the file takes the clinic's id and audit log, and it is checked
 * as a backup is before it counts.
 */

typedef struct
{
  char *at, *action, *entity, *entity_id, *patient_id, *before, *after;
} AuditRow;

struct _FolClinicFileWriter
{
  FolSqliteStore *file;
  GPtrArray      *audit;  /* AuditRow */
  guint           n_patients;
  guint           n_visits;
  guint           n_sessions;
  guint           n_photos;
};

static void
audit_row_free (AuditRow *row)
{
  g_free (row->at);
  g_free (row->action);
  g_free (row->entity);
  g_free (row->entity_id);
  g_free (row->patient_id);
  g_free (row->before);
  g_free (row->after);
  g_free (row);
}

static void
remove_file (const char *path)
{
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_unlink (path);
  g_unlink (journal);
}

/**
 * fol_clinic_file_writer_new:
 * @path: the file to write; it must not exist, or be empty
 *
 * Starts a clinic file of the current schema at @path, in one
 * transaction that fol_clinic_file_writer_finish() commits.
 *
 * Returns: (transfer full): the writer, or %NULL with @error set
 */
FolClinicFileWriter *
fol_clinic_file_writer_new (const char  *path,
                            GError     **error)
{
  g_autoptr(FolSqliteStore) file = NULL;
  FolClinicFileWriter *writer;
  GStatBuf st;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_lstat (path, &st) == 0 && (!S_ISREG (st.st_mode) || st.st_size > 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("“%s” exists already: a snapshot is only written to a new file"), path);
      return NULL;
    }
  /* Private to the user, as the clinic is. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

      if (fd < 0)
        {
          int errsv = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       _("“%s” could not be written: %s"), path, g_strerror (errsv));
          return NULL;
        }
      close (fd);
    }

  file = g_object_new (FOL_TYPE_SQLITE_STORE, NULL);
  file->path = g_strdup (path);
  file->flags = FOL_SQLITE_STORE_FLAGS_NOT_CLINIC;
  rc = sqlite3_open_v2 (path, &file->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _fol_sqlite_fail (file, rc, error);
      g_clear_object (&file);
      remove_file (path);
      return NULL;
    }
  sqlite3_extended_result_codes (file->db, TRUE);

  if (!_fol_sqlite_exec (file, "PRAGMA temp_store = MEMORY", error) ||
      !_fol_sqlite_migrate (file, error) ||
      !_fol_sqlite_exec (file, "PRAGMA foreign_keys = ON", error) ||
      !_fol_sqlite_exec (file, "BEGIN", error))
    {
      g_clear_object (&file);
      remove_file (path);
      return NULL;
    }

  writer = g_new0 (FolClinicFileWriter, 1);
  writer->file = g_steal_pointer (&file);
  writer->audit = g_ptr_array_new_with_free_func ((GDestroyNotify) audit_row_free);
  return writer;
}

/* Sets the time a record was first written, which the writes below give
 * the time of their last change.
 */
static gboolean
set_created_at (FolSqliteStore  *file,
                const char      *sql,
                const char      *id,
                const char      *created_at,
                GError         **error)
{
  sqlite3_stmt *stmt = _fol_sqlite_prepare (file, sql, error);

  if (stmt == NULL)
    return FALSE;
  _fol_sqlite_bind_text (stmt, 1, created_at);
  _fol_sqlite_bind_text (stmt, 2, id);
  return _fol_sqlite_step_done (file, stmt, error);
}

gboolean
fol_clinic_file_writer_add_patient (FolClinicFileWriter  *writer,
                                    FolPatient           *patient,
                                    GError              **error)
{
  FolSqliteStore *file;
  const char *id;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (FOL_IS_PATIENT (patient), FALSE);

  file = writer->file;
  id = fol_patient_get_id (patient);
  if (!_fol_sqlite_write_patient (file, patient, id, fol_patient_get_updated_at (patient), error) ||
      !set_created_at (file, "UPDATE patients SET created_at = ?1 WHERE id = ?2", id,
                       fol_patient_get_created_at (patient), error))
    return FALSE;

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      const char *site = fol_patient_get_site (patient, r);
      sqlite3_stmt *stmt;

      if (site == NULL)
        continue;
      stmt = _fol_sqlite_prepare (file, "INSERT INTO patient_sites (patient_id, region,"
                                  " description) VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      _fol_sqlite_bind_text (stmt, 1, id);
      _fol_sqlite_bind_text (stmt, 2, fol_region_code (r));
      _fol_sqlite_bind_text (stmt, 3, site);
      if (!_fol_sqlite_step_done (file, stmt, error))
        return FALSE;
    }
  writer->n_patients++;
  return TRUE;
}

/**
 * fol_clinic_file_writer_add_visit:
 * @measurements: (element-type FolMeasurement) (nullable): its region values
 */
gboolean
fol_clinic_file_writer_add_visit (FolClinicFileWriter  *writer,
                                  FolVisit             *visit,
                                  GPtrArray            *measurements,
                                  GError              **error)
{
  const char *id;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (FOL_IS_VISIT (visit), FALSE);

  id = fol_visit_get_id (visit);
  if (!_fol_sqlite_write_visit (writer->file, visit, id, fol_visit_get_updated_at (visit), error) ||
      !set_created_at (writer->file, "UPDATE visits SET created_at = ?1 WHERE id = ?2", id,
                       fol_visit_get_created_at (visit), error))
    return FALSE;
  for (guint i = 0; measurements != NULL && i < measurements->len; i++)
    if (!_fol_sqlite_write_measurement (writer->file, id, g_ptr_array_index (measurements, i),
                                        error))
      return FALSE;
  writer->n_visits++;
  return TRUE;
}

gboolean
fol_clinic_file_writer_add_session (FolClinicFileWriter  *writer,
                                    FolTreatmentSession  *session,
                                    GError              **error)
{
  const char *id;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (session), FALSE);

  id = fol_treatment_session_get_id (session);
  if (!_fol_sqlite_write_session (writer->file, session, id,
                                  fol_treatment_session_get_updated_at (session), error) ||
      !set_created_at (writer->file, "UPDATE treatment_sessions SET created_at = ?1 WHERE id = ?2",
                       id, fol_treatment_session_get_created_at (session), error))
    return FALSE;
  writer->n_sessions++;
  return TRUE;
}

/**
 * fol_clinic_file_writer_add_protocol:
 *
 * Adds a treatment protocol, with its ID and times.
 */
gboolean
fol_clinic_file_writer_add_protocol (FolClinicFileWriter  *writer,
                                     FolProtocol          *protocol,
                                     GError              **error)
{
  g_autofree char *steps = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (FOL_IS_PROTOCOL (protocol), FALSE);

  steps = fol_protocol_steps_to_text (protocol);
  stmt = _fol_sqlite_prepare (writer->file,
                              "INSERT INTO protocols (id, name, description, steps, example,"
                              " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _fol_sqlite_bind_text (stmt, 1, fol_protocol_get_id (protocol));
  _fol_sqlite_bind_text (stmt, 2, fol_protocol_get_name (protocol));
  _fol_sqlite_bind_text (stmt, 3, fol_protocol_get_description (protocol));
  _fol_sqlite_bind_text (stmt, 4, steps);
  sqlite3_bind_int (stmt, 5, fol_protocol_get_example (protocol) ? 1 : 0);
  _fol_sqlite_bind_text (stmt, 6, fol_protocol_get_created_at (protocol));
  _fol_sqlite_bind_text (stmt, 7, fol_protocol_get_updated_at (protocol));
  return _fol_sqlite_step_done (writer->file, stmt, error);
}

/**
 * fol_clinic_file_writer_add_assignment:
 *
 * Adds a protocol's assignment to a patient added before, with its ID and
 * times.
 */
gboolean
fol_clinic_file_writer_add_assignment (FolClinicFileWriter    *writer,
                                       FolProtocolAssignment  *assignment,
                                       GError                **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (FOL_IS_PROTOCOL_ASSIGNMENT (assignment), FALSE);

  stmt = _fol_sqlite_prepare (writer->file,
                              "INSERT INTO protocol_assignments (id, patient_id, protocol_id,"
                              " start_date, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;
  _fol_sqlite_bind_text (stmt, 1, fol_protocol_assignment_get_id (assignment));
  _fol_sqlite_bind_text (stmt, 2, fol_protocol_assignment_get_patient_id (assignment));
  _fol_sqlite_bind_text (stmt, 3, fol_protocol_assignment_get_protocol_id (assignment));
  _fol_sqlite_bind_date (stmt, 4, fol_protocol_assignment_get_start_date (assignment));
  _fol_sqlite_bind_text (stmt, 5, fol_protocol_assignment_get_created_at (assignment));
  _fol_sqlite_bind_text (stmt, 6, fol_protocol_assignment_get_updated_at (assignment));
  return _fol_sqlite_step_done (writer->file, stmt, error);
}

/**
 * fol_clinic_file_writer_add_photo:
 * @field: (nullable): its counting field
 * @marks: (element-type FolPhotoMark) (nullable): its hair marks
 *
 * Adds a photo's record; the file keeps no photo bytes (an archive holds
 * them beside it).
 */
gboolean
fol_clinic_file_writer_add_photo (FolClinicFileWriter  *writer,
                                  FolPhoto             *photo,
                                  const FolPhotoField  *field,
                                  GArray               *marks,
                                  GError              **error)
{
  FolSqliteStore *file;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (FOL_IS_PHOTO (photo), FALSE);

  file = writer->file;
  stmt = _fol_sqlite_prepare (file, "INSERT INTO photos (id, visit_id, region, sha256,"
                              " original_name, taken_at, width, height, px_per_mm, created_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", error);
  if (stmt == NULL)
    return FALSE;
  _fol_sqlite_bind_text (stmt, 1, fol_photo_get_id (photo));
  _fol_sqlite_bind_text (stmt, 2, fol_photo_get_visit_id (photo));
  _fol_sqlite_bind_text (stmt, 3, fol_region_code (fol_photo_get_region (photo)));
  _fol_sqlite_bind_text (stmt, 4, fol_photo_get_sha256 (photo));
  _fol_sqlite_bind_text (stmt, 5, fol_photo_get_original_name (photo));
  _fol_sqlite_bind_text (stmt, 6, fol_photo_get_taken_at (photo));
  sqlite3_bind_int (stmt, 7, fol_photo_get_width (photo));
  sqlite3_bind_int (stmt, 8, fol_photo_get_height (photo));
  _fol_sqlite_bind_double (stmt, 9, fol_photo_get_px_per_mm (photo));
  _fol_sqlite_bind_text (stmt, 10, fol_photo_get_created_at (photo));
  if (!_fol_sqlite_step_done (file, stmt, error))
    return FALSE;

  if (field != NULL)
    {
      stmt = _fol_sqlite_prepare (file, "INSERT INTO photo_fields (photo_id, shape, centre_x,"
                                  " centre_y, size_mm) VALUES (?1, ?2, ?3, ?4, ?5)", error);
      if (stmt == NULL)
        return FALSE;
      _fol_sqlite_bind_text (stmt, 1, fol_photo_get_id (photo));
      _fol_sqlite_bind_text (stmt, 2, fol_field_shape_code (field->shape));
      sqlite3_bind_double (stmt, 3, field->centre_x);
      sqlite3_bind_double (stmt, 4, field->centre_y);
      sqlite3_bind_double (stmt, 5, field->size_mm);
      if (!_fol_sqlite_step_done (file, stmt, error))
        return FALSE;
    }
  for (guint i = 0; marks != NULL && i < marks->len; i++)
    {
      const FolPhotoMark *mark = &g_array_index (marks, FolPhotoMark, i);

      stmt = _fol_sqlite_prepare (file, "INSERT INTO photo_marks (photo_id, position, x, y,"
                                  " origin, diameter_um) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
      if (stmt == NULL)
        return FALSE;
      _fol_sqlite_bind_text (stmt, 1, fol_photo_get_id (photo));
      sqlite3_bind_int (stmt, 2, (int) i);
      sqlite3_bind_double (stmt, 3, mark->x);
      sqlite3_bind_double (stmt, 4, mark->y);
      _fol_sqlite_bind_text (stmt, 5, fol_mark_origin_code (mark->origin));
      _fol_sqlite_bind_double (stmt, 6, fol_photo_mark_has_diameter (mark) ? mark->diameter_um
                                                                           : NAN);
      if (!_fol_sqlite_step_done (file, stmt, error))
        return FALSE;
    }
  writer->n_photos++;
  return TRUE;
}

/**
 * fol_clinic_file_writer_add_audit:
 * @before: (nullable): the record before, as JSON
 * @after: (nullable): the record after, as JSON
 *
 * Adds a line of the clinic's audit log, oldest first; the file keeps
 * these instead of the lines its own writes made.
 */
void
fol_clinic_file_writer_add_audit (FolClinicFileWriter *writer,
                                  const char          *at,
                                  const char          *action,
                                  const char          *entity,
                                  const char          *entity_id,
                                  const char          *patient_id,
                                  const char          *before,
                                  const char          *after)
{
  AuditRow *row;

  g_return_if_fail (writer != NULL);

  row = g_new0 (AuditRow, 1);
  row->at = g_strdup (at);
  row->action = g_strdup (action);
  row->entity = g_strdup (entity);
  row->entity_id = g_strdup (entity_id);
  row->patient_id = g_strdup (patient_id);
  row->before = g_strdup (before);
  row->after = g_strdup (after);
  g_ptr_array_add (writer->audit, row);
}

static gboolean
write_audit (FolClinicFileWriter  *writer,
             GError              **error)
{
  FolSqliteStore *file = writer->file;

  if (!_fol_sqlite_exec (file, "DELETE FROM audit_log", error))
    return FALSE;
  for (guint i = 0; i < writer->audit->len; i++)
    {
      AuditRow *row = g_ptr_array_index (writer->audit, i);
      sqlite3_stmt *stmt;

      stmt = _fol_sqlite_prepare (file, "INSERT INTO audit_log (at, action, entity, entity_id,"
                                  " patient_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                  error);
      if (stmt == NULL)
        return FALSE;
      _fol_sqlite_bind_text (stmt, 1, row->at);
      _fol_sqlite_bind_text (stmt, 2, row->action);
      _fol_sqlite_bind_text (stmt, 3, row->entity);
      _fol_sqlite_bind_text (stmt, 4, row->entity_id);
      _fol_sqlite_bind_text (stmt, 5, row->patient_id);
      _fol_sqlite_bind_text (stmt, 6, row->before);
      _fol_sqlite_bind_text (stmt, 7, row->after);
      if (!_fol_sqlite_step_done (file, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static void
writer_free (FolClinicFileWriter *writer)
{
  g_clear_object (&writer->file);
  g_ptr_array_unref (writer->audit);
  g_free (writer);
}

/* The count of @table in @snapshot's "name count" lines. */
static guint
table_count (FolStoreSnapshot *snapshot,
             const char       *table)
{
  g_autofree char *prefix = g_strconcat (table, " ", NULL);

  for (guint i = 0; i < snapshot->tables->len; i++)
    {
      const char *line = g_ptr_array_index (snapshot->tables, i);

      if (g_str_has_prefix (line, prefix))
        return (guint) g_ascii_strtoull (line + strlen (prefix), NULL, 10);
    }
  return G_MAXUINT;
}

/**
 * fol_clinic_file_writer_finish:
 * @clinic_id: (nullable): the clinic's UUID, which the file takes
 *
 * Commits the file, syncs it and checks it as a backup is checked
 * (integrity, the exact schema of this version, every record added and
 * no other); frees @writer whatever the outcome. On failure the file is
 * removed.
 *
 * Returns: (transfer full): what the file holds, or %NULL with @error set
 */
FolStoreSnapshot *
fol_clinic_file_writer_finish (FolClinicFileWriter  *writer,
                               const char           *clinic_id,
                               GError              **error)
{
  g_autofree char *path = NULL;
  g_autoptr(FolStoreSnapshot) snapshot = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (writer != NULL, NULL);

  path = g_strdup (writer->file->path);
  if (!write_audit (writer, error))
    goto fail;
  if (clinic_id != NULL)
    {
      stmt = _fol_sqlite_prepare (writer->file, "UPDATE clinic SET uuid = ? WHERE id = 1", error);
      if (stmt == NULL)
        goto fail;
      _fol_sqlite_bind_text (stmt, 1, clinic_id);
      if (!_fol_sqlite_step_done (writer->file, stmt, error))
        goto fail;
    }
  if (!_fol_sqlite_commit (writer->file, error))
    goto fail;

  {
    guint n_patients = writer->n_patients, n_visits = writer->n_visits;
    guint n_sessions = writer->n_sessions, n_photos = writer->n_photos;

    writer_free (writer);
    writer = NULL;

    snapshot = _fol_clinic_file_describe (path, error);
    if (snapshot == NULL || !fol_clinic_file_verify (path, error))
      goto fail;
    if (snapshot->n_patients != n_patients || table_count (snapshot, "visits") != n_visits ||
        table_count (snapshot, "treatment_sessions") != n_sessions ||
        table_count (snapshot, "photos") != n_photos ||
        (clinic_id != NULL && g_strcmp0 (snapshot->clinic_id, clinic_id) != 0))
      {
        g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_IO,
                     _("The backup “%s” does not hold the same records as the clinic"), path);
        goto fail;
      }
  }
  return g_steal_pointer (&snapshot);

fail:
  if (writer != NULL)
    writer_free (writer);
  remove_file (path);
  return NULL;
}

/* Stops a file being written and removes it. */
void
fol_clinic_file_writer_abort (FolClinicFileWriter *writer)
{
  g_autofree char *path = NULL;

  if (writer == NULL)
    return;
  path = g_strdup (writer->file->path);
  writer_free (writer);
  remove_file (path);
}
