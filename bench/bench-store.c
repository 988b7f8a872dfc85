/* bench-store.c
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

/* The store's speed as the window feels it, on either backend, printed one
 * figure a line as "name<TAB>median_ms<TAB>worst_ms<TAB>n" for
 * build-aux/bench:
 *
 *   bench-store LOCATION LONG_ID TYPICAL_ID [RUNS]
 *
 * LOCATION is what fol_clinic_open() takes: a clinic file, or a clinic
 * server's address (postgresql://… or "dbname=…"). The figures:
 *
 *   store-search-keystroke   the list a keystroke of the search returns
 *                            (the first matches; the rest fills itself
 *                            in later)
 *   store-list-first-screen  the whole patient list asked for, and its
 *                            first screenful of 40 patients read
 *   store-open-patient       LONG_ID's history, its chart and one render
 *   store-save-visit         a new visit of TYPICAL_ID with 8 regions
 *                            saved; the visits saved are deleted after,
 *                            untimed, so the clinic stays as it was
 *
 * Each is timed after one untimed pass: statements prepared, caches warm,
 * as in a window that has been used.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bench-common.h"
#include "fol-chart.h"
#include "fol-clinic.h"
#include "fol-progress.h"
#include "fol-summary.h"

/* Ten keystrokes of a name, a rare word, a surname first, and an ID. */
static const char *keystrokes[] = {
  "s", "so", "sof", "sofi", "sofia", "sofia ", "sofia l", "sofia li", "sofia lin", "sofia lind",
  "sofia lindqvist 12", "lindqvist", "KELLER CHLOE", "synth", "0", "00", "000",
};

#define SCREENFUL 40

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
fail (const char *what,
      GError     *error)
{
  g_printerr ("bench-store: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static void
bench_search (FolStore *store,
              int       runs)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (int pass = 0; pass <= runs; pass++)
    for (guint i = 0; i < G_N_ELEMENTS (keystrokes); i++)
      {
        g_autoptr(GError) error = NULL;
        double t = now_ms ();
        g_autoptr(GListModel) found = fol_store_list_patients_incremental (store, keystrokes[i],
                                                                          &error);

        t = now_ms () - t;
        if (found == NULL)
          fail ("search", error);
        if (pass > 0)
          g_array_append_val (ms, t);
      }
  bench_report ("store-search-keystroke", ms);
}

static void
bench_list (FolStore *store,
            int       runs)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (int pass = 0; pass <= runs; pass++)
    {
      g_autoptr(GError) error = NULL;
      double t = now_ms ();
      g_autoptr(GListModel) list = fol_store_list_patients_incremental (store, NULL, &error);
      guint n;

      if (list == NULL)
        fail ("patient list", error);
      n = MIN (g_list_model_get_n_items (list), SCREENFUL);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FolPatient) patient = g_list_model_get_item (list, i);

          if (fol_patient_get_name (patient) == NULL)
            fail ("patient list: a row without a name", NULL);
        }
      t = now_ms () - t;
      if (n < MIN (SCREENFUL, 2))
        fail ("patient list: too few patients", NULL);
      if (pass > 0)
        g_array_append_val (ms, t);
    }
  bench_report ("store-list-first-screen", ms);
}

static void
bench_open (FolStore   *store,
            const char *id,
            int         runs)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  FolChartStyle style;

  fol_chart_style_init_light (&style);
  for (int pass = 0; pass <= runs; pass++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FolHistory) history = NULL;
      g_autoptr(FolChartData) data = NULL;
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900, 500);
      cairo_t *cr = cairo_create (surface);
      double t = now_ms ();

      history = fol_store_load_history (store, id, &error);
      if (history == NULL)
        fail ("open patient", error);
      data = fol_progress_chart_new (history, FOL_MEASURE_TOTAL_DENSITY, 0, FOL_PROGRESS_NONE,
                                     FOL_DEFAULT_CHANGE_THRESHOLD);
      fol_chart_render (data, &style, cr, 900, 500);
      cairo_surface_flush (surface);
      t = now_ms () - t;
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      if (fol_history_get_n_visits (history) < 100)
        fail ("open patient: the long patient has few visits", NULL);
      if (pass > 0)
        g_array_append_val (ms, t);
    }
  bench_report ("store-open-patient", ms);
}

static GPtrArray *
eight_regions (guint n)
{
  GPtrArray *measurements = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      FolMeasurement *m = fol_measurement_new ();

      fol_measurement_set_region (m, r);
      fol_measurement_set_hair_count (m, 80 + r + n % 7);
      fol_measurement_set_field_area (m, 0.65);
      fol_measurement_set_terminal_threshold (m, 40);
      fol_measurement_set_mean_diameter (m, 60);
      fol_measurement_set_anagen (m, 80);
      fol_measurement_set_method (m, "trichoscope");
      g_ptr_array_add (measurements, m);
    }
  return measurements;
}

static void
bench_save (FolStore   *store,
            const char *id,
            int         runs)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func (g_free);

  for (int pass = 0; pass <= runs; pass++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FolVisit) visit = fol_visit_new ();
      g_autoptr(GPtrArray) measurements = eight_regions (pass);
      double t;

      fol_visit_set_patient_id (visit, id);
      fol_visit_set_date (visit, fol_date_today ());
      fol_visit_set_kind (visit, "follow_up");
      fol_visit_set_clinician (visit, "Dr. A. Synthetic");
      t = now_ms ();
      if (!fol_store_save_visit (store, visit, measurements, &error))
        fail ("save visit", error);
      t = now_ms () - t;
      g_ptr_array_add (saved, g_strdup (fol_visit_get_id (visit)));
      if (pass > 0)
        g_array_append_val (ms, t);
    }
  bench_report ("store-save-visit", ms);

  for (guint i = 0; i < saved->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!fol_store_delete_visit (store, g_ptr_array_index (saved, i), &error))
        fail ("delete the visits saved", error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = NULL;
  int runs = argc > 4 ? atoi (argv[4]) : 20;

  if (argc < 4 || runs < 1)
    {
      g_printerr ("usage: bench-store LOCATION LONG_ID TYPICAL_ID [RUNS]\n");
      return 2;
    }

  store = fol_clinic_open (argv[1], FOL_CLINIC_OPEN_EXISTING, &error);
  if (store == NULL)
    fail (argv[1], error);

  bench_search (store, runs / 4 + 1);
  bench_list (store, runs);
  bench_open (store, argv[2], runs);
  bench_save (store, argv[3], runs);
  return 0;
}
