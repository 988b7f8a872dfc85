/* fol-photo-count.h
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

#include <glib.h>

G_BEGIN_DECLS

/* A manual hair count on a photo: a counting field placed on the image and
 * the hairs marked in it. Positions are in image pixels (after EXIF
 * orientation); sizes in millimetres, converted with the photo's px_per_mm.
 */
typedef enum
{
  FOL_FIELD_SQUARE,
  FOL_FIELD_CIRCLE,
} FolFieldShape;

typedef struct
{
  double x;
  double y;
} FolPhotoMark;

typedef struct
{
  FolFieldShape shape;
  double        centre_x;  /* image pixels */
  double        centre_y;
  double        size_mm;   /* side of the square, diameter of the circle */
} FolPhotoField;

/* The side of a 1 cm² square, the default counting field. */
#define FOL_FIELD_DEFAULT_SIZE_MM 10.0

const char *fol_field_shape_code      (FolFieldShape        shape);
gboolean    fol_field_shape_from_code (const char          *code,
                                       FolFieldShape       *out_shape);
double      fol_photo_field_area_cm2  (const FolPhotoField *field);
double      fol_photo_field_size_for_area (FolFieldShape    shape,
                                           double           area_cm2);
gboolean    fol_photo_field_contains  (const FolPhotoField *field,
                                       double               px_per_mm,
                                       double               x,
                                       double               y);
guint       fol_photo_field_count     (const FolPhotoField *field,
                                       double               px_per_mm,
                                       const FolPhotoMark  *marks,
                                       guint                n_marks);
double      fol_photo_density         (guint                count,
                                       double               area_cm2);
double      fol_photo_px_per_mm       (double               x1,
                                       double               y1,
                                       double               x2,
                                       double               y2,
                                       double               distance_mm);

G_END_DECLS
