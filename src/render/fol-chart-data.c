/* fol-chart-data.c
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

#define G_LOG_DOMAIN "fol-chart-data"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-chart.h"
#include "fol-chart-data.h"
#include "fol-chart-private.h"
#include "fol-figures.h"
#include "fol-i18n.h"

typedef struct
{
  FolDate  date;
  double   value;
  double   y;
  double   nx;
  double   ny;
  char    *id;
} Point;

typedef struct
{
  FolRegion  region;
  double     baseline;
  Point     *points;
  guint      n_points;
  gboolean   has_trend;
  FolDate    trend_origin;
  double     trend_intercept;
  double     trend_slope;
} Series;

typedef struct
{
  FolDate  date;
  char    *label;
} Treatment;

struct _FolChartData
{
  GObject     parent_instance;

  FolMeasure  measure;
  gboolean    relative;
  char       *title;
  char       *subtitle;
  double      threshold;
  double      fixed_min;
  double      fixed_max;

  GArray     *series;      /* of Series */
  GArray     *treatments;  /* of Treatment */
  GStrv       levels;      /* an ordinal scale's grades, in order; NULL for numbers */

  /* Derived in normalize (), once per change */
  gboolean    empty;
  double      x_min;
  double      x_max;
  double      y_min;
  double      y_max;
  double      y_step;
};

G_DEFINE_FINAL_TYPE (FolChartData, fol_chart_data, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
series_clear (gpointer data)
{
  Series *s = data;

  for (guint i = 0; i < s->n_points; i++)
    g_free (s->points[i].id);
  g_clear_pointer (&s->points, g_free);
}

static void
treatment_clear (gpointer data)
{
  Treatment *t = data;

  g_clear_pointer (&t->label, g_free);
}

static gboolean
set_str (char       **dest,
         const char  *value)
{
  if (g_strcmp0 (*dest, value) == 0)
    return FALSE;
  g_free (*dest);
  *dest = g_strdup (value);
  return TRUE;
}

static inline Series *
get_series (FolChartData *self,
            guint         i)
{
  return &g_array_index (self->series, Series, i);
}

/* The plotted value: the measurement itself, or its change from the
 * region's own baseline in percent, undefined (NaN) without a usable
 * baseline, as CLINICAL.md asks.
 */
static double
to_plot_y (FolChartData *self,
           double        value,
           double        baseline)
{
  if (!isfinite (value))
    return NAN;
  if (!self->relative)
    return value;
  if (!isfinite (baseline) || baseline == 0.0)
    return NAN;
  return 100.0 * (value - baseline) / baseline;
}

static gboolean
has_absolute_band (FolChartData *self)
{
  return !self->relative && self->series->len == 1 &&
         isfinite (get_series (self, 0)->baseline);
}

static void
extend (double *lo,
        double *hi,
        double  v)
{
  if (!isfinite (v))
    return;
  *lo = MIN (*lo, v);
  *hi = MAX (*hi, v);
}

/* Prepares everything a render needs that does not depend on the size, so
 * that a resize only rescales the normalised coordinates.
 */
static void
normalize (FolChartData *self)
{
  double x_lo = INFINITY, x_hi = -INFINITY;
  double y_lo = INFINITY, y_hi = -INFINITY;
  double band_lo, band_hi;
  double first, step;
  guint n;

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = get_series (self, i);

      for (guint j = 0; j < s->n_points; j++)
        {
          Point *p = &s->points[j];

          p->y = to_plot_y (self, p->value, s->baseline);
          if (isfinite (p->y))
            {
              extend (&x_lo, &x_hi, p->date);
              extend (&y_lo, &y_hi, p->y);
            }
        }
    }

  self->empty = !isfinite (y_lo);

  for (guint i = 0; i < self->treatments->len; i++)
    extend (&x_lo, &x_hi, g_array_index (self->treatments, Treatment, i).date);

  if (!self->empty)
    {
      if (self->relative)
        extend (&y_lo, &y_hi, 0.0);
      else
        for (guint i = 0; i < self->series->len; i++)
          extend (&y_lo, &y_hi, get_series (self, i)->baseline);

      if (fol_chart_data_get_band (self, &band_lo, &band_hi))
        {
          extend (&y_lo, &y_hi, band_lo);
          extend (&y_lo, &y_hi, band_hi);
        }
    }

  if (!isfinite (x_lo))
    {
      x_lo = fol_date_today ();
      x_hi = x_lo;
    }

  /* A little room on both sides so that the first and last markers are
   * not cut in half by the plot edge; one date alone gets a month.
   */
  if (x_hi - x_lo < 1.0)
    {
      x_lo -= 15.0;
      x_hi += 15.0;
    }
  else
    {
      double pad = MAX (1.0, (x_hi - x_lo) * 0.04);

      x_lo -= pad;
      x_hi += pad;
    }
  self->x_min = x_lo;
  self->x_max = x_hi;

  if (isfinite (self->fixed_min) && isfinite (self->fixed_max))
    {
      y_lo = self->fixed_min;
      y_hi = self->fixed_max;
    }
  else if (self->empty)
    {
      y_lo = 0.0;
      y_hi = self->relative ? 10.0 : 1.0;
    }
  else
    {
      /* Headroom, so that no marker sits on the frame; never below a
       * zero that the values do not cross.
       */
      double margin = (y_hi - y_lo) * 0.02;

      y_lo = (y_lo >= 0.0 && y_lo - margin < 0.0) ? 0.0 : y_lo - margin;
      y_hi += margin;
    }

  if (!fol_chart_nice_ticks (y_lo, y_hi, 5, &step, &first, &n))
    {
      step = 1.0;
      first = 0.0;
      n = 2;
    }

  if (isfinite (self->fixed_min) && isfinite (self->fixed_max))
    {
      self->y_min = self->fixed_min;
      self->y_max = self->fixed_max;
    }
  else
    {
      self->y_min = first;
      self->y_max = first + (n - 1) * step;
    }
  self->y_step = step;

  /* An ordinal scale: one row per grade, in the scale's order. */
  if (self->levels != NULL)
    {
      self->y_min = -0.5;
      self->y_max = g_strv_length (self->levels) - 0.5;
      self->y_step = 1.0;
    }

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *s = get_series (self, i);

      for (guint j = 0; j < s->n_points; j++)
        {
          Point *p = &s->points[j];

          p->nx = fol_chart_data_normalize_x (self, p->date);
          p->ny = fol_chart_data_normalize_y (self, p->y);
        }
    }
}

static void
changed (FolChartData *self)
{
  normalize (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static int
compare_points (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const Point *pa = a;
  const Point *pb = b;

  return (pa->date > pb->date) - (pa->date < pb->date);
}

static void
fol_chart_data_finalize (GObject *object)
{
  FolChartData *self = FOL_CHART_DATA (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->series, g_array_unref);
  g_clear_pointer (&self->treatments, g_array_unref);
  g_clear_pointer (&self->levels, g_strfreev);

  G_OBJECT_CLASS (fol_chart_data_parent_class)->finalize (object);
}

static void
fol_chart_data_class_init (FolChartDataClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fol_chart_data_finalize;

  /**
   * FolChartData::changed:
   *
   * Emitted after any change of the data, once it is normalised again.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
fol_chart_data_init (FolChartData *self)
{
  self->threshold = FOL_CHART_DEFAULT_THRESHOLD;
  self->fixed_min = NAN;
  self->fixed_max = NAN;
  self->series = g_array_new (FALSE, TRUE, sizeof (Series));
  g_array_set_clear_func (self->series, series_clear);
  self->treatments = g_array_new (FALSE, TRUE, sizeof (Treatment));
  g_array_set_clear_func (self->treatments, treatment_clear);
  normalize (self);
}

/**
 * fol_chart_data_new:
 * @measure: what the chart shows
 * @relative: %TRUE to plot the change from baseline in percent, %FALSE to
 *   plot the measurement in its unit
 */
FolChartData *
fol_chart_data_new (FolMeasure measure,
                    gboolean   relative)
{
  FolChartData *self;

  g_return_val_if_fail (measure < FOL_N_MEASURES, NULL);

  self = g_object_new (FOL_TYPE_CHART_DATA, NULL);
  self->measure = measure;
  /* A grade has no percent change. */
  self->relative = !!relative && !fol_measure_is_ordinal (measure);
  normalize (self);
  return self;
}

FolMeasure
fol_chart_data_get_measure (FolChartData *self)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (self), 0);
  return self->measure;
}

gboolean
fol_chart_data_get_relative (FolChartData *self)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (self), FALSE);
  return self->relative;
}

void
fol_chart_data_set_title (FolChartData *self,
                          const char   *title)
{
  g_return_if_fail (FOL_IS_CHART_DATA (self));
  if (set_str (&self->title, title))
    changed (self);
}

const char *
fol_chart_data_get_title (FolChartData *self)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (self), NULL);
  return self->title;
}

void
fol_chart_data_set_subtitle (FolChartData *self,
                             const char   *subtitle)
{
  g_return_if_fail (FOL_IS_CHART_DATA (self));
  if (set_str (&self->subtitle, subtitle))
    changed (self);
}

const char *
fol_chart_data_get_subtitle (FolChartData *self)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (self), NULL);
  return self->subtitle;
}

/**
 * fol_chart_data_add_series:
 * @region: the scalp region the values belong to
 * @dates: (array length=n): visit dates, in any order
 * @values: (array length=n): measurements; NaN where missing (drawn as a gap)
 * @ids: (array length=n) (nullable): visit ids handed back on activation
 * @baseline: the region's baseline, NaN when it has none
 *
 * Returns: the index of the new series
 */
guint
fol_chart_data_add_series (FolChartData       *self,
                           FolRegion           region,
                           const FolDate      *dates,
                           const double       *values,
                           const char * const *ids,
                           guint               n,
                           double              baseline)
{
  Series s = { 0 };

  g_return_val_if_fail (FOL_IS_CHART_DATA (self), 0);
  /* FOL_REGION_NONE: a whole-scalp measure such as SALT. */
  g_return_val_if_fail (region < FOL_N_REGIONS || region == FOL_REGION_NONE, 0);
  g_return_val_if_fail (n == 0 || (dates != NULL && values != NULL), 0);
  for (guint i = 0; i < n; i++)
    g_return_val_if_fail (dates[i] != FOL_DATE_NONE, 0);

  s.region = region;
  s.baseline = isfinite (baseline) ? baseline : NAN;
  s.n_points = n;
  s.points = g_new0 (Point, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      s.points[i].date = dates[i];
      s.points[i].value = isfinite (values[i]) ? values[i] : NAN;
      s.points[i].id = g_strdup (ids ? ids[i] : NULL);
    }
  /* Visits may come in any order; the lines join them by date. */
  if (n > 1)
    g_qsort_with_data (s.points, n, sizeof (Point),
                       compare_points, NULL);

  g_array_append_val (self->series, s);
  changed (self);

  return self->series->len - 1;
}

/**
 * fol_chart_data_set_series_trend:
 * @origin: the date where months = 0
 * @intercept: the fitted value at @origin, in the measurement's unit
 * @slope_per_month: the fitted slope, in unit per month (30.4375 days)
 *
 * Adds the least-squares line the caller fitted. In relative charts it is
 * drawn as change from the series' baseline.
 */
void
fol_chart_data_set_series_trend (FolChartData *self,
                                 guint         series,
                                 FolDate       origin,
                                 double        intercept,
                                 double        slope_per_month)
{
  Series *s;

  g_return_if_fail (FOL_IS_CHART_DATA (self));
  g_return_if_fail (series < self->series->len);

  s = get_series (self, series);
  s->has_trend = isfinite (intercept) && isfinite (slope_per_month);
  s->trend_origin = origin;
  s->trend_intercept = intercept;
  s->trend_slope = slope_per_month;
  changed (self);
}

void
fol_chart_data_add_treatment (FolChartData *self,
                              FolDate       date,
                              const char   *label)
{
  Treatment t;

  g_return_if_fail (FOL_IS_CHART_DATA (self));
  g_return_if_fail (date != FOL_DATE_NONE);

  t.date = date;
  t.label = g_strdup (label);
  g_array_append_val (self->treatments, t);
  changed (self);
}

/**
 * fol_chart_data_set_threshold:
 * @percent: the no-change band half-width T, in percent (0 hides the band)
 */
void
fol_chart_data_set_threshold (FolChartData *self,
                              double        percent)
{
  g_return_if_fail (FOL_IS_CHART_DATA (self));
  g_return_if_fail (isfinite (percent) && percent >= 0.0);

  if (self->threshold == percent)
    return;
  self->threshold = percent;
  changed (self);
}

double
fol_chart_data_get_threshold (FolChartData *self)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (self), FOL_CHART_DEFAULT_THRESHOLD);
  return self->threshold;
}

/**
 * fol_chart_data_set_y_range:
 *
 * Fixes the y axis, for example to compare patients on one scale; values
 * beyond it are clipped at the plot edge. NaN for both returns to an
 * automatic range.
 */
void
fol_chart_data_set_y_range (FolChartData *self,
                            double        min,
                            double        max)
{
  g_return_if_fail (FOL_IS_CHART_DATA (self));
  g_return_if_fail ((isnan (min) && isnan (max)) ||
                    (isfinite (min) && isfinite (max) && min < max));

  self->fixed_min = min;
  self->fixed_max = max;
  changed (self);
}

guint
fol_chart_data_get_n_series (FolChartData *self)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (self), 0);
  return self->series->len;
}

/**
 * fol_chart_data_get_series_label:
 *
 * Returns: the series' name for legends and labels: its region's name (as
 *   in tables), or the measurement for a whole-scalp series
 */
const char *
fol_chart_data_get_series_label (FolChartData *self,
                                 guint         series)
{
  FolRegion region;

  g_return_val_if_fail (FOL_IS_CHART_DATA (self), NULL);
  g_return_val_if_fail (series < self->series->len, NULL);

  region = get_series (self, series)->region;
  if (region == FOL_REGION_NONE)
    return fol_measure_name (self->measure);
  return fol_region_short_name (region);
}

FolRegion
fol_chart_data_get_series_region (FolChartData *self,
                                  guint         series)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (self), FOL_REGION_NONE);
  g_return_val_if_fail (series < self->series->len, FOL_REGION_NONE);
  return get_series (self, series)->region;
}

double
fol_chart_data_get_series_baseline (FolChartData *self,
                                    guint         series)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (self), NAN);
  g_return_val_if_fail (series < self->series->len, NAN);
  return get_series (self, series)->baseline;
}

/**
 * fol_chart_data_get_series_trend:
 * @intercept: (out) (optional): the trend at @origin, in plotted units
 * @slope_per_month: (out) (optional): in plotted units per month
 *
 * Returns: %TRUE if the series has a trend that can be drawn
 */
gboolean
fol_chart_data_get_series_trend (FolChartData *self,
                                 guint         series,
                                 FolDate      *origin,
                                 double       *intercept,
                                 double       *slope_per_month)
{
  Series *s;
  double a, b;

  g_return_val_if_fail (FOL_IS_CHART_DATA (self), FALSE);
  g_return_val_if_fail (series < self->series->len, FALSE);

  s = get_series (self, series);
  if (!s->has_trend)
    return FALSE;

  a = to_plot_y (self, s->trend_intercept, s->baseline);
  b = self->relative ? 100.0 * s->trend_slope / s->baseline : s->trend_slope;
  if (!isfinite (a) || !isfinite (b))
    return FALSE;

  if (origin)
    *origin = s->trend_origin;
  if (intercept)
    *intercept = a;
  if (slope_per_month)
    *slope_per_month = b;
  return TRUE;
}

guint
fol_chart_data_get_n_points (FolChartData *self,
                             guint         series)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (self), 0);
  g_return_val_if_fail (series < self->series->len, 0);
  return get_series (self, series)->n_points;
}

#define CHECK_POINT(self, series, point, val)                          \
  G_STMT_START {                                                        \
    g_return_val_if_fail (FOL_IS_CHART_DATA (self), val);               \
    g_return_val_if_fail (series < self->series->len, val);             \
    g_return_val_if_fail (point < get_series (self, series)->n_points, val); \
  } G_STMT_END

FolDate
fol_chart_data_get_date (FolChartData *self,
                         guint         series,
                         guint         point)
{
  CHECK_POINT (self, series, point, FOL_DATE_NONE);
  return get_series (self, series)->points[point].date;
}

/* The measurement as given, NaN when missing. */
double
fol_chart_data_get_value (FolChartData *self,
                          guint         series,
                          guint         point)
{
  CHECK_POINT (self, series, point, NAN);
  return get_series (self, series)->points[point].value;
}

/* What the chart plots: the value, or its change in percent. */
double
fol_chart_data_get_y (FolChartData *self,
                      guint         series,
                      guint         point)
{
  CHECK_POINT (self, series, point, NAN);
  return get_series (self, series)->points[point].y;
}

const char *
fol_chart_data_get_id (FolChartData *self,
                       guint         series,
                       guint         point)
{
  CHECK_POINT (self, series, point, NULL);
  return get_series (self, series)->points[point].id;
}

/**
 * fol_chart_data_get_normalized:
 * @nx: (out): 0 at the left of the plot, 1 at the right
 * @ny: (out): 0 at the bottom, 1 at the top (may lie outside with a fixed range)
 *
 * Returns: %FALSE for a missing point, which is not drawn
 */
gboolean
fol_chart_data_get_normalized (FolChartData *self,
                               guint         series,
                               guint         point,
                               double       *nx,
                               double       *ny)
{
  Point *p;

  CHECK_POINT (self, series, point, FALSE);

  p = &get_series (self, series)->points[point];
  if (!isfinite (p->y))
    return FALSE;
  *nx = p->nx;
  *ny = p->ny;
  return TRUE;
}

guint
fol_chart_data_get_n_treatments (FolChartData *self)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (self), 0);
  return self->treatments->len;
}

FolDate
fol_chart_data_get_treatment_date (FolChartData *self,
                                   guint         i)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (self), FOL_DATE_NONE);
  g_return_val_if_fail (i < self->treatments->len, FOL_DATE_NONE);
  return g_array_index (self->treatments, Treatment, i).date;
}

const char *
fol_chart_data_get_treatment_label (FolChartData *self,
                                    guint         i)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (self), NULL);
  g_return_val_if_fail (i < self->treatments->len, NULL);
  return g_array_index (self->treatments, Treatment, i).label;
}

/* %TRUE when there is not a single value to plot. */
gboolean
fol_chart_data_is_empty (FolChartData *self)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (self), TRUE);
  return self->empty;
}

/**
 * fol_chart_data_get_band:
 *
 * The no-change band in plotted units: ±T % around 0 in a relative chart,
 * ±T % of the baseline in an absolute chart of one region with a baseline.
 *
 * Returns: %FALSE when no band applies
 */
gboolean
fol_chart_data_get_band (FolChartData *self,
                         double       *low,
                         double       *high)
{
  double b;

  g_return_val_if_fail (FOL_IS_CHART_DATA (self), FALSE);

  if (self->threshold <= 0.0 || self->levels != NULL)
    return FALSE;

  if (self->relative)
    {
      *low = -self->threshold;
      *high = self->threshold;
      return TRUE;
    }

  if (!has_absolute_band (self))
    return FALSE;

  b = get_series (self, 0)->baseline;
  *low = b - fabs (b) * self->threshold / 100.0;
  *high = b + fabs (b) * self->threshold / 100.0;
  return TRUE;
}

void
fol_chart_data_get_x_range (FolChartData *self,
                            FolDate      *first,
                            FolDate      *last)
{
  g_return_if_fail (FOL_IS_CHART_DATA (self));

  if (first)
    *first = (FolDate) ceil (self->x_min);
  if (last)
    *last = (FolDate) floor (self->x_max);
}

void
fol_chart_data_get_y_range (FolChartData *self,
                            double       *min,
                            double       *max,
                            double       *tick_step)
{
  g_return_if_fail (FOL_IS_CHART_DATA (self));

  if (min)
    *min = self->y_min;
  if (max)
    *max = self->y_max;
  if (tick_step)
    *tick_step = self->y_step;
}

/* A date (Julian day, possibly fractional) to 0..1 across the plot. */
double
fol_chart_data_normalize_x (FolChartData *self,
                            double        date)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (self), 0.0);
  return (date - self->x_min) / (self->x_max - self->x_min);
}

/* A plotted value to 0..1 up the plot. */
double
fol_chart_data_normalize_y (FolChartData *self,
                            double        y)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (self), 0.0);
  return (y - self->y_min) / (self->y_max - self->y_min);
}

static char *
format_signed (double      v,
               guint       decimals,
               const char *unit)
{
  /* A minus sign, not a hyphen, for negative changes. */
  return g_strdup_printf ("%s%.*f %s", v > 0 ? "+" : v < 0 ? "−" : "±",
                          decimals, fabs (v), unit);
}

/* Region, date, exact value and change from baseline ("—" when it is
 * undefined, never 0), as a sentence or in short lines.
 */
static char *
describe (FolChartData *self,
          guint         series,
          guint         point,
          gboolean      in_lines)
{
  Series *s = get_series (self, series);
  Point *p = &s->points[point];
  /* A point's label stands alone: a region's long name. */
  const char *region = s->region == FOL_REGION_NONE ? fol_measure_name (self->measure)
                                                    : fol_region_name (s->region);
  const char *unit = fol_measure_unit (self->measure);
  guint decimals = fol_measure_decimals (self->measure);
  g_autofree char *date = g_strstrip (fol_date_format (p->date));
  g_autofree char *value = NULL;
  g_autofree char *abs_change = NULL;
  g_autofree char *rel_change = NULL;

  if (!isfinite (p->value))
    return g_strdup_printf (in_lines
                            /* Translators: a chart label in lines: region, date */
                            ? _("%s\n%s\nNot measured")
                            /* Translators: region, date; the measurement is missing */
                            : _("%s, %s: not measured"),
                            region, date);

  if (self->levels != NULL)
    {
      const char *grade = fol_chart_data_get_level_label (self, (guint) p->value);
      g_autofree char *words = isfinite (s->baseline)
                               ? fol_scale_change_words ((int) s->baseline, (int) p->value)
                               : g_strdup ("—");

      return g_strdup_printf (in_lines
                              /* Translators: a chart label in lines: scale, date, grade,
                               * change from baseline as "better by one grade" */
                              ? _("%s\n%s\n%s\nSince baseline: %s")
                              /* Translators: scale, date: grade; change from baseline
                               * as "better by one grade" */
                              : _("%s, %s: %s; since baseline %s"),
                              region, date, grade ? grade : "—", words);
    }

  value = g_strdup_printf ("%.*f %s", decimals, p->value, unit);

  if (isfinite (s->baseline))
    abs_change = format_signed (p->value - s->baseline, decimals, unit);
  else
    abs_change = g_strdup ("—");

  if (isfinite (s->baseline) && s->baseline != 0.0)
    rel_change = format_signed (100.0 * (p->value - s->baseline) / s->baseline, 1, "%");
  else
    rel_change = g_strdup ("—");

  return g_strdup_printf (in_lines
                          /* Translators: a chart label in lines: region, date, value,
                           * change from baseline as "+12.0 hairs/cm² (+7.1 %)" */
                          ? _("%s\n%s\n%s\nChange from baseline: %s (%s)")
                          /* Translators: region, date: value; change from baseline
                           * as "+12.0 hairs/cm² (+7.1 %)" */
                          : _("%s, %s: %s; change from baseline %s (%s)"),
                          region, date, value, abs_change, rel_change);
}

/**
 * fol_chart_data_describe_point:
 *
 * One sentence for assistive technologies: region, date, exact value and
 * change from baseline.
 */
char *
fol_chart_data_describe_point (FolChartData *self,
                               guint         series,
                               guint         point)
{
  CHECK_POINT (self, series, point, NULL);
  return describe (self, series, point, FALSE);
}

/**
 * fol_chart_data_dup_point_label:
 *
 * The same as fol_chart_data_describe_point(), in short lines for the
 * label shown beside a hovered point.
 */
char *
fol_chart_data_dup_point_label (FolChartData *self,
                                guint         series,
                                guint         point)
{
  CHECK_POINT (self, series, point, NULL);
  return describe (self, series, point, TRUE);
}

/* The y axis title with its unit. */
char *
fol_chart_data_dup_y_title (FolChartData *self)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (self), NULL);

  if (self->relative)
    /* Translators: y axis title, the measurement's name */
    return g_strdup_printf (_("%s, change from baseline (%%)"), fol_measure_name (self->measure));

  /* Translators: y axis title: measurement (unit) */
  return g_strdup_printf (_("%s (%s)"), fol_measure_name (self->measure),
                          fol_measure_unit (self->measure));
}

/**
 * fol_chart_data_set_levels:
 * @labels: (array length=n): the grades of an ordinal scale, lowest first
 *
 * Makes the y axis a scale of grades: one row per grade in the scale's
 * order, labelled with its name, and series drawn as steps from one
 * assessment to the next (a grade holds until the next is taken).
 */
void
fol_chart_data_set_levels (FolChartData       *self,
                           const char * const *labels,
                           guint               n)
{
  GStrvBuilder *builder;

  g_return_if_fail (FOL_IS_CHART_DATA (self));
  g_return_if_fail (labels != NULL || n == 0);

  g_clear_pointer (&self->levels, g_strfreev);
  if (n > 0)
    {
      builder = g_strv_builder_new ();
      for (guint i = 0; i < n; i++)
        g_strv_builder_add (builder, labels[i]);
      self->levels = g_strv_builder_end (builder);
      g_strv_builder_unref (builder);
    }
  changed (self);
}

guint
fol_chart_data_get_n_levels (FolChartData *self)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (self), 0);
  return self->levels != NULL ? g_strv_length (self->levels) : 0;
}

/* Returns: (nullable): the grade at @level, or %NULL */
const char *
fol_chart_data_get_level_label (FolChartData *self,
                                guint         level)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (self), NULL);

  if (self->levels == NULL || level >= g_strv_length (self->levels))
    return NULL;
  return self->levels[level];
}

/* The label of a y tick: a grade's name on an ordinal scale, else the number. */
char *
fol_chart_data_dup_y_tick_label (FolChartData *self,
                                 double        value,
                                 guint         decimals)
{
  g_return_val_if_fail (FOL_IS_CHART_DATA (self), NULL);

  if (self->levels != NULL)
    {
      const char *label = value >= 0.0 && value == floor (value)
                          ? fol_chart_data_get_level_label (self, (guint) value) : NULL;

      return g_strdup (label != NULL ? label : "");
    }
  return _fol_chart_format_tick (value, decimals);
}

static void
checksum_double (GChecksum *sum,
                 double     v)
{
  g_checksum_update (sum, (const guchar *) &v, sizeof v);
}

static void
checksum_int (GChecksum *sum,
              gint64     v)
{
  g_checksum_update (sum, (const guchar *) &v, sizeof v);
}

static void
checksum_string (GChecksum  *sum,
                 const char *s)
{
  /* NULL and "" differ, and so do ("ab", "c") and ("a", "bc") */
  checksum_int (sum, s ? (gint64) strlen (s) : -1);
  if (s != NULL)
    g_checksum_update (sum, (const guchar *) s, -1);
}

/**
 * _fol_chart_data_dup_backdrop_key:
 *
 * Everything of the data that a chart draws besides its series: titles,
 * axes and their ranges, ticks (which may be the points' dates), the
 * band, baselines, treatments and the legend. Two data with the same key
 * draw the same backdrop; the series' values may differ.
 *
 * Returns: (transfer full): the key, a checksum
 */
char *
_fol_chart_data_dup_backdrop_key (FolChartData *self)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  double lo, hi;
  gboolean band;

  g_return_val_if_fail (FOL_IS_CHART_DATA (self), NULL);

  checksum_int (sum, self->measure);
  checksum_int (sum, self->relative);
  checksum_string (sum, self->title);
  checksum_string (sum, self->subtitle);
  checksum_double (sum, self->threshold);
  checksum_int (sum, self->empty);
  checksum_double (sum, self->x_min);
  checksum_double (sum, self->x_max);
  checksum_double (sum, self->y_min);
  checksum_double (sum, self->y_max);
  checksum_double (sum, self->y_step);
  band = fol_chart_data_get_band (self, &lo, &hi);
  checksum_int (sum, band);
  if (band)
    {
      checksum_double (sum, lo);
      checksum_double (sum, hi);
    }

  checksum_int (sum, self->levels ? (gint64) g_strv_length (self->levels) : -1);
  for (guint i = 0; self->levels != NULL && self->levels[i] != NULL; i++)
    checksum_string (sum, self->levels[i]);

  checksum_int (sum, self->treatments->len);
  for (guint i = 0; i < self->treatments->len; i++)
    {
      const Treatment *t = &g_array_index (self->treatments, Treatment, i);

      checksum_int (sum, t->date);
      checksum_string (sum, t->label);
    }

  checksum_int (sum, self->series->len);
  for (guint i = 0; i < self->series->len; i++)
    {
      const Series *s = get_series (self, i);

      checksum_int (sum, s->region);
      checksum_string (sum, fol_chart_data_get_series_label (self, i));
      checksum_double (sum, s->baseline);
      checksum_int (sum, s->has_trend);
      /* Over a short span the time axis marks the points' own dates. */
      checksum_int (sum, s->n_points);
      for (guint k = 0; k < s->n_points; k++)
        checksum_int (sum, s->points[k].date);
    }

  return g_strdup (g_checksum_get_string (sum));
}
