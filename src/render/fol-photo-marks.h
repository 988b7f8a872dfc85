/* fol-photo-marks.h
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

#include <cairo.h>

#include "fol-photo-count.h"

G_BEGIN_DECLS

/* The radius marks are drawn with, in device pixels. */
#define FOL_PHOTO_MARK_RADIUS 6.0

void        fol_photo_count_render    (cairo_t             *cr,
                                       double               scale,
                                       const FolPhotoField *field,
                                       double               px_per_mm,
                                       const FolPhotoMark  *marks,
                                       guint                n_marks,
                                       int                  selected,
                                       const FolPhotoMark  *ruler,
                                       guint                n_ruler);

G_END_DECLS
