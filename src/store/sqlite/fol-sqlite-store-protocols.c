/* fol-sqlite-store-protocols.c
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
#include "fol-sqlite-store-private.h"
#include "fol-store-private.h"

/* Treatment protocols and their assignments to patients. */

static GPtrArray *
fol_sqlite_store_list_protocols (FolStore  *store,
                                 GError   **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) protocols = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _fol_sqlite_prepare (self, "SELECT id, name, description, steps, example, created_at,"
                                    " updated_at FROM protocols ORDER BY name, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(FolProtocol) protocol =
        fol_protocol_new_stored (_fol_sqlite_column_text (stmt, 0),
                                 _fol_sqlite_column_text (stmt, 1),
                                 _fol_sqlite_column_text (stmt, 2),
                                 _fol_sqlite_column_text (stmt, 3),
                                 sqlite3_column_int (stmt, 4) != 0,
                                 _fol_sqlite_column_text (stmt, 5),
                                 _fol_sqlite_column_text (stmt, 6));

      g_ptr_array_add (protocols, g_steal_pointer (&protocol));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _fol_sqlite_fail (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&protocols);
}

/* Within the caller's transaction: refused when another protocol has
 * the name. A protocol read back from a file keeps the time it was made.
 */
gboolean
_fol_sqlite_write_protocol (FolSqliteStore  *self,
                            FolProtocol     *protocol,
                            const char      *id,
                            const char      *now,
                            GError         **error)
{
  g_autofree char *steps = fol_protocol_steps_to_text (protocol);
  const char *created_at = fol_protocol_get_created_at (protocol);
  sqlite3_stmt *stmt;

  stmt = _fol_sqlite_prepare (self, "SELECT 1 FROM protocols WHERE name = ? AND id <> ?", error);
  if (stmt == NULL)
    return FALSE;
  _fol_sqlite_bind_text (stmt, 1, fol_protocol_get_name (protocol));
  _fol_sqlite_bind_text (stmt, 2, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT,
                   _("Protocol name: a protocol named “%s” already exists"),
                   fol_protocol_get_name (protocol));
      return FALSE;
    }
  sqlite3_reset (stmt);

  stmt = _fol_sqlite_prepare (self,
                              "INSERT INTO protocols (id, name, description, steps, example,"
                              " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                              " ON CONFLICT (id) DO UPDATE SET name = ?2, description = ?3,"
                              " steps = ?4, example = ?5, updated_at = ?7", error);
  if (stmt == NULL)
    return FALSE;
  _fol_sqlite_bind_text (stmt, 1, id);
  _fol_sqlite_bind_text (stmt, 2, fol_protocol_get_name (protocol));
  _fol_sqlite_bind_text (stmt, 3, fol_protocol_get_description (protocol));
  _fol_sqlite_bind_text (stmt, 4, steps);
  sqlite3_bind_int (stmt, 5, fol_protocol_get_example (protocol) ? 1 : 0);
  _fol_sqlite_bind_text (stmt, 6, created_at ? created_at : now);
  _fol_sqlite_bind_text (stmt, 7, now);
  return _fol_sqlite_step_done (self, stmt, error);
}

static gboolean
fol_sqlite_store_save_protocol (FolStore     *store,
                                FolProtocol  *protocol,
                                GError      **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *now = fol_timestamp_now ();
  g_autofree char *new_id = NULL;
  const char *id;

  if (fol_protocol_get_id (protocol) == NULL)
    new_id = g_uuid_string_random ();
  id = new_id ? new_id : fol_protocol_get_id (protocol);

  if (!_fol_sqlite_begin (self, error))
    return FALSE;
  if (!_fol_sqlite_write_protocol (self, protocol, id, now, error))
    return _fol_sqlite_rollback (self);
  if (!_fol_sqlite_commit (self, error))
    return FALSE;

  _fol_store_protocol_saved (store, protocol, new_id, now);
  return TRUE;
}

static gboolean
fol_sqlite_store_delete_protocol (FolStore    *store,
                                  const char  *protocol_id,
                                  GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  int n_assigned = 0;

  if (!_fol_sqlite_begin (self, error))
    return FALSE;

  stmt = _fol_sqlite_prepare (self, "SELECT count(*) FROM protocol_assignments"
                                    " WHERE protocol_id = ?", error);
  if (stmt == NULL)
    return _fol_sqlite_rollback (self);
  _fol_sqlite_bind_text (stmt, 1, protocol_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n_assigned = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (n_assigned > 0)
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The protocol is assigned to %d patient: it cannot be deleted",
                                "The protocol is assigned to %d patients: it cannot be deleted",
                                n_assigned), n_assigned);
      return _fol_sqlite_rollback (self);
    }

  stmt = _fol_sqlite_prepare (self, "DELETE FROM protocols WHERE id = ?", error);
  if (stmt == NULL)
    return _fol_sqlite_rollback (self);
  _fol_sqlite_bind_text (stmt, 1, protocol_id);
  if (!_fol_sqlite_step_done (self, stmt, error))
    return _fol_sqlite_rollback (self);
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("No protocol has the ID “%s”"), protocol_id);
      return _fol_sqlite_rollback (self);
    }
  if (!_fol_sqlite_commit (self, error))
    return FALSE;

  fol_store_emit_changed (store, FOL_STORE_CHANGE_PROTOCOL, NULL);
  return TRUE;
}

static GPtrArray *
fol_sqlite_store_list_assignments (FolStore    *store,
                                   const char  *patient_id,
                                   GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) assignments = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _fol_sqlite_prepare (self, "SELECT id, patient_id, protocol_id, start_date, created_at,"
                                    " updated_at FROM protocol_assignments"
                                    " WHERE ?1 IS NULL OR patient_id = ?1"
                                    " ORDER BY patient_id, start_date, id", error);
  if (stmt == NULL)
    return NULL;
  _fol_sqlite_bind_text (stmt, 1, patient_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FolProtocolAssignment *a =
        fol_protocol_assignment_new_stored (_fol_sqlite_column_text (stmt, 0),
                                            _fol_sqlite_column_text (stmt, 1),
                                            _fol_sqlite_column_text (stmt, 2),
                                            _fol_sqlite_column_date (stmt, 3),
                                            _fol_sqlite_column_text (stmt, 4),
                                            _fol_sqlite_column_text (stmt, 5));

      g_ptr_array_add (assignments, a);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _fol_sqlite_fail (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&assignments);
}

/* Within the caller's transaction: refused when the protocol is not
 * stored or the assignment's ID is another patient's.
 */
gboolean
_fol_sqlite_write_assignment (FolSqliteStore         *self,
                              FolProtocolAssignment  *assignment,
                              const char             *id,
                              const char             *now,
                              GError                **error)
{
  const char *created_at = fol_protocol_assignment_get_created_at (assignment);
  sqlite3_stmt *stmt;
  gboolean known;

  stmt = _fol_sqlite_prepare (self, "SELECT 1 FROM protocols WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _fol_sqlite_bind_text (stmt, 1, fol_protocol_assignment_get_protocol_id (assignment));
  known = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!known)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("Protocol: no protocol has the ID “%s”"),
                   fol_protocol_assignment_get_protocol_id (assignment));
      return FALSE;
    }

  stmt = _fol_sqlite_prepare (self,
                              "INSERT INTO protocol_assignments (id, patient_id, protocol_id,"
                              " start_date, created_at, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                              " ON CONFLICT (id) DO UPDATE SET protocol_id = ?3, start_date = ?4,"
                              " updated_at = ?6 WHERE patient_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  _fol_sqlite_bind_text (stmt, 1, id);
  _fol_sqlite_bind_text (stmt, 2, fol_protocol_assignment_get_patient_id (assignment));
  _fol_sqlite_bind_text (stmt, 3, fol_protocol_assignment_get_protocol_id (assignment));
  _fol_sqlite_bind_date (stmt, 4, fol_protocol_assignment_get_start_date (assignment));
  _fol_sqlite_bind_text (stmt, 5, created_at ? created_at : now);
  _fol_sqlite_bind_text (stmt, 6, now);
  if (!_fol_sqlite_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                   _("Protocol assignment “%s” belongs to another patient"), id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
fol_sqlite_store_save_assignment (FolStore               *store,
                                  FolProtocolAssignment  *assignment,
                                  GError                **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *now = fol_timestamp_now ();
  g_autofree char *new_id = NULL;
  const char *id;

  if (fol_protocol_assignment_get_id (assignment) == NULL)
    new_id = g_uuid_string_random ();
  id = new_id ? new_id : fol_protocol_assignment_get_id (assignment);

  if (!_fol_sqlite_begin (self, error))
    return FALSE;
  if (!_fol_sqlite_write_assignment (self, assignment, id, now, error))
    return _fol_sqlite_rollback (self);
  if (!_fol_sqlite_commit (self, error))
    return FALSE;

  _fol_store_assignment_saved (store, assignment, new_id, now);
  return TRUE;
}

static gboolean
fol_sqlite_store_delete_assignment (FolStore    *store,
                                    const char  *assignment_id,
                                    GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *patient_id =
    _fol_sqlite_lookup_owner (self, "SELECT patient_id FROM protocol_assignments WHERE id = ?",
                              assignment_id);
  sqlite3_stmt *stmt;

  if (!_fol_sqlite_begin (self, error))
    return FALSE;
  stmt = _fol_sqlite_prepare (self, "DELETE FROM protocol_assignments WHERE id = ?", error);
  if (stmt == NULL)
    return _fol_sqlite_rollback (self);
  _fol_sqlite_bind_text (stmt, 1, assignment_id);
  if (!_fol_sqlite_step_done (self, stmt, error))
    return _fol_sqlite_rollback (self);
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("No protocol assignment has the ID “%s”"), assignment_id);
      return _fol_sqlite_rollback (self);
    }
  if (!_fol_sqlite_commit (self, error))
    return FALSE;

  fol_store_emit_changed (store, FOL_STORE_CHANGE_PROTOCOL, patient_id);
  return TRUE;
}

void
_fol_sqlite_store_protocols_iface_init (FolStoreInterface *iface)
{
  iface->list_protocols = fol_sqlite_store_list_protocols;
  iface->save_protocol = fol_sqlite_store_save_protocol;
  iface->delete_protocol = fol_sqlite_store_delete_protocol;
  iface->list_assignments = fol_sqlite_store_list_assignments;
  iface->save_assignment = fol_sqlite_store_save_assignment;
  iface->delete_assignment = fol_sqlite_store_delete_assignment;
}
