/* fol-summary.c
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

#define G_LOG_DOMAIN "fol-summary"

#include "config.h"

#include <math.h>

#include "fol-catalog.h"
#include "fol-figures.h"
#include "fol-i18n.h"
#include "fol-measure-field.h"
#include "fol-stats.h"
#include "fol-summary.h"

/* Measures the text summary shows, when the patient has them. */
static const FolMeasure summary_measures[] = {
  FOL_MEASURE_TOTAL_DENSITY,
  FOL_MEASURE_TERMINAL_DENSITY,
  FOL_MEASURE_VELLUS_DENSITY,
  FOL_MEASURE_MEAN_DIAMETER,
  FOL_MEASURE_CUMULATIVE_THICKNESS,
  FOL_MEASURE_HAIRS_PER_FU,
};

/* Pads @text with spaces to @width characters (not bytes: units and
 * dashes are multi-byte).
 */
static void
append_cell (GString    *out,
             const char *text,
             guint       width)
{
  glong len = g_utf8_strlen (text, -1);

  g_string_append (out, text);
  for (glong i = len; i < (glong) width; i++)
    g_string_append_c (out, ' ');
  g_string_append_c (out, ' ');
}

static const char *
verdict (const FolRegionSummary *s,
         FolMeasure              measure,
         double                  threshold)
{
  if (isnan (s->change_percent))
    return "—";
  return fol_change_name (fol_stats_classify (s->change_percent, threshold,
                                              fol_measure_lower_is_better (measure)));
}

static void
append_measure (GString    *out,
                FolHistory *history,
                FolMeasure  measure,
                double      threshold)
{
  guint decimals = fol_measure_decimals (measure);
  gboolean header = FALSE;
  guint n_regions = fol_measure_is_per_region (measure) ? FOL_N_REGIONS : 1;

  for (guint r = 0; r < n_regions; r++)
    {
      FolRegionSummary s;
      g_autofree char *baseline = NULL;
      g_autofree char *latest = NULL;
      g_autofree char *change = NULL;
      g_autofree char *slope = NULL;
      g_autofree char *n = NULL;

      if (!fol_history_summarize (history, measure, r, &s))
        continue;

      if (!header)
        {
          g_string_append_printf (out, "\n%s (%s)\n", fol_measure_name (measure),
                                  fol_measure_unit (measure));
          append_cell (out, _("Region"), 24);
          append_cell (out, _("Baseline"), 9);
          append_cell (out, _("Latest"), 9);
          append_cell (out, _("Change"), 18);
          append_cell (out, _("Trend/month"), 12);
          append_cell (out, _("n"), 3);
          g_string_append_printf (out, "%s\n", _("Verdict"));
          header = TRUE;
        }

      baseline = fol_format_number (s.baseline, decimals);
      latest = fol_format_number (s.latest, decimals);
      change = fol_format_change (s.change, s.change_percent, !isnan (s.change_percent), decimals);
      slope = s.has_slope ? fol_format_signed (s.slope, 2) : g_strdup ("—");
      n = g_strdup_printf ("%u", s.slope_n ? s.slope_n : s.n_values);

      append_cell (out, n_regions == 1 ? _("Whole scalp") : fol_region_short_name (r), 24);
      append_cell (out, baseline, 9);
      append_cell (out, latest, 9);
      append_cell (out, change, 18);
      append_cell (out, slope, 12);
      append_cell (out, n, 3);
      g_string_append_printf (out, "%s\n", verdict (&s, measure, threshold));
    }
}

/* Anagen and telogen as the pair they are, at each region's latest visit
 * that has either: telogen entered, or 100 − anagen. */
static void
append_anagen_telogen (GString    *out,
                       FolHistory *history)
{
  g_autoptr(GString) values = g_string_new (NULL);

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    for (guint v = fol_history_get_n_visits (history); v > 0; v--)
      {
        FolMeasurement *m = fol_history_get_measurement (history, v - 1, r);
        g_autofree char *anagen = NULL;
        g_autofree char *telogen = NULL;
        double t;

        if (m == NULL)
          continue;
        t = fol_measurement_telogen_or_derived (m);
        if (isnan (t))
          continue;
        anagen = fol_format_number (isnan (fol_measurement_get_anagen (m))
                                    ? 100 - t : fol_measurement_get_anagen (m), 1);
        telogen = fol_format_number (t, 1);
        g_string_append_printf (values, "%s%s %s / %s", values->len ? " · " : "",
                                fol_region_short_name (r), anagen, telogen);
        break;
      }

  if (values->len > 0)
    /* Translators: the latest anagen and telogen percentages per region,
     * e.g. "Anagen / telogen (%): Vertex 82.0 / 18.0" */
    g_string_append_printf (out, _("\nAnagen / telogen (%%): %s\n"), values->str);
}

/**
 * fol_summary_table:
 *
 * Returns: (transfer full): a plain-text summary of a patient: who, what
 *   treatment, and per region the latest values and change from baseline
 */
char *
fol_summary_table (FolHistory *history,
                   double      threshold)
{
  FolPatient *patient;
  GString *out;
  g_autofree char *birth = NULL;
  FolDate first;

  g_return_val_if_fail (FOL_IS_HISTORY (history), NULL);

  patient = fol_history_get_patient (history);
  out = g_string_new (NULL);
  birth = fol_date_to_iso (fol_patient_get_birth_date (patient));

  g_string_append_printf (out, "%s\n", fol_patient_get_name (patient));
  g_string_append_printf (out, _("ID: %s\n"), fol_patient_get_id (patient));
  if (fol_patient_get_diagnosis (patient))
    g_string_append_printf (out, _("Diagnosis: %s\n"),
                            fol_catalog_label (FOL_CATALOG_DIAGNOSIS,
                                               fol_patient_get_diagnosis (patient)));
  if (birth)
    g_string_append_printf (out, _("Born: %s\n"), birth);

  g_string_append_printf (out, ngettext ("%u visit", "%u visits", fol_history_get_n_visits (history)),
                          fol_history_get_n_visits (history));
  g_string_append (out, ", ");
  g_string_append_printf (out, ngettext ("%u treatment session", "%u treatment sessions",
                                         fol_history_get_n_sessions (history)),
                          fol_history_get_n_sessions (history));
  g_string_append_c (out, '\n');

  first = fol_history_get_first_treatment (history);
  if (first != FOL_DATE_NONE)
    {
      g_autofree char *iso = fol_date_to_iso (first);
      FolTreatmentSession *s = fol_history_get_session (history, 0);

      g_string_append_printf (out, _("First treatment: %s (%s)\n"), iso,
                              fol_catalog_label (FOL_CATALOG_TREATMENT_TYPE,
                                                 fol_treatment_session_get_treatment_type (s)));
    }
  else
    g_string_append (out, _("No treatment yet: changes are from the first visit.\n"));

  for (guint i = 0; i < G_N_ELEMENTS (summary_measures); i++)
    append_measure (out, history, summary_measures[i], threshold);
  append_anagen_telogen (out, history);
  append_measure (out, history, FOL_MEASURE_SALT, threshold);
  for (guint v = fol_history_get_n_visits (history); v > 0; v--)
    {
      FolVisit *visit = fol_history_get_visit (history, v - 1);

      if (fol_visit_get_aa_iga (visit) == FOL_NO_SCORE)
        continue;
      {
        g_autofree char *iso = fol_date_to_iso (fol_visit_get_date (visit));

        /* Translators: the latest grade of alopecia areata, e.g. "AA-IGA grade: 2 (2024-05-06)" */
        g_string_append_printf (out, _("AA-IGA grade: %d (%s)\n"), fol_visit_get_aa_iga (visit),
                                iso);
      }
      break;
    }

  /* The figures of fol-figures.c, in the words review mode and the report use. */
  {
    g_autoptr(GPtrArray) lines = fol_figures_lines (history);

    if (lines->len > 0)
      g_string_append_printf (out, "\n%s\n", _("Scales, SALT response and assessments"));
    for (guint i = 0; i < lines->len; i++)
      g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (lines, i));
  }

  if (fol_history_get_n_visits (history) == 0)
    g_string_append (out, _("\nNo visits recorded yet.\n"));

  return g_string_free (out, FALSE);
}

/**
 * fol_summary_region_line:
 *
 * Returns: (transfer full) (nullable): one plain-language sentence for a
 *   patient, e.g. "Crown: 142.0 → 171.0 hairs/cm², +20.4 % since 12 March
 *   2026 (improved)", or %NULL when the region has no value
 */
char *
fol_summary_region_line (FolHistory *history,
                         FolMeasure  measure,
                         FolRegion   region,
                         double      threshold)
{
  FolRegionSummary s;
  const char *name;
  guint decimals = fol_measure_decimals (measure);
  g_autofree char *latest = NULL;

  g_return_val_if_fail (FOL_IS_HISTORY (history), NULL);

  {
    FolScale scale;

    /* A grade changes by grades, not by percent. */
    if (fol_scale_for_measure (measure, &scale))
      return fol_figures_scale_line (history, scale);
  }

  if (!fol_history_summarize (history, measure, region, &s))
    return NULL;

  name = fol_measure_is_per_region (measure) ? fol_region_short_name (region) : fol_measure_name (measure);
  latest = fol_format_number (s.latest, decimals);

  if (isnan (s.baseline))
    /* Translators: region, value, unit; the region has no baseline */
    return g_strdup_printf (_("%s: %s %s (no earlier value to compare with)"),
                            name, latest, fol_measure_unit (measure));

  {
    g_autofree char *baseline = fol_format_number (s.baseline, decimals);
    g_autofree char *since = fol_date_format (s.baseline_date);
    g_autofree char *percent = NULL;
    FolChange change;
    const char *words;

    if (isnan (s.change_percent))
      return g_strdup_printf (_("%s: %s → %s %s since %s"), name, baseline, latest,
                              fol_measure_unit (measure), g_strstrip (since));

    percent = fol_format_signed (s.change_percent, 1);
    change = fol_stats_classify (s.change_percent, threshold, fol_measure_lower_is_better (measure));
    /* The verdict in the same word as in the window's table. */
    words = fol_change_name (change == FOL_CHANGE_UNKNOWN ? FOL_CHANGE_STABLE : change);

    /* Translators: "Vertex: 142.0 → 171.0 hairs/cm², +20.4 % since 12 March 2026 (Improved)" */
    return g_strdup_printf (_("%s: %s → %s %s, %s %% since %s (%s)"), name, baseline, latest,
                            fol_measure_unit (measure), percent, g_strstrip (since), words);
  }
}
