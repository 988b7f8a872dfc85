/* fol-stats.h
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

#include "fol-date.h"

G_BEGIN_DECLS

/* The progress statistics of CLINICAL.md, as pure functions over plain
 * values: no store, no widgets. A missing value is NaN, never 0.
 */

typedef struct
{
  FolDate date;
  double  value;   /* NaN = missing */
} FolSample;

/* The epsilon that keeps "exactly T" a change despite floating-point drift. */
#define FOL_STATS_EPSILON 1e-9

gboolean    fol_stats_baseline   (const FolSample *samples,
                                  guint            n,
                                  FolDate          first_treatment,
                                  guint           *out_index);
gboolean    fol_stats_slope      (const FolSample *samples,
                                  guint            n,
                                  FolDate          origin,
                                  double          *out_slope,
                                  double          *out_intercept,
                                  guint           *out_n);
gboolean    fol_stats_change     (double           value,
                                  double           baseline,
                                  double          *out_absolute,
                                  double          *out_relative);

typedef enum
{
  FOL_CHANGE_UNKNOWN,
  FOL_CHANGE_STABLE,
  FOL_CHANGE_IMPROVED,
  FOL_CHANGE_WORSE,
} FolChange;

FolChange   fol_stats_classify   (double           relative_percent,
                                  double           threshold_percent,
                                  gboolean         lower_is_better);
const char *fol_change_name      (FolChange        change);

gboolean    fol_salt_score       (int              top,
                                  int              back,
                                  int              right,
                                  int              left,
                                  int             *out_hundredths);

typedef enum
{
  FOL_SALT_S0,
  FOL_SALT_S1,
  FOL_SALT_S2,
  FOL_SALT_S3,
  FOL_SALT_S4A,
  FOL_SALT_S4B,
  FOL_SALT_S5,
} FolSaltBand;

FolSaltBand fol_salt_band        (int              hundredths);
const char *fol_salt_band_name   (FolSaltBand      band);
int         fol_aa_iga_from_salt (int              hundredths);
guint       fol_salt_response    (int              baseline_hundredths,
                                  int              value_hundredths);
char       *fol_format_salt      (int              hundredths);

double      fol_stats_density    (double           count,
                                  double           area_cm2);
double      fol_stats_cumulative_thickness (double density,
                                            double diameter_um);

char       *fol_format_number    (double           value,
                                  guint            decimals);
char       *fol_format_signed    (double           value,
                                  guint            decimals);
char       *fol_format_change    (double           absolute,
                                  double           relative,
                                  gboolean         has_relative,
                                  guint            decimals);

G_END_DECLS
