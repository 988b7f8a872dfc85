/* fol-chart-export.h
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

#include <glib.h>

#include "fol-chart-data.h"

G_BEGIN_DECLS

typedef enum
{
  FOL_CHART_FORMAT_AUTO,   /* from the file name's extension */
  FOL_CHART_FORMAT_PNG,
  FOL_CHART_FORMAT_SVG,
  FOL_CHART_FORMAT_PDF,
} FolChartFormat;

typedef enum
{
  FOL_PAPER_A4,
  FOL_PAPER_LETTER,
} FolPaperSize;

/* Limits of a chart's pixel scale and size, for PNG (100 megapixels,
 * the same as a photo to import).
 */
#define FOL_CHART_MIN_SCALE  0.5
#define FOL_CHART_MAX_SCALE  4.0
#define FOL_CHART_MAX_PIXELS 100000000.0

gboolean fol_chart_format_from_path (const char      *path,
                                     FolChartFormat  *format,
                                     GError         **error);
void     fol_paper_size_get_landscape (FolPaperSize   paper,
                                     double          *width_pt,
                                     double          *height_pt);
gboolean fol_chart_export           (FolChartData    *data,
                                     const char      *path,
                                     FolChartFormat   format,
                                     int              width,
                                     int              height,
                                     double           scale,
                                     FolPaperSize     paper,
                                     GError         **error);
gboolean fol_chart_export_to_stdout (FolChartData    *data,
                                     FolChartFormat   format,
                                     int              width,
                                     int              height,
                                     double           scale,
                                     FolPaperSize     paper,
                                     GError         **error);
typedef struct _FolChartFonts FolChartFonts;

void     fol_chart_fonts_first_use  (void);
FolChartFonts *fol_chart_fonts_load (FolChartFormat   format,
                                     double           scale);
void     fol_chart_fonts_wait       (FolChartFonts   *fonts);

gboolean fol_chart_check_size       (int              width,
                                     int              height,
                                     double           scale,
                                     GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolChartFonts, fol_chart_fonts_wait)

G_END_DECLS
