/* fol-store.c
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

#define G_LOG_DOMAIN "fol-store"

#include "config.h"

#include "fol-store.h"

G_DEFINE_INTERFACE (FolStore, fol_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
fol_store_default_init (FolStoreInterface *iface)
{
  /**
   * FolStore::changed:
   * @change: a #FolStoreChange
   * @patient_id: (nullable): the patient whose records changed
   *
   * Emitted after a write has been committed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

void
fol_store_emit_changed (FolStore       *self,
                        FolStoreChange  change,
                        const char     *patient_id)
{
  g_return_if_fail (FOL_IS_STORE (self));

  g_signal_emit (self, signals[CHANGED], 0, (guint) change, patient_id);
}

/**
 * fol_store_list_patients:
 * @search: (nullable): text to match against name, ID or diagnosis
 *
 * Returns: (transfer full): a lazy #GListModel of #FolPatient, by name
 */
GListModel *
fol_store_list_patients (FolStore    *self,
                         const char  *search,
                         GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  return FOL_STORE_GET_IFACE (self)->list_patients (self, search, error);
}

guint
fol_store_count_patients (FolStore  *self,
                          GError   **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), 0);
  return FOL_STORE_GET_IFACE (self)->count_patients (self, error);
}

/**
 * fol_store_get_patient:
 *
 * Returns: (transfer full): the patient, or %NULL with
 *   %FOL_STORE_ERROR_NOT_FOUND
 */
FolPatient *
fol_store_get_patient (FolStore    *self,
                       const char  *patient_id,
                       GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);
  return FOL_STORE_GET_IFACE (self)->get_patient (self, patient_id, error);
}

/**
 * fol_store_save_patient:
 *
 * Inserts @patient (giving it an ID when it has none) or updates it, with
 * its measurement sites, in one transaction.
 */
gboolean
fol_store_save_patient (FolStore    *self,
                        FolPatient  *patient,
                        GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (FOL_IS_PATIENT (patient), FALSE);
  return FOL_STORE_GET_IFACE (self)->save_patient (self, patient, error);
}

gboolean
fol_store_delete_patient (FolStore    *self,
                          const char  *patient_id,
                          GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (patient_id != NULL, FALSE);
  return FOL_STORE_GET_IFACE (self)->delete_patient (self, patient_id, error);
}

/**
 * fol_store_save_visit:
 * @measurements: (element-type FolMeasurement) (nullable): the region values;
 *   they replace all of the visit's earlier ones
 *
 * Saves a visit and its region measurements as one action.
 */
gboolean
fol_store_save_visit (FolStore    *self,
                      FolVisit    *visit,
                      GPtrArray   *measurements,
                      GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (FOL_IS_VISIT (visit), FALSE);
  return FOL_STORE_GET_IFACE (self)->save_visit (self, visit, measurements, error);
}

gboolean
fol_store_delete_visit (FolStore    *self,
                        const char  *visit_id,
                        GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (visit_id != NULL, FALSE);
  return FOL_STORE_GET_IFACE (self)->delete_visit (self, visit_id, error);
}

gboolean
fol_store_save_session (FolStore             *self,
                        FolTreatmentSession  *session,
                        GError              **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (session), FALSE);
  return FOL_STORE_GET_IFACE (self)->save_session (self, session, error);
}

gboolean
fol_store_delete_session (FolStore    *self,
                          const char  *session_id,
                          GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  return FOL_STORE_GET_IFACE (self)->delete_session (self, session_id, error);
}

/**
 * fol_store_load_history:
 *
 * Returns: (transfer full): everything recorded for one patient, for the
 *   overview, the chart, the summary and reports
 */
FolHistory *
fol_store_load_history (FolStore    *self,
                        const char  *patient_id,
                        GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);
  return FOL_STORE_GET_IFACE (self)->load_history (self, patient_id, error);
}

gboolean
fol_store_save_photo (FolStore    *self,
                      FolPhoto    *photo,
                      GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (FOL_IS_PHOTO (photo), FALSE);
  return FOL_STORE_GET_IFACE (self)->save_photo (self, photo, error);
}

/**
 * fol_store_list_audit:
 *
 * Returns: (transfer full) (element-type utf8): the audit trail of one
 *   record, oldest first, one line each: "when action before → after"
 */
GPtrArray *
fol_store_list_audit (FolStore    *self,
                      const char  *entity_id,
                      GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  g_return_val_if_fail (entity_id != NULL, NULL);
  return FOL_STORE_GET_IFACE (self)->list_audit (self, entity_id, error);
}
