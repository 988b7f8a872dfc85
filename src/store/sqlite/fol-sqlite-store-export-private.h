/* fol-sqlite-store-export-private.h
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

#include "fol-sqlite-store-export.h"
#include "fol-sqlite-store-private.h"

G_BEGIN_DECLS

gboolean _fol_sqlite_is_sha256       (const char     *text);
gboolean _fol_sqlite_has_table       (sqlite3        *db,
                                      const char     *name);

G_END_DECLS
