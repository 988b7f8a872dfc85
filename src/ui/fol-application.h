/* fol-application.h
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

#define FOL_TYPE_APPLICATION (fol_application_get_type ())

G_DECLARE_FINAL_TYPE (FolApplication, fol_application, FOL, APPLICATION, AdwApplication)

FolApplication *fol_application_new          (const char         *database,
                                              gboolean            demo);
void            fol_application_set_service  (FolApplication     *self,
                                              gboolean            service);
int             fol_application_run_files    (FolApplication     *self,
                                              const char         *argv0,
                                              const char * const *files);
FolStore       *fol_application_get_store    (FolApplication     *self);
GSettings      *fol_application_get_settings (FolApplication     *self);
const GError   *fol_application_get_open_error (FolApplication   *self);

gboolean        fol_application_restore_backup (FolApplication  *self,
                                                const char      *backup_path,
                                                GError         **error);
gboolean        fol_application_restore_archive (FolApplication  *self,
                                                 const char      *backup_path,
                                                 gboolean         archive,
                                                 const char      *passphrase,
                                                 GError         **error);

void            fol_application_open_demo      (FolApplication  *self);
void            fol_application_leave_demo     (FolApplication  *self);
gboolean        fol_application_is_demo        (FolApplication  *self);
char           *fol_application_dup_clinic_name (FolApplication *self);
void            fol_application_open_server_store (FolApplication *self,
                                                   FolStore       *store);
void            fol_application_use_local_clinic (FolApplication *self);

G_END_DECLS
