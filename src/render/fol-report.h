/* fol-report.h
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

#include <gio/gio.h>

#include "fol-chart-export.h"
#include "fol-store.h"

G_BEGIN_DECLS

/* @fraction goes from 0 to 1. */
typedef void (*FolReportProgress) (double   fraction,
                                   gpointer user_data);

/* What the report holds beyond the records the patient may see. */
typedef enum
{
  FOL_REPORT_FLAGS_NONE     = 0,
  FOL_REPORT_INCLUDE_NOTES  = 1 << 0,  /* the clinician's private notes */
} FolReportFlags;

/* Printed resolution of photos in the report. */
#define FOL_REPORT_PHOTO_DPI 150.0

gboolean fol_report_write        (FolStore             *store,
                                  const char           *patient_id,
                                  const char           *path,
                                  FolPaperSize          paper,
                                  FolReportFlags        flags,
                                  GCancellable         *cancellable,
                                  FolReportProgress     progress,
                                  gpointer              progress_data,
                                  GError              **error);
void     fol_report_write_async  (FolStore             *store,
                                  const char           *patient_id,
                                  const char           *path,
                                  FolPaperSize          paper,
                                  FolReportFlags        flags,
                                  GCancellable         *cancellable,
                                  FolReportProgress     progress,
                                  gpointer              progress_data,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
gboolean fol_report_write_finish (FolStore             *store,
                                  GAsyncResult         *result,
                                  GError              **error);

G_END_DECLS
