/* test-helpers.h
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fol-sqlite-store.h"
#include "fol-protocol.h"
#include "fol-region.h"
#include "fol-store.h"

/* Small builders and checks shared by the store's safety tests. */

/* A date written as ISO 8601, which the test knows is valid. */
static inline FolDate
helper_date (const char *iso)
{
  FolDate d = FOL_DATE_NONE;

  g_assert_true (fol_date_parse (iso, &d, NULL));
  return d;
}

static inline char *
helper_add_patient (FolStore   *store,
                    const char *name)
{
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autoptr(GError) error = NULL;

  fol_patient_set_name (p, name);
  fol_patient_set_birth_date (p, fol_date_new (1980, 5, 17));
  fol_patient_set_sex (p, "male");
  fol_patient_set_diagnosis (p, "androgenetic_alopecia");
  g_assert_true (fol_store_save_patient (store, p, &error));
  g_assert_no_error (error);
  return g_strdup (fol_patient_get_id (p));
}

static inline FolMeasurement *
helper_measurement (guint  region,
                    double count)
{
  FolMeasurement *m = fol_measurement_new ();

  fol_measurement_set_region (m, region);
  fol_measurement_set_hair_count (m, count);
  fol_measurement_set_field_area (m, 1.0);
  return m;
}

static inline FolVisit *
helper_visit (const char *patient_id,
              FolDate     date,
              const char *notes)
{
  FolVisit *v = fol_visit_new ();

  fol_visit_set_patient_id (v, patient_id);
  fol_visit_set_date (v, date);
  fol_visit_set_kind (v, "follow_up");
  fol_visit_set_notes (v, notes);
  return v;
}

static inline gboolean
helper_save_visit (FolStore    *store,
                   const char  *patient_id,
                   FolDate      date,
                   const char  *notes,
                   double       count,
                   GError     **error)
{
  g_autoptr(FolVisit) v = helper_visit (patient_id, date, notes);
  g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (ms, helper_measurement (FOL_REGION_VERTEX, count));
  g_ptr_array_add (ms, helper_measurement (FOL_REGION_FRONTAL, count + 1));
  return fol_store_save_visit (store, v, ms, error);
}

/* SHA-256 of a file, or "" when it does not exist. */
static inline char *
helper_file_sha256 (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return g_strdup ("");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

/* Checksums of a database and its -wal and -shm files. */
static inline char *
helper_db_files_sha256 (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *a = helper_file_sha256 (path);
  g_autofree char *b = helper_file_sha256 (wal);

  return g_strconcat (a, "/", b, NULL);
}

/* Every row of every table, as text: equal dumps mean equal data. */
static inline char *
helper_dump (const char *path)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                           " ORDER BY name", -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY rowid",
                                              sqlite3_column_text (tables, 0));
      sqlite3_stmt *rows = NULL;

      /* WITHOUT ROWID tables (the search index's own) have no rowid to
       * order by; their primary key orders them.
       */
      if (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL) != SQLITE_OK)
        {
          g_autofree char *plain = g_strdup_printf ("SELECT * FROM \"%s\"",
                                                    sqlite3_column_text (tables, 0));

          g_assert_cmpint (sqlite3_prepare_v2 (db, plain, -1, &rows, NULL), ==, SQLITE_OK);
        }
      g_checksum_update (sum, sqlite3_column_text (tables, 0), -1);
      while (sqlite3_step (rows) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (rows); c++)
          {
            const guchar *text = sqlite3_column_text (rows, c);

            g_checksum_update (sum, text ? text : (const guchar *) "<null>", -1);
            g_checksum_update (sum, (const guchar *) "\t", 1);
          }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);
  return g_strdup (g_checksum_get_string (sum));
}

static inline int
helper_count (const char *path,
              const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static inline void
helper_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        helper_remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* The upgraded clinic takes a protocol, and an assignment for its patient. */
static inline void
helper_assert_takes_protocols (FolStore   *store,
                               const char *patient_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolProtocol) protocol = fol_protocol_new ();
  g_autoptr(FolProtocolAssignment) a = fol_protocol_assignment_new ();
  g_autoptr(GPtrArray) assignments = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  FolDate start = FOL_DATE_NONE;

  fol_protocol_set_name (protocol, "PRP ×3");
  fol_protocol_add_session (protocol, 0, 0, "prp", NULL, NULL, 4, 0);
  fol_protocol_add_visit (protocol, 3, 0);
  g_assert_true (fol_store_save_protocol (store, protocol, &error));
  g_assert_no_error (error);
  g_assert_true (fol_date_parse ("2024-01-31", &start, NULL));
  fol_protocol_assignment_set_patient_id (a, patient_id);
  fol_protocol_assignment_set_protocol_id (a, fol_protocol_get_id (protocol));
  fol_protocol_assignment_set_start_date (a, start);
  g_assert_true (fol_store_save_assignment (store, a, &error));
  g_assert_no_error (error);
  assignments = fol_store_list_assignments (store, patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assignments->len, ==, 1);
  g_assert_cmpint (fol_protocol_assignment_get_start_date (assignments->pdata[0]), ==, start);
  audit = fol_store_list_audit (store, fol_protocol_assignment_get_id (a), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
}

