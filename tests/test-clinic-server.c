/* test-clinic-server.c: connecting a workstation to a clinic server.
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs inside with-keyring.sh: a D-Bus session of its own with a real
 * gnome-keyring-daemon, and inside the throwaway PostgreSQL cluster of
 * `build-aux/dev test` for the connections.
 */

#include "config.h"

#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fol-clinic-server.h"
#include "fol-error.h"
#include "fol-pg-store.h"
#include "fol-test-clinic-server.h"

static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* ---- addresses ---- */

static void
test_uri_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolClinicServer) server = NULL;
  g_autoptr(FolClinicServer) again = NULL;
  g_autofree char *uri = NULL;

  server = fol_clinic_server_parse ("postgresql://anna%20m@db.clinic.example:5433/follicle"
                                    "?sslmode=verify-full&sslrootcert=/etc/clinic%20ca.pem",
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpstr (server->host, ==, "db.clinic.example");
  g_assert_cmpuint (server->port, ==, 5433);
  g_assert_cmpstr (server->database, ==, "follicle");
  g_assert_cmpstr (server->user, ==, "anna m");
  g_assert_cmpstr (server->sslmode, ==, "verify-full");
  g_assert_cmpstr (server->sslrootcert, ==, "/etc/clinic ca.pem");

  uri = fol_clinic_server_to_uri (server);
  g_assert_true (g_str_has_prefix (uri, "postgresql://"));
  g_assert_null (strstr (uri, "password"));
  again = fol_clinic_server_parse (uri, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->host, ==, server->host);
  g_assert_cmpuint (again->port, ==, server->port);
  g_assert_cmpstr (again->database, ==, server->database);
  g_assert_cmpstr (again->user, ==, server->user);
  g_assert_cmpstr (again->sslmode, ==, server->sslmode);
  g_assert_cmpstr (again->sslrootcert, ==, server->sslrootcert);
  g_clear_pointer (&again, fol_clinic_server_free);

  /* An IPv6 address keeps its brackets in the URI. */
  g_clear_pointer (&server, fol_clinic_server_free);
  server = fol_clinic_server_parse ("postgres://[::1]/clinic?user=bo", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (server->host, ==, "::1");
  g_assert_cmpstr (server->user, ==, "bo");
  g_assert_cmpuint (server->port, ==, 0);
  g_clear_pointer (&uri, g_free);
  uri = fol_clinic_server_to_uri (server);
  again = fol_clinic_server_parse (uri, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->host, ==, "::1");

  /* A password in the address is refused, wherever it is written. */
  g_clear_pointer (&server, fol_clinic_server_free);
  server = fol_clinic_server_parse ("postgresql://anna:secret@db/follicle", &error);
  g_assert_null (server);
  g_assert_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_ADDRESS);
  g_assert_nonnull (strstr (error->message, "password"));
  g_assert_null (strstr (error->message, "secret"));
  g_clear_error (&error);
  server = fol_clinic_server_parse ("postgresql://anna@db/follicle?password=secret", &error);
  g_assert_null (server);
  g_assert_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_ADDRESS);
  g_assert_null (strstr (error->message, "secret"));
  g_clear_error (&error);

  server = fol_clinic_server_parse ("/home/anna/clinic.db", &error);
  g_assert_null (server);
  g_assert_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_ADDRESS);
}

typedef struct
{
  const char *host, *port, *database, *user, *ca;
  int         code;
  const char *says;
} FieldCase;

static void
test_fields_validated (void)
{
  g_autofree char *not_pem = tmp_path ("not-a-certificate.pem");
  g_autofree char *missing = tmp_path ("missing-ca.pem");
  g_autofree char *pem = tmp_path ("ca-like.pem");
  const FieldCase cases[] = {
    { "", "", "follicle", "anna", NULL, FOL_CLINIC_SERVER_ERROR_HOST, "Host" },
    { "db example", "", "follicle", "anna", NULL, FOL_CLINIC_SERVER_ERROR_HOST, "db example" },
    { "db", "seventy", "follicle", "anna", NULL, FOL_CLINIC_SERVER_ERROR_PORT, "seventy" },
    { "db", "70000", "follicle", "anna", NULL, FOL_CLINIC_SERVER_ERROR_PORT, "65535" },
    { "db", "0", "follicle", "anna", NULL, FOL_CLINIC_SERVER_ERROR_PORT, "Port" },
    { "db", "", "", "anna", NULL, FOL_CLINIC_SERVER_ERROR_DATABASE, "Database" },
    { "db", "", "follicle", " ", NULL, FOL_CLINIC_SERVER_ERROR_USER, "User" },
    { "db", "", "follicle", "anna", missing, FOL_CLINIC_SERVER_ERROR_CA, "missing-ca.pem" },
    { "db", "", "follicle", "anna", not_pem, FOL_CLINIC_SERVER_ERROR_CA, "not-a-certificate.pem" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FolClinicServer) server = NULL;

  g_assert_true (g_file_set_contents (not_pem, "hello\n", -1, &error));
  g_assert_true (g_file_set_contents (pem, "-----BEGIN CERTIFICATE-----\nAA==\n"
                                      "-----END CERTIFICATE-----\n", -1, &error));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const FieldCase *c = &cases[i];
      FolClinicServer *bad = fol_clinic_server_new (c->host, c->port, c->database, c->user, c->ca,
                                                    &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(none)");
      g_assert_null (bad);
      g_assert_error (error, FOL_CLINIC_SERVER_ERROR, c->code);
      g_assert_nonnull (strstr (error->message, c->says));
      g_clear_error (&error);
    }

  /* A CA certificate makes the connection verify the server. */
  server = fol_clinic_server_new (" db.clinic.example ", "5433", "follicle", "anna", pem, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (server->host, ==, "db.clinic.example");
  g_assert_cmpuint (server->port, ==, 5433);
  g_assert_cmpstr (server->sslmode, ==, "verify-full");
  g_assert_cmpstr (server->sslrootcert, ==, pem);
  g_clear_pointer (&server, fol_clinic_server_free);
  server = fol_clinic_server_new ("db", "", "follicle", "anna", "", &error);
  g_assert_no_error (error);
  g_assert_null (server->sslmode);
  g_assert_cmpuint (server->port, ==, 0);
  g_unlink (not_pem);
  g_unlink (pem);
}

/* ---- the keyring ---- */

static void
test_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolClinicServer) server = NULL;
  g_autoptr(FolClinicServer) other = NULL;
  char *password;

  server = fol_clinic_server_parse ("postgresql://anna@db.clinic.example/follicle", &error);
  g_assert_no_error (error);
  other = fol_clinic_server_parse ("postgresql://bo@db.clinic.example/follicle", &error);
  g_assert_no_error (error);

  password = fol_clinic_server_lookup_password (server, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (password);

  g_assert_true (fol_clinic_server_store_password (server, "s3cret pass", NULL, &error));
  g_assert_no_error (error);
  password = fol_clinic_server_lookup_password (server, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "s3cret pass");
  fol_clinic_server_free_password (password);

  /* Keyed by host, port, database and user: another user has none. */
  password = fol_clinic_server_lookup_password (other, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (password);
  server->port = 5433;
  password = fol_clinic_server_lookup_password (server, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (password);
  server->port = 5432;  /* the default, written out */
  password = fol_clinic_server_lookup_password (server, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "s3cret pass");
  fol_clinic_server_free_password (password);
  server->port = 0;

  /* Stored again, replaced rather than doubled. */
  g_assert_true (fol_clinic_server_store_password (server, "another", NULL, &error));
  g_assert_no_error (error);
  password = fol_clinic_server_lookup_password (server, NULL, &error);
  g_assert_cmpstr (password, ==, "another");
  fol_clinic_server_free_password (password);

  g_assert_true (fol_clinic_server_forget_password (server, NULL, &error));
  g_assert_no_error (error);
  password = fol_clinic_server_lookup_password (server, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (password);
  /* Forgetting what is not there is no error. */
  g_assert_true (fol_clinic_server_forget_password (server, NULL, &error));
  g_assert_no_error (error);
}

/* ---- connecting ---- */

static void
test_open_with_password (void)
{
  Clinic c = { 0 };
  g_autoptr(FolClinicServer) server = NULL;
  g_autoptr(FolStore) store = NULL;
  g_autoptr(GError) error = NULL;
  char *password;
  guint port;

  if (!clinic_setup (&c))
    return;
  server = clinic_server (&c, NULL, NULL);

  /* No password anywhere: asked for, at the password. */
  store = fol_clinic_server_open (server, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_PASSWORD);
  g_assert_nonnull (strstr (error->message, c.role));
  g_clear_error (&error);

  store = fol_clinic_server_open (server, "wrong", &error);
  g_assert_null (store);
  g_assert_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_PASSWORD);
  g_assert_nonnull (strstr (error->message, "refused the password"));
  g_clear_error (&error);

  /* Kept in the keyring, and from there to the server, never in the
   * address. */
  g_assert_true (fol_clinic_server_store_password (server, c.password, NULL, &error));
  password = fol_clinic_server_lookup_password (server, NULL, &error);
  g_assert_no_error (error);
  store = fol_clinic_server_open (server, password, &error);
  fol_clinic_server_free_password (password);
  g_assert_no_error (error);
  g_assert_true (FOL_IS_PG_STORE (store));
  g_assert_cmpstr (fol_pg_store_get_db_user (FOL_PG_STORE (store)), ==, c.role);
  g_assert_null (strstr (fol_store_get_location (store), c.password));
  g_assert_null (strstr (fol_store_get_location (store), "password"));
  g_clear_object (&store);

  /* A database that is not there is said at the database. */
  g_free (server->database);
  server->database = g_strdup ("follicle_no_such_clinic");
  store = fol_clinic_server_open (server, c.password, &error);
  g_assert_null (store);
  g_assert_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "follicle_no_such_clinic"));
  g_clear_error (&error);
  g_free (server->database);
  server->database = g_strdup (c.database);

  /* A server that does not answer is said at the host. */
  port = server->port;
  server->port = 1;
  store = fol_clinic_server_open (server, c.password, &error);
  g_assert_null (store);
  g_assert_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_HOST);
  g_assert_nonnull (strstr (error->message, "Cannot reach the clinic server"));
  g_clear_error (&error);
  server->port = port;

  g_assert_true (fol_clinic_server_forget_password (server, NULL, &error));
  clinic_teardown (&c);
}

static void
test_pgpass_permissions (void)
{
  Clinic c = { 0 };
  g_autoptr(FolClinicServer) server = NULL;
  g_autoptr(FolStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pgpass = tmp_path ("pgpass");
  g_autofree char *line = NULL;

  g_setenv ("PGPASSFILE", pgpass, TRUE);

  /* No file at all is no problem. */
  g_assert_true (fol_clinic_server_check_pgpass (&error));
  g_assert_no_error (error);

  if (!clinic_setup (&c))
    return;
  server = clinic_server (&c, NULL, NULL);
  line = g_strdup_printf ("*:*:%s:%s:%s\n", c.database, c.role, c.password);
  g_assert_true (g_file_set_contents (pgpass, line, -1, &error));

  /* Readable by others: libpq ignores it without a word; we say it. */
  g_assert_cmpint (g_chmod (pgpass, 0644), ==, 0);
  g_assert_false (fol_clinic_server_check_pgpass (&error));
  g_assert_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_PASSWORD);
  g_assert_nonnull (strstr (error->message, pgpass));
  g_assert_nonnull (strstr (error->message, "chmod 600"));
  g_clear_error (&error);
  store = fol_clinic_server_open (server, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_PASSWORD);
  g_assert_nonnull (strstr (error->message, pgpass));
  g_assert_nonnull (strstr (error->message, "chmod 600"));
  g_clear_error (&error);

  /* Private to its owner, it gives the password. */
  g_assert_cmpint (g_chmod (pgpass, 0600), ==, 0);
  g_assert_true (fol_clinic_server_check_pgpass (&error));
  g_assert_no_error (error);
  store = fol_clinic_server_open (server, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (FOL_IS_STORE (store));
  g_clear_object (&store);

  g_unlink (pgpass);
  g_free (pgpass);
  pgpass = tmp_path ("no-pgpass");
  g_setenv ("PGPASSFILE", pgpass, TRUE);
  clinic_teardown (&c);
}

/* ---- TLS with a clinic CA ---- */

static void
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (tmp_dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

/* A CA and a certificate for "localhost" signed by it; another CA. */
static void
make_certificates (void)
{
  const char *ca[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                       "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out",
                       "ca.pem", "-days", "2", "-subj", "/CN=Follicle Test Clinic CA", NULL };
  const char *other[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                          "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "other.key", "-out",
                          "other.pem", "-days", "2", "-subj", "/CN=Another CA", NULL };
  const char *request[] = { "openssl", "req", "-newkey", "ec", "-pkeyopt",
                            "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key",
                            "-out", "server.csr", "-subj", "/CN=localhost", NULL };
  const char *sign[] = { "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem",
                         "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2",
                         "-extfile", "server.ext", NULL };
  g_autofree char *ext = tmp_path ("server.ext");

  g_assert_true (g_file_set_contents (ext, "subjectAltName=DNS:localhost\n", -1, NULL));
  run (ca);
  run (other);
  run (request);
  run (sign);
}

static void
admin_command (const char *sql)
{
  PGconn *admin = fol_test_pg_admin ();

  fol_test_pg_exec (admin, sql);
  PQfinish (admin);
}

/* SSL on the test cluster with that certificate. The server may run as
 * another user (postgres, when the tests run as root): the key is handed
 * to it, as PostgreSQL wants its key private to the server. */
static gboolean
enable_ssl (void)
{
  PGconn *admin;
  g_autofree char *data_dir = NULL;
  g_autofree char *cert = tmp_path ("server.pem");
  g_autofree char *key = tmp_path ("server.key");
  g_autofree char *sql = NULL;
  struct stat st;

  admin = fol_test_pg_admin ();
  if (admin == NULL)
    return FALSE;
  data_dir = fol_test_pg_value (admin, "SELECT current_setting ('data_directory')");
  PQfinish (admin);
  g_assert_cmpint (g_stat (data_dir, &st), ==, 0);
  g_assert_cmpint (g_chmod (tmp_dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (cert, 0644), ==, 0);
  g_assert_cmpint (g_chmod (key, 0600), ==, 0);
  if (geteuid () == 0)
    g_assert_cmpint (chown (key, st.st_uid, st.st_gid), ==, 0);

  sql = g_strdup_printf ("ALTER SYSTEM SET ssl_cert_file = '%s'", cert);
  admin_command (sql);
  g_free (sql);
  sql = g_strdup_printf ("ALTER SYSTEM SET ssl_key_file = '%s'", key);
  admin_command (sql);
  admin_command ("ALTER SYSTEM SET ssl = on");
  admin_command ("SELECT pg_reload_conf ()");

  /* The server reads its configuration again a moment later. */
  for (guint i = 0; i < 100; i++)
    {
      PGconn *conn = PQconnectdb ("dbname=postgres sslmode=require");
      gboolean up = PQstatus (conn) == CONNECTION_OK;

      PQfinish (conn);
      if (up)
        return TRUE;
      g_usleep (50000);
    }
  g_error ("the test cluster did not take up SSL");
  return FALSE;
}

static void
disable_ssl (void)
{
  admin_command ("ALTER SYSTEM RESET ssl");
  admin_command ("ALTER SYSTEM RESET ssl_cert_file");
  admin_command ("ALTER SYSTEM RESET ssl_key_file");
  admin_command ("SELECT pg_reload_conf ()");
}

static void
test_tls_verify_full (void)
{
  Clinic c = { 0 };
  g_autoptr(FolClinicServer) server = NULL;
  g_autoptr(FolStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = tmp_path ("ca.pem");
  g_autofree char *other = tmp_path ("other.pem");
  g_autofree char *uri = NULL;

  if (!clinic_setup (&c))
    return;
  make_certificates ();
  admin_begin ();
  enable_ssl ();
  admin_end ();

  /* The clinic's CA, the name in the certificate: verified, connected. */
  server = clinic_server (&c, "localhost", ca);
  g_assert_cmpstr (server->sslmode, ==, "verify-full");
  uri = fol_clinic_server_to_uri (server);
  g_assert_nonnull (strstr (uri, "sslmode=verify-full"));
  g_assert_nonnull (strstr (uri, "sslrootcert="));
  store = fol_clinic_server_open (server, c.password, &error);
  g_assert_no_error (error);
  g_assert_true (FOL_IS_STORE (store));
  g_clear_object (&store);
  g_clear_pointer (&server, fol_clinic_server_free);

  /* Another CA: refused, said at the CA certificate. */
  server = clinic_server (&c, "localhost", other);
  store = fol_clinic_server_open (server, c.password, &error);
  g_assert_null (store);
  g_assert_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_CA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "other.pem"));
  g_assert_nonnull (strstr (error->message, "not signed"));
  g_clear_error (&error);
  g_clear_pointer (&server, fol_clinic_server_free);

  /* A name the certificate is not for: refused, said at the host. */
  server = clinic_server (&c, "127.0.0.1", ca);
  store = fol_clinic_server_open (server, c.password, &error);
  g_assert_null (store);
  g_assert_error (error, FOL_CLINIC_SERVER_ERROR, FOL_CLINIC_SERVER_ERROR_HOST);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_clear_error (&error);

  admin_begin ();
  disable_ssl ();
  admin_end ();
  clinic_teardown (&c);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  fol_test_clinic_server_init ();
  /* Never the tester's own ~/.pgpass. */
  tmp_dir = g_dir_make_tmp ("follicle-server-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autofree char *none = tmp_path ("no-pgpass");

    g_setenv ("PGPASSFILE", none, TRUE);
  }

  g_test_add_func ("/clinic-server/uri", test_uri_round_trip);
  g_test_add_func ("/clinic-server/fields", test_fields_validated);
  g_test_add_func ("/clinic-server/keyring", test_keyring);
  g_test_add_func ("/clinic-server/password", test_open_with_password);
  g_test_add_func ("/clinic-server/pgpass", test_pgpass_permissions);
  g_test_add_func ("/clinic-server/tls", test_tls_verify_full);
  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = tmp_path (name);

        g_unlink (path);
      }
    g_rmdir (tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
