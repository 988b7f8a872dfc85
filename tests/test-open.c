/* test-open.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fol-archive.h"
#include "fol-backup.h"
#include "fol-clinic-lock.h"
#include "fol-error.h"
#include "test-helpers.h"

/* Opening a clinic: who else has it open, whether the file is still the
 * one opened, read-only clinics and loose permissions. The "other window"
 * is another process: this test binary run with --hold.
 */

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("follicle-open-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->db = g_build_filename (f->dir, "clinic.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  helper_remove_tree (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

/* The other window: opens the clinic, says "ready", then sits idle (WAL
 * mode, no transaction, so no SQLite lock) until its stdin closes.
 */
static int
hold_main (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  char buf[16];

  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 3;
    }
  if (write (STDOUT_FILENO, "ready\n", 6) != 6)
    return 4;
  while (read (STDIN_FILENO, buf, sizeof buf) > 0)
    ;
  return 0;
}

typedef struct
{
  GPid pid;
  int  in;
} Holder;

static Holder
holder_start (const char *db)
{
  const char *argv[] = { "/proc/self/exe", "--hold", db, NULL };
  g_autoptr(GError) error = NULL;
  Holder h = { 0 };
  int out = -1;
  char buf[8] = { 0 };

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &h.pid, &h.in, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (read (out, buf, 6), ==, 6);
  g_assert_cmpstr (buf, ==, "ready\n");
  close (out);
  return h;
}

static void
holder_stop (Holder *h)
{
  int status = 0;

  close (h->in);
  g_assert_cmpint (waitpid (h->pid, &status, 0), ==, h->pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_spawn_close_pid (h->pid);
}

static char *
make_archive (Fixture    *f,
              const char *name)
{
  g_autofree char *other = g_build_filename (f->dir, "source", "follicle.db", NULL);
  g_autoptr(FolSqliteStore) store = NULL;
  g_autoptr(GError) error = NULL;
  char *archive = g_build_filename (f->dir, "clinic.tar", NULL);

  store = fol_sqlite_store_open (other, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_free (helper_add_patient (FOL_STORE (store), name));
  g_assert_true (fol_archive_write (FOL_STORE (store), archive, NULL, &error));
  g_assert_no_error (error);
  return archive;
}

/* Another process with the clinic open and idle: SQLite holds no lock
 * then, but a restore is still refused and nothing changes.
 */
static void
test_restore_refused_while_open (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *archive = make_archive (f, "From The Archive");
  g_autofree char *backup = g_build_filename (f->dir, "source", "follicle.db", NULL);
  g_autofree char *before = NULL;
  g_autoptr(GError) error = NULL;
  Holder h = holder_start (f->db);

  before = helper_dump (f->db);
  g_assert_false (fol_archive_restore (f->db, archive, NULL, NULL, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "open in another window"));
  g_clear_error (&error);

  g_assert_false (fol_backup_restore (f->db, backup, NULL, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_BUSY);
  g_clear_error (&error);

  {
    g_autofree char *after = helper_dump (f->db);

    g_assert_cmpstr (before, ==, after);
  }

  /* Closed: the same restore goes through. */
  holder_stop (&h);
  g_assert_true (fol_archive_restore (f->db, archive, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (helper_count (f->db, "SELECT count(*) FROM patients WHERE name = 'From The Archive'"), ==, 1);
}

/* The same within one process: a second store is another holder. */
static void
test_restore_refused_same_process (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *archive = make_archive (f, "From The Archive");
  g_autoptr(FolSqliteStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  g_assert_false (fol_archive_restore (f->db, archive, NULL, NULL, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_BUSY);
  g_clear_error (&error);

  g_clear_object (&store);
  g_assert_true (fol_archive_restore (f->db, archive, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* While a restore holds the clinic, nobody opens it half replaced: an open
 * waits, and fails clearly if the restore does not finish in time.
 */
static void
test_open_waits_for_restore (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(FolClinicLock) lock = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = NULL;
  g_autofree char *lock_path = fol_clinic_lock_path (f->db);
  struct stat st;

  store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stat (lock_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Held by the store: exclusive is refused at once. */
  g_assert_null (fol_clinic_lock_acquire (f->db, FOL_CLINIC_LOCK_EXCLUSIVE, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_BUSY);
  g_clear_error (&error);
  g_clear_object (&store);

  lock = fol_clinic_lock_acquire (f->db, FOL_CLINIC_LOCK_EXCLUSIVE, &error);
  g_assert_no_error (error);

  /* Another process opening it meanwhile waits for the restore to end. */
  {
    const char *argv[] = { "/proc/self/exe", "--open-once", f->db, NULL };
    GPid pid = 0;
    int status = 0;

    g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                  &pid, &error));
    g_assert_no_error (error);
    g_usleep (300000);
    g_assert_cmpint (waitpid (pid, &status, WNOHANG), ==, 0);
    g_clear_pointer (&lock, fol_clinic_lock_unref);
    g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    g_spawn_close_pid (pid);
  }

  store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
}

/* A file put in place of the open one (a restore by hand, a copy from
 * another computer): the next save fails, says why, and writes nothing
 * into either file.
 */
static void
test_replaced_file_save_fails (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *moved = g_build_filename (f->dir, "moved.db", NULL);
  g_autoptr(FolSqliteStore) store = NULL;
  g_autoptr(FolSqliteStore) replacement = NULL;
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;

  store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_free (helper_add_patient (FOL_STORE (store), "Before"));

  replacement = fol_sqlite_store_open (other, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_free (helper_add_patient (FOL_STORE (replacement), "Replacement"));
  g_clear_object (&replacement);

  /* Moved away, then another clinic in its place. */
  g_assert_cmpint (g_rename (f->db, moved), ==, 0);
  {
    g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
    g_autofree char *moved_wal = g_strconcat (moved, "-wal", NULL);
    g_autofree char *shm = g_strconcat (f->db, "-shm", NULL);
    g_autofree char *moved_shm = g_strconcat (moved, "-shm", NULL);

    g_rename (wal, moved_wal);
    g_rename (shm, moved_shm);
  }

  fol_patient_set_name (p, "Lost Edit");
  fol_patient_set_birth_date (p, fol_date_new (1980, 1, 1));
  fol_patient_set_sex (p, "female");
  fol_patient_set_diagnosis (p, "androgenetic_alopecia");
  g_assert_false (fol_store_save_patient (FOL_STORE (store), p, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_REPLACED);
  g_assert_nonnull (strstr (error->message, "was replaced or moved"));
  g_assert_nonnull (strstr (error->message, f->db));
  g_clear_error (&error);

  g_assert_cmpint (g_rename (other, f->db), ==, 0);
  before = helper_dump (f->db);
  g_assert_false (fol_store_save_patient (FOL_STORE (store), p, &error));
  g_assert_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_REPLACED);
  g_clear_error (&error);
  g_clear_object (&store);

  {
    g_autofree char *after = helper_dump (f->db);

    g_assert_cmpstr (before, ==, after);
  }
  g_assert_cmpint (helper_count (moved, "SELECT count(*) FROM patients WHERE name = 'Lost Edit'"), ==, 0);
  g_assert_cmpint (helper_count (moved, "SELECT count(*) FROM patients WHERE name = 'Before'"), ==, 1);
  g_assert_cmpint (helper_count (f->db, "SELECT count(*) FROM patients WHERE name = 'Lost Edit'"), ==, 0);
}

static guint
mode_of (const char *path)
{
  struct stat st;

  g_assert_cmpint (stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

/* Loose permissions (a copy from elsewhere, an umask of 000) are made
 * private when the clinic opens, and said once.
 */
static void
test_loose_permissions (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *photos = g_build_filename (f->dir, "photos", NULL);
  g_autofree char *backups = g_build_filename (f->dir, "backups", NULL);
  g_autofree char *lock = fol_clinic_lock_path (f->db);
  g_autofree char *notice = NULL;
  g_autoptr(FolSqliteStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_free (helper_add_patient (FOL_STORE (store), "Private"));
  g_assert_null (fol_store_take_notice (FOL_STORE (store)));
  g_clear_object (&store);
  g_assert_cmpint (g_mkdir (photos, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (backups, 0700), ==, 0);

  g_assert_cmpint (g_chmod (f->dir, 0777), ==, 0);
  g_assert_cmpint (g_chmod (photos, 0755), ==, 0);
  g_assert_cmpint (g_chmod (backups, 0777), ==, 0);
  g_assert_cmpint (g_chmod (f->db, 0666), ==, 0);
  g_assert_cmpint (g_chmod (lock, 0644), ==, 0);

  store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  notice = fol_store_take_notice (FOL_STORE (store));
  g_assert_nonnull (notice);
  g_assert_nonnull (strstr (notice, f->dir));
  g_assert_nonnull (strstr (notice, "now private to you"));
  g_assert_null (fol_store_take_notice (FOL_STORE (store)));

  g_assert_cmpuint (mode_of (f->dir), ==, 0700);
  g_assert_cmpuint (mode_of (photos), ==, 0700);
  g_assert_cmpuint (mode_of (backups), ==, 0700);
  g_assert_cmpuint (mode_of (f->db), ==, 0600);
  g_assert_cmpuint (mode_of (lock), ==, 0600);
  {
    g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (f->db, "-shm", NULL);

    g_assert_cmpuint (mode_of (wal), ==, 0600);
    g_assert_cmpuint (mode_of (shm), ==, 0600);
  }
  g_clear_object (&store);

  /* Said once: private now, nothing more to say. */
  store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_null (fol_store_take_notice (FOL_STORE (store)));
}

/* The command line says it on stderr, once. */
static void
test_loose_permissions_cli (Fixture       *f,
                            gconstpointer  data)
{
  const char *bin = g_getenv ("FOLLICLE_BIN");
  g_autoptr(GError) error = NULL;

  if (bin == NULL || !g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("FOLLICLE_BIN is not set");
      return;
    }

  {
    g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_NONE, &error);

    g_assert_no_error (error);
    g_free (helper_add_patient (FOL_STORE (store), "Listed"));
  }
  g_assert_cmpint (g_chmod (f->db, 0666), ==, 0);

  for (guint run = 0; run < 2; run++)
    {
      const char *argv[] = { bin, "-d", f->db, "-l", NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &out, &err, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (out, "Listed"));
      if (run == 0)
        g_assert_nonnull (strstr (err, "Other users of this computer could read the clinic"));
      else
        g_assert_cmpstr (err, ==, "");
    }
  g_assert_cmpuint (mode_of (f->db), ==, 0600);
}

/* A clinic the user may not write, in a folder they may not write (as on
 * read-only media): it opens read-only, reads and exports work, writes say
 * why and change nothing. Run as nobody when the suite runs as root.
 */
static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  int status = 0;
  pid_t pid;

  {
    g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_NONE, &error);

    g_assert_no_error (error);
    g_free (helper_add_patient (FOL_STORE (store), "Read Only"));
  }
  g_assert_cmpint (g_chmod (f->db, 0444), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);
  before = helper_file_sha256 (f->db);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(FolSqliteStore) store = NULL;
      g_autoptr(FolPatient) p = fol_patient_new ();
      GError *local = NULL;

      if (geteuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
        _exit (10);
      store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_NONE, &local);
      if (store == NULL)
        {
          g_printerr ("open: %s\n", local->message);
          _exit (11);
        }
      if (!fol_store_is_read_only (FOL_STORE (store)))
        _exit (12);
      if (fol_store_count_patients (FOL_STORE (store), NULL) != 1)
        _exit (13);
      fol_patient_set_name (p, "Not Saved");
      fol_patient_set_birth_date (p, fol_date_new (1980, 1, 1));
      fol_patient_set_sex (p, "female");
      fol_patient_set_diagnosis (p, "androgenetic_alopecia");
      if (fol_store_save_patient (FOL_STORE (store), p, &local) ||
          !g_error_matches (local, FOL_STORE_ERROR, FOL_STORE_ERROR_READ_ONLY) ||
          strstr (local->message, "is read-only") == NULL ||
          strstr (local->message, f->db) == NULL)
        _exit (14);
      g_clear_error (&local);
      /* Exports go elsewhere and work: the whole clinic as an archive. */
      {
        g_autofree char *out = g_strdup_printf ("/tmp/follicle-read-only-%d.tar", (int) getpid ());
        gboolean exported = fol_archive_write (FOL_STORE (store), out, NULL, &local);

        g_unlink (out);
        if (!exported)
          {
            g_printerr ("export: %s\n", local->message);
            _exit (15);
          }
      }
      g_clear_object (&store);
      _exit (0);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_chmod (f->dir, 0700);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  after = helper_file_sha256 (f->db);
  g_assert_cmpstr (before, ==, after);
  g_chmod (f->db, 0600);
}

/* A process killed in a transaction in rollback mode, its changes already
 * in the file: a hot journal beside it (what an interrupted creation or
 * upgrade of an earlier version left).
 */
static void
make_hot_journal (const char *path,
                  const char *sql)
{
  int fds[2];
  pid_t pid;
  char c;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      sqlite3 *db = NULL;

      if (sqlite3_open (path, &db) != SQLITE_OK ||
          sqlite3_exec (db, "PRAGMA journal_mode = DELETE; PRAGMA cache_size = 2;"
                            "PRAGMA cache_spill = 1; BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
          sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
        _exit (1);
      if (write (fds[1], "x", 1) != 1)
        _exit (2);
      pause ();
      _exit (0);
    }
  close (fds[1]);
  g_assert_cmpint (read (fds[0], &c, 1), ==, 1);
  close (fds[0]);
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, NULL, 0), ==, pid);
}

static void
test_hot_journal (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *journal = g_strconcat (f->db, "-journal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = NULL;
  struct stat st;

  /* A clinic in rollback mode, changed in part when the process died. */
  store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_free (helper_add_patient (FOL_STORE (store), "Kept"));
  g_clear_object (&store);
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  make_hot_journal (f->db, "UPDATE patients SET name = 'Half Written';"
                           "CREATE TABLE filler (x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
                           " SELECT i + 1 FROM n WHERE i < 5000) INSERT INTO filler SELECT"
                           " randomblob (200) FROM n");
  g_assert_cmpint (stat (journal, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 0);

  /* The command line reads it as it was before the transaction. */
  store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS) && stat (journal, &st) == 0 && st.st_size > 0);
  g_clear_object (&store);
  g_assert_cmpint (helper_count (f->db, "SELECT count(*) FROM patients WHERE name = 'Kept'"), ==, 1);
  g_assert_cmpint (helper_count (f->db, "SELECT count(*) FROM sqlite_master WHERE name = 'filler'"), ==, 0);

  /* An empty file whose creation was cut short: the window makes the clinic. */
  helper_remove_tree (f->dir);
  g_assert_cmpint (g_mkdir (f->dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->db, "", 0, NULL));
  make_hot_journal (f->db, "CREATE TABLE filler (x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
                           " SELECT i + 1 FROM n WHERE i < 5000) INSERT INTO filler SELECT"
                           " randomblob (200) FROM n");
  g_assert_cmpint (stat (journal, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 0);
  store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_false (fol_store_is_read_only (FOL_STORE (store)));
  g_free (helper_add_patient (FOL_STORE (store), "First"));
  g_assert_cmpuint (fol_store_count_patients (FOL_STORE (store), NULL), ==, 1);
}

/* A patient's own copy, opened to review it, is someone else's file:
 * nothing is made beside it and its permissions stay as they are.
 */
static void
test_not_clinic_untouched (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *lock = fol_clinic_lock_path (f->db);
  g_autoptr(FolSqliteStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_free (helper_add_patient (FOL_STORE (store), "Shared"));
  g_clear_object (&store);
  g_assert_cmpint (g_unlink (lock), ==, 0);
  g_assert_cmpint (g_chmod (f->db, 0644), ==, 0);

  store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_READ_ONLY | FOL_SQLITE_STORE_FLAGS_NOT_CLINIC,
                                 &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_store_count_patients (FOL_STORE (store), NULL), ==, 1);
  g_assert_null (fol_store_take_notice (FOL_STORE (store)));
  g_clear_object (&store);
  g_assert_false (g_file_test (lock, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (mode_of (f->db), ==, 0644);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--hold"))
    return hold_main (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "--open-once"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (argv[2], FOL_SQLITE_STORE_FLAGS_NONE, &error);

      if (store == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 3;
        }
      return 0;
    }

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/open/restore-refused-while-open", Fixture, NULL,
              fixture_set_up, test_restore_refused_while_open, fixture_tear_down);
  g_test_add ("/open/restore-refused-same-process", Fixture, NULL,
              fixture_set_up, test_restore_refused_same_process, fixture_tear_down);
  g_test_add ("/open/open-waits-for-restore", Fixture, NULL,
              fixture_set_up, test_open_waits_for_restore, fixture_tear_down);
  g_test_add ("/open/replaced-file-save-fails", Fixture, NULL,
              fixture_set_up, test_replaced_file_save_fails, fixture_tear_down);
  g_test_add ("/open/loose-permissions", Fixture, NULL,
              fixture_set_up, test_loose_permissions, fixture_tear_down);
  g_test_add ("/open/loose-permissions-command-line", Fixture, NULL,
              fixture_set_up, test_loose_permissions_cli, fixture_tear_down);
  g_test_add ("/open/read-only", Fixture, NULL,
              fixture_set_up, test_read_only, fixture_tear_down);
  g_test_add ("/open/not-clinic-untouched", Fixture, NULL,
              fixture_set_up, test_not_clinic_untouched, fixture_tear_down);
  g_test_add ("/open/hot-journal", Fixture, NULL,
              fixture_set_up, test_hot_journal, fixture_tear_down);

  return g_test_run ();
}
