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

#include "fol-i18n.h"
#include "fol-store.h"
#include "fol-patient-list.h"

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

  /**
   * FolStore::replaced:
   *
   * A write found that the clinic is no longer the one opened (its file
   * was moved or replaced). Nothing was written; the clinic should be
   * opened again.
   */
  g_signal_new ("replaced", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                NULL, NULL, NULL, G_TYPE_NONE, 0);
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
 * Returns: (transfer full): a lazy #GListModel of #FolPatient, by name,
 *   with every match in it
 */
GListModel *
fol_store_list_patients (FolStore    *self,
                         const char  *search,
                         GError     **error)
{
  g_autoptr(GListModel) model = NULL;

  g_return_val_if_fail (FOL_IS_STORE (self), NULL);

  model = FOL_STORE_GET_IFACE (self)->list_patients (self, search, error);
  if (model != NULL && FOL_IS_PATIENT_LIST (model) &&
      !fol_patient_list_fill_all (FOL_PATIENT_LIST (model), error))
    return NULL;
  return g_steal_pointer (&model);
}

/**
 * fol_store_list_patients_incremental:
 * @search: (nullable): text to match against name, ID or diagnosis
 *
 * Like fol_store_list_patients(), but returns as soon as the first matches
 * are known: a #FolPatientList may then fill itself in later slices, from
 * the thread-default main context, adding items at its end until its
 * #FolPatientList:complete property is set. This is what a list shown
 * while the user types wants; a large clinic's list arrives over a few
 * frames instead of freezing one.
 *
 * Returns: (transfer full): a lazy #GListModel of #FolPatient, by name
 */
GListModel *
fol_store_list_patients_incremental (FolStore    *self,
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

/**
 * fol_store_list_photos:
 *
 * Every photo of the patient, across visits, each with its visit's date and
 * kind: by region (display order), then newest visit first.
 *
 * Returns: (transfer full) (element-type FolPhoto): the photos, or %NULL
 *   on error
 */
GPtrArray *
fol_store_list_photos (FolStore    *self,
                       const char  *patient_id,
                       GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);
  return FOL_STORE_GET_IFACE (self)->list_photos (self, patient_id, error);
}

/**
 * fol_store_get_photo:
 *
 * Returns: (transfer full): the photo, or %NULL with
 *   %FOL_STORE_ERROR_NOT_FOUND
 */
FolPhoto *
fol_store_get_photo (FolStore    *self,
                     const char  *photo_id,
                     GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  g_return_val_if_fail (photo_id != NULL, NULL);
  return FOL_STORE_GET_IFACE (self)->get_photo (self, photo_id, error);
}

/**
 * fol_store_delete_photo:
 *
 * Deletes the photo's record with its count. The image file is kept: other
 * records may share its content, and backups refer to it.
 */
gboolean
fol_store_delete_photo (FolStore    *self,
                        const char  *photo_id,
                        GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (photo_id != NULL, FALSE);
  return FOL_STORE_GET_IFACE (self)->delete_photo (self, photo_id, error);
}

/**
 * fol_store_find_photo_by_sha256:
 *
 * Returns: (transfer full) (nullable): a photo with this content, or %NULL
 *   (without an error) when there is none
 */
FolPhoto *
fol_store_find_photo_by_sha256 (FolStore    *self,
                                const char  *sha256,
                                GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);
  return FOL_STORE_GET_IFACE (self)->find_photo_by_sha256 (self, sha256, error);
}

/**
 * fol_store_set_photo_calibration:
 * @px_per_mm: the scale, or NaN to forget it
 */
gboolean
fol_store_set_photo_calibration (FolStore    *self,
                                 const char  *photo_id,
                                 double       px_per_mm,
                                 GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (photo_id != NULL, FALSE);
  return FOL_STORE_GET_IFACE (self)->set_photo_calibration (self, photo_id, px_per_mm, error);
}

/**
 * fol_store_save_photo_count:
 * @field: (nullable): the counting field, %NULL to remove it
 * @marks: (element-type FolPhotoMark) (nullable): the hair marks; they
 *   replace the photo's earlier ones
 */
gboolean
fol_store_save_photo_count (FolStore             *self,
                            const char           *photo_id,
                            const FolPhotoField  *field,
                            GArray               *marks,
                            GError              **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (photo_id != NULL, FALSE);
  return FOL_STORE_GET_IFACE (self)->save_photo_count (self, photo_id, field, marks, error);
}

/**
 * fol_store_load_photo_count:
 * @out_has_field: (out): whether a counting field was saved
 * @out_field: (out caller-allocates): the field, when there is one
 * @out_marks: (out) (transfer full) (element-type FolPhotoMark): the marks,
 *   in the order they were placed
 */
gboolean
fol_store_load_photo_count (FolStore       *self,
                            const char     *photo_id,
                            gboolean       *out_has_field,
                            FolPhotoField  *out_field,
                            GArray        **out_marks,
                            GError        **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (photo_id != NULL, FALSE);
  g_return_val_if_fail (out_has_field != NULL, FALSE);
  g_return_val_if_fail (out_field != NULL, FALSE);
  g_return_val_if_fail (out_marks != NULL, FALSE);
  return FOL_STORE_GET_IFACE (self)->load_photo_count (self, photo_id, out_has_field,
                                                       out_field, out_marks, error);
}

/* The clinic as a whole */

/* A store without the call (one for tests, a backend without it). */
static gpointer
not_supported (GError     **error,
               const char  *message)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, message);
  return NULL;
}

/**
 * fol_store_get_location:
 *
 * Returns: (transfer none): where the clinic is, as the user gave it and
 *   as messages and the window title show it: a file, or a server's address
 */
const char *
fol_store_get_location (FolStore *self)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  return FOL_STORE_GET_IFACE (self)->get_location (self);
}

/**
 * fol_store_is_read_only:
 *
 * Whether the clinic opened read-only: asked for, or because it cannot be
 * written. Writes then fail with %FOL_STORE_ERROR_READ_ONLY.
 */
gboolean
fol_store_is_read_only (FolStore *self)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  return FOL_STORE_GET_IFACE (self)->is_read_only (self);
}

/**
 * fol_store_take_notice:
 *
 * Returns: (transfer full) (nullable): what opening did that the user
 *   should be told once (loose permissions made private, say), then %NULL
 */
char *
fol_store_take_notice (FolStore *self)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  if (FOL_STORE_GET_IFACE (self)->take_notice == NULL)
    return NULL;
  return FOL_STORE_GET_IFACE (self)->take_notice (self);
}

/**
 * fol_store_get_data_dir:
 *
 * Returns: (transfer full): the folder on this computer that belongs to
 *   the clinic: photos and backups are kept in it, in photos/ and backups/
 */
char *
fol_store_get_data_dir (FolStore *self)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  return FOL_STORE_GET_IFACE (self)->get_data_dir (self);
}

/**
 * fol_store_get_clinic_id:
 *
 * Returns: (transfer full) (nullable): the clinic's UUID, the same in its
 *   every backup and archive; %NULL with @error unset when the clinic has
 *   none yet (read-only, from before clinics had one)
 */
char *
fol_store_get_clinic_id (FolStore  *self,
                         GError   **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  if (FOL_STORE_GET_IFACE (self)->get_clinic_id == NULL)
    return NULL;
  return FOL_STORE_GET_IFACE (self)->get_clinic_id (self, error);
}

/**
 * fol_store_open_reader:
 *
 * Opens the same clinic again, read-only, independent of @self: the
 * returned store may be used from another thread (one thread at a time)
 * while @self goes on in its own. What it reads is what was committed.
 *
 * Returns: (transfer full): a read-only store, or %NULL with @error set
 */
FolStore *
fol_store_open_reader (FolStore  *self,
                       GError   **error)
{
  FolStoreInterface *iface;

  g_return_val_if_fail (FOL_IS_STORE (self), NULL);

  iface = FOL_STORE_GET_IFACE (self);
  if (iface->open_reader == NULL)
    return not_supported (error, _("This clinic cannot be opened a second time for reading"));
  return iface->open_reader (self, error);
}

/**
 * fol_store_snapshot:
 * @path: the file to write; it must not exist, or be empty
 *
 * Writes a consistent snapshot of the whole clinic (one committed state,
 * writers never blocked) to @path in the archive format, a self-contained
 * SQLite clinic file (see fol-clinic-file.h), and checks it against what
 * was read before returning. On failure nothing is left at @path.
 *
 * Returns: (transfer full): what the snapshot holds, or %NULL with @error
 */
FolStoreSnapshot *
fol_store_snapshot (FolStore    *self,
                    const char  *path,
                    GError     **error)
{
  FolStoreInterface *iface;

  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  iface = FOL_STORE_GET_IFACE (self);
  if (iface->snapshot == NULL)
    return not_supported (error, _("A snapshot of this clinic cannot be taken"));
  return iface->snapshot (self, path, error);
}

void
fol_store_snapshot_free (FolStoreSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;
  g_clear_pointer (&snapshot->tables, g_ptr_array_unref);
  g_clear_pointer (&snapshot->photos, g_ptr_array_unref);
  g_free (snapshot->clinic_id);
  g_free (snapshot);
}
