/* fol-outcomes-report.c
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

#define G_LOG_DOMAIN "fol-outcomes"

#include "config.h"

#include <math.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>

#include "fol-file-writer.h"
#include "fol-i18n.h"
#include "fol-outcomes-report.h"

/* The outcomes chart as a file (PNG, SVG: the chart; PDF: the clinic
 * report's outcomes page, with the notice, the table and the chart).
 * Files use the light palette, like every exported chart.
 */

#define CHART_WIDTH  1600
#define CHART_HEIGHT 1000
#define PAGE_MARGIN  36.0

char *
fol_outcomes_title (const FolOutcomes *outcomes)
{
  g_return_val_if_fail (outcomes != NULL, NULL);

  if (outcomes->region < FOL_N_REGIONS)
    /* Translators: outcomes chart title: measurement, then region */
    return g_strdup_printf (_("Change in %s, %s"), fol_measure_name (outcomes->measure),
                            fol_region_name (outcomes->region));
  return g_strdup_printf (_("Change in %s"), fol_measure_name (outcomes->measure));
}

FolOutcomesChart *
fol_outcomes_make_chart (const FolOutcomes *outcomes)
{
  g_autofree char *title = NULL;
  g_autofree char *y_title = NULL;
  FolOutcomesChart *chart;

  g_return_val_if_fail (outcomes != NULL, NULL);

  title = fol_outcomes_title (outcomes);
  /* Translators: the y axis of the outcomes chart; the unit follows */
  y_title = g_strdup_printf (_("Mean change from baseline (%s), with its 95 %% confidence "
                               "interval and the number of patients n"),
                             fol_measure_unit (outcomes->measure));
  chart = fol_outcomes_chart_new (title, y_title);
  fol_outcomes_chart_set_windows (chart, fol_outcomes_window_months, FOL_OUTCOMES_N_WINDOWS);

  for (guint i = 0; i < outcomes->groups->len; i++)
    {
      const FolOutcomeGroup *g = g_ptr_array_index (outcomes->groups, i);
      double mean[FOL_OUTCOMES_N_WINDOWS], low[FOL_OUTCOMES_N_WINDOWS];
      double high[FOL_OUTCOMES_N_WINDOWS];
      guint n[FOL_OUTCOMES_N_WINDOWS];
      g_autofree char *name = fol_outcomes_group_name (g);

      for (guint w = 0; w < FOL_OUTCOMES_N_WINDOWS; w++)
        {
          mean[w] = g->windows[w].mean;
          low[w] = g->windows[w].ci_low;
          high[w] = g->windows[w].ci_high;
          n[w] = g->windows[w].n;
        }
      fol_outcomes_chart_add_group (chart, name, mean, low, high, n);
    }
  return chart;
}

static void
show_text (cairo_t    *cr,
           const char *text,
           double      x,
           double      y,
           double      width,
           double      size,
           gboolean    bold,
           double     *out_height)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans");
  int w, h;

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_pixel_size (layout, &w, &h);
  if (out_height != NULL)
    *out_height = h;
}

/* One table cell per window: "n = 12 · +20.3 (+15.1 to +25.5) · 58 %" */
static char *
window_cell (const FolOutcomes      *outcomes,
             const FolOutcomeWindow *win)
{
  guint decimals = fol_measure_decimals (outcomes->measure);
  g_autofree char *mean = NULL, *low = NULL, *high = NULL, *rate = NULL;

  if (win->too_few)
    return g_strdup_printf (_("too few patients (n = %u)"), win->n);

  mean = fol_format_signed (win->mean, decimals);
  low = fol_format_signed (win->ci_low, decimals);
  high = fol_format_signed (win->ci_high, decimals);
  if (win->too_few_percent)
    /* Translators: n, mean change, its 95 % CI */
    return g_strdup_printf (_("n = %u: %s (%s to %s)"), win->n, mean, low, high);
  rate = fol_format_number (100.0 * win->responder_rate, 0);
  /* Translators: n, mean change, its 95 % CI, responders of n in % */
  return g_strdup_printf (_("n = %u: %s (%s to %s); responders %s %% of %u"), win->n, mean, low,
                          high, rate, win->n_percent);
}

static void
render_page (const FolOutcomes *outcomes,
             cairo_t           *cr,
             double             width,
             double             height)
{
  g_autoptr(FolOutcomesChart) chart = fol_outcomes_make_chart (outcomes);
  g_autofree char *title = fol_outcomes_title (outcomes);
  FolChartStyle style;
  double y = 0, h = 0, col, windows_x = 220;
  const double size = 8.5;
  gboolean by_protocol = outcomes->group_by == FOL_OUTCOMES_BY_PROTOCOL;

  fol_chart_style_init_light (&style);
  style.font_size = 9.0;
  cairo_set_source_rgb (cr, 0, 0, 0);
  show_text (cr, _("Outcomes across the clinic"), 0, y, width, 16, TRUE, &h);
  y += h + 4;
  show_text (cr, title, 0, y, width, 11, FALSE, &h);
  y += h + 4;
  show_text (cr, fol_outcomes_notice (), 0, y, width, size, FALSE, &h);
  y += h + 4;
  if (by_protocol)
    {
      g_autofree char *course = fol_outcomes_course_text (outcomes->group_by);

      show_text (cr, course, 0, y, width, size, FALSE, &h);
      y += h + 4;
      windows_x += 90;
    }
  y += 4;

  /* The table: treatment or protocol, patients, sessions, (adherence,)
   * then one column per window
   */
  col = (width - windows_x) / FOL_OUTCOMES_N_WINDOWS;
  show_text (cr, fol_outcomes_grouping_name (outcomes->group_by), 0, y, 150, size, TRUE, &h);
  show_text (cr, _("Patients / sessions"), 150, y, 70, size, TRUE, &h);
  if (by_protocol)
    {
      g_autofree char *head = g_strdup_printf (_("Sessions within ± %d days of plan"),
                                               FOL_PROTOCOL_ON_TIME_DAYS);

      show_text (cr, head, 220, y, 84, size, TRUE, &h);
    }
  for (guint w = 0; w < FOL_OUTCOMES_N_WINDOWS; w++)
    {
      g_autofree char *head = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u month",
                                                            "%u months",
                                                            fol_outcomes_window_months[w]),
                                               fol_outcomes_window_months[w]);
      show_text (cr, head, windows_x + w * col, y, col - 6, size, TRUE, NULL);
    }
  y += h + 4;
  for (guint i = 0; i < outcomes->groups->len && y < height * 0.5; i++)
    {
      const FolOutcomeGroup *g = g_ptr_array_index (outcomes->groups, i);
      g_autofree char *name = fol_outcomes_group_name (g);
      g_autofree char *counts = g_strdup_printf ("%u / %u", g->n_patients, g->n_sessions);
      double row = 0;

      show_text (cr, name, 0, y, 146, size, g->product == NULL, &h);
      row = MAX (row, h);
      show_text (cr, counts, 150, y, 70, size, FALSE, &h);
      row = MAX (row, h);
      if (by_protocol && g->protocol_id != NULL)
        {
          g_autofree char *adherence = NULL;

          if (g->adherence_assessed == 0)
            adherence = g_strdup (_("none due yet"));
          else
            {
              g_autofree char *percent = fol_format_number (g->adherence_percent, 1);

              /* Translators: sessions on time, of those assessed, and the percentage */
              adherence = g_strdup_printf (_("%u of %u (%s %%)"), g->adherence_on_time,
                                           g->adherence_assessed, percent);
            }
          show_text (cr, adherence, 220, y, 84, size, FALSE, &h);
          row = MAX (row, h);
        }
      for (guint w = 0; w < FOL_OUTCOMES_N_WINDOWS; w++)
        {
          g_autofree char *cell = window_cell (outcomes, &g->windows[w]);

          show_text (cr, cell, windows_x + w * col, y, col - 6, size, FALSE, &h);
          row = MAX (row, h);
        }
      y += row + 3;
    }

  y += 6;
  cairo_save (cr);
  cairo_translate (cr, 0, y);
  fol_outcomes_chart_render (chart, &style, cr, width, height - y);
  cairo_restore (cr);
}

static gboolean
finish (cairo_surface_t  *surface,
        FolFileWriter    *writer,
        GError          **error)
{
  cairo_status_t status;

  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS && !fol_file_writer_get_failed (writer))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", cairo_status_to_string (status));
      return FALSE;
    }
  return fol_file_writer_commit (writer, error);
}

/**
 * fol_outcomes_export:
 * @format: PNG or SVG (the chart) or PDF (the report page); AUTO: from @path
 *
 * Returns: %TRUE when the whole file was written
 */
gboolean
fol_outcomes_export (const FolOutcomes  *outcomes,
                     const char         *path,
                     FolChartFormat      format,
                     GError            **error)
{
  g_autoptr(FolFileWriter) writer = NULL;
  g_autoptr(FolOutcomesChart) chart = NULL;
  cairo_surface_t *surface;
  FolChartStyle style;
  cairo_t *cr;

  g_return_val_if_fail (outcomes != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (format == FOL_CHART_FORMAT_AUTO && !fol_chart_format_from_path (path, &format, error))
    return FALSE;
  writer = fol_file_writer_new (path, error);
  if (writer == NULL)
    return FALSE;

  fol_chart_style_init_light (&style);
  chart = fol_outcomes_make_chart (outcomes);

  switch (format)
    {
    case FOL_CHART_FORMAT_PNG:
      {
        cairo_status_t status;

        surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, CHART_WIDTH, CHART_HEIGHT);
        cr = cairo_create (surface);
        style.font_size *= 1.5;
        fol_outcomes_chart_render (chart, &style, cr, CHART_WIDTH, CHART_HEIGHT);
        cairo_destroy (cr);
        status = cairo_surface_write_to_png_stream (surface, fol_file_writer_cairo_write, writer);
        cairo_surface_destroy (surface);
        if (status != CAIRO_STATUS_SUCCESS && !fol_file_writer_get_failed (writer))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                         cairo_status_to_string (status));
            return FALSE;
          }
        return fol_file_writer_commit (writer, error);
      }
    case FOL_CHART_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (fol_file_writer_cairo_write, writer,
                                                     CHART_WIDTH, CHART_HEIGHT);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      cr = cairo_create (surface);
      style.font_size *= 1.5;
      fol_outcomes_chart_render (chart, &style, cr, CHART_WIDTH, CHART_HEIGHT);
      cairo_destroy (cr);
      return finish (surface, writer, error);
    case FOL_CHART_FORMAT_PDF:
      {
        double w, h;

        fol_paper_size_get_landscape (FOL_PAPER_A4, &w, &h);
        surface = cairo_pdf_surface_create_for_stream (fol_file_writer_cairo_write, writer, w, h);
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                        _("Outcomes across the clinic"));
        cr = cairo_create (surface);
        cairo_translate (cr, PAGE_MARGIN, PAGE_MARGIN);
        render_page (outcomes, cr, w - 2 * PAGE_MARGIN, h - 2 * PAGE_MARGIN);
        cairo_show_page (cr);
        cairo_destroy (cr);
        return finish (surface, writer, error);
      }
    case FOL_CHART_FORMAT_AUTO:
    default:
      g_assert_not_reached ();
    }
}
