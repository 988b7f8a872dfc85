/* test-protected-ui.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fol-application-private.h"
#include "fol-patient-file.h"
#include "fol-review-window.h"
#include "fol-sealed-private.h"
#include "fol-test-a11y.h"
#include "fol-test-app.h"
#include "fol-test-passphrase.h"

/* Opening a patient file protected with a passphrase, as the patient does
 * by double-clicking it: the app asks for the passphrase, opens the review
 * with the right one, and asks again, saying why, for a wrong one or an
 * altered file.
 *
 * Protecting from the window: Share with Patient… asks for a passphrase
 * twice, with a strength hint, and refuses a weak or mistyped one at the
 * field, writing nothing.
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

  return g_test_run ();
}
