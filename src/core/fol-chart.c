/* fol-chart.c
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

#include <pango/pangocairo.h>

#include "fol-chart.h"
#include "fol-i18n.h"

#define MARKER_RADIUS   4.5
#define TICK_LENGTH     5.0
#define LEGEND_SAMPLE   24.0
#define MAX_TR_ROWS     3
#define MIN_PLOT_LINES  5.0   /* smallest plot height, in text lines */
#define PX_PER_PT       (96.0 / 72.0)
#define DAYS_PER_MONTH  30.4375  /* 365.25 / 12, as CLINICAL.md fixes it */

typedef struct
{
  const char *text;   /* borrowed */
  char       *owned;
  int         kind;   /* ITEM_* */
  guint       series;
  double      width;
  double      x;
  double      y;
} LegendItem;

enum {
  ITEM_SERIES,
  ITEM_BAND,
  ITEM_TREATMENT,
  ITEM_TREND,
};

/* Everything about where things go, derived from data, style and size. */
typedef struct
{
  double        font_px;
  double        pad;
  double        line_h;
  double        small_h;
  double        title_h;
  double        subtitle_h;
  FolChartRect  plot;

  double        y_min;
  double        y_max;
  double        y_step;
  double        y_first;
  guint         y_n;
  guint         y_decimals;

  guint         x_step_months;
  guint         tr_rows;
  int          *tr_row;       /* per treatment: row, or -1 when its label is left out */

  GArray       *legend;       /* of LegendItem */
  double        legend_y;
  double        legend_h;
} Layout;

static const FolChartColor okabe_ito[FOL_CHART_N_COLORS] = {
  { 0x00 / 255.f, 0x72 / 255.f, 0xB2 / 255.f, 1 },  /* blue */
  { 0xD5 / 255.f, 0x5E / 255.f, 0x00 / 255.f, 1 },  /* vermillion */
  { 0x00 / 255.f, 0x9E / 255.f, 0x73 / 255.f, 1 },  /* bluish green */
  { 0xCC / 255.f, 0x79 / 255.f, 0xA7 / 255.f, 1 },  /* reddish purple */
  { 0xE6 / 255.f, 0x9F / 255.f, 0x00 / 255.f, 1 },  /* orange */
  { 0x56 / 255.f, 0xB4 / 255.f, 0xE9 / 255.f, 1 },  /* sky blue */
  { 0xF0 / 255.f, 0xE4 / 255.f, 0x42 / 255.f, 1 },  /* yellow */
  { 0x00 / 255.f, 0x00 / 255.f, 0x00 / 255.f, 1 },  /* black: the occipital control */
};

static const FolChartMarker default_markers[FOL_CHART_N_COLORS] = {
  FOL_CHART_MARKER_CIRCLE,
  FOL_CHART_MARKER_SQUARE,
  FOL_CHART_MARKER_TRIANGLE,
  FOL_CHART_MARKER_DIAMOND,
  FOL_CHART_MARKER_TRIANGLE_DOWN,
  FOL_CHART_MARKER_CROSS,
  FOL_CHART_MARKER_PLUS,
  FOL_CHART_MARKER_STAR,
};

static void
set_color (FolChartColor *c,
           guint32        rgb,
           float          alpha)
{
  c->red = ((rgb >> 16) & 0xff) / 255.f;
  c->green = ((rgb >> 8) & 0xff) / 255.f;
  c->blue = (rgb & 0xff) / 255.f;
  c->alpha = alpha;
}

/**
 * fol_chart_style_init_light:
 *
 * The light style, also used for every file and printout.
 */
void
fol_chart_style_init_light (FolChartStyle *style)
{
  g_return_if_fail (style != NULL);

  memset (style, 0, sizeof *style);
  set_color (&style->background, 0xffffff, 1);
  set_color (&style->foreground, 0x241f31, 1);
  set_color (&style->grid, 0xdeddda, 1);
  set_color (&style->muted, 0x5e5c64, 1);
  set_color (&style->band, 0x3584e4, 0.12f);
  set_color (&style->accent, 0x1c71d8, 1);
  memcpy (style->palette, okabe_ito, sizeof okabe_ito);
  /* Okabe–Ito yellow is too faint on white; a darker gold keeps its hue. */
  set_color (&style->palette[6], 0xb8a300, 1);
  memcpy (style->markers, default_markers, sizeof default_markers);
  g_strlcpy (style->font_family, "Cantarell", sizeof style->font_family);
  style->font_size = 10.0;
  style->dark = FALSE;
}

void
fol_chart_style_init_dark (FolChartStyle *style)
{
  g_return_if_fail (style != NULL);

  fol_chart_style_init_light (style);
  set_color (&style->background, 0x1e1e1e, 1);
  set_color (&style->foreground, 0xffffff, 1);
  set_color (&style->grid, 0x3d3d3d, 1);
  set_color (&style->muted, 0xb0afb5, 1);
  set_color (&style->band, 0x78aeed, 0.16f);
  set_color (&style->accent, 0x78aeed, 1);
  memcpy (style->palette, okabe_ito, sizeof okabe_ito);
  /* Black would vanish on a dark background: light grey instead. */
  set_color (&style->palette[7], 0xd0d0d0, 1);
  style->dark = TRUE;
}

const FolChartColor *
fol_chart_style_get_series_color (const FolChartStyle *style,
                                  FolRegion            region)
{
  g_return_val_if_fail (style != NULL, NULL);
  return &style->palette[(guint) region % FOL_CHART_N_COLORS];
}

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

static void
source_color (cairo_t             *cr,
              const FolChartColor *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

static PangoLayout *
new_layout (cairo_t             *cr,
            const FolChartStyle *style,
            const char          *text,
            double               scale,
            gboolean             bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) desc = pango_font_description_new ();
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted metrics give one layout on every surface, so hit testing
   * on a scratch surface agrees with what was drawn on the screen.
   */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 96.0);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);

  pango_font_description_set_family (desc, style->font_family[0] ? style->font_family : "Sans");
  pango_font_description_set_absolute_size (desc, style->font_size * PX_PER_PT * scale * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text ? text : "", -1);
  return layout;
}

static void
layout_size (PangoLayout *layout,
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
  g_autoptr(PangoLayout) layout = new_layout (cr, style, text, scale, FALSE);
  double w;

  layout_size (layout, &w, NULL);
  return w;
}

static char *
format_tick (double v,
             guint  decimals)
{
  /* A true minus sign: a hyphen is too short to read at a glance. */
  if (v < 0)
    return g_strdup_printf ("−%.*f", (int) decimals, -v);
  return g_strdup_printf ("%.*f", (int) decimals, v);
}

static double
y_tick_value (const Layout *l,
              guint         i)
{
  double v = l->y_first + i * l->y_step;

  if (fabs (v) < l->y_step * 1e-9)
    v = 0.0;
  return v;
}

static double
map_x (const Layout *l,
       double        nx)
{
  return l->plot.x + nx * l->plot.width;
}

static double
map_y (const Layout *l,
       double        ny)
{
  return l->plot.y + (1.0 - ny) * l->plot.height;
}

static void
legend_item_clear (gpointer data)
{
  LegendItem *item = data;

  g_clear_pointer (&item->owned, g_free);
}

static void
add_legend_item (Layout     *l,
                 int         kind,
                 guint       series,
                 const char *text,
                 char       *owned)
{
  LegendItem item = { 0 };

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
flow_legend (Layout *l,
             double  x0,
             double  avail)
{
  double x = 0.0;
  guint rows = l->legend->len ? 1 : 0;
  double gap = l->font_px;

  for (guint i = 0; i < l->legend->len; i++)
    {
      LegendItem *item = &g_array_index (l->legend, LegendItem, i);
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

static void
month_ticks (FolChartData *data,
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

static void
layout_clear (Layout *l)
{
  g_clear_pointer (&l->tr_row, g_free);
  g_clear_pointer (&l->legend, g_array_unref);
}

static void
layout_compute (FolChartData        *data,
                const FolChartStyle *style,
                cairo_t             *cr,
                double               width,
                double               height,
                Layout              *l)
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

  probe = new_layout (cr, style, "Ag", 1.0, FALSE);
  layout_size (probe, NULL, &l->line_h);
  g_clear_object (&probe);
  probe = new_layout (cr, style, "Ag", 0.85, FALSE);
  layout_size (probe, NULL, &l->small_h);
  g_clear_object (&probe);

  if (fol_chart_data_get_title (data))
    {
      probe = new_layout (cr, style, fol_chart_data_get_title (data), 1.25, TRUE);
      pango_layout_set_width (probe, MAX (1.0, width - 2 * l->pad) * PANGO_SCALE);
      pango_layout_set_ellipsize (probe, PANGO_ELLIPSIZE_END);
      layout_size (probe, NULL, &l->title_h);
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
      g_autofree char *text = format_tick (y_tick_value (l, i), l->y_decimals);

      ytick_w = MAX (ytick_w, text_width (cr, style, text, 1.0));
    }

  /* Horizontal: y title (rotated), tick labels, ticks */
  left = l->pad + l->line_h + l->pad * 0.5 + ytick_w + TICK_LENGTH + 4.0;
  right = width - l->pad - text_width (cr, style, "0000", 1.0) / 2.0;
  l->plot.x = left;
  l->plot.width = MAX (1.0, right - left);

  /* Legend: measured now, flowed at the full width */
  l->legend = g_array_new (FALSE, TRUE, sizeof (LegendItem));
  g_array_set_clear_func (l->legend, legend_item_clear);
  if (!fol_chart_data_is_empty (data))
    {
      for (guint i = 0; i < fol_chart_data_get_n_series (data); i++)
        add_legend_item (l, ITEM_SERIES, i,
                         fol_region_name (fol_chart_data_get_series_region (data, i)), NULL);
      if (fol_chart_data_get_band (data, &band_lo, &band_hi))
        /* Translators: legend entry for the band of ±T % where a change is not called a change */
        add_legend_item (l, ITEM_BAND, 0, NULL,
                         g_strdup_printf (_("No change (±%g %%)"),
                                          fol_chart_data_get_threshold (data)));
      if (fol_chart_data_get_n_treatments (data) > 0)
        add_legend_item (l, ITEM_TREATMENT, 0, _("Treatment session"), NULL);
      if (has_any_trend (data))
        add_legend_item (l, ITEM_TREND, 0, _("Trend (least squares)"), NULL);
    }
  for (guint i = 0; i < l->legend->len; i++)
    {
      LegendItem *item = &g_array_index (l->legend, LegendItem, i);

      item->width = LEGEND_SAMPLE + 6.0 + text_width (cr, style, item->text, 1.0);
    }
  l->legend_h = flow_legend (l, l->pad, MAX (1.0, width - 2 * l->pad)) * (l->line_h + 4.0);

  /* Treatment labels, staggered into rows above the plot */
  n_tr = fol_chart_data_get_n_treatments (data);
  l->tr_row = g_new0 (int, MAX (n_tr, 1));
  for (guint r = 0; r < MAX_TR_ROWS; r++)
    tr_right[r] = -INFINITY;
  for (guint i = 0; i < n_tr; i++)
    {
      const char *label = fol_chart_data_get_treatment_label (data, i);
      double x = map_x (l, fol_chart_data_normalize_x (data, fol_chart_data_get_treatment_date (data, i)));
      double w = MIN (text_width (cr, style, label ? label : "", 0.85), 160.0);

      l->tr_row[i] = -1;
      if (label == NULL || *label == '\0')
        continue;
      for (guint r = 0; r < MAX_TR_ROWS; r++)
        if (x - 2.0 > tr_right[r])
          {
            l->tr_row[i] = r;
            tr_right[r] = x + 2.0 + w;
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
        if (g_array_index (l->legend, LegendItem, i).kind != ITEM_SERIES)
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
        month_ticks (data, steps[i], ticks);
        if (ticks->len * label_w <= l->plot.width)
          {
            l->x_step_months = steps[i];
            break;
          }
      }
  }
}

static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           double       x,
           double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
marker_path (cairo_t        *cr,
             FolChartMarker  shape,
             double          x,
             double          y,
             double          r)
{
  switch (shape)
    {
    case FOL_CHART_MARKER_SQUARE:
      cairo_rectangle (cr, x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      break;
    case FOL_CHART_MARKER_TRIANGLE:
      cairo_move_to (cr, x, y - r * 1.15);
      cairo_line_to (cr, x + r, y + r * 0.75);
      cairo_line_to (cr, x - r, y + r * 0.75);
      cairo_close_path (cr);
      break;
    case FOL_CHART_MARKER_TRIANGLE_DOWN:
      cairo_move_to (cr, x, y + r * 1.15);
      cairo_line_to (cr, x + r, y - r * 0.75);
      cairo_line_to (cr, x - r, y - r * 0.75);
      cairo_close_path (cr);
      break;
    case FOL_CHART_MARKER_DIAMOND:
      cairo_move_to (cr, x, y - r * 1.2);
      cairo_line_to (cr, x + r * 1.2, y);
      cairo_line_to (cr, x, y + r * 1.2);
      cairo_line_to (cr, x - r * 1.2, y);
      cairo_close_path (cr);
      break;
    case FOL_CHART_MARKER_CROSS:
      cairo_move_to (cr, x - r, y - r);
      cairo_line_to (cr, x + r, y + r);
      cairo_move_to (cr, x + r, y - r);
      cairo_line_to (cr, x - r, y + r);
      break;
    case FOL_CHART_MARKER_PLUS:
      cairo_move_to (cr, x - r * 1.2, y);
      cairo_line_to (cr, x + r * 1.2, y);
      cairo_move_to (cr, x, y - r * 1.2);
      cairo_line_to (cr, x, y + r * 1.2);
      break;
    case FOL_CHART_MARKER_STAR:
      for (guint i = 0; i < 10; i++)
        {
          double a = -G_PI / 2 + i * G_PI / 5;
          double rr = (i % 2) ? r * 0.55 : r * 1.3;

          if (i == 0)
            cairo_move_to (cr, x + rr * cos (a), y + rr * sin (a));
          else
            cairo_line_to (cr, x + rr * cos (a), y + rr * sin (a));
        }
      cairo_close_path (cr);
      break;
    case FOL_CHART_MARKER_CIRCLE:
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    }
}

static void
draw_marker (cairo_t             *cr,
             const FolChartStyle *style,
             FolChartMarker       shape,
             const FolChartColor *color,
             double               x,
             double               y,
             double               r)
{
  cairo_new_path (cr);
  marker_path (cr, shape, x, y, r);

  if (shape == FOL_CHART_MARKER_CROSS || shape == FOL_CHART_MARKER_PLUS)
    {
      /* Open shapes: a halo in the background colour, then the strokes */
      cairo_set_line_width (cr, 4.0);
      source_color (cr, &style->background);
      cairo_stroke_preserve (cr);
      cairo_set_line_width (cr, 2.2);
      source_color (cr, color);
      cairo_stroke (cr);
      return;
    }

  source_color (cr, color);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1.0);
  source_color (cr, &style->background);
  cairo_stroke (cr);
}

static void
draw_empty (FolChartData        *data,
            const FolChartStyle *style,
            cairo_t             *cr,
            const Layout        *l,
            double               width)
{
  g_autoptr(PangoLayout) msg = new_layout (cr, style, _("No measurements yet"), 1.25, TRUE);
  g_autoptr(PangoLayout) hint = NULL;
  double w, h, hh = 0;

  pango_layout_set_width (msg, MAX (1.0, width - 2 * l->pad) * PANGO_SCALE);
  pango_layout_set_alignment (msg, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (msg, PANGO_WRAP_WORD_CHAR);
  layout_size (msg, &w, &h);

  hint = new_layout (cr, style,
                     _("Values of this measurement appear here once a visit records them."),
                     1.0, FALSE);
  pango_layout_set_width (hint, MAX (1.0, width - 2 * l->pad) * PANGO_SCALE);
  pango_layout_set_alignment (hint, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (hint, PANGO_WRAP_WORD_CHAR);
  layout_size (hint, NULL, &hh);

  source_color (cr, &style->foreground);
  draw_text (cr, msg, l->pad, l->plot.y + (l->plot.height - h - hh) / 2.0);
  source_color (cr, &style->muted);
  draw_text (cr, hint, l->pad, l->plot.y + (l->plot.height - h - hh) / 2.0 + h + 4.0);
}

static void
draw_axes (FolChartData        *data,
           const FolChartStyle *style,
           cairo_t             *cr,
           const Layout        *l)
{
  g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (FolDate));
  g_autofree char *y_title = fol_chart_data_dup_y_title (data);
  g_autoptr(PangoLayout) title = NULL;
  const FolChartRect *p = &l->plot;
  double last_label_right = -INFINITY;
  double tw, th;

  /* Horizontal grid and y labels */
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; i < l->y_n; i++)
    {
      double v = y_tick_value (l, i);
      double y = round (map_y (l, fol_chart_data_normalize_y (data, v))) + 0.5;
      g_autofree char *text = format_tick (v, l->y_decimals);
      g_autoptr(PangoLayout) label = new_layout (cr, style, text, 1.0, FALSE);

      source_color (cr, &style->grid);
      cairo_move_to (cr, p->x, y);
      cairo_line_to (cr, p->x + p->width, y);
      cairo_stroke (cr);

      source_color (cr, &style->foreground);
      cairo_move_to (cr, p->x - TICK_LENGTH, y);
      cairo_line_to (cr, p->x, y);
      cairo_stroke (cr);

      layout_size (label, &tw, &th);
      source_color (cr, &style->muted);
      draw_text (cr, label, p->x - TICK_LENGTH - 4.0 - tw, y - th / 2.0);
    }

  /* x ticks at month starts, labelled when there is room */
  month_ticks (data, l->x_step_months, ticks);
  if (ticks->len == 0)
    {
      FolDate first, last, mid;

      /* A span too short to hold the first of a month: name the middle. */
      fol_chart_data_get_x_range (data, &first, &last);
      mid = first + (last - first) / 2;
      g_array_append_val (ticks, mid);
    }
  for (guint i = 0; i < ticks->len; i++)
    {
      FolDate d = g_array_index (ticks, FolDate, i);
      double x = round (map_x (l, fol_chart_data_normalize_x (data, d))) + 0.5;
      g_autofree char *text = fol_date_format_short (d);
      g_autoptr(PangoLayout) label = new_layout (cr, style, text, 1.0, FALSE);

      source_color (cr, &style->grid);
      cairo_move_to (cr, x, p->y);
      cairo_line_to (cr, x, p->y + p->height);
      cairo_stroke (cr);

      source_color (cr, &style->foreground);
      cairo_move_to (cr, x, p->y + p->height);
      cairo_line_to (cr, x, p->y + p->height + TICK_LENGTH);
      cairo_stroke (cr);

      layout_size (label, &tw, &th);
      if (x - tw / 2.0 > last_label_right + 4.0)
        {
          source_color (cr, &style->muted);
          draw_text (cr, label, x - tw / 2.0, p->y + p->height + TICK_LENGTH + 2.0);
          last_label_right = x + tw / 2.0;
        }
    }

  /* The axis lines, over the grid */
  source_color (cr, &style->foreground);
  cairo_move_to (cr, round (p->x) + 0.5, p->y);
  cairo_line_to (cr, round (p->x) + 0.5, p->y + p->height);
  cairo_move_to (cr, p->x, round (p->y + p->height) - 0.5);
  cairo_line_to (cr, p->x + p->width, round (p->y + p->height) - 0.5);
  cairo_stroke (cr);

  /* y title, rotated along the axis; a short form when the full one
   * does not fit along a low plot (large text, small window).
   */
  title = new_layout (cr, style, y_title, 1.0, FALSE);
  layout_size (title, &tw, NULL);
  if (tw > p->height)
    {
      g_autofree char *short_title = NULL;

      if (fol_chart_data_get_relative (data))
        short_title = g_strdup (_("Change from baseline (%)"));
      else
        short_title = g_strdup (fol_measure_unit (fol_chart_data_get_measure (data)));
      pango_layout_set_text (title, short_title, -1);
    }
  pango_layout_set_width (title, MAX (1.0, p->height) * PANGO_SCALE);
  pango_layout_set_ellipsize (title, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (title, PANGO_ALIGN_CENTER);
  cairo_save (cr);
  cairo_translate (cr, l->pad, p->y + p->height);
  cairo_rotate (cr, -G_PI / 2.0);
  source_color (cr, &style->foreground);
  draw_text (cr, title, 0, 0);
  cairo_restore (cr);
}

static void
draw_references (FolChartData        *data,
                 const FolChartStyle *style,
                 cairo_t             *cr,
                 const Layout        *l)
{
  static const double dash[] = { 6.0, 4.0 };
  const FolChartRect *p = &l->plot;
  double lo, hi;

  /* The no-change band */
  if (fol_chart_data_get_band (data, &lo, &hi))
    {
      double y0 = map_y (l, fol_chart_data_normalize_y (data, hi));
      double y1 = map_y (l, fol_chart_data_normalize_y (data, lo));

      source_color (cr, &style->band);
      cairo_rectangle (cr, p->x, y0, p->width, y1 - y0);
      cairo_fill (cr);
    }

  /* Baseline: 0 % in a relative chart, each region's baseline otherwise */
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  if (fol_chart_data_get_relative (data))
    {
      double y = round (map_y (l, fol_chart_data_normalize_y (data, 0.0))) + 0.5;

      source_color (cr, &style->muted);
      cairo_move_to (cr, p->x, y);
      cairo_line_to (cr, p->x + p->width, y);
      cairo_stroke (cr);
    }
  else
    {
      for (guint i = 0; i < fol_chart_data_get_n_series (data); i++)
        {
          double b = fol_chart_data_get_series_baseline (data, i);
          double y;

          if (!isfinite (b))
            continue;
          y = round (map_y (l, fol_chart_data_normalize_y (data, b))) + 0.5;
          source_color (cr, fol_chart_style_get_series_color (style,
                                                              fol_chart_data_get_series_region (data, i)));
          cairo_move_to (cr, p->x, y);
          cairo_line_to (cr, p->x + p->width, y);
          cairo_stroke (cr);
        }
    }
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
draw_treatments (FolChartData        *data,
                 const FolChartStyle *style,
                 cairo_t             *cr,
                 const Layout        *l)
{
  static const double dash[] = { 2.0, 3.0 };
  const FolChartRect *p = &l->plot;

  for (guint i = 0; i < fol_chart_data_get_n_treatments (data); i++)
    {
      FolDate d = fol_chart_data_get_treatment_date (data, i);
      double x = round (map_x (l, fol_chart_data_normalize_x (data, d))) + 0.5;
      const char *label = fol_chart_data_get_treatment_label (data, i);

      if (x < p->x || x > p->x + p->width)
        continue;

      source_color (cr, &style->muted);
      cairo_set_line_width (cr, 1.0);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_move_to (cr, x, p->y);
      cairo_line_to (cr, x, p->y + p->height);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      /* A small triangle on the time axis */
      cairo_move_to (cr, x, p->y + p->height - 7.0);
      cairo_line_to (cr, x + 5.0, p->y + p->height);
      cairo_line_to (cr, x - 5.0, p->y + p->height);
      cairo_close_path (cr);
      cairo_fill (cr);

      if (l->tr_row[i] >= 0 && label != NULL)
        {
          g_autoptr(PangoLayout) text = new_layout (cr, style, label, 0.85, FALSE);

          pango_layout_set_width (text, 160 * PANGO_SCALE);
          pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
          draw_text (cr, text, x + 2.0,
                     p->y - (l->tr_rows - l->tr_row[i]) * l->small_h - 2.0);
        }
    }
}

static void
draw_series (FolChartData        *data,
             const FolChartStyle *style,
             cairo_t             *cr,
             const Layout        *l)
{
  static const double trend_dash[] = { 8.0, 4.0, 2.0, 4.0 };
  guint n_series = fol_chart_data_get_n_series (data);

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  /* Trends under the data */
  for (guint s = 0; s < n_series; s++)
    {
      FolRegion region = fol_chart_data_get_series_region (data, s);
      guint n = fol_chart_data_get_n_points (data, s);
      FolDate origin, d0 = 0, d1 = 0;
      double a, b;

      if (!fol_chart_data_get_series_trend (data, s, &origin, &a, &b))
        continue;
      for (guint i = 0; i < n; i++)
        if (isfinite (fol_chart_data_get_y (data, s, i)))
          {
            FolDate d = fol_chart_data_get_date (data, s, i);

            if (d0 == 0)
              d0 = d;
            d1 = d;
          }
      if (d0 == 0 || d0 == d1)
        continue;

      source_color (cr, fol_chart_style_get_series_color (style, region));
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, trend_dash, G_N_ELEMENTS (trend_dash), 0);
      cairo_move_to (cr, map_x (l, fol_chart_data_normalize_x (data, d0)),
                     map_y (l, fol_chart_data_normalize_y (data, a + b * ((double) d0 - origin) / DAYS_PER_MONTH)));
      cairo_line_to (cr, map_x (l, fol_chart_data_normalize_x (data, d1)),
                     map_y (l, fol_chart_data_normalize_y (data, a + b * ((double) d1 - origin) / DAYS_PER_MONTH)));
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  for (guint s = 0; s < n_series; s++)
    {
      FolRegion region = fol_chart_data_get_series_region (data, s);
      const FolChartColor *color = fol_chart_style_get_series_color (style, region);
      FolChartMarker shape = style->markers[(guint) region % FOL_CHART_N_COLORS];
      guint n = fol_chart_data_get_n_points (data, s);
      gboolean pen_down = FALSE;
      gboolean dense;
      guint n_drawn = 0;
      double nx, ny;

      /* Lines: a missing value lifts the pen, so it shows as a gap. */
      cairo_new_path (cr);
      for (guint i = 0; i < n; i++)
        {
          if (!fol_chart_data_get_normalized (data, s, i, &nx, &ny))
            {
              pen_down = FALSE;
              continue;
            }
          n_drawn++;
          if (pen_down)
            cairo_line_to (cr, map_x (l, nx), map_y (l, ny));
          else
            cairo_move_to (cr, map_x (l, nx), map_y (l, ny));
          pen_down = TRUE;
        }
      source_color (cr, color);
      cairo_set_line_width (cr, 2.0);
      cairo_stroke (cr);

      /* Hundreds of points: markers would merge into a smear. */
      dense = n_drawn > 0 && l->plot.width / n_drawn < MARKER_RADIUS * 3.0;

      for (guint i = 0; i < n; i++)
        {
          gboolean isolated;

          if (!fol_chart_data_get_normalized (data, s, i, &nx, &ny))
            continue;
          isolated = (i == 0 || !isfinite (fol_chart_data_get_y (data, s, i - 1))) &&
                     (i + 1 == n || !isfinite (fol_chart_data_get_y (data, s, i + 1)));
          if (dense && !isolated)
            continue;
          draw_marker (cr, style, shape, color, map_x (l, nx), map_y (l, ny), MARKER_RADIUS);
        }
    }
}

static void
draw_legend (FolChartData        *data,
             const FolChartStyle *style,
             cairo_t             *cr,
             const Layout        *l,
             double               width)
{
  double avail = MAX (1.0, width - 2 * l->pad);

  for (guint i = 0; i < l->legend->len; i++)
    {
      const LegendItem *item = &g_array_index (l->legend, LegendItem, i);
      double y = l->legend_y + item->y * (l->line_h + 4.0);
      double cy = y + l->line_h / 2.0;
      double x = item->x;
      g_autoptr(PangoLayout) text = new_layout (cr, style, item->text, 1.0, FALSE);

      switch (item->kind)
        {
        case ITEM_SERIES:
          {
            FolRegion region = fol_chart_data_get_series_region (data, item->series);
            const FolChartColor *color = fol_chart_style_get_series_color (style, region);

            source_color (cr, color);
            cairo_set_line_width (cr, 2.0);
            cairo_move_to (cr, x, cy);
            cairo_line_to (cr, x + LEGEND_SAMPLE, cy);
            cairo_stroke (cr);
            draw_marker (cr, style, style->markers[(guint) region % FOL_CHART_N_COLORS],
                         color, x + LEGEND_SAMPLE / 2.0, cy, MARKER_RADIUS);
          }
          break;

        case ITEM_BAND:
          source_color (cr, &style->band);
          cairo_rectangle (cr, x, cy - 5.0, LEGEND_SAMPLE, 10.0);
          cairo_fill (cr);
          break;

        case ITEM_TREATMENT:
          {
            static const double dash[] = { 2.0, 3.0 };

            source_color (cr, &style->muted);
            cairo_set_line_width (cr, 1.0);
            cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
            cairo_move_to (cr, x + LEGEND_SAMPLE / 2.0 + 0.5, cy - 6.0);
            cairo_line_to (cr, x + LEGEND_SAMPLE / 2.0 + 0.5, cy + 6.0);
            cairo_stroke (cr);
            cairo_set_dash (cr, NULL, 0, 0);
          }
          break;

        case ITEM_TREND:
        default:
          {
            static const double dash[] = { 8.0, 4.0, 2.0, 4.0 };

            source_color (cr, &style->foreground);
            cairo_set_line_width (cr, 1.5);
            cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
            cairo_move_to (cr, x, cy);
            cairo_line_to (cr, x + LEGEND_SAMPLE, cy);
            cairo_stroke (cr);
            cairo_set_dash (cr, NULL, 0, 0);
          }
          break;
        }

      pango_layout_set_width (text, MAX (1.0, avail - LEGEND_SAMPLE - 6.0) * PANGO_SCALE);
      pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
      source_color (cr, &style->foreground);
      draw_text (cr, text, x + LEGEND_SAMPLE + 6.0, y);
    }
}

/**
 * fol_chart_render:
 * @cr: any cairo context: a widget snapshot, an image, SVG or PDF surface,
 *   a printer page
 * @width: width in user units (1 unit = 1 pixel at 96 dpi)
 * @height: height in user units
 *
 * Draws the whole chart. This is the one drawing path for the screen,
 * files and printouts.
 */
void
fol_chart_render (FolChartData        *data,
                  const FolChartStyle *style,
                  cairo_t             *cr,
                  double               width,
                  double               height)
{
  Layout l;

  g_return_if_fail (FOL_IS_CHART_DATA (data));
  g_return_if_fail (style != NULL);
  g_return_if_fail (cr != NULL);

  if (width < 1.0 || height < 1.0)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  source_color (cr, &style->background);
  cairo_paint (cr);

  layout_compute (data, style, cr, width, height, &l);

  if (fol_chart_data_get_title (data))
    {
      g_autoptr(PangoLayout) title = new_layout (cr, style, fol_chart_data_get_title (data), 1.25, TRUE);

      pango_layout_set_width (title, MAX (1.0, width - 2 * l.pad) * PANGO_SCALE);
      pango_layout_set_ellipsize (title, PANGO_ELLIPSIZE_END);
      source_color (cr, &style->foreground);
      draw_text (cr, title, l.pad, l.pad);
    }
  if (fol_chart_data_get_subtitle (data))
    {
      g_autoptr(PangoLayout) subtitle = new_layout (cr, style, fol_chart_data_get_subtitle (data), 1.0, FALSE);

      pango_layout_set_width (subtitle, MAX (1.0, width - 2 * l.pad) * PANGO_SCALE);
      pango_layout_set_ellipsize (subtitle, PANGO_ELLIPSIZE_END);
      source_color (cr, &style->muted);
      draw_text (cr, subtitle, l.pad, l.pad + l.title_h + (l.title_h > 0 ? 2.0 : 0.0));
    }

  if (fol_chart_data_is_empty (data))
    {
      draw_empty (data, style, cr, &l, width);
      layout_clear (&l);
      cairo_restore (cr);
      return;
    }

  /* Reference marks and data stay inside the plot, whatever the values;
   * the clip leaves room for half a marker on the edges.
   */
  cairo_save (cr);
  cairo_rectangle (cr, l.plot.x, l.plot.y, l.plot.width, l.plot.height);
  cairo_clip (cr);
  draw_references (data, style, cr, &l);
  cairo_restore (cr);

  draw_axes (data, style, cr, &l);
  draw_treatments (data, style, cr, &l);

  cairo_save (cr);
  cairo_rectangle (cr, l.plot.x - MARKER_RADIUS - 1.0, l.plot.y - MARKER_RADIUS - 1.0,
                   l.plot.width + 2 * MARKER_RADIUS + 2.0, l.plot.height + 2 * MARKER_RADIUS + 2.0);
  cairo_clip (cr);
  draw_series (data, style, cr, &l);
  cairo_restore (cr);

  draw_legend (data, style, cr, &l, width);

  layout_clear (&l);
  cairo_restore (cr);
}

/**
 * fol_chart_render_page:
 * @width_pt: printable width in points (1/72 inch)
 * @height_pt: printable height in points
 *
 * Renders the chart into a page area measured in points, keeping text at
 * its size in points on paper: PDF export and printing.
 */
void
fol_chart_render_page (FolChartData        *data,
                       const FolChartStyle *style,
                       cairo_t             *cr,
                       double               width_pt,
                       double               height_pt)
{
  g_return_if_fail (FOL_IS_CHART_DATA (data));
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  cairo_scale (cr, 1.0 / PX_PER_PT, 1.0 / PX_PER_PT);
  fol_chart_render (data, style, cr, width_pt * PX_PER_PT, height_pt * PX_PER_PT);
  cairo_restore (cr);
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
scratch_layout (FolChartData        *data,
                const FolChartStyle *style,
                double               width,
                double               height,
                Layout              *l)
{
  cairo_t *cr = scratch_context ();

  layout_compute (data, style, cr, width, height, l);
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
  Layout l;

  g_return_if_fail (FOL_IS_CHART_DATA (data));
  g_return_if_fail (style != NULL);
  g_return_if_fail (plot != NULL);

  scratch_layout (data, style, width, height, &l);
  *plot = l.plot;
  layout_clear (&l);
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
  Layout l;

  g_return_if_fail (FOL_IS_CHART_DATA (data));
  g_return_if_fail (style != NULL);
  g_return_if_fail (legend != NULL);

  scratch_layout (data, style, width, height, &l);
  legend->x = l.pad;
  legend->y = l.legend_y;
  legend->width = MAX (0.0, width - 2 * l.pad);
  legend->height = l.legend_h;
  layout_clear (&l);
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
