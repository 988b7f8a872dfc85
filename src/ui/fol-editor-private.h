/* fol-editor-private.h
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

#include "fol-patient-editor.h"
#include "fol-session-editor.h"
#include "fol-visit-editor.h"

G_BEGIN_DECLS

/* What the tests reach inside the editors: the fields, as the user types. */
GtkEditable *_fol_patient_editor_get_name       (FolPatientEditor *self);
GtkEditable *_fol_patient_editor_get_birth_date (FolPatientEditor *self);
AdwComboRow *_fol_patient_editor_get_sex        (FolPatientEditor *self);
AdwComboRow *_fol_patient_editor_get_diagnosis  (FolPatientEditor *self);
gboolean     _fol_patient_editor_can_save       (FolPatientEditor *self);
GtkRevealer *_fol_patient_editor_get_error      (FolPatientEditor *self);
GtkLabel    *_fol_patient_editor_get_error_label (FolPatientEditor *self);
GtkWidget   *_fol_patient_editor_get_conflict   (FolPatientEditor *self);

GtkEditable *_fol_visit_editor_get_date         (FolVisitEditor   *self);
GtkEditable *_fol_visit_editor_get_salt         (FolVisitEditor   *self,
                                                 guint             area);
GtkLabel    *_fol_visit_editor_get_salt_score   (FolVisitEditor   *self);
AdwComboRow *_fol_visit_editor_get_aa_iga       (FolVisitEditor   *self);
GtkEditable *_fol_visit_editor_get_cell         (FolVisitEditor   *self,
                                                 FolRegion         region,
                                                 const char       *property);
GtkLabel    *_fol_visit_editor_get_message      (FolVisitEditor   *self,
                                                 FolRegion         region);
GtkCheckButton *_fol_visit_editor_get_confirm   (FolVisitEditor   *self,
                                                 FolRegion         region);
gboolean     _fol_visit_editor_can_save         (FolVisitEditor   *self);
GtkRevealer *_fol_visit_editor_get_error        (FolVisitEditor   *self);
GtkWidget   *_fol_visit_editor_get_conflict     (FolVisitEditor   *self);

GtkEditable *_fol_session_editor_get_date       (FolSessionEditor *self);
GtkEditable *_fol_session_editor_get_product    (FolSessionEditor *self);
GtkEditable *_fol_session_editor_get_lot        (FolSessionEditor *self);
GtkEditable *_fol_session_editor_get_volume     (FolSessionEditor *self);
AdwComboRow *_fol_session_editor_get_type_row   (FolSessionEditor *self);
FolScalpMap *_fol_session_editor_get_map        (FolSessionEditor *self);
guint        _fol_session_editor_add_adverse_event (FolSessionEditor *self,
                                                    const char       *description,
                                                    FolSeverity       severity);
GtkWidget   *_fol_session_editor_get_repeat_button (FolSessionEditor *self);
GtkWidget   *_fol_session_editor_get_conflict   (FolSessionEditor *self);
gboolean     _fol_session_editor_can_save       (FolSessionEditor *self);

G_END_DECLS
