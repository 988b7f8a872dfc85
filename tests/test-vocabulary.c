/* test-vocabulary.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <libintl.h>
#include <string.h>
#include <sys/wait.h>

#include <adwaita.h>

#include "fol-test-app.h"
#include "fol-test-review.h"
#include "fol-test-patient.h"
#include "fol-chart-data.h"
#include "fol-patient-page.h"
#include "fol-progress-panel.h"
#include "fol-region.h"
#include "fol-stats.h"
#include "fol-summary.h"

/* One patient, one set of words: the window's overview, its chart, review
 * mode, the command line's summary and the PDF report name each region and
 * each verdict alike, in English and in German.
 */

typedef struct
{
  const char *language;
  FolPatient *patient;
} Case;

static Case current;

static char *
localedir (void)
{
  return g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
}

/* Runs the real `follicle` binary on the window's clinic, in the language
 * of the case. Returns its standard output.
 */
static char *
run_follicle (const char *db,
              const char *first,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *dir = localedir ();
  char *out = NULL;
  const char *arg;
  va_list args;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("FOLLICLE_BIN"));
  g_ptr_array_add (argv, (gpointer) "--database");
  g_ptr_array_add (argv, (gpointer) db);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_setenv (envp, "FOLLICLE_LOCALEDIR", dir, TRUE);
  envp = g_environ_setenv (envp, "LANGUAGE", current.language, TRUE);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static const char *
label_text (GtkWidget *widget)
{
  g_assert_true (GTK_IS_LABEL (widget));
  return gtk_label_get_text (GTK_LABEL (widget));
}

/* The summary table of the command line: the row of @name under the
 * heading @heading, or NULL.
 */
static char *
summary_row (const char *summary,
             const char *heading,
             const char *name)
{
  g_auto(GStrv) lines = g_strsplit (summary, "\n", -1);
  gboolean in = FALSE;

  for (guint i = 0; lines[i]; i++)
    {
      if (lines[i][0] == '\0')
        in = FALSE;
      else if (g_str_has_prefix (lines[i], heading))
        in = TRUE;
      else if (in && g_str_has_prefix (lines[i], name) && lines[i][strlen (name)] == ' ')
        return g_strdup (lines[i]);
    }
  return NULL;
}

static void
vocabulary_body (gpointer data)
{
  FolTestApp *t = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) patient = fol_test_patient_make (t->window->store, "Vocabulary Test", 6);
  FolPatientPage *page;
  GtkListBox *regions;
  g_autofree char *heading = g_strdup_printf ("%s (%s)", fol_measure_name (FOL_MEASURE_TOTAL_DENSITY),
                                              fol_measure_unit (FOL_MEASURE_TOTAL_DENSITY));
  g_autofree char *summary = NULL;
  g_autofree char *report = NULL;
  g_autofree char *pdf = g_build_filename (t->dir, "report.pdf", NULL);
  g_autofree char *report_flat = NULL;
  g_auto(GStrv) review_lines = NULL;
  g_autoptr(FolHistory) history = NULL;
  const char *verdicts[FOL_N_REGIONS] = { NULL };
  const char *names[FOL_N_REGIONS] = { NULL };
  guint seen = 0;

  fol_window_show_patient (t->window, fol_patient_get_id (patient));
  fol_test_iterate ();
  page = t->window->patient_page;
  g_assert_cmpstr (fol_patient_page_get_patient_id (page), ==, fol_patient_get_id (patient));

  /* The window's overview: a region's name and its verdict per row. */
  regions = fol_patient_page_get_region_list (page);
  for (int i = 0; gtk_list_box_get_row_at_index (regions, i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (regions, i);
      guint region = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "region"));
      GtkWidget *box = gtk_list_box_row_get_child (row);

      if (region >= FOL_N_REGIONS)
        continue;
      names[region] = label_text (gtk_widget_get_first_child (box));
      verdicts[region] = label_text (gtk_widget_get_last_child (box));
      seen |= FOL_REGION_BIT (region);
    }
  g_assert_cmpuint (seen, ==, FOL_ALL_REGIONS);

  /* The words are the core's, and the three kinds of verdict are shown. */
  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      g_test_message ("%s: window %s, %s", current.language, names[r], verdicts[r]);
      g_assert_cmpstr (names[r], ==, fol_region_short_name (r));
    }
  g_assert_cmpstr (verdicts[FOL_REGION_VERTEX], ==, fol_change_name (FOL_CHANGE_IMPROVED));
  g_assert_cmpstr (verdicts[FOL_REGION_FRONTAL], ==, fol_change_name (FOL_CHANGE_WORSE));
  g_assert_cmpstr (verdicts[FOL_REGION_OCCIPITAL], ==, fol_change_name (FOL_CHANGE_STABLE));

  /* The chart's legend names the regions as the table does. */
  {
    GtkWidget *panel = adw_bin_get_child (fol_patient_page_get_chart_slot (page));
    FolChartData *chart = fol_progress_panel_get_data (FOL_PROGRESS_PANEL (panel));

    g_assert_cmpuint (fol_chart_data_get_n_series (chart), ==, FOL_N_REGIONS);
    for (guint s = 0; s < fol_chart_data_get_n_series (chart); s++)
      g_assert_cmpstr (fol_chart_data_get_series_label (chart, s), ==,
                       names[fol_chart_data_get_series_region (chart, s)]);
  }

  /* The visits list says what a difference is relative to. */
  {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (fol_patient_page_get_visit_list (page), 0);
    const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
    g_autoptr(GRegex) bare = g_regex_new ("\\([+−-]?[0-9]+[.,][0-9]\\)", 0, 0, NULL);

    g_test_message ("%s: visit %s", current.language, subtitle);
    g_assert_false (g_regex_match (bare, subtitle, 0, NULL));
    if (g_str_equal (current.language, "en"))
      g_assert_nonnull (strstr (subtitle, "since previous visit"));
  }

  /* The command line's summary: the same name, the same verdict. */
  summary = run_follicle (t->path, "--patient", fol_patient_get_id (patient), "--summary", NULL);
  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      g_autofree char *row = summary_row (summary, heading, names[r]);

      g_test_message ("%s: summary %s", current.language, row);
      g_assert_nonnull (row);
      g_assert_true (g_str_has_suffix (row, verdicts[r]));
    }

  /* The report: its summary sentences and its table. */
  g_free (run_follicle (t->path, "--patient", fol_patient_get_id (patient), "--export-report", pdf,
                        NULL));
  report = pdf_text (pdf);
  history = fol_store_load_history (t->window->store, fol_patient_get_id (patient), &error);
  g_assert_no_error (error);
  {
    g_auto(GStrv) words = g_strsplit_set (report, " \n\f", -1);

    report_flat = g_strjoinv (" ", words);
  }
  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      g_autofree char *line = fol_summary_region_line (history, FOL_MEASURE_TOTAL_DENSITY, r,
                                                       FOL_DEFAULT_CHANGE_THRESHOLD);
      g_autofree char *start = g_strdup_printf ("%s: ", names[r]);
      g_autofree char *end = g_strdup_printf ("(%s)", verdicts[r]);
      const char *at = strstr (report_flat, start);

      g_assert_nonnull (line);
      g_assert_true (g_str_has_prefix (line, start));
      g_assert_nonnull (strstr (line, end));
      g_test_message ("%s: report %s", current.language, line);
      g_assert_nonnull (at);
    }

  /* Review mode: the same sentences as the report. */
  {
    FolReviewWindow *review = enter_review (t, patient);

    review_lines = _fol_review_window_dup_summary_lines (review);
    g_assert_cmpuint (g_strv_length (review_lines), ==, FOL_N_REGIONS);
    for (guint i = 0; review_lines[i]; i++)
      {
        gboolean named = FALSE, judged = FALSE;

        g_test_message ("%s: review %s", current.language, review_lines[i]);
        for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
          if (g_str_has_prefix (review_lines[i], names[r]) &&
              review_lines[i][strlen (names[r])] == ':')
            {
              g_autofree char *end = g_strdup_printf ("(%s", verdicts[r]);

              named = TRUE;
              judged = strstr (review_lines[i], end) != NULL;
              g_assert_nonnull (strstr (report_flat, review_lines[i]));
            }
        g_assert_true (named);
        g_assert_true (judged);
      }
  }
}

static void
use_language (const char *language)
{
  g_setenv ("LANGUAGE", language, TRUE);
  setlocale (LC_ALL, "");
  current.language = language;
}

static void
test_vocabulary (gconstpointer data)
{
  FolTestApp t = { 0 };
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  use_language (data);
  fol_test_app_run (&t, FALSE, vocabulary_body);
  use_language ("");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = localedir ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* German first: GLib decides at its first translation whether to
   * translate at all, and in the C locale of the tests, without a
   * language, it would not.
   */
  g_test_add_data_func ("/vocabulary/german", "de", test_vocabulary);
  g_test_add_data_func ("/vocabulary/english", "en", test_vocabulary);

  return g_test_run ();
}
