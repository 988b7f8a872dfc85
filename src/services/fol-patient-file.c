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
#include "fol-file-writer.h"
#include "fol-patient-file.h"
#include "fol-photo-files.h"
#include "fol-sealed.h"
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

/* The patient's records, read from @source through the store interface
 * and written into @file as one batch, keeping their IDs; @patient is
 * changed (its notes left out) as it is written. The notes are
 * the clinician's: they go only when asked for.
 */
static gboolean
copy_records (FolStore     *source,
              FolStore     *file,
              FolPatient   *patient,
              gboolean      include_notes,
              GError      **error)
{
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolStoreBatch) batch = fol_store_batch_new ();

  history = fol_store_load_history (source, fol_patient_get_id (patient), error);
  if (history == NULL)
    return FALSE;

  if (!include_notes)
    fol_patient_set_notes (patient, NULL);
  fol_store_batch_add_patient (batch, patient);

  for (guint i = 0; i < fol_history_get_n_visits (history); i++)
    {
      FolVisit *visit = fol_history_get_visit (history, i);
      g_autoptr(GPtrArray) measurements = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint r = 0; r < FOL_N_REGIONS; r++)
        {
          FolMeasurement *m = fol_history_get_measurement (history, i, r);
          FolMeasurement *copy;

          if (m == NULL)
            continue;
          copy = fol_measurement_copy (m);
          if (!include_notes)
            fol_measurement_set_notes (copy, NULL);
          g_ptr_array_add (measurements, copy);
        }
      if (!include_notes)
        fol_visit_set_notes (visit, NULL);
      fol_store_batch_add_visit (batch, visit, measurements);
    }

  for (guint i = 0; i < fol_history_get_n_sessions (history); i++)
    {
      FolTreatmentSession *session = fol_history_get_session (history, i);

      if (!include_notes)
        fol_treatment_session_set_notes (session, NULL);
      fol_store_batch_add_session (batch, session);
    }

  return fol_store_apply_batch (file, batch, error);
}

/* The photos travel decoded and encoded again (fol_photo_strip()): their
 * pixels, the right way up, and nothing else of the original files, not
 * even the name of the file each came from. Each is kept under the
 * checksum of what the file holds.
 */
static gboolean
copy_photos (FolStore        *source,
             FolSqliteStore  *file,
             const char      *patient_id,
             GError         **error)
{
  g_autoptr(GPtrArray) photos = fol_store_list_photos (source, patient_id, error);

  if (photos == NULL)
    return FALSE;

  for (guint i = 0; i < photos->len; i++)
    {
      FolPhoto *photo = g_ptr_array_index (photos, i);
      g_autoptr(FolPhoto) copy = fol_photo_new ();
      g_autoptr(GBytes) original = NULL;
      g_autoptr(GError) local = NULL;

      fol_photo_set_id (copy, fol_photo_get_id (photo));
      fol_photo_set_visit_id (copy, fol_photo_get_visit_id (photo));
      fol_photo_set_region (copy, fol_photo_get_region (photo));
      fol_photo_set_sha256 (copy, fol_photo_get_sha256 (photo));
      fol_photo_set_taken_at (copy, fol_photo_get_taken_at (photo));
      fol_photo_set_width (copy, fol_photo_get_width (photo));
      fol_photo_set_height (copy, fol_photo_get_height (photo));
      fol_photo_set_px_per_mm (copy, fol_photo_get_px_per_mm (photo));

      original = fol_store_load_photo_bytes (source, fol_photo_get_sha256 (photo), &local);
      if (original == NULL &&
          !g_error_matches (local, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }

      /* A record whose file is gone: the row still travels. */
      if (original != NULL)
        {
          g_autofree char *date = fol_date_format (fol_photo_get_visit_date (photo));
          g_autofree char *what = NULL;
          g_autofree char *stripped_sha256 = NULL;
          g_autoptr(GBytes) stripped = NULL;
          const char *extension = NULL;

          /* Translators: names a photo in a message: its region and date */
          what = g_strdup_printf (_("the photo of the %s, %s"),
                                  fol_region_name (fol_photo_get_region (photo)), g_strstrip (date));
          stripped = fol_photo_strip (original, what, &extension, &local);
          if (stripped == NULL)
            {
              g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                           _("The patient file was not written: %s"), local->message);
              return FALSE;
            }
          stripped_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, stripped);
          if (!fol_sqlite_store_add_photo_file (file, stripped_sha256, extension, stripped, error))
            return FALSE;
          fol_photo_set_sha256 (copy, stripped_sha256);
        }

      if (!fol_store_save_photo (FOL_STORE (file), copy, error))
        return FALSE;
    }

  return TRUE;
}

/* Writes a new patient file at @path, which is empty: a clinic database
 * of one patient made through the SQLite backend's own API, filled from
 * any store through the store interface.
 */
static gboolean
write_file (FolStore     *source,
            const char   *patient_id,
            const char   *path,
            gboolean      include_notes,
            GError      **error)
{
  g_autoptr(FolSqliteStore) file = NULL;
  g_autoptr(FolPatient) patient = NULL;
  g_autoptr(GError) local = NULL;

  /* Before anything is made: an unknown patient is said so. */
  patient = fol_store_get_patient (source, patient_id, error);
  if (patient == NULL)
    return FALSE;

  file = fol_sqlite_store_create_patient_file (path, error);
  if (file == NULL)
    return FALSE;

  if (copy_records (source, FOL_STORE (file), patient, include_notes, &local) &&
      copy_photos (source, file, patient_id, &local) &&
      fol_sqlite_store_seal_patient_file (file, patient_id, &local))
    return TRUE;

  /* A full disk is said in the same words whichever write met it. */
  if (fol_sqlite_store_out_of_space (file) ||
      g_error_matches (local, FOL_STORE_ERROR, FOL_STORE_ERROR_NO_SPACE))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("no space left on the disk"));
      return FALSE;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

/**
 * fol_patient_file_write:
 * @store: the clinic, any #FolStore
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

  g_return_val_if_fail (FOL_IS_STORE (store), FALSE);
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

  if (!write_file (store, patient_id, fol_file_writer_get_temp_path (writer),
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

/* A private folder for a file's clear content while it is written or
 * opened: in the user's runtime folder (kept in memory on most systems),
 * 0700, and removed as soon as the file in it is open or read.
 */
static char *
private_dir_new (GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "follicle-XXXXXX", NULL);

  if (g_mkdtemp_full (dir, 0700) == NULL)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not make a private folder in “%s”: %s"), g_get_user_runtime_dir (),
                   g_strerror (errsv));
      return NULL;
    }
  return g_steal_pointer (&dir);
}

static void
private_dir_remove (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (dir);
}

/* A patient file written by an earlier version: the file is never changed
 * (it is the patient's), so a private copy is upgraded as a clinic would
 * be, then opened read-only and its name removed at once.
 */
static FolSqliteStore *
open_upgraded_copy (const char  *path,
                    GError     **error)
{
  g_autofree char *dir = private_dir_new (error);
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
  private_dir_remove (dir);
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
 *   read from it with fol_store_load_photo_bytes()
 */
FolSqliteStore *
fol_patient_file_open (const char  *path,
                       char       **out_patient_id,
                       GError     **error)
{
  g_autofree char *patient_id = NULL;
  FolSqliteStore *store;
  guint version = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (fol_sealed_file_is_sealed (path))
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_WRONG_PASSPHRASE,
                   _("“%s” is protected with a passphrase: it opens only with that passphrase"),
                   name);
      return NULL;
    }

  if (!fol_sqlite_store_verify_patient_file (path, &patient_id, &version, error))
    return NULL;

  if (version < fol_sqlite_store_schema_version ())
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

/**
 * fol_patient_file_write_protected:
 * @passphrase: at least %FOL_SEALED_MIN_PASSPHRASE characters
 *
 * Writes the patient's file protected with @passphrase (see fol-sealed.c):
 * unreadable without it, and any change to it is refused when opened. The
 * clear file exists only in a private folder of the user's runtime folder
 * while it is made.
 */
gboolean
fol_patient_file_write_protected (FolStore             *store,
                                  const char           *patient_id,
                                  const char           *path,
                                  FolPatientFileFlags   flags,
                                  const char           *passphrase,
                                  GError              **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *plain_path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(FolFileWriter) writer = NULL;
  gsize length = 0;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!fol_sealed_check_passphrase (passphrase, error) ||
      !fol_file_check_output_path (path, error))
    return FALSE;

  dir = private_dir_new (error);
  if (dir == NULL)
    return FALSE;
  plain_path = g_build_filename (dir, "patient.follicle", NULL);
  ok = fol_patient_file_write (store, patient_id, plain_path, flags, error) &&
       g_file_get_contents (plain_path, &contents, &length, error);
  private_dir_remove (dir);
  if (!ok)
    return FALSE;

  plain = g_bytes_new_take (g_steal_pointer (&contents), length);
  out = g_memory_output_stream_new_resizable ();
  if (!fol_sealed_encrypt_bytes (plain, out, passphrase, error) ||
      !g_output_stream_close (out, NULL, error))
    return FALSE;
  sealed = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));

  writer = fol_file_writer_new (path, error);
  return writer != NULL &&
         fol_file_writer_write (writer, g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed),
                                error) &&
         fol_file_writer_commit (writer, error);
}

/**
 * fol_patient_file_open_protected:
 * @passphrase: (nullable): the passphrase, for a protected file
 *
 * Opens a patient file, protected or not. A protected one is decrypted in
 * memory; every byte is authenticated before any is used. Its clear
 * content is then opened from a private file whose name is removed at
 * once. A wrong passphrase and an altered file are refused, each with a
 * message that says which.
 */
FolSqliteStore *
fol_patient_file_open_protected (const char  *path,
                                 const char  *passphrase,
                                 char       **out_patient_id,
                                 GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GBytes) plain = NULL;
  FolSqliteStore *store;

  g_return_val_if_fail (path != NULL, NULL);

  if (!fol_sealed_file_is_sealed (path))
    return fol_patient_file_open (path, out_patient_id, error);

  name = g_filename_display_name (path);
  plain = fol_sealed_decrypt_file (path, passphrase, FOL_PATIENT_FILE_MAX_SIZE, error);
  if (plain == NULL)
    {
      g_prefix_error (error, "“%s”: ", name);
      return NULL;
    }

  dir = private_dir_new (error);
  if (dir == NULL)
    return NULL;
  copy = g_build_filename (dir, "patient.follicle", NULL);
  store = NULL;
  if (g_file_set_contents_full (copy, g_bytes_get_data (plain, NULL), g_bytes_get_size (plain),
                                G_FILE_SET_CONTENTS_NONE, 0600, error))
    store = fol_patient_file_open (copy, out_patient_id, error);
  private_dir_remove (dir);
  return store;
}
