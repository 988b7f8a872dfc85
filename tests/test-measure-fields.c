/* test-measure-fields.c: every field of the one table of measurement
 * fields through every place that lists them.
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

#include "fol-csv.h"
#include "fol-error.h"
#include "fol-measure-field.h"
#include "fol-pg-store.h"
#include "fol-sqlite-store.h"
#include "fol-store.h"
#include "fol-summary.h"
#include "fol-test-pg.h"
#include "fol-validate.h"

#define assert_ok(call) \
  G_STMT_START { \
    gboolean ok_ = (call); \
    g_assert_no_error (error); \
    g_assert_true (ok_); \
  } G_STMT_END

/* A value for every field, consistent with the others: 90 hairs on
 * 0.5 cm² are 180/cm², 120 terminal + 60 vellus, 82 % anagen + 18 %
 * telogen, 80 units. */
static const double sample[FOL_N_MEASURE_FIELDS] = {
  [FOL_FIELD_HAIR_COUNT] = 90,
  [FOL_FIELD_FIELD_AREA] = 0.5,
  [FOL_FIELD_TOTAL_DENSITY] = 180,
  [FOL_FIELD_TERMINAL_DENSITY] = 120,
  [FOL_FIELD_VELLUS_DENSITY] = 60,
  [FOL_FIELD_TERMINAL_THRESHOLD] = 40,
  [FOL_FIELD_MEAN_DIAMETER] = 70.5,
  [FOL_FIELD_ANAGEN] = 82,
  [FOL_FIELD_TELOGEN] = 18,
  [FOL_FIELD_FU_DENSITY] = 80,
};

static FolMeasurement *
sample_measurement (void)
{
  FolMeasurement *m = fol_measurement_new ();

  fol_measurement_set_region (m, FOL_REGION_VERTEX);
  for (guint i = 0; i < FOL_N_MEASURE_FIELDS; i++)
    fol_measurement_field (i)->set (m, sample[i]);
  fol_measurement_set_method (m, "phototrichogram");
  return m;
}

static void
assert_sample (FolMeasurement *m)
{
  g_assert_nonnull (m);
  for (guint i = 0; i < FOL_N_MEASURE_FIELDS; i++)
    {
      g_test_message ("%s", fol_measurement_field (i)->property);
      g_assert_cmpfloat (fol_measurement_field (i)->get (m), ==, sample[i]);
    }
}

/* The table itself: one property, header and column per field, each a
 * property of FolMeasurement, each range enforced by the validator at
 * its own field. */
static void
test_table (void)
{
  g_autoptr(GHashTable) properties = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) headers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) columns = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = 0;
  const FolMeasurementField *fields = fol_measurement_fields (&n);

  g_assert_cmpuint (n, ==, FOL_N_MEASURE_FIELDS);
  {
    g_autoptr(FolMeasurement) m = sample_measurement ();

    g_assert_true (fol_measurement_validate (m, NULL, NULL));
  }

  for (guint i = 0; i < n; i++)
    {
      const FolMeasurementField *f = &fields[i];
      g_autoptr(FolMeasurement) m = fol_measurement_new ();
      g_autoptr(GError) error = NULL;
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (m), f->property);
      const char *field = NULL;
      double v = 0;

      g_test_message ("%s", f->property);
      g_assert_true (fol_measurement_field (i) == f);
      g_assert_true (fol_measurement_field_lookup (f->property) == f);
      g_assert_nonnull (pspec);
      g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_DOUBLE);
      g_assert_true (g_hash_table_add (properties, (gpointer) f->property));
      g_assert_true (g_hash_table_add (headers, (gpointer) f->csv_column));
      g_assert_true (g_hash_table_add (columns, (gpointer) f->sql_column));
      g_assert_true (f->min < f->max);
      g_assert_cmpstr (fol_measurement_field_short_label (f), !=, "");

      /* The accessors are the property's. */
      f->set (m, sample[i]);
      g_object_get (m, f->property, &v, NULL);
      g_assert_cmpfloat (v, ==, sample[i]);
      g_assert_true (isnan (fol_measurement_field ((i + 1) % n)->get (m)));

      /* Out of range is refused at this field, in words naming it. */
      f->set (m, f->max + 1);
      g_assert_false (fol_measurement_validate (m, &field, &error));
      g_assert_cmpstr (field, ==, f->property);
      g_assert_nonnull (strstr (error->message, f->label));

      /* A charted field is its measure's, with its words and unit. */
      if (f->measure >= 0)
        {
          g_assert_true (fol_measurement_field_for_measure (f->measure) == f);
          g_assert_cmpstr (fol_measure_name (f->measure), ==, f->name);
          g_assert_cmpstr (fol_measure_unit (f->measure), ==, f->unit);
          g_assert_cmpuint (fol_measure_decimals (f->measure), ==, f->decimals);
        }
    }
}

static void
assert_columns (GPtrArray *columns)
{
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();

  g_ptr_array_add (expected, "visit_id");
  g_ptr_array_add (expected, "region");
  for (guint i = 0; i < FOL_N_MEASURE_FIELDS; i++)
    g_ptr_array_add (expected, (gpointer) fol_measurement_field (i)->sql_column);
  g_ptr_array_add (expected, "method");
  g_ptr_array_add (expected, "notes");

  g_assert_cmpuint (columns->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < columns->len && !found; j++)
        found = g_str_equal (g_ptr_array_index (columns, j), g_ptr_array_index (expected, i));
      g_test_message ("column %s", (char *) g_ptr_array_index (expected, i));
      g_assert_true (found);
    }
}

/* The measurements table of a new clinic has exactly the table's columns,
 * on both stores. */
static void
test_sqlite_columns (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("follicle-fields-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "clinic.follicle", NULL);
  g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_NONE,
                                                           &error);
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM pragma_table_info ('measurements')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (columns, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  assert_columns (columns);

  g_clear_object (&store);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        g_unlink (file);
      }
  }
  g_rmdir (dir);
}

static void
test_pg_columns (void)
{
  g_autofree char *name = fol_test_pg_create_database ();
  g_autofree char *location = NULL;
  g_autoptr(FolPgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *names = NULL;
  g_auto(GStrv) split = NULL;
  PGconn *conn;

  if (name == NULL)
    return;
  location = g_strdup_printf ("dbname=%s", name);
  store = fol_pg_store_open (location, &error);
  g_assert_no_error (error);

  conn = fol_test_pg_connect (name);
  names = fol_test_pg_value (conn, "SELECT string_agg (column_name, ',')"
                                   " FROM information_schema.columns"
                                   " WHERE table_name = 'measurements'"
                                   " AND table_schema = current_schema ()");
  PQfinish (conn);
  split = g_strsplit (names, ",", -1);
  for (guint i = 0; split[i] != NULL; i++)
    g_ptr_array_add (columns, g_strdup (split[i]));
  assert_columns (columns);

  g_clear_object (&store);
  fol_test_pg_drop_database (name);
}

typedef struct
{
  FolStore *store;
  char     *dir;
  char     *database;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (GPOINTER_TO_INT (data) == 0)
    {
      g_autofree char *path = NULL;

      f->dir = g_dir_make_tmp ("follicle-fields-XXXXXX", &error);
      path = g_build_filename (f->dir, "clinic.follicle", NULL);
      f->store = FOL_STORE (fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_NONE, &error));
    }
  else
    {
      g_autofree char *location = NULL;

      f->database = fol_test_pg_create_database ();
      if (f->database == NULL)
        return;
      location = g_strdup_printf ("dbname=%s", f->database);
      f->store = FOL_STORE (fol_pg_store_open (location, &error));
    }
  g_assert_no_error (error);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->store);
  if (f->dir != NULL)
    {
      g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *file = g_build_filename (f->dir, name, NULL);

          g_unlink (file);
        }
      g_rmdir (f->dir);
    }
  g_free (f->dir);
  fol_test_pg_drop_database (f->database);
  g_free (f->database);
}

static FolPatient *
save_sample (FolStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autoptr(FolVisit) v = fol_visit_new ();
  g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);

  fol_patient_set_name (p, "Ines Field");
  fol_patient_set_diagnosis (p, "alopecia_areata");
  assert_ok (fol_store_save_patient (store, p, &error));
  fol_visit_set_patient_id (v, fol_patient_get_id (p));
  fol_visit_set_date (v, fol_date_new (2024, 5, 6));
  fol_visit_set_kind (v, "baseline");
  fol_visit_set_salt_top (v, 50);
  fol_visit_set_salt_back (v, 20);
  fol_visit_set_salt_right (v, 0);
  fol_visit_set_salt_left (v, 0);   /* SALT 24.8: grade 2 */
  fol_visit_set_aa_iga (v, 2);
  g_ptr_array_add (ms, sample_measurement ());
  assert_ok (fol_store_save_visit (store, v, ms, &error));
  return g_steal_pointer (&p);
}

static void
assert_stored_sample (FolStore   *store,
                      const char *patient_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolHistory) history = fol_store_load_history (store, patient_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (fol_history_get_n_visits (history), ==, 1);
  g_assert_cmpint (fol_visit_get_aa_iga (fol_history_get_visit (history, 0)), ==, 2);
  assert_sample (fol_history_get_measurement (history, 0, FOL_REGION_VERTEX));

  /* The summary gives the grade beside SALT. */
  {
    g_autofree char *summary = fol_summary_table (history, FOL_DEFAULT_CHANGE_THRESHOLD);
    const char *salt = strstr (summary, "SALT");

    g_assert_nonnull (salt);
    g_assert_nonnull (strstr (salt, "AA-IGA grade: 2 (2024-05-06)"));
    g_assert_nonnull (strstr (summary, "Anagen / telogen (%): Vertex 82.0 / 18.0\n"));
  }
}

/* Every field is stored and read back by each store, and by a CSV file
 * written from a clinic and read into an empty one. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *header = NULL;
  Fixture other = { 0 };

  if (f->store == NULL)
    return;
  p = save_sample (f->store);
  assert_stored_sample (f->store, fol_patient_get_id (p));

  /* CSV files are read and written through a workstation's clinic. */
  if (GPOINTER_TO_INT (data) != 0)
    return;
  csv = fol_csv_export_to_string (f->store, NULL, &error);
  g_assert_no_error (error);
  header = g_strndup (csv, strcspn (csv, "\r\n"));
  for (guint i = 0; i < FOL_N_MEASURE_FIELDS; i++)
    {
      g_autofree char *column = g_strdup_printf (",%s,", fol_measurement_field (i)->csv_column);

      g_assert_nonnull (strstr (header, column));
    }
  g_assert_nonnull (strstr (header, ",aa_iga_grade,"));

  setup (&other, data);
  {
    g_autoptr(FolCsvPreview) preview = fol_csv_import_preview_data (other.store, csv, strlen (csv),
                                                                    &error);

    g_assert_no_error (error);
    g_assert_cmpuint (fol_csv_preview_get_n_rejected (preview), ==, 0);
    assert_ok (fol_csv_import_commit (preview, &error));
  }
  assert_stored_sample (other.store, fol_patient_get_id (p));
  teardown (&other, data);
}

/* A file written before telogen and the AA-IGA grade existed still
 * imports: they are missing, not 0; and a file with them is checked. */
static void
test_csv_old_and_new (void)
{
  g_autoptr(GError) error = NULL;
  Fixture f = { 0 };
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolCsvPreview) preview = NULL;
  g_autoptr(FolCsvPreview) bad = NULL;
  FolMeasurement *m;
  static const char old_file[] =
    "record,patient_id,patient_name,visit_date,salt_top_percent,salt_back_percent,"
    "salt_right_percent,salt_left_percent,region,total_density_hairs_per_cm2,anagen_percent,"
    "fu_density_fu_per_cm2\r\n"
    "measurement,p-old,Olga Old,2023-02-03,10,10,10,10,vertex,150,80,70\r\n";
  static const char bad_file[] =
    "record,patient_id,patient_name,visit_date,region,anagen,telogen,aa_iga\r\n"
    "measurement,p-bad,Berta Bad,2023-02-03,vertex,80,30,\r\n"
    "measurement,p-bad2,Carl Bad,2023-02-03,,,,7\r\n";

  setup (&f, GINT_TO_POINTER (0));
  preview = fol_csv_import_preview_data (f.store, old_file, strlen (old_file), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_csv_preview_get_n_rejected (preview), ==, 0);
  assert_ok (fol_csv_import_commit (preview, &error));
  history = fol_store_load_history (f.store, "p-old", &error);
  g_assert_no_error (error);
  m = fol_history_get_measurement (history, 0, FOL_REGION_VERTEX);
  g_assert_cmpfloat (fol_measurement_get_anagen (m), ==, 80);
  g_assert_true (isnan (fol_measurement_get_telogen (m)));
  g_assert_cmpfloat (fol_measurement_telogen_or_derived (m), ==, 20);
  {
    g_autofree char *summary = fol_summary_table (history, FOL_DEFAULT_CHANGE_THRESHOLD);

    g_assert_nonnull (strstr (summary, "Anagen / telogen (%): Vertex 80.0 / 20.0\n"));
  }
  g_assert_cmpint (fol_visit_get_aa_iga (fol_history_get_visit (history, 0)), ==, FOL_NO_SCORE);

  bad = fol_csv_import_preview_data (f.store, bad_file, strlen (bad_file), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_csv_preview_get_n_rejected (bad), ==, 2);
  g_assert_nonnull (strstr (fol_csv_preview_get_rejected (bad, 0, NULL), "telogen"));
  g_assert_nonnull (strstr (fol_csv_preview_get_rejected (bad, 1, NULL), "AA-IGA"));
  teardown (&f, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  fol_date_set_today (fol_date_new (2026, 11, 25));

  g_test_add_func ("/measure-fields/table", test_table);
  g_test_add_func ("/measure-fields/sqlite-columns", test_sqlite_columns);
  g_test_add_func ("/measure-fields/postgresql-columns", test_pg_columns);
  g_test_add ("/measure-fields/round-trip/sqlite", Fixture, GINT_TO_POINTER (0),
              setup, test_round_trip, teardown);
  g_test_add ("/measure-fields/round-trip/postgresql", Fixture, GINT_TO_POINTER (1),
              setup, test_round_trip, teardown);
  g_test_add_func ("/measure-fields/csv-old-and-new", test_csv_old_and_new);

  return g_test_run ();
}
