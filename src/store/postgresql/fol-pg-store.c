/* fol-pg-store.c
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

#include <string.h>

#include <glib-unix.h>
#include <libpq-events.h>
#include <libpq-fe.h>

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-pg-listener.h"
#include "fol-pg-migrations.h"
#include "fol-pg-store-private.h"

/* The first try to reach a lost server again comes after this long, each
 * next one after twice as long as the one before, up to the most. */
#define RETRY_FIRST_MS 250
#define RETRY_MOST_MS  30000

struct _FolPgStore
{
  GObject       parent_instance;

  PGconn       *conn;        /* broken, not NULL, while the server cannot be reached */
  gboolean      connected;
  GSource      *listener;    /* what others commit, and a lost connection */
  GMainContext *context;     /* where the store was opened */
  PGconn       *connecting;  /* a connection being made, without waiting */
  GSource      *connect_watch;
  GSource      *retry;
  guint         retry_ms;
  GPtrArray    *unconfirmed; /* FolPgTicket: writes whose commit had no answer */
  char         *clinic_id;
  char         *db_user;
  char         *location;
  char         *password;    /* given apart from the location; NULL for ~/.pgpass */
  gboolean      reader;      /* used from a worker thread: neither listens nor reconnects */
};

static void fol_pg_store_iface_init (FolStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FolPgStore, fol_pg_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FOL_TYPE_STORE, fol_pg_store_iface_init))

static void
stop_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
fol_pg_store_finalize (GObject *object)
{
  FolPgStore *self = FOL_PG_STORE (object);

  stop_source (&self->listener);
  stop_source (&self->connect_watch);
  stop_source (&self->retry);
  g_clear_pointer (&self->connecting, PQfinish);
  g_clear_pointer (&self->conn, PQfinish);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->unconfirmed, g_ptr_array_unref);
  g_free (self->clinic_id);
  g_free (self->db_user);
  g_free (self->location);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);

  G_OBJECT_CLASS (fol_pg_store_parent_class)->finalize (object);
}

static void connection_lost (FolPgStore *self);

/* Most statements a connection can keep prepared; past them, a statement
 * is planned each time, as before. */
#define MOST_PREPARED 256

/* What a connection of a store keeps: its store, and the statements
 * prepared on it (their SQL text → the name the server knows them by).
 * The server forgets them with the connection: a new connection, after a
 * lost one, starts with none and prepares each again on its first use. */
typedef struct
{
  FolPgStore *store;
  GHashTable *prepared;
  guint       n_named;   /* names given so far: a name is never given twice */
  guint       n_stale;   /* times the server had lost them (a pooler between) */
} ConnData;

/* After this many, statements are planned each time on the connection. */
#define MOST_STALE 3

static int
event_proc (PGEventId  id,
            void      *info,
            void      *pass_through)
{
  if (id == PGEVT_CONNRESET || id == PGEVT_CONNDESTROY)
    {
      PGconn *conn = id == PGEVT_CONNRESET ? ((PGEventConnReset *) info)->conn
                                           : ((PGEventConnDestroy *) info)->conn;
      ConnData *data = PQinstanceData (conn, event_proc);

      if (data == NULL)
        return TRUE;
      if (id == PGEVT_CONNRESET)
        {
          g_hash_table_remove_all (data->prepared);
          return TRUE;
        }
      g_hash_table_unref (data->prepared);
      g_free (data);
      PQsetInstanceData (conn, event_proc, NULL);
    }
  return TRUE;
}

/* Links a connection to its store, so that a query that finds it broken
 * tells the store, and its statements are prepared once. */
static void
adopt (FolPgStore *self,
       PGconn     *conn)
{
  if (PQregisterEventProc (conn, event_proc, "follicle", NULL))
    {
      ConnData *data = g_new0 (ConnData, 1);

      data->store = self;
      data->prepared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      PQsetInstanceData (conn, event_proc, data);
    }
}

/* A query failed: when for want of a connection, the store is
 * disconnected from now on, and tries to come back. */
static void
check_connection (PGconn *conn)
{
  ConnData *data = PQinstanceData (conn, event_proc);

  if (data != NULL && data->store->conn == conn && PQstatus (conn) != CONNECTION_OK)
    connection_lost (data->store);
}

static void
fol_pg_store_class_init (FolPgStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fol_pg_store_finalize;
}

static void
fol_pg_store_init (FolPgStore *self)
{
  self->unconfirmed = g_ptr_array_new_with_free_func (_fol_pg_ticket_free);
}

/* The server's message, first line only: the rest is context for a
 * database administrator. */
static char *
server_message (PGconn         *conn,
                const PGresult *result)
{
  const char *message = result ? PQresultErrorMessage (result) : NULL;
  g_autofree char *text = NULL;
  char *newline;

  if (message == NULL || *message == '\0')
    message = PQerrorMessage (conn);
  text = g_strstrip (g_strdup (message ? message : ""));
  if ((newline = strchr (text, '\n')) != NULL)
    *newline = '\0';
  if (g_str_has_prefix (text, "ERROR:  "))
    memmove (text, text + 8, strlen (text + 8) + 1);
  return g_steal_pointer (&text);
}

void
_fol_pg_set_error (GError        **error,
                   PGconn         *conn,
                   const PGresult *result)
{
  g_autofree char *message = server_message (conn, result);
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  int code = FOL_STORE_ERROR_FAILED;

  if (PQstatus (conn) != CONNECTION_OK)
    {
      check_connection (conn);
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_IO,
                   _("The clinic server cannot be reached (%s). Try again when it is back."),
                   message);
      return;
    }
  if (state != NULL && g_str_has_prefix (state, "42501"))
    code = FOL_STORE_ERROR_READ_ONLY;
  else if (state != NULL && (g_str_has_prefix (state, "40") || g_str_has_prefix (state, "55P03")))
    code = FOL_STORE_ERROR_BUSY;
  g_set_error (error, FOL_STORE_ERROR, code, _("The clinic server refused: %s"), message);
}

gboolean
_fol_pg_exec (PGconn      *conn,
              const char  *sql,
              GError     **error)
{
  PGresult *result = PQexec (conn, sql);
  ExecStatusType status = PQresultStatus (result);
  gboolean ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;

  if (!ok)
    _fol_pg_set_error (error, conn, result);
  PQclear (result);
  return ok;
}

/* The name @sql is prepared under on @conn, preparing it on its first use;
 * NULL when it is planned each time (a connection of no store, or one
 * that keeps many statements already) or cannot be prepared (@error set
 * then when the server refused it).
 */
static const char *
prepared_name (PGconn      *conn,
               const char  *sql,
               int          n_params,
               GError     **error)
{
  ConnData *data = PQinstanceData (conn, event_proc);
  g_autofree char *name = NULL;
  const char *known;
  PGresult *result;

  if (data == NULL || data->n_stale >= MOST_STALE)
    return NULL;
  if ((known = g_hash_table_lookup (data->prepared, sql)) != NULL)
    return known;
  if (g_hash_table_size (data->prepared) >= MOST_PREPARED)
    return NULL;
  name = g_strdup_printf ("fol_%u", ++data->n_named);
  result = PQprepare (conn, name, sql, n_params, NULL);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      _fol_pg_set_error (error, conn, result);
      PQclear (result);
      return NULL;
    }
  PQclear (result);
  g_hash_table_insert (data->prepared, g_strdup (sql), name);
  return g_steal_pointer (&name);
}

/* Whether @result says a statement prepared earlier is no longer as it
 * was: deallocated (DISCARD ALL, a pooler between), or its table's
 * columns changed since. Then every statement of @conn is prepared anew.
 */
static gboolean
forget_if_stale (PGconn         *conn,
                 const PGresult *result)
{
  const char *state = PQresultErrorField (result, PG_DIAG_SQLSTATE);
  ConnData *data = PQinstanceData (conn, event_proc);

  if (data == NULL || state == NULL ||
      !(g_str_equal (state, "26000") || g_str_equal (state, "0A000")))
    return FALSE;
  g_hash_table_remove_all (data->prepared);
  data->n_stale++;
  if (PQtransactionStatus (conn) == PQTRANS_IDLE)
    PQclear (PQexec (conn, "DEALLOCATE ALL"));
  return TRUE;
}

static PGresult *
query (PGconn             *conn,
       const char         *sql,
       int                 n_params,
       const char * const *params,
       gboolean            again,
       GError            **error)
{
  GError *local = NULL;
  const char *name = prepared_name (conn, sql, n_params, &local);
  PGresult *result;
  ExecStatusType status;

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (name != NULL)
    {
      result = PQexecPrepared (conn, name, n_params, params, NULL, NULL, 0);
      /* Outside a transaction, a stale statement failed alone: once more,
       * prepared again. */
      if (PQresultStatus (result) == PGRES_FATAL_ERROR &&
          !again && PQtransactionStatus (conn) == PQTRANS_IDLE && forget_if_stale (conn, result))
        {
          PQclear (result);
          return query (conn, sql, n_params, params, TRUE, error);
        }
    }
  else
    result = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);
  status = PQresultStatus (result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      if (name != NULL)
        forget_if_stale (conn, result);
      _fol_pg_set_error (error, conn, result);
      PQclear (result);
      return NULL;
    }
  return result;
}

/* A query with text parameters; NULL (and @error set) unless it succeeded.
 * Each text of @sql is prepared once per connection: the server plans it
 * once, not on every call.
 */
PGresult *
_fol_pg_query (PGconn             *conn,
               const char         *sql,
               int                 n_params,
               const char * const *params,
               GError            **error)
{
  return query (conn, sql, n_params, params, FALSE, error);
}

/* Sends @n statements at once and reads their results, in one round trip
 * to the server instead of @n (libpq's pipeline mode): each statement
 * prepared as by _fol_pg_query(). @results gets the @n results, each to
 * PQclear(); on an error, none (every one NULL) and @error set. The
 * statements after one that fails are not run; a transaction begun by one
 * of them is left aborted, for the caller to roll back.
 */
static gboolean
query_many (PGconn               *conn,
            const FolPgStatement *statements,
            guint                 n,
            PGresult            **results,
            gboolean              again,
            GError              **error)
{
  g_autofree const char **names = g_new0 (const char *, MAX (n, 1));
  gboolean idle = PQtransactionStatus (conn) == PQTRANS_IDLE;
  PGresult *failed = NULL;
  guint failed_at = 0;
  gboolean sent = TRUE;
  guint i;

  for (i = 0; i < n; i++)
    {
      GError *local = NULL;

      results[i] = NULL;
      names[i] = prepared_name (conn, statements[i].sql, statements[i].n_params, &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
    }

  if (!PQenterPipelineMode (conn))
    {
      _fol_pg_set_error (error, conn, NULL);
      return FALSE;
    }
  for (i = 0; i < n && sent; i++)
    {
      const FolPgStatement *s = &statements[i];

      sent = names[i] != NULL
               ? PQsendQueryPrepared (conn, names[i], s->n_params, s->params, NULL, NULL, 0)
               : PQsendQueryParams (conn, s->sql, s->n_params, NULL, s->params, NULL, NULL, 0);
    }
  sent = sent && PQpipelineSync (conn);

  /* Each statement's result, then the end of it (NULL); then the sync. */
  for (i = 0; i < n && sent; i++)
    {
      PGresult *result = PQgetResult (conn);
      ExecStatusType status = PQresultStatus (result);

      if (result == NULL)
        {
          sent = FALSE;
          break;
        }
      if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        results[i] = result;
      else if (failed == NULL && status != PGRES_PIPELINE_ABORTED)
        {
          failed = result;
          failed_at = i;
        }
      else
        PQclear (result);
      /* The end of this statement's results (nothing more on a lost
       * connection). */
      while ((result = PQgetResult (conn)) != NULL)
        {
          if (failed == NULL && PQresultStatus (result) == PGRES_FATAL_ERROR)
            {
              failed = result;
              failed_at = i;
            }
          else
            PQclear (result);
          if (PQstatus (conn) != CONNECTION_OK)
            break;
        }
      if (PQstatus (conn) != CONNECTION_OK)
        sent = FALSE;
    }
  if (sent)
    {
      PGresult *sync = PQgetResult (conn);

      sent = PQresultStatus (sync) == PGRES_PIPELINE_SYNC;
      PQclear (sync);
    }
  if (sent)
    PQexitPipelineMode (conn);
  else
    {
      /* Lost: what the server would have said is gone with the
       * connection, whose next query says so. */
      PGresult *rest;

      while (PQstatus (conn) == CONNECTION_OK && (rest = PQgetResult (conn)) != NULL)
        PQclear (rest);
      PQexitPipelineMode (conn);
    }

  if (failed != NULL || !sent || i < n)
    {
      gboolean stale = failed != NULL && names[failed_at] != NULL && forget_if_stale (conn, failed);

      for (guint k = 0; k < n; k++)
        g_clear_pointer (&results[k], PQclear);
      /* A stale first statement, outside a transaction: nothing ran, and
       * the server is idle again; once more, prepared again. */
      if (stale && !again && failed_at == 0 && idle &&
          PQtransactionStatus (conn) == PQTRANS_IDLE)
        {
          PQclear (failed);
          return query_many (conn, statements, n, results, TRUE, error);
        }
      if (failed != NULL)
        _fol_pg_set_error (error, conn, failed);
      else
        _fol_pg_set_error (error, conn, NULL);
      PQclear (failed);
      return FALSE;
    }
  return TRUE;
}

gboolean
_fol_pg_query_many (PGconn               *conn,
                    const FolPgStatement *statements,
                    guint                 n,
                    PGresult            **results,
                    GError              **error)
{
  return query_many (conn, statements, n, results, FALSE, error);
}

static void
rollback (PGconn *conn)
{
  PGresult *result = PQexec (conn, "ROLLBACK");

  PQclear (result);
}

gboolean
fol_pg_store_is_location (const char *location)
{
  return location != NULL &&
         (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"));
}

guint
fol_pg_store_schema_version (void)
{
  return _fol_pg_schema_version ();
}

/* Passwords never travel in a location: it ends up in settings, shell
 * history and process lists. */
static gboolean
check_location (const char  *location,
                GError     **error)
{
  char *parse_error = NULL;
  PQconninfoOption *options = PQconninfoParse (location, &parse_error);
  gboolean ok = TRUE;

  if (options == NULL)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a clinic server address: %s"), location,
                   parse_error ? g_strstrip (parse_error) : "");
      PQfreemem (parse_error);
      return FALSE;
    }
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, "password") && o->val != NULL && *o->val != '\0')
      {
        g_set_error_literal (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                             _("The clinic server address contains a password. Remove it, and keep "
                               "the password in the keyring or in ~/.pgpass instead."));
        ok = FALSE;
      }
  PQconninfoFree (options);
  return ok;
}

static gboolean
read_uint (PGconn      *conn,
           const char  *sql,
           guint       *out,
           GError     **error)
{
  PGresult *result = _fol_pg_query (conn, sql, 0, NULL, error);

  if (result == NULL)
    return FALSE;
  *out = PQntuples (result) > 0 ? (guint) g_ascii_strtoull (PQgetvalue (result, 0, 0), NULL, 10) : 0;
  PQclear (result);
  return TRUE;
}

/* Brings the schema to this version's, in one transaction that holds an
 * advisory lock, so that two workstations opening a new clinic at once
 * do not both create it. */
static gboolean
migrate (PGconn      *conn,
         const char  *location,
         gboolean     existing,
         GError     **error)
{
  guint version = 0, tables = 0, latest = _fol_pg_schema_version ();

  if (!_fol_pg_exec (conn, "BEGIN; SET LOCAL client_min_messages = warning;"
                           " SELECT pg_advisory_xact_lock (hashtext ('follicle-schema'))", error))
    return FALSE;

  if (!read_uint (conn, "SELECT count (*) FROM pg_tables WHERE schemaname = current_schema ()"
                        " AND tablename = 'follicle_schema'", &tables, error))
    goto failed;

  if (tables == 0)
    {
      guint others = 0;

      if (!read_uint (conn, "SELECT count (*) FROM pg_class c JOIN pg_namespace n"
                            " ON n.oid = c.relnamespace WHERE n.nspname = current_schema ()"
                            " AND c.relkind IN ('r', 'v', 'm', 'p')", &others, error))
        goto failed;
      if (others > 0)
        {
          g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
                       _("The database at “%s” holds other data and is not a Follicle clinic; "
                         "it was left untouched."), location);
          goto failed;
        }
      /* Commands that only read make no clinic: they write nothing. */
      if (existing)
        {
          g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                       _("The database at “%s” holds no clinic; nothing was written. Open it "
                         "once in Follicle's window, or restore a backup into it, to make one."),
                       location);
          goto failed;
        }
      if (!_fol_pg_exec (conn, "CREATE TABLE follicle_schema (version integer NOT NULL);"
                               " INSERT INTO follicle_schema VALUES (0)", error))
        goto failed;
    }

  if (!read_uint (conn, "SELECT version FROM follicle_schema", &version, error))
    goto failed;
  if (version > latest)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_TOO_NEW,
                   _("The clinic at “%s” was made by a newer version of Follicle. "
                     "Update Follicle on this computer to open it."), location);
      goto failed;
    }
  for (guint v = version + 1; v <= latest; v++)
    {
      g_autofree char *bump = g_strdup_printf ("UPDATE follicle_schema SET version = %u", v);

      if (!_fol_pg_exec (conn, _fol_pg_migration (v), error) || !_fol_pg_exec (conn, bump, error))
        goto failed;
    }
  return _fol_pg_exec (conn, "COMMIT", error);

failed:
  rollback (conn);
  return FALSE;
}

/* The one place that says how to connect: the clinic's location, and
 * keepalives so that a server gone without a word is noticed within
 * seconds, not hours. Both arrays end with NULL.
 */
static void
connection_params (FolPgStore   *self,
                   const char ***out_keys,
                   const char ***out_values)
{
  static const char *keys[] = {
    "dbname", "fallback_application_name", "client_encoding", "connect_timeout",
    "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "password",
    NULL,
  };
  const char **values = g_new0 (const char *, G_N_ELEMENTS (keys));

  values[0] = self->location;
  values[1] = "follicle";
  values[2] = "UTF8";
  values[3] = "10";
  values[4] = "1";
  values[5] = "10";
  values[6] = "5";
  values[7] = "3";
  values[8] = self->password;   /* NULL: libpq reads ~/.pgpass */
  *out_keys = keys;
  *out_values = values;
}

/* What every connection of the store does first. */
static gboolean
setup_session (PGconn  *conn,
               GError **error)
{
  return _fol_pg_exec (conn, "SET TIME ZONE 'UTC'; LISTEN follicle", error);
}

static const struct
{
  const char     *table;
  FolStoreChange  change;
} tables[] = {
  { "patients", FOL_STORE_CHANGE_PATIENT },
  { "visits", FOL_STORE_CHANGE_VISIT },
  { "treatment_sessions", FOL_STORE_CHANGE_SESSION },
  { "photos", FOL_STORE_CHANGE_PHOTO },
  { "protocols", FOL_STORE_CHANGE_PROTOCOL },
  { "protocol_assignments", FOL_STORE_CHANGE_PROTOCOL },
};

static void schedule_retry (FolPgStore *self);

/* Another workstation committed a change: the same signal a change made
 * here gives, so the window shows it the same way. */
static void
heard_cb (const char *table,
          const char *patient_id,
          gpointer    user_data)
{
  FolPgStore *self = user_data;

  if (table == NULL)
    {
      connection_lost (self);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_str_equal (table, tables[i].table))
      fol_store_emit_changed (FOL_STORE (self), tables[i].change, patient_id);
}

static void
listen_on (FolPgStore *self)
{
  stop_source (&self->listener);
  self->listener = _fol_pg_listener_new (self->conn, heard_cb, self);
  g_source_attach (self->listener, self->context);
}

static void
set_connected (FolPgStore *self,
               gboolean    connected)
{
  if (self->connected == connected)
    return;
  self->connected = connected;
  fol_store_emit_connection_changed (FOL_STORE (self));
}

/* Said by the listener, or by a query that found the connection broken. */
static void
connection_lost (FolPgStore *self)
{
  if (self->reader)
    return;
  if (!self->connected)
    return;
  g_debug ("Lost the clinic server: %s", PQerrorMessage (self->conn));
  /* Not from inside the listener's own dispatch: it ends by itself. */
  if (self->listener != NULL && !g_source_is_destroyed (self->listener) &&
      g_main_current_source () != self->listener)
    g_source_destroy (self->listener);
  g_clear_pointer (&self->listener, g_source_unref);
  self->retry_ms = RETRY_FIRST_MS;
  set_connected (self, FALSE);
  schedule_retry (self);
}

static void
connected_again (FolPgStore *self)
{
  g_autoptr(GError) error = NULL;
  PGconn *conn = g_steal_pointer (&self->connecting);

  if (!setup_session (conn, &error))
    {
      g_debug ("The clinic server refused a new session: %s", error->message);
      PQfinish (conn);
      schedule_retry (self);
      return;
    }
  PQfinish (self->conn);
  self->conn = conn;
  adopt (self, conn);
  listen_on (self);
  set_connected (self, TRUE);

  /* What others saved meanwhile was announced to nobody here. */
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    fol_store_emit_changed (FOL_STORE (self), tables[i].change, NULL);
}

static gboolean connect_step_cb (int fd, GIOCondition condition, gpointer user_data);

/* Waits, in the main loop, for what PQconnectPoll() wants next. */
static void
watch_connecting (FolPgStore    *self,
                  GIOCondition   condition)
{
  stop_source (&self->connect_watch);
  self->connect_watch = g_unix_fd_source_new (PQsocket (self->connecting), condition);
  g_source_set_callback (self->connect_watch, (GSourceFunc) (gpointer) connect_step_cb, self,
                         NULL);
  g_source_attach (self->connect_watch, self->context);
}

static gboolean
connect_step_cb (int          fd,
                 GIOCondition condition,
                 gpointer     user_data)
{
  FolPgStore *self = user_data;

  g_clear_pointer (&self->connect_watch, g_source_unref);
  switch (PQconnectPoll (self->connecting))
    {
    case PGRES_POLLING_READING:
      watch_connecting (self, G_IO_IN);
      break;
    case PGRES_POLLING_WRITING:
      watch_connecting (self, G_IO_OUT);
      break;
    case PGRES_POLLING_OK:
      connected_again (self);
      break;
    case PGRES_POLLING_FAILED:
    case PGRES_POLLING_ACTIVE:
    default:
      g_debug ("Cannot reach the clinic server yet: %s", PQerrorMessage (self->connecting));
      g_clear_pointer (&self->connecting, PQfinish);
      schedule_retry (self);
      break;
    }
  return G_SOURCE_REMOVE;
}

/* Starts a connection without waiting for it (the window stays usable). */
static void
try_connect (FolPgStore *self)
{
  g_autofree const char **values = NULL;
  const char **keys;

  stop_source (&self->retry);
  if (self->connected || self->connecting != NULL)
    return;
  connection_params (self, &keys, &values);
  self->connecting = PQconnectStartParams (keys, values, 1);
  if (self->connecting == NULL || PQstatus (self->connecting) == CONNECTION_BAD ||
      PQsocket (self->connecting) < 0)
    {
      g_clear_pointer (&self->connecting, PQfinish);
      schedule_retry (self);
      return;
    }
  watch_connecting (self, G_IO_OUT);
}

static gboolean
retry_cb (gpointer user_data)
{
  FolPgStore *self = user_data;

  g_clear_pointer (&self->retry, g_source_unref);
  try_connect (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (FolPgStore *self)
{
  stop_source (&self->retry);
  self->retry = g_timeout_source_new (self->retry_ms);
  g_source_set_callback (self->retry, retry_cb, self, NULL);
  g_source_attach (self->retry, self->context);
  self->retry_ms = MIN (self->retry_ms * 2, RETRY_MOST_MS);
}

static FolPgStore *open_store (const char  *location,
                               const char  *password,
                               gboolean     existing,
                               GError     **error);

FolPgStore *
fol_pg_store_open (const char  *location,
                   GError     **error)
{
  return open_store (location, NULL, FALSE, error);
}

/**
 * fol_pg_store_open_existing:
 *
 * fol_pg_store_open(), but for a clinic that is there already: an empty
 * database is refused with %FOL_STORE_ERROR_NOT_FOUND and left as it was.
 */
FolPgStore *
fol_pg_store_open_existing (const char  *location,
                            GError     **error)
{
  return open_store (location, NULL, TRUE, error);
}

/**
 * fol_pg_store_open_full:
 * @password: (nullable): the password, from the keyring or typed; %NULL
 *   for libpq's own (~/.pgpass)
 *
 * fol_pg_store_open() with a password given as a connection parameter of
 * its own, never in @location.
 */
FolPgStore *
fol_pg_store_open_full (const char  *location,
                        const char  *password,
                        GError     **error)
{
  return open_store (location, password, FALSE, error);
}

static FolPgStore *
open_store (const char  *location,
            const char  *password,
            gboolean     existing,
            GError     **error)
{
  g_autoptr(FolPgStore) self = NULL;
  g_autofree const char **values = NULL;
  const char **keys;
  PGresult *result;

  g_return_val_if_fail (location != NULL, NULL);

  if (!check_location (location, error))
    return NULL;

  self = g_object_new (FOL_TYPE_PG_STORE, NULL);
  self->location = g_strdup (location);
  self->password = password != NULL && *password != '\0' ? g_strdup (password) : NULL;
  self->context = g_main_context_ref_thread_default ();
  connection_params (self, &keys, &values);
  self->conn = PQconnectdbParams (keys, values, 1);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *message = server_message (self->conn, NULL);

      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_IO,
                   _("Cannot reach the clinic server: %s"), message);
      return NULL;
    }
  if (!setup_session (self->conn, error))
    return NULL;
  if (!migrate (self->conn, location, existing, error))
    return NULL;

  result = _fol_pg_query (self->conn, "SELECT uuid, session_user FROM clinic", 0, NULL, error);
  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 1)
    {
      self->clinic_id = g_strdup (PQgetvalue (result, 0, 0));
      self->db_user = g_strdup (PQgetvalue (result, 0, 1));
    }
  PQclear (result);
  if (self->clinic_id == NULL)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
                   _("The clinic at “%s” has lost its identity record."), location);
      return NULL;
    }
  self->connected = TRUE;
  adopt (self, self->conn);
  listen_on (self);
  return g_steal_pointer (&self);
}

/* Makes @self a reader for a worker thread: it stops listening (its
 * listener would run in the main loop, on the connection the worker
 * uses) and does not reconnect; a lost connection fails its queries. */
void
_fol_pg_store_make_reader (FolPgStore *self)
{
  self->reader = TRUE;
  stop_source (&self->listener);
}

/* The password the store was opened with, for another connection to the
 * same clinic (a reader); NULL when libpq finds its own. */
const char *
_fol_pg_store_get_password (FolPgStore *self)
{
  return self->password;
}

const char *
fol_pg_store_get_clinic_id (FolPgStore *self)
{
  g_return_val_if_fail (FOL_IS_PG_STORE (self), NULL);

  return self->clinic_id;
}

const char *
fol_pg_store_get_db_user (FolPgStore *self)
{
  g_return_val_if_fail (FOL_IS_PG_STORE (self), NULL);

  return self->db_user;
}

int
fol_pg_store_get_backend_pid (FolPgStore *self)
{
  g_return_val_if_fail (FOL_IS_PG_STORE (self), 0);

  return self->connected ? PQbackendPID (self->conn) : 0;
}

PGconn *
_fol_pg_store_get_conn (FolPgStore *self)
{
  return self->conn;
}

GPtrArray *
_fol_pg_store_get_unconfirmed (FolPgStore *self)
{
  return self->unconfirmed;
}

static gboolean
fol_pg_store_is_connected (FolStore *store)
{
  return FOL_PG_STORE (store)->connected;
}

/* Try Now: at once, and from the first delay again after. */
static void
fol_pg_store_reconnect (FolStore *store)
{
  FolPgStore *self = FOL_PG_STORE (store);

  if (self->connected)
    return;
  self->retry_ms = RETRY_FIRST_MS;
  try_connect (self);
}

static const char *
fol_pg_store_get_location (FolStore *store)
{
  return FOL_PG_STORE (store)->location;
}

static gboolean
fol_pg_store_is_read_only (FolStore *store)
{
  return FALSE;
}

static char *
fol_pg_store_get_data_dir (FolStore *store)
{
  return NULL;
}

static char *
fol_pg_store_get_clinic_id_vfunc (FolStore  *store,
                                  GError   **error)
{
  return g_strdup (FOL_PG_STORE (store)->clinic_id);
}

/* What a clinic server keeps so far; the calls left out fail in the
 * interface's wrappers with a message (fol-store.c).
 */
static void
fol_pg_store_iface_init (FolStoreInterface *iface)
{
  _fol_pg_store_records_iface_init (iface);
  _fol_pg_store_photos_iface_init (iface);
  _fol_pg_store_batch_iface_init (iface);
  _fol_pg_store_snapshot_iface_init (iface);
  _fol_pg_store_outcomes_iface_init (iface);
  _fol_pg_store_protocols_iface_init (iface);
  iface->get_location = fol_pg_store_get_location;
  iface->is_read_only = fol_pg_store_is_read_only;
  iface->get_data_dir = fol_pg_store_get_data_dir;
  iface->get_clinic_id = fol_pg_store_get_clinic_id_vfunc;
  iface->is_connected = fol_pg_store_is_connected;
  iface->reconnect = fol_pg_store_reconnect;
}
