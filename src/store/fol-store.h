/* fol-store.h
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

#include <gio/gio.h>

#include "fol-history.h"
#include "fol-measurement.h"
#include "fol-outcome-scan.h"
#include "fol-patient.h"
#include "fol-photo.h"
#include "fol-photo-count.h"
#include "fol-protocol.h"
#include "fol-store-batch.h"
#include "fol-treatment-session.h"
#include "fol-visit.h"

G_BEGIN_DECLS

#define FOL_TYPE_STORE (fol_store_get_type ())

G_DECLARE_INTERFACE (FolStore, fol_store, FOL, STORE, GObject)

/* One patient as a listing shows it (fol_store_each_patient()): each string
 * is borrowed, valid only during the call. @birth_date is "YYYY-MM-DD" or
 * %NULL; @diagnosis is a catalog code or %NULL.
 */
typedef struct
{
  const char *id;
  const char *name;
  const char *birth_date;
  const char *diagnosis;
} FolPatientLine;

/* Called for each patient in turn; returns %FALSE with @error set to stop. */
typedef gboolean (*FolPatientLineFunc) (const FolPatientLine *row,
                                       gpointer             user_data,
                                       GError             **error);

/* Makes a batch inside the write transaction of fol_store_apply_batch(). */
typedef FolStoreBatch *(*FolStoreBatchPlanFunc) (FolStore  *store,
                                                 gpointer   user_data,
                                                 GError   **error);

/* What a snapshot (fol_store_snapshot()) holds, counted in the same read
 * that copied it.
 */
typedef struct
{
  guint      schema_version;
  guint      n_patients;
  GPtrArray *tables;     /* "name count" strings, sorted by name */
  GPtrArray *photos;     /* the SHA-256 of every photo its records refer to, sorted */
  char      *clinic_id;  /* the clinic's UUID; NULL before clinics had one */
} FolStoreSnapshot;

/* The only place that knows how clinic data is kept. Every call that writes
 * is checked by the rules of fol-validate in its wrapper (fol-store.c),
 * before any backend sees it, then written in one transaction: either all
 * of a user action is stored, or nothing. A backend checks only what needs
 * its stored records under its write lock. Implementations emit ::changed
 * after each committed write.
 */
struct _FolStoreInterface
{
  GTypeInterface parent_iface;

  /* May return a #FolPatientList that is still filling itself. */
  GListModel          *(*list_patients)     (FolStore             *self,
                                             const char           *search,
                                             GError              **error);
  guint                (*count_patients)    (FolStore             *self,
                                             GError              **error);
  /* Optional: every patient by name, as list_patients orders them, read in
   * one statement and handed over row by row without a #FolPatient each.
   */
  gboolean             (*each_patient)      (FolStore             *self,
                                             FolPatientLineFunc     func,
                                             gpointer              user_data,
                                             GError              **error);
  FolPatient          *(*get_patient)       (FolStore             *self,
                                             const char           *patient_id,
                                             GError              **error);
  gboolean             (*save_patient)      (FolStore             *self,
                                             FolPatient           *patient,
                                             GError              **error);
  /* @loaded_at: (nullable): the updated_at of the copy the delete was
   * decided on; a record changed since is refused with
   * %FOL_STORE_ERROR_CHANGED
   */
  gboolean             (*delete_patient)    (FolStore             *self,
                                             const char           *patient_id,
                                             const char           *loaded_at,
                                             GError              **error);
  /* @measurements: derived and checked, the empty ones left out */
  gboolean             (*save_visit)        (FolStore             *self,
                                             FolVisit             *visit,
                                             GPtrArray            *measurements,
                                             GError              **error);
  gboolean             (*delete_visit)      (FolStore             *self,
                                             const char           *visit_id,
                                             const char           *loaded_at,
                                             GError              **error);
  gboolean             (*save_session)      (FolStore             *self,
                                             FolTreatmentSession  *session,
                                             GError              **error);
  gboolean             (*delete_session)    (FolStore             *self,
                                             const char           *session_id,
                                             const char           *loaded_at,
                                             GError              **error);
  FolHistory          *(*load_history)      (FolStore             *self,
                                             const char           *patient_id,
                                             GError              **error);
  gboolean             (*save_photo)        (FolStore             *self,
                                             FolPhoto             *photo,
                                             GError              **error);
  GPtrArray           *(*list_audit)        (FolStore             *self,
                                             const char           *entity_id,
                                             GError              **error);
  GPtrArray           *(*list_photos)       (FolStore             *self,
                                             const char           *patient_id,
                                             GError              **error);
  FolPhoto            *(*get_photo)         (FolStore             *self,
                                             const char           *photo_id,
                                             GError              **error);
  gboolean             (*delete_photo)      (FolStore             *self,
                                             const char           *photo_id,
                                             GError              **error);
  FolPhoto            *(*find_photo_by_sha256) (FolStore          *self,
                                             const char           *sha256,
                                             GError              **error);
  gboolean             (*set_photo_calibration) (FolStore         *self,
                                             const char           *photo_id,
                                             double                px_per_mm,
                                             GError              **error);
  gboolean             (*save_photo_count)  (FolStore             *self,
                                             const char           *photo_id,
                                             const FolPhotoField  *field,
                                             GArray               *marks,
                                             GError              **error);
  gboolean             (*load_photo_count)  (FolStore             *self,
                                             const char           *photo_id,
                                             gboolean             *out_has_field,
                                             FolPhotoField        *out_field,
                                             GArray              **out_marks,
                                             GError              **error);
  /* Runs @plan under the write lock and writes what it returns, after the
   * wrapper's validation, in one transaction.
   */
  gboolean             (*apply_batch)       (FolStore             *self,
                                             FolStoreBatchPlanFunc plan,
                                             gpointer              user_data,
                                             GError              **error);
  char                *(*find_patient)      (FolStore             *self,
                                             const char           *name,
                                             FolDate               birth_date,
                                             GError              **error);
  char                *(*find_visit)        (FolStore             *self,
                                             const char           *patient_id,
                                             FolDate               date,
                                             GError              **error);
  char                *(*find_session)      (FolStore             *self,
                                             const char           *patient_id,
                                             FolDate               date,
                                             const char           *treatment_type,
                                             GError              **error);
  char                *(*get_visit_owner)   (FolStore             *self,
                                             const char           *visit_id,
                                             GError              **error);
  char                *(*get_session_owner) (FolStore             *self,
                                             const char           *session_id,
                                             GError              **error);
  GPtrArray           *(*list_patient_ids)  (FolStore             *self,
                                             GError              **error);
  GBytes              *(*load_photo_bytes)  (FolStore             *self,
                                             const char           *sha256,
                                             GError              **error);
  /* Optional: %NULL when photos are not kept as files on this computer. */
  char                *(*get_photo_dir)     (FolStore             *self);

  /* The clinic as a whole: where it is, how it was opened, a reader for
   * another thread, and a snapshot in the archive format.
   */
  const char          *(*get_location)      (FolStore             *self);
  gboolean             (*is_read_only)      (FolStore             *self);
  char                *(*take_notice)       (FolStore             *self);
  char                *(*get_data_dir)      (FolStore             *self);
  char                *(*get_clinic_id)     (FolStore             *self,
                                             GError              **error);
  FolStore            *(*open_reader)       (FolStore             *self,
                                             GError              **error);
  FolStoreSnapshot    *(*snapshot)          (FolStore             *self,
                                             const char           *path,
                                             GError              **error);

  /* Clinic outcomes: streams each treated patient's courses and values. */
  gboolean             (*scan_outcomes)     (FolStore             *self,
                                             const FolOutcomeQuery *query,
                                             FolOutcomeFunc        func,
                                             gpointer              user_data,
                                             GError              **error);
  /* Optional, for a clinic on a server: whether it can be reached now
   * (without them: always), and a try to reach it again at once.
   */
  gboolean             (*is_connected)      (FolStore             *self);
  void                 (*reconnect)         (FolStore             *self);

  /* Treatment protocols of the clinic and their assignments to patients. */
  GPtrArray           *(*list_protocols)    (FolStore             *self,
                                             GError              **error);
  gboolean             (*save_protocol)     (FolStore             *self,
                                             FolProtocol          *protocol,
                                             GError              **error);
  gboolean             (*delete_protocol)   (FolStore             *self,
                                             const char           *protocol_id,
                                             GError              **error);
  /* @patient_id: (nullable): %NULL for every patient's */
  GPtrArray           *(*list_assignments)  (FolStore             *self,
                                             const char           *patient_id,
                                             GError              **error);
  gboolean             (*save_assignment)   (FolStore             *self,
                                             FolProtocolAssignment *assignment,
                                             GError              **error);
  gboolean             (*delete_assignment) (FolStore             *self,
                                             const char           *assignment_id,
                                             GError              **error);
};

/* What ::changed reports. */
typedef enum
{
  FOL_STORE_CHANGE_PATIENT,
  FOL_STORE_CHANGE_VISIT,
  FOL_STORE_CHANGE_SESSION,
  FOL_STORE_CHANGE_PHOTO,
  FOL_STORE_CHANGE_PROTOCOL,
} FolStoreChange;

GListModel *fol_store_list_patients  (FolStore             *self,
                                      const char           *search,
                                      GError              **error);
GListModel *fol_store_list_patients_incremental (FolStore     *self,
                                                 const char   *search,
                                                 GError      **error);
gboolean    fol_store_each_patient   (FolStore             *self,
                                      FolPatientLineFunc     func,
                                      gpointer              user_data,
                                      GError              **error);
guint       fol_store_count_patients (FolStore             *self,
                                      GError              **error);
FolPatient *fol_store_get_patient    (FolStore             *self,
                                      const char           *patient_id,
                                      GError              **error);
gboolean    fol_store_save_patient   (FolStore             *self,
                                      FolPatient           *patient,
                                      GError              **error);
gboolean    fol_store_delete_patient (FolStore             *self,
                                      const char           *patient_id,
                                      GError              **error);
gboolean    fol_store_save_visit     (FolStore             *self,
                                      FolVisit             *visit,
                                      GPtrArray            *measurements,
                                      GError              **error);
gboolean    fol_store_delete_visit   (FolStore             *self,
                                      const char           *visit_id,
                                      GError              **error);
gboolean    fol_store_save_session   (FolStore             *self,
                                      FolTreatmentSession  *session,
                                      GError              **error);
gboolean    fol_store_delete_session (FolStore             *self,
                                      const char           *session_id,
                                      GError              **error);
gboolean    fol_store_delete_patient_checked (FolStore     *self,
                                      const char           *patient_id,
                                      const char           *loaded_at,
                                      GError              **error);
gboolean    fol_store_delete_visit_checked (FolStore       *self,
                                      const char           *visit_id,
                                      const char           *loaded_at,
                                      GError              **error);
gboolean    fol_store_delete_session_checked (FolStore     *self,
                                      const char           *session_id,
                                      const char           *loaded_at,
                                      GError              **error);
FolHistory *fol_store_load_history   (FolStore             *self,
                                      const char           *patient_id,
                                      GError              **error);
gboolean    fol_store_save_photo     (FolStore             *self,
                                      FolPhoto             *photo,
                                      GError              **error);
GPtrArray  *fol_store_list_audit     (FolStore             *self,
                                      const char           *entity_id,
                                      GError              **error);
GPtrArray  *fol_store_list_photos    (FolStore             *self,
                                      const char           *patient_id,
                                      GError              **error);
FolPhoto   *fol_store_get_photo      (FolStore             *self,
                                      const char           *photo_id,
                                      GError              **error);
gboolean    fol_store_delete_photo   (FolStore             *self,
                                      const char           *photo_id,
                                      GError              **error);
FolPhoto   *fol_store_find_photo_by_sha256 (FolStore       *self,
                                      const char           *sha256,
                                      GError              **error);
gboolean    fol_store_set_photo_calibration (FolStore      *self,
                                      const char           *photo_id,
                                      double                px_per_mm,
                                      GError              **error);
gboolean    fol_store_save_photo_count (FolStore           *self,
                                      const char           *photo_id,
                                      const FolPhotoField  *field,
                                      GArray               *marks,
                                      GError              **error);
gboolean    fol_store_load_photo_count (FolStore           *self,
                                      const char           *photo_id,
                                      gboolean             *out_has_field,
                                      FolPhotoField        *out_field,
                                      GArray              **out_marks,
                                      GError              **error);
gboolean    fol_store_apply_batch    (FolStore             *self,
                                      FolStoreBatch        *batch,
                                      GError              **error);
gboolean    fol_store_apply_batch_planned (FolStore        *self,
                                      FolStoreBatchPlanFunc plan,
                                      gpointer              user_data,
                                      GError              **error);
char       *fol_store_find_patient   (FolStore             *self,
                                      const char           *name,
                                      FolDate               birth_date,
                                      GError              **error);
char       *fol_store_find_visit     (FolStore             *self,
                                      const char           *patient_id,
                                      FolDate               date,
                                      GError              **error);
char       *fol_store_find_session   (FolStore             *self,
                                      const char           *patient_id,
                                      FolDate               date,
                                      const char           *treatment_type,
                                      GError              **error);
char       *fol_store_get_visit_owner (FolStore            *self,
                                      const char           *visit_id,
                                      GError              **error);
char       *fol_store_get_session_owner (FolStore          *self,
                                      const char           *session_id,
                                      GError              **error);
GPtrArray  *fol_store_list_patient_ids (FolStore           *self,
                                      GError              **error);
GBytes     *fol_store_load_photo_bytes (FolStore           *self,
                                      const char           *sha256,
                                      GError              **error);
char       *fol_store_get_photo_dir  (FolStore             *self);
void        fol_store_emit_changed   (FolStore             *self,
                                      FolStoreChange        change,
                                      const char           *patient_id);
gboolean    fol_store_is_connected   (FolStore             *self);
void        fol_store_reconnect      (FolStore             *self);
void        fol_store_emit_connection_changed (FolStore    *self);

/* The clinic as a whole */
const char *fol_store_get_location   (FolStore             *self);
gboolean    fol_store_is_read_only   (FolStore             *self);
char       *fol_store_take_notice    (FolStore             *self);
char       *fol_store_get_data_dir   (FolStore             *self);
char       *fol_store_get_clinic_id  (FolStore             *self,
                                      GError              **error);
FolStore   *fol_store_open_reader    (FolStore             *self,
                                      GError              **error);
FolStoreSnapshot *fol_store_snapshot (FolStore             *self,
                                      const char           *path,
                                      GError              **error);
void        fol_store_snapshot_free  (FolStoreSnapshot     *snapshot);

/* Clinic outcomes */
gboolean    fol_store_scan_outcomes  (FolStore             *self,
                                      const FolOutcomeQuery *query,
                                      FolOutcomeFunc        func,
                                      gpointer              user_data,
                                      GError              **error);

/* Treatment protocols */
GPtrArray  *fol_store_list_protocols (FolStore             *self,
                                      GError              **error);
FolProtocol *fol_store_get_protocol  (FolStore             *self,
                                      const char           *protocol_id,
                                      GError              **error);
gboolean    fol_store_save_protocol  (FolStore             *self,
                                      FolProtocol          *protocol,
                                      GError              **error);
gboolean    fol_store_delete_protocol (FolStore            *self,
                                      const char           *protocol_id,
                                      GError              **error);
GPtrArray  *fol_store_list_assignments (FolStore           *self,
                                      const char           *patient_id,
                                      GError              **error);
gboolean    fol_store_save_assignment (FolStore            *self,
                                      FolProtocolAssignment *assignment,
                                      GError              **error);
gboolean    fol_store_delete_assignment (FolStore          *self,
                                      const char           *assignment_id,
                                      GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolStoreSnapshot, fol_store_snapshot_free)

G_END_DECLS
