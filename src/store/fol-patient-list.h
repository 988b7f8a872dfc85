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

/* The most keys a list shows before its first slice: a tall screenful. */
#define FOL_PATIENT_LIST_FIRST_ROWS 50

G_DECLARE_FINAL_TYPE (FolPatientList, fol_patient_list, FOL, PATIENT_LIST, GObject)

/* Loads the patient a store knows by @key; NULL when it is gone. */
typedef FolPatient *(*FolPatientLoader) (gpointer loader_data,
                                         gint64   key);

/* Appends the next keys, in order, to @keys: a short slice, or all that
 * remain when @to_end is set. Sets @out_done once no key remains.
 */
typedef gboolean    (*FolPatientFiller) (gpointer   filler_data,
                                         GArray    *keys,
                                         gboolean   to_end,
                                         gboolean  *out_done,
                                         GError   **error);

FolPatientList *fol_patient_list_new     (GArray           *keys,
                                          FolPatientLoader  loader,
                                          gpointer          loader_data,
                                          GDestroyNotify    loader_data_destroy);
gint64          fol_patient_list_get_key (FolPatientList   *self,
                                          guint             position);
void            fol_patient_list_set_filler  (FolPatientList   *self,
                                              FolPatientFiller  filler,
                                              gpointer          filler_data,
                                              GDestroyNotify    filler_data_destroy);
void            fol_patient_list_set_held    (FolPatientList   *self,
                                              gboolean          held);
gboolean        fol_patient_list_is_complete (FolPatientList   *self);
gboolean        fol_patient_list_fill_all    (FolPatientList   *self,
                                              GError          **error);

G_END_DECLS
