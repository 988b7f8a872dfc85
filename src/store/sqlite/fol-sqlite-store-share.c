/* fol-sqlite-store-share.c
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

#define G_LOG_DOMAIN "fol-sqlite-store-share"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-sqlite-migrations.h"
#include "fol-sqlite-store-export-private.h"

/* The SQL of the single-patient file: a clinic database holding one
 * patient's rows and photo files, a manifest, and a SHA-256 checksum over
 * the content, verified before the file is opened. The file is made here
 * and sealed here; its records are written into it through the store
 * interface, by fol-patient-file.c, from whichever store the clinic uses. The checksum finds
 * accidental damage; it is not keyed, so it does not prove who wrote the
 * file.
 */

typedef struct
{
  const char *table;
  const char *select;  /* columns, in a fixed order */
  const char *order;
} CanonicalTable;

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
/* Patient files of an older schema open too: fol_patient_file_open()
 * upgrades a private copy. Schema 3 is the oldest that wrote them. */
#define SHARE_OLDEST_SCHEMA 3

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
db_out_of_space (sqlite3 *db)
{
  int last_errno = 0;

  if (db == NULL)
    return FALSE;
  /* SQLite says SQLITE_FULL for ENOSPC, and keeps the errno of a failed
   * write (EFBIG past a file size limit) in the file.
   */
  sqlite3_file_control (db, "main", SQLITE_FCNTL_LAST_ERRNO, &last_errno);
  return sqlite3_errcode (db) == SQLITE_FULL ||
         last_errno == ENOSPC || last_errno == EFBIG || last_errno == EDQUOT;
}

/* A full disk is one cause the caller names in its own words. */
static void
name_no_space (sqlite3  *db,
               GError  **error)
{
  if (error != NULL && *error != NULL &&
      (db_out_of_space (db) ||
       g_error_matches (*error, FOL_STORE_ERROR, FOL_STORE_ERROR_NO_SPACE)))
    {
      g_clear_error (error);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _("no space left on the disk"));
    }
  if (db != NULL && !sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

/* The store's own migrations, so the file is a clinic database that
 * FolSqliteStore opens as it is, and the tables of the file format.
 */
static gboolean
share_create_schema (sqlite3  *db,
                     GError  **error)
{
  g_autofree char *set_version = NULL;
  g_autofree char *set_id = NULL;
  guint latest = _fol_sqlite_schema_version ();

  if (!share_exec (db, "BEGIN", error))
    return FALSE;
  /* The schema changes of the migrations, in one transaction, spill their
   * statement journal into a temporary file: kept in memory instead, so
   * that a full disk fails on the file itself, which says why. On failure
   * the functions stay: the caller reads the connection's error (which
   * defining a function would reset), then closes it.
   */
  if (!share_exec (db, "PRAGMA temp_store = MEMORY", error))
    return FALSE;
  _fol_sqlite_migration_functions (db, TRUE);
  for (guint v = 1; v <= latest; v++)
    if (!share_exec (db, _fol_sqlite_migration (v), error))
      return FALSE;
  _fol_sqlite_migration_functions (db, FALSE);
  set_version = g_strdup_printf ("PRAGMA user_version = %u", latest);
  set_id = g_strdup_printf ("PRAGMA application_id = %d", FOL_SQLITE_APPLICATION_ID);
  return share_exec (db, set_version, error) &&
         share_exec (db, set_id, error) &&
         share_exec (db, share_tables_sql, error) &&
         share_exec (db, "COMMIT", error);
}

/**
 * fol_sqlite_store_create_patient_file:
 * @path: an empty file, or one that does not exist yet (the caller writes
 *   to a temporary name and renames)
 *
 * Makes a new, empty single-patient file: a clinic database of the
 * current schema with the tables of the file format. The caller writes
 * the patient's records into it through the #FolStore interface, the
 * photos with fol_sqlite_store_add_photo_file(), then calls
 * fol_sqlite_store_seal_patient_file(). A full disk fails with
 * %G_IO_ERROR_NO_SPACE.
 *
 * Returns: (transfer full): the store over the file, or %NULL
 */
FolSqliteStore *
fol_sqlite_store_create_patient_file (const char  *path,
                                      GError     **error)
{
  g_autoptr(FolSqliteStore) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FOL_TYPE_SQLITE_STORE, NULL);
  self->path = g_strdup (path);
  self->flags = FOL_SQLITE_STORE_FLAGS_NOT_CLINIC;

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      share_fail (self->db, rc, error);
      name_no_space (self->db, error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, TRUE);

  if (!share_create_schema (self->db, error) ||
      !share_exec (self->db, "PRAGMA foreign_keys = ON", error))
    {
      name_no_space (self->db, error);
      return NULL;
    }

  _fol_sqlite_remember_identity (self);
  return g_steal_pointer (&self);
}

/**
 * fol_sqlite_store_add_photo_file:
 * @sha256: the checksum of @bytes
 * @extension: (nullable): the image format's usual extension
 *
 * Puts a photo's bytes into a file made by
 * fol_sqlite_store_create_patient_file(), under their checksum; photo
 * records of the file name them by it.
 */
gboolean
fol_sqlite_store_add_photo_file (FolSqliteStore  *self,
                                 const char      *sha256,
                                 const char      *extension,
                                 GBytes          *bytes,
                                 GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), FALSE);
  g_return_val_if_fail (_fol_sqlite_is_sha256 (sha256), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  if (!_fol_sqlite_has_table (self->db, "photo_files"))
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                   _("“%s” is not a patient file"), self->path);
      return FALSE;
    }

  stmt = _fol_sqlite_prepare (self, "INSERT OR IGNORE INTO photo_files (sha256, extension, data)"
                              " VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  _fol_sqlite_bind_text (stmt, 1, sha256);
  _fol_sqlite_bind_text (stmt, 2, extension);
  sqlite3_bind_blob64 (stmt, 3, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       SQLITE_STATIC);
  if (!_fol_sqlite_step_done (self, stmt, error))
    {
      name_no_space (self->db, error);
      return FALSE;
    }
  return TRUE;
}

/**
 * fol_sqlite_store_seal_patient_file:
 * @patient_id: the patient the file is about
 *
 * Finishes a file made by fol_sqlite_store_create_patient_file(): leaves
 * out the audit log (the file holds records, not the clinic's history of
 * edits), writes the manifest and the checksum over the content, and
 * rewrites the file without free pages, where deleted rows linger.
 */
gboolean
fol_sqlite_store_seal_patient_file (FolSqliteStore  *self,
                                    const char      *patient_id,
                                    GError         **error)
{
  g_autofree char *now = fol_timestamp_now ();
  g_autofree char *schema = NULL;
  g_autofree char *checksum = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), FALSE);
  g_return_val_if_fail (patient_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  db = self->db;
  schema = g_strdup_printf ("%u", _fol_sqlite_schema_version ());
  if (!share_exec (db, "BEGIN", error) ||
      !share_exec (db, "DELETE FROM audit_log", error) ||
      !share_run (db, "INSERT INTO manifest (key, value) VALUES ('format_version', ?1)",
                  SHARE_FORMAT_VERSION, NULL, error) ||
      !share_run (db, "INSERT INTO manifest (key, value) VALUES ('app_version', ?1)",
                  PACKAGE_VERSION, NULL, error) ||
      !share_run (db, "INSERT INTO manifest (key, value) VALUES ('schema_version', ?1)",
                  schema, NULL, error) ||
      !share_run (db, "INSERT INTO manifest (key, value) VALUES ('created_at', ?1)",
                  now, NULL, error) ||
      !share_run (db, "INSERT INTO manifest (key, value) VALUES ('patient_id', ?1)",
                  patient_id, NULL, error))
    {
      name_no_space (db, error);
      return FALSE;
    }

  rc = share_checksum (db, &checksum);
  if (rc != SQLITE_OK)
    {
      share_fail (db, rc, error);
      name_no_space (db, error);
      return FALSE;
    }

  if (!share_run (db, "INSERT INTO manifest (key, value) VALUES ('checksum', ?1)",
                  checksum, NULL, error) ||
      !share_exec (db, "COMMIT", error) ||
      !share_exec (db, "VACUUM", error))
    {
      name_no_space (db, error);
      return FALSE;
    }

  return TRUE;
}

/**
 * fol_sqlite_store_out_of_space:
 *
 * Whether the last write failed for want of space on the disk (or past a
 * file size limit), whatever SQLite called it.
 */
gboolean
fol_sqlite_store_out_of_space (FolSqliteStore *self)
{
  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), FALSE);
  return db_out_of_space (self->db);
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
             guint    *out_version,
             gboolean *damaged)
{
  g_autofree char *app_id = NULL;
  g_autofree char *version = NULL;
  g_autofree char *check = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *computed = NULL;
  g_autofree char *format = NULL;
  g_autofree char *expected_id = g_strdup_printf ("%d", FOL_SQLITE_APPLICATION_ID);

  *damaged = TRUE;
  if (query_text (db, "PRAGMA quick_check", &check) != SQLITE_OK ||
      g_strcmp0 (check, "ok") != 0)
    return FALSE;

  *damaged = FALSE;
  if (query_text (db, "PRAGMA application_id", &app_id) != SQLITE_OK ||
      g_strcmp0 (app_id, expected_id) != 0 ||
      !_fol_sqlite_has_table (db, "manifest") || !_fol_sqlite_has_table (db, "photo_files") ||
      query_text (db, "SELECT value FROM manifest WHERE key = 'format_version'", &format) != SQLITE_OK ||
      g_strcmp0 (format, SHARE_FORMAT_VERSION) != 0 ||
      query_text (db, "PRAGMA user_version", &version) != SQLITE_OK ||
      version == NULL ||
      g_ascii_strtoull (version, NULL, 10) < SHARE_OLDEST_SCHEMA ||
      g_ascii_strtoull (version, NULL, 10) > _fol_sqlite_schema_version ())
    return FALSE;
  *out_version = (guint) g_ascii_strtoull (version, NULL, 10);

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
 * @out_schema_version: (out) (optional): the schema it was written with;
 *   an older one opens from an upgraded copy
 *
 * Checks that @path is a single-patient file of this version whose content
 * matches its checksum. Reads only; creates no journal beside the file.
 */
gboolean
fol_sqlite_store_verify_patient_file (const char  *path,
                                      char       **out_patient_id,
                                      guint       *out_schema_version,
                                      GError     **error)
{
  guint version = 0;
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
    ok = verify_open (db, &patient_id, &version, &damaged);
  sqlite3_close (db);

  if (!ok)
    {
      if (damaged)
        g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
                     _("“%s” is damaged: its content does not match its checksum. "
                       "Ask for a new copy."), name);
      else
        g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
                     _("“%s” is not a Follicle patient file, or it was written by "
                       "another version of Follicle."), name);
      return FALSE;
    }

  if (out_patient_id != NULL)
    *out_patient_id = g_steal_pointer (&patient_id);
  if (out_schema_version != NULL)
    *out_schema_version = version;
  return TRUE;
}
