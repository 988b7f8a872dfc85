/* fol-review-window.c
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

#define G_LOG_DOMAIN "fol-review-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fol-form.h"
#include "fol-application-private.h"
#include "fol-chart-view.h"
#include "fol-patient-file.h"
#include "fol-photo-files.h"
#include "fol-pin.h"
#include "fol-progress.h"
#include "fol-photo-tile.h"
#include "fol-review-window-private.h"
#include "fol-stats.h"
#include "fol-figures.h"
#include "fol-summary.h"
#include "fol-threshold.h"

/* Review mode: one patient's progress, shown to that patient across the
 * desk (or at home, from a shared patient file). Large type, nothing that
 * writes, no other patient reachable; leaving asks the clinic first, with
 * a PIN when one is set. The clinic's review is a kiosk: the application
 * hides its other windows and turns its commands off while it is open,
 * and quitting asks like leaving (see _fol_application_begin_review()).
 */

/* The longest side of a photo in a before/after pair. */
#define PHOTO_SIZE 900

struct _FolReviewWindow
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkButton       *exit_button;
  GtkLabel        *name_label;
  GtkLabel        *intro_label;
  GtkDropDown     *measure_dropdown;
  GtkToggleButton *relative_button;
  FolChartView    *chart_view;
  GtkBox          *summary_box;
  GtkBox          *figures_box;
  GtkLabel        *stable_label;
  GtkLabel        *stable_heading;
  GtkBox          *photos_box;
  GtkLabel        *no_photos_label;

  /* Borrowed: live while the leave question is open */
  AdwMessageDialog *leave_dialog;
  GtkEditable      *pin_entry;
  char             *leave_body;   /* owned: the question's text when not locked */

  /* Owned */
  FolStore     *store;
  GSettings    *settings;
  char         *patient_id;
  FolHistory   *history;
  GArray       *measures;   /* FolMeasure per dropdown position */
  GCancellable *cancellable;
  double        threshold;
  gboolean      from_file;
  gboolean      may_close;
  gboolean      leave_quits;   /* the open question is "quit" */

  /* Wrong PINs in a row, and until when the next try waits */
  guint         n_wrong;
  gint64        locked_until;   /* monotonic µs */
  guint         lock_timer;
  gint64      (*clock) (void);
};

G_DEFINE_FINAL_TYPE (FolReviewWindow, fol_review_window, ADW_TYPE_WINDOW)

/* Helpers */

static PangoAttrList *
large_text_attributes (void)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (1.3));
  return attrs;
}

static GtkWidget *
large_label_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);
  PangoAttrList *attrs = large_text_attributes ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_attributes (GTK_LABEL (label), attrs);
  pango_attr_list_unref (attrs);
  return label;
}

static void
remove_children (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static FolMeasure
selected_measure (FolReviewWindow *self)
{
  guint pos = gtk_drop_down_get_selected (self->measure_dropdown);

  if (pos >= self->measures->len)
    return FOL_MEASURE_TOTAL_DENSITY;
  return g_array_index (self->measures, FolMeasure, pos);
}

static gboolean
has_values (FolReviewWindow *self,
            FolMeasure       measure)
{
  guint n_regions = fol_measure_is_per_region (measure) ? FOL_N_REGIONS : 1;

  for (guint r = 0; self->history != NULL && r < n_regions; r++)
    {
      FolRegionSummary s;

      if (fol_history_summarize (self->history, measure, r, &s))
        return TRUE;
    }
  return FALSE;
}

/* Only what this patient has is offered; total density always, first. */
static void
fill_measures (FolReviewWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_array_set_size (self->measures, 0);
  for (guint m = 0; m < FOL_N_MEASURES; m++)
    {
      if (m != FOL_MEASURE_TOTAL_DENSITY && !has_values (self, m))
        continue;
      g_array_append_val (self->measures, m);
      gtk_string_list_append (names, fol_measure_name (m));
    }

  gtk_drop_down_set_model (self->measure_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->measure_dropdown, 0);
  /* One measurement needs no switcher. */
  gtk_widget_set_visible (GTK_WIDGET (self->measure_dropdown), self->measures->len > 1);
}

static void
update_chart (FolReviewWindow *self)
{
  g_autoptr(FolChartData) data = NULL;
  FolProgressFlags flags = FOL_PROGRESS_NONE;

  if (self->history != NULL)
    {
      if (gtk_toggle_button_get_active (self->relative_button))
        flags |= FOL_PROGRESS_RELATIVE;
      data = fol_progress_chart_new (self->history, selected_measure (self), 0, flags,
                                     self->threshold);
    }
  fol_chart_view_set_data (self->chart_view, data);
}

static void
update_summary (FolReviewWindow *self)
{
  FolMeasure measure = selected_measure (self);
  guint n_regions = fol_measure_is_per_region (measure) ? FOL_N_REGIONS : 1;
  guint n_lines = 0;

  remove_children (self->summary_box);

  for (guint r = 0; self->history != NULL && r < n_regions; r++)
    {
      g_autofree char *line = fol_summary_region_line (self->history, measure, r,
                                                       self->threshold);

      if (line == NULL)
        continue;
      gtk_box_append (self->summary_box, large_label_new (line));
      n_lines++;
    }

  if (n_lines == 0)
    {
      GtkWidget *label = large_label_new (_("Nothing has been measured yet."));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->summary_box, label);
    }
}

/* The scales in grades, the SALT response and the assessments in words:
 * the lines the summary and the report print. A scale's line already
 * above (its chart is shown) is not said twice.
 */
static void
update_figures (FolReviewWindow *self)
{
  g_autoptr(GPtrArray) lines = NULL;
  guint n_shown = 0;

  remove_children (self->figures_box);
  if (self->history != NULL)
    {
      g_auto(GStrv) above = _fol_review_window_dup_summary_lines (self);

      lines = fol_figures_lines (self->history);
      for (guint i = 0; i < lines->len; i++)
        {
          if (g_strv_contains ((const char * const *) above, g_ptr_array_index (lines, i)))
            continue;
          gtk_box_append (self->figures_box, large_label_new (g_ptr_array_index (lines, i)));
          n_shown++;
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->figures_box), n_shown > 0);
}

static void
update_stable_text (FolReviewWindow *self)
{
  g_autofree char *threshold = fol_format_number (self->threshold, 0);
  g_autofree char *text = NULL;
  g_autofree char *heading = NULL;

  if (self->threshold != (double) (gint64) self->threshold)
    {
      g_free (threshold);
      threshold = fol_format_number (self->threshold, 1);
    }

  /* The verdicts in the words the summary above uses. */
  /* Translators: the no-change threshold in percent, e.g. "10", then the
   * verdicts "Stable", "Improved" and "Worse" */
  text = g_strdup_printf (_("Counting hairs is never exact: two counts of the same patch of scalp "
                            "usually differ by 3 to 10 %%. So a change smaller than %s %% is called "
                            "“%s”. It means no real change can be seen yet, neither better "
                            "nor worse. Only a larger change is called “%s” or “%s”."),
                          threshold, fol_change_name (FOL_CHANGE_STABLE),
                          fol_change_name (FOL_CHANGE_IMPROVED),
                          fol_change_name (FOL_CHANGE_WORSE));
  /* Translators: a heading; %s is the verdict "Stable" */
  heading = g_strdup_printf (_("What “%s” Means"), fol_change_name (FOL_CHANGE_STABLE));
  gtk_label_set_text (self->stable_heading, heading);
  gtk_label_set_text (self->stable_label, text);
}

static void
refresh (FolReviewWindow *self)
{
  update_chart (self);
  update_summary (self);
  update_figures (self);
  update_stable_text (self);
}

static void
photo_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = fol_photo_load_finish (result, &error);

  if (pixbuf != NULL)
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (pixbuf);

      gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Plainly said, without the file's details, which are the clinic's. */
      g_autoptr(GdkPaintable) sign = fol_photo_unreadable_paintable (GTK_WIDGET (picture), 96);

      g_debug ("Photo not shown: %s", error->message);
      gtk_picture_set_paintable (picture, sign);
      gtk_picture_set_content_fit (picture, GTK_CONTENT_FIT_SCALE_DOWN);
      gtk_picture_set_alternative_text (picture, _("This photo cannot be shown"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (picture), _("This photo cannot be shown"));
    }
}

static GtkWidget *
photo_side_new (FolReviewWindow *self,
                FolPhoto        *photo,
                gboolean         before)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *picture = gtk_picture_new ();
  g_autofree char *date = fol_date_format (fol_photo_get_visit_date (photo));
  g_autofree char *caption = NULL;
  g_autofree char *alt = NULL;

  g_strstrip (date);
  if (before)
    /* Translators: caption of the first photo; %s is its date */
    caption = g_strdup_printf (_("Before: %s"), date);
  else
    /* Translators: caption of the latest photo; %s is its date */
    caption = g_strdup_printf (_("Latest: %s"), date);

  /* Translators: a photo's description for screen readers: region, date */
  alt = g_strdup_printf (_("Photo of the %s, %s"),
                         fol_region_name (fol_photo_get_region (photo)), date);
  gtk_picture_set_alternative_text (GTK_PICTURE (picture), alt);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_size_request (picture, -1, 300);
  gtk_widget_set_hexpand (picture, TRUE);
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), large_label_new (caption));

  fol_photo_load_async (self->store, photo, PHOTO_SIZE, self->cancellable,
                        photo_loaded_cb, g_object_ref (picture));
  return box;
}

static int
compare_photos (gconstpointer a,
                gconstpointer b)
{
  FolPhoto *pa = *(FolPhoto **) a;
  FolPhoto *pb = *(FolPhoto **) b;
  FolDate da = fol_photo_get_visit_date (pa), db = fol_photo_get_visit_date (pb);

  if (da != db)
    return da < db ? -1 : 1;
  return g_strcmp0 (fol_photo_get_created_at (pa), fol_photo_get_created_at (pb));
}

/* Per region, the first photo beside the latest one, when they are of two
 * different days: one photo alone shows no change.
 */
static void
fill_photos (FolReviewWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) photos = fol_store_list_photos (self->store, self->patient_id, &error);
  guint n_pairs = 0;

  remove_children (self->photos_box);
  if (photos == NULL)
    {
      g_warning ("Could not list the photos: %s", error->message);
      photos = g_ptr_array_new ();
    }
  g_ptr_array_sort (photos, compare_photos);

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      FolPhoto *first = NULL, *last = NULL;
      GtkWidget *pair, *heading;

      for (guint i = 0; i < photos->len; i++)
        {
          FolPhoto *photo = g_ptr_array_index (photos, i);

          if (fol_photo_get_region (photo) != r)
            continue;
          if (first == NULL)
            first = photo;
          last = photo;
        }
      if (first == NULL || fol_photo_get_visit_date (first) == fol_photo_get_visit_date (last))
        continue;

      heading = gtk_label_new (fol_region_name (r));
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "title-3");
      gtk_box_append (self->photos_box, heading);

      pair = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
      gtk_box_set_homogeneous (GTK_BOX (pair), TRUE);
      gtk_box_append (GTK_BOX (pair), photo_side_new (self, first, TRUE));
      gtk_box_append (GTK_BOX (pair), photo_side_new (self, last, FALSE));
      gtk_box_append (self->photos_box, pair);
      n_pairs++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->photos_box), n_pairs > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->no_photos_label), n_pairs == 0);
}

/* The stored hash of the PIN; empty when none is set. */
static char *
dup_pin_hash (FolReviewWindow *self)
{
  if (self->settings == NULL)
    return g_strdup ("");
  return g_settings_get_string (self->settings, "review-pin-hash");
}

static gboolean
close_idle_cb (gpointer user_data)
{
  FolReviewWindow *self = user_data;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GApplication) quit_app = NULL;

  if (self->leave_quits && app != NULL)
    quit_app = G_APPLICATION (g_object_ref (app));

  self->may_close = TRUE;
  gtk_window_close (GTK_WINDOW (self));
  if (quit_app != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (quit_app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static gint64
seconds_locked (FolReviewWindow *self)
{
  gint64 left = self->locked_until - self->clock ();

  if (left <= 0)
    return 0;
  return (left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
}

static gboolean lock_tick_cb (gpointer user_data);

/* After repeated wrong PINs the PIN field waits, and says until when. */
static void
update_lock (FolReviewWindow *self)
{
  gint64 left = seconds_locked (self);

  if (self->leave_dialog == NULL || self->pin_entry == NULL)
    left = 0;

  if (left > 0)
    {
      g_autofree char *body = NULL;

      /* Translators: %d is a number of seconds */
      body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Too many wrong PINs. Try again in %d second.",
                                           "Too many wrong PINs. Try again in %d seconds.",
                                           (gulong) left),
                              (int) left);
      adw_message_dialog_set_body (self->leave_dialog, body);
      /* GTK 4.8's text field warns when it turns insensitive with the focus. */
      gtk_window_set_focus (GTK_WINDOW (self->leave_dialog), NULL);
      gtk_widget_set_sensitive (GTK_WIDGET (self->pin_entry), FALSE);
      adw_message_dialog_set_response_enabled (self->leave_dialog, "leave", FALSE);
      if (self->lock_timer == 0)
        self->lock_timer = g_timeout_add_seconds (1, lock_tick_cb, self);
      return;
    }

  g_clear_handle_id (&self->lock_timer, g_source_remove);
  if (self->leave_dialog == NULL || self->pin_entry == NULL)
    return;
  adw_message_dialog_set_body (self->leave_dialog, self->leave_body);
  adw_message_dialog_set_response_enabled (self->leave_dialog, "leave", TRUE);
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->pin_entry)))
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->pin_entry), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
    }
}

static gboolean
lock_tick_cb (gpointer user_data)
{
  FolReviewWindow *self = user_data;

  self->lock_timer = 0;
  update_lock (self);
  return G_SOURCE_REMOVE;
}

/* Callbacks */

static void
leave_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   FolReviewWindow  *self)
{
  g_autofree char *hash = dup_pin_hash (self);
  g_autofree char *typed = NULL;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->pin_entry != NULL)
    typed = g_strdup (gtk_editable_get_text (self->pin_entry));
  /* GTK 4.8's password entry handles a focus change after it is gone when
   * its window is destroyed with the focus in it (Enter in the PIN field):
   * take the focus away before the question closes.
   */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  self->leave_dialog = NULL;
  self->pin_entry = NULL;
  g_clear_handle_id (&self->lock_timer, g_source_remove);

  if (g_strcmp0 (response, "leave") != 0)
    return;

  if (hash[0] != '\0')
    {
      guint delay;

      /* Waiting is waiting, whatever was typed. */
      if (seconds_locked (self) > 0)
        return;
      if (fol_pin_verify (hash, typed))
        self->n_wrong = 0;
      else
        {
          self->n_wrong++;
          delay = fol_pin_retry_delay (self->n_wrong);
          if (delay > 0)
            self->locked_until = self->clock () + (gint64) delay * G_USEC_PER_SEC;
          adw_toast_overlay_add_toast (self->toast_overlay,
                                       adw_toast_new (_("Wrong PIN: the review stays open")));
          return;
        }
    }

  if (!self->from_file && app != NULL && FOL_IS_APPLICATION (app))
    _fol_application_review_left (FOL_APPLICATION (app), self->leave_quits);

  /* The question is transient for this window: let it go first. */
  g_idle_add_full (G_PRIORITY_DEFAULT, close_idle_cb, g_object_ref (self), g_object_unref);
}

/* The GTK inspector (Ctrl+Shift+I, Ctrl+Shift+D; on by default) reaches
 * every window and action of the process, the hidden clinic too: never
 * from the clinic's review or its question.
 */
static gboolean
deny_debugging_cb (GtkWindow *window,
                   gboolean   toggle,
                   gpointer   user_data)
{
  return TRUE;
}

static void
request_leave (FolReviewWindow *self,
               gboolean         quit)
{
  g_autofree char *hash = dup_pin_hash (self);
  gboolean has_pin = hash[0] != '\0';
  const char *body;
  GtkWidget *dialog;

  if (self->from_file)
    {
      /* The patient's own copy, at home: nobody to hand the screen back to. */
      self->may_close = TRUE;
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  if (self->leave_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->leave_dialog));
      return;
    }

  if (quit)
    body = has_pin ? _("Enter the PIN to leave the review and quit Follicle.")
                   : _("The review closes and Follicle quits.");
  else
    body = has_pin ? _("Enter the PIN to return to the clinic’s view.")
                   : _("The review closes and the clinic’s view returns.");
  g_free (self->leave_body);
  self->leave_body = g_strdup (body);
  self->leave_quits = quit;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   quit ? _("Quit Follicle?") : _("Leave Review?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Stay in Review"),
                                    "leave", quit ? _("_Quit") : _("_Leave Review"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "leave",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  if (has_pin)
    {
      GtkWidget *entry = gtk_password_entry_new ();

      gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
      g_object_set (entry, "activates-default", TRUE, NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("PIN"),
                                      -1);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
      /* Enter in the PIN field answers "leave": the PIN decides. */
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "leave");
      self->pin_entry = GTK_EDITABLE (entry);
    }
  else
    adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_signal_connect_object (dialog, "response", G_CALLBACK (leave_response_cb), self, 0);
  g_signal_connect (dialog, "enable-debugging", G_CALLBACK (deny_debugging_cb), NULL);
  self->leave_dialog = ADW_MESSAGE_DIALOG (dialog);
  update_lock (self);
  gtk_window_present (GTK_WINDOW (dialog));
  if (self->pin_entry != NULL && gtk_widget_get_sensitive (GTK_WIDGET (self->pin_entry)))
    gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
}

static void
exit_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  request_leave (FOL_REVIEW_WINDOW (widget), FALSE);
}

static void
option_changed_cb (FolReviewWindow *self)
{
  update_chart (self);
  update_summary (self);
  update_figures (self);
}

static void
threshold_changed_cb (FolReviewWindow *self)
{
  self->threshold = fol_threshold_in_effect (self->settings);
  refresh (self);
}

/* Vfuncs */

static gboolean
fol_review_window_enable_debugging (GtkWindow *window,
                                    gboolean   toggle)
{
  FolReviewWindow *self = FOL_REVIEW_WINDOW (window);

  if (!self->from_file)
    return TRUE;
  return GTK_WINDOW_CLASS (fol_review_window_parent_class)->enable_debugging (window, toggle);
}

static gboolean
fol_review_window_close_request (GtkWindow *window)
{
  FolReviewWindow *self = FOL_REVIEW_WINDOW (window);

  if (self->from_file || self->may_close)
    return GTK_WINDOW_CLASS (fol_review_window_parent_class)->close_request (window);

  request_leave (self, FALSE);
  return TRUE;
}

static void
fol_review_window_dispose (GObject *object)
{
  FolReviewWindow *self = FOL_REVIEW_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->lock_timer, g_source_remove);
  if (self->leave_dialog != NULL)
    {
      gtk_window_set_focus (GTK_WINDOW (self->leave_dialog), NULL);
      gtk_window_destroy (GTK_WINDOW (self->leave_dialog));
    }
  self->leave_dialog = NULL;
  self->pin_entry = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), FOL_TYPE_REVIEW_WINDOW);

  g_clear_object (&self->history);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (fol_review_window_parent_class)->dispose (object);
}

static void
fol_review_window_finalize (GObject *object)
{
  FolReviewWindow *self = FOL_REVIEW_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->measures, g_array_unref);
  g_clear_pointer (&self->patient_id, g_free);
  g_clear_pointer (&self->leave_body, g_free);

  G_OBJECT_CLASS (fol_review_window_parent_class)->finalize (object);
}

static void
fol_review_window_class_init (FolReviewWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = fol_review_window_dispose;
  object_class->finalize = fol_review_window_finalize;
  window_class->close_request = fol_review_window_close_request;
  window_class->enable_debugging = fol_review_window_enable_debugging;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/follicle/Follicle/fol-review-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FolReviewWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FolReviewWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, FolReviewWindow, exit_button);
  gtk_widget_class_bind_template_child (widget_class, FolReviewWindow, name_label);
  gtk_widget_class_bind_template_child (widget_class, FolReviewWindow, intro_label);
  gtk_widget_class_bind_template_child (widget_class, FolReviewWindow, measure_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FolReviewWindow, relative_button);
  gtk_widget_class_bind_template_child (widget_class, FolReviewWindow, chart_view);
  gtk_widget_class_bind_template_child (widget_class, FolReviewWindow, summary_box);
  gtk_widget_class_bind_template_child (widget_class, FolReviewWindow, figures_box);
  gtk_widget_class_bind_template_child (widget_class, FolReviewWindow, stable_label);
  gtk_widget_class_bind_template_child (widget_class, FolReviewWindow, stable_heading);
  gtk_widget_class_bind_template_child (widget_class, FolReviewWindow, photos_box);
  gtk_widget_class_bind_template_child (widget_class, FolReviewWindow, no_photos_label);

  gtk_widget_class_install_action (widget_class, "review.exit", NULL, exit_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "review.exit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "review.exit", NULL);

  g_type_ensure (FOL_TYPE_CHART_VIEW);
}

static void
fol_review_window_init (FolReviewWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fol_form_name_drop_down (self->measure_dropdown, _("Measurement"));

  self->measures = g_array_new (FALSE, FALSE, sizeof (FolMeasure));
  self->cancellable = g_cancellable_new ();
  self->threshold = FOL_DEFAULT_CHANGE_THRESHOLD;
  self->clock = g_get_monotonic_time;

  g_signal_connect_object (self->measure_dropdown, "notify::selected",
                           G_CALLBACK (option_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->relative_button, "toggled",
                           G_CALLBACK (option_changed_cb), self, G_CONNECT_SWAPPED);
}

/* Public API */

/**
 * fol_review_window_new:
 * @app: the application
 * @store: the clinic, or the store of a shared patient file
 * @patient_id: the one patient shown
 * @from_file: whether @store is the patient's own copy (a `.follicle` file)
 *
 * Opens review mode on one patient. With a #FolApplication, its settings
 * give the no-change threshold and the PIN that guards leaving.
 *
 * Returns: (transfer none): a new #FolReviewWindow, owned by GTK like
 *   every toplevel
 */
GtkWidget *
fol_review_window_new (GtkApplication *app,
                       FolStore       *store,
                       const char     *patient_id,
                       gboolean        from_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) patient = NULL;
  g_autofree char *title = NULL;
  FolReviewWindow *self;
  const char *name;

  g_return_val_if_fail (app == NULL || GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (FOL_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  self = g_object_new (FOL_TYPE_REVIEW_WINDOW, "application", app, NULL);
  self->store = g_object_ref (store);
  self->patient_id = g_strdup (patient_id);
  self->from_file = from_file;

  patient = fol_store_get_patient (store, patient_id, &error);
  if (patient != NULL)
    self->history = fol_store_load_history (store, patient_id, &error);
  if (error != NULL)
    g_warning ("Could not load the patient for review: %s", error->message);

  name = patient != NULL ? fol_patient_get_name (patient) : "";
  gtk_label_set_text (self->name_label, name);
  adw_window_title_set_title (self->window_title, name);

  if (from_file)
    {
      adw_window_title_set_subtitle (self->window_title, _("Your own copy"));
      /* Translators: window title; %s is the patient's name */
      title = g_strdup_printf (_("%s — Your Own Copy"), name);
      gtk_label_set_text (self->intro_label,
                          _("This is your own copy of your results, shared by your clinic. "
                            "Nothing in it can be changed."));
      gtk_button_set_label (self->exit_button, _("_Close"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->exit_button), _("Close your copy (Escape)"));
    }
  else
    {
      adw_window_title_set_subtitle (self->window_title, _("Progress review"));
      /* Translators: window title; %s is the patient's name */
      title = g_strdup_printf (_("%s — Progress Review"), name);
      gtk_label_set_text (self->intro_label,
                          _("How your hair has changed since the start of your treatment."));
    }
  gtk_window_set_title (GTK_WINDOW (self), title);

  fill_measures (self);
  fill_photos (self);

  if (app != NULL && FOL_IS_APPLICATION (app))
    fol_review_window_set_settings (self, fol_application_get_settings (FOL_APPLICATION (app)));
  else
    refresh (self);

  if (!from_file && app != NULL && FOL_IS_APPLICATION (app))
    _fol_application_begin_review (FOL_APPLICATION (app), GTK_WINDOW (self), patient_id);

  return GTK_WIDGET (self);
}

/**
 * fol_review_window_open_file:
 * @app: the application
 * @path: a shared patient file (`.follicle`)
 * @error: where to put the reason it cannot be shown
 *
 * Opens the patient's own copy, read-only, in review mode: what
 * `follicle FILE.follicle` shows. A damaged or foreign file is refused
 * with a message that says so.
 *
 * Returns: (transfer none) (nullable): a new #FolReviewWindow, or
 *   %NULL with @error set
 */
GtkWidget *
fol_review_window_open_file (GtkApplication  *app,
                             const char      *path,
                             GError         **error)
{
  return fol_review_window_open_file_protected (app, path, NULL, error);
}

/**
 * fol_review_window_open_file_protected:
 * @passphrase: (nullable): the passphrase of a protected file
 *
 * fol_review_window_open_file() for a patient file protected with a
 * passphrase, or not.
 */
GtkWidget *
fol_review_window_open_file_protected (GtkApplication  *app,
                                       const char      *path,
                                       const char      *passphrase,
                                       GError         **error)
{
  g_autoptr(FolSqliteStore) store = NULL;
  g_autofree char *patient_id = NULL;

  g_return_val_if_fail (app == NULL || GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  store = fol_patient_file_open_protected (path, passphrase, &patient_id, error);
  if (store == NULL)
    return NULL;
  return fol_review_window_new (app, FOL_STORE (store), patient_id, TRUE);
}

const char *
fol_review_window_get_patient_id (FolReviewWindow *self)
{
  g_return_val_if_fail (FOL_IS_REVIEW_WINDOW (self), NULL);

  return self->patient_id;
}

gboolean
fol_review_window_get_from_file (FolReviewWindow *self)
{
  g_return_val_if_fail (FOL_IS_REVIEW_WINDOW (self), FALSE);

  return self->from_file;
}

/**
 * fol_review_window_set_settings:
 * @settings: (nullable): settings with `change-threshold` and `review-pin-hash`
 *
 * Without settings, the threshold is the one fol_threshold_in_effect()
 * finds and no PIN is asked.
 */
void
fol_review_window_set_settings (FolReviewWindow *self,
                                GSettings       *settings)
{
  g_return_if_fail (FOL_IS_REVIEW_WINDOW (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_func (self->settings, threshold_changed_cb, self);
  g_set_object (&self->settings, settings);

  if (settings != NULL)
    {
      g_signal_connect_object (settings, "changed::change-threshold",
                               G_CALLBACK (threshold_changed_cb), self, G_CONNECT_SWAPPED);
      self->threshold = fol_threshold_in_effect (settings);
    }
  else
    self->threshold = fol_threshold_in_effect (NULL);

  refresh (self);
}

AdwMessageDialog *
_fol_review_window_get_leave_dialog (FolReviewWindow *self)
{
  g_return_val_if_fail (FOL_IS_REVIEW_WINDOW (self), NULL);

  return self->leave_dialog;
}

void
_fol_review_window_answer_leave (FolReviewWindow *self,
                                 const char      *response,
                                 const char      *pin)
{
  AdwMessageDialog *dialog;

  g_return_if_fail (FOL_IS_REVIEW_WINDOW (self));
  g_return_if_fail (self->leave_dialog != NULL);

  dialog = g_object_ref (self->leave_dialog);
  if (pin != NULL && self->pin_entry != NULL)
    gtk_editable_set_text (self->pin_entry, pin);
  adw_message_dialog_response (dialog, response);
  /* A click on a response button closes the question too. */
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

char **
_fol_review_window_dup_summary_lines (FolReviewWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (FOL_IS_REVIEW_WINDOW (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->summary_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_strv_builder_add (builder, gtk_label_get_text (GTK_LABEL (child)));
  return g_strv_builder_end (builder);
}

FolMeasure
_fol_review_window_get_measure (FolReviewWindow *self)
{
  g_return_val_if_fail (FOL_IS_REVIEW_WINDOW (self), FOL_MEASURE_TOTAL_DENSITY);

  return selected_measure (self);
}

void
_fol_review_window_ask_leave (FolReviewWindow *self,
                              gboolean         quit)
{
  g_return_if_fail (FOL_IS_REVIEW_WINDOW (self));

  gtk_window_present (GTK_WINDOW (self));
  request_leave (self, quit);
}

void
_fol_review_window_set_clock (FolReviewWindow  *self,
                              gint64          (*clock) (void))
{
  g_return_if_fail (FOL_IS_REVIEW_WINDOW (self));

  self->clock = clock != NULL ? clock : g_get_monotonic_time;
}

void
_fol_review_window_update_lock (FolReviewWindow *self)
{
  g_return_if_fail (FOL_IS_REVIEW_WINDOW (self));

  update_lock (self);
}

GtkWidget *
_fol_review_window_get_pin_entry (FolReviewWindow *self)
{
  g_return_val_if_fail (FOL_IS_REVIEW_WINDOW (self), NULL);

  return self->pin_entry != NULL ? GTK_WIDGET (self->pin_entry) : NULL;
}

char **
_fol_review_window_dup_figure_lines (FolReviewWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (FOL_IS_REVIEW_WINDOW (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->figures_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_strv_builder_add (builder, gtk_label_get_text (GTK_LABEL (child)));
  return g_strv_builder_end (builder);
}
