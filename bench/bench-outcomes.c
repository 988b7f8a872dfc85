/* bench-outcomes.c
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

/* Clinic outcomes at scale, printed as "name<TAB>median_ms<TAB>worst_ms<TAB>n"
 * for build-aux/bench:
 *
 *   bench-outcomes NAME LOCATION [RUNS] [REGION]
 *
 * LOCATION is a clinic file or a server ("dbname=…"). RUNS 0 only opens
 * it for writing, which makes the schema of an empty database and brings
 * an older one to this version's (timed: the migration that fills the
 * tables outcomes read). Each run is what the
 * Outcomes window and `follicle --outcomes` do: the store's scan of every
 * treated patient, then the statistics of every treatment and window.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bench-common.h"
#include "fol-clinic.h"
#include "fol-error.h"
#include "fol-outcomes.h"
#include "fol-pg-store.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = NULL;
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  FolOutcomesFilter filter;
  int runs = argc > 3 ? atoi (argv[3]) : 5;
  guint patients = 0;
  gint64 opening = g_get_monotonic_time ();

  if (argc < 3)
    {
      g_printerr ("usage: bench-outcomes NAME LOCATION [RUNS] [REGION]\n");
      return 2;
    }

  if (g_str_has_prefix (argv[2], "dbname=") || g_str_has_prefix (argv[2], "postgresql:"))
    store = FOL_STORE (fol_pg_store_open (argv[2], &error));
  else
    {
      store = fol_clinic_open (argv[2], (runs > 0 ? FOL_CLINIC_OPEN_READ_ONLY : 0) |
                                        FOL_CLINIC_OPEN_EXISTING, &error);
      /* A clinic an older version made (a cached one): upgraded first */
      if (store == NULL && g_error_matches (error, FOL_STORE_ERROR,
                                            FOL_STORE_ERROR_NEEDS_UPGRADE))
        {
          g_clear_error (&error);
          g_clear_object (&store);
          store = fol_clinic_open (argv[2], FOL_CLINIC_OPEN_EXISTING, &error);
          if (store != NULL)
            g_printerr ("bench-outcomes: upgraded in %.1f s\n",
                        (g_get_monotonic_time () - opening) / 1e6);
          g_clear_object (&store);
          if (error == NULL)
            store = fol_clinic_open (argv[2], FOL_CLINIC_OPEN_READ_ONLY |
                                              FOL_CLINIC_OPEN_EXISTING, &error);
        }
    }
  if (store == NULL)
    {
      g_printerr ("bench-outcomes: %s\n", error->message);
      return 1;
    }

  if (runs <= 0)
    {
      g_printerr ("bench-outcomes: opened in %.1f s\n",
                  (g_get_monotonic_time () - opening) / 1e6);
      return 0;
    }

  fol_outcomes_filter_init (&filter);
  if (argc > 4 && !fol_region_from_code (argv[4], &filter.region))
    {
      g_printerr ("bench-outcomes: no region %s\n", argv[4]);
      return 2;
    }

  for (int i = 0; i < runs + 1; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(FolOutcomes) outcomes = fol_outcomes_compute (store, &filter, &error);
      double t = (g_get_monotonic_time () - start) / 1000.0;

      if (outcomes == NULL)
        {
          g_printerr ("bench-outcomes: %s\n", error->message);
          return 1;
        }
      patients = 0;
      for (guint g = 0; g < outcomes->groups->len; g++)
        {
          const FolOutcomeGroup *group = g_ptr_array_index (outcomes->groups, g);

          if (group->product == NULL)
            patients += group->n_patients;
        }
      if (i > 0)  /* the first run warms the page cache */
        g_array_append_val (ms, t);
    }

  g_printerr ("bench-outcomes: %u treated patients counted per run\n", patients);
  bench_report (argv[1], ms);
  return 0;
}
