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

/* The `follicle` command. It links the GTK-free core only, so that command
 * line work (exports, summaries, backups) starts in a few milliseconds
 * instead of paying for loading GTK. When the window is asked for, it
 * hands over to the window program with the same arguments.
 */

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "fol-cli.h"

#define WINDOW_PROGRAM "follicle-window"

/* Beside this program in a build tree; in libexecdir once installed. */
static char *
find_window_program (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (dir, WINDOW_PROGRAM, NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }

  return g_build_filename (LIBEXECDIR, WINDOW_PROGRAM, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FolCliGuiRequest) gui = NULL;
  g_autofree char *window = NULL;
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

  window = find_window_program ();
  execv (window, argv);

  g_printerr ("follicle: ");
  g_printerr (_("Cannot start the window program “%s”: %s"), window, g_strerror (errno));
  g_printerr ("\n");
  return 1;
}
