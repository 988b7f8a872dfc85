/* fol-cli-plans.c
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

#include "fol-clinic.h"
#include "fol-cli-plans.h"
#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-plans.h"

/* follicle --due and --plan PATIENT: treatment plans. */

static FolStore *
open_clinic (const char  *database,
             GError     **error)
{
  g_autoptr(GError) local = NULL;
  FolStore *store = fol_clinic_open (database,
                                     FOL_CLINIC_OPEN_READ_ONLY | FOL_CLINIC_OPEN_EXISTING,
                                     &local);

  if (store != NULL)
    return store;
  /* A clinic from an earlier version is upgraded once, as the window would. */
  if (!g_error_matches (local, FOL_STORE_ERROR, FOL_STORE_ERROR_NEEDS_UPGRADE))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return fol_clinic_open (database, FOL_CLINIC_OPEN_NONE, error);
}

/**
 * fol_cli_plans_run:
 * @patient_id: (nullable): the patient whose plan to print; %NULL: what is
 *   due or overdue across the clinic
 *
 * Returns: the exit status
 */
int
fol_cli_plans_run (const char *database,
                   const char *patient_id,
                   gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *out = NULL;
  FolDate today = fol_date_today ();

  store = open_clinic (database, &error);
  if (store == NULL)
    goto fail;
  entries = patient_id != NULL ? fol_plans_for_patient (store, patient_id, today, &error)
                               : fol_plans_due (store, today, &error);
  if (entries == NULL)
    goto fail;

  if (json)
    out = fol_plans_to_json (entries);
  else if (entries->len == 0)
    out = g_strdup_printf ("%s\n", patient_id != NULL ? _("No protocol is assigned to the patient.")
                                                      : _("Nothing is due or overdue."));
  else
    out = fol_plans_to_text (entries, patient_id == NULL);
  g_print ("%s", out);
  return 0;

fail:
  g_printerr ("follicle: %s\n", error->message);
  return 1;
}
