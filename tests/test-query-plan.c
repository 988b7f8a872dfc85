/* test-query-plan.c
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

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fol-demo.h"
#include "fol-patient-list.h"
#include "fol-search-key.h"
#include "fol-sqlite-store-bulk.h"
#include "fol-sqlite-store-private.h"

/* Every statement the store prepares must find its rows through an index:
 * a clinic of 100,000 patients and millions of measurements has no room
 * for reading a whole table per click. The statements are collected from
 * the store itself after a workload through the public API, so a new
 * statement is checked without being listed here.
 *
 * One full read is accepted: the whole patient list, in name order, may
 * walk the patients index that holds the sort key, the ID and the rowid
 * ("SCAN patients USING COVERING INDEX"). Its result is every patient, so
 * reading every index entry is the least it can do, and it never touches
 * the table's rows. The same holds for a search of one or two characters,
 * which a trigram index cannot answer, and for the list that fills itself
 * in slices, each resuming after the last index entry it read.
 */

/* Slices of a few rows, so that the demo clinic takes every path of a
 * large clinic's search: resumed slices, the count of a rare needle's
 * matches and their fetch through the trigram index.
 */
static const FolSqliteSearchTuning small_slices = {
  .first_rows = 2,
  .first_budget_us = 0,
  .slice_budget_us = 0,
  .slice_rows = 3,
  .rare_limit = 5,
};

static const char * const big_tables[] = {
  "patients", "visits", "measurements", "treatment_sessions", "photos",
};

typedef struct
{
  char           *dir;
  char           *path;
  FolSqliteStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  f->dir = g_dir_make_tmp ("follicle-plan-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "follicle.db", NULL);
  f->store = fol_sqlite_store_open (f->path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  fol_demo_populate (FOL_STORE (f->store), FOL_DEMO_SEED, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 3);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);

      g_remove (child);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static char *
first_patient_id (FolStore *store)
{
  g_autoptr(GListModel) all = fol_store_list_patients (store, NULL, NULL);
  g_autoptr(FolPatient) p = g_list_model_get_item (all, 0);

  return g_strdup (fol_patient_get_id (p));
}

/* Every kind of call the application makes, so that every statement is
 * prepared at least once.
 */
static void
run_workload (FolStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) all = fol_store_list_patients (store, NULL, &error);
  g_autofree char *id = first_patient_id (store);
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolPatient) patient = NULL;
  g_autoptr(FolPhoto) photo = fol_photo_new ();
  g_autoptr(GPtrArray) audit = NULL;
  FolSqliteBulk *bulk;
  const char *searches[] = { "a", "ma", "mar", "alopecia", "zzzz", "keller martin", "zzzz yyy", id };
  FolVisit *visit;
  FolTreatmentSession *session;

  g_assert_no_error (error);
  for (guint tuning = 0; tuning < 2; tuning++)
    {
      _fol_sqlite_store_set_search_tuning (FOL_SQLITE_STORE (store), tuning ? &small_slices : NULL);
      for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
        {
          g_autoptr(GListModel) found = fol_store_list_patients (store, searches[i], &error);

          g_assert_no_error (error);
          g_assert_nonnull (found);
        }
    }
  _fol_sqlite_store_set_search_tuning (FOL_SQLITE_STORE (store), NULL);
  g_assert_cmpuint (fol_store_count_patients (store, &error), >, 0);
  g_assert_no_error (error);

  /* Items load lazily, by key. */
  patient = g_list_model_get_item (all, 0);
  g_assert_nonnull (patient);
  g_clear_object (&patient);

  patient = fol_store_get_patient (store, id, &error);
  g_assert_no_error (error);
  fol_patient_set_notes (patient, "Edited");
  g_assert_true (fol_store_save_patient (store, patient, &error));
  g_assert_no_error (error);

  history = fol_store_load_history (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_history_get_n_visits (history), >, 1);
  visit = fol_history_get_visit (history, 0);
  {
    g_autoptr(GPtrArray) none = g_ptr_array_new ();

    /* Saving a visit without its measurements deletes them. */
    g_assert_true (fol_store_save_visit (store, visit, none, &error));
    g_assert_no_error (error);
  }

  fol_photo_set_visit_id (photo, fol_visit_get_id (visit));
  fol_photo_set_region (photo, FOL_REGION_VERTEX);
  fol_photo_set_sha256 (photo, "0000000000000000000000000000000000000000000000000000000000000000");
  fol_photo_set_width (photo, 640);
  fol_photo_set_height (photo, 480);
  g_assert_true (fol_store_save_photo (store, photo, &error));
  g_assert_no_error (error);

  audit = fol_store_list_audit (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, >, 0);

  g_assert_cmpuint (fol_history_get_n_sessions (history), >, 0);
  session = fol_history_get_session (history, 0);
  g_assert_true (fol_store_save_session (store, session, &error));
  g_assert_no_error (error);
  g_assert_true (fol_store_delete_session (store, fol_treatment_session_get_id (session), &error));
  g_assert_no_error (error);
  g_assert_true (fol_store_delete_visit (store, fol_visit_get_id (visit), &error));
  g_assert_no_error (error);

  bulk = _fol_sqlite_store_bulk_begin (FOL_SQLITE_STORE (store), &error);
  g_assert_no_error (error);
  {
    g_autoptr(FolPatient) extra = fol_patient_new ();
    g_autoptr(FolVisit) extra_visit = fol_visit_new ();
    g_autoptr(FolTreatmentSession) extra_session = fol_treatment_session_new ();
    g_autoptr(GPtrArray) measurements = g_ptr_array_new_with_free_func (g_object_unref);
    FolMeasurement *m = fol_measurement_new ();

    fol_patient_set_name (extra, "Bulk Patient");
    fol_patient_set_birth_date (extra, fol_date_today () - 365 * 40);
    fol_patient_set_site (extra, FOL_REGION_VERTEX, "Whorl");
    g_assert_true (_fol_sqlite_store_bulk_add_patient (bulk, extra, &error));
    g_assert_no_error (error);

    fol_visit_set_patient_id (extra_visit, fol_patient_get_id (extra));
    fol_visit_set_date (extra_visit, fol_date_today ());
    fol_visit_set_kind (extra_visit, "baseline");
    fol_measurement_set_region (m, FOL_REGION_VERTEX);
    fol_measurement_set_total_density (m, 120);
    g_ptr_array_add (measurements, m);
    g_assert_true (_fol_sqlite_store_bulk_add_visit (bulk, extra_visit, measurements, &error));
    g_assert_no_error (error);

    fol_treatment_session_set_patient_id (extra_session, fol_patient_get_id (extra));
    fol_treatment_session_set_date (extra_session, fol_date_today ());
    fol_treatment_session_set_treatment_type (extra_session, "prp");
    fol_treatment_session_set_regions (extra_session, FOL_REGION_BIT (FOL_REGION_VERTEX));
    fol_treatment_session_add_adverse_event (extra_session, "Redness", FOL_SEVERITY_MILD);
    g_assert_true (_fol_sqlite_store_bulk_add_session (bulk, extra_session, &error));
    g_assert_no_error (error);
  }
  g_assert_true (_fol_sqlite_store_bulk_commit (bulk, &error));
  g_assert_no_error (error);

  g_assert_true (fol_store_delete_patient (store, id, &error));
  g_assert_no_error (error);
}

/* "FROM visits v JOIN measurements m": the plan names tables by alias. */
static const char *
table_of (const char *sql,
          const char *name)
{
  g_autoptr(GRegex) regex = g_regex_new ("\\b(?:FROM|JOIN|UPDATE|INTO)\\s+(\\w+)(?:\\s+(?:AS\\s+)?(\\w+))?",
                                         G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (regex, sql, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *table = g_match_info_fetch (match, 1);
      g_autofree char *alias = g_match_info_fetch (match, 2);

      if (alias != NULL && g_str_equal (alias, name))
        {
          for (guint i = 0; i < G_N_ELEMENTS (big_tables); i++)
            if (g_str_equal (table, big_tables[i]))
              return big_tables[i];
        }
      g_match_info_next (match, NULL);
    }

  for (guint i = 0; i < G_N_ELEMENTS (big_tables); i++)
    if (g_str_equal (name, big_tables[i]))
      return big_tables[i];
  return NULL;
}

/* Returns the plan's offending line, or NULL when every table is searched. */
static char *
full_scan_in_plan (sqlite3    *db,
                   const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  sqlite3_stmt *stmt = NULL;
  char *offending = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (offending == NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *detail = (const char *) sqlite3_column_text (stmt, 3);
      g_auto(GStrv) words = NULL;
      const char *table;

      if (!g_str_has_prefix (detail, "SCAN "))
        continue;
      words = g_strsplit (detail, " ", 3);
      table = table_of (sql, words[1]);
      if (table == NULL)
        continue;
      if (g_str_equal (table, "patients") && strstr (detail, "USING COVERING INDEX") != NULL)
        continue;
      offending = g_strdup (detail);
    }
  sqlite3_finalize (stmt);
  return offending;
}

static void
test_no_full_scans (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  sqlite3 *db = NULL;
  guint checked = 0;

  run_workload (FOL_STORE (f->store));
  statements = _fol_sqlite_store_list_statements (f->store);
  /* Reads, writes, history, photos, audit and the bulk path at least. */
  g_assert_cmpuint (statements->len, >=, 25);

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);

  /* The check itself sees a scan, under an alias or not. */
  {
    g_autofree char *aliased = full_scan_in_plan (db, "SELECT v.id FROM visits v WHERE v.notes = 'x'");
    g_autofree char *plain = full_scan_in_plan (db, "SELECT id FROM patients WHERE notes = 'x'");
    g_autofree char *covering = full_scan_in_plan (db, "SELECT rowid FROM patients ORDER BY sort_name, id");

    g_assert_nonnull (aliased);
    g_assert_nonnull (plain);
    g_assert_null (covering);
  }

  /* The search's slices and its rare-word path, with two words too, are among them. */
  {
    const char *parts[] = {
      "WHERE (sort_name, id) > (?3, ?4)", "FROM patient_words WHERE word >= ?1 AND word < ?2 LIMIT ?3",
      "CROSS JOIN patients p", "?6) > 0", "id < ?2 LIMIT ?3",
    };

    for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
      {
        gboolean seen = FALSE;

        for (guint i = 0; i < statements->len && !seen; i++)
          seen = strstr (g_ptr_array_index (statements, i), parts[p]) != NULL;
        if (!seen)
          g_error ("No statement holds “%s”", parts[p]);
      }
  }

  for (guint i = 0; i < statements->len; i++)
    {
      const char *sql = g_ptr_array_index (statements, i);
      g_autofree char *scan = full_scan_in_plan (db, sql);

      if (scan != NULL)
        g_string_append_printf (failures, "\n  %s\n    in: %s", scan, sql);
      checked++;
    }
  sqlite3_close (db);

  g_test_message ("%u statements checked", checked);
  if (failures->len > 0)
    g_error ("Full table scans:%s", failures->str);
}

/* The reference: every patient row read in name order, without an index,
 * kept when the core's matcher finds the search's words in a key made from
 * the name and diagnosis just now, or the search starts the ID.
 */
static GArray *
reference_search (const char *path,
                  const char *search)
{
  GArray *keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *folded = g_utf8_casefold (search, -1);
  g_autofree char *needle = g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
  g_auto(GStrv) words = fol_search_query_words (search);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_strstrip (needle);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                   "SELECT rowid, name, diagnosis, id FROM patients NOT INDEXED ORDER BY sort_name, id",
                   -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 key = sqlite3_column_int64 (stmt, 0);
      g_autofree char *search_key = fol_search_key_new ((const char *) sqlite3_column_text (stmt, 1),
                                                        (const char *) sqlite3_column_text (stmt, 2));

      if (fol_search_key_matches (search_key, (const char * const *) words) ||
          g_str_has_prefix ((const char *) sqlite3_column_text (stmt, 3), needle))
        g_array_append_val (keys, key);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return keys;
}

static void
test_search_matches_scan (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = first_patient_id (FOL_STORE (f->store));
  g_autofree char *id_prefix = g_strndup (id, 6);
  const char *searches[] = {
    "a", "é", "de", "mar", "MARTIN", "Chloé", "chloe", "in (de", "alopecia",
    "androgenetic alopecia", "areata", "\"", "zzzz", "keller martin", "ALOP ANDRO", id_prefix, id,
  };
  guint nonempty = 0;

  /* Whole at once, and in slices of a few rows. */
  for (guint j = 0; j < 2 * G_N_ELEMENTS (searches); j++)
    {
      const char *search = searches[j % G_N_ELEMENTS (searches)];
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) found = NULL;
      g_autoptr(GArray) expected = reference_search (f->path, search);
      guint n;

      _fol_sqlite_store_set_search_tuning (f->store, j < G_N_ELEMENTS (searches) ? NULL : &small_slices);
      found = fol_store_list_patients (FOL_STORE (f->store), search, &error);
      n = g_list_model_get_n_items (found);
      g_assert_no_error (error);
      g_test_message ("“%s”: %u patients", search, n);
      g_assert_cmpuint (n, ==, expected->len);
      for (guint k = 0; k < n; k++)
        g_assert_cmpint (fol_patient_list_get_key (FOL_PATIENT_LIST (found), k), ==,
                         g_array_index (expected, gint64, k));
      if (n > 0)
        nonempty++;
    }
  _fol_sqlite_store_set_search_tuning (f->store, NULL);
  /* The needles find something, or the comparison proves little. */
  g_assert_cmpuint (nonempty, >=, 2 * 10);

  /* A renamed patient is found under the new name only. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FolPatient) p = fol_store_get_patient (FOL_STORE (f->store), id, &error);
    g_autoptr(GListModel) found = NULL;

    g_assert_no_error (error);
    fol_patient_set_name (p, "Quentin Zyx");
    g_assert_true (fol_store_save_patient (FOL_STORE (f->store), p, &error));
    found = fol_store_list_patients (FOL_STORE (f->store), "zyx", &error);
    g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
    g_clear_object (&found);
    g_assert_true (fol_store_delete_patient (FOL_STORE (f->store), id, &error));
    found = fol_store_list_patients (FOL_STORE (f->store), "zyx", &error);
    g_assert_cmpuint (g_list_model_get_n_items (found), ==, 0);
  }
}

/* A statement is found again by its text: one prepared from a string
 * that was freed is never handed out for another text that happens to
 * land at the same address.
 */
static void
test_statement_by_text (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *first = g_strdup_printf ("SELECT updated_at FROM %s WHERE id = ?",
                                                i % 2 ? "visits" : "patients");
      sqlite3_stmt *stmt = _fol_sqlite_prepare (f->store, first, &error);
      g_autofree char *second = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (sqlite3_sql (stmt), ==, first);
      g_clear_pointer (&first, g_free);
      second = g_strdup_printf ("SELECT updated_at FROM %s WHERE id = ?",
                                i % 2 ? "patients" : "visits");
      stmt = _fol_sqlite_prepare (f->store, second, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (sqlite3_sql (stmt), ==, second);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/query-plan/statement-by-text", Fixture, NULL,
              fixture_setup, test_statement_by_text, fixture_teardown);
  g_test_add ("/query-plan/no-full-scans", Fixture, NULL,
              fixture_setup, test_no_full_scans, fixture_teardown);
  g_test_add ("/query-plan/search-matches-scan", Fixture, NULL,
              fixture_setup, test_search_matches_scan, fixture_teardown);

  return g_test_run ();
}
