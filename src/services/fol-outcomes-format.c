/* fol-outcomes-format.c
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
#include <string.h>

#include "fol-json.h"
#include "fol-catalog.h"
#include "fol-i18n.h"
#include "fol-outcomes.h"

/* Outcomes as JSON (for scripts: codes and full-precision numbers, NaN as
 * null), as CSV (one row per group and window, "." decimals) and as text
 * for people (translated, rounded as CLINICAL.md says).
 */

static const char * const severity_codes[FOL_N_SEVERITIES] = { "mild", "moderate", "severe" };

static void
json_number (GString *out,
             double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    g_string_append (out, "null");
  else
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.10g", value));
}

static void
json_pair (GString *out,
           double   low,
           double   high)
{
  if (!isfinite (low) || !isfinite (high))
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '[');
  json_number (out, low);
  g_string_append (out, ", ");
  json_number (out, high);
  g_string_append_c (out, ']');
}

/**
 * fol_outcomes_to_json:
 *
 * Returns: (transfer full): the outcomes as one JSON object
 */
char *
fol_outcomes_to_json (const FolOutcomes *outcomes)
{
  GString *out = g_string_new ("{\n  \"notice\": ");

  g_return_val_if_fail (outcomes != NULL, NULL);

  fol_json_append_string (out, fol_outcomes_notice ());
  g_string_append (out, ",\n  \"measure\": ");
  fol_json_append_string (out, fol_measure_code (outcomes->measure));
  g_string_append (out, ",\n  \"unit\": ");
  fol_json_append_string (out, fol_measure_unit (outcomes->measure));
  g_string_append (out, ",\n  \"region\": ");
  fol_json_append_string (out, outcomes->region < FOL_N_REGIONS ? fol_region_code (outcomes->region) : NULL);
  g_string_append (out, ",\n  \"threshold_percent\": ");
  json_number (out, outcomes->threshold);
  g_string_append_printf (out, ",\n  \"window_tolerance_days\": %d,\n  \"min_n\": %d,\n",
                          FOL_OUTCOMES_TOLERANCE_DAYS, FOL_OUTCOMES_MIN_N);
  g_string_append (out, "  \"group_by\": ");
  fol_json_append_string (out, fol_outcomes_grouping_code (outcomes->group_by));
  g_string_append (out, ",\n");
  g_string_append (out, "  \"filters\": {\"treatment\": ");
  fol_json_append_string (out, outcomes->treatment_type);
  g_string_append (out, ", \"diagnosis\": ");
  fol_json_append_string (out, outcomes->diagnosis);
  g_string_append (out, ", \"sex\": ");
  fol_json_append_string (out, outcomes->sex);
  g_string_append (out, ", \"age_band\": ");
  fol_json_append_string (out, fol_age_band_code (outcomes->age_band));
  g_string_append (out, "},\n  \"groups\": [");

  for (guint i = 0; i < outcomes->groups->len; i++)
    {
      const FolOutcomeGroup *g = g_ptr_array_index (outcomes->groups, i);
      g_autofree char *name = fol_outcomes_group_name (g);

      g_string_append (out, i ? ",\n    {" : "\n    {");
      g_string_append (out, "\"treatment_type\": ");
      fol_json_append_string (out, g->treatment_type);
      g_string_append (out, ", \"product\": ");
      fol_json_append_string (out, g->product);
      g_string_append (out, ", \"name\": ");
      fol_json_append_string (out, name);
      if (outcomes->group_by == FOL_OUTCOMES_BY_PROTOCOL)
        {
          g_string_append (out, ", \"protocol_id\": ");
          fol_json_append_string (out, g->protocol_id);
          g_string_append (out, ", \"protocol\": ");
          fol_json_append_string (out, g->protocol_name);
          /* Sessions done within the days of plan, of those done or overdue */
          if (g->protocol_id == NULL)
            g_string_append (out, ",\n     \"adherence\": null");
          else
            {
              g_string_append_printf (out, ",\n     \"adherence\": {\"on_time\": %u, "
                                      "\"assessed\": %u, \"patients\": %u, "
                                      "\"within_days\": %d, \"percent\": ",
                                      g->adherence_on_time, g->adherence_assessed,
                                      g->adherence_patients, FOL_PROTOCOL_ON_TIME_DAYS);
              json_number (out, g->adherence_percent);
              g_string_append_c (out, '}');
            }
        }
      g_string_append_printf (out, ",\n     \"patients\": %u, \"sessions\": %u,\n"
                              "     \"adverse_events\": {", g->n_patients, g->n_sessions);
      for (guint s = 0; s < FOL_N_SEVERITIES; s++)
        {
          g_string_append_printf (out, "%s\"%s\": {\"count\": %u, \"per_100_sessions\": ",
                                  s ? ", " : "", severity_codes[s], g->n_adverse[s]);
          json_number (out, g->adverse_per_100[s]);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "},\n     \"windows\": [");
      for (guint w = 0; w < FOL_OUTCOMES_N_WINDOWS; w++)
        {
          const FolOutcomeWindow *win = &g->windows[w];

          g_string_append_printf (out, "%s\n       {\"months\": %u, \"n\": %u, \"too_few\": %s, "
                                  "\"mean\": ", w ? "," : "", win->months, win->n,
                                  win->too_few ? "true" : "false");
          json_number (out, win->mean);
          g_string_append (out, ", \"median\": ");
          json_number (out, win->median);
          g_string_append (out, ", \"ci95\": ");
          json_pair (out, win->ci_low, win->ci_high);
          g_string_append_printf (out, ",\n        \"n_percent\": %u, \"mean_percent\": ",
                                  win->n_percent);
          json_number (out, win->mean_percent);
          g_string_append (out, ", \"median_percent\": ");
          json_number (out, win->median_percent);
          g_string_append (out, ", \"ci95_percent\": ");
          json_pair (out, win->ci_low_percent, win->ci_high_percent);
          g_string_append_printf (out, ",\n        \"responders\": %u, \"responder_rate\": ",
                                  win->n_responders);
          json_number (out, win->responder_rate);
          g_string_append (out, ", \"responder_ci95\": ");
          json_pair (out, win->responder_low, win->responder_high);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "\n  ]\n}\n");
  return g_string_free (out, FALSE);
}

static void
csv_text (GString    *out,
          const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\n\r") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_number (GString *out,
            double   value,
            guint    decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  g_string_append_c (out, ',');
  if (!isfinite (value))
    return;
  g_snprintf (format, sizeof format, "%%.%uf", decimals);
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, format, value));
}

/**
 * fol_outcomes_to_csv:
 *
 * Returns: (transfer full): one row per group and window; empty cells
 *   where a figure is undefined or rests on too few patients
 */
char *
fol_outcomes_to_csv (const FolOutcomes *outcomes)
{
  GString *out = g_string_new (NULL);
  guint decimals = fol_measure_decimals (outcomes->measure);

  g_return_val_if_fail (outcomes != NULL, NULL);

  g_string_append (out, "treatment_type,product,name,measure,region,patients,sessions,"
                   "window_months,n,too_few,mean_change,median_change,ci95_low,ci95_high,"
                   "n_percent,mean_change_percent,median_change_percent,ci95_low_percent,"
                   "ci95_high_percent,responders,responder_rate_percent,responder_ci95_low,"
                   "responder_ci95_high,adverse_mild_per_100,adverse_moderate_per_100,"
                   "adverse_severe_per_100,group_by,protocol,adherence_on_time,"
                   "adherence_assessed,adherence_percent,adherence_patients,notice\r\n");

  for (guint i = 0; i < outcomes->groups->len; i++)
    {
      const FolOutcomeGroup *g = g_ptr_array_index (outcomes->groups, i);
      g_autofree char *name = fol_outcomes_group_name (g);

      for (guint w = 0; w < FOL_OUTCOMES_N_WINDOWS; w++)
        {
          const FolOutcomeWindow *win = &g->windows[w];

          csv_text (out, g->treatment_type);
          g_string_append_c (out, ',');
          csv_text (out, g->product);
          g_string_append_c (out, ',');
          csv_text (out, name);
          g_string_append_c (out, ',');
          csv_text (out, fol_measure_code (outcomes->measure));
          g_string_append_c (out, ',');
          if (outcomes->region < FOL_N_REGIONS)
            csv_text (out, fol_region_code (outcomes->region));
          g_string_append_printf (out, ",%u,%u,%u,%u,%s", g->n_patients, g->n_sessions,
                                  win->months, win->n, win->too_few ? "yes" : "no");
          csv_number (out, win->mean, decimals);
          csv_number (out, win->median, decimals);
          csv_number (out, win->ci_low, decimals);
          csv_number (out, win->ci_high, decimals);
          g_string_append_printf (out, ",%u", win->n_percent);
          csv_number (out, win->mean_percent, 1);
          csv_number (out, win->median_percent, 1);
          csv_number (out, win->ci_low_percent, 1);
          csv_number (out, win->ci_high_percent, 1);
          if (win->too_few_percent)
            g_string_append_c (out, ',');
          else
            g_string_append_printf (out, ",%u", win->n_responders);
          csv_number (out, 100.0 * win->responder_rate, 1);
          csv_number (out, 100.0 * win->responder_low, 1);
          csv_number (out, 100.0 * win->responder_high, 1);
          for (guint s = 0; s < FOL_N_SEVERITIES; s++)
            csv_number (out, g->adverse_per_100[s], 1);
          g_string_append_c (out, ',');
          csv_text (out, fol_outcomes_grouping_code (outcomes->group_by));
          g_string_append_c (out, ',');
          csv_text (out, g->protocol_name);
          /* Empty for a treatment, and for the patients on no protocol */
          if (g->protocol_id != NULL)
            g_string_append_printf (out, ",%u,%u", g->adherence_on_time, g->adherence_assessed);
          else
            g_string_append (out, ",,");
          csv_number (out, g->adherence_percent, 1);
          if (g->protocol_id != NULL)
            g_string_append_printf (out, ",%u", g->adherence_patients);
          else
            g_string_append_c (out, ',');
          g_string_append_c (out, ',');
          if (i == 0 && w == 0)
            csv_text (out, fol_outcomes_notice ());
          g_string_append (out, "\r\n");
        }
    }
  return g_string_free (out, FALSE);
}

/* "3 months: n = 12; mean change +20.3 (95 % CI …)…" */
static void
text_window (GString                *out,
             const FolOutcomes      *outcomes,
             const FolOutcomeWindow *win)
{
  guint decimals = fol_measure_decimals (outcomes->measure);
  g_autofree char *mean = NULL, *median = NULL, *low = NULL, *high = NULL;

  /* Translators: a follow-up window, e.g. "6 months" */
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "  %u month: ", "  %u months: ",
                                            win->months), win->months);
  if (win->too_few)
    {
      /* Translators: shown instead of a mean when fewer than 5 patients have a value */
      g_string_append_printf (out, _("too few patients (n = %u)\n"), win->n);
      return;
    }

  mean = fol_format_signed (win->mean, decimals);
  median = fol_format_signed (win->median, decimals);
  low = fol_format_signed (win->ci_low, decimals);
  high = fol_format_signed (win->ci_high, decimals);
  /* Translators: n, mean change with its 95 % confidence interval, median change */
  g_string_append_printf (out, _("n = %u; mean change %s %s (95 %% CI %s to %s); median %s"),
                          win->n, mean, fol_measure_unit (outcomes->measure), low, high, median);

  if (win->too_few_percent)
    {
      g_string_append (out, "; ");
      /* Translators: too few patients with a baseline other than 0 for a change in % */
      g_string_append_printf (out, _("change in %%: too few patients (n = %u)"), win->n_percent);
    }
  else
    {
      g_autofree char *pmean = fol_format_signed (win->mean_percent, 1);
      g_autofree char *plow = fol_format_signed (win->ci_low_percent, 1);
      g_autofree char *phigh = fol_format_signed (win->ci_high_percent, 1);
      g_autofree char *rate = fol_format_number (100.0 * win->responder_rate, 1);
      g_autofree char *rlow = fol_format_number (100.0 * win->responder_low, 1);
      g_autofree char *rhigh = fol_format_number (100.0 * win->responder_high, 1);

      g_string_append (out, "; ");
      /* Translators: mean change in percent with its CI and n */
      g_string_append_printf (out, _("mean %s %% (95 %% CI %s to %s %%; n = %u)"),
                              pmean, plow, phigh, win->n_percent);
      g_string_append (out, "; ");
      /* Translators: responders, of n, the rate and its 95 % Wilson interval */
      g_string_append_printf (out, _("responders %u of %u = %s %% (95 %% CI %s to %s %%)"),
                              win->n_responders, win->n_percent, rate, rlow, rhigh);
    }
  g_string_append_c (out, '\n');
}

/**
 * fol_outcomes_to_text:
 *
 * Returns: (transfer full): the outcomes in words, for a terminal
 */
char *
fol_outcomes_to_text (const FolOutcomes *outcomes)
{
  GString *out = g_string_new (NULL);
  g_autofree char *threshold = NULL;

  g_return_val_if_fail (outcomes != NULL, NULL);

  threshold = fol_format_number (outcomes->threshold, 1);
  if (outcomes->region < FOL_N_REGIONS)
    /* Translators: measurement, unit, region */
    g_string_append_printf (out, _("Outcomes: %s (%s), %s\n"), fol_measure_name (outcomes->measure),
                            fol_measure_unit (outcomes->measure),
                            fol_region_name (outcomes->region));
  else
    g_string_append_printf (out, _("Outcomes: %s\n"), fol_measure_name (outcomes->measure));
  if (outcomes->group_by == FOL_OUTCOMES_BY_PROTOCOL)
    {
      g_autofree char *course = fol_outcomes_course_text (outcomes->group_by);

      /* Translators: how a follow-up window is read and what a responder is */
      g_string_append_printf (out, _("Change from baseline at 3, 6 and 12 months from the start "
                                     "of each patient’s protocol (the value nearest each date "
                                     "within ± %d days); a responder improved by at least "
                                     "%s %%.\n"),
                              FOL_OUTCOMES_TOLERANCE_DAYS, threshold);
      g_string_append_printf (out, "%s\n", course);
    }
  else
    /* Translators: how a follow-up window is read and what a responder is */
    g_string_append_printf (out, _("Change from baseline at 3, 6 and 12 months after the first "
                                   "session (the value nearest each date within ± %d days); "
                                   "a responder improved by at least %s %%.\n"),
                            FOL_OUTCOMES_TOLERANCE_DAYS, threshold);
  g_string_append (out, fol_outcomes_notice ());
  g_string_append (out, "\n");

  if (outcomes->groups->len == 0)
    g_string_append (out, _("\nNo treated patient matches these filters.\n"));

  for (guint i = 0; i < outcomes->groups->len; i++)
    {
      const FolOutcomeGroup *g = g_ptr_array_index (outcomes->groups, i);
      g_autofree char *name = fol_outcomes_group_name (g);
      g_autofree char *mild = fol_format_number (g->adverse_per_100[FOL_SEVERITY_MILD], 1);
      g_autofree char *moderate = fol_format_number (g->adverse_per_100[FOL_SEVERITY_MODERATE], 1);
      g_autofree char *severe = fol_format_number (g->adverse_per_100[FOL_SEVERITY_SEVERE], 1);

      g_string_append_c (out, '\n');
      g_autofree char *patients = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u patient",
                                                                 "%u patients", g->n_patients),
                                                    g->n_patients);
      g_autofree char *sessions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u session",
                                                                 "%u sessions", g->n_sessions),
                                                    g->n_sessions);

      /* Translators: a treatment, its number of patients and of sessions */
      g_string_append_printf (out, _("%s: %s, %s\n"), name, patients, sessions);
      /* Translators: adverse events per 100 sessions by severity, then the number of sessions */
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                                "  Adverse events per 100 sessions: mild %s, "
                                                "moderate %s, severe %s (n = %u session)\n",
                                                "  Adverse events per 100 sessions: mild %s, "
                                                "moderate %s, severe %s (n = %u sessions)\n",
                                                g->n_sessions),
                              mild, moderate, severe, g->n_sessions);
      {
        g_autofree char *adherence = fol_outcomes_adherence_text (g);

        if (adherence != NULL)
          /* Translators: a protocol's adherence, e.g. "5 of 8 planned sessions…" */
          g_string_append_printf (out, _("  Adherence: %s\n"), adherence);
      }
      for (guint w = 0; w < FOL_OUTCOMES_N_WINDOWS; w++)
        text_window (out, outcomes, &g->windows[w]);
    }
  return g_string_free (out, FALSE);
}
