/* fol-store-batch.c
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

#define G_LOG_DOMAIN "fol-store-batch"

#include "config.h"

#include "fol-store-batch.h"

struct _FolStoreBatch
{
  gatomicrefcount ref_count;
  GPtrArray *patients;      /* FolPatient */
  GPtrArray *visits;        /* FolVisit */
  GPtrArray *measurements;  /* GPtrArray of FolMeasurement, parallel to visits */
  GArray    *visit_rows;    /* gboolean, parallel to visits: write the visit's own row */
  GPtrArray *sessions;      /* FolTreatmentSession */
  GPtrArray *protocols;     /* FolProtocol, written before the patients */
  GPtrArray *assignments;   /* FolProtocolAssignment, written last */
};

FolStoreBatch *
fol_store_batch_new (void)
{
  FolStoreBatch *batch = g_new0 (FolStoreBatch, 1);

  g_atomic_ref_count_init (&batch->ref_count);

  batch->patients = g_ptr_array_new_with_free_func (g_object_unref);
  batch->visits = g_ptr_array_new_with_free_func (g_object_unref);
  batch->measurements = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  batch->visit_rows = g_array_new (FALSE, FALSE, sizeof (gboolean));
  batch->sessions = g_ptr_array_new_with_free_func (g_object_unref);
  batch->protocols = g_ptr_array_new_with_free_func (g_object_unref);
  batch->assignments = g_ptr_array_new_with_free_func (g_object_unref);
  return batch;
}

FolStoreBatch *
fol_store_batch_ref (FolStoreBatch *batch)
{
  g_return_val_if_fail (batch != NULL, NULL);

  g_atomic_ref_count_inc (&batch->ref_count);
  return batch;
}

void
fol_store_batch_unref (FolStoreBatch *batch)
{
  if (batch == NULL || !g_atomic_ref_count_dec (&batch->ref_count))
    return;
  g_ptr_array_unref (batch->patients);
  g_ptr_array_unref (batch->visits);
  g_ptr_array_unref (batch->measurements);
  g_array_unref (batch->visit_rows);
  g_ptr_array_unref (batch->sessions);
  g_ptr_array_unref (batch->protocols);
  g_ptr_array_unref (batch->assignments);
  g_free (batch);
}

void
fol_store_batch_add_patient (FolStoreBatch *batch,
                             FolPatient    *patient)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (FOL_IS_PATIENT (patient));
  g_return_if_fail (fol_patient_get_id (patient) != NULL);

  g_ptr_array_add (batch->patients, g_object_ref (patient));
}

static void
add_visit (FolStoreBatch *batch,
           FolVisit      *visit,
           GPtrArray     *measurements,
           gboolean       write_row)
{
  g_ptr_array_add (batch->visits, g_object_ref (visit));
  g_ptr_array_add (batch->measurements,
                   measurements ? g_ptr_array_ref (measurements)
                                : g_ptr_array_new_with_free_func (g_object_unref));
  g_array_append_val (batch->visit_rows, write_row);
}

/**
 * fol_store_batch_add_visit:
 * @measurements: (element-type FolMeasurement) (nullable): region values,
 *   added or replaced region by region; a region not named stays
 */
void
fol_store_batch_add_visit (FolStoreBatch *batch,
                           FolVisit      *visit,
                           GPtrArray     *measurements)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (FOL_IS_VISIT (visit));
  g_return_if_fail (fol_visit_get_id (visit) != NULL);

  add_visit (batch, visit, measurements, TRUE);
}

/* Measurements of a stored visit whose own row does not change: the visit
 * is not written (no update time, no audit row for it).
 */
void
fol_store_batch_add_measurements (FolStoreBatch *batch,
                                  FolVisit      *visit,
                                  GPtrArray     *measurements)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (FOL_IS_VISIT (visit));
  g_return_if_fail (fol_visit_get_id (visit) != NULL);

  add_visit (batch, visit, measurements, FALSE);
}

void
fol_store_batch_add_session (FolStoreBatch       *batch,
                             FolTreatmentSession *session)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (session));
  g_return_if_fail (fol_treatment_session_get_id (session) != NULL);

  g_ptr_array_add (batch->sessions, g_object_ref (session));
}

guint
fol_store_batch_get_size (FolStoreBatch *batch)
{
  g_return_val_if_fail (batch != NULL, 0);
  return batch->patients->len + batch->visits->len + batch->sessions->len +
         batch->protocols->len + batch->assignments->len;
}

guint
fol_store_batch_get_n_patients (FolStoreBatch *batch)
{
  g_return_val_if_fail (batch != NULL, 0);
  return batch->patients->len;
}

/* Returns: (transfer none) */
FolPatient *
fol_store_batch_get_patient (FolStoreBatch *batch,
                             guint          index)
{
  g_return_val_if_fail (batch != NULL, NULL);
  g_return_val_if_fail (index < batch->patients->len, NULL);
  return g_ptr_array_index (batch->patients, index);
}

guint
fol_store_batch_get_n_visits (FolStoreBatch *batch)
{
  g_return_val_if_fail (batch != NULL, 0);
  return batch->visits->len;
}

/**
 * fol_store_batch_get_visit:
 * @out_measurements: (out) (transfer none) (optional): its region values
 * @out_write_row: (out) (optional): whether the visit's own row is written,
 *   or only its measurements
 *
 * Returns: (transfer none): the visit
 */
FolVisit *
fol_store_batch_get_visit (FolStoreBatch  *batch,
                           guint           index,
                           GPtrArray     **out_measurements,
                           gboolean       *out_write_row)
{
  g_return_val_if_fail (batch != NULL, NULL);
  g_return_val_if_fail (index < batch->visits->len, NULL);

  if (out_measurements != NULL)
    *out_measurements = g_ptr_array_index (batch->measurements, index);
  if (out_write_row != NULL)
    *out_write_row = g_array_index (batch->visit_rows, gboolean, index);
  return g_ptr_array_index (batch->visits, index);
}

guint
fol_store_batch_get_n_sessions (FolStoreBatch *batch)
{
  g_return_val_if_fail (batch != NULL, 0);
  return batch->sessions->len;
}

/* Returns: (transfer none) */
FolTreatmentSession *
fol_store_batch_get_session (FolStoreBatch *batch,
                             guint          index)
{
  g_return_val_if_fail (batch != NULL, NULL);
  g_return_val_if_fail (index < batch->sessions->len, NULL);
  return g_ptr_array_index (batch->sessions, index);
}

void
fol_store_batch_add_protocol (FolStoreBatch *batch,
                              FolProtocol   *protocol)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (FOL_IS_PROTOCOL (protocol));
  g_return_if_fail (fol_protocol_get_id (protocol) != NULL);

  g_ptr_array_add (batch->protocols, g_object_ref (protocol));
}

void
fol_store_batch_add_assignment (FolStoreBatch         *batch,
                                FolProtocolAssignment *assignment)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (FOL_IS_PROTOCOL_ASSIGNMENT (assignment));
  g_return_if_fail (fol_protocol_assignment_get_id (assignment) != NULL);

  g_ptr_array_add (batch->assignments, g_object_ref (assignment));
}

guint
fol_store_batch_get_n_protocols (FolStoreBatch *batch)
{
  g_return_val_if_fail (batch != NULL, 0);
  return batch->protocols->len;
}

FolProtocol *
fol_store_batch_get_protocol (FolStoreBatch *batch,
                              guint          index)
{
  g_return_val_if_fail (batch != NULL, NULL);
  g_return_val_if_fail (index < batch->protocols->len, NULL);
  return g_ptr_array_index (batch->protocols, index);
}

guint
fol_store_batch_get_n_assignments (FolStoreBatch *batch)
{
  g_return_val_if_fail (batch != NULL, 0);
  return batch->assignments->len;
}

FolProtocolAssignment *
fol_store_batch_get_assignment (FolStoreBatch *batch,
                                guint          index)
{
  g_return_val_if_fail (batch != NULL, NULL);
  g_return_val_if_fail (index < batch->assignments->len, NULL);
  return g_ptr_array_index (batch->assignments, index);
}
