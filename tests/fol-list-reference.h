/* fol-list-reference.h
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

#include "fol-patient.h"

G_BEGIN_DECLS

/* One line of `follicle --list-patients` as it was printed before the
 * command streamed: from a patient object, with the escaping of that time.
 * The test and the benchmark compare the streamed command with it.
 */
char *fol_list_reference_line (FolPatient *patient);

G_END_DECLS
