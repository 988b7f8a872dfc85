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

#include "fol-backup-private.h"
#include "fol-clinic-file.h"
#include "fol-error.h"
#include "fol-i18n.h"

/* The files of backups: snapshots written under a lock that the cleaning
 * of leftovers respects, photos copied and checked. The snapshot itself is
 * the store's (fol_store_snapshot()); the clinic file format is the
 * backend's (fol-clinic-file.h).
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

/* Creates @path, empty, and keeps it locked (flock, which SQLite's own
 * POSIX locks do not see) until the returned descriptor is closed: the
 * cleaning of leftovers (fol_file_remove_abandoned()) never takes a copy
 * still being written.
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

/**
 * _fol_backup_take_snapshot:
 * @store: (nullable): the clinic, when it is open
 * @db_path: (nullable): else the clinic file, not open
 * @out_lock_fd: (out): the lock on @dest_path, to close once the backup
 *   it belongs to is complete
 *
 * Writes a snapshot to @dest_path (which must not exist), created first
 * and kept locked, so that the cleaning of leftovers never takes a copy
 * still being written.
 */
FolStoreSnapshot *
_fol_backup_take_snapshot (FolStore     *store,
                           const char   *db_path,
                           const char   *dest_path,
                           int          *out_lock_fd,
                           GError      **error)
{
  FolStoreSnapshot *snapshot;
  int fd;

  g_assert (store != NULL || db_path != NULL);

  *out_lock_fd = -1;
  if ((fd = create_locked_file (dest_path, error)) < 0)
    return NULL;
  snapshot = store != NULL ? fol_store_snapshot (store, dest_path, error)
                           : fol_clinic_file_snapshot (db_path, dest_path, error);
  if (snapshot == NULL)
    {
      g_unlink (dest_path);
      close (fd);
      return NULL;
    }
  *out_lock_fd = fd;
  return snapshot;
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
  return fol_clinic_file_verify (path, error);
}
