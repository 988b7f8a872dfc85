/* fol-cli-outcomes.c
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

#include <string.h>

#include "fol-catalog.h"
#include "fol-clinic.h"
#include "fol-cli-outcomes.h"
#include "fol-error.h"
#include "fol-file-writer.h"
#include "fol-i18n.h"
#include "fol-outcomes.h"
#include "fol-outcomes-report.h"
#include "fol-threshold.h"

/* follicle --outcomes and --export-outcomes: outcomes across the clinic. */

void
fol_cli_outcomes_clear (FolCliOutcomes *args)
{
  g_free (args->treatment);
  g_free (args->diagnosis);
  g_free (args->sex);
  g_free (args->age_band);
  g_free (args->group_by);
  g_free (args->export_path);
}

static char *
catalog_codes (FolCatalog catalog)
{
  guint n = 0;
  const FolChoice *choices = fol_catalog_get (catalog, &n);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%s", i ? ", " : "", choices[i].code);
  return g_string_free (out, FALSE);
}

static gboolean
check_code (const char  *option,
            const char  *value,
            FolCatalog   catalog,
            GError     **error)
{
  g_autofree char *codes = NULL;

  if (value == NULL || fol_catalog_contains (catalog, value))
    return TRUE;
  codes = catalog_codes (catalog);
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               /* Translators: an option, the value given, then the values it takes */
               _("%s “%s” is not known; use one of: %s"), option, value, codes);
  return FALSE;
}

static gboolean
parse_filter (const FolCliOutcomes  *args,
              const char            *measurement,
              const char            *region,
              FolOutcomesFilter     *filter,
              GError               **error)
{
  fol_outcomes_filter_init (filter);
  filter->threshold = fol_threshold_in_effect (NULL);

  if (measurement != NULL && !fol_measure_from_code (measurement, &filter->measure))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--measurement “%s” is not a measurement, e.g. total_density"), measurement);
      return FALSE;
    }
  if (region != NULL && !fol_region_from_code (region, &filter->region))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--region “%s” is not a scalp region, e.g. vertex"), region);
      return FALSE;
    }
  if (args->age_band != NULL && !fol_age_band_from_code (args->age_band, &filter->age_band))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--age “%s” is not an age band; use one of: under-30, 30-44, 45-59, 60-plus"),
                   args->age_band);
      return FALSE;
    }
  if (args->group_by != NULL && !fol_outcomes_grouping_from_code (args->group_by, &filter->group_by))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: --by takes these two words, untranslated */
                   _("--by “%s” is not a grouping; use one of: treatment, protocol"),
                   args->group_by);
      return FALSE;
    }
  if (!check_code ("--treatment", args->treatment, FOL_CATALOG_TREATMENT_TYPE, error) ||
      !check_code ("--diagnosis", args->diagnosis, FOL_CATALOG_DIAGNOSIS, error) ||
      !check_code ("--sex", args->sex, FOL_CATALOG_SEX, error))
    return FALSE;

  filter->treatment_type = args->treatment;
  filter->diagnosis = args->diagnosis;
  filter->sex = args->sex;
  return TRUE;
}

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

int
fol_cli_outcomes_run (const FolCliOutcomes *args,
                      const char           *database,
                      const char           *measurement,
                      const char           *region)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = NULL;
  g_autoptr(FolOutcomes) outcomes = NULL;
  FolOutcomesFilter filter;

  if (!parse_filter (args, measurement, region, &filter, &error))
    {
      g_printerr ("follicle: %s\n", error->message);
      g_printerr (_("Run “follicle --help” to see the options.\n"));
      return 2;
    }
  if (args->export_path != NULL && args->json)
    {
      g_printerr ("follicle: %s\n", _("--json goes with --outcomes, not --export-outcomes"));
      return 2;
    }
  if (args->export_path != NULL &&
      !g_str_has_suffix (args->export_path, ".pdf") && !g_str_has_suffix (args->export_path, ".csv"))
    {
      g_printerr ("follicle: ");
      g_printerr (_("--export-outcomes “%s”: the file name must end in .pdf (a report page) or "
                    ".csv (the table)"), args->export_path);
      g_printerr ("\n");
      return 2;
    }

  store = open_clinic (database, &error);
  if (store == NULL)
    goto fail;
  outcomes = fol_outcomes_compute (store, &filter, &error);
  if (outcomes == NULL)
    goto fail;

  if (args->export_path != NULL && g_str_has_suffix (args->export_path, ".csv"))
    {
      g_autofree char *csv = fol_outcomes_to_csv (outcomes);
      g_autoptr(FolFileWriter) writer = fol_file_writer_new (args->export_path, &error);

      if (writer == NULL || !fol_file_writer_write (writer, csv, strlen (csv), &error) ||
          !fol_file_writer_commit (writer, &error))
        goto fail;
    }
  else if (args->export_path != NULL)
    {
      if (!fol_outcomes_export (outcomes, args->export_path, FOL_CHART_FORMAT_PDF, &error))
        goto fail;
    }
  else if (args->json)
    {
      g_autofree char *json = fol_outcomes_to_json (outcomes);

      g_print ("%s", json);
    }
  else
    {
      g_autofree char *text = fol_outcomes_to_text (outcomes);

      g_print ("%s", text);
    }
  return 0;

fail:
  g_printerr ("follicle: %s\n", error->message);
  return 1;
}
