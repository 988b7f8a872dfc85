/* fol-preferences-window.h
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

G_BEGIN_DECLS

#define FOL_TYPE_PREFERENCES_WINDOW (fol_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (FolPreferencesWindow, fol_preferences_window, FOL, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *fol_preferences_window_new (GSettings *settings);

G_END_DECLS
