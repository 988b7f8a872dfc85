/* test-faults.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include "fol-backup.h"
#include "fol-batch-export.h"
#include "fol-chart-export.h"
#include "fol-csv.h"
#include "fol-demo.h"
#include "fol-error.h"
#include "fol-file-writer.h"
#include "fol-patient-file.h"
#include "fol-progress.h"
#include "fol-report.h"
#include "fol-test-full-disk.h"
#include "fol-summary.h"
#include "test-helpers.h"

/* The disk fills up, writes fail, another process holds the database:
 * the call fails (or waits) with a clear message, nothing committed is
 * lost, and work goes on once the cause is gone.
 *
 * A full disk is simulated with RLIMIT_FSIZE (writes past the limit fail
 * with EFBIG, SIGXFSZ ignored), in a subprocess so that the limit never
 * touches the other tests.
 */


static goffset
file_size (const char *path)
{
  struct stat st;

  return stat (path, &st) == 0 ? st.st_size : 0;
}

static guint
count_visits (FolStore   *store,
              const char *patient_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolHistory) history = fol_store_load_history (store, patient_id, &error);

  g_assert_no_error (error);
  return fol_history_get_n_visits (history);
}

static void
assert_disk_error (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == FOL_STORE_ERROR);
  g_assert_true (error->code == FOL_STORE_ERROR_NO_SPACE || error->code == FOL_STORE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "disk"));
}

static guint
count_protocols (FolStore   *store,
                 const char *ctx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = fol_store_list_protocols (store, &error);

  g_assert_no_error (error);
  return all->len;
}

/* One kind of record saved again and again until the disk is full. */
typedef struct
{
  const char *what;
  /* Anything the saves need first (a patient for visits), kept in @out_ctx. */
  void      (*prepare) (FolStore *store, char **out_ctx);
  gboolean  (*save)    (FolStore *store, const char *ctx, guint i, const char *text, GError **error);
  guint     (*count)   (FolStore *store, const char *ctx);
} DiskFullSaves;

static void
prepare_patient (FolStore  *store,
                 char     **out_ctx)
{
  *out_ctx = helper_add_patient (store, "Full Disk");
}

static gboolean
save_visit (FolStore    *store,
            const char  *patient,
            guint        i,
            const char  *notes,
            GError     **error)
{
  return helper_save_visit (store, patient, fol_date_new (2024, 1 + i / 28, 1 + i % 28), notes, 100,
                            error);
}

static gboolean
save_protocol (FolStore    *store,
               const char  *ctx,
               guint        i,
               const char  *description,
               GError     **error)
{
  g_autoptr(FolProtocol) protocol = fol_protocol_new ();
  g_autofree char *name = g_strdup_printf ("Protocol %u", i);

  fol_protocol_set_name (protocol, name);
  fol_protocol_set_description (protocol, description);
  fol_protocol_add_session (protocol, 0, 0, "prp", NULL, NULL, NAN, 0);
  fol_protocol_add_visit (protocol, 3, 0);
  return fol_store_save_protocol (store, protocol, error);
}

static const DiskFullSaves visit_saves = { "save_visit", prepare_patient, save_visit, count_visits };
static const DiskFullSaves protocol_saves = { "save_protocol", NULL, save_protocol, count_protocols };

static void
disk_full_saves (const DiskFullSaves *c)
{
  g_autofree char *dir = g_dir_make_tmp ("follicle-full-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "follicle.db", NULL);
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (db_path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_autofree char *ctx = NULL;
  g_autofree char *big = g_strnfill (12000, 'n');
  guint saved = 0;
  gboolean failed = FALSE;

  g_assert_no_error (error);
  if (c->prepare != NULL)
    c->prepare (FOL_STORE (store), &ctx);
  for (; saved < 3; saved++)
    g_assert_true (c->save (FOL_STORE (store), ctx, saved, NULL, NULL));

  fol_test_set_file_size_limit (MAX (file_size (wal), file_size (db_path)) + 16384);

  for (guint i = 28; i < 28 + 40 && !failed; i++)
    {
      if (c->save (FOL_STORE (store), ctx, i, big, &error))
        saved++;
      else
        failed = TRUE;
    }
  g_assert_true (failed);
  assert_disk_error (error);
  g_test_message ("%s on a full disk: %s", c->what, error->message);
  g_clear_error (&error);

  /* Still running, and everything committed before is there. */
  g_assert_cmpuint (c->count (FOL_STORE (store), ctx), ==, saved);

  /* Space comes back: the next action succeeds. */
  fol_test_set_file_size_limit (RLIM_INFINITY);
  g_assert_true (c->save (FOL_STORE (store), ctx, 100, big, &error));
  g_assert_no_error (error);
  saved++;
  g_clear_object (&store);

  store = fol_sqlite_store_open (db_path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->count (FOL_STORE (store), ctx), ==, saved);
  g_assert_cmpint (helper_count (db_path, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), ==, 1);
  g_clear_object (&store);
  helper_remove_tree (dir);
}

static void
test_disk_full_saves (gconstpointer data)
{
  if (g_test_subprocess ())
    {
      disk_full_saves (data);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
disk_full_backup (void)
{
  g_autofree char *dir = g_dir_make_tmp ("follicle-full-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "follicle.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (db_path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_autoptr(FolBackupInfo) first = NULL;
  g_autoptr(FolBackupInfo) info = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *backups = NULL;
  g_autofree char *patient = NULL;
  g_autofree char *before = NULL;
  g_autofree char *big = g_strnfill (3000, 'b');

  g_assert_no_error (error);
  backups = fol_backup_default_dir (FOL_STORE (store));
  patient = helper_add_patient (FOL_STORE (store), "Backup On Full Disk");
  first = fol_backup_run (FOL_STORE (store), backups, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 30; i++)
    g_assert_true (helper_save_visit (FOL_STORE (store), patient, fol_date_new (2024, 1, 1 + i), big, 100, NULL));
  before = helper_dump (db_path);

  /* Room for the clinic's own small writes, not for a new copy of it. */
  fol_test_set_file_size_limit (file_size (first->path));

  info = fol_backup_run (FOL_STORE (store), backups, &error);
  g_assert_null (info);
  assert_disk_error (error);
  g_assert_nonnull (strstr (error->message, "backup failed"));
  g_test_message ("backup on a full disk: %s", error->message);
  g_clear_error (&error);

  /* The earlier backup is intact, no partial file is left, nothing changed. */
  list = fol_backup_list (backups, NULL);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (fol_backup_verify (first->path, NULL));
  {
    g_autoptr(GDir) d = g_dir_open (backups, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      g_assert_false (g_str_has_prefix (name, ".partial"));
  }
  {
    g_autofree char *after = helper_dump (db_path);

    g_assert_cmpstr (before, ==, after);
  }

  /* The clinic keeps working, and the backup succeeds once there is room. */
  fol_test_set_file_size_limit (RLIM_INFINITY);
  g_assert_true (helper_save_visit (FOL_STORE (store), patient, fol_date_new (2024, 6, 1), NULL, 100, NULL));
  info = fol_backup_run (FOL_STORE (store), backups, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_cmpint (helper_count (info->path, "SELECT count(*) FROM visits"), ==, 31);

  g_clear_object (&store);
  helper_remove_tree (dir);
}

static void
test_disk_full_backup (void)
{
  if (g_test_subprocess ())
    {
      disk_full_backup ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Every file Follicle writes, on a full disk: the call fails saying so,
 * the file written before keeps its bytes, and no temporary file is left.
 */
typedef enum
{
  WRITE_CHART_PNG,
  WRITE_CHART_SVG,
  WRITE_CHART_PDF,
  WRITE_REPORT,
  WRITE_CSV,
  WRITE_PATIENT_FILE,
  WRITE_BATCH_CHARTS,
  WRITE_BATCH_REPORTS,
  N_WRITES
} WriteKind;

static const char *write_names[N_WRITES] = {
  "chart.png", "chart.svg", "chart.pdf", "report.pdf", "clinic.csv", "patient.follicle",
  "charts", "reports",
};

/* Writes @kind into @dir; the batches write into @dir/<name>/. */
static gboolean
write_one (FolSqliteStore  *store,
           const char      *patient,
           WriteKind        kind,
           const char      *dir,
           guint           *out_written,
           GError         **error)
{
  g_autofree char *path = g_build_filename (dir, write_names[kind], NULL);

  switch (kind)
    {
    case WRITE_CHART_PNG:
    case WRITE_CHART_SVG:
    case WRITE_CHART_PDF:
      {
        g_autoptr(FolHistory) history = fol_store_load_history (FOL_STORE (store), patient, error);
        g_autoptr(FolChartData) data = NULL;

        g_assert_nonnull (history);
        data = fol_progress_chart_new (history, FOL_MEASURE_TOTAL_DENSITY, 0, FOL_PROGRESS_NONE,
                                       FOL_DEFAULT_CHANGE_THRESHOLD);
        return fol_chart_export (data, path, FOL_CHART_FORMAT_AUTO, 1600, 1000, 1.0,
                                 FOL_PAPER_A4, error);
      }
    case WRITE_REPORT:
      return fol_report_write (FOL_STORE (store), patient, path, FOL_PAPER_A4, FOL_REPORT_FLAGS_NONE,
                               NULL, NULL, NULL, error);
    case WRITE_CSV:
      return fol_csv_export (FOL_STORE (store), NULL, path, error);
    case WRITE_PATIENT_FILE:
      return fol_patient_file_write (FOL_STORE (store), patient, path, FOL_PATIENT_FILE_FLAGS_NONE,
                                     error);
    case WRITE_BATCH_CHARTS:
    case WRITE_BATCH_REPORTS:
      {
        FolBatchExportOptions options;
        FolBatchExportResult result = { 0 };
        gboolean ok;

        fol_batch_export_options_init (&options);
        options.format = FOL_CHART_FORMAT_PDF;
        if (kind == WRITE_BATCH_REPORTS)
          options.kind = FOL_BATCH_EXPORT_REPORTS;
        g_assert_true (fol_batch_export (FOL_STORE (store), path, &options, NULL,
                                         NULL, NULL, &result, error));
        *out_written = result.written;
        ok = result.written == result.total;
        if (!ok)
          {
            /* Stopped by the full disk: the files begun failed, the rest
             * were not started. */
            g_assert_cmpint (result.stopped, ==, FOL_BATCH_EXPORT_STOP_DISK_FULL);
            g_assert_cmpuint (result.failed, >=, 1);
            g_assert_cmpuint (result.failed, <=, g_get_num_processors () + 1);
            g_assert_cmpuint (result.failed, ==, result.failures->len);
            g_assert_cmpuint (result.written + result.failed, <=, result.total);
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                                 g_ptr_array_index (result.failures, 0));
          }
        else
          g_assert_cmpint (result.stopped, ==, FOL_BATCH_EXPORT_STOP_NONE);
        fol_batch_export_result_clear (&result);
        return ok;
      }
    case N_WRITES:
    default:
      g_assert_not_reached ();
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* File names and bytes of everything under @dir. */
static char *
tree_fingerprint (const char *dir)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_autofree char *sub = tree_fingerprint (path);

          g_string_append_printf (out, "%s/{%s}\n", (char *) g_ptr_array_index (names, i), sub);
        }
      else
        {
          g_autofree char *sum = helper_file_sha256 (path);

          g_string_append_printf (out, "%s=%s\n", (char *) g_ptr_array_index (names, i), sum);
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
disk_full_export (WriteKind kind)
{
  g_autofree char *dir = g_dir_make_tmp ("follicle-full-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "follicle.db", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (db_path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_autoptr(GListModel) patients = NULL;
  g_autoptr(FolPatient) patient = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint n = 0, written = 0;

  g_assert_no_error (error);
  g_assert_true (fol_demo_populate (FOL_STORE (store), FOL_DEMO_SEED, &n, &error));
  g_assert_no_error (error);
  patients = fol_store_list_patients (FOL_STORE (store), NULL, &error);
  patient = g_list_model_get_item (patients, 0);
  g_assert_cmpint (g_mkdir (out, 0700), ==, 0);

  /* A good file first, then the same again on a full disk. */
  g_assert_true (write_one (store, fol_patient_get_id (patient), kind, out, &written, &error));
  g_assert_no_error (error);
  before = tree_fingerprint (out);

  fol_test_set_file_size_limit (4096);
  g_assert_false (write_one (store, fol_patient_get_id (patient), kind, out, &written, &error));
  fol_test_set_file_size_limit (RLIM_INFINITY);

  g_assert_nonnull (error);
  g_test_message ("%s on a full disk: %s", write_names[kind], error->message);
  g_assert_nonnull (strstr (error->message, "no space left on the disk"));
  /* Batches count only the files really written: none fits in 4 kB. */
  g_assert_cmpuint (written, ==, 0);

  after = tree_fingerprint (out);
  g_assert_cmpstr (before, ==, after);

  g_clear_object (&store);
  helper_remove_tree (dir);
}

static void
test_disk_full_export (gconstpointer data)
{
  WriteKind kind = GPOINTER_TO_INT (data);

  if (g_test_subprocess ())
    {
      disk_full_export (kind);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The writer itself: the file appears only at commit, private; a writer
 * freed without commit, or refused, leaves nothing behind.
 */
static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* A batch on a full disk stops at the first file refused: with one
 * worker, one patient failed and none other started; with two, at most
 * the two begun. Room again, the same batch writes every file.
 */
static void
disk_full_batch_stops (void)
{
  g_autofree char *dir = g_dir_make_tmp ("follicle-full-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "follicle.db", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (db_path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  guint n = 0;

  g_assert_no_error (error);
  g_assert_true (fol_demo_populate (FOL_STORE (store), FOL_DEMO_SEED, &n, &error));
  g_assert_cmpuint (n, >, 2);

  for (guint workers = 1; workers <= 3; workers++)
    {
      FolBatchExportOptions options;
      FolBatchExportResult result = { 0 };
      gboolean full = workers < 3;

      fol_batch_export_options_init (&options);
      options.format = FOL_CHART_FORMAT_PDF;
      options.n_workers = workers;
      fol_test_set_file_size_limit (full ? 4096 : RLIM_INFINITY);
      g_assert_true (fol_batch_export (FOL_STORE (store), out, &options, NULL, NULL, NULL,
                                       &result, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (result.total, ==, n);
      g_assert_false (result.cancelled);
      if (full)
        {
          g_assert_cmpint (result.stopped, ==, FOL_BATCH_EXPORT_STOP_DISK_FULL);
          g_assert_cmpstr (fol_batch_export_stop_reason (result.stopped), ==, "the disk is full");
          g_assert_cmpuint (result.written, ==, 0);
          if (workers == 1)
            g_assert_cmpuint (result.failed, ==, 1);
          g_assert_cmpuint (result.failed, >=, 1);
          g_assert_cmpuint (result.failed, <=, workers);
          g_assert_cmpuint (result.failures->len, ==, result.failed);
          g_assert_cmpuint (count_entries (out), ==, 0);
        }
      else
        {
          g_assert_cmpint (result.stopped, ==, FOL_BATCH_EXPORT_STOP_NONE);
          g_assert_null (fol_batch_export_stop_reason (result.stopped));
          g_assert_cmpuint (result.written, ==, n);
          g_assert_cmpuint (count_entries (out), ==, n);
        }
      fol_batch_export_result_clear (&result);
    }

  g_clear_object (&store);
  helper_remove_tree (dir);
}

static void
test_disk_full_batch_stops (void)
{
  if (g_test_subprocess ())
    {
      disk_full_batch_stops ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_file_writer (void)
{
  g_autofree char *dir = g_dir_make_tmp ("follicle-writer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.txt", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  FolFileWriter *writer;
  struct stat st;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));

  /* Abandoned: the old file stays, the temporary file goes. */
  writer = fol_file_writer_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (fol_file_writer_write (writer, "new", 3, &error));
  g_assert_true (g_file_test (fol_file_writer_get_temp_path (writer), G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_entries (dir), ==, 2);
  fol_file_writer_free (writer);
  g_assert_cmpuint (count_entries (dir), ==, 1);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_clear_pointer (&contents, g_free);

  /* Committed: the new bytes, readable by the owner only. */
  writer = fol_file_writer_new (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 100000; i++)
    g_assert_cmpint (fol_file_writer_cairo_write (writer, (const guchar *) "0123456789", 10), ==,
                     CAIRO_STATUS_SUCCESS);
  g_assert_true (fol_file_writer_commit (writer, &error));
  g_assert_no_error (error);
  fol_file_writer_free (writer);
  g_assert_cmpuint (count_entries (dir), ==, 1);
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 1000000);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A pipe is neither written nor replaced. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_null (fol_file_writer_new (fifo, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "pipe"));
  g_clear_error (&error);
  g_assert_false (fol_file_check_input_path (fifo, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);
  g_assert_true (fol_file_check_input_path (path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_assert_cmpuint (count_entries (dir), ==, 2);

  helper_remove_tree (dir);
}


/* Writes @name in @dir, last modified @age_s seconds ago. */
static void
touch_file (const char *dir,
            const char *name,
            const char *contents,
            gint64      age_s)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  struct utimbuf times;

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  times.actime = times.modtime = g_get_real_time () / G_USEC_PER_SEC - age_s;
  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

static gboolean
entry_exists (const char *dir,
              const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK);
}

/* What killed writers left is removed, what a writer still writes is not:
 * a process holding a writer is killed (kill -9), and only then does its
 * temporary file go; an empty one just made may be about to be locked.
 */
static void
test_file_writer_leftovers (void)
{
  static const char * const suffixes[] = { ".svg", ".pdf", NULL };
  g_autofree char *dir = g_dir_make_tmp ("follicle-leftovers-XXXXXX", NULL);
  g_autofree char *link = g_build_filename (dir, ".f.svg.QQQQQQ", NULL);
  g_autofree char *target = g_build_filename (dir, "g.svg", NULL);
  g_autofree char *killed_target = g_build_filename (dir, "h.svg", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  FolFileWriter *writer;
  int ready[2];
  char byte;
  pid_t pid;
  int status;

  touch_file (dir, ".a.svg.Ab12Cd", "<svg", 0);     /* abandoned */
  touch_file (dir, ".b.pdf.XYZ789", "", 0);         /* just made: kept */
  touch_file (dir, ".c.PDF.XYZ780", "", 120);       /* empty, old */
  touch_file (dir, ".d.txt.ABCDEF", "notes", 0);    /* not ours */
  touch_file (dir, ".e.svg.AB12", "<svg", 0);       /* not a temporary name */
  touch_file (dir, "e.svg", "<svg", 0);             /* a chart */
  touch_file (dir, ".svg.ABCDEF", "<svg", 0);       /* no name before the ending */
  g_assert_cmpint (symlink ("e.svg", link), ==, 0);

  /* A writer of this process, half way. */
  writer = fol_file_writer_new (target, &error);
  g_assert_no_error (error);
  g_assert_true (fol_file_writer_write (writer, "<svg", 4, &error));

  /* A writer of another process, half way, then killed. */
  g_assert_cmpint (pipe (ready), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      FolFileWriter *child;

      /* Gone with this test, should it fail before killing it. */
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      child = fol_file_writer_new (killed_target, NULL);

      if (child == NULL || !fol_file_writer_write (child, "<svg", 4, NULL))
        _exit (1);
      /* More than the writer keeps in memory: bytes on the disk. */
      for (guint i = 0; i < 10000; i++)
        fol_file_writer_cairo_write (child, (const guchar *) "<g></g>\n", 8);
      if (write (ready[1], "x", 1) != 1)
        _exit (1);
      pause ();
      _exit (0);
    }
  close (ready[1]);
  g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);
  close (ready[0]);

  /* Both writers hold theirs: only the abandoned and the old empty go. */
  g_assert_cmpuint (count_entries (dir), ==, 10);
  g_assert_cmpuint (fol_file_writer_remove_leftovers (dir, suffixes), ==, 2);
  g_assert_false (entry_exists (dir, ".a.svg.Ab12Cd"));
  g_assert_true (entry_exists (dir, ".b.pdf.XYZ789"));
  g_assert_false (entry_exists (dir, ".c.PDF.XYZ780"));
  g_assert_true (entry_exists (dir, ".d.txt.ABCDEF"));
  g_assert_true (entry_exists (dir, ".e.svg.AB12"));
  g_assert_true (entry_exists (dir, "e.svg"));
  g_assert_true (entry_exists (dir, ".svg.ABCDEF"));
  g_assert_true (entry_exists (dir, ".f.svg.QQQQQQ"));
  g_assert_cmpuint (count_entries (dir), ==, 8);

  /* Killed, the other process's file is a leftover; ours is still ours. */
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpuint (count_entries (dir), ==, 8);
  g_assert_cmpuint (fol_file_writer_remove_leftovers (dir, suffixes), ==, 1);
  g_assert_cmpuint (count_entries (dir), ==, 7);
  g_assert_false (g_file_test (killed_target, G_FILE_TEST_EXISTS));

  /* Committed, ours arrives whole and leaves nothing behind. */
  g_assert_true (fol_file_writer_commit (writer, &error));
  g_assert_no_error (error);
  fol_file_writer_free (writer);
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "<svg");
  g_assert_cmpuint (fol_file_writer_remove_leftovers (dir, suffixes), ==, 0);
  g_assert_cmpuint (count_entries (dir), ==, 7);

  helper_remove_tree (dir);
}


/* The same from the command line: exit status 1, the reason said, the
 * earlier file kept byte for byte; a batch counts only whole files.
 */
static void
full_disk_child_setup (gpointer data)
{
  struct rlimit limit;

  signal (SIGXFSZ, SIG_IGN);
  getrlimit (RLIMIT_FSIZE, &limit);
  limit.rlim_cur = 4096;
  setrlimit (RLIMIT_FSIZE, &limit);
}

static int
run_follicle (gboolean     full,
              char       **out,
              char       **err,
              const char  *first,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *arg;
  va_list args;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("FOLLICLE_BIN"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT,
                               full ? full_disk_child_setup : NULL, NULL, out, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* Every line of @err is the program's own ("follicle: ..."). */
static void
assert_only_follicle_speaks (const char *err)
{
  g_auto(GStrv) lines = g_strsplit (err, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && !g_str_has_prefix (lines[i], "follicle: "))
      g_error ("Not the program's own message: “%s” in:\n%s", lines[i], err);
}

static void
test_disk_full_command_line (void)
{
  g_autofree char *dir = g_dir_make_tmp ("follicle-full-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "follicle.db", NULL);
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = NULL;
  g_autoptr(GListModel) patients = NULL;
  g_autoptr(FolPatient) patient = NULL;
  const char *files[][2] = {
    { "--export-chart", "chart.pdf" },
    { "--export-chart", "chart.png" },
    { "--export-chart", "chart.svg" },
    { "--export-report", "report.pdf" },
    { "--export-csv", "clinic.csv" },
    { "--share", "patient.follicle" },
    { "--export-charts", "charts" },
    { "--export-reports", "reports" },
  };
  guint n = 0;

  if (g_getenv ("FOLLICLE_BIN") == NULL)
    {
      g_test_skip ("FOLLICLE_BIN is not set");
      return;
    }

  /* Held open, so that the commands' own connections find the shared
   * memory index made and never have to grow a file.
   */
  store = fol_sqlite_store_open (db_path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (fol_demo_populate (FOL_STORE (store), FOL_DEMO_SEED, &n, &error));
  patients = fol_store_list_patients (FOL_STORE (store), NULL, &error);
  patient = g_list_model_get_item (patients, 0);
  g_assert_cmpint (g_mkdir (out_dir, 0700), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (out_dir, files[i][1], NULL);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      gboolean batch = g_str_has_suffix (files[i][0], "s");

      g_test_message ("%s %s on a full disk", files[i][0], files[i][1]);
      for (guint full = 0; full < 2; full++)
        {
          int status;

          g_clear_pointer (&out, g_free);
          g_clear_pointer (&err, g_free);
          if (batch)
            status = run_follicle (full, &out, &err, "-d", db_path, files[i][0], path, "--format", "pdf", NULL);
          else
            status = run_follicle (full, &out, &err, "-d", db_path, "-p", fol_patient_get_id (patient),
                                   files[i][0], path, NULL);
          if (!full)
            {
              g_assert_cmpint (status, ==, 0);
              before = tree_fingerprint (out_dir);
              continue;
            }
          g_assert_cmpint (status, ==, 1);
          g_assert_nonnull (strstr (err, "no space left on the disk"));
          /* Said once, by the program: no library's own words beside it. */
          assert_only_follicle_speaks (err);
          if (batch)
            {
              g_autofree char *summary = g_strdup_printf ("Wrote 0 of %u", n);
              g_auto(GStrv) lines = g_strsplit (g_strstrip (err), "\n", -1);
              g_autofree char *failed = g_strdup_printf ("; %u failed; stopped: the disk is full\n",
                                                         g_strv_length (lines));

              g_assert_nonnull (strstr (out, summary));
              /* One line for each file begun, not one for each patient. */
              g_assert_nonnull (strstr (out, failed));
              g_assert_cmpuint (g_strv_length (lines), <=, g_get_num_processors () + 1);
            }
        }
      after = tree_fingerprint (out_dir);
      g_assert_cmpstr (before, ==, after);
    }

  g_clear_object (&store);
  helper_remove_tree (dir);
}


/* Another process (a second window, a command-line export) holds a write
 * transaction while this one saves: the save waits, it does not fail.
 */
static void
test_two_processes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("follicle-busy-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "follicle.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (db_path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_autofree char *patient = NULL;
  gint64 start, waited;
  int fds[2], status = 0;
  char c = 0;
  pid_t pid;

  g_assert_no_error (error);
  patient = helper_add_patient (FOL_STORE (store), "Shared Clinic");

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      sqlite3 *db = NULL;
      int rc;

      close (fds[0]);
      rc = sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL);
      sqlite3_busy_timeout (db, 10000);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (db, "BEGIN IMMEDIATE; UPDATE patients SET notes = 'held by another process'",
                           NULL, NULL, NULL);
      if (rc != SQLITE_OK || write (fds[1], "L", 1) != 1)
        _exit (1);
      g_usleep (400 * 1000);
      rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
      sqlite3_close (db);
      _exit (rc == SQLITE_OK ? 0 : 2);
    }
  close (fds[1]);
  g_assert_cmpint (read (fds[0], &c, 1), ==, 1);
  g_assert_cmpint (c, ==, 'L');

  /* Reading goes on during the other's transaction (WAL). */
  g_assert_cmpuint (count_visits (FOL_STORE (store), patient), ==, 0);

  start = g_get_monotonic_time ();
  g_assert_true (helper_save_visit (FOL_STORE (store), patient, fol_date_new (2024, 5, 5), NULL, 120, &error));
  g_assert_no_error (error);
  waited = g_get_monotonic_time () - start;
  g_test_message ("waited %" G_GINT64_FORMAT " ms for the other process", waited / 1000);
  g_assert_cmpint (waited, >=, 200 * 1000);

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  close (fds[0]);

  /* Both writes are there. */
  g_assert_cmpuint (count_visits (FOL_STORE (store), patient), ==, 1);
  g_assert_cmpint (helper_count (db_path, "SELECT count(*) FROM patients WHERE notes = 'held by another process'"), ==, 1);

  g_clear_object (&store);
  helper_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/faults/disk-full/save-visit", &visit_saves, test_disk_full_saves);
  g_test_add_data_func ("/faults/disk-full/save-protocol", &protocol_saves, test_disk_full_saves);
  g_test_add_func ("/faults/disk-full/backup", test_disk_full_backup);
  for (guint i = 0; i < N_WRITES; i++)
    {
      g_autofree char *name = g_strdup_printf ("/faults/disk-full/export/%s", write_names[i]);

      g_test_add_data_func (name, GINT_TO_POINTER (i), test_disk_full_export);
    }
  g_test_add_func ("/faults/disk-full/command-line", test_disk_full_command_line);
  g_test_add_func ("/faults/disk-full/batch-stops", test_disk_full_batch_stops);
  g_test_add_func ("/faults/file-writer", test_file_writer);
  g_test_add_func ("/faults/file-writer-leftovers", test_file_writer_leftovers);
  g_test_add_func ("/faults/two-processes", test_two_processes);

  return g_test_run ();
}
