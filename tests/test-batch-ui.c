/* test-batch-ui.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "fol-batch-export-dialog.h"
#include "fol-test-a11y.h"
#include "fol-test-app.h"
#include "fol-test-full-disk.h"

/* File → Export All Charts… and Export All Reports… on the demo clinic,
 * with the folder chooser's answer given directly.
 */

static guint
n_patients (FolTestApp *t)
{
  g_autoptr(GListModel) patients = fol_store_list_patients (t->window->store, NULL, NULL);

  return g_list_model_get_n_items (patients);
}

/* The folder's files, all whole: no temporary file is left. */
static GPtrArray *
list_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_false (name[0] == '.');
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
    }
  return names;
}

/* A PDF ends with its trailer: a file cut short does not. */
static gboolean
pdf_is_whole (const char *contents,
              gsize       length)
{
  gsize tail = MIN (length, 64);

  return g_str_has_prefix (contents, "%PDF-") &&
         g_strstr_len (contents + length - tail, tail, "%%EOF") != NULL;
}

/* Runs the main loop until the export is over and its dialog gone. */
static void
wait_for_dialog (GtkWidget **dialog)
{
  for (guint i = 0; i < 12000 && *dialog != NULL; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
  g_assert_null (*dialog);
  fol_test_iterate ();
}

/* A label with exactly @text under @root, as the toast shows it. */
static gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  if ((GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0) ||
      (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), text) == 0))
    return gtk_widget_get_mapped (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_progress_bar (GtkWidget *root)
{
  if (GTK_IS_PROGRESS_BAR (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *bar = find_progress_bar (child);

      if (bar != NULL)
        return bar;
    }
  return NULL;
}

static void
fraction_cb (GtkProgressBar *bar,
             GParamSpec     *pspec,
             double         *highest)
{
  double fraction = gtk_progress_bar_get_fraction (bar);

  g_assert_cmpfloat (fraction, >=, *highest);
  *highest = fraction;
}

static void
charts_body (gpointer data)
{
  FolTestApp *t = data;
  g_autofree char *out = g_build_filename (t->dir, "all charts", NULL);
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *dialog;
  guint n = n_patients (t);
  double highest = 0.0;

  dialog = _fol_window_export_all_to (t->window, FOL_BATCH_EXPORT_CHARTS, out);
  g_assert_true (FOL_IS_BATCH_EXPORT_DIALOG (dialog));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  /* The workers' progress reaches the bar on the main thread, only forward. */
  g_signal_connect (find_progress_bar (dialog), "notify::fraction", G_CALLBACK (fraction_cb), &highest);

  /* Modal over the window, every control named, and it says what it writes. */
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (t->window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Exporting All Charts");
  fol_test_assert_all_named (dialog);

  wait_for_dialog (&dialog);
  g_assert_cmpfloat (highest, >, 0.0);
  g_assert_cmpfloat (highest, <=, 1.0);

  files = list_files (out);
  g_assert_cmpuint (files->len, ==, n);
  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (g_ptr_array_index (files, i), &error);

      g_assert_no_error (error);
      g_assert_true (g_str_has_suffix (g_ptr_array_index (files, i), ".png"));
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 1600);
      g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 1000);
    }

  expected = g_strdup_printf ("Exported %u charts", n);
  g_assert_cmpstr (t->window->batch_message, ==, expected);
  g_assert_true (shows_text (GTK_WIDGET (t->window->toast_overlay), expected));
  g_assert_true (shows_text (GTK_WIDGET (t->window->toast_overlay), "_Open Folder"));
}

static void
reports_body (gpointer data)
{
  FolTestApp *t = data;
  g_autofree char *out = g_build_filename (t->dir, "reports", NULL);
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *dialog;
  guint n = n_patients (t);

  dialog = _fol_window_export_all_to (t->window, FOL_BATCH_EXPORT_REPORTS, out);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Exporting All Reports");

  /* The dialog shows the progress it is given. */
  fol_batch_export_dialog_set_progress (FOL_BATCH_EXPORT_DIALOG (dialog), 122, 10000);
  g_assert_cmpstr (fol_batch_export_dialog_get_status (FOL_BATCH_EXPORT_DIALOG (dialog)), ==,
                   "Exporting 123 of 10000…");

  wait_for_dialog (&dialog);

  files = list_files (out);
  g_assert_cmpuint (files->len, ==, n);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_assert_true (g_str_has_suffix (g_ptr_array_index (files, i), ".pdf"));
      g_assert_true (g_file_get_contents (g_ptr_array_index (files, i), &contents, &length, NULL));
      g_assert_true (pdf_is_whole (contents, length));
    }

  expected = g_strdup_printf ("Exported %u reports", n);
  g_assert_cmpstr (t->window->batch_message, ==, expected);
  g_assert_true (shows_text (GTK_WIDGET (t->window->toast_overlay), expected));
}

/* Escape in the dialog cancels: the window comes back, the toast says so
 * and the folder holds whole reports only, fewer than all.
 */
static void
cancel_body (gpointer data)
{
  FolTestApp *t = data;
  g_autofree char *out = g_build_filename (t->dir, "cancelled", NULL);
  g_autoptr(GPtrArray) files = NULL;
  GCancellable *cancellable;
  GtkWidget *dialog;
  guint n = n_patients (t);

  dialog = _fol_window_export_all_to (t->window, FOL_BATCH_EXPORT_REPORTS, out);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  cancellable = fol_batch_export_dialog_get_cancellable (FOL_BATCH_EXPORT_DIALOG (dialog));

  /* Escape is bound to the same action as the Cancel button. */
  g_assert_true (gtk_widget_activate_action (dialog, "export.cancel", NULL));
  g_assert_true (g_cancellable_is_cancelled (cancellable));
  g_assert_cmpstr (fol_batch_export_dialog_get_status (FOL_BATCH_EXPORT_DIALOG (dialog)), ==,
                   "Cancelling…");
  /* Closing does not leave the export running unseen: the dialog stays
   * until the export has stopped.
   */
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_nonnull (dialog);

  wait_for_dialog (&dialog);

  files = list_files (out);
  g_assert_cmpuint (files->len, <, n);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_assert_true (g_file_get_contents (g_ptr_array_index (files, i), &contents, &length, NULL));
      g_assert_true (pdf_is_whole (contents, length));
    }
  /* The toast says how many reports were written before the cancel. */
  {
    g_autofree char *expected = g_strdup_printf (files->len == 1
                                                 ? "Export cancelled; %u report was written"
                                                 : "Export cancelled; %u reports were written",
                                                 files->len);

    g_assert_cmpstr (t->window->batch_message, ==, expected);
    g_assert_true (shows_text (GTK_WIDGET (t->window->toast_overlay), expected));
  }
}

/* Nothing can be written into a file: an alert, no toast, no crash. */
static void
not_a_folder_body (gpointer data)
{
  FolTestApp *t = data;
  g_autofree char *out = g_build_filename (t->dir, "clinic.db", NULL);
  gboolean alerted = FALSE;
  GListModel *toplevels;
  GtkWidget *dialog;

  dialog = _fol_window_export_all_to (t->window, FOL_BATCH_EXPORT_CHARTS, out);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  wait_for_dialog (&dialog);

  g_assert_null (t->window->batch_message);
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        {
          g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), ==,
                           "Nothing Was Exported");
          g_assert_true (gtk_window_get_transient_for (window) == GTK_WINDOW (t->window));
          gtk_window_destroy (window);
          alerted = TRUE;
        }
    }
  g_assert_true (alerted);
}

/* The disk is full (a 4 kB file size limit, SIGXFSZ ignored): the export
 * stops at the first chart refused instead of trying every patient, and
 * the toast says why and how many were written.
 */
static void
disk_full_body (gpointer data)
{
  FolTestApp *t = data;
  g_autofree char *out = g_build_filename (t->dir, "full", NULL);
  g_autoptr(GPtrArray) files = NULL;
  const char *expected = "Export stopped: the disk is full; 0 charts were written";
  GtkWidget *dialog;

  fol_test_set_file_size_limit (4096);
  dialog = _fol_window_export_all_to (t->window, FOL_BATCH_EXPORT_CHARTS, out);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  wait_for_dialog (&dialog);
  fol_test_set_file_size_limit (RLIM_INFINITY);

  files = list_files (out);
  g_assert_cmpuint (files->len, ==, 0);
  g_assert_cmpstr (t->window->batch_message, ==, expected);
  g_assert_true (shows_text (GTK_WIDGET (t->window->toast_overlay), expected));
  g_assert_false (shows_text (GTK_WIDGET (t->window->toast_overlay), "_Open Folder"));
}

static void
test_export_all_charts (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, charts_body);
}

static void
test_export_all_reports (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, reports_body);
}

static void
test_export_cancelled (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, cancel_body);
}

static void
test_export_not_a_folder (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, not_a_folder_body);
}

static void
test_export_disk_full (void)
{
  FolTestApp t = { 0 };

  /* The file size limit stays with this process alone. */
  if (g_test_subprocess ())
    {
      fol_test_app_run (&t, TRUE, disk_full_body);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/batch-ui/charts", test_export_all_charts);
  g_test_add_func ("/batch-ui/reports", test_export_all_reports);
  g_test_add_func ("/batch-ui/cancelled", test_export_cancelled);
  g_test_add_func ("/batch-ui/not-a-folder", test_export_not_a_folder);
  g_test_add_func ("/batch-ui/disk-full", test_export_disk_full);

  return g_test_run ();
}
