/* fol-test-store.h
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

#include "fol-store.h"

G_BEGIN_DECLS

/* A store that is not a FolSqliteStore: it forwards every call of the
 * interface to another store, through the interface only. A service that
 * works on it works on any backend; one that looks past the interface
 * (a type check, a cast to the SQLite store) fails on it.
 */

#define FOL_TYPE_TEST_STORE (fol_test_store_get_type ())

G_DECLARE_FINAL_TYPE (FolTestStore, fol_test_store, FOL, TEST_STORE, GObject)

struct _FolTestStore
{
  GObject   parent_instance;
  FolStore *inner;
  guint     n_calls;  /* calls forwarded, to show the service used this store */
  guint     n_writes; /* of them, writes that reached this backend */
};

static void fol_test_store_iface_init (FolStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FolTestStore, fol_test_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FOL_TYPE_STORE, fol_test_store_iface_init))

#define INNER(store) (FOL_TEST_STORE (store)->n_calls++, FOL_TEST_STORE (store)->inner)
#define WRITE(store) (FOL_TEST_STORE (store)->n_writes++, INNER (store))

static GListModel *
fol_test_store_list_patients (FolStore *store, const char *search, GError **error)
{
  return fol_store_list_patients_incremental (INNER (store), search, error);
}

static guint
fol_test_store_count_patients (FolStore *store, GError **error)
{
  return fol_store_count_patients (INNER (store), error);
}

static FolPatient *
fol_test_store_get_patient (FolStore *store, const char *id, GError **error)
{
  return fol_store_get_patient (INNER (store), id, error);
}

static gboolean
fol_test_store_save_patient (FolStore *store, FolPatient *patient, GError **error)
{
  return fol_store_save_patient (WRITE (store), patient, error);
}

static gboolean
fol_test_store_delete_patient (FolStore *store, const char *id, const char *loaded_at,
                               GError **error)
{
  return fol_store_delete_patient_checked (INNER (store), id, loaded_at, error);
}

static gboolean
fol_test_store_save_visit (FolStore *store, FolVisit *visit, GPtrArray *measurements,
                           GError **error)
{
  return fol_store_save_visit (WRITE (store), visit, measurements, error);
}

static gboolean
fol_test_store_delete_visit (FolStore *store, const char *id, const char *loaded_at,
                             GError **error)
{
  return fol_store_delete_visit_checked (INNER (store), id, loaded_at, error);
}

static gboolean
fol_test_store_save_session (FolStore *store, FolTreatmentSession *session, GError **error)
{
  return fol_store_save_session (WRITE (store), session, error);
}

static gboolean
fol_test_store_delete_session (FolStore *store, const char *id, const char *loaded_at,
                               GError **error)
{
  return fol_store_delete_session_checked (INNER (store), id, loaded_at, error);
}

static FolHistory *
fol_test_store_load_history (FolStore *store, const char *id, GError **error)
{
  return fol_store_load_history (INNER (store), id, error);
}

static gboolean
fol_test_store_save_photo (FolStore *store, FolPhoto *photo, GError **error)
{
  return fol_store_save_photo (WRITE (store), photo, error);
}

static GPtrArray *
fol_test_store_list_audit (FolStore *store, const char *id, GError **error)
{
  return fol_store_list_audit (INNER (store), id, error);
}

static GPtrArray *
fol_test_store_list_photos (FolStore *store, const char *id, GError **error)
{
  return fol_store_list_photos (INNER (store), id, error);
}

static FolPhoto *
fol_test_store_get_photo (FolStore *store, const char *id, GError **error)
{
  return fol_store_get_photo (INNER (store), id, error);
}

static gboolean
fol_test_store_delete_photo (FolStore *store, const char *id, GError **error)
{
  return fol_store_delete_photo (INNER (store), id, error);
}

static FolPhoto *
fol_test_store_find_photo_by_sha256 (FolStore *store, const char *sha256, GError **error)
{
  return fol_store_find_photo_by_sha256 (INNER (store), sha256, error);
}

static gboolean
fol_test_store_set_photo_calibration (FolStore *store, const char *id, double px_per_mm,
                                      GError **error)
{
  return fol_store_set_photo_calibration (WRITE (store), id, px_per_mm, error);
}

static gboolean
fol_test_store_save_photo_count (FolStore *store, const char *id, const FolPhotoField *field,
                                 GArray *marks, GError **error)
{
  return fol_store_save_photo_count (WRITE (store), id, field, marks, error);
}

static gboolean
fol_test_store_load_photo_count (FolStore *store, const char *id, gboolean *out_has_field,
                                 FolPhotoField *out_field, GArray **out_marks, GError **error)
{
  return fol_store_load_photo_count (INNER (store), id, out_has_field, out_field, out_marks,
                                     error);
}

typedef struct
{
  FolStore              *outer;
  FolStoreBatchPlanFunc  plan;
  gpointer               user_data;
} FolTestStorePlan;

/* The plan sees this store, as it would any backend. */
static FolStoreBatch *
fol_test_store_plan (FolStore *inner, gpointer data, GError **error)
{
  FolTestStorePlan *p = data;

  return p->plan (p->outer, p->user_data, error);
}

static gboolean
fol_test_store_apply_batch (FolStore *store, FolStoreBatchPlanFunc plan, gpointer user_data,
                            GError **error)
{
  FolTestStorePlan p = { store, plan, user_data };

  return fol_store_apply_batch_planned (WRITE (store), fol_test_store_plan, &p, error);
}

static char *
fol_test_store_find_patient (FolStore *store, const char *name, FolDate birth, GError **error)
{
  return fol_store_find_patient (INNER (store), name, birth, error);
}

static char *
fol_test_store_find_visit (FolStore *store, const char *patient_id, FolDate date, GError **error)
{
  return fol_store_find_visit (INNER (store), patient_id, date, error);
}

static char *
fol_test_store_find_session (FolStore *store, const char *patient_id, FolDate date,
                             const char *type, GError **error)
{
  return fol_store_find_session (INNER (store), patient_id, date, type, error);
}

static char *
fol_test_store_get_visit_owner (FolStore *store, const char *id, GError **error)
{
  return fol_store_get_visit_owner (INNER (store), id, error);
}

static char *
fol_test_store_get_session_owner (FolStore *store, const char *id, GError **error)
{
  return fol_store_get_session_owner (INNER (store), id, error);
}

static GPtrArray *
fol_test_store_list_patient_ids (FolStore *store, GError **error)
{
  return fol_store_list_patient_ids (INNER (store), error);
}

static GBytes *
fol_test_store_load_photo_bytes (FolStore *store, const char *sha256, GError **error)
{
  return fol_store_load_photo_bytes (INNER (store), sha256, error);
}

/* No get_photo_dir: this store keeps no photo folder of its own, as a
 * server would not; photos come through load_photo_bytes.
 */

static GPtrArray *
fol_test_store_list_protocols (FolStore *store, GError **error)
{
  return fol_store_list_protocols (INNER (store), error);
}

static gboolean
fol_test_store_save_protocol (FolStore *store, FolProtocol *protocol, GError **error)
{
  return fol_store_save_protocol (WRITE (store), protocol, error);
}

static gboolean
fol_test_store_delete_protocol (FolStore *store, const char *id, GError **error)
{
  return fol_store_delete_protocol (WRITE (store), id, error);
}

static GPtrArray *
fol_test_store_list_assignments (FolStore *store, const char *patient_id, GError **error)
{
  return fol_store_list_assignments (INNER (store), patient_id, error);
}

static gboolean
fol_test_store_save_assignment (FolStore *store, FolProtocolAssignment *a, GError **error)
{
  return fol_store_save_assignment (WRITE (store), a, error);
}

static gboolean
fol_test_store_delete_assignment (FolStore *store, const char *id, GError **error)
{
  return fol_store_delete_assignment (WRITE (store), id, error);
}

static void
fol_test_store_iface_init (FolStoreInterface *iface)
{
  iface->apply_batch = fol_test_store_apply_batch;
  iface->list_protocols = fol_test_store_list_protocols;
  iface->save_protocol = fol_test_store_save_protocol;
  iface->delete_protocol = fol_test_store_delete_protocol;
  iface->list_assignments = fol_test_store_list_assignments;
  iface->save_assignment = fol_test_store_save_assignment;
  iface->delete_assignment = fol_test_store_delete_assignment;
  iface->find_patient = fol_test_store_find_patient;
  iface->find_visit = fol_test_store_find_visit;
  iface->find_session = fol_test_store_find_session;
  iface->get_visit_owner = fol_test_store_get_visit_owner;
  iface->get_session_owner = fol_test_store_get_session_owner;
  iface->list_patient_ids = fol_test_store_list_patient_ids;
  iface->load_photo_bytes = fol_test_store_load_photo_bytes;
  iface->list_patients = fol_test_store_list_patients;
  iface->count_patients = fol_test_store_count_patients;
  iface->get_patient = fol_test_store_get_patient;
  iface->save_patient = fol_test_store_save_patient;
  iface->delete_patient = fol_test_store_delete_patient;
  iface->save_visit = fol_test_store_save_visit;
  iface->delete_visit = fol_test_store_delete_visit;
  iface->save_session = fol_test_store_save_session;
  iface->delete_session = fol_test_store_delete_session;
  iface->load_history = fol_test_store_load_history;
  iface->save_photo = fol_test_store_save_photo;
  iface->list_audit = fol_test_store_list_audit;
  iface->list_photos = fol_test_store_list_photos;
  iface->get_photo = fol_test_store_get_photo;
  iface->delete_photo = fol_test_store_delete_photo;
  iface->find_photo_by_sha256 = fol_test_store_find_photo_by_sha256;
  iface->set_photo_calibration = fol_test_store_set_photo_calibration;
  iface->save_photo_count = fol_test_store_save_photo_count;
  iface->load_photo_count = fol_test_store_load_photo_count;
}

static void
fol_test_store_finalize (GObject *object)
{
  g_clear_object (&FOL_TEST_STORE (object)->inner);
  G_OBJECT_CLASS (fol_test_store_parent_class)->finalize (object);
}

static void
fol_test_store_class_init (FolTestStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fol_test_store_finalize;
}

static void
fol_test_store_init (FolTestStore *self)
{
}

static inline FolStore *
fol_test_store_new (FolStore *inner)
{
  FolTestStore *self = g_object_new (FOL_TYPE_TEST_STORE, NULL);

  self->inner = g_object_ref (inner);
  return FOL_STORE (self);
}

#undef WRITE
#undef INNER

G_END_DECLS
