/* fol-stats-summary.h
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

#include <glib.h>

G_BEGIN_DECLS

/* Summaries of a group of patients' values (CLINICAL.md, "Outcomes across
 * patients"): mean, median, the 95 % confidence interval of the mean from
 * Student's t distribution, and a proportion with its 95 % Wilson interval.
 * Pure functions over plain values; NaN means "undefined", never 0.
 */

/* The two-sided 95 % normal quantile, z(0.975). */
#define FOL_STATS_Z95 1.959963984540054

double   fol_stats_mean              (const double *values,
                                      guint         n);
double   fol_stats_median            (const double *values,
                                      guint         n);
double   fol_stats_sd                (const double *values,
                                      guint         n);
double   fol_stats_incomplete_beta   (double        a,
                                      double        b,
                                      double        x);
double   fol_stats_t_cdf             (double        t,
                                      double        df);
double   fol_stats_t_quantile        (double        p,
                                      double        df);
gboolean fol_stats_mean_ci95         (const double *values,
                                      guint         n,
                                      double       *out_low,
                                      double       *out_high);
gboolean fol_stats_wilson95          (guint         successes,
                                      guint         n,
                                      double       *out_low,
                                      double       *out_high);

G_END_DECLS
