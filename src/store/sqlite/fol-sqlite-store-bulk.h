/* fol-sqlite-store-bulk.h
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

/* Loading many new records at once (large test clinics, imports): one
 * transaction and prepared statements for many rows, through the same
 * validation, schema and audit triggers as one-by-one saves.
 */
typedef struct _FolSqliteBulk FolSqliteBulk;

FolSqliteBulk *_fol_sqlite_store_bulk_begin       (FolSqliteStore       *store,
                                                   GError              **error);
gboolean       _fol_sqlite_store_bulk_add_patient (FolSqliteBulk        *bulk,
                                                   FolPatient           *patient,
                                                   GError              **error);
gboolean       _fol_sqlite_store_bulk_add_visit   (FolSqliteBulk        *bulk,
                                                   FolVisit             *visit,
                                                   GPtrArray            *measurements,
                                                   GError              **error);
gboolean       _fol_sqlite_store_bulk_add_session (FolSqliteBulk        *bulk,
                                                   FolTreatmentSession  *session,
                                                   GError              **error);
gboolean       _fol_sqlite_store_bulk_commit      (FolSqliteBulk        *bulk,
                                                   GError              **error);
void           _fol_sqlite_store_bulk_abort       (FolSqliteBulk        *bulk);

/* The SQL text of every statement the store has prepared on this
 * connection so far (for query-plan checks). Free with g_ptr_array_unref.
 */
GPtrArray     *_fol_sqlite_store_list_statements  (FolSqliteStore       *store);

G_END_DECLS
