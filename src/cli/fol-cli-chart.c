/* fol-cli-chart.c
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

/* follicle --export-chart, apart from the rest of the command line: the
 * `follicle` program runs it on a clinic file with the chart's libraries
 * alone (fol-launch.c), and the full command line with the same code.
 */

#define G_LOG_DOMAIN "fol-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>

#include "fol-chart.h"
#include "fol-cli-chart.h"
#include "fol-file-writer.h"
#include "fol-i18n.h"
#include "fol-progress.h"
#include "fol-threshold.h"

/* Exit statuses, as follicle(1) documents them. */
enum {
  EXIT_OK = 0,
  EXIT_FAILURE_ = 1,
  EXIT_USAGE = 2,
};

static int
usage_error (const char *message)
{
  g_printerr ("follicle: %s\n", message);
  g_printerr (_("Run “follicle --help” to see the options.\n"));
  return EXIT_USAGE;
}

static int
report_error (const GError *error)
{
  g_printerr ("follicle: %s\n", error->message);
  return EXIT_FAILURE_;
}

/* png, svg or pdf, in any case: --format of --export-charts and of
 * --export-chart.
 */
gboolean
fol_cli_parse_format (const char     *text,
                      FolChartFormat *format)
{
  static const struct { const char *name; FolChartFormat format; } formats[] = {
    { "png", FOL_CHART_FORMAT_PNG },
    { "svg", FOL_CHART_FORMAT_SVG },
    { "pdf", FOL_CHART_FORMAT_PDF },
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (text, formats[i].name) == 0)
      {
        *format = formats[i].format;
        return TRUE;
      }
  return FALSE;
}

/* WIDTHxHEIGHT in pixels, e.g. 1600x1000 */
static gboolean
parse_size (const char  *text,
            int         *width,
            int         *height,
            GError     **error)
{
  g_auto(GStrv) parts = NULL;
  guint64 w = 0, h = 0;

  if (text != NULL)
    parts = g_strsplit (text, "x", -1);

  if (parts == NULL || g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 16, 8000, &w, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 16, 8000, &h, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--size “%s” is not a size: use WIDTHxHEIGHT in pixels, each 16 to 8000, e.g. 1600x1000"),
                   text ? text : "");
      return FALSE;
    }

  *width = w;
  *height = h;
  return TRUE;
}

/* A number from 0.5 to 4; "nan", "inf" and trailing text are refused. */
static gboolean
parse_scale (const char  *text,
             double      *scale,
             GError     **error)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  if (end == text || *end != '\0' || !isfinite (value) ||
      value < FOL_CHART_MIN_SCALE || value > FOL_CHART_MAX_SCALE)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--scale “%s”: the scale must be a number between 0.5 and 4"), text);
      return FALSE;
    }
  *scale = value;
  return TRUE;
}

/**
 * fol_cli_export_chart:
 * @open_store: how the clinic is opened, once the arguments are checked
 *
 * follicle --export-chart: the patient's progress chart as PNG, SVG or PDF.
 *
 * Returns: the exit status
 */
int
fol_cli_export_chart (const FolCliChartArgs *o,
                      FolCliOpenFunc         open_store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = NULL;
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolChartData) data = NULL;
  g_autoptr(FolChartFonts) fonts = NULL;
  FolMeasure measure = FOL_MEASURE_TOTAL_DENSITY;
  FolChartFormat format;
  guint regions = 0;
  int width = 1600, height = 1000;
  double scale = 1.0;
  gboolean to_stdout = g_strcmp0 (o->export_chart, "-") == 0;
  FolProgressFlags flags = FOL_PROGRESS_NONE;

  if (o->patient == NULL)
    return usage_error (_("--export-chart needs --patient ID"));

  if (g_file_test (o->export_chart, G_FILE_TEST_IS_DIR))
    {
      g_printerr ("follicle: ");
      g_printerr (_("“%s” is a folder: give the chart’s file name, e.g. chart.png"), o->export_chart);
      g_printerr ("\n");
      return EXIT_FAILURE_;
    }

  /* Arguments first: a typo never costs a database open. */
  if (o->measurement != NULL && !fol_measure_from_code (o->measurement, &measure))
    {
      g_autoptr(GString) known = g_string_new (NULL);

      for (guint i = 0; i < FOL_N_MEASURES; i++)
        g_string_append_printf (known, "%s%s", i ? ", " : "", fol_measure_code (i));
      g_autofree char *message = g_strdup_printf (_("Unknown measurement “%s”; the measurements are %s"),
                                                  o->measurement, known->str);
      return usage_error (message);
    }

  if ((o->regions != NULL && !fol_progress_parse_regions (o->regions, &regions, &error)) ||
      (o->size != NULL && !parse_size (o->size, &width, &height, &error)) ||
      (o->scale != NULL && !parse_scale (o->scale, &scale, &error)) ||
      !fol_chart_check_size (width, height, scale, &error))
    return usage_error (error->message);

  /* "-" is standard output, in the format given: there is no extension. */
  if (o->format != NULL)
    {
      if (!fol_cli_parse_format (o->format, &format))
        {
          g_autofree char *message = g_strdup_printf (_("--format “%s” is not one of png, svg, pdf"),
                                                      o->format);
          return usage_error (message);
        }
    }
  else if (to_stdout)
    return usage_error (_("--export-chart - writes to standard output: give its format with "
                          "--format png, svg or pdf"));
  else if (!fol_chart_format_from_path (o->export_chart, &format, &error))
    return usage_error (error->message);

  if (!to_stdout && !fol_file_check_output_path (o->export_chart, &error))
    return report_error (error);

  /* The chart's fonts load on another core while the clinic is read. */
  fonts = fol_chart_fonts_load (format, scale);
  store = open_store (o->database, &error);
  if (store == NULL)
    return report_error (error);

  history = fol_store_load_history (store, o->patient, &error);
  if (history == NULL)
    return report_error (error);

  if (o->relative)
    flags |= FOL_PROGRESS_RELATIVE;
  if (o->trend)
    flags |= FOL_PROGRESS_TREND;

  data = fol_progress_chart_new (history, measure, regions, flags, fol_threshold_in_effect (NULL));
  g_clear_pointer (&fonts, fol_chart_fonts_wait);
  if (to_stdout
      ? !fol_chart_export_to_stdout (data, format, width, height, scale, fol_paper_size_for_locale (),
                                     &error)
      : !fol_chart_export (data, o->export_chart, format, width, height, scale,
                           fol_paper_size_for_locale (), &error))
    return report_error (error);

  return EXIT_OK;
}

