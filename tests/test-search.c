/* test-search.c
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

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fol-patient-file.h"
#include "fol-patient-list.h"
#include "fol-search-key.h"
#include "fol-sqlite-store-bulk.h"
#include "fol-sqlite-store-export.h"
#include "fol-sqlite-store-private.h"

/* The patient list that fills itself as the user types: once complete it
 * holds exactly the keys, in exactly the order, of the query that collected
 * and sorted every match at once; it only ever grows at its end; and it
 * stops when it is dropped.
 *
 * A few thousand patients with small slices behave like a large clinic
 * with the real ones: the bounds here are counts of rows, not times, so
 * that every run cuts the slices at the same places.
 */

#define N_PATIENTS 3000

static const FolSqliteSearchTuning small_slices = {
  .first_rows = 25,
  .first_budget_us = 0,
  .slice_budget_us = 0,
  .slice_rows = 97,
  .rare_limit = 60,
};

static const char * const first_names[] = {
  "Anna", "Bruno", "Chloé", "Dmitri", "Émile", "Farah", "Greta", "Hugo", "Ingrid", "Jonas",
  "Kenji", "Lucía", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sofia", "Tomás",
};

static const char * const last_names[] = {
  "Abel", "Bianchi", "Costa", "Dubois", "Eriksson", "Fischer", "García", "Horvat", "Ivanova",
  "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi", "Tanaka",
};

static const char * const diagnoses[] = {
  "androgenetic_alopecia", "female_pattern", "telogen_effluvium",
};

typedef struct
{
  char           *dir;
  char           *path;
  FolSqliteStore *store;
  char           *some_id;
  char           *reversed_name;  /* its name, words in reverse, in capitals */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FolSqliteBulk *bulk;

  f->dir = g_dir_make_tmp ("follicle-search-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "follicle.db", NULL);
  f->store = fol_sqlite_store_open (f->path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  bulk = _fol_sqlite_store_bulk_begin (f->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_PATIENTS; i++)
    {
      g_autoptr(FolPatient) p = fol_patient_new ();
      g_autofree char *name = g_strdup_printf ("%s %s %u",
                                               first_names[(i * 7) % G_N_ELEMENTS (first_names)],
                                               last_names[(i * 5 + i / 40) % G_N_ELEMENTS (last_names)],
                                               i);

      fol_patient_set_name (p, name);
      fol_patient_set_birth_date (p, fol_date_new (1950 + i % 50, 1 + i % 12, 1 + i % 28));
      fol_patient_set_sex (p, i % 2 ? "female" : "male");
      /* Some patients without a diagnosis: it is optional. */
      if (i % 11 != 0)
        fol_patient_set_diagnosis (p, diagnoses[i % G_N_ELEMENTS (diagnoses)]);
      g_assert_true (_fol_sqlite_store_bulk_add_patient (bulk, p, &error));
      g_assert_no_error (error);
      if (i == N_PATIENTS / 2)
        {
          g_auto(GStrv) words = g_strsplit (name, " ", -1);
          g_autofree char *reversed = g_strjoin (" ", words[2], words[1], words[0], NULL);

          f->some_id = g_strdup (fol_patient_get_id (p));
          f->reversed_name = g_utf8_strup (reversed, -1);
        }
    }
  g_assert_true (_fol_sqlite_store_bulk_commit (bulk, &error));
  g_assert_no_error (error);

  _fol_sqlite_store_set_search_tuning (f->store, &small_slices);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_finalize_object (f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);

      g_remove (child);
    }
  g_rmdir (f->dir);
  g_free (f->some_id);
  g_free (f->reversed_name);
  g_free (f->path);
  g_free (f->dir);
}

/* What the store's search must find, worked out apart from its SQL: every
 * patient in name order, read with its own connection, kept when the core's
 * matcher finds the search's words in a key made from the name and
 * diagnosis just now, or the search starts the ID.
 */
static GArray *
old_search (const char *path,
            const char *search)
{
  GArray *keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *folded = search != NULL ? g_utf8_casefold (search, -1) : NULL;
  g_autofree char *needle = folded != NULL ? g_strstrip (g_utf8_normalize (folded, -1, G_NORMALIZE_ALL)) : g_strdup ("");
  g_auto(GStrv) words = fol_search_query_words (search);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rowid, name, diagnosis, id FROM patients"
                                           " ORDER BY sort_name, id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 key = sqlite3_column_int64 (stmt, 0);
      g_autofree char *search_key = fol_search_key_new ((const char *) sqlite3_column_text (stmt, 1),
                                                        (const char *) sqlite3_column_text (stmt, 2));

      if (fol_search_key_matches (search_key, (const char * const *) words) ||
          g_str_has_prefix ((const char *) sqlite3_column_text (stmt, 3), needle))
        g_array_append_val (keys, key);
    }
  g_assert_cmpint (sqlite3_finalize (stmt), ==, SQLITE_OK);
  sqlite3_close (db);
  return keys;
}

typedef struct
{
  guint n_signals;
  guint n_items;
  gboolean appends_only;
} Growth;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Growth     *growth)
{
  if (position != growth->n_items || removed != 0 || added == 0 ||
      g_list_model_get_n_items (model) != growth->n_items + added)
    growth->appends_only = FALSE;
  growth->n_items += added;
  growth->n_signals++;
}

/* Runs the main context until @list is complete; returns how many slices
 * that took.
 */
static guint
fill_from_main_loop (FolPatientList *list)
{
  guint slices = 0;

  while (!fol_patient_list_is_complete (list))
    {
      g_assert_true (g_main_context_iteration (NULL, FALSE));
      slices++;
      g_assert_cmpuint (slices, <, 10 * N_PATIENTS);
    }
  return slices;
}

static void
assert_same_keys (FolPatientList *list,
                  GArray         *expected)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected->len);
  for (guint k = 0; k < expected->len; k++)
    g_assert_cmpint (fol_patient_list_get_key (list, k), ==, g_array_index (expected, gint64, k));
}

typedef struct
{
  const char *search;     /* NULL: the whole clinic; "@": an ID prefix of 3 */
  gboolean    grows;      /* whether the list fills itself after it is returned */
  guint       min_found;
  guint       max_found;
} Case;

static void
test_search_fills_like_old_query (Fixture       *f,
                                  gconstpointer  data)
{
  const Case cases[] = {
    { NULL, TRUE, N_PATIENTS, N_PATIENTS },
    { "a", TRUE, 1000, 2000 },           /* 1 character, common: names and diagnoses */
    { "q", TRUE, 100, 200 },             /* 1 character, rarer */
    { "ko", TRUE, 100, 200 },            /* 2 characters */
    { "ß", FALSE, 0, 0 },                /* casefolds to "ss", which starts no word */
    { "alopecia", TRUE, 800, 1000 },     /* common, in the diagnosis */
    { "ALOPECIA andro", TRUE, 800, 1000 },
    { "FISCH", TRUE, 100, 200 },         /* common, in names */
    { "chloe", TRUE, 100, 200 },         /* "Chloé" */
    { "tan tom", TRUE, 1, 50 },          /* two common words, rare together */
    { "%", FALSE, 1, 1 },                /* one patient's name, words in reverse */
    { "zzzz", FALSE, 0, 0 },
    { "ov", FALSE, 0, 0 },               /* the middle of a word */
    { "@", FALSE, 1, 59 },               /* an ID prefix */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *id_prefix = g_strndup (f->some_id, 3);
      const char *search = g_strcmp0 (cases[i].search, "@") == 0 ? id_prefix :
                           g_strcmp0 (cases[i].search, "%") == 0 ? f->reversed_name :
                           cases[i].search;
      g_autoptr(GArray) expected = old_search (f->path, search);
      g_autoptr(GListModel) model = NULL;
      g_autoptr(GListModel) whole = NULL;
      Growth growth = { 0, 0, TRUE };
      guint first, slices;

      model = fol_store_list_patients_incremental (FOL_STORE (f->store), search, &error);
      g_assert_no_error (error);
      g_assert_true (FOL_IS_PATIENT_LIST (model));
      first = g_list_model_get_n_items (model);
      growth.n_items = first;
      g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &growth);

      slices = fill_from_main_loop (FOL_PATIENT_LIST (model));
      g_test_message ("“%s”: %u patients, %u at once, then %u slices, %u signals",
                      search ? search : "(all)", expected->len, first, slices, growth.n_signals);

      g_assert_cmpuint (expected->len, >=, cases[i].min_found);
      g_assert_cmpuint (expected->len, <=, cases[i].max_found);
      assert_same_keys (FOL_PATIENT_LIST (model), expected);
      g_assert_true (growth.appends_only);
      g_assert_cmpuint (growth.n_items, ==, expected->len);
      g_assert_cmpuint (first, <=, small_slices.first_rows);
      if (cases[i].grows)
        g_assert_cmpuint (slices, >, 1);
      else
        g_assert_cmpuint (slices, ==, 0);

      /* What callers without a main loop get: the same, whole at once. */
      whole = fol_store_list_patients (FOL_STORE (f->store), search, &error);
      g_assert_no_error (error);
      g_assert_true (fol_patient_list_is_complete (FOL_PATIENT_LIST (whole)));
      assert_same_keys (FOL_PATIENT_LIST (whole), expected);
    }

  /* Nothing is left running once every list is done. */
  g_assert_false (g_main_context_pending (NULL));
}

/* The default bounds are times: the lists are the same, cut anywhere. */
static void
test_search_default_tuning (Fixture       *f,
                            gconstpointer  data)
{
  const char *searches[] = { NULL, "a", "ko", "alopecia", "tan tom", "tomás tanaka", "zzzz" };

  _fol_sqlite_store_set_search_tuning (f->store, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) expected = old_search (f->path, searches[i]);
      g_autoptr(GListModel) model = fol_store_list_patients_incremental (FOL_STORE (f->store),
                                                                        searches[i], &error);

      g_assert_no_error (error);
      fill_from_main_loop (FOL_PATIENT_LIST (model));
      assert_same_keys (FOL_PATIENT_LIST (model), expected);
    }
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

/* Filling the rest at once, halfway, gives the same list. */
static void
test_search_fill_all_midway (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) expected = old_search (f->path, "a");
  g_autoptr(GListModel) model = fol_store_list_patients_incremental (FOL_STORE (f->store), "a", &error);
  Growth growth = { 0, 0, TRUE };
  guint completed = 0;
  gboolean complete = TRUE;

  g_assert_no_error (error);
  growth.n_items = g_list_model_get_n_items (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &growth);
  g_signal_connect (model, "notify::complete", G_CALLBACK (notify_cb), &completed);

  for (guint i = 0; i < 3; i++)
    g_assert_true (g_main_context_iteration (NULL, FALSE));
  g_object_get (model, "complete", &complete, NULL);
  g_assert_false (complete);
  g_assert_cmpuint (growth.n_signals, ==, 3);
  g_assert_cmpuint (completed, ==, 0);

  g_assert_true (fol_patient_list_fill_all (FOL_PATIENT_LIST (model), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (completed, ==, 1);
  g_assert_true (growth.appends_only);
  assert_same_keys (FOL_PATIENT_LIST (model), expected);
  g_assert_false (g_main_context_pending (NULL));

  /* A second call has nothing left to do. */
  g_assert_true (fol_patient_list_fill_all (FOL_PATIENT_LIST (model), &error));
  g_assert_cmpuint (completed, ==, 1);
}

/* A list dropped while it fills (a new keystroke) stops: no source is left
 * behind to wake the main loop, and the store is released.
 */
static void
test_search_dropped_midway (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GListModel *model = fol_store_list_patients_incremental (FOL_STORE (f->store), NULL, &error);
  GListModel *next;
  guint n;

  g_assert_no_error (error);
  g_assert_true (g_main_context_iteration (NULL, FALSE));
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, >, small_slices.first_rows);
  g_assert_cmpuint (n, <, N_PATIENTS);
  g_assert_true (g_main_context_pending (NULL));
  g_assert_finalize_object (model);
  g_assert_false (g_main_context_pending (NULL));

  /* The next keystroke's list is unaffected by the one before. */
  next = fol_store_list_patients_incremental (FOL_STORE (f->store), "a", &error);
  g_assert_no_error (error);
  {
    g_autoptr(GArray) expected = old_search (f->path, "a");

    fill_from_main_loop (FOL_PATIENT_LIST (next));
    assert_same_keys (FOL_PATIENT_LIST (next), expected);
  }
  g_assert_finalize_object (next);
}

/* The store writes between slices: no statement is held open across them,
 * and the list goes on after the last key it read.
 */
static void
test_search_write_between_slices (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = fol_store_list_patients_incremental (FOL_STORE (f->store), NULL, &error);
  g_autoptr(FolPatient) early = fol_patient_new ();
  g_autoptr(FolPatient) late = fol_patient_new ();
  g_autoptr(GArray) expected = NULL;
  gboolean found_late = FALSE;

  g_assert_no_error (error);
  g_assert_true (g_main_context_iteration (NULL, FALSE));

  fol_patient_set_name (early, "Aaron Aalto");
  fol_patient_set_birth_date (early, fol_date_new (1970, 1, 1));
  fol_patient_set_name (late, "Zora Zweig");
  fol_patient_set_birth_date (late, fol_date_new (1970, 1, 1));
  g_assert_true (fol_store_save_patient (FOL_STORE (f->store), early, &error));
  g_assert_no_error (error);
  g_assert_true (fol_store_save_patient (FOL_STORE (f->store), late, &error));
  g_assert_no_error (error);

  fill_from_main_loop (FOL_PATIENT_LIST (model));
  expected = old_search (f->path, NULL);
  /* Everyone but the patient who sorts before what was already read. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected->len - 1);
  for (guint k = 0; k < g_list_model_get_n_items (model); k++)
    {
      g_autoptr(FolPatient) p = g_list_model_get_item (model, k);

      g_assert_cmpstr (fol_patient_get_id (p), !=, fol_patient_get_id (early));
      if (g_strcmp0 (fol_patient_get_id (p), fol_patient_get_id (late)) == 0)
        {
          found_late = TRUE;
          g_assert_cmpuint (k, ==, g_list_model_get_n_items (model) - 1);
        }
    }
  g_assert_true (found_late);
}

/* A patient whose name holds the start of its own ID is found both ways,
 * and listed once.
 */
static void
test_search_found_both_ways (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = fol_store_get_patient (FOL_STORE (f->store), f->some_id, &error);
  g_autofree char *prefix = g_strndup (f->some_id, 8);
  g_autofree char *name = g_strconcat ("Idris ", prefix, NULL);
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GArray) expected = NULL;

  g_assert_no_error (error);
  fol_patient_set_name (p, name);
  g_assert_true (fol_store_save_patient (FOL_STORE (f->store), p, &error));
  g_assert_no_error (error);

  expected = old_search (f->path, prefix);
  g_assert_cmpuint (expected->len, ==, 1);
  model = fol_store_list_patients_incremental (FOL_STORE (f->store), prefix, &error);
  g_assert_no_error (error);
  g_assert_true (fol_patient_list_is_complete (FOL_PATIENT_LIST (model)));
  assert_same_keys (FOL_PATIENT_LIST (model), expected);
}

/* Accents, case and word order, in the store: a small clinic of its own. */

static const char * const folded_names[] = {
  "Tomás Ruiz", "TOMAS Berg", "Martin Keller", "Martina Kellerman", "Anna Martin", "Paul Weiß",
  "Jana Strasse", "Søren Ørsted", "Soren Olsen", "Σωκράτης Παπαδόπουλος", "Пётр Ёлкин",
  "Seán O'Brien", "Zoë Ångström",
};

typedef struct
{
  const char *query;
  const char *found[5];  /* the names found, in list order */
} FoldCase;

static const FoldCase fold_cases[] = {
  { "tomas", { "TOMAS Berg", "Tomás Ruiz" } },
  { "TOMÁS", { "TOMAS Berg", "Tomás Ruiz" } },
  { "ruiz tomas", { "Tomás Ruiz" } },
  { "keller martin", { "Martin Keller", "Martina Kellerman" } },
  { "mart kel", { "Martin Keller", "Martina Kellerman" } },
  { "martin", { "Anna Martin", "Martin Keller", "Martina Kellerman" } },
  { "martin anna", { "Anna Martin" } },
  { "weiss", { "Paul Weiß" } },
  { "WEISS PAUL", { "Paul Weiß" } },
  { "straße", { "Jana Strasse" } },
  { "soren", { "Soren Olsen", "Søren Ørsted" } },
  { "Ø", { "Seán O'Brien", "Soren Olsen", "Søren Ørsted" } },
  { "obrien", { "Seán O'Brien" } },
  { "zoe angstrom", { "Zoë Ångström" } },
  { "ΣΩΚΡΆΤΗΣ", { "Σωκράτης Παπαδόπουλος" } },
  { "παπαδοπουλος", { "Σωκράτης Παπαδόπουλος" } },
  { "елкин петр", { "Пётр Ёлкин" } },
  /* No false matches: the middle of a word, a word too many. */
  { "art", { NULL } },
  { "eller", { NULL } },
  { "tomas keller", { NULL } },
  { "martin keller berg", { NULL } },
  { "sokratis", { NULL } },
};

static FolSqliteStore *
open_fold_clinic (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "folded.db", NULL);
  FolSqliteStore *store = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_NONE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (folded_names); i++)
    {
      g_autoptr(FolPatient) p = fol_patient_new ();

      fol_patient_set_name (p, folded_names[i]);
      fol_patient_set_birth_date (p, fol_date_new (1970, 1, 1 + i));
      g_assert_true (fol_store_save_patient (FOL_STORE (store), p, &error));
      g_assert_no_error (error);
    }
  return store;
}

static char *
found_names (FolStore   *store,
             const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = fol_store_list_patients (store, query, &error);
  g_autoptr(GString) names = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint k = 0; k < g_list_model_get_n_items (model); k++)
    {
      g_autoptr(FolPatient) p = g_list_model_get_item (model, k);

      g_string_append_printf (names, "%s%s", k > 0 ? "|" : "", fol_patient_get_name (p));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
assert_finds (FolStore          *store,
              const char        *query,
              const char * const *expected)
{
  g_autofree char *found = found_names (store, query);
  g_autofree char *want = g_strjoinv ("|", (char **) expected);

  g_test_message ("“%s”: %s", query, found);
  g_assert_cmpstr (found, ==, want);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_dir (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
test_search_accents_case_order (void)
{
  g_autofree char *dir = g_dir_make_tmp ("follicle-search-XXXXXX", NULL);
  FolSqliteStore *store = open_fold_clinic (dir);

  for (guint tuning = 0; tuning < 2; tuning++)
    {
      /* Small slices walk the list in several steps and look up rare words. */
      _fol_sqlite_store_set_search_tuning (store, tuning == 0 ? NULL : &small_slices);
      for (guint i = 0; i < G_N_ELEMENTS (fold_cases); i++)
        assert_finds (FOL_STORE (store), fold_cases[i].query, fold_cases[i].found);
    }

  g_assert_finalize_object (store);
  remove_dir (dir);
}

/* Every way a patient is written keeps the searched key: a save, a rename,
 * the bulk path, a batch (CSV import), a patient file; a deleted patient
 * is found no more.
 */
static void
test_search_every_write_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("follicle-search-XXXXXX", NULL);
  g_autofree char *share = g_build_filename (dir, "patient.follicle", NULL);
  FolSqliteStore *store = open_fold_clinic (dir);
  g_autoptr(FolStoreBatch) batch = fol_store_batch_new ();
  g_autoptr(FolPatient) batched = fol_patient_new ();
  g_autoptr(FolPatient) bulked = fol_patient_new ();
  g_autoptr(FolPatient) renamed = NULL;
  g_autoptr(GListModel) keller = NULL;
  g_autofree char *tomas_id = NULL;
  FolSqliteStore *shared = NULL;
  FolSqliteBulk *bulk;

  /* A rename: found by the new name, no more by the old one. */
  keller = fol_store_list_patients (FOL_STORE (store), "martin keller", &error);
  g_assert_no_error (error);
  renamed = g_list_model_get_item (keller, 0);
  g_assert_cmpstr (fol_patient_get_name (renamed), ==, "Martin Keller");
  fol_patient_set_name (renamed, "Martin Köhler");
  g_assert_true (fol_store_save_patient (FOL_STORE (store), renamed, &error));
  g_assert_no_error (error);
  assert_finds (FOL_STORE (store), "kohler", (const char *[]) { "Martin Köhler", NULL });
  assert_finds (FOL_STORE (store), "keller martin", (const char *[]) { "Martina Kellerman", NULL });

  /* A diagnosis set later is searched too. */
  fol_patient_set_diagnosis (renamed, "alopecia_areata");
  g_assert_true (fol_store_save_patient (FOL_STORE (store), renamed, &error));
  assert_finds (FOL_STORE (store), "areata", (const char *[]) { "Martin Köhler", NULL });

  bulk = _fol_sqlite_store_bulk_begin (store, &error);
  g_assert_no_error (error);
  fol_patient_set_name (bulked, "Łukasz Wałęsa");
  fol_patient_set_birth_date (bulked, fol_date_new (1960, 5, 5));
  g_assert_true (_fol_sqlite_store_bulk_add_patient (bulk, bulked, &error));
  g_assert_true (_fol_sqlite_store_bulk_commit (bulk, &error));
  g_assert_no_error (error);
  assert_finds (FOL_STORE (store), "walesa lukasz", (const char *[]) { "Łukasz Wałęsa", NULL });

  fol_patient_set_id (batched, "7d0b1c3e-2f4a-4b5c-9d6e-7f8091a2b3c4");
  fol_patient_set_name (batched, "Đorđe Đukić");
  fol_patient_set_birth_date (batched, fol_date_new (1961, 6, 6));
  fol_store_batch_add_patient (batch, batched);
  g_assert_true (fol_store_apply_batch (FOL_STORE (store), batch, &error));
  g_assert_no_error (error);
  assert_finds (FOL_STORE (store), "dukic dorde", (const char *[]) { "Đorđe Đukić", NULL });

  /* A patient file is a clinic database of its own, searched the same. */
  {
    g_autoptr(GListModel) tomas = fol_store_list_patients (FOL_STORE (store), "ruiz", &error);
    g_autoptr(FolPatient) p = g_list_model_get_item (tomas, 0);

    tomas_id = g_strdup (fol_patient_get_id (p));
  }
  g_assert_true (fol_patient_file_write (FOL_STORE (store), tomas_id, share,
                                         FOL_PATIENT_FILE_FLAGS_NONE, &error));
  g_assert_no_error (error);
  shared = fol_patient_file_open (share, NULL, &error);
  g_assert_no_error (error);
  assert_finds (FOL_STORE (shared), "ruiz TOMAS", (const char *[]) { "Tomás Ruiz", NULL });
  assert_finds (FOL_STORE (shared), "berg", (const char *[]) { NULL });
  g_assert_finalize_object (shared);

  g_assert_true (fol_store_delete_patient (FOL_STORE (store), tomas_id, &error));
  g_assert_no_error (error);
  assert_finds (FOL_STORE (store), "tomas", (const char *[]) { "TOMAS Berg", NULL });

  /* The list holds the store. */
  g_clear_object (&keller);
  g_assert_finalize_object (store);
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/search/fills-like-old-query", Fixture, NULL,
              fixture_setup, test_search_fills_like_old_query, fixture_teardown);
  g_test_add ("/search/default-tuning", Fixture, NULL,
              fixture_setup, test_search_default_tuning, fixture_teardown);
  g_test_add ("/search/fill-all-midway", Fixture, NULL,
              fixture_setup, test_search_fill_all_midway, fixture_teardown);
  g_test_add ("/search/dropped-midway", Fixture, NULL,
              fixture_setup, test_search_dropped_midway, fixture_teardown);
  g_test_add ("/search/found-both-ways", Fixture, NULL,
              fixture_setup, test_search_found_both_ways, fixture_teardown);
  g_test_add ("/search/write-between-slices", Fixture, NULL,
              fixture_setup, test_search_write_between_slices, fixture_teardown);

  g_test_add_func ("/search/accents-case-order", test_search_accents_case_order);
  g_test_add_func ("/search/every-write-path", test_search_every_write_path);

  return g_test_run ();
}
