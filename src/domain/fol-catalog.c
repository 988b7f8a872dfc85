/* fol-catalog.c
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

#define G_LOG_DOMAIN "fol-catalog"

#include "config.h"

#include <string.h>

#include "fol-catalog.h"
#include "fol-i18n.h"

static const FolChoice sexes[] = {
  { "female", N_("Female") },
  { "male", N_("Male") },
  { "other", N_("Other") },
  { "unspecified", N_("Not specified") },
};

static const FolChoice diagnoses[] = {
  { "androgenetic_alopecia", N_("Androgenetic alopecia") },
  { "female_pattern", N_("Female pattern hair loss") },
  { "alopecia_areata", N_("Alopecia areata") },
  { "telogen_effluvium", N_("Telogen effluvium") },
  { "other", N_("Other") },
};

static const FolChoice visit_kinds[] = {
  { "screening", N_("Screening") },
  { "baseline", N_("Baseline") },
  { "follow_up", N_("Follow-up") },
  { "unscheduled", N_("Unscheduled") },
};

static const FolChoice norwood[] = {
  { "I", "I" }, { "II", "II" }, { "IIa", "IIa" }, { "III", "III" }, { "IIIa", "IIIa" },
  { "III vertex", N_("III vertex") }, { "IV", "IV" }, { "IVa", "IVa" }, { "V", "V" },
  { "Va", "Va" }, { "VI", "VI" }, { "VII", "VII" },
};

static const FolChoice ludwig[] = {
  { "I", "I" }, { "II", "II" }, { "III", "III" },
};

static const FolChoice treatment_types[] = {
  { "adipose_stem_cells", N_("Adipose-derived stem cells / SVF") },
  { "bone_marrow_stem_cells", N_("Bone-marrow-derived stem cells") },
  { "exosomes", N_("Stem-cell-derived exosomes") },
  { "conditioned_medium", N_("Stem-cell conditioned medium") },
  { "prp", N_("Platelet-rich plasma") },
  { "minoxidil_topical", N_("Minoxidil, topical") },
  { "minoxidil_oral", N_("Minoxidil, oral") },
  { "finasteride", N_("Finasteride") },
  { "dutasteride", N_("Dutasteride") },
  { "lllt", N_("Low-level laser therapy") },
  { "microneedling", N_("Microneedling") },
  { "transplant", N_("Hair transplant") },
  { "other", N_("Other") },
};

static const FolChoice methods[] = {
  { "manual", N_("Manual count on photo") },
  { "trichoscope", N_("Trichoscope software") },
  { "phototrichogram", N_("Phototrichogram") },
  { "photo_estimate", N_("Count on photo, diameters estimated") },
};

static const FolChoice severities[] = {
  { "mild", N_("Mild") },
  { "moderate", N_("Moderate") },
  { "severe", N_("Severe") },
};

static const struct
{
  const FolChoice *choices;
  guint            n;
} catalogs[FOL_N_CATALOGS] = {
  { sexes, G_N_ELEMENTS (sexes) },
  { diagnoses, G_N_ELEMENTS (diagnoses) },
  { visit_kinds, G_N_ELEMENTS (visit_kinds) },
  { norwood, G_N_ELEMENTS (norwood) },
  { ludwig, G_N_ELEMENTS (ludwig) },
  { treatment_types, G_N_ELEMENTS (treatment_types) },
  { methods, G_N_ELEMENTS (methods) },
  { severities, G_N_ELEMENTS (severities) },
};

const FolChoice *
fol_catalog_get (FolCatalog  catalog,
                 guint      *n_choices)
{
  g_return_val_if_fail (catalog < FOL_N_CATALOGS, NULL);

  if (n_choices)
    *n_choices = catalogs[catalog].n;
  return catalogs[catalog].choices;
}

int
fol_catalog_index (FolCatalog  catalog,
                   const char *code)
{
  g_return_val_if_fail (catalog < FOL_N_CATALOGS, -1);

  if (code == NULL)
    return -1;

  for (guint i = 0; i < catalogs[catalog].n; i++)
    if (strcmp (catalogs[catalog].choices[i].code, code) == 0)
      return i;

  return -1;
}

gboolean
fol_catalog_contains (FolCatalog  catalog,
                      const char *code)
{
  return fol_catalog_index (catalog, code) >= 0;
}

/* Returns: the translated label of @code, or @code itself when unknown. */
const char *
fol_catalog_label (FolCatalog  catalog,
                   const char *code)
{
  int i = fol_catalog_index (catalog, code);

  if (i < 0)
    return code;
  return g_dgettext (GETTEXT_PACKAGE, catalogs[catalog].choices[i].label);
}
