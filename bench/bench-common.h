/* bench-common.h
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

#pragma once

#include <math.h>
#include <stdio.h>

#include "fol-chart-data.h"

static inline int
bench_compare_double (gconstpointer a,
                      gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Prints "name<TAB>median_ms<TAB>worst_ms<TAB>n", the line build-aux/bench
 * reads. Sorts @ms.
 */
static inline void
bench_report (const char *name,
              GArray     *ms)
{
  double median, worst;

  g_array_sort (ms, bench_compare_double);
  median = ms->len % 2 ? g_array_index (ms, double, ms->len / 2)
                       : (g_array_index (ms, double, ms->len / 2 - 1) +
                          g_array_index (ms, double, ms->len / 2)) / 2;
  worst = g_array_index (ms, double, ms->len - 1);
  printf ("%s\t%.3f\t%.3f\t%u\n", name, median, worst, ms->len);
  fflush (stdout);
}

/* A chart of n_series regions with a weekly visit each, as the redraw
 * figures use: no database involved.
 */
static inline FolChartData *
bench_synthetic_chart (guint n_series,
                       guint n_points)
{
  FolChartData *data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);
  g_autofree FolDate *dates = g_new (FolDate, n_points);
  g_autofree double *values = g_new (double, n_points);
  FolDate start = fol_date_today () - n_points * 7;

  fol_chart_data_set_title (data, "Total density");
  for (guint s = 0; s < n_series; s++)
    {
      for (guint i = 0; i < n_points; i++)
        {
          dates[i] = start + i * 7;
          values[i] = 120 + 10 * s + 15 * sin (i / 9.0 + s) + (i % 7);
        }
      fol_chart_data_add_series (data, s % FOL_N_REGIONS, dates, values, NULL, n_points, values[0]);
    }
  fol_chart_data_add_treatment (data, start + 30, "PRP");
  return data;
}
