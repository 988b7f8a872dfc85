/* fol-patient-row.h
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

#include <gtk/gtk.h>

#include "fol-patient.h"

G_BEGIN_DECLS

#define FOL_TYPE_PATIENT_ROW (fol_patient_row_get_type ())

G_DECLARE_FINAL_TYPE (FolPatientRow, fol_patient_row, FOL, PATIENT_ROW, GtkWidget)

FolPatient *fol_patient_row_get_patient (FolPatientRow *self);
void        fol_patient_row_set_patient (FolPatientRow *self,
                                         FolPatient    *patient);
int         fol_patient_age             (FolPatient    *patient,
                                         FolDate        on);

G_END_DECLS
