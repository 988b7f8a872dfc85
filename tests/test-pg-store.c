/* test-pg-store.c: opening a clinic on a PostgreSQL server.
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fol-error.h"
#include "fol-pg-migrations.h"
#include "fol-pg-store.h"
#include "fol-store.h"
#include "fol-test-pg.h"
#include "test-helpers.h"

static char *
location_of (const char *name)
{
  return g_strdup_printf ("dbname=%s", name);
}

/* An empty database gets the whole schema through the numbered
 * migrations, once: opening it again changes nothing. */
static void
test_empty_gets_schema (void)
{
  g_autofree char *name = fol_test_pg_create_database ();
  g_autofree char *location = NULL;
  g_autoptr(FolPgStore) store = NULL;
  g_autoptr(FolPgStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *migrations = NULL;
  PGconn *conn;

  if (name == NULL)
    return;
  location = location_of (name);
  store = fol_pg_store_open (location, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpuint (strlen (fol_pg_store_get_clinic_id (store)), ==, 36);

  conn = fol_test_pg_connect (name);
  version = fol_test_pg_value (conn, "SELECT version FROM follicle_schema");
  g_assert_cmpuint (g_ascii_strtoull (version, NULL, 10), ==, fol_pg_store_schema_version ());
  g_free (version);
  version = fol_test_pg_value (conn, "SELECT count (*) FROM follicle_schema");
  g_assert_cmpstr (version, ==, "1");

  again = fol_pg_store_open (location, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fol_pg_store_get_clinic_id (again), ==, fol_pg_store_get_clinic_id (store));
  migrations = fol_test_pg_value (conn, "SELECT count (*) FROM clinic");
  g_assert_cmpstr (migrations, ==, "1");
  PQfinish (conn);

  g_clear_object (&store);
  g_clear_object (&again);
  fol_test_pg_drop_database (name);
}

static void
test_newer_refused (void)
{
  g_autofree char *name = fol_test_pg_create_database ();
  g_autofree char *location = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *version = NULL;
  g_autoptr(FolPgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  PGconn *conn;

  if (name == NULL)
    return;
  location = location_of (name);
  store = fol_pg_store_open (location, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  conn = fol_test_pg_connect (name);
  sql = g_strdup_printf ("UPDATE follicle_schema SET version = %u", fol_pg_store_schema_version () + 1);
  fol_test_pg_exec (conn, sql);

  store = fol_pg_store_open (location, &error);
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_TOO_NEW);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, "newer version"));
  version = fol_test_pg_value (conn, "SELECT version FROM follicle_schema");
  g_assert_cmpuint (g_ascii_strtoull (version, NULL, 10), ==, fol_pg_store_schema_version () + 1);
  PQfinish (conn);
  fol_test_pg_drop_database (name);
}

/* A database that holds something else is not made into a clinic. */
static void
test_foreign_database_untouched (void)
{
  g_autofree char *name = fol_test_pg_create_database ();
  g_autofree char *location = NULL;
  g_autofree char *tables = NULL;
  g_autoptr(FolPgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  PGconn *conn;

  if (name == NULL)
    return;
  conn = fol_test_pg_connect (name);
  fol_test_pg_exec (conn, "CREATE TABLE invoices (id integer)");
  location = location_of (name);
  store = fol_pg_store_open (location, &error);
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE);
  g_assert_null (store);
  tables = fol_test_pg_value (conn, "SELECT string_agg (tablename, ',') FROM pg_tables"
                                    " WHERE schemaname = 'public'");
  g_assert_cmpstr (tables, ==, "invoices");
  PQfinish (conn);
  fol_test_pg_drop_database (name);
}

/* A read-only command on an empty server database (`follicle --database
 * postgresql://… --list-patients`, `--summary`) says the database holds no
 * clinic and exits 1, and writes nothing: no schema is made. */
static void
test_read_only_command_on_empty_database (void)
{
  static const char * const commands[][3] = {
    { "--list-patients", NULL },
    { "--summary", "--patient", "00000001-0000-4000-8000-000000000001" },
  };
  g_autofree char *name = fol_test_pg_create_database ();
  const char *bin = g_getenv ("FOLLICLE_BIN");
  PGconn *conn;

  if (name == NULL)
    return;
  g_assert_nonnull (bin);
  conn = fol_test_pg_connect (name);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *location = g_strdup_printf ("postgresql:///%s", name);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *relations = NULL;
      g_autoptr(GError) error = NULL;
      const char *argv[] = { bin, "--database", location, commands[i][0], commands[i][1],
                             commands[i][2], NULL };
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &out, &err, &status, &error));
      g_assert_no_error (error);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 1);
      g_assert_nonnull (strstr (err, "holds no clinic"));
      g_assert_nonnull (strstr (err, name));
      g_assert_cmpstr (out, ==, "");
      relations = fol_test_pg_value (conn, "SELECT count (*) FROM pg_class c JOIN pg_namespace n"
                                           " ON n.oid = c.relnamespace"
                                           " WHERE n.nspname = 'public'");
      g_assert_cmpstr (relations, ==, "0");
    }
  PQfinish (conn);
  fol_test_pg_drop_database (name);
}

/* A clinic left by each earlier version of the schema, with a patient, a
 * visit and a measurement, is upgraded with its data intact, and then
 * takes the values later versions added (telogen, the AA-IGA grade). */
static void
test_from_every_version (void)
{
  guint latest = fol_pg_store_schema_version ();

  for (guint version = 1; version < latest; version++)
    {
      g_autofree char *name = fol_test_pg_create_database ();
      g_autofree char *location = NULL;
      g_autofree char *set_version = NULL;
      g_autofree char *stored = NULL;
      g_autoptr(FolPgStore) store = NULL;
      g_autoptr(FolHistory) history = NULL;
      g_autoptr(GError) error = NULL;
      FolMeasurement *m;
      PGconn *conn;

      if (name == NULL)
        return;
      g_test_message ("from version %u", version);
      conn = fol_test_pg_connect (name);
      fol_test_pg_exec (conn, "BEGIN; CREATE TABLE follicle_schema (version integer NOT NULL)");
      for (guint v = 1; v <= version; v++)
        fol_test_pg_exec (conn, _fol_pg_migration (v));
      set_version = g_strdup_printf ("INSERT INTO follicle_schema VALUES (%u)", version);
      fol_test_pg_exec (conn, set_version);
      fol_test_pg_exec (conn,
                        "INSERT INTO patients (id, name, sort_name, created_at, updated_at)"
                        " VALUES ('p-old', 'Ida Older', 'ida older', '2024-01-01T00:00:00.000Z',"
                        " '2024-01-01T00:00:00.000Z');"
                        "INSERT INTO visits (id, patient_id, visit_date, kind, created_at,"
                        " updated_at)"
                        " VALUES ('v-old', 'p-old', '2024-01-02', 'baseline',"
                        " '2024-01-02T00:00:00.000Z', '2024-01-02T00:00:00.000Z');"
                        "INSERT INTO measurements (visit_id, region, total_density, anagen_percent)"
                        " VALUES ('v-old', 'vertex', 123.4, 80)");
      /* Photos and their marks exist from version 1. */
      fol_test_pg_exec (conn,
                        "INSERT INTO photo_files (sha256, bytes)"
                        " VALUES (encode (sha256 ('x'::bytea), 'hex'), 'x'::bytea);"
                        "INSERT INTO photos (id, visit_id, region, sha256, width, height,"
                        " px_per_mm, created_at) VALUES ('ph-old', 'v-old', 'vertex',"
                        " encode (sha256 ('x'::bytea), 'hex'), 640, 480, 100,"
                        " '2024-01-02T00:00:00.000Z');"
                        "INSERT INTO photo_marks (photo_id, position, x, y)"
                        " VALUES ('ph-old', 0, 10.5, 20.25); COMMIT");

      location = location_of (name);
      store = fol_pg_store_open (location, &error);
      g_assert_no_error (error);
      stored = fol_test_pg_value (conn, "SELECT version FROM follicle_schema");
      g_assert_cmpuint (g_ascii_strtoull (stored, NULL, 10), ==, latest);

      history = fol_store_load_history (FOL_STORE (store), "p-old", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (fol_history_get_n_visits (history), ==, 1);
      m = fol_history_get_measurement (history, 0, FOL_REGION_VERTEX);
      g_assert_cmpfloat (fol_measurement_get_total_density (m), ==, 123.4);
      g_assert_cmpfloat (fol_measurement_get_anagen (m), ==, 80);
      g_assert_true (isnan (fol_measurement_get_telogen (m)));
      g_assert_cmpint (fol_visit_get_aa_iga (fol_history_get_visit (history, 0)), ==,
                       FOL_NO_SCORE);

      {
        g_autoptr(FolVisit) visit = fol_visit_copy (fol_history_get_visit (history, 0));
        g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
        g_autoptr(FolMeasurement) changed = fol_measurement_copy (m);
        g_autoptr(FolHistory) again = NULL;

        fol_visit_set_aa_iga (visit, 3);
        fol_measurement_set_telogen (changed, 20);
        g_ptr_array_add (ms, g_object_ref (changed));
        g_assert_true (fol_store_save_visit (FOL_STORE (store), visit, ms, &error));
        g_assert_no_error (error);
        again = fol_store_load_history (FOL_STORE (store), "p-old", &error);
        g_assert_no_error (error);
        g_assert_cmpint (fol_visit_get_aa_iga (fol_history_get_visit (again, 0)), ==, 3);
        g_assert_cmpfloat (fol_measurement_get_telogen (
                             fol_history_get_measurement (again, 0, FOL_REGION_VERTEX)), ==, 20);
      }
      helper_assert_takes_protocols (FOL_STORE (store), "p-old");

      /* A mark from before has no recorded origin or diameter; the upgraded
       * clinic keeps both, a rejected suggestion too, without counting it.
       */
      {
        g_autoptr(GArray) marks = NULL;
        FolPhotoField field = { 0, };
        gboolean has_field = FALSE;
        FolPhotoMark kept[] = {
          { .x = 10.5, .y = 20.25, .origin = FOL_MARK_SUGGESTED, .diameter_um = 62.5 },
          { .x = 30, .y = 40, .origin = FOL_MARK_REJECTED, .diameter_um = 18 },
        };
        g_autofree char *audited = NULL;

        g_assert_true (fol_store_load_photo_count (FOL_STORE (store), "ph-old", &has_field,
                                                   &field, &marks, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (marks->len, ==, 1);
        g_assert_cmpfloat (g_array_index (marks, FolPhotoMark, 0).x, ==, 10.5);
        g_assert_cmpint (g_array_index (marks, FolPhotoMark, 0).origin, ==, FOL_MARK_UNRECORDED);
        g_assert_false (fol_photo_mark_has_diameter (&g_array_index (marks, FolPhotoMark, 0)));
        g_clear_pointer (&marks, g_array_unref);

        marks = g_array_new (FALSE, FALSE, sizeof (FolPhotoMark));
        g_array_append_vals (marks, kept, G_N_ELEMENTS (kept));
        g_assert_true (fol_store_save_photo_count (FOL_STORE (store), "ph-old", NULL, marks,
                                                   &error));
        g_assert_no_error (error);
        g_clear_pointer (&marks, g_array_unref);
        g_assert_true (fol_store_load_photo_count (FOL_STORE (store), "ph-old", &has_field,
                                                   &field, &marks, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (marks->len, ==, 2);
        g_assert_cmpint (g_array_index (marks, FolPhotoMark, 0).origin, ==, FOL_MARK_SUGGESTED);
        g_assert_cmpfloat (g_array_index (marks, FolPhotoMark, 0).diameter_um, ==, 62.5);
        g_assert_cmpint (g_array_index (marks, FolPhotoMark, 1).origin, ==, FOL_MARK_REJECTED);
        g_assert_cmpfloat (g_array_index (marks, FolPhotoMark, 1).diameter_um, ==, 18);
        audited = fol_test_pg_value (conn, "SELECT count (*) FROM audit_log"
                                           " WHERE entity = 'photo_marks'"
                                           " AND after->>'origin' = 'rejected'"
                                           " AND (after->>'diameter_um')::float8 = 18");
        g_assert_cmpstr (audited, ==, "1");
      }
      PQfinish (conn);
      g_clear_object (&store);
      fol_test_pg_drop_database (name);
    }
}

/* A password in the address is refused before any connection is made. */
static void
test_password_in_location_refused (void)
{
  const char *locations[] = {
    "postgresql://clinician:secret@localhost/clinic",
    "host=localhost dbname=clinic password=secret",
  };

  for (guint i = 0; i < G_N_ELEMENTS (locations); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FolPgStore) store = fol_pg_store_open (locations[i], &error);

      g_assert_null (store);
      g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "~/.pgpass"));
      g_assert_null (strstr (error->message, "secret"));
    }
  g_assert_true (fol_pg_store_is_location ("postgresql://server/clinic"));
  g_assert_false (fol_pg_store_is_location ("/home/clinic/follicle.db"));
}

typedef struct
{
  const char *location;
  char       *clinic_id;
  GError     *error;
} OpenJob;

static gpointer
open_in_thread (gpointer data)
{
  OpenJob *job = data;
  g_autoptr(FolPgStore) store = fol_pg_store_open (job->location, &job->error);

  if (store != NULL)
    job->clinic_id = g_strdup (fol_pg_store_get_clinic_id (store));
  return NULL;
}

/* Two workstations opening a new clinic at the same moment: one creates
 * the schema, the other waits for it and uses it. */
static void
test_concurrent_first_open (void)
{
  g_autofree char *name = fol_test_pg_create_database ();
  g_autofree char *location = NULL;
  OpenJob jobs[4] = { { 0 } };
  GThread *threads[G_N_ELEMENTS (jobs)];

  if (name == NULL)
    return;
  location = location_of (name);
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      jobs[i].location = location;
      threads[i] = g_thread_new ("open", open_in_thread, &jobs[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_thread_join (threads[i]);
      g_assert_no_error (jobs[i].error);
      g_assert_cmpstr (jobs[i].clinic_id, ==, jobs[0].clinic_id);
    }
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    g_free (jobs[i].clinic_id);
  fol_test_pg_drop_database (name);
}

/* Clinicians write records; the log of who changed what names them and
 * is theirs to read, not to alter. */
static void
test_audit_names_user_and_holds (void)
{
  g_autofree char *name = fol_test_pg_create_database ();
  g_autofree char *location = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pgpass = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *admin_password = g_strdup (g_getenv ("PGPASSWORD"));
  g_autofree char *user = NULL;
  g_autofree char *count = NULL;
  g_autoptr(FolPgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *denied[] = {
    "DELETE FROM audit_log",
    "UPDATE audit_log SET db_user = 'someone else'",
    "TRUNCATE audit_log",
    "INSERT INTO audit_log (at, db_user, action, entity, entity_id) VALUES ('x', 'x', 'x', 'x', 'x')",
    "DROP TRIGGER audit_patients ON patients",
  };
  PGconn *admin, *clinician;
  PGresult *result;

  if (name == NULL)
    return;
  location = location_of (name);
  store = fol_pg_store_open (location, &error);
  g_assert_no_error (error);

  admin = fol_test_pg_connect (name);
  fol_test_pg_exec (admin, "DROP ROLE IF EXISTS follicle_test_clinician");
  fol_test_pg_exec (admin, "CREATE ROLE follicle_test_clinician LOGIN PASSWORD 'pw-in-pgpass'"
                           " IN ROLE follicle_clinician");

  /* The clinician's password comes from a 0600 password file. */
  dir = g_dir_make_tmp ("follicle-pg-XXXXXX", &error);
  g_assert_no_error (error);
  pgpass = g_build_filename (dir, "pgpass", NULL);
  contents = g_strdup_printf ("*:*:*:follicle_test_clinician:pw-in-pgpass\n*:*:*:%s:%s\n",
                              g_getenv ("PGUSER") ? g_getenv ("PGUSER") : "postgres",
                              admin_password ? admin_password : "");
  g_file_set_contents_full (pgpass, contents, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
  g_setenv ("PGPASSFILE", pgpass, TRUE);
  g_unsetenv ("PGPASSWORD");
  {
    g_autofree char *info = g_strdup_printf ("dbname=%s user=follicle_test_clinician", name);
    g_autoptr(FolPgStore) as_clinician = fol_pg_store_open (info, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (fol_pg_store_get_db_user (as_clinician), ==, "follicle_test_clinician");
    clinician = PQconnectdb (info);

    /* The command line finds the same password in the same file: it asks
     * nobody, and reads no keyring (the session bus is out of its reach). */
    if (g_getenv ("FOLLICLE_BIN") != NULL)
      {
        const char *argv[] = { g_getenv ("FOLLICLE_BIN"), "--database", info, "--list-patients",
                               NULL };
        g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "DBUS_SESSION_BUS_ADDRESS",
                                              "unix:path=/nonexistent", TRUE);
        g_autofree char *err = NULL;
        int status = -1;

        g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                                     NULL, NULL, &err, &status, &error));
        g_assert_no_error (error);
        g_test_message ("%s", err);
        g_assert_true (g_spawn_check_wait_status (status, NULL));
      }
  }
  g_assert_cmpint (PQstatus (clinician), ==, CONNECTION_OK);

  fol_test_pg_exec (clinician, "INSERT INTO patients (id, name, sort_name, created_at, updated_at)"
                               " VALUES ('p1', 'Ana Test', 'test ana', '2026-01-01', '2026-01-01')");
  fol_test_pg_exec (clinician, "UPDATE patients SET notes = 'seen' WHERE id = 'p1'");
  user = fol_test_pg_value (clinician, "SELECT string_agg (DISTINCT db_user, ',') FROM audit_log"
                                       " WHERE entity_id = 'p1'");
  g_assert_cmpstr (user, ==, "follicle_test_clinician");
  count = fol_test_pg_value (clinician, "SELECT count (*) FROM audit_log WHERE patient_id = 'p1'");
  g_assert_cmpstr (count, ==, "2");

  for (guint i = 0; i < G_N_ELEMENTS (denied); i++)
    {
      result = PQexec (clinician, denied[i]);
      g_assert_cmpint (PQresultStatus (result), ==, PGRES_FATAL_ERROR);
      g_assert_cmpstr (PQresultErrorField (result, PG_DIAG_SQLSTATE), ==, "42501");
      PQclear (result);
    }
  g_free (count);
  count = fol_test_pg_value (admin, "SELECT count (*) FROM audit_log WHERE patient_id = 'p1'");
  g_assert_cmpstr (count, ==, "2");

  PQfinish (clinician);
  if (admin_password != NULL)
    g_setenv ("PGPASSWORD", admin_password, TRUE);
  g_unsetenv ("PGPASSFILE");
  g_clear_object (&store);
  PQfinish (admin);
  fol_test_pg_drop_database (name);
  admin = fol_test_pg_admin ();
  fol_test_pg_exec (admin, "DROP ROLE IF EXISTS follicle_test_clinician");
  PQfinish (admin);
  g_unlink (pgpass);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* First, while no other thread runs: it changes the environment. */
  g_test_add_func ("/pg/audit/names-user-and-holds", test_audit_names_user_and_holds);
  g_test_add_func ("/pg/open/empty-gets-schema", test_empty_gets_schema);
  g_test_add_func ("/pg/open/newer-refused", test_newer_refused);
  g_test_add_func ("/pg/open/from-every-version", test_from_every_version);
  g_test_add_func ("/pg/open/foreign-database-untouched", test_foreign_database_untouched);
  g_test_add_func ("/pg/open/password-in-location-refused", test_password_in_location_refused);
  g_test_add_func ("/pg/open/read-only-command-on-empty-database",
                   test_read_only_command_on_empty_database);
  g_test_add_func ("/pg/open/concurrent-first-open", test_concurrent_first_open);

  return g_test_run ();
}
