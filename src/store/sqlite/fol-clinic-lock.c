/* fol-clinic-lock.c
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

#define G_LOG_DOMAIN "fol-clinic-lock"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "fol-clinic-lock.h"
#include "fol-error.h"
#include "fol-i18n.h"

/* Every process that has a clinic open holds a shared flock() on
 * "<database>.lock"; replacing the clinic (a restore) or creating it takes
 * it exclusively. SQLite's own locks cannot say this: an idle connection
 * in WAL mode holds none, so a restore would pull the file from under a
 * window that goes on writing into the removed inode.
 *
 * flock() rather than fcntl(): its locks belong to the open file, so two
 * stores in one process are two holders, and closing another descriptor of
 * the file (SQLite does) never drops them. The file is never removed:
 * removing a lock file lets two processes lock two different files.
 */

/* How long opening a clinic waits for a restore or a creation to finish. */
#define WAIT_MS 10000

struct _FolClinicLock
{
  char              *db_path;
  int                fd;      /* -1: read-only media, no lock file could be made */
  FolClinicLockMode  mode;
  dev_t              dev;
  ino_t              ino;
};

/* Exclusive locks this process holds: a clinic it is replacing or creating
 * may still be opened by the process itself (to check what it restored).
 */
static GMutex held_lock;
static GPtrArray *held;

static void
held_add (FolClinicLock *lock)
{
  g_mutex_lock (&held_lock);
  if (held == NULL)
    held = g_ptr_array_new ();
  g_ptr_array_add (held, lock);
  g_mutex_unlock (&held_lock);
}

static void
held_remove (FolClinicLock *lock)
{
  g_mutex_lock (&held_lock);
  if (held != NULL)
    g_ptr_array_remove (held, lock);
  g_mutex_unlock (&held_lock);
}

static FolClinicLock *
held_find (const char *lock_path)
{
  FolClinicLock *found = NULL;
  GStatBuf st;

  if (g_stat (lock_path, &st) != 0)
    return NULL;

  g_mutex_lock (&held_lock);
  for (guint i = 0; held != NULL && i < held->len && found == NULL; i++)
    {
      FolClinicLock *lock = g_ptr_array_index (held, i);

      if (lock->dev == st.st_dev && lock->ino == st.st_ino)
        found = fol_clinic_lock_ref (lock);
    }
  g_mutex_unlock (&held_lock);
  return found;
}

static void
lock_clear (FolClinicLock *lock)
{
  held_remove (lock);
  if (lock->fd >= 0)
    close (lock->fd);
  g_free (lock->db_path);
}

static void
set_busy_error (GError           **error,
                const char        *db_path,
                FolClinicLockMode  mode)
{
  if (mode == FOL_CLINIC_LOCK_EXCLUSIVE)
    g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_BUSY,
                 _("The clinic “%s” is open in another window or program: close it and try again"),
                 db_path);
  else
    g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_BUSY,
                 _("The clinic “%s” is being restored or created by another program: try again when it is done"),
                 db_path);
}

/* Tries @operation without blocking for up to @wait_ms. */
static gboolean
take (int    fd,
      int    operation,
      guint  wait_ms,
      int   *out_errno)
{
  gint64 end = g_get_monotonic_time () + (gint64) wait_ms * 1000;

  for (;;)
    {
      if (flock (fd, operation | LOCK_NB) == 0)
        return TRUE;
      if (errno == EINTR)
        continue;
      if (errno != EWOULDBLOCK || g_get_monotonic_time () >= end)
        {
          *out_errno = errno;
          return FALSE;
        }
      g_usleep (20000);
    }
}

static int
open_lock_file (const char  *lock_path,
                gboolean     need,
                GError     **error)
{
  int fd;

  /* A clinic restored onto a new computer: its folder comes first. */
  if (need)
    {
      g_autofree char *dir = g_path_get_dirname (lock_path);

      g_mkdir_with_parents (dir, 0700);
    }

  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

  if (fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM))
    {
      /* A clinic on read-only media or in a folder of someone else's:
       * flock() works on a descriptor opened for reading, and without a
       * lock file nobody can replace the clinic there either.
       */
      fd = g_open (lock_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
      if (fd < 0 && !need)
        return -1;
    }

  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot open “%s”: %s"), lock_path, g_strerror (errsv));
      return -2;
    }
  return fd;
}

/**
 * fol_clinic_lock_path:
 *
 * Returns: (transfer full): the lock file of the clinic at @db_path
 */
char *
fol_clinic_lock_path (const char *db_path)
{
  return g_strconcat (db_path, ".lock", NULL);
}

/**
 * fol_clinic_lock_acquire:
 * @db_path: the clinic database
 * @mode: %FOL_CLINIC_LOCK_SHARED to open the clinic (waits a while for a
 *   restore to finish), %FOL_CLINIC_LOCK_EXCLUSIVE to replace or create it
 *   (never waits)
 *
 * Returns: (transfer full): the lock, held until its last unref; %NULL with
 *   %FOL_STORE_ERROR_BUSY when someone else holds it
 */
FolClinicLock *
fol_clinic_lock_acquire (const char         *db_path,
                         FolClinicLockMode   mode,
                         GError            **error)
{
  g_autofree char *lock_path = NULL;
  FolClinicLock *lock;
  struct stat st;
  int fd;
  int errsv = 0;

  g_return_val_if_fail (db_path != NULL, NULL);

  lock_path = fol_clinic_lock_path (db_path);

  /* The process replacing the clinic opens it itself: the same holder. */
  if (mode == FOL_CLINIC_LOCK_SHARED && (lock = held_find (lock_path)) != NULL)
    return lock;

  fd = open_lock_file (lock_path, mode == FOL_CLINIC_LOCK_EXCLUSIVE, error);
  if (fd == -2)
    return NULL;

  if (fd >= 0 &&
      !take (fd, mode == FOL_CLINIC_LOCK_EXCLUSIVE ? LOCK_EX : LOCK_SH,
             mode == FOL_CLINIC_LOCK_EXCLUSIVE ? 0 : WAIT_MS, &errsv))
    {
      close (fd);
      if (errsv == EWOULDBLOCK)
        set_busy_error (error, db_path, mode);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                     _("Cannot lock “%s”: %s"), lock_path, g_strerror (errsv));
      return NULL;
    }

  lock = g_atomic_rc_box_new0 (FolClinicLock);
  lock->db_path = g_strdup (db_path);
  lock->fd = fd;
  lock->mode = mode;
  if (fd >= 0 && fstat (fd, &st) == 0)
    {
      lock->dev = st.st_dev;
      lock->ino = st.st_ino;
      /* Private like the database, also when an older version or a copy
       * left it open to others.
       */
      if (st.st_uid == geteuid () && (st.st_mode & 077) != 0)
        fchmod (fd, 0600);
    }
  if (mode == FOL_CLINIC_LOCK_EXCLUSIVE && fd >= 0)
    held_add (lock);
  return lock;
}

FolClinicLock *
fol_clinic_lock_ref (FolClinicLock *lock)
{
  g_return_val_if_fail (lock != NULL, NULL);
  return g_atomic_rc_box_acquire (lock);
}

void
fol_clinic_lock_unref (FolClinicLock *lock)
{
  g_return_if_fail (lock != NULL);
  g_atomic_rc_box_release_full (lock, (GDestroyNotify) lock_clear);
}

gboolean
fol_clinic_lock_is_exclusive (FolClinicLock *lock)
{
  g_return_val_if_fail (lock != NULL, FALSE);
  return lock->mode == FOL_CLINIC_LOCK_EXCLUSIVE;
}

/**
 * fol_clinic_lock_downgrade:
 *
 * Turns an exclusive lock taken to create the clinic into the shared one of
 * a store that has it open.
 */
void
fol_clinic_lock_downgrade (FolClinicLock *lock)
{
  g_return_if_fail (lock != NULL);

  if (lock->mode != FOL_CLINIC_LOCK_EXCLUSIVE)
    return;
  held_remove (lock);
  lock->mode = FOL_CLINIC_LOCK_SHARED;
  /* Never fails for a lock this descriptor holds; a restore starting in
   * between is waited for.
   */
  while (lock->fd >= 0 && flock (lock->fd, LOCK_SH) != 0 && errno == EINTR)
    ;
}

/**
 * fol_clinic_lock_check_free:
 *
 * Whether the clinic at @db_path could be replaced now: nobody else has
 * it open. Free also when this process holds it exclusively.
 */
gboolean
fol_clinic_lock_check_free (const char  *db_path,
                            GError     **error)
{
  g_autoptr(FolClinicLock) lock = NULL;
  g_autofree char *lock_path = fol_clinic_lock_path (db_path);

  g_return_val_if_fail (db_path != NULL, FALSE);

  if ((lock = held_find (lock_path)) != NULL)
    return TRUE;
  if (!g_file_test (lock_path, G_FILE_TEST_EXISTS))
    return TRUE;
  lock = fol_clinic_lock_acquire (db_path, FOL_CLINIC_LOCK_EXCLUSIVE, error);
  return lock != NULL;
}
