/* fol-measurement.c
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

#define G_LOG_DOMAIN "fol-measurement"

#include "config.h"

#include <math.h>

#include "fol-measurement.h"

/* The values of one scalp region at one visit. NaN means not measured; a
 * true 0 is a value. */
struct _FolMeasurement
{
  GObject parent_instance;

  char *visit_id;
  guint region;
  double hair_count;
  double field_area;
  double total_density;
  double terminal_density;
  double vellus_density;
  double terminal_threshold;
  double mean_diameter;
  double anagen;
  double telogen;
  double fu_density;
  char *method;
  char *notes;
};

G_DEFINE_FINAL_TYPE (FolMeasurement, fol_measurement, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VISIT_ID,
  PROP_REGION,
  PROP_HAIR_COUNT,
  PROP_FIELD_AREA,
  PROP_TOTAL_DENSITY,
  PROP_TERMINAL_DENSITY,
  PROP_VELLUS_DENSITY,
  PROP_TERMINAL_THRESHOLD,
  PROP_MEAN_DIAMETER,
  PROP_ANAGEN,
  PROP_TELOGEN,
  PROP_FU_DENSITY,
  PROP_METHOD,
  PROP_NOTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fol_measurement_finalize (GObject *object)
{
  FolMeasurement *self = (FolMeasurement *) object;

  g_clear_pointer (&self->visit_id, g_free);
  g_clear_pointer (&self->method, g_free);
  g_clear_pointer (&self->notes, g_free);

  G_OBJECT_CLASS (fol_measurement_parent_class)->finalize (object);
}

static void
fol_measurement_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FolMeasurement *self = FOL_MEASUREMENT (object);

  switch (prop_id)
    {
    case PROP_VISIT_ID:
      g_value_set_string (value, self->visit_id);
      break;

    case PROP_REGION:
      g_value_set_uint (value, self->region);
      break;

    case PROP_HAIR_COUNT:
      g_value_set_double (value, self->hair_count);
      break;

    case PROP_FIELD_AREA:
      g_value_set_double (value, self->field_area);
      break;

    case PROP_TOTAL_DENSITY:
      g_value_set_double (value, self->total_density);
      break;

    case PROP_TERMINAL_DENSITY:
      g_value_set_double (value, self->terminal_density);
      break;

    case PROP_VELLUS_DENSITY:
      g_value_set_double (value, self->vellus_density);
      break;

    case PROP_TERMINAL_THRESHOLD:
      g_value_set_double (value, self->terminal_threshold);
      break;

    case PROP_MEAN_DIAMETER:
      g_value_set_double (value, self->mean_diameter);
      break;

    case PROP_ANAGEN:
      g_value_set_double (value, self->anagen);
      break;

    case PROP_TELOGEN:
      g_value_set_double (value, self->telogen);
      break;

    case PROP_FU_DENSITY:
      g_value_set_double (value, self->fu_density);
      break;

    case PROP_METHOD:
      g_value_set_string (value, self->method);
      break;

    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_measurement_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FolMeasurement *self = FOL_MEASUREMENT (object);

  switch (prop_id)
    {
    case PROP_VISIT_ID:
      fol_measurement_set_visit_id (self, g_value_get_string (value));
      break;

    case PROP_REGION:
      fol_measurement_set_region (self, g_value_get_uint (value));
      break;

    case PROP_HAIR_COUNT:
      fol_measurement_set_hair_count (self, g_value_get_double (value));
      break;

    case PROP_FIELD_AREA:
      fol_measurement_set_field_area (self, g_value_get_double (value));
      break;

    case PROP_TOTAL_DENSITY:
      fol_measurement_set_total_density (self, g_value_get_double (value));
      break;

    case PROP_TERMINAL_DENSITY:
      fol_measurement_set_terminal_density (self, g_value_get_double (value));
      break;

    case PROP_VELLUS_DENSITY:
      fol_measurement_set_vellus_density (self, g_value_get_double (value));
      break;

    case PROP_TERMINAL_THRESHOLD:
      fol_measurement_set_terminal_threshold (self, g_value_get_double (value));
      break;

    case PROP_MEAN_DIAMETER:
      fol_measurement_set_mean_diameter (self, g_value_get_double (value));
      break;

    case PROP_ANAGEN:
      fol_measurement_set_anagen (self, g_value_get_double (value));
      break;

    case PROP_TELOGEN:
      fol_measurement_set_telogen (self, g_value_get_double (value));
      break;

    case PROP_FU_DENSITY:
      fol_measurement_set_fu_density (self, g_value_get_double (value));
      break;

    case PROP_METHOD:
      fol_measurement_set_method (self, g_value_get_string (value));
      break;

    case PROP_NOTES:
      fol_measurement_set_notes (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_measurement_class_init (FolMeasurementClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fol_measurement_finalize;
  object_class->get_property = fol_measurement_get_property;
  object_class->set_property = fol_measurement_set_property;

  properties[PROP_VISIT_ID] =
    g_param_spec_string ("visit-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REGION] =
    g_param_spec_uint ("region", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HAIR_COUNT] =
    g_param_spec_double ("hair-count", NULL, NULL,
                         -INFINITY, INFINITY, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FIELD_AREA] =
    g_param_spec_double ("field-area", NULL, NULL,
                         -INFINITY, INFINITY, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOTAL_DENSITY] =
    g_param_spec_double ("total-density", NULL, NULL,
                         -INFINITY, INFINITY, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TERMINAL_DENSITY] =
    g_param_spec_double ("terminal-density", NULL, NULL,
                         -INFINITY, INFINITY, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VELLUS_DENSITY] =
    g_param_spec_double ("vellus-density", NULL, NULL,
                         -INFINITY, INFINITY, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TERMINAL_THRESHOLD] =
    g_param_spec_double ("terminal-threshold", NULL, NULL,
                         -INFINITY, INFINITY, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MEAN_DIAMETER] =
    g_param_spec_double ("mean-diameter", NULL, NULL,
                         -INFINITY, INFINITY, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ANAGEN] =
    g_param_spec_double ("anagen", NULL, NULL,
                         -INFINITY, INFINITY, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TELOGEN] =
    g_param_spec_double ("telogen", NULL, NULL,
                         -INFINITY, INFINITY, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FU_DENSITY] =
    g_param_spec_double ("fu-density", NULL, NULL,
                         -INFINITY, INFINITY, 0.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_METHOD] =
    g_param_spec_string ("method", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fol_measurement_init (FolMeasurement *self)
{
  self->hair_count = NAN;
  self->field_area = NAN;
  self->total_density = NAN;
  self->terminal_density = NAN;
  self->vellus_density = NAN;
  self->terminal_threshold = NAN;
  self->mean_diameter = NAN;
  self->anagen = NAN;
  self->telogen = NAN;
  self->fu_density = NAN;
}

FolMeasurement *
fol_measurement_new (void)
{
  return g_object_new (FOL_TYPE_MEASUREMENT, NULL);
}

/**
 * fol_measurement_copy:
 *
 * Returns: (transfer full): a new object with the same values, for editing
 * without touching the original.
 */
FolMeasurement *
fol_measurement_copy (FolMeasurement *self)
{
  FolMeasurement *copy;

  g_return_val_if_fail (FOL_IS_MEASUREMENT (self), NULL);

  copy = fol_measurement_new ();
  copy->visit_id = g_strdup (self->visit_id);
  copy->region = self->region;
  copy->hair_count = self->hair_count;
  copy->field_area = self->field_area;
  copy->total_density = self->total_density;
  copy->terminal_density = self->terminal_density;
  copy->vellus_density = self->vellus_density;
  copy->terminal_threshold = self->terminal_threshold;
  copy->mean_diameter = self->mean_diameter;
  copy->anagen = self->anagen;
  copy->telogen = self->telogen;
  copy->fu_density = self->fu_density;
  copy->method = g_strdup (self->method);
  copy->notes = g_strdup (self->notes);

  return copy;
}

const char *
fol_measurement_get_visit_id (FolMeasurement *self)
{
  g_return_val_if_fail (FOL_IS_MEASUREMENT (self), NULL);

  return self->visit_id;
}

void
fol_measurement_set_visit_id (FolMeasurement *self,
                              const char *visit_id)
{
  g_return_if_fail (FOL_IS_MEASUREMENT (self));

  if (g_strcmp0 (self->visit_id, visit_id) == 0)
    return;

  g_free (self->visit_id);
  self->visit_id = g_strdup (visit_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIT_ID]);
}

guint 
fol_measurement_get_region (FolMeasurement *self)
{
  g_return_val_if_fail (FOL_IS_MEASUREMENT (self), 0);

  return self->region;
}

void
fol_measurement_set_region (FolMeasurement *self,
                            guint region)
{
  g_return_if_fail (FOL_IS_MEASUREMENT (self));

  if (self->region == region)
    return;

  self->region = region;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION]);
}

double 
fol_measurement_get_hair_count (FolMeasurement *self)
{
  g_return_val_if_fail (FOL_IS_MEASUREMENT (self), NAN);

  return self->hair_count;
}

void
fol_measurement_set_hair_count (FolMeasurement *self,
                                double hair_count)
{
  g_return_if_fail (FOL_IS_MEASUREMENT (self));

  /* NaN means "not measured"; two NaNs are the same value. */
  if (self->hair_count == hair_count || (isnan (self->hair_count) && isnan (hair_count)))
    return;

  self->hair_count = hair_count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAIR_COUNT]);
}

double 
fol_measurement_get_field_area (FolMeasurement *self)
{
  g_return_val_if_fail (FOL_IS_MEASUREMENT (self), NAN);

  return self->field_area;
}

void
fol_measurement_set_field_area (FolMeasurement *self,
                                double field_area)
{
  g_return_if_fail (FOL_IS_MEASUREMENT (self));

  /* NaN means "not measured"; two NaNs are the same value. */
  if (self->field_area == field_area || (isnan (self->field_area) && isnan (field_area)))
    return;

  self->field_area = field_area;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELD_AREA]);
}

double 
fol_measurement_get_total_density (FolMeasurement *self)
{
  g_return_val_if_fail (FOL_IS_MEASUREMENT (self), NAN);

  return self->total_density;
}

void
fol_measurement_set_total_density (FolMeasurement *self,
                                   double total_density)
{
  g_return_if_fail (FOL_IS_MEASUREMENT (self));

  /* NaN means "not measured"; two NaNs are the same value. */
  if (self->total_density == total_density || (isnan (self->total_density) && isnan (total_density)))
    return;

  self->total_density = total_density;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_DENSITY]);
}

double 
fol_measurement_get_terminal_density (FolMeasurement *self)
{
  g_return_val_if_fail (FOL_IS_MEASUREMENT (self), NAN);

  return self->terminal_density;
}

void
fol_measurement_set_terminal_density (FolMeasurement *self,
                                      double terminal_density)
{
  g_return_if_fail (FOL_IS_MEASUREMENT (self));

  /* NaN means "not measured"; two NaNs are the same value. */
  if (self->terminal_density == terminal_density || (isnan (self->terminal_density) && isnan (terminal_density)))
    return;

  self->terminal_density = terminal_density;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TERMINAL_DENSITY]);
}

double 
fol_measurement_get_vellus_density (FolMeasurement *self)
{
  g_return_val_if_fail (FOL_IS_MEASUREMENT (self), NAN);

  return self->vellus_density;
}

void
fol_measurement_set_vellus_density (FolMeasurement *self,
                                    double vellus_density)
{
  g_return_if_fail (FOL_IS_MEASUREMENT (self));

  /* NaN means "not measured"; two NaNs are the same value. */
  if (self->vellus_density == vellus_density || (isnan (self->vellus_density) && isnan (vellus_density)))
    return;

  self->vellus_density = vellus_density;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VELLUS_DENSITY]);
}

double 
fol_measurement_get_terminal_threshold (FolMeasurement *self)
{
  g_return_val_if_fail (FOL_IS_MEASUREMENT (self), NAN);

  return self->terminal_threshold;
}

void
fol_measurement_set_terminal_threshold (FolMeasurement *self,
                                        double terminal_threshold)
{
  g_return_if_fail (FOL_IS_MEASUREMENT (self));

  /* NaN means "not measured"; two NaNs are the same value. */
  if (self->terminal_threshold == terminal_threshold || (isnan (self->terminal_threshold) && isnan (terminal_threshold)))
    return;

  self->terminal_threshold = terminal_threshold;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TERMINAL_THRESHOLD]);
}

double 
fol_measurement_get_mean_diameter (FolMeasurement *self)
{
  g_return_val_if_fail (FOL_IS_MEASUREMENT (self), NAN);

  return self->mean_diameter;
}

void
fol_measurement_set_mean_diameter (FolMeasurement *self,
                                   double mean_diameter)
{
  g_return_if_fail (FOL_IS_MEASUREMENT (self));

  /* NaN means "not measured"; two NaNs are the same value. */
  if (self->mean_diameter == mean_diameter || (isnan (self->mean_diameter) && isnan (mean_diameter)))
    return;

  self->mean_diameter = mean_diameter;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEAN_DIAMETER]);
}

double 
fol_measurement_get_anagen (FolMeasurement *self)
{
  g_return_val_if_fail (FOL_IS_MEASUREMENT (self), NAN);

  return self->anagen;
}

void
fol_measurement_set_anagen (FolMeasurement *self,
                            double anagen)
{
  g_return_if_fail (FOL_IS_MEASUREMENT (self));

  /* NaN means "not measured"; two NaNs are the same value. */
  if (self->anagen == anagen || (isnan (self->anagen) && isnan (anagen)))
    return;

  self->anagen = anagen;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANAGEN]);
}

double
fol_measurement_get_telogen (FolMeasurement *self)
{
  g_return_val_if_fail (FOL_IS_MEASUREMENT (self), NAN);

  return self->telogen;
}

void
fol_measurement_set_telogen (FolMeasurement *self,
                             double          telogen)
{
  g_return_if_fail (FOL_IS_MEASUREMENT (self));

  /* NaN means "not measured"; two NaNs are the same value. */
  if (self->telogen == telogen || (isnan (self->telogen) && isnan (telogen)))
    return;

  self->telogen = telogen;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TELOGEN]);
}

double 
fol_measurement_get_fu_density (FolMeasurement *self)
{
  g_return_val_if_fail (FOL_IS_MEASUREMENT (self), NAN);

  return self->fu_density;
}

void
fol_measurement_set_fu_density (FolMeasurement *self,
                                double fu_density)
{
  g_return_if_fail (FOL_IS_MEASUREMENT (self));

  /* NaN means "not measured"; two NaNs are the same value. */
  if (self->fu_density == fu_density || (isnan (self->fu_density) && isnan (fu_density)))
    return;

  self->fu_density = fu_density;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FU_DENSITY]);
}

const char *
fol_measurement_get_method (FolMeasurement *self)
{
  g_return_val_if_fail (FOL_IS_MEASUREMENT (self), NULL);

  return self->method;
}

void
fol_measurement_set_method (FolMeasurement *self,
                            const char *method)
{
  g_return_if_fail (FOL_IS_MEASUREMENT (self));

  if (g_strcmp0 (self->method, method) == 0)
    return;

  g_free (self->method);
  self->method = g_strdup (method);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METHOD]);
}

const char *
fol_measurement_get_notes (FolMeasurement *self)
{
  g_return_val_if_fail (FOL_IS_MEASUREMENT (self), NULL);

  return self->notes;
}

void
fol_measurement_set_notes (FolMeasurement *self,
                           const char *notes)
{
  g_return_if_fail (FOL_IS_MEASUREMENT (self));

  if (g_strcmp0 (self->notes, notes) == 0)
    return;

  g_free (self->notes);
  self->notes = g_strdup (notes);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
}
