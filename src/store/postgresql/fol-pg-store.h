/* fol-pg-store.h
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

#include <glib-object.h>

G_BEGIN_DECLS

#define FOL_TYPE_PG_STORE (fol_pg_store_get_type ())

G_DECLARE_FINAL_TYPE (FolPgStore, fol_pg_store, FOL, PG_STORE, GObject)

/* A clinic on a PostgreSQL server. @location is a libpq connection URI
 * ("postgresql://host/database?sslmode=verify-full") or key=value string.
 * A password written in it is refused: libpq takes it from ~/.pgpass (which
 * it reads only when no one else may) or the store from the keyring. An
 * empty database gets the clinic schema; a database of a newer version, or
 * one holding other tables, is left untouched.
 */
FolPgStore *fol_pg_store_open            (const char   *location,
                                          GError      **error);
FolPgStore *fol_pg_store_open_existing   (const char   *location,
                                          GError      **error);
FolPgStore *fol_pg_store_open_full       (const char   *location,
                                          const char   *password,
                                          GError      **error);
gboolean    fol_pg_store_is_location     (const char   *location);
guint       fol_pg_store_schema_version  (void);
const char *fol_pg_store_get_clinic_id   (FolPgStore   *self);
const char *fol_pg_store_get_db_user     (FolPgStore   *self);
void        fol_pg_store_set_photo_cache (FolPgStore   *self,
                                          const char   *dir);
int         fol_pg_store_get_backend_pid (FolPgStore   *self);

G_END_DECLS
