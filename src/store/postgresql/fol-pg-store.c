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

#include <libpq-fe.h>

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-pg-migrations.h"
#include "fol-pg-store-private.h"

struct _FolPgStore
{
  GObject  parent_instance;

  PGconn  *conn;
  char    *clinic_id;
  char    *db_user;
  char    *location;
};

static void fol_pg_store_iface_init (FolStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FolPgStore, fol_pg_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FOL_TYPE_STORE, fol_pg_store_iface_init))

static void
fol_pg_store_finalize (GObject *object)
{
  FolPgStore *self = FOL_PG_STORE (object);

  g_clear_pointer (&self->conn, PQfinish);
  g_free (self->clinic_id);
  g_free (self->db_user);
  g_free (self->location);

  G_OBJECT_CLASS (fol_pg_store_parent_class)->finalize (object);
}

static void
fol_pg_store_class_init (FolPgStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fol_pg_store_finalize;
}

static void
fol_pg_store_init (FolPgStore *self)
{
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
    code = FOL_STORE_ERROR_IO;
  else if (state != NULL && g_str_has_prefix (state, "42501"))
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

/* A query with text parameters; NULL (and @error set) unless it succeeded. */
PGresult *
_fol_pg_query (PGconn             *conn,
               const char         *sql,
               int                 n_params,
               const char * const *params,
               GError            **error)
{
  PGresult *result = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      _fol_pg_set_error (error, conn, result);
      PQclear (result);
      return NULL;
    }
  return result;
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

/* Every connection's parameters, in one place: the location as libpq
 * reads it (a URI or key=value string, expanded), and the password apart
 * from it, so that it is never written into the location. */
static PGconn *
connect_to (const char *location,
            const char *password)
{
  const char * const keywords[] = { "dbname", "password", NULL };
  const char * const values[] = { location, password, NULL };

  return PQconnectdbParams (keywords, values, TRUE);
}

FolPgStore *
fol_pg_store_open (const char  *location,
                   GError     **error)
{
  return fol_pg_store_open_full (location, NULL, error);
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
  g_autoptr(FolPgStore) self = NULL;
  PGresult *result;

  g_return_val_if_fail (location != NULL, NULL);

  if (!check_location (location, error))
    return NULL;

  self = g_object_new (FOL_TYPE_PG_STORE, NULL);
  self->location = g_strdup (location);
  self->conn = connect_to (location, password != NULL && *password != '\0' ? password : NULL);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *message = server_message (self->conn, NULL);

      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_IO,
                   _("Cannot reach the clinic server: %s"), message);
      return NULL;
    }
  if (PQsetClientEncoding (self->conn, "UTF8") != 0 ||
      !_fol_pg_exec (self->conn, "SET TIME ZONE 'UTC'", error))
    {
      if (error && *error == NULL)
        _fol_pg_set_error (error, self->conn, NULL);
      return NULL;
    }
  if (!migrate (self->conn, location, error))
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
  return g_steal_pointer (&self);
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

PGconn *
_fol_pg_store_get_conn (FolPgStore *self)
{
  return self->conn;
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
  iface->get_location = fol_pg_store_get_location;
  iface->is_read_only = fol_pg_store_is_read_only;
  iface->get_data_dir = fol_pg_store_get_data_dir;
  iface->get_clinic_id = fol_pg_store_get_clinic_id_vfunc;
}
