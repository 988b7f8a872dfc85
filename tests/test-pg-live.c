/* test-pg-live.c
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

/* A clinic server shared by workstations: two stores on one database, as
 * two computers would open it. A change saved on one reaches the other's
 * main loop; a save or delete based on what the other has since changed is
 * refused; a connection killed by the server (pg_terminate_backend) is
 * seen, re-made, and a save retried after it is applied once.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "fol-error.h"
#include "fol-pg-store.h"
#include "fol-store.h"
#include "fol-test-pg.h"

#define assert_ok(call) \
  G_STMT_START { \
    gboolean ok_ = (call); \
    g_assert_no_error (error); \
    g_assert_true (ok_); \
  } G_STMT_END

typedef struct
{
  char       *database;
  FolStore   *a;
  FolStore   *b;
  GPtrArray  *seen_a;  /* "change patient-id" strings */
  GPtrArray  *seen_b;
  guint       n_connection_a;
} Fixture;

static void
changed_cb (FolStore   *store,
            guint       change,
            const char *patient_id,
            GPtrArray  *seen)
{
  g_ptr_array_add (seen, g_strdup_printf ("%u %s", change, patient_id ? patient_id : "*"));
}

static void
connection_cb (FolStore *store,
               Fixture  *f)
{
  f->n_connection_a++;
}

static FolStore *
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *location = g_strdup_printf ("dbname=%s", f->database);
  FolPgStore *store = fol_pg_store_open (location, &error);

  g_assert_no_error (error);
  return FOL_STORE (store);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->database = fol_test_pg_create_database ();
  if (f->database == NULL)
    return;
  f->a = open_store (f);
  f->b = open_store (f);
  f->seen_a = g_ptr_array_new_with_free_func (g_free);
  f->seen_b = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->a, "changed", G_CALLBACK (changed_cb), f->seen_a);
  g_signal_connect (f->b, "changed", G_CALLBACK (changed_cb), f->seen_b);
  g_signal_connect (f->a, "connection-changed", G_CALLBACK (connection_cb), f);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  g_clear_pointer (&f->seen_a, g_ptr_array_unref);
  g_clear_pointer (&f->seen_b, g_ptr_array_unref);
  fol_test_pg_drop_database (f->database);
  g_free (f->database);
}

static gboolean
has (GPtrArray  *seen,
     const char *entry)
{
  for (guint i = 0; i < seen->len; i++)
    if (g_str_equal (g_ptr_array_index (seen, i), entry))
      return TRUE;
  return FALSE;
}

static guint
count (GPtrArray  *seen,
       const char *entry)
{
  guint n = 0;

  for (guint i = 0; i < seen->len; i++)
    n += g_str_equal (g_ptr_array_index (seen, i), entry);
  return n;
}

/* Runs the main loop until @seen has @entry or @ms pass; the time it took. */
static gint64
wait_for (GPtrArray  *seen,
          const char *entry,
          guint       ms)
{
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + (gint64) ms * 1000;

  while (!has (seen, entry) && g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
  return (g_get_monotonic_time () - start) / 1000;
}

static void
run_loop (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}

static gboolean
wait_connected (FolStore *store,
                gboolean  connected,
                guint     ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (fol_store_is_connected (store) != connected && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return fol_store_is_connected (store) == connected;
}

static FolPatient *
new_patient (const char *name)
{
  FolPatient *p = fol_patient_new ();
  FolDate birth;

  g_assert_true (fol_date_parse ("1975-06-01", &birth, NULL));
  fol_patient_set_name (p, name);
  fol_patient_set_birth_date (p, birth);
  fol_patient_set_sex (p, "male");
  return p;
}

static FolDate
date (const char *iso)
{
  FolDate d;

  g_assert_true (fol_date_parse (iso, &d, NULL));
  return d;
}

static FolTreatmentSession *
new_session (FolPatient *p)
{
  FolTreatmentSession *s = fol_treatment_session_new ();

  fol_treatment_session_set_patient_id (s, fol_patient_get_id (p));
  fol_treatment_session_set_date (s, date ("2024-03-01"));
  fol_treatment_session_set_treatment_type (s, "prp");
  fol_treatment_session_set_volume_ml (s, 4.0);
  return s;
}

static void
terminate (const char *sql_where)
{
  PGconn *admin = fol_test_pg_admin ();
  g_autofree char *sql = g_strdup_printf ("SELECT count (pg_terminate_backend (pid))"
                                          " FROM pg_stat_activity WHERE %s", sql_where);
  g_autofree char *n = fol_test_pg_value (admin, sql);

  g_assert_cmpstr (n, !=, "0");
  PQfinish (admin);
}

static void
terminate_store (FolStore *store)
{
  g_autofree char *where = g_strdup_printf ("pid = %d",
                                            fol_pg_store_get_backend_pid (FOL_PG_STORE (store)));

  terminate (where);
}

/* A patient saved on workstation A shows on B within a second, as the
 * change signals a save on B itself would give; A hears its own save once.
 */
static void
test_notify (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = new_patient ("Ana Souza");
  g_autoptr(FolTreatmentSession) s = NULL;
  g_autofree char *patient_entry = NULL;
  g_autofree char *session_entry = NULL;
  gint64 ms;

  if (f->a == NULL)
    return;

  g_assert_true (fol_store_is_connected (f->a));
  assert_ok (fol_store_save_patient (f->a, p, &error));
  patient_entry = g_strdup_printf ("%u %s", FOL_STORE_CHANGE_PATIENT, fol_patient_get_id (p));
  ms = wait_for (f->seen_b, patient_entry, 1000);
  g_test_message ("B heard of the patient after %" G_GINT64_FORMAT " ms", ms);
  g_assert_true (has (f->seen_b, patient_entry));

  s = new_session (p);
  assert_ok (fol_store_save_session (f->a, s, &error));
  session_entry = g_strdup_printf ("%u %s", FOL_STORE_CHANGE_SESSION, fol_patient_get_id (p));
  wait_for (f->seen_b, session_entry, 1000);
  g_assert_true (has (f->seen_b, session_entry));

  /* A's own writes: each announced once, by the save itself. */
  run_loop (300);
  g_assert_cmpuint (count (f->seen_a, patient_entry), ==, 1);
  g_assert_cmpuint (count (f->seen_a, session_entry), ==, 1);
  g_assert_cmpuint (count (f->seen_b, patient_entry), ==, 1);
}

/* No lost updates for treatment sessions: a save based on a session the
 * other workstation has changed since is refused, naming who did.
 */
static void
test_session_conflict (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = new_patient ("Ana Souza");
  g_autoptr(FolTreatmentSession) s = NULL;
  g_autoptr(FolHistory) here = NULL;
  g_autoptr(FolHistory) there = NULL;
  g_autoptr(FolHistory) stored = NULL;
  FolTreatmentSession *mine;

  if (f->a == NULL)
    return;

  assert_ok (fol_store_save_patient (f->a, p, &error));
  s = new_session (p);
  assert_ok (fol_store_save_session (f->a, s, &error));
  here = fol_store_load_history (f->a, fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  there = fol_store_load_history (f->b, fol_patient_get_id (p), &error);
  g_assert_no_error (error);

  fol_treatment_session_set_lot_number (fol_history_get_session (there, 0), "L-B");
  assert_ok (fol_store_save_session (f->b, fol_history_get_session (there, 0), &error));

  mine = fol_history_get_session (here, 0);
  fol_treatment_session_set_lot_number (mine, "L-A");
  g_assert_false (fol_store_save_session (f->a, mine, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_CHANGED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fol_pg_store_get_db_user (FOL_PG_STORE (f->b))));
  g_clear_error (&error);

  stored = fol_store_load_history (f->a, fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fol_treatment_session_get_lot_number (fol_history_get_session (stored, 0)),
                   ==, "L-B");
}

/* Deleting a record that the other workstation changed after it was
 * loaded here is refused, and the record stays; deleting what was loaded
 * unchanged goes through.
 */
static void
test_delete_conflict (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = new_patient ("Ana Souza");
  g_autoptr(FolPatient) there = NULL;
  g_autoptr(FolTreatmentSession) s = NULL;
  g_autoptr(FolVisit) v = fol_visit_new ();
  g_autoptr(FolHistory) here = NULL;
  g_autoptr(FolHistory) other = NULL;
  g_autoptr(FolHistory) after = NULL;
  g_autofree char *loaded_at = NULL;

  if (f->a == NULL)
    return;

  assert_ok (fol_store_save_patient (f->a, p, &error));
  s = new_session (p);
  assert_ok (fol_store_save_session (f->a, s, &error));
  fol_visit_set_patient_id (v, fol_patient_get_id (p));
  fol_visit_set_date (v, date ("2024-03-02"));
  fol_visit_set_kind (v, "baseline");
  assert_ok (fol_store_save_visit (f->a, v, NULL, &error));

  here = fol_store_load_history (f->a, fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  other = fol_store_load_history (f->b, fol_patient_get_id (p), &error);
  g_assert_no_error (error);

  /* B changes the session and the visit; A, on what it loaded, deletes. */
  fol_treatment_session_set_notes (fol_history_get_session (other, 0), "from B");
  assert_ok (fol_store_save_session (f->b, fol_history_get_session (other, 0), &error));
  fol_visit_set_notes (fol_history_get_visit (other, 0), "from B");
  assert_ok (fol_store_save_visit (f->b, fol_history_get_visit (other, 0), NULL, &error));

  g_assert_false (fol_store_delete_session_checked (
    f->a, fol_treatment_session_get_id (s),
    fol_treatment_session_get_updated_at (fol_history_get_session (here, 0)), &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_CHANGED);
  g_assert_nonnull (strstr (error->message, fol_pg_store_get_db_user (FOL_PG_STORE (f->b))));
  g_clear_error (&error);
  g_assert_false (fol_store_delete_visit_checked (
    f->a, fol_visit_get_id (v), fol_visit_get_updated_at (fol_history_get_visit (here, 0)),
    &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_CHANGED);
  g_clear_error (&error);

  after = fol_store_load_history (f->a, fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_history_get_n_sessions (after), ==, 1);
  g_assert_cmpuint (fol_history_get_n_visits (after), ==, 1);

  /* The patient, changed on B after A loaded it. */
  loaded_at = g_strdup (fol_patient_get_updated_at (fol_history_get_patient (here)));
  there = fol_store_get_patient (f->b, fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  fol_patient_set_notes (there, "from B");
  assert_ok (fol_store_save_patient (f->b, there, &error));
  g_assert_false (fol_store_delete_patient_checked (f->a, fol_patient_get_id (p), loaded_at,
                                                    &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_CHANGED);
  g_assert_nonnull (strstr (error->message, "Ana Souza"));
  g_clear_error (&error);
  g_clear_object (&there);
  there = fol_store_get_patient (f->a, fol_patient_get_id (p), &error);
  g_assert_no_error (error);

  /* What was loaded as it is stored now: deleted. */
  assert_ok (fol_store_delete_session_checked (
    f->a, fol_treatment_session_get_id (s),
    fol_treatment_session_get_updated_at (fol_history_get_session (after, 0)), &error));
  assert_ok (fol_store_delete_patient_checked (f->a, fol_patient_get_id (p),
                                               fol_patient_get_updated_at (there), &error));
  g_assert_false (fol_store_delete_patient_checked (f->a, fol_patient_get_id (p),
                                                    fol_patient_get_updated_at (there), &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
}

/* The server ends A's connection: A says it is disconnected without
 * being asked, a save meanwhile fails with a clear message, A connects
 * again by itself, listens again and hears B's changes.
 */
static void
test_reconnect (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = new_patient ("Ana Souza");
  g_autoptr(FolPatient) q = new_patient ("Bruno Lima");
  g_autoptr(FolPatient) r = new_patient ("Carla Dias");
  g_autofree char *entry = NULL;
  g_autofree char *refresh = g_strdup_printf ("%u *", FOL_STORE_CHANGE_PATIENT);
  g_autofree char *off = NULL;
  g_autofree char *on = NULL;
  PGconn *admin;
  int old_pid;

  if (f->a == NULL)
    return;

  /* While the database takes no connections, A cannot come back. */
  admin = fol_test_pg_admin ();
  off = g_strdup_printf ("ALTER DATABASE %s WITH ALLOW_CONNECTIONS false", f->database);
  on = g_strdup_printf ("ALTER DATABASE %s WITH ALLOW_CONNECTIONS true", f->database);
  fol_test_pg_exec (admin, off);
  old_pid = fol_pg_store_get_backend_pid (FOL_PG_STORE (f->a));
  terminate_store (f->a);
  g_assert_true (wait_connected (f->a, FALSE, 1000));
  g_assert_cmpuint (f->n_connection_a, ==, 1);

  g_assert_false (fol_store_save_patient (f->a, p, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_IO);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "cannot be reached"));
  g_clear_error (&error);
  g_assert_null (fol_patient_get_id (p));

  /* Retries meanwhile fail and keep it disconnected. */
  run_loop (1500);
  g_assert_false (fol_store_is_connected (f->a));

  fol_test_pg_exec (admin, on);
  PQfinish (admin);
  fol_store_reconnect (f->a);
  g_assert_true (wait_connected (f->a, TRUE, 3000));
  g_assert_cmpint (fol_pg_store_get_backend_pid (FOL_PG_STORE (f->a)), !=, old_pid);
  g_assert_cmpuint (f->n_connection_a, ==, 2);
  /* Back, the window reads everything again. */
  wait_for (f->seen_a, refresh, 1000);
  g_assert_true (has (f->seen_a, refresh));

  /* The save typed meanwhile goes through now. */
  assert_ok (fol_store_save_patient (f->a, p, &error));

  /* A listens again. */
  assert_ok (fol_store_save_patient (f->b, q, &error));
  entry = g_strdup_printf ("%u %s", FOL_STORE_CHANGE_PATIENT, fol_patient_get_id (q));
  wait_for (f->seen_a, entry, 1000);
  g_assert_true (has (f->seen_a, entry));

  /* Killed again, while nobody asks anything: back by itself. */
  terminate_store (f->a);
  g_assert_true (wait_connected (f->a, FALSE, 1000));
  g_assert_true (wait_connected (f->a, TRUE, 5000));
  assert_ok (fol_store_save_patient (f->b, r, &error));
  g_free (entry);
  entry = g_strdup_printf ("%u %s", FOL_STORE_CHANGE_PATIENT, fol_patient_get_id (r));
  wait_for (f->seen_a, entry, 1000);
  g_assert_true (has (f->seen_a, entry));
}

/* The server commits A's save, then ends A's connection before A has its
 * answer (a commit waiting for a standby that never comes). A cannot tell
 * whether it was stored; saved again after A is back, it is there once.
 */
typedef struct
{
  char     *database;
  gboolean  killed;
} Killer;

static gpointer
kill_waiting_commit (gpointer data)
{
  Killer *k = data;
  PGconn *admin = fol_test_pg_admin ();
  g_autofree char *sql = g_strdup_printf ("SELECT count (pg_terminate_backend (pid))"
                                          " FROM pg_stat_activity WHERE datname = '%s'"
                                          " AND wait_event = 'SyncRep'", k->database);

  for (guint i = 0; i < 500 && !k->killed; i++)
    {
      g_autofree char *n = fol_test_pg_value (admin, sql);

      k->killed = g_strcmp0 (n, "0") != 0;
      g_usleep (10000);
    }
  PQfinish (admin);
  return NULL;
}

static void
standby_wait (gboolean on)
{
  PGconn *admin = fol_test_pg_admin ();

  fol_test_pg_exec (admin, on ? "ALTER SYSTEM SET synchronous_standby_names = 'nobody'"
                              : "ALTER SYSTEM RESET synchronous_standby_names");
  fol_test_pg_exec (admin, "SELECT pg_reload_conf ()");
  PQfinish (admin);
  g_usleep (200000);
}

static gboolean
save_lost_answer (Fixture     *f,
                  FolPatient  *patient,
                  GError     **error)
{
  Killer k = { f->database, FALSE };
  GThread *thread;
  gboolean ok;

  standby_wait (TRUE);
  thread = g_thread_new ("killer", kill_waiting_commit, &k);
  ok = fol_store_save_patient (f->a, patient, error);
  g_thread_join (thread);
  standby_wait (FALSE);
  g_assert_true (k.killed);
  return ok;
}

static void
test_retry_applied_once (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = new_patient ("Ana Souza");
  g_autoptr(FolPatient) stored = NULL;
  g_autofree char *n = NULL;
  g_autofree char *version = NULL;
  g_autofree char *sql = NULL;
  PGconn *conn;

  if (f->a == NULL)
    return;

  /* A new patient: committed, answer lost. */
  g_assert_false (save_lost_answer (f, p, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_IO);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_null (fol_patient_get_id (p));

  conn = fol_test_pg_connect (f->database);
  n = fol_test_pg_value (conn, "SELECT count (*) FROM patients");
  g_assert_cmpstr (n, ==, "1");  /* it was committed */
  g_clear_pointer (&n, g_free);

  g_assert_true (wait_connected (f->a, TRUE, 5000));
  assert_ok (fol_store_save_patient (f->a, p, &error));
  g_assert_nonnull (fol_patient_get_id (p));
  n = fol_test_pg_value (conn, "SELECT count (*) FROM patients");
  g_assert_cmpstr (n, ==, "1");
  g_clear_pointer (&n, g_free);
  sql = g_strdup_printf ("SELECT count (*) FROM audit_log WHERE entity = 'patients'"
                         " AND entity_id = '%s'", fol_patient_get_id (p));
  n = fol_test_pg_value (conn, sql);
  g_assert_cmpstr (n, ==, "1");
  g_clear_pointer (&n, g_free);

  /* An edit of it: the same, applied once, and not taken for someone
   * else's change. */
  fol_patient_set_notes (p, "room 2");
  g_assert_false (save_lost_answer (f, p, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_IO);
  g_clear_error (&error);
  g_assert_true (wait_connected (f->a, TRUE, 5000));
  assert_ok (fol_store_save_patient (f->a, p, &error));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT version FROM patients WHERE id = '%s'", fol_patient_get_id (p));
  version = fol_test_pg_value (conn, sql);
  g_assert_cmpstr (version, ==, "2");
  stored = fol_store_get_patient (f->b, fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fol_patient_get_notes (stored), ==, "room 2");
  g_assert_cmpstr (fol_patient_get_updated_at (stored), ==, fol_patient_get_updated_at (p));

  /* And edited again from there, as usual. */
  fol_patient_set_notes (p, "room 3");
  assert_ok (fol_store_save_patient (f->a, p, &error));
  PQfinish (conn);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pg-live/notify", Fixture, NULL, setup, test_notify, teardown);
  g_test_add ("/pg-live/session-conflict", Fixture, NULL, setup, test_session_conflict, teardown);
  g_test_add ("/pg-live/delete-conflict", Fixture, NULL, setup, test_delete_conflict, teardown);
  g_test_add ("/pg-live/reconnect", Fixture, NULL, setup, test_reconnect, teardown);
  g_test_add ("/pg-live/retry-applied-once", Fixture, NULL, setup, test_retry_applied_once,
              teardown);

  return g_test_run ();
}
