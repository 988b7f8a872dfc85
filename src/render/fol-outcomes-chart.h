/* fol-outcomes-chart.h
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

#include "fol-chart.h"

G_BEGIN_DECLS

/* The comparison chart of clinic outcomes: per follow-up window, each
 * treatment's mean change with its 95 % interval as a bar and its n; a
 * window with too few patients shows "too few" instead of a mean, and a
 * group with too few in every window is left out, with a line saying so. Drawn
 * on any cairo_t with the progress chart's style, fonts and ticks.
 */
typedef struct _FolOutcomesChart FolOutcomesChart;

FolOutcomesChart *fol_outcomes_chart_new       (const char          *title,
                                                const char          *y_title);
void              fol_outcomes_chart_free      (FolOutcomesChart    *self);
void              fol_outcomes_chart_set_windows (FolOutcomesChart  *self,
                                                const guint         *months,
                                                guint                n_windows);
void              fol_outcomes_chart_add_group (FolOutcomesChart    *self,
                                                const char          *label,
                                                const double        *mean,
                                                const double        *low,
                                                const double        *high,
                                                const guint         *n);
guint             fol_outcomes_chart_get_n_groups (FolOutcomesChart *self);
guint             fol_outcomes_chart_get_n_drawn (FolOutcomesChart  *self);
double            fol_outcomes_chart_get_min_height (FolOutcomesChart    *self,
                                                     const FolChartStyle *style,
                                                     double               plot_height);
gboolean          fol_outcomes_chart_get_mark  (FolOutcomesChart    *self,
                                                guint                group,
                                                guint               *color,
                                                FolChartMarker      *shape);
void              fol_outcomes_chart_render    (FolOutcomesChart    *self,
                                                const FolChartStyle *style,
                                                cairo_t             *cr,
                                                double               width,
                                                double               height);
gboolean          fol_outcomes_chart_get_point (FolOutcomesChart    *self,
                                                const FolChartStyle *style,
                                                double               width,
                                                double               height,
                                                guint                group,
                                                guint                window,
                                                double              *x,
                                                double              *y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolOutcomesChart, fol_outcomes_chart_free)

G_END_DECLS
