/* fol-summary.h
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

#include "fol-history.h"
#include "fol-threshold.h"

G_BEGIN_DECLS

/* The no-change band's default, in percent (CLINICAL.md). */
#define FOL_DEFAULT_CHANGE_THRESHOLD FOL_THRESHOLD_DEFAULT

char *fol_summary_table       (FolHistory *history,
                               double      threshold_percent);
char *fol_summary_region_line (FolHistory *history,
                               FolMeasure  measure,
                               FolRegion   region,
                               double      threshold_percent);

G_END_DECLS
