/* fol-treatment-session.h
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

#define FOL_TYPE_TREATMENT_SESSION (fol_treatment_session_get_type ())

G_DECLARE_FINAL_TYPE (FolTreatmentSession, fol_treatment_session, FOL, TREATMENT_SESSION, GObject)

FolTreatmentSession * fol_treatment_session_new                (void);
FolTreatmentSession * fol_treatment_session_copy               (FolTreatmentSession *self);
const char          * fol_treatment_session_get_id             (FolTreatmentSession *self);
void                  fol_treatment_session_set_id             (FolTreatmentSession *self,
                                                                const char *id);
const char          * fol_treatment_session_get_patient_id     (FolTreatmentSession *self);
void                  fol_treatment_session_set_patient_id     (FolTreatmentSession *self,
                                                                const char *patient_id);
FolDate               fol_treatment_session_get_date           (FolTreatmentSession *self);
void                  fol_treatment_session_set_date           (FolTreatmentSession *self,
                                                                FolDate date);
const char          * fol_treatment_session_get_treatment_type (FolTreatmentSession *self);
void                  fol_treatment_session_set_treatment_type (FolTreatmentSession *self,
                                                                const char *treatment_type);
const char          * fol_treatment_session_get_product        (FolTreatmentSession *self);
void                  fol_treatment_session_set_product        (FolTreatmentSession *self,
                                                                const char *product);
const char          * fol_treatment_session_get_lot_number     (FolTreatmentSession *self);
void                  fol_treatment_session_set_lot_number     (FolTreatmentSession *self,
                                                                const char *lot_number);
double                fol_treatment_session_get_volume_ml      (FolTreatmentSession *self);
void                  fol_treatment_session_set_volume_ml      (FolTreatmentSession *self,
                                                                double volume_ml);
const char          * fol_treatment_session_get_dose           (FolTreatmentSession *self);
void                  fol_treatment_session_set_dose           (FolTreatmentSession *self,
                                                                const char *dose);
double                fol_treatment_session_get_depth_mm       (FolTreatmentSession *self);
void                  fol_treatment_session_set_depth_mm       (FolTreatmentSession *self,
                                                                double depth_mm);
const char          * fol_treatment_session_get_anaesthesia    (FolTreatmentSession *self);
void                  fol_treatment_session_set_anaesthesia    (FolTreatmentSession *self,
                                                                const char *anaesthesia);
const char          * fol_treatment_session_get_clinician      (FolTreatmentSession *self);
void                  fol_treatment_session_set_clinician      (FolTreatmentSession *self,
                                                                const char *clinician);
const char          * fol_treatment_session_get_notes          (FolTreatmentSession *self);
void                  fol_treatment_session_set_notes          (FolTreatmentSession *self,
                                                                const char *notes);
guint                 fol_treatment_session_get_regions        (FolTreatmentSession *self);
void                  fol_treatment_session_set_regions        (FolTreatmentSession *self,
                                                                guint regions);
const char          * fol_treatment_session_get_created_at     (FolTreatmentSession *self);
void                  fol_treatment_session_set_created_at     (FolTreatmentSession *self,
                                                                const char *created_at);
const char          * fol_treatment_session_get_updated_at     (FolTreatmentSession *self);
void                  fol_treatment_session_set_updated_at     (FolTreatmentSession *self,
                                                                const char *updated_at);

typedef enum
{
  FOL_SEVERITY_MILD,
  FOL_SEVERITY_MODERATE,
  FOL_SEVERITY_SEVERE,
  FOL_N_SEVERITIES
} FolSeverity;

guint       fol_treatment_session_get_n_adverse_events (FolTreatmentSession *self);
const char *fol_treatment_session_get_adverse_event    (FolTreatmentSession *self,
                                                        guint                index,
                                                        FolSeverity         *out_severity);
void        fol_treatment_session_add_adverse_event    (FolTreatmentSession *self,
                                                        const char          *description,
                                                        FolSeverity          severity);
void        fol_treatment_session_clear_adverse_events (FolTreatmentSession *self);

G_END_DECLS
