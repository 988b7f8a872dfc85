/* fol-cli-photos.c
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

#define G_LOG_DOMAIN "fol-cli-photos"

#include "config.h"

#include "fol-cli-photos.h"
#include "fol-clinic.h"
#include "fol-i18n.h"
#include "fol-photo-import.h"

/* follicle --patient ID --add-photos --visit DATE --region CODE FILE…
 *
 * The window's import without the window: each file is checked, copied and
 * recorded on its own, with the same messages, so one bad file never stops
 * the others; the exit status says whether any was refused.
 */

/* Exit statuses, as follicle(1) documents them. */
enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

static int
usage_error (const char *message)
{
  g_printerr ("follicle: %s\n", message);
  g_printerr (_("Run “follicle --help” to see the options.\n"));
  return EXIT_USAGE;
}

static int
failed (const char *message)
{
  g_printerr ("follicle: %s\n", message);
  return EXIT_FAILED;
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GPtrArray **out_results = user_data;
  g_autoptr(GError) error = NULL;

  *out_results = fol_photo_import_finish (FOL_STORE (source), result, &error);
  if (*out_results == NULL)
    {
      g_printerr ("follicle: %s\n", error->message);
      *out_results = g_ptr_array_new ();
    }
}

/* The patient's visit on @date, or a message listing the visits there are. */
static FolVisit *
find_visit (FolHistory  *history,
            FolDate      date,
            const char  *text,
            char       **out_message)
{
  g_autoptr(GString) dates = g_string_new (NULL);
  FolVisit *found = NULL;
  guint n_found = 0;

  for (guint i = 0; i < fol_history_get_n_visits (history); i++)
    {
      FolVisit *visit = fol_history_get_visit (history, i);
      g_autofree char *iso = fol_date_to_iso (fol_visit_get_date (visit));

      g_string_append_printf (dates, "%s%s", dates->len > 0 ? ", " : "", iso);
      if (fol_visit_get_date (visit) == date)
        {
          found = visit;
          n_found++;
        }
    }

  if (n_found == 1)
    return found;

  if (n_found > 1)
    *out_message = g_strdup_printf (_("--visit “%s”: the patient has %u visits on that day; "
                                      "add the photos in the window, where each visit is listed"),
                                    text, n_found);
  else if (dates->len == 0)
    *out_message = g_strdup_printf (_("--visit “%s”: the patient has no visits; add a visit "
                                      "first, each photo belongs to a visit"), text);
  else
    *out_message = g_strdup_printf (_("--visit “%s”: the patient has no visit on that day; "
                                      "their visits are on %s"), text, dates->str);
  return NULL;
}

/**
 * fol_cli_add_photos:
 * @visit: the visit's date, ISO 8601 or as the locale writes it
 * @region: a region code, e.g. vertex
 * @files: (array zero-terminated=1): the photo files
 *
 * Returns: the exit status: 0 when every file was added, 1 when any was
 *   refused (each is named, with why), 2 for wrong arguments
 */
int
fol_cli_add_photos (const char         *database,
                    const char         *patient,
                    const char         *visit,
                    const char         *region,
                    const char * const *files)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = NULL;
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) gfiles = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *notice = NULL;
  g_autofree char *message = NULL;
  g_autofree char *visit_text = NULL;
  FolRegion code = FOL_REGION_NONE;
  FolVisit *found;
  FolDate date = FOL_DATE_NONE;
  guint n_refused = 0;

  /* Arguments first: a typo never costs a database open. */
  if (patient == NULL)
    return usage_error (_("--add-photos needs --patient ID"));
  if (visit == NULL)
    return usage_error (_("--add-photos needs --visit DATE, the day of the visit the photos "
                          "belong to"));
  if (region == NULL)
    return usage_error (_("--add-photos needs --region CODE, e.g. --region vertex"));
  if (files == NULL || files[0] == NULL)
    return usage_error (_("--add-photos needs the photo files after the options"));
  if (!fol_date_parse_entry (visit, &date, &error))
    {
      message = g_strdup_printf ("--visit “%s”: %s", visit, error->message);
      return usage_error (message);
    }
  if (!fol_region_from_code (region, &code))
    {
      g_autoptr(GString) known = g_string_new (NULL);

      for (guint r = 0; r < FOL_N_REGIONS; r++)
        g_string_append_printf (known, "%s%s", r ? ", " : "", fol_region_code (r));
      message = g_strdup_printf (_("Unknown region “%s”; the regions are %s"), region, known->str);
      return usage_error (message);
    }

  /* Photos go into an existing clinic, never a new one made by accident. */
  store = fol_clinic_open (database, FOL_CLINIC_OPEN_EXISTING, &error);
  notice = store ? fol_store_take_notice (store) : NULL;
  if (notice != NULL)
    g_printerr ("follicle: %s\n", notice);
  if (store == NULL)
    return failed (error->message);

  history = fol_store_load_history (store, patient, &error);
  if (history == NULL)
    return failed (error->message);
  found = find_visit (history, date, visit, &message);
  if (found == NULL)
    return failed (message);

  for (guint i = 0; files[i] != NULL; i++)
    g_ptr_array_add (gfiles, g_file_new_for_commandline_arg (files[i]));

  fol_photo_import_async (store, fol_visit_get_id (found), code,
                          (GFile **) gfiles->pdata, gfiles->len, NULL, NULL, NULL,
                          import_done_cb, &results);
  while (results == NULL)
    g_main_context_iteration (NULL, TRUE);

  visit_text = fol_date_format (fol_visit_get_date (found));
  for (guint i = 0; i < results->len; i++)
    {
      FolPhotoImportResult *r = g_ptr_array_index (results, i);
      g_autofree char *name = g_file_get_parse_name (r->file);

      if (r->status == FOL_PHOTO_IMPORT_OK)
        {
          /* Translators: %s a file, %s a date, %s a scalp region */
          g_autofree char *note = fol_photo_import_taken_note (r, fol_visit_get_date (found));

          g_print (_("Added “%s” to the visit of %s, %s\n"), name, visit_text,
                   fol_region_name (code));
          if (note != NULL)
            g_printerr ("follicle: %s\n", note);
        }
      else
        {
          n_refused++;
          g_printerr ("follicle: %s\n", r->message);
        }
    }

  if (n_refused > 0)
    {
      g_printerr ("follicle: ");
      g_printerr (ngettext ("%u of %u photo was not added: nothing was written for it",
                            "%u of %u photos were not added: nothing was written for them",
                            gfiles->len), n_refused, gfiles->len);
      g_printerr ("\n");
    }
  return n_refused > 0 || results->len < gfiles->len ? EXIT_FAILED : EXIT_OK;
}
