/* fol-error.c
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

#include "config.h"

#include "fol-error.h"

G_DEFINE_QUARK (fol-store-error-quark, fol_store_error)
G_DEFINE_QUARK (fol-validation-error-quark, fol_validation_error)
