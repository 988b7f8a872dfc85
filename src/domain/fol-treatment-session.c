/* fol-treatment-session.c
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

#define G_LOG_DOMAIN "fol-treatment-session"

#include "config.h"

#include <math.h>

#include "fol-treatment-session.h"

/* A treatment given on one day. @regions is a bit mask of FolRegion. */
struct _FolTreatmentSession
{
  GObject parent_instance;

  char *id;
  char *patient_id;
  FolDate date;
  char *treatment_type;
  char *product;
  char *lot_number;
  double volume_ml;
  char *dose;
  double depth_mm;
  char *anaesthesia;
  char *clinician;
  char *notes;
  guint regions;
  char *created_at;
  char *updated_at;

  /* (description, severity) pairs */
  GPtrArray *event_descriptions;
  GArray *event_severities;
};

G_DEFINE_FINAL_TYPE (FolTreatmentSession, fol_treatment_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PATIENT_ID,
  PROP_DATE,
  PROP_TREATMENT_TYPE,
  PROP_PRODUCT,
  PROP_LOT_NUMBER,
  PROP_VOLUME_ML,
  PROP_DOSE,
  PROP_DEPTH_MM,
  PROP_ANAESTHESIA,
  PROP_CLINICIAN,
  PROP_NOTES,
  PROP_REGIONS,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fol_treatment_session_finalize (GObject *object)
{
  FolTreatmentSession *self = (FolTreatmentSession *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->patient_id, g_free);
  g_clear_pointer (&self->treatment_type, g_free);
  g_clear_pointer (&self->product, g_free);
  g_clear_pointer (&self->lot_number, g_free);
  g_clear_pointer (&self->dose, g_free);
  g_clear_pointer (&self->anaesthesia, g_free);
  g_clear_pointer (&self->clinician, g_free);
  g_clear_pointer (&self->notes, g_free);
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->updated_at, g_free);
  g_clear_pointer (&self->event_descriptions, g_ptr_array_unref);
  g_clear_pointer (&self->event_severities, g_array_unref);

  G_OBJECT_CLASS (fol_treatment_session_parent_class)->finalize (object);
}

static void
fol_treatment_session_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FolTreatmentSession *self = FOL_TREATMENT_SESSION (object);

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

    case PROP_TREATMENT_TYPE:
      g_value_set_string (value, self->treatment_type);
      break;

    case PROP_PRODUCT:
      g_value_set_string (value, self->product);
      break;

    case PROP_LOT_NUMBER:
      g_value_set_string (value, self->lot_number);
      break;

    case PROP_VOLUME_ML:
      g_value_set_double (value, self->volume_ml);
      break;

    case PROP_DOSE:
      g_value_set_string (value, self->dose);
      break;

    case PROP_DEPTH_MM:
      g_value_set_double (value, self->depth_mm);
      break;

    case PROP_ANAESTHESIA:
      g_value_set_string (value, self->anaesthesia);
      break;

    case PROP_CLINICIAN:
      g_value_set_string (value, self->clinician);
      break;

    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;

    case PROP_REGIONS:
      g_value_set_uint (value, self->regions);
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
fol_treatment_session_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  FolTreatmentSession *self = FOL_TREATMENT_SESSION (object);

  switch (prop_id)
    {
    case PROP_ID:
      fol_treatment_session_set_id (self, g_value_get_string (value));
      break;

    case PROP_PATIENT_ID:
      fol_treatment_session_set_patient_id (self, g_value_get_string (value));
      break;

    case PROP_DATE:
      fol_treatment_session_set_date (self, g_value_get_uint (value));
      break;

    case PROP_TREATMENT_TYPE:
      fol_treatment_session_set_treatment_type (self, g_value_get_string (value));
      break;

    case PROP_PRODUCT:
      fol_treatment_session_set_product (self, g_value_get_string (value));
      break;

    case PROP_LOT_NUMBER:
      fol_treatment_session_set_lot_number (self, g_value_get_string (value));
      break;

    case PROP_VOLUME_ML:
      fol_treatment_session_set_volume_ml (self, g_value_get_double (value));
      break;

    case PROP_DOSE:
      fol_treatment_session_set_dose (self, g_value_get_string (value));
      break;

    case PROP_DEPTH_MM:
      fol_treatment_session_set_depth_mm (self, g_value_get_double (value));
      break;

    case PROP_ANAESTHESIA:
      fol_treatment_session_set_anaesthesia (self, g_value_get_string (value));
      break;

    case PROP_CLINICIAN:
      fol_treatment_session_set_clinician (self, g_value_get_string (value));
      break;

    case PROP_NOTES:
      fol_treatment_session_set_notes (self, g_value_get_string (value));
      break;

    case PROP_REGIONS:
      fol_treatment_session_set_regions (self, g_value_get_uint (value));
      break;

    case PROP_CREATED_AT:
      fol_treatment_session_set_created_at (self, g_value_get_string (value));
      break;

    case PROP_UPDATED_AT:
      fol_treatment_session_set_updated_at (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_treatment_session_class_init (FolTreatmentSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fol_treatment_session_finalize;
  object_class->get_property = fol_treatment_session_get_property;
  object_class->set_property = fol_treatment_session_set_property;

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

  properties[PROP_TREATMENT_TYPE] =
    g_param_spec_string ("treatment-type", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PRODUCT] =
    g_param_spec_string ("product", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOT_NUMBER] =
    g_param_spec_string ("lot-number", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VOLUME_ML] =
    g_param_spec_double ("volume-ml", NULL, NULL,
                         -INFINITY, INFINITY, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DOSE] =
    g_param_spec_string ("dose", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DEPTH_MM] =
    g_param_spec_double ("depth-mm", NULL, NULL,
                         -INFINITY, INFINITY, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ANAESTHESIA] =
    g_param_spec_string ("anaesthesia", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CLINICIAN] =
    g_param_spec_string ("clinician", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REGIONS] =
    g_param_spec_uint ("regions", NULL, NULL,
                       0, G_MAXUINT, 0,
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
fol_treatment_session_init (FolTreatmentSession *self)
{
  self->volume_ml = NAN;
  self->depth_mm = NAN;
  self->event_descriptions = g_ptr_array_new_with_free_func (g_free);
  self->event_severities = g_array_new (FALSE, FALSE, sizeof (FolSeverity));
}

FolTreatmentSession *
fol_treatment_session_new (void)
{
  return g_object_new (FOL_TYPE_TREATMENT_SESSION, NULL);
}

/**
 * fol_treatment_session_copy:
 *
 * Returns: (transfer full): a new object with the same values, for editing
 * without touching the original.
 */
FolTreatmentSession *
fol_treatment_session_copy (FolTreatmentSession *self)
{
  FolTreatmentSession *copy;

  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (self), NULL);

  copy = fol_treatment_session_new ();
  copy->id = g_strdup (self->id);
  copy->patient_id = g_strdup (self->patient_id);
  copy->date = self->date;
  copy->treatment_type = g_strdup (self->treatment_type);
  copy->product = g_strdup (self->product);
  copy->lot_number = g_strdup (self->lot_number);
  copy->volume_ml = self->volume_ml;
  copy->dose = g_strdup (self->dose);
  copy->depth_mm = self->depth_mm;
  copy->anaesthesia = g_strdup (self->anaesthesia);
  copy->clinician = g_strdup (self->clinician);
  copy->notes = g_strdup (self->notes);
  copy->regions = self->regions;
  copy->created_at = g_strdup (self->created_at);
  copy->updated_at = g_strdup (self->updated_at);
  for (guint i = 0; i < self->event_descriptions->len; i++)
    fol_treatment_session_add_adverse_event (copy, g_ptr_array_index (self->event_descriptions, i),
                                             g_array_index (self->event_severities, FolSeverity, i));

  return copy;
}

const char *
fol_treatment_session_get_id (FolTreatmentSession *self)
{
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (self), NULL);

  return self->id;
}

void
fol_treatment_session_set_id (FolTreatmentSession *self,
                              const char *id)
{
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (self));

  if (g_strcmp0 (self->id, id) == 0)
    return;

  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
fol_treatment_session_get_patient_id (FolTreatmentSession *self)
{
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (self), NULL);

  return self->patient_id;
}

void
fol_treatment_session_set_patient_id (FolTreatmentSession *self,
                                      const char *patient_id)
{
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (self));

  if (g_strcmp0 (self->patient_id, patient_id) == 0)
    return;

  g_free (self->patient_id);
  self->patient_id = g_strdup (patient_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATIENT_ID]);
}

FolDate 
fol_treatment_session_get_date (FolTreatmentSession *self)
{
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (self), 0);

  return self->date;
}

void
fol_treatment_session_set_date (FolTreatmentSession *self,
                                FolDate date)
{
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (self));

  if (self->date == date)
    return;

  self->date = date;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

const char *
fol_treatment_session_get_treatment_type (FolTreatmentSession *self)
{
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (self), NULL);

  return self->treatment_type;
}

void
fol_treatment_session_set_treatment_type (FolTreatmentSession *self,
                                          const char *treatment_type)
{
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (self));

  if (g_strcmp0 (self->treatment_type, treatment_type) == 0)
    return;

  g_free (self->treatment_type);
  self->treatment_type = g_strdup (treatment_type);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TREATMENT_TYPE]);
}

const char *
fol_treatment_session_get_product (FolTreatmentSession *self)
{
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (self), NULL);

  return self->product;
}

void
fol_treatment_session_set_product (FolTreatmentSession *self,
                                   const char *product)
{
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (self));

  if (g_strcmp0 (self->product, product) == 0)
    return;

  g_free (self->product);
  self->product = g_strdup (product);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT]);
}

const char *
fol_treatment_session_get_lot_number (FolTreatmentSession *self)
{
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (self), NULL);

  return self->lot_number;
}

void
fol_treatment_session_set_lot_number (FolTreatmentSession *self,
                                      const char *lot_number)
{
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (self));

  if (g_strcmp0 (self->lot_number, lot_number) == 0)
    return;

  g_free (self->lot_number);
  self->lot_number = g_strdup (lot_number);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOT_NUMBER]);
}

double 
fol_treatment_session_get_volume_ml (FolTreatmentSession *self)
{
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (self), NAN);

  return self->volume_ml;
}

void
fol_treatment_session_set_volume_ml (FolTreatmentSession *self,
                                     double volume_ml)
{
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (self));

  /* NaN means "not measured"; two NaNs are the same value. */
  if (self->volume_ml == volume_ml || (isnan (self->volume_ml) && isnan (volume_ml)))
    return;

  self->volume_ml = volume_ml;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME_ML]);
}

const char *
fol_treatment_session_get_dose (FolTreatmentSession *self)
{
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (self), NULL);

  return self->dose;
}

void
fol_treatment_session_set_dose (FolTreatmentSession *self,
                                const char *dose)
{
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (self));

  if (g_strcmp0 (self->dose, dose) == 0)
    return;

  g_free (self->dose);
  self->dose = g_strdup (dose);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOSE]);
}

double 
fol_treatment_session_get_depth_mm (FolTreatmentSession *self)
{
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (self), NAN);

  return self->depth_mm;
}

void
fol_treatment_session_set_depth_mm (FolTreatmentSession *self,
                                    double depth_mm)
{
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (self));

  /* NaN means "not measured"; two NaNs are the same value. */
  if (self->depth_mm == depth_mm || (isnan (self->depth_mm) && isnan (depth_mm)))
    return;

  self->depth_mm = depth_mm;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPTH_MM]);
}

const char *
fol_treatment_session_get_anaesthesia (FolTreatmentSession *self)
{
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (self), NULL);

  return self->anaesthesia;
}

void
fol_treatment_session_set_anaesthesia (FolTreatmentSession *self,
                                       const char *anaesthesia)
{
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (self));

  if (g_strcmp0 (self->anaesthesia, anaesthesia) == 0)
    return;

  g_free (self->anaesthesia);
  self->anaesthesia = g_strdup (anaesthesia);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANAESTHESIA]);
}

const char *
fol_treatment_session_get_clinician (FolTreatmentSession *self)
{
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (self), NULL);

  return self->clinician;
}

void
fol_treatment_session_set_clinician (FolTreatmentSession *self,
                                     const char *clinician)
{
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (self));

  if (g_strcmp0 (self->clinician, clinician) == 0)
    return;

  g_free (self->clinician);
  self->clinician = g_strdup (clinician);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLINICIAN]);
}

const char *
fol_treatment_session_get_notes (FolTreatmentSession *self)
{
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (self), NULL);

  return self->notes;
}

void
fol_treatment_session_set_notes (FolTreatmentSession *self,
                                 const char *notes)
{
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (self));

  if (g_strcmp0 (self->notes, notes) == 0)
    return;

  g_free (self->notes);
  self->notes = g_strdup (notes);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
}

guint 
fol_treatment_session_get_regions (FolTreatmentSession *self)
{
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (self), 0);

  return self->regions;
}

void
fol_treatment_session_set_regions (FolTreatmentSession *self,
                                   guint regions)
{
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (self));

  if (self->regions == regions)
    return;

  self->regions = regions;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGIONS]);
}

const char *
fol_treatment_session_get_created_at (FolTreatmentSession *self)
{
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (self), NULL);

  return self->created_at;
}

void
fol_treatment_session_set_created_at (FolTreatmentSession *self,
                                      const char *created_at)
{
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (self));

  if (g_strcmp0 (self->created_at, created_at) == 0)
    return;

  g_free (self->created_at);
  self->created_at = g_strdup (created_at);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

const char *
fol_treatment_session_get_updated_at (FolTreatmentSession *self)
{
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (self), NULL);

  return self->updated_at;
}

void
fol_treatment_session_set_updated_at (FolTreatmentSession *self,
                                      const char *updated_at)
{
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (self));

  if (g_strcmp0 (self->updated_at, updated_at) == 0)
    return;

  g_free (self->updated_at);
  self->updated_at = g_strdup (updated_at);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}

guint
fol_treatment_session_get_n_adverse_events (FolTreatmentSession *self)
{
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (self), 0);

  return self->event_descriptions->len;
}

const char *
fol_treatment_session_get_adverse_event (FolTreatmentSession *self,
                                         guint                index,
                                         FolSeverity         *out_severity)
{
  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (self), NULL);
  g_return_val_if_fail (index < self->event_descriptions->len, NULL);

  if (out_severity)
    *out_severity = g_array_index (self->event_severities, FolSeverity, index);
  return g_ptr_array_index (self->event_descriptions, index);
}

void
fol_treatment_session_add_adverse_event (FolTreatmentSession *self,
                                         const char          *description,
                                         FolSeverity          severity)
{
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (self));
  g_return_if_fail (description != NULL);

  g_ptr_array_add (self->event_descriptions, g_strdup (description));
  g_array_append_val (self->event_severities, severity);
}

void
fol_treatment_session_clear_adverse_events (FolTreatmentSession *self)
{
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (self));

  g_ptr_array_set_size (self->event_descriptions, 0);
  g_array_set_size (self->event_severities, 0);
}
