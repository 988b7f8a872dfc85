/* fol-batch-export-dialog.c
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

#define G_LOG_DOMAIN "fol-batch-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "fol-batch-export-dialog.h"

/* The modal window shown while every patient's chart or report is written:
 * what is being written, how far it is, and Cancel (Escape too). It shows
 * the progress it is given; the export itself runs elsewhere and watches
 * the dialog's cancellable. Closing the dialog cancels the export.
 */

struct _FolBatchExportDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkLabel       *description_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *status_label;
  GtkButton      *cancel_button;

  /* Owned */
  GCancellable   *cancellable;
  FolBatchExportKind kind;
};

G_DEFINE_FINAL_TYPE (FolBatchExportDialog, fol_batch_export_dialog, ADW_TYPE_WINDOW)

static void
cancel (FolBatchExportDialog *self)
{
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.cancel", FALSE);
  gtk_label_set_label (self->status_label, _("Cancelling…"));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  cancel (FOL_BATCH_EXPORT_DIALOG (widget));
}

/* The window stays until the export has stopped; whoever runs it closes it. */
static gboolean
fol_batch_export_dialog_close_request (GtkWindow *window)
{
  cancel (FOL_BATCH_EXPORT_DIALOG (window));
  return TRUE;
}

static void
fol_batch_export_dialog_dispose (GObject *object)
{
  FolBatchExportDialog *self = FOL_BATCH_EXPORT_DIALOG (object);

  /* Gone with its parent window: nobody is left to show the result. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), FOL_TYPE_BATCH_EXPORT_DIALOG);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (fol_batch_export_dialog_parent_class)->dispose (object);
}

static void
fol_batch_export_dialog_class_init (FolBatchExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = fol_batch_export_dialog_dispose;
  window_class->close_request = fol_batch_export_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fol-batch-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FolBatchExportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, FolBatchExportDialog, description_label);
  gtk_widget_class_bind_template_child (widget_class, FolBatchExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FolBatchExportDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, FolBatchExportDialog, cancel_button);

  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
}

static void
fol_batch_export_dialog_init (FolBatchExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * fol_batch_export_dialog_new:
 * @kind: charts (total density, PNG, the default size) or reports
 *
 * Returns: (transfer none): the dialog, modal over @parent; close it with
 *   gtk_window_destroy()
 */
GtkWidget *
fol_batch_export_dialog_new (GtkWindow          *parent,
                             FolBatchExportKind  kind)
{
  FolBatchExportDialog *self;
  const char *title;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (FOL_TYPE_BATCH_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->kind = kind;

  if (kind == FOL_BATCH_EXPORT_REPORTS)
    {
      title = _("Exporting All Reports");
      gtk_label_set_label (self->description_label,
                           _("Each patient’s consultation report, as a PDF document."));
    }
  else
    {
      title = _("Exporting All Charts");
      gtk_label_set_label (self->description_label,
                           _("Each patient’s total density chart, "
                             "as a PNG image of 1600 × 1000 pixels."));
    }
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);

  return GTK_WIDGET (self);
}

/**
 * fol_batch_export_dialog_get_cancellable:
 *
 * Returns: (transfer none): cancelled by Cancel, Escape or closing
 */
GCancellable *
fol_batch_export_dialog_get_cancellable (FolBatchExportDialog *self)
{
  g_return_val_if_fail (FOL_IS_BATCH_EXPORT_DIALOG (self), NULL);
  return self->cancellable;
}

void
fol_batch_export_dialog_set_progress (FolBatchExportDialog *self,
                                      guint                 done,
                                      guint                 total)
{
  g_autofree char *status = NULL;

  g_return_if_fail (FOL_IS_BATCH_EXPORT_DIALOG (self));
  g_return_if_fail (done <= total);

  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0.0);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  /* Translators: the numbers of patients done and in all, e.g. "Exporting 123 of 10,000…" */
  status = g_strdup_printf (_("Exporting %'u of %'u…"), MIN (done + 1, total), total);
  gtk_label_set_label (self->status_label, status);
}

/**
 * fol_batch_export_dialog_get_status:
 *
 * Returns: the line under the progress bar, e.g. "Exporting 3 of 12…"
 */
const char *
fol_batch_export_dialog_get_status (FolBatchExportDialog *self)
{
  g_return_val_if_fail (FOL_IS_BATCH_EXPORT_DIALOG (self), NULL);
  return gtk_label_get_label (self->status_label);
}
