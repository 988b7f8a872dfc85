/* fol-progress-panel.h
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
#include "fol-history.h"

G_BEGIN_DECLS

#define FOL_TYPE_PROGRESS_PANEL (fol_progress_panel_get_type ())

G_DECLARE_FINAL_TYPE (FolProgressPanel, fol_progress_panel, FOL, PROGRESS_PANEL, GtkWidget)

GtkWidget    *fol_progress_panel_new          (void);
void          fol_progress_panel_set_history  (FolProgressPanel *self,
                                               FolHistory       *history,
                                               double            threshold_percent);
FolChartData *fol_progress_panel_get_data     (FolProgressPanel *self);
void          fol_progress_panel_set_measure  (FolProgressPanel *self,
                                               FolMeasure        measure);
FolMeasure    fol_progress_panel_get_measure  (FolProgressPanel *self);
void          fol_progress_panel_set_relative (FolProgressPanel *self,
                                               gboolean          relative);
gboolean      fol_progress_panel_export_to    (FolProgressPanel *self,
                                               const char       *path,
                                               int               width,
                                               int               height,
                                               double            scale,
                                               GError          **error);

G_END_DECLS
