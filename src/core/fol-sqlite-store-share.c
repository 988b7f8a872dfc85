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
#include "fol-photo-files.h"
#include "fol-sqlite-migrations.h"
#include "fol-sqlite-store-export-private.h"

/* The SQL of the single-patient file: a clinic database holding one
 * patient's rows and photo files, a manifest, and a SHA-256 checksum over
 * the content, verified before the file is opened. The checksum finds
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

/* Copies, in the order foreign keys need, only rows of one patient: the
 * table, and what picks the patient's rows of it (aliased t).
 */
static const struct
{
  const char *table;
  const char *where;
} share_copy[] = {
  { "patients", "WHERE t.id = ?1" },
  { "patient_sites", "WHERE t.patient_id = ?1" },
  { "visits", "WHERE t.patient_id = ?1" },
  { "measurements", "JOIN src.visits v ON v.id = t.visit_id WHERE v.patient_id = ?1" },
  { "treatment_sessions", "WHERE t.patient_id = ?1" },
  { "session_regions",
    "JOIN src.treatment_sessions s ON s.id = t.session_id WHERE s.patient_id = ?1" },
  { "adverse_events",
    "JOIN src.treatment_sessions s ON s.id = t.session_id WHERE s.patient_id = ?1" },
  { "photos", "JOIN src.visits v ON v.id = t.visit_id WHERE v.patient_id = ?1" },
};

/* Columns the clinic writes for itself, never copied as they are: the
 * clinician's private notes (patients, visits, measurements, treatment
 * sessions), unless asked for, and the name of the file a photo was
 * imported from.
 */
static gboolean
column_is_private (const char *column,
                   gboolean    include_notes)
{
  if (g_str_equal (column, "notes"))
    return !include_notes;
  return g_str_equal (column, "original_name");
}

/* "INSERT INTO main.T SELECT t.a, NULL, t.c… FROM src.T t …": the column
 * list read from the schema, so that a column added by a later migration
 * is copied too, and a private one never is, not even into free pages.
 */
static char *
share_copy_statement (sqlite3     *db,
                      guint        i,
                      gboolean     include_notes)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  g_string_printf (sql, "INSERT INTO main.%s SELECT ", share_copy[i].table);
  if (sqlite3_prepare_v2 (db, "SELECT name FROM pragma_table_info (?1, 'main') ORDER BY cid",
                          -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, share_copy[i].table, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *column = (const char *) sqlite3_column_text (stmt, 0);

      if (n++ > 0)
        g_string_append (sql, ", ");
      if (column_is_private (column, include_notes))
        g_string_append (sql, "NULL");
      else
        g_string_append_printf (sql, "t.\"%s\"", column);
    }
  sqlite3_finalize (stmt);
  if (n == 0)
    return NULL;

  g_string_append_printf (sql, " FROM src.%s t %s", share_copy[i].table, share_copy[i].where);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

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

/* The photos travel decoded and encoded again (fol_photo_strip()): their
 * pixels, the right way up, and nothing else of the original files. Each is
 * kept under the checksum of what the file holds.
 */
static gboolean
share_copy_photos (FolSqliteStore  *self,
                   sqlite3         *db,
                   const char      *patient_id,
                   GError         **error)
{
  g_autoptr(GPtrArray) photos = fol_store_list_photos (FOL_STORE (self), patient_id, error);

  if (photos == NULL)
    return FALSE;

  for (guint i = 0; i < photos->len; i++)
    {
      FolPhoto *photo = g_ptr_array_index (photos, i);
      const char *sha256 = fol_photo_get_sha256 (photo);
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *stripped_sha256 = NULL;
      g_autofree char *what = NULL;
      g_autoptr(GBytes) original = NULL;
      g_autoptr(GBytes) stripped = NULL;
      g_autoptr(GError) local = NULL;
      const char *extension = NULL;
      gsize length = 0;
      sqlite3_stmt *stmt = NULL;
      int rc;

      if (!_fol_sqlite_is_sha256 (sha256) || (path = _fol_sqlite_find_photo_file (self, sha256)) == NULL)
        continue;  /* a record whose file is gone: the row still travels */

      if (!g_file_get_contents (path, &contents, &length, error))
        return FALSE;
      original = g_bytes_new_take (g_steal_pointer (&contents), length);

      {
        g_autofree char *date = fol_date_format (fol_photo_get_visit_date (photo));

        /* Translators: names a photo in a message: its region and date */
        what = g_strdup_printf (_("the photo of the %s, %s"),
                                fol_region_name (fol_photo_get_region (photo)), g_strstrip (date));
      }
      stripped = fol_photo_strip (original, what, &extension, &local);
      if (stripped == NULL)
        {
          g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                       _("The patient file was not written: %s"), local->message);
          return FALSE;
        }
      stripped_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, stripped);

      rc = sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO photo_files (sha256, extension, data)"
                               " VALUES (?, ?, ?)", -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_text (stmt, 1, stripped_sha256, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, extension, -1, SQLITE_STATIC);
          sqlite3_bind_blob64 (stmt, 3, g_bytes_get_data (stripped, NULL),
                               g_bytes_get_size (stripped), SQLITE_STATIC);
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_OK)
        return share_fail (db, rc, error);

      if (!share_run (db, "UPDATE main.photos SET sha256 = ?2 WHERE id = ?1",
                      fol_photo_get_id (photo), stripped_sha256, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
share_fill (FolSqliteStore  *self,
            sqlite3         *db,
            const char      *patient_id,
            gboolean         include_notes,
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
  if (!share_exec (db, set_version, error) ||
      !share_exec (db, set_id, error) ||
      !share_exec (db, share_tables_sql, error) ||
      !share_run (db, "ATTACH DATABASE ?1 AS src", self->path, NULL, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (share_copy); i++)
    {
      g_autofree char *sql = share_copy_statement (db, i, include_notes);

      if (sql == NULL)
        return share_fail (db, SQLITE_ERROR, error);
      if (!share_run (db, sql, patient_id, NULL, error))
        return FALSE;
    }

  /* The triggers logged the copy itself; the file holds records, not the
   * clinic's history of edits.
   */
  if (!share_copy_photos (self, db, patient_id, error) ||
      !share_exec (db, "DELETE FROM main.audit_log", error))
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
 * @include_notes: whether the clinician's notes go too
 *
 * Writes a new clinic database at @path holding one patient's records and
 * photos (without their metadata), with a manifest and a checksum. @path
 * must not exist yet (the caller writes to a temporary name and renames).
 * A full disk fails with %G_IO_ERROR_NO_SPACE.
 */
gboolean
fol_sqlite_store_write_patient_file (FolSqliteStore  *self,
                                     const char      *patient_id,
                                     const char      *path,
                                     gboolean         include_notes,
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
    ok = share_fill (self, db, patient_id, include_notes, error);

  /* A full disk is one cause the caller names in its own words: SQLite
   * says SQLITE_FULL for ENOSPC, and keeps the errno of a failed write
   * (EFBIG past a file size limit) in the file.
   */
  if (!ok && db != NULL && error != NULL)
    {
      int last_errno = 0;

      sqlite3_file_control (db, "main", SQLITE_FCNTL_LAST_ERRNO, &last_errno);
      if (sqlite3_errcode (db) == SQLITE_FULL ||
          last_errno == ENOSPC || last_errno == EFBIG || last_errno == EDQUOT)
        {
          g_clear_error (error);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                               _("no space left on the disk"));
        }
    }
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
  return TRUE;
}
