/* bench-view.c
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

/* The chart widget's frames, timed in-process in a real window (run under
 * Xvfb with GSK_RENDERER=cairo), printed as
 * "name<TAB>median_ms<TAB>worst_ms<TAB>n":
 *
 *   view-frame-hover-WxH       a frame while the pointer moves: the view's
 *                              snapshot, drawn as the cairo renderer does
 *   view-frame-new-data-WxH    the same after new data on the same axes:
 *                              the series drawn again over the kept backdrop
 *   view-frame-new-axes-WxH    the same after data whose axes changed: the
 *                              whole chart drawn again
 *
 * It runs with the C library's allocator settings `follicle` gives the
 * window program (FOL_MALLOC_TUNABLES), starting itself again with them
 * unless GLIBC_TUNABLES is set: they decide whether a frame's large blocks
 * are mapped afresh.
 *
 * No database: the data are in memory, as they are when the view draws.
 * With FOLLICLE_BENCH_CPU=1 the figures are the process's CPU time instead
 * of the wall clock: steadier when other work shares the machine.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <adwaita.h>

#include "bench-common.h"
#include "fol-chart-view-private.h"

static double
now_ms (void)
{
  if (g_getenv ("FOLLICLE_BENCH_CPU"))
    {
      struct timespec ts;

      clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
      return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
    }
  return g_get_monotonic_time () / 1000.0;
}

/* One frame of the view: its snapshot, then the nodes drawn onto the
 * window-sized surface the way GskCairoRenderer draws them.
 */
static double
frame (GtkWidget       *view,
       cairo_surface_t *target)
{
  double start = now_ms ();
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  cairo_t *cr;

  GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  cr = cairo_create (target);
  if (node != NULL)
    gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (target);
  g_clear_pointer (&node, gsk_render_node_unref);
  return now_ms () - start;
}

static void
run (GtkWidget *view,
     int        width,
     int        height)
{
  g_autoptr(GArray) hover = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) axes = g_array_new (FALSE, FALSE, sizeof (double));
  cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  char name[64];

  for (int i = 0; i < 45; i++)
    {
      g_autoptr(FolChartData) data = bench_synthetic_chart (8, 200);
      double t;

      fol_chart_view_set_data (FOL_CHART_VIEW (view), data);
      t = frame (view, target);
      if (i >= 5)
        g_array_append_val (fresh, t);

      /* The pointer moves over a point: the overlay changes, not the chart. */
      gtk_widget_queue_draw (view);
      t = frame (view, target);
      if (i >= 5)
        g_array_append_val (hover, t);
    }

  for (int i = 0; i < 45; i++)
    {
      /* One more visit each time: the time axis changes. */
      g_autoptr(FolChartData) data = bench_synthetic_chart (8, 200 + i % 2);
      double t;

      fol_chart_view_set_data (FOL_CHART_VIEW (view), data);
      t = frame (view, target);
      if (i >= 5)
        g_array_append_val (axes, t);
    }
  cairo_surface_destroy (target);

  g_snprintf (name, sizeof name, "view-frame-hover-%dx%d", width, height);
  bench_report (name, hover);
  g_snprintf (name, sizeof name, "view-frame-new-data-%dx%d", width, height);
  bench_report (name, fresh);
  g_snprintf (name, sizeof name, "view-frame-new-axes-%dx%d", width, height);
  bench_report (name, axes);
}

int
main (int   argc,
      char *argv[])
{
  const int sizes[][2] = { { 1600, 1000 }, { 900, 500 } };

  if (getenv ("GLIBC_TUNABLES") == NULL)
    {
      char tunables[sizeof FOL_MALLOC_TUNABLES + 24];

      snprintf (tunables, sizeof tunables, "%s%ld", FOL_MALLOC_TUNABLES,
                MAX (sysconf (_SC_NPROCESSORS_ONLN), 1) + 2);
      setenv ("GLIBC_TUNABLES", tunables, 1);
      execv ("/proc/self/exe", argv);
      g_printerr ("bench-view: could not start again: %s\n", g_strerror (errno));
      return 1;
    }

  gtk_init ();
  adw_init ();

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      GtkWidget *window = gtk_window_new ();
      GtkWidget *view = fol_chart_view_new ();
      gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

      gtk_window_set_child (GTK_WINDOW (window), view);
      gtk_window_set_default_size (GTK_WINDOW (window), sizes[i][0], sizes[i][1]);
      gtk_window_present (GTK_WINDOW (window));
      while ((gtk_widget_get_width (view) != sizes[i][0] || gtk_widget_get_height (view) != sizes[i][1]) &&
             g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      if (gtk_widget_get_width (view) <= 0)
        {
          g_printerr ("bench-view: the window was not shown\n");
          return 1;
        }
      run (view, gtk_widget_get_width (view), gtk_widget_get_height (view));
      gtk_window_destroy (GTK_WINDOW (window));
    }
  return 0;
}
