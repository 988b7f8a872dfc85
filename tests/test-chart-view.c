/* test-chart-view.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "fol-chart-print-operation.h"
#include "fol-chart-view-private.h"

static FolChartData *
make_data (void)
{
  static const double frontal[] = { 150.0, 165.0, NAN, 180.0 };
  static const char *frontal_ids[] = { "f1", "f2", "f3", "f4" };
  static const double vertex[] = { 100.0, 112.0 };
  static const char *vertex_ids[] = { "v1", "v4" };
  FolDate dates[4] = {
    fol_date_new (2025, 1, 10), fol_date_new (2025, 2, 10),
    fol_date_new (2025, 4, 10), fol_date_new (2025, 7, 10),
  };
  FolDate vertex_dates[2] = { fol_date_new (2025, 1, 10), fol_date_new (2025, 7, 12) };
  FolChartData *data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);

  fol_chart_data_set_title (data, "Chart");
  fol_chart_data_add_series (data, FOL_REGION_FRONTAL, dates, frontal, frontal_ids, 4, 150.0);
  fol_chart_data_add_series (data, FOL_REGION_VERTEX, vertex_dates, vertex, vertex_ids, 2, 100.0);
  return data;
}

static void
wait_for_renders (FolChartView *view,
                  guint         at_least)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (_fol_chart_view_get_n_renders (view) < at_least && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (_fol_chart_view_get_n_renders (view), >=, at_least);
}

static void
spin (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
}

static void
assert_selected (FolChartView *view,
                 guint         series,
                 guint         point)
{
  FolChartData *data = fol_chart_view_get_data (view);
  g_autofree char *expected = fol_chart_data_describe_point (data, series, point);
  guint s = G_MAXUINT, p = G_MAXUINT;

  g_assert_true (fol_chart_view_get_selected (view, &s, &p));
  g_assert_cmpuint (s, ==, series);
  g_assert_cmpuint (p, ==, point);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (view),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);
}

static void
activated_cb (FolChartView  *view,
              const char    *id,
              guint          series,
              guint          point,
              char         **out)
{
  g_free (*out);
  *out = g_strdup_printf ("%s %u %u", id, series, point);
}

static void
test_keyboard (void)
{
  g_autoptr(FolChartData) data = make_data ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = fol_chart_view_new ();
  FolChartView *chart = FOL_CHART_VIEW (view);
  g_autofree char *activated = NULL;
  guint renders;

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 400);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Progress chart");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "No measurements yet");
  g_assert_true (gtk_widget_get_focusable (view));

  g_object_set (view, "data", data, NULL);
  g_assert_true (fol_chart_view_get_data (chart) == data);
  g_signal_connect (view, "point-activated", G_CALLBACK (activated_cb), &activated);

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (view);
  wait_for_renders (chart, 1);
  renders = _fol_chart_view_get_n_renders (chart);

  /* no selection until the keyboard is used; Enter does nothing then */
  g_assert_false (fol_chart_view_get_selected (chart, NULL, NULL));
  gtk_widget_activate_action (view, "chart.activate-point", NULL);
  g_assert_null (activated);

  /* the first key picks the first point */
  gtk_widget_activate_action (view, "chart.next-point", NULL);
  assert_selected (chart, 0, 0);
  gtk_widget_activate_action (view, "chart.next-point", NULL);
  assert_selected (chart, 0, 1);
  /* the missing value is skipped */
  gtk_widget_activate_action (view, "chart.next-point", NULL);
  assert_selected (chart, 0, 3);
  /* the end stays the end */
  gtk_widget_activate_action (view, "chart.next-point", NULL);
  assert_selected (chart, 0, 3);
  gtk_widget_activate_action (view, "chart.previous-point", NULL);
  assert_selected (chart, 0, 1);
  gtk_widget_activate_action (view, "chart.first-point", NULL);
  assert_selected (chart, 0, 0);
  gtk_widget_activate_action (view, "chart.last-point", NULL);
  assert_selected (chart, 0, 3);
  /* down to the next region, at the nearest visit */
  gtk_widget_activate_action (view, "chart.next-series", NULL);
  assert_selected (chart, 1, 1);
  gtk_widget_activate_action (view, "chart.previous-point", NULL);
  assert_selected (chart, 1, 0);
  gtk_widget_activate_action (view, "chart.previous-series", NULL);
  assert_selected (chart, 0, 0);

  /* Enter activates with the visit id */
  gtk_widget_activate_action (view, "chart.next-series", NULL);
  gtk_widget_activate_action (view, "chart.last-point", NULL);
  gtk_widget_activate_action (view, "chart.activate-point", NULL);
  g_assert_cmpstr (activated, ==, "v4 1 1");

  /* the description carries the exact value and the change */
  {
    g_autofree char *text = fol_chart_data_describe_point (data, 1, 1);

    g_assert_nonnull (strstr (text, "112.0 hairs/cm²"));
    g_assert_nonnull (strstr (text, "+12.0 hairs/cm²"));
    g_assert_nonnull (strstr (text, "+12.0 %"));
  }

  /* moving the selection redraws the overlay only */
  spin (200);
  g_assert_cmpuint (_fol_chart_view_get_n_renders (chart), ==, renders);

  /* a change of the data redraws the chart, once */
  fol_chart_data_set_subtitle (data, "2025");
  wait_for_renders (chart, renders + 1);
  spin (200);
  g_assert_cmpuint (_fol_chart_view_get_n_renders (chart), ==, renders + 1);
  /* the selection survives a change that keeps its point */
  assert_selected (chart, 1, 1);

  /* a data set without that point drops the selection */
  {
    g_autoptr(FolChartData) other = fol_chart_data_new (FOL_MEASURE_SALT, FALSE);

    fol_chart_view_set_data (chart, other);
    g_assert_false (fol_chart_view_get_selected (chart, NULL, NULL));
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (view),
                                         GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                         "No measurements yet");
    /* nothing to walk through */
    gtk_widget_activate_action (view, "chart.next-point", NULL);
    g_assert_false (fol_chart_view_get_selected (chart, NULL, NULL));
    fol_chart_view_set_data (chart, NULL);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

/* What the widget shows, drawn into an image. */
static cairo_surface_t *
render_widget (GtkWidget *widget)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  GskRenderNode *node;
  cairo_t *cr;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  gsk_render_node_unref (node);
  cairo_surface_flush (surface);
  return surface;
}

static void
test_hover (void)
{
  g_autoptr(FolChartData) data = make_data ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = fol_chart_view_new ();
  FolChartView *chart = FOL_CHART_VIEW (view);
  cairo_surface_t *before, *after;
  guint renders, series = 99, point = 99, changed = 0;
  double x, y;
  int w, h;

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 400);
  gtk_window_set_child (GTK_WINDOW (window), view);
  fol_chart_view_set_data (chart, data);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_renders (chart, 1);
  spin (100);
  renders = _fol_chart_view_get_n_renders (chart);
  w = gtk_widget_get_width (view);
  h = gtk_widget_get_height (view);

  before = render_widget (view);

  /* near a point: hovered */
  g_assert_true (fol_chart_get_point_position (data, fol_chart_view_get_style (chart), w, h,
                                               0, 1, &x, &y));
  g_assert_true (_fol_chart_view_hover_at (chart, x + 4, y + 3));
  g_assert_true (_fol_chart_view_get_hover (chart, &series, &point));
  g_assert_cmpuint (series, ==, 0);
  g_assert_cmpuint (point, ==, 1);

  /* the highlight and the label are drawn beside it, over the same chart */
  after = render_widget (view);
  {
    const guchar *a = cairo_image_surface_get_data (before);
    const guchar *b = cairo_image_surface_get_data (after);
    int stride = cairo_image_surface_get_stride (before);

    for (int yy = 0; yy < h; yy++)
      for (int xx = 0; xx < w; xx++)
        if (memcmp (a + yy * stride + xx * 4, b + yy * stride + xx * 4, 3) != 0)
          changed++;
  }
  g_test_message ("hover changed %u pixels", changed);
  g_assert_cmpuint (changed, >, 500);
  cairo_surface_destroy (before);
  cairo_surface_destroy (after);

  /* far from every point: nothing hovered */
  g_assert_false (_fol_chart_view_hover_at (chart, 1, 1));
  g_assert_false (_fol_chart_view_get_hover (chart, &series, &point));

  /* hovering never redrew the chart itself */
  spin (100);
  g_assert_cmpuint (_fol_chart_view_get_n_renders (chart), ==, renders);

  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

/* Data of @n_points weekly visits in two regions; @shift moves the values
 * within the same axes, the other arguments change what the backdrop
 * shows.
 */
static FolChartData *
make_series_data (guint       n_points,
                  double      shift,
                  const char *title,
                  double      high,
                  FolRegion   second_region)
{
  FolChartData *data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);
  FolDate dates[40];
  double values[40];

  g_assert_cmpuint (n_points, <=, G_N_ELEMENTS (dates));
  fol_chart_data_set_title (data, title);
  for (guint s = 0; s < 2; s++)
    {
      for (guint i = 0; i < n_points; i++)
        {
          dates[i] = fol_date_new (2024, 1, 1) + 7 * i;
          values[i] = 120 + 20 * s + 10 * sin (i / 3.0 + s + shift);
        }
      values[n_points / 2] = high;     /* the top of the y axis */
      values[n_points / 2 + 1] = 100;  /* and its bottom */
      fol_chart_data_add_series (data, s == 0 ? FOL_REGION_FRONTAL : second_region,
                                 dates, values, NULL, n_points, 120 + 20 * s);
    }
  fol_chart_data_add_treatment (data, fol_date_new (2024, 2, 1), "PRP");
  return data;
}

/* The chart's pixels in the view equal a chart drawn afresh, pixel for
 * pixel.
 */
static void
assert_view_shows (FolChartView *view,
                   FolChartData *data)
{
  GtkWidget *widget = GTK_WIDGET (view);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  cairo_surface_t *fresh = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cairo_surface_t *shown, *frame;
  int stride = cairo_image_surface_get_stride (fresh);
  const guchar *a, *b;
  guint differ = 0;
  cairo_t *cr;

  frame = render_widget (widget);  /* draws the chart when it has changed */
  cairo_surface_destroy (frame);
  shown = _fol_chart_view_get_chart_pixels (view);
  g_assert_nonnull (shown);
  g_assert_cmpint (cairo_image_surface_get_width (shown), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (shown), ==, h);
  g_assert_cmpint (cairo_image_surface_get_stride (shown), ==, stride);

  cr = cairo_create (fresh);
  fol_chart_render (data, fol_chart_view_get_style (view), cr, w, h);
  cairo_destroy (cr);
  cairo_surface_flush (fresh);
  cairo_surface_flush (shown);

  a = cairo_image_surface_get_data (fresh);
  b = cairo_image_surface_get_data (shown);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (memcmp (a + y * stride + x * 4, b + y * stride + x * 4, 3) != 0)
        differ++;
  g_assert_cmpuint (differ, ==, 0);
  cairo_surface_destroy (fresh);
}

/* The view keeps the chart's backdrop while only values change; anything
 * the backdrop shows (title, axes, legend, size) draws it again, and the
 * chart is always what a fresh drawing gives.
 */
static void
test_backdrop_kept (void)
{
  g_autoptr(FolChartData) first = make_series_data (30, 0.0, "Chart", 200, FOL_REGION_VERTEX);
  g_autoptr(FolChartData) moved = make_series_data (30, 1.5, "Chart", 200, FOL_REGION_VERTEX);
  g_autoptr(FolChartData) retitled = make_series_data (30, 1.5, "Another chart", 200, FOL_REGION_VERTEX);
  g_autoptr(FolChartData) taller = make_series_data (30, 1.5, "Another chart", 260, FOL_REGION_VERTEX);
  g_autoptr(FolChartData) longer = make_series_data (40, 1.5, "Another chart", 260, FOL_REGION_VERTEX);
  g_autoptr(FolChartData) other_region = make_series_data (40, 1.5, "Another chart", 260, FOL_REGION_OCCIPITAL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = fol_chart_view_new ();
  FolChartView *chart = FOL_CHART_VIEW (view);
  guint backdrops;

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 400);
  gtk_window_set_child (GTK_WINDOW (window), view);
  fol_chart_view_set_data (chart, first);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_renders (chart, 1);
  spin (100);
  assert_view_shows (chart, first);
  backdrops = _fol_chart_view_get_n_backdrops (chart);
  g_assert_cmpuint (backdrops, >, 0);

  /* Other values on the same axes: the backdrop is kept. From the third
   * chart on, the pixels of the chart before last are drawn into again,
   * their old series wiped out.
   */
  for (guint i = 0; i < 4; i++)
    {
      FolChartData *data = i % 2 ? first : moved;

      fol_chart_view_set_data (chart, data);
      assert_view_shows (chart, data);
      g_assert_cmpuint (_fol_chart_view_get_n_backdrops (chart), ==, backdrops);
    }

  /* A new title, a taller y axis, a longer time axis, another region in
   * the legend: each draws the backdrop again.
   */
  fol_chart_view_set_data (chart, retitled);
  assert_view_shows (chart, retitled);
  g_assert_cmpuint (_fol_chart_view_get_n_backdrops (chart), ==, ++backdrops);
  fol_chart_view_set_data (chart, taller);
  assert_view_shows (chart, taller);
  g_assert_cmpuint (_fol_chart_view_get_n_backdrops (chart), ==, ++backdrops);
  fol_chart_view_set_data (chart, longer);
  assert_view_shows (chart, longer);
  g_assert_cmpuint (_fol_chart_view_get_n_backdrops (chart), ==, ++backdrops);
  fol_chart_view_set_data (chart, other_region);
  assert_view_shows (chart, other_region);
  g_assert_cmpuint (_fol_chart_view_get_n_backdrops (chart), ==, ++backdrops);

  /* The same data at another size */
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 360);
  wait_for_renders (chart, _fol_chart_view_get_n_renders (chart) + 1);
  spin (100);
  assert_view_shows (chart, other_region);
  g_assert_cmpuint (_fol_chart_view_get_n_backdrops (chart), >, backdrops);

  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

static void
test_style_follows_theme (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = fol_chart_view_new ();
  AdwStyleManager *manager = adw_style_manager_get_default ();
  const FolChartStyle *style;

  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_renders (FOL_CHART_VIEW (view), 1);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  spin (200);
  style = fol_chart_view_get_style (FOL_CHART_VIEW (view));
  g_assert_true (style->dark);
  g_assert_cmpfloat (style->background.red, <, 0.5);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  spin (200);
  style = fol_chart_view_get_style (FOL_CHART_VIEW (view));
  g_assert_false (style->dark);
  g_assert_cmpfloat (style->background.red, >, 0.5);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

static void
test_print_to_pdf (void)
{
  g_autoptr(FolChartData) data = make_data ();
  g_autoptr(FolChartPrintOperation) operation = fol_chart_print_operation_new (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("follicle-print-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "print.pdf", NULL);
  g_autofree char *info = NULL;
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  GtkPrintOperationResult result;

  g_assert_no_error (error);
  g_assert_true (fol_chart_print_operation_get_data (operation) == data);

  gtk_print_operation_set_export_filename (GTK_PRINT_OPERATION (operation), path);
  result = gtk_print_operation_run (GTK_PRINT_OPERATION (operation),
                                    GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  if (pdfinfo != NULL)
    {
      const char *argv[] = { pdfinfo, path, NULL };
      const char *pages, *size;
      double w = 0, h = 0;
      int status;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                    &info, NULL, &status, &error);
      g_assert_no_error (error);
      pages = strstr (info, "Pages:");
      size = strstr (info, "Page size:");
      g_assert_nonnull (pages);
      g_assert_cmpint (atoi (pages + strlen ("Pages:")), ==, 1);
      g_assert_nonnull (size);
      g_assert_cmpint (sscanf (size + strlen ("Page size:"), "%lf x %lf", &w, &h), ==, 2);
      g_assert_cmpfloat (w, >, h);   /* landscape */
    }

  g_unlink (path);
  g_rmdir (dir);
}

/* Pixels of @width × @height at @scale, each of its own colour. */
static cairo_surface_t *
patterned_pixels (int width,
                  int height,
                  int scale)
{
  cairo_surface_t *pixels = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width * scale,
                                                        height * scale);
  guint8 *data = cairo_image_surface_get_data (pixels);
  int stride = cairo_image_surface_get_stride (pixels);

  for (int y = 0; y < height * scale; y++)
    for (int x = 0; x < width * scale; x++)
      ((guint32 *) (gpointer) (data + y * stride))[x] = 0xff000000 | (guint32) (x * 7919 + y * 104729);
  cairo_surface_mark_dirty (pixels);
  cairo_surface_set_device_scale (pixels, scale, scale);
  return pixels;
}

/* Whether @node, drawn on a window-like surface at @scale, gives exactly
 * @pixels.
 */
static gboolean
node_draws_pixels (GskRenderNode   *node,
                   cairo_surface_t *pixels,
                   int              width,
                   int              height,
                   int              scale)
{
  cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale,
                                                        height * scale);
  gboolean same = TRUE;
  cairo_t *cr;

  cairo_surface_set_device_scale (target, scale, scale);
  cr = cairo_create (target);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (target);
  cairo_surface_flush (pixels);
  for (int y = 0; y < height * scale && same; y++)
    for (int x = 0; x < width * scale && same; x++)
      {
        guint32 a = ((guint32 *) (gpointer) (cairo_image_surface_get_data (target) +
                                             y * cairo_image_surface_get_stride (target)))[x];
        guint32 b = ((guint32 *) (gpointer) (cairo_image_surface_get_data (pixels) +
                                             y * cairo_image_surface_get_stride (pixels)))[x];

        same = a == (b | 0xff000000);
      }
  cairo_surface_destroy (target);
  return same;
}

/* The chart's node paints its pixels one for one, at scale 1 and 2; it
 * refers to them, so what is drawn into them shows (the view draws into
 * them again only once GTK no longer draws the node), and lets go of them
 * when it is freed.
 */
static void
test_pixels_node (void)
{
  for (int scale = 1; scale <= 2; scale++)
    {
      cairo_surface_t *pixels = patterned_pixels (40, 30, scale);
      GskRenderNode *node = _fol_chart_pixels_node (pixels, 40, 30);
      cairo_t *cr;

      g_assert_true (node_draws_pixels (node, pixels, 40, 30, scale));

      cr = cairo_create (pixels);
      cairo_set_source_rgb (cr, 0.2, 0.4, 0.6);
      cairo_rectangle (cr, 5, 5, 10, 10);
      cairo_fill (cr);
      cairo_destroy (cr);
      g_assert_true (node_draws_pixels (node, pixels, 40, 30, scale));

      gsk_render_node_unref (node);
      g_assert_cmpuint (cairo_surface_get_reference_count (pixels), ==, 1);
      cairo_surface_destroy (pixels);
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/chart-view/keyboard", test_keyboard);
  g_test_add_func ("/chart-view/hover", test_hover);
  g_test_add_func ("/chart-view/backdrop-kept", test_backdrop_kept);
  g_test_add_func ("/chart-view/pixels-node", test_pixels_node);
  g_test_add_func ("/chart-view/style-follows-theme", test_style_follows_theme);
  g_test_add_func ("/chart-view/print-to-pdf", test_print_to_pdf);

  return g_test_run ();
}
