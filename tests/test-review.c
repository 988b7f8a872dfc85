/* test-review.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "fol-chart-view.h"
#include "fol-patient-file.h"
#include "fol-photo-files.h"
#include "fol-photo-import.h"
#include "fol-pin-private.h"
#include "fol-preferences-window.h"
#include "fol-summary.h"
#include "fol-test-a11y.h"
#include "fol-test-review.h"

/* Every label's text in @widget's tree, and the window title. */
static void
collect_texts (GtkWidget *widget,
               GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
  if (GTK_IS_WINDOW (widget) && gtk_window_get_title (GTK_WINDOW (widget)) != NULL)
    g_ptr_array_add (texts, g_strdup (gtk_window_get_title (GTK_WINDOW (widget))));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

static gboolean
any_text_contains (GPtrArray  *texts,
                   const char *needle)
{
  for (guint i = 0; i < texts->len; i++)
    if (strstr (g_ptr_array_index (texts, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

/* Nothing typed, nothing that writes: only the review's own actions and
 * the window's title-bar buttons. A part hidden for good (the search field
 * of a drop-down without search) is skipped; a closed popover is not, it
 * can be opened.
 */
static void
assert_read_only (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget) && !GTK_IS_POPOVER (widget) && !GTK_IS_NATIVE (widget))
    return;

  if (GTK_IS_EDITABLE (widget))
    g_error ("%s in %s is editable", G_OBJECT_TYPE_NAME (widget),
             G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));

  if (GTK_IS_ACTIONABLE (widget))
    {
      const char *action = gtk_actionable_get_action_name (GTK_ACTIONABLE (widget));

      if (action != NULL && !g_str_has_prefix (action, "review.")
          && !g_str_has_prefix (action, "window."))
        g_error ("%s has the action %s", G_OBJECT_TYPE_NAME (widget), action);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_read_only (child);
}

static void
review_body (gpointer fixture)
{
  FolTestApp *t = fixture;
  GtkApplication *app = GTK_APPLICATION (t->app);
  FolStore *store = fol_application_get_store (t->app);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolPatient) patient = pick_patient (store, &history);
  g_autoptr(GListModel) patients = fol_store_list_patients (store, NULL, &error);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = NULL;
  const char *name = fol_patient_get_name (patient);
  GtkWidget *window;
  guint n_expected = 0, n_others = 0;

  window = fol_review_window_new (app, store, fol_patient_get_id (patient), FALSE);
  gtk_window_present (GTK_WINDOW (window));
  fol_test_iterate ();

  g_assert_cmpstr (fol_review_window_get_patient_id (FOL_REVIEW_WINDOW (window)), ==,
                   fol_patient_get_id (patient));
  g_assert_false (fol_review_window_get_from_file (FOL_REVIEW_WINDOW (window)));

  /* This patient's name, and no other. */
  collect_texts (window, texts);
  g_assert_true (any_text_contains (texts, name));
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (patients); i++)
    {
      g_autoptr(FolPatient) other = g_list_model_get_item (patients, i);
      const char *other_name = fol_patient_get_name (other);

      if (g_strcmp0 (fol_patient_get_id (other), fol_patient_get_id (patient)) == 0
          || strstr (name, other_name) != NULL)
        continue;
      g_assert_false (any_text_contains (texts, other_name));
      n_others++;
    }
  g_assert_cmpuint (n_others, >, 0);

  assert_read_only (window);
  fol_test_assert_all_named (window);

  /* The demo clinic has no photos: a sentence says so. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (
    gtk_widget_get_template_child (window, FOL_TYPE_REVIEW_WINDOW, "no_photos_label"))));

  /* One plain-language line per measured region, total density first. */
  g_assert_cmpint (_fol_review_window_get_measure (FOL_REVIEW_WINDOW (window)), ==,
                   FOL_MEASURE_TOTAL_DENSITY);
  lines = _fol_review_window_dup_summary_lines (FOL_REVIEW_WINDOW (window));
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      g_autofree char *line = fol_summary_region_line (history, FOL_MEASURE_TOTAL_DENSITY, r,
                                                       FOL_DEFAULT_CHANGE_THRESHOLD);

      if (line == NULL)
        continue;
      g_assert_nonnull (lines[n_expected]);
      g_assert_cmpstr (lines[n_expected], ==, line);
      n_expected++;
    }
  g_assert_cmpuint (n_expected, >=, 2);
  g_assert_null (lines[n_expected]);
  g_assert_nonnull (fol_chart_view_get_data (FOL_CHART_VIEW (
    gtk_widget_get_template_child (window, FOL_TYPE_REVIEW_WINDOW, "chart_view"))));

  /* Escape asks first; staying keeps the review. */
  gtk_widget_activate_action (window, "review.exit", NULL);
  fol_test_iterate ();
  g_assert_nonnull (_fol_review_window_get_leave_dialog (FOL_REVIEW_WINDOW (window)));
  _fol_review_window_answer_leave (FOL_REVIEW_WINDOW (window), "cancel", NULL);
  fol_test_iterate ();
  g_assert_true (is_open (app, window));
  g_assert_null (_fol_review_window_get_leave_dialog (FOL_REVIEW_WINDOW (window)));

  /* The close button asks too; leaving closes it. */
  gtk_window_close (GTK_WINDOW (window));
  fol_test_iterate ();
  g_assert_true (is_open (app, window));
  g_assert_nonnull (_fol_review_window_get_leave_dialog (FOL_REVIEW_WINDOW (window)));
  _fol_review_window_answer_leave (FOL_REVIEW_WINDOW (window), "leave", NULL);
  fol_test_iterate ();
  g_assert_false (is_open (app, window));
}

static void
test_review_leave (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, review_body);
}

static void
pin_body (gpointer fixture)
{
  FolTestApp *t = fixture;
  GtkApplication *app = GTK_APPLICATION (t->app);
  FolStore *store = fol_application_get_store (t->app);
  GSettings *settings = fol_application_get_settings (t->app);
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolPatient) patient = pick_patient (store, &history);
  GtkWidget *window;
  AdwMessageDialog *dialog;

  set_pin (settings, "2468");
  window = fol_review_window_new (app, store, fol_patient_get_id (patient), FALSE);
  gtk_window_present (GTK_WINDOW (window));
  fol_test_iterate ();

  gtk_window_close (GTK_WINDOW (window));
  fol_test_iterate ();
  dialog = _fol_review_window_get_leave_dialog (FOL_REVIEW_WINDOW (window));
  g_assert_nonnull (dialog);
  g_assert_true (GTK_IS_PASSWORD_ENTRY (adw_message_dialog_get_extra_child (dialog)));
  fol_test_assert_all_named (GTK_WIDGET (dialog));

  /* A wrong PIN keeps the review open. */
  _fol_review_window_answer_leave (FOL_REVIEW_WINDOW (window), "leave", "1111");
  fol_test_iterate ();
  g_assert_true (is_open (app, window));

  /* No PIN typed at all, neither. */
  gtk_window_close (GTK_WINDOW (window));
  fol_test_iterate ();
  _fol_review_window_answer_leave (FOL_REVIEW_WINDOW (window), "leave", NULL);
  fol_test_iterate ();
  g_assert_true (is_open (app, window));

  /* The right one closes it. */
  gtk_window_close (GTK_WINDOW (window));
  fol_test_iterate ();
  _fol_review_window_answer_leave (FOL_REVIEW_WINDOW (window), "leave", "2468");
  fol_test_iterate ();
  g_assert_false (is_open (app, window));

  g_settings_reset (settings, "review-pin-hash");
}

static void
test_review_pin (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, pin_body);
}

static void
shared_file_body (gpointer fixture)
{
  FolTestApp *t = fixture;
  GtkApplication *app = GTK_APPLICATION (t->app);
  FolStore *store = fol_application_get_store (t->app);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolPatient) patient = pick_patient (store, &history);
  g_autofree char *path = g_build_filename (t->dir, "patient.follicle", NULL);
  g_autoptr(FolSqliteStore) shared = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *patient_id = NULL;
  GtkWidget *window;

  /* Even with a PIN set, the patient's own copy closes at once. */
  set_pin (fol_application_get_settings (t->app), "2468");

  g_assert_true (fol_patient_file_write (store, fol_patient_get_id (patient), path,
                                          FOL_PATIENT_FILE_FLAGS_NONE, &error));
  g_assert_no_error (error);
  shared = fol_patient_file_open (path, &patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (patient_id, ==, fol_patient_get_id (patient));

  window = fol_review_window_new (app, FOL_STORE (shared), patient_id, TRUE);
  gtk_window_present (GTK_WINDOW (window));
  fol_test_iterate ();

  g_assert_true (fol_review_window_get_from_file (FOL_REVIEW_WINDOW (window)));
  collect_texts (window, texts);
  g_assert_true (any_text_contains (texts, fol_patient_get_name (patient)));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "Own Copy"));
  assert_read_only (window);
  fol_test_assert_all_named (window);

  gtk_window_close (GTK_WINDOW (window));
  fol_test_iterate ();
  g_assert_false (is_open (app, window));

  /* The same through the one call that opens a file. */
  window = fol_review_window_open_file (app, path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fol_review_window_get_patient_id (FOL_REVIEW_WINDOW (window)), ==, patient_id);
  g_assert_true (fol_review_window_get_from_file (FOL_REVIEW_WINDOW (window)));
  gtk_window_present (GTK_WINDOW (window));
  fol_test_iterate ();
  gtk_window_close (GTK_WINDOW (window));
  fol_test_iterate ();
  g_assert_false (is_open (app, window));

  /* A damaged file is refused with a reason, and opens nothing. */
  g_assert_true (g_file_set_contents (path, "not a patient file", -1, &error));
  g_assert_no_error (error);
  g_assert_null (fol_review_window_open_file (app, path, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (app)), ==, 1);

  g_settings_reset (fol_application_get_settings (t->app), "review-pin-hash");
  g_clear_object (&shared);
  g_unlink (path);
}

static void
test_review_shared_file (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, shared_file_body);
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
import_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = fol_photo_import_finish (FOL_STORE (source), result, &error);
  g_assert_no_error (error);
}

static void
import_photo (FolTestApp *t,
              FolStore   *store,
              const char *visit_id,
              const char *name,
              guint32     colour)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 400, 300);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (t->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) results = NULL;

  gdk_pixbuf_fill (pixbuf, colour);
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);

  fol_photo_import_async (store, visit_id, FOL_REGION_VERTEX, &file, 1, NULL, NULL, NULL,
                          import_cb, &results);
  while (results == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (results->len, ==, 1);
  g_unlink (path);
}

static void
collect_pictures (GtkWidget *widget,
                  GPtrArray *pictures)
{
  if (GTK_IS_PICTURE (widget))
    g_ptr_array_add (pictures, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_pictures (child, pictures);
}

/* A photo at the patient's first visit and one at the latest. */
static void
import_before_after (FolTestApp *t,
                     FolStore   *store,
                     FolHistory *history,
                     guint32     before_rgba,
                     guint32     after_rgba)
{
  guint n_visits = fol_history_get_n_visits (history);

  g_assert_cmpuint (n_visits, >=, 2);
  import_photo (t, store, fol_visit_get_id (fol_history_get_visit (history, 0)), "before.png",
                before_rgba);
  import_photo (t, store, fol_visit_get_id (fol_history_get_visit (history, n_visits - 1)),
                "after.png", after_rgba);
}

/* Shows @window and waits until both its photos have a picture (or 10 s);
 * they go into @pictures, before first.
 */
static void
wait_for_pictures (GtkWidget *window,
                   GPtrArray *pictures)
{
  gint64 deadline;

  gtk_window_present (GTK_WINDOW (window));
  fol_test_iterate ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (
    gtk_widget_get_template_child (window, FOL_TYPE_REVIEW_WINDOW, "no_photos_label"))));
  collect_pictures (window, pictures);
  g_assert_cmpuint (pictures->len, ==, 2);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((gtk_picture_get_paintable (g_ptr_array_index (pictures, 0)) == NULL
          || gtk_picture_get_paintable (g_ptr_array_index (pictures, 1)) == NULL)
         && g_get_monotonic_time () < deadline)
    fol_test_wait (20);
}

static void
photos_body (gpointer fixture)
{
  FolTestApp *t = fixture;
  GtkApplication *app = GTK_APPLICATION (t->app);
  FolStore *store = fol_application_get_store (t->app);
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolPatient) patient = pick_patient (store, &history);
  g_autoptr(GPtrArray) pictures = g_ptr_array_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *photo_dir = fol_photo_dir (store);
  guint n_visits = fol_history_get_n_visits (history);
  FolVisit *first = fol_history_get_visit (history, 0);
  FolVisit *last = fol_history_get_visit (history, n_visits - 1);
  g_autofree char *first_date = fol_date_format (fol_visit_get_date (first));
  g_autofree char *last_date = fol_date_format (fol_visit_get_date (last));
  g_autofree char *before = NULL;
  g_autofree char *latest = NULL;
  GtkWidget *window;

  import_before_after (t, store, history, 0x803020ff, 0x204080ff);

  /* Baseline beside latest, each with its date, both loaded. */
  window = fol_review_window_new (app, store, fol_patient_get_id (patient), FALSE);
  wait_for_pictures (window, pictures);
  for (guint i = 0; i < 2; i++)
    {
      GdkPaintable *paintable = gtk_picture_get_paintable (g_ptr_array_index (pictures, i));

      g_assert_nonnull (paintable);
      g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 400);
      g_assert_nonnull (gtk_picture_get_alternative_text (g_ptr_array_index (pictures, i)));
    }

  collect_texts (window, texts);
  before = g_strdup_printf ("Before: %s", g_strstrip (first_date));
  latest = g_strdup_printf ("Latest: %s", g_strstrip (last_date));
  g_assert_true (any_text_contains (texts, before));
  g_assert_true (any_text_contains (texts, latest));
  fol_test_assert_all_named (window);

  gtk_window_destroy (GTK_WINDOW (window));
  fol_test_iterate ();
  remove_tree (photo_dir);
}

static void
test_review_photos (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, photos_body);
}

/* A photo whose file cannot be read (here cut short after it was added)
 * shows as a plain sign with a plain sentence, not as an empty space, and
 * says nothing of the clinic's files.
 */
static void
unreadable_photo_body (gpointer fixture)
{
  FolTestApp *t = fixture;
  GtkApplication *app = GTK_APPLICATION (t->app);
  FolStore *store = fol_application_get_store (t->app);
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolPatient) patient = pick_patient (store, &history);
  g_autoptr(GPtrArray) pictures = g_ptr_array_new ();
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *photo_dir = fol_photo_dir (store);
  GtkWidget *window;

  import_before_after (t, store, history, 0x803020ff, 0x204080ff);
  photos = fol_store_list_photos (store, fol_patient_get_id (patient), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < photos->len; i++)
    {
      FolPhoto *photo = g_ptr_array_index (photos, i);

      if (g_strcmp0 (fol_photo_get_original_name (photo), "after.png") == 0)
        {
          g_autofree char *path = fol_photo_get_path (store, photo);
          g_autofree char *contents = NULL;
          gsize length = 0;

          g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
          g_assert_cmpint (g_chmod (path, 0600), ==, 0);
          g_assert_true (g_file_set_contents (path, contents, length / 2, NULL));
        }
    }

  window = fol_review_window_new (app, store, fol_patient_get_id (patient), FALSE);
  wait_for_pictures (window, pictures);

  /* Before, loaded; latest, the sign. */
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (gtk_picture_get_paintable (g_ptr_array_index (pictures, 0))),
                   ==, 400);
  g_assert_true (GTK_IS_ICON_PAINTABLE (gtk_picture_get_paintable (g_ptr_array_index (pictures, 1))));
  g_assert_cmpstr (gtk_picture_get_alternative_text (g_ptr_array_index (pictures, 1)), ==,
                   "This photo cannot be shown");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (g_ptr_array_index (pictures, 1)), ==,
                   "This photo cannot be shown");
  fol_test_assert_all_named (window);

  gtk_window_destroy (GTK_WINDOW (window));
  fol_test_iterate ();
  remove_tree (photo_dir);
}

static void
test_review_unreadable_photo (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, unreadable_photo_body);
}

/* The paintable's pixel at (@x, @y), as 0xRRGGBB. */
static guint32
texture_pixel (GdkPaintable *paintable,
               int           x,
               int           y)
{
  GdkTexture *texture = GDK_TEXTURE (paintable);
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize) width * height);

  /* Premultiplied ARGB in native order; the photos are opaque. */
  gdk_texture_download (texture, (guchar *) pixels, (gsize) width * 4);
  return pixels[(gsize) y * width + x] & 0xffffff;
}

static gboolean
close_colour (guint32 a,
              guint32 b)
{
  for (int shift = 0; shift < 24; shift += 8)
    if (ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > 8)
      return FALSE;
  return TRUE;
}

/* `follicle FILE.follicle` shows the photos the file holds: the same
 * before and after pair as in the clinic, drawn from the file alone.
 */
static void
shared_file_photos_body (gpointer fixture)
{
  FolTestApp *t = fixture;
  GtkApplication *app = GTK_APPLICATION (t->app);
  FolStore *store = fol_application_get_store (t->app);
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolPatient) patient = pick_patient (store, &history);
  g_autoptr(GPtrArray) pictures = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *photo_dir = fol_photo_dir (store);
  g_autofree char *away = g_build_filename (t->dir, "elsewhere", NULL);
  g_autofree char *path = g_build_filename (away, "patient.follicle", NULL);
  const guint32 colours[] = { 0x803020, 0x204080 };
  GtkWidget *window;

  import_before_after (t, store, history, colours[0] << 8 | 0xff, colours[1] << 8 | 0xff);

  g_assert_cmpint (g_mkdir_with_parents (away, 0700), ==, 0);
  g_assert_true (fol_patient_file_write (store, fol_patient_get_id (patient), path,
                                         FOL_PATIENT_FILE_FLAGS_NONE, &error));
  g_assert_no_error (error);
  /* Only the file is left to show them from. */
  remove_tree (photo_dir);

  window = fol_review_window_open_file (app, path, &error);
  g_assert_no_error (error);
  wait_for_pictures (window, pictures);

  /* Before, then latest: each drawn at its size, in its own colour. */
  for (guint i = 0; i < 2; i++)
    {
      GdkPaintable *paintable = gtk_picture_get_paintable (g_ptr_array_index (pictures, i));
      guint32 pixel;

      g_assert_nonnull (paintable);
      g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 400);
      g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 300);
      pixel = texture_pixel (paintable, 200, 150);
      if (!close_colour (pixel, colours[i]))
        g_error ("photo %u is #%06x, not #%06x", i, pixel, colours[i]);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  fol_test_iterate ();
  remove_tree (away);
}

static void
test_review_shared_file_photos (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, shared_file_photos_body);
}

/* A PIN left in clear text by an older version is hashed at the start. */
static void
migrate_body (gpointer fixture)
{
  FolTestApp *t = fixture;
  GSettings *settings = fol_application_get_settings (t->app);
  g_autofree char *old = g_settings_get_string (settings, "review-pin");
  g_autofree char *hash = g_settings_get_string (settings, "review-pin-hash");

  g_assert_cmpstr (old, ==, "");
  g_assert_true (fol_pin_is_hash (hash));
  g_assert_null (strstr (hash, "1357"));
  g_assert_true (fol_pin_verify (hash, "1357"));
  g_settings_reset (settings, "review-pin-hash");
}

static void
test_review_migrate (void)
{
  FolTestApp t = { 0 };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_string (settings, "review-pin", "1357");
  fol_test_app_run (&t, TRUE, migrate_body);
}

/* The PIN is set, changed and cleared in the preferences; only its hash
 * is ever stored.
 */
static void
type_into (GtkWidget  *prefs,
           const char *row,
           const char *text)
{
  GObject *editable = gtk_widget_get_template_child (prefs, FOL_TYPE_PREFERENCES_WINDOW, row);

  g_assert_nonnull (editable);
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static const char *
pin_message (GtkWidget *prefs)
{
  return gtk_label_get_text (GTK_LABEL (
    gtk_widget_get_template_child (prefs, FOL_TYPE_PREFERENCES_WINDOW, "pin_message_label")));
}

static gboolean
settings_hold (GSettings  *settings,
               const char *text)
{
  g_autofree char *all = dup_settings_text (settings);

  return strstr (all, text) != NULL;
}

static char *
dup_hash (GSettings *settings)
{
  return g_settings_get_string (settings, "review-pin-hash");
}

static void
prefs_body (gpointer fixture)
{
  FolTestApp *t = fixture;
  GSettings *settings = fol_application_get_settings (t->app);
  GtkWidget *prefs = fol_preferences_window_new (settings);
  GtkWidget *current;
  g_autofree char *hash = NULL;

  gtk_window_present (GTK_WINDOW (prefs));
  fol_test_iterate ();
  current = GTK_WIDGET (gtk_widget_get_template_child (prefs, FOL_TYPE_PREFERENCES_WINDOW,
                                                      "pin_current_row"));
  g_assert_false (gtk_widget_get_visible (current));
  fol_test_assert_all_named (prefs);

  /* Two different entries, or too short a PIN: nothing is stored. */
  type_into (prefs, "pin_new_row", "2468");
  type_into (prefs, "pin_confirm_row", "2469");
  gtk_widget_activate_action (prefs, "pin.set", NULL);
  g_assert_nonnull (strstr (pin_message (prefs), "do not match"));
  hash = dup_hash (settings);
  g_assert_cmpstr (hash, ==, "");
  g_clear_pointer (&hash, g_free);

  type_into (prefs, "pin_new_row", "12");
  type_into (prefs, "pin_confirm_row", "12");
  gtk_widget_activate_action (prefs, "pin.set", NULL);
  g_assert_nonnull (strstr (pin_message (prefs), "at least 4"));
  hash = dup_hash (settings);
  g_assert_cmpstr (hash, ==, "");
  g_clear_pointer (&hash, g_free);

  /* Set: a hash, the PIN nowhere in the settings, the fields emptied. */
  type_into (prefs, "pin_new_row", "2468");
  type_into (prefs, "pin_confirm_row", "2468");
  gtk_widget_activate_action (prefs, "pin.set", NULL);
  hash = dup_hash (settings);
  g_assert_true (fol_pin_verify (hash, "2468"));
  g_assert_false (settings_hold (settings, "2468"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
    gtk_widget_get_template_child (prefs, FOL_TYPE_PREFERENCES_WINDOW, "pin_new_row"))), ==, "");
  g_assert_true (gtk_widget_get_visible (current));
  g_clear_pointer (&hash, g_free);

  /* Changing it needs the current PIN. */
  type_into (prefs, "pin_current_row", "0000");
  type_into (prefs, "pin_new_row", "1357");
  type_into (prefs, "pin_confirm_row", "1357");
  gtk_widget_activate_action (prefs, "pin.set", NULL);
  g_assert_nonnull (strstr (pin_message (prefs), "current PIN is wrong"));
  hash = dup_hash (settings);
  g_assert_true (fol_pin_verify (hash, "2468"));
  g_clear_pointer (&hash, g_free);

  type_into (prefs, "pin_current_row", "2468");
  type_into (prefs, "pin_new_row", "1357");
  type_into (prefs, "pin_confirm_row", "1357");
  gtk_widget_activate_action (prefs, "pin.set", NULL);
  hash = dup_hash (settings);
  g_assert_true (fol_pin_verify (hash, "1357"));
  g_assert_false (settings_hold (settings, "1357"));
  g_clear_pointer (&hash, g_free);

  /* Clearing it too. */
  type_into (prefs, "pin_current_row", "2468");
  gtk_widget_activate_action (prefs, "pin.clear", NULL);
  g_assert_nonnull (strstr (pin_message (prefs), "current PIN is wrong"));
  hash = dup_hash (settings);
  g_assert_true (fol_pin_verify (hash, "1357"));
  g_clear_pointer (&hash, g_free);

  type_into (prefs, "pin_current_row", "1357");
  gtk_widget_activate_action (prefs, "pin.clear", NULL);
  hash = dup_hash (settings);
  g_assert_cmpstr (hash, ==, "");
  g_assert_false (gtk_widget_get_visible (current));
  fol_test_assert_all_named (prefs);

  gtk_window_destroy (GTK_WINDOW (prefs));
  fol_test_iterate ();
}

static void
test_review_prefs_pin (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, FALSE, prefs_body);
}

/* After three wrong PINs each try waits longer: 1 s, 2 s, 4 s… The clock
 * is the test's, so no test waits seconds.
 */
static gint64 fake_now;

static gint64
fake_clock (void)
{
  return fake_now;
}

static void
answer_wrong (FolReviewWindow *review,
              const char      *pin)
{
  gtk_window_close (GTK_WINDOW (review));
  fol_test_iterate ();
  _fol_review_window_answer_leave (review, "leave", pin);
  fol_test_iterate ();
}

/* Opens the question and says whether the PIN field waits. */
static gboolean
ask_is_locked (FolReviewWindow *review,
               char           **body)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  gboolean locked;

  if (_fol_review_window_get_leave_dialog (review) == NULL)
    {
      gtk_window_close (GTK_WINDOW (review));
      fol_test_iterate ();
    }
  dialog = _fol_review_window_get_leave_dialog (review);
  entry = _fol_review_window_get_pin_entry (review);
  g_assert_nonnull (dialog);
  g_assert_nonnull (entry);
  locked = !gtk_widget_get_sensitive (entry);
  g_assert_cmpint (adw_message_dialog_get_response_enabled (dialog, "leave"), ==, !locked);
  if (body != NULL)
    *body = g_strdup (adw_message_dialog_get_body (dialog));
  return locked;
}

static void
throttle_body (gpointer fixture)
{
  FolTestApp *t = fixture;
  GtkApplication *app = GTK_APPLICATION (t->app);
  GSettings *settings = fol_application_get_settings (t->app);
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolPatient) patient = pick_patient (fol_application_get_store (t->app), &history);
  g_autofree char *body = NULL;
  FolReviewWindow *review;

  GtkWidget *tool = gtk_window_new ();

  /* A tool window over the clinic (a photo comparison) goes too. */
  gtk_window_set_transient_for (GTK_WINDOW (tool), GTK_WINDOW (t->window));
  gtk_window_present (GTK_WINDOW (tool));
  fol_test_iterate ();

  set_pin (settings, "2468");
  review = enter_review (t, patient);
  g_assert_false (gtk_widget_get_visible (tool));
  fake_now = 1000 * G_USEC_PER_SEC;
  _fol_review_window_set_clock (review, fake_clock);

  /* Two mistakes cost nothing. */
  answer_wrong (review, "1111");
  answer_wrong (review, "2222");
  g_assert_false (ask_is_locked (review, NULL));
  _fol_review_window_answer_leave (review, "cancel", NULL);
  fol_test_iterate ();

  /* The third: the next try waits a second, the field says so. */
  answer_wrong (review, "3333");
  g_assert_true (ask_is_locked (review, &body));
  g_assert_nonnull (strstr (body, "Try again in 1 second"));
  g_clear_pointer (&body, g_free);

  /* Even the right PIN waits. */
  _fol_review_window_answer_leave (review, "leave", "2468");
  fol_test_iterate ();
  g_assert_true (is_open (app, GTK_WIDGET (review)));

  fake_now += G_USEC_PER_SEC;
  g_assert_false (ask_is_locked (review, NULL));

  /* The fourth: two seconds, counted down. */
  _fol_review_window_answer_leave (review, "leave", "4444");
  fol_test_iterate ();
  g_assert_true (ask_is_locked (review, &body));
  g_assert_nonnull (strstr (body, "Try again in 2 seconds"));
  g_clear_pointer (&body, g_free);
  fake_now += G_USEC_PER_SEC;
  _fol_review_window_update_lock (review);
  g_assert_true (ask_is_locked (review, &body));
  g_assert_nonnull (strstr (body, "Try again in 1 second"));
  g_clear_pointer (&body, g_free);
  fake_now += G_USEC_PER_SEC;
  _fol_review_window_update_lock (review);
  g_assert_false (ask_is_locked (review, &body));
  g_assert_null (strstr (body, "Try again"));
  g_clear_pointer (&body, g_free);

  /* The fifth: four seconds; then up to thirty. */
  _fol_review_window_answer_leave (review, "leave", "5555");
  fol_test_iterate ();
  g_assert_true (ask_is_locked (review, &body));
  g_assert_nonnull (strstr (body, "Try again in 4 seconds"));
  g_clear_pointer (&body, g_free);
  _fol_review_window_answer_leave (review, "cancel", NULL);
  fol_test_iterate ();
  for (guint i = 0; i < 6; i++)
    {
      fake_now += 60 * G_USEC_PER_SEC;
      answer_wrong (review, "0000");
    }
  g_assert_true (ask_is_locked (review, &body));
  g_assert_nonnull (strstr (body, "Try again in 30 seconds"));
  g_clear_pointer (&body, g_free);

  /* Once the wait is over, the right PIN leaves. */
  fake_now += 30 * G_USEC_PER_SEC;
  _fol_review_window_update_lock (review);
  g_assert_false (ask_is_locked (review, NULL));
  _fol_review_window_answer_leave (review, "leave", "2468");
  fol_test_iterate ();
  g_assert_false (is_open (app, (GtkWidget *) review));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (t->window)));
  g_assert_true (gtk_widget_get_visible (tool));
  gtk_window_destroy (GTK_WINDOW (tool));

  g_settings_reset (settings, "review-pin-hash");
}

static void
test_review_throttle (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, throttle_body);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Cheap PIN hashes: the real cost is tested in test-pin. */
  _fol_pin_set_limits (1, 8192);

  g_test_add_func ("/review/leave", test_review_leave);
  g_test_add_func ("/review/pin", test_review_pin);
  g_test_add_func ("/review/shared-file", test_review_shared_file);
  g_test_add_func ("/review/photos", test_review_photos);
  g_test_add_func ("/review/unreadable-photo", test_review_unreadable_photo);
  g_test_add_func ("/review/shared-file-photos", test_review_shared_file_photos);
  g_test_add_func ("/review/migrate", test_review_migrate);
  g_test_add_func ("/review/preferences-pin", test_review_prefs_pin);
  g_test_add_func ("/review/throttle", test_review_throttle);

  return g_test_run ();
}
