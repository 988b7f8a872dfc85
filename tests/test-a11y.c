/* test-a11y.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include <adwaita.h>

#include "fol-chart-view.h"
#include "fol-form.h"
#include "fol-photo-counter.h"
#include "fol-photo-import-dialog.h"
#include "fol-review-window.h"
#include "fol-scalp-map.h"
#include "fol-test-a11y.h"
#include "fol-test-app.h"

static void
test_checker_finds_unnamed (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *icon_only = gtk_button_new_from_icon_name ("list-add-symbolic");
  GtkWidget *labelled = gtk_button_new_with_label ("Add");
  GtkWidget *entry = gtk_entry_new ();
  g_autoptr(GPtrArray) unnamed = NULL;

  g_object_ref_sink (box);
  gtk_box_append (GTK_BOX (box), icon_only);
  gtk_box_append (GTK_BOX (box), labelled);
  gtk_box_append (GTK_BOX (box), entry);

  unnamed = fol_test_find_unnamed_widgets (box);
  g_assert_cmpuint (unnamed->len, ==, 2);
  g_assert_true (g_ptr_array_find (unnamed, icon_only, NULL));
  g_assert_true (g_ptr_array_find (unnamed, entry, NULL));
  g_clear_pointer (&unnamed, g_ptr_array_unref);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon_only),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "Add patient", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "Name", -1);
  unnamed = fol_test_find_unnamed_widgets (box);
  g_assert_cmpuint (unnamed->len, ==, 0);

  g_object_unref (box);
}

/* A dropdown named in its .ui still has an unnamed toggle inside, which a
 * screen reader announces as "GtkToggleButton"; named through
 * fol_form_name_drop_down(), both carry the name, and the toggle says
 * what is chosen. */
static void
test_checker_finds_unnamed_dropdown (void)
{
  const char *items[] = { "Total density", "Terminal density", NULL };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *dropdown = gtk_drop_down_new_from_strings (items);
  GtkWidget *toggle = gtk_widget_get_first_child (dropdown);
  g_autoptr(GPtrArray) unnamed = NULL;

  g_object_ref_sink (box);
  gtk_box_append (GTK_BOX (box), dropdown);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "Measurement", -1);
  g_assert_true (GTK_IS_TOGGLE_BUTTON (toggle));

  unnamed = fol_test_find_unnamed_widgets (box);
  g_assert_cmpuint (unnamed->len, ==, 1);
  g_assert_true (g_ptr_array_index (unnamed, 0) == toggle);
  g_clear_pointer (&unnamed, g_ptr_array_unref);

  fol_form_name_drop_down (GTK_DROP_DOWN (dropdown), "Measurement");
  unnamed = fol_test_find_unnamed_widgets (box);
  g_assert_cmpuint (unnamed->len, ==, 0);
  gtk_test_accessible_assert_property (toggle, GTK_ACCESSIBLE_PROPERTY_LABEL, "Measurement");
  gtk_test_accessible_assert_property (dropdown, GTK_ACCESSIBLE_PROPERTY_LABEL, "Measurement");
  gtk_test_accessible_assert_property (toggle, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Total density");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);
  gtk_test_accessible_assert_property (toggle, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Terminal density");

  g_object_unref (box);
}

static void
test_custom_widgets_named (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fol_scalp_map_new ()));
  gtk_box_append (GTK_BOX (box), fol_chart_view_new ());
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));

  fol_test_assert_all_named (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
check_empty_clinic (gpointer data)
{
  FolTestApp *t = data;

  fol_test_assert_all_named (GTK_WIDGET (t->window));
}

static void
test_empty_clinic (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, FALSE, check_empty_clinic);
}

static void
check_dialog (FolTestApp *t,
              const char *action)
{
  g_test_message ("dialog of %s", action);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (t->window), action, NULL));
  fol_test_iterate ();
  g_assert_nonnull (t->window->editor);
  fol_test_assert_all_named (GTK_WIDGET (t->window->editor));
  gtk_window_destroy (t->window->editor);
  fol_test_iterate ();
}

static guint
count_dropdowns (GtkWidget *widget)
{
  guint n = GTK_IS_DROP_DOWN (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    n += count_dropdowns (child);
  return n;
}

static void
check_window (GtkWidget *window)
{
  gtk_window_present (GTK_WINDOW (window));
  fol_test_iterate ();
  g_assert_cmpuint (count_dropdowns (window), >=, 1);
  fol_test_assert_all_named (window);
  gtk_window_destroy (GTK_WINDOW (window));
  fol_test_iterate ();
}

/* Every page of a patient and every editor, as a screen reader finds them. */
static void
check_every_page (gpointer data)
{
  FolTestApp *t = data;
  g_autoptr(GListModel) patients = NULL;
  g_autoptr(FolPatient) first = NULL;
  FolPatientPage *page;
  AdwViewStack *stack;
  g_autoptr(GtkSelectionModel) pages = NULL;

  patients = fol_store_list_patients (t->window->store, NULL, NULL);
  first = g_list_model_get_item (patients, 0);
  fol_window_show_patient (t->window, fol_patient_get_id (first));
  fol_test_iterate ();

  page = fol_window_get_patient_page (t->window);
  stack = fol_patient_page_get_view_stack (page);
  pages = adw_view_stack_get_pages (stack);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pages)), >=, 4);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(AdwViewStackPage) p = g_list_model_get_item (G_LIST_MODEL (pages), i);

      g_test_message ("page %s", adw_view_stack_page_get_name (p));
      adw_view_stack_set_visible_child (stack, adw_view_stack_page_get_child (p));
      fol_test_iterate ();
      fol_test_assert_all_named (GTK_WIDGET (t->window));
    }

  /* Every dropdown on the pages was seen, toggle included. */
  g_assert_cmpuint (count_dropdowns (GTK_WIDGET (t->window)), >=, 1);

  check_dialog (t, "win.new-patient");
  check_dialog (t, "win.new-visit");
  check_dialog (t, "win.new-session");
  check_dialog (t, "win.edit");

  /* Preferences, with the backups page. */
  g_action_group_activate_action (G_ACTION_GROUP (t->app), "preferences", NULL);
  fol_test_iterate ();
  {
    GtkWindow *prefs = gtk_application_get_active_window (GTK_APPLICATION (t->app));

    g_assert_true (ADW_IS_PREFERENCES_WINDOW (prefs));
    fol_test_assert_all_named (GTK_WIDGET (prefs));
    gtk_window_destroy (prefs);
    fol_test_iterate ();
  }

  /* The photo import dialog, with its visit and region dropdowns. */
  {
    FolHistory *history = fol_patient_page_get_history (page);
    g_autoptr(GPtrArray) visits = g_ptr_array_new ();
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 32, 24);
    g_autofree char *dir = g_dir_make_tmp ("follicle-a11y-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "scalp.png", NULL);

    for (guint i = 0; i < fol_history_get_n_visits (history); i++)
      g_ptr_array_add (visits, fol_history_get_visit (history, i));
    gdk_pixbuf_fill (pixbuf, 0x806040ff);
    g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", NULL, NULL));
    g_ptr_array_add (files, g_file_new_for_path (path));
    g_test_message ("photo import dialog");
    check_window (fol_photo_import_dialog_new (GTK_WINDOW (t->window), visits,
                                               FOL_REGION_VERTEX, files));
    g_unlink (path);
    g_rmdir (dir);
  }

  /* The hair counter, with its shape dropdown. */
  {
    GtkWidget *window = gtk_window_new ();

    g_test_message ("hair counter");
    gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (fol_photo_counter_new (t->window->store)));
    check_window (window);
  }

  /* Review with the patient, with its measurement dropdown. */
  g_test_message ("review");
  check_window (fol_review_window_new (GTK_APPLICATION (t->app), t->window->store,
                                       fol_patient_get_id (first), FALSE));
}

static void
test_every_page (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, check_every_page);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/a11y/checker", test_checker_finds_unnamed);
  g_test_add_func ("/a11y/checker-dropdown", test_checker_finds_unnamed_dropdown);
  g_test_add_func ("/a11y/custom-widgets", test_custom_widgets_named);
  g_test_add_func ("/a11y/empty-clinic", test_empty_clinic);
  g_test_add_func ("/a11y/every-page", test_every_page);

  return g_test_run ();
}
