/* fol-photo-count.c
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

#define G_LOG_DOMAIN "fol-photo-count"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-photo-count.h"

static const char * const shape_codes[] = { "square", "circle" };

/* As stored: FOL_MARK_UNRECORDED is stored as NULL. */
static const char * const origin_codes[] = {
  NULL, "hand", "suggested", "suggested_moved", "rejected",
};

G_STATIC_ASSERT (G_N_ELEMENTS (origin_codes) == FOL_MARK_LAST_ORIGIN + 1);

/**
 * fol_mark_origin_code:
 *
 * Returns: (nullable): the origin's stored code, %NULL for
 *   %FOL_MARK_UNRECORDED
 */
const char *
fol_mark_origin_code (FolMarkOrigin origin)
{
  g_return_val_if_fail (origin <= FOL_MARK_LAST_ORIGIN, NULL);

  return origin_codes[origin];
}

/* %NULL reads as %FOL_MARK_UNRECORDED; an unknown code is refused. */
gboolean
fol_mark_origin_from_code (const char    *code,
                           FolMarkOrigin *out_origin)
{
  for (guint i = 0; i < G_N_ELEMENTS (origin_codes); i++)
    if (g_strcmp0 (code, origin_codes[i]) == 0)
      {
        if (out_origin != NULL)
          *out_origin = i;
        return TRUE;
      }
  return FALSE;
}

/* Whether @mark is a hair the clinician confirmed: every mark but a
 * rejected suggestion.
 */
gboolean
fol_photo_mark_is_confirmed (const FolPhotoMark *mark)
{
  g_return_val_if_fail (mark != NULL, FALSE);

  return mark->origin != FOL_MARK_REJECTED;
}

gboolean
fol_photo_mark_has_diameter (const FolPhotoMark *mark)
{
  g_return_val_if_fail (mark != NULL, FALSE);

  return mark->diameter_um > 0 && isfinite (mark->diameter_um);
}

const char *
fol_field_shape_code (FolFieldShape shape)
{
  g_return_val_if_fail (shape <= FOL_FIELD_CIRCLE, NULL);

  return shape_codes[shape];
}

gboolean
fol_field_shape_from_code (const char    *code,
                           FolFieldShape *out_shape)
{
  for (guint i = 0; i < G_N_ELEMENTS (shape_codes); i++)
    if (g_strcmp0 (code, shape_codes[i]) == 0)
      {
        if (out_shape != NULL)
          *out_shape = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * fol_photo_field_area_cm2:
 *
 * Returns: the field's area in cm² (100 mm² = 1 cm²), NaN for a field
 *   without a positive size
 */
double
fol_photo_field_area_cm2 (const FolPhotoField *field)
{
  double mm2;

  g_return_val_if_fail (field != NULL, NAN);

  if (!(field->size_mm > 0))
    return NAN;

  if (field->shape == FOL_FIELD_CIRCLE)
    mm2 = G_PI * (field->size_mm / 2) * (field->size_mm / 2);
  else
    mm2 = field->size_mm * field->size_mm;

  return mm2 / 100.0;
}

/* The side (square) or diameter (circle), in mm, of a field of @area_cm2. */
double
fol_photo_field_size_for_area (FolFieldShape shape,
                               double        area_cm2)
{
  double mm2 = area_cm2 * 100.0;

  if (!(area_cm2 > 0))
    return NAN;
  if (shape == FOL_FIELD_CIRCLE)
    return 2.0 * sqrt (mm2 / G_PI);
  return sqrt (mm2);
}

/* Whether the image point (@x, @y) lies in the field; a point on the edge
 * counts, as a hair exiting on the border line is conventionally counted.
 */
gboolean
fol_photo_field_contains (const FolPhotoField *field,
                          double               px_per_mm,
                          double               x,
                          double               y)
{
  double half;

  g_return_val_if_fail (field != NULL, FALSE);

  if (!(px_per_mm > 0) || !(field->size_mm > 0))
    return FALSE;

  half = field->size_mm * px_per_mm / 2.0;
  if (field->shape == FOL_FIELD_CIRCLE)
    return hypot (x - field->centre_x, y - field->centre_y) <= half;

  return fabs (x - field->centre_x) <= half && fabs (y - field->centre_y) <= half;
}

guint
fol_photo_field_count (const FolPhotoField *field,
                       double               px_per_mm,
                       const FolPhotoMark  *marks,
                       guint                n_marks)
{
  guint n = 0;

  g_return_val_if_fail (field != NULL, 0);
  g_return_val_if_fail (marks != NULL || n_marks == 0, 0);

  for (guint i = 0; i < n_marks; i++)
    if (fol_photo_mark_is_confirmed (&marks[i]) &&
        fol_photo_field_contains (field, px_per_mm, marks[i].x, marks[i].y))
      n++;
  return n;
}

/**
 * fol_photo_field_split:
 * @threshold_um: the terminal threshold: a hair thicker than it is terminal,
 *   one as thick or thinner vellus
 * @out_split: (out caller-allocates): the confirmed marks in the field, and
 *   how their diameters split
 *
 * Only confirmed marks count; rejected suggestions are only tallied.
 */
void
fol_photo_field_split (const FolPhotoField *field,
                       double               px_per_mm,
                       const FolPhotoMark  *marks,
                       guint                n_marks,
                       double               threshold_um,
                       FolMarkSplit        *out_split)
{
  double sum = 0;

  g_return_if_fail (field != NULL);
  g_return_if_fail (marks != NULL || n_marks == 0);
  g_return_if_fail (out_split != NULL);

  memset (out_split, 0, sizeof *out_split);
  for (guint i = 0; i < n_marks; i++)
    {
      const FolPhotoMark *mark = &marks[i];

      if (!fol_photo_field_contains (field, px_per_mm, mark->x, mark->y))
        continue;
      if (!fol_photo_mark_is_confirmed (mark))
        {
          out_split->rejected++;
          continue;
        }
      out_split->count++;
      if (!fol_photo_mark_has_diameter (mark))
        continue;
      out_split->n_diameters++;
      sum += mark->diameter_um;
      if (mark->diameter_um > threshold_um)
        out_split->terminal++;
      else
        out_split->vellus++;
    }
  out_split->mean_diameter_um = out_split->n_diameters > 0 ? sum / out_split->n_diameters : NAN;
}

/* Hairs per cm²: the count converted with its own field's area. */
double
fol_photo_density (guint  count,
                   double area_cm2)
{
  if (!(area_cm2 > 0) || isinf (area_cm2))
    return NAN;
  return count / area_cm2;
}

/**
 * fol_photo_px_per_mm:
 *
 * The scale from two points of a ruler photographed with the scalp and the
 * real distance between them.
 *
 * Returns: pixels per millimetre, NaN when the points coincide or the
 *   distance is not positive
 */
double
fol_photo_px_per_mm (double x1,
                     double y1,
                     double x2,
                     double y2,
                     double distance_mm)
{
  double px = hypot (x2 - x1, y2 - y1);

  if (!(distance_mm > 0) || !(px > 0) || isinf (distance_mm))
    return NAN;
  return px / distance_mm;
}
