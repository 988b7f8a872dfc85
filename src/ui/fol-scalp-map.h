/* fol-scalp-map.h
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

#include "fol-region.h"

G_BEGIN_DECLS

#define FOL_TYPE_SCALP_MAP (fol_scalp_map_get_type ())

G_DECLARE_FINAL_TYPE (FolScalpMap, fol_scalp_map, FOL, SCALP_MAP, GtkWidget)

GtkWidget        *fol_scalp_map_new                 (void);
void              fol_scalp_map_set_changes         (FolScalpMap      *self,
                                                     const double     *change_percent);
double            fol_scalp_map_get_change          (FolScalpMap      *self,
                                                     FolRegion         region);
GtkSelectionMode  fol_scalp_map_get_selection_mode  (FolScalpMap      *self);
void              fol_scalp_map_set_selection_mode  (FolScalpMap      *self,
                                                     GtkSelectionMode  mode);
guint             fol_scalp_map_get_selected_regions (FolScalpMap     *self);
void              fol_scalp_map_set_selected_regions (FolScalpMap     *self,
                                                      guint            mask);
double            fol_scalp_map_get_threshold       (FolScalpMap      *self);
void              fol_scalp_map_set_threshold       (FolScalpMap      *self,
                                                     double            threshold_percent);
gboolean          fol_scalp_map_get_lower_is_better (FolScalpMap      *self);
void              fol_scalp_map_set_lower_is_better (FolScalpMap      *self,
                                                     gboolean          lower_is_better);

G_END_DECLS
