/* test-chart-raster.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The direct polyline path must draw what cairo draws: same place, same
 * width, same colour, within antialiasing, and only where cairo may draw.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-chart.h"
#include "fol-chart-private.h"
#include "fol-chart-data.h"
#include "fol-chart-raster.h"
#include "fol-image.h"

#define W 320
#define H 200

static const double zigzag[][2] = {
  { 20.5, 180 }, { 60, 20 }, { 61, 170.25 }, { 140, 150 }, { 141, 40 },
  { 230, 42 }, { 300.75, 120 },
};

static cairo_surface_t *
white_image (cairo_format_t format,
             double         scale)
{
  cairo_surface_t *surface = cairo_image_surface_create (format, W * scale, H * scale);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_set_device_scale (surface, scale, scale);
  return surface;
}

/* Draws the zigzag, split in two runs, with cairo or the direct path. */
static void
draw_zigzag (cairo_t  *cr,
             gboolean  direct)
{
  g_autoptr(FolChartRaster) raster = direct ? _fol_chart_raster_new (cr) : NULL;

  if (direct)
    g_assert_nonnull (raster);
  for (guint i = 0; i < G_N_ELEMENTS (zigzag); i++)
    {
      gboolean move = i == 0 || i == 4;  /* a gap between points 3 and 4 */

      if (raster && move)
        _fol_chart_raster_move_to (raster, zigzag[i][0], zigzag[i][1]);
      else if (raster)
        _fol_chart_raster_line_to (raster, zigzag[i][0], zigzag[i][1]);
      else if (move)
        cairo_move_to (cr, zigzag[i][0], zigzag[i][1]);
      else
        cairo_line_to (cr, zigzag[i][0], zigzag[i][1]);
    }
  if (raster)
    {
      _fol_chart_raster_stroke (raster, 2.0, 0.0, 0.45, 0.7, 1.0);
    }
  else
    {
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_width (cr, 2.0);
      cairo_set_source_rgba (cr, 0.0, 0.45, 0.7, 1.0);
      cairo_stroke (cr);
    }
}

static int
channel (cairo_surface_t *surface,
         int              x,
         int              y,
         int              shift)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return (((const guint32 *) (data + y * stride))[x] >> shift) & 0xff;
}

typedef struct
{
  double mean;       /* mean absolute difference over all channels, 0–255 */
  int    worst;      /* largest difference of one channel */
  double ink_a;      /* total darkness of each image */
  double ink_b;
  int    far;        /* pixels that differ by more than 64 with no ink near */
} Diff;

static Diff
compare (cairo_surface_t *a,
         cairo_surface_t *b)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  Diff d = { 0 };

  cairo_surface_flush (a);
  cairo_surface_flush (b);
  g_assert_cmpint (w, ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (h, ==, cairo_image_surface_get_height (b));
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int shift = 0; shift < 24; shift += 8)
        {
          int ca = channel (a, x, y, shift), cb = channel (b, x, y, shift);
          int diff = ABS (ca - cb);

          d.mean += diff;
          d.worst = MAX (d.worst, diff);
          d.ink_a += 255 - ca;
          d.ink_b += 255 - cb;
          if (diff > 64)
            {
              gboolean near = FALSE;

              /* A big difference is only allowed on an edge: next to a
               * pixel where both images have ink.
               */
              for (int dy = -1; dy <= 1 && !near; dy++)
                for (int dx = -1; dx <= 1 && !near; dx++)
                  {
                    int nx = CLAMP (x + dx, 0, w - 1), ny = CLAMP (y + dy, 0, h - 1);

                    near = channel (a, nx, ny, shift) < 200 && channel (b, nx, ny, shift) < 200;
                  }
              if (!near)
                d.far++;
            }
        }
  d.mean /= (double) w * h * 3;
  return d;
}

static void
test_raster_matches_cairo (void)
{
  const double scales[] = { 1.0, 2.0 };

  for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
    {
      cairo_surface_t *ours = white_image (CAIRO_FORMAT_ARGB32, scales[s]);
      cairo_surface_t *theirs = white_image (CAIRO_FORMAT_ARGB32, scales[s]);
      cairo_t *cr;
      Diff d;

      cr = cairo_create (ours);
      draw_zigzag (cr, TRUE);
      cairo_destroy (cr);
      cr = cairo_create (theirs);
      draw_zigzag (cr, FALSE);
      cairo_destroy (cr);

      d = compare (ours, theirs);
      g_test_message ("scale %g: mean %.3f worst %d ink %.0f vs %.0f far %d",
                      scales[s], d.mean, d.worst, d.ink_a, d.ink_b, d.far);
      /* The same line: total ink within 6 %, differences only on edges. */
      g_assert_cmpfloat (d.ink_a, >, 0);
      g_assert_cmpfloat (fabs (d.ink_a - d.ink_b) / d.ink_b, <, 0.06);
      g_assert_cmpfloat (d.mean, <, 1.5);
      g_assert_cmpint (d.worst, <, 48);
      g_assert_cmpint (d.far, ==, 0);

      /* The gap is a gap: nothing between (140, 150) and (141, 40) away
       * from the ends.
       */
      for (double y = 60; y < 130; y += 1)
        g_assert_cmpint (channel (ours, (int) (140.5 * scales[s]), (int) (y * scales[s]), 0), ==, 255);

      /* The line's middle is the full colour, at its place. */
      g_assert_cmpint (channel (ours, (int) (100 * scales[s]), (int) (160.1 * scales[s]), 16), <, 30);

      cairo_surface_destroy (ours);
      cairo_surface_destroy (theirs);
    }
}

/* A random walk over and past the surface's edges, with gaps, dots,
 * horizontal and vertical steps, and a lone dot.
 */
static void
draw_walk (cairo_t  *cr,
           gboolean  vector,
           double    width,
           double    alpha)
{
  g_autoptr(FolChartRaster) raster = _fol_chart_raster_new (cr);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  double x = 0, y = 0;

  g_assert_nonnull (raster);
  if (!_fol_chart_raster_set_vector (raster, vector))
    return;
  for (guint i = 0; i < 400; i++)
    {
      double px = x, py = y;

      x = -20 + i * (W + 40) / 400.0;
      y = g_rand_double_range (rand, -10, H + 10);
      if (i % 13 == 0)
        y = py;  /* horizontal */
      if (i % 17 == 0)
        x = px;  /* vertical */
      if (i == 0 || i % 37 == 0)
        _fol_chart_raster_move_to (raster, x, y);
      else
        _fol_chart_raster_line_to (raster, x, y);
      if (i % 50 == 0)
        _fol_chart_raster_line_to (raster, x, y);  /* a dot */
    }
  _fol_chart_raster_stroke (raster, width, 0.8, 0.2, 0.1, alpha);

  _fol_chart_raster_move_to (raster, W / 2.0 + 0.3, H / 2.0 + 0.7);
  _fol_chart_raster_line_to (raster, W / 2.0 + 0.3, H / 2.0 + 0.7);
  _fol_chart_raster_move_to (raster, W - 1.2, 3);
  _fol_chart_raster_line_to (raster, W - 0.4, H - 3);
  _fol_chart_raster_stroke (raster, width, 0.1, 0.3, 0.9, alpha);
}

static guint8 *
surface_bytes (cairo_surface_t *surface,
               gsize           *size)
{
  cairo_surface_flush (surface);
  *size = (gsize) cairo_image_surface_get_stride (surface) * cairo_image_surface_get_height (surface);
  return g_memdup2 (cairo_image_surface_get_data (surface), *size);
}

/* Four pixels at a time or one at a time, the same bytes: on every
 * format, scale, clip, width and alpha, at the clip's and the surface's
 * edges.
 */
static void
test_raster_vector_same_as_scalar (void)
{
  const struct {
    cairo_format_t format;
    double         scale;
    gboolean       white;
    int            clip[4];  /* x, y, width, height; width 0 for none */
    double         width;
    double         alpha;
  } cases[] = {
    { CAIRO_FORMAT_ARGB32, 1.0, TRUE, { 0 }, 2.0, 1.0 },
    { CAIRO_FORMAT_RGB24, 2.0, TRUE, { 10, 10, W - 27, H - 30 }, 2.0, 1.0 },
    { CAIRO_FORMAT_RGB24, 1.0, TRUE, { 3, 0, W - 3, H }, 2.0, 1.0 },
    { CAIRO_FORMAT_ARGB32, 1.0, FALSE, { 0 }, 5.0, 0.6 },
    { CAIRO_FORMAT_ARGB32, 2.0, FALSE, { 0, 5, 101, 77 }, 1.0, 0.3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint8 *bytes[2] = { NULL, NULL };
      gsize size[2];
      gboolean drawn = FALSE;

      for (guint vector = 0; vector < 2; vector++)
        {
          cairo_surface_t *surface = cases[i].white ? white_image (cases[i].format, cases[i].scale)
                                                    : cairo_image_surface_create (cases[i].format,
                                                                                  W * cases[i].scale,
                                                                                  H * cases[i].scale);
          cairo_t *cr;

          cairo_surface_set_device_scale (surface, cases[i].scale, cases[i].scale);
          cr = cairo_create (surface);
          if (cases[i].clip[2] > 0)
            {
              cairo_rectangle (cr, cases[i].clip[0], cases[i].clip[1], cases[i].clip[2], cases[i].clip[3]);
              cairo_clip (cr);
            }
          draw_walk (cr, vector, cases[i].width, cases[i].alpha);
          cairo_destroy (cr);
          bytes[vector] = surface_bytes (surface, &size[vector]);
          cairo_surface_destroy (surface);
        }

      g_assert_cmpuint (size[0], ==, size[1]);
      for (gsize k = 0; k < size[0] && !drawn; k++)
        drawn = bytes[0][k] != (cases[i].white ? 0xff : 0);
      g_assert_true (drawn);
      g_assert_true (memcmp (bytes[0], bytes[1], size[0]) == 0);
      g_free (bytes[0]);
      g_free (bytes[1]);
    }
}

static void
test_raster_clip (void)
{
  cairo_surface_t *surface = white_image (CAIRO_FORMAT_RGB24, 1.0);
  cairo_t *cr = cairo_create (surface);

  cairo_rectangle (cr, 50, 30, 100, 100);
  cairo_clip (cr);
  draw_zigzag (cr, TRUE);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      {
        gboolean inside = x >= 50 && x < 150 && y >= 30 && y < 130;
        int g = channel (surface, x, y, 8);

        if (!inside)
          g_assert_cmpint (g, ==, 255);
      }
  /* ...and something was drawn inside: the rise from (61, 170) to (60, 20) */
  g_assert_cmpint (channel (surface, 60, 100, 16), <, 100);
  /* RGB24 keeps its unused byte opaque */
  g_assert_cmpint (channel (surface, 60, 100, 24), ==, 255);
  cairo_surface_destroy (surface);
}

static void
test_raster_transparent_target (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(FolChartRaster) raster = _fol_chart_raster_new (cr);

  _fol_chart_raster_move_to (raster, 10, 100);
  _fol_chart_raster_line_to (raster, 300, 100);
  _fol_chart_raster_stroke (raster, 4.0, 1.0, 0.0, 0.0, 0.5);
  g_clear_pointer (&raster, _fol_chart_raster_free);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* Premultiplied: half-transparent red is alpha 128, red 128. */
  g_assert_cmpint (ABS (channel (surface, 150, 100, 24) - 128), <=, 1);
  g_assert_cmpint (ABS (channel (surface, 150, 100, 16) - 128), <=, 1);
  g_assert_cmpint (channel (surface, 150, 100, 8), ==, 0);
  g_assert_cmpint (channel (surface, 150, 90, 24), ==, 0);
  cairo_surface_destroy (surface);
}

static void
test_raster_declines (void)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_surface_t *a8 = cairo_image_surface_create (CAIRO_FORMAT_A8, W, H);
  cairo_t *cr;

  /* Vector and recording surfaces: cairo draws. */
  cr = cairo_create (recording);
  g_assert_null (_fol_chart_raster_new (cr));
  cairo_destroy (cr);

  cr = cairo_create (a8);
  g_assert_null (_fol_chart_raster_new (cr));
  cairo_destroy (cr);

  /* Rotation, a round clip, another operator: cairo draws. */
  cr = cairo_create (image);
  cairo_rotate (cr, 0.3);
  g_assert_null (_fol_chart_raster_new (cr));
  cairo_identity_matrix (cr);
  cairo_arc (cr, 100, 100, 50, 0, 2 * G_PI);
  cairo_clip (cr);
  g_assert_null (_fol_chart_raster_new (cr));
  cairo_reset_clip (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_ADD);
  g_assert_null (_fol_chart_raster_new (cr));
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);

  /* A clip off pixel edges cannot be kept exactly. */
  cairo_rectangle (cr, 10.5, 10, 100, 100);
  cairo_clip (cr);
  g_assert_null (_fol_chart_raster_new (cr));
  cairo_reset_clip (cr);

  /* Plain image, translated: the direct path. */
  cairo_translate (cr, 10, 20);
  {
    g_autoptr(FolChartRaster) raster = _fol_chart_raster_new (cr);

    g_assert_nonnull (raster);
  }
  cairo_destroy (cr);

  cairo_surface_destroy (image);
  cairo_surface_destroy (recording);
  cairo_surface_destroy (a8);
}

/* A whole chart with hundreds of points drawn on an image (direct path)
 * and through a recording surface (cairo's path) looks the same.
 */
static void
test_chart_same_both_ways (void)
{
  g_autoptr(FolChartData) data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);
  FolDate dates[300];
  double values[300];
  FolChartStyle style;
  cairo_surface_t *direct = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 900, 500);
  cairo_surface_t *viacairo = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 900, 500);
  cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr;
  Diff d;

  for (guint s = 0; s < 3; s++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
        {
          dates[i] = fol_date_new (2020, 1, 1) + 7 * i;
          values[i] = (i % 37 == 5) ? NAN : 120 + 20 * s + 15 * sin (i / 9.0 + s) + (i % 7);
        }
      fol_chart_data_add_series (data, s, dates, values, NULL, G_N_ELEMENTS (dates), values[0]);
    }
  fol_chart_style_init_light (&style);

  cr = cairo_create (direct);
  fol_chart_render (data, &style, cr, 900, 500);
  cairo_destroy (cr);

  cr = cairo_create (recording);
  fol_chart_render (data, &style, cr, 900, 500);
  cairo_destroy (cr);
  cr = cairo_create (viacairo);
  cairo_set_source_surface (cr, recording, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);

  d = compare (direct, viacairo);
  g_test_message ("chart: mean %.3f worst %d ink %.0f vs %.0f far %d",
                  d.mean, d.worst, d.ink_a, d.ink_b, d.far);
  g_assert_cmpfloat (fabs (d.ink_a - d.ink_b) / d.ink_b, <, 0.03);
  g_assert_cmpfloat (d.mean, <, 1.0);
  g_assert_cmpint (d.far, ==, 0);

  cairo_surface_destroy (direct);
  cairo_surface_destroy (viacairo);
  cairo_surface_destroy (recording);
}

/* The dashed baselines, painted on pixels through one mask, are the
 * pixels cairo strokes for each: the same chart drawn in a group (where
 * every line is stroked) is the same, byte for byte. One point a series,
 * so that no series line is drawn either way.
 */
static void
test_baselines_masked_like_stroked (void)
{
  g_autoptr(FolChartData) data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);
  const double scales[] = { 1.0, 2.0 };
  FolChartStyle style;

  for (guint s = 0; s < FOL_N_REGIONS; s++)
    {
      FolDate date = fol_date_new (2020, 1, 1) + 30 * s;
      double value = 120 + 7 * s;

      fol_chart_data_add_series (data, s, &date, &value, NULL, 1, 118 + 9 * s);
    }
  fol_chart_style_init_light (&style);

  for (guint k = 0; k < G_N_ELEMENTS (scales); k++)
    {
      cairo_surface_t *surfaces[2];
      guint8 *bytes[2];
      gsize size[2];

      for (guint group = 0; group < 2; group++)
        {
          cairo_t *cr;

          surfaces[group] = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 700 * scales[k], 400 * scales[k]);
          cairo_surface_set_device_scale (surfaces[group], scales[k], scales[k]);
          cr = cairo_create (surfaces[group]);
          if (group)
            cairo_push_group (cr);
          fol_chart_render (data, &style, cr, 700, 400);
          if (group)
            {
              cairo_pop_group_to_source (cr);
              cairo_paint (cr);
            }
          cairo_destroy (cr);
          bytes[group] = surface_bytes (surfaces[group], &size[group]);
          cairo_surface_destroy (surfaces[group]);
        }
      g_assert_cmpuint (size[0], ==, size[1]);
      g_assert_true (memcmp (bytes[0], bytes[1], size[0]) == 0);
      g_free (bytes[0]);
      g_free (bytes[1]);
    }
}

/* Renders @data at 900 × 500 on an RGB image, straight or through a
 * recording surface (the vector path SVG and PDF take).
 */
static cairo_surface_t *
render_chart (FolChartData *data,
              gboolean      vector)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 900, 500);
  cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  FolChartStyle style;
  cairo_t *cr;

  fol_chart_style_init_light (&style);
  cr = cairo_create (vector ? recording : image);
  fol_chart_render (data, &style, cr, 900, 500);
  cairo_destroy (cr);
  if (vector)
    {
      cr = cairo_create (image);
      cairo_set_source_surface (cr, recording, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
  cairo_surface_destroy (recording);
  cairo_surface_flush (image);
  return image;
}

/* Markers painted as one path on a vector surface must not touch: with
 * their outlines, halos and antialiased edges, a star of radius 4.5
 * reaches 6.35 units from its centre, so centres closer than 14.7 units
 * across and down touch; a circle reaches 5 units, a cross with its halo
 * 6.5. A run ends before the first marker that touches one of the run:
 * it starts the next. Dates need not come in order.
 */
static void
test_markers_run (void)
{
  static const double apart[] = { 10, 40, 70, 100 };
  static const double close[] = { 10, 40, 52, 100 };
  static const double unsorted[] = { 100, 10, 70, 40 };
  static const double unsorted_close[] = { 100, 10, 90, 40 };
  static const double same[] = { 10, 10 };
  static const double level[] = { 50, 50, 50, 50 };
  static const double steps[] = { 10, 30, 50, 70 };
  static const double thirteen[] = { 10, 23 };
  const FolChartMarker star = FOL_CHART_MARKER_STAR;

  g_assert_cmpuint (_fol_chart_markers_run (apart, level, 4, star, 4.5), ==, 4);
  g_assert_cmpuint (_fol_chart_markers_run (close, level, 4, star, 4.5), ==, 2);
  g_assert_cmpuint (_fol_chart_markers_run (close + 2, level, 2, star, 4.5), ==, 2);
  g_assert_cmpuint (_fol_chart_markers_run (unsorted, level, 4, star, 4.5), ==, 4);
  g_assert_cmpuint (_fol_chart_markers_run (unsorted_close, level, 4, star, 4.5), ==, 2);
  g_assert_cmpuint (_fol_chart_markers_run (same, level, 2, star, 4.5), ==, 1);
  g_assert_cmpuint (_fol_chart_markers_run (apart, level, 1, star, 4.5), ==, 1);
  /* a larger radius needs more room */
  g_assert_cmpuint (_fol_chart_markers_run (apart, level, 4, star, 12.0), ==, 1);

  /* close across but far apart down: apart, whatever the order */
  g_assert_cmpuint (_fol_chart_markers_run (close, steps, 4, star, 4.5), ==, 4);
  g_assert_cmpuint (_fol_chart_markers_run (same, steps, 2, star, 4.5), ==, 2);
  g_assert_cmpuint (_fol_chart_markers_run (same, thirteen, 2, star, 4.5), ==, 1);

  /* each shape its own reach: 13 units are room for circles, not for
   * stars or haloed crosses
   */
  g_assert_cmpuint (_fol_chart_markers_run (thirteen, level, 2, FOL_CHART_MARKER_CIRCLE, 4.5), ==, 2);
  g_assert_cmpuint (_fol_chart_markers_run (thirteen, level, 2, star, 4.5), ==, 1);
  g_assert_cmpuint (_fol_chart_markers_run (thirteen, level, 2, FOL_CHART_MARKER_CROSS, 4.5), ==, 1);
}

/* A chart of every marker shape, their markers apart (one path per series
 * on a vector surface) or touching (one by one), drawn through a vector
 * surface looks as it does drawn on pixels, where markers are always
 * painted one by one: no marker lost, moved or recoloured.
 */
static void
test_markers_vector_like_pixels (void)
{
  static const guint n_points[] = { 24, 120 };

  for (guint k = 0; k < G_N_ELEMENTS (n_points); k++)
    {
      g_autoptr(FolChartData) data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);
      cairo_surface_t *pixels, *vector;
      FolDate dates[120];
      double values[120];
      Diff d;

      for (guint s = 0; s < FOL_N_REGIONS; s++)
        {
          for (guint i = 0; i < n_points[k]; i++)
            {
              dates[i] = fol_date_new (2020, 1, 1) + 14 * i + s;
              values[i] = (i % 11 == 4) ? NAN : 120 + 3 * s + 15 * sin (i / 3.0 + s);
            }
          fol_chart_data_add_series (data, s, dates, values, NULL, n_points[k], values[0]);
        }

      pixels = render_chart (data, FALSE);
      vector = render_chart (data, TRUE);
      d = compare (pixels, vector);
      g_test_message ("%u points: mean %.4f worst %d ink %.0f vs %.0f far %d", n_points[k],
                      d.mean, d.worst, d.ink_a, d.ink_b, d.far);
      g_assert_cmpfloat (fabs (d.ink_a - d.ink_b) / d.ink_b, <, 0.03);
      g_assert_cmpfloat (d.mean, <, 1.0);
      g_assert_cmpint (d.far, ==, 0);
      cairo_surface_destroy (pixels);
      cairo_surface_destroy (vector);
    }
}

/* Touching markers of every shape, alone (a gap on each side, so no line
 * is drawn): painted in runs on a vector surface, each still covers the
 * rim or halo of the one before, as one by one on pixels. Painting them
 * all as one path would draw every rim over the neighbours' fill.
 */
static void
test_touching_markers_in_order (void)
{
  g_autoptr(FolChartData) data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);
  cairo_surface_t *pixels, *vector;
  FolDate dates[41];
  double values[41];
  Diff d;
  int big = 0;

  for (guint s = 0; s < FOL_N_REGIONS; s++)
    {
      /* forty days, every other one measured, then one two years on to
       * stretch the axis: the forty days' markers overlap
       */
      for (guint i = 0; i < 40; i++)
        {
          dates[i] = fol_date_new (2020, 1, 1) + i;
          values[i] = (i % 2) ? NAN : 120 + 20 * s + (i % 4);
        }
      dates[40] = fol_date_new (2022, 1, 1);
      values[40] = 120 + 20 * s;
      fol_chart_data_add_series (data, s, dates, values, NULL, 41, values[0]);
    }

  pixels = render_chart (data, FALSE);
  vector = render_chart (data, TRUE);
  d = compare (pixels, vector);
  for (int y = 0; y < 500; y++)
    for (int x = 0; x < 900; x++)
      for (int shift = 0; shift < 24; shift += 8)
        if (ABS (channel (pixels, x, y, shift) - channel (vector, x, y, shift)) > 64)
          big++;
  g_test_message ("touching: mean %.4f worst %d, %d channels differ by more than 64", d.mean,
                  d.worst, big);
  g_assert_cmpint (big, ==, 0);
  cairo_surface_destroy (pixels);
  cairo_surface_destroy (vector);
}

/* Chart-sized surfaces come from their own pages, kept for reuse: any
 * size cairo takes, drawable every time; and buffers asked for zeroed are
 * zeroed even when reused dirty.
 */
static void
test_image_surface (void)
{
  const int sizes[][2] = { { 1, 1 }, { 300, 200 }, { 1600, 1000 }, { 3200, 2000 } };

  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        cairo_surface_t *surface = fol_image_surface_new (CAIRO_FORMAT_ARGB32, sizes[i][0], sizes[i][1]);
        guint32 colour = round == 0 ? 0xffff0000 : 0xff00ff00;
        const guint8 *data;
        int stride;
        cairo_t *cr;

        g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
        g_assert_cmpint (cairo_image_surface_get_width (surface), ==, sizes[i][0]);
        g_assert_cmpint (cairo_image_surface_get_height (surface), ==, sizes[i][1]);
        data = cairo_image_surface_get_data (surface);
        stride = cairo_image_surface_get_stride (surface);

        cr = cairo_create (surface);
        cairo_set_source_rgb (cr, round == 0, round == 1, 0);
        cairo_paint (cr);
        cairo_destroy (cr);
        cairo_surface_flush (surface);
        g_assert_cmphex (((const guint32 *) data)[0], ==, colour);
        g_assert_cmphex (((const guint32 *) (data + (gsize) (sizes[i][1] - 1) * stride))[sizes[i][0] - 1],
                         ==, colour);
        cairo_surface_destroy (surface);
      }

  for (guint round = 0; round < 3; round++)
    {
      gsize size = (3 << 20) + 17;
      guint8 *pages = _fol_pages_alloc0 (size);

      for (gsize i = 0; i < size; i += 4093)
        g_assert_cmpint (pages[i], ==, 0);
      g_assert_cmpint (pages[size - 1], ==, 0);
      memset (pages, 0xa5, size);
      _fol_pages_free (pages, size);
    }

  /* Sizes cairo refuses give an error surface, not a crash. */
  {
    cairo_surface_t *surface = fol_image_surface_new (CAIRO_FORMAT_ARGB32, -5, 10);

    g_assert_cmpint (cairo_surface_status (surface), !=, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy (surface);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-raster/matches-cairo", test_raster_matches_cairo);
  g_test_add_func ("/chart-raster/clip", test_raster_clip);
  g_test_add_func ("/chart-raster/vector-same-as-scalar", test_raster_vector_same_as_scalar);
  g_test_add_func ("/chart-raster/transparent-target", test_raster_transparent_target);
  g_test_add_func ("/chart-raster/declines", test_raster_declines);
  g_test_add_func ("/chart-raster/chart-same-both-ways", test_chart_same_both_ways);
  g_test_add_func ("/chart-raster/image-surface", test_image_surface);
  g_test_add_func ("/chart-raster/baselines-masked-like-stroked", test_baselines_masked_like_stroked);
  g_test_add_func ("/chart-raster/markers-run", test_markers_run);
  g_test_add_func ("/chart-raster/touching-markers-in-order", test_touching_markers_in_order);
  g_test_add_func ("/chart-raster/markers-vector-like-pixels", test_markers_vector_like_pixels);

  return g_test_run ();
}
