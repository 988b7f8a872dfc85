/* fol-photo-files.c
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

#define G_LOG_DOMAIN "fol-photo-files"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fol-i18n.h"
#include "fol-photo-files.h"

/* The photo files of the data folder, as fol-photo-import.c writes them
 * (photos/<first two hex>/<sha256>.<ext>), loading them the right way up,
 * and their thumbnails, cached by content hash.
 */

/* The extensions fol-photo-import.c gives the formats it accepts. */
static const char * const extensions[] = { "jpg", "png", "tif", "webp" };

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= n;
    }
  return TRUE;
}

/**
 * fol_photo_dir:
 *
 * Returns: (transfer full) (nullable): the folder photos are kept in on
 *   this computer (`photos/` beside a SQLite clinic), or %NULL when the
 *   store keeps them elsewhere
 */
char *
fol_photo_dir (FolStore *store)
{
  g_return_val_if_fail (FOL_IS_STORE (store), NULL);

  return fol_store_get_photo_dir (store);
}

/**
 * fol_photo_get_path:
 *
 * Returns: (transfer full) (nullable): the photo's file, or %NULL when it
 *   is missing from the data folder
 */
char *
fol_photo_get_path (FolStore *store,
                    FolPhoto *photo)
{
  g_autofree char *dir = NULL;
  const char *sha256;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);
  g_return_val_if_fail (FOL_IS_PHOTO (photo), NULL);

  sha256 = fol_photo_get_sha256 (photo);
  dir = fol_photo_dir (store);
  if (dir == NULL || sha256 == NULL || strlen (sha256) != 64)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%c%c/%s.%s", dir, sha256[0], sha256[1],
                                               sha256, extensions[i]);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }
  return NULL;
}

typedef struct
{
  char   *path;   /* the file in the photos folder, or NULL… */
  GBytes *bytes;  /* …the bytes kept in a patient file */
  char   *name;
  char   *sha256;
  int     size;
} LoadRequest;

static void
load_request_free (LoadRequest *request)
{
  g_free (request->path);
  g_clear_pointer (&request->bytes, g_bytes_unref);
  g_free (request->name);
  g_free (request->sha256);
  g_free (request);
}

static GdkPixbuf *
request_decode (LoadRequest  *request,
                GError      **error)
{
  if (request->bytes != NULL)
    return fol_photo_decode (request->bytes, request->name, request->size, error);
  /* Kept under its content's hash: messages name it as it was added. */
  return fol_photo_load_as (request->path, request->name, request->size, error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadRequest *request = task_data;
  GError *error = NULL;
  GdkPixbuf *pixbuf;

  if (g_task_return_error_if_cancelled (task))
    return;

  pixbuf = request_decode (request, &error);
  if (pixbuf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

static GTask *
start_load (FolStore            *store,
            FolPhoto            *photo,
            int                  size,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *data_dir = fol_store_get_data_dir (store);
  g_autoptr(GError) error = NULL;
  LoadRequest *request;
  GBytes *bytes = NULL;
  char *path = NULL;

  g_task_set_source_tag (task, source_tag);

  /* A patient file keeps its photos inside, and a clinic server: read
   * here, on the store's thread, and decoded in the worker like any other.
   * A server's photo folder (a store without a data folder) is only this
   * computer's cache of them, which the store's reader checks against the
   * photo's SHA-256, and fetches again when damaged or cut short.
   */
  if (data_dir != NULL)
    path = fol_photo_get_path (store, photo);
  if (path == NULL && fol_photo_get_sha256 (photo) != NULL)
    bytes = fol_store_load_photo_bytes (store, fol_photo_get_sha256 (photo), &error);
  if (path == NULL && bytes == NULL && data_dir == NULL && error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return NULL;
    }
  if (path == NULL && bytes == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The photo “%s” is missing from the data folder"),
                               fol_photo_get_original_name (photo) ?: fol_photo_get_sha256 (photo));
      g_object_unref (task);
      return NULL;
    }

  request = g_new0 (LoadRequest, 1);
  request->path = path;
  request->bytes = bytes;
  request->name = g_strdup (fol_photo_get_original_name (photo) ?: fol_photo_get_sha256 (photo));
  request->sha256 = g_strdup (fol_photo_get_sha256 (photo));
  request->size = size;
  g_task_set_task_data (task, request, (GDestroyNotify) load_request_free);
  return task;
}

/**
 * fol_photo_load_async:
 * @max_size: the longest side wanted, or 0 for the full size
 *
 * Loads the photo the right way up in a worker thread.
 */
void
fol_photo_load_async (FolStore            *store,
                      FolPhoto            *photo,
                      int                  max_size,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FOL_IS_STORE (store));
  g_return_if_fail (FOL_IS_PHOTO (photo));

  task = start_load (store, photo, max_size, cancellable, callback, user_data,
                     fol_photo_load_async);
  if (task != NULL)
    g_task_run_in_thread (task, load_thread);
}

/**
 * fol_photo_load_finish:
 *
 * Returns: (transfer full): the image
 */
GdkPixbuf *
fol_photo_load_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * fol_photo_thumbnail_path:
 *
 * Returns: (transfer full): `$XDG_CACHE_HOME/follicle/thumbnails/<sha256>-<size>.png`;
 *   named by content, so a cached thumbnail can never be stale
 */
char *
fol_photo_thumbnail_path (const char *sha256,
                          int         size)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (sha256 != NULL, NULL);

  name = g_strdup_printf ("%s-%d.png", sha256, size);
  return g_build_filename (g_get_user_cache_dir (), "follicle", "thumbnails", name, NULL);
}

static void
thumbnail_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  LoadRequest *request = task_data;
  g_autofree char *cache_path = fol_photo_thumbnail_path (request->sha256, request->size);
  g_autofree char *cache_dir = g_path_get_dirname (cache_path);
  g_autofree char *tmp_path = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) cache_error = NULL;
  GError *error = NULL;
  int fd;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* The cache is read through the same bounded decoder as the photos. */
  if (g_file_test (cache_path, G_FILE_TEST_IS_REGULAR))
    pixbuf = fol_photo_load (cache_path, request->size, NULL);
  if (pixbuf != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&pixbuf), g_object_unref);
      return;
    }

  pixbuf = request_decode (request, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The cache is an optimisation: failing to write it is not an error. */
  tmp_path = g_strdup_printf ("%s/.%s-%d.XXXXXX", cache_dir, request->sha256, request->size);
  if (g_mkdir_with_parents (cache_dir, 0700) == 0 &&
      (fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0600)) >= 0)
    {
      gchar *png = NULL;
      gsize png_length = 0;

      if (gdk_pixbuf_save_to_buffer (pixbuf, &png, &png_length, "png", &cache_error, NULL) &&
          write_all (fd, (const guint8 *) png, png_length) && fsync (fd) == 0 &&
          close (fd) == 0)
        {
          fd = -1;
          if (g_rename (tmp_path, cache_path) != 0)
            g_unlink (tmp_path);
        }
      else
        {
          if (fd >= 0)
            close (fd);
          g_unlink (tmp_path);
        }
      g_free (png);
    }

  g_task_return_pointer (task, g_steal_pointer (&pixbuf), g_object_unref);
}

/**
 * fol_photo_thumbnail_async:
 * @size: the longest side of the thumbnail, in pixels
 *
 * Makes (or reads from the cache) a thumbnail of the photo, the right way
 * up, in a worker thread.
 */
void
fol_photo_thumbnail_async (FolStore            *store,
                           FolPhoto            *photo,
                           int                  size,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FOL_IS_STORE (store));
  g_return_if_fail (FOL_IS_PHOTO (photo));
  g_return_if_fail (size > 0);

  task = start_load (store, photo, size, cancellable, callback, user_data,
                     fol_photo_thumbnail_async);
  if (task != NULL)
    g_task_run_in_thread (task, thumbnail_thread);
}

/**
 * fol_photo_thumbnail_finish:
 *
 * Returns: (transfer full): the thumbnail
 */
GdkPixbuf *
fol_photo_thumbnail_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
remove_thumbnails (const char *sha256)
{
  g_autofree char *dir_path = g_build_filename (g_get_user_cache_dir (), "follicle", "thumbnails", NULL);
  g_autofree char *prefix = g_strdup_printf ("%s-", sha256);
  GDir *dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix))
      {
        g_autofree char *path = g_build_filename (dir_path, name, NULL);

        g_unlink (path);
      }
  g_dir_close (dir);
}

/* After its record is gone: the photo's file and thumbnails go too, unless
 * another record shows the same content.
 */
static void
forget_file (FolStore   *store,
             FolPhoto   *photo,
             const char *path)
{
  g_autoptr(FolPhoto) other = NULL;
  g_autoptr(GError) error = NULL;
  const char *sha256 = fol_photo_get_sha256 (photo);

  if (sha256 == NULL)
    return;
  other = fol_store_find_photo_by_sha256 (store, sha256, &error);
  if (other != NULL || error != NULL)
    return;
  if (path != NULL && g_unlink (path) != 0 && errno != ENOENT)
    g_warning ("Cannot remove %s: %s", path, g_strerror (errno));
  remove_thumbnails (sha256);
}

/**
 * fol_photo_delete:
 *
 * Deletes the photo's record and count and, when no other record shows the
 * same content, its file and thumbnails: a deleted photo does not stay
 * behind in the data folder.
 */
gboolean
fol_photo_delete (FolStore  *store,
                  FolPhoto  *photo,
                  GError   **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (FOL_IS_STORE (store), FALSE);
  g_return_val_if_fail (FOL_IS_PHOTO (photo), FALSE);

  path = fol_photo_get_path (store, photo);
  if (!fol_store_delete_photo (store, fol_photo_get_id (photo), error))
    return FALSE;

  forget_file (store, photo, path);
  return TRUE;
}

/* Deletes a patient (@visit_id %NULL) or one visit of theirs, in one
 * transaction of the store, then the files of the photos that went with
 * them. Files go only after the records are committed: a crash in between
 * leaves an unused file, never a record without its photo.
 */
static gboolean
delete_with_photos (FolStore    *store,
                    const char  *patient_id,
                    const char  *visit_id,
                    const char  *loaded_at,
                    GError     **error)
{
  g_autoptr(GPtrArray) photos = fol_store_list_photos (store, patient_id, error);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();

  if (photos == NULL)
    return FALSE;
  for (guint i = 0; i < photos->len; i++)
    {
      FolPhoto *photo = g_ptr_array_index (photos, i);

      if (visit_id != NULL && g_strcmp0 (fol_photo_get_visit_id (photo), visit_id) != 0)
        continue;
      g_ptr_array_add (gone, photo);
      g_ptr_array_add (paths, fol_photo_get_path (store, photo));
    }

  if (visit_id != NULL ? !fol_store_delete_visit_checked (store, visit_id, loaded_at, error)
                       : !fol_store_delete_patient_checked (store, patient_id, loaded_at, error))
    return FALSE;

  for (guint i = 0; i < gone->len; i++)
    forget_file (store, g_ptr_array_index (gone, i), g_ptr_array_index (paths, i));
  return TRUE;
}

/**
 * fol_photo_delete_patient:
 *
 * Deletes the patient with everything recorded for them, and the photo
 * files no other record shows.
 */
gboolean
fol_photo_delete_patient (FolStore    *store,
                          const char  *patient_id,
                          GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (store), FALSE);
  g_return_val_if_fail (patient_id != NULL, FALSE);

  return delete_with_photos (store, patient_id, NULL, NULL, error);
}

/**
 * fol_photo_delete_patient_checked:
 * @loaded_at: the patient's updated_at when the delete was chosen
 *
 * Like fol_photo_delete_patient(), but nothing goes when the patient was
 * changed since (%FOL_STORE_ERROR_CHANGED).
 */
gboolean
fol_photo_delete_patient_checked (FolStore    *store,
                                  const char  *patient_id,
                                  const char  *loaded_at,
                                  GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (store), FALSE);
  g_return_val_if_fail (patient_id != NULL, FALSE);

  return delete_with_photos (store, patient_id, NULL, loaded_at, error);
}

/**
 * fol_photo_delete_visit:
 * @patient_id: whose visit it is
 *
 * Deletes the visit with its measurements and photos, and the photo files
 * no other record shows.
 */
gboolean
fol_photo_delete_visit (FolStore    *store,
                        const char  *patient_id,
                        const char  *visit_id,
                        GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (store), FALSE);
  g_return_val_if_fail (patient_id != NULL, FALSE);
  g_return_val_if_fail (visit_id != NULL, FALSE);

  return delete_with_photos (store, patient_id, visit_id, NULL, error);
}

/**
 * fol_photo_delete_visit_checked:
 * @loaded_at: the visit's updated_at when the delete was chosen
 *
 * Like fol_photo_delete_visit(), but nothing goes when the visit was
 * changed since (%FOL_STORE_ERROR_CHANGED).
 */
gboolean
fol_photo_delete_visit_checked (FolStore    *store,
                                const char  *patient_id,
                                const char  *visit_id,
                                const char  *loaded_at,
                                GError     **error)
{
  g_return_val_if_fail (FOL_IS_STORE (store), FALSE);
  g_return_val_if_fail (patient_id != NULL, FALSE);
  g_return_val_if_fail (visit_id != NULL, FALSE);

  return delete_with_photos (store, patient_id, visit_id, loaded_at, error);
}
