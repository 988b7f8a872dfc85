/* fol-catalog.h
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

/* Closed lists of choices. Each entry has a stable code, stored in the
 * database and never translated, and a translatable label.
 */
typedef enum
{
  FOL_CATALOG_SEX,
  FOL_CATALOG_DIAGNOSIS,
  FOL_CATALOG_VISIT_KIND,
  FOL_CATALOG_NORWOOD,
  FOL_CATALOG_LUDWIG,
  FOL_CATALOG_TREATMENT_TYPE,
  FOL_CATALOG_METHOD,
  FOL_CATALOG_SEVERITY,
  FOL_N_CATALOGS
} FolCatalog;

typedef struct
{
  const char *code;
  const char *label;  /* untranslated; use fol_catalog_label() */
} FolChoice;

const FolChoice *fol_catalog_get      (FolCatalog   catalog,
                                       guint       *n_choices);
gboolean         fol_catalog_contains (FolCatalog   catalog,
                                       const char  *code);
const char      *fol_catalog_label    (FolCatalog   catalog,
                                       const char  *code);
int              fol_catalog_index    (FolCatalog   catalog,
                                       const char  *code);

G_END_DECLS
