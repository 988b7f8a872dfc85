/* fol-cli.c
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

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fol-archive.h"
#include "fol-catalog.h"
#include "fol-cli.h"
#include "fol-clinic.h"
#include "fol-sealed.h"
#include "fol-cli-exchange.h"
#include "fol-cli-hairs.h"
#include "fol-cli-batch.h"
#include "fol-cli-chart.h"
#include "fol-cli-outcomes.h"
#include "fol-cli-plans.h"
#include "fol-cli-photos.h"
#include "fol-demo.h"
#include "fol-error.h"
#include "fol-file-writer.h"
#include "fol-i18n.h"
#include "fol-patient-file.h"
#include "fol-progress.h"
#include "fol-summary.h"
#include "fol-threshold.h"

/* Exit statuses, as follicle(1) documents them. */
enum {
  EXIT_OK = 0,
  EXIT_FAILURE_ = 1,
  EXIT_USAGE = 2,
};

typedef struct
{
  char    *database;
  char    *patient;
  char   **files;
  char    *backup;
  char    *restore;
  char    *open_share;
  char    *passphrase_file;
  gboolean version;
  gboolean demo;
  gboolean list_patients;
  gboolean summary;
  gboolean service;
  char    *export_chart;
  char    *measurement;
  char    *regions;
  char    *size;
  char    *scale;
  char    *format;
  gboolean relative;
  gboolean trend;
  gboolean add_photos;
  char    *visit;
  char    *region;
  char    *threshold;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->database);
  g_free (o->patient);
  g_strfreev (o->files);
  g_free (o->export_chart);
  g_free (o->measurement);
  g_free (o->regions);
  g_free (o->size);
  g_free (o->scale);
  g_free (o->format);
  g_free (o->visit);
  g_free (o->region);
  g_free (o->threshold);
  g_free (o->backup);
  g_free (o->restore);
  g_free (o->open_share);
  g_free (o->passphrase_file);
}

void
fol_cli_gui_request_free (FolCliGuiRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->database);
  g_strfreev (request->files);
  g_free (request);
}

static int
usage_error (const char *message)
{
  g_printerr ("follicle: %s\n", message);
  g_printerr (_("Run “follicle --help” to see the options.\n"));
  return EXIT_USAGE;
}

static int
report_error (const GError *error)
{
  g_printerr ("follicle: %s\n", error->message);
  return EXIT_FAILURE_;
}

/* What opening did that the user should know, said once on stderr. */
static FolStore *
say_notice (FolStore *store)
{
  g_autofree char *notice = store ? fol_store_take_notice (store) : NULL;

  if (notice != NULL)
    g_printerr ("follicle: %s\n", notice);
  return store;
}

static FolStore *
open_store (const Options  *o,
            gboolean        write,
            GError        **error)
{
  if (!write)
    {
      g_autoptr(GError) local = NULL;
      /* Reading commands never create a clinic by accident. */
      FolStore *store = fol_clinic_open (o->database,
                                         FOL_CLINIC_OPEN_READ_ONLY | FOL_CLINIC_OPEN_EXISTING,
                                         &local);

      if (store != NULL)
        return say_notice (store);

      /* A clinic from an earlier version: upgrade it once, as the window
       * would, then read it.
       */
      if (!g_error_matches (local, FOL_STORE_ERROR, FOL_STORE_ERROR_NEEDS_UPGRADE))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }

  return say_notice (fol_clinic_open (o->database, FOL_CLINIC_OPEN_NONE, error));
}

/* Stored text as plain-text output shows it, appended to @out: a control
 * character is written as an escape (\n, \t, \x1b, \u009b), never sent,
 * so that a name holding a line break cannot forge a row and an escape
 * sequence cannot drive the terminal. With @keep_newlines, line breaks are
 * the output's own. Valid text is copied in runs, without a copy of its own.
 */
static void
append_escaped (GString    *out,
                const char *text,
                gboolean    keep_newlines)
{
  g_autofree char *valid = NULL;
  const char *run;
  const char *p;

  if (text == NULL)
    return;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  /* Valid UTF-8 byte by byte: U+0080–U+009F are C2 80–C2 9F, and no other
   * character holds a byte under 0x80 but as itself.
   */
  for (run = p = text; *p; )
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != 0x7f && c != 0xc2)
        {
          p++;
          continue;
        }
      if (c == 0xc2 && ((guchar) p[1] < 0x80 || (guchar) p[1] > 0x9f))
        {
          p += 2;
          continue;
        }

      g_string_append_len (out, run, p - run);
      if (c == 0xc2)
        {
          g_string_append_printf (out, "\\u%04x", (guchar) p[1]);
          p += 2;
        }
      else
        {
          if (c == '\n' && keep_newlines)
            g_string_append_c (out, '\n');
          else if (c == '\n')
            g_string_append (out, "\\n");
          else if (c == '\t')
            g_string_append (out, "\\t");
          else if (c == '\r')
            g_string_append (out, "\\r");
          else
            g_string_append_printf (out, "\\x%02x", c);
          p++;
        }
      run = p;
    }
  g_string_append_len (out, run, p - run);
}

static char *
escape_controls (const char *text,
                 gboolean    keep_newlines)
{
  GString *out = g_string_sized_new (text != NULL ? strlen (text) : 0);

  append_escaped (out, text, keep_newlines);
  return g_string_free (out, FALSE);
}

/* --list-patients streams: each row is written into one reused buffer, and
 * the buffer to stdout whenever it holds a good part of a pipe's worth.
 */
#define LIST_FLUSH_BYTES (60 * 1024)

typedef struct
{
  GString  *buffer;
  gboolean  utf8;     /* the console's charset: bytes go out as they are */
} PatientListing;

static void
listing_flush (PatientListing *listing)
{
  fwrite (listing->buffer->str, 1, listing->buffer->len, stdout);
  g_string_truncate (listing->buffer, 0);
}

static gboolean
list_patient_cb (const FolPatientLine *line,
                 gpointer              data,
                 GError              **error)
{
  PatientListing *listing = data;
  GString *out = listing->buffer;
  gsize start = out->len;

  append_escaped (out, line->id, FALSE);
  g_string_append_c (out, '\t');
  append_escaped (out, line->name, FALSE);
  g_string_append_c (out, '\t');
  if (line->birth_date != NULL)
    g_string_append (out, line->birth_date);
  g_string_append_c (out, '\t');
  if (line->diagnosis != NULL)
    g_string_append (out, fol_catalog_label (FOL_CATALOG_DIAGNOSIS, line->diagnosis));
  g_string_append_c (out, '\n');

  /* Another charset: each line converted as g_print() converts it. */
  if (!listing->utf8)
    {
      g_print ("%s", out->str + start);
      g_string_truncate (out, start);
    }
  else if (out->len >= LIST_FLUSH_BYTES)
    listing_flush (listing);
  return TRUE;
}

static int
cmd_list_patients (const Options *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = open_store (o, FALSE, &error);
  g_autoptr(GString) buffer = g_string_sized_new (LIST_FLUSH_BYTES + 4096);
  PatientListing listing = { buffer, g_get_console_charset (NULL) };
  gboolean ok;

  if (store == NULL)
    return report_error (error);

  ok = fol_store_each_patient (store, list_patient_cb, &listing, &error);
  listing_flush (&listing);
  fflush (stdout);
  if (!ok)
    return report_error (error);
  return EXIT_OK;
}

static int
cmd_summary (const Options *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = open_store (o, FALSE, &error);
  g_autoptr(FolHistory) history = NULL;
  g_autofree char *text = NULL;
  g_autofree char *safe = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  FolPatient *patient;

  if (store == NULL)
    return report_error (error);

  history = fol_store_load_history (store, o->patient, &error);
  if (history == NULL)
    return report_error (error);

  /* The name and the ID each stay on their line. */
  patient = fol_history_get_patient (history);
  name = escape_controls (fol_patient_get_name (patient), FALSE);
  id = escape_controls (fol_patient_get_id (patient), FALSE);
  fol_patient_set_name (patient, name);
  fol_patient_set_id (patient, id);

  text = fol_summary_table (history, fol_threshold_in_effect (NULL));
  safe = escape_controls (text, TRUE);
  g_print ("%s", safe);
  return EXIT_OK;
}

/* The same summary, from a patient file instead of the clinic. */
static int
cmd_share_summary (const Options *o)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *patient_id = NULL;
  g_autofree char *passphrase = NULL;
  g_autoptr(FolStore) store = NULL;
  g_autoptr(FolHistory) history = NULL;
  g_autofree char *text = NULL;

  if (o->passphrase_file != NULL &&
      (passphrase = fol_sealed_read_passphrase_file (o->passphrase_file, &error)) == NULL)
    return report_error (error);
  store = FOL_STORE (fol_patient_file_open_protected (o->open_share, passphrase, &patient_id, &error));
  if (store == NULL)
    return report_error (error);

  history = fol_store_load_history (store, patient_id, &error);
  if (history == NULL)
    return report_error (error);

  text = fol_summary_table (history, fol_threshold_in_effect (NULL));
  g_print ("%s", text);
  return EXIT_OK;
}

static FolStore *
open_store_for_reading (const char  *database,
                        GError     **error)
{
  const Options o = { .database = (char *) database };

  return open_store (&o, FALSE, error);
}

static int
cmd_export_chart (const Options *o)
{
  const FolCliChartArgs args = {
    .database = o->database, .patient = o->patient, .export_chart = o->export_chart,
    .measurement = o->measurement, .regions = o->regions, .size = o->size, .scale = o->scale,
    .format = o->format, .relative = o->relative, .trend = o->trend,
  };

  return fol_cli_export_chart (&args, open_store_for_reading);
}

static int
cmd_backup (const Options *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = NULL;
  g_autofree char *passphrase = NULL;
  guint n_photos = 0;

  if (!fol_file_check_output_path (o->backup, &error))
    return report_error (error);
  if (o->passphrase_file != NULL &&
      ((passphrase = fol_sealed_read_passphrase_file (o->passphrase_file, &error)) == NULL ||
       !fol_sealed_check_passphrase (passphrase, &error)))
    return report_error (error);

  store = open_store (o, FALSE, &error);
  if (store == NULL ||
      (passphrase != NULL
       ? !fol_archive_write_protected (store, o->backup, passphrase, &n_photos, &error)
       : !fol_archive_write (store, o->backup, &n_photos, &error)))
    return report_error (error);

  g_print (ngettext ("Saved the clinic and %u photo to %s\n",
                     "Saved the clinic and %u photos to %s\n", n_photos), n_photos, o->backup);
  return EXIT_OK;
}

static int
cmd_restore (const Options *o)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = o->database ? g_strdup (o->database) : fol_clinic_default_location ();
  g_autofree char *passphrase = NULL;
  guint n = 0;

  if (!fol_clinic_location_is_server (path) && !fol_clinic_location_is_file (path, &error))
    return report_error (error);
  if (o->passphrase_file != NULL &&
      (passphrase = fol_sealed_read_passphrase_file (o->passphrase_file, &error)) == NULL)
    return report_error (error);

  /* A clinic server is not replaced: the archive's records are written
   * into it, when it holds none. */
  if (fol_clinic_location_is_server (path))
    {
      g_autoptr(FolStore) store = NULL;

      if (!fol_file_check_input_path (o->restore, &error) ||
          (store = say_notice (fol_clinic_open (path, FOL_CLINIC_OPEN_NONE, &error))) == NULL ||
          !fol_archive_restore_into_store (store, o->restore, passphrase, &n, &error))
        return report_error (error);
      g_print (ngettext ("Moved %u patient into the clinic server %s\n",
                         "Moved %u patients into the clinic server %s\n", n), n, path);
      return EXIT_OK;
    }

  /* A pipe would be waited on forever: refused before anything starts. */
  if (!fol_file_check_input_path (o->restore, &error) ||
      !fol_archive_restore_protected (path, o->restore, passphrase, NULL, &n, &error))
    return report_error (error);

  g_print (ngettext ("Restored %u patient into %s; the previous clinic was backed up first\n",
                     "Restored %u patients into %s; the previous clinic was backed up first\n", n),
           n, path);
  return EXIT_OK;
}

static int
cmd_demo (const Options *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = open_store (o, TRUE, &error);
  guint n = 0;

  if (store == NULL)
    return report_error (error);

  if (!fol_demo_populate (store, FOL_DEMO_SEED, &n, &error))
    return report_error (error);

  if (n > 0)
    g_print (ngettext ("Created %u demo patient in %s\n", "Created %u demo patients in %s\n", n),
             n, fol_store_get_location (store));
  return EXIT_OK;
}

/**
 * fol_cli_forget_tunables:
 *
 * Takes out of the environment the allocator settings `follicle` gave this
 * program (FOL_MALLOC_TUNABLES and a number of arenas, read by the C
 * library when the program started), so that programs started from here
 * do not inherit them; any other value, which the user chose, stays. Call
 * it before any thread.
 */
void
fol_cli_forget_tunables (void)
{
  const char *value = g_getenv ("GLIBC_TUNABLES");
  const char *arenas;

  if (value == NULL || !g_str_has_prefix (value, FOL_MALLOC_TUNABLES))
    return;
  arenas = value + strlen (FOL_MALLOC_TUNABLES);
  if (*arenas != '\0' && strspn (arenas, "0123456789") == strlen (arenas))
    g_unsetenv ("GLIBC_TUNABLES");
}

/**
 * fol_cli_run:
 *
 * Parses the command line. Commands run here, on the core, without a
 * display; anything else is handed back for the window.
 */
int
fol_cli_run (int                argc,
             char             **argv,
             FolCliGuiRequest **out_gui)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  Options o = { 0 };
  FolCliExchange x = { 0 };
  FolCliHairs hx = { 0 };
  FolCliOutcomes outcomes = { 0 };
  gboolean show_outcomes = FALSE;
  gboolean show_due = FALSE;
  g_autofree char *plan_patient = NULL;
  gboolean json = FALSE;
  g_autofree char *export_charts = NULL;
  g_autofree char *export_reports = NULL;
  int status = -1;
  const GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &o.database,
      N_("Use the clinic database at PATH"), N_("PATH") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &o.demo,
      N_("Fill an empty clinic with synthetic demo patients"), NULL },
    { "list-patients", 'l', 0, G_OPTION_ARG_NONE, &o.list_patients,
      N_("List the patients: ID, name, date of birth, diagnosis"), NULL },
    { "patient", 'p', 0, G_OPTION_ARG_STRING, &o.patient,
      N_("The patient the following command is about"), N_("ID") },
    { "summary", 's', 0, G_OPTION_ARG_NONE, &o.summary,
      N_("Print the patient’s latest values and change from baseline per region"), NULL },
    { "export-chart", 'e', 0, G_OPTION_ARG_FILENAME, &o.export_chart,
      N_("Write the patient’s progress chart to FILE (.png, .svg or .pdf; “-” for standard output, with --format)"),
      N_("FILE") },
    { "export-charts", 0, 0, G_OPTION_ARG_FILENAME, &export_charts,
      N_("Write every patient’s progress chart into the folder DIR"), N_("DIR") },
    { "export-reports", 0, 0, G_OPTION_ARG_FILENAME, &export_reports,
      N_("Write every patient’s consultation report (PDF) into the folder DIR"), N_("DIR") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &o.format,
      N_("File format of --export-charts (png, the default, svg or pdf), or of --export-chart"), N_("FORMAT") },
    { "measurement", 'm', 0, G_OPTION_ARG_STRING, &o.measurement,
      N_("Measurement to chart, e.g. total_density (the default), terminal_density, salt"), N_("NAME") },
    { "regions", 'r', 0, G_OPTION_ARG_STRING, &o.regions,
      N_("Regions to chart, e.g. vertex,frontal (default: all measured)"), N_("A,B") },
    { "size", 0, 0, G_OPTION_ARG_STRING, &o.size,
      N_("Chart size in pixels (default 1600x1000)"), N_("WxH") },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &o.scale,
      N_("Pixel scale of a PNG chart, 0.5 to 4, e.g. 2 for high-resolution screens; at most 100 megapixels"),
      N_("FACTOR") },
    { "threshold", 0, 0, G_OPTION_ARG_STRING, &o.threshold,
      N_("With --summary, --export-chart, --export-charts, --export-report or --export-reports: "
         "the no-change threshold in percent, 1 to 50, instead of the preference (default 10)"),
      N_("PERCENT") },
    { "relative", 0, 0, G_OPTION_ARG_NONE, &o.relative,
      N_("Chart the change from baseline in percent"), NULL },
    { "trend", 0, 0, G_OPTION_ARG_NONE, &o.trend,
      N_("Draw each region’s trend line"), NULL },
    { "add-photos", 0, 0, G_OPTION_ARG_NONE, &o.add_photos,
      N_("Add the photo files FILE… to the patient’s visit on --visit DATE, of the region "
         "--region CODE; each file is checked and added on its own"), NULL },
    { "visit", 0, 0, G_OPTION_ARG_STRING, &o.visit,
      N_("With --add-photos: the day of the visit the photos belong to"), N_("DATE") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &o.region,
      N_("With --add-photos: the scalp region the photos show, e.g. vertex"), N_("CODE") },
    { "backup", 0, 0, G_OPTION_ARG_FILENAME, &o.backup,
      N_("Write the whole clinic, photos included, to one archive FILE"), N_("FILE") },
    { "restore", 0, 0, G_OPTION_ARG_FILENAME, &o.restore,
      N_("Replace the clinic by the archive FILE, after backing up the current one"), N_("FILE") },
    { "export-report", 0, 0, G_OPTION_ARG_FILENAME, &x.export_report,
      N_("Write the patient’s consultation report to FILE (PDF)"), N_("FILE") },
    { "export-csv", 0, 0, G_OPTION_ARG_FILENAME, &x.export_csv,
      N_("Write visits, measurements and treatment sessions to FILE (CSV; one patient with --patient; “-” for standard output)"),
      N_("FILE") },
    { "import-csv", 0, 0, G_OPTION_ARG_FILENAME, &x.import_csv,
      N_("Import patients, visits and sessions from FILE (CSV)"), N_("FILE") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &x.dry_run,
      N_("With --import-csv: show what would be imported, write nothing"), NULL },
    { "share", 0, 0, G_OPTION_ARG_FILENAME, &x.share,
      N_("Write the patient’s records and photos to FILE.follicle, to hand to the patient"), N_("FILE") },
    { "include-notes", 0, 0, G_OPTION_ARG_NONE, &x.include_notes,
      N_("With --share, --export-report or --export-reports: include the clinician’s notes, "
         "left out otherwise"), NULL },
    { "open-share", 0, 0, G_OPTION_ARG_FILENAME, &o.open_share,
      N_("With --summary: read the patient file FILE.follicle instead of the clinic"), N_("FILE") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &o.passphrase_file,
      N_("With --share or --backup: protect the file with the passphrase on the first line of PATH; "
         "with --restore or --open-share: the passphrase of a protected file"), N_("PATH") },
    { "count-hairs", 0, 0, G_OPTION_ARG_FILENAME, &hx.photo,
      N_("Suggest hair marks on a trichoscopy photo and print the count"), N_("PHOTO") },
    { "px-per-mm", 0, 0, G_OPTION_ARG_STRING, &hx.px_per_mm,
      N_("With --count-hairs: the photo's pixels per millimetre"), N_("N") },
    { "field", 0, 0, G_OPTION_ARG_STRING, &hx.field,
      N_("With --count-hairs: the counted field in pixels"), N_("X,Y,W,H") },
    { "outcomes", 0, 0, G_OPTION_ARG_NONE, &show_outcomes,
      N_("Print outcomes across the clinic per treatment: change from baseline at 3, 6 and "
         "12 months, responders and adverse events (with --measurement and --region)"), NULL },
    { "export-outcomes", 0, 0, G_OPTION_ARG_FILENAME, &outcomes.export_path,
      N_("Write the clinic outcomes to FILE: .pdf a report page with the chart, .csv the table"),
      N_("FILE") },
    { "treatment", 0, 0, G_OPTION_ARG_STRING, &outcomes.treatment,
      N_("With --outcomes: only this treatment type, e.g. prp"), N_("TYPE") },
    { "diagnosis", 0, 0, G_OPTION_ARG_STRING, &outcomes.diagnosis,
      N_("With --outcomes: only patients with this diagnosis, e.g. androgenetic_alopecia"),
      N_("CODE") },
    { "sex", 0, 0, G_OPTION_ARG_STRING, &outcomes.sex,
      N_("With --outcomes: only patients of this sex, e.g. female"), N_("CODE") },
    { "age", 0, 0, G_OPTION_ARG_STRING, &outcomes.age_band,
      N_("With --outcomes: only this age at the first session: under-30, 30-44, 45-59, 60-plus"),
      N_("BAND") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &outcomes.group_by,
      N_("With --outcomes or --export-outcomes: group by treatment (the default) or by protocol, "
         "with adherence"), N_("GROUPING") },
    { "due", 0, 0, G_OPTION_ARG_NONE, &show_due,
      N_("Print the protocol sessions and visits due within a week or overdue, across the "
         "clinic"), NULL },
    { "plan", 0, 0, G_OPTION_ARG_STRING, &plan_patient,
      N_("Print the treatment plan of a patient: each step, its planned date and whether it "
         "is done, due or overdue"), N_("ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("With --count-hairs, --outcomes, --due or --plan: print JSON"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &o.version,
      N_("Show the version and exit"), NULL },
    { "gapplication-service", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &o.service,
      NULL, NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.files, NULL, N_("[FILE…]") },
    { NULL }
  };

  g_return_val_if_fail (out_gui != NULL, EXIT_USAGE);
  *out_gui = NULL;

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Track hair-regrowth treatment, region by region."));
  g_option_context_set_description (context,
    _("Without a command, opens the window. Exit status: 0 on success, 1 when the command "
      "failed, 2 when the arguments are wrong."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  /* parse_strv frees the arguments it consumes; parse() would leak them. */
  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      status = usage_error (error->message);
      goto out;
    }
  x.passphrase_file = o.passphrase_file;
  hx.json = json;
  outcomes.json = json;

  if (o.threshold != NULL)
    {
      double threshold = FOL_THRESHOLD_DEFAULT;

      if (!fol_threshold_parse (o.threshold, &threshold, &error))
        {
          status = usage_error (error->message);
          goto out;
        }
      if (!o.summary && o.export_chart == NULL && export_charts == NULL &&
          export_reports == NULL && x.export_report == NULL && !show_outcomes &&
          outcomes.export_path == NULL)
        {
          status = usage_error (_("--threshold goes with --summary, --export-chart, "
                                  "--export-charts, --export-report or --export-reports"));
          goto out;
        }
      fol_threshold_set_override (threshold);
    }

  if (o.version)
    {
      g_print ("follicle %s\n", PACKAGE_VERSION);
      status = EXIT_OK;
    }
  else if (o.passphrase_file != NULL && x.share == NULL && o.backup == NULL && o.restore == NULL &&
           o.open_share == NULL)
    {
      status = usage_error (_("--passphrase-file goes with --share, --backup, --restore or "
                              "--open-share"));
    }
  else if (x.include_notes && x.share == NULL && x.export_report == NULL && export_reports == NULL)
    {
      status = usage_error (_("--include-notes goes with --share, --export-report or "
                              "--export-reports"));
    }
  else if (show_due && plan_patient != NULL)
    {
      status = usage_error (_("--due and --plan go one at a time"));
    }
  else if (show_due || plan_patient != NULL)
    {
      status = fol_cli_plans_run (o.database, plan_patient, json);
    }
  else if (show_outcomes || outcomes.export_path != NULL)
    {
      status = fol_cli_outcomes_run (&outcomes, o.database, o.measurement, o.region);
    }
  else if (outcomes.treatment != NULL || outcomes.diagnosis != NULL || outcomes.sex != NULL ||
           outcomes.age_band != NULL || outcomes.group_by != NULL)
    {
      status = usage_error (_("--treatment, --diagnosis, --sex and --age go with --outcomes"));
    }
  else if ((o.visit != NULL || o.region != NULL) && !o.add_photos)
    {
      status = usage_error (_("--visit and --region go with --add-photos"));
    }
  else if ((hx.px_per_mm != NULL || hx.field != NULL) && hx.photo == NULL)
    {
      status = usage_error (_("--px-per-mm and --field go with --count-hairs"));
    }
  else if (json && hx.photo == NULL)
    {
      status = usage_error (_("--json goes with --count-hairs, --outcomes, --due or --plan"));
    }
  else if (hx.photo != NULL)
    {
      status = fol_cli_count_hairs (&hx);
    }
  else if (o.add_photos)
    {
      status = fol_cli_add_photos (o.database, o.patient, o.visit, o.region,
                                   (const char * const *) o.files);
    }
  else if (o.backup != NULL)
    {
      status = cmd_backup (&o);
    }
  else if (o.restore != NULL)
    {
      status = cmd_restore (&o);
    }
  else if (o.list_patients)
    {
      status = cmd_list_patients (&o);
    }
  else if (o.open_share != NULL)
    {
      if (!o.summary)
        status = usage_error (_("--open-share FILE goes with --summary"));
      else if (o.patient != NULL)
        status = usage_error (_("--open-share reads the patient of the file, not --patient"));
      else
        status = cmd_share_summary (&o);
    }
  else if (o.summary)
    {
      if (o.patient == NULL)
        status = usage_error (_("--summary needs --patient ID"));
      else
        status = cmd_summary (&o);
    }
  else if (export_charts)
    {
      status = fol_cli_export_charts (o.database, export_charts, o.measurement, o.format, o.size,
                                      o.regions);
    }
  else if (export_reports)
    {
      status = fol_cli_export_reports (o.database, export_reports, x.include_notes);
    }
  else if (o.export_chart)
    {
      if (o.patient == NULL)
        status = usage_error (_("--export-chart needs --patient ID"));
      else
        status = cmd_export_chart (&o);
    }
  else if (fol_cli_exchange_run (&x, o.database, o.patient, &status))
    {
    }
  else if (o.patient != NULL)
    {
      status = usage_error (_("--patient needs a command, such as --summary or --export-chart"));
    }
  else
    {
      gboolean has_display = g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL;

      if (o.demo)
        {
          status = cmd_demo (&o);
          /* Without a display, making the demo clinic is all there is to do. */
          if (status != EXIT_OK || !has_display)
            goto out;
          status = -1;
        }

      *out_gui = g_new0 (FolCliGuiRequest, 1);
      (*out_gui)->database = g_steal_pointer (&o.database);
      (*out_gui)->files = g_steal_pointer (&o.files);
      (*out_gui)->demo = o.demo;
      (*out_gui)->service = o.service;
    }

out:
  fol_threshold_set_override (NAN);
  options_clear (&o);
  fol_cli_exchange_clear (&x);
  fol_cli_hairs_clear (&hx);
  fol_cli_outcomes_clear (&outcomes);
  return status;
}
