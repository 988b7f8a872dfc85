/* fol-stats-summary.c
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

#define G_LOG_DOMAIN "fol-stats-summary"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fol-stats-summary.h"

#define CF_MAX_ITERATIONS 500
#define CF_EPSILON        1e-15
#define CF_TINY           1e-300

/**
 * fol_stats_mean:
 *
 * Returns: the arithmetic mean of @n values, NaN when @n is 0
 */
double
fol_stats_mean (const double *values,
                guint         n)
{
  double sum = 0.0;

  g_return_val_if_fail (values != NULL || n == 0, NAN);

  if (n == 0)
    return NAN;
  for (guint i = 0; i < n; i++)
    sum += values[i];
  return sum / n;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/**
 * fol_stats_median:
 *
 * Returns: the median of @n values (the mean of the two middle ones when
 *   @n is even), NaN when @n is 0. @values is not changed.
 */
double
fol_stats_median (const double *values,
                  guint         n)
{
  g_autofree double *sorted = NULL;

  g_return_val_if_fail (values != NULL || n == 0, NAN);

  if (n == 0)
    return NAN;
  sorted = g_memdup2 (values, n * sizeof (double));
  qsort (sorted, n, sizeof (double), compare_double);
  if (n % 2 == 1)
    return sorted[n / 2];
  return (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
}

/**
 * fol_stats_sd:
 *
 * Returns: the sample standard deviation (divided by n − 1), NaN when
 *   @n is below 2
 */
double
fol_stats_sd (const double *values,
              guint         n)
{
  double mean, ss = 0.0;

  g_return_val_if_fail (values != NULL || n == 0, NAN);

  if (n < 2)
    return NAN;
  mean = fol_stats_mean (values, n);
  for (guint i = 0; i < n; i++)
    ss += (values[i] - mean) * (values[i] - mean);
  return sqrt (ss / (n - 1));
}

/* The continued fraction of the incomplete beta function, evaluated by
 * the modified Lentz method; converges quickly for x < (a + 1) / (a + b + 2).
 */
static double
beta_fraction (double a,
               double b,
               double x)
{
  double c = 1.0, d, h;

  d = 1.0 - (a + b) * x / (a + 1.0);
  if (fabs (d) < CF_TINY)
    d = CF_TINY;
  d = 1.0 / d;
  h = d;

  for (int m = 1; m <= CF_MAX_ITERATIONS; m++)
    {
      int m2 = 2 * m;
      double aa, delta;

      /* Even step */
      aa = m * (b - m) * x / ((a - 1.0 + m2) * (a + m2));
      d = 1.0 + aa * d;
      if (fabs (d) < CF_TINY)
        d = CF_TINY;
      c = 1.0 + aa / c;
      if (fabs (c) < CF_TINY)
        c = CF_TINY;
      d = 1.0 / d;
      h *= d * c;

      /* Odd step */
      aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1.0 + m2));
      d = 1.0 + aa * d;
      if (fabs (d) < CF_TINY)
        d = CF_TINY;
      c = 1.0 + aa / c;
      if (fabs (c) < CF_TINY)
        c = CF_TINY;
      d = 1.0 / d;
      delta = d * c;
      h *= delta;
      if (fabs (delta - 1.0) < CF_EPSILON)
        break;
    }

  return h;
}

/**
 * fol_stats_incomplete_beta:
 * @a: a shape parameter, > 0
 * @b: a shape parameter, > 0
 * @x: from 0 to 1
 *
 * Returns: the regularized incomplete beta function I_x(a, b), NaN
 *   outside its domain
 */
double
fol_stats_incomplete_beta (double a,
                           double b,
                           double x)
{
  double front;

  if (!(a > 0.0) || !(b > 0.0) || !(x >= 0.0) || !(x <= 1.0))
    return NAN;
  if (x == 0.0)
    return 0.0;
  if (x == 1.0)
    return 1.0;

  front = exp (lgamma (a + b) - lgamma (a) - lgamma (b) + a * log (x) + b * log1p (-x));

  /* The fraction converges on the side nearer 0; use the symmetry
   * I_x(a, b) = 1 − I_(1−x)(b, a) on the other.
   */
  if (x < (a + 1.0) / (a + b + 2.0))
    return front * beta_fraction (a, b, x) / a;
  return 1.0 - front * beta_fraction (b, a, 1.0 - x) / b;
}

/**
 * fol_stats_t_cdf:
 * @t: a value
 * @df: degrees of freedom, > 0; infinity gives the normal distribution
 *
 * Returns: P(T ≤ @t) for Student's t distribution with @df degrees of
 *   freedom
 */
double
fol_stats_t_cdf (double t,
                 double df)
{
  double tail;

  if (isnan (t) || !(df > 0.0))
    return NAN;
  if (isinf (df))
    return 0.5 * erfc (-t / G_SQRT2);
  if (isinf (t))
    return t > 0 ? 1.0 : 0.0;

  tail = 0.5 * fol_stats_incomplete_beta (df / 2.0, 0.5, df / (df + t * t));
  return t > 0 ? 1.0 - tail : tail;
}

/**
 * fol_stats_t_quantile:
 * @p: a probability, strictly between 0 and 1
 * @df: degrees of freedom, > 0
 *
 * The inverse of fol_stats_t_cdf(), found by bisection to full double
 * precision: t(0.975, 4) = 2.776…
 *
 * Returns: the t with P(T ≤ t) = @p, NaN outside the domain
 */
double
fol_stats_t_quantile (double p,
                      double df)
{
  double lo = 0.0, hi = 1.0;

  if (!(p > 0.0) || !(p < 1.0) || !(df > 0.0))
    return NAN;
  if (p == 0.5)
    return 0.0;
  if (p < 0.5)
    return -fol_stats_t_quantile (1.0 - p, df);

  while (fol_stats_t_cdf (hi, df) < p)
    {
      lo = hi;
      hi *= 2.0;
      if (hi > 1e12)
        return NAN;
    }

  for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++)
    {
      double mid = (lo + hi) / 2.0;

      if (fol_stats_t_cdf (mid, df) < p)
        lo = mid;
      else
        hi = mid;
    }

  return (lo + hi) / 2.0;
}

/**
 * fol_stats_mean_ci95:
 * @out_low: (out) (optional): mean − t(0.975, n − 1) × sd / √n
 * @out_high: (out) (optional): mean + t(0.975, n − 1) × sd / √n
 *
 * The 95 % confidence interval of the mean from Student's t distribution.
 *
 * Returns: %FALSE (bounds NaN) when @n is below 2
 */
gboolean
fol_stats_mean_ci95 (const double *values,
                     guint         n,
                     double       *out_low,
                     double       *out_high)
{
  double mean, half;

  g_return_val_if_fail (values != NULL || n == 0, FALSE);

  if (out_low != NULL)
    *out_low = NAN;
  if (out_high != NULL)
    *out_high = NAN;
  if (n < 2)
    return FALSE;

  mean = fol_stats_mean (values, n);
  half = fol_stats_t_quantile (0.975, n - 1) * fol_stats_sd (values, n) / sqrt (n);
  if (out_low != NULL)
    *out_low = mean - half;
  if (out_high != NULL)
    *out_high = mean + half;
  return TRUE;
}

/**
 * fol_stats_wilson95:
 * @successes: how many of @n
 * @n: the number of trials
 * @out_low: (out) (optional): the lower bound, a proportion from 0 to 1
 * @out_high: (out) (optional): the upper bound
 *
 * The 95 % Wilson score interval of the proportion @successes / @n: unlike
 * p ± z√(p(1 − p)/n) it stays inside 0..1 and is not empty at 0 or n.
 *
 * Returns: %FALSE (bounds NaN) when @n is 0 or @successes exceeds it
 */
gboolean
fol_stats_wilson95 (guint   successes,
                    guint   n,
                    double *out_low,
                    double *out_high)
{
  const double z = FOL_STATS_Z95;
  double p, denominator, centre, half;

  if (out_low != NULL)
    *out_low = NAN;
  if (out_high != NULL)
    *out_high = NAN;
  if (n == 0 || successes > n)
    return FALSE;

  p = (double) successes / n;
  denominator = 1.0 + z * z / n;
  centre = (p + z * z / (2.0 * n)) / denominator;
  half = z * sqrt (p * (1.0 - p) / n + z * z / (4.0 * n * (double) n)) / denominator;
  /* At 0 and n the bound is exactly 0 or 1; rounding would leave 1e-17. */
  if (out_low != NULL)
    *out_low = successes == 0 ? 0.0 : MAX (0.0, centre - half);
  if (out_high != NULL)
    *out_high = successes == n ? 1.0 : MIN (1.0, centre + half);
  return TRUE;
}
