/* fol-test-backend.h: one check, run against each store backend.
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A test file that checks the store interface declares its checks once and
 * adds each for SQLite (a clinic file in a temporary folder) and for
 * PostgreSQL (a fresh database on the test cluster, fol-test-pg.h).
 */

#pragma once

#include <glib.h>
#include <glib/gstdio.h>

#include "fol-pg-store.h"
#include "fol-sqlite-store.h"
#include "fol-test-pg.h"
#include "test-helpers.h"

typedef enum
{
  BACKEND_SQLITE,
  BACKEND_POSTGRESQL,
} Backend;

/* Opens an empty clinic of @backend: a clinic file "clinic.follicle" in a
 * new temporary folder (*@dir, made for both backends), or a new database
 * *@database on the test cluster. *@location is what --database takes to
 * open it: the file's path, or the server's connection string. Returns
 * NULL, the test skipped, when there is no cluster to create it on. */
static inline FolStore *
fol_test_open_store (Backend   backend,
                     char    **dir,
                     char    **database,
                     char    **location)
{
  g_autoptr(GError) error = NULL;
  FolStore *store;

  *dir = g_dir_make_tmp ("follicle-store-XXXXXX", &error);
  g_assert_no_error (error);
  if (backend == BACKEND_SQLITE)
    {
      *location = g_build_filename (*dir, "clinic.follicle", NULL);
      store = FOL_STORE (fol_sqlite_store_open (*location, FOL_SQLITE_STORE_FLAGS_NONE, &error));
    }
  else
    {
      *database = fol_test_pg_create_database ();
      if (*database == NULL)
        return NULL;
      *location = g_strdup_printf ("dbname=%s", *database);
      store = FOL_STORE (fol_pg_store_open (*location, &error));
    }
  g_assert_no_error (error);
  g_assert_true (FOL_IS_STORE (store));
  return store;
}

/* Undoes fol_test_open_store() once the store is closed. */
static inline void
fol_test_close_store (char **dir,
                      char **database,
                      char **location)
{
  if (*dir != NULL)
    helper_remove_tree (*dir);
  g_clear_pointer (dir, g_free);
  fol_test_pg_drop_database (*database);
  g_clear_pointer (database, g_free);
  g_clear_pointer (location, g_free);
}

/* Adds @func as PREFIX/sqlite/NAME or PREFIX/postgresql/NAME. */
/* A clinic on either backend, for g_test_add(): the backend is the data. */
typedef struct
{
  FolStore *store;
  char     *dir;
  char     *database;
  char     *location;
} FolTestClinic;

static inline void
fol_test_clinic_setup (FolTestClinic *f,
                       gconstpointer  data)
{
  f->store = fol_test_open_store (GPOINTER_TO_INT (data), &f->dir, &f->database, &f->location);
}

static inline void
fol_test_clinic_teardown (FolTestClinic *f,
                          gconstpointer  data)
{
  g_clear_object (&f->store);
  fol_test_close_store (&f->dir, &f->database, &f->location);
}

#define fol_test_add_backend(prefix, name, backend, Fixture, setup, func, teardown) \
  G_STMT_START { \
    g_autofree char *path_ = g_strdup_printf ("%s/%s/%s", prefix, \
                                              (backend) == BACKEND_SQLITE ? "sqlite" \
                                                                          : "postgresql", \
                                              name); \
    g_test_add (path_, Fixture, GINT_TO_POINTER (backend), setup, func, teardown); \
  } G_STMT_END
