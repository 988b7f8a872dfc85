/* fol-backup-restore.c
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
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fol-backup-private.h"
#include "fol-clinic-file.h"
#include "fol-error.h"
#include "fol-i18n.h"

/* Restoring a backup: checked, upgraded in a copy, its photos put back,
 * the current state backed up, then installed by the backend
 * (fol_clinic_file_install()).
 */

/* Whether the file at @path hashes to @sha256. */
static gboolean
file_has_sha256 (const char *path,
                 const char *sha256)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GMappedFile) map = g_mapped_file_new (path, FALSE, NULL);

  if (map == NULL)
    return FALSE;
  g_checksum_update (checksum, (const guchar *) g_mapped_file_get_contents (map),
                     g_mapped_file_get_length (map));
  return g_strcmp0 (g_checksum_get_string (checksum), sha256) == 0;
}

/* Puts back, into the clinic's photo folder, the photos the backup's
 * manifest lists and the clinic no longer has (deleted since, say). Only
 * those the restored records (@db_path) refer to, and only if their bytes
 * still hash to their name. Photos are content-addressed: one already
 * there is the same photo.
 */
static gboolean
restore_photos (const char  *backup_path,
                const char  *db_path,
                const char  *data_dir,
                GError     **error)
{
  g_autofree char *manifest = NULL;
  g_autofree char *text = NULL;
  g_autofree char *backup_dir = g_path_get_dirname (backup_path);
  g_autoptr(GHashTable) referenced = NULL;
  g_autoptr(GPtrArray) install = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = NULL;

  if (!g_str_has_suffix (backup_path, ".db"))
    return TRUE;
  manifest = _fol_backup_manifest_path_for (backup_path);
  if (!g_file_get_contents (manifest, &text, NULL, NULL))
    return TRUE;
  referenced = fol_clinic_file_referenced_photos (db_path, error);
  if (referenced == NULL)
    return FALSE;

  /* All checked before any is installed: a refusal adds nothing. */
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *name = lines[i] + strlen ("photo ");
      g_autofree char *sha = NULL;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      if (!g_str_has_prefix (lines[i], "photo ") || strchr (name, '/') != NULL)
        continue;
      sha = g_strndup (name, 64);
      if (!_fol_backup_is_sha256 (sha) || name[64] != '.' ||
          !g_hash_table_contains (referenced, sha))
        continue;

      from = g_build_filename (backup_dir, "photos", (char[]) { sha[0], sha[1], 0 }, name, NULL);
      to = g_build_filename (data_dir, "photos", (char[]) { sha[0], sha[1], 0 }, name, NULL);
      if (g_file_test (to, G_FILE_TEST_EXISTS) || !g_file_test (from, G_FILE_TEST_IS_REGULAR) ||
          g_file_test (from, G_FILE_TEST_IS_SYMLINK))
        continue;

      /* A photo is reused by every visit that refers to its checksum:
       * never install one whose bytes are not what its name says.
       */
      if (!file_has_sha256 (from, sha))
        {
          g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_IO,
                       _("“%s” does not match its checksum: the file is damaged"), from);
          return FALSE;
        }
      g_ptr_array_add (install, g_steal_pointer (&from));
      g_ptr_array_add (install, g_steal_pointer (&to));
      g_ptr_array_add (install, g_steal_pointer (&sha));
    }

  for (guint i = 0; i < install->len; i += 3)
    {
      const char *from = g_ptr_array_index (install, i);
      const char *to = g_ptr_array_index (install, i + 1);
      const char *sha = g_ptr_array_index (install, i + 2);
      g_autofree char *sub = g_path_get_dirname (to);

      if (g_mkdir_with_parents (sub, 0700) != 0)
        {
          _fol_backup_set_errno_error (error, errno, sub);
          return FALSE;
        }
      if (link (from, to) != 0 && !_fol_backup_copy_file (from, to, sha, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * fol_backup_restore:
 * @store_path: the clinic file to replace; no store may have it open
 * @backup_path: a backup (or any Follicle clinic database file)
 * @backup_dir: (nullable): where the current state is backed up first;
 *   %NULL for `backups/` beside @store_path
 *
 * Checks the backup (fol_backup_verify(): its schema must be exactly the
 * one this version creates for its schema version), upgrades a copy of
 * it to this version's schema, puts back the photos it lists, refers to
 * and the clinic no longer has, backs up the current state, then replaces
 * the database atomically: at every instant the file is either the old
 * clinic or the restored one. Fails with %FOL_STORE_ERROR_BUSY while the clinic is open
 * (a store, a #FolBackupPolicy holding one, another process).
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
  g_autofree char *restored_id = NULL;
  g_autoptr(FolClinicLock) lock = NULL;

  g_return_val_if_fail (store_path != NULL, FALSE);
  g_return_val_if_fail (backup_path != NULL, FALSE);

  /* The lock is held until the database is replaced. */
  if (!fol_backup_verify (backup_path, error) ||
      (lock = fol_clinic_lock_acquire (store_path, FOL_CLINIC_LOCK_EXCLUSIVE, error)) == NULL ||
      !fol_clinic_file_check_not_in_use (store_path, error))
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

  /* Copied first: backing up the current state rotates the backups, and
   * may remove the very one being restored.
   */
  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      _fol_backup_set_errno_error (error, errno, data_dir);
      g_prefix_error (error, _("Nothing was restored: "));
      return FALSE;
    }
  tmp = g_strconcat (store_path, ".restore-tmp", NULL);
  g_unlink (tmp);
  if (!_fol_backup_copy_file (backup_path, tmp, NULL, error))
    {
      g_prefix_error (error, _("Nothing was restored: "));
      return FALSE;
    }

  /* The copy is what gets installed: checked again, and brought to this
   * version's schema before it replaces anything.
   */
  restored_id = fol_clinic_file_read_id (tmp);
  if (!fol_clinic_file_upgrade (tmp, error))
    {
      g_unlink (tmp);
      g_prefix_error (error, _("Nothing was restored: "));
      return FALSE;
    }
  if (restored_id == NULL)
    fol_clinic_file_adopt_id (store_path, tmp);

  /* Photos too, before a rotation may collect those only this backup needs. */
  if (!restore_photos (backup_path, tmp, data_dir, error))
    {
      g_unlink (tmp);
      g_prefix_error (error, _("Nothing was restored: "));
      return FALSE;
    }

  if (!_fol_backup_save_current_state_keeping (store_path, backup_dir, backup_path, error))
    {
      g_unlink (tmp);
      g_prefix_error (error, _("Nothing was restored, because the current clinic could not be backed up first: "));
      return FALSE;
    }

  if (!fol_clinic_file_install (store_path, tmp, error))
    {
      g_unlink (tmp);
      g_prefix_error (error, _("Nothing was restored: "));
      return FALSE;
    }

  return TRUE;
}
