/* fol-sqlite-store.c
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

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-search-key.h"
#include "fol-sqlite-migrations.h"
#include "fol-sqlite-store-private.h"
#include "fol-validate.h"

/* How long a writer waits for another process holding the database (the
 * window and a command line export, say) before giving up.
 */
#define BUSY_TIMEOUT_MS 10000


static void store_iface_init (FolStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FolSqliteStore, fol_sqlite_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FOL_TYPE_STORE, store_iface_init))

/* Error handling */

void
_fol_sqlite_set_error_from_rc (GError     **error,
                               int          rc,
                               const char  *message)
{
  int code;
  const char *text;

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      code = FOL_STORE_ERROR_NO_SPACE;
      text = _("The disk is full: nothing was saved. Free some space and try again.");
      break;
    case SQLITE_IOERR:
      code = FOL_STORE_ERROR_IO;
      text = _("The disk could not be written: nothing was saved.");
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = FOL_STORE_ERROR_BUSY;
      text = _("Another program kept the clinic database busy for too long: nothing was saved. Try again.");
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      code = FOL_STORE_ERROR_READ_ONLY;
      text = _("The clinic database cannot be written.");
      break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      code = FOL_STORE_ERROR_NOT_A_DATABASE;
      text = _("The file is not a Follicle clinic database, or it is damaged.");
      break;
    default:
      code = FOL_STORE_ERROR_FAILED;
      text = _("The clinic database reported an error.");
      break;
    }

  g_set_error (error, FOL_STORE_ERROR, code, "%s (%s)", text, message ? message : sqlite3_errstr (rc));
}

gboolean
_fol_sqlite_fail (FolSqliteStore  *self,
                  int              rc,
                  GError         **error)
{
  _fol_sqlite_set_error_from_rc (error, rc, sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
_fol_sqlite_exec (FolSqliteStore  *self,
                  const char      *sql,
                  GError         **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      _fol_sqlite_set_error_from_rc (error, rc, message);
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

/* Statements */

sqlite3_stmt *
_fol_sqlite_prepare (FolSqliteStore  *self,
                     const char      *sql,
                     GError         **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _fol_sqlite_fail (self, rc, error);
      return NULL;
    }

  /* Keyed by the literal's address: every caller passes a string constant. */
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

/* Runs a statement that returns no rows and resets it. */
gboolean
_fol_sqlite_step_done (FolSqliteStore  *self,
                       sqlite3_stmt    *stmt,
                       GError         **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _fol_sqlite_fail (self, rc, error);
  return TRUE;
}

void
_fol_sqlite_bind_text (sqlite3_stmt *stmt,
                       int           index,
                       const char   *text)
{
  if (text == NULL || text[0] == '\0')
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

void
_fol_sqlite_bind_double (sqlite3_stmt *stmt,
                         int           index,
                         double        value)
{
  if (isnan (value))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_double (stmt, index, value);
}

void
_fol_sqlite_bind_score (sqlite3_stmt *stmt,
                        int           index,
                        int           value)
{
  if (value == FOL_NO_SCORE)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int (stmt, index, value);
}

void
_fol_sqlite_bind_date (sqlite3_stmt *stmt,
                       int           index,
                       FolDate       date)
{
  g_autofree char *iso = fol_date_to_iso (date);

  _fol_sqlite_bind_text (stmt, index, iso);
}

const char *
_fol_sqlite_column_text (sqlite3_stmt *stmt,
                         int           index)
{
  return (const char *) sqlite3_column_text (stmt, index);
}

double
_fol_sqlite_column_double (sqlite3_stmt *stmt,
                           int           index)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return NAN;
  return sqlite3_column_double (stmt, index);
}

int
_fol_sqlite_column_score (sqlite3_stmt *stmt,
                          int           index)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return FOL_NO_SCORE;
  return sqlite3_column_int (stmt, index);
}

FolDate
_fol_sqlite_column_date (sqlite3_stmt *stmt,
                         int           index)
{
  FolDate date = FOL_DATE_NONE;
  const char *text = _fol_sqlite_column_text (stmt, index);

  if (text != NULL && !fol_date_parse (text, &date, NULL))
    g_warning ("Invalid date “%s” in the database", text);
  return date;
}

guint
_fol_sqlite_column_region (sqlite3_stmt *stmt,
                           int           index)
{
  FolRegion region = FOL_REGION_NONE;

  if (!fol_region_from_code (_fol_sqlite_column_text (stmt, index), &region))
    return FOL_N_REGIONS;
  return region;
}

/* Transactions: one user action is one transaction. */

gboolean
_fol_sqlite_begin (FolSqliteStore  *self,
                   GError         **error)
{
  if (self->flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_READ_ONLY,
                   _("The clinic “%s” is read-only: nothing can be changed."), self->path);
      return FALSE;
    }

  if (!_fol_sqlite_check_identity (self, error))
    return FALSE;

  /* IMMEDIATE takes the write lock now, so a busy database makes us wait
   * (busy timeout) instead of failing half way through.
   */
  return _fol_sqlite_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
_fol_sqlite_commit (FolSqliteStore  *self,
                    GError         **error)
{
  if (!_fol_sqlite_exec (self, "COMMIT", error))
    {
      if (!sqlite3_get_autocommit (self->db))
        _fol_sqlite_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
_fol_sqlite_rollback (FolSqliteStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    _fol_sqlite_exec (self, "ROLLBACK", NULL);
  return FALSE;
}

/* Opening */

static gboolean
query_int (FolSqliteStore  *self,
           const char      *sql,
           int             *out,
           GError         **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }

  if (rc != SQLITE_OK)
    {
      _fol_sqlite_set_error_from_rc (error, rc, sqlite3_errmsg (self->db));
      sqlite3_finalize (stmt);
      return FALSE;
    }

  sqlite3_finalize (stmt);
  return TRUE;
}

gboolean
_fol_sqlite_migrate (FolSqliteStore  *self,
                     GError         **error)
{
  int version = 0, application_id = 0, n_tables = 0;
  guint latest = _fol_sqlite_schema_version ();

  if (!query_int (self, "PRAGMA user_version", &version, error) ||
      !query_int (self, "PRAGMA application_id", &application_id, error) ||
      !query_int (self, "SELECT count(*) FROM sqlite_master", &n_tables, error))
    return FALSE;

  if ((application_id != 0 && application_id != FOL_SQLITE_APPLICATION_ID) ||
      (application_id == 0 && n_tables > 0))
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is a database of another application; it was left untouched."),
                   self->path);
      return FALSE;
    }

  if (version < 0)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Follicle clinic database; it was left untouched."), self->path);
      return FALSE;
    }

  if (version > (int) latest)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Follicle (schema %d; this version knows %u). "
                     "It was left untouched: update Follicle to open it."),
                   self->path, version, latest);
      return FALSE;
    }

  if (version == (int) latest)
    return TRUE;

  if (self->flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NEEDS_UPGRADE,
                   _("“%s” needs to be upgraded, which cannot be done read-only."), self->path);
      return FALSE;
    }

  /* All steps in one transaction: an interrupted upgrade leaves the old
   * version intact.
   */
  if (!_fol_sqlite_exec (self, "BEGIN EXCLUSIVE", error))
    return FALSE;

  _fol_sqlite_migration_functions (self->db, TRUE);
  for (guint v = version + 1; v <= latest; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", v);

      if (!_fol_sqlite_exec (self, _fol_sqlite_migration (v), error) ||
          !_fol_sqlite_exec (self, set_version, error))
        {
          _fol_sqlite_migration_functions (self->db, FALSE);
          return _fol_sqlite_rollback (self);
        }
    }
  _fol_sqlite_migration_functions (self->db, FALSE);

  {
    g_autofree char *set_id = g_strdup_printf ("PRAGMA application_id = %d",
                                               FOL_SQLITE_APPLICATION_ID);

    if (!_fol_sqlite_exec (self, set_id, error))
      return _fol_sqlite_rollback (self);
  }

  return _fol_sqlite_commit (self, error);
}

/* Patients */

static const char *severity_codes[FOL_N_SEVERITIES] = { "mild", "moderate", "severe" };

/* The patient's own row, inserted or updated; within the caller's
 * transaction. Shared by a single save and by batches (imports).
 */
gboolean
_fol_sqlite_write_patient (FolSqliteStore  *self,
                           FolPatient      *patient,
                           const char      *id,
                           const char      *now,
                           GError         **error)
{
  g_autofree char *key = _fol_sqlite_sort_key (fol_patient_get_name (patient));
  g_autofree char *search_key = fol_search_key_new (fol_patient_get_name (patient),
                                                    fol_patient_get_diagnosis (patient));
  sqlite3_stmt *stmt;

  stmt = _fol_sqlite_prepare (self,
                  "INSERT INTO patients (id, name, sort_name, birth_date, sex, diagnosis, notes,"
                  " created_at, updated_at, search_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)"
                  " ON CONFLICT (id) DO UPDATE SET name = ?2, sort_name = ?3, birth_date = ?4,"
                  " sex = ?5, diagnosis = ?6, notes = ?7, updated_at = ?8, search_key = ?9", error);
  if (stmt == NULL)
    return FALSE;

  _fol_sqlite_bind_text (stmt, 1, id);
  _fol_sqlite_bind_text (stmt, 2, fol_patient_get_name (patient));
  _fol_sqlite_bind_text (stmt, 3, key);
  _fol_sqlite_bind_date (stmt, 4, fol_patient_get_birth_date (patient));
  _fol_sqlite_bind_text (stmt, 5, fol_patient_get_sex (patient));
  _fol_sqlite_bind_text (stmt, 6, fol_patient_get_diagnosis (patient));
  _fol_sqlite_bind_text (stmt, 7, fol_patient_get_notes (patient));
  _fol_sqlite_bind_text (stmt, 8, now);
  _fol_sqlite_bind_text (stmt, 9, search_key);
  if (!_fol_sqlite_step_done (self, stmt, error))
    return FALSE;

  return TRUE;
}

/* The visit's own row; a visit is never moved to another patient. */
gboolean
_fol_sqlite_write_visit (FolSqliteStore  *self,
                         FolVisit        *visit,
                         const char      *id,
                         const char      *now,
                         GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = _fol_sqlite_prepare (self,
                  "INSERT INTO visits (id, patient_id, visit_date, kind, clinician, norwood, ludwig,"
                  " sinclair, salt_top, salt_back, salt_right, salt_left, investigator_assessment,"
                  " patient_assessment, notes, created_at, updated_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)"
                  " ON CONFLICT (id) DO UPDATE SET visit_date = ?3, kind = ?4, clinician = ?5,"
                  " norwood = ?6, ludwig = ?7, sinclair = ?8, salt_top = ?9, salt_back = ?10,"
                  " salt_right = ?11, salt_left = ?12, investigator_assessment = ?13,"
                  " patient_assessment = ?14, notes = ?15, updated_at = ?16"
                  " WHERE patient_id = ?2", error);
  if (stmt == NULL)
    return FALSE;

  _fol_sqlite_bind_text (stmt, 1, id);
  _fol_sqlite_bind_text (stmt, 2, fol_visit_get_patient_id (visit));
  _fol_sqlite_bind_date (stmt, 3, fol_visit_get_date (visit));
  _fol_sqlite_bind_text (stmt, 4, fol_visit_get_kind (visit));
  _fol_sqlite_bind_text (stmt, 5, fol_visit_get_clinician (visit));
  _fol_sqlite_bind_text (stmt, 6, fol_visit_get_norwood (visit));
  _fol_sqlite_bind_text (stmt, 7, fol_visit_get_ludwig (visit));
  _fol_sqlite_bind_score (stmt, 8, fol_visit_get_sinclair (visit));
  _fol_sqlite_bind_score (stmt, 9, fol_visit_get_salt_top (visit));
  _fol_sqlite_bind_score (stmt, 10, fol_visit_get_salt_back (visit));
  _fol_sqlite_bind_score (stmt, 11, fol_visit_get_salt_right (visit));
  _fol_sqlite_bind_score (stmt, 12, fol_visit_get_salt_left (visit));
  _fol_sqlite_bind_score (stmt, 13, fol_visit_get_investigator_assessment (visit));
  _fol_sqlite_bind_score (stmt, 14, fol_visit_get_patient_assessment (visit));
  _fol_sqlite_bind_text (stmt, 15, fol_visit_get_notes (visit));
  _fol_sqlite_bind_text (stmt, 16, now);
  if (!_fol_sqlite_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      /* The ID exists under another patient: never move a visit silently. */
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                   _("Visit “%s” belongs to another patient"), id);
      return FALSE;
    }

  return TRUE;
}

/* One region's values at a visit, inserted or replaced. */
gboolean
_fol_sqlite_write_measurement (FolSqliteStore  *self,
                               const char      *visit_id,
                               FolMeasurement  *m,
                               GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = _fol_sqlite_prepare (self,
                  "INSERT INTO measurements (visit_id, region, hair_count, field_area_cm2,"
                  " total_density, terminal_density, vellus_density, terminal_threshold_um,"
                  " mean_diameter_um, anagen_percent, fu_density, method, notes)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
                  " ON CONFLICT (visit_id, region) DO UPDATE SET hair_count = ?3,"
                  " field_area_cm2 = ?4, total_density = ?5, terminal_density = ?6,"
                  " vellus_density = ?7, terminal_threshold_um = ?8, mean_diameter_um = ?9,"
                  " anagen_percent = ?10, fu_density = ?11, method = ?12, notes = ?13", error);
  if (stmt == NULL)
    return FALSE;

  _fol_sqlite_bind_text (stmt, 1, visit_id);
  _fol_sqlite_bind_text (stmt, 2, fol_region_code (fol_measurement_get_region (m)));
  if (isnan (fol_measurement_get_hair_count (m)))
    sqlite3_bind_null (stmt, 3);
  else
    sqlite3_bind_int (stmt, 3, (int) fol_measurement_get_hair_count (m));
  _fol_sqlite_bind_double (stmt, 4, fol_measurement_get_field_area (m));
  _fol_sqlite_bind_double (stmt, 5, fol_measurement_get_total_density (m));
  _fol_sqlite_bind_double (stmt, 6, fol_measurement_get_terminal_density (m));
  _fol_sqlite_bind_double (stmt, 7, fol_measurement_get_vellus_density (m));
  _fol_sqlite_bind_double (stmt, 8, fol_measurement_get_terminal_threshold (m));
  _fol_sqlite_bind_double (stmt, 9, fol_measurement_get_mean_diameter (m));
  _fol_sqlite_bind_double (stmt, 10, fol_measurement_get_anagen (m));
  _fol_sqlite_bind_double (stmt, 11, fol_measurement_get_fu_density (m));
  _fol_sqlite_bind_text (stmt, 12, fol_measurement_get_method (m));
  _fol_sqlite_bind_text (stmt, 13, fol_measurement_get_notes (m));
  if (!_fol_sqlite_step_done (self, stmt, error))
    return FALSE;

  return TRUE;
}

/* A session's row, with its regions and adverse events replaced. */
gboolean
_fol_sqlite_write_session (FolSqliteStore       *self,
                           FolTreatmentSession  *session,
                           const char           *id,
                           const char           *now,
                           GError              **error)
{
  sqlite3_stmt *stmt;
  guint regions;

  stmt = _fol_sqlite_prepare (self,
                  "INSERT INTO treatment_sessions (id, patient_id, session_date, treatment_type,"
                  " product, lot_number, volume_ml, dose, depth_mm, anaesthesia, clinician, notes,"
                  " created_at, updated_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)"
                  " ON CONFLICT (id) DO UPDATE SET session_date = ?3, treatment_type = ?4,"
                  " product = ?5, lot_number = ?6, volume_ml = ?7, dose = ?8, depth_mm = ?9,"
                  " anaesthesia = ?10, clinician = ?11, notes = ?12, updated_at = ?13"
                  " WHERE patient_id = ?2", error);
  if (stmt == NULL)
    return FALSE;

  _fol_sqlite_bind_text (stmt, 1, id);
  _fol_sqlite_bind_text (stmt, 2, fol_treatment_session_get_patient_id (session));
  _fol_sqlite_bind_date (stmt, 3, fol_treatment_session_get_date (session));
  _fol_sqlite_bind_text (stmt, 4, fol_treatment_session_get_treatment_type (session));
  _fol_sqlite_bind_text (stmt, 5, fol_treatment_session_get_product (session));
  _fol_sqlite_bind_text (stmt, 6, fol_treatment_session_get_lot_number (session));
  _fol_sqlite_bind_double (stmt, 7, fol_treatment_session_get_volume_ml (session));
  _fol_sqlite_bind_text (stmt, 8, fol_treatment_session_get_dose (session));
  _fol_sqlite_bind_double (stmt, 9, fol_treatment_session_get_depth_mm (session));
  _fol_sqlite_bind_text (stmt, 10, fol_treatment_session_get_anaesthesia (session));
  _fol_sqlite_bind_text (stmt, 11, fol_treatment_session_get_clinician (session));
  _fol_sqlite_bind_text (stmt, 12, fol_treatment_session_get_notes (session));
  _fol_sqlite_bind_text (stmt, 13, now);
  if (!_fol_sqlite_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                   _("Treatment session “%s” belongs to another patient"), id);
      return FALSE;
    }

  stmt = _fol_sqlite_prepare (self, "DELETE FROM session_regions WHERE session_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _fol_sqlite_bind_text (stmt, 1, id);
  if (!_fol_sqlite_step_done (self, stmt, error))
    return FALSE;

  regions = fol_treatment_session_get_regions (session);
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      if (!(regions & FOL_REGION_BIT (r)))
        continue;

      stmt = _fol_sqlite_prepare (self, "INSERT INTO session_regions (session_id, region) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      _fol_sqlite_bind_text (stmt, 1, id);
      _fol_sqlite_bind_text (stmt, 2, fol_region_code (r));
      if (!_fol_sqlite_step_done (self, stmt, error))
        return FALSE;
    }

  stmt = _fol_sqlite_prepare (self, "DELETE FROM adverse_events WHERE session_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _fol_sqlite_bind_text (stmt, 1, id);
  if (!_fol_sqlite_step_done (self, stmt, error))
    return FALSE;

  for (guint i = 0; i < fol_treatment_session_get_n_adverse_events (session); i++)
    {
      g_autofree char *event_id = g_uuid_string_random ();
      FolSeverity severity;
      const char *description = fol_treatment_session_get_adverse_event (session, i, &severity);

      stmt = _fol_sqlite_prepare (self, "INSERT INTO adverse_events (id, session_id, position, description,"
                            " severity) VALUES (?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      _fol_sqlite_bind_text (stmt, 1, event_id);
      _fol_sqlite_bind_text (stmt, 2, id);
      sqlite3_bind_int (stmt, 3, i);
      _fol_sqlite_bind_text (stmt, 4, description);
      _fol_sqlite_bind_text (stmt, 5, severity_codes[severity]);
      if (!_fol_sqlite_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}


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

  if (!query_int (self, "SELECT count(*) FROM patients", &n, error))
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

static gboolean
validation_failed (GError     **error,
                   GError      *local)
{
  g_propagate_error (error, local);
  return FALSE;
}

/* The date of the patient's earliest visit or treatment session. */
static gboolean
first_record_date (FolSqliteStore  *self,
                   const char      *patient_id,
                   FolDate         *out_first,
                   GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _fol_sqlite_prepare (self,
                  "SELECT min(d) FROM (SELECT min(visit_date) AS d FROM visits WHERE patient_id = ?1"
                  " UNION ALL SELECT min(session_date) FROM treatment_sessions WHERE patient_id = ?1)",
                  error);
  if (stmt == NULL)
    return FALSE;
  _fol_sqlite_bind_text (stmt, 1, patient_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_first = _fol_sqlite_column_date (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _fol_sqlite_fail (self, rc, error);
  return TRUE;
}

static gboolean
fol_sqlite_store_save_patient (FolStore    *store,
                               FolPatient  *patient,
                               GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *now = fol_timestamp_now ();
  g_autofree char *new_id = NULL;
  GError *local = NULL;
  sqlite3_stmt *stmt;

  if (!fol_patient_validate (patient, NULL, &local))
    return validation_failed (error, local);

  if (fol_patient_get_id (patient) == NULL)
    new_id = g_uuid_string_random ();

  if (!_fol_sqlite_begin (self, error))
    return FALSE;

  /* A date of birth after the patient's own visits or sessions is refused,
   * as a visit before the date of birth is; read inside the transaction.
   */
  if (new_id == NULL)
    {
      FolDate first = FOL_DATE_NONE;

      if (!first_record_date (self, fol_patient_get_id (patient), &first, error))
        return _fol_sqlite_rollback (self);
      if (!fol_patient_validate_birth (patient, first, NULL, &local))
        {
          _fol_sqlite_rollback (self);
          return validation_failed (error, local);
        }
    }

  if (!_fol_sqlite_write_patient (self, patient, new_id ? new_id : fol_patient_get_id (patient),
                                  now, error))
    return _fol_sqlite_rollback (self);

  stmt = _fol_sqlite_prepare (self, "DELETE FROM patient_sites WHERE patient_id = ?", error);
  if (stmt == NULL)
    return _fol_sqlite_rollback (self);
  _fol_sqlite_bind_text (stmt, 1, new_id ? new_id : fol_patient_get_id (patient));
  if (!_fol_sqlite_step_done (self, stmt, error))
    return _fol_sqlite_rollback (self);

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      const char *site = fol_patient_get_site (patient, r);

      if (site == NULL)
        continue;

      stmt = _fol_sqlite_prepare (self, "INSERT INTO patient_sites (patient_id, region, description)"
                            " VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        return _fol_sqlite_rollback (self);
      _fol_sqlite_bind_text (stmt, 1, new_id ? new_id : fol_patient_get_id (patient));
      _fol_sqlite_bind_text (stmt, 2, fol_region_code (r));
      _fol_sqlite_bind_text (stmt, 3, site);
      if (!_fol_sqlite_step_done (self, stmt, error))
        return _fol_sqlite_rollback (self);
    }

  if (!_fol_sqlite_commit (self, error))
    return FALSE;

  /* Only now, when it is stored, does the object take its new identity. */
  if (new_id != NULL)
    {
      fol_patient_set_id (patient, new_id);
      fol_patient_set_created_at (patient, now);
    }
  fol_patient_set_updated_at (patient, now);

  fol_store_emit_changed (store, FOL_STORE_CHANGE_PATIENT, fol_patient_get_id (patient));
  return TRUE;
}

static gboolean
delete_by_id (FolSqliteStore  *self,
              const char      *sql,
              const char      *id,
              const char      *not_found,
              GError         **error)
{
  sqlite3_stmt *stmt;

  if (!_fol_sqlite_begin (self, error))
    return FALSE;

  stmt = _fol_sqlite_prepare (self, sql, error);
  if (stmt == NULL)
    return _fol_sqlite_rollback (self);

  _fol_sqlite_bind_text (stmt, 1, id);
  if (!_fol_sqlite_step_done (self, stmt, error))
    return _fol_sqlite_rollback (self);

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND, not_found);
      return _fol_sqlite_rollback (self);
    }

  return _fol_sqlite_commit (self, error);
}

static gboolean
fol_sqlite_store_delete_patient (FolStore    *store,
                                 const char  *patient_id,
                                 GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *not_found = g_strdup_printf (_("No patient has the ID “%s”"), patient_id);

  if (!delete_by_id (self, "DELETE FROM patients WHERE id = ?", patient_id,
                     not_found, error))
    return FALSE;

  fol_store_emit_changed (store, FOL_STORE_CHANGE_PATIENT, patient_id);
  return TRUE;
}

/* Visits */

gboolean
_fol_sqlite_lookup_birth_date (FolSqliteStore  *self,
                               const char      *patient_id,
                               FolDate         *out_birth,
                               GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (patient_id == NULL)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("The record belongs to no patient"));
      return FALSE;
    }

  stmt = _fol_sqlite_prepare (self, "SELECT birth_date FROM patients WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  _fol_sqlite_bind_text (stmt, 1, patient_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_birth = _fol_sqlite_column_date (stmt, 0);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("No patient has the ID “%s”"), patient_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _fol_sqlite_fail (self, rc, error);

  return TRUE;
}

/* Derives and validates a visit's region values; keeps the non-empty
 * ones. Shared by single saves and the bulk path.
 */
gboolean
_fol_sqlite_check_measurements (GPtrArray  *measurements,
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

      copy = fol_measurement_copy (m);
      fol_measurement_derive (copy);
      if (!fol_measurement_validate (copy, NULL, error))
        {
          if (region < FOL_N_REGIONS)
            g_prefix_error (error, "%s: ", fol_region_name (region));
          return FALSE;
        }

      seen |= FOL_REGION_BIT (region);
      if (!fol_measurement_is_empty (copy))
        g_ptr_array_add (kept, g_steal_pointer (&copy));
    }

  *out_kept = g_steal_pointer (&kept);
  return TRUE;
}

static gboolean
fol_sqlite_store_save_visit (FolStore    *store,
                             FolVisit    *visit,
                             GPtrArray   *measurements,
                             GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) kept = NULL;
  g_autofree char *now = fol_timestamp_now ();
  g_autofree char *new_id = NULL;
  const char *id;
  FolDate birth = FOL_DATE_NONE;
  GError *local = NULL;
  sqlite3_stmt *stmt;
  guint stored = 0;

  if (!_fol_sqlite_lookup_birth_date (self, fol_visit_get_patient_id (visit), &birth, error))
    return FALSE;

  if (!fol_visit_validate (visit, birth, NULL, &local))
    return validation_failed (error, local);

  if (!_fol_sqlite_check_measurements (measurements, &kept, error))
    return FALSE;

  if (fol_visit_get_id (visit) == NULL)
    new_id = g_uuid_string_random ();
  id = new_id ? new_id : fol_visit_get_id (visit);

  if (!_fol_sqlite_begin (self, error))
    return FALSE;

  if (!_fol_sqlite_write_visit (self, visit, id, now, error))
    return _fol_sqlite_rollback (self);

  for (guint i = 0; i < kept->len; i++)
    {
      FolMeasurement *m = g_ptr_array_index (kept, i);

      if (!_fol_sqlite_write_measurement (self, id, m, error))
        return _fol_sqlite_rollback (self);

      stored |= FOL_REGION_BIT (fol_measurement_get_region (m));
    }

  /* Regions left out of this save were cleared by the user. */
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      if (stored & FOL_REGION_BIT (r))
        continue;

      stmt = _fol_sqlite_prepare (self, "DELETE FROM measurements WHERE visit_id = ? AND region = ?", error);
      if (stmt == NULL)
        return _fol_sqlite_rollback (self);
      _fol_sqlite_bind_text (stmt, 1, id);
      _fol_sqlite_bind_text (stmt, 2, fol_region_code (r));
      if (!_fol_sqlite_step_done (self, stmt, error))
        return _fol_sqlite_rollback (self);
    }

  if (!_fol_sqlite_commit (self, error))
    return FALSE;

  if (new_id != NULL)
    {
      fol_visit_set_id (visit, new_id);
      fol_visit_set_created_at (visit, now);
    }
  fol_visit_set_updated_at (visit, now);

  fol_store_emit_changed (store, FOL_STORE_CHANGE_VISIT, fol_visit_get_patient_id (visit));
  return TRUE;
}

char *
_fol_sqlite_lookup_owner (FolSqliteStore *self,
                          const char     *sql,
                          const char     *id)
{
  sqlite3_stmt *stmt = _fol_sqlite_prepare (self, sql, NULL);
  char *owner = NULL;

  if (stmt == NULL)
    return NULL;

  _fol_sqlite_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    owner = g_strdup (_fol_sqlite_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return owner;
}

static gboolean
fol_sqlite_store_delete_visit (FolStore    *store,
                               const char  *visit_id,
                               GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *patient_id =
    _fol_sqlite_lookup_owner (self, "SELECT patient_id FROM visits WHERE id = ?", visit_id);
  g_autofree char *not_found = g_strdup_printf (_("No visit has the ID “%s”"), visit_id);

  if (!delete_by_id (self, "DELETE FROM visits WHERE id = ?", visit_id,
                     not_found, error))
    return FALSE;

  fol_store_emit_changed (store, FOL_STORE_CHANGE_VISIT, patient_id);
  return TRUE;
}

/* Treatment sessions */


static gboolean
fol_sqlite_store_save_session (FolStore             *store,
                               FolTreatmentSession  *session,
                               GError              **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *now = fol_timestamp_now ();
  g_autofree char *new_id = NULL;
  const char *id;
  FolDate birth = FOL_DATE_NONE;
  GError *local = NULL;

  if (!_fol_sqlite_lookup_birth_date (self, fol_treatment_session_get_patient_id (session), &birth, error))
    return FALSE;

  if (!fol_treatment_session_validate (session, birth, NULL, &local))
    return validation_failed (error, local);

  if (fol_treatment_session_get_id (session) == NULL)
    new_id = g_uuid_string_random ();
  id = new_id ? new_id : fol_treatment_session_get_id (session);

  if (!_fol_sqlite_begin (self, error))
    return FALSE;

  if (!_fol_sqlite_write_session (self, session, id, now, error))
    return _fol_sqlite_rollback (self);

  if (!_fol_sqlite_commit (self, error))
    return FALSE;

  if (new_id != NULL)
    {
      fol_treatment_session_set_id (session, new_id);
      fol_treatment_session_set_created_at (session, now);
    }
  fol_treatment_session_set_updated_at (session, now);

  fol_store_emit_changed (store, FOL_STORE_CHANGE_SESSION,
                          fol_treatment_session_get_patient_id (session));
  return TRUE;
}

static gboolean
fol_sqlite_store_delete_session (FolStore    *store,
                                 const char  *session_id,
                                 GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *patient_id =
    _fol_sqlite_lookup_owner (self, "SELECT patient_id FROM treatment_sessions WHERE id = ?", session_id);
  g_autofree char *not_found = g_strdup_printf (_("No treatment session has the ID “%s”"),
                                                session_id);

  if (!delete_by_id (self, "DELETE FROM treatment_sessions WHERE id = ?", session_id,
                     not_found, error))
    return FALSE;

  fol_store_emit_changed (store, FOL_STORE_CHANGE_SESSION, patient_id);
  return TRUE;
}

/* History */

static gboolean
load_visits (FolSqliteStore  *self,
             FolHistory      *history,
             const char      *patient_id,
             GError         **error)
{
  g_autoptr(GHashTable) by_visit = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) visits = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _fol_sqlite_prepare (self,
                  "SELECT m.visit_id, m.region, m.hair_count, m.field_area_cm2, m.total_density,"
                  " m.terminal_density, m.vellus_density, m.terminal_threshold_um,"
                  " m.mean_diameter_um, m.anagen_percent, m.fu_density, m.method, m.notes"
                  " FROM visits v JOIN measurements m ON m.visit_id = v.id"
                  " WHERE v.patient_id = ?", error);
  if (stmt == NULL)
    return FALSE;

  _fol_sqlite_bind_text (stmt, 1, patient_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(FolMeasurement) m = fol_measurement_new ();
      GPtrArray *list;

      fol_measurement_set_visit_id (m, _fol_sqlite_column_text (stmt, 0));
      fol_measurement_set_region (m, _fol_sqlite_column_region (stmt, 1));
      if (fol_measurement_get_region (m) >= FOL_N_REGIONS)
        continue;
      fol_measurement_set_hair_count (m, _fol_sqlite_column_double (stmt, 2));
      fol_measurement_set_field_area (m, _fol_sqlite_column_double (stmt, 3));
      fol_measurement_set_total_density (m, _fol_sqlite_column_double (stmt, 4));
      fol_measurement_set_terminal_density (m, _fol_sqlite_column_double (stmt, 5));
      fol_measurement_set_vellus_density (m, _fol_sqlite_column_double (stmt, 6));
      fol_measurement_set_terminal_threshold (m, _fol_sqlite_column_double (stmt, 7));
      fol_measurement_set_mean_diameter (m, _fol_sqlite_column_double (stmt, 8));
      fol_measurement_set_anagen (m, _fol_sqlite_column_double (stmt, 9));
      fol_measurement_set_fu_density (m, _fol_sqlite_column_double (stmt, 10));
      fol_measurement_set_method (m, _fol_sqlite_column_text (stmt, 11));
      fol_measurement_set_notes (m, _fol_sqlite_column_text (stmt, 12));

      list = g_hash_table_lookup (by_visit, fol_measurement_get_visit_id (m));
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (by_visit, (gpointer) fol_measurement_get_visit_id (m), list);
        }
      g_ptr_array_add (list, g_steal_pointer (&m));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _fol_sqlite_fail (self, rc, error);

  stmt = _fol_sqlite_prepare (self,
                  "SELECT id, patient_id, visit_date, kind, clinician, norwood, ludwig, sinclair,"
                  " salt_top, salt_back, salt_right, salt_left, investigator_assessment,"
                  " patient_assessment, notes, created_at, updated_at"
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
      g_ptr_array_add (visits, g_steal_pointer (&visit));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _fol_sqlite_fail (self, rc, error);

  for (guint i = 0; i < visits->len; i++)
    {
      FolVisit *visit = g_ptr_array_index (visits, i);

      fol_history_add_visit (history, visit,
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

/* GObject */

static void
store_iface_init (FolStoreInterface *iface)
{
  iface->list_patients = _fol_sqlite_store_list_patients;
  iface->count_patients = fol_sqlite_store_count_patients;
  iface->get_patient = fol_sqlite_store_get_patient;
  iface->save_patient = fol_sqlite_store_save_patient;
  iface->delete_patient = fol_sqlite_store_delete_patient;
  iface->save_visit = fol_sqlite_store_save_visit;
  iface->delete_visit = fol_sqlite_store_delete_visit;
  iface->save_session = fol_sqlite_store_save_session;
  iface->delete_session = fol_sqlite_store_delete_session;
  iface->load_history = fol_sqlite_store_load_history;
  iface->list_audit = fol_sqlite_store_list_audit;
  _fol_sqlite_store_photos_iface_init (iface);
}

static void
fol_sqlite_store_finalize (GObject *object)
{
  FolSqliteStore *self = (FolSqliteStore *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  /* After the connection: nobody may replace the file while it is open. */
  g_clear_pointer (&self->lock, fol_clinic_lock_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->notice, g_free);

  G_OBJECT_CLASS (fol_sqlite_store_parent_class)->finalize (object);
}

static void
fol_sqlite_store_class_init (FolSqliteStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fol_sqlite_store_finalize;

  /**
   * FolSqliteStore::replaced:
   *
   * A write found that the file at the store's path is no longer the one
   * opened: it was moved or replaced. Nothing was written; the clinic
   * should be opened again.
   */
  g_signal_new ("replaced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
fol_sqlite_store_init (FolSqliteStore *self)
{
  self->statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
  _fol_sqlite_store_set_search_tuning (self, NULL);
}

/**
 * fol_sqlite_store_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/follicle/follicle.db`
 */
char *
fol_sqlite_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "follicle", "follicle.db", NULL);
}

guint
fol_sqlite_store_schema_version (void)
{
  return _fol_sqlite_schema_version ();
}

/**
 * fol_sqlite_store_get_data_dir:
 *
 * Returns: (transfer full): the folder the database lives in; photos and
 *   backups are kept beside it, in photos/ and backups/
 */
char *
fol_sqlite_store_get_data_dir (FolSqliteStore *self)
{
  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), NULL);
  return g_path_get_dirname (self->path);
}

const char *
fol_sqlite_store_get_path (FolSqliteStore *self)
{
  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), NULL);
  return self->path;
}

/* Takes the clinic's lock: shared while it is open; exclusive for the
 * moment a new clinic is made, so two processes never both make it.
 */
static gboolean
lock_clinic (FolSqliteStore  *self,
             GError         **error)
{
  gint64 end = g_get_monotonic_time () + (gint64) BUSY_TIMEOUT_MS * 1000;
  FolClinicLock *lock;

  /* A reader never needs to make the lock file: a restore under it is
   * harmless, the reader keeps the file it opened.
   */
  if (self->flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY)
    {
      g_autofree char *lock_path = fol_clinic_lock_path (self->path);

      if ((self->flags & FOL_SQLITE_STORE_FLAGS_NOT_CLINIC) ||
          !g_file_test (lock_path, G_FILE_TEST_EXISTS))
        return TRUE;
    }

  lock = fol_clinic_lock_acquire (self->path, FOL_CLINIC_LOCK_SHARED, error);
  if (lock == NULL)
    return FALSE;
  self->lock = lock;

  if (self->flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY)
    return TRUE;
  /* Nobody makes the clinic while this lock is held: a temporary one
   * beside it is what a crash left.
   */
  _fol_sqlite_remove_leftovers (self->path);
  if (!_fol_sqlite_needs_create (self->path))
    return TRUE;

  /* This process is restoring the clinic and holds it already. */
  if (fol_clinic_lock_is_exclusive (lock))
    return _fol_sqlite_create (self->path, error);

  g_clear_pointer (&self->lock, fol_clinic_lock_unref);
  for (;;)
    {
      g_autoptr(GError) local = NULL;

      lock = fol_clinic_lock_acquire (self->path, FOL_CLINIC_LOCK_EXCLUSIVE, &local);
      if (lock != NULL)
        {
          self->lock = lock;
          _fol_sqlite_recover_journal (self->path);
          if (_fol_sqlite_needs_create (self->path) && !_fol_sqlite_create (self->path, error))
            return FALSE;
          fol_clinic_lock_downgrade (lock);
          return TRUE;
        }
      if (!g_error_matches (local, FOL_STORE_ERROR, FOL_STORE_ERROR_BUSY))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }

      /* Another process has it open: it made the clinic, or is making it. */
      if (!_fol_sqlite_needs_create (self->path))
        {
          self->lock = fol_clinic_lock_acquire (self->path, FOL_CLINIC_LOCK_SHARED, error);
          return self->lock != NULL;
        }
      if (g_get_monotonic_time () >= end)
        {
          g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_BUSY,
                       _("The clinic “%s” is being restored or created by another program: try again when it is done"),
                       self->path);
          return FALSE;
        }
      g_usleep (20000);
    }
}

static gboolean
is_cannot_share (int rc)
{
  /* A WAL clinic read-only with no shared index beside it. */
  return (rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY;
}

/**
 * fol_sqlite_store_open:
 * @path: (nullable): the database file; %NULL for the default
 *
 * Opens (creating it when needed) a clinic database and brings its schema
 * up to date. A file that is not a Follicle database, or one written by a
 * newer version, is refused and left byte-for-byte untouched. A clinic
 * that cannot be written opens read-only: reading works, writing fails
 * with %FOL_STORE_ERROR_READ_ONLY.
 *
 * While the store is open it holds the clinic's lock, so a restore is
 * refused; a new clinic is made whole beside its path and renamed into
 * place, so a crash never leaves half of one.
 */
FolSqliteStore *
fol_sqlite_store_open (const char           *path,
                       FolSqliteStoreFlags   flags,
                       GError              **error)
{
  g_autoptr(FolSqliteStore) self = NULL;
  int rc;

  self = g_object_new (FOL_TYPE_SQLITE_STORE, NULL);
  self->path = path ? g_strdup (path) : fol_sqlite_store_default_path ();
  self->flags = flags;

  if (g_file_test (self->path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder, not a clinic database"), self->path);
      return NULL;
    }

  /* Before any check of its own: an interrupted transaction left the file
   * half written (even its header), and SQLite puts it back as it was.
   */
  if (!(flags & FOL_SQLITE_STORE_FLAGS_NOT_CLINIC) &&
      (!(flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY) || g_access (self->path, W_OK) == 0))
    _fol_sqlite_recover_journal (self->path);

  if (!_fol_sqlite_check_header (self->path, error))
    return NULL;

  if (flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY)
    {
      if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("“%s” does not exist"), self->path);
          return NULL;
        }
    }
  else if (!_fol_sqlite_ensure_folder (self->path, error))
    return NULL;

  if (!(flags & FOL_SQLITE_STORE_FLAGS_NOT_CLINIC))
    self->notice = _fol_sqlite_tighten_permissions (self->path);

  if (!lock_clinic (self, error))
    return NULL;

  {
    GStatBuf st;

    if (g_stat (self->path, &st) != 0)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("“%s” does not exist"), self->path);
        return NULL;
      }
    if (st.st_size == 0)
      {
        g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
                     _("“%s” is empty: it is not a clinic database"), self->path);
        return NULL;
      }
  }

  /* A clinic that cannot be written opens read-only rather than not at
   * all: it can still be read, listed and exported.
   */
  if (!(self->flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY) && g_access (self->path, W_OK) != 0)
    self->flags |= FOL_SQLITE_STORE_FLAGS_READ_ONLY;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        ((self->flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY) ? SQLITE_OPEN_READONLY
                                                                          : SQLITE_OPEN_READWRITE)
                        | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _fol_sqlite_set_error_from_rc (error, rc, self->db ? sqlite3_errmsg (self->db) : NULL);
      g_prefix_error (error, "%s: ", self->path);
      return NULL;
    }

  if (sqlite3_db_readonly (self->db, "main") == 1)
    self->flags |= FOL_SQLITE_STORE_FLAGS_READ_ONLY;

  /* Reading the schema first: it fails on a damaged file before anything
   * (WAL mode, migrations) writes to it.
   */
  {
    int version = 0;
    GError *local = NULL;

    sqlite3_extended_result_codes (self->db, TRUE);
    sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
    if (!query_int (self, "PRAGMA user_version", &version, &local) &&
        (self->flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY) &&
        is_cannot_share (sqlite3_extended_errcode (self->db)) &&
        _fol_sqlite_open_immutable (self, NULL))
      {
        g_clear_error (&local);
        sqlite3_extended_result_codes (self->db, TRUE);
        query_int (self, "PRAGMA user_version", &version, &local);
      }
    if (local != NULL)
      {
        g_propagate_prefixed_error (error, local, "%s: ", self->path);
        return NULL;
      }
    if (version > (int) _fol_sqlite_schema_version ())
      {
        g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_TOO_NEW,
                     _("“%s” was written by a newer version of Follicle (schema %d; this version knows %u). "
                       "It was left untouched: update Follicle to open it."),
                     self->path, version, _fol_sqlite_schema_version ());
        return NULL;
      }
  }

  if (!_fol_sqlite_exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  /* Refuses another application's database before anything is written. */
  if (!_fol_sqlite_migrate (self, error))
    return NULL;

  if (!(self->flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY) &&
      (!_fol_sqlite_exec (self, "PRAGMA journal_mode = WAL", error) ||
       !_fol_sqlite_exec (self, "PRAGMA synchronous = FULL", error)))
    return NULL;

  _fol_sqlite_remember_identity (self);
  return g_steal_pointer (&self);
}

/**
 * fol_sqlite_store_is_read_only:
 *
 * Whether the clinic opened read-only: asked for, or because its file or
 * folder cannot be written.
 */
gboolean
fol_sqlite_store_is_read_only (FolSqliteStore *self)
{
  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), FALSE);
  return (self->flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY) != 0;
}

/**
 * fol_sqlite_store_take_notice:
 *
 * Returns: (transfer full) (nullable): what opening did that the user
 *   should be told once (loose permissions made private), then %NULL
 */
char *
fol_sqlite_store_take_notice (FolSqliteStore *self)
{
  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), NULL);
  return g_steal_pointer (&self->notice);
}
