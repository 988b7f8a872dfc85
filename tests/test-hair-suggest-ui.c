/* test-hair-suggest-ui.c
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

/* Suggest Marks in the hair counter, on a generated photo whose hairs are
 * known: suggested, rejected, added, accepted, saved; only confirmed marks
 * count.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "fol-patient-page.h"
#include "fol-photo-counter-private.h"
#include "fol-photo-measure.h"
#include "fol-photos-page.h"
#include "fol-sqlite-store.h"
#include "fol-photo-marks.h"
#include "fol-trichogen.h"

typedef struct
{
  char           *dir;
  FolSqliteStore *store;
  char           *patient_id;
  char           *visit_id;
  GtkWindow      *window;
  FolPhotosPage  *page;
  FolTrichoField *field;
} Fixture;

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
iterate_until (gboolean (*done) (gpointer data),
               gpointer data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (30000, timeout_cb, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
import_done (gpointer data)
{
  return !fol_photos_page_get_importing (data);
}

static gboolean
counter_loaded (gpointer data)
{
  return fol_photo_counter_is_loaded (data);
}

static gboolean
not_suggesting (gpointer data)
{
  return !fol_photo_counter_is_suggesting (data);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) patient = fol_patient_new ();
  g_autoptr(FolVisit) visit = fol_visit_new ();
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *db = NULL, *path = NULL;
  FolTrichoParams params;

  f->dir = g_dir_make_tmp ("follicle-suggest-ui-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "clinic.db", NULL);
  f->store = fol_sqlite_store_open (db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  fol_patient_set_name (patient, "Suggest Patient");
  fol_store_save_patient (FOL_STORE (f->store), patient, &error);
  g_assert_no_error (error);
  f->patient_id = g_strdup (fol_patient_get_id (patient));
  fol_visit_set_patient_id (visit, f->patient_id);
  fol_visit_set_date (visit, fol_date_new (2025, 3, 1));
  fol_visit_set_kind (visit, "baseline");
  fol_store_save_visit (FOL_STORE (f->store), visit, NULL, &error);
  g_assert_no_error (error);
  f->visit_id = g_strdup (fol_visit_get_id (visit));

  /* 600 × 500 px at 100 px/mm: a 5 mm square field fits. */
  fol_tricho_params_init (&params, 20);
  params.width = 600;
  params.height = 500;
  params.density = 200;
  params.dyed = TRUE;
  f->field = fol_tricho_generate (&params, 77);
  jpeg = fol_tricho_field_to_jpeg (f->field, 92, &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "field.jpg", NULL);
  g_file_set_contents (path, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg), &error);
  g_assert_no_error (error);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 900, 700);
  f->page = FOL_PHOTOS_PAGE (fol_photos_page_new (FOL_STORE (f->store)));
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  fol_photos_page_set_patient (f->page, f->patient_id);

  file = g_file_new_for_path (path);
  fol_photos_page_import (f->page, &file, 1, f->visit_id, FOL_REGION_VERTEX);
  iterate_until (import_done, f->page);
  g_assert_cmpuint (g_list_model_get_n_items (fol_photos_page_get_model (f->page)), ==, 1);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (f->page), (gpointer *) &f->page);
  gtk_window_destroy (f->window);
  drain ();
  g_assert_null (f->page);
  g_assert_finalize_object (f->store);
  remove_tree (f->dir);
  fol_tricho_field_free (f->field);
  g_free (f->dir);
  g_free (f->patient_id);
  g_free (f->visit_id);
}

static FolPhotoCounter *
open_counter (Fixture *f)
{
  g_autoptr(FolPhoto) photo = g_list_model_get_item (fol_photos_page_get_model (f->page), 0);
  FolPhotoCounter *counter = fol_photos_page_open_counter (f->page, photo);

  iterate_until (counter_loaded, counter);
  return counter;
}

/* Puts the keyboard cross (the view centre) on image point (x, y). */
static void
centre_on (FolPhotoCounter *counter,
           double           x,
           double           y)
{
  FolPhotoCanvas *canvas = fol_photo_counter_get_canvas (counter);
  double cx, cy;

  fol_photo_canvas_get_centre_point (canvas, &cx, &cy);
  fol_photo_canvas_pan_by (canvas, (x - cx) / 600.0, (y - cy) / 500.0);
  fol_photo_canvas_get_centre_point (canvas, &cx, &cy);
  g_assert_cmpfloat (fabs (cx - x), <, 1.0);
  g_assert_cmpfloat (fabs (cy - y), <, 1.0);
}

static void
test_suggest_flow (Fixture       *f,
                   gconstpointer  data)
{
  FolPhotoCounter *counter = open_counter (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (FolHairSuggestion));
  g_autofree int *truth_of = NULL;
  FolPhotoField field = { FOL_FIELD_SQUARE, 300, 250, 4.0 };
  const FolHairSuggestion *first;
  guint n, matched, saved_marks;
  double fx, fy;

  /* Uncalibrated: nothing to suggest. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (counter), "counter.suggest", NULL)
                  && fol_photo_counter_is_suggesting (counter));

  fol_photo_counter_calibrate (counter, 100, 50, 300, 50, 2.0, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (fol_photo_counter_get_px_per_mm (counter), 100, 1e-9);
  fol_photo_counter_set_field (counter, &field);

  /* Cancel stops the search; nothing is suggested. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (counter), "counter.suggest", NULL));
  g_assert_true (fol_photo_counter_is_suggesting (counter));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (counter), "counter.cancel-suggest", NULL));
  iterate_until (not_suggesting, counter);
  g_assert_cmpuint (fol_photo_counter_get_n_suggestions (counter), ==, 0);
  g_assert_nonnull (strstr (fol_photo_counter_get_status (counter), "cancelled"));

  /* Suggested: drawn, not counted, all in the field, on true hairs. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (counter), "counter.suggest", NULL));
  iterate_until (not_suggesting, counter);
  n = fol_photo_counter_get_n_suggestions (counter);
  g_assert_cmpuint (n, >, 10);
  g_assert_cmpuint (fol_photo_counter_get_count (counter), ==, 0);
  g_assert_cmpuint (fol_photo_counter_get_n_marks (counter), ==, 0);
  g_assert_nonnull (strstr (fol_photo_counter_get_status (counter), "not counted until accepted"));
  for (guint i = 0; i < n; i++)
    {
      const FolHairSuggestion *s = fol_photo_counter_get_suggestion (counter, i);

      g_assert_true (fol_photo_field_contains (&field, 100, s->x, s->y));
      g_array_append_val (found, *s);
    }
  truth_of = g_new (int, n);
  matched = fol_tricho_match (f->field, found, 0.1, truth_of);
  g_assert_cmpfloat ((double) matched / n, >=, 0.8);

  /* Nothing suggested is saved. */
  g_assert_true (fol_photo_counter_save (counter, &error));
  {
    g_autoptr(FolPhoto) photo = g_list_model_get_item (fol_photos_page_get_model (f->page), 0);
    g_autoptr(GArray) marks = NULL;
    FolPhotoField stored;
    gboolean has_field;

    g_assert_true (fol_store_load_photo_count (FOL_STORE (f->store), fol_photo_get_id (photo),
                                               &has_field, &stored, &marks, &error));
    g_assert_cmpuint (marks->len, ==, 0);
  }

  /* A suggestion is a dashed orange ring, hollow: the photo shows through. */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 500);
    cairo_t *cr = cairo_create (surface);
    const FolHairSuggestion *s = fol_photo_counter_get_suggestion (counter, 0);
    int ring_x = (int) floor (s->x) + (int) FOL_PHOTO_MARK_RADIUS + 1, ring_y = (int) floor (s->y);
    const guint8 *pixels;
    int stride, orange = 0;

    _fol_photo_counter_draw_suggestions (counter, cr, 1.0);
    cairo_surface_flush (surface);
    pixels = cairo_image_surface_get_data (surface);
    stride = cairo_image_surface_get_stride (surface);
    /* ARGB32, little-endian: B, G, R, A. */
    for (int dy = -2; dy <= 2; dy++)
      for (int dx = -1; dx <= 1; dx++)
        {
          const guint8 *px = pixels + (ring_y + dy) * stride + (ring_x + dx) * 4;

          orange |= px[3] == 255 && px[2] > 200 && px[1] > 100 && px[1] < 200 && px[0] < 80;
        }
    g_assert_true (orange);
    g_assert_cmpuint (pixels[(int) floor (s->y) * stride + (int) floor (s->x) * 4 + 3], ==, 0);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }

  /* Clicking a suggestion rejects it; clicking elsewhere adds a mark. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (counter), "counter.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (counter), "counter.zoom-in", NULL));
  first = fol_photo_counter_get_suggestion (counter, 0);
  fx = first->x;
  fy = first->y;
  centre_on (counter, fx, fy);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (counter), "counter.act-here", NULL));
  g_assert_cmpuint (fol_photo_counter_get_n_suggestions (counter), ==, n - 1);
  g_assert_cmpuint (fol_photo_counter_get_n_marks (counter), ==, 0);
  g_assert_cmpuint (fol_photo_counter_get_n_rejected (counter), ==, 1);
  g_assert_cmpuint (fol_photo_counter_get_count (counter), ==, 0);
  centre_on (counter, 300, 250);
  if (fol_photo_counter_get_n_suggestions (counter) > 0)
    {
      gboolean near = FALSE;

      for (guint i = 0; i < fol_photo_counter_get_n_suggestions (counter); i++)
        near |= hypot (fol_photo_counter_get_suggestion (counter, i)->x - 300,
                       fol_photo_counter_get_suggestion (counter, i)->y - 250) < 10;
      if (near)
        centre_on (counter, 120, 120);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (counter), "counter.act-here", NULL));
  g_assert_cmpuint (fol_photo_counter_get_n_marks (counter), ==, 1);

  /* Accept All: the rest become marks, and count. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (counter), "counter.accept-suggestions",
                                             NULL));
  g_assert_cmpuint (fol_photo_counter_get_n_suggestions (counter), ==, 0);
  g_assert_cmpuint (fol_photo_counter_get_n_marks (counter), ==, n);
  g_assert_cmpuint (fol_photo_counter_get_count (counter), >=, n - 1);
  /* Each mark says where it came from: the hand mark first, then the
   * accepted suggestions with their estimated diameters.
   */
  g_assert_cmpint (fol_photo_counter_get_mark (counter, 0)->origin, ==, FOL_MARK_BY_HAND);
  g_assert_false (fol_photo_mark_has_diameter (fol_photo_counter_get_mark (counter, 0)));
  for (guint i = 1; i < n; i++)
    {
      g_assert_cmpint (fol_photo_counter_get_mark (counter, i)->origin, ==, FOL_MARK_SUGGESTED);
      g_assert_true (fol_photo_mark_has_diameter (fol_photo_counter_get_mark (counter, i)));
    }
  /* A suggestion moved was corrected; one removed after all is rejected. */
  fol_photo_counter_move_mark (counter, 1, fol_photo_counter_get_mark (counter, 1)->x + 3,
                               fol_photo_counter_get_mark (counter, 1)->y);
  g_assert_cmpint (fol_photo_counter_get_mark (counter, 1)->origin, ==, FOL_MARK_SUGGESTED_MOVED);
  fol_photo_counter_remove_mark (counter, n - 1);
  g_assert_cmpuint (fol_photo_counter_get_n_marks (counter), ==, n - 1);
  g_assert_cmpuint (fol_photo_counter_get_n_rejected (counter), ==, 2);

  /* Saved with the photo: the rejected suggestions too, never counted. */
  g_assert_true (fol_photo_counter_save (counter, &error));
  g_assert_no_error (error);
  {
    g_autoptr(FolPhoto) photo = g_list_model_get_item (fol_photos_page_get_model (f->page), 0);
    g_autoptr(GArray) marks = NULL;
    FolPhotoField stored;
    gboolean has_field;
    guint n_rejected = 0, n_moved = 0;

    g_assert_true (fol_store_load_photo_count (FOL_STORE (f->store), fol_photo_get_id (photo),
                                               &has_field, &stored, &marks, &error));
    saved_marks = marks->len;
    for (guint i = 0; i < marks->len; i++)
      {
        n_rejected += g_array_index (marks, FolPhotoMark, i).origin == FOL_MARK_REJECTED;
        n_moved += g_array_index (marks, FolPhotoMark, i).origin == FOL_MARK_SUGGESTED_MOVED;
      }
    g_assert_cmpuint (n_rejected, ==, 2);
    g_assert_cmpuint (n_moved, ==, 1);
    g_assert_cmpuint (fol_photo_field_count (&stored, 100, (FolPhotoMark *) marks->data,
                                             marks->len), ==,
                      fol_photo_counter_get_count (counter));

    /* Opened again, the counter counts the same and keeps the rejected. */
    fol_photo_counter_set_photo (counter, photo, f->patient_id);
  }
  g_assert_cmpuint (saved_marks, ==, n + 1);
  g_assert_cmpuint (fol_photo_counter_get_n_marks (counter), ==, n - 1);
  g_assert_cmpuint (fol_photo_counter_get_n_rejected (counter), ==, 2);

  /* With the hand mark (no diameter) the visit gets the count alone... */
  g_assert_true (fol_photo_counter_use_for_visit (counter, &error));
  g_assert_no_error (error);
  {
    g_autoptr(FolPhoto) photo = g_list_model_get_item (fol_photos_page_get_model (f->page), 0);
    g_autoptr(FolMeasurement) m = NULL;

    g_assert_true (fol_photo_measure_lookup (FOL_STORE (f->store), f->patient_id, photo, &m,
                                             &error));
    g_assert_cmpstr (fol_measurement_get_method (m), ==, "manual");
    g_assert_true (isnan (fol_measurement_get_terminal_density (m)));
  }
  /* ...without it, every mark has a diameter: the split at 40 µm, the mean
   * diameter and the threshold, as estimates.
   */
  fol_photo_counter_remove_mark (counter, 0);
  g_assert_cmpuint (fol_photo_counter_get_n_rejected (counter), ==, 2);
  g_assert_true (fol_photo_counter_use_for_visit (counter, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (fol_photo_counter_get_status (counter), "estimates until confirmed"));
  {
    g_autoptr(FolPhoto) photo = g_list_model_get_item (fol_photos_page_get_model (f->page), 0);
    g_autoptr(FolMeasurement) m = NULL;
    guint terminal = 0;
    double sum = 0;

    for (guint i = 0; i < fol_photo_counter_get_n_marks (counter); i++)
      {
        const FolPhotoMark *mark = fol_photo_counter_get_mark (counter, i);

        terminal += mark->diameter_um > 40;
        sum += mark->diameter_um;
      }
    g_assert_true (fol_photo_measure_lookup (FOL_STORE (f->store), f->patient_id, photo, &m,
                                             &error));
    g_assert_cmpstr (fol_measurement_get_method (m), ==, FOL_PHOTO_MEASURE_ESTIMATED_METHOD);
    g_assert_cmpfloat (fol_measurement_get_terminal_threshold (m), ==, 40);
    g_assert_cmpfloat_with_epsilon (fol_measurement_get_terminal_density (m),
                                    terminal / fol_photo_counter_get_area (counter), 1e-6);
    g_assert_cmpfloat_with_epsilon (fol_measurement_get_terminal_density (m) +
                                    fol_measurement_get_vellus_density (m),
                                    fol_measurement_get_total_density (m), 1e-6);
    g_assert_cmpfloat_with_epsilon (fol_measurement_get_mean_diameter (m),
                                    sum / fol_photo_counter_get_n_marks (counter), 1e-6);
  }

  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (counter))));
  drain ();
}

static FolMeasurement *
region_values (FolRegion   region,
               const char *method)
{
  FolMeasurement *m = fol_measurement_new ();

  fol_measurement_set_region (m, region);
  fol_measurement_set_total_density (m, 180);
  fol_measurement_set_terminal_density (m, 130);
  fol_measurement_set_vellus_density (m, 50);
  fol_measurement_set_mean_diameter (m, 62);
  fol_measurement_set_terminal_threshold (m, 40);
  fol_measurement_set_method (m, method);
  return m;
}

/* The visit's row on the patient page says which regions' values were
 * estimated from a photo's suggested marks and are not confirmed yet, as the
 * visit editor does; confirmed values say nothing of it.
 */
static void
test_visit_row_says_estimated (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FolVisit) later = fol_visit_new ();
  g_autoptr(GPtrArray) confirmed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FolVisit) visit = fol_visit_new ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  FolPatientPage *page = g_object_new (FOL_TYPE_PATIENT_PAGE, NULL);
  GtkListBox *list;
  const char *newest, *estimated;

  fol_visit_set_patient_id (visit, f->patient_id);
  fol_visit_set_date (visit, fol_date_new (2025, 6, 1));
  fol_visit_set_kind (visit, "follow_up");
  g_ptr_array_add (values, region_values (FOL_REGION_VERTEX, FOL_PHOTO_MEASURE_ESTIMATED_METHOD));
  g_ptr_array_add (values, region_values (FOL_REGION_FRONTAL, "manual"));
  g_assert_true (fol_store_save_visit (FOL_STORE (f->store), visit, values, &error));
  g_assert_no_error (error);
  fol_visit_set_patient_id (later, f->patient_id);
  fol_visit_set_date (later, fol_date_new (2025, 9, 1));
  fol_visit_set_kind (later, "follow_up");
  g_ptr_array_add (confirmed, region_values (FOL_REGION_VERTEX, "manual"));
  g_assert_true (fol_store_save_visit (FOL_STORE (f->store), later, confirmed, &error));
  g_assert_no_error (error);

  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  fol_patient_page_set_store (page, FOL_STORE (f->store), settings);
  fol_patient_page_set_patient_id (page, f->patient_id);
  drain ();

  list = fol_patient_page_get_visit_list (page);
  newest = adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list, 0)));
  estimated = adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list,
                                                                                          1)));
  g_test_message ("newest: %s", newest);
  g_test_message ("estimated: %s", estimated);
  g_assert_nonnull (strstr (estimated, "Estimated from a photo’s suggested marks, not confirmed: "
                                       "Vertex"));
  g_assert_null (strstr (estimated, "Frontal ·"));
  g_assert_null (strstr (estimated, "· Frontal"));
  g_assert_null (strstr (newest, "Estimated"));

  gtk_window_destroy (window);
  drain ();
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/hair-suggest-ui/flow", Fixture, NULL, fixture_setup, test_suggest_flow,
              fixture_teardown);
  g_test_add ("/hair-suggest-ui/visit-row-says-estimated", Fixture, NULL, fixture_setup,
              test_visit_row_says_estimated, fixture_teardown);

  return g_test_run ();
}
