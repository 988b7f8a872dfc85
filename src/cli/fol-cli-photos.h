/* fol-cli-photos.h
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

#include <glib.h>

G_BEGIN_DECLS

int fol_cli_add_photos (const char         *database,
                        const char         *patient,
                        const char         *visit,
                        const char         *region,
                        const char * const *files);

G_END_DECLS
