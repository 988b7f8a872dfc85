/* test-plan-ui.c
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

/* The Plan group of the patient page: each step of the patient's plan
 * with its planned date and state, the Assign Protocol dialog with every
 * control named, and a start date that is not one refused with nothing
 * written.
 */

#include "config.h"

#include "fol-due-window.h"
#include "fol-patient-page.h"
#include "fol-plan-group.h"
#include "fol-test-a11y.h"
#include "fol-test-app.h"

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
n_assignments (FolStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = fol_store_list_assignments (store, NULL, &error);

  g_assert_no_error (error);
  return all->len;
}

static void
plan_body (gpointer data)
{
  FolTestApp *t = data;
  FolStore *store = t->window->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) patient = fol_patient_new ();
  g_autoptr(FolProtocol) protocol = fol_protocol_new ();
  g_autoptr(FolProtocolAssignment) a = fol_protocol_assignment_new ();
  g_autoptr(FolTreatmentSession) session = fol_treatment_session_new ();
  FolDate today = fol_date_today ();
  FolDate start = fol_date_add_days (today, -28);
  GtkWidget *window = gtk_window_new ();
  FolPlanGroup *group;
  GtkListBox *list;
  const char *states[] = { "done", "due", "upcoming" };
  guint before;

  /* The patient page holds one once it is built, on first use: a patient
   * shown, or any of its parts asked for. */
  g_assert_null (find_type (GTK_WIDGET (t->window), FOL_TYPE_PLAN_GROUP));
  fol_patient_page_get_session_list (t->window->patient_page);
  g_assert_nonnull (find_type (GTK_WIDGET (t->window), FOL_TYPE_PLAN_GROUP));

  fol_patient_set_name (patient, "Plan Patient");
  g_assert_true (fol_store_save_patient (store, patient, &error));
  g_assert_no_error (error);
  fol_protocol_set_name (protocol, "AAA PRP ×2");
  fol_protocol_add_session (protocol, 0, 0, "prp", NULL, NULL, 4, 0);
  fol_protocol_add_session (protocol, 0, 28, "prp", NULL, NULL, 4, 0);
  fol_protocol_add_visit (protocol, 3, 0);
  g_assert_true (fol_store_save_protocol (store, protocol, &error));
  g_assert_no_error (error);
  fol_protocol_assignment_set_patient_id (a, fol_patient_get_id (patient));
  fol_protocol_assignment_set_protocol_id (a, fol_protocol_get_id (protocol));
  fol_protocol_assignment_set_start_date (a, start);
  g_assert_true (fol_store_save_assignment (store, a, &error));
  g_assert_no_error (error);
  fol_treatment_session_set_patient_id (session, fol_patient_get_id (patient));
  fol_treatment_session_set_date (session, start);
  fol_treatment_session_set_treatment_type (session, "prp");
  g_assert_true (fol_store_save_session (store, session, &error));
  g_assert_no_error (error);

  group = FOL_PLAN_GROUP (fol_plan_group_new (store));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (group));
  gtk_window_present (GTK_WINDOW (window));
  fol_plan_group_set_patient_id (group, fol_patient_get_id (patient));
  fol_test_iterate ();

  /* Done, due today, and the 3-month visit upcoming, each with its date. */
  list = _fol_plan_group_get_list (group);
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);
      g_autofree char *planned = NULL;

      g_assert_nonnull (row);
      g_assert_cmpstr (g_object_get_data (G_OBJECT (row), "fol-plan-state"), ==, states[i]);
      planned = fol_date_format (i == 0 ? start : i == 1 ? today : fol_date_add_months (start, 3));
      g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), planned));
      /* The state is said once, beside the row, not again under it. */
      if (i > 0)
        {
          g_autofree char *expected = g_strdup_printf ("Planned %s", planned);

          g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, expected);
        }
    }
  g_assert_null (gtk_list_box_get_row_at_index (list, 3));
  fol_test_assert_all_named (window);

  /* The dialog: every control named; cancelled, nothing written. */
  before = n_assignments (store);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (group), "plan.assign", NULL));
  fol_test_iterate ();
  {
    GtkWidget *dialog = NULL;
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

    for (GList *l = toplevels; l != NULL; l = l->next)
      if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
        dialog = l->data;
    g_assert_nonnull (dialog);
    fol_test_assert_all_named (dialog);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
    gtk_window_destroy (GTK_WINDOW (dialog));
    fol_test_iterate ();
  }
  g_assert_cmpuint (n_assignments (store), ==, before);

  /* A start date that is not one: refused, naming the field. */
  g_assert_false (_fol_plan_group_assign (group, 0, "2025-02-30", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Start date"));
  g_clear_error (&error);
  g_assert_cmpuint (n_assignments (store), ==, before);

  /* Assigned: the plan shows the new steps. */
  g_assert_true (_fol_plan_group_assign (group, 0, "2024-02-29", &error));
  g_assert_no_error (error);
  fol_test_iterate ();
  g_assert_cmpuint (n_assignments (store), ==, before + 1);
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 3));
  /* Each protocol the patient follows has its line of adherence. */
  {
    g_auto(GStrv) lines = g_strsplit (_fol_plan_group_get_summary (group), "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 2);
    for (guint i = 0; i < 2; i++)
      g_assert_true (g_str_has_prefix (lines[i], "AAA PRP ×2: "));
  }

  /* The Due window (Ctrl+Shift+L): the second session, due today (the
   * plan assigned above from 2024 is all overdue). */
  {
    FolDueWindow *due = NULL;
    GtkListBox *due_list;
    guint n_rows = 0;
    gboolean found = FALSE;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (t->window), "win.due", NULL));
    fol_test_iterate ();
    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (t->app)); l; l = l->next)
      if (FOL_IS_DUE_WINDOW (l->data))
        due = l->data;
    g_assert_nonnull (due);
    due_list = fol_due_window_get_list (due);
    for (GtkListBoxRow *row; (row = gtk_list_box_get_row_at_index (due_list, n_rows)); n_rows++)
      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                     "Plan Patient") == 0 &&
          g_strcmp0 (g_object_get_data (G_OBJECT (row), "fol-plan-state"), "due") == 0)
        {
          g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                    "AAA PRP ×2"));
          /* Picked, it shows that patient in the main window. */
          g_assert_true (gtk_list_box_row_get_activatable (row));
          g_signal_emit_by_name (due_list, "row-activated", row);
          fol_test_iterate ();
          g_assert_cmpstr (fol_patient_page_get_patient_id (t->window->patient_page), ==,
                           fol_patient_get_id (patient));
          found = TRUE;
        }
    g_assert_true (found);
    fol_test_assert_all_named (GTK_WIDGET (due));
    /* Asked for again, the same window comes forward. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (t->window), "win.due", NULL));
    fol_test_iterate ();
    g_assert_cmpuint (fol_test_count_windows (GTK_APPLICATION (t->app), FOL_TYPE_DUE_WINDOW), ==, 1);
    gtk_window_destroy (GTK_WINDOW (due));
    fol_test_iterate ();
  }

  gtk_window_destroy (GTK_WINDOW (window));
  fol_test_iterate ();
}

static void
test_plan (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, plan_body);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/plan-ui/plan", test_plan);

  return g_test_run ();
}
