/* test-protocols-ui.c
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

/* The Treatment Protocols window, opened from the main menu: the clinic's
 * protocols listed; one added, edited and deleted in the editor, every
 * control named; bad input refused at the field with nothing written; a
 * protocol a patient follows is not deleted, and the window says why.
 */

#include "config.h"

#include <math.h>

#include "fol-protocol-editor.h"
#include "fol-protocols-window.h"
#include "fol-test-a11y.h"
#include "fol-test-app.h"

static GPtrArray *
list_protocols (FolStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *all = fol_store_list_protocols (store, &error);

  g_assert_no_error (error);
  return all;
}

static guint
n_protocols (FolStore *store)
{
  g_autoptr(GPtrArray) all = list_protocols (store);

  return all->len;
}

static FolProtocol *
find_protocol (FolStore   *store,
               const char *name)
{
  g_autoptr(GPtrArray) all = list_protocols (store);

  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (fol_protocol_get_name (all->pdata[i]), name) == 0)
      return g_object_ref (all->pdata[i]);
  return NULL;
}

static FolProtocolsWindow *
find_protocols_window (FolTestApp *t)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (t->app)); l; l = l->next)
    if (FOL_IS_PROTOCOLS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static guint
n_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static gboolean
list_has_title (GtkListBox *list,
                const char *title)
{
  for (guint i = 0; i < n_rows (list); i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

      if (ADW_IS_PREFERENCES_ROW (row) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_error_class (gpointer widget)
{
  return gtk_widget_has_css_class (GTK_WIDGET (widget), "error");
}

static void
protocols_body (gpointer data)
{
  FolTestApp *t = data;
  FolStore *store = t->window->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) patient = fol_patient_new ();
  g_autoptr(FolProtocolAssignment) a = fol_protocol_assignment_new ();
  g_autoptr(FolProtocol) saved = NULL;
  g_autoptr(GPtrArray) before = NULL;
  FolProtocolsWindow *window;
  FolProtocolEditor *editor;
  GtkListBox *list;
  const FolProtocolStep *step;
  guint n_before;

  /* From the main menu's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (t->window), "win.protocols", NULL));
  fol_test_iterate ();
  window = find_protocols_window (t);
  g_assert_nonnull (window);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Treatment Protocols");
  list = fol_protocols_window_get_list (window);
  before = list_protocols (store);
  n_before = before->len;
  g_assert_cmpuint (n_rows (list), ==, n_before);
  for (guint i = 0; i < before->len; i++)
    g_assert_true (list_has_title (list, fol_protocol_get_name (before->pdata[i])));
  fol_test_assert_all_named (GTK_WIDGET (window));

  /* Add: the editor opens empty, every control named. */
  editor = fol_protocols_window_edit (window, NULL);
  g_assert_nonnull (editor);
  fol_test_iterate ();
  fol_test_assert_all_named (GTK_WIDGET (editor));

  /* No name: refused at the name field, nothing written. */
  g_assert_false (fol_protocol_editor_save (editor));
  g_assert_true (has_error_class (fol_protocol_editor_get_name_row (editor)));
  g_assert_nonnull (strstr (fol_protocol_editor_get_message (editor), "name"));
  g_assert_cmpuint (n_protocols (store), ==, n_before);

  /* A session with no treatment type, and a volume that is not a number:
   * each refused at its field, nothing written. */
  gtk_editable_set_text (GTK_EDITABLE (fol_protocol_editor_get_name_row (editor)),
                         "Test PRP, 2 sessions");
  fol_protocol_editor_add_session (editor);
  fol_protocol_editor_add_session (editor);
  fol_test_iterate ();
  fol_test_assert_all_named (GTK_WIDGET (editor));
  g_assert_false (fol_protocol_editor_save (editor));
  g_assert_true (has_error_class (fol_protocol_editor_get_session_field (editor, 0, "type")));
  g_assert_nonnull (strstr (fol_protocol_editor_get_message (editor), "treatment"));
  g_assert_null (find_protocol (store, "Test PRP, 2 sessions"));

  for (guint i = 0; i < 2; i++)
    fol_protocol_editor_set_session (editor, i, "prp", "Arthrex ACP", "2 × 2 mL", "4",
                                     FOL_REGION_BIT (FOL_REGION_FRONTAL) |
                                     FOL_REGION_BIT (FOL_REGION_VERTEX), 0, 28 * i);
  gtk_editable_set_text (GTK_EDITABLE (fol_protocol_editor_get_session_field (editor, 1,
                                                                            "volume")),
                         "four");
  g_assert_false (fol_protocol_editor_save (editor));
  g_assert_true (has_error_class (fol_protocol_editor_get_session_field (editor, 1, "volume")));
  g_assert_nonnull (strstr (fol_protocol_editor_get_message (editor), "Volume"));
  g_assert_null (find_protocol (store, "Test PRP, 2 sessions"));
  gtk_editable_set_text (GTK_EDITABLE (fol_protocol_editor_get_session_field (editor, 1,
                                                                            "volume")),
                         "4,5");

  /* Follow-up visits at 3 and 12 months; saved, listed. */
  fol_protocol_editor_add_visit (editor, 3, 0);
  fol_protocol_editor_add_visit (editor, 12, 0);
  fol_test_iterate ();
  g_assert_true (fol_protocol_editor_save (editor));
  fol_test_iterate ();
  saved = find_protocol (store, "Test PRP, 2 sessions");
  g_assert_nonnull (saved);
  g_assert_cmpuint (fol_protocol_get_n_steps (saved), ==, 4);
  step = fol_protocol_get_step (saved, 1);
  g_assert_cmpint (step->kind, ==, FOL_PROTOCOL_STEP_SESSION);
  g_assert_cmpstr (step->treatment_type, ==, "prp");
  g_assert_cmpstr (step->product, ==, "Arthrex ACP");
  g_assert_cmpstr (step->dose, ==, "2 × 2 mL");
  g_assert_cmpfloat_with_epsilon (step->volume_ml, 4.5, 1e-9);
  g_assert_cmpuint (step->regions, ==,
                    FOL_REGION_BIT (FOL_REGION_FRONTAL) | FOL_REGION_BIT (FOL_REGION_VERTEX));
  g_assert_cmpint (step->days, ==, 28);
  step = fol_protocol_get_step (saved, 3);
  g_assert_cmpint (step->kind, ==, FOL_PROTOCOL_STEP_VISIT);
  g_assert_cmpint (step->months, ==, 12);
  g_assert_cmpuint (n_rows (list), ==, n_before + 1);
  g_assert_true (list_has_title (list, "Test PRP, 2 sessions"));

  /* Edit: the editor shows the stored steps; a second protocol's name is
   * refused at the name field, nothing written. */
  editor = fol_protocols_window_edit (window, fol_protocol_get_id (saved));
  g_assert_nonnull (editor);
  fol_test_iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fol_protocol_editor_get_name_row (editor))),
                   ==, "Test PRP, 2 sessions");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fol_protocol_editor_get_session_field (
                                            editor, 1, "product"))), ==, "Arthrex ACP");
  if (n_before > 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (fol_protocol_editor_get_name_row (editor)),
                             fol_protocol_get_name (before->pdata[0]));
      g_assert_false (fol_protocol_editor_save (editor));
      g_assert_true (has_error_class (fol_protocol_editor_get_name_row (editor)));
      g_assert_nonnull (find_protocol (store, "Test PRP, 2 sessions"));
    }
  gtk_editable_set_text (GTK_EDITABLE (fol_protocol_editor_get_name_row (editor)),
                         "Test PRP, 1 session");
  fol_protocol_editor_remove_session (editor, 1);
  g_assert_true (fol_protocol_editor_save (editor));
  fol_test_iterate ();
  g_assert_null (find_protocol (store, "Test PRP, 2 sessions"));
  g_clear_object (&saved);
  saved = find_protocol (store, "Test PRP, 1 session");
  g_assert_nonnull (saved);
  g_assert_cmpuint (fol_protocol_get_n_steps (saved), ==, 3);
  g_assert_cmpuint (n_protocols (store), ==, n_before + 1);
  g_assert_true (list_has_title (list, "Test PRP, 1 session"));

  /* Delete, while a patient follows it: refused, saying why; kept. */
  fol_patient_set_name (patient, "Protocol Patient");
  g_assert_true (fol_store_save_patient (store, patient, &error));
  g_assert_no_error (error);
  fol_protocol_assignment_set_patient_id (a, fol_patient_get_id (patient));
  fol_protocol_assignment_set_protocol_id (a, fol_protocol_get_id (saved));
  fol_protocol_assignment_set_start_date (a, fol_date_today ());
  g_assert_true (fol_store_save_assignment (store, a, &error));
  g_assert_no_error (error);
  g_assert_false (fol_protocols_window_delete (window, fol_protocol_get_id (saved)));
  fol_test_iterate ();
  g_assert_nonnull (strstr (fol_protocols_window_get_message (window),
                            "assigned to 1 patient"));
  g_assert_nonnull (find_protocol (store, "Test PRP, 1 session"));

  /* Once no patient follows it, deleted and gone from the list. */
  g_assert_true (fol_store_delete_assignment (store, fol_protocol_assignment_get_id (a), &error));
  g_assert_no_error (error);
  g_assert_true (fol_protocols_window_delete (window, fol_protocol_get_id (saved)));
  fol_test_iterate ();
  g_assert_null (find_protocol (store, "Test PRP, 1 session"));
  g_assert_cmpuint (n_rows (list), ==, n_before);

  gtk_window_destroy (GTK_WINDOW (window));
  fol_test_iterate ();
}

static void
test_protocols (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, protocols_body);
}

/* A protocol saved or deleted elsewhere while the window is open (another
 * window of the clinic, an import) shows in the list at once, and opening
 * the window again presents the same one.
 */
static void
follows_body (gpointer data)
{
  FolTestApp *t = data;
  FolStore *store = t->window->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(FolProtocol) protocol = fol_protocol_new ();
  FolProtocolsWindow *window;
  GtkListBox *list;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (t->window), "win.protocols", NULL));
  fol_test_iterate ();
  window = find_protocols_window (t);
  g_assert_nonnull (window);
  list = fol_protocols_window_get_list (window);
  g_assert_false (list_has_title (list, "Saved Elsewhere"));

  fol_protocol_set_name (protocol, "Saved Elsewhere");
  fol_protocol_add_session (protocol, 0, 0, "prp", NULL, NULL, NAN, 0);
  g_assert_true (fol_store_save_protocol (store, protocol, &error));
  g_assert_no_error (error);
  fol_test_iterate ();
  g_assert_true (list_has_title (list, "Saved Elsewhere"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (t->window), "win.protocols", NULL));
  fol_test_iterate ();
  g_assert_cmpuint (fol_test_count_windows (GTK_APPLICATION (t->app), FOL_TYPE_PROTOCOLS_WINDOW), ==, 1);

  g_assert_true (fol_store_delete_protocol (store, fol_protocol_get_id (protocol), &error));
  g_assert_no_error (error);
  fol_test_iterate ();
  g_assert_false (list_has_title (list, "Saved Elsewhere"));
}

static void
test_follows (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, follows_body);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/protocols-ui/protocols", test_protocols);
  g_test_add_func ("/protocols-ui/follows-the-clinic", test_follows);

  return g_test_run ();
}
