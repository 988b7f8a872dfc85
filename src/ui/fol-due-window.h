/* fol-due-window.h
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

#include "fol-store.h"

G_BEGIN_DECLS

#define FOL_TYPE_DUE_WINDOW (fol_due_window_get_type ())

G_DECLARE_FINAL_TYPE (FolDueWindow, fol_due_window, FOL, DUE_WINDOW, AdwWindow)

FolDueWindow *fol_due_window_new      (GtkWindow    *parent,
                                       FolStore     *store);
GtkListBox   *fol_due_window_get_list (FolDueWindow *self);

G_END_DECLS
