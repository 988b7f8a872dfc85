/* test-list-patients.c
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

/* `follicle --list-patients` streams the clinic row by row
 * (fol_store_each_patient()). Its output must stay the one the list of
 * patient objects gave, byte for byte: here that output is made again the
 * old way, from fol_store_list_patients() and the old escaping, and the
 * command's output is compared with it, on a clinic in a file (SQLite) and
 * on a clinic server (PostgreSQL), with names holding accents, quotes,
 * tabs, newlines and terminal codes.
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fol-demo.h"
#include "fol-list-reference.h"
#include "fol-pg-store.h"
#include "fol-sqlite-store.h"
#include "fol-store.h"
#include "fol-test-pg.h"

typedef enum
{
  BACKEND_SQLITE,
  BACKEND_POSTGRESQL,
} Backend;

typedef struct
{
  Backend   backend;
  char     *dir;
  char     *path;       /* SQLite: the clinic file */
  char     *database;   /* PostgreSQL: the test database */
  char     *location;   /* what --database is given */
} Fixture;

/* Names a clinician may type, and names stored before control characters
 * were refused (written past the store, as such a clinic holds them).
 */
static const char *typed_names[] = {
  "Zoë Ångström-Łukasiewicz",
  "Seán O'Brien",
  "“Quoted” \"Double\" 'Single'",
  "Back\\slash and 100 % of %s",
  "Ωmega 東京 😀",
};

static const char *stored_names[] = {
  "Tab\there",
  "New\nline",
  "Esc\x1b[2Jape",
  "C1 \xc2\x9b control and DEL \x7f",
  "Carriage\rreturn",
};

static FolStore *
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  FolStore *store;

  if (f->backend == BACKEND_SQLITE)
    store = FOL_STORE (fol_sqlite_store_open (f->path, FOL_SQLITE_STORE_FLAGS_NONE, &error));
  else
    {
      g_autofree char *info = g_strdup_printf ("dbname=%s", f->database);

      store = FOL_STORE (fol_pg_store_open (info, &error));
    }
  g_assert_no_error (error);
  return store;
}

/* Each line of the old output: the patient objects of the whole list. */
static GPtrArray *
old_lines (Fixture *f)
{
  g_autoptr(FolStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) patients = fol_store_list_patients (store, NULL, &error);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (patients); i++)
    {
      g_autoptr(FolPatient) p = g_list_model_get_item (patients, i);

      g_ptr_array_add (lines, fol_list_reference_line (p));
    }
  return lines;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  guint n = 0;

  f->backend = GPOINTER_TO_INT (data);
  if (f->backend == BACKEND_SQLITE)
    {
      f->dir = g_dir_make_tmp ("follicle-list-XXXXXX", &error);
      g_assert_no_error (error);
      f->path = g_build_filename (f->dir, "clinic.db", NULL);
      f->location = g_strdup (f->path);
    }
  else
    {
      f->database = fol_test_pg_create_database ();
      if (f->database == NULL)
        return;
      f->location = g_strdup_printf ("postgresql:///%s", f->database);
    }

  store = open_store (f);
  g_assert_true (fol_demo_populate (store, FOL_DEMO_SEED, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (typed_names) + G_N_ELEMENTS (stored_names); i++)
    {
      g_autoptr(FolPatient) p = fol_patient_new ();
      g_autofree char *name = g_strdup_printf ("Placeholder %u", i);

      fol_patient_set_name (p, name);
      /* Some without a date of birth or a diagnosis. */
      if (i % 3 != 0)
        fol_patient_set_birth_date (p, fol_date_new (1970 + i, 1 + i % 12, 1 + i));
      if (i % 4 != 1)
        fol_patient_set_diagnosis (p, i % 2 ? "androgenetic_alopecia" : "alopecia_areata");
      if (i < G_N_ELEMENTS (typed_names))
        fol_patient_set_name (p, typed_names[i]);
      g_assert_true (fol_store_save_patient (store, p, &error));
      g_assert_no_error (error);
      g_ptr_array_add (ids, g_strdup (fol_patient_get_id (p)));
    }
  g_clear_object (&store);

  if (f->backend == BACKEND_POSTGRESQL)
    {
      PGconn *conn = fol_test_pg_connect (f->database);
      g_autofree char *count = fol_test_pg_value (conn, "SELECT count (*) FROM patients");
      g_autofree char *want = g_strdup_printf ("%u", n + ids->len);

      g_assert_cmpstr (count, ==, want);
      PQfinish (conn);
    }

  /* The stored names, past the store's rules. */
  for (guint i = 0; i < G_N_ELEMENTS (stored_names); i++)
    {
      const char *id = g_ptr_array_index (ids, G_N_ELEMENTS (typed_names) + i);

      if (f->backend == BACKEND_SQLITE)
        {
          sqlite3 *db = NULL;
          sqlite3_stmt *stmt = NULL;

          g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
          g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE patients SET name = ?1 WHERE id = ?2",
                                               -1, &stmt, NULL), ==, SQLITE_OK);
          sqlite3_bind_text (stmt, 1, stored_names[i], -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
          sqlite3_finalize (stmt);
          sqlite3_close (db);
        }
      else
        {
          PGconn *conn = fol_test_pg_connect (f->database);
          const char *params[] = { stored_names[i], id };
          PGresult *result = PQexecParams (conn, "UPDATE patients SET name = $1 WHERE id = $2",
                                           2, NULL, params, NULL, NULL, 0);

          g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
          g_assert_cmpstr (PQcmdTuples (result), ==, "1");
          PQclear (result);
          PQfinish (conn);
        }
    }
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->path != NULL)
    {
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", f->dir);

      g_assert_cmpint (system (command), ==, 0);
    }
  fol_test_pg_drop_database (f->database);
  g_free (f->database);
  g_free (f->location);
  g_free (f->path);
  g_free (f->dir);
}

/* follicle --list-patients, in the locale @lc_all. */
static char *
list_patients (Fixture    *f,
               const char *lc_all)
{
  const char *argv[] = { g_getenv ("FOLLICLE_BIN"), "--database", f->location,
                         "--list-patients", NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = -1;

  envp = g_environ_setenv (envp, "LC_ALL", lc_all, TRUE);
  envp = g_environ_unsetenv (envp, "DISPLAY");
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpstr (err, ==, "");
  return out;
}

static void
test_same_output (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *out = NULL;

  if (f->location == NULL)
    return;   /* no server: skipped */

  lines = old_lines (f);
  g_assert_cmpuint (lines->len, >=, 8 + G_N_ELEMENTS (typed_names) + G_N_ELEMENTS (stored_names));
  for (guint i = 0; i < lines->len; i++)
    g_string_append (expected, g_ptr_array_index (lines, i));

  /* The escapes are there, and no control character was sent. */
  g_assert_nonnull (strstr (expected->str, "Tab\\there"));
  g_assert_nonnull (strstr (expected->str, "Esc\\x1b[2Jape"));
  g_assert_nonnull (strstr (expected->str, "C1 \\u009b control and DEL \\x7f"));

  out = list_patients (f, "C.UTF-8");
  g_assert_cmpstr (out, ==, expected->str);
}

/* Where the console is not UTF-8, each line is converted as g_print()
 * converts it: a character the charset lacks becomes "?".
 */
static void
test_same_output_ascii (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *out = NULL;

  if (f->location == NULL)
    return;

  lines = old_lines (f);
  for (guint i = 0; i < lines->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *ascii = g_convert_with_fallback (g_ptr_array_index (lines, i), -1,
                                                        "ANSI_X3.4-1968", "UTF-8", "?",
                                                        NULL, NULL, &error);

      g_assert_no_error (error);
      g_string_append (expected, ascii);
    }
  g_assert_nonnull (strstr (expected->str, "Zo? ?ngstr?m"));

  out = list_patients (f, "C");
  g_assert_cmpstr (out, ==, expected->str);
}

static void
add (const char *name,
     Backend     backend,
     void      (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strdup_printf ("/list-patients/%s/%s",
                                           backend == BACKEND_SQLITE ? "sqlite" : "postgresql",
                                           name);

  g_test_add (path, Fixture, GINT_TO_POINTER (backend), setup, func, teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("FOLLICLE_BIN") == NULL)
    {
      g_test_skip ("FOLLICLE_BIN is not set");
      return g_test_run ();
    }

  for (Backend b = BACKEND_SQLITE; b <= BACKEND_POSTGRESQL; b++)
    {
      add ("same-output", b, test_same_output);
      add ("same-output-ascii", b, test_same_output_ascii);
    }
  return g_test_run ();
}
