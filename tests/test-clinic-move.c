/* test-clinic-move.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Moving a clinic between a workstation and a clinic server with the
 * command line, as a user would: `--backup` on one, `--restore` into the
 * other, and every command on a server's address. Runs against the
 * throwaway PostgreSQL cluster of build-aux/dev test (fol-test-pg.h).
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "fol-clinic-file.h"
#include "fol-sqlite-store.h"
#include "fol-test-pg.h"
#include "fol-test-run.h"
#include "test-helpers.h"

typedef struct
{
  char *dir;
  char *db;        /* a workstation's clinic with the demo patients */
  char *database;  /* an empty database on the test cluster */
  char *server;    /* its address, postgresql:///… */
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_auto(Run) r = { 0 };

  f->database = fol_test_pg_create_database ();
  if (f->database == NULL)
    return;
  f->server = g_strdup_printf ("postgresql:///%s", f->database);
  f->dir = g_dir_make_tmp ("follicle-move-XXXXXX", NULL);
  f->db = g_build_filename (f->dir, "clinic.db", NULL);
  run (&r, "--database", f->db, "--demo", NULL);
  g_assert_cmpint (r.status, ==, 0);

  /* A patient follows one of the demo's protocols. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FolStore) store = FOL_STORE (fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_NONE,
                                                                  &error));
    g_autoptr(GPtrArray) protocols = NULL;
    g_autoptr(GPtrArray) ids = NULL;
    g_autoptr(FolProtocolAssignment) a = fol_protocol_assignment_new ();

    g_assert_no_error (error);
    protocols = fol_store_list_protocols (store, &error);
    g_assert_no_error (error);
    ids = fol_store_list_patient_ids (store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (protocols->len, >, 0);
    fol_protocol_assignment_set_patient_id (a, g_ptr_array_index (ids, 0));
    fol_protocol_assignment_set_protocol_id (a, fol_protocol_get_id (g_ptr_array_index (protocols, 0)));
    fol_protocol_assignment_set_start_date (a, helper_date ("2025-08-01"));
    g_assert_true (fol_store_save_assignment (store, a, &error));
    g_assert_no_error (error);
  }
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->dir != NULL)
    helper_remove_tree (f->dir);
  fol_test_pg_drop_database (f->database);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->database);
  g_free (f->server);
}

/* What the command line prints for @location: `--list-patients`. */
static char *
list_patients (const char *location)
{
  g_auto(Run) r = { 0 };

  run (&r, "--database", location, "--list-patients", NULL);
  g_assert_cmpint (r.status, ==, 0);
  return g_steal_pointer (&r.out);
}

/* Every patient's `--summary`, one after the other. */
static char *
summaries (const char *location)
{
  g_autofree char *list = list_patients (location);
  g_auto(GStrv) lines = g_strsplit (list, "\n", -1);
  g_autoptr(GString) all = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 2);
      g_auto(Run) r = { 0 };

      if (fields[0] == NULL || fields[1] == NULL)
        continue;
      run (&r, "--database", location, "--patient", fields[0], "--summary", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_string_append (all, r.out);
      n++;
    }
  g_assert_cmpuint (n, ==, 8);
  return g_string_free (g_steal_pointer (&all), FALSE);
}

/* The bytes `--export-csv` writes for @location. */
static GBytes *
export_csv (Fixture    *f,
            const char *location,
            const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_auto(Run) r = { 0 };
  char *contents = NULL;
  gsize length = 0;

  run (&r, "--database", location, "--export-csv", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  return g_bytes_new_take (contents, length);
}

static char *
server_value (Fixture    *f,
              const char *sql)
{
  PGconn *conn = fol_test_pg_connect (f->database);
  char *value = fol_test_pg_value (conn, sql);

  PQfinish (conn);
  return value;
}

/* A workstation's clinic moved onto a server and back exports the same
 * spreadsheet, byte for byte, and the same summaries; the server's backup
 * is an archive of the same format, restored into a new clinic file.
 */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *first_tar = NULL;
  g_autofree char *server_tar = NULL;
  g_autofree char *back = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) server_csv = NULL;
  g_autoptr(GBytes) back_csv = NULL;
  g_autofree char *list = NULL;
  g_autofree char *summary = NULL;

  if (f->database == NULL)
    return;

  first_tar = g_build_filename (f->dir, "clinic.tar", NULL);
  server_tar = g_build_filename (f->dir, "server.tar", NULL);
  back = g_build_filename (f->dir, "back", "clinic.db", NULL);
  csv = export_csv (f, f->db, "clinic.csv");
  list = list_patients (f->db);
  summary = summaries (f->db);

  {
    g_auto(Run) r = { 0 };

    run (&r, "--database", f->db, "--backup", first_tar, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    g_auto(Run) r = { 0 };

    run (&r, "--database", f->server, "--restore", first_tar, NULL);
    g_test_message ("%s%s", r.out, r.err);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Moved 8 patients into the clinic server"));
    g_assert_nonnull (strstr (r.out, f->server));
  }

  server_csv = export_csv (f, f->server, "server.csv");
  g_assert_true (g_bytes_equal (server_csv, csv));
  {
    g_autofree char *server_list = list_patients (f->server);
    g_autofree char *server_summary = summaries (f->server);

    g_assert_cmpstr (server_list, ==, list);
    g_assert_cmpstr (server_summary, ==, summary);
  }

  {
    g_auto(Run) r = { 0 };

    run (&r, "--database", f->server, "--backup", server_tar, NULL);
    g_test_message ("%s%s", r.out, r.err);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Saved the clinic and 0 photos to"));
  }
  {
    g_auto(Run) r = { 0 };

    run (&r, "--database", back, "--restore", server_tar, NULL);
    g_test_message ("%s%s", r.out, r.err);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Restored 8 patients into"));
  }

  back_csv = export_csv (f, back, "back.csv");
  g_assert_true (g_bytes_equal (back_csv, csv));
  {
    g_autofree char *back_list = list_patients (back);
    g_autofree char *back_summary = summaries (back);
    g_autofree char *server_id = server_value (f, "SELECT uuid FROM clinic");
    g_autofree char *back_id = fol_clinic_file_read_id (back);

    g_assert_cmpstr (back_list, ==, list);
    g_assert_cmpstr (back_summary, ==, summary);
    /* The clinic file is the server's clinic: its id came along. */
    g_assert_nonnull (server_id);
    g_assert_cmpstr (back_id, ==, server_id);
  }
}

/* A server that holds patients is never mixed with an archive: the
 * restore is refused, says why, and writes nothing.
 */
static void
test_not_empty (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *tar = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *audit_before = NULL;
  g_autofree char *audit_after = NULL;

  if (f->database == NULL)
    return;

  tar = g_build_filename (f->dir, "clinic.tar", NULL);
  {
    g_auto(Run) backup = { 0 };
    g_auto(Run) demo = { 0 };

    run (&backup, "--database", f->db, "--backup", tar, NULL);
    g_assert_cmpint (backup.status, ==, 0);
    /* The server's own patients: the demo clinic, made afresh. */
    run (&demo, "--database", f->server, "--demo", NULL);
    g_assert_cmpint (demo.status, ==, 0);
  }
  before = export_csv (f, f->server, "before.csv");
  audit_before = server_value (f, "SELECT count(*) || ' ' || coalesce (max (id), 0)"
                                  " FROM audit_log");

  {
    g_auto(Run) r = { 0 };

    run (&r, "--database", f->server, "--restore", tar, NULL);
    g_test_message ("%s", r.err);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "already holds 8 patients"));
    g_assert_nonnull (strstr (r.err, "Nothing was restored"));
  }

  after = export_csv (f, f->server, "after.csv");
  audit_after = server_value (f, "SELECT count(*) || ' ' || coalesce (max (id), 0)"
                                 " FROM audit_log");
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpstr (audit_after, ==, audit_before);
}

/* A clinic with a photo moves onto a server and back: the photo's bytes
 * reach the server, and come back identical in the clinic file. */
static void
test_photos_moved (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 48);
  g_autofree char *png = NULL;
  g_autofree char *tar = NULL;
  g_autofree char *patient_id = NULL;
  g_autofree char *visit_date = NULL;
  g_autofree char *n_patients = NULL;
  g_autofree char *n_photos = NULL;
  g_autofree char *server_sha = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr(GBytes) png_bytes = NULL;
  g_autofree char *server_tar = NULL;
  g_autofree char *back = NULL;

  if (f->database == NULL)
    return;

  {
    g_autoptr(FolSqliteStore) store = NULL;
    g_autoptr(GPtrArray) ids = NULL;
    g_autoptr(FolHistory) history = NULL;

    store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_READ_ONLY, &error);
    g_assert_no_error (error);
    ids = fol_store_list_patient_ids (FOL_STORE (store), &error);
    g_assert_no_error (error);
    patient_id = g_strdup (g_ptr_array_index (ids, 0));
    history = fol_store_load_history (FOL_STORE (store), patient_id, &error);
    g_assert_no_error (error);
    visit_date = fol_date_to_iso (fol_visit_get_date (fol_history_get_visit (history, 0)));
  }
  png = g_build_filename (f->dir, "crown.png", NULL);
  gdk_pixbuf_fill (pixbuf, 0x806040ff);
  gdk_pixbuf_save (pixbuf, png, "png", &error, NULL);
  g_assert_no_error (error);
  tar = g_build_filename (f->dir, "clinic.tar", NULL);
  server_tar = g_build_filename (f->dir, "server.tar", NULL);
  back = g_build_filename (f->dir, "back.db", NULL);
  {
    g_auto(Run) add = { 0 };
    g_auto(Run) backup = { 0 };

    run (&add, "--database", f->db, "--patient", patient_id, "--add-photos", "--visit",
         visit_date, "--region", "vertex", png, NULL);
    g_assert_cmpint (add.status, ==, 0);
    run (&backup, "--database", f->db, "--backup", tar, NULL);
    g_assert_cmpint (backup.status, ==, 0);
    g_assert_nonnull (strstr (backup.out, "Saved the clinic and 1 photo to"));
  }
  {
    g_auto(Run) r = { 0 };

    run (&r, "--database", f->server, "--restore", tar, NULL);
    g_test_message ("%s%s", r.out, r.err);
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
    sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
    png_bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  }
  n_patients = server_value (f, "SELECT count(*) FROM patients");
  n_photos = server_value (f, "SELECT count(*) FROM photos p JOIN photo_files b USING (sha256)");
  server_sha = server_value (f, "SELECT sha256 FROM photos");
  g_assert_cmpstr (n_patients, ==, "8");
  g_assert_cmpstr (n_photos, ==, "1");
  g_assert_cmpstr (server_sha, ==, sha256);
  {
    g_auto(Run) backup = { 0 };
    g_auto(Run) restore = { 0 };

    run (&backup, "--database", f->server, "--backup", server_tar, NULL);
    g_test_message ("%s%s", backup.out, backup.err);
    g_assert_cmpint (backup.status, ==, 0);
    g_assert_nonnull (strstr (backup.out, "Saved the clinic and 1 photo to"));
    run (&restore, "--database", back, "--restore", server_tar, NULL);
    g_test_message ("%s%s", restore.out, restore.err);
    g_assert_cmpint (restore.status, ==, 0);
  }
  {
    g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (back, FOL_SQLITE_STORE_FLAGS_READ_ONLY,
                                                             &error);
    g_autoptr(GPtrArray) photos = NULL;
    g_autoptr(GBytes) bytes = NULL;

    g_assert_no_error (error);
    photos = fol_store_list_photos (FOL_STORE (store), patient_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (photos->len, ==, 1);
    g_assert_cmpstr (fol_photo_get_sha256 (g_ptr_array_index (photos, 0)), ==, sha256);
    bytes = fol_store_load_photo_bytes (FOL_STORE (store), sha256, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (bytes, png_bytes));
  }
}

/* Every command that reads or writes a clinic works on a server's address. */
static void
test_commands (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *csv_path = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) server_csv = NULL;
  g_autofree char *list = NULL;

  if (f->database == NULL)
    return;

  csv = export_csv (f, f->db, "clinic.csv");
  csv_path = g_build_filename (f->dir, "clinic.csv", NULL);
  list = list_patients (f->db);

  {
    g_auto(Run) dry = { 0 };
    g_auto(Run) r = { 0 };

    /* A dry run writes nothing, so it makes no clinic in the empty
     * database either: it says so, as on a clinic file that is not there. */
    run (&dry, "--database", f->server, "--import-csv", csv_path, "--dry-run", NULL);
    g_assert_cmpint (dry.status, ==, 1);
    g_assert_nonnull (strstr (dry.err, "holds no clinic"));
    run (&r, "--database", f->server, "--import-csv", csv_path, NULL);
    g_test_message ("%s%s", r.out, r.err);
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    g_autofree char *server_list = list_patients (f->server);

    g_assert_cmpstr (server_list, ==, list);
  }
  server_csv = export_csv (f, f->server, "server.csv");
  g_assert_true (g_bytes_equal (server_csv, csv));

  /* The same file again changes nothing. */
  {
    g_auto(Run) r = { 0 };
    g_autofree char *audit = server_value (f, "SELECT count(*) FROM audit_log");
    g_autofree char *audit_after = NULL;

    run (&r, "--database", f->server, "--import-csv", csv_path, NULL);
    g_assert_cmpint (r.status, ==, 0);
    audit_after = server_value (f, "SELECT count(*) FROM audit_log");
    g_assert_cmpstr (audit_after, ==, audit);
  }

  /* A key=value address works as the URI does. */
  {
    g_autofree char *conninfo = g_strdup_printf ("dbname=%s", f->database);
    g_autofree char *by_key = list_patients (conninfo);

    g_assert_cmpstr (by_key, ==, list);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/clinic-move/round-trip", Fixture, NULL, setup, test_round_trip, teardown);
  g_test_add ("/clinic-move/not-empty", Fixture, NULL, setup, test_not_empty, teardown);
  g_test_add ("/clinic-move/commands", Fixture, NULL, setup, test_commands, teardown);
  g_test_add ("/clinic-move/photos-moved", Fixture, NULL, setup, test_photos_moved, teardown);

  return g_test_run ();
}
