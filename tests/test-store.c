/* test-store.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fol-error.h"
#include "fol-sqlite-store.h"
#include "fol-test-store.h"

typedef struct
{
  char           *dir;
  char           *path;
  FolSqliteStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("follicle-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "clinic", "follicle.db", NULL);
  f->store = fol_sqlite_store_open (f->path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }
  g_remove (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* Raw SQL on a second connection: the test's independent view of the file. */
static gint64
sql_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 v = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

static void
sql_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, sql, NULL, NULL, &message);
  g_assert_null (message);
  sqlite3_close (db);
}

static FolPatient *
make_patient (FolStore   *store,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  FolPatient *p = fol_patient_new ();

  fol_patient_set_name (p, name);
  fol_patient_set_birth_date (p, fol_date_new (1980, 5, 17));
  fol_patient_set_sex (p, "male");
  fol_patient_set_diagnosis (p, "androgenetic_alopecia");
  g_assert_true (fol_store_save_patient (store, p, &error));
  g_assert_no_error (error);
  return p;
}

static FolMeasurement *
make_measurement (FolRegion region,
                  double    total)
{
  FolMeasurement *m = fol_measurement_new ();

  fol_measurement_set_region (m, region);
  fol_measurement_set_total_density (m, total);
  return m;
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static void
test_open_new (Fixture       *f,
               gconstpointer  data)
{
  GStatBuf st;
  g_autofree char *dir = g_path_get_dirname (f->path);

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_assert_cmpint (sql_int (f->path, "PRAGMA user_version"), ==, fol_sqlite_store_schema_version ());
  g_assert_cmpint (sql_int (f->path, "PRAGMA application_id"), ==, 0x466f6c6c);
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM sqlite_master WHERE name = 'visits_by_patient'"), ==, 1);

  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }

  /* Opening again leaves the schema as it is. */
  g_clear_object (&f->store);
  f->store = fol_sqlite_store_open (f->path, FOL_SQLITE_STORE_FLAGS_NONE, NULL);
  g_assert_nonnull (f->store);
  g_assert_cmpint (sql_int (f->path, "PRAGMA user_version"), ==, fol_sqlite_store_schema_version ());
}

static void
test_open_empty_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("follicle-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "empty.db", NULL);
  g_autoptr(FolSqliteStore) store = NULL;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  store = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, fol_sqlite_store_schema_version ());
  g_clear_object (&store);
  remove_tree (dir);
}

typedef struct
{
  const char *name;
  const char *setup_sql;   /* run on a fresh SQLite file, or NULL */
  const char *contents;    /* raw contents, when setup_sql is NULL */
  GQuark      (*domain) (void);
  int         code;
} RefusalCase;

static void
test_open_refused (void)
{
  static const RefusalCase cases[] = {
    { "newer", "CREATE TABLE t (x); PRAGMA application_id = 1181707372; PRAGMA user_version = 999;",
      NULL, fol_store_error_quark, FOL_STORE_ERROR_TOO_NEW },
    { "text", NULL, "name,density\nAnna,150\n", fol_store_error_quark, FOL_STORE_ERROR_NOT_A_DATABASE },
    { "foreign", "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');",
      NULL, fol_store_error_quark, FOL_STORE_ERROR_NOT_A_DATABASE },
    { "other-app-id", "PRAGMA application_id = 42; PRAGMA user_version = 1;",
      NULL, fol_store_error_quark, FOL_STORE_ERROR_NOT_A_DATABASE },
    { "truncated-header", NULL, "SQLite format", fol_store_error_quark, FOL_STORE_ERROR_NOT_A_DATABASE },
  };
  g_autofree char *dir = g_dir_make_tmp ("follicle-store-XXXXXX", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(FolSqliteStore) store = NULL;
      GStatBuf st_before, st_after;

      g_test_message ("case %s", cases[i].name);
      if (cases[i].setup_sql)
        sql_exec (path, cases[i].setup_sql);
      else
        g_assert_true (g_file_set_contents (path, cases[i].contents, -1, NULL));

      before = file_checksum (path);
      g_assert_cmpint (g_stat (path, &st_before), ==, 0);

      store = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
      g_assert_null (store);
      g_assert_error (error, cases[i].domain (), cases[i].code);
      g_assert_nonnull (strstr (error->message, path));

      after = file_checksum (path);
      g_assert_cmpint (g_stat (path, &st_after), ==, 0);
      g_assert_cmpstr (before, ==, after);
      g_assert_cmpint (st_before.st_size, ==, st_after.st_size);
    }

  remove_tree (dir);
}

static void
test_open_directory (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("follicle-store-XXXXXX", NULL);
  g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (dir, FOL_SQLITE_STORE_FLAGS_NONE, &error);

  g_assert_null (store);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  remove_tree (dir);
}

static void
test_patient_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  FolStore *store = FOL_STORE (f->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autoptr(FolPatient) back = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(FolPatient) first = NULL;

  fol_patient_set_name (p, "Zoë Ångström");
  fol_patient_set_birth_date (p, fol_date_new (1991, 2, 3));
  fol_patient_set_sex (p, "female");
  fol_patient_set_diagnosis (p, "female_pattern");
  fol_patient_set_notes (p, "Notes, with \"quotes\"\nand a new line");
  fol_patient_set_site (p, FOL_REGION_VERTEX, "10 cm from glabella on the midline");
  g_assert_null (fol_patient_get_id (p));
  g_assert_true (fol_store_save_patient (store, p, &error));
  g_assert_no_error (error);
  g_assert_nonnull (fol_patient_get_id (p));
  g_assert_true (g_uuid_string_is_valid (fol_patient_get_id (p)));

  back = fol_store_get_patient (store, fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fol_patient_get_name (back), ==, "Zoë Ångström");
  g_assert_cmpuint (fol_patient_get_birth_date (back), ==, fol_date_new (1991, 2, 3));
  g_assert_cmpstr (fol_patient_get_sex (back), ==, "female");
  g_assert_cmpstr (fol_patient_get_diagnosis (back), ==, "female_pattern");
  g_assert_cmpstr (fol_patient_get_notes (back), ==, "Notes, with \"quotes\"\nand a new line");
  g_assert_cmpstr (fol_patient_get_site (back, FOL_REGION_VERTEX), ==, "10 cm from glabella on the midline");
  g_assert_null (fol_patient_get_site (back, FOL_REGION_FRONTAL));
  g_assert_nonnull (fol_patient_get_created_at (back));

  /* Update: same ID, new values, sites replaced. */
  fol_patient_set_name (back, "Zoë Ångström-Berg");
  fol_patient_set_site (back, FOL_REGION_VERTEX, NULL);
  fol_patient_set_site (back, FOL_REGION_FRONTAL, "2 cm behind the hairline");
  g_assert_true (fol_store_save_patient (store, back, &error));
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM patients"), ==, 1);
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM patient_sites"), ==, 1);

  make_patient (store, "Adam Abel");
  g_object_unref (make_patient (store, "Bruno Bauer"));
  g_assert_cmpuint (fol_store_count_patients (store, &error), ==, 3);

  all = fol_store_list_patients (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 3);
  g_assert_true (g_list_model_get_item_type (all) == FOL_TYPE_PATIENT);
  first = g_list_model_get_item (all, 0);
  g_assert_cmpstr (fol_patient_get_name (first), ==, "Adam Abel");
  g_assert_null (g_list_model_get_item (all, 3));

  /* Search by name, case- and accent-insensitive for case, by ID prefix. */
  found = fol_store_list_patients (store, "ÅNGSTRÖM", &error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  g_clear_object (&found);
  {
    g_autofree char *prefix = g_strndup (fol_patient_get_id (p), 8);

    found = fol_store_list_patients (store, prefix, &error);
    g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
    g_clear_object (&found);
  }
  found = fol_store_list_patients (store, "female pattern", &error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  g_clear_object (&found);
  found = fol_store_list_patients (store, "nobody", &error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 0);

  g_object_unref (make_patient (store, "Unused"));
}

static void
test_patient_validation (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = fol_patient_new ();

  fol_patient_set_name (p, "   ");
  g_assert_false (fol_store_save_patient (FOL_STORE (f->store), p, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED);
  g_assert_null (fol_patient_get_id (p));
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM patients"), ==, 0);
}

static void
test_visit_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  FolStore *store = FOL_STORE (f->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = make_patient (store, "Carl Cole");
  g_autoptr(FolVisit) v = fol_visit_new ();
  g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FolHistory) h = NULL;
  FolMeasurement *m;

  fol_visit_set_patient_id (v, fol_patient_get_id (p));
  fol_visit_set_date (v, fol_date_new (2024, 3, 1));
  fol_visit_set_kind (v, "baseline");
  fol_visit_set_norwood (v, "III vertex");
  fol_visit_set_investigator_assessment (v, 0);
  fol_visit_set_salt_top (v, 10);
  fol_visit_set_salt_back (v, 0);
  fol_visit_set_salt_right (v, 5);
  fol_visit_set_salt_left (v, 5);

  m = make_measurement (FOL_REGION_VERTEX, NAN);
  fol_measurement_set_hair_count (m, 91);
  fol_measurement_set_field_area (m, 0.65);
  fol_measurement_set_mean_diameter (m, 62.5);
  g_ptr_array_add (ms, m);
  m = make_measurement (FOL_REGION_FRONTAL, 130.0);
  fol_measurement_set_terminal_density (m, 80.0);
  fol_measurement_set_vellus_density (m, 50.0);
  fol_measurement_set_anagen (m, 0.0);
  g_ptr_array_add (ms, m);
  g_ptr_array_add (ms, make_measurement (FOL_REGION_OCCIPITAL, 0.0));
  /* A region with nothing entered is not stored. */
  g_ptr_array_add (ms, fol_measurement_new ());
  fol_measurement_set_region (g_ptr_array_index (ms, 3), FOL_REGION_MIDSCALP);

  g_assert_true (fol_store_save_visit (store, v, ms, &error));
  g_assert_no_error (error);
  g_assert_nonnull (fol_visit_get_id (v));
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM measurements"), ==, 3);
  /* Missing is NULL, a true zero is 0. */
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM measurements WHERE anagen_percent IS NULL"), ==, 2);
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM measurements WHERE anagen_percent = 0"), ==, 1);
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM measurements WHERE total_density = 0 AND region = 'occipital'"), ==, 1);
  g_assert_cmpint (sql_int (f->path, "SELECT hair_count FROM measurements WHERE region = 'vertex'"), ==, 91);
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM visits WHERE sinclair IS NULL AND patient_assessment IS NULL AND investigator_assessment = 0"), ==, 1);

  h = fol_store_load_history (store, fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_history_get_n_visits (h), ==, 1);
  g_assert_cmpstr (fol_visit_get_norwood (fol_history_get_visit (h, 0)), ==, "III vertex");
  g_assert_cmpint (fol_visit_get_salt_right (fol_history_get_visit (h, 0)), ==, 5);
  g_assert_cmpint (fol_visit_get_sinclair (fol_history_get_visit (h, 0)), ==, FOL_NO_SCORE);
  /* Density derived from count and area: 91 / 0.65 = 140. */
  g_assert_cmpfloat_with_epsilon (fol_history_get_value (h, 0, FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_VERTEX),
                                  140.0, 1e-9);
  g_assert_true (isnan (fol_history_get_value (h, 0, FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_MIDSCALP)));
  g_assert_cmpfloat (fol_history_get_value (h, 0, FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_OCCIPITAL), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (fol_history_get_value (h, 0, FOL_MEASURE_SALT, FOL_REGION_NONE),
                                  (40 * 10 + 24 * 0 + 18 * 5 + 18 * 5) / 100.0, 1e-9);
  g_clear_object (&h);

  /* Saving again with one region less removes that region only. */
  g_ptr_array_remove_index (ms, 2);
  fol_visit_set_kind (v, "follow_up");
  g_assert_true (fol_store_save_visit (store, v, ms, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM visits"), ==, 1);
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM measurements"), ==, 2);
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM measurements WHERE region = 'occipital'"), ==, 0);

  /* Deleting the visit takes its measurements with it. */
  g_assert_true (fol_store_delete_visit (store, fol_visit_get_id (v), &error));
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM measurements"), ==, 0);
  g_assert_false (fol_store_delete_visit (store, fol_visit_get_id (v), &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
}

static void
test_visit_rejected_whole (Fixture       *f,
                           gconstpointer  data)
{
  FolStore *store = FOL_STORE (f->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = make_patient (store, "Dora Diaz");
  g_autoptr(FolVisit) v = fol_visit_new ();
  g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
  FolMeasurement *bad;

  fol_visit_set_patient_id (v, fol_patient_get_id (p));
  fol_visit_set_date (v, fol_date_new (2024, 3, 1));
  fol_visit_set_kind (v, "baseline");
  g_ptr_array_add (ms, make_measurement (FOL_REGION_FRONTAL, 130.0));
  bad = make_measurement (FOL_REGION_VERTEX, 100.0);
  fol_measurement_set_vellus_density (bad, 120.0);
  g_ptr_array_add (ms, bad);

  g_assert_false (fol_store_save_visit (store, v, ms, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT);
  g_assert_nonnull (strstr (error->message, "Vellus"));
  g_assert_null (fol_visit_get_id (v));
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM visits"), ==, 0);
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM measurements"), ==, 0);
  g_clear_error (&error);

  /* The same region twice is refused. */
  g_ptr_array_remove_index (ms, 1);
  g_ptr_array_add (ms, make_measurement (FOL_REGION_FRONTAL, 131.0));
  g_assert_false (fol_store_save_visit (store, v, ms, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT);
  g_clear_error (&error);

  /* A visit for a patient that does not exist. */
  fol_visit_set_patient_id (v, "00000000-0000-4000-8000-000000000000");
  g_ptr_array_remove_index (ms, 1);
  g_assert_false (fol_store_save_visit (store, v, ms, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM visits"), ==, 0);
}

/* A failure in the middle of the writes of one action, after validation
 * passed, must roll back everything the action wrote before it.
 */
static void
test_visit_rolled_back (Fixture       *f,
                        gconstpointer  data)
{
  FolStore *store = FOL_STORE (f->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = make_patient (store, "Emil Ek");
  g_autoptr(FolVisit) v = fol_visit_new ();
  g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 audit_before;

  sql_exec (f->path,
            "CREATE TRIGGER fail_vertex BEFORE INSERT ON measurements WHEN NEW.region = 'vertex'"
            " BEGIN SELECT RAISE (ABORT, 'simulated failure'); END;");
  audit_before = sql_int (f->path, "SELECT count(*) FROM audit_log");

  fol_visit_set_patient_id (v, fol_patient_get_id (p));
  fol_visit_set_date (v, fol_date_new (2024, 3, 1));
  fol_visit_set_kind (v, "baseline");
  g_ptr_array_add (ms, make_measurement (FOL_REGION_FRONTAL, 130.0));
  g_ptr_array_add (ms, make_measurement (FOL_REGION_MIDSCALP, 140.0));
  g_ptr_array_add (ms, make_measurement (FOL_REGION_VERTEX, 120.0));

  g_assert_false (fol_store_save_visit (store, v, ms, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED);
  g_assert_null (fol_visit_get_id (v));
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM visits"), ==, 0);
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM measurements"), ==, 0);
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM audit_log"), ==, audit_before);

  /* The store is still usable for the next action. */
  g_clear_error (&error);
  g_ptr_array_remove_index (ms, 2);
  g_assert_true (fol_store_save_visit (store, v, ms, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM measurements"), ==, 2);
}

static void
test_session_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  FolStore *store = FOL_STORE (f->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = make_patient (store, "Fay Fox");
  g_autoptr(FolTreatmentSession) s = fol_treatment_session_new ();
  g_autoptr(FolHistory) h = NULL;
  FolTreatmentSession *back;
  FolSeverity sev;

  fol_treatment_session_set_patient_id (s, fol_patient_get_id (p));
  fol_treatment_session_set_date (s, fol_date_new (2024, 3, 2));
  fol_treatment_session_set_treatment_type (s, "adipose_stem_cells");
  fol_treatment_session_set_product (s, "SVF");
  fol_treatment_session_set_lot_number (s, "LOT-7");
  fol_treatment_session_set_volume_ml (s, 4.5);
  fol_treatment_session_set_depth_mm (s, 2.0);
  fol_treatment_session_set_regions (s, FOL_REGION_BIT (FOL_REGION_VERTEX) | FOL_REGION_BIT (FOL_REGION_FRONTAL));
  fol_treatment_session_add_adverse_event (s, "Bruising", FOL_SEVERITY_MILD);
  fol_treatment_session_add_adverse_event (s, "Headache", FOL_SEVERITY_MODERATE);
  g_assert_true (fol_store_save_session (store, s, &error));
  g_assert_no_error (error);

  h = fol_store_load_history (store, fol_patient_get_id (p), &error);
  g_assert_cmpuint (fol_history_get_n_sessions (h), ==, 1);
  back = fol_history_get_session (h, 0);
  g_assert_cmpstr (fol_treatment_session_get_lot_number (back), ==, "LOT-7");
  g_assert_cmpfloat (fol_treatment_session_get_volume_ml (back), ==, 4.5);
  g_assert_true (isnan (fol_treatment_session_get_depth_mm (back)) == FALSE);
  g_assert_cmpuint (fol_treatment_session_get_regions (back), ==,
                    FOL_REGION_BIT (FOL_REGION_VERTEX) | FOL_REGION_BIT (FOL_REGION_FRONTAL));
  g_assert_cmpuint (fol_treatment_session_get_n_adverse_events (back), ==, 2);
  g_assert_cmpstr (fol_treatment_session_get_adverse_event (back, 1, &sev), ==, "Headache");
  g_assert_cmpint (sev, ==, FOL_SEVERITY_MODERATE);
  g_assert_cmpuint (fol_history_get_first_treatment (h), ==, fol_date_new (2024, 3, 2));

  /* Editing replaces regions and events. */
  fol_treatment_session_set_regions (s, FOL_REGION_BIT (FOL_REGION_OCCIPITAL));
  fol_treatment_session_clear_adverse_events (s);
  g_assert_true (fol_store_save_session (store, s, &error));
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM session_regions"), ==, 1);
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM adverse_events"), ==, 0);

  /* Deleting the patient takes everything with it. */
  g_assert_true (fol_store_delete_patient (store, fol_patient_get_id (p), &error));
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM treatment_sessions"), ==, 0);
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM session_regions"), ==, 0);
}

static void
test_audit (Fixture       *f,
            gconstpointer  data)
{
  FolStore *store = FOL_STORE (f->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = make_patient (store, "Gus Gray");
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *id = g_strdup (fol_patient_get_id (p));

  fol_patient_set_name (p, "Gus Grey");
  g_assert_true (fol_store_save_patient (store, p, &error));
  g_assert_true (fol_store_delete_patient (store, id, &error));

  lines = fol_store_list_audit (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, 3);
  g_assert_nonnull (strstr (g_ptr_array_index (lines, 0), "\tinsert\tpatients\t\t{"));
  g_assert_nonnull (strstr (g_ptr_array_index (lines, 1), "\tupdate\tpatients\t{"));
  g_assert_nonnull (strstr (g_ptr_array_index (lines, 1), "Gus Gray"));
  g_assert_nonnull (strstr (g_ptr_array_index (lines, 1), "Gus Grey"));
  g_assert_nonnull (strstr (g_ptr_array_index (lines, 2), "\tdelete\tpatients\t{"));
  /* Everything needed to restore the record is in the log. */
  g_assert_nonnull (strstr (g_ptr_array_index (lines, 2), "\"birth_date\":\"1980-05-17\""));
}

static void
on_changed (FolStore   *store,
            guint       change,
            const char *patient_id,
            gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_changed_signal (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(FolPatient) p = NULL;
  g_autoptr(FolPatient) bad = fol_patient_new ();
  guint count = 0;

  g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), &count);
  p = make_patient (FOL_STORE (f->store), "Hana Holm");
  g_assert_cmpuint (count, ==, 1);
  g_assert_false (fol_store_save_patient (FOL_STORE (f->store), bad, NULL));
  g_assert_cmpuint (count, ==, 1);
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = make_patient (FOL_STORE (f->store), "Ivo Ivanov");
  g_autoptr(FolSqliteStore) ro = fol_sqlite_store_open (f->path, FOL_SQLITE_STORE_FLAGS_READ_ONLY, &error);
  g_autoptr(FolPatient) q = fol_patient_new ();

  g_assert_no_error (error);
  g_assert_cmpuint (fol_store_count_patients (FOL_STORE (ro), NULL), ==, 1);
  fol_patient_set_name (q, "Nope");
  g_assert_false (fol_store_save_patient (FOL_STORE (ro), q, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_READ_ONLY);
}

/* The rules are the interface's: a record that breaks them is refused
 * before it reaches the backend, whichever backend it is, and a batch with
 * one writes nothing.
 */
static void
test_wrappers_validate (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FolStore) any = fol_test_store_new (FOL_STORE (f->store));
  g_autoptr(FolPatient) bad = fol_patient_new ();
  g_autoptr(FolPatient) good = fol_patient_new ();
  g_autoptr(FolVisit) visit = fol_visit_new ();
  g_autoptr(FolVisit) early = fol_visit_new ();
  g_autoptr(FolTreatmentSession) session = fol_treatment_session_new ();
  g_autoptr(FolPhoto) photo = fol_photo_new ();
  g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FolMeasurement) m = fol_measurement_new ();
  g_autoptr(FolStoreBatch) batch = fol_store_batch_new ();
  g_autoptr(GError) error = NULL;
  guint writes;

  fol_patient_set_name (bad, "Bad\tName");
  g_assert_false (fol_store_save_patient (any, bad, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_cmpuint (FOL_TEST_STORE (any)->n_writes, ==, 0);

  fol_patient_set_name (good, "Good Name");
  fol_patient_set_birth_date (good, fol_date_new (1980, 1, 1));
  g_assert_true (fol_store_save_patient (any, good, &error));
  g_assert_no_error (error);
  writes = FOL_TEST_STORE (any)->n_writes;
  g_assert_cmpuint (writes, ==, 1);

  /* A negative density, a visit before the date of birth, a session
   * without a treatment, a photo without a size, a scale below zero.
   */
  fol_visit_set_patient_id (visit, fol_patient_get_id (good));
  fol_visit_set_date (visit, fol_date_new (2025, 1, 1));
  fol_visit_set_kind (visit, "baseline");
  fol_measurement_set_region (m, FOL_REGION_VERTEX);
  fol_measurement_set_total_density (m, -5);
  g_ptr_array_add (ms, g_object_ref (m));
  g_assert_false (fol_store_save_visit (any, visit, ms, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);

  fol_visit_set_patient_id (early, fol_patient_get_id (good));
  fol_visit_set_date (early, fol_date_new (1970, 1, 1));
  fol_visit_set_kind (early, "baseline");
  g_assert_false (fol_store_save_visit (any, early, NULL, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_DATE);
  g_clear_error (&error);

  fol_treatment_session_set_patient_id (session, fol_patient_get_id (good));
  fol_treatment_session_set_date (session, fol_date_new (2025, 1, 1));
  g_assert_false (fol_store_save_session (any, session, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == FOL_VALIDATION_ERROR);
  g_clear_error (&error);

  fol_photo_set_visit_id (photo, "visit");
  fol_photo_set_sha256 (photo, "0000000000000000000000000000000000000000000000000000000000000000");
  g_assert_false (fol_store_save_photo (any, photo, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_false (fol_store_set_photo_calibration (any, "photo", -1, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);

  g_assert_cmpuint (FOL_TEST_STORE (any)->n_writes, ==, writes);

  /* The same visit in a batch: nothing of the batch is written. */
  fol_visit_set_id (visit, "batch-visit");
  fol_patient_set_name (good, "Renamed In Batch");
  fol_store_batch_add_patient (batch, good);
  fol_store_batch_add_visit (batch, visit, ms);
  g_assert_false (fol_store_apply_batch (any, batch, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);
  {
    g_autoptr(FolPatient) stored = fol_store_get_patient (FOL_STORE (f->store),
                                                          fol_patient_get_id (good), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (fol_patient_get_name (stored), ==, "Good Name");
    g_assert_null (fol_store_get_visit_owner (FOL_STORE (f->store), "batch-visit", &error));
    g_assert_no_error (error);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fol_date_set_today (fol_date_new (2026, 11, 25));

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/store/open/new", test_open_new);
  g_test_add_func ("/store/open/empty-file", test_open_empty_file);
  g_test_add_func ("/store/open/refused", test_open_refused);
  g_test_add_func ("/store/open/directory", test_open_directory);
  ADD ("/store/patient/round-trip", test_patient_round_trip);
  ADD ("/store/patient/validation", test_patient_validation);
  ADD ("/store/visit/round-trip", test_visit_round_trip);
  ADD ("/store/visit/rejected-whole", test_visit_rejected_whole);
  ADD ("/store/visit/rolled-back", test_visit_rolled_back);
  ADD ("/store/session/round-trip", test_session_round_trip);
  ADD ("/store/audit", test_audit);
  ADD ("/store/changed", test_changed_signal);
  ADD ("/store/read-only", test_read_only);
  ADD ("/store/wrappers-validate", test_wrappers_validate);

  return g_test_run ();
}
