/* test-store-contract.c
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

/* The same behaviour checks against every backend of FolStore: a clinic in
 * a file on a workstation (SQLite) and a clinic server (PostgreSQL, on the
 * throwaway cluster of build-aux/dev test; a failure, not a skip, when
 * FOLLICLE_TEST_PG=required).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "fol-error.h"
#include "fol-pg-store.h"
#include "fol-search-key.h"
#include "fol-sqlite-store.h"
#include "fol-store.h"
#include "fol-test-backend.h"
#include "fol-test-pg.h"
#include "fol-validate.h"

/* A call that must succeed, its error shown when it does not. */
#define assert_ok(call) \
  G_STMT_START { \
    gboolean ok_ = (call); \
    g_assert_no_error (error); \
    g_assert_true (ok_); \
  } G_STMT_END

typedef struct
{
  FolStore *store;
  char     *dir;
  char     *database;
  char     *location;
  guint     n_changed;
} Fixture;

static void
on_changed (FolStore   *store,
            guint       change,
            const char *patient_id,
            Fixture    *f)
{
  f->n_changed++;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->store = fol_test_open_store (GPOINTER_TO_INT (data), &f->dir, &f->database, &f->location);
  if (f->store != NULL)
    g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), f);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->store);
  fol_test_close_store (&f->dir, &f->database, &f->location);
}

static FolPatient *
new_patient (const char *name,
             const char *diagnosis)
{
  FolPatient *p = fol_patient_new ();
  FolDate birth;

  g_assert_true (fol_date_parse ("1980-02-29", &birth, NULL));
  fol_patient_set_name (p, name);
  fol_patient_set_birth_date (p, birth);
  fol_patient_set_sex (p, "female");
  fol_patient_set_diagnosis (p, diagnosis);
  return p;
}

static void
assert_same_patient (FolPatient *a,
                     FolPatient *b)
{
  g_assert_cmpstr (fol_patient_get_id (a), ==, fol_patient_get_id (b));
  g_assert_cmpstr (fol_patient_get_name (a), ==, fol_patient_get_name (b));
  g_assert_cmpint (fol_patient_get_birth_date (a), ==, fol_patient_get_birth_date (b));
  g_assert_cmpstr (fol_patient_get_sex (a), ==, fol_patient_get_sex (b));
  g_assert_cmpstr (fol_patient_get_diagnosis (a), ==, fol_patient_get_diagnosis (b));
  g_assert_cmpstr (fol_patient_get_notes (a), ==, fol_patient_get_notes (b));
  g_assert_cmpstr (fol_patient_get_created_at (a), ==, fol_patient_get_created_at (b));
  g_assert_cmpstr (fol_patient_get_updated_at (a), ==, fol_patient_get_updated_at (b));
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    g_assert_cmpstr (fol_patient_get_site (a, r), ==, fol_patient_get_site (b, r));
}

static void
test_patient_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = new_patient ("Ingrid Ødegård", "female_pattern");
  g_autoptr(FolPatient) got = NULL;
  g_autoptr(FolPatient) again = NULL;

  if (f->store == NULL)
    return;

  fol_patient_set_notes (p, "Line one\nline “two”\ttabbed");
  fol_patient_set_site (p, FOL_REGION_VERTEX, "10 cm from glabella on the midline");
  assert_ok (fol_store_save_patient (f->store, p, &error));
  g_assert_no_error (error);
  g_assert_nonnull (fol_patient_get_id (p));
  g_assert_nonnull (fol_patient_get_created_at (p));
  g_assert_cmpuint (f->n_changed, ==, 1);
  g_assert_cmpuint (fol_store_count_patients (f->store, &error), ==, 1);
  g_assert_no_error (error);

  got = fol_store_get_patient (f->store, fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  assert_same_patient (got, p);

  /* An update keeps the identity, replaces the sites. */
  fol_patient_set_name (got, "Ingrid Ødegård-Berg");
  fol_patient_set_notes (got, NULL);
  fol_patient_set_site (got, FOL_REGION_VERTEX, NULL);
  fol_patient_set_site (got, FOL_REGION_TEMPORAL_LEFT, "2 cm above the ear");
  assert_ok (fol_store_save_patient (f->store, got, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fol_patient_get_created_at (got), ==, fol_patient_get_created_at (p));
  again = fol_store_get_patient (f->store, fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  assert_same_patient (again, got);
  g_assert_cmpuint (fol_store_count_patients (f->store, &error), ==, 1);
  g_assert_cmpuint (f->n_changed, ==, 2);

  /* The list holds whole patients, sites included. */
  {
    g_autoptr(GListModel) list = fol_store_list_patients (f->store, "berg", &error);
    g_autoptr(FolPatient) listed = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
    listed = g_list_model_get_item (list, 0);
    assert_same_patient (listed, got);
  }
}

static void
test_patient_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = new_patient ("", "androgenetic_alopecia");
  g_autoptr(FolPatient) got = NULL;

  if (f->store == NULL)
    return;

  g_assert_false (fol_store_save_patient (f->store, p, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_null (fol_patient_get_id (p));
  g_assert_cmpuint (fol_store_count_patients (f->store, &error), ==, 0);
  g_assert_cmpuint (f->n_changed, ==, 0);

  got = fol_store_get_patient (f->store, "no-such-patient", &error);
  g_assert_null (got);
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
}

static void
test_patient_delete (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = new_patient ("Ana Souza", "androgenetic_alopecia");
  g_autoptr(FolPatient) other = new_patient ("Bea Lind", "androgenetic_alopecia");
  g_autoptr(FolPatient) gone = NULL;
  g_autoptr(FolPatient) kept = NULL;
  g_autoptr(GListModel) found = NULL;

  if (f->store == NULL)
    return;

  fol_patient_set_site (p, FOL_REGION_VERTEX, "crown");
  assert_ok (fol_store_save_patient (f->store, p, &error));
  assert_ok (fol_store_save_patient (f->store, other, &error));
  g_assert_no_error (error);

  assert_ok (fol_store_delete_patient (f->store, fol_patient_get_id (p), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_changed, ==, 3);
  gone = fol_store_get_patient (f->store, fol_patient_get_id (p), &error);
  g_assert_null (gone);
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (fol_store_count_patients (f->store, &error), ==, 1);

  /* Gone from search too, its words with it. */
  found = fol_store_list_patients (f->store, "souza", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 0);

  /* Deleting it again finds nothing, and says so. */
  g_assert_false (fol_store_delete_patient (f->store, fol_patient_get_id (p), &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (f->n_changed, ==, 3);

  kept = fol_store_get_patient (f->store, fol_patient_get_id (other), &error);
  g_assert_no_error (error);
  assert_same_patient (kept, other);
}

/* The names found by @search, in the order listed, joined by "|". */
static char *
search (FolStore   *store,
        const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = fol_store_list_patients (store, text, &error);
  g_autoptr(GString) names = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(FolPatient) p = g_list_model_get_item (list, i);

      g_string_append_printf (names, "%s%s", i > 0 ? "|" : "", fol_patient_get_name (p));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  const char *names[] = { "Zoë Müller", "José Álvarez", "jose martinez", "Åsa Øberg",
                          "Müller-Lüdenscheidt Otto" };
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) first = NULL;
  g_autofree char *id_prefix = NULL;

  if (f->store == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(FolPatient) p = new_patient (names[i], i == 3 ? "alopecia_areata"
                                                              : "androgenetic_alopecia");

      assert_ok (fol_store_save_patient (f->store, p, &error));
      g_assert_no_error (error);
      if (i == 0)
        first = g_object_ref (p);
    }

#define assert_search(text, expected) \
  G_STMT_START { \
    g_autofree char *got_ = search (f->store, (text)); \
    g_assert_cmpstr (got_, ==, (expected)); \
  } G_STMT_END

  /* Everyone, by name without regard to case (folded and decomposed). */
  assert_search (NULL, "Åsa Øberg|jose martinez|José Álvarez|Müller-Lüdenscheidt Otto|Zoë Müller");
  assert_search ("", "Åsa Øberg|jose martinez|José Álvarez|Müller-Lüdenscheidt Otto|Zoë Müller");
  /* Accents and case do not matter, word starts in any order do. */
  assert_search ("JOSE", "jose martinez|José Álvarez");
  assert_search ("alv jos", "José Álvarez");
  assert_search ("muller", "Müller-Lüdenscheidt Otto|Zoë Müller");
  assert_search ("zoe mul", "Zoë Müller");
  assert_search ("oberg asa", "Åsa Øberg");
  assert_search ("ller", "");
  assert_search ("jose zoe", "");
  /* The diagnosis is searched too. */
  assert_search ("areata", "Åsa Øberg");

  /* A patient's ID, or its start, finds the patient. */
  id_prefix = g_strndup (fol_patient_get_id (first), 13);
  assert_search (id_prefix, "Zoë Müller");

  /* A rename is searched by its new name only. */
  fol_patient_set_name (first, "Zoë Fischer");
  assert_ok (fol_store_save_patient (f->store, first, &error));
  g_assert_no_error (error);
  assert_search ("zoe", "Zoë Fischer");
  assert_search ("muller", "Müller-Lüdenscheidt Otto");
#undef assert_search
}

static void
test_audit (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = new_patient ("Ana Souza", "androgenetic_alopecia");
  g_autoptr(GPtrArray) lines = NULL;
  const char *actions[] = { "insert", "update", "delete" };

  if (f->store == NULL)
    return;

  assert_ok (fol_store_save_patient (f->store, p, &error));
  fol_patient_set_notes (p, "seen again");
  assert_ok (fol_store_save_patient (f->store, p, &error));
  assert_ok (fol_store_delete_patient (f->store, fol_patient_get_id (p), &error));
  g_assert_no_error (error);

  lines = fol_store_list_audit (f->store, fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, G_N_ELEMENTS (actions));
  for (guint i = 0; i < lines->len; i++)
    {
      g_auto(GStrv) fields = g_strsplit (g_ptr_array_index (lines, i), "\t", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 5);
      g_assert_true (g_str_has_suffix (fields[0], "Z"));
      g_assert_cmpstr (fields[1], ==, actions[i]);
      g_assert_cmpstr (fields[2], ==, "patients");
      /* Before and after, as JSON, where there is one. */
      if (i == 0)
        g_assert_cmpstr (fields[3], ==, "");
      else
        g_assert_nonnull (strstr (fields[3], "Ana Souza"));
      if (i == 2)
        g_assert_cmpstr (fields[4], ==, "");
      else
        g_assert_nonnull (strstr (fields[4], "Ana Souza"));
      g_assert_true (i != 1 || strstr (fields[4], "seen again") != NULL);
    }
}

static FolVisit *
new_visit (FolPatient *p,
           const char *iso)
{
  FolVisit *v = fol_visit_new ();

  fol_visit_set_patient_id (v, fol_patient_get_id (p));
  fol_visit_set_date (v, helper_date (iso));
  fol_visit_set_kind (v, "baseline");
  return v;
}

static void
assert_same_double (double a,
                    double b)
{
  if (isnan (a))
    g_assert_true (isnan (b));
  else
    g_assert_cmpfloat (a, ==, b);
}

static void
assert_same_measurement (FolMeasurement *a,
                         FolMeasurement *b)
{
  g_assert_cmpuint (fol_measurement_get_region (a), ==, fol_measurement_get_region (b));
  assert_same_double (fol_measurement_get_hair_count (a), fol_measurement_get_hair_count (b));
  assert_same_double (fol_measurement_get_field_area (a), fol_measurement_get_field_area (b));
  assert_same_double (fol_measurement_get_total_density (a), fol_measurement_get_total_density (b));
  assert_same_double (fol_measurement_get_terminal_density (a),
                      fol_measurement_get_terminal_density (b));
  assert_same_double (fol_measurement_get_vellus_density (a),
                      fol_measurement_get_vellus_density (b));
  assert_same_double (fol_measurement_get_terminal_threshold (a),
                      fol_measurement_get_terminal_threshold (b));
  assert_same_double (fol_measurement_get_mean_diameter (a), fol_measurement_get_mean_diameter (b));
  assert_same_double (fol_measurement_get_anagen (a), fol_measurement_get_anagen (b));
  assert_same_double (fol_measurement_get_fu_density (a), fol_measurement_get_fu_density (b));
  g_assert_cmpstr (fol_measurement_get_method (a), ==, fol_measurement_get_method (b));
  g_assert_cmpstr (fol_measurement_get_notes (a), ==, fol_measurement_get_notes (b));
}

static void
test_visit_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = new_patient ("Ana Souza", "androgenetic_alopecia");
  g_autoptr(FolVisit) later = NULL;
  g_autoptr(FolVisit) first = NULL;
  g_autoptr(FolMeasurement) vertex = fol_measurement_new ();
  g_autoptr(FolMeasurement) expected = NULL;
  g_autoptr(GPtrArray) measurements = g_ptr_array_new ();
  g_autoptr(FolHistory) history = NULL;
  FolMeasurement *got;
  FolVisit *v;

  if (f->store == NULL)
    return;

  assert_ok (fol_store_save_patient (f->store, p, &error));
  g_assert_no_error (error);

  /* Saved out of order: the history is by date. */
  later = new_visit (p, "2024-03-01");
  fol_visit_set_notes (later, "week 12");
  assert_ok (fol_store_save_visit (f->store, later, NULL, &error));
  g_assert_no_error (error);

  first = new_visit (p, "2024-01-02");
  fol_visit_set_clinician (first, "Dr. Nuñez");
  fol_visit_set_sinclair (first, 3);
  fol_measurement_set_region (vertex, FOL_REGION_VERTEX);
  fol_measurement_set_hair_count (vertex, 83);
  fol_measurement_set_field_area (vertex, 0.785398163397448279);
  fol_measurement_set_mean_diameter (vertex, 61.300000000000004);
  fol_measurement_set_method (vertex, "phototrichogram");
  g_ptr_array_add (measurements, vertex);
  assert_ok (fol_store_save_visit (f->store, first, measurements, &error));
  g_assert_nonnull (fol_visit_get_id (first));
  g_assert_cmpuint (f->n_changed, ==, 3);

  history = fol_store_load_history (f->store, fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_history_get_n_visits (history), ==, 2);
  v = fol_history_get_visit (history, 0);
  g_assert_cmpstr (fol_visit_get_id (v), ==, fol_visit_get_id (first));
  g_assert_cmpint (fol_visit_get_date (v), ==, helper_date ("2024-01-02"));
  g_assert_cmpstr (fol_visit_get_clinician (v), ==, "Dr. Nuñez");
  g_assert_cmpint (fol_visit_get_sinclair (v), ==, 3);
  g_assert_cmpint (fol_visit_get_salt_top (v), ==, FOL_NO_SCORE);
  g_assert_null (fol_visit_get_notes (v));
  g_assert_cmpstr (fol_visit_get_created_at (v), ==, fol_visit_get_created_at (first));

  /* The values exactly as saved, derived ones with them, empty ones empty. */
  expected = fol_measurement_copy (vertex);
  fol_measurement_derive (expected);
  got = fol_history_get_measurement (history, 0, FOL_REGION_VERTEX);
  g_assert_nonnull (got);
  assert_same_measurement (got, expected);
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    if (r != FOL_REGION_VERTEX)
      g_assert_null (fol_history_get_measurement (history, 0, r));

  v = fol_history_get_visit (history, 1);
  g_assert_cmpstr (fol_visit_get_notes (v), ==, "week 12");
  g_assert_null (fol_history_get_measurement (history, 1, FOL_REGION_VERTEX));

  /* A region left out of a later save is cleared. */
  assert_ok (fol_store_save_visit (f->store, first, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&history);
  history = fol_store_load_history (f->store, fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  g_assert_null (fol_history_get_measurement (history, 0, FOL_REGION_VERTEX));

  /* A visit cannot be moved to another patient. */
  {
    g_autoptr(FolPatient) other = new_patient ("Bea Lind", "androgenetic_alopecia");

    assert_ok (fol_store_save_patient (f->store, other, &error));
    fol_visit_set_patient_id (first, fol_patient_get_id (other));
    g_assert_false (fol_store_save_visit (f->store, first, NULL, &error));
    g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED);
    g_clear_error (&error);
  }

  assert_ok (fol_store_delete_visit (f->store, fol_visit_get_id (later), &error));
  g_assert_no_error (error);
  g_assert_false (fol_store_delete_visit (f->store, fol_visit_get_id (later), &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
}

static void
test_session_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = new_patient ("Ana Souza", "androgenetic_alopecia");
  g_autoptr(FolTreatmentSession) s = fol_treatment_session_new ();
  g_autoptr(FolVisit) visit = NULL;
  g_autoptr(FolHistory) history = NULL;
  FolTreatmentSession *got;
  FolSeverity severity;

  if (f->store == NULL)
    return;

  assert_ok (fol_store_save_patient (f->store, p, &error));
  g_assert_no_error (error);
  fol_treatment_session_set_patient_id (s, fol_patient_get_id (p));
  fol_treatment_session_set_date (s, helper_date ("2024-02-15"));
  fol_treatment_session_set_treatment_type (s, "prp");
  fol_treatment_session_set_volume_ml (s, 4.1);
  fol_treatment_session_set_lot_number (s, "L-0042");
  fol_treatment_session_set_regions (s, FOL_REGION_BIT (FOL_REGION_VERTEX) |
                                        FOL_REGION_BIT (FOL_REGION_FRONTAL));
  fol_treatment_session_add_adverse_event (s, "Pain at the injection site", FOL_SEVERITY_MILD);
  fol_treatment_session_add_adverse_event (s, "Headache", FOL_SEVERITY_MODERATE);
  assert_ok (fol_store_save_session (f->store, s, &error));
  g_assert_no_error (error);

  history = fol_store_load_history (f->store, fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_history_get_n_sessions (history), ==, 1);
  got = fol_history_get_session (history, 0);
  g_assert_cmpstr (fol_treatment_session_get_id (got), ==, fol_treatment_session_get_id (s));
  g_assert_cmpint (fol_treatment_session_get_date (got), ==, helper_date ("2024-02-15"));
  g_assert_cmpstr (fol_treatment_session_get_treatment_type (got), ==, "prp");
  assert_same_double (fol_treatment_session_get_volume_ml (got), 4.1);
  assert_same_double (fol_treatment_session_get_depth_mm (got), NAN);
  g_assert_cmpstr (fol_treatment_session_get_lot_number (got), ==, "L-0042");
  g_assert_null (fol_treatment_session_get_product (got));
  g_assert_cmpuint (fol_treatment_session_get_regions (got), ==,
                    FOL_REGION_BIT (FOL_REGION_VERTEX) | FOL_REGION_BIT (FOL_REGION_FRONTAL));
  g_assert_cmpuint (fol_treatment_session_get_n_adverse_events (got), ==, 2);
  g_assert_cmpstr (fol_treatment_session_get_adverse_event (got, 0, &severity), ==,
                   "Pain at the injection site");
  g_assert_cmpint (severity, ==, FOL_SEVERITY_MILD);
  g_assert_cmpstr (fol_treatment_session_get_adverse_event (got, 1, &severity), ==, "Headache");
  g_assert_cmpint (severity, ==, FOL_SEVERITY_MODERATE);

  /* A date of birth after the patient's first session is refused. */
  fol_patient_set_birth_date (p, helper_date ("2024-03-01"));
  g_assert_false (fol_store_save_patient (f->store, p, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_DATE);
  g_clear_error (&error);

  /* Deleting the patient deletes the records with it. */
  visit = new_visit (p, "2024-01-02");
  assert_ok (fol_store_save_visit (f->store, visit, NULL, &error));
  assert_ok (fol_store_delete_patient (f->store, fol_patient_get_id (p), &error));
  g_assert_no_error (error);
  g_clear_object (&history);
  history = fol_store_load_history (f->store, fol_patient_get_id (p), &error);
  g_assert_null (history);
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (fol_store_delete_visit (f->store, fol_visit_get_id (visit), &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (fol_store_delete_session (f->store, fol_treatment_session_get_id (s), &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
}

/* A word prefix is a range of patient_words' index on a clinic server, as
 * on a workstation: searching a large clinic reads no whole table.
 */
static void
test_search_indexed (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = new_patient ("Zoë Müller", "androgenetic_alopecia");
  g_autofree char *found = NULL;
  g_autofree char *plan = NULL;
  g_autoptr(GString) plans = g_string_new (NULL);
  g_autofree char *key = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) words = NULL;
  guint n_words;
  PGconn *conn;
  PGresult *result;

  if (f->store == NULL)
    return;

  conn = fol_test_pg_connect (f->database);
  fol_test_pg_exec (conn, "INSERT INTO patients (id, name, sort_name, created_at, updated_at,"
                          " search_key) SELECT 'p' || i, 'Name ' || i, 'name ' || i, '', '',"
                          " 'name' || i || ' other' || i FROM generate_series (1, 5000) i;"
                          " ANALYZE patients; ANALYZE patient_words");
  assert_ok (fol_store_save_patient (f->store, p, &error));
  g_assert_no_error (error);
  found = search (f->store, "zoe");
  g_assert_cmpstr (found, ==, "Zoë Müller");

  result = PQexec (conn, "EXPLAIN SELECT id FROM patients p WHERE starts_with (p.id, 'zoe')"
                         " OR (EXISTS (SELECT FROM patient_words w WHERE w.word >= 'zoe'"
                         " AND w.word < 'zoe\xf4\x8f\xbf\xbf' AND w.patient_id = p.id))"
                         " ORDER BY p.sort_name, p.id COLLATE \"C\"");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  for (int i = 0; i < PQntuples (result); i++)
    g_string_append_printf (plans, "%s\n", PQgetvalue (result, i, 0));
  PQclear (result);
  g_test_message ("%s", plans->str);
  g_assert_nonnull (strstr (plans->str, "patient_words_pkey"));
  /* Each word of each key once: two for each made here, and Zoë's own. */
  key = fol_search_key_new (fol_patient_get_name (p), fol_patient_get_diagnosis (p));
  words = g_strsplit (key, " ", -1);
  n_words = 0;
  for (guint i = 0; words[i] != NULL; i++)
    n_words += *words[i] != '\0';
  g_assert_cmpuint (n_words, >, 0);
  expected = g_strdup_printf ("%u", 10000 + n_words);
  plan = fol_test_pg_value (conn, "SELECT count (*) FROM patient_words");
  g_assert_cmpstr (plan, ==, expected);
  PQfinish (conn);
}

/* The names of @sql's rows, as search() gives them. */
static char *
names_of (PGconn     *conn,
          const char *sql)
{
  PGresult *result = PQexec (conn, sql);
  GString *names = g_string_new (NULL);

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  for (int i = 0; i < PQntuples (result); i++)
    g_string_append_printf (names, "%s%s", i > 0 ? "|" : "", PQgetvalue (result, i, 0));
  PQclear (result);
  return g_string_free (names, FALSE);
}

/* A keystroke on a clinic server reads a bounded stretch of the name
 * index: a common word's list comes back before it is complete, and fills
 * itself from the main loop with every match, in order; a rare word's, or
 * an ID's, is read at once: it starts with a tall screenful (50 rows, what
 * a window shows in its first frame) and its first slice brings all the
 * rest. Each is what a scan of every patient finds.
 */
static void
count_slice_cb (GListModel *list,
                guint       position,
                guint       removed,
                guint       added,
                guint      *slices)
{
  (*slices)++;
}

static void
test_search_sliced (Fixture       *f,
                    gconstpointer  data)
{
  static const struct
  {
    const char *search;
    const char *where;
    gboolean    complete_at_once;
  } cases[] = {
    { "name", "TRUE", FALSE },
    { NULL, "TRUE", FALSE },
    { "other12", "search_key LIKE '% other12%'", TRUE },
    { "p12", "id LIKE 'p12%'", TRUE },
    { "name other4", "search_key LIKE '% other4%'", TRUE },
    { "na", "TRUE", FALSE },
  };
  g_autoptr(GError) error = NULL;
  PGconn *conn;

  if (f->store == NULL)
    return;

  conn = fol_test_pg_connect (f->database);
  fol_test_pg_exec (conn, "INSERT INTO patients (id, name, sort_name, created_at, updated_at,"
                          " search_key) SELECT 'p' || i, 'Name ' || i, 'name ' || i, '', '',"
                          " ' name ' || i || ' other' || i FROM generate_series (1, 3000) i;"
                          " ANALYZE patients; ANALYZE patient_words");
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT name FROM patients WHERE %s"
                                              " ORDER BY sort_name, id COLLATE \"C\"",
                                              cases[c].where);
      g_autofree char *expected = names_of (conn, sql);
      g_autofree char *whole = search (f->store, cases[c].search);
      g_autoptr(GListModel) list = fol_store_list_patients_incremental (f->store, cases[c].search,
                                                                       &error);
      g_autoptr(GString) names = g_string_new (NULL);
      gboolean complete = FALSE;
      guint slices = 0;

      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (list), <=, 50);
      g_assert_cmpuint (g_list_model_get_n_items (list), >, 0);
      g_signal_connect (list, "items-changed", G_CALLBACK (count_slice_cb), &slices);
      g_object_get (list, "complete", &complete, NULL);
      if (!cases[c].complete_at_once)
        g_assert_false (complete);
      while (!complete)
        {
          g_main_context_iteration (NULL, TRUE);
          g_object_get (list, "complete", &complete, NULL);
        }
      if (cases[c].complete_at_once)
        g_assert_cmpuint (slices, <=, 1);
      for (guint i = 0; i < g_list_model_get_n_items (list); i++)
        {
          g_autoptr(FolPatient) p = g_list_model_get_item (list, i);

          g_string_append_printf (names, "%s%s", i > 0 ? "|" : "", fol_patient_get_name (p));
        }
      g_assert_cmpstr (expected, !=, "");
      g_assert_cmpstr (names->str, ==, expected);
      g_assert_cmpstr (whole, ==, expected);
    }
  PQfinish (conn);
}

/* No lost updates: two workstations open the same patient; the second
 * save, based on what the first has replaced, is refused and says when and
 * by whom it was changed.
 */
static void
test_two_workstations (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = new_patient ("Ana Souza", "androgenetic_alopecia");
  g_autoptr(FolPgStore) other = NULL;
  g_autoptr(FolPatient) here = NULL;
  g_autoptr(FolPatient) there = NULL;
  g_autoptr(FolPatient) stored = NULL;
  g_autofree char *location = NULL;

  if (f->store == NULL)
    return;

  location = g_strdup_printf ("dbname=%s", f->database);
  other = fol_pg_store_open (location, &error);
  g_assert_no_error (error);
  assert_ok (fol_store_save_patient (f->store, p, &error));

  here = fol_store_get_patient (f->store, fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  there = fol_store_get_patient (FOL_STORE (other), fol_patient_get_id (p), &error);
  g_assert_no_error (error);

  /* Saved one after the other, within the same millisecond or not, each
   * on what the one before stored: never refused.
   */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *notes = g_strdup_printf ("reception %u", i);

      fol_patient_set_notes (there, notes);
      assert_ok (fol_store_save_patient (FOL_STORE (other), there, &error));
    }

  fol_patient_set_notes (here, "room 2");
  g_assert_false (fol_store_save_patient (f->store, here, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_CHANGED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Ana Souza"));
  g_assert_nonnull (strstr (error->message, fol_pg_store_get_db_user (other)));
  g_assert_nonnull (strstr (error->message, "another workstation"));
  g_clear_error (&error);

  stored = fol_store_get_patient (f->store, fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fol_patient_get_notes (stored), ==, "reception 19");

  /* Reloaded, the edit goes through. */
  fol_patient_set_notes (stored, "room 2");
  assert_ok (fol_store_save_patient (f->store, stored, &error));
  g_clear_object (&there);
  there = fol_store_get_patient (FOL_STORE (other), fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fol_patient_get_notes (there), ==, "room 2");
}

/* The same for a visit opened on two workstations. */
static void
test_two_workstations_visit (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = new_patient ("Ana Souza", "androgenetic_alopecia");
  g_autoptr(FolPgStore) other = NULL;
  g_autoptr(FolVisit) visit = NULL;
  g_autoptr(FolHistory) here = NULL;
  g_autoptr(FolHistory) there = NULL;
  g_autoptr(FolHistory) stored = NULL;
  g_autofree char *location = NULL;
  FolVisit *v;

  if (f->store == NULL)
    return;

  location = g_strdup_printf ("dbname=%s", f->database);
  other = fol_pg_store_open (location, &error);
  g_assert_no_error (error);
  assert_ok (fol_store_save_patient (f->store, p, &error));
  visit = new_visit (p, "2024-01-02");
  assert_ok (fol_store_save_visit (f->store, visit, NULL, &error));

  here = fol_store_load_history (f->store, fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  there = fol_store_load_history (FOL_STORE (other), fol_patient_get_id (p), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *notes = g_strdup_printf ("room 3, %u", i);

      v = fol_history_get_visit (there, 0);
      fol_visit_set_notes (v, notes);
      assert_ok (fol_store_save_visit (FOL_STORE (other), v, NULL, &error));
    }

  v = fol_history_get_visit (here, 0);
  fol_visit_set_notes (v, "room 2");
  g_assert_false (fol_store_save_visit (f->store, v, NULL, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_CHANGED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fol_pg_store_get_db_user (other)));
  g_clear_error (&error);

  stored = fol_store_load_history (f->store, fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fol_visit_get_notes (fol_history_get_visit (stored, 0)), ==, "room 3, 4");
}

/* A batch is written whole or not at all: a row the rules refuse writes
 * nothing, nor does a row the backend refuses halfway (a visit whose ID
 * another patient's visit has); a good one writes every record.
 */
static void
test_batch (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) a = new_patient ("Ana Souza", "androgenetic_alopecia");
  g_autoptr(FolPatient) b = new_patient ("Bea Lind", "telogen_effluvium");
  g_autoptr(FolVisit) visit = NULL;
  g_autoptr(FolVisit) stolen = NULL;
  g_autoptr(FolVisit) bad = NULL;
  g_autoptr(FolMeasurement) m = fol_measurement_new ();
  g_autoptr(FolTreatmentSession) s = fol_treatment_session_new ();
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(GPtrArray) measurements = g_ptr_array_new_with_free_func (g_object_unref);

  if (f->store == NULL)
    return;

  fol_patient_set_id (a, "a0000000-0000-4000-8000-000000000001");
  fol_patient_set_id (b, "b0000000-0000-4000-8000-000000000002");
  fol_patient_set_site (a, FOL_REGION_VERTEX, "crown");
  visit = new_visit (a, "2024-03-01");
  fol_visit_set_id (visit, "v0000000-0000-4000-8000-000000000001");
  fol_measurement_set_region (m, FOL_REGION_VERTEX);
  fol_measurement_set_total_density (m, 150);
  fol_measurement_set_terminal_density (m, 120);
  fol_measurement_set_vellus_density (m, 30);
  g_ptr_array_add (measurements, g_object_ref (m));
  fol_treatment_session_set_id (s, "s0000000-0000-4000-8000-000000000001");
  fol_treatment_session_set_patient_id (s, fol_patient_get_id (a));
  fol_treatment_session_set_date (s, helper_date ("2024-03-02"));
  fol_treatment_session_set_treatment_type (s, "prp");
  fol_treatment_session_set_regions (s, FOL_REGION_BIT (FOL_REGION_VERTEX));

  /* A measurement the rules refuse (vellus above the total). */
  {
    g_autoptr(FolStoreBatch) batch = fol_store_batch_new ();
    g_autoptr(FolMeasurement) wrong = fol_measurement_copy (m);
    g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

    fol_measurement_set_vellus_density (wrong, 400);
    g_ptr_array_add (list, g_steal_pointer (&wrong));
    fol_store_batch_add_patient (batch, a);
    fol_store_batch_add_patient (batch, b);
    fol_store_batch_add_visit (batch, visit, list);
    g_assert_false (fol_store_apply_batch (f->store, batch, &error));
    g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT);
    g_clear_error (&error);
    g_assert_cmpuint (fol_store_count_patients (f->store, &error), ==, 0);
    g_assert_cmpuint (f->n_changed, ==, 0);
  }

  {
    g_autoptr(FolStoreBatch) batch = fol_store_batch_new ();

    fol_store_batch_add_patient (batch, a);
    fol_store_batch_add_visit (batch, visit, measurements);
    fol_store_batch_add_session (batch, s);
    assert_ok (fol_store_apply_batch (f->store, batch, &error));
    g_assert_cmpuint (f->n_changed, ==, 1);
  }
  history = fol_store_load_history (f->store, fol_patient_get_id (a), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fol_patient_get_site (fol_history_get_patient (history), FOL_REGION_VERTEX),
                   ==, "crown");
  g_assert_cmpuint (fol_history_get_n_visits (history), ==, 1);
  assert_same_measurement (fol_history_get_measurement (history, 0, FOL_REGION_VERTEX), m);
  g_assert_cmpuint (fol_history_get_n_sessions (history), ==, 1);

  /* Patient B passes the rules, and its visit takes A's visit's ID: the
   * backend refuses it after B's row was written, which goes too. */
  stolen = new_visit (b, "2024-04-01");
  fol_visit_set_id (stolen, fol_visit_get_id (visit));
  {
    g_autoptr(FolStoreBatch) batch = fol_store_batch_new ();

    fol_store_batch_add_patient (batch, b);
    fol_store_batch_add_visit (batch, stolen, NULL);
    g_assert_false (fol_store_apply_batch (f->store, batch, &error));
    g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED);
    g_clear_error (&error);
  }
  g_assert_cmpuint (fol_store_count_patients (f->store, &error), ==, 1);
  g_assert_null (fol_store_find_patient (f->store, "Bea Lind", fol_patient_get_birth_date (b),
                                         &error));
  g_assert_no_error (error);

  /* A visit before the patient's birth, written with its patient. */
  bad = new_visit (b, "1970-01-01");
  fol_visit_set_id (bad, "v0000000-0000-4000-8000-000000000002");
  {
    g_autoptr(FolStoreBatch) batch = fol_store_batch_new ();

    fol_store_batch_add_patient (batch, b);
    fol_store_batch_add_visit (batch, bad, NULL);
    g_assert_false (fol_store_apply_batch (f->store, batch, &error));
    g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_DATE);
    g_clear_error (&error);
  }
  g_assert_cmpuint (fol_store_count_patients (f->store, &error), ==, 1);
  g_assert_cmpuint (f->n_changed, ==, 1);
}

/* Plans run inside the write transaction and read the clinic from there. */
static FolStoreBatch *
plan_new_name (FolStore  *store,
               gpointer   user_data,
               GError   **error)
{
  FolPatient *p = user_data;
  g_autofree char *id = fol_store_find_patient (store, fol_patient_get_name (p),
                                                fol_patient_get_birth_date (p), error);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(FolHistory) history = NULL;
  FolStoreBatch *batch;

  if (id != NULL)
    {
      /* Read as an import's plan reads the stored patient. */
      list = fol_store_list_patients (store, fol_patient_get_name (p), error);
      history = fol_store_load_history (store, id, error);
      if (list == NULL || history == NULL)
        return NULL;
      g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
      return fol_store_batch_new ();
    }
  if (error != NULL && *error != NULL)
    return NULL;
  batch = fol_store_batch_new ();
  fol_store_batch_add_patient (batch, p);
  return batch;
}

static FolStoreBatch *
plan_fails (FolStore  *store,
            gpointer   user_data,
            GError   **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The plan changed its mind");
  return NULL;
}

static void
test_batch_planned (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = new_patient ("Ana Souza", "androgenetic_alopecia");

  if (f->store == NULL)
    return;

  fol_patient_set_id (p, "a0000000-0000-4000-8000-000000000001");
  g_assert_false (fol_store_apply_batch_planned (f->store, plan_fails, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (fol_store_count_patients (f->store, &error), ==, 0);

  assert_ok (fol_store_apply_batch_planned (f->store, plan_new_name, p, &error));
  g_assert_cmpuint (fol_store_count_patients (f->store, &error), ==, 1);
  g_assert_cmpuint (f->n_changed, ==, 1);

  /* Found by the plan this time: an empty batch, nothing written. */
  assert_ok (fol_store_apply_batch_planned (f->store, plan_new_name, p, &error));
  g_assert_cmpuint (fol_store_count_patients (f->store, &error), ==, 1);
  g_assert_cmpuint (f->n_changed, ==, 1);

  /* The store is usable after each: no transaction was left open. */
  {
    g_autoptr(FolPatient) other = new_patient ("Bea Lind", "telogen_effluvium");

    assert_ok (fol_store_save_patient (f->store, other, &error));
    g_assert_cmpuint (fol_store_count_patients (f->store, &error), ==, 2);
  }
}

static void
test_lookups (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) a = new_patient ("Zoë Müller", "androgenetic_alopecia");
  g_autoptr(FolPatient) b = new_patient ("Ana Souza", "androgenetic_alopecia");
  g_autoptr(FolPatient) c = new_patient ("Åsa Øberg", "androgenetic_alopecia");
  g_autoptr(FolVisit) v = NULL;
  g_autoptr(FolTreatmentSession) s = fol_treatment_session_new ();
  g_autoptr(GPtrArray) ids = NULL;
  char *found;

  if (f->store == NULL)
    return;

  fol_patient_set_birth_date (c, FOL_DATE_NONE);
  assert_ok (fol_store_save_patient (f->store, a, &error));
  assert_ok (fol_store_save_patient (f->store, b, &error));
  assert_ok (fol_store_save_patient (f->store, c, &error));
  v = new_visit (a, "2024-03-01");
  assert_ok (fol_store_save_visit (f->store, v, NULL, &error));
  fol_treatment_session_set_patient_id (s, fol_patient_get_id (a));
  fol_treatment_session_set_date (s, helper_date ("2024-03-02"));
  fol_treatment_session_set_treatment_type (s, "prp");
  assert_ok (fol_store_save_session (f->store, s, &error));

  /* Names compared regardless of case; the date of birth must match,
   * none matching none. */
  found = fol_store_find_patient (f->store, "ZOË MÜLLER", helper_date ("1980-02-29"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, fol_patient_get_id (a));
  g_free (found);
  g_assert_null (fol_store_find_patient (f->store, "Zoë Müller", helper_date ("1980-03-01"), &error));
  g_assert_null (fol_store_find_patient (f->store, "Zoë Mülle", helper_date ("1980-02-29"), &error));
  found = fol_store_find_patient (f->store, "åsa øberg", FOL_DATE_NONE, &error);
  g_assert_cmpstr (found, ==, fol_patient_get_id (c));
  g_free (found);
  g_assert_no_error (error);

  found = fol_store_find_visit (f->store, fol_patient_get_id (a), helper_date ("2024-03-01"), &error);
  g_assert_cmpstr (found, ==, fol_visit_get_id (v));
  g_free (found);
  g_assert_null (fol_store_find_visit (f->store, fol_patient_get_id (b), helper_date ("2024-03-01"),
                                       &error));
  g_assert_null (fol_store_find_visit (f->store, NULL, helper_date ("2024-03-01"), &error));
  found = fol_store_find_session (f->store, fol_patient_get_id (a), helper_date ("2024-03-02"), "prp",
                                  &error);
  g_assert_cmpstr (found, ==, fol_treatment_session_get_id (s));
  g_free (found);
  g_assert_null (fol_store_find_session (f->store, fol_patient_get_id (a), helper_date ("2024-03-02"),
                                         "minoxidil", &error));
  g_assert_no_error (error);

  found = fol_store_get_visit_owner (f->store, fol_visit_get_id (v), &error);
  g_assert_cmpstr (found, ==, fol_patient_get_id (a));
  g_free (found);
  found = fol_store_get_session_owner (f->store, fol_treatment_session_get_id (s), &error);
  g_assert_cmpstr (found, ==, fol_patient_get_id (a));
  g_free (found);
  g_assert_null (fol_store_get_visit_owner (f->store, fol_treatment_session_get_id (s), &error));
  g_assert_null (fol_store_get_session_owner (f->store, "no-such-session", &error));
  g_assert_no_error (error);

  /* Every ID, by name as the patient list sorts it (Åsa as Asa). */
  ids = fol_store_list_patient_ids (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, fol_patient_get_id (b));
  g_assert_cmpstr (g_ptr_array_index (ids, 1), ==, fol_patient_get_id (c));
  g_assert_cmpstr (g_ptr_array_index (ids, 2), ==, fol_patient_get_id (a));
}

/* A reader is another connection: it sees what was committed, also after
 * it opened, and writes nothing. */
static void
test_reader (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) a = new_patient ("Ana Souza", "androgenetic_alopecia");
  g_autoptr(FolPatient) b = new_patient ("Bea Lind", "androgenetic_alopecia");
  g_autoptr(FolPatient) got = NULL;
  g_autoptr(FolStore) reader = NULL;

  if (f->store == NULL)
    return;

  assert_ok (fol_store_save_patient (f->store, a, &error));
  reader = fol_store_open_reader (f->store, &error);
  g_assert_no_error (error);
  g_assert_true (reader != f->store);
  g_assert_cmpuint (fol_store_count_patients (reader, &error), ==, 1);
  assert_ok (fol_store_save_patient (f->store, b, &error));
  got = fol_store_get_patient (reader, fol_patient_get_id (b), &error);
  g_assert_no_error (error);
  assert_same_patient (got, b);

  fol_patient_set_notes (got, "written by a reader");
  g_assert_false (fol_store_save_patient (reader, got, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_clear_object (&got);
  got = fol_store_get_patient (f->store, fol_patient_get_id (b), &error);
  g_assert_null (fol_patient_get_notes (got));
}

typedef struct
{
  FolStore      *store;      /* another workstation's */
  GPtrArray     *patients;   /* FolPatient */
  gint           stop;
  gint           round;      /* the last one committed */
} Writer;

/* Writes every patient's notes as "round N", all in one transaction, over
 * and over until told to stop. */
static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;

  for (int round = 1; !g_atomic_int_get (&w->stop) || round < 3; round++)
    {
      g_autoptr(FolStoreBatch) batch = fol_store_batch_new ();
      g_autofree char *notes = g_strdup_printf ("round %d", round);
      g_autoptr(GError) error = NULL;

      for (guint i = 0; i < w->patients->len; i++)
        {
          fol_patient_set_notes (g_ptr_array_index (w->patients, i), notes);
          fol_store_batch_add_patient (batch, g_ptr_array_index (w->patients, i));
        }
      g_assert_true (fol_store_apply_batch (w->store, batch, &error));
      g_assert_no_error (error);
      g_atomic_int_set (&w->round, round);
    }
  return NULL;
}

/* A snapshot is one committed state of the clinic while another
 * workstation writes every patient at once, again and again: all its
 * patients have the notes of one round. It holds every record as stored,
 * the clinic's id, and what it says it holds.
 */
static void
test_snapshot (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) patients = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *dir = g_dir_make_tmp ("follicle-snapshot-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "snapshot.db", NULL);
  g_autofree char *clinic_id = NULL;
  g_autoptr(FolStoreSnapshot) snapshot = NULL;
  g_autoptr(FolSqliteStore) copy = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *first_notes = NULL;
  Writer w = { 0 };
  GThread *thread;
  int before, after;

  if (f->store == NULL)
    return;

  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *name = g_strdup_printf ("Patient %02u", i);
      FolPatient *p = new_patient (name, "androgenetic_alopecia");
      g_autoptr(FolVisit) v = NULL;
      g_autoptr(FolTreatmentSession) s = fol_treatment_session_new ();

      assert_ok (fol_store_save_patient (f->store, p, &error));
      v = new_visit (p, "2024-03-01");
      assert_ok (fol_store_save_visit (f->store, v, NULL, &error));
      fol_treatment_session_set_patient_id (s, fol_patient_get_id (p));
      fol_treatment_session_set_date (s, helper_date ("2024-03-02"));
      fol_treatment_session_set_treatment_type (s, "prp");
      fol_treatment_session_add_adverse_event (s, "Headache", FOL_SEVERITY_MILD);
      assert_ok (fol_store_save_session (f->store, s, &error));
      g_ptr_array_add (patients, p);
    }
  clinic_id = fol_store_get_clinic_id (f->store, &error);
  g_assert_no_error (error);

  w.patients = patients;
  w.store = f->database != NULL
            ? FOL_STORE (fol_pg_store_open (fol_store_get_location (f->store), &error))
            : FOL_STORE (fol_sqlite_store_open (fol_store_get_location (f->store),
                                                FOL_SQLITE_STORE_FLAGS_NONE, &error));
  g_assert_no_error (error);
  thread = g_thread_new ("writer", writer_thread, &w);
  while (g_atomic_int_get (&w.round) < 1)
    g_usleep (1000);

  before = g_atomic_int_get (&w.round);
  snapshot = fol_store_snapshot (f->store, path, &error);
  after = g_atomic_int_get (&w.round);
  g_atomic_int_set (&w.stop, 1);
  g_thread_join (thread);
  g_clear_object (&w.store);
  g_assert_no_error (error);
  g_test_message ("rounds committed while the snapshot was taken: %d", after - before);

  g_assert_cmpuint (snapshot->n_patients, ==, 60);
  g_assert_cmpstr (snapshot->clinic_id, ==, clinic_id);
  g_assert_cmpuint (snapshot->schema_version, ==, fol_sqlite_store_schema_version ());
  g_assert_cmpuint (snapshot->photos->len, ==, 0);

  copy = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_READ_ONLY |
                                      FOL_SQLITE_STORE_FLAGS_NOT_CLINIC, &error);
  g_assert_no_error (error);
  ids = fol_store_list_patient_ids (FOL_STORE (copy), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 60);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(FolHistory) got = fol_store_load_history (FOL_STORE (copy), id, &error);
      g_autoptr(FolHistory) now = fol_store_load_history (f->store, id, &error);
      FolPatient *p = fol_history_get_patient (got);

      g_assert_no_error (error);
      if (first_notes == NULL)
        first_notes = g_strdup (fol_patient_get_notes (p));
      g_assert_cmpstr (fol_patient_get_notes (p), ==, first_notes);
      g_assert_cmpstr (fol_patient_get_created_at (p), ==,
                       fol_patient_get_created_at (fol_history_get_patient (now)));
      g_assert_cmpuint (fol_history_get_n_visits (got), ==, 1);
      g_assert_cmpstr (fol_visit_get_updated_at (fol_history_get_visit (got, 0)), ==,
                       fol_visit_get_updated_at (fol_history_get_visit (now, 0)));
      g_assert_cmpuint (fol_history_get_n_sessions (got), ==, 1);
      g_assert_cmpuint (fol_treatment_session_get_n_adverse_events (
                          fol_history_get_session (got, 0)), ==, 1);
    }
  g_assert_nonnull (first_notes);
  g_assert_true (g_str_has_prefix (first_notes, "round "));

  /* A file that holds something is never written over. */
  g_clear_pointer (&snapshot, fol_store_snapshot_free);
  snapshot = fol_store_snapshot (f->store, path, &error);
  g_assert_null (snapshot);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);

  g_clear_object (&copy);
  g_unlink (path);
  g_rmdir (dir);
}

/* A patient with one visit and one treatment session, all stored. */
static void
save_three (Fixture              *f,
            FolPatient           *p,
            FolVisit            **visit,
            FolTreatmentSession  *s)
{
  g_autoptr(GError) error = NULL;

  assert_ok (fol_store_save_patient (f->store, p, &error));
  *visit = new_visit (p, "2024-01-02");
  assert_ok (fol_store_save_visit (f->store, *visit, NULL, &error));
  fol_treatment_session_set_patient_id (s, fol_patient_get_id (p));
  fol_treatment_session_set_date (s, helper_date ("2024-02-15"));
  fol_treatment_session_set_treatment_type (s, "prp");
  assert_ok (fol_store_save_session (f->store, s, &error));
}

/* A delete decided on a copy of a record that was changed since (in
 * another window, or on another workstation) is refused on every backend,
 * and the record stays; on the copy as stored, it goes.
 */
static void
test_delete_changed (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = new_patient ("Ana Souza", "androgenetic_alopecia");
  g_autoptr(FolVisit) visit = NULL;
  g_autoptr(FolTreatmentSession) s = fol_treatment_session_new ();
  g_autofree char *patient_at = NULL;
  g_autofree char *visit_at = NULL;
  g_autofree char *session_at = NULL;
  g_autoptr(FolHistory) history = NULL;

  if (f->store == NULL)
    return;

  save_three (f, p, &visit, s);
  patient_at = g_strdup (fol_patient_get_updated_at (p));
  visit_at = g_strdup (fol_visit_get_updated_at (visit));
  session_at = g_strdup (fol_treatment_session_get_updated_at (s));

  /* Changed after those copies were shown. */
  g_usleep (2000);
  fol_patient_set_notes (p, "changed");
  assert_ok (fol_store_save_patient (f->store, p, &error));
  fol_visit_set_notes (visit, "changed");
  assert_ok (fol_store_save_visit (f->store, visit, NULL, &error));
  fol_treatment_session_set_notes (s, "changed");
  assert_ok (fol_store_save_session (f->store, s, &error));

  g_assert_false (fol_store_delete_session_checked (f->store, fol_treatment_session_get_id (s),
                                                    session_at, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_CHANGED);
  g_clear_error (&error);
  g_assert_false (fol_store_delete_visit_checked (f->store, fol_visit_get_id (visit), visit_at,
                                                  &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_CHANGED);
  g_clear_error (&error);
  g_assert_false (fol_store_delete_patient_checked (f->store, fol_patient_get_id (p), patient_at,
                                                    &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_CHANGED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  history = fol_store_load_history (f->store, fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_history_get_n_visits (history), ==, 1);
  g_assert_cmpuint (fol_history_get_n_sessions (history), ==, 1);

  assert_ok (fol_store_delete_session_checked (f->store, fol_treatment_session_get_id (s),
                                               fol_treatment_session_get_updated_at (s), &error));
  assert_ok (fol_store_delete_visit_checked (f->store, fol_visit_get_id (visit),
                                             fol_visit_get_updated_at (visit), &error));
  assert_ok (fol_store_delete_patient_checked (f->store, fol_patient_get_id (p),
                                               fol_patient_get_updated_at (p), &error));
}

/* Each save of a record is stamped later than the one before, even when
 * saves follow each other within a millisecond: a copy shown before a save
 * is always told apart from the record after it.
 */
static void
test_saves_stamped_apart (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = new_patient ("Ana Souza", "androgenetic_alopecia");
  g_autoptr(FolVisit) visit = NULL;
  g_autoptr(FolTreatmentSession) s = fol_treatment_session_new ();
  g_autofree char *patient_at = NULL;
  g_autofree char *visit_at = NULL;
  g_autofree char *session_at = NULL;

  if (f->store == NULL)
    return;

  save_three (f, p, &visit, s);

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *notes = g_strdup_printf ("save %u", i);

      g_free (patient_at);
      g_free (visit_at);
      g_free (session_at);
      patient_at = g_strdup (fol_patient_get_updated_at (p));
      visit_at = g_strdup (fol_visit_get_updated_at (visit));
      session_at = g_strdup (fol_treatment_session_get_updated_at (s));
      fol_patient_set_notes (p, notes);
      fol_visit_set_notes (visit, notes);
      fol_treatment_session_set_notes (s, notes);
      assert_ok (fol_store_save_patient (f->store, p, &error));
      assert_ok (fol_store_save_visit (f->store, visit, NULL, &error));
      assert_ok (fol_store_save_session (f->store, s, &error));
      g_assert_cmpstr (fol_patient_get_updated_at (p), >, patient_at);
      g_assert_cmpstr (fol_visit_get_updated_at (visit), >, visit_at);
      g_assert_cmpstr (fol_treatment_session_get_updated_at (s), >, session_at);
    }

  /* The copy from one save before is refused a delete. */
  g_assert_false (fol_store_delete_patient_checked (f->store, fol_patient_get_id (p), patient_at,
                                                    &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_CHANGED);
}

typedef struct
{
  GPtrArray *lines;
  guint      stop_after;   /* 0: never */
} EachLines;

static gboolean
collect_line_cb (const FolPatientLine *line,
                 gpointer              data,
                 GError              **error)
{
  EachLines *each = data;

  if (each->stop_after != 0 && each->lines->len == each->stop_after)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "stopped");
      return FALSE;
    }
  g_ptr_array_add (each->lines, g_strdup_printf ("%s|%s|%s|%s", line->id,
                                                 line->name ? line->name : "",
                                                 line->birth_date ? line->birth_date : "-",
                                                 line->diagnosis ? line->diagnosis : "-"));
  return TRUE;
}

/* fol_store_each_patient() hands over the patients of the whole list, in
 * its order, with the same fields; a caller that stops gets its error, and
 * the store reads on afterwards.
 */
static void
test_each_patient (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  EachLines each = { lines, 0 };
  const char *names[] = { "Zoë Ångström", "seán o'brien", "Abel \"Quote\" Ng", "abel Ng",
                          "Émile Zola", "Ωmega" };

  if (f->store == NULL)
    return;

  assert_ok (fol_store_each_patient (f->store, collect_line_cb, &each, &error));
  g_assert_cmpuint (lines->len, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(FolPatient) p = new_patient (names[i], i % 2 ? "alopecia_areata" : NULL);

      if (i == 3)
        fol_patient_set_birth_date (p, FOL_DATE_NONE);
      assert_ok (fol_store_save_patient (f->store, p, &error));
    }

  list = fol_store_list_patients (f->store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(FolPatient) p = g_list_model_get_item (list, i);
      g_autofree char *birth = fol_date_to_iso (fol_patient_get_birth_date (p));

      g_ptr_array_add (expected, g_strdup_printf ("%s|%s|%s|%s", fol_patient_get_id (p),
                                                  fol_patient_get_name (p), birth ? birth : "-",
                                                  fol_patient_get_diagnosis (p) ?
                                                  fol_patient_get_diagnosis (p) : "-"));
    }
  g_assert_cmpuint (expected->len, ==, G_N_ELEMENTS (names));

  assert_ok (fol_store_each_patient (f->store, collect_line_cb, &each, &error));
  g_assert_cmpuint (lines->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (g_ptr_array_index (lines, i), ==, g_ptr_array_index (expected, i));

  /* Stopped after two: the caller's error, and nothing more handed over. */
  g_ptr_array_set_size (lines, 0);
  each.stop_after = 2;
  g_assert_false (fol_store_each_patient (f->store, collect_line_cb, &each, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
  g_clear_error (&error);
  g_assert_cmpuint (lines->len, ==, 2);

  /* And the store goes on: the walk again, whole, and a write. */
  g_ptr_array_set_size (lines, 0);
  each.stop_after = 0;
  assert_ok (fol_store_each_patient (f->store, collect_line_cb, &each, &error));
  g_assert_cmpuint (lines->len, ==, expected->len);
  {
    g_autoptr(FolPatient) p = new_patient ("After Walk", NULL);

    assert_ok (fol_store_save_patient (f->store, p, &error));
  }
}

static void
add (const char *name,
     Backend     backend,
     void      (*func) (Fixture *, gconstpointer))
{
  fol_test_add_backend ("/store-contract", name, backend, Fixture, setup, func, teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  for (Backend b = BACKEND_SQLITE; b <= BACKEND_POSTGRESQL; b++)
    {
      add ("patient-round-trip", b, test_patient_round_trip);
      add ("patient-refused", b, test_patient_refused);
      add ("patient-delete", b, test_patient_delete);
      add ("search", b, test_search);
      add ("audit", b, test_audit);
      add ("visit-round-trip", b, test_visit_round_trip);
      add ("session-round-trip", b, test_session_round_trip);
      add ("batch", b, test_batch);
      add ("batch-planned", b, test_batch_planned);
      add ("lookups", b, test_lookups);
      add ("reader", b, test_reader);
      add ("snapshot", b, test_snapshot);
      add ("delete-changed", b, test_delete_changed);
      add ("saves-stamped-apart", b, test_saves_stamped_apart);
      add ("each-patient", b, test_each_patient);
    }
  add ("search-indexed", BACKEND_POSTGRESQL, test_search_indexed);
  add ("search-sliced", BACKEND_POSTGRESQL, test_search_sliced);
  add ("two-workstations", BACKEND_POSTGRESQL, test_two_workstations);
  add ("two-workstations-visit", BACKEND_POSTGRESQL, test_two_workstations_visit);

  return g_test_run ();
}
