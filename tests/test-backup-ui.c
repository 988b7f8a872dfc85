/* test-backup-ui.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fol-application-private.h"
#include "fol-archive.h"
#include "fol-backups-page.h"
#include "fol-sealed-private.h"
#include "fol-test-a11y.h"
#include "fol-test-app.h"
#include "fol-test-passphrase.h"

/* An off-site backup from the window: Back Up to File… in the Backups
 * preferences asks for a passphrase twice, and refuses a mistyped one at
 * the field, writing nothing; Restore from File… asks for the passphrase
 * of a protected archive, says at the field when it is wrong, refuses an
 * altered archive, and restores nothing in either case.
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

#define BACK_UP_LABEL "Back Up to _File…"
#define BUSY_LABEL    "Backing Up…"

/* Waits for the archive Back Up to File… is writing: its button is
 * insensitive, and says so, until the write is over. */
static void
wait_written (GtkWidget *page)
{
  gint64 end = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (find_button (page, BACK_UP_LABEL) == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (find_button (page, BACK_UP_LABEL));
  g_assert_true (gtk_widget_get_sensitive (find_button (page, BACK_UP_LABEL)));
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
  wait_written (page);
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
  wait_written (page);
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

static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

/* Counts the main loop's turns while the archive is not there yet. */
typedef struct
{
  const char *archive;
  GtkWidget  *button;
  guint       ticks;
  gboolean    busy_seen;
} Watch;

static gboolean
watch_tick_cb (gpointer user_data)
{
  Watch *w = user_data;

  if (!g_file_test (w->archive, G_FILE_TEST_EXISTS))
    {
      w->ticks++;
      if (!gtk_widget_get_sensitive (w->button)
          && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w->button)), BUSY_LABEL) == 0)
        w->busy_seen = TRUE;
    }
  return G_SOURCE_CONTINUE;
}

#define BIG_PHOTO_SIZE (48 * 1024 * 1024)

/* A photo of @size bytes, kept as the photo store keeps them (by content,
 * beside the clinic), of the first visit of the first patient. */
static char *
add_big_photo (FolTestApp *t,
               gsize       size)
{
  FolStore *store = t->app->store;
  g_autoptr(GListModel) patients = fol_store_list_patients (store, NULL, NULL);
  g_autoptr(FolPatient) patient = g_list_model_get_item (patients, 0);
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolPhoto) photo = fol_photo_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = g_malloc (size);
  char *sha;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  history = fol_store_load_history (store, fol_patient_get_id (patient), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_history_get_n_visits (history), >, 0);

  /* Blocks of their own, cheap to make: the archive does not compress. */
  for (gsize i = 0; i < size; i += 4096)
    {
      guint32 block[1024];

      for (guint j = 0; j < G_N_ELEMENTS (block); j++)
        block[j] = (guint32) (i + j) * 2654435761u;
      memcpy (contents + i, block, MIN (sizeof block, size - i));
    }
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, size);
  dir = g_build_filename (t->dir, "photos", (char[]) { sha[0], sha[1], 0 }, NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  name = g_strconcat (sha, ".jpg", NULL);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, contents, size, NULL));

  fol_photo_set_visit_id (photo, fol_visit_get_id (fol_history_get_visit (history, 0)));
  fol_photo_set_region (photo, FOL_REGION_VERTEX);
  fol_photo_set_sha256 (photo, sha);
  fol_photo_set_width (photo, 640);
  fol_photo_set_height (photo, 480);
  g_assert_true (fol_store_save_photo (store, photo, &error));
  g_assert_no_error (error);
  return sha;
}

/* Back Up to File… writes in the background: with a clinic big enough to
 * take a while, the window keeps turning while the archive is written,
 * the button says it is backing up and cannot be pressed again, and the
 * archive is whole once it is ready again. A place that cannot be written
 * is said in a dialog when the write is over. */
static void
backup_responsive_body (gpointer data)
{
  FolTestApp *t = data;
  FolApplication *app = t->app;
  g_autofree char *archive = g_build_filename (t->dir, "big.tar", NULL);
  g_autofree char *nowhere = g_build_filename (t->dir, "no-such-folder", "big.tar", NULL);
  g_autofree char *scratch = g_build_filename (t->dir, "scratch", "clinic.db", NULL);
  g_autofree char *restored_photos = g_build_filename (t->dir, "scratch", "photos", NULL);
  g_autofree char *sha = NULL;
  g_autoptr(GError) error = NULL;
  GtkFileChooser *chooser;
  GtkWidget *page, *button;
  Watch watch = { 0 };
  guint tick_id;
  guint n, n_restored = 0;

  while (fol_backup_policy_get_running (app->backups))
    g_main_context_iteration (NULL, TRUE);
  sha = add_big_photo (t, BIG_PHOTO_SIZE);
  n = fol_store_count_patients (app->store, NULL);

  page = open_backups_page (t);
  button = find_button (page, BACK_UP_LABEL);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));

  watch.archive = archive;
  watch.button = button;
  tick_id = g_timeout_add (5, watch_tick_cb, &watch);

  chooser = _fol_backups_page_backup_chooser_new (FOL_BACKUPS_PAGE (page));
  gtk_file_chooser_set_choice (chooser, "protect", "false");
  _fol_backups_page_answer_chooser (chooser, archive);

  /* Back from the choice at once: the archive is still being written. */
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, BUSY_LABEL);

  wait_written (page);
  g_source_remove (tick_id);
  g_test_message ("%u turns of the main loop while the archive was written", watch.ticks);
  g_assert_cmpuint (watch.ticks, >, 0);
  g_assert_true (watch.busy_seen);
  g_assert_null (find_message ("The Backup Was Not Written"));
  fol_test_iterate ();
  g_assert_true (shows_text (GTK_WIDGET (gtk_widget_get_root (page)), "Backup written"));

  /* Whole: every patient, and the big photo, byte for byte in size. */
  g_assert_true (fol_archive_restore (scratch, archive, NULL, &n_restored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_restored, ==, n);
  {
    g_autofree char *name = g_strconcat (sha, ".jpg", NULL);
    g_autofree char *copy = g_build_filename (restored_photos, (char[]) { sha[0], sha[1], 0 },
                                              name, NULL);
    GStatBuf st;

    g_assert_cmpint (g_stat (copy, &st), ==, 0);
    g_assert_cmpint (st.st_size, ==, BIG_PHOTO_SIZE);
  }

  /* A folder that is not there: said when the write is over, nothing left. */
  chooser = _fol_backups_page_backup_chooser_new (FOL_BACKUPS_PAGE (page));
  gtk_file_chooser_set_choice (chooser, "protect", "false");
  _fol_backups_page_answer_chooser (chooser, nowhere);
  wait_written (page);
  fol_test_iterate ();
  g_assert_nonnull (find_message ("The Backup Was Not Written"));
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
  gtk_window_destroy (find_message ("The Backup Was Not Written"));
  fol_test_iterate ();
}

static void
test_backup_responsive (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, backup_responsive_body);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The cheapest key derivation: the format records it. */
  _fol_sealed_set_limits_for_testing (crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);

  g_test_add_func ("/backup-ui/protected", test_backup_protected);
  g_test_add_func ("/backup-ui/plain", test_backup_plain);
  g_test_add_func ("/backup-ui/responsive", test_backup_responsive);

  return g_test_run ();
}
