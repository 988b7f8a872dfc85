/* test-csv-import.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <gio/gio.h>

#include "fol-csv.h"
#include "fol-demo.h"
#include "fol-error.h"
#include "fol-sqlite-store-export.h"
#include "fol-test-store.h"
#include "test-helpers.h"

/* What an import writes: exactly what its preview promised (created,
 * updated, unchanged, refused), nothing for a refused row, nothing at all
 * for an unchanged file; and spreadsheet formulas never leave Follicle.
 */

typedef struct
{
  char           *dir;
  char           *path;
  FolSqliteStore *store;
  char           *ana;    /* Ana Lima, born 1990-05-06, a visit on 2024-01-10 */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = fol_patient_new ();

  f->dir = g_dir_make_tmp ("follicle-csv-import-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "clinic.db", NULL);
  f->store = fol_sqlite_store_open (f->path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  fol_patient_set_name (p, "Ana Lima");
  fol_patient_set_birth_date (p, fol_date_new (1990, 5, 6));
  g_assert_true (fol_store_save_patient (FOL_STORE (f->store), p, &error));
  g_assert_no_error (error);
  f->ana = g_strdup (fol_patient_get_id (p));
  g_assert_true (helper_save_visit (FOL_STORE (f->store), f->ana, fol_date_new (2024, 1, 10),
                                    "first", 150, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_assert_finalize_object (f->store);
  helper_remove_tree (f->dir);
  g_free (f->ana);
  g_free (f->path);
  g_free (f->dir);
}

static FolCsvPreview *
preview_text (FolSqliteStore *store,
              const char     *text)
{
  g_autoptr(GError) error = NULL;
  FolCsvPreview *preview = fol_csv_import_preview_data (FOL_STORE (store), text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (preview);
  return preview;
}

/* Every table's rows (the audit log and the search index included), and
 * the bytes of the database and its log.
 */
static char *
fingerprint (Fixture *f)
{
  g_autofree char *rows = helper_dump (f->path);
  g_autofree char *bytes = helper_db_files_sha256 (f->path);

  return g_strconcat (rows, "\n", bytes, NULL);
}

static void
assert_commit_writes_nothing (Fixture       *f,
                              FolCsvPreview *preview)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = fingerprint (f);
  g_autofree char *after = NULL;

  g_assert_false (fol_csv_preview_has_changes (preview));
  g_assert_true (fol_csv_import_commit (preview, &error));
  g_assert_no_error (error);
  after = fingerprint (f);
  g_assert_cmpstr (before, ==, after);
}

/* A refused row writes nothing: not its patient, not a new name or date of
 * birth for a stored one.
 */
static void
test_refused_row (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autofree char *text = g_strdup_printf (
    "record,patient_id,patient_name,birth_date,visit_date,region,total_density_hairs_per_cm2\r\n"
    "measurement,,New Person,1970-01-01,2026-02-30,vertex,150\r\n"
    "measurement,%s,Renamed Person,1991-01-01,2026-02-30,vertex,150\r\n"
    "measurement,%s,Renamed Person,1991-01-01,2026-03-01,nape,150\r\n", f->ana, f->ana);
  g_autoptr(FolCsvPreview) preview = preview_text (f->store, text);
  g_autofree char *summary = fol_csv_preview_to_text (preview);
  FolCsvCounts c;

  fol_csv_preview_get_counts (preview, &c);
  g_assert_cmpuint (c.rows_rejected, ==, 3);
  g_assert_cmpuint (c.patients_new, ==, 0);
  g_assert_cmpuint (c.patients_updated, ==, 0);
  g_assert_cmpuint (c.visits_new, ==, 0);
  g_assert_nonnull (strstr (summary, "Patients: 0 created, 0 updated, 0 unchanged"));
  assert_commit_writes_nothing (f, preview);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FolPatient) ana = fol_store_get_patient (FOL_STORE (f->store), f->ana, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (fol_patient_get_name (ana), ==, "Ana Lima");
    g_assert_cmpuint (fol_patient_get_birth_date (ana), ==, fol_date_new (1990, 5, 6));
    g_assert_cmpuint (fol_store_count_patients (FOL_STORE (f->store), NULL), ==, 1);
  }
}

/* An unchanged export, imported again, is unchanged and writes nothing; one
 * changed value writes that record only.
 */
static void
test_unchanged (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *audit = NULL;
  FolCsvCounts c;

  /* The demo fills an empty clinic only. */
  g_assert_true (fol_store_delete_patient (FOL_STORE (f->store), f->ana, &error));
  g_assert_no_error (error);
  g_assert_true (fol_demo_populate (FOL_STORE (f->store), FOL_DEMO_SEED, NULL, &error));
  g_assert_no_error (error);
  text = fol_csv_export_to_string (FOL_STORE (f->store), NULL, &error);
  g_assert_no_error (error);

  {
    g_autoptr(FolCsvPreview) preview = preview_text (f->store, text);
    g_autofree char *summary = fol_csv_preview_to_text (preview);

    fol_csv_preview_get_counts (preview, &c);
    g_assert_cmpuint (c.rows_rejected, ==, 0);
    g_assert_cmpuint (c.patients_new + c.patients_updated, ==, 0);
    g_assert_cmpuint (c.patients_unchanged, ==, 8);
    g_assert_cmpuint (c.visits_new + c.visits_updated, ==, 0);
    g_assert_cmpuint (c.visits_unchanged, >, 40);
    g_assert_cmpuint (c.sessions_new + c.sessions_updated, ==, 0);
    g_assert_cmpuint (c.sessions_unchanged, >, 0);
    g_assert_cmpuint (c.measurements, ==, 0);
    g_assert_nonnull (strstr (summary, "Patients: 0 created, 0 updated, 8 unchanged"));
    assert_commit_writes_nothing (f, preview);
  }

  /* One name changes: one record updated, one audit row. */
  {
    g_autoptr(GString) edited = g_string_new (text);
    g_autoptr(FolCsvPreview) preview = NULL;
    int audit_before = helper_count (f->path, "SELECT count(*) FROM audit_log");

    g_assert_cmpuint (g_string_replace (edited, ",Amira Haddad (demo),", ",Amira Haddad-Souza (demo),", 0), >, 0);
    preview = preview_text (f->store, edited->str);
    fol_csv_preview_get_counts (preview, &c);
    g_assert_cmpuint (c.patients_updated, ==, 1);
    g_assert_cmpuint (c.patients_unchanged, ==, 7);
    g_assert_cmpuint (c.visits_updated + c.visits_new + c.sessions_updated, ==, 0);
    g_assert_true (fol_csv_preview_has_changes (preview));
    g_assert_true (fol_csv_import_commit (preview, &error));
    g_assert_no_error (error);
    g_assert_cmpint (helper_count (f->path, "SELECT count(*) FROM audit_log"), ==, audit_before + 1);
    g_assert_cmpint (helper_count (f->path, "SELECT count(*) FROM patients WHERE name = 'Amira Haddad-Souza (demo)'"),
                     ==, 1);
  }

  /* A file with every row refused has nothing to import. */
  {
    g_autoptr(FolCsvPreview) preview =
      preview_text (f->store, "patient_name,visit_date\r\nNobody,2026-13-01\r\n");

    fol_csv_preview_get_counts (preview, &c);
    g_assert_cmpuint (c.rows_rejected, ==, 1);
    assert_commit_writes_nothing (f, preview);
  }
}

/* Two imports of the same file at once: the second finds the patient the
 * first created, inside its own write transaction.
 */
static void
test_concurrent (Fixture       *f,
                 gconstpointer  user_data)
{
  static const char text[] =
    "patient_name,birth_date,visit_date,region,total_density_hairs_per_cm2\r\n"
    "Carla Dias,1985-03-04,2026-01-10,vertex,150\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) other = fol_sqlite_store_open (f->path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_autoptr(FolCsvPreview) a = NULL;
  g_autoptr(FolCsvPreview) b = NULL;
  g_autofree char *before_b = NULL;
  g_autofree char *after_b = NULL;

  g_assert_no_error (error);
  a = preview_text (f->store, text);
  b = preview_text (other, text);

  g_assert_true (fol_csv_import_commit (a, &error));
  g_assert_no_error (error);

  /* B promised a new patient, which is no longer true: it writes nothing
   * and says why.
   */
  before_b = helper_dump (f->path);
  g_assert_false (fol_csv_import_commit (b, &error));
  g_assert_error (error, FOL_CSV_ERROR, FOL_CSV_ERROR_CHANGED);
  g_clear_error (&error);
  after_b = helper_dump (f->path);
  g_assert_cmpstr (before_b, ==, after_b);
  g_assert_cmpint (helper_count (f->path, "SELECT count(*) FROM patients WHERE name = 'Carla Dias'"), ==, 1);
}

/* The same with two processes of the command line started together. */
static void
test_concurrent_processes (Fixture       *f,
                           gconstpointer  user_data)
{
  const char *bin = g_getenv ("FOLLICLE_BIN");
  g_autofree char *csv = g_build_filename (f->dir, "sheet.csv", NULL);
  g_autoptr(GString) text = g_string_new ("patient_name,birth_date,visit_date,region,total_density_hairs_per_cm2\r\n");
  GPid pids[2];

  if (bin == NULL || !g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("FOLLICLE_BIN is not set");
      return;
    }

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (text, "Patient %03u,1985-03-04,2026-01-10,vertex,150\r\n", i);
  g_assert_true (g_file_set_contents (csv, text->str, -1, NULL));

  for (guint round = 0; round < 3; round++)
    {
      for (guint i = 0; i < 2; i++)
        {
          g_autoptr(GError) error = NULL;
          const char *argv[] = { bin, "--database", f->path, "--import-csv", csv, NULL };

          g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                        G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                        G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pids[i], &error));
          g_assert_no_error (error);
        }
      for (guint i = 0; i < 2; i++)
        {
          int status = 0;

          g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
          g_assert_true (WIFEXITED (status));
          g_spawn_close_pid (pids[i]);
        }
      g_assert_cmpint (helper_count (f->path, "SELECT count(*) FROM patients WHERE name LIKE 'Patient %'"),
                       ==, 200);
      g_assert_cmpint (helper_count (f->path, "SELECT count(*) FROM visits"), ==, 201);
    }
}

/* A date of birth after the patient's stored visits is refused, as in the
 * editors.
 */
static void
test_birth_after_visits (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autofree char *text = g_strdup_printf ("record,patient_id,patient_name,birth_date\r\n"
                                           "patient,%s,Ana Lima,2025-01-01\r\n", f->ana);
  g_autoptr(FolCsvPreview) preview = preview_text (f->store, text);
  const char *reason;

  g_assert_cmpuint (fol_csv_preview_get_n_rejected (preview), ==, 1);
  reason = fol_csv_preview_get_rejected (preview, 0, NULL);
  g_test_message ("%s", reason);
  g_assert_nonnull (strstr (reason, "Date of birth"));
  g_assert_nonnull (strstr (reason, "2024-01-10"));
  assert_commit_writes_nothing (f, preview);
}

/* An ID naming a stored patient whose name and date of birth both differ
 * is a conflict, never a silent merge; one of the two differing is an
 * update.
 */
static void
test_conflict (Fixture       *f,
               gconstpointer  user_data)
{
  g_autofree char *text = g_strdup_printf ("record,patient_id,patient_name,birth_date\r\n"
                                           "patient,%s,Bruno Costa,1975-01-01\r\n", f->ana);
  g_autofree char *rename = g_strdup_printf ("record,patient_id,patient_name,birth_date\r\n"
                                             "patient,%s,Ana Lima Souza,1990-05-06\r\n", f->ana);
  g_autoptr(FolCsvPreview) preview = preview_text (f->store, text);
  g_autoptr(FolCsvPreview) renamed = preview_text (f->store, rename);
  g_autofree char *summary = fol_csv_preview_to_text (preview);
  const char *reason;
  FolCsvCounts c;

  fol_csv_preview_get_counts (preview, &c);
  g_assert_cmpuint (c.rows_rejected, ==, 1);
  g_assert_cmpuint (c.conflicts, ==, 1);
  g_assert_cmpuint (c.patients_updated, ==, 0);
  reason = fol_csv_preview_get_rejected (preview, 0, NULL);
  g_test_message ("%s", reason);
  g_assert_nonnull (strstr (reason, "Ana Lima"));
  g_assert_nonnull (strstr (reason, "Bruno Costa"));
  g_assert_nonnull (strstr (summary, "Conflicts: 1"));
  assert_commit_writes_nothing (f, preview);

  fol_csv_preview_get_counts (renamed, &c);
  g_assert_cmpuint (c.rows_rejected, ==, 0);
  g_assert_cmpuint (c.patients_updated, ==, 1);
}

/* Control characters in a name are refused, naming the field. */
static void
test_control_characters (Fixture       *f,
                         gconstpointer  user_data)
{
  static const char text[] =
    "patient_name,birth_date\r\n"
    "\"Evil\nName\",1980-01-01\r\n"
    "Tab\tName,1980-01-01\r\n"
    "\"Esc\x1b[31mName\",1980-01-01\r\n";
  g_autoptr(FolCsvPreview) preview = preview_text (f->store, text);

  g_assert_cmpuint (fol_csv_preview_get_n_rejected (preview), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const char *reason = fol_csv_preview_get_rejected (preview, i, NULL);

      g_test_message ("%s", reason);
      g_assert_nonnull (strstr (reason, "Name contains a control character"));
    }
  assert_commit_writes_nothing (f, preview);
}

/* A batch from any writer goes through the same rules. */
static void
test_batch_validates (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStoreBatch) batch = fol_store_batch_new ();
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autofree char *before = fingerprint (f);
  g_autofree char *after = NULL;

  fol_patient_set_id (p, "batch-1");
  fol_patient_set_name (p, "Forged\tRow");
  fol_store_batch_add_patient (batch, p);
  g_assert_false (fol_store_apply_batch (FOL_STORE (f->store), batch, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "Name contains a control character"));
  after = fingerprint (f);
  g_assert_cmpstr (before, ==, after);
}

/* A measurement out of range in a batch is refused like one saved alone:
 * the rules are the interface's, whoever made the batch, and nothing of
 * the batch is written.
 */
static void
test_batch_validates_measurements (Fixture       *f,
                                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStoreBatch) batch = fol_store_batch_new ();
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autoptr(FolVisit) v = helper_visit (f->ana, fol_date_new (2025, 2, 3), NULL);
  g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FolMeasurement) m = fol_measurement_new ();
  g_autofree char *before = fingerprint (f);
  g_autofree char *after = NULL;

  fol_patient_set_id (p, "batch-2");
  fol_patient_set_name (p, "Valid Person");
  fol_store_batch_add_patient (batch, p);
  fol_visit_set_id (v, "batch-visit");
  fol_measurement_set_region (m, FOL_REGION_VERTEX);
  fol_measurement_set_total_density (m, -5);
  g_ptr_array_add (ms, g_object_ref (m));
  fol_store_batch_add_visit (batch, v, ms);

  g_assert_false (fol_store_apply_batch (FOL_STORE (f->store), batch, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "density"));
  after = fingerprint (f);
  g_assert_cmpstr (before, ==, after);
}

/* The import and the export need the store interface only: on a store
 * that is not the SQLite one they read, match and write the same.
 */
static void
test_any_store (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) any = fol_test_store_new (FOL_STORE (f->store));
  g_autofree char *text = NULL;
  g_autofree char *direct = NULL;
  const char *rows =
    "patient_name,birth_date,visit_date,region,total_density_hairs_per_cm2\r\n"
    "Bea Costa,1985-02-03,2025-03-04,vertex,140\r\n";
  FolCsvCounts c;

  g_assert_true (fol_store_delete_patient (FOL_STORE (f->store), f->ana, &error));
  g_assert_no_error (error);
  g_assert_true (fol_demo_populate (FOL_STORE (f->store), FOL_DEMO_SEED, NULL, &error));
  g_assert_no_error (error);

  direct = fol_csv_export_to_string (FOL_STORE (f->store), NULL, &error);
  g_assert_no_error (error);
  text = fol_csv_export_to_string (any, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, direct);

  /* The clinic's own export is unchanged, matched by ID. */
  {
    g_autoptr(FolCsvPreview) preview = fol_csv_import_preview_data (any, text, strlen (text), &error);

    g_assert_no_error (error);
    fol_csv_preview_get_counts (preview, &c);
    g_assert_cmpuint (c.rows_rejected, ==, 0);
    g_assert_cmpuint (c.patients_unchanged, ==, 8);
    assert_commit_writes_nothing (f, preview);
  }

  /* Rows without IDs: a new patient and visit, then found by name, date of
   * birth and visit date.
   */
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(FolCsvPreview) preview = fol_csv_import_preview_data (any, rows, strlen (rows), &error);

      g_assert_no_error (error);
      fol_csv_preview_get_counts (preview, &c);
      g_assert_cmpuint (c.rows_rejected, ==, 0);
      g_assert_cmpuint (c.patients_new, ==, round == 0 ? 1 : 0);
      g_assert_cmpuint (c.visits_new, ==, round == 0 ? 1 : 0);
      g_assert_cmpuint (c.visits_unchanged, ==, round == 0 ? 0 : 1);
      g_assert_true (fol_csv_import_commit (preview, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (fol_store_count_patients (FOL_STORE (f->store), NULL), ==, 9);
  g_assert_cmpuint (FOL_TEST_STORE (any)->n_calls, >, 0);
}

/* Text that a spreadsheet would run as a formula is exported with a
 * leading quote, which the import takes off again: import → export →
 * import is the identity, names that really start with a quote included.
 * Negative numbers stay numbers.
 */
static void
test_formulas (Fixture       *f,
               gconstpointer  user_data)
{
  static const char *names[] = {
    "=HYPERLINK(\"http://example.com\",\"x\")", "+1 Plus", "-Minus", "@At", "'t Hart",
    "''Two Quotes", "'=Quoted", "Plain Name",
  };
  static const char *notes[] = { "\tTab first", "\rCR first", "=1+1", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *copy_path = g_build_filename (f->dir, "copy.db", NULL);
  g_autoptr(FolSqliteStore) copy = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *d1 = NULL;
  g_autofree char *d2 = NULL;
  int name_column = -1, notes_column = -1, assessment_column = -1;
  gsize pos = 0;
  guint lines = 1, rows = 0, negatives = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(FolPatient) p = fol_patient_new ();
      g_autoptr(FolVisit) v = NULL;

      fol_patient_set_name (p, names[i]);
      fol_patient_set_birth_date (p, fol_date_new (1980, 1, 1 + i));
      fol_patient_set_notes (p, notes[i % G_N_ELEMENTS (notes)]);
      g_assert_true (fol_store_save_patient (FOL_STORE (f->store), p, &error));
      g_assert_no_error (error);

      v = helper_visit (fol_patient_get_id (p), fol_date_new (2026, 1, 10), names[i]);
      fol_visit_set_investigator_assessment (v, -2);
      fol_visit_set_patient_assessment (v, -1);
      g_assert_true (fol_store_save_visit (FOL_STORE (f->store), v, NULL, &error));
      g_assert_no_error (error);
    }

  first = fol_csv_export_to_string (FOL_STORE (f->store), NULL, &error);
  g_assert_no_error (error);

  /* No text cell starts a formula; numbers are written as numbers. */
  while (fol_csv_parse_record (first, strlen (first), &pos, ',', fields, &lines, &error))
    {
      if (rows++ == 0)
        {
          for (guint i = 0; i < fields->len; i++)
            {
              const char *h = g_ptr_array_index (fields, i);

              if (g_str_equal (h, "patient_name"))
                name_column = i;
              else if (g_str_equal (h, "patient_notes"))
                notes_column = i;
              else if (g_str_equal (h, "investigator_assessment"))
                assessment_column = i;
            }
          g_assert_cmpint (name_column, >=, 0);
          g_assert_cmpint (notes_column, >=, 0);
          g_assert_cmpint (assessment_column, >=, 0);
          continue;
        }
      for (guint i = 0; i < fields->len; i++)
        {
          const char *cell = g_ptr_array_index (fields, i);

          if ((int) i == assessment_column)
            {
              if (cell[0] != '\0')
                {
                  g_assert_cmpstr (cell, ==, "-2");
                  negatives++;
                }
              continue;
            }
          double number;

          /* Numbers (negative scores) are not text. */
          if (fol_csv_parse_number (cell, &number, NULL))
            continue;
          if (strchr ("=+-@\t\r", cell[0]) != NULL)
            g_error ("line %u, column %u starts a formula: “%s”", lines - 1, i, cell);
        }
    }
  g_assert_no_error (error);
  g_assert_cmpuint (negatives, ==, G_N_ELEMENTS (names));
  g_assert_nonnull (strstr (first, ",\"'=HYPERLINK("));
  g_assert_nonnull (strstr (first, ",''t Hart,"));

  copy = fol_sqlite_store_open (copy_path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  {
    g_autoptr(FolCsvPreview) preview = preview_text (copy, first);

    g_assert_cmpuint (fol_csv_preview_get_n_rejected (preview), ==, 0);
    g_assert_true (fol_csv_import_commit (preview, &error));
    g_assert_no_error (error);
  }
  second = fol_csv_export_to_string (FOL_STORE (copy), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, second);

  d1 = fol_sqlite_store_dump_canonical (f->store, &error);
  g_assert_no_error (error);
  d2 = fol_sqlite_store_dump_canonical (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (d1, ==, d2);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_nonnull (strstr (d2, names[i]));

  /* A quote that another program wrote in front of ordinary text stays. */
  {
    g_autoptr(FolCsvPreview) preview =
      preview_text (copy, "record,patient_name,birth_date\r\npatient,'Connor,1980-01-01\r\n");
    g_autofree char *id = NULL;
    g_autofree char *summary = fol_csv_preview_to_text (preview);

    g_test_message ("%s", summary);
    g_assert_cmpuint (fol_csv_preview_get_n_rejected (preview), ==, 0);
    g_assert_true (fol_csv_import_commit (preview, &error));
    g_assert_no_error (error);
    id = fol_store_find_patient (FOL_STORE (copy), "'Connor", fol_date_new (1980, 1, 1), NULL);
    g_assert_nonnull (id);
  }
}

/* Hairs per follicular unit is computed (total density / FU density): the
 * export writes it beside the values it comes from, and an import refuses
 * a row whose value disagrees with them, writing nothing.
 */
static void
test_hairs_per_fu (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *export_path = g_build_filename (f->dir, "out.csv", NULL);
  g_autofree char *exported = NULL;
  g_autofree char *text = g_strdup_printf (
    "record,patient_id,visit_date,region,total_density_hairs_per_cm2,fu_density_fu_per_cm2,"
    "hairs_per_fu\r\n"
    "measurement,%s,2024-03-01,vertex,150,75,2.00\r\n"
    "measurement,%s,2024-03-02,vertex,150,75,3\r\n", f->ana, f->ana);

  {
    g_autoptr(FolCsvPreview) preview = preview_text (f->store, text);
    g_autofree char *summary = fol_csv_preview_to_text (preview);
    FolCsvCounts c;

    g_test_message ("%s", summary);
    fol_csv_preview_get_counts (preview, &c);
    g_assert_cmpuint (c.rows_rejected, ==, 1);
    g_assert_cmpuint (c.visits_new, ==, 1);
    g_assert_nonnull (strstr (summary, "hairs_per_fu"));
    g_assert_nonnull (strstr (summary, "3"));
    g_assert_true (fol_csv_import_commit (preview, &error));
    g_assert_no_error (error);
  }

  g_assert_true (fol_csv_export (FOL_STORE (f->store), NULL, export_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (export_path, &exported, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (exported, ",hairs_per_fu"));
  g_assert_nonnull (strstr (exported, ",2.00"));
  g_assert_null (strstr (exported, "2024-03-02"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fol_date_set_today (fol_date_new (2026, 11, 25));

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/csv-import/refused-row", test_refused_row);
  ADD ("/csv-import/unchanged", test_unchanged);
  ADD ("/csv-import/concurrent", test_concurrent);
  ADD ("/csv-import/concurrent-processes", test_concurrent_processes);
  ADD ("/csv-import/birth-after-visits", test_birth_after_visits);
  ADD ("/csv-import/conflict", test_conflict);
  ADD ("/csv-import/control-characters", test_control_characters);
  ADD ("/csv-import/batch-validates", test_batch_validates);
  ADD ("/csv-import/formulas", test_formulas);
  ADD ("/csv-import/batch-validates-measurements", test_batch_validates_measurements);
  ADD ("/csv-import/any-store", test_any_store);
  ADD ("/csv-import/hairs-per-fu", test_hairs_per_fu);

  return g_test_run ();
}
