/* fol-cli-chart.h
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
#include "fol-store.h"

G_BEGIN_DECLS

/* The arguments of follicle --export-chart, as given (NULL: not given). */
typedef struct
{
  const char *database;
  const char *patient;
  const char *export_chart;
  const char *measurement;
  const char *regions;
  const char *size;
  const char *scale;
  const char *format;
  gboolean    relative;
  gboolean    trend;
} FolCliChartArgs;

/* Opens the clinic @database (NULL: the default one) for reading. */
typedef FolStore *(*FolCliOpenFunc) (const char  *database,
                                     GError     **error);

gboolean fol_cli_parse_format (const char            *text,
                               FolChartFormat        *format);
int      fol_cli_export_chart (const FolCliChartArgs *args,
                               FolCliOpenFunc         open_store);

G_END_DECLS
