/* fol-sqlite-store-snapshot.c
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
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fol-clinic-file.h"
#include "fol-clinic-lock.h"
#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-sqlite-migrations.h"
#include "fol-sqlite-store-private.h"

/* The clinic as a whole, for the SQLite store: snapshots taken and checked
 * on connections of their own with SQLite's online backup API, readers for
 * other threads, and the clinic files of backups and archives (see
 * fol-clinic-file.h), which are SQLite databases whatever keeps the clinic.
 */

static gboolean
sqlite_failed (sqlite3     *db,
               int          rc,
               GError     **error)
{
  _fol_sqlite_set_error_from_rc (error, rc, db ? sqlite3_errmsg (db) : NULL);
  return FALSE;
}

static gboolean
sqlite_ok (sqlite3     *db,
           int          rc,
           GError     **error)
{
  return rc == SQLITE_OK || sqlite_failed (db, rc, error);
}

static void
set_errno_error (GError     **error,
                 int          errsv,
                 const char  *path)
{
  if (errsv == ENOSPC || errsv == EFBIG || errsv == EDQUOT)
    g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NO_SPACE,
                 _("The disk is full: “%s” could not be written. Free some space and try again."),
                 path);
  else if (errsv == EACCES || errsv == EPERM || errsv == EROFS)
    g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_READ_ONLY,
                 _("“%s” cannot be written: %s"), path, g_strerror (errsv));
  else
    g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_IO,
                 _("“%s” could not be written: %s"), path, g_strerror (errsv));
}

static gboolean
fsync_path (const char  *path,
            gboolean     directory,
            GError     **error)
{
  int fd = g_open (path, (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC, 0);

  if (fd < 0 || fsync (fd) != 0)
    {
      int errsv = errno;

      if (fd >= 0)
        close (fd);
      set_errno_error (error, errsv, path);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static gboolean
query_uint (sqlite3     *db,
            const char  *sql,
            guint       *out,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out = (guint) sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  if (rc != SQLITE_OK)
    sqlite_failed (db, rc, error);
  sqlite3_finalize (stmt);
  return rc == SQLITE_OK;
}

/* Runs a one-column query and collects its rows as strings. */
static GPtrArray *
query_strings (sqlite3     *db,
               const char  *sql,
               GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (rows, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_OK)
    {
      sqlite_failed (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* Row counts of every table, as "name count" lines. */
static GPtrArray *
count_tables (sqlite3  *db,
              GError  **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) counts = g_ptr_array_new_with_free_func (g_free);

  names = query_strings (db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                             " AND name NOT LIKE 'sqlite_%' ORDER BY name", error);
  if (names == NULL)
    return NULL;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", name);
      guint n = 0;

      if (!query_uint (db, sql, &n, error))
        return NULL;
      g_ptr_array_add (counts, g_strdup_printf ("%s %u", name, n));
    }

  return g_steal_pointer (&counts);
}

static gboolean
open_database (const char  *path,
               int          flags,
               sqlite3    **out,
               GError     **error)
{
  int rc = sqlite3_open_v2 (path, out, flags | SQLITE_OPEN_NOMUTEX, NULL);

  if (rc != SQLITE_OK)
    {
      sqlite_failed (*out, rc, error);
      g_prefix_error (error, "%s: ", path);
      sqlite3_close (*out);
      *out = NULL;
      return FALSE;
    }
  /* A read-only clinic (read-only media) is still copied. */
  if (flags == SQLITE_OPEN_READONLY)
    _fol_sqlite_read_only_fallback (path, out);
  sqlite3_extended_result_codes (*out, TRUE);
  sqlite3_busy_timeout (*out, 10000);
  return TRUE;
}

/* The clinic's UUID (schema 4 on), or NULL. */
static char *
read_clinic_id (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  char *id = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT uuid FROM clinic WHERE id = 1", -1, &stmt,
                          NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return id;
}

/**
 * fol_clinic_file_schema_version:
 *
 * Returns: the schema version of the clinic files this version writes,
 *   and the newest it reads
 */
guint
fol_clinic_file_schema_version (void)
{
  return _fol_sqlite_schema_version ();
}

/**
 * fol_clinic_file_read_id:
 *
 * Returns: (transfer full) (nullable): the UUID of the clinic file at
 *   @path, %NULL when it has none (written before schema 4) or cannot be
 *   read
 */
char *
fol_clinic_file_read_id (const char *path)
{
  sqlite3 *db = NULL;
  char *id = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (open_database (path, SQLITE_OPEN_READONLY, &db, NULL))
    id = read_clinic_id (db);
  sqlite3_close (db);
  return id;
}

/**
 * fol_clinic_file_shares_patients:
 *
 * Whether the clinic file at @path holds a patient (by id, a random UUID)
 * that the one at @other_path holds too: how a backup written before
 * clinics had an id is told to be a clinic's.
 */
gboolean
fol_clinic_file_shares_patients (const char *path,
                                 const char *other_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean shared = FALSE;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (other_path != NULL, FALSE);

  /* Read-only: the attached file is opened read-only as well. */
  if (!open_database (other_path, SQLITE_OPEN_READONLY, &db, NULL))
    return FALSE;
  if (sqlite3_prepare_v2 (db, "ATTACH DATABASE ?1 AS backup", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_bind_text (stmt, 1, path, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_DONE)
    {
      sqlite3_finalize (stmt);
      stmt = NULL;
      if (sqlite3_prepare_v2 (db, "SELECT EXISTS (SELECT 1 FROM backup.patients b"
                                  " JOIN main.patients p ON p.id = b.id)",
                              -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        shared = sqlite3_column_int (stmt, 0) != 0;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return shared;
}

/**
 * fol_clinic_file_list_patient_ids:
 *
 * Returns: (transfer full) (element-type utf8): the ids of the patients
 *   in the clinic file at @path, or %NULL with @error set
 */
GPtrArray *
fol_clinic_file_list_patient_ids (const char  *path,
                                  GError     **error)
{
  sqlite3 *db = NULL;
  GPtrArray *ids;

  g_return_val_if_fail (path != NULL, NULL);

  if (!open_database (path, SQLITE_OPEN_READONLY, &db, error))
    return NULL;
  ids = query_strings (db, "SELECT id FROM patients", error);
  sqlite3_close (db);
  return ids;
}

/* What the clinic file at @path holds, counted in one read: the
 * description of a snapshot written record by record
 * (fol-clinic-file-writer.c).
 */
FolStoreSnapshot *
_fol_clinic_file_describe (const char  *path,
                           GError     **error)
{
  g_autoptr(FolStoreSnapshot) out = g_new0 (FolStoreSnapshot, 1);
  sqlite3 *db = NULL;
  gboolean ok;

  if (!open_database (path, SQLITE_OPEN_READONLY, &db, error))
    return NULL;
  ok = sqlite_ok (db, sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), error) &&
       query_uint (db, "PRAGMA user_version", &out->schema_version, error) &&
       (out->tables = count_tables (db, error)) != NULL &&
       query_uint (db, "SELECT count(*) FROM patients", &out->n_patients, error) &&
       (out->photos = query_strings (db, "SELECT DISTINCT sha256 FROM photos"
                                         " WHERE sha256 IS NOT NULL ORDER BY 1", error)) != NULL;
  if (ok)
    out->clinic_id = read_clinic_id (db);
  sqlite3_close (db);
  return ok ? g_steal_pointer (&out) : NULL;
}

/* Checks a snapshot on its own: integrity, that it is a Follicle clinic of
 * a schema this version knows, and (when @expect is given) that it holds
 * exactly the rows the source held; else (a file about to be restored)
 * that its schema is exactly the one this version creates for its schema
 * version.
 */
static gboolean
verify_database (const char              *path,
                 const FolStoreSnapshot  *expect,
                 GError                 **error)
{
  sqlite3 *db = NULL;
  g_autoptr(GPtrArray) check = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  guint version = 0, app_id = 0, patients = 0;
  gboolean ok = FALSE;

  if (!open_database (path, SQLITE_OPEN_READONLY, &db, error))
    return FALSE;
  /* The schema is not yet known to be Follicle's: nothing in it (an index
   * on an expression, a view) may call a function with side effects.
   */
  sqlite3_exec (db, "PRAGMA trusted_schema = OFF", NULL, NULL, NULL);

  check = query_strings (db, "PRAGMA integrity_check", error);
  if (check == NULL)
    goto out;
  if (check->len != 1 || g_strcmp0 (g_ptr_array_index (check, 0), "ok") != 0)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is damaged: the integrity check failed (%s)"), path,
                   check->len > 0 ? (const char *) g_ptr_array_index (check, 0) : "");
      goto out;
    }

  if (!query_uint (db, "PRAGMA user_version", &version, error) ||
      !query_uint (db, "PRAGMA application_id", &app_id, error))
    goto out;

  if (app_id != FOL_SQLITE_APPLICATION_ID)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Follicle clinic database"), path);
      goto out;
    }
  if (version > _fol_sqlite_schema_version ())
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Follicle (schema %u; this version knows %u)"),
                   path, version, _fol_sqlite_schema_version ());
      goto out;
    }

  /* What a restore would install: only the exact schema of its version. */
  if (expect == NULL && !_fol_sqlite_check_schema (db, version, error))
    goto out;

  if (!query_uint (db, "SELECT count(*) FROM patients", &patients, error))
    goto out;

  if (expect != NULL)
    {
      if (version != expect->schema_version)
        {
          g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_IO,
                       _("The backup “%s” has schema %u instead of %u"), path, version,
                       expect->schema_version);
          goto out;
        }

      counts = count_tables (db, error);
      if (counts == NULL)
        goto out;
      for (guint i = 0; i < MAX (counts->len, expect->tables->len); i++)
        {
          const char *got = i < counts->len ? g_ptr_array_index (counts, i) : "";
          const char *want = i < expect->tables->len ? g_ptr_array_index (expect->tables, i) : "";

          if (g_strcmp0 (got, want) != 0)
            {
              g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_IO,
                           _("The backup “%s” does not hold the same rows as the clinic (%s instead of %s)"),
                           path, got, want);
              goto out;
            }
        }
    }
  ok = TRUE;

out:
  sqlite3_close (db);
  return ok;
}

/**
 * fol_clinic_file_verify:
 *
 * Checks that @path is an intact Follicle clinic file this version can
 * open: integrity, application id, a schema version it knows, and a
 * schema that is exactly the one this version creates for that version.
 */
gboolean
fol_clinic_file_verify (const char  *path,
                        GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  return verify_database (path, NULL, error);
}

static void
remove_copy (const char *dest_path)
{
  g_autofree char *journal = g_strconcat (dest_path, "-journal", NULL);

  g_unlink (dest_path);
  g_unlink (journal);
}

/**
 * fol_clinic_file_snapshot:
 * @db_path: an SQLite clinic, open or not
 * @dest_path: the copy to write; it must not exist, or be empty
 *
 * Takes a consistent snapshot of @db_path with SQLite's online backup API,
 * on connections of its own: the source is read inside one read
 * transaction, so writers are never blocked and the row counts describe
 * exactly the copied state. The copy is verified before this returns; on
 * failure it is removed.
 *
 * Returns: (transfer full): what the copy holds, or %NULL with @error set
 */
FolStoreSnapshot *
fol_clinic_file_snapshot (const char  *db_path,
                          const char  *dest_path,
                          GError     **error)
{
  g_autoptr(FolStoreSnapshot) out = g_new0 (FolStoreSnapshot, 1);
  sqlite3 *src = NULL, *dst = NULL;
  sqlite3_backup *backup;
  guint app_id = 0;
  int rc;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (dest_path != NULL, NULL);

  /* Never over a file that holds something: it is not this copy's. */
  {
    GStatBuf st;

    if (g_lstat (dest_path, &st) == 0 && (!S_ISREG (st.st_mode) || st.st_size > 0))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     _("“%s” exists already: a snapshot is only written to a new file"), dest_path);
        return NULL;
      }
  }

  if (!open_database (db_path, SQLITE_OPEN_READONLY, &src, error))
    return NULL;

  rc = sqlite3_exec (src, "BEGIN", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite_failed (src, rc, error);
      goto fail;
    }

  if (!query_uint (src, "PRAGMA application_id", &app_id, error) ||
      !query_uint (src, "PRAGMA user_version", &out->schema_version, error))
    goto fail;
  if (app_id != FOL_SQLITE_APPLICATION_ID)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Follicle clinic database"), db_path);
      goto fail;
    }

  out->clinic_id = read_clinic_id (src);
  if ((out->tables = count_tables (src, error)) == NULL ||
      !query_uint (src, "SELECT count(*) FROM patients", &out->n_patients, error) ||
      (out->photos = query_strings (src, "SELECT DISTINCT sha256 FROM photos"
                                         " WHERE sha256 IS NOT NULL ORDER BY 1", error)) == NULL)
    goto fail;

  /* Private to the user, as the clinic is. */
  if (!g_file_test (dest_path, G_FILE_TEST_EXISTS))
    {
      int fd = g_open (dest_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

      if (fd < 0)
        {
          set_errno_error (error, errno, dest_path);
          sqlite3_close (src);
          return NULL;
        }
      close (fd);
    }
  if (!open_database (dest_path, SQLITE_OPEN_READWRITE, &dst, error))
    goto fail;

  /* The source's open read transaction is the one the backup reads in. */
  backup = sqlite3_backup_init (dst, "main", src, "main");
  if (backup == NULL)
    {
      sqlite_failed (dst, sqlite3_errcode (dst), error);
      goto fail;
    }
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      sqlite_failed (dst, rc, error);
      goto fail;
    }
  sqlite3_exec (src, "COMMIT", NULL, NULL, NULL);
  g_clear_pointer (&src, sqlite3_close);

  /* A backup is one self-contained file, not a WAL database. */
  rc = sqlite3_exec (dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite_failed (dst, rc, error);
      goto fail;
    }
  rc = sqlite3_close (dst);
  dst = NULL;
  if (rc != SQLITE_OK)
    {
      _fol_sqlite_set_error_from_rc (error, rc, NULL);
      goto fail;
    }

  if (!fsync_path (dest_path, FALSE, error) ||
      !verify_database (dest_path, out, error))
    goto fail;

  return g_steal_pointer (&out);

fail:
  if (src)
    sqlite3_close (src);
  if (dst)
    sqlite3_close (dst);
  remove_copy (dest_path);
  return NULL;
}

/**
 * fol_clinic_file_check_not_in_use:
 *
 * Never replace a database under a store that has it open (the window,
 * another process): each holds the clinic's lock, also while idle, when
 * SQLite holds none in WAL mode. Exclusive locking then catches any other
 * connection (an older version, another program).
 */
gboolean
fol_clinic_file_check_not_in_use (const char  *db_path,
                                  GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  g_return_val_if_fail (db_path != NULL, FALSE);

  if (!fol_clinic_lock_check_free (db_path, error))
    return FALSE;
  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      /* Unreadable: nobody can be using it as a clinic either. */
      sqlite3_close (db);
      return TRUE;
    }

  sqlite3_busy_timeout (db, 1000);
  sqlite3_exec (db, "PRAGMA locking_mode = EXCLUSIVE", NULL, NULL, NULL);
  rc = sqlite3_exec (db, "BEGIN EXCLUSIVE; COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_BUSY,
                   _("The clinic “%s” is open in another window or program: close it and try again"),
                   db_path);
      return FALSE;
    }
  return TRUE;
}

/**
 * fol_clinic_file_adopt_id:
 * @db_path: the clinic about to be replaced
 * @new_path: its replacement, upgraded already
 *
 * A database from before clinic ids that holds a patient of the clinic it
 * replaces (a backup of this very clinic, by an earlier version: the rule
 * by which it was offered) takes that clinic's id. Its upgrade gave it a
 * new one, which would make it a new clinic, and the backups taken so far
 * (the one just taken before the restore among them) would no longer be
 * its own. Callers read whether it had an id before upgrading it.
 */
void
fol_clinic_file_adopt_id (const char *db_path,
                          const char *new_path)
{
  g_autofree char *id = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint app_id = 0;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (new_path != NULL);

  id = fol_clinic_file_read_id (db_path);
  if (id == NULL || !fol_clinic_file_shares_patients (new_path, db_path) ||
      !open_database (new_path, SQLITE_OPEN_READWRITE, &db, NULL))
    return;
  if (query_uint (db, "PRAGMA application_id", &app_id, NULL) &&
      app_id == FOL_SQLITE_APPLICATION_ID &&
      sqlite3_prepare_v2 (db, "UPDATE clinic SET uuid = ?1 WHERE id = 1", -1, &stmt,
                          NULL) == SQLITE_OK &&
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT) == SQLITE_OK)
    sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/**
 * fol_clinic_file_install:
 * @db_path: the clinic's database, which nothing may have open
 * @new_path: its replacement, complete, checked and upgraded, in the same
 *   folder
 *
 * Installs @new_path as the clinic's file, atomically: at every instant
 * @db_path is either the old clinic or the new one. The old database is
 * checkpointed first, so that its WAL holds nothing; its -wal and -shm go
 * before the rename, since SQLite would otherwise replay the old WAL into
 * the new file. Fails with %FOL_STORE_ERROR_BUSY while the clinic is open.
 */
gboolean
fol_clinic_file_install (const char  *db_path,
                         const char  *new_path,
                         GError     **error)
{
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (new_path != NULL, FALSE);

  wal = g_strconcat (db_path, "-wal", NULL);
  shm = g_strconcat (db_path, "-shm", NULL);
  journal = g_strconcat (db_path, "-journal", NULL);
  dir = g_path_get_dirname (db_path);

  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      sqlite3 *db = NULL;

      if (!fol_clinic_file_check_not_in_use (db_path, error))
        return FALSE;
      if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK)
        sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
      sqlite3_close (db);
    }

  if ((g_unlink (wal) != 0 && errno != ENOENT) ||
      (g_unlink (shm) != 0 && errno != ENOENT) ||
      (g_unlink (journal) != 0 && errno != ENOENT))
    {
      set_errno_error (error, errno, db_path);
      return FALSE;
    }

  if (g_rename (new_path, db_path) != 0)
    {
      set_errno_error (error, errno, db_path);
      return FALSE;
    }
  fsync_path (dir, TRUE, NULL);
  return TRUE;
}

/* The store's side */

static const char *
sqlite_get_location (FolStore *store)
{
  return FOL_SQLITE_STORE (store)->path;
}

static gboolean
sqlite_is_read_only (FolStore *store)
{
  return (FOL_SQLITE_STORE (store)->flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY) != 0;
}

static char *
sqlite_take_notice (FolStore *store)
{
  return g_steal_pointer (&FOL_SQLITE_STORE (store)->notice);
}

static char *
sqlite_get_data_dir (FolStore *store)
{
  return g_path_get_dirname (FOL_SQLITE_STORE (store)->path);
}

static char *
sqlite_get_clinic_id (FolStore  *store,
                      GError   **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  char *id = NULL;
  int rc;

  stmt = _fol_sqlite_prepare (self, "SELECT uuid FROM clinic WHERE id = 1", error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = g_strdup (_fol_sqlite_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _fol_sqlite_fail (self, rc, error);
      return NULL;
    }
  return id;
}

static FolStore *
sqlite_open_reader (FolStore  *store,
                    GError   **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  FolSqliteStoreFlags flags = FOL_SQLITE_STORE_FLAGS_READ_ONLY |
                              (self->flags & FOL_SQLITE_STORE_FLAGS_NOT_CLINIC);

  return FOL_STORE (fol_sqlite_store_open (self->path, flags, error));
}

static FolStoreSnapshot *
sqlite_snapshot (FolStore    *store,
                 const char  *path,
                 GError     **error)
{
  /* Connections of its own: the store's stays free for its thread. */
  return fol_clinic_file_snapshot (FOL_SQLITE_STORE (store)->path, path, error);
}

void
_fol_sqlite_store_clinic_iface_init (FolStoreInterface *iface)
{
  iface->get_location = sqlite_get_location;
  iface->is_read_only = sqlite_is_read_only;
  iface->take_notice = sqlite_take_notice;
  iface->get_data_dir = sqlite_get_data_dir;
  iface->get_clinic_id = sqlite_get_clinic_id;
  iface->open_reader = sqlite_open_reader;
  iface->snapshot = sqlite_snapshot;
}
