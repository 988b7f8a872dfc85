/* test-patient-file.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fol-demo.h"
#include "fol-error.h"
#include "fol-patient-file.h"
#include "fol-photo-files.h"
#include "fol-sqlite-store-export.h"
#include "fol-summary.h"
#include "fol-test-store.h"
#include "test-private-photo.h"

/* The clinician's private notes, one in each notes column of the schema. */
static const char * const planted_notes[] = {
  "PRIVATE patient note: suspected depression",
  "PRIVATE visit note: asked about the fee",
  "PRIVATE measurement note: recount, rater tired",
  "PRIVATE session note: patient anxious",
};

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
add_photo_bytes (Fixture    *f,
                 GBytes     *bytes,
                 const char *extension,
                 int         width,
                 int         height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolHistory) history = fol_store_load_history (FOL_STORE (f->store), f->patient_id, &error);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_autofree char *data_dir = fol_sqlite_store_get_data_dir (f->store);
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(FolPhoto) photo = fol_photo_new ();
  char prefix[3] = { sha[0], sha[1], 0 };

  dir = g_build_filename (data_dir, "photos", prefix, NULL);
  name = g_strdup_printf ("%s.%s", sha, extension);
  path = g_build_filename (dir, name, NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), &error));

  g_assert_no_error (error);
  fol_photo_set_visit_id (photo, fol_visit_get_id (fol_history_get_visit (history, 0)));
  fol_photo_set_region (photo, FOL_REGION_VERTEX);
  fol_photo_set_sha256 (photo, sha);
  fol_photo_set_original_name (photo, "IMG_PLANTED_NAME.jpg");
  fol_photo_set_width (photo, width);
  fol_photo_set_height (photo, height);
  g_assert_true (fol_store_save_photo (FOL_STORE (f->store), photo, &error));
  g_assert_no_error (error);
}

/* A 64 × 32 JPEG turned upright by its EXIF (orientation 6) to 32 × 64,
 * with a GPS position, camera serial, artist and comments.
 */
static void
add_photo (Fixture *f)
{
  f->photo = jpeg_with_private_metadata (64, 32, 6);
  add_photo_bytes (f, f->photo, "jpg", 32, 64);
}

static void
exec_sql (const char *path,
          const char *sql,
          const char *arg1,
          const char *arg2)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, arg1, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, arg2, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* A private note in every notes column, for the patient in the file. */
static void
plant_notes (Fixture *f)
{
  const char *db = fol_sqlite_store_get_path (f->store);

  exec_sql (db, "UPDATE patients SET notes = ?1 WHERE id = ?2", planted_notes[0], f->patient_id);
  exec_sql (db, "UPDATE visits SET notes = ?1 WHERE patient_id = ?2", planted_notes[1],
            f->patient_id);
  exec_sql (db, "UPDATE measurements SET notes = ?1 WHERE visit_id IN"
            " (SELECT id FROM visits WHERE patient_id = ?2)", planted_notes[2], f->patient_id);
  exec_sql (db, "UPDATE treatment_sessions SET notes = ?1 WHERE patient_id = ?2", planted_notes[3],
            f->patient_id);
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
  plant_notes (f);
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

  g_assert_true (fol_patient_file_write (FOL_STORE (f->store), f->patient_id, path,
                                          FOL_PATIENT_FILE_FLAGS_NONE, &error));
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
  photos = fol_store_list_photos (FOL_STORE (shared), f->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 1);
  photo = fol_store_load_photo_bytes (FOL_STORE (shared), fol_photo_get_sha256 (g_ptr_array_index (photos, 0)), &error);
  g_assert_no_error (error);
  g_assert_false (g_bytes_equal (photo, f->photo));
  {
    g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, photo);

    g_assert_cmpstr (fol_photo_get_sha256 (g_ptr_array_index (photos, 0)), ==, sha);
  }
  {
    g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
    GdkPixbuf *pixbuf;
    const guint8 *pixels;
    int stride, n;

    g_assert_true (gdk_pixbuf_loader_write_bytes (loader, photo, &error));
    g_assert_true (gdk_pixbuf_loader_close (loader, &error));
    g_assert_no_error (error);
    pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);

    /* Upright in its pixels: 32 × 64, the stored left half (red) on top,
     * and nothing left to turn it again.
     */
    g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 32);
    g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 64);
    g_assert_null (gdk_pixbuf_get_option (pixbuf, "orientation"));
    pixels = gdk_pixbuf_read_pixels (pixbuf);
    stride = gdk_pixbuf_get_rowstride (pixbuf);
    n = gdk_pixbuf_get_n_channels (pixbuf);
    g_assert_cmpint (pixels[8 * stride + 16 * n], >, 180);
    g_assert_cmpint (pixels[8 * stride + 16 * n + 2], <, 80);
    g_assert_cmpint (pixels[56 * stride + 16 * n], <, 80);
    g_assert_cmpint (pixels[56 * stride + 16 * n + 2], >, 180);
  }

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

/* Writing the file needs the store interface only: from a store that is
 * not the SQLite one, the same records and the photo, without its
 * metadata, go into the file.
 */
static void
test_any_store (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) any = fol_test_store_new (FOL_STORE (f->store));
  g_autofree char *path = g_build_filename (f->dir, "any.follicle", NULL);
  g_autofree char *patient_id = NULL;
  g_autoptr(FolSqliteStore) shared = NULL;
  g_autoptr(FolHistory) original = NULL;
  g_autoptr(FolHistory) copy = NULL;
  g_autofree char *table_original = NULL;
  g_autofree char *table_copy = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GBytes) photo = NULL;

  g_assert_true (fol_patient_file_write (any, f->patient_id, path, FOL_PATIENT_FILE_FLAGS_NONE,
                                         &error));
  g_assert_no_error (error);
  g_assert_cmpuint (FOL_TEST_STORE (any)->n_calls, >, 0);

  shared = fol_patient_file_open (path, &patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (patient_id, ==, f->patient_id);
  original = fol_store_load_history (FOL_STORE (f->store), f->patient_id, &error);
  g_assert_no_error (error);
  copy = fol_store_load_history (FOL_STORE (shared), f->patient_id, &error);
  g_assert_no_error (error);
  table_original = fol_summary_table (original, FOL_DEFAULT_CHANGE_THRESHOLD);
  table_copy = fol_summary_table (copy, FOL_DEFAULT_CHANGE_THRESHOLD);
  g_assert_cmpstr (table_copy, ==, table_original);

  photos = fol_store_list_photos (FOL_STORE (shared), f->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 1);
  g_assert_null (fol_photo_get_original_name (g_ptr_array_index (photos, 0)));
  photo = fol_store_load_photo_bytes (FOL_STORE (shared), fol_photo_get_sha256 (g_ptr_array_index (photos, 0)),
                                       &error);
  g_assert_no_error (error);
  g_assert_nonnull (photo);
  g_assert_false (g_bytes_equal (photo, f->photo));
  g_assert_cmpint (query_count (path, "SELECT count(*) FROM audit_log"), ==, 0);
  g_assert_cmpint (query_count (path, "SELECT count(*) FROM patients WHERE notes IS NOT NULL"), ==, 0);
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
  assert_refused (name_flipped, "damaged");
  contents[at] ^= 0x01;

  /* One byte of the photo changed. */
  {
    g_autoptr(FolSqliteStore) shared = fol_patient_file_open (path, NULL, NULL);
    g_autoptr(GPtrArray) photos = fol_store_list_photos (FOL_STORE (shared), f->patient_id, NULL);
    g_autoptr(GBytes) stored = NULL;

    stored = fol_store_load_photo_bytes (FOL_STORE (shared),
                                         fol_photo_get_sha256 (g_ptr_array_index (photos, 0)),
                                         NULL);

    at = find_bytes (contents, len, g_bytes_get_data (stored, NULL), 64);
  }
  g_assert_cmpuint (at, !=, G_MAXSIZE);
  contents[at + 10] ^= 0x80;
  g_assert_true (g_file_set_contents (photo_flipped, contents, len, NULL));
  assert_refused (photo_flipped, "damaged");

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

  g_assert_false (fol_patient_file_write (FOL_STORE (f->store), "nobody", path,
                                           FOL_PATIENT_FILE_FLAGS_NONE, &error));
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

static char *
share_with (Fixture             *f,
            const char          *name,
            FolPatientFileFlags  flags)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (fol_patient_file_write (FOL_STORE (f->store), f->patient_id, path, flags, &error));
  g_assert_no_error (error);
  return path;
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static gboolean
bytes_have (GBytes     *bytes,
            const char *needle)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  return data_contains (data, len, needle, strlen (needle));
}

static char *
run (const char * const *argv,
     int                *out_status)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  if (out_status != NULL)
    *out_status = status;
  else
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* exiftool's view of a photo: the tags that must not be there. */
static void
assert_exiftool_clean (GBytes *photo)
{
  g_autofree char *exiftool = g_find_program_in_path ("exiftool");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;

  if (exiftool == NULL)
    {
      g_test_message ("exiftool is not installed: the bytes alone are checked");
      return;
    }
  dir = g_dir_make_tmp ("follicle-exif-XXXXXX", NULL);
  path = g_build_filename (dir, "photo.jpg", NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (photo, NULL), g_bytes_get_size (photo),
                                      NULL));
  {
    const char *argv[] = { exiftool, "-s", "-G", "-a", "-EXIF:all", "-XMP:all", "-IPTC:all",
                           "-GPS:all", "-File:Comment", "-Comment", path, NULL };

    out = run (argv, NULL);
  }
  g_test_message ("exiftool: “%s”", out);
  g_assert_cmpstr (g_strstrip (out), ==, "");
  g_unlink (path);
  g_rmdir (dir);
}

/* The photos in a patient file are pixels: not a byte of the camera's
 * metadata, and not the file name they were imported under.
 */
static void
test_no_photo_metadata (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autofree char *path = share_with (f, "clean.follicle", FOL_PATIENT_FILE_INCLUDE_NOTES);
  g_autoptr(GBytes) file = read_bytes (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) shared = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GBytes) photo = NULL;
  gsize len;
  const guint8 *data;

  /* The clinic's copy holds all of it, as the camera wrote it. */
  data = g_bytes_get_data (f->photo, &len);
  g_assert_true (data_contains (data, len, PLANTED_SERIAL, strlen (PLANTED_SERIAL)));
  g_assert_true (data_contains (data, len, planted_gps, sizeof planted_gps));

  data = g_bytes_get_data (file, &len);
  assert_no_planted_metadata (data, len, "The patient file");
  g_assert_false (bytes_have (file, "IMG_PLANTED_NAME"));

  shared = fol_patient_file_open (path, NULL, &error);
  g_assert_no_error (error);
  photos = fol_store_list_photos (FOL_STORE (shared), f->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 1);
  g_assert_null (fol_photo_get_original_name (g_ptr_array_index (photos, 0)));
  photo = fol_store_load_photo_bytes (FOL_STORE (shared), fol_photo_get_sha256 (g_ptr_array_index (photos, 0)),
                                       &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (photo, &len);
  assert_no_planted_metadata (data, len, "The shared photo");
  /* A JPEG of pixels: start of image, then straight to JFIF, no APP1. */
  g_assert_cmpint (data[0], ==, 0xff);
  g_assert_cmpint (data[1], ==, 0xd8);
  g_assert_false (data_contains (data, len, "\xff\xe1", 2));
  g_assert_false (data_contains (data, len, "\xff\xfe", 2));
  assert_exiftool_clean (photo);
}

static gint64
count_notes (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = 0;
  guint columns = 0;

  /* Every column of the schema whose name speaks of notes. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT m.name, c.name FROM sqlite_master m,"
                                       " pragma_table_info (m.name) c WHERE m.type = 'table'"
                                       " AND c.name LIKE '%note%'", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\""
                                              " WHERE \"%s\" IS NOT NULL",
                                              sqlite3_column_text (stmt, 0),
                                              sqlite3_column_text (stmt, 1));
      sqlite3_stmt *count = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &count, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (count), ==, SQLITE_ROW);
      n += sqlite3_column_int64 (count, 0);
      sqlite3_finalize (count);
      columns++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (columns, >=, 4);
  return n;
}

static void
test_notes_left_out (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autofree char *without = share_with (f, "without.follicle", FOL_PATIENT_FILE_FLAGS_NONE);
  g_autofree char *with = share_with (f, "with.follicle", FOL_PATIENT_FILE_INCLUDE_NOTES);
  g_autoptr(GBytes) without_bytes = read_bytes (without);
  g_autoptr(GBytes) with_bytes = read_bytes (with);

  g_assert_cmpint (count_notes (fol_sqlite_store_get_path (f->store)), >, 0);
  g_assert_cmpint (count_notes (without), ==, 0);
  g_assert_cmpint (count_notes (with), >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (planted_notes); i++)
    {
      g_assert_false (bytes_have (without_bytes, planted_notes[i]));
      g_assert_true (bytes_have (with_bytes, planted_notes[i]));
    }

  /* Without its notes, the file still opens and tells the same story. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FolSqliteStore) shared = fol_patient_file_open (without, NULL, &error);
    g_autoptr(FolHistory) copy = NULL;
    g_autoptr(FolHistory) original = NULL;
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;

    g_assert_no_error (error);
    copy = fol_store_load_history (FOL_STORE (shared), f->patient_id, &error);
    g_assert_no_error (error);
    original = fol_store_load_history (FOL_STORE (f->store), f->patient_id, &error);
    g_assert_no_error (error);
    g_assert_null (fol_patient_get_notes (fol_history_get_patient (copy)));
    a = fol_summary_table (original, FOL_DEFAULT_CHANGE_THRESHOLD);
    b = fol_summary_table (copy, FOL_DEFAULT_CHANGE_THRESHOLD);
    g_assert_cmpstr (a, ==, b);
  }
}

/* A PNG of a few hundred bytes claiming 30000 × 30000 pixels is refused
 * from its header, at once, with a message saying so; nothing is written.
 */
static void
test_huge_photo (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autoptr(GBytes) png = png_claiming (30000, 30000);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "huge.follicle", NULL);
  gint64 start;

  g_assert_cmpuint (g_bytes_get_size (png), <, 4096);
  add_photo_bytes (f, png, "png", 30000, 30000);

  start = g_get_monotonic_time ();
  g_assert_false (fol_patient_file_write (FOL_STORE (f->store), f->patient_id, path,
                                           FOL_PATIENT_FILE_FLAGS_NONE, &error));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "too large"));
  g_assert_nonnull (strstr (error->message, "30000"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static gboolean
have_tool (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

/* What the command line writes for the patient: the share file and the
 * report, without the camera's metadata and, unless asked, the notes.
 */
static void
check_outputs (Fixture  *f,
               gboolean  include_notes)
{
  const char *bin = g_getenv ("FOLLICLE_BIN");
  const char *db = fol_sqlite_store_get_path (f->store);
  g_autofree char *share = g_build_filename (f->dir, include_notes ? "n.follicle" : "p.follicle",
                                            NULL);
  g_autofree char *report = g_build_filename (f->dir, include_notes ? "n.pdf" : "p.pdf", NULL);
  g_autofree char *reports = g_build_filename (f->dir, include_notes ? "all-n" : "all-p", NULL);
  /* The option, or nothing: the list ends early without it. */
  const char *notes = include_notes ? "--include-notes" : NULL;
  g_autoptr(GBytes) share_bytes = NULL;
  g_autoptr(GBytes) pdf_bytes = NULL;
  g_autoptr(GByteArray) streams = NULL;
  g_autofree char *text = NULL;
  g_autofree char *report_name = NULL;
  g_autofree char *batch_pdf = NULL;

  {
    const char *argv[] = { bin, "--database", db, "--patient", f->patient_id, "--share", share,
                           notes, NULL };
    g_free (run (argv, NULL));
  }
  {
    const char *argv[] = { bin, "--database", db, "--patient", f->patient_id,
                           "--export-report", report, notes, NULL };
    g_free (run (argv, NULL));
  }
  {
    const char *argv[] = { bin, "--database", db, "--export-reports", reports, notes, NULL };
    g_autoptr(GDir) dir = NULL;
    const char *name;

    g_free (run (argv, NULL));
    dir = g_dir_open (reports, 0, NULL);
    g_assert_nonnull (dir);
    /* Files are named after the patient, then the first 8 characters of
     * the ID. */
    {
      g_autofree char *suffix = g_strdup_printf ("-%.8s.pdf", f->patient_id);

      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, suffix))
          batch_pdf = g_build_filename (reports, name, NULL);
    }
    g_assert_nonnull (batch_pdf);
  }

  share_bytes = read_bytes (share);
  assert_no_planted_metadata (g_bytes_get_data (share_bytes, NULL), g_bytes_get_size (share_bytes),
                              "The patient file");
  pdf_bytes = read_bytes (report);
  assert_no_planted_metadata (g_bytes_get_data (pdf_bytes, NULL), g_bytes_get_size (pdf_bytes),
                              "The report");
  streams = pdf_inflate_streams (g_bytes_get_data (pdf_bytes, NULL), g_bytes_get_size (pdf_bytes));
  g_assert_cmpuint (streams->len, >, g_bytes_get_size (pdf_bytes));
  assert_no_planted_metadata (streams->data, streams->len, "The report's streams");

  if (have_tool ("pdftotext"))
    {
      const char *argv[] = { "pdftotext", "-enc", "UTF-8", report, "-", NULL };
      const char *batch_argv[] = { "pdftotext", "-enc", "UTF-8", batch_pdf, "-", NULL };
      g_autofree char *batch_text = run (batch_argv, NULL);
      g_autofree char *flat = NULL;
      g_autofree char *batch_flat = NULL;

      text = run (argv, NULL);
      /* Lines joined: a note may wrap. */
      flat = g_strdelimit (g_strdup (text), "\n", ' ');
      batch_flat = g_strdelimit (g_strdup (batch_text), "\n", ' ');
      g_assert_nonnull (strstr (flat, "Photos: before and after"));
      for (guint i = 0; i < G_N_ELEMENTS (planted_notes); i++)
        {
          gboolean found = strstr (flat, planted_notes[i]) != NULL;
          gboolean batch_found = strstr (batch_flat, planted_notes[i]) != NULL;

          if (found != include_notes || batch_found != include_notes)
            g_error ("“%s” is %s the report", planted_notes[i], found ? "in" : "not in");
        }
      g_assert_null (strstr (flat, PLANTED_SERIAL));
    }
  else
    g_test_message ("pdftotext is not installed: the report's text is not checked");

  for (guint i = 0; i < G_N_ELEMENTS (planted_notes); i++)
    if (bytes_have (share_bytes, planted_notes[i]) != include_notes)
      g_error ("“%s” is %s the patient file", planted_notes[i], include_notes ? "not in" : "in");
}

static void
test_cli_private (Fixture       *f,
                  gconstpointer  user_data)
{
  const char *bin = g_getenv ("FOLLICLE_BIN");

  if (bin == NULL || !g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("FOLLICLE_BIN is not set");
      return;
    }

  check_outputs (f, FALSE);
  check_outputs (f, TRUE);

  /* --include-notes with a command that writes nothing for the patient. */
  {
    const char *argv[] = { bin, "--database", fol_sqlite_store_get_path (f->store),
                           "--include-notes", "--patient", f->patient_id, "--summary", NULL };
    int status = -1;

    g_free (run (argv, &status));
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  }
}

/* The patient file's summary, without a window, is the clinic's. */
static void
test_open_share_summary (Fixture       *f,
                         gconstpointer  user_data)
{
  const char *bin = g_getenv ("FOLLICLE_BIN");
  g_autofree char *path = NULL;
  g_autofree char *clinic = NULL;
  g_autofree char *shared = NULL;
  int status = -1;

  if (bin == NULL || !g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("FOLLICLE_BIN is not set");
      return;
    }

  path = share_with (f, "summary.follicle", FOL_PATIENT_FILE_FLAGS_NONE);
  {
    const char *argv[] = { bin, "--database", fol_sqlite_store_get_path (f->store),
                           "--patient", f->patient_id, "--summary", NULL };

    clinic = run (argv, NULL);
  }
  {
    const char *argv[] = { bin, "--open-share", path, "--summary", NULL };

    shared = run (argv, NULL);
  }
  g_assert_cmpuint (strlen (clinic), >, 0);
  g_assert_cmpstr (shared, ==, clinic);

  /* A damaged file: refused, exit status 1. */
  {
    g_autofree char *bad = g_build_filename (f->dir, "bad.follicle", NULL);
    const char *argv[] = { bin, "--open-share", bad, "--summary", NULL };

    g_assert_true (g_file_set_contents (bad, "not a patient file", -1, NULL));
    g_free (run (argv, &status));
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  }
  /* Without --summary: a usage error. */
  {
    const char *argv[] = { bin, "--open-share", path, NULL };

    g_free (run (argv, &status));
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  }
}

/* A file written before photos were stripped and notes left out still
 * opens: the format is the same, only what goes into it changed. Any photo
 * it holds is decoded through the one bounded decoder.
 */
static void
test_older_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", "patient-file",
                                                 "priya.follicle", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *patient_id = NULL;
  g_autoptr(FolSqliteStore) store = fol_patient_file_open (path, &patient_id, &error);
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(GPtrArray) photos = NULL;

  g_assert_no_error (error);
  history = fol_store_load_history (FOL_STORE (store), patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_history_get_n_visits (history), >, 0);
  photos = fol_store_list_photos (FOL_STORE (store), patient_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < photos->len; i++)
    {
      const char *sha256 = fol_photo_get_sha256 (g_ptr_array_index (photos, i));
      g_autoptr(GBytes) bytes = fol_store_load_photo_bytes (FOL_STORE (store), sha256, &error);
      g_autoptr(GdkPixbuf) pixbuf = NULL;

      g_assert_no_error (error);
      pixbuf = fol_photo_decode (bytes, "photo", 64, &error);
      g_assert_no_error (error);
      g_assert_cmpint (MAX (gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf)), <=,
                       64);
    }
  g_test_message ("%u photos", photos->len);
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
  ADD ("/patient-file/any-store", test_any_store);
  ADD ("/patient-file/altered", test_altered);
  ADD ("/patient-file/refused", test_refused_files);
  ADD ("/patient-file/unknown-patient", test_unknown_patient);
  ADD ("/patient-file/cli", test_cli);
  ADD ("/patient-file/no-photo-metadata", test_no_photo_metadata);
  ADD ("/patient-file/notes-left-out", test_notes_left_out);
  ADD ("/patient-file/huge-photo", test_huge_photo);
  ADD ("/patient-file/cli-private", test_cli_private);
  ADD ("/patient-file/open-share-summary", test_open_share_summary);
  g_test_add_func ("/patient-file/older-file", test_older_file);

  {
    int status;

    make_template ();
    status = g_test_run ();
    remove_template ();
    return status;
  }
}
