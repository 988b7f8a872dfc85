/* fol-backup-policy.h
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

#include "fol-backup.h"

G_BEGIN_DECLS

/* Changes (FolStore::changed emissions) between two automatic backups. */
#define FOL_BACKUP_ACTIONS_BETWEEN 50

#define FOL_TYPE_BACKUP_POLICY (fol_backup_policy_get_type ())

G_DECLARE_FINAL_TYPE (FolBackupPolicy, fol_backup_policy, FOL, BACKUP_POLICY, GObject)

FolBackupPolicy *fol_backup_policy_new         (FolStore        *store,
                                                const char      *location);
void             fol_backup_policy_set_location (FolBackupPolicy *self,
                                                 const char      *location);
const char      *fol_backup_policy_get_dir     (FolBackupPolicy *self);
gboolean         fol_backup_policy_get_running (FolBackupPolicy *self);
guint            fol_backup_policy_get_pending_actions (FolBackupPolicy *self);
gboolean         fol_backup_policy_startup     (FolBackupPolicy *self);
gboolean         fol_backup_policy_startup_after (FolBackupPolicy *self,
                                                  guint            delay_ms);
void             fol_backup_policy_run_now     (FolBackupPolicy *self);
GPtrArray       *fol_backup_policy_list        (FolBackupPolicy *self,
                                                GError         **error);

void             fol_backup_policy_select      (GDateTime * const *dates,
                                                guint              n_dates,
                                                GDateTime         *now,
                                                gboolean          *keep);

G_END_DECLS
