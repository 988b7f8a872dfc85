/* test-share-dialog.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "fol-patient-file.h"
#include "fol-test-app.h"

/* The file choosers of Share with Patient… and Export Report…, with their
 * switch for the clinician's notes.
 *
 * Under AddressSanitizer: whole stacks, so that what GTK's file chooser
 * never frees (libcloudproviders, the MIME cache of g_content_type_guess(),
 * the constructors of the modules it loads) is told apart from our leaks and
 * set aside. A test of its own, as whole stacks make every allocation slow.
 * Unused in other builds.
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

/* Share with Patient… and Export Report… offer the notes as a switch that
 * starts off.
 */
static void
notes_switch_body (gpointer fixture)
{
  FolTestApp *t = fixture;
  FolStore *store = fol_application_get_store (t->app);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) patients = fol_store_list_patients (store, NULL, &error);
  g_autoptr(FolPatient) patient = g_list_model_get_item (patients, 0);

  fol_patient_set_notes (patient, "PRIVATE: suspected depression");
  g_assert_true (fol_store_save_patient (store, patient, &error));
  g_assert_no_error (error);
  fol_window_show_patient (t->window, fol_patient_get_id (patient));
  fol_test_iterate ();

  for (guint i = 0; i < 2; i++)
    {
      GtkFileChooser *chooser = i == 0 ? _fol_window_share_chooser_new (t->window)
                                       : _fol_window_report_chooser_new (t->window);

      g_assert_cmpstr (gtk_file_chooser_get_choice (chooser, "include-notes"), ==, "false");
      _fol_window_answer_chooser (chooser, NULL);
      fol_test_iterate ();
    }

  /* Saved as offered, then with the switch on: the notes go only then. */
  for (guint on = 0; on < 2; on++)
    {
      g_autofree char *name = g_strdup_printf ("switch-%u.follicle", on);
      g_autofree char *path = g_build_filename (t->dir, name, NULL);
      g_autoptr(FolSqliteStore) shared = NULL;
      g_autoptr(FolPatient) copy = NULL;
      GtkFileChooser *chooser;

      chooser = _fol_window_share_chooser_new (t->window);
      if (on)
        gtk_file_chooser_set_choice (chooser, "include-notes", "true");
      _fol_window_answer_chooser (chooser, path);
      fol_test_iterate ();

      shared = fol_patient_file_open (path, NULL, &error);
      g_assert_no_error (error);
      copy = fol_store_get_patient (FOL_STORE (shared), fol_patient_get_id (patient), &error);
      g_assert_no_error (error);
      if (on)
        g_assert_cmpstr (fol_patient_get_notes (copy), ==, "PRIVATE: suspected depression");
      else
        g_assert_null (fol_patient_get_notes (copy));
      g_clear_object (&shared);
      g_unlink (path);
    }
}

static void
test_notes_switch (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, notes_switch_body);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/share-dialog/notes-switch", test_notes_switch);

  return g_test_run ();
}
