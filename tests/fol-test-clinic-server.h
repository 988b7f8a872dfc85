/* fol-test-clinic-server.h: a clinic on the test cluster, and a
 * clinician's role with a password to reach it.
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <unistd.h>

#include "fol-clinic-server.h"
#include "fol-pg-store.h"
#include "fol-test-pg.h"

/* The cluster's superuser password: PGPASSWORD would otherwise be given
 * to every connection, and hide what the keyring and ~/.pgpass do. */
static char *admin_password;

static void
admin_begin (void)
{
  if (admin_password != NULL)
    g_setenv ("PGPASSWORD", admin_password, TRUE);
}

static void
admin_end (void)
{
  g_unsetenv ("PGPASSWORD");
}

/* Takes the superuser's password out of the environment: only the
 * keyring, ~/.pgpass or a typed password reach the server then. */
static void
fol_test_clinic_server_init (void)
{
  admin_password = g_strdup (g_getenv ("PGPASSWORD"));
  g_unsetenv ("PGPASSWORD");
}

typedef struct
{
  char *database;
  char *role;
  char *password;
} Clinic;

/* A clinic made by the superuser, and a clinician's role with a password
 * that may use it. */
static gboolean
clinic_setup (Clinic *c)
{
  g_autoptr(FolPgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *sql = NULL;
  PGconn *admin;

  admin_begin ();
  c->database = fol_test_pg_create_database ();
  if (c->database == NULL)
    {
      admin_end ();
      return FALSE;
    }
  location = g_strdup_printf ("dbname=%s", c->database);
  store = fol_pg_store_open (location, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  admin = fol_test_pg_connect (c->database);
  {
    g_autofree char *clinics = fol_test_pg_value (admin, "SELECT count (*) FROM clinic");

    g_assert_cmpstr (clinics, ==, "1");
  }
  PQfinish (admin);

  c->role = g_strdup_printf ("clinician_%d_%u", (int) getpid (), g_random_int () % 100000);
  c->password = g_strdup_printf ("pw-%u", g_random_int ());
  admin = fol_test_pg_admin ();
  sql = g_strdup_printf ("CREATE ROLE %s LOGIN PASSWORD '%s' IN ROLE follicle_clinician",
                         c->role, c->password);
  fol_test_pg_exec (admin, sql);
  PQfinish (admin);
  admin_end ();
  return TRUE;
}

static void
clinic_teardown (Clinic *c)
{
  PGconn *admin;
  g_autofree char *sql = NULL;

  if (c->database == NULL)
    return;
  admin_begin ();
  fol_test_pg_drop_database (c->database);
  admin = fol_test_pg_admin ();
  sql = g_strdup_printf ("DROP ROLE IF EXISTS %s", c->role);
  fol_test_pg_exec (admin, sql);
  PQfinish (admin);
  admin_end ();
  g_free (c->database);
  g_free (c->role);
  g_free (c->password);
}

static FolClinicServer *
clinic_server (Clinic     *c,
               const char *host,
               const char *ca)
{
  g_autoptr(GError) error = NULL;
  FolClinicServer *server = fol_clinic_server_new (host ? host : g_getenv ("PGHOST"),
                                                   g_getenv ("PGPORT"), c->database, c->role, ca,
                                                   &error);

  g_assert_no_error (error);
  return server;
}

