/* test-pg-prepared.c
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

/* A clinic server's store prepares its statements once per connection and
 * sends a patient's reads together: the answers stay the same when the
 * server forgets what was prepared (a connection killed and made again, a
 * DISCARD ALL), and a read that fails leaves the connection usable.
 */

#include "config.h"

#include "fol-error.h"
#include "fol-pg-store.h"
#include "fol-pg-store-private.h"
#include "fol-store.h"
#include "fol-test-pg.h"

typedef struct
{
  char       *database;
  FolStore   *store;
  FolPatient *patient;
} Fixture;

static FolDate
date (const char *iso)
{
  FolDate d;

  g_assert_true (fol_date_parse (iso, &d, NULL));
  return d;
}

static void
save_visit (FolStore   *store,
            FolPatient *patient,
            const char *day,
            guint       hairs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolVisit) visit = fol_visit_new ();
  g_autoptr(GPtrArray) measurements = g_ptr_array_new_with_free_func (g_object_unref);
  FolMeasurement *m = fol_measurement_new ();

  fol_visit_set_patient_id (visit, fol_patient_get_id (patient));
  fol_visit_set_date (visit, date (day));
  fol_visit_set_kind (visit, "follow_up");
  fol_measurement_set_region (m, FOL_REGION_VERTEX);
  fol_measurement_set_hair_count (m, hairs);
  fol_measurement_set_field_area (m, 0.5);
  g_ptr_array_add (measurements, m);
  g_assert_true (fol_store_save_visit (store, visit, measurements, &error));
  g_assert_no_error (error);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autoptr(FolTreatmentSession) session = fol_treatment_session_new ();

  f->database = fol_test_pg_create_database ();
  if (f->database == NULL)
    return;
  location = g_strdup_printf ("dbname=%s", f->database);
  f->store = FOL_STORE (fol_pg_store_open (location, &error));
  g_assert_no_error (error);

  f->patient = fol_patient_new ();
  fol_patient_set_name (f->patient, "Ana Souza");
  fol_patient_set_birth_date (f->patient, date ("1975-06-01"));
  fol_patient_set_sex (f->patient, "female");
  fol_patient_set_site (f->patient, FOL_REGION_VERTEX, "two fingers behind the crown");
  g_assert_true (fol_store_save_patient (f->store, f->patient, &error));
  g_assert_no_error (error);
  save_visit (f->store, f->patient, "2024-01-10", 100);
  save_visit (f->store, f->patient, "2024-04-10", 120);

  fol_treatment_session_set_patient_id (session, fol_patient_get_id (f->patient));
  fol_treatment_session_set_date (session, date ("2024-02-01"));
  fol_treatment_session_set_treatment_type (session, "prp");
  fol_treatment_session_set_regions (session, FOL_REGION_BIT (FOL_REGION_VERTEX));
  fol_treatment_session_add_adverse_event (session, "redness", FOL_SEVERITY_MILD);
  g_assert_true (fol_store_save_session (f->store, session, &error));
  g_assert_no_error (error);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->patient);
  g_clear_object (&f->store);
  fol_test_pg_drop_database (f->database);
  g_free (f->database);
}

/* What the window reads of the clinic, checked whole each time: a search,
 * the patient, and the patient's history. */
static void
assert_reads (Fixture *f,
              guint    n_visits)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) found = fol_store_list_patients_incremental (f->store, "souza an", &error);
  g_autoptr(FolPatient) patient = NULL;
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolPatient) first = NULL;
  FolTreatmentSession *session;
  FolSeverity severity;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  first = g_list_model_get_item (found, 0);
  g_assert_cmpstr (fol_patient_get_id (first), ==, fol_patient_get_id (f->patient));

  patient = fol_store_get_patient (f->store, fol_patient_get_id (f->patient), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fol_patient_get_site (patient, FOL_REGION_VERTEX), ==,
                   "two fingers behind the crown");

  history = fol_store_load_history (f->store, fol_patient_get_id (f->patient), &error);
  g_assert_no_error (error);
  g_assert_nonnull (history);
  g_assert_cmpstr (fol_patient_get_name (fol_history_get_patient (history)), ==, "Ana Souza");
  g_assert_cmpstr (fol_patient_get_site (fol_history_get_patient (history), FOL_REGION_VERTEX),
                   ==, "two fingers behind the crown");
  g_assert_cmpuint (fol_history_get_n_visits (history), ==, n_visits);
  g_assert_cmpfloat (fol_measurement_get_hair_count (fol_history_get_measurement (history, 0,
                                                                                FOL_REGION_VERTEX)),
                     ==, 100);
  g_assert_cmpfloat (fol_measurement_get_hair_count (fol_history_get_measurement (history, 1,
                                                                                FOL_REGION_VERTEX)),
                     ==, 120);
  g_assert_cmpuint (fol_history_get_n_sessions (history), ==, 1);
  session = fol_history_get_session (history, 0);
  g_assert_cmpuint (fol_treatment_session_get_regions (session), ==,
                    FOL_REGION_BIT (FOL_REGION_VERTEX));
  g_assert_cmpuint (fol_treatment_session_get_n_adverse_events (session), ==, 1);
  g_assert_cmpstr (fol_treatment_session_get_adverse_event (session, 0, &severity), ==, "redness");
  g_assert_cmpint (severity, ==, FOL_SEVERITY_MILD);
  g_assert_cmpint (PQtransactionStatus (_fol_pg_store_get_conn (FOL_PG_STORE (f->store))), ==,
                   PQTRANS_IDLE);
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

/* The server ends the connection its statements were prepared on: the
 * store connects again, and the next search, patient and history answer
 * as before, and a save goes through. */
static void
test_reconnect (Fixture       *f,
                gconstpointer  data)
{
  PGconn *admin;
  g_autofree char *sql = NULL;
  g_autofree char *n = NULL;
  int old_pid;

  if (f->store == NULL)
    return;
  assert_reads (f, 2);
  assert_reads (f, 2);

  old_pid = fol_pg_store_get_backend_pid (FOL_PG_STORE (f->store));
  admin = fol_test_pg_admin ();
  sql = g_strdup_printf ("SELECT count (pg_terminate_backend (%d))", old_pid);
  n = fol_test_pg_value (admin, sql);
  g_assert_cmpstr (n, ==, "1");
  PQfinish (admin);
  g_assert_true (wait_connected (f->store, FALSE, 2000));
  g_assert_true (wait_connected (f->store, TRUE, 5000));
  g_assert_cmpint (fol_pg_store_get_backend_pid (FOL_PG_STORE (f->store)), !=, old_pid);

  assert_reads (f, 2);
  save_visit (f->store, f->patient, "2024-07-10", 130);
  assert_reads (f, 3);
}

/* The server forgets the prepared statements on the same connection
 * (DISCARD ALL, as a connection pooler does between clients): a patient
 * opened, a patient read and a visit saved, each outside a transaction,
 * prepare them again and answer; the reads after answer too. */
static void
test_discarded (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolPatient) patient = NULL;
  PGconn *conn;

  if (f->store == NULL)
    return;
  assert_reads (f, 2);
  conn = _fol_pg_store_get_conn (FOL_PG_STORE (f->store));

  fol_test_pg_exec (conn, "DISCARD ALL");
  fol_test_pg_exec (conn, "SET TIME ZONE 'UTC'");
  history = fol_store_load_history (f->store, fol_patient_get_id (f->patient), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_history_get_n_visits (history), ==, 2);
  assert_reads (f, 2);

  fol_test_pg_exec (conn, "DEALLOCATE ALL");
  patient = fol_store_get_patient (f->store, fol_patient_get_id (f->patient), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fol_patient_get_name (patient), ==, "Ana Souza");
  assert_reads (f, 2);

  fol_test_pg_exec (conn, "DEALLOCATE ALL");
  save_visit (f->store, f->patient, "2024-07-10", 130);
  assert_reads (f, 3);
}

/* A history that cannot be read (no such patient, or a statement the
 * server refuses) says so, and leaves no transaction open: the next reads
 * answer. */
static void
test_failed_read (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolHistory) history = NULL;
  PGconn *admin;
  PGconn *conn;

  if (f->store == NULL)
    return;
  assert_reads (f, 2);
  history = fol_store_load_history (f->store, "no-such-patient", &error);
  g_assert_null (history);
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-patient"));
  g_clear_error (&error);
  assert_reads (f, 2);

  /* Refused midway through the reads (a table locked by another
   * workstation, past the store's patience): said, and rolled back. */
  conn = _fol_pg_store_get_conn (FOL_PG_STORE (f->store));
  fol_test_pg_exec (conn, "SET lock_timeout = '100ms'");
  admin = fol_test_pg_connect (f->database);
  fol_test_pg_exec (admin, "BEGIN");
  fol_test_pg_exec (admin, "LOCK TABLE treatment_sessions IN ACCESS EXCLUSIVE MODE");
  history = fol_store_load_history (f->store, fol_patient_get_id (f->patient), &error);
  g_assert_null (history);
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_BUSY);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpint (PQtransactionStatus (conn), ==, PQTRANS_IDLE);
  fol_test_pg_exec (admin, "ROLLBACK");
  PQfinish (admin);
  assert_reads (f, 2);
}

/* Each patient of @list has the sites the patient has when opened. */
static guint
assert_sites_as_opened (FolStore   *store,
                        GListModel *list)
{
  guint n = g_list_model_get_n_items (list);
  guint with_sites = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FolPatient) listed = g_list_model_get_item (list, i);
      g_autoptr(FolPatient) opened = NULL;
      gboolean any = FALSE;

      g_assert_nonnull (listed);
      opened = fol_store_get_patient (store, fol_patient_get_id (listed), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (fol_patient_get_name (listed), ==, fol_patient_get_name (opened));
      g_assert_cmpstr (fol_patient_get_notes (listed), ==, fol_patient_get_notes (opened));
      g_assert_cmpstr (fol_patient_get_updated_at (listed), ==,
                       fol_patient_get_updated_at (opened));
      for (guint r = 0; r < FOL_N_REGIONS; r++)
        {
          g_assert_cmpstr (fol_patient_get_site (listed, r), ==, fol_patient_get_site (opened, r));
          any = any || fol_patient_get_site (listed, r) != NULL;
        }
      with_sites += any;
    }
  return with_sites;
}

/* A search and the list give each patient with the sites read when the
 * patient is opened: none, one, or several, whatever their text; in the
 * first rows read whole, the rows read later, and a rare word's matches;
 * the same once the server forgot the statements, or ended the
 * connection. */
static void
test_search_sites (Fixture       *f,
                   gconstpointer  data)
{
  static const char *odd[] = {
    "a \"quoted\" word, {braced}", "back\\slash\\", "NULL", "  two  spaces,", "Ünïcødé — ✓",
  };
  static const FolRegion regions[] = {
    FOL_REGION_FRONTAL, FOL_REGION_TEMPORAL_LEFT, FOL_REGION_OCCIPITAL, FOL_REGION_MIDSCALP,
    FOL_REGION_PARIETAL_RIGHT,
  };
  const char *searches[] = { NULL, "souza", "sou name1", "carla", "name42" };
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) none = fol_patient_new ();
  g_autoptr(FolPatient) several = fol_patient_new ();
  g_autofree char *sql = NULL;
  PGconn *conn;

  if (f->store == NULL)
    return;
  fol_patient_set_name (none, "Bruno Souza");
  g_assert_true (fol_store_save_patient (f->store, none, &error));
  g_assert_no_error (error);
  fol_patient_set_name (several, "Carla Souza");
  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    fol_patient_set_site (several, regions[i], odd[i]);
  g_assert_true (fol_store_save_patient (f->store, several, &error));
  g_assert_no_error (error);

  /* More patients named Souza than a first read holds, a third without
   * sites, a third with one, a third with two. */
  conn = fol_test_pg_connect (f->database);
  fol_test_pg_exec (conn, "INSERT INTO patients (id, name, sort_name, created_at, updated_at,"
                          " search_key) SELECT 'p' || i, 'Souza ' || i, 'souza ' || i, '', '',"
                          " 'souza name' || i FROM generate_series (1, 900) i;"
                          " INSERT INTO patient_sites (patient_id, region, description)"
                          " SELECT 'p' || i, 'vertex', 'dot \"' || i || '\", {x}'"
                          " FROM generate_series (1, 900) i WHERE i % 3 > 0;"
                          " INSERT INTO patient_sites (patient_id, region, description)"
                          " SELECT 'p' || i, 'frontal', 'line\\' || i"
                          " FROM generate_series (1, 900) i WHERE i % 3 = 2;"
                          " ANALYZE patients; ANALYZE patient_words; ANALYZE patient_sites");
  PQfinish (conn);

  for (guint round = 0; round < 3; round++)
    {
      if (round == 1)
        fol_test_pg_exec (_fol_pg_store_get_conn (FOL_PG_STORE (f->store)), "DISCARD ALL");
      if (round == 2)
        {
          PGconn *admin = fol_test_pg_admin ();
          int old_pid = fol_pg_store_get_backend_pid (FOL_PG_STORE (f->store));
          g_autofree char *n = NULL;

          sql = g_strdup_printf ("SELECT count (pg_terminate_backend (%d))", old_pid);
          n = fol_test_pg_value (admin, sql);
          g_assert_cmpstr (n, ==, "1");
          PQfinish (admin);
          g_assert_true (wait_connected (f->store, FALSE, 2000));
          g_assert_true (wait_connected (f->store, TRUE, 5000));
        }
      fol_test_pg_exec (_fol_pg_store_get_conn (FOL_PG_STORE (f->store)), "SET TIME ZONE 'UTC'");

      for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
        {
          g_autoptr(GListModel) first = NULL;
          g_autoptr(GListModel) whole = NULL;
          guint n;

          first = fol_store_list_patients_incremental (f->store, searches[i], &error);
          g_assert_no_error (error);
          whole = fol_store_list_patients (f->store, searches[i], &error);
          g_assert_no_error (error);
          n = g_list_model_get_n_items (whole);
          g_test_message ("“%s”: %u patients", searches[i] ? searches[i] : "", n);
          g_assert_cmpuint (g_list_model_get_n_items (first), <=, n);
          g_assert_cmpuint (assert_sites_as_opened (f->store, first), >, 0);
          assert_sites_as_opened (f->store, whole);
          if (searches[i] == NULL)
            g_assert_cmpuint (n, ==, 903);
          else if (g_str_equal (searches[i], "souza"))
            g_assert_cmpuint (n, ==, 903);
          else if (g_str_equal (searches[i], "sou name1"))
            g_assert_cmpuint (n, ==, 111);
          else if (g_str_equal (searches[i], "name42"))
            g_assert_cmpuint (n, ==, 11);
          else
            {
              g_autoptr(FolPatient) carla = NULL;

              g_assert_cmpuint (n, ==, 1);
              carla = g_list_model_get_item (first, 0);
              for (guint k = 0; k < G_N_ELEMENTS (odd); k++)
                g_assert_cmpstr (fol_patient_get_site (carla, regions[k]), ==, odd[k]);
              g_assert_null (fol_patient_get_site (carla, FOL_REGION_VERTEX));
            }
        }
      g_assert_cmpint (PQtransactionStatus (_fol_pg_store_get_conn (FOL_PG_STORE (f->store))),
                       ==, PQTRANS_IDLE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pg-prepared/reconnect", Fixture, NULL, setup, test_reconnect, teardown);
  g_test_add ("/pg-prepared/discarded", Fixture, NULL, setup, test_discarded, teardown);
  g_test_add ("/pg-prepared/failed-read", Fixture, NULL, setup, test_failed_read, teardown);
  g_test_add ("/pg-prepared/search-sites", Fixture, NULL, setup, test_search_sites, teardown);

  return g_test_run ();
}
