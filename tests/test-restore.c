/* test-restore.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include <archive.h>
#include <archive_entry.h>

#include "fol-archive.h"
#include "fol-backup.h"
#include "fol-error.h"
#include "fol-sqlite-migrations.h"
#include "test-helpers.h"

/* Restoring a clinic (an archive with `follicle --restore`, or an automatic
 * backup from the preferences) installs only what this version of Follicle
 * would have written itself: the exact schema, photos whose bytes are their
 * name, only the files the records refer to. Every refusal leaves the
 * current clinic byte for byte as it was.
 */

#define PHOTO_DATA "the bytes of a scalp photo"
#define JUNK_DATA  "a file no record refers to"

typedef struct
{
  char *dir;
  char *clinic_db;     /* the current clinic, which a refusal must not touch */
  char *clinic_dir;
  char *source_db;     /* a genuine clinic, to be archived */
  char *photo_sha;
  char *before;        /* every file of the current clinic, with its checksum */
} Fixture;

typedef struct
{
  char   *name;
  GBytes *data;
  mode_t  type;
  char   *link;
} Member;

static void
member_free (Member *m)
{
  g_free (m->name);
  g_bytes_unref (m->data);
  g_free (m->link);
  g_free (m);
}

static void
add_member (GPtrArray  *members,
            const char *name,
            const void *data,
            gsize       len)
{
  Member *m = g_new0 (Member, 1);

  m->name = g_strdup (name);
  m->data = g_bytes_new (data, len);
  m->type = AE_IFREG;
  g_ptr_array_add (members, m);
}

static void
add_special (GPtrArray  *members,
             const char *name,
             mode_t      type,
             const char *link)
{
  Member *m = g_new0 (Member, 1);

  m->name = g_strdup (name);
  m->data = g_bytes_new (NULL, 0);
  m->type = type;
  m->link = g_strdup (link);
  g_ptr_array_add (members, m);
}

static void
add_file_member (GPtrArray  *members,
                 const char *name,
                 const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  add_member (members, name, data, len);
}

static char *
photo_name (const char *sha)
{
  return g_strdup_printf ("follicle/photos/%c%c/%s.jpg", sha[0], sha[1], sha);
}

/* The manifest Follicle writes, over the regular files of @members: @twice
 * is listed twice and @skip not at all.
 */
static void
add_manifest (GPtrArray  *members,
              guint       schema,
              const char *twice,
              const char *skip)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "follicle-archive 1\napp-version %s\nschema %u\n"
                                "created 2026-01-01T00:00:00Z\npatients 1\n",
                          PACKAGE_VERSION, schema);
  for (guint i = 0; i < members->len; i++)
    {
      Member *m = g_ptr_array_index (members, i);
      g_autofree char *sha = NULL;
      gsize len = 0;
      const guchar *data = g_bytes_get_data (m->data, &len);
      const char *name = m->name + strlen ("follicle/");

      if (m->type != AE_IFREG || !g_str_has_prefix (m->name, "follicle/") ||
          g_strcmp0 (name, skip) == 0)
        continue;
      sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data ? data : (const guchar *) "", len);
      g_string_append_printf (text, "sha256 %s %" G_GSIZE_FORMAT " %s\n", sha, len, name);
      if (g_strcmp0 (name, twice) == 0)
        g_string_append_printf (text, "sha256 %s %" G_GSIZE_FORMAT " %s\n", sha, len, name);
    }
  add_member (members, "follicle/MANIFEST", text->str, text->len);
}

/* Written with libarchive, which writes whatever it is given. */
static void
write_tar (const char *path,
           GPtrArray  *members)
{
  struct archive *a = archive_write_new ();

  g_assert_cmpint (archive_write_set_format_pax_restricted (a), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);
  for (guint i = 0; i < members->len; i++)
    {
      Member *m = g_ptr_array_index (members, i);
      struct archive_entry *e = archive_entry_new ();
      gsize len = 0;
      const void *data = g_bytes_get_data (m->data, &len);

      archive_entry_set_pathname (e, m->name);
      archive_entry_set_filetype (e, m->type);
      archive_entry_set_perm (e, 0600);
      if (m->type == AE_IFREG)
        archive_entry_set_size (e, len);
      else if (m->type == AE_IFLNK)
        archive_entry_set_symlink (e, m->link);
      else if (m->type == AE_IFCHR)
        archive_entry_set_rdev (e, makedev (1, 3));
      if (m->link != NULL && m->type == AE_IFREG)
        archive_entry_set_hardlink (e, m->link);
      g_assert_cmpint (archive_write_header (a, e), ==, ARCHIVE_OK);
      if (len > 0)
        g_assert_cmpint (archive_write_data (a, data, len), ==, (la_ssize_t) len);
      archive_entry_free (e);
    }
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
}

/* The database and the photo, as Follicle archives them (no manifest). */
static GPtrArray *
genuine_members (Fixture    *f,
                 const char *db_path)
{
  GPtrArray *members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
  g_autofree char *photo = photo_name (f->photo_sha);

  add_file_member (members, "follicle/follicle.db", db_path);
  add_member (members, photo, PHOTO_DATA, strlen (PHOTO_DATA));
  return members;
}

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;

  sqlite3_exec (db, sql, NULL, NULL, &message);
  if (message != NULL)
    g_error ("%s: %s", sql, message);
}

/* Runs @sql on @path, then leaves it a self-contained file. */
static void
db_exec (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_ok (db, sql);
  exec_ok (db, "PRAGMA journal_mode = DELETE");
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* A clinic as Follicle's migrations 1..@version make it, claiming
 * @user_version, with one patient, a visit and its photo; @from in the
 * migrations is replaced by @to.
 */
static void
make_db (const char *path,
         guint       version,
         guint       user_version,
         const char *from,
         const char *to)
{
  sqlite3 *db = NULL;
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", user_version);
  g_autofree char *set_id = g_strdup_printf ("PRAGMA application_id = %d",
                                             FOL_SQLITE_APPLICATION_ID);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_ok (db, "BEGIN");
  for (guint v = 1; v <= version; v++)
    {
      g_autoptr(GString) sql = g_string_new (_fol_sqlite_migration (v));

      if (from != NULL)
        g_string_replace (sql, from, to, 0);
      exec_ok (db, sql->str);
    }
  exec_ok (db, set_version);
  exec_ok (db, set_id);
  exec_ok (db, "INSERT INTO patients (id, name, sort_name, created_at, updated_at)"
               " VALUES ('5b0c3f6e-8a7e-4f4b-9d63-0d5e3c1a2b77', 'Ida Older', 'ida older',"
               " '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z');"
               "INSERT INTO visits (id, patient_id, visit_date, kind, created_at, updated_at)"
               " VALUES ('0f6a9d2c-1e3b-4c5d-8e7f-a1b2c3d4e5f6',"
               " '5b0c3f6e-8a7e-4f4b-9d63-0d5e3c1a2b77', '2024-01-02', 'baseline',"
               " '2024-01-02T00:00:00.000Z', '2024-01-02T00:00:00.000Z')");
  {
    g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, PHOTO_DATA, -1);
    g_autofree char *photo = g_strdup_printf ("INSERT INTO photos (id, visit_id, region, sha256,"
                                              " width, height, created_at) VALUES ('photo-1',"
                                              " '0f6a9d2c-1e3b-4c5d-8e7f-a1b2c3d4e5f6', 'vertex',"
                                              " '%s', 640, 480, '2024-01-02T00:00:00.000Z')", sha);

    exec_ok (db, photo);
  }
  exec_ok (db, "COMMIT");
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* Every file under @dir with its checksum: equal listings, equal files. */
static void
list_tree (GString    *out,
           const char *dir,
           const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, n, NULL);
      g_autofree char *rel = g_build_filename (prefix, n, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_string_append_printf (out, "%s/\n", rel);
          list_tree (out, path, rel);
        }
      else
        {
          g_autofree char *sha = helper_file_sha256 (path);

          g_string_append_printf (out, "%s %s\n", rel, sha);
        }
    }
}

static char *
tree_fingerprint (const char *dir)
{
  GString *out = g_string_new (NULL);

  list_tree (out, dir, "");
  return g_string_free (out, FALSE);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = NULL;
  g_autoptr(FolVisit) visit = NULL;
  g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FolPhoto) photo = fol_photo_new ();
  g_autofree char *id = NULL;

  f->dir = g_dir_make_tmp ("follicle-restore-XXXXXX", &error);
  g_assert_no_error (error);
  f->clinic_dir = g_build_filename (f->dir, "clinic", NULL);
  f->clinic_db = g_build_filename (f->clinic_dir, "follicle.db", NULL);
  f->source_db = g_build_filename (f->dir, "source", "follicle.db", NULL);
  f->photo_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, PHOTO_DATA, -1);

  /* The current clinic: one patient, one photo of its own. */
  store = fol_sqlite_store_open (f->clinic_db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_free (helper_add_patient (FOL_STORE (store), "Current Patient"));
  g_clear_object (&store);
  {
    g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "current", -1);
    g_autofree char *sub = g_build_filename (f->clinic_dir, "photos",
                                             (char[]) { sha[0], sha[1], 0 }, NULL);
    g_autofree char *base = g_strconcat (sha, ".jpg", NULL);
    g_autofree char *path = g_build_filename (sub, base, NULL);

    g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
    g_assert_true (g_file_set_contents (path, "current", -1, NULL));
  }
  f->before = tree_fingerprint (f->clinic_dir);

  /* The clinic to archive: a patient, a visit and a photo. */
  store = fol_sqlite_store_open (f->source_db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  id = helper_add_patient (FOL_STORE (store), "Ada Archive");
  visit = helper_visit (id, fol_date_new (2024, 3, 1), "baseline");
  g_ptr_array_add (ms, helper_measurement (FOL_REGION_VERTEX, 180));
  g_assert_true (fol_store_save_visit (FOL_STORE (store), visit, ms, &error));
  g_assert_no_error (error);
  fol_photo_set_visit_id (photo, fol_visit_get_id (visit));
  fol_photo_set_region (photo, FOL_REGION_VERTEX);
  fol_photo_set_sha256 (photo, f->photo_sha);
  fol_photo_set_width (photo, 640);
  fol_photo_set_height (photo, 480);
  g_assert_true (fol_store_save_photo (FOL_STORE (store), photo, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  db_exec (f->source_db, "SELECT 1");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  helper_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->clinic_db);
  g_free (f->clinic_dir);
  g_free (f->source_db);
  g_free (f->photo_sha);
  g_free (f->before);
}

static void
assert_clinic_unchanged (Fixture *f)
{
  g_autofree char *after = tree_fingerprint (f->clinic_dir);

  g_assert_cmpstr (f->before, ==, after);
}

/* `follicle -d CLINIC --restore ARCHIVE`, in @language (nullable): its
 * exit status and stderr.
 */
static int
run_cli_restore (Fixture     *f,
                 const char  *language,
                 const char  *archive,
                 char       **err)
{
  const char *bin = g_getenv ("FOLLICLE_BIN");
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { bin, "-d", f->clinic_db, "--restore", archive, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_assert_nonnull (bin);
  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  if (language != NULL)
    {
      g_autofree char *localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po",
                                                     NULL);

      env = g_environ_setenv (env, "FOLLICLE_LOCALEDIR", localedir, TRUE);
      env = g_environ_setenv (env, "LANGUAGE", language, TRUE);
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, err,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* @archive is refused with @message by the core, and by the command line
 * with exit status 1; the current clinic stays as it was.
 */
static void
assert_archive_refused (Fixture    *f,
                        const char *archive,
                        const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_false (fol_archive_restore (f->clinic_db, archive, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("refused: %s", error->message);
  if (strstr (error->message, message) == NULL)
    g_error ("“%s” does not say “%s”", error->message, message);
  g_assert_nonnull (strstr (error->message, "Nothing was restored"));
  assert_clinic_unchanged (f);

  status = run_cli_restore (f, NULL, archive, &err);
  if (status != 1 || strstr (err, message) == NULL)
    g_error ("follicle --restore: status %d, “%s”; wanted 1 and “%s”", status, err, message);
  assert_clinic_unchanged (f);
}

/* The same database, as an automatic backup restored from Preferences. */
static void
assert_backup_refused (Fixture    *f,
                       const char *db,
                       const char *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (fol_backup_restore (f->clinic_db, db, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("backup refused: %s", error->message);
  if (strstr (error->message, message) == NULL)
    g_error ("“%s” does not say “%s”", error->message, message);
  g_assert_nonnull (strstr (error->message, "Nothing was restored"));
  assert_clinic_unchanged (f);
}

static char *
archive_of (Fixture    *f,
            const char *db,
            const char *name)
{
  g_autoptr(GPtrArray) members = genuine_members (f, db);
  char *path = g_build_filename (f->dir, name, NULL);

  add_manifest (members, fol_sqlite_store_schema_version (), NULL, NULL);
  write_tar (path, members);
  return path;
}

/* The archives the tests build are accepted when nothing is wrong with
 * them, so each refusal below is for what the case changed.
 */
static void
test_genuine (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *archive = archive_of (f, f->source_db, "genuine.tar");
  g_autofree char *photo = NULL;
  g_autofree char *sha = NULL;
  g_autoptr(FolSqliteStore) store = NULL;
  guint n = 0;

  g_assert_true (fol_archive_restore (f->clinic_db, archive, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  photo = g_build_filename (f->clinic_dir, "photos",
                            (char[]) { f->photo_sha[0], f->photo_sha[1], 0 }, NULL);
  {
    g_autofree char *base = g_strconcat (f->photo_sha, ".jpg", NULL);
    g_autofree char *path = g_build_filename (photo, base, NULL);

    sha = helper_file_sha256 (path);
  }
  g_assert_cmpstr (sha, ==, f->photo_sha);
  store = fol_sqlite_store_open (f->clinic_db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_store_count_patients (FOL_STORE (store), NULL), ==, 1);
  g_clear_object (&store);

  /* And as a backup file. */
  g_assert_true (fol_backup_restore (f->clinic_db, f->source_db, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (helper_count (f->clinic_db,
                                 "SELECT count(*) FROM patients WHERE name = 'Ada Archive'"),
                   ==, 1);
}

typedef struct
{
  const char *what;
  const char *sql;       /* run on a copy of the genuine clinic */
  guint       version;   /* else: a clinic built by migrations 1..version */
  guint       user_version;
  const char *from;      /* replaced in the migrations by to */
  const char *to;
  const char *message;
} SchemaCase;

static const SchemaCase schema_cases[] = {
  { "extra trigger",
    "CREATE TRIGGER wipe AFTER INSERT ON patients BEGIN"
    " DELETE FROM patients WHERE id <> NEW.id; END",
    0, 0, NULL, NULL, "the backup's database has an unknown trigger “wipe”" },
  { "changed trigger",
    "DROP TRIGGER audit_patients_delete;"
    "CREATE TRIGGER audit_patients_delete AFTER DELETE ON patients BEGIN SELECT 1; END",
    0, 0, NULL, NULL, "the trigger “audit_patients_delete” of the backup's database differs" },
  { "extra table", "CREATE TABLE junk (x)",
    0, 0, NULL, NULL, "the backup's database has an unknown table “junk”" },
  { "missing table", "DROP TABLE photo_marks",
    0, 0, NULL, NULL, "the backup's database lacks the table “photo_marks”" },
  { "extra index", "CREATE INDEX patients_by_name ON patients (name)",
    0, 0, NULL, NULL, "the backup's database has an unknown index “patients_by_name”" },
  { "view", "CREATE VIEW everyone AS SELECT * FROM patients",
    0, 0, NULL, NULL, "the backup's database has an unknown view “everyone”" },
  /* The first table migration 3 or a later one added, by name. */
  { "newer schema claims older", "PRAGMA user_version = 2",
    0, 0, NULL, NULL, "the backup's database has an unknown table “" },
  { "older schema claims newer", NULL, 2, 3, NULL, NULL,
    "the backup's database lacks the table “patients_search”" },
  { "missing column", NULL, 3, 3, "  dose           TEXT,\n", "",
    "the table “treatment_sessions” of the backup's database lacks the column “dose”" },
  { "extra column", NULL, 3, 3, "  dose           TEXT,\n", "  dose TEXT,\n  secret TEXT,\n",
    "the table “treatment_sessions” of the backup's database has an unknown column “secret”" },
};

static void
test_schema (Fixture       *f,
             gconstpointer  data)
{
  /* The cases edit migrations 1 to 3; later ones must not undo them. */
  g_assert_cmpuint (fol_sqlite_store_schema_version (), >=, 3);

  for (guint i = 0; i < G_N_ELEMENTS (schema_cases); i++)
    {
      const SchemaCase *c = &schema_cases[i];
      g_autofree char *name = g_strdup_printf ("case-%u.db", i);
      g_autofree char *tar = g_strdup_printf ("case-%u.tar", i);
      g_autofree char *db = g_build_filename (f->dir, name, NULL);
      g_autofree char *archive = NULL;

      g_test_message ("schema case: %s", c->what);
      if (c->sql != NULL)
        {
          g_autofree char *bytes = NULL;
          gsize len = 0;

          g_assert_true (g_file_get_contents (f->source_db, &bytes, &len, NULL));
          g_assert_true (g_file_set_contents (db, bytes, len, NULL));
          db_exec (db, c->sql);
        }
      else
        make_db (db, c->version, c->user_version, c->from, c->to);

      archive = archive_of (f, db, tar);
      assert_archive_refused (f, archive, c->message);
      assert_backup_refused (f, db, c->message);
    }
}

/* The message is translated: in German with LANGUAGE=de. */
static void
test_translated (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "trigger.db", NULL);
  g_autofree char *archive = NULL;
  g_autofree char *err = NULL;
  g_autofree char *bytes = NULL;
  gsize len = 0;
  int status;

  g_assert_true (g_file_get_contents (f->source_db, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (db, bytes, len, NULL));
  db_exec (db, schema_cases[0].sql);
  archive = archive_of (f, db, "trigger.tar");

  status = run_cli_restore (f, "de", archive, &err);
  g_assert_cmpint (status, ==, 1);
  if (strstr (err, "die Datenbank der Sicherung hat einen unbekannten Trigger „wipe“") == NULL)
    g_error ("not in German: “%s”", err);
  assert_clinic_unchanged (f);
}

/* A clinic of an older schema comes back upgraded, in the archive and as a
 * backup file, and opens.
 */
static void
test_older_schema (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (f->dir, "older.db", NULL);
  g_autofree char *archive = NULL;
  g_autofree char *err = NULL;
  g_autoptr(FolSqliteStore) store = NULL;
  guint n = 0;

  make_db (db, 2, 2, NULL, NULL);
  archive = archive_of (f, db, "older.tar");

  g_assert_true (fol_archive_restore (f->clinic_db, archive, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (helper_count (f->clinic_db, "PRAGMA user_version"), ==,
                   fol_sqlite_store_schema_version ());
  g_assert_cmpint (helper_count (f->clinic_db, "SELECT count(*) FROM patient_words"
                                " WHERE word = 'older'"), ==, 1);
  store = fol_sqlite_store_open (f->clinic_db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_store_count_patients (FOL_STORE (store), NULL), ==, 1);
  g_clear_object (&store);

  /* From the command line. */
  g_assert_cmpint (run_cli_restore (f, NULL, archive, &err), ==, 0);
  g_assert_cmpint (helper_count (f->clinic_db, "PRAGMA user_version"), ==,
                   fol_sqlite_store_schema_version ());

  /* The backup file itself is left as it was; the clinic is upgraded. */
  {
    g_autofree char *sha = helper_file_sha256 (db);

    g_assert_true (fol_backup_restore (f->clinic_db, db, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (helper_count (f->clinic_db, "PRAGMA user_version"), ==,
                     fol_sqlite_store_schema_version ());
    g_assert_cmpint (helper_count (f->clinic_db, "SELECT count(*) FROM patient_words"
                                " WHERE word = 'older'"), ==, 1);
    g_assert_cmpint (helper_count (db, "PRAGMA user_version"), ==, 2);
    {
      g_autofree char *after = helper_file_sha256 (db);

      g_assert_cmpstr (sha, ==, after);
    }
  }
  store = fol_sqlite_store_open (f->clinic_db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_store_count_patients (FOL_STORE (store), NULL), ==, 1);
}

typedef enum
{
  PHOTO_WRONG_BYTES,
  PHOTO_UNREFERENCED,
  MANIFEST_TWICE,
  ENTRY_TWICE,
  PHOTO_TWICE,
  OUTSIDE_TOP,
  DOT_DOT,
  ABSOLUTE,
  SYMLINK,
  HARDLINK,
  DEVICE,
  DIRECTORY,
} Hostile;

static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  static const struct { Hostile what; const char *message; } cases[] = {
    { PHOTO_WRONG_BYTES, "a photo's content does not match its name" },
    { PHOTO_UNREFERENCED, "it holds a photo no record refers to" },
    { MANIFEST_TWICE, "its manifest lists a file twice" },
    { ENTRY_TWICE, "a file appears twice" },
    { PHOTO_TWICE, "a file appears twice" },
    { OUTSIDE_TOP, "it holds a file Follicle does not write" },
    { DOT_DOT, "it holds a file Follicle does not write" },
    { ABSOLUTE, "it holds a file Follicle does not write" },
    { SYMLINK, "it holds something other than plain files" },
    { HARDLINK, "it holds something other than plain files" },
    { DEVICE, "it holds something other than plain files" },
    { DIRECTORY, "it holds something other than plain files" },
  };
  g_autofree char *photo = photo_name (f->photo_sha);
  g_autofree char *junk_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, JUNK_DATA, -1);
  g_autofree char *junk = photo_name (junk_sha);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
      g_autofree char *tar = g_strdup_printf ("hostile-%u.tar", i);
      g_autofree char *archive = g_build_filename (f->dir, tar, NULL);
      g_autofree char *evil = g_build_filename (f->dir, "evil", NULL);
      const char *twice = NULL, *skip = NULL;

      add_file_member (members, "follicle/follicle.db", f->source_db);
      switch (cases[i].what)
        {
        case PHOTO_WRONG_BYTES:
          add_member (members, photo, "other bytes", 11);
          break;
        case PHOTO_UNREFERENCED:
          add_member (members, photo, PHOTO_DATA, strlen (PHOTO_DATA));
          add_member (members, junk, JUNK_DATA, strlen (JUNK_DATA));
          break;
        case MANIFEST_TWICE:
          /* Listed twice, the database stands in for the photo it skips. */
          add_member (members, photo, PHOTO_DATA, strlen (PHOTO_DATA));
          twice = "follicle.db";
          skip = photo + strlen ("follicle/");
          break;
        case ENTRY_TWICE:
          add_member (members, photo, PHOTO_DATA, strlen (PHOTO_DATA));
          add_member (members, photo, PHOTO_DATA, strlen (PHOTO_DATA));
          break;
        case PHOTO_TWICE:
          /* The same photo under another extension. */
          add_member (members, photo, PHOTO_DATA, strlen (PHOTO_DATA));
          {
            g_autofree char *png = g_strdup (photo);

            memcpy (png + strlen (png) - 3, "png", 3);
            add_member (members, png, PHOTO_DATA, strlen (PHOTO_DATA));
          }
          break;
        case OUTSIDE_TOP:
          add_member (members, photo, PHOTO_DATA, strlen (PHOTO_DATA));
          add_member (members, "elsewhere/evil", "x", 1);
          break;
        case DOT_DOT:
          add_member (members, photo, PHOTO_DATA, strlen (PHOTO_DATA));
          add_member (members, "follicle/../../evil", "x", 1);
          break;
        case ABSOLUTE:
          add_member (members, photo, PHOTO_DATA, strlen (PHOTO_DATA));
          add_member (members, evil, "x", 1);
          break;
        case SYMLINK:
          add_special (members, photo, AE_IFLNK, "/etc/passwd");
          break;
        case HARDLINK:
          add_special (members, photo, AE_IFREG, "follicle/follicle.db");
          break;
        case DEVICE:
          add_special (members, photo, AE_IFCHR, NULL);
          break;
        case DIRECTORY:
          add_member (members, photo, PHOTO_DATA, strlen (PHOTO_DATA));
          add_special (members, "follicle/photos/zz/", AE_IFDIR, NULL);
          break;
        }
      add_manifest (members, fol_sqlite_store_schema_version (), twice, skip);
      write_tar (archive, members);

      g_test_message ("hostile case %u", i);
      assert_archive_refused (f, archive, cases[i].message);
      g_assert_false (g_file_test (evil, G_FILE_TEST_EXISTS));
    }
}

/* An archive of one header claiming a photo of 8 GiB: refused before a
 * byte is written.
 */
static void
test_huge_entry (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *archive = g_build_filename (f->dir, "huge.tar", NULL);
  g_autofree char *header = g_malloc0 (512 + 4096);
  g_autofree char *checksum = NULL;
  g_autofree char *photo = photo_name (f->photo_sha);
  guint sum = 0;

  strcpy (header, photo);
  memcpy (header + 100, "0000600", 7);
  memcpy (header + 108, "0000000", 7);
  memcpy (header + 116, "0000000", 7);
  memcpy (header + 124, "77777777777", 11);   /* 8 GiB */
  memcpy (header + 136, "00000000000", 11);
  memset (header + 148, ' ', 8);
  header[156] = '0';
  memcpy (header + 257, "ustar", 6);
  memcpy (header + 263, "00", 2);
  for (guint i = 0; i < 512; i++)
    sum += (guchar) header[i];
  checksum = g_strdup_printf ("%06o", sum);
  memcpy (header + 148, checksum, 7);
  g_assert_true (g_file_set_contents (archive, header, 512 + 4096, NULL));

  assert_archive_refused (f, archive, "too large");
}

static char *
photo_path (const char *dir,
            const char *sha)
{
  return g_strdup_printf ("%s/photos/%c%c/%s.jpg", dir, sha[0], sha[1], sha);
}

/* An automatic backup puts back only photos its records refer to, and
 * only when their bytes are still their name.
 */
static void
test_backup_photos (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = NULL;
  g_autoptr(FolBackupInfo) info = NULL;
  g_autofree char *source_dir = g_path_get_dirname (f->source_db);
  g_autofree char *backup_dir = g_build_filename (f->dir, "backups", NULL);
  g_autofree char *source_photo = photo_path (source_dir, f->photo_sha);
  g_autofree char *backup_photo = photo_path (backup_dir, f->photo_sha);
  g_autofree char *clinic_photo = photo_path (f->clinic_dir, f->photo_sha);
  g_autofree char *junk_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, JUNK_DATA, -1);
  g_autofree char *junk_backup = photo_path (backup_dir, junk_sha);
  g_autofree char *junk_clinic = photo_path (f->clinic_dir, junk_sha);
  g_autofree char *manifest = NULL;
  g_autofree char *text = NULL;

  {
    g_autofree char *sub = g_path_get_dirname (source_photo);

    g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
    g_assert_true (g_file_set_contents (source_photo, PHOTO_DATA, -1, NULL));
  }
  store = fol_sqlite_store_open (f->source_db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  info = fol_backup_run (FOL_STORE (store), backup_dir, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_true (g_file_test (backup_photo, G_FILE_TEST_IS_REGULAR));

  /* The backup's copy of the photo is replaced by other bytes. */
  g_assert_cmpint (g_unlink (backup_photo), ==, 0);
  g_assert_true (g_file_set_contents (backup_photo, "other bytes", -1, NULL));
  assert_backup_refused (f, info->path, "does not match its checksum");
  g_assert_false (g_file_test (clinic_photo, G_FILE_TEST_EXISTS));

  /* Put right, with a photo no record refers to added to the manifest. */
  g_assert_cmpint (g_unlink (backup_photo), ==, 0);
  g_assert_true (g_file_set_contents (backup_photo, PHOTO_DATA, -1, NULL));
  {
    g_autofree char *sub = g_path_get_dirname (junk_backup);
    g_autofree char *stem = g_strndup (info->path, strlen (info->path) - strlen (".db"));

    g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
    g_assert_true (g_file_set_contents (junk_backup, JUNK_DATA, -1, NULL));
    manifest = g_strconcat (stem, ".manifest", NULL);
  }
  g_assert_true (g_file_get_contents (manifest, &text, NULL, NULL));
  {
    g_autofree char *more = g_strdup_printf ("%sphoto %s.jpg\n", text, junk_sha);

    g_assert_true (g_file_set_contents (manifest, more, -1, NULL));
  }

  g_assert_true (fol_backup_restore (f->clinic_db, info->path, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *sha = helper_file_sha256 (clinic_photo);

    g_assert_cmpstr (sha, ==, f->photo_sha);
  }
  g_assert_false (g_file_test (junk_clinic, G_FILE_TEST_EXISTS));
}

/* What Follicle writes is a plain tar that tar lists, with the layout the
 * reader expects, and comes back whole.
 */
static void
test_written_layout (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = NULL;
  g_autofree char *source_dir = g_path_get_dirname (f->source_db);
  g_autofree char *source_photo = photo_path (source_dir, f->photo_sha);
  g_autofree char *archive = g_build_filename (f->dir, "written.tar", NULL);
  g_autofree char *tar = g_find_program_in_path ("tar");
  g_autofree char *expect = NULL;
  guint n_photos = 0, n_patients = 0;

  {
    g_autofree char *sub = g_path_get_dirname (source_photo);

    g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
    g_assert_true (g_file_set_contents (source_photo, PHOTO_DATA, -1, NULL));
  }
  store = fol_sqlite_store_open (f->source_db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (fol_archive_write (FOL_STORE (store), archive, &n_photos, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_photos, ==, 1);
  g_clear_object (&store);

  expect = g_strdup_printf ("follicle/follicle.db\n"
                            "follicle/photos/%c%c/%s.jpg\n"
                            "follicle/MANIFEST\n", f->photo_sha[0], f->photo_sha[1], f->photo_sha);
  if (tar != NULL)
    {
      const char *argv[] = { tar, "tf", archive, NULL };
      g_autofree char *out = NULL;
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                   NULL, &out, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_cmpstr (out, ==, expect);
    }
  else
    g_test_message ("tar is not installed: the listing is not checked");

  g_assert_true (fol_archive_restore (f->clinic_db, archive, NULL, &n_patients, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_patients, ==, 1);
  {
    g_autofree char *clinic_photo = photo_path (f->clinic_dir, f->photo_sha);
    g_autofree char *sha = helper_file_sha256 (clinic_photo);

    g_assert_cmpstr (sha, ==, f->photo_sha);
  }
}

/* Bounds on what the reader accepts: the number of files, the size of all
 * of them (by default, no more than is free on the disk).
 */
static void
test_limits (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *archive = archive_of (f, f->source_db, "limits.tar");
  FolArchiveLimits few = { 2, FOL_ARCHIVE_MAX_PHOTO_SIZE, FOL_ARCHIVE_MAX_TOTAL_SIZE };
  FolArchiveLimits small = { FOL_ARCHIVE_MAX_ENTRIES, FOL_ARCHIVE_MAX_PHOTO_SIZE, 10000 };
  FolArchiveLimits tiny_photo = { FOL_ARCHIVE_MAX_ENTRIES, 4, FOL_ARCHIVE_MAX_TOTAL_SIZE };
  const FolArchiveLimits *limits[] = { &few, &small, &tiny_photo, NULL };
  const char *messages[] = { "it holds too many files", "The archive is too large",
                             "a file in it is too large", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = g_file_new_for_path (archive);
      g_autoptr(GFileInputStream) in = g_file_read (file, NULL, NULL);
      g_autofree char *dest = g_strdup_printf ("%s/extract-%u", f->dir, i);
      gboolean ok;

      g_assert_cmpint (g_mkdir (dest, 0700), ==, 0);
      ok = fol_archive_extract_limited (G_INPUT_STREAM (in), dest, limits[i], &error);
      if (messages[i] == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          continue;
        }
      g_assert_false (ok);
      g_assert_nonnull (error);
      if (strstr (error->message, messages[i]) == NULL)
        g_error ("“%s” does not say “%s”", error->message, messages[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/restore/genuine", test_genuine);
  ADD ("/restore/schema", test_schema);
  ADD ("/restore/translated", test_translated);
  ADD ("/restore/older-schema", test_older_schema);
  ADD ("/restore/hostile", test_hostile);
  ADD ("/restore/huge-entry", test_huge_entry);
  ADD ("/restore/backup-photos", test_backup_photos);
  ADD ("/restore/limits", test_limits);
  ADD ("/restore/written-layout", test_written_layout);
#undef ADD

  return g_test_run ();
}
