/* fol-cli-outcomes.h
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
  char    *treatment;
  char    *diagnosis;
  char    *sex;
  char    *age_band;
  char    *group_by;      /* treatment (NULL) or protocol */
  char    *export_path;   /* .pdf: a report page; .csv: the table */
  gboolean json;
} FolCliOutcomes;

void fol_cli_outcomes_clear (FolCliOutcomes *args);
int  fol_cli_outcomes_run   (const FolCliOutcomes *args,
                             const char           *database,
                             const char           *measurement,
                             const char           *region);

G_END_DECLS
