/* fol-test-outcomes.h: the records of a clinic whose outcomes a test
 * computes, and the reader of what the command line wrote.
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>

#include <glib.h>

#include "fol-store.h"

/* Saves a patient; returns the new ID. */
static inline char *
fol_test_outcomes_add_patient (FolStore   *store,
                               const char *name,
                               const char *sex,
                               const char *diagnosis,
                               FolDate     birth)
{
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  fol_patient_set_name (p, name);
  fol_patient_set_sex (p, sex);
  fol_patient_set_diagnosis (p, diagnosis);
  fol_patient_set_birth_date (p, birth);
  ok = fol_store_save_patient (store, p, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  return g_strdup (fol_patient_get_id (p));
}

/* Saves a session of @type with @product (NULL: none), and an adverse
 * event of @severity when it is not negative.
 */
static inline void
fol_test_outcomes_add_session (FolStore   *store,
                               const char *patient_id,
                               FolDate     day,
                               const char *type,
                               const char *product,
                               int         severity)
{
  g_autoptr(FolTreatmentSession) s = fol_treatment_session_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  fol_treatment_session_set_patient_id (s, patient_id);
  fol_treatment_session_set_date (s, day);
  fol_treatment_session_set_treatment_type (s, type);
  fol_treatment_session_set_product (s, product);
  if (severity >= 0)
    fol_treatment_session_add_adverse_event (s, "Event", severity);
  ok = fol_store_save_session (store, s, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

/* Saves a follow-up visit with the vertex's total density and, unless
 * @occipital is NAN, the occipital's.
 */
static inline void
fol_test_outcomes_add_visit (FolStore   *store,
                             const char *patient_id,
                             FolDate     day,
                             double      vertex,
                             double      occipital)
{
  g_autoptr(FolVisit) v = fol_visit_new ();
  g_autoptr(FolMeasurement) m = fol_measurement_new ();
  g_autoptr(FolMeasurement) other = fol_measurement_new ();
  g_autoptr(GPtrArray) measurements = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  fol_visit_set_patient_id (v, patient_id);
  fol_visit_set_date (v, day);
  fol_visit_set_kind (v, "follow_up");
  fol_measurement_set_region (m, FOL_REGION_VERTEX);
  fol_measurement_set_total_density (m, vertex);
  g_ptr_array_add (measurements, m);
  if (!isnan (occipital))
    {
      fol_measurement_set_region (other, FOL_REGION_OCCIPITAL);
      fol_measurement_set_total_density (other, occipital);
      g_ptr_array_add (measurements, other);
    }
  ok = fol_store_save_visit (store, v, measurements, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

/* What python3 -c @script printed for the file @input_path, stripped. */
static inline char *
fol_test_outcomes_python (const char *script,
                          const char *input_path)
{
  const char *argv[] = { "python3", "-c", script, input_path, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strstrip (out);
}
