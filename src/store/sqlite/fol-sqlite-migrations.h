/* fol-sqlite-migrations.h
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

G_BEGIN_DECLS

/* "Foll" in ASCII: PRAGMA application_id of a Follicle clinic database. */
#define FOL_SQLITE_APPLICATION_ID 0x466f6c6c

guint       _fol_sqlite_schema_version (void);
const char *_fol_sqlite_migration      (guint to_version);

struct sqlite3;
void        _fol_sqlite_migration_functions (struct sqlite3 *db,
                                             gboolean        install);

G_END_DECLS
