/* fol-scalp-map-private.h
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

#include "fol-scalp-map.h"

G_BEGIN_DECLS

/* What a primary click at (x, y), in widget coordinates, does. */
void       _fol_scalp_map_click             (FolScalpMap *self,
                                             double       x,
                                             double       y);
/* The focusable child that stands for a region to keyboards and screen readers. */
GtkWidget *_fol_scalp_map_get_region_widget (FolScalpMap *self,
                                             FolRegion    region);
FolRegion  _fol_scalp_map_get_hovered       (FolScalpMap *self);
void       _fol_scalp_map_hover             (FolScalpMap *self,
                                             double       x,
                                             double       y);

G_END_DECLS
