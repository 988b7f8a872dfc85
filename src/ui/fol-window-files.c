/* fol-window-files.c
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

/* The window's actions that take a patient's records elsewhere: review
 * with the patient, the consultation report, the patient's own copy, and
 * spreadsheets (CSV).
 */

#define G_LOG_DOMAIN "fol-window-files"

#include "config.h"

#include <glib/gi18n.h>

#include "fol-csv.h"
#include "fol-passphrase-dialog.h"
#include "fol-patient-file.h"
#include "fol-progress.h"
#include "fol-report.h"
#include "fol-review-window.h"
#include "fol-window-private.h"

typedef void (*ChosenFunc) (FolWindow  *self,
                            const char *path,
                            gboolean    include_notes);

/* The file chooser's switch for what goes beyond the patient's records. */
#define NOTES_CHOICE "include-notes"
/* The file chooser's switch for a passphrase. */
#define PROTECT_CHOICE "protect"

typedef struct
{
  FolWindow *self;
  ChosenFunc func;
  ChosenFunc protected_func;  /* when the passphrase switch is offered and on */
} Chooser;

#define CHOOSER_KEY "fol-chooser"

/* Does what was chosen (@path, or nothing), then lets the dialog go. */
static void
chooser_finish (GtkNativeDialog *dialog,
                Chooser         *chooser,
                const char      *path)
{
  if (path != NULL)
    {
      const char *notes = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), NOTES_CHOICE);
      const char *protect = NULL;

      if (chooser->protected_func != NULL)
        protect = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), PROTECT_CHOICE);
      if (g_strcmp0 (protect, "true") == 0)
        chooser->protected_func (chooser->self, path, g_strcmp0 (notes, "true") == 0);
      else
        chooser->func (chooser->self, path, g_strcmp0 (notes, "true") == 0);
    }

  g_object_set_data (G_OBJECT (dialog), CHOOSER_KEY, NULL);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (chooser->self);
  g_free (chooser);
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     Chooser         *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    path = g_file_get_path (file);
  chooser_finish (dialog, chooser, path);
}

/* Asks for a file with GtkFileChooserNative (GTK 4.8 has no GtkFileDialog). */
static GtkFileChooserNative *
choose_file (FolWindow            *self,
             GtkFileChooserAction  action,
             const char           *title,
             const char           *accept,
             const char           *filter_name,
             const char           *pattern,
             const char           *suggested_name,
             ChosenFunc            func)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  Chooser *chooser = g_new0 (Chooser, 1);

  dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  if (suggested_name != NULL)
    {
      g_autofree char *safe = g_strdup (suggested_name);

      g_strdelimit (safe, "/\\:", '-');
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), safe);
    }

  chooser->self = g_object_ref (self);
  chooser->func = func;
  g_signal_connect (dialog, "response", G_CALLBACK (chooser_response_cb), chooser);
  g_object_set_data (G_OBJECT (dialog), CHOOSER_KEY, chooser);
  return dialog;
}

/* The clinician's notes stay in the clinic unless this is switched on,
 * each time: the switch starts off.
 */
static void
offer_notes (GtkFileChooserNative *dialog)
{
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), NOTES_CHOICE,
                               _("Include clinician notes"), NULL, NULL);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), NOTES_CHOICE, "false");
}

static void
show_chooser (GtkFileChooserNative *dialog)
{
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static const char *
shown_patient (FolWindow *self)
{
  return fol_patient_page_get_patient_id (self->patient_page);
}

static const char *
shown_name (FolWindow *self)
{
  FolHistory *history = fol_patient_page_get_history (self->patient_page);

  return history ? fol_patient_get_name (fol_history_get_patient (history)) : _("Patient");
}

static void
report_error (FolWindow    *self,
              const char   *heading,
              const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
toast (FolWindow  *self,
       const char *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

/* Consultation report */

static void
report_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(FolWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fol_report_write_finish (FOL_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        report_error (self, _("The Report Was Not Written"), error);
      return;
    }

  toast (self, _("Report exported"));
}

static void
report_chosen (FolWindow  *self,
               const char *path,
               gboolean    include_notes)
{
  fol_report_write_async (self->store, shown_patient (self), path, fol_paper_size_for_locale (),
                          include_notes ? FOL_REPORT_INCLUDE_NOTES : FOL_REPORT_FLAGS_NONE,
                          NULL, NULL, NULL, report_written_cb, g_object_ref (self));
  toast (self, _("Writing the report…"));
}

static GtkFileChooserNative *
report_chooser_new (FolWindow *self)
{
  g_autofree char *name = NULL;
  GtkFileChooserNative *dialog;

  /* Translators: default file name of a consultation report */
  name = g_strdup_printf (_("%s – report.pdf"), shown_name (self));
  dialog = choose_file (self, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export Report"), _("_Export"),
                        _("PDF document"), "*.pdf", name, report_chosen);
  offer_notes (dialog);
  return dialog;
}

static void
export_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);

  if (shown_patient (self) == NULL)
    return;

  show_chooser (report_chooser_new (self));
}

/* Share with the patient */

static char *
share_file_name (const char *path)
{
  if (!g_str_has_suffix (path, ".follicle"))
    return g_strconcat (path, ".follicle", NULL);
  return g_strdup (path);
}

static void
share_chosen (FolWindow  *self,
              const char *path,
              gboolean    include_notes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = share_file_name (path);

  if (!fol_patient_file_write (self->store, shown_patient (self), file,
                               include_notes ? FOL_PATIENT_FILE_INCLUDE_NOTES
                                             : FOL_PATIENT_FILE_FLAGS_NONE, &error))
    {
      report_error (self, _("The Patient File Was Not Written"), error);
      return;
    }

  toast (self, _("Patient file written"));
}

typedef struct
{
  FolWindow *self;
  char      *patient_id;
  char      *file;
  gboolean   include_notes;
} ProtectedShare;

static void
protected_share_free (gpointer data)
{
  ProtectedShare *share = data;

  g_object_unref (share->self);
  g_free (share->patient_id);
  g_free (share->file);
  g_free (share);
}

/* Called with a passphrase typed twice alike and strong enough. A file
 * that cannot be written is said like an unprotected one's.
 */
static gboolean
protected_share_write (const char  *passphrase,
                       gpointer     user_data,
                       GError     **error)
{
  ProtectedShare *share = user_data;
  g_autoptr(GError) local_error = NULL;

  if (!fol_patient_file_write_protected (share->self->store, share->patient_id, share->file,
                                         share->include_notes ? FOL_PATIENT_FILE_INCLUDE_NOTES
                                                              : FOL_PATIENT_FILE_FLAGS_NONE,
                                         passphrase, &local_error))
    {
      report_error (share->self, _("The Patient File Was Not Written"), local_error);
      return TRUE;
    }

  toast (share->self, _("Protected patient file written"));
  return TRUE;
}

static void
share_protected_chosen (FolWindow  *self,
                        const char *path,
                        gboolean    include_notes)
{
  ProtectedShare *share = g_new0 (ProtectedShare, 1);

  share->self = g_object_ref (self);
  share->patient_id = g_strdup (shown_patient (self));
  share->file = share_file_name (path);
  share->include_notes = include_notes;
  fol_passphrase_dialog_new (GTK_WINDOW (self), FOL_PASSPHRASE_DIALOG_CHOOSE,
                             _("Protect the Patient File"),
                             _("The file opens only with this passphrase, and any change to it "
                               "is detected. Give the passphrase to the patient in person, "
                               "never with the file. It cannot be recovered if forgotten."),
                             _("_Save"), FALSE, protected_share_write, share,
                             protected_share_free);
}

static GtkFileChooserNative *
share_chooser_new (FolWindow *self)
{
  g_autofree char *name = g_strdup_printf ("%s.follicle", shown_name (self));
  GtkFileChooserNative *dialog;

  Chooser *chooser;

  dialog = choose_file (self, GTK_FILE_CHOOSER_ACTION_SAVE, _("Share with Patient"), _("_Save"),
                        _("Follicle patient file"), "*.follicle", name, share_chosen);
  offer_notes (dialog);
  /* Off unless switched on: the patient's own copy at home may stay
   * unprotected. */
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), PROTECT_CHOICE,
                               _("Protect with a passphrase"), NULL, NULL);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), PROTECT_CHOICE, "false");
  chooser = g_object_get_data (G_OBJECT (dialog), CHOOSER_KEY);
  chooser->protected_func = share_protected_chosen;
  return dialog;
}

static void
share_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);

  if (shown_patient (self) == NULL)
    return;

  show_chooser (share_chooser_new (self));
}

/* Spreadsheets */

static void
csv_export_chosen (FolWindow  *self,
                   const char *path,
                   gboolean    include_notes)
{
  g_autoptr(GError) error = NULL;

  if (!fol_csv_export (self->store, shown_patient (self), path, &error))
    {
      report_error (self, _("The Spreadsheet Was Not Written"), error);
      return;
    }

  toast (self, _("Spreadsheet exported"));
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);
  g_autofree char *name = NULL;

  /* Translators: default file name of a spreadsheet export */
  name = g_strdup_printf (_("%s – measurements.csv"),
                          shown_patient (self) ? shown_name (self) : _("Clinic"));
  show_chooser (choose_file (self, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export Spreadsheet"),
                             _("_Export"), _("CSV spreadsheet"), "*.csv", name, csv_export_chosen));
}

static void
import_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    FolCsvPreview    *preview)
{
  FolWindow *self = FOL_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;
  FolCsvCounts c;

  if (g_strcmp0 (response, "import") != 0 || !fol_csv_preview_has_changes (preview))
    return;

  /* Everything in one transaction, or nothing; and nothing when the
   * clinic no longer matches the preview.
   */
  if (!fol_csv_import_commit (preview, &error))
    {
      report_error (self, _("Nothing Was Imported"), error);
      return;
    }

  fol_csv_preview_get_counts (preview, &c);
  _fol_window_reload_patients (self);
  done = g_strdup_printf (_("Spreadsheet imported: %u records created, %u updated"),
                          c.patients_new + c.visits_new + c.sessions_new,
                          c.patients_updated + c.visits_updated + c.sessions_updated);
  toast (self, done);
}

/* The preview of an import, with Import enabled only when there is
 * something to write.
 */
static GtkWidget *
import_preview_dialog (FolWindow  *self,
                       const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolCsvPreview) preview = fol_csv_import_preview (self->store, path, &error);
  g_autofree char *summary = NULL;
  gboolean changes;
  GtkWidget *dialog;
  GtkWidget *scroller;
  GtkWidget *label;

  if (preview == NULL)
    {
      report_error (self, _("The Spreadsheet Cannot Be Read"), error);
      return NULL;
    }

  /* Nothing is written before the user has seen what would be. */
  summary = fol_csv_preview_to_text (preview);
  changes = fol_csv_preview_has_changes (preview);
  if (changes)
    dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Import Spreadsheet?"),
                                     _("This is what the import would create, update, leave "
                                       "unchanged and refuse. Nothing is written until you "
                                       "import."));
  else
    dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Nothing to Import"),
                                     _("Every row is refused or its records are unchanged: "
                                       "the import would write nothing."));
  label = gtk_label_new (summary);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "monospace");
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 200);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 400);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "import", _("_Import"),
                                    NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "import", changes);
  if (changes)
    {
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "import");
    }
  else
    adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (import_response_cb),
                         g_object_ref (preview), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
csv_import_chosen (FolWindow  *self,
                   const char *path,
                   gboolean    include_notes)
{
  import_preview_dialog (self, path);
}

static void
import_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  show_chooser (choose_file (FOL_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN,
                             _("Import Spreadsheet"), _("_Open"), _("CSV spreadsheet"), "*.csv",
                             NULL, csv_import_chosen));
}

/* Review with the patient */

/* The clinic's window hides while the patient looks, so that no other
 * patient's name is one click away: the application hides every window
 * but the review, and shows them again when the review is left.
 */
static void
review_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  FolWindow *self = FOL_WINDOW (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GtkWidget *review;

  if (shown_patient (self) == NULL || app == NULL)
    return;

  review = fol_review_window_new (app, self->store, shown_patient (self), FALSE);
  gtk_window_present (GTK_WINDOW (review));
}

void
_fol_window_files_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.review", NULL, review_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_P, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.review", NULL);
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL, export_report_action);
  gtk_widget_class_install_action (widget_class, "win.share-patient", NULL, share_action);
  gtk_widget_class_install_action (widget_class, "win.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "win.import-csv", NULL, import_csv_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_R, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-report", NULL);
}

void
_fol_window_files_update_actions (FolWindow *self)
{
  gboolean has_patient = shown_patient (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.review", has_patient);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-report", has_patient);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.share-patient", has_patient);
}

/* For tests: the same work as the dialogs, with a path. */
void
_fol_window_export_report_to (FolWindow  *self,
                              const char *path)
{
  report_chosen (self, path, FALSE);
}

void
_fol_window_share_to (FolWindow  *self,
                      const char *path)
{
  share_chosen (self, path, FALSE);
}

/* For tests: the dialogs' file choosers, not shown, to read and set their
 * switches; they answer as the shown ones do, and go on their response.
 */
GtkFileChooser *
_fol_window_share_chooser_new (FolWindow *self)
{
  return GTK_FILE_CHOOSER (share_chooser_new (self));
}

GtkFileChooser *
_fol_window_report_chooser_new (FolWindow *self)
{
  return GTK_FILE_CHOOSER (report_chooser_new (self));
}

/* For tests: answers @chooser as a click on its accept button with @path
 * chosen (or on Cancel, with %NULL) does.
 */
void
_fol_window_answer_chooser (GtkFileChooser *chooser,
                            const char     *path)
{
  Chooser *data = g_object_get_data (G_OBJECT (chooser), CHOOSER_KEY);

  g_return_if_fail (data != NULL);
  chooser_finish (GTK_NATIVE_DIALOG (chooser), data, path);
}

/* Returns: (transfer none) (nullable): the import's preview dialog */
GtkWidget *
_fol_window_import_csv_from (FolWindow  *self,
                             const char *path)
{
  return import_preview_dialog (self, path);
}
