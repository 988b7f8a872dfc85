/* fol-plans.h
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

#include "fol-store.h"

G_BEGIN_DECLS

/* One step of a patient's plan, with who and which protocol it is. */
typedef struct
{
  char        *patient_id;
  char        *patient_name;
  char        *assignment_id;
  char        *protocol_name;
  char        *step;           /* what the step is, for people */
  FolPlanItem  item;
  FolAdherence adherence;      /* of the whole assignment */
} FolPlanEntry;

void       fol_plan_entry_free       (FolPlanEntry  *entry);
GPtrArray *fol_plans_for_patient     (FolStore      *store,
                                      const char    *patient_id,
                                      FolDate        today,
                                      GError       **error);
GPtrArray *fol_plans_due             (FolStore      *store,
                                      FolDate        today,
                                      GError       **error);
char      *fol_plans_to_text         (GPtrArray     *entries,
                                      gboolean       with_patient);
char      *fol_plans_to_json         (GPtrArray     *entries);

G_END_DECLS
