/* test-figures-ui.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <libintl.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <adwaita.h>

#include "fol-test-app.h"
#include "fol-test-review.h"
#include "fol-chart-data.h"
#include "fol-figures.h"
#include "fol-patient-page.h"
#include "fol-patient-page-private.h"
#include "fol-progress-panel.h"
#include "fol-summary.h"

/* The figures of fol-figures.c in the same words in the window's overview
 * and visits, review mode, the command line's summary and the PDF report,
 * in English, German and Spanish; a scale is charted as steps.
 */

static const char *language;

static char *
localedir (void)
{
  return g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
}

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
  envp = g_environ_setenv (envp, "LANGUAGE", language, TRUE);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The report's text with every run of white space one space. */
static char *
pdf_flat_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) words = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  words = g_strsplit_set (out, " \n\f", -1);
  return g_strjoinv (" ", words);
}

static void
save_visit (FolStore   *store,
            FolPatient *patient,
            FolDate     date,
            const char *norwood,
            int         salt_top,
            int         iga,
            int         pga,
            double      total,
            double      terminal,
            double      fu)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolVisit) visit = fol_visit_new ();
  g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
  FolMeasurement *m = fol_measurement_new ();

  fol_visit_set_patient_id (visit, fol_patient_get_id (patient));
  fol_visit_set_date (visit, date);
  fol_visit_set_kind (visit, "follow_up");
  fol_visit_set_norwood (visit, norwood);
  /* Loss on the top only (40 % of the scalp): SALT = 0.4 × top. */
  fol_visit_set_salt_top (visit, salt_top);
  fol_visit_set_salt_back (visit, 0);
  fol_visit_set_salt_right (visit, 0);
  fol_visit_set_salt_left (visit, 0);
  fol_visit_set_investigator_assessment (visit, iga);
  fol_visit_set_patient_assessment (visit, pga);
  /* Vellus is not entered: it is derived as total − terminal. */
  fol_measurement_set_region (m, FOL_REGION_VERTEX);
  fol_measurement_set_total_density (m, total);
  fol_measurement_set_terminal_density (m, terminal);
  fol_measurement_set_fu_density (m, fu);
  g_ptr_array_add (ms, m);
  g_assert_true (fol_store_save_visit (store, visit, ms, &error));
  g_assert_no_error (error);
}

static FolPatient *
make_patient (FolStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolTreatmentSession) session = fol_treatment_session_new ();
  FolPatient *p = fol_patient_new ();

  fol_patient_set_name (p, "Figures Test");
  fol_patient_set_birth_date (p, fol_date_new (1970, 3, 1));
  fol_patient_set_sex (p, "male");
  fol_patient_set_diagnosis (p, "androgenetic_alopecia");
  g_assert_true (fol_store_save_patient (store, p, &error));
  g_assert_no_error (error);

  save_visit (store, p, fol_date_new (2025, 1, 10), "IV", 100, FOL_NO_SCORE, FOL_NO_SCORE,
              150.0, 120.0, 60.0);
  save_visit (store, p, fol_date_new (2025, 4, 10), "IIIa", 75, 1, 0, 160.0, 124.0, 64.0);
  save_visit (store, p, fol_date_new (2025, 7, 10), "III vertex", 50, 2, -1, 180.0, 130.0, 72.0);

  fol_treatment_session_set_patient_id (session, fol_patient_get_id (p));
  fol_treatment_session_set_date (session, fol_date_new (2025, 1, 10));
  fol_treatment_session_set_treatment_type (session, "exosomes");
  fol_treatment_session_set_regions (session, FOL_REGION_BIT (FOL_REGION_VERTEX));
  g_assert_true (fol_store_save_session (store, session, &error));
  g_assert_no_error (error);
  return p;
}

static void
figures_body (gpointer data)
{
  FolTestApp *t = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) patient = make_patient (t->window->store);
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *pdf = g_build_filename (t->dir, "report.pdf", NULL);
  g_autofree char *summary = NULL;
  g_autofree char *report = NULL;
  g_autofree char *visit_text = NULL;
  g_auto(GStrv) review_lines = NULL;
  g_auto(GStrv) overview = NULL;
  const char *id = fol_patient_get_id (patient);
  FolPatientPage *page;

  history = fol_store_load_history (t->window->store, id, &error);
  g_assert_no_error (error);
  lines = fol_figures_lines (history);
  /* Norwood, SALT, the two assessments, the derived vellus. */
  g_assert_cmpuint (lines->len, ==, 5);

  /* The words themselves, hand-checked, in each language. */
  {
    g_autofree char *better = fol_scale_change_words (6, 5);
    g_autofree char *expected = NULL;

    if (g_str_equal (language, "en"))
      {
        g_assert_cmpstr (g_ptr_array_index (lines, 0), ==,
                         "Norwood–Hamilton: IV → III vertex, better by one grade since 10 January 2025");
        g_assert_cmpstr (g_ptr_array_index (lines, 1), ==,
                         "SALT 40.0 → 20.0: 50.0 % less hair loss than at baseline. SALT50 reached "
                         "(at least 50 % less). The usual target of SALT ≤ 20 reached.");
      }
    else if (g_str_equal (language, "de"))
      {
        g_assert_cmpstr (better, ==, "um einen Grad besser");
        g_assert_nonnull (strstr (g_ptr_array_index (lines, 2), "+2 (mäßig vermehrt)"));
        g_assert_nonnull (strstr (g_ptr_array_index (lines, 1), "SALT50 erreicht"));
      }
    else
      {
        g_assert_cmpstr (better, ==, "un grado mejor");
        g_assert_nonnull (strstr (g_ptr_array_index (lines, 2), "+2 (moderadamente aumentado)"));
        g_assert_nonnull (strstr (g_ptr_array_index (lines, 1), "SALT50 alcanzado"));
      }
    expected = g_strdup_printf ("%s: IV → %s, %s", fol_scale_name (FOL_SCALE_NORWOOD),
                                fol_scale_grade_label (FOL_SCALE_NORWOOD, 5), better);
    g_assert_true (g_str_has_prefix (g_ptr_array_index (lines, 0), expected));
  }

  /* The window: the overview's lines, the latest visit's grades and
   * assessments, and Norwood–Hamilton charted as steps on its own order.
   */
  fol_window_show_patient (t->window, id);
  fol_test_iterate ();
  page = t->window->patient_page;
  overview = g_strsplit (_fol_patient_page_get_figures_text (page), "\n", -1);
  g_assert_cmpuint (g_strv_length (overview), ==, lines->len);
  for (guint i = 0; i < lines->len; i++)
    {
      g_test_message ("%s: %s", language, overview[i]);
      g_assert_cmpstr (overview[i], ==, g_ptr_array_index (lines, i));
    }
  visit_text = fol_figures_visit_text (history, 2);
  {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (fol_patient_page_get_visit_list (page), 0);
    const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

    g_test_message ("%s: visit %s", language, subtitle);
    g_assert_nonnull (strstr (subtitle, visit_text));
    g_assert_nonnull (strstr (subtitle, fol_assessment_words (2)));
  }
  {
    GtkWidget *panel = adw_bin_get_child (fol_patient_page_get_chart_slot (page));
    FolChartData *chart;

    fol_progress_panel_set_measure (FOL_PROGRESS_PANEL (panel), FOL_MEASURE_HAIRS_PER_FU);
    fol_test_iterate ();
    g_assert_cmpint (fol_progress_panel_get_measure (FOL_PROGRESS_PANEL (panel)), ==,
                     FOL_MEASURE_HAIRS_PER_FU);
    chart = fol_progress_panel_get_data (FOL_PROGRESS_PANEL (panel));
    g_assert_cmpfloat_with_epsilon (fol_chart_data_get_value (chart, 0, 2), 2.5, 1e-12);

    fol_progress_panel_set_measure (FOL_PROGRESS_PANEL (panel), FOL_MEASURE_NORWOOD);
    fol_test_iterate ();
    g_assert_cmpint (fol_progress_panel_get_measure (FOL_PROGRESS_PANEL (panel)), ==,
                     FOL_MEASURE_NORWOOD);
    chart = fol_progress_panel_get_data (FOL_PROGRESS_PANEL (panel));
    g_assert_cmpuint (fol_chart_data_get_n_levels (chart), ==, 12);
    g_assert_cmpstr (fol_chart_data_get_level_label (chart, 5), ==,
                     fol_scale_grade_label (FOL_SCALE_NORWOOD, 5));
    g_assert_cmpfloat (fol_chart_data_get_y (chart, 0, 0), ==, 6.0);
    g_assert_cmpfloat (fol_chart_data_get_y (chart, 0, 2), ==, 5.0);
  }

  /* The command line's summary. */
  summary = run_follicle (t->path, "--patient", id, "--summary", NULL);
  for (guint i = 0; i < lines->len; i++)
    g_assert_nonnull (strstr (summary, g_ptr_array_index (lines, i)));
  g_assert_nonnull (strstr (summary, fol_measure_name (FOL_MEASURE_HAIRS_PER_FU)));

  /* The report. */
  g_free (run_follicle (t->path, "--patient", id, "--export-report", pdf, NULL));
  report = pdf_flat_text (pdf);
  for (guint i = 0; i < lines->len; i++)
    {
      g_test_message ("%s: report %s", language, (char *) g_ptr_array_index (lines, i));
      g_assert_nonnull (strstr (report, g_ptr_array_index (lines, i)));
    }
  g_assert_nonnull (strstr (report, fol_measure_name (FOL_MEASURE_HAIRS_PER_FU)));
  g_assert_nonnull (strstr (report, fol_measure_name (FOL_MEASURE_NORWOOD)));

  /* Review mode. */
  {
    FolReviewWindow *review = enter_review (t, patient);

    review_lines = _fol_review_window_dup_figure_lines (review);
    g_assert_cmpuint (g_strv_length (review_lines), ==, lines->len);
    for (guint i = 0; i < lines->len; i++)
      g_assert_cmpstr (review_lines[i], ==, g_ptr_array_index (lines, i));
  }
}

static void
use_language (const char *lang)
{
  g_setenv ("LANGUAGE", lang, TRUE);
  setlocale (LC_ALL, "");
  language = lang;
}

static void
test_figures (gconstpointer data)
{
  FolTestApp t = { 0 };
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  use_language (data);
  fol_test_app_run (&t, FALSE, figures_body);
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
   * translate at all (see test-vocabulary.c).
   */
  g_test_add_data_func ("/figures-ui/german", "de", test_figures);
  g_test_add_data_func ("/figures-ui/spanish", "es", test_figures);
  g_test_add_data_func ("/figures-ui/english", "en", test_figures);

  return g_test_run ();
}
