/* fol-patient.c
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

#define G_LOG_DOMAIN "fol-patient"

#include "config.h"

#include <math.h>

#include "fol-patient.h"

/* A person under treatment. Identified by a UUID that never changes. */
struct _FolPatient
{
  GObject parent_instance;

  char *id;
  char *name;
  FolDate birth_date;
  char *sex;
  char *diagnosis;
  char *notes;
  char *created_at;
  char *updated_at;

  /* Free-text description of where each region is measured. */
  char *sites[FOL_N_REGIONS];
};

G_DEFINE_FINAL_TYPE (FolPatient, fol_patient, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_BIRTH_DATE,
  PROP_SEX,
  PROP_DIAGNOSIS,
  PROP_NOTES,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fol_patient_finalize (GObject *object)
{
  FolPatient *self = (FolPatient *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->sex, g_free);
  g_clear_pointer (&self->diagnosis, g_free);
  g_clear_pointer (&self->notes, g_free);
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->updated_at, g_free);
  for (guint i = 0; i < FOL_N_REGIONS; i++)
    g_clear_pointer (&self->sites[i], g_free);

  G_OBJECT_CLASS (fol_patient_parent_class)->finalize (object);
}

static void
fol_patient_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FolPatient *self = FOL_PATIENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_BIRTH_DATE:
      g_value_set_uint (value, self->birth_date);
      break;

    case PROP_SEX:
      g_value_set_string (value, self->sex);
      break;

    case PROP_DIAGNOSIS:
      g_value_set_string (value, self->diagnosis);
      break;

    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;

    case PROP_CREATED_AT:
      g_value_set_string (value, self->created_at);
      break;

    case PROP_UPDATED_AT:
      g_value_set_string (value, self->updated_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_patient_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  FolPatient *self = FOL_PATIENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      fol_patient_set_id (self, g_value_get_string (value));
      break;

    case PROP_NAME:
      fol_patient_set_name (self, g_value_get_string (value));
      break;

    case PROP_BIRTH_DATE:
      fol_patient_set_birth_date (self, g_value_get_uint (value));
      break;

    case PROP_SEX:
      fol_patient_set_sex (self, g_value_get_string (value));
      break;

    case PROP_DIAGNOSIS:
      fol_patient_set_diagnosis (self, g_value_get_string (value));
      break;

    case PROP_NOTES:
      fol_patient_set_notes (self, g_value_get_string (value));
      break;

    case PROP_CREATED_AT:
      fol_patient_set_created_at (self, g_value_get_string (value));
      break;

    case PROP_UPDATED_AT:
      fol_patient_set_updated_at (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_patient_class_init (FolPatientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fol_patient_finalize;
  object_class->get_property = fol_patient_get_property;
  object_class->set_property = fol_patient_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BIRTH_DATE] =
    g_param_spec_uint ("birth-date", NULL, NULL,
                       0, G_MAXUINT32, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEX] =
    g_param_spec_string ("sex", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DIAGNOSIS] =
    g_param_spec_string ("diagnosis", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CREATED_AT] =
    g_param_spec_string ("created-at", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_UPDATED_AT] =
    g_param_spec_string ("updated-at", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fol_patient_init (FolPatient *self)
{
}

FolPatient *
fol_patient_new (void)
{
  return g_object_new (FOL_TYPE_PATIENT, NULL);
}

/**
 * fol_patient_copy:
 *
 * Returns: (transfer full): a new object with the same values, for editing
 * without touching the original.
 */
FolPatient *
fol_patient_copy (FolPatient *self)
{
  FolPatient *copy;

  g_return_val_if_fail (FOL_IS_PATIENT (self), NULL);

  copy = fol_patient_new ();
  copy->id = g_strdup (self->id);
  copy->name = g_strdup (self->name);
  copy->birth_date = self->birth_date;
  copy->sex = g_strdup (self->sex);
  copy->diagnosis = g_strdup (self->diagnosis);
  copy->notes = g_strdup (self->notes);
  copy->created_at = g_strdup (self->created_at);
  copy->updated_at = g_strdup (self->updated_at);
  for (guint i = 0; i < FOL_N_REGIONS; i++)
    copy->sites[i] = g_strdup (self->sites[i]);

  return copy;
}

const char *
fol_patient_get_id (FolPatient *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT (self), NULL);

  return self->id;
}

void
fol_patient_set_id (FolPatient *self,
                    const char *id)
{
  g_return_if_fail (FOL_IS_PATIENT (self));

  if (g_strcmp0 (self->id, id) == 0)
    return;

  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
fol_patient_get_name (FolPatient *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT (self), NULL);

  return self->name;
}

void
fol_patient_set_name (FolPatient *self,
                      const char *name)
{
  g_return_if_fail (FOL_IS_PATIENT (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

FolDate 
fol_patient_get_birth_date (FolPatient *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT (self), 0);

  return self->birth_date;
}

void
fol_patient_set_birth_date (FolPatient *self,
                            FolDate birth_date)
{
  g_return_if_fail (FOL_IS_PATIENT (self));

  if (self->birth_date == birth_date)
    return;

  self->birth_date = birth_date;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BIRTH_DATE]);
}

const char *
fol_patient_get_sex (FolPatient *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT (self), NULL);

  return self->sex;
}

void
fol_patient_set_sex (FolPatient *self,
                     const char *sex)
{
  g_return_if_fail (FOL_IS_PATIENT (self));

  if (g_strcmp0 (self->sex, sex) == 0)
    return;

  g_free (self->sex);
  self->sex = g_strdup (sex);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEX]);
}

const char *
fol_patient_get_diagnosis (FolPatient *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT (self), NULL);

  return self->diagnosis;
}

void
fol_patient_set_diagnosis (FolPatient *self,
                           const char *diagnosis)
{
  g_return_if_fail (FOL_IS_PATIENT (self));

  if (g_strcmp0 (self->diagnosis, diagnosis) == 0)
    return;

  g_free (self->diagnosis);
  self->diagnosis = g_strdup (diagnosis);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIAGNOSIS]);
}

const char *
fol_patient_get_notes (FolPatient *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT (self), NULL);

  return self->notes;
}

void
fol_patient_set_notes (FolPatient *self,
                       const char *notes)
{
  g_return_if_fail (FOL_IS_PATIENT (self));

  if (g_strcmp0 (self->notes, notes) == 0)
    return;

  g_free (self->notes);
  self->notes = g_strdup (notes);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
}

const char *
fol_patient_get_created_at (FolPatient *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT (self), NULL);

  return self->created_at;
}

void
fol_patient_set_created_at (FolPatient *self,
                            const char *created_at)
{
  g_return_if_fail (FOL_IS_PATIENT (self));

  if (g_strcmp0 (self->created_at, created_at) == 0)
    return;

  g_free (self->created_at);
  self->created_at = g_strdup (created_at);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

const char *
fol_patient_get_updated_at (FolPatient *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT (self), NULL);

  return self->updated_at;
}

void
fol_patient_set_updated_at (FolPatient *self,
                            const char *updated_at)
{
  g_return_if_fail (FOL_IS_PATIENT (self));

  if (g_strcmp0 (self->updated_at, updated_at) == 0)
    return;

  g_free (self->updated_at);
  self->updated_at = g_strdup (updated_at);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}

/**
 * fol_patient_get_site:
 *
 * Returns: (nullable): how the measurement site of @region is found again,
 *   e.g. "10 cm from glabella on the midline"
 */
const char *
fol_patient_get_site (FolPatient *self,
                      FolRegion   region)
{
  g_return_val_if_fail (FOL_IS_PATIENT (self), NULL);
  g_return_val_if_fail (region < FOL_N_REGIONS, NULL);

  return self->sites[region];
}

void
fol_patient_set_site (FolPatient *self,
                      FolRegion   region,
                      const char *description)
{
  g_return_if_fail (FOL_IS_PATIENT (self));
  g_return_if_fail (region < FOL_N_REGIONS);

  if (description != NULL && description[0] == '\0')
    description = NULL;

  g_free (self->sites[region]);
  self->sites[region] = g_strdup (description);
}
