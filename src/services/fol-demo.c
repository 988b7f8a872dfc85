/* fol-demo.c
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

#define G_LOG_DOMAIN "fol-demo"

#include "config.h"

#include <errno.h>
#include <math.h>

#include <glib/gstdio.h>

#include "fol-demo.h"
#include "fol-i18n.h"
#include "fol-photo-files.h"
#include "fol-trichogen.h"

/* A synthetic clinic, made by code from a fixed seed so that every screen
 * has something true-looking to show. Everything goes through the public
 * store API, and so through the same validation as real input. Every name
 * says "(demo)" and every record says it is synthetic.
 */

typedef struct
{
  const char *name;
  const char *sex;
  const char *diagnosis;
  int         age;
  const char *stage;          /* Norwood or Ludwig, by sex */
  int         months;         /* months of follow-up so far */
  const char *treatment;      /* NULL: no treatment yet */
  const char *product;
  int         n_sessions;
  int         session_every;  /* months between sessions */
  double      effect;         /* relative density gain at 12 months */
  guint       regions;        /* regions measured */
  guint       late_regions;   /* regions first measured after treatment began */
  gboolean    salt;           /* alopecia areata: SALT at each visit */
  const char *adverse_event;
  FolSeverity severity;
} DemoPatient;

#define R(x) FOL_REGION_BIT (FOL_REGION_##x)

static const DemoPatient demo_patients[] = {
  { "Martin Keller (demo)", "male", "androgenetic_alopecia", 41, "IV", 15,
    "adipose_stem_cells", "Autologous SVF, 4 mL", 2, 6, 0.24,
    R (FRONTAL) | R (MIDSCALP) | R (VERTEX) | R (OCCIPITAL), 0, FALSE,
    "Bruising at the harvest site", FOL_SEVERITY_MILD },
  { "Sofia Lindqvist (demo)", "female", "female_pattern", 35, "II", 12,
    "exosomes", "ExoHair 5 mL", 3, 1, 0.18,
    R (FRONTAL) | R (MIDSCALP) | R (VERTEX) | R (OCCIPITAL), 0, FALSE,
    "Transient erythema of the scalp", FOL_SEVERITY_MILD },
  { "Daniel Okafor (demo)", "male", "androgenetic_alopecia", 29, "III vertex", 13,
    "prp", "Double-spin PRP", 3, 1, 0.12,
    R (MIDSCALP) | R (VERTEX) | R (OCCIPITAL), 0, FALSE, NULL, 0 },
  { "Amira Haddad (demo)", "female", "female_pattern", 47, "I", 18,
    "minoxidil_oral", "Minoxidil 1 mg daily", 1, 0, 0.04,
    R (FRONTAL) | R (MIDSCALP) | R (PARIETAL_LEFT) | R (PARIETAL_RIGHT) | R (OCCIPITAL), 0, FALSE,
    NULL, 0 },
  { "Lukas Brenner (demo)", "male", "androgenetic_alopecia", 52, "V", 12,
    "bone_marrow_stem_cells", "BM-MSC suspension", 1, 0, 0.15,
    R (FRONTAL) | R (VERTEX) | R (OCCIPITAL), 0, FALSE,
    "Headache on the day of treatment", FOL_SEVERITY_MODERATE },
  { "Chloé Martin (demo)", "female", "alopecia_areata", 26, NULL, 12,
    "conditioned_medium", "Conditioned medium 3 mL", 4, 2, 0.0,
    R (VERTEX) | R (OCCIPITAL), 0, TRUE, NULL, 0 },
  { "Tomás Ruiz (demo)", "male", "androgenetic_alopecia", 38, "III", 16,
    "minoxidil_topical", "Minoxidil 5 % foam", 1, 0, 0.14,
    R (FRONTAL) | R (MIDSCALP) | R (VERTEX) | R (OCCIPITAL),
    R (TEMPORAL_LEFT) | R (TEMPORAL_RIGHT), FALSE, NULL, 0 },
  { "Priya Raman (demo)", "female", "telogen_effluvium", 31, "I", 2,
    NULL, NULL, 0, 0, 0.0,
    R (FRONTAL) | R (VERTEX) | R (OCCIPITAL), 0, FALSE, NULL, 0 },
};

/* Typical baseline densities (hairs/cm²) in thinning and donor areas. */
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

static const int follow_up_months[] = { 0, 1, 3, 6, 9, 12, 15, 18 };

static double
round1 (double v)
{
  return round (v * 10.0) / 10.0;
}

static double
noise (GRand  *rand,
       double  relative)
{
  /* Manual counts vary by a few per cent between visits and raters. */
  return 1.0 + g_rand_double_range (rand, -relative, relative);
}

static FolMeasurement *
make_measurement (GRand             *rand,
                  const DemoPatient *p,
                  FolRegion          region,
                  double             months_treated)
{
  FolMeasurement *m = fol_measurement_new ();
  double gain = region == FOL_REGION_OCCIPITAL ? 0.0 : p->effect;
  /* Response builds over the first year, then holds. */
  double progress = CLAMP (months_treated / 12.0, 0.0, 1.25);
  double density = base_density[region] * (1.0 + gain * progress) * noise (rand, 0.04);
  double area = 0.65;
  double count = round (density * area);
  double total = round1 (count / area);
  double terminal_share = 0.62 + 0.18 * gain * progress + g_rand_double_range (rand, -0.02, 0.02);
  double terminal = round1 (total * CLAMP (terminal_share, 0.3, 0.95));

  fol_measurement_set_region (m, region);
  fol_measurement_set_hair_count (m, count);
  fol_measurement_set_field_area (m, area);
  fol_measurement_set_total_density (m, total);
  fol_measurement_set_terminal_density (m, terminal);
  fol_measurement_set_vellus_density (m, round1 (total - terminal));
  fol_measurement_set_terminal_threshold (m, 40);
  fol_measurement_set_mean_diameter (m, round1 ((58 + 14 * gain * progress) * noise (rand, 0.03)));
  fol_measurement_set_anagen (m, round1 (CLAMP ((78 + 10 * gain * progress) * noise (rand, 0.03), 0, 100)));
  fol_measurement_set_fu_density (m, round1 (total / (2.0 + 0.2 * gain * progress)));
  fol_measurement_set_method (m, "trichoscope");
  return m;
}

static gboolean
populate_patient (FolStore          *store,
                  GRand             *rand,
                  const DemoPatient *p,
                  GError           **error)
{
  g_autoptr(FolPatient) patient = fol_patient_new ();
  FolDate today = fol_date_today ();
  FolDate start = fol_date_add_months (today, -p->months) - g_rand_int_range (rand, 3, 12);
  FolDate birth = fol_date_add_months (start, -12 * p->age) - g_rand_int_range (rand, 0, 300);
  FolDate first_treatment = FOL_DATE_NONE;
  gboolean female = g_str_equal (p->sex, "female");

  fol_patient_set_name (patient, p->name);
  fol_patient_set_sex (patient, p->sex);
  fol_patient_set_diagnosis (patient, p->diagnosis);
  fol_patient_set_birth_date (patient, birth);
  fol_patient_set_notes (patient, _("Synthetic demo patient — not a real person."));
  fol_patient_set_site (patient, FOL_REGION_FRONTAL, _("2 cm behind the hairline, on the midline"));
  fol_patient_set_site (patient, FOL_REGION_VERTEX, _("Centre of the whorl, tattoo dot"));
  fol_patient_set_site (patient, FOL_REGION_OCCIPITAL, _("2 cm above the occipital protuberance"));
  if (!fol_store_save_patient (store, patient, error))
    return FALSE;

  for (int i = 0; p->treatment != NULL && i < p->n_sessions; i++)
    {
      g_autoptr(FolTreatmentSession) session = fol_treatment_session_new ();
      FolDate date = fol_date_add_months (start, i * p->session_every);
      g_autofree char *lot = NULL;

      if (date > today)
        break;
      if (first_treatment == FOL_DATE_NONE)
        first_treatment = date;

      fol_treatment_session_set_patient_id (session, fol_patient_get_id (patient));
      fol_treatment_session_set_date (session, date);
      fol_treatment_session_set_treatment_type (session, p->treatment);
      fol_treatment_session_set_product (session, p->product);
      lot = g_strdup_printf ("DEMO-%04d", g_rand_int_range (rand, 1000, 9999));
      fol_treatment_session_set_lot_number (session, lot);
      fol_treatment_session_set_clinician (session, "Dr. A. Demo");
      fol_treatment_session_set_regions (session, p->regions & ~FOL_REGION_BIT (FOL_REGION_OCCIPITAL));
      if (g_str_equal (p->treatment, "adipose_stem_cells") ||
          g_str_equal (p->treatment, "bone_marrow_stem_cells") ||
          g_str_equal (p->treatment, "exosomes") ||
          g_str_equal (p->treatment, "conditioned_medium") ||
          g_str_equal (p->treatment, "prp"))
        {
          fol_treatment_session_set_volume_ml (session, 4.0);
          fol_treatment_session_set_depth_mm (session, 2.5);
          fol_treatment_session_set_anaesthesia (session, _("Local, lidocaine ring block"));
        }
      else
        {
          fol_treatment_session_set_dose (session, p->product);
        }
      if (i == 0 && p->adverse_event != NULL)
        fol_treatment_session_add_adverse_event (session, p->adverse_event, p->severity);

      if (!fol_store_save_session (store, session, error))
        return FALSE;
    }

  for (guint v = 0; v < G_N_ELEMENTS (follow_up_months); v++)
    {
      g_autoptr(FolVisit) visit = fol_visit_new ();
      g_autoptr(GPtrArray) measurements = g_ptr_array_new_with_free_func (g_object_unref);
      FolDate date = fol_date_add_months (start, follow_up_months[v]);
      double months_treated;

      if (v > 0)
        date += g_rand_int_range (rand, -4, 5);
      if (date > today)
        break;

      months_treated = first_treatment == FOL_DATE_NONE
                     ? 0 : fol_date_months_between (first_treatment, date);

      fol_visit_set_patient_id (visit, fol_patient_get_id (patient));
      fol_visit_set_date (visit, date);
      fol_visit_set_kind (visit, v == 0 ? "baseline" : "follow_up");
      fol_visit_set_clinician (visit, "Dr. A. Demo");

      if (p->salt)
        {
          /* Regrowth in alopecia areata: loss falls from about 60 %. */
          double f = CLAMP (months_treated / 12.0, 0, 1);

          fol_visit_set_salt_top (visit, (int) round (70 - 55 * f));
          fol_visit_set_salt_back (visit, (int) round (55 - 45 * f));
          fol_visit_set_salt_right (visit, (int) round (50 - 35 * f));
          fol_visit_set_salt_left (visit, (int) round (60 - 40 * f));
        }
      else if (p->stage != NULL && female)
        fol_visit_set_ludwig (visit, p->stage);
      else if (p->stage != NULL)
        fol_visit_set_norwood (visit, p->stage);

      if (v > 0 && first_treatment != FOL_DATE_NONE)
        {
          int score = (int) round (3 * p->effect / 0.25 * CLAMP (months_treated / 12.0, 0, 1));

          fol_visit_set_investigator_assessment (visit, CLAMP (score, -3, 3));
          fol_visit_set_patient_assessment (visit, CLAMP (score + g_rand_int_range (rand, -1, 1), -3, 3));
        }

      for (guint r = 0; r < FOL_N_REGIONS; r++)
        {
          gboolean measured = (p->regions & FOL_REGION_BIT (r)) ||
                              (v > 0 && (p->late_regions & FOL_REGION_BIT (r)));

          if (measured)
            g_ptr_array_add (measurements, make_measurement (rand, p, r, months_treated));
        }

      if (!fol_store_save_visit (store, visit, measurements, error))
        return FALSE;
    }

  return TRUE;
}

/* Example treatment protocols, named as examples: plans to copy and
 * adapt, not recommendations. */
static gboolean
add_example_protocols (FolStore  *store,
                       GError   **error)
{
  const guint scalp = (1u << FOL_REGION_FRONTAL) | (1u << FOL_REGION_MIDSCALP) |
                      (1u << FOL_REGION_VERTEX);
  g_autoptr(FolProtocol) svf = fol_protocol_new ();
  g_autoptr(FolProtocol) prp = fol_protocol_new ();
  g_autoptr(FolProtocol) exosomes = fol_protocol_new ();
  FolProtocol *all[] = { svf, prp, exosomes };

  fol_protocol_set_name (svf, _("Example: adipose-derived cells, 3 sessions 4 weeks apart"));
  for (int i = 0; i < 3; i++)
    fol_protocol_add_session (svf, 0, 28 * i, "adipose_stem_cells", NULL, NULL, NAN, scalp);

  fol_protocol_set_name (prp, _("Example: PRP, 3 sessions 4 weeks apart, booster at 6 months"));
  for (int i = 0; i < 3; i++)
    fol_protocol_add_session (prp, 0, 28 * i, "prp", NULL, NULL, 4.0, scalp);
  fol_protocol_add_session (prp, 6, 0, "prp", NULL, NULL, 4.0, scalp);

  fol_protocol_set_name (exosomes, _("Example: exosomes, 2 sessions 6 weeks apart"));
  for (int i = 0; i < 2; i++)
    fol_protocol_add_session (exosomes, 0, 42 * i, "exosomes", NULL, NULL, NAN, scalp);

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      fol_protocol_set_description (all[i], _("An example to adapt, not a recommendation."));
      fol_protocol_set_example (all[i], TRUE);
      fol_protocol_add_visit (all[i], 1, 0);
      fol_protocol_add_visit (all[i], 3, 0);
      fol_protocol_add_visit (all[i], 6, 0);
      fol_protocol_add_visit (all[i], 12, 0);
      if (!fol_store_save_protocol (store, all[i], error))
        return FALSE;
    }
  return TRUE;
}

/**
 * fol_demo_populate:
 * @seed: the random seed; %FOL_DEMO_SEED gives the standard demo clinic
 *
 * Fills an empty clinic with synthetic patients. A clinic that already
 * has patients is left as it is.
 */
gboolean
fol_demo_populate (FolStore  *store,
                   guint32    seed,
                   guint     *out_n_patients,
                   GError   **error)
{
  g_autoptr(GRand) rand = NULL;
  guint n;

  g_return_val_if_fail (FOL_IS_STORE (store), FALSE);

  if (out_n_patients)
    *out_n_patients = 0;

  {
    GError *local = NULL;

    n = fol_store_count_patients (store, &local);
    if (local != NULL)
      {
        g_propagate_error (error, local);
        return FALSE;
      }
    if (n > 0)
      return TRUE;
  }

  rand = g_rand_new_with_seed (seed);
  for (guint i = 0; i < G_N_ELEMENTS (demo_patients); i++)
    {
      if (!populate_patient (store, rand, &demo_patients[i], error))
        return FALSE;
    }
  if (!add_example_protocols (store, error))
    return FALSE;

  if (out_n_patients)
    *out_n_patients = G_N_ELEMENTS (demo_patients);
  return TRUE;
}

/* Demo trichoscopy photos: generated 20× fields (fol-trichogen.c), dyed
 * and calibrated, at the density the visit measured, so that the hair
 * counter can suggest marks on them right away.
 */

typedef struct
{
  const char *patient;   /* a demo patient's name */
  FolRegion   region;
} DemoPhoto;

static const DemoPhoto demo_photos[] = {
  { "Martin Keller (demo)", FOL_REGION_VERTEX },
  { "Sofia Lindqvist (demo)", FOL_REGION_VERTEX },
};

/* An 8 × 6 mm picture at 100 pixels per mm, small enough to be made in a
 * moment, and the side of the counting field placed on it (0.25 cm²).
 */
#define DEMO_PHOTO_WIDTH  800
#define DEMO_PHOTO_HEIGHT 600
#define DEMO_FIELD_MM     5.0

static gboolean
write_photo_file (FolStore    *store,
                  GBytes      *bytes,
                  const char  *sha256,
                  GError     **error)
{
  g_autofree char *dir = fol_photo_dir (store);
  g_autofree char *subdir = NULL;
  g_autofree char *path = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  if (dir == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("This clinic keeps no photo files"));
      return FALSE;
    }
  subdir = g_build_filename (dir, (char[]) { sha256[0], sha256[1], '\0' }, NULL);
  if (g_mkdir_with_parents (subdir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot write in “%s”: %s"), subdir, g_strerror (errsv));
      return FALSE;
    }
  path = g_strdup_printf ("%s/%s.jpg", subdir, sha256);
  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                   error);
}

static gboolean
add_photo (FolStore    *store,
           FolVisit    *visit,
           FolRegion    region,
           double       density,
           guint32      seed,
           GError     **error)
{
  g_autoptr(FolTrichoField) field = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(FolPhoto) photo = fol_photo_new ();
  g_autofree char *sha256 = NULL;
  g_autofree char *name = NULL;
  FolTrichoParams params;
  FolPhotoField count_field;

  fol_tricho_params_init (&params, 20);
  params.width = DEMO_PHOTO_WIDTH;
  params.height = DEMO_PHOTO_HEIGHT;
  params.density = density;
  params.dyed = TRUE;
  params.jpeg_quality = 0;   /* compressed once, below */
  field = fol_tricho_generate (&params, seed);
  jpeg = fol_tricho_field_to_jpeg (field, 90, error);
  if (jpeg == NULL)
    return FALSE;
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, jpeg);
  if (!write_photo_file (store, jpeg, sha256, error))
    return FALSE;

  name = g_strdup_printf ("demo-trichoscopy-%s.jpg", fol_region_code (region));
  fol_photo_set_visit_id (photo, fol_visit_get_id (visit));
  fol_photo_set_region (photo, region);
  fol_photo_set_sha256 (photo, sha256);
  fol_photo_set_original_name (photo, name);
  fol_photo_set_width (photo, field->width);
  fol_photo_set_height (photo, field->height);
  fol_photo_set_px_per_mm (photo, field->px_per_mm);
  if (!fol_store_save_photo (store, photo, error))
    return FALSE;

  count_field.shape = FOL_FIELD_SQUARE;
  count_field.centre_x = field->width / 2.0;
  count_field.centre_y = field->height / 2.0;
  count_field.size_mm = DEMO_FIELD_MM;
  return fol_store_save_photo_count (store, fol_photo_get_id (photo), &count_field, NULL, error);
}

/**
 * fol_demo_add_photos:
 * @out_n_photos: (out) (optional): how many photos were added
 *
 * Adds generated, calibrated trichoscopy photos to a few regions of the
 * demo patients, at their first and latest visits. A clinic whose demo
 * patients already have photos is left as it is.
 */
gboolean
fol_demo_add_photos (FolStore  *store,
                     guint32    seed,
                     guint     *out_n_photos,
                     GError   **error)
{
  guint n = 0;

  g_return_val_if_fail (FOL_IS_STORE (store), FALSE);

  if (out_n_photos != NULL)
    *out_n_photos = 0;

  for (guint i = 0; i < G_N_ELEMENTS (demo_photos); i++)
    {
      g_autoptr(GListModel) found = fol_store_list_patients (store, demo_photos[i].patient, error);
      g_autoptr(FolPatient) patient = NULL;
      g_autoptr(FolHistory) history = NULL;
      g_autoptr(GPtrArray) photos = NULL;
      guint n_visits;

      if (found == NULL)
        return FALSE;
      if (g_list_model_get_n_items (found) == 0)
        continue;
      patient = g_list_model_get_item (found, 0);
      history = fol_store_load_history (store, fol_patient_get_id (patient), error);
      if (history == NULL)
        return FALSE;
      photos = fol_store_list_photos (store, fol_patient_get_id (patient), error);
      if (photos == NULL)
        return FALSE;
      n_visits = fol_history_get_n_visits (history);
      for (guint v = 0; v < n_visits; v += MAX (n_visits - 1, 1))
        {
          FolVisit *visit = fol_history_get_visit (history, v);
          FolMeasurement *m = fol_history_get_measurement (history, v, demo_photos[i].region);
          gboolean has_photo = FALSE;

          for (guint p = 0; p < photos->len; p++)
            has_photo |= fol_photo_get_region (photos->pdata[p]) == demo_photos[i].region &&
                         g_strcmp0 (fol_photo_get_visit_id (photos->pdata[p]),
                                    fol_visit_get_id (visit)) == 0;
          if (m == NULL || has_photo)
            continue;
          if (!add_photo (store, visit, demo_photos[i].region,
                          fol_measurement_get_total_density (m), seed + i * 16 + v, error))
            return FALSE;
          n++;
        }
    }

  if (out_n_photos != NULL)
    *out_n_photos = n;
  return TRUE;
}
