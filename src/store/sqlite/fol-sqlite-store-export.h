/* fol-sqlite-store-export.h
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

#include "fol-sqlite-store.h"

G_BEGIN_DECLS

/* The SQLite backend's own files: a canonical dump (for comparing two
 * clinics) and the single-patient file, a clinic database of one patient
 * with its photos inside, a manifest and a checksum.
 */
char           *fol_sqlite_store_dump_canonical      (FolSqliteStore  *self,
                                                      GError         **error);
FolSqliteStore *fol_sqlite_store_create_patient_file (const char      *path,
                                                      GError         **error);
gboolean        fol_sqlite_store_add_photo_file      (FolSqliteStore  *self,
                                                      const char      *sha256,
                                                      const char      *extension,
                                                      GBytes          *bytes,
                                                      GError         **error);
gboolean        fol_sqlite_store_seal_patient_file   (FolSqliteStore  *self,
                                                      const char      *patient_id,
                                                      GError         **error);
gboolean        fol_sqlite_store_out_of_space        (FolSqliteStore  *self);
gboolean        fol_sqlite_store_verify_patient_file (const char      *path,
                                                      char           **out_patient_id,
                                                      guint           *out_schema_version,
                                                      GError         **error);

G_END_DECLS
