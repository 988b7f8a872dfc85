/* fol-progress.h
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

#include "fol-chart-data.h"
#include "fol-chart-export.h"
#include "fol-history.h"

G_BEGIN_DECLS

typedef enum
{
  FOL_PROGRESS_NONE     = 0,
  FOL_PROGRESS_RELATIVE = 1 << 0,  /* change from baseline in % */
  FOL_PROGRESS_TREND    = 1 << 1,  /* least-squares line per region */
} FolProgressFlags;

FolChartData *fol_progress_chart_new     (FolHistory        *history,
                                          FolMeasure         measure,
                                          guint              regions,
                                          FolProgressFlags   flags,
                                          double             threshold_percent);
gboolean      fol_progress_parse_regions (const char        *list,
                                          guint             *out_regions,
                                          GError           **error);
FolPaperSize  fol_paper_size_for_locale  (void);

G_END_DECLS
