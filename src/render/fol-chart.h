/* fol-chart.h
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

#pragma once

#include <cairo.h>
#include <glib.h>

#include "fol-chart-data.h"

G_BEGIN_DECLS

#define FOL_CHART_N_COLORS 8

/* Same layout as GdkRGBA, which the core cannot use. */
typedef struct
{
  float red;
  float green;
  float blue;
  float alpha;
} FolChartColor;

typedef enum
{
  FOL_CHART_MARKER_CIRCLE,
  FOL_CHART_MARKER_SQUARE,
  FOL_CHART_MARKER_TRIANGLE,
  FOL_CHART_MARKER_DIAMOND,
  FOL_CHART_MARKER_TRIANGLE_DOWN,
  FOL_CHART_MARKER_CROSS,
  FOL_CHART_MARKER_PLUS,
  FOL_CHART_MARKER_STAR,
} FolChartMarker;

/* Colours and fonts of a chart. Series take their colour and marker from
 * their region, so a region looks the same in every chart.
 */
typedef struct
{
  FolChartColor  background;
  FolChartColor  foreground;
  FolChartColor  grid;
  FolChartColor  muted;
  FolChartColor  band;
  FolChartColor  accent;
  FolChartColor  palette[FOL_CHART_N_COLORS];
  FolChartMarker markers[FOL_CHART_N_COLORS];
  char           font_family[64];
  double         font_size;      /* points at 96 dpi */
  gboolean       dark;
} FolChartStyle;

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} FolChartRect;

void     fol_chart_style_init_light (FolChartStyle       *style);
void     fol_chart_style_init_dark  (FolChartStyle       *style);
const FolChartColor *
         fol_chart_style_get_series_color (const FolChartStyle *style,
                                           FolRegion            region);

gboolean fol_chart_nice_ticks       (double               min,
                                     double               max,
                                     guint                target,
                                     double              *step,
                                     double              *first,
                                     guint               *n);
guint    fol_chart_tick_decimals    (double               step);
void     fol_chart_draw_marker      (cairo_t             *cr,
                                     const FolChartStyle *style,
                                     FolChartMarker       shape,
                                     const FolChartColor *color,
                                     double               x,
                                     double               y,
                                     double               radius);

void     fol_chart_render           (FolChartData        *data,
                                     const FolChartStyle *style,
                                     cairo_t             *cr,
                                     double               width,
                                     double               height);
void     fol_chart_render_page      (FolChartData        *data,
                                     const FolChartStyle *style,
                                     cairo_t             *cr,
                                     double               width_pt,
                                     double               height_pt);
void     fol_chart_get_plot_area    (FolChartData        *data,
                                     const FolChartStyle *style,
                                     double               width,
                                     double               height,
                                     FolChartRect        *plot);
void     fol_chart_get_legend_area  (FolChartData        *data,
                                     const FolChartStyle *style,
                                     double               width,
                                     double               height,
                                     FolChartRect        *legend);
gboolean fol_chart_get_point_position (FolChartData      *data,
                                     const FolChartStyle *style,
                                     double               width,
                                     double               height,
                                     guint                series,
                                     guint                point,
                                     double              *x,
                                     double              *y);
gboolean fol_chart_hit_test         (FolChartData        *data,
                                     const FolChartStyle *style,
                                     double               width,
                                     double               height,
                                     double               x,
                                     double               y,
                                     guint               *series,
                                     guint               *point);

G_END_DECLS
