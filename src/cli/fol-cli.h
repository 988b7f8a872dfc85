/* fol-cli.h
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

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char  *database;   /* --database PATH, or NULL for the default */
  char **files;      /* remaining arguments: files to open in the window */
  gboolean demo;     /* --demo: create the demo clinic first */
  gboolean service;  /* started by D-Bus activation */
} FolCliGuiRequest;

void fol_cli_gui_request_free (FolCliGuiRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolCliGuiRequest, fol_cli_gui_request_free)

/* Runs a command-line request without a display. Returns the exit status,
 * or -1 when the arguments ask for the window; then @out_gui is set.
 */
int fol_cli_run (int                argc,
                 char             **argv,
                 FolCliGuiRequest **out_gui);

void fol_cli_forget_tunables (void);

G_END_DECLS
