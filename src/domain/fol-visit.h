/* fol-visit.h
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

#define FOL_TYPE_VISIT (fol_visit_get_type ())

G_DECLARE_FINAL_TYPE (FolVisit, fol_visit, FOL, VISIT, GObject)

FolVisit   * fol_visit_new                         (void);
FolVisit   * fol_visit_copy                        (FolVisit *self);
const char * fol_visit_get_id                      (FolVisit *self);
void         fol_visit_set_id                      (FolVisit *self,
                                                    const char *id);
const char * fol_visit_get_patient_id              (FolVisit *self);
void         fol_visit_set_patient_id              (FolVisit *self,
                                                    const char *patient_id);
FolDate      fol_visit_get_date                    (FolVisit *self);
void         fol_visit_set_date                    (FolVisit *self,
                                                    FolDate date);
const char * fol_visit_get_kind                    (FolVisit *self);
void         fol_visit_set_kind                    (FolVisit *self,
                                                    const char *kind);
const char * fol_visit_get_clinician               (FolVisit *self);
void         fol_visit_set_clinician               (FolVisit *self,
                                                    const char *clinician);
const char * fol_visit_get_norwood                 (FolVisit *self);
void         fol_visit_set_norwood                 (FolVisit *self,
                                                    const char *norwood);
const char * fol_visit_get_ludwig                  (FolVisit *self);
void         fol_visit_set_ludwig                  (FolVisit *self,
                                                    const char *ludwig);
int          fol_visit_get_sinclair                (FolVisit *self);
void         fol_visit_set_sinclair                (FolVisit *self,
                                                    int sinclair);
int          fol_visit_get_salt_top                (FolVisit *self);
void         fol_visit_set_salt_top                (FolVisit *self,
                                                    int salt_top);
int          fol_visit_get_salt_back               (FolVisit *self);
void         fol_visit_set_salt_back               (FolVisit *self,
                                                    int salt_back);
int          fol_visit_get_salt_right              (FolVisit *self);
void         fol_visit_set_salt_right              (FolVisit *self,
                                                    int salt_right);
int          fol_visit_get_salt_left               (FolVisit *self);
void         fol_visit_set_salt_left               (FolVisit *self,
                                                    int salt_left);
int          fol_visit_get_investigator_assessment (FolVisit *self);
void         fol_visit_set_investigator_assessment (FolVisit *self,
                                                    int investigator_assessment);
int          fol_visit_get_patient_assessment      (FolVisit *self);
void         fol_visit_set_patient_assessment      (FolVisit *self,
                                                    int patient_assessment);
int          fol_visit_get_aa_iga                  (FolVisit *self);
void         fol_visit_set_aa_iga                  (FolVisit *self,
                                                    int aa_iga);
const char * fol_visit_get_notes                   (FolVisit *self);
void         fol_visit_set_notes                   (FolVisit *self,
                                                    const char *notes);
const char * fol_visit_get_created_at              (FolVisit *self);
void         fol_visit_set_created_at              (FolVisit *self,
                                                    const char *created_at);
const char * fol_visit_get_updated_at              (FolVisit *self);
void         fol_visit_set_updated_at              (FolVisit *self,
                                                    const char *updated_at);

G_END_DECLS
