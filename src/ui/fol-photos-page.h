/* fol-photos-page.h
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

#include <gtk/gtk.h>

#include "fol-photo-compare.h"
#include "fol-photo-counter.h"
#include "fol-photo-import.h"
#include "fol-store.h"

G_BEGIN_DECLS

#define FOL_TYPE_PHOTOS_PAGE (fol_photos_page_get_type ())

G_DECLARE_FINAL_TYPE (FolPhotosPage, fol_photos_page, FOL, PHOTOS_PAGE, GtkWidget)

GtkWidget       *fol_photos_page_new           (FolStore       *store);
void             fol_photos_page_set_patient   (FolPhotosPage  *self,
                                                const char     *patient_id);
const char      *fol_photos_page_get_patient   (FolPhotosPage  *self);
void             fol_photos_page_set_region    (FolPhotosPage  *self,
                                                FolRegion       region);
FolRegion        fol_photos_page_get_region    (FolPhotosPage  *self);
gboolean         fol_photos_page_select_photo (FolPhotosPage *self,
                                                FolPhoto       *photo);
GListModel      *fol_photos_page_get_model     (FolPhotosPage  *self);
void             fol_photos_page_import        (FolPhotosPage  *self,
                                                GFile         **files,
                                                guint           n_files,
                                                const char     *visit_id,
                                                FolRegion       region);
void             fol_photos_page_import_items  (FolPhotosPage            *self,
                                                const FolPhotoImportItem *items,
                                                guint                     n_items);
gboolean         fol_photos_page_get_importing (FolPhotosPage  *self);
const char      *fol_photos_page_get_import_messages (FolPhotosPage *self);
FolPhotoCompare *fol_photos_page_open_compare  (FolPhotosPage  *self,
                                                FolRegion       region);
FolPhotoCounter *fol_photos_page_open_counter  (FolPhotosPage  *self,
                                                FolPhoto       *photo);

G_END_DECLS
