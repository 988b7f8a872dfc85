/* fol-chart-private.h
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

#include <math.h>

#include <pango/pangocairo.h>

#include "fol-chart.h"

G_BEGIN_DECLS

#define MARKER_RADIUS   4.5

/* On SVG and PDF surfaces the series' lines and markers are drawn in units
 * of 256 pixels (this many units a pixel). cairo 1.16 writes a stroked
 * path in an SVG in the units it was drawn in, with the scale as its
 * transform, and prints every number through the C library's snprintf(),
 * which takes twice as long for a number of 8 or more as for one below: in
 * these units a chart's coordinates are all below 8 (6.25 across 1600
 * pixels), and one SVG export of 50 visits × 8 regions took 5.7 million
 * fewer instructions. A power of two scales exactly: the path cairo keeps,
 * and so every pixel and every PDF, is the same to the last bit.
 */
#define FOL_CHART_VECTOR_UNIT (1.0 / 256.0)
#define TICK_LENGTH     5.0
#define LEGEND_SAMPLE   24.0
#define PX_PER_PT       (96.0 / 72.0)
#define DAYS_PER_MONTH  30.4375  /* 365.25 / 12, as CLINICAL.md fixes it */
/* Text sizes, as a factor of the style's font size */
#define TEXT_SMALL      0.85     /* treatment labels */
#define TEXT_TITLE      1.25     /* titles, in bold */

typedef struct
{
  const char *text;   /* borrowed */
  char       *owned;
  int         kind;   /* FOL_CHART_ITEM_* */
  guint       series;
  double      width;
  double      x;
  double      y;
} FolChartLegendItem;

enum {
  FOL_CHART_ITEM_SERIES,
  FOL_CHART_ITEM_BAND,
  FOL_CHART_ITEM_TREATMENT,
  FOL_CHART_ITEM_TREND,
};

/* Everything about where things go, derived from data, style and size. */
typedef struct
{
  double        font_px;
  double        pad;
  double        line_h;
  double        small_h;
  double        title_h;
  double        subtitle_h;
  FolChartRect  plot;

  double        y_min;
  double        y_max;
  double        y_step;
  double        y_first;
  guint         y_n;
  guint         y_decimals;

  guint         x_step_months;
  guint         tr_rows;
  guint         tr_n;
  int          *tr_row;       /* per treatment: row, or -1 when its label is left out */
  double       *tr_x;         /* per treatment: the left edge of its label */
  char        **tr_text;      /* per treatment: its label, or NULL */

  GArray       *legend;       /* of FolChartLegendItem */
  double        legend_y;
  double        legend_h;
} FolChartLayout;

static inline double
_fol_chart_y_tick_value (const FolChartLayout *l,
                         guint                 i)
{
  double v = l->y_first + i * l->y_step;

  if (fabs (v) < l->y_step * 1e-9)
    v = 0.0;
  return v;
}

static inline double
_fol_chart_map_x (const FolChartLayout *l,
                  double                nx)
{
  return l->plot.x + nx * l->plot.width;
}

static inline double
_fol_chart_map_y (const FolChartLayout *l,
                  double                ny)
{
  return l->plot.y + (1.0 - ny) * l->plot.height;
}

guint        _fol_chart_markers_run     (const double        *xs,
                                        const double        *ys,
                                        guint                n,
                                        FolChartMarker       shape,
                                        double               r);
void         _fol_chart_scale_to_page   (cairo_t             *cr);
void         _fol_chart_load_faces      (cairo_t             *cr,
                                         const FolChartStyle *style);
PangoLayout *_fol_chart_new_layout      (cairo_t             *cr,
                                        const FolChartStyle *style,
                                        const char          *text,
                                        double               scale,
                                        gboolean             bold);
void         _fol_chart_layout_size     (PangoLayout         *layout,
                                        double              *width,
                                        double              *height);
char        *_fol_chart_format_tick     (double               value,
                                        guint                decimals);
void         _fol_chart_month_ticks     (FolChartData        *data,
                                        guint                step_months,
                                        GArray              *out);
gboolean     _fol_chart_x_ticks         (FolChartData        *data,
                                        guint                step_months,
                                        GArray              *out);
void         _fol_chart_layout_compute  (FolChartData        *data,
                                        const FolChartStyle *style,
                                        cairo_t             *cr,
                                        double               width,
                                        double               height,
                                        FolChartLayout      *layout);
void         _fol_chart_layout_clear    (FolChartLayout      *layout);

/* A chart in two parts, for a view that keeps the first while the values
 * change: the backdrop (everything but the series) and the series over
 * it. Drawing both equals fol_chart_render(), pixel for pixel.
 */
char        *_fol_chart_data_dup_backdrop_key (FolChartData     *data);
char        *_fol_chart_backdrop_key    (FolChartData        *data,
                                        const FolChartStyle *style,
                                        double               width,
                                        double               height);
gboolean     _fol_chart_render_backdrop (FolChartData        *data,
                                        const FolChartStyle *style,
                                        cairo_t             *cr,
                                        double               width,
                                        double               height,
                                        FolChartRect        *plot);
void         _fol_chart_render_series   (FolChartData        *data,
                                        const FolChartStyle *style,
                                        cairo_t             *cr,
                                        double               width,
                                        double               height,
                                        const FolChartRect  *plot);
/* Where the series of a chart with this plot can draw, and nowhere else. */
void         _fol_chart_series_area     (const FolChartRect  *plot,
                                        double              *x0,
                                        double              *y0,
                                        double              *x1,
                                        double              *y1);

G_END_DECLS
