/* fol-test-patient.h
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>

#include "fol-store.h"

/* A patient measured in all eight regions at each visit (total, terminal
 * and vellus density, shaft diameter), treated with the two treatments of
 * longest name: the widest report table a clinic can have. Each region
 * ends with a known verdict: the vertex improved, the frontal region
 * worse, the occipital region stable (the others improved or stable).
 */

/* Total density per region at baseline; each later visit moves it by
 * fol_test_patient_step[region] % of the baseline.
 */
static const double fol_test_patient_base[] = { 120, 140, 110, 150, 151, 160, 161, 210 };
static const double fol_test_patient_step[] = { -6, 1, 9, 4, 5, 1, 3, 0.5 };

static inline FolPatient *
fol_test_patient_make (FolStore   *store,
                       const char *name,
                       guint       n_visits)
{
  g_autoptr(GError) error = NULL;
  FolPatient *p = fol_patient_new ();

  fol_patient_set_name (p, name);
  fol_patient_set_birth_date (p, fol_date_new (1975, 11, 30));
  fol_patient_set_sex (p, "male");
  fol_patient_set_diagnosis (p, "androgenetic_alopecia");
  g_assert_true (fol_store_save_patient (store, p, &error));
  g_assert_no_error (error);

  for (guint v = 0; v < n_visits; v++)
    {
      g_autoptr(FolVisit) visit = fol_visit_new ();
      g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);

      fol_visit_set_patient_id (visit, fol_patient_get_id (p));
      /* Baseline on 4 December 2024, then a visit every three months. */
      fol_visit_set_date (visit, fol_date_new (2024 + (11 + 3 * v) / 12, (11 + 3 * v) % 12 + 1, 4));
      fol_visit_set_kind (visit, v == 0 ? "baseline" : "follow_up");
      for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
        {
          FolMeasurement *m = fol_measurement_new ();
          double total = fol_test_patient_base[r] * (1 + fol_test_patient_step[r] * v / 100.0);
          double vellus = round (total * 0.25 * 10) / 10;

          total = round (total * 10) / 10;
          fol_measurement_set_region (m, r);
          fol_measurement_set_total_density (m, total);
          fol_measurement_set_vellus_density (m, vellus);
          fol_measurement_set_terminal_density (m, round ((total - vellus) * 10) / 10);
          fol_measurement_set_mean_diameter (m, 58.5 + 1.5 * v + r);
          g_ptr_array_add (ms, m);
        }
      g_assert_true (fol_store_save_visit (store, visit, ms, &error));
      g_assert_no_error (error);
    }

  for (guint s = 0; s < 2 && n_visits > 1; s++)
    {
      g_autoptr(FolTreatmentSession) session = fol_treatment_session_new ();

      fol_treatment_session_set_patient_id (session, fol_patient_get_id (p));
      fol_treatment_session_set_date (session, fol_date_new (2024, 12, 5 + 7 * s));
      fol_treatment_session_set_treatment_type (session, s == 0 ? "adipose_stem_cells"
                                                                : "bone_marrow_stem_cells");
      fol_treatment_session_set_product (session, "SVF kit");
      fol_treatment_session_set_regions (session, FOL_ALL_REGIONS);
      g_assert_true (fol_store_save_session (store, session, &error));
      g_assert_no_error (error);
    }

  return p;
}
