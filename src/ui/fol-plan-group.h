/* fol-plan-group.h
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

#define FOL_TYPE_PLAN_GROUP (fol_plan_group_get_type ())

G_DECLARE_FINAL_TYPE (FolPlanGroup, fol_plan_group, FOL, PLAN_GROUP, GtkWidget)

GtkWidget  *fol_plan_group_new            (FolStore     *store);
void        fol_plan_group_set_patient_id (FolPlanGroup *self,
                                           const char   *patient_id);
/* What the dialog does: for the tests. */
gboolean    _fol_plan_group_assign        (FolPlanGroup *self,
                                           guint         protocol_index,
                                           const char   *start_text,
                                           GError      **error);
GtkListBox *_fol_plan_group_get_list      (FolPlanGroup *self);
const char *_fol_plan_group_get_error     (FolPlanGroup *self);
const char *_fol_plan_group_get_summary   (FolPlanGroup *self);

G_END_DECLS
