/* fol-sqlite-store-schema.c
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

#include <string.h>

#include "fol-clinic-file.h"
#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-sqlite-migrations.h"
#include "fol-sqlite-store-private.h"

/* What a restore installs is a clinic this version of Follicle could have
 * made itself: its schema (every table, column, index, trigger and view)
 * is exactly the one migrations 1..N create for the version it claims.
 * Anything else (a trigger that deletes patients, a view in place of a
 * table, a version number that lies) could run or break on the next
 * write, so it is refused before it replaces anything.
 */

typedef struct
{
  int   rank;   /* tables, then indexes, triggers, views */
  char *type;
  char *name;
  char *tbl_name;
  char *sql;    /* normalised; "" for SQLite's automatic indexes */
} SchemaObject;

static void
schema_object_free (SchemaObject *o)
{
  g_free (o->type);
  g_free (o->name);
  g_free (o->tbl_name);
  g_free (o->sql);
  g_free (o);
}

static int
type_rank (const char *type)
{
  static const char * const types[] = { "table", "index", "trigger", "view" };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (type, types[i]) == 0)
      return i;
  return G_N_ELEMENTS (types);
}

/* Whitespace outside quotes collapses to one space, and goes entirely
 * next to punctuation: the same statement laid out differently compares
 * equal, any other difference does not.
 */
static char *
normalise_sql (const char *sql)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;
  char quote = 0;

  for (const char *p = sql ? sql : ""; *p; p++)
    {
      if (quote != 0)
        {
          g_string_append_c (out, *p);
          if (*p == quote)
            quote = 0;
          continue;
        }
      if (g_ascii_isspace (*p))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0 && strchr ("(),;", *p) == NULL &&
          strchr ("(),;", out->str[out->len - 1]) == NULL)
        g_string_append_c (out, ' ');
      space = FALSE;
      if (*p == '\'' || *p == '"' || *p == '`' || *p == '[')
        quote = *p == '[' ? ']' : *p;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static int
compare_objects (gconstpointer a,
                 gconstpointer b)
{
  const SchemaObject *oa = *(SchemaObject **) a;
  const SchemaObject *ob = *(SchemaObject **) b;

  if (oa->rank != ob->rank)
    return oa->rank - ob->rank;
  return strcmp (oa->name, ob->name);
}

/* Every entry of sqlite_master, sorted. */
static GPtrArray *
load_schema (sqlite3  *db,
             GError  **error)
{
  g_autoptr(GPtrArray) objects = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  objects = g_ptr_array_new_with_free_func ((GDestroyNotify) schema_object_free);
  rc = sqlite3_prepare_v2 (db, "SELECT type, name, tbl_name, sql FROM sqlite_master", -1,
                           &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SchemaObject *o = g_new0 (SchemaObject, 1);

      o->type = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      o->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      o->tbl_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      o->sql = normalise_sql ((const char *) sqlite3_column_text (stmt, 3));
      o->rank = type_rank (o->type);
      if (o->name == NULL)
        o->name = g_strdup ("");
      g_ptr_array_add (objects, o);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _fol_sqlite_set_error_from_rc (error, rc, sqlite3_errmsg (db));
      return NULL;
    }
  g_ptr_array_sort (objects, compare_objects);
  return g_steal_pointer (&objects);
}

static SchemaObject *
find_object (GPtrArray          *objects,
             const SchemaObject *like)
{
  for (guint i = 0; i < objects->len; i++)
    {
      SchemaObject *o = g_ptr_array_index (objects, i);

      if (o->rank == like->rank && strcmp (o->name, like->name) == 0)
        return o;
    }
  return NULL;
}

/* The names of a table's columns, in order. */
static GPtrArray *
table_columns (sqlite3    *db,
               const char *table)
{
  GPtrArray *columns = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT name FROM pragma_table_info (?1)", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (columns, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    }
  sqlite3_finalize (stmt);
  return columns;
}

static gboolean
has_string (GPtrArray  *strings,
            const char *s)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_strcmp0 (g_ptr_array_index (strings, i), s) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
schema_error (GError    **error,
              const char *format,
              ...) G_GNUC_PRINTF (2, 3);

static gboolean
schema_error (GError    **error,
              const char *format,
              ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_A_DATABASE,
                                                format, args));
  va_end (args);
  return FALSE;
}

static gboolean
unknown_object (const SchemaObject  *o,
                GError             **error)
{
  switch (o->rank)
    {
    case 0:
      return schema_error (error, _("the backup's database has an unknown table “%s”"), o->name);
    case 1:
      return schema_error (error, _("the backup's database has an unknown index “%s”"), o->name);
    case 2:
      return schema_error (error, _("the backup's database has an unknown trigger “%s”"), o->name);
    case 3:
      return schema_error (error, _("the backup's database has an unknown view “%s”"), o->name);
    default:
      return schema_error (error, _("the backup's database has an unknown object “%s”"), o->name);
    }
}

static gboolean
missing_object (const SchemaObject  *o,
                GError             **error)
{
  switch (o->rank)
    {
    case 0:
      return schema_error (error, _("the backup's database lacks the table “%s”"), o->name);
    case 1:
      return schema_error (error, _("the backup's database lacks the index “%s”"), o->name);
    case 2:
      return schema_error (error, _("the backup's database lacks the trigger “%s”"), o->name);
    default:
      return schema_error (error, _("the backup's database lacks the view “%s”"), o->name);
    }
}

static gboolean
different_object (sqlite3             *db,
                  sqlite3             *reference,
                  const SchemaObject  *o,
                  GError             **error)
{
  if (o->rank == 0)
    {
      g_autoptr(GPtrArray) got = table_columns (db, o->name);
      g_autoptr(GPtrArray) want = table_columns (reference, o->name);

      for (guint i = 0; i < want->len; i++)
        if (!has_string (got, g_ptr_array_index (want, i)))
          return schema_error (error,
                               _("the table “%s” of the backup's database lacks the column “%s”"),
                               o->name, (const char *) g_ptr_array_index (want, i));
      for (guint i = 0; i < got->len; i++)
        if (!has_string (want, g_ptr_array_index (got, i)))
          return schema_error (error,
                               _("the table “%s” of the backup's database has an unknown "
                                 "column “%s”"),
                               o->name, (const char *) g_ptr_array_index (got, i));
      return schema_error (error, _("the table “%s” of the backup's database differs from the "
                                    "one this version of Follicle creates"), o->name);
    }

  switch (o->rank)
    {
    case 1:
      return schema_error (error, _("the index “%s” of the backup's database differs from the "
                                    "one this version of Follicle creates"), o->name);
    case 2:
      return schema_error (error, _("the trigger “%s” of the backup's database differs from the "
                                    "one this version of Follicle creates"), o->name);
    default:
      return schema_error (error, _("the view “%s” of the backup's database differs from the "
                                    "one this version of Follicle creates"), o->name);
    }
}

/* An empty in-memory database taken through migrations 1..@version. */
static sqlite3 *
reference_database (guint    version,
                    GError **error)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);

  if (rc == SQLITE_OK)
    _fol_sqlite_migration_functions (db, TRUE);
  for (guint v = 1; rc == SQLITE_OK && v <= version; v++)
    rc = sqlite3_exec (db, _fol_sqlite_migration (v), NULL, NULL, NULL);
  if (db != NULL)
    _fol_sqlite_migration_functions (db, FALSE);
  if (rc != SQLITE_OK)
    {
      _fol_sqlite_set_error_from_rc (error, rc, db ? sqlite3_errmsg (db) : NULL);
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

/* Checks that the schema of @db is exactly the one migrations 1..@version
 * create: the same tables with the same columns, indexes, triggers and
 * views (type, name, table and normalised SQL of every sqlite_master
 * entry), nothing more and nothing less.
 */
gboolean
_fol_sqlite_check_schema (sqlite3  *db,
                          guint     version,
                          GError  **error)
{
  sqlite3 *reference = NULL;
  g_autoptr(GPtrArray) got = NULL;
  g_autoptr(GPtrArray) want = NULL;
  gboolean ok = FALSE;

  g_assert (version <= _fol_sqlite_schema_version ());

  reference = reference_database (version, error);
  if (reference == NULL)
    return FALSE;
  if ((got = load_schema (db, error)) == NULL || (want = load_schema (reference, error)) == NULL)
    goto out;

  for (guint i = 0; i < got->len; i++)
    if (find_object (want, g_ptr_array_index (got, i)) == NULL)
      {
        unknown_object (g_ptr_array_index (got, i), error);
        goto out;
      }
  for (guint i = 0; i < want->len; i++)
    if (find_object (got, g_ptr_array_index (want, i)) == NULL)
      {
        missing_object (g_ptr_array_index (want, i), error);
        goto out;
      }
  for (guint i = 0; i < got->len; i++)
    {
      SchemaObject *o = g_ptr_array_index (got, i);
      SchemaObject *w = find_object (want, o);

      if (w == NULL || g_strcmp0 (o->type, w->type) != 0 ||
          g_strcmp0 (o->tbl_name, w->tbl_name) != 0 || g_strcmp0 (o->sql, w->sql) != 0)
        {
          different_object (db, reference, o, error);
          goto out;
        }
    }
  ok = TRUE;

out:
  sqlite3_close (reference);
  return ok;
}

static gboolean
exec_or_fail (sqlite3     *db,
              const char  *sql,
              GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _fol_sqlite_set_error_from_rc (error, rc, sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

/**
 * fol_clinic_file_upgrade:
 *
 * Brings the clinic file at @path, already verified, to this version's
 * schema (in one transaction, as opening a clinic does), leaves it a
 * self-contained file and checks its schema again: a clinic is only ever
 * replaced by one every command can open.
 */
gboolean
fol_clinic_file_upgrade (const char  *path,
                         GError     **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint latest = _fol_sqlite_schema_version ();
  guint version = 0;
  gboolean ok = FALSE;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _fol_sqlite_set_error_from_rc (error, rc, db ? sqlite3_errmsg (db) : NULL);
      goto out;
    }
  sqlite3_extended_result_codes (db, TRUE);

  if (!exec_or_fail (db, "PRAGMA journal_mode = DELETE", error) ||
      !exec_or_fail (db, "BEGIN EXCLUSIVE", error))
    goto out;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  /* Checked again inside the transaction: this is the file that counts. */
  if (version > latest || !_fol_sqlite_check_schema (db, version, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_TOO_NEW,
                     _("The backup was written by a newer version of Follicle (schema %u; "
                       "this version knows %u)"), version, latest);
      goto rollback;
    }

  _fol_sqlite_migration_functions (db, TRUE);
  for (guint v = version + 1; v <= latest; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", v);

      if (!exec_or_fail (db, _fol_sqlite_migration (v), error) ||
          !exec_or_fail (db, set_version, error))
        {
          _fol_sqlite_migration_functions (db, FALSE);
          goto rollback;
        }
    }
  _fol_sqlite_migration_functions (db, FALSE);

  if (!_fol_sqlite_check_schema (db, latest, error) ||
      !exec_or_fail (db, "COMMIT", error))
    goto rollback;
  ok = TRUE;
  goto out;

rollback:
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
out:
  if (sqlite3_close (db) != SQLITE_OK && ok)
    {
      _fol_sqlite_set_error_from_rc (error, SQLITE_IOERR, NULL);
      ok = FALSE;
    }
  return ok;
}

/**
 * fol_clinic_file_referenced_photos:
 *
 * Returns: (transfer full) (element-type utf8 utf8): the set of the
 *   SHA-256 of every photo the records of the clinic file at @path refer
 *   to, or %NULL with @error set
 */
GHashTable *
fol_clinic_file_referenced_photos (const char  *path,
                                   GError     **error)
{
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "SELECT DISTINCT sha256 FROM photos WHERE sha256 IS NOT NULL",
                             -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_hash_table_add (set, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _fol_sqlite_set_error_from_rc (error, rc, db ? sqlite3_errmsg (db) : NULL);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_close (db);
  return g_steal_pointer (&set);
}
