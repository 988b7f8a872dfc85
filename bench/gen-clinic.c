/* gen-clinic.c
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

/* Makes a large synthetic clinic for measuring Follicle at scale:
 *
 *   gen-clinic --patients 10000 --visits 50 [--long 200] [--seed 1] OUT.db
 *
 * Values follow the demo clinic's model (baseline density per region,
 * response over the first year, a few per cent of rater noise). Patient
 * IDs are fixed by the seed and the patient's number, so a benchmark can
 * name a patient: patient 0 has --long visits when given, patient 1 is a
 * typical one. The clinic is written through the store's bulk path and
 * renamed into place only when complete.
 */

#define G_LOG_DOMAIN "gen-clinic"

#include "config.h"

#include <math.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fol-sqlite-store-bulk.h"
#include "fol-validate.h"

#define PATIENTS_PER_TRANSACTION 250

static const char *first_names[] = {
  "Martin", "Sofia", "Daniel", "Amira", "Lukas", "Chloé", "Tomás", "Priya", "Jonas", "Elena",
  "Mateo", "Yuki", "Omar", "Ingrid", "Kwame", "Lucía", "Pavel", "Aisha", "Henrik", "Mei",
  "Rafael", "Nadia", "Felix", "Zeynep", "Arjun", "Camille", "Ivan", "Leila", "Oskar", "Hana",
};

static const char *last_names[] = {
  "Keller", "Lindqvist", "Okafor", "Haddad", "Brenner", "Martin", "Ruiz", "Raman", "Novak",
  "Fischer", "Moreau", "Tanaka", "Kowalski", "Mensah", "Rossi", "Petrov", "Nilsen", "Santos",
  "Yilmaz", "Schmidt", "Dubois", "Khan", "Andersen", "Costa", "Weber", "Ivanova", "Larsen",
  "Chen", "Garcia", "Müller", "Bianchi", "Horvat", "Nakamura", "Silva", "Jensen", "Popescu",
};

static const struct {
  const char *diagnosis;
  const char *sex;
  const char *stage;
  const char *treatment;
  double      effect;
} profiles[] = {
  { "androgenetic_alopecia", "male", "IV", "adipose_stem_cells", 0.24 },
  { "female_pattern", "female", "II", "exosomes", 0.18 },
  { "androgenetic_alopecia", "male", "III vertex", "prp", 0.12 },
  { "female_pattern", "female", "I", "minoxidil_oral", 0.04 },
  { "androgenetic_alopecia", "male", "V", "bone_marrow_stem_cells", 0.15 },
  { "telogen_effluvium", "female", "I", "minoxidil_topical", 0.08 },
  { "androgenetic_alopecia", "male", "III", "finasteride", 0.10 },
};

static const double base_density[FOL_N_REGIONS] = {
  [FOL_REGION_FRONTAL] = 128,
  [FOL_REGION_MIDSCALP] = 136,
  [FOL_REGION_VERTEX] = 118,
  [FOL_REGION_TEMPORAL_LEFT] = 142,
  [FOL_REGION_TEMPORAL_RIGHT] = 140,
  [FOL_REGION_PARIETAL_LEFT] = 165,
  [FOL_REGION_PARIETAL_RIGHT] = 168,
  [FOL_REGION_OCCIPITAL] = 214,
};

static double
round1 (double v)
{
  return round (v * 10.0) / 10.0;
}

static FolMeasurement *
make_measurement (GRand     *rand,
                  FolRegion  region,
                  double     effect,
                  double     months_treated)
{
  FolMeasurement *m = fol_measurement_new ();
  double gain = region == FOL_REGION_OCCIPITAL ? 0.0 : effect;
  double progress = CLAMP (months_treated / 12.0, 0.0, 1.25);
  double density = base_density[region] * (1.0 + gain * progress) *
                   (1.0 + g_rand_double_range (rand, -0.04, 0.04));
  double area = 0.65;
  double count = round (density * area);
  double total = round1 (count / area);
  double share = 0.62 + 0.18 * gain * progress + g_rand_double_range (rand, -0.02, 0.02);
  double terminal = round1 (total * CLAMP (share, 0.3, 0.95));

  fol_measurement_set_region (m, region);
  fol_measurement_set_hair_count (m, count);
  fol_measurement_set_field_area (m, area);
  fol_measurement_set_total_density (m, total);
  fol_measurement_set_terminal_density (m, terminal);
  fol_measurement_set_vellus_density (m, round1 (total - terminal));
  fol_measurement_set_terminal_threshold (m, 40);
  fol_measurement_set_mean_diameter (m, round1 (58 + 14 * gain * progress));
  fol_measurement_set_anagen (m, round1 (CLAMP (78 + 10 * gain * progress, 0, 100)));
  fol_measurement_set_fu_density (m, round1 (total / (2.0 + 0.2 * gain * progress)));
  fol_measurement_set_method (m, "trichoscope");
  return m;
}

static gboolean
add_patient (FolSqliteBulk  *bulk,
             GRand          *rand,
             guint32         seed,
             guint           number,
             guint           n_visits,
             guint           n_regions,
             GError        **error)
{
  g_autoptr(FolPatient) patient = fol_patient_new ();
  g_autofree char *id = g_strdup_printf ("%08x-0000-4000-8000-%012x", seed, number);
  g_autofree char *name = NULL;
  guint profile = g_rand_int_range (rand, 0, G_N_ELEMENTS (profiles));
  FolDate today = fol_date_today ();
  /* Monthly visits ending about now. */
  FolDate start = fol_date_add_months (today, -(int) n_visits) - g_rand_int_range (rand, 3, 20);
  FolDate birth = fol_date_add_months (start, -12 * g_rand_int_range (rand, 22, 70));
  gboolean female = g_str_equal (profiles[profile].sex, "female");

  name = g_strdup_printf ("%s %s %u (synthetic)",
                          first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))],
                          last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))],
                          number);
  fol_patient_set_id (patient, id);
  fol_patient_set_name (patient, name);
  fol_patient_set_sex (patient, profiles[profile].sex);
  fol_patient_set_diagnosis (patient, profiles[profile].diagnosis);
  fol_patient_set_birth_date (patient, birth);
  fol_patient_set_notes (patient, "Synthetic patient for measurements — not a real person.");
  fol_patient_set_site (patient, FOL_REGION_VERTEX, "Centre of the whorl, tattoo dot");
  if (!_fol_sqlite_store_bulk_add_patient (bulk, patient, error))
    return FALSE;

  for (guint s = 0; s < 3; s++)
    {
      g_autoptr(FolTreatmentSession) session = fol_treatment_session_new ();
      FolDate date = fol_date_add_months (start, 1 + 3 * s);

      if (date > today)
        break;
      fol_treatment_session_set_patient_id (session, id);
      fol_treatment_session_set_date (session, date);
      fol_treatment_session_set_treatment_type (session, profiles[profile].treatment);
      fol_treatment_session_set_product (session, "Synthetic product");
      fol_treatment_session_set_clinician (session, "Dr. A. Synthetic");
      fol_treatment_session_set_regions (session, FOL_REGION_BIT (FOL_REGION_VERTEX) |
                                                  FOL_REGION_BIT (FOL_REGION_FRONTAL));
      if (!_fol_sqlite_store_bulk_add_session (bulk, session, error))
        return FALSE;
    }

  for (guint v = 0; v < n_visits; v++)
    {
      g_autoptr(FolVisit) visit = fol_visit_new ();
      g_autoptr(GPtrArray) measurements = g_ptr_array_new_with_free_func (g_object_unref);
      FolDate date = fol_date_add_months (start, v);
      double months_treated = v < 1 ? 0 : fol_date_months_between (fol_date_add_months (start, 1), date);

      if (date > today)
        date = today;
      fol_visit_set_patient_id (visit, id);
      fol_visit_set_date (visit, date);
      fol_visit_set_kind (visit, v == 0 ? "baseline" : "follow_up");
      fol_visit_set_clinician (visit, "Dr. A. Synthetic");
      if (female)
        fol_visit_set_ludwig (visit, profiles[profile].stage);
      else
        fol_visit_set_norwood (visit, profiles[profile].stage);

      for (guint r = 0; r < n_regions && r < FOL_N_REGIONS; r++)
        g_ptr_array_add (measurements,
                         make_measurement (rand, r, profiles[profile].effect, MAX (months_treated, 0)));

      if (!_fol_sqlite_store_bulk_add_visit (bulk, visit, measurements, error))
        return FALSE;
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autofree char *tmp = NULL;
  gint64 started = g_get_monotonic_time ();
  int n_patients = 1000, n_visits = 12, n_regions = 8, n_long = 0, seed = 1;
  const GOptionEntry entries[] = {
    { "patients", 'n', 0, G_OPTION_ARG_INT, &n_patients, "Number of patients", "N" },
    { "visits", 'v', 0, G_OPTION_ARG_INT, &n_visits, "Visits per patient", "N" },
    { "regions", 'r', 0, G_OPTION_ARG_INT, &n_regions, "Regions measured per visit (1-8)", "N" },
    { "long", 0, 0, G_OPTION_ARG_INT, &n_long, "Visits of patient 0 (0: like the others)", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT, &seed, "Random seed", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("OUTPUT.db");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 ||
      n_patients < 1 || n_visits < 1 || n_regions < 1 || n_regions > FOL_N_REGIONS)
    {
      g_printerr ("gen-clinic: %s\n", error ? error->message : "give the counts and one output file");
      return 2;
    }

  tmp = g_strconcat (argv[1], ".partial", NULL);
  g_unlink (tmp);
  store = fol_sqlite_store_open (tmp, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  if (store == NULL)
    {
      g_printerr ("gen-clinic: %s\n", error->message);
      return 1;
    }

  rand = g_rand_new_with_seed (seed);
  for (int first = 0; first < n_patients; first += PATIENTS_PER_TRANSACTION)
    {
      FolSqliteBulk *bulk = _fol_sqlite_store_bulk_begin (store, &error);

      if (bulk == NULL)
        break;
      for (int i = first; i < n_patients && i < first + PATIENTS_PER_TRANSACTION; i++)
        {
          guint visits = i == 0 && n_long > 0 ? (guint) n_long : (guint) n_visits;

          if (!add_patient (bulk, rand, seed, i, visits, n_regions, &error))
            break;
        }
      if (error != NULL)
        {
          _fol_sqlite_store_bulk_abort (bulk);
          break;
        }
      if (!_fol_sqlite_store_bulk_commit (bulk, &error))
        break;
      if (isatty (fileno (stderr)))
        g_printerr ("\r%d / %d patients", MIN (first + PATIENTS_PER_TRANSACTION, n_patients), n_patients);
    }

  g_clear_object (&store);
  if (error != NULL)
    {
      g_printerr ("\ngen-clinic: %s\n", error->message);
      return 1;
    }

  {
    g_autofree char *wal = g_strconcat (tmp, "-wal", NULL);
    g_autofree char *shm = g_strconcat (tmp, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  if (g_rename (tmp, argv[1]) != 0)
    {
      g_printerr ("gen-clinic: cannot rename %s: %s\n", tmp, g_strerror (errno));
      return 1;
    }

  g_printerr ("%sgen-clinic: %d patients in %.1f s → %s\n", isatty (fileno (stderr)) ? "\n" : "",
              n_patients, (g_get_monotonic_time () - started) / 1e6, argv[1]);
  return 0;
}
