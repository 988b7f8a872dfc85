/* fol-report-figures.c
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

#define G_LOG_DOMAIN "fol-report"

#include "config.h"

#include "fol-figures.h"
#include "fol-i18n.h"
#include "fol-progress.h"
#include "fol-report-private.h"
#include "fol-summary.h"

/* The figures derived from what was entered (fol-figures.c), in the words
 * of the summary and review mode: vellus density and hairs per follicular
 * unit per region, the scales in grades, the SALT response and the global
 * assessments; and the scales charted as steps on their own order.
 */

static const FolMeasure derived_measures[] = {
  FOL_MEASURE_VELLUS_DENSITY,
  FOL_MEASURE_HAIRS_PER_FU,
};

static const FolMeasure scale_measures[] = {
  FOL_MEASURE_NORWOOD,
  FOL_MEASURE_LUDWIG,
  FOL_MEASURE_SINCLAIR,
};

void
_fol_report_section_figures (Ctx *ctx)
{
  FolHistory *history = ctx->data->history;
  g_autoptr(GPtrArray) lines = fol_figures_lines (history);

  for (guint m = 0; m < G_N_ELEMENTS (derived_measures); m++)
    {
      g_autoptr(GPtrArray) region_lines = g_ptr_array_new_with_free_func (g_free);

      for (guint r = 0; r < FOL_N_REGIONS; r++)
        {
          char *line = fol_summary_region_line (history, derived_measures[m], r,
                                                ctx->data->threshold);

          if (line != NULL)
            g_ptr_array_add (region_lines, line);
        }
      if (region_lines->len == 0)
        continue;

      _fol_report_heading (ctx, fol_measure_name (derived_measures[m]), 30);
      for (guint i = 0; i < region_lines->len; i++)
        _fol_report_paragraph (ctx, BODY_FONT, g_ptr_array_index (region_lines, i));
    }

  if (lines->len == 0)
    return;

  _fol_report_heading (ctx, _("Scales, SALT response and assessments"), 30);
  for (guint i = 0; i < lines->len; i++)
    _fol_report_paragraph (ctx, BODY_FONT, g_ptr_array_index (lines, i));
}

void
_fol_report_section_scale_charts (Ctx *ctx)
{
  for (guint m = 0; m < G_N_ELEMENTS (scale_measures); m++)
    {
      g_autoptr(FolChartData) chart = NULL;

      chart = fol_progress_chart_new (ctx->data->history, scale_measures[m], 0, FOL_PROGRESS_NONE,
                                      ctx->data->threshold);
      if (chart == NULL || fol_chart_data_is_empty (chart))
        continue;
      /* The heading names the chart: the chart does not say it again. */
      fol_chart_data_set_title (chart, NULL);

      _fol_report_heading (ctx, fol_measure_name (scale_measures[m]), CHART_HEIGHT);
      _fol_report_ensure_space (ctx, CHART_HEIGHT);
      cairo_save (ctx->cr);
      cairo_translate (ctx->cr, MARGIN_PT, ctx->y);
      fol_chart_render (chart, &ctx->style, ctx->cr, _fol_report_content_width (ctx), CHART_HEIGHT);
      cairo_restore (ctx->cr);
      ctx->y += CHART_HEIGHT + GAP_PT;
    }
}
