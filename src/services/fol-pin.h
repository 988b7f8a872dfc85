/* fol-pin.h
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

#include <gio/gio.h>

G_BEGIN_DECLS

/* The shortest PIN accepted, in characters. */
#define FOL_PIN_MIN_LENGTH 4
/* Wrong PINs allowed before each further try waits. */
#define FOL_PIN_FREE_TRIES 3
/* The longest wait between two tries, in seconds. */
#define FOL_PIN_MAX_DELAY 30

gboolean fol_pin_check            (const char  *pin,
                                   GError     **error);
char    *fol_pin_hash             (const char  *pin,
                                   GError     **error);
gboolean fol_pin_verify           (const char  *hash,
                                   const char  *pin);
gboolean fol_pin_is_hash          (const char  *text);
guint    fol_pin_retry_delay      (guint        n_wrong);
gboolean fol_pin_migrate_settings (GSettings   *settings,
                                   GError     **error);

G_END_DECLS
