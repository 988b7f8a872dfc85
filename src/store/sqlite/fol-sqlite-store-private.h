/* fol-sqlite-store-private.h
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

#include <sys/types.h>

#include <sqlite3.h>

#include "fol-clinic-lock.h"

#include "fol-sqlite-store.h"

G_BEGIN_DECLS

/* The bounds of the slices in which a patient list fills itself
 * (fol-sqlite-store-search.c); 0 means no bound.
 */
typedef struct
{
  guint  first_rows;       /* the first slice, returned at once, stops at this many matches… */
  gint64 first_budget_us;  /* …or after this long */
  gint64 slice_budget_us;  /* each later slice, from the main loop */
  guint  slice_rows;       /* index entries read per slice at most */
  guint  rare_limit;       /* a search word starting fewer patients' words: fetched and sorted at once */
} FolSqliteSearchTuning;

/* Shared by the files that make up the SQLite store, so that each area
 * (patients and visits, photos, backups…) keeps its SQL in a file of its own.
 */
struct _FolSqliteStore
{
  GObject parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;  /* SQL text → sqlite3_stmt, prepared once */
  FolSqliteStoreFlags flags;
  FolSqliteSearchTuning search_tuning;
  FolClinicLock *lock;     /* held while open: a restore waits for it */
  dev_t       dev;         /* the file opened, checked before each write */
  ino_t       ino;
  gboolean    identity_known;
  char       *notice;      /* said once to the user: permissions made private */
};

gboolean       _fol_sqlite_check_header      (const char      *path,
                                              GError         **error);
gboolean       _fol_sqlite_ensure_folder     (const char      *path,
                                              GError         **error);
gboolean       _fol_sqlite_needs_create      (const char      *path);
void           _fol_sqlite_recover_journal   (const char      *path);
void           _fol_sqlite_remove_leftovers  (const char      *path);
gboolean       _fol_sqlite_create            (const char      *path,
                                              GError         **error);
char          *_fol_sqlite_tighten_permissions (const char    *path);
gboolean       _fol_sqlite_open_immutable    (FolSqliteStore  *self,
                                              GError         **error);
void           _fol_sqlite_read_only_fallback (const char     *path,
                                               sqlite3       **db);
gboolean       _fol_sqlite_check_identity    (FolSqliteStore  *self,
                                              GError         **error);
void           _fol_sqlite_remember_identity (FolSqliteStore  *self);
gboolean       _fol_sqlite_migrate           (FolSqliteStore  *self,
                                              GError         **error);

void           _fol_sqlite_set_error_from_rc (GError     **error,
                                              int          rc,
                                              const char  *message);
gboolean       _fol_sqlite_fail              (FolSqliteStore  *self,
                                              int              rc,
                                              GError         **error);
gboolean       _fol_sqlite_exec              (FolSqliteStore  *self,
                                              const char      *sql,
                                              GError         **error);
sqlite3_stmt  *_fol_sqlite_prepare           (FolSqliteStore  *self,
                                              const char      *sql,
                                              GError         **error);
gboolean       _fol_sqlite_step_done         (FolSqliteStore  *self,
                                              sqlite3_stmt    *stmt,
                                              GError         **error);
void           _fol_sqlite_bind_text         (sqlite3_stmt *stmt,
                                              int           index,
                                              const char   *text);
void           _fol_sqlite_bind_double       (sqlite3_stmt *stmt,
                                              int           index,
                                              double        value);
void           _fol_sqlite_bind_score        (sqlite3_stmt *stmt,
                                              int           index,
                                              int           value);
void           _fol_sqlite_bind_date         (sqlite3_stmt *stmt,
                                              int           index,
                                              FolDate       date);
const char    *_fol_sqlite_column_text       (sqlite3_stmt *stmt,
                                              int           index);
double         _fol_sqlite_column_double     (sqlite3_stmt *stmt,
                                              int           index);
int            _fol_sqlite_column_score      (sqlite3_stmt *stmt,
                                              int           index);
FolDate        _fol_sqlite_column_date       (sqlite3_stmt *stmt,
                                              int           index);
guint          _fol_sqlite_column_region     (sqlite3_stmt *stmt,
                                              int           index);
gboolean       _fol_sqlite_query_int         (FolSqliteStore  *self,
                                              const char      *sql,
                                              int             *out,
                                              GError         **error);
gboolean       _fol_sqlite_begin             (FolSqliteStore  *self,
                                              GError         **error);
gboolean       _fol_sqlite_commit            (FolSqliteStore  *self,
                                              GError         **error);
gboolean       _fol_sqlite_rollback          (FolSqliteStore *self);
char          *_fol_sqlite_lookup_owner      (FolSqliteStore *self,
                                              const char     *sql,
                                              const char     *id);
void           _fol_sqlite_store_photos_iface_init (FolStoreInterface *iface);
void           _fol_sqlite_store_records_iface_init (FolStoreInterface *iface);
void           _fol_sqlite_store_history_iface_init (FolStoreInterface *iface);
void           _fol_sqlite_store_export_iface_init (FolStoreInterface *iface);
void           _fol_sqlite_store_outcomes_iface_init (FolStoreInterface *iface);
void           _fol_sqlite_store_protocols_iface_init (FolStoreInterface *iface);
gboolean       _fol_sqlite_write_protocol    (FolSqliteStore       *self,
                                              FolProtocol          *protocol,
                                              const char           *id,
                                              const char           *now,
                                              GError              **error);
gboolean       _fol_sqlite_write_assignment  (FolSqliteStore       *self,
                                              FolProtocolAssignment *assignment,
                                              const char           *id,
                                              const char           *now,
                                              GError              **error);
gboolean       _fol_sqlite_lookup_birth_date (FolSqliteStore  *self,
                                              const char      *patient_id,
                                              FolDate         *out_birth,
                                              GError         **error);
char          *_fol_sqlite_sort_key          (const char      *name);
FolPatient    *_fol_sqlite_load_patient_by_key (gpointer         store,
                                                gint64           key);
GListModel    *_fol_sqlite_store_list_patients (FolStore        *store,
                                                const char      *search,
                                                GError         **error);
gboolean       _fol_sqlite_store_each_patient (FolStore          *store,
                                               FolPatientLineFunc  func,
                                               gpointer           user_data,
                                               GError           **error);
void           _fol_sqlite_store_set_search_tuning (FolSqliteStore              *self,
                                                    const FolSqliteSearchTuning *tuning);
void           _fol_sqlite_bind_patient_row  (sqlite3_stmt         *stmt,
                                              FolPatient           *patient,
                                              const char           *id,
                                              const char           *now);
void           _fol_sqlite_bind_visit_row    (sqlite3_stmt         *stmt,
                                              FolVisit             *visit,
                                              const char           *id,
                                              const char           *now);
void           _fol_sqlite_bind_session_row  (sqlite3_stmt         *stmt,
                                              FolTreatmentSession  *session,
                                              const char           *id,
                                              const char           *now);
gboolean       _fol_sqlite_write_patient     (FolSqliteStore  *self,
                                              FolPatient      *patient,
                                              const char      *id,
                                              const char      *now,
                                              GError         **error);
gboolean       _fol_sqlite_write_visit       (FolSqliteStore  *self,
                                              FolVisit        *visit,
                                              const char      *id,
                                              const char      *now,
                                              GError         **error);
gboolean       _fol_sqlite_write_measurement (FolSqliteStore  *self,
                                              const char      *visit_id,
                                              FolMeasurement  *m,
                                              GError         **error);
gboolean       _fol_sqlite_write_session     (FolSqliteStore       *self,
                                              FolTreatmentSession  *session,
                                              const char           *id,
                                              const char           *now,
                                              GError              **error);

/* The clinic as a whole (fol-sqlite-store-snapshot.c, fol-sqlite-store-schema.c) */
void           _fol_sqlite_store_clinic_iface_init (FolStoreInterface *iface);
gboolean       _fol_sqlite_check_schema      (sqlite3         *db,
                                              guint            version,
                                              GError         **error);
FolStoreSnapshot *_fol_clinic_file_describe  (const char      *path,
                                              GError         **error);

G_END_DECLS
