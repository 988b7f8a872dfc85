/* fol-outcomes-chart.c
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

#define G_LOG_DOMAIN "fol-outcomes-chart"

#include "config.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "fol-i18n.h"
#include "fol-outcomes-chart.h"

#define MAX_WINDOWS 8
#define MIN_N       5

typedef struct
{
  char  *label;
  double mean[MAX_WINDOWS];
  double low[MAX_WINDOWS];
  double high[MAX_WINDOWS];
  guint  n[MAX_WINDOWS];
  gboolean drawn;   /* a mean in at least one window */
  guint  slot;      /* its place among the drawn groups */
} Group;

struct _FolOutcomesChart
{
  char   *title;
  char   *y_title;
  guint   months[MAX_WINDOWS];
  guint   n_windows;
  GArray *groups;   /* Group */
};

typedef struct
{
  FolChartRect plot;
  double       y_min;
  double       y_max;
  double       step;
  double       first_tick;
  guint        n_ticks;
  double       legend_top;
  guint        n_drawn;
  guint        n_hidden;
} Layout;

static void
clear_group (gpointer data)
{
  g_free (((Group *) data)->label);
}

FolOutcomesChart *
fol_outcomes_chart_new (const char *title,
                        const char *y_title)
{
  FolOutcomesChart *self = g_new0 (FolOutcomesChart, 1);
  static const guint default_months[] = { 3, 6, 12 };

  self->title = g_strdup (title);
  self->y_title = g_strdup (y_title);
  self->groups = g_array_new (FALSE, TRUE, sizeof (Group));
  g_array_set_clear_func (self->groups, clear_group);
  fol_outcomes_chart_set_windows (self, default_months, G_N_ELEMENTS (default_months));
  return self;
}

void
fol_outcomes_chart_free (FolOutcomesChart *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->groups);
  g_free (self->title);
  g_free (self->y_title);
  g_free (self);
}

void
fol_outcomes_chart_set_windows (FolOutcomesChart *self,
                                const guint      *months,
                                guint             n_windows)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (n_windows >= 1 && n_windows <= MAX_WINDOWS);

  memcpy (self->months, months, n_windows * sizeof (guint));
  self->n_windows = n_windows;
}

/**
 * fol_outcomes_chart_add_group:
 * @mean: (array): one per window; NaN when there is none
 * @n: (array): the patients each rests on; below 5: "too few", no mean
 */
void
fol_outcomes_chart_add_group (FolOutcomesChart *self,
                              const char       *label,
                              const double     *mean,
                              const double     *low,
                              const double     *high,
                              const guint      *n)
{
  Group group = { 0 };

  g_return_if_fail (self != NULL);

  group.label = g_strdup (label);
  for (guint w = 0; w < self->n_windows; w++)
    {
      gboolean shown = n[w] >= MIN_N && isfinite (mean[w]);

      group.mean[w] = shown ? mean[w] : NAN;
      group.low[w] = shown ? low[w] : NAN;
      group.high[w] = shown ? high[w] : NAN;
      group.n[w] = n[w];
      group.drawn |= shown;
    }
  /* A group with no mean anywhere has nothing to draw: it takes neither a
   * place along x nor a line of the legend (the table still lists it). */
  group.slot = 0;
  for (guint g = 0; g < self->groups->len; g++)
    group.slot += g_array_index (self->groups, Group, g).drawn;
  g_array_append_val (self->groups, group);
}

guint
fol_outcomes_chart_get_n_groups (FolOutcomesChart *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->groups->len;
}

/**
 * fol_outcomes_chart_get_n_drawn:
 *
 * Returns: the groups drawn, those with a mean in at least one window
 */
guint
fol_outcomes_chart_get_n_drawn (FolOutcomesChart *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);
  for (guint g = 0; g < self->groups->len; g++)
    n += g_array_index (self->groups, Group, g).drawn;
  return n;
}

/**
 * fol_outcomes_chart_get_mark:
 *
 * The colour (an index into the style's palette) and the marker shape of
 * @group: no two drawn groups share both, however many there are (up to
 * 64); the first eight take the palette with circles.
 *
 * Returns: %FALSE when @group is not drawn
 */
gboolean
fol_outcomes_chart_get_mark (FolOutcomesChart *self,
                             guint             group,
                             guint            *color,
                             FolChartMarker   *shape)
{
  const Group *g;

  g_return_val_if_fail (self != NULL && group < self->groups->len, FALSE);

  g = &g_array_index (self->groups, Group, group);
  if (!g->drawn)
    return FALSE;
  *color = g->slot % FOL_CHART_N_COLORS;
  *shape = (FolChartMarker) ((g->slot / FOL_CHART_N_COLORS) % FOL_CHART_N_COLORS);
  return TRUE;
}

static PangoLayout *
make_layout (cairo_t             *cr,
             const FolChartStyle *style,
             double               scale,
             gboolean             bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, style->font_family[0] ? style->font_family : "Sans");
  pango_font_description_set_absolute_size (font, style->font_size * scale * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

static void
set_color (cairo_t             *cr,
           const FolChartColor *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

static void
compute_layout (FolOutcomesChart    *self,
                const FolChartStyle *style,
                double               width,
                double               height,
                Layout              *l)
{
  double lo = 0.0, hi = 0.0;
  double line = style->font_size * 1.6;
  guint rows;

  l->n_drawn = fol_outcomes_chart_get_n_drawn (self);
  l->n_hidden = self->groups->len - l->n_drawn;
  rows = (l->n_drawn + 1) / 2 + (l->n_hidden > 0 ? 1 : 0);

  for (guint g = 0; g < self->groups->len; g++)
    {
      const Group *group = &g_array_index (self->groups, Group, g);

      for (guint w = 0; w < self->n_windows; w++)
        {
          if (isfinite (group->low[w]))
            lo = MIN (lo, group->low[w]);
          if (isfinite (group->high[w]))
            hi = MAX (hi, group->high[w]);
        }
    }
  if (hi - lo < 1e-9)
    hi = lo + 1.0;
  if (!fol_chart_nice_ticks (lo, hi, 6, &l->step, &l->first_tick, &l->n_ticks))
    {
      l->step = (hi - lo) / 5;
      l->first_tick = lo;
      l->n_ticks = 6;
    }
  l->y_min = MIN (lo, l->first_tick);
  l->y_max = MAX (hi, l->first_tick + l->step * (l->n_ticks - 1));

  l->plot.x = style->font_size * 6.0;
  l->plot.y = line * 2.6;
  l->plot.width = MAX (10.0, width - l->plot.x - style->font_size * 1.5);
  l->legend_top = height - line * (rows + 0.5);
  l->plot.height = MAX (10.0, l->legend_top - line * 2.2 - l->plot.y);
}

/**
 * fol_outcomes_chart_get_min_height:
 *
 * The height the chart needs in @style for a plot of @plot_height pixels
 * above its axis labels and legend, which grows with the groups drawn.
 */
double
fol_outcomes_chart_get_min_height (FolOutcomesChart    *self,
                                   const FolChartStyle *style,
                                   double               plot_height)
{
  Layout l;

  g_return_val_if_fail (self != NULL && style != NULL, 0);

  /* The layout at a nominal height: the plot keeps what is left over. */
  compute_layout (self, style, 1000, 100000, &l);
  return plot_height + (100000 - l.plot.height);
}

static double
map_y (const Layout *l,
       double        value)
{
  return l->plot.y + l->plot.height * (1.0 - (value - l->y_min) / (l->y_max - l->y_min));
}

static double
map_x (FolOutcomesChart *self,
       const Layout     *l,
       guint             group,
       guint             window)
{
  double slot = l->plot.width / self->n_windows;
  guint n = MAX (l->n_drawn, 1);
  double inner = slot * 0.7;
  guint place = g_array_index (self->groups, Group, group).slot;

  return l->plot.x + slot * window + (slot - inner) / 2 + inner * (place + 0.5) / n;
}

/**
 * fol_outcomes_chart_get_point:
 *
 * Where the mean of @group at @window is drawn, for tests.
 *
 * Returns: %FALSE when that window has no mean (too few patients)
 */
gboolean
fol_outcomes_chart_get_point (FolOutcomesChart    *self,
                              const FolChartStyle *style,
                              double               width,
                              double               height,
                              guint                group,
                              guint                window,
                              double              *x,
                              double              *y)
{
  Layout l;
  const Group *g;

  g_return_val_if_fail (self != NULL && group < self->groups->len, FALSE);
  g_return_val_if_fail (window < self->n_windows, FALSE);

  g = &g_array_index (self->groups, Group, group);
  if (!isfinite (g->mean[window]))
    return FALSE;
  compute_layout (self, style, width, height, &l);
  *x = map_x (self, &l, group, window);
  *y = map_y (&l, g->mean[window]);
  return TRUE;
}

void
fol_outcomes_chart_render (FolOutcomesChart    *self,
                           const FolChartStyle *style,
                           cairo_t             *cr,
                           double               width,
                           double               height)
{
  g_autoptr(PangoLayout) text = NULL;
  g_autoptr(PangoLayout) small = NULL;
  Layout l;
  double slot;
  int tw, th;

  g_return_if_fail (self != NULL && style != NULL && cr != NULL);

  compute_layout (self, style, width, height, &l);
  text = make_layout (cr, style, 1.0, FALSE);
  small = make_layout (cr, style, 0.8, FALSE);

  cairo_save (cr);
  /* The chart's own rectangle only: on a page, text above it stays. */
  set_color (cr, &style->background);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  /* Title and the unit */
  {
    g_autoptr(PangoLayout) title = make_layout (cr, style, 1.25, TRUE);

    set_color (cr, &style->foreground);
    pango_layout_set_text (title, self->title ? self->title : "", -1);
    cairo_move_to (cr, l.plot.x, style->font_size * 0.5);
    pango_cairo_show_layout (cr, title);
    set_color (cr, &style->muted);
    pango_layout_set_text (small, self->y_title ? self->y_title : "", -1);
    cairo_move_to (cr, l.plot.x, style->font_size * 2.4);
    pango_cairo_show_layout (cr, small);
  }

  /* Grid and y ticks */
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; i < l.n_ticks; i++)
    {
      double v = l.first_tick + i * l.step;
      double y = map_y (&l, v);
      g_autofree char *label = g_strdup_printf ("%.*f", (int) fol_chart_tick_decimals (l.step), v);

      if (y < l.plot.y - 0.5 || y > l.plot.y + l.plot.height + 0.5)
        continue;
      set_color (cr, fabs (v) < l.step / 1000 ? &style->foreground : &style->grid);
      cairo_move_to (cr, l.plot.x, round (y) + 0.5);
      cairo_line_to (cr, l.plot.x + l.plot.width, round (y) + 0.5);
      cairo_stroke (cr);
      set_color (cr, &style->muted);
      pango_layout_set_text (small, label, -1);
      pango_layout_get_pixel_size (small, &tw, &th);
      cairo_move_to (cr, l.plot.x - tw - style->font_size * 0.5, y - th / 2.0);
      pango_cairo_show_layout (cr, small);
    }

  /* Windows along x */
  slot = l.plot.width / self->n_windows;
  for (guint w = 0; w < self->n_windows; w++)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u month",
                                                             "%u months", self->months[w]),
                                                self->months[w]);

      set_color (cr, &style->foreground);
      pango_layout_set_text (text, label, -1);
      pango_layout_get_pixel_size (text, &tw, &th);
      cairo_move_to (cr, l.plot.x + slot * w + (slot - tw) / 2, l.plot.y + l.plot.height + 4);
      pango_cairo_show_layout (cr, text);
      if (w > 0)
        {
          set_color (cr, &style->grid);
          cairo_move_to (cr, round (l.plot.x + slot * w) + 0.5, l.plot.y);
          cairo_line_to (cr, round (l.plot.x + slot * w) + 0.5, l.plot.y + l.plot.height);
          cairo_stroke (cr);
        }
    }

  /* Means with their intervals, and n */
  for (guint g = 0; g < self->groups->len; g++)
    {
      const Group *group = &g_array_index (self->groups, Group, g);
      const FolChartColor *color;
      FolChartMarker shape;
      guint c;

      if (!fol_outcomes_chart_get_mark (self, g, &c, &shape))
        continue;
      color = &style->palette[c];

      for (guint w = 0; w < self->n_windows; w++)
        {
          double x = map_x (self, &l, g, w);
          g_autofree char *label = NULL;

          if (isfinite (group->mean[w]))
            {
              double y = map_y (&l, group->mean[w]);

              set_color (cr, color);
              cairo_set_line_width (cr, 2.0);
              if (isfinite (group->low[w]) && isfinite (group->high[w]))
                {
                  double y0 = map_y (&l, group->low[w]), y1 = map_y (&l, group->high[w]);

                  cairo_move_to (cr, x, y0);
                  cairo_line_to (cr, x, y1);
                  cairo_move_to (cr, x - 5, y0);
                  cairo_line_to (cr, x + 5, y0);
                  cairo_move_to (cr, x - 5, y1);
                  cairo_line_to (cr, x + 5, y1);
                  cairo_stroke (cr);
                }
              fol_chart_draw_marker (cr, style, shape, color, x, y, 5.0);
              label = g_strdup_printf ("n = %u", group->n[w]);
            }
          else
            {
              /* Translators: in the outcomes chart, under 5 patients; n follows */
              label = g_strdup_printf (_("too few (n = %u)"), group->n[w]);
            }

          set_color (cr, &style->muted);
          pango_layout_set_text (small, label, -1);
          pango_layout_get_pixel_size (small, &tw, &th);
          cairo_save (cr);
          cairo_move_to (cr, x - th / 2.0, l.plot.y + l.plot.height - 4);
          cairo_rotate (cr, -G_PI / 2);
          pango_cairo_show_layout (cr, small);
          cairo_restore (cr);
        }
    }

  /* Legend: two columns of the drawn groups, then what was left out */
  for (guint g = 0; g < self->groups->len; g++)
    {
      const Group *group = &g_array_index (self->groups, Group, g);
      double col = (group->slot % 2) * (l.plot.width / 2);
      double y = l.legend_top + (group->slot / 2) * style->font_size * 1.6;
      FolChartMarker shape;
      guint c;

      if (!fol_outcomes_chart_get_mark (self, g, &c, &shape))
        continue;
      fol_chart_draw_marker (cr, style, shape, &style->palette[c], l.plot.x + col + 6,
                             y + style->font_size * 0.7, 5.0);
      set_color (cr, &style->foreground);
      pango_layout_set_text (text, group->label, -1);
      pango_layout_set_width (text, (int) ((l.plot.width / 2 - 24) * PANGO_SCALE));
      pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
      cairo_move_to (cr, l.plot.x + col + 16, y);
      pango_cairo_show_layout (cr, text);
      pango_layout_set_width (text, -1);
    }
  if (l.n_hidden > 0)
    {
      g_autofree char *note =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      /* Translators: under the outcomes chart's legend */
                                      "Not drawn: %u more with fewer than 5 patients in every "
                                      "window, too few for a mean.",
                                      "Not drawn: %u more with fewer than 5 patients in every "
                                      "window, too few for a mean.", l.n_hidden),
                         l.n_hidden);

      set_color (cr, &style->muted);
      pango_layout_set_text (text, note, -1);
      cairo_move_to (cr, l.plot.x, l.legend_top + ((l.n_drawn + 1) / 2) * style->font_size * 1.6);
      pango_cairo_show_layout (cr, text);
    }

  cairo_restore (cr);
}
