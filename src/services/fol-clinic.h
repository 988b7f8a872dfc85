/* fol-clinic.h
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

#include "fol-store.h"

G_BEGIN_DECLS

typedef enum
{
  FOL_CLINIC_OPEN_NONE      = 0,
  /* Nothing is written: no clinic is made, no schema upgraded. */
  FOL_CLINIC_OPEN_READ_ONLY = 1 << 0,
  /* Only a clinic that is there already: none is made. */
  FOL_CLINIC_OPEN_EXISTING  = 1 << 1,
} FolClinicOpenFlags;

char     *fol_clinic_default_location (void);
gboolean  fol_clinic_location_is_file (const char          *location,
                                       GError             **error);
gboolean  fol_clinic_location_is_server (const char        *location);
FolStore *fol_clinic_open             (const char          *location,
                                       FolClinicOpenFlags   flags,
                                       GError             **error);

G_END_DECLS
