/* fol-figures.c
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

#define G_LOG_DOMAIN "fol-figures"

#include "config.h"

#include <math.h>

#include "fol-catalog.h"
#include "fol-figures.h"
#include "fol-i18n.h"
#include "fol-stats.h"

#define SALT_MAX_HUNDREDTHS  10000
#define SALT_TARGET          2000   /* "SALT ≤ 20", in hundredths */

/* Hairs per follicular unit */

double
fol_figures_hairs_per_fu (double total_density,
                          double fu_density)
{
  if (isnan (total_density) || isnan (fu_density) || fu_density <= 0.0)
    return NAN;
  return total_density / fu_density;
}

/* Vellus */

double
fol_figures_vellus_density (FolMeasurement *measurement,
                            gboolean       *out_derived)
{
  double vellus, total, terminal;

  g_return_val_if_fail (FOL_IS_MEASUREMENT (measurement), NAN);

  vellus = fol_measurement_get_vellus_density (measurement);
  total = fol_measurement_get_total_density (measurement);
  terminal = fol_measurement_get_terminal_density (measurement);
  return fol_figures_vellus_from (vellus, total, terminal, out_derived);
}

/**
 * fol_figures_vellus_from:
 * @vellus: the vellus density entered, NaN when none
 *
 * Returns: what fol_figures_vellus_density() gives for a measurement of
 *   these values
 */
double
fol_figures_vellus_from (double    vellus,
                         double    total,
                         double    terminal,
                         gboolean *out_derived)
{
  if (out_derived != NULL)
    *out_derived = FALSE;

  if (!isnan (vellus))
    return vellus;

  if (isnan (total) || isnan (terminal) || terminal > total)
    return NAN;

  if (out_derived != NULL)
    *out_derived = TRUE;
  return total - terminal;
}

/* SALT response */

/**
 * fol_figures_salt_response:
 * @baseline_hundredths: SALT at baseline, in hundredths (0 to 10000)
 * @value_hundredths: SALT now, in hundredths
 *
 * SALT50/75/90: a relative reduction from baseline of at least 50, 75 or
 * 90 %, compared in integers so that exactly 50 % is reached; "SALT ≤ 20",
 * the usual treatment target, includes 20.0. A baseline of 0 has no
 * relative change and reaches no SALT50.
 *
 * Returns: %FALSE when either score is outside 0–100
 */
gboolean
fol_figures_salt_response (int              baseline_hundredths,
                           int              value_hundredths,
                           FolSaltResponse *out)
{
  gint64 reduction;

  g_return_val_if_fail (out != NULL, FALSE);

  if (baseline_hundredths < 0 || baseline_hundredths > SALT_MAX_HUNDREDTHS ||
      value_hundredths < 0 || value_hundredths > SALT_MAX_HUNDREDTHS)
    return FALSE;

  out->baseline_hundredths = baseline_hundredths;
  out->value_hundredths = value_hundredths;
  out->target = value_hundredths <= SALT_TARGET;
  out->has_relative = baseline_hundredths > 0;
  out->reduction_percent = NAN;
  out->salt50 = out->salt75 = out->salt90 = FALSE;

  if (!out->has_relative)
    return TRUE;

  reduction = (gint64) baseline_hundredths - value_hundredths;
  out->reduction_percent = 100.0 * (double) reduction / baseline_hundredths;
  out->salt50 = 100 * reduction >= 50 * (gint64) baseline_hundredths;
  out->salt75 = 100 * reduction >= 75 * (gint64) baseline_hundredths;
  out->salt90 = 100 * reduction >= 90 * (gint64) baseline_hundredths;
  return TRUE;
}

/**
 * fol_figures_salt_text:
 *
 * Returns: (transfer full): the response in words, e.g. "SALT 40.0 → 20.0:
 *   50.0 % less hair loss than at baseline. SALT50 reached (at least 50 %
 *   less). The usual target of SALT ≤ 20 reached."
 */
char *
fol_figures_salt_text (const FolSaltResponse *r)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  GString *out;

  g_return_val_if_fail (r != NULL, NULL);

  from = fol_format_salt (r->baseline_hundredths);
  to = fol_format_salt (r->value_hundredths);
  out = g_string_new (NULL);

  if (!r->has_relative)
    /* Translators: SALT at baseline (0.0) and now */
    g_string_append_printf (out, _("SALT %s → %s: the baseline SALT was 0 (no hair loss), so "
                                   "there is no relative change to give."), from, to);
  else
    {
      g_autofree char *percent = fol_format_number (fabs (r->reduction_percent), 1);

      if (r->reduction_percent >= 0.0)
        /* Translators: SALT at baseline, now, and the relative reduction in percent */
        g_string_append_printf (out, _("SALT %s → %s: %s %% less hair loss than at baseline."),
                                from, to, percent);
      else
        /* Translators: SALT at baseline, now, and the relative increase in percent */
        g_string_append_printf (out, _("SALT %s → %s: %s %% more hair loss than at baseline."),
                                from, to, percent);

      g_string_append_c (out, ' ');
      if (r->salt90)
        /* xgettext:no-c-format */
        g_string_append (out, _("SALT90 reached (at least 90 % less)."));
      else if (r->salt75)
        /* xgettext:no-c-format */
        g_string_append (out, _("SALT75 reached (at least 75 % less)."));
      else if (r->salt50)
        /* xgettext:no-c-format */
        g_string_append (out, _("SALT50 reached (at least 50 % less)."));
      else
        g_string_append (out, _("No SALT50 yet."));
    }

  g_string_append_c (out, ' ');
  g_string_append (out, r->target ? _("The usual target of SALT ≤ 20 reached.")
                                  : _("The usual target of SALT ≤ 20 not reached yet."));
  return g_string_free (out, FALSE);
}

/* Global assessments */

static const char *assessment_words[] = {
  N_("greatly decreased"), N_("moderately decreased"), N_("slightly decreased"),
  N_("no change"),
  N_("slightly increased"), N_("moderately increased"), N_("greatly increased"),
};

/* Returns: the words of a score of the 7-point scale, or %NULL for none */
const char *
fol_assessment_words (int score)
{
  if (score < -3 || score > 3)
    return NULL;
  return _(assessment_words[score + 3]);
}

/* Returns: (transfer full) (nullable): e.g. "+2 (moderately increased)" */
char *
fol_assessment_format (int score)
{
  const char *words = fol_assessment_words (score);

  if (words == NULL)
    return NULL;
  /* A minus sign, not a hyphen, as the charts write it. */
  /* Translators: a score of the 7-point scale with its words, "+2 (moderately increased)" */
  return g_strdup_printf (_("%s%d (%s)"), score > 0 ? "+" : score < 0 ? "−" : "", ABS (score),
                          words);
}

/* Ordinal scales */

static const char *sinclair_grades[] = { "1", "2", "3", "4", "5" };

static const FolCatalog scale_catalogs[FOL_N_SCALES] = {
  FOL_CATALOG_NORWOOD, FOL_CATALOG_LUDWIG, FOL_N_CATALOGS,
};

guint
fol_scale_n_grades (FolScale scale)
{
  guint n = 0;

  g_return_val_if_fail (scale < FOL_N_SCALES, 0);

  if (scale == FOL_SCALE_SINCLAIR)
    return G_N_ELEMENTS (sinclair_grades);
  fol_catalog_get (scale_catalogs[scale], &n);
  return n;
}

/* Returns: the grade at @rank in the scale's order (I < II < IIa …) */
const char *
fol_scale_grade_label (FolScale scale,
                       guint    rank)
{
  const FolChoice *choices;
  guint n = 0;

  g_return_val_if_fail (scale < FOL_N_SCALES, NULL);
  g_return_val_if_fail (rank < fol_scale_n_grades (scale), NULL);

  if (scale == FOL_SCALE_SINCLAIR)
    return sinclair_grades[rank];
  choices = fol_catalog_get (scale_catalogs[scale], &n);
  return fol_catalog_label (scale_catalogs[scale], choices[rank].code);
}

const char *
fol_scale_name (FolScale scale)
{
  switch (scale)
    {
    case FOL_SCALE_NORWOOD:
      return _("Norwood–Hamilton");
    case FOL_SCALE_LUDWIG:
      return _("Ludwig");
    case FOL_SCALE_SINCLAIR:
      return _("Sinclair");
    case FOL_N_SCALES:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Returns: the visit's grade as its place in the scale's order, or -1 */
int
fol_scale_visit_rank (FolScale  scale,
                      FolVisit *visit)
{
  int sinclair;

  g_return_val_if_fail (FOL_IS_VISIT (visit), -1);

  switch (scale)
    {
    case FOL_SCALE_NORWOOD:
      return fol_catalog_index (FOL_CATALOG_NORWOOD, fol_visit_get_norwood (visit));
    case FOL_SCALE_LUDWIG:
      return fol_catalog_index (FOL_CATALOG_LUDWIG, fol_visit_get_ludwig (visit));
    case FOL_SCALE_SINCLAIR:
      sinclair = fol_visit_get_sinclair (visit);
      return sinclair >= 1 && sinclair <= 5 ? sinclair - 1 : -1;
    case FOL_N_SCALES:
    default:
      g_return_val_if_reached (-1);
    }
}

gboolean
fol_scale_for_measure (FolMeasure  measure,
                       FolScale   *out_scale)
{
  FolScale scale;

  switch (measure)
    {
    case FOL_MEASURE_NORWOOD:
      scale = FOL_SCALE_NORWOOD;
      break;
    case FOL_MEASURE_LUDWIG:
      scale = FOL_SCALE_LUDWIG;
      break;
    case FOL_MEASURE_SINCLAIR:
      scale = FOL_SCALE_SINCLAIR;
      break;
    default:
      return FALSE;
    }

  if (out_scale != NULL)
    *out_scale = scale;
  return TRUE;
}

/**
 * fol_scale_change_words:
 *
 * A change on an ordinal scale, in grades: a lower stage is better.
 *
 * Returns: (transfer full): "unchanged", "better by one grade", "worse by
 *   two grades", "better by 5 grades"…
 */
char *
fol_scale_change_words (int from_rank,
                        int to_rank)
{
  guint n = (guint) ABS (to_rank - from_rank);

  if (n == 0)
    return g_strdup (_("unchanged"));
  /* One and two in words, as people say them; more in digits. */
  if (to_rank < from_rank)
    {
      if (n == 1)
        return g_strdup (_("better by one grade"));
      if (n == 2)
        return g_strdup (_("better by two grades"));
      return g_strdup_printf (ngettext ("better by %u grade", "better by %u grades", n), n);
    }
  if (n == 1)
    return g_strdup (_("worse by one grade"));
  if (n == 2)
    return g_strdup (_("worse by two grades"));
  return g_strdup_printf (ngettext ("worse by %u grade", "worse by %u grades", n), n);
}

/* Lines over a history */

static char *
format_date (FolDate date)
{
  return g_strstrip (fol_date_format (date));
}

/**
 * fol_figures_scale_line:
 *
 * Returns: (transfer full) (nullable): e.g. "Norwood–Hamilton: IV → III
 *   vertex, better by one grade since 10 January 2025", or %NULL when the
 *   patient was never graded on @scale
 */
char *
fol_figures_scale_line (FolHistory *history,
                        FolScale    scale)
{
  static const FolMeasure measures[FOL_N_SCALES] = {
    FOL_MEASURE_NORWOOD, FOL_MEASURE_LUDWIG, FOL_MEASURE_SINCLAIR,
  };
  FolRegionSummary s;
  g_autofree char *words = NULL;
  g_autofree char *since = NULL;
  const char *latest;

  g_return_val_if_fail (FOL_IS_HISTORY (history), NULL);
  g_return_val_if_fail (scale < FOL_N_SCALES, NULL);

  if (!fol_history_summarize (history, measures[scale], FOL_REGION_NONE, &s))
    return NULL;

  latest = fol_scale_grade_label (scale, (guint) s.latest);
  if (isnan (s.baseline) || s.n_values < 2)
    /* Translators: scale, grade; there is no earlier grade */
    return g_strdup_printf (_("%s: %s (no earlier grade to compare with)"),
                            fol_scale_name (scale), latest);

  words = fol_scale_change_words ((int) s.baseline, (int) s.latest);
  since = format_date (s.baseline_date);
  /* Translators: "Norwood–Hamilton: IV → III vertex, better by one grade since 10 January 2025" */
  return g_strdup_printf (_("%s: %s → %s, %s since %s"), fol_scale_name (scale),
                          fol_scale_grade_label (scale, (guint) s.baseline), latest, words, since);
}

/**
 * fol_figures_salt_line:
 *
 * Returns: (transfer full) (nullable): the SALT response from the
 *   baseline SALT to the latest, or %NULL without a SALT
 */
char *
fol_figures_salt_line (FolHistory *history)
{
  FolRegionSummary s;
  FolSaltResponse r;

  g_return_val_if_fail (FOL_IS_HISTORY (history), NULL);

  if (!fol_history_summarize (history, FOL_MEASURE_SALT, FOL_REGION_NONE, &s) ||
      isnan (s.baseline))
    return NULL;

  /* SALT values are whole hundredths: back to integers, exactly. */
  if (!fol_figures_salt_response ((int) lround (s.baseline * 100.0), (int) lround (s.latest * 100.0),
                                  &r))
    return NULL;
  return fol_figures_salt_text (&r);
}

/**
 * fol_figures_assessment_line:
 * @investigator: %TRUE for the clinician's global photographic assessment,
 *   %FALSE for the patient's self-assessment
 *
 * Returns: (transfer full) (nullable): the latest assessment with its words
 */
char *
fol_figures_assessment_line (FolHistory *history,
                             gboolean    investigator)
{
  g_return_val_if_fail (FOL_IS_HISTORY (history), NULL);

  for (guint i = fol_history_get_n_visits (history); i > 0; i--)
    {
      FolVisit *visit = fol_history_get_visit (history, i - 1);
      int score = investigator ? fol_visit_get_investigator_assessment (visit)
                               : fol_visit_get_patient_assessment (visit);
      g_autofree char *text = fol_assessment_format (score);
      g_autofree char *date = NULL;

      if (text == NULL)
        continue;
      date = format_date (fol_visit_get_date (visit));
      if (investigator)
        /* Translators: the investigator's global photographic assessment:
         * date, then score and words, "+2 (moderately increased)" */
        return g_strdup_printf (_("Clinician’s assessment of the photos on %s: %s"), date, text);
      /* Translators: the patient's self-assessment: date, score and words */
      return g_strdup_printf (_("Patient’s own assessment on %s: %s"), date, text);
    }

  return NULL;
}

/**
 * fol_figures_vellus_note:
 * @region: a region, or %FOL_REGION_NONE for any
 *
 * Returns: (transfer full) (nullable): a note saying that vellus density
 *   was derived as total − terminal, when it was for any value shown
 */
char *
fol_figures_vellus_note (FolHistory *history,
                         FolRegion   region)
{
  g_return_val_if_fail (FOL_IS_HISTORY (history), NULL);

  for (guint v = 0; v < fol_history_get_n_visits (history); v++)
    for (guint r = 0; r < FOL_N_REGIONS; r++)
      {
        FolMeasurement *m;
        gboolean derived = FALSE;

        if (region != FOL_REGION_NONE && r != (guint) region)
          continue;
        m = fol_history_get_measurement (history, v, r);
        if (m != NULL && !isnan (fol_figures_vellus_density (m, &derived)) && derived)
          return g_strdup (_("Vellus hair density is derived: total − terminal (not entered)."));
      }

  return NULL;
}

/**
 * fol_figures_lines:
 *
 * Returns: (transfer full) (element-type utf8): every figure line the
 *   patient has: the scales in grades, the SALT response, the latest
 *   assessments and the note on derived vellus densities
 */
GPtrArray *
fol_figures_lines (FolHistory *history)
{
  GPtrArray *lines;
  char *line;

  g_return_val_if_fail (FOL_IS_HISTORY (history), NULL);

  lines = g_ptr_array_new_with_free_func (g_free);
  for (FolScale scale = 0; scale < FOL_N_SCALES; scale++)
    if ((line = fol_figures_scale_line (history, scale)) != NULL)
      g_ptr_array_add (lines, line);
  if ((line = fol_figures_salt_line (history)) != NULL)
    g_ptr_array_add (lines, line);
  if ((line = fol_figures_assessment_line (history, TRUE)) != NULL)
    g_ptr_array_add (lines, line);
  if ((line = fol_figures_assessment_line (history, FALSE)) != NULL)
    g_ptr_array_add (lines, line);
  if ((line = fol_figures_vellus_note (history, FOL_REGION_NONE)) != NULL)
    g_ptr_array_add (lines, line);
  return lines;
}

/**
 * fol_figures_visit_text:
 *
 * Returns: (transfer full) (nullable): one visit's grades, hairs per
 *   follicular unit and assessments, e.g. "Norwood–Hamilton IV ·
 *   Hairs per follicular unit: Vertex 2.50 · Clinician’s assessment:
 *   +2 (moderately increased)", or %NULL when it has none of them
 */
char *
fol_figures_visit_text (FolHistory *history,
                        guint       visit_index)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) per_fu = g_string_new (NULL);
  FolVisit *visit;
  g_autofree char *iga = NULL;
  g_autofree char *pga = NULL;

  g_return_val_if_fail (FOL_IS_HISTORY (history), NULL);
  g_return_val_if_fail (visit_index < fol_history_get_n_visits (history), NULL);

  visit = fol_history_get_visit (history, visit_index);
  for (FolScale scale = 0; scale < FOL_N_SCALES; scale++)
    {
      int rank = fol_scale_visit_rank (scale, visit);

      if (rank >= 0)
        {
          g_string_append (text, text->len ? " · " : "");
          /* Translators: a scale and a visit's grade, "Norwood–Hamilton IV" */
          g_string_append_printf (text, _("%s %s"), fol_scale_name (scale),
                                  fol_scale_grade_label (scale, rank));
        }
    }

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      double value = fol_history_get_value (history, visit_index, FOL_MEASURE_HAIRS_PER_FU, r);
      g_autofree char *number = NULL;

      if (isnan (value))
        continue;
      number = fol_format_number (value, fol_measure_decimals (FOL_MEASURE_HAIRS_PER_FU));
      g_string_append_printf (per_fu, "%s%s %s", per_fu->len ? " · " : "",
                              fol_region_short_name (r), number);
    }
  if (per_fu->len > 0)
    {
      g_string_append (text, text->len ? "\n" : "");
      /* Translators: "Hairs per follicular unit: Vertex 2.50 · Frontal 2.10" */
      g_string_append_printf (text, _("%s: %s"), fol_measure_name (FOL_MEASURE_HAIRS_PER_FU),
                              per_fu->str);
    }

  iga = fol_assessment_format (fol_visit_get_investigator_assessment (visit));
  pga = fol_assessment_format (fol_visit_get_patient_assessment (visit));
  if (iga != NULL)
    {
      g_string_append (text, text->len ? "\n" : "");
      /* Translators: the investigator's global assessment, "+2 (moderately increased)" */
      g_string_append_printf (text, _("Clinician’s assessment: %s"), iga);
    }
  if (pga != NULL)
    {
      g_string_append (text, iga != NULL ? " · " : text->len ? "\n" : "");
      /* Translators: the patient's self-assessment, "−1 (slightly decreased)" */
      g_string_append_printf (text, _("Patient’s assessment: %s"), pga);
    }

  if (text->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}
