/* test-store-protocols.c
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

/* Treatment protocols and their assignments, the same checks against
 * every backend of FolStore (SQLite, and PostgreSQL on the throwaway
 * cluster: a failure, not a skip, when FOLLICLE_TEST_PG=required).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "fol-error.h"
#include "fol-pg-store.h"
#include "fol-sqlite-store.h"
#include "fol-store.h"
#include "fol-test-pg.h"

#define assert_ok(call) \
  G_STMT_START { \
    gboolean ok_ = (call); \
    g_assert_no_error (error); \
    g_assert_true (ok_); \
  } G_STMT_END

typedef enum
{
  BACKEND_SQLITE,
  BACKEND_POSTGRESQL,
} Backend;

typedef struct
{
  FolStore *store;
  char     *dir;
  char     *database;
  guint     n_changed;
} Fixture;

static void
on_changed (FolStore   *store,
            guint       change,
            const char *patient_id,
            Fixture    *f)
{
  if (change == FOL_STORE_CHANGE_PROTOCOL)
    f->n_changed++;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  Backend backend = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;

  if (backend == BACKEND_SQLITE)
    {
      g_autofree char *path = NULL;

      f->dir = g_dir_make_tmp ("follicle-protocols-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (f->dir, "clinic.follicle", NULL);
      f->store = FOL_STORE (fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_NONE, &error));
    }
  else
    {
      g_autofree char *location = NULL;

      f->database = fol_test_pg_create_database ();
      if (f->database == NULL)
        return;
      location = g_strdup_printf ("dbname=%s", f->database);
      f->store = FOL_STORE (fol_pg_store_open (location, &error));
    }
  g_assert_no_error (error);
  g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), f);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->store);
  if (f->dir != NULL)
    remove_dir (f->dir);
  g_free (f->dir);
  fol_test_pg_drop_database (f->database);
  g_free (f->database);
}

static FolDate
iso (const char *text)
{
  FolDate date = FOL_DATE_NONE;

  g_assert_true (fol_date_parse (text, &date, NULL));
  return date;
}

static FolProtocol *
new_protocol (const char *name)
{
  FolProtocol *protocol = fol_protocol_new ();

  fol_protocol_set_name (protocol, name);
  fol_protocol_set_description (protocol, "Line one\nLine two");
  fol_protocol_add_session (protocol, 0, 0, "adipose_stem_cells", "SVF kit", "20 million cells",
                            6.5, (1u << FOL_REGION_FRONTAL) | (1u << FOL_REGION_VERTEX));
  fol_protocol_add_session (protocol, 0, 28, "adipose_stem_cells", "SVF kit", NULL, NAN, 0);
  fol_protocol_add_visit (protocol, 1, 0);
  fol_protocol_add_visit (protocol, 12, 0);
  return protocol;
}

static FolPatient *
new_patient (FolStore *store)
{
  g_autoptr(GError) error = NULL;
  FolPatient *p = fol_patient_new ();

  fol_patient_set_name (p, "Ana Souza");
  fol_patient_set_birth_date (p, iso ("1980-02-29"));
  assert_ok (fol_store_save_patient (store, p, &error));
  return p;
}

static void
assert_same_protocol (FolProtocol *a,
                      FolProtocol *b)
{
  g_autofree char *steps_a = fol_protocol_steps_to_text (a);
  g_autofree char *steps_b = fol_protocol_steps_to_text (b);

  g_assert_cmpstr (fol_protocol_get_id (a), ==, fol_protocol_get_id (b));
  g_assert_cmpstr (fol_protocol_get_name (a), ==, fol_protocol_get_name (b));
  g_assert_cmpstr (fol_protocol_get_description (a), ==, fol_protocol_get_description (b));
  g_assert_cmpint (fol_protocol_get_example (a), ==, fol_protocol_get_example (b));
  g_assert_cmpstr (fol_protocol_get_created_at (a), ==, fol_protocol_get_created_at (b));
  g_assert_cmpstr (fol_protocol_get_updated_at (a), ==, fol_protocol_get_updated_at (b));
  g_assert_cmpstr (steps_a, ==, steps_b);
}

static void
test_protocol_round_trip (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolProtocol) protocol = new_protocol ("SVF ×2");
  g_autoptr(FolProtocol) other = new_protocol ("Another");
  g_autoptr(FolProtocol) got = NULL;
  g_autoptr(GPtrArray) list = NULL;

  if (f->store == NULL)
    return;

  fol_protocol_set_example (protocol, TRUE);
  assert_ok (fol_store_save_protocol (f->store, protocol, &error));
  g_assert_nonnull (fol_protocol_get_id (protocol));
  g_assert_nonnull (fol_protocol_get_created_at (protocol));
  assert_ok (fol_store_save_protocol (f->store, other, &error));
  g_assert_cmpuint (f->n_changed, ==, 2);

  list = fol_store_list_protocols (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  /* By name. */
  g_assert_cmpstr (fol_protocol_get_name (list->pdata[0]), ==, "Another");
  assert_same_protocol (list->pdata[1], protocol);
  g_assert_cmpuint (fol_protocol_get_n_steps (list->pdata[1]), ==, 4);
  g_assert_cmpfloat (fol_protocol_get_step (list->pdata[1], 0)->volume_ml, ==, 6.5);
  g_assert_true (isnan (fol_protocol_get_step (list->pdata[1], 1)->volume_ml));

  /* Changed: the same record, new steps. */
  fol_protocol_clear_steps (protocol);
  fol_protocol_add_visit (protocol, 3, 0);
  fol_protocol_set_name (protocol, "SVF, renamed");
  assert_ok (fol_store_save_protocol (f->store, protocol, &error));
  got = fol_store_get_protocol (f->store, fol_protocol_get_id (protocol), &error);
  g_assert_no_error (error);
  assert_same_protocol (got, protocol);
  g_assert_cmpuint (fol_protocol_get_n_steps (got), ==, 1);

  g_clear_object (&got);
  got = fol_store_get_protocol (f->store, "no-such-id", &error);
  g_assert_null (got);
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
}

/* Bad input is refused with a message naming the field, nothing written. */
static void
test_protocol_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolProtocol) nameless = new_protocol ("");
  g_autoptr(FolProtocol) bad_step = new_protocol ("Bad step");
  g_autoptr(FolProtocol) first = new_protocol ("Same name");
  g_autoptr(FolProtocol) second = new_protocol ("Same name");
  g_autoptr(GPtrArray) list = NULL;

  if (f->store == NULL)
    return;

  g_assert_false (fol_store_save_protocol (f->store, nameless, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED);
  g_assert_nonnull (strstr (error->message, "Protocol name"));
  g_clear_error (&error);

  fol_protocol_add_session (bad_step, 0, 0, "snake_oil", NULL, NULL, NAN, 0);
  g_assert_false (fol_store_save_protocol (f->store, bad_step, &error));
  g_assert_nonnull (strstr (error->message, "Protocol step 5"));
  g_clear_error (&error);

  assert_ok (fol_store_save_protocol (f->store, first, &error));
  g_assert_false (fol_store_save_protocol (f->store, second, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT);
  g_assert_nonnull (strstr (error->message, "Protocol name"));
  g_clear_error (&error);
  g_assert_null (fol_protocol_get_id (second));

  list = fol_store_list_protocols (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpuint (f->n_changed, ==, 1);
}

static void
test_assignment_round_trip (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolProtocol) protocol = new_protocol ("SVF ×2");
  g_autoptr(FolProtocol) spare = new_protocol ("Spare");
  g_autoptr(FolPatient) patient = NULL;
  g_autoptr(FolPatient) other = NULL;
  g_autoptr(FolProtocolAssignment) a = fol_protocol_assignment_new ();
  g_autoptr(FolProtocolAssignment) b = fol_protocol_assignment_new ();
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) all = NULL;
  FolProtocolAssignment *got;

  if (f->store == NULL)
    return;

  patient = new_patient (f->store);
  other = new_patient (f->store);
  assert_ok (fol_store_save_protocol (f->store, protocol, &error));
  assert_ok (fol_store_save_protocol (f->store, spare, &error));

  fol_protocol_assignment_set_patient_id (a, fol_patient_get_id (patient));
  fol_protocol_assignment_set_protocol_id (a, fol_protocol_get_id (protocol));
  fol_protocol_assignment_set_start_date (a, iso ("2024-02-29"));
  assert_ok (fol_store_save_assignment (f->store, a, &error));
  g_assert_nonnull (fol_protocol_assignment_get_id (a));

  fol_protocol_assignment_set_patient_id (b, fol_patient_get_id (other));
  fol_protocol_assignment_set_protocol_id (b, fol_protocol_get_id (spare));
  fol_protocol_assignment_set_start_date (b, iso ("2024-01-31"));
  assert_ok (fol_store_save_assignment (f->store, b, &error));

  mine = fol_store_list_assignments (f->store, fol_patient_get_id (patient), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, ==, 1);
  got = mine->pdata[0];
  g_assert_cmpstr (fol_protocol_assignment_get_id (got), ==, fol_protocol_assignment_get_id (a));
  g_assert_cmpstr (fol_protocol_assignment_get_patient_id (got), ==, fol_patient_get_id (patient));
  g_assert_cmpstr (fol_protocol_assignment_get_protocol_id (got), ==,
                   fol_protocol_get_id (protocol));
  g_assert_cmpint (fol_protocol_assignment_get_start_date (got), ==, iso ("2024-02-29"));
  g_assert_cmpstr (fol_protocol_assignment_get_created_at (got), ==,
                   fol_protocol_assignment_get_created_at (a));
  g_assert_cmpstr (fol_protocol_assignment_get_updated_at (got), ==,
                   fol_protocol_assignment_get_updated_at (a));

  all = fol_store_list_assignments (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);

  /* Moved to another start date: the same assignment. */
  fol_protocol_assignment_set_start_date (a, iso ("2024-03-31"));
  assert_ok (fol_store_save_assignment (f->store, a, &error));
  g_clear_pointer (&mine, g_ptr_array_unref);
  mine = fol_store_list_assignments (f->store, fol_patient_get_id (patient), &error);
  g_assert_cmpuint (mine->len, ==, 1);
  g_assert_cmpint (fol_protocol_assignment_get_start_date (mine->pdata[0]), ==,
                   iso ("2024-03-31"));

  /* Assignments are patient data: each write is in the audit log. */
  {
    g_autoptr(GPtrArray) audit = fol_store_list_audit (f->store, fol_protocol_assignment_get_id (a),
                                                       &error);

    g_assert_no_error (error);
    g_assert_cmpuint (audit->len, ==, 2);
    if (f->database != NULL)
      {
        PGconn *conn = fol_test_pg_connect (f->database);
        g_autofree char *n = fol_test_pg_value (conn, "SELECT count (*) FROM audit_log"
                                                      " WHERE entity = 'protocol_assignments'");

        g_assert_cmpstr (n, ==, "3");
        PQfinish (conn);
      }
  }

  /* A protocol in use cannot be deleted; unused, it can. */
  g_assert_false (fol_store_delete_protocol (f->store, fol_protocol_get_id (protocol), &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT);
  g_clear_error (&error);
  assert_ok (fol_store_delete_assignment (f->store, fol_protocol_assignment_get_id (a), &error));
  assert_ok (fol_store_delete_protocol (f->store, fol_protocol_get_id (protocol), &error));
  g_assert_false (fol_store_delete_assignment (f->store, fol_protocol_assignment_get_id (a),
                                               &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Deleting a patient deletes their assignments. */
  assert_ok (fol_store_delete_patient (f->store, fol_patient_get_id (other), &error));
  g_clear_pointer (&all, g_ptr_array_unref);
  all = fol_store_list_assignments (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 0);
}

static void
test_assignment_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolProtocol) protocol = new_protocol ("SVF ×2");
  g_autoptr(FolPatient) patient = NULL;
  g_autoptr(FolProtocolAssignment) a = fol_protocol_assignment_new ();
  g_autoptr(GPtrArray) all = NULL;

  if (f->store == NULL)
    return;

  patient = new_patient (f->store);
  assert_ok (fol_store_save_protocol (f->store, protocol, &error));
  f->n_changed = 0;

  fol_protocol_assignment_set_patient_id (a, fol_patient_get_id (patient));
  fol_protocol_assignment_set_protocol_id (a, fol_protocol_get_id (protocol));
  g_assert_false (fol_store_save_assignment (f->store, a, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_DATE);
  g_assert_nonnull (strstr (error->message, "Start date"));
  g_clear_error (&error);

  /* Before the patient was born. */
  fol_protocol_assignment_set_start_date (a, iso ("1980-02-28"));
  g_assert_false (fol_store_save_assignment (f->store, a, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_DATE);
  g_assert_nonnull (strstr (error->message, "Start date"));
  g_clear_error (&error);

  fol_protocol_assignment_set_start_date (a, iso ("2024-01-31"));
  fol_protocol_assignment_set_protocol_id (a, "no-such-protocol");
  g_assert_false (fol_store_save_assignment (f->store, a, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Protocol"));
  g_clear_error (&error);

  fol_protocol_assignment_set_protocol_id (a, fol_protocol_get_id (protocol));
  fol_protocol_assignment_set_patient_id (a, "no-such-patient");
  g_assert_false (fol_store_save_assignment (f->store, a, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (fol_protocol_assignment_get_id (a));
  all = fol_store_list_assignments (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 0);
  g_assert_cmpuint (f->n_changed, ==, 0);
}

/* A snapshot (what a backup holds) carries protocols and assignments
 * with their IDs, times and steps, from either kind of clinic. */
static void
test_snapshot (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolProtocol) protocol = new_protocol ("SVF ×2");
  g_autoptr(FolPatient) patient = NULL;
  g_autoptr(FolProtocolAssignment) a = fol_protocol_assignment_new ();
  g_autofree char *dir = g_dir_make_tmp ("follicle-snapshot-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "snapshot.db", NULL);
  g_autoptr(FolStoreSnapshot) snapshot = NULL;
  g_autoptr(FolSqliteStore) copy = NULL;
  g_autoptr(GPtrArray) protocols = NULL;
  g_autoptr(GPtrArray) assignments = NULL;

  if (f->store == NULL)
    return;

  patient = new_patient (f->store);
  fol_protocol_set_example (protocol, TRUE);
  assert_ok (fol_store_save_protocol (f->store, protocol, &error));
  fol_protocol_assignment_set_patient_id (a, fol_patient_get_id (patient));
  fol_protocol_assignment_set_protocol_id (a, fol_protocol_get_id (protocol));
  fol_protocol_assignment_set_start_date (a, iso ("2024-02-29"));
  assert_ok (fol_store_save_assignment (f->store, a, &error));

  snapshot = fol_store_snapshot (f->store, path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);

  copy = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  protocols = fol_store_list_protocols (FOL_STORE (copy), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (protocols->len, ==, 1);
  assert_same_protocol (protocols->pdata[0], protocol);
  assignments = fol_store_list_assignments (FOL_STORE (copy), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assignments->len, ==, 1);
  g_assert_cmpstr (fol_protocol_assignment_get_id (assignments->pdata[0]), ==,
                   fol_protocol_assignment_get_id (a));
  g_assert_cmpint (fol_protocol_assignment_get_start_date (assignments->pdata[0]), ==,
                   iso ("2024-02-29"));
  g_assert_cmpstr (fol_protocol_assignment_get_created_at (assignments->pdata[0]), ==,
                   fol_protocol_assignment_get_created_at (a));
  g_clear_object (&copy);
  remove_dir (dir);
}

/* Two workstations of one clinic server: a protocol that one changed
 * meanwhile is not overwritten by the other's older copy. */
static void
test_protocol_changed_meanwhile (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) other = NULL;
  g_autoptr(FolProtocol) mine = fol_protocol_new ();
  g_autoptr(FolProtocol) theirs = NULL;
  g_autoptr(FolProtocol) stored = NULL;
  g_autofree char *location = NULL;

  if (f->store == NULL || f->database == NULL)
    return;
  location = g_strdup_printf ("dbname=%s", f->database);
  other = FOL_STORE (fol_pg_store_open (location, &error));
  g_assert_no_error (error);

  fol_protocol_set_name (mine, "Shared PRP");
  fol_protocol_add_session (mine, 0, 0, "prp", NULL, NULL, NAN, 0);
  assert_ok (fol_store_save_protocol (f->store, mine, &error));
  theirs = fol_store_get_protocol (other, fol_protocol_get_id (mine), &error);
  g_assert_no_error (error);

  /* This workstation changes it; the other, still on the old copy, is
   * refused, and what this one saved stays. */
  fol_protocol_add_visit (mine, 3, 0);
  assert_ok (fol_store_save_protocol (f->store, mine, &error));
  fol_protocol_set_name (theirs, "Shared PRP, renamed");
  g_assert_false (fol_store_save_protocol (other, theirs, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_CHANGED);
  g_clear_error (&error);
  stored = fol_store_get_protocol (f->store, fol_protocol_get_id (mine), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fol_protocol_get_name (stored), ==, "Shared PRP");
  g_assert_cmpuint (fol_protocol_get_n_steps (stored), ==, 2);

  /* Read again, it saves. */
  g_clear_object (&theirs);
  theirs = fol_store_get_protocol (other, fol_protocol_get_id (mine), &error);
  g_assert_no_error (error);
  fol_protocol_set_name (theirs, "Shared PRP, renamed");
  assert_ok (fol_store_save_protocol (other, theirs, &error));
}

static void
add (const char *name,
     Backend     backend,
     void      (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strdup_printf ("/store-protocols/%s/%s",
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

  for (Backend b = BACKEND_SQLITE; b <= BACKEND_POSTGRESQL; b++)
    {
      add ("protocol-round-trip", b, test_protocol_round_trip);
      add ("protocol-refused", b, test_protocol_refused);
      add ("assignment-round-trip", b, test_assignment_round_trip);
      add ("assignment-refused", b, test_assignment_refused);
      add ("snapshot", b, test_snapshot);
      add ("protocol-changed-meanwhile", b, test_protocol_changed_meanwhile);
    }

  return g_test_run ();
}
