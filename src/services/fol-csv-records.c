/* fol-csv-records.c
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

#define G_LOG_DOMAIN "fol-csv-import"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-catalog.h"
#include "fol-csv-private.h"
#include "fol-error.h"
#include "fol-figures.h"
#include "fol-i18n.h"
#include "fol-validate.h"

/* The rows of an import that hold a visit and a region, a site, or a
 * treatment session (fol-csv-import.c reads the file and the patients).
 * A row adds to the preview only when all of it is accepted.
 */

/* Visits */

static gboolean
apply_visit_columns (RowCtx    *row,
                     FolVisit  *visit,
                     GError   **error)
{
  static const struct { FolCsvColumn column; void (*set) (FolVisit *, int); } scores[] = {
    { FOL_CSV_COL_SINCLAIR, fol_visit_set_sinclair },
    { FOL_CSV_COL_SALT_TOP, fol_visit_set_salt_top },
    { FOL_CSV_COL_SALT_BACK, fol_visit_set_salt_back },
    { FOL_CSV_COL_SALT_RIGHT, fol_visit_set_salt_right },
    { FOL_CSV_COL_SALT_LEFT, fol_visit_set_salt_left },
    { FOL_CSV_COL_AA_IGA, fol_visit_set_aa_iga },
    { FOL_CSV_COL_INVESTIGATOR_ASSESSMENT, fol_visit_set_investigator_assessment },
    { FOL_CSV_COL_PATIENT_ASSESSMENT, fol_visit_set_patient_assessment },
  };
  FolDate date;

  if (!_fol_csv_cell_date (row, FOL_CSV_COL_VISIT_DATE, &date, error))
    return FALSE;
  if (date != FOL_DATE_NONE)
    fol_visit_set_date (visit, date);

  if (_fol_csv_has_column (row, FOL_CSV_COL_VISIT_KIND))
    {
      g_autofree char *kind = NULL;

      if (!_fol_csv_cell_choice (row, FOL_CSV_COL_VISIT_KIND, FOL_CATALOG_VISIT_KIND, &kind, error))
        return FALSE;
      if (kind != NULL)
        fol_visit_set_kind (visit, kind);
    }
  if (fol_visit_get_kind (visit) == NULL)
    fol_visit_set_kind (visit, "follow_up");

  if (_fol_csv_has_column (row, FOL_CSV_COL_VISIT_CLINICIAN))
    {
      g_autofree char *text = _fol_csv_cell_text (row, FOL_CSV_COL_VISIT_CLINICIAN);

      fol_visit_set_clinician (visit, text);
    }
  if (_fol_csv_has_column (row, FOL_CSV_COL_NORWOOD))
    {
      g_autofree char *stage = NULL;

      if (!_fol_csv_cell_choice (row, FOL_CSV_COL_NORWOOD, FOL_CATALOG_NORWOOD, &stage, error))
        return FALSE;
      fol_visit_set_norwood (visit, stage);
    }
  if (_fol_csv_has_column (row, FOL_CSV_COL_LUDWIG))
    {
      g_autofree char *stage = NULL;

      if (!_fol_csv_cell_choice (row, FOL_CSV_COL_LUDWIG, FOL_CATALOG_LUDWIG, &stage, error))
        return FALSE;
      fol_visit_set_ludwig (visit, stage);
    }
  for (guint i = 0; i < G_N_ELEMENTS (scores); i++)
    {
      int value;

      if (!_fol_csv_has_column (row, scores[i].column))
        continue;
      if (!_fol_csv_cell_score (row, scores[i].column, &value, error))
        return FALSE;
      scores[i].set (visit, value);
    }
  if (_fol_csv_has_column (row, FOL_CSV_COL_VISIT_NOTES))
    {
      g_autofree char *text = _fol_csv_cell_text (row, FOL_CSV_COL_VISIT_NOTES);

      fol_visit_set_notes (visit, text);
    }

  return TRUE;
}

static FolVisit *
find_stored_visit (FolCsvPreview *self,
                   const char    *patient_id,
                   const char    *visit_id)
{
  FolHistory *history = _fol_csv_stored_history (self, patient_id);

  for (guint i = 0; history != NULL && i < fol_history_get_n_visits (history); i++)
    {
      FolVisit *v = fol_history_get_visit (history, i);

      if (g_strcmp0 (fol_visit_get_id (v), visit_id) == 0)
        return v;
    }
  return NULL;
}

static gboolean
build_measurement (RowCtx          *row,
                   FolRegion        region,
                   FolMeasurement **out,
                   GError         **error)
{
  g_autoptr(FolMeasurement) m = fol_measurement_new ();
  g_autofree char *method = NULL;
  g_autofree char *notes = _fol_csv_cell_text (row, FOL_CSV_COL_MEASUREMENT_NOTES);

  fol_measurement_set_region (m, region);
  for (guint i = 0; i < FOL_N_MEASURE_FIELDS; i++)
    {
      double value;

      if (!_fol_csv_cell_number (row, FOL_CSV_COL_MEASURE_FIRST + i, &value, error))
        return FALSE;
      fol_measurement_field (i)->set (m, value);
    }
  if (!_fol_csv_cell_choice (row, FOL_CSV_COL_METHOD, FOL_CATALOG_METHOD, &method, error))
    return FALSE;
  fol_measurement_set_method (m, method);
  fol_measurement_set_notes (m, notes);

  fol_measurement_derive (m);
  if (!fol_measurement_validate (m, NULL, error))
    return FALSE;

  /* Computed, not entered: a value that disagrees with the densities it
   * comes from (beyond the export's two decimals) is refused. */
  if (_fol_csv_has_column (row, FOL_CSV_COL_HAIRS_PER_FU))
    {
      double given;
      double computed = fol_figures_hairs_per_fu (fol_measurement_get_total_density (m),
                                                  fol_measurement_get_fu_density (m));

      if (!_fol_csv_cell_number (row, FOL_CSV_COL_HAIRS_PER_FU, &given, error))
        return FALSE;
      if (!isnan (given) && (isnan (computed) || fabs (given - computed) > 0.005 + 1e-9))
        {
          g_autofree char *expected = fol_csv_format_hairs_per_fu (m);

          if (expected != NULL)
            g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT,
                         /* Translators: %s are a column name and numbers */
                         _("%s is %s, but total density / FU density gives %s: it is computed, "
                           "so leave it as exported or empty"),
                         "hairs_per_fu", _fol_csv_cell (row, FOL_CSV_COL_HAIRS_PER_FU), expected);
          else
            g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT,
                         /* Translators: %s are a column name and a number */
                         _("%s is %s, but it is computed from total density and FU density, "
                           "which this row does not both give"),
                         "hairs_per_fu", _fol_csv_cell (row, FOL_CSV_COL_HAIRS_PER_FU));
          return FALSE;
        }
    }

  *out = g_steal_pointer (&m);
  return TRUE;
}

gboolean
_fol_csv_import_measurement (RowCtx  *row,
                             GError **error)
{
  FolCsvPreview *self = row->self;
  PendingPatient *patient;
  PendingVisit *pending;
  g_autofree char *visit_id = NULL;
  g_autofree char *visit_key = NULL;
  g_autoptr(FolVisit) visit = NULL;
  g_autoptr(FolMeasurement) m = NULL;
  const char *patient_id;
  FolRegion region;
  FolDate date;
  gboolean is_new = FALSE;

  if (!(patient = _fol_csv_resolve_patient (row, error)))
    return FALSE;
  patient_id = fol_patient_get_id (patient->patient);

  if (!_fol_csv_cell_date (row, FOL_CSV_COL_VISIT_DATE, &date, error) ||
      !_fol_csv_cell_region (row, &region, error))
    return FALSE;

  visit_id = _fol_csv_cell_text (row, FOL_CSV_COL_VISIT_ID);
  if (visit_id == NULL)
    {
      if (date == FOL_DATE_NONE)
        {
          g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED,
                       _("The visit date is missing"));
          return FALSE;
        }
      visit_key = g_strdup_printf ("%s\n%u", patient_id, date);
      visit_id = g_strdup (g_hash_table_lookup (self->visit_keys, visit_key));
      if (visit_id == NULL)
        visit_id = fol_store_find_visit (self->store, patient_id, date, NULL);
    }

  pending = visit_id ? g_hash_table_lookup (self->visits, visit_id) : NULL;
  if (pending != NULL && g_strcmp0 (fol_visit_get_patient_id (pending->visit), patient_id) != 0)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                   _("Visit “%s” belongs to another patient"), visit_id);
      return FALSE;
    }

  if (pending == NULL)
    {
      g_autofree char *owner = fol_store_get_visit_owner (self->store, visit_id, NULL);
      FolVisit *stored = NULL;

      if (owner != NULL)
        {
          stored = patient->is_new ? NULL : find_stored_visit (self, patient_id, visit_id);
          if (stored == NULL)
            {
              g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                           _("Visit “%s” belongs to another patient"), visit_id);
              return FALSE;
            }
        }

      if (stored != NULL)
        visit = fol_visit_copy (stored);
      else
        {
          visit = fol_visit_new ();
          if (visit_id == NULL)
            visit_id = _fol_csv_new_id (self);
          fol_visit_set_id (visit, visit_id);
          fol_visit_set_patient_id (visit, patient_id);
          is_new = TRUE;
        }

      if (!apply_visit_columns (row, visit, error) ||
          !fol_visit_validate (visit, fol_patient_get_birth_date (patient->patient), NULL, error))
        return FALSE;
    }
  else if (date != FOL_DATE_NONE && date != fol_visit_get_date (pending->visit))
    {
      g_autofree char *iso = fol_date_to_iso (fol_visit_get_date (pending->visit));

      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT,
                   _("Visit “%s” was dated %s on an earlier row"), visit_id, iso);
      return FALSE;
    }

  if (region != FOL_REGION_NONE)
    {
      if (pending != NULL && (pending->regions & FOL_REGION_BIT (region)))
        {
          g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT,
                       _("%s is entered twice for this visit"), fol_region_name (region));
          return FALSE;
        }
      if (!build_measurement (row, region, &m, error))
        {
          g_prefix_error (error, "%s: ", fol_region_name (region));
          return FALSE;
        }
      fol_measurement_set_visit_id (m, visit_id);
    }

  /* Only an accepted row creates its visit. */
  if (pending == NULL)
    {
      pending = g_new0 (PendingVisit, 1);
      pending->visit = g_steal_pointer (&visit);
      pending->measurements = g_ptr_array_new_with_free_func (g_object_unref);
      pending->is_new = is_new;
      g_hash_table_insert (self->visits, g_strdup (visit_id), pending);
      g_ptr_array_add (self->visit_order, g_strdup (visit_id));
      g_hash_table_insert (self->visit_keys,
                           g_strdup_printf ("%s\n%u", patient_id, fol_visit_get_date (pending->visit)),
                           g_strdup (visit_id));
    }

  if (m != NULL)
    {
      pending->regions |= FOL_REGION_BIT (region);
      g_ptr_array_add (pending->measurements, g_steal_pointer (&m));
    }

  return TRUE;
}

gboolean
_fol_csv_import_site (RowCtx  *row,
                      GError **error)
{
  PendingPatient *patient;
  g_autofree char *site = _fol_csv_cell_text (row, FOL_CSV_COL_SITE);
  FolRegion region;

  if (!(patient = _fol_csv_resolve_patient (row, error)) || !_fol_csv_cell_region (row, &region, error))
    return FALSE;
  if (region == FOL_REGION_NONE)
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED,
                   _("A site needs its region"));
      return FALSE;
    }
  {
    g_autofree char *before = g_strdup (fol_patient_get_site (patient->patient, region));

    fol_patient_set_site (patient->patient, region, site);
    if (!fol_patient_validate (patient->patient, NULL, error))
      {
        fol_patient_set_site (patient->patient, region, before);
        return FALSE;
      }
  }
  return TRUE;
}

/* Sessions */


gboolean
_fol_csv_import_session (RowCtx  *row,
                         GError **error)
{
  FolCsvPreview *self = row->self;
  PendingPatient *patient;
  g_autoptr(FolTreatmentSession) s = fol_treatment_session_new ();
  g_autofree char *id = _fol_csv_cell_text (row, FOL_CSV_COL_SESSION_ID);
  g_autofree char *type = NULL;
  g_autofree char *product = _fol_csv_cell_text (row, FOL_CSV_COL_PRODUCT);
  g_autofree char *lot = _fol_csv_cell_text (row, FOL_CSV_COL_LOT_NUMBER);
  g_autofree char *dose = _fol_csv_cell_text (row, FOL_CSV_COL_DOSE);
  g_autofree char *anaesthesia = _fol_csv_cell_text (row, FOL_CSV_COL_ANAESTHESIA);
  g_autofree char *clinician = _fol_csv_cell_text (row, FOL_CSV_COL_SESSION_CLINICIAN);
  g_autofree char *notes = _fol_csv_cell_text (row, FOL_CSV_COL_SESSION_NOTES);
  FolDate date;
  double volume, depth;
  guint regions;
  gboolean is_new;

  if (!(patient = _fol_csv_resolve_patient (row, error)))
    return FALSE;

  if (id != NULL && g_hash_table_contains (self->session_ids, id))
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT,
                   _("Treatment session “%s” is in the file twice"), id);
      return FALSE;
    }

  if (!_fol_csv_cell_date (row, FOL_CSV_COL_SESSION_DATE, &date, error) ||
      !_fol_csv_cell_choice (row, FOL_CSV_COL_TREATMENT_TYPE, FOL_CATALOG_TREATMENT_TYPE, &type, error) ||
      !_fol_csv_cell_number (row, FOL_CSV_COL_VOLUME, &volume, error) ||
      !_fol_csv_cell_number (row, FOL_CSV_COL_DEPTH, &depth, error) ||
      !_fol_csv_parse_regions_list (_fol_csv_cell (row, FOL_CSV_COL_REGIONS_TREATED), &regions, error) ||
      !_fol_csv_parse_adverse_events (s, _fol_csv_cell (row, FOL_CSV_COL_ADVERSE_EVENTS), error))
    return FALSE;

  /* Without an ID, the session of this type that day is the same one. */
  if (id == NULL)
    id = fol_store_find_session (self->store, fol_patient_get_id (patient->patient), date, type,
                                 NULL);
  if (id != NULL && g_hash_table_contains (self->session_ids, id))
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT,
                   _("This treatment session is in the file twice"));
      return FALSE;
    }
  {
    g_autofree char *owner = fol_store_get_session_owner (self->store, id, NULL);

    if (owner != NULL && g_strcmp0 (owner, fol_patient_get_id (patient->patient)) != 0)
      {
        g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                     _("Treatment session “%s” belongs to another patient"), id);
        return FALSE;
      }
    is_new = owner == NULL;
  }
  if (id == NULL)
    id = _fol_csv_new_id (self);

  fol_treatment_session_set_id (s, id);
  fol_treatment_session_set_patient_id (s, fol_patient_get_id (patient->patient));
  fol_treatment_session_set_date (s, date);
  fol_treatment_session_set_treatment_type (s, type);
  fol_treatment_session_set_product (s, product);
  fol_treatment_session_set_lot_number (s, lot);
  fol_treatment_session_set_volume_ml (s, volume);
  fol_treatment_session_set_dose (s, dose);
  fol_treatment_session_set_depth_mm (s, depth);
  fol_treatment_session_set_anaesthesia (s, anaesthesia);
  fol_treatment_session_set_clinician (s, clinician);
  fol_treatment_session_set_notes (s, notes);
  fol_treatment_session_set_regions (s, regions);

  if (!fol_treatment_session_validate (s, fol_patient_get_birth_date (patient->patient), NULL, error))
    return FALSE;

  g_hash_table_add (self->session_ids, g_strdup (id));
  {
    PendingSession *pending = g_new0 (PendingSession, 1);

    pending->session = g_steal_pointer (&s);
    pending->is_new = is_new;
    g_ptr_array_add (self->sessions, pending);
  }
  return TRUE;
}
