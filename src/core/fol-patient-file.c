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
#include <sqlite3.h>

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-file-writer.h"
#include "fol-patient-file.h"
#include "fol-sqlite-store-export.h"

/* "Share with patient…": one patient's records and photos in one file, a
 * clinic database of the current schema with a manifest and a SHA-256
 * checksum over its content, so that a copy damaged on the way (a bad disk,
 * a cut-off download) is refused rather than shown as if it were the
 * clinic's record. The checksum is not keyed: it does not stop someone
 * from editing the file and computing it again.
 *
 * What leaves the clinic is what the clinician means to give: the
 * photos' pixels without their metadata, and no clinician notes unless
 * asked for.
 */

/**
 * fol_patient_file_write:
 * @store: a #FolSqliteStore
 * @path: the file to write, conventionally ending in .follicle
 * @flags: %FOL_PATIENT_FILE_INCLUDE_NOTES to include the clinician's
 *   notes, which are left out otherwise
 *
 * Writes the patient's file. It appears complete or not at all, readable
 * by the owner only.
 */
gboolean
fol_patient_file_write (FolStore             *store,
                        const char           *patient_id,
                        const char           *path,
                        FolPatientFileFlags   flags,
                        GError              **error)
{
  g_autoptr(FolFileWriter) writer = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *name = NULL;

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

  /* An empty private file: SQLite then writes into it by name, keeping
   * its mode; the writer syncs and renames it.
   */
  writer = fol_file_writer_new (path, error);
  if (writer == NULL)
    return FALSE;

  if (!fol_sqlite_store_write_patient_file (FOL_SQLITE_STORE (store), patient_id,
                                            fol_file_writer_get_temp_path (writer),
                                            (flags & FOL_PATIENT_FILE_INCLUDE_NOTES) != 0, &local))
    {
      /* A full disk is said in the same words as for every other file. */
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("Could not save “%s”: %s"),
                     name, local->message);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  return fol_file_writer_commit (writer, error);
}

/* The schema version a verified patient file was written with. */
static guint
schema_version (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint version = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return version;
}

/* A patient file written by an earlier version: the file is never changed
 * (it is the patient's), so a private copy is upgraded as a clinic would
 * be, then opened read-only and its name removed at once.
 */
static FolSqliteStore *
open_upgraded_copy (const char  *path,
                    GError     **error)
{
  g_autofree char *dir = g_dir_make_tmp ("follicle-file-XXXXXX", error);
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  FolSqliteStore *store = NULL;
  gsize length = 0;

  if (dir == NULL)
    return NULL;
  copy = g_build_filename (dir, "patient.follicle", NULL);
  if (g_file_get_contents (path, &contents, &length, error) &&
      g_file_set_contents_full (copy, contents, length, G_FILE_SET_CONTENTS_NONE, 0600, error))
    {
      g_autoptr(FolSqliteStore) upgrade = fol_sqlite_store_open (copy, FOL_SQLITE_STORE_FLAGS_NOT_CLINIC,
                                                                 error);

      if (upgrade != NULL)
        {
          g_clear_object (&upgrade);
          store = fol_sqlite_store_open (copy, FOL_SQLITE_STORE_FLAGS_READ_ONLY |
                                               FOL_SQLITE_STORE_FLAGS_NOT_CLINIC, error);
        }
    }

  /* SQLite keeps its own handle: the names can go. */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *child = g_build_filename (dir, name, NULL);

        g_unlink (child);
      }
  }
  g_rmdir (dir);
  return store;
}

/**
 * fol_patient_file_open:
 * @out_patient_id: (out) (optional): the patient the file holds
 *
 * Verifies a patient file and opens it read-only. A truncated or damaged
 * file, another SQLite database or any other file is refused with a
 * message that says so.
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

  if (schema_version (path) < fol_sqlite_store_schema_version ())
    store = open_upgraded_copy (path, error);
  else
    store = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_READ_ONLY |
                                         FOL_SQLITE_STORE_FLAGS_NOT_CLINIC, error);
  if (store == NULL)
    return NULL;

  if (out_patient_id != NULL)
    *out_patient_id = g_steal_pointer (&patient_id);
  return store;
}
