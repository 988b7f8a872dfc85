/* test-a11y.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "fol-application.h"
#include "fol-chart-view.h"
#include "fol-scalp-map.h"
#include "fol-test-a11y.h"
#include "fol-window.h"

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
test_window_named (void)
{
  g_autoptr(FolApplication) app = fol_application_new (NULL, FALSE);
  FolWindow *window;

  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = fol_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  fol_test_assert_all_named (GTK_WIDGET (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/a11y/checker", test_checker_finds_unnamed);
  g_test_add_func ("/a11y/custom-widgets", test_custom_widgets_named);
  g_test_add_func ("/a11y/window", test_window_named);

  return g_test_run ();
}
