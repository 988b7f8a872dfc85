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

FolStoreSnapshot *_fol_backup_take_snapshot (FolStore     *store,
                                             const char   *db_path,
                                             const char   *dest_path,
                                             int          *out_lock_fd,
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
gboolean  _fol_backup_is_sha256         (const char   *text);
char     *_fol_backup_manifest_path_for (const char   *db_path);
gboolean  _fol_backup_save_current_state_keeping (const char  *db_path,
                                                  const char  *backup_dir,
                                                  const char  *keep_path,
                                                  GError     **error);
GInputStream *_fol_archive_open_input (const char *archive_path,
                                       const char *passphrase,
                                       GError    **error);

G_END_DECLS
