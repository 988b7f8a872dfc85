/* fol-batch-export.c
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

#define G_LOG_DOMAIN "fol-batch-export"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fol-batch-export.h"
#include "fol-file-writer.h"
#include "fol-i18n.h"
#include "fol-report.h"
#include "fol-summary.h"
#include "fol-threshold.h"

/* Every patient's progress chart, or consultation report, into one folder.
 * Patients are handed out one at a time to a pool of workers, each with
 * its own reader of the clinic (fol_store_open_reader()), so a long history never holds up the rest
 * and all cores draw. Each file is written under a temporary name and
 * renamed (see fol_chart_export() and fol_report_write()), so an
 * interrupted run leaves whole files only.
 */

#define MAX_FILE_NAME 100

typedef struct
{
  char *patient_id;
  char *file;
} Job;

typedef struct
{
  FolStore                    *store;
  const FolBatchExportOptions *options;
  GCancellable                *cancellable;
  GMainContext                *context;
  GPtrArray                   *jobs;

  int next;          /* atomic: the next job to take */
  int done;          /* atomic */
  int written;       /* atomic */
  int workers_left;  /* atomic */
  int stopped;       /* atomic: a FolBatchExportStop, the first one met */

  GMutex     lock;
  GPtrArray *failures;
} Batch;

static void
job_free (Job *job)
{
  g_free (job->patient_id);
  g_free (job->file);
  g_free (job);
}

/* The endings of every file a batch writes, charts and reports alike. */
static const char * const batch_suffixes[] = { ".png", ".svg", ".pdf", NULL };

static const char *
format_extension (FolChartFormat format)
{
  switch (format)
    {
    case FOL_CHART_FORMAT_SVG:
      return "svg";
    case FOL_CHART_FORMAT_PDF:
      return "pdf";
    case FOL_CHART_FORMAT_PNG:
    case FOL_CHART_FORMAT_AUTO:
    default:
      return "png";
    }
}

/* Letters, digits, '-' and '.' as they are; anything else, runs of it
 * included, becomes one '_'.
 */
static void
append_safe (GString    *out,
             const char *text,
             gsize       max_len)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  gsize start = out->len;

  for (const char *c = ascii; *c != '\0' && out->len - start < max_len; c++)
    {
      if (g_ascii_isalnum (*c) || *c == '-' || *c == '.')
        g_string_append_c (out, *c);
      else if (out->len > start && out->str[out->len - 1] != '_')
        g_string_append_c (out, '_');
    }

  /* No trailing dot or separator: some file systems drop or refuse them. */
  while (out->len > start && (out->str[out->len - 1] == '_' || out->str[out->len - 1] == '.'))
    g_string_truncate (out, out->len - 1);
}

/**
 * fol_batch_export_file_name:
 *
 * The patient's name comes first, so that a folder of exports sorts as
 * the patient list does, then the start of the ID, which tells apart two
 * patients of the same name.
 *
 * Returns: (transfer full): `<name>-<ID prefix>.<ext>`, in ASCII letters,
 *   digits, '-', '_' and '.', never starting with '.', '-' or '_' (a hidden
 *   file, an option), at most 100 bytes: a name any file system and any
 *   archive tool accepts
 */
char *
fol_batch_export_file_name (const char     *patient_id,
                            const char     *name,
                            FolChartFormat  format)
{
  const char *ext = format_extension (format);
  g_autoptr(GString) id = g_string_new (NULL);
  GString *out = g_string_new (NULL);
  gsize skip = 0;

  g_return_val_if_fail (patient_id != NULL, NULL);

  append_safe (id, patient_id, 8);
  if (id->len == 0)
    g_string_append (id, "patient");

  if (name != NULL)
    {
      append_safe (out, name, MAX_FILE_NAME - id->len - 1 - strlen (ext) - 1);
      while (skip < out->len && strchr ("._-", out->str[skip]) != NULL)
        skip++;
      g_string_erase (out, 0, skip);
    }
  if (out->len > 0)
    g_string_append_c (out, '-');
  g_string_append_len (out, id->str, id->len);
  g_string_append_printf (out, ".%s", ext);
  return g_string_free (out, FALSE);
}

void
fol_batch_export_options_init (FolBatchExportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->measure = FOL_MEASURE_TOTAL_DENSITY;
  options->format = FOL_CHART_FORMAT_PNG;
  options->width = 1600;
  options->height = 1000;
  options->scale = 1.0;
  options->paper = FOL_PAPER_A4;
}

void
fol_batch_export_result_clear (FolBatchExportResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->failures, g_ptr_array_unref);
  memset (result, 0, sizeof *result);
}

/**
 * fol_batch_export_stop_reason:
 *
 * Returns: (nullable): why a batch stopped, translated, as the end of a
 *   sentence ("the disk is full"); %NULL when it did not
 */
const char *
fol_batch_export_stop_reason (FolBatchExportStop stop)
{
  switch (stop)
    {
    case FOL_BATCH_EXPORT_STOP_DISK_FULL:
      return _("the disk is full");
    case FOL_BATCH_EXPORT_STOP_NONE:
    default:
      return NULL;
    }
}

static void
add_failure (Batch      *batch,
             const char *patient_id,
             const char *message)
{
  g_mutex_lock (&batch->lock);
  g_ptr_array_add (batch->failures, g_strdup_printf ("%s: %s", patient_id, message));
  g_mutex_unlock (&batch->lock);
}

static FolChartFormat
file_format (const FolBatchExportOptions *options)
{
  return options->kind == FOL_BATCH_EXPORT_REPORTS ? FOL_CHART_FORMAT_PDF : options->format;
}

static gboolean
export_one (FolStore  *store,
            Batch     *batch,
            Job       *job,
            GError   **error)
{
  const FolBatchExportOptions *o = batch->options;
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolChartData) data = NULL;

  /* A report takes long enough that Ctrl+C should not wait for it: it is
   * abandoned, and its temporary file removed, at the next page.
   */
  if (o->kind == FOL_BATCH_EXPORT_REPORTS)
    return fol_report_write (store, job->patient_id, job->file, o->paper,
                             o->include_notes ? FOL_REPORT_INCLUDE_NOTES : FOL_REPORT_FLAGS_NONE,
                             batch->cancellable, NULL, NULL, error);

  history = fol_store_load_history (store, job->patient_id, error);
  if (history == NULL)
    return FALSE;

  data = fol_progress_chart_new (history, o->measure, o->regions, o->flags,
                                 fol_threshold_in_effect (NULL));
  return fol_chart_export (data, job->file, o->format, o->width, o->height, o->scale,
                           o->paper, error);
}

/* One worker's share: the reader it alone uses, opened by the calling
 * thread (or why it could not be).
 */
typedef struct
{
  Batch    *batch;
  FolStore *store;
  GError   *error;
} Worker;

/* A failure of the folder's disk, not of one patient's file: every
 * file after would fail the same way, so none is started.
 */
static FolBatchExportStop
stop_for (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    return FOL_BATCH_EXPORT_STOP_DISK_FULL;
  return FOL_BATCH_EXPORT_STOP_NONE;
}

static gpointer
worker (gpointer data)
{
  Worker *w = data;
  Batch *batch = w->batch;
  FolStore *store = w->store;

  for (;;)
    {
      guint index;
      Job *job;

      if (g_cancellable_is_cancelled (batch->cancellable) ||
          g_atomic_int_get (&batch->stopped) != FOL_BATCH_EXPORT_STOP_NONE)
        break;

      index = (guint) g_atomic_int_add (&batch->next, 1);
      if (index >= batch->jobs->len)
        break;
      job = g_ptr_array_index (batch->jobs, index);

      if (store == NULL)
        add_failure (batch, job->patient_id, w->error->message);
      else
        {
          g_autoptr(GError) local = NULL;

          if (export_one (store, batch, job, &local))
            g_atomic_int_inc (&batch->written);
          else if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              add_failure (batch, job->patient_id, local->message);
              g_atomic_int_compare_and_exchange (&batch->stopped, FOL_BATCH_EXPORT_STOP_NONE,
                                                 stop_for (local));
            }
        }

      g_atomic_int_inc (&batch->done);
      g_main_context_wakeup (batch->context);
    }

  g_atomic_int_dec_and_test (&batch->workers_left);
  g_main_context_wakeup (batch->context);
  return NULL;
}

static GPtrArray *
list_jobs (FolStore                     *store,
           const char                   *dir,
           const FolBatchExportOptions  *options,
           GError                      **error)
{
  g_autoptr(GListModel) patients = NULL;
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
  guint n;

  patients = fol_store_list_patients (store, NULL, error);
  if (patients == NULL)
    return NULL;

  n = g_list_model_get_n_items (patients);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FolPatient) patient = g_list_model_get_item (patients, i);
      const char *id = fol_patient_get_id (patient);
      g_autofree char *name = NULL;
      Job *job;

      if (id == NULL)
        continue;  /* deleted meanwhile */

      name = fol_batch_export_file_name (id, fol_patient_get_name (patient), file_format (options));
      /* Two patients with the same name and ID prefix are numbered. */
      if (g_hash_table_contains (used, name))
        {
          const char *ext = format_extension (file_format (options));
          gsize stem = strlen (name) - strlen (ext) - 1;
          g_autofree char *first = g_steal_pointer (&name);

          for (guint k = 2; name == NULL || g_hash_table_contains (used, name); k++)
            {
              g_autofree char *suffix = g_strdup_printf ("-%u.%s", k, ext);

              g_free (name);
              name = g_strdup_printf ("%.*s%s", (int) MIN (stem, MAX_FILE_NAME - strlen (suffix)),
                                      first, suffix);
            }
        }
      g_hash_table_add (used, g_strdup (name));

      job = g_new0 (Job, 1);
      job->patient_id = g_strdup (id);
      job->file = g_build_filename (dir, name, NULL);
      g_ptr_array_add (jobs, job);
    }

  return g_steal_pointer (&jobs);
}

/**
 * fol_batch_export:
 * @store: the clinic; used from the calling thread only, to list the
 *   patients and to open a reader (fol_store_open_reader()) per worker
 * @dir: the folder for the charts; created if needed
 * @progress: (nullable): called after each patient
 * @result: (out caller-allocates): counts and failures; clear it with
 *   fol_batch_export_result_clear()
 *
 * Writes every patient's progress chart (or, with
 * %FOL_BATCH_EXPORT_REPORTS, consultation report) into @dir, named by
 * fol_batch_export_file_name(). One patient's failure is recorded in
 * @result and the others go on. While the workers draw, the calling
 * thread runs its thread-default main context, so a signal source
 * attached there can cancel @cancellable; charts begun are then finished,
 * reports begun are abandoned without a trace, no new file is started.
 * A file refused for want of space stops the batch the same way
 * (@result's stopped says why): the files begun meet the same disk, the
 * rest are not started.
 *
 * Returns: %FALSE with @error set only when nothing could be started (no
 *   clinic, no folder); per-patient failures are in @result
 */
gboolean
fol_batch_export (FolStore                     *store,
                  const char                   *dir,
                  const FolBatchExportOptions  *options,
                  GCancellable                 *cancellable,
                  FolBatchExportProgress        progress,
                  gpointer                      user_data,
                  FolBatchExportResult         *result,
                  GError                      **error)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  g_autofree Worker *workers = NULL;
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  Batch batch = { 0 };
  guint n_workers;
  guint reported = 0;

  g_return_val_if_fail (FOL_IS_STORE (store), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (options->kind == FOL_BATCH_EXPORT_REPORTS ||
                        options->format != FOL_CHART_FORMAT_AUTO, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (result, 0, sizeof *result);
  result->failures = g_ptr_array_new_with_free_func (g_free);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (errsv));
      return FALSE;
    }

  /* What a batch killed midway left: each worker's unfinished file. */
  fol_file_writer_remove_leftovers (dir, batch_suffixes);

  jobs = list_jobs (store, dir, options, error);
  if (jobs == NULL)
    return FALSE;

  batch.store = store;
  batch.options = options;
  batch.cancellable = cancellable;
  batch.context = context;
  batch.jobs = jobs;
  batch.failures = result->failures;
  g_mutex_init (&batch.lock);

  /* Between charts each worker waits for its file to reach the disk
   * (fol_file_writer_commit()): one worker more than processors keeps them
   * all drawing meanwhile.
   */
  n_workers = options->n_workers ? options->n_workers : (guint) g_get_num_processors () + 1;
  n_workers = CLAMP (n_workers, 1, MAX (jobs->len, 1));
  batch.workers_left = n_workers;

  workers = g_new0 (Worker, n_workers);
  for (guint i = 0; i < n_workers; i++)
    {
      workers[i].batch = &batch;
      workers[i].store = fol_store_open_reader (store, &workers[i].error);
    }
  for (guint i = 0; i < n_workers; i++)
    g_ptr_array_add (threads, g_thread_new ("batch-export", worker, &workers[i]));

  while (g_atomic_int_get (&batch.workers_left) > 0)
    {
      guint done;

      g_main_context_iteration (context, TRUE);
      done = g_atomic_int_get (&batch.done);
      if (progress != NULL && done != reported)
        progress (done, jobs->len, user_data);
      reported = done;
    }

  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  for (guint i = 0; i < n_workers; i++)
    {
      g_clear_object (&workers[i].store);
      g_clear_error (&workers[i].error);
    }

  g_mutex_clear (&batch.lock);

  result->total = jobs->len;
  result->written = g_atomic_int_get (&batch.written);
  result->failed = result->failures->len;
  result->cancelled = g_cancellable_is_cancelled (cancellable);
  result->stopped = g_atomic_int_get (&batch.stopped);
  if (progress != NULL && (guint) batch.done != reported)
    progress (batch.done, jobs->len, user_data);
  return TRUE;
}
