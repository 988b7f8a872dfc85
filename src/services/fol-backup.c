/* fol-backup.c
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

#define G_LOG_DOMAIN "fol-backup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fol-backup-policy.h"
#include "fol-backup-private.h"
#include "fol-file-writer.h"
#include "fol-clinic-file.h"
#include "fol-error.h"
#include "fol-i18n.h"

#define BACKUP_PREFIX   "follicle-"
#define BACKUP_SUFFIX   ".db"
#define MANIFEST_SUFFIX ".manifest"
#define PARTIAL_PREFIX  ".partial-"

/* Backup folders */

void
fol_backup_info_free (FolBackupInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->path);
  g_free (info->clinic_id);
  g_clear_pointer (&info->date, g_date_time_unref);
  g_free (info);
}

/**
 * fol_backup_default_dir:
 *
 * Returns: (transfer full): `<data dir>/backups`
 */
char *
fol_backup_default_dir (FolStore *store)
{
  g_autofree char *data_dir = NULL;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);

  {
    g_autofree char *relative = fol_store_get_data_dir (store);

    data_dir = g_canonicalize_filename (relative, NULL);
  }
  return g_build_filename (data_dir, "backups", NULL);
}

/**
 * fol_backup_resolve_dir:
 * @location: (nullable): the `backup-location` setting; empty for the default
 *
 * Returns: (transfer full): the folder backups go to
 */
char *
fol_backup_resolve_dir (FolStore   *store,
                        const char *location)
{
  g_return_val_if_fail (FOL_IS_STORE (store), NULL);

  if (location == NULL || location[0] == '\0')
    return fol_backup_default_dir (store);
  if (location[0] == '~' && (location[1] == '/' || location[1] == '\0'))
    return g_build_filename (g_get_home_dir (), location + 1, NULL);
  return g_strdup (location);
}

/**
 * fol_backup_check_dir:
 *
 * Creates the backup folder (private to the user) when needed and checks
 * that files can be written in it.
 */
gboolean
fol_backup_check_dir (const char  *dir,
                      GError     **error)
{
  g_autofree char *probe = NULL;
  int fd;

  g_return_val_if_fail (dir != NULL, FALSE);

  if (!g_path_is_absolute (dir))
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_READ_ONLY,
                   _("The backup location “%s” must be a full path"), dir);
      return FALSE;
    }

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      if (g_file_test (dir, G_FILE_TEST_EXISTS) || g_mkdir_with_parents (dir, 0700) != 0)
        {
          int errsv = g_file_test (dir, G_FILE_TEST_EXISTS) ? ENOTDIR : errno;

          g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_READ_ONLY,
                       _("Backups cannot be kept in “%s”: %s. Choose another backup location."),
                       dir, g_strerror (errsv));
          return FALSE;
        }
    }

  probe = g_build_filename (dir, ".write-test-XXXXXX", NULL);
  fd = g_mkstemp_full (probe, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_READ_ONLY,
                   _("Backups cannot be written to “%s”: %s. Choose another backup location."),
                   dir, g_strerror (errsv));
      return FALSE;
    }
  close (fd);
  g_unlink (probe);
  return TRUE;
}

/* "follicle-20261125T121250Z.db" (or "…Z-2.db") → its date. */
static GDateTime *
parse_backup_name (const char *name)
{
  int y, mo, d, h, mi, s;
  char z = 0;

  if (!g_str_has_prefix (name, BACKUP_PREFIX) || !g_str_has_suffix (name, BACKUP_SUFFIX))
    return NULL;
  if (sscanf (name + strlen (BACKUP_PREFIX), "%4d%2d%2dT%2d%2d%2d%c", &y, &mo, &d, &h, &mi, &s, &z) != 7 ||
      z != 'Z')
    return NULL;
  return g_date_time_new_utc (y, mo, d, h, mi, s);
}

char *
_fol_backup_manifest_path_for (const char *db_path)
{
  g_autofree char *stem = g_strndup (db_path, strlen (db_path) - strlen (BACKUP_SUFFIX));

  return g_strconcat (stem, MANIFEST_SUFFIX, NULL);
}

/* Backups taken within the same second are numbered: …Z.db, …Z-2.db… */
static guint
backup_sequence (const char *path)
{
  const char *z = strrchr (path, 'Z');

  return z != NULL && z[1] == '-' ? (guint) g_ascii_strtoull (z + 2, NULL, 10) : 1;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const FolBackupInfo *ia = *(FolBackupInfo **) a;
  const FolBackupInfo *ib = *(FolBackupInfo **) b;
  int c = g_date_time_compare (ib->date, ia->date);

  if (c != 0)
    return c;
  return backup_sequence (ib->path) > backup_sequence (ia->path) ? 1
         : backup_sequence (ib->path) < backup_sequence (ia->path) ? -1 : 0;
}

static void
read_manifest (FolBackupInfo *info,
               GPtrArray     *photos)
{
  g_autofree char *path = _fol_backup_manifest_path_for (info->path);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "patients "))
        info->n_patients = (guint) g_ascii_strtoull (lines[i] + 9, NULL, 10);
      else if (g_str_has_prefix (lines[i], "schema "))
        info->schema_version = (guint) g_ascii_strtoull (lines[i] + 7, NULL, 10);
      else if (g_str_has_prefix (lines[i], "clinic ") && info->clinic_id == NULL)
        info->clinic_id = g_strdup (lines[i] + 7);
      else if (g_str_has_prefix (lines[i], "photo "))
        {
          info->n_photos++;
          if (photos != NULL)
            g_ptr_array_add (photos, g_strndup (lines[i] + 6, 64));
        }
    }
}

/* Which clinic a backup belongs to. The clinic is told by its id (see
 * migration 4), which every backup's manifest names, never by the folder:
 * clinics may share one. A backup from before clinic ids names none; it is
 * this clinic's when it holds one of this clinic's patients (patient ids
 * are random UUIDs, so two clinics never share one unless one was copied
 * from the other). Such a backup of a clinic with no patients belongs to
 * no clinic: it is never offered nor rotated away, and holds nothing.
 *
 * The clinic is an open store, or (before a restore replaces it) a clinic
 * file nothing has open; with neither, every backup in the folder.
 */
typedef struct
{
  FolStore   *store;
  const char *db_path;
  char       *clinic_id;  /* NULL: a clinic from before ids */
} Clinic;

static void
clinic_init (Clinic     *clinic,
             FolStore   *store,
             const char *db_path)
{
  clinic->store = store;
  clinic->db_path = db_path;
  if (store != NULL)
    clinic->clinic_id = fol_store_get_clinic_id (store, NULL);
  else
    clinic->clinic_id = db_path != NULL ? fol_clinic_file_read_id (db_path) : NULL;
}

static void
clinic_clear (Clinic *clinic)
{
  g_clear_pointer (&clinic->clinic_id, g_free);
}

/* Whether the clinic holds one of the patients of the backup at @path. */
static gboolean
store_shares_patients (FolStore   *store,
                       const char *path)
{
  g_autoptr(GPtrArray) ids = fol_clinic_file_list_patient_ids (path, NULL);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      g_autoptr(FolPatient) patient = fol_store_get_patient (store, g_ptr_array_index (ids, i),
                                                             NULL);

      if (patient != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
belongs_to (const FolBackupInfo *info,
            const Clinic        *clinic)
{
  if (clinic == NULL || (clinic->store == NULL && clinic->db_path == NULL))
    return TRUE;
  if (info->clinic_id != NULL)
    return g_strcmp0 (info->clinic_id, clinic->clinic_id) == 0;
  if (clinic->store != NULL)
    return store_shares_patients (clinic->store, info->path);
  return fol_clinic_file_shares_patients (info->path, clinic->db_path);
}

/* The backups in @dir of @clinic (all when %NULL), newest first; with
 * @photos, collects the photos the manifests of all backups in @dir list.
 */
static GPtrArray *
list_backups (const char    *dir,
              const Clinic  *clinic,
              GPtrArray     *photos,
              GError       **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) fol_backup_info_free);
  g_autoptr(GDir) d = NULL;
  const char *name;

  d = g_dir_open (dir, 0, error);
  if (d == NULL)
    return NULL;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autoptr(GDateTime) date = parse_backup_name (name);
      FolBackupInfo *info;
      GStatBuf st;

      if (date == NULL)
        continue;

      info = g_new0 (FolBackupInfo, 1);
      info->path = g_build_filename (dir, name, NULL);
      info->date = g_steal_pointer (&date);
      if (g_stat (info->path, &st) == 0)
        info->size = st.st_size;
      read_manifest (info, photos);
      if (belongs_to (info, clinic))
        g_ptr_array_add (list, info);
      else
        fol_backup_info_free (info);
    }

  g_ptr_array_sort (list, compare_newest_first);
  return g_steal_pointer (&list);
}

/**
 * fol_backup_list:
 *
 * Returns: (transfer full) (element-type FolBackupInfo): the backups in
 *   @dir, of every clinic, newest first; empty when the folder does not
 *   exist yet. The Backups page lists fol_backup_list_clinic().
 */
GPtrArray *
fol_backup_list (const char  *dir,
                 GError     **error)
{
  return fol_backup_list_clinic (dir, NULL, error);
}

/**
 * fol_backup_list_clinic:
 * @store: (nullable): the clinic; %NULL for every clinic
 *
 * Returns: (transfer full) (element-type FolBackupInfo): the backups in
 *   @dir of @store's clinic, newest first; empty when the folder does not
 *   exist yet
 */
GPtrArray *
fol_backup_list_clinic (const char  *dir,
                        FolStore    *store,
                        GError     **error)
{
  Clinic clinic;
  GPtrArray *list;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (store == NULL || FOL_IS_STORE (store), NULL);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) fol_backup_info_free);
  clinic_init (&clinic, store, NULL);
  list = list_backups (dir, &clinic, NULL, error);
  clinic_clear (&clinic);
  return list;
}

/**
 * fol_backup_needed:
 * @store: the clinic
 * @now: (nullable): the current time; %NULL for now
 *
 * Returns: whether the newest backup in @dir of @store's clinic is older
 *   than a day (or there is none); other clinics' backups in the same
 *   folder do not count
 */
gboolean
fol_backup_needed (const char *dir,
                   FolStore   *store,
                   GDateTime  *now)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GDateTime) current = NULL;
  FolBackupInfo *newest;

  g_return_val_if_fail (dir != NULL, TRUE);
  g_return_val_if_fail (FOL_IS_STORE (store), TRUE);

  list = fol_backup_list_clinic (dir, store, NULL);
  if (list == NULL || list->len == 0)
    return TRUE;

  current = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  newest = g_ptr_array_index (list, 0);
  return g_date_time_difference (current, newest->date) >= G_TIME_SPAN_DAY;
}

static void
remove_backup (const char *db_path)
{
  g_autofree char *manifest = _fol_backup_manifest_path_for (db_path);

  g_unlink (manifest);
  g_unlink (db_path);
}

/* Deletes photo copies no remaining manifest lists. */
static void
collect_photos (const char *dir,
                GPtrArray  *photos)
{
  g_autoptr(GHashTable) keep = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *photos_dir = g_build_filename (dir, "photos", NULL);
  g_autoptr(GDir) top = g_dir_open (photos_dir, 0, NULL);
  const char *sub;

  if (top == NULL)
    return;

  for (guint i = 0; i < photos->len; i++)
    g_hash_table_add (keep, g_ptr_array_index (photos, i));

  while ((sub = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *sub_path = g_build_filename (photos_dir, sub, NULL);
      g_autoptr(GDir) d = g_dir_open (sub_path, 0, NULL);
      const char *name;

      if (d == NULL)
        continue;
      while ((name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *sha = g_strndup (name, 64);

          if (_fol_backup_is_sha256 (sha) && !g_hash_table_contains (keep, sha))
            {
              g_autofree char *path = g_build_filename (sub_path, name, NULL);

              g_unlink (path);
            }
        }
    }
}

/* Rotates the backups of @clinic in @dir by fol_backup_policy_select(),
 * never removing @keep_path (the backup being restored from), then deletes
 * the photo copies no remaining backup, of any clinic, lists.
 */
static gboolean
rotate (const char    *dir,
        const Clinic  *clinic,
        const char    *keep_path,
        GDateTime     *now,
        GError       **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_free);
  g_autofree gboolean *keep = NULL;
  g_autofree GDateTime **dates = NULL;
  g_autoptr(GDateTime) current = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  GStatBuf keep_st;
  gboolean has_keep = keep_path != NULL && g_stat (keep_path, &keep_st) == 0;

  list = list_backups (dir, clinic, NULL, error);
  if (list == NULL)
    return FALSE;
  if (list->len == 0)
    return TRUE;

  keep = g_new0 (gboolean, list->len);
  dates = g_new0 (GDateTime *, list->len);
  for (guint i = 0; i < list->len; i++)
    dates[i] = ((FolBackupInfo *) g_ptr_array_index (list, i))->date;
  fol_backup_policy_select ((GDateTime * const *) dates, list->len, current, keep);

  for (guint i = 0; i < list->len; i++)
    {
      FolBackupInfo *info = g_ptr_array_index (list, i);
      GStatBuf st;

      /* The same file, however its path is spelt. */
      if (!keep[i] && has_keep && g_stat (info->path, &st) == 0 &&
          st.st_dev == keep_st.st_dev && st.st_ino == keep_st.st_ino)
        keep[i] = TRUE;
      if (!keep[i])
        remove_backup (info->path);
    }

  g_clear_pointer (&list, g_ptr_array_unref);
  list = list_backups (dir, NULL, photos, error);
  if (list == NULL)
    return FALSE;
  collect_photos (dir, photos);
  return TRUE;
}

/**
 * fol_backup_rotate:
 * @store: the clinic whose backups to rotate
 * @now: (nullable): the current time; %NULL for now
 *
 * Keeps the backups of @store's clinic that
 * fol_backup_policy_select() keeps (every one of the last 24 hours, the
 * newest of each of the last 7 days, 4 weeks and 12 months that have
 * one), deletes its other backups and the photo copies no remaining
 * backup needs. Other clinics' backups in @dir are left alone.
 */
gboolean
fol_backup_rotate (const char  *dir,
                   FolStore    *store,
                   GDateTime   *now,
                   GError     **error)
{
  Clinic clinic;
  gboolean ok;

  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (FOL_IS_STORE (store), FALSE);

  clinic_init (&clinic, store, NULL);
  ok = rotate (dir, &clinic, NULL, now, error);
  clinic_clear (&clinic);
  return ok;
}

/**
 * fol_backup_clean_leftovers:
 *
 * Removes what interrupted backups left in @dir: unfinished copies
 * (`.partial-follicle-….db`, with their SQLite journal) that no backup,
 * of this clinic or another, in this process or another, is still
 * writing.
 */
void
fol_backup_clean_leftovers (const char *dir)
{
  g_autoptr(GDir) d = NULL;
  g_autoptr(GPtrArray) journals = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_return_if_fail (dir != NULL);

  d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (name, PARTIAL_PREFIX))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_str_has_suffix (name, "-journal"))
        g_ptr_array_add (journals, g_steal_pointer (&path));
      else
        fol_file_remove_abandoned (path);
    }
  /* A journal goes with its copy, never before. */
  for (guint i = 0; i < journals->len; i++)
    {
      const char *journal = g_ptr_array_index (journals, i);
      g_autofree char *copy = g_strndup (journal, strlen (journal) - strlen ("-journal"));

      if (!g_file_test (copy, G_FILE_TEST_EXISTS))
        g_unlink (journal);
    }
}

static gboolean
copy_photos (const char  *data_dir,
             const char  *dir,
             GPtrArray   *photos,
             GString     *manifest,
             GError     **error)
{
  g_autofree char *source_dir = g_build_filename (data_dir, "photos", NULL);

  for (guint i = 0; i < photos->len; i++)
    {
      const char *sha = g_ptr_array_index (photos, i);
      g_autofree char *from = _fol_backup_find_photo (source_dir, sha);
      g_autofree char *base = NULL;
      g_autofree char *sub = NULL;
      g_autofree char *to = NULL;

      if (from == NULL)
        {
          /* Listed all the same: the database refers to it. */
          g_string_append_printf (manifest, "missing-photo %s\n", sha);
          continue;
        }

      base = g_path_get_basename (from);
      sub = g_build_filename (dir, "photos", (char[]) { sha[0], sha[1], 0 }, NULL);
      to = g_build_filename (sub, base, NULL);
      g_string_append_printf (manifest, "photo %s\n", base);

      /* Content-addressed: a copy that exists is the same photo. */
      if (g_file_test (to, G_FILE_TEST_EXISTS))
        continue;

      if (g_mkdir_with_parents (sub, 0700) != 0)
        {
          _fol_backup_set_errno_error (error, errno, sub);
          return FALSE;
        }
      /* Photos never change: a hard link costs no space and survives the
       * original's deletion. Across file systems, copy.
       */
      if (link (from, to) != 0 && !_fol_backup_copy_file (from, to, sha, error))
        return FALSE;
    }

  return TRUE;
}

/* Backs up @store's clinic or, with no store, the clinic file @db_path
 * that nothing has open.
 */
static FolBackupInfo *
backup_database (FolStore    *store,
                 const char  *db_path,
                 const char  *dir,
                 const char  *keep_path,
                 GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *iso = g_date_time_format_iso8601 (now);
  g_autofree char *data_dir = store ? fol_store_get_data_dir (store) : g_path_get_dirname (db_path);
  g_autofree char *final = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *manifest_path = NULL;
  g_autoptr(GString) manifest = g_string_new (NULL);
  g_autoptr(FolBackupInfo) info = NULL;
  g_autoptr(FolStoreSnapshot) snapshot = NULL;
  int lock_fd = -1;
  GStatBuf st;

  if (!fol_backup_check_dir (dir, error))
    return NULL;
  fol_backup_clean_leftovers (dir);

  for (guint n = 1; final == NULL || g_file_test (final, G_FILE_TEST_EXISTS); n++)
    {
      g_free (final);
      if (n == 1)
        final = g_strdup_printf ("%s/" BACKUP_PREFIX "%s" BACKUP_SUFFIX, dir, stamp);
      else
        final = g_strdup_printf ("%s/" BACKUP_PREFIX "%s-%u" BACKUP_SUFFIX, dir, stamp, n);
    }
  {
    g_autofree char *base = g_path_get_basename (final);

    partial = g_strdup_printf ("%s/" PARTIAL_PREFIX "%s", dir, base);
  }
  manifest_path = _fol_backup_manifest_path_for (final);

  snapshot = _fol_backup_take_snapshot (store, db_path, partial, &lock_fd, error);
  if (snapshot == NULL)
    {
      g_prefix_error (error, _("The backup failed: "));
      return NULL;
    }

  g_string_append_printf (manifest, "follicle-backup 1\napp-version %s\nschema %u\ncreated %s\npatients %u\n",
                          PACKAGE_VERSION, snapshot->schema_version, iso, snapshot->n_patients);
  if (snapshot->clinic_id != NULL)
    g_string_append_printf (manifest, "clinic %s\n", snapshot->clinic_id);
  for (guint i = 0; i < snapshot->tables->len; i++)
    g_string_append_printf (manifest, "table %s\n", (char *) g_ptr_array_index (snapshot->tables, i));

  if (!copy_photos (data_dir, dir, snapshot->photos, manifest, error) ||
      !g_file_set_contents_full (manifest_path, manifest->str, manifest->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error))
    goto fail;

  if (g_rename (partial, final) != 0)
    {
      _fol_backup_set_errno_error (error, errno, final);
      goto fail;
    }
  _fol_backup_fsync_dir (dir);

  info = g_new0 (FolBackupInfo, 1);
  info->path = g_steal_pointer (&final);
  info->date = g_date_time_ref (now);
  info->size = g_stat (info->path, &st) == 0 ? st.st_size : 0;
  info->n_patients = snapshot->n_patients;
  info->n_photos = snapshot->photos->len;
  info->schema_version = snapshot->schema_version;
  info->clinic_id = g_strdup (snapshot->clinic_id);
  /* Complete: the cleaning of leftovers may see it now. */
  close (lock_fd);

  /* This clinic's backups only. A failed rotation keeps too many backups,
   * never too few.
   */
  {
    Clinic clinic = { store, db_path, g_strdup (info->clinic_id) };

    rotate (dir, &clinic, keep_path, now, NULL);
    clinic_clear (&clinic);
  }
  return g_steal_pointer (&info);

fail:
  g_prefix_error (error, _("The backup failed: "));
  g_unlink (partial);
  g_unlink (manifest_path);
  close (lock_fd);
  return NULL;
}

/**
 * fol_backup_run:
 * @dir: the backup folder (see fol_backup_resolve_dir())
 *
 * Takes a backup now, in the calling thread. Prefer
 * fol_backup_run_async() from the window.
 *
 * Returns: (transfer full): the backup, checked, or %NULL
 */
FolBackupInfo *
fol_backup_run (FolStore     *store,
                const char   *dir,
                GError      **error)
{
  g_return_val_if_fail (FOL_IS_STORE (store), NULL);
  g_return_val_if_fail (dir != NULL, NULL);

  return backup_database (store, NULL, dir, NULL, error);
}

typedef struct
{
  FolStore *reader;
  char     *dir;
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_object (&data->reader);
  g_free (data->dir);
  g_free (data);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  GError *error = NULL;
  FolBackupInfo *info;

  info = backup_database (data->reader, NULL, data->dir, NULL, &error);
  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) fol_backup_info_free);
}

/**
 * fol_backup_run_async:
 *
 * Takes a backup in a worker thread, on a reader of its own (see
 * fol_store_open_reader()): the window never waits for it, and the
 * store's connection stays with its thread.
 */
void
fol_backup_run_async (FolStore            *store,
                      const char          *dir,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  FolStore *reader;
  RunData *data;

  g_return_if_fail (FOL_IS_STORE (store));
  g_return_if_fail (dir != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, fol_backup_run_async);
  reader = fol_store_open_reader (store, &error);
  if (reader == NULL)
    {
      g_prefix_error (&error, _("The backup failed: "));
      g_task_return_error (task, error);
      return;
    }
  data = g_new0 (RunData, 1);
  data->reader = reader;
  data->dir = g_strdup (dir);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_thread);
}

/**
 * fol_backup_run_finish:
 *
 * Returns: (transfer full): the backup, checked, or %NULL with @error set
 */
FolBackupInfo *
fol_backup_run_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
_fol_backup_save_current_state (const char  *db_path,
                                const char  *backup_dir,
                                GError     **error)
{
  return _fol_backup_save_current_state_keeping (db_path, backup_dir, NULL, error);
}

/* Keeps the current state before it is replaced: a snapshot when the
 * database can be read, else (it may be the damaged file being recovered
 * from) a plain copy. Its rotation never removes @keep_path, the backup
 * about to be restored.
 */
gboolean
_fol_backup_save_current_state_keeping (const char  *db_path,
                                        const char  *backup_dir,
                                        const char  *keep_path,
                                        GError     **error)
{
  g_autoptr(FolBackupInfo) info = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *copy = NULL;
  GStatBuf st;

  if (g_stat (db_path, &st) != 0 || st.st_size == 0)
    return TRUE;

  info = backup_database (NULL, db_path, backup_dir, keep_path, &local);
  if (info != NULL)
    return TRUE;

  if (g_error_matches (local, FOL_STORE_ERROR, FOL_STORE_ERROR_NO_SPACE) ||
      g_error_matches (local, FOL_STORE_ERROR, FOL_STORE_ERROR_READ_ONLY))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  now = g_date_time_new_now_utc ();
  stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  copy = g_strdup_printf ("%s/unreadable-%s.db", backup_dir, stamp);
  return _fol_backup_copy_file (db_path, copy, NULL, error);
}
