/* fol-outcomes-report.h
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

#include "fol-chart-export.h"
#include "fol-outcomes.h"
#include "fol-outcomes-chart.h"

G_BEGIN_DECLS

FolOutcomesChart *fol_outcomes_make_chart (const FolOutcomes  *outcomes);
char             *fol_outcomes_title      (const FolOutcomes  *outcomes);
gboolean          fol_outcomes_export     (const FolOutcomes  *outcomes,
                                           const char         *path,
                                           FolChartFormat      format,
                                           GError            **error);

G_END_DECLS
