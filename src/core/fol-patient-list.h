/* fol-patient-list.h
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

#include <gio/gio.h>

#include "fol-patient.h"

G_BEGIN_DECLS

#define FOL_TYPE_PATIENT_LIST (fol_patient_list_get_type ())

G_DECLARE_FINAL_TYPE (FolPatientList, fol_patient_list, FOL, PATIENT_LIST, GObject)

/* Loads the patient a store knows by @key; NULL when it is gone. */
typedef FolPatient *(*FolPatientLoader) (gpointer loader_data,
                                         gint64   key);

FolPatientList *fol_patient_list_new     (GArray           *keys,
                                          FolPatientLoader  loader,
                                          gpointer          loader_data,
                                          GDestroyNotify    loader_data_destroy);
gint64          fol_patient_list_get_key (FolPatientList   *self,
                                          guint             position);

G_END_DECLS
