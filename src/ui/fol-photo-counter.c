/* fol-photo-counter.c
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

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fol-error.h"
#include "fol-photo-counter-private.h"
#include "fol-photo-marks.h"
#include "fol-form.h"
#include "fol-resources.h"
#include "fol-photo-files.h"
#include "fol-photo-measure.h"
#include "fol-application.h"

/* A manual hair count on a photo: calibrate the scale on a ruler, place a
 * counting field (1 cm² by default), mark each hair in it. Count, area and
 * density follow live; the marks are saved with the photo so the count can
 * be reviewed, and "Use for This Visit" writes it into the visit's
 * measurement of the region.
 */

#define VIEW_SIZE 4096
#define SAVE_DELAY_MS 800

G_DEFINE_FINAL_TYPE (FolPhotoCounter, fol_photo_counter, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADED,
  PROP_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static double
px_per_mm (FolPhotoCounter *self)
{
  return self->photo != NULL ? fol_photo_get_px_per_mm (self->photo) : NAN;
}

static void
update_labels (FolPhotoCounter *self)
{
  g_autofree char *count = NULL;
  g_autofree char *area = NULL;
  g_autofree char *density = NULL;
  double a = fol_photo_counter_get_area (self);
  double d = fol_photo_counter_get_density (self);
  guint n = fol_photo_counter_get_count (self);

  count = g_strdup_printf (ngettext ("%u hair", "%u hairs", n), n);
  area = isnan (a) ? g_strdup (_("Field: —")) : g_strdup_printf (_("Field: %.2f cm²"), a);
  /* Translators: a density and its unit, "hairs/cm²" */
  density = isnan (d) ? g_strdup (_("Density: —"))
                      : g_strdup_printf (_("Density: %.1f %s"), d,
                                         fol_measure_unit (FOL_MEASURE_TOTAL_DENSITY));

  gtk_label_set_text (self->count_label, count);
  gtk_label_set_text (self->area_label, area);
  gtk_label_set_text (self->density_label, density);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static void
set_status (FolPhotoCounter *self,
            const char      *text)
{
  gtk_label_set_text (self->status_label, text ? text : "");
}

static void
update_hint (FolPhotoCounter *self)
{
  if (self->photo == NULL)
    set_status (self, NULL);
  else if (self->tool == TOOL_CALIBRATE)
    set_status (self, self->n_ruler_points == 1
                      ? _("Click the second point of the ruler.")
                      : _("Click two points of the ruler, then set their distance."));
  else if (isnan (px_per_mm (self)))
    set_status (self, _("Calibrate on a ruler to place the counting field."));
  else if (self->tool == TOOL_FIELD)
    set_status (self, _("Click where the centre of the counting field goes."));
  else
    {
      g_autofree char *hint = _fol_photo_counter_suggest_hint (self);

      set_status (self, hint != NULL ? hint
                        : _("Click each hair in the field; drag to move a mark, right-click to "
                            "remove it. Keyboard: arrows move the cross, Enter marks, Delete removes."));
    }
}

void
_fol_photo_counter_set_status (FolPhotoCounter *self,
                               const char      *text)
{
  set_status (self, text);
}

double
_fol_photo_counter_px_per_mm (FolPhotoCounter *self)
{
  return px_per_mm (self);
}

static gboolean
save_timeout_cb (gpointer data)
{
  FolPhotoCounter *self = data;
  g_autoptr(GError) error = NULL;

  self->save_source = 0;
  if (!fol_photo_counter_save (self, &error))
    set_status (self, error->message);
  return G_SOURCE_REMOVE;
}

/* Marks are saved shortly after the last change: one transaction for a
 * burst of clicks rather than one per click.
 */
static void
changed (FolPhotoCounter *self)
{
  if (self->photo != NULL)
    {
      g_clear_handle_id (&self->save_source, g_source_remove);
      self->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
    }
  update_labels (self);
  /* What the last command said is about the count before this change. */
  update_hint (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
}

void
_fol_photo_counter_changed (FolPhotoCounter *self)
{
  changed (self);
}

static int
mark_at (FolPhotoCounter *self,
         double           x,
         double           y)
{
  double scale = fol_photo_canvas_get_scale (self->canvas);
  double radius = (FOL_PHOTO_MARK_RADIUS + 2) / (scale > 0 ? scale : 1);
  int best = -1;
  double best_distance = radius;

  for (guint i = 0; i < self->marks->len; i++)
    {
      const FolPhotoMark *m = &g_array_index (self->marks, FolPhotoMark, i);
      double distance = hypot (m->x - x, m->y - y);

      if (distance <= best_distance)
        {
          best = i;
          best_distance = distance;
        }
    }
  return best;
}

static void
sync_field_controls (FolPhotoCounter *self)
{
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->shape_dropdown, self->field.shape);
  gtk_spin_button_set_value (self->size_spin, self->field.size_mm);
  self->updating = FALSE;
}

/* The clinic's terminal threshold, for a patient measured at none yet. */
static double
default_threshold (void)
{
  GApplication *app = g_application_get_default ();
  GSettings *settings = FOL_IS_APPLICATION (app)
                        ? fol_application_get_settings (FOL_APPLICATION (app)) : NULL;

  return settings != NULL ? g_settings_get_double (settings, "terminal-threshold")
                          : FOL_TERMINAL_THRESHOLD_DEFAULT_UM;
}

/* Canvas delegate */

static void
draw_cb (cairo_t  *cr,
         gpointer  data)
{
  FolPhotoCounter *self = data;
  double scale = fol_photo_canvas_get_scale (self->canvas);
  double x, y;

  if (scale <= 0)
    return;

  fol_photo_canvas_image_to_widget (self->canvas, 0, 0, &x, &y);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  fol_photo_count_render (cr, scale, self->has_field ? &self->field : NULL, px_per_mm (self),
                          (const FolPhotoMark *) (gpointer) self->marks->data, self->marks->len,
                          self->selected,
                          self->tool == TOOL_CALIBRATE ? self->ruler : NULL,
                          self->tool == TOOL_CALIBRATE ? self->n_ruler_points : 0);
  _fol_photo_counter_draw_suggestions (self, cr, scale);
  cairo_restore (cr);
}

static void
click_cb (double   x,
          double   y,
          guint    button,
          gpointer data)
{
  FolPhotoCounter *self = data;
  int hit;

  if (self->unreadable)
    return;

  switch (self->tool)
    {
    case TOOL_CALIBRATE:
      if (button != GDK_BUTTON_PRIMARY)
        return;
      if (self->n_ruler_points >= 2)
        self->n_ruler_points = 0;
      self->ruler[self->n_ruler_points].x = x;
      self->ruler[self->n_ruler_points].y = y;
      self->n_ruler_points++;
      if (self->n_ruler_points == 2)
        {
          g_autoptr(GError) error = NULL;

          if (!fol_photo_counter_calibrate (self, self->ruler[0].x, self->ruler[0].y,
                                            self->ruler[1].x, self->ruler[1].y,
                                            gtk_spin_button_get_value (self->ruler_spin), &error))
            set_status (self, error->message);
          return;
        }
      update_hint (self);
      gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
      break;

    case TOOL_FIELD:
      if (button == GDK_BUTTON_PRIMARY)
        {
          FolPhotoField field = self->field;

          field.centre_x = x;
          field.centre_y = y;
          fol_photo_counter_set_field (self, &field);
        }
      break;

    case TOOL_COUNT:
    default:
      /* A click on a suggestion rejects it. */
      hit = _fol_photo_counter_suggestion_at (self, x, y);
      if (hit >= 0 && button == GDK_BUTTON_PRIMARY)
        {
          const FolHairSuggestion *s = &g_array_index (self->suggested, FolHairSuggestion, hit);

          _fol_photo_counter_reject (self, s->x, s->y, s->diameter_um);
          g_array_remove_index (self->suggested, hit);
          changed (self);
          break;
        }
      hit = mark_at (self, x, y);
      if (button == GDK_BUTTON_SECONDARY)
        {
          if (hit >= 0)
            fol_photo_counter_remove_mark (self, hit);
        }
      else if (button == GDK_BUTTON_PRIMARY)
        {
          if (hit >= 0)
            {
              self->selected = hit;
              gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
            }
          else
            fol_photo_counter_add_mark (self, x, y);
        }
      break;
    }
}

static gboolean
drag_begin_cb (double   x,
               double   y,
               gpointer data)
{
  FolPhotoCounter *self = data;

  if (self->tool != TOOL_COUNT)
    return FALSE;
  self->dragged = mark_at (self, x, y);
  if (self->dragged >= 0)
    self->selected = self->dragged;
  return self->dragged >= 0;
}

static void
drag_to_cb (double   x,
            double   y,
            gpointer data)
{
  FolPhotoCounter *self = data;

  if (self->dragged >= 0)
    fol_photo_counter_move_mark (self, self->dragged, x, y);
}

static void
drag_end_cb (gpointer data)
{
  FolPhotoCounter *self = data;

  self->dragged = -1;
}

static const FolCanvasDelegate delegate = {
  draw_cb, click_cb, drag_begin_cb, drag_to_cb, drag_end_cb,
};

/* Callbacks */

static void
tool_toggled_cb (FolPhotoCounter *self)
{
  if (gtk_toggle_button_get_active (self->calibrate_button))
    self->tool = TOOL_CALIBRATE;
  else if (gtk_toggle_button_get_active (self->field_button))
    self->tool = TOOL_FIELD;
  else
    self->tool = TOOL_COUNT;
  self->n_ruler_points = 0;
  update_hint (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static void
ruler_changed_cb (FolPhotoCounter *self)
{
  g_autoptr(GError) error = NULL;

  /* A distance typed after clicking the two points recalibrates. */
  if (self->tool == TOOL_CALIBRATE && self->n_ruler_points == 2 &&
      !fol_photo_counter_calibrate (self, self->ruler[0].x, self->ruler[0].y,
                                    self->ruler[1].x, self->ruler[1].y,
                                    gtk_spin_button_get_value (self->ruler_spin), &error))
    set_status (self, error->message);
}

static void
field_edited_cb (FolPhotoCounter *self)
{
  FolPhotoField field = self->field;

  if (self->updating)
    return;
  field.shape = gtk_drop_down_get_selected (self->shape_dropdown) == 1
              ? FOL_FIELD_CIRCLE : FOL_FIELD_SQUARE;
  field.size_mm = gtk_spin_button_get_value (self->size_spin);
  fol_photo_counter_set_field (self, &field);
}

/* A photo whose file cannot be shown is not counted: marks and Use for
 * This Visit are off until another photo is set.
 */
static void
update_counting_actions (FolPhotoCounter *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->unreadable_page), self->unreadable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "counter.use-for-visit", !self->unreadable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "counter.act-here", !self->unreadable);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = fol_photo_load_finish (result, &error);
  FolPhotoCounter *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = FOL_PHOTO_COUNTER (user_data);
  if (pixbuf == NULL)
    {
      /* Nothing to count on: no marks, no count written to the visit. */
      self->unreadable = TRUE;
      set_status (self, error->message);
      adw_status_page_set_description (self->unreadable_page, error->message);
      update_counting_actions (self);
      _fol_photo_counter_suggest_reset (self);
    }
  else
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (pixbuf);

      fol_photo_canvas_set_image (self->canvas, 0, texture, fol_photo_get_width (self->photo),
                                  fol_photo_get_height (self->photo));
    }
  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FolPhotoCounter *self = FOL_PHOTO_COUNTER (widget);

  fol_photo_canvas_zoom_by (self->canvas, g_str_equal (action_name, "counter.zoom-in") ? 1.25 : 0.8);
}

/* Enter: what a click at the keyboard cursor (the view centre) does. */
static void
act_here_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FolPhotoCounter *self = FOL_PHOTO_COUNTER (widget);
  double x, y;

  if (!self->loaded)
    return;
  fol_photo_canvas_get_centre_point (self->canvas, &x, &y);
  click_cb (x, y, GDK_BUTTON_PRIMARY, self);
}

static void
delete_mark_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FolPhotoCounter *self = FOL_PHOTO_COUNTER (widget);
  double x, y;
  int hit;

  fol_photo_canvas_get_centre_point (self->canvas, &x, &y);
  hit = mark_at (self, x, y);
  if (hit >= 0)
    fol_photo_counter_remove_mark (self, hit);
  else if (self->selected >= 0 && (guint) self->selected < self->marks->len)
    fol_photo_counter_remove_mark (self, self->selected);
  else if (self->marks->len > 0)
    fol_photo_counter_remove_mark (self, self->marks->len - 1);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (GTK_IS_WINDOW (root))
    gtk_window_close (GTK_WINDOW (root));
}

/* Vfuncs */

static void
fol_photo_counter_dispose (GObject *object)
{
  FolPhotoCounter *self = (FolPhotoCounter *) object;

  /* Unsaved marks are written before the counter goes. */
  if (self->save_source != 0)
    {
      g_clear_handle_id (&self->save_source, g_source_remove);
      fol_photo_counter_save (self, NULL);
    }

  g_cancellable_cancel (self->load);
  g_clear_object (&self->load);
  _fol_photo_counter_suggest_reset (self);
  if (self->canvas != NULL)
    fol_photo_canvas_set_delegate (self->canvas, NULL, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), FOL_TYPE_PHOTO_COUNTER);
  /* The template's top box is not a bound child: unparent it too. */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (fol_photo_counter_parent_class)->dispose (object);
}

static void
fol_photo_counter_finalize (GObject *object)
{
  FolPhotoCounter *self = (FolPhotoCounter *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->photo);
  g_clear_pointer (&self->patient_id, g_free);
  g_clear_pointer (&self->marks, g_array_unref);
  g_clear_pointer (&self->rejected, g_array_unref);
  _fol_photo_counter_suggest_finalize (self);

  G_OBJECT_CLASS (fol_photo_counter_parent_class)->finalize (object);
}

static void
fol_photo_counter_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FolPhotoCounter *self = FOL_PHOTO_COUNTER (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_COUNT:
      g_value_set_uint (value, fol_photo_counter_get_count (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_photo_counter_class_init (FolPhotoCounterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_photo_counter_dispose;
  object_class->finalize = fol_photo_counter_finalize;
  object_class->get_property = fol_photo_counter_get_property;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Referenced so that the bundle is linked in and registered, also
   * in programs (tests) that do not start the application.
   */
  g_assert (fol_get_resource () != NULL);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/fol-photo-counter.ui");
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCounter, count_button);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCounter, field_button);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCounter, calibrate_button);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCounter, ruler_spin);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCounter, shape_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCounter, size_spin);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCounter, canvas);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCounter, count_label);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCounter, area_label);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCounter, density_label);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCounter, status_label);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCounter, unreadable_page);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCounter, suggest_progress);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCounter, suggest_button);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCounter, cancel_suggest_button);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCounter, accept_button);
  gtk_widget_class_bind_template_callback (widget_class, tool_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, ruler_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_edited_cb);

  _fol_photo_counter_visit_class_init (widget_class);
  gtk_widget_class_install_action (widget_class, "counter.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "counter.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "counter.delete-mark", NULL, delete_mark_action);
  gtk_widget_class_install_action (widget_class, "counter.act-here", NULL, act_here_action);
  gtk_widget_class_install_action (widget_class, "counter.close", NULL, close_action);
  _fol_photo_counter_suggest_class_init (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "counter.act-here", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "counter.act-here", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "counter.delete-mark", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "counter.delete-mark", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "counter.close", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (FOL_TYPE_PHOTO_CANVAS);
}

static void
fol_photo_counter_init (FolPhotoCounter *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fol_form_name_drop_down (self->shape_dropdown, _("Shape of the counting field"));

  self->marks = g_array_new (FALSE, FALSE, sizeof (FolPhotoMark));
  self->rejected = g_array_new (FALSE, FALSE, sizeof (FolPhotoMark));
  self->threshold_um = FOL_TERMINAL_THRESHOLD_DEFAULT_UM;
  self->field.shape = FOL_FIELD_SQUARE;
  self->field.size_mm = FOL_FIELD_DEFAULT_SIZE_MM;
  self->selected = -1;
  self->dragged = -1;
  fol_photo_canvas_set_delegate (self->canvas, &delegate, self);
  _fol_photo_counter_suggest_init (self);
  update_labels (self);
}

/* Public API */

GtkWidget *
fol_photo_counter_new (FolStore *store)
{
  FolPhotoCounter *self;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);

  self = g_object_new (FOL_TYPE_PHOTO_COUNTER, NULL);
  self->store = g_object_ref (store);
  return GTK_WIDGET (self);
}

/**
 * fol_photo_counter_set_photo:
 * @patient_id: the patient the photo belongs to
 *
 * Shows @photo with the count saved on it, if any.
 */
void
fol_photo_counter_set_photo (FolPhotoCounter *self,
                             FolPhoto        *photo,
                             const char      *patient_id)
{
  g_autoptr(GArray) marks = NULL;
  g_autoptr(GError) error = NULL;
  FolPhotoField field;
  gboolean has_field = FALSE;

  g_return_if_fail (FOL_IS_PHOTO_COUNTER (self));
  g_return_if_fail (FOL_IS_PHOTO (photo));
  g_return_if_fail (patient_id != NULL);

  if (self->save_source != 0)
    {
      g_clear_handle_id (&self->save_source, g_source_remove);
      fol_photo_counter_save (self, NULL);
    }

  g_set_object (&self->photo, photo);
  g_free (self->patient_id);
  self->patient_id = g_strdup (patient_id);
  self->threshold_um = fol_photo_measure_threshold (self->store, patient_id, photo,
                                                    default_threshold ());
  g_array_set_size (self->marks, 0);
  g_array_set_size (self->rejected, 0);
  _fol_photo_counter_suggest_reset (self);
  self->selected = self->dragged = -1;
  self->n_ruler_points = 0;
  self->loaded = FALSE;
  self->unreadable = FALSE;
  update_counting_actions (self);

  if (fol_store_load_photo_count (self->store, fol_photo_get_id (photo), &has_field, &field,
                                  &marks, &error))
    {
      for (guint i = 0; i < marks->len; i++)
        {
          const FolPhotoMark *mark = &g_array_index (marks, FolPhotoMark, i);

          g_array_append_vals (fol_photo_mark_is_confirmed (mark) ? self->marks : self->rejected,
                               mark, 1);
        }
      self->has_field = has_field;
      if (has_field)
        self->field = field;
    }
  else
    set_status (self, error->message);

  /* A calibrated photo without a field gets the default one, centred. */
  if (!self->has_field && !isnan (px_per_mm (self)))
    {
      self->field.centre_x = fol_photo_get_width (photo) / 2.0;
      self->field.centre_y = fol_photo_get_height (photo) / 2.0;
      self->has_field = TRUE;
    }
  sync_field_controls (self);

  g_cancellable_cancel (self->load);
  g_clear_object (&self->load);
  self->load = g_cancellable_new ();
  fol_photo_canvas_set_image (self->canvas, 0, NULL, 0, 0);
  fol_photo_canvas_reset_view (self->canvas);
  fol_photo_load_async (self->store, photo, VIEW_SIZE, self->load, load_done_cb, self);

  update_hint (self);
  update_labels (self);
}

/**
 * fol_photo_counter_get_photo:
 *
 * Returns: (transfer none) (nullable): the photo being counted
 */
FolPhoto *
fol_photo_counter_get_photo (FolPhotoCounter *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COUNTER (self), NULL);
  return self->photo;
}

gboolean
fol_photo_counter_is_loaded (FolPhotoCounter *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COUNTER (self), FALSE);
  return self->loaded;
}

/**
 * fol_photo_counter_calibrate:
 *
 * Sets the photo's scale from two points of a ruler (image pixels) and
 * their distance, and stores it.
 */
gboolean
fol_photo_counter_calibrate (FolPhotoCounter  *self,
                             double            x1,
                             double            y1,
                             double            x2,
                             double            y2,
                             double            distance_mm,
                             GError          **error)
{
  double scale = fol_photo_px_per_mm (x1, y1, x2, y2, distance_mm);
  g_autofree char *status = NULL;

  g_return_val_if_fail (FOL_IS_PHOTO_COUNTER (self), FALSE);
  g_return_val_if_fail (self->photo != NULL, FALSE);

  if (isnan (scale))
    {
      g_set_error_literal (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE,
                           _("Click two different points of the ruler, and give a distance above 0 mm"));
      return FALSE;
    }

  if (!fol_store_set_photo_calibration (self->store, fol_photo_get_id (self->photo), scale, error))
    return FALSE;

  fol_photo_set_px_per_mm (self->photo, scale);
  /* Suggestions were found at the old scale. */
  _fol_photo_counter_suggest_reset (self);
  if (!self->has_field)
    {
      self->field.centre_x = fol_photo_get_width (self->photo) / 2.0;
      self->field.centre_y = fol_photo_get_height (self->photo) / 2.0;
      self->has_field = TRUE;
      changed (self);
    }

  status = g_strdup_printf (_("Scale: %.1f pixels per millimetre"), scale);
  set_status (self, status);
  update_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
  return TRUE;
}

double
fol_photo_counter_get_px_per_mm (FolPhotoCounter *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COUNTER (self), NAN);
  return px_per_mm (self);
}

void
fol_photo_counter_set_field (FolPhotoCounter     *self,
                             const FolPhotoField *field)
{
  g_return_if_fail (FOL_IS_PHOTO_COUNTER (self));
  g_return_if_fail (field != NULL);
  g_return_if_fail (field->size_mm > 0);

  self->field = *field;
  self->has_field = TRUE;
  /* Suggestions belong to the field they were looked for in. */
  _fol_photo_counter_suggest_reset (self);
  sync_field_controls (self);
  changed (self);
}

gboolean
fol_photo_counter_get_field (FolPhotoCounter *self,
                             FolPhotoField   *out_field)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COUNTER (self), FALSE);
  g_return_val_if_fail (out_field != NULL, FALSE);

  *out_field = self->field;
  return self->has_field;
}

/* Returns: the index of the new mark */
guint
fol_photo_counter_add_mark (FolPhotoCounter *self,
                            double           x,
                            double           y)
{
  FolPhotoMark mark = { .x = x, .y = y, .origin = FOL_MARK_BY_HAND, .diameter_um = NAN };

  g_return_val_if_fail (FOL_IS_PHOTO_COUNTER (self), 0);

  g_array_append_val (self->marks, mark);
  self->selected = self->marks->len - 1;
  changed (self);
  return self->marks->len - 1;
}

void
fol_photo_counter_move_mark (FolPhotoCounter *self,
                             guint            index,
                             double           x,
                             double           y)
{
  FolPhotoMark *mark;

  g_return_if_fail (FOL_IS_PHOTO_COUNTER (self));
  g_return_if_fail (index < self->marks->len);

  mark = &g_array_index (self->marks, FolPhotoMark, index);
  mark->x = x;
  mark->y = y;
  /* The clinician corrected where the suggestion lay. */
  if (mark->origin == FOL_MARK_SUGGESTED)
    mark->origin = FOL_MARK_SUGGESTED_MOVED;
  changed (self);
}

void
fol_photo_counter_remove_mark (FolPhotoCounter *self,
                               guint            index)
{
  g_return_if_fail (FOL_IS_PHOTO_COUNTER (self));
  g_return_if_fail (index < self->marks->len);

  /* A suggestion accepted and then removed was rejected after all. */
  {
    const FolPhotoMark *mark = &g_array_index (self->marks, FolPhotoMark, index);

    if (mark->origin == FOL_MARK_SUGGESTED || mark->origin == FOL_MARK_SUGGESTED_MOVED)
      _fol_photo_counter_reject (self, mark->x, mark->y, mark->diameter_um);
  }
  g_array_remove_index (self->marks, index);
  self->selected = -1;
  changed (self);
}

/* Keeps a suggestion the clinician removed, for the audit: it is saved
 * with the marks as rejected and never counted.
 */
void
_fol_photo_counter_reject (FolPhotoCounter *self,
                           double           x,
                           double           y,
                           double           diameter_um)
{
  FolPhotoMark mark = { .x = x, .y = y, .origin = FOL_MARK_REJECTED, .diameter_um = diameter_um };

  g_array_append_val (self->rejected, mark);
}

/**
 * fol_photo_counter_get_mark:
 *
 * Returns: (transfer none): the confirmed mark @index, with its origin
 */
const FolPhotoMark *
fol_photo_counter_get_mark (FolPhotoCounter *self,
                            guint            index)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COUNTER (self), NULL);
  g_return_val_if_fail (index < self->marks->len, NULL);
  return &g_array_index (self->marks, FolPhotoMark, index);
}

/* The suggestions the clinician rejected, kept with the marks. */
guint
fol_photo_counter_get_n_rejected (FolPhotoCounter *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COUNTER (self), 0);
  return self->rejected->len;
}

guint
fol_photo_counter_get_n_marks (FolPhotoCounter *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COUNTER (self), 0);
  return self->marks->len;
}

/* The hairs counted: the marks inside the field. */
guint
fol_photo_counter_get_count (FolPhotoCounter *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COUNTER (self), 0);

  if (!self->has_field || isnan (px_per_mm (self)))
    return self->marks->len;
  return fol_photo_field_count (&self->field, px_per_mm (self),
                                (const FolPhotoMark *) (gpointer) self->marks->data,
                                self->marks->len);
}

/* The field's area in cm², NaN until the field can be placed (calibrated). */
double
fol_photo_counter_get_area (FolPhotoCounter *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COUNTER (self), NAN);

  if (!self->has_field || isnan (px_per_mm (self)))
    return NAN;
  return fol_photo_field_area_cm2 (&self->field);
}

double
fol_photo_counter_get_density (FolPhotoCounter *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COUNTER (self), NAN);
  return fol_photo_density (fol_photo_counter_get_count (self), fol_photo_counter_get_area (self));
}

/* Stores the field and marks now. */
gboolean
fol_photo_counter_save (FolPhotoCounter  *self,
                        GError          **error)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COUNTER (self), FALSE);

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->photo == NULL)
    return TRUE;
  /* The confirmed marks, then the rejected suggestions. */
  {
    g_autoptr(GArray) all = g_array_sized_new (FALSE, FALSE, sizeof (FolPhotoMark),
                                               self->marks->len + self->rejected->len);

    g_array_append_vals (all, self->marks->data, self->marks->len);
    g_array_append_vals (all, self->rejected->data, self->rejected->len);
    return fol_store_save_photo_count (self->store, fol_photo_get_id (self->photo),
                                       self->has_field ? &self->field : NULL, all, error);
  }
}

/**
 * fol_photo_counter_get_status:
 *
 * Returns: (transfer none): the line under the photo: what to do next, or
 *   what the last command did
 */
const char *
fol_photo_counter_get_status (FolPhotoCounter *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COUNTER (self), NULL);
  return gtk_label_get_text (self->status_label);
}

/**
 * fol_photo_counter_get_canvas:
 *
 * Returns: (transfer none): the view the photo is drawn in
 */
FolPhotoCanvas *
fol_photo_counter_get_canvas (FolPhotoCounter *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COUNTER (self), NULL);
  return self->canvas;
}
