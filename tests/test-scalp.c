/* test-scalp.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fol-scalp.h"

static const struct { double width, height; } sizes[] = {
  { 400, 400 }, { 220, 220 }, { 800, 300 }, { 300, 900 }, { 123, 457 }, { 1000, 1000 },
};

typedef struct
{
  cairo_surface_t *surface;
  int              width;
  int              height;
} Canvas;

static void
canvas_render (Canvas              *canvas,
               int                  width,
               int                  height,
               const FolScalpStyle *style,
               const double        *changes,
               FolRegion            hovered,
               guint                selected)
{
  cairo_t *cr;

  canvas->width = width;
  canvas->height = height;
  canvas->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (canvas->surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  fol_scalp_render (cr, width, height, style, changes, hovered, selected);
  cairo_destroy (cr);
  cairo_surface_flush (canvas->surface);
}

static void
canvas_clear (Canvas *canvas)
{
  g_clear_pointer (&canvas->surface, cairo_surface_destroy);
}

static void
pixel_at (Canvas        *canvas,
          double         x,
          double         y,
          FolScalpColor *out)
{
  const guint8 *data = cairo_image_surface_get_data (canvas->surface);
  int stride = cairo_image_surface_get_stride (canvas->surface);
  int ix = (int) floor (x), iy = (int) floor (y);
  guint32 p;

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, canvas->width);
  g_assert_cmpint (iy, <, canvas->height);

  p = *(const guint32 *) (data + iy * stride + ix * 4);
  out->alpha = ((p >> 24) & 0xff) / 255.0;
  out->red = ((p >> 16) & 0xff) / 255.0;
  out->green = ((p >> 8) & 0xff) / 255.0;
  out->blue = (p & 0xff) / 255.0;
}

static gboolean
same_color (const FolScalpColor *a,
            const FolScalpColor *b)
{
  double tolerance = 2.5 / 255.0;

  return fabs (a->red - b->red) < tolerance &&
         fabs (a->green - b->green) < tolerance &&
         fabs (a->blue - b->blue) < tolerance;
}

static void
assert_color (Canvas              *canvas,
              double               x,
              double               y,
              const FolScalpColor *expected)
{
  FolScalpColor got;

  pixel_at (canvas, x, y, &got);
  if (!same_color (&got, expected))
    g_error ("pixel (%.1f, %.1f) is #%02x%02x%02x, expected #%02x%02x%02x", x, y,
             (int) round (got.red * 255), (int) round (got.green * 255), (int) round (got.blue * 255),
             (int) round (expected->red * 255), (int) round (expected->green * 255),
             (int) round (expected->blue * 255));
}

static void
test_centres_hit_their_region (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
        {
          double x = -1, y = -1;

          fol_scalp_region_center (r, sizes[s].width, sizes[s].height, &x, &y);
          g_assert_cmpfloat (x, >, 0);
          g_assert_cmpfloat (y, >, 0);
          g_assert_cmpfloat (x, <, sizes[s].width);
          g_assert_cmpfloat (y, <, sizes[s].height);
          g_assert_cmpint (fol_scalp_hit_test (sizes[s].width, sizes[s].height, x, y), ==, r);
        }
    }
}

static void
test_layout (void)
{
  double w = 500, h = 500;
  double x[FOL_N_REGIONS], y[FOL_N_REGIONS];

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    fol_scalp_region_center (r, w, h, &x[r], &y[r]);

  /* Nose up: front to back along the midline. */
  g_assert_cmpfloat (y[FOL_REGION_FRONTAL], <, y[FOL_REGION_MIDSCALP]);
  g_assert_cmpfloat (y[FOL_REGION_MIDSCALP], <, y[FOL_REGION_VERTEX]);
  g_assert_cmpfloat (y[FOL_REGION_VERTEX], <, y[FOL_REGION_OCCIPITAL]);
  /* Seen from above, the patient's left is on the left. */
  g_assert_cmpfloat (x[FOL_REGION_TEMPORAL_LEFT], <, x[FOL_REGION_FRONTAL]);
  g_assert_cmpfloat (x[FOL_REGION_TEMPORAL_RIGHT], >, x[FOL_REGION_FRONTAL]);
  g_assert_cmpfloat (x[FOL_REGION_PARIETAL_LEFT], <, x[FOL_REGION_VERTEX]);
  g_assert_cmpfloat (x[FOL_REGION_PARIETAL_RIGHT], >, x[FOL_REGION_VERTEX]);
  g_assert_cmpfloat (y[FOL_REGION_TEMPORAL_LEFT], <, y[FOL_REGION_PARIETAL_LEFT]);
  /* Symmetric. */
  g_assert_cmpfloat_with_epsilon (x[FOL_REGION_TEMPORAL_LEFT] + x[FOL_REGION_TEMPORAL_RIGHT],
                                  2 * x[FOL_REGION_FRONTAL], 1e-9);
}

static void
test_outside_is_none (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      double w = sizes[s].width, h = sizes[s].height;
      double fx, fy, ox, oy;

      g_assert_cmpint (fol_scalp_hit_test (w, h, 0.5, 0.5), ==, FOL_REGION_NONE);
      g_assert_cmpint (fol_scalp_hit_test (w, h, w - 0.5, h - 0.5), ==, FOL_REGION_NONE);
      g_assert_cmpint (fol_scalp_hit_test (w, h, -10, h / 2), ==, FOL_REGION_NONE);
      g_assert_cmpint (fol_scalp_hit_test (w, h, w / 2, h + 10), ==, FOL_REGION_NONE);

      /* Straight ahead of the frontal region, past the head: the nose. */
      fol_scalp_region_center (FOL_REGION_FRONTAL, w, h, &fx, &fy);
      fol_scalp_region_center (FOL_REGION_OCCIPITAL, w, h, &ox, &oy);
      g_assert_cmpint (fol_scalp_hit_test (w, h, fx, fy - (oy - fy) * 0.3), ==, FOL_REGION_NONE);
      /* Behind the occipital region. */
      g_assert_cmpint (fol_scalp_hit_test (w, h, ox, oy + (oy - fy) * 0.2), ==, FOL_REGION_NONE);
    }

  g_assert_cmpint (fol_scalp_hit_test (0, 0, 0, 0), ==, FOL_REGION_NONE);
}

static void
test_tints (void)
{
  g_assert_cmpint (fol_scalp_tint_for_change (NAN, 10, FALSE), ==, FOL_SCALP_TINT_NONE);
  g_assert_cmpint (fol_scalp_tint_for_change (0, 10, FALSE), ==, FOL_SCALP_TINT_STABLE);
  g_assert_cmpint (fol_scalp_tint_for_change (9.99, 10, FALSE), ==, FOL_SCALP_TINT_STABLE);
  g_assert_cmpint (fol_scalp_tint_for_change (10, 10, FALSE), ==, FOL_SCALP_TINT_IMPROVED);
  g_assert_cmpint (fol_scalp_tint_for_change (20, 10, FALSE), ==, FOL_SCALP_TINT_IMPROVED_STRONG);
  g_assert_cmpint (fol_scalp_tint_for_change (-10, 10, FALSE), ==, FOL_SCALP_TINT_WORSE);
  g_assert_cmpint (fol_scalp_tint_for_change (-35, 10, FALSE), ==, FOL_SCALP_TINT_WORSE_STRONG);
  g_assert_cmpint (fol_scalp_tint_for_change (-35, 10, TRUE), ==, FOL_SCALP_TINT_IMPROVED_STRONG);
}

static void
test_render_tints (gconstpointer data)
{
  gboolean dark = GPOINTER_TO_INT (data);
  const double changes[FOL_N_REGIONS] = {
    [FOL_REGION_FRONTAL] = 25.0,          /* strong improvement */
    [FOL_REGION_MIDSCALP] = 12.0,         /* improvement */
    [FOL_REGION_VERTEX] = -12.0,          /* loss */
    [FOL_REGION_TEMPORAL_LEFT] = -40.0,   /* strong loss */
    [FOL_REGION_TEMPORAL_RIGHT] = 5.0,    /* stable */
    [FOL_REGION_PARIETAL_LEFT] = NAN,     /* no value */
    [FOL_REGION_PARIETAL_RIGHT] = -9.0,   /* stable */
    [FOL_REGION_OCCIPITAL] = 10.0,        /* exactly T: a change */
  };
  const FolScalpTint expected[FOL_N_REGIONS] = {
    FOL_SCALP_TINT_IMPROVED_STRONG, FOL_SCALP_TINT_IMPROVED, FOL_SCALP_TINT_WORSE,
    FOL_SCALP_TINT_WORSE_STRONG, FOL_SCALP_TINT_STABLE, FOL_SCALP_TINT_NONE,
    FOL_SCALP_TINT_STABLE, FOL_SCALP_TINT_IMPROVED,
  };
  FolScalpStyle style;
  Canvas canvas = { 0 };

  if (dark)
    fol_scalp_style_init_dark (&style);
  else
    fol_scalp_style_init_light (&style);
  /* Without the values written on top, the centre pixel is the tint. */
  style.show_values = FALSE;

  /* Every tint differs from every other one. */
  for (guint i = 0; i < FOL_SCALP_N_TINTS; i++)
    for (guint j = i + 1; j < FOL_SCALP_N_TINTS; j++)
      g_assert_false (same_color (&style.palette[i], &style.palette[j]));

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      canvas_render (&canvas, sizes[s].width, sizes[s].height, &style, changes, FOL_REGION_NONE, 0);
      for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
        {
          double x, y;

          if (expected[r] == FOL_SCALP_TINT_NONE)
            continue;   /* hatched: checked below */
          fol_scalp_region_center (r, sizes[s].width, sizes[s].height, &x, &y);
          assert_color (&canvas, x, y, &style.palette[expected[r]]);
        }
      canvas_clear (&canvas);
    }

  /* The region without a value is grey with hatch lines: both colours
   * appear around its centre, and no palette colour does. */
  {
    double cx, cy;
    gboolean seen_fill = FALSE, seen_hatch = FALSE;

    canvas_render (&canvas, 600, 600, &style, changes, FOL_REGION_NONE, 0);
    fol_scalp_region_center (FOL_REGION_PARIETAL_LEFT, 600, 600, &cx, &cy);
    for (int dy = -12; dy <= 12; dy++)
      {
        FolScalpColor got;

        pixel_at (&canvas, cx, cy + dy, &got);
        seen_fill |= same_color (&got, &style.palette[FOL_SCALP_TINT_NONE]);
        seen_hatch |= same_color (&got, &style.hatch);
        for (guint t = FOL_SCALP_TINT_STABLE; t < FOL_SCALP_N_TINTS; t++)
          g_assert_false (same_color (&got, &style.palette[t]));
      }
    g_assert_true (seen_fill);
    g_assert_true (seen_hatch);
    canvas_clear (&canvas);
  }

  /* Nothing is drawn far outside the head: the corners keep the paper. */
  {
    static const FolScalpColor white = { 1, 1, 1, 1 };

    canvas_render (&canvas, 800, 300, &style, changes, FOL_REGION_NONE, 0);
    assert_color (&canvas, 2, 2, &white);
    assert_color (&canvas, 797, 297, &white);
    assert_color (&canvas, 60, 150, &white);
    assert_color (&canvas, 740, 150, &white);
    canvas_clear (&canvas);
  }
}

/* Walks from a region's centre towards (dx, dy) until the hit test leaves
 * the region, then steps back @inside pixels. */
static void
point_inside_border (FolRegion  region,
                     double     w,
                     double     h,
                     double     dx,
                     double     dy,
                     double     inside,
                     double    *x,
                     double    *y)
{
  double cx, cy;

  fol_scalp_region_center (region, w, h, &cx, &cy);
  for (double t = 0; t < w + h; t += 0.25)
    {
      if (fol_scalp_hit_test (w, h, cx + dx * t, cy + dy * t) != region)
        {
          *x = cx + dx * (t - inside);
          *y = cy + dy * (t - inside);
          return;
        }
    }
  g_assert_not_reached ();
}

static void
test_render_selection_outline (void)
{
  const double changes[FOL_N_REGIONS] = { 30, 30, 30, 30, 30, 30, 30, 30 };
  FolScalpStyle style;
  Canvas canvas = { 0 };
  const double w = 500, h = 500;
  double x, y, x2, y2;

  fol_scalp_style_init_light (&style);
  style.show_values = FALSE;

  /* Just inside the top border of the mid-scalp, and inside the right
   * border of the vertex. */
  point_inside_border (FOL_REGION_MIDSCALP, w, h, 0, -1, 4.5, &x, &y);
  point_inside_border (FOL_REGION_VERTEX, w, h, 1, 0, 4.5, &x2, &y2);

  canvas_render (&canvas, w, h, &style, changes, FOL_REGION_NONE, 0);
  assert_color (&canvas, x, y, &style.palette[FOL_SCALP_TINT_IMPROVED_STRONG]);
  assert_color (&canvas, x2, y2, &style.palette[FOL_SCALP_TINT_IMPROVED_STRONG]);
  canvas_clear (&canvas);

  canvas_render (&canvas, w, h, &style, changes, FOL_REGION_NONE, 1u << FOL_REGION_MIDSCALP);
  assert_color (&canvas, x, y, &style.selection);
  /* An outline, not a fill: the centre keeps its tint, other regions none. */
  fol_scalp_region_center (FOL_REGION_MIDSCALP, w, h, &x, &y);
  assert_color (&canvas, x, y, &style.palette[FOL_SCALP_TINT_IMPROVED_STRONG]);
  assert_color (&canvas, x2, y2, &style.palette[FOL_SCALP_TINT_IMPROVED_STRONG]);
  canvas_clear (&canvas);

  canvas_render (&canvas, w, h, &style, changes, FOL_REGION_NONE,
                 (1u << FOL_REGION_MIDSCALP) | (1u << FOL_REGION_VERTEX));
  assert_color (&canvas, x2, y2, &style.selection);
  canvas_clear (&canvas);

  /* Hover: a thin outline in the text colour right at the border. */
  point_inside_border (FOL_REGION_VERTEX, w, h, 1, 0, 2.0, &x2, &y2);
  canvas_render (&canvas, w, h, &style, changes, FOL_REGION_VERTEX, 0);
  assert_color (&canvas, x2, y2, &style.fg);
  canvas_clear (&canvas);
}

static void
test_render_values (void)
{
  const double changes[FOL_N_REGIONS] = { 12, NAN, 0, 0, 0, 0, 0, 0 };
  FolScalpStyle style;
  Canvas canvas = { 0 };
  double cx, cy;
  gboolean seen_text = FALSE;

  fol_scalp_style_init_light (&style);
  g_assert_true (style.show_values);
  canvas_render (&canvas, 500, 500, &style, changes, FOL_REGION_NONE, 0);
  fol_scalp_region_center (FOL_REGION_FRONTAL, 500, 500, &cx, &cy);

  /* The value is written over the centre in a colour that is not the tint. */
  for (int dx = -20; dx <= 20 && !seen_text; dx++)
    {
      for (int dy = -5; dy <= 5; dy++)
        {
          FolScalpColor got;

          pixel_at (&canvas, cx + dx, cy + dy, &got);
          if (!same_color (&got, &style.palette[FOL_SCALP_TINT_IMPROVED]))
            seen_text = TRUE;
        }
    }
  g_assert_true (seen_text);
  canvas_clear (&canvas);
}

static void
test_labels (void)
{
  g_autofree char *value = fol_scalp_format_value (12.34);
  g_autofree char *negative = fol_scalp_format_value (-3.06);
  g_autofree char *missing = fol_scalp_format_value (NAN);
  g_autofree char *label = fol_scalp_region_label (FOL_REGION_VERTEX, 12.34);
  g_autofree char *label_missing = fol_scalp_region_label (FOL_REGION_OCCIPITAL, NAN);

  g_assert_cmpstr (value, ==, "+12.3 %");
  g_assert_cmpstr (negative, ==, "-3.1 %");
  g_assert_cmpstr (missing, ==, "—");
  g_assert_cmpstr (label, ==, "Vertex (crown): +12.3 %");
  g_assert_cmpstr (label_missing, ==, "Occipital (donor area): no value");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scalp/hit-test/centres", test_centres_hit_their_region);
  g_test_add_func ("/scalp/hit-test/outside", test_outside_is_none);
  g_test_add_func ("/scalp/layout", test_layout);
  g_test_add_func ("/scalp/tints", test_tints);
  g_test_add_data_func ("/scalp/render/tints/light", GINT_TO_POINTER (FALSE), test_render_tints);
  g_test_add_data_func ("/scalp/render/tints/dark", GINT_TO_POINTER (TRUE), test_render_tints);
  g_test_add_func ("/scalp/render/selection", test_render_selection_outline);
  g_test_add_func ("/scalp/render/values", test_render_values);
  g_test_add_func ("/scalp/labels", test_labels);

  return g_test_run ();
}
