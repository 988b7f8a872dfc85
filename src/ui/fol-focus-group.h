/* fol-focus-group.h
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

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FOL_TYPE_FOCUS_GROUP (fol_focus_group_get_type ())

G_DECLARE_FINAL_TYPE (FolFocusGroup, fol_focus_group, FOL, FOCUS_GROUP, GtkWidget)

GtkWidget *fol_focus_group_new       (void);
GtkWidget *fol_focus_group_get_child (FolFocusGroup *self);
void       fol_focus_group_set_child (FolFocusGroup *self,
                                      GtkWidget     *child);

G_END_DECLS
