/* fol-photo-canvas.c
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

#define G_LOG_DOMAIN "fol-photo-canvas"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fol-photo-canvas.h"

/* Shows one photo, or two side by side or overlaid with a divider to
 * swipe, under one zoom and pan: the view centre is kept as a fraction of
 * the image, so two photos of different sizes stay on the same spot.
 */

#define MIN_ZOOM 1.0
#define MAX_ZOOM 32.0
#define DIVIDER_GRAB 16.0
#define PANE_GAP 4.0

typedef struct
{
  GdkTexture *texture;
  int         width;   /* image pixels, after orientation */
  int         height;
} CanvasImage;

struct _FolPhotoCanvas
{
  GtkWidget parent_instance;

  CanvasImage   images[2];
  FolCanvasMode mode;
  double        zoom;
  double        u, v;     /* view centre, as fractions of the image */
  double        divider;  /* swipe divider, fraction of the width */

  /* Gesture state */
  double        drag_u, drag_v;
  double        drag_divider;
  double        pinch_zoom;
  enum { DRAG_NONE, DRAG_PAN, DRAG_DIVIDER, DRAG_ITEM } dragging;
  double        drag_start_x, drag_start_y;

  const FolCanvasDelegate *delegate;
  gpointer      delegate_data;
};

G_DEFINE_FINAL_TYPE (FolPhotoCanvas, fol_photo_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODE,
  PROP_ZOOM,
  PROP_DIVIDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Geometry */

typedef struct
{
  double x, y, width, height;  /* the pane, in widget coordinates */
  double scale;                /* widget pixels per image pixel */
  double origin_x, origin_y;   /* where image pixel (0, 0) lands */
} Pane;

static gboolean
compute_pane (FolPhotoCanvas *self,
              guint           index,
              Pane           *pane)
{
  const CanvasImage *image = &self->images[index];
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double fit;

  if (image->texture == NULL || image->width <= 0 || image->height <= 0 || w <= 0 || h <= 0)
    return FALSE;

  pane->x = 0;
  pane->y = 0;
  pane->width = w;
  pane->height = h;

  if (self->mode == FOL_CANVAS_SIDE_BY_SIDE)
    {
      pane->width = MAX (1, (w - PANE_GAP) / 2);
      pane->x = index == 0 ? 0 : w - pane->width;
    }

  fit = MIN (pane->width / image->width, pane->height / image->height);
  pane->scale = fit * self->zoom;
  pane->origin_x = pane->x + pane->width / 2 - self->u * image->width * pane->scale;
  pane->origin_y = pane->y + pane->height / 2 - self->v * image->height * pane->scale;
  return TRUE;
}

/* The range the view centre may take along one axis, as a fraction of an
 * image shown @shown widget pixels long in a pane @pane pixels long: the
 * image covers the pane, or is centred where it is shorter than the pane.
 */
static void
axis_range (double  shown,
            double  pane,
            double *lo,
            double *hi)
{
  if (shown <= pane)
    *lo = *hi = 0.5;
  else
    {
      *lo = pane / (2 * shown);
      *hi = 1 - *lo;
    }
}

/* Keeps the view from leaving the image, in the panes of the current mode
 * (a side-by-side pane is half as wide as the swipe's): at zoom 1 it is
 * centred. With a delegate (the counter) the centre is a keyboard cursor
 * that must reach every point of the photo, so only the centre is kept on
 * the image.
 */
static void
clamp_centre (FolPhotoCanvas *self)
{
  double lo_u = 0, hi_u = 1, lo_v = 0, hi_v = 1;
  gboolean any = FALSE;

  if (self->delegate == NULL)
    {
      guint n = self->mode == FOL_CANVAS_SINGLE ? 1 : 2;

      /* Where both photos can be kept covering their panes, both are; when
       * their shapes differ too much for that, the first one is.
       */
      for (guint i = 0; i < n; i++)
        {
          Pane pane;
          double a, b, c, d;

          if (!compute_pane (self, i, &pane))
            continue;
          axis_range (self->images[i].width * pane.scale, pane.width, &a, &b);
          axis_range (self->images[i].height * pane.scale, pane.height, &c, &d);
          if (!any)
            {
              lo_u = a, hi_u = b, lo_v = c, hi_v = d;
              any = TRUE;
            }
          else
            {
              if (MAX (lo_u, a) <= MIN (hi_u, b))
                lo_u = MAX (lo_u, a), hi_u = MIN (hi_u, b);
              if (MAX (lo_v, c) <= MIN (hi_v, d))
                lo_v = MAX (lo_v, c), hi_v = MIN (hi_v, d);
            }
        }

      /* Not shown yet: as if the image filled the view at zoom 1. */
      if (!any)
        {
          lo_u = lo_v = 0.5 / self->zoom;
          hi_u = hi_v = 1 - lo_u;
        }
    }

  self->u = CLAMP (self->u, lo_u, hi_u);
  self->v = CLAMP (self->v, lo_v, hi_v);
}

static void
set_zoom_at (FolPhotoCanvas *self,
             double          zoom,
             double          wx,
             double          wy)
{
  Pane before, after;
  gboolean has_pane;

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (zoom == self->zoom)
    return;

  /* The image point under (wx, wy) stays under it. */
  has_pane = compute_pane (self, 0, &before);
  self->zoom = zoom;
  if (has_pane && compute_pane (self, 0, &after))
    {
      double ix = (wx - before.origin_x) / before.scale;
      double iy = (wy - before.origin_y) / before.scale;

      self->u += (ix * after.scale + after.origin_x - wx) / (self->images[0].width * after.scale);
      self->v += (iy * after.scale + after.origin_y - wy) / (self->images[0].height * after.scale);
    }
  clamp_centre (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Callbacks */

static gboolean
scroll_cb (FolPhotoCanvas           *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));

  if (event != NULL)
    gdk_event_get_position (event, &x, &y);

  set_zoom_at (self, self->zoom * pow (1.15, -dy), x, y);
  return TRUE;
}

static void
zoom_begin_cb (FolPhotoCanvas *self,
               GdkEventSequence *sequence,
               GtkGestureZoom *gesture)
{
  self->pinch_zoom = self->zoom;
}

static void
zoom_scale_changed_cb (FolPhotoCanvas *self,
                       double          scale,
                       GtkGestureZoom *gesture)
{
  double x = 0, y = 0;

  gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y);
  set_zoom_at (self, self->pinch_zoom * scale, x, y);
}

static double
divider_x (FolPhotoCanvas *self)
{
  return self->divider * gtk_widget_get_width (GTK_WIDGET (self));
}

static void
drag_begin_cb (FolPhotoCanvas *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  double ix, iy;

  self->drag_start_x = x;
  self->drag_start_y = y;
  self->drag_u = self->u;
  self->drag_v = self->v;
  self->drag_divider = self->divider;

  gtk_widget_grab_focus (GTK_WIDGET (self));

  if (self->mode == FOL_CANVAS_SWIPE && fabs (x - divider_x (self)) <= DIVIDER_GRAB)
    self->dragging = DRAG_DIVIDER;
  else if (self->delegate != NULL && self->delegate->drag_begin != NULL &&
           fol_photo_canvas_widget_to_image (self, x, y, &ix, &iy) &&
           self->delegate->drag_begin (ix, iy, self->delegate_data))
    self->dragging = DRAG_ITEM;
  else
    self->dragging = DRAG_PAN;
}

static void
drag_update_cb (FolPhotoCanvas *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  Pane pane;

  switch (self->dragging)
    {
    case DRAG_DIVIDER:
      fol_photo_canvas_set_divider (self, self->drag_divider +
                                    dx / MAX (1, gtk_widget_get_width (GTK_WIDGET (self))));
      break;

    case DRAG_ITEM:
      {
        double ix, iy;

        fol_photo_canvas_widget_to_image (self, self->drag_start_x + dx, self->drag_start_y + dy,
                                          &ix, &iy);
        self->delegate->drag_to (ix, iy, self->delegate_data);
      }
      break;

    case DRAG_PAN:
      if (compute_pane (self, 0, &pane))
        {
          self->u = self->drag_u - dx / (self->images[0].width * pane.scale);
          self->v = self->drag_v - dy / (self->images[0].height * pane.scale);
          clamp_centre (self);
          gtk_widget_queue_draw (GTK_WIDGET (self));
        }
      break;

    case DRAG_NONE:
    default:
      break;
    }
}

static void
drag_end_cb (FolPhotoCanvas *self,
             double          dx,
             double          dy,
             GtkGestureDrag *gesture)
{
  if (self->dragging == DRAG_ITEM && self->delegate->drag_end != NULL)
    self->delegate->drag_end (self->delegate_data);
  self->dragging = DRAG_NONE;
}

static void
click_released_cb (FolPhotoCanvas  *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  double ix, iy;

  if (self->delegate == NULL || self->delegate->click == NULL)
    return;
  if (self->mode == FOL_CANVAS_SWIPE && fabs (x - divider_x (self)) <= DIVIDER_GRAB)
    return;
  if (fol_photo_canvas_widget_to_image (self, x, y, &ix, &iy))
    self->delegate->click (ix, iy, button, self->delegate_data);
}

static gboolean
key_pressed_cb (FolPhotoCanvas        *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  /* A tenth of the view per key press, a hundredth with Shift. */
  double step = (state & GDK_SHIFT_MASK ? 0.01 : 0.1) / self->zoom;
  /* Whether arrows have anything to move. */
  gboolean can_pan = self->zoom > MIN_ZOOM || self->delegate != NULL;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      fol_photo_canvas_zoom_by (self, 1.25);
      return TRUE;

    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      fol_photo_canvas_zoom_by (self, 1 / 1.25);
      return TRUE;

    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      fol_photo_canvas_reset_view (self);
      return TRUE;

    case GDK_KEY_Up:
      if (!can_pan)
        return FALSE;
      fol_photo_canvas_pan_by (self, 0, -step);
      return TRUE;

    case GDK_KEY_Down:
      if (!can_pan)
        return FALSE;
      fol_photo_canvas_pan_by (self, 0, step);
      return TRUE;

    /* At full view there is nothing to pan: Left and Right go on to the
     * parent (the comparison swaps its photos).
     */
    case GDK_KEY_Left:
      if (!can_pan)
        return FALSE;
      fol_photo_canvas_pan_by (self, -step, 0);
      return TRUE;

    case GDK_KEY_Right:
      if (!can_pan)
        return FALSE;
      fol_photo_canvas_pan_by (self, step, 0);
      return TRUE;

    default:
      return FALSE;
    }
}

/* Vfuncs */

static void
append_image (FolPhotoCanvas *self,
              GtkSnapshot    *snapshot,
              guint           index,
              double          clip_x,
              double          clip_width)
{
  const CanvasImage *image = &self->images[index];
  Pane pane;

  if (!compute_pane (self, index, &pane))
    return;

  gtk_snapshot_push_clip (snapshot,
                          &GRAPHENE_RECT_INIT (MAX (pane.x, clip_x), pane.y,
                                               MIN (pane.x + pane.width, clip_x + clip_width) -
                                               MAX (pane.x, clip_x),
                                               pane.height));
  gtk_snapshot_append_texture (snapshot, image->texture,
                               &GRAPHENE_RECT_INIT (pane.origin_x, pane.origin_y,
                                                    image->width * pane.scale,
                                                    image->height * pane.scale));
  gtk_snapshot_pop (snapshot);
}

static void
fol_photo_canvas_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  FolPhotoCanvas *self = FOL_PHOTO_CANVAS (widget);
  double w = gtk_widget_get_width (widget);
  double h = gtk_widget_get_height (widget);

  switch (self->mode)
    {
    case FOL_CANVAS_SINGLE:
      append_image (self, snapshot, 0, 0, w);
      break;

    case FOL_CANVAS_SIDE_BY_SIDE:
      append_image (self, snapshot, 0, 0, w);
      append_image (self, snapshot, 1, 0, w);
      break;

    case FOL_CANVAS_SWIPE:
      {
        double x = divider_x (self);
        GdkRGBA line = { 1, 1, 1, 0.9 };
        GdkRGBA shadow = { 0, 0, 0, 0.5 };

        append_image (self, snapshot, 0, 0, x);
        append_image (self, snapshot, 1, x, w - x);
        gtk_snapshot_append_color (snapshot, &shadow, &GRAPHENE_RECT_INIT (x - 2, 0, 4, h));
        gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (x - 1, 0, 2, h));
        gtk_snapshot_append_color (snapshot, &line,
                                   &GRAPHENE_RECT_INIT (x - 6, h / 2 - 20, 12, 40));
      }
      break;

    default:
      break;
    }

  if (self->delegate != NULL && self->delegate->draw != NULL && w > 0 && h > 0)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
      Pane pane;

      self->delegate->draw (cr, self->delegate_data);

      /* The keyboard cursor: Enter acts at the view's centre. */
      if (gtk_widget_has_focus (widget) && compute_pane (self, 0, &pane))
        {
          double cx = pane.x + pane.width / 2, cy = pane.y + pane.height / 2;

          cairo_set_line_width (cr, 3);
          cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
          cairo_move_to (cr, cx - 12, cy);
          cairo_line_to (cr, cx + 12, cy);
          cairo_move_to (cr, cx, cy - 12);
          cairo_line_to (cr, cx, cy + 12);
          cairo_stroke_preserve (cr);
          cairo_set_line_width (cr, 1);
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_stroke (cr);
        }
      cairo_destroy (cr);
    }
}

static void
fol_photo_canvas_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 560;
}

static void
fol_photo_canvas_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  /* A larger view may show past the image's edge where it was panned. */
  clamp_centre (FOL_PHOTO_CANVAS (widget));
  gtk_widget_queue_draw (widget);
}

static void
fol_photo_canvas_dispose (GObject *object)
{
  FolPhotoCanvas *self = (FolPhotoCanvas *) object;

  for (guint i = 0; i < G_N_ELEMENTS (self->images); i++)
    g_clear_object (&self->images[i].texture);
  self->delegate = NULL;

  G_OBJECT_CLASS (fol_photo_canvas_parent_class)->dispose (object);
}

static void
fol_photo_canvas_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FolPhotoCanvas *self = FOL_PHOTO_CANVAS (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_int (value, self->mode);
      break;

    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;

    case PROP_DIVIDER:
      g_value_set_double (value, self->divider);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_photo_canvas_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FolPhotoCanvas *self = FOL_PHOTO_CANVAS (object);

  switch (prop_id)
    {
    case PROP_MODE:
      fol_photo_canvas_set_mode (self, g_value_get_int (value));
      break;

    case PROP_ZOOM:
      fol_photo_canvas_set_zoom (self, g_value_get_double (value));
      break;

    case PROP_DIVIDER:
      fol_photo_canvas_set_divider (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_photo_canvas_class_init (FolPhotoCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_photo_canvas_dispose;
  object_class->get_property = fol_photo_canvas_get_property;
  object_class->set_property = fol_photo_canvas_set_property;

  widget_class->snapshot = fol_photo_canvas_snapshot;
  widget_class->measure = fol_photo_canvas_measure;
  widget_class->size_allocate = fol_photo_canvas_size_allocate;

  properties[PROP_MODE] =
    g_param_spec_int ("mode", NULL, NULL,
                      FOL_CANVAS_SINGLE, FOL_CANVAS_SWIPE, FOL_CANVAS_SINGLE,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL,
                         MIN_ZOOM, MAX_ZOOM, MIN_ZOOM,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DIVIDER] =
    g_param_spec_double ("divider", NULL, NULL,
                         0.0, 1.0, 0.5,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "photocanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fol_photo_canvas_init (FolPhotoCanvas *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->zoom = MIN_ZOOM;
  self->u = self->v = 0.5;
  self->divider = 0.5;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect_object (gesture, "begin", G_CALLBACK (zoom_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  g_signal_connect_object (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-update", G_CALLBACK (drag_update_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gesture, "drag-end", G_CALLBACK (drag_end_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect_object (gesture, "released", G_CALLBACK (click_released_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_object (controller, "enter", G_CALLBACK (gtk_widget_queue_draw), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (gtk_widget_queue_draw), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* Public API */

GtkWidget *
fol_photo_canvas_new (void)
{
  return g_object_new (FOL_TYPE_PHOTO_CANVAS, NULL);
}

/**
 * fol_photo_canvas_set_image:
 * @index: 0 (left, or the only one) or 1 (right)
 * @texture: (nullable): the image, possibly smaller than the photo
 * @width: the photo's width in image pixels, the unit of every position
 */
void
fol_photo_canvas_set_image (FolPhotoCanvas *self,
                            guint           index,
                            GdkTexture     *texture,
                            int             width,
                            int             height)
{
  g_return_if_fail (FOL_IS_PHOTO_CANVAS (self));
  g_return_if_fail (index < 2);
  g_return_if_fail (texture == NULL || GDK_IS_TEXTURE (texture));

  g_set_object (&self->images[index].texture, texture);
  self->images[index].width = width;
  self->images[index].height = height;
  clamp_centre (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

FolCanvasMode
fol_photo_canvas_get_mode (FolPhotoCanvas *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_CANVAS (self), FOL_CANVAS_SINGLE);
  return self->mode;
}

void
fol_photo_canvas_set_mode (FolPhotoCanvas *self,
                           FolCanvasMode   mode)
{
  g_return_if_fail (FOL_IS_PHOTO_CANVAS (self));

  if (self->mode == mode)
    return;
  self->mode = mode;
  /* The panes change size: a view panned to the edge of a narrow pane
   * would leave a blank band in a wide one.
   */
  clamp_centre (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
fol_photo_canvas_get_zoom (FolPhotoCanvas *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_CANVAS (self), MIN_ZOOM);
  return self->zoom;
}

void
fol_photo_canvas_set_zoom (FolPhotoCanvas *self,
                           double          zoom)
{
  g_return_if_fail (FOL_IS_PHOTO_CANVAS (self));

  set_zoom_at (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
               gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
fol_photo_canvas_zoom_by (FolPhotoCanvas *self,
                          double          factor)
{
  g_return_if_fail (FOL_IS_PHOTO_CANVAS (self));
  fol_photo_canvas_set_zoom (self, self->zoom * factor);
}

/* Moves the view by fractions of the image. */
void
fol_photo_canvas_pan_by (FolPhotoCanvas *self,
                         double          du,
                         double          dv)
{
  g_return_if_fail (FOL_IS_PHOTO_CANVAS (self));

  self->u += du;
  self->v += dv;
  clamp_centre (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
fol_photo_canvas_get_centre (FolPhotoCanvas *self,
                             double         *u,
                             double         *v)
{
  g_return_if_fail (FOL_IS_PHOTO_CANVAS (self));
  if (u != NULL)
    *u = self->u;
  if (v != NULL)
    *v = self->v;
}

/* The image point (photo 0, image pixels) at the centre of the view. */
void
fol_photo_canvas_get_centre_point (FolPhotoCanvas *self,
                                   double         *ix,
                                   double         *iy)
{
  g_return_if_fail (FOL_IS_PHOTO_CANVAS (self));

  *ix = self->u * self->images[0].width;
  *iy = self->v * self->images[0].height;
}

double
fol_photo_canvas_get_divider (FolPhotoCanvas *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_CANVAS (self), 0.5);
  return self->divider;
}

void
fol_photo_canvas_set_divider (FolPhotoCanvas *self,
                              double          divider)
{
  g_return_if_fail (FOL_IS_PHOTO_CANVAS (self));

  divider = CLAMP (divider, 0.0, 1.0);
  if (divider == self->divider)
    return;
  self->divider = divider;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIVIDER]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
fol_photo_canvas_reset_view (FolPhotoCanvas *self)
{
  g_return_if_fail (FOL_IS_PHOTO_CANVAS (self));

  self->u = self->v = 0.5;
  if (self->zoom != MIN_ZOOM)
    {
      self->zoom = MIN_ZOOM;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * fol_photo_canvas_set_delegate:
 * @delegate: (nullable): static callbacks for drawing on and editing the
 *   photo; they outlive the canvas
 */
void
fol_photo_canvas_set_delegate (FolPhotoCanvas          *self,
                               const FolCanvasDelegate *delegate,
                               gpointer                 data)
{
  g_return_if_fail (FOL_IS_PHOTO_CANVAS (self));

  self->delegate = delegate;
  self->delegate_data = data;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Widget pixels per image pixel of photo 0; 0 before it is shown. */
double
fol_photo_canvas_get_scale (FolPhotoCanvas *self)
{
  Pane pane;

  g_return_val_if_fail (FOL_IS_PHOTO_CANVAS (self), 0);
  return compute_pane (self, 0, &pane) ? pane.scale : 0;
}

void
fol_photo_canvas_image_to_widget (FolPhotoCanvas *self,
                                  double          ix,
                                  double          iy,
                                  double         *wx,
                                  double         *wy)
{
  Pane pane;

  g_return_if_fail (FOL_IS_PHOTO_CANVAS (self));

  if (!compute_pane (self, 0, &pane))
    pane.origin_x = pane.origin_y = 0, pane.scale = 1;
  *wx = pane.origin_x + ix * pane.scale;
  *wy = pane.origin_y + iy * pane.scale;
}

/* Returns: whether (@wx, @wy) falls on photo 0 */
gboolean
fol_photo_canvas_widget_to_image (FolPhotoCanvas *self,
                                  double          wx,
                                  double          wy,
                                  double         *ix,
                                  double         *iy)
{
  Pane pane;

  g_return_val_if_fail (FOL_IS_PHOTO_CANVAS (self), FALSE);

  if (!compute_pane (self, 0, &pane))
    return FALSE;
  *ix = (wx - pane.origin_x) / pane.scale;
  *iy = (wy - pane.origin_y) / pane.scale;
  return *ix >= 0 && *iy >= 0 && *ix <= self->images[0].width && *iy <= self->images[0].height;
}
