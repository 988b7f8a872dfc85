/* fol-conflict-dialog.h
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

/* The answers of fol_conflict_dialog_new(). */
#define FOL_CONFLICT_KEEP_EDITING "edit"
#define FOL_CONFLICT_RELOAD       "reload"
#define FOL_CONFLICT_SAVE_MINE    "mine"

GtkWidget *fol_conflict_dialog_new       (GtkWindow    *parent,
                                          const GError *error,
                                          GPtrArray    *rows);
void       fol_conflict_rows_add         (GPtrArray    *rows,
                                          const char   *field,
                                          const char   *theirs,
                                          const char   *yours);
void       fol_conflict_dialog_offer     (GtkWindow    *editor,
                                          GtkWidget   **slot,
                                          const GError *error,
                                          GPtrArray    *rows,
                                          GCallback     response_cb);
void       fol_conflict_dialog_dismiss   (GtkWidget   **slot);
GtkGrid   *_fol_conflict_dialog_get_grid (GtkWidget    *dialog);

G_END_DECLS
