/* fol-pin-private.h
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

#include "fol-pin.h"

G_BEGIN_DECLS

/* For the tests only: the Argon2id cost of new hashes. The app always uses
 * libsodium's interactive limits; a test under the sanitizers may lower
 * them (to libsodium's minimum at most) so that hashing takes milliseconds.
 * A hash keeps its own cost, so verifying is not affected. Pass 0, 0 to go
 * back to the interactive limits.
 */
void _fol_pin_set_limits (guint64 opslimit,
                          gsize   memlimit);

G_END_DECLS
