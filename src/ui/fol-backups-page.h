/* fol-backups-page.h
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

#include "fol-application.h"

G_BEGIN_DECLS

#define FOL_TYPE_BACKUPS_PAGE (fol_backups_page_get_type ())

G_DECLARE_FINAL_TYPE (FolBackupsPage, fol_backups_page, FOL, BACKUPS_PAGE, AdwPreferencesPage)

GtkWidget *fol_backups_page_new            (FolApplication *application);
void       fol_backups_page_reload         (FolBackupsPage *self);
guint      fol_backups_page_get_n_backups  (FolBackupsPage *self);

/* For tests */
GtkFileChooser *_fol_backups_page_backup_chooser_new  (FolBackupsPage *self);
GtkFileChooser *_fol_backups_page_restore_chooser_new (FolBackupsPage *self);
void            _fol_backups_page_answer_chooser      (GtkFileChooser *chooser,
                                                       const char     *path);

G_END_DECLS
