/* fol-clinic-file.h
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

#include "fol-store.h"

G_BEGIN_DECLS

/* A clinic file: the format of backups and of the database inside an
 * archive, whatever keeps the clinic itself. It is an SQLite database of
 * the schema this version creates, so these are implemented by the
 * SQLite backend (fol-sqlite-store-snapshot.c, fol-sqlite-store-schema.c);
 * callers need no SQLite of their own.
 */

guint             fol_clinic_file_schema_version  (void);

gboolean          fol_clinic_file_verify          (const char   *path,
                                                   GError      **error);
FolStoreSnapshot *fol_clinic_file_snapshot        (const char   *db_path,
                                                   const char   *dest_path,
                                                   GError      **error);
char             *fol_clinic_file_read_id         (const char   *path);
gboolean          fol_clinic_file_shares_patients (const char   *path,
                                                   const char   *other_path);
GPtrArray        *fol_clinic_file_list_patient_ids (const char  *path,
                                                    GError     **error);
GHashTable       *fol_clinic_file_referenced_photos (const char *path,
                                                     GError    **error);
gboolean          fol_clinic_file_upgrade         (const char   *path,
                                                   GError      **error);
void              fol_clinic_file_adopt_id        (const char   *db_path,
                                                   const char   *new_path);
gboolean          fol_clinic_file_check_not_in_use (const char  *db_path,
                                                    GError     **error);
gboolean          fol_clinic_file_install         (const char   *db_path,
                                                   const char   *new_path,
                                                   GError      **error);

/* A clinic file filled record by record (fol-clinic-file-writer.c): the
 * snapshot of a clinic kept elsewhere, in the same format.
 */
typedef struct _FolClinicFileWriter FolClinicFileWriter;

FolClinicFileWriter *fol_clinic_file_writer_new   (const char           *path,
                                                   GError              **error);
gboolean    fol_clinic_file_writer_add_patient    (FolClinicFileWriter  *writer,
                                                   FolPatient           *patient,
                                                   GError              **error);
gboolean    fol_clinic_file_writer_add_visit      (FolClinicFileWriter  *writer,
                                                   FolVisit             *visit,
                                                   GPtrArray            *measurements,
                                                   GError              **error);
gboolean    fol_clinic_file_writer_add_session    (FolClinicFileWriter  *writer,
                                                   FolTreatmentSession  *session,
                                                   GError              **error);
gboolean    fol_clinic_file_writer_add_protocol   (FolClinicFileWriter  *writer,
                                                   FolProtocol          *protocol,
                                                   GError              **error);
gboolean    fol_clinic_file_writer_add_assignment (FolClinicFileWriter  *writer,
                                                   FolProtocolAssignment *assignment,
                                                   GError              **error);
gboolean    fol_clinic_file_writer_add_photo      (FolClinicFileWriter  *writer,
                                                   FolPhoto             *photo,
                                                   const FolPhotoField  *field,
                                                   GArray               *marks,
                                                   GError              **error);
void        fol_clinic_file_writer_add_audit      (FolClinicFileWriter  *writer,
                                                   const char           *at,
                                                   const char           *action,
                                                   const char           *entity,
                                                   const char           *entity_id,
                                                   const char           *patient_id,
                                                   const char           *before,
                                                   const char           *after);
FolStoreSnapshot *fol_clinic_file_writer_finish   (FolClinicFileWriter  *writer,
                                                   const char           *clinic_id,
                                                   GError              **error);
void        fol_clinic_file_writer_abort          (FolClinicFileWriter  *writer);

G_END_DECLS
