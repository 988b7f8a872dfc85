/* fol-store-batch.h
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

#include "fol-patient.h"
#include "fol-protocol.h"
#include "fol-treatment-session.h"
#include "fol-visit.h"

G_BEGIN_DECLS

/* A set of records written together by fol_store_apply_batch(): patients
 * first, then visits, then sessions. The records are referenced, not
 * copied, and keep the IDs they have.
 */
typedef struct _FolStoreBatch FolStoreBatch;

FolStoreBatch       *fol_store_batch_new              (void);
FolStoreBatch       *fol_store_batch_ref              (FolStoreBatch        *batch);
void                 fol_store_batch_unref            (FolStoreBatch        *batch);
void                 fol_store_batch_add_patient      (FolStoreBatch        *batch,
                                                       FolPatient           *patient);
void                 fol_store_batch_add_visit        (FolStoreBatch        *batch,
                                                       FolVisit             *visit,
                                                       GPtrArray            *measurements);
void                 fol_store_batch_add_measurements (FolStoreBatch        *batch,
                                                       FolVisit             *visit,
                                                       GPtrArray            *measurements);
void                 fol_store_batch_add_session      (FolStoreBatch        *batch,
                                                       FolTreatmentSession  *session);
guint                fol_store_batch_get_size         (FolStoreBatch        *batch);

/* For backends: what to write, in order. */
guint                fol_store_batch_get_n_patients   (FolStoreBatch        *batch);
FolPatient          *fol_store_batch_get_patient      (FolStoreBatch        *batch,
                                                       guint                 index);
guint                fol_store_batch_get_n_visits     (FolStoreBatch        *batch);
FolVisit            *fol_store_batch_get_visit        (FolStoreBatch        *batch,
                                                       guint                 index,
                                                       GPtrArray           **out_measurements,
                                                       gboolean             *out_write_row);
guint                fol_store_batch_get_n_sessions   (FolStoreBatch        *batch);
FolTreatmentSession *fol_store_batch_get_session      (FolStoreBatch        *batch,
                                                       guint                 index);

/* Treatment protocols (written first) and their assignments (last). */
void                 fol_store_batch_add_protocol     (FolStoreBatch        *batch,
                                                       FolProtocol          *protocol);
void                 fol_store_batch_add_assignment   (FolStoreBatch        *batch,
                                                       FolProtocolAssignment *assignment);
guint                fol_store_batch_get_n_protocols  (FolStoreBatch        *batch);
FolProtocol         *fol_store_batch_get_protocol     (FolStoreBatch        *batch,
                                                       guint                 index);
guint                fol_store_batch_get_n_assignments (FolStoreBatch       *batch);
FolProtocolAssignment *fol_store_batch_get_assignment (FolStoreBatch        *batch,
                                                       guint                 index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolStoreBatch, fol_store_batch_unref)

G_END_DECLS
