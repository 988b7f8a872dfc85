/* fol-sqlite-store-history.c
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

#define G_LOG_DOMAIN "fol-sqlite-store"

#include "config.h"

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-measure-field.h"
#include "fol-sqlite-store-private.h"

/* The SQL that reads a patient's records: the patient with their sites,
 * everything recorded for them (visits, measurements, sessions), and the
 * audit trail of one record.
 */

/* Patients */

static const char *severity_codes[FOL_N_SEVERITIES] = { "mild", "moderate", "severe" };

#define PATIENT_COLUMNS \
  "id, name, birth_date, sex, diagnosis, notes, created_at, updated_at"

static FolPatient *
patient_from_row (sqlite3_stmt *stmt)
{
  FolPatient *patient = fol_patient_new ();

  fol_patient_set_id (patient, _fol_sqlite_column_text (stmt, 0));
  fol_patient_set_name (patient, _fol_sqlite_column_text (stmt, 1));
  fol_patient_set_birth_date (patient, _fol_sqlite_column_date (stmt, 2));
  fol_patient_set_sex (patient, _fol_sqlite_column_text (stmt, 3));
  fol_patient_set_diagnosis (patient, _fol_sqlite_column_text (stmt, 4));
  fol_patient_set_notes (patient, _fol_sqlite_column_text (stmt, 5));
  fol_patient_set_created_at (patient, _fol_sqlite_column_text (stmt, 6));
  fol_patient_set_updated_at (patient, _fol_sqlite_column_text (stmt, 7));
  return patient;
}

static gboolean
load_sites (FolSqliteStore  *self,
            FolPatient      *patient,
            GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _fol_sqlite_prepare (self, "SELECT region, description FROM patient_sites WHERE patient_id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, fol_patient_get_id (patient), -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint region = _fol_sqlite_column_region (stmt, 0);

      if (region < FOL_N_REGIONS)
        fol_patient_set_site (patient, region, _fol_sqlite_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return _fol_sqlite_fail (self, rc, error);
  return TRUE;
}

FolPatient *
_fol_sqlite_load_patient_by_key (gpointer data,
                                 gint64   key)
{
  FolSqliteStore *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) patient = NULL;
  sqlite3_stmt *stmt;

  stmt = _fol_sqlite_prepare (self, "SELECT " PATIENT_COLUMNS " FROM patients WHERE rowid = ?", &error);
  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return NULL;
    }

  sqlite3_bind_int64 (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    patient = patient_from_row (stmt);
  sqlite3_reset (stmt);

  if (patient != NULL && !load_sites (self, patient, &error))
    g_warning ("%s", error->message);

  return g_steal_pointer (&patient);
}

char *
_fol_sqlite_sort_key (const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
}

static guint
fol_sqlite_store_count_patients (FolStore  *store,
                                 GError   **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  int n = 0;

  if (!_fol_sqlite_query_int (self, "SELECT count(*) FROM patients", &n, error))
    return 0;
  return n;
}

static FolPatient *
fol_sqlite_store_get_patient (FolStore    *store,
                              const char  *patient_id,
                              GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autoptr(FolPatient) patient = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _fol_sqlite_prepare (self, "SELECT " PATIENT_COLUMNS " FROM patients WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    patient = patient_from_row (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _fol_sqlite_fail (self, rc, error);
      return NULL;
    }

  if (patient == NULL)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("No patient has the ID “%s”"), patient_id);
      return NULL;
    }

  if (!load_sites (self, patient, error))
    return NULL;

  return g_steal_pointer (&patient);
}

/* History */

/* A patient's measurements: visit, region, the fields of the table in its
 * order, method, notes; made once from the table. */
static const char *
measurements_sql (void)
{
  static gsize sql = 0;

  if (g_once_init_enter (&sql))
    {
      g_autofree char *text =
        g_strdup_printf ("SELECT m.visit_id, m.region, %s, m.method, m.notes"
                         " FROM visits v JOIN measurements m ON m.visit_id = v.id"
                         " WHERE v.patient_id = ?", fol_measurement_fields_sql_columns ("m."));

      g_once_init_leave (&sql, (gsize) g_intern_string (text));
    }
  return (const char *) sql;
}

static gboolean
load_visits (FolSqliteStore  *self,
             FolHistory      *history,
             const char      *patient_id,
             GError         **error)
{
  /* visit ID → GArray of FolMeasurementValues; the strings in a chunk */
  g_autoptr(GHashTable) by_visit = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) g_array_unref);
  g_autoptr(GStringChunk) strings = g_string_chunk_new (1024);
  g_autoptr(GPtrArray) visits = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _fol_sqlite_prepare (self, measurements_sql (), error);
  if (stmt == NULL)
    return FALSE;

  _fol_sqlite_bind_text (stmt, 1, patient_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *visit_id = _fol_sqlite_column_text (stmt, 0);
      const char *method = _fol_sqlite_column_text (stmt, 2 + FOL_N_MEASURE_FIELDS);
      const char *notes = _fol_sqlite_column_text (stmt, 3 + FOL_N_MEASURE_FIELDS);
      FolMeasurementValues m;
      GArray *list;

      m.region = _fol_sqlite_column_region (stmt, 1);
      if (m.region >= FOL_N_REGIONS || visit_id == NULL)
        continue;
      for (guint i = 0; i < FOL_N_MEASURE_FIELDS; i++)
        m.values[i] = _fol_sqlite_column_double (stmt, 2 + i);
      m.method = method != NULL ? g_string_chunk_insert_const (strings, method) : NULL;
      m.notes = notes != NULL ? g_string_chunk_insert (strings, notes) : NULL;

      list = g_hash_table_lookup (by_visit, visit_id);
      if (list == NULL)
        {
          list = g_array_sized_new (FALSE, FALSE, sizeof (FolMeasurementValues), FOL_N_REGIONS);
          g_hash_table_insert (by_visit, g_strdup (visit_id), list);
        }
      g_array_append_val (list, m);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _fol_sqlite_fail (self, rc, error);

  stmt = _fol_sqlite_prepare (self,
                  "SELECT id, patient_id, visit_date, kind, clinician, norwood, ludwig, sinclair,"
                  " salt_top, salt_back, salt_right, salt_left, investigator_assessment,"
                  " patient_assessment, notes, created_at, updated_at, aa_iga"
                  " FROM visits WHERE patient_id = ? ORDER BY visit_date, created_at", error);
  if (stmt == NULL)
    return FALSE;

  _fol_sqlite_bind_text (stmt, 1, patient_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(FolVisit) visit = fol_visit_new ();

      fol_visit_set_id (visit, _fol_sqlite_column_text (stmt, 0));
      fol_visit_set_patient_id (visit, _fol_sqlite_column_text (stmt, 1));
      fol_visit_set_date (visit, _fol_sqlite_column_date (stmt, 2));
      fol_visit_set_kind (visit, _fol_sqlite_column_text (stmt, 3));
      fol_visit_set_clinician (visit, _fol_sqlite_column_text (stmt, 4));
      fol_visit_set_norwood (visit, _fol_sqlite_column_text (stmt, 5));
      fol_visit_set_ludwig (visit, _fol_sqlite_column_text (stmt, 6));
      fol_visit_set_sinclair (visit, _fol_sqlite_column_score (stmt, 7));
      fol_visit_set_salt_top (visit, _fol_sqlite_column_score (stmt, 8));
      fol_visit_set_salt_back (visit, _fol_sqlite_column_score (stmt, 9));
      fol_visit_set_salt_right (visit, _fol_sqlite_column_score (stmt, 10));
      fol_visit_set_salt_left (visit, _fol_sqlite_column_score (stmt, 11));
      fol_visit_set_investigator_assessment (visit, _fol_sqlite_column_score (stmt, 12));
      fol_visit_set_patient_assessment (visit, _fol_sqlite_column_score (stmt, 13));
      fol_visit_set_notes (visit, _fol_sqlite_column_text (stmt, 14));
      fol_visit_set_created_at (visit, _fol_sqlite_column_text (stmt, 15));
      fol_visit_set_updated_at (visit, _fol_sqlite_column_text (stmt, 16));
      fol_visit_set_aa_iga (visit, _fol_sqlite_column_score (stmt, 17));
      g_ptr_array_add (visits, g_steal_pointer (&visit));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _fol_sqlite_fail (self, rc, error);

  for (guint i = 0; i < visits->len; i++)
    {
      FolVisit *visit = g_ptr_array_index (visits, i);

      fol_history_add_visit_values (history, visit,
                                    g_hash_table_lookup (by_visit, fol_visit_get_id (visit)));
    }

  return TRUE;
}

static gboolean
load_sessions (FolSqliteStore  *self,
               FolHistory      *history,
               const char      *patient_id,
               GError         **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = _fol_sqlite_prepare (self,
                  "SELECT id, patient_id, session_date, treatment_type, product, lot_number,"
                  " volume_ml, dose, depth_mm, anaesthesia, clinician, notes, created_at, updated_at"
                  " FROM treatment_sessions WHERE patient_id = ? ORDER BY session_date, created_at",
                  error);
  if (stmt == NULL)
    return FALSE;

  _fol_sqlite_bind_text (stmt, 1, patient_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FolTreatmentSession *s = fol_treatment_session_new ();

      fol_treatment_session_set_id (s, _fol_sqlite_column_text (stmt, 0));
      fol_treatment_session_set_patient_id (s, _fol_sqlite_column_text (stmt, 1));
      fol_treatment_session_set_date (s, _fol_sqlite_column_date (stmt, 2));
      fol_treatment_session_set_treatment_type (s, _fol_sqlite_column_text (stmt, 3));
      fol_treatment_session_set_product (s, _fol_sqlite_column_text (stmt, 4));
      fol_treatment_session_set_lot_number (s, _fol_sqlite_column_text (stmt, 5));
      fol_treatment_session_set_volume_ml (s, _fol_sqlite_column_double (stmt, 6));
      fol_treatment_session_set_dose (s, _fol_sqlite_column_text (stmt, 7));
      fol_treatment_session_set_depth_mm (s, _fol_sqlite_column_double (stmt, 8));
      fol_treatment_session_set_anaesthesia (s, _fol_sqlite_column_text (stmt, 9));
      fol_treatment_session_set_clinician (s, _fol_sqlite_column_text (stmt, 10));
      fol_treatment_session_set_notes (s, _fol_sqlite_column_text (stmt, 11));
      fol_treatment_session_set_created_at (s, _fol_sqlite_column_text (stmt, 12));
      fol_treatment_session_set_updated_at (s, _fol_sqlite_column_text (stmt, 13));
      g_hash_table_insert (by_id, (gpointer) fol_treatment_session_get_id (s), s);
      g_ptr_array_add (order, s);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _fol_sqlite_fail (self, rc, error);

  stmt = _fol_sqlite_prepare (self,
                  "SELECT r.session_id, r.region FROM treatment_sessions s"
                  " JOIN session_regions r ON r.session_id = s.id WHERE s.patient_id = ?", error);
  if (stmt == NULL)
    return FALSE;

  _fol_sqlite_bind_text (stmt, 1, patient_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FolTreatmentSession *s = g_hash_table_lookup (by_id, _fol_sqlite_column_text (stmt, 0));
      guint region = _fol_sqlite_column_region (stmt, 1);

      if (s != NULL && region < FOL_N_REGIONS)
        fol_treatment_session_set_regions (s, fol_treatment_session_get_regions (s) |
                                              FOL_REGION_BIT (region));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _fol_sqlite_fail (self, rc, error);

  stmt = _fol_sqlite_prepare (self,
                  "SELECT e.session_id, e.description, e.severity FROM treatment_sessions s"
                  " JOIN adverse_events e ON e.session_id = s.id WHERE s.patient_id = ?"
                  " ORDER BY e.session_id, e.position", error);
  if (stmt == NULL)
    return FALSE;

  _fol_sqlite_bind_text (stmt, 1, patient_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FolTreatmentSession *s = g_hash_table_lookup (by_id, _fol_sqlite_column_text (stmt, 0));
      const char *severity = _fol_sqlite_column_text (stmt, 2);
      FolSeverity sev = FOL_SEVERITY_MILD;

      for (guint i = 0; i < FOL_N_SEVERITIES; i++)
        if (g_strcmp0 (severity, severity_codes[i]) == 0)
          sev = i;

      if (s != NULL)
        fol_treatment_session_add_adverse_event (s, _fol_sqlite_column_text (stmt, 1), sev);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _fol_sqlite_fail (self, rc, error);

  for (guint i = 0; i < order->len; i++)
    fol_history_add_session (history, g_ptr_array_index (order, i));

  return TRUE;
}

static FolHistory *
fol_sqlite_store_load_history (FolStore    *store,
                               const char  *patient_id,
                               GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autoptr(FolPatient) patient = NULL;
  g_autoptr(FolHistory) history = NULL;

  /* One read transaction: the patient, visits and sessions are one
   * consistent snapshot even while another process writes. Within the
   * caller's transaction (an import planning its writes), that one.
   */
  gboolean own = sqlite3_get_autocommit (self->db);

  if (own && !_fol_sqlite_exec (self, "BEGIN", error))
    return NULL;

  patient = fol_sqlite_store_get_patient (store, patient_id, error);
  if (patient != NULL)
    {
      history = fol_history_new (patient);
      if (!load_visits (self, history, patient_id, error) ||
          !load_sessions (self, history, patient_id, error))
        g_clear_object (&history);
    }

  if (own)
    _fol_sqlite_exec (self, "COMMIT", NULL);
  return g_steal_pointer (&history);
}

/* Audit */

static GPtrArray *
fol_sqlite_store_list_audit (FolStore    *store,
                             const char  *entity_id,
                             GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _fol_sqlite_prepare (self,
                  "SELECT at, action, entity, coalesce (before, ''), coalesce (after, '')"
                  " FROM audit_log WHERE entity_id = ? ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  _fol_sqlite_bind_text (stmt, 1, entity_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (lines, g_strdup_printf ("%s\t%s\t%s\t%s\t%s",
                                             _fol_sqlite_column_text (stmt, 0), _fol_sqlite_column_text (stmt, 1),
                                             _fol_sqlite_column_text (stmt, 2), _fol_sqlite_column_text (stmt, 3),
                                             _fol_sqlite_column_text (stmt, 4)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _fol_sqlite_fail (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&lines);
}

/* Interface */

void
_fol_sqlite_store_history_iface_init (FolStoreInterface *iface)
{
  iface->count_patients = fol_sqlite_store_count_patients;
  iface->get_patient = fol_sqlite_store_get_patient;
  iface->load_history = fol_sqlite_store_load_history;
  iface->list_audit = fol_sqlite_store_list_audit;
}
