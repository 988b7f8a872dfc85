/* fol-chart.c
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

#define G_LOG_DOMAIN "fol-chart"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fol-chart-private.h"
#include "fol-chart-raster.h"
#include "fol-i18n.h"

static const FolChartColor okabe_ito[FOL_CHART_N_COLORS] = {
  { 0x00 / 255.f, 0x72 / 255.f, 0xB2 / 255.f, 1 },  /* blue */
  { 0xD5 / 255.f, 0x5E / 255.f, 0x00 / 255.f, 1 },  /* vermillion */
  { 0x00 / 255.f, 0x9E / 255.f, 0x73 / 255.f, 1 },  /* bluish green */
  { 0xCC / 255.f, 0x79 / 255.f, 0xA7 / 255.f, 1 },  /* reddish purple */
  { 0xE6 / 255.f, 0x9F / 255.f, 0x00 / 255.f, 1 },  /* orange */
  { 0x56 / 255.f, 0xB4 / 255.f, 0xE9 / 255.f, 1 },  /* sky blue */
  { 0xF0 / 255.f, 0xE4 / 255.f, 0x42 / 255.f, 1 },  /* yellow */
  { 0x00 / 255.f, 0x00 / 255.f, 0x00 / 255.f, 1 },  /* black: the occipital control */
};

static const FolChartMarker default_markers[FOL_CHART_N_COLORS] = {
  FOL_CHART_MARKER_CIRCLE,
  FOL_CHART_MARKER_SQUARE,
  FOL_CHART_MARKER_TRIANGLE,
  FOL_CHART_MARKER_DIAMOND,
  FOL_CHART_MARKER_TRIANGLE_DOWN,
  FOL_CHART_MARKER_CROSS,
  FOL_CHART_MARKER_PLUS,
  FOL_CHART_MARKER_STAR,
};

static void
set_color (FolChartColor *c,
           guint32        rgb,
           float          alpha)
{
  c->red = ((rgb >> 16) & 0xff) / 255.f;
  c->green = ((rgb >> 8) & 0xff) / 255.f;
  c->blue = (rgb & 0xff) / 255.f;
  c->alpha = alpha;
}

/**
 * fol_chart_style_init_light:
 *
 * The light style, also used for every file and printout.
 */
void
fol_chart_style_init_light (FolChartStyle *style)
{
  g_return_if_fail (style != NULL);

  memset (style, 0, sizeof *style);
  set_color (&style->background, 0xffffff, 1);
  set_color (&style->foreground, 0x241f31, 1);
  set_color (&style->grid, 0xdeddda, 1);
  set_color (&style->muted, 0x5e5c64, 1);
  set_color (&style->band, 0x3584e4, 0.12f);
  set_color (&style->accent, 0x1c71d8, 1);
  memcpy (style->palette, okabe_ito, sizeof okabe_ito);
  /* Okabe–Ito yellow is too faint on white; a darker gold keeps its hue. */
  set_color (&style->palette[6], 0xb8a300, 1);
  memcpy (style->markers, default_markers, sizeof default_markers);
  g_strlcpy (style->font_family, "Cantarell", sizeof style->font_family);
  style->font_size = 10.0;
  style->dark = FALSE;
}

void
fol_chart_style_init_dark (FolChartStyle *style)
{
  g_return_if_fail (style != NULL);

  fol_chart_style_init_light (style);
  set_color (&style->background, 0x1e1e1e, 1);
  set_color (&style->foreground, 0xffffff, 1);
  set_color (&style->grid, 0x3d3d3d, 1);
  set_color (&style->muted, 0xb0afb5, 1);
  set_color (&style->band, 0x78aeed, 0.16f);
  set_color (&style->accent, 0x78aeed, 1);
  memcpy (style->palette, okabe_ito, sizeof okabe_ito);
  /* Black would vanish on a dark background: light grey instead. */
  set_color (&style->palette[7], 0xd0d0d0, 1);
  style->dark = TRUE;
}

const FolChartColor *
fol_chart_style_get_series_color (const FolChartStyle *style,
                                  FolRegion            region)
{
  g_return_val_if_fail (style != NULL, NULL);
  return &style->palette[(guint) region % FOL_CHART_N_COLORS];
}

static void
source_color (cairo_t             *cr,
              const FolChartColor *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           double       x,
           double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
marker_path (cairo_t        *cr,
             FolChartMarker  shape,
             double          x,
             double          y,
             double          r)
{
  switch (shape)
    {
    case FOL_CHART_MARKER_SQUARE:
      cairo_rectangle (cr, x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      break;
    case FOL_CHART_MARKER_TRIANGLE:
      cairo_move_to (cr, x, y - r * 1.15);
      cairo_line_to (cr, x + r, y + r * 0.75);
      cairo_line_to (cr, x - r, y + r * 0.75);
      cairo_close_path (cr);
      break;
    case FOL_CHART_MARKER_TRIANGLE_DOWN:
      cairo_move_to (cr, x, y + r * 1.15);
      cairo_line_to (cr, x + r, y - r * 0.75);
      cairo_line_to (cr, x - r, y - r * 0.75);
      cairo_close_path (cr);
      break;
    case FOL_CHART_MARKER_DIAMOND:
      cairo_move_to (cr, x, y - r * 1.2);
      cairo_line_to (cr, x + r * 1.2, y);
      cairo_line_to (cr, x, y + r * 1.2);
      cairo_line_to (cr, x - r * 1.2, y);
      cairo_close_path (cr);
      break;
    case FOL_CHART_MARKER_CROSS:
      cairo_move_to (cr, x - r, y - r);
      cairo_line_to (cr, x + r, y + r);
      cairo_move_to (cr, x + r, y - r);
      cairo_line_to (cr, x - r, y + r);
      break;
    case FOL_CHART_MARKER_PLUS:
      cairo_move_to (cr, x - r * 1.2, y);
      cairo_line_to (cr, x + r * 1.2, y);
      cairo_move_to (cr, x, y - r * 1.2);
      cairo_line_to (cr, x, y + r * 1.2);
      break;
    case FOL_CHART_MARKER_STAR:
      for (guint i = 0; i < 10; i++)
        {
          double a = -G_PI / 2 + i * G_PI / 5;
          double rr = (i % 2) ? r * 0.55 : r * 1.3;

          if (i == 0)
            cairo_move_to (cr, x + rr * cos (a), y + rr * sin (a));
          else
            cairo_line_to (cr, x + rr * cos (a), y + rr * sin (a));
        }
      cairo_close_path (cr);
      break;
    case FOL_CHART_MARKER_CIRCLE:
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    }
}

/* Paints the marker path on @cr: filled with an outline in the background
 * colour, or, for the open shapes, stroked over a halo.
 */
static void
paint_markers (cairo_t             *cr,
               const FolChartStyle *style,
               FolChartMarker       shape,
               const FolChartColor *color,
               double               unit)
{
  if (shape == FOL_CHART_MARKER_CROSS || shape == FOL_CHART_MARKER_PLUS)
    {
      /* Open shapes: a halo in the background colour, then the strokes */
      cairo_set_line_width (cr, 4.0 * unit);
      source_color (cr, &style->background);
      cairo_stroke_preserve (cr);
      cairo_set_line_width (cr, 2.2 * unit);
      source_color (cr, color);
      cairo_stroke (cr);
      return;
    }

  source_color (cr, color);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1.0 * unit);
  source_color (cr, &style->background);
  cairo_stroke (cr);
}

/**
 * fol_chart_draw_marker:
 *
 * Draws one marker as the progress chart draws its points: filled shapes
 * with a rim in the background colour, open ones with a halo; other charts
 * (clinic outcomes) mark their series the same way.
 */
void
fol_chart_draw_marker (cairo_t             *cr,
                       const FolChartStyle *style,
                       FolChartMarker       shape,
                       const FolChartColor *color,
                       double               x,
                       double               y,
                       double               radius)
{
  g_return_if_fail (cr != NULL && style != NULL && color != NULL);

  cairo_new_path (cr);
  marker_path (cr, shape, x, y, radius);
  paint_markers (cr, style, shape, color, 1.0);
}

/* How far from its centre a marker of radius @r inks, across and down:
 * its shape (as marker_path() draws it) with half its rim, a 1-unit line
 * with round joins, or for the open shapes half their 4-unit halo.
 */
static double
marker_reach (FolChartMarker shape,
              double         r)
{
  switch (shape)
    {
    case FOL_CHART_MARKER_SQUARE:
      return r * 0.85 + 0.5;
    case FOL_CHART_MARKER_TRIANGLE:
    case FOL_CHART_MARKER_TRIANGLE_DOWN:
      return r * 1.15 + 0.5;
    case FOL_CHART_MARKER_DIAMOND:
      return r * 1.2 + 0.5;
    case FOL_CHART_MARKER_CROSS:
      return r + 2.0;
    case FOL_CHART_MARKER_PLUS:
      return r * 1.2 + 2.0;
    case FOL_CHART_MARKER_STAR:
      return r * 1.3 + 0.5;
    case FOL_CHART_MARKER_CIRCLE:
    default:
      return r + 0.5;
    }
}

/* How many of the @shape markers of radius @r centred at (@xs, @ys), from
 * the first, stand so far apart that none, with its outline or halo and
 * its antialiased edge, comes within two units of another, across or
 * down: painting those as one path draws the same shapes as painting them
 * one by one, in far fewer operations (a quarter of the time writing an
 * SVG, and a third for a PDF, went to its markers, one element each).
 * The next marker touches one of them, and starts the next such run:
 * runs painted in turn paint every marker over those before it, as one
 * by one would.
 */
guint
_fol_chart_markers_run (const double   *xs,
                        const double   *ys,
                        guint           n,
                        FolChartMarker  shape,
                        double          r)
{
  const double room = 2.0 * marker_reach (shape, r) + 2.0;

  for (guint j = 1; j < n; j++)
    for (guint i = 0; i < j; i++)
      if (fabs (xs[j] - xs[i]) < room && fabs (ys[j] - ys[i]) < room)
        return j;
  return n;
}

static void
draw_empty (FolChartData         *data,
            const FolChartStyle  *style,
            cairo_t              *cr,
            const FolChartLayout *l,
            double                width)
{
  g_autoptr(PangoLayout) msg = _fol_chart_new_layout (cr, style, _("No measurements yet"), TEXT_TITLE, TRUE);
  g_autoptr(PangoLayout) hint = NULL;
  double w, h, hh = 0;

  pango_layout_set_width (msg, MAX (1.0, width - 2 * l->pad) * PANGO_SCALE);
  pango_layout_set_alignment (msg, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (msg, PANGO_WRAP_WORD_CHAR);
  _fol_chart_layout_size (msg, &w, &h);

  hint = _fol_chart_new_layout (cr, style,
                     _("Values of this measurement appear here once a visit records them."),
                     1.0, FALSE);
  pango_layout_set_width (hint, MAX (1.0, width - 2 * l->pad) * PANGO_SCALE);
  pango_layout_set_alignment (hint, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (hint, PANGO_WRAP_WORD_CHAR);
  _fol_chart_layout_size (hint, NULL, &hh);

  source_color (cr, &style->foreground);
  draw_text (cr, msg, l->pad, l->plot.y + (l->plot.height - h - hh) / 2.0);
  source_color (cr, &style->muted);
  draw_text (cr, hint, l->pad, l->plot.y + (l->plot.height - h - hh) / 2.0 + h + 4.0);
}

static void
draw_axes (FolChartData         *data,
           const FolChartStyle  *style,
           cairo_t              *cr,
           const FolChartLayout *l)
{
  g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (FolDate));
  g_autofree char *y_title = fol_chart_data_dup_y_title (data);
  g_autoptr(PangoLayout) title = NULL;
  const FolChartRect *p = &l->plot;
  double last_label_right = -INFINITY;
  gboolean day_ticks;
  double tw, th;

  /* Horizontal grid and y labels */
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; i < l->y_n; i++)
    {
      double v = _fol_chart_y_tick_value (l, i);
      double y = round (_fol_chart_map_y (l, fol_chart_data_normalize_y (data, v))) + 0.5;
      g_autofree char *text = fol_chart_data_dup_y_tick_label (data, v, l->y_decimals);
      g_autoptr(PangoLayout) label = _fol_chart_new_layout (cr, style, text, 1.0, FALSE);

      source_color (cr, &style->grid);
      cairo_move_to (cr, p->x, y);
      cairo_line_to (cr, p->x + p->width, y);
      cairo_stroke (cr);

      source_color (cr, &style->foreground);
      cairo_move_to (cr, p->x - TICK_LENGTH, y);
      cairo_line_to (cr, p->x, y);
      cairo_stroke (cr);

      _fol_chart_layout_size (label, &tw, &th);
      source_color (cr, &style->muted);
      draw_text (cr, label, p->x - TICK_LENGTH - 4.0 - tw, y - th / 2.0);
    }

  /* x ticks at month starts (or at the points' own dates over a short
   * span), labelled when there is room */
  day_ticks = _fol_chart_x_ticks (data, l->x_step_months, ticks);
  for (guint i = 0; i < ticks->len; i++)
    {
      FolDate d = g_array_index (ticks, FolDate, i);
      double x = round (_fol_chart_map_x (l, fol_chart_data_normalize_x (data, d))) + 0.5;
      g_autofree char *text = day_ticks ? fol_date_format (d) : fol_date_format_short (d);
      g_autoptr(PangoLayout) label = _fol_chart_new_layout (cr, style, text, 1.0, FALSE);

      source_color (cr, &style->grid);
      cairo_move_to (cr, x, p->y);
      cairo_line_to (cr, x, p->y + p->height);
      cairo_stroke (cr);

      source_color (cr, &style->foreground);
      cairo_move_to (cr, x, p->y + p->height);
      cairo_line_to (cr, x, p->y + p->height + TICK_LENGTH);
      cairo_stroke (cr);

      _fol_chart_layout_size (label, &tw, &th);
      if (x - tw / 2.0 > last_label_right + 4.0)
        {
          source_color (cr, &style->muted);
          draw_text (cr, label, x - tw / 2.0, p->y + p->height + TICK_LENGTH + 2.0);
          last_label_right = x + tw / 2.0;
        }
    }

  /* The axis lines, over the grid */
  source_color (cr, &style->foreground);
  cairo_move_to (cr, round (p->x) + 0.5, p->y);
  cairo_line_to (cr, round (p->x) + 0.5, p->y + p->height);
  cairo_move_to (cr, p->x, round (p->y + p->height) - 0.5);
  cairo_line_to (cr, p->x + p->width, round (p->y + p->height) - 0.5);
  cairo_stroke (cr);

  /* y title, rotated along the axis; a short form when the full one
   * does not fit along a low plot (large text, small window).
   */
  title = _fol_chart_new_layout (cr, style, y_title, 1.0, FALSE);
  _fol_chart_layout_size (title, &tw, NULL);
  if (tw > p->height)
    {
      g_autofree char *short_title = NULL;

      if (fol_chart_data_get_relative (data))
        short_title = g_strdup (_("Change from baseline (%)"));
      else
        short_title = g_strdup (fol_measure_unit (fol_chart_data_get_measure (data)));
      pango_layout_set_text (title, short_title, -1);
    }
  pango_layout_set_width (title, MAX (1.0, p->height) * PANGO_SCALE);
  pango_layout_set_ellipsize (title, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (title, PANGO_ALIGN_CENTER);
  cairo_save (cr);
  cairo_translate (cr, l->pad, p->y + p->height);
  cairo_rotate (cr, -G_PI / 2.0);
  source_color (cr, &style->foreground);
  draw_text (cr, title, 0, 0);
  cairo_restore (cr);
}

/* A dashed line across the plot, drawn once into a mask on an image and
 * painted for each baseline: the same pixels as stroking each (cairo's
 * dashes on pixels cost a box each, hundreds a line). Only where the
 * user space is the device's, scaled and moved by whole pixels, and for
 * lines clear of the plot's top and bottom, whose clip the mask keeps.
 */
typedef struct
{
  cairo_surface_t *surface;
  double           frac;     /* the line's device y, less its whole pixels */
  double           base;     /* and those whole pixels */
  int              ix, iy;   /* the mask's place, in device pixels */
} DashMask;

static gboolean
dash_mask_init (DashMask           *mask,
                cairo_t            *cr,
                const FolChartRect *p,
                const double       *dash,
                int                 n_dash,
                double              y)
{
  cairo_surface_t *target = cairo_get_target (cr);
  double ox, oy, sx, sy, x0, y0, x1, y1, dy;
  cairo_matrix_t m;
  cairo_t *mcr;

  memset (mask, 0, sizeof *mask);
  if (cairo_get_group_target (cr) != target ||
      cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_get_operator (cr) != CAIRO_OPERATOR_OVER)
    return FALSE;
  cairo_surface_get_device_offset (target, &ox, &oy);
  cairo_surface_get_device_scale (target, &sx, &sy);
  cairo_get_matrix (cr, &m);
  if (ox != 0.0 || oy != 0.0 || sx != sy || m.xy != 0.0 || m.yx != 0.0 ||
      m.xx != 1.0 || m.yy != 1.0 || m.x0 != floor (m.x0) || m.y0 != floor (m.y0))
    return FALSE;

  /* The line's extent in device pixels, with a pixel to spare */
  x0 = floor (sx * (p->x + m.x0)) - 1;
  x1 = ceil (sx * (p->x + p->width + m.x0)) + 1;
  dy = sy * (y + m.y0);
  y0 = floor (dy) - 2 * sy;
  y1 = ceil (dy) + 2 * sy;
  mask->ix = (int) x0;
  mask->iy = (int) y0;
  mask->frac = dy - floor (dy);
  mask->base = floor (dy);
  mask->surface = cairo_image_surface_create (CAIRO_FORMAT_A8, (int) (x1 - x0), (int) (y1 - y0));
  if (cairo_surface_status (mask->surface) != CAIRO_STATUS_SUCCESS)
    {
      g_clear_pointer (&mask->surface, cairo_surface_destroy);
      return FALSE;
    }
  cairo_surface_set_device_scale (mask->surface, sx, sy);

  /* The same line, clip and dashes, in the mask's pixels */
  mcr = cairo_create (mask->surface);
  cairo_translate (mcr, m.x0 - x0 / sx, m.y0 - y0 / sy);
  cairo_rectangle (mcr, p->x, p->y, p->width, p->height);
  cairo_clip (mcr);
  cairo_set_line_width (mcr, 1.5);
  cairo_set_dash (mcr, dash, n_dash, 0);
  cairo_move_to (mcr, p->x, y);
  cairo_line_to (mcr, p->x + p->width, y);
  cairo_stroke (mcr);
  cairo_destroy (mcr);
  return TRUE;
}

/* Whether the line at @y can be painted through @mask, and where it puts
 * the mask: whole device pixels away from the line it was drawn for.
 */
static gboolean
dash_mask_fits (const DashMask     *mask,
                cairo_t            *cr,
                const FolChartRect *p,
                double              y,
                double             *mx,
                double             *my)
{
  double sx, sy, dy;
  cairo_matrix_t m;

  if (mask->surface == NULL || y - 2.0 < p->y || y + 2.0 > p->y + p->height)
    return FALSE;
  cairo_surface_get_device_scale (cairo_get_target (cr), &sx, &sy);
  cairo_get_matrix (cr, &m);
  dy = sy * (y + m.y0);
  if (dy - floor (dy) != mask->frac)
    return FALSE;
  *mx = mask->ix / sx - m.x0;
  *my = (mask->iy + (floor (dy) - mask->base)) / sy - m.y0;
  return TRUE;
}

static void
draw_references (FolChartData         *data,
                 const FolChartStyle  *style,
                 cairo_t              *cr,
                 const FolChartLayout *l)
{
  static const double dash[] = { 6.0, 4.0 };
  const FolChartRect *p = &l->plot;
  guint n_series = fol_chart_data_get_n_series (data);
  g_autofree double *ys = g_new (double, MAX (n_series, 1));
  g_autofree const FolChartColor **colors = g_new (const FolChartColor *, MAX (n_series, 1));
  g_autofree double *mxs = g_new (double, MAX (n_series, 1));
  g_autofree double *mys = g_new (double, MAX (n_series, 1));
  DashMask mask = { 0 };
  gboolean masked;
  guint n = 0;
  double lo, hi;

  /* Baseline: 0 % in a relative chart, each region's baseline otherwise */
  if (fol_chart_data_get_relative (data))
    {
      ys[n] = round (_fol_chart_map_y (l, fol_chart_data_normalize_y (data, 0.0))) + 0.5;
      colors[n++] = &style->muted;
    }
  else
    for (guint i = 0; i < n_series; i++)
      {
        double b = fol_chart_data_get_series_baseline (data, i);

        if (!isfinite (b))
          continue;
        ys[n] = round (_fol_chart_map_y (l, fol_chart_data_normalize_y (data, b))) + 0.5;
        colors[n++] = fol_chart_style_get_series_color (style,
                                                        fol_chart_data_get_series_region (data, i));
      }

  /* Through one mask, or not at all: their order stays. */
  masked = n > 0 && dash_mask_init (&mask, cr, p, dash, G_N_ELEMENTS (dash), ys[0]);
  for (guint i = 0; i < n && masked; i++)
    masked = dash_mask_fits (&mask, cr, p, ys[i], &mxs[i], &mys[i]);

  cairo_save (cr);
  cairo_rectangle (cr, p->x, p->y, p->width, p->height);
  cairo_clip (cr);

  /* The no-change band */
  if (fol_chart_data_get_band (data, &lo, &hi))
    {
      double y0 = _fol_chart_map_y (l, fol_chart_data_normalize_y (data, hi));
      double y1 = _fol_chart_map_y (l, fol_chart_data_normalize_y (data, lo));

      source_color (cr, &style->band);
      cairo_rectangle (cr, p->x, y0, p->width, y1 - y0);
      cairo_fill (cr);
    }

  if (!masked)
    {
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      for (guint i = 0; i < n; i++)
        {
          source_color (cr, colors[i]);
          cairo_move_to (cr, p->x, ys[i]);
          cairo_line_to (cr, p->x + p->width, ys[i]);
          cairo_stroke (cr);
        }
      cairo_set_dash (cr, NULL, 0, 0);
    }
  cairo_restore (cr);

  /* The mask holds the plot's clip already. */
  for (guint i = 0; i < n && masked; i++)
    {
      source_color (cr, colors[i]);
      cairo_mask_surface (cr, mask.surface, mxs[i], mys[i]);
    }
  g_clear_pointer (&mask.surface, cairo_surface_destroy);
}

static void
draw_treatments (FolChartData         *data,
                 const FolChartStyle  *style,
                 cairo_t              *cr,
                 const FolChartLayout *l)
{
  static const double dash[] = { 2.0, 3.0 };
  const FolChartRect *p = &l->plot;

  for (guint i = 0; i < fol_chart_data_get_n_treatments (data); i++)
    {
      FolDate d = fol_chart_data_get_treatment_date (data, i);
      double x = round (_fol_chart_map_x (l, fol_chart_data_normalize_x (data, d))) + 0.5;

      if (x < p->x || x > p->x + p->width)
        continue;

      source_color (cr, &style->muted);
      cairo_set_line_width (cr, 1.0);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_move_to (cr, x, p->y);
      cairo_line_to (cr, x, p->y + p->height);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      /* A small triangle on the time axis */
      cairo_move_to (cr, x, p->y + p->height - 7.0);
      cairo_line_to (cr, x + 5.0, p->y + p->height);
      cairo_line_to (cr, x - 5.0, p->y + p->height);
      cairo_close_path (cr);
      cairo_fill (cr);

      if (l->tr_row[i] >= 0)
        {
          g_autoptr(PangoLayout) text = _fol_chart_new_layout (cr, style, l->tr_text[i], TEXT_SMALL, FALSE);

          pango_layout_set_width (text, 160 * PANGO_SCALE);
          pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
          draw_text (cr, text, l->tr_x[i],
                     p->y - (l->tr_rows - l->tr_row[i]) * l->small_h - 2.0);
        }
    }
}

static void
draw_series (FolChartData         *data,
             const FolChartStyle  *style,
             cairo_t              *cr,
             const FolChartLayout *l)
{
  static const double trend_dash[] = { 8.0, 4.0, 2.0, 4.0 };
  guint n_series = fol_chart_data_get_n_series (data);
  g_autoptr(FolChartRaster) raster = NULL;
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
  /* On pixels (the screen, PNG) each marker is painted on its own, as
   * always: cairo's rasteriser rounds one path of many shapes a little
   * differently at their edges.
   */
  gboolean vector = cairo_surface_get_type (cairo_get_group_target (cr)) != CAIRO_SURFACE_TYPE_IMAGE;
  /* On a vector surface the lines and markers are drawn in units of
   * 1 / FOL_CHART_VECTOR_UNIT (see there).
   */
  double unit = vector ? FOL_CHART_VECTOR_UNIT : 1.0;

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  /* Trends under the data */
  for (guint s = 0; s < n_series; s++)
    {
      FolRegion region = fol_chart_data_get_series_region (data, s);
      guint n = fol_chart_data_get_n_points (data, s);
      FolDate origin, d0 = 0, d1 = 0;
      double a, b;

      if (!fol_chart_data_get_series_trend (data, s, &origin, &a, &b))
        continue;
      for (guint i = 0; i < n; i++)
        if (isfinite (fol_chart_data_get_y (data, s, i)))
          {
            FolDate d = fol_chart_data_get_date (data, s, i);

            if (d0 == 0)
              d0 = d;
            d1 = d;
          }
      if (d0 == 0 || d0 == d1)
        continue;

      source_color (cr, fol_chart_style_get_series_color (style, region));
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, trend_dash, G_N_ELEMENTS (trend_dash), 0);
      cairo_move_to (cr, _fol_chart_map_x (l, fol_chart_data_normalize_x (data, d0)),
                     _fol_chart_map_y (l, fol_chart_data_normalize_y (data, a + b * ((double) d0 - origin) / DAYS_PER_MONTH)));
      cairo_line_to (cr, _fol_chart_map_x (l, fol_chart_data_normalize_x (data, d1)),
                     _fol_chart_map_y (l, fol_chart_data_normalize_y (data, a + b * ((double) d1 - origin) / DAYS_PER_MONTH)));
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  /* The lines of every series, then every marker over them, so that no
   * line hides another series' point.
   */
  raster = _fol_chart_raster_new (cr);
  for (guint s = 0; s < n_series; s++)
    {
      const FolChartColor *color = fol_chart_style_get_series_color (style,
                                                                     fol_chart_data_get_series_region (data, s));
      guint n = fol_chart_data_get_n_points (data, s);
      gboolean pen_down = FALSE;
      /* A grade holds until the next assessment: steps, not slopes. */
      gboolean steps = fol_chart_data_get_n_levels (data) > 0;
      double nx, ny, last_y = 0.0;

      /* A missing value lifts the pen, so it shows as a gap. */
      cairo_save (cr);
      cairo_scale (cr, 1.0 / unit, 1.0 / unit);
      cairo_new_path (cr);
      for (guint i = 0; i < n; i++)
        {
          double x, y;

          if (!fol_chart_data_get_normalized (data, s, i, &nx, &ny))
            {
              pen_down = FALSE;
              continue;
            }
          x = _fol_chart_map_x (l, nx);
          y = _fol_chart_map_y (l, ny);
          if (steps && pen_down && raster != NULL)
            _fol_chart_raster_line_to (raster, x, last_y);
          else if (steps && pen_down)
            cairo_line_to (cr, x * unit, last_y * unit);
          last_y = y;
          if (raster != NULL && pen_down)
            _fol_chart_raster_line_to (raster, x, y);
          else if (raster != NULL)
            _fol_chart_raster_move_to (raster, x, y);
          else if (pen_down)
            cairo_line_to (cr, x * unit, y * unit);
          else
            cairo_move_to (cr, x * unit, y * unit);
          pen_down = TRUE;
        }
      if (raster != NULL)
        {
          _fol_chart_raster_stroke (raster, 2.0, color->red, color->green, color->blue, color->alpha);
        }
      else
        {
          source_color (cr, color);
          cairo_set_line_width (cr, 2.0 * unit);
          cairo_stroke (cr);
        }
      cairo_restore (cr);
    }

  for (guint s = 0; s < n_series; s++)
    {
      FolRegion region = fol_chart_data_get_series_region (data, s);
      const FolChartColor *color = fol_chart_style_get_series_color (style, region);
      FolChartMarker shape = style->markers[(guint) region % FOL_CHART_N_COLORS];
      guint n = fol_chart_data_get_n_points (data, s);
      guint n_drawn = 0;
      gboolean dense;
      double nx, ny;

      for (guint i = 0; i < n; i++)
        if (fol_chart_data_get_normalized (data, s, i, &nx, &ny))
          n_drawn++;

      /* Hundreds of points: markers would merge into a smear. */
      dense = n_drawn > 0 && l->plot.width / n_drawn < MARKER_RADIUS * 3.0;

      g_array_set_size (xs, 0);
      g_array_set_size (ys, 0);
      for (guint i = 0; i < n; i++)
        {
          gboolean isolated;
          double x, y;

          if (!fol_chart_data_get_normalized (data, s, i, &nx, &ny))
            continue;
          isolated = (i == 0 || !isfinite (fol_chart_data_get_y (data, s, i - 1))) &&
                     (i + 1 == n || !isfinite (fol_chart_data_get_y (data, s, i + 1)));
          if (dense && !isolated)
            continue;
          x = _fol_chart_map_x (l, nx);
          y = _fol_chart_map_y (l, ny);
          g_array_append_val (xs, x);
          g_array_append_val (ys, y);
        }
      if (xs->len == 0)
        continue;

      /* On pixels, one by one; on a vector surface, in runs of markers
       * apart from each other, each run one path.
       */
      for (guint i = 0, run; i < xs->len; i += run)
        {
          run = vector ? _fol_chart_markers_run (&g_array_index (xs, double, i),
                                                 &g_array_index (ys, double, i),
                                                 xs->len - i, shape, MARKER_RADIUS)
                       : 1;
          cairo_save (cr);
          cairo_scale (cr, 1.0 / unit, 1.0 / unit);
          cairo_new_path (cr);
          for (guint k = i; k < i + run; k++)
            marker_path (cr, shape, g_array_index (xs, double, k) * unit,
                         g_array_index (ys, double, k) * unit, MARKER_RADIUS * unit);
          paint_markers (cr, style, shape, color, unit);
          cairo_restore (cr);
        }
    }
}

static void
draw_legend (FolChartData         *data,
             const FolChartStyle  *style,
             cairo_t              *cr,
             const FolChartLayout *l,
             double                width)
{
  double avail = MAX (1.0, width - 2 * l->pad);

  for (guint i = 0; i < l->legend->len; i++)
    {
      const FolChartLegendItem *item = &g_array_index (l->legend, FolChartLegendItem, i);
      double y = l->legend_y + item->y * (l->line_h + 4.0);
      double cy = y + l->line_h / 2.0;
      double x = item->x;
      g_autoptr(PangoLayout) text = _fol_chart_new_layout (cr, style, item->text, 1.0, FALSE);

      switch (item->kind)
        {
        case FOL_CHART_ITEM_SERIES:
          {
            FolRegion region = fol_chart_data_get_series_region (data, item->series);
            const FolChartColor *color = fol_chart_style_get_series_color (style, region);

            source_color (cr, color);
            cairo_set_line_width (cr, 2.0);
            cairo_move_to (cr, x, cy);
            cairo_line_to (cr, x + LEGEND_SAMPLE, cy);
            cairo_stroke (cr);
            fol_chart_draw_marker (cr, style, style->markers[(guint) region % FOL_CHART_N_COLORS],
                                   color, x + LEGEND_SAMPLE / 2.0, cy, MARKER_RADIUS);
          }
          break;

        case FOL_CHART_ITEM_BAND:
          source_color (cr, &style->band);
          cairo_rectangle (cr, x, cy - 5.0, LEGEND_SAMPLE, 10.0);
          cairo_fill (cr);
          break;

        case FOL_CHART_ITEM_TREATMENT:
          {
            static const double dash[] = { 2.0, 3.0 };

            source_color (cr, &style->muted);
            cairo_set_line_width (cr, 1.0);
            cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
            cairo_move_to (cr, x + LEGEND_SAMPLE / 2.0 + 0.5, cy - 6.0);
            cairo_line_to (cr, x + LEGEND_SAMPLE / 2.0 + 0.5, cy + 6.0);
            cairo_stroke (cr);
            cairo_set_dash (cr, NULL, 0, 0);
          }
          break;

        case FOL_CHART_ITEM_TREND:
        default:
          {
            static const double dash[] = { 8.0, 4.0, 2.0, 4.0 };

            source_color (cr, &style->foreground);
            cairo_set_line_width (cr, 1.5);
            cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
            cairo_move_to (cr, x, cy);
            cairo_line_to (cr, x + LEGEND_SAMPLE, cy);
            cairo_stroke (cr);
            cairo_set_dash (cr, NULL, 0, 0);
          }
          break;
        }

      pango_layout_set_width (text, MAX (1.0, avail - LEGEND_SAMPLE - 6.0) * PANGO_SCALE);
      pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
      source_color (cr, &style->foreground);
      draw_text (cr, text, x + LEGEND_SAMPLE + 6.0, y);
    }
}

/* The series' clip: whole units, so that on an image the series are
 * drawn straight into the pixels (fol-chart-raster.c); room for half a
 * marker on the edges.
 */
void
_fol_chart_series_area (const FolChartRect *plot,
                        double             *x0,
                        double             *y0,
                        double             *x1,
                        double             *y1)
{
  *x0 = floor (plot->x - MARKER_RADIUS - 1.0);
  *y0 = floor (plot->y - MARKER_RADIUS - 1.0);
  *x1 = ceil (plot->x + plot->width + MARKER_RADIUS + 1.0);
  *y1 = ceil (plot->y + plot->height + MARKER_RADIUS + 1.0);
}

static void
draw_series_clipped (FolChartData        *data,
                     const FolChartStyle *style,
                     cairo_t             *cr,
                     const FolChartRect  *plot)
{
  FolChartLayout l = { 0 };
  double x0, y0, x1, y1;

  /* The series need nothing of the layout but the plot. */
  l.plot = *plot;
  _fol_chart_series_area (plot, &x0, &y0, &x1, &y1);
  cairo_save (cr);
  cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  cairo_clip (cr);
  draw_series (data, style, cr, &l);
  cairo_restore (cr);
}

/* Draws the chart, or without its series when @plot is not NULL and they
 * can be drawn last (the legend stays clear of them): then returns TRUE
 * and where the series go.
 */
static gboolean
render (FolChartData        *data,
        const FolChartStyle *style,
        cairo_t             *cr,
        double               width,
        double               height,
        FolChartRect        *plot)
{
  gboolean without_series = FALSE;
  FolChartLayout l;
  double x0, y0, x1, y1;

  if (width < 1.0 || height < 1.0)
    return FALSE;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, ceil (width), ceil (height));
  cairo_clip (cr);
  source_color (cr, &style->background);
  cairo_paint (cr);

  _fol_chart_layout_compute (data, style, cr, width, height, &l);

  if (fol_chart_data_get_title (data))
    {
      g_autoptr(PangoLayout) title = _fol_chart_new_layout (cr, style, fol_chart_data_get_title (data), TEXT_TITLE, TRUE);

      pango_layout_set_width (title, MAX (1.0, width - 2 * l.pad) * PANGO_SCALE);
      pango_layout_set_ellipsize (title, PANGO_ELLIPSIZE_END);
      source_color (cr, &style->foreground);
      draw_text (cr, title, l.pad, l.pad);
    }
  if (fol_chart_data_get_subtitle (data))
    {
      g_autoptr(PangoLayout) subtitle = _fol_chart_new_layout (cr, style, fol_chart_data_get_subtitle (data), 1.0, FALSE);

      pango_layout_set_width (subtitle, MAX (1.0, width - 2 * l.pad) * PANGO_SCALE);
      pango_layout_set_ellipsize (subtitle, PANGO_ELLIPSIZE_END);
      source_color (cr, &style->muted);
      draw_text (cr, subtitle, l.pad, l.pad + l.title_h + (l.title_h > 0 ? 2.0 : 0.0));
    }

  if (fol_chart_data_is_empty (data))
    {
      draw_empty (data, style, cr, &l, width);
      _fol_chart_layout_clear (&l);
      cairo_restore (cr);
      return FALSE;
    }

  /* Reference marks and data stay inside the plot, whatever the values;
   * the clip leaves room for half a marker on the edges.
   */
  draw_references (data, style, cr, &l);

  draw_axes (data, style, cr, &l);
  draw_treatments (data, style, cr, &l);

  /* The legend is drawn over the series; drawn before them, it must be
   * clear of anything they may draw (markers with their rims and halos).
   */
  _fol_chart_series_area (&l.plot, &x0, &y0, &x1, &y1);
  if (plot != NULL &&
      (l.legend->len == 0 || l.legend_y - 2 * MARKER_RADIUS >= y1))
    {
      without_series = TRUE;
      *plot = l.plot;
    }
  else
    draw_series_clipped (data, style, cr, &l.plot);

  draw_legend (data, style, cr, &l, width);

  _fol_chart_layout_clear (&l);
  cairo_restore (cr);
  return without_series;
}

/**
 * fol_chart_render:
 * @cr: any cairo context: a widget snapshot, an image, SVG or PDF surface,
 *   a printer page
 * @width: width in user units (1 unit = 1 pixel at 96 dpi)
 * @height: height in user units
 *
 * Draws the whole chart. This is the one drawing path for the screen,
 * files and printouts.
 */
void
fol_chart_render (FolChartData        *data,
                  const FolChartStyle *style,
                  cairo_t             *cr,
                  double               width,
                  double               height)
{
  g_return_if_fail (FOL_IS_CHART_DATA (data));
  g_return_if_fail (style != NULL);
  g_return_if_fail (cr != NULL);

  render (data, style, cr, width, height, NULL);
}

/**
 * _fol_chart_backdrop_key:
 *
 * Returns: (transfer full): what the backdrop of @data drawn in @style at
 *   this size depends on, as a string
 */
char *
_fol_chart_backdrop_key (FolChartData        *data,
                         const FolChartStyle *style,
                         double               width,
                         double               height)
{
  g_autofree char *data_key = _fol_chart_data_dup_backdrop_key (data);
  g_autofree char *style_key = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                            (const guchar *) style, sizeof *style);

  return g_strdup_printf ("%s %s %.17g %.17g", data_key, style_key, width, height);
}

/**
 * _fol_chart_render_backdrop:
 * @plot: (out): where the series go
 *
 * Draws the chart without its series, when they can be drawn afterwards
 * by _fol_chart_render_series() to the same effect as fol_chart_render();
 * otherwise draws the whole chart.
 *
 * Returns: %TRUE when the series are still to be drawn
 */
gboolean
_fol_chart_render_backdrop (FolChartData        *data,
                            const FolChartStyle *style,
                            cairo_t             *cr,
                            double               width,
                            double               height,
                            FolChartRect        *plot)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (data), FALSE);
  g_return_val_if_fail (style != NULL && cr != NULL && plot != NULL, FALSE);

  return render (data, style, cr, width, height, plot);
}

/**
 * _fol_chart_render_series:
 * @plot: as _fol_chart_render_backdrop() gave it, for a backdrop with the
 *   same key as @data's
 *
 * Draws the series of @data over a backdrop.
 */
void
_fol_chart_render_series (FolChartData        *data,
                          const FolChartStyle *style,
                          cairo_t             *cr,
                          double               width,
                          double               height,
                          const FolChartRect  *plot)
{
  g_return_if_fail (FOL_IS_CHART_DATA (data));
  g_return_if_fail (style != NULL && cr != NULL && plot != NULL);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, ceil (width), ceil (height));
  cairo_clip (cr);
  draw_series_clipped (data, style, cr, plot);
  cairo_restore (cr);
}

/**
 * fol_chart_render_page:
 * @width_pt: printable width in points (1/72 inch)
 * @height_pt: printable height in points
 *
 * Renders the chart into a page area measured in points, keeping text at
 * its size in points on paper: PDF export and printing.
 */
void
fol_chart_render_page (FolChartData        *data,
                       const FolChartStyle *style,
                       cairo_t             *cr,
                       double               width_pt,
                       double               height_pt)
{
  g_return_if_fail (FOL_IS_CHART_DATA (data));
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  _fol_chart_scale_to_page (cr);
  fol_chart_render (data, style, cr, width_pt * PX_PER_PT, height_pt * PX_PER_PT);
  cairo_restore (cr);
}

/* A chart is drawn in pixels: on a page, they are scaled to points. */
void
_fol_chart_scale_to_page (cairo_t *cr)
{
  cairo_scale (cr, 1.0 / PX_PER_PT, 1.0 / PX_PER_PT);
}

