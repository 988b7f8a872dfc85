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

GtkWidget  *fol_photo_import_dialog_new        (GtkWindow            *parent,
                                                GPtrArray            *visits,
                                                FolRegion             region,
                                                guint                 n_files);
FolVisit   *fol_photo_import_dialog_get_visit  (FolPhotoImportDialog *self);
FolRegion   fol_photo_import_dialog_get_region (FolPhotoImportDialog *self);
void        fol_photo_import_dialog_set_region (FolPhotoImportDialog *self,
                                                FolRegion             region);

G_END_DECLS
