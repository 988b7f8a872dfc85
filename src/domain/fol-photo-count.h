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

/* Where a mark came from, kept so that a later audit can tell what was
 * suggested from what the clinician confirmed. A suggestion the clinician
 * removed is kept as rejected: it is no hair and never counted. Marks
 * saved before origins were recorded are FOL_MARK_UNRECORDED.
 */
typedef enum
{
  FOL_MARK_UNRECORDED,
  FOL_MARK_BY_HAND,
  FOL_MARK_SUGGESTED,        /* suggested, and accepted where it was */
  FOL_MARK_SUGGESTED_MOVED,  /* suggested, accepted, then moved */
  FOL_MARK_REJECTED,         /* suggested, and removed by the clinician */
} FolMarkOrigin;

#define FOL_MARK_LAST_ORIGIN FOL_MARK_REJECTED

typedef struct
{
  double        x;
  double        y;
  FolMarkOrigin origin;
  double        diameter_um;  /* estimated shaft diameter; NaN or 0: none */
} FolPhotoMark;

/* What the confirmed marks in a field say about their diameters, at a
 * terminal threshold: terminal hairs are thicker than it, vellus hairs as
 * thick or thinner.
 */
typedef struct
{
  guint  count;            /* confirmed marks in the field */
  guint  n_diameters;      /* ...of which have a diameter */
  guint  terminal;         /* diameter > threshold */
  guint  vellus;           /* diameter <= threshold */
  guint  rejected;         /* rejected suggestions in the field */
  double mean_diameter_um; /* of those with a diameter; NaN with none */
} FolMarkSplit;

/* The terminal/vellus threshold when neither the patient's measurements
 * nor the preferences say otherwise (TrichoScan's definition).
 */
#define FOL_TERMINAL_THRESHOLD_DEFAULT_UM 40.0

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
const char *fol_mark_origin_code      (FolMarkOrigin        origin);
gboolean    fol_mark_origin_from_code (const char          *code,
                                       FolMarkOrigin       *out_origin);
gboolean    fol_photo_mark_is_confirmed (const FolPhotoMark *mark);
gboolean    fol_photo_mark_has_diameter (const FolPhotoMark *mark);
void        fol_photo_field_split     (const FolPhotoField *field,
                                       double               px_per_mm,
                                       const FolPhotoMark  *marks,
                                       guint                n_marks,
                                       double               threshold_um,
                                       FolMarkSplit        *out_split);
double      fol_photo_density         (guint                count,
                                       double               area_cm2);
double      fol_photo_px_per_mm       (double               x1,
                                       double               y1,
                                       double               x2,
                                       double               y2,
                                       double               distance_mm);

G_END_DECLS
