/* fol-photo.h
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

#include <glib-object.h>

#include "fol-date.h"
#include "fol-region.h"

G_BEGIN_DECLS

#define FOL_TYPE_PHOTO (fol_photo_get_type ())

G_DECLARE_FINAL_TYPE (FolPhoto, fol_photo, FOL, PHOTO, GObject)

FolPhoto   * fol_photo_new               (void);
FolPhoto   * fol_photo_copy              (FolPhoto *self);
const char * fol_photo_get_id            (FolPhoto *self);
void         fol_photo_set_id            (FolPhoto *self,
                                          const char *id);
const char * fol_photo_get_visit_id      (FolPhoto *self);
void         fol_photo_set_visit_id      (FolPhoto *self,
                                          const char *visit_id);
guint        fol_photo_get_region        (FolPhoto *self);
void         fol_photo_set_region        (FolPhoto *self,
                                          guint region);
const char * fol_photo_get_sha256        (FolPhoto *self);
void         fol_photo_set_sha256        (FolPhoto *self,
                                          const char *sha256);
const char * fol_photo_get_original_name (FolPhoto *self);
void         fol_photo_set_original_name (FolPhoto *self,
                                          const char *original_name);
const char * fol_photo_get_taken_at      (FolPhoto *self);
void         fol_photo_set_taken_at      (FolPhoto *self,
                                          const char *taken_at);
int          fol_photo_get_width         (FolPhoto *self);
void         fol_photo_set_width         (FolPhoto *self,
                                          int width);
int          fol_photo_get_height        (FolPhoto *self);
void         fol_photo_set_height        (FolPhoto *self,
                                          int height);
double       fol_photo_get_px_per_mm     (FolPhoto *self);
void         fol_photo_set_px_per_mm     (FolPhoto *self,
                                          double px_per_mm);
const char * fol_photo_get_created_at    (FolPhoto *self);
void         fol_photo_set_created_at    (FolPhoto *self,
                                          const char *created_at);
FolDate      fol_photo_get_visit_date    (FolPhoto *self);
void         fol_photo_set_visit_date    (FolPhoto *self,
                                          FolDate visit_date);
const char * fol_photo_get_visit_kind    (FolPhoto *self);
void         fol_photo_set_visit_kind    (FolPhoto *self,
                                          const char *visit_kind);

G_END_DECLS
