/* test-hair-detect.c
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

/* Suggested hair marks on small synthetic fields whose hairs are known. */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "fol-demo.h"
#include "fol-error.h"
#include "fol-hair-detect.h"
#include "fol-photo-files.h"
#include "fol-sqlite-store.h"
#include "fol-trichogen.h"

typedef struct
{
  guint  truth, found, matched;
  guint  terminal, tv_agree, pairs;
  double terminal_error;   /* sum of |Δd| / d over matched terminal hairs */
  double worst_count;      /* worst |count error| of one field, % */
} Tally;

static GArray *
detect (const FolTrichoField *field,
        const FolHairDetectParams *dp)
{
  g_autoptr(GError) error = NULL;
  GArray *found = fol_hair_detect (field->rgb, field->width, field->height, field->width * 3, 3,
                                   dp, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

static void
tally_field (Tally                *t,
             const FolTrichoField *field,
             GArray               *found)
{
  g_autofree int *truth_of = g_new (int, MAX (1, found->len));
  guint matched = fol_tricho_match (field, found, 0.1, truth_of);
  double err = 100.0 * fabs ((double) found->len - field->n_hairs) / MAX (1, field->n_hairs);

  t->truth += field->n_hairs;
  t->found += found->len;
  t->matched += matched;
  t->worst_count = MAX (t->worst_count, err);
  for (guint s = 0; s < found->len; s++)
    {
      const FolHairSuggestion *sg = &g_array_index (found, FolHairSuggestion, s);
      const FolTrichoHair *hr;

      if (truth_of[s] < 0)
        continue;
      hr = &field->hairs[truth_of[s]];
      t->pairs++;
      t->tv_agree += (sg->diameter_um > 40) == (hr->diameter_um > 40);
      if (hr->diameter_um > 40)
        {
          t->terminal++;
          t->terminal_error += fabs (sg->diameter_um - hr->diameter_um) / hr->diameter_um;
        }
    }
}

static void
test_generator_seeded (void)
{
  FolTrichoParams params;
  g_autoptr(FolTrichoField) a = NULL, b = NULL, c = NULL;
  g_autofree guint *per_follicle = NULL;

  fol_tricho_params_init (&params, 20);
  params.width = 320;
  params.height = 240;
  a = fol_tricho_generate (&params, 7);
  b = fol_tricho_generate (&params, 7);
  c = fol_tricho_generate (&params, 8);

  g_assert_cmpuint (a->n_hairs, ==, b->n_hairs);
  g_assert_cmpmem (a->rgb, 320 * 240 * 3, b->rgb, 320 * 240 * 3);
  g_assert_cmpmem (a->hairs, sizeof (FolTrichoHair) * a->n_hairs,
                   b->hairs, sizeof (FolTrichoHair) * b->n_hairs);
  g_assert_true (memcmp (a->rgb, c->rgb, 320 * 240 * 3) != 0);
  g_assert_cmpfloat (a->px_per_mm, ==, 100);

  g_assert_cmpuint (a->n_hairs, >, 0);
  per_follicle = g_new0 (guint, a->n_follicles);
  for (guint i = 0; i < a->n_hairs; i++)
    {
      const FolTrichoHair *h = &a->hairs[i];

      g_assert_cmpfloat (h->length_mm, >=, 0.4);
      g_assert_cmpfloat (h->length_mm, <=, 1.2);
      g_assert_cmpfloat (h->diameter_um, >=, 15);
      g_assert_cmpfloat (h->diameter_um, <=, 110);
      g_assert_cmpfloat (h->x, >=, 0);
      g_assert_cmpfloat (h->x, <, 320);
      g_assert_cmpfloat (h->y, >=, 0);
      g_assert_cmpfloat (h->y, <, 240);
      /* The listed point lies on the hair. */
      g_assert_cmpfloat (fol_tricho_hair_distance (h, h->x, h->y), <, 0.01);
      g_assert_cmpint (h->follicle, >=, 0);
      g_assert_cmpint (h->follicle, <, (int) a->n_follicles);
      per_follicle[h->follicle]++;
    }
  for (guint i = 0; i < a->n_follicles; i++)
    g_assert_cmpuint (per_follicle[i], <=, 3);

  fol_tricho_params_init (&params, 50);
  params.width = 200;
  params.height = 150;
  g_clear_pointer (&c, fol_tricho_field_free);
  c = fol_tricho_generate (&params, 7);
  g_assert_cmpfloat (c->px_per_mm, ==, 250);
}

/* 20×, dyed: the count, a one-to-one matching and the diameters. */
static void
test_count_20x_dyed (void)
{
  Tally t = { 0 };

  for (guint32 seed = 1; seed <= 4; seed++)
    {
      FolTrichoParams params;
      FolHairDetectParams dp;
      g_autoptr(FolTrichoField) field = NULL;
      g_autoptr(GArray) found = NULL;

      fol_tricho_params_init (&params, 20);
      params.width = 512;
      params.height = 384;
      params.density = 200;
      params.dyed = TRUE;
      field = fol_tricho_generate (&params, seed);
      fol_hair_detect_params_init (&dp, field->px_per_mm);
      found = detect (field, &dp);
      tally_field (&t, field, found);
    }
  g_test_message ("truth %u found %u matched %u worst %.1f %%", t.truth, t.found, t.matched,
                  t.worst_count);
  g_assert_cmpuint (t.truth, >, 100);
  g_assert_cmpfloat (fabs ((double) t.found - t.truth) / t.truth, <=, 0.12);
  g_assert_cmpfloat (t.worst_count, <=, 25);
  g_assert_cmpfloat ((double) t.matched / t.truth, >=, 0.80);
  g_assert_cmpfloat ((double) t.matched / t.found, >=, 0.82);
  g_test_message ("terminal diameter error %.1f %%, T/V agreement %.1f %%",
                  100 * t.terminal_error / t.terminal, 100.0 * t.tv_agree / t.pairs);
  g_assert_cmpfloat (t.terminal_error / t.terminal, <=, 0.15);
  g_assert_cmpfloat ((double) t.tv_agree / t.pairs, >=, 0.88);
}

/* 50×: the photo is reduced to the working resolution; suggestions still
 * come back in the photo's own pixels.
 */
static void
test_count_50x (void)
{
  Tally t = { 0 };

  for (guint32 seed = 11; seed <= 14; seed++)
    {
      FolTrichoParams params;
      FolHairDetectParams dp;
      g_autoptr(FolTrichoField) field = NULL;
      g_autoptr(GArray) found = NULL;

      fol_tricho_params_init (&params, 50);
      params.width = 800;
      params.height = 600;
      params.density = 250;
      params.dyed = seed % 2;
      field = fol_tricho_generate (&params, seed);
      fol_hair_detect_params_init (&dp, field->px_per_mm);
      found = detect (field, &dp);
      tally_field (&t, field, found);
    }
  g_test_message ("truth %u found %u matched %u", t.truth, t.found, t.matched);
  g_assert_cmpuint (t.truth, >, 30);
  g_assert_cmpfloat (fabs ((double) t.found - t.truth) / t.truth, <=, 0.20);
  g_assert_cmpfloat ((double) t.matched / t.truth, >=, 0.75);
  g_assert_cmpfloat ((double) t.matched / t.found, >=, 0.75);
}

/* 20×, undyed: pale shafts (thin ones paler still) are measured by how much
 * darkness they hold against how dark the photo's shafts get, not as thin
 * as they look; thick and thin hairs come apart at 40 µm.
 */
static void
test_diameter_20x_undyed (void)
{
  Tally t = { 0 };
  double ratio_sum = 0;
  guint ratio_n = 0;

  for (guint32 seed = 31; seed <= 36; seed++)
    {
      FolTrichoParams params;
      FolHairDetectParams dp;
      g_autoptr(FolTrichoField) field = NULL;
      g_autoptr(GArray) found = NULL;
      g_autofree int *truth_of = NULL;

      fol_tricho_params_init (&params, 20);
      params.width = 512;
      params.height = 384;
      params.density = 200;
      params.dyed = FALSE;
      field = fol_tricho_generate (&params, seed);
      fol_hair_detect_params_init (&dp, field->px_per_mm);
      found = detect (field, &dp);
      tally_field (&t, field, found);
      truth_of = g_new (int, MAX (1, found->len));
      fol_tricho_match (field, found, 0.1, truth_of);
      /* Pale terminal hairs just above the threshold, 40–60 µm: not measured
       * thin. */
      for (guint s = 0; s < found->len; s++)
        {
          const FolTrichoHair *hr = truth_of[s] >= 0 ? &field->hairs[truth_of[s]] : NULL;

          if (hr != NULL && hr->diameter_um > 40 && hr->diameter_um <= 60)
            {
              const FolHairSuggestion *sg = &g_array_index (found, FolHairSuggestion, s);

              ratio_sum += sg->diameter_um / hr->diameter_um;
              ratio_n++;
            }
        }
    }
  g_test_message ("truth %u found %u matched %u; terminal diameter error %.1f %%, T/V "
                  "agreement %.1f %%, 40–60 µm measured at %.2f of their diameter", t.truth,
                  t.found, t.matched, 100 * t.terminal_error / t.terminal,
                  100.0 * t.tv_agree / t.pairs, ratio_sum / ratio_n);
  g_assert_cmpuint (ratio_n, >, 25);
  g_assert_cmpfloat (ratio_sum / ratio_n, >=, 0.88);
  g_assert_cmpfloat (ratio_sum / ratio_n, <=, 1.12);
  g_assert_cmpfloat (t.terminal_error / t.terminal, <=, 0.12);
  g_assert_cmpfloat ((double) t.tv_agree / t.pairs, >=, 0.90);
}

/* Paints a straight opaque hair of diameter d (px) from (x0, y0) to (x1,
 * y1) onto a grey picture, 4×4 samples a pixel.
 */
static void
paint_hair (guint8 *grey,
            int     w,
            int     h,
            double  x0,
            double  y0,
            double  x1,
            double  y1,
            double  d)
{
  double dx = x1 - x0, dy = y1 - y0, len = hypot (dx, dy);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int inside = 0;

        for (int s = 0; s < 16; s++)
          {
            double px = x + (s % 4 + 0.5) / 4, py = y + (s / 4 + 0.5) / 4;
            double along = ((px - x0) * dx + (py - y0) * dy) / len;
            double across = fabs ((px - x0) * dy - (py - y0) * dx) / len;

            inside += along >= 0 && along <= len && across <= d / 2;
          }
        if (inside)
          grey[y * w + x] = (guint8) (grey[y * w + x] - (grey[y * w + x] - 30) * inside / 16);
      }
}

/* A hair is counted in the field whose middle lies in it, as its truth is:
 * a hair cut by the edge of the picture is suggested when most of it lies
 * inside, by the length of the field's whole hairs, and not when most of it
 * lies outside.
 */
static void
test_edge_cut_hairs (void)
{
  const int w = 400, h = 300;
  g_autofree guint8 *grey = g_new (guint8, w * h);
  g_autoptr(GArray) found = NULL;
  g_autoptr(GError) error = NULL;
  FolHairDetectParams dp;
  gboolean mostly_in = FALSE;

  memset (grey, 200, (gsize) w * h);
  /* Whole hairs, 1 mm (100 px) long, away from the edges. */
  for (int i = 0; i < 6; i++)
    paint_hair (grey, w, h, 120 + 40 * i, 40 + 30 * (i % 2), 140 + 40 * i, 40 + 30 * (i % 2) + 98,
                6);
  /* Hairs as long, cut by the left edge: 70 px inside (the middle is in the
   * picture), and 30 px inside (the middle is outside it).
   */
  paint_hair (grey, w, h, -30, 200, 70, 200, 6);
  paint_hair (grey, w, h, -70, 260, 30, 260, 6);

  fol_hair_detect_params_init (&dp, 100);
  found = fol_hair_detect (grey, w, h, w, 1, &dp, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    {
      const FolHairSuggestion *s = &g_array_index (found, FolHairSuggestion, i);

      g_test_message ("suggested at %.0f, %.0f, %.2f mm, %.0f µm", s->x, s->y, s->length_mm,
                      s->diameter_um);
      mostly_in |= fabs (s->y - 200.5) < 4 && s->x < 80;
      /* The hair mostly outside the picture is not suggested. */
      g_assert_false (fabs (s->y - 260.5) < 4 && s->x < 40);
    }
  g_assert_true (mostly_in);
  g_assert_cmpuint (found->len, ==, 7);
}

/* Bare skin (uneven light, noise) has no hairs. */
static void
test_bare_skin (void)
{
  const int w = 300, h = 200;
  g_autofree guint8 *rgb = g_new (guint8, w * h * 3);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(GArray) found = NULL;
  g_autoptr(GError) error = NULL;
  FolHairDetectParams dp;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 3; c++)
        rgb[(y * w + x) * 3 + c] = (guint8) CLAMP (200 - c * 20 - x / 6 + g_rand_int_range (rand, -4, 5),
                                                   0, 255);
  fol_hair_detect_params_init (&dp, 100);
  found = fol_hair_detect (rgb, w, h, w * 3, 3, &dp, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
}

/* Only the counted field is searched, and positions are the photo's. */
static void
test_field_rectangle (void)
{
  FolTrichoParams params;
  FolHairDetectParams dp;
  g_autoptr(FolTrichoField) field = NULL;
  g_autoptr(GArray) whole = NULL, part = NULL;
  g_autofree int *truth_of = NULL;
  guint matched;

  fol_tricho_params_init (&params, 20);
  params.width = 600;
  params.height = 400;
  params.density = 200;
  params.dyed = TRUE;
  field = fol_tricho_generate (&params, 21);
  fol_hair_detect_params_init (&dp, field->px_per_mm);
  whole = detect (field, &dp);
  dp.field_x = 300;
  dp.field_y = 100;
  dp.field_width = 300;
  dp.field_height = 300;
  part = detect (field, &dp);

  g_assert_cmpuint (part->len, >, 5);
  g_assert_cmpuint (part->len, <, whole->len);
  for (guint i = 0; i < part->len; i++)
    {
      const FolHairSuggestion *s = &g_array_index (part, FolHairSuggestion, i);

      g_assert_cmpfloat (s->x, >=, 300);
      g_assert_cmpfloat (s->x, <, 600);
      g_assert_cmpfloat (s->y, >=, 100);
      g_assert_cmpfloat (s->y, <, 400);
    }
  truth_of = g_new (int, part->len);
  matched = fol_tricho_match (field, part, 0.1, truth_of);
  g_assert_cmpfloat ((double) matched / part->len, >=, 0.8);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  GArray *seen = user_data;

  g_array_append_val (seen, fraction);
}

static void
test_progress_and_cancel (void)
{
  FolTrichoParams params;
  FolHairDetectParams dp;
  g_autoptr(FolTrichoField) field = NULL;
  g_autoptr(GArray) found = NULL;
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  fol_tricho_params_init (&params, 20);
  params.width = 256;
  params.height = 192;
  field = fol_tricho_generate (&params, 5);
  fol_hair_detect_params_init (&dp, field->px_per_mm);
  found = fol_hair_detect (field->rgb, field->width, field->height, field->width * 3, 3, &dp,
                           NULL, progress_cb, seen, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, >=, 3);
  for (guint i = 1; i < seen->len; i++)
    g_assert_cmpfloat (g_array_index (seen, double, i), >=, g_array_index (seen, double, i - 1));
  g_assert_cmpfloat (g_array_index (seen, double, seen->len - 1), ==, 1.0);

  g_cancellable_cancel (cancellable);
  g_clear_pointer (&found, g_array_unref);
  found = fol_hair_detect (field->rgb, field->width, field->height, field->width * 3, 3, &dp,
                           cancellable, NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (found);
}

static void
test_bad_input (void)
{
  guint8 rgb[30 * 20 * 3] = { 0 };
  FolHairDetectParams dp;
  g_autoptr(GError) error = NULL;
  GArray *found;

  fol_hair_detect_params_init (&dp, 0);
  found = fol_hair_detect (rgb, 30, 20, 90, 3, &dp, NULL, NULL, NULL, &error);
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED);
  g_assert_null (found);
  g_clear_error (&error);

  fol_hair_detect_params_init (&dp, 100);
  dp.field_x = 20;
  dp.field_y = 0;
  dp.field_width = 20;
  dp.field_height = 10;
  found = fol_hair_detect (rgb, 30, 20, 90, 3, &dp, NULL, NULL, NULL, &error);
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE);
  g_assert_null (found);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* The demo clinic carries calibrated trichoscopy photos with a counting
 * field, at its patients' first and latest visits, on which the detector
 * finds about the hairs the visit measured: the hair counter can suggest
 * marks on them right away.
 */
static void
test_demo_clinic_photos (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("follicle-demo-photos-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);
  g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_NONE,
                                                           &error);
  g_autoptr(GListModel) patients = NULL;
  guint n_patients = 0, n_photos = 0, n_checked = 0, again = 1;

  g_assert_no_error (error);
  g_assert_true (fol_demo_populate (FOL_STORE (store), FOL_DEMO_SEED, &n_patients, &error));
  g_assert_no_error (error);
  g_assert_true (fol_demo_add_photos (FOL_STORE (store), FOL_DEMO_SEED, &n_photos, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_photos, >=, 4);
  /* Made once: a second call adds none. */
  g_assert_true (fol_demo_add_photos (FOL_STORE (store), FOL_DEMO_SEED, &again, &error));
  g_assert_cmpuint (again, ==, 0);

  patients = fol_store_list_patients (FOL_STORE (store), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (patients); i++)
    {
      g_autoptr(FolPatient) patient = g_list_model_get_item (patients, i);
      g_autoptr(GPtrArray) photos = fol_store_list_photos (FOL_STORE (store),
                                                           fol_patient_get_id (patient), &error);
      g_autoptr(FolHistory) history = fol_store_load_history (FOL_STORE (store),
                                                              fol_patient_get_id (patient),
                                                              &error);

      g_assert_no_error (error);
      for (guint p = 0; p < photos->len; p++)
        {
          FolPhoto *photo = photos->pdata[p];
          g_autofree char *file = fol_photo_get_path (FOL_STORE (store), photo);
          g_autoptr(GdkPixbuf) pixbuf = NULL;
          g_autoptr(GArray) marks = NULL;
          g_autoptr(GArray) found = NULL;
          FolHairDetectParams params;
          FolPhotoField field;
          FolMeasurement *m = NULL;
          gboolean has_field = FALSE;
          double ppm = fol_photo_get_px_per_mm (photo), half, expected;

          /* Calibrated, with a counting field inside the picture. */
          g_assert_cmpfloat (ppm, >, 0);
          g_assert_nonnull (file);
          g_assert_true (fol_store_load_photo_count (FOL_STORE (store), fol_photo_get_id (photo),
                                                     &has_field, &field, &marks, &error));
          g_assert_true (has_field);
          half = field.size_mm * ppm / 2;
          g_assert_cmpfloat (field.centre_x - half, >=, 0);
          g_assert_cmpfloat (field.centre_y + half, <=, fol_photo_get_height (photo));
          g_assert_cmpuint (marks->len, ==, 0);

          /* The detector finds hairs, near the density the visit measured (the
           * generator aims at it over the whole picture, not the field). */
          for (guint v = 0; v < fol_history_get_n_visits (history); v++)
            if (g_strcmp0 (fol_visit_get_id (fol_history_get_visit (history, v)),
                           fol_photo_get_visit_id (photo)) == 0)
              m = fol_history_get_measurement (history, v, fol_photo_get_region (photo));
          g_assert_nonnull (m);
          pixbuf = gdk_pixbuf_new_from_file (file, &error);
          g_assert_no_error (error);
          g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, fol_photo_get_width (photo));
          fol_hair_detect_params_init (&params, ppm);
          params.field_x = (int) (field.centre_x - half);
          params.field_y = (int) (field.centre_y - half);
          params.field_width = params.field_height = (int) (2 * half);
          found = fol_hair_detect (gdk_pixbuf_get_pixels (pixbuf), gdk_pixbuf_get_width (pixbuf),
                                   gdk_pixbuf_get_height (pixbuf),
                                   gdk_pixbuf_get_rowstride (pixbuf),
                                   gdk_pixbuf_get_n_channels (pixbuf), &params, NULL, NULL, NULL,
                                   &error);
          g_assert_no_error (error);
          expected = fol_measurement_get_total_density (m) * fol_photo_field_area_cm2 (&field);
          g_test_message ("%s %s: %u hairs found, %.0f expected", fol_patient_get_name (patient),
                          fol_region_code (fol_photo_get_region (photo)), found->len, expected);
          g_assert_cmpuint (found->len, >=, 20);
          g_assert_cmpfloat (fabs (found->len - expected) / expected, <, 0.5);
          n_checked++;
        }
    }
  g_assert_cmpuint (n_checked, ==, n_photos);

  g_clear_object (&store);
  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hair-detect/generator-seeded", test_generator_seeded);
  g_test_add_func ("/hair-detect/count-20x-dyed", test_count_20x_dyed);
  g_test_add_func ("/hair-detect/count-50x", test_count_50x);
  g_test_add_func ("/hair-detect/diameter-20x-undyed", test_diameter_20x_undyed);
  g_test_add_func ("/hair-detect/edge-cut-hairs", test_edge_cut_hairs);
  g_test_add_func ("/hair-detect/bare-skin", test_bare_skin);
  g_test_add_func ("/hair-detect/field-rectangle", test_field_rectangle);
  g_test_add_func ("/hair-detect/progress-and-cancel", test_progress_and_cancel);
  g_test_add_func ("/hair-detect/bad-input", test_bad_input);
  g_test_add_func ("/hair-detect/demo-clinic-photos", test_demo_clinic_photos);

  return g_test_run ();
}
