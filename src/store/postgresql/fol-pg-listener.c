/* fol-pg-listener.c
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

#include "fol-pg-listener.h"

/* What other workstations commit, heard in the main loop: a GSource that
 * polls the connection's socket. The store's own queries also read what
 * the server sent meanwhile into libpq's queue, so the queue is looked at
 * before each poll too. A socket that reads end-of-file, or a connection a
 * query found broken, is a lost connection: said once, then the source
 * ends. Nothing here waits for the server.
 */

typedef struct
{
  GSource   source;
  PGconn   *conn;    /* borrowed: the store outlives its source */
  gpointer  tag;
  GQueue    heard;   /* PGnotify */
  gboolean  lost;
} FolPgListener;

static void
take_notifications (FolPgListener *self)
{
  PGnotify *notify;

  while ((notify = PQnotifies (self->conn)) != NULL)
    {
      /* This session's own writes are announced by the store as it
       * makes them. */
      if (notify->be_pid == PQbackendPID (self->conn))
        PQfreemem (notify);
      else
        g_queue_push_tail (&self->heard, notify);
    }
  if (PQstatus (self->conn) != CONNECTION_OK)
    self->lost = TRUE;
}

static gboolean
listener_prepare (GSource *source,
                  int     *timeout)
{
  FolPgListener *self = (FolPgListener *) source;

  *timeout = -1;
  take_notifications (self);
  return self->lost || !g_queue_is_empty (&self->heard);
}

static gboolean
listener_check (GSource *source)
{
  FolPgListener *self = (FolPgListener *) source;

  if (!self->lost && g_source_query_unix_fd (source, self->tag) != 0)
    {
      if (!PQconsumeInput (self->conn))
        self->lost = TRUE;
      take_notifications (self);
    }
  return self->lost || !g_queue_is_empty (&self->heard);
}

static gboolean
listener_dispatch (GSource     *source,
                   GSourceFunc  callback,
                   gpointer     user_data)
{
  FolPgListener *self = (FolPgListener *) source;
  FolPgListenerFunc func = (FolPgListenerFunc) (gpointer) callback;
  g_autoptr(GHashTable) said = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (PQfreemem);
  PGnotify *notify;
  gboolean lost = self->lost;

  /* One transaction may announce one patient many times: say it once. */
  while ((notify = g_queue_pop_head (&self->heard)) != NULL)
    {
      g_ptr_array_add (batch, notify);
      if (!g_hash_table_add (said, notify->extra))
        continue;
      if (func != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (notify->extra, " ", 2);

          if (parts[0] != NULL && parts[1] != NULL)
            func (parts[0], parts[1][0] ? parts[1] : NULL, user_data);
        }
    }

  if (lost)
    {
      if (func != NULL)
        func (NULL, NULL, user_data);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
listener_finalize (GSource *source)
{
  FolPgListener *self = (FolPgListener *) source;

  g_queue_clear_full (&self->heard, PQfreemem);
}

static GSourceFuncs listener_funcs = {
  listener_prepare,
  listener_check,
  listener_dispatch,
  listener_finalize,
  NULL,
  NULL,
};

/* A source for @conn, which LISTENs already; not attached. */
GSource *
_fol_pg_listener_new (PGconn            *conn,
                      FolPgListenerFunc  func,
                      gpointer           user_data)
{
  GSource *source = g_source_new (&listener_funcs, sizeof (FolPgListener));
  FolPgListener *self = (FolPgListener *) source;

  self->conn = conn;
  g_queue_init (&self->heard);
  self->tag = g_source_add_unix_fd (source, PQsocket (conn), G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (source, (GSourceFunc) (gpointer) func, user_data, NULL);
  g_source_set_name (source, "[follicle] clinic server changes");
  return source;
}
