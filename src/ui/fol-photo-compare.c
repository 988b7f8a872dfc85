/* fol-photo-compare.c
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

#define G_LOG_DOMAIN "fol-photo-compare"

#include "config.h"

#include <glib/gi18n.h>

#include "fol-catalog.h"
#include "fol-photo-compare.h"
#include "fol-form.h"
#include "fol-resources.h"
#include "fol-photo-files.h"

/* Two photos of one region, by default the baseline and the latest: side
 * by side, or overlaid with a divider to swipe, under one zoom and pan.
 */

/* The longest side loaded: enough for a large screen at 2× zoom. */
#define VIEW_SIZE 3000

struct _FolPhotoCompare
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkDropDown    *left_dropdown;
  GtkDropDown    *right_dropdown;
  GtkToggleButton *side_by_side_button;
  GtkToggleButton *swipe_button;
  FolPhotoCanvas *canvas;
  GtkLabel       *status_label;

  /* Owned */
  FolStore       *store;
  GPtrArray      *photos;      /* FolPhoto, oldest first */
  GCancellable   *loads[2];
  guint           shown[2];    /* index into photos, G_MAXUINT for none */
  gboolean        loaded[2];
  gboolean        updating;
};

G_DEFINE_FINAL_TYPE (FolPhotoCompare, fol_photo_compare, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

/* "date — kind", and when the visit has more photos of the region, which
 * one and when it was added, so that every entry of the lists differs.
 */
static char *
photo_label (FolPhoto *photo,
             guint     number,
             guint     n_of_visit)
{
  g_autofree char *date = fol_date_format (fol_photo_get_visit_date (photo));
  const char *kind = fol_photo_get_visit_kind (photo);
  g_autofree char *visit = NULL;
  g_autofree char *added = NULL;
  g_autoptr(GDateTime) created = NULL;

  if (kind != NULL)
    /* Translators: a photo in a list: visit date — visit kind */
    visit = g_strdup_printf (_("%s — %s"), date, fol_catalog_label (FOL_CATALOG_VISIT_KIND, kind));
  else
    visit = g_steal_pointer (&date);

  if (n_of_visit < 2)
    return g_steal_pointer (&visit);

  if (fol_photo_get_created_at (photo) != NULL)
    created = g_date_time_new_from_iso8601 (fol_photo_get_created_at (photo), NULL);
  if (created != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (created);

      added = g_date_time_format (local, "%H:%M");
    }

  if (added != NULL)
    /* Translators: a photo in a list: visit, its number among the visit's
     * photos of the region, how many there are, the time it was added
     */
    return g_strdup_printf (_("%s, photo %u of %u (added %s)"), visit, number, n_of_visit, added);
  /* Translators: a photo in a list: visit, its number among the visit's
   * photos of the region, how many there are
   */
  return g_strdup_printf (_("%s, photo %u of %u"), visit, number, n_of_visit);
}

static int
compare_oldest_first (gconstpointer a,
                      gconstpointer b)
{
  FolPhoto *pa = *(FolPhoto **) a;
  FolPhoto *pb = *(FolPhoto **) b;
  FolDate da = fol_photo_get_visit_date (pa), db = fol_photo_get_visit_date (pb);

  if (da != db)
    return da < db ? -1 : 1;
  return g_strcmp0 (fol_photo_get_created_at (pa), fol_photo_get_created_at (pb));
}

typedef struct
{
  FolPhotoCompare *self;  /* weak: the load is cancelled on dispose */
  guint            side;
  FolPhoto        *photo;
} LoadData;

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LoadData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = fol_photo_load_finish (result, &error);
  FolPhotoCompare *self = data->self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;

  if (pixbuf == NULL)
    {
      gtk_label_set_text (self->status_label, error->message);
      fol_photo_canvas_set_image (self->canvas, data->side, NULL, 0, 0);
    }
  else
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (pixbuf);

      fol_photo_canvas_set_image (self->canvas, data->side, texture,
                                  fol_photo_get_width (data->photo),
                                  fol_photo_get_height (data->photo));
    }

  self->loaded[data->side] = TRUE;
  if (self->loaded[0] && self->loaded[1])
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);

out:
  g_object_unref (data->photo);
  g_free (data);
}

static void
show_side (FolPhotoCompare *self,
           guint            side,
           guint            index)
{
  LoadData *data;
  FolPhoto *photo;

  if (self->shown[side] == index && self->loaded[side])
    return;

  g_cancellable_cancel (self->loads[side]);
  g_clear_object (&self->loads[side]);
  self->shown[side] = index;
  self->loaded[side] = FALSE;

  if (index >= self->photos->len)
    {
      fol_photo_canvas_set_image (self->canvas, side, NULL, 0, 0);
      self->loaded[side] = TRUE;
      return;
    }

  photo = g_ptr_array_index (self->photos, index);
  self->loads[side] = g_cancellable_new ();
  data = g_new0 (LoadData, 1);
  data->self = self;
  data->side = side;
  data->photo = g_object_ref (photo);
  fol_photo_load_async (self->store, photo, VIEW_SIZE, self->loads[side], load_done_cb, data);
}

static void
update_from_dropdowns (FolPhotoCompare *self)
{
  guint left = gtk_drop_down_get_selected (self->left_dropdown);
  guint right = gtk_drop_down_get_selected (self->right_dropdown);

  show_side (self, 0, left);
  show_side (self, 1, right);
}

/* Callbacks */

static void
dropdown_selected_cb (FolPhotoCompare *self)
{
  if (!self->updating)
    update_from_dropdowns (self);
}

static void
mode_toggled_cb (FolPhotoCompare *self)
{
  fol_photo_canvas_set_mode (self->canvas,
                             gtk_toggle_button_get_active (self->swipe_button)
                             ? FOL_CANVAS_SWIPE : FOL_CANVAS_SIDE_BY_SIDE);
}

static void
canvas_mode_cb (FolPhotoCompare *self)
{
  gboolean swipe = fol_photo_canvas_get_mode (self->canvas) == FOL_CANVAS_SWIPE;

  if (gtk_toggle_button_get_active (self->swipe_button) != swipe)
    gtk_toggle_button_set_active (swipe ? self->swipe_button : self->side_by_side_button, TRUE);
}

static void
swap_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  fol_photo_compare_swap (FOL_PHOTO_COMPARE (widget));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FolPhotoCompare *self = FOL_PHOTO_COMPARE (widget);

  if (g_str_equal (action_name, "compare.zoom-in"))
    fol_photo_canvas_zoom_by (self->canvas, 1.25);
  else if (g_str_equal (action_name, "compare.zoom-out"))
    fol_photo_canvas_zoom_by (self->canvas, 1 / 1.25);
  else
    fol_photo_canvas_reset_view (self->canvas);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  /* Shown in a window of its own by the photos page. */
  if (GTK_IS_WINDOW (root))
    gtk_window_close (GTK_WINDOW (root));
}

/* Vfuncs */

static void
fol_photo_compare_dispose (GObject *object)
{
  FolPhotoCompare *self = (FolPhotoCompare *) object;

  for (guint i = 0; i < 2; i++)
    {
      g_cancellable_cancel (self->loads[i]);
      g_clear_object (&self->loads[i]);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), FOL_TYPE_PHOTO_COMPARE);
  /* The template's top box is not a bound child: unparent it too. */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (fol_photo_compare_parent_class)->dispose (object);
}

static void
fol_photo_compare_finalize (GObject *object)
{
  FolPhotoCompare *self = (FolPhotoCompare *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->photos, g_ptr_array_unref);

  G_OBJECT_CLASS (fol_photo_compare_parent_class)->finalize (object);
}

static void
fol_photo_compare_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FolPhotoCompare *self = FOL_PHOTO_COMPARE (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, fol_photo_compare_is_loaded (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_photo_compare_class_init (FolPhotoCompareClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_photo_compare_dispose;
  object_class->finalize = fol_photo_compare_finalize;
  object_class->get_property = fol_photo_compare_get_property;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Referenced so that the bundle is linked in and registered, also
   * in programs (tests) that do not start the application.
   */
  g_assert (fol_get_resource () != NULL);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/fol-photo-compare.ui");
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCompare, left_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCompare, right_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCompare, side_by_side_button);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCompare, swipe_button);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCompare, canvas);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoCompare, status_label);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);

  gtk_widget_class_install_action (widget_class, "compare.swap", NULL, swap_action);
  gtk_widget_class_install_action (widget_class, "compare.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "compare.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "compare.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "compare.close", NULL, close_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "compare.swap", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "compare.swap", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "compare.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "compare.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "compare.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "compare.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "compare.close", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (FOL_TYPE_PHOTO_CANVAS);
}

static void
fol_photo_compare_init (FolPhotoCompare *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fol_form_name_drop_down (self->left_dropdown, _("Photo on the left"));
  fol_form_name_drop_down (self->right_dropdown, _("Photo on the right"));

  self->photos = g_ptr_array_new_with_free_func (g_object_unref);
  self->shown[0] = self->shown[1] = G_MAXUINT;
  fol_photo_canvas_set_mode (self->canvas, FOL_CANVAS_SIDE_BY_SIDE);

  g_signal_connect_object (self->canvas, "notify::mode",
                           G_CALLBACK (canvas_mode_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->left_dropdown, "notify::selected",
                           G_CALLBACK (dropdown_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->right_dropdown, "notify::selected",
                           G_CALLBACK (dropdown_selected_cb), self, G_CONNECT_SWAPPED);
}

/* Public API */

GtkWidget *
fol_photo_compare_new (FolStore *store)
{
  FolPhotoCompare *self;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);

  self = g_object_new (FOL_TYPE_PHOTO_COMPARE, NULL);
  self->store = g_object_ref (store);
  return GTK_WIDGET (self);
}

/**
 * fol_photo_compare_set_photos:
 * @photos: (element-type FolPhoto): photos of one region, in any order
 *
 * Shows the baseline photo (the latest of a baseline visit, else the
 * oldest) on the left and the latest on the right.
 */
void
fol_photo_compare_set_photos (FolPhotoCompare *self,
                              GPtrArray       *photos)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint baseline = 0;

  g_return_if_fail (FOL_IS_PHOTO_COMPARE (self));
  g_return_if_fail (photos != NULL);

  g_ptr_array_set_size (self->photos, 0);
  for (guint i = 0; i < photos->len; i++)
    g_ptr_array_add (self->photos, g_object_ref (g_ptr_array_index (photos, i)));
  g_ptr_array_sort (self->photos, compare_oldest_first);

  for (guint i = 0; i < self->photos->len; i++)
    {
      FolPhoto *photo = g_ptr_array_index (self->photos, i);
      g_autofree char *label = NULL;
      guint number = 0, n_of_visit = 0;

      /* Sorted by visit date: a visit's photos are next to each other. */
      for (guint j = 0; j < self->photos->len; j++)
        if (g_strcmp0 (fol_photo_get_visit_id (g_ptr_array_index (self->photos, j)),
                       fol_photo_get_visit_id (photo)) == 0)
          {
            n_of_visit++;
            if (j <= i)
              number++;
          }
      label = photo_label (photo, number, n_of_visit);

      gtk_string_list_append (labels, label);
      if (g_strcmp0 (fol_photo_get_visit_kind (photo), "baseline") == 0)
        baseline = i;
    }

  self->updating = TRUE;
  gtk_drop_down_set_model (self->left_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_model (self->right_dropdown, G_LIST_MODEL (labels));
  self->updating = FALSE;

  gtk_label_set_text (self->status_label,
                      self->photos->len < 2 ? _("Add a second photo of this region to compare.") : "");

  self->shown[0] = self->shown[1] = G_MAXUINT;
  fol_photo_compare_select (self, baseline, self->photos->len > 0 ? self->photos->len - 1 : 0);
}

guint
fol_photo_compare_get_n_photos (FolPhotoCompare *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COMPARE (self), 0);
  return self->photos->len;
}

void
fol_photo_compare_select (FolPhotoCompare *self,
                          guint            left,
                          guint            right)
{
  g_return_if_fail (FOL_IS_PHOTO_COMPARE (self));

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->left_dropdown, left);
  gtk_drop_down_set_selected (self->right_dropdown, right);
  self->updating = FALSE;
  update_from_dropdowns (self);
}

/**
 * fol_photo_compare_get_photo:
 * @side: 0 for the left photo, 1 for the right
 *
 * Returns: (transfer none) (nullable): the photo shown there
 */
FolPhoto *
fol_photo_compare_get_photo (FolPhotoCompare *self,
                             guint            side)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COMPARE (self), NULL);
  g_return_val_if_fail (side < 2, NULL);

  if (self->shown[side] >= self->photos->len)
    return NULL;
  return g_ptr_array_index (self->photos, self->shown[side]);
}

void
fol_photo_compare_swap (FolPhotoCompare *self)
{
  guint left, right;

  g_return_if_fail (FOL_IS_PHOTO_COMPARE (self));

  left = gtk_drop_down_get_selected (self->left_dropdown);
  right = gtk_drop_down_get_selected (self->right_dropdown);
  fol_photo_compare_select (self, right, left);
}

gboolean
fol_photo_compare_is_loaded (FolPhotoCompare *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COMPARE (self), FALSE);
  return self->loaded[0] && self->loaded[1];
}

/**
 * fol_photo_compare_get_canvas:
 *
 * Returns: (transfer none): the view both photos are drawn in
 */
FolPhotoCanvas *
fol_photo_compare_get_canvas (FolPhotoCompare *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_COMPARE (self), NULL);
  return self->canvas;
}
