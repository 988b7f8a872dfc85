/* fol-window.h
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

#include "fol-application.h"
#include "fol-patient-page.h"

G_BEGIN_DECLS

#define FOL_TYPE_WINDOW (fol_window_get_type ())

G_DECLARE_FINAL_TYPE (FolWindow, fol_window, FOL, WINDOW, AdwApplicationWindow)

FolWindow      *fol_window_new                (FolApplication *application);
void            fol_window_show_patient       (FolWindow      *self,
                                               const char     *patient_id);
FolPatientPage *fol_window_get_patient_page   (FolWindow      *self);
void            fol_window_update_actions     (FolWindow      *self);
void            fol_window_show_message       (FolWindow      *self,
                                               const char     *message);

G_END_DECLS
