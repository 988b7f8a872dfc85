/* test-photos-ui.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "fol-photo-import.h"
#include "fol-test-a11y.h"
#include "fol-photo-import-dialog.h"
#include "fol-photo-tile.h"
#include "fol-photos-page.h"
#include "fol-sqlite-store.h"

typedef struct
{
  char           *dir;
  FolSqliteStore *store;
  char           *patient_id;
  char           *baseline_id;
  char           *follow_up_id;
  GtkWindow      *window;
  FolPhotosPage  *page;
} Fixture;

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @done (or 10 s). */
static void
iterate_until (gboolean (*done) (gpointer data),
               gpointer data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (10000, timeout_cb, &timed_out);

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

static char *
add_visit (Fixture    *f,
           FolDate     date,
           const char *kind)
{
  g_autoptr(FolVisit) visit = fol_visit_new ();
  g_autoptr(GError) error = NULL;

  fol_visit_set_patient_id (visit, f->patient_id);
  fol_visit_set_date (visit, date);
  fol_visit_set_kind (visit, kind);
  fol_store_save_visit (FOL_STORE (f->store), visit, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (fol_visit_get_id (visit));
}

static GFile *
write_photo (Fixture    *f,
             const char *name,
             guint32     colour)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 400, 300);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  gdk_pixbuf_fill (pixbuf, colour);
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) patient = fol_patient_new ();
  g_autofree char *db = NULL;

  f->dir = g_dir_make_tmp ("follicle-photos-ui-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "clinic.db", NULL);
  f->store = fol_sqlite_store_open (db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  fol_patient_set_name (patient, "Photo Patient");
  fol_store_save_patient (FOL_STORE (f->store), patient, &error);
  g_assert_no_error (error);
  f->patient_id = g_strdup (fol_patient_get_id (patient));
  f->baseline_id = add_visit (f, fol_date_new (2025, 1, 10), "baseline");
  f->follow_up_id = add_visit (f, fol_date_new (2025, 7, 10), "follow_up");

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 900, 700);
  f->page = FOL_PHOTOS_PAGE (fol_photos_page_new (FOL_STORE (f->store)));
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  fol_photos_page_set_patient (f->page, f->patient_id);
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
  g_free (f->dir);
  g_free (f->patient_id);
  g_free (f->baseline_id);
  g_free (f->follow_up_id);
}

static gboolean
import_done (gpointer data)
{
  return !fol_photos_page_get_importing (data);
}

static void
import_one (Fixture    *f,
            const char *name,
            guint32     colour,
            const char *visit_id)
{
  g_autoptr(GFile) file = write_photo (f, name, colour);

  fol_photos_page_import (f->page, &file, 1, visit_id, FOL_REGION_VERTEX);
  g_assert_true (fol_photos_page_get_importing (f->page));
  iterate_until (import_done, f->page);
}

static gboolean
thumbnails_cached (gpointer data)
{
  GListModel *model = data;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FolPhoto) photo = g_list_model_get_item (model, i);
      g_autofree char *path = fol_photo_thumbnail_path (fol_photo_get_sha256 (photo), FOL_PHOTO_TILE_THUMBNAIL_SIZE);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return FALSE;
    }
  return TRUE;
}

static gboolean
compare_loaded (gpointer data)
{
  return fol_photo_compare_is_loaded (data);
}

static gboolean
counter_loaded (gpointer data)
{
  return fol_photo_counter_is_loaded (data);
}

static FolMeasurement *
vertex_at (Fixture    *f,
           FolHistory *history,
           const char *visit_id)
{
  for (guint i = 0; i < fol_history_get_n_visits (history); i++)
    if (g_strcmp0 (fol_visit_get_id (fol_history_get_visit (history, i)), visit_id) == 0)
      return fol_history_get_measurement (history, i, FOL_REGION_VERTEX);
  return NULL;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_photos_flow (Fixture       *f,
                  gconstpointer  data)
{
  GListModel *model = fol_photos_page_get_model (f->page);
  g_autoptr(FolPhoto) newest = NULL;
  g_autoptr(FolPhoto) oldest = NULL;
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  FolPhotoCompare *compare;
  FolPhotoCounter *counter;
  FolPhotoCanvas *canvas;
  FolPhotoField field;
  FolMeasurement *m;
  GtkWidget *window;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  /* Two photos of the vertex, at two visits. */
  import_one (f, "baseline.png", 0x604030ff, f->baseline_id);
  import_one (f, "follow-up.png", 0x302010ff, f->follow_up_id);
  g_assert_cmpstr (fol_photos_page_get_import_messages (f->page), ==, "");

  /* The gallery shows them, newest first, with lazily made thumbnails. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  newest = g_list_model_get_item (model, 0);
  oldest = g_list_model_get_item (model, 1);
  g_assert_cmpstr (fol_photo_get_visit_id (newest), ==, f->follow_up_id);
  g_assert_cmpstr (fol_photo_get_visit_id (oldest), ==, f->baseline_id);
  iterate_until (thumbnails_cached, model);

  /* The region filter. */
  fol_photos_page_set_region (f->page, FOL_REGION_FRONTAL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  fol_photos_page_set_region (f->page, FOL_REGION_VERTEX);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  /* A second import of the same content is reported, not added. */
  {
    g_autoptr(GFile) again = write_photo (f, "again.png", 0x604030ff);

    fol_photos_page_import (f->page, &again, 1, f->follow_up_id, FOL_REGION_VERTEX);
    iterate_until (import_done, f->page);
    g_assert_nonnull (strstr (fol_photos_page_get_import_messages (f->page), "again.png"));
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  }

  /* Comparison: baseline on the left, latest on the right. */
  compare = fol_photos_page_open_compare (f->page, FOL_REGION_VERTEX);
  iterate_until (compare_loaded, compare);
  g_assert_cmpuint (fol_photo_compare_get_n_photos (compare), ==, 2);
  /* Both photo dropdowns, and the toggles inside them, are named. */
  fol_test_assert_all_named (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (compare))));
  g_assert_cmpstr (fol_photo_get_id (fol_photo_compare_get_photo (compare, 0)), ==,
                   fol_photo_get_id (oldest));
  g_assert_cmpstr (fol_photo_get_id (fol_photo_compare_get_photo (compare, 1)), ==,
                   fol_photo_get_id (newest));

  canvas = fol_photo_compare_get_canvas (compare);
  g_assert_cmpint (fol_photo_canvas_get_mode (canvas), ==, FOL_CANVAS_SIDE_BY_SIDE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (compare), "compare.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (fol_photo_canvas_get_zoom (canvas), 1.25, 1e-9);
  fol_photo_canvas_pan_by (canvas, 0.05, 0);
  {
    double u;

    fol_photo_canvas_get_centre (canvas, &u, NULL);
    g_assert_cmpfloat_with_epsilon (u, 0.55, 1e-9);
  }
  fol_photo_canvas_set_mode (canvas, FOL_CANVAS_SWIPE);
  fol_photo_canvas_set_divider (canvas, 0.3);
  /* Back to the whole photos, then zoomed in again: one zoom for both. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (compare), "compare.zoom-reset", NULL));
  g_assert_cmpfloat (fol_photo_canvas_get_zoom (canvas), ==, 1.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (compare), "compare.zoom-in", NULL));
  g_assert_cmpfloat (fol_photo_canvas_get_divider (canvas), ==, 0.3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (compare), "compare.swap", NULL));
  g_assert_cmpstr (fol_photo_get_id (fol_photo_compare_get_photo (compare, 0)), ==,
                   fol_photo_get_id (newest));
  iterate_until (compare_loaded, compare);
  /* The zoom is kept for both photos across the swap. */
  g_assert_cmpfloat_with_epsilon (fol_photo_canvas_get_zoom (canvas), 1.25, 1e-9);

  window = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (compare)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (compare), "compare.close", NULL));
  drain ();
  (void) window;

  /* Count on the latest photo: 10 px/mm, a 1 cm² field of 100 × 100 px. */
  counter = fol_photos_page_open_counter (f->page, newest);
  iterate_until (counter_loaded, counter);
  fol_photo_counter_calibrate (counter, 50, 20, 150, 20, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (fol_photo_counter_get_px_per_mm (counter), 10.0, 1e-9);
  g_assert_true (fol_photo_counter_get_field (counter, &field));
  g_assert_cmpfloat (field.centre_x, ==, 200);
  g_assert_cmpfloat (field.centre_y, ==, 150);
  g_assert_cmpfloat_with_epsilon (fol_photo_counter_get_area (counter), 1.0, 1e-12);

  for (guint i = 0; i < 12; i++)
    fol_photo_counter_add_mark (counter, 160 + (i % 4) * 20, 110 + (i / 4) * 30);
  fol_photo_counter_add_mark (counter, 10, 10);     /* outside the field */
  g_assert_cmpuint (fol_photo_counter_get_n_marks (counter), ==, 13);
  g_assert_cmpuint (fol_photo_counter_get_count (counter), ==, 12);
  g_assert_cmpfloat_with_epsilon (fol_photo_counter_get_density (counter), 12.0, 1e-9);

  /* Moving a mark out of the field and removing one. */
  fol_photo_counter_move_mark (counter, 0, 300, 280);
  g_assert_cmpuint (fol_photo_counter_get_count (counter), ==, 11);
  fol_photo_counter_remove_mark (counter, 12);
  g_assert_cmpuint (fol_photo_counter_get_n_marks (counter), ==, 12);

  g_assert_true (fol_photo_counter_use_for_visit (counter, &error));
  g_assert_no_error (error);
  history = fol_store_load_history (FOL_STORE (f->store), f->patient_id, &error);
  g_assert_no_error (error);
  m = vertex_at (f, history, f->follow_up_id);
  g_assert_nonnull (m);
  g_assert_cmpfloat (fol_measurement_get_hair_count (m), ==, 11);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_field_area (m), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_total_density (m), 11.0, 1e-9);
  g_assert_cmpstr (fol_measurement_get_method (m), ==, "manual");
  g_assert_null (vertex_at (f, history, f->baseline_id));
  g_clear_object (&history);

  /* The action asks before replacing the recorded count. */
  fol_photo_counter_add_mark (counter, 200, 150);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (counter), "counter.use-for-visit", NULL));
  {
    AdwMessageDialog *dialog = find_message_dialog ();

    g_assert_nonnull (dialog);
    adw_message_dialog_response (dialog, "replace");
    drain ();
  }
  history = fol_store_load_history (FOL_STORE (f->store), f->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fol_measurement_get_hair_count (vertex_at (f, history, f->follow_up_id)), ==, 12);

  /* With the keyboard: arrows move the cross at the view's centre, Enter
   * marks there, Delete removes the mark under it.
   */
  canvas = fol_photo_counter_get_canvas (counter);
  fol_photo_canvas_pan_by (canvas, 0.1, 0);
  {
    double x, y;

    fol_photo_canvas_get_centre_point (canvas, &x, &y);
    g_assert_cmpfloat_with_epsilon (x, 240, 1e-9);
    g_assert_cmpfloat_with_epsilon (y, 150, 1e-9);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (counter), "counter.act-here", NULL));
  g_assert_cmpuint (fol_photo_counter_get_n_marks (counter), ==, 14);
  g_assert_cmpuint (fol_photo_counter_get_count (counter), ==, 13);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (counter), "counter.delete-mark", NULL));
  g_assert_cmpuint (fol_photo_counter_get_n_marks (counter), ==, 13);
  g_assert_cmpuint (fol_photo_counter_get_count (counter), ==, 12);

  /* Closing the counter keeps the marks for review. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (counter), "counter.close", NULL));
  drain ();
  {
    g_autoptr(GArray) marks = NULL;
    gboolean has_field;

    fol_store_load_photo_count (FOL_STORE (f->store), fol_photo_get_id (newest), &has_field,
                                &field, &marks, &error);
    g_assert_no_error (error);
    g_assert_true (has_field);
    g_assert_cmpuint (marks->len, ==, 13);
  }

  /* Deleting a photo asks first. */
  g_assert_true (fol_photos_page_select_photo (f->page, oldest));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "photos.delete", NULL));
  {
    AdwMessageDialog *dialog = find_message_dialog ();

    g_assert_nonnull (dialog);
    adw_message_dialog_response (dialog, "delete");
    drain ();
  }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  {
    g_autoptr(FolPhoto) left = g_list_model_get_item (model, 0);

    g_assert_cmpstr (fol_photo_get_id (left), ==, fol_photo_get_id (newest));
  }
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

/* Files dropped on the page: the dialog asks for the visit and the region,
 * preset to the region shown, then they are imported.
 */
static void
test_drop_files (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GFile) first = write_photo (f, "drop-1.png", 0x806040ff);
  g_autoptr(GFile) second = write_photo (f, "drop-2.png", 0x408060ff);
  GSList *files = g_slist_append (g_slist_append (NULL, first), second);
  g_auto(GValue) value = G_VALUE_INIT;
  GtkDropTarget *target = find_drop_target (GTK_WIDGET (f->page));
  FolPhotoImportDialog *dialog;
  gboolean accepted = FALSE;

  g_assert_nonnull (target);
  fol_photos_page_set_region (f->page, FOL_REGION_OCCIPITAL);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_slist_free (files);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);

  dialog = FOL_PHOTO_IMPORT_DIALOG (find_message_dialog ());
  g_assert_nonnull (dialog);
  g_assert_cmpint (fol_photo_import_dialog_get_region (dialog), ==, FOL_REGION_OCCIPITAL);
  /* The latest visit comes first. */
  g_assert_cmpstr (fol_visit_get_id (fol_photo_import_dialog_get_visit (dialog)), ==, f->follow_up_id);
  fol_photo_import_dialog_set_region (dialog, FOL_REGION_PARIETAL_LEFT);
  g_assert_cmpint (fol_photo_import_dialog_get_region (dialog), ==, FOL_REGION_PARIETAL_LEFT);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "import");
  drain ();

  iterate_until (import_done, f->page);
  fol_photos_page_set_region (f->page, FOL_REGION_NONE);
  {
    GListModel *model = fol_photos_page_get_model (f->page);
    g_autoptr(FolPhoto) photo = NULL;

    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
    photo = g_list_model_get_item (model, 0);
    g_assert_cmpuint (fol_photo_get_region (photo), ==, FOL_REGION_PARIETAL_LEFT);
    g_assert_cmpstr (fol_photo_get_visit_id (photo), ==, f->follow_up_id);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = g_dir_make_tmp ("follicle-cache-XXXXXX", NULL);
  int status;

  /* Thumbnails go to a throwaway cache. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/photos-ui/flow", Fixture, NULL, fixture_setup, test_photos_flow, fixture_teardown);
  g_test_add ("/photos-ui/drop", Fixture, NULL, fixture_setup, test_drop_files, fixture_teardown);

  status = g_test_run ();
  remove_tree (cache);
  return status;
}
