/* fol-scalp-map.c
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

#define G_LOG_DOMAIN "fol-scalp-map"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fol-scalp.h"
#include "fol-scalp-map-private.h"

/* The map is drawn by the parent alone through fol_scalp_render(). Each
 * region also has a focusable toggle button, never drawn and never hit by
 * the pointer, placed over the region's centre: it gives keyboards a
 * focus chain (Tab and arrow keys move between regions geometrically,
 * Space and Enter activate) and screen readers one named item per region,
 * which GTK 4.8 cannot give through virtual accessible children.
 */
#define ALL_REGIONS ((1u << FOL_N_REGIONS) - 1)

struct _FolScalpMap
{
  GtkWidget         parent_instance;

  FolScalpStyle     style;
  double            changes[FOL_N_REGIONS];
  GtkWidget        *buttons[FOL_N_REGIONS];
  FolRegion         focus_region;   /* where Tab enters the map */

  GtkSelectionMode  selection_mode;
  guint             selected;
  FolRegion         hovered;

  guint             syncing : 1;
};

G_DEFINE_FINAL_TYPE (FolScalpMap, fol_scalp_map, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTION_MODE,
  PROP_SELECTED_REGIONS,
  PROP_THRESHOLD,
  PROP_LOWER_IS_BETTER,
  N_PROPS
};

enum {
  REGION_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static FolRegion
region_of_button (FolScalpMap *self,
                  GtkWidget   *button)
{
  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      if (self->buttons[r] == button)
        return r;
    }

  return FOL_REGION_NONE;
}

static void
update_region_labels (FolScalpMap *self)
{
  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      g_autofree char *label = fol_scalp_region_label (r, self->changes[r]);

      gtk_accessible_update_property (GTK_ACCESSIBLE (self->buttons[r]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      fol_region_description (r),
                                      -1);
    }
}

/* Makes the buttons show @mask and notifies when the selection changed.
 * The buttons are synced even when it did not: a toggle the selection
 * mode refuses has to be undone. */
static void
apply_selection (FolScalpMap *self,
                 guint        mask)
{
  gboolean changed;

  mask &= ALL_REGIONS;
  changed = mask != self->selected;
  self->selected = mask;

  self->syncing = TRUE;
  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->buttons[r]), (mask & (1u << r)) != 0);
  self->syncing = FALSE;

  if (changed)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_REGIONS]);
    }
}

/* A click, Space or Enter on @region. */
static void
activate_region (FolScalpMap *self,
                 FolRegion    region)
{
  g_assert (region < FOL_N_REGIONS);

  switch (self->selection_mode)
    {
    case GTK_SELECTION_MULTIPLE:
      apply_selection (self, self->selected ^ (1u << region));
      break;

    case GTK_SELECTION_SINGLE:
    case GTK_SELECTION_BROWSE:
      apply_selection (self, 1u << region);
      g_signal_emit (self, signals[REGION_ACTIVATED], 0, (guint) region);
      break;

    case GTK_SELECTION_NONE:
    default:
      apply_selection (self, 0);
      g_signal_emit (self, signals[REGION_ACTIVATED], 0, (guint) region);
      break;
    }
}

static void
set_hovered (FolScalpMap *self,
             FolRegion    region)
{
  if (self->hovered == region)
    return;

  self->hovered = region;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
button_toggled_cb (FolScalpMap     *self,
                   GtkToggleButton *button)
{
  FolRegion region;

  if (self->syncing)
    return;

  region = region_of_button (self, GTK_WIDGET (button));
  g_return_if_fail (region != FOL_REGION_NONE);
  activate_region (self, region);
}

/* Focus and focus-visible are drawn by the parent. */
static void
button_state_flags_changed_cb (FolScalpMap   *self,
                               GtkStateFlags  previous,
                               GtkWidget     *button)
{
  GtkStateFlags mask = GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_VISIBLE;

  if ((previous & mask) != (gtk_widget_get_state_flags (button) & mask))
    gtk_widget_queue_draw (GTK_WIDGET (self));

  /* Tab comes back to the region last focused. */
  if (gtk_widget_get_state_flags (button) & GTK_STATE_FLAG_FOCUSED)
    for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
      if (self->buttons[r] == button)
        self->focus_region = r;
}

static void
click_released_cb (FolScalpMap     *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  _fol_scalp_map_click (self, x, y);
}

static void
motion_cb (FolScalpMap              *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  _fol_scalp_map_hover (self, x, y);
}

static void
leave_cb (FolScalpMap              *self,
          GtkEventControllerMotion *controller)
{
  set_hovered (self, FOL_REGION_NONE);
}

/* The map is one stop of the Tab chain, as a group of radio buttons is:
 * Tab enters at the region last focused (or the first selected, or the
 * first), the arrow keys move between regions, and the next Tab leaves.
 * Eight stops per map put the chart of a patient page 30 Tabs away.
 */
static gboolean
fol_scalp_map_focus (GtkWidget        *widget,
                     GtkDirectionType  direction)
{
  FolScalpMap *self = FOL_SCALP_MAP (widget);
  GtkWidget *focus_child = gtk_widget_get_focus_child (widget);
  FolRegion target = self->focus_region;

  if (direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD)
    return GTK_WIDGET_CLASS (fol_scalp_map_parent_class)->focus (widget, direction);

  if (focus_child != NULL)
    return FALSE;

  for (FolRegion r = 0; target >= FOL_N_REGIONS && r < FOL_N_REGIONS; r++)
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->buttons[r])))
      target = r;
  if (target >= FOL_N_REGIONS)
    target = 0;
  return gtk_widget_child_focus (self->buttons[target], direction);
}

static void
fol_scalp_map_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  FolScalpMap *self = FOL_SCALP_MAP (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  fol_scalp_render (cr, width, height, &self->style, self->changes, self->hovered, self->selected);

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      if (gtk_widget_has_visible_focus (self->buttons[r]))
        fol_scalp_render_focus (cr, width, height, &self->style, r);
    }

  cairo_destroy (cr);
}

static void
fol_scalp_map_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = 160;
  *natural = 320;
}

static void
fol_scalp_map_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  FolScalpMap *self = FOL_SCALP_MAP (widget);

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      GtkWidget *button = self->buttons[r];
      int min_width, min_height;
      double cx, cy;

      gtk_widget_measure (button, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      gtk_widget_measure (button, GTK_ORIENTATION_VERTICAL, min_width, &min_height, NULL, NULL, NULL);
      fol_scalp_region_center (r, width, height, &cx, &cy);
      gtk_widget_size_allocate (button,
                                &(GtkAllocation) {
                                  (int) round (cx - min_width / 2.0),
                                  (int) round (cy - min_height / 2.0),
                                  min_width, min_height
                                },
                                -1);
    }
}

static gboolean
fol_scalp_map_query_tooltip (GtkWidget  *widget,
                             int         x,
                             int         y,
                             gboolean    keyboard_mode,
                             GtkTooltip *tooltip)
{
  FolScalpMap *self = FOL_SCALP_MAP (widget);
  g_autofree char *label = NULL;
  FolRegion region = FOL_REGION_NONE;

  if (keyboard_mode)
    {
      for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
        {
          if (gtk_widget_has_focus (self->buttons[r]))
            region = r;
        }
    }
  else
    region = fol_scalp_hit_test (gtk_widget_get_width (widget), gtk_widget_get_height (widget), x, y);

  if (region == FOL_REGION_NONE)
    return FALSE;

  label = fol_scalp_region_label (region, self->changes[region]);
  gtk_tooltip_set_text (tooltip, label);
  return TRUE;
}

static void
copy_rgba (FolScalpColor *dest,
           const GdkRGBA *src)
{
  dest->red = src->red;
  dest->green = src->green;
  dest->blue = src->blue;
  dest->alpha = src->alpha;
}

/* Follows the theme: Adwaita's named colours where they exist, the map's
 * own light or dark palette for the rest. */
static void
update_style (FolScalpMap *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  const PangoFontDescription *font;
  double threshold = self->style.threshold_percent;
  gboolean lower_is_better = self->style.lower_is_better;
  GdkRGBA rgba;

  if (adw_style_manager_get_dark (adw_style_manager_get_default ()))
    fol_scalp_style_init_dark (&self->style);
  else
    fol_scalp_style_init_light (&self->style);

  self->style.threshold_percent = threshold;
  self->style.lower_is_better = lower_is_better;

  if (gtk_style_context_lookup_color (context, "window_fg_color", &rgba))
    copy_rgba (&self->style.fg, &rgba);
  if (gtk_style_context_lookup_color (context, "window_bg_color", &rgba))
    copy_rgba (&self->style.bg, &rgba);
  if (gtk_style_context_lookup_color (context, "accent_color", &rgba))
    copy_rgba (&self->style.selection, &rgba);

  font = pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self)));
  if (font != NULL && pango_font_description_get_family (font) != NULL)
    g_strlcpy (self->style.font_family, pango_font_description_get_family (font),
               sizeof self->style.font_family);
}

static void
fol_scalp_map_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (fol_scalp_map_parent_class)->css_changed (widget, change);

  update_style (FOL_SCALP_MAP (widget));
  gtk_widget_queue_draw (widget);
}

static void
fol_scalp_map_dispose (GObject *object)
{
  FolScalpMap *self = FOL_SCALP_MAP (object);

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    g_clear_pointer (&self->buttons[r], gtk_widget_unparent);

  G_OBJECT_CLASS (fol_scalp_map_parent_class)->dispose (object);
}

static void
fol_scalp_map_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FolScalpMap *self = FOL_SCALP_MAP (object);

  switch (prop_id)
    {
    case PROP_SELECTION_MODE:
      g_value_set_enum (value, self->selection_mode);
      break;

    case PROP_SELECTED_REGIONS:
      g_value_set_uint (value, self->selected);
      break;

    case PROP_THRESHOLD:
      g_value_set_double (value, self->style.threshold_percent);
      break;

    case PROP_LOWER_IS_BETTER:
      g_value_set_boolean (value, self->style.lower_is_better);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_scalp_map_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FolScalpMap *self = FOL_SCALP_MAP (object);

  switch (prop_id)
    {
    case PROP_SELECTION_MODE:
      fol_scalp_map_set_selection_mode (self, g_value_get_enum (value));
      break;

    case PROP_SELECTED_REGIONS:
      fol_scalp_map_set_selected_regions (self, g_value_get_uint (value));
      break;

    case PROP_THRESHOLD:
      fol_scalp_map_set_threshold (self, g_value_get_double (value));
      break;

    case PROP_LOWER_IS_BETTER:
      fol_scalp_map_set_lower_is_better (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_scalp_map_class_init (FolScalpMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_scalp_map_dispose;
  object_class->get_property = fol_scalp_map_get_property;
  object_class->set_property = fol_scalp_map_set_property;

  widget_class->focus = fol_scalp_map_focus;
  widget_class->snapshot = fol_scalp_map_snapshot;
  widget_class->measure = fol_scalp_map_measure;
  widget_class->size_allocate = fol_scalp_map_size_allocate;
  widget_class->query_tooltip = fol_scalp_map_query_tooltip;
  widget_class->css_changed = fol_scalp_map_css_changed;

  /**
   * FolScalpMap:selection-mode:
   *
   * Single (or browse): a click selects one region and emits
   * #FolScalpMap::region-activated. Multiple: a click toggles the region
   * in #FolScalpMap:selected-regions. None: only the signal.
   */
  properties[PROP_SELECTION_MODE] =
    g_param_spec_enum ("selection-mode", NULL, NULL,
                       GTK_TYPE_SELECTION_MODE, GTK_SELECTION_SINGLE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * FolScalpMap:selected-regions:
   *
   * One bit per selected region: `1 << FOL_REGION_VERTEX`…
   */
  properties[PROP_SELECTED_REGIONS] =
    g_param_spec_uint ("selected-regions", NULL, NULL,
                       0, ALL_REGIONS, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * FolScalpMap:threshold:
   *
   * The no-change band T in percent: changes inside it are tinted neutral.
   */
  properties[PROP_THRESHOLD] =
    g_param_spec_double ("threshold", NULL, NULL,
                         0.0, 100.0, 10.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * FolScalpMap:lower-is-better:
   *
   * Whether a decrease is the improvement, as for measures of loss.
   */
  properties[PROP_LOWER_IS_BETTER] =
    g_param_spec_boolean ("lower-is-better", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FolScalpMap::region-activated:
   * @self: the map
   * @region: the #FolRegion, as a guint
   *
   * A region was clicked or activated from the keyboard in single, browse
   * or no selection mode.
   */
  signals[REGION_ACTIVATED] =
    g_signal_new ("region-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "scalpmap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fol_scalp_map_init (FolScalpMap *self)
{
  GtkGesture *click;
  GtkEventController *motion;

  self->selection_mode = GTK_SELECTION_SINGLE;
  self->hovered = FOL_REGION_NONE;
  self->focus_region = FOL_REGION_NONE;
  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    self->changes[r] = NAN;

  fol_scalp_style_init_light (&self->style);

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      GtkWidget *button = gtk_toggle_button_new ();

      gtk_widget_set_can_target (button, FALSE);
      gtk_widget_set_focus_on_click (button, FALSE);
      gtk_widget_set_parent (button, GTK_WIDGET (self));
      /* GtkToggleButton only sets the state when it changes: start defined. */
      gtk_accessible_update_state (GTK_ACCESSIBLE (button),
                                   GTK_ACCESSIBLE_STATE_PRESSED, GTK_ACCESSIBLE_TRISTATE_FALSE,
                                   -1);
      g_signal_connect_object (button, "toggled", G_CALLBACK (button_toggled_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (button, "state-flags-changed",
                               G_CALLBACK (button_state_flags_changed_cb),
                               self, G_CONNECT_SWAPPED);
      self->buttons[r] = button;
    }
  update_region_labels (self);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (click_released_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "enter", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Scalp map"),
                                  -1);
}

GtkWidget *
fol_scalp_map_new (void)
{
  return g_object_new (FOL_TYPE_SCALP_MAP, NULL);
}

/**
 * fol_scalp_map_set_changes:
 * @self: a #FolScalpMap
 * @change_percent: (array fixed-size=FOL_N_REGIONS) (nullable): the relative
 *   change of each region, NaN for no value; %NULL clears them all
 */
void
fol_scalp_map_set_changes (FolScalpMap  *self,
                           const double *change_percent)
{
  gboolean changed = FALSE;

  g_return_if_fail (FOL_IS_SCALP_MAP (self));

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      double value = change_percent ? change_percent[r] : NAN;

      if (isnan (value) != isnan (self->changes[r]) ||
          (!isnan (value) && value != self->changes[r]))
        {
          self->changes[r] = value;
          changed = TRUE;
        }
    }

  if (!changed)
    return;

  update_region_labels (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
fol_scalp_map_get_change (FolScalpMap *self,
                          FolRegion    region)
{
  g_return_val_if_fail (FOL_IS_SCALP_MAP (self), NAN);
  g_return_val_if_fail (region < FOL_N_REGIONS, NAN);

  return self->changes[region];
}

GtkSelectionMode
fol_scalp_map_get_selection_mode (FolScalpMap *self)
{
  g_return_val_if_fail (FOL_IS_SCALP_MAP (self), GTK_SELECTION_NONE);

  return self->selection_mode;
}

void
fol_scalp_map_set_selection_mode (FolScalpMap      *self,
                                  GtkSelectionMode  mode)
{
  guint mask;

  g_return_if_fail (FOL_IS_SCALP_MAP (self));
  g_return_if_fail (mode <= GTK_SELECTION_MULTIPLE);

  if (self->selection_mode == mode)
    return;

  self->selection_mode = mode;

  /* Keep what the new mode allows: nothing, or the lowest region only. */
  mask = self->selected;
  if (mode == GTK_SELECTION_NONE)
    mask = 0;
  else if (mode != GTK_SELECTION_MULTIPLE)
    mask &= -mask;
  apply_selection (self, mask);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_MODE]);
}

guint
fol_scalp_map_get_selected_regions (FolScalpMap *self)
{
  g_return_val_if_fail (FOL_IS_SCALP_MAP (self), 0);

  return self->selected;
}

void
fol_scalp_map_set_selected_regions (FolScalpMap *self,
                                    guint        mask)
{
  g_return_if_fail (FOL_IS_SCALP_MAP (self));
  g_return_if_fail ((mask & ~ALL_REGIONS) == 0);

  if (self->selection_mode == GTK_SELECTION_NONE)
    mask = 0;
  else if (self->selection_mode != GTK_SELECTION_MULTIPLE)
    g_return_if_fail ((mask & (mask - 1)) == 0);

  apply_selection (self, mask);
}

double
fol_scalp_map_get_threshold (FolScalpMap *self)
{
  g_return_val_if_fail (FOL_IS_SCALP_MAP (self), 0.0);

  return self->style.threshold_percent;
}

void
fol_scalp_map_set_threshold (FolScalpMap *self,
                             double       threshold_percent)
{
  g_return_if_fail (FOL_IS_SCALP_MAP (self));
  g_return_if_fail (threshold_percent >= 0.0);

  if (self->style.threshold_percent == threshold_percent)
    return;

  self->style.threshold_percent = threshold_percent;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THRESHOLD]);
}

gboolean
fol_scalp_map_get_lower_is_better (FolScalpMap *self)
{
  g_return_val_if_fail (FOL_IS_SCALP_MAP (self), FALSE);

  return self->style.lower_is_better;
}

void
fol_scalp_map_set_lower_is_better (FolScalpMap *self,
                                   gboolean     lower_is_better)
{
  g_return_if_fail (FOL_IS_SCALP_MAP (self));

  lower_is_better = !!lower_is_better;
  if (self->style.lower_is_better == lower_is_better)
    return;

  self->style.lower_is_better = lower_is_better;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOWER_IS_BETTER]);
}

void
_fol_scalp_map_click (FolScalpMap *self,
                      double       x,
                      double       y)
{
  FolRegion region;

  g_return_if_fail (FOL_IS_SCALP_MAP (self));

  region = fol_scalp_hit_test (gtk_widget_get_width (GTK_WIDGET (self)),
                               gtk_widget_get_height (GTK_WIDGET (self)),
                               x, y);
  if (region == FOL_REGION_NONE)
    return;

  activate_region (self, region);
}

void
_fol_scalp_map_hover (FolScalpMap *self,
                      double       x,
                      double       y)
{
  g_return_if_fail (FOL_IS_SCALP_MAP (self));

  set_hovered (self, fol_scalp_hit_test (gtk_widget_get_width (GTK_WIDGET (self)),
                                         gtk_widget_get_height (GTK_WIDGET (self)),
                                         x, y));
}

FolRegion
_fol_scalp_map_get_hovered (FolScalpMap *self)
{
  g_return_val_if_fail (FOL_IS_SCALP_MAP (self), FOL_REGION_NONE);

  return self->hovered;
}

GtkWidget *
_fol_scalp_map_get_region_widget (FolScalpMap *self,
                                  FolRegion    region)
{
  g_return_val_if_fail (FOL_IS_SCALP_MAP (self), NULL);
  g_return_val_if_fail (region < FOL_N_REGIONS, NULL);

  return self->buttons[region];
}
