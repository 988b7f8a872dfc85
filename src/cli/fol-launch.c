/* fol-launch.c
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

/* The command line, built twice.
 *
 * As the chart module, `follicle-chart.so`, which the `follicle` command
 * (fol-launcher.c) loads for every command but the window: it links what a
 * chart export from a clinic file needs and nothing else (no PostgreSQL
 * client, archives, encryption, image decoders or GTK, whose loading cost
 * more than the export itself). It exports the chart, and hands every other
 * command, with the same arguments, to the full command line,
 * `follicle-cli` (FOL_LAUNCH_FULL), which links the whole core and hands
 * the window over to the window program.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <gmodule.h>

#ifdef FOL_LAUNCH_FULL
#include "fol-cli.h"
#else
#include "fol-cli-chart.h"
#include "fol-error.h"
#include "fol-sqlite-store.h"
#include "fol-threshold.h"
#endif

#define WINDOW_PROGRAM "follicle-window"
#define FULL_PROGRAM "follicle-cli"

/* Beside this program in a build tree; in libexecdir once installed. */
static char *
find_program (const char *name)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (dir, name, NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }

  return g_build_filename (LIBEXECDIR, name, NULL);
}

/* Replaces this process by @name with the same arguments. */
static int
hand_over (const char *name,
           char       *argv[])
{
  g_autofree char *program = find_program (name);

  execv (program, argv);
  g_printerr ("follicle: ");
  if (g_str_equal (name, WINDOW_PROGRAM))
    g_printerr (_("Cannot start the window program “%s”: %s"), program, g_strerror (errno));
  else
    g_printerr (_("Cannot start the command-line program “%s”: %s"), program, g_strerror (errno));
  g_printerr ("\n");
  return 1;
}

#ifndef FOL_LAUNCH_FULL

static char **launch_argv;

/* Whether @location may name a clinic server (a URI or "key=value"
 * settings) rather than a file: such clinics are the full command line's.
 */
static gboolean
may_be_server (const char *location)
{
  return location != NULL && (strstr (location, "://") != NULL || strchr (location, '=') != NULL);
}

/* As the full command line opens a clinic for reading, on a clinic file. */
static FolStore *
open_clinic_file (const char  *database,
                  GError     **error)
{
  g_autofree char *path = database ? g_strdup (database) : fol_sqlite_store_default_path ();
  g_autoptr(GError) local = NULL;
  g_autofree char *notice = NULL;
  FolSqliteStore *store;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no clinic database at “%s”"), path);
      return NULL;
    }

  store = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_READ_ONLY, &local);
  /* A clinic from an earlier version is upgraded first: the full command
   * line does that, and nothing has been written yet.
   */
  if (store == NULL && g_error_matches (local, FOL_STORE_ERROR, FOL_STORE_ERROR_NEEDS_UPGRADE))
    exit (hand_over (FULL_PROGRAM, launch_argv));
  if (store == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  notice = fol_store_take_notice (FOL_STORE (store));
  if (notice != NULL)
    g_printerr ("follicle: %s\n", notice);
  return FOL_STORE (store);
}

/* Runs --export-chart on a clinic file, with no other command.
 *
 * Returns: the exit status, or -1 when the arguments are the full
 *   command line's (any other option or argument, --help, a clinic
 *   server, a wrong option), which then sees them all again.
 */
static int
run_chart_export (int   argc,
                  char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(GStrv) args = g_strdupv (argv);
  g_autofree char *database = NULL, *patient = NULL, *export_chart = NULL, *measurement = NULL;
  g_autofree char *regions = NULL, *size = NULL, *scale = NULL, *format = NULL;
  g_autofree char *threshold = NULL;
  gboolean relative = FALSE, trend = FALSE;
  /* The same names as in fol-cli.c; no help, which is the full one's. */
  const GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database, NULL, NULL },
    { "patient", 'p', 0, G_OPTION_ARG_STRING, &patient, NULL, NULL },
    { "export-chart", 'e', 0, G_OPTION_ARG_FILENAME, &export_chart, NULL, NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, NULL, NULL },
    { "measurement", 'm', 0, G_OPTION_ARG_STRING, &measurement, NULL, NULL },
    { "regions", 'r', 0, G_OPTION_ARG_STRING, &regions, NULL, NULL },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, NULL, NULL },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &scale, NULL, NULL },
    { "threshold", 0, 0, G_OPTION_ARG_STRING, &threshold, NULL, NULL },
    { "relative", 0, 0, G_OPTION_ARG_NONE, &relative, NULL, NULL },
    { "trend", 0, 0, G_OPTION_ARG_NONE, &trend, NULL, NULL },
    { NULL }
  };
  FolCliChartArgs chart = { 0 };
  int status;

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse_strv (context, &args, NULL) || g_strv_length (args) > 1 ||
      export_chart == NULL || may_be_server (database))
    return -1;

  if (threshold != NULL)
    {
      g_autoptr(GError) error = NULL;
      double percent = FOL_THRESHOLD_DEFAULT;

      if (!fol_threshold_parse (threshold, &percent, &error))
        return -1;
      fol_threshold_set_override (percent);
    }

  chart.database = database;
  chart.patient = patient;
  chart.export_chart = export_chart;
  chart.measurement = measurement;
  chart.regions = regions;
  chart.size = size;
  chart.scale = scale;
  chart.format = format;
  chart.relative = relative;
  chart.trend = trend;
  /* This command draws one chart and is the first to use fonts. */
  fol_chart_fonts_first_use ();
  status = fol_cli_export_chart (&chart, open_clinic_file);
  fol_threshold_set_override (NAN);
  return status;
}

#endif

#ifdef FOL_LAUNCH_FULL

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FolCliGuiRequest) gui = NULL;
  int status;

  setlocale (LC_ALL, "");
  /* FOLLICLE_LOCALEDIR points at uninstalled translations (the tests). */
  bindtextdomain (GETTEXT_PACKAGE,
                  g_getenv ("FOLLICLE_LOCALEDIR") != NULL
                  ? g_getenv ("FOLLICLE_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  status = fol_cli_run (argc, argv, &gui);
  if (status >= 0)
    return status;
  return hand_over (WINDOW_PROGRAM, argv);
}

#else

int fol_launch_chart_main (int   argc,
                           char *argv[]);

/* Called by `follicle` (fol-launcher.c), which has set the locale and the
 * translations up and started the window itself when it was asked for.
 */
G_MODULE_EXPORT int
fol_launch_chart_main (int   argc,
                       char *argv[])
{
  int status;

  launch_argv = argv;
  status = run_chart_export (argc, argv);
  if (status >= 0)
    return status;
  return hand_over (FULL_PROGRAM, argv);
}

#endif
