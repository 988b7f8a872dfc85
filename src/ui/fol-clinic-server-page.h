/* fol-clinic-server-page.h
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

G_BEGIN_DECLS

#define FOL_TYPE_CLINIC_SERVER_PAGE (fol_clinic_server_page_get_type ())

G_DECLARE_FINAL_TYPE (FolClinicServerPage, fol_clinic_server_page, FOL, CLINIC_SERVER_PAGE,
                      AdwPreferencesPage)

GtkWidget *fol_clinic_server_page_new (FolApplication *application);

G_END_DECLS
