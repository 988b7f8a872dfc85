/* fol-visit-editor.h
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

#define FOL_TYPE_VISIT_EDITOR (fol_visit_editor_get_type ())

G_DECLARE_FINAL_TYPE (FolVisitEditor, fol_visit_editor, FOL, VISIT_EDITOR, AdwWindow)

GtkWidget *fol_visit_editor_new        (FolStore       *store,
                                        GSettings      *settings,
                                        FolHistory     *history,
                                        const char     *visit_id);
void       fol_visit_editor_add_region (FolVisitEditor *self,
                                        FolRegion       region);

G_END_DECLS
