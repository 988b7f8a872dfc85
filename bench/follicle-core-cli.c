/* follicle-core-cli.c
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

/* The command line of follicle built on the core alone, without GTK and
 * libadwaita linked in: measures what linking them costs at start-up.
 */

#include "config.h"

#include <locale.h>

#include "fol-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FolCliGuiRequest) gui = NULL;
  int status;

  setlocale (LC_ALL, "");
  status = fol_cli_run (argc, argv, &gui);
  if (status >= 0)
    return status;

  g_printerr ("follicle-core-cli: no window in this build\n");
  return 2;
}
