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
#include "fol-validate.h"

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

/* @current with the count written in, the split as it was. */
static FolMeasurement *
with_count (FolMeasurement *current,
            guint           count,
            double          area_cm2)
{
  FolMeasurement *updated;

  updated = current != NULL ? fol_measurement_copy (current) : fol_measurement_new ();

  fol_measurement_set_hair_count (updated, count);
  fol_measurement_set_field_area (updated, area_cm2);
  fol_measurement_set_total_density (updated, fol_photo_density (count, area_cm2));
  fol_measurement_set_method (updated, "manual");
  return updated;
}

/**
 * fol_photo_measure_split_conflicts:
 * @current: (nullable): the visit's measurement of the photo's region
 *
 * Returns: whether writing @count hairs on @area_cm2 into @current would
 *   leave a terminal/vellus split that does not fit the new total density
 */
gboolean
fol_photo_measure_split_conflicts (FolMeasurement *current,
                                   guint           count,
                                   double          area_cm2)
{
  g_autoptr(FolMeasurement) updated = NULL;
  g_autoptr(GError) error = NULL;
  const char *field = NULL;

  g_return_val_if_fail (current == NULL || FOL_IS_MEASUREMENT (current), FALSE);

  if (current == NULL || !(area_cm2 > 0) ||
      (isnan (fol_measurement_get_terminal_density (current)) &&
       isnan (fol_measurement_get_vellus_density (current))))
    return FALSE;

  updated = with_count (current, count, area_cm2);
  if (fol_measurement_validate (updated, &field, &error))
    return FALSE;
  return g_strcmp0 (field, "terminal-density") == 0 || g_strcmp0 (field, "vellus-density") == 0;
}

static double
round_tenth (double value)
{
  return round (value * 10) / 10;
}

/**
 * fol_photo_measure_rescale_split:
 * @out_terminal: (out): the terminal density, NAN when there was none
 * @out_vellus: (out): the vellus density, NAN when there was none
 *
 * Scales @current's terminal and vellus densities in proportion to
 * @density, to a tenth of a hair per cm²: with both, they add up to it.
 *
 * Returns: %FALSE when there is no split to scale from
 */
gboolean
fol_photo_measure_rescale_split (FolMeasurement *current,
                                 double          density,
                                 double         *out_terminal,
                                 double         *out_vellus)
{
  double terminal, vellus, base;

  g_return_val_if_fail (FOL_IS_MEASUREMENT (current), FALSE);
  g_return_val_if_fail (out_terminal != NULL && out_vellus != NULL, FALSE);

  terminal = fol_measurement_get_terminal_density (current);
  vellus = fol_measurement_get_vellus_density (current);
  *out_terminal = *out_vellus = NAN;

  /* Both: their sum is the old total; one alone: a share of the old total. */
  if (!isnan (terminal) && !isnan (vellus))
    base = terminal + vellus;
  else
    base = fol_measurement_get_total_density (current);
  if (isnan (terminal) && isnan (vellus))
    return FALSE;
  if (!(base > 0) || isinf (base) || !(density >= 0) || isinf (density))
    return FALSE;

  if (!isnan (terminal))
    *out_terminal = round_tenth (terminal * density / base);
  if (!isnan (vellus))
    *out_vellus = !isnan (terminal) ? round_tenth (density - *out_terminal)
                                    : round_tenth (vellus * density / base);
  return TRUE;
}

/**
 * fol_photo_measure_apply:
 * @out_visit: (out) (optional) (transfer full): the visit written
 *
 * As fol_photo_measure_apply_split(), keeping the terminal/vellus split.
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
  return fol_photo_measure_apply_split (store, patient_id, photo, count, area_cm2, FOL_SPLIT_KEEP,
                                        out_visit, error);
}

/**
 * fol_photo_measure_apply_split:
 * @split: what to do with the measurement's terminal/vellus split
 * @out_visit: (out) (optional) (transfer full): the visit written
 *
 * Writes @count hairs on @area_cm2 and the density they give into the
 * measurement of the photo's region at its visit, as a manual count on a
 * photo, keeping the measurement's other values and the other regions;
 * the terminal/vellus split is kept, cleared or rescaled to the new
 * density as @split says. Validation may refuse it (a density over
 * 600 /cm², or a kept split that no longer fits), with a message.
 */
gboolean
fol_photo_measure_apply_split (FolStore        *store,
                               const char      *patient_id,
                               FolPhoto        *photo,
                               guint            count,
                               double           area_cm2,
                               FolSplitChange   split,
                               FolVisit       **out_visit,
                               GError         **error)
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

  updated = with_count (current, count, area_cm2);
  fol_measurement_set_visit_id (updated, fol_visit_get_id (visit));
  fol_measurement_set_region (updated, region);

  if (split == FOL_SPLIT_CLEAR)
    {
      fol_measurement_set_terminal_density (updated, NAN);
      fol_measurement_set_vellus_density (updated, NAN);
    }
  else if (split == FOL_SPLIT_RESCALE && current != NULL)
    {
      double terminal, vellus;

      if (!fol_photo_measure_rescale_split (current, fol_measurement_get_total_density (updated),
                                            &terminal, &vellus))
        {
          g_set_error_literal (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT,
                               _("The terminal and vellus densities cannot be rescaled: "
                                 "there is no split to scale from"));
          return FALSE;
        }
      fol_measurement_set_terminal_density (updated, terminal);
      fol_measurement_set_vellus_density (updated, vellus);
    }
  g_ptr_array_add (measurements, g_steal_pointer (&updated));

  if (!fol_store_save_visit (store, visit, measurements, error))
    return FALSE;

  if (out_visit != NULL)
    *out_visit = g_object_ref (visit);
  return TRUE;
}

/**
 * fol_photo_measure_threshold:
 * @default_um: the threshold when the patient has none yet (the
 *   preference, 40 µm by default)
 *
 * Returns: the patient's terminal threshold in µm: that of the photo's
 *   measurement when it has one, else the latest the patient's
 *   measurements used, else @default_um
 */
double
fol_photo_measure_threshold (FolStore   *store,
                             const char *patient_id,
                             FolPhoto   *photo,
                             double      default_um)
{
  g_autoptr(FolHistory) history = NULL;
  FolMeasurement *m;
  double latest = NAN;
  guint index = 0;

  g_return_val_if_fail (FOL_IS_STORE (store), default_um);
  g_return_val_if_fail (patient_id != NULL, default_um);
  g_return_val_if_fail (FOL_IS_PHOTO (photo), default_um);

  history = load_visit (store, patient_id, photo, &index, NULL);
  if (history == NULL)
    return default_um;
  m = fol_history_get_measurement (history, index, fol_photo_get_region (photo));
  if (m != NULL && fol_measurement_get_terminal_threshold (m) > 0)
    return fol_measurement_get_terminal_threshold (m);
  /* Visits are in date order: the last threshold the patient was measured at. */
  for (guint i = 0; i < fol_history_get_n_visits (history); i++)
    for (guint r = 0; r < FOL_N_REGIONS; r++)
      {
        FolMeasurement *other = fol_history_get_measurement (history, i, r);

        if (other != NULL && fol_measurement_get_terminal_threshold (other) > 0)
          latest = fol_measurement_get_terminal_threshold (other);
      }
  return !isnan (latest) ? latest : default_um;
}

/**
 * fol_photo_measure_apply_marks:
 * @split: the confirmed marks of the field and their diameters
 *   (fol_photo_field_split() at @threshold_um)
 * @threshold_um: the terminal threshold the split was made at
 * @out_visit: (out) (optional) (transfer full): the visit written
 *
 * Writes the count, the density, and from the marks' diameters the
 * terminal and vellus densities, the mean diameter (and so the cumulative
 * thickness) and the threshold used, into the measurement of the photo's
 * region at its visit. The diameters are estimated on the photo: the
 * measurement's method says so (%FOL_PHOTO_MEASURE_ESTIMATED_METHOD) until
 * the clinician confirms them. Every confirmed mark needs a diameter.
 */
gboolean
fol_photo_measure_apply_marks (FolStore           *store,
                               const char         *patient_id,
                               FolPhoto           *photo,
                               const FolMarkSplit *split,
                               double              area_cm2,
                               double              threshold_um,
                               FolVisit          **out_visit,
                               GError            **error)
{
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(GPtrArray) measurements = NULL;
  g_autoptr(FolMeasurement) updated = NULL;
  FolVisit *visit;
  FolRegion region;
  guint index = 0;

  g_return_val_if_fail (FOL_IS_STORE (store), FALSE);
  g_return_val_if_fail (patient_id != NULL, FALSE);
  g_return_val_if_fail (FOL_IS_PHOTO (photo), FALSE);
  g_return_val_if_fail (split != NULL, FALSE);

  if (!(area_cm2 > 0) || isinf (area_cm2))
    {
      g_set_error_literal (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE,
                           _("The counting field has no area"));
      return FALSE;
    }
  if (!(threshold_um > 0) || isinf (threshold_um))
    {
      g_set_error_literal (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE,
                           _("The terminal threshold must be above 0 µm"));
      return FALSE;
    }
  if (split->count == 0 || split->n_diameters != split->count)
    {
      g_set_error_literal (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED,
                           _("Not every mark in the field has an estimated diameter: marks "
                             "placed by hand have none, so the terminal/vellus split cannot be "
                             "made from the marks"));
      return FALSE;
    }

  history = load_visit (store, patient_id, photo, &index, error);
  if (history == NULL)
    return FALSE;

  region = fol_photo_get_region (photo);
  visit = fol_history_get_visit (history, index);
  measurements = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      FolMeasurement *m = fol_history_get_measurement (history, index, r);

      if (m != NULL && r != region)
        g_ptr_array_add (measurements, fol_measurement_copy (m));
    }

  updated = with_count (fol_history_get_measurement (history, index, region), split->count,
                        area_cm2);
  fol_measurement_set_visit_id (updated, fol_visit_get_id (visit));
  fol_measurement_set_region (updated, region);
  fol_measurement_set_terminal_density (updated, fol_photo_density (split->terminal, area_cm2));
  fol_measurement_set_vellus_density (updated, fol_photo_density (split->vellus, area_cm2));
  fol_measurement_set_mean_diameter (updated, split->mean_diameter_um);
  fol_measurement_set_terminal_threshold (updated, threshold_um);
  fol_measurement_set_method (updated, FOL_PHOTO_MEASURE_ESTIMATED_METHOD);
  g_ptr_array_add (measurements, g_steal_pointer (&updated));

  if (!fol_store_save_visit (store, visit, measurements, error))
    return FALSE;

  if (out_visit != NULL)
    *out_visit = g_object_ref (visit);
  return TRUE;
}
