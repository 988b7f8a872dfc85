/* fol-photo-counter.h
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
#include "fol-photo-measure.h"
#include "fol-hair-detect.h"
#include "fol-store.h"

G_BEGIN_DECLS

#define FOL_TYPE_PHOTO_COUNTER (fol_photo_counter_get_type ())

G_DECLARE_FINAL_TYPE (FolPhotoCounter, fol_photo_counter, FOL, PHOTO_COUNTER, GtkWidget)

GtkWidget *fol_photo_counter_new            (FolStore            *store);
void       fol_photo_counter_set_photo      (FolPhotoCounter     *self,
                                             FolPhoto            *photo,
                                             const char          *patient_id);
FolPhoto  *fol_photo_counter_get_photo      (FolPhotoCounter     *self);
gboolean   fol_photo_counter_is_loaded      (FolPhotoCounter     *self);
gboolean   fol_photo_counter_calibrate      (FolPhotoCounter     *self,
                                             double               x1,
                                             double               y1,
                                             double               x2,
                                             double               y2,
                                             double               distance_mm,
                                             GError             **error);
double     fol_photo_counter_get_px_per_mm  (FolPhotoCounter     *self);
void       fol_photo_counter_set_field      (FolPhotoCounter     *self,
                                             const FolPhotoField *field);
gboolean   fol_photo_counter_get_field      (FolPhotoCounter     *self,
                                             FolPhotoField       *out_field);
guint      fol_photo_counter_add_mark       (FolPhotoCounter     *self,
                                             double               x,
                                             double               y);
void       fol_photo_counter_move_mark      (FolPhotoCounter     *self,
                                             guint                index,
                                             double               x,
                                             double               y);
void       fol_photo_counter_remove_mark    (FolPhotoCounter     *self,
                                             guint                index);
guint      fol_photo_counter_get_n_marks    (FolPhotoCounter     *self);
const FolPhotoMark *fol_photo_counter_get_mark (FolPhotoCounter   *self,
                                                guint              index);
guint      fol_photo_counter_get_n_rejected (FolPhotoCounter     *self);
guint      fol_photo_counter_get_count      (FolPhotoCounter     *self);
double     fol_photo_counter_get_area       (FolPhotoCounter     *self);
double     fol_photo_counter_get_density    (FolPhotoCounter     *self);
gboolean   fol_photo_counter_save           (FolPhotoCounter     *self,
                                             GError             **error);
gboolean   fol_photo_counter_use_for_visit  (FolPhotoCounter     *self,
                                             GError             **error);
gboolean   fol_photo_counter_use_for_visit_split (FolPhotoCounter *self,
                                                  FolSplitChange   split,
                                                  GError         **error);
FolPhotoCanvas *fol_photo_counter_get_canvas (FolPhotoCounter    *self);
const char     *fol_photo_counter_get_status (FolPhotoCounter    *self);

guint      fol_photo_counter_get_n_suggestions (FolPhotoCounter *self);
gboolean   fol_photo_counter_is_suggesting  (FolPhotoCounter     *self);
const FolHairSuggestion *fol_photo_counter_get_suggestion (FolPhotoCounter *self,
                                                           guint            index);

G_END_DECLS
