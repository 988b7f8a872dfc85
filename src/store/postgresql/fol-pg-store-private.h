/* fol-pg-store-private.h
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

#include <libpq-fe.h>

#include "fol-pg-store.h"
#include "fol-store.h"

G_BEGIN_DECLS

void      _fol_pg_set_error      (GError            **error,
                                  PGconn             *conn,
                                  const PGresult     *result);
gboolean  _fol_pg_exec           (PGconn             *conn,
                                  const char         *sql,
                                  GError            **error);
PGresult *_fol_pg_query          (PGconn             *conn,
                                  const char         *sql,
                                  int                 n_params,
                                  const char * const *params,
                                  GError            **error);
/* One statement of _fol_pg_query_many(). */
typedef struct
{
  const char         *sql;
  int                 n_params;
  const char * const *params;
} FolPgStatement;

gboolean  _fol_pg_query_many     (PGconn               *conn,
                                  const FolPgStatement *statements,
                                  guint                 n,
                                  PGresult            **results,
                                  GError              **error);
PGconn   *_fol_pg_store_get_conn (FolPgStore         *self);
const char *_fol_pg_store_get_password (FolPgStore     *self);
void      _fol_pg_store_make_reader (FolPgStore        *self);
void      _fol_pg_store_records_iface_init (FolStoreInterface *iface);
void      _fol_pg_store_history_iface_init (FolStoreInterface *iface);
void      _fol_pg_store_photos_iface_init (FolStoreInterface *iface);
void      _fol_pg_store_outcomes_iface_init (FolStoreInterface *iface);
void      _fol_pg_store_protocols_iface_init (FolStoreInterface *iface);
gboolean  _fol_pg_delete_by_id   (PGconn             *conn,
                                  const char         *table,
                                  const char         *id,
                                  gboolean           *out_found,
                                  char              **out_patient_id,
                                  GError            **error);
gboolean  _fol_pg_write_protocol (PGconn             *conn,
                                  FolProtocol        *protocol,
                                  const char         *id,
                                  const char         *now,
                                  GError            **error);
gboolean  _fol_pg_write_assignment (PGconn           *conn,
                                  FolProtocolAssignment *assignment,
                                  const char         *id,
                                  const char         *now,
                                  GError            **error);
const char *_fol_pg_value        (const PGresult     *result,
                                  int                 row,
                                  int                 column);
FolDate   _fol_pg_date_value     (const PGresult     *result,
                                  int                 row,
                                  int                 column);
gboolean  _fol_pg_rollback       (PGconn             *conn);
void      _fol_pg_set_changed_error (GError         **error,
                                     const char      *what,
                                     const char      *stored_at,
                                     const char      *who);
char     *_fol_pg_sort_key       (const char         *name);
gboolean  _fol_pg_write_visit    (PGconn             *conn,
                                  FolVisit           *visit,
                                  const char         *id,
                                  const char         *now,
                                  GError            **error);
gboolean  _fol_pg_write_measurement (PGconn          *conn,
                                     const char      *visit_id,
                                     FolMeasurement  *m,
                                     GError         **error);
gboolean  _fol_pg_write_session  (PGconn             *conn,
                                  FolTreatmentSession *session,
                                  const char         *id,
                                  const char         *now,
                                  GError            **error);
void      _fol_pg_store_batch_iface_init (FolStoreInterface *iface);
void      _fol_pg_store_snapshot_iface_init (FolStoreInterface *iface);
GPtrArray *_fol_pg_store_get_unconfirmed (FolPgStore  *self);

/* One save, keyed by a write ID made here (fol-pg-store-writes.c). */
typedef struct
{
  FolStoreChange  kind;
  const char     *record_id;     /* the record's ID; NULL for a new one */
  const char     *base_at;       /* the updated_at the save was made on */
  char           *digest;        /* what is written, without times (owned) */
  char           *id;            /* the ID to write under */
  char           *write_id;
  char           *now;           /* the save's time */
  char           *checked_at;    /* the updated_at the stored record must have */
  gboolean        done;          /* an earlier try of this save was stored */
} FolPgWrite;

void      _fol_pg_ticket_free    (gpointer            ticket);
gboolean  _fol_pg_write_begin    (FolPgStore         *self,
                                  FolPgWrite         *write,
                                  GError            **error);
gboolean  _fol_pg_write_record   (PGconn             *conn,
                                  FolPgWrite         *write,
                                  GError            **error);
void      _fol_pg_write_end      (FolPgStore         *self,
                                  FolPgWrite         *write);
gboolean  _fol_pg_check_current  (PGconn             *conn,
                                  const char         *table,
                                  const char         *id,
                                  const char         *base_at,
                                  char              **now,
                                  GError            **error);

G_END_DECLS
