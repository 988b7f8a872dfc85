/* fol-window-batch.c
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

/* File → Export All Charts… and Export All Reports…: every patient into
 * one folder. fol_batch_export() runs in a GTask thread with its own main
 * context, so its worker pool never blocks the window; its progress is
 * passed to the window's main context a few times a second, not once per
 * patient, so 10,000 patients do not flood the main loop.
 */

#define G_LOG_DOMAIN "fol-window-batch"

#include "config.h"

#include <glib/gi18n.h>

#include "fol-batch-export-dialog.h"
#include "fol-due-window.h"
#include "fol-protocols-window.h"
#include "fol-outcomes-window.h"
#include "fol-threshold.h"
#include "fol-window-private.h"

/* Shortest time between two progress updates of the dialog. */
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 5)

/* Shared by the export thread and the main thread. */
typedef struct
{
  GMainContext *main_context;
  GWeakRef      dialog;
  int           done;      /* atomic */
  int           total;     /* atomic */
  int           queued;    /* atomic: an update is on its way */
  gint64        last_sent; /* export thread only */
} Relay;

typedef struct
{
  FolStore              *reader;  /* the export thread's */
  char                  *dir;
  FolBatchExportOptions  options;
  Relay                 *relay;
  GApplication          *app;   /* held while the export runs */
} Job;

static void
relay_clear (Relay *relay)
{
  g_main_context_unref (relay->main_context);
  g_weak_ref_clear (&relay->dialog);
}

static void
relay_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) relay_clear);
}

static void
job_free (Job *job)
{
  relay_unref (job->relay);
  if (job->app != NULL)
    g_application_release (job->app);
  g_clear_object (&job->app);
  g_clear_object (&job->reader);
  g_free (job->dir);
  g_free (job);
}

static void
result_free (FolBatchExportResult *result)
{
  fol_batch_export_result_clear (result);
  g_free (result);
}

/* Main thread */
static gboolean
show_progress_cb (gpointer data)
{
  Relay *relay = data;
  g_autoptr(FolBatchExportDialog) dialog = g_weak_ref_get (&relay->dialog);

  g_atomic_int_set (&relay->queued, 0);
  if (dialog != NULL)
    fol_batch_export_dialog_set_progress (dialog, (guint) g_atomic_int_get (&relay->done),
                                          (guint) g_atomic_int_get (&relay->total));
  return G_SOURCE_REMOVE;
}

/* Export thread, after each patient */
static void
progress_cb (guint    done,
             guint    total,
             gpointer data)
{
  Relay *relay = data;
  gint64 now = g_get_monotonic_time ();

  g_atomic_int_set (&relay->done, (int) done);
  g_atomic_int_set (&relay->total, (int) total);

  if (done < total && now - relay->last_sent < PROGRESS_INTERVAL_US)
    return;
  if (!g_atomic_int_compare_and_exchange (&relay->queued, 0, 1))
    return;

  relay->last_sent = now;
  g_main_context_invoke_full (relay->main_context, G_PRIORITY_DEFAULT, show_progress_cb,
                              g_atomic_rc_box_acquire (relay), relay_unref);
}

static void
export_thread_cb (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  FolBatchExportResult *result = g_new0 (FolBatchExportResult, 1);
  gboolean ok;

  /* fol_batch_export() waits on the thread-default context: this
   * thread's own, never the window's.
   */
  g_main_context_push_thread_default (context);
  ok = fol_batch_export (job->reader, job->dir, &job->options, cancellable,
                         progress_cb, job->relay, result, &error);
  g_main_context_pop_thread_default (context);

  if (ok)
    g_task_return_pointer (task, result, (GDestroyNotify) result_free);
  else
    {
      result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
    }
}

static char *
result_message (FolBatchExportKind          kind,
                const FolBatchExportResult *result)
{
  g_autofree char *written = NULL;

  /* Cancelled: what was written stays, and the toast says how much. */
  if (result->cancelled && kind == FOL_BATCH_EXPORT_REPORTS)
    return g_strdup_printf (ngettext ("Export cancelled; %'u report was written",
                                      "Export cancelled; %'u reports were written",
                                      result->written),
                            result->written);
  if (result->cancelled)
    return g_strdup_printf (ngettext ("Export cancelled; %'u chart was written",
                                      "Export cancelled; %'u charts were written",
                                      result->written),
                            result->written);

  /* Stopped by the disk: why, and how much was written before. */
  if (result->stopped != FOL_BATCH_EXPORT_STOP_NONE && kind == FOL_BATCH_EXPORT_REPORTS)
    /* Translators: %s is why, e.g. "the disk is full" */
    return g_strdup_printf (ngettext ("Export stopped: %s; %'u report was written",
                                      "Export stopped: %s; %'u reports were written",
                                      result->written),
                            fol_batch_export_stop_reason (result->stopped), result->written);
  if (result->stopped != FOL_BATCH_EXPORT_STOP_NONE)
    /* Translators: %s is why, e.g. "the disk is full" */
    return g_strdup_printf (ngettext ("Export stopped: %s; %'u chart was written",
                                      "Export stopped: %s; %'u charts were written",
                                      result->written),
                            fol_batch_export_stop_reason (result->stopped), result->written);

  if (kind == FOL_BATCH_EXPORT_REPORTS)
    written = g_strdup_printf (ngettext ("Exported %'u report", "Exported %'u reports",
                                         result->written),
                               result->written);
  else
    written = g_strdup_printf (ngettext ("Exported %'u chart", "Exported %'u charts",
                                         result->written),
                               result->written);
  if (result->failed == 0)
    return g_steal_pointer (&written);

  /* Translators: appended to "Exported 9,998 charts" */
  return g_strdup_printf (ngettext ("%s; %'u failed", "%s; %'u failed", result->failed),
                          written, result->failed);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *res,
                gpointer      user_data)
{
  FolWindow *self = FOL_WINDOW (object);
  GtkWidget *dialog = user_data;
  GTask *task = G_TASK (res);
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  FolBatchExportResult *result = g_task_propagate_pointer (task, &error);
  g_autofree char *message = NULL;

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);

  /* The window was closed meanwhile. */
  if (self->toast_overlay == NULL)
    {
      g_clear_pointer (&result, result_free);
      return;
    }

  if (result == NULL)
    {
      GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (self), _("Nothing Was Exported"),
                                                 error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (alert));
      return;
    }

  /* The toast says how many; which ones failed, and why, goes to the log. */
  for (guint i = 0; i < result->failures->len; i++)
    g_message ("%s", (const char *) g_ptr_array_index (result->failures, i));

  message = result_message (job->options.kind, result);
  {
    AdwToast *toast = adw_toast_new (message);
    g_autoptr(GFile) dir = g_file_new_for_path (job->dir);
    g_autofree char *uri = g_file_get_uri (dir);

    if (result->written > 0)
      {
        adw_toast_set_button_label (toast, _("_Open Folder"));
        adw_toast_set_action_name (toast, "win.open-folder");
        adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
      }
    /* Failures must not go unnoticed: the toast stays until dismissed. */
    if (result->failed > 0)
      adw_toast_set_timeout (toast, 0);
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
  }

  g_free (self->batch_message);
  self->batch_message = g_steal_pointer (&message);
  result_free (result);
}

/**
 * _fol_window_export_all_to:
 * @dir: the folder, created if needed
 *
 * Writes every patient's chart (total density, PNG, 1600 × 1000) or
 * report into @dir, with the progress dialog; the toast tells the result.
 * The folder chooser's answer comes here, and so do the tests.
 *
 * Returns: (transfer none) (nullable): the progress dialog, until the
 *   export is over
 */
GtkWidget *
_fol_window_export_all_to (FolWindow          *self,
                           FolBatchExportKind  kind,
                           const char         *dir)
{
  g_autoptr(GTask) task = NULL;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(FolStore) reader = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  Job *job;

  g_return_val_if_fail (FOL_IS_WINDOW (self), NULL);
  g_return_val_if_fail (dir != NULL, NULL);

  /* A patient deleted a moment ago, still undoable, is not exported. */
  _fol_window_flush_pending (self);
  g_clear_pointer (&self->batch_message, g_free);

  /* The export thread reads on its own, never through the window's store. */
  reader = fol_store_open_reader (self->store, &error);
  if (reader == NULL)
    {
      GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (self), _("Nothing Was Exported"),
                                                 error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (alert));
      return NULL;
    }

  dialog = fol_batch_export_dialog_new (GTK_WINDOW (self), kind);

  job = g_new0 (Job, 1);
  job->reader = g_steal_pointer (&reader);
  job->dir = g_strdup (dir);
  fol_batch_export_options_init (&job->options);
  job->options.kind = kind;
  job->options.paper = fol_paper_size_for_locale ();
  job->relay = g_atomic_rc_box_new0 (Relay);
  job->relay->main_context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&job->relay->dialog, dialog);

  /* The application stays until the files begun are finished. */
  if (app != NULL)
    {
      job->app = G_APPLICATION (g_object_ref (app));
      g_application_hold (job->app);
    }

  task = g_task_new (self,
                     fol_batch_export_dialog_get_cancellable (FOL_BATCH_EXPORT_DIALOG (dialog)),
                     export_done_cb, g_object_ref (dialog));
  g_task_set_source_tag (task, _fol_window_export_all_to);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  /* Cancelled, the export still returns what it wrote. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, export_thread_cb);

  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* Actions */

typedef struct
{
  FolWindow          *self;
  FolBatchExportKind  kind;
} Chooser;

static void
folder_chosen_cb (GtkNativeDialog *native,
                  int              response,
                  Chooser         *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        _fol_window_export_all_to (chooser->self, chooser->kind, path);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (chooser->self);
  g_free (chooser);
}

/* GTK 4.8 has no GtkFileDialog: GtkFileChooserNative picks the folder. */
static void
choose_folder (FolWindow          *self,
               FolBatchExportKind  kind)
{
  GtkFileChooserNative *native;
  Chooser *chooser;
  const char *title = kind == FOL_BATCH_EXPORT_REPORTS ? _("Export All Reports")
                                                       : _("Export All Charts");

  native = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Export Here"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  chooser = g_new0 (Chooser, 1);
  chooser->self = g_object_ref (self);
  chooser->kind = kind;
  g_signal_connect (native, "response", G_CALLBACK (folder_chosen_cb), chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
export_all_charts_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  choose_folder (FOL_WINDOW (widget), FOL_BATCH_EXPORT_CHARTS);
}

static void
export_all_reports_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  choose_folder (FOL_WINDOW (widget), FOL_BATCH_EXPORT_REPORTS);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  /* GTK 4.8 has no GtkFileLauncher. */
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (param, NULL), GDK_CURRENT_TIME);
}

/* Outcomes across the whole clinic, in a window of their own. */
static void
outcomes_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);
  FolOutcomesWindow *outcomes;

  if (self->store == NULL)
    return;
  outcomes = fol_outcomes_window_new (GTK_WINDOW (self), self->store,
                                      fol_threshold_in_effect (self->settings));
  gtk_window_present (GTK_WINDOW (outcomes));
}

/* The window of @type this one opened, if it is still open: opening it
 * again brings that one forward instead of a second copy.
 */
static GtkWindow *
find_own_window (FolWindow *self,
                 GType      type)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  for (GList *l = application ? gtk_application_get_windows (application) : NULL; l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) &&
        gtk_window_get_transient_for (l->data) == GTK_WINDOW (self))
      return l->data;
  return NULL;
}

/* What is due across the clinic under its protocols, for the reception. */
static void
due_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);
  GtkWindow *due;

  if (self->store == NULL)
    return;
  due = find_own_window (self, FOL_TYPE_DUE_WINDOW);
  if (due == NULL)
    due = GTK_WINDOW (fol_due_window_new (GTK_WINDOW (self), self->store));
  gtk_window_present (due);
}

/* The clinic's treatment protocols, to define, edit and delete. */
static void
protocols_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);
  GtkWindow *protocols;

  if (self->store == NULL)
    return;
  protocols = find_own_window (self, FOL_TYPE_PROTOCOLS_WINDOW);
  if (protocols == NULL)
    protocols = GTK_WINDOW (fol_protocols_window_new (GTK_WINDOW (self), self->store));
  gtk_window_present (protocols);
}

void
_fol_window_batch_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.protocols", NULL, protocols_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_M, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.protocols", NULL);
  gtk_widget_class_install_action (widget_class, "win.due", NULL, due_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_L, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.due", NULL);
  gtk_widget_class_install_action (widget_class, "win.outcomes", NULL, outcomes_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_O, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.outcomes", NULL);
  gtk_widget_class_install_action (widget_class, "win.export-all-charts", NULL,
                                   export_all_charts_action);
  gtk_widget_class_install_action (widget_class, "win.export-all-reports", NULL,
                                   export_all_reports_action);
  gtk_widget_class_install_action (widget_class, "win.open-folder", "s", open_folder_action);
}
