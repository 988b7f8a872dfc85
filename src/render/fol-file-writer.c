/* fol-file-writer.c
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

#define G_LOG_DOMAIN "fol-file-writer"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "fol-file-writer.h"
#include "fol-i18n.h"

/* Every file Follicle writes (charts, reports, CSV, patient files) goes
 * through here: a private temporary file beside the target (so the rename
 * stays on one file system), the bytes, fsync, close, rename over the
 * target, fsync of the folder. Any failure on the way leaves the target as
 * it was and removes the temporary file; the first write error is kept, so
 * a caller that ignores a write status (cairo's PDF surface loses it) still
 * cannot commit a short file. The temporary file stays locked (flock) from
 * its first byte to its rename, so that the removal of what killed writers
 * left (fol_file_writer_remove_leftovers()) never takes one still written.
 */

#define BUFFER_SIZE (64 * 1024)

struct _FolFileWriter
{
  char    *path;       /* NULL for standard output */
  char    *tmp_path;
  int      fd;
  int      write_errno;  /* first write error, 0 when none */
  gsize    buffered;
  guint8  *buffer;
};

static void
set_errno_error (GError     **error,
                 const char  *path,
                 int          saved_errno)
{
  g_autofree char *name = path ? g_filename_display_name (path) : g_strdup (_("standard output"));
  const char *reason;
  int code;

  if (saved_errno == ENOSPC || saved_errno == EFBIG || saved_errno == EDQUOT)
    {
      reason = _("no space left on the disk");
      code = G_IO_ERROR_NO_SPACE;
    }
  else
    {
      reason = g_strerror (saved_errno);
      code = g_io_error_from_errno (saved_errno);
    }

  /* Translators: the file name, then why it failed */
  g_set_error (error, G_IO_ERROR, code, _("Could not save “%s”: %s"), name, reason);
}

/**
 * fol_file_check_output_path:
 *
 * A path Follicle may write to: one that does not exist yet, or a regular
 * file. A folder, a link, a pipe or a device is refused, so that writing
 * never replaces it by a file (or, for a pipe, hangs).
 */
gboolean
fol_file_check_output_path (const char  *path,
                            GError     **error)
{
  g_autofree char *name = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_lstat (path, &st) != 0)
    {
      if (errno == ENOENT)
        return TRUE;
      set_errno_error (error, path, errno);
      return FALSE;
    }
  if (S_ISREG (st.st_mode))
    return TRUE;

  name = g_filename_display_name (path);
  if (S_ISDIR (st.st_mode))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                 _("“%s” is a folder: give a file name"), name);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                 _("“%s” is not a regular file (a link, a pipe or a device): nothing was written; "
                   "give the name of a new or ordinary file"), name);
  return FALSE;
}

/**
 * fol_file_check_input_path:
 *
 * Refuses a pipe, a socket or a device as a file to read, without blocking
 * on it: reading one would wait forever or never end. A missing path or a
 * folder passes, for the caller's own message.
 */
gboolean
fol_file_check_input_path (const char  *path,
                           GError     **error)
{
  g_autofree char *name = NULL;
  struct stat st;
  gboolean special;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* O_NONBLOCK: opening a pipe with no writer does not wait. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    return TRUE;
  special = fstat (fd, &st) == 0 && !S_ISREG (st.st_mode) && !S_ISDIR (st.st_mode);
  close (fd);
  if (!special)
    return TRUE;

  name = g_filename_display_name (path);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
               _("“%s” is not a regular file (a pipe or a device): give the name of a file"), name);
  return FALSE;
}

/**
 * fol_file_writer_new:
 * @path: the file to write; it appears, or is replaced, only at
 *   fol_file_writer_commit()
 *
 * Opens a temporary file, readable by the owner only, in @path's folder.
 */
FolFileWriter *
fol_file_writer_new (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_name = NULL;
  FolFileWriter *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!fol_file_check_output_path (path, error))
    return NULL;

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_name = g_strdup_printf (".%s.XXXXXX", base);

  self = g_new0 (FolFileWriter, 1);
  self->path = g_strdup (path);
  self->tmp_path = g_build_filename (dir, tmp_name, NULL);
  self->buffer = g_malloc (BUFFER_SIZE);
  self->fd = g_mkstemp_full (self->tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (self->fd < 0)
    {
      set_errno_error (error, path, errno);
      g_clear_pointer (&self->tmp_path, g_free);
      fol_file_writer_free (self);
      return NULL;
    }
  /* Where the file system has no locks, the file is written all the same:
   * fol_file_remove_abandoned() cannot lock it either, so removes nothing.
   */
  while (flock (self->fd, LOCK_EX) != 0 && errno == EINTR)
    ;

  return self;
}

/**
 * fol_file_writer_new_stdout:
 *
 * Writes to standard output instead: commit flushes and reports any error.
 */
FolFileWriter *
fol_file_writer_new_stdout (void)
{
  FolFileWriter *self = g_new0 (FolFileWriter, 1);

  self->fd = STDOUT_FILENO;
  self->buffer = g_malloc (BUFFER_SIZE);
  return self;
}

/**
 * fol_file_writer_get_temp_path:
 *
 * Returns: (nullable): the temporary file, for a writer (such as SQLite)
 *   that opens the file by name; %NULL for standard output
 */
const char *
fol_file_writer_get_temp_path (FolFileWriter *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->tmp_path;
}

static gboolean
write_all (FolFileWriter *self,
           const guint8  *data,
           gsize          length)
{
  while (length > 0)
    {
      ssize_t n = write (self->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          self->write_errno = n < 0 ? errno : EIO;
          return FALSE;
        }
      data += n;
      length -= n;
    }
  return TRUE;
}

static gboolean
flush_buffer (FolFileWriter *self)
{
  gboolean ok = self->write_errno == 0 && write_all (self, self->buffer, self->buffered);

  self->buffered = 0;
  return ok;
}

/**
 * fol_file_writer_write:
 *
 * Appends @length bytes. After a failure every later write fails too, and
 * so does the commit.
 */
gboolean
fol_file_writer_write (FolFileWriter  *self,
                       const void     *data,
                       gsize           length,
                       GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->write_errno == 0 && self->buffered + length > BUFFER_SIZE)
    flush_buffer (self);
  if (self->write_errno == 0)
    {
      if (length >= BUFFER_SIZE)
        write_all (self, data, length);
      else
        {
          memcpy (self->buffer + self->buffered, data, length);
          self->buffered += length;
        }
    }

  if (self->write_errno != 0)
    {
      set_errno_error (error, self->path, self->write_errno);
      return FALSE;
    }
  return TRUE;
}

/**
 * fol_file_writer_cairo_write:
 * @closure: a #FolFileWriter
 *
 * A #cairo_write_func_t, for cairo_pdf_surface_create_for_stream() and
 * the like.
 */
cairo_status_t
fol_file_writer_cairo_write (void                *closure,
                             const unsigned char *data,
                             unsigned int         length)
{
  return fol_file_writer_write (closure, data, length, NULL) ? CAIRO_STATUS_SUCCESS
                                                              : CAIRO_STATUS_WRITE_ERROR;
}

/**
 * fol_file_writer_get_failed:
 *
 * Returns: whether a write failed; fol_file_writer_commit() then says why
 */
gboolean
fol_file_writer_get_failed (FolFileWriter *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->write_errno != 0;
}

static void
fsync_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  /* The rename is done; a folder that cannot be synced (some network file
   * systems) does not undo it.
   */
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/**
 * fol_file_writer_commit:
 *
 * Flushes, syncs and closes the temporary file, then renames it over the
 * target. On failure the target is untouched and the temporary file
 * removed. Either way @self is done with: free it.
 */
gboolean
fol_file_writer_commit (FolFileWriter  *self,
                        GError        **error)
{
  int fd;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->fd >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  flush_buffer (self);
  fd = self->fd;
  self->fd = -1;

  if (self->path == NULL)
    {
      /* Standard output stays open; a pipe or terminal cannot be synced. */
      if (self->write_errno == 0 && fsync (fd) != 0 && errno != EINVAL && errno != EROFS &&
          errno != ENOTSUP)
        self->write_errno = errno;
      if (self->write_errno != 0)
        {
          set_errno_error (error, NULL, self->write_errno);
          return FALSE;
        }
      return TRUE;
    }

  /* Closed only after the rename: closing drops the lock. The bytes are on
   * the disk by then (fsync), so a close that fails cannot cut them short.
   */
  if (self->write_errno == 0 && fsync (fd) != 0)
    self->write_errno = errno;
  if (self->write_errno == 0 && !fol_file_check_output_path (self->path, error))
    {
      g_unlink (self->tmp_path);
      g_clear_pointer (&self->tmp_path, g_free);
      close (fd);
      return FALSE;
    }
  if (self->write_errno == 0 && g_rename (self->tmp_path, self->path) != 0)
    self->write_errno = errno;

  if (self->write_errno != 0)
    {
      set_errno_error (error, self->path, self->write_errno);
      g_unlink (self->tmp_path);
      g_clear_pointer (&self->tmp_path, g_free);
      close (fd);
      return FALSE;
    }
  close (fd);

  g_clear_pointer (&self->tmp_path, g_free);
  fsync_folder (self->path);
  return TRUE;
}

/**
 * fol_file_writer_free:
 *
 * Frees @self; a file not committed is removed.
 */
void
fol_file_writer_free (FolFileWriter *self)
{
  if (self == NULL)
    return;

  if (self->path != NULL && self->fd >= 0)
    close (self->fd);
  if (self->tmp_path != NULL)
    g_unlink (self->tmp_path);
  g_free (self->path);
  g_free (self->tmp_path);
  g_free (self->buffer);
  g_free (self);
}

/**
 * fol_file_remove_abandoned:
 * @path: a file a writer of Follicle's makes and keeps locked (flock) while
 *   it writes it
 *
 * Removes @path unless a writer, in this process or another, still holds
 * it: it is locked then, or (for the instant between its creation and its
 * lock) still empty and new. A link, a folder or a pipe is left alone.
 *
 * Returns: whether @path was removed
 */
gboolean
fol_file_remove_abandoned (const char *path)
{
  gboolean removed = FALSE;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0);
  if (fd < 0)
    return FALSE;
  if (flock (fd, LOCK_EX | LOCK_NB) == 0 && fstat (fd, &st) == 0 && S_ISREG (st.st_mode) &&
      (st.st_size > 0 || (gint64) st.st_mtime < g_get_real_time () / G_USEC_PER_SEC - 60))
    removed = g_unlink (path) == 0;
  close (fd);
  return removed;
}

/* A writer's temporary file for a target ending in one of @suffixes:
 * "." TARGET "." and six letters or digits (g_mkstemp_full()).
 */
static gboolean
is_temporary_name (const char         *name,
                   const char * const *suffixes)
{
  gsize len = strlen (name);

  if (name[0] != '.' || len < 1 + 1 + 1 + 6 || name[len - 7] != '.')
    return FALSE;
  for (gsize i = len - 6; i < len; i++)
    if (!g_ascii_isalnum (name[i]))
      return FALSE;
  for (guint i = 0; suffixes[i] != NULL; i++)
    {
      gsize n = strlen (suffixes[i]);

      if (len - 8 > n && g_ascii_strncasecmp (name + len - 7 - n, suffixes[i], n) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * fol_file_writer_remove_leftovers:
 * @dir: a folder files are written to
 * @suffixes: (array zero-terminated=1): the endings of the targets, such as
 *   ".svg"
 *
 * Removes the temporary files that writers killed midway (a process killed,
 * a machine stopped) left in @dir for targets ending in one of @suffixes,
 * unless a writer is still writing them (fol_file_remove_abandoned()).
 *
 * Returns: how many were removed
 */
guint
fol_file_writer_remove_leftovers (const char         *dir,
                                  const char * const *suffixes)
{
  g_autoptr(GDir) d = NULL;
  const char *name;
  guint removed = 0;

  g_return_val_if_fail (dir != NULL, 0);
  g_return_val_if_fail (suffixes != NULL, 0);

  d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return 0;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!is_temporary_name (name, suffixes))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (fol_file_remove_abandoned (path))
        removed++;
    }
  return removed;
}
