/* fol-photo-tile.c
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

#define G_LOG_DOMAIN "fol-photo-tile"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fol-catalog.h"
#include "fol-photo-files.h"
#include "fol-photo-tile.h"
#include "fol-resources.h"

/* One photo of the gallery: its thumbnail, loaded when the tile is bound
 * (that is, when it scrolls into view), its visit and its region.
 */

struct _FolPhotoTile
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkPicture   *picture;
  GtkLabel     *caption;
  GtkLabel     *region_label;

  /* Owned */
  GCancellable *load;
  char         *sha256;
};

G_DEFINE_FINAL_TYPE (FolPhotoTile, fol_photo_tile, GTK_TYPE_WIDGET)

typedef struct
{
  FolPhotoTile *self;
  GHashTable   *thumbnails;
  char         *sha256;
} ThumbnailLoad;

/* The photo's file cannot be shown (damaged, cut short, gone): a
 * missing-image sign in place of the thumbnail, and the reason, on
 * hover and for a screen reader, instead of an empty space.
 */
static void
show_unreadable (FolPhotoTile *self,
                 const char   *reason)
{
  GtkWidget *picture = GTK_WIDGET (self->picture);
  g_autoptr(GdkPaintable) icon = fol_photo_unreadable_paintable (picture, 64);

  gtk_picture_set_paintable (self->picture, icon);
  gtk_widget_set_tooltip_text (picture, reason);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, reason, -1);
}

static void
thumbnail_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ThumbnailLoad *load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = fol_photo_thumbnail_finish (result, &error);
  FolPhotoTile *self = load->self;

  if (pixbuf != NULL)
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (pixbuf);

      g_hash_table_replace (load->thumbnails, g_strdup (load->sha256), g_object_ref (texture));
      if (g_strcmp0 (self->sha256, load->sha256) == 0)
        gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
           g_strcmp0 (self->sha256, load->sha256) == 0)
    show_unreadable (self, error->message);

  g_object_unref (load->self);
  g_hash_table_unref (load->thumbnails);
  g_free (load->sha256);
  g_free (load);
}

static void
fol_photo_tile_dispose (GObject *object)
{
  FolPhotoTile *self = (FolPhotoTile *) object;
  GtkWidget *child;

  fol_photo_tile_unbind (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FOL_TYPE_PHOTO_TILE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fol_photo_tile_parent_class)->dispose (object);
}

static void
fol_photo_tile_class_init (FolPhotoTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_photo_tile_dispose;

  g_assert (fol_get_resource () != NULL);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/fol-photo-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, FolPhotoTile, picture);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoTile, caption);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoTile, region_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fol_photo_tile_init (FolPhotoTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fol_photo_tile_new (void)
{
  return g_object_new (FOL_TYPE_PHOTO_TILE, NULL);
}

/**
 * fol_photo_unreadable_paintable:
 * @widget: where it is shown, for its display, scale and direction
 * @size: its size in pixels
 *
 * Returns: (transfer full): the sign shown in place of a photo whose file
 *   cannot be read
 */
GdkPaintable *
fol_photo_unreadable_paintable (GtkWidget *widget,
                                int        size)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return GDK_PAINTABLE (gtk_icon_theme_lookup_icon (gtk_icon_theme_get_for_display (gtk_widget_get_display (widget)),
                                                    "image-missing-symbolic", NULL, size,
                                                    gtk_widget_get_scale_factor (widget),
                                                    gtk_widget_get_direction (widget), 0));
}

/**
 * fol_photo_visit_label:
 *
 * Returns: (transfer full): "date — kind", as photos are captioned
 */
char *
fol_photo_visit_label (FolDate     date,
                       const char *kind)
{
  g_autofree char *formatted = fol_date_format (date);

  if (kind == NULL)
    return g_steal_pointer (&formatted);
  /* Translators: a visit: date — kind */
  return g_strdup_printf (_("%s — %s"), formatted, fol_catalog_label (FOL_CATALOG_VISIT_KIND, kind));
}

/**
 * fol_photo_tile_bind:
 * @thumbnails: (element-type utf8 GdkTexture): thumbnails already made, by
 *   content hash; the new one is added
 */
void
fol_photo_tile_bind (FolPhotoTile *self,
                     FolStore     *store,
                     FolPhoto     *photo,
                     GHashTable   *thumbnails)
{
  g_autofree char *label = NULL;
  g_autofree char *accessible = NULL;
  const char *region;
  GdkTexture *texture;

  g_return_if_fail (FOL_IS_PHOTO_TILE (self));
  g_return_if_fail (FOL_IS_STORE (store));
  g_return_if_fail (FOL_IS_PHOTO (photo));
  g_return_if_fail (thumbnails != NULL);

  fol_photo_tile_unbind (self);

  label = fol_photo_visit_label (fol_photo_get_visit_date (photo), fol_photo_get_visit_kind (photo));
  region = fol_region_name (fol_photo_get_region (photo));
  /* Shown whole, wrapped; the tooltips repeat them for a narrow grid. */
  gtk_label_set_text (self->caption, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->caption), label);
  gtk_label_set_text (self->region_label, region);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->region_label), region);
  /* Translators: a photo in the gallery: region, visit */
  accessible = g_strdup_printf (_("Photo of %s, %s"), region, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  self->sha256 = g_strdup (fol_photo_get_sha256 (photo));
  texture = g_hash_table_lookup (thumbnails, self->sha256);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->picture), NULL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->picture), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  /* The camera's date, the only detail of its metadata shown. */
  if (fol_photo_get_taken_at (photo) != NULL && strlen (fol_photo_get_taken_at (photo)) >= 10)
    {
      g_autofree char *day = g_strndup (fol_photo_get_taken_at (photo), 10);
      FolDate taken = FOL_DATE_NONE;

      if (fol_date_parse (day, &taken, NULL))
        {
          g_autofree char *text = fol_date_format (taken);
          g_autofree char *tooltip = g_strdup_printf (_("Taken on %s"), text);

          gtk_widget_set_tooltip_text (GTK_WIDGET (self->picture), tooltip);
        }
    }

  if (texture == NULL)
    {
      ThumbnailLoad *load = g_new0 (ThumbnailLoad, 1);

      load->self = g_object_ref (self);
      load->thumbnails = g_hash_table_ref (thumbnails);
      load->sha256 = g_strdup (self->sha256);
      self->load = g_cancellable_new ();
      fol_photo_thumbnail_async (store, photo, FOL_PHOTO_TILE_THUMBNAIL_SIZE, self->load,
                                 thumbnail_done_cb, load);
    }
}

/* Scrolled away: its thumbnail is no longer needed now. */
void
fol_photo_tile_unbind (FolPhotoTile *self)
{
  g_return_if_fail (FOL_IS_PHOTO_TILE (self));

  g_cancellable_cancel (self->load);
  g_clear_object (&self->load);
  g_clear_pointer (&self->sha256, g_free);
}
