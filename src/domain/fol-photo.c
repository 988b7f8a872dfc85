/* fol-photo.c
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

#define G_LOG_DOMAIN "fol-photo"

#include "config.h"

#include <math.h>

#include "fol-photo.h"

/* A photo of one region at one visit. The file is stored by content hash
 * under the data folder, never in the database. */
struct _FolPhoto
{
  GObject parent_instance;

  char *id;
  char *visit_id;
  guint region;
  char *sha256;
  char *original_name;
  char *taken_at;
  int width;
  int height;
  double px_per_mm;
  char *created_at;

  /* Of the visit the photo belongs to, filled in by the store's listings. */
  FolDate visit_date;
  char *visit_kind;
};

G_DEFINE_FINAL_TYPE (FolPhoto, fol_photo, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_VISIT_ID,
  PROP_REGION,
  PROP_SHA256,
  PROP_ORIGINAL_NAME,
  PROP_TAKEN_AT,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_PX_PER_MM,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fol_photo_finalize (GObject *object)
{
  FolPhoto *self = (FolPhoto *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->visit_id, g_free);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->original_name, g_free);
  g_clear_pointer (&self->taken_at, g_free);
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->visit_kind, g_free);

  G_OBJECT_CLASS (fol_photo_parent_class)->finalize (object);
}

static void
fol_photo_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FolPhoto *self = FOL_PHOTO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_VISIT_ID:
      g_value_set_string (value, self->visit_id);
      break;

    case PROP_REGION:
      g_value_set_uint (value, self->region);
      break;

    case PROP_SHA256:
      g_value_set_string (value, self->sha256);
      break;

    case PROP_ORIGINAL_NAME:
      g_value_set_string (value, self->original_name);
      break;

    case PROP_TAKEN_AT:
      g_value_set_string (value, self->taken_at);
      break;

    case PROP_WIDTH:
      g_value_set_int (value, self->width);
      break;

    case PROP_HEIGHT:
      g_value_set_int (value, self->height);
      break;

    case PROP_PX_PER_MM:
      g_value_set_double (value, self->px_per_mm);
      break;

    case PROP_CREATED_AT:
      g_value_set_string (value, self->created_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_photo_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  FolPhoto *self = FOL_PHOTO (object);

  switch (prop_id)
    {
    case PROP_ID:
      fol_photo_set_id (self, g_value_get_string (value));
      break;

    case PROP_VISIT_ID:
      fol_photo_set_visit_id (self, g_value_get_string (value));
      break;

    case PROP_REGION:
      fol_photo_set_region (self, g_value_get_uint (value));
      break;

    case PROP_SHA256:
      fol_photo_set_sha256 (self, g_value_get_string (value));
      break;

    case PROP_ORIGINAL_NAME:
      fol_photo_set_original_name (self, g_value_get_string (value));
      break;

    case PROP_TAKEN_AT:
      fol_photo_set_taken_at (self, g_value_get_string (value));
      break;

    case PROP_WIDTH:
      fol_photo_set_width (self, g_value_get_int (value));
      break;

    case PROP_HEIGHT:
      fol_photo_set_height (self, g_value_get_int (value));
      break;

    case PROP_PX_PER_MM:
      fol_photo_set_px_per_mm (self, g_value_get_double (value));
      break;

    case PROP_CREATED_AT:
      fol_photo_set_created_at (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_photo_class_init (FolPhotoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fol_photo_finalize;
  object_class->get_property = fol_photo_get_property;
  object_class->set_property = fol_photo_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VISIT_ID] =
    g_param_spec_string ("visit-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REGION] =
    g_param_spec_uint ("region", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHA256] =
    g_param_spec_string ("sha256", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ORIGINAL_NAME] =
    g_param_spec_string ("original-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TAKEN_AT] =
    g_param_spec_string ("taken-at", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WIDTH] =
    g_param_spec_int ("width", NULL, NULL,
                      G_MININT, G_MAXINT, 0,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HEIGHT] =
    g_param_spec_int ("height", NULL, NULL,
                      G_MININT, G_MAXINT, 0,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PX_PER_MM] =
    g_param_spec_double ("px-per-mm", NULL, NULL,
                         -INFINITY, INFINITY, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CREATED_AT] =
    g_param_spec_string ("created-at", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fol_photo_init (FolPhoto *self)
{
  self->px_per_mm = NAN;
}

FolPhoto *
fol_photo_new (void)
{
  return g_object_new (FOL_TYPE_PHOTO, NULL);
}

/**
 * fol_photo_copy:
 *
 * Returns: (transfer full): a new object with the same values, for editing
 * without touching the original.
 */
FolPhoto *
fol_photo_copy (FolPhoto *self)
{
  FolPhoto *copy;

  g_return_val_if_fail (FOL_IS_PHOTO (self), NULL);

  copy = fol_photo_new ();
  copy->id = g_strdup (self->id);
  copy->visit_id = g_strdup (self->visit_id);
  copy->region = self->region;
  copy->sha256 = g_strdup (self->sha256);
  copy->original_name = g_strdup (self->original_name);
  copy->taken_at = g_strdup (self->taken_at);
  copy->width = self->width;
  copy->height = self->height;
  copy->px_per_mm = self->px_per_mm;
  copy->created_at = g_strdup (self->created_at);
  copy->visit_date = self->visit_date;
  copy->visit_kind = g_strdup (self->visit_kind);

  return copy;
}

const char *
fol_photo_get_id (FolPhoto *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO (self), NULL);

  return self->id;
}

void
fol_photo_set_id (FolPhoto *self,
                  const char *id)
{
  g_return_if_fail (FOL_IS_PHOTO (self));

  if (g_strcmp0 (self->id, id) == 0)
    return;

  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
fol_photo_get_visit_id (FolPhoto *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO (self), NULL);

  return self->visit_id;
}

void
fol_photo_set_visit_id (FolPhoto *self,
                        const char *visit_id)
{
  g_return_if_fail (FOL_IS_PHOTO (self));

  if (g_strcmp0 (self->visit_id, visit_id) == 0)
    return;

  g_free (self->visit_id);
  self->visit_id = g_strdup (visit_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIT_ID]);
}

guint 
fol_photo_get_region (FolPhoto *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO (self), 0);

  return self->region;
}

void
fol_photo_set_region (FolPhoto *self,
                      guint region)
{
  g_return_if_fail (FOL_IS_PHOTO (self));

  if (self->region == region)
    return;

  self->region = region;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION]);
}

const char *
fol_photo_get_sha256 (FolPhoto *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO (self), NULL);

  return self->sha256;
}

void
fol_photo_set_sha256 (FolPhoto *self,
                      const char *sha256)
{
  g_return_if_fail (FOL_IS_PHOTO (self));

  if (g_strcmp0 (self->sha256, sha256) == 0)
    return;

  g_free (self->sha256);
  self->sha256 = g_strdup (sha256);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHA256]);
}

const char *
fol_photo_get_original_name (FolPhoto *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO (self), NULL);

  return self->original_name;
}

void
fol_photo_set_original_name (FolPhoto *self,
                             const char *original_name)
{
  g_return_if_fail (FOL_IS_PHOTO (self));

  if (g_strcmp0 (self->original_name, original_name) == 0)
    return;

  g_free (self->original_name);
  self->original_name = g_strdup (original_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORIGINAL_NAME]);
}

const char *
fol_photo_get_taken_at (FolPhoto *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO (self), NULL);

  return self->taken_at;
}

void
fol_photo_set_taken_at (FolPhoto *self,
                        const char *taken_at)
{
  g_return_if_fail (FOL_IS_PHOTO (self));

  if (g_strcmp0 (self->taken_at, taken_at) == 0)
    return;

  g_free (self->taken_at);
  self->taken_at = g_strdup (taken_at);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAKEN_AT]);
}

int 
fol_photo_get_width (FolPhoto *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO (self), 0);

  return self->width;
}

void
fol_photo_set_width (FolPhoto *self,
                     int width)
{
  g_return_if_fail (FOL_IS_PHOTO (self));

  if (self->width == width)
    return;

  self->width = width;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
}

int 
fol_photo_get_height (FolPhoto *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO (self), 0);

  return self->height;
}

void
fol_photo_set_height (FolPhoto *self,
                      int height)
{
  g_return_if_fail (FOL_IS_PHOTO (self));

  if (self->height == height)
    return;

  self->height = height;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
}

double 
fol_photo_get_px_per_mm (FolPhoto *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO (self), NAN);

  return self->px_per_mm;
}

void
fol_photo_set_px_per_mm (FolPhoto *self,
                         double px_per_mm)
{
  g_return_if_fail (FOL_IS_PHOTO (self));

  /* NaN means "not measured"; two NaNs are the same value. */
  if (self->px_per_mm == px_per_mm || (isnan (self->px_per_mm) && isnan (px_per_mm)))
    return;

  self->px_per_mm = px_per_mm;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PX_PER_MM]);
}

const char *
fol_photo_get_created_at (FolPhoto *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO (self), NULL);

  return self->created_at;
}

void
fol_photo_set_created_at (FolPhoto *self,
                          const char *created_at)
{
  g_return_if_fail (FOL_IS_PHOTO (self));

  if (g_strcmp0 (self->created_at, created_at) == 0)
    return;

  g_free (self->created_at);
  self->created_at = g_strdup (created_at);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

/**
 * fol_photo_get_visit_date:
 *
 * Returns: the date of the photo's visit, as the store's listings fill it
 *   in; %FOL_DATE_NONE for a photo built by hand
 */
FolDate
fol_photo_get_visit_date (FolPhoto *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO (self), FOL_DATE_NONE);

  return self->visit_date;
}

void
fol_photo_set_visit_date (FolPhoto *self,
                          FolDate   visit_date)
{
  g_return_if_fail (FOL_IS_PHOTO (self));

  self->visit_date = visit_date;
}

const char *
fol_photo_get_visit_kind (FolPhoto *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO (self), NULL);

  return self->visit_kind;
}

void
fol_photo_set_visit_kind (FolPhoto   *self,
                          const char *visit_kind)
{
  g_return_if_fail (FOL_IS_PHOTO (self));

  if (g_strcmp0 (self->visit_kind, visit_kind) == 0)
    return;

  g_free (self->visit_kind);
  self->visit_kind = g_strdup (visit_kind);
}
