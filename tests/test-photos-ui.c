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
#include <string.h>
#include <utime.h>

#include "fol-error.h"
#include "fol-photo-import.h"
#include "fol-test-a11y.h"
#include "fol-photo-import-dialog.h"
#include "fol-photo-tile.h"
#include "fol-photos-page.h"
#include "fol-sqlite-store.h"
#include "fol-test-a11y.h"

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

static void
collect_widgets (GtkWidget *widget,
                 GType      type,
                 GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, out);
}

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

/* The text of the first label under @widget that starts with @prefix. */
static const char *
find_label (GtkWidget  *widget,
            const char *prefix)
{
  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return gtk_label_get_text (GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = find_label (child, prefix);

      if (text != NULL)
        return text;
    }
  return NULL;
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
  {
    g_autoptr(GPtrArray) pages = g_ptr_array_new ();

    /* A photo shown: no sign of one that cannot be. */
    collect_widgets (GTK_WIDGET (counter), ADW_TYPE_STATUS_PAGE, pages);
    for (guint i = 0; i < pages->len; i++)
      g_assert_false (gtk_widget_get_visible (g_ptr_array_index (pages, i)));
  }
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
  /* The density in its unit, as every other view writes it. */
  g_assert_cmpstr (find_label (GTK_WIDGET (counter), "Density:"), ==, "Density: 12.0 hairs/cm²");

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

static void
set_mtime (GFile   *file,
           FolDate  date)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GDateTime) when = g_date_time_new_local (fol_date_get_year (date),
                                                     fol_date_get_month (date),
                                                     fol_date_get_day (date), 12, 0, 0);
  struct utimbuf times;

  times.actime = times.modtime = g_date_time_to_unix (when);
  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

static void
put16 (guint8 *p, guint v) { p[0] = v & 0xff; p[1] = v >> 8; }
static void
put32 (guint8 *p, guint32 v) { for (int i = 0; i < 4; i++) p[i] = (v >> (8 * i)) & 0xff; }

/* A JPEG whose EXIF says the camera took it on @date ("YYYY:MM:DD HH:MM:SS"). */
static GFile *
write_camera_jpeg (Fixture    *f,
                   const char *name,
                   const char *date)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 320, 240);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *jpeg = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  guint8 tiff[64] = { 0 };
  guint8 segment[10] = { 0xff, 0xe1, 0, 2 + 6 + 64, 'E', 'x', 'i', 'f', 0, 0 };
  gsize length;

  gdk_pixbuf_fill (pixbuf, 0x7080a0ff);
  gdk_pixbuf_save_to_buffer (pixbuf, &jpeg, &length, "jpeg", &error, NULL);
  g_assert_no_error (error);

  /* IFD0 with a pointer to the Exif IFD, which holds DateTimeOriginal. */
  memcpy (tiff, "II*\0", 4);
  put32 (tiff + 4, 8);
  put16 (tiff + 8, 1);
  put16 (tiff + 10, 0x8769); put16 (tiff + 12, 4); put32 (tiff + 14, 1); put32 (tiff + 18, 26);
  put32 (tiff + 22, 0);
  put16 (tiff + 26, 1);
  put16 (tiff + 28, 0x9003); put16 (tiff + 30, 2); put32 (tiff + 32, 20); put32 (tiff + 36, 44);
  put32 (tiff + 40, 0);
  memcpy (tiff + 44, date, 20);

  g_byte_array_append (out, (guint8 *) jpeg, 2);
  g_byte_array_append (out, segment, sizeof segment);
  g_byte_array_append (out, tiff, sizeof tiff);
  g_byte_array_append (out, (guint8 *) jpeg + 2, length - 2);
  g_file_set_contents (path, (char *) out->data, out->len, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static gboolean
has_label (GtkWidget  *root,
           const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_widgets (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), text) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
dialog_ready (gpointer data)
{
  return fol_photo_import_dialog_is_ready (data);
}

/* Drops @files (taken) on the page, as a file manager would, and returns
 * the Add Photos dialog it opens once each file is looked at.
 */
static FolPhotoImportDialog *
drop_files (Fixture *f,
            GSList  *files)
{
  g_auto(GValue) value = G_VALUE_INIT;
  GtkDropTarget *target = find_drop_target (GTK_WIDGET (f->page));
  FolPhotoImportDialog *dialog;
  gboolean accepted = FALSE;

  g_assert_nonnull (target);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_slist_free (files);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);

  dialog = FOL_PHOTO_IMPORT_DIALOG (find_message_dialog ());
  g_assert_nonnull (dialog);
  iterate_until (dialog_ready, dialog);
  return dialog;
}

/* A file that cannot be read says so in the dialog, before Add: the
 * missing-image sign for its thumbnail and the reason beside it.
 */
static void
test_drop_damaged (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) cut = write_photo (f, "cut.png", 0x806040ff);
  g_autoptr(GFile) good = write_photo (f, "good.png", 0x408060ff);
  g_autofree char *cut_path = g_file_get_path (cut);
  g_autofree char *contents = NULL;
  gsize length = 0;
  FolPhotoImportDialog *dialog;

  g_assert_true (g_file_get_contents (cut_path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (cut_path, contents, length / 2, NULL));

  dialog = drop_files (f, g_slist_append (g_slist_append (NULL, cut), good));

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GPtrArray) pictures = g_ptr_array_new ();
      GdkPaintable *paintable;

      collect_widgets (fol_photo_import_dialog_get_file_row (dialog, i), GTK_TYPE_PICTURE, pictures);
      paintable = gtk_picture_get_paintable (g_ptr_array_index (pictures, 0));
      g_assert_nonnull (paintable);
      g_assert_true (GTK_IS_ICON_PAINTABLE (paintable) == (i == 0));
    }
  g_assert_true (has_label (fol_photo_import_dialog_get_file_row (dialog, 0),
                            "“cut.png” is damaged or incomplete"));
  g_assert_false (has_label (fol_photo_import_dialog_get_file_row (dialog, 1),
                             "“good.png” is damaged or incomplete"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog),
                               adw_message_dialog_get_close_response (ADW_MESSAGE_DIALOG (dialog)));
  drain ();
}

/* Files dropped on the page: the dialog lists each with its name and
 * thumbnail, its visit preset to the one nearest to the day it was taken
 * (the camera's date, else the file's) and its region to the one shown;
 * each can be changed on its own, then they are imported.
 */
static void
test_drop_files (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GFile) camera = write_camera_jpeg (f, "camera-2025-01-12.jpg", "2025:01:12 09:30:00");
  g_autoptr(GFile) early = write_photo (f, "drop-early.png", 0x806040ff);
  g_autoptr(GFile) late = write_photo (f, "drop-late.png", 0x408060ff);
  FolPhotoImportDialog *dialog;

  /* The camera's date wins over the file's. */
  set_mtime (camera, fol_date_new (2025, 7, 12));
  set_mtime (early, fol_date_new (2025, 2, 1));
  set_mtime (late, fol_date_new (2025, 6, 1));

  fol_photos_page_set_region (f->page, FOL_REGION_OCCIPITAL);
  dialog = drop_files (f, g_slist_append (g_slist_append (g_slist_append (NULL, camera), early), late));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "import"));
  g_assert_cmpuint (fol_photo_import_dialog_get_n_files (dialog), ==, 3);

  /* Each file by name, with its thumbnail and its own visit and region. */
  for (guint i = 0; i < 3; i++)
    {
      GtkWidget *row = fol_photo_import_dialog_get_file_row (dialog, i);
      g_autofree char *name = g_file_get_basename (fol_photo_import_dialog_get_file (dialog, i));
      g_autoptr(GPtrArray) pictures = g_ptr_array_new ();
      g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
      g_autofree char *thumbnail = g_strdup_printf ("Thumbnail of “%s”", name);
      g_autofree char *visit = g_strdup_printf ("Visit of “%s”", name);
      g_autofree char *region = g_strdup_printf ("Region of “%s”", name);

      g_assert_true (has_label (row, name));
      collect_widgets (row, GTK_TYPE_PICTURE, pictures);
      g_assert_cmpuint (pictures->len, ==, 1);
      g_assert_nonnull (gtk_picture_get_paintable (g_ptr_array_index (pictures, 0)));
      gtk_test_accessible_assert_property (g_ptr_array_index (pictures, 0),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, thumbnail);
      collect_widgets (row, GTK_TYPE_DROP_DOWN, dropdowns);
      g_assert_cmpuint (dropdowns->len, ==, 2);
      gtk_test_accessible_assert_property (g_ptr_array_index (dropdowns, 0),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, visit);
      gtk_test_accessible_assert_property (g_ptr_array_index (dropdowns, 1),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, region);
      g_assert_cmpint (fol_photo_import_dialog_get_file_region (dialog, i), ==, FOL_REGION_OCCIPITAL);
    }
  g_assert_true (has_label (fol_photo_import_dialog_get_file_row (dialog, 0), "Taken on 12 January 2025"));
  g_assert_true (has_label (fol_photo_import_dialog_get_file_row (dialog, 1), "File dated 1 February 2025"));
  g_assert_cmpstr (fol_visit_get_id (fol_photo_import_dialog_get_file_visit (dialog, 0)), ==, f->baseline_id);
  g_assert_cmpstr (fol_visit_get_id (fol_photo_import_dialog_get_file_visit (dialog, 1)), ==, f->baseline_id);
  g_assert_cmpstr (fol_visit_get_id (fol_photo_import_dialog_get_file_visit (dialog, 2)), ==, f->follow_up_id);
  fol_test_assert_all_named (GTK_WIDGET (dialog));

  /* Tab reaches every row's visit and region. */
  {
    g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
    g_autoptr(GHashTable) reached = g_hash_table_new (NULL, NULL);

    for (guint i = 0; i < 3; i++)
      collect_widgets (fol_photo_import_dialog_get_file_row (dialog, i), GTK_TYPE_DROP_DOWN,
                       dropdowns);
    g_assert_cmpuint (dropdowns->len, ==, 6);
    for (guint step = 0; step < 100; step++)
      {
        GtkWidget *focus;

        gtk_widget_child_focus (GTK_WIDGET (dialog), GTK_DIR_TAB_FORWARD);
        focus = gtk_root_get_focus (GTK_ROOT (dialog));
        for (guint i = 0; focus != NULL && i < dropdowns->len; i++)
          if (focus == g_ptr_array_index (dropdowns, i) ||
              gtk_widget_is_ancestor (focus, g_ptr_array_index (dropdowns, i)))
            g_hash_table_add (reached, g_ptr_array_index (dropdowns, i));
      }
    g_assert_cmpuint (g_hash_table_size (reached), ==, 6);
  }

  /* One visit for all, and back to each photo's own. */
  fol_photo_import_dialog_set_visit (dialog, fol_photo_import_dialog_get_file_visit (dialog, 2));
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (fol_visit_get_id (fol_photo_import_dialog_get_file_visit (dialog, i)), ==,
                     f->follow_up_id);
  fol_photo_import_dialog_set_visit (dialog, NULL);
  g_assert_cmpstr (fol_visit_get_id (fol_photo_import_dialog_get_file_visit (dialog, 0)), ==, f->baseline_id);

  /* The region for all, then one photo's own. */
  fol_photo_import_dialog_set_region (dialog, FOL_REGION_PARIETAL_LEFT);
  fol_photo_import_dialog_set_file_region (dialog, 2, FOL_REGION_VERTEX);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "import");
  drain ();

  iterate_until (import_done, f->page);
  /* The camera's day is not the visit's: said, as a check. */
  g_assert_nonnull (strstr (fol_photos_page_get_import_messages (f->page),
                            "“camera-2025-01-12.jpg” was taken on 12 January 2025, not on the day "
                            "of its visit (10 January 2025)"));
  fol_photos_page_set_region (f->page, FOL_REGION_NONE);
  {
    GListModel *model = fol_photos_page_get_model (f->page);
    guint n_found = 0;

    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(FolPhoto) photo = g_list_model_get_item (model, i);
        const char *name = fol_photo_get_original_name (photo);

        if (g_str_equal (name, "drop-late.png"))
          {
            g_assert_cmpuint (fol_photo_get_region (photo), ==, FOL_REGION_VERTEX);
            g_assert_cmpstr (fol_photo_get_visit_id (photo), ==, f->follow_up_id);
          }
        else
          {
            g_assert_cmpuint (fol_photo_get_region (photo), ==, FOL_REGION_PARIETAL_LEFT);
            g_assert_cmpstr (fol_photo_get_visit_id (photo), ==, f->baseline_id);
          }
        n_found++;
      }
    g_assert_cmpuint (n_found, ==, 3);
  }
}

static GtkWidget *
find_in_toplevels (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      g_autoptr(GPtrArray) found = g_ptr_array_new ();

      collect_widgets (window, type, found);
      if (found->len > 0)
        return g_ptr_array_index (found, 0);
    }
  return NULL;
}

static gboolean
has_width (gpointer data)
{
  return gtk_widget_get_width (data) > 0;
}

/* The photo covers the view where it is larger than it, and is centred
 * where it is smaller: never a blank band on one side.
 */
static void
assert_no_band (FolPhotoCanvas *canvas,
                double          image_width,
                double          image_height)
{
  double w = gtk_widget_get_width (GTK_WIDGET (canvas));
  double h = gtk_widget_get_height (GTK_WIDGET (canvas));
  double x0, y0, x1, y1;

  /* Side by side, the first photo has the left half, less a 4 px gap. */
  if (fol_photo_canvas_get_mode (canvas) == FOL_CANVAS_SIDE_BY_SIDE)
    w = (w - 4) / 2;

  fol_photo_canvas_image_to_widget (canvas, 0, 0, &x0, &y0);
  fol_photo_canvas_image_to_widget (canvas, image_width, image_height, &x1, &y1);
  g_test_message ("view %g × %g, photo from (%g, %g) to (%g, %g)", w, h, x0, y0, x1, y1);
  if (x1 - x0 >= w)
    g_assert_true (x0 <= 0.5 && x1 >= w - 0.5);
  else
    g_assert_cmpfloat (fabs (x0 - (w - x1)), <, 1);
  if (y1 - y0 >= h)
    g_assert_true (y0 <= 0.5 && y1 >= h - 0.5);
  else
    g_assert_cmpfloat (fabs (y0 - (h - y1)), <, 1);
}

/* Two photos of one visit are told apart in the lists; "All Regions"
 * compares a region that has a baseline and a latest photo; a panned
 * side-by-side view switched to the swipe leaves no blank band.
 */
static void
test_compare (Fixture       *f,
              gconstpointer  data)
{
  FolPhotoCompare *compare;
  FolPhotoCanvas *canvas;
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
  GListModel *labels;

  import_one (f, "baseline.png", 0x604030ff, f->baseline_id);
  import_one (f, "follow-up-1.png", 0x302010ff, f->follow_up_id);
  import_one (f, "follow-up-2.png", 0x403020ff, f->follow_up_id);
  /* The newest photo, of a region photographed once. */
  {
    g_autoptr(GFile) file = write_photo (f, "frontal.png", 0x101010ff);

    fol_photos_page_import (f->page, &file, 1, f->follow_up_id, FOL_REGION_FRONTAL);
    iterate_until (import_done, f->page);
  }

  g_assert_cmpint (fol_photos_page_get_region (f->page), ==, FOL_REGION_NONE);
  fol_photos_page_select_photo (f->page, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "photos.compare", NULL));
  compare = FOL_PHOTO_COMPARE (find_in_toplevels (FOL_TYPE_PHOTO_COMPARE));
  g_assert_nonnull (compare);
  iterate_until (compare_loaded, compare);
  g_assert_cmpuint (fol_photo_compare_get_n_photos (compare), ==, 3);
  g_assert_cmpuint (fol_photo_get_region (fol_photo_compare_get_photo (compare, 0)), ==,
                    FOL_REGION_VERTEX);
  g_assert_cmpstr (fol_photo_get_visit_id (fol_photo_compare_get_photo (compare, 0)), ==,
                   f->baseline_id);
  g_assert_cmpstr (fol_photo_get_visit_id (fol_photo_compare_get_photo (compare, 1)), ==,
                   f->follow_up_id);

  /* Every entry of the lists is different. */
  collect_widgets (GTK_WIDGET (compare), GTK_TYPE_DROP_DOWN, dropdowns);
  g_assert_cmpuint (dropdowns->len, ==, 2);
  labels = gtk_drop_down_get_model (g_ptr_array_index (dropdowns, 0));
  g_assert_cmpuint (g_list_model_get_n_items (labels), ==, 3);
  for (guint i = 0; i < 3; i++)
    for (guint j = i + 1; j < 3; j++)
      {
        const char *a = gtk_string_list_get_string (GTK_STRING_LIST (labels), i);
        const char *b = gtk_string_list_get_string (GTK_STRING_LIST (labels), j);

        g_test_message ("“%s” / “%s”", a, b);
        g_assert_cmpstr (a, !=, b);
      }

  /* Side by side, zoomed in and panned to the right edge, then the swipe. */
  canvas = fol_photo_compare_get_canvas (compare);
  iterate_until (has_width, canvas);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (compare), "compare.zoom-in", NULL));
  fol_photo_canvas_pan_by (canvas, 1.0, 1.0);
  assert_no_band (canvas, 400, 300);
  fol_photo_canvas_set_mode (canvas, FOL_CANVAS_SWIPE);
  assert_no_band (canvas, 400, 300);
  /* Zoomed further and panned the other way, then side by side again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (compare), "compare.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (compare), "compare.zoom-in", NULL));
  fol_photo_canvas_pan_by (canvas, -1.0, -1.0);
  assert_no_band (canvas, 400, 300);
  fol_photo_canvas_set_mode (canvas, FOL_CANVAS_SIDE_BY_SIDE);
  assert_no_band (canvas, 400, 300);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (compare), "compare.close", NULL));
  drain ();
}

static gboolean
tiles_shown (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();

  collect_widgets (GTK_WIDGET (f->page), FOL_TYPE_PHOTO_TILE, tiles);
  return tiles->len > 0 && thumbnails_cached (fol_photos_page_get_model (f->page));
}

static gboolean
tile_picture_has_tooltip (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) pictures = g_ptr_array_new ();

  collect_widgets (GTK_WIDGET (f->page), GTK_TYPE_PICTURE, pictures);
  for (guint i = 0; i < pictures->len; i++)
    if (gtk_widget_get_tooltip_text (g_ptr_array_index (pictures, i)) != NULL)
      return TRUE;
  return FALSE;
}

/* Thumbnail captions are shown whole, and read whole by a screen reader. */
static void
test_tile_captions (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();

  import_one (f, "caption.png", 0x604030ff, f->follow_up_id);
  fol_photos_page_set_region (f->page, FOL_REGION_NONE);
  iterate_until (tiles_shown, f);
  drain ();

  collect_widgets (GTK_WIDGET (f->page), FOL_TYPE_PHOTO_TILE, tiles);
  for (guint i = 0; i < tiles->len; i++)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      g_autoptr(GPtrArray) pictures = g_ptr_array_new ();
      gboolean seen_visit = FALSE;

      collect_widgets (g_ptr_array_index (tiles, i), GTK_TYPE_LABEL, labels);
      for (guint j = 0; j < labels->len; j++)
        {
          GtkLabel *label = g_ptr_array_index (labels, j);
          const char *text = gtk_label_get_text (label);

          g_test_message ("caption “%s”, %d px wide", text, gtk_widget_get_width (GTK_WIDGET (label)));
          g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
          g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (label)), ==, text);
          if (g_str_equal (text, "10 July 2025 — Follow-up"))
            seen_visit = TRUE;
        }
      g_assert_true (seen_visit);

      collect_widgets (g_ptr_array_index (tiles, i), GTK_TYPE_PICTURE, pictures);
      gtk_test_accessible_assert_property (g_ptr_array_index (pictures, 0),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           "Photo of Vertex (crown), 10 July 2025 — Follow-up");
    }
}

/* A photo whose stored file cannot be read (here cut short after it was
 * added) shows a missing-image sign with the reason, not an empty space.
 */
static void
test_tile_unreadable (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();
  g_autoptr(GPtrArray) pictures = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GtkPicture *picture;

  /* Added while the gallery shows another region: no thumbnail made yet. */
  fol_photos_page_set_region (f->page, FOL_REGION_FRONTAL);
  import_one (f, "damaged.png", 0x306040ff, f->follow_up_id);
  photos = fol_store_list_photos (FOL_STORE (f->store), f->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 1);
  path = fol_photo_get_path (FOL_STORE (f->store), g_ptr_array_index (photos, 0));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, length / 2, NULL));

  fol_photos_page_set_region (f->page, FOL_REGION_NONE);
  iterate_until (tile_picture_has_tooltip, f);

  collect_widgets (GTK_WIDGET (f->page), FOL_TYPE_PHOTO_TILE, tiles);
  g_assert_cmpuint (tiles->len, ==, 1);
  collect_widgets (g_ptr_array_index (tiles, 0), GTK_TYPE_PICTURE, pictures);
  picture = g_ptr_array_index (pictures, 0);
  g_assert_true (GTK_IS_ICON_PAINTABLE (gtk_picture_get_paintable (picture)));
  /* Named as it was added, not by the copy's hash in the photo folder. */
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (picture)), ==,
                   "“damaged.png” is damaged or incomplete");
  gtk_test_accessible_assert_property (picture, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "“damaged.png” is damaged or incomplete");

  /* Nothing is counted on it: no mark, no count written to the visit,
   * even calibrated, with its counting field in place.
   */
  {
    FolPhotoCounter *counter = fol_photos_page_open_counter (f->page, g_ptr_array_index (photos, 0));
    g_autoptr(FolHistory) history = NULL;

    g_autoptr(GPtrArray) pages = g_ptr_array_new ();
    AdwStatusPage *page;

    iterate_until (counter_loaded, counter);
    g_assert_cmpstr (fol_photo_counter_get_status (counter), ==, "“damaged.png” is damaged or incomplete");
    /* Said where the photo would be, too. */
    collect_widgets (GTK_WIDGET (counter), ADW_TYPE_STATUS_PAGE, pages);
    g_assert_cmpuint (pages->len, ==, 1);
    page = g_ptr_array_index (pages, 0);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page)));
    g_assert_cmpstr (adw_status_page_get_title (page), ==, "This Photo Cannot Be Shown");
    g_assert_cmpstr (adw_status_page_get_description (page), ==, "“damaged.png” is damaged or incomplete");
    g_assert_true (fol_photo_counter_calibrate (counter, 50, 20, 150, 20, 10, &error));
    g_assert_no_error (error);
    gtk_widget_activate_action (GTK_WIDGET (counter), "counter.act-here", NULL);
    gtk_widget_activate_action (GTK_WIDGET (counter), "counter.use-for-visit", NULL);
    drain ();
    g_assert_null (find_message_dialog ());
    g_assert_cmpuint (fol_photo_counter_get_n_marks (counter), ==, 0);
    g_assert_false (fol_photo_counter_use_for_visit (counter, &error));
    g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED);
    g_assert_cmpstr (error->message, ==, "This photo cannot be shown, so nothing is counted on it.");
    history = fol_store_load_history (FOL_STORE (f->store), f->patient_id, NULL);
    g_assert_null (vertex_at (f, history, f->follow_up_id));
    gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (counter))));
  }
}

static void
save_split (Fixture *f,
            double   total,
            double   terminal,
            double   vellus)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolHistory) history = fol_store_load_history (FOL_STORE (f->store), f->patient_id, &error);
  g_autoptr(GPtrArray) measurements = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FolMeasurement) m = fol_measurement_new ();

  g_assert_no_error (error);
  fol_measurement_set_visit_id (m, f->follow_up_id);
  fol_measurement_set_region (m, FOL_REGION_VERTEX);
  fol_measurement_set_total_density (m, total);
  fol_measurement_set_terminal_density (m, terminal);
  fol_measurement_set_vellus_density (m, vellus);
  g_ptr_array_add (measurements, g_steal_pointer (&m));
  for (guint i = 0; i < fol_history_get_n_visits (history); i++)
    if (g_str_equal (fol_visit_get_id (fol_history_get_visit (history, i)), f->follow_up_id))
      fol_store_save_visit (FOL_STORE (f->store), fol_history_get_visit (history, i), measurements,
                            &error);
  g_assert_no_error (error);
}

static FolMeasurement *
load_vertex (Fixture     *f,
             FolHistory **out_history)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (out_history);
  *out_history = fol_store_load_history (FOL_STORE (f->store), f->patient_id, &error);
  g_assert_no_error (error);
  return vertex_at (f, *out_history, f->follow_up_id);
}

/* Answers @dialog as its button would, which also closes it. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  drain ();
}

/* A count that does not fit the visit's terminal/vellus split asks what to
 * do: rescale the split, clear it, or leave everything as it was.
 */
static void
test_counter_split (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolPhoto) photo = NULL;
  g_autoptr(GError) error = NULL;
  FolPhotoCounter *counter;
  AdwMessageDialog *dialog;
  FolMeasurement *m;
  const char *body;

  import_one (f, "count.png", 0x604030ff, f->follow_up_id);
  save_split (f, 120, 74, 46);
  photo = g_list_model_get_item (fol_photos_page_get_model (f->page), 0);

  counter = fol_photos_page_open_counter (f->page, photo);
  iterate_until (counter_loaded, counter);
  fol_photo_counter_calibrate (counter, 50, 20, 150, 20, 10, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 6; i++)
    fol_photo_counter_add_mark (counter, 160 + i * 10, 150);
  g_assert_cmpfloat_with_epsilon (fol_photo_counter_get_density (counter), 6.0, 1e-9);

  /* Cancel: nothing changes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (counter), "counter.use-for-visit", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "rescale"));
  g_assert_true (adw_message_dialog_has_response (dialog, "clear"));
  g_assert_true (adw_message_dialog_has_response (dialog, "cancel"));
  body = adw_message_dialog_get_body (dialog);
  g_test_message ("%s", body);
  g_assert_nonnull (strstr (body, "terminal 74.0 and vellus 46.0 hairs/cm²"));
  g_assert_nonnull (strstr (body, "6.0 hairs/cm²"));
  g_assert_nonnull (strstr (body, "terminal 3.7 and vellus 2.3"));
  respond (dialog, "cancel");
  drain ();
  m = load_vertex (f, &history);
  g_assert_cmpfloat (fol_measurement_get_total_density (m), ==, 120);
  g_assert_cmpfloat (fol_measurement_get_vellus_density (m), ==, 46);

  /* Rescale: the split keeps its proportions at the new density. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (counter), "counter.use-for-visit", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  respond (dialog, "rescale");
  drain ();
  m = load_vertex (f, &history);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_total_density (m), 6.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_terminal_density (m), 3.7, 1e-9);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_vellus_density (m), 2.3, 1e-9);
  g_assert_cmpfloat (fol_measurement_get_hair_count (m), ==, 6);
  g_assert_nonnull (strstr (fol_photo_counter_get_status (counter), "saved to the visit"));

  /* The message goes as soon as the count changes. */
  fol_photo_counter_add_mark (counter, 200, 170);
  g_assert_null (strstr (fol_photo_counter_get_status (counter), "saved to the visit"));

  /* Clear: the split goes, the count is written. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (counter), "counter.use-for-visit", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "clear"));
  respond (dialog, "clear");
  drain ();
  m = load_vertex (f, &history);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_total_density (m), 7.0, 1e-9);
  g_assert_true (isnan (fol_measurement_get_terminal_density (m)));
  g_assert_true (isnan (fol_measurement_get_vellus_density (m)));

  /* A count the visit refuses is said in a dialog, not only in the status
   * line: 7 hairs on 0.01 cm² are 700 /cm², above the 600 allowed.
   */
  {
    FolPhotoField small = { FOL_FIELD_SQUARE, 200, 150, 1.0 };

    fol_photo_counter_set_field (counter, &small);
    for (guint i = 0; i < 6; i++)
      fol_photo_counter_add_mark (counter, 197 + i, 152);
    g_assert_cmpuint (fol_photo_counter_get_count (counter), ==, 7);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (counter), "counter.use-for-visit", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  respond (dialog, "replace");
  drain ();
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Count Was Not Saved to the Visit");
  g_test_message ("%s", adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "between 0 and 600"));
  respond (dialog, "close");
  drain ();
  m = load_vertex (f, &history);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_total_density (m), 7.0, 1e-9);
  /* And the status line follows the count again once it changes. */
  g_assert_nonnull (strstr (fol_photo_counter_get_status (counter), "between 0 and 600"));
  fol_photo_counter_remove_mark (counter, fol_photo_counter_get_n_marks (counter) - 1);
  g_assert_null (strstr (fol_photo_counter_get_status (counter), "between 0 and 600"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (counter), "counter.close", NULL));
  drain ();
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
  g_test_add ("/photos-ui/drop-damaged", Fixture, NULL, fixture_setup, test_drop_damaged, fixture_teardown);
  g_test_add ("/photos-ui/compare", Fixture, NULL, fixture_setup, test_compare, fixture_teardown);
  g_test_add ("/photos-ui/tile-captions", Fixture, NULL, fixture_setup, test_tile_captions, fixture_teardown);
  g_test_add ("/photos-ui/tile-unreadable", Fixture, NULL, fixture_setup, test_tile_unreadable, fixture_teardown);
  g_test_add ("/photos-ui/counter-split", Fixture, NULL, fixture_setup, test_counter_split, fixture_teardown);

  status = g_test_run ();
  remove_tree (cache);
  return status;
}
