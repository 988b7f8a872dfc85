/* fol-validate.h
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

#include "fol-measure-field.h"
#include "fol-measurement.h"
#include "fol-patient.h"
#include "fol-treatment-session.h"
#include "fol-visit.h"

G_BEGIN_DECLS

gboolean fol_validation_fail (const char  *field,
                              const char **out_field,
                              GError     **error,
                              int          code,
                              const char  *format,
                              ...) G_GNUC_PRINTF (5, 6);

/* The rules of CLINICAL.md, shared by the window, the command line and every
 * importer. On failure, @out_field (when given) is set to the name of the
 * property at fault, so that a form can show the message at that field, and
 * @error says what is wrong in words naming the field.
 */

gboolean fol_validate_measurement_value (const char           *property,
                                         double                value,
                                         GError              **error);

gboolean fol_patient_validate           (FolPatient           *patient,
                                         const char          **out_field,
                                         GError              **error);
gboolean fol_patient_validate_birth     (FolPatient           *patient,
                                         FolDate               first_record,
                                         const char          **out_field,
                                         GError              **error);
gboolean fol_visit_validate             (FolVisit             *visit,
                                         FolDate               birth_date,
                                         const char          **out_field,
                                         GError              **error);
gboolean fol_measurement_validate       (FolMeasurement       *measurement,
                                         const char          **out_field,
                                         GError              **error);
gboolean fol_treatment_session_validate (FolTreatmentSession  *session,
                                         FolDate               birth_date,
                                         const char          **out_field,
                                         GError              **error);

void     fol_measurement_derive         (FolMeasurement       *measurement);
gboolean fol_measurement_is_empty       (FolMeasurement       *measurement);

G_END_DECLS
