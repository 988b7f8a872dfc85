/* test-protected.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fol-archive.h"
#include "fol-demo.h"
#include "fol-patient-file.h"
#include "fol-sealed.h"
#include "fol-sqlite-store.h"
#include "fol-test-run.h"

/* Patient files and backup archives protected with a passphrase, through
 * the command line as a clinician uses them: unreadable without it, the
 * same records with it, and refused, with nothing changed, for a wrong
 * passphrase or any changed byte. */

typedef struct
{
  char *dir;
  char *db;
  char *pass;
  char *wrong;
  char *patient_id;
  char *patient_name;
} Fixture;

static gboolean
contains (GBytes     *bytes,
          const char *needle)
{
  gsize len = 0, n = strlen (needle);
  const guint8 *data = g_bytes_get_data (bytes, &len);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static GBytes *
read_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static char *
file_sha (const char *path)
{
  g_autoptr(GBytes) bytes = read_file (path);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static void
flip_byte (const char *path,
           gsize       at)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (at, <, length);
  contents[at] ^= 0x20;
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = NULL;
  g_autoptr(GListModel) patients = NULL;
  g_autoptr(FolPatient) patient = NULL;
  guint n = 0;

  if (g_getenv ("FOLLICLE_BIN") == NULL)
    {
      g_test_skip ("FOLLICLE_BIN is not set");
      return;
    }
  f->dir = g_dir_make_tmp ("follicle-protected-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "clinic.db", NULL);
  f->pass = g_build_filename (f->dir, "pass", NULL);
  f->wrong = g_build_filename (f->dir, "wrong", NULL);
  g_assert_true (g_file_set_contents (f->pass, "horse staple battery\n", -1, NULL));
  g_assert_true (g_file_set_contents (f->wrong, "horse staple batterz\n", -1, NULL));

  store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (fol_demo_populate (FOL_STORE (store), FOL_DEMO_SEED, &n, &error));
  g_assert_no_error (error);
  patients = fol_store_list_patients (FOL_STORE (store), "Keller", NULL);
  patient = g_list_model_get_item (patients, 0);
  f->patient_id = g_strdup (fol_patient_get_id (patient));
  f->patient_name = g_strdup (fol_patient_get_name (patient));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->dir != NULL)
    remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->pass);
  g_free (f->wrong);
  g_free (f->patient_id);
  g_free (f->patient_name);
}

static void
test_patient_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_auto(Run) share = { 0 };
  g_auto(Run) clinic = { 0 };
  g_auto(Run) opened = { 0 };
  g_auto(Run) wrong = { 0 };
  g_auto(Run) none = { 0 };
  g_auto(Run) altered = { 0 };

  if (f->dir == NULL)
    return;
  file = g_build_filename (f->dir, "keller.follicle", NULL);

  run (&share, "--database", f->db, "--patient", f->patient_id, "--share", file,
       "--passphrase-file", f->pass, NULL);
  g_assert_cmpint (share.status, ==, 0);

  /* Nothing of the patient is readable in the file. */
  bytes = read_file (file);
  g_assert_true (fol_sealed_has_magic (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));
  g_assert_false (contains (bytes, "SQLite format 3"));
  g_assert_false (contains (bytes, "Keller"));
  g_assert_false (contains (bytes, f->patient_id));

  /* With the passphrase, the same summary as from the clinic. */
  run (&clinic, "--database", f->db, "--patient", f->patient_id, "--summary", NULL);
  run (&opened, "--open-share", file, "--passphrase-file", f->pass, "--summary", NULL);
  g_assert_cmpint (clinic.status, ==, 0);
  g_assert_cmpint (opened.status, ==, 0);
  g_assert_cmpstr (opened.out, ==, clinic.out);

  /* A wrong passphrase, no passphrase, an altered byte: each refused, and
   * said so. */
  run (&wrong, "--open-share", file, "--passphrase-file", f->wrong, "--summary", NULL);
  g_assert_cmpint (wrong.status, ==, 1);
  g_assert_nonnull (strstr (wrong.err, "The passphrase is not the one the file was protected with"));
  run (&none, "--open-share", file, "--summary", NULL);
  g_assert_cmpint (none.status, ==, 1);
  g_assert_nonnull (strstr (none.err, "a passphrase is needed"));
  flip_byte (file, g_bytes_get_size (bytes) / 2);
  run (&altered, "--open-share", file, "--passphrase-file", f->pass, "--summary", NULL);
  g_assert_cmpint (altered.status, ==, 1);
  g_assert_nonnull (strstr (altered.err, "altered or damaged"));
}

static void
test_archive (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *archive = NULL;
  g_autofree char *other_db = NULL;
  g_autofree char *other_sha = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_auto(Run) backup = { 0 };
  g_auto(Run) restore = { 0 };
  g_auto(Run) wrong = { 0 };
  g_auto(Run) none = { 0 };
  g_auto(Run) altered = { 0 };
  g_auto(Run) cut = { 0 };
  g_auto(Run) listed = { 0 };

  if (f->dir == NULL)
    return;
  archive = g_build_filename (f->dir, "offsite.tar", NULL);
  other_db = g_build_filename (f->dir, "elsewhere", "clinic.db", NULL);

  run (&backup, "--database", f->db, "--backup", archive, "--passphrase-file", f->pass, NULL);
  g_assert_cmpint (backup.status, ==, 0);
  bytes = read_file (archive);
  g_assert_true (fol_sealed_has_magic (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));
  g_assert_false (contains (bytes, "follicle/MANIFEST"));
  g_assert_false (contains (bytes, "Keller"));

  /* Restored elsewhere with the passphrase: the same patients. */
  run (&restore, "--database", other_db, "--restore", archive, "--passphrase-file", f->pass, NULL);
  g_assert_cmpint (restore.status, ==, 0);
  run (&listed, "--database", other_db, "--list-patients", NULL);
  g_assert_nonnull (strstr (listed.out, f->patient_name));
  other_sha = file_sha (other_db);

  /* Refused, the restored clinic untouched: wrong passphrase, none, a
   * changed byte, the end cut off. */
  run (&wrong, "--database", other_db, "--restore", archive, "--passphrase-file", f->wrong, NULL);
  g_assert_cmpint (wrong.status, ==, 1);
  g_assert_nonnull (strstr (wrong.err, "The passphrase is not the one"));
  run (&none, "--database", other_db, "--restore", archive, NULL);
  g_assert_cmpint (none.status, ==, 1);
  g_assert_nonnull (strstr (none.err, "a passphrase is needed"));

  flip_byte (archive, g_bytes_get_size (bytes) / 2);
  run (&altered, "--database", other_db, "--restore", archive, "--passphrase-file", f->pass, NULL);
  g_assert_cmpint (altered.status, ==, 1);
  g_assert_nonnull (strstr (altered.err, "altered or damaged"));

  g_assert_true (g_file_set_contents (archive, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes) - 100, NULL));
  run (&cut, "--database", other_db, "--restore", archive, "--passphrase-file", f->pass, NULL);
  g_assert_cmpint (cut.status, ==, 1);
  g_assert_nonnull (strstr (cut.err, "altered or damaged"));
  {
    g_autofree char *after = file_sha (other_db);
    g_assert_cmpstr (after, ==, other_sha);
  }
}

static void
test_short_passphrase (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *shortpass = NULL;
  g_autofree char *file = NULL;
  g_autofree char *archive = NULL;
  g_auto(Run) share = { 0 };
  g_auto(Run) backup = { 0 };
  g_auto(Run) alone = { 0 };

  if (f->dir == NULL)
    return;
  shortpass = g_build_filename (f->dir, "short", NULL);
  file = g_build_filename (f->dir, "p.follicle", NULL);
  archive = g_build_filename (f->dir, "b.tar", NULL);
  g_assert_true (g_file_set_contents (shortpass, "1234567\n", -1, NULL));

  run (&share, "--database", f->db, "--patient", f->patient_id, "--share", file,
       "--passphrase-file", shortpass, NULL);
  g_assert_cmpint (share.status, ==, 1);
  g_assert_nonnull (strstr (share.err, "at least 8 characters"));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));

  run (&backup, "--database", f->db, "--backup", archive, "--passphrase-file", shortpass, NULL);
  g_assert_cmpint (backup.status, ==, 1);
  g_assert_nonnull (strstr (backup.err, "at least 8 characters"));
  g_assert_false (g_file_test (archive, G_FILE_TEST_EXISTS));

  /* On its own it protects nothing: refused as a wrong argument. */
  run (&alone, "--database", f->db, "--list-patients", "--passphrase-file", f->pass, NULL);
  g_assert_cmpint (alone.status, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/protected/patient-file", Fixture, NULL, fixture_setup, test_patient_file,
              fixture_teardown);
  g_test_add ("/protected/archive", Fixture, NULL, fixture_setup, test_archive, fixture_teardown);
  g_test_add ("/protected/short-passphrase", Fixture, NULL, fixture_setup, test_short_passphrase,
              fixture_teardown);

  return g_test_run ();
}
