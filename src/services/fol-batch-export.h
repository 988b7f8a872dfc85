/* fol-batch-export.h
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
#include "fol-progress.h"
#include "fol-store.h"

G_BEGIN_DECLS

/* What is written for each patient. */
typedef enum
{
  FOL_BATCH_EXPORT_CHARTS,   /* the progress chart, in @format */
  FOL_BATCH_EXPORT_REPORTS,  /* the consultation report (PDF) */
} FolBatchExportKind;

typedef struct
{
  FolBatchExportKind kind;
  FolMeasure        measure;
  guint             regions;    /* 0: every region measured */
  FolProgressFlags  flags;
  FolChartFormat    format;     /* PNG, SVG or PDF; not AUTO */
  int               width;
  int               height;
  double            scale;
  FolPaperSize      paper;      /* of PDF charts and of reports */
  guint             n_workers;  /* 0: one per processor, and one more */
  gboolean          include_notes;  /* reports: the clinician's notes too */
} FolBatchExportOptions;

/* Why a batch stopped before its last patient, other than a cancel: the
 * folder's disk, which would refuse every file after. */
typedef enum
{
  FOL_BATCH_EXPORT_STOP_NONE,
  FOL_BATCH_EXPORT_STOP_DISK_FULL,   /* no space left (or the size limit) */
} FolBatchExportStop;

typedef struct
{
  guint              total;
  guint              written;
  guint              failed;
  gboolean           cancelled;
  FolBatchExportStop stopped;
  GPtrArray         *failures;  /* "ID: message" per patient not written */
} FolBatchExportResult;

/* Called on the calling thread after each patient, written or not. */
typedef void (*FolBatchExportProgress) (guint    done,
                                        guint    total,
                                        gpointer user_data);

void     fol_batch_export_options_init (FolBatchExportOptions        *options);
char    *fol_batch_export_file_name    (const char                   *patient_id,
                                        const char                   *name,
                                        FolChartFormat                format);
gboolean fol_batch_export              (FolStore                     *store,
                                        const char                   *dir,
                                        const FolBatchExportOptions  *options,
                                        GCancellable                 *cancellable,
                                        FolBatchExportProgress        progress,
                                        gpointer                      user_data,
                                        FolBatchExportResult         *result,
                                        GError                      **error);
void     fol_batch_export_result_clear (FolBatchExportResult         *result);
const char *fol_batch_export_stop_reason (FolBatchExportStop         stop);

G_END_DECLS
