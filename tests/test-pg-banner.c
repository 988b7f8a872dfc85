/* test-pg-banner.c
 *
 * Copyright 2026 The Follicle authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The clinic server lost and found again, as the user sees it: the
 * window's banner shows while it cannot be reached and goes when it is
 * back (Try Now), and a patient typed in an open editor meanwhile is not
 * lost: its save fails with a message, the text stays, and it is saved
 * once the server is back.
 */

#include "config.h"

#include <adwaita.h>

#include "fol-conflict-dialog.h"
#include "fol-connection-banner.h"
#include "fol-editor-private.h"
#include "fol-pg-store.h"
#include "fol-resources.h"
#include "fol-test-pg.h"

static gboolean
wait_shown (FolConnectionBanner *banner,
            gboolean             shown,
            guint                ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (fol_connection_banner_is_shown (banner) != shown && g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
  return fol_connection_banner_is_shown (banner) == shown;
}

static void
allow_connections (const char *database,
                   gboolean    allow)
{
  PGconn *admin = fol_test_pg_admin ();
  g_autofree char *sql = g_strdup_printf ("ALTER DATABASE %s WITH ALLOW_CONNECTIONS %s",
                                          database, allow ? "true" : "false");

  fol_test_pg_exec (admin, sql);
  PQfinish (admin);
}

/* Opens @database on the test cluster, as a workstation does. */
static FolPgStore *
open_store (const char *database)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *location = g_strdup_printf ("dbname=%s", database);
  FolPgStore *store = fol_pg_store_open (location, &error);

  g_assert_no_error (error);
  return store;
}

/* Two workstations on one new database, each with a connection of its
 * own, and @patient saved from the first: where each conflict starts.
 */
typedef struct
{
  char       *database;
  FolPgStore *here;
  FolPgStore *there;
} Workstations;

static gboolean
workstations_open (Workstations *w,
                   FolPatient   *patient)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  w->database = fol_test_pg_create_database ();
  if (w->database == NULL)
    return FALSE;
  w->here = open_store (w->database);
  w->there = open_store (w->database);
  ok = fol_store_save_patient (FOL_STORE (w->here), patient, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  return TRUE;
}

static void
workstations_clear (Workstations *w)
{
  g_clear_object (&w->here);
  g_clear_object (&w->there);
  fol_test_pg_drop_database (w->database);
  g_clear_pointer (&w->database, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Workstations, workstations_clear)

static void
test_banner (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *database = fol_test_pg_create_database ();
  g_autofree char *kill = NULL;
  g_autofree char *n = NULL;
  g_autoptr(FolPgStore) store = NULL;
  g_autoptr(FolPatient) saved = NULL;
  GtkWindow *window;
  GtkWidget *banner;
  GtkWidget *editor;
  GtkEditable *name;
  PGconn *admin;

  if (database == NULL)
    return;
  store = open_store (database);

  window = GTK_WINDOW (gtk_window_new ());
  banner = fol_connection_banner_new ();
  g_object_ref_sink (banner);
  gtk_window_set_child (window, banner);
  fol_connection_banner_set_store (FOL_CONNECTION_BANNER (banner), FOL_STORE (store));
  gtk_window_present (window);
  g_assert_false (fol_connection_banner_is_shown (FOL_CONNECTION_BANNER (banner)));

  editor = fol_patient_editor_new (FOL_STORE (store), NULL);
  g_object_ref (editor);
  gtk_window_present (GTK_WINDOW (editor));
  name = _fol_patient_editor_get_name (FOL_PATIENT_EDITOR (editor));
  gtk_editable_set_text (name, "Ana Souza");
  g_assert_true (_fol_patient_editor_can_save (FOL_PATIENT_EDITOR (editor)));

  /* The server ends the connection, and takes no new one for now. */
  allow_connections (database, FALSE);
  admin = fol_test_pg_admin ();
  kill = g_strdup_printf ("SELECT pg_terminate_backend (%d)",
                          fol_pg_store_get_backend_pid (store));
  fol_test_pg_exec (admin, kill);
  PQfinish (admin);
  g_assert_true (wait_shown (FOL_CONNECTION_BANNER (banner), TRUE, 1000));

  /* Saving meanwhile: refused with a message, the editor and its text stay. */
  gtk_widget_activate_action (editor, "editor.save", NULL);
  g_assert_true (gtk_widget_get_visible (editor));
  g_assert_true (gtk_revealer_get_reveal_child (
    _fol_patient_editor_get_error (FOL_PATIENT_EDITOR (editor))));
  g_test_message ("%s", gtk_label_get_text (
    _fol_patient_editor_get_error_label (FOL_PATIENT_EDITOR (editor))));
  g_assert_nonnull (strstr (gtk_label_get_text (
    _fol_patient_editor_get_error_label (FOL_PATIENT_EDITOR (editor))), "cannot be reached"));
  g_assert_cmpstr (gtk_editable_get_text (name), ==, "Ana Souza");
  g_assert_null (fol_patient_editor_get_saved_id (FOL_PATIENT_EDITOR (editor)));

  /* Try Now, once the server is back: the banner goes. */
  allow_connections (database, TRUE);
  gtk_widget_activate (GTK_WIDGET (_fol_connection_banner_get_button (
    FOL_CONNECTION_BANNER (banner))));
  g_assert_true (wait_shown (FOL_CONNECTION_BANNER (banner), FALSE, 3000));

  /* The same Save now stores the patient, once. */
  gtk_widget_activate_action (editor, "editor.save", NULL);
  g_assert_nonnull (fol_patient_editor_get_saved_id (FOL_PATIENT_EDITOR (editor)));
  saved = fol_store_get_patient (FOL_STORE (store),
                                 fol_patient_editor_get_saved_id (FOL_PATIENT_EDITOR (editor)),
                                 &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fol_patient_get_name (saved), ==, "Ana Souza");
  admin = fol_test_pg_connect (database);
  n = fol_test_pg_value (admin, "SELECT count (*) FROM patients");
  g_assert_cmpstr (n, ==, "1");
  PQfinish (admin);

  gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_finalize_object (editor);
  gtk_window_destroy (window);
  g_assert_finalize_object (banner);
  g_clear_object (&store);
  fol_test_pg_drop_database (database);
}

static gboolean
grid_has (GtkGrid    *grid,
          guint       row,
          const char *field,
          const char *theirs,
          const char *yours)
{
  const char *want[] = { field, theirs, yours };

  for (int c = 0; c < 3; c++)
    {
      GtkWidget *label = gtk_grid_get_child_at (grid, c, row);

      if (label == NULL || g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), want[c]) != 0)
        {
          g_test_message ("row %u, column %d: %s", row, c,
                          label ? gtk_label_get_text (GTK_LABEL (label)) : "(none)");
          return FALSE;
        }
    }
  return TRUE;
}

/* Two workstations edit one patient: the second Save says who changed it,
 * compares their values with what was typed, and Reload shows theirs;
 * or Save Mine, after seeing theirs, replaces it.
 */
static void
test_conflict (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(Workstations) w = { 0 };
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autoptr(FolPatient) theirs = NULL;
  g_autoptr(FolPatient) stored = NULL;
  GtkWidget *editor;
  GtkWidget *dialog;
  GtkGrid *grid;
  GtkEditable *name;

  fol_patient_set_name (p, "Ana Souza");
  fol_patient_set_sex (p, "female");
  fol_patient_set_notes (p, "first visit in May");
  if (!workstations_open (&w, p))
    return;

  editor = fol_patient_editor_new (FOL_STORE (w.here), p);
  g_object_ref (editor);
  gtk_window_present (GTK_WINDOW (editor));
  name = _fol_patient_editor_get_name (FOL_PATIENT_EDITOR (editor));
  gtk_editable_set_text (name, "Ana Souza Lima");

  theirs = fol_store_get_patient (FOL_STORE (w.there), fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  fol_patient_set_notes (theirs, "allergic to lidocaine");
  g_assert_true (fol_store_save_patient (FOL_STORE (w.there), theirs, &error));
  g_assert_no_error (error);

  gtk_widget_activate_action (editor, "editor.save", NULL);
  g_assert_null (fol_patient_editor_get_saved_id (FOL_PATIENT_EDITOR (editor)));
  dialog = _fol_patient_editor_get_conflict (FOL_PATIENT_EDITOR (editor));
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_test_message ("%s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            fol_pg_store_get_db_user (w.there)));
  g_assert_cmpstr (gtk_editable_get_text (name), ==, "Ana Souza Lima");

  /* Theirs beside mine, only where they differ. */
  grid = _fol_conflict_dialog_get_grid (dialog);
  g_assert_true (grid_has (grid, 1, "Name", "Ana Souza", "Ana Souza Lima"));
  g_assert_true (grid_has (grid, 2, "Notes", "allergic to lidocaine", "first visit in May"));
  g_assert_null (gtk_grid_get_child_at (grid, 0, 3));

  /* Reload: theirs in the form, saved as they are without a conflict. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), FOL_CONFLICT_RELOAD);
  g_assert_cmpstr (gtk_editable_get_text (name), ==, "Ana Souza");
  gtk_editable_set_text (name, "Ana Souza Lima");
  gtk_widget_activate_action (editor, "editor.save", NULL);
  g_assert_nonnull (fol_patient_editor_get_saved_id (FOL_PATIENT_EDITOR (editor)));
  stored = fol_store_get_patient (FOL_STORE (w.there), fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fol_patient_get_name (stored), ==, "Ana Souza Lima");
  g_assert_cmpstr (fol_patient_get_notes (stored), ==, "allergic to lidocaine");
  g_clear_object (&stored);
  gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_finalize_object (editor);

  /* Save Mine: what was typed replaces theirs, knowingly. */
  stored = fol_store_get_patient (FOL_STORE (w.here), fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  editor = fol_patient_editor_new (FOL_STORE (w.here), stored);
  g_object_ref (editor);
  gtk_window_present (GTK_WINDOW (editor));
  name = _fol_patient_editor_get_name (FOL_PATIENT_EDITOR (editor));
  gtk_editable_set_text (name, "Ana S. Lima");
  g_clear_object (&theirs);
  theirs = fol_store_get_patient (FOL_STORE (w.there), fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  fol_patient_set_notes (theirs, "second note");
  g_assert_true (fol_store_save_patient (FOL_STORE (w.there), theirs, &error));
  g_assert_no_error (error);
  gtk_widget_activate_action (editor, "editor.save", NULL);
  dialog = _fol_patient_editor_get_conflict (FOL_PATIENT_EDITOR (editor));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), FOL_CONFLICT_SAVE_MINE);
  g_assert_nonnull (fol_patient_editor_get_saved_id (FOL_PATIENT_EDITOR (editor)));
  g_clear_object (&stored);
  stored = fol_store_get_patient (FOL_STORE (w.there), fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fol_patient_get_name (stored), ==, "Ana S. Lima");
  gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_finalize_object (editor);
}

/* Two workstations edit one treatment session: the second Save says who
 * changed it, compares their values with what was typed, and Reload shows
 * theirs; or Save Mine, after seeing theirs, replaces it. */
static void
test_session_conflict (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(Workstations) w = { 0 };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autoptr(FolTreatmentSession) s = fol_treatment_session_new ();
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolHistory) stored = NULL;
  GtkWidget *editor;
  GtkWidget *dialog;
  GtkEditable *lot;
  GtkEditable *product;

  fol_patient_set_name (p, "Ana Souza");
  if (!workstations_open (&w, p))
    return;
  fol_treatment_session_set_patient_id (s, fol_patient_get_id (p));
  fol_treatment_session_set_date (s, fol_date_today () - 3);
  fol_treatment_session_set_treatment_type (s, "prp");
  fol_treatment_session_set_product (s, "Kit A");
  fol_treatment_session_set_regions (s, FOL_REGION_BIT (FOL_REGION_VERTEX));
  g_assert_true (fol_store_save_session (FOL_STORE (w.here), s, &error));
  g_assert_no_error (error);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(FolHistory) theirs = NULL;
      FolTreatmentSession *their_session;
      g_autofree char *their_product = g_strdup_printf ("Kit B%u", round);
      const char *my_lot = round == 0 ? "LOT-7" : "LOT-8";

      history = fol_store_load_history (FOL_STORE (w.here), fol_patient_get_id (p), &error);
      g_assert_no_error (error);
      editor = fol_session_editor_new (FOL_STORE (w.here), settings, history,
                                       fol_treatment_session_get_id (s));
      g_clear_object (&history);
      g_object_ref (editor);
      gtk_window_present (GTK_WINDOW (editor));
      lot = _fol_session_editor_get_lot (FOL_SESSION_EDITOR (editor));
      product = _fol_session_editor_get_product (FOL_SESSION_EDITOR (editor));
      gtk_editable_set_text (lot, my_lot);

      /* Meanwhile, on the other workstation. */
      theirs = fol_store_load_history (FOL_STORE (w.there), fol_patient_get_id (p), &error);
      g_assert_no_error (error);
      their_session = fol_history_get_session (theirs, 0);
      fol_treatment_session_set_product (their_session, their_product);
      g_assert_true (fol_store_save_session (FOL_STORE (w.there), their_session, &error));
      g_assert_no_error (error);

      gtk_widget_activate_action (editor, "editor.save", NULL);
      dialog = _fol_session_editor_get_conflict (FOL_SESSION_EDITOR (editor));
      g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
      g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                                fol_pg_store_get_db_user (w.there)));
      g_assert_cmpstr (gtk_editable_get_text (lot), ==, my_lot);
      g_assert_true (grid_has (_fol_conflict_dialog_get_grid (dialog), 1, "Product",
                               their_product, round == 0 ? "Kit A" : "Kit B0"));
      g_assert_true (grid_has (_fol_conflict_dialog_get_grid (dialog), 2, "Lot Number",
                               round == 0 ? "" : "LOT-7", my_lot));
      g_assert_null (gtk_grid_get_child_at (_fol_conflict_dialog_get_grid (dialog), 0, 3));

      if (round == 0)
        {
          /* Reload: theirs in the form; saved as they are, plus the lot. */
          adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), FOL_CONFLICT_RELOAD);
          g_assert_cmpstr (gtk_editable_get_text (product), ==, their_product);
          g_assert_cmpstr (gtk_editable_get_text (lot), ==, "");
          gtk_editable_set_text (lot, my_lot);
          gtk_widget_activate_action (editor, "editor.save", NULL);
        }
      else
        {
          /* Save Mine: what was typed replaces theirs, knowingly. */
          adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), FOL_CONFLICT_SAVE_MINE);
        }
      stored = fol_store_load_history (FOL_STORE (w.there), fol_patient_get_id (p), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (fol_treatment_session_get_lot_number (fol_history_get_session (stored, 0)),
                       ==, my_lot);
      g_assert_cmpstr (fol_treatment_session_get_product (fol_history_get_session (stored, 0)),
                       ==, "Kit B0");
      g_clear_object (&stored);
      gtk_window_destroy (GTK_WINDOW (editor));
      g_assert_finalize_object (editor);
    }
}

/* The same for a visit: the second Save compares their values with what
 * was typed; Reload shows theirs, with their regions; Save Mine replaces
 * theirs. */
static void
test_visit_conflict (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(Workstations) w = { 0 };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autoptr(FolVisit) v = fol_visit_new ();
  g_autoptr(GPtrArray) measurements = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FolMeasurement) m = fol_measurement_new ();
  FolDate first = fol_date_today () - 30;

  fol_patient_set_name (p, "Ana Souza");
  if (!workstations_open (&w, p))
    return;
  fol_visit_set_patient_id (v, fol_patient_get_id (p));
  fol_visit_set_date (v, first);
  fol_visit_set_kind (v, "baseline");
  fol_measurement_set_region (m, FOL_REGION_VERTEX);
  fol_measurement_set_total_density (m, 120);
  g_ptr_array_add (measurements, g_object_ref (m));
  g_assert_true (fol_store_save_visit (FOL_STORE (w.here), v, measurements, &error));
  g_assert_no_error (error);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(FolHistory) history = NULL;
      g_autoptr(FolHistory) theirs = NULL;
      g_autoptr(FolHistory) stored = NULL;
      g_autoptr(GPtrArray) their_values = g_ptr_array_new_with_free_func (g_object_unref);
      g_autofree char *their_notes = g_strdup_printf ("their note %u", round);
      g_autofree char *my_iso = fol_date_to_iso (first - 1 - round);
      g_autofree char *my_date = fol_date_format (first - 1 - round);
      g_autofree char *their_date = NULL;
      FolVisit *their_visit;
      GtkWidget *editor;
      GtkWidget *dialog;
      GtkEditable *date;

      history = fol_store_load_history (FOL_STORE (w.here), fol_patient_get_id (p), &error);
      g_assert_no_error (error);
      their_date = fol_date_format (fol_visit_get_date (fol_history_get_visit (history, 0)));
      editor = fol_visit_editor_new (FOL_STORE (w.here), settings, history, fol_visit_get_id (v));
      g_object_ref (editor);
      gtk_window_present (GTK_WINDOW (editor));
      date = _fol_visit_editor_get_date (FOL_VISIT_EDITOR (editor));
      gtk_editable_set_text (date, my_iso);

      /* Meanwhile, on the other workstation: a note, and a second region. */
      theirs = fol_store_load_history (FOL_STORE (w.there), fol_patient_get_id (p), &error);
      g_assert_no_error (error);
      their_visit = fol_history_get_visit (theirs, 0);
      fol_visit_set_notes (their_visit, their_notes);
      for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
        if (fol_history_get_measurement (theirs, 0, r) != NULL)
          g_ptr_array_add (their_values, fol_measurement_copy (fol_history_get_measurement (theirs, 0, r)));
      if (round == 0)
        {
          FolMeasurement *frontal = fol_measurement_new ();

          fol_measurement_set_region (frontal, FOL_REGION_FRONTAL);
          fol_measurement_set_total_density (frontal, 140);
          g_ptr_array_add (their_values, frontal);
        }
      g_assert_true (fol_store_save_visit (FOL_STORE (w.there), their_visit, their_values, &error));
      g_assert_no_error (error);

      gtk_widget_activate_action (editor, "editor.save", NULL);
      dialog = _fol_visit_editor_get_conflict (FOL_VISIT_EDITOR (editor));
      g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
      g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                                fol_pg_store_get_db_user (w.there)));
      g_assert_cmpstr (gtk_editable_get_text (date), ==, my_iso);
      g_assert_true (grid_has (_fol_conflict_dialog_get_grid (dialog), 1, "Date", their_date,
                               my_date));
      g_assert_true (grid_has (_fol_conflict_dialog_get_grid (dialog), 2, "Notes", their_notes,
                               round == 0 ? "" : "their note 0"));

      if (round == 0)
        {
          /* Reload: theirs in the form, their frontal value with it. */
          g_autofree char *first_iso = fol_date_to_iso (first);

          g_assert_true (grid_has (_fol_conflict_dialog_get_grid (dialog), 3,
                                   fol_region_name (FOL_REGION_FRONTAL), "140", ""));
          adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), FOL_CONFLICT_RELOAD);
          g_assert_cmpstr (gtk_editable_get_text (date), ==, first_iso);
          g_assert_cmpstr (gtk_editable_get_text (_fol_visit_editor_get_cell (
                             FOL_VISIT_EDITOR (editor), FOL_REGION_FRONTAL, "total-density")),
                           ==, "140");
          gtk_editable_set_text (date, my_iso);
          gtk_widget_activate_action (editor, "editor.save", NULL);
        }
      else
        {
          /* Save Mine: what was typed replaces theirs, knowingly. */
          adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), FOL_CONFLICT_SAVE_MINE);
        }
      stored = fol_store_load_history (FOL_STORE (w.there), fol_patient_get_id (p), &error);
      g_assert_no_error (error);
      g_assert_cmpint (fol_visit_get_date (fol_history_get_visit (stored, 0)), ==,
                       first - 1 - round);
      g_assert_cmpstr (fol_visit_get_notes (fol_history_get_visit (stored, 0)), ==,
                       round == 0 ? their_notes : "their note 0");
      g_assert_nonnull (fol_history_get_measurement (stored, 0, FOL_REGION_FRONTAL));
      gtk_window_destroy (GTK_WINDOW (editor));
      g_assert_finalize_object (editor);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The editors' templates: keeps the bundle in, its constructor loads it. */
  g_assert_nonnull (fol_get_resource ());
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/pg-banner/lost-and-back", test_banner);
  g_test_add_func ("/pg-banner/conflict", test_conflict);
  g_test_add_func ("/pg-banner/session-conflict", test_session_conflict);
  g_test_add_func ("/pg-banner/visit-conflict", test_visit_conflict);

  return g_test_run ();
}
