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

/* A set of records written together by fol_sqlite_store_apply_batch(). */
typedef struct _FolStoreBatch FolStoreBatch;

FolStoreBatch *fol_store_batch_new            (void);
void           fol_store_batch_free           (FolStoreBatch        *batch);
void           fol_store_batch_add_patient    (FolStoreBatch        *batch,
                                               FolPatient           *patient);
void           fol_store_batch_add_visit      (FolStoreBatch        *batch,
                                               FolVisit             *visit,
                                               GPtrArray            *measurements);
void           fol_store_batch_add_measurements (FolStoreBatch      *batch,
                                                 FolVisit           *visit,
                                                 GPtrArray          *measurements);
void           fol_store_batch_add_session    (FolStoreBatch        *batch,
                                               FolTreatmentSession  *session);
guint          fol_store_batch_get_size       (FolStoreBatch        *batch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolStoreBatch, fol_store_batch_free)

gboolean   fol_sqlite_store_apply_batch        (FolSqliteStore  *self,
                                                FolStoreBatch   *batch,
                                                GError         **error);
typedef FolStoreBatch *(*FolStoreBatchPlanFunc) (FolSqliteStore  *store,
                                                 gpointer         user_data,
                                                 GError         **error);

gboolean   fol_sqlite_store_apply_batch_planned (FolSqliteStore        *self,
                                                 FolStoreBatchPlanFunc  plan,
                                                 gpointer               user_data,
                                                 GError               **error);
gboolean   fol_sqlite_store_has_record         (FolSqliteStore  *self,
                                                const char      *table,
                                                const char      *id);
char      *fol_sqlite_store_get_owner          (FolSqliteStore  *self,
                                                const char      *table,
                                                const char      *id);
char      *fol_sqlite_store_find_patient       (FolSqliteStore  *self,
                                                const char      *name,
                                                FolDate          birth_date);
char      *fol_sqlite_store_find_visit         (FolSqliteStore  *self,
                                                const char      *patient_id,
                                                FolDate          date);
char      *fol_sqlite_store_find_session       (FolSqliteStore  *self,
                                                const char      *patient_id,
                                                FolDate          date,
                                                const char      *treatment_type);
GPtrArray *fol_sqlite_store_list_patient_ids   (FolSqliteStore  *self,
                                                GError         **error);
GPtrArray *fol_sqlite_store_list_photos        (FolSqliteStore  *self,
                                                const char      *patient_id,
                                                GError         **error);
GBytes    *fol_sqlite_store_load_photo         (FolSqliteStore  *self,
                                                const char      *sha256,
                                                GError         **error);
char      *fol_sqlite_store_dump_canonical     (FolSqliteStore  *self,
                                                GError         **error);
gboolean   fol_sqlite_store_write_patient_file (FolSqliteStore  *self,
                                                const char      *patient_id,
                                                const char      *path,
                                                gboolean         include_notes,
                                                GError         **error);
gboolean   fol_sqlite_store_verify_patient_file (const char     *path,
                                                 char          **out_patient_id,
                                                 GError        **error);

G_END_DECLS
