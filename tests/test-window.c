/* test-window.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fol-application.h"
#include "fol-window.h"

static void
test_window_opens (void)
{
  g_autoptr(FolApplication) app = fol_application_new (NULL, FALSE);
  FolWindow *window;

  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = fol_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Follicle");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/opens", test_window_opens);

  return g_test_run ();
}
