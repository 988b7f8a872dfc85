/* fol-window-private.h
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

#include "fol-batch-export.h"
#include "fol-connection-banner.h"
#include "fol-window.h"

G_BEGIN_DECLS

typedef enum
{
  FOL_PENDING_PATIENT,
  FOL_PENDING_VISIT,
  FOL_PENDING_SESSION,
} FolPendingKind;

/* A deletion shown as done but not yet committed, so Undo loses nothing. */
typedef struct
{
  FolPendingKind kind;
  char          *id;
  char          *patient_id;
  char          *loaded_at; /* the updated_at of the copy shown when it was chosen */
  AdwToast      *toast;   /* owned */
  gint64         shown_at;
} FolPendingDelete;

/* How long the Undo toast of a delete stays, in seconds. */
#define FOL_UNDO_TIMEOUT_S 10

/* How long a toast takes to appear; see _fol_window_dismiss_toast(). */
#define FOL_TOAST_SETTLE_MS 600

struct _FolWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay    *toast_overlay;
  GtkStack           *main_stack;
  AdwStatusPage      *empty_page;
  AdwLeaflet         *leaflet;
  GtkWidget          *sidebar;
  GtkSearchEntry     *search_entry;
  AdwStatusPage      *no_results_page;
  GtkButton          *no_results_new_patient;
  GtkStack           *list_stack;
  GtkListView        *patient_list;
  GtkStack           *content_stack;
  FolPatientPage     *patient_page;
  GtkWidget          *demo_banner;
  FolConnectionBanner *connection_banner;
  AdwWindowTitle     *sidebar_title;

  /* Borrowed */
  GtkWindow          *editor;   /* weak */
  GtkWindow          *delete_dialog;   /* weak: "Delete this patient?" */

  /* Owned */
  FolStore           *store;
  GSettings          *settings;
  GListModel         *patients;   /* the store's lazy list for the search */
  GtkSingleSelection *selection;
  char               *reselect_id;  /* the shown patient, to highlight again in a new list */
  guint               reselect_left; /* rows still worth reading for it */
  gboolean            reselecting;
  gboolean            reselect_next; /* the next list comes from a change to the clinic */
  gboolean            painted;       /* the first frame is on screen */
  FolPendingDelete   *pending;
  GPtrArray          *dismiss_sources;   /* GSource */
  char               *batch_message;     /* the last export-all result */
};

void      _fol_window_actions_class_init (GtkWidgetClass *widget_class);
void      _fol_window_files_class_init   (GtkWidgetClass *widget_class);
void      _fol_window_files_update_actions (FolWindow    *self);
void      _fol_window_batch_class_init   (GtkWidgetClass *widget_class);
GtkWidget *_fol_window_export_all_to     (FolWindow          *self,
                                          FolBatchExportKind  kind,
                                          const char         *dir);
void      _fol_window_export_report_to   (FolWindow      *self,
                                          const char     *path);
void      _fol_window_share_to           (FolWindow      *self,
                                          const char     *path);
GtkFileChooser *_fol_window_share_chooser_new  (FolWindow *self);
GtkFileChooser *_fol_window_report_chooser_new (FolWindow *self);
void      _fol_window_answer_chooser     (GtkFileChooser *chooser,
                                          const char     *path);
GtkWidget *_fol_window_import_csv_from   (FolWindow      *self,
                                          const char     *path);
void      _fol_window_reload_patients    (FolWindow      *self);
void      _fol_window_flush_pending      (FolWindow      *self);
void      _fol_window_delete             (FolWindow      *self,
                                          FolPendingKind  kind,
                                          const char     *id);
void      _fol_window_undo               (FolWindow      *self);
void      _fol_window_present_editor     (FolWindow      *self,
                                          GtkWidget      *editor);

G_END_DECLS
