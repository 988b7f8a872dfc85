/* fol-patient-editor.h
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

#include <adwaita.h>

#include "fol-store.h"

G_BEGIN_DECLS

#define FOL_TYPE_PATIENT_EDITOR (fol_patient_editor_get_type ())

G_DECLARE_FINAL_TYPE (FolPatientEditor, fol_patient_editor, FOL, PATIENT_EDITOR, AdwWindow)

GtkWidget  *fol_patient_editor_new        (FolStore         *store,
                                           FolPatient       *patient);
void        fol_patient_editor_set_name   (FolPatientEditor *self,
                                           const char       *name);
const char *fol_patient_editor_get_saved_id (FolPatientEditor *self);
gboolean    fol_patient_editor_is_saving  (FolPatientEditor *self);

G_END_DECLS
