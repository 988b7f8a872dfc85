/* fol-cli-exchange.c
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

#define G_LOG_DOMAIN "fol-cli-exchange"

#include "config.h"

#include "fol-cli-exchange.h"
#include "fol-csv.h"
#include "fol-file-writer.h"
#include "fol-i18n.h"
#include "fol-patient-file.h"
#include "fol-sealed.h"
#include "fol-progress.h"
#include "fol-report.h"
#include "fol-clinic.h"

/* Exit statuses, as follicle(1) documents them. */
enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

void
fol_cli_exchange_clear (FolCliExchange *x)
{
  g_clear_pointer (&x->export_report, g_free);
  g_clear_pointer (&x->export_csv, g_free);
  g_clear_pointer (&x->import_csv, g_free);
  g_clear_pointer (&x->share, g_free);
}

static int
usage_error (const char *message)
{
  g_printerr ("follicle: %s\n", message);
  g_printerr (_("Run “follicle --help” to see the options.\n"));
  return EXIT_USAGE;
}

static int
failed (const GError *error)
{
  g_printerr ("follicle: %s\n", error->message);
  return EXIT_FAILED;
}

static FolStore *
open_store (const char  *database,
            gboolean     write,
            GError     **error)
{
  g_autofree char *notice = NULL;
  FolStore *store;

  store = fol_clinic_open (database, write ? FOL_CLINIC_OPEN_NONE
                                           : FOL_CLINIC_OPEN_READ_ONLY | FOL_CLINIC_OPEN_EXISTING,
                           error);
  notice = store ? fol_store_take_notice (store) : NULL;
  if (notice != NULL)
    g_printerr ("follicle: %s\n", notice);
  return store;
}

static int
export_report (const char *database,
               const char *patient,
               const char *path,
               gboolean    include_notes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = open_store (database, FALSE, &error);

  if (store == NULL)
    return failed (error);
  if (!fol_report_write (store, patient, path, fol_paper_size_for_locale (),
                         include_notes ? FOL_REPORT_INCLUDE_NOTES : FOL_REPORT_FLAGS_NONE,
                         NULL, NULL, NULL, &error))
    return failed (error);
  return EXIT_OK;
}

static int
export_csv (const char *database,
            const char *patient,
            const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = open_store (database, FALSE, &error);

  if (store == NULL)
    return failed (error);
  /* "-" is standard output. */
  if (g_strcmp0 (path, "-") == 0
      ? !fol_csv_export_to_stdout (store, patient, &error)
      : !fol_csv_export (store, patient, path, &error))
    return failed (error);
  return EXIT_OK;
}

static int
import_csv (const char *database,
            const char *path,
            gboolean    dry_run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = NULL;
  g_autoptr(FolCsvPreview) preview = NULL;
  g_autofree char *text = NULL;

  /* A pipe would be waited on forever: refused before anything starts. */
  if (!fol_file_check_input_path (path, &error))
    return failed (error);

  store = open_store (database, !dry_run, &error);
  if (store == NULL)
    return failed (error);

  preview = fol_csv_import_preview (store, path, &error);
  if (preview == NULL)
    return failed (error);

  text = fol_csv_preview_to_text (preview);
  g_print ("%s", text);

  if (dry_run)
    {
      g_print ("%s\n", _("Nothing was written (--dry-run)."));
      return EXIT_OK;
    }

  if (!fol_csv_preview_has_changes (preview))
    {
      g_print ("%s\n", _("Nothing was written: every row was refused or is unchanged."));
      return fol_csv_preview_get_n_rejected (preview) > 0 ? EXIT_FAILED : EXIT_OK;
    }

  /* Matched again inside the write transaction: when another import or an
   * edit came in between, nothing is written and the message says so.
   */
  if (!fol_csv_import_commit (preview, &error))
    return failed (error);

  g_print ("%s\n", _("Imported: the records created and updated above were written."));
  /* Refused rows were left out: say so in the status, too. */
  return fol_csv_preview_get_n_rejected (preview) > 0 ? EXIT_FAILED : EXIT_OK;
}

static int
share (const char *database,
       const char *patient,
       const char *path,
       gboolean    include_notes,
       const char *passphrase_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = NULL;
  g_autofree char *passphrase = NULL;
  FolPatientFileFlags flags = include_notes ? FOL_PATIENT_FILE_INCLUDE_NOTES
                                            : FOL_PATIENT_FILE_FLAGS_NONE;

  /* The passphrase comes from a file, never from the command line itself,
   * where other users of the computer could read it. */
  if (passphrase_file != NULL &&
      (passphrase = fol_sealed_read_passphrase_file (passphrase_file, &error)) == NULL)
    return failed (error);

  store = open_store (database, FALSE, &error);
  if (store == NULL)
    return failed (error);
  if (passphrase != NULL
      ? !fol_patient_file_write_protected (store, patient, path, flags, passphrase, &error)
      : !fol_patient_file_write (store, patient, path, flags, &error))
    return failed (error);
  return EXIT_OK;
}

/**
 * fol_cli_exchange_run:
 * @out_status: (out): the exit status, when a command ran
 *
 * Returns: %TRUE when @x held one of these commands
 */
gboolean
fol_cli_exchange_run (const FolCliExchange *x,
                      const char           *database,
                      const char           *patient,
                      int                  *out_status)
{
  g_return_val_if_fail (x != NULL && out_status != NULL, FALSE);

  if (x->export_report != NULL)
    *out_status = patient ? export_report (database, patient, x->export_report, x->include_notes)
                          : usage_error (_("--export-report needs --patient ID"));
  else if (x->share != NULL)
    *out_status = patient ? share (database, patient, x->share, x->include_notes, x->passphrase_file)
                          : usage_error (_("--share needs --patient ID"));
  else if (x->export_csv != NULL)
    *out_status = export_csv (database, patient, x->export_csv);
  else if (x->import_csv != NULL)
    *out_status = patient ? usage_error (_("--import-csv takes the patients from the file, not --patient"))
                          : import_csv (database, x->import_csv, x->dry_run);
  else if (x->dry_run)
    *out_status = usage_error (_("--dry-run goes with --import-csv FILE"));
  else
    return FALSE;

  return TRUE;
}
