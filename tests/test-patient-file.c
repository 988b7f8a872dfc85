/* test-patient-file.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fol-demo.h"
#include "fol-error.h"
#include "fol-patient-file.h"
#include "fol-sqlite-store-export.h"
#include "fol-summary.h"

typedef struct
{
  char           *dir;
  FolSqliteStore *store;
  char           *patient_id;
  char           *other_name;  /* a patient who must not be in the file */
  GBytes         *photo;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* A photo file in the clinic's photos folder and its record. */
static void
add_photo (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolHistory) history = fol_store_load_history (FOL_STORE (f->store), f->patient_id, &error);
  g_autofree char *sha = NULL;
  g_autofree char *data_dir = fol_sqlite_store_get_data_dir (f->store);
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(FolPhoto) photo = fol_photo_new ();
  guint8 bytes[4096];
  char prefix[3];

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (i * 7 + 3) & 0xff;
  f->photo = g_bytes_new (bytes, sizeof bytes);
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, f->photo);
  prefix[0] = sha[0];
  prefix[1] = sha[1];
  prefix[2] = 0;
  dir = g_build_filename (data_dir, "photos", prefix, NULL);
  name = g_strdup_printf ("%s.jpg", sha);
  path = g_build_filename (dir, name, NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, (const char *) bytes, sizeof bytes, &error));

  g_assert_no_error (error);
  fol_photo_set_visit_id (photo, fol_visit_get_id (fol_history_get_visit (history, 0)));
  fol_photo_set_region (photo, FOL_REGION_VERTEX);
  fol_photo_set_sha256 (photo, sha);
  fol_photo_set_width (photo, 64);
  fol_photo_set_height (photo, 64);
  g_assert_true (fol_store_save_photo (FOL_STORE (f->store), photo, &error));
  g_assert_no_error (error);
}


/* The demo clinic is made once and copied for each test: making it
 * commits (and syncs) once per record.
 */
static char *template_db;

static void
make_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("follicle-share-template-XXXXXX", &error);
  g_autoptr(FolSqliteStore) store = NULL;

  g_assert_no_error (error);
  template_db = g_build_filename (dir, "clinic.db", NULL);
  store = fol_sqlite_store_open (template_db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (fol_demo_populate (FOL_STORE (store), FOL_DEMO_SEED, NULL, &error));
  g_assert_no_error (error);
}

static void
remove_template (void)
{
  g_autofree char *dir = g_path_get_dirname (template_db);

  remove_tree (dir);
  g_clear_pointer (&template_db, g_free);
}

static FolSqliteStore *
open_demo_copy (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (dir, "clinic.db", NULL);
  g_autofree char *contents = NULL;
  gsize len;
  FolSqliteStore *store;

  g_assert_true (g_file_get_contents (template_db, &contents, &len, &error));
  g_assert_true (g_file_set_contents_full (db, contents, len, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_no_error (error);
  store = fol_sqlite_store_open (db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  return store;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) patients = NULL;
  g_autoptr(FolPatient) first = NULL;
  g_autoptr(FolPatient) second = NULL;

  f->dir = g_dir_make_tmp ("follicle-share-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = open_demo_copy (f->dir);

  patients = fol_store_list_patients (FOL_STORE (f->store), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (patients), >=, 2);
  first = g_list_model_get_item (patients, 0);
  second = g_list_model_get_item (patients, 1);
  f->patient_id = g_strdup (fol_patient_get_id (first));
  f->other_name = g_strdup (fol_patient_get_name (second));
  add_photo (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_assert_finalize_object (f->store);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->patient_id);
  g_free (f->other_name);
  g_bytes_unref (f->photo);
}

static char *
write_share (Fixture    *f,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (fol_patient_file_write (FOL_STORE (f->store), f->patient_id, path, &error));
  g_assert_no_error (error);
  return path;
}

static gint64
query_count (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_share (f, "patient.follicle");
  g_autofree char *patient_id = NULL;
  g_autoptr(FolSqliteStore) shared = NULL;
  g_autoptr(FolHistory) original = NULL;
  g_autoptr(FolHistory) copy = NULL;
  g_autofree char *table_original = NULL;
  g_autofree char *table_copy = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GBytes) photo = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  shared = fol_patient_file_open (path, &patient_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (shared);
  g_assert_cmpstr (patient_id, ==, f->patient_id);

  /* The same records, read through the same store code. */
  g_assert_cmpuint (fol_store_count_patients (FOL_STORE (shared), NULL), ==, 1);
  original = fol_store_load_history (FOL_STORE (f->store), f->patient_id, &error);
  g_assert_no_error (error);
  copy = fol_store_load_history (FOL_STORE (shared), f->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_history_get_n_visits (copy), ==, fol_history_get_n_visits (original));
  g_assert_cmpuint (fol_history_get_n_sessions (copy), ==, fol_history_get_n_sessions (original));
  table_original = fol_summary_table (original, FOL_DEFAULT_CHANGE_THRESHOLD);
  table_copy = fol_summary_table (copy, FOL_DEFAULT_CHANGE_THRESHOLD);
  g_assert_cmpstr (table_copy, ==, table_original);

  /* Photos travel inside the file. */
  photos = fol_sqlite_store_list_photos (shared, f->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 1);
  photo = fol_sqlite_store_load_photo (shared, fol_photo_get_sha256 (g_ptr_array_index (photos, 0)), &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (photo, f->photo));

  /* Read-only: nothing can be changed, and nothing appears beside it. */
  {
    g_autoptr(FolPatient) p = fol_store_get_patient (FOL_STORE (shared), f->patient_id, &error);

    g_assert_no_error (error);
    fol_patient_set_notes (p, "changed");
    g_assert_false (fol_store_save_patient (FOL_STORE (shared), p, &error));
    g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_READ_ONLY);
    g_clear_error (&error);
  }
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)))
    g_assert_false (g_str_has_prefix (name, "patient.follicle-") || g_str_has_prefix (name, ".patient"));

  /* The manifest. */
  g_assert_cmpint (query_count (path, "SELECT count(*) FROM manifest WHERE key IN"
                                " ('app_version', 'schema_version', 'created_at', 'patient_id', 'checksum')"), ==, 5);
  g_assert_cmpint (query_count (path, "SELECT length(value) FROM manifest WHERE key = 'checksum'"), ==, 64);
}

static void
test_only_this_patient (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autofree char *path = write_share (f, "only.follicle");
  g_autofree char *contents = NULL;
  g_autofree char *other = NULL;
  g_autofree char *visits = NULL;
  gsize len;

  g_assert_cmpint (query_count (path, "SELECT count(*) FROM patients"), ==, 1);
  other = g_strdup_printf ("SELECT count(*) FROM patients WHERE id <> '%s'", f->patient_id);
  g_assert_cmpint (query_count (path, other), ==, 0);
  visits = g_strdup_printf ("SELECT count(*) FROM visits WHERE patient_id <> '%s'", f->patient_id);
  g_assert_cmpint (query_count (path, visits), ==, 0);
  g_assert_cmpint (query_count (path, "SELECT count(*) FROM visits"), >, 0);
  g_assert_cmpint (query_count (path, "SELECT count(*) FROM measurements m"
                                " LEFT JOIN visits v ON v.id = m.visit_id WHERE v.id IS NULL"), ==, 0);
  g_assert_cmpint (query_count (path, "SELECT count(*) FROM treatment_sessions"), >, 0);
  g_assert_cmpint (query_count (path, "SELECT count(*) FROM audit_log"), ==, 0);
  g_assert_cmpint (query_count (path, "SELECT count(*) FROM photo_files"), ==, 1);

  /* Not even in free pages: another patient's name is nowhere in the bytes. */
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  for (gsize i = 0; i + strlen (f->other_name) <= len; i++)
    g_assert_false (memcmp (contents + i, f->other_name, strlen (f->other_name)) == 0);
}

static gsize
find_bytes (const char *data,
            gsize       len,
            const void *needle,
            gsize       n)
{
  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return i;
  return G_MAXSIZE;
}

static void
assert_refused (const char *path,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = fol_patient_file_open (path, NULL, &error);

  g_assert_null (store);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, words));
}

static void
test_altered (Fixture       *f,
              gconstpointer  user_data)
{
  g_autofree char *path = write_share (f, "good.follicle");
  g_autofree char *contents = NULL;
  g_autofree char *name_flipped = g_build_filename (f->dir, "name.follicle", NULL);
  g_autofree char *photo_flipped = g_build_filename (f->dir, "photo.follicle", NULL);
  g_autoptr(FolPatient) patient = fol_store_get_patient (FOL_STORE (f->store), f->patient_id, NULL);
  const char *name = fol_patient_get_name (patient);
  gsize len, at;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));

  /* One letter of the patient's name changed. */
  at = find_bytes (contents, len, name, strlen (name));
  g_assert_cmpuint (at, !=, G_MAXSIZE);
  contents[at] ^= 0x01;
  g_assert_true (g_file_set_contents (name_flipped, contents, len, NULL));
  assert_refused (name_flipped, "altered");
  contents[at] ^= 0x01;

  /* One byte of the photo changed. */
  at = find_bytes (contents, len, g_bytes_get_data (f->photo, NULL), 64);
  g_assert_cmpuint (at, !=, G_MAXSIZE);
  contents[at + 10] ^= 0x80;
  g_assert_true (g_file_set_contents (photo_flipped, contents, len, NULL));
  assert_refused (photo_flipped, "altered");

  /* The untouched file still opens. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FolSqliteStore) store = fol_patient_file_open (path, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (store);
  }
}

static void
test_refused_files (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autofree char *path = write_share (f, "whole.follicle");
  g_autofree char *contents = NULL;
  g_autofree char *truncated = g_build_filename (f->dir, "truncated.follicle", NULL);
  g_autofree char *text = g_build_filename (f->dir, "text.follicle", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.follicle", NULL);
  g_autofree char *other_db = g_build_filename (f->dir, "other.follicle", NULL);
  sqlite3 *db = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));

  g_assert_true (g_file_set_contents (truncated, contents, len / 2, NULL));
  assert_refused (truncated, "incomplete");
  g_assert_true (g_file_set_contents (truncated, contents, len - 1, NULL));
  assert_refused (truncated, "incomplete");

  g_assert_true (g_file_set_contents (text, "patient,name\r\n1,Jane\r\n", -1, NULL));
  assert_refused (text, "not a Follicle patient file");
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  assert_refused (empty, "not a Follicle patient file");

  g_assert_cmpint (sqlite3_open (other_db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused (other_db, "not a Follicle patient file");

  /* The clinic database itself is not a patient file. */
  assert_refused (fol_sqlite_store_get_path (f->store), "not a Follicle patient file");

  assert_refused (f->dir, "folder");
  {
    g_autofree char *missing = g_build_filename (f->dir, "missing.follicle", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_null (fol_patient_file_open (missing, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }
}

static void
test_unknown_patient (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "nobody.follicle", NULL);

  g_assert_false (fol_patient_file_write (FOL_STORE (f->store), "nobody", path, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_cli (Fixture       *f,
          gconstpointer  user_data)
{
  const char *bin = g_getenv ("FOLLICLE_BIN");
  g_autofree char *path = g_build_filename (f->dir, "cli.follicle", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *patient_id = NULL;
  g_autoptr(FolSqliteStore) shared = NULL;
  int status = -1;

  if (bin == NULL || !g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("FOLLICLE_BIN is not set");
      return;
    }

  {
    const char *argv[] = { bin, "--database", fol_sqlite_store_get_path (f->store),
                           "--patient", f->patient_id, "--share", path, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  shared = fol_patient_file_open (path, &patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (patient_id, ==, f->patient_id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fol_date_set_today (fol_date_new (2026, 11, 25));

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/patient-file/round-trip", test_round_trip);
  ADD ("/patient-file/only-this-patient", test_only_this_patient);
  ADD ("/patient-file/altered", test_altered);
  ADD ("/patient-file/refused", test_refused_files);
  ADD ("/patient-file/unknown-patient", test_unknown_patient);
  ADD ("/patient-file/cli", test_cli);

  {
    int status;

    make_template ();
    status = g_test_run ();
    remove_template ();
    return status;
  }
}
