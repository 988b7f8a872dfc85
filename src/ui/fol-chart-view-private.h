/* fol-chart-view-private.h
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

#include "fol-chart-view.h"

G_BEGIN_DECLS

/* What the pointer does, for tests that cannot move a pointer. */
gboolean _fol_chart_view_hover_at  (FolChartView *self,
                                    double        x,
                                    double        y);
gboolean _fol_chart_view_get_hover (FolChartView *self,
                                    guint        *series,
                                    guint        *point);
guint    _fol_chart_view_get_n_renders (FolChartView *self);
guint    _fol_chart_view_get_n_backdrops (FolChartView *self);
cairo_surface_t *_fol_chart_view_get_chart_pixels (FolChartView *self);
GskRenderNode   *_fol_chart_pixels_node (cairo_surface_t *pixels,
                                         int              width,
                                         int              height);

G_END_DECLS
