/* test-batch-export.c
 *
 * Copyright 2026 The Follicle authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "fol-batch-export.h"
#include "fol-demo.h"
#include "fol-sqlite-store.h"

typedef struct
{
  char      *dir;
  char      *database;
  FolStore  *store;     /* the clinic, open for the whole test */
  char      *out;
  GPtrArray *patients;  /* FolPatient, in list order */
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_remove (path);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FolSqliteStore *store;
  g_autoptr(GListModel) list = NULL;
  guint n = 0;

  f->dir = g_dir_make_tmp ("follicle-batch-XXXXXX", &error);
  g_assert_no_error (error);
  f->database = g_build_filename (f->dir, "clinic.db", NULL);
  f->out = g_build_filename (f->dir, "charts", NULL);

  store = fol_sqlite_store_open (f->database, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  f->store = FOL_STORE (store);
  g_assert_true (fol_demo_populate (FOL_STORE (store), FOL_DEMO_SEED, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >=, 4);

  list = fol_store_list_patients (FOL_STORE (store), NULL, &error);
  g_assert_no_error (error);
  f->patients = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    g_ptr_array_add (f->patients, g_list_model_get_item (list, i));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_ptr_array_unref (f->patients);
  g_free (f->out);
  g_free (f->database);
  g_free (f->dir);
}

static char *
expected_path_as (Fixture        *f,
                  FolPatient     *patient,
                  FolChartFormat  format)
{
  g_autofree char *name = fol_batch_export_file_name (fol_patient_get_id (patient),
                                                      fol_patient_get_name (patient),
                                                      format);

  return g_build_filename (f->out, name, NULL);
}

static char *
expected_path (Fixture    *f,
               FolPatient *patient)
{
  return expected_path_as (f, patient, FOL_CHART_FORMAT_PNG);
}

/* Nothing but finished charts in the folder: no temporary file. */
static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_false (name[0] == '.');
      n++;
    }
  return n;
}

static void
options_small (FolBatchExportOptions *options)
{
  fol_batch_export_options_init (options);
  options->width = 320;
  options->height = 200;
  options->n_workers = 3;
}

static void
test_file_names (void)
{
  static const struct {
    const char *id;
    const char *name;
    FolChartFormat format;
    const char *expected;
  } cases[] = {
    { "f068bdc7-1111", "Martin Keller (demo)", FOL_CHART_FORMAT_PNG, "Martin_Keller_demo-f068bdc7.png" },
    { "f993fd43-2222", "Chloé Martin", FOL_CHART_FORMAT_PDF, "Chloe_Martin-f993fd43.pdf" },
    { "abc", "../../etc/passwd", FOL_CHART_FORMAT_SVG, "etc_passwd-abc.svg" },
    { "12345678-9", "a/b\\c:d*e?f\"g<h>i|j\tk\nl", FOL_CHART_FORMAT_PNG, "a_b_c_d_e_f_g_h_i_j_k_l-12345678.png" },
    { "12345678", "   ", FOL_CHART_FORMAT_PNG, "12345678.png" },
    { "12345678", "Dot at the end.", FOL_CHART_FORMAT_PNG, "Dot_at_the_end-12345678.png" },
    { "12345678", "-rf .hidden", FOL_CHART_FORMAT_PNG, "rf_.hidden-12345678.png" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = fol_batch_export_file_name (cases[i].id, cases[i].name, cases[i].format);

      g_assert_cmpstr (name, ==, cases[i].expected);
    }

  /* Long names stop at 100 bytes, extension kept; only safe bytes. */
  {
    g_autoptr(GString) long_name = g_string_new (NULL);
    g_autofree char *name = NULL;

    for (guint i = 0; i < 60; i++)
      g_string_append (long_name, "Ünïcödé ");
    name = fol_batch_export_file_name ("0123456789abcdef", long_name->str, FOL_CHART_FORMAT_PDF);
    g_assert_cmpuint (strlen (name), <=, 100);
    g_assert_true (g_str_has_prefix (name, "Unicode_"));
    g_assert_true (g_str_has_suffix (name, "-01234567.pdf"));
    for (const char *c = name; *c; c++)
      g_assert_true (g_ascii_isalnum (*c) || strchr ("-_.", *c) != NULL);
  }
}

/* A folder of exports lists the patients as the app does, by name. */
static void
test_file_names_sort_by_name (void)
{
  g_autofree char *a = fol_batch_export_file_name ("ffff0000", "Amira Haddad", FOL_CHART_FORMAT_PDF);
  g_autofree char *b = fol_batch_export_file_name ("00001111", "Martin Keller", FOL_CHART_FORMAT_PDF);
  g_autofree char *c = fol_batch_export_file_name ("88884444", "Tomas Ruiz", FOL_CHART_FORMAT_PDF);

  g_assert_cmpint (strcmp (a, b), <, 0);
  g_assert_cmpint (strcmp (b, c), <, 0);
}

static void
test_all_written (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FolBatchExportOptions options;
  FolBatchExportResult result;

  options_small (&options);
  g_assert_true (fol_batch_export (f->store, f->out, &options, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.total, ==, f->patients->len);
  g_assert_cmpuint (result.written, ==, f->patients->len);
  g_assert_cmpuint (result.failed, ==, 0);
  g_assert_false (result.cancelled);

  for (guint i = 0; i < f->patients->len; i++)
    {
      g_autofree char *path = expected_path (f, g_ptr_array_index (f->patients, i));
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (path, &error);

      g_assert_no_error (error);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 320);
      g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 200);
    }
  g_assert_cmpuint (count_files (f->out), ==, f->patients->len);
  fol_batch_export_result_clear (&result);
}

/* A batch killed midway (kill -9) leaves each worker's unfinished file,
 * hidden; the next batch into the folder removes them, and nothing else.
 */
static void
test_leftovers_removed (Fixture       *f,
                        gconstpointer  data)
{
  static const char *leftovers[] = { ".a.png.Ab12Cd", ".b.svg.XYZ789", ".c.pdf.Qq00Rr" };
  g_autofree char *notes = g_build_filename (f->out, ".notes.txt.ABCDEF", NULL);
  g_autoptr(GError) error = NULL;
  FolBatchExportOptions options;
  FolBatchExportResult result;

  g_assert_cmpint (g_mkdir_with_parents (f->out, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (leftovers); i++)
    {
      g_autofree char *path = g_build_filename (f->out, leftovers[i], NULL);

      g_assert_true (g_file_set_contents (path, "<half a chart", -1, NULL));
    }
  g_assert_true (g_file_set_contents (notes, "not a chart", -1, NULL));

  options_small (&options);
  g_assert_true (fol_batch_export (f->store, f->out, &options, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.written, ==, f->patients->len);
  fol_batch_export_result_clear (&result);

  for (guint i = 0; i < G_N_ELEMENTS (leftovers); i++)
    {
      g_autofree char *path = g_build_filename (f->out, leftovers[i], NULL);

      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  g_assert_true (g_file_test (notes, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_remove (notes), ==, 0);
  g_assert_cmpuint (count_files (f->out), ==, f->patients->len);
}

static void
test_one_failure (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FolPatient *blocked = g_ptr_array_index (f->patients, 1);
  g_autofree char *blocked_path = expected_path (f, blocked);
  FolBatchExportOptions options;
  FolBatchExportResult result;

  /* A folder where the chart should go: that one chart cannot be written. */
  g_assert_cmpint (g_mkdir_with_parents (blocked_path, 0700), ==, 0);

  options_small (&options);
  g_assert_true (fol_batch_export (f->store, f->out, &options, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.written, ==, f->patients->len - 1);
  g_assert_cmpuint (result.failed, ==, 1);
  g_assert_cmpuint (result.failures->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (result.failures, 0), fol_patient_get_id (blocked)));

  for (guint i = 0; i < f->patients->len; i++)
    {
      g_autofree char *path = expected_path (f, g_ptr_array_index (f->patients, i));

      if (i == 1)
        g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
      else
        g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
  g_assert_cmpuint (count_files (f->out), ==, f->patients->len);
  fol_batch_export_result_clear (&result);
}

static void
count_progress_cb (guint    done,
                   guint    total,
                   gpointer data)
{
  guint *calls = data;

  g_assert_cmpuint (done, <=, total);
  (*calls)++;
}

static void
progress_cancel_cb (guint    done,
                    guint    total,
                    gpointer data)
{
  g_cancellable_cancel (data);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  FolBatchExportOptions options;
  FolBatchExportResult result;

  /* Cancelled after the first chart, as Ctrl+C would: the charts being
   * drawn are finished, no new one starts, no partial file is left.
   */
  options_small (&options);
  options.n_workers = 1;
  g_assert_true (fol_batch_export (f->store, f->out, &options, cancellable,
                                   progress_cancel_cb, cancellable, &result, &error));
  g_assert_no_error (error);
  g_assert_true (result.cancelled);
  g_assert_cmpuint (result.written, >=, 1);
  g_assert_cmpuint (result.written, <, f->patients->len);
  g_assert_cmpuint (result.failed, ==, 0);
  g_assert_cmpuint (count_files (f->out), ==, result.written);
  fol_batch_export_result_clear (&result);
}

static void
test_command_line (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *blocked_path = NULL;
  int status = 0;
  const char *argv[] = {
    g_getenv ("FOLLICLE_BIN"), "--database", f->database, "--export-charts", f->out,
    "--format", "svg", "--size", "400x300", NULL,
  };

  if (argv[0] == NULL)
    {
      g_test_skip ("FOLLICLE_BIN is not set");
      return;
    }

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* Not a terminal: a summary, no progress line. */
  g_assert_null (strchr (err, '\r'));
  g_assert_nonnull (strstr (out, "Wrote"));
  g_assert_cmpuint (count_files (f->out), ==, f->patients->len);

  /* One chart cannot be written: the others are, and the status says so. */
  remove_tree (f->out);
  {
    FolPatient *p = g_ptr_array_index (f->patients, 0);
    g_autofree char *name = fol_batch_export_file_name (fol_patient_get_id (p), fol_patient_get_name (p),
                                                        FOL_CHART_FORMAT_SVG);

    blocked_path = g_build_filename (f->out, name, NULL);
  }
  g_assert_cmpint (g_mkdir_with_parents (blocked_path, 0700), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (out, "1 failed"));
  g_assert_cmpuint (count_files (f->out), ==, f->patients->len);
}

/* Reports */

static void
options_reports (FolBatchExportOptions *options)
{
  fol_batch_export_options_init (options);
  options->kind = FOL_BATCH_EXPORT_REPORTS;
  options->n_workers = 3;
}

/* pdfinfo's output for @path, or NULL when poppler-utils is not installed. */
static char *
pdf_info (const char *path)
{
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  if (pdfinfo == NULL)
    return NULL;
  {
    const char *argv[] = { pdfinfo, path, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &out, NULL, &status, &error));
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* A PDF, read back: its header, and with pdfinfo its pages and title. */
static void
assert_report (const char *path,
               FolPatient *patient)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *info = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  info = pdf_info (path);
  if (info != NULL)
    {
      const char *pages = strstr (info, "Pages:");

      g_assert_nonnull (pages);
      g_assert_cmpuint (g_ascii_strtoull (pages + strlen ("Pages:") + strspn (pages + strlen ("Pages:"), " "),
                                          NULL, 10), >=, 1);
      g_assert_nonnull (strstr (info, fol_patient_get_name (patient)));
    }
}

static void
test_reports_written (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FolBatchExportOptions options;
  FolBatchExportResult result;
  guint progress_calls = 0;

  options_reports (&options);
  g_assert_true (fol_batch_export (f->store, f->out, &options, NULL,
                                   count_progress_cb, &progress_calls, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.total, ==, f->patients->len);
  g_assert_cmpuint (result.written, ==, f->patients->len);
  g_assert_cmpuint (result.failed, ==, 0);
  g_assert_false (result.cancelled);
  g_assert_cmpuint (progress_calls, >=, 1);

  for (guint i = 0; i < f->patients->len; i++)
    {
      FolPatient *patient = g_ptr_array_index (f->patients, i);
      g_autofree char *path = expected_path_as (f, patient, FOL_CHART_FORMAT_PDF);

      g_assert_true (g_str_has_suffix (path, ".pdf"));
      assert_report (path, patient);
    }
  g_assert_cmpuint (count_files (f->out), ==, f->patients->len);
  fol_batch_export_result_clear (&result);
}

static void
test_reports_one_failure (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FolPatient *blocked = g_ptr_array_index (f->patients, 2);
  g_autofree char *blocked_path = expected_path_as (f, blocked, FOL_CHART_FORMAT_PDF);
  FolBatchExportOptions options;
  FolBatchExportResult result;

  /* A folder where the report should go: only that report fails. */
  g_assert_cmpint (g_mkdir_with_parents (blocked_path, 0700), ==, 0);

  options_reports (&options);
  g_assert_true (fol_batch_export (f->store, f->out, &options, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.total, ==, f->patients->len);
  g_assert_cmpuint (result.written, ==, f->patients->len - 1);
  g_assert_cmpuint (result.failed, ==, 1);
  g_assert_cmpuint (result.failures->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (result.failures, 0), fol_patient_get_id (blocked)));
  g_assert_false (result.cancelled);

  for (guint i = 0; i < f->patients->len; i++)
    {
      FolPatient *patient = g_ptr_array_index (f->patients, i);
      g_autofree char *path = expected_path_as (f, patient, FOL_CHART_FORMAT_PDF);

      if (patient == blocked)
        g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
      else
        assert_report (path, patient);
    }
  g_assert_cmpuint (count_files (f->out), ==, f->patients->len);
  fol_batch_export_result_clear (&result);
}

static void
test_reports_cancelled (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  FolBatchExportOptions options;
  FolBatchExportResult result;

  /* Cancelled when the first report is done, as Ctrl+C would: the other
   * worker's report, if one is being drawn, is abandoned; whatever the
   * timing, the folder holds whole reports only and nothing is a failure.
   */
  options_reports (&options);
  options.n_workers = 2;
  g_assert_true (fol_batch_export (f->store, f->out, &options, cancellable,
                                   progress_cancel_cb, cancellable, &result, &error));
  g_assert_no_error (error);
  g_assert_true (result.cancelled);
  g_assert_cmpuint (result.written, >=, 1);
  g_assert_cmpuint (result.written, <, f->patients->len);
  g_assert_cmpuint (result.failed, ==, 0);
  g_assert_cmpuint (count_files (f->out), ==, result.written);

  for (guint i = 0; i < f->patients->len; i++)
    {
      FolPatient *patient = g_ptr_array_index (f->patients, i);
      g_autofree char *path = expected_path_as (f, patient, FOL_CHART_FORMAT_PDF);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        assert_report (path, patient);
    }
  fol_batch_export_result_clear (&result);
}

/* Cancelled before it starts: no report, no temporary file. */
static void
test_reports_cancelled_early (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  FolBatchExportOptions options;
  FolBatchExportResult result;

  g_cancellable_cancel (cancellable);
  options_reports (&options);
  g_assert_true (fol_batch_export (f->store, f->out, &options, cancellable, NULL, NULL,
                                   &result, &error));
  g_assert_no_error (error);
  g_assert_true (result.cancelled);
  g_assert_cmpuint (result.total, ==, f->patients->len);
  g_assert_cmpuint (result.written, ==, 0);
  g_assert_cmpuint (result.failed, ==, 0);
  g_assert_cmpuint (count_files (f->out), ==, 0);
  fol_batch_export_result_clear (&result);
}

static void
test_reports_command_line (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *blocked_path = NULL;
  int status = 0;
  const char *argv[] = {
    g_getenv ("FOLLICLE_BIN"), "--database", f->database, "--export-reports", f->out, NULL,
  };

  if (argv[0] == NULL)
    {
      g_test_skip ("FOLLICLE_BIN is not set");
      return;
    }

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* Not a terminal: a summary, no progress line. */
  g_assert_null (strchr (err, '\r'));
  g_assert_cmpstr (err, ==, "");
  expected = g_strdup_printf ("Wrote %u of %u reports to %s\n", f->patients->len, f->patients->len, f->out);
  g_assert_cmpstr (out, ==, expected);
  g_assert_cmpuint (count_files (f->out), ==, f->patients->len);
  for (guint i = 0; i < f->patients->len; i++)
    {
      FolPatient *patient = g_ptr_array_index (f->patients, i);
      g_autofree char *path = expected_path_as (f, patient, FOL_CHART_FORMAT_PDF);

      assert_report (path, patient);
    }

  /* One report cannot be written: the others are, the failure is named
   * and the exit status is 1.
   */
  remove_tree (f->out);
  blocked_path = expected_path_as (f, g_ptr_array_index (f->patients, 0), FOL_CHART_FORMAT_PDF);
  g_assert_cmpint (g_mkdir_with_parents (blocked_path, 0700), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (out, "1 failed"));
  g_assert_nonnull (strstr (err, fol_patient_get_id (g_ptr_array_index (f->patients, 0))));
  g_assert_cmpuint (count_files (f->out), ==, f->patients->len);
}

/* A clinic that is not a file: a store of another kind, here one that
 * passes every call on to the SQLite clinic and checks that each of its
 * instances is only ever used by one thread at a time.
 */
typedef struct
{
  GObject   parent_instance;
  FolStore *inner;
  GThread  *user;      /* the one thread that has used it */
  int      *n_readers; /* readers opened, from the first store on */
} TestRelayStore;

typedef struct
{
  GObjectClass parent_class;
} TestRelayStoreClass;

GType test_relay_store_get_type (void);
#define TEST_TYPE_RELAY_STORE (test_relay_store_get_type ())
#define TEST_RELAY_STORE(o) (G_TYPE_CHECK_INSTANCE_CAST ((o), TEST_TYPE_RELAY_STORE, TestRelayStore))

static void test_relay_store_iface_init (FolStoreInterface *iface);

G_DEFINE_TYPE_WITH_CODE (TestRelayStore, test_relay_store, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (FOL_TYPE_STORE, test_relay_store_iface_init))

/* The same, for a store that has no readers nor snapshots to give. */
typedef TestRelayStore TestBareStore;
typedef TestRelayStoreClass TestBareStoreClass;

GType test_bare_store_get_type (void);
static void test_bare_store_iface_init (FolStoreInterface *iface);

G_DEFINE_TYPE_WITH_CODE (TestBareStore, test_bare_store, TEST_TYPE_RELAY_STORE,
                         G_IMPLEMENT_INTERFACE (FOL_TYPE_STORE, test_bare_store_iface_init))

static FolStore *
relay_inner (FolStore *store)
{
  TestRelayStore *self = TEST_RELAY_STORE (store);

  /* Whoever uses it first owns it: another thread at the same time is a bug. */
  if (!g_atomic_pointer_compare_and_exchange (&self->user, NULL, g_thread_self ()))
    g_assert_true (self->user == g_thread_self ());
  return self->inner;
}

static FolStore *
relay_new (FolStore *inner,
           int      *n_readers)
{
  TestRelayStore *self = g_object_new (TEST_TYPE_RELAY_STORE, NULL);

  self->inner = inner;
  self->n_readers = n_readers;
  return FOL_STORE (self);
}

static GListModel *
relay_list_patients (FolStore    *store,
                     const char  *search,
                     GError     **error)
{
  return fol_store_list_patients (relay_inner (store), search, error);
}

static FolHistory *
relay_load_history (FolStore    *store,
                    const char  *patient_id,
                    GError     **error)
{
  return fol_store_load_history (relay_inner (store), patient_id, error);
}

static const char *
relay_get_location (FolStore *store)
{
  return "relay:clinic";
}

static gboolean
relay_is_read_only (FolStore *store)
{
  return fol_store_is_read_only (relay_inner (store));
}

static FolStore *
relay_open_reader (FolStore  *store,
                   GError   **error)
{
  TestRelayStore *self = TEST_RELAY_STORE (store);
  FolStore *reader = fol_store_open_reader (relay_inner (store), error);

  if (reader == NULL)
    return NULL;
  g_atomic_int_inc (self->n_readers);
  return relay_new (reader, self->n_readers);
}

static void
test_relay_store_finalize (GObject *object)
{
  TestRelayStore *self = TEST_RELAY_STORE (object);

  g_clear_object (&self->inner);
  G_OBJECT_CLASS (test_relay_store_parent_class)->finalize (object);
}

static void
test_relay_store_class_init (TestRelayStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_relay_store_finalize;
}

static void
test_relay_store_init (TestRelayStore *self)
{
}

static void
test_relay_store_iface_init (FolStoreInterface *iface)
{
  iface->list_patients = relay_list_patients;
  iface->load_history = relay_load_history;
  iface->get_location = relay_get_location;
  iface->is_read_only = relay_is_read_only;
  iface->open_reader = relay_open_reader;
}

static void
test_bare_store_class_init (TestBareStoreClass *klass)
{
}

static void
test_bare_store_init (TestBareStore *self)
{
}

static void
test_bare_store_iface_init (FolStoreInterface *iface)
{
  iface->list_patients = relay_list_patients;
  iface->load_history = relay_load_history;
  iface->get_location = relay_get_location;
  iface->is_read_only = relay_is_read_only;
  iface->open_reader = NULL;
  iface->snapshot = NULL;
}

/* A clinic that cannot give readers: every patient fails, saying why,
 * and nothing is written; nor does it pretend to take a snapshot.
 */
static void
test_no_readers (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) clinic = NULL;
  g_autoptr(FolStoreSnapshot) snapshot = NULL;
  g_autofree char *copy = g_build_filename (f->dir, "snapshot.db", NULL);
  FolBatchExportOptions options;
  FolBatchExportResult result;
  TestRelayStore *bare;

  bare = g_object_new (test_bare_store_get_type (), NULL);
  bare->inner = g_object_ref (f->store);
  clinic = FOL_STORE (bare);

  options_small (&options);
  g_assert_true (fol_batch_export (clinic, f->out, &options, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.total, ==, f->patients->len);
  g_assert_cmpuint (result.written, ==, 0);
  g_assert_cmpuint (result.failed, ==, f->patients->len);
  g_assert_nonnull (strstr (g_ptr_array_index (result.failures, 0),
                            "cannot be opened a second time for reading"));
  g_assert_cmpuint (count_files (f->out), ==, 0);
  fol_batch_export_result_clear (&result);

  snapshot = fol_store_snapshot (clinic, copy, &error);
  g_assert_null (snapshot);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "snapshot of this clinic cannot be taken"));
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
}

/* Every chart is written from a clinic that no path names: each worker
 * reads through a reader the clinic itself opened for it.
 */
static void
test_any_store (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) clinic = NULL;
  FolBatchExportOptions options;
  FolBatchExportResult result;
  int n_readers = 0;

  clinic = relay_new (g_object_ref (f->store), &n_readers);
  options_small (&options);
  options.n_workers = 3;
  g_assert_true (fol_batch_export (clinic, f->out, &options, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.total, ==, f->patients->len);
  g_assert_cmpuint (result.written, ==, f->patients->len);
  g_assert_cmpuint (result.failed, ==, 0);
  g_assert_cmpint (n_readers, ==, 3);
  /* The clinic itself stayed with this thread. */
  g_assert_true (TEST_RELAY_STORE (clinic)->user == g_thread_self ());

  for (guint i = 0; i < f->patients->len; i++)
    {
      g_autofree char *path = expected_path (f, g_ptr_array_index (f->patients, i));
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (path, &error);

      g_assert_no_error (error);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), >, 0);
    }
  fol_batch_export_result_clear (&result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/batch-export/file-names", test_file_names);
  g_test_add_func ("/batch-export/file-names-sort", test_file_names_sort_by_name);
  g_test_add ("/batch-export/all-written", Fixture, NULL, fixture_setup, test_all_written, fixture_teardown);
  g_test_add ("/batch-export/any-store", Fixture, NULL, fixture_setup, test_any_store, fixture_teardown);
  g_test_add ("/batch-export/no-readers", Fixture, NULL, fixture_setup, test_no_readers, fixture_teardown);
  g_test_add ("/batch-export/leftovers-removed", Fixture, NULL, fixture_setup, test_leftovers_removed,
              fixture_teardown);
  g_test_add ("/batch-export/one-failure", Fixture, NULL, fixture_setup, test_one_failure, fixture_teardown);
  g_test_add ("/batch-export/cancelled", Fixture, NULL, fixture_setup, test_cancelled, fixture_teardown);
  g_test_add ("/batch-export/command-line", Fixture, NULL, fixture_setup, test_command_line, fixture_teardown);
  g_test_add ("/batch-export/reports/written", Fixture, NULL, fixture_setup, test_reports_written,
              fixture_teardown);
  g_test_add ("/batch-export/reports/one-failure", Fixture, NULL, fixture_setup, test_reports_one_failure,
              fixture_teardown);
  g_test_add ("/batch-export/reports/cancelled", Fixture, NULL, fixture_setup, test_reports_cancelled,
              fixture_teardown);
  g_test_add ("/batch-export/reports/cancelled-early", Fixture, NULL, fixture_setup,
              test_reports_cancelled_early, fixture_teardown);
  g_test_add ("/batch-export/reports/command-line", Fixture, NULL, fixture_setup, test_reports_command_line,
              fixture_teardown);

  return g_test_run ();
}
