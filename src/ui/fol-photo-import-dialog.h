/* fol-photo-import-dialog.h
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

#include <adwaita.h>

#include "fol-store.h"

G_BEGIN_DECLS

#define FOL_TYPE_PHOTO_IMPORT_DIALOG (fol_photo_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FolPhotoImportDialog, fol_photo_import_dialog, FOL, PHOTO_IMPORT_DIALOG,
                      AdwMessageDialog)

GtkWidget  *fol_photo_import_dialog_new             (GtkWindow            *parent,
                                                     GPtrArray            *visits,
                                                     FolRegion             region,
                                                     GPtrArray            *files);
gboolean    fol_photo_import_dialog_is_ready        (FolPhotoImportDialog *self);
guint       fol_photo_import_dialog_get_n_files     (FolPhotoImportDialog *self);
GFile      *fol_photo_import_dialog_get_file        (FolPhotoImportDialog *self,
                                                     guint                 index);
GtkWidget  *fol_photo_import_dialog_get_file_row    (FolPhotoImportDialog *self,
                                                     guint                 index);
FolVisit   *fol_photo_import_dialog_get_file_visit  (FolPhotoImportDialog *self,
                                                     guint                 index);
void        fol_photo_import_dialog_set_file_visit  (FolPhotoImportDialog *self,
                                                     guint                 index,
                                                     FolVisit             *visit);
FolRegion   fol_photo_import_dialog_get_file_region (FolPhotoImportDialog *self,
                                                     guint                 index);
void        fol_photo_import_dialog_set_file_region (FolPhotoImportDialog *self,
                                                     guint                 index,
                                                     FolRegion             region);
void        fol_photo_import_dialog_set_visit       (FolPhotoImportDialog *self,
                                                     FolVisit             *visit);
FolRegion   fol_photo_import_dialog_get_region      (FolPhotoImportDialog *self);
void        fol_photo_import_dialog_set_region      (FolPhotoImportDialog *self,
                                                     FolRegion             region);

G_END_DECLS
