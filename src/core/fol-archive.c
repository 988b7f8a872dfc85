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

#include <gio/gfiledescriptorbased.h>
#include <glib/gstdio.h>

#include "fol-archive.h"
#include "fol-backup-private.h"
#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-sqlite-migrations.h"

#define BLOCK 512
#define TOP "follicle/"
#define DB_NAME "follicle.db"
#define MANIFEST_NAME "MANIFEST"
#define MAX_MANIFEST (16 * 1024 * 1024)
#define MAX_ENTRY_SIZE ((guint64) 1 << 40)
#define MAX_ENTRIES 1000000

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

static gboolean
write_archive (GOutputStream  *out,
               const char     *snapshot_path,
               const char     *data_dir,
               FolSnapshot    *snapshot,
               guint          *out_n_photos,
               GError        **error)
{
  static const guint8 zeros[2 * BLOCK] = { 0 };
  g_autoptr(GString) manifest = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *iso = g_date_time_format_iso8601 (now);
  g_autofree char *photos_dir = g_build_filename (data_dir, "photos", NULL);
  guint n_photos = 0;

  g_string_append_printf (manifest, "follicle-archive %d\napp-version %s\nschema %u\ncreated %s\npatients %u\n",
                          FOL_ARCHIVE_FORMAT_VERSION, PACKAGE_VERSION, snapshot->schema_version, iso,
                          snapshot->n_patients);

  if (!add_file (out, snapshot_path, DB_NAME, manifest, error))
    return FALSE;

  for (guint i = 0; i < snapshot->photos->len; i++)
    {
      const char *sha = g_ptr_array_index (snapshot->photos, i);
      g_autofree char *path = _fol_backup_find_photo (photos_dir, sha);
      g_autofree char *base = NULL;
      g_autofree char *name = NULL;

      if (path == NULL)
        {
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

/**
 * fol_archive_write:
 * @archive_path: the file to write; replaced only once it is complete
 * @out_n_photos: (out) (optional): how many photos it holds
 *
 * Writes the whole clinic (a checked snapshot of the database and every
 * photo it refers to) into one file.
 */
gboolean
fol_archive_write (FolSqliteStore  *store,
                   const char      *archive_path,
                   guint           *out_n_photos,
                   GError         **error)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *snapshot_path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) fout = NULL;
  g_autoptr(GOutputStream) out = NULL;
  GError *local = NULL;
  FolSnapshot snapshot;
  gboolean ok = FALSE;

  g_return_val_if_fail (FOL_IS_SQLITE_STORE (store), FALSE);
  g_return_val_if_fail (archive_path != NULL, FALSE);

  if (g_file_test (archive_path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder: give the name of the archive file to write"), archive_path);
      return FALSE;
    }

  data_dir = fol_sqlite_store_get_data_dir (store);
  tmp = g_strconcat (archive_path, ".partial", NULL);
  snapshot_path = g_strconcat (archive_path, ".partial-db", NULL);
  g_unlink (snapshot_path);

  if (!_fol_backup_snapshot (fol_sqlite_store_get_path (store), snapshot_path, &snapshot, error))
    return FALSE;

  file = g_file_new_for_path (tmp);
  fout = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &local);
  if (fout == NULL)
    {
      set_output_error (error, local, archive_path);
      goto out;
    }
  out = g_buffered_output_stream_new_sized (G_OUTPUT_STREAM (fout), 256 * 1024);

  if (!write_archive (out, snapshot_path, data_dir, &snapshot, out_n_photos, &local) ||
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
  _fol_snapshot_clear (&snapshot);
  return ok;
}

/* Reading */

typedef struct
{
  char    *name;     /* relative to follicle/ */
  guint64  size;
  char    *sha256;
} Entry;

static void
entry_free (Entry *e)
{
  g_free (e->name);
  g_free (e->sha256);
  g_free (e);
}

static gboolean
read_exactly (GInputStream  *in,
              void          *buffer,
              gsize          len,
              GError       **error)
{
  gsize got = 0;

  if (!g_input_stream_read_all (in, buffer, len, &got, NULL, error))
    return FALSE;
  if (got != len)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_IO,
                   _("The archive is truncated: it ends in the middle of a file"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_octal (const guint8 *field,
             gsize         width,
             guint64      *out)
{
  guint64 value = 0;
  gsize i = 0;

  while (i < width && field[i] == ' ')
    i++;
  if (i == width || field[i] < '0' || field[i] > '7')
    return FALSE;
  for (; i < width && field[i] >= '0' && field[i] <= '7'; i++)
    {
      if (value > (G_MAXUINT64 >> 3))
        return FALSE;
      value = (value << 3) | (guint64) (field[i] - '0');
    }
  for (; i < width; i++)
    if (field[i] != 0 && field[i] != ' ')
      return FALSE;
  *out = value;
  return TRUE;
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

static gboolean
extract_entry (GInputStream  *in,
               const char    *dest_dir,
               Entry         *entry,
               GError       **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *path = g_build_filename (dest_dir, entry->name, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  guint8 buffer[65536];
  guint64 left = entry->size;
  gsize pad = (BLOCK - entry->size % BLOCK) % BLOCK;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      _fol_backup_set_errno_error (error, errno, dir);
      return FALSE;
    }
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      if (errno == EEXIST)
        return damaged (error, _("a file appears twice"));
      _fol_backup_set_errno_error (error, errno, path);
      return FALSE;
    }

  while (left > 0)
    {
      gsize chunk = MIN (left, sizeof buffer);
      gsize done = 0;

      if (!read_exactly (in, buffer, chunk, error))
        goto fail;
      g_checksum_update (checksum, buffer, chunk);
      while (done < chunk)
        {
          ssize_t w = write (fd, buffer + done, chunk - done);

          if (w < 0 && errno == EINTR)
            continue;
          if (w <= 0)
            {
              _fol_backup_set_errno_error (error, w < 0 ? errno : ENOSPC, path);
              goto fail;
            }
          done += w;
        }
      left -= chunk;
    }
  /* Not synced here: only what restore keeps is (see sync_file ()). */
  close (fd);

  if (pad > 0 && !read_exactly (in, buffer, pad, error))
    return FALSE;

  entry->sha256 = g_strdup (g_checksum_get_string (checksum));
  return TRUE;

fail:
  close (fd);
  return FALSE;
}

/* Checks the extracted files against the manifest: the same set, sizes and
 * SHA-256, a known format, a schema this version can open.
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
          if (v > _fol_sqlite_schema_version ())
            {
              g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_TOO_NEW,
                           _("The archive was written by a newer version of Follicle (schema %u; "
                             "this version knows %u): update Follicle to restore it"),
                           (guint) v, _fol_sqlite_schema_version ());
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
          if (e->size != size || g_strcmp0 (e->sha256, f[1]) != 0)
            return damaged (error, _("a file does not match its checksum"));
          listed++;
        }
    }

  /* Everything but the manifest itself must be listed. */
  if (listed + 1 != g_hash_table_size (entries))
    return damaged (error, _("it holds files its manifest does not list"));

  return TRUE;
}

/**
 * fol_archive_extract:
 *
 * Reads an archive, accepting only the files Follicle writes, and checks
 * every checksum. On failure @dest_dir may hold part of the files; remove
 * it with fol_archive_remove_tree().
 */
gboolean
fol_archive_extract (GInputStream  *in,
                     const char    *dest_dir,
                     GError       **error)
{
  g_autoptr(GHashTable) entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) entry_free);
  guint8 h[BLOCK];
  guint n = 0;

  g_return_val_if_fail (G_IS_INPUT_STREAM (in), FALSE);
  g_return_val_if_fail (dest_dir != NULL, FALSE);

  for (;;)
    {
      guint64 size = 0, sum = 0;
      guint computed = 0;
      char name[101];
      Entry *entry;
      gboolean zero = TRUE;
      gsize got = 0;

      if (!g_input_stream_read_all (in, h, BLOCK, &got, NULL, error))
        return FALSE;
      if (got == 0 && n == 0)
        return damaged (error, _("the file is empty"));
      if (got != BLOCK && n == 0)
        return damaged (error, _("it is not a tar archive"));
      if (got != BLOCK)
        {
          g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_IO,
                       _("The archive is truncated: it ends before its last file"));
          return FALSE;
        }

      for (guint i = 0; i < BLOCK && zero; i++)
        zero = h[i] == 0;
      if (zero)
        {
          if (!read_exactly (in, h, BLOCK, error))
            return FALSE;
          for (guint i = 0; i < BLOCK; i++)
            if (h[i] != 0)
              return damaged (error, _("its end marker is broken"));
          break;
        }

      for (guint i = 0; i < BLOCK; i++)
        computed += (i >= 148 && i < 156) ? ' ' : h[i];
      if (!parse_octal (h + 148, 8, &sum) || sum != computed)
        return damaged (error, n == 0 ? _("it is not a tar archive")
                                      : _("a file header is damaged"));
      if (memcmp (h + 257, "ustar", 5) != 0 || (h[156] != '0' && h[156] != 0) || h[345] != 0)
        return damaged (error, _("it holds something other than plain files"));
      if (!parse_octal (h + 124, 12, &size) || size > MAX_ENTRY_SIZE)
        return damaged (error, _("a file size is invalid"));

      memcpy (name, h, 100);
      name[100] = 0;
      if (!g_str_has_prefix (name, TOP) || !valid_name (name + strlen (TOP)))
        return damaged (error, _("it holds a file Follicle does not write"));
      if (g_str_has_suffix (name, MANIFEST_NAME) && size > MAX_MANIFEST)
        return damaged (error, _("its manifest is too large"));
      if (g_hash_table_contains (entries, name + strlen (TOP)))
        return damaged (error, _("a file appears twice"));
      if (++n > MAX_ENTRIES)
        return damaged (error, _("it holds too many files"));

      entry = g_new0 (Entry, 1);
      entry->name = g_strdup (name + strlen (TOP));
      entry->size = size;
      g_hash_table_insert (entries, entry->name, entry);
      if (!extract_entry (in, dest_dir, entry, error))
        return FALSE;
    }

  return check_manifest (dest_dir, entries, error);
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
 * fol_archive_restore:
 * @store_path: the clinic database to replace; no #FolSqliteStore may
 *   have it open
 * @backup_dir: (nullable): where the current state is backed up first;
 *   %NULL for `backups/` beside @store_path
 *
 * Reads and checks the whole archive first: a damaged, truncated or
 * foreign file is refused and nothing is changed. Then backs up the
 * current clinic, adds the photos and replaces the database atomically.
 */
gboolean
fol_archive_restore (const char  *store_path,
                     const char  *archive_path,
                     const char  *backup_dir,
                     guint       *out_n_patients,
                     GError     **error)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *default_dir = NULL;
  g_autofree char *extracted = NULL;
  g_autofree char *db = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) fin = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(FolSqliteStore) check = NULL;
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

  file = g_file_new_for_path (archive_path);
  fin = g_file_read (file, NULL, error);
  if (fin == NULL)
    {
      g_prefix_error (error, _("Nothing was restored. "));
      return FALSE;
    }
  in = g_buffered_input_stream_new_sized (G_INPUT_STREAM (fin), 256 * 1024);

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

  if (!fol_archive_extract (in, extracted, error) ||
      !fol_backup_verify (db, error))
    {
      g_prefix_error (error, "%s: ", archive_path);
      g_prefix_error (error, _("Nothing was restored. "));
      goto out;
    }

  /* Held until the restored clinic is checked: nobody opens it half
   * replaced.
   */
  lock = fol_clinic_lock_acquire (store_path, FOL_CLINIC_LOCK_EXCLUSIVE, error);
  if (lock == NULL || !_fol_backup_check_not_in_use (store_path, error))
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
      !_fol_backup_replace_database (store_path, db, error))
    {
      g_prefix_error (error, _("Nothing was restored: "));
      goto out;
    }

  /* Brings an older schema up to date now, and counts what came back. */
  check = fol_sqlite_store_open (store_path, FOL_SQLITE_STORE_FLAGS_NONE, error);
  if (check == NULL)
    goto out;
  if (out_n_patients)
    *out_n_patients = fol_store_count_patients (FOL_STORE (check), NULL);
  ok = TRUE;

out:
  fol_archive_remove_tree (extracted);
  return ok;
}
