/* fol-photo-tile.h
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

#include "fol-store.h"

G_BEGIN_DECLS

#define FOL_TYPE_PHOTO_TILE (fol_photo_tile_get_type ())

G_DECLARE_FINAL_TYPE (FolPhotoTile, fol_photo_tile, FOL, PHOTO_TILE, GtkWidget)

/* The longest side of gallery thumbnails, in pixels. */
#define FOL_PHOTO_TILE_THUMBNAIL_SIZE 192

GtkWidget *fol_photo_tile_new      (void);
void       fol_photo_tile_bind     (FolPhotoTile *self,
                                    FolStore     *store,
                                    FolPhoto     *photo,
                                    GHashTable   *thumbnails);
void       fol_photo_tile_unbind   (FolPhotoTile *self);
char      *fol_photo_visit_label   (FolDate       date,
                                    const char   *kind);

GdkPaintable *fol_photo_unreadable_paintable (GtkWidget *widget,
                                             int        size);

G_END_DECLS
