/* fol-chart-raster.h
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

G_BEGIN_DECLS

typedef struct _FolChartRaster FolChartRaster;

FolChartRaster *_fol_chart_raster_new      (cairo_t        *cr);
void            _fol_chart_raster_move_to  (FolChartRaster *raster,
                                            double          x,
                                            double          y);
void            _fol_chart_raster_line_to  (FolChartRaster *raster,
                                            double          x,
                                            double          y);
void            _fol_chart_raster_stroke   (FolChartRaster *raster,
                                            double          width,
                                            double          red,
                                            double          green,
                                            double          blue,
                                            double          alpha);
void            _fol_chart_raster_free     (FolChartRaster *raster);

/* For tests: whether four pixels are done at a time (where the processor
 * can); both ways draw the same bytes.
 */
gboolean        _fol_chart_raster_set_vector (FolChartRaster *raster,
                                              gboolean        vector);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolChartRaster, _fol_chart_raster_free)

G_END_DECLS
