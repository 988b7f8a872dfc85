/* fol-pg-store-protocols.c
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

#include <stdlib.h>

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-pg-store-private.h"
#include "fol-store-private.h"

/* Treatment protocols and their assignments on a clinic server. Each
 * write is one transaction; what it needs of the stored records (a name
 * taken, a protocol in use) is checked inside it, with the rows locked.
 */

static GPtrArray *
fol_pg_store_list_protocols (FolStore  *store,
                             GError   **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  g_autoptr(GPtrArray) protocols = g_ptr_array_new_with_free_func (g_object_unref);
  PGresult *result;

  result = _fol_pg_query (conn, "SELECT id, name, description, steps, example, created_at,"
                                " updated_at FROM protocols ORDER BY name COLLATE \"C\", id",
                          0, NULL, error);
  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    {
      g_autoptr(FolProtocol) protocol =
        fol_protocol_new_stored (_fol_pg_value (result, i, 0), _fol_pg_value (result, i, 1),
                                 _fol_pg_value (result, i, 2), _fol_pg_value (result, i, 3),
                                 g_strcmp0 (_fol_pg_value (result, i, 4), "1") == 0,
                                 _fol_pg_value (result, i, 5), _fol_pg_value (result, i, 6));

      g_ptr_array_add (protocols, g_steal_pointer (&protocol));
    }
  PQclear (result);
  return g_steal_pointer (&protocols);
}

/* Whether @sql with @params returns a row. */
static gboolean
query_exists (PGconn              *conn,
              const char          *sql,
              int                  n_params,
              const char * const  *params,
              gboolean            *out_exists,
              GError             **error)
{
  PGresult *result = _fol_pg_query (conn, sql, n_params, params, error);

  if (result == NULL)
    return FALSE;
  *out_exists = PQntuples (result) > 0;
  PQclear (result);
  return TRUE;
}

/* Within the caller's transaction: refused when another protocol has the
 * name. Names are taken one at a time: the check and the write under one
 * lock.
 */
gboolean
_fol_pg_write_protocol (PGconn       *conn,
                        FolProtocol  *protocol,
                        const char   *id,
                        const char   *now,
                        GError      **error)
{
  g_autofree char *steps = fol_protocol_steps_to_text (protocol);
  const char *created_at = fol_protocol_get_created_at (protocol);
  const char *params[7];
  PGresult *result;
  gboolean taken;

  if (!_fol_pg_exec (conn, "LOCK TABLE protocols IN SHARE ROW EXCLUSIVE MODE", error))
    return FALSE;
  params[0] = fol_protocol_get_name (protocol);
  params[1] = id;
  if (!query_exists (conn, "SELECT 1 FROM protocols WHERE name = $1 AND id <> $2", 2, params,
                     &taken, error))
    return FALSE;
  if (taken)
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT,
                   _("Protocol name: a protocol named “%s” already exists"),
                   fol_protocol_get_name (protocol));
      return FALSE;
    }

  params[0] = id;
  params[1] = fol_protocol_get_name (protocol);
  params[2] = fol_protocol_get_description (protocol);
  params[3] = steps;
  params[4] = fol_protocol_get_example (protocol) ? "1" : "0";
  params[5] = created_at ? created_at : now;
  params[6] = now;
  result = _fol_pg_query (conn, "INSERT INTO protocols (id, name, description, steps, example,"
                                " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                                " ON CONFLICT (id) DO UPDATE SET name = $2, description = $3,"
                                " steps = $4, example = $5, updated_at = $7,"
                                " version = protocols.version + 1",
                          7, params, error);
  if (result == NULL)
    return FALSE;
  PQclear (result);
  return TRUE;
}

/* No lost updates: a protocol saved from a copy read before another
 * workstation changed it is refused. The row is locked until the
 * transaction ends, and *@now comes after the stored time.
 */
static gboolean
check_protocol_current (PGconn       *conn,
                        FolProtocol  *protocol,
                        char        **now,
                        GError      **error)
{
  const char *params[] = { fol_protocol_get_id (protocol) };
  const char *base_at = fol_protocol_get_updated_at (protocol);
  g_autofree char *stored_at = NULL;
  g_autofree char *changed_by = NULL;
  PGresult *result;

  if (params[0] == NULL)
    return TRUE;
  result = _fol_pg_query (conn, "SELECT updated_at, (SELECT db_user FROM audit_log"
                                " WHERE entity_id = $1 AND entity = 'protocols'"
                                " ORDER BY id DESC LIMIT 1) FROM protocols WHERE id = $1"
                                " FOR UPDATE", 1, params, error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 1)
    {
      stored_at = g_strdup (_fol_pg_value (result, 0, 0));
      changed_by = g_strdup (_fol_pg_value (result, 0, 1));
    }
  PQclear (result);
  if (stored_at == NULL)
    return TRUE;
  if (base_at != NULL && g_strcmp0 (stored_at, base_at) != 0)
    {
      /* Translators: what was changed meanwhile; %s is a protocol's name */
      g_autofree char *what = g_strdup_printf (_("The protocol “%s”"),
                                               fol_protocol_get_name (protocol));

      _fol_pg_set_changed_error (error, what, stored_at, changed_by);
      return FALSE;
    }
  fol_timestamp_after (now, stored_at);
  return TRUE;
}

static gboolean
fol_pg_store_save_protocol (FolStore     *store,
                            FolProtocol  *protocol,
                            GError      **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  g_autofree char *now = fol_timestamp_now ();
  g_autofree char *new_id = NULL;
  const char *id;

  if (fol_protocol_get_id (protocol) == NULL)
    new_id = g_uuid_string_random ();
  id = new_id ? new_id : fol_protocol_get_id (protocol);

  if (!_fol_pg_exec (conn, "BEGIN", error))
    return FALSE;
  if (!check_protocol_current (conn, protocol, &now, error) ||
      !_fol_pg_write_protocol (conn, protocol, id, now, error))
    return _fol_pg_rollback (conn);
  if (!_fol_pg_exec (conn, "COMMIT", error))
    return _fol_pg_rollback (conn);

  _fol_store_protocol_saved (store, protocol, new_id, now);
  return TRUE;
}

static gboolean
fol_pg_store_delete_protocol (FolStore    *store,
                              const char  *protocol_id,
                              GError     **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  const char *params[] = { protocol_id };
  PGresult *result;
  int n_assigned;
  gboolean found;

  if (!_fol_pg_exec (conn, "BEGIN", error))
    return FALSE;
  /* No assignment may start on it meanwhile. */
  result = _fol_pg_query (conn, "SELECT 1 FROM protocols WHERE id = $1 FOR UPDATE", 1, params,
                          error);
  if (result == NULL)
    return _fol_pg_rollback (conn);
  PQclear (result);
  result = _fol_pg_query (conn, "SELECT count (*) FROM protocol_assignments"
                                " WHERE protocol_id = $1", 1, params, error);
  if (result == NULL)
    return _fol_pg_rollback (conn);
  n_assigned = atoi (PQgetvalue (result, 0, 0));
  PQclear (result);
  if (n_assigned > 0)
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The protocol is assigned to %d patient: it cannot be deleted",
                                "The protocol is assigned to %d patients: it cannot be deleted",
                                n_assigned), n_assigned);
      return _fol_pg_rollback (conn);
    }
  if (!_fol_pg_delete_by_id (conn, "protocols", protocol_id, &found, NULL, error))
    return _fol_pg_rollback (conn);
  if (!found)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("No protocol has the ID “%s”"), protocol_id);
      return _fol_pg_rollback (conn);
    }
  if (!_fol_pg_exec (conn, "COMMIT", error))
    return _fol_pg_rollback (conn);

  fol_store_emit_changed (store, FOL_STORE_CHANGE_PROTOCOL, NULL);
  return TRUE;
}

static GPtrArray *
fol_pg_store_list_assignments (FolStore    *store,
                               const char  *patient_id,
                               GError     **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  g_autoptr(GPtrArray) assignments = g_ptr_array_new_with_free_func (g_object_unref);
  const char *params[] = { patient_id };
  PGresult *result;

  result = _fol_pg_query (conn, "SELECT id, patient_id, protocol_id, start_date, created_at,"
                                " updated_at FROM protocol_assignments"
                                " WHERE $1::text IS NULL OR patient_id = $1"
                                " ORDER BY patient_id COLLATE \"C\", start_date, id COLLATE \"C\"",
                          1, params, error);
  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    {
      FolProtocolAssignment *a =
        fol_protocol_assignment_new_stored (_fol_pg_value (result, i, 0),
                                            _fol_pg_value (result, i, 1),
                                            _fol_pg_value (result, i, 2),
                                            _fol_pg_date_value (result, i, 3),
                                            _fol_pg_value (result, i, 4),
                                            _fol_pg_value (result, i, 5));

      g_ptr_array_add (assignments, a);
    }
  PQclear (result);
  return g_steal_pointer (&assignments);
}

/* Within the caller's transaction: refused when the protocol is not
 * stored or the assignment's ID is another patient's.
 */
gboolean
_fol_pg_write_assignment (PGconn                 *conn,
                          FolProtocolAssignment  *assignment,
                          const char             *id,
                          const char             *now,
                          GError                **error)
{
  g_autofree char *start = fol_date_to_iso (fol_protocol_assignment_get_start_date (assignment));
  const char *created_at = fol_protocol_assignment_get_created_at (assignment);
  const char *params[6];
  PGresult *result;
  gboolean known, written;

  params[0] = fol_protocol_assignment_get_protocol_id (assignment);
  if (!query_exists (conn, "SELECT 1 FROM protocols WHERE id = $1 FOR SHARE", 1, params, &known,
                     error))
    return FALSE;
  if (!known)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("Protocol: no protocol has the ID “%s”"), params[0]);
      return FALSE;
    }

  params[0] = id;
  params[1] = fol_protocol_assignment_get_patient_id (assignment);
  params[2] = fol_protocol_assignment_get_protocol_id (assignment);
  params[3] = start;
  params[4] = created_at ? created_at : now;
  params[5] = now;
  result = _fol_pg_query (conn, "INSERT INTO protocol_assignments (id, patient_id, protocol_id,"
                                " start_date, created_at, updated_at)"
                                " VALUES ($1, $2, $3, $4, $5, $6)"
                                " ON CONFLICT (id) DO UPDATE SET protocol_id = $3,"
                                " start_date = $4, updated_at = $6,"
                                " version = protocol_assignments.version + 1"
                                " WHERE protocol_assignments.patient_id = $2",
                          6, params, error);
  if (result == NULL)
    return FALSE;
  written = g_strcmp0 (PQcmdTuples (result), "0") != 0;
  PQclear (result);
  if (!written)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                   _("Protocol assignment “%s” belongs to another patient"), id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
fol_pg_store_save_assignment (FolStore               *store,
                              FolProtocolAssignment  *assignment,
                              GError                **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  g_autofree char *now = fol_timestamp_now ();
  g_autofree char *new_id = NULL;
  const char *id;

  if (fol_protocol_assignment_get_id (assignment) == NULL)
    new_id = g_uuid_string_random ();
  id = new_id ? new_id : fol_protocol_assignment_get_id (assignment);

  if (!_fol_pg_exec (conn, "BEGIN", error))
    return FALSE;
  if (!_fol_pg_write_assignment (conn, assignment, id, now, error))
    return _fol_pg_rollback (conn);
  if (!_fol_pg_exec (conn, "COMMIT", error))
    return _fol_pg_rollback (conn);

  _fol_store_assignment_saved (store, assignment, new_id, now);
  return TRUE;
}

static gboolean
fol_pg_store_delete_assignment (FolStore    *store,
                                const char  *assignment_id,
                                GError     **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  g_autofree char *patient_id = NULL;
  gboolean found;

  if (!_fol_pg_delete_by_id (conn, "protocol_assignments", assignment_id, &found, &patient_id,
                             error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("No protocol assignment has the ID “%s”"), assignment_id);
      return FALSE;
    }

  fol_store_emit_changed (store, FOL_STORE_CHANGE_PROTOCOL, patient_id);
  return TRUE;
}

void
_fol_pg_store_protocols_iface_init (FolStoreInterface *iface)
{
  iface->list_protocols = fol_pg_store_list_protocols;
  iface->save_protocol = fol_pg_store_save_protocol;
  iface->delete_protocol = fol_pg_store_delete_protocol;
  iface->list_assignments = fol_pg_store_list_assignments;
  iface->save_assignment = fol_pg_store_save_assignment;
  iface->delete_assignment = fol_pg_store_delete_assignment;
}
