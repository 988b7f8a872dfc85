/* fol-sqlite-store-open.c
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

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-sqlite-migrations.h"
#include "fol-sqlite-store-private.h"

/* What happens before a clinic is open: the file made safely, a crash
 * recovered, permissions made private, a read-only clinic recognised.
 */

#define SQLITE_HEADER "SQLite format 3"
#define NEW_SUFFIX    ".new-"

static gint64
file_size (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return -1;
  return st.st_size;
}

static gint64
sibling_size (const char *path,
              const char *suffix)
{
  g_autofree char *sibling = g_strconcat (path, suffix, NULL);

  return file_size (sibling);
}

/* Refuses, without writing a byte, a file that is not an SQLite database. */
gboolean
_fol_sqlite_check_header (const char  *path,
                          GError     **error)
{
  char header[16] = { 0 };
  ssize_t n;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      if (errno == ENOENT)
        return TRUE;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Cannot read “%s”: %s"), path, g_strerror (errno));
      return FALSE;
    }

  n = read (fd, header, sizeof header);
  close (fd);

  if (n == 0)
    return TRUE;

  if (n != sizeof header || memcmp (header, SQLITE_HEADER, sizeof SQLITE_HEADER) != 0)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Follicle clinic database; it was left untouched."), path);
      return FALSE;
    }

  return TRUE;
}

gboolean
_fol_sqlite_ensure_folder (const char  *path,
                           GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

/* Whether the clinic has yet to be made: no file, or the empty file an
 * interrupted creation of an earlier version left (its hot journal rolled
 * back). A file with a write-ahead log holds data.
 */
gboolean
_fol_sqlite_needs_create (const char *path)
{
  gint64 size = file_size (path);

  if (size < 0)
    return errno == ENOENT;
  return size == 0 && sibling_size (path, "-wal") <= 0 && sibling_size (path, "-journal") <= 0;
}

/* A rollback journal left by a crash ("hot") is played back by SQLite on
 * the first read of a connection that may write. The checks that follow
 * (an empty file, a read-only open) must see the database as it was
 * before the interrupted transaction, so it is played back first.
 */
void
_fol_sqlite_recover_journal (const char *path)
{
  static const guint8 magic[8] = { 0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7 };
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  guint8 head[8] = { 0 };
  sqlite3 *db = NULL;
  ssize_t n;
  int fd;

  /* Only SQLite's own journal: a stray file of that name is not played. */
  fd = g_open (journal, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return;
  n = read (fd, head, sizeof head);
  close (fd);
  if (n != sizeof head || memcmp (head, magic, sizeof magic) != 0)
    return;
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 10000);
      if (sqlite3_exec (db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) != SQLITE_OK)
        g_debug ("Could not play back the journal of %s: %s", path, sqlite3_errmsg (db));
    }
  sqlite3_close (db);
}

void
_fol_sqlite_remove_leftovers (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (base, NEW_SUFFIX, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  /* Temporary clinics of a creation that was interrupted. */
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      {
        g_autofree char *child = g_build_filename (dir, name, NULL);

        g_unlink (child);
      }
}

static gboolean
sync_path (const char  *path,
           gboolean     directory,
           GError     **error)
{
  int fd = g_open (path, (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC, 0);

  if (fd < 0 || fsync (fd) != 0)
    {
      int errsv = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot write “%s”: %s"), path, g_strerror (errsv));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* A new clinic is built whole in a file beside it (schema, WAL mode),
 * synced, and only then put in place: a crash leaves either no clinic or
 * a complete empty one, never a half-made file. Called with the clinic
 * locked exclusively.
 */
gboolean
_fol_sqlite_create (const char  *path,
                    GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = g_strconcat (path, NEW_SUFFIX "XXXXXX", NULL);
  g_autoptr(FolSqliteStore) scratch = NULL;
  gboolean exists = g_file_test (path, G_FILE_TEST_EXISTS);
  int fd;

  _fol_sqlite_remove_leftovers (path);

  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot create “%s”: %s"), path, g_strerror (errsv));
      return FALSE;
    }
  close (fd);

  scratch = g_object_new (FOL_TYPE_SQLITE_STORE, NULL);
  scratch->path = g_strdup (tmp);
  if (sqlite3_open_v2 (tmp, &scratch->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      _fol_sqlite_fail (scratch, sqlite3_errcode (scratch->db), error);
      goto fail;
    }
  sqlite3_extended_result_codes (scratch->db, TRUE);

  if (!_fol_sqlite_exec (scratch, "PRAGMA synchronous = FULL", error) ||
      !_fol_sqlite_migrate (scratch, error) ||
      !_fol_sqlite_exec (scratch, "PRAGMA journal_mode = WAL", error))
    goto fail;
  /* Closing the only connection checkpoints the log into the file and
   * removes it: the file alone is the clinic.
   */
  g_clear_object (&scratch);

  if (!sync_path (tmp, FALSE, error))
    goto fail;

  /* A file that exists is the empty one of an interrupted creation: it is
   * replaced; else link() never replaces a clinic made meanwhile.
   */
  if (exists ? g_rename (tmp, path) != 0 : (link (tmp, path) != 0 && errno != EEXIST))
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot create “%s”: %s"), path, g_strerror (errsv));
      goto fail;
    }
  if (!exists)
    g_unlink (tmp);
  return sync_path (dir, TRUE, error);

fail:
  g_clear_object (&scratch);
  g_unlink (tmp);
  {
    g_autofree char *journal = g_strconcat (tmp, "-journal", NULL);
    g_autofree char *wal = g_strconcat (tmp, "-wal", NULL);
    g_autofree char *shm = g_strconcat (tmp, "-shm", NULL);

    g_unlink (journal);
    g_unlink (wal);
    g_unlink (shm);
  }
  return FALSE;
}

/* Loose permissions (a copy from another computer, an umask of 000, an
 * older version) are made private, and said once.
 */
static gboolean
tighten (const char *path,
         guint       mode)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0 || st.st_uid != geteuid ())
    return FALSE;
  if (S_ISLNK (st.st_mode) || (st.st_mode & 077) == 0)
    return FALSE;
  /* Never a shared folder such as /tmp, nor the home folder itself. */
  if (S_ISDIR (st.st_mode) &&
      ((st.st_mode & S_ISVTX) || g_strcmp0 (path, g_get_home_dir ()) == 0))
    return FALSE;
  return g_chmod (path, mode) == 0;
}

char *
_fol_sqlite_tighten_permissions (const char *path)
{
  static const char *const files[] = { "", "-wal", "-shm", ".lock" };
  static const char *const folders[] = { "photos", "backups" };
  g_autofree char *dir = g_path_get_dirname (path);
  gboolean changed = FALSE;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;

  changed |= tighten (dir, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *sub = g_build_filename (dir, folders[i], NULL);

      changed |= tighten (sub, 0700);
    }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *file = g_strconcat (path, files[i], NULL);

      changed |= tighten (file, 0600);
    }

  if (!changed)
    return NULL;
  return g_strdup_printf (_("Other users of this computer could read the clinic in “%s”: "
                            "it is now private to you (folders 0700, files 0600)."), dir);
}

/* A read-only clinic in WAL mode with no -shm beside it, in a folder that
 * cannot be written: SQLite cannot make its shared index. Nothing else can
 * write there either, so the file is read as immutable.
 */
gboolean
_fol_sqlite_open_immutable (FolSqliteStore  *self,
                            GError         **error)
{
  g_autofree char *escaped = g_uri_escape_string (self->path, "/", FALSE);
  g_autofree char *uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);
  int rc;

  if (sibling_size (self->path, "-wal") > 0)
    return FALSE;

  sqlite3_close (self->db);
  self->db = NULL;
  rc = sqlite3_open_v2 (uri, &self->db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _fol_sqlite_set_error_from_rc (error, rc, self->db ? sqlite3_errmsg (self->db) : NULL);
      g_prefix_error (error, "%s: ", self->path);
      return FALSE;
    }
  /* As on the connection it replaces, before the schema is read. */
  return _fol_sqlite_exec (self, "PRAGMA temp_store = MEMORY", error);
}

/* The same for a connection of its own (a snapshot, an export): opened
 * read-only, and when it cannot read for want of the WAL index, again as
 * an immutable file.
 */
void
_fol_sqlite_read_only_fallback (const char  *path,
                                sqlite3    **db)
{
  g_autofree char *escaped = NULL;
  g_autofree char *uri = NULL;
  int rc = sqlite3_exec (*db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);

  if (rc == SQLITE_OK)
    return;
  rc = sqlite3_extended_errcode (*db);
  if (((rc & 0xff) != SQLITE_CANTOPEN && (rc & 0xff) != SQLITE_READONLY) ||
      sibling_size (path, "-wal") > 0)
    return;

  escaped = g_uri_escape_string (path, "/", FALSE);
  uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);
  sqlite3_close (*db);
  *db = NULL;
  if (sqlite3_open_v2 (uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    g_debug ("Cannot read %s as immutable: %s", path, sqlite3_errmsg (*db));
}

/* Checked before each write: a window never writes into a file that is no
 * longer the clinic at its path (moved, or replaced by hand or by an older
 * version that did not lock).
 */
gboolean
_fol_sqlite_check_identity (FolSqliteStore  *self,
                            GError         **error)
{
  GStatBuf st;

  if (!self->identity_known)
    return TRUE;
  if (g_stat (self->path, &st) == 0 && st.st_dev == self->dev && st.st_ino == self->ino)
    return TRUE;

  g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_REPLACED,
               _("The clinic file “%s” was replaced or moved while it was open: nothing was saved. "
                 "Open the clinic again and repeat the change."), self->path);
  g_signal_emit_by_name (self, "replaced");
  return FALSE;
}

void
_fol_sqlite_remember_identity (FolSqliteStore *self)
{
  GStatBuf st;

  self->identity_known = g_stat (self->path, &st) == 0;
  if (self->identity_known)
    {
      self->dev = st.st_dev;
      self->ino = st.st_ino;
    }
}
