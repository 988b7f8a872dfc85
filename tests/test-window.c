/* test-window.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "fol-application-private.h"
#include "fol-backups-page.h"
#include "fol-csv.h"
#include "fol-editor-private.h"
#include "fol-error.h"
#include "fol-patient-editor.h"
#include "fol-patient-file.h"
#include "fol-review-window.h"
#include "fol-review-window-private.h"
#include "fol-patient-page-private.h"
#include "fol-photos-page.h"
#include "fol-progress-panel.h"
#include "fol-patient-row.h"
#include "fol-patient-list.h"
#include "fol-sqlite-store-private.h"
#include "fol-test-app.h"

static GListModel *
list_model (FolTestApp *t)
{
  return G_LIST_MODEL (gtk_list_view_get_model (t->window->patient_list));
}

static void
search (FolTestApp *t,
        const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (t->window->search_entry), text);
  /* The entry reports a change after a short delay; the handler is what runs. */
  g_signal_emit_by_name (t->window->search_entry, "search-changed");
  fol_test_iterate ();
}

static void
delete_patient_confirmed (FolTestApp *t)
{
  gtk_widget_activate_action (GTK_WIDGET (t->window), "win.delete", NULL);
  fol_test_iterate ();
  g_assert_nonnull (t->window->delete_dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (t->window->delete_dialog), "delete");
  fol_test_iterate ();
}

/* Whether the window binds @accel to @action, as a user's key press reaches it. */
static gboolean
window_binds (FolTestApp *t,
              const char *accel,
              const char *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (t->window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *named = gtk_shortcut_get_action (shortcut);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (GTK_IS_NAMED_ACTION (named) && g_strcmp0 (trigger, accel) == 0 &&
              g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (named)), action) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

static void
empty_body (gpointer data)
{
  FolTestApp *t = data;
  g_autofree char *demo_path = NULL;

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (t->window)));
  /* The title names the clinic open: its file. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (t->window)), ==, "clinic.db — Follicle");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (t->window->demo_banner)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (t->window->main_stack), ==, "empty");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (t->window->empty_page)));
  g_assert_cmpuint (g_list_model_get_n_items (list_model (t)), ==, 0);

  /* Nothing to act on without a patient. */
  gtk_widget_activate_action (GTK_WIDGET (t->window), "win.new-visit", NULL);
  gtk_widget_activate_action (GTK_WIDGET (t->window), "win.edit", NULL);
  g_assert_null (t->window->editor);
  /* Nor anything to export: no folder chooser opens. */
  {
    guint windows = g_list_model_get_n_items (gtk_window_get_toplevels ());

    gtk_widget_activate_action (GTK_WIDGET (t->window), "win.export-all-charts", NULL);
    gtk_widget_activate_action (GTK_WIDGET (t->window), "win.export-all-reports", NULL);
    fol_test_iterate ();
    g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, windows);
  }

  /* The empty state's second button opens the demo clinic: a clinic of
   * its own, in a window of its own, never written into this one. */
  g_signal_handlers_block_matched (t->app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                   fol_test_activate_after_cb, NULL);
  gtk_widget_activate_action (GTK_WIDGET (t->window), "win.open-demo", NULL);
  for (guint i = 0; i < 20; i++)
    fol_test_iterate ();
  t->window = FOL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (t->app)));
  g_assert_true (FOL_IS_WINDOW (t->window));
  fol_test_iterate ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (t->window->main_stack), ==, "clinic");
  g_assert_cmpuint (g_list_model_get_n_items (list_model (t)), >, 2);
  g_assert_cmpstr (fol_sqlite_store_get_path (FOL_SQLITE_STORE (t->window->store)), !=, t->path);
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (t->window)), "Demo Clinic"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (t->window->demo_banner)));
  g_assert_cmpstr (adw_window_title_get_subtitle (t->window->sidebar_title), ==, "Demo Clinic");
  demo_path = g_strdup (fol_sqlite_store_get_path (FOL_SQLITE_STORE (t->window->store)));

  /* The user's own clinic has no demo patient in it. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FolSqliteStore) own = fol_sqlite_store_open (t->path, FOL_SQLITE_STORE_FLAGS_READ_ONLY,
                                                           &error);

    g_assert_no_error (error);
    g_assert_cmpuint (fol_store_count_patients (FOL_STORE (own), NULL), ==, 0);
  }

  /* Leaving the demo comes back to the user's clinic, as it was. */
  gtk_widget_activate_action (GTK_WIDGET (t->window), "win.leave-demo", NULL);
  for (guint i = 0; i < 20; i++)
    fol_test_iterate ();
  g_signal_handlers_unblock_matched (t->app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                     fol_test_activate_after_cb, NULL);
  t->window = FOL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (t->app)));
  g_assert_true (FOL_IS_WINDOW (t->window));
  fol_test_iterate ();
  g_assert_cmpstr (fol_sqlite_store_get_path (FOL_SQLITE_STORE (t->window->store)), ==, t->path);
  g_assert_cmpuint (fol_store_count_patients (t->window->store, NULL), ==, 0);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (t->window)), ==, "clinic.db — Follicle");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (t->window->demo_banner)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (t->window->main_stack), ==, "empty");
  /* Nothing of the demo is kept: it is made afresh the next time. */
  g_assert_false (g_file_test (demo_path, G_FILE_TEST_EXISTS));
}

static void
test_window_empty (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, FALSE, empty_body);
}

static void
demo_body (gpointer data)
{
  FolTestApp *t = data;
  g_autoptr(FolPatient) first = NULL;
  g_autoptr(FolPatient) second = NULL;
  guint n;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (t->window->main_stack), ==, "clinic");
  n = g_list_model_get_n_items (list_model (t));
  g_assert_cmpuint (n, ==, fol_store_count_patients (t->window->store, NULL));

  /* Sorted by name, shown by their rows. */
  first = g_list_model_get_item (list_model (t), 0);
  second = g_list_model_get_item (list_model (t), 1);
  g_assert_true (FOL_IS_PATIENT (first));
  g_assert_cmpint (g_utf8_collate (fol_patient_get_name (first), fol_patient_get_name (second)), <, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (t->window->content_stack), ==, "none");

  /* The first frame shows the list alone: the patient page is not built
   * until a patient is first shown. */
  g_assert_null (gtk_widget_get_first_child (GTK_WIDGET (t->window->patient_page)));

  /* Selecting a patient shows the patient page with the patient's regions. */
  gtk_single_selection_set_selected (t->window->selection, 0);
  fol_test_iterate ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (t->window->content_stack), ==, "patient");
  g_assert_nonnull (gtk_widget_get_first_child (GTK_WIDGET (t->window->patient_page)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fol_patient_page_get_view_stack (t->window->patient_page))));
  /* Built on first use, its keys work: Ctrl+Shift+N, a new visit. */
  g_assert_true (window_binds (t, "<Shift><Control>n", "win.new-visit"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (t->window), "win.new-visit", NULL));
  fol_test_iterate ();
  g_assert_nonnull (t->window->editor);
  gtk_window_destroy (t->window->editor);
  fol_test_iterate ();
  g_assert_cmpstr (fol_patient_page_get_patient_id (t->window->patient_page), ==,
                   fol_patient_get_id (first));
  g_assert_nonnull (gtk_list_box_get_row_at_index (fol_patient_page_get_region_list (t->window->patient_page), 0));
  g_assert_nonnull (gtk_list_box_get_row_at_index (fol_patient_page_get_visit_list (t->window->patient_page), 0));

  /* Clicking a region on the map selects its row, and the other way round. */
  {
    FolPatientPage *page = t->window->patient_page;
    GtkListBox *regions = fol_patient_page_get_region_list (page);
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (regions, 1);
    guint region = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "region"));

    g_assert_cmpuint (region, <, FOL_N_REGIONS);
    g_signal_emit_by_name (_fol_patient_page_get_map (page), "region-activated", region);
    g_assert_true (gtk_list_box_get_selected_row (regions) == row);

    gtk_list_box_select_row (regions, gtk_list_box_get_row_at_index (regions, 0));
    region = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (gtk_list_box_get_row_at_index (regions, 0)), "region"));
    g_assert_cmpuint (fol_scalp_map_get_selected_regions (_fol_patient_page_get_map (page)), ==,
                      FOL_REGION_BIT (region));
  }


  /* The progress chart shows the patient's data. */
  {
    GtkWidget *panel = adw_bin_get_child (fol_patient_page_get_chart_slot (t->window->patient_page));
    FolChartData *chart;

    g_assert_true (FOL_IS_PROGRESS_PANEL (panel));
    chart = fol_progress_panel_get_data (FOL_PROGRESS_PANEL (panel));
    g_assert_nonnull (chart);
    g_assert_false (fol_chart_data_is_empty (chart));
    g_assert_cmpuint (fol_chart_data_get_n_series (chart), >=, 2);

    /* Exported as shown, with the same renderer. */
    {
      g_autofree char *png = g_build_filename (t->dir, "chart.png", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkPixbuf) pixbuf = NULL;

      g_assert_true (fol_progress_panel_export_to (FOL_PROGRESS_PANEL (panel), png, 800, 500, 1.0, &error));
      g_assert_no_error (error);
      pixbuf = gdk_pixbuf_new_from_file (png, &error);
      g_assert_no_error (error);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 800);
      g_unlink (png);
    }

    /* Changing the measurement redraws from the same history. */
    fol_progress_panel_set_measure (FOL_PROGRESS_PANEL (panel), FOL_MEASURE_TERMINAL_DENSITY);
    g_assert_cmpint (fol_progress_panel_get_measure (FOL_PROGRESS_PANEL (panel)), ==,
                     FOL_MEASURE_TERMINAL_DENSITY);
    g_assert_cmpint (fol_chart_data_get_measure (fol_progress_panel_get_data (FOL_PROGRESS_PANEL (panel))), ==,
                     FOL_MEASURE_TERMINAL_DENSITY);
  }
  g_assert_true (FOL_IS_PHOTOS_PAGE (adw_bin_get_child (fol_patient_page_get_photos_slot (t->window->patient_page))));

  /* Deleting a patient asks first, naming who and what goes with them;
   * Cancel (the default) keeps everything. */
  gtk_widget_activate_action (GTK_WIDGET (t->window), "win.delete", NULL);
  fol_test_iterate ();
  g_assert_nonnull (t->window->delete_dialog);
  {
    AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (t->window->delete_dialog);
    g_autofree char *heading = g_strdup_printf ("Delete “%s”?", fol_patient_get_name (first));

    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), " visits"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "treatment session"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "photo"));
    g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
    adw_message_dialog_response (dialog, "cancel");
    fol_test_iterate ();
  }
  g_assert_null (t->window->pending);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (t)), ==, n);
  g_assert_cmpstr (fol_patient_page_get_patient_id (t->window->patient_page), ==,
                   fol_patient_get_id (first));

  /* Confirmed, it hides the patient from the list at once; the Undo toast
   * names them and stays at least ten seconds; Undo brings them back. */
  delete_patient_confirmed (t);
  g_assert_nonnull (t->window->pending);
  {
    g_autofree char *title = g_strdup_printf ("“%s” deleted", fol_patient_get_name (first));

    g_assert_cmpstr (adw_toast_get_title (t->window->pending->toast), ==, title);
    g_assert_cmpuint (adw_toast_get_timeout (t->window->pending->toast), >=, 10);
  }
  g_assert_cmpuint (g_list_model_get_n_items (list_model (t)), ==, n - 1);
  g_assert_cmpuint (fol_store_count_patients (t->window->store, NULL), ==, n);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (t->window->content_stack), ==, "none");
  {
    g_autoptr(FolPatient) now_first = g_list_model_get_item (list_model (t), 0);
    g_assert_cmpstr (fol_patient_get_id (now_first), ==, fol_patient_get_id (second));
  }
  /* Ctrl+Z is Undo. */
  g_assert_true (window_binds (t, "<Control>z", "win.undo"));
  gtk_widget_activate_action (GTK_WIDGET (t->window), "win.undo", NULL);
  fol_test_wait (FOL_TOAST_SETTLE_MS + 200);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (t)), ==, n);
  g_assert_cmpstr (fol_patient_page_get_patient_id (t->window->patient_page), ==,
                   fol_patient_get_id (first));

  /* Once the toast goes, the patient is gone from the clinic. */
  delete_patient_confirmed (t);
  fol_test_wait (FOL_TOAST_SETTLE_MS + 200);
  adw_toast_dismiss (t->window->pending->toast);
  fol_test_iterate ();
  g_assert_cmpuint (fol_store_count_patients (t->window->store, NULL), ==, n - 1);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (t)), ==, n - 1);
  g_assert_null (fol_store_get_patient (t->window->store, fol_patient_get_id (first), NULL));
}

/* The report and the patient's own copy, written from the window. */
static void
files_body (gpointer data)
{
  FolTestApp *t = data;
  g_autoptr(GListModel) patients = fol_store_list_patients (t->window->store, "Keller", NULL);
  g_autoptr(FolPatient) patient = g_list_model_get_item (patients, 0);
  g_autofree char *pdf = g_build_filename (t->dir, "report.pdf", NULL);
  g_autofree char *share = g_build_filename (t->dir, "keller", NULL);
  g_autofree char *shared = g_strconcat (share, ".follicle", NULL);
  g_autofree char *shared_id = NULL;
  g_autoptr(FolSqliteStore) copy = NULL;
  g_autoptr(GError) error = NULL;
  char header[5] = { 0 };
  FILE *file;

  fol_window_show_patient (t->window, fol_patient_get_id (patient));
  fol_test_iterate ();

  _fol_window_export_report_to (t->window, pdf);
  for (guint i = 0; i < 500 && !g_file_test (pdf, G_FILE_TEST_EXISTS); i++)
    {
      fol_test_iterate ();
      g_usleep (10000);
    }
  fol_test_iterate ();
  file = fopen (pdf, "rb");
  g_assert_nonnull (file);
  g_assert_cmpuint (fread (header, 1, 4, file), ==, 4);
  fclose (file);
  g_assert_cmpstr (header, ==, "%PDF");

  /* The extension is added when the name lacks it. */
  _fol_window_share_to (t->window, share);
  copy = fol_patient_file_open (shared, &shared_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (shared_id, ==, fol_patient_get_id (patient));
  g_assert_cmpuint (fol_store_count_patients (FOL_STORE (copy), NULL), ==, 1);
}

/* Review mode hides the clinic's window until the patient is done. */
static void
review_body (gpointer data)
{
  FolTestApp *t = data;
  g_autoptr(GListModel) patients = fol_store_list_patients (t->window->store, "Keller", NULL);
  g_autoptr(FolPatient) patient = g_list_model_get_item (patients, 0);
  GtkWindow *review;

  fol_window_show_patient (t->window, fol_patient_get_id (patient));
  fol_test_iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (t->window), "win.review", NULL));
  fol_test_iterate ();

  review = gtk_application_get_active_window (GTK_APPLICATION (t->app));
  g_assert_true (FOL_IS_REVIEW_WINDOW (review));
  g_assert_cmpstr (fol_review_window_get_patient_id (FOL_REVIEW_WINDOW (review)), ==,
                   fol_patient_get_id (patient));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (t->window)));

  gtk_window_destroy (review);
  fol_test_iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (t->window)));
}

static void
test_window_review (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, review_body);
}

static void
test_window_files (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, files_body);
}

/* The row of @region in the patient page's table, its verdict the last cell. */
static const char *
row_verdict (GtkWidget *widget,
             FolRegion  region)
{
  if (GTK_IS_LIST_BOX_ROW (widget) && g_object_get_data (G_OBJECT (widget), "region") != NULL &&
      GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "region")) == (guint) region)
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (widget));

      return gtk_label_get_text (GTK_LABEL (gtk_widget_get_last_child (box)));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = row_verdict (child, region);

      if (text != NULL)
        return text;
    }
  return NULL;
}

/* The no-change threshold preference, 15 %: +12 % is stable, exactly +15 %
 * a change, on the page, in review mode and in the report written from
 * the window alike.
 */
static void
threshold_body (gpointer data)
{
  FolTestApp *t = data;
  GSettings *settings = fol_application_get_settings (t->app);
  g_autoptr(FolPatient) patient = fol_patient_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (t->dir, "threshold.pdf", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  int status = 0;
  GtkWidget *review;

  g_settings_set_double (settings, "change-threshold", 15.0);

  fol_patient_set_name (patient, "Threshold Test");
  g_assert_true (fol_store_save_patient (t->window->store, patient, &error));
  g_assert_no_error (error);
  for (guint v = 0; v < 2; v++)
    {
      g_autoptr(FolVisit) visit = fol_visit_new ();
      g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
      FolMeasurement *twelve = fol_measurement_new ();
      FolMeasurement *fifteen = fol_measurement_new ();

      fol_visit_set_patient_id (visit, fol_patient_get_id (patient));
      fol_visit_set_date (visit, fol_date_new (2025, 1 + 6 * v, 10));
      fol_visit_set_kind (visit, v == 0 ? "baseline" : "follow_up");
      fol_measurement_set_region (twelve, FOL_REGION_VERTEX);
      fol_measurement_set_total_density (twelve, v == 0 ? 100 : 112);
      fol_measurement_set_region (fifteen, FOL_REGION_MIDSCALP);
      fol_measurement_set_total_density (fifteen, v == 0 ? 100 : 115);
      g_ptr_array_add (ms, twelve);
      g_ptr_array_add (ms, fifteen);
      g_assert_true (fol_store_save_visit (t->window->store, visit, ms, &error));
      g_assert_no_error (error);
    }

  fol_window_show_patient (t->window, fol_patient_get_id (patient));
  fol_test_iterate ();
  g_assert_cmpstr (row_verdict (GTK_WIDGET (t->window), FOL_REGION_VERTEX), ==, "Stable");
  g_assert_cmpstr (row_verdict (GTK_WIDGET (t->window), FOL_REGION_MIDSCALP), ==, "Improved");

  /* Review mode. */
  review = fol_review_window_new (GTK_APPLICATION (t->app), t->window->store,
                                  fol_patient_get_id (patient), FALSE);
  fol_test_iterate ();
  lines = _fol_review_window_dup_summary_lines (FOL_REVIEW_WINDOW (review));
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  for (guint i = 0; i < 2; i++)
    if (g_str_has_prefix (lines[i], "Vertex: 100.0 → 112.0"))
      g_assert_true (g_str_has_suffix (lines[i], "(Stable)"));
    else
      g_assert_true (g_str_has_prefix (lines[i], "Mid-scalp: 100.0 → 115.0") &&
                     g_str_has_suffix (lines[i], "(Improved)"));
  gtk_window_destroy (GTK_WINDOW (review));

  /* The report written from the window. */
  _fol_window_export_report_to (t->window, pdf);
  for (guint i = 0; i < 500 && !g_file_test (pdf, G_FILE_TEST_EXISTS); i++)
    {
      fol_test_iterate ();
      g_usleep (10000);
    }
  fol_test_iterate ();
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &text, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_regex_match_simple ("Vertex: 100.0 → 112.0 [^()]*\\(Stable\\)", text, 0, 0));
  g_assert_true (g_regex_match_simple ("smaller than 15 %", text, 0, 0));

  /* Export All Reports from the window. */
  {
    g_autofree char *out = g_build_filename (t->dir, "reports", NULL);
    g_autofree char *name = fol_batch_export_file_name (fol_patient_get_id (patient),
                                                        fol_patient_get_name (patient),
                                                        FOL_CHART_FORMAT_PDF);
    g_autofree char *file = g_build_filename (out, name, NULL);
    g_autofree char *batch_text = NULL;
    const char *batch_argv[] = { "pdftotext", "-layout", file, "-", NULL };
    GtkWidget *dialog = _fol_window_export_all_to (t->window, FOL_BATCH_EXPORT_REPORTS, out);

    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
    for (guint i = 0; i < 12000 && dialog != NULL; i++)
      {
        while (g_main_context_iteration (NULL, FALSE))
          ;
        g_usleep (5000);
      }
    g_assert_null (dialog);
    fol_test_iterate ();
    g_assert_true (g_spawn_sync (NULL, (char **) batch_argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &batch_text, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_regex_match_simple ("Vertex: 100.0 → 112.0 [^()]*\\(Stable\\)", batch_text, 0,
                                         0));
    g_assert_true (g_regex_match_simple ("smaller than 15 %", batch_text, 0, 0));
  }

  g_settings_reset (settings, "change-threshold");
}

static void
test_window_threshold (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, FALSE, threshold_body);
}

/* The import's preview: Import is off when there is nothing to write
 * (every row refused, or every record unchanged), on otherwise.
 */
static void
import_csv_body (gpointer data)
{
  FolTestApp *t = data;
  g_autofree char *refused = g_build_filename (t->dir, "refused.csv", NULL);
  g_autofree char *same = g_build_filename (t->dir, "same.csv", NULL);
  g_autofree char *added = g_build_filename (t->dir, "added.csv", NULL);
  g_autofree char *export = NULL;
  g_autoptr(GError) error = NULL;
  guint n = fol_store_count_patients (t->window->store, NULL);
  const char *files[] = { refused, same, added };

  export = fol_csv_export_to_string (t->window->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (refused, "patient_name,visit_date\r\nNobody,2026-13-01\r\n", -1, NULL));
  g_assert_true (g_file_set_contents (same, export, -1, NULL));
  g_assert_true (g_file_set_contents (added, "record,patient_name,birth_date\r\n"
                                             "patient,Imported Person,1970-01-01\r\n", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (_fol_window_import_csv_from (t->window, files[i]));
      gboolean last = i == G_N_ELEMENTS (files) - 1;

      g_assert_nonnull (dialog);
      fol_test_iterate ();
      g_assert_cmpint (adw_message_dialog_get_response_enabled (dialog, "import"), ==, last);
      g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                       last ? "Import Spreadsheet?" : "Nothing to Import");

      /* Import, even when forced, writes only what was promised. */
      adw_message_dialog_response (dialog, "import");
      gtk_window_destroy (GTK_WINDOW (dialog));
      fol_test_iterate ();
      g_assert_cmpuint (fol_store_count_patients (t->window->store, NULL), ==, last ? n + 1 : n);
    }
}

static void
test_window_import_csv (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, import_csv_body);
}

/* The clinic is backed up at start-up, in the background, and checked. */
static void
backup_body (gpointer data)
{
  FolTestApp *t = data;
  FolApplication *app = t->app;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = NULL;

  g_assert_nonnull (app->backups);
  while (fol_backup_policy_get_running (app->backups))
    g_main_context_iteration (NULL, TRUE);

  backups = fol_backup_list (fol_backup_policy_get_dir (app->backups), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 1);
}

static int
helper_count_patients (const char *path,
                       const char *name)
{
  g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_READ_ONLY, NULL);
  g_autoptr(GListModel) found = NULL;

  g_assert_nonnull (store);
  found = fol_store_list_patients (FOL_STORE (store), name, NULL);
  return (int) g_list_model_get_n_items (found);
}

static FolPatient *
new_patient (const char *name)
{
  FolPatient *p = fol_patient_new ();

  fol_patient_set_name (p, name);
  fol_patient_set_birth_date (p, fol_date_new (1980, 5, 17));
  fol_patient_set_sex (p, "male");
  fol_patient_set_diagnosis (p, "androgenetic_alopecia");
  return p;
}

static GtkWidget *
find_text (GtkWidget  *root,
           const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), text) != NULL &&
      gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (find_text (child, text) != NULL)
      return child;
  return NULL;
}

/* Another clinic put in place of the open one: the next save fails and
 * writes nothing, the app says so, and opens the clinic now at the path.
 */
static void
replaced_body (gpointer data)
{
  FolTestApp *t = data;
  FolApplication *app = t->app;
  g_autofree char *other = g_build_filename (t->dir, "other.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) lost = new_patient ("Lost Edit");
  g_autoptr(FolPatient) kept = new_patient ("Saved After");
  FolStore *before = app->store;
  FolWindow *window;

  {
    g_autoptr(FolSqliteStore) replacement = fol_sqlite_store_open (other, 0, &error);
    g_autoptr(FolPatient) p = new_patient ("Replacement");

    g_assert_no_error (error);
    g_assert_true (fol_store_save_patient (FOL_STORE (replacement), p, &error));
    g_assert_no_error (error);
  }
  while (fol_backup_policy_get_running (app->backups))
    g_main_context_iteration (NULL, TRUE);

  /* As a restore by hand would: the old log goes, the new file comes. */
  {
    g_autofree char *wal = g_strconcat (t->path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (t->path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
    g_assert_cmpint (g_rename (other, t->path), ==, 0);
  }

  g_object_add_weak_pointer (G_OBJECT (before), (gpointer *) &before);
  g_assert_false (fol_store_save_patient (app->store, lost, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_REPLACED);
  g_clear_error (&error);
  fol_test_iterate ();
  g_assert_true (ADW_IS_MESSAGE_DIALOG (app->replaced_dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (app->replaced_dialog)),
                            t->path));

  g_signal_handlers_block_matched (app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, fol_test_activate_after_cb, NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (app->replaced_dialog), "reopen");
  for (guint i = 0; i < 500 && before != NULL; i++)
    fol_test_wait (10);
  g_signal_handlers_unblock_matched (app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, fol_test_activate_after_cb, NULL);

  /* The clinic now at the path, in a new window that says what happened. */
  g_assert_null (before);
  g_assert_nonnull (app->store);
  g_assert_cmpuint (fol_store_count_patients (app->store, NULL), ==, 1);
  window = FOL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (FOL_IS_WINDOW (window));
  t->window = window;
  fol_test_wait (50);
  g_assert_nonnull (find_text (GTK_WIDGET (window->toast_overlay), "was replaced while it was open"));

  g_assert_true (fol_store_save_patient (app->store, kept, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fol_store_count_patients (app->store, NULL), ==, 2);
}

/* The clinic moved away with nothing in its place: the app says so and
 * stops, rather than start an empty clinic at the old path.
 */
static void
moved_body (gpointer data)
{
  FolTestApp *t = data;
  FolApplication *app = t->app;
  g_autofree char *moved = g_build_filename (t->dir, "moved.db", NULL);
  g_autoptr(FolPatient) lost = new_patient ("Lost Edit");
  g_autoptr(GError) error = NULL;
  GtkWidget *explanation = NULL;

  while (fol_backup_policy_get_running (app->backups))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_rename (t->path, moved), ==, 0);

  g_assert_false (fol_store_save_patient (app->store, lost, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_REPLACED);
  fol_test_iterate ();
  g_assert_true (ADW_IS_MESSAGE_DIALOG (app->replaced_dialog));

  g_signal_handlers_block_matched (app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, fol_test_activate_after_cb, NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (app->replaced_dialog), "reopen");
  for (guint i = 0; i < 500 && app->store != NULL; i++)
    fol_test_wait (10);
  g_signal_handlers_unblock_matched (app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, fol_test_activate_after_cb, NULL);

  g_assert_null (app->store);
  g_assert_false (g_file_test (t->path, G_FILE_TEST_EXISTS));
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    {
      g_assert_false (FOL_IS_WINDOW (l->data));
      if (ADW_IS_MESSAGE_DIALOG (l->data))
        explanation = l->data;
    }
  g_assert_nonnull (explanation);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (explanation)),
                            "was moved or removed"));
  g_assert_cmpint (helper_count_patients (moved, "Lost Edit"), ==, 0);
}

static void
test_window_moved (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, moved_body);
}

static void
test_window_replaced (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, replaced_body);
}

/* Restoring a backup from the app brings back what was deleted since. */
static void
restore_body (gpointer data)
{
  FolTestApp *t = data;
  FolApplication *app = t->app;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GListModel) patients = NULL;
  g_autoptr(FolPatient) first = NULL;
  FolBackupInfo *info;
  guint n;

  while (fol_backup_policy_get_running (app->backups))
    g_main_context_iteration (NULL, TRUE);
  backups = fol_backup_list (fol_backup_policy_get_dir (app->backups), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 1);
  info = g_ptr_array_index (backups, 0);

  n = fol_store_count_patients (app->store, NULL);
  patients = fol_store_list_patients (app->store, NULL, NULL);
  first = g_list_model_get_item (patients, 0);
  g_clear_object (&patients);
  g_assert_true (fol_store_delete_patient (app->store, fol_patient_get_id (first), &error));
  g_assert_cmpuint (fol_store_count_patients (app->store, NULL), ==, n - 1);

  /* The new window must not run this body again. */
  g_signal_handlers_block_matched (app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, fol_test_activate_after_cb, NULL);
  g_assert_true (fol_application_restore_backup (app, info->path, &error));
  g_assert_no_error (error);
  g_signal_handlers_unblock_matched (app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, fol_test_activate_after_cb, NULL);

  g_assert_nonnull (app->store);
  g_assert_cmpuint (fol_store_count_patients (app->store, NULL), ==, n);
  g_assert_true (FOL_IS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app))));
  t->window = FOL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  fol_test_iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (t->window->patient_list))), ==, n);
}

static void
test_window_restore (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, restore_body);
}

static void
test_window_startup_backup (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, backup_body);
}

static void
test_window_demo_list (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, demo_body);
}

static void
search_body (gpointer data)
{
  FolTestApp *t = data;
  g_autoptr(FolPatient) patient = NULL;
  g_autofree char *name = NULL;
  guint all;

  all = g_list_model_get_n_items (list_model (t));
  patient = g_list_model_get_item (list_model (t), 1);
  name = g_strdup (fol_patient_get_name (patient));

  search (t, name);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (t)), ==, 1);
  {
    g_autoptr(FolPatient) found = g_list_model_get_item (list_model (t), 0);
    g_assert_cmpstr (fol_patient_get_name (found), ==, name);
  }

  /* By diagnosis too. */
  search (t, "areata");
  g_assert_cmpuint (g_list_model_get_n_items (list_model (t)), >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (t)), <, all);

  /* Accents, case and word order do not matter, either way round. */
  search (t, "tomas");
  g_assert_cmpuint (g_list_model_get_n_items (list_model (t)), ==, 1);
  {
    g_autoptr(FolPatient) found = g_list_model_get_item (list_model (t), 0);
    g_assert_cmpstr (fol_patient_get_name (found), ==, "Tomás Ruiz (demo)");
  }
  search (t, "keller MARTIN");
  g_assert_cmpuint (g_list_model_get_n_items (list_model (t)), ==, 1);
  {
    g_autoptr(FolPatient) found = g_list_model_get_item (list_model (t), 0);
    g_assert_cmpstr (fol_patient_get_name (found), ==, "Martin Keller (demo)");
  }
  search (t, "CHLOÉ");
  g_assert_cmpuint (g_list_model_get_n_items (list_model (t)), ==, 1);

  search (t, "no such patient zzz ");
  g_assert_cmpuint (g_list_model_get_n_items (list_model (t)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (t->window->list_stack), ==, "no-results");
  /* A search without results is not an empty clinic. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (t->window->main_stack), ==, "clinic");
  /* It says so, naming the search, and offers to add the patient searched
   * for, the name already filled in.
   */
  g_assert_cmpstr (adw_status_page_get_title (t->window->no_results_page), ==,
                   "No Patients Match “no such patient zzz”");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (t->window->no_results_page)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (t->window->no_results_new_patient)));
  g_assert_null (t->window->editor);
  g_signal_emit_by_name (t->window->no_results_new_patient, "clicked");
  fol_test_iterate ();
  g_assert_true (FOL_IS_PATIENT_EDITOR (t->window->editor));
  g_assert_cmpstr (gtk_editable_get_text (_fol_patient_editor_get_name (FOL_PATIENT_EDITOR (t->window->editor))),
                   ==, "no such patient zzz");
  g_assert_cmpstr (gtk_window_get_title (t->window->editor), ==, "New Patient");
  /* Nothing typed into the editor yet: it closes without asking. */
  gtk_window_close (t->window->editor);
  fol_test_iterate ();
  g_assert_null (t->window->editor);

  search (t, "");
  g_assert_cmpuint (g_list_model_get_n_items (list_model (t)), ==, all);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (t->window->list_stack), ==, "list");
}

static void
test_window_search (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, search_body);
}

/* In a large clinic the list fills itself after each keystroke; slices of
 * one row make the demo clinic behave so.
 */
static const FolSqliteSearchTuning one_row = {
  .first_rows = 1, .first_budget_us = 0, .slice_budget_us = 0, .slice_rows = 1, .rare_limit = 1,
};

static void
search_fills_body (gpointer data)
{
  FolTestApp *t = data;
  g_autoptr(GListModel) all = fol_store_list_patients (t->window->store, NULL, NULL);
  g_autoptr(FolPatient) first = g_list_model_get_item (all, 0);
  guint n_all = g_list_model_get_n_items (all);
  g_autofree char *first_key = g_strjoin (" ", fol_patient_get_name (first), fol_patient_get_id (first),
                                          fol_patient_get_diagnosis (first), NULL);
  g_autofree char *first_folded = g_utf8_casefold (first_key, -1);
  g_autofree char *needle = NULL;
  g_autoptr(FolPatient) selected = NULL;

  g_assert_cmpuint (n_all, >, 3);
  /* A window fills its list once its first frame is on screen. */
  for (guint i = 0; i < 500 && !t->window->painted; i++)
    fol_test_wait (10);
  g_assert_true (t->window->painted);
  _fol_sqlite_store_set_search_tuning (FOL_SQLITE_STORE (t->window->store), &one_row);

  gtk_editable_set_text (GTK_EDITABLE (t->window->search_entry), "");
  g_signal_emit_by_name (t->window->search_entry, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (list_model (t)), ==, 1);
  g_assert_false (fol_patient_list_is_complete (FOL_PATIENT_LIST (t->window->patients)));
  for (guint i = 0; i < 10 * n_all && !fol_patient_list_is_complete (FOL_PATIENT_LIST (t->window->patients)); i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (fol_patient_list_is_complete (FOL_PATIENT_LIST (t->window->patients)));
  g_assert_cmpuint (g_list_model_get_n_items (list_model (t)), ==, n_all);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (t->window->list_stack), ==, "list");

  /* Two letters that start a word of the last patient's name and are in
   * none of the first patient's: the first slice, one row, finds nothing
   * yet.
   */
  {
    g_autoptr(FolPatient) last = g_list_model_get_item (all, n_all - 1);
    g_autofree char *name = g_utf8_casefold (fol_patient_get_name (last), -1);

    for (const char *c = name; needle == NULL && c[0] != '\0' && c[1] != '\0'; c++)
      {
        g_autofree char *pair = g_strndup (c, 2);

        if ((c == name || c[-1] == ' ') &&
            g_ascii_isalpha (c[0]) && g_ascii_isalpha (c[1]) && strstr (first_folded, pair) == NULL)
          needle = g_steal_pointer (&pair);
      }
  }
  g_assert_nonnull (needle);
  gtk_editable_set_text (GTK_EDITABLE (t->window->search_entry), needle);
  g_signal_emit_by_name (t->window->search_entry, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (list_model (t)), ==, 0);
  /* Not yet "no results": the list is still reading. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (t->window->list_stack), ==, "list");

  /* Enter opens the first match all the same. */
  g_signal_emit_by_name (t->window->search_entry, "activate");
  g_assert_true (fol_patient_list_is_complete (FOL_PATIENT_LIST (t->window->patients)));
  g_assert_cmpuint (g_list_model_get_n_items (list_model (t)), >=, 1);
  g_assert_cmpuint (gtk_single_selection_get_selected (t->window->selection), ==, 0);
  /* A reference: the entry's own delayed search-changed may replace the list. */
  selected = g_object_ref (gtk_single_selection_get_selected_item (t->window->selection));
  {
    g_autofree char *name = g_utf8_casefold (fol_patient_get_name (selected), -1);

    g_assert_nonnull (strstr (name, needle));
  }
  g_assert_cmpstr (fol_patient_page_get_patient_id (t->window->patient_page), ==,
                   fol_patient_get_id (selected));

  _fol_sqlite_store_set_search_tuning (FOL_SQLITE_STORE (t->window->store), NULL);
}

static void
test_window_search_fills (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, search_fills_body);
}

/* A new window shows the first slice of the list in its first frame and
 * reads the rest only after it: the slices would delay that frame, more
 * with a larger clinic.
 */
static void
list_waits_body (gpointer data)
{
  FolTestApp *t = data;
  g_autoptr(GListModel) all = fol_store_list_patients (t->window->store, NULL, NULL);
  guint n_all = g_list_model_get_n_items (all);
  FolWindow *second;

  g_assert_cmpuint (n_all, >, 3);
  _fol_sqlite_store_set_search_tuning (FOL_SQLITE_STORE (t->window->store), &one_row);

  second = fol_window_new (t->app);
  g_assert_true (FOL_IS_PATIENT_LIST (second->patients));
  fol_test_wait (200);
  g_assert_false (second->painted);
  g_assert_false (fol_patient_list_is_complete (FOL_PATIENT_LIST (second->patients)));
  g_assert_cmpuint (g_list_model_get_n_items (second->patients), ==, 1);

  gtk_window_present (GTK_WINDOW (second));
  for (guint i = 0; i < 500 && !fol_patient_list_is_complete (FOL_PATIENT_LIST (second->patients)); i++)
    fol_test_wait (10);
  g_assert_true (second->painted);
  g_assert_true (fol_patient_list_is_complete (FOL_PATIENT_LIST (second->patients)));
  g_assert_cmpuint (g_list_model_get_n_items (second->patients), ==, n_all);

  _fol_sqlite_store_set_search_tuning (FOL_SQLITE_STORE (t->window->store), NULL);
  gtk_window_destroy (GTK_WINDOW (second));
}

static void
test_window_list_waits_for_first_frame (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, list_waits_body);
}


/* The first widget under @root (itself included) of @type whose label,
 * when @label is given, is @label.
 */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (label == NULL || (GTK_IS_BUTTON (root) &&
                         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WINDOW (w);
    }
  return NULL;
}

/* Restoring from the Backups page of the preferences, as a user does:
 * Restore…, then Restore in the confirmation. The preferences and the
 * dialog go with the old window, without a critical on the way.
 */
static void
restore_from_page_body (gpointer data)
{
  FolTestApp *t = data;
  FolApplication *app = t->app;
  g_autoptr(GListModel) patients = NULL;
  g_autoptr(FolPatient) first = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *prefs;
  GtkWindow *dialog;
  GtkWidget *page;
  GtkWidget *button;
  guint n;

  while (fol_backup_policy_get_running (app->backups))
    g_main_context_iteration (NULL, TRUE);

  n = fol_store_count_patients (app->store, NULL);
  patients = fol_store_list_patients (app->store, NULL, NULL);
  first = g_list_model_get_item (patients, 0);
  g_clear_object (&patients);
  g_assert_true (fol_store_delete_patient (app->store, fol_patient_get_id (first), &error));
  g_assert_no_error (error);

  /* Another clinic in the same folder, backed up into the same backups/:
   * its backup is not this clinic's to offer.
   */
  {
    g_autofree char *other_db = g_build_filename (t->dir, "other.db", NULL);
    g_autoptr(FolSqliteStore) other = fol_sqlite_store_open (other_db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
    g_autoptr(FolBackupInfo) info = NULL;

    g_assert_no_error (error);
    info = fol_backup_run (FOL_STORE (other), fol_backup_policy_get_dir (app->backups), &error);
    g_assert_no_error (error);
  }

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  fol_test_iterate ();
  prefs = find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  page = find_widget (GTK_WIDGET (prefs), FOL_TYPE_BACKUPS_PAGE, NULL);
  g_assert_nonnull (page);
  g_assert_cmpuint (fol_backups_page_get_n_backups (FOL_BACKUPS_PAGE (page)), ==, 1);

  /* The backup's date is written as every other date is: "4 December
   * 2026", with the time of day, never "12/04/26". */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *today = fol_date_format (fol_date_new (g_date_time_get_year (now),
                                                            g_date_time_get_month (now),
                                                            g_date_time_get_day_of_month (now)));
    GtkWidget *row = find_widget (page, ADW_TYPE_ACTION_ROW, NULL);

    g_assert_nonnull (row);
    g_test_message ("backup row: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
    g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), today));
    g_assert_null (strchr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), '/'));

    button = find_widget (page, GTK_TYPE_BUTTON, "_Restore…");
    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
    fol_test_iterate ();
    dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (dialog);
    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), today));
  }

  /* The new window must not run this body again. */
  g_signal_handlers_block_matched (app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, fol_test_activate_after_cb, NULL);
  button = find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "_Restore");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  for (guint i = 0; i < 50; i++)
    fol_test_iterate ();
  g_signal_handlers_unblock_matched (app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, fol_test_activate_after_cb, NULL);

  g_assert_nonnull (app->store);
  g_assert_cmpuint (fol_store_count_patients (app->store, NULL), ==, n);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (FOL_IS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app))));
  t->window = FOL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
}

static void
test_window_restore_from_page (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, restore_from_page_body);
}

static void
chrome_body (gpointer data)
{
  FolTestApp *t = data;
  GSettings *settings = fol_application_get_settings (t->app);
  GtkWindow *prefs = NULL;

  /* Every accelerator is listed in the shortcuts window. */
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (t->window))));

  /* Preferences write straight to the settings. */
  g_action_group_activate_action (G_ACTION_GROUP (t->app), "preferences", NULL);
  fol_test_iterate ();
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (t->app)); l; l = l->next)
    if (ADW_IS_PREFERENCES_WINDOW (l->data))
      prefs = l->data;
  g_assert_nonnull (prefs);
  g_assert_true (gtk_window_get_transient_for (prefs) == GTK_WINDOW (t->window));
  gtk_window_destroy (prefs);

  /* About names the application with its icon. */
  g_action_group_activate_action (G_ACTION_GROUP (t->app), "about", NULL);
  fol_test_iterate ();
  {
    g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());
    AdwAboutWindow *about = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

        if (ADW_IS_ABOUT_WINDOW (w))
          about = ADW_ABOUT_WINDOW (w);
      }
    g_assert_nonnull (about);
    g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, "org.follicle.Follicle");
    gtk_window_destroy (GTK_WINDOW (about));
  }

  /* Size and state are kept for the next start. */
  gtk_window_set_default_size (GTK_WINDOW (t->window), 900, 640);
  gtk_window_close (GTK_WINDOW (t->window));
  fol_test_iterate ();
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

static void
test_window_chrome (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, chrome_body);
}

static void
permissions_activate_cb (GApplication *app,
                         guint        *shown)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (FOL_IS_WINDOW (window));
  fol_test_wait (50);
  if (find_text (GTK_WIDGET (FOL_WINDOW (window)->toast_overlay), "now private to you") != NULL)
    (*shown)++;
  gtk_window_destroy (window);
}

/* A clinic left readable by others is made private, and the window says
 * so once: the next start has nothing to say.
 */
static void
test_window_loose_permissions (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("follicle-window-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  char *argv[] = { (char *) "test", NULL };
  guint shown = 0;
  GStatBuf st;

  {
    g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (path, 0, &error);

    g_assert_no_error (error);
  }
  g_assert_cmpint (g_chmod (path, 0666), ==, 0);

  for (guint run = 0; run < 2; run++)
    {
      FolApplication *app = fol_application_new (path, FALSE);

      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      g_signal_connect_after (app, "activate", G_CALLBACK (permissions_activate_cb), &shown);
      g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
      g_assert_finalize_object (app);
      g_assert_cmpuint (shown, ==, 1);
    }
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
  fol_test_remove_tree (dir);
}

static void
open_error_activate_cb (GApplication *app,
                        gboolean     *shown)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* No clinic window, only the explanation. */
  g_assert_cmpuint (g_list_length (windows), ==, 1);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (windows->data));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (windows->data), "notes.db"));
  *shown = TRUE;
  adw_message_dialog_response (windows->data, "close");
  gtk_window_destroy (windows->data);
}

static void
test_window_open_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("follicle-window-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "notes.db", NULL);
  g_autofree char *contents = NULL;
  char *argv[] = { (char *) "test", NULL };
  FolApplication *app;
  gboolean shown = FALSE;

  g_assert_true (g_file_set_contents (path, "These are not clinic records, just text.\n", -1, &error));

  app = fol_application_new (path, FALSE);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (open_error_activate_cb), &shown);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
  g_assert_true (shown);
  fol_test_iterate ();
  g_assert_null (fol_application_get_store (app));
  g_assert_nonnull (fol_application_get_open_error (app));
  g_assert_finalize_object (app);

  /* The file is left as it was. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "These are not clinic records, just text.\n");

  g_unlink (path);
  g_remove (dir);
}

/* The highlighted row follows the patient shown: after the patient is
 * saved (the list is read again), and when another patient is opened
 * without the list.
 */
static void
highlight_body (gpointer data)
{
  FolTestApp *t = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) second = NULL;
  g_autoptr(FolPatient) third = NULL;
  FolPatient *selected;

  gtk_single_selection_set_selected (t->window->selection, 1);
  second = g_object_ref (gtk_single_selection_get_selected_item (t->window->selection));
  g_assert_cmpstr (fol_patient_page_get_patient_id (t->window->patient_page), ==,
                   fol_patient_get_id (second));

  fol_patient_set_notes (second, "Seen again; notes changed");
  g_assert_true (fol_store_save_patient (t->window->store, second, &error));
  g_assert_no_error (error);
  fol_test_iterate ();

  selected = gtk_single_selection_get_selected_item (t->window->selection);
  g_assert_nonnull (selected);
  g_assert_cmpstr (fol_patient_get_id (selected), ==, fol_patient_get_id (second));
  g_assert_cmpstr (fol_patient_page_get_patient_id (t->window->patient_page), ==,
                   fol_patient_get_id (second));

  /* Opened by ID, not from the list: its row lights up. */
  third = g_list_model_get_item (list_model (t), 2);
  fol_window_show_patient (t->window, fol_patient_get_id (third));
  selected = gtk_single_selection_get_selected_item (t->window->selection);
  g_assert_nonnull (selected);
  g_assert_cmpstr (fol_patient_get_id (selected), ==, fol_patient_get_id (third));
}

/* The text of every label under @widget, one per line. */
static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static void
help_missing_body (gpointer data)
{
  FolTestApp *t = data;
  g_autoptr(GString) shown = g_string_new (NULL);

  /* F1, with nothing on this computer to show help: pages. */
  g_action_group_activate_action (G_ACTION_GROUP (t->app), "help", NULL);
  for (guint i = 0; i < 100 && strstr (shown->str, "help") == NULL; i++)
    {
      fol_test_wait (20);
      g_string_truncate (shown, 0);
      collect_labels (GTK_WIDGET (t->window->toast_overlay), shown);
    }
  g_test_message ("shown: %s", shown->str);
  /* Said in the window, with where the user guide is. */
  g_assert_nonnull (strstr (shown->str, "No help viewer"));
  g_assert_nonnull (strstr (shown->str, "/help/"));
  g_assert_nonnull (strstr (shown->str, "follicle"));
}

/* Where no application opens help: pages, F1 says so, and where the user
 * guide is, rather than do nothing. The desktop files are hidden from the
 * application (data folders with no applications/ in them), the rest of
 * what GTK reads from there is kept. */
static void
test_window_help_missing (void)
{
  if (g_test_subprocess ())
    {
      FolTestApp t = { 0 };

      fol_test_app_run (&t, FALSE, help_missing_body);
      return;
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *root = g_dir_make_tmp ("follicle-no-help-XXXXXX", &error);
    g_autofree char *home = g_build_filename (root, "home", NULL);
    g_autofree char *data = g_build_filename (root, "share", NULL);
    g_autofree char *old_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));
    g_autofree char *old_home = g_strdup (g_getenv ("XDG_DATA_HOME"));
    const char * const *system = g_get_system_data_dirs ();
    static const char *kept[] = { "glib-2.0", "icons", "mime", "fonts" };

    g_assert_no_error (error);
    g_assert_cmpint (g_mkdir (home, 0700), ==, 0);
    g_assert_cmpint (g_mkdir (data, 0700), ==, 0);
    for (guint k = 0; k < G_N_ELEMENTS (kept); k++)
      for (guint i = 0; system[i] != NULL; i++)
        {
          g_autofree char *from = g_build_filename (system[i], kept[k], NULL);
          g_autofree char *to = g_build_filename (data, kept[k], NULL);

          if (g_file_test (from, G_FILE_TEST_IS_DIR) && !g_file_test (to, G_FILE_TEST_EXISTS))
            g_assert_cmpint (symlink (from, to), ==, 0);
        }

    g_setenv ("XDG_DATA_DIRS", data, TRUE);
    g_setenv ("XDG_DATA_HOME", home, TRUE);
    g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
    if (old_dirs != NULL)
      g_setenv ("XDG_DATA_DIRS", old_dirs, TRUE);
    else
      g_unsetenv ("XDG_DATA_DIRS");
    if (old_home != NULL)
      g_setenv ("XDG_DATA_HOME", old_home, TRUE);
    else
      g_unsetenv ("XDG_DATA_HOME");
    fol_test_remove_tree (root);
    g_test_trap_assert_passed ();
  }
}

static void
test_window_highlight (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, highlight_body);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/empty", test_window_empty);
  g_test_add_func ("/window/demo-list", test_window_demo_list);
  g_test_add_func ("/window/search", test_window_search);
  g_test_add_func ("/window/search-fills", test_window_search_fills);
  g_test_add_func ("/window/list-waits-for-first-frame", test_window_list_waits_for_first_frame);
  g_test_add_func ("/window/highlight", test_window_highlight);
  g_test_add_func ("/window/chrome", test_window_chrome);
  g_test_add_func ("/window/help-missing", test_window_help_missing);
  g_test_add_func ("/window/open-error", test_window_open_error);
  g_test_add_func ("/window/startup-backup", test_window_startup_backup);
  g_test_add_func ("/window/files", test_window_files);
  g_test_add_func ("/window/threshold", test_window_threshold);
  g_test_add_func ("/window/import-csv", test_window_import_csv);
  g_test_add_func ("/window/review", test_window_review);
  g_test_add_func ("/window/restore", test_window_restore);
  g_test_add_func ("/window/restore-from-page", test_window_restore_from_page);
  g_test_add_func ("/window/replaced", test_window_replaced);
  g_test_add_func ("/window/moved", test_window_moved);
  g_test_add_func ("/window/loose-permissions", test_window_loose_permissions);

  return g_test_run ();
}
