/* fol-photo-compare.h
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

#include "fol-photo-canvas.h"
#include "fol-store.h"

G_BEGIN_DECLS

#define FOL_TYPE_PHOTO_COMPARE (fol_photo_compare_get_type ())

G_DECLARE_FINAL_TYPE (FolPhotoCompare, fol_photo_compare, FOL, PHOTO_COMPARE, GtkWidget)

GtkWidget      *fol_photo_compare_new        (FolStore        *store);
void            fol_photo_compare_set_photos (FolPhotoCompare *self,
                                              GPtrArray       *photos);
guint           fol_photo_compare_get_n_photos (FolPhotoCompare *self);
void            fol_photo_compare_select     (FolPhotoCompare *self,
                                              guint            left,
                                              guint            right);
FolPhoto       *fol_photo_compare_get_photo  (FolPhotoCompare *self,
                                              guint            side);
void            fol_photo_compare_swap       (FolPhotoCompare *self);
gboolean        fol_photo_compare_is_loaded  (FolPhotoCompare *self);
FolPhotoCanvas *fol_photo_compare_get_canvas (FolPhotoCompare *self);

G_END_DECLS
