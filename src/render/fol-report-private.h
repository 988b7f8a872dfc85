/* fol-report-private.h
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
#include <pango/pangocairo.h>

#include "fol-chart.h"
#include "fol-history.h"
#include "fol-report.h"

G_BEGIN_DECLS

/* Page geometry and type, in points. */
#define MARGIN_PT      50.0
#define FOOTER_PT      28.0
#define GAP_PT         8.0
#define CHART_HEIGHT   300.0
#define PHOTO_HEIGHT   220.0
#define BODY_FONT      "Sans 10"
#define SMALL_FONT     "Sans 8"
#define HEADING_FONT   "Sans Bold 13"
#define TITLE_FONT     "Sans Bold 20"

typedef struct
{
  FolRegion  region;
  GBytes    *before;
  FolDate    before_date;
  GBytes    *after;     /* NULL when the region has one photo */
  FolDate    after_date;
} PhotoPair;

/* Everything the report shows, read from the store before drawing, so
 * that drawing can run in a worker thread without touching the store.
 */
typedef struct
{
  FolHistory   *history;
  GArray       *photos;  /* PhotoPair */
  char         *path;
  FolPaperSize  paper;
  FolReportFlags flags;
  double        threshold;  /* the no-change threshold in effect, in percent */
  FolDate       today;
  GHashTable   *layouts;  /* font, width and text → PangoLayout, for both passes */
} ReportData;

/* One pass of drawing: where the cursor is, which page, what to tell. */
typedef struct
{
  ReportData    *data;
  cairo_t       *cr;
  PangoContext  *pango;
  FolChartStyle  style;
  double         page_w;
  double         page_h;
  double         y;
  guint          page;      /* 1-based, the page being drawn */
  guint          n_pages;   /* 0 in the counting pass */
  GCancellable  *cancellable;
  FolReportProgress progress;
  gpointer       progress_data;
  double         progress_from;
  double         progress_to;
} Ctx;

typedef struct
{
  const char *title;
  double      share;  /* of the content width */
} TableColumn;

double           _fol_report_content_width  (Ctx               *ctx);
double           _fol_report_content_bottom (Ctx               *ctx);
PangoLayout     *_fol_report_make_layout    (Ctx               *ctx,
                                             const char        *font,
                                             const char        *text,
                                             double             width);
double           _fol_report_layout_height  (PangoLayout       *layout);
void             _fol_report_set_color      (cairo_t             *cr,
                                             const FolChartColor *c);
void             _fol_report_draw_footer    (Ctx               *ctx);
void             _fol_report_new_page       (Ctx               *ctx);
void             _fol_report_ensure_space   (Ctx               *ctx,
                                             double             height);
double           _fol_report_text_block     (Ctx               *ctx,
                                             const char        *font,
                                             const char        *text,
                                             double             x,
                                             double             width,
                                             double             y,
                                             gboolean           draw);
void             _fol_report_paragraph      (Ctx               *ctx,
                                             const char        *font,
                                             const char        *text);
void             _fol_report_heading        (Ctx               *ctx,
                                             const char        *text,
                                             double             keep);
gboolean         _fol_report_step           (Ctx               *ctx,
                                             double             fraction,
                                             GError           **error);
double           _fol_report_table_row      (Ctx               *ctx,
                                             const TableColumn *columns,
                                             guint              n,
                                             char             **cells,
                                             const char        *font,
                                             gboolean           draw,
                                             gboolean           shaded);
void             _fol_report_table_header   (Ctx               *ctx,
                                             const TableColumn *columns,
                                             guint              n);
void             _fol_report_table_add      (Ctx               *ctx,
                                             const TableColumn *columns,
                                             guint              n,
                                             char             **cells);
void             _fol_report_section_notes  (Ctx               *ctx);
void             _fol_report_section_figures (Ctx              *ctx);
void             _fol_report_section_scale_charts (Ctx         *ctx);
void             _fol_report_pick_photos    (GPtrArray         *photos,
                                             FolHistory        *history,
                                             FolRegion          region,
                                             FolPhoto         **out_before,
                                             FolPhoto         **out_after);
cairo_surface_t *_fol_report_photo_surface  (GBytes            *bytes,
                                             const char        *name,
                                             double             box_w_pt,
                                             double             box_h_pt,
                                             double            *out_w_pt,
                                             double            *out_h_pt,
                                             GError           **error);

G_END_DECLS
