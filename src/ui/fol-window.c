/* fol-window.c
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

#define G_LOG_DOMAIN "fol-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fol-patient-editor.h"
#include "fol-patient-list.h"
#include "fol-patient-row.h"
#include "fol-photo-files.h"
#include "fol-focus-group.h"
#include "fol-window-private.h"

G_DEFINE_FINAL_TYPE (FolWindow, fol_window, ADW_TYPE_APPLICATION_WINDOW)

static void
pending_delete_free (FolPendingDelete *pending)
{
  g_clear_object (&pending->toast);
  g_free (pending->id);
  g_free (pending->patient_id);
  g_free (pending->loaded_at);
  g_free (pending);
}

static void
show_error (FolWindow    *self,
            const char   *heading,
            const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
dismiss_later_cb (gpointer data)
{
  adw_toast_dismiss (ADW_TOAST (data));
  return G_SOURCE_REMOVE;
}

/* libadwaita 1.2 frees a toast's show animation while it may still run
 * when the toast is dismissed as it appears; so a toast younger than its
 * animation is dismissed once it has appeared.
 */
static void
dismiss_toast (FolWindow *self,
               AdwToast  *toast,
               gint64     shown_at)
{
  gint64 elapsed_ms = (g_get_monotonic_time () - shown_at) / 1000;
  GSource *source;

  if (elapsed_ms >= FOL_TOAST_SETTLE_MS)
    {
      adw_toast_dismiss (toast);
      return;
    }

  source = g_timeout_source_new ((guint) (FOL_TOAST_SETTLE_MS - elapsed_ms));
  g_source_set_callback (source, dismiss_later_cb, g_object_ref (toast), g_object_unref);
  g_source_attach (source, NULL);
  g_ptr_array_add (self->dismiss_sources, source);
}

/* Hides the patient waiting to be deleted without touching the lazy list:
 * two slices around its position, flattened, create items only on demand.
 */
static GListModel *
model_without (GListModel *model,
               guint       position)
{
  GListStore *parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_autoptr(GtkSliceListModel) before = NULL;
  g_autoptr(GtkSliceListModel) after = NULL;

  before = gtk_slice_list_model_new (g_object_ref (model), 0, position);
  after = gtk_slice_list_model_new (g_object_ref (model), position + 1, G_MAXUINT - position - 1);

  g_list_store_append (parts, before);
  g_list_store_append (parts, after);
  return G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (parts)));
}

/* A list still filling itself may be empty only for now. */
static gboolean
patients_filling (FolWindow *self)
{
  return self->patients != NULL && FOL_IS_PATIENT_LIST (self->patients) &&
         !fol_patient_list_is_complete (FOL_PATIENT_LIST (self->patients));
}

static void
update_list_state (FolWindow *self)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint n = g_list_model_get_n_items (model);
  gboolean none = n == 0 && !patients_filling (self);
  gboolean empty_clinic = none && search[0] == '\0';

  if (none && !empty_clinic)
    {
      g_autofree char *typed = g_strstrip (g_strdup (search));
      /* Translators: the search found nobody; %s is what was typed. */
      g_autofree char *title = g_strdup_printf (_("No Patients Match “%s”"), typed);

      adw_status_page_set_title (self->no_results_page, title);
    }
  gtk_stack_set_visible_child_name (self->list_stack, none ? "no-results" : "list");
  gtk_stack_set_visible_child_name (self->main_stack, empty_clinic ? "empty" : "clinic");
  /* Nothing to export from an empty clinic. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-all-charts", !empty_clinic);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-all-reports", !empty_clinic);
}

static void
patients_complete_cb (FolWindow *self)
{
  update_list_state (self);
}

/* A new list (after a save, a delete or an undo) highlights the patient
 * still shown beside it, once its row has been read. Reading rows means
 * loading patients: only the first few hundred are looked at.
 */
#define RESELECT_MAX_ROWS 200

static void
reselect_in (FolWindow *self,
             guint      position,
             guint      added)
{
  GListModel *model = G_LIST_MODEL (self->selection);

  for (guint i = position; i < position + added && self->reselect_id != NULL; i++)
    {
      g_autoptr(FolPatient) patient = NULL;

      if (self->reselect_left == 0)
        {
          g_clear_pointer (&self->reselect_id, g_free);
          break;
        }
      self->reselect_left--;
      patient = g_list_model_get_item (model, i);
      if (patient != NULL && g_strcmp0 (fol_patient_get_id (patient), self->reselect_id) == 0)
        {
          g_clear_pointer (&self->reselect_id, g_free);
          self->reselecting = TRUE;
          gtk_single_selection_set_selected (self->selection, i);
          self->reselecting = FALSE;
        }
    }
}

/* From now on, highlights @patient_id (none: stop looking) as soon as the
 * list has its row, among the rows it has read already or will read.
 */
static void
reselect (FolWindow  *self,
          const char *patient_id)
{
  g_free (self->reselect_id);
  self->reselect_id = g_strdup (patient_id);
  self->reselect_left = RESELECT_MAX_ROWS;
  if (patient_id != NULL)
    reselect_in (self, 0, g_list_model_get_n_items (G_LIST_MODEL (self->selection)));
}

static void
list_items_changed_cb (FolWindow  *self,
                       guint       position,
                       guint       removed,
                       guint       added)
{
  if (self->reselect_id != NULL && added > 0)
    reselect_in (self, position, added);
  update_list_state (self);
}

static void
set_list_model (FolWindow  *self,
                GListModel *model)
{
  /* Only when the clinic changed: a new search shows other patients. */
  gboolean keep = self->reselect_next;

  self->reselect_next = FALSE;
  gtk_single_selection_set_model (self->selection, model);
  reselect (self, keep ? fol_patient_page_get_patient_id (self->patient_page) : NULL);
  update_list_state (self);
}

/* The window's first frame shows the first slice of the list; the slices
 * after it, read from the main loop while the window waits to be drawn,
 * would only delay that frame, and more with a larger clinic.
 */
static void
first_paint_cb (GdkFrameClock *clock,
                FolWindow     *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, self);
  self->painted = TRUE;
  if (FOL_IS_PATIENT_LIST (self->patients))
    fol_patient_list_set_held (FOL_PATIENT_LIST (self->patients), FALSE);
}

static void
realize_cb (FolWindow *self)
{
  if (!self->painted)
    g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                             G_CALLBACK (first_paint_cb), self, 0);
}

void
_fol_window_reload_patients (FolWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = NULL;
  const char *search;

  g_assert (FOL_IS_WINDOW (self));

  search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  /* The first matches at once, the rest over the next frames: typing in a
   * large clinic never waits for the whole list.
   */
  model = fol_store_list_patients_incremental (self->store, search[0] ? search : NULL, &error);
  if (model == NULL)
    {
      show_error (self, _("Cannot Read the Patient List"), error);
      return;
    }

  if (self->patients != NULL)
    g_signal_handlers_disconnect_by_func (self->patients, patients_complete_cb, self);
  g_set_object (&self->patients, model);
  if (FOL_IS_PATIENT_LIST (model))
    {
      g_signal_connect_object (model, "notify::complete",
                               G_CALLBACK (patients_complete_cb), self, G_CONNECT_SWAPPED);
      /* The rest of the list comes after the first frame (first_paint_cb). */
      if (!self->painted)
        fol_patient_list_set_held (FOL_PATIENT_LIST (model), TRUE);
    }
  set_list_model (self, model);
}

/**
 * fol_window_show_patient:
 * @patient_id: (nullable): the patient, %NULL for none
 */
void
fol_window_show_patient (FolWindow  *self,
                         const char *patient_id)
{
  g_return_if_fail (FOL_IS_WINDOW (self));

  fol_patient_page_set_patient_id (self->patient_page, patient_id);

  /* Opened another way than from the list (a new patient saved, a file):
   * its row is highlighted once the list has it.
   */
  if (!self->reselecting)
    {
      FolPatient *selected = gtk_single_selection_get_selected_item (self->selection);

      if (patient_id == NULL ||
          selected == NULL || g_strcmp0 (fol_patient_get_id (selected), patient_id) != 0)
        reselect (self, patient_id);
    }

  if (patient_id != NULL && fol_patient_page_get_history (self->patient_page) != NULL)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "patient");
      adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
    }
  else
    {
      fol_patient_page_set_patient_id (self->patient_page, NULL);
      gtk_stack_set_visible_child_name (self->content_stack, "none");
    }

  fol_window_update_actions (self);
}

static void
selection_changed_cb (FolWindow *self)
{
  FolPatient *patient = gtk_single_selection_get_selected_item (self->selection);

  /* Highlighting the patient already shown opens nothing again. */
  if (patient != NULL && !self->reselecting)
    {
      g_clear_pointer (&self->reselect_id, g_free);
      fol_window_show_patient (self, fol_patient_get_id (patient));
    }
}

static void
store_changed_cb (FolWindow      *self,
                  FolStoreChange  change,
                  const char     *patient_id)
{
  if (change != FOL_STORE_CHANGE_PATIENT)
    return;

  /* The hidden patient's position may move: commit its deletion first. */
  if (self->pending != NULL && self->pending->kind == FOL_PENDING_PATIENT &&
      g_strcmp0 (self->pending->id, patient_id) != 0)
    _fol_window_flush_pending (self);

  self->reselect_next = TRUE;
  _fol_window_reload_patients (self);

  /* A patient just saved from the editor is the one to look at next. */
  if (self->editor != NULL && FOL_IS_PATIENT_EDITOR (self->editor) && patient_id != NULL &&
      fol_patient_editor_is_saving (FOL_PATIENT_EDITOR (self->editor)))
    {
      g_autoptr(FolPatient) saved = fol_store_get_patient (self->store, patient_id, NULL);

      if (saved != NULL)
        fol_window_show_patient (self, patient_id);
    }
  else if (g_strcmp0 (patient_id, fol_patient_page_get_patient_id (self->patient_page)) == 0 &&
           fol_patient_page_get_history (self->patient_page) == NULL)
    {
      fol_window_show_patient (self, NULL);
    }
}

static void
search_changed_cb (FolWindow *self)
{
  _fol_window_flush_pending (self);
  _fol_window_reload_patients (self);
}

/* Enter in the search opens the first match and moves into the list, so
 * that a patient is found from the keyboard alone.
 */
static void
search_activate_cb (FolWindow *self)
{
  GListModel *model = gtk_single_selection_get_model (self->selection);

  if (model == NULL)
    return;

  /* The first match may lie beyond what the list has read so far. */
  if (g_list_model_get_n_items (model) == 0 && patients_filling (self))
    {
      g_autoptr(GError) error = NULL;

      if (!fol_patient_list_fill_all (FOL_PATIENT_LIST (self->patients), &error))
        {
          show_error (self, _("Cannot Read the Patient List"), error);
          return;
        }
    }
  if (g_list_model_get_n_items (model) == 0)
    return;

  gtk_single_selection_set_selected (self->selection, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->patient_list));
}

static void
folded_changed_cb (FolWindow *self)
{
  fol_patient_page_set_folded (self->patient_page, adw_leaflet_get_folded (self->leaflet));
}

static void
commit (FolWindow        *self,
        FolPendingDelete *pending)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  switch (pending->kind)
    {
    case FOL_PENDING_PATIENT:
      ok = fol_photo_delete_patient_checked (self->store, pending->id, pending->loaded_at,
                                             &error);
      break;
    case FOL_PENDING_VISIT:
      ok = pending->patient_id != NULL
           ? fol_photo_delete_visit_checked (self->store, pending->patient_id, pending->id,
                                             pending->loaded_at, &error)
           : fol_store_delete_visit_checked (self->store, pending->id, pending->loaded_at,
                                             &error);
      break;
    case FOL_PENDING_SESSION:
      ok = fol_store_delete_session_checked (self->store, pending->id, pending->loaded_at,
                                             &error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    {
      /* Nothing was deleted: show it again, and say why. */
      fol_patient_page_set_hidden_id (self->patient_page, NULL);
      _fol_window_reload_patients (self);
      show_error (self, _("Could Not Delete"), error);
    }
}

/**
 * _fol_window_flush_pending:
 *
 * Commits a deletion still waiting for its toast to go.
 */
void
_fol_window_flush_pending (FolWindow *self)
{
  FolPendingDelete *pending = g_steal_pointer (&self->pending);

  if (pending == NULL)
    return;

  commit (self, pending);
  fol_patient_page_set_hidden_id (self->patient_page, NULL);
  dismiss_toast (self, pending->toast, pending->shown_at);
  pending_delete_free (pending);
}

static void
toast_dismissed_cb (AdwToast  *toast,
                    FolWindow *self)
{
  FolPendingDelete *pending;

  if (self->pending == NULL || self->pending->toast != toast)
    return;

  /* The toast is going already: commit without dismissing it again. */
  pending = g_steal_pointer (&self->pending);
  commit (self, pending);
  fol_patient_page_set_hidden_id (self->patient_page, NULL);
  pending_delete_free (pending);
  fol_window_update_actions (self);
}

void
_fol_window_undo (FolWindow *self)
{
  FolPendingDelete *pending = g_steal_pointer (&self->pending);

  if (pending == NULL)
    return;

  fol_patient_page_set_hidden_id (self->patient_page, NULL);
  if (pending->kind == FOL_PENDING_PATIENT)
    {
      set_list_model (self, self->patients);
      fol_window_show_patient (self, pending->id);
    }
  dismiss_toast (self, pending->toast, pending->shown_at);
  pending_delete_free (pending);
  fol_window_update_actions (self);
}

/* What the Undo toast names: the patient, or the date of the visit or the
 * session, so that the clinician sees what is about to go. */
static void
describe_pending (FolWindow       *self,
                  FolPendingKind   kind,
                  const char      *id,
                  char           **out_name,
                  char           **out_date,
                  char           **out_loaded_at)
{
  FolHistory *history = fol_patient_page_get_history (self->patient_page);

  /* What is deleted is what is shown: a change made elsewhere since then
   * keeps it (fol_store_delete_patient_checked()). */
  if (kind == FOL_PENDING_PATIENT)
    {
      FolPatient *shown = history != NULL ? fol_history_get_patient (history) : NULL;
      g_autoptr(FolPatient) patient = fol_store_get_patient (self->store, id, NULL);

      *out_name = patient != NULL ? g_strdup (fol_patient_get_name (patient)) : NULL;
      if (shown != NULL && g_strcmp0 (fol_patient_get_id (shown), id) == 0)
        *out_loaded_at = g_strdup (fol_patient_get_updated_at (shown));
      return;
    }

  for (guint i = 0; history != NULL && kind == FOL_PENDING_VISIT &&
                    i < fol_history_get_n_visits (history); i++)
    {
      FolVisit *visit = fol_history_get_visit (history, i);

      if (g_strcmp0 (fol_visit_get_id (visit), id) == 0)
        {
          *out_date = fol_date_format (fol_visit_get_date (visit));
          *out_loaded_at = g_strdup (fol_visit_get_updated_at (visit));
        }
    }
  for (guint i = 0; history != NULL && kind == FOL_PENDING_SESSION &&
                    i < fol_history_get_n_sessions (history); i++)
    {
      FolTreatmentSession *session = fol_history_get_session (history, i);

      if (g_strcmp0 (fol_treatment_session_get_id (session), id) == 0)
        {
          *out_date = fol_date_format (fol_treatment_session_get_date (session));
          *out_loaded_at = g_strdup (fol_treatment_session_get_updated_at (session));
        }
    }
  if (*out_date == NULL)
    *out_date = g_strdup ("—");
}

/**
 * _fol_window_delete:
 *
 * Hides @id at once and deletes it from the store only once its toast is
 * gone without Undo (or the window closes).
 */
void
_fol_window_delete (FolWindow      *self,
                    FolPendingKind  kind,
                    const char     *id)
{
  FolPendingDelete *pending;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  g_autofree char *date = NULL;

  g_assert (FOL_IS_WINDOW (self));
  g_return_if_fail (id != NULL);

  _fol_window_flush_pending (self);
  pending = g_new0 (FolPendingDelete, 1);
  describe_pending (self, kind, id, &name, &date, &pending->loaded_at);
  pending->kind = kind;
  pending->id = g_strdup (id);
  pending->patient_id = g_strdup (fol_patient_page_get_patient_id (self->patient_page));

  switch (kind)
    {
    case FOL_PENDING_PATIENT:
      {
        guint pos = gtk_single_selection_get_selected (self->selection);
        FolPatient *selected = gtk_single_selection_get_selected_item (self->selection);

        if (selected != NULL && g_strcmp0 (fol_patient_get_id (selected), id) == 0 &&
            gtk_single_selection_get_model (self->selection) == self->patients)
          {
            g_autoptr(GListModel) without = model_without (self->patients, pos);
            set_list_model (self, without);
          }
        if (g_strcmp0 (fol_patient_page_get_patient_id (self->patient_page), id) == 0)
          fol_window_show_patient (self, NULL);
        title = g_strdup_printf (_("“%s” deleted"), name != NULL ? name : "");
      }
      break;

    case FOL_PENDING_VISIT:
      fol_patient_page_set_hidden_id (self->patient_page, id);
      title = g_strdup_printf (_("Visit of %s deleted"), date);
      break;

    case FOL_PENDING_SESSION:
      fol_patient_page_set_hidden_id (self->patient_page, id);
      title = g_strdup_printf (_("Treatment session of %s deleted"), date);
      break;

    default:
      g_assert_not_reached ();
    }

  pending->toast = g_object_ref_sink (adw_toast_new (title));
  /* Long enough to notice and undo; it also stays until the next delete
   * or patient, which commit it. */
  adw_toast_set_timeout (pending->toast, FOL_UNDO_TIMEOUT_S);
  adw_toast_set_button_label (pending->toast, _("_Undo"));
  adw_toast_set_action_name (pending->toast, "win.undo");
  adw_toast_set_priority (pending->toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (pending->toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, 0);
  pending->shown_at = g_get_monotonic_time ();
  self->pending = pending;

  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (pending->toast));
  fol_window_update_actions (self);
}

void
_fol_window_present_editor (FolWindow *self,
                            GtkWidget *editor)
{
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (editor), TRUE);
  g_set_weak_pointer (&self->editor, GTK_WINDOW (editor));
  gtk_window_present (GTK_WINDOW (editor));
}

static void
save_window_state (FolWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
fol_window_close_request (GtkWindow *window)
{
  FolWindow *self = FOL_WINDOW (window);

  _fol_window_flush_pending (self);
  save_window_state (self);

  return GTK_WINDOW_CLASS (fol_window_parent_class)->close_request (window);
}

/* The application is set after construction, so the clinic is attached here. */
static void
fol_window_attach (FolWindow      *self,
                   FolApplication *app)
{
  g_autofree char *clinic = fol_application_dup_clinic_name (app);
  g_autofree char *title = NULL;

  self->store = g_object_ref (fol_application_get_store (app));
  self->settings = g_object_ref (fol_application_get_settings (app));

  /* Translators: the window's title; %s is the clinic: "Demo Clinic" or
   * the name of its file, "follicle.db" */
  title = g_strdup_printf (_("%s — Follicle"), clinic);
  /* Which clinic is open, the demo above all, is never in doubt. */
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_widget_set_visible (self->demo_banner, fol_application_is_demo (app));
  adw_window_title_set_subtitle (self->sidebar_title, fol_application_is_demo (app) ? clinic : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.leave-demo", fol_application_is_demo (app));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  fol_patient_page_set_store (self->patient_page, self->store, self->settings);
  fol_connection_banner_set_store (self->connection_banner, self->store);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);

  _fol_window_reload_patients (self);
  folded_changed_cb (self);
  fol_window_update_actions (self);
}

static void
fol_window_dispose (GObject *object)
{
  FolWindow *self = FOL_WINDOW (object);

  /* A window destroyed without closing still keeps its promise. */
  if (self->store != NULL)
    _fol_window_flush_pending (self);

  if (self->dismiss_sources != NULL)
    {
      for (guint i = 0; i < self->dismiss_sources->len; i++)
        g_source_destroy (g_ptr_array_index (self->dismiss_sources, i));
      g_clear_pointer (&self->dismiss_sources, g_ptr_array_unref);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), FOL_TYPE_WINDOW);
  g_clear_weak_pointer (&self->editor);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->reselect_id, g_free);
  g_clear_object (&self->patients);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->batch_message, g_free);

  G_OBJECT_CLASS (fol_window_parent_class)->dispose (object);
}

static void
fol_window_class_init (FolWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = fol_window_dispose;
  window_class->close_request = fol_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/fol-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FolWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FolWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, FolWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FolWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FolWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, FolWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FolWindow, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, FolWindow, no_results_new_patient);
  gtk_widget_class_bind_template_child (widget_class, FolWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, FolWindow, patient_list);
  gtk_widget_class_bind_template_child (widget_class, FolWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, FolWindow, patient_page);
  gtk_widget_class_bind_template_child (widget_class, FolWindow, demo_banner);
  gtk_widget_class_bind_template_child (widget_class, FolWindow, connection_banner);
  gtk_widget_class_bind_template_child (widget_class, FolWindow, sidebar_title);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);

  _fol_window_actions_class_init (widget_class);
  _fol_window_batch_class_init (widget_class);

  g_type_ensure (FOL_TYPE_CONNECTION_BANNER);
  g_type_ensure (FOL_TYPE_FOCUS_GROUP);
  g_type_ensure (FOL_TYPE_PATIENT_PAGE);
  g_type_ensure (FOL_TYPE_PATIENT_ROW);
}

static void
fol_window_init (FolWindow *self)
{
  g_type_ensure (FOL_TYPE_FOCUS_GROUP);
  g_type_ensure (FOL_TYPE_PATIENT_PAGE);
  g_type_ensure (FOL_TYPE_PATIENT_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->dismiss_sources = g_ptr_array_new_with_free_func ((GDestroyNotify) g_source_unref);
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  /* The list may grow after it is shown, as it fills itself. */
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (list_items_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->patient_list, GTK_SELECTION_MODEL (self->selection));
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->patient_list));
  g_signal_connect (self, "realize", G_CALLBACK (realize_cb), NULL);
}

FolWindow *
fol_window_new (FolApplication *application)
{
  FolWindow *self;

  g_return_val_if_fail (FOL_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (fol_application_get_store (application) != NULL, NULL);

  self = g_object_new (FOL_TYPE_WINDOW, "application", application, NULL);
  fol_window_attach (self, application);
  return self;
}

/**
 * fol_window_get_patient_page:
 *
 * Returns: (transfer none): the page showing one patient
 */
FolPatientPage *
fol_window_get_patient_page (FolWindow *self)
{
  g_return_val_if_fail (FOL_IS_WINDOW (self), NULL);
  return self->patient_page;
}

/**
 * fol_window_show_message:
 *
 * Shows a message that stays until the user dismisses it, for what must
 * not go unnoticed (a failed backup, say).
 */
void
fol_window_show_message (FolWindow  *self,
                         const char *message)
{
  AdwToast *toast;

  g_return_if_fail (FOL_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
