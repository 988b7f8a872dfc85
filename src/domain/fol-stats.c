/* fol-stats.c
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

#define G_LOG_DOMAIN "fol-stats"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-i18n.h"
#include "fol-stats.h"

#define SALT_MAX_HUNDREDTHS 10000

static inline gboolean
is_missing (double value)
{
  return isnan (value);
}

/**
 * fol_stats_baseline:
 * @samples: the values of one region and measurement
 * @n: the number of samples
 * @first_treatment: the day of the first treatment session, or
 *   %FOL_DATE_NONE when there is none yet
 * @out_index: (out) (optional): the index of the baseline sample
 *
 * The baseline of CLINICAL.md: the latest non-missing value on or before
 * the day of the first treatment (a value measured that day was measured
 * before treating). Without a treatment: the earliest non-missing value.
 * Samples need not be sorted; of two values on the same day the later one
 * in the array wins for the latest, the first one for the earliest.
 *
 * Returns: %FALSE when there is no baseline, for example a region first
 *   measured after treatment began.
 */
gboolean
fol_stats_baseline (const FolSample *samples,
                    guint            n,
                    FolDate          first_treatment,
                    guint           *out_index)
{
  gboolean found = FALSE;
  guint best = 0;

  g_return_val_if_fail (samples != NULL || n == 0, FALSE);

  for (guint i = 0; i < n; i++)
    {
      const FolSample *s = &samples[i];

      if (is_missing (s->value) || s->date == FOL_DATE_NONE)
        continue;

      if (first_treatment == FOL_DATE_NONE)
        {
          if (!found || s->date < samples[best].date)
            {
              best = i;
              found = TRUE;
            }
        }
      else if (s->date <= first_treatment)
        {
          if (!found || s->date >= samples[best].date)
            {
              best = i;
              found = TRUE;
            }
        }
    }

  if (found && out_index != NULL)
    *out_index = best;

  return found;
}

/**
 * fol_stats_slope:
 * @samples: the values of one region and measurement
 * @n: the number of samples
 * @origin: the date months are counted from (usually the baseline's)
 * @out_slope: (out) (optional): unit per month
 * @out_intercept: (out) (optional): the fitted value at @origin
 * @out_n: (out) (optional): the number of points used, set even on failure
 *
 * Ordinary least-squares slope of value on months since @origin (days /
 * 30.4375) over every non-missing point.
 *
 * Returns: %FALSE when fewer than two points remain or when they all share
 *   one date: the trend is then undefined, not 0.
 */
gboolean
fol_stats_slope (const FolSample *samples,
                 guint            n,
                 FolDate          origin,
                 double          *out_slope,
                 double          *out_intercept,
                 guint           *out_n)
{
  guint count = 0;
  FolDate first_date = FOL_DATE_NONE;
  gboolean distinct = FALSE;
  double mean_x = 0.0, mean_y = 0.0;
  double sxx = 0.0, sxy = 0.0;

  g_return_val_if_fail (samples != NULL || n == 0, FALSE);

  /* Means first, then centred sums: stabler than the one-pass formula. */
  for (guint i = 0; i < n; i++)
    {
      if (is_missing (samples[i].value) || samples[i].date == FOL_DATE_NONE)
        continue;

      if (count == 0)
        first_date = samples[i].date;
      else if (samples[i].date != first_date)
        distinct = TRUE;

      mean_x += fol_date_months_between (origin, samples[i].date);
      mean_y += samples[i].value;
      count++;
    }

  if (out_n != NULL)
    *out_n = count;

  if (count < 2 || !distinct)
    return FALSE;

  mean_x /= count;
  mean_y /= count;

  for (guint i = 0; i < n; i++)
    {
      double dx, dy;

      if (is_missing (samples[i].value) || samples[i].date == FOL_DATE_NONE)
        continue;

      dx = fol_date_months_between (origin, samples[i].date) - mean_x;
      dy = samples[i].value - mean_y;
      sxx += dx * dx;
      sxy += dx * dy;
    }

  if (out_slope != NULL)
    *out_slope = sxy / sxx;
  if (out_intercept != NULL)
    *out_intercept = mean_y - (sxy / sxx) * mean_x;

  return TRUE;
}

/**
 * fol_stats_change:
 * @value: the value
 * @baseline: the baseline value
 * @out_absolute: (out) (optional): value − baseline, NaN when either is missing
 * @out_relative: (out) (optional): 100 × (value − baseline) / baseline, NaN
 *   when undefined
 *
 * Returns: %TRUE when the relative change is defined (both values present
 *   and a baseline other than 0).
 */
gboolean
fol_stats_change (double  value,
                  double  baseline,
                  double *out_absolute,
                  double *out_relative)
{
  double absolute = NAN;
  double relative = NAN;
  gboolean has_relative = FALSE;

  if (!is_missing (value) && !is_missing (baseline))
    {
      absolute = value - baseline;
      if (baseline != 0.0)
        {
          relative = 100.0 * absolute / baseline;
          has_relative = TRUE;
        }
    }

  if (out_absolute != NULL)
    *out_absolute = absolute;
  if (out_relative != NULL)
    *out_relative = relative;

  return has_relative;
}

/**
 * fol_stats_classify:
 * @relative_percent: the change from baseline in percent, NaN when unknown
 * @threshold_percent: the no-change band T, in percent
 * @lower_is_better: %TRUE for measures of loss such as SALT
 *
 * |Δ%| < T is stable; Δ% ≥ T and Δ% ≤ −T are changes. Exactly T counts
 * as a change even when the division drifted a hair below it.
 */
FolChange
fol_stats_classify (double   relative_percent,
                    double   threshold_percent,
                    gboolean lower_is_better)
{
  gboolean up, down;

  if (is_missing (relative_percent) || is_missing (threshold_percent))
    return FOL_CHANGE_UNKNOWN;

  threshold_percent = fabs (threshold_percent);
  up = relative_percent >= threshold_percent - FOL_STATS_EPSILON;
  down = relative_percent <= -threshold_percent + FOL_STATS_EPSILON;

  /* With T = 0 every value is a change; 0 itself has no direction. */
  if (up && down)
    return FOL_CHANGE_STABLE;
  if (up)
    return lower_is_better ? FOL_CHANGE_WORSE : FOL_CHANGE_IMPROVED;
  if (down)
    return lower_is_better ? FOL_CHANGE_IMPROVED : FOL_CHANGE_WORSE;

  return FOL_CHANGE_STABLE;
}

/**
 * fol_change_name:
 *
 * The verdict on a change, in the one word the window, review mode, the
 * charts, the report, the command line and the help all use.
 */
const char *
fol_change_name (FolChange change)
{
  switch (change)
    {
    case FOL_CHANGE_STABLE:
      return _("Stable");
    case FOL_CHANGE_IMPROVED:
      return _("Improved");
    case FOL_CHANGE_WORSE:
      return _("Worse");
    case FOL_CHANGE_UNKNOWN:
    default:
      return _("Unknown");
    }
}

/**
 * fol_salt_score:
 * @top: percent of hair loss on the top (40 % of the scalp)
 * @back: percent of hair loss on the back (24 %)
 * @right: percent of hair loss on the right side (18 %)
 * @left: percent of hair loss on the left side (18 %)
 * @out_hundredths: (out) (optional): SALT in hundredths of a point
 *
 * Integer arithmetic, so that 25.00 is exactly 2500 and lands in S2.
 *
 * Returns: %FALSE when an area is missing (negative) or above 100: a
 *   partial sum is not a SALT.
 */
gboolean
fol_salt_score (int  top,
                int  back,
                int  right,
                int  left,
                int *out_hundredths)
{
  if (top < 0 || back < 0 || right < 0 || left < 0 ||
      top > 100 || back > 100 || right > 100 || left > 100)
    return FALSE;

  if (out_hundredths != NULL)
    *out_hundredths = 40 * top + 24 * back + 18 * right + 18 * left;

  return TRUE;
}

/**
 * fol_salt_band:
 * @hundredths: a SALT score in hundredths, 0 to 10000
 *
 * S0 = 0; S1 = (0, 25); S2 = [25, 50); S3 = [50, 75); S4a = [75, 95];
 * S4b = (95, 100); S5 = 100.
 */
FolSaltBand
fol_salt_band (int hundredths)
{
  g_return_val_if_fail (hundredths >= 0 && hundredths <= SALT_MAX_HUNDREDTHS, FOL_SALT_S0);

  if (hundredths == 0)
    return FOL_SALT_S0;
  if (hundredths < 2500)
    return FOL_SALT_S1;
  if (hundredths < 5000)
    return FOL_SALT_S2;
  if (hundredths < 7500)
    return FOL_SALT_S3;
  if (hundredths <= 9500)
    return FOL_SALT_S4A;
  if (hundredths < SALT_MAX_HUNDREDTHS)
    return FOL_SALT_S4B;
  return FOL_SALT_S5;
}

/**
 * fol_aa_iga_from_salt:
 *
 * Returns: the AA-IGA grade a SALT score gives: 0 = 0; 1 = (0, 20];
 *   2 = (20, 50); 3 = [50, 95); 4 = [95, 100]
 */
int
fol_aa_iga_from_salt (int hundredths)
{
  g_return_val_if_fail (hundredths >= 0 && hundredths <= SALT_MAX_HUNDREDTHS, 0);

  if (hundredths == 0)
    return 0;
  if (hundredths <= 2000)
    return 1;
  if (hundredths < 5000)
    return 2;
  if (hundredths < 9500)
    return 3;
  return 4;
}

/* Band names are clinical codes, the same in every language. */
const char *
fol_salt_band_name (FolSaltBand band)
{
  static const char *names[] = { "S0", "S1", "S2", "S3", "S4a", "S4b", "S5" };

  g_return_val_if_fail (band <= FOL_SALT_S5, NULL);
  return names[band];
}

/**
 * fol_salt_response:
 * @baseline_hundredths: SALT at baseline, in hundredths
 * @value_hundredths: SALT now, in hundredths
 *
 * The highest of SALT50, SALT75 and SALT90 reached: a relative reduction
 * from baseline of at least 50, 75 or 90 %, compared exactly in integers.
 *
 * Returns: 90, 75, 50, or 0 when none is reached (or the baseline is 0).
 */
guint
fol_salt_response (int baseline_hundredths,
                   int value_hundredths)
{
  static const guint levels[] = { 90, 75, 50 };
  gint64 reduction;

  if (baseline_hundredths <= 0 || value_hundredths < 0)
    return 0;

  reduction = (gint64) baseline_hundredths - value_hundredths;
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      if (100 * reduction >= (gint64) levels[i] * baseline_hundredths)
        return levels[i];
    }

  return 0;
}

/* SALT to one decimal, rounded half up in integers (25.05 → 25.1). */
char *
fol_format_salt (int hundredths)
{
  int tenths;

  if (hundredths < 0)
    return g_strdup ("—");

  tenths = (hundredths + 5) / 10;
  return g_strdup_printf ("%.1f", tenths / 10.0);
}

/* Hairs per cm² from a count and the area it was counted on. */
double
fol_stats_density (double count,
                   double area_cm2)
{
  if (is_missing (count) || is_missing (area_cm2) || area_cm2 <= 0.0)
    return NAN;

  return count / area_cm2;
}

/* Cumulative hair thickness in mm/cm²: density × diameter, µm → mm. */
double
fol_stats_cumulative_thickness (double density,
                                double diameter_um)
{
  if (is_missing (density) || is_missing (diameter_um))
    return NAN;

  return density * diameter_um / 1000.0;
}

/* printf rounds −0.04 to "-0.0": a value that rounds to zero has no sign. */
static void
drop_negative_zero (char *str)
{
  if (str[0] != '-')
    return;

  for (const char *p = str + 1; *p; p++)
    {
      if (g_ascii_isdigit (*p) && *p != '0')
        return;
    }

  memmove (str, str + 1, strlen (str));
}

static gboolean
rounds_to_zero (const char *str)
{
  for (const char *p = str; *p; p++)
    {
      if (g_ascii_isdigit (*p) && *p != '0')
        return FALSE;
    }
  return TRUE;
}

/**
 * fol_format_number:
 * @value: a value, NaN when missing
 * @decimals: digits after the decimal separator
 *
 * Returns: (transfer full): the value with the locale's decimal separator,
 *   or "—" for a missing value.
 */
char *
fol_format_number (double value,
                   guint  decimals)
{
  char *str;

  if (is_missing (value) || isinf (value))
    return g_strdup ("—");

  str = g_strdup_printf ("%.*f", (int) decimals, value);
  drop_negative_zero (str);
  return str;
}

/* Like fol_format_number() with an explicit "+" on positive values. */
char *
fol_format_signed (double value,
                   guint  decimals)
{
  g_autofree char *str = fol_format_number (value, decimals);

  if (is_missing (value) || isinf (value) || str[0] == '-' || rounds_to_zero (str))
    return g_steal_pointer (&str);

  return g_strconcat ("+", str, NULL);
}

/**
 * fol_format_change:
 * @absolute: value − baseline, NaN when missing
 * @relative: the change in percent
 * @has_relative: whether @relative is defined
 * @decimals: decimals of @absolute; percents always take one
 *
 * Returns: (transfer full): for example "+20.3 (+14.1 %)", or "+20.3 (—)"
 *   when the baseline was 0, or "—" when there is no change at all.
 */
char *
fol_format_change (double   absolute,
                   double   relative,
                   gboolean has_relative,
                   guint    decimals)
{
  g_autofree char *abs_str = NULL;
  g_autofree char *rel_str = NULL;

  if (is_missing (absolute))
    return g_strdup ("—");

  abs_str = fol_format_signed (absolute, decimals);

  if (!has_relative || is_missing (relative) || isinf (relative))
    /* Translators: an absolute change from baseline whose relative change
     * is undefined (the baseline was 0) */
    return g_strdup_printf (_("%s (—)"), abs_str);

  rel_str = fol_format_signed (relative, 1);
  /* Translators: absolute change, then relative change in percent */
  return g_strdup_printf (_("%s (%s %%)"), abs_str, rel_str);
}
