/* test-migrations.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fol-photo-count.h"
#include "fol-sqlite-migrations.h"
#include "fol-sqlite-store.h"
#include "test-helpers.h"

#define PATIENT_ID "5b0c3f6e-8a7e-4f4b-9d63-0d5e3c1a2b77"
#define VISIT_ID   "0f6a9d2c-1e3b-4c5d-8e7f-a1b2c3d4e5f6"

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;

  sqlite3_exec (db, sql, NULL, NULL, &message);
  if (message != NULL)
    g_error ("%s: %s", sql, message);
}

/* A clinic as version @version of Follicle left it, with one patient, a
 * visit and a measurement written in that version's schema.
 */
static void
make_database (const char *path,
               guint       version)
{
  sqlite3 *db = NULL;
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", version);
  g_autofree char *set_id = g_strdup_printf ("PRAGMA application_id = %d", FOL_SQLITE_APPLICATION_ID);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_ok (db, "BEGIN");
  _fol_sqlite_migration_functions (db, TRUE);
  for (guint v = 1; v <= version; v++)
    exec_ok (db, _fol_sqlite_migration (v));
  exec_ok (db, set_version);
  exec_ok (db, set_id);
  exec_ok (db,
           "INSERT INTO patients (id, name, sort_name, birth_date, created_at, updated_at)"
           " VALUES ('" PATIENT_ID "', 'Ida Older', 'ida older', '1970-06-01',"
           " '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z');"
           "INSERT INTO visits (id, patient_id, visit_date, kind, created_at, updated_at)"
           " VALUES ('" VISIT_ID "', '" PATIENT_ID "', '2024-01-02', 'baseline',"
           " '2024-01-02T00:00:00.000Z', '2024-01-02T00:00:00.000Z');"
           "INSERT INTO measurements (visit_id, region, total_density)"
           " VALUES ('" VISIT_ID "', 'vertex', 123.4);");
  /* Photos and their marks exist from version 2. */
  if (version >= 2)
    exec_ok (db,
             "INSERT INTO photos (id, visit_id, region, sha256, width, height, px_per_mm,"
             " created_at) VALUES ('ph-old', '" VISIT_ID "', 'vertex', 'abc', 640, 480, 100,"
             " '2024-01-02T00:00:00.000Z');"
             "INSERT INTO photo_marks (photo_id, position, x, y) VALUES ('ph-old', 0, 10.5, 20.25)");
  /* From version 5 on, Follicle writes each patient's search key. */
  if (version >= 5)
    exec_ok (db, "UPDATE patients SET search_key = fol_search_key (name, diagnosis)");
  _fol_sqlite_migration_functions (db, FALSE);
  exec_ok (db, "COMMIT");
  sqlite3_close (db);
}

static int
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static int
user_version (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int v = -1;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

/* From every earlier version to the current one, the data intact. */
static void
test_from_every_version (void)
{
  guint latest = fol_sqlite_store_schema_version ();
  g_autofree char *dir = g_dir_make_tmp ("follicle-migrate-XXXXXX", NULL);

  g_assert_cmpuint (latest, >=, 2);

  for (guint version = 1; version < latest; version++)
    {
      g_autofree char *name = g_strdup_printf ("v%u.db", version);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(FolSqliteStore) store = NULL;
      g_autoptr(FolHistory) history = NULL;
      g_autoptr(FolPatient) added = fol_patient_new ();
      int n_audit;

      g_test_message ("from version %u", version);
      make_database (path, version);
      g_assert_cmpint (user_version (path), ==, version);
      n_audit = count_rows (path, "SELECT count(*) FROM audit_log");
      g_assert_cmpint (n_audit, >, 0);

      store = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
      g_assert_no_error (error);
      g_assert_cmpint (user_version (path), ==, latest);
      /* Filling the search keys of the patients there is no edit. */
      g_assert_cmpint (count_rows (path, "SELECT count(*) FROM audit_log"), ==, n_audit);
      {
        g_autoptr(GListModel) found = fol_store_list_patients (FOL_STORE (store), "OLDER ida", &error);

        g_assert_no_error (error);
        g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
      }

      history = fol_store_load_history (FOL_STORE (store), PATIENT_ID, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (fol_patient_get_name (fol_history_get_patient (history)), ==, "Ida Older");
      g_assert_cmpuint (fol_history_get_n_visits (history), ==, 1);
      g_assert_cmpfloat (fol_history_get_value (history, 0, FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_VERTEX),
                         ==, 123.4);
      /* Values a version did not have are missing, not 0. */
      {
        FolMeasurement *m = fol_history_get_measurement (history, 0, FOL_REGION_VERTEX);

        g_assert_true (isnan (fol_measurement_get_telogen (m)));
        g_assert_cmpint (fol_visit_get_aa_iga (fol_history_get_visit (history, 0)), ==,
                         FOL_NO_SCORE);
      }

      /* The upgraded clinic stores the new values, and audits them. */
      {
        g_autoptr(FolVisit) visit = fol_visit_copy (fol_history_get_visit (history, 0));
        g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
        g_autoptr(FolMeasurement) m = fol_measurement_new ();
        g_autoptr(FolHistory) again = NULL;

        fol_visit_set_salt_top (visit, 50);
        fol_visit_set_salt_back (visit, 0);
        fol_visit_set_salt_right (visit, 0);
        fol_visit_set_salt_left (visit, 0);
        fol_visit_set_aa_iga (visit, 1);
        fol_measurement_set_region (m, FOL_REGION_VERTEX);
        fol_measurement_set_total_density (m, 123.4);
        fol_measurement_set_anagen (m, 80);
        fol_measurement_set_telogen (m, 20);
        g_ptr_array_add (ms, g_object_ref (m));
        g_assert_true (fol_store_save_visit (FOL_STORE (store), visit, ms, &error));
        g_assert_no_error (error);
        again = fol_store_load_history (FOL_STORE (store), PATIENT_ID, &error);
        g_assert_no_error (error);
        g_assert_cmpint (fol_visit_get_aa_iga (fol_history_get_visit (again, 0)), ==, 1);
        g_assert_cmpfloat (fol_measurement_get_telogen (
                             fol_history_get_measurement (again, 0, FOL_REGION_VERTEX)), ==, 20);
        g_assert_cmpint (count_rows (path, "SELECT count(*) FROM audit_log WHERE entity = 'visits'"
                                           " AND json_extract (after, '$.aa_iga') = 1"), ==, 1);
        g_assert_cmpint (count_rows (path, "SELECT count(*) FROM audit_log"
                                           " WHERE entity = 'measurements'"
                                           " AND json_extract (after, '$.telogen_percent') = 20"),
                         ==, 1);
      }

      helper_assert_takes_protocols (FOL_STORE (store), PATIENT_ID);

      /* A mark from before has no recorded origin or diameter; the upgraded
       * clinic keeps both, a rejected suggestion too, and audits them.
       */
      if (version >= 2)
        {
          g_autoptr(GArray) marks = NULL;
          FolPhotoField field = { 0, };
          gboolean has_field = FALSE;
          FolPhotoMark kept[] = {
            { .x = 10.5, .y = 20.25, .origin = FOL_MARK_SUGGESTED_MOVED, .diameter_um = 62.5 },
            { .x = 30, .y = 40, .origin = FOL_MARK_REJECTED, .diameter_um = 18 },
            { .x = 50, .y = 60, .origin = FOL_MARK_BY_HAND, .diameter_um = NAN },
          };

          g_assert_true (fol_store_load_photo_count (FOL_STORE (store), "ph-old", &has_field,
                                                     &field, &marks, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (marks->len, ==, 1);
          g_assert_cmpfloat (g_array_index (marks, FolPhotoMark, 0).y, ==, 20.25);
          g_assert_cmpint (g_array_index (marks, FolPhotoMark, 0).origin, ==,
                           FOL_MARK_UNRECORDED);
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
          g_assert_cmpuint (marks->len, ==, 3);
          g_assert_cmpint (g_array_index (marks, FolPhotoMark, 0).origin, ==,
                           FOL_MARK_SUGGESTED_MOVED);
          g_assert_cmpfloat (g_array_index (marks, FolPhotoMark, 0).diameter_um, ==, 62.5);
          g_assert_cmpint (g_array_index (marks, FolPhotoMark, 1).origin, ==, FOL_MARK_REJECTED);
          g_assert_cmpint (g_array_index (marks, FolPhotoMark, 2).origin, ==, FOL_MARK_BY_HAND);
          g_assert_true (isnan (g_array_index (marks, FolPhotoMark, 2).diameter_um));
          g_assert_cmpint (count_rows (path, "SELECT count(*) FROM audit_log"
                                             " WHERE entity = 'photo_marks'"
                                             " AND json_extract (after, '$.origin') = 'rejected'"
                                             " AND json_extract (after, '$.diameter_um') = 18"),
                           ==, 1);
        }

      /* And the upgraded clinic takes new records. */
      fol_patient_set_name (added, "Jo Newer");
      g_assert_true (fol_store_save_patient (FOL_STORE (store), added, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (fol_store_count_patients (FOL_STORE (store), NULL), ==, 2);
      {
        g_autoptr(GListModel) found = fol_store_list_patients (FOL_STORE (store), "older", &error);

        g_assert_no_error (error);
        g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
      }

      g_clear_object (&store);
      {
        g_autofree char *wal = g_strconcat (path, "-wal", NULL);
        g_autofree char *shm = g_strconcat (path, "-shm", NULL);

        g_unlink (wal);
        g_unlink (shm);
      }
      g_unlink (path);
    }

  g_rmdir (dir);
}

/* An upgrade that fails half way leaves the old version as it was. */
static void
test_failed_upgrade_untouched (void)
{
  guint latest = fol_sqlite_store_schema_version ();
  g_autofree char *dir = g_dir_make_tmp ("follicle-migrate-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "v1.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = NULL;
  sqlite3 *db = NULL;

  make_database (path, 1);
  /* A table the next migration wants to create already exists. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  {
    const char *next = _fol_sqlite_migration (2);
    const char *create = strstr (next, "CREATE TABLE ");
    g_autofree char *name = NULL;
    g_autofree char *sql = NULL;

    g_assert_nonnull (create);
    name = g_strndup (create + 13, strcspn (create + 13, " ("));
    sql = g_strdup_printf ("CREATE TABLE %s (x)", name);
    exec_ok (db, sql);
  }
  sqlite3_close (db);

  store = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_cmpint (user_version (path), ==, 1);
  g_assert_cmpint (latest, >, 1);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fol_date_set_today (fol_date_new (2026, 11, 25));

  g_test_add_func ("/migrations/from-every-version", test_from_every_version);
  g_test_add_func ("/migrations/failed-upgrade", test_failed_upgrade_untouched);

  return g_test_run ();
}
