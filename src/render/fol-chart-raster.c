/* fol-chart-raster.c
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

/* Antialiased polylines written straight into an image surface.
 *
 * A chart's series are long polylines of solid colour. Cairo 1.16's image
 * backend turns each stroke into a polygon and runs its scan converter over
 * every row the polygon spans, many sub-rows per pixel row: hundreds of
 * steep segments cost milliseconds. Here each segment is a capsule (a
 * segment with round ends and round joins for free) whose coverage at a
 * pixel centre is (half width + 0.5 - distance), clamped to [0, 1]: the
 * usual analytic approximation of area coverage. Coverage of one polyline is
 * the maximum over its segments, so joins are not blended twice, and the
 * colour is composited once, OVER, per touched pixel.
 *
 * The fast path is taken only when it draws exactly where cairo would: an
 * image surface in ARGB32 or RGB24 with no device offset (no pushed group),
 * the OVER operator, a transformation that only scales and translates, and
 * a clip that is one rectangle. Otherwise _fol_chart_raster_new() returns
 * NULL and the caller strokes with cairo. Vector outputs (SVG, PDF,
 * printing) always take cairo's path.
 */

#define G_LOG_DOMAIN "fol-chart"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-chart-raster.h"
#include "fol-image.h"

typedef struct
{
  int y;
  int x0;
  int x1;
} Span;

typedef struct
{
  float x;
  float y;
  gboolean move;
} Point;

struct _FolChartRaster
{
  cairo_surface_t *target;
  guint8          *pixels;
  int              stride;
  gboolean         opaque;   /* RGB24: alpha is not stored */

  /* user → device: x' = ax x + bx, y' = ay y + by */
  double           ax, bx, ay, by;
  double           device_scale;

  /* the clip, in device pixels, [x0, x1) × [y0, y1) */
  int              cx0, cy0, cx1, cy1;

  guint8          *coverage; /* one byte per clip pixel */
  GArray          *spans;    /* of Span: the pixels with coverage, may overlap */

  GArray          *points;
};

/**
 * _fol_chart_raster_new:
 * @cr: the context a chart is being drawn on
 *
 * Returns: (nullable): a rasteriser drawing into @cr's target with @cr's
 *   current transformation and clip, or %NULL when @cr needs cairo's own
 *   stroking (vector surface, group, rotation, complex clip)
 */
FolChartRaster *
_fol_chart_raster_new (cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  cairo_rectangle_list_t *clip;
  cairo_matrix_t m;
  double ox, oy, sx, sy;
  double x0, y0, x1, y1;
  FolChartRaster *self;
  int width, height;

  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_surface_status (target) != CAIRO_STATUS_SUCCESS)
    return NULL;
  if (cairo_image_surface_get_format (target) != CAIRO_FORMAT_ARGB32 &&
      cairo_image_surface_get_format (target) != CAIRO_FORMAT_RGB24)
    return NULL;
  if (cairo_get_operator (cr) != CAIRO_OPERATOR_OVER)
    return NULL;

  cairo_surface_get_device_offset (target, &ox, &oy);
  cairo_surface_get_device_scale (target, &sx, &sy);
  if (ox != 0.0 || oy != 0.0 || sx != sy || sx <= 0.0)
    return NULL;

  cairo_get_matrix (cr, &m);
  if (m.xy != 0.0 || m.yx != 0.0 || m.xx <= 0.0 || m.yy <= 0.0 || m.xx != m.yy)
    return NULL;

  clip = cairo_copy_clip_rectangle_list (cr);
  if (clip->status != CAIRO_STATUS_SUCCESS || clip->num_rectangles > 1)
    {
      cairo_rectangle_list_destroy (clip);
      return NULL;
    }

  width = cairo_image_surface_get_width (target);
  height = cairo_image_surface_get_height (target);

  self = g_new0 (FolChartRaster, 1);
  self->target = cairo_surface_reference (target);
  self->ax = sx * m.xx;
  self->bx = sx * m.x0;
  self->ay = sy * m.yy;
  self->by = sy * m.y0;
  self->device_scale = sx * m.xx;

  if (clip->num_rectangles == 1)
    {
      const cairo_rectangle_t *r = &clip->rectangles[0];

      x0 = self->ax * r->x + self->bx;
      y0 = self->ay * r->y + self->by;
      x1 = self->ax * (r->x + r->width) + self->bx;
      y1 = self->ay * (r->y + r->height) + self->by;
      self->cx0 = CLAMP ((int) round (x0), 0, width);
      self->cy0 = CLAMP ((int) round (y0), 0, height);
      self->cx1 = CLAMP ((int) round (x1), self->cx0, width);
      self->cy1 = CLAMP ((int) round (y1), self->cy0, height);
    }
  cairo_rectangle_list_destroy (clip);

  if (self->cx1 > self->cx0 && self->cy1 > self->cy0)
    {
      gsize w = self->cx1 - self->cx0, h = self->cy1 - self->cy0;

      self->coverage = _fol_pages_alloc0 (w * h);
    }
  self->spans = g_array_new (FALSE, FALSE, sizeof (Span));

  cairo_surface_flush (target);
  self->pixels = cairo_image_surface_get_data (target);
  self->stride = cairo_image_surface_get_stride (target);
  self->opaque = cairo_image_surface_get_format (target) == CAIRO_FORMAT_RGB24;
  self->points = g_array_new (FALSE, FALSE, sizeof (Point));

  return self;
}

void
_fol_chart_raster_free (FolChartRaster *self)
{
  if (self == NULL)
    return;

  cairo_surface_destroy (self->target);
  _fol_pages_free (self->coverage, (gsize) (self->cx1 - self->cx0) * (self->cy1 - self->cy0));
  g_array_unref (self->spans);
  g_array_unref (self->points);
  g_free (self);
}

void
_fol_chart_raster_move_to (FolChartRaster *self,
                           double          x,
                           double          y)
{
  Point p = { self->ax * x + self->bx, self->ay * y + self->by, TRUE };

  g_array_append_val (self->points, p);
}

void
_fol_chart_raster_line_to (FolChartRaster *self,
                           double          x,
                           double          y)
{
  Point p = { self->ax * x + self->bx, self->ay * y + self->by, FALSE };

  g_array_append_val (self->points, p);
}

/* Coverage of one capsule of outer radius @r, kept as the maximum. */
static void
cover_segment (FolChartRaster *self,
               float           x0,
               float           y0,
               float           x1,
               float           y1,
               float           r)
{
  const int w = self->cx1 - self->cx0;
  float dx = x1 - x0, dy = y1 - y0;
  float len = sqrtf (dx * dx + dy * dy);
  float inv_dy = fabsf (dy) < 1e-6f ? 0.f : 1.f / dy;
  float ux = len > 0.f ? dx / len : 1.f, uy = len > 0.f ? dy / len : 0.f;
  int py0, py1;

  if (!isfinite (x0) || !isfinite (y0) || !isfinite (x1) || !isfinite (y1))
    return;

  py0 = (int) floorf (MIN (y0, y1) - r);
  py1 = (int) ceilf (MAX (y0, y1) + r);
  py0 = MAX (py0, self->cy0);
  py1 = MIN (py1, self->cy1 - 1);

  for (int py = py0; py <= py1; py++)
    {
      float yc = py + 0.5f;
      float xa, xb;
      int px0, px1;
      guint8 *row;
      Span span;

      if (fabsf (dy) < 1e-6f)
        {
          xa = MIN (x0, x1) - r;
          xb = MAX (x0, x1) + r;
        }
      else
        {
          float ta = (yc - r - y0) * inv_dy, tb = (yc + r - y0) * inv_dy;

          if (ta > tb)
            {
              float t = ta;
              ta = tb;
              tb = t;
            }
          ta = CLAMP (ta, 0.f, 1.f);
          tb = CLAMP (tb, 0.f, 1.f);
          xa = MIN (x0 + ta * dx, x0 + tb * dx) - r;
          xb = MAX (x0 + ta * dx, x0 + tb * dx) + r;
        }
      px0 = MAX ((int) floorf (xa), self->cx0);
      px1 = MIN ((int) ceilf (xb), self->cx1 - 1);
      if (px0 > px1)
        continue;

      row = self->coverage + (gsize) (py - self->cy0) * w - self->cx0;
      for (int px = px0; px <= px1; px++)
        {
          float ex = px + 0.5f - x0, ey = yc - y0;
          float along = ex * ux + ey * uy;
          float d, c;
          guint8 v;

          /* Beside the segment the distance is the perpendicular one;
           * beyond an end, the distance to that end.
           */
          if (along <= 0.f)
            d = sqrtf (ex * ex + ey * ey);
          else if (along >= len)
            d = sqrtf ((ex - dx) * (ex - dx) + (ey - dy) * (ey - dy));
          else
            d = fabsf (ex * uy - ey * ux);
          if (d >= r)
            continue;
          c = r - d;
          v = c >= 1.f ? 255 : (guint8) (c * 255.f + 0.5f);
          if (v > row[px])
            row[px] = v;
        }

      span.y = py;
      span.x0 = px0;
      span.x1 = px1;
      g_array_append_val (self->spans, span);
    }
}

static inline guint
div255 (guint x)
{
  x += 128;
  return (x + (x >> 8)) >> 8;
}

/* Composites the colour through the coverage, OVER, and clears it. */
static void
composite (FolChartRaster *self,
           double          red,
           double          green,
           double          blue,
           double          alpha)
{
  const int w = self->cx1 - self->cx0;
  guint a = (guint) round (CLAMP (alpha, 0.0, 1.0) * 255);
  guint sr = (guint) round (CLAMP (red, 0.0, 1.0) * a);
  guint sg = (guint) round (CLAMP (green, 0.0, 1.0) * a);
  guint sb = (guint) round (CLAMP (blue, 0.0, 1.0) * a);
  int x_min = G_MAXINT, x_max = -1, y_min = G_MAXINT, y_max = -1;

  /* Spans overlap where segments meet; a pixel's coverage is cleared once
   * composited, so it is composited once.
   */
  for (guint i = 0; i < self->spans->len; i++)
    {
      const Span *span = &g_array_index (self->spans, Span, i);
      guint8 *row = self->coverage + (gsize) (span->y - self->cy0) * w - self->cx0;
      guint32 *dst = (guint32 *) (self->pixels + (gsize) span->y * self->stride);

      x_min = MIN (x_min, span->x0);
      x_max = MAX (x_max, span->x1);
      y_min = MIN (y_min, span->y);
      y_max = MAX (y_max, span->y);
      for (int px = span->x0; px <= span->x1; px++)
        {
          guint c = row[px];
          guint32 d;
          guint inv;

          if (c == 0)
            continue;
          row[px] = 0;
          d = dst[px];
          inv = 255 - div255 (c * a);
          dst[px] = (self->opaque ? 0xff000000u
                                  : (div255 (a * c) + div255 (((d >> 24) & 0xff) * inv)) << 24) |
                    (div255 (sr * c) + div255 (((d >> 16) & 0xff) * inv)) << 16 |
                    (div255 (sg * c) + div255 (((d >> 8) & 0xff) * inv)) << 8 |
                    (div255 (sb * c) + div255 ((d & 0xff) * inv));
        }
    }

  if (x_max >= 0)
    cairo_surface_mark_dirty_rectangle (self->target, x_min, y_min,
                                        x_max - x_min + 1, y_max - y_min + 1);
  g_array_set_size (self->spans, 0);
}

/**
 * _fol_chart_raster_stroke:
 * @width: line width in user units
 *
 * Strokes the path built since the last stroke with round joins and caps,
 * then clears it.
 */
void
_fol_chart_raster_stroke (FolChartRaster *self,
                          double          width,
                          double          red,
                          double          green,
                          double          blue,
                          double          alpha)
{
  float r = width * self->device_scale / 2.0 + 0.5;

  if (self->coverage != NULL)
    {
      for (guint i = 0; i < self->points->len; i++)
        {
          const Point *p = &g_array_index (self->points, Point, i);
          const Point *next = i + 1 < self->points->len ? p + 1 : NULL;

          /* A lone move draws nothing, as in cairo. */
          if (next != NULL && !next->move)
            cover_segment (self, p->x, p->y, next->x, next->y, r);
        }
      composite (self, red, green, blue, alpha);
    }
  g_array_set_size (self->points, 0);
}
