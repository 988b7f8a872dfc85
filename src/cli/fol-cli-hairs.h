/* fol-cli-hairs.h
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
  char     *photo;      /* --count-hairs PHOTO */
  char     *px_per_mm;  /* --px-per-mm N */
  char     *field;      /* --field X,Y,W,H */
  gboolean  json;       /* --json */
} FolCliHairs;

int  fol_cli_count_hairs (const FolCliHairs *options);
void fol_cli_hairs_clear (FolCliHairs       *options);

G_END_DECLS
