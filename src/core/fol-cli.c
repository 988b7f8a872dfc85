/* fol-cli.c
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

#include <locale.h>
#include <stdio.h>

#include "fol-cli.h"
#include "fol-i18n.h"

void
fol_cli_gui_request_free (FolCliGuiRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->database);
  g_strfreev (request->files);
  g_free (request);
}

int
fol_cli_run (int                argc,
             char             **argv,
             FolCliGuiRequest **out_gui)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *database = NULL;
  g_auto(GStrv) files = NULL;
  g_auto(GStrv) args = NULL;
  gboolean version = FALSE;
  gboolean demo = FALSE;
  const GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
      N_("Use the clinic database at PATH"), N_("PATH") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo,
      N_("Create a synthetic demo clinic in the database"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Show the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("[FILE…]") },
    { NULL }
  };

  g_return_val_if_fail (out_gui != NULL, 1);
  *out_gui = NULL;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Track hair-regrowth treatment, region by region."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  args = g_strdupv (argv);
  {
    int n = argc;
    char **p = args;

    if (!g_option_context_parse (context, &n, &p, &error))
      {
        g_printerr ("follicle: %s\n", error->message);
        g_printerr (_("Run “follicle --help” to see the options.\n"));
        return 2;
      }
  }

  if (version)
    {
      g_print ("follicle %s\n", PACKAGE_VERSION);
      return 0;
    }

  *out_gui = g_new0 (FolCliGuiRequest, 1);
  (*out_gui)->database = g_steal_pointer (&database);
  (*out_gui)->files = g_steal_pointer (&files);
  (*out_gui)->demo = demo;
  return -1;
}
