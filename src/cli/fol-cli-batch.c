/* fol-cli-batch.c
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

#define G_LOG_DOMAIN "fol-cli"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <glib-unix.h>

#include "fol-batch-export.h"
#include "fol-cli-batch.h"
#include "fol-i18n.h"
#include "fol-clinic.h"

/* follicle --export-charts DIR and --export-reports DIR: the command line
 * of fol_batch_export().
 */

static int
usage_error (const char *message)
{
  g_printerr ("follicle: %s\n", message);
  g_printerr (_("Run “follicle --help” to see the options.\n"));
  return 2;
}

static gboolean
interrupted_cb (gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
  return G_SOURCE_CONTINUE;
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer data)
{
  const FolBatchExportOptions *options = data;

  g_printerr ("\r");
  if (options->kind == FOL_BATCH_EXPORT_REPORTS)
    g_printerr (_("%u of %u reports"), done, total);
  else
    g_printerr (_("%u of %u charts"), done, total);
}

static gboolean
parse_size (const char *text,
            int        *width,
            int        *height)
{
  g_auto(GStrv) parts = g_strsplit (text, "x", -1);
  guint64 w = 0, h = 0;

  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 16, 8000, &w, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 16, 8000, &h, NULL))
    return FALSE;
  *width = w;
  *height = h;
  return TRUE;
}

/* Runs the export with a progress line on a terminal (none otherwise, so
 * logs stay clean), then prints every failure and a summary.
 */
static int
run (const char                  *database,
     const char                  *dir,
     const FolBatchExportOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FolStore) store = NULL;
  FolBatchExportResult result = { 0 };
  gboolean reports = options->kind == FOL_BATCH_EXPORT_REPORTS;
  gboolean tty = isatty (fileno (stderr));
  guint sigint;
  gboolean ok;

  store = fol_clinic_open (database, FOL_CLINIC_OPEN_READ_ONLY | FOL_CLINIC_OPEN_EXISTING, &error);
  if (store == NULL)
    {
      g_printerr ("follicle: %s\n", error->message);
      return 1;
    }

  sigint = g_unix_signal_add (SIGINT, interrupted_cb, cancellable);
  ok = fol_batch_export (store, dir, options, cancellable, tty ? progress_cb : NULL,
                         (gpointer) options, &result, &error);
  g_source_remove (sigint);

  if (tty)
    g_printerr ("\n");

  if (!ok)
    {
      g_printerr ("follicle: %s\n", error->message);
      fol_batch_export_result_clear (&result);
      return 1;
    }

  for (guint i = 0; i < result.failures->len; i++)
    g_printerr ("follicle: %s\n", (const char *) g_ptr_array_index (result.failures, i));

  if (reports)
    g_print (ngettext ("Wrote %u of %u report to %s", "Wrote %u of %u reports to %s", result.total),
             result.written, result.total, dir);
  else
    g_print (ngettext ("Wrote %u of %u chart to %s", "Wrote %u of %u charts to %s", result.total),
             result.written, result.total, dir);
  if (result.failed > 0)
    g_print (ngettext ("; %u failed", "; %u failed", result.failed), result.failed);
  if (result.stopped != FOL_BATCH_EXPORT_STOP_NONE)
    {
      /* Translators: why the batch stopped, e.g. "the disk is full" */
      g_autofree char *stopped = g_strdup_printf (_("stopped: %s"),
                                                  fol_batch_export_stop_reason (result.stopped));

      g_print ("; %s", stopped);
    }
  if (result.cancelled)
    g_print ("; %s", _("interrupted"));
  g_print ("\n");

  ok = result.written == result.total;
  fol_batch_export_result_clear (&result);
  return ok ? 0 : 1;
}

/**
 * fol_cli_export_charts:
 *
 * Writes every patient's chart into @dir. Exit status 0 when every chart
 * was written, 1 when one failed or the run was interrupted (Ctrl+C stops
 * after the charts being drawn, leaving no partial file), 2 for wrong
 * arguments.
 */
int
fol_cli_export_charts (const char *database,
                       const char *dir,
                       const char *measurement,
                       const char *format,
                       const char *size,
                       const char *regions)
{
  g_autoptr(GError) error = NULL;
  FolBatchExportOptions options;

  fol_batch_export_options_init (&options);
  options.paper = fol_paper_size_for_locale ();

  if (measurement != NULL && !fol_measure_from_code (measurement, &options.measure))
    {
      g_autofree char *message = g_strdup_printf (_("Unknown measurement “%s”"), measurement);
      return usage_error (message);
    }
  if (format != NULL && !fol_cli_parse_format (format, &options.format))
    {
      g_autofree char *message = g_strdup_printf (_("--format “%s” is not one of png, svg, pdf"), format);
      return usage_error (message);
    }
  if (size != NULL && !parse_size (size, &options.width, &options.height))
    {
      g_autofree char *message =
        g_strdup_printf (_("--size “%s” is not a size: use WIDTHxHEIGHT in pixels, each 16 to 8000, e.g. 1600x1000"),
                         size);
      return usage_error (message);
    }
  if (regions != NULL && !fol_progress_parse_regions (regions, &options.regions, &error))
    return usage_error (error->message);

  return run (database, dir, &options);
}

/**
 * fol_cli_export_reports:
 *
 * Writes every patient's consultation report (PDF, paper size of the
 * locale) into @dir. Exit status 0 when every report was written, 1 when
 * one failed or the run was interrupted (Ctrl+C abandons the reports being
 * drawn, leaving no partial file).
 */
int
fol_cli_export_reports (const char *database,
                        const char *dir,
                        gboolean    include_notes)
{
  FolBatchExportOptions options;

  fol_batch_export_options_init (&options);
  options.kind = FOL_BATCH_EXPORT_REPORTS;
  options.paper = fol_paper_size_for_locale ();
  options.include_notes = include_notes;

  return run (database, dir, &options);
}
