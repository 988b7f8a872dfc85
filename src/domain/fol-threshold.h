/* fol-threshold.h
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

/* The no-change threshold T of CLINICAL.md, in percent: |Δ%| < T is
 * "Stable"; exactly T is a change. Its default and the range the
 * preference and --threshold accept.
 */
#define FOL_THRESHOLD_DEFAULT 10.0
#define FOL_THRESHOLD_MIN      1.0
#define FOL_THRESHOLD_MAX     50.0

/* The settings schema that holds the preference `change-threshold`. */
#define FOL_THRESHOLD_SCHEMA "org.follicle.Follicle"

gboolean fol_threshold_parse         (const char  *text,
                                      double      *out_percent,
                                      GError     **error);
gboolean fol_threshold_is_valid      (double       percent);
double   fol_threshold_from_settings (GSettings   *settings);
void     fol_threshold_set_override  (double       percent);
double   fol_threshold_in_effect     (GSettings   *settings);

G_END_DECLS
