/* fol-sqlite-store-search.c
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

#include <sqlite3.h>

#include "fol-patient-list.h"
#include "fol-sqlite-store-private.h"

/* The patient list, whole or searched, as the user types.
 *
 * A search that matches most of a large clinic ("s", or the prefix every ID
 * shares) used to collect and sort every matching key before returning:
 * hundreds of milliseconds for 100,000 patients, on every keystroke. The
 * list now walks the index on (sort_name, id) in that order, testing each
 * entry, and returns once it has the first screenfuls; the rest arrives in
 * short slices from the main loop (see FolPatientList). Each slice resumes
 * after the last index entry it read, by key, so no statement stays open
 * between slices while the same connection writes, and a key order given
 * by the index is never sorted again.
 *
 * A rare needle of three characters or more is found faster through the
 * trigram index: when the first slice finds few matches, the trigram index
 * and the ID range are read up to a bound, and if they hold fewer, their
 * matches are sorted all at once, which is cheap for a few hundred rows.
 */

static const FolSqliteSearchTuning default_tuning = {
  .first_rows = 100,        /* a few screenfuls of rows */
  .first_budget_us = 500,   /* well within a keystroke's 5 ms */
  .slice_budget_us = 4000,  /* a quarter of a 60 Hz frame */
  .slice_rows = 0,
  .rare_limit = 400,
};

/* Every patient after (?3, ?4) in name order, with whether it matches: the
 * needle is a substring of the sort key or the diagnosis, or starts the ID.
 * The trigram index finds the same (sort keys are folded already, and
 * diagnoses are the catalog's lower-case codes). instr (x, '') is 1, so
 * the empty needle matches everyone.
 */
#define WALK_COLUMNS \
  "instr (sort_name, ?1) > 0 OR (id >= ?1 AND id < ?2)" \
  " OR instr (replace (diagnosis, '_', ' '), ?1) > 0, rowid, sort_name, id"

static const char walk_first_sql[] =
  "SELECT " WALK_COLUMNS " FROM patients INDEXED BY patients_search_keys"
  " ORDER BY sort_name, id";

static const char walk_next_sql[] =
  "SELECT " WALK_COLUMNS " FROM patients INDEXED BY patients_search_keys"
  " WHERE (sort_name, id) > (?3, ?4) ORDER BY sort_name, id";

/* A rare needle's matches, each query stopping at the bound of a rare one:
 * the trigram index gives keys, the ID range gives keys with their sort
 * key, and the other sort keys are looked up by key.
 */
static const char rare_by_text_sql[] =
  "SELECT rowid FROM patients_search WHERE patients_search MATCH ?1 LIMIT ?2";

static const char rare_by_id_sql[] =
  "SELECT rowid, sort_name, id FROM patients WHERE id >= ?1 AND id < ?2 LIMIT ?3";

static const char sort_key_sql[] =
  "SELECT sort_name, id FROM patients WHERE rowid = ?1";

/* The clock is read once per this many index entries: often enough to stop
 * within a few microseconds of the budget, rarely enough to cost nothing.
 */
#define CLOCK_EVERY 32

typedef struct
{
  FolSqliteStore *store;
  char           *needle;
  char           *id_end;
  char           *after_name;  /* the last entry read; NULL before the first */
  char           *after_id;
} Walk;

static void
walk_free (Walk *walk)
{
  g_clear_object (&walk->store);
  g_free (walk->needle);
  g_free (walk->id_end);
  g_free (walk->after_name);
  g_free (walk->after_id);
  g_free (walk);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Walk, walk_free)

/* Reads index entries after the last one read, appending the matches, until
 * @max_found matches, @max_read entries or @budget_us have gone by (0 for
 * no limit), or the index ends (@out_done).
 */
static gboolean
walk_slice (Walk     *walk,
            GArray   *keys,
            guint     max_found,
            guint     max_read,
            gint64    budget_us,
            gboolean *out_done,
            GError  **error)
{
  gint64 deadline = budget_us > 0 ? g_get_monotonic_time () + budget_us : G_MAXINT64;
  guint found = 0;
  guint read = 0;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _fol_sqlite_prepare (walk->store, walk->after_name != NULL ? walk_next_sql : walk_first_sql,
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, walk->needle, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, walk->id_end, -1, SQLITE_TRANSIENT);
  if (walk->after_name != NULL)
    {
      sqlite3_bind_text (stmt, 3, walk->after_name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, walk->after_id, -1, SQLITE_TRANSIENT);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      read++;
      if (sqlite3_column_int (stmt, 0))
        {
          gint64 key = sqlite3_column_int64 (stmt, 1);

          g_array_append_val (keys, key);
          found++;
        }

      if ((max_found > 0 && found >= max_found) ||
          (max_read > 0 && read >= max_read) ||
          (read % CLOCK_EVERY == 0 && g_get_monotonic_time () >= deadline))
        {
          /* The row's text lives only until the reset. */
          char *name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          char *id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));

          sqlite3_reset (stmt);
          g_free (walk->after_name);
          g_free (walk->after_id);
          walk->after_name = name;
          walk->after_id = id;
          *out_done = FALSE;
          return TRUE;
        }
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return _fol_sqlite_fail (walk->store, rc, error);

  *out_done = TRUE;
  return TRUE;
}

static gboolean
walk_fill (gpointer   data,
           GArray    *keys,
           gboolean   to_end,
           gboolean  *out_done,
           GError   **error)
{
  Walk *walk = data;
  const FolSqliteSearchTuning *tuning = &walk->store->search_tuning;

  if (to_end)
    return walk_slice (walk, keys, 0, 0, 0, out_done, error);
  return walk_slice (walk, keys, 0, tuning->slice_rows, tuning->slice_budget_us, out_done, error);
}

/* One FTS5 phrase: with trigrams, a substring of the column. */
static char *
fts_phrase (const char *needle)
{
  GString *phrase = g_string_new ("\"");

  for (const char *c = needle; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (phrase, '"');
      g_string_append_c (phrase, *c);
    }
  g_string_append_c (phrase, '"');
  return g_string_free (phrase, FALSE);
}

typedef struct
{
  gint64  key;
  char   *sort_name;
  char   *id;
} Match;

static void
match_clear (gpointer data)
{
  Match *match = data;

  g_free (match->sort_name);
  g_free (match->id);
}

/* Name order, as the index on (sort_name, id) has it: SQLite compares text
 * as bytes, and so does strcmp.
 */
static int
match_compare (gconstpointer a,
               gconstpointer b)
{
  const Match *x = a, *y = b;
  int cmp = g_strcmp0 (x->sort_name, y->sort_name);

  return cmp != 0 ? cmp : g_strcmp0 (x->id, y->id);
}

/* Every match of @walk's needle in name order, when there are fewer than
 * the tuning's bound through the trigram index and fewer through the ID
 * range; otherwise @out_rare is unset and @keys untouched. Cheap for a
 * rare needle: the trigram index is read once, and a few hundred keys are
 * sorted.
 */
static gboolean
find_rare (Walk      *walk,
           GArray    *keys,
           gboolean  *out_rare,
           GError   **error)
{
  g_autofree char *phrase = fts_phrase (walk->needle);
  g_autoptr(GArray) matches = g_array_new (FALSE, TRUE, sizeof (Match));
  guint limit = walk->store->search_tuning.rare_limit;
  guint by_text, by_id = 0;
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_clear_func (matches, match_clear);
  *out_rare = FALSE;

  stmt = _fol_sqlite_prepare (walk->store, rare_by_text_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, phrase, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Match match = { sqlite3_column_int64 (stmt, 0), NULL, NULL };

      g_array_append_val (matches, match);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _fol_sqlite_fail (walk->store, rc, error);
  by_text = matches->len;
  if (by_text >= limit)
    return TRUE;

  stmt = _fol_sqlite_prepare (walk->store, rare_by_id_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, walk->needle, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, walk->id_end, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Match match = {
        sqlite3_column_int64 (stmt, 0),
        g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
      };

      g_array_append_val (matches, match);
      by_id++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _fol_sqlite_fail (walk->store, rc, error);
  if (by_id >= limit)
    return TRUE;

  stmt = _fol_sqlite_prepare (walk->store, sort_key_sql, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < by_text; i++)
    {
      Match *match = &g_array_index (matches, Match, i);

      sqlite3_bind_int64 (stmt, 1, match->key);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          match->sort_name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          match->id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return _fol_sqlite_fail (walk->store, rc, error);
    }

  /* A patient found both ways sorts next to itself: it is kept once. */
  g_array_sort (matches, match_compare);
  for (guint i = 0; i < matches->len; i++)
    {
      const Match *match = &g_array_index (matches, Match, i);

      if (match->sort_name == NULL)
        continue;
      if (i > 0 && g_array_index (matches, Match, i - 1).key == match->key)
        continue;
      g_array_append_val (keys, match->key);
    }

  *out_rare = TRUE;
  return TRUE;
}

GListModel *
_fol_sqlite_store_list_patients (FolStore    *store,
                                 const char  *search,
                                 GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  const FolSqliteSearchTuning *tuning = &self->search_tuning;
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(Walk) walk = g_new0 (Walk, 1);
  FolPatientList *list;
  gboolean done = FALSE;

  walk->store = g_object_ref (self);
  walk->needle = search != NULL ? g_strstrip (_fol_sqlite_sort_key (search)) : g_strdup ("");
  /* The ID prefix as a range of the primary key: IDs are compared as
   * bytes, and U+10FFFF sorts after any character that can follow.
   */
  walk->id_end = g_strconcat (walk->needle, "\xf4\x8f\xbf\xbf", NULL);

  if (!walk_slice (walk, keys, tuning->first_rows, tuning->slice_rows, tuning->first_budget_us,
                   &done, error))
    return NULL;

  /* Few matches in the first slice: perhaps few in all. */
  if (!done && keys->len < tuning->first_rows && g_utf8_strlen (walk->needle, -1) >= 3)
    {
      g_autoptr(GArray) rare_keys = g_array_new (FALSE, FALSE, sizeof (gint64));
      gboolean rare = FALSE;

      if (!find_rare (walk, rare_keys, &rare, error))
        return NULL;
      if (rare)
        {
          g_clear_pointer (&keys, g_array_unref);
          keys = g_steal_pointer (&rare_keys);
          done = TRUE;
        }
    }

  list = fol_patient_list_new (g_steal_pointer (&keys), _fol_sqlite_load_patient_by_key,
                               g_object_ref (self), g_object_unref);
  if (!done)
    fol_patient_list_set_filler (list, walk_fill, g_steal_pointer (&walk), (GDestroyNotify) walk_free);
  return G_LIST_MODEL (list);
}

/**
 * _fol_sqlite_store_set_search_tuning:
 * @tuning: (nullable): the bounds of a search's slices, %NULL for the defaults
 *
 * Small bounds make a small clinic behave like a large one, for tests.
 */
void
_fol_sqlite_store_set_search_tuning (FolSqliteStore              *self,
                                     const FolSqliteSearchTuning *tuning)
{
  g_return_if_fail (FOL_IS_SQLITE_STORE (self));

  self->search_tuning = tuning != NULL ? *tuning : default_tuning;
}
