/* fol-batch-export-dialog.h
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

#include <adwaita.h>

#include "fol-batch-export.h"

G_BEGIN_DECLS

#define FOL_TYPE_BATCH_EXPORT_DIALOG (fol_batch_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FolBatchExportDialog, fol_batch_export_dialog, FOL, BATCH_EXPORT_DIALOG,
                      AdwWindow)

GtkWidget    *fol_batch_export_dialog_new             (GtkWindow            *parent,
                                                       FolBatchExportKind    kind);
GCancellable *fol_batch_export_dialog_get_cancellable (FolBatchExportDialog *self);
void          fol_batch_export_dialog_set_progress    (FolBatchExportDialog *self,
                                                       guint                 done,
                                                       guint                 total);
const char   *fol_batch_export_dialog_get_status      (FolBatchExportDialog *self);

G_END_DECLS
