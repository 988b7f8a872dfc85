/* fol-visit.c
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

#define G_LOG_DOMAIN "fol-visit"

#include "config.h"

#include <math.h>

#include "fol-visit.h"

/* One clinic visit: global scales and assessments. Region measurements are FolMeasurement. */
struct _FolVisit
{
  GObject parent_instance;

  char *id;
  char *patient_id;
  FolDate date;
  char *kind;
  char *clinician;
  char *norwood;
  char *ludwig;
  int sinclair;
  int salt_top;
  int salt_back;
  int salt_right;
  int salt_left;
  int investigator_assessment;
  int patient_assessment;
  int aa_iga;
  char *notes;
  char *created_at;
  char *updated_at;
};

G_DEFINE_FINAL_TYPE (FolVisit, fol_visit, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PATIENT_ID,
  PROP_DATE,
  PROP_KIND,
  PROP_CLINICIAN,
  PROP_NORWOOD,
  PROP_LUDWIG,
  PROP_SINCLAIR,
  PROP_SALT_TOP,
  PROP_SALT_BACK,
  PROP_SALT_RIGHT,
  PROP_SALT_LEFT,
  PROP_INVESTIGATOR_ASSESSMENT,
  PROP_PATIENT_ASSESSMENT,
  PROP_AA_IGA,
  PROP_NOTES,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fol_visit_finalize (GObject *object)
{
  FolVisit *self = (FolVisit *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->patient_id, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->clinician, g_free);
  g_clear_pointer (&self->norwood, g_free);
  g_clear_pointer (&self->ludwig, g_free);
  g_clear_pointer (&self->notes, g_free);
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->updated_at, g_free);

  G_OBJECT_CLASS (fol_visit_parent_class)->finalize (object);
}

static void
fol_visit_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FolVisit *self = FOL_VISIT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_PATIENT_ID:
      g_value_set_string (value, self->patient_id);
      break;

    case PROP_DATE:
      g_value_set_uint (value, self->date);
      break;

    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_CLINICIAN:
      g_value_set_string (value, self->clinician);
      break;

    case PROP_NORWOOD:
      g_value_set_string (value, self->norwood);
      break;

    case PROP_LUDWIG:
      g_value_set_string (value, self->ludwig);
      break;

    case PROP_SINCLAIR:
      g_value_set_int (value, self->sinclair);
      break;

    case PROP_SALT_TOP:
      g_value_set_int (value, self->salt_top);
      break;

    case PROP_SALT_BACK:
      g_value_set_int (value, self->salt_back);
      break;

    case PROP_SALT_RIGHT:
      g_value_set_int (value, self->salt_right);
      break;

    case PROP_SALT_LEFT:
      g_value_set_int (value, self->salt_left);
      break;

    case PROP_INVESTIGATOR_ASSESSMENT:
      g_value_set_int (value, self->investigator_assessment);
      break;

    case PROP_PATIENT_ASSESSMENT:
      g_value_set_int (value, self->patient_assessment);
      break;

    case PROP_AA_IGA:
      g_value_set_int (value, self->aa_iga);
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
fol_visit_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  FolVisit *self = FOL_VISIT (object);

  switch (prop_id)
    {
    case PROP_ID:
      fol_visit_set_id (self, g_value_get_string (value));
      break;

    case PROP_PATIENT_ID:
      fol_visit_set_patient_id (self, g_value_get_string (value));
      break;

    case PROP_DATE:
      fol_visit_set_date (self, g_value_get_uint (value));
      break;

    case PROP_KIND:
      fol_visit_set_kind (self, g_value_get_string (value));
      break;

    case PROP_CLINICIAN:
      fol_visit_set_clinician (self, g_value_get_string (value));
      break;

    case PROP_NORWOOD:
      fol_visit_set_norwood (self, g_value_get_string (value));
      break;

    case PROP_LUDWIG:
      fol_visit_set_ludwig (self, g_value_get_string (value));
      break;

    case PROP_SINCLAIR:
      fol_visit_set_sinclair (self, g_value_get_int (value));
      break;

    case PROP_SALT_TOP:
      fol_visit_set_salt_top (self, g_value_get_int (value));
      break;

    case PROP_SALT_BACK:
      fol_visit_set_salt_back (self, g_value_get_int (value));
      break;

    case PROP_SALT_RIGHT:
      fol_visit_set_salt_right (self, g_value_get_int (value));
      break;

    case PROP_SALT_LEFT:
      fol_visit_set_salt_left (self, g_value_get_int (value));
      break;

    case PROP_INVESTIGATOR_ASSESSMENT:
      fol_visit_set_investigator_assessment (self, g_value_get_int (value));
      break;

    case PROP_PATIENT_ASSESSMENT:
      fol_visit_set_patient_assessment (self, g_value_get_int (value));
      break;

    case PROP_AA_IGA:
      fol_visit_set_aa_iga (self, g_value_get_int (value));
      break;

    case PROP_NOTES:
      fol_visit_set_notes (self, g_value_get_string (value));
      break;

    case PROP_CREATED_AT:
      fol_visit_set_created_at (self, g_value_get_string (value));
      break;

    case PROP_UPDATED_AT:
      fol_visit_set_updated_at (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_visit_class_init (FolVisitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fol_visit_finalize;
  object_class->get_property = fol_visit_get_property;
  object_class->set_property = fol_visit_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PATIENT_ID] =
    g_param_spec_string ("patient-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DATE] =
    g_param_spec_uint ("date", NULL, NULL,
                       0, G_MAXUINT32, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CLINICIAN] =
    g_param_spec_string ("clinician", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NORWOOD] =
    g_param_spec_string ("norwood", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LUDWIG] =
    g_param_spec_string ("ludwig", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_AA_IGA] =
    g_param_spec_int ("aa-iga", NULL, NULL,
                      G_MININT, G_MAXINT, FOL_NO_SCORE,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SINCLAIR] =
    g_param_spec_int ("sinclair", NULL, NULL,
                      G_MININT, G_MAXINT, FOL_NO_SCORE,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SALT_TOP] =
    g_param_spec_int ("salt-top", NULL, NULL,
                      G_MININT, G_MAXINT, FOL_NO_SCORE,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SALT_BACK] =
    g_param_spec_int ("salt-back", NULL, NULL,
                      G_MININT, G_MAXINT, FOL_NO_SCORE,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SALT_RIGHT] =
    g_param_spec_int ("salt-right", NULL, NULL,
                      G_MININT, G_MAXINT, FOL_NO_SCORE,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SALT_LEFT] =
    g_param_spec_int ("salt-left", NULL, NULL,
                      G_MININT, G_MAXINT, FOL_NO_SCORE,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_INVESTIGATOR_ASSESSMENT] =
    g_param_spec_int ("investigator-assessment", NULL, NULL,
                      G_MININT, G_MAXINT, FOL_NO_SCORE,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PATIENT_ASSESSMENT] =
    g_param_spec_int ("patient-assessment", NULL, NULL,
                      G_MININT, G_MAXINT, FOL_NO_SCORE,
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
fol_visit_init (FolVisit *self)
{
  self->sinclair = FOL_NO_SCORE;
  self->salt_top = FOL_NO_SCORE;
  self->salt_back = FOL_NO_SCORE;
  self->salt_right = FOL_NO_SCORE;
  self->salt_left = FOL_NO_SCORE;
  self->investigator_assessment = FOL_NO_SCORE;
  self->patient_assessment = FOL_NO_SCORE;
  self->aa_iga = FOL_NO_SCORE;
}

FolVisit *
fol_visit_new (void)
{
  return g_object_new (FOL_TYPE_VISIT, NULL);
}

/**
 * fol_visit_copy:
 *
 * Returns: (transfer full): a new object with the same values, for editing
 * without touching the original.
 */
FolVisit *
fol_visit_copy (FolVisit *self)
{
  FolVisit *copy;

  g_return_val_if_fail (FOL_IS_VISIT (self), NULL);

  copy = fol_visit_new ();
  copy->id = g_strdup (self->id);
  copy->patient_id = g_strdup (self->patient_id);
  copy->date = self->date;
  copy->kind = g_strdup (self->kind);
  copy->clinician = g_strdup (self->clinician);
  copy->norwood = g_strdup (self->norwood);
  copy->ludwig = g_strdup (self->ludwig);
  copy->sinclair = self->sinclair;
  copy->salt_top = self->salt_top;
  copy->salt_back = self->salt_back;
  copy->salt_right = self->salt_right;
  copy->salt_left = self->salt_left;
  copy->investigator_assessment = self->investigator_assessment;
  copy->patient_assessment = self->patient_assessment;
  copy->aa_iga = self->aa_iga;
  copy->notes = g_strdup (self->notes);
  copy->created_at = g_strdup (self->created_at);
  copy->updated_at = g_strdup (self->updated_at);

  return copy;
}

const char *
fol_visit_get_id (FolVisit *self)
{
  g_return_val_if_fail (FOL_IS_VISIT (self), NULL);

  return self->id;
}

void
fol_visit_set_id (FolVisit *self,
                  const char *id)
{
  g_return_if_fail (FOL_IS_VISIT (self));

  if (g_strcmp0 (self->id, id) == 0)
    return;

  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
fol_visit_get_patient_id (FolVisit *self)
{
  g_return_val_if_fail (FOL_IS_VISIT (self), NULL);

  return self->patient_id;
}

void
fol_visit_set_patient_id (FolVisit *self,
                          const char *patient_id)
{
  g_return_if_fail (FOL_IS_VISIT (self));

  if (g_strcmp0 (self->patient_id, patient_id) == 0)
    return;

  g_free (self->patient_id);
  self->patient_id = g_strdup (patient_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATIENT_ID]);
}

FolDate 
fol_visit_get_date (FolVisit *self)
{
  g_return_val_if_fail (FOL_IS_VISIT (self), 0);

  return self->date;
}

void
fol_visit_set_date (FolVisit *self,
                    FolDate date)
{
  g_return_if_fail (FOL_IS_VISIT (self));

  if (self->date == date)
    return;

  self->date = date;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

const char *
fol_visit_get_kind (FolVisit *self)
{
  g_return_val_if_fail (FOL_IS_VISIT (self), NULL);

  return self->kind;
}

void
fol_visit_set_kind (FolVisit *self,
                    const char *kind)
{
  g_return_if_fail (FOL_IS_VISIT (self));

  if (g_strcmp0 (self->kind, kind) == 0)
    return;

  g_free (self->kind);
  self->kind = g_strdup (kind);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

const char *
fol_visit_get_clinician (FolVisit *self)
{
  g_return_val_if_fail (FOL_IS_VISIT (self), NULL);

  return self->clinician;
}

void
fol_visit_set_clinician (FolVisit *self,
                         const char *clinician)
{
  g_return_if_fail (FOL_IS_VISIT (self));

  if (g_strcmp0 (self->clinician, clinician) == 0)
    return;

  g_free (self->clinician);
  self->clinician = g_strdup (clinician);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLINICIAN]);
}

const char *
fol_visit_get_norwood (FolVisit *self)
{
  g_return_val_if_fail (FOL_IS_VISIT (self), NULL);

  return self->norwood;
}

void
fol_visit_set_norwood (FolVisit *self,
                       const char *norwood)
{
  g_return_if_fail (FOL_IS_VISIT (self));

  if (g_strcmp0 (self->norwood, norwood) == 0)
    return;

  g_free (self->norwood);
  self->norwood = g_strdup (norwood);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NORWOOD]);
}

const char *
fol_visit_get_ludwig (FolVisit *self)
{
  g_return_val_if_fail (FOL_IS_VISIT (self), NULL);

  return self->ludwig;
}

void
fol_visit_set_ludwig (FolVisit *self,
                      const char *ludwig)
{
  g_return_if_fail (FOL_IS_VISIT (self));

  if (g_strcmp0 (self->ludwig, ludwig) == 0)
    return;

  g_free (self->ludwig);
  self->ludwig = g_strdup (ludwig);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LUDWIG]);
}

int 
fol_visit_get_sinclair (FolVisit *self)
{
  g_return_val_if_fail (FOL_IS_VISIT (self), 0);

  return self->sinclair;
}

void
fol_visit_set_sinclair (FolVisit *self,
                        int sinclair)
{
  g_return_if_fail (FOL_IS_VISIT (self));

  if (self->sinclair == sinclair)
    return;

  self->sinclair = sinclair;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SINCLAIR]);
}

int 
fol_visit_get_salt_top (FolVisit *self)
{
  g_return_val_if_fail (FOL_IS_VISIT (self), 0);

  return self->salt_top;
}

void
fol_visit_set_salt_top (FolVisit *self,
                        int salt_top)
{
  g_return_if_fail (FOL_IS_VISIT (self));

  if (self->salt_top == salt_top)
    return;

  self->salt_top = salt_top;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SALT_TOP]);
}

int 
fol_visit_get_salt_back (FolVisit *self)
{
  g_return_val_if_fail (FOL_IS_VISIT (self), 0);

  return self->salt_back;
}

void
fol_visit_set_salt_back (FolVisit *self,
                         int salt_back)
{
  g_return_if_fail (FOL_IS_VISIT (self));

  if (self->salt_back == salt_back)
    return;

  self->salt_back = salt_back;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SALT_BACK]);
}

int 
fol_visit_get_salt_right (FolVisit *self)
{
  g_return_val_if_fail (FOL_IS_VISIT (self), 0);

  return self->salt_right;
}

void
fol_visit_set_salt_right (FolVisit *self,
                          int salt_right)
{
  g_return_if_fail (FOL_IS_VISIT (self));

  if (self->salt_right == salt_right)
    return;

  self->salt_right = salt_right;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SALT_RIGHT]);
}

int 
fol_visit_get_salt_left (FolVisit *self)
{
  g_return_val_if_fail (FOL_IS_VISIT (self), 0);

  return self->salt_left;
}

void
fol_visit_set_salt_left (FolVisit *self,
                         int salt_left)
{
  g_return_if_fail (FOL_IS_VISIT (self));

  if (self->salt_left == salt_left)
    return;

  self->salt_left = salt_left;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SALT_LEFT]);
}

int 
fol_visit_get_investigator_assessment (FolVisit *self)
{
  g_return_val_if_fail (FOL_IS_VISIT (self), 0);

  return self->investigator_assessment;
}

void
fol_visit_set_investigator_assessment (FolVisit *self,
                                       int investigator_assessment)
{
  g_return_if_fail (FOL_IS_VISIT (self));

  if (self->investigator_assessment == investigator_assessment)
    return;

  self->investigator_assessment = investigator_assessment;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INVESTIGATOR_ASSESSMENT]);
}

int 
fol_visit_get_patient_assessment (FolVisit *self)
{
  g_return_val_if_fail (FOL_IS_VISIT (self), 0);

  return self->patient_assessment;
}

void
fol_visit_set_patient_assessment (FolVisit *self,
                                  int patient_assessment)
{
  g_return_if_fail (FOL_IS_VISIT (self));

  if (self->patient_assessment == patient_assessment)
    return;

  self->patient_assessment = patient_assessment;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATIENT_ASSESSMENT]);
}

const char *
fol_visit_get_notes (FolVisit *self)
{
  g_return_val_if_fail (FOL_IS_VISIT (self), NULL);

  return self->notes;
}

void
fol_visit_set_notes (FolVisit *self,
                     const char *notes)
{
  g_return_if_fail (FOL_IS_VISIT (self));

  if (g_strcmp0 (self->notes, notes) == 0)
    return;

  g_free (self->notes);
  self->notes = g_strdup (notes);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
}

const char *
fol_visit_get_created_at (FolVisit *self)
{
  g_return_val_if_fail (FOL_IS_VISIT (self), NULL);

  return self->created_at;
}

void
fol_visit_set_created_at (FolVisit *self,
                          const char *created_at)
{
  g_return_if_fail (FOL_IS_VISIT (self));

  if (g_strcmp0 (self->created_at, created_at) == 0)
    return;

  g_free (self->created_at);
  self->created_at = g_strdup (created_at);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

const char *
fol_visit_get_updated_at (FolVisit *self)
{
  g_return_val_if_fail (FOL_IS_VISIT (self), NULL);

  return self->updated_at;
}

void
fol_visit_set_updated_at (FolVisit *self,
                          const char *updated_at)
{
  g_return_if_fail (FOL_IS_VISIT (self));

  if (g_strcmp0 (self->updated_at, updated_at) == 0)
    return;

  g_free (self->updated_at);
  self->updated_at = g_strdup (updated_at);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}

/* The AA-IGA grade of alopecia areata, 0–4, or FOL_NO_SCORE. */
int
fol_visit_get_aa_iga (FolVisit *self)
{
  g_return_val_if_fail (FOL_IS_VISIT (self), FOL_NO_SCORE);

  return self->aa_iga;
}

void
fol_visit_set_aa_iga (FolVisit *self,
                      int       aa_iga)
{
  g_return_if_fail (FOL_IS_VISIT (self));

  if (self->aa_iga == aa_iga)
    return;

  self->aa_iga = aa_iga;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AA_IGA]);
}
