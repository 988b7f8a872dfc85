/* fol-sqlite-store.h
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

#define FOL_TYPE_SQLITE_STORE (fol_sqlite_store_get_type ())

G_DECLARE_FINAL_TYPE (FolSqliteStore, fol_sqlite_store, FOL, SQLITE_STORE, GObject)

typedef enum
{
  FOL_SQLITE_STORE_FLAGS_NONE      = 0,
  FOL_SQLITE_STORE_FLAGS_READ_ONLY = 1 << 0,
  /* Someone else's file (a patient's own copy): no lock file is made
   * beside it and its permissions are left as they are.
   */
  FOL_SQLITE_STORE_FLAGS_NOT_CLINIC = 1 << 1,
} FolSqliteStoreFlags;

FolSqliteStore *fol_sqlite_store_open            (const char           *path,
                                                  FolSqliteStoreFlags   flags,
                                                  GError              **error);
const char     *fol_sqlite_store_get_path        (FolSqliteStore       *self);
char           *fol_sqlite_store_get_data_dir    (FolSqliteStore       *self);
char           *fol_sqlite_store_default_path    (void);
guint           fol_sqlite_store_schema_version  (void);

G_END_DECLS
