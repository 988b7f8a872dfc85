/* fol-patient.h
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

#pragma once

#include <glib-object.h>

#include "fol-date.h"
#include "fol-region.h"

G_BEGIN_DECLS

#define FOL_TYPE_PATIENT (fol_patient_get_type ())

G_DECLARE_FINAL_TYPE (FolPatient, fol_patient, FOL, PATIENT, GObject)

FolPatient * fol_patient_new            (void);
FolPatient * fol_patient_copy           (FolPatient *self);
const char * fol_patient_get_id         (FolPatient *self);
void         fol_patient_set_id         (FolPatient *self,
                                         const char *id);
const char * fol_patient_get_name       (FolPatient *self);
void         fol_patient_set_name       (FolPatient *self,
                                         const char *name);
FolDate      fol_patient_get_birth_date (FolPatient *self);
void         fol_patient_set_birth_date (FolPatient *self,
                                         FolDate birth_date);
const char * fol_patient_get_sex        (FolPatient *self);
void         fol_patient_set_sex        (FolPatient *self,
                                         const char *sex);
const char * fol_patient_get_diagnosis  (FolPatient *self);
void         fol_patient_set_diagnosis  (FolPatient *self,
                                         const char *diagnosis);
const char * fol_patient_get_notes      (FolPatient *self);
void         fol_patient_set_notes      (FolPatient *self,
                                         const char *notes);
const char * fol_patient_get_created_at (FolPatient *self);
void         fol_patient_set_created_at (FolPatient *self,
                                         const char *created_at);
const char * fol_patient_get_updated_at (FolPatient *self);
void         fol_patient_set_updated_at (FolPatient *self,
                                         const char *updated_at);

const char *fol_patient_get_site (FolPatient  *self,
                                  FolRegion    region);
void        fol_patient_set_site (FolPatient  *self,
                                  FolRegion    region,
                                  const char  *description);

G_END_DECLS
