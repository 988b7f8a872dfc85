/* fol-backup.h
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

#include <gio/gio.h>

#include "fol-store.h"

G_BEGIN_DECLS

/* Automatic backups: consistent snapshots of the clinic database, checked
 * before they count, kept in a folder of their own and rotated (all of the
 * last 24 hours, then 7 daily, 4 weekly, 12 monthly). Each names its
 * clinic in its manifest, so clinics sharing a folder each list, count and
 * rotate only their own. Photos are content-addressed and never change, so
 * each is copied (or hard-linked) once into the backup folder and shared by
 * every backup whose manifest lists it.
 */

#define FOL_BACKUP_KEEP_DAILY    7
#define FOL_BACKUP_KEEP_WEEKLY   4
#define FOL_BACKUP_KEEP_MONTHLY 12

typedef struct
{
  char      *path;          /* the snapshot, <dir>/follicle-YYYYMMDDTHHMMSSZ.db */
  GDateTime *date;          /* when it was taken, UTC */
  goffset    size;          /* bytes of the snapshot */
  guint      n_patients;
  guint      n_photos;      /* photos its manifest lists */
  guint      schema_version;
  char      *clinic_id;     /* the clinic's UUID; NULL before clinic ids */
} FolBackupInfo;

void           fol_backup_info_free     (FolBackupInfo        *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolBackupInfo, fol_backup_info_free)

char          *fol_backup_default_dir   (FolStore             *store);
char          *fol_backup_resolve_dir   (FolStore             *store,
                                         const char           *location);
gboolean       fol_backup_check_dir     (const char           *dir,
                                         GError              **error);

FolBackupInfo *fol_backup_run           (FolStore             *store,
                                         const char           *dir,
                                         GError              **error);
void           fol_backup_run_async     (FolStore             *store,
                                         const char           *dir,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
FolBackupInfo *fol_backup_run_finish    (GAsyncResult         *result,
                                         GError              **error);

gboolean       fol_backup_needed        (const char           *dir,
                                         FolStore             *store,
                                         GDateTime            *now);
GPtrArray     *fol_backup_list          (const char           *dir,
                                         GError              **error);
GPtrArray     *fol_backup_list_clinic   (const char           *dir,
                                         FolStore             *store,
                                         GError              **error);
gboolean       fol_backup_rotate        (const char           *dir,
                                         FolStore             *store,
                                         GDateTime            *now,
                                         GError              **error);
void           fol_backup_clean_leftovers (const char         *dir);
gboolean       fol_backup_verify        (const char           *path,
                                         GError              **error);
gboolean       fol_backup_restore       (const char           *store_path,
                                         const char           *backup_path,
                                         const char           *backup_dir,
                                         GError              **error);

G_END_DECLS
