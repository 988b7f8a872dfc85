/* test-workspace.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "fol-catalog.h"
#include "fol-editor-private.h"
#include "fol-test-app.h"

typedef struct
{
  FolTestApp  t;
  char       *patient_id;
  char       *visit_id;
  char       *session_id;
  guint       history_notified;
} Fixture;

static void
history_notify_cb (Fixture *f)
{
  f->history_notified++;
}

static FolHistory *
load (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  FolHistory *history = fol_store_load_history (f->t.window->store, f->patient_id, &error);

  g_assert_no_error (error);
  return history;
}

static GtkWindow *
open_editor (Fixture    *f,
             const char *action,
             GVariant   *param)
{
  g_assert_null (f->t.window->editor);
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->t.window), action, param));
  fol_test_iterate ();
  g_assert_nonnull (f->t.window->editor);
  return f->t.window->editor;
}

static void
save (Fixture   *f,
      GtkWindow *editor)
{
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  fol_test_iterate ();
  /* Saved and closed. */
  g_assert_null (f->t.window->editor);
}

static void
set_text (GtkEditable *editable,
          const char  *text)
{
  gtk_editable_set_text (editable, text);
}

static guint
n_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static void
create_patient (Fixture *f)
{
  FolPatientEditor *editor;
  g_autoptr(FolPatient) patient = NULL;
  FolWindow *window = f->t.window;

  editor = FOL_PATIENT_EDITOR (open_editor (f, "win.new-patient", NULL));

  /* A blank name keeps Save off. */
  g_assert_false (_fol_patient_editor_can_save (editor));
  set_text (_fol_patient_editor_get_name (editor), "Jonas Berg");
  set_text (_fol_patient_editor_get_birth_date (editor), "1985-02-30");
  g_assert_false (_fol_patient_editor_can_save (editor));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (_fol_patient_editor_get_birth_date (editor)), "error"));
  set_text (_fol_patient_editor_get_birth_date (editor), "1985-02-28");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (_fol_patient_editor_get_birth_date (editor)), "error"));
  adw_combo_row_set_selected (_fol_patient_editor_get_sex (editor),
                              fol_catalog_index (FOL_CATALOG_SEX, "male"));
  adw_combo_row_set_selected (_fol_patient_editor_get_diagnosis (editor),
                              1 + fol_catalog_index (FOL_CATALOG_DIAGNOSIS, "androgenetic_alopecia"));
  g_assert_true (_fol_patient_editor_can_save (editor));
  save (f, GTK_WINDOW (editor));

  /* In the database, in the list, and shown. */
  g_assert_cmpuint (fol_store_count_patients (window->store, NULL), ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "clinic");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "patient");
  f->patient_id = g_strdup (fol_patient_page_get_patient_id (window->patient_page));
  g_assert_nonnull (f->patient_id);
  patient = fol_store_get_patient (window->store, f->patient_id, NULL);
  g_assert_cmpstr (fol_patient_get_name (patient), ==, "Jonas Berg");
  g_assert_cmpuint (fol_patient_get_birth_date (patient), ==, fol_date_new (1985, 2, 28));
  g_assert_cmpstr (fol_patient_get_sex (patient), ==, "male");
  g_assert_cmpstr (fol_patient_get_diagnosis (patient), ==, "androgenetic_alopecia");
}

static void
log_visit (Fixture *f)
{
  FolVisitEditor *editor;
  g_autoptr(FolHistory) history = NULL;
  FolMeasurement *m;

  g_signal_connect_swapped (f->t.window->patient_page, "notify::history",
                            G_CALLBACK (history_notify_cb), f);
  editor = FOL_VISIT_EDITOR (open_editor (f, "win.new-visit", NULL));

  /* Today by default; a baseline for a patient without visits. */
  g_assert_cmpstr (gtk_editable_get_text (_fol_visit_editor_get_date (editor)), ==, "2026-06-01");
  set_text (_fol_visit_editor_get_date (editor), "2026-01-10");

  set_text (_fol_visit_editor_get_cell (editor, FOL_REGION_FRONTAL, "hair-count"), "150");
  set_text (_fol_visit_editor_get_cell (editor, FOL_REGION_FRONTAL, "field-area"), "1");
  /* Density from count and area, shown as the placeholder while left blank. */
  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (_fol_visit_editor_get_cell (editor, FOL_REGION_FRONTAL, "total-density"))),
                   ==, "150.0");
  set_text (_fol_visit_editor_get_cell (editor, FOL_REGION_VERTEX, "total-density"), "120");
  set_text (_fol_visit_editor_get_cell (editor, FOL_REGION_VERTEX, "terminal-density"), "100");
  set_text (_fol_visit_editor_get_cell (editor, FOL_REGION_VERTEX, "vellus-density"), "20");
  set_text (_fol_visit_editor_get_cell (editor, FOL_REGION_VERTEX, "anagen"), "82,5");
  set_text (_fol_visit_editor_get_cell (editor, FOL_REGION_OCCIPITAL, "hair-count"), "130");
  set_text (_fol_visit_editor_get_cell (editor, FOL_REGION_OCCIPITAL, "field-area"), "0.65");
  set_text (_fol_visit_editor_get_cell (editor, FOL_REGION_OCCIPITAL, "mean-diameter"), "75");
  g_assert_true (_fol_visit_editor_can_save (editor));
  save (f, GTK_WINDOW (editor));

  history = load (f);
  g_assert_cmpuint (fol_history_get_n_visits (history), ==, 1);
  f->visit_id = g_strdup (fol_visit_get_id (fol_history_get_visit (history, 0)));
  g_assert_cmpstr (fol_visit_get_kind (fol_history_get_visit (history, 0)), ==, "baseline");
  g_assert_cmpuint (fol_visit_get_date (fol_history_get_visit (history, 0)), ==, fol_date_new (2026, 1, 10));

  m = fol_history_get_measurement (history, 0, FOL_REGION_FRONTAL);
  g_assert_nonnull (m);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_total_density (m), 150.0, 1e-9);
  m = fol_history_get_measurement (history, 0, FOL_REGION_VERTEX);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_vellus_density (m), 20.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_anagen (m), 82.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_terminal_threshold (m), 40.0, 1e-9);
  m = fol_history_get_measurement (history, 0, FOL_REGION_OCCIPITAL);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_total_density (m), 200.0, 1e-9);
  /* Regions offered but left blank are not stored as zeros. */
  g_assert_null (fol_history_get_measurement (history, 0, FOL_REGION_MIDSCALP));

  /* The page reloaded from the store's signal, and said so. */
  g_assert_cmpuint (f->history_notified, >, 0);
  g_assert_cmpuint (n_rows (fol_patient_page_get_visit_list (f->t.window->patient_page)), ==, 1);
  g_assert_cmpuint (n_rows (fol_patient_page_get_region_list (f->t.window->patient_page)), ==, 3);
}

static void
log_session (Fixture *f)
{
  FolSessionEditor *editor;
  g_autoptr(FolHistory) history = NULL;
  FolTreatmentSession *session;
  FolSeverity severity;

  editor = FOL_SESSION_EDITOR (open_editor (f, "win.new-session", NULL));
  /* The first entry is "Not chosen". */
  adw_combo_row_set_selected (_fol_session_editor_get_type_row (editor),
                              1 + fol_catalog_index (FOL_CATALOG_TREATMENT_TYPE, "prp"));
  set_text (_fol_session_editor_get_product (editor), "Autologous PRP");
  set_text (_fol_session_editor_get_lot (editor), "L-2291");
  set_text (_fol_session_editor_get_volume (editor), "4.5");
  fol_scalp_map_set_selected_regions (_fol_session_editor_get_map (editor),
                                      FOL_REGION_BIT (FOL_REGION_FRONTAL) |
                                      FOL_REGION_BIT (FOL_REGION_VERTEX));
  /* An event without a description is flagged until it has one. */
  g_assert_cmpuint (_fol_session_editor_add_adverse_event (editor, "", FOL_SEVERITY_MILD), ==, 1);
  g_assert_false (_fol_session_editor_can_save (editor));
  {
    FolSessionEditor *e = editor;
    gtk_widget_activate_action (GTK_WIDGET (e), "editor.save", NULL);
    fol_test_iterate ();
    g_assert_true (f->t.window->editor == GTK_WINDOW (e));
  }
  gtk_window_destroy (GTK_WINDOW (editor));
  fol_test_iterate ();
  g_assert_null (f->t.window->editor);

  editor = FOL_SESSION_EDITOR (open_editor (f, "win.new-session", NULL));
  /* The first entry is "Not chosen". */
  adw_combo_row_set_selected (_fol_session_editor_get_type_row (editor),
                              1 + fol_catalog_index (FOL_CATALOG_TREATMENT_TYPE, "prp"));
  set_text (_fol_session_editor_get_product (editor), "Autologous PRP");
  set_text (_fol_session_editor_get_lot (editor), "L-2291");
  set_text (_fol_session_editor_get_volume (editor), "4.5");
  fol_scalp_map_set_selected_regions (_fol_session_editor_get_map (editor),
                                      FOL_REGION_BIT (FOL_REGION_FRONTAL) |
                                      FOL_REGION_BIT (FOL_REGION_VERTEX));
  _fol_session_editor_add_adverse_event (editor, "Erythema at injection sites", FOL_SEVERITY_MODERATE);
  g_assert_true (_fol_session_editor_can_save (editor));
  save (f, GTK_WINDOW (editor));

  history = load (f);
  g_assert_cmpuint (fol_history_get_n_sessions (history), ==, 1);
  session = fol_history_get_session (history, 0);
  f->session_id = g_strdup (fol_treatment_session_get_id (session));
  g_assert_cmpstr (fol_treatment_session_get_treatment_type (session), ==, "prp");
  g_assert_cmpstr (fol_treatment_session_get_lot_number (session), ==, "L-2291");
  g_assert_cmpfloat_with_epsilon (fol_treatment_session_get_volume_ml (session), 4.5, 1e-9);
  g_assert_cmpuint (fol_treatment_session_get_regions (session), ==,
                    FOL_REGION_BIT (FOL_REGION_FRONTAL) | FOL_REGION_BIT (FOL_REGION_VERTEX));
  g_assert_cmpuint (fol_treatment_session_get_n_adverse_events (session), ==, 1);
  g_assert_cmpstr (fol_treatment_session_get_adverse_event (session, 0, &severity), ==,
                   "Erythema at injection sites");
  g_assert_cmpint (severity, ==, FOL_SEVERITY_MODERATE);
  g_assert_cmpuint (n_rows (fol_patient_page_get_session_list (f->t.window->patient_page)), ==, 1);
}

static void
edit_visit (Fixture *f)
{
  FolVisitEditor *editor;
  g_autoptr(FolHistory) history = NULL;

  editor = FOL_VISIT_EDITOR (open_editor (f, "win.edit-visit", g_variant_new_string (f->visit_id)));
  g_assert_cmpstr (gtk_editable_get_text (_fol_visit_editor_get_date (editor)), ==, "2026-01-10");
  g_assert_cmpstr (gtk_editable_get_text (_fol_visit_editor_get_cell (editor, FOL_REGION_FRONTAL, "hair-count")), ==, "150");
  /* The stored density came from count and area: edit the count, and the density with it. */
  set_text (_fol_visit_editor_get_cell (editor, FOL_REGION_FRONTAL, "hair-count"), "165");
  set_text (_fol_visit_editor_get_cell (editor, FOL_REGION_FRONTAL, "total-density"), "");
  g_assert_true (_fol_visit_editor_can_save (editor));
  save (f, GTK_WINDOW (editor));

  history = load (f);
  g_assert_cmpuint (fol_history_get_n_visits (history), ==, 1);
  g_assert_cmpstr (fol_visit_get_id (fol_history_get_visit (history, 0)), ==, f->visit_id);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_total_density (fol_history_get_measurement (history, 0, FOL_REGION_FRONTAL)),
                                  165.0, 1e-9);
  g_assert_nonnull (fol_history_get_measurement (history, 0, FOL_REGION_OCCIPITAL));
}

static void
invalid_values (Fixture *f)
{
  FolVisitEditor *editor;
  g_autoptr(FolHistory) history = NULL;
  GtkEditable *vellus, *anagen;

  editor = FOL_VISIT_EDITOR (open_editor (f, "win.new-visit", NULL));
  set_text (_fol_visit_editor_get_cell (editor, FOL_REGION_VERTEX, "total-density"), "120");
  vellus = _fol_visit_editor_get_cell (editor, FOL_REGION_VERTEX, "vellus-density");
  set_text (vellus, "150");
  g_assert_false (_fol_visit_editor_can_save (editor));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (vellus), "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_fol_visit_editor_get_message (editor, FOL_REGION_VERTEX))));
  g_assert_cmpstr (gtk_label_get_text (_fol_visit_editor_get_message (editor, FOL_REGION_VERTEX)), !=, "");

  set_text (vellus, "20");
  set_text (_fol_visit_editor_get_cell (editor, FOL_REGION_VERTEX, "terminal-density"), "100");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (vellus), "error"));
  g_assert_true (_fol_visit_editor_can_save (editor));

  anagen = _fol_visit_editor_get_cell (editor, FOL_REGION_FRONTAL, "anagen");
  set_text (anagen, "150");
  g_assert_false (_fol_visit_editor_can_save (editor));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (anagen), "error"));

  /* Save refuses; the editor stays open and nothing is written. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  fol_test_iterate ();
  g_assert_true (f->t.window->editor == GTK_WINDOW (editor));
  history = load (f);
  g_assert_cmpuint (fol_history_get_n_visits (history), ==, 1);

  /* Regions beyond the default ones are added from the menu. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-region", "s", "temporal_left");
  set_text (_fol_visit_editor_get_cell (editor, FOL_REGION_TEMPORAL_LEFT, "anagen"), "101");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (_fol_visit_editor_get_cell (editor, FOL_REGION_TEMPORAL_LEFT, "anagen")), "error"));
  set_text (_fol_visit_editor_get_cell (editor, FOL_REGION_TEMPORAL_LEFT, "anagen"), "");

  /* The SALT score follows the four areas as they are typed. */
  set_text (_fol_visit_editor_get_salt (editor, 0), "50");
  set_text (_fol_visit_editor_get_salt (editor, 1), "25");
  set_text (_fol_visit_editor_get_salt (editor, 2), "0");
  g_assert_cmpstr (gtk_label_get_text (_fol_visit_editor_get_salt_score (editor)), ==, "—");
  set_text (_fol_visit_editor_get_salt (editor, 3), "0");
  g_assert_cmpstr (gtk_label_get_text (_fol_visit_editor_get_salt_score (editor)), ==, "26.0");

  /* Escape asks before throwing the typing away. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "window.close", NULL));
  fol_test_iterate ();
  g_assert_true (f->t.window->editor == GTK_WINDOW (editor));
  {
    g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());
    AdwMessageDialog *question = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (w) && gtk_window_get_transient_for (w) == GTK_WINDOW (editor))
          question = ADW_MESSAGE_DIALOG (w);
      }
    g_assert_nonnull (question);
    adw_message_dialog_response (question, "discard");
    gtk_window_destroy (GTK_WINDOW (question));
  }
  fol_test_iterate ();
  g_assert_null (f->t.window->editor);
  g_clear_object (&history);
  history = load (f);
  g_assert_cmpuint (fol_history_get_n_visits (history), ==, 1);
}

static void
store_error (Fixture *f)
{
  FolVisitEditor *editor;
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) other = fol_patient_new ();
  FolStore *store = f->t.window->store;
  GtkRevealer *revealer;

  /* A second patient, deleted behind an open editor's back: its Save fails
   * in the store, and the dialog says so and keeps what was typed.
   */
  fol_patient_set_name (other, "Temporary Patient");
  g_assert_true (fol_store_save_patient (store, other, &error));
  g_assert_no_error (error);
  fol_window_show_patient (f->t.window, fol_patient_get_id (other));
  editor = FOL_VISIT_EDITOR (open_editor (f, "win.new-visit", NULL));
  set_text (_fol_visit_editor_get_cell (editor, FOL_REGION_FRONTAL, "total-density"), "140");
  g_assert_true (fol_store_delete_patient (store, fol_patient_get_id (other), &error));
  g_assert_no_error (error);
  fol_test_iterate ();

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  fol_test_iterate ();
  g_assert_true (f->t.window->editor == GTK_WINDOW (editor));
  revealer = _fol_visit_editor_get_error (editor);
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  g_assert_cmpstr (gtk_editable_get_text (_fol_visit_editor_get_cell (editor, FOL_REGION_FRONTAL, "total-density")), ==, "140");

  gtk_window_destroy (GTK_WINDOW (editor));
  fol_test_iterate ();
  fol_window_show_patient (f->t.window, f->patient_id);
  fol_test_iterate ();
}

static void
delete_and_undo (Fixture *f)
{
  FolWindow *window = f->t.window;
  GtkListBox *visits = fol_patient_page_get_visit_list (window->patient_page);
  g_autoptr(FolHistory) kept = NULL;
  g_autoptr(FolHistory) gone = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-visit", "s", f->visit_id);
  fol_test_iterate ();
  /* Hidden at once, still in the database. */
  g_assert_cmpuint (n_rows (visits), ==, 0);
  g_assert_nonnull (window->pending);
  kept = load (f);
  g_assert_cmpuint (fol_history_get_n_visits (kept), ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  fol_test_wait (FOL_TOAST_SETTLE_MS + 200);
  g_assert_null (window->pending);
  g_assert_cmpuint (n_rows (visits), ==, 1);
  g_clear_object (&kept);
  kept = load (f);
  g_assert_cmpuint (fol_history_get_n_visits (kept), ==, 1);

  /* Delete again, and let the toast go. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-visit", "s", f->visit_id);
  fol_test_wait (FOL_TOAST_SETTLE_MS + 200);
  g_assert_nonnull (window->pending);
  adw_toast_dismiss (window->pending->toast);
  fol_test_iterate ();
  g_assert_null (window->pending);
  gone = load (f);
  g_assert_cmpuint (fol_history_get_n_visits (gone), ==, 0);
  g_assert_cmpuint (n_rows (visits), ==, 0);

  /* A deletion still waiting when the window closes is committed. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-session", "s", f->session_id);
  fol_test_iterate ();
  g_assert_nonnull (window->pending);
  g_assert_cmpuint (n_rows (fol_patient_page_get_session_list (window->patient_page)), ==, 0);
}

static void
workspace_body (gpointer data)
{
  Fixture *f = data;

  create_patient (f);
  log_visit (f);
  log_session (f);
  edit_visit (f);
  invalid_values (f);
  store_error (f);
  delete_and_undo (f);
}

static void
test_workspace (void)
{
  Fixture f = { { 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = NULL;
  g_autoptr(FolHistory) history = NULL;
  g_autofree char *dir = NULL;

  fol_date_set_today (fol_date_new (2026, 6, 1));

  /* Keep the database for the last check: the fixture removes it. */
  f.t.body = NULL;
  {
    char *argv[] = { (char *) "test", NULL };

    f.t.dir = g_dir_make_tmp ("follicle-workspace-XXXXXX", &error);
    g_assert_no_error (error);
    f.t.path = g_build_filename (f.t.dir, "clinic.db", NULL);
    f.t.body = workspace_body;
    f.t.app = fol_application_new (f.t.path, FALSE);
    g_application_set_flags (G_APPLICATION (f.t.app), G_APPLICATION_NON_UNIQUE);
    g_signal_connect_after (f.t.app, "activate", G_CALLBACK (fol_test_activate_after_cb), &f.t);
    g_assert_cmpint (g_application_run (G_APPLICATION (f.t.app), 1, argv), ==, 0);
    g_assert_finalize_object (f.t.app);
  }

  store = fol_sqlite_store_open (f.t.path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  history = fol_store_load_history (FOL_STORE (store), f.patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_history_get_n_sessions (history), ==, 0);
  g_clear_object (&history);
  g_clear_object (&store);

  {
    g_autofree char *wal = g_strconcat (f.t.path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (f.t.path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_unlink (f.t.path);
  g_remove (f.t.dir);
  g_free (f.t.path);
  g_free (f.t.dir);
  g_free (f.patient_id);
  g_free (f.visit_id);
  g_free (f.session_id);
  (void) dir;
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/workspace/create-log-edit-delete", test_workspace);

  return g_test_run ();
}
