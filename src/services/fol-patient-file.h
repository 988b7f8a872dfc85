/* fol-patient-file.h
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

#include "fol-sqlite-store.h"

G_BEGIN_DECLS

#define FOL_PATIENT_FILE_EXTENSION ".follicle"
#define FOL_PATIENT_FILE_MIME_TYPE "application/x-follicle-patient"

/* What the file holds beyond the records the patient may see. */
typedef enum
{
  FOL_PATIENT_FILE_FLAGS_NONE    = 0,
  FOL_PATIENT_FILE_INCLUDE_NOTES = 1 << 0,  /* the clinician's private notes */
} FolPatientFileFlags;

gboolean        fol_patient_file_write (FolStore             *store,
                                        const char           *patient_id,
                                        const char           *path,
                                        FolPatientFileFlags   flags,
                                        GError              **error);
FolSqliteStore *fol_patient_file_open  (const char           *path,
                                        char                **out_patient_id,
                                        GError              **error);

/* The largest patient file a passphrase opens, in memory. */
#define FOL_PATIENT_FILE_MAX_SIZE ((gsize) 4 << 30)

gboolean        fol_patient_file_write_protected (FolStore             *store,
                                                  const char           *patient_id,
                                                  const char           *path,
                                                  FolPatientFileFlags   flags,
                                                  const char           *passphrase,
                                                  GError              **error);
FolSqliteStore *fol_patient_file_open_protected  (const char           *path,
                                                  const char           *passphrase,
                                                  char                **out_patient_id,
                                                  GError              **error);

G_END_DECLS
