/* fol-clinic-lock.h
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

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FolClinicLock FolClinicLock;

typedef enum
{
  FOL_CLINIC_LOCK_SHARED,     /* the clinic is open */
  FOL_CLINIC_LOCK_EXCLUSIVE,  /* the clinic is being replaced or created */
} FolClinicLockMode;

FolClinicLock *fol_clinic_lock_acquire        (const char        *db_path,
                                               FolClinicLockMode  mode,
                                               GError           **error);
FolClinicLock *fol_clinic_lock_ref            (FolClinicLock     *lock);
void           fol_clinic_lock_unref          (FolClinicLock     *lock);
gboolean       fol_clinic_lock_is_exclusive   (FolClinicLock     *lock);
void           fol_clinic_lock_downgrade      (FolClinicLock     *lock);
gboolean       fol_clinic_lock_check_free     (const char        *db_path,
                                               GError           **error);
char          *fol_clinic_lock_path           (const char        *db_path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolClinicLock, fol_clinic_lock_unref)

G_END_DECLS
