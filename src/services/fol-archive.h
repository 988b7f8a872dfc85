/* fol-archive.h
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

/* A portable archive of a whole clinic, to move it to another computer or
 * keep it off-site: one POSIX tar file holding
 *
 *   follicle/follicle.db              a checked snapshot of the database
 *   follicle/photos/ab/<sha256>.<ext> every photo the database refers to
 *   follicle/MANIFEST                 format, app and schema version, and
 *                                     the size and SHA-256 of every file
 *
 * It opens with any tar tool; Follicle reads back only what it wrote.
 */

#define FOL_ARCHIVE_FORMAT_VERSION 1

/* What the reader accepts at most, so that no archive can fill the disk:
 * the files it holds, the size of one photo, and the size of all files
 * (never more than the space free beside the clinic either).
 */
#define FOL_ARCHIVE_MAX_ENTRIES     1000000
#define FOL_ARCHIVE_MAX_PHOTO_SIZE  ((guint64) 1 << 30)
#define FOL_ARCHIVE_MAX_TOTAL_SIZE  ((guint64) 1 << 40)

typedef struct
{
  guint   max_entries;
  guint64 max_photo_size;
  guint64 max_total_size;
} FolArchiveLimits;

gboolean fol_archive_write        (FolStore        *store,
                                   const char      *archive_path,
                                   guint           *out_n_photos,
                                   GError         **error);
gboolean fol_archive_write_protected (FolStore        *store,
                                      const char      *archive_path,
                                      const char      *passphrase,
                                      guint           *out_n_photos,
                                      GError         **error);
void     fol_archive_write_async  (FolStore            *store,
                                   const char          *archive_path,
                                   const char          *passphrase,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean fol_archive_write_finish (GAsyncResult        *result,
                                   guint               *out_n_photos,
                                   GError             **error);
gboolean fol_archive_restore_protected (const char    *store_path,
                                        const char    *archive_path,
                                        const char    *passphrase,
                                        const char    *backup_dir,
                                        guint         *out_n_patients,
                                        GError       **error);
gboolean fol_archive_restore_into_store (FolStore      *store,
                                         const char    *archive_path,
                                         const char    *passphrase,
                                         guint         *out_n_patients,
                                         GError       **error);
gboolean fol_archive_restore      (const char      *store_path,
                                   const char      *archive_path,
                                   const char      *backup_dir,
                                   guint           *out_n_patients,
                                   GError         **error);

/* The reader alone, for tests and fuzzing: extracts and checks an archive
 * into the empty folder @dest_dir (follicle.db, photos/…, MANIFEST).
 * Read with libarchive; tar only, uncompressed, regular files only.
 */
gboolean fol_archive_extract      (GInputStream    *in,
                                   const char      *dest_dir,
                                   GError         **error);
gboolean fol_archive_extract_limited (GInputStream           *in,
                                      const char             *dest_dir,
                                      const FolArchiveLimits *limits,
                                      GError                **error);
void     fol_archive_remove_tree  (const char      *dir);

G_END_DECLS
