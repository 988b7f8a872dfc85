/* fol-backup.c
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
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fol-backup-private.h"
#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-sqlite-migrations.h"
#include "fol-sqlite-store-private.h"

#define BACKUP_PREFIX   "follicle-"
#define BACKUP_SUFFIX   ".db"
#define MANIFEST_SUFFIX ".manifest"
#define PARTIAL_PREFIX  ".partial-"

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

static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      _fol_backup_set_errno_error (error, errno, path);
      return FALSE;
    }
  close (fd);
  return TRUE;
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
  sqlite3_extended_result_codes (*out, TRUE);
  sqlite3_busy_timeout (*out, 10000);
  return TRUE;
}

/* Checks a snapshot on its own: integrity, that it is a Follicle clinic of
 * a schema this version knows, and (when @expect is given) that it holds
 * exactly the rows the source held.
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

  if ((out->tables = count_tables (src, error)) == NULL ||
      !query_uint (src, "SELECT count(*) FROM patients", &out->n_patients, error) ||
      (out->photos = query_strings (src, "SELECT DISTINCT sha256 FROM photos"
                                         " WHERE sha256 IS NOT NULL ORDER BY 1", error)) == NULL)
    goto fail;

  if (!create_private_file (dest_path, error) ||
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

      if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK)
        {
          int rc;

          sqlite3_busy_timeout (db, 2000);
          /* Exclusive locking fails while another program has the clinic open. */
          sqlite3_exec (db, "PRAGMA locking_mode = EXCLUSIVE", NULL, NULL, NULL);
          rc = sqlite3_exec (db, "BEGIN EXCLUSIVE; COMMIT", NULL, NULL, NULL);
          if ((rc & 0xff) == SQLITE_BUSY)
            {
              sqlite3_close (db);
              g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_BUSY,
                           _("The clinic “%s” is open in another program: close it and try again. "
                             "Nothing was changed."), db_path);
              return FALSE;
            }
          sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
        }
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

/* Backup folders */

void
fol_backup_info_free (FolBackupInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->path);
  g_clear_pointer (&info->date, g_date_time_unref);
  g_free (info);
}

/**
 * fol_backup_default_dir:
 *
 * Returns: (transfer full): `<data dir>/backups`
 */
char *
fol_backup_default_dir (FolSqliteStore *store)
{
  g_autofree char *data_dir = NULL;

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (store), NULL);

  {
    g_autofree char *relative = fol_sqlite_store_get_data_dir (store);

    data_dir = g_canonicalize_filename (relative, NULL);
  }
  return g_build_filename (data_dir, "backups", NULL);
}

/**
 * fol_backup_resolve_dir:
 * @location: (nullable): the `backup-location` setting; empty for the default
 *
 * Returns: (transfer full): the folder backups go to
 */
char *
fol_backup_resolve_dir (FolSqliteStore *store,
                        const char     *location)
{
  g_return_val_if_fail (FOL_IS_SQLITE_STORE (store), NULL);

  if (location == NULL || location[0] == '\0')
    return fol_backup_default_dir (store);
  if (location[0] == '~' && (location[1] == '/' || location[1] == '\0'))
    return g_build_filename (g_get_home_dir (), location + 1, NULL);
  return g_strdup (location);
}

/**
 * fol_backup_check_dir:
 *
 * Creates the backup folder (private to the user) when needed and checks
 * that files can be written in it.
 */
gboolean
fol_backup_check_dir (const char  *dir,
                      GError     **error)
{
  g_autofree char *probe = NULL;
  int fd;

  g_return_val_if_fail (dir != NULL, FALSE);

  if (!g_path_is_absolute (dir))
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_READ_ONLY,
                   _("The backup location “%s” must be a full path"), dir);
      return FALSE;
    }

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      if (g_file_test (dir, G_FILE_TEST_EXISTS) || g_mkdir_with_parents (dir, 0700) != 0)
        {
          int errsv = g_file_test (dir, G_FILE_TEST_EXISTS) ? ENOTDIR : errno;

          g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_READ_ONLY,
                       _("Backups cannot be kept in “%s”: %s. Choose another backup location."),
                       dir, g_strerror (errsv));
          return FALSE;
        }
    }

  probe = g_build_filename (dir, ".write-test-XXXXXX", NULL);
  fd = g_mkstemp_full (probe, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_READ_ONLY,
                   _("Backups cannot be written to “%s”: %s. Choose another backup location."),
                   dir, g_strerror (errsv));
      return FALSE;
    }
  close (fd);
  g_unlink (probe);
  return TRUE;
}

/* "follicle-20261125T121250Z.db" (or "…Z-2.db") → its date. */
static GDateTime *
parse_backup_name (const char *name)
{
  int y, mo, d, h, mi, s;
  char z = 0;

  if (!g_str_has_prefix (name, BACKUP_PREFIX) || !g_str_has_suffix (name, BACKUP_SUFFIX))
    return NULL;
  if (sscanf (name + strlen (BACKUP_PREFIX), "%4d%2d%2dT%2d%2d%2d%c", &y, &mo, &d, &h, &mi, &s, &z) != 7 ||
      z != 'Z')
    return NULL;
  return g_date_time_new_utc (y, mo, d, h, mi, s);
}

static char *
manifest_path_for (const char *db_path)
{
  g_autofree char *stem = g_strndup (db_path, strlen (db_path) - strlen (BACKUP_SUFFIX));

  return g_strconcat (stem, MANIFEST_SUFFIX, NULL);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const FolBackupInfo *ia = *(FolBackupInfo **) a;
  const FolBackupInfo *ib = *(FolBackupInfo **) b;
  int c = g_date_time_compare (ib->date, ia->date);

  return c != 0 ? c : -g_strcmp0 (ia->path, ib->path);
}

static void
read_manifest (FolBackupInfo *info,
               GPtrArray     *photos)
{
  g_autofree char *path = manifest_path_for (info->path);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "patients "))
        info->n_patients = (guint) g_ascii_strtoull (lines[i] + 9, NULL, 10);
      else if (g_str_has_prefix (lines[i], "schema "))
        info->schema_version = (guint) g_ascii_strtoull (lines[i] + 7, NULL, 10);
      else if (g_str_has_prefix (lines[i], "photo "))
        {
          info->n_photos++;
          if (photos != NULL)
            g_ptr_array_add (photos, g_strndup (lines[i] + 6, 64));
        }
    }
}

static GPtrArray *
list_backups (const char  *dir,
              GPtrArray   *photos,
              GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) fol_backup_info_free);
  g_autoptr(GDir) d = NULL;
  const char *name;

  d = g_dir_open (dir, 0, error);
  if (d == NULL)
    return NULL;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autoptr(GDateTime) date = parse_backup_name (name);
      FolBackupInfo *info;
      GStatBuf st;

      if (date == NULL)
        continue;

      info = g_new0 (FolBackupInfo, 1);
      info->path = g_build_filename (dir, name, NULL);
      info->date = g_steal_pointer (&date);
      if (g_stat (info->path, &st) == 0)
        info->size = st.st_size;
      read_manifest (info, photos);
      g_ptr_array_add (list, info);
    }

  g_ptr_array_sort (list, compare_newest_first);
  return g_steal_pointer (&list);
}

/**
 * fol_backup_list:
 *
 * Returns: (transfer full) (element-type FolBackupInfo): the backups in
 *   @dir, newest first; empty when the folder does not exist yet
 */
GPtrArray *
fol_backup_list (const char  *dir,
                 GError     **error)
{
  g_return_val_if_fail (dir != NULL, NULL);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) fol_backup_info_free);
  return list_backups (dir, NULL, error);
}

/**
 * fol_backup_needed:
 * @now: (nullable): the current time; %NULL for now
 *
 * Returns: whether the newest backup in @dir is older than a day (or
 *   there is none)
 */
gboolean
fol_backup_needed (const char *dir,
                   GDateTime  *now)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GDateTime) current = NULL;
  FolBackupInfo *newest;

  g_return_val_if_fail (dir != NULL, TRUE);

  list = fol_backup_list (dir, NULL);
  if (list == NULL || list->len == 0)
    return TRUE;

  current = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  newest = g_ptr_array_index (list, 0);
  return g_date_time_difference (current, newest->date) >= G_TIME_SPAN_DAY;
}

static void
remove_backup (const char *db_path)
{
  g_autofree char *manifest = manifest_path_for (db_path);

  g_unlink (manifest);
  g_unlink (db_path);
}

/* Deletes photo copies no remaining manifest lists. */
static void
collect_photos (const char *dir,
                GPtrArray  *photos)
{
  g_autoptr(GHashTable) keep = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *photos_dir = g_build_filename (dir, "photos", NULL);
  g_autoptr(GDir) top = g_dir_open (photos_dir, 0, NULL);
  const char *sub;

  if (top == NULL)
    return;

  for (guint i = 0; i < photos->len; i++)
    g_hash_table_add (keep, g_ptr_array_index (photos, i));

  while ((sub = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *sub_path = g_build_filename (photos_dir, sub, NULL);
      g_autoptr(GDir) d = g_dir_open (sub_path, 0, NULL);
      const char *name;

      if (d == NULL)
        continue;
      while ((name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *sha = g_strndup (name, 64);

          if (_fol_backup_is_sha256 (sha) && !g_hash_table_contains (keep, sha))
            {
              g_autofree char *path = g_build_filename (sub_path, name, NULL);

              g_unlink (path);
            }
        }
    }
}

/**
 * fol_backup_rotate:
 *
 * Keeps the newest backup of each of the last 7 days, 4 weeks and 12
 * months that have one (and always the newest backup), deletes the other
 * backups and the photo copies no remaining backup needs.
 */
gboolean
fol_backup_rotate (const char  *dir,
                   GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_free);
  g_autofree gboolean *keep = NULL;
  const char *formats[] = { "%Y-%m-%d", "%G-W%V", "%Y-%m" };
  const guint limits[] = { FOL_BACKUP_KEEP_DAILY, FOL_BACKUP_KEEP_WEEKLY, FOL_BACKUP_KEEP_MONTHLY };

  g_return_val_if_fail (dir != NULL, FALSE);

  list = list_backups (dir, NULL, error);
  if (list == NULL)
    return FALSE;
  if (list->len == 0)
    return TRUE;

  keep = g_new0 (gboolean, list->len);
  keep[0] = TRUE;

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *last = NULL;
      guint kept = 0;

      for (guint i = 0; i < list->len && kept < limits[f]; i++)
        {
          FolBackupInfo *info = g_ptr_array_index (list, i);
          g_autofree char *key = g_date_time_format (info->date, formats[f]);

          if (g_strcmp0 (key, last) == 0)
            continue;
          keep[i] = TRUE;
          kept++;
          g_free (last);
          last = g_steal_pointer (&key);
        }
    }

  for (guint i = 0; i < list->len; i++)
    {
      FolBackupInfo *info = g_ptr_array_index (list, i);

      if (!keep[i])
        remove_backup (info->path);
    }

  g_clear_pointer (&list, g_ptr_array_unref);
  list = list_backups (dir, photos, error);
  if (list == NULL)
    return FALSE;
  collect_photos (dir, photos);
  return TRUE;
}

/* Removes what an interrupted backup left behind. */
static void
remove_partial_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, PARTIAL_PREFIX))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
}

static gboolean
copy_photos (const char  *data_dir,
             const char  *dir,
             GPtrArray   *photos,
             GString     *manifest,
             GError     **error)
{
  g_autofree char *source_dir = g_build_filename (data_dir, "photos", NULL);

  for (guint i = 0; i < photos->len; i++)
    {
      const char *sha = g_ptr_array_index (photos, i);
      g_autofree char *from = _fol_backup_find_photo (source_dir, sha);
      g_autofree char *base = NULL;
      g_autofree char *sub = NULL;
      g_autofree char *to = NULL;

      if (from == NULL)
        {
          /* Listed all the same: the database refers to it. */
          g_string_append_printf (manifest, "missing-photo %s\n", sha);
          continue;
        }

      base = g_path_get_basename (from);
      sub = g_build_filename (dir, "photos", (char[]) { sha[0], sha[1], 0 }, NULL);
      to = g_build_filename (sub, base, NULL);
      g_string_append_printf (manifest, "photo %s\n", base);

      /* Content-addressed: a copy that exists is the same photo. */
      if (g_file_test (to, G_FILE_TEST_EXISTS))
        continue;

      if (g_mkdir_with_parents (sub, 0700) != 0)
        {
          _fol_backup_set_errno_error (error, errno, sub);
          return FALSE;
        }
      /* Photos never change: a hard link costs no space and survives the
       * original's deletion. Across file systems, copy.
       */
      if (link (from, to) != 0 && !_fol_backup_copy_file (from, to, sha, error))
        return FALSE;
    }

  return TRUE;
}

static FolBackupInfo *
backup_database (const char  *db_path,
                 const char  *dir,
                 GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *iso = g_date_time_format_iso8601 (now);
  g_autofree char *data_dir = g_path_get_dirname (db_path);
  g_autofree char *final = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *manifest_path = NULL;
  g_autoptr(GString) manifest = g_string_new (NULL);
  g_autoptr(FolBackupInfo) info = NULL;
  FolSnapshot snapshot;
  GStatBuf st;

  if (!fol_backup_check_dir (dir, error))
    return NULL;
  remove_partial_files (dir);

  for (guint n = 1; final == NULL || g_file_test (final, G_FILE_TEST_EXISTS); n++)
    {
      g_free (final);
      if (n == 1)
        final = g_strdup_printf ("%s/" BACKUP_PREFIX "%s" BACKUP_SUFFIX, dir, stamp);
      else
        final = g_strdup_printf ("%s/" BACKUP_PREFIX "%s-%u" BACKUP_SUFFIX, dir, stamp, n);
    }
  {
    g_autofree char *base = g_path_get_basename (final);

    partial = g_strdup_printf ("%s/" PARTIAL_PREFIX "%s", dir, base);
  }
  manifest_path = manifest_path_for (final);

  if (!_fol_backup_snapshot (db_path, partial, &snapshot, error))
    {
      g_prefix_error (error, _("The backup failed: "));
      return NULL;
    }

  g_string_append_printf (manifest, "follicle-backup 1\napp-version %s\nschema %u\ncreated %s\npatients %u\n",
                          PACKAGE_VERSION, snapshot.schema_version, iso, snapshot.n_patients);
  for (guint i = 0; i < snapshot.tables->len; i++)
    g_string_append_printf (manifest, "table %s\n", (char *) g_ptr_array_index (snapshot.tables, i));

  if (!copy_photos (data_dir, dir, snapshot.photos, manifest, error) ||
      !g_file_set_contents_full (manifest_path, manifest->str, manifest->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error))
    goto fail;

  if (g_rename (partial, final) != 0)
    {
      _fol_backup_set_errno_error (error, errno, final);
      goto fail;
    }
  _fol_backup_fsync_dir (dir);

  info = g_new0 (FolBackupInfo, 1);
  info->path = g_steal_pointer (&final);
  info->date = g_date_time_ref (now);
  info->size = g_stat (info->path, &st) == 0 ? st.st_size : 0;
  info->n_patients = snapshot.n_patients;
  info->n_photos = snapshot.photos->len;
  info->schema_version = snapshot.schema_version;
  _fol_snapshot_clear (&snapshot);

  /* A failed rotation keeps too many backups, never too few. */
  fol_backup_rotate (dir, NULL);
  return g_steal_pointer (&info);

fail:
  g_prefix_error (error, _("The backup failed: "));
  g_unlink (partial);
  g_unlink (manifest_path);
  _fol_snapshot_clear (&snapshot);
  return NULL;
}

/**
 * fol_backup_run:
 * @dir: the backup folder (see fol_backup_resolve_dir())
 *
 * Takes a backup now, in the calling thread. Prefer
 * fol_backup_run_async() from the window.
 *
 * Returns: (transfer full): the backup, checked, or %NULL
 */
FolBackupInfo *
fol_backup_run (FolSqliteStore  *store,
                const char      *dir,
                GError         **error)
{
  g_return_val_if_fail (FOL_IS_SQLITE_STORE (store), NULL);
  g_return_val_if_fail (dir != NULL, NULL);

  return backup_database (fol_sqlite_store_get_path (store), dir, error);
}

typedef struct
{
  char *db_path;
  char *dir;
} RunData;

static void
run_data_free (RunData *data)
{
  g_free (data->db_path);
  g_free (data->dir);
  g_free (data);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  GError *error = NULL;
  FolBackupInfo *info;

  /* Its own connections: the store's connection stays with the main thread. */
  info = backup_database (data->db_path, data->dir, &error);
  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) fol_backup_info_free);
}

/**
 * fol_backup_run_async:
 *
 * Takes a backup in a worker thread: the window never waits for it.
 */
void
fol_backup_run_async (FolSqliteStore      *store,
                      const char          *dir,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;

  g_return_if_fail (FOL_IS_SQLITE_STORE (store));
  g_return_if_fail (dir != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, fol_backup_run_async);
  data = g_new0 (RunData, 1);
  data->db_path = g_strdup (fol_sqlite_store_get_path (store));
  data->dir = g_strdup (dir);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_thread);
}

/**
 * fol_backup_run_finish:
 *
 * Returns: (transfer full): the backup, checked, or %NULL with @error set
 */
FolBackupInfo *
fol_backup_run_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * fol_backup_verify:
 *
 * Checks that @path is an intact Follicle clinic this version can open.
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

/* Keeps the current state before it is replaced: a snapshot when the
 * database can be read, else (it may be the damaged file being recovered
 * from) a plain copy.
 */
gboolean
_fol_backup_save_current_state (const char  *db_path,
                    const char  *backup_dir,
                    GError     **error)
{
  g_autoptr(FolBackupInfo) info = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *copy = NULL;
  GStatBuf st;

  if (g_stat (db_path, &st) != 0 || st.st_size == 0)
    return TRUE;

  info = backup_database (db_path, backup_dir, &local);
  if (info != NULL)
    return TRUE;

  if (g_error_matches (local, FOL_STORE_ERROR, FOL_STORE_ERROR_NO_SPACE) ||
      g_error_matches (local, FOL_STORE_ERROR, FOL_STORE_ERROR_READ_ONLY))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  now = g_date_time_new_now_utc ();
  stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  copy = g_strdup_printf ("%s/unreadable-%s.db", backup_dir, stamp);
  return _fol_backup_copy_file (db_path, copy, NULL, error);
}

/**
 * fol_backup_restore:
 * @store_path: the clinic database to replace; no #FolSqliteStore may
 *   have it open
 * @backup_path: a backup (or any Follicle clinic database file)
 * @backup_dir: (nullable): where the current state is backed up first;
 *   %NULL for `backups/` beside @store_path
 *
 * Checks the backup, backs up the current state, then replaces the
 * database atomically: at every instant the file is either the old
 * clinic or the restored one.
 */
gboolean
fol_backup_restore (const char  *store_path,
                    const char  *backup_path,
                    const char  *backup_dir,
                    GError     **error)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *default_dir = NULL;
  g_autofree char *tmp = NULL;

  g_return_val_if_fail (store_path != NULL, FALSE);
  g_return_val_if_fail (backup_path != NULL, FALSE);

  if (!fol_backup_verify (backup_path, error))
    {
      g_prefix_error (error, _("Nothing was restored: "));
      return FALSE;
    }

  {
    g_autofree char *absolute = g_canonicalize_filename (store_path, NULL);

    data_dir = g_path_get_dirname (absolute);
  }
  if (backup_dir == NULL)
    backup_dir = default_dir = g_build_filename (data_dir, "backups", NULL);

  if (!_fol_backup_save_current_state (store_path, backup_dir, error))
    {
      g_prefix_error (error, _("Nothing was restored, because the current clinic could not be backed up first: "));
      return FALSE;
    }

  tmp = g_strconcat (store_path, ".restore-tmp", NULL);
  g_unlink (tmp);
  if (!_fol_backup_copy_file (backup_path, tmp, NULL, error) ||
      !_fol_backup_replace_database (store_path, tmp, error))
    {
      g_unlink (tmp);
      g_prefix_error (error, _("Nothing was restored: "));
      return FALSE;
    }

  return TRUE;
}
