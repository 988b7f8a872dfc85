/* test-store-photos.c
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

/* The photo calls of FolStore, the same checks against every backend: a
 * clinic in a file on a workstation (SQLite) and a clinic server
 * (PostgreSQL, on the throwaway cluster of build-aux/dev test; a failure,
 * not a skip, when FOLLICLE_TEST_PG=required). On a server the photos'
 * bytes live in the database and each workstation keeps a checked copy in
 * its cache: two stores with two caches play two workstations.
 */

#include "config.h"

#include <math.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "fol-error.h"
#include "fol-pg-migrations.h"
#include "fol-pg-store.h"
#include "fol-photo-files.h"
#include "fol-photo-import.h"
#include "fol-sqlite-store.h"
#include "fol-store.h"
#include "fol-test-backend.h"
#include "fol-test-pg.h"

/* A call that must succeed, its error shown when it does not. */
#define assert_ok(call) \
  G_STMT_START { \
    gboolean ok_ = (call); \
    g_assert_no_error (error); \
    g_assert_true (ok_); \
  } G_STMT_END

typedef struct
{
  Backend   backend;
  FolStore *store;
  char     *dir;
  char     *database;
  char     *location;
  char     *patient_id;
  char     *visit_id;
  char     *other_visit_id;
  guint     n_changed;
  guint     n_photo_changes;
} Fixture;

static void
on_changed (FolStore   *store,
            guint       change,
            const char *patient_id,
            Fixture    *f)
{
  f->n_changed++;
  if (change == FOL_STORE_CHANGE_PHOTO)
    {
      f->n_photo_changes++;
      g_assert_cmpstr (patient_id, ==, f->patient_id);
    }
}

static char *
save_visit (FolStore   *store,
            const char *patient_id,
            const char *iso)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolVisit) v = fol_visit_new ();

  fol_visit_set_patient_id (v, patient_id);
  fol_visit_set_date (v, helper_date (iso));
  fol_visit_set_kind (v, "baseline");
  assert_ok (fol_store_save_visit (store, v, NULL, &error));
  return g_strdup (fol_visit_get_id (v));
}

/* Another workstation of the same clinic server, with its own cache. */
static FolStore *
open_workstation (Fixture    *f,
                  const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache = g_build_filename (f->dir, name, NULL);
  FolPgStore *store = fol_pg_store_open (f->location, &error);

  g_assert_no_error (error);
  fol_pg_store_set_photo_cache (store, cache);
  return FOL_STORE (store);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = fol_patient_new ();

  f->backend = GPOINTER_TO_INT (data);
  f->store = fol_test_open_store (f->backend, &f->dir, &f->database, &f->location);
  if (f->store == NULL)
    return;

  fol_patient_set_name (p, "Ana Souza");
  fol_patient_set_birth_date (p, helper_date ("1980-02-29"));
  assert_ok (fol_store_save_patient (f->store, p, &error));
  f->patient_id = g_strdup (fol_patient_get_id (p));
  f->visit_id = save_visit (f->store, f->patient_id, "2024-01-02");
  f->other_visit_id = save_visit (f->store, f->patient_id, "2024-04-02");
  g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), f);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->store != NULL)
    g_assert_finalize_object (f->store);
  fol_test_close_store (&f->dir, &f->database, &f->location);
  g_free (f->patient_id);
  g_free (f->visit_id);
  g_free (f->other_visit_id);
}

/* Photo content */

static GBytes *
make_png (int    width,
          int    height,
          guint8 seed)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  gchar *png = NULL;
  gsize length = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width * 3; x++)
      pixels[y * stride + x] = (x * 7 + y * 13 + x * y + seed) & 0xff;
  gdk_pixbuf_save_to_buffer (pixbuf, &png, &length, "png", &error, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (png, length);
}

static char *
sha256_of (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static gboolean
holds_sha256 (GBytes     *bytes,
              const char *sha256)
{
  g_autofree char *actual = sha256_of (bytes);

  return g_strcmp0 (actual, sha256) == 0;
}

static char *
photo_file_path (const char *photo_dir,
                 const char *sha256)
{
  return g_strdup_printf ("%s/%c%c/%s.png", photo_dir, sha256[0], sha256[1], sha256);
}

/* Puts @bytes where the store's photo files are kept on this computer, as
 * an import does before it records the photo; returns their SHA-256.
 */
static char *
put_photo_file (FolStore *store,
                GBytes   *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = fol_store_get_photo_dir (store);
  g_autofree char *sha256 = sha256_of (bytes);
  g_autofree char *path = NULL;
  g_autofree char *subdir = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  g_assert_nonnull (dir);
  path = photo_file_path (dir, sha256);
  subdir = g_path_get_dirname (path);
  g_assert_cmpint (g_mkdir_with_parents (subdir, 0700), ==, 0);
  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&sha256);
}

static FolPhoto *
new_photo (const char *visit_id,
           FolRegion   region,
           const char *sha256)
{
  FolPhoto *photo = fol_photo_new ();

  fol_photo_set_visit_id (photo, visit_id);
  fol_photo_set_region (photo, region);
  fol_photo_set_sha256 (photo, sha256);
  fol_photo_set_original_name (photo, "IMG_0042 “vertex”.png");
  fol_photo_set_taken_at (photo, "2024:01:02 10:11:12");
  fol_photo_set_width (photo, 64);
  fol_photo_set_height (photo, 48);
  return photo;
}

/* Saves a photo of new content (@seed) in @visit_id. */
static FolPhoto *
add_photo (Fixture    *f,
           const char *visit_id,
           FolRegion   region,
           guint8      seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = make_png (64, 48, seed);
  g_autofree char *sha256 = put_photo_file (f->store, bytes);
  FolPhoto *photo = new_photo (visit_id, region, sha256);

  assert_ok (fol_store_save_photo (f->store, photo, &error));
  return photo;
}

static void
assert_same_double (double a,
                    double b)
{
  if (isnan (a))
    g_assert_true (isnan (b));
  else
    g_assert_cmpfloat (a, ==, b);
}

static void
assert_same_photo (FolPhoto *a,
                   FolPhoto *b)
{
  g_assert_cmpstr (fol_photo_get_id (a), ==, fol_photo_get_id (b));
  g_assert_cmpstr (fol_photo_get_visit_id (a), ==, fol_photo_get_visit_id (b));
  g_assert_cmpuint (fol_photo_get_region (a), ==, fol_photo_get_region (b));
  g_assert_cmpstr (fol_photo_get_sha256 (a), ==, fol_photo_get_sha256 (b));
  g_assert_cmpstr (fol_photo_get_original_name (a), ==, fol_photo_get_original_name (b));
  g_assert_cmpstr (fol_photo_get_taken_at (a), ==, fol_photo_get_taken_at (b));
  g_assert_cmpint (fol_photo_get_width (a), ==, fol_photo_get_width (b));
  g_assert_cmpint (fol_photo_get_height (a), ==, fol_photo_get_height (b));
  assert_same_double (fol_photo_get_px_per_mm (a), fol_photo_get_px_per_mm (b));
  g_assert_cmpstr (fol_photo_get_created_at (a), ==, fol_photo_get_created_at (b));
}

static void
assert_same_bytes (GBytes *a,
                   GBytes *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_true (g_bytes_equal (a, b));
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* Both backends */

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPhoto) vertex = NULL;
  g_autoptr(FolPhoto) later = NULL;
  g_autoptr(FolPhoto) got = NULL;
  g_autoptr(FolPhoto) bad = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GBytes) bytes = make_png (64, 48, 1);
  g_autofree char *sha256 = NULL;
  g_autofree char *id = NULL;

  if (f->store == NULL)
    return;

  sha256 = put_photo_file (f->store, bytes);
  vertex = new_photo (f->visit_id, FOL_REGION_VERTEX, sha256);
  assert_ok (fol_store_save_photo (f->store, vertex, &error));
  g_assert_nonnull (fol_photo_get_id (vertex));
  g_assert_nonnull (fol_photo_get_created_at (vertex));
  g_assert_cmpuint (f->n_photo_changes, ==, 1);

  got = fol_store_get_photo (f->store, fol_photo_get_id (vertex), &error);
  g_assert_no_error (error);
  assert_same_photo (got, vertex);
  g_assert_cmpint (fol_photo_get_visit_date (got), ==, helper_date ("2024-01-02"));
  g_assert_cmpstr (fol_photo_get_visit_kind (got), ==, "baseline");
  g_clear_object (&got);

  /* The bytes come back as they went in. */
  {
    g_autoptr(GBytes) back = fol_store_load_photo_bytes (f->store, sha256, &error);

    g_assert_no_error (error);
    assert_same_bytes (back, bytes);
  }

  later = add_photo (f, f->other_visit_id, FOL_REGION_VERTEX, 2);
  g_assert_cmpuint (f->n_photo_changes, ==, 2);

  /* By region, the latest visit first. */
  photos = fol_store_list_photos (f->store, f->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 2);
  assert_same_photo (g_ptr_array_index (photos, 0), later);
  g_assert_cmpint (fol_photo_get_visit_date (g_ptr_array_index (photos, 0)), ==,
                   helper_date ("2024-04-02"));
  assert_same_photo (g_ptr_array_index (photos, 1), vertex);
  g_clear_pointer (&photos, g_ptr_array_unref);

  /* Saving again changes region and date taken, keeps the identity. */
  fol_photo_set_region (vertex, FOL_REGION_FRONTAL);
  fol_photo_set_taken_at (vertex, NULL);
  assert_ok (fol_store_save_photo (f->store, vertex, &error));
  got = fol_store_get_photo (f->store, fol_photo_get_id (vertex), &error);
  g_assert_no_error (error);
  assert_same_photo (got, vertex);
  g_clear_object (&got);

  photos = fol_store_list_photos (f->store, f->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 2);
  g_assert_cmpuint (fol_photo_get_region (g_ptr_array_index (photos, 0)), ==, FOL_REGION_FRONTAL);
  g_clear_pointer (&photos, g_ptr_array_unref);

  /* Another patient's list has none of them. */
  photos = fol_store_list_photos (f->store, "no-such-patient", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 0);
  g_clear_pointer (&photos, g_ptr_array_unref);

  /* A photo of a visit that does not exist is refused, nothing written. */
  bad = new_photo ("no-such-visit", FOL_REGION_VERTEX, sha256);
  g_assert_false (fol_store_save_photo (f->store, bad, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (fol_photo_get_id (bad));

  id = g_strdup (fol_photo_get_id (vertex));
  assert_ok (fol_store_delete_photo (f->store, id, &error));
  g_assert_cmpuint (f->n_photo_changes, ==, 4);
  got = fol_store_get_photo (f->store, id, &error);
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
  g_assert_null (got);
  g_clear_error (&error);
  g_assert_false (fol_store_delete_photo (f->store, id, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  photos = fol_store_list_photos (f->store, f->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 1);
  assert_same_photo (g_ptr_array_index (photos, 0), later);
  g_assert_cmpuint (f->n_photo_changes, ==, 4);
}

static void
test_find_by_sha256 (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPhoto) first = NULL;
  g_autoptr(FolPhoto) again = NULL;
  g_autoptr(FolPhoto) found = NULL;

  if (f->store == NULL)
    return;

  first = add_photo (f, f->visit_id, FOL_REGION_VERTEX, 3);
  again = new_photo (f->other_visit_id, FOL_REGION_MIDSCALP, fol_photo_get_sha256 (first));
  assert_ok (fol_store_save_photo (f->store, again, &error));

  /* The first one recorded. */
  found = fol_store_find_photo_by_sha256 (f->store, fol_photo_get_sha256 (first), &error);
  g_assert_no_error (error);
  assert_same_photo (found, first);
  g_clear_object (&found);

  found = fol_store_find_photo_by_sha256 (f->store, "0123456789abcdef0123456789abcdef"
                                                    "0123456789abcdef0123456789abcdef", &error);
  g_assert_no_error (error);
  g_assert_null (found);
}

static void
test_calibration (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPhoto) photo = NULL;
  g_autoptr(FolPhoto) got = NULL;
  const double scale = 31.415926535897931;

  if (f->store == NULL)
    return;

  photo = add_photo (f, f->visit_id, FOL_REGION_VERTEX, 4);
  g_assert_true (isnan (fol_photo_get_px_per_mm (photo)));

  assert_ok (fol_store_set_photo_calibration (f->store, fol_photo_get_id (photo), scale, &error));
  g_assert_cmpuint (f->n_photo_changes, ==, 2);
  got = fol_store_get_photo (f->store, fol_photo_get_id (photo), &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fol_photo_get_px_per_mm (got), ==, scale);
  g_clear_object (&got);

  /* Refused: the scale stays. */
  g_assert_false (fol_store_set_photo_calibration (f->store, fol_photo_get_id (photo), -2,
                                                   &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_false (fol_store_set_photo_calibration (f->store, "no-such-photo", 2, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  got = fol_store_get_photo (f->store, fol_photo_get_id (photo), &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fol_photo_get_px_per_mm (got), ==, scale);
  g_clear_object (&got);

  /* NaN forgets it. */
  assert_ok (fol_store_set_photo_calibration (f->store, fol_photo_get_id (photo), NAN, &error));
  got = fol_store_get_photo (f->store, fol_photo_get_id (photo), &error);
  g_assert_no_error (error);
  g_assert_true (isnan (fol_photo_get_px_per_mm (got)));
  g_assert_cmpuint (f->n_photo_changes, ==, 3);
}

static void
test_photo_count (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPhoto) photo = NULL;
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (FolPhotoMark));
  g_autoptr(GArray) got = NULL;
  FolPhotoField field = { FOL_FIELD_CIRCLE, 120.25, 80.125, 11.283791670955125 };
  FolPhotoField got_field = { 0, };
  gboolean has_field = TRUE;
  const char *id;

  if (f->store == NULL)
    return;

  photo = add_photo (f, f->visit_id, FOL_REGION_VERTEX, 5);
  id = fol_photo_get_id (photo);

  /* Nothing counted yet. */
  assert_ok (fol_store_load_photo_count (f->store, id, &has_field, &got_field, &got, &error));
  g_assert_false (has_field);
  g_assert_cmpuint (got->len, ==, 0);
  g_clear_pointer (&got, g_array_unref);

  for (guint i = 0; i < 40; i++)
    {
      FolPhotoMark mark = { 100.5 + i * 0.1, 70.0 + (i % 7) / 3.0 };

      g_array_append_val (marks, mark);
    }
  assert_ok (fol_store_save_photo_count (f->store, id, &field, marks, &error));
  g_assert_cmpuint (f->n_photo_changes, ==, 2);

  assert_ok (fol_store_load_photo_count (f->store, id, &has_field, &got_field, &got, &error));
  g_assert_true (has_field);
  g_assert_cmpint (got_field.shape, ==, field.shape);
  g_assert_cmpfloat (got_field.centre_x, ==, field.centre_x);
  g_assert_cmpfloat (got_field.centre_y, ==, field.centre_y);
  g_assert_cmpfloat (got_field.size_mm, ==, field.size_mm);
  g_assert_cmpuint (got->len, ==, marks->len);
  for (guint i = 0; i < marks->len; i++)
    {
      g_assert_cmpfloat (g_array_index (got, FolPhotoMark, i).x, ==,
                         g_array_index (marks, FolPhotoMark, i).x);
      g_assert_cmpfloat (g_array_index (got, FolPhotoMark, i).y, ==,
                         g_array_index (marks, FolPhotoMark, i).y);
    }
  g_clear_pointer (&got, g_array_unref);

  /* The marks are replaced; no field removes it. */
  g_array_set_size (marks, 3);
  assert_ok (fol_store_save_photo_count (f->store, id, NULL, marks, &error));
  assert_ok (fol_store_load_photo_count (f->store, id, &has_field, &got_field, &got, &error));
  g_assert_false (has_field);
  g_assert_cmpuint (got->len, ==, 3);
  g_assert_cmpfloat (g_array_index (got, FolPhotoMark, 2).x, ==,
                     g_array_index (marks, FolPhotoMark, 2).x);
  g_clear_pointer (&got, g_array_unref);

  /* Each mark keeps its origin and estimated diameter; a suggestion the
   * clinician rejected is kept, and not counted.
   */
  {
    FolPhotoMark audited[] = {
      { .x = 120, .y = 80, .origin = FOL_MARK_BY_HAND, .diameter_um = NAN },
      { .x = 121, .y = 81, .origin = FOL_MARK_SUGGESTED, .diameter_um = 72.25 },
      { .x = 122, .y = 82, .origin = FOL_MARK_SUGGESTED_MOVED, .diameter_um = 38.5 },
      { .x = 123, .y = 83, .origin = FOL_MARK_REJECTED, .diameter_um = 21 },
      { .x = 124, .y = 84, .origin = FOL_MARK_UNRECORDED, .diameter_um = NAN },
    };
    g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (FolPhotoMark));

    g_array_append_vals (kept, audited, G_N_ELEMENTS (audited));
    assert_ok (fol_store_save_photo_count (f->store, id, &field, kept, &error));
    assert_ok (fol_store_load_photo_count (f->store, id, &has_field, &got_field, &got, &error));
    g_assert_cmpuint (got->len, ==, G_N_ELEMENTS (audited));
    for (guint i = 0; i < G_N_ELEMENTS (audited); i++)
      {
        const FolPhotoMark *mark = &g_array_index (got, FolPhotoMark, i);

        g_assert_cmpfloat (mark->x, ==, audited[i].x);
        g_assert_cmpint (mark->origin, ==, audited[i].origin);
        if (isnan (audited[i].diameter_um))
          g_assert_false (fol_photo_mark_has_diameter (mark));
        else
          g_assert_cmpfloat (mark->diameter_um, ==, audited[i].diameter_um);
      }
    g_assert_cmpuint (fol_photo_field_count (&got_field, 10, (FolPhotoMark *) got->data,
                                             got->len), ==, 4);
    g_clear_pointer (&got, g_array_unref);

    /* A backup (the snapshot an archive holds) keeps them. */
    {
      g_autofree char *dir = g_dir_make_tmp ("follicle-marks-snapshot-XXXXXX", NULL);
      g_autofree char *path = g_build_filename (dir, "snapshot.db", NULL);
      g_autoptr(FolStoreSnapshot) snapshot = fol_store_snapshot (f->store, path, &error);
      g_autoptr(FolSqliteStore) copy = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (snapshot);
      copy = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
      g_assert_no_error (error);
      assert_ok (fol_store_load_photo_count (FOL_STORE (copy), id, &has_field, &got_field, &got,
                                             &error));
      g_assert_cmpuint (got->len, ==, G_N_ELEMENTS (audited));
      for (guint i = 0; i < G_N_ELEMENTS (audited); i++)
        {
          const FolPhotoMark *mark = &g_array_index (got, FolPhotoMark, i);

          g_assert_cmpint (mark->origin, ==, audited[i].origin);
          if (!isnan (audited[i].diameter_um))
            g_assert_cmpfloat (mark->diameter_um, ==, audited[i].diameter_um);
        }
      g_clear_pointer (&got, g_array_unref);
      g_clear_object (&copy);
      {
        g_autofree char *wal = g_strconcat (path, "-wal", NULL);
        g_autofree char *shm = g_strconcat (path, "-shm", NULL);

        g_unlink (wal);
        g_unlink (shm);
      }
      g_unlink (path);
      g_rmdir (dir);
    }

    /* A diameter of no size, or an origin that is none of them, is refused. */
    g_array_index (kept, FolPhotoMark, 1).diameter_um = -3;
    g_assert_false (fol_store_save_photo_count (f->store, id, &field, kept, &error));
    g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE);
    g_clear_error (&error);
    g_array_index (kept, FolPhotoMark, 1).diameter_um = 72.25;
    g_array_index (kept, FolPhotoMark, 1).origin = FOL_MARK_LAST_ORIGIN + 1;
    g_assert_false (fol_store_save_photo_count (f->store, id, &field, kept, &error));
    g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT);
    g_clear_error (&error);
    assert_ok (fol_store_save_photo_count (f->store, id, NULL, marks, &error));
  }

  /* Refused: what was saved stays. */
  field.size_mm = 0;
  g_assert_false (fol_store_save_photo_count (f->store, id, &field, NULL, &error));
  g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);
  field.size_mm = 10;
  g_assert_false (fol_store_save_photo_count (f->store, "no-such-photo", &field, marks, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_ok (fol_store_load_photo_count (f->store, id, &has_field, &got_field, &got, &error));
  g_assert_false (has_field);
  g_assert_cmpuint (got->len, ==, 3);
  g_clear_pointer (&got, g_array_unref);

  /* The count goes with its photo. */
  assert_ok (fol_store_delete_photo (f->store, id, &error));
  assert_ok (fol_store_load_photo_count (f->store, fol_photo_get_id (photo), &has_field,
                                         &got_field, &got, &error));
  g_assert_false (has_field);
  g_assert_cmpuint (got->len, ==, 0);
}

static void
test_bytes (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = make_png (300, 200, 6);
  g_autoptr(GBytes) back = NULL;
  g_autoptr(FolPhoto) photo = NULL;
  g_autofree char *sha256 = NULL;

  if (f->store == NULL)
    return;

  sha256 = put_photo_file (f->store, bytes);
  photo = new_photo (f->visit_id, FOL_REGION_VERTEX, sha256);
  assert_ok (fol_store_save_photo (f->store, photo, &error));

  back = fol_store_load_photo_bytes (f->store, sha256, &error);
  g_assert_no_error (error);
  assert_same_bytes (back, bytes);
  g_clear_pointer (&back, g_bytes_unref);

  back = fol_store_load_photo_bytes (f->store, "0123456789abcdef0123456789abcdef"
                                               "0123456789abcdef0123456789abcdef", &error);
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
  g_assert_null (back);
}

static guint
count_photo_files (Fixture *f)
{
  PGconn *conn = fol_test_pg_connect (f->database);
  g_autofree char *n = fol_test_pg_value (conn, "SELECT count (*) FROM photo_files");

  PQfinish (conn);
  return (guint) g_ascii_strtoull (n, NULL, 10);
}

/* Two photos of the same content: deleting one leaves the other whole. */
static void
test_shared_content (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = make_png (64, 48, 7);
  g_autoptr(GBytes) back = NULL;
  g_autoptr(FolPhoto) first = NULL;
  g_autoptr(FolPhoto) second = NULL;
  g_autoptr(FolPhoto) left = NULL;
  g_autoptr(FolStore) other = NULL;
  g_autofree char *sha256 = NULL;

  if (f->store == NULL)
    return;

  sha256 = put_photo_file (f->store, bytes);
  first = new_photo (f->visit_id, FOL_REGION_VERTEX, sha256);
  assert_ok (fol_store_save_photo (f->store, first, &error));
  second = new_photo (f->other_visit_id, FOL_REGION_VERTEX, sha256);
  assert_ok (fol_store_save_photo (f->store, second, &error));
  if (f->backend == BACKEND_POSTGRESQL)
    g_assert_cmpuint (count_photo_files (f), ==, 1);

  assert_ok (fol_store_delete_photo (f->store, fol_photo_get_id (first), &error));
  left = fol_store_find_photo_by_sha256 (f->store, sha256, &error);
  g_assert_no_error (error);
  assert_same_photo (left, second);
  back = fol_store_load_photo_bytes (f->store, sha256, &error);
  g_assert_no_error (error);
  assert_same_bytes (back, bytes);
  g_clear_pointer (&back, g_bytes_unref);

  if (f->backend != BACKEND_POSTGRESQL)
    return;

  /* A workstation that never had it still gets it from the server. */
  other = open_workstation (f, "other-cache");
  back = fol_store_load_photo_bytes (other, sha256, &error);
  g_assert_no_error (error);
  assert_same_bytes (back, bytes);
  g_clear_pointer (&back, g_bytes_unref);
  g_assert_cmpuint (count_photo_files (f), ==, 1);

  /* With the last photo that shows it, the content leaves the server. */
  assert_ok (fol_store_delete_photo (f->store, fol_photo_get_id (second), &error));
  g_assert_cmpuint (count_photo_files (f), ==, 0);
  g_clear_object (&other);
  other = open_workstation (f, "third-cache");
  back = fol_store_load_photo_bytes (other, sha256, &error);
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
  g_assert_null (back);
}

/* Photos deleted with their visit or patient take their bytes along. */
static void
test_cascade (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPhoto) first = NULL;
  g_autoptr(FolPhoto) second = NULL;

  if (f->store == NULL)
    return;

  first = add_photo (f, f->visit_id, FOL_REGION_VERTEX, 17);
  second = add_photo (f, f->other_visit_id, FOL_REGION_VERTEX, 18);
  g_assert_cmpuint (count_photo_files (f), ==, 2);

  assert_ok (fol_store_delete_visit (f->store, f->visit_id, &error));
  g_assert_cmpuint (count_photo_files (f), ==, 1);
  assert_ok (fol_store_delete_patient (f->store, f->patient_id, &error));
  g_assert_cmpuint (count_photo_files (f), ==, 0);
}

typedef struct
{
  FolStore *store;
  char     *photo_id;
  GError   *error;
} DeleteJob;

static gpointer
delete_thread (gpointer data)
{
  DeleteJob *job = data;

  fol_store_delete_photo (job->store, job->photo_id, &job->error);
  return NULL;
}

/* The last photo of some content is deleted on one workstation while
 * another is saving a photo of the same content: the content stays for
 * the new photo.
 */
static void
test_shared_content_race (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPhoto) photo = NULL;
  g_autoptr(FolStore) other = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autofree char *insert = NULL;
  g_autofree char *lock = NULL;
  DeleteJob job = { f->store, NULL, NULL };
  PGconn *saving;
  PGconn *watch;
  GThread *thread;
  guint waiting = 0;

  if (f->store == NULL)
    return;

  photo = add_photo (f, f->visit_id, FOL_REGION_VERTEX, 15);
  job.photo_id = g_strdup (fol_photo_get_id (photo));

  /* What a save does, stopped before it commits. */
  saving = fol_test_pg_connect (f->database);
  lock = g_strdup_printf ("BEGIN; SELECT 1 FROM photo_files WHERE sha256 = '%s' FOR KEY SHARE",
                          fol_photo_get_sha256 (photo));
  fol_test_pg_exec (saving, lock);
  insert = g_strdup_printf ("INSERT INTO photos (id, visit_id, region, sha256, width, height,"
                            " created_at) VALUES ('racing', '%s', 'vertex', '%s', 64, 48,"
                            " '2024-01-02T00:00:00.000Z')",
                            f->other_visit_id, fol_photo_get_sha256 (photo));
  fol_test_pg_exec (saving, insert);

  thread = g_thread_new ("delete", delete_thread, &job);
  watch = fol_test_pg_connect (f->database);
  for (guint i = 0; i < 500 && waiting == 0; i++)
    {
      g_autofree char *n = fol_test_pg_value (watch, "SELECT count (*) FROM pg_stat_activity"
                                                     " WHERE wait_event_type = 'Lock'"
                                                     " AND datname = current_database ()");

      waiting = (guint) g_ascii_strtoull (n, NULL, 10);
      if (waiting == 0)
        g_usleep (10000);
    }
  g_assert_cmpuint (waiting, ==, 1);
  fol_test_pg_exec (saving, "COMMIT");
  g_thread_join (thread);

  g_assert_no_error (job.error);
  g_assert_cmpuint (count_photo_files (f), ==, 1);
  other = open_workstation (f, "other-cache");
  back = fol_store_load_photo_bytes (other, fol_photo_get_sha256 (photo), &error);
  g_assert_no_error (error);
  g_assert_true (holds_sha256 (back, fol_photo_get_sha256 (photo)));

  PQfinish (watch);
  PQfinish (saving);
  g_free (job.photo_id);
}

/* PostgreSQL: the workstations' caches */

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static void
assert_private (const char *path,
                guint       mode)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, mode);
}

/* A photo imported on one workstation shows on another. */
static void
test_two_workstations (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = make_png (320, 200, 8);
  g_autoptr(GBytes) cached = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(FolStore) b = NULL;
  g_autofree char *sha256 = sha256_of (bytes);
  g_autofree char *source = g_build_filename (f->dir, "scalp.png", NULL);
  g_autofree char *dir_a = NULL;
  g_autofree char *dir_b = NULL;
  g_autofree char *expected_a = NULL;
  g_autofree char *cache_file = NULL;
  g_autofree char *clinic_dir = NULL;
  Wait wait = { NULL };
  FolPhotoImportResult *r;

  if (f->store == NULL)
    return;

  /* By default each clinic has its cache in the user's cache folder. */
  dir_a = fol_store_get_photo_dir (f->store);
  expected_a = g_build_filename (g_get_user_cache_dir (), "follicle", "clinics",
                                 fol_pg_store_get_clinic_id (FOL_PG_STORE (f->store)), "photos",
                                 NULL);
  g_assert_cmpstr (dir_a, ==, expected_a);

  /* Imported on A, as the Photos page does it. */
  g_file_set_contents (source, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (source);
  fol_photo_import_async (f->store, f->visit_id, FOL_REGION_VERTEX, &file, 1, NULL, NULL, NULL,
                          store_result_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  results = fol_photo_import_finish (f->store, wait.result, &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  r = g_ptr_array_index (results, 0);
  g_assert_cmpstr (r->message, ==, NULL);
  g_assert_cmpint (r->status, ==, FOL_PHOTO_IMPORT_OK);
  g_assert_cmpstr (fol_photo_get_sha256 (r->photo), ==, sha256);

  /* B, another workstation with its own cache, sees it and shows it. */
  b = open_workstation (f, "workstation-b");
  dir_b = fol_store_get_photo_dir (b);
  g_assert_cmpstr (dir_b, !=, dir_a);
  photos = fol_store_list_photos (b, f->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 1);
  assert_same_photo (g_ptr_array_index (photos, 0), r->photo);

  fol_photo_load_async (b, g_ptr_array_index (photos, 0), 0, NULL, store_result_cb, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  pixbuf = fol_photo_load_finish (wait.result, &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 320);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 200);

  /* The bytes are the ones imported, and B keeps them, privately. */
  back = fol_store_load_photo_bytes (b, sha256, &error);
  g_assert_no_error (error);
  assert_same_bytes (back, bytes);
  cache_file = photo_file_path (dir_b, sha256);
  cached = read_file (cache_file);
  assert_same_bytes (cached, bytes);
  assert_private (cache_file, 0600);
  assert_private (dir_b, 0700);
  clinic_dir = g_path_get_dirname (cache_file);
  assert_private (clinic_dir, 0700);
  {
    g_autofree char *path = fol_photo_get_path (b, g_ptr_array_index (photos, 0));

    g_assert_cmpstr (path, ==, cache_file);
  }
}

/* The pixels of @pixbuf are those of the image @bytes holds. */
static void
assert_shows (GdkPixbuf *pixbuf,
              GBytes    *bytes)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) expected = gdk_pixbuf_new_from_stream (stream, NULL, &error);
  int height, stride;

  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, gdk_pixbuf_get_width (expected));
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, gdk_pixbuf_get_height (expected));
  g_assert_cmpint (gdk_pixbuf_get_n_channels (pixbuf), ==, gdk_pixbuf_get_n_channels (expected));
  height = gdk_pixbuf_get_height (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  g_assert_cmpint (stride, ==, gdk_pixbuf_get_rowstride (expected));
  g_assert_cmpmem (gdk_pixbuf_read_pixels (pixbuf), (gsize) stride * (height - 1),
                   gdk_pixbuf_read_pixels (expected), (gsize) stride * (height - 1));
}

/* The Photos page, on a workstation whose copy of a photo was damaged
 * (another image under its name, or the file cut short): the photo and its
 * thumbnail show the server's bytes, and the copy is mended. */
static void
test_cache_damaged_shown (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = make_png (64, 48, 21);
  g_autoptr(GBytes) other = make_png (64, 48, 99);
  g_autoptr(GBytes) back = NULL;
  g_autoptr(FolPhoto) photo = NULL;
  g_autoptr(FolStore) b = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *dir_b = NULL;
  g_autofree char *cache_file = NULL;

  if (f->store == NULL)
    return;

  sha256 = put_photo_file (f->store, bytes);
  photo = new_photo (f->visit_id, FOL_REGION_VERTEX, sha256);
  assert_ok (fol_store_save_photo (f->store, photo, &error));
  b = open_workstation (f, "workstation-damaged");
  back = fol_store_load_photo_bytes (b, sha256, &error);
  g_assert_no_error (error);
  g_clear_pointer (&back, g_bytes_unref);
  dir_b = fol_store_get_photo_dir (b);
  cache_file = photo_file_path (dir_b, sha256);

  for (guint damage = 0; damage < 2; damage++)
    {
      g_autoptr(GdkPixbuf) shown = NULL;
      g_autoptr(GdkPixbuf) thumbnail = NULL;
      g_autoptr(GBytes) cached = NULL;
      Wait wait = { NULL };
      gsize length = 0;
      const char *other_data = g_bytes_get_data (other, &length);

      /* Another image under the photo's name, then the photo cut short. */
      if (damage == 0)
        g_file_set_contents (cache_file, other_data, length, &error);
      else
        g_file_set_contents (cache_file, g_bytes_get_data (bytes, NULL),
                             g_bytes_get_size (bytes) / 2, &error);
      g_assert_no_error (error);

      fol_photo_load_async (b, photo, 0, NULL, store_result_cb, &wait);
      while (wait.result == NULL)
        g_main_context_iteration (NULL, TRUE);
      shown = fol_photo_load_finish (wait.result, &error);
      g_clear_object (&wait.result);
      g_assert_no_error (error);
      assert_shows (shown, bytes);
      cached = read_file (cache_file);
      assert_same_bytes (cached, bytes);

      /* The thumbnail too, after the copy is damaged again. */
      g_file_set_contents (cache_file, other_data, length, &error);
      g_assert_no_error (error);
      fol_photo_thumbnail_async (b, photo, 64 + damage, NULL, store_result_cb, &wait);
      while (wait.result == NULL)
        g_main_context_iteration (NULL, TRUE);
      thumbnail = fol_photo_thumbnail_finish (wait.result, &error);
      g_clear_object (&wait.result);
      g_assert_no_error (error);
      assert_shows (thumbnail, bytes);
    }
}

/* A cache file that is damaged or gone is fetched again from the server. */
static void
test_cache_repaired (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = make_png (64, 48, 9);
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GBytes) cached = NULL;
  g_autoptr(FolPhoto) photo = NULL;
  g_autoptr(FolStore) b = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *dir_b = NULL;
  g_autofree char *cache_file = NULL;
  g_autofree char *damaged = NULL;

  if (f->store == NULL)
    return;

  sha256 = put_photo_file (f->store, bytes);
  photo = new_photo (f->visit_id, FOL_REGION_VERTEX, sha256);
  assert_ok (fol_store_save_photo (f->store, photo, &error));

  b = open_workstation (f, "workstation-b");
  back = fol_store_load_photo_bytes (b, sha256, &error);
  g_assert_no_error (error);
  assert_same_bytes (back, bytes);
  g_clear_pointer (&back, g_bytes_unref);
  dir_b = fol_store_get_photo_dir (b);
  cache_file = photo_file_path (dir_b, sha256);
  g_assert_true (g_file_test (cache_file, G_FILE_TEST_IS_REGULAR));

  /* One byte changed: the copy is not used, the server's is. */
  damaged = g_memdup2 (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  damaged[g_bytes_get_size (bytes) / 2] ^= 0x20;
  g_file_set_contents (cache_file, damaged, g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  back = fol_store_load_photo_bytes (b, sha256, &error);
  g_assert_no_error (error);
  assert_same_bytes (back, bytes);
  g_clear_pointer (&back, g_bytes_unref);
  cached = read_file (cache_file);
  assert_same_bytes (cached, bytes);
  assert_private (cache_file, 0600);
  g_clear_pointer (&cached, g_bytes_unref);

  /* Cut short, then gone. */
  g_file_set_contents (cache_file, damaged, 10, &error);
  g_assert_no_error (error);
  back = fol_store_load_photo_bytes (b, sha256, &error);
  g_assert_no_error (error);
  assert_same_bytes (back, bytes);
  g_clear_pointer (&back, g_bytes_unref);

  g_assert_cmpint (g_unlink (cache_file), ==, 0);
  back = fol_store_load_photo_bytes (b, sha256, &error);
  g_assert_no_error (error);
  assert_same_bytes (back, bytes);
  cached = read_file (cache_file);
  assert_same_bytes (cached, bytes);

  /* Nothing was left half-written beside it. */
  {
    g_autofree char *subdir = g_path_get_dirname (cache_file);
    g_autoptr(GDir) dir = g_dir_open (subdir, 0, &error);
    guint n = 0;

    g_assert_no_error (error);
    while (g_dir_read_name (dir) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 1);
  }
}

/* A photo is recorded on the server only with its content. */
static void
test_content_required (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = make_png (64, 48, 10);
  g_autoptr(GBytes) other = make_png (64, 48, 11);
  g_autoptr(FolPhoto) photo = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  g_autofree char *sha256 = sha256_of (bytes);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *subdir = NULL;

  if (f->store == NULL)
    return;

  /* No copy on this computer, none on the server. */
  photo = new_photo (f->visit_id, FOL_REGION_VERTEX, sha256);
  g_assert_false (fol_store_save_photo (f->store, photo, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A copy whose content is not the one named. */
  dir = fol_store_get_photo_dir (f->store);
  path = photo_file_path (dir, sha256);
  subdir = g_path_get_dirname (path);
  g_assert_cmpint (g_mkdir_with_parents (subdir, 0700), ==, 0);
  g_file_set_contents (path, g_bytes_get_data (other, NULL), g_bytes_get_size (other), &error);
  g_assert_no_error (error);
  g_assert_false (fol_store_save_photo (f->store, photo, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (fol_photo_get_id (photo));
  photos = fol_store_list_photos (f->store, f->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 0);
  g_assert_cmpuint (count_photo_files (f), ==, 0);
  g_assert_cmpuint (f->n_changed, ==, 0);
}

static gboolean
has_line (GPtrArray  *lines,
          const char *action,
          const char *entity)
{
  for (guint i = 0; i < lines->len; i++)
    {
      g_auto(GStrv) fields = g_strsplit (g_ptr_array_index (lines, i), "\t", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 5);
      if (g_str_equal (fields[1], action) && g_str_equal (fields[2], entity))
        return TRUE;
    }
  return FALSE;
}

/* Photo changes are in the audit log, with who made them; the content's
 * bytes are not copied into it.
 */
static void
test_audit (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPhoto) photo = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (FolPhotoMark));
  FolPhotoField field = { FOL_FIELD_SQUARE, 10, 10, 10 };
  FolPhotoMark mark = { 12, 13 };
  g_autofree char *id = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *user = NULL;
  g_autofree char *longest = NULL;
  PGconn *conn;

  if (f->store == NULL)
    return;

  photo = add_photo (f, f->visit_id, FOL_REGION_VERTEX, 12);
  id = g_strdup (fol_photo_get_id (photo));
  sha256 = g_strdup (fol_photo_get_sha256 (photo));
  assert_ok (fol_store_set_photo_calibration (f->store, id, 20, &error));
  g_array_append_val (marks, mark);
  assert_ok (fol_store_save_photo_count (f->store, id, &field, marks, &error));

  lines = fol_store_list_audit (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (has_line (lines, "insert", "photos"));
  g_assert_true (has_line (lines, "update", "photos"));
  g_assert_true (has_line (lines, "insert", "photo_fields"));
  g_clear_pointer (&lines, g_ptr_array_unref);

  assert_ok (fol_store_delete_photo (f->store, id, &error));
  lines = fol_store_list_audit (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (has_line (lines, "delete", "photos"));
  g_assert_true (has_line (lines, "delete", "photo_fields"));
  g_clear_pointer (&lines, g_ptr_array_unref);

  /* The content came and went with it. */
  lines = fol_store_list_audit (f->store, sha256, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, 2);
  g_assert_true (has_line (lines, "insert", "photo_files"));
  g_assert_true (has_line (lines, "delete", "photo_files"));

  conn = fol_test_pg_connect (f->database);
  user = fol_test_pg_value (conn, "SELECT count (DISTINCT db_user) FROM audit_log"
                                  " WHERE entity IN ('photos', 'photo_files', 'photo_fields',"
                                  " 'photo_marks') AND db_user = session_user");
  g_assert_cmpstr (user, ==, "1");
  longest = fol_test_pg_value (conn, "SELECT max (octet_length (coalesce (before::text, '')"
                                     " || coalesce (after::text, ''))) FROM audit_log"
                                     " WHERE entity = 'photo_files'");
  g_assert_cmpuint (g_ascii_strtoull (longest, NULL, 10), <, 200);
  PQfinish (conn);
}

/* Another workstation hears of a count; clinicians may add and remove
 * photo content, never change it.
 */
static void
test_notify_and_rights (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPhoto) photo = NULL;
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (FolPhotoMark));
  g_autofree char *expected = g_strdup_printf ("photos %s", f->patient_id);
  g_autofree char *rights = NULL;
  FolPhotoMark mark = { 12, 13 };
  PGnotify *notify;
  PGconn *conn;
  guint n_heard = 0;

  if (f->store == NULL)
    return;

  photo = add_photo (f, f->visit_id, FOL_REGION_VERTEX, 13);
  conn = fol_test_pg_connect (f->database);
  fol_test_pg_exec (conn, "LISTEN follicle");

  g_array_append_val (marks, mark);
  assert_ok (fol_store_save_photo_count (f->store, fol_photo_get_id (photo), NULL, marks,
                                         &error));
  fol_test_pg_exec (conn, "SELECT 1");
  PQconsumeInput (conn);
  while ((notify = PQnotifies (conn)) != NULL)
    {
      g_assert_cmpstr (notify->relname, ==, "follicle");
      if (g_str_equal (notify->extra, expected))
        n_heard++;
      PQfreemem (notify);
    }
  g_assert_cmpuint (n_heard, ==, 1);

  rights = fol_test_pg_value (conn,
                              "SELECT string_agg (p, ',' ORDER BY p) FROM unnest (ARRAY['SELECT',"
                              " 'INSERT', 'UPDATE', 'DELETE']) p WHERE has_table_privilege"
                              " ('follicle_clinician', 'photo_files', p)");
  g_assert_cmpstr (rights, ==, "DELETE,INSERT,SELECT");
  PQfinish (conn);
}

/* A clinic made by the version before photos were kept on the server
 * gets them on opening, its records as they were.
 */
static void
test_upgrade (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPgStore) store = NULL;
  g_autoptr(FolPhoto) photo = NULL;
  g_autoptr(FolPatient) patient = NULL;
  g_autoptr(GBytes) bytes = make_png (64, 48, 14);
  g_autoptr(GBytes) back = NULL;
  g_autofree char *database = fol_test_pg_create_database ();
  g_autofree char *location = NULL;
  g_autofree char *version = NULL;
  g_autofree char *visit_id = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *cache = NULL;
  PGconn *conn;

  if (database == NULL)
    return;

  conn = fol_test_pg_connect (database);
  fol_test_pg_exec (conn, "CREATE TABLE follicle_schema (version integer NOT NULL);"
                          " INSERT INTO follicle_schema VALUES (2)");
  fol_test_pg_exec (conn, _fol_pg_migration (1));
  fol_test_pg_exec (conn, _fol_pg_migration (2));
  fol_test_pg_exec (conn, "INSERT INTO patients (id, name, sort_name, created_at, updated_at)"
                          " VALUES ('p-1', 'Ana Souza', 'ana souza', '2024-01-01T00:00:00.000Z',"
                          " '2024-01-01T00:00:00.000Z')");

  location = g_strdup_printf ("dbname=%s", database);
  store = fol_pg_store_open (location, &error);
  g_assert_no_error (error);
  cache = g_dir_make_tmp ("follicle-photos-XXXXXX", &error);
  g_assert_no_error (error);
  fol_pg_store_set_photo_cache (store, cache);
  version = fol_test_pg_value (conn, "SELECT version FROM follicle_schema");
  g_assert_cmpuint (g_ascii_strtoull (version, NULL, 10), ==, fol_pg_store_schema_version ());
  g_assert_cmpuint (fol_pg_store_schema_version (), >=, 3);

  patient = fol_store_get_patient (FOL_STORE (store), "p-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fol_patient_get_name (patient), ==, "Ana Souza");
  visit_id = save_visit (FOL_STORE (store), "p-1", "2024-01-02");
  sha256 = put_photo_file (FOL_STORE (store), bytes);
  photo = new_photo (visit_id, FOL_REGION_VERTEX, sha256);
  assert_ok (fol_store_save_photo (FOL_STORE (store), photo, &error));
  back = fol_store_load_photo_bytes (FOL_STORE (store), sha256, &error);
  g_assert_no_error (error);
  assert_same_bytes (back, bytes);

  PQfinish (conn);
  g_clear_object (&store);
  helper_remove_tree (cache);
  fol_test_pg_drop_database (database);
}

/* A clinician (the follicle_clinician role, not the owner) adds photos,
 * also of content already on the server, and deletes them; no one in the
 * role can change a photo's bytes.
 */
static void
test_clinician (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = make_png (64, 48, 16);
  g_autoptr(GBytes) back = NULL;
  g_autoptr(FolPgStore) clinician = NULL;
  g_autoptr(FolPhoto) first = NULL;
  g_autoptr(FolPhoto) second = NULL;
  g_autofree char *location = NULL;
  g_autofree char *cache = g_build_filename (f->dir, "clinician-cache", NULL);
  g_autofree char *sha256 = NULL;
  g_autofree char *alter = NULL;
  g_autofree char *role = NULL;
  PGconn *conn;
  PGresult *result;

  if (f->store == NULL)
    return;

  location = g_strdup_printf ("dbname=%s options='-c role=follicle_clinician'", f->database);
  clinician = fol_pg_store_open (location, &error);
  g_assert_no_error (error);
  fol_pg_store_set_photo_cache (clinician, cache);

  sha256 = put_photo_file (FOL_STORE (clinician), bytes);
  first = new_photo (f->visit_id, FOL_REGION_VERTEX, sha256);
  assert_ok (fol_store_save_photo (FOL_STORE (clinician), first, &error));
  second = new_photo (f->other_visit_id, FOL_REGION_VERTEX, sha256);
  assert_ok (fol_store_save_photo (FOL_STORE (clinician), second, &error));
  back = fol_store_load_photo_bytes (f->store, sha256, &error);
  g_assert_no_error (error);
  assert_same_bytes (back, bytes);

  conn = fol_test_pg_connect (f->database);
  fol_test_pg_exec (conn, "SET ROLE follicle_clinician");
  role = fol_test_pg_value (conn, "SELECT current_user");
  g_assert_cmpstr (role, ==, "follicle_clinician");
  alter = g_strdup_printf ("UPDATE photo_files SET bytes = bytes || '\\x00'::bytea"
                           " WHERE sha256 = '%s'", sha256);
  result = PQexec (conn, alter);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_FATAL_ERROR);
  g_assert_cmpstr (PQresultErrorField (result, PG_DIAG_SQLSTATE), ==, "42501");
  PQclear (result);
  PQfinish (conn);

  assert_ok (fol_store_delete_photo (FOL_STORE (clinician), fol_photo_get_id (first), &error));
  g_assert_cmpuint (count_photo_files (f), ==, 1);
  assert_ok (fol_store_delete_photo (FOL_STORE (clinician), fol_photo_get_id (second), &error));
  g_assert_cmpuint (count_photo_files (f), ==, 0);
}

static void
add (const char *name,
     Backend     backend,
     void      (*func) (Fixture *, gconstpointer))
{
  fol_test_add_backend ("/store-photos", name, backend, Fixture, setup, func, teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache = NULL;
  int status;

  /* The default photo caches, out of the user's own cache folder. (Not
   * G_TEST_OPTION_ISOLATE_DIRS: it hides the MIME database that photo
   * imports need.)
   */
  cache = g_dir_make_tmp ("follicle-photos-cache-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  for (Backend b = BACKEND_SQLITE; b <= BACKEND_POSTGRESQL; b++)
    {
      add ("round-trip", b, test_round_trip);
      add ("find-by-sha256", b, test_find_by_sha256);
      add ("calibration", b, test_calibration);
      add ("photo-count", b, test_photo_count);
      add ("bytes", b, test_bytes);
      add ("shared-content", b, test_shared_content);
    }
  add ("cascade", BACKEND_POSTGRESQL, test_cascade);
  add ("shared-content-race", BACKEND_POSTGRESQL, test_shared_content_race);
  add ("two-workstations", BACKEND_POSTGRESQL, test_two_workstations);
  add ("cache-repaired", BACKEND_POSTGRESQL, test_cache_repaired);
  add ("cache-damaged-shown", BACKEND_POSTGRESQL, test_cache_damaged_shown);
  add ("content-required", BACKEND_POSTGRESQL, test_content_required);
  add ("audit", BACKEND_POSTGRESQL, test_audit);
  add ("notify-and-rights", BACKEND_POSTGRESQL, test_notify_and_rights);
  add ("clinician", BACKEND_POSTGRESQL, test_clinician);
  g_test_add_func ("/store-photos/postgresql/upgrade", test_upgrade);

  status = g_test_run ();
  helper_remove_tree (cache);
  return status;
}
