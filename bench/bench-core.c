/* bench-core.c
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

/* In-process measurements of the core, printed one per line as
 * "name<TAB>median_ms<TAB>worst_ms<TAB>n" for build-aux/bench:
 *
 *   bench-core render [NAME [RUNS]]  fol_chart_render, no database (NAME: that
 *                                    figure alone, RUNS times, for a profiler)
 *   bench-core search DB             the incremental patient search per keystroke
 *   bench-core open DB ID [ID2]      load history + chart data + one render
 *   bench-core rss DB                VmRSS (kB) with the clinic's list open
 *   bench-core export DB ID OUT      where one chart export's time goes, in a
 *                                    fresh process: one line per phase (ms)
 *
 * With FOLLICLE_BENCH_CPU=1 the figures are the process's CPU time instead
 * of the wall clock: steadier when other work shares the machine.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "bench-common.h"
#include "fol-chart.h"
#include "fol-chart-export.h"
#include "fol-clinic.h"
#include "fol-image.h"
#include "fol-progress.h"
#include "fol-sqlite-store.h"
#include "fol-summary.h"

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

static const char *render_only;  /* bench-core render NAME: that figure alone */
static int render_runs = 50;

static void
time_render (const char   *name,
             FolChartData *data,
             int           width,
             int           height)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  FolChartStyle style;

  if (render_only != NULL && !g_str_equal (name, render_only))
    return;

  /* What FolChartView does when the chart changes: a fresh surface, the
   * whole chart drawn into it, then handed to GTK as a texture (no copy).
   */
  fol_chart_style_init_light (&style);
  for (int i = 0; i < render_runs + 5; i++)
    {
      double t = now_ms ();
      cairo_surface_t *surface = fol_image_surface_new (CAIRO_FORMAT_ARGB32, width, height);
      cairo_t *cr = cairo_create (surface);

      fol_chart_render (data, &style, cr, width, height);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      cairo_surface_destroy (surface);
      t = now_ms () - t;
      if (i >= 5)  /* fonts and glyph caches warm, as in a running window */
        g_array_append_val (ms, t);
    }
  bench_report (name, ms);
}

static int
cmd_render (void)
{
  g_autoptr(FolChartData) one = bench_synthetic_chart (1, 500);
  g_autoptr(FolChartData) eight = bench_synthetic_chart (8, 200);

  time_render ("render-500pts-1600x1000", one, 1600, 1000);
  time_render ("render-500pts-900x500", one, 900, 500);
  time_render ("render-8x200-1600x1000", eight, 1600, 1000);
  time_render ("render-8x200-900x500", eight, 900, 500);
  return 0;
}

/* Twenty keystrokes: a name typed letter by letter, then an ID. */
static const char *keystrokes[] = {
  "s", "so", "sof", "sofi", "sofia", "sofia ", "sofia l", "sofia li", "sofia lin", "sofia lind",
  "sofia lindq", "sofia lindqv", "sofia lindqvi", "sofia lindqvis", "sofia lindqvist",
  "sofia lindqvist 1", "sofia lindqvist 12", "0", "00", "000",
};

/* The same name typed surname first, without its accent, in capitals:
 * found through the search key all the same.
 */
static const char *reordered_keystrokes[] = {
  "l", "li", "lin", "lind", "lindq", "lindqv", "lindqvi", "lindqvis", "lindqvist", "lindqvist ",
  "lindqvist t", "lindqvist to", "lindqvist tom", "lindqvist toma", "lindqvist tomas",
  "KELLER", "KELLER C", "KELLER CH", "KELLER CHLOE", "STRASSE",
};

static gboolean
list_complete (GListModel *list)
{
  gboolean complete = TRUE;

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (list), "complete") != NULL)
    g_object_get (list, "complete", &complete, NULL);
  return complete;
}

/* Per keystroke, as the window does it: the list the store returns at once
 * (the filter latency, "search-keystroke"), then the slices in which it
 * fills itself from the main loop, each of which holds up a frame
 * ("search-fill-slice": the longest is the figure), and the time until the
 * list is complete ("search-complete").
 */
static int
cmd_search (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_READ_ONLY, &error);
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) slices = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) complete = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) scan = g_array_new (FALSE, FALSE, sizeof (double));
  guint total = 0;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (store == NULL)
    {
      g_printerr ("bench-core: %s\n", error->message);
      return 1;
    }

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < G_N_ELEMENTS (keystrokes); i++)
      {
        double start = now_ms ();
        double t = start;
        g_autoptr(GListModel) found = fol_store_list_patients_incremental (FOL_STORE (store),
                                                                          keystrokes[i], &error);

        t = now_ms () - t;
        g_assert_no_error (error);
        if (pass == 1)
          g_array_append_val (ms, t);

        while (!list_complete (found))
          {
            double slice = now_ms ();

            g_main_context_iteration (NULL, FALSE);
            slice = now_ms () - slice;
            if (pass == 1)
              g_array_append_val (slices, slice);
          }
        t = now_ms () - start;
        if (pass == 1)
          {
            g_array_append_val (complete, t);
            total += g_list_model_get_n_items (found);
          }
      }
  bench_report ("search-keystroke", ms);

  /* The list returned for each reordered keystroke, as above. */
  {
    g_autoptr(GArray) reordered = g_array_new (FALSE, FALSE, sizeof (double));

    for (int pass = 0; pass < 2; pass++)
      for (guint i = 0; i < G_N_ELEMENTS (reordered_keystrokes); i++)
        {
          double t = now_ms ();
          g_autoptr(GListModel) found = fol_store_list_patients_incremental (FOL_STORE (store),
                                                                            reordered_keystrokes[i],
                                                                            &error);

          t = now_ms () - t;
          g_assert_no_error (error);
          if (pass == 1)
            g_array_append_val (reordered, t);
        }
    bench_report ("search-keystroke-reordered", reordered);
  }
  if (slices->len == 0)
    {
      double none = 0;

      g_array_append_val (slices, none);
    }
  bench_report ("search-fill-slice", slices);
  bench_report ("search-complete", complete);

  /* For comparison: the same keystrokes as a scan of every patient row,
   * the store's query before the trigram index.
   */
  sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  sqlite3_prepare_v2 (db, "SELECT rowid FROM patients NOT INDEXED"
                          " WHERE instr (sort_name, ?1) > 0 OR id LIKE ?1 || '%'"
                          " OR instr (replace (diagnosis, '_', ' '), ?1) > 0"
                          " ORDER BY sort_name, id", -1, &stmt, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (keystrokes); i++)
    {
      double t = now_ms ();

      sqlite3_bind_text (stmt, 1, keystrokes[i], -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        ;
      sqlite3_reset (stmt);
      t = now_ms () - t;
      g_array_append_val (scan, t);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  bench_report ("search-keystroke-scan", scan);
  g_printerr ("search: %u results over the keystrokes\n", total);
  return 0;
}

static double
open_patient (FolSqliteStore *store,
              const char     *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolChartData) data = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900, 500);
  cairo_t *cr = cairo_create (surface);
  FolChartStyle style;
  double t = now_ms ();

  fol_chart_style_init_light (&style);
  history = fol_store_load_history (FOL_STORE (store), id, &error);
  g_assert_no_error (error);
  data = fol_progress_chart_new (history, FOL_MEASURE_TOTAL_DENSITY, 0, FOL_PROGRESS_NONE,
                                 FOL_DEFAULT_CHANGE_THRESHOLD);
  fol_chart_render (data, &style, cr, 900, 500);
  cairo_surface_flush (surface);
  t = now_ms () - t;

  if (fol_history_get_n_visits (history) == 0)
    g_error ("patient %s has no visits", id);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return t;
}

static int
cmd_open (const char *path,
          const char *id,
          const char *warm_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_READ_ONLY, &error);
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  double t;

  if (store == NULL)
    {
      g_printerr ("bench-core: %s\n", error->message);
      return 1;
    }

  /* Another patient first: statements prepared, fonts loaded, as in a
   * window that has shown one chart already.
   */
  if (warm_id != NULL)
    open_patient (store, warm_id);
  t = open_patient (store, id);
  g_array_append_val (first, t);
  for (int i = 0; i < 20; i++)
    {
      t = open_patient (store, id);
      g_array_append_val (ms, t);
    }
  bench_report ("open-patient-first", first);
  bench_report ("open-patient", ms);
  return 0;
}

static long
vm_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return strtol (line + 6, NULL, 10);
}

static int
cmd_rss (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_autoptr(GListModel) patients = NULL;
  guint n;

  if (store == NULL)
    {
      g_printerr ("bench-core: %s\n", error->message);
      return 1;
    }

  /* What the window holds: the whole list and a screenful of rows. */
  patients = fol_store_list_patients (FOL_STORE (store), NULL, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (patients);
  for (guint i = 0; i < MIN (n, 40); i++)
    g_object_unref (g_list_model_get_item (patients, i));

  printf ("rss-kb\t%ld\t%ld\t%u\n", vm_rss_kb (), vm_rss_kb (), n);
  return 0;
}

/* What follicle --export-chart does, phase by phase, once, in a fresh
 * process: the first use of each library is part of the figure, as it is
 * for the command.
 */
static int
cmd_export (const char *path,
            const char *id,
            const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = NULL;
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolChartData) data = NULL;
  double t0 = now_ms (), t;

  store = fol_clinic_open (path, FOL_CLINIC_OPEN_READ_ONLY | FOL_CLINIC_OPEN_EXISTING, &error);
  g_assert_no_error (error);
  printf ("export-open\t%.3f\t%.3f\t1\n", now_ms () - t0, now_ms () - t0);
  t = now_ms ();
  history = fol_store_load_history (store, id, &error);
  g_assert_no_error (error);
  printf ("export-history\t%.3f\t%.3f\t1\n", now_ms () - t, now_ms () - t);
  t = now_ms ();
  data = fol_progress_chart_new (history, FOL_MEASURE_TOTAL_DENSITY, 0, FOL_PROGRESS_NONE,
                                 fol_threshold_in_effect (NULL));
  printf ("export-chart-data\t%.3f\t%.3f\t1\n", now_ms () - t, now_ms () - t);
  t = now_ms ();
  if (!fol_chart_export (data, out, FOL_CHART_FORMAT_AUTO, 1600, 1000, 1.0, FOL_PAPER_A4, &error))
    {
      g_printerr ("bench-core: %s\n", error->message);
      return 1;
    }
  printf ("export-write\t%.3f\t%.3f\t1\n", now_ms () - t, now_ms () - t);
  printf ("export-total\t%.3f\t%.3f\t1\n", now_ms () - t0, now_ms () - t0);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc >= 2 && argc <= 4 && g_str_equal (argv[1], "render"))
    {
      render_only = argc >= 3 ? argv[2] : NULL;
      render_runs = argc == 4 ? MAX (1, atoi (argv[3])) : render_runs;
      return cmd_render ();
    }
  if (argc == 3 && g_str_equal (argv[1], "search"))
    return cmd_search (argv[2]);
  if ((argc == 4 || argc == 5) && g_str_equal (argv[1], "open"))
    return cmd_open (argv[2], argv[3], argc == 5 ? argv[4] : NULL);
  if (argc == 3 && g_str_equal (argv[1], "rss"))
    return cmd_rss (argv[2]);
  if (argc == 5 && g_str_equal (argv[1], "export"))
    return cmd_export (argv[2], argv[3], argv[4]);

  g_printerr ("usage: bench-core render | search DB | open DB ID [WARM_ID] | rss DB | export DB ID OUT\n");
  return 2;
}
