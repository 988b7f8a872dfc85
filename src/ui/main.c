/* main.c
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

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "fol-application.h"
#include "fol-bench-hook.h"
#include "fol-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FolCliGuiRequest) gui = NULL;
  g_autoptr(FolApplication) app = NULL;
  int status;

  setlocale (LC_ALL, "");
  /* FOLLICLE_LOCALEDIR points at uninstalled translations (the tests). */
  bindtextdomain (GETTEXT_PACKAGE,
                  g_getenv ("FOLLICLE_LOCALEDIR") != NULL
                  ? g_getenv ("FOLLICLE_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The command line runs on the GTK-free core; GTK is only initialised
   * when the window is asked for.
   */
  status = fol_cli_run (argc, argv, &gui);
  if (status >= 0)
    return status;

  /* What the window opens (a browser, the help) starts without the
   * allocator settings `follicle` gave this program.
   */
  fol_cli_forget_tunables ();
  app = fol_application_new (gui->database, gui->demo);
  fol_application_set_service (app, gui->service);
  fol_bench_hook_watch_application (GTK_APPLICATION (app));
  return fol_application_run_files (app, argv[0], (const char * const *) gui->files);
}
