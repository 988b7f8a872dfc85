/* test-threshold.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "fol-sqlite-store.h"
#include "fol-stats.h"
#include "fol-test-run.h"
#include "fol-threshold.h"

/* The no-change threshold in effect is the same everywhere: the
 * preference, or --threshold above it. The patient's frontal region
 * changes by +12 %, the vertex by exactly +15 %, the mid-scalp by +6 %.
 */

typedef struct
{
  char *dir;
  char *db;
  char *id;
} Fixture;

static void
add_visit (FolStore   *store,
           const char *patient_id,
           FolDate     date,
           double      frontal,
           double      vertex,
           double      midscalp)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolVisit) visit = fol_visit_new ();
  g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
  const struct { FolRegion region; double value; } values[] = {
    { FOL_REGION_FRONTAL, frontal },
    { FOL_REGION_VERTEX, vertex },
    { FOL_REGION_MIDSCALP, midscalp },
  };

  fol_visit_set_patient_id (visit, patient_id);
  fol_visit_set_date (visit, date);
  fol_visit_set_kind (visit, frontal == 100 ? "baseline" : "follow_up");
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      FolMeasurement *m = fol_measurement_new ();

      fol_measurement_set_region (m, values[i].region);
      fol_measurement_set_total_density (m, values[i].value);
      g_ptr_array_add (ms, m);
    }
  fol_store_save_visit (store, visit, ms, &error);
  g_assert_no_error (error);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = NULL;
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autofree char *config = NULL;
  g_autofree char *keyfile = NULL;

  f->dir = g_dir_make_tmp ("follicle-threshold-XXXXXX", NULL);
  f->db = g_build_filename (f->dir, "clinic.db", NULL);
  store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  fol_patient_set_name (p, "Threshold Test");
  fol_patient_set_birth_date (p, fol_date_new (1980, 1, 1));
  g_assert_true (fol_store_save_patient (FOL_STORE (store), p, &error));
  g_assert_no_error (error);
  f->id = g_strdup (fol_patient_get_id (p));
  add_visit (FOL_STORE (store), f->id, fol_date_new (2025, 1, 10), 100, 100, 100);
  add_visit (FOL_STORE (store), f->id, fol_date_new (2025, 7, 10), 112, 115, 106);

  /* The command line reads the user's settings: here a key file that
   * sets the preference to 15 %.
   */
  config = g_build_filename (f->dir, "config", "glib-2.0", "settings", NULL);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  keyfile = g_build_filename (config, "keyfile", NULL);
  g_assert_true (g_file_set_contents (keyfile, "[org/follicle/Follicle]\nchange-threshold=15.0\n",
                                      -1, &error));
  g_assert_no_error (error);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_free (config);
  config = g_build_filename (f->dir, "config", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_assert_cmpint (system (command), ==, 0);
  g_free (f->db);
  g_free (f->dir);
  g_free (f->id);
}

/* The verdict of @region's row in a --summary table. */
static gboolean
summary_says (const char *out,
              const char *region,
              const char *verdict)
{
  g_autofree char *pattern = g_strdup_printf ("(^|\\n)%s +[^\\n]* %s\\n", region, verdict);

  return g_regex_match_simple (pattern, out, 0, 0);
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) spaces = NULL;
  int status = 0;
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* pdftotext may break a line: one space between words. */
  spaces = g_regex_new ("\\s+", 0, 0, NULL);
  return g_regex_replace (spaces, out, -1, 0, " ", 0, NULL);
}

static void
test_parse (void)
{
  const char *good[] = { "15", "1", "50", "12.5", "15 %", " 7 " };
  const double values[] = { 15, 1, 50, 12.5, 15, 7 };
  const char *bad[] = { "-1", "0", "0.5", "100", "50.01", "nan", "inf", "", "ten", "15x", "1e400" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      double t = 0;

      g_assert_true (fol_threshold_parse (good[i], &t, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (t, ==, values[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      double t = -7;

      g_assert_false (fol_threshold_parse (bad[i], &t, &error));
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
      g_assert_nonnull (strstr (error->message, "--threshold"));
      g_assert_nonnull (strstr (error->message, "from 1 to 50"));
      g_assert_cmpfloat (t, ==, -7);
    }
}

static void
test_in_effect (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (FOL_THRESHOLD_SCHEMA, backend);

  g_assert_cmpfloat (fol_threshold_in_effect (settings), ==, FOL_THRESHOLD_DEFAULT);
  g_settings_set_double (settings, "change-threshold", 15.0);
  g_assert_cmpfloat (fol_threshold_in_effect (settings), ==, 15.0);

  /* Exactly the threshold is a change; just inside it is not. */
  g_assert_cmpint (fol_stats_classify (15.0, fol_threshold_in_effect (settings), FALSE), ==,
                   FOL_CHANGE_IMPROVED);
  g_assert_cmpint (fol_stats_classify (100.0 * (115.0 - 100.0) / 100.0 - 1e-12,
                                       fol_threshold_in_effect (settings), FALSE), ==,
                   FOL_CHANGE_IMPROVED);
  g_assert_cmpint (fol_stats_classify (14.99, fol_threshold_in_effect (settings), FALSE), ==,
                   FOL_CHANGE_STABLE);
  g_assert_cmpint (fol_stats_classify (-15.0, fol_threshold_in_effect (settings), FALSE), ==,
                   FOL_CHANGE_WORSE);
  g_assert_cmpint (fol_stats_classify (12.0, fol_threshold_in_effect (settings), FALSE), ==,
                   FOL_CHANGE_STABLE);

  fol_threshold_set_override (5.0);
  g_assert_cmpfloat (fol_threshold_in_effect (settings), ==, 5.0);
  g_assert_cmpfloat (fol_threshold_in_effect (NULL), ==, 5.0);
  fol_threshold_set_override (NAN);
  g_assert_cmpfloat (fol_threshold_in_effect (settings), ==, 15.0);
}

/* Writes @value (floating) where the settings' store keeps the preference,
 * as a hand-edited store might: unchecked. */
static void
store_raw (GSettingsBackend *backend,
           GVariant         *value)
{
  g_assert_true (G_SETTINGS_BACKEND_GET_CLASS (backend)->write (backend,
                                                                "/org/follicle/Follicle/change-threshold",
                                                                value, NULL));
}

/* Without a GSettings object (the command line's case), the preference is
 * what the user's settings hold, read again on every call, and the key's
 * default where GSettings would give it: a value out of range or of
 * another type.
 */
static void
test_preference_read (void)
{
  g_autoptr(GSettingsBackend) backend = g_settings_backend_get_default ();
  g_autoptr(GSettings) settings = g_settings_new (FOL_THRESHOLD_SCHEMA);

  g_assert_cmpfloat (fol_threshold_in_effect (NULL), ==, FOL_THRESHOLD_DEFAULT);
  g_settings_set_double (settings, "change-threshold", 15.0);
  g_assert_cmpfloat (fol_threshold_in_effect (NULL), ==, 15.0);
  g_settings_set_double (settings, "change-threshold", 22.5);
  g_assert_cmpfloat (fol_threshold_in_effect (NULL), ==, 22.5);

  store_raw (backend, g_variant_new_double (99.0));
  g_assert_cmpfloat (g_settings_get_double (settings, "change-threshold"), ==,
                     FOL_THRESHOLD_DEFAULT);
  g_assert_cmpfloat (fol_threshold_in_effect (NULL), ==, FOL_THRESHOLD_DEFAULT);
  store_raw (backend, g_variant_new_string ("15"));
  g_assert_cmpfloat (fol_threshold_in_effect (NULL), ==, FOL_THRESHOLD_DEFAULT);
  store_raw (backend, g_variant_new_double (12.0));
  g_assert_cmpfloat (fol_threshold_in_effect (NULL), ==, 12.0);

  g_settings_reset (settings, "change-threshold");
  g_assert_cmpfloat (fol_threshold_in_effect (NULL), ==, FOL_THRESHOLD_DEFAULT);
}

static guint
count_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Reading the preference starts nothing that would watch it: with the
 * dconf store (the desktop's), a GSettings object starts two threads and
 * a D-Bus connection, a cost every one-shot command paid.
 */
static void
test_preference_unwatched (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *home = g_dir_make_tmp ("follicle-threshold-XXXXXX", NULL);
      g_autoptr(GSettingsBackend) backend = NULL;
      guint before;

      g_assert_nonnull (home);
      g_setenv ("XDG_CONFIG_HOME", home, TRUE);
      g_setenv ("XDG_CACHE_HOME", home, TRUE);
      g_setenv ("XDG_RUNTIME_DIR", home, TRUE);
      g_setenv ("GSETTINGS_BACKEND", "dconf", TRUE);
      backend = g_settings_backend_get_default ();
      g_assert_cmpstr (G_OBJECT_TYPE_NAME (backend), ==, "DConfSettingsBackend");

      before = count_threads ();
      g_assert_cmpfloat (fol_threshold_in_effect (NULL), ==, FOL_THRESHOLD_DEFAULT);
      g_assert_cmpuint (count_threads (), ==, before);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_cli_summary (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(Run) r = { 0 };
  g_auto(Run) o = { 0 };
  g_auto(Run) none = { 0 };
  g_autofree char *schemas = g_strdup (g_getenv ("GSETTINGS_SCHEMA_DIR"));

  /* The preference, 15 %: +12 % is stable, exactly +15 % is a change. */
  run (&r, "--database", f->db, "--patient", f->id, "--summary", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_true (summary_says (r.out, "Frontal", "Stable"));
  g_assert_true (summary_says (r.out, "Vertex", "Improved"));
  g_assert_true (summary_says (r.out, "Mid-scalp", "Stable"));

  /* --threshold overrides it. */
  run (&o, "--database", f->db, "--patient", f->id, "--summary", "--threshold", "5", NULL);
  g_assert_cmpint (o.status, ==, 0);
  g_assert_true (summary_says (o.out, "Frontal", "Improved"));
  g_assert_true (summary_says (o.out, "Mid-scalp", "Improved"));

  /* Without the schema: the default, 10 %, and nothing said. */
  g_setenv ("GSETTINGS_SCHEMA_DIR", f->dir, TRUE);
  g_setenv ("XDG_DATA_DIRS", f->dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  run (&none, "--database", f->db, "--patient", f->id, "--summary", NULL);
  g_setenv ("GSETTINGS_SCHEMA_DIR", schemas, TRUE);
  g_unsetenv ("XDG_DATA_DIRS");
  g_assert_cmpint (none.status, ==, 0);
  g_assert_cmpstr (none.err, ==, "");
  g_assert_true (summary_says (none.out, "Frontal", "Improved"));
  g_assert_true (summary_says (none.out, "Mid-scalp", "Stable"));
}

static void
test_cli_bad (Fixture       *f,
              gconstpointer  data)
{
  const char *bad[] = { "-1", "0", "100", "nan", "ten" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *arg = g_strdup_printf ("--threshold=%s", bad[i]);
      g_auto(Run) r = { 0 };

      run (&r, "--database", f->db, "--patient", f->id, "--summary", arg, NULL);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_cmpstr (r.out, ==, "");
      g_assert_nonnull (strstr (r.err, "--threshold"));
      g_assert_nonnull (strstr (r.err, "from 1 to 50"));
    }

  {
    g_auto(Run) r = { 0 };

    /* A threshold with nothing that judges a change is a mistake too. */
    run (&r, "--database", f->db, "--list-patients", "--threshold", "5", NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--threshold"));
  }
}

static void
test_cli_report_and_chart (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *report = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *report5 = g_build_filename (f->dir, "report5.pdf", NULL);
  g_autofree char *chart = g_build_filename (f->dir, "chart.pdf", NULL);
  g_autofree char *chart5 = g_build_filename (f->dir, "chart5.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *text5 = NULL;
  g_autofree char *ctext = NULL;
  g_autofree char *ctext5 = NULL;
  g_auto(Run) r = { 0 };
  g_auto(Run) r5 = { 0 };
  g_auto(Run) c = { 0 };
  g_auto(Run) c5 = { 0 };

  run (&r, "--database", f->db, "--patient", f->id, "--export-report", report, NULL);
  g_assert_cmpint (r.status, ==, 0);
  text = pdf_text (report);
  g_assert_nonnull (strstr (text, "Frontal: 100.0 → 112.0 hairs/cm², +12.0 % since"));
  g_assert_true (g_regex_match_simple ("Frontal: 100.0 → 112.0 [^()]*\\(Stable\\)", text, 0, 0));
  g_assert_true (g_regex_match_simple ("Vertex: 100.0 → 115.0 [^()]*\\(Improved\\)", text, 0, 0));
  g_assert_nonnull (strstr (text, "A change smaller than 15 % is reported as “Stable”"));

  run (&r5, "--database", f->db, "--patient", f->id, "--export-report", report5, "--threshold", "5",
       NULL);
  g_assert_cmpint (r5.status, ==, 0);
  text5 = pdf_text (report5);
  g_assert_true (g_regex_match_simple ("Frontal: 100.0 → 112.0 [^()]*\\(Improved\\)", text5, 0, 0));
  g_assert_nonnull (strstr (text5, "A change smaller than 5 % is reported"));

  /* The exported chart's band is the same threshold. */
  run (&c, "--database", f->db, "--patient", f->id, "--export-chart", chart, "--relative", NULL);
  g_assert_cmpint (c.status, ==, 0);
  ctext = pdf_text (chart);
  g_assert_nonnull (strstr (ctext, "Stable (±15 %)"));
  run (&c5, "--database", f->db, "--patient", f->id, "--export-chart", chart5, "--threshold", "5",
       "--regions", "frontal", NULL);
  g_assert_cmpint (c5.status, ==, 0);
  ctext5 = pdf_text (chart5);
  g_assert_nonnull (strstr (ctext5, "Stable (±5 %)"));
}

static void
test_cli_batch (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *reports = g_build_filename (f->dir, "reports", NULL);
  g_autofree char *charts = g_build_filename (f->dir, "charts", NULL);
  g_auto(Run) r = { 0 };
  g_auto(Run) c = { 0 };
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n = 0;

  run (&r, "--database", f->db, "--export-reports", reports, NULL);
  g_assert_cmpint (r.status, ==, 0);
  dir = g_dir_open (reports, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (reports, name, NULL);
      g_autofree char *text = pdf_text (path);

      g_assert_true (g_regex_match_simple ("Frontal: 100.0 → 112.0 [^()]*\\(Stable\\)", text,
                                           0, 0));
      g_assert_nonnull (strstr (text, "A change smaller than 15 % is reported"));
      n++;
    }
  g_assert_cmpuint (n, ==, 1);
  g_clear_pointer (&dir, g_dir_close);

  n = 0;
  run (&c, "--database", f->db, "--export-charts", charts, "--format", "pdf", "--threshold", "5",
       "--regions", "frontal", NULL);
  g_assert_cmpint (c.status, ==, 0);
  dir = g_dir_open (charts, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (charts, name, NULL);
      g_autofree char *text = pdf_text (path);

      g_assert_nonnull (strstr (text, "Stable (±5 %)"));
      n++;
    }
  g_assert_cmpuint (n, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/threshold/parse", test_parse);
  g_test_add_func ("/threshold/in-effect", test_in_effect);
  g_test_add_func ("/threshold/preference-read", test_preference_read);
  g_test_add_func ("/threshold/preference-unwatched", test_preference_unwatched);
  g_test_add ("/threshold/cli-summary", Fixture, NULL, setup, test_cli_summary, teardown);
  g_test_add ("/threshold/cli-bad", Fixture, NULL, setup, test_cli_bad, teardown);
  g_test_add ("/threshold/cli-report-chart", Fixture, NULL, setup, test_cli_report_and_chart,
              teardown);
  g_test_add ("/threshold/cli-batch", Fixture, NULL, setup, test_cli_batch, teardown);

  return g_test_run ();
}
