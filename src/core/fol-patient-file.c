/* fol-patient-file.c
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

#define G_LOG_DOMAIN "fol-patient-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-patient-file.h"
#include "fol-sqlite-store-export.h"

/* "Share with patient…": one patient's records and photos in one file, a
 * clinic database of the current schema with a manifest and a SHA-256
 * checksum over its content, so that a damaged or edited copy is refused
 * rather than shown as if it were the clinic's record.
 */

static gboolean
fsync_path (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

/**
 * fol_patient_file_write:
 * @store: a #FolSqliteStore
 * @path: the file to write, conventionally ending in .follicle
 *
 * Writes the patient's file. It appears complete or not at all, readable
 * by the owner only.
 */
gboolean
fol_patient_file_write (FolStore    *store,
                        const char  *patient_id,
                        const char  *path,
                        GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *name = NULL;
  int fd;

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (store), FALSE);
  g_return_val_if_fail (patient_id != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_filename_display_name (path);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder: give the patient file’s name"), name);
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  {
    g_autofree char *tmp_name = g_strdup_printf (".%s.XXXXXX", base);

    tmp_path = g_build_filename (dir, tmp_name, NULL);
  }

  /* An empty private file: SQLite then writes into it, keeping its mode. */
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not save the patient file “%s”: %s"), name, g_strerror (errsv));
      return FALSE;
    }
  close (fd);

  if (!fol_sqlite_store_write_patient_file (FOL_SQLITE_STORE (store), patient_id, tmp_path, error))
    {
      g_unlink (tmp_path);
      return FALSE;
    }

  if (!fsync_path (tmp_path) || g_rename (tmp_path, path) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not save the patient file “%s”: %s"), name, g_strerror (errsv));
      g_unlink (tmp_path);
      return FALSE;
    }

  return TRUE;
}

/**
 * fol_patient_file_open:
 * @out_patient_id: (out) (optional): the patient the file holds
 *
 * Verifies a patient file and opens it read-only. A truncated, damaged or
 * altered file, another SQLite database or any other file is refused with
 * a message that says so.
 *
 * Returns: (transfer full): a read-only store over the file; photos are
 *   read from it with fol_sqlite_store_load_photo()
 */
FolSqliteStore *
fol_patient_file_open (const char  *path,
                       char       **out_patient_id,
                       GError     **error)
{
  g_autofree char *patient_id = NULL;
  FolSqliteStore *store;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!fol_sqlite_store_verify_patient_file (path, &patient_id, error))
    return NULL;

  store = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_READ_ONLY | FOL_SQLITE_STORE_FLAGS_NOT_CLINIC,
                                 error);
  if (store == NULL)
    return NULL;

  if (out_patient_id != NULL)
    *out_patient_id = g_steal_pointer (&patient_id);
  return store;
}
