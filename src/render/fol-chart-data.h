/* fol-chart-data.h
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

#include <glib-object.h>

#include "fol-date.h"
#include "fol-region.h"

G_BEGIN_DECLS

#define FOL_CHART_DEFAULT_THRESHOLD 10.0

#define FOL_TYPE_CHART_DATA (fol_chart_data_get_type ())

G_DECLARE_FINAL_TYPE (FolChartData, fol_chart_data, FOL, CHART_DATA, GObject)

FolChartData *fol_chart_data_new              (FolMeasure          measure,
                                               gboolean            relative);
FolMeasure    fol_chart_data_get_measure      (FolChartData       *self);
gboolean      fol_chart_data_get_relative     (FolChartData       *self);
void          fol_chart_data_set_title        (FolChartData       *self,
                                               const char         *title);
const char   *fol_chart_data_get_title        (FolChartData       *self);
void          fol_chart_data_set_subtitle     (FolChartData       *self,
                                               const char         *subtitle);
const char   *fol_chart_data_get_subtitle     (FolChartData       *self);
guint         fol_chart_data_add_series       (FolChartData       *self,
                                               FolRegion           region,
                                               const FolDate      *dates,
                                               const double       *values,
                                               const char * const *ids,
                                               guint               n,
                                               double              baseline);
void          fol_chart_data_set_series_trend (FolChartData       *self,
                                               guint               series,
                                               FolDate             origin,
                                               double              intercept,
                                               double              slope_per_month);
void          fol_chart_data_add_treatment    (FolChartData       *self,
                                               FolDate             date,
                                               const char         *label);
void          fol_chart_data_set_threshold    (FolChartData       *self,
                                               double              percent);
double        fol_chart_data_get_threshold    (FolChartData       *self);
void          fol_chart_data_set_y_range      (FolChartData       *self,
                                               double              min,
                                               double              max);

guint         fol_chart_data_get_n_series     (FolChartData       *self);
FolRegion     fol_chart_data_get_series_region (FolChartData      *self,
                                               guint               series);
const char   *fol_chart_data_get_series_label (FolChartData      *self,
                                               guint               series);
double        fol_chart_data_get_series_baseline (FolChartData    *self,
                                               guint               series);
gboolean      fol_chart_data_get_series_trend (FolChartData       *self,
                                               guint               series,
                                               FolDate            *origin,
                                               double             *intercept,
                                               double             *slope_per_month);
guint         fol_chart_data_get_n_points     (FolChartData       *self,
                                               guint               series);
FolDate       fol_chart_data_get_date         (FolChartData       *self,
                                               guint               series,
                                               guint               point);
double        fol_chart_data_get_value        (FolChartData       *self,
                                               guint               series,
                                               guint               point);
double        fol_chart_data_get_y            (FolChartData       *self,
                                               guint               series,
                                               guint               point);
const char   *fol_chart_data_get_id           (FolChartData       *self,
                                               guint               series,
                                               guint               point);
gboolean      fol_chart_data_get_normalized   (FolChartData       *self,
                                               guint               series,
                                               guint               point,
                                               double             *nx,
                                               double             *ny);
guint         fol_chart_data_get_n_treatments (FolChartData       *self);
FolDate       fol_chart_data_get_treatment_date (FolChartData     *self,
                                               guint               i);
const char   *fol_chart_data_get_treatment_label (FolChartData    *self,
                                               guint               i);
gboolean      fol_chart_data_is_empty         (FolChartData       *self);
gboolean      fol_chart_data_get_band         (FolChartData       *self,
                                               double             *low,
                                               double             *high);
void          fol_chart_data_get_x_range      (FolChartData       *self,
                                               FolDate            *first,
                                               FolDate            *last);
void          fol_chart_data_get_y_range      (FolChartData       *self,
                                               double             *min,
                                               double             *max,
                                               double             *tick_step);
double        fol_chart_data_normalize_x      (FolChartData       *self,
                                               double              date);
double        fol_chart_data_normalize_y      (FolChartData       *self,
                                               double              y);
char         *fol_chart_data_describe_point   (FolChartData       *self,
                                               guint               series,
                                               guint               point);
char         *fol_chart_data_dup_point_label  (FolChartData       *self,
                                               guint               series,
                                               guint               point);
char         *fol_chart_data_dup_y_title      (FolChartData       *self);
void          fol_chart_data_set_levels       (FolChartData       *self,
                                               const char * const *labels,
                                               guint               n);
guint         fol_chart_data_get_n_levels     (FolChartData       *self);
const char   *fol_chart_data_get_level_label  (FolChartData       *self,
                                               guint               level);
char         *fol_chart_data_dup_y_tick_label (FolChartData       *self,
                                               double              value,
                                               guint               decimals);

G_END_DECLS
