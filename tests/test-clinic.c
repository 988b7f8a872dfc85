/* test-clinic.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fol-clinic.h"
#include "fol-clinic-file.h"
#include "fol-error.h"
#include "test-helpers.h"

/* A clinic opened by its location, and what the store says of the clinic
 * as a whole: the factory, readers for other threads, snapshots.
 */

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("follicle-clinic-XXXXXX", NULL);
  f->db = g_build_filename (f->dir, "clinic", "follicle.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  helper_remove_tree (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* A clinic server's address is opened as a server (here one that cannot
 * be reached, which says so), never taken for a file: nothing is made in
 * the working folder. An address of another kind is refused, naming it.
 * A command that needs a file refuses a server's address.
 */
static void
test_server_refused (Fixture       *f,
                     gconstpointer  data)
{
  static const char *const servers[] = {
    "postgresql://clinic.example/follicle",
    "postgres://reception@clinic.example:5432/follicle?sslmode=verify-full",
    "host=clinic.example dbname=follicle",
  };
  g_autofree char *cwd = g_get_current_dir ();

  g_assert_cmpint (chdir (f->dir), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FolStore) store = NULL;

      g_assert_true (fol_clinic_location_is_server (servers[i]));
      store = fol_clinic_open (servers[i], FOL_CLINIC_OPEN_NONE, &error);
      g_assert_null (store);
      g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_IO);
      g_assert_nonnull (strstr (error->message, "Cannot reach the clinic server"));
      g_assert_nonnull (strstr (error->message, "clinic.example"));
      g_clear_error (&error);

      g_assert_false (fol_clinic_location_is_file (servers[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_assert_nonnull (strstr (error->message, servers[i]));
      g_assert_nonnull (strstr (error->message, "is a clinic server, and this needs a clinic file"));
    }

  for (guint i = 0; i < 2; i++)
    {
      const char *other = i == 0 ? "mysql://clinic.example/follicle"
                                 : "POSTGRESQL://clinic.example/follicle";
      g_autoptr(GError) error = NULL;
      g_autoptr(FolStore) store = fol_clinic_open (other, FOL_CLINIC_OPEN_NONE, &error);

      g_assert_null (store);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_assert_nonnull (strstr (error->message, other));
      g_assert_nonnull (strstr (error->message, "not supported in this build"));
    }
  g_assert_cmpuint (count_entries (f->dir), ==, 0);

  /* A file whose name holds a colon is still a file. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FolStore) store = fol_clinic_open ("clinic:2026.db", FOL_CLINIC_OPEN_NONE, &error);

    g_assert_no_error (error);
    g_assert_nonnull (store);
    g_assert_true (g_file_test ("clinic:2026.db", G_FILE_TEST_IS_REGULAR));
  }
  g_assert_cmpint (chdir (cwd), ==, 0);
}

static void
test_existing (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = NULL;

  store = fol_clinic_open (f->db, FOL_CLINIC_OPEN_READ_ONLY | FOL_CLINIC_OPEN_EXISTING, &error);
  g_assert_null (store);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, f->db));
  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  store = fol_clinic_open (f->db, FOL_CLINIC_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fol_store_get_location (store), ==, f->db);
  g_assert_false (fol_store_is_read_only (store));
  g_clear_object (&store);

  store = fol_clinic_open (f->db, FOL_CLINIC_OPEN_READ_ONLY | FOL_CLINIC_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_true (fol_store_is_read_only (store));
}

static void
test_whole_clinic (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = fol_clinic_open (f->db, FOL_CLINIC_OPEN_NONE, &error);
  g_autofree char *data_dir = NULL;
  g_autofree char *expected_dir = g_path_get_dirname (f->db);
  g_autofree char *id = NULL;
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  data_dir = fol_store_get_data_dir (store);
  g_assert_cmpstr (data_dir, ==, expected_dir);
  id = fol_store_get_clinic_id (store, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (id));
  /* The clinic's, not the store's: the same when it is opened again. */
  g_clear_object (&store);
  store = fol_clinic_open (f->db, FOL_CLINIC_OPEN_NONE, &error);
  again = fol_store_get_clinic_id (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, id);
}

typedef struct
{
  FolStore   *reader;
  const char *patient_id;
  char       *name;
} ThreadRead;

static gpointer
read_in_thread (gpointer data)
{
  ThreadRead *r = data;
  g_autoptr(FolPatient) patient = fol_store_get_patient (r->reader, r->patient_id, NULL);

  r->name = patient ? g_strdup (fol_patient_get_name (patient)) : NULL;
  return NULL;
}

/* A reader is read-only, independent of its store, sees what the store
 * committed, and works from another thread.
 */
static void
test_reader (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = fol_clinic_open (f->db, FOL_CLINIC_OPEN_NONE, &error);
  g_autoptr(FolStore) reader = NULL;
  g_autoptr(FolPatient) patient = NULL;
  g_autofree char *id = NULL;
  g_autofree char *later = NULL;
  ThreadRead r = { 0 };
  GThread *thread;

  g_assert_no_error (error);
  id = helper_add_patient (store, "Ada Reader");
  reader = fol_store_open_reader (store, &error);
  g_assert_no_error (error);
  g_assert_true (reader != store);
  g_assert_true (fol_store_is_read_only (reader));
  g_assert_false (fol_store_is_read_only (store));
  g_assert_cmpstr (fol_store_get_location (reader), ==, fol_store_get_location (store));

  /* Written after the reader was opened: it sees the commit. */
  later = helper_add_patient (store, "Bea Later");
  r.reader = reader;
  r.patient_id = later;
  thread = g_thread_new ("reader", read_in_thread, &r);
  g_thread_join (thread);
  g_assert_cmpstr (r.name, ==, "Bea Later");
  g_free (r.name);

  /* It writes nothing. */
  patient = fol_store_get_patient (reader, id, &error);
  g_assert_no_error (error);
  fol_patient_set_name (patient, "Changed");
  g_assert_false (fol_store_save_patient (reader, patient, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_READ_ONLY);
  g_clear_object (&patient);
  g_clear_error (&error);

  /* Independent: it outlives its store. */
  g_clear_object (&store);
  g_assert_cmpuint (fol_store_count_patients (reader, &error), ==, 2);
  g_assert_no_error (error);
}

/* A snapshot is a clinic file of the archive format, checked, holding
 * what the store held; it is never written over a file that holds
 * something.
 */
static void
test_snapshot (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = fol_clinic_open (f->db, FOL_CLINIC_OPEN_NONE, &error);
  g_autoptr(FolStoreSnapshot) snapshot = NULL;
  g_autoptr(FolStore) copy = NULL;
  g_autofree char *path = g_build_filename (f->dir, "snapshot.db", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *id = NULL;
  g_autofree char *copy_id = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_no_error (error);
  g_free (helper_add_patient (store, "Ada Snapshot"));
  g_free (helper_add_patient (store, "Bea Snapshot"));
  id = fol_store_get_clinic_id (store, NULL);

  snapshot = fol_store_snapshot (store, path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  g_assert_cmpuint (snapshot->n_patients, ==, 2);
  g_assert_cmpuint (snapshot->schema_version, ==, fol_clinic_file_schema_version ());
  g_assert_cmpstr (snapshot->clinic_id, ==, id);
  g_assert_cmpuint (snapshot->photos->len, ==, 0);
  g_assert_cmpuint (snapshot->tables->len, >, 0);
  g_assert_true (fol_clinic_file_verify (path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (helper_count (path, "SELECT count(*) FROM patients"), ==, 2);
  copy_id = fol_clinic_file_read_id (path);
  g_assert_cmpstr (copy_id, ==, id);

  /* One self-contained file. */
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);

    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }

  /* A file that holds something is left as it was. */
  g_assert_true (g_file_set_contents (other, "not mine", -1, NULL));
  before = helper_file_sha256 (other);
  g_clear_pointer (&snapshot, fol_store_snapshot_free);
  snapshot = fol_store_snapshot (store, other, &error);
  g_assert_null (snapshot);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  after = helper_file_sha256 (other);
  g_assert_cmpstr (after, ==, before);
  g_clear_error (&error);

  /* And it opens as a clinic. */
  copy = fol_clinic_open (path, FOL_CLINIC_OPEN_READ_ONLY | FOL_CLINIC_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_store_count_patients (copy, NULL), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/clinic/server-refused", test_server_refused);
  ADD ("/clinic/existing", test_existing);
  ADD ("/clinic/whole-clinic", test_whole_clinic);
  ADD ("/clinic/reader", test_reader);
  ADD ("/clinic/snapshot", test_snapshot);
#undef ADD

  return g_test_run ();
}
