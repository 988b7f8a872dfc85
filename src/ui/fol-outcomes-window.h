/* fol-outcomes-window.h
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

#include "fol-outcomes.h"
#include "fol-store.h"

G_BEGIN_DECLS

#define FOL_TYPE_OUTCOMES_WINDOW (fol_outcomes_window_get_type ())

G_DECLARE_FINAL_TYPE (FolOutcomesWindow, fol_outcomes_window, FOL, OUTCOMES_WINDOW, AdwWindow)

FolOutcomesWindow *fol_outcomes_window_new          (GtkWindow         *parent,
                                                     FolStore          *store,
                                                     double             threshold);
void               fol_outcomes_window_set_filter   (FolOutcomesWindow *self,
                                                     const char        *treatment_type,
                                                     FolMeasure         measure,
                                                     FolRegion          region);
void               fol_outcomes_window_set_group_by (FolOutcomesWindow *self,
                                                     FolOutcomesGrouping by);
gboolean           fol_outcomes_window_is_computing (FolOutcomesWindow *self);
void               fol_outcomes_window_cancel       (FolOutcomesWindow *self);
const FolOutcomes *fol_outcomes_window_get_outcomes (FolOutcomesWindow *self);
GtkWidget         *fol_outcomes_window_get_table    (FolOutcomesWindow *self);
GtkWidget         *fol_outcomes_window_get_chart    (FolOutcomesWindow *self);
gboolean           fol_outcomes_window_export_chart (FolOutcomesWindow *self,
                                                     const char        *path,
                                                     GError           **error);
gboolean           fol_outcomes_window_export_csv   (FolOutcomesWindow *self,
                                                     const char        *path,
                                                     GError           **error);

G_END_DECLS
