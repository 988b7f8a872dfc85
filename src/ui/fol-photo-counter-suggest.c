/* fol-photo-counter-suggest.c
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

#define G_LOG_DOMAIN "fol-photo-counter"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fol-hair-detect.h"
#include "fol-photo-counter-private.h"
#include "fol-photo-files.h"
#include "fol-photo-marks.h"

/* Suggest Marks: the hairs of the counted field are found on the photo at
 * full resolution, in a worker thread, and drawn as suggestions: hollow
 * dashed rings, where confirmed marks are filled. A suggestion is not a
 * mark: it is neither counted nor saved. The clinician rejects one by
 * clicking it, adds missed hairs as usual, and Accept All turns the rest
 * into marks.
 */


typedef struct
{
  GdkPixbuf          *pixbuf;
  FolHairDetectParams params;
  FolPhotoField       field;
  gboolean            has_field;
  int                *progress;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->pixbuf);
  g_free (job);
}

static void
update_actions (FolPhotoCounter *self)
{
  gboolean running = self->suggesting != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "counter.suggest",
                                 !running && self->photo != NULL && !self->unreadable
                                 && !isnan (_fol_photo_counter_px_per_mm (self)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "counter.cancel-suggest", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "counter.accept-suggestions",
                                 !running && self->suggested->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->suggest_progress), running);
  gtk_widget_set_visible (self->cancel_suggest_button, running);
  gtk_widget_set_visible (self->accept_button, self->suggested->len > 0);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  g_atomic_int_set ((int *) user_data, (int) (fraction * 1000));
}

static gboolean
progress_timeout_cb (gpointer data)
{
  FolPhotoCounter *self = data;

  gtk_progress_bar_set_fraction (self->suggest_progress, g_atomic_int_get (&self->progress) / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void
detect_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GArray) found = NULL;
  GError *error = NULL;

  found = fol_hair_detect (gdk_pixbuf_read_pixels (job->pixbuf),
                           gdk_pixbuf_get_width (job->pixbuf),
                           gdk_pixbuf_get_height (job->pixbuf),
                           gdk_pixbuf_get_rowstride (job->pixbuf),
                           gdk_pixbuf_get_n_channels (job->pixbuf),
                           &job->params, cancellable, progress_cb, job->progress, &error);
  if (found == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* A square field is searched as it is; of a circle, what lies in it. */
  for (guint i = found->len; job->has_field && i-- > 0;)
    {
      const FolHairSuggestion *s = &g_array_index (found, FolHairSuggestion, i);

      if (!fol_photo_field_contains (&job->field, job->params.px_per_mm, s->x, s->y))
        g_array_remove_index (found, i);
    }
  g_task_return_pointer (task, g_steal_pointer (&found), (GDestroyNotify) g_array_unref);
}

static void
finish (FolPhotoCounter *self)
{
  g_clear_object (&self->suggesting);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  update_actions (self);
}

static void
detect_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  FolPhotoCounter *self = FOL_PHOTO_COUNTER (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer photo or a reset has taken over: nothing here is current. */
  if (g_task_get_cancellable (G_TASK (result)) != self->suggesting)
    return;
  finish (self);
  if (found == NULL)
    {
      _fol_photo_counter_set_status (self, g_error_matches (error, G_IO_ERROR,
                                                            G_IO_ERROR_CANCELLED)
                                           ? _("Suggesting marks was cancelled.")
                                           : error->message);
      return;
    }
  g_array_set_size (self->suggested, 0);
  g_array_append_vals (self->suggested, found->data, found->len);
  update_actions (self);
  _fol_photo_counter_changed (self);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FolPhotoCounter) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = fol_photo_load_finish (result, &error);
  g_autoptr(GTask) task = NULL;
  Job *job;
  double ppm;

  if (self->suggesting == NULL || g_cancellable_is_cancelled (self->suggesting))
    {
      if (self->suggesting != NULL)
        {
          finish (self);
          _fol_photo_counter_set_status (self, _("Suggesting marks was cancelled."));
        }
      return;
    }
  if (pixbuf == NULL)
    {
      finish (self);
      _fol_photo_counter_set_status (self, error->message);
      return;
    }

  ppm = _fol_photo_counter_px_per_mm (self);
  job = g_new0 (Job, 1);
  job->pixbuf = g_steal_pointer (&pixbuf);
  job->progress = &self->progress;
  fol_hair_detect_params_init (&job->params, ppm);
  job->has_field = self->has_field;
  job->field = self->field;
  if (self->has_field)
    {
      double half = self->field.size_mm * ppm / 2;
      int w = gdk_pixbuf_get_width (job->pixbuf), h = gdk_pixbuf_get_height (job->pixbuf);
      int x0 = CLAMP ((int) floor (self->field.centre_x - half), 0, w - 1);
      int y0 = CLAMP ((int) floor (self->field.centre_y - half), 0, h - 1);
      int x1 = CLAMP ((int) ceil (self->field.centre_x + half), x0 + 1, w);
      int y1 = CLAMP ((int) ceil (self->field.centre_y + half), y0 + 1, h);

      job->params.field_x = x0;
      job->params.field_y = y0;
      job->params.field_width = x1 - x0;
      job->params.field_height = y1 - y0;
    }
  task = g_task_new (self, self->suggesting, detect_done_cb, NULL);
  g_task_set_source_tag (task, load_done_cb);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, detect_thread);
}

static void
suggest_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FolPhotoCounter *self = FOL_PHOTO_COUNTER (widget);

  if (self->photo == NULL || self->suggesting != NULL)
    return;
  if (isnan (_fol_photo_counter_px_per_mm (self)))
    {
      _fol_photo_counter_set_status (self, _("Calibrate the photo on a ruler before suggesting marks."));
      return;
    }
  self->suggesting = g_cancellable_new ();
  g_atomic_int_set (&self->progress, 0);
  gtk_progress_bar_set_fraction (self->suggest_progress, 0);
  self->progress_source = g_timeout_add (100, progress_timeout_cb, self);
  update_actions (self);
  _fol_photo_counter_set_status (self, _("Looking for hairs in the counting field…"));
  /* The photo at full size: the view may hold a reduced copy. */
  fol_photo_load_async (self->store, self->photo, 0, self->suggesting, load_done_cb,
                        g_object_ref (self));
}

static void
cancel_suggest_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FolPhotoCounter *self = FOL_PHOTO_COUNTER (widget);

  if (self->suggesting != NULL)
    g_cancellable_cancel (self->suggesting);
}

static void
accept_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FolPhotoCounter *self = FOL_PHOTO_COUNTER (widget);

  for (guint i = 0; i < self->suggested->len; i++)
    {
      const FolHairSuggestion *s = &g_array_index (self->suggested, FolHairSuggestion, i);
      FolPhotoMark mark = {
        .x = s->x, .y = s->y, .origin = FOL_MARK_SUGGESTED, .diameter_um = s->diameter_um,
      };

      g_array_append_val (self->marks, mark);
    }
  g_array_set_size (self->suggested, 0);
  update_actions (self);
  _fol_photo_counter_changed (self);
}

void
_fol_photo_counter_suggest_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "counter.suggest", NULL, suggest_action);
  gtk_widget_class_install_action (widget_class, "counter.cancel-suggest", NULL,
                                   cancel_suggest_action);
  gtk_widget_class_install_action (widget_class, "counter.accept-suggestions", NULL,
                                   accept_action);
}

void
_fol_photo_counter_suggest_init (FolPhotoCounter *self)
{
  self->suggested = g_array_new (FALSE, FALSE, sizeof (FolHairSuggestion));
  update_actions (self);
}

/* A new photo, a new calibration or the counter closing: whatever was
 * suggested or being looked for no longer applies.
 */
void
_fol_photo_counter_suggest_reset (FolPhotoCounter *self)
{
  if (self->suggesting != NULL)
    g_cancellable_cancel (self->suggesting);
  g_clear_object (&self->suggesting);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (self->suggested != NULL)
    g_array_set_size (self->suggested, 0);
  if (self->suggest_progress != NULL)
    update_actions (self);
}

void
_fol_photo_counter_suggest_finalize (FolPhotoCounter *self)
{
  g_clear_pointer (&self->suggested, g_array_unref);
}

int
_fol_photo_counter_suggestion_at (FolPhotoCounter *self,
                                  double           x,
                                  double           y)
{
  double scale = fol_photo_canvas_get_scale (self->canvas);
  double best = (FOL_PHOTO_MARK_RADIUS + 2) / (scale > 0 ? scale : 1);
  int hit = -1;

  for (guint i = 0; i < self->suggested->len; i++)
    {
      const FolHairSuggestion *s = &g_array_index (self->suggested, FolHairSuggestion, i);
      double d = hypot (s->x - x, s->y - y);

      if (d <= best)
        {
          best = d;
          hit = (int) i;
        }
    }
  return hit;
}

/* What the suggestions say, all of it an estimate: they count for nothing
 * until accepted.
 */
char *
_fol_photo_counter_suggest_hint (FolPhotoCounter *self)
{
  guint n = self->suggested->len, terminal = 0;
  double sum = 0;

  if (n == 0)
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      double d = g_array_index (self->suggested, FolHairSuggestion, i).diameter_um;

      terminal += d > self->threshold_um;
      sum += d;
    }
  return g_strdup_printf (ngettext ("%u suggested hair, not counted until accepted (estimates: "
                                    "%u terminal, %u vellus, mean diameter %.0f µm). Click a "
                                    "suggestion to reject it.",
                                    "%u suggested hairs, not counted until accepted (estimates: "
                                    "%u terminal, %u vellus, mean diameter %.0f µm). Click a "
                                    "suggestion to reject it.", n),
                          n, terminal, n - terminal, sum / n);
}

void
_fol_photo_counter_draw_suggestions (FolPhotoCounter *self,
                                     cairo_t         *cr,
                                     double           scale)
{
  static const double dash[] = { 3, 2 };

  if (self->suggested->len == 0)
    return;
  cairo_save (cr);
  cairo_set_line_width (cr, 2);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  for (guint i = 0; i < self->suggested->len; i++)
    {
      const FolHairSuggestion *s = &g_array_index (self->suggested, FolHairSuggestion, i);

      cairo_new_sub_path (cr);
      cairo_arc (cr, s->x * scale, s->y * scale, FOL_PHOTO_MARK_RADIUS + 1, 0, 2 * G_PI);
    }
  /* Orange on a dark halo: unlike the filled confirmed marks on any skin. */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_set_line_width (cr, 4);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 1.0, 0.6, 0.0);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Public API */

guint
fol_photo_counter_get_n_suggestions (FolPhotoCounter *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COUNTER (self), 0);
  return self->suggested->len;
}

gboolean
fol_photo_counter_is_suggesting (FolPhotoCounter *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COUNTER (self), FALSE);
  return self->suggesting != NULL;
}

/**
 * fol_photo_counter_get_suggestion:
 *
 * Returns: (transfer none) (nullable): the suggestion @index, in image pixels
 */
const FolHairSuggestion *
fol_photo_counter_get_suggestion (FolPhotoCounter *self,
                                  guint            index)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COUNTER (self), NULL);
  g_return_val_if_fail (index < self->suggested->len, NULL);
  return &g_array_index (self->suggested, FolHairSuggestion, index);
}
