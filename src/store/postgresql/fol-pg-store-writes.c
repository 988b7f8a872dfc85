/* fol-pg-store-writes.c
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

/* Saves that are never applied twice, and never overwrite what another
 * workstation saved meanwhile.
 *
 * Each save has an ID made here, written into applied_writes in the
 * save's own transaction. When the connection is lost after COMMIT was
 * sent, nobody here knows whether it was stored: the store keeps a ticket
 * (the record, the write ID, the time and what was written). Saved again,
 * the same record (or, for a new one, the same content) finds its ticket;
 * applied_writes then says whether the first try was stored. Stored, the
 * same save writes nothing again, and an edit since goes on from what
 * the first try stored; not stored, it is written under the same IDs.
 */

typedef struct
{
  FolStoreChange  kind;
  gboolean        is_new;
  char           *record_id;
  char           *base_at;
  char           *digest;
  char           *write_id;
  char           *written_at;
} FolPgTicket;

void
_fol_pg_ticket_free (gpointer data)
{
  FolPgTicket *ticket = data;

  g_free (ticket->record_id);
  g_free (ticket->base_at);
  g_free (ticket->digest);
  g_free (ticket->write_id);
  g_free (ticket->written_at);
  g_free (ticket);
}

static FolPgTicket *
take_ticket (FolPgStore *self,
             FolPgWrite *write)
{
  GPtrArray *tickets = _fol_pg_store_get_unconfirmed (self);

  for (guint i = 0; i < tickets->len; i++)
    {
      FolPgTicket *ticket = g_ptr_array_index (tickets, i);

      if (ticket->kind != write->kind)
        continue;
      if (write->record_id != NULL ? g_strcmp0 (ticket->record_id, write->record_id) == 0
                                   : ticket->is_new && g_strcmp0 (ticket->digest,
                                                                  write->digest) == 0)
        return g_ptr_array_steal_index (tickets, i);
    }
  return NULL;
}

/* Inside the save's transaction, before it writes: the IDs and time to
 * write with, whether it is written already (@write->done), and the
 * updated_at the stored record must still have (@write->checked_at).
 */
gboolean
_fol_pg_write_begin (FolPgStore  *self,
                     FolPgWrite  *write,
                     GError     **error)
{
  PGconn *conn = _fol_pg_store_get_conn (self);
  FolPgTicket *ticket = take_ticket (self, write);
  gboolean applied = FALSE;

  write->now = fol_timestamp_now ();
  write->checked_at = g_strdup (write->base_at);
  if (ticket != NULL)
    {
      const char *params[] = { ticket->write_id };
      PGresult *result = _fol_pg_query (conn, "SELECT FROM applied_writes WHERE id = $1", 1,
                                        params, error);

      if (result == NULL)
        {
          g_ptr_array_add (_fol_pg_store_get_unconfirmed (self), ticket);
          return FALSE;
        }
      applied = PQntuples (result) == 1;
      PQclear (result);
    }

  if (ticket == NULL)
    {
      write->id = g_strdup (write->record_id ? write->record_id : NULL);
      if (write->id == NULL)
        write->id = g_uuid_string_random ();
      write->write_id = g_uuid_string_random ();
    }
  else if (!applied)
    {
      /* Never stored: this is the same save again. */
      write->id = g_strdup (ticket->record_id);
      write->write_id = g_strdup (ticket->write_id);
    }
  else if (g_strcmp0 (ticket->digest, write->digest) == 0)
    {
      write->id = g_strdup (ticket->record_id);
      write->write_id = g_strdup (ticket->write_id);
      g_free (write->now);
      write->now = g_strdup (ticket->written_at);
      write->done = TRUE;
    }
  else
    {
      /* Stored, and edited since: on what was stored. */
      write->id = g_strdup (ticket->record_id);
      write->write_id = g_uuid_string_random ();
      if (g_strcmp0 (write->base_at, ticket->base_at) == 0)
        {
          g_free (write->checked_at);
          write->checked_at = g_strdup (ticket->written_at);
        }
    }
  g_clear_pointer (&ticket, _fol_pg_ticket_free);
  return TRUE;
}

/* In the save's transaction: this save is stored. */
gboolean
_fol_pg_write_record (PGconn      *conn,
                      FolPgWrite  *write,
                      GError     **error)
{
  const char *params[] = { write->write_id, write->now };
  PGresult *result = _fol_pg_query (conn, "INSERT INTO applied_writes (id, at) VALUES ($1, $2)",
                                    2, params, error);

  if (result == NULL)
    return FALSE;
  PQclear (result);
  return TRUE;
}

/* After the save: failed for want of a connection, it may have been
 * stored, so its ticket is kept for the next try.
 */
void
_fol_pg_write_end (FolPgStore *self,
                   FolPgWrite *write)
{
  if (write->write_id != NULL && !write->done &&
      PQstatus (_fol_pg_store_get_conn (self)) != CONNECTION_OK)
    {
      FolPgTicket *ticket = g_new0 (FolPgTicket, 1);

      ticket->kind = write->kind;
      ticket->is_new = write->record_id == NULL;
      ticket->record_id = g_strdup (write->id);
      ticket->base_at = g_strdup (write->base_at);
      ticket->digest = g_strdup (write->digest);
      ticket->write_id = g_strdup (write->write_id);
      ticket->written_at = g_strdup (write->now);
      g_ptr_array_add (_fol_pg_store_get_unconfirmed (self), ticket);
    }
  g_clear_pointer (&write->digest, g_free);
  g_clear_pointer (&write->id, g_free);
  g_clear_pointer (&write->write_id, g_free);
  g_clear_pointer (&write->now, g_free);
  g_clear_pointer (&write->checked_at, g_free);
}

static const struct
{
  const char *table;
  const char *label;  /* what the message names the record by */
} labels[] = {
  { "patients", "name" },
  { "visits", "visit_date" },
  { "treatment_sessions", "session_date" },
};

/* No lost updates: the record @id of @table must still be as it was at
 * @base_at (when it was loaded); a save or delete on an older copy is
 * refused and says when and by whom it was changed. Otherwise *@now, when
 * given, is made to come after the stored time. Locks the row until the
 * transaction ends. No row, or no @base_at: nothing to check.
 */
gboolean
_fol_pg_check_current (PGconn      *conn,
                       const char  *table,
                       const char  *id,
                       const char  *base_at,
                       char       **now,
                       GError     **error)
{
  const char *params[] = { id, table };
  g_autofree char *sql = NULL;
  g_autofree char *stored_at = NULL;
  g_autofree char *changed_by = NULL;
  g_autofree char *label = NULL;
  const char *label_column = NULL;
  PGresult *result;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].table, table))
      label_column = labels[i].label;
  g_assert (label_column != NULL);

  sql = g_strdup_printf ("SELECT updated_at, (SELECT db_user FROM audit_log WHERE entity_id = $1"
                         " AND entity = $2 ORDER BY id DESC LIMIT 1), %s FROM %s WHERE id = $1"
                         " FOR UPDATE", label_column, table);
  result = _fol_pg_query (conn, sql, 2, params, error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 1)
    {
      stored_at = g_strdup (_fol_pg_value (result, 0, 0));
      changed_by = g_strdup (_fol_pg_value (result, 0, 1));
      label = g_strdup (_fol_pg_value (result, 0, 2));
    }
  PQclear (result);
  if (stored_at == NULL)
    return TRUE;

  if (base_at != NULL && g_strcmp0 (stored_at, base_at) != 0)
    {
      g_autofree char *what = NULL;
      FolDate day;

      if (g_str_equal (table, "patients"))
        what = g_strdup (label);
      else if (fol_date_parse (label, &day, NULL))
        {
          g_autofree char *text = fol_date_format (day);

          what = g_str_equal (table, "visits") ? g_strdup_printf (_("The visit of %s"), text)
                                               : g_strdup_printf (_("The treatment session of %s"),
                                                                  text);
        }
      else
        what = g_strdup (id);
      _fol_pg_set_changed_error (error, what, stored_at, changed_by);
      return FALSE;
    }
  if (now != NULL)
    fol_timestamp_after (now, stored_at);
  return TRUE;
}
