/* fol-backup-snapshot.c
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

#define G_LOG_DOMAIN "fol-backup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fol-backup-private.h"
#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-sqlite-migrations.h"
#include "fol-sqlite-store-private.h"

/* The SQLite side of backups: snapshots taken and checked on connections
 * of their own, and the atomic replacement of a database file.
 */

/* Errors */

void
_fol_backup_set_errno_error (GError     **error,
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
sqlite_failed (sqlite3     *db,
               int          rc,
               GError     **error)
{
  _fol_sqlite_set_error_from_rc (error, rc, db ? sqlite3_errmsg (db) : NULL);
  return FALSE;
}

gboolean
_fol_backup_is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

/* Files */

gboolean
_fol_backup_fsync_dir (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

static gboolean
fsync_path (const char  *path,
            GError     **error)
{
  int fd = g_open (path, O_RDWR | O_CLOEXEC, 0);

  if (fd < 0 || fsync (fd) != 0)
    {
      int errsv = errno;

      if (fd >= 0)
        close (fd);
      _fol_backup_set_errno_error (error, errsv, path);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* Creates @path, empty, and keeps it locked (flock, which SQLite's own
 * POSIX locks do not see) until the returned descriptor is closed: the
 * cleaning of leftovers never takes a copy still being written.
 */
static int
create_locked_file (const char  *path,
                    GError     **error)
{
  int fd = g_open (path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      _fol_backup_set_errno_error (error, errno, path);
      return -1;
    }
  while (flock (fd, LOCK_EX) != 0)
    if (errno != EINTR)
      {
        _fol_backup_set_errno_error (error, errno, path);
        close (fd);
        g_unlink (path);
        return -1;
      }
  return fd;
}

/**
 * _fol_backup_remove_leftover:
 *
 * Removes a copy an interrupted backup left behind, unless a backup is
 * still writing it: it is locked then, or (for the instant between its
 * creation and its lock) still empty and new.
 *
 * Returns: whether @path was removed
 */
gboolean
_fol_backup_remove_leftover (const char *path)
{
  gboolean removed = FALSE;
  struct stat st;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    return FALSE;
  if (flock (fd, LOCK_EX | LOCK_NB) == 0 && fstat (fd, &st) == 0 && S_ISREG (st.st_mode) &&
      (st.st_size > 0 || (gint64) st.st_mtime < g_get_real_time () / G_USEC_PER_SEC - 60))
    removed = g_unlink (path) == 0;
  close (fd);
  return removed;
}

/* Copies @from to @to through a temporary file beside it, checking the
 * SHA-256 on the way when @expect_sha256 is given, then fsync and rename:
 * @to either does not exist or is complete.
 */
gboolean
_fol_backup_copy_file (const char  *from,
                       const char  *to,
                       const char  *expect_sha256,
                       GError     **error)
{
  g_autofree char *tmp = g_strconcat (to, ".tmp", NULL);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  char buffer[65536];
  int in, out;
  ssize_t n;

  in = g_open (from, O_RDONLY | O_CLOEXEC, 0);
  if (in < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot read “%s”: %s"), from, g_strerror (errsv));
      return FALSE;
    }

  out = g_open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (out < 0)
    {
      _fol_backup_set_errno_error (error, errno, tmp);
      close (in);
      return FALSE;
    }

  while ((n = read (in, buffer, sizeof buffer)) > 0)
    {
      ssize_t done = 0;

      g_checksum_update (checksum, (const guchar *) buffer, n);
      while (done < n)
        {
          ssize_t w = write (out, buffer + done, n - done);

          if (w < 0 && errno == EINTR)
            continue;
          if (w <= 0)
            {
              _fol_backup_set_errno_error (error, w < 0 ? errno : ENOSPC, to);
              goto fail;
            }
          done += w;
        }
    }
  if (n < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot read “%s”: %s"), from, g_strerror (errsv));
      goto fail;
    }

  if (expect_sha256 != NULL && g_strcmp0 (g_checksum_get_string (checksum), expect_sha256) != 0)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_IO,
                   _("“%s” does not match its checksum: the file is damaged"), from);
      goto fail;
    }

  if (fsync (out) != 0 || close (out) != 0)
    {
      out = -1;
      _fol_backup_set_errno_error (error, errno, to);
      goto fail;
    }
  out = -1;
  close (in);

  if (g_rename (tmp, to) != 0)
    {
      _fol_backup_set_errno_error (error, errno, to);
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;

fail:
  if (out >= 0)
    close (out);
  close (in);
  g_unlink (tmp);
  return FALSE;
}

char *
_fol_backup_find_photo (const char *photos_dir,
                        const char *sha256)
{
  g_autofree char *sub = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  size_t len = strlen (sha256);

  if (!_fol_backup_is_sha256 (sha256))
    return NULL;

  sub = g_build_filename (photos_dir, (char[]) { sha256[0], sha256[1], 0 }, NULL);
  dir = g_dir_open (sub, 0, NULL);
  if (dir == NULL)
    return NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (strncmp (name, sha256, len) == 0 && name[len] == '.' && !g_str_has_suffix (name, ".tmp"))
      return g_build_filename (sub, name, NULL);

  return NULL;
}

/* Snapshots */

void
_fol_snapshot_clear (FolSnapshot *snapshot)
{
  g_clear_pointer (&snapshot->tables, g_ptr_array_unref);
  g_clear_pointer (&snapshot->photos, g_ptr_array_unref);
  g_clear_pointer (&snapshot->clinic_id, g_free);
  if (snapshot->lock_fd >= 0)
    close (snapshot->lock_fd);
  snapshot->lock_fd = -1;
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
 * _fol_backup_read_clinic_id:
 *
 * Returns: (transfer full) (nullable): the UUID of the clinic at @db_path,
 *   %NULL when it has none (written before schema 4) or cannot be read
 */
char *
_fol_backup_read_clinic_id (const char *db_path)
{
  sqlite3 *db = NULL;
  char *id = NULL;

  if (open_database (db_path, SQLITE_OPEN_READONLY, &db, NULL))
    id = read_clinic_id (db);
  sqlite3_close (db);
  return id;
}

/**
 * _fol_backup_shares_patients:
 *
 * Whether the backup at @backup_path holds a patient (by id, a random
 * UUID) that the clinic at @db_path holds too: how a backup written before
 * clinics had an id is told to be this clinic's.
 */
gboolean
_fol_backup_shares_patients (const char *backup_path,
                             const char *db_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean shared = FALSE;

  /* Read-only: the attached backup is opened read-only as well. */
  if (!open_database (db_path, SQLITE_OPEN_READONLY, &db, NULL))
    return FALSE;
  if (sqlite3_prepare_v2 (db, "ATTACH DATABASE ?1 AS backup", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_bind_text (stmt, 1, backup_path, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
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

/* Checks a snapshot on its own: integrity, that it is a Follicle clinic of
 * a schema this version knows, and (when @expect is given) that it holds
 * exactly the rows the source held; else (a file about to be restored)
 * that its schema is exactly the one this version creates for its schema
 * version.
 */
static gboolean
verify_database (const char         *path,
                 const FolSnapshot  *expect,
                 guint              *out_patients,
                 guint              *out_schema,
                 GError            **error)
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
  if (expect == NULL && !_fol_backup_check_schema (db, version, error))
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

  if (out_patients)
    *out_patients = patients;
  if (out_schema)
    *out_schema = version;
  ok = TRUE;

out:
  sqlite3_close (db);
  return ok;
}

/* Takes a consistent snapshot of @db_path into @dest_path (which must not
 * exist) with SQLite's online backup API, on connections of its own: the
 * source is read inside one read transaction, so writers are never blocked
 * and the row counts describe exactly the copied state. The copy is then
 * verified before this returns.
 */
gboolean
_fol_backup_snapshot (const char   *db_path,
                      const char   *dest_path,
                      FolSnapshot  *out,
                      GError      **error)
{
  sqlite3 *src = NULL, *dst = NULL;
  sqlite3_backup *backup;
  guint app_id = 0;
  int rc;

  memset (out, 0, sizeof *out);
  out->lock_fd = -1;

  if (!open_database (db_path, SQLITE_OPEN_READONLY, &src, error))
    return FALSE;

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

  if ((out->lock_fd = create_locked_file (dest_path, error)) < 0 ||
      !open_database (dest_path, SQLITE_OPEN_READWRITE, &dst, error))
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

  if (!fsync_path (dest_path, error) ||
      !verify_database (dest_path, out, NULL, NULL, error))
    goto fail;

  return TRUE;

fail:
  if (src)
    sqlite3_close (src);
  if (dst)
    sqlite3_close (dst);
  g_unlink (dest_path);
  g_autofree char *journal = g_strconcat (dest_path, "-journal", NULL);
  g_unlink (journal);
  _fol_snapshot_clear (out);
  return FALSE;
}

/* Never replace a database under a store that has it open (the window,
 * another process): each holds the clinic's lock, also while idle, when
 * SQLite holds none in WAL mode. Exclusive locking then catches any other
 * connection (an older version, another program).
 */
gboolean
_fol_backup_check_not_in_use (const char  *db_path,
                              GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

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
 * _fol_backup_adopt_clinic_id:
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
_fol_backup_adopt_clinic_id (const char *db_path,
                             const char *new_path)
{
  g_autofree char *id = _fol_backup_read_clinic_id (db_path);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint app_id = 0;

  if (id == NULL || !_fol_backup_shares_patients (new_path, db_path) ||
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

/* Replaces the database at @db_path by the complete file @new_path (in the
 * same folder). The old database is checkpointed first, so that its WAL
 * holds nothing; its -wal and -shm go before the rename, since SQLite would
 * otherwise replay the old WAL into the new file.
 */
gboolean
_fol_backup_replace_database (const char  *db_path,
                              const char  *new_path,
                              GError     **error)
{
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (db_path, "-journal", NULL);
  g_autofree char *dir = g_path_get_dirname (db_path);

  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      sqlite3 *db = NULL;

      if (!_fol_backup_check_not_in_use (db_path, error))
        return FALSE;
      if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK)
        sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
      sqlite3_close (db);
    }

  if ((g_unlink (wal) != 0 && errno != ENOENT) ||
      (g_unlink (shm) != 0 && errno != ENOENT) ||
      (g_unlink (journal) != 0 && errno != ENOENT))
    {
      _fol_backup_set_errno_error (error, errno, db_path);
      return FALSE;
    }

  if (g_rename (new_path, db_path) != 0)
    {
      _fol_backup_set_errno_error (error, errno, db_path);
      return FALSE;
    }
  _fol_backup_fsync_dir (dir);
  return TRUE;
}

/**
 * fol_backup_verify:
 *
 * Checks that @path is an intact Follicle clinic this version can open:
 * integrity, application id, a schema version it knows, and a schema that
 * is exactly the one this version creates for that version.
 */
gboolean
fol_backup_verify (const char  *path,
                   GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no backup at “%s”"), path);
      return FALSE;
    }
  return verify_database (path, NULL, NULL, NULL, error);
}
