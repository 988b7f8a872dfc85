/* fol-cli-batch.h
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

#include "fol-chart-export.h"
#include "fol-cli-chart.h"

G_BEGIN_DECLS

int fol_cli_export_charts (const char *database,
                           const char *dir,
                           const char *measurement,
                           const char *format,
                           const char *size,
                           const char *regions);
int fol_cli_export_reports (const char *database,
                            const char *dir,
                            gboolean    include_notes);

G_END_DECLS
