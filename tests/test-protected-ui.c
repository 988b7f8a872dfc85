/* test-protected-ui.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fol-application-private.h"
#include "fol-archive.h"
#include "fol-backups-page.h"
#include "fol-patient-file.h"
#include "fol-review-window.h"
#include "fol-sealed-private.h"
#include "fol-test-a11y.h"
#include "fol-test-app.h"

/* Opening a patient file protected with a passphrase, as the patient does
 * by double-clicking it: the app asks for the passphrase, opens the review
 * with the right one, and asks again, saying why, for a wrong one or an
 * altered file.
 *
 * Protecting from the window: Share with Patient… and Back Up to File…
 * ask for a passphrase twice, with a strength hint, and refuse a weak or
 * mistyped one at the field, writing nothing; Restore from File… asks for
 * the passphrase of a protected archive.
 *
 * Under AddressSanitizer: whole stacks, so that what GTK's file chooser
 * never frees is told apart from our leaks and set aside (as in
 * test-share-dialog.c). Unused in other builds.
 */
const char *__asan_default_options (void);
const char *__lsan_default_suppressions (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:libcloudproviders.so\n"
         "leak:g_content_type_guess\n"
         "leak:_dl_init\n";
}

#define PASSPHRASE "horse staple battery"

static FolReviewWindow *
find_review (FolTestApp *t)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (t->app)); l != NULL; l = l->next)
    if (FOL_IS_REVIEW_WINDOW (l->data) && fol_review_window_get_from_file (l->data))
      return l->data;
  return NULL;
}

static void
open_file (FolTestApp *t,
           const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  /* As `follicle FILE.follicle` does; the test's app is non-unique and so
   * not flagged to handle opening, hence its handler is called directly. */
  G_APPLICATION_GET_CLASS (t->app)->open (G_APPLICATION (t->app), &file, 1, "");
  fol_test_iterate ();
}

static void
answer (FolTestApp *t,
        const char *passphrase)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (t->app->passphrase_dialog);

  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), passphrase);
  adw_message_dialog_response (dialog, "open");
  gtk_window_close (GTK_WINDOW (dialog));
  fol_test_iterate ();
}

static void
prompt_body (gpointer data)
{
  FolTestApp *t = data;
  FolStore *store = fol_application_get_store (t->app);
  g_autoptr(GListModel) patients = fol_store_list_patients (store, "Keller", NULL);
  g_autoptr(FolPatient) patient = g_list_model_get_item (patients, 0);
  g_autofree char *path = g_build_filename (t->dir, "keller.follicle", NULL);
  g_autoptr(GError) error = NULL;
  GtkWindow *first, *second;
  FolReviewWindow *review;

  g_assert_true (fol_patient_file_write_protected (store, fol_patient_get_id (patient), path,
                                                   FOL_PATIENT_FILE_FLAGS_NONE, PASSPHRASE,
                                                   &error));
  g_assert_no_error (error);

  /* It asks, naming the file. */
  open_file (t, path);
  g_assert_null (find_review (t));
  first = t->app->passphrase_dialog;
  g_assert_nonnull (first);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (first)), "keller.follicle"));

  /* A wrong passphrase: asked again, and told so. */
  answer (t, "horse staple batterz");
  g_assert_null (find_review (t));
  second = t->app->passphrase_dialog;
  g_assert_nonnull (second);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (second)),
                            "The passphrase is not the one"));

  /* The right one: the patient's review, from the file. */
  answer (t, PASSPHRASE);
  review = find_review (t);
  g_assert_nonnull (review);
  g_assert_cmpstr (fol_review_window_get_patient_id (review), ==, fol_patient_get_id (patient));
  gtk_window_destroy (GTK_WINDOW (review));
  fol_test_iterate ();

  /* A changed byte: refused as altered, even with the right passphrase. */
  {
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
    contents[length / 2] ^= 0x01;
    g_assert_true (g_file_set_contents (path, contents, length, NULL));
  }
  open_file (t, path);
  answer (t, PASSPHRASE);
  g_assert_null (find_review (t));
  g_assert_nonnull (t->app->passphrase_dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (t->app->passphrase_dialog)),
                            "altered or damaged"));
  gtk_window_close (t->app->passphrase_dialog);
  fol_test_iterate ();
}

static void
test_prompt (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, prompt_body);
}

/* The window that asks for a passphrase, found as a user sees it. */
static GtkWindow *
find_passphrase_dialog (void)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (G_OBJECT_TYPE_NAME (w), "FolPassphraseDialog") == 0 &&
          gtk_widget_get_visible (w))
        return GTK_WINDOW (w);
    }
  return NULL;
}

static GtkWindow *
find_message (const char *heading)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), heading) == 0)
        return GTK_WINDOW (w);
    }
  return NULL;
}

static void
collect (GtkWidget *root,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0)
      return buttons->pdata[i];
  return NULL;
}

/* The passphrase fields, in order, each named for a screen reader. */
static GPtrArray *
passphrase_rows (GtkWindow *dialog)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *title = adw_preferences_row_get_title (rows->pdata[i]);

      g_assert_nonnull (title);
      g_assert_cmpstr (title, !=, "");
      g_assert_true (gtk_widget_get_focusable (rows->pdata[i]) ||
                     gtk_widget_get_can_focus (rows->pdata[i]));
    }
  return rows;
}

static const char *
label_text (GtkWindow  *dialog,
            const char *name)
{
  GtkWidget *label = find_named (GTK_WIDGET (dialog), name);

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : "";
}

/* Types @first and @second (when the dialog asks twice) and answers as
 * the dialog's accept button does.
 */
static void
type_and_accept (GtkWindow  *dialog,
                 const char *first,
                 const char *second)
{
  g_autoptr(GPtrArray) rows = passphrase_rows (dialog);

  g_assert_cmpuint (rows->len, ==, second != NULL ? 2 : 1);
  gtk_editable_set_text (rows->pdata[0], first);
  if (second != NULL)
    gtk_editable_set_text (rows->pdata[1], second);
  fol_test_iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "passphrase.accept", NULL));
  fol_test_iterate ();
}

/* Share with Patient…, protected: asked twice with a hint that follows
 * the passphrase; a mismatch, a weak or an empty one refused at the
 * field with nothing written; the file written then opens with the
 * passphrase only.
 */
static void
share_protected_body (gpointer data)
{
  FolTestApp *t = data;
  FolStore *store = fol_application_get_store (t->app);
  g_autoptr(GListModel) patients = fol_store_list_patients (store, "Keller", NULL);
  g_autoptr(FolPatient) patient = g_list_model_get_item (patients, 0);
  g_autofree char *path = g_build_filename (t->dir, "keller.follicle", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) opened = NULL;
  g_autoptr(FolPatient) copy = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *weak_hint = NULL;
  g_autofree char *fair_hint = NULL;
  GtkFileChooser *chooser;
  GtkWindow *dialog;

  fol_window_show_patient (t->window, fol_patient_get_id (patient));
  fol_test_iterate ();

  /* Offered, and off unless switched on: the patient's own copy at home
   * may stay unprotected. */
  chooser = _fol_window_share_chooser_new (t->window);
  g_assert_cmpstr (gtk_file_chooser_get_choice (chooser, "protect"), ==, "false");
  gtk_file_chooser_set_choice (chooser, "protect", "true");
  _fol_window_answer_chooser (chooser, path);
  fol_test_iterate ();

  dialog = find_passphrase_dialog ();
  g_assert_nonnull (dialog);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* The clinician is told to give the passphrase in person. */
  g_assert_nonnull (strstr (label_text (dialog, "body"), "in person"));
  fol_test_assert_all_named (GTK_WIDGET (dialog));

  /* The hint follows the passphrase as it is typed. */
  rows = passphrase_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 2);
  gtk_editable_set_text (rows->pdata[0], "cat");
  fol_test_iterate ();
  weak_hint = g_strdup (label_text (dialog, "strength"));
  g_assert_nonnull (strstr (weak_hint, "add more words"));
  gtk_editable_set_text (rows->pdata[0], "horse staple");
  fol_test_iterate ();
  fair_hint = g_strdup (label_text (dialog, "strength"));
  g_assert_cmpstr (fair_hint, !=, "");
  g_assert_cmpstr (fair_hint, !=, weak_hint);
  gtk_editable_set_text (rows->pdata[0], PASSPHRASE);
  fol_test_iterate ();
  g_assert_cmpstr (label_text (dialog, "strength"), !=, fair_hint);
  g_assert_cmpstr (label_text (dialog, "strength"), !=, weak_hint);

  /* Refused at the field, the dialog still open, nothing written. */
  type_and_accept (dialog, PASSPHRASE, "horse staple batterz");
  g_assert_true (find_passphrase_dialog () == dialog);
  g_assert_nonnull (strstr (label_text (dialog, "problem"), "differ"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  type_and_accept (dialog, "abcdefgh", "abcdefgh");
  g_assert_true (find_passphrase_dialog () == dialog);
  g_assert_nonnull (strstr (label_text (dialog, "problem"), "weak"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  type_and_accept (dialog, "horse", "horse");
  g_assert_true (find_passphrase_dialog () == dialog);
  g_assert_nonnull (strstr (label_text (dialog, "problem"), "at least 8"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  type_and_accept (dialog, "", "");
  g_assert_true (find_passphrase_dialog () == dialog);
  g_assert_cmpstr (label_text (dialog, "problem"), !=, "");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Typed twice alike, Enter in the second field: written, protected,
   * and the dialog gone. */
  gtk_editable_set_text (rows->pdata[0], PASSPHRASE);
  gtk_editable_set_text (rows->pdata[1], PASSPHRASE);
  g_signal_emit_by_name (rows->pdata[1], "entry-activated");
  fol_test_iterate ();
  g_assert_null (find_passphrase_dialog ());
  g_assert_true (fol_sealed_file_is_sealed (path));

  opened = fol_patient_file_open (path, NULL, &error);
  g_assert_null (opened);
  g_assert_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  opened = fol_patient_file_open_protected (path, "horse staple batterz", NULL, &error);
  g_assert_null (opened);
  g_assert_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  opened = fol_patient_file_open_protected (path, PASSPHRASE, NULL, &error);
  g_assert_no_error (error);
  copy = fol_store_get_patient (FOL_STORE (opened), fol_patient_get_id (patient), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fol_patient_get_name (copy), ==, fol_patient_get_name (patient));
}

static void
test_share_protected (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, share_protected_body);
}

static GtkWidget *
open_backups_page (FolTestApp *t)
{
  GtkWindow *prefs = NULL;
  g_autoptr(GListModel) toplevels = NULL;
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  g_action_group_activate_action (G_ACTION_GROUP (t->app), "preferences", NULL);
  fol_test_iterate ();
  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_PREFERENCES_WINDOW (w))
        prefs = GTK_WINDOW (w);
    }
  g_assert_nonnull (prefs);
  collect (GTK_WIDGET (prefs), FOL_TYPE_BACKUPS_PAGE, pages);
  g_assert_cmpuint (pages->len, ==, 1);
  return pages->pdata[0];
}

/* Restores @archive from the Backups page, answering @passphrase. The
 * clinic's windows close when a restore runs: this test's body is not run
 * again on the new one.
 */
static void
restore_from_file (FolTestApp *t,
                   const char *archive,
                   const char *passphrase)
{
  GtkWidget *page = open_backups_page (t);
  GtkFileChooser *chooser;
  GtkWindow *dialog;

  chooser = _fol_backups_page_restore_chooser_new (FOL_BACKUPS_PAGE (page));
  _fol_backups_page_answer_chooser (chooser, archive);
  fol_test_iterate ();
  dialog = find_passphrase_dialog ();
  g_assert_nonnull (dialog);

  g_signal_handlers_block_matched (t->app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                   fol_test_activate_after_cb, NULL);
  type_and_accept (dialog, passphrase, NULL);
  for (guint i = 0; i < 50; i++)
    fol_test_iterate ();
  g_signal_handlers_unblock_matched (t->app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                     fol_test_activate_after_cb, NULL);
  t->window = FOL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (t->app)));
}

/* Back Up to File… writes a protected archive (asked twice, refused when
 * mistyped); Restore from File… asks for its passphrase, says when it is
 * wrong and restores nothing, restores with the right one, and refuses an
 * altered archive.
 */
static void
backup_protected_body (gpointer data)
{
  FolTestApp *t = data;
  FolApplication *app = t->app;
  g_autofree char *archive = g_build_filename (t->dir, "offsite.tar", NULL);
  g_autofree char *altered = g_build_filename (t->dir, "altered.tar", NULL);
  g_autofree char *scratch = g_build_filename (t->dir, "scratch", "clinic.db", NULL);
  g_autoptr(GError) error = NULL;
  GtkFileChooser *chooser;
  GtkWindow *dialog;
  GtkWidget *page;
  guint n, n_restored = 0;

  while (fol_backup_policy_get_running (app->backups))
    g_main_context_iteration (NULL, TRUE);
  n = fol_store_count_patients (app->store, NULL);

  page = open_backups_page (t);
  g_assert_nonnull (find_button (page, "Back Up to _File…"));
  g_assert_nonnull (find_button (page, "Restore _from File…"));

  /* Protected unless switched off: it is meant to leave the clinic. */
  chooser = _fol_backups_page_backup_chooser_new (FOL_BACKUPS_PAGE (page));
  g_assert_cmpstr (gtk_file_chooser_get_choice (chooser, "protect"), ==, "true");
  _fol_backups_page_answer_chooser (chooser, archive);
  fol_test_iterate ();
  dialog = find_passphrase_dialog ();
  g_assert_nonnull (dialog);

  type_and_accept (dialog, PASSPHRASE, "horse staple");
  g_assert_true (find_passphrase_dialog () == dialog);
  g_assert_nonnull (strstr (label_text (dialog, "problem"), "differ"));
  g_assert_false (g_file_test (archive, G_FILE_TEST_EXISTS));

  type_and_accept (dialog, PASSPHRASE, PASSPHRASE);
  g_assert_null (find_passphrase_dialog ());
  g_assert_true (fol_sealed_file_is_sealed (archive));

  /* Read back by the core: not without the passphrase, whole with it. */
  g_assert_false (fol_archive_restore_protected (scratch, archive, NULL, NULL, NULL, &error));
  g_assert_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  g_assert_true (fol_archive_restore_protected (scratch, archive, PASSPHRASE, NULL, &n_restored,
                                                &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_restored, ==, n);

  /* A byte changed in the middle of a copy. */
  {
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (archive, &contents, &length, NULL));
    contents[length / 2] ^= 0x01;
    g_assert_true (g_file_set_contents (altered, contents, length, NULL));
  }

  /* Since the archive, a patient was removed. */
  {
    g_autoptr(GListModel) patients = fol_store_list_patients (app->store, NULL, NULL);
    g_autoptr(FolPatient) first = g_list_model_get_item (patients, 0);

    g_assert_true (fol_store_delete_patient (app->store, fol_patient_get_id (first), &error));
    g_assert_no_error (error);
  }

  /* A wrong passphrase: said at the field, nothing restored. */
  page = open_backups_page (t);
  chooser = _fol_backups_page_restore_chooser_new (FOL_BACKUPS_PAGE (page));
  _fol_backups_page_answer_chooser (chooser, archive);
  fol_test_iterate ();
  dialog = find_passphrase_dialog ();
  g_assert_nonnull (dialog);
  fol_test_assert_all_named (GTK_WIDGET (dialog));
  type_and_accept (dialog, "horse staple batterz", NULL);
  g_assert_true (find_passphrase_dialog () == dialog);
  g_assert_nonnull (strstr (label_text (dialog, "problem"), "not the one"));
  g_assert_cmpuint (fol_store_count_patients (app->store, NULL), ==, n - 1);
  gtk_window_close (dialog);
  fol_test_iterate ();

  /* Altered: refused, said so, nothing restored. */
  restore_from_file (t, altered, PASSPHRASE);
  g_assert_null (find_passphrase_dialog ());
  g_assert_cmpuint (fol_store_count_patients (app->store, NULL), ==, n - 1);
  dialog = find_message ("The Backup Was Not Restored");
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "altered or damaged"));
  gtk_window_destroy (dialog);
  fol_test_iterate ();

  /* The right passphrase: the clinic as it was in the archive. */
  restore_from_file (t, archive, PASSPHRASE);
  g_assert_null (find_passphrase_dialog ());
  g_assert_null (find_message ("The Backup Was Not Restored"));
  g_assert_nonnull (app->store);
  g_assert_cmpuint (fol_store_count_patients (app->store, NULL), ==, n);
  g_assert_true (FOL_IS_WINDOW (t->window));
}

static void
test_backup_protected (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, backup_protected_body);
}

/* With the switch off, Back Up to File… writes a plain archive at once,
 * and Restore from File… restores it after a confirmation, asking for no
 * passphrase.
 */
static void
backup_plain_body (gpointer data)
{
  FolTestApp *t = data;
  FolApplication *app = t->app;
  g_autofree char *archive = g_build_filename (t->dir, "plain.tar", NULL);
  g_autoptr(GError) error = NULL;
  GtkFileChooser *chooser;
  GtkWindow *confirm;
  GtkWidget *page;
  GtkWidget *button;
  guint n;

  while (fol_backup_policy_get_running (app->backups))
    g_main_context_iteration (NULL, TRUE);
  n = fol_store_count_patients (app->store, NULL);

  page = open_backups_page (t);
  chooser = _fol_backups_page_backup_chooser_new (FOL_BACKUPS_PAGE (page));
  gtk_file_chooser_set_choice (chooser, "protect", "false");
  _fol_backups_page_answer_chooser (chooser, archive);
  fol_test_iterate ();
  g_assert_null (find_passphrase_dialog ());
  g_assert_true (g_file_test (archive, G_FILE_TEST_IS_REGULAR));
  g_assert_false (fol_sealed_file_is_sealed (archive));

  {
    g_autoptr(GListModel) patients = fol_store_list_patients (app->store, NULL, NULL);
    g_autoptr(FolPatient) first = g_list_model_get_item (patients, 0);

    g_assert_true (fol_store_delete_patient (app->store, fol_patient_get_id (first), &error));
    g_assert_no_error (error);
  }

  chooser = _fol_backups_page_restore_chooser_new (FOL_BACKUPS_PAGE (page));
  _fol_backups_page_answer_chooser (chooser, archive);
  fol_test_iterate ();
  g_assert_null (find_passphrase_dialog ());
  confirm = find_message ("Restore This Backup?");
  g_assert_nonnull (confirm);
  button = find_button (GTK_WIDGET (confirm), "_Restore");
  g_assert_nonnull (button);

  g_signal_handlers_block_matched (t->app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                   fol_test_activate_after_cb, NULL);
  g_signal_emit_by_name (button, "clicked");
  for (guint i = 0; i < 50; i++)
    fol_test_iterate ();
  g_signal_handlers_unblock_matched (t->app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                     fol_test_activate_after_cb, NULL);
  t->window = FOL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (t->app)));

  g_assert_null (find_message ("The Backup Was Not Restored"));
  g_assert_cmpuint (fol_store_count_patients (app->store, NULL), ==, n);
  g_assert_true (FOL_IS_WINDOW (t->window));
}

static void
test_backup_plain (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, backup_plain_body);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The cheapest key derivation: the format records it. */
  _fol_sealed_set_limits_for_testing (crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);

  g_test_add_func ("/protected-ui/prompt", test_prompt);
  g_test_add_func ("/protected-ui/share", test_share_protected);
  g_test_add_func ("/protected-ui/backup", test_backup_protected);
  g_test_add_func ("/protected-ui/backup-plain", test_backup_plain);

  return g_test_run ();
}
