/* fol-patient-page.h
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

#define FOL_TYPE_PATIENT_PAGE (fol_patient_page_get_type ())

G_DECLARE_FINAL_TYPE (FolPatientPage, fol_patient_page, FOL, PATIENT_PAGE, GtkWidget)

typedef enum
{
  FOL_PAGE_ITEM_PATIENT,
  FOL_PAGE_ITEM_VISIT,
  FOL_PAGE_ITEM_SESSION,
} FolPageItem;

void        fol_patient_page_set_store          (FolPatientPage *self,
                                                 FolStore       *store,
                                                 GSettings      *settings);
const char *fol_patient_page_get_patient_id     (FolPatientPage *self);
void        fol_patient_page_set_patient_id     (FolPatientPage *self,
                                                 const char     *patient_id);
FolHistory *fol_patient_page_get_history        (FolPatientPage *self);
void        fol_patient_page_reload             (FolPatientPage *self);
void        fol_patient_page_set_hidden_id      (FolPatientPage *self,
                                                 const char     *id);
const char *fol_patient_page_get_selected_item  (FolPatientPage *self,
                                                 FolPageItem    *out_kind);
void        fol_patient_page_set_folded         (FolPatientPage *self,
                                                 gboolean        folded);
AdwBin     *fol_patient_page_get_chart_slot     (FolPatientPage *self);
AdwBin     *fol_patient_page_get_photos_slot    (FolPatientPage *self);
AdwViewStack *fol_patient_page_get_view_stack   (FolPatientPage *self);
GtkListBox *fol_patient_page_get_region_list    (FolPatientPage *self);
GtkListBox *fol_patient_page_get_visit_list     (FolPatientPage *self);
GtkListBox *fol_patient_page_get_session_list   (FolPatientPage *self);

G_END_DECLS
