/* fol-bench-hook.c
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

#define G_LOG_DOMAIN "fol-bench-hook"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fol-bench-hook.h"

/* Start-up time as a user sees it ends at the first frame on screen. When
 * FOLLICLE_BENCH_FIRST_FRAME is set, the first window exits the process
 * right after its first frame is painted, so that timing the whole process
 * (build-aux/bench) times exactly that. Without the variable nothing is
 * connected and this costs nothing.
 */

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  /* Straight out: tearing down is not part of starting up. */
  fflush (stdout);
  _exit (0);
}

static void
realize_cb (GtkWidget *widget,
            gpointer   data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
}

void
fol_bench_hook_watch_window (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  if (g_getenv ("FOLLICLE_BENCH_FIRST_FRAME") == NULL)
    return;

  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    realize_cb (GTK_WIDGET (window), NULL);
  else
    g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);
}

static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *window,
                 gpointer        data)
{
  fol_bench_hook_watch_window (window);
}

void
fol_bench_hook_watch_application (GtkApplication *application)
{
  g_return_if_fail (GTK_IS_APPLICATION (application));

  if (g_getenv ("FOLLICLE_BENCH_FIRST_FRAME") == NULL)
    return;

  g_signal_connect (application, "window-added", G_CALLBACK (window_added_cb), NULL);
}
