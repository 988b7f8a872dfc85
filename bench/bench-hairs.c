/* bench-hairs.c
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

/* The accuracy and speed of suggested hair marks on synthetic fields.
 *
 *   bench-hairs [--seeds N] [--first SEED] [--varied] [--verbose]
 *
 * For 20× and 50×, dyed and undyed, N seeded 1024×768 fields each (JPEG
 * quality 90): count error (mean absolute %, bias, worst field), recall and
 * precision of a one-to-one matching (a suggestion within 0.1 mm of the
 * hair's centreline), the mean error of the diameter of matched terminal
 * hairs, terminal/vellus agreement at 40 µm, and the time per field: wall
 * clock, and the CPU time of the one thread that detects (which other
 * programs on the machine do not inflate). A last group, "varied", checks
 * robustness on 20× undyed fields unlike the others: darker skin, twice the
 * blur and more noise, one change a field in turn.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fol-hair-detect.h"
#include "fol-trichogen.h"

#define THRESHOLD_UM 40.0

int
main (int    argc,
      char **argv)
{
  int seeds = 40, first = 1000;
  gboolean verbose = FALSE, with_varied = FALSE;
  double high = 0, low = 0, min_length = 0;
  int only_mag = 0, only_dyed = -1;
  GOptionEntry entries[] = {
    { "seeds", 0, 0, G_OPTION_ARG_INT, &seeds, "Fields per group", "N" },
    { "first", 0, 0, G_OPTION_ARG_INT, &first, "First seed", "SEED" },
    { "high", 0, 0, G_OPTION_ARG_DOUBLE, &high, "Hysteresis seed level", "D" },
    { "low", 0, 0, G_OPTION_ARG_DOUBLE, &low, "Hysteresis grow level", "D" },
    { "min-length", 0, 0, G_OPTION_ARG_DOUBLE, &min_length, "Shortest hair, mm", "MM" },
    { "magnification", 0, 0, G_OPTION_ARG_INT, &only_mag, "Only 20 or 50", "X" },
    { "dyed", 0, 0, G_OPTION_ARG_INT, &only_dyed, "Only dyed (1) or undyed (0)", "0|1" },
    { "varied", 0, 0, G_OPTION_ARG_NONE, &with_varied, "Also the varied group", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "One line per field", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }

  printf ("%-12s %6s %8s %7s %7s %7s %6s %6s %8s %6s %8s %7s %7s\n", "group", "fields", "hairs",
          "|err|%", "bias%", "worst%", "recall", "prec", "termΔ%", "T/V%", "ms/field", "cpu ms", "worst");
  for (int group = 0; group < 5; group++)
    {
      int mag = group < 2 || group == 4 ? 20 : 50, dyed = group < 4 ? !(group % 2) : 0;
      gboolean varied = group == 4;
      double abs_sum = 0, bias_sum = 0, worst = 0, ms_sum = 0, cpu_sum = 0, cpu_worst = 0;
      double term_err = 0;
      guint truth_total = 0, found_total = 0, matched_total = 0, term_n = 0;
      guint tv_agree = 0, tv_n = 0;

      if ((only_mag && mag != only_mag) || (only_dyed >= 0 && dyed != only_dyed)
          || (varied && !with_varied))
        continue;

      for (int k = 0; k < seeds; k++)
        {
          FolTrichoParams params;
          FolHairDetectParams dp;
          g_autoptr(FolTrichoField) field = NULL;
          g_autoptr(GArray) found = NULL;
          g_autofree int *truth_of = NULL;
          gint64 t0;
          struct timespec c0, c1;
          double err, ms, cpu;
          guint matched;

          fol_tricho_params_init (&params, mag);
          params.dyed = dyed;
          if (varied)
            {
              /* Dark skin, strong blur, heavy noise: one a field in turn. */
              params.skin_level = k % 3 == 0 ? 120 : 0;
              params.blur_px = k % 3 == 1 ? 2.0 : 0;
              params.noise = k % 3 == 2 ? 7.0 : 0;
            }
          field = fol_tricho_generate (&params, (guint32) (first + k + 100000 * dyed + 1000000 * mag));
          fol_hair_detect_params_init (&dp, field->px_per_mm);
          if (high > 0)
            dp.high = high;
          if (low > 0)
            dp.low = low;
          if (min_length > 0)
            dp.min_length_mm = min_length;
          t0 = g_get_monotonic_time ();
          clock_gettime (CLOCK_THREAD_CPUTIME_ID, &c0);
          found = fol_hair_detect (field->rgb, field->width, field->height, field->width * 3, 3,
                                   &dp, NULL, NULL, NULL, &error);
          ms = (g_get_monotonic_time () - t0) / 1000.0;
          clock_gettime (CLOCK_THREAD_CPUTIME_ID, &c1);
          cpu = (c1.tv_sec - c0.tv_sec) * 1000.0 + (c1.tv_nsec - c0.tv_nsec) / 1e6;
          g_assert_no_error (error);
          truth_of = g_new (int, MAX (1, found->len));
          matched = fol_tricho_match (field, found, 0.1, truth_of);

          err = field->n_hairs ? 100.0 * ((double) found->len - field->n_hairs) / field->n_hairs : 0;
          abs_sum += fabs (err);
          bias_sum += err;
          worst = MAX (worst, fabs (err));
          ms_sum += ms;
          cpu_sum += cpu;
          cpu_worst = MAX (cpu_worst, cpu);
          truth_total += field->n_hairs;
          found_total += found->len;
          matched_total += matched;
          for (guint s = 0; s < found->len; s++)
            {
              const FolHairSuggestion *sg = &g_array_index (found, FolHairSuggestion, s);
              const FolTrichoHair *hr;

              if (truth_of[s] < 0)
                continue;
              hr = &field->hairs[truth_of[s]];
              tv_n++;
              tv_agree += (sg->diameter_um > THRESHOLD_UM) == (hr->diameter_um > THRESHOLD_UM);
              if (hr->diameter_um > THRESHOLD_UM)
                {
                  term_err += fabs (sg->diameter_um - hr->diameter_um) / hr->diameter_um;
                  term_n++;
                }
            }
          if (verbose)
            printf ("  %d× %s seed %d: truth %u found %u matched %u (%+.1f %%) %.0f ms\n", mag,
                    dyed ? "dyed" : "undyed", first + k, field->n_hairs, found->len, matched,
                    err, ms);
        }
      printf ("%2d× %-8s %6d %8.1f %7.1f %+7.1f %7.1f %6.3f %6.3f %8.1f %6.1f %8.0f %7.0f %7.0f\n",
              mag,
              varied ? "varied" : dyed ? "dyed" : "undyed", seeds,
              (double) truth_total / seeds, abs_sum / seeds,
              bias_sum / seeds, worst, truth_total ? (double) matched_total / truth_total : 0,
              found_total ? (double) matched_total / found_total : 0,
              term_n ? 100 * term_err / term_n : 0, tv_n ? 100.0 * tv_agree / tv_n : 0,
              ms_sum / seeds, cpu_sum / seeds, cpu_worst);
      fflush (stdout);
    }
  return 0;
}
