/* fol-pg-store-records.c
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

#define G_LOG_DOMAIN "fol-pg-store"

#include "config.h"

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-pg-store-private.h"
#include "fol-search-key.h"
#include "fol-validate.h"

/* Patients on a clinic server, with the same rules and results as on a
 * workstation (fol-sqlite-store-records.c): the wrapper has validated what
 * is written; what needs stored records is checked here, inside the write's
 * transaction.
 */

#define PATIENT_COLUMNS \
  "id, name, birth_date, sex, diagnosis, notes, created_at, updated_at"

/* After every text that starts with a prefix: U+10FFFF sorts after any
 * character that can follow, as the words are compared as bytes.
 */
#define PREFIX_END "\xf4\x8f\xbf\xbf"

const char *
_fol_pg_value (const PGresult *result,
       int             row,
       int             column)
{
  return PQgetisnull (result, row, column) ? NULL : PQgetvalue (result, row, column);
}

FolDate
_fol_pg_date_value (const PGresult *result,
            int             row,
            int             column)
{
  FolDate date = FOL_DATE_NONE;
  const char *text = _fol_pg_value (result, row, column);

  if (text != NULL && !fol_date_parse (text, &date, NULL))
    g_warning ("Invalid date “%s” in the database", text);
  return date;
}

static FolPatient *
patient_from_row (const PGresult *result,
                  int             row)
{
  FolPatient *patient = fol_patient_new ();

  fol_patient_set_id (patient, _fol_pg_value (result, row, 0));
  fol_patient_set_name (patient, _fol_pg_value (result, row, 1));
  fol_patient_set_birth_date (patient, _fol_pg_date_value (result, row, 2));
  fol_patient_set_sex (patient, _fol_pg_value (result, row, 3));
  fol_patient_set_diagnosis (patient, _fol_pg_value (result, row, 4));
  fol_patient_set_notes (patient, _fol_pg_value (result, row, 5));
  fol_patient_set_created_at (patient, _fol_pg_value (result, row, 6));
  fol_patient_set_updated_at (patient, _fol_pg_value (result, row, 7));
  return patient;
}

static gboolean
load_sites (PGconn      *conn,
            FolPatient  *patient,
            GError     **error)
{
  const char *params[] = { fol_patient_get_id (patient) };
  PGresult *result;

  result = _fol_pg_query (conn, "SELECT region, description FROM patient_sites"
                                " WHERE patient_id = $1", 1, params, error);
  if (result == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (result); i++)
    {
      FolRegion region;

      if (fol_region_from_code (_fol_pg_value (result, i, 0), &region))
        fol_patient_set_site (patient, region, _fol_pg_value (result, i, 1));
    }
  PQclear (result);
  return TRUE;
}

static FolPatient *
fol_pg_store_get_patient (FolStore    *store,
                          const char  *patient_id,
                          GError     **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  const char *params[] = { patient_id };
  g_autoptr(FolPatient) patient = NULL;
  PGresult *result;

  result = _fol_pg_query (conn, "SELECT " PATIENT_COLUMNS " FROM patients WHERE id = $1",
                          1, params, error);
  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 1)
    patient = patient_from_row (result, 0);
  PQclear (result);

  if (patient == NULL)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("No patient has the ID “%s”"), patient_id);
      return NULL;
    }
  if (!load_sites (conn, patient, error))
    return NULL;
  return g_steal_pointer (&patient);
}

static guint
fol_pg_store_count_patients (FolStore  *store,
                             GError   **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  PGresult *result = _fol_pg_query (conn, "SELECT count (*) FROM patients", 0, NULL, error);
  guint n;

  if (result == NULL)
    return 0;
  n = (guint) g_ascii_strtoull (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return n;
}

char *
_fol_pg_sort_key (const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
}

/* Every patient whose key holds the start of each word of @search, in any
 * order, or whose ID starts with @search; by name. Each word is a range
 * of patient_words' primary key.
 */
static GListModel *
fol_pg_store_list_patients (FolStore    *store,
                            const char  *search,
                            GError     **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  g_autofree char *needle = search != NULL ? g_strstrip (_fol_pg_sort_key (search)) : g_strdup ("");
  g_auto(GStrv) words = fol_search_query_words (search);
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) where = g_string_new (NULL);
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *sql = NULL;
  g_autoptr(GListStore) list = g_list_store_new (FOL_TYPE_PATIENT);
  PGresult *result;
  guint n_words = g_strv_length (words);
  gboolean own;

  g_ptr_array_add (params, g_strdup (needle));
  g_string_append (where, "starts_with (p.id, $1) OR (");
  if (n_words == 0)
    g_string_append (where, "TRUE");
  for (guint i = 0; i < n_words; i++)
    {
      g_string_append_printf (where, "%sEXISTS (SELECT FROM patient_words w WHERE w.word >= $%u"
                                     " AND w.word < $%u AND w.patient_id = p.id)",
                              i > 0 ? " AND " : "", params->len + 1, params->len + 2);
      g_ptr_array_add (params, g_strdup (words[i]));
      g_ptr_array_add (params, g_strconcat (words[i], PREFIX_END, NULL));
    }
  g_string_append (where, ")");

  /* The patients and their sites in two statements of one snapshot: the
   * caller's transaction when it has one (a batch's plan, a snapshot). */
  own = PQtransactionStatus (conn) == PQTRANS_IDLE;
  if (own && !_fol_pg_exec (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return NULL;
  sql = g_strdup_printf ("SELECT " PATIENT_COLUMNS " FROM patients p WHERE %s"
                         " ORDER BY p.sort_name, p.id COLLATE \"C\"", where->str);
  result = _fol_pg_query (conn, sql, params->len, (const char * const *) params->pdata, error);
  if (result == NULL)
    {
      if (own)
        _fol_pg_rollback (conn);
      return NULL;
    }
  for (int i = 0; i < PQntuples (result); i++)
    {
      g_autoptr(FolPatient) patient = patient_from_row (result, i);

      g_hash_table_insert (by_id, g_strdup (fol_patient_get_id (patient)), patient);
      g_list_store_append (list, patient);
    }
  PQclear (result);

  g_free (sql);
  sql = g_strdup_printf ("SELECT s.patient_id, s.region, s.description FROM patient_sites s"
                         " JOIN patients p ON p.id = s.patient_id WHERE %s", where->str);
  result = _fol_pg_query (conn, sql, params->len, (const char * const *) params->pdata, error);
  if (own)
    _fol_pg_rollback (conn);
  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    {
      FolPatient *patient = g_hash_table_lookup (by_id, _fol_pg_value (result, i, 0));
      FolRegion region;

      if (patient != NULL && fol_region_from_code (_fol_pg_value (result, i, 1), &region))
        fol_patient_set_site (patient, region, _fol_pg_value (result, i, 2));
    }
  PQclear (result);
  return G_LIST_MODEL (g_steal_pointer (&list));
}

/* The whole list for a listing, in the order of list_patients: one
 * statement, read through a cursor a thousand rows at a time so that a
 * large clinic never sits whole in memory, every row from one snapshot.
 */
#define EACH_PATIENT_FETCH "FETCH 1000 FROM fol_each_patient"

static gboolean
fol_pg_store_each_patient (FolStore           *store,
                           FolPatientLineFunc   func,
                           gpointer            user_data,
                           GError            **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  gboolean own = PQtransactionStatus (conn) == PQTRANS_IDLE;
  gboolean ok = TRUE;
  int n;

  if (own && !_fol_pg_exec (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return FALSE;
  if (!_fol_pg_exec (conn, "DECLARE fol_each_patient NO SCROLL CURSOR FOR"
                           " SELECT id, name, birth_date, diagnosis FROM patients"
                           " ORDER BY sort_name, id COLLATE \"C\"", error))
    {
      if (own)
        _fol_pg_rollback (conn);
      return FALSE;
    }

  do
    {
      PGresult *result = _fol_pg_query (conn, EACH_PATIENT_FETCH, 0, NULL, error);

      if (result == NULL)
        {
          ok = FALSE;
          break;
        }
      n = PQntuples (result);
      for (int i = 0; i < n && ok; i++)
        {
          FolPatientLine row = {
            .id = _fol_pg_value (result, i, 0),
            .name = _fol_pg_value (result, i, 1),
            .birth_date = _fol_pg_value (result, i, 2),
            .diagnosis = _fol_pg_value (result, i, 3),
          };

          ok = func (&row, user_data, error);
        }
      PQclear (result);
    }
  while (ok && n > 0);

  /* Read only: nothing to keep; a caller's own transaction goes on. */
  if (own)
    _fol_pg_rollback (conn);
  else
    PQclear (PQexec (conn, "CLOSE fol_each_patient"));
  return ok;
}

/* The error of a save that another workstation overtook: @what was
 * changed at @stored_at (UTC, ISO 8601) by the database user @who.
 */
void
_fol_pg_set_changed_error (GError     **error,
                           const char  *what,
                           const char  *stored_at,
                           const char  *who)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (stored_at, NULL);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
  g_autofree char *when = local ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S")
                                : g_strdup (stored_at);

  g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_CHANGED,
               _("“%s” was changed on another workstation at %s by %s, after it was opened "
                 "here. Nothing was saved: reload it to see the change, then edit it again."),
               what, when, who != NULL ? who : _("someone"));
}

gboolean
_fol_pg_rollback (PGconn *conn)
{
  PQclear (PQexec (conn, "ROLLBACK"));
  return FALSE;
}

/* What a save of @patient writes, but its times: the same save again has
 * the same digest. */
static char *
patient_digest (FolPatient *patient)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *birth = fol_date_to_iso (fol_patient_get_birth_date (patient));
  const char *fields[] = {
    fol_patient_get_name (patient), birth, fol_patient_get_sex (patient),
    fol_patient_get_diagnosis (patient), fol_patient_get_notes (patient),
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_string_append_printf (text, "%s\x1f", fields[i] ? fields[i] : "\x1e");
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    g_string_append_printf (text, "%s\x1f", fol_patient_get_site (patient, r) ?
                                            fol_patient_get_site (patient, r) : "\x1e");
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text->str, text->len);
}

static gboolean
fol_pg_store_save_patient (FolStore    *store,
                           FolPatient  *patient,
                           GError     **error)
{
  FolPgStore *self = FOL_PG_STORE (store);
  PGconn *conn = _fol_pg_store_get_conn (self);
  g_autofree char *key = _fol_pg_sort_key (fol_patient_get_name (patient));
  g_autofree char *search_key = fol_search_key_new (fol_patient_get_name (patient),
                                                    fol_patient_get_diagnosis (patient));
  g_autofree char *birth = fol_date_to_iso (fol_patient_get_birth_date (patient));
  FolPgWrite write = {
    .kind = FOL_STORE_CHANGE_PATIENT,
    .record_id = fol_patient_get_id (patient),
    .base_at = fol_patient_get_updated_at (patient),
    .digest = patient_digest (patient),
  };
  gboolean is_new = write.record_id == NULL;
  const char *id;
  PGresult *result;

  if (!_fol_pg_exec (conn, "BEGIN", error))
    goto failed;
  if (!_fol_pg_write_begin (self, &write, error))
    goto rollback;
  id = write.id;
  if (write.done)
    {
      _fol_pg_rollback (conn);
      goto stored;
    }

  /* A date of birth after the patient's own visits or sessions is refused,
   * as a visit before the date of birth is; read inside the transaction,
   * with the patient's row locked. No lost updates: a save based on what
   * another workstation has since replaced is refused, and says when and
   * by whom.
   */
  if (!is_new)
    {
      const char *params[] = { id };
      FolDate first = FOL_DATE_NONE;
      GError *local = NULL;

      if (!_fol_pg_check_current (conn, "patients", id, write.checked_at, &write.now, error))
        goto rollback;
      result = _fol_pg_query (conn, "SELECT least ("
                                    " (SELECT min (visit_date) FROM visits WHERE patient_id = $1),"
                                    " (SELECT min (session_date) FROM treatment_sessions"
                                    "  WHERE patient_id = $1))",
                              1, params, error);
      if (result == NULL)
        goto rollback;
      first = _fol_pg_date_value (result, 0, 0);
      PQclear (result);

      if (!fol_patient_validate_birth (patient, first, NULL, &local))
        {
          g_propagate_error (error, local);
          goto rollback;
        }
    }

  {
    const char *params[] = {
      id, fol_patient_get_name (patient), key, birth, fol_patient_get_sex (patient),
      fol_patient_get_diagnosis (patient), fol_patient_get_notes (patient), write.now, search_key,
    };

    result = _fol_pg_query (conn,
                            "INSERT INTO patients (id, name, sort_name, birth_date, sex, diagnosis,"
                            " notes, created_at, updated_at, search_key)"
                            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)"
                            " ON CONFLICT (id) DO UPDATE SET name = $2, sort_name = $3,"
                            " birth_date = $4, sex = $5, diagnosis = $6, notes = $7,"
                            " updated_at = $8, search_key = $9, version = patients.version + 1",
                            G_N_ELEMENTS (params), params, error);
    if (result == NULL)
      goto rollback;
    PQclear (result);
  }

  {
    const char *params[] = { id };

    result = _fol_pg_query (conn, "DELETE FROM patient_sites WHERE patient_id = $1", 1, params,
                            error);
    if (result == NULL)
      goto rollback;
    PQclear (result);
  }

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      const char *params[] = { id, fol_region_code (r), fol_patient_get_site (patient, r) };

      if (params[2] == NULL)
        continue;
      result = _fol_pg_query (conn, "INSERT INTO patient_sites (patient_id, region, description)"
                                    " VALUES ($1, $2, $3)", 3, params, error);
      if (result == NULL)
        goto rollback;
      PQclear (result);
    }

  if (!_fol_pg_write_record (conn, &write, error) || !_fol_pg_exec (conn, "COMMIT", error))
    goto rollback;

stored:
  /* Only now, when it is stored, does the object take its new identity. */
  if (is_new)
    {
      fol_patient_set_id (patient, id);
      fol_patient_set_created_at (patient, write.now);
    }
  fol_patient_set_updated_at (patient, write.now);
  _fol_pg_write_end (self, &write);

  fol_store_emit_changed (store, FOL_STORE_CHANGE_PATIENT, fol_patient_get_id (patient));
  return TRUE;

rollback:
  _fol_pg_rollback (conn);
failed:
  _fol_pg_write_end (self, &write);
  return FALSE;
}

static gboolean
fol_pg_store_delete_patient (FolStore    *store,
                             const char  *patient_id,
                             const char  *loaded_at,
                             GError     **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  const char *params[] = { patient_id };
  PGresult *result;
  gboolean found;

  /* The check and the delete (its cascade with it) in one transaction. */
  if (!_fol_pg_exec (conn, "BEGIN", error))
    return FALSE;
  if (!_fol_pg_check_current (conn, "patients", patient_id, loaded_at, NULL, error))
    return _fol_pg_rollback (conn);
  result = _fol_pg_query (conn, "DELETE FROM patients WHERE id = $1", 1, params, error);
  if (result == NULL)
    return _fol_pg_rollback (conn);
  found = g_strcmp0 (PQcmdTuples (result), "0") != 0;
  PQclear (result);
  if (!found)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("No patient has the ID “%s”"), patient_id);
      return _fol_pg_rollback (conn);
    }
  if (!_fol_pg_exec (conn, "COMMIT", error))
    return _fol_pg_rollback (conn);

  fol_store_emit_changed (store, FOL_STORE_CHANGE_PATIENT, patient_id);
  return TRUE;
}

/* The audit log of one record, oldest first, one line each: when, what
 * was done, to which table, before and after (JSON).
 */
static GPtrArray *
fol_pg_store_list_audit (FolStore    *store,
                         const char  *entity_id,
                         GError     **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  const char *params[] = { entity_id };
  PGresult *result;

  result = _fol_pg_query (conn, "SELECT at, action, entity, coalesce (before::text, ''),"
                                " coalesce (after::text, '') FROM audit_log"
                                " WHERE entity_id = $1 ORDER BY id", 1, params, error);
  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    g_ptr_array_add (lines, g_strdup_printf ("%s\t%s\t%s\t%s\t%s", PQgetvalue (result, i, 0),
                                             PQgetvalue (result, i, 1), PQgetvalue (result, i, 2),
                                             PQgetvalue (result, i, 3),
                                             PQgetvalue (result, i, 4)));
  PQclear (result);
  return g_steal_pointer (&lines);
}

void
_fol_pg_store_records_iface_init (FolStoreInterface *iface)
{
  _fol_pg_store_history_iface_init (iface);
  iface->list_patients = fol_pg_store_list_patients;
  iface->each_patient = fol_pg_store_each_patient;
  iface->count_patients = fol_pg_store_count_patients;
  iface->get_patient = fol_pg_store_get_patient;
  iface->save_patient = fol_pg_store_save_patient;
  iface->delete_patient = fol_pg_store_delete_patient;
  iface->list_audit = fol_pg_store_list_audit;
}
