/* fol-sqlite-store.c
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

#define G_LOG_DOMAIN "fol-sqlite-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-sqlite-migrations.h"
#include "fol-sqlite-store-private.h"
#include "fol-validate.h"

/* How long a writer waits for another process holding the database (the
 * window and a command line export, say) before giving up.
 */
#define BUSY_TIMEOUT_MS 10000


static void store_iface_init (FolStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FolSqliteStore, fol_sqlite_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FOL_TYPE_STORE, store_iface_init))

/* Error handling */

void
_fol_sqlite_set_error_from_rc (GError     **error,
                               int          rc,
                               const char  *message)
{
  int code;
  const char *text;

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      code = FOL_STORE_ERROR_NO_SPACE;
      text = _("The disk is full: nothing was saved. Free some space and try again.");
      break;
    case SQLITE_IOERR:
      code = FOL_STORE_ERROR_IO;
      text = _("The disk could not be written: nothing was saved.");
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = FOL_STORE_ERROR_BUSY;
      text = _("Another program kept the clinic database busy for too long: nothing was saved. Try again.");
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      code = FOL_STORE_ERROR_READ_ONLY;
      text = _("The clinic database cannot be written.");
      break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      code = FOL_STORE_ERROR_NOT_A_DATABASE;
      text = _("The file is not a Follicle clinic database, or it is damaged.");
      break;
    default:
      code = FOL_STORE_ERROR_FAILED;
      text = _("The clinic database reported an error.");
      break;
    }

  g_set_error (error, FOL_STORE_ERROR, code, "%s (%s)", text, message ? message : sqlite3_errstr (rc));
}

gboolean
_fol_sqlite_fail (FolSqliteStore  *self,
                  int              rc,
                  GError         **error)
{
  _fol_sqlite_set_error_from_rc (error, rc, sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
_fol_sqlite_exec (FolSqliteStore  *self,
                  const char      *sql,
                  GError         **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      _fol_sqlite_set_error_from_rc (error, rc, message);
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

/* Statements */

sqlite3_stmt *
_fol_sqlite_prepare (FolSqliteStore  *self,
                     const char      *sql,
                     GError         **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _fol_sqlite_fail (self, rc, error);
      return NULL;
    }

  /* Keyed by the text, not its address: a statement made from a string
   * that is freed afterwards is never found again by another one. */
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* Runs a statement that returns no rows and resets it. */
gboolean
_fol_sqlite_step_done (FolSqliteStore  *self,
                       sqlite3_stmt    *stmt,
                       GError         **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _fol_sqlite_fail (self, rc, error);
  return TRUE;
}

void
_fol_sqlite_bind_text (sqlite3_stmt *stmt,
                       int           index,
                       const char   *text)
{
  if (text == NULL || text[0] == '\0')
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

void
_fol_sqlite_bind_double (sqlite3_stmt *stmt,
                         int           index,
                         double        value)
{
  if (isnan (value))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_double (stmt, index, value);
}

void
_fol_sqlite_bind_score (sqlite3_stmt *stmt,
                        int           index,
                        int           value)
{
  if (value == FOL_NO_SCORE)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int (stmt, index, value);
}

void
_fol_sqlite_bind_date (sqlite3_stmt *stmt,
                       int           index,
                       FolDate       date)
{
  g_autofree char *iso = fol_date_to_iso (date);

  _fol_sqlite_bind_text (stmt, index, iso);
}

const char *
_fol_sqlite_column_text (sqlite3_stmt *stmt,
                         int           index)
{
  return (const char *) sqlite3_column_text (stmt, index);
}

double
_fol_sqlite_column_double (sqlite3_stmt *stmt,
                           int           index)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return NAN;
  return sqlite3_column_double (stmt, index);
}

int
_fol_sqlite_column_score (sqlite3_stmt *stmt,
                          int           index)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return FOL_NO_SCORE;
  return sqlite3_column_int (stmt, index);
}

FolDate
_fol_sqlite_column_date (sqlite3_stmt *stmt,
                         int           index)
{
  FolDate date = FOL_DATE_NONE;
  const char *text = _fol_sqlite_column_text (stmt, index);

  if (text != NULL && !fol_date_parse (text, &date, NULL))
    g_warning ("Invalid date “%s” in the database", text);
  return date;
}

guint
_fol_sqlite_column_region (sqlite3_stmt *stmt,
                           int           index)
{
  FolRegion region = FOL_REGION_NONE;

  if (!fol_region_from_code (_fol_sqlite_column_text (stmt, index), &region))
    return FOL_N_REGIONS;
  return region;
}

/* Transactions: one user action is one transaction. */

gboolean
_fol_sqlite_begin (FolSqliteStore  *self,
                   GError         **error)
{
  if (self->flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_READ_ONLY,
                   _("The clinic “%s” is read-only: nothing can be changed."), self->path);
      return FALSE;
    }

  if (!_fol_sqlite_check_identity (self, error))
    return FALSE;

  /* IMMEDIATE takes the write lock now, so a busy database makes us wait
   * (busy timeout) instead of failing half way through.
   */
  return _fol_sqlite_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
_fol_sqlite_commit (FolSqliteStore  *self,
                    GError         **error)
{
  if (!_fol_sqlite_exec (self, "COMMIT", error))
    {
      if (!sqlite3_get_autocommit (self->db))
        _fol_sqlite_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
_fol_sqlite_rollback (FolSqliteStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    _fol_sqlite_exec (self, "ROLLBACK", NULL);
  return FALSE;
}

/* Opening */

/* The first column of the first row of a query, as an integer. */
gboolean
_fol_sqlite_query_int (FolSqliteStore  *self,
                       const char      *sql,
                       int             *out,
                       GError         **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }

  if (rc != SQLITE_OK)
    {
      _fol_sqlite_set_error_from_rc (error, rc, sqlite3_errmsg (self->db));
      sqlite3_finalize (stmt);
      return FALSE;
    }

  sqlite3_finalize (stmt);
  return TRUE;
}

gboolean
_fol_sqlite_migrate (FolSqliteStore  *self,
                     GError         **error)
{
  int version = 0, application_id = 0, n_tables = 0;
  guint latest = _fol_sqlite_schema_version ();

  if (!_fol_sqlite_query_int (self, "PRAGMA user_version", &version, error) ||
      !_fol_sqlite_query_int (self, "PRAGMA application_id", &application_id, error) ||
      !_fol_sqlite_query_int (self, "SELECT count(*) FROM sqlite_master", &n_tables, error))
    return FALSE;

  if ((application_id != 0 && application_id != FOL_SQLITE_APPLICATION_ID) ||
      (application_id == 0 && n_tables > 0))
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is a database of another application; it was left untouched."),
                   self->path);
      return FALSE;
    }

  if (version < 0)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Follicle clinic database; it was left untouched."), self->path);
      return FALSE;
    }

  if (version > (int) latest)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Follicle (schema %d; this version knows %u). "
                     "It was left untouched: update Follicle to open it."),
                   self->path, version, latest);
      return FALSE;
    }

  if (version == (int) latest)
    return TRUE;

  if (self->flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NEEDS_UPGRADE,
                   _("“%s” needs to be upgraded, which cannot be done read-only."), self->path);
      return FALSE;
    }

  /* All steps in one transaction: an interrupted upgrade leaves the old
   * version intact.
   */
  if (!_fol_sqlite_exec (self, "BEGIN EXCLUSIVE", error))
    return FALSE;

  _fol_sqlite_migration_functions (self->db, TRUE);
  for (guint v = version + 1; v <= latest; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", v);

      if (!_fol_sqlite_exec (self, _fol_sqlite_migration (v), error) ||
          !_fol_sqlite_exec (self, set_version, error))
        {
          _fol_sqlite_migration_functions (self->db, FALSE);
          return _fol_sqlite_rollback (self);
        }
    }
  _fol_sqlite_migration_functions (self->db, FALSE);

  {
    g_autofree char *set_id = g_strdup_printf ("PRAGMA application_id = %d",
                                               FOL_SQLITE_APPLICATION_ID);

    if (!_fol_sqlite_exec (self, set_id, error))
      return _fol_sqlite_rollback (self);
  }

  return _fol_sqlite_commit (self, error);
}

/* Photo files are kept beside the database, by content hash. */
static char *
fol_sqlite_store_get_photo_dir (FolStore *store)
{
  g_autofree char *data_dir = g_path_get_dirname (FOL_SQLITE_STORE (store)->path);

  return g_build_filename (data_dir, "photos", NULL);
}

/* GObject */

static void
store_iface_init (FolStoreInterface *iface)
{
  iface->list_patients = _fol_sqlite_store_list_patients;
  iface->each_patient = _fol_sqlite_store_each_patient;
  iface->get_photo_dir = fol_sqlite_store_get_photo_dir;
  _fol_sqlite_store_history_iface_init (iface);
  _fol_sqlite_store_records_iface_init (iface);
  _fol_sqlite_store_photos_iface_init (iface);
  _fol_sqlite_store_export_iface_init (iface);
  _fol_sqlite_store_clinic_iface_init (iface);
  _fol_sqlite_store_outcomes_iface_init (iface);
  _fol_sqlite_store_protocols_iface_init (iface);
}

static void
fol_sqlite_store_finalize (GObject *object)
{
  FolSqliteStore *self = (FolSqliteStore *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  /* After the connection: nobody may replace the file while it is open. */
  g_clear_pointer (&self->lock, fol_clinic_lock_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->notice, g_free);

  G_OBJECT_CLASS (fol_sqlite_store_parent_class)->finalize (object);
}

static void
fol_sqlite_store_class_init (FolSqliteStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fol_sqlite_store_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
fol_sqlite_store_init (FolSqliteStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  _fol_sqlite_store_set_search_tuning (self, NULL);
}

/**
 * fol_sqlite_store_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/follicle/follicle.db`
 */
char *
fol_sqlite_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "follicle", "follicle.db", NULL);
}

guint
fol_sqlite_store_schema_version (void)
{
  return _fol_sqlite_schema_version ();
}

/**
 * fol_sqlite_store_get_data_dir:
 *
 * Returns: (transfer full): the folder the database lives in; photos and
 *   backups are kept beside it, in photos/ and backups/
 */
char *
fol_sqlite_store_get_data_dir (FolSqliteStore *self)
{
  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), NULL);
  return g_path_get_dirname (self->path);
}

const char *
fol_sqlite_store_get_path (FolSqliteStore *self)
{
  g_return_val_if_fail (FOL_IS_SQLITE_STORE (self), NULL);
  return self->path;
}

/* Takes the clinic's lock: shared while it is open; exclusive for the
 * moment a new clinic is made, so two processes never both make it.
 */
static gboolean
lock_clinic (FolSqliteStore  *self,
             GError         **error)
{
  gint64 end = g_get_monotonic_time () + (gint64) BUSY_TIMEOUT_MS * 1000;
  FolClinicLock *lock;

  /* A reader never needs to make the lock file: a restore under it is
   * harmless, the reader keeps the file it opened.
   */
  if (self->flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY)
    {
      g_autofree char *lock_path = fol_clinic_lock_path (self->path);

      if ((self->flags & FOL_SQLITE_STORE_FLAGS_NOT_CLINIC) ||
          !g_file_test (lock_path, G_FILE_TEST_EXISTS))
        return TRUE;
    }

  lock = fol_clinic_lock_acquire (self->path, FOL_CLINIC_LOCK_SHARED, error);
  if (lock == NULL)
    return FALSE;
  self->lock = lock;

  if (self->flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY)
    return TRUE;
  /* Nobody makes the clinic while this lock is held: a temporary one
   * beside it is what a crash left.
   */
  _fol_sqlite_remove_leftovers (self->path);
  if (!_fol_sqlite_needs_create (self->path))
    return TRUE;

  /* This process is restoring the clinic and holds it already. */
  if (fol_clinic_lock_is_exclusive (lock))
    return _fol_sqlite_create (self->path, error);

  g_clear_pointer (&self->lock, fol_clinic_lock_unref);
  for (;;)
    {
      g_autoptr(GError) local = NULL;

      lock = fol_clinic_lock_acquire (self->path, FOL_CLINIC_LOCK_EXCLUSIVE, &local);
      if (lock != NULL)
        {
          self->lock = lock;
          _fol_sqlite_recover_journal (self->path);
          if (_fol_sqlite_needs_create (self->path) && !_fol_sqlite_create (self->path, error))
            return FALSE;
          fol_clinic_lock_downgrade (lock);
          return TRUE;
        }
      if (!g_error_matches (local, FOL_STORE_ERROR, FOL_STORE_ERROR_BUSY))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }

      /* Another process has it open: it made the clinic, or is making it. */
      if (!_fol_sqlite_needs_create (self->path))
        {
          self->lock = fol_clinic_lock_acquire (self->path, FOL_CLINIC_LOCK_SHARED, error);
          return self->lock != NULL;
        }
      if (g_get_monotonic_time () >= end)
        {
          g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_BUSY,
                       _("The clinic “%s” is being restored or created by another program: try again when it is done"),
                       self->path);
          return FALSE;
        }
      g_usleep (20000);
    }
}

static gboolean
is_cannot_share (int rc)
{
  /* A WAL clinic read-only with no shared index beside it. */
  return (rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY;
}

/**
 * fol_sqlite_store_open:
 * @path: (nullable): the database file; %NULL for the default
 *
 * Opens (creating it when needed) a clinic database and brings its schema
 * up to date. A file that is not a Follicle database, or one written by a
 * newer version, is refused and left byte-for-byte untouched. A clinic
 * that cannot be written opens read-only: reading works, writing fails
 * with %FOL_STORE_ERROR_READ_ONLY.
 *
 * While the store is open it holds the clinic's lock, so a restore is
 * refused; a new clinic is made whole beside its path and renamed into
 * place, so a crash never leaves half of one.
 */
FolSqliteStore *
fol_sqlite_store_open (const char           *path,
                       FolSqliteStoreFlags   flags,
                       GError              **error)
{
  g_autoptr(FolSqliteStore) self = NULL;
  int rc;

  self = g_object_new (FOL_TYPE_SQLITE_STORE, NULL);
  self->path = path ? g_strdup (path) : fol_sqlite_store_default_path ();
  self->flags = flags;

  if (g_file_test (self->path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder, not a clinic database"), self->path);
      return NULL;
    }

  /* Before any check of its own: an interrupted transaction left the file
   * half written (even its header), and SQLite puts it back as it was.
   */
  if (!(flags & FOL_SQLITE_STORE_FLAGS_NOT_CLINIC) &&
      (!(flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY) || g_access (self->path, W_OK) == 0))
    _fol_sqlite_recover_journal (self->path);

  if (!_fol_sqlite_check_header (self->path, error))
    return NULL;

  if (flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY)
    {
      if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("“%s” does not exist"), self->path);
          return NULL;
        }
    }
  else if (!_fol_sqlite_ensure_folder (self->path, error))
    return NULL;

  if (!(flags & FOL_SQLITE_STORE_FLAGS_NOT_CLINIC))
    self->notice = _fol_sqlite_tighten_permissions (self->path);

  if (!lock_clinic (self, error))
    return NULL;

  {
    GStatBuf st;

    if (g_stat (self->path, &st) != 0)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("“%s” does not exist"), self->path);
        return NULL;
      }
    if (st.st_size == 0)
      {
        g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
                     _("“%s” is empty: it is not a clinic database"), self->path);
        return NULL;
      }
  }

  /* A clinic that cannot be written opens read-only rather than not at
   * all: it can still be read, listed and exported.
   */
  if (!(self->flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY) && g_access (self->path, W_OK) != 0)
    self->flags |= FOL_SQLITE_STORE_FLAGS_READ_ONLY;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        ((self->flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY) ? SQLITE_OPEN_READONLY
                                                                          : SQLITE_OPEN_READWRITE)
                        | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _fol_sqlite_set_error_from_rc (error, rc, self->db ? sqlite3_errmsg (self->db) : NULL);
      g_prefix_error (error, "%s: ", self->path);
      return NULL;
    }

  if (sqlite3_db_readonly (self->db, "main") == 1)
    self->flags |= FOL_SQLITE_STORE_FLAGS_READ_ONLY;

  /* Reading the schema first: it fails on a damaged file before anything
   * (WAL mode, migrations) writes to it.
   */
  {
    int version = 0;
    GError *local = NULL;

    sqlite3_extended_result_codes (self->db, TRUE);
    sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
    /* Statement journals in memory: a visit's save touches a page of the
     * outcomes tables per region (migration 10), which would otherwise
     * spill each save's statement journal to a temporary file. Set before
     * the schema is first read: changing it afterwards makes SQLite read
     * the whole schema (its 51 triggers) a second time.
     */
    if (!_fol_sqlite_exec (self, "PRAGMA temp_store = MEMORY", error))
      return NULL;
    if (!_fol_sqlite_query_int (self, "PRAGMA user_version", &version, &local) &&
        (self->flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY) &&
        is_cannot_share (sqlite3_extended_errcode (self->db)) &&
        _fol_sqlite_open_immutable (self, NULL))
      {
        g_clear_error (&local);
        sqlite3_extended_result_codes (self->db, TRUE);
        _fol_sqlite_query_int (self, "PRAGMA user_version", &version, &local);
      }
    if (local != NULL)
      {
        g_propagate_prefixed_error (error, local, "%s: ", self->path);
        return NULL;
      }
    if (version > (int) _fol_sqlite_schema_version ())
      {
        g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_TOO_NEW,
                     _("“%s” was written by a newer version of Follicle (schema %d; this version knows %u). "
                       "It was left untouched: update Follicle to open it."),
                     self->path, version, _fol_sqlite_schema_version ());
        return NULL;
      }
  }

  if (!_fol_sqlite_exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  /* Refuses another application's database before anything is written. */
  if (!_fol_sqlite_migrate (self, error))
    return NULL;

  if (!(self->flags & FOL_SQLITE_STORE_FLAGS_READ_ONLY) &&
      (!_fol_sqlite_exec (self, "PRAGMA journal_mode = WAL", error) ||
       !_fol_sqlite_exec (self, "PRAGMA synchronous = FULL", error)))
    return NULL;

  _fol_sqlite_remember_identity (self);
  return g_steal_pointer (&self);
}
