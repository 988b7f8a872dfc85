/* fol-demo.h
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

#include "fol-store.h"

G_BEGIN_DECLS

#define FOL_DEMO_SEED 20261125

gboolean fol_demo_populate (FolStore  *store,
                            guint32    seed,
                            guint     *out_n_patients,
                            GError   **error);
gboolean fol_demo_add_photos (FolStore  *store,
                              guint32    seed,
                              guint     *out_n_photos,
                              GError   **error);

G_END_DECLS
