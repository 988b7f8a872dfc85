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
#include "fol-test-app.h"

/* Opening a patient file protected with a passphrase, as the patient does
 * by double-clicking it: the app asks for the passphrase, opens the review
 * with the right one, and asks again, saying why, for a wrong one or an
 * altered file. */

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

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The cheapest key derivation: the format records it. */
  _fol_sealed_set_limits_for_testing (crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);

  g_test_add_func ("/protected-ui/prompt", test_prompt);

  return g_test_run ();
}
