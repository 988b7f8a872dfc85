/* empty-window.c
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

/* The floor for start-up: the plainest libadwaita window, an
 * AdwApplicationWindow holding only an AdwHeaderBar at 1000×700, to its
 * first frame (with FOLLICLE_BENCH_FIRST_FRAME set, as follicle is
 * measured).
 */

#include "config.h"

#include <adwaita.h>

#include "fol-bench-hook.h"

static void
activate_cb (GtkApplication *app,
             gpointer        data)
{
  GtkWidget *window = adw_application_window_new (app);

  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), adw_header_bar_new ());
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  fol_bench_hook_watch_window (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("org.follicle.EmptyWindow",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
