/* fol-chart-view.h
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

#include <gtk/gtk.h>

#include "fol-chart.h"
#include "fol-chart-data.h"

G_BEGIN_DECLS

#define FOL_TYPE_CHART_VIEW (fol_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (FolChartView, fol_chart_view, FOL, CHART_VIEW, GtkWidget)

GtkWidget           *fol_chart_view_new          (void);
FolChartData        *fol_chart_view_get_data     (FolChartView *self);
void                 fol_chart_view_set_data     (FolChartView *self,
                                                  FolChartData *data);
const FolChartStyle *fol_chart_view_get_style    (FolChartView *self);
void                 fol_chart_style_init_for_widget (FolChartStyle *style,
                                                      GtkWidget     *widget);
gboolean             fol_chart_view_get_selected (FolChartView *self,
                                                  guint        *series,
                                                  guint        *point);
void                 fol_chart_view_select       (FolChartView *self,
                                                  guint         series,
                                                  guint         point);

G_END_DECLS
