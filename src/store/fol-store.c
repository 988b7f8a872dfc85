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

#include <math.h>
#include <string.h>

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-store-private.h"
#include "fol-store.h"
#include "fol-patient-list.h"
#include "fol-validate.h"

G_DEFINE_INTERFACE (FolStore, fol_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  CONNECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A backend may leave out a call it cannot make yet (a clinic server does
 * not keep every kind of record so far): the call then fails with a
 * message instead of crashing.
 */
#define REQUIRE_VFUNC(self, vfunc, error, val) \
  G_STMT_START { \
    if (FOL_STORE_GET_IFACE (self)->vfunc == NULL) \
      { \
        g_set_error_literal ((error), G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, \
                             _("This is not supported on a clinic server yet")); \
        return (val); \
      } \
  } G_STMT_END

/* Validation: every write is checked here, before any backend sees it, so
 * that each backend keeps the same rules. What needs the stored records
 * (a patient's date of birth) is read through the interface too.
 */

/* The date of birth of the patient a record belongs to: from @batch when
 * the patient is written with it, else from the store.
 */
static gboolean
patient_birth_date (FolStore       *self,
                    FolStoreBatch  *batch,
                    const char     *patient_id,
                    FolDate        *out_birth,
                    GError        **error)
{
  g_autoptr(FolPatient) patient = NULL;

  if (patient_id == NULL)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("The record belongs to no patient"));
      return FALSE;
    }

  for (guint i = 0; batch != NULL && i < fol_store_batch_get_n_patients (batch); i++)
    {
      FolPatient *p = fol_store_batch_get_patient (batch, i);

      if (g_strcmp0 (fol_patient_get_id (p), patient_id) == 0)
        {
          *out_birth = fol_patient_get_birth_date (p);
          return TRUE;
        }
    }

  patient = FOL_STORE_GET_IFACE (self)->get_patient (self, patient_id, error);
  if (patient == NULL)
    return FALSE;
  *out_birth = fol_patient_get_birth_date (patient);
  return TRUE;
}

/* Checks a visit's region values, each derived (density from count and
 * area…) on a copy.
 */
static gboolean
check_measurement (FolMeasurement  *m,
                   FolMeasurement **out_derived,
                   GError         **error)
{
  g_autoptr(FolMeasurement) copy = fol_measurement_copy (m);
  guint region = fol_measurement_get_region (m);

  fol_measurement_derive (copy);
  if (!fol_measurement_validate (copy, NULL, error))
    {
      if (region < FOL_N_REGIONS)
        g_prefix_error (error, "%s: ", fol_region_name (region));
      return FALSE;
    }
  if (out_derived != NULL)
    *out_derived = g_steal_pointer (&copy);
  return TRUE;
}

/* Derives and checks the values of one visit's save; keeps the non-empty
 * ones, each region once.
 */
gboolean
_fol_store_check_measurements (GPtrArray  *measurements,
                               GPtrArray **out_kept,
                               GError    **error)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
  guint seen = 0;

  for (guint i = 0; measurements != NULL && i < measurements->len; i++)
    {
      FolMeasurement *m = g_ptr_array_index (measurements, i);
      g_autoptr(FolMeasurement) copy = NULL;
      guint region;

      g_return_val_if_fail (FOL_IS_MEASUREMENT (m), FALSE);

      region = fol_measurement_get_region (m);
      if (region < FOL_N_REGIONS && (seen & FOL_REGION_BIT (region)))
        {
          g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT,
                       _("%s is entered twice in this visit"), fol_region_name (region));
          return FALSE;
        }
      if (!check_measurement (m, &copy, error))
        return FALSE;

      seen |= FOL_REGION_BIT (region);
      if (!fol_measurement_is_empty (copy))
        g_ptr_array_add (kept, g_steal_pointer (&copy));
    }

  *out_kept = g_steal_pointer (&kept);
  return TRUE;
}

static gboolean
check_scale (double    px_per_mm,
             GError  **error)
{
  if (!isnan (px_per_mm) && !(px_per_mm > 0 && isfinite (px_per_mm)))
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE,
                   _("The photo's scale must be a positive number of pixels per millimetre"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_photo (FolPhoto  *photo,
             GError   **error)
{
  if (fol_photo_get_region (photo) >= FOL_N_REGIONS || fol_photo_get_sha256 (photo) == NULL ||
      fol_photo_get_visit_id (photo) == NULL ||
      fol_photo_get_width (photo) <= 0 || fol_photo_get_height (photo) <= 0)
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED,
                   _("A photo needs a visit, a region, its content and its size"));
      return FALSE;
    }
  return check_scale (fol_photo_get_px_per_mm (photo), error);
}

static gboolean
check_photo_count (const FolPhotoField  *field,
                   GArray               *marks,
                   GError              **error)
{
  if (field != NULL &&
      (field->shape > FOL_FIELD_CIRCLE || !(field->size_mm > 0) || !isfinite (field->size_mm) ||
       !isfinite (field->centre_x) || !isfinite (field->centre_y)))
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE,
                   _("The counting field needs a position and a size above 0 mm"));
      return FALSE;
    }

  for (guint i = 0; marks != NULL && i < marks->len; i++)
    {
      const FolPhotoMark *mark = &g_array_index (marks, FolPhotoMark, i);

      if (!isfinite (mark->x) || !isfinite (mark->y))
        {
          g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE,
                       _("A hair mark has no position on the photo"));
          return FALSE;
        }
      if (mark->origin > FOL_MARK_LAST_ORIGIN)
        {
          g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT,
                       _("A hair mark’s origin is not one of the choices"));
          return FALSE;
        }
      if (!isnan (mark->diameter_um) && mark->diameter_um != 0 &&
          !fol_photo_mark_has_diameter (mark))
        {
          g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE,
                       _("A hair mark’s diameter must be above 0 µm"));
          return FALSE;
        }
    }
  return TRUE;
}

/* Every record of a batch, by the rules of a single save. */
static gboolean
check_batch (FolStore       *self,
             FolStoreBatch  *batch,
             GError        **error)
{
  for (guint i = 0; i < fol_store_batch_get_n_patients (batch); i++)
    if (!fol_patient_validate (fol_store_batch_get_patient (batch, i), NULL, error))
      return FALSE;

  for (guint i = 0; i < fol_store_batch_get_n_visits (batch); i++)
    {
      GPtrArray *measurements = NULL;
      gboolean write_row = FALSE;
      FolVisit *visit = fol_store_batch_get_visit (batch, i, &measurements, &write_row);
      FolDate birth = FOL_DATE_NONE;
      guint seen = 0;

      if (write_row &&
          (!patient_birth_date (self, batch, fol_visit_get_patient_id (visit), &birth, error) ||
           !fol_visit_validate (visit, birth, NULL, error)))
        return FALSE;

      for (guint k = 0; measurements != NULL && k < measurements->len; k++)
        {
          FolMeasurement *m = g_ptr_array_index (measurements, k);
          guint region = fol_measurement_get_region (m);

          if (region < FOL_N_REGIONS && (seen & FOL_REGION_BIT (region)))
            {
              g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT,
                           _("%s is entered twice in this visit"), fol_region_name (region));
              return FALSE;
            }
          if (region < FOL_N_REGIONS)
            seen |= FOL_REGION_BIT (region);
          if (!check_measurement (m, NULL, error))
            return FALSE;
        }
    }

  for (guint i = 0; i < fol_store_batch_get_n_sessions (batch); i++)
    {
      FolTreatmentSession *session = fol_store_batch_get_session (batch, i);
      FolDate birth = FOL_DATE_NONE;

      if (!patient_birth_date (self, batch, fol_treatment_session_get_patient_id (session),
                               &birth, error) ||
          !fol_treatment_session_validate (session, birth, NULL, error))
        return FALSE;
    }

  for (guint i = 0; i < fol_store_batch_get_n_protocols (batch); i++)
    if (!fol_protocol_validate (fol_store_batch_get_protocol (batch, i), NULL, error))
      return FALSE;
  for (guint i = 0; i < fol_store_batch_get_n_assignments (batch); i++)
    if (!fol_protocol_assignment_validate (fol_store_batch_get_assignment (batch, i), NULL,
                                           error))
      return FALSE;

  return TRUE;
}

static gboolean
is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

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

  /**
   * FolStore::connection-changed:
   *
   * The clinic became unreachable, or reachable again
   * (fol_store_is_connected()). Back, a store emits ::changed for every
   * patient (a %NULL patient ID), as what others saved meanwhile was not
   * announced.
   */
  signals[CONNECTION_CHANGED] =
    g_signal_new ("connection-changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
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

void
fol_store_emit_connection_changed (FolStore *self)
{
  g_return_if_fail (FOL_IS_STORE (self));

  g_signal_emit (self, signals[CONNECTION_CHANGED], 0);
}

/**
 * fol_store_is_connected:
 *
 * Whether the clinic can be reached now. A clinic in a file always can; a
 * clinic server may not, for a while: writes then fail with
 * %FOL_STORE_ERROR_IO, and the store tries to reach it again by itself.
 */
gboolean
fol_store_is_connected (FolStore *self)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);

  if (FOL_STORE_GET_IFACE (self)->is_connected == NULL)
    return TRUE;
  return FOL_STORE_GET_IFACE (self)->is_connected (self);
}

/**
 * fol_store_reconnect:
 *
 * Tries to reach an unreachable clinic at once, without waiting for the
 * next try; returns at once, ::connection-changed tells the outcome.
 */
void
fol_store_reconnect (FolStore *self)
{
  g_return_if_fail (FOL_IS_STORE (self));

  if (FOL_STORE_GET_IFACE (self)->reconnect != NULL)
    FOL_STORE_GET_IFACE (self)->reconnect (self);
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
  REQUIRE_VFUNC (self, list_patients, error, NULL);

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
  REQUIRE_VFUNC (self, list_patients, error, NULL);

  return FOL_STORE_GET_IFACE (self)->list_patients (self, search, error);
}

/* What each row passes through before the caller sees it, whichever
 * backend read it: the same checks as a #FolPatient read the long way.
 */
typedef struct
{
  FolPatientLineFunc func;
  gpointer          user_data;
} EachPatient;

static gboolean
each_patient_checked (const FolPatientLine *row,
                      gpointer             data,
                      GError             **error)
{
  EachPatient *each = data;
  FolPatientLine checked = *row;
  FolDate date;

  if (row->id == NULL || row->id[0] == '\0')
    {
      g_set_error_literal (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                           _("A patient in the clinic has no ID"));
      return FALSE;
    }
  /* A date the calendar does not have is no date, as when read whole. */
  if (row->birth_date != NULL && !fol_date_parse (row->birth_date, &date, NULL))
    {
      g_warning ("Invalid date “%s” in the database", row->birth_date);
      checked.birth_date = NULL;
    }
  if (checked.diagnosis != NULL && checked.diagnosis[0] == '\0')
    checked.diagnosis = NULL;

  return each->func (&checked, each->user_data, error);
}

/* Without the backend's own walk: the same rows from the lazy list. */
static gboolean
each_patient_from_list (FolStore     *self,
                        EachPatient  *each,
                        GError      **error)
{
  g_autoptr(GListModel) patients = fol_store_list_patients (self, NULL, error);
  guint n;

  if (patients == NULL)
    return FALSE;

  n = g_list_model_get_n_items (patients);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FolPatient) patient = g_list_model_get_item (patients, i);
      g_autofree char *birth = fol_date_to_iso (fol_patient_get_birth_date (patient));
      FolPatientLine row = {
        .id = fol_patient_get_id (patient),
        .name = fol_patient_get_name (patient),
        .birth_date = birth,
        .diagnosis = fol_patient_get_diagnosis (patient),
      };

      if (!each_patient_checked (&row, each, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * fol_store_each_patient:
 * @func: called with each patient in turn; returning %FALSE stops the walk
 *   with its error
 *
 * Every patient, in the order of fol_store_list_patients() without a
 * search, handed to @func one row at a time: one read of the clinic, no
 * object and no copy per patient. For listings of a whole clinic, such as
 * `follicle --list-patients`.
 *
 * Returns: %TRUE once every patient was handed over
 */
gboolean
fol_store_each_patient (FolStore           *self,
                        FolPatientLineFunc   func,
                        gpointer            user_data,
                        GError            **error)
{
  EachPatient each = { func, user_data };

  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (FOL_STORE_GET_IFACE (self)->each_patient == NULL)
    return each_patient_from_list (self, &each, error);
  return FOL_STORE_GET_IFACE (self)->each_patient (self, each_patient_checked, &each, error);
}

guint
fol_store_count_patients (FolStore  *self,
                          GError   **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), 0);
  REQUIRE_VFUNC (self, count_patients, error, 0);
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
  REQUIRE_VFUNC (self, get_patient, error, NULL);
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
  REQUIRE_VFUNC (self, save_patient, error, FALSE);

  if (!fol_patient_validate (patient, NULL, error))
    return FALSE;
  return FOL_STORE_GET_IFACE (self)->save_patient (self, patient, error);
}

gboolean
fol_store_delete_patient (FolStore    *self,
                          const char  *patient_id,
                          GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (patient_id != NULL, FALSE);
  REQUIRE_VFUNC (self, delete_patient, error, FALSE);
  return FOL_STORE_GET_IFACE (self)->delete_patient (self, patient_id, NULL, error);
}

/**
 * fol_store_delete_patient_checked:
 * @loaded_at: the updated_at of the copy shown when the delete was chosen
 *
 * Like fol_store_delete_patient(), but refuses with %FOL_STORE_ERROR_CHANGED
 * when the record was changed since @loaded_at (on another workstation):
 * nothing is deleted then.
 */
gboolean
fol_store_delete_patient_checked (FolStore    *self,
                                 const char  *patient_id,
                                 const char  *loaded_at,
                                 GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (patient_id != NULL, FALSE);
  REQUIRE_VFUNC (self, delete_patient, error, FALSE);
  return FOL_STORE_GET_IFACE (self)->delete_patient (self, patient_id, loaded_at, error);
}

/**
 * fol_store_save_visit:
 * @measurements: (element-type FolMeasurement) (nullable): the region values;
 *   they replace all of the visit's earlier ones
 *
 * Saves a visit and its region measurements as one action. The backend
 * gets the values derived and checked, the empty ones left out.
 */
gboolean
fol_store_save_visit (FolStore    *self,
                      FolVisit    *visit,
                      GPtrArray   *measurements,
                      GError     **error)
{
  g_autoptr(GPtrArray) kept = NULL;
  FolDate birth = FOL_DATE_NONE;

  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (FOL_IS_VISIT (visit), FALSE);
  REQUIRE_VFUNC (self, save_visit, error, FALSE);

  if (!patient_birth_date (self, NULL, fol_visit_get_patient_id (visit), &birth, error) ||
      !fol_visit_validate (visit, birth, NULL, error) ||
      !_fol_store_check_measurements (measurements, &kept, error))
    return FALSE;
  return FOL_STORE_GET_IFACE (self)->save_visit (self, visit, kept, error);
}

gboolean
fol_store_delete_visit (FolStore    *self,
                        const char  *visit_id,
                        GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (visit_id != NULL, FALSE);
  REQUIRE_VFUNC (self, delete_visit, error, FALSE);
  return FOL_STORE_GET_IFACE (self)->delete_visit (self, visit_id, NULL, error);
}

/**
 * fol_store_delete_visit_checked:
 * @loaded_at: the updated_at of the copy shown when the delete was chosen
 *
 * Like fol_store_delete_visit(), but refuses with %FOL_STORE_ERROR_CHANGED
 * when the record was changed since @loaded_at (on another workstation):
 * nothing is deleted then.
 */
gboolean
fol_store_delete_visit_checked (FolStore    *self,
                               const char  *visit_id,
                               const char  *loaded_at,
                               GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (visit_id != NULL, FALSE);
  REQUIRE_VFUNC (self, delete_visit, error, FALSE);
  return FOL_STORE_GET_IFACE (self)->delete_visit (self, visit_id, loaded_at, error);
}

gboolean
fol_store_save_session (FolStore             *self,
                        FolTreatmentSession  *session,
                        GError              **error)
{
  FolDate birth = FOL_DATE_NONE;

  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (session), FALSE);
  REQUIRE_VFUNC (self, save_session, error, FALSE);

  if (!patient_birth_date (self, NULL, fol_treatment_session_get_patient_id (session), &birth,
                           error) ||
      !fol_treatment_session_validate (session, birth, NULL, error))
    return FALSE;
  return FOL_STORE_GET_IFACE (self)->save_session (self, session, error);
}

gboolean
fol_store_delete_session (FolStore    *self,
                          const char  *session_id,
                          GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  REQUIRE_VFUNC (self, delete_session, error, FALSE);
  return FOL_STORE_GET_IFACE (self)->delete_session (self, session_id, NULL, error);
}

/**
 * fol_store_delete_session_checked:
 * @loaded_at: the updated_at of the copy shown when the delete was chosen
 *
 * Like fol_store_delete_session(), but refuses with %FOL_STORE_ERROR_CHANGED
 * when the record was changed since @loaded_at (on another workstation):
 * nothing is deleted then.
 */
gboolean
fol_store_delete_session_checked (FolStore    *self,
                                 const char  *session_id,
                                 const char  *loaded_at,
                                 GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  REQUIRE_VFUNC (self, delete_session, error, FALSE);
  return FOL_STORE_GET_IFACE (self)->delete_session (self, session_id, loaded_at, error);
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
  REQUIRE_VFUNC (self, load_history, error, NULL);
  return FOL_STORE_GET_IFACE (self)->load_history (self, patient_id, error);
}

gboolean
fol_store_save_photo (FolStore    *self,
                      FolPhoto    *photo,
                      GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (FOL_IS_PHOTO (photo), FALSE);
  REQUIRE_VFUNC (self, save_photo, error, FALSE);

  if (!check_photo (photo, error))
    return FALSE;
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
  REQUIRE_VFUNC (self, list_audit, error, NULL);
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
  REQUIRE_VFUNC (self, list_photos, error, NULL);
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
  REQUIRE_VFUNC (self, get_photo, error, NULL);
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
  REQUIRE_VFUNC (self, delete_photo, error, FALSE);
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
  REQUIRE_VFUNC (self, find_photo_by_sha256, error, NULL);
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
  REQUIRE_VFUNC (self, set_photo_calibration, error, FALSE);

  if (!check_scale (px_per_mm, error))
    return FALSE;
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
  REQUIRE_VFUNC (self, save_photo_count, error, FALSE);

  if (!check_photo_count (field, marks, error))
    return FALSE;
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
  REQUIRE_VFUNC (self, load_photo_count, error, FALSE);
  return FOL_STORE_GET_IFACE (self)->load_photo_count (self, photo_id, out_has_field,
                                                       out_field, out_marks, error);
}

typedef struct
{
  FolStoreBatchPlanFunc  plan;
  gpointer               user_data;
  FolStoreBatch         *fixed;
} PlanData;

/* The caller's plan, then the rules, inside the backend's transaction:
 * what the plan read cannot change before its records are checked and
 * written.
 */
static FolStoreBatch *
checked_plan (FolStore  *self,
              gpointer   user_data,
              GError   **error)
{
  PlanData *data = user_data;
  g_autoptr(FolStoreBatch) batch = NULL;

  if (data->fixed != NULL)
    batch = fol_store_batch_ref (data->fixed);
  else
    batch = data->plan (self, data->user_data, error);

  if (batch == NULL || !check_batch (self, batch, error))
    return NULL;
  return g_steal_pointer (&batch);
}

/**
 * fol_store_apply_batch:
 *
 * Writes every record of @batch in one transaction: all of them are
 * stored, or, on the first failure, none. Records are inserted or, when
 * their ID exists, updated; measurements of a visit are added or replaced
 * region by region. Each record is checked first by the rules of a single
 * save (fol-validate); a record that fails them writes nothing of the
 * batch.
 */
gboolean
fol_store_apply_batch (FolStore       *self,
                       FolStoreBatch  *batch,
                       GError        **error)
{
  PlanData data = { NULL, NULL, batch };

  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  REQUIRE_VFUNC (self, apply_batch, error, FALSE);

  return FOL_STORE_GET_IFACE (self)->apply_batch (self, checked_plan, &data, error);
}

/**
 * fol_store_apply_batch_planned:
 * @plan: makes the batch; it runs inside the write transaction, so what it
 *   reads (matching a record by name, comparing with the stored one) cannot
 *   change before the batch is written
 *
 * Takes the write lock, asks @plan for the batch, checks and writes it, as
 * fol_store_apply_batch() does. When @plan fails, nothing is written; when
 * its batch is empty, nothing is written either and the clinic is left as
 * it was.
 */
gboolean
fol_store_apply_batch_planned (FolStore               *self,
                               FolStoreBatchPlanFunc   plan,
                               gpointer                user_data,
                               GError                **error)
{
  PlanData data = { plan, user_data, NULL };

  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  REQUIRE_VFUNC (self, apply_batch, error, FALSE);

  return FOL_STORE_GET_IFACE (self)->apply_batch (self, checked_plan, &data, error);
}

/**
 * fol_store_find_patient:
 *
 * Returns: (transfer full) (nullable): the ID of the patient with this
 *   name (compared case-insensitively) and date of birth, or %NULL (without
 *   an error) when there is none
 */
char *
fol_store_find_patient (FolStore    *self,
                        const char  *name,
                        FolDate      birth_date,
                        GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  REQUIRE_VFUNC (self, find_patient, error, NULL);
  return FOL_STORE_GET_IFACE (self)->find_patient (self, name, birth_date, error);
}

/**
 * fol_store_find_visit:
 * @patient_id: (nullable): the patient; %NULL finds nothing
 *
 * Returns: (transfer full) (nullable): the ID of the patient's visit on
 *   this day, or %NULL (without an error) when there is none
 */
char *
fol_store_find_visit (FolStore    *self,
                      const char  *patient_id,
                      FolDate      date,
                      GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  REQUIRE_VFUNC (self, find_visit, error, NULL);

  if (patient_id == NULL)
    return NULL;
  return FOL_STORE_GET_IFACE (self)->find_visit (self, patient_id, date, error);
}

/**
 * fol_store_find_session:
 * @patient_id: (nullable): the patient; %NULL finds nothing
 * @treatment_type: (nullable): the treatment; %NULL finds nothing
 *
 * Returns: (transfer full) (nullable): the ID of the patient's session of
 *   this treatment on this day, or %NULL (without an error) when there is
 *   none
 */
char *
fol_store_find_session (FolStore    *self,
                        const char  *patient_id,
                        FolDate      date,
                        const char  *treatment_type,
                        GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  REQUIRE_VFUNC (self, find_session, error, NULL);

  if (patient_id == NULL || treatment_type == NULL)
    return NULL;
  return FOL_STORE_GET_IFACE (self)->find_session (self, patient_id, date, treatment_type, error);
}

/**
 * fol_store_get_visit_owner:
 * @visit_id: (nullable): the visit; %NULL has no owner
 *
 * Returns: (transfer full) (nullable): the ID of the patient the visit
 *   belongs to, or %NULL (without an error) when no visit has this ID
 */
char *
fol_store_get_visit_owner (FolStore    *self,
                           const char  *visit_id,
                           GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  REQUIRE_VFUNC (self, get_visit_owner, error, NULL);

  if (visit_id == NULL)
    return NULL;
  return FOL_STORE_GET_IFACE (self)->get_visit_owner (self, visit_id, error);
}

/**
 * fol_store_get_session_owner:
 * @session_id: (nullable): the treatment session; %NULL has no owner
 *
 * Returns: (transfer full) (nullable): the ID of the patient the session
 *   belongs to, or %NULL (without an error) when no session has this ID
 */
char *
fol_store_get_session_owner (FolStore    *self,
                             const char  *session_id,
                             GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  REQUIRE_VFUNC (self, get_session_owner, error, NULL);

  if (session_id == NULL)
    return NULL;
  return FOL_STORE_GET_IFACE (self)->get_session_owner (self, session_id, error);
}

/**
 * fol_store_list_patient_ids:
 *
 * Returns: (transfer full) (element-type utf8): every patient's ID, by
 *   name then ID, or %NULL on error
 */
GPtrArray *
fol_store_list_patient_ids (FolStore  *self,
                            GError   **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  REQUIRE_VFUNC (self, list_patient_ids, error, NULL);
  return FOL_STORE_GET_IFACE (self)->list_patient_ids (self, error);
}

/**
 * fol_store_load_photo_bytes:
 * @sha256: the photo's content hash, 64 lower-case hex digits
 *
 * Reads the bytes of a photo the store keeps.
 *
 * Returns: (transfer full): the bytes, or %NULL with @error set
 *   (%FOL_STORE_ERROR_NOT_FOUND when the store has no such photo)
 */
GBytes *
fol_store_load_photo_bytes (FolStore    *self,
                            const char  *sha256,
                            GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  REQUIRE_VFUNC (self, load_photo_bytes, error, NULL);

  if (!is_sha256 (sha256))
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("“%s” is not a photo’s checksum"), sha256 ? sha256 : "");
      return NULL;
    }
  return FOL_STORE_GET_IFACE (self)->load_photo_bytes (self, sha256, error);
}

/**
 * fol_store_get_photo_dir:
 *
 * Returns: (transfer full) (nullable): the folder on this computer that
 *   photo files are kept in (by content hash), or %NULL when the store
 *   keeps none there
 */
char *
fol_store_get_photo_dir (FolStore *self)
{
  FolStoreInterface *iface;

  g_return_val_if_fail (FOL_IS_STORE (self), NULL);

  iface = FOL_STORE_GET_IFACE (self);
  return iface->get_photo_dir ? iface->get_photo_dir (self) : NULL;
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
 * Returns: (transfer full) (nullable): the folder on this computer that
 *   belongs to the clinic: photos and backups are kept in it, in photos/
 *   and backups/; %NULL for a store that keeps none
 */
char *
fol_store_get_data_dir (FolStore *self)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  /* A store that keeps no folder on this computer need not say so. */
  if (FOL_STORE_GET_IFACE (self)->get_data_dir == NULL)
    return NULL;
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

/**
 * fol_store_scan_outcomes:
 * @query: the measure, region and filters
 * @func: called for each treated patient that matches, in patient ID order
 * @user_data: for @func
 *
 * Streams what clinic outcomes (fol-outcomes.c) need of each patient who
 * had at least one treatment session: the courses (first session, number
 * of sessions and adverse events by severity, per treatment type and
 * product), sex, diagnosis, date of birth, and the values of one measure
 * in one region. Stops at the first error, including one set by @func.
 *
 * Returns: %TRUE when every patient was streamed
 */
gboolean
fol_store_scan_outcomes (FolStore               *self,
                         const FolOutcomeQuery  *query,
                         FolOutcomeFunc          func,
                         gpointer                user_data,
                         GError                **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  REQUIRE_VFUNC (self, scan_outcomes, error, FALSE);

  if (query->measure >= FOL_N_MEASURES ||
      (fol_measure_is_per_region (query->measure) && query->region >= FOL_N_REGIONS))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Outcomes need one measurement and, for a measurement per region, "
                             "one region"));
      return FALSE;
    }

  return FOL_STORE_GET_IFACE (self)->scan_outcomes (self, query, func, user_data, error);
}

/* Treatment protocols */

/**
 * fol_store_list_protocols:
 *
 * Returns: (transfer full) (element-type FolProtocol): the clinic's
 *   protocols, by name
 */
GPtrArray *
fol_store_list_protocols (FolStore  *self,
                          GError   **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  REQUIRE_VFUNC (self, list_protocols, error, NULL);
  return FOL_STORE_GET_IFACE (self)->list_protocols (self, error);
}

/**
 * fol_store_get_protocol:
 *
 * Returns: (transfer full): the protocol, or %NULL with
 *   %FOL_STORE_ERROR_NOT_FOUND
 */
FolProtocol *
fol_store_get_protocol (FolStore    *self,
                        const char  *protocol_id,
                        GError     **error)
{
  g_autoptr(GPtrArray) protocols = NULL;

  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  g_return_val_if_fail (protocol_id != NULL, NULL);

  protocols = fol_store_list_protocols (self, error);
  if (protocols == NULL)
    return NULL;
  for (guint i = 0; i < protocols->len; i++)
    if (g_strcmp0 (fol_protocol_get_id (protocols->pdata[i]), protocol_id) == 0)
      return g_object_ref (protocols->pdata[i]);
  g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
               _("No protocol has the ID “%s”"), protocol_id);
  return NULL;
}

/**
 * fol_store_save_protocol:
 *
 * Adds @protocol (without an ID: one is given) or replaces it. Refused,
 * with nothing written, when it is not valid or another protocol has its
 * name.
 */
gboolean
fol_store_save_protocol (FolStore     *self,
                         FolProtocol  *protocol,
                         GError      **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (FOL_IS_PROTOCOL (protocol), FALSE);
  REQUIRE_VFUNC (self, save_protocol, error, FALSE);

  if (!fol_protocol_validate (protocol, NULL, error))
    return FALSE;
  return FOL_STORE_GET_IFACE (self)->save_protocol (self, protocol, error);
}

/**
 * fol_store_delete_protocol:
 *
 * Refused while the protocol is assigned to a patient.
 */
gboolean
fol_store_delete_protocol (FolStore    *self,
                           const char  *protocol_id,
                           GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (protocol_id != NULL, FALSE);
  REQUIRE_VFUNC (self, delete_protocol, error, FALSE);
  return FOL_STORE_GET_IFACE (self)->delete_protocol (self, protocol_id, error);
}

/**
 * fol_store_list_assignments:
 * @patient_id: (nullable): one patient's, or %NULL for the whole clinic's
 *
 * Returns: (transfer full) (element-type FolProtocolAssignment): by
 *   patient, then start date
 */
GPtrArray *
fol_store_list_assignments (FolStore    *self,
                            const char  *patient_id,
                            GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), NULL);
  REQUIRE_VFUNC (self, list_assignments, error, NULL);
  return FOL_STORE_GET_IFACE (self)->list_assignments (self, patient_id, error);
}

/**
 * fol_store_save_assignment:
 *
 * Assigns a protocol to a patient from a start date (without an ID: a new
 * assignment), or changes an assignment. The patient and the protocol
 * must exist, and the plan cannot start before the patient was born.
 */
gboolean
fol_store_save_assignment (FolStore               *self,
                           FolProtocolAssignment  *assignment,
                           GError                **error)
{
  FolDate birth = FOL_DATE_NONE;

  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (FOL_IS_PROTOCOL_ASSIGNMENT (assignment), FALSE);
  REQUIRE_VFUNC (self, save_assignment, error, FALSE);

  if (!fol_protocol_assignment_validate (assignment, NULL, error) ||
      !patient_birth_date (self, NULL, fol_protocol_assignment_get_patient_id (assignment),
                           &birth, error))
    return FALSE;
  if (birth != FOL_DATE_NONE && fol_protocol_assignment_get_start_date (assignment) < birth)
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_DATE,
                   _("Start date of the protocol is before the patient’s date of birth"));
      return FALSE;
    }
  return FOL_STORE_GET_IFACE (self)->save_assignment (self, assignment, error);
}

gboolean
fol_store_delete_assignment (FolStore    *self,
                             const char  *assignment_id,
                             GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (self), FALSE);
  g_return_val_if_fail (assignment_id != NULL, FALSE);
  REQUIRE_VFUNC (self, delete_assignment, error, FALSE);
  return FOL_STORE_GET_IFACE (self)->delete_assignment (self, assignment_id, error);
}

void
_fol_store_protocol_saved (FolStore    *store,
                           FolProtocol *protocol,
                           const char  *new_id,
                           const char  *now)
{
  if (new_id != NULL)
    fol_protocol_set_id (protocol, new_id);
  if (fol_protocol_get_created_at (protocol) == NULL)
    fol_protocol_set_created_at (protocol, now);
  fol_protocol_set_updated_at (protocol, now);
  fol_store_emit_changed (store, FOL_STORE_CHANGE_PROTOCOL, NULL);
}

void
_fol_store_assignment_saved (FolStore              *store,
                             FolProtocolAssignment *assignment,
                             const char            *new_id,
                             const char            *now)
{
  if (new_id != NULL)
    fol_protocol_assignment_set_id (assignment, new_id);
  if (fol_protocol_assignment_get_created_at (assignment) == NULL)
    fol_protocol_assignment_set_created_at (assignment, now);
  fol_protocol_assignment_set_updated_at (assignment, now);
  fol_store_emit_changed (store, FOL_STORE_CHANGE_PROTOCOL,
                          fol_protocol_assignment_get_patient_id (assignment));
}
