/* fol-clinic-server.c
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

#define G_LOG_DOMAIN "fol-clinic-server"

#include "config.h"

#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "fol-clinic-server.h"
#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-pg-store.h"

/* A workstation's way to its clinic server: the address (kept in the
 * settings, and as `--database postgresql://…`) never holds the password;
 * that lives in the keyring, keyed by host, port, database and user, or in
 * ~/.pgpass, which libpq reads itself.
 */

#define DEFAULT_PORT 5432

G_DEFINE_QUARK (fol-clinic-server-error-quark, fol_clinic_server_error)

static const SecretSchema *
server_schema (void)
{
  static const SecretSchema schema = {
    "org.follicle.Follicle.ClinicServer", SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "port", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
      { "database", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

void
fol_clinic_server_free (FolClinicServer *server)
{
  if (server == NULL)
    return;
  g_free (server->host);
  g_free (server->database);
  g_free (server->user);
  g_free (server->sslmode);
  g_free (server->sslrootcert);
  g_strfreev (server->options);
  g_free (server);
}

FolClinicServer *
fol_clinic_server_copy (const FolClinicServer *server)
{
  FolClinicServer *copy;

  g_return_val_if_fail (server != NULL, NULL);

  copy = g_new0 (FolClinicServer, 1);
  copy->host = g_strdup (server->host);
  copy->port = server->port;
  copy->database = g_strdup (server->database);
  copy->user = g_strdup (server->user);
  copy->sslmode = g_strdup (server->sslmode);
  copy->sslrootcert = g_strdup (server->sslrootcert);
  copy->options = g_strdupv (server->options);
  return copy;
}

/* ---- fields ---- */

static char *
trimmed (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

static gboolean
host_is_valid (const char *host)
{
  for (const char *p = host; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr (".-_:%/", *p) == NULL && !((guchar) *p & 0x80))
      return FALSE;
  return TRUE;
}

static gboolean
check_ca_file (const char  *path,
               GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) read_error = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &read_error))
    {
      g_set_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_CA,
                   _("CA certificate: “%s” cannot be read: %s"), path, read_error->message);
      return FALSE;
    }
  if (strstr (contents, "-----BEGIN CERTIFICATE-----") == NULL)
    {
      g_set_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_CA,
                   _("CA certificate: “%s” is not a certificate in PEM form (a text file "
                     "beginning with “-----BEGIN CERTIFICATE-----”)."), path);
      return FALSE;
    }
  return TRUE;
}

/**
 * fol_clinic_server_new:
 * @port: (nullable): as typed; empty for the default, 5432
 * @ca_file: (nullable): the clinic's CA certificate (PEM); with one, the
 *   connection verifies the server's certificate and name (sslmode
 *   verify-full)
 *
 * A server's address from the fields of a form, each checked: the error's
 * code names the field to change, and its message says what is wrong.
 *
 * Returns: (transfer full): the server, or %NULL with @error set
 */
FolClinicServer *
fol_clinic_server_new (const char  *host,
                       const char  *port,
                       const char  *database,
                       const char  *user,
                       const char  *ca_file,
                       GError     **error)
{
  g_autoptr(FolClinicServer) server = g_new0 (FolClinicServer, 1);
  g_autofree char *port_text = trimmed (port);
  g_autofree char *ca = trimmed (ca_file);
  guint64 number = 0;

  server->host = trimmed (host);
  server->database = trimmed (database);
  server->user = trimmed (user);

  if (server->host[0] == '\0')
    {
      g_set_error_literal (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_HOST,
                           _("Host: type the clinic server’s name or address."));
      return NULL;
    }
  if (!host_is_valid (server->host))
    {
      g_set_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_HOST,
                   _("Host: “%s” is not a host name or address."), server->host);
      return NULL;
    }
  if (port_text[0] != '\0' &&
      !g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &number, NULL))
    {
      g_set_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_PORT,
                   _("Port: “%s” is not a port number from 1 to 65535."), port_text);
      return NULL;
    }
  server->port = (guint) number;
  if (server->database[0] == '\0')
    {
      g_set_error_literal (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_DATABASE,
                           _("Database: type the name of the clinic’s database."));
      return NULL;
    }
  if (strlen (server->database) > 63)
    {
      g_set_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_DATABASE,
                   _("Database: “%s” is longer than the 63 bytes PostgreSQL allows."),
                   server->database);
      return NULL;
    }
  if (server->user[0] == '\0')
    {
      g_set_error_literal (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_USER,
                           _("User: type your user name on the clinic server."));
      return NULL;
    }
  if (ca[0] != '\0')
    {
      if (!check_ca_file (ca, error))
        return NULL;
      server->sslmode = g_strdup ("verify-full");
      server->sslrootcert = g_canonicalize_filename (ca, NULL);
    }
  return g_steal_pointer (&server);
}

/* ---- addresses ---- */

static gboolean
address_error (GError     **error,
               const char  *location)
{
  g_set_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_ADDRESS,
               _("“%s” is not a clinic server address such as "
                 "postgresql://server/clinic?sslmode=verify-full."), location);
  return FALSE;
}

static gboolean
password_error (GError **error)
{
  g_set_error_literal (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_ADDRESS,
                       _("The clinic server address contains a password. Remove it, and keep "
                         "the password in the keyring or in ~/.pgpass instead."));
  return FALSE;
}

static void
replace_str (char       **slot,
             const char  *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Takes up the parameters after "?": those of the form's fields, and any
 * other libpq parameter as it was given. */
static gboolean
take_params (FolClinicServer  *server,
             const char       *location,
             const char       *query,
             GError          **error)
{
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GStrvBuilder) others = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer key, value;

  if (query == NULL)
    return TRUE;
  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  if (params == NULL)
    return address_error (error, location);
  if (g_hash_table_contains (params, "password"))
    return password_error (error);

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *name = key, *text = value;
      guint64 number;

      if (g_str_equal (name, "host"))
        replace_str (&server->host, text);
      else if (g_str_equal (name, "dbname"))
        replace_str (&server->database, text);
      else if (g_str_equal (name, "user"))
        replace_str (&server->user, text);
      else if (g_str_equal (name, "sslmode"))
        replace_str (&server->sslmode, text);
      else if (g_str_equal (name, "sslrootcert"))
        replace_str (&server->sslrootcert, text);
      else if (g_str_equal (name, "port"))
        {
          if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &number, NULL))
            return address_error (error, location);
          server->port = (guint) number;
        }
      else
        {
          g_autofree char *escaped = g_uri_escape_string (text, NULL, FALSE);
          g_autofree char *pair = g_strdup_printf ("%s=%s", name, escaped);

          g_strv_builder_add (others, pair);
        }
    }
  server->options = g_strv_builder_end (others);
  if (g_strv_length (server->options) == 0)
    g_clear_pointer (&server->options, g_strfreev);
  else
    qsort (server->options, g_strv_length (server->options), sizeof (char *), compare_strings);
  return TRUE;
}

/**
 * fol_clinic_server_parse:
 * @location: a postgresql:// (or postgres://) URI
 *
 * Reads a clinic server's address. One with a password in it is refused:
 * addresses end up in settings, shell history and process lists.
 *
 * Returns: (transfer full): the server, or %NULL with @error set
 */
FolClinicServer *
fol_clinic_server_parse (const char  *location,
                         GError     **error)
{
  g_autoptr(FolClinicServer) server = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *path;

  g_return_val_if_fail (location != NULL, NULL);

  if (!fol_pg_store_is_location (location))
    {
      address_error (error, location);
      return NULL;
    }
  uri = g_uri_parse (location, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED_QUERY |
                               G_URI_FLAGS_NON_DNS, NULL);
  if (uri == NULL)
    {
      address_error (error, location);
      return NULL;
    }
  if (g_uri_get_password (uri) != NULL)
    {
      password_error (error);
      return NULL;
    }

  server = g_new0 (FolClinicServer, 1);
  server->host = g_strdup (g_uri_get_host (uri));
  server->user = g_strdup (g_uri_get_user (uri));
  server->port = g_uri_get_port (uri) > 0 ? (guint) g_uri_get_port (uri) : 0;
  path = g_uri_get_path (uri);
  if (path != NULL && path[0] == '/' && path[1] != '\0')
    server->database = g_strdup (path + 1);
  if (!take_params (server, location, g_uri_get_query (uri), error))
    return NULL;
  if (server->host != NULL && strchr (server->host, ',') != NULL)
    {
      address_error (error, location);
      return NULL;
    }
  if (server->host != NULL && server->host[0] == '\0')
    g_clear_pointer (&server->host, g_free);
  return g_steal_pointer (&server);
}

/**
 * fol_clinic_server_to_uri:
 *
 * Returns: (transfer full): the server's postgresql:// address, without
 *   a password: what the settings keep
 */
char *
fol_clinic_server_to_uri (const FolClinicServer *server)
{
  GString *uri;
  char sep = '?';

  g_return_val_if_fail (server != NULL, NULL);

  uri = g_string_new ("postgresql://");
  if (server->user != NULL)
    {
      g_string_append_uri_escaped (uri, server->user, NULL, FALSE);
      g_string_append_c (uri, '@');
    }
  if (server->host != NULL && strchr (server->host, ':') != NULL)
    g_string_append_printf (uri, "[%s]", server->host);
  else if (server->host != NULL)
    g_string_append_uri_escaped (uri, server->host, NULL, FALSE);
  if (server->port != 0)
    g_string_append_printf (uri, ":%u", server->port);
  g_string_append_c (uri, '/');
  if (server->database != NULL)
    g_string_append_uri_escaped (uri, server->database, NULL, FALSE);
  if (server->sslmode != NULL)
    {
      g_string_append_printf (uri, "%csslmode=", sep);
      g_string_append_uri_escaped (uri, server->sslmode, NULL, FALSE);
      sep = '&';
    }
  if (server->sslrootcert != NULL)
    {
      g_string_append_printf (uri, "%csslrootcert=", sep);
      g_string_append_uri_escaped (uri, server->sslrootcert, NULL, FALSE);
      sep = '&';
    }
  for (guint i = 0; server->options != NULL && server->options[i] != NULL; i++)
    {
      g_string_append_printf (uri, "%c%s", sep, server->options[i]);
      sep = '&';
    }
  return g_string_free (uri, FALSE);
}

/**
 * fol_clinic_server_dup_name:
 *
 * Returns: (transfer full): how the window names a clinic on a server:
 *   its database and its host
 */
char *
fol_clinic_server_dup_name (const FolClinicServer *server)
{
  g_return_val_if_fail (server != NULL, NULL);

  /* Translators: a clinic on a server: its database, then the server's
   * name, e.g. "follicle on db.clinic.example" */
  return g_strdup_printf (_("%s on %s"),
                          server->database != NULL ? server->database : "",
                          server->host != NULL ? server->host : "localhost");
}

/* ---- the keyring ---- */

static guint
effective_port (const FolClinicServer *server)
{
  return server->port != 0 ? server->port : DEFAULT_PORT;
}

static void
keyring_error (GError       **error,
               const GError  *cause)
{
  /* Translators: %s says why, from the keyring */
  g_set_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_KEYRING,
               _("The keyring cannot be used: %s"), cause->message);
}

/**
 * fol_clinic_server_lookup_password:
 *
 * Returns: (transfer full) (nullable): the password the keyring keeps
 *   for @server's host, port, database and user; %NULL when it keeps none
 *   (@error unset) or cannot be read (@error set). Free it with
 *   fol_clinic_server_free_password().
 */
char *
fol_clinic_server_lookup_password (const FolClinicServer  *server,
                                   GCancellable           *cancellable,
                                   GError                **error)
{
  g_autoptr(GError) local = NULL;
  char *password;

  g_return_val_if_fail (server != NULL, NULL);

  password = secret_password_lookup_sync (server_schema (), cancellable, &local,
                                          "host", server->host ? server->host : "",
                                          "port", (int) effective_port (server),
                                          "database", server->database ? server->database : "",
                                          "user", server->user ? server->user : "",
                                          NULL);
  if (local != NULL)
    keyring_error (error, local);
  return password;
}

/**
 * fol_clinic_server_store_password:
 *
 * Keeps @password in the keyring's default collection (the login
 * keyring), replacing any kept for the same server and user.
 */
gboolean
fol_clinic_server_store_password (const FolClinicServer  *server,
                                  const char             *password,
                                  GCancellable           *cancellable,
                                  GError                **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (server != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  /* Translators: the keyring's name for a kept password: user, database,
   * server */
  label = g_strdup_printf (_("Follicle clinic server: %s, %s on %s"),
                           server->user ? server->user : "",
                           server->database ? server->database : "",
                           server->host ? server->host : "");
  if (!secret_password_store_sync (server_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                                   cancellable, &local,
                                   "host", server->host ? server->host : "",
                                   "port", (int) effective_port (server),
                                   "database", server->database ? server->database : "",
                                   "user", server->user ? server->user : "",
                                   NULL))
    {
      keyring_error (error, local);
      return FALSE;
    }
  return TRUE;
}

/**
 * fol_clinic_server_forget_password:
 *
 * Removes the password kept for @server, if any.
 */
gboolean
fol_clinic_server_forget_password (const FolClinicServer  *server,
                                   GCancellable           *cancellable,
                                   GError                **error)
{
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (server != NULL, FALSE);

  secret_password_clear_sync (server_schema (), cancellable, &local,
                              "host", server->host ? server->host : "",
                              "port", (int) effective_port (server),
                              "database", server->database ? server->database : "",
                              "user", server->user ? server->user : "",
                              NULL);
  if (local != NULL)
    {
      keyring_error (error, local);
      return FALSE;
    }
  return TRUE;
}

/* Wipes the password before its memory goes. */
void
fol_clinic_server_free_password (char *password)
{
  secret_password_free (password);
}

/* ---- ~/.pgpass ---- */

/* Where libpq looks: PGPASSFILE, or .pgpass in the home folder of the
 * account (not $HOME), as libpq 15 does. */
static char *
pgpass_path (void)
{
  const char *file = g_getenv ("PGPASSFILE");
  struct passwd pwd, *pw = NULL;
  char buffer[4096];

  if (file != NULL && *file != '\0')
    return g_strdup (file);
  /* Also from the worker thread of fol_clinic_server_open_async(). */
  if (getpwuid_r (geteuid (), &pwd, buffer, sizeof buffer, &pw) != 0)
    pw = NULL;
  return g_build_filename (pw != NULL ? pw->pw_dir : g_get_home_dir (), ".pgpass", NULL);
}

/**
 * fol_clinic_server_check_pgpass:
 *
 * libpq reads passwords from ~/.pgpass (or PGPASSFILE) only when no one but
 * its owner may read it, and otherwise ignores it with a warning nobody
 * sees in a window. This says so.
 *
 * Returns: %FALSE, with a message naming the file and how to make it
 *   private, when the file is there and libpq will ignore it
 */
gboolean
fol_clinic_server_check_pgpass (GError **error)
{
  g_autofree char *path = pgpass_path ();
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return TRUE;
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_PASSWORD,
                   _("The password file “%s” is not a regular file, so it is not read."), path);
      return FALSE;
    }
  if (st.st_mode & (S_IRWXG | S_IRWXO))
    {
      g_set_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_PASSWORD,
                   _("The password file “%s” can be read by other users, so its passwords are "
                     "ignored. Make it private with “chmod 600 %s”."), path, path);
      return FALSE;
    }
  return TRUE;
}

/* ---- connecting ---- */

/* libpq's reasons, told in the field's terms. They are matched in
 * libpq's English; in another language its own message is shown. */
static void
explain (const FolClinicServer  *server,
         const char             *password,
         GError                 *cause,
         GError                **error)
{
  const char *message = cause->message;
  g_autofree char *db_missing = g_strdup_printf ("database \"%s\" does not exist",
                                                 server->database ? server->database : "");
  g_autoptr(GError) pgpass = NULL;

  if (!g_error_matches (cause, FOL_STORE_ERROR, FOL_STORE_ERROR_IO))
    {
      g_propagate_error (error, cause);
      return;
    }

  if (strstr (message, "certificate verify failed") != NULL)
    g_set_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_CA,
                 _("The clinic server’s certificate is not signed by the CA certificate “%s”: "
                   "this may not be the clinic’s server. Check the CA certificate with the "
                   "clinic’s administrator. (%s)"),
                 server->sslrootcert ? server->sslrootcert : "~/.postgresql/root.crt", message);
  else if (strstr (message, "does not match host name") != NULL)
    g_set_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_HOST,
                 _("The clinic server’s certificate is not made out to “%s”: connect with the "
                   "host name written in the certificate. (%s)"),
                 server->host ? server->host : "localhost", message);
  else if (strstr (message, "no password supplied") != NULL)
    {
      fol_clinic_server_check_pgpass (&pgpass);
      g_set_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_PASSWORD,
                   _("The clinic server asks for the password of “%s”.%s%s"),
                   server->user ? server->user : "", pgpass ? " " : "",
                   pgpass ? pgpass->message : "");
    }
  else if (strstr (message, "password authentication failed") != NULL)
    {
      if (password == NULL)
        fol_clinic_server_check_pgpass (&pgpass);
      g_set_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_PASSWORD,
                   _("The clinic server refused the password of “%s”.%s%s"),
                   server->user ? server->user : "", pgpass ? " " : "",
                   pgpass ? pgpass->message : "");
    }
  else if (strstr (message, db_missing) != NULL)
    g_set_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_DATABASE,
                 _("There is no database “%s” on the clinic server."), server->database);
  else
    g_set_error_literal (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_HOST, message);
  g_error_free (cause);
}

/**
 * fol_clinic_server_open:
 * @password: (nullable): from the keyring or typed; %NULL for ~/.pgpass
 *
 * Opens the clinic on @server, the password given to libpq apart from the
 * address. A connection refused is said at the field to change: the code
 * of a %FOL_CLINIC_SERVER_ERROR names it.
 *
 * Returns: (transfer full): the clinic, or %NULL with @error set
 */
FolStore *
fol_clinic_server_open (const FolClinicServer  *server,
                        const char             *password,
                        GError                **error)
{
  g_autofree char *uri = NULL;
  GError *local = NULL;
  FolPgStore *store;

  g_return_val_if_fail (server != NULL, NULL);

  uri = fol_clinic_server_to_uri (server);
  store = fol_pg_store_open_full (uri, password, &local);
  if (store == NULL)
    {
      explain (server, password, local, error);
      return NULL;
    }
  return FOL_STORE (store);
}

/**
 * fol_clinic_server_open_location:
 * @location: a postgresql:// address, without password
 * @password: (nullable): typed; %NULL for the one the keyring keeps for
 *   that server and user, else libpq's own (~/.pgpass)
 *
 * Opens a clinic server's clinic as a start or `--database` does.
 *
 * Returns: (transfer full): the clinic, or %NULL with @error set
 */
FolStore *
fol_clinic_server_open_location (const char  *location,
                                 const char  *password,
                                 GError     **error)
{
  g_autoptr(FolClinicServer) server = NULL;
  g_autoptr(GError) keyring_error = NULL;
  char *kept = NULL;
  FolStore *store;

  g_return_val_if_fail (location != NULL, NULL);

  server = fol_clinic_server_parse (location, error);
  if (server == NULL)
    return NULL;
  /* A keyring that cannot be read is no reason not to try ~/.pgpass. */
  if (password == NULL)
    kept = fol_clinic_server_lookup_password (server, NULL, &keyring_error);
  if (keyring_error != NULL)
    g_debug ("%s", keyring_error->message);
  store = fol_clinic_server_open (server, password != NULL ? password : kept, error);
  fol_clinic_server_free_password (kept);
  return store;
}

typedef struct
{
  FolClinicServer *server;
  char            *password;
} OpenData;

static void
open_data_free (OpenData *data)
{
  fol_clinic_server_free (data->server);
  if (data->password != NULL)
    {
      memset (data->password, 0, strlen (data->password));
      g_free (data->password);
    }
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  FolStore *store = fol_clinic_server_open (data->server, data->password, &error);

  if (store != NULL)
    g_task_return_pointer (task, store, g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * fol_clinic_server_open_async:
 *
 * fol_clinic_server_open() in a worker thread: a server far away, or not
 * answering, does not stop the window.
 */
void
fol_clinic_server_open_async (const FolClinicServer *server,
                              const char            *password,
                              GCancellable          *cancellable,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (server != NULL);

  data = g_new0 (OpenData, 1);
  data->server = fol_clinic_server_copy (server);
  data->password = g_strdup (password);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fol_clinic_server_open_async);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

FolStore *
fol_clinic_server_open_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
