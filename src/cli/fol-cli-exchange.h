/* fol-cli-exchange.h
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

/* The command line's report, CSV and patient-file commands. */
typedef struct
{
  char    *export_report;  /* --export-report FILE.pdf */
  char    *export_csv;     /* --export-csv FILE */
  char    *import_csv;     /* --import-csv FILE */
  gboolean dry_run;        /* --dry-run */
  char    *share;          /* --share FILE.follicle */
  gboolean include_notes;  /* --include-notes, with --share or --export-report */
  const char *passphrase_file; /* borrowed: --passphrase-file, with --share */
} FolCliExchange;

void     fol_cli_exchange_clear (FolCliExchange *x);
gboolean fol_cli_exchange_run   (const FolCliExchange *x,
                                 const char           *database,
                                 const char           *patient,
                                 int                  *out_status);

G_END_DECLS
