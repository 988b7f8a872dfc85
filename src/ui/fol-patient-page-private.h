/* fol-patient-page-private.h
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

#include "fol-patient-page.h"
#include "fol-scalp-map.h"

G_BEGIN_DECLS

FolScalpMap *_fol_patient_page_get_map (FolPatientPage *self);
/* For the tests: the figure lines of the overview, one a line. */
const char  *_fol_patient_page_get_figures_text (FolPatientPage *self);

G_END_DECLS
