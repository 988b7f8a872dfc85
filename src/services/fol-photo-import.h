/* fol-photo-import.h
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

#include "fol-photo-files.h"
#include "fol-store.h"

G_BEGIN_DECLS

typedef enum
{
  FOL_PHOTO_IMPORT_OK,
  FOL_PHOTO_IMPORT_DUPLICATE,
  FOL_PHOTO_IMPORT_FAILED,
  FOL_PHOTO_IMPORT_CANCELLED,
} FolPhotoImportStatus;

typedef struct
{
  GFile                *file;
  FolPhotoImportStatus  status;
  char                 *message;  /* translated, names the file; NULL when OK */
  FolPhoto             *photo;    /* the new photo, or the one with the same content */
} FolPhotoImportResult;

/* One file to import, with the visit and the region it belongs to. */
typedef struct
{
  GFile      *file;
  const char *visit_id;
  FolRegion   region;
} FolPhotoImportItem;

/* Called in the caller's main context after each file. */
typedef void (*FolPhotoImportProgress) (guint    n_done,
                                        guint    n_files,
                                        gpointer user_data);

void        fol_photo_import_async    (FolStore               *store,
                                       const char             *visit_id,
                                       FolRegion               region,
                                       GFile                 **files,
                                       guint                   n_files,
                                       GCancellable           *cancellable,
                                       FolPhotoImportProgress  progress,
                                       gpointer                progress_data,
                                       GAsyncReadyCallback     callback,
                                       gpointer                user_data);
void        fol_photo_import_items_async (FolStore                 *store,
                                          const FolPhotoImportItem *items,
                                          guint                     n_items,
                                          GCancellable             *cancellable,
                                          FolPhotoImportProgress    progress,
                                          gpointer                  progress_data,
                                          GAsyncReadyCallback       callback,
                                          gpointer                  user_data);
GPtrArray  *fol_photo_import_finish   (FolStore               *store,
                                       GAsyncResult           *result,
                                       GError                **error);

char       *fol_photo_import_taken_note (const FolPhotoImportResult *result,
                                         FolDate                     visit_date);
gboolean    fol_photo_probe_date      (GFile                  *file,
                                       FolDate                *out_date,
                                       gboolean               *out_from_camera);
guint       fol_photo_nearest_visit   (GPtrArray              *visits,
                                       FolDate                 date);

G_END_DECLS
