/* fol-archive.c
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

#define G_LOG_DOMAIN "fol-archive"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <gio/gfiledescriptorbased.h>
#include <sodium.h>
#include <glib/gstdio.h>

#include "fol-archive.h"
#include "fol-sealed.h"
#include "fol-sealed-input-stream.h"
#include "fol-sealed-output-stream.h"
#include "fol-backup-private.h"
#include "fol-file-writer.h"
#include "fol-clinic.h"
#include "fol-clinic-file.h"
#include "fol-error.h"
#include "fol-i18n.h"

#define BLOCK 512
#define TOP "follicle/"
#define DB_NAME "follicle.db"
#define MANIFEST_NAME "MANIFEST"
#define MAX_MANIFEST (16 * 1024 * 1024)
#define READ_BUFFER (64 * 1024)
#define FREE_MARGIN ((guint64) 64 * 1024 * 1024)

/* Writing */

static void
put_octal (guint8     *field,
           gsize       width,
           guint64     value)
{
  g_autofree char *text = g_strdup_printf ("%0*" G_GINT64_MODIFIER "o", (int) width - 1, value);

  memcpy (field, text, width - 1);
  field[width - 1] = 0;
}

static gboolean
write_all (GOutputStream  *out,
           const void     *data,
           gsize           len,
           GError        **error)
{
  return g_output_stream_write_all (out, data, len, NULL, NULL, error);
}

static gboolean
write_header (GOutputStream  *out,
              const char     *name,
              guint64         size,
              GError        **error)
{
  guint8 h[BLOCK] = { 0 };
  guint sum = 0;

  g_assert (strlen (name) < 100);

  memcpy (h, name, strlen (name));
  put_octal (h + 100, 8, 0600);
  put_octal (h + 108, 8, 0);
  put_octal (h + 116, 8, 0);
  put_octal (h + 124, 12, size);
  put_octal (h + 136, 12, (guint64) (g_get_real_time () / G_USEC_PER_SEC));
  memset (h + 148, ' ', 8);
  h[156] = '0';
  memcpy (h + 257, "ustar", 6);
  memcpy (h + 263, "00", 2);
  for (guint i = 0; i < BLOCK; i++)
    sum += h[i];
  put_octal (h + 148, 7, sum);
  h[155] = ' ';

  return write_all (out, h, BLOCK, error);
}

static gboolean
write_padding (GOutputStream  *out,
               guint64         size,
               GError        **error)
{
  static const guint8 zeros[BLOCK] = { 0 };
  gsize pad = (BLOCK - size % BLOCK) % BLOCK;

  return pad == 0 || write_all (out, zeros, pad, error);
}

/* Adds a file to the archive and notes its checksum in @manifest. */
static gboolean
add_file (GOutputStream  *out,
          const char     *path,
          const char     *name,
          GString        *manifest,
          GError        **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *entry = g_strconcat (TOP, name, NULL);
  char buffer[65536];
  guint64 done = 0;
  GStatBuf st;
  ssize_t n;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int errsv = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot read “%s”: %s"), path, g_strerror (errsv));
      return FALSE;
    }

  if (!write_header (out, entry, st.st_size, error))
    goto fail;

  while (done < (guint64) st.st_size && (n = read (fd, buffer, sizeof buffer)) > 0)
    {
      n = MIN ((guint64) n, st.st_size - done);
      g_checksum_update (checksum, (const guchar *) buffer, n);
      if (!write_all (out, buffer, n, error))
        goto fail;
      done += n;
    }
  if (done != (guint64) st.st_size)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("“%s” changed while it was being archived"), path);
      goto fail;
    }
  close (fd);

  g_string_append_printf (manifest, "sha256 %s %" G_GUINT64_FORMAT " %s\n",
                          g_checksum_get_string (checksum), done, name);
  return write_padding (out, done, error);

fail:
  close (fd);
  return FALSE;
}

/* Adds bytes held in memory (a photo a clinic server keeps), as add_file()
 * adds a file.
 */
static gboolean
add_bytes (GOutputStream  *out,
           GBytes         *bytes,
           const char     *name,
           GString        *manifest,
           GError        **error)
{
  g_autofree char *entry = g_strconcat (TOP, name, NULL);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  gsize size = g_bytes_get_size (bytes);

  if (!write_header (out, entry, size, error) ||
      !write_all (out, g_bytes_get_data (bytes, NULL), size, error))
    return FALSE;
  g_string_append_printf (manifest, "sha256 %s %" G_GSIZE_FORMAT " %s\n", sha256, size, name);
  return write_padding (out, size, error);
}

/* The usual extension of an image's format, from its first bytes. */
static const char *
image_extension (GBytes *bytes)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return "jpg";
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "png";
  if (size >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    return "tif";
  if (size >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "webp";
  return "img";
}

/* A photo the store keeps other than as a file in its photos folder (a
 * clinic server), added from its bytes; *@out_added stays FALSE when the
 * store has none under that checksum.
 */
static gboolean
add_stored_photo (GOutputStream  *out,
                  FolStore       *store,
                  const char     *sha,
                  GString        *manifest,
                  gboolean       *out_added,
                  GError        **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) bytes = fol_store_load_photo_bytes (store, sha, &local);
  g_autofree char *name = NULL;

  *out_added = FALSE;
  if (bytes == NULL)
    {
      if (g_error_matches (local, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  name = g_strdup_printf ("photos/%c%c/%s.%s", sha[0], sha[1], sha, image_extension (bytes));
  *out_added = TRUE;
  return add_bytes (out, bytes, name, manifest, error);
}

static gboolean
write_archive (GOutputStream  *out,
               FolStore       *store,
               const char     *snapshot_path,
               const char     *data_dir,
               FolStoreSnapshot *snapshot,
               guint          *out_n_photos,
               GError        **error)
{
  static const guint8 zeros[2 * BLOCK] = { 0 };
  g_autoptr(GString) manifest = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *iso = g_date_time_format_iso8601 (now);
  g_autofree char *photos_dir = data_dir ? g_build_filename (data_dir, "photos", NULL) : NULL;
  guint n_photos = 0;

  g_string_append_printf (manifest, "follicle-archive %d\napp-version %s\nschema %u\ncreated %s\npatients %u\n",
                          FOL_ARCHIVE_FORMAT_VERSION, PACKAGE_VERSION, snapshot->schema_version, iso,
                          snapshot->n_patients);

  if (!add_file (out, snapshot_path, DB_NAME, manifest, error))
    return FALSE;

  for (guint i = 0; i < snapshot->photos->len; i++)
    {
      const char *sha = g_ptr_array_index (snapshot->photos, i);
      g_autofree char *path = photos_dir ? _fol_backup_find_photo (photos_dir, sha) : NULL;
      g_autofree char *base = NULL;
      g_autofree char *name = NULL;
      gboolean added = FALSE;

      /* Not a file in the photos folder: the store may keep it otherwise. */
      if (path == NULL)
        {
          if (!add_stored_photo (out, store, sha, manifest, &added, error))
            return FALSE;
          if (added)
            n_photos++;
        }
      if (path == NULL)
        {
          if (!added)
            g_string_append_printf (manifest, "missing-photo %s\n", sha);
          continue;
        }
      base = g_path_get_basename (path);
      if (strlen (base) > 64 + 6)
        {
          g_string_append_printf (manifest, "missing-photo %s\n", sha);
          continue;
        }
      name = g_strdup_printf ("photos/%c%c/%s", sha[0], sha[1], base);
      if (!add_file (out, path, name, manifest, error))
        return FALSE;
      n_photos++;
    }

  if (!write_header (out, TOP MANIFEST_NAME, manifest->len, error) ||
      !write_all (out, manifest->str, manifest->len, error) ||
      !write_padding (out, manifest->len, error) ||
      !write_all (out, zeros, sizeof zeros, error))
    return FALSE;

  if (out_n_photos)
    *out_n_photos = n_photos;
  return TRUE;
}

static void
set_output_error (GError     **error,
                  GError      *local,
                  const char  *path)
{
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    _fol_backup_set_errno_error (error, ENOSPC, path);
  else
    g_propagate_error (error, g_steal_pointer (&local));
  g_clear_error (&local);
}

#define PARTIAL_DB ".partial-db"

/* Removes what `--backup` runs killed midway left in @dir: the snapshot
 * (a whole copy of the clinic) NAME.partial-db, its SQLite journal and the
 * unfinished archive NAME.partial beside it, unless a writer still holds
 * the snapshot locked (see fol_file_remove_abandoned()).
 */
static void
remove_partial_snapshots (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *stem = NULL;
      g_autofree char *journal = NULL;
      g_autofree char *archive = NULL;

      if (!g_str_has_suffix (name, PARTIAL_DB) || strlen (name) == strlen (PARTIAL_DB))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (!fol_file_remove_abandoned (path))
        continue;
      stem = g_strndup (path, strlen (path) - strlen (PARTIAL_DB));
      journal = g_strconcat (path, "-journal", NULL);
      archive = g_strconcat (stem, ".partial", NULL);
      g_unlink (journal);
      g_unlink (archive);
    }
}

/**
 * fol_archive_write:
 * @archive_path: the file to write; replaced only once it is complete
 * @out_n_photos: (out) (optional): how many photos it holds
 *
 * Writes the whole clinic (a checked snapshot of the database and every
 * photo it refers to) into one file.
 */
static gboolean
archive_write (FolStore        *store,
               const char      *archive_path,
               const char      *passphrase,
               guint           *out_n_photos,
               GError         **error)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *snapshot_path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) fout = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GOutputStream) sealed = NULL;
  GError *local = NULL;
  g_autoptr(FolStoreSnapshot) snapshot = NULL;
  int lock_fd = -1;
  gboolean ok = FALSE;

  g_return_val_if_fail (FOL_IS_STORE (store), FALSE);
  g_return_val_if_fail (archive_path != NULL, FALSE);

  if (g_file_test (archive_path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder: give the name of the archive file to write"), archive_path);
      return FALSE;
    }

  data_dir = fol_store_get_data_dir (store);
  tmp = g_strconcat (archive_path, ".partial", NULL);
  snapshot_path = g_strconcat (archive_path, PARTIAL_DB, NULL);
  {
    g_autofree char *dir = g_path_get_dirname (archive_path);

    remove_partial_snapshots (dir);
  }
  /* Still there: another backup is writing this very name. */
  if (g_file_test (snapshot_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_BUSY,
                   _("Another backup is writing “%s”: wait for it to finish"), archive_path);
      return FALSE;
    }

  snapshot = _fol_backup_take_snapshot (store, NULL, snapshot_path, &lock_fd, error);
  if (snapshot == NULL)
    return FALSE;

  file = g_file_new_for_path (tmp);
  fout = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &local);
  if (fout == NULL)
    {
      set_output_error (error, local, archive_path);
      goto out;
    }
  out = g_buffered_output_stream_new_sized (G_OUTPUT_STREAM (fout), 256 * 1024);

  /* Protected: the tar goes through the sealed stream, whose close writes
   * the final chunk; only then is the file synced and renamed. */
  if (passphrase != NULL)
    {
      sealed = fol_sealed_output_stream_new (out, passphrase, NULL, &local);
      if (sealed == NULL)
        {
          set_output_error (error, local, archive_path);
          goto out;
        }
      g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (sealed), FALSE);
    }

  if (!write_archive (sealed != NULL ? sealed : out, store, snapshot_path, data_dir, snapshot,
                      out_n_photos, &local) ||
      (sealed != NULL && !g_output_stream_close (sealed, NULL, &local)) ||
      !g_output_stream_flush (out, NULL, &local) ||
      fsync (g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (fout))) != 0 ||
      !g_output_stream_close (out, NULL, &local))
    {
      if (local == NULL)
        _fol_backup_set_errno_error (error, errno, archive_path);
      else
        set_output_error (error, local, archive_path);
      goto out;
    }

  if (g_rename (tmp, archive_path) != 0)
    {
      _fol_backup_set_errno_error (error, errno, archive_path);
      goto out;
    }
  ok = TRUE;

out:
  if (!ok)
    g_unlink (tmp);
  g_unlink (snapshot_path);
  close (lock_fd);
  return ok;
}

gboolean
fol_archive_write (FolStore        *store,
                   const char      *archive_path,
                   guint           *out_n_photos,
                   GError         **error)
{
  return archive_write (store, archive_path, NULL, out_n_photos, error);
}

/**
 * fol_archive_write_protected:
 * @passphrase: at least %FOL_SEALED_MIN_PASSPHRASE characters
 *
 * The same archive, protected with @passphrase (see fol-sealed.c): an
 * off-site copy that is unreadable without it, and that restore refuses
 * when any byte of it changed.
 */
gboolean
fol_archive_write_protected (FolStore        *store,
                             const char      *archive_path,
                             const char      *passphrase,
                             guint           *out_n_photos,
                             GError         **error)
{
  g_return_val_if_fail (passphrase != NULL, FALSE);

  if (!fol_sealed_check_passphrase (passphrase, error))
    return FALSE;
  return archive_write (store, archive_path, passphrase, out_n_photos, error);
}

typedef struct
{
  FolStore *reader;
  char     *archive_path;
  char     *passphrase;  /* wiped as soon as the archive is written */
  guint     n_photos;
} WriteData;

static void
wipe_passphrase (char **passphrase)
{
  if (*passphrase != NULL)
    sodium_memzero (*passphrase, strlen (*passphrase));
  g_clear_pointer (passphrase, g_free);
}

static void
write_data_free (WriteData *data)
{
  g_free (data->archive_path);
  wipe_passphrase (&data->passphrase);
  g_clear_object (&data->reader);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  /* A reader of its own, opened by the calling thread: the store stays
   * with the main thread. */
  if (data->passphrase != NULL)
    ok = fol_archive_write_protected (data->reader, data->archive_path,
                                      data->passphrase, &data->n_photos, &error);
  else
    ok = fol_archive_write (data->reader, data->archive_path, &data->n_photos, &error);
  wipe_passphrase (&data->passphrase);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * fol_archive_write_async:
 * @passphrase: (nullable): to protect the archive with; copied, and the
 *   copy wiped as soon as the archive is written
 *
 * Writes the archive as fol_archive_write() or
 * fol_archive_write_protected() do, in a worker thread: the window never
 * waits for it.
 */
void
fol_archive_write_async (FolStore            *store,
                         const char          *archive_path,
                         const char          *passphrase,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(FolStore) reader = NULL;
  GError *error = NULL;
  WriteData *data;

  g_return_if_fail (FOL_IS_STORE (store));
  g_return_if_fail (archive_path != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, fol_archive_write_async);
  reader = fol_store_open_reader (store, &error);
  if (reader == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data = g_new0 (WriteData, 1);
  data->reader = g_steal_pointer (&reader);
  data->archive_path = g_strdup (archive_path);
  data->passphrase = g_strdup (passphrase);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

/**
 * fol_archive_write_finish:
 * @out_n_photos: (out) (optional): how many photos the archive holds
 *
 * Returns: %TRUE once the archive is complete at its path, or %FALSE
 *   with @error set (and nothing written there)
 */
gboolean
fol_archive_write_finish (GAsyncResult  *result,
                          guint         *out_n_photos,
                          GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fol_archive_write_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (out_n_photos != NULL)
    *out_n_photos = ((WriteData *) g_task_get_task_data (G_TASK (result)))->n_photos;
  return TRUE;
}

/* Reading, with libarchive: it parses the tar headers (ustar, pax, GNU);
 * what is accepted is decided here. Only regular files with the names
 * Follicle writes, each at most once, in bounded number and size; photos
 * whose bytes hash to their name; a manifest that lists every file once
 * with its size and SHA-256; a database this version created; and only
 * photos its records refer to.
 */

typedef struct
{
  char    *name;     /* relative to follicle/ */
  guint64  size;
  char    *sha256;
  gboolean listed;   /* seen in the manifest */
} Entry;

static void
entry_free (Entry *e)
{
  g_free (e->name);
  g_free (e->sha256);
  g_free (e);
}

typedef struct
{
  GInputStream *in;
  guint8       *buffer;
  guint64       total;     /* bytes read from @in */
  gboolean      eof;
  GError       *error;     /* a read error of @in */
} Source;

static la_ssize_t
source_read_cb (struct archive  *a,
                void            *user_data,
                const void     **buffer)
{
  Source *source = user_data;
  gssize n;

  if (source->error != NULL)
    return -1;
  n = g_input_stream_read (source->in, source->buffer, READ_BUFFER, NULL, &source->error);
  if (n < 0)
    {
      archive_set_error (a, EIO, "%s", source->error->message);
      return -1;
    }
  if (n == 0)
    source->eof = TRUE;
  source->total += n;
  *buffer = source->buffer;
  return n;
}

/* The names Follicle writes, and only those: nothing else is extracted. */
static gboolean
valid_name (const char *name)
{
  size_t len;

  if (strcmp (name, DB_NAME) == 0 || strcmp (name, MANIFEST_NAME) == 0)
    return TRUE;

  len = strlen (name);
  /* photos/ab/<64 hex>.<1–5 alphanumerics> */
  if (len < 7 + 3 + 64 + 2 || len > 7 + 3 + 64 + 6 || strncmp (name, "photos/", 7) != 0 ||
      name[9] != '/' || name[10 + 64] != '.')
    return FALSE;
  {
    g_autofree char *sha = g_strndup (name + 10, 64);

    if (!_fol_backup_is_sha256 (sha) || name[7] != sha[0] || name[8] != sha[1])
      return FALSE;
  }
  for (const char *p = name + 10 + 64 + 1; *p; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

static gboolean
damaged (GError     **error,
         const char  *why)
{
  g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
               _("This is not a Follicle archive, or it is damaged: %s"), why);
  return FALSE;
}

/* What a failed libarchive call means for the person restoring. */
static gboolean
read_failed (Source      *source,
             guint        n_entries,
             GError     **error)
{
  if (source->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&source->error));
      return FALSE;
    }
  if (source->total == 0)
    return damaged (error, _("the file is empty"));
  if (n_entries == 0)
    return damaged (error, _("it is not a tar archive"));
  if (source->eof)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_IO,
                   _("The archive is truncated: it ends before its last file"));
      return FALSE;
    }
  return damaged (error, _("a file header is damaged"));
}

static gboolean
extract_entry (struct archive  *a,
               Source          *source,
               guint            n_entries,
               const char      *dest_dir,
               Entry           *entry,
               GError         **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *path = g_build_filename (dest_dir, entry->name, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree guint8 *buffer = g_malloc (READ_BUFFER);
  guint64 done = 0;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      _fol_backup_set_errno_error (error, errno, dir);
      return FALSE;
    }
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      if (errno == EEXIST)
        return damaged (error, _("a file appears twice"));
      _fol_backup_set_errno_error (error, errno, path);
      return FALSE;
    }

  for (;;)
    {
      la_ssize_t n = archive_read_data (a, buffer, READ_BUFFER);
      la_ssize_t written = 0;

      if (n == 0)
        break;
      if (n < 0 || done + n > entry->size)
        {
          close (fd);
          return n < 0 ? read_failed (source, n_entries, error)
                       : damaged (error, _("a file is longer than its header says"));
        }
      g_checksum_update (checksum, buffer, n);
      while (written < n)
        {
          ssize_t w = write (fd, buffer + written, n - written);

          if (w < 0 && errno == EINTR)
            continue;
          if (w <= 0)
            {
              _fol_backup_set_errno_error (error, w < 0 ? errno : ENOSPC, path);
              close (fd);
              return FALSE;
            }
          written += w;
        }
      done += n;
    }
  /* Not synced here: only what restore keeps is (see sync_file ()). */
  close (fd);

  if (done != entry->size)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_IO,
                   _("The archive is truncated: it ends in the middle of a file"));
      return FALSE;
    }
  entry->sha256 = g_strdup (g_checksum_get_string (checksum));

  /* Photos are content-addressed: a photo whose bytes are another's would
   * be taken for that one by every later visit that refers to it.
   */
  if (g_str_has_prefix (entry->name, "photos/") &&
      strncmp (entry->name + 10, entry->sha256, 64) != 0)
    return damaged (error, _("a photo's content does not match its name"));
  return TRUE;
}

/* Checks the extracted files against the manifest: the same set, each
 * listed once, sizes and SHA-256, a known format, a schema this version
 * can open.
 */
static gboolean
check_manifest (const char  *dest_dir,
                GHashTable  *entries,
                GError     **error)
{
  g_autofree char *path = g_build_filename (dest_dir, MANIFEST_NAME, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint listed = 0;
  gsize len = 0;

  if (!g_hash_table_contains (entries, MANIFEST_NAME))
    return damaged (error, _("its manifest is missing"));
  if (!g_hash_table_contains (entries, DB_NAME))
    return damaged (error, _("it holds no database"));

  if (!g_file_get_contents (path, &text, &len, error))
    return FALSE;
  if (strlen (text) != len || !g_utf8_validate (text, len, NULL))
    return damaged (error, _("its manifest is not text"));

  lines = g_strsplit (text, "\n", -1);
  if (g_strcmp0 (lines[0], "follicle-archive 1") != 0)
    return damaged (error, _("its manifest is of an unknown format"));

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], " ", 4);

      if (lines[i][0] == '\0')
        continue;
      if (g_strcmp0 (f[0], "schema") == 0 && f[1] != NULL)
        {
          guint64 v = 0;

          if (!g_ascii_string_to_unsigned (f[1], 10, 0, G_MAXUINT, &v, NULL))
            return damaged (error, _("its schema version is not a number"));
          if (v > fol_clinic_file_schema_version ())
            {
              g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_TOO_NEW,
                           _("The archive was written by a newer version of Follicle (schema %u; "
                             "this version knows %u): update Follicle to restore it"),
                           (guint) v, fol_clinic_file_schema_version ());
              return FALSE;
            }
        }
      else if (g_strcmp0 (f[0], "sha256") == 0)
        {
          Entry *e;
          guint64 size = 0;

          if (g_strv_length (f) != 4 ||
              !g_ascii_string_to_unsigned (f[2], 10, 0, G_MAXUINT64, &size, NULL))
            return damaged (error, _("a manifest line cannot be read"));
          e = g_hash_table_lookup (entries, f[3]);
          if (e == NULL)
            return damaged (error, _("a file it lists is missing"));
          /* Listed twice, one file could stand in for another left out. */
          if (e->listed)
            return damaged (error, _("its manifest lists a file twice"));
          if (e->size != size || g_strcmp0 (e->sha256, f[1]) != 0)
            return damaged (error, _("a file does not match its checksum"));
          e->listed = TRUE;
          listed++;
        }
    }

  /* Everything but the manifest itself must be listed. */
  if (listed + 1 != g_hash_table_size (entries))
    return damaged (error, _("it holds files its manifest does not list"));

  return TRUE;
}

/* The space the files may take: what is free where they go, less a
 * margin, and never more than the limit.
 */
static guint64
space_for (const char *dest_dir,
           guint64     limit)
{
  g_autoptr(GFile) dir = g_file_new_for_path (dest_dir);
  g_autoptr(GFileInfo) info = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE,
                                                            NULL, NULL);
  guint64 free_bytes;

  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE))
    return limit;
  free_bytes = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
  return MIN (limit, free_bytes > FREE_MARGIN ? free_bytes - FREE_MARGIN : 0);
}

/* Checks one header before anything of its file is written. */
static gboolean
check_header (struct archive_entry    *ae,
              const FolArchiveLimits  *limits,
              GHashTable              *entries,
              guint64                  total,
              guint64                  space,
              const char             **out_name,
              GError                 **error)
{
  const char *path = archive_entry_pathname (ae);
  const char *name;
  la_int64_t size = archive_entry_size (ae);

  if (archive_entry_filetype (ae) != AE_IFREG || archive_entry_hardlink (ae) != NULL ||
      archive_entry_symlink (ae) != NULL || archive_entry_sparse_count (ae) > 0)
    return damaged (error, _("it holds something other than plain files"));
  if (path == NULL || !g_str_has_prefix (path, TOP) || !valid_name (path + strlen (TOP)))
    return damaged (error, _("it holds a file Follicle does not write"));
  name = path + strlen (TOP);
  if (g_hash_table_contains (entries, name))
    return damaged (error, _("a file appears twice"));
  if (g_hash_table_size (entries) >= limits->max_entries)
    return damaged (error, _("it holds too many files"));
  if (!archive_entry_size_is_set (ae) || size < 0)
    return damaged (error, _("a file size is invalid"));
  if ((strcmp (name, MANIFEST_NAME) == 0 && (guint64) size > MAX_MANIFEST) ||
      (g_str_has_prefix (name, "photos/") && (guint64) size > limits->max_photo_size))
    return damaged (error, _("a file in it is too large"));
  if ((guint64) size > space || total > space - (guint64) size)
    {
      g_autofree char *need = g_format_size (total + (guint64) size);
      g_autofree char *have = g_format_size (space);

      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NO_SPACE,
                   _("The archive is too large: its files need more than %s, and %s can be "
                     "written beside the clinic"), need, have);
      return FALSE;
    }
  *out_name = name;
  return TRUE;
}

/**
 * fol_archive_extract_limited:
 * @limits: (nullable): bounds on what is read; %NULL for the defaults
 *
 * Like fol_archive_extract(), with bounds of the caller's choosing.
 */
gboolean
fol_archive_extract_limited (GInputStream            *in,
                             const char              *dest_dir,
                             const FolArchiveLimits  *limits,
                             GError                 **error)
{
  static const FolArchiveLimits defaults = {
    FOL_ARCHIVE_MAX_ENTRIES, FOL_ARCHIVE_MAX_PHOTO_SIZE, FOL_ARCHIVE_MAX_TOTAL_SIZE
  };
  g_autoptr(GHashTable) entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) entry_free);
  g_autoptr(GHashTable) photos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) referenced = NULL;
  g_autofree guint8 *buffer = g_malloc (READ_BUFFER);
  Source source = { in, buffer, 0, FALSE, NULL };
  struct archive *a;
  guint64 total = 0, space;
  gboolean ok = FALSE;

  g_return_val_if_fail (G_IS_INPUT_STREAM (in), FALSE);
  g_return_val_if_fail (dest_dir != NULL, FALSE);

  if (limits == NULL)
    limits = &defaults;
  space = space_for (dest_dir, limits->max_total_size);

  a = archive_read_new ();
  /* Tar only, uncompressed: no file can expand beyond the archive. */
  archive_read_support_format_tar (a);
  if (archive_read_open (a, &source, NULL, source_read_cb, NULL) != ARCHIVE_OK)
    {
      read_failed (&source, 0, error);
      goto out;
    }

  for (;;)
    {
      struct archive_entry *ae = NULL;
      const char *name = NULL;
      Entry *entry;
      int rc = archive_read_next_header (a, &ae);

      if (rc == ARCHIVE_EOF)
        break;
      if (rc != ARCHIVE_OK)
        {
          read_failed (&source, g_hash_table_size (entries), error);
          goto out;
        }
      if (!check_header (ae, limits, entries, total, space, &name, error))
        goto out;

      /* One file per photo: the same checksum under two extensions too. */
      if (g_str_has_prefix (name, "photos/") &&
          !g_hash_table_add (photos, g_strndup (name + 10, 64)))
        {
          damaged (error, _("a file appears twice"));
          goto out;
        }

      entry = g_new0 (Entry, 1);
      entry->name = g_strdup (name);
      entry->size = archive_entry_size (ae);
      g_hash_table_insert (entries, entry->name, entry);
      total += entry->size;

      if (!extract_entry (a, &source, g_hash_table_size (entries), dest_dir, entry, error))
        goto out;
    }

  if (!check_manifest (dest_dir, entries, error))
    goto out;

  /* The database is one this version created, and its records say which
   * photos belong: an archive with any other is refused.
   */
  {
    g_autofree char *db = g_build_filename (dest_dir, DB_NAME, NULL);
    GHashTableIter iter;
    Entry *entry;

    if (!fol_backup_verify (db, error) ||
        (referenced = fol_clinic_file_referenced_photos (db, error)) == NULL)
      goto out;
    g_hash_table_iter_init (&iter, entries);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
      {
        g_autofree char *sha = NULL;

        if (!g_str_has_prefix (entry->name, "photos/"))
          continue;
        sha = g_strndup (entry->name + 10, 64);
        if (!g_hash_table_contains (referenced, sha))
          {
            damaged (error, _("it holds a photo no record refers to"));
            goto out;
          }
      }
  }
  ok = TRUE;

out:
  archive_read_free (a);
  g_clear_error (&source.error);
  return ok;
}

/**
 * fol_archive_extract:
 *
 * Reads an archive, accepting only the files Follicle writes, and checks
 * every checksum, the database (fol_backup_verify()) and that every photo
 * is one its records refer to. On failure @dest_dir may hold part of the files; remove
 * it with fol_archive_remove_tree().
 */
gboolean
fol_archive_extract (GInputStream  *in,
                     const char    *dest_dir,
                     GError       **error)
{
  return fol_archive_extract_limited (in, dest_dir, NULL, error);
}

/* Removes a folder fol_archive_extract() wrote into (two levels deep). */
void
fol_archive_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_return_if_fail (dir != NULL);

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        fol_archive_remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static gboolean
sync_file (const char  *path,
           GError     **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0 || fsync (fd) != 0)
    {
      _fol_backup_set_errno_error (error, errno, path);
      if (fd >= 0)
        close (fd);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* Moves the archive's photos into the clinic's photo folder. */
static gboolean
install_photos (const char  *extracted,
                const char  *data_dir,
                GError     **error)
{
  g_autofree char *from_dir = g_build_filename (extracted, "photos", NULL);
  g_autoptr(GDir) top = g_dir_open (from_dir, 0, NULL);
  const char *sub;

  while (top != NULL && (sub = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *sub_path = g_build_filename (from_dir, sub, NULL);
      g_autofree char *to_dir = g_build_filename (data_dir, "photos", sub, NULL);
      g_autoptr(GDir) d = g_dir_open (sub_path, 0, NULL);
      const char *name;

      if (g_mkdir_with_parents (to_dir, 0700) != 0)
        {
          _fol_backup_set_errno_error (error, errno, to_dir);
          return FALSE;
        }
      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *from = g_build_filename (sub_path, name, NULL);
          g_autofree char *to = g_build_filename (to_dir, name, NULL);

          /* Content-addressed: the photo already there is this one. */
          if (g_file_test (to, G_FILE_TEST_EXISTS))
            continue;
          if (!sync_file (from, error))
            return FALSE;
          if (g_rename (from, to) != 0)
            {
              _fol_backup_set_errno_error (error, errno, to);
              return FALSE;
            }
        }
      _fol_backup_fsync_dir (to_dir);
    }
  return TRUE;
}

/**
 * _fol_archive_open_input:
 * @passphrase: (nullable): the passphrase of a protected archive
 *
 * Opens an archive for reading: a protected one through the sealed
 * stream, which authenticates every chunk as it is read, so that an
 * altered or cut archive is refused like a damaged one.
 *
 * Returns: (transfer full): the plain tar stream, or %NULL with @error
 *   set, its message starting with "Nothing was restored."
 */
GInputStream *
_fol_archive_open_input (const char  *archive_path,
                         const char  *passphrase,
                         GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (archive_path);
  g_autoptr(GFileInputStream) fin = g_file_read (file, NULL, error);
  g_autoptr(GInputStream) in = NULL;

  if (fin == NULL)
    {
      g_prefix_error (error, _("Nothing was restored. "));
      return NULL;
    }
  in = g_buffered_input_stream_new_sized (G_INPUT_STREAM (fin), 256 * 1024);

  if (fol_sealed_file_is_sealed (archive_path))
    {
      GInputStream *plain = fol_sealed_input_stream_new (in, passphrase, NULL, error);

      if (plain == NULL)
        {
          g_prefix_error (error, "%s: ", archive_path);
          g_prefix_error (error, _("Nothing was restored. "));
          return NULL;
        }
      return plain;
    }
  return g_steal_pointer (&in);
}

/**
 * fol_archive_restore:
 * @store_path: the clinic file to replace; no store may have it open
 * @backup_dir: (nullable): where the current state is backed up first;
 *   %NULL for `backups/` beside @store_path
 *
 * Reads and checks the whole archive first (see fol_archive_extract()): a
 * damaged, truncated, foreign or tampered file is refused and nothing is
 * changed. An older schema is upgraded in the copy. Then backs up the
 * current clinic, adds the photos and replaces the database atomically.
 */
static gboolean
archive_restore (const char  *store_path,
                 const char  *archive_path,
                 const char  *passphrase,
                 const char  *backup_dir,
                 guint       *out_n_patients,
                 GError     **error)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *default_dir = NULL;
  g_autofree char *extracted = NULL;
  g_autofree char *db = NULL;
  g_autofree char *restored_id = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(FolStore) check = NULL;
  g_autoptr(FolClinicLock) lock = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (store_path != NULL, FALSE);
  g_return_val_if_fail (archive_path != NULL, FALSE);

  {
    g_autofree char *absolute = g_canonicalize_filename (store_path, NULL);

    data_dir = g_path_get_dirname (absolute);
  }
  if (backup_dir == NULL)
    backup_dir = default_dir = g_build_filename (data_dir, "backups", NULL);

  in = _fol_archive_open_input (archive_path, passphrase, error);
  if (in == NULL)
    return FALSE;

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      _fol_backup_set_errno_error (error, errno, data_dir);
      return FALSE;
    }
  extracted = g_build_filename (data_dir, ".restore-XXXXXX", NULL);
  if (g_mkdtemp_full (extracted, 0700) == NULL)
    {
      _fol_backup_set_errno_error (error, errno, data_dir);
      return FALSE;
    }
  db = g_build_filename (extracted, DB_NAME, NULL);

  /* Everything is checked, and the copy brought to this version's schema,
   * before anything is replaced.
   */
  if (!fol_archive_extract (in, extracted, error))
    {
      g_prefix_error (error, "%s: ", archive_path);
      g_prefix_error (error, _("Nothing was restored. "));
      goto out;
    }
  restored_id = fol_clinic_file_read_id (db);
  if (!fol_clinic_file_upgrade (db, error))
    {
      g_prefix_error (error, "%s: ", archive_path);
      g_prefix_error (error, _("Nothing was restored. "));
      goto out;
    }
  /* An archive from before clinic ids of this very clinic stays this clinic. */
  if (restored_id == NULL)
    fol_clinic_file_adopt_id (store_path, db);

  /* Held until the restored clinic is checked: nobody opens it half
   * replaced.
   */
  lock = fol_clinic_lock_acquire (store_path, FOL_CLINIC_LOCK_EXCLUSIVE, error);
  if (lock == NULL || !fol_clinic_file_check_not_in_use (store_path, error))
    {
      g_prefix_error (error, _("Nothing was restored: "));
      goto out;
    }

  if (!_fol_backup_save_current_state (store_path, backup_dir, error))
    {
      g_prefix_error (error, _("Nothing was restored, because the current clinic could not be backed up first: "));
      goto out;
    }

  if (!install_photos (extracted, data_dir, error) ||
      !sync_file (db, error) ||
      !fol_clinic_file_install (store_path, db, error))
    {
      g_prefix_error (error, _("Nothing was restored: "));
      goto out;
    }

  /* Opens as any command will, and counts what came back. */
  check = fol_clinic_open (store_path, FOL_CLINIC_OPEN_NONE, error);
  if (check == NULL)
    goto out;
  if (out_n_patients)
    *out_n_patients = fol_store_count_patients (check, NULL);
  ok = TRUE;

out:
  fol_archive_remove_tree (extracted);
  return ok;
}

gboolean
fol_archive_restore (const char  *store_path,
                     const char  *archive_path,
                     const char  *backup_dir,
                     guint       *out_n_patients,
                     GError     **error)
{
  return archive_restore (store_path, archive_path, NULL, backup_dir, out_n_patients, error);
}

/**
 * fol_archive_restore_protected:
 * @passphrase: (nullable): the passphrase of a protected archive
 *
 * fol_archive_restore() for an archive protected with a passphrase (or
 * not: a plain archive needs none).
 */
gboolean
fol_archive_restore_protected (const char  *store_path,
                               const char  *archive_path,
                               const char  *passphrase,
                               const char  *backup_dir,
                               guint       *out_n_patients,
                               GError     **error)
{
  return archive_restore (store_path, archive_path, passphrase, backup_dir, out_n_patients, error);
}
