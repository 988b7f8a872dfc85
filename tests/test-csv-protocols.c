/* test-csv-protocols.c
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

/* Treatment protocols and their assignments in the CSV round trip: a
 * clinic exported and imported into an empty clinic (SQLite and
 * PostgreSQL) has the same protocols, assignments and plans; a bad
 * protocol row is refused with its line, and nothing of it is written.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-csv.h"
#include "fol-demo.h"
#include "fol-plans.h"
#include "fol-test-backend.h"

typedef struct
{
  FolStore *store;     /* the empty clinic imported into, of the backend */
  char     *dir;
  char     *database;
  char     *location;
  FolStore *source;    /* the clinic exported, SQLite */
  char     *source_dir;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->store = fol_test_open_store (GPOINTER_TO_INT (data), &f->dir, &f->database, &f->location);
  f->source_dir = g_dir_make_tmp ("follicle-csv-source-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->source_dir, "source.follicle", NULL);
  f->source = FOL_STORE (fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_NONE, &error));
  g_assert_no_error (error);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->source);
  fol_test_close_store (&f->dir, &f->database, &f->location);
  helper_remove_tree (f->source_dir);
  g_free (f->source_dir);
}

/* Every protocol, as one line each: ID, name, description, steps. */
static char *
protocols_text (FolStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = fol_store_list_protocols (store, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      g_autofree char *steps = fol_protocol_steps_to_text (all->pdata[i]);

      g_string_append_printf (out, "%s|%s|%s|%d|%s\n", fol_protocol_get_id (all->pdata[i]),
                              fol_protocol_get_name (all->pdata[i]),
                              fol_protocol_get_description (all->pdata[i]),
                              fol_protocol_get_example (all->pdata[i]), steps);
    }
  return g_string_free (out, FALSE);
}

static char *
assignments_text (FolStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = fol_store_list_assignments (store, NULL, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      FolProtocolAssignment *a = all->pdata[i];
      g_autofree char *start = fol_date_to_iso (fol_protocol_assignment_get_start_date (a));

      g_string_append_printf (out, "%s|%s|%s|%s\n", fol_protocol_assignment_get_id (a),
                              fol_protocol_assignment_get_patient_id (a),
                              fol_protocol_assignment_get_protocol_id (a), start);
    }
  return g_string_free (out, FALSE);
}

/* Every patient's plan, each step with its planned date, state and
 * adherence. */
static char *
plans_text (FolStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = fol_store_list_patient_ids (store, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GPtrArray) plan = fol_plans_for_patient (store, ids->pdata[i],
                                                         fol_date_new (2026, 6, 1), &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = fol_plans_to_text (plan, TRUE);
      g_string_append (out, text);
    }
  return g_string_free (out, FALSE);
}

static FolCsvPreview *
import (FolStore   *store,
        const char *csv)
{
  g_autoptr(GError) error = NULL;
  FolCsvPreview *preview = fol_csv_import_preview_data (store, csv, strlen (csv), &error);

  g_assert_no_error (error);
  g_assert_nonnull (preview);
  return preview;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolProtocol) own = fol_protocol_new ();
  g_autoptr(FolPatient) patient = fol_patient_new ();
  g_autoptr(FolProtocolAssignment) a = fol_protocol_assignment_new ();
  g_autoptr(FolCsvPreview) preview = NULL;
  g_autoptr(FolCsvPreview) again = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *want_protocols = NULL, *got_protocols = NULL;
  g_autofree char *want_assignments = NULL, *got_assignments = NULL;
  g_autofree char *want_plans = NULL, *got_plans = NULL;
  FolCsvCounts counts;
  guint n = 0;

  if (f->store == NULL)
    return;

  /* The demo clinic (its example protocols) and a protocol of the
   * clinic's own, with text a spreadsheet would take for a formula, a
   * comma and a quote, assigned to a patient. */
  g_assert_true (fol_demo_populate (f->source, FOL_DEMO_SEED, &n, &error));
  g_assert_no_error (error);
  fol_protocol_set_name (own, "=PRP \"Arthrex\", 2 sessions");
  fol_protocol_set_description (own, "Line one\nline two, with a comma");
  fol_protocol_add_session (own, 0, 0, "prp", "ACP, double syringe", "-2 × 2 mL", 4.5,
                            FOL_REGION_BIT (FOL_REGION_VERTEX));
  fol_protocol_add_session (own, 1, 3, "prp", NULL, NULL, NAN, 0);
  fol_protocol_add_visit (own, 12, 0);
  g_assert_true (fol_store_save_protocol (f->source, own, &error));
  g_assert_no_error (error);
  fol_patient_set_name (patient, "Round Trip");
  fol_patient_set_birth_date (patient, fol_date_new (1980, 1, 31));
  g_assert_true (fol_store_save_patient (f->source, patient, &error));
  g_assert_no_error (error);
  fol_protocol_assignment_set_patient_id (a, fol_patient_get_id (patient));
  fol_protocol_assignment_set_protocol_id (a, fol_protocol_get_id (own));
  fol_protocol_assignment_set_start_date (a, fol_date_new (2024, 1, 31));
  g_assert_true (fol_store_save_assignment (f->source, a, &error));
  g_assert_no_error (error);

  csv = fol_csv_export_to_string (f->source, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (csv, "\r\nprotocol,"));
  g_assert_nonnull (strstr (csv, "\r\nassignment,"));

  preview = import (f->store, csv);
  g_assert_cmpuint (fol_csv_preview_get_n_rejected (preview), ==, 0);
  fol_csv_preview_get_counts (preview, &counts);
  g_assert_cmpuint (counts.protocols_new, ==, 4);
  g_assert_cmpuint (counts.assignments_new, ==, 1);
  g_assert_true (fol_csv_import_commit (preview, &error));
  g_assert_no_error (error);

  want_protocols = protocols_text (f->source);
  got_protocols = protocols_text (f->store);
  g_assert_cmpstr (got_protocols, ==, want_protocols);
  want_assignments = assignments_text (f->source);
  got_assignments = assignments_text (f->store);
  g_assert_cmpstr (got_assignments, ==, want_assignments);
  g_assert_cmpuint (strlen (got_assignments), >, 0);
  want_plans = plans_text (f->source);
  got_plans = plans_text (f->store);
  g_assert_cmpstr (got_plans, ==, want_plans);
  g_assert_nonnull (strstr (got_plans, "=PRP"));

  /* The same file again: nothing to write. */
  again = import (f->store, csv);
  fol_csv_preview_get_counts (again, &counts);
  g_assert_cmpuint (counts.protocols_new, ==, 0);
  g_assert_cmpuint (counts.protocols_unchanged, ==, 4);
  g_assert_cmpuint (counts.assignments_unchanged, ==, 1);
  g_assert_false (fol_csv_preview_has_changes (again));
}

static void
test_bad_protocol_row (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolCsvPreview) preview = NULL;
  g_autoptr(GPtrArray) protocols = NULL;
  g_autoptr(GPtrArray) assignments = NULL;
  g_autofree char *text = NULL;
  const char *reason;
  guint line = 0;
  /* Line 2: a good protocol; line 3: steps that are not steps; line 4: no
   * name; line 5: a patient following the refused protocol of line 3. */
  const char *csv =
    "record,patient_name,protocol_id,protocol_name,protocol_steps,protocol_start_date\r\n"
    "protocol,,p-good,Good,\"[('visit', 3, 0, '', '', '', -1.0, '')]\",\r\n"
    "protocol,,p-bad,Bad,\"[('sessions', 0\",\r\n"
    "protocol,,p-nameless,,\"[('visit', 3, 0, '', '', '', -1.0, '')]\",\r\n"
    "assignment,Some Patient,p-bad,,,2025-01-01\r\n"
    "assignment,Other Patient,p-good,,,2025-02-30\r\n";

  if (f->store == NULL)
    return;

  preview = import (f->store, csv);
  g_assert_cmpuint (fol_csv_preview_get_n_rejected (preview), ==, 4);
  reason = fol_csv_preview_get_rejected (preview, 0, &line);
  g_assert_cmpuint (line, ==, 3);
  g_assert_nonnull (strstr (reason, "Protocol steps"));
  reason = fol_csv_preview_get_rejected (preview, 1, &line);
  g_assert_cmpuint (line, ==, 4);
  g_assert_nonnull (strstr (reason, "Protocol name"));
  reason = fol_csv_preview_get_rejected (preview, 2, &line);
  g_assert_cmpuint (line, ==, 5);
  g_assert_nonnull (strstr (reason, "p-bad"));
  reason = fol_csv_preview_get_rejected (preview, 3, &line);
  g_assert_cmpuint (line, ==, 6);
  text = fol_csv_preview_to_text (preview);
  g_assert_nonnull (strstr (text, "Line 3 refused"));
  g_assert_true (fol_csv_import_commit (preview, &error));
  g_assert_no_error (error);

  /* On the server, the table itself holds the good protocol only. */
  if (f->database != NULL)
    {
      PGconn *conn = fol_test_pg_connect (f->database);
      g_autofree char *n = fol_test_pg_value (conn, "SELECT count (*) FROM protocols");

      g_assert_cmpstr (n, ==, "1");
      PQfinish (conn);
    }

  /* The good protocol only; no patient of a refused row. */
  protocols = fol_store_list_protocols (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (protocols->len, ==, 1);
  g_assert_cmpstr (fol_protocol_get_name (protocols->pdata[0]), ==, "Good");
  assignments = fol_store_list_assignments (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assignments->len, ==, 0);
  {
    g_autoptr(GPtrArray) ids = fol_store_list_patient_ids (f->store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, 0);
  }
}

static void
add (const char *name,
     Backend     backend,
     void      (*func) (Fixture *, gconstpointer))
{
  fol_test_add_backend ("/csv-protocols", name, backend, Fixture, setup, func, teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  for (Backend b = BACKEND_SQLITE; b <= BACKEND_POSTGRESQL; b++)
    {
      add ("round-trip", b, test_round_trip);
      add ("bad-protocol-row", b, test_bad_protocol_row);
    }
  return g_test_run ();
}
