/* test-backup.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fol-archive.h"
#include "fol-backup.h"
#include "fol-backup-policy.h"
#include "fol-error.h"
#include "fol-sqlite-migrations.h"
#include "test-helpers.h"

typedef struct
{
  char           *dir;
  char           *db_path;
  char           *backup_dir;
  FolSqliteStore *store;
  char           *patient_id;
  char           *photo_sha;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolVisit) visit = NULL;
  g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FolPhoto) photo = fol_photo_new ();
  g_autofree char *photo_dir = NULL;
  g_autofree char *photo_path = NULL;
  g_autofree char *photo_name = NULL;
  const char *photo_data = "not really a JPEG, but bytes all the same";

  f->dir = g_dir_make_tmp ("follicle-backup-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "clinic", "follicle.db", NULL);
  f->store = fol_sqlite_store_open (f->db_path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  f->backup_dir = fol_backup_default_dir (FOL_STORE (f->store));

  f->patient_id = helper_add_patient (FOL_STORE (f->store), "Ada Backup");
  visit = helper_visit (f->patient_id, fol_date_new (2024, 3, 1), "baseline");
  g_ptr_array_add (ms, helper_measurement (FOL_REGION_VERTEX, 180));
  g_assert_true (fol_store_save_visit (FOL_STORE (f->store), visit, ms, &error));
  g_assert_no_error (error);

  /* A photo, stored as the photo store keeps them: by content. */
  f->photo_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, photo_data, -1);
  photo_dir = g_build_filename (f->dir, "clinic", "photos", (char[]) { f->photo_sha[0], f->photo_sha[1], 0 }, NULL);
  g_assert_cmpint (g_mkdir_with_parents (photo_dir, 0700), ==, 0);
  photo_name = g_strconcat (f->photo_sha, ".jpg", NULL);
  photo_path = g_build_filename (photo_dir, photo_name, NULL);
  g_assert_true (g_file_set_contents (photo_path, photo_data, -1, NULL));
  fol_photo_set_visit_id (photo, fol_visit_get_id (visit));
  fol_photo_set_region (photo, FOL_REGION_VERTEX);
  fol_photo_set_sha256 (photo, f->photo_sha);
  fol_photo_set_width (photo, 640);
  fol_photo_set_height (photo, 480);
  g_assert_true (fol_store_save_photo (FOL_STORE (f->store), photo, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  helper_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
  g_free (f->backup_dir);
  g_free (f->patient_id);
  g_free (f->photo_sha);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  FolBackupInfo **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = fol_backup_run_finish (result, &error);
  g_assert_no_error (error);
}

static FolBackupInfo *
run_async (Fixture *f)
{
  FolBackupInfo *info = NULL;

  fol_backup_run_async (FOL_STORE (f->store), f->backup_dir, NULL, run_cb, &info);
  while (info == NULL)
    g_main_context_iteration (NULL, TRUE);
  return info;
}

static void
test_backup_run (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(FolBackupInfo) info = run_async (f);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *text = NULL;
  g_autofree char *copy = NULL;
  struct stat st;

  g_assert_nonnull (info);
  g_assert_cmpuint (info->n_patients, ==, 1);
  g_assert_cmpuint (info->n_photos, ==, 1);
  g_assert_cmpuint (info->schema_version, ==, fol_sqlite_store_schema_version ());
  g_assert_true (g_str_has_prefix (info->path, f->backup_dir));

  /* Private: the folder 0700, the files 0600. */
  g_assert_cmpint (stat (f->backup_dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (stat (info->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (st.st_size, ==, info->size);

  /* The snapshot holds what the clinic held, as a standalone file. */
  g_assert_cmpint (helper_count (info->path, "SELECT count(*) FROM measurements"), ==, 1);
  g_assert_cmpint (helper_count (info->path, "SELECT count(*) FROM patients"), ==, 1);
  g_assert_true (fol_backup_verify (info->path, NULL));

  /* The manifest lists the photo, and the photo is kept with the backups. */
  {
    g_autofree char *stem = g_strndup (info->path, strlen (info->path) - strlen (".db"));

    manifest = g_strconcat (stem, ".manifest", NULL);
  }
  g_assert_true (g_file_get_contents (manifest, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, f->photo_sha));
  g_assert_nonnull (strstr (text, "patients 1\n"));
  copy = g_strdup_printf ("%s/photos/%c%c/%s.jpg", f->backup_dir, f->photo_sha[0], f->photo_sha[1], f->photo_sha);
  g_assert_true (g_file_test (copy, G_FILE_TEST_IS_REGULAR));

  list = fol_backup_list (f->backup_dir, NULL);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpuint (((FolBackupInfo *) g_ptr_array_index (list, 0))->n_patients, ==, 1);
  g_assert_cmpint (((FolBackupInfo *) g_ptr_array_index (list, 0))->size, ==, info->size);

  g_assert_false (fol_backup_needed (f->backup_dir, FOL_STORE (f->store), info->date));
  later = g_date_time_add_hours (info->date, 25);
  g_assert_true (fol_backup_needed (f->backup_dir, FOL_STORE (f->store), later));
}

static void
test_backup_needed_empty (Fixture       *f,
                          gconstpointer  data)
{
  g_assert_true (fol_backup_needed ("/nonexistent/follicle/backups", FOL_STORE (f->store), NULL));
}

static void
touch_backup (const char *dir,
              GDateTime  *date)
{
  g_autofree char *stamp = g_date_time_format (date, "%Y%m%dT%H%M%SZ");
  g_autofree char *path = g_strdup_printf ("%s/follicle-%s.db", dir, stamp);
  g_autofree char *manifest = g_strdup_printf ("%s/follicle-%s.manifest", dir, stamp);

  /* No fsync: a thousand of these must be quick. */
  g_assert_true (g_file_set_contents_full (path, "x", 1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  g_assert_true (g_file_set_contents_full (manifest, "follicle-backup 1\npatients 3\n", -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, NULL));
}

static void
test_rotate (void)
{
  g_autofree char *dir = g_dir_make_tmp ("follicle-rotate-XXXXXX", NULL);
  g_autoptr(GDateTime) newest = g_date_time_new_utc (2026, 11, 25, 9, 0, 0);
  g_autoptr(GDateTime) later = g_date_time_add_hours (newest, 25);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GHashTable) months = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* One backup a day for 400 days, two a day for the last 10. */
  for (int d = 0; d < 400; d++)
    {
      g_autoptr(GDateTime) morning = g_date_time_add_days (newest, -d);
      g_autoptr(GDateTime) earlier = g_date_time_add_hours (morning, -5);

      touch_backup (dir, morning);
      if (d < 10)
        touch_backup (dir, earlier);
    }

  /* Backups with no clinic id and no database: rotated as those of
   * "every clinic", a day after the newest.
   */
  list = fol_backup_list (dir, NULL);
  {
    g_autofree GDateTime **dates = g_new0 (GDateTime *, list->len);
    g_autofree gboolean *keep = g_new0 (gboolean, list->len);

    for (guint i = 0; i < list->len; i++)
      dates[i] = ((FolBackupInfo *) g_ptr_array_index (list, i))->date;
    fol_backup_policy_select ((GDateTime * const *) dates, list->len, later, keep);
    for (guint i = 0; i < list->len; i++)
      if (!keep[i])
        {
          FolBackupInfo *info = g_ptr_array_index (list, i);
          g_autofree char *stem = g_strndup (info->path, strlen (info->path) - 3);
          g_autofree char *manifest = g_strconcat (stem, ".manifest", NULL);

          g_unlink (info->path);
          g_unlink (manifest);
        }
  }
  g_clear_pointer (&list, g_ptr_array_unref);
  list = fol_backup_list (dir, NULL);

  g_assert_cmpuint (list->len, <=, FOL_BACKUP_KEEP_DAILY + FOL_BACKUP_KEEP_WEEKLY + FOL_BACKUP_KEEP_MONTHLY);
  /* The newest of each of the last 7 days. */
  for (int d = 0; d < FOL_BACKUP_KEEP_DAILY; d++)
    {
      FolBackupInfo *info = g_ptr_array_index (list, d);
      g_autoptr(GDateTime) want = g_date_time_add_days (newest, -d);

      g_assert_cmpint (g_date_time_compare (info->date, want), ==, 0);
      g_assert_cmpuint (info->n_patients, ==, 3);
    }
  /* One in each of the last 12 months, nothing older. */
  for (guint i = 0; i < list->len; i++)
    {
      FolBackupInfo *info = g_ptr_array_index (list, i);

      g_hash_table_add (months, g_date_time_format (info->date, "%Y-%m"));
      g_assert_cmpint (g_date_time_difference (newest, info->date), <, 366 * G_TIME_SPAN_DAY);
    }
  g_assert_cmpuint (g_hash_table_size (months), ==, FOL_BACKUP_KEEP_MONTHLY);
  /* Weekly: the newest of the last 4 ISO weeks. */
  {
    g_autoptr(GDateTime) monday = g_date_time_new_utc (2026, 11, 16, 9, 0, 0);
    gboolean found = FALSE;

    for (guint i = 0; i < list->len; i++)
      found |= g_date_time_compare (((FolBackupInfo *) g_ptr_array_index (list, i))->date, monday) == 0;
    g_assert_false (found);
  }
  {
    /* Sunday 2026-11-15 closes week 46, two weeks back: kept as weekly. */
    g_autoptr(GDateTime) sunday = g_date_time_new_utc (2026, 11, 15, 9, 0, 0);
    gboolean found = FALSE;

    for (guint i = 0; i < list->len; i++)
      found |= g_date_time_compare (((FolBackupInfo *) g_ptr_array_index (list, i))->date, sunday) == 0;
    g_assert_true (found);
  }

  helper_remove_tree (dir);
}

static void
test_unwritable_location (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (f->dir, "a-file", NULL);
  g_autofree char *inside = g_build_filename (file, "backups", NULL);
  g_autofree char *resolved = fol_backup_resolve_dir (FOL_STORE (f->store), "");
  g_autofree char *custom = fol_backup_resolve_dir (FOL_STORE (f->store), "/srv/backups");
  FolBackupInfo *info;

  g_assert_cmpstr (resolved, ==, f->backup_dir);
  g_assert_cmpstr (custom, ==, "/srv/backups");

  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  info = fol_backup_run (FOL_STORE (f->store), inside, &error);
  g_assert_null (info);
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, inside));
  g_assert_nonnull (strstr (error->message, "backup location"));
  g_clear_error (&error);

  g_assert_false (fol_backup_check_dir ("relative/backups", &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_READ_ONLY);
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolBackupInfo) info = fol_backup_run (FOL_STORE (f->store), f->backup_dir, &error);
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *wal = g_strconcat (f->db_path, "-wal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *damaged = g_build_filename (f->dir, "damaged.db", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_no_error (error);

  /* After the backup: a new patient, and the first one gone. */
  g_free (helper_add_patient (FOL_STORE (f->store), "Added Later"));
  g_assert_true (fol_store_delete_patient (FOL_STORE (f->store), f->patient_id, &error));
  g_assert_no_error (error);

  /* Refused while the clinic is open, and nothing changes. */
  before = helper_dump (f->db_path);
  g_assert_false (fol_backup_restore (f->db_path, info->path, NULL, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_BUSY);
  g_clear_error (&error);
  g_clear_object (&f->store);
  {
    g_autofree char *after = helper_dump (f->db_path);

    g_assert_cmpstr (before, ==, after);
  }

  /* The photo is deleted from the clinic's folder since the backup. */
  {
    g_autofree char *photo = g_strdup_printf ("%s/clinic/photos/%c%c/%s.jpg", f->dir, f->photo_sha[0],
                                              f->photo_sha[1], f->photo_sha);

    g_assert_cmpint (g_unlink (photo), ==, 0);
  }

  /* A damaged backup is refused. */
  g_assert_true (g_file_get_contents (info->path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (damaged, contents, len / 2, NULL));
  g_assert_false (fol_backup_restore (f->db_path, damaged, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Nothing was restored"));
  g_clear_error (&error);
  {
    g_autofree char *after = helper_dump (f->db_path);

    g_assert_cmpstr (before, ==, after);
  }

  fol_backup_restore (f->db_path, info->path, NULL, &error);
  g_assert_no_error (error);

  /* The backup's state is back, with no stale WAL replayed over it, and
   * the photo it needs is back too.
   */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  {
    g_autofree char *photo = g_strdup_printf ("%s/clinic/photos/%c%c/%s.jpg", f->dir, f->photo_sha[0],
                                              f->photo_sha[1], f->photo_sha);
    g_autofree char *sha = helper_file_sha256 (photo);

    g_assert_cmpstr (sha, ==, f->photo_sha);
  }
  f->store = fol_sqlite_store_open (f->db_path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_store_count_patients (FOL_STORE (f->store), NULL), ==, 1);
  {
    g_autoptr(FolPatient) p = fol_store_get_patient (FOL_STORE (f->store), f->patient_id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (fol_patient_get_name (p), ==, "Ada Backup");
  }

  /* The state before the restore was backed up first. */
  list = fol_backup_list (f->backup_dir, NULL);
  g_assert_cmpuint (list->len, >=, 1);
  g_assert_cmpint (helper_count (((FolBackupInfo *) g_ptr_array_index (list, 0))->path,
                                 "SELECT count(*) FROM patients WHERE name = 'Added Later'"), ==, 1);

  /* Onto a new computer: no clinic, no folder yet. */
  {
    g_autofree char *fresh = g_build_filename (f->dir, "new", "place", "follicle.db", NULL);
    FolBackupInfo *newest = g_ptr_array_index (list, 0);

    g_assert_true (fol_backup_restore (fresh, newest->path, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (helper_count (fresh, "SELECT count(*) FROM patients"), ==, 1);
  }
}

/* A backup holds the clinic's protocols and their assignments: restored,
 * they are back as they were. */
static void
test_restore_protocols (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolProtocol) protocol = fol_protocol_new ();
  g_autoptr(FolProtocolAssignment) a = fol_protocol_assignment_new ();
  g_autoptr(FolBackupInfo) info = NULL;
  g_autoptr(GPtrArray) protocols = NULL;
  g_autoptr(GPtrArray) assignments = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *restored_steps = NULL;

  fol_protocol_set_name (protocol, "PRP ×3");
  fol_protocol_add_session (protocol, 0, 0, "prp", "Kit", NULL, 4, 0);
  fol_protocol_add_session (protocol, 1, 0, "prp", "Kit", NULL, 4, 0);
  fol_protocol_add_visit (protocol, 12, 0);
  g_assert_true (fol_store_save_protocol (FOL_STORE (f->store), protocol, &error));
  g_assert_no_error (error);
  fol_protocol_assignment_set_patient_id (a, f->patient_id);
  fol_protocol_assignment_set_protocol_id (a, fol_protocol_get_id (protocol));
  fol_protocol_assignment_set_start_date (a, fol_date_new (2024, 1, 31));
  g_assert_true (fol_store_save_assignment (FOL_STORE (f->store), a, &error));
  g_assert_no_error (error);

  info = fol_backup_run (FOL_STORE (f->store), f->backup_dir, &error);
  g_assert_no_error (error);

  /* Gone after the backup. */
  g_assert_true (fol_store_delete_assignment (FOL_STORE (f->store),
                                              fol_protocol_assignment_get_id (a), &error));
  g_assert_true (fol_store_delete_protocol (FOL_STORE (f->store), fol_protocol_get_id (protocol),
                                            &error));
  g_assert_no_error (error);
  g_clear_object (&f->store);

  g_assert_true (fol_backup_restore (f->db_path, info->path, NULL, &error));
  g_assert_no_error (error);
  f->store = fol_sqlite_store_open (f->db_path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  protocols = fol_store_list_protocols (FOL_STORE (f->store), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (protocols->len, ==, 1);
  g_assert_cmpstr (fol_protocol_get_name (protocols->pdata[0]), ==, "PRP ×3");
  steps = fol_protocol_steps_to_text (protocol);
  restored_steps = fol_protocol_steps_to_text (protocols->pdata[0]);
  g_assert_cmpstr (restored_steps, ==, steps);
  assignments = fol_store_list_assignments (FOL_STORE (f->store), f->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assignments->len, ==, 1);
  g_assert_cmpint (fol_protocol_assignment_get_start_date (assignments->pdata[0]), ==,
                   fol_date_new (2024, 1, 31));
}

/* The start-up backup can wait for the window: it counts as running from
 * the start, is taken once its time comes, and only when one is due.
 */
static void
test_policy_startup_after (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(FolBackupPolicy) policy = fol_backup_policy_new (FOL_STORE (f->store), NULL);
  g_autoptr(GPtrArray) list = NULL;
  guint finished = 0, notified = 0;
  gint64 scheduled;

  g_signal_connect_swapped (policy, "finished", G_CALLBACK (g_atomic_int_inc), &finished);
  g_signal_connect_swapped (policy, "notify::running", G_CALLBACK (g_atomic_int_inc), &notified);

  scheduled = g_get_monotonic_time ();
  g_assert_true (fol_backup_policy_startup_after (policy, 200));
  g_assert_true (fol_backup_policy_get_running (policy));
  g_assert_cmpuint (notified, ==, 1);
  list = fol_backup_list (f->backup_dir, NULL);
  g_assert_true (list == NULL || list->len == 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Asked again while it waits: nothing more. */
  g_assert_false (fol_backup_policy_startup_after (policy, 200));

  while (finished < 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_get_monotonic_time () - scheduled, >=, 200 * 1000);
  g_assert_false (fol_backup_policy_get_running (policy));
  g_assert_cmpuint (notified, ==, 2);  /* running, then done: no flicker */

  list = fol_backup_list (f->backup_dir, NULL);
  g_assert_nonnull (list);
  g_assert_cmpuint (list->len, ==, 1);

  /* One was taken today: none is due. */
  g_assert_false (fol_backup_policy_startup_after (policy, 0));
  g_assert_false (fol_backup_policy_get_running (policy));
}

/* A policy dropped while its start-up backup waits takes none. */
static void
test_policy_startup_dropped (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  gint64 deadline;

  {
    g_autoptr(FolBackupPolicy) policy = fol_backup_policy_new (FOL_STORE (f->store), NULL);

    g_assert_true (fol_backup_policy_startup_after (policy, 50));
  }
  deadline = g_get_monotonic_time () + 300 * 1000;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  list = fol_backup_list (f->backup_dir, NULL);
  g_assert_true (list == NULL || list->len == 0);
}

static void
test_policy (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(FolBackupPolicy) policy = fol_backup_policy_new (FOL_STORE (f->store), NULL);
  g_autoptr(GPtrArray) list = NULL;
  guint finished = 0;

  g_signal_connect_swapped (policy, "finished", G_CALLBACK (g_atomic_int_inc), &finished);
  g_assert_cmpstr (fol_backup_policy_get_dir (policy), ==, f->backup_dir);

  /* No backup yet: start-up takes one. */
  g_assert_true (fol_backup_policy_startup (policy));
  g_assert_true (fol_backup_policy_get_running (policy));
  while (finished < 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (fol_backup_policy_startup (policy));

  /* 49 changes: nothing; the 50th starts a backup. */
  for (guint i = 0; i < FOL_BACKUP_ACTIONS_BETWEEN - 1; i++)
    g_assert_true (helper_save_visit (FOL_STORE (f->store), f->patient_id,
                                      fol_date_new (2024, 4, 1 + i % 28), NULL, 100 + i, NULL));
  g_assert_cmpuint (fol_backup_policy_get_pending_actions (policy), ==, FOL_BACKUP_ACTIONS_BETWEEN - 1);
  g_assert_false (fol_backup_policy_get_running (policy));
  g_free (helper_add_patient (FOL_STORE (f->store), "Fiftieth"));
  g_assert_true (fol_backup_policy_get_running (policy));
  while (finished < 2)
    g_main_context_iteration (NULL, TRUE);

  /* Both taken within the day: both kept, the newest first. */
  list = fol_backup_list (f->backup_dir, NULL);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpuint (((FolBackupInfo *) g_ptr_array_index (list, 0))->n_patients, ==, 2);
}


/* A copy of a real backup, dated @when; without @with_clinic, as a
 * version from before clinic ids wrote it.
 */
static char *
copy_backup (const FolBackupInfo *info,
             GDateTime           *when,
             gboolean             with_clinic)
{
  g_autofree char *dir = g_path_get_dirname (info->path);
  g_autofree char *stamp = g_date_time_format (when, "%Y%m%dT%H%M%SZ");
  g_autofree char *path = g_strdup_printf ("%s/follicle-%s.db", dir, stamp);
  g_autofree char *manifest = g_strdup_printf ("%s/follicle-%s.manifest", dir, stamp);
  g_autofree char *from_stem = g_strndup (info->path, strlen (info->path) - 3);
  g_autofree char *from_manifest = g_strconcat (from_stem, ".manifest", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) kept = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (info->path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents_full (path, contents, len, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  g_assert_true (g_file_get_contents (from_manifest, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && (with_clinic || !g_str_has_prefix (lines[i], "clinic ")))
      g_string_append_printf (kept, "%s\n", lines[i]);
  g_assert_true (g_file_set_contents_full (manifest, kept->str, kept->len, G_FILE_SET_CONTENTS_NONE,
                                           0600, NULL));
  if (!with_clinic)
    {
      sqlite3 *db = NULL;

      /* The database as schema 3 left it: no clinic table (migration 4),
       * and the search of migration 3, not that of migration 5.
       */
      const char *audit = strstr (_fol_sqlite_migration (1), "CREATE TRIGGER audit_patients_update");
      g_autofree char *old_audit = g_strndup (audit, strstr (audit, "END;\n") + 5 - audit);
      /* Migration 6 undone: its columns, and the audit triggers as before. */
      g_autoptr(GString) undo6 = g_string_new (NULL);
      const char *tables[] = { "visits", "measurements" };
      const char *ops[] = { "insert", "update", "delete" };
      g_autofree char *downgrade = NULL;

      for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
        for (guint o = 0; o < G_N_ELEMENTS (ops); o++)
          g_string_append_printf (undo6, "DROP TRIGGER audit_%s_%s;\n", tables[t], ops[o]);
      g_string_append (undo6, "ALTER TABLE visits DROP COLUMN aa_iga;\n"
                              "ALTER TABLE measurements DROP COLUMN telogen_percent;\n");
      for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
        for (guint o = 0; o < G_N_ELEMENTS (ops); o++)
          {
            g_autofree char *name = g_strdup_printf ("CREATE TRIGGER audit_%s_%s ", tables[t],
                                                     ops[o]);
            const char *start = strstr (_fol_sqlite_migration (1), name);

            g_assert_nonnull (start);
            g_string_append_len (undo6, start, strstr (start, "END;\n") + 5 - start);
          }

      /* Migration 9 undone: the marks' origins and diameters. */
      g_autoptr(GString) undo9 = g_string_new (NULL);

      for (guint o = 0; o < G_N_ELEMENTS (ops); o++)
        g_string_append_printf (undo9, "DROP TRIGGER audit_photo_marks_%s;\n", ops[o]);
      g_string_append (undo9, "ALTER TABLE photo_marks DROP COLUMN origin;\n"
                              "ALTER TABLE photo_marks DROP COLUMN diameter_um;\n");
      for (guint o = 0; o < G_N_ELEMENTS (ops); o++)
        {
          g_autofree char *name = g_strdup_printf ("CREATE TRIGGER audit_photo_marks_%s ", ops[o]);
          const char *start = strstr (_fol_sqlite_migration (2), name);

          g_assert_nonnull (start);
          g_string_append_len (undo9, start, strstr (start, "END;\n") + 5 - start);
        }

      /* Migration 10 undone: the tables of outcomes and their triggers go,
       * the indexes of migration 7 come back. */
      const char *undo10 =
        "DROP TRIGGER outcome_patients_insert; DROP TRIGGER outcome_patients_update;"
        " DROP TRIGGER outcome_patients_delete; DROP TRIGGER outcome_visits_insert;"
        " DROP TRIGGER outcome_visits_update; DROP TRIGGER outcome_visits_delete;"
        " DROP TRIGGER outcome_measurements_insert; DROP TRIGGER outcome_measurements_update;"
        " DROP TRIGGER outcome_measurements_delete; DROP TRIGGER outcome_sessions_insert;"
        " DROP TRIGGER outcome_sessions_update; DROP TRIGGER outcome_sessions_delete;"
        " DROP TRIGGER outcome_adverse_events_insert; DROP TRIGGER outcome_adverse_events_update;"
        " DROP TRIGGER outcome_adverse_events_delete; DROP TABLE outcome_patients;"
        " DROP TABLE outcome_visits; DROP TABLE outcome_values; DROP TABLE outcome_salt;"
        " DROP TABLE outcome_courses;\n";

      downgrade = g_strconcat (undo10, _fol_sqlite_migration (7), undo9->str,
        "DROP TABLE protocol_assignments; DROP TABLE protocols;\n"
        "DROP INDEX visits_for_outcomes; DROP INDEX measurements_by_region;\n",
        undo6->str,
        "DROP TRIGGER patient_words_insert; DROP TRIGGER patient_words_update;"
        " DROP TRIGGER patient_words_delete; DROP TABLE patient_words;"
        " DROP INDEX patients_by_search_key; ALTER TABLE patients DROP COLUMN search_key;"
        " DROP TRIGGER audit_patients_update;\n", old_audit, _fol_sqlite_migration (3),
        "DROP TABLE clinic; PRAGMA user_version = 3", NULL);

      g_assert_cmpuint (fol_sqlite_store_schema_version (), ==, 10);
      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, downgrade, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
    }
  return g_steal_pointer (&path);
}

static void
wait_finished (FolBackupPolicy *policy)
{
  while (fol_backup_policy_get_running (policy))
    g_main_context_iteration (NULL, TRUE);
}

/* What interrupted automatic backups left in the folder goes at start-up
 * and at the next backup; a copy still locked by its writer stays.
 */
static void
test_backup_leftovers (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dead = g_build_filename (f->backup_dir, ".partial-follicle-20261125T121250Z.db",
                                            NULL);
  g_autofree char *dead_journal = g_strconcat (dead, "-journal", NULL);
  g_autofree char *busy = g_build_filename (f->backup_dir, ".partial-follicle-20261125T121251Z.db",
                                            NULL);
  g_autoptr(FolBackupPolicy) policy = fol_backup_policy_new (FOL_STORE (f->store), NULL);
  g_autoptr(FolBackupInfo) info = NULL;
  int fd;

  g_assert_cmpint (g_mkdir_with_parents (f->backup_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (dead, "a whole clinic, once", -1, NULL));
  g_assert_true (g_file_set_contents (dead_journal, "journal", -1, NULL));
  g_assert_true (g_file_set_contents (busy, "being written", -1, NULL));
  fd = open (busy, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);

  g_assert_true (fol_backup_policy_startup (policy));
  g_assert_false (g_file_test (dead, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (dead_journal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (busy, G_FILE_TEST_EXISTS));
  wait_finished (policy);

  g_assert_true (g_file_set_contents (dead, "a whole clinic, once", -1, NULL));
  info = fol_backup_run (FOL_STORE (f->store), f->backup_dir, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (dead, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (busy, G_FILE_TEST_EXISTS));

  /* Its writer gone, it goes too. */
  close (fd);
  g_clear_pointer (&info, fol_backup_info_free);
  info = fol_backup_run (FOL_STORE (f->store), f->backup_dir, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (busy, G_FILE_TEST_EXISTS));
}

/* Two clinics in one folder share one backups/: each takes, sees and
 * rotates only its own backups.
 */
static void
test_two_clinics (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other_db = g_build_filename (f->dir, "clinic", "other.db", NULL);
  g_autoptr(FolSqliteStore) other = fol_sqlite_store_open (other_db, FOL_SQLITE_STORE_FLAGS_NONE,
                                                           &error);
  g_autoptr(FolBackupPolicy) mine = fol_backup_policy_new (FOL_STORE (f->store), NULL);
  g_autoptr(FolBackupPolicy) theirs = NULL;

  g_assert_no_error (error);
  theirs = fol_backup_policy_new (FOL_STORE (other), NULL);
  g_assert_cmpstr (fol_backup_policy_get_dir (mine), ==, fol_backup_policy_get_dir (theirs));

  /* The first clinic's fresh backup does not make the second one's. */
  g_assert_true (fol_backup_policy_startup (mine));
  wait_finished (mine);
  g_assert_true (fol_backup_policy_startup (theirs));
  wait_finished (theirs);
  g_assert_false (fol_backup_policy_startup (mine));
  g_assert_false (fol_backup_policy_startup (theirs));

  /* Each offers only its own. */
  {
    g_autoptr(GPtrArray) all = fol_backup_list (fol_backup_policy_get_dir (mine), NULL);
    g_autoptr(GPtrArray) own = fol_backup_policy_list (mine, &error);
    g_autoptr(GPtrArray) other_own = fol_backup_policy_list (theirs, &error);
    FolBackupInfo *a, *b;

    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 2);
    g_assert_cmpuint (own->len, ==, 1);
    g_assert_cmpuint (other_own->len, ==, 1);
    a = g_ptr_array_index (own, 0);
    b = g_ptr_array_index (other_own, 0);
    g_assert_cmpuint (a->n_patients, ==, 1);
    g_assert_cmpuint (b->n_patients, ==, 0);
    g_assert_nonnull (a->clinic_id);
    g_assert_nonnull (b->clinic_id);
    g_assert_cmpstr (a->clinic_id, !=, b->clinic_id);

    /* A month of this clinic's older backups: the other clinic's backup
     * and rotation leave every one of them.
     */
    for (int d = 1; d <= 30; d++)
      {
        g_autoptr(GDateTime) when = g_date_time_add_days (a->date, -d);

        g_free (copy_backup (a, when, TRUE));
      }
    {
      g_autoptr(FolBackupInfo) info = fol_backup_run (FOL_STORE (other), fol_backup_policy_get_dir (theirs), &error);

      g_assert_no_error (error);
      g_assert_true (fol_backup_rotate (fol_backup_policy_get_dir (theirs), FOL_STORE (other), NULL, &error));
      g_assert_no_error (error);
    }
    {
      g_autoptr(GPtrArray) after = fol_backup_policy_list (mine, NULL);

      g_assert_cmpuint (after->len, ==, 31);
    }
    /* Its own rotation thins them; the other's two stay. */
    g_assert_true (fol_backup_rotate (fol_backup_policy_get_dir (mine), FOL_STORE (f->store), NULL, &error));
    g_assert_no_error (error);
    {
      g_autoptr(GPtrArray) after = fol_backup_policy_list (mine, NULL);
      g_autoptr(GPtrArray) other_after = fol_backup_policy_list (theirs, NULL);

      g_assert_cmpuint (after->len, <, 31);
      g_assert_cmpuint (after->len, >=, FOL_BACKUP_KEEP_DAILY);
      g_assert_cmpuint (other_after->len, ==, 2);
    }
  }
}

/* A backup from before clinic ids (no "clinic" line in its manifest) is
 * offered to the clinic whose patients it holds, and to no other.
 */
static void
test_legacy_backup (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other_db = g_build_filename (f->dir, "clinic", "other.db", NULL);
  g_autoptr(FolSqliteStore) other = fol_sqlite_store_open (other_db, FOL_SQLITE_STORE_FLAGS_NONE,
                                                           &error);
  g_autoptr(FolBackupInfo) info = fol_backup_run (FOL_STORE (f->store), f->backup_dir, &error);
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *legacy = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) theirs = NULL;

  g_assert_no_error (error);
  g_free (helper_add_patient (FOL_STORE (other), "Someone Else"));
  when = g_date_time_add_days (info->date, -3);
  legacy = copy_backup (info, when, FALSE);

  mine = fol_backup_list_clinic (f->backup_dir, FOL_STORE (f->store), &error);
  g_assert_no_error (error);
  theirs = fol_backup_list_clinic (f->backup_dir, FOL_STORE (other), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, ==, 2);
  g_assert_cmpstr (((FolBackupInfo *) g_ptr_array_index (mine, 1))->path, ==, legacy);
  g_assert_null (((FolBackupInfo *) g_ptr_array_index (mine, 1))->clinic_id);
  g_assert_cmpuint (theirs->len, ==, 0);
  g_assert_true (fol_backup_needed (f->backup_dir, FOL_STORE (other), NULL));
  g_assert_false (fol_backup_needed (f->backup_dir, FOL_STORE (f->store), NULL));

  /* Restoring it keeps the clinic the same clinic: its backups, the one
   * taken just before the restore among them, are still its own.
   */
  g_clear_object (&f->store);
  g_assert_true (fol_backup_restore (f->db_path, legacy, f->backup_dir, &error));
  g_assert_no_error (error);
  f->store = fol_sqlite_store_open (f->db_path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&mine, g_ptr_array_unref);
  mine = fol_backup_list_clinic (f->backup_dir, FOL_STORE (f->store), &error);
  g_assert_cmpuint (mine->len, ==, 3);
  g_assert_cmpstr (((FolBackupInfo *) g_ptr_array_index (mine, 0))->clinic_id, ==, info->clinic_id);

  /* Into a clinic it holds no patient of: it does not take that one's id
   * (it is another clinic), and gets one of its own.
   */
  {
    g_autoptr(FolBackupInfo) before = fol_backup_run (FOL_STORE (other), f->backup_dir, &error);
    g_autoptr(FolBackupInfo) after = NULL;

    g_assert_no_error (error);
    g_clear_object (&other);
    g_assert_true (fol_backup_restore (other_db, legacy, f->backup_dir, &error));
    g_assert_no_error (error);
    other = fol_sqlite_store_open (other_db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
    g_assert_no_error (error);
    after = fol_backup_run (FOL_STORE (other), f->backup_dir, &error);
    g_assert_no_error (error);
    g_assert_nonnull (after->clinic_id);
    g_assert_cmpstr (after->clinic_id, !=, before->clinic_id);
    g_assert_cmpstr (after->clinic_id, !=, info->clinic_id);
  }
}

/* The rotation, on fabricated times. */
static void
test_rotation_policy (void)
{
  static const struct { double hours_ago; gboolean kept; } cases[] = {
    { -1, TRUE },          /* a clock set back: dated in the future */
    { 10.0 / 60, TRUE },   /* "Back Up Now" after one ten minutes ago */
    { 1, TRUE },
    { 5, TRUE },
    { 23, TRUE },          /* yesterday 13:00, within 24 hours */
    { 25, FALSE },         /* yesterday 11:00: not the newest of its day */
    { 30, FALSE },
    { 48, TRUE },          /* the 23rd: daily */
    { 49, FALSE },
    { 72, TRUE },          /* 22nd */
    { 96, TRUE },          /* 21st */
    { 120, TRUE },         /* 20th */
    { 144, TRUE },         /* 19th: the 7th day */
    { 168, FALSE },        /* 18th: an 8th day, not the newest of its week */
    { 240, TRUE },         /* 15th: newest of ISO week 46 */
    { 264, FALSE },        /* 14th: week 46 again */
    { 720, TRUE },         /* 26 October: week 44, and October */
    { 960, FALSE },        /* 16 October: neither */
    { 1440, TRUE },        /* 26 September: September */
    { 400 * 24, TRUE },    /* October 2025: the fourth month with one */
  };
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 25, 12, 0, 0);
  GDateTime *dates[G_N_ELEMENTS (cases)];
  gboolean keep[G_N_ELEMENTS (cases)];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    dates[i] = g_date_time_add_seconds (now, -cases[i].hours_ago * 3600);
  fol_backup_policy_select ((GDateTime * const *) dates, G_N_ELEMENTS (cases), now, keep);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%g hours ago", cases[i].hours_ago);
      g_assert_cmpint (keep[i], ==, cases[i].kept);
      g_date_time_unref (dates[i]);
    }

  /* Only one, however old: kept. */
  {
    g_autoptr(GDateTime) old = g_date_time_add_years (now, -5);
    GDateTime *one[] = { old };
    gboolean kept = FALSE;

    fol_backup_policy_select ((GDateTime * const *) one, 1, now, &kept);
    g_assert_true (kept);
  }
}

/* Restoring a backup the rotation would now remove keeps it all the same. */
static void
test_restore_keeps_old_source (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolBackupInfo) info = fol_backup_run (FOL_STORE (f->store), f->backup_dir, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);
  g_autofree gboolean *keep = NULL;
  const char *victim = NULL;

  g_assert_no_error (error);
  g_ptr_array_add (dates, g_date_time_ref (now));
  g_ptr_array_add (copies, NULL);
  g_ptr_array_add (dates, g_date_time_ref (info->date));
  g_ptr_array_add (copies, g_strdup (info->path));
  for (int d = 1; d <= 40; d++)
    {
      g_autoptr(GDateTime) when = g_date_time_add_days (info->date, -d);

      g_ptr_array_add (copies, copy_backup (info, when, TRUE));
      g_ptr_array_add (dates, g_steal_pointer (&when));
    }
  /* The first the rotation would drop once a backup is taken now. */
  keep = g_new0 (gboolean, dates->len);
  fol_backup_policy_select ((GDateTime * const *) dates->pdata, dates->len, now, keep);
  for (guint i = 0; i < dates->len && victim == NULL; i++)
    if (!keep[i])
      victim = g_ptr_array_index (copies, i);
  g_assert_nonnull (victim);

  g_clear_object (&f->store);
  g_assert_true (fol_backup_restore (f->db_path, victim, f->backup_dir, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (victim, G_FILE_TEST_IS_REGULAR));
}

static void
test_archive_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *archive = g_build_filename (f->dir, "clinic.tar", NULL);
  g_autofree char *other_db = g_build_filename (f->dir, "other", "follicle.db", NULL);
  g_autofree char *photo = NULL;
  g_autoptr(FolSqliteStore) other = NULL;
  guint n_photos = 0, n_patients = 0;

  g_assert_true (fol_archive_write (FOL_STORE (f->store), archive, &n_photos, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_photos, ==, 1);

  /* Onto another computer: an existing, different clinic. */
  other = fol_sqlite_store_open (other_db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_free (helper_add_patient (FOL_STORE (other), "Someone Else"));
  g_clear_object (&other);

  g_assert_true (fol_archive_restore (other_db, archive, NULL, &n_patients, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_patients, ==, 1);
  g_assert_cmpint (helper_count (other_db, "SELECT count(*) FROM measurements"), ==, 1);
  g_assert_cmpint (helper_count (other_db, "SELECT count(*) FROM photos"), ==, 1);

  photo = g_strdup_printf ("%s/other/photos/%c%c/%s.jpg", f->dir, f->photo_sha[0], f->photo_sha[1], f->photo_sha);
  {
    g_autofree char *sha = helper_file_sha256 (photo);

    g_assert_cmpstr (sha, ==, f->photo_sha);
  }

  /* The replaced clinic was backed up first. */
  {
    g_autofree char *dir = g_build_filename (f->dir, "other", "backups", NULL);
    g_autoptr(GPtrArray) list = fol_backup_list (dir, NULL);

    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpint (helper_count (((FolBackupInfo *) g_ptr_array_index (list, 0))->path,
                                   "SELECT count(*) FROM patients WHERE name = 'Someone Else'"), ==, 1);
  }
}

typedef enum
{
  DAMAGE_TRUNCATE,
  DAMAGE_FLIP_DATA,
  DAMAGE_FLIP_MANIFEST,
  DAMAGE_FOREIGN_TEXT,
  DAMAGE_EMPTY,
} Damage;

static void
test_archive_refused (Fixture       *f,
                      gconstpointer  data)
{
  static const struct { Damage damage; const char *message; } cases[] = {
    { DAMAGE_TRUNCATE, "truncated" },
    { DAMAGE_FLIP_DATA, "checksum" },
    { DAMAGE_FLIP_MANIFEST, "damaged" },
    { DAMAGE_FOREIGN_TEXT, "not a Follicle archive" },
    { DAMAGE_EMPTY, "empty" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *archive = g_build_filename (f->dir, "clinic.tar", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.tar", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  gsize len = 0;

  g_assert_true (fol_archive_write (FOL_STORE (f->store), archive, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (archive, &contents, &len, NULL));
  g_clear_object (&f->store);
  before = helper_db_files_sha256 (f->db_path);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *copy = g_memdup2 (contents, len);
      g_autofree char *after = NULL;
      gsize n = len;
      char *manifest;

      switch (cases[i].damage)
        {
        case DAMAGE_TRUNCATE:
          n = len * 2 / 3;
          break;
        case DAMAGE_FLIP_DATA:
          copy[512 + 4096 + 100] ^= 0x20;
          break;
        case DAMAGE_FLIP_MANIFEST:
          manifest = copy + len - 1;
          for (gsize at = 0; at + 7 < len; at++)
            if (memcmp (copy + at, "schema ", 7) == 0)
              manifest = copy + at + 7;
          g_assert_true (manifest < copy + len - 1);
          *manifest = 'x';
          break;
        case DAMAGE_FOREIGN_TEXT:
          g_free (copy);
          copy = g_strnfill (2048, 'a');
          n = 2048;
          break;
        case DAMAGE_EMPTY:
          n = 0;
          break;
        }

      g_test_message ("damage %u", i);
      g_assert_true (g_file_set_contents (bad, copy, n, NULL));
      g_assert_false (fol_archive_restore (f->db_path, bad, NULL, NULL, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_assert_nonnull (strstr (error->message, "Nothing was restored"));
      g_clear_error (&error);

      after = helper_db_files_sha256 (f->db_path);
      g_assert_cmpstr (before, ==, after);
      g_assert_false (g_file_test (f->backup_dir, G_FILE_TEST_EXISTS));
    }
}


/* A photo that blocks its reader: the archive writer stops on it, midway. */
static char *
make_blocking_photo (Fixture *f)
{
  g_autofree char *photo = g_strdup_printf ("%s/clinic/photos/%c%c/%s.jpg", f->dir, f->photo_sha[0],
                                            f->photo_sha[1], f->photo_sha);

  g_assert_cmpint (g_unlink (photo), ==, 0);
  g_assert_cmpint (mkfifo (photo, 0600), ==, 0);
  return g_steal_pointer (&photo);
}

static GPid
spawn_backup (Fixture    *f,
              const char *archive)
{
  const char *argv[] = { g_getenv ("FOLLICLE_BIN"), "--database", f->db_path, "--backup", archive, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  return pid;
}

/* The writer opens its archive once the snapshot is taken. */
static void
wait_for_archive (const char *archive)
{
  g_autofree char *tmp = g_strconcat (archive, ".partial", NULL);

  for (guint i = 0; i < 6000 && !g_file_test (tmp, G_FILE_TEST_EXISTS); i++)
    g_usleep (10000);
  g_assert_true (g_file_test (tmp, G_FILE_TEST_EXISTS));
}

static GPtrArray *
folder_names (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  return names;
}

/* `--backup X` killed midway leaves no X, and its leftovers (a whole copy
 * of the clinic in X.partial-db) go at the next backup into that folder;
 * those of a backup still being written stay.
 */
static void
test_archive_killed (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "out", NULL);
  g_autofree char *killed = g_build_filename (out, "killed.tar", NULL);
  g_autofree char *partial_db = g_strconcat (killed, ".partial-db", NULL);
  g_autofree char *next = g_build_filename (out, "next.tar", NULL);
  g_autofree char *photo = NULL;
  g_autoptr(GPtrArray) names = NULL;
  GPid pid;
  int status = 0;

  if (g_getenv ("FOLLICLE_BIN") == NULL)
    {
      g_test_skip ("FOLLICLE_BIN is not set");
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (out, 0700), ==, 0);
  photo = make_blocking_photo (f);

  /* The archive under way (the snapshot taken), and the writer waiting
   * for the photo forever: killed midway, whatever the timing.
   */
  pid = spawn_backup (f, killed);
  wait_for_archive (killed);
  g_assert_true (g_file_test (partial_db, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_spawn_close_pid (pid);

  /* Nothing that passes for a finished backup. */
  g_assert_false (g_file_test (killed, G_FILE_TEST_EXISTS));

  /* The next backup into that folder, while another one (this process,
   * holding its snapshot locked as a writer does) is still under way.
   */
  g_assert_cmpint (g_unlink (photo), ==, 0);
  g_assert_true (g_file_set_contents (photo, "not really a JPEG, but bytes all the same", -1, NULL));
  {
    g_autofree char *busy_db = g_build_filename (out, "busy.tar.partial-db", NULL);
    g_autoptr(GError) error = NULL;
    int fd;

    g_assert_true (g_file_set_contents (busy_db, "a snapshot being archived", -1, NULL));
    fd = open (busy_db, O_RDONLY | O_CLOEXEC);
    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);

    g_assert_true (fol_archive_write (FOL_STORE (f->store), next, NULL, &error));
    g_assert_no_error (error);
    g_assert_false (g_file_test (partial_db, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (busy_db, G_FILE_TEST_IS_REGULAR));

    /* Its writer gone, it goes at the next backup. */
    close (fd);
    g_assert_true (fol_archive_write (FOL_STORE (f->store), next, NULL, &error));
    g_assert_no_error (error);
  }

  names = folder_names (out);
  for (guint i = 0; i < names->len; i++)
    g_test_message ("left: %s", (char *) g_ptr_array_index (names, i));
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "next.tar");
}

/* "Back Up Now" twice within the hour keeps both. */
static void
test_backup_twice (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolBackupInfo) first = fol_backup_run (FOL_STORE (f->store), f->backup_dir, &error);
  g_autoptr(FolBackupInfo) second = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_assert_no_error (error);
  second = fol_backup_run (FOL_STORE (f->store), f->backup_dir, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (first->path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (second->path, G_FILE_TEST_IS_REGULAR));
  list = fol_backup_list (f->backup_dir, NULL);
  g_assert_cmpuint (list->len, ==, 2);
}

/* Restoring this morning's backup keeps it, and the state before. */
static void
test_restore_keeps_source (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolBackupInfo) info = fol_backup_run (FOL_STORE (f->store), f->backup_dir, &error);
  g_autoptr(GPtrArray) list = NULL;

  g_assert_no_error (error);
  g_free (helper_add_patient (FOL_STORE (f->store), "Added Later"));
  g_clear_object (&f->store);

  g_assert_true (fol_backup_restore (f->db_path, info->path, f->backup_dir, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (info->path, G_FILE_TEST_IS_REGULAR));
  list = fol_backup_list (f->backup_dir, NULL);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (helper_count (((FolBackupInfo *) g_ptr_array_index (list, 0))->path,
                                 "SELECT count(*) FROM patients WHERE name = 'Added Later'"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/backup/run", test_backup_run);
  ADD ("/backup/unwritable-location", test_unwritable_location);
  ADD ("/backup/restore", test_restore);
  ADD ("/backup/restore-protocols", test_restore_protocols);
  ADD ("/backup/policy", test_policy);
  ADD ("/backup/policy-startup-after", test_policy_startup_after);
  ADD ("/backup/policy-startup-dropped", test_policy_startup_dropped);
  ADD ("/archive/round-trip", test_archive_round_trip);
  ADD ("/archive/refused", test_archive_refused);
  ADD ("/archive/killed", test_archive_killed);
  ADD ("/backup/two-clinics", test_two_clinics);
  ADD ("/backup/twice", test_backup_twice);
  ADD ("/backup/restore-keeps-source", test_restore_keeps_source);
  ADD ("/backup/restore-keeps-old-source", test_restore_keeps_old_source);
  ADD ("/backup/legacy", test_legacy_backup);
  ADD ("/backup/leftovers", test_backup_leftovers);
  ADD ("/backup/needed-empty", test_backup_needed_empty);
#undef ADD
  g_test_add_func ("/backup/rotate", test_rotate);
  g_test_add_func ("/backup/rotation-policy", test_rotation_policy);

  return g_test_run ();
}
