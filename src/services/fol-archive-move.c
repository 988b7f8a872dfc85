/* fol-archive-move.c
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

#define G_LOG_DOMAIN "fol-archive"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fol-archive.h"
#include "fol-backup-private.h"
#include "fol-clinic-file.h"
#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-sqlite-store.h"

/* Moving a clinic onto a clinic server: an archive (of a workstation's
 * clinic, or of another server's) is read and checked as a restore reads
 * it, then written through the store interface into an empty clinic, its
 * records in one transaction. A clinic file is replaced whole instead
 * (fol_archive_restore()).
 */

typedef struct
{
  FolStoreBatch *batch;
  const char    *location;
  gboolean       not_empty;  /* the plan found patients: its error says so */
} MovePlan;

static void
set_not_empty_error (GError     **error,
                     const char  *location,
                     guint        n_patients)
{
  g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
               ngettext ("Nothing was restored: the clinic at “%s” already holds %u patient. "
                         "An archive is restored onto a clinic server only into an empty "
                         "database, so that no record is mixed with another clinic’s.",
                         "Nothing was restored: the clinic at “%s” already holds %u patients. "
                         "An archive is restored onto a clinic server only into an empty "
                         "database, so that no record is mixed with another clinic’s.",
                         n_patients),
               location, n_patients);
}

/* Checked again inside the write transaction: a clinic that received a
 * patient since is never mixed with the archive. */
static FolStoreBatch *
plan_into_empty (FolStore  *store,
                 gpointer   user_data,
                 GError   **error)
{
  MovePlan *plan = user_data;
  GError *local = NULL;
  guint n = fol_store_count_patients (store, &local);

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (n > 0)
    {
      plan->not_empty = TRUE;
      set_not_empty_error (error, plan->location, n);
      return NULL;
    }
  return fol_store_batch_ref (plan->batch);
}

/* Every record of @source into @batch, and its photos into @photos. */
static gboolean
read_clinic (FolStore       *source,
             FolStoreBatch  *batch,
             GPtrArray      *ids,
             GPtrArray      *photos,
             GError        **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(FolHistory) history = fol_store_load_history (source, id, error);
      g_autoptr(GPtrArray) patient_photos = NULL;

      if (history == NULL)
        return FALSE;
      fol_store_batch_add_patient (batch, fol_history_get_patient (history));
      for (guint v = 0; v < fol_history_get_n_visits (history); v++)
        {
          g_autoptr(GPtrArray) measurements = g_ptr_array_new_with_free_func (g_object_unref);

          for (guint r = 0; r < FOL_N_REGIONS; r++)
            {
              FolMeasurement *m = fol_history_get_measurement (history, v, r);

              if (m != NULL)
                g_ptr_array_add (measurements, g_object_ref (m));
            }
          fol_store_batch_add_visit (batch, fol_history_get_visit (history, v), measurements);
        }
      for (guint s = 0; s < fol_history_get_n_sessions (history); s++)
        fol_store_batch_add_session (batch, fol_history_get_session (history, s));

      patient_photos = fol_store_list_photos (source, id, error);
      if (patient_photos == NULL)
        return FALSE;
      for (guint p = 0; p < patient_photos->len; p++)
        g_ptr_array_add (photos, g_object_ref (g_ptr_array_index (patient_photos, p)));
    }

  /* The clinic's protocols and who follows them. */
  {
    g_autoptr(GPtrArray) protocols = fol_store_list_protocols (source, error);
    g_autoptr(GPtrArray) assignments = NULL;

    if (protocols == NULL)
      return FALSE;
    for (guint i = 0; i < protocols->len; i++)
      fol_store_batch_add_protocol (batch, g_ptr_array_index (protocols, i));
    assignments = fol_store_list_assignments (source, NULL, error);
    if (assignments == NULL)
      return FALSE;
    for (guint i = 0; i < assignments->len; i++)
      fol_store_batch_add_assignment (batch, g_ptr_array_index (assignments, i));
  }
  return TRUE;
}

/* Puts a photo's bytes where @target keeps photo files (as an import
 * does), under the extension they had in the archive.
 */
static gboolean
place_photo_file (FolStore    *source,
                  FolStore    *target,
                  const char  *sha256,
                  GBytes      *bytes,
                  GError     **error)
{
  g_autofree char *to_dir = fol_store_get_photo_dir (target);
  g_autofree char *from_dir = fol_store_get_photo_dir (source);
  g_autofree char *from = from_dir ? _fol_backup_find_photo (from_dir, sha256) : NULL;
  g_autofree char *sub = NULL;
  g_autofree char *to = NULL;
  const char *extension;

  if (to_dir == NULL)
    return TRUE;
  extension = from != NULL && strrchr (from, '.') != NULL ? strrchr (from, '.') + 1 : "jpg";
  sub = g_build_filename (to_dir, (char[]) { sha256[0], sha256[1], 0 }, NULL);
  to = g_strdup_printf ("%s/%s.%s", sub, sha256, extension);
  if (g_file_test (to, G_FILE_TEST_EXISTS))
    return TRUE;
  if (g_mkdir_with_parents (sub, 0700) != 0)
    {
      _fol_backup_set_errno_error (error, errno, sub);
      return FALSE;
    }
  return g_file_set_contents_full (to, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* Photos go through the store's photo calls, each after its bytes. */
static gboolean
copy_photos (FolStore    *source,
             FolStore    *target,
             GPtrArray   *photos,
             GError     **error)
{
  for (guint i = 0; i < photos->len; i++)
    {
      FolPhoto *photo = g_ptr_array_index (photos, i);
      g_autoptr(FolPhoto) copy = fol_photo_copy (photo);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GArray) marks = NULL;
      g_autoptr(GError) local = NULL;
      FolPhotoField field = { 0 };
      gboolean has_field = FALSE;

      /* A record whose file the archive lacks still travels, as in a
       * restore of a clinic file. */
      bytes = fol_store_load_photo_bytes (source, fol_photo_get_sha256 (photo), &local);
      if (bytes == NULL && !g_error_matches (local, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if ((bytes != NULL &&
           !place_photo_file (source, target, fol_photo_get_sha256 (photo), bytes, error)) ||
          !fol_store_save_photo (target, copy, error) ||
          !fol_store_load_photo_count (source, fol_photo_get_id (photo), &has_field, &field,
                                       &marks, error))
        return FALSE;
      if ((has_field || marks->len > 0) &&
          !fol_store_save_photo_count (target, fol_photo_get_id (copy),
                                       has_field ? &field : NULL, marks, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_empty (FolStore    *target,
             GError     **error)
{
  GError *local = NULL;
  guint n = fol_store_count_patients (target, &local);

  if (local != NULL)
    {
      g_propagate_error (error, local);
      g_prefix_error (error, _("Nothing was restored: "));
      return FALSE;
    }
  if (n > 0)
    {
      set_not_empty_error (error, fol_store_get_location (target), n);
      return FALSE;
    }
  return TRUE;
}

/**
 * fol_archive_restore_into_store:
 * @store: a clinic with no patients (a new clinic server's)
 * @passphrase: (nullable): the passphrase of a protected archive
 * @out_n_patients: (out) (optional): how many patients it now holds
 *
 * Moves the clinic in an archive into @store: the archive is read and
 * checked whole first, as fol_archive_restore() does, then every record
 * is written in one transaction (fol_store_apply_batch()), which also
 * checks that @store holds no patient, then its photos through the
 * store's photo calls. A clinic that holds patients is refused and
 * nothing is written; so is an archive with photos for a store that
 * keeps none.
 */
gboolean
fol_archive_restore_into_store (FolStore    *store,
                                const char  *archive_path,
                                const char  *passphrase,
                                guint       *out_n_patients,
                                GError     **error)
{
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(FolStore) source = NULL;
  g_autoptr(FolStoreBatch) batch = fol_store_batch_new ();
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *extracted = NULL;
  g_autofree char *db = NULL;
  MovePlan plan = { NULL, NULL, FALSE };
  GError *local = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (FOL_IS_STORE (store), FALSE);
  g_return_val_if_fail (archive_path != NULL, FALSE);

  if (!check_empty (store, error))
    return FALSE;

  in = _fol_archive_open_input (archive_path, passphrase, error);
  if (in == NULL)
    return FALSE;
  extracted = g_dir_make_tmp ("follicle-restore-XXXXXX", error);
  if (extracted == NULL)
    {
      g_prefix_error (error, _("Nothing was restored: "));
      return FALSE;
    }
  db = g_build_filename (extracted, "follicle.db", NULL);

  /* Everything is checked, and the copy brought to this version's schema,
   * before anything is written. */
  if (!fol_archive_extract (in, extracted, error) || !fol_clinic_file_upgrade (db, error))
    {
      g_prefix_error (error, "%s: ", archive_path);
      g_prefix_error (error, _("Nothing was restored. "));
      goto out;
    }
  source = FOL_STORE (fol_sqlite_store_open (db, FOL_SQLITE_STORE_FLAGS_READ_ONLY |
                                                 FOL_SQLITE_STORE_FLAGS_NOT_CLINIC, error));
  if (source == NULL ||
      (ids = fol_store_list_patient_ids (source, error)) == NULL ||
      !read_clinic (source, batch, ids, photos, error))
    {
      g_prefix_error (error, _("Nothing was restored: "));
      goto out;
    }

  /* A store that keeps no photos says so before anything is written. */
  if (photos->len > 0)
    {
      g_autoptr(GPtrArray) none = fol_store_list_photos (store, g_ptr_array_index (ids, 0),
                                                         &local);

      if (none == NULL)
        {
          g_set_error (error, local->domain, local->code,
                       _("Nothing was restored: the archive holds photos, which “%s” cannot "
                         "keep (%s)"), fol_store_get_location (store), local->message);
          g_clear_error (&local);
          goto out;
        }
    }

  plan.batch = batch;
  plan.location = fol_store_get_location (store);
  if (!fol_store_apply_batch_planned (store, plan_into_empty, &plan, &local))
    {
      if (!plan.not_empty)
        g_prefix_error (&local, _("Nothing was restored: "));
      g_propagate_error (error, g_steal_pointer (&local));
      goto out;
    }

  if (!copy_photos (source, store, photos, error))
    {
      /* The records came in one transaction; they go again, so that
       * the clinic is left as empty as it was. */
      for (guint i = 0; i < ids->len; i++)
        fol_store_delete_patient (store, g_ptr_array_index (ids, i), NULL);
      g_prefix_error (error, _("Nothing was restored: "));
      goto out;
    }

  if (out_n_patients != NULL)
    *out_n_patients = ids->len;
  ok = TRUE;

out:
  g_clear_object (&source);
  fol_archive_remove_tree (extracted);
  return ok;
}
