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
 * A chart's pixels are larger than the processor's caches, and each row a
 * steep line crosses is a cache line of its own: visiting the segments one
 * by one, with a coverage buffer the size of the clip, spent most of its
 * time waiting for memory. So the polyline's segments are sorted by their
 * first row and the rows swept once, top to bottom: each row's coverage is
 * gathered in a one-row buffer (always in the cache) from the segments
 * crossing it and composited at once, while the pixels of the rows below
 * are fetched ahead. Each segment crosses a row in one interval, found
 * analytically (its end discs and the band beside it), so only the pixels
 * of that interval are visited; their distances are computed as before,
 * without branches, and so are the colours.
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

#if defined(__SSE2__)
#include <emmintrin.h>
#define FOL_RASTER_SSE2 1
#endif

#include "fol-chart-raster.h"
#include "fol-image.h"

typedef struct
{
  int x0;
  int x1;
} Span;

typedef struct
{
  float x;
  float y;
  gboolean move;
} Point;

/* One segment of a polyline in device pixels, ready for its rows. */
typedef struct
{
  float x0, y0;
  float dx, dy;
  float len;
  float ux, uy;     /* unit direction; (1, 0) for a dot */
  int   py0, py1;   /* its rows within the clip */

  /* Beside the segment (0 ≤ along ≤ len, |across| < r), the row at
   * ey = yc - y0 runs over x - x0 in [max (lo_a + lo_b ey, lo_c + lo_d ey),
   * min (hi_a + hi_b ey, hi_c + hi_d ey)]; for a horizontal or vertical
   * segment, one of the two pairs of bounds is a test of the row instead.
   */
  float lo_a, lo_b, hi_a, hi_b;   /* along */
  float lo_c, lo_d, hi_c, hi_d;   /* across */
  guint8 vertical;                /* ux = 0: along is a test of the row */
  guint8 horizontal;              /* uy = 0: across is a test of the row */
} Segment;

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

  guint8          *coverage; /* one row of the clip, one byte a pixel, and 4 to spare */
  gboolean         vector;   /* four pixels at a time, where the processor can */
  Span            *spans;    /* the pixels of the row with coverage, may overlap */
  guint            n_spans;
  guint            spans_size;

  GArray          *points;   /* of Point */
  GArray          *segments; /* of Segment */
  GArray          *order;    /* of guint: segments by first row */
  GArray          *active;   /* of guint: segments crossing the row */
  GArray          *row_start;/* of guint: per clip row, where its segments start in order */
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
    self->coverage = g_malloc0 (self->cx1 - self->cx0 + 4);
#ifdef FOL_RASTER_SSE2
  self->vector = TRUE;
#endif
  self->spans_size = 64;
  self->spans = g_new (Span, self->spans_size);
  self->segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  self->order = g_array_new (FALSE, FALSE, sizeof (guint));
  self->active = g_array_new (FALSE, FALSE, sizeof (guint));
  self->row_start = g_array_new (FALSE, FALSE, sizeof (guint));

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
  g_free (self->coverage);
  g_free (self->spans);
  g_array_unref (self->points);
  g_array_unref (self->segments);
  g_array_unref (self->order);
  g_array_unref (self->active);
  g_array_unref (self->row_start);
  g_free (self);
}

/**
 * _fol_chart_raster_set_vector:
 *
 * Returns: whether @vector was possible: %FALSE for four pixels at a time
 *   on a processor that has no such instructions
 */
gboolean
_fol_chart_raster_set_vector (FolChartRaster *self,
                              gboolean        vector)
{
#ifdef FOL_RASTER_SSE2
  self->vector = vector;
  return TRUE;
#else
  return !vector;
#endif
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

/* A little more than the rounding error of the intervals below, in
 * pixels: an interval reaches this far past the capsule's edge, and the
 * distance of each pixel decides, so that rounding never loses an edge
 * pixel.
 */
#define SPAN_SLACK 0.05f

/* floor() and ceil() for the clip's coordinates, which fit an int */
static inline int
floor_int (float x)
{
  int i = (int) x;

  return i - (x < (float) i);
}

static inline int
ceil_int (float x)
{
  int i = (int) x;

  return i + (x > (float) i);
}

static void
add_segment (FolChartRaster *self,
             float           x0,
             float           y0,
             float           x1,
             float           y1,
             float           r)
{
  Segment seg = { 0 };

  if (!isfinite (x0) || !isfinite (y0) || !isfinite (x1) || !isfinite (y1))
    return;

  seg.x0 = x0;
  seg.y0 = y0;
  seg.dx = x1 - x0;
  seg.dy = y1 - y0;
  seg.len = sqrtf (seg.dx * seg.dx + seg.dy * seg.dy);
  seg.ux = seg.len > 0.f ? seg.dx / seg.len : 1.f;
  seg.uy = seg.len > 0.f ? seg.dy / seg.len : 0.f;
  /* Rows are only kept within the clip, and the clip fits an int. */
  seg.py0 = floor_int (CLAMP (MIN (y0, y1) - r, self->cy0 - 1, self->cy1 + 1));
  seg.py1 = ceil_int (CLAMP (MAX (y0, y1) + r, self->cy0 - 1, self->cy1 + 1));
  seg.py0 = MAX (seg.py0, self->cy0);
  seg.py1 = MIN (seg.py1, self->cy1 - 1);
  if (seg.py0 > seg.py1)
    return;

  /* along (x) = (x - x0) ux + ey uy, in [0, len] */
  seg.vertical = seg.ux == 0.f;
  if (!seg.vertical)
    {
      float k = -seg.uy / seg.ux, a0 = 0.f, a1 = seg.len / seg.ux;

      seg.lo_b = seg.hi_b = k;
      seg.lo_a = MIN (a0, a1);
      seg.hi_a = MAX (a0, a1);
    }
  /* across (x) = (x - x0) uy - ey ux, in (-r, r) */
  seg.horizontal = seg.uy == 0.f;
  if (!seg.horizontal)
    {
      float k = seg.ux / seg.uy, a = r / fabsf (seg.uy);

      seg.lo_d = seg.hi_d = k;
      seg.lo_c = -a;
      seg.hi_c = a;
    }

  g_array_append_val (self->segments, seg);
}

/* Where the row at @yc crosses the capsule of radius @r around @seg: the
 * union of its two end discs and the band beside it, one interval since a
 * capsule is convex.
 *
 * Returns: %FALSE when the row misses it
 */
static inline gboolean
capsule_row (const Segment *seg,
             float          yc,
             float          r,
             float         *lo,
             float         *hi)
{
  float ey = yc - seg->y0, ey1 = ey - seg->dy;
  float a = -G_MAXFLOAT, b = G_MAXFLOAT;
  float l = G_MAXFLOAT, h = -G_MAXFLOAT;
  gboolean band = TRUE;

  /* The discs at both ends, on the few rows they reach */
  if (fabsf (ey) < r)
    {
      float w = sqrtf (r * r - ey * ey);

      l = seg->x0 - w;
      h = seg->x0 + w;
    }
  if (fabsf (ey1) < r)
    {
      float w = sqrtf (r * r - ey1 * ey1);

      l = MIN (l, seg->x0 + seg->dx - w);
      h = MAX (h, seg->x0 + seg->dx + w);
    }

  if (seg->vertical)
    band = ey * seg->uy >= 0.f && ey * seg->uy <= seg->len;
  else
    {
      a = seg->lo_a + seg->lo_b * ey;
      b = seg->hi_a + seg->hi_b * ey;
    }
  if (seg->horizontal)
    band = band && fabsf (ey * seg->ux) < r;
  else
    {
      a = MAX (a, seg->lo_c + seg->lo_d * ey);
      b = MIN (b, seg->hi_c + seg->hi_d * ey);
    }
  if (band && a <= b)
    {
      l = MIN (l, seg->x0 + a);
      h = MAX (h, seg->x0 + b);
    }

  *lo = l;
  *hi = h;
  return l <= h;
}

/* Coverage of the pixels px0..px1 of a row, one at a time. Beside the
 * segment the distance is the perpendicular one; beyond an end, the
 * distance to that end. Without @ends, no end is within reach of the row:
 * every pixel of the interval is beside the segment (or, within the slack,
 * so far from it that its coverage rounds to nothing either way).
 */
static void
cover_pixels (guint8        *row,
              const Segment *seg,
              float          ey,
              float          r,
              int            px0,
              int            px1,
              gboolean       ends)
{
  for (int px = px0; px <= px1; px++)
    {
      float ex = px + 0.5f - seg->x0;
      float d, c;
      guint v;

      if (!ends)
        d = fabsf (ex * seg->uy - ey * seg->ux);
      else
        {
          float along = ex * seg->ux + ey * seg->uy;

          if (along <= 0.f)
            d = sqrtf (ex * ex + ey * ey);
          else if (along >= seg->len)
            d = sqrtf ((ex - seg->dx) * (ex - seg->dx) + (ey - seg->dy) * (ey - seg->dy));
          else
            d = fabsf (ex * seg->uy - ey * seg->ux);
        }
      c = CLAMP (r - d, 0.f, 1.f);
      v = (guint) (c * 255.f + 0.5f);
      row[px] = MAX (row[px], v);
    }
}

#ifdef FOL_RASTER_SSE2
/* The same, four pixels at a time, with the same arithmetic in each lane
 * (so the same bytes). Lanes past px1 add nothing: the row has room for
 * them.
 */
static void
cover_pixels_sse2 (guint8        *row,
                   const Segment *seg,
                   float          ey,
                   float          r,
                   int            px0,
                   int            px1,
                   gboolean       ends)
{
  const __m128 step = _mm_set_ps (3.f, 2.f, 1.f, 0.f);
  const __m128 half = _mm_set1_ps (0.5f), x0 = _mm_set1_ps (seg->x0);
  const __m128 ux = _mm_set1_ps (seg->ux), uy = _mm_set1_ps (seg->uy);
  const __m128 vey = _mm_set1_ps (ey), ey_ux = _mm_set1_ps (ey * seg->ux);
  const __m128 vr = _mm_set1_ps (r), zero = _mm_setzero_ps (), one = _mm_set1_ps (1.f);
  const __m128 scale = _mm_set1_ps (255.f);
  const __m128 sign = _mm_castsi128_ps (_mm_set1_epi32 (0x7fffffff));
  const __m128i lane = _mm_set_epi32 (3, 2, 1, 0);

  for (int px = px0; px <= px1; px += 4)
    {
      __m128 ex = _mm_sub_ps (_mm_add_ps (_mm_add_ps (_mm_set1_ps ((float) px), step), half), x0);
      __m128 d = _mm_and_ps (_mm_sub_ps (_mm_mul_ps (ex, uy), ey_ux), sign);
      __m128 c;
      __m128i v, keep;
      guint32 bytes, old;

      if (ends)
        {
          const __m128 vey_uy = _mm_set1_ps (ey * seg->uy);
          __m128 along = _mm_add_ps (_mm_mul_ps (ex, ux), vey_uy);
          __m128 ex1 = _mm_sub_ps (ex, _mm_set1_ps (seg->dx));
          __m128 ey1 = _mm_sub_ps (vey, _mm_set1_ps (seg->dy));
          __m128 e0 = _mm_add_ps (_mm_mul_ps (ex, ex), _mm_mul_ps (vey, vey));
          __m128 e1 = _mm_add_ps (_mm_mul_ps (ex1, ex1), _mm_mul_ps (ey1, ey1));
          __m128 before = _mm_cmple_ps (along, zero);
          __m128 beyond = _mm_or_ps (before, _mm_cmpge_ps (along, _mm_set1_ps (seg->len)));
          __m128 end = _mm_sqrt_ps (_mm_or_ps (_mm_and_ps (before, e0), _mm_andnot_ps (before, e1)));

          d = _mm_or_ps (_mm_and_ps (beyond, end), _mm_andnot_ps (beyond, d));
        }
      c = _mm_min_ps (_mm_max_ps (_mm_sub_ps (vr, d), zero), one);
      v = _mm_cvttps_epi32 (_mm_add_ps (_mm_mul_ps (c, scale), half));
      /* nothing from the lanes past px1 */
      keep = _mm_cmplt_epi32 (lane, _mm_set1_epi32 (px1 - px + 1));
      v = _mm_and_si128 (v, keep);
      v = _mm_packus_epi16 (_mm_packs_epi32 (v, v), v);
      memcpy (&old, row + px, 4);
      bytes = (guint32) _mm_cvtsi128_si32 (_mm_max_epu8 (v, _mm_cvtsi32_si128 ((int) old)));
      memcpy (row + px, &bytes, 4);
    }
}
#endif

/* Coverage of one capsule on row @py, kept as the maximum in the row. */
static void
cover_row (FolChartRaster *self,
           const Segment  *seg,
           int             py,
           float           r)
{
  const float yc = py + 0.5f;
  const float ey = yc - seg->y0;
  guint8 *row = self->coverage - self->cx0;
  gboolean ends;
  float lo, hi;
  int px0, px1;

  if (!capsule_row (seg, yc, r, &lo, &hi))
    return;
  /* The pixels whose centres are in [lo, hi], and a little more */
  lo = MAX (lo, (float) self->cx0) - 0.5f - SPAN_SLACK;
  hi = MIN (hi, (float) self->cx1) - 0.5f + SPAN_SLACK;
  if (lo > hi)
    return;
  px0 = MAX (ceil_int (lo), self->cx0);
  px1 = MIN (floor_int (hi), self->cx1 - 1);
  if (px0 > px1)
    return;

  ends = fabsf (ey) < r + 1.f || fabsf (ey - seg->dy) < r + 1.f;
#ifdef FOL_RASTER_SSE2
  if (self->vector)
    cover_pixels_sse2 (row, seg, ey, r, px0, px1, ends);
  else
#endif
    cover_pixels (row, seg, ey, r, px0, px1, ends);

  if (self->n_spans == self->spans_size)
    {
      self->spans_size *= 2;
      self->spans = g_renew (Span, self->spans, self->spans_size);
    }
  self->spans[self->n_spans].x0 = px0;
  self->spans[self->n_spans].x1 = px1;
  self->n_spans++;
}

/* x × a / 255, rounded, as pixman and cairo compute it */
static inline guint
div255 (guint x)
{
  x += 128;
  return (x + (x >> 8)) >> 8;
}

/* Each of the four bytes of @x times @a / 255, rounded: the four channels
 * of a pixel at once, two by two in 16-bit lanes (as pixman does).
 */
static inline guint32
mul_un8x4 (guint32 x,
           guint   a)
{
  guint32 rb = (x & 0x00ff00ffu) * a + 0x00800080u;
  guint32 ag = ((x >> 8) & 0x00ff00ffu) * a + 0x00800080u;

  rb = ((rb + ((rb >> 8) & 0x00ff00ffu)) >> 8) & 0x00ff00ffu;
  ag = (ag + ((ag >> 8) & 0x00ff00ffu)) & 0xff00ff00u;
  return rb | ag;
}

/* src × c + dst × (1 - src alpha × c), premultiplied; no channel can
 * pass 255.
 */
static inline guint32
over (guint32 src,
      guint32 dst,
      guint   c)
{
  return mul_un8x4 (src, c) + mul_un8x4 (dst, 255 - div255 (c * (src >> 24)));
}

#ifdef FOL_RASTER_SSE2
static inline __m128i
div255_epi16 (__m128i x)
{
  x = _mm_add_epi16 (x, _mm_set1_epi16 (128));
  return _mm_srli_epi16 (_mm_add_epi16 (x, _mm_srli_epi16 (x, 8)), 8);
}

/* over() for four pixels, channel by channel in 16-bit lanes */
static inline __m128i
over_sse2 (__m128i src,    /* two pixels' channels, 16 bits each */
           __m128i src_a,  /* their alpha in every lane */
           __m128i dst,
           guint32 c4)     /* four coverages, one byte each */
{
  const __m128i zero = _mm_setzero_si128 ();
  __m128i c = _mm_unpacklo_epi8 (_mm_cvtsi32_si128 ((int) c4), zero);
  __m128i c_lo, c_hi, lo, hi;

  /* each coverage in the four lanes of its pixel */
  c = _mm_unpacklo_epi16 (c, c);
  c_lo = _mm_unpacklo_epi32 (c, c);
  c_hi = _mm_unpackhi_epi32 (c, c);

  lo = _mm_unpacklo_epi8 (dst, zero);
  hi = _mm_unpackhi_epi8 (dst, zero);
  lo = _mm_add_epi16 (div255_epi16 (_mm_mullo_epi16 (src, c_lo)),
                      div255_epi16 (_mm_mullo_epi16 (lo, _mm_sub_epi16 (_mm_set1_epi16 (255),
                                                                        div255_epi16 (_mm_mullo_epi16 (c_lo, src_a))))));
  hi = _mm_add_epi16 (div255_epi16 (_mm_mullo_epi16 (src, c_hi)),
                      div255_epi16 (_mm_mullo_epi16 (hi, _mm_sub_epi16 (_mm_set1_epi16 (255),
                                                                        div255_epi16 (_mm_mullo_epi16 (c_hi, src_a))))));
  return _mm_packus_epi16 (lo, hi);
}
#endif

/* Composites the colour through the row's coverage, OVER, and clears it.
 * Spans overlap where segments meet; a pixel's coverage is cleared once
 * composited, so it is composited once (a pixel composited again with no
 * coverage keeps its colour, exactly). The row's coverage is complete, so
 * pixels past a span may be composited with it as well.
 */
static void
composite_row (FolChartRaster *self,
               guint32         src,
               int             py)
{
  guint8 *row = self->coverage - self->cx0;
  guint32 *dst = (guint32 *) (self->pixels + (gsize) py * self->stride);
  const guint32 alpha = self->opaque ? 0xff000000u : 0;
#ifdef FOL_RASTER_SSE2
  const __m128i src16 = _mm_unpacklo_epi8 (_mm_set1_epi32 ((int) src), _mm_setzero_si128 ());
  const __m128i src_a = _mm_set1_epi16 ((short) (src >> 24));
  const __m128i alpha4 = _mm_set1_epi32 ((int) alpha);
#endif

  for (guint i = 0; i < self->n_spans; i++)
    {
      const Span *span = &self->spans[i];
      int px = span->x0;

#ifdef FOL_RASTER_SSE2
      if (self->vector)
        for (; px <= span->x1 && px + 3 < self->cx1; px += 4)
          {
            guint32 c4;
            __m128i d;

            memcpy (&c4, row + px, 4);
            if (c4 == 0)
              continue;
            memset (row + px, 0, 4);
            d = _mm_loadu_si128 ((const __m128i *) (dst + px));
            d = _mm_or_si128 (over_sse2 (src16, src_a, d, c4), alpha4);
            _mm_storeu_si128 ((__m128i *) (dst + px), d);
          }
#endif
      for (; px <= span->x1; px++)
        {
          guint c = row[px];

          if (c == 0)
            continue;
          row[px] = 0;
          dst[px] = alpha | over (src, dst[px], c);
        }
    }
}

/* How many rows ahead the pixels are fetched: a chart is larger than the
 * caches, and the rows a line crosses are far apart in memory.
 */
#define PREFETCH_ROWS 4

/* Sorts the segments by their first row (a counting sort over the clip's
 * rows), then sweeps the rows once: each row's coverage is the maximum
 * over the segments crossing it, composited before the next row.
 */
static void
sweep (FolChartRaster *self,
       guint32         src,
       float           r)
{
  const Segment *segs = (const Segment *) self->segments->data;
  const guint n = self->segments->len;
  const int h = self->cy1 - self->cy0;
  int x_min = G_MAXINT, x_max = -1, y_min = G_MAXINT, y_max = -1;
  guint *start, *order;
  guint next = 0;

  if (n == 0)
    return;

  g_array_set_size (self->row_start, h + 1);
  start = (guint *) self->row_start->data;
  memset (start, 0, (h + 1) * sizeof (guint));
  for (guint i = 0; i < n; i++)
    start[segs[i].py0 - self->cy0 + 1]++;
  for (int i = 0; i < h; i++)
    start[i + 1] += start[i];
  g_array_set_size (self->order, n);
  order = (guint *) self->order->data;
  for (guint i = 0; i < n; i++)
    order[start[segs[i].py0 - self->cy0]++] = i;

  g_array_set_size (self->active, 0);
  for (int py = segs[order[0]].py0; py < self->cy1; py++)
    {
      guint *active;
      guint kept = 0;

      while (next < n && segs[order[next]].py0 == py)
        g_array_append_val (self->active, order[next++]);
      if (self->active->len == 0)
        {
          /* A gap: on to the next segment's first row */
          if (next == n)
            break;
          py = segs[order[next]].py0 - 1;
          continue;
        }

      active = (guint *) self->active->data;
      for (guint i = 0; i < self->active->len; i++)
        {
          const Segment *seg = &segs[active[i]];

          cover_row (self, seg, py, r);
          if (seg->py1 > py)
            active[kept++] = active[i];
        }
      g_array_set_size (self->active, kept);

      if (self->n_spans == 0)
        continue;
      for (guint i = 0; i < self->n_spans; i++)
        {
          x_min = MIN (x_min, self->spans[i].x0);
          x_max = MAX (x_max, self->spans[i].x1);
          if (py + PREFETCH_ROWS < self->cy1)
            __builtin_prefetch (self->pixels + (gsize) (py + PREFETCH_ROWS) * self->stride +
                                (gsize) self->spans[i].x0 * 4, 1);
        }
      y_min = MIN (y_min, py);
      y_max = py;
      composite_row (self, src, py);
      self->n_spans = 0;
    }

  g_array_set_size (self->segments, 0);
  if (x_max >= 0)
    cairo_surface_mark_dirty_rectangle (self->target, x_min, y_min,
                                        x_max - x_min + 1, y_max - y_min + 1);
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
      guint a = (guint) round (CLAMP (alpha, 0.0, 1.0) * 255);
      /* premultiplied ARGB, as the surface stores it */
      guint32 src = a << 24 |
                    (guint) round (CLAMP (red, 0.0, 1.0) * a) << 16 |
                    (guint) round (CLAMP (green, 0.0, 1.0) * a) << 8 |
                    (guint) round (CLAMP (blue, 0.0, 1.0) * a);
      for (guint i = 0; i + 1 < self->points->len; i++)
        {
          const Point *p = &g_array_index (self->points, Point, i);

          /* A lone move draws nothing, as in cairo. */
          if (!p[1].move)
            add_segment (self, p->x, p->y, p[1].x, p[1].y, r);
        }

      sweep (self, src, r);

    }
  g_array_set_size (self->points, 0);
}
