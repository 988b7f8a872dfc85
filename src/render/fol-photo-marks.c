/* fol-photo-marks.c
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

#include "config.h"

#include <math.h>

#include "fol-photo-marks.h"

/**
 * fol_photo_count_render:
 * @cr: a context whose origin is the image's (0, 0)
 * @scale: device pixels per image pixel
 * @field: (nullable): the counting field
 * @selected: the index of the selected mark, or -1
 * @ruler: (nullable) (array length=n_ruler): calibration points
 *
 * Draws a count over its photo: the field, each mark (green inside the
 * field, grey outside, so what is counted shows) and the ruler points.
 * Lines keep their width whatever the zoom.
 */
void
fol_photo_count_render (cairo_t             *cr,
                        double               scale,
                        const FolPhotoField *field,
                        double               px_per_mm,
                        const FolPhotoMark  *marks,
                        guint                n_marks,
                        int                  selected,
                        const FolPhotoMark  *ruler,
                        guint                n_ruler)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (scale > 0);
  g_return_if_fail (marks != NULL || n_marks == 0);
  g_return_if_fail (ruler != NULL || n_ruler == 0);

  cairo_save (cr);

  if (field != NULL && px_per_mm > 0)
    {
      double x = field->centre_x * scale, y = field->centre_y * scale;
      double half = field->size_mm * px_per_mm / 2 * scale;

      if (field->shape == FOL_FIELD_CIRCLE)
        cairo_arc (cr, x, y, half, 0, 2 * G_PI);
      else
        cairo_rectangle (cr, x - half, y - half, 2 * half, 2 * half);
      cairo_set_line_width (cr, 4);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
      cairo_stroke_preserve (cr);
      cairo_set_line_width (cr, 2);
      cairo_set_source_rgb (cr, 1.0, 0.85, 0.1);
      cairo_stroke (cr);
    }

  for (guint i = 0; i < n_marks; i++)
    {
      gboolean counted = field == NULL || !(px_per_mm > 0) ||
                         fol_photo_field_contains (field, px_per_mm, marks[i].x, marks[i].y);

      cairo_new_sub_path (cr);
      cairo_arc (cr, marks[i].x * scale, marks[i].y * scale, FOL_PHOTO_MARK_RADIUS, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
      cairo_set_line_width (cr, 4);
      cairo_stroke_preserve (cr);
      if (counted)
        cairo_set_source_rgb (cr, 0.2, 0.9, 0.4);
      else
        cairo_set_source_rgb (cr, 0.7, 0.7, 0.7);
      cairo_set_line_width (cr, (int) i == selected ? 3 : 2);
      cairo_stroke (cr);
    }

  for (guint i = 0; i < n_ruler; i++)
    {
      double x = ruler[i].x * scale, y = ruler[i].y * scale;

      cairo_move_to (cr, x - 8, y);
      cairo_line_to (cr, x + 8, y);
      cairo_move_to (cr, x, y - 8);
      cairo_line_to (cr, x, y + 8);
      cairo_set_source_rgb (cr, 1, 0.3, 0.3);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }

  cairo_restore (cr);
}
