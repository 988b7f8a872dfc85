/* fol-pg-store-records.c
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

#define G_LOG_DOMAIN "fol-pg-store"

#include "config.h"

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-patient-list.h"
#include "fol-pg-store-private.h"
#include "fol-search-key.h"
#include "fol-validate.h"

/* Patients on a clinic server, with the same rules and results as on a
 * workstation (fol-sqlite-store-records.c): the wrapper has validated what
 * is written; what needs stored records is checked here, inside the write's
 * transaction.
 */

#define PATIENT_COLUMNS \
  "id, name, birth_date, sex, diagnosis, notes, created_at, updated_at"

/* After every text that starts with a prefix: U+10FFFF sorts after any
 * character that can follow, as the words are compared as bytes.
 */
#define PREFIX_END "\xf4\x8f\xbf\xbf"

const char *
_fol_pg_value (const PGresult *result,
       int             row,
       int             column)
{
  return PQgetisnull (result, row, column) ? NULL : PQgetvalue (result, row, column);
}

FolDate
_fol_pg_date_value (const PGresult *result,
            int             row,
            int             column)
{
  FolDate date = FOL_DATE_NONE;
  const char *text = _fol_pg_value (result, row, column);

  if (text != NULL && !fol_date_parse (text, &date, NULL))
    g_warning ("Invalid date “%s” in the database", text);
  return date;
}

static FolPatient *
patient_from_row (const PGresult *result,
                  int             row)
{
  FolPatient *patient = fol_patient_new ();

  fol_patient_set_id (patient, _fol_pg_value (result, row, 0));
  fol_patient_set_name (patient, _fol_pg_value (result, row, 1));
  fol_patient_set_birth_date (patient, _fol_pg_date_value (result, row, 2));
  fol_patient_set_sex (patient, _fol_pg_value (result, row, 3));
  fol_patient_set_diagnosis (patient, _fol_pg_value (result, row, 4));
  fol_patient_set_notes (patient, _fol_pg_value (result, row, 5));
  fol_patient_set_created_at (patient, _fol_pg_value (result, row, 6));
  fol_patient_set_updated_at (patient, _fol_pg_value (result, row, 7));
  return patient;
}

static gboolean
load_sites (PGconn      *conn,
            FolPatient  *patient,
            GError     **error)
{
  const char *params[] = { fol_patient_get_id (patient) };
  PGresult *result;

  result = _fol_pg_query (conn, "SELECT region, description FROM patient_sites"
                                " WHERE patient_id = $1", 1, params, error);
  if (result == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (result); i++)
    {
      FolRegion region;

      if (fol_region_from_code (_fol_pg_value (result, i, 0), &region))
        fol_patient_set_site (patient, region, _fol_pg_value (result, i, 1));
    }
  PQclear (result);
  return TRUE;
}

static FolPatient *
fol_pg_store_get_patient (FolStore    *store,
                          const char  *patient_id,
                          GError     **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  const char *params[] = { patient_id };
  g_autoptr(FolPatient) patient = NULL;
  PGresult *result;

  result = _fol_pg_query (conn, "SELECT " PATIENT_COLUMNS " FROM patients WHERE id = $1",
                          1, params, error);
  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 1)
    patient = patient_from_row (result, 0);
  PQclear (result);

  if (patient == NULL)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("No patient has the ID “%s”"), patient_id);
      return NULL;
    }
  if (!load_sites (conn, patient, error))
    return NULL;
  return g_steal_pointer (&patient);
}

static guint
fol_pg_store_count_patients (FolStore  *store,
                             GError   **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  PGresult *result = _fol_pg_query (conn, "SELECT count (*) FROM patients", 0, NULL, error);
  guint n;

  if (result == NULL)
    return 0;
  n = (guint) g_ascii_strtoull (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return n;
}

char *
_fol_pg_sort_key (const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
}

/* The patient list, whole or searched, as the user types: every patient
 * whose key holds the start of each word of @search, in any order (each
 * word a range of patient_words' primary key), or whose ID starts with
 * @search; by name.
 *
 * Reading every match before returning cost a clinic of 10,000 patients
 * 150 ms a keystroke, and grew with it. As on a workstation
 * (fol-sqlite-store-search.c), a keystroke now reads a bounded stretch of
 * the name index: a #FolPatientList gets the matches among the first 400
 * names whole, and the keys (patients.seq) of the others in later slices
 * from the main loop, each resuming after the last name the one before
 * read, whether it matched or not; a row further down is read when it is
 * shown. A search whose rarest word (and the ID range it starts) has few
 * entries reads them instead, every match in one statement. Either way the
 * list shows a screenful of what was read first, and the rest with its
 * first slice (fol-patient-list.c).
 */

#define FIRST_WINDOW 400
#define SLICE_WINDOW 4000
#define RARE_LIMIT   400

#define LIST_ORDER " ORDER BY p.sort_name, p.id COLLATE \"C\""

/* The sites of the row p, with it, when @cond: two arrays, regions and
 * descriptions, in the same order (NULL without sites). */
#define SITES_OF(cond) \
  " LEFT JOIN LATERAL (SELECT array_agg (s.region ORDER BY s.region) AS regions," \
  " array_agg (s.description ORDER BY s.region) AS descriptions FROM patient_sites s" \
  " WHERE s.patient_id = p.id" cond ") s ON TRUE"

typedef struct
{
  FolPgStore *store;
  GHashTable *first;   /* seq → FolPatient: the rows read whole with the list */
} ListLoader;

typedef struct
{
  FolPgStore *store;
  char       *match;
  GPtrArray  *params;  /* the match's, then the last name and ID read */
} ListFiller;

static void
list_loader_free (gpointer data)
{
  ListLoader *loader = data;

  g_object_unref (loader->store);
  g_hash_table_unref (loader->first);
  g_free (loader);
}

static void
list_filler_free (gpointer data)
{
  ListFiller *filler = data;

  g_object_unref (filler->store);
  g_free (filler->match);
  g_ptr_array_unref (filler->params);
  g_free (filler);
}

/* The elements of @text, an array of text as the server writes it
 * ({a,"b c","d\"e"}); none for NULL. */
static GPtrArray *
array_elements (const char *text)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  if (p == NULL || *p != '{')
    return values;
  for (p++; *p != '\0' && *p != '}'; )
    {
      GString *value = g_string_new (NULL);

      if (*p == '"')
        {
          for (p++; *p != '\0' && *p != '"'; p++)
            {
              if (*p == '\\' && p[1] != '\0')
                p++;
              g_string_append_c (value, *p);
            }
          if (*p == '"')
            p++;
        }
      else
        for (; *p != '\0' && *p != ',' && *p != '}'; p++)
          g_string_append_c (value, *p);
      g_ptr_array_add (values, g_string_free (value, FALSE));
      if (*p == ',')
        p++;
    }
  return values;
}

/* The patient of PATIENT_COLUMNS from @column of @row, then its sites
 * (SITES_OF) in the two columns after. */
static FolPatient *
patient_with_sites (const PGresult *result,
                    int             row,
                    int             column)
{
  FolPatient *patient = fol_patient_new ();
  g_autoptr(GPtrArray) regions = NULL;
  g_autoptr(GPtrArray) descriptions = NULL;

  fol_patient_set_id (patient, _fol_pg_value (result, row, column));
  fol_patient_set_name (patient, _fol_pg_value (result, row, column + 1));
  fol_patient_set_birth_date (patient, _fol_pg_date_value (result, row, column + 2));
  fol_patient_set_sex (patient, _fol_pg_value (result, row, column + 3));
  fol_patient_set_diagnosis (patient, _fol_pg_value (result, row, column + 4));
  fol_patient_set_notes (patient, _fol_pg_value (result, row, column + 5));
  fol_patient_set_created_at (patient, _fol_pg_value (result, row, column + 6));
  fol_patient_set_updated_at (patient, _fol_pg_value (result, row, column + 7));

  regions = array_elements (_fol_pg_value (result, row, column + 8));
  descriptions = array_elements (_fol_pg_value (result, row, column + 9));
  for (guint i = 0; i < MIN (regions->len, descriptions->len); i++)
    {
      FolRegion region;

      if (fol_region_from_code (g_ptr_array_index (regions, i), &region))
        fol_patient_set_site (patient, region, g_ptr_array_index (descriptions, i));
    }
  return patient;
}

/* A row further down the list, when shown: one statement, with its sites. */
static FolPatient *
load_patient_by_seq (gpointer data,
                     gint64   key)
{
  ListLoader *loader = data;
  PGconn *conn = _fol_pg_store_get_conn (loader->store);
  g_autoptr(GError) error = NULL;
  g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, key);
  const char *params[] = { seq };
  FolPatient *patient = g_hash_table_lookup (loader->first, &key);
  PGresult *result;

  if (patient != NULL)
    return g_object_ref (patient);
  result = _fol_pg_query (conn, "SELECT " PATIENT_COLUMNS ", s.regions, s.descriptions"
                                " FROM patients p" SITES_OF ("") " WHERE p.seq = $1",
                          1, params, &error);
  if (result == NULL)
    {
      g_debug ("Cannot read a patient of the list: %s", error->message);
      return NULL;
    }
  if (PQntuples (result) == 1)
    patient = patient_with_sites (result, 0, 0);
  PQclear (result);
  return patient;
}

/* The next stretch of the name index after the last name and ID read, or
 * all of it with @to_end: the keys of the rows that match. */
static gboolean
list_fill (gpointer   data,
           GArray    *keys,
           gboolean   to_end,
           gboolean  *out_done,
           GError   **error)
{
  ListFiller *filler = data;
  PGconn *conn = NULL;
  guint n = filler->params->len;
  g_autofree char *sql = NULL;
  PGresult *result;
  int rows;

  conn = _fol_pg_store_get_conn (filler->store);
  sql = g_strdup_printf ("SELECT p.seq, p.sort_name, p.id, %s FROM (SELECT * FROM patients p"
                         " WHERE p.sort_name > $%u OR (p.sort_name = $%u"
                         " AND p.id COLLATE \"C\" > $%u)" LIST_ORDER "%s) p" LIST_ORDER,
                         filler->match, n - 1, n - 1, n,
                         to_end ? "" : " LIMIT " G_STRINGIFY (SLICE_WINDOW));
  result = _fol_pg_query (conn, sql, n, (const char * const *) filler->params->pdata, error);
  if (result == NULL)
    return FALSE;
  rows = PQntuples (result);
  for (int i = 0; i < rows; i++)
    {
      gint64 key = g_ascii_strtoll (PQgetvalue (result, i, 0), NULL, 10);

      if (g_str_equal (PQgetvalue (result, i, 3), "t"))
        g_array_append_val (keys, key);
    }
  if (rows > 0)
    {
      g_free (g_ptr_array_index (filler->params, n - 2));
      g_free (g_ptr_array_index (filler->params, n - 1));
      g_ptr_array_index (filler->params, n - 2) = g_strdup (PQgetvalue (result, rows - 1, 1));
      g_ptr_array_index (filler->params, n - 1) = g_strdup (PQgetvalue (result, rows - 1, 2));
    }
  PQclear (result);
  *out_done = to_end || rows < SLICE_WINDOW;
  return TRUE;
}

/* The rows of @result (seq, sort_name, hit, then PATIENT_COLUMNS and
 * their sites) that match, whole; the last row read in @out_last_*. */
static void
take_first_rows (PGresult    *result,
                 GArray      *keys,
                 GHashTable  *first,
                 char       **out_last_name,
                 char       **out_last_id)
{
  int rows = PQntuples (result);

  for (int i = 0; i < rows; i++)
    {
      gint64 key = g_ascii_strtoll (PQgetvalue (result, i, 0), NULL, 10);

      if (!g_str_equal (PQgetvalue (result, i, 2), "t"))
        continue;
      g_array_append_val (keys, key);
      g_hash_table_insert (first, g_memdup2 (&key, sizeof key),
                           patient_with_sites (result, i, 3));
    }
  if (rows > 0)
    {
      *out_last_name = g_strdup (PQgetvalue (result, rows - 1, 1));
      *out_last_id = g_strdup (PQgetvalue (result, rows - 1, 3));
    }
}

/* Whether the rarest word of the search, and the IDs it starts, have few
 * entries, from the counts of @result (the IDs', then each word's). */
static gboolean
is_rare (PGresult *result,
         guint     n_words,
         guint    *out_rarest)
{
  guint64 least = G_MAXUINT64;

  for (guint i = 0; i < n_words; i++)
    {
      guint64 count = g_ascii_strtoull (PQgetvalue (result, 0, 1 + i), NULL, 10);

      if (count < least)
        {
          least = count;
          *out_rarest = i;
        }
    }
  return least <= RARE_LIMIT && g_ascii_strtoull (PQgetvalue (result, 0, 0), NULL, 10) <= RARE_LIMIT;
}

/* A keystroke is two round trips (the list without a search one): the
 * counts, then the rare word's matches or the first window of the name
 * index, each a single statement that brings its rows' sites, prepared
 * once per connection. (Sending the window with the counts saves a round
 * trip, but the server reads it for nothing whenever the word is rare:
 * measured, it was no faster.) No transaction of its own: each
 * statement reads one snapshot, and the counts only choose how to read.
 * Every parameter of a statement is used in it, so the server can tell
 * its type. */
static GListModel *
fol_pg_store_list_patients (FolStore    *store,
                            const char  *search,
                            GError     **error)
{
  FolPgStore *self = FOL_PG_STORE (store);
  PGconn *conn = _fol_pg_store_get_conn (self);
  g_autofree char *needle = search != NULL ? g_strstrip (_fol_pg_sort_key (search)) : g_strdup ("");
  g_auto(GStrv) words = fol_search_query_words (search);
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) count_params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rare_params = NULL;
  g_autoptr(GString) match = g_string_new (NULL);
  g_autoptr(GString) all_words = g_string_new (NULL);
  g_autoptr(GString) count_sql = g_string_new ("SELECT (SELECT count (*) FROM (SELECT FROM"
                                               " patients WHERE id COLLATE \"C\" >= $1"
                                               " AND id COLLATE \"C\" < $2"
                                               " LIMIT " G_STRINGIFY (RARE_LIMIT) " + 1) s)");
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) first = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       g_object_unref);
  g_autofree char *window_sql = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *last_id = NULL;
  FolPatientList *list;
  ListLoader *loader;
  PGresult *result;
  guint n_words = g_strv_length (words);
  guint rarest = 0;
  gboolean rare = FALSE, more;

  /* With words: the match's $1 the search, $2 the end of the IDs it
   * starts, then each word after a space; the counts' $1 and $2, then each
   * word's range in patient_words. Without, every patient matches.
   * A word is tested in the row's key, where it starts after a space: as
   * EXISTS in patient_words, the planner hashed every entry of a common
   * word on each keystroke. */
  if (n_words > 0)
    {
      g_ptr_array_add (params, g_strdup (needle));
      g_ptr_array_add (params, g_strconcat (needle, PREFIX_END, NULL));
      g_ptr_array_add (count_params, g_strdup (needle));
      g_ptr_array_add (count_params, g_strconcat (needle, PREFIX_END, NULL));
    }
  for (guint i = 0; i < n_words; i++)
    {
      g_string_append_printf (all_words, "%sstrpos (' ' || p.search_key, $%u) > 0",
                              i > 0 ? " AND " : "", params->len + 1);
      g_ptr_array_add (params, g_strconcat (" ", words[i], NULL));
      g_string_append_printf (count_sql, ", (SELECT count (*) FROM (SELECT FROM patient_words"
                                         " WHERE word >= $%u AND word < $%u LIMIT %d) s)",
                              count_params->len + 1, count_params->len + 2, RARE_LIMIT + 1);
      g_ptr_array_add (count_params, g_strdup (words[i]));
      g_ptr_array_add (count_params, g_strconcat (words[i], PREFIX_END, NULL));
    }
  if (n_words == 0)
    g_string_append (match, "TRUE");
  else
    g_string_append_printf (match, "(p.id COLLATE \"C\" >= $1 AND p.id COLLATE \"C\" < $2"
                                   " AND starts_with (p.id, $1) OR (%s))", all_words->str);

  /* The first window of the name index; the sites of its matches only. */
  window_sql = g_strdup_printf ("SELECT p.seq, p.sort_name, p.hit, " PATIENT_COLUMNS ","
                                " s.regions, s.descriptions FROM (SELECT p.*, %s AS hit"
                                " FROM patients p" LIST_ORDER
                                " LIMIT " G_STRINGIFY (FIRST_WINDOW) ") p"
                                SITES_OF (" AND p.hit") LIST_ORDER, match->str);
  if (n_words > 0)
    {
      result = _fol_pg_query (conn, count_sql->str, count_params->len,
                              (const char * const *) count_params->pdata, error);
      if (result == NULL)
        return NULL;
      rare = is_rare (result, n_words, &rarest);
      PQclear (result);
    }
  if (!rare)
    {
      result = _fol_pg_query (conn, window_sql, params->len,
                              (const char * const *) params->pdata, error);
      if (result == NULL)
        return NULL;
    }

  if (rare)
    {
      g_autofree char *sql = NULL;

      rare_params = g_ptr_array_new_full (params->len + 2, NULL);
      for (guint i = 0; i < params->len; i++)
        g_ptr_array_add (rare_params, g_ptr_array_index (params, i));
      g_ptr_array_add (rare_params, g_ptr_array_index (count_params, 2 + 2 * rarest));
      g_ptr_array_add (rare_params, g_ptr_array_index (count_params, 3 + 2 * rarest));
      sql = g_strdup_printf ("SELECT p.seq, p.sort_name, TRUE, " PATIENT_COLUMNS ","
                             " s.regions, s.descriptions FROM (SELECT * FROM patients p"
                             " WHERE p.id IN (SELECT w.patient_id FROM patient_words w"
                             " WHERE w.word >= $%u AND w.word < $%u) AND %s"
                             " OR p.id COLLATE \"C\" >= $1 AND p.id COLLATE \"C\" < $2"
                             " AND starts_with (p.id, $1)) p" SITES_OF ("") LIST_ORDER,
                             params->len + 1, params->len + 2, all_words->str);
      result = _fol_pg_query (conn, sql, rare_params->len,
                              (const char * const *) rare_params->pdata, error);
      if (result == NULL)
        return NULL;
    }
  more = !rare && PQntuples (result) == FIRST_WINDOW;
  take_first_rows (result, keys, first, &last_name, &last_id);
  PQclear (result);

  loader = g_new0 (ListLoader, 1);
  loader->store = g_object_ref (self);
  loader->first = g_steal_pointer (&first);
  list = fol_patient_list_new (g_steal_pointer (&keys), load_patient_by_seq, loader,
                               list_loader_free);
  if (more)
    {
      ListFiller *filler = g_new0 (ListFiller, 1);

      filler->store = g_object_ref (self);
      filler->match = g_string_free (g_steal_pointer (&match), FALSE);
      g_ptr_array_add (params, g_steal_pointer (&last_name));
      g_ptr_array_add (params, g_steal_pointer (&last_id));
      filler->params = g_steal_pointer (&params);
      fol_patient_list_set_filler (list, list_fill, filler, list_filler_free);
    }
  return G_LIST_MODEL (list);
}

/* The whole list for a listing, in the order of list_patients: one
 * statement, read through a cursor a thousand rows at a time so that a
 * large clinic never sits whole in memory, every row from one snapshot.
 */
#define EACH_PATIENT_FETCH "FETCH 1000 FROM fol_each_patient"

static gboolean
fol_pg_store_each_patient (FolStore           *store,
                           FolPatientLineFunc   func,
                           gpointer            user_data,
                           GError            **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  gboolean own = PQtransactionStatus (conn) == PQTRANS_IDLE;
  gboolean ok = TRUE;
  int n;

  if (own && !_fol_pg_exec (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return FALSE;
  if (!_fol_pg_exec (conn, "DECLARE fol_each_patient NO SCROLL CURSOR FOR"
                           " SELECT id, name, birth_date, diagnosis FROM patients"
                           " ORDER BY sort_name, id COLLATE \"C\"", error))
    {
      if (own)
        _fol_pg_rollback (conn);
      return FALSE;
    }

  do
    {
      PGresult *result = _fol_pg_query (conn, EACH_PATIENT_FETCH, 0, NULL, error);

      if (result == NULL)
        {
          ok = FALSE;
          break;
        }
      n = PQntuples (result);
      for (int i = 0; i < n && ok; i++)
        {
          FolPatientLine row = {
            .id = _fol_pg_value (result, i, 0),
            .name = _fol_pg_value (result, i, 1),
            .birth_date = _fol_pg_value (result, i, 2),
            .diagnosis = _fol_pg_value (result, i, 3),
          };

          ok = func (&row, user_data, error);
        }
      PQclear (result);
    }
  while (ok && n > 0);

  /* Read only: nothing to keep; a caller's own transaction goes on. */
  if (own)
    _fol_pg_rollback (conn);
  else
    PQclear (PQexec (conn, "CLOSE fol_each_patient"));
  return ok;
}

/* The error of a save that another workstation overtook: @what was
 * changed at @stored_at (UTC, ISO 8601) by the database user @who.
 */
void
_fol_pg_set_changed_error (GError     **error,
                           const char  *what,
                           const char  *stored_at,
                           const char  *who)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (stored_at, NULL);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
  g_autofree char *when = local ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S")
                                : g_strdup (stored_at);

  g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_CHANGED,
               _("“%s” was changed on another workstation at %s by %s, after it was opened "
                 "here. Nothing was saved: reload it to see the change, then edit it again."),
               what, when, who != NULL ? who : _("someone"));
}

gboolean
_fol_pg_rollback (PGconn *conn)
{
  PQclear (PQexec (conn, "ROLLBACK"));
  return FALSE;
}

/* What a save of @patient writes, but its times: the same save again has
 * the same digest. */
static char *
patient_digest (FolPatient *patient)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *birth = fol_date_to_iso (fol_patient_get_birth_date (patient));
  const char *fields[] = {
    fol_patient_get_name (patient), birth, fol_patient_get_sex (patient),
    fol_patient_get_diagnosis (patient), fol_patient_get_notes (patient),
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_string_append_printf (text, "%s\x1f", fields[i] ? fields[i] : "\x1e");
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    g_string_append_printf (text, "%s\x1f", fol_patient_get_site (patient, r) ?
                                            fol_patient_get_site (patient, r) : "\x1e");
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text->str, text->len);
}

static gboolean
fol_pg_store_save_patient (FolStore    *store,
                           FolPatient  *patient,
                           GError     **error)
{
  FolPgStore *self = FOL_PG_STORE (store);
  PGconn *conn = _fol_pg_store_get_conn (self);
  g_autofree char *key = _fol_pg_sort_key (fol_patient_get_name (patient));
  g_autofree char *search_key = fol_search_key_new (fol_patient_get_name (patient),
                                                    fol_patient_get_diagnosis (patient));
  g_autofree char *birth = fol_date_to_iso (fol_patient_get_birth_date (patient));
  FolPgWrite write = {
    .kind = FOL_STORE_CHANGE_PATIENT,
    .record_id = fol_patient_get_id (patient),
    .base_at = fol_patient_get_updated_at (patient),
    .digest = patient_digest (patient),
  };
  gboolean is_new = write.record_id == NULL;
  const char *id;
  PGresult *result;

  if (!_fol_pg_exec (conn, "BEGIN", error))
    goto failed;
  if (!_fol_pg_write_begin (self, &write, error))
    goto rollback;
  id = write.id;
  if (write.done)
    {
      _fol_pg_rollback (conn);
      goto stored;
    }

  /* A date of birth after the patient's own visits or sessions is refused,
   * as a visit before the date of birth is; read inside the transaction,
   * with the patient's row locked. No lost updates: a save based on what
   * another workstation has since replaced is refused, and says when and
   * by whom.
   */
  if (!is_new)
    {
      const char *params[] = { id };
      FolDate first = FOL_DATE_NONE;
      GError *local = NULL;

      if (!_fol_pg_check_current (conn, "patients", id, write.checked_at, &write.now, error))
        goto rollback;
      result = _fol_pg_query (conn, "SELECT least ("
                                    " (SELECT min (visit_date) FROM visits WHERE patient_id = $1),"
                                    " (SELECT min (session_date) FROM treatment_sessions"
                                    "  WHERE patient_id = $1))",
                              1, params, error);
      if (result == NULL)
        goto rollback;
      first = _fol_pg_date_value (result, 0, 0);
      PQclear (result);

      if (!fol_patient_validate_birth (patient, first, NULL, &local))
        {
          g_propagate_error (error, local);
          goto rollback;
        }
    }

  {
    const char *params[] = {
      id, fol_patient_get_name (patient), key, birth, fol_patient_get_sex (patient),
      fol_patient_get_diagnosis (patient), fol_patient_get_notes (patient), write.now, search_key,
    };

    result = _fol_pg_query (conn,
                            "INSERT INTO patients (id, name, sort_name, birth_date, sex, diagnosis,"
                            " notes, created_at, updated_at, search_key)"
                            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)"
                            " ON CONFLICT (id) DO UPDATE SET name = $2, sort_name = $3,"
                            " birth_date = $4, sex = $5, diagnosis = $6, notes = $7,"
                            " updated_at = $8, search_key = $9, version = patients.version + 1",
                            G_N_ELEMENTS (params), params, error);
    if (result == NULL)
      goto rollback;
    PQclear (result);
  }

  {
    const char *params[] = { id };

    result = _fol_pg_query (conn, "DELETE FROM patient_sites WHERE patient_id = $1", 1, params,
                            error);
    if (result == NULL)
      goto rollback;
    PQclear (result);
  }

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      const char *params[] = { id, fol_region_code (r), fol_patient_get_site (patient, r) };

      if (params[2] == NULL)
        continue;
      result = _fol_pg_query (conn, "INSERT INTO patient_sites (patient_id, region, description)"
                                    " VALUES ($1, $2, $3)", 3, params, error);
      if (result == NULL)
        goto rollback;
      PQclear (result);
    }

  if (!_fol_pg_write_record (conn, &write, error) || !_fol_pg_exec (conn, "COMMIT", error))
    goto rollback;

stored:
  /* Only now, when it is stored, does the object take its new identity. */
  if (is_new)
    {
      fol_patient_set_id (patient, id);
      fol_patient_set_created_at (patient, write.now);
    }
  fol_patient_set_updated_at (patient, write.now);
  _fol_pg_write_end (self, &write);

  fol_store_emit_changed (store, FOL_STORE_CHANGE_PATIENT, fol_patient_get_id (patient));
  return TRUE;

rollback:
  _fol_pg_rollback (conn);
failed:
  _fol_pg_write_end (self, &write);
  return FALSE;
}

/**
 * _fol_pg_delete_by_id:
 * @table: a table whose rows have an `id`; never from input
 * @out_found: (out): whether a row had the ID
 * @out_patient_id: (out) (optional): the deleted row's patient_id, for a
 *   table that has one
 *
 * Deletes the row of @table with @id, within the caller's transaction.
 */
gboolean
_fol_pg_delete_by_id (PGconn      *conn,
                      const char  *table,
                      const char  *id,
                      gboolean    *out_found,
                      char       **out_patient_id,
                      GError     **error)
{
  const char *params[] = { id };
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = $1%s", table,
                                          out_patient_id ? " RETURNING patient_id" : "");
  PGresult *result = _fol_pg_query (conn, sql, 1, params, error);

  if (result == NULL)
    return FALSE;
  *out_found = g_strcmp0 (PQcmdTuples (result), "0") != 0;
  if (out_patient_id != NULL)
    *out_patient_id = *out_found && PQntuples (result) > 0
                      ? g_strdup (PQgetvalue (result, 0, 0)) : NULL;
  PQclear (result);
  return TRUE;
}

static gboolean
fol_pg_store_delete_patient (FolStore    *store,
                             const char  *patient_id,
                             const char  *loaded_at,
                             GError     **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  gboolean found;

  /* The check and the delete (its cascade with it) in one transaction. */
  if (!_fol_pg_exec (conn, "BEGIN", error))
    return FALSE;
  if (!_fol_pg_check_current (conn, "patients", patient_id, loaded_at, NULL, error) ||
      !_fol_pg_delete_by_id (conn, "patients", patient_id, &found, NULL, error))
    return _fol_pg_rollback (conn);
  if (!found)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("No patient has the ID “%s”"), patient_id);
      return _fol_pg_rollback (conn);
    }
  if (!_fol_pg_exec (conn, "COMMIT", error))
    return _fol_pg_rollback (conn);

  fol_store_emit_changed (store, FOL_STORE_CHANGE_PATIENT, patient_id);
  return TRUE;
}

/* The audit log of one record, oldest first, one line each: when, what
 * was done, to which table, before and after (JSON).
 */
static GPtrArray *
fol_pg_store_list_audit (FolStore    *store,
                         const char  *entity_id,
                         GError     **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  const char *params[] = { entity_id };
  PGresult *result;

  result = _fol_pg_query (conn, "SELECT at, action, entity, coalesce (before::text, ''),"
                                " coalesce (after::text, '') FROM audit_log"
                                " WHERE entity_id = $1 ORDER BY id", 1, params, error);
  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    g_ptr_array_add (lines, g_strdup_printf ("%s\t%s\t%s\t%s\t%s", PQgetvalue (result, i, 0),
                                             PQgetvalue (result, i, 1), PQgetvalue (result, i, 2),
                                             PQgetvalue (result, i, 3),
                                             PQgetvalue (result, i, 4)));
  PQclear (result);
  return g_steal_pointer (&lines);
}

void
_fol_pg_store_records_iface_init (FolStoreInterface *iface)
{
  _fol_pg_store_history_iface_init (iface);
  iface->list_patients = fol_pg_store_list_patients;
  iface->each_patient = fol_pg_store_each_patient;
  iface->count_patients = fol_pg_store_count_patients;
  iface->get_patient = fol_pg_store_get_patient;
  iface->save_patient = fol_pg_store_save_patient;
  iface->delete_patient = fol_pg_store_delete_patient;
  iface->list_audit = fol_pg_store_list_audit;
}
