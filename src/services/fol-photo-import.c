/* fol-photo-import.c
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

#define G_LOG_DOMAIN "fol-photo-import"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fol-exif.h"
#include "fol-i18n.h"
#include "fol-photo-import.h"

/* Importing photos into the clinic's data folder.
 *
 * Photos are kept by content: <data dir>/photos/<first two hex>/<sha256>.<ext>,
 * folders 0700 and files 0600, as the database itself. A copy is written
 * under a temporary name in its final folder, synced and renamed, so a crash
 * leaves either the whole photo or none. The file work runs in a thread; the
 * records are written afterwards in the main context, because the store's
 * connection belongs to it.
 */

#define CHUNK_SIZE (256 * 1024)
/* EXIF sits in the first segments of a JPEG; 64 KiB is its maximum size. */
#define EXIF_HEAD_SIZE (128 * 1024)

typedef enum
{
  FORMAT_UNKNOWN,
  FORMAT_JPEG,
  FORMAT_PNG,
  FORMAT_TIFF,
  FORMAT_WEBP,
} ImageFormat;

static const struct {
  const char *pixbuf_name;
  const char *extension;
} formats[] = {
  [FORMAT_UNKNOWN] = { NULL, NULL },
  [FORMAT_JPEG] = { "jpeg", "jpg" },
  [FORMAT_PNG] = { "png", "png" },
  [FORMAT_TIFF] = { "tiff", "tif" },
  [FORMAT_WEBP] = { "webp", "webp" },
};

typedef struct
{
  GFile                *file;
  char                 *visit_id;
  FolRegion             region;
  FolPhotoImportStatus  status;
  char                 *message;
  /* Filled in by the thread when the file is ready to be recorded: */
  gboolean              ready;
  char                 *sha256;
  char                 *path;      /* the copy in the data folder */
  gboolean              created;   /* this import wrote the copy */
  int                   width;
  int                   height;
  char                 *taken_at;
} ImportItem;

typedef struct
{
  FolStore               *store;
  char                   *photo_dir;
  ImportItem             *items;
  guint                   n_items;
  GMainContext           *context;
  FolPhotoImportProgress  progress;
  gpointer                progress_data;
  gboolean                finished;  /* main context only */
} ImportJob;

typedef struct
{
  GTask *task;
  guint  n_done;
} ProgressUpdate;

/* Helpers */

static void
import_job_free (ImportJob *job)
{
  for (guint i = 0; i < job->n_items; i++)
    {
      ImportItem *item = &job->items[i];

      g_clear_object (&item->file);
      g_free (item->visit_id);
      g_free (item->message);
      g_free (item->sha256);
      g_free (item->path);
      g_free (item->taken_at);
    }
  g_free (job->items);
  g_clear_object (&job->store);
  g_free (job->photo_dir);
  g_main_context_unref (job->context);
  g_free (job);
}

static void
import_result_free (FolPhotoImportResult *result)
{
  g_clear_object (&result->file);
  g_free (result->message);
  g_clear_object (&result->photo);
  g_free (result);
}

/* How a file is named in messages: its name as the user knows it. */
static char *
display_name (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    return g_filename_display_name (path);
  return g_file_get_parse_name (file);
}

static ImageFormat
sniff_format (const guint8 *head,
              gsize         length)
{
  if (length >= 3 && head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff)
    return FORMAT_JPEG;
  if (length >= 8 && memcmp (head, "\x89PNG\r\n\x1a\n", 8) == 0)
    return FORMAT_PNG;
  if (length >= 4 && (memcmp (head, "II*\0", 4) == 0 || memcmp (head, "MM\0*", 4) == 0))
    return FORMAT_TIFF;
  if (length >= 12 && memcmp (head, "RIFF", 4) == 0 && memcmp (head + 8, "WEBP", 4) == 0)
    return FORMAT_WEBP;
  return FORMAT_UNKNOWN;
}

static gboolean
ensure_private_dir (const char  *dir,
                    GError     **error)
{
  if (g_mkdir_with_parents (dir, 0700) != 0 || g_chmod (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

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

static void
sync_dir (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/* Reads @fd from its start, hashing it and keeping its first bytes in
 * @head.
 */
static char *
hash_stream (int            fd,
             GByteArray    *head,
             int            copy_fd,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (CHUNK_SIZE);

  if (lseek (fd, 0, SEEK_SET) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errno), g_strerror (errno));
      return NULL;
    }

  for (;;)
    {
      ssize_t n = read (fd, buffer, CHUNK_SIZE);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errno), g_strerror (errno));
          return NULL;
        }
      if (n == 0)
        break;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      g_checksum_update (checksum, buffer, n);
      if (head != NULL && head->len < EXIF_HEAD_SIZE)
        g_byte_array_append (head, buffer, MIN ((gsize) n, EXIF_HEAD_SIZE - head->len));
      if (copy_fd >= 0 && !write_all (copy_fd, buffer, n))
        {
          int errsv = errno;

          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                               g_strerror (errsv));
          return NULL;
        }
    }

  return g_strdup (g_checksum_get_string (checksum));
}

/* Copies @fd to @final_path through a temporary file in the same folder;
 * the copy's hash must match @sha256, so a file changed meanwhile is not
 * stored under the wrong name.
 */
static gboolean
copy_into_place (int            fd,
                 const char    *sha256,
                 const char    *final_path,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (final_path);
  g_autofree char *tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, sha256);
  g_autofree char *copied = NULL;
  int out;

  out = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (out < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot write in “%s”: %s"), dir, g_strerror (errsv));
      return FALSE;
    }

  copied = hash_stream (fd, NULL, out, cancellable, error);
  if (copied == NULL || fsync (out) != 0)
    {
      if (copied != NULL)
        g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errno), g_strerror (errno));
      close (out);
      g_unlink (tmp_path);
      return FALSE;
    }
  close (out);

  if (strcmp (copied, sha256) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The file changed while it was being copied"));
      g_unlink (tmp_path);
      return FALSE;
    }

  if (g_rename (tmp_path, final_path) != 0)
    {
      int errsv = errno;

      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errsv), g_strerror (errsv));
      g_unlink (tmp_path);
      return FALSE;
    }

  sync_dir (dir);
  return TRUE;
}

/* Checks one file and copies it into the data folder; in the thread. On
 * failure @item gets a message naming the file.
 */
static void
prepare_item (ImportJob    *job,
              ImportItem   *item,
              GCancellable *cancellable)
{
  g_autofree char *name = display_name (item->file);
  g_autofree char *path = g_file_get_path (item->file);
  g_autoptr(GByteArray) head = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) probe = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *subdir = NULL;
  g_autofree char *final_path = NULL;
  GdkPixbufFormat *pixbuf_format;
  g_autofree char *format_name = NULL;
  ImageFormat format;
  guint8 magic[16];
  ssize_t n_magic;
  FolExifInfo exif = { 1, "" };
  struct stat st;
  int width = 0, height = 0;
  int fd;

  item->status = FOL_PHOTO_IMPORT_FAILED;

  if (path == NULL)
    {
      item->message = g_strdup_printf (_("“%s” is not a file on this computer"), name);
      return;
    }

  /* Not following a FIFO or device into a blocking read: only regular
   * files are photos.
   */
  if (g_stat (path, &st) != 0)
    {
      int errsv = errno;

      item->message = g_strdup_printf (_("Cannot read “%s”: %s"), name, g_strerror (errsv));
      return;
    }
  if (!S_ISREG (st.st_mode))
    {
      item->message = g_strdup_printf (_("“%s” is not a photo file"), name);
      return;
    }

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int errsv = errno;

      item->message = g_strdup_printf (_("Cannot read “%s”: %s"), name, g_strerror (errsv));
      return;
    }

  /* The file may have been swapped since it was looked at. */
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      item->message = g_strdup_printf (_("“%s” is not a photo file"), name);
      goto out;
    }

  n_magic = read (fd, magic, sizeof magic);
  format = n_magic > 0 ? sniff_format (magic, n_magic) : FORMAT_UNKNOWN;
  if (format == FORMAT_UNKNOWN)
    {
      item->message = g_strdup_printf (_("“%s” is not a photo in a format Follicle reads "
                                         "(JPEG, PNG, TIFF or WebP)"), name);
      goto out;
    }

  /* The header alone gives the size: a huge image is refused before a
   * byte of it is decoded.
   */
  pixbuf_format = gdk_pixbuf_get_file_info (path, &width, &height);
  if (pixbuf_format != NULL)
    format_name = gdk_pixbuf_format_get_name (pixbuf_format);
  if (pixbuf_format == NULL || width <= 0 || height <= 0 ||
      g_strcmp0 (format_name, formats[format].pixbuf_name) != 0)
    {
      item->message = g_strdup_printf (_("“%s” is damaged or incomplete"), name);
      goto out;
    }
  if ((gint64) width * height > FOL_PHOTO_MAX_PIXELS)
    {
      item->message = g_strdup_printf (_("“%s” is too large: %d × %d pixels, "
                                         "at most 100 megapixels can be imported"),
                                       name, width, height);
      goto out;
    }

  sha256 = hash_stream (fd, head, -1, cancellable, &error);
  if (sha256 == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        item->status = FOL_PHOTO_IMPORT_CANCELLED;
      item->message = g_strdup_printf (_("Cannot read “%s”: %s"), name, error->message);
      goto out;
    }

  /* Decoding a small version finds damage the header does not show, and
   * a file cut short (fol_photo_load()). */
  probe = fol_photo_load (path, 64, &error);
  if (probe == NULL)
    {
      item->message = g_strdup_printf (_("“%s” is damaged or incomplete"), name);
      goto out;
    }

  if (format == FORMAT_JPEG)
    fol_exif_parse_jpeg (head->data, head->len, &exif);
  else if (format == FORMAT_TIFF)
    fol_exif_parse_tiff (head->data, head->len, &exif);

  subdir = g_build_filename (job->photo_dir, (char[]) { sha256[0], sha256[1], '\0' }, NULL);
  final_path = g_strdup_printf ("%s/%s.%s", subdir, sha256, formats[format].extension);

  if (!ensure_private_dir (job->photo_dir, &error) || !ensure_private_dir (subdir, &error))
    {
      item->message = g_strdup_printf (_("Cannot import “%s”: %s"), name, error->message);
      goto out;
    }

  if (g_file_test (final_path, G_FILE_TEST_IS_REGULAR))
    item->created = FALSE;
  else if (copy_into_place (fd, sha256, final_path, cancellable, &error))
    item->created = TRUE;
  else
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        item->status = FOL_PHOTO_IMPORT_CANCELLED;
      item->message = g_strdup_printf (_("Cannot import “%s”: %s"), name, error->message);
      goto out;
    }

  if (fol_exif_orientation_swaps (exif.orientation))
    {
      int tmp = width;

      width = height;
      height = tmp;
    }

  item->ready = TRUE;
  item->sha256 = g_steal_pointer (&sha256);
  item->path = g_steal_pointer (&final_path);
  item->width = width;
  item->height = height;
  item->taken_at = exif.date_time[0] ? g_strdup (exif.date_time) : NULL;

out:
  close (fd);
}

static gboolean
progress_idle_cb (gpointer data)
{
  ProgressUpdate *update = data;
  ImportJob *job = g_task_get_task_data (update->task);

  if (!job->finished && job->progress != NULL)
    job->progress (update->n_done, job->n_items, job->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_update_free (gpointer data)
{
  ProgressUpdate *update = data;

  g_object_unref (update->task);
  g_free (update);
}

static void
import_thread (GTask        *inner,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GTask *outer = task_data;
  ImportJob *job = g_task_get_task_data (outer);

  for (guint i = 0; i < job->n_items; i++)
    {
      ImportItem *item = &job->items[i];
      ProgressUpdate *update;

      if (g_cancellable_is_cancelled (cancellable))
        {
          g_autofree char *name = display_name (item->file);

          item->status = FOL_PHOTO_IMPORT_CANCELLED;
          item->message = g_strdup_printf (_("“%s” was not imported: the import was cancelled"),
                                           name);
          continue;
        }

      prepare_item (job, item, cancellable);

      update = g_new0 (ProgressUpdate, 1);
      update->task = g_object_ref (outer);
      update->n_done = i + 1;
      g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, progress_idle_cb, update,
                                  progress_update_free);
    }

  g_task_return_boolean (inner, TRUE);
}

/* Writes the record of a prepared file; in the main context. */
static void
record_item (ImportJob            *job,
             ImportItem           *item,
             FolPhotoImportResult *result)
{
  g_autofree char *name = display_name (item->file);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPhoto) existing = NULL;
  g_autoptr(FolPhoto) photo = NULL;
  g_autofree char *basename = g_file_get_basename (item->file);

  existing = fol_store_find_photo_by_sha256 (job->store, item->sha256, &error);
  if (error != NULL)
    goto failed;

  if (existing != NULL)
    {
      result->status = FOL_PHOTO_IMPORT_DUPLICATE;
      result->message = g_strdup_printf (_("“%s” is already in the clinic: the same photo "
                                           "was not added twice"), name);
      result->photo = g_steal_pointer (&existing);
      return;
    }

  /* Another file of this import with the same content may have failed and
   * removed the copy it had written.
   */
  if (!g_file_test (item->path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The copy in the data folder is missing"));
      goto failed;
    }

  photo = fol_photo_new ();
  fol_photo_set_visit_id (photo, item->visit_id);
  fol_photo_set_region (photo, item->region);
  fol_photo_set_sha256 (photo, item->sha256);
  fol_photo_set_original_name (photo, basename);
  fol_photo_set_taken_at (photo, item->taken_at);
  fol_photo_set_width (photo, item->width);
  fol_photo_set_height (photo, item->height);

  if (!fol_store_save_photo (job->store, photo, &error))
    {
      /* Nothing refers to a copy this import made: remove it. */
      if (item->created)
        g_unlink (item->path);
      goto failed;
    }

  result->status = FOL_PHOTO_IMPORT_OK;
  result->photo = g_steal_pointer (&photo);
  return;

failed:
  result->status = FOL_PHOTO_IMPORT_FAILED;
  result->message = g_strdup_printf (_("Cannot import “%s”: %s"), name, error->message);
}

static void
import_thread_done_cb (GObject      *source_object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  ImportJob *job = g_task_get_task_data (outer);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) import_result_free);

  job->finished = TRUE;

  for (guint i = 0; i < job->n_items; i++)
    {
      ImportItem *item = &job->items[i];
      FolPhotoImportResult *r = g_new0 (FolPhotoImportResult, 1);

      r->file = g_object_ref (item->file);
      if (item->ready)
        record_item (job, item, r);
      else
        {
          r->status = item->status;
          r->message = g_strdup (item->message);
        }
      g_ptr_array_add (results, r);
    }

  g_task_return_pointer (outer, g_steal_pointer (&results), (GDestroyNotify) g_ptr_array_unref);
}

/* Public API */

/**
 * fol_photo_import_async:
 * @visit_id: the visit the photos were taken at
 * @region: the scalp region they show
 * @files: (array length=n_files): the files to import; they are only read
 * @progress: (nullable) (scope call): called after each file
 *
 * Imports photos all into one visit and region, as
 * fol_photo_import_items_async() does.
 */
void
fol_photo_import_async (FolStore                *store,
                        const char              *visit_id,
                        FolRegion                region,
                        GFile                  **files,
                        guint                    n_files,
                        GCancellable            *cancellable,
                        FolPhotoImportProgress   progress,
                        gpointer                 progress_data,
                        GAsyncReadyCallback      callback,
                        gpointer                 user_data)
{
  g_autofree FolPhotoImportItem *items = NULL;

  g_return_if_fail (visit_id != NULL);
  g_return_if_fail (region < FOL_N_REGIONS);
  g_return_if_fail (files != NULL || n_files == 0);

  items = g_new0 (FolPhotoImportItem, MAX (n_files, 1));
  for (guint i = 0; i < n_files; i++)
    {
      items[i].file = files[i];
      items[i].visit_id = visit_id;
      items[i].region = region;
    }
  fol_photo_import_items_async (store, items, n_files, cancellable, progress, progress_data,
                                callback, user_data);
}

/**
 * fol_photo_import_items_async:
 * @items: (array length=n_items): the files to import, each with its visit
 *   and region; the files are only read
 * @progress: (nullable) (scope call): called after each file
 *
 * Imports photos: each file is checked, copied into the data folder and
 * recorded on its own, so one bad file never stops the others. Cancelling
 * stops after the file being copied; those already imported are kept.
 */
void
fol_photo_import_items_async (FolStore                 *store,
                              const FolPhotoImportItem *items,
                              guint                     n_items,
                              GCancellable             *cancellable,
                              FolPhotoImportProgress    progress,
                              gpointer                  progress_data,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  ImportJob *job;

  g_return_if_fail (FOL_IS_STORE (store));
  g_return_if_fail (items != NULL || n_items == 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  for (guint i = 0; i < n_items; i++)
    {
      g_return_if_fail (G_IS_FILE (items[i].file));
      g_return_if_fail (items[i].visit_id != NULL);
      g_return_if_fail (items[i].region < FOL_N_REGIONS);
    }

  outer = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (outer, fol_photo_import_items_async);
  /* Results are returned even when cancelled: some files may be in. */
  g_task_set_check_cancellable (outer, FALSE);

  job = g_new0 (ImportJob, 1);
  job->store = g_object_ref (store);
  job->photo_dir = fol_photo_dir (store);
  job->context = g_main_context_ref_thread_default ();
  job->progress = progress;
  job->progress_data = progress_data;
  job->n_items = n_items;
  job->items = g_new0 (ImportItem, MAX (n_items, 1));
  for (guint i = 0; i < n_items; i++)
    {
      job->items[i].file = g_object_ref (items[i].file);
      job->items[i].visit_id = g_strdup (items[i].visit_id);
      job->items[i].region = items[i].region;
    }
  g_task_set_task_data (outer, job, (GDestroyNotify) import_job_free);

  if (job->photo_dir == NULL)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("This clinic has no folder to keep photos in"));
      return;
    }

  inner = g_task_new (NULL, cancellable, import_thread_done_cb, g_object_ref (outer));
  g_task_set_check_cancellable (inner, FALSE);
  g_task_set_task_data (inner, outer, NULL);
  g_task_run_in_thread (inner, import_thread);
}

/**
 * fol_photo_import_finish:
 *
 * Returns: (transfer full) (element-type FolPhotoImportResult): one result
 *   per file, in order; %NULL only when nothing could be attempted
 */
GPtrArray *
fol_photo_import_finish (FolStore      *store,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (FOL_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * fol_photo_probe_date:
 * @out_from_camera: (out) (optional): whether the date is the camera's
 *   (EXIF DateTimeOriginal) rather than the file's modification time
 *
 * Finds the day a photo was taken: the camera's date when the file has
 * one, else the day the file was last modified (local time). Only the
 * file's first bytes are read.
 *
 * Returns: whether a date was found
 */
gboolean
fol_photo_probe_date (GFile    *file,
                      FolDate  *out_date,
                      gboolean *out_from_camera)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GDateTime) modified = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree guint8 *head = NULL;
  FolExifInfo exif = { 1, "" };
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (out_date != NULL, FALSE);

  *out_date = FOL_DATE_NONE;
  if (out_from_camera != NULL)
    *out_from_camera = FALSE;

  /* Only regular files: a pipe is never read into. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_TIME_MODIFIED,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    return FALSE;

  stream = g_file_read (file, NULL, NULL);
  head = g_malloc (EXIF_HEAD_SIZE);
  if (stream != NULL &&
      g_input_stream_read_all (G_INPUT_STREAM (stream), head, EXIF_HEAD_SIZE, &length, NULL, NULL))
    {
      ImageFormat format = sniff_format (head, length);

      if (format == FORMAT_JPEG)
        fol_exif_parse_jpeg (head, length, &exif);
      else if (format == FORMAT_TIFF)
        fol_exif_parse_tiff (head, length, &exif);
    }

  if (strlen (exif.date_time) >= 10)
    {
      g_autofree char *day = g_strndup (exif.date_time, 10);

      if (fol_date_parse (day, out_date, NULL))
        {
          if (out_from_camera != NULL)
            *out_from_camera = TRUE;
          return TRUE;
        }
    }

  modified = g_file_info_get_modification_date_time (info);
  if (modified == NULL)
    return FALSE;
  local = g_date_time_to_local (modified);
  *out_date = fol_date_new (g_date_time_get_year (local), g_date_time_get_month (local),
                            g_date_time_get_day_of_month (local));
  return *out_date != FOL_DATE_NONE;
}

/**
 * fol_photo_nearest_visit:
 * @visits: (element-type FolVisit): visits, in any order
 * @date: the day a photo was taken
 *
 * Returns: the index of the visit nearest to @date (on a tie, the earlier
 *   one), 0 when @date is %FOL_DATE_NONE, %G_MAXUINT when there are no visits
 */
guint
fol_photo_nearest_visit (GPtrArray *visits,
                         FolDate    date)
{
  guint best = G_MAXUINT;
  gint64 best_distance = G_MAXINT64;
  FolDate best_date = FOL_DATE_NONE;

  g_return_val_if_fail (visits != NULL, G_MAXUINT);

  if (visits->len == 0)
    return G_MAXUINT;
  if (date == FOL_DATE_NONE)
    return 0;

  for (guint i = 0; i < visits->len; i++)
    {
      FolDate visit_date = fol_visit_get_date (g_ptr_array_index (visits, i));
      gint64 distance = ABS ((gint64) visit_date - (gint64) date);

      if (distance < best_distance || (distance == best_distance && visit_date < best_date))
        {
          best = i;
          best_distance = distance;
          best_date = visit_date;
        }
    }
  return best;
}

/**
 * fol_photo_import_taken_note:
 * @result: a photo imported
 * @visit_date: the day of its visit
 *
 * The camera's date (EXIF DateTimeOriginal) is offered as a check: a photo
 * taken on another day than its visit was probably added to the wrong one.
 *
 * Returns: (transfer full) (nullable): a note naming the file and both
 *   days, or %NULL when the photo was taken that day or has no date
 */
char *
fol_photo_import_taken_note (const FolPhotoImportResult *result,
                             FolDate                     visit_date)
{
  const char *taken_at;
  g_autofree char *day = NULL;
  g_autofree char *name = NULL;
  g_autofree char *taken_text = NULL;
  g_autofree char *visit_text = NULL;
  FolDate taken = FOL_DATE_NONE;

  g_return_val_if_fail (result != NULL, NULL);

  if (result->photo == NULL)
    return NULL;
  taken_at = fol_photo_get_taken_at (result->photo);
  if (taken_at == NULL || strlen (taken_at) < 10)
    return NULL;
  day = g_strndup (taken_at, 10);
  if (!fol_date_parse (day, &taken, NULL) || taken == visit_date)
    return NULL;

  name = g_file_get_basename (result->file);
  taken_text = fol_date_format (taken);
  visit_text = fol_date_format (visit_date);
  return g_strdup_printf (_("“%s” was taken on %s, not on the day of its visit (%s)"),
                          name, taken_text, visit_text);
}
