/* fol-csv-import.c
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
#include "fol-i18n.h"
#include "fol-sqlite-store-export.h"
#include "fol-validate.h"

/* Importing is two steps. The preview reads the whole file, checks every
 * row with the same rules as the forms (fol-validate) and lists what would
 * be created or updated and every row it refuses, with its line and why.
 * Nothing is written until fol_csv_import_commit(), which writes all the
 * accepted rows in one transaction.
 *
 * Records are matched by their IDs when the file has them (a Follicle
 * export); otherwise a patient by name and date of birth, a visit by
 * patient and date and a treatment session by patient, date and type, so
 * that re-importing a spreadsheet updates rather than duplicates. Columns missing from the file leave the stored values alone;
 * an empty cell clears a value.
 */

typedef struct
{
  FolPatient *patient;
  gboolean    is_new;
} PendingPatient;

typedef struct
{
  FolVisit  *visit;
  GPtrArray *measurements;  /* FolMeasurement */
  guint      regions;       /* regions in the file */
  gboolean   is_new;
} PendingVisit;

typedef struct
{
  guint  line;
  char  *reason;
} Rejected;

struct _FolCsvPreview
{
  GObject parent_instance;

  FolStore   *store;
  GHashTable *patients;         /* id → PendingPatient */
  GPtrArray  *patient_order;    /* ids */
  GHashTable *patient_keys;     /* casefolded name + birth → id */
  GHashTable *histories;        /* id → FolHistory, of stored patients */
  GHashTable *visits;           /* id → PendingVisit */
  GPtrArray  *visit_order;
  GHashTable *visit_keys;       /* patient id + date → visit id */
  GPtrArray  *sessions;         /* FolTreatmentSession */
  GHashTable *session_ids;
  GArray     *rejected;
  GPtrArray  *ignored;          /* header names, NULL-terminated */
  int         map[FOL_CSV_N_COLUMNS];  /* column → field index, or -1 */
  FolCsvCounts counts;
  gboolean    committed;
};

G_DEFINE_FINAL_TYPE (FolCsvPreview, fol_csv_preview, G_TYPE_OBJECT)

static void
pending_patient_free (gpointer data)
{
  PendingPatient *p = data;

  g_object_unref (p->patient);
  g_free (p);
}

static void
pending_visit_free (gpointer data)
{
  PendingVisit *v = data;

  g_object_unref (v->visit);
  g_ptr_array_unref (v->measurements);
  g_free (v);
}

static void
rejected_clear (gpointer data)
{
  Rejected *r = data;

  g_free (r->reason);
}

static void
fol_csv_preview_finalize (GObject *object)
{
  FolCsvPreview *self = FOL_CSV_PREVIEW (object);

  g_clear_object (&self->store);
  g_hash_table_unref (self->patients);
  g_ptr_array_unref (self->patient_order);
  g_hash_table_unref (self->patient_keys);
  g_hash_table_unref (self->histories);
  g_hash_table_unref (self->visits);
  g_ptr_array_unref (self->visit_order);
  g_hash_table_unref (self->visit_keys);
  g_ptr_array_unref (self->sessions);
  g_hash_table_unref (self->session_ids);
  g_array_unref (self->rejected);
  g_ptr_array_unref (self->ignored);

  G_OBJECT_CLASS (fol_csv_preview_parent_class)->finalize (object);
}

static void
fol_csv_preview_class_init (FolCsvPreviewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fol_csv_preview_finalize;
}

static void
fol_csv_preview_init (FolCsvPreview *self)
{
  self->patients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, pending_patient_free);
  self->patient_order = g_ptr_array_new_with_free_func (g_free);
  self->patient_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->histories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->visits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, pending_visit_free);
  self->visit_order = g_ptr_array_new_with_free_func (g_free);
  self->visit_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->sessions = g_ptr_array_new_with_free_func (g_object_unref);
  self->session_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rejected = g_array_new (FALSE, TRUE, sizeof (Rejected));
  g_array_set_clear_func (self->rejected, rejected_clear);
  self->ignored = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < FOL_CSV_N_COLUMNS; i++)
    self->map[i] = -1;
}


/* Patients */

static char *
patient_key (const char *name,
             FolDate     birth)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);

  return g_strdup_printf ("%s\n%u", folded, birth);
}

static FolHistory *
stored_history (FolCsvPreview *self,
                const char    *patient_id)
{
  FolHistory *history = g_hash_table_lookup (self->histories, patient_id);

  if (history == NULL)
    {
      history = fol_store_load_history (self->store, patient_id, NULL);
      if (history == NULL)
        return NULL;
      g_hash_table_insert (self->histories, g_strdup (patient_id), history);
    }
  return history;
}

static gboolean
apply_patient_columns (RowCtx      *row,
                       FolPatient  *patient,
                       GError     **error)
{
  g_autofree char *name = _fol_csv_cell_text (row, FOL_CSV_COL_PATIENT_NAME);
  g_autofree char *sex = NULL;
  g_autofree char *diagnosis = NULL;
  FolDate birth;

  if (name != NULL)
    fol_patient_set_name (patient, name);
  if (_fol_csv_has_column (row, FOL_CSV_COL_BIRTH_DATE))
    {
      if (!_fol_csv_cell_date (row, FOL_CSV_COL_BIRTH_DATE, &birth, error))
        return FALSE;
      fol_patient_set_birth_date (patient, birth);
    }
  if (_fol_csv_has_column (row, FOL_CSV_COL_SEX))
    {
      if (!_fol_csv_cell_choice (row, FOL_CSV_COL_SEX, FOL_CATALOG_SEX, &sex, error))
        return FALSE;
      fol_patient_set_sex (patient, sex);
    }
  if (_fol_csv_has_column (row, FOL_CSV_COL_DIAGNOSIS))
    {
      if (!_fol_csv_cell_choice (row, FOL_CSV_COL_DIAGNOSIS, FOL_CATALOG_DIAGNOSIS, &diagnosis, error))
        return FALSE;
      fol_patient_set_diagnosis (patient, diagnosis);
    }
  if (_fol_csv_has_column (row, FOL_CSV_COL_PATIENT_NOTES))
    {
      g_autofree char *notes = _fol_csv_cell_text (row, FOL_CSV_COL_PATIENT_NOTES);

      fol_patient_set_notes (patient, notes);
    }

  return fol_patient_validate (patient, NULL, error);
}

/* Finds or makes the row's patient. The first row of a patient sets its
 * columns; later rows only refer to it.
 */
static PendingPatient *
resolve_patient (RowCtx  *row,
                 GError **error)
{
  FolCsvPreview *self = row->self;
  g_autofree char *id = _fol_csv_cell_text (row, FOL_CSV_COL_PATIENT_ID);
  g_autofree char *name = _fol_csv_cell_text (row, FOL_CSV_COL_PATIENT_NAME);
  g_autoptr(FolPatient) patient = NULL;
  g_autofree char *key = NULL;
  PendingPatient *pending;
  FolDate birth = FOL_DATE_NONE;
  gboolean is_new = FALSE;

  if (id == NULL && name == NULL)
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED,
                   _("The row names no patient (patient_id or patient_name)"));
      return NULL;
    }

  if (!_fol_csv_cell_date (row, FOL_CSV_COL_BIRTH_DATE, &birth, error))
    return NULL;

  if (id == NULL)
    {
      key = patient_key (name, birth);
      id = g_strdup (g_hash_table_lookup (self->patient_keys, key));
      if (id == NULL)
        id = fol_sqlite_store_find_patient (FOL_SQLITE_STORE (self->store), name, birth);
    }

  if (id != NULL && (pending = g_hash_table_lookup (self->patients, id)) != NULL)
    return pending;

  if (id != NULL)
    patient = fol_store_get_patient (self->store, id, NULL);

  if (patient == NULL)
    {
      if (name == NULL)
        {
          g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED,
                       _("Patient “%s” is neither stored nor named in the file"), id);
          return NULL;
        }
      patient = fol_patient_new ();
      if (id == NULL)
        id = g_uuid_string_random ();
      fol_patient_set_id (patient, id);
      is_new = TRUE;
    }

  if (!apply_patient_columns (row, patient, error))
    return NULL;

  pending = g_new0 (PendingPatient, 1);
  pending->patient = g_steal_pointer (&patient);
  pending->is_new = is_new;
  g_hash_table_insert (self->patients, g_strdup (id), pending);
  g_ptr_array_add (self->patient_order, g_strdup (id));
  g_hash_table_insert (self->patient_keys,
                       patient_key (fol_patient_get_name (pending->patient),
                                    fol_patient_get_birth_date (pending->patient)),
                       g_strdup (id));
  if (is_new)
    self->counts.patients_new++;
  else
    self->counts.patients_updated++;
  return pending;
}

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
  FolHistory *history = stored_history (self, patient_id);

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
  static const struct { FolCsvColumn column; void (*set) (FolMeasurement *, double); } values[] = {
    { FOL_CSV_COL_HAIR_COUNT, fol_measurement_set_hair_count },
    { FOL_CSV_COL_FIELD_AREA, fol_measurement_set_field_area },
    { FOL_CSV_COL_TOTAL_DENSITY, fol_measurement_set_total_density },
    { FOL_CSV_COL_TERMINAL_DENSITY, fol_measurement_set_terminal_density },
    { FOL_CSV_COL_VELLUS_DENSITY, fol_measurement_set_vellus_density },
    { FOL_CSV_COL_TERMINAL_THRESHOLD, fol_measurement_set_terminal_threshold },
    { FOL_CSV_COL_MEAN_DIAMETER, fol_measurement_set_mean_diameter },
    { FOL_CSV_COL_ANAGEN, fol_measurement_set_anagen },
    { FOL_CSV_COL_FU_DENSITY, fol_measurement_set_fu_density },
  };
  g_autoptr(FolMeasurement) m = fol_measurement_new ();
  g_autofree char *method = NULL;
  g_autofree char *notes = _fol_csv_cell_text (row, FOL_CSV_COL_MEASUREMENT_NOTES);

  fol_measurement_set_region (m, region);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      double value;

      if (!_fol_csv_cell_number (row, values[i].column, &value, error))
        return FALSE;
      values[i].set (m, value);
    }
  if (!_fol_csv_cell_choice (row, FOL_CSV_COL_METHOD, FOL_CATALOG_METHOD, &method, error))
    return FALSE;
  fol_measurement_set_method (m, method);
  fol_measurement_set_notes (m, notes);

  fol_measurement_derive (m);
  if (!fol_measurement_validate (m, NULL, error))
    return FALSE;

  *out = g_steal_pointer (&m);
  return TRUE;
}

static gboolean
import_measurement (RowCtx  *row,
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

  if (!(patient = resolve_patient (row, error)))
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
        visit_id = fol_sqlite_store_find_visit (FOL_SQLITE_STORE (self->store), patient_id, date);
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
      FolVisit *stored = NULL;

      if (visit_id != NULL && fol_sqlite_store_has_record (FOL_SQLITE_STORE (self->store), "visits", visit_id))
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
            visit_id = g_uuid_string_random ();
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
      if (is_new)
        self->counts.visits_new++;
      else
        self->counts.visits_updated++;
    }

  if (m != NULL)
    {
      pending->regions |= FOL_REGION_BIT (region);
      g_ptr_array_add (pending->measurements, g_steal_pointer (&m));
      self->counts.measurements++;
    }

  return TRUE;
}

static gboolean
import_site (RowCtx  *row,
             GError **error)
{
  PendingPatient *patient;
  g_autofree char *site = _fol_csv_cell_text (row, FOL_CSV_COL_SITE);
  FolRegion region;

  if (!(patient = resolve_patient (row, error)) || !_fol_csv_cell_region (row, &region, error))
    return FALSE;
  if (region == FOL_REGION_NONE)
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED,
                   _("A site needs its region"));
      return FALSE;
    }
  fol_patient_set_site (patient->patient, region, site);
  return TRUE;
}

/* Sessions */


static gboolean
import_session (RowCtx  *row,
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

  if (!(patient = resolve_patient (row, error)))
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
    id = fol_sqlite_store_find_session (FOL_SQLITE_STORE (self->store),
                                        fol_patient_get_id (patient->patient), date, type);
  if (id != NULL && g_hash_table_contains (self->session_ids, id))
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT,
                   _("This treatment session is in the file twice"));
      return FALSE;
    }
  {
    g_autofree char *owner = fol_sqlite_store_get_owner (FOL_SQLITE_STORE (self->store),
                                                         "treatment_sessions", id);

    if (owner != NULL && g_strcmp0 (owner, fol_patient_get_id (patient->patient)) != 0)
      {
        g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                     _("Treatment session “%s” belongs to another patient"), id);
        return FALSE;
      }
    is_new = owner == NULL;
  }
  if (id == NULL)
    id = g_uuid_string_random ();

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
  g_ptr_array_add (self->sessions, g_steal_pointer (&s));
  if (is_new)
    self->counts.sessions_new++;
  else
    self->counts.sessions_updated++;
  return TRUE;
}

/* Rows */

static void
reject (FolCsvPreview *self,
        guint          line,
        const char    *reason)
{
  Rejected r = { line, g_strdup (reason) };

  g_array_append_val (self->rejected, r);
  self->counts.rows_rejected++;
}

static gboolean
import_row (RowCtx  *row,
            GError **error)
{
  g_autofree char *record = _fol_csv_cell_text (row, FOL_CSV_COL_RECORD);

  if (record == NULL)
    {
      /* A spreadsheet's layout: a row is a visit and a region, or a session. */
      g_autofree char *visit_date = _fol_csv_cell_text (row, FOL_CSV_COL_VISIT_DATE);
      g_autofree char *session_date = _fol_csv_cell_text (row, FOL_CSV_COL_SESSION_DATE);

      if (visit_date == NULL && session_date != NULL)
        return import_session (row, error);
      return import_measurement (row, error);
    }

  if (g_ascii_strcasecmp (record, "patient") == 0)
    return resolve_patient (row, error) != NULL;
  if (g_ascii_strcasecmp (record, "site") == 0)
    return import_site (row, error);
  if (g_ascii_strcasecmp (record, "measurement") == 0 || g_ascii_strcasecmp (record, "visit") == 0)
    return import_measurement (row, error);
  if (g_ascii_strcasecmp (record, "session") == 0)
    return import_session (row, error);

  g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT,
               _("Unknown record “%s”: it is patient, site, measurement or session"), record);
  return FALSE;
}

static gboolean
row_is_blank (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    {
      const char *f = g_ptr_array_index (fields, i);

      for (; *f; f++)
        if (!g_ascii_isspace (*f))
          return FALSE;
    }
  return TRUE;
}

static gboolean
read_header (FolCsvPreview  *self,
             GPtrArray      *fields,
             GError        **error)
{
  gboolean any = FALSE;

  for (guint i = 0; i < fields->len; i++)
    {
      const char *name = g_ptr_array_index (fields, i);
      FolCsvColumn column;

      if (_fol_csv_column_match (name, &column) && self->map[column] < 0)
        {
          self->map[column] = i;
          any = TRUE;
        }
      else if (name[0] != '\0')
        g_ptr_array_add (self->ignored, g_strdup (name));
    }
  g_ptr_array_add (self->ignored, NULL);

  if (!any)
    {
      g_set_error (error, FOL_CSV_ERROR, FOL_CSV_ERROR_HEADER,
                   _("The first row names no column Follicle knows, such as patient_name, "
                     "visit_date, region or total_density_hairs_per_cm2"));
      return FALSE;
    }
  return TRUE;
}

/**
 * fol_csv_import_preview_data:
 * @store: the clinic to compare with (a #FolSqliteStore); it is not written
 *
 * Reads CSV text and prepares its import.
 *
 * Returns: (transfer full): the preview, or %NULL with @error set when the
 *   text has no usable header; a bad row is listed, not an error
 */
FolCsvPreview *
fol_csv_import_preview_data (FolStore    *store,
                             const char  *data,
                             gsize        length,
                             GError     **error)
{
  g_autoptr(FolCsvPreview) self = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  gsize pos = 0;
  guint line = 1;
  char separator;

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (store), NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FOL_TYPE_CSV_PREVIEW, NULL);
  self->store = g_object_ref (store);

  if (length == 0)
    {
      g_set_error (error, FOL_CSV_ERROR, FOL_CSV_ERROR_HEADER, _("The file is empty"));
      return NULL;
    }

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    pos = 3;

  separator = fol_csv_detect_separator (data + pos, length - pos);

  if (!fol_csv_parse_record (data, length, &pos, separator, fields, &line, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, FOL_CSV_ERROR, FOL_CSV_ERROR_HEADER, _("The file is empty"));
      return NULL;
    }
  if (!read_header (self, fields, error))
    return NULL;

  while (pos < length)
    {
      g_autoptr(GError) local = NULL;
      guint start = line;
      RowCtx row = { self, self->map, fields, start };

      if (!fol_csv_parse_record (data, length, &pos, separator, fields, &line, &local))
        {
          if (local == NULL)
            break;
          self->counts.rows_read++;
          reject (self, start, local->message);
          continue;
        }

      if (row_is_blank (fields))
        continue;

      self->counts.rows_read++;
      if (!import_row (&row, &local))
        reject (self, start, local ? local->message : _("The row was refused"));
    }

  return g_steal_pointer (&self);
}

/**
 * fol_csv_import_preview:
 *
 * Reads a CSV file and prepares its import; see
 * fol_csv_import_preview_data().
 */
FolCsvPreview *
fol_csv_import_preview (FolStore    *store,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  file = g_mapped_file_new (path, FALSE, error);
  if (file == NULL)
    return NULL;

  return fol_csv_import_preview_data (store, g_mapped_file_get_contents (file),
                                      g_mapped_file_get_length (file), error);
}

void
fol_csv_preview_get_counts (FolCsvPreview *self,
                            FolCsvCounts  *out_counts)
{
  g_return_if_fail (FOL_IS_CSV_PREVIEW (self));
  g_return_if_fail (out_counts != NULL);

  *out_counts = self->counts;
}

guint
fol_csv_preview_get_n_rejected (FolCsvPreview *self)
{
  g_return_val_if_fail (FOL_IS_CSV_PREVIEW (self), 0);
  return self->rejected->len;
}

/**
 * fol_csv_preview_get_rejected:
 * @out_line: (out) (optional): the line where the refused row starts
 *
 * Returns: why the row was refused
 */
const char *
fol_csv_preview_get_rejected (FolCsvPreview *self,
                              guint          index,
                              guint         *out_line)
{
  Rejected *r;

  g_return_val_if_fail (FOL_IS_CSV_PREVIEW (self), NULL);
  g_return_val_if_fail (index < self->rejected->len, NULL);

  r = &g_array_index (self->rejected, Rejected, index);
  if (out_line)
    *out_line = r->line;
  return r->reason;
}

/* Returns: (transfer none): header names the import does not use */
const char * const *
fol_csv_preview_get_ignored_columns (FolCsvPreview *self)
{
  g_return_val_if_fail (FOL_IS_CSV_PREVIEW (self), NULL);
  return (const char * const *) self->ignored->pdata;
}

/**
 * fol_csv_preview_has_changes:
 *
 * Returns: whether committing would write anything
 */
gboolean
fol_csv_preview_has_changes (FolCsvPreview *self)
{
  g_return_val_if_fail (FOL_IS_CSV_PREVIEW (self), FALSE);
  return self->patient_order->len + self->visit_order->len + self->sessions->len > 0;
}

/**
 * fol_csv_preview_to_text:
 *
 * Returns: (transfer full): what the import will do, for a person to read
 */
char *
fol_csv_preview_to_text (FolCsvPreview *self)
{
  GString *out = g_string_new (NULL);
  FolCsvCounts *c;

  g_return_val_if_fail (FOL_IS_CSV_PREVIEW (self), NULL);

  c = &self->counts;
  g_string_append_printf (out, _("Patients: %u new, %u updated\n"), c->patients_new, c->patients_updated);
  g_string_append_printf (out, _("Visits: %u new, %u updated, with %u regional measurements\n"),
                          c->visits_new, c->visits_updated, c->measurements);
  g_string_append_printf (out, _("Treatment sessions: %u new, %u updated\n"),
                          c->sessions_new, c->sessions_updated);
  g_string_append_printf (out, _("Rows read: %u; refused: %u\n"), c->rows_read, c->rows_rejected);

  for (guint i = 0; self->ignored->pdata[i] != NULL; i++)
    g_string_append_printf (out, _("Column “%s” is not used\n"), (char *) self->ignored->pdata[i]);

  for (guint i = 0; i < self->rejected->len; i++)
    {
      Rejected *r = &g_array_index (self->rejected, Rejected, i);

      g_string_append_printf (out, _("Line %u refused: %s\n"), r->line, r->reason);
    }

  return g_string_free (out, FALSE);
}

/**
 * fol_csv_import_commit:
 *
 * Writes what the preview lists, the refused rows excepted, in one
 * transaction. A preview is written once.
 */
gboolean
fol_csv_import_commit (FolCsvPreview  *self,
                       GError        **error)
{
  g_autoptr(FolStoreBatch) batch = NULL;

  g_return_val_if_fail (FOL_IS_CSV_PREVIEW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->committed)
    {
      g_set_error (error, FOL_CSV_ERROR, FOL_CSV_ERROR_COMMITTED,
                   _("This import was already written"));
      return FALSE;
    }

  batch = fol_store_batch_new ();
  for (guint i = 0; i < self->patient_order->len; i++)
    {
      PendingPatient *p = g_hash_table_lookup (self->patients, g_ptr_array_index (self->patient_order, i));

      fol_store_batch_add_patient (batch, p->patient);
    }
  for (guint i = 0; i < self->visit_order->len; i++)
    {
      PendingVisit *v = g_hash_table_lookup (self->visits, g_ptr_array_index (self->visit_order, i));

      fol_store_batch_add_visit (batch, v->visit, v->measurements);
    }
  for (guint i = 0; i < self->sessions->len; i++)
    fol_store_batch_add_session (batch, g_ptr_array_index (self->sessions, i));

  if (!fol_sqlite_store_apply_batch (FOL_SQLITE_STORE (self->store), batch, error))
    return FALSE;

  self->committed = TRUE;
  return TRUE;
}
