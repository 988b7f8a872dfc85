/* fol-test-pg.h: a fresh database on the test cluster for each test.
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `build-aux/dev test` runs the suite inside a throwaway PostgreSQL cluster
 * (pg_virtualenv), which sets PGHOST, PGPORT, PGUSER and PGPASSWORD, and
 * sets FOLLICLE_TEST_PG=required: there a test that cannot reach the
 * server fails. Run on its own, without a cluster, it is skipped.
 */

#pragma once

#include <glib.h>
#include <libpq-fe.h>

static PGconn *
fol_test_pg_admin (void)
{
  PGconn *conn = PQconnectdb ("dbname=postgres");

  if (PQstatus (conn) != CONNECTION_OK)
    {
      if (g_strcmp0 (g_getenv ("FOLLICLE_TEST_PG"), "required") == 0)
        g_error ("no PostgreSQL test cluster: %s", PQerrorMessage (conn));
      PQfinish (conn);
      return NULL;
    }
  PQclear (PQexec (conn, "SET client_min_messages = warning"));
  return conn;
}

static void
fol_test_pg_exec (PGconn     *conn,
                  const char *sql)
{
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
}

/* Creates an empty database and returns its name, or NULL (test skipped)
 * when there is no server to create it on. */
static char *
fol_test_pg_create_database (void)
{
  static guint counter;
  PGconn *admin = fol_test_pg_admin ();
  g_autofree char *sql = NULL;
  char *name;

  if (admin == NULL)
    {
      g_test_skip ("no PostgreSQL server (run the suite with build-aux/dev test)");
      return NULL;
    }
  name = g_strdup_printf ("follicle_test_%d_%u_%u", (int) getpid (), counter++,
                          g_random_int () % 100000);
  sql = g_strdup_printf ("CREATE DATABASE %s", name);
  fol_test_pg_exec (admin, sql);
  PQfinish (admin);
  return name;
}

static void
fol_test_pg_drop_database (const char *name)
{
  PGconn *admin;
  g_autofree char *sql = NULL;

  if (name == NULL || (admin = fol_test_pg_admin ()) == NULL)
    return;
  sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
  fol_test_pg_exec (admin, sql);
  PQfinish (admin);
}

static PGconn *
fol_test_pg_connect (const char *name)
{
  g_autofree char *info = g_strdup_printf ("dbname=%s", name);
  PGconn *conn = PQconnectdb (info);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to %s: %s", name, PQerrorMessage (conn));
  PQclear (PQexec (conn, "SET client_min_messages = warning"));
  return conn;
}

/* The first column of the first row of @sql, as text. */
static char *
fol_test_pg_value (PGconn     *conn,
                   const char *sql)
{
  PGresult *result = PQexec (conn, sql);
  char *value = NULL;

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  if (PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  return value;
}
