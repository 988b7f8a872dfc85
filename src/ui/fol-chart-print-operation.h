/* fol-chart-print-operation.h
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

#include "fol-chart-data.h"

G_BEGIN_DECLS

#define FOL_TYPE_CHART_PRINT_OPERATION (fol_chart_print_operation_get_type ())

G_DECLARE_FINAL_TYPE (FolChartPrintOperation, fol_chart_print_operation,
                      FOL, CHART_PRINT_OPERATION, GtkPrintOperation)

FolChartPrintOperation *fol_chart_print_operation_new      (FolChartData           *data);
FolChartData           *fol_chart_print_operation_get_data (FolChartPrintOperation *self);

G_END_DECLS
