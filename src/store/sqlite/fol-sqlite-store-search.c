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
#include "fol-search-key.h"
#include "fol-sqlite-store-private.h"

/* The patient list, whole or searched, as the user types.
 *
 * A patient matches when each word of the search starts a word of the
 * patient's search key (fol-search-key.c: the folded words of the name and
 * diagnosis, so accents, case and word order do not matter), or when the
 * search starts the patient's ID.
 *
 * A search that matches most of a large clinic ("s", or the prefix every ID
 * shares) used to collect and sort every matching key before returning:
 * hundreds of milliseconds for 100,000 patients, on every keystroke. The
 * list now walks the index on (sort_name, id, search_key) in that order,
 * testing each entry's key, and returns once it has the first screenfuls;
 * the rest arrives in short slices from the main loop (see
 * FolPatientList). Each slice resumes after the last index entry it read,
 * by key, so no statement stays open between slices while the same
 * connection writes, and a key order given by the index is never sorted
 * again.
 *
 * A search with a rare word is found faster through patient_words: when the
 * first slice finds few matches, the rarest word's range of that table and
 * the ID range are read up to a bound, and if they hold fewer, their
 * matches are sorted all at once, which is cheap for a few hundred rows.
 */

static const FolSqliteSearchTuning default_tuning = {
  /* A tall screenful (about 45 rows at 2160 px). GTK 4.8's list view makes
   * a row for each item it has, up to 200, before its first frame: each row
   * of the first slice is built, styled and measured before the window
   * shows, and the rest arrive from the main loop after it (100 rows here
   * cost the window's first frame about 20 ms more than 50). The list
   * would show no more before its first slice anyway: reading more would
   * be wasted on it.
   */
  .first_rows = FOL_PATIENT_LIST_FIRST_ROWS,
  .first_budget_us = 500,   /* well within a keystroke's 5 ms */
  .slice_budget_us = 4000,  /* a quarter of a 60 Hz frame */
  .slice_rows = 0,
  .rare_limit = 400,
};

/* The search's words are bound from ?5 on, each after a space: a word of
 * the key starts after a space, once the key is written after one too.
 * Statements are kept by their text's address (_fol_sqlite_prepare): the
 * text for each number of words is made once per process, and kept.
 */
#define FIRST_WORD_PARAM 5

G_LOCK_DEFINE_STATIC (sql_texts);
static GHashTable *sql_texts;

static const char *
keep_sql (const char *sql)
{
  char *kept;

  G_LOCK (sql_texts);
  if (sql_texts == NULL)
    sql_texts = g_hash_table_new (g_str_hash, g_str_equal);
  kept = g_hash_table_lookup (sql_texts, sql);
  if (kept == NULL)
    {
      kept = g_strdup (sql);
      g_hash_table_add (sql_texts, kept);
    }
  G_UNLOCK (sql_texts);
  return kept;
}

static const char *
words_condition_sql (const char * const *around,
                     const char         *column,
                     guint               n_words)
{
  g_autoptr(GString) sql = g_string_new (around[0]);

  if (n_words == 0)
    g_string_append (sql, "1");
  for (guint i = 0; i < n_words; i++)
    g_string_append_printf (sql, "%sinstr (' ' || %s, ?%u) > 0", i > 0 ? " AND " : "",
                            column, FIRST_WORD_PARAM + i);
  g_string_append (sql, around[1]);
  return keep_sql (sql->str);
}

static void
bind_words (sqlite3_stmt       *stmt,
            const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *spaced = g_strconcat (" ", words[i], NULL);

      sqlite3_bind_text (stmt, FIRST_WORD_PARAM + i, spaced, -1, SQLITE_TRANSIENT);
    }
}

/* Every patient after (?3, ?4) in name order, with whether it matches: the
 * key holds the start of every word, or the ID starts with the search.
 */
#define WALK_COLUMNS ") OR (id >= ?1 AND id < ?2), rowid, sort_name, id"

static const char * const walk_first_sql[] = {
  "SELECT (", WALK_COLUMNS " FROM patients INDEXED BY patients_by_search_key"
  " ORDER BY sort_name, id"
};

static const char * const walk_next_sql[] = {
  "SELECT (", WALK_COLUMNS " FROM patients INDEXED BY patients_by_search_key"
  " WHERE (sort_name, id) > (?3, ?4) ORDER BY sort_name, id"
};

/* A rare search's matches, each query stopping at the bound of a rare one:
 * how many patients have a word starting with one of the search's words,
 * the matches among those of the rarest, and the ID range.
 */
static const char word_count_sql[] =
  "SELECT count(*) FROM (SELECT 1 FROM patient_words WHERE word >= ?1 AND word < ?2 LIMIT ?3)";

static const char * const rare_by_word_sql[] = {
  "SELECT p.rowid, p.sort_name, p.id FROM patient_words w CROSS JOIN patients p"
  " ON p.id = w.patient_id WHERE w.word >= ?1 AND w.word < ?2 AND (", ") LIMIT ?3"
};


static const char rare_by_id_sql[] =
  "SELECT rowid, sort_name, id FROM patients WHERE id >= ?1 AND id < ?2 LIMIT ?3";

/* The clock is read once per this many index entries: often enough to stop
 * within a few microseconds of the budget, rarely enough to cost nothing.
 */
#define CLOCK_EVERY 32

/* After every text that starts with a prefix: U+10FFFF sorts after any
 * character that can follow, as text is compared as bytes.
 */
#define PREFIX_END "\xf4\x8f\xbf\xbf"

typedef struct
{
  FolSqliteStore *store;
  char           *needle;      /* the search as an ID prefix */
  char           *id_end;
  GStrv           words;       /* the search's folded words */
  const char     *first_sql;   /* interned */
  const char     *next_sql;
  char           *after_name;  /* the last entry read; NULL before the first */
  char           *after_id;
} Walk;

static void
walk_free (Walk *walk)
{
  g_clear_object (&walk->store);
  g_free (walk->needle);
  g_free (walk->id_end);
  g_strfreev (walk->words);
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

  stmt = _fol_sqlite_prepare (walk->store, walk->after_name != NULL ? walk->next_sql : walk->first_sql,
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
  bind_words (stmt, (const char * const *) walk->words);

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

/* How many patients, up to @limit, have a word that starts with @word. */
static gboolean
count_word (Walk       *walk,
            const char *word,
            guint       limit,
            guint      *out_count,
            GError    **error)
{
  g_autofree char *end = g_strconcat (word, PREFIX_END, NULL);
  sqlite3_stmt *stmt = _fol_sqlite_prepare (walk->store, word_count_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, word, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, end, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, limit);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_count = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _fol_sqlite_fail (walk->store, rc, error);
  return TRUE;
}

/* Appends a statement's rows (key, sort name, ID) to @matches; @out_n how
 * many.
 */
static gboolean
collect_matches (Walk         *walk,
                 sqlite3_stmt *stmt,
                 GArray       *matches,
                 guint        *out_n,
                 GError      **error)
{
  int rc;

  *out_n = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Match match = {
        sqlite3_column_int64 (stmt, 0),
        g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
      };

      g_array_append_val (matches, match);
      (*out_n)++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _fol_sqlite_fail (walk->store, rc, error);
  return TRUE;
}

/* Every match of @walk's search in name order, when its rarest word starts
 * fewer words of patients than the tuning's bound, and fewer IDs start
 * with it; otherwise @out_rare is unset and @keys untouched. Cheap for a
 * rare search: a few hundred entries of patient_words are read, and a few
 * hundred keys sorted. A search of common words that is rare only as a
 * whole ("sofia lindqvist") is left to the walk: reading each candidate's
 * row costs a few microseconds, too many for a keystroke when there are
 * thousands.
 */
static gboolean
find_rare (Walk      *walk,
           GArray    *keys,
           gboolean  *out_rare,
           GError   **error)
{
  g_autoptr(GArray) matches = g_array_new (FALSE, TRUE, sizeof (Match));
  g_autofree char *rarest_end = NULL;
  guint limit = walk->store->search_tuning.rare_limit;
  const char *rarest = NULL;
  guint fewest = G_MAXUINT;
  guint by_id = 0, by_word = 0;
  sqlite3_stmt *stmt;

  g_array_set_clear_func (matches, match_clear);
  *out_rare = FALSE;

  for (guint i = 0; walk->words[i] != NULL; i++)
    {
      guint count = 0;

      if (!count_word (walk, walk->words[i], limit, &count, error))
        return FALSE;
      if (count < fewest)
        {
          fewest = count;
          rarest = walk->words[i];
        }
    }
  if (rarest == NULL || fewest >= limit)
    return TRUE;

  stmt = _fol_sqlite_prepare (walk->store, rare_by_id_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, walk->needle, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, walk->id_end, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, limit);
  if (!collect_matches (walk, stmt, matches, &by_id, error))
    return FALSE;
  if (by_id >= limit)
    return TRUE;

  stmt = _fol_sqlite_prepare (walk->store,
                              words_condition_sql (rare_by_word_sql, "p.search_key",
                                                   g_strv_length (walk->words)),
                              error);
  if (stmt == NULL)
    return FALSE;
  rarest_end = g_strconcat (rarest, PREFIX_END, NULL);
  sqlite3_bind_text (stmt, 1, rarest, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, rarest_end, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, limit);
  bind_words (stmt, (const char * const *) walk->words);
  if (!collect_matches (walk, stmt, matches, &by_word, error))
    return FALSE;
  if (by_word >= limit)
    return TRUE;

  /* A patient found both ways, or by two of its words, sorts next to
   * itself: it is kept once.
   */
  g_array_sort (matches, match_compare);
  for (guint i = 0; i < matches->len; i++)
    {
      const Match *match = &g_array_index (matches, Match, i);

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
  /* The ID prefix as a range of the primary key. */
  walk->id_end = g_strconcat (walk->needle, PREFIX_END, NULL);
  walk->words = fol_search_query_words (search);
  walk->first_sql = words_condition_sql (walk_first_sql, "search_key",
                                         g_strv_length (walk->words));
  walk->next_sql = words_condition_sql (walk_next_sql, "search_key",
                                        g_strv_length (walk->words));

  if (!walk_slice (walk, keys, tuning->first_rows, tuning->slice_rows, tuning->first_budget_us,
                   &done, error))
    return NULL;

  /* Few matches in the first slice: perhaps few in all. */
  if (!done && keys->len < tuning->first_rows && walk->words[0] != NULL)
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

/* The whole list for a listing: one statement walking the name index, in
 * the list's order, each row handed over from SQLite's own buffers.
 */
gboolean
_fol_sqlite_store_each_patient (FolStore           *store,
                                FolPatientLineFunc   func,
                                gpointer            user_data,
                                GError            **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  int rc;

  stmt = _fol_sqlite_prepare (self,
                              "SELECT id, name, birth_date, diagnosis"
                              " FROM patients INDEXED BY patients_by_search_key"
                              " ORDER BY sort_name, id",
                              error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FolPatientLine row = {
        .id = _fol_sqlite_column_text (stmt, 0),
        .name = _fol_sqlite_column_text (stmt, 1),
        .birth_date = _fol_sqlite_column_text (stmt, 2),
        .diagnosis = _fol_sqlite_column_text (stmt, 3),
      };

      if (!func (&row, user_data, error))
        {
          ok = FALSE;
          break;
        }
    }
  sqlite3_reset (stmt);

  if (ok && rc != SQLITE_DONE)
    return _fol_sqlite_fail (self, rc, error);
  return ok;
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
