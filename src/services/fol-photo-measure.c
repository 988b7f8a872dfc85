/* fol-photo-measure.c
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

#define G_LOG_DOMAIN "fol-photo-measure"

#include "config.h"

#include <math.h>

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-photo-count.h"
#include "fol-photo-measure.h"

/* A count made on a photo becomes the measurement of the photo's region at
 * the photo's visit.
 */

static FolHistory *
load_visit (FolStore    *store,
            const char  *patient_id,
            FolPhoto    *photo,
            guint       *out_index,
            GError     **error)
{
  g_autoptr(FolHistory) history = fol_store_load_history (store, patient_id, error);

  if (history == NULL)
    return NULL;

  for (guint i = 0; i < fol_history_get_n_visits (history); i++)
    if (g_strcmp0 (fol_visit_get_id (fol_history_get_visit (history, i)),
                   fol_photo_get_visit_id (photo)) == 0)
      {
        *out_index = i;
        return g_steal_pointer (&history);
      }

  g_set_error_literal (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                       _("The photo's visit is no longer in the patient's record"));
  return NULL;
}

/**
 * fol_photo_measure_lookup:
 * @out_measurement: (out) (transfer full) (nullable): the visit's
 *   measurement of the photo's region, %NULL when there is none
 *
 * Returns: %FALSE on error
 */
gboolean
fol_photo_measure_lookup (FolStore        *store,
                          const char      *patient_id,
                          FolPhoto        *photo,
                          FolMeasurement **out_measurement,
                          GError         **error)
{
  g_autoptr(FolHistory) history = NULL;
  FolMeasurement *m;
  guint index = 0;

  g_return_val_if_fail (FOL_IS_STORE (store), FALSE);
  g_return_val_if_fail (patient_id != NULL, FALSE);
  g_return_val_if_fail (FOL_IS_PHOTO (photo), FALSE);
  g_return_val_if_fail (out_measurement != NULL, FALSE);

  history = load_visit (store, patient_id, photo, &index, error);
  if (history == NULL)
    return FALSE;

  m = fol_history_get_measurement (history, index, fol_photo_get_region (photo));
  *out_measurement = m != NULL ? fol_measurement_copy (m) : NULL;
  return TRUE;
}

/**
 * fol_photo_measure_apply:
 * @out_visit: (out) (optional) (transfer full): the visit written
 *
 * Writes @count hairs on @area_cm2 and the density they give into the
 * measurement of the photo's region at its visit, as a manual count on a
 * photo, keeping the measurement's other values and the other regions.
 * Validation may refuse it (a density over 600 /cm², or one that no longer
 * matches the terminal and vellus densities), with a message.
 */
gboolean
fol_photo_measure_apply (FolStore    *store,
                         const char  *patient_id,
                         FolPhoto    *photo,
                         guint        count,
                         double       area_cm2,
                         FolVisit   **out_visit,
                         GError     **error)
{
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(GPtrArray) measurements = NULL;
  g_autoptr(FolMeasurement) updated = NULL;
  FolMeasurement *current;
  FolVisit *visit;
  FolRegion region;
  guint index = 0;

  g_return_val_if_fail (FOL_IS_STORE (store), FALSE);
  g_return_val_if_fail (patient_id != NULL, FALSE);
  g_return_val_if_fail (FOL_IS_PHOTO (photo), FALSE);

  if (!(area_cm2 > 0) || isinf (area_cm2))
    {
      g_set_error_literal (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE,
                           _("The counting field has no area"));
      return FALSE;
    }

  history = load_visit (store, patient_id, photo, &index, error);
  if (history == NULL)
    return FALSE;

  region = fol_photo_get_region (photo);
  visit = fol_history_get_visit (history, index);
  current = fol_history_get_measurement (history, index, region);

  measurements = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      FolMeasurement *m = fol_history_get_measurement (history, index, r);

      if (m != NULL && r != region)
        g_ptr_array_add (measurements, fol_measurement_copy (m));
    }

  updated = current != NULL ? fol_measurement_copy (current) : fol_measurement_new ();
  fol_measurement_set_visit_id (updated, fol_visit_get_id (visit));
  fol_measurement_set_region (updated, region);
  fol_measurement_set_hair_count (updated, count);
  fol_measurement_set_field_area (updated, area_cm2);
  fol_measurement_set_total_density (updated, fol_photo_density (count, area_cm2));
  fol_measurement_set_method (updated, "manual");
  g_ptr_array_add (measurements, g_steal_pointer (&updated));

  if (!fol_store_save_visit (store, visit, measurements, error))
    return FALSE;

  if (out_visit != NULL)
    *out_visit = g_object_ref (visit);
  return TRUE;
}
