/* fol-pg-libpq.c
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

/* The PostgreSQL client, loaded when a clinic server is first reached.
 * Programs link this backend without linking libpq (src/store/postgresql/
 * meson.build): libpq brings Kerberos, LDAP and GnuTLS, about thirty
 * libraries that a clinic file never needs. Each function the backend
 * calls is defined here and calls libpq's own.
 */

#include "config.h"

#include <libpq-events.h>
#include <libpq-fe.h>

#include "fol-lazy-lib.h"

static FolLazyLib libpq = { "libpq.so.5", NULL };

#define PQ(type, name, params, args) FOL_LAZY_FUNCTION (libpq, type, name, params, args)
#define PQ_VOID(name, params, args) FOL_LAZY_VOID_FUNCTION (libpq, name, params, args)

PQ (int, PQbackendPID, (const PGconn *conn), (conn))
PQ_VOID (PQclear, (PGresult *res), (res))
PQ (char *, PQcmdTuples, (PGresult *res), (res))
PQ (PGconn *, PQconnectdbParams,
    (const char *const *keywords, const char *const *values, int expand_dbname),
    (keywords, values, expand_dbname))
PQ (PostgresPollingStatusType, PQconnectPoll, (PGconn *conn), (conn))
PQ (PGconn *, PQconnectStartParams,
    (const char *const *keywords, const char *const *values, int expand_dbname),
    (keywords, values, expand_dbname))
PQ_VOID (PQconninfoFree, (PQconninfoOption *options), (options))
PQ (PQconninfoOption *, PQconninfoParse, (const char *conninfo, char **errmsg),
    (conninfo, errmsg))
PQ (int, PQconsumeInput, (PGconn *conn), (conn))
PQ (int, PQenterPipelineMode, (PGconn *conn), (conn))
PQ (char *, PQerrorMessage, (const PGconn *conn), (conn))
PQ (PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query))
PQ (PGresult *, PQexecParams,
    (PGconn *conn, const char *command, int n_params, const Oid *types,
     const char *const *values, const int *lengths, const int *formats, int result_format),
    (conn, command, n_params, types, values, lengths, formats, result_format))
PQ (PGresult *, PQexecPrepared,
    (PGconn *conn, const char *name, int n_params, const char *const *values,
     const int *lengths, const int *formats, int result_format),
    (conn, name, n_params, values, lengths, formats, result_format))
PQ (int, PQexitPipelineMode, (PGconn *conn), (conn))
PQ_VOID (PQfinish, (PGconn *conn), (conn))
PQ_VOID (PQfreemem, (void *ptr), (ptr))
PQ (int, PQgetisnull, (const PGresult *res, int row, int column), (res, row, column))
PQ (int, PQgetlength, (const PGresult *res, int row, int column), (res, row, column))
PQ (PGresult *, PQgetResult, (PGconn *conn), (conn))
PQ (char *, PQgetvalue, (const PGresult *res, int row, int column), (res, row, column))
PQ (void *, PQinstanceData, (const PGconn *conn, PGEventProc proc), (conn, proc))
PQ (PGnotify *, PQnotifies, (PGconn *conn), (conn))
PQ (int, PQntuples, (const PGresult *res), (res))
PQ (int, PQpipelineSync, (PGconn *conn), (conn))
PQ (PGresult *, PQprepare,
    (PGconn *conn, const char *name, const char *query, int n_params, const Oid *types),
    (conn, name, query, n_params, types))
PQ (int, PQregisterEventProc, (PGconn *conn, PGEventProc proc, const char *name, void *pass),
    (conn, proc, name, pass))
PQ (char *, PQresultErrorField, (const PGresult *res, int code), (res, code))
PQ (char *, PQresultErrorMessage, (const PGresult *res), (res))
PQ (ExecStatusType, PQresultStatus, (const PGresult *res), (res))
PQ (int, PQsendQueryParams,
    (PGconn *conn, const char *command, int n_params, const Oid *types,
     const char *const *values, const int *lengths, const int *formats, int result_format),
    (conn, command, n_params, types, values, lengths, formats, result_format))
PQ (int, PQsendQueryPrepared,
    (PGconn *conn, const char *name, int n_params, const char *const *values,
     const int *lengths, const int *formats, int result_format),
    (conn, name, n_params, values, lengths, formats, result_format))
PQ (int, PQsetInstanceData, (PGconn *conn, PGEventProc proc, void *data), (conn, proc, data))
PQ (int, PQsocket, (const PGconn *conn), (conn))
PQ (ConnStatusType, PQstatus, (const PGconn *conn), (conn))
PQ (PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn))
