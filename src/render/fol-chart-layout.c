/* fol-chart-layout.c
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

#define G_LOG_DOMAIN "fol-chart"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-chart-private.h"
#include "fol-i18n.h"
#include "fol-stats.h"

/* Where everything of a chart goes, from its data, style and size: the
 * drawing in fol-chart.c and the hit testing of the view share it.
 */

#define MAX_TR_ROWS     3
#define MAX_TR_LABEL_W  160.0
#define MIN_PLOT_LINES  5.0   /* smallest plot height, in text lines */

static double
nice_number (double   x,
             gboolean round_it)
{
  double e = floor (log10 (x));
  double f = x / pow (10.0, e);
  double nf;

  if (round_it)
    nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  else
    nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;

  return nf * pow (10.0, e);
}

/**
 * fol_chart_nice_ticks:
 * @min: lowest value to cover
 * @max: highest value to cover
 * @target: about how many ticks are wanted (at least 2)
 * @step: (out): distance between ticks: 1, 2 or 5 × 10ⁿ
 * @first: (out): the first tick, ≤ @min
 * @n: (out): number of ticks; the last, @first + (@n − 1) × @step, is ≥ @max
 *
 * Heckbert's "nice numbers" loose labelling (Graphics Gems, 1990). An empty
 * range (@min = @max) is widened by 10 % of the value, or ±1 around 0.
 *
 * Returns: %FALSE for non-finite input
 */
gboolean
fol_chart_nice_ticks (double  min,
                      double  max,
                      guint   target,
                      double *step,
                      double *first,
                      guint  *n)
{
  double range, d, lo, hi;

  g_return_val_if_fail (step != NULL && first != NULL && n != NULL, FALSE);

  if (!isfinite (min) || !isfinite (max) || !isfinite (max - min))
    return FALSE;

  if (min > max)
    {
      double t = min;
      min = max;
      max = t;
    }

  target = MAX (target, 2);

  if (max - min <= fabs (max) * 1e-12)
    {
      double half = min == 0.0 ? 1.0 : fabs (min) * 0.1;

      min -= half;
      max += half;
    }

  range = nice_number (max - min, FALSE);
  d = nice_number (range / (target - 1), TRUE);
  if (!isfinite (d) || d <= 0.0)
    return FALSE;

  /* The epsilon keeps 0.3 / 0.1 = 2.9999… from adding a tick below. */
  lo = floor (min / d + 1e-9) * d;
  hi = ceil (max / d - 1e-9) * d;
  if (lo > min)
    lo -= d;
  if (hi < max)
    hi += d;
  if (lo == 0.0)
    lo = 0.0;  /* no −0 */

  *step = d;
  *first = lo;
  *n = (guint) llround ((hi - lo) / d) + 1;
  return TRUE;
}

/* Decimals that show a tick step of 1, 2 or 5 × 10ⁿ exactly. */
guint
fol_chart_tick_decimals (double step)
{
  double e;

  if (!isfinite (step) || step <= 0.0)
    return 0;
  e = -floor (log10 (step) + 1e-9);
  return (guint) CLAMP (e, 0.0, 12.0);
}

typedef struct
{
  PangoContext   *context;
  cairo_matrix_t  matrix;
} ChartContext;

static void
chart_context_free (gpointer data)
{
  ChartContext *c = data;

  g_object_unref (c->context);
  g_free (c);
}

static const cairo_user_data_key_t chart_context_key;

/* One Pango context per cairo context, not one per layout: a chart makes
 * dozens of layouts, and each context costs a font map lookup. It follows
 * the cairo context's transformation (translations aside, which change no
 * metrics).
 *
 * Returns: (transfer full): the context for layouts drawn on @cr
 */
static PangoContext *
chart_context (cairo_t *cr)
{
  ChartContext *c = cairo_get_user_data (cr, &chart_context_key);
  cairo_matrix_t m;

  cairo_get_matrix (cr, &m);
  m.x0 = m.y0 = 0;
  if (c == NULL)
    {
      cairo_font_options_t *options = cairo_font_options_create ();

      c = g_new0 (ChartContext, 1);
      c->context = pango_cairo_create_context (cr);
      c->matrix = m;
      /* Unhinted metrics give one layout on every surface, so hit testing
       * on a scratch surface agrees with what was drawn on the screen.
       */
      cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
      pango_cairo_context_set_font_options (c->context, options);
      pango_cairo_context_set_resolution (c->context, 96.0);
      cairo_font_options_destroy (options);
      if (cairo_set_user_data (cr, &chart_context_key, c, chart_context_free) != CAIRO_STATUS_SUCCESS)
        {
          /* Not kept (a context in error): this one is the caller's. */
          PangoContext *context = c->context;

          g_free (c);
          return context;
        }
    }
  else if (memcmp (&c->matrix, &m, sizeof m) != 0)
    {
      pango_cairo_update_context (cr, c->context);
      c->matrix = m;
    }
  return g_object_ref (c->context);
}

/* The faces every chart's text is set in: line, small print, title. */
static const struct {
  double scale;
  gboolean bold;
} chart_faces[] = {
  { 1.0, FALSE },
  { TEXT_SMALL, FALSE },
  { TEXT_TITLE, TRUE },
};

/**
 * _fol_chart_load_faces:
 *
 * Loads the fonts of the chart faces for drawing on @cr, as the first
 * chart drawn there would: matching, opening and shaping with each once.
 */
void
_fol_chart_load_faces (cairo_t             *cr,
                       const FolChartStyle *style)
{
  for (guint i = 0; i < G_N_ELEMENTS (chart_faces); i++)
    {
      g_autoptr(PangoLayout) probe = _fol_chart_new_layout (cr, style, "Ag", chart_faces[i].scale,
                                                            chart_faces[i].bold);

      _fol_chart_layout_size (probe, NULL, NULL);
    }
}

PangoLayout *
_fol_chart_new_layout (cairo_t             *cr,
                       const FolChartStyle *style,
                       const char          *text,
                       double               scale,
                       gboolean             bold)
{
  PangoContext *context = chart_context (cr);
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_new ();

  g_object_unref (context);  /* the layout holds it */
  pango_font_description_set_family (desc, style->font_family[0] ? style->font_family : "Sans");
  pango_font_description_set_absolute_size (desc, style->font_size * PX_PER_PT * scale * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text ? text : "", -1);
  return layout;
}

void
_fol_chart_layout_size (PangoLayout *layout,
                        double      *w,
                        double      *h)
{
  int iw, ih;

  pango_layout_get_size (layout, &iw, &ih);
  if (w)
    *w = ceil ((double) iw / PANGO_SCALE);
  if (h)
    *h = ceil ((double) ih / PANGO_SCALE);
}

static double
text_width (cairo_t             *cr,
            const FolChartStyle *style,
            const char          *text,
            double               scale)
{
  g_autoptr(PangoLayout) layout = _fol_chart_new_layout (cr, style, text, scale, FALSE);
  double w;

  _fol_chart_layout_size (layout, &w, NULL);
  return w;
}

char *
_fol_chart_format_tick (double v,
                        guint  decimals)
{
  /* A true minus sign: a hyphen is too short to read at a glance. */
  if (v < 0)
    return g_strdup_printf ("−%.*f", (int) decimals, -v);
  return g_strdup_printf ("%.*f", (int) decimals, v);
}

static void
legend_item_clear (gpointer data)
{
  FolChartLegendItem *item = data;

  g_clear_pointer (&item->owned, g_free);
}

static void
add_legend_item (FolChartLayout *l,
                 int             kind,
                 guint           series,
                 const char     *text,
                 char           *owned)
{
  FolChartLegendItem item = { 0 };

  item.kind = kind;
  item.series = series;
  item.owned = owned;
  item.text = owned ? owned : text;
  g_array_append_val (l->legend, item);
}

static gboolean
has_any_trend (FolChartData *data)
{
  for (guint i = 0; i < fol_chart_data_get_n_series (data); i++)
    if (fol_chart_data_get_series_trend (data, i, NULL, NULL, NULL))
      return TRUE;
  return FALSE;
}

/* Flows the legend items into rows of @avail width; returns the rows. */
static guint
flow_legend (FolChartLayout *l,
             double          x0,
             double          avail)
{
  double x = 0.0;
  guint rows = l->legend->len ? 1 : 0;
  double gap = l->font_px;

  for (guint i = 0; i < l->legend->len; i++)
    {
      FolChartLegendItem *item = &g_array_index (l->legend, FolChartLegendItem, i);
      double w = MIN (item->width, avail);

      if (x > 0.0 && x + w > avail)
        {
          x = 0.0;
          rows++;
        }
      item->x = x0 + x;
      item->y = rows - 1;
      x += w + gap;
    }

  return rows;
}

void
_fol_chart_month_ticks (FolChartData *data,
                        guint         step,
                        GArray       *out)
{
  FolDate first, last;
  int y, m;

  fol_chart_data_get_x_range (data, &first, &last);
  y = fol_date_get_year (first);
  m = fol_date_get_month (first);

  for (;;)
    {
      FolDate d;

      if (step >= 12)
        {
          if (m != 1 || (y % (step / 12)) != 0)
            goto next;
        }
      else if ((m - 1) % step != 0)
        goto next;

      d = fol_date_new (y, m, 1);
      if (d > last)
        break;
      if (d >= first)
        g_array_append_val (out, d);

    next:
      if (++m > 12)
        {
          m = 1;
          y++;
        }
      if (y > 9999)
        break;
    }
}

void
_fol_chart_layout_clear (FolChartLayout *l)
{
  if (l->tr_text != NULL)
    for (guint i = 0; i < l->tr_n; i++)
      g_free (l->tr_text[i]);
  g_clear_pointer (&l->tr_text, g_free);
  g_clear_pointer (&l->tr_x, g_free);
  g_clear_pointer (&l->tr_row, g_free);
  g_clear_pointer (&l->legend, g_array_unref);
}

void
_fol_chart_layout_compute (FolChartData        *data,
                           const FolChartStyle *style,
                           cairo_t             *cr,
                           double               width,
                           double               height,
                           FolChartLayout      *l)
{
  static const guint steps[] = { 1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200 };
  g_autoptr(PangoLayout) probe = NULL;
  g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (FolDate));
  double ytick_w = 0.0;
  double left, right, top, bottom;
  double tr_right[MAX_TR_ROWS];
  double band_lo, band_hi;
  guint n_tr;

  memset (l, 0, sizeof *l);
  l->font_px = style->font_size * PX_PER_PT;
  l->pad = round (l->font_px);

  probe = _fol_chart_new_layout (cr, style, "Ag", 1.0, FALSE);
  _fol_chart_layout_size (probe, NULL, &l->line_h);
  g_clear_object (&probe);
  probe = _fol_chart_new_layout (cr, style, "Ag", TEXT_SMALL, FALSE);
  _fol_chart_layout_size (probe, NULL, &l->small_h);
  g_clear_object (&probe);

  if (fol_chart_data_get_title (data))
    {
      probe = _fol_chart_new_layout (cr, style, fol_chart_data_get_title (data), TEXT_TITLE, TRUE);
      pango_layout_set_width (probe, MAX (1.0, width - 2 * l->pad) * PANGO_SCALE);
      pango_layout_set_ellipsize (probe, PANGO_ELLIPSIZE_END);
      _fol_chart_layout_size (probe, NULL, &l->title_h);
      g_clear_object (&probe);
    }
  if (fol_chart_data_get_subtitle (data))
    l->subtitle_h = l->line_h;

  /* y ticks, from the range fixed once per data change */
  fol_chart_data_get_y_range (data, &l->y_min, &l->y_max, &l->y_step);
  l->y_first = ceil (l->y_min / l->y_step - 1e-9) * l->y_step;
  l->y_n = 0;
  while (l->y_n < 1000 && l->y_first + l->y_n * l->y_step <= l->y_max + l->y_step * 1e-9)
    l->y_n++;
  l->y_decimals = fol_chart_tick_decimals (l->y_step);
  for (guint i = 0; i < l->y_n; i++)
    {
      g_autofree char *text = fol_chart_data_dup_y_tick_label (data, _fol_chart_y_tick_value (l, i),
                                                               l->y_decimals);

      ytick_w = MAX (ytick_w, text_width (cr, style, text, 1.0));
    }

  /* Horizontal: y title (rotated), tick labels, ticks */
  left = l->pad + l->line_h + l->pad * 0.5 + ytick_w + TICK_LENGTH + 4.0;
  right = width - l->pad - text_width (cr, style, "0000", 1.0) / 2.0;
  l->plot.x = left;
  l->plot.width = MAX (1.0, right - left);

  /* Legend: measured now, flowed at the full width */
  l->legend = g_array_new (FALSE, TRUE, sizeof (FolChartLegendItem));
  g_array_set_clear_func (l->legend, legend_item_clear);
  if (!fol_chart_data_is_empty (data))
    {
      for (guint i = 0; i < fol_chart_data_get_n_series (data); i++)
        add_legend_item (l, FOL_CHART_ITEM_SERIES, i,
                         fol_chart_data_get_series_label (data, i), NULL);
      if (fol_chart_data_get_band (data, &band_lo, &band_hi))
        /* Translators: legend entry for the band of ±T % where a change is not
         * called a change: the verdict "Stable", then the band, e.g. "Stable (±10 %)" */
        add_legend_item (l, FOL_CHART_ITEM_BAND, 0, NULL,
                         g_strdup_printf (_("%s (±%g %%)"), fol_change_name (FOL_CHANGE_STABLE),
                                          fol_chart_data_get_threshold (data)));
      if (fol_chart_data_get_n_treatments (data) > 0)
        add_legend_item (l, FOL_CHART_ITEM_TREATMENT, 0, _("Treatment session"), NULL);
      if (has_any_trend (data))
        add_legend_item (l, FOL_CHART_ITEM_TREND, 0, _("Trend (least squares)"), NULL);
    }
  for (guint i = 0; i < l->legend->len; i++)
    {
      FolChartLegendItem *item = &g_array_index (l->legend, FolChartLegendItem, i);

      item->width = LEGEND_SAMPLE + 6.0 + text_width (cr, style, item->text, 1.0);
    }
  l->legend_h = flow_legend (l, l->pad, MAX (1.0, width - 2 * l->pad)) * (l->line_h + 4.0);

  /* Treatment labels, staggered into rows above the plot. A run of
   * sessions of the same treatment is named once, at its first session,
   * with the count; a label that would run past the chart's right edge
   * stands to the left of its mark instead. */
  n_tr = fol_chart_data_get_n_treatments (data);
  l->tr_n = n_tr;
  l->tr_row = g_new0 (int, MAX (n_tr, 1));
  l->tr_x = g_new0 (double, MAX (n_tr, 1));
  l->tr_text = g_new0 (char *, MAX (n_tr, 1));
  for (guint r = 0; r < MAX_TR_ROWS; r++)
    tr_right[r] = -INFINITY;
  for (guint i = 0; i < n_tr; i++)
    {
      const char *label = fol_chart_data_get_treatment_label (data, i);
      double x = _fol_chart_map_x (l, fol_chart_data_normalize_x (data, fol_chart_data_get_treatment_date (data, i)));
      g_autofree char *text = NULL;
      guint run = 1;
      double w, label_x;

      l->tr_row[i] = -1;
      if (label == NULL || *label == '\0')
        continue;
      if (i > 0 && g_strcmp0 (label, fol_chart_data_get_treatment_label (data, i - 1)) == 0)
        continue;
      while (i + run < n_tr &&
             g_strcmp0 (label, fol_chart_data_get_treatment_label (data, i + run)) == 0)
        run++;
      /* Translators: a treatment named once for several sessions in a row,
       * e.g. "3× Platelet-rich plasma". The count comes first: a long name
       * is cut at its end to fit, and the count must stay. */
      text = run > 1 ? g_strdup_printf (_("%u× %s"), run, label) : g_strdup (label);
      w = MIN (text_width (cr, style, text, TEXT_SMALL), MAX_TR_LABEL_W);
      label_x = x + 2.0;
      if (label_x + w > width - l->pad)
        label_x = MAX (l->pad, x - 2.0 - w);

      for (guint r = 0; r < MAX_TR_ROWS; r++)
        if (label_x - 4.0 > tr_right[r])
          {
            l->tr_row[i] = r;
            l->tr_x[i] = label_x;
            l->tr_text[i] = g_steal_pointer (&text);
            tr_right[r] = label_x + w;
            l->tr_rows = MAX (l->tr_rows, r + 1);
            break;
          }
    }

  /* Vertical */
  top = l->pad + l->title_h + (l->title_h > 0 ? 2.0 : 0.0) + l->subtitle_h;
  top += l->pad + l->tr_rows * l->small_h;
  bottom = height - l->pad - l->legend_h - (l->legend_h > 0 ? l->pad * 0.5 : 0.0) -
           l->line_h - TICK_LENGTH - 4.0;

  /* Small chart or large text: the legend gives way, first its entries
   * for marks that explain themselves, then the whole of it, rather than
   * cover the data.
   */
  if (bottom - top < MIN_PLOT_LINES * l->line_h && l->legend->len > 0)
    {
      guint i = l->legend->len;

      while (i-- > 0)
        if (g_array_index (l->legend, FolChartLegendItem, i).kind != FOL_CHART_ITEM_SERIES)
          g_array_remove_index (l->legend, i);
      l->legend_h = flow_legend (l, l->pad, MAX (1.0, width - 2 * l->pad)) * (l->line_h + 4.0);
      bottom = height - l->pad - l->legend_h - (l->legend_h > 0 ? l->pad * 0.5 : 0.0) -
               l->line_h - TICK_LENGTH - 4.0;
      if (bottom - top < MIN_PLOT_LINES * l->line_h)
        {
          g_array_set_size (l->legend, 0);
          l->legend_h = 0.0;
          bottom = height - l->pad - l->line_h - TICK_LENGTH - 4.0;
        }
    }
  l->plot.y = top;
  l->plot.height = MAX (1.0, bottom - top);
  l->legend_y = height - l->pad - l->legend_h;

  /* x ticks: the smallest month step whose labels fit side by side */
  {
    g_autofree char *sample = fol_date_format_short (fol_date_new (2000, 9, 1));
    double label_w = text_width (cr, style, sample, 1.0) + l->font_px;
    l->x_step_months = steps[G_N_ELEMENTS (steps) - 1];
    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      {
        g_array_set_size (ticks, 0);
        _fol_chart_month_ticks (data, steps[i], ticks);
        if (ticks->len * label_w <= l->plot.width)
          {
            l->x_step_months = steps[i];
            break;
          }
      }
  }
}

static int
compare_dates (gconstpointer a,
               gconstpointer b)
{
  FolDate da = *(const FolDate *) a, db = *(const FolDate *) b;

  return da < db ? -1 : da > db;
}

/**
 * _fol_chart_x_ticks:
 * @out: (element-type FolDate): the dates to mark
 *
 * The dates the time axis marks: month starts every @step_months, or, when
 * fewer than two month starts fall in the range (one visit, or a few
 * weeks), the dates of the points themselves, so that a tick never stands
 * beside the only point with another date under it.
 *
 * Returns: %TRUE when @out holds the points' dates, to be labelled with
 *   the day
 */
gboolean
_fol_chart_x_ticks (FolChartData *data,
                    guint         step_months,
                    GArray       *out)
{
  guint kept = 0;

  g_array_set_size (out, 0);
  _fol_chart_month_ticks (data, 1, out);
  if (out->len >= 2)
    {
      g_array_set_size (out, 0);
      _fol_chart_month_ticks (data, step_months, out);
      return FALSE;
    }

  g_array_set_size (out, 0);
  for (guint s = 0; s < fol_chart_data_get_n_series (data); s++)
    for (guint i = 0; i < fol_chart_data_get_n_points (data, s); i++)
      {
        FolDate d = fol_chart_data_get_date (data, s, i);

        g_array_append_val (out, d);
      }
  g_array_sort (out, compare_dates);
  for (guint i = 0; i < out->len; i++)
    if (kept == 0 || g_array_index (out, FolDate, i) != g_array_index (out, FolDate, kept - 1))
      g_array_index (out, FolDate, kept++) = g_array_index (out, FolDate, i);
  g_array_set_size (out, kept);

  if (out->len == 0)
    {
      FolDate first, last, mid;

      /* Nothing measured: name the middle of the range. */
      fol_chart_data_get_x_range (data, &first, &last);
      mid = first + (last - first) / 2;
      g_array_append_val (out, mid);
    }
  return TRUE;
}

/* A context on a tiny surface, to measure text without drawing. */
static cairo_t *
scratch_context (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);
  return cr;
}

static void
_fol_chart_scratch_layout (FolChartData        *data,
                           const FolChartStyle *style,
                           double               width,
                           double               height,
                           FolChartLayout      *l)
{
  cairo_t *cr = scratch_context ();

  _fol_chart_layout_compute (data, style, cr, width, height, l);
  cairo_destroy (cr);
}

/**
 * fol_chart_get_plot_area:
 * @plot: (out): the rectangle the axes frame, in the units of fol_chart_render()
 */
void
fol_chart_get_plot_area (FolChartData        *data,
                         const FolChartStyle *style,
                         double               width,
                         double               height,
                         FolChartRect        *plot)
{
  FolChartLayout l;

  g_return_if_fail (FOL_IS_CHART_DATA (data));
  g_return_if_fail (style != NULL);
  g_return_if_fail (plot != NULL);

  _fol_chart_scratch_layout (data, style, width, height, &l);
  *plot = l.plot;
  _fol_chart_layout_clear (&l);
}

/**
 * fol_chart_get_legend_area:
 * @legend: (out): the rectangle holding the legend; its height is 0 when
 *   there is no legend
 */
void
fol_chart_get_legend_area (FolChartData        *data,
                           const FolChartStyle *style,
                           double               width,
                           double               height,
                           FolChartRect        *legend)
{
  FolChartLayout l;

  g_return_if_fail (FOL_IS_CHART_DATA (data));
  g_return_if_fail (style != NULL);
  g_return_if_fail (legend != NULL);

  _fol_chart_scratch_layout (data, style, width, height, &l);
  legend->x = l.pad;
  legend->y = l.legend_y;
  legend->width = MAX (0.0, width - 2 * l.pad);
  legend->height = l.legend_h;
  _fol_chart_layout_clear (&l);
}

/**
 * fol_chart_get_point_position:
 * @x: (out): where the point's marker is centred
 * @y: (out):
 *
 * Returns: %FALSE for a missing value, which has no position
 */
gboolean
fol_chart_get_point_position (FolChartData        *data,
                              const FolChartStyle *style,
                              double               width,
                              double               height,
                              guint                series,
                              guint                point,
                              double              *x,
                              double              *y)
{
  FolChartRect plot;
  double nx, ny;

  g_return_val_if_fail (FOL_IS_CHART_DATA (data), FALSE);
  g_return_val_if_fail (x != NULL && y != NULL, FALSE);

  if (!fol_chart_data_get_normalized (data, series, point, &nx, &ny))
    return FALSE;

  fol_chart_get_plot_area (data, style, width, height, &plot);
  *x = plot.x + nx * plot.width;
  *y = plot.y + (1.0 - ny) * plot.height;
  return TRUE;
}

/**
 * fol_chart_hit_test:
 * @series: (out): series of the nearest point
 * @point: (out): index of the nearest point in its series
 *
 * Finds the drawn point nearest to (@x, @y), within a radius that suits a
 * pointer.
 *
 * Returns: %TRUE if a point is close enough
 */
gboolean
fol_chart_hit_test (FolChartData        *data,
                    const FolChartStyle *style,
                    double               width,
                    double               height,
                    double               x,
                    double               y,
                    guint               *series,
                    guint               *point)
{
  const double radius = 12.0;
  double best = radius * radius;
  gboolean found = FALSE;
  FolChartRect plot;

  g_return_val_if_fail (FOL_IS_CHART_DATA (data), FALSE);
  g_return_val_if_fail (series != NULL && point != NULL, FALSE);

  fol_chart_get_plot_area (data, style, width, height, &plot);

  for (guint s = 0; s < fol_chart_data_get_n_series (data); s++)
    for (guint i = 0; i < fol_chart_data_get_n_points (data, s); i++)
      {
        double nx, ny, px, py, d;

        if (!fol_chart_data_get_normalized (data, s, i, &nx, &ny))
          continue;
        px = plot.x + nx * plot.width;
        py = plot.y + (1.0 - ny) * plot.height;
        if (py < plot.y - MARKER_RADIUS || py > plot.y + plot.height + MARKER_RADIUS)
          continue;  /* clipped away: nothing to point at */
        d = (px - x) * (px - x) + (py - y) * (py - y);
        if (d <= best)
          {
            best = d;
            *series = s;
            *point = i;
            found = TRUE;
          }
      }

  return found;
}
