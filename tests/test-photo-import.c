/* test-photo-import.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utime.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fol-error.h"
#include "fol-exif.h"
#include "fol-photo-count.h"
#include "fol-photo-decode.h"
#include "fol-photo-marks.h"
#include "fol-photo-import.h"
#include "fol-photo-measure.h"
#include "fol-sqlite-migrations.h"
#include "fol-sqlite-store.h"
#include "fol-stats.h"
#include "fol-test-store.h"

typedef struct
{
  char           *dir;
  FolSqliteStore *store;
  char           *patient_id;
  char           *visit_id;
  GPtrArray      *results;
  guint           progress_calls;
} Fixture;

/* Images made here */

static GdkPixbuf *
make_pixbuf (int width,
             int height)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  /* Texture, so the JPEG has real image data to cut short. */
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width * 3; x++)
      pixels[y * stride + x] = (x * 7 + y * 13 + x * y) & 0xff;
  return pixbuf;
}

static char *
write_image (Fixture    *f,
             const char *name,
             const char *type,
             int         width,
             int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = make_pixbuf (width, height);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  gdk_pixbuf_save (pixbuf, path, type, &error, NULL);
  g_assert_no_error (error);
  return path;
}

static char *
write_bytes (Fixture      *f,
             const char   *name,
             const guint8 *data,
             gsize         length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, (const char *) data, length, &error);
  g_assert_no_error (error);
  return path;
}

static void
put_u16le (guint8 *p, guint v) { p[0] = v & 0xff; p[1] = (v >> 8) & 0xff; }
static void
put_u32le (guint8 *p, guint32 v) { for (int i = 0; i < 4; i++) p[i] = (v >> (8 * i)) & 0xff; }
static void
put_u32be (guint8 *p, guint32 v) { for (int i = 0; i < 4; i++) p[i] = (v >> (24 - 8 * i)) & 0xff; }

/* A minimal EXIF TIFF block: IFD0 with Orientation and a pointer to an Exif
 * IFD holding DateTimeOriginal.
 */
static gsize
make_exif_tiff (guint8      *t,
                guint        orientation,
                const char  *date)
{
  memcpy (t, "II*\0", 4);
  put_u32le (t + 4, 8);
  /* IFD0 at 8: two entries */
  put_u16le (t + 8, 2);
  put_u16le (t + 10, 0x0112); put_u16le (t + 12, 3); put_u32le (t + 14, 1);
  put_u16le (t + 18, orientation); put_u16le (t + 20, 0);
  put_u16le (t + 22, 0x8769); put_u16le (t + 24, 4); put_u32le (t + 26, 1); put_u32le (t + 30, 38);
  put_u32le (t + 34, 0);
  /* Exif IFD at 38: one entry */
  put_u16le (t + 38, 1);
  put_u16le (t + 40, 0x9003); put_u16le (t + 42, 2); put_u32le (t + 44, 20); put_u32le (t + 48, 56);
  put_u32le (t + 52, 0);
  memcpy (t + 56, date, 20);
  return 76;
}

/* A JPEG of @width × @height stored pixels with an EXIF segment spliced in
 * after the start-of-image marker.
 */
static char *
write_exif_jpeg (Fixture    *f,
                 const char *name,
                 int         width,
                 int         height,
                 guint       orientation,
                 const char *date)
{
  g_autoptr(GdkPixbuf) pixbuf = make_pixbuf (width, height);
  g_autoptr(GError) error = NULL;
  g_autofree char *jpeg = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 tiff[128];
  guint8 segment[4 + 6];
  gsize jpeg_length, tiff_length;

  gdk_pixbuf_save_to_buffer (pixbuf, &jpeg, &jpeg_length, "jpeg", &error, NULL);
  g_assert_no_error (error);

  tiff_length = make_exif_tiff (tiff, orientation, date);
  segment[0] = 0xff;
  segment[1] = 0xe1;
  segment[2] = (2 + 6 + tiff_length) >> 8;
  segment[3] = (2 + 6 + tiff_length) & 0xff;
  memcpy (segment + 4, "Exif\0\0", 6);

  g_byte_array_append (out, (guint8 *) jpeg, 2);
  g_byte_array_append (out, segment, sizeof segment);
  g_byte_array_append (out, tiff, tiff_length);
  g_byte_array_append (out, (guint8 *) jpeg + 2, jpeg_length - 2);
  return write_bytes (f, name, out->data, out->len);
}

static guint32
crc32 (const guint8 *data,
       gsize         length)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
  return ~crc;
}

/* A PNG signature, an IHDR claiming @width × @height and the start of an
 * IDAT chunk (libpng reports the size when image data begins), and no
 * image: decoding it would fail, so a "too large" answer shows that the
 * header alone was read.
 */
static void
put_chunk (GByteArray   *png,
           const char   *type,
           const guint8 *data,
           guint32       length)
{
  guint8 word[4];
  guint start;

  put_u32be (word, length);
  g_byte_array_append (png, word, 4);
  start = png->len;
  g_byte_array_append (png, (const guint8 *) type, 4);
  if (length > 0)
    g_byte_array_append (png, data, length);
  put_u32be (word, crc32 (png->data + start, 4 + length));
  g_byte_array_append (png, word, 4);
}

static char *
write_png_header (Fixture    *f,
                  const char *name,
                  guint32     width,
                  guint32     height)
{
  g_autoptr(GByteArray) png = g_byte_array_new ();
  guint8 ihdr[13] = { 0 };

  g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  put_u32be (ihdr, width);
  put_u32be (ihdr + 4, height);
  ihdr[8] = 8;  /* bits per channel */
  ihdr[9] = 2;  /* RGB */
  put_chunk (png, "IHDR", ihdr, sizeof ihdr);
  put_chunk (png, "IDAT", (const guint8 *) "\x78\x9c", 2);
  put_chunk (png, "IEND", NULL, 0);
  return write_bytes (f, name, png->data, png->len);
}

/* Fixture */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autoptr(FolPatient) patient = fol_patient_new ();
  g_autoptr(FolVisit) visit = fol_visit_new ();

  f->dir = g_dir_make_tmp ("follicle-photo-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "clinic", "clinic.db", NULL);
  f->store = fol_sqlite_store_open (db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  fol_patient_set_name (patient, "Test Patient");
  fol_store_save_patient (FOL_STORE (f->store), patient, &error);
  g_assert_no_error (error);
  f->patient_id = g_strdup (fol_patient_get_id (patient));

  fol_visit_set_patient_id (visit, f->patient_id);
  fol_visit_set_date (visit, fol_date_today ());
  fol_visit_set_kind (visit, "baseline");
  fol_store_save_visit (FOL_STORE (f->store), visit, NULL, &error);
  g_assert_no_error (error);
  f->visit_id = g_strdup (fol_visit_get_id (visit));
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
  g_clear_pointer (&f->results, g_ptr_array_unref);
  g_assert_finalize_object (f->store);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->patient_id);
  g_free (f->visit_id);
}

static void
progress_cb (guint    n_done,
             guint    n_files,
             gpointer user_data)
{
  Fixture *f = user_data;

  g_assert_cmpuint (n_done, <=, n_files);
  f->progress_calls++;
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  f->results = fol_photo_import_finish (FOL_STORE (source), result, &error);
  g_assert_no_error (error);
}

/* Imports @paths (NULL-terminated) into the fixture's visit. */
static GPtrArray *
import (Fixture       *f,
        FolRegion      region,
        GCancellable  *cancellable,
        const char   **paths)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_path (paths[i]));

  g_clear_pointer (&f->results, g_ptr_array_unref);
  f->progress_calls = 0;
  fol_photo_import_async (FOL_STORE (f->store), f->visit_id, region,
                          (GFile **) files->pdata, files->len, cancellable,
                          progress_cb, f, import_done_cb, f);
  while (f->results == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (f->results->len, ==, files->len);
  return f->results;
}

static FolPhotoImportResult *
result_at (Fixture *f,
           guint    i)
{
  FolPhotoImportResult *r = g_ptr_array_index (f->results, i);

  if (r->message != NULL)
    g_test_message ("%u: %s", i, r->message);
  return r;
}

static guint
count_photos_of (Fixture    *f,
                 const char *patient_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) photos = fol_store_list_photos (FOL_STORE (f->store), patient_id, &error);

  g_assert_no_error (error);
  return photos->len;
}

static guint
count_photos (Fixture *f)
{
  return count_photos_of (f, f->patient_id);
}

static guint
count_files (const char *dir_path)
{
  GDir *dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir_path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        n += count_files (child);
      else
        n++;
    }
  g_dir_close (dir);
  return n;
}

static guint
file_mode (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Tests */

static void
test_import_good (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *jpeg = write_image (f, "scalp.jpg", "jpeg", 320, 200);
  g_autofree char *png = write_image (f, "scalp.png", "png", 120, 90);
  const char *paths[] = { jpeg, png, NULL };
  g_autofree char *photo_dir = fol_photo_dir (FOL_STORE (f->store));
  g_autofree char *original = NULL;
  g_autofree char *copy = NULL;
  gsize original_length, copy_length;
  FolPhoto *photo;

  import (f, FOL_REGION_VERTEX, NULL, paths);

  g_assert_cmpint (result_at (f, 0)->status, ==, FOL_PHOTO_IMPORT_OK);
  g_assert_cmpint (result_at (f, 1)->status, ==, FOL_PHOTO_IMPORT_OK);
  g_assert_null (result_at (f, 0)->message);
  g_assert_cmpuint (f->progress_calls, ==, 2);
  g_assert_cmpuint (count_photos (f), ==, 2);

  photo = result_at (f, 0)->photo;
  g_assert_cmpint (fol_photo_get_width (photo), ==, 320);
  g_assert_cmpint (fol_photo_get_height (photo), ==, 200);
  g_assert_cmpuint (fol_photo_get_region (photo), ==, FOL_REGION_VERTEX);
  g_assert_cmpstr (fol_photo_get_original_name (photo), ==, "scalp.jpg");
  g_assert_cmpuint (strlen (fol_photo_get_sha256 (photo)), ==, 64);

  /* Stored by content, as an exact copy; the original is left as it was. */
  copy = fol_photo_get_path (FOL_STORE (f->store), photo);
  g_assert_nonnull (copy);
  g_assert_true (g_str_has_suffix (copy, ".jpg"));
  g_assert_true (strstr (copy, fol_photo_get_sha256 (photo)) != NULL);
  g_file_get_contents (jpeg, &original, &original_length, NULL);
  {
    g_autofree char *stored = NULL;

    g_file_get_contents (copy, &stored, &copy_length, NULL);
    g_assert_cmpmem (original, original_length, stored, copy_length);
  }
  g_assert_true (g_file_test (jpeg, G_FILE_TEST_IS_REGULAR));

  /* Private folders and files, and no temporary file left behind. */
  {
    g_autofree char *subdir = g_path_get_dirname (copy);

    g_assert_cmpuint (file_mode (photo_dir), ==, 0700);
    g_assert_cmpuint (file_mode (subdir), ==, 0700);
    g_assert_cmpuint (file_mode (copy), ==, 0600);
  }
  g_assert_cmpuint (count_files (photo_dir), ==, 2);

  /* The listing brings the visit's date and kind. */
  {
    g_autoptr(FolPhoto) loaded = fol_store_get_photo (FOL_STORE (f->store),
                                                      fol_photo_get_id (photo), NULL);

    g_assert_nonnull (loaded);
    g_assert_cmpuint (fol_photo_get_visit_date (loaded), ==, fol_date_today ());
    g_assert_cmpstr (fol_photo_get_visit_kind (loaded), ==, "baseline");
  }

  /* A thumbnail, made in a thread and cached by content. */
  {
    g_autofree char *cached = fol_photo_thumbnail_path (fol_photo_get_sha256 (photo), 64);
    g_autoptr(GdkPixbuf) thumbnail = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    fol_photo_thumbnail_async (FOL_STORE (f->store), photo, 64, NULL, store_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    thumbnail = fol_photo_thumbnail_finish (result, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gdk_pixbuf_get_width (thumbnail), ==, 64);
    g_assert_cmpint (gdk_pixbuf_get_height (thumbnail), ==, 40);
    g_assert_true (g_file_test (cached, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpuint (file_mode (cached), ==, 0600);
  }
}

/* A store that keeps no photo folder on this computer (as a server would
 * not) still shows its photos: they are read through the interface.
 */
static void
test_load_any_store (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *jpeg = write_image (f, "scalp.jpg", "jpeg", 320, 200);
  const char *paths[] = { jpeg, NULL };
  g_autoptr(FolStore) any = fol_test_store_new (FOL_STORE (f->store));
  g_autofree char *dir = fol_photo_dir (any);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;

  import (f, FOL_REGION_VERTEX, NULL, paths);
  g_assert_cmpint (result_at (f, 0)->status, ==, FOL_PHOTO_IMPORT_OK);
  g_assert_null (dir);

  fol_photo_load_async (any, result_at (f, 0)->photo, 0, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  pixbuf = fol_photo_load_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 320);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 200);
  g_assert_cmpuint (FOL_TEST_STORE (any)->n_calls, >, 0);
}

/* Every format the Add Photos dialog offers (JPEG, PNG, TIFF, WebP) is
 * decoded: none is refused as "damaged" for want of a loader. */
static void
test_import_offered_formats (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *tiff = write_image (f, "scalp.tif", "tiff", 160, 120);
  g_autofree char *webp = write_image (f, "scalp.webp", "webp", 200, 150);
  const char *paths[] = { tiff, webp, NULL };

  import (f, FOL_REGION_VERTEX, NULL, paths);

  g_assert_cmpint (result_at (f, 0)->status, ==, FOL_PHOTO_IMPORT_OK);
  g_assert_cmpint (result_at (f, 1)->status, ==, FOL_PHOTO_IMPORT_OK);
  g_assert_cmpint (fol_photo_get_width (result_at (f, 1)->photo), ==, 200);
  g_assert_cmpint (fol_photo_get_height (result_at (f, 1)->photo), ==, 150);
  g_assert_cmpuint (count_photos (f), ==, 2);
}

static void
test_import_duplicate (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *jpeg = write_image (f, "a.jpg", "jpeg", 64, 48);
  g_autofree char *again = NULL;
  g_autofree char *photo_dir = fol_photo_dir (FOL_STORE (f->store));
  g_autofree char *content = NULL;
  gsize length;

  g_file_get_contents (jpeg, &content, &length, NULL);
  again = write_bytes (f, "copy of a.jpg", (guint8 *) content, length);

  {
    const char *paths[] = { jpeg, again, NULL };

    import (f, FOL_REGION_FRONTAL, NULL, paths);
  }
  g_assert_cmpint (result_at (f, 0)->status, ==, FOL_PHOTO_IMPORT_OK);
  g_assert_cmpint (result_at (f, 1)->status, ==, FOL_PHOTO_IMPORT_DUPLICATE);
  g_assert_nonnull (result_at (f, 1)->message);
  g_assert_true (strstr (result_at (f, 1)->message, "copy of a.jpg") != NULL);
  g_assert_cmpstr (fol_photo_get_id (result_at (f, 1)->photo), ==,
                   fol_photo_get_id (result_at (f, 0)->photo));

  /* A later import of the same content too. */
  {
    const char *paths[] = { jpeg, NULL };

    import (f, FOL_REGION_FRONTAL, NULL, paths);
  }
  g_assert_cmpint (result_at (f, 0)->status, ==, FOL_PHOTO_IMPORT_DUPLICATE);

  g_assert_cmpuint (count_photos (f), ==, 1);
  g_assert_cmpuint (count_files (photo_dir), ==, 1);
}

static void
test_import_rejects (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *good = write_image (f, "good.png", "png", 50, 40);
  g_autofree char *full = write_image (f, "full.jpg", "jpeg", 400, 300);
  g_autofree char *truncated = NULL;
  g_autofree char *text = write_bytes (f, "notes.jpg", (const guint8 *) "Patient notes\n", 14);
  g_autofree char *huge = write_png_header (f, "huge.png", 20000, 20000);
  g_autofree char *missing = g_build_filename (f->dir, "missing.jpg", NULL);
  g_autofree char *photo_dir = fol_photo_dir (FOL_STORE (f->store));
  g_autofree char *content = NULL;
  gsize length;

  g_file_get_contents (full, &content, &length, NULL);
  truncated = write_bytes (f, "cut.jpg", (guint8 *) content, length * 6 / 10);

  {
    const char *paths[] = { truncated, text, huge, missing, f->dir, good, NULL };

    import (f, FOL_REGION_OCCIPITAL, NULL, paths);
  }

  for (guint i = 0; i < 5; i++)
    {
      FolPhotoImportResult *r = result_at (f, i);
      g_autofree char *base = g_file_get_basename (r->file);

      g_assert_cmpint (r->status, ==, FOL_PHOTO_IMPORT_FAILED);
      g_assert_null (r->photo);
      g_assert_nonnull (r->message);
      /* Each message names its file. */
      g_assert_true (strstr (r->message, base) != NULL);
    }
  g_assert_true (strstr (result_at (f, 0)->message, "incomplete") != NULL);
  g_assert_true (strstr (result_at (f, 1)->message, "not a photo") != NULL);
  g_assert_true (strstr (result_at (f, 2)->message, "too large") != NULL);
  g_assert_true (strstr (result_at (f, 2)->message, "20000") != NULL);
  g_assert_true (strstr (result_at (f, 3)->message, "Cannot read") != NULL);

  /* One failing file never stops the others. */
  g_assert_cmpint (result_at (f, 5)->status, ==, FOL_PHOTO_IMPORT_OK);

  /* Nothing partial recorded or left in the data folder. */
  g_assert_cmpuint (count_photos (f), ==, 1);
  g_assert_cmpuint (count_files (photo_dir), ==, 1);
}

/* A PNG, WebP or JPEG cut short (a copy interrupted) is refused as
 * incomplete wherever a photo is read, not taken with its missing part
 * grey; a whole one is taken, with bytes after its end too (a phone's
 * motion photo appends a video to the JPEG).
 */
static void
test_import_cut_short (Fixture       *f,
                       gconstpointer  data)
{
  const char *types[] = { "png", "webp", "jpeg" };
  g_autofree char *photo_dir = fol_photo_dir (FOL_STORE (f->store));

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autofree char *whole_name = g_strdup_printf ("whole.%s", types[t]);
      g_autofree char *whole = write_image (f, whole_name, types[t], 400, 300);
      g_autofree char *content = NULL;
      gsize length = 0;
      gsize keep[4];  /* the bytes each cut file keeps: down to all but the last */

      g_assert_true (g_file_get_contents (whole, &content, &length, NULL));
      keep[0] = length / 5;
      keep[1] = length / 2;
      keep[2] = length * 9 / 10;
      keep[3] = length - 1;

      for (guint i = 0; i < G_N_ELEMENTS (keep); i++)
        {
          g_autofree char *cut_name = g_strdup_printf ("cut-%u.%s", i, types[t]);
          g_autofree char *cut = write_bytes (f, cut_name, (const guint8 *) content, keep[i]);
          g_autoptr(GError) error = NULL;
          g_autoptr(GdkPixbuf) pixbuf = fol_photo_load (cut, 0, &error);
          const char *paths[] = { cut, NULL };

          g_test_message ("%s cut to %zu of %zu bytes", types[t], keep[i], length);
          g_assert_null (pixbuf);
          g_assert_error (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE);
          g_assert_nonnull (strstr (error->message, "incomplete"));

          import (f, FOL_REGION_VERTEX, NULL, paths);
          g_assert_cmpint (result_at (f, 0)->status, ==, FOL_PHOTO_IMPORT_FAILED);
          g_assert_nonnull (strstr (result_at (f, 0)->message, "incomplete"));
          g_assert_nonnull (strstr (result_at (f, 0)->message, cut_name));
          g_assert_cmpuint (count_photos (f), ==, t);
          g_assert_cmpuint (count_files (photo_dir), ==, t);
        }

      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GdkPixbuf) pixbuf = fol_photo_load (whole, 0, &error);
        const char *paths[] = { whole, NULL };

        g_assert_no_error (error);
        g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 400);
        import (f, FOL_REGION_VERTEX, NULL, paths);
        g_assert_cmpint (result_at (f, 0)->status, ==, FOL_PHOTO_IMPORT_OK);
      }
    }

  /* A TIFF cut in half does not load by itself. */
  {
    g_autofree char *whole = write_image (f, "whole.tiff", "tiff", 400, 300);
    g_autofree char *content = NULL;
    g_autofree char *cut = NULL;
    gsize length = 0;
    g_autoptr(GError) error = NULL;
    g_autoptr(GdkPixbuf) pixbuf = NULL;

    g_assert_true (g_file_get_contents (whole, &content, &length, NULL));
    cut = write_bytes (f, "cut.tiff", (const guint8 *) content, length / 2);
    pixbuf = fol_photo_load (cut, 0, &error);
    g_assert_null (pixbuf);
    g_assert_error (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE);
  }

  /* Bytes after a PNG's IEND chunk or a JPEG's end: the image is whole. */
  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autoptr(GdkPixbuf) source = make_pixbuf (64, 48);
      g_autofree char *bytes = NULL;
      gsize length = 0;
      g_autoptr(GByteArray) trailing = g_byte_array_new ();
      g_autofree char *name = g_strdup_printf ("trailing.%s", types[t]);
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkPixbuf) pixbuf = NULL;

      /* A WebP's size is in its header: bytes after it are not its own. */
      if (g_str_equal (types[t], "webp"))
        continue;
      g_assert_true (gdk_pixbuf_save_to_buffer (source, &bytes, &length, types[t], &error, NULL));
      g_byte_array_append (trailing, (const guint8 *) bytes, length);
      g_byte_array_append (trailing, (const guint8 *) "appended by a camera", 20);
      path = write_bytes (f, name, trailing->data, trailing->len);
      pixbuf = fol_photo_load (path, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 48);
    }
}

/* A record that cannot be written (here: a visit that does not exist)
 * leaves no file behind that nothing refers to.
 */
static void
test_import_record_fails (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *png = write_image (f, "orphan.png", "png", 20, 20);
  g_autofree char *photo_dir = fol_photo_dir (FOL_STORE (f->store));
  g_autoptr(GFile) file = g_file_new_for_path (png);

  g_clear_pointer (&f->results, g_ptr_array_unref);
  fol_photo_import_async (FOL_STORE (f->store), "no-such-visit", FOL_REGION_VERTEX, &file, 1,
                          NULL, NULL, NULL, import_done_cb, f);
  while (f->results == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (result_at (f, 0)->status, ==, FOL_PHOTO_IMPORT_FAILED);
  g_assert_nonnull (strstr (result_at (f, 0)->message, "orphan.png"));
  g_assert_cmpuint (count_photos (f), ==, 0);
  g_assert_cmpuint (count_files (photo_dir), ==, 0);
}

static void
test_import_cancelled (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *a = write_image (f, "a.png", "png", 30, 30);
  g_autofree char *b = write_image (f, "b.png", "png", 31, 30);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const char *paths[] = { a, b, NULL };

  g_cancellable_cancel (cancellable);
  import (f, FOL_REGION_VERTEX, cancellable, paths);

  g_assert_cmpint (result_at (f, 0)->status, ==, FOL_PHOTO_IMPORT_CANCELLED);
  g_assert_cmpint (result_at (f, 1)->status, ==, FOL_PHOTO_IMPORT_CANCELLED);
  g_assert_cmpuint (count_photos (f), ==, 0);
}

static void
test_exif_orientation (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = write_exif_jpeg (f, "rotated.jpg", 240, 160, 6, "2025:03:14 09:26:53");
  const char *paths[] = { path, NULL };
  g_autoptr(GdkPixbuf) shown = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  FolPhoto *photo;

  import (f, FOL_REGION_MIDSCALP, NULL, paths);
  g_assert_cmpint (result_at (f, 0)->status, ==, FOL_PHOTO_IMPORT_OK);
  photo = result_at (f, 0)->photo;

  /* Stored 240 × 160, shown turned a quarter: 160 × 240. */
  g_assert_cmpint (fol_photo_get_width (photo), ==, 160);
  g_assert_cmpint (fol_photo_get_height (photo), ==, 240);
  g_assert_cmpstr (fol_photo_get_taken_at (photo), ==, "2025-03-14T09:26:53");

  stored = fol_photo_get_path (FOL_STORE (f->store), photo);
  shown = fol_photo_load (stored, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (shown), ==, 160);
  g_assert_cmpint (gdk_pixbuf_get_height (shown), ==, 240);
}

static void
test_exif_parser (void)
{
  guint8 tiff[128];
  gsize length = make_exif_tiff (tiff, 3, "2024:02:29 23:59:59");
  FolExifInfo info;

  g_assert_true (fol_exif_parse_tiff (tiff, length, &info));
  g_assert_cmpuint (info.orientation, ==, 3);
  g_assert_cmpstr (info.date_time, ==, "2024-02-29T23:59:59");
  g_assert_false (fol_exif_orientation_swaps (3));
  g_assert_true (fol_exif_orientation_swaps (6));
  g_assert_true (fol_exif_orientation_swaps (8));

  /* A date that does not exist, or an unset camera clock, is no date. */
  length = make_exif_tiff (tiff, 1, "2023:02:29 10:00:00");
  g_assert_true (fol_exif_parse_tiff (tiff, length, &info));
  g_assert_cmpstr (info.date_time, ==, "");
  length = make_exif_tiff (tiff, 1, "0000:00:00 00:00:00");
  g_assert_true (fol_exif_parse_tiff (tiff, length, &info));
  g_assert_cmpstr (info.date_time, ==, "");

  /* Every truncation of the block is read without going past its end. */
  length = make_exif_tiff (tiff, 8, "2025:01:02 03:04:05");
  for (gsize n = 0; n < length; n++)
    {
      g_autofree guint8 *copy = g_memdup2 (tiff, n);

      fol_exif_parse_tiff (copy, n, &info);
      g_assert_cmpuint (info.orientation, >=, 1);
      g_assert_cmpuint (info.orientation, <=, 8);
    }

  /* Offsets pointing outside, and an Exif IFD pointing back at IFD0. */
  length = make_exif_tiff (tiff, 6, "2025:01:02 03:04:05");
  put_u32le (tiff + 48, 0xfffffff0);
  g_assert_true (fol_exif_parse_tiff (tiff, length, &info));
  g_assert_cmpuint (info.orientation, ==, 6);
  g_assert_cmpstr (info.date_time, ==, "");
  put_u32le (tiff + 30, 8);
  g_assert_true (fol_exif_parse_tiff (tiff, length, &info));
  put_u32le (tiff + 4, 0xffffffff);
  g_assert_true (fol_exif_parse_tiff (tiff, length, &info));
  g_assert_cmpuint (info.orientation, ==, 1);

  /* Random damage to a valid JPEG head: never a crash or a read past the
   * end (AddressSanitizer watches), always a valid orientation.
   */
  {
    guint8 jpeg[4 + 6 + 128];
    gsize jpeg_length;

    length = make_exif_tiff (tiff, 6, "2025:01:02 03:04:05");
    jpeg[0] = 0xff; jpeg[1] = 0xd8; jpeg[2] = 0xff; jpeg[3] = 0xe1;
    jpeg_length = 4;
    jpeg[jpeg_length++] = (2 + 6 + length) >> 8;
    jpeg[jpeg_length++] = (2 + 6 + length) & 0xff;
    memcpy (jpeg + jpeg_length, "Exif\0\0", 6);
    jpeg_length += 6;
    memcpy (jpeg + jpeg_length, tiff, length);
    jpeg_length += length;

    /* The sizes in the segment header are those of the file it is in. */
    {
      guint8 jpeg_file[sizeof jpeg];

      memcpy (jpeg_file, jpeg, jpeg_length);
      g_assert_true (fol_exif_parse_jpeg (jpeg_file, jpeg_length, &info));
      g_assert_cmpuint (info.orientation, ==, 6);
      g_assert_cmpstr (info.date_time, ==, "2025-01-02T03:04:05");
    }
    for (guint round = 0; round < 20000; round++)
      {
        g_autofree guint8 *copy = g_memdup2 (jpeg + 0, jpeg_length);
        gsize n = g_test_rand_int_range (0, jpeg_length + 1);
        guint flips = g_test_rand_int_range (1, 6);

        for (guint k = 0; k < flips; k++)
          copy[g_test_rand_int_range (0, jpeg_length)] = g_test_rand_int_range (0, 256);
        fol_exif_parse_jpeg (copy, n, &info);
        g_assert_cmpuint (info.orientation, >=, 1);
        g_assert_cmpuint (info.orientation, <=, 8);
        g_assert_cmpuint (strlen (info.date_time), <, sizeof info.date_time);
      }
  }

  g_assert_false (fol_exif_parse_jpeg ((const guint8 *) "\xff\xd8\xff\xe1\xff\xff", 6, &info));
  g_assert_false (fol_exif_parse_jpeg ((const guint8 *) "GIF89a", 6, &info));
}

static void
test_count_arithmetic (void)
{
  FolPhotoField square = { FOL_FIELD_SQUARE, 500, 500, FOL_FIELD_DEFAULT_SIZE_MM };
  FolPhotoField circle = { FOL_FIELD_CIRCLE, 500, 500, 0 };
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (FolPhotoMark));
  double px_per_mm;

  /* A ruler: 10 mm between two points 300 × 400 px apart = 50 px/mm. */
  px_per_mm = fol_photo_px_per_mm (100, 100, 400, 500, 10);
  g_assert_cmpfloat_with_epsilon (px_per_mm, 50.0, 1e-12);
  g_assert_true (isnan (fol_photo_px_per_mm (1, 1, 1, 1, 10)));
  g_assert_true (isnan (fol_photo_px_per_mm (0, 0, 10, 0, 0)));

  /* 1 cm² by default: 120 hairs → 120 /cm². */
  g_assert_cmpfloat_with_epsilon (fol_photo_field_area_cm2 (&square), 1.0, 1e-12);
  for (guint i = 0; i < 120; i++)
    {
      /* A 12 × 10 grid inside the 500 px square centred on (500, 500). */
      FolPhotoMark m = { 300 + (i % 12) * 36, 300 + (i / 12) * 40 };

      g_array_append_val (marks, m);
    }
  {
    FolPhotoMark outside[] = { { 100, 100 }, { 760, 500 } };

    g_array_append_vals (marks, outside, G_N_ELEMENTS (outside));
  }
  g_assert_cmpuint (fol_photo_field_count (&square, px_per_mm,
                                           (FolPhotoMark *) marks->data, marks->len), ==, 120);
  g_assert_cmpfloat_with_epsilon (fol_photo_density (120, fol_photo_field_area_cm2 (&square)),
                                  120.0, 1e-9);
  /* The edge counts. */
  g_assert_true (fol_photo_field_contains (&square, px_per_mm, 750, 250));
  g_assert_false (fol_photo_field_contains (&square, px_per_mm, 750.5, 250));

  /* A trichoscope's 0.65 cm² circle: 78 hairs → 120 /cm². */
  circle.size_mm = fol_photo_field_size_for_area (FOL_FIELD_CIRCLE, 0.65);
  g_assert_cmpfloat_with_epsilon (fol_photo_field_area_cm2 (&circle), 0.65, 1e-12);
  g_assert_cmpfloat_with_epsilon (fol_photo_density (78, 0.65), 120.0, 1e-9);
  g_assert_true (fol_photo_field_contains (&circle, px_per_mm, 500 + circle.size_mm * 25 - 0.01, 500));
  g_assert_false (fol_photo_field_contains (&circle, px_per_mm, 500 + circle.size_mm * 20,
                                            500 + circle.size_mm * 20));

  /* No calibration: nothing can be placed in the field. */
  g_assert_false (fol_photo_field_contains (&square, NAN, 500, 500));
  g_assert_true (isnan (fol_photo_density (10, 0)));
}

static void
test_count_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *png = write_image (f, "field.png", "png", 100, 100);
  const char *paths[] = { png, NULL };
  FolPhotoField field = { FOL_FIELD_CIRCLE, 40.5, 60.25, 9.1 };
  FolPhotoMark in[] = { { 1.5, 2.5 }, { 30, 40 }, { 99, 0 } };
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (FolPhotoMark));
  g_autoptr(GArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPhoto) again = NULL;
  FolPhotoField loaded_field;
  gboolean has_field = TRUE;
  const char *id;

  import (f, FOL_REGION_VERTEX, NULL, paths);
  id = fol_photo_get_id (result_at (f, 0)->photo);

  /* Nothing yet. */
  fol_store_load_photo_count (FOL_STORE (f->store), id, &has_field, &loaded_field, &loaded, &error);
  g_assert_no_error (error);
  g_assert_false (has_field);
  g_assert_cmpuint (loaded->len, ==, 0);
  g_clear_pointer (&loaded, g_array_unref);

  g_array_append_vals (marks, in, G_N_ELEMENTS (in));
  fol_store_save_photo_count (FOL_STORE (f->store), id, &field, marks, &error);
  g_assert_no_error (error);

  fol_store_load_photo_count (FOL_STORE (f->store), id, &has_field, &loaded_field, &loaded, &error);
  g_assert_no_error (error);
  g_assert_true (has_field);
  g_assert_cmpint (loaded_field.shape, ==, FOL_FIELD_CIRCLE);
  g_assert_cmpfloat (loaded_field.centre_x, ==, 40.5);
  g_assert_cmpfloat (loaded_field.centre_y, ==, 60.25);
  g_assert_cmpfloat (loaded_field.size_mm, ==, 9.1);
  g_assert_cmpuint (loaded->len, ==, G_N_ELEMENTS (in));
  for (guint i = 0; i < G_N_ELEMENTS (in); i++)
    {
      g_assert_cmpfloat (g_array_index (loaded, FolPhotoMark, i).x, ==, in[i].x);
      g_assert_cmpfloat (g_array_index (loaded, FolPhotoMark, i).y, ==, in[i].y);
      g_assert_cmpint (g_array_index (loaded, FolPhotoMark, i).origin, ==, FOL_MARK_UNRECORDED);
    }
  g_clear_pointer (&loaded, g_array_unref);

  /* Saving again replaces the marks. */
  g_array_remove_index (marks, 0);
  fol_store_save_photo_count (FOL_STORE (f->store), id, &field, marks, &error);
  g_assert_no_error (error);
  fol_store_load_photo_count (FOL_STORE (f->store), id, &has_field, &loaded_field, &loaded, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 2);
  g_assert_cmpfloat (g_array_index (loaded, FolPhotoMark, 0).x, ==, 30);

  /* An impossible field is refused and the saved count kept. */
  field.size_mm = 0;
  g_assert_false (fol_store_save_photo_count (FOL_STORE (f->store), id, &field, marks, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);

  /* Calibration. */
  fol_store_set_photo_calibration (FOL_STORE (f->store), id, 48.5, &error);
  g_assert_no_error (error);
  again = fol_store_get_photo (FOL_STORE (f->store), id, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fol_photo_get_px_per_mm (again), ==, 48.5);
  g_assert_false (fol_store_set_photo_calibration (FOL_STORE (f->store), id, -1, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);

  /* The writes are in the audit log. */
  {
    g_autoptr(GPtrArray) audit = fol_store_list_audit (FOL_STORE (f->store), id, &error);

    g_assert_no_error (error);
    /* The photo's insert, the calibration, the field's insert and update. */
    g_assert_cmpuint (audit->len, >=, 4);
  }

  /* Deleting the photo deletes its count. */
  fol_store_delete_photo (FOL_STORE (f->store), id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_photos (f), ==, 0);
  g_assert_null (fol_store_get_photo (FOL_STORE (f->store), id, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (fol_store_save_photo_count (FOL_STORE (f->store), id, NULL, NULL, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
}

static void
test_count_render (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 200);
  cairo_t *cr = cairo_create (surface);
  /* 2 px/mm on the image, drawn at 2 device px per image px: the 10 mm
   * square centred on image (50, 50) spans device 80…120.
   */
  FolPhotoField field = { FOL_FIELD_SQUARE, 50, 50, 10 };
  FolPhotoMark marks[] = { { 50, 50 }, { 10, 10 } };
  guint8 *data;
  int stride;

  fol_photo_count_render (cr, 2.0, &field, 2.0, marks, G_N_ELEMENTS (marks), -1, NULL, 0);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

#define PIXEL(x, y) (*(guint32 *) (gpointer) (data + (y) * stride + (x) * 4))
#define RED(p) (((p) >> 16) & 0xff)
#define GREEN(p) (((p) >> 8) & 0xff)
#define BLUE(p) ((p) & 0xff)
#define ALPHA(p) ((p) >> 24)

  /* The field's edge, in yellow. */
  g_assert_cmpuint (ALPHA (PIXEL (80, 100)), ==, 255);
  g_assert_cmpuint (RED (PIXEL (80, 100)), >, 200);
  g_assert_cmpuint (BLUE (PIXEL (80, 100)), <, 60);
  g_assert_cmpuint (RED (PIXEL (119, 100)), >, 200);

  /* The counted mark: a green ring of radius 6 around device (100, 100). */
  g_assert_cmpuint (GREEN (PIXEL (106, 100)), >, 200);
  g_assert_cmpuint (RED (PIXEL (106, 100)), <, 100);
  g_assert_cmpuint (ALPHA (PIXEL (100, 100)), ==, 0);

  /* The mark outside the field, grey: around device (20, 20). */
  g_assert_cmpuint (ALPHA (PIXEL (26, 20)), >, 200);
  g_assert_cmpint (abs ((int) RED (PIXEL (26, 20)) - (int) GREEN (PIXEL (26, 20))), <=, 2);
  g_assert_cmpuint (RED (PIXEL (26, 20)), >, 150);

  /* Nothing else. */
  g_assert_cmpuint (ALPHA (PIXEL (150, 150)), ==, 0);
  g_assert_cmpuint (ALPHA (PIXEL (100, 90)), ==, 0);

#undef PIXEL
#undef RED
#undef GREEN
#undef BLUE
#undef ALPHA

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_count_to_visit (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *png = write_image (f, "counted.png", "png", 80, 60);
  const char *paths[] = { png, NULL };
  g_autoptr(FolMeasurement) m = NULL;
  g_autoptr(FolVisit) visit = NULL;
  g_autoptr(GError) error = NULL;
  FolPhoto *photo;

  import (f, FOL_REGION_OCCIPITAL, NULL, paths);
  photo = result_at (f, 0)->photo;

  g_assert_true (fol_photo_measure_lookup (FOL_STORE (f->store), f->patient_id, photo, &m, &error));
  g_assert_no_error (error);
  g_assert_null (m);

  /* 120 hairs in 1 cm²: 120 /cm². */
  g_assert_true (fol_photo_measure_apply (FOL_STORE (f->store), f->patient_id, photo, 120, 1.0,
                                          &visit, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fol_visit_get_id (visit), ==, f->visit_id);
  fol_photo_measure_lookup (FOL_STORE (f->store), f->patient_id, photo, &m, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fol_measurement_get_hair_count (m), ==, 120);
  g_assert_cmpfloat (fol_measurement_get_field_area (m), ==, 1.0);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_total_density (m), 120.0, 1e-9);
  g_assert_cmpstr (fol_measurement_get_method (m), ==, "manual");
  g_clear_object (&m);

  /* 78 hairs in a trichoscope's 0.65 cm² replace them: 120 /cm² again. */
  fol_photo_measure_apply (FOL_STORE (f->store), f->patient_id, photo, 78, 0.65, NULL, &error);
  g_assert_no_error (error);
  fol_photo_measure_lookup (FOL_STORE (f->store), f->patient_id, photo, &m, &error);
  g_assert_cmpfloat (fol_measurement_get_hair_count (m), ==, 78);
  g_assert_cmpfloat (fol_measurement_get_field_area (m), ==, 0.65);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_total_density (m), 120.0, 1e-9);

  /* An impossible density is refused by validation and nothing changes. */
  g_assert_false (fol_photo_measure_apply (FOL_STORE (f->store), f->patient_id, photo, 700, 1.0,
                                           NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_clear_object (&m);
  fol_photo_measure_lookup (FOL_STORE (f->store), f->patient_id, photo, &m, &error);
  g_assert_cmpfloat (fol_measurement_get_hair_count (m), ==, 78);
}

/* Diameters on the marks give the terminal/vellus split at the patient's
 * threshold, the mean diameter and the thickness, stored as estimates with
 * the threshold used. Worked by hand: a 1 cm² field (10 mm square at 10
 * px/mm), marks of 20, 40, 40.5, 60 and 90 µm, a rejected suggestion and a
 * mark outside: 5 hairs; at 40 µm, 3 terminal (40.5, 60, 90) and 2 vellus
 * (20, and 40 itself: terminal is *above* 40); mean (20 + 40 + 40.5 + 60 +
 * 90) / 5 = 50.1 µm; thickness 5 × 50.1 / 1000 = 0.2505 mm/cm².
 */
static void
test_count_split_from_marks (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *png = write_image (f, "split.png", "png", 200, 200);
  const char *paths[] = { png, NULL };
  FolPhotoField field = { FOL_FIELD_SQUARE, 100, 100, 10 };
  FolPhotoMark marks[] = {
    { .x = 60, .y = 60, .origin = FOL_MARK_SUGGESTED, .diameter_um = 20 },
    { .x = 70, .y = 60, .origin = FOL_MARK_SUGGESTED, .diameter_um = 40 },
    { .x = 80, .y = 60, .origin = FOL_MARK_SUGGESTED_MOVED, .diameter_um = 40.5 },
    { .x = 90, .y = 60, .origin = FOL_MARK_SUGGESTED, .diameter_um = 60 },
    { .x = 150, .y = 150, .origin = FOL_MARK_SUGGESTED, .diameter_um = 90 },
    { .x = 120, .y = 120, .origin = FOL_MARK_REJECTED, .diameter_um = 100 },
    { .x = 199, .y = 199, .origin = FOL_MARK_SUGGESTED, .diameter_um = 100 },
  };
  g_autoptr(FolMeasurement) m = NULL;
  g_autoptr(GError) error = NULL;
  FolMarkSplit split;
  FolPhoto *photo;
  double threshold;

  import (f, FOL_REGION_VERTEX, NULL, paths);
  photo = result_at (f, 0)->photo;

  /* The field is 100 px a side around (100, 100): (199, 199) lies outside. */
  fol_photo_field_split (&field, 10, marks, G_N_ELEMENTS (marks), 40, &split);
  g_assert_cmpuint (split.count, ==, 5);
  g_assert_cmpuint (split.n_diameters, ==, 5);
  g_assert_cmpuint (split.terminal, ==, 3);
  g_assert_cmpuint (split.vellus, ==, 2);
  g_assert_cmpuint (split.rejected, ==, 1);
  g_assert_cmpfloat_with_epsilon (split.mean_diameter_um, 50.1, 1e-9);
  g_assert_cmpuint (fol_photo_field_count (&field, 10, marks, G_N_ELEMENTS (marks)), ==, 5);

  /* No threshold of the patient's yet: the default. */
  threshold = fol_photo_measure_threshold (FOL_STORE (f->store), f->patient_id, photo, 40);
  g_assert_cmpfloat (threshold, ==, 40);
  g_assert_true (fol_photo_measure_apply_marks (FOL_STORE (f->store), f->patient_id, photo,
                                                &split, fol_photo_field_area_cm2 (&field),
                                                threshold, NULL, &error));
  g_assert_no_error (error);
  fol_photo_measure_lookup (FOL_STORE (f->store), f->patient_id, photo, &m, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fol_measurement_get_hair_count (m), ==, 5);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_total_density (m), 5, 1e-9);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_terminal_density (m), 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_vellus_density (m), 2, 1e-9);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_mean_diameter (m), 50.1, 1e-9);
  g_assert_cmpfloat (fol_measurement_get_terminal_threshold (m), ==, 40);
  g_assert_cmpfloat_with_epsilon (fol_stats_cumulative_thickness (
                                    fol_measurement_get_total_density (m),
                                    fol_measurement_get_mean_diameter (m)), 0.2505, 1e-9);
  /* Estimates, and said to be, until confirmed. */
  g_assert_cmpstr (fol_measurement_get_method (m), ==, FOL_PHOTO_MEASURE_ESTIMATED_METHOD);
  g_clear_object (&m);

  /* The patient's threshold is the one the measurement holds: at 35 µm,
   * 40 µm is terminal too.
   */
  {
    g_autoptr(FolHistory) history = fol_store_load_history (FOL_STORE (f->store), f->patient_id,
                                                            &error);
    g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
    FolMeasurement *copy = fol_measurement_copy (fol_history_get_measurement (history, 0,
                                                                              FOL_REGION_VERTEX));

    fol_measurement_set_terminal_threshold (copy, 35);
    g_ptr_array_add (ms, copy);
    g_assert_true (fol_store_save_visit (FOL_STORE (f->store), fol_history_get_visit (history, 0),
                                         ms, &error));
    g_assert_no_error (error);
  }
  threshold = fol_photo_measure_threshold (FOL_STORE (f->store), f->patient_id, photo, 40);
  g_assert_cmpfloat (threshold, ==, 35);
  fol_photo_field_split (&field, 10, marks, G_N_ELEMENTS (marks), threshold, &split);
  g_assert_cmpuint (split.terminal, ==, 4);
  g_assert_cmpuint (split.vellus, ==, 1);

  /* A hand mark has no diameter: no split from the marks, nothing written. */
  marks[0].origin = FOL_MARK_BY_HAND;
  marks[0].diameter_um = NAN;
  fol_photo_field_split (&field, 10, marks, G_N_ELEMENTS (marks), 40, &split);
  g_assert_cmpuint (split.count, ==, 5);
  g_assert_cmpuint (split.n_diameters, ==, 4);
  g_assert_false (fol_photo_measure_apply_marks (FOL_STORE (f->store), f->patient_id, photo,
                                                 &split, 1.0, 40, NULL, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);
  fol_photo_measure_lookup (FOL_STORE (f->store), f->patient_id, photo, &m, &error);
  g_assert_cmpfloat (fol_measurement_get_terminal_threshold (m), ==, 35);
  g_assert_cmpfloat_with_epsilon (fol_measurement_get_terminal_density (m), 3, 1e-9);
}

static void
test_delete_photo (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *png = write_image (f, "delete me.png", "png", 40, 40);
  const char *paths[] = { png, NULL };
  g_autofree char *stored = NULL;
  g_autoptr(GError) error = NULL;
  FolPhoto *photo;

  import (f, FOL_REGION_FRONTAL, NULL, paths);
  photo = result_at (f, 0)->photo;
  stored = fol_photo_get_path (FOL_STORE (f->store), photo);
  g_assert_nonnull (stored);

  g_assert_true (fol_photo_delete (FOL_STORE (f->store), photo, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_photos (f), ==, 0);
  /* No other record shows it: the file goes too; the original stays. */
  g_assert_false (g_file_test (stored, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));

  /* It can be imported again. */
  import (f, FOL_REGION_FRONTAL, NULL, paths);
  g_assert_cmpint (result_at (f, 0)->status, ==, FOL_PHOTO_IMPORT_OK);
}

/* Deleting a visit or a patient takes their photo files along, once the
 * records are gone; a file another patient's record shows stays.
 */
static void
test_delete_with_photos (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *png = write_image (f, "visit photo.png", "png", 40, 40);
  g_autofree char *jpg = write_image (f, "shared photo.jpg", "jpeg", 48, 32);
  const char *one[] = { png, NULL };
  const char *shared[] = { jpg, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) other = fol_patient_new ();
  g_autoptr(FolVisit) other_visit = fol_visit_new ();
  g_autoptr(FolVisit) second = fol_visit_new ();
  g_autofree char *first_visit = g_strdup (f->visit_id);
  g_autofree char *visit_file = NULL;
  g_autofree char *shared_file = NULL;

  /* A visit with one photo: deleting the visit removes the file. */
  import (f, FOL_REGION_VERTEX, NULL, one);
  visit_file = fol_photo_get_path (FOL_STORE (f->store), result_at (f, 0)->photo);
  g_assert_true (g_file_test (visit_file, G_FILE_TEST_IS_REGULAR));
  g_assert_true (fol_photo_delete_visit (FOL_STORE (f->store), f->patient_id, f->visit_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_photos (f), ==, 0);
  g_assert_false (g_file_test (visit_file, G_FILE_TEST_EXISTS));

  /* The same picture for this patient and another one. */
  fol_visit_set_patient_id (second, f->patient_id);
  fol_visit_set_date (second, fol_date_today ());
  fol_visit_set_kind (second, "follow_up");
  g_assert_true (fol_store_save_visit (FOL_STORE (f->store), second, NULL, &error));
  g_free (f->visit_id);
  f->visit_id = g_strdup (fol_visit_get_id (second));
  import (f, FOL_REGION_FRONTAL, NULL, shared);
  shared_file = fol_photo_get_path (FOL_STORE (f->store), result_at (f, 0)->photo);

  fol_patient_set_name (other, "Other Patient");
  g_assert_true (fol_store_save_patient (FOL_STORE (f->store), other, &error));
  fol_visit_set_patient_id (other_visit, fol_patient_get_id (other));
  fol_visit_set_date (other_visit, fol_date_today ());
  fol_visit_set_kind (other_visit, "baseline");
  g_assert_true (fol_store_save_visit (FOL_STORE (f->store), other_visit, NULL, &error));
  /* Import refuses the same content twice; a record of it can still come
   * another way (a restored or merged clinic): written here directly.
   */
  {
    FolPhoto *first = result_at (f, 0)->photo;
    g_autoptr(FolPhoto) copy = fol_photo_new ();

    fol_photo_set_visit_id (copy, fol_visit_get_id (other_visit));
    fol_photo_set_region (copy, FOL_REGION_FRONTAL);
    fol_photo_set_sha256 (copy, fol_photo_get_sha256 (first));
    fol_photo_set_original_name (copy, "shared photo.jpg");
    fol_photo_set_width (copy, fol_photo_get_width (first));
    fol_photo_set_height (copy, fol_photo_get_height (first));
    g_assert_true (fol_store_save_photo (FOL_STORE (f->store), copy, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (count_photos (f), ==, 1);
  g_assert_cmpuint (count_photos_of (f, fol_patient_get_id (other)), ==, 1);

  /* The first patient goes with their record of it; the other's keeps the file. */
  g_assert_true (fol_photo_delete_patient (FOL_STORE (f->store), f->patient_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_photos_of (f, fol_patient_get_id (other)), ==, 1);
  g_assert_true (g_file_test (shared_file, G_FILE_TEST_IS_REGULAR));

  /* Then the other patient: the file goes. */
  g_assert_true (fol_photo_delete_patient (FOL_STORE (f->store), fol_patient_get_id (other), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_photos_of (f, fol_patient_get_id (other)), ==, 0);
  g_assert_false (g_file_test (shared_file, G_FILE_TEST_EXISTS));

  /* An unknown patient: an error, and nothing else happens. */
  g_assert_false (fol_photo_delete_patient (FOL_STORE (f->store), first_visit, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
test_migration_from_v1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("follicle-v1-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autoptr(FolSqliteStore) store = NULL;
  g_autoptr(FolPhoto) photo = NULL;
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (FolPhotoMark));
  g_autoptr(GArray) loaded = NULL;
  FolPhotoField field = { FOL_FIELD_SQUARE, 10, 10, 10 };
  FolPhotoField loaded_field;
  FolPhotoMark mark = { 5, 6 };
  gboolean has_field;
  sqlite3 *db;

  g_assert_no_error (error);
  g_assert_cmpuint (fol_sqlite_store_schema_version (), >=, 2);

  /* A database as the first release wrote it, with a photo in it. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, _fol_sqlite_migration (1));
  exec_sql (db, "PRAGMA user_version = 1");
  exec_sql (db, "PRAGMA application_id = 1181707372");
  exec_sql (db, "INSERT INTO patients (id, name, sort_name, created_at, updated_at)"
                " VALUES ('p1', 'Old Patient', 'old patient', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');"
                "INSERT INTO visits (id, patient_id, visit_date, kind, created_at, updated_at)"
                " VALUES ('v1', 'p1', '2025-01-02', 'baseline', '2025-01-02T00:00:00Z', '2025-01-02T00:00:00Z');"
                "INSERT INTO photos (id, visit_id, region, sha256, width, height, created_at)"
                " VALUES ('ph1', 'v1', 'vertex', 'ab', 10, 20, '2025-01-02T00:00:00Z');");
  sqlite3_close (db);

  store = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  /* The old photo is still there and can now be counted. */
  photo = fol_store_get_photo (FOL_STORE (store), "ph1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (fol_photo_get_height (photo), ==, 20);
  g_assert_cmpstr (fol_photo_get_visit_kind (photo), ==, "baseline");

  g_array_append_val (marks, mark);
  fol_store_save_photo_count (FOL_STORE (store), "ph1", &field, marks, &error);
  g_assert_no_error (error);
  fol_store_load_photo_count (FOL_STORE (store), "ph1", &has_field, &loaded_field, &loaded, &error);
  g_assert_no_error (error);
  g_assert_true (has_field);
  g_assert_cmpuint (loaded->len, ==, 1);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, (int) fol_sqlite_store_schema_version ());
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);

  remove_tree (dir);
}

static FolVisit *
save_visit_on (Fixture    *f,
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
  return g_steal_pointer (&visit);
}

static void
set_mtime (const char *path,
           FolDate     date)
{
  g_autoptr(GDateTime) when = g_date_time_new_local (fol_date_get_year (date),
                                                     fol_date_get_month (date),
                                                     fol_date_get_day (date), 12, 0, 0);
  struct utimbuf times;

  times.actime = times.modtime = g_date_time_to_unix (when);
  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

/* Each file goes to its own visit and region; a bad one is refused alone. */
static void
test_import_items (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(FolVisit) other = save_visit_on (f, fol_date_new (2024, 5, 2), "follow_up");
  g_autofree char *first = write_image (f, "first.png", "png", 40, 30);
  g_autofree char *second = write_image (f, "second.jpg", "jpeg", 50, 30);
  g_autofree char *bad = write_bytes (f, "bad.png", (const guint8 *) "nope", 4);
  g_autoptr(GFile) first_file = g_file_new_for_path (first);
  g_autoptr(GFile) second_file = g_file_new_for_path (second);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  FolPhotoImportItem items[] = {
    { first_file, NULL, FOL_REGION_FRONTAL },
    { bad_file, NULL, FOL_REGION_VERTEX },
    { second_file, NULL, FOL_REGION_OCCIPITAL },
  };

  items[0].visit_id = f->visit_id;
  items[1].visit_id = f->visit_id;
  items[2].visit_id = fol_visit_get_id (other);

  fol_photo_import_items_async (FOL_STORE (f->store), items, G_N_ELEMENTS (items), NULL,
                                progress_cb, f, import_done_cb, f);
  while (f->results == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (f->results->len, ==, 3);
  g_assert_cmpint (result_at (f, 0)->status, ==, FOL_PHOTO_IMPORT_OK);
  g_assert_cmpstr (fol_photo_get_visit_id (result_at (f, 0)->photo), ==, f->visit_id);
  g_assert_cmpuint (fol_photo_get_region (result_at (f, 0)->photo), ==, FOL_REGION_FRONTAL);
  g_assert_cmpint (result_at (f, 1)->status, ==, FOL_PHOTO_IMPORT_FAILED);
  g_assert_nonnull (strstr (result_at (f, 1)->message, "bad.png"));
  g_assert_cmpint (result_at (f, 2)->status, ==, FOL_PHOTO_IMPORT_OK);
  g_assert_cmpstr (fol_photo_get_visit_id (result_at (f, 2)->photo), ==, fol_visit_get_id (other));
  g_assert_cmpuint (fol_photo_get_region (result_at (f, 2)->photo), ==, FOL_REGION_OCCIPITAL);
  g_assert_cmpuint (count_photos (f), ==, 2);
}

/* A photo's day: the camera's, else the file's; then the nearest visit. */
static void
test_photo_date (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) visits = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *camera = write_exif_jpeg (f, "camera.jpg", 40, 30, 1, "2025:03:04 10:11:12");
  g_autofree char *plain = write_image (f, "plain.png", "png", 40, 30);
  g_autofree char *text = write_bytes (f, "text.txt", (const guint8 *) "hello", 5);
  g_autoptr(GFile) camera_file = g_file_new_for_path (camera);
  g_autoptr(GFile) plain_file = g_file_new_for_path (plain);
  g_autoptr(GFile) text_file = g_file_new_for_path (text);
  g_autoptr(GFile) dir_file = g_file_new_for_path (f->dir);
  FolDate date = FOL_DATE_NONE;
  gboolean from_camera = FALSE;

  /* The camera's date wins over the file's. */
  set_mtime (camera, fol_date_new (2020, 1, 1));
  g_assert_true (fol_photo_probe_date (camera_file, &date, &from_camera));
  g_assert_cmpuint (date, ==, fol_date_new (2025, 3, 4));
  g_assert_true (from_camera);

  set_mtime (plain, fol_date_new (2024, 11, 30));
  g_assert_true (fol_photo_probe_date (plain_file, &date, &from_camera));
  g_assert_cmpuint (date, ==, fol_date_new (2024, 11, 30));
  g_assert_false (from_camera);

  /* Any file has a modification day; a folder is no photo. */
  g_assert_true (fol_photo_probe_date (text_file, &date, NULL));
  g_assert_false (fol_photo_probe_date (dir_file, &date, NULL));
  g_assert_cmpuint (date, ==, FOL_DATE_NONE);

  g_assert_cmpuint (fol_photo_nearest_visit (visits, fol_date_new (2025, 3, 4)), ==, G_MAXUINT);
  /* In any order. */
  g_ptr_array_add (visits, save_visit_on (f, fol_date_new (2025, 7, 10), "follow_up"));
  g_ptr_array_add (visits, save_visit_on (f, fol_date_new (2025, 1, 10), "baseline"));
  g_ptr_array_add (visits, save_visit_on (f, fol_date_new (2025, 1, 20), "follow_up"));
  g_assert_cmpuint (fol_photo_nearest_visit (visits, fol_date_new (2025, 3, 4)), ==, 2);
  g_assert_cmpuint (fol_photo_nearest_visit (visits, fol_date_new (2024, 3, 4)), ==, 1);
  g_assert_cmpuint (fol_photo_nearest_visit (visits, fol_date_new (2026, 3, 4)), ==, 0);
  g_assert_cmpuint (fol_photo_nearest_visit (visits, fol_date_new (2025, 1, 12)), ==, 1);
  /* Halfway: the earlier visit. */
  g_assert_cmpuint (fol_photo_nearest_visit (visits, fol_date_new (2025, 1, 15)), ==, 1);
  g_assert_cmpuint (fol_photo_nearest_visit (visits, FOL_DATE_NONE), ==, 0);
}

/* A count's total against the visit's terminal/vellus split. */
static void
test_count_split (void)
{
  g_autoptr(FolMeasurement) m = fol_measurement_new ();
  double terminal, vellus;

  fol_measurement_set_region (m, FOL_REGION_VERTEX);
  g_assert_false (fol_photo_measure_split_conflicts (NULL, 6, 1.0));
  g_assert_false (fol_photo_measure_rescale_split (m, 6, &terminal, &vellus));

  fol_measurement_set_total_density (m, 120);
  fol_measurement_set_terminal_density (m, 74);
  fol_measurement_set_vellus_density (m, 46);
  /* 6 /cm² cannot hold 46 vellus; 120 /cm² is what the split adds up to. */
  g_assert_true (fol_photo_measure_split_conflicts (m, 6, 1.0));
  g_assert_false (fol_photo_measure_split_conflicts (m, 120, 1.0));
  g_assert_true (fol_photo_measure_split_conflicts (m, 119, 1.0));

  g_assert_true (fol_photo_measure_rescale_split (m, 6, &terminal, &vellus));
  g_assert_cmpfloat_with_epsilon (terminal, 3.7, 1e-9);
  g_assert_cmpfloat_with_epsilon (vellus, 2.3, 1e-9);
  /* Rounded to a tenth, they still add up. */
  g_assert_true (fol_photo_measure_rescale_split (m, 100.0 / 3, &terminal, &vellus));
  g_assert_cmpfloat (fabs (terminal + vellus - 100.0 / 3), <=, 0.05 + 1e-9);

  /* Vellus alone: a share of the old total. */
  fol_measurement_set_terminal_density (m, NAN);
  g_assert_true (fol_photo_measure_split_conflicts (m, 6, 1.0));
  g_assert_true (fol_photo_measure_rescale_split (m, 6, &terminal, &vellus));
  g_assert_true (isnan (terminal));
  g_assert_cmpfloat_with_epsilon (vellus, 2.3, 1e-9);
  g_assert_false (fol_photo_measure_split_conflicts (m, 60, 1.0));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = g_dir_make_tmp ("follicle-cache-XXXXXX", NULL);
  int status;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: GdkPixbuf recognises formats through
   * the MIME database found in XDG_DATA_DIRS. Only the thumbnail cache is
   * moved aside.
   */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/photo-import/good", Fixture, NULL, fixture_setup, test_import_good, fixture_teardown);
  g_test_add ("/photo-import/offered-formats", Fixture, NULL, fixture_setup, test_import_offered_formats, fixture_teardown);
  g_test_add ("/photo-import/duplicate", Fixture, NULL, fixture_setup, test_import_duplicate, fixture_teardown);
  g_test_add ("/photo-import/rejects", Fixture, NULL, fixture_setup, test_import_rejects, fixture_teardown);
  g_test_add ("/photo-import/cut-short", Fixture, NULL, fixture_setup, test_import_cut_short, fixture_teardown);
  g_test_add ("/photo-import/record-fails", Fixture, NULL, fixture_setup, test_import_record_fails, fixture_teardown);
  g_test_add ("/photo-import/cancelled", Fixture, NULL, fixture_setup, test_import_cancelled, fixture_teardown);
  g_test_add ("/photo-import/items", Fixture, NULL, fixture_setup, test_import_items, fixture_teardown);
  g_test_add ("/photo-import/photo-date", Fixture, NULL, fixture_setup, test_photo_date, fixture_teardown);
  g_test_add ("/photo-import/exif-orientation", Fixture, NULL, fixture_setup, test_exif_orientation, fixture_teardown);
  g_test_add_func ("/photo-import/exif-parser", test_exif_parser);
  g_test_add_func ("/photo-count/arithmetic", test_count_arithmetic);
  g_test_add ("/photo-count/round-trip", Fixture, NULL, fixture_setup, test_count_round_trip, fixture_teardown);
  g_test_add_func ("/photo-count/render", test_count_render);
  g_test_add_func ("/photo-count/split", test_count_split);
  g_test_add ("/photo-count/to-visit", Fixture, NULL, fixture_setup, test_count_to_visit, fixture_teardown);
  g_test_add ("/photo-count/split-from-marks", Fixture, NULL, fixture_setup, test_count_split_from_marks, fixture_teardown);
  g_test_add ("/photo-store/delete", Fixture, NULL, fixture_setup, test_delete_photo, fixture_teardown);
  g_test_add ("/photo-store/delete-with-photos", Fixture, NULL, fixture_setup, test_delete_with_photos, fixture_teardown);
  g_test_add_func ("/photo-store/migration-from-v1", test_migration_from_v1);
  g_test_add ("/photo-store/any-store", Fixture, NULL, fixture_setup, test_load_any_store, fixture_teardown);

  status = g_test_run ();
  remove_tree (cache);
  return status;
}
