/* fol-chart-view.c
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

#define G_LOG_DOMAIN "fol-chart-view"

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fol-chart-private.h"
#include "fol-chart-view-private.h"
#include "fol-image.h"

struct _FolChartView
{
  GtkWidget      parent_instance;

  /* Owned refs */
  FolChartData  *data;
  FolChartData  *placeholder;   /* shown while there is no data */
  GskRenderNode *chart_node;    /* the chart itself, kept across hover and selection */

  FolChartStyle  style;
  int            node_width;
  int            node_height;
  int            node_scale;
  cairo_surface_t *old_surfaces[2];
  guint          n_renders;

  /* The chart without its series, kept while only values change */
  cairo_surface_t *backdrop;
  char          *backdrop_key;
  FolChartRect   backdrop_plot;
  guint          n_backdrops;

  gboolean       has_hover;
  guint          hover_series;
  guint          hover_point;

  gboolean       has_selection;
  guint          sel_series;
  guint          sel_point;
};

G_DEFINE_FINAL_TYPE (FolChartView, fol_chart_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATA,
  N_PROPS
};

enum {
  POINT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static FolChartData *
current_data (FolChartView *self)
{
  if (self->data != NULL)
    return self->data;
  if (self->placeholder == NULL)
    self->placeholder = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);
  return self->placeholder;
}

static gboolean
point_is_drawn (FolChartData *data,
                guint         series,
                guint         point)
{
  return series < fol_chart_data_get_n_series (data) &&
         point < fol_chart_data_get_n_points (data, series) &&
         isfinite (fol_chart_data_get_y (data, series, point));
}

static void
invalidate_chart (FolChartView *self)
{
  g_clear_pointer (&self->chart_node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_description (FolChartView *self)
{
  FolChartData *data = current_data (self);
  g_autofree char *text = NULL;

  if (self->has_selection)
    text = fol_chart_data_describe_point (data, self->sel_series, self->sel_point);
  else if (fol_chart_data_is_empty (data))
    text = g_strdup (_("No measurements yet"));
  else
    text = g_strdup (_("Use the arrow keys to go from one measurement to the next"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
set_selection (FolChartView *self,
               gboolean      has_selection,
               guint         series,
               guint         point)
{
  if (self->has_selection == has_selection &&
      (!has_selection || (self->sel_series == series && self->sel_point == point)))
    return;

  self->has_selection = has_selection;
  self->sel_series = series;
  self->sel_point = point;
  update_description (self);
  /* Only the overlay changes: the chart node is reused. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
data_changed_cb (FolChartView *self,
                 FolChartData *data)
{
  if (self->has_hover && !point_is_drawn (data, self->hover_series, self->hover_point))
    self->has_hover = FALSE;
  if (self->has_selection && !point_is_drawn (data, self->sel_series, self->sel_point))
    self->has_selection = FALSE;

  update_description (self);
  invalidate_chart (self);
}

/* The first or last drawn point of a series, or the next one in a
 * direction; G_MAXUINT when there is none.
 */
static guint
step_point (FolChartData *data,
            guint         series,
            int           from,
            int           direction)
{
  int n = (int) fol_chart_data_get_n_points (data, series);

  for (int i = from + direction; i >= 0 && i < n; i += direction)
    if (isfinite (fol_chart_data_get_y (data, series, i)))
      return (guint) i;
  return G_MAXUINT;
}

static guint
nearest_point (FolChartData *data,
               guint         series,
               FolDate       date)
{
  guint best = G_MAXUINT;
  gint64 best_d = G_MAXINT64;

  for (guint i = 0; i < fol_chart_data_get_n_points (data, series); i++)
    {
      gint64 d;

      if (!isfinite (fol_chart_data_get_y (data, series, i)))
        continue;
      d = ABS ((gint64) fol_chart_data_get_date (data, series, i) - (gint64) date);
      if (d < best_d)
        {
          best_d = d;
          best = i;
        }
    }
  return best;
}

static void
move_selection (FolChartView *self,
                guint         keyval)
{
  FolChartData *data = current_data (self);
  guint n_series = fol_chart_data_get_n_series (data);
  guint series = self->sel_series;
  guint point = G_MAXUINT;

  if (!self->has_selection)
    {
      /* The first key picks the first measurement. */
      for (guint s = 0; s < n_series && point == G_MAXUINT; s++)
        {
          point = step_point (data, s, -1, 1);
          series = s;
        }
      if (point != G_MAXUINT)
        set_selection (self, TRUE, series, point);
      return;
    }

  switch (keyval)
    {
    case GDK_KEY_Left:
      point = step_point (data, series, self->sel_point, -1);
      break;
    case GDK_KEY_Right:
      point = step_point (data, series, self->sel_point, 1);
      break;
    case GDK_KEY_Home:
      point = step_point (data, series, -1, 1);
      break;
    case GDK_KEY_End:
      point = step_point (data, series, fol_chart_data_get_n_points (data, series), -1);
      break;
    case GDK_KEY_Up:
    case GDK_KEY_Down:
      {
        /* Another region, at the visit nearest in time */
        int dir = keyval == GDK_KEY_Up ? -1 : 1;
        FolDate date = fol_chart_data_get_date (data, series, self->sel_point);

        for (int s = (int) series + dir; s >= 0 && s < (int) n_series; s += dir)
          {
            point = nearest_point (data, s, date);
            if (point != G_MAXUINT)
              {
                series = s;
                break;
              }
          }
      }
      break;
    default:
      break;
    }

  if (point != G_MAXUINT)
    set_selection (self, TRUE, series, point);
}

static void
activate_point (FolChartView *self,
                guint         series,
                guint         point)
{
  FolChartData *data = current_data (self);

  set_selection (self, TRUE, series, point);
  g_signal_emit (self, signals[POINT_ACTIVATED], 0,
                 fol_chart_data_get_id (data, series, point), series, point);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FolChartView *self = FOL_CHART_VIEW (widget);
  static const struct {
    const char *name;
    guint       keyval;
  } moves[] = {
    { "chart.previous-point", GDK_KEY_Left },
    { "chart.next-point", GDK_KEY_Right },
    { "chart.first-point", GDK_KEY_Home },
    { "chart.last-point", GDK_KEY_End },
    { "chart.previous-series", GDK_KEY_Up },
    { "chart.next-series", GDK_KEY_Down },
  };

  if (fol_chart_data_is_empty (current_data (self)))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    if (g_str_equal (action_name, moves[i].name))
      move_selection (self, moves[i].keyval);
}

static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FolChartView *self = FOL_CHART_VIEW (widget);

  if (self->has_selection)
    activate_point (self, self->sel_series, self->sel_point);
}

static gboolean
hit (FolChartView *self,
     double        x,
     double        y,
     guint        *series,
     guint        *point)
{
  return fol_chart_hit_test (current_data (self), &self->style,
                             gtk_widget_get_width (GTK_WIDGET (self)),
                             gtk_widget_get_height (GTK_WIDGET (self)),
                             x, y, series, point);
}

static void
motion_cb (FolChartView             *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  _fol_chart_view_hover_at (self, x, y);
}

static void
leave_cb (FolChartView             *self,
          GtkEventControllerMotion *controller)
{
  if (!self->has_hover)
    return;
  self->has_hover = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
released_cb (FolChartView    *self,
             int              n_press,
             double           x,
             double           y,
             GtkGestureClick *gesture)
{
  guint series, point;

  if (!hit (self, x, y, &series, &point))
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  activate_point (self, series, point);
}

static void
to_chart_color (const GdkRGBA *rgba,
                FolChartColor *color)
{
  color->red = rgba->red;
  color->green = rgba->green;
  color->blue = rgba->blue;
  color->alpha = rgba->alpha;
}

/**
 * fol_chart_style_init_for_widget:
 *
 * Fills @style from the theme of @widget: colours from its style context,
 * the palette for dark or light, its font (and text scaling), so that a
 * chart drawn in any window reads like the text around it.
 */
void
fol_chart_style_init_for_widget (FolChartStyle *out,
                                 GtkWidget     *widget)
{
  /* Deprecated after GTK 4.8, whose replacements do not exist in 4.8 */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  G_GNUC_END_IGNORE_DEPRECATIONS
  PangoContext *pango = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *font = pango_context_get_font_description (pango);
  FolChartStyle style;
  GdkRGBA rgba;

  if (adw_style_manager_get_dark (adw_style_manager_get_default ()))
    fol_chart_style_init_dark (&style);
  else
    fol_chart_style_init_light (&style);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (gtk_style_context_lookup_color (context, "view_bg_color", &rgba))
    to_chart_color (&rgba, &style.background);
  if (gtk_style_context_lookup_color (context, "view_fg_color", &rgba))
    {
      to_chart_color (&rgba, &style.foreground);
      to_chart_color (&rgba, &style.muted);
      style.muted.alpha *= 0.7f;
      to_chart_color (&rgba, &style.grid);
      style.grid.alpha *= 0.12f;
    }
  if (gtk_style_context_lookup_color (context, "accent_color", &rgba))
    {
      to_chart_color (&rgba, &style.accent);
      to_chart_color (&rgba, &style.band);
      style.band.alpha = 0.15f;
    }
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (font != NULL)
    {
      double size = (double) pango_font_description_get_size (font) / PANGO_SCALE;
      double resolution = pango_cairo_context_get_resolution (pango);

      if (pango_font_description_get_family (font))
        g_strlcpy (style.font_family, pango_font_description_get_family (font),
                   sizeof style.font_family);
      if (pango_font_description_get_size_is_absolute (font))
        size = size * 72.0 / 96.0;
      /* Large Text raises the resolution: keep the chart in step. */
      if (resolution > 0)
        size *= resolution / 96.0;
      if (size > 0)
        style.font_size = size;
    }
  *out = style;
}

static void
update_style (FolChartView *self)
{
  FolChartStyle style;

  fol_chart_style_init_for_widget (&style, GTK_WIDGET (self));
  if (memcmp (&style, &self->style, sizeof style) == 0)
    return;

  self->style = style;
  invalidate_chart (self);
}

static void
draw_overlay (FolChartView *self,
              GtkSnapshot  *snapshot,
              int           width,
              int           height)
{
  FolChartData *data = current_data (self);
  gboolean show_selection = self->has_selection && gtk_widget_has_focus (GTK_WIDGET (self));
  guint series, point;
  double x, y;
  cairo_t *cr;

  if (!self->has_hover && !show_selection)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (show_selection &&
      fol_chart_get_point_position (data, &self->style, width, height,
                                    self->sel_series, self->sel_point, &x, &y))
    {
      cairo_set_source_rgba (cr, self->style.accent.red, self->style.accent.green,
                             self->style.accent.blue, 1.0);
      cairo_set_line_width (cr, 2.0);
      cairo_arc (cr, x, y, 9.0, 0, 2 * G_PI);
      cairo_stroke (cr);
    }

  /* The hover wins; without it, the keyboard selection gets the label. */
  if (self->has_hover)
    {
      series = self->hover_series;
      point = self->hover_point;
    }
  else
    {
      series = self->sel_series;
      point = self->sel_point;
    }

  if (fol_chart_get_point_position (data, &self->style, width, height, series, point, &x, &y))
    {
      g_autofree char *text = fol_chart_data_dup_point_label (data, series, point);
      PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      const FolChartColor *color =
        fol_chart_style_get_series_color (&self->style, fol_chart_data_get_series_region (data, series));
      int tw, th;
      double bx, by, bw, bh;

      cairo_set_source_rgba (cr, color->red, color->green, color->blue, 1.0);
      cairo_set_line_width (cr, 2.0);
      cairo_arc (cr, x, y, 7.0, 0, 2 * G_PI);
      cairo_stroke (cr);

      pango_layout_set_width (layout, MAX (1, width / 2) * PANGO_SCALE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_get_pixel_size (layout, &tw, &th);
      bw = tw + 16;
      bh = th + 10;
      bx = x + 12;
      by = y - bh - 12;
      if (bx + bw > width - 2)
        bx = x - 12 - bw;
      if (by < 2)
        by = y + 12;
      bx = CLAMP (bx, 2, MAX (2, width - bw - 2));
      by = CLAMP (by, 2, MAX (2, height - bh - 2));

      cairo_rectangle (cr, bx, by, bw, bh);
      cairo_set_source_rgba (cr, self->style.background.red, self->style.background.green,
                             self->style.background.blue, 0.96);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, color->red, color->green, color->blue, 1.0);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);

      cairo_set_source_rgba (cr, self->style.foreground.red, self->style.foreground.green,
                             self->style.foreground.blue, 1.0);
      cairo_move_to (cr, bx + 8, by + 5);
      pango_cairo_show_layout (cr, layout);
      g_object_unref (layout);
    }

  cairo_destroy (cr);
}

static cairo_surface_t *
new_surface (int width,
             int height,
             int scale)
{
  cairo_surface_t *surface = fol_image_surface_new (CAIRO_FORMAT_RGB24, width * scale, height * scale);

  cairo_surface_set_device_scale (surface, scale, scale);
  return surface;
}

/* Whether @surface holds pixels of the size and scale wanted, so that it
 * can be drawn into again instead of new memory: new pixels are 6.4 MB at
 * 1600×1000, every page of which the system hands over on first write.
 */
static gboolean
surface_fits (cairo_surface_t *surface,
              int              width,
              int              height,
              int              scale)
{
  double sx = 0, sy = 0;

  if (surface == NULL || cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS ||
      cairo_image_surface_get_width (surface) != width * scale ||
      cairo_image_surface_get_height (surface) != height * scale)
    return FALSE;
  cairo_surface_get_device_scale (surface, &sx, &sy);
  return sx == scale && sy == scale;
}

/* Pixels for a new frame of the chart: those of the chart before last when
 * they fit (GTK has let go of them: see fol_chart_view_snapshot()), else
 * new ones.
 */
static cairo_surface_t *
take_surface (FolChartView *self,
              int           width,
              int           height,
              int           scale)
{
  if (!surface_fits (self->old_surfaces[1], width, height, scale))
    return new_surface (width, height, scale);
  return g_steal_pointer (&self->old_surfaces[1]);
}

/* Which backdrop a chart's pixels hold under their series: the view's
 * n_backdrops when it was drawn, from 1.
 */
static cairo_user_data_key_t backdrop_key;

/* Makes @surface the kept backdrop again. The pixels of the chart before
 * last hold that backdrop already, when it is the same one, but where the
 * series were drawn: only that part is copied.
 */
static void
restore_backdrop (FolChartView    *self,
                  cairo_surface_t *surface,
                  int              scale)
{
  gpointer generation = GUINT_TO_POINTER (self->n_backdrops);
  guint8 *to = cairo_image_surface_get_data (surface);
  const guint8 *from = cairo_image_surface_get_data (self->backdrop);
  int stride = cairo_image_surface_get_stride (surface);
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  double x0, y0, x1, y1;
  int px0, py0, px1, py1;

  if (cairo_surface_get_user_data (surface, &backdrop_key) != generation)
    {
      memcpy (to, from, (gsize) stride * h);
      cairo_surface_set_user_data (surface, &backdrop_key, generation, NULL);
      return;
    }

  _fol_chart_series_area (&self->backdrop_plot, &x0, &y0, &x1, &y1);
  px0 = CLAMP ((int) floor (x0 * scale), 0, w);
  py0 = CLAMP ((int) floor (y0 * scale), 0, h);
  px1 = CLAMP ((int) ceil (x1 * scale), px0, w);
  py1 = CLAMP ((int) ceil (y1 * scale), py0, h);
  for (int y = py0; y < py1; y++)
    memcpy (to + (gsize) y * stride + (gsize) px0 * 4, from + (gsize) y * stride + (gsize) px0 * 4,
            (gsize) (px1 - px0) * 4);
}

/* The chart in new pixels at the window's scale. Its backdrop (axes,
 * labels, legend: everything but the series, and most of the time) is
 * kept, and drawn again only when something it shows changes: new values
 * within the same axes copy it and draw only the series over it.
 */
static cairo_surface_t *
draw_chart (FolChartView *self,
            int           width,
            int           height,
            int           scale)
{
  FolChartData *data = current_data (self);
  g_autofree char *chart_key = _fol_chart_backdrop_key (data, &self->style, width, height);
  g_autofree char *key = g_strdup_printf ("%s %d", chart_key, scale);
  cairo_surface_t *surface;
  cairo_t *cr;

  if (self->backdrop == NULL || g_strcmp0 (key, self->backdrop_key) != 0)
    {
      cairo_surface_t *backdrop = NULL;
      gboolean partial;

      /* The old backdrop's pixels, when they have the size wanted: only
       * this view reads them. A backdrop starts with its background painted
       * over them all; one not opaque would show what was there.
       */
      if (surface_fits (self->backdrop, width, height, scale))
        {
          backdrop = g_steal_pointer (&self->backdrop);
          g_clear_pointer (&self->backdrop_key, g_free);
        }
      else
        backdrop = new_surface (width, height, scale);

      if (cairo_surface_status (backdrop) != CAIRO_STATUS_SUCCESS)
        return backdrop;  /* an error surface draws nothing */
      cr = cairo_create (backdrop);
      if (self->style.background.alpha < 1.0)
        {
          cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
          cairo_paint (cr);
          cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
        }
      partial = _fol_chart_render_backdrop (data, &self->style, cr, width, height,
                                            &self->backdrop_plot);
      cairo_destroy (cr);
      cairo_surface_flush (backdrop);
      g_clear_pointer (&self->backdrop, cairo_surface_destroy);
      g_clear_pointer (&self->backdrop_key, g_free);
      if (!partial)
        {
          /* the whole chart, which has no part to keep */
          cairo_surface_set_user_data (backdrop, &backdrop_key, NULL, NULL);
          return backdrop;
        }
      self->backdrop = backdrop;
      self->backdrop_key = g_steal_pointer (&key);
      self->n_backdrops++;
    }

  surface = take_surface (self, width, height, scale);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;  /* an error surface draws nothing */
  cairo_surface_flush (surface);
  restore_backdrop (self, surface, scale);
  cairo_surface_mark_dirty (surface);
  cr = cairo_create (surface);
  _fol_chart_render_series (data, &self->style, cr, width, height, &self->backdrop_plot);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* The chart's pixels reach GTK's node by reference, through a raster
 * source. Painted as a surface into the node's recording, they got a
 * copy-on-write snapshot from cairo, held by the pixels themselves: cairo
 * copied them (6.4 MB at 1600×1000) the next time they were drawn into,
 * though the node was long gone. The pixels are drawn into again only once
 * GTK no longer draws their node (see take_surface()).
 */
static cairo_surface_t *
pixels_acquire (cairo_pattern_t             *pattern,
                void                        *pixels,
                cairo_surface_t             *target,
                const cairo_rectangle_int_t *extents)
{
  return cairo_surface_reference (pixels);
}

static void
pixels_release (cairo_pattern_t *pattern,
                void            *pixels,
                cairo_surface_t *surface)
{
  cairo_surface_destroy (surface);
}

static cairo_status_t
pixels_copy (cairo_pattern_t       *pattern,
             void                  *pixels,
             const cairo_pattern_t *other)
{
  cairo_surface_reference (pixels);
  return CAIRO_STATUS_SUCCESS;
}

static void
pixels_finish (cairo_pattern_t *pattern,
               void            *pixels)
{
  cairo_surface_destroy (pixels);
}

/**
 * _fol_chart_pixels_node:
 * @pixels: an image surface of @width × @height at its device scale
 *
 * Returns: (transfer full): a node that paints @pixels, opaque, at
 *   (0, 0) in @width × @height, referring to them rather than a copy
 */
GskRenderNode *
_fol_chart_pixels_node (cairo_surface_t *pixels,
                        int              width,
                        int              height)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  double sx = 1.0, sy = 1.0;
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;
  cairo_t *cr;

  cairo_surface_get_device_scale (pixels, &sx, &sy);
  pattern = cairo_pattern_create_raster_source (cairo_surface_reference (pixels),
                                                CAIRO_CONTENT_COLOR,
                                                cairo_image_surface_get_width (pixels),
                                                cairo_image_surface_get_height (pixels));
  cairo_raster_source_pattern_set_acquire (pattern, pixels_acquire, pixels_release);
  cairo_raster_source_pattern_set_copy (pattern, pixels_copy);
  cairo_raster_source_pattern_set_finish (pattern, pixels_finish);
  /* The source's pixels at its device scale: a cairo unit is sx pixels. */
  cairo_matrix_init_scale (&matrix, sx, sy);
  cairo_pattern_set_matrix (pattern, &matrix);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_source (cr, pattern);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_pattern_destroy (pattern);
  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

static void
fol_chart_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  FolChartView *self = FOL_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);

  if (width <= 0 || height <= 0)
    return;

  if (self->chart_node == NULL || self->node_width != width || self->node_height != height ||
      self->node_scale != scale)
    {
      /* The chart is drawn once into pixels at the window's scale and kept
       * as a node that only paints those pixels: hover, focus and
       * selection frames draw the overlay over them and copy them to the
       * window, and on an image the series take the direct path
       * (fol-chart-raster.c). The chart is opaque: RGB24 lets that copy
       * skip blending. (A texture node would be downloaded into a new
       * surface on every frame by the cairo renderer of GTK 4.8.)
       */
      cairo_surface_t *surface = draw_chart (self, width, height, scale);
      GskRenderNode *node = _fol_chart_pixels_node (surface, width, height);

      /* The node refers to the pixels until GTK lets go of it, after the
       * next frame: the two last charts' pixels are kept, and drawn into
       * again only after that.
       */
      g_clear_pointer (&self->old_surfaces[1], cairo_surface_destroy);
      self->old_surfaces[1] = self->old_surfaces[0];
      self->old_surfaces[0] = surface;

      g_clear_pointer (&self->chart_node, gsk_render_node_unref);
      self->chart_node = node;
      self->node_width = width;
      self->node_height = height;
      self->node_scale = scale;
      self->n_renders++;
    }

  if (self->chart_node != NULL)
    gtk_snapshot_append_node (snapshot, self->chart_node);

  draw_overlay (self, snapshot, width, height);
}

static void
fol_chart_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 640;
    }
  else
    {
      *minimum = 180;
      *natural = 400;
    }
}

static void
fol_chart_view_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (fol_chart_view_parent_class)->css_changed (widget, change);

  update_style (FOL_CHART_VIEW (widget));
}

static void
focus_changed_cb (FolChartView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
fol_chart_view_dispose (GObject *object)
{
  FolChartView *self = FOL_CHART_VIEW (object);

  fol_chart_view_set_data (self, NULL);
  g_clear_object (&self->placeholder);
  g_clear_pointer (&self->chart_node, gsk_render_node_unref);
  g_clear_pointer (&self->old_surfaces[0], cairo_surface_destroy);
  g_clear_pointer (&self->old_surfaces[1], cairo_surface_destroy);
  g_clear_pointer (&self->backdrop, cairo_surface_destroy);
  g_clear_pointer (&self->backdrop_key, g_free);

  G_OBJECT_CLASS (fol_chart_view_parent_class)->dispose (object);
}

static void
fol_chart_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FolChartView *self = FOL_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATA:
      g_value_set_object (value, self->data);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_chart_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FolChartView *self = FOL_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATA:
      fol_chart_view_set_data (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_chart_view_class_init (FolChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_chart_view_dispose;
  object_class->get_property = fol_chart_view_get_property;
  object_class->set_property = fol_chart_view_set_property;

  widget_class->snapshot = fol_chart_view_snapshot;
  widget_class->measure = fol_chart_view_measure;
  widget_class->css_changed = fol_chart_view_css_changed;

  properties[PROP_DATA] =
    g_param_spec_object ("data", NULL, NULL,
                         FOL_TYPE_CHART_DATA,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FolChartView::point-activated:
   * @id: (nullable): the visit id given with the point
   * @series: the series index
   * @point: the point index in its series
   *
   * A point was clicked, or Enter pressed on the selected point.
   */
  signals[POINT_ACTIVATED] =
    g_signal_new ("point-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT);

  /* Keyboard navigation as actions, so shortcuts and tests share them */
  {
    static const struct {
      const char *action;
      guint       keys[2];
    } moves[] = {
      { "chart.previous-point", { GDK_KEY_Left, GDK_KEY_KP_Left } },
      { "chart.next-point", { GDK_KEY_Right, GDK_KEY_KP_Right } },
      { "chart.first-point", { GDK_KEY_Home, GDK_KEY_KP_Home } },
      { "chart.last-point", { GDK_KEY_End, GDK_KEY_KP_End } },
      { "chart.previous-series", { GDK_KEY_Up, GDK_KEY_KP_Up } },
      { "chart.next-series", { GDK_KEY_Down, GDK_KEY_KP_Down } },
    };

    for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
      {
        gtk_widget_class_install_action (widget_class, moves[i].action, NULL, move_action);
        for (guint k = 0; k < G_N_ELEMENTS (moves[i].keys); k++)
          gtk_widget_class_add_binding_action (widget_class, moves[i].keys[k], 0,
                                               moves[i].action, NULL);
      }
  }
  gtk_widget_class_install_action (widget_class, "chart.activate-point", NULL, activate_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "chart.activate-point", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "chart.activate-point", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Enter, 0, "chart.activate-point", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "chart.activate-point", NULL);

  gtk_widget_class_set_css_name (widget_class, "follicle-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fol_chart_view_init (FolChartView *self)
{
  GtkEventController *controller;
  GtkGesture *click;

  fol_chart_style_init_light (&self->style);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_object (controller, "enter", G_CALLBACK (focus_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (focus_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Progress chart"),
                                  -1);
  update_description (self);
}

GtkWidget *
fol_chart_view_new (void)
{
  return g_object_new (FOL_TYPE_CHART_VIEW, NULL);
}

FolChartData *
fol_chart_view_get_data (FolChartView *self)
{
  g_return_val_if_fail (FOL_IS_CHART_VIEW (self), NULL);
  return self->data;
}

/**
 * fol_chart_view_set_data:
 * @data: (nullable): what to show; the view follows its changes
 */
void
fol_chart_view_set_data (FolChartView *self,
                         FolChartData *data)
{
  g_return_if_fail (FOL_IS_CHART_VIEW (self));
  g_return_if_fail (data == NULL || FOL_IS_CHART_DATA (data));

  if (self->data == data)
    return;

  if (self->data != NULL)
    g_signal_handlers_disconnect_by_func (self->data, data_changed_cb, self);
  g_set_object (&self->data, data);
  if (data != NULL)
    g_signal_connect_object (data, "changed", G_CALLBACK (data_changed_cb), self, G_CONNECT_SWAPPED);

  self->has_hover = FALSE;
  self->has_selection = FALSE;
  update_description (self);
  invalidate_chart (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA]);
}

/* The style in use, as the theme set it. */
const FolChartStyle *
fol_chart_view_get_style (FolChartView *self)
{
  g_return_val_if_fail (FOL_IS_CHART_VIEW (self), NULL);
  return &self->style;
}

gboolean
fol_chart_view_get_selected (FolChartView *self,
                             guint        *series,
                             guint        *point)
{
  g_return_val_if_fail (FOL_IS_CHART_VIEW (self), FALSE);

  if (!self->has_selection)
    return FALSE;
  if (series)
    *series = self->sel_series;
  if (point)
    *point = self->sel_point;
  return TRUE;
}

void
fol_chart_view_select (FolChartView *self,
                       guint         series,
                       guint         point)
{
  g_return_if_fail (FOL_IS_CHART_VIEW (self));
  g_return_if_fail (point_is_drawn (current_data (self), series, point));

  set_selection (self, TRUE, series, point);
}

/* How many times the chart itself was drawn: hover and keyboard
 * selection must not redraw it.
 */
/* How many times the chart's backdrop was drawn, and the pixels of the
 * chart last drawn (for tests).
 */
guint
_fol_chart_view_get_n_backdrops (FolChartView *self)
{
  g_return_val_if_fail (FOL_IS_CHART_VIEW (self), 0);
  return self->n_backdrops;
}

cairo_surface_t *
_fol_chart_view_get_chart_pixels (FolChartView *self)
{
  g_return_val_if_fail (FOL_IS_CHART_VIEW (self), NULL);
  return self->old_surfaces[0];
}

guint
_fol_chart_view_get_n_renders (FolChartView *self)
{
  g_return_val_if_fail (FOL_IS_CHART_VIEW (self), 0);
  return self->n_renders;
}

/* Hovers the point nearest to (x, y), if any is close; returns whether
 * one is hovered.
 */
gboolean
_fol_chart_view_hover_at (FolChartView *self,
                          double        x,
                          double        y)
{
  guint series = 0, point = 0;
  gboolean found;

  g_return_val_if_fail (FOL_IS_CHART_VIEW (self), FALSE);

  found = hit (self, x, y, &series, &point);
  if (found == self->has_hover &&
      (!found || (series == self->hover_series && point == self->hover_point)))
    return found;

  self->has_hover = found;
  self->hover_series = series;
  self->hover_point = point;
  /* Only the overlay changes: the chart node is reused. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return found;
}

gboolean
_fol_chart_view_get_hover (FolChartView *self,
                           guint        *series,
                           guint        *point)
{
  g_return_val_if_fail (FOL_IS_CHART_VIEW (self), FALSE);

  if (!self->has_hover)
    return FALSE;
  *series = self->hover_series;
  *point = self->hover_point;
  return TRUE;
}
