/* fol-backup-private.h
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

#pragma once

#include "fol-backup.h"
#include "fol-clinic-lock.h"

G_BEGIN_DECLS

/* What a snapshot held when it was taken. */
typedef struct
{
  guint       schema_version;
  guint       n_patients;
  GPtrArray  *tables;  /* "name count" strings, sorted by name */
  GPtrArray  *photos;  /* sha256 strings the database refers to */
  char       *clinic_id;  /* the clinic's UUID; NULL before schema 4 */
  int         lock_fd;    /* flock()ed while the copy is being written */
} FolSnapshot;

void      _fol_snapshot_clear           (FolSnapshot  *snapshot);
gboolean  _fol_backup_snapshot          (const char   *db_path,
                                         const char   *dest_path,
                                         FolSnapshot  *out,
                                         GError      **error);
void      _fol_backup_adopt_clinic_id   (const char   *db_path,
                                         const char   *new_path);
gboolean  _fol_backup_replace_database  (const char   *db_path,
                                         const char   *new_path,
                                         GError      **error);
char     *_fol_backup_find_photo        (const char   *photos_dir,
                                         const char   *sha256);
gboolean  _fol_backup_copy_file         (const char   *from,
                                         const char   *to,
                                         const char   *expect_sha256,
                                         GError      **error);
gboolean  _fol_backup_fsync_dir         (const char   *dir);
void      _fol_backup_set_errno_error   (GError      **error,
                                         int           errsv,
                                         const char   *path);
gboolean  _fol_backup_save_current_state (const char  *db_path,
                                          const char  *backup_dir,
                                          GError     **error);
gboolean  _fol_backup_check_not_in_use  (const char  *db_path,
                                         GError     **error);
gboolean  _fol_backup_is_sha256         (const char   *text);
char     *_fol_backup_read_clinic_id    (const char   *db_path);
gboolean  _fol_backup_shares_patients   (const char   *backup_path,
                                         const char   *db_path);
gboolean  _fol_backup_remove_leftover   (const char   *path);
gboolean  _fol_backup_save_current_state_keeping (const char  *db_path,
                                                  const char  *backup_dir,
                                                  const char  *keep_path,
                                                  GError     **error);

struct sqlite3;
gboolean    _fol_backup_check_schema      (struct sqlite3  *db,
                                           guint            version,
                                           GError         **error);
gboolean    _fol_backup_upgrade_copy      (const char      *path,
                                           GError         **error);
GHashTable *_fol_backup_referenced_photos (const char      *path,
                                           GError         **error);

G_END_DECLS
