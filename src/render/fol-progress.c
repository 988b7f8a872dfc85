/* fol-progress.c
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

#define _GNU_SOURCE
#define G_LOG_DOMAIN "fol-progress"

#include "config.h"

#include <langinfo.h>
#include <math.h>

#include "fol-catalog.h"
#include "fol-error.h"
#include "fol-figures.h"
#include "fol-i18n.h"
#include "fol-progress.h"
#include "fol-stats.h"

/**
 * fol_progress_chart_new:
 * @regions: a FolRegion bit mask; 0 for every region the patient has
 *   values of @measure in
 *
 * Prepares a patient's progress chart: one series per region with its
 * baseline (CLINICAL.md's rule), optional trend lines, treatment sessions
 * on the time axis, a title and a subtitle naming the patient and dates.
 * The widget, the exports and the reports all draw from this.
 *
 * Returns: (transfer full): the chart's data
 */
FolChartData *
fol_progress_chart_new (FolHistory       *history,
                        FolMeasure        measure,
                        guint             regions,
                        FolProgressFlags  flags,
                        double            threshold)
{
  g_autoptr(FolChartData) data = NULL;
  FolPatient *patient;
  guint n_visits;
  guint n_regions;

  g_return_val_if_fail (FOL_IS_HISTORY (history), NULL);
  g_return_val_if_fail (measure < FOL_N_MEASURES, NULL);

  patient = fol_history_get_patient (history);
  n_visits = fol_history_get_n_visits (history);
  data = fol_chart_data_new (measure, (flags & FOL_PROGRESS_RELATIVE) != 0);
  fol_chart_data_set_threshold (data, threshold);

  /* Norwood–Hamilton, Ludwig, Sinclair: grades on the scale's own order. */
  {
    FolScale scale;

    if (fol_scale_for_measure (measure, &scale))
      {
        g_autofree const char **grades = g_new0 (const char *, fol_scale_n_grades (scale) + 1);

        for (guint i = 0; i < fol_scale_n_grades (scale); i++)
          grades[i] = fol_scale_grade_label (scale, i);
        fol_chart_data_set_levels (data, grades, fol_scale_n_grades (scale));
        flags &= ~FOL_PROGRESS_RELATIVE;
      }
  }

  if (flags & FOL_PROGRESS_RELATIVE)
    /* Translators: chart title, e.g. "Total hair density: change from baseline" */
    {
      g_autofree char *title = g_strdup_printf (_("%s: change from baseline"),
                                                fol_measure_name (measure));
      fol_chart_data_set_title (data, title);
    }
  else
    fol_chart_data_set_title (data, fol_measure_name (measure));

  if (n_visits > 0)
    {
      g_autofree char *first = fol_date_format (fol_visit_get_date (fol_history_get_visit (history, 0)));
      g_autofree char *last = fol_date_format (fol_visit_get_date (fol_history_get_visit (history, n_visits - 1)));
      g_autofree char *subtitle = NULL;

      /* " 4 May 2026" is padded for columns: no double space in a sentence. */
      g_strstrip (first);
      g_strstrip (last);

      if (g_strcmp0 (first, last) == 0)
        /* Translators: chart subtitle: patient name, the one visit's date */
        subtitle = g_strdup_printf (_("%s · %s"), fol_patient_get_name (patient), first);
      else
        /* Translators: chart subtitle: patient name, first and last visit dates */
        subtitle = g_strdup_printf (_("%s · %s – %s"), fol_patient_get_name (patient), first, last);

      fol_chart_data_set_subtitle (data, subtitle);
    }
  else
    fol_chart_data_set_subtitle (data, fol_patient_get_name (patient));

  n_regions = fol_measure_is_per_region (measure) ? FOL_N_REGIONS : 1;
  for (guint r = 0; r < n_regions; r++)
    {
      g_autoptr(GArray) series = NULL;
      g_autofree FolDate *dates = NULL;
      g_autofree double *values = NULL;
      g_autofree const char **ids = NULL;
      FolRegionSummary summary;
      guint index;

      if (n_regions > 1 && regions != 0 && !(regions & FOL_REGION_BIT (r)))
        continue;

      if (!fol_history_summarize (history, measure, r, &summary))
        continue;

      series = fol_history_get_series (history, measure, r);
      dates = g_new (FolDate, series->len);
      values = g_new (double, series->len);
      ids = g_new0 (const char *, series->len);
      for (guint i = 0; i < series->len; i++)
        {
          dates[i] = g_array_index (series, FolSample, i).date;
          values[i] = g_array_index (series, FolSample, i).value;
          ids[i] = fol_visit_get_id (fol_history_get_visit (history, i));
        }

      index = fol_chart_data_add_series (data, n_regions > 1 ? r : FOL_REGION_NONE,
                                         dates, values, ids, series->len, summary.baseline);

      if ((flags & FOL_PROGRESS_TREND) && summary.has_slope)
        {
          double slope, intercept;
          guint n;
          FolDate origin = summary.baseline_date != FOL_DATE_NONE ? summary.baseline_date : dates[0];

          if (fol_stats_slope ((const FolSample *) (gpointer) series->data, series->len, origin,
                               &slope, &intercept, &n))
            fol_chart_data_set_series_trend (data, index, origin, intercept, slope);
        }
    }

  for (guint i = 0; i < fol_history_get_n_sessions (history); i++)
    {
      FolTreatmentSession *s = fol_history_get_session (history, i);

      fol_chart_data_add_treatment (data, fol_treatment_session_get_date (s),
                                    fol_catalog_label (FOL_CATALOG_TREATMENT_TYPE,
                                                       fol_treatment_session_get_treatment_type (s)));
    }

  return g_steal_pointer (&data);
}

/**
 * fol_progress_parse_regions:
 * @list: region codes separated by commas, e.g. "vertex,frontal"
 */
gboolean
fol_progress_parse_regions (const char  *list,
                            guint       *out_regions,
                            GError     **error)
{
  g_auto(GStrv) codes = NULL;
  guint mask = 0;

  g_return_val_if_fail (list != NULL, FALSE);

  codes = g_strsplit (list, ",", -1);
  for (guint i = 0; codes[i]; i++)
    {
      FolRegion region;
      const char *code = g_strstrip (codes[i]);

      if (!fol_region_from_code (code, &region))
        {
          g_autoptr(GString) known = g_string_new (NULL);

          for (guint r = 0; r < FOL_N_REGIONS; r++)
            g_string_append_printf (known, "%s%s", r ? ", " : "", fol_region_code (r));
          g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT,
                       _("Unknown region “%s”; the regions are %s"), code, known->str);
          return FALSE;
        }
      mask |= FOL_REGION_BIT (region);
    }

  if (mask == 0)
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED,
                   _("Name at least one region"));
      return FALSE;
    }

  *out_regions = mask;
  return TRUE;
}

/* Letter where the locale's paper is 216 mm wide (the Americas), else A4. */
FolPaperSize
fol_paper_size_for_locale (void)
{
  union { char *string; unsigned int word; } width;

  width.string = nl_langinfo (_NL_PAPER_WIDTH);
  return width.word == 216 ? FOL_PAPER_LETTER : FOL_PAPER_A4;
}
