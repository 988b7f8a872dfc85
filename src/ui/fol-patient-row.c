/* fol-patient-row.c
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

#define G_LOG_DOMAIN "fol-patient-row"

#include "config.h"

#include <glib/gi18n.h>

#include "fol-catalog.h"
#include "fol-patient-row.h"

struct _FolPatientRow
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkLabel   *name_label;
  GtkLabel   *detail_label;
  GtkLabel   *age_label;

  /* Owned */
  FolPatient *patient;
};

G_DEFINE_FINAL_TYPE (FolPatientRow, fol_patient_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PATIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fol_patient_row_dispose (GObject *object)
{
  GtkWidget *child;
  FolPatientRow *self = FOL_PATIENT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FOL_TYPE_PATIENT_ROW);
  /* The template's top box has no ID, so it is not disposed with it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->patient);

  G_OBJECT_CLASS (fol_patient_row_parent_class)->dispose (object);
}

static void
fol_patient_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FolPatientRow *self = FOL_PATIENT_ROW (object);

  switch (prop_id)
    {
    case PROP_PATIENT:
      g_value_set_object (value, self->patient);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_patient_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FolPatientRow *self = FOL_PATIENT_ROW (object);

  switch (prop_id)
    {
    case PROP_PATIENT:
      fol_patient_row_set_patient (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_patient_row_class_init (FolPatientRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_patient_row_dispose;
  object_class->get_property = fol_patient_row_get_property;
  object_class->set_property = fol_patient_row_set_property;

  properties[PROP_PATIENT] =
    g_param_spec_object ("patient", NULL, NULL, FOL_TYPE_PATIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/fol-patient-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FolPatientRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, FolPatientRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, FolPatientRow, age_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fol_patient_row_init (FolPatientRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fol_patient_age:
 *
 * Returns: whole years of age on @on, or -1 without a date of birth
 */
int
fol_patient_age (FolPatient *patient,
                 FolDate     on)
{
  FolDate birth;
  int age;

  g_return_val_if_fail (FOL_IS_PATIENT (patient), -1);

  birth = fol_patient_get_birth_date (patient);
  if (birth == FOL_DATE_NONE || on < birth)
    return -1;

  age = fol_date_get_year (on) - fol_date_get_year (birth);
  if (fol_date_get_month (on) < fol_date_get_month (birth) ||
      (fol_date_get_month (on) == fol_date_get_month (birth) &&
       fol_date_get_day (on) < fol_date_get_day (birth)))
    age--;

  return age;
}

FolPatient *
fol_patient_row_get_patient (FolPatientRow *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT_ROW (self), NULL);
  return self->patient;
}

void
fol_patient_row_set_patient (FolPatientRow *self,
                             FolPatient    *patient)
{
  const char *diagnosis;
  int age;

  g_return_if_fail (FOL_IS_PATIENT_ROW (self));
  g_return_if_fail (!patient || FOL_IS_PATIENT (patient));

  if (!g_set_object (&self->patient, patient))
    return;

  if (patient == NULL)
    {
      gtk_label_set_text (self->name_label, "");
      gtk_label_set_text (self->detail_label, "");
      gtk_label_set_text (self->age_label, "");
    }
  else
    {
      diagnosis = fol_patient_get_diagnosis (patient);
      age = fol_patient_age (patient, fol_date_today ());
      gtk_label_set_text (self->name_label, fol_patient_get_name (patient));
      gtk_label_set_text (self->detail_label,
                          diagnosis ? fol_catalog_label (FOL_CATALOG_DIAGNOSIS, diagnosis)
                                    : _("No diagnosis"));
      if (age >= 0)
        {
          /* Translators: an age in years, as short as possible */
          g_autofree char *text = g_strdup_printf (_("%d y"), age);
          gtk_label_set_text (self->age_label, text);
        }
      else
        gtk_label_set_text (self->age_label, "");
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATIENT]);
}
