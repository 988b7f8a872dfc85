/* test-chart.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fol-chart.h"
#include "fol-chart-data.h"
#include "fol-chart-private.h"
#include "fol-outcomes-chart.h"

#define W 640
#define H 420

/* ---- helpers ---------------------------------------------------------- */

typedef struct
{
  cairo_surface_t *surface;
  double           scale;
} Image;

static Image
render (FolChartData        *data,
        const FolChartStyle *style,
        double               width,
        double               height,
        double               scale)
{
  Image img;
  cairo_t *cr;

  img.scale = scale;
  img.surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                            (int) ceil (width * scale),
                                            (int) ceil (height * scale));
  cairo_surface_set_device_scale (img.surface, scale, scale);
  cr = cairo_create (img.surface);
  fol_chart_render (data, style, cr, width, height);
  cairo_destroy (cr);
  cairo_surface_flush (img.surface);
  g_assert_cmpint (cairo_surface_status (img.surface), ==, CAIRO_STATUS_SUCCESS);
  return img;
}

/* The pixel under logical position (x, y), as 0xRRGGBB. */
static guint32
pixel_at (const Image *img,
          double       x,
          double       y)
{
  int px = (int) floor (x * img->scale);
  int py = (int) floor (y * img->scale);
  const guchar *data = cairo_image_surface_get_data (img->surface);
  int stride = cairo_image_surface_get_stride (img->surface);

  g_assert_cmpint (px, >=, 0);
  g_assert_cmpint (py, >=, 0);
  g_assert_cmpint (px, <, cairo_image_surface_get_width (img->surface));
  g_assert_cmpint (py, <, cairo_image_surface_get_height (img->surface));
  return ((const guint32 *) (gconstpointer) (data + (gsize) py * stride))[px] & 0xffffff;
}

static guint32
rgb_of (const FolChartColor *c)
{
  return ((guint32) lround (c->red * 255) << 16) |
         ((guint32) lround (c->green * 255) << 8) |
         (guint32) lround (c->blue * 255);
}

static gboolean
near_color (guint32 a,
            guint32 b,
            int     tolerance)
{
  for (int shift = 0; shift <= 16; shift += 8)
    if (ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > tolerance)
      return FALSE;
  return TRUE;
}

#define assert_color(pix, expected)                                         \
  G_STMT_START {                                                            \
    guint32 _p = (pix), _e = (expected);                                    \
    if (!near_color (_p, _e, 40))                                           \
      g_error ("pixel #%06x, expected #%06x", _p, _e);                      \
  } G_STMT_END

static void
image_clear (Image *img)
{
  g_clear_pointer (&img->surface, cairo_surface_destroy);
}

static FolChartData *
make_three_visits (gboolean relative)
{
  static const double values[] = { 150.0, 165.0, 180.0 };
  static const char *ids[] = { "v1", "v2", "v3" };
  FolDate dates[3];
  FolChartData *data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, relative);

  dates[0] = fol_date_new (2025, 1, 10);
  dates[1] = fol_date_new (2025, 4, 10);
  dates[2] = fol_date_new (2025, 7, 10);
  fol_chart_data_add_series (data, FOL_REGION_FRONTAL, dates, values, ids, 3, 150.0);
  return data;
}

/* ---- ticks ------------------------------------------------------------ */

typedef struct
{
  double min;
  double max;
  guint  target;
  double step;   /* expected, 0 = only check the invariants */
  double first;
  guint  n;
} TickCase;

static gboolean
is_nice_step (double step)
{
  double e = floor (log10 (step));
  double f = step / pow (10.0, e);

  return fabs (f - 1) < 1e-9 || fabs (f - 2) < 1e-9 || fabs (f - 5) < 1e-9 || fabs (f - 10) < 1e-9;
}

static void
test_nice_ticks (void)
{
  static const TickCase cases[] = {
    { 0, 100, 5, 20, 0, 6 },
    { 0, 1, 5, 0.2, 0, 6 },
    { -37, 112, 5, 50, -50, 5 },
    { 150, 150, 5, 10, 130, 5 },             /* all equal */
    { 0, 0, 5, 0.5, -1, 5 },                 /* all zero */
    { -250, -30, 5, 100, -300, 4 },          /* negative */
    { 100, 0, 5, 20, 0, 6 },                 /* reversed */
    { 0, 1e12, 5, 2e11, 0, 6 },              /* huge */
    { 1e-9, 3e-9, 5, 5e-10, 1e-9, 5 },       /* tiny */
    { 182.3, 187.9, 5, 2, 182, 4 },
    { -12.5, 33.3, 5, 10, -20, 7 },
    { 0, 2000, 5, 500, 0, 5 },
    { 0.01, 10, 5, 2, 0, 6 },
    { -1e-6, 1e-6, 5, 5e-7, -1e-6, 5 },
    { 1e15, 1e15 + 1e3, 5, 0, 0, 0 },
    { -5, 95, 10, 10, -10, 12 },
    { 10, 600, 3, 0, 0, 0 },
    { 3, 7, 2, 0, 0, 0 },
    { 42, 42.0000001, 5, 0, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const TickCase *c = &cases[i];
      double step = 0, first = 0, last;
      guint n = 0;

      g_test_message ("ticks %u: [%g, %g]", i, c->min, c->max);
      g_assert_true (fol_chart_nice_ticks (c->min, c->max, c->target, &step, &first, &n));
      last = first + (n - 1) * step;

      g_assert_true (is_nice_step (step));
      g_assert_cmpfloat (first, <=, MIN (c->min, c->max) + step * 1e-9);
      g_assert_cmpfloat (last, >=, MAX (c->min, c->max) - step * 1e-9);
      g_assert_cmpuint (n, >=, 2);
      g_assert_cmpuint (n, <=, 2 * MAX (c->target, 2) + 2);
      /* every tick is a multiple of the step */
      g_assert_cmpfloat (fabs (first / step - round (first / step)), <, 1e-6);

      if (c->step != 0)
        {
          g_assert_cmpfloat_with_epsilon (step, c->step, c->step * 1e-9);
          g_assert_cmpfloat_with_epsilon (first, c->first, c->step * 1e-6);
          g_assert_cmpuint (n, ==, c->n);
        }
    }

  {
    double step, first;
    guint n;

    g_assert_false (fol_chart_nice_ticks (NAN, 1, 5, &step, &first, &n));
    g_assert_false (fol_chart_nice_ticks (0, INFINITY, 5, &step, &first, &n));
    g_assert_false (fol_chart_nice_ticks (-1e308, 1e308, 5, &step, &first, &n));
  }

  g_assert_cmpuint (fol_chart_tick_decimals (20), ==, 0);
  g_assert_cmpuint (fol_chart_tick_decimals (1), ==, 0);
  g_assert_cmpuint (fol_chart_tick_decimals (0.5), ==, 1);
  g_assert_cmpuint (fol_chart_tick_decimals (0.2), ==, 1);
  g_assert_cmpuint (fol_chart_tick_decimals (0.01), ==, 2);
}

/* ---- data ------------------------------------------------------------- */

static void
test_data_relative (void)
{
  g_autoptr(FolChartData) data = make_three_visits (TRUE);
  double lo, hi, min, max, step;
  g_autofree char *text = NULL;

  g_assert_cmpuint (fol_chart_data_get_n_series (data), ==, 1);
  g_assert_cmpuint (fol_chart_data_get_n_points (data, 0), ==, 3);
  g_assert_cmpfloat_with_epsilon (fol_chart_data_get_y (data, 0, 0), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (fol_chart_data_get_y (data, 0, 2), 20.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (fol_chart_data_get_value (data, 0, 2), 180.0, 1e-9);
  g_assert_cmpstr (fol_chart_data_get_id (data, 0, 1), ==, "v2");

  g_assert_true (fol_chart_data_get_band (data, &lo, &hi));
  g_assert_cmpfloat (lo, ==, -10.0);
  g_assert_cmpfloat (hi, ==, 10.0);

  fol_chart_data_get_y_range (data, &min, &max, &step);
  g_assert_cmpfloat (min, <=, -10.0);
  g_assert_cmpfloat (max, >=, 20.0);

  text = fol_chart_data_describe_point (data, 0, 2);
  g_assert_nonnull (strstr (text, "180.0 hairs/cm²"));
  g_assert_nonnull (strstr (text, "+30.0 hairs/cm²"));
  g_assert_nonnull (strstr (text, "+20.0 %"));
  g_assert_nonnull (strstr (text, "10 July 2025"));
  g_assert_nonnull (strstr (text, "Frontal"));
  g_clear_pointer (&text, g_free);

  /* the hover label says the same, in lines */
  text = fol_chart_data_dup_point_label (data, 0, 2);
  g_assert_cmpstr (text, ==, "Frontal (hairline zone)\n10 July 2025\n180.0 hairs/cm²\n"
                             "Change from baseline: +30.0 hairs/cm² (+20.0 %)");
  g_clear_pointer (&text, g_free);
  text = fol_chart_data_dup_point_label (data, 0, 0);
  g_assert_nonnull (strstr (text, "±0.0 hairs/cm² (±0.0 %)"));
}

static void
test_data_sorted_and_missing_baseline (void)
{
  static const double values[] = { 200.0, 180.0 };
  static const char *ids[] = { "late", "early" };
  FolDate dates[2] = { fol_date_new (2025, 6, 1), fol_date_new (2025, 1, 1) };
  g_autoptr(FolChartData) data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);
  g_autoptr(FolChartData) rel = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, TRUE);
  g_autofree char *text = NULL;
  double lo, hi;

  fol_chart_data_add_series (data, FOL_REGION_VERTEX, dates, values, ids, 2, NAN);
  /* joined by date, whatever the order given */
  g_assert_cmpstr (fol_chart_data_get_id (data, 0, 0), ==, "early");
  g_assert_cmpuint (fol_chart_data_get_date (data, 0, 0), <, fol_chart_data_get_date (data, 0, 1));
  /* no baseline: no band, change is "—", never 0 */
  g_assert_false (fol_chart_data_get_band (data, &lo, &hi));
  text = fol_chart_data_describe_point (data, 0, 1);
  g_assert_nonnull (strstr (text, "200.0 hairs/cm²"));
  g_assert_nonnull (strstr (text, "— (—)"));

  /* a relative chart has nothing to plot for a region without baseline */
  fol_chart_data_add_series (rel, FOL_REGION_VERTEX, dates, values, ids, 2, NAN);
  g_assert_true (isnan (fol_chart_data_get_y (rel, 0, 0)));
  g_assert_true (fol_chart_data_is_empty (rel));

  /* baseline 0: relative change undefined */
  g_clear_object (&rel);
  rel = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, TRUE);
  fol_chart_data_add_series (rel, FOL_REGION_VERTEX, dates, values, NULL, 2, 0.0);
  g_assert_true (fol_chart_data_is_empty (rel));
  g_assert_null (fol_chart_data_get_id (rel, 0, 0));
}

static void
test_data_trend (void)
{
  g_autoptr(FolChartData) abs = make_three_visits (FALSE);
  g_autoptr(FolChartData) rel = make_three_visits (TRUE);
  FolDate origin = fol_date_new (2025, 1, 10);
  FolDate o = 0;
  double a = 0, b = 0;

  g_assert_false (fol_chart_data_get_series_trend (abs, 0, &o, &a, &b));

  /* 150 hairs/cm² at the origin, +3 per month */
  fol_chart_data_set_series_trend (abs, 0, origin, 150.0, 3.0);
  g_assert_true (fol_chart_data_get_series_trend (abs, 0, &o, &a, &b));
  g_assert_cmpuint (o, ==, origin);
  g_assert_cmpfloat_with_epsilon (a, 150.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (b, 3.0, 1e-9);

  /* drawn as change from the baseline of 150: 0 % and +2 % per month */
  fol_chart_data_set_series_trend (rel, 0, origin, 150.0, 3.0);
  g_assert_true (fol_chart_data_get_series_trend (rel, 0, &o, &a, &b));
  g_assert_cmpfloat_with_epsilon (a, 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (b, 2.0, 1e-9);

  /* an undefined slope is not drawn */
  fol_chart_data_set_series_trend (rel, 0, origin, 150.0, NAN);
  g_assert_false (fol_chart_data_get_series_trend (rel, 0, &o, &a, &b));
}

static void
test_data_preconditions (void)
{
  g_autoptr(FolChartData) data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);
  FolDate dates[2] = { fol_date_new (2025, 1, 1), FOL_DATE_NONE };
  double values[2] = { 1.0, 2.0 };

  g_test_expect_message ("fol-chart-data", G_LOG_LEVEL_CRITICAL, "*FOL_DATE_NONE*");
  fol_chart_data_add_series (data, FOL_REGION_FRONTAL, dates, values, NULL, 2, NAN);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (fol_chart_data_get_n_series (data), ==, 0);

  g_test_expect_message ("fol-chart-data", G_LOG_LEVEL_CRITICAL, "*percent*");
  fol_chart_data_set_threshold (data, -1.0);
  g_test_assert_expected_messages ();
  g_assert_cmpfloat (fol_chart_data_get_threshold (data), ==, 10.0);
}

static void
test_styles (void)
{
  FolChartStyle light, dark;

  fol_chart_style_init_light (&light);
  fol_chart_style_init_dark (&dark);
  g_assert_false (light.dark);
  g_assert_true (dark.dark);

  for (guint i = 0; i < FOL_CHART_N_COLORS; i++)
    {
      /* every series readable on its background, and told apart by shape too */
      guint32 l = rgb_of (&light.palette[i]);
      guint32 d = rgb_of (&dark.palette[i]);

      g_assert_false (near_color (l, rgb_of (&light.background), 60));
      g_assert_false (near_color (d, rgb_of (&dark.background), 60));
      for (guint j = 0; j < i; j++)
        {
          g_assert_cmpuint (light.palette[i].red != light.palette[j].red ||
                            light.palette[i].green != light.palette[j].green ||
                            light.palette[i].blue != light.palette[j].blue, ==, TRUE);
          g_assert_cmpint (light.markers[i], !=, light.markers[j]);
        }
    }
  g_assert_true (fol_chart_style_get_series_color (&light, FOL_REGION_VERTEX) ==
                 &light.palette[FOL_REGION_VERTEX]);
}

static void
test_data_absolute_band (void)
{
  g_autoptr(FolChartData) data = make_three_visits (FALSE);
  static const double values[] = { 100.0 };
  FolDate d = fol_date_new (2025, 2, 1);
  double lo, hi;

  g_assert_true (fol_chart_data_get_band (data, &lo, &hi));
  g_assert_cmpfloat_with_epsilon (lo, 135.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (hi, 165.0, 1e-9);

  fol_chart_data_set_threshold (data, 5.0);
  g_assert_true (fol_chart_data_get_band (data, &lo, &hi));
  g_assert_cmpfloat_with_epsilon (hi, 157.5, 1e-9);

  /* two regions: a band around one baseline would mislead */
  fol_chart_data_add_series (data, FOL_REGION_OCCIPITAL, &d, values, NULL, 1, 100.0);
  g_assert_false (fol_chart_data_get_band (data, &lo, &hi));
}

static void
count_cb (FolChartData *data,
          guint        *count)
{
  (*count)++;
}

static void
test_data_changed_signal (void)
{
  g_autoptr(FolChartData) data = make_three_visits (FALSE);
  guint count = 0;

  g_signal_connect (data, "changed", G_CALLBACK (count_cb), &count);
  fol_chart_data_set_title (data, "A");
  fol_chart_data_set_title (data, "A");   /* no change, no signal */
  fol_chart_data_add_treatment (data, fol_date_new (2025, 1, 11), "PRP");
  g_assert_cmpuint (count, ==, 2);
}

/* ---- rendering -------------------------------------------------------- */

static void
test_render_point_and_axis (void)
{
  g_autoptr(FolChartData) data = make_three_visits (FALSE);
  FolChartStyle style;
  FolChartRect plot;
  Image img;
  double x, y;

  fol_chart_style_init_light (&style);
  fol_chart_data_set_title (data, "Jane Doe");
  fol_chart_data_set_subtitle (data, "January – July 2025");
  img = render (data, &style, W, H, 1.0);
  fol_chart_get_plot_area (data, &style, W, H, &plot);

  /* the series colour at the computed position of each point */
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (fol_chart_get_point_position (data, &style, W, H, 0, i, &x, &y));
      g_assert_cmpfloat (x, >, plot.x);
      g_assert_cmpfloat (x, <, plot.x + plot.width);
      g_assert_cmpfloat (y, >, plot.y);
      g_assert_cmpfloat (y, <, plot.y + plot.height);
      assert_color (pixel_at (&img, x, y), rgb_of (&style.palette[FOL_REGION_FRONTAL]));
    }
  /* higher value, higher on the screen */
  {
    double y0, y2;

    fol_chart_get_point_position (data, &style, W, H, 0, 0, &x, &y0);
    fol_chart_get_point_position (data, &style, W, H, 0, 2, &x, &y2);
    g_assert_cmpfloat (y2, <, y0);
  }

  /* the y axis line and the x axis line */
  assert_color (pixel_at (&img, round (plot.x), plot.y + plot.height * 0.37), rgb_of (&style.foreground));
  assert_color (pixel_at (&img, plot.x + plot.width * 0.61, round (plot.y + plot.height) - 1),
                rgb_of (&style.foreground));
  /* corners of the image stay background */
  assert_color (pixel_at (&img, 1, 1), rgb_of (&style.background));
  assert_color (pixel_at (&img, W - 2, H - 2), rgb_of (&style.background));

  /* hit testing finds the point, and nothing far from it */
  {
    guint s = 99, p = 99;

    fol_chart_get_point_position (data, &style, W, H, 0, 1, &x, &y);
    g_assert_true (fol_chart_hit_test (data, &style, W, H, x + 3, y - 2, &s, &p));
    g_assert_cmpuint (s, ==, 0);
    g_assert_cmpuint (p, ==, 1);
    g_assert_false (fol_chart_hit_test (data, &style, W, H, 2, 2, &s, &p));
  }

  image_clear (&img);
}

static void
test_render_clipped (void)
{
  static const double values[] = { 40.0, 60.0, 1000.0 };
  FolDate dates[3] = { fol_date_new (2025, 1, 1), fol_date_new (2025, 3, 1), fol_date_new (2025, 5, 1) };
  g_autoptr(FolChartData) data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);
  FolChartStyle style;
  FolChartRect plot;
  Image img;
  double x, y, min, max;

  fol_chart_style_init_light (&style);
  fol_chart_data_add_series (data, FOL_REGION_VERTEX, dates, values, NULL, 3, NAN);
  fol_chart_data_set_y_range (data, 0.0, 100.0);
  fol_chart_data_get_y_range (data, &min, &max, NULL);
  g_assert_cmpfloat (min, ==, 0.0);
  g_assert_cmpfloat (max, ==, 100.0);

  img = render (data, &style, W, H, 1.0);
  fol_chart_get_plot_area (data, &style, W, H, &plot);

  /* far beyond the range: outside the plot, and not drawn there */
  g_assert_true (fol_chart_get_point_position (data, &style, W, H, 0, 2, &x, &y));
  g_assert_cmpfloat (y, <, 0.0);
  for (double yy = 0; yy < plot.y - 8; yy++)
    assert_color (pixel_at (&img, x, yy), rgb_of (&style.background));
  /* but the line heads there inside the plot */
  {
    double x1, y1;
    gboolean found = FALSE;

    fol_chart_get_point_position (data, &style, W, H, 0, 1, &x1, &y1);
    for (double xx = x1 + 8; xx < plot.x + plot.width && !found; xx++)
      found = near_color (pixel_at (&img, xx, plot.y + 10), rgb_of (&style.palette[FOL_REGION_VERTEX]), 40);
    g_assert_true (found);
  }
  /* and hit testing does not offer what is not drawn */
  {
    guint s, p;

    g_assert_false (fol_chart_hit_test (data, &style, W, H, x, plot.y, &s, &p) && p == 2);
  }

  image_clear (&img);
}

static void
test_render_gap (void)
{
  static const double with_gap[] = { 100.0, NAN, 140.0 };
  static const double without_gap[] = { 100.0, 120.0, 140.0 };
  FolDate dates[3] = { fol_date_new (2025, 1, 1), fol_date_new (2025, 4, 1), fol_date_new (2025, 7, 1) };
  FolChartStyle style;
  guint32 color;

  fol_chart_style_init_light (&style);
  color = rgb_of (&style.palette[FOL_REGION_MIDSCALP]);

  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(FolChartData) data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);
      double x0, y0, x2, y2, qx, qy;
      guint32 pix;
      Image img;

      fol_chart_data_add_series (data, FOL_REGION_MIDSCALP, dates,
                                 pass == 0 ? with_gap : without_gap, NULL, 3, NAN);
      img = render (data, &style, W, H, 1.0);
      g_assert_true (fol_chart_get_point_position (data, &style, W, H, 0, 0, &x0, &y0));
      g_assert_true (fol_chart_get_point_position (data, &style, W, H, 0, 2, &x2, &y2));
      /* the missing value has no position */
      if (pass == 0)
        g_assert_false (fol_chart_get_point_position (data, &style, W, H, 0, 1, &qx, &qy));

      /* a quarter of the way from the first to the last point */
      qx = x0 + (x2 - x0) * 0.25;
      qy = y0 + (y2 - y0) * 0.25;
      pix = pixel_at (&img, qx, qy);
      if (pass == 0)
        {
          g_assert_false (near_color (pix, color, 60));
          g_assert_true (near_color (pix, rgb_of (&style.background), 8) ||
                         near_color (pix, rgb_of (&style.grid), 8));
        }
      else
        assert_color (pix, color);
      image_clear (&img);
    }
}

static void
test_render_scale_2x (void)
{
  g_autoptr(FolChartData) data = make_three_visits (TRUE);
  FolChartStyle style;
  Image img;
  double x, y;

  fol_chart_style_init_dark (&style);
  img = render (data, &style, W, H, 2.0);
  g_assert_cmpint (cairo_image_surface_get_width (img.surface), ==, 2 * W);

  g_assert_true (fol_chart_get_point_position (data, &style, W, H, 0, 1, &x, &y));
  assert_color (pixel_at (&img, x, y), rgb_of (&style.palette[FOL_REGION_FRONTAL]));
  assert_color (pixel_at (&img, 0.5, 0.5), rgb_of (&style.background));
  image_clear (&img);
}

static gboolean
has_color_in (const Image  *img,
              FolChartRect *r,
              guint32       color,
              int           tolerance)
{
  for (double y = r->y; y < r->y + r->height; y++)
    for (double x = r->x; x < r->x + r->width; x++)
      if (near_color (pixel_at (img, x, y), color, tolerance))
        return TRUE;
  return FALSE;
}

static void
test_render_empty (void)
{
  g_autoptr(FolChartData) data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);
  static const double missing[] = { NAN, NAN };
  FolDate dates[2] = { fol_date_new (2025, 1, 1), fol_date_new (2025, 4, 1) };
  FolChartStyle style;
  FolChartRect plot, middle;

  fol_chart_style_init_light (&style);

  for (guint pass = 0; pass < 2; pass++)
    {
      Image img;
      double x, y;

      if (pass == 1)
        fol_chart_data_add_series (data, FOL_REGION_FRONTAL, dates, missing, NULL, 2, NAN);
      g_assert_true (fol_chart_data_is_empty (data));

      img = render (data, &style, W, H, 1.0);
      fol_chart_get_plot_area (data, &style, W, H, &plot);
      /* the message, in the middle */
      middle = (FolChartRect) { W * 0.3, plot.y + plot.height * 0.3, W * 0.4, plot.height * 0.4 };
      g_assert_true (has_color_in (&img, &middle, rgb_of (&style.foreground), 60));
      /* no axes */
      assert_color (pixel_at (&img, round (plot.x), plot.y + plot.height * 0.1), rgb_of (&style.background));
      g_assert_false (fol_chart_hit_test (data, &style, W, H, W / 2, H / 2, &(guint) { 0 }, &(guint) { 0 }));
      if (pass == 1)
        g_assert_false (fol_chart_get_point_position (data, &style, W, H, 0, 0, &x, &y));
      image_clear (&img);
    }
}

static void
test_render_one_point (void)
{
  static const double value[] = { 210.0 };
  FolDate date = fol_date_new (2025, 3, 15);
  FolChartStyle style;

  fol_chart_style_init_light (&style);

  /* absolute and relative: one region measured once, its own baseline */
  for (guint relative = 0; relative < 2; relative++)
    {
      g_autoptr(FolChartData) data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, relative);
      double x, y, min, max;
      FolChartRect plot;
      Image img;

      fol_chart_data_add_series (data, FOL_REGION_OCCIPITAL, &date, value, NULL, 1, 210.0);
      g_assert_false (fol_chart_data_is_empty (data));
      fol_chart_data_get_y_range (data, &min, &max, NULL);
      g_assert_cmpfloat (max, >, min);

      img = render (data, &style, W, H, 1.0);
      fol_chart_get_plot_area (data, &style, W, H, &plot);
      g_assert_true (fol_chart_get_point_position (data, &style, W, H, 0, 0, &x, &y));
      /* a single date sits in the middle, not on an edge */
      g_assert_cmpfloat (fabs (x - (plot.x + plot.width / 2)), <, 2.0);
      g_assert_cmpfloat (y, >, plot.y);
      g_assert_cmpfloat (y, <, plot.y + plot.height);
      assert_color (pixel_at (&img, x, y), rgb_of (&style.palette[FOL_REGION_OCCIPITAL]));
      /* the time axis marks that date under the point, not a month start
       * beside it */
      g_assert_true (near_color (pixel_at (&img, round (x), plot.y + plot.height + 2),
                                 rgb_of (&style.foreground), 40));
      image_clear (&img);
    }
}

static void
test_treatment_labels (void)
{
  static const double values[] = { 150.0, 152.0 };
  FolDate dates[] = { fol_date_new (2025, 1, 10), fol_date_new (2025, 12, 20) };
  g_autoptr(FolChartData) data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  FolChartLayout l = { 0 };
  FolChartStyle style;
  const double width = 900;

  fol_chart_style_init_light (&style);
  fol_chart_data_add_series (data, FOL_REGION_VERTEX, dates, values, NULL, 2, 150.0);
  fol_chart_data_add_treatment (data, fol_date_new (2025, 1, 12), "Platelet-rich plasma");
  fol_chart_data_add_treatment (data, fol_date_new (2025, 2, 12), "Platelet-rich plasma");
  fol_chart_data_add_treatment (data, fol_date_new (2025, 3, 12), "Platelet-rich plasma");
  fol_chart_data_add_treatment (data, fol_date_new (2025, 12, 18), "Adipose-derived stem cells");
  _fol_chart_layout_compute (data, &style, cr, width, 500, &l);

  /* A course of the same treatment is named once, with its count. */
  g_assert_cmpint (l.tr_row[0], >=, 0);
  g_assert_cmpstr (l.tr_text[0], ==, "3× Platelet-rich plasma");
  g_assert_cmpint (l.tr_row[1], ==, -1);
  g_assert_cmpint (l.tr_row[2], ==, -1);

  /* The last label, at the right edge, stays inside the chart. */
  g_assert_cmpint (l.tr_row[3], >=, 0);
  g_assert_cmpstr (l.tr_text[3], ==, "Adipose-derived stem cells");
  g_assert_cmpfloat (l.tr_x[3], >=, l.pad);
  g_assert_cmpfloat (l.tr_x[3] + 100.0, <=, width - l.pad);

  _fol_chart_layout_clear (&l);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_x_ticks (void)
{
  static const double values[] = { 150.0, 152.0, 151.0 };
  g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (FolDate));

  /* One date: that date. */
  {
    g_autoptr(FolChartData) data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);
    FolDate date = fol_date_new (2025, 5, 28);

    fol_chart_data_add_series (data, FOL_REGION_VERTEX, &date, values, NULL, 1, 150.0);
    g_assert_true (_fol_chart_x_ticks (data, 1, ticks));
    g_assert_cmpuint (ticks->len, ==, 1);
    g_assert_cmpuint (g_array_index (ticks, FolDate, 0), ==, date);
  }

  /* A few weeks, two regions on the same days: each date once, in order. */
  {
    g_autoptr(FolChartData) data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);
    FolDate dates[] = { fol_date_new (2025, 5, 3), fol_date_new (2025, 5, 12), fol_date_new (2025, 5, 24) };

    fol_chart_data_add_series (data, FOL_REGION_VERTEX, dates, values, NULL, 3, 150.0);
    fol_chart_data_add_series (data, FOL_REGION_FRONTAL, dates, values, NULL, 3, 150.0);
    g_assert_true (_fol_chart_x_ticks (data, 1, ticks));
    g_assert_cmpuint (ticks->len, ==, 3);
    for (guint i = 0; i < 3; i++)
      g_assert_cmpuint (g_array_index (ticks, FolDate, i), ==, dates[i]);
  }

  /* Half a year: month starts at the step asked for. */
  {
    g_autoptr(FolChartData) data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);
    FolDate dates[] = { fol_date_new (2025, 1, 10), fol_date_new (2025, 3, 12), fol_date_new (2025, 7, 2) };

    fol_chart_data_add_series (data, FOL_REGION_VERTEX, dates, values, NULL, 3, 150.0);
    g_assert_false (_fol_chart_x_ticks (data, 2, ticks));
    g_assert_cmpuint (ticks->len, ==, 3);
    g_assert_cmpuint (g_array_index (ticks, FolDate, 0), ==, fol_date_new (2025, 3, 1));
    g_assert_cmpuint (g_array_index (ticks, FolDate, 2), ==, fol_date_new (2025, 7, 1));
  }
}

static void
test_render_all_equal (void)
{
  double values[4] = { 180.0, 180.0, 180.0, 180.0 };
  FolDate dates[4];
  g_autoptr(FolChartData) data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);
  FolChartStyle style;
  Image img;
  double x, y, min, max;

  for (guint i = 0; i < 4; i++)
    dates[i] = fol_date_new (2024, 1 + i * 3, 1);
  fol_chart_style_init_light (&style);
  fol_chart_data_add_series (data, FOL_REGION_TEMPORAL_LEFT, dates, values, NULL, 4, NAN);
  fol_chart_data_get_y_range (data, &min, &max, NULL);
  g_assert_cmpfloat (min, <, 180.0);
  g_assert_cmpfloat (max, >, 180.0);

  img = render (data, &style, W, H, 1.0);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_true (fol_chart_get_point_position (data, &style, W, H, 0, i, &x, &y));
      assert_color (pixel_at (&img, x, y), rgb_of (&style.palette[FOL_REGION_TEMPORAL_LEFT]));
    }
  image_clear (&img);
}

static void
test_render_many_points (void)
{
  const guint n = 600;
  g_autofree FolDate *dates = g_new (FolDate, n);
  g_autofree double *values = g_new (double, n);
  g_autoptr(FolChartData) data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);
  g_autoptr(GTimer) timer = g_timer_new ();
  FolChartStyle style;
  Image img;
  double x, y;

  for (guint i = 0; i < n; i++)
    {
      dates[i] = fol_date_new (2020, 1, 1) + i * 3;
      values[i] = 150.0 + 30.0 * sin (i / 20.0);
    }
  fol_chart_style_init_light (&style);
  fol_chart_data_add_series (data, FOL_REGION_PARIETAL_RIGHT, dates, values, NULL, n, 150.0);
  fol_chart_data_set_series_trend (data, 0, dates[0], 150.0, 0.1);

  img = render (data, &style, W, H, 1.0);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 5.0);
  for (guint i = 0; i < n; i += 97)
    {
      g_assert_true (fol_chart_get_point_position (data, &style, W, H, 0, i, &x, &y));
      assert_color (pixel_at (&img, x, y), rgb_of (&style.palette[FOL_REGION_PARIETAL_RIGHT]));
    }
  image_clear (&img);
}

static void
test_render_band_and_treatments (void)
{
  g_autoptr(FolChartData) data = make_three_visits (TRUE);
  FolChartStyle style;
  FolChartRect plot;
  Image img;
  double x0, y0, x1, y1, band_y;
  guint32 pix;

  fol_chart_style_init_light (&style);
  fol_chart_data_add_treatment (data, fol_date_new (2025, 1, 12), "Platelet-rich plasma");
  fol_chart_data_add_treatment (data, fol_date_new (2025, 2, 12), "Microneedling");
  img = render (data, &style, W, H, 1.0);
  fol_chart_get_plot_area (data, &style, W, H, &plot);

  /* inside the band (+5 %), between the first two points but below the line */
  fol_chart_get_point_position (data, &style, W, H, 0, 0, &x0, &y0);
  fol_chart_get_point_position (data, &style, W, H, 0, 1, &x1, &y1);
  band_y = plot.y + (1.0 - fol_chart_data_normalize_y (data, -5.0)) * plot.height;
  pix = pixel_at (&img, x0 + (x1 - x0) * 0.6, band_y);
  g_assert_false (near_color (pix, rgb_of (&style.background), 4));
  g_assert_cmpuint (pix & 0xff, >, (pix >> 16) & 0xff);   /* bluish tint */
  /* outside the band, at +30 %: background or grid */
  pix = pixel_at (&img, x0 + (x1 - x0) * 0.6,
                  plot.y + (1.0 - fol_chart_data_normalize_y (data, 17.0)) * plot.height);
  g_assert_true (near_color (pix, rgb_of (&style.background), 8) || near_color (pix, rgb_of (&style.grid), 8));

  /* the treatment mark: a triangle on the time axis */
  {
    double tx = plot.x + fol_chart_data_normalize_x (data, fol_date_new (2025, 2, 12)) * plot.width;

    assert_color (pixel_at (&img, round (tx), plot.y + plot.height - 3), rgb_of (&style.muted));
  }
  image_clear (&img);
}

static void
test_legend_never_overlaps (void)
{
  static const double sizes[] = { 9.0, 14.0, 24.0 };
  static const int widths[] = { 360, 640, 1200 };
  FolChartStyle style;
  g_autoptr(FolChartData) data = fol_chart_data_new (FOL_MEASURE_TERMINAL_DENSITY, FALSE);

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      double v[2] = { 100 + r, 120 + r };
      FolDate d[2] = { fol_date_new (2024, 1, 1), fol_date_new (2024, 12, 1) };

      fol_chart_data_add_series (data, r, d, v, NULL, 2, v[0]);
      fol_chart_data_set_series_trend (data, r, d[0], v[0], 2.0);
    }
  fol_chart_data_add_treatment (data, fol_date_new (2024, 1, 2), "Exosomes");

  fol_chart_style_init_light (&style);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint j = 0; j < G_N_ELEMENTS (widths); j++)
      {
        FolChartRect plot, legend;
        int h = widths[j] * 3 / 4;

        style.font_size = sizes[i];
        fol_chart_get_plot_area (data, &style, widths[j], h, &plot);
        fol_chart_get_legend_area (data, &style, widths[j], h, &legend);
        g_test_message ("font %g, %dx%d: plot %g+%g, legend %g+%g", sizes[i], widths[j], h,
                        plot.y, plot.height, legend.y, legend.height);
        g_assert_cmpfloat (plot.height, >, 40.0);
        if (legend.height > 0)
          {
            /* below the plot and its date labels, inside the image */
            g_assert_cmpfloat (legend.y, >=, plot.y + plot.height + sizes[i]);
            g_assert_cmpfloat (legend.y + legend.height, <=, h);
          }
        else
          /* a legend may only give way when the chart is small for its text */
          g_assert_cmpfloat (widths[j] / sizes[i], <, 40.0);
      }
}

/* The outcomes chart draws only what has a mean: a treatment with too few
 * patients in every window takes no place along x and no legend line, and
 * the groups drawn never share both colour and marker, however many. */
static void
test_outcomes_chart_groups (void)
{
  g_autoptr(FolOutcomesChart) chart = fol_outcomes_chart_new ("Change", "hairs/cm²");
  g_autoptr(FolOutcomesChart) alone = fol_outcomes_chart_new ("Change", "hairs/cm²");
  const double mean[] = { 10, 20, 25 }, low[] = { 5, 15, 18 }, high[] = { 15, 25, 32 };
  const double none[] = { NAN, NAN, NAN };
  const guint many[] = { 30, 28, 25 }, few[] = { 4, 2, 1 };
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  FolChartStyle style;
  double x_with, x_alone, y;
  guint color;
  FolChartMarker shape;

  fol_chart_style_init_light (&style);
  fol_outcomes_chart_add_group (chart, "few", mean, low, high, few);
  for (guint g = 0; g < 20; g++)
    fol_outcomes_chart_add_group (chart, "many", mean, low, high, many);
  fol_outcomes_chart_add_group (chart, "none", none, none, none, many);
  g_assert_cmpuint (fol_outcomes_chart_get_n_groups (chart), ==, 22);
  g_assert_cmpuint (fol_outcomes_chart_get_n_drawn (chart), ==, 20);
  g_assert_false (fol_outcomes_chart_get_mark (chart, 0, &color, &shape));
  g_assert_false (fol_outcomes_chart_get_mark (chart, 21, &color, &shape));
  g_assert_false (fol_outcomes_chart_get_point (chart, &style, 800, 500, 0, 0, &x_with, &y));

  for (guint g = 1; g <= 20; g++)
    {
      g_assert_true (fol_outcomes_chart_get_mark (chart, g, &color, &shape));
      g_assert_cmpuint (color, <, FOL_CHART_N_COLORS);
      g_assert_false (g_hash_table_contains (seen, GUINT_TO_POINTER (color * 64 + shape)));
      g_hash_table_add (seen, GUINT_TO_POINTER (color * 64 + shape));
    }

  /* The first drawn group sits where it would with nothing left out. */
  fol_outcomes_chart_add_group (alone, "many", mean, low, high, many);
  for (guint g = 1; g < 20; g++)
    fol_outcomes_chart_add_group (alone, "many", mean, low, high, many);
  g_assert_true (fol_outcomes_chart_get_point (chart, &style, 800, 900, 1, 0, &x_with, &y));
  g_assert_true (fol_outcomes_chart_get_point (alone, &style, 800, 900, 0, 0, &x_alone, &y));
  g_assert_cmpfloat_with_epsilon (x_with, x_alone, 1e-9);

  /* The legend's lines add to the height the chart asks for, one per two
   * groups drawn and one for those left out; the plot keeps its height. */
  g_assert_cmpfloat_with_epsilon (fol_outcomes_chart_get_min_height (chart, &style, 280)
                                  - fol_outcomes_chart_get_min_height (alone, &style, 280),
                                  style.font_size * 1.6, 1e-6);
  {
    g_autoptr(FolOutcomesChart) two = fol_outcomes_chart_new ("Change", "hairs/cm²");
    double y_top, y_bottom;

    fol_outcomes_chart_add_group (two, "many", mean, low, high, many);
    fol_outcomes_chart_add_group (two, "many", mean, low, high, many);
    g_assert_cmpfloat_with_epsilon (fol_outcomes_chart_get_min_height (alone, &style, 280)
                                    - fol_outcomes_chart_get_min_height (two, &style, 280),
                                    9 * style.font_size * 1.6, 1e-6);
    /* At those heights both plots are as high: a mean lies at the same
     * height in both, whatever the legend below. */
    g_assert_true (fol_outcomes_chart_get_point (alone, &style, 800,
                                                 fol_outcomes_chart_get_min_height (alone, &style,
                                                                                    280),
                                                 0, 0, &x_alone, &y_bottom));
    g_assert_true (fol_outcomes_chart_get_point (two, &style, 800,
                                                 fol_outcomes_chart_get_min_height (two, &style,
                                                                                    280),
                                                 0, 0, &x_alone, &y_top));
    g_assert_cmpfloat_with_epsilon (y_bottom - y_top, 0, 1e-6);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart/nice-ticks", test_nice_ticks);
  g_test_add_func ("/chart/data/relative", test_data_relative);
  g_test_add_func ("/chart/data/sorted-missing-baseline", test_data_sorted_and_missing_baseline);
  g_test_add_func ("/chart/data/absolute-band", test_data_absolute_band);
  g_test_add_func ("/chart/data/trend", test_data_trend);
  g_test_add_func ("/chart/data/preconditions", test_data_preconditions);
  g_test_add_func ("/chart/styles", test_styles);
  g_test_add_func ("/chart/data/changed", test_data_changed_signal);
  g_test_add_func ("/chart/render/point-and-axis", test_render_point_and_axis);
  g_test_add_func ("/chart/render/clipped", test_render_clipped);
  g_test_add_func ("/chart/render/gap", test_render_gap);
  g_test_add_func ("/chart/render/scale-2x", test_render_scale_2x);
  g_test_add_func ("/chart/render/empty", test_render_empty);
  g_test_add_func ("/chart/render/one-point", test_render_one_point);
  g_test_add_func ("/chart/x-ticks", test_x_ticks);
  g_test_add_func ("/chart/treatment-labels", test_treatment_labels);
  g_test_add_func ("/chart/render/all-equal", test_render_all_equal);
  g_test_add_func ("/chart/render/many-points", test_render_many_points);
  g_test_add_func ("/chart/render/band-treatments", test_render_band_and_treatments);
  g_test_add_func ("/chart/render/legend-never-overlaps", test_legend_never_overlaps);
  g_test_add_func ("/chart/outcomes/groups", test_outcomes_chart_groups);

  return g_test_run ();
}
