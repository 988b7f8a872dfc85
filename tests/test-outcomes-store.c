/* test-outcomes-store.c
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

/* Clinic outcomes read tables of their own (migration 10 on both
 * backends), kept in step with the records by triggers. Checked on both
 * backends: a clinic of every older schema, upgraded, gives the same
 * outcomes as the same records written into a clinic of this version;
 * after edits and deletes of visits, measurements, sessions, adverse
 * events and patients through the store, the outcomes are those of the
 * same records copied into an older clinic and upgraded (the tables
 * filled anew from the records); and the scan on a clinic file reads
 * those tables in order, never row by row through an index of the
 * records.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <sqlite3.h>

#include "fol-outcomes.h"
#include "fol-pg-migrations.h"
#include "fol-sqlite-migrations.h"
#include "fol-sqlite-store-bulk.h"
#include "fol-test-backend.h"

typedef FolTestClinic Fixture;
#define setup fol_test_clinic_setup
#define teardown fol_test_clinic_teardown

static Backend
backend_of (gconstpointer data)
{
  return GPOINTER_TO_INT (data);
}

/* Records */

static const char * const types[] = { "prp", "exosomes", "minoxidil_topical" };
static const char * const products[] = { "Kit A", "Kit B", NULL };
static const char * const diagnoses[] = { "androgenetic_alopecia", "alopecia_areata" };
static const char * const severities[] = { "mild", "moderate", "severe" };
static const char * const regions[] = { "vertex", "frontal", "occipital" };

static void
append_value (GString *sql,
              double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    g_string_append (sql, "NULL");
  else
    g_string_append (sql, g_ascii_formatd (buf, sizeof buf, "%.1f", value));
}

/* A clinic of @n patients as SQL that every schema version takes: most
 * treated with one or two courses (sessions with adverse events), with
 * visits before and after at irregular months, three regions measured
 * with some values missing, SALT on some visits; some never treated.
 */
static char *
clinic_sql (guint n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  GString *sql = g_string_new ("");
  const char *stamp = "'2024-01-01T00:00:00.000Z'";

  for (guint p = 0; p < n; p++)
    {
      g_autofree char *pid = g_strdup_printf ("p-%03u-%08x", p, g_rand_int (rand));
      GDate first;
      guint n_types = p % 9 == 0 ? 0 : (p % 5 == 0 ? 2 : 1);
      int offset = g_rand_int_range (rand, 0, 60);

      g_string_append_printf (sql,
                              "INSERT INTO patients (id, name, sort_name, birth_date, sex,"
                              " diagnosis, created_at, updated_at) VALUES ('%s', 'Patient %u',"
                              " 'patient %u', '%04d-%02d-15', '%s', '%s', %s, %s);\n",
                              pid, p, p, 1950 + g_rand_int_range (rand, 0, 50),
                              g_rand_int_range (rand, 1, 13), p % 2 ? "female" : "male",
                              diagnoses[p % 3 == 0], stamp, stamp);

      g_date_clear (&first, 1);
      g_date_set_dmy (&first, 10, G_DATE_JANUARY, 2024);
      g_date_add_days (&first, offset);

      for (guint t = 0; t < n_types; t++)
        {
          const char *type = types[(p + t) % G_N_ELEMENTS (types)];
          const char *product = products[(p / 2 + t) % G_N_ELEMENTS (products)];
          guint n_sessions = g_rand_int_range (rand, 1, 4);

          for (guint s = 0; s < n_sessions; s++)
            {
              GDate day = first;
              char iso[16];

              g_date_add_days (&day, 28 * s + 14 * t);
              g_date_strftime (iso, sizeof iso, "%Y-%m-%d", &day);
              g_string_append_printf (sql,
                                      "INSERT INTO treatment_sessions (id, patient_id,"
                                      " session_date, treatment_type, product, created_at,"
                                      " updated_at)"
                                      " VALUES ('%s-s%u%u', '%s', '%s', '%s', %s%s%s, %s, %s);\n",
                                      pid, t, s, pid, iso, type, product ? "'" : "",
                                      product ? product : "NULL", product ? "'" : "", stamp,
                                      stamp);
              for (guint e = 0; e < (guint) g_rand_int_range (rand, 0, 3); e++)
                g_string_append_printf (sql,
                                        "INSERT INTO adverse_events (id, session_id, position,"
                                        " description, severity) VALUES ('%s-s%u%u-e%u',"
                                        " '%s-s%u%u', %u, 'Event', '%s');\n",
                                        pid, t, s, e, pid, t, s, e,
                                        severities[g_rand_int_range (rand, 0, 3)]);
            }
        }

      /* Visits: a baseline before the first session, then every one to
       * four months, some of them measured a few days off. */
      {
        GDate day = first;
        double base = g_rand_double_range (rand, 90, 180);

        g_date_subtract_days (&day, g_rand_int_range (rand, 0, 10));
        for (guint v = 0; v < 7; v++)
          {
            char iso[16];
            gboolean salt = p % 4 == 1 && v % 3 != 2;

            g_date_strftime (iso, sizeof iso, "%Y-%m-%d", &day);
            g_string_append_printf (sql,
                                    "INSERT INTO visits (id, patient_id, visit_date, kind,"
                                    " salt_top, salt_back, salt_right, salt_left, created_at,"
                                    " updated_at) VALUES ('%s-v%u', '%s', '%s', '%s',",
                                    pid, v, pid, iso, v == 0 ? "baseline" : "follow_up");
            if (salt)
              g_string_append_printf (sql, " %d, %d, %d, %d,", g_rand_int_range (rand, 0, 101),
                                      g_rand_int_range (rand, 0, 101),
                                      g_rand_int_range (rand, 0, 101),
                                      g_rand_int_range (rand, 0, 101));
            else
              g_string_append (sql, " NULL, NULL, NULL, NULL,");
            g_string_append_printf (sql, " %s, %s);\n", stamp, stamp);

            for (guint r = 0; r < G_N_ELEMENTS (regions); r++)
              {
                double total = base * (1 + 0.02 * v * (r + 1)) + g_rand_double_range (rand, -8, 8);
                gboolean gap = g_rand_int_range (rand, 0, 7) == 0;

                if (g_rand_int_range (rand, 0, 9) == 0)
                  continue;   /* a region not measured that day */
                g_string_append_printf (sql,
                                        "INSERT INTO measurements (visit_id, region,"
                                        " hair_count, field_area_cm2, total_density,"
                                        " terminal_density, vellus_density, mean_diameter_um,"
                                        " anagen_percent, fu_density) VALUES"
                                        " ('%s-v%u', '%s', ",
                                        pid, v, regions[r]);
                /* Counted on 0.5 cm², so that the density is twice the count */
                total = 2 * (int) (total / 2);
                if (gap)
                  g_string_append (sql, "NULL, NULL, ");
                else
                  g_string_append_printf (sql, "%d, 0.5, ", (int) (total / 2));
                append_value (sql, gap ? NAN : total);
                g_string_append (sql, ", ");
                append_value (sql, total * 0.6);
                g_string_append (sql, ", ");
                append_value (sql, gap ? NAN : total * 0.4);
                g_string_append (sql, ", ");
                append_value (sql, g_rand_double_range (rand, 45, 80));
                g_string_append (sql, ", ");
                append_value (sql, g_rand_int_range (rand, 0, 5) == 0
                                     ? NAN : g_rand_double_range (rand, 60, 90));
                g_string_append (sql, ", ");
                append_value (sql, total / 2.2);
                g_string_append (sql, ");\n");
              }
            g_date_add_days (&day, 30 * g_rand_int_range (rand, 1, 4) +
                                   g_rand_int_range (rand, -5, 6));
          }
      }
    }
  return g_string_free (sql, FALSE);
}

/* What the outcomes say: every measure, three regions, each filter, as
 * JSON (full precision to ten digits, so that the order in which patients
 * were added, which differs between two clinics of the same records,
 * plays no part).
 */
static char *
snapshot (FolStore *store)
{
  static const FolMeasure measures[] = {
    FOL_MEASURE_TOTAL_DENSITY, FOL_MEASURE_TERMINAL_DENSITY, FOL_MEASURE_VELLUS_DENSITY,
    FOL_MEASURE_MEAN_DIAMETER, FOL_MEASURE_CUMULATIVE_THICKNESS, FOL_MEASURE_ANAGEN,
    FOL_MEASURE_FU_DENSITY, FOL_MEASURE_HAIR_COUNT, FOL_MEASURE_SALT,
  };
  static const FolRegion by_region[] = { FOL_REGION_VERTEX, FOL_REGION_FRONTAL,
                                         FOL_REGION_OCCIPITAL };
  GString *out = g_string_new (NULL);

  for (guint m = 0; m < G_N_ELEMENTS (measures); m++)
    for (guint r = 0; r < (measures[m] == FOL_MEASURE_SALT ? 1 : G_N_ELEMENTS (by_region)); r++)
      for (guint k = 0; k < 5; k++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(FolOutcomes) outcomes = NULL;
          g_autofree char *json = NULL;
          FolOutcomesFilter filter;

          fol_outcomes_filter_init (&filter);
          filter.measure = measures[m];
          filter.region = by_region[r];
          filter.treatment_type = k == 1 ? "prp" : NULL;
          filter.diagnosis = k == 2 ? "alopecia_areata" : NULL;
          filter.sex = k == 3 ? "female" : NULL;
          filter.age_band = k == 4 ? FOL_AGE_BAND_45_59 : FOL_AGE_BAND_ALL;
          outcomes = fol_outcomes_compute (store, &filter, &error);
          g_assert_no_error (error);
          json = fol_outcomes_to_json (outcomes);
          g_string_append_printf (out, "%s\n", json);
        }
  return g_string_free (out, FALSE);
}

/* Treated patients counted by the outcomes of every treatment. */
static guint
count_treated (FolStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolOutcomes) outcomes = NULL;
  FolOutcomesFilter filter;
  guint n = 0;

  fol_outcomes_filter_init (&filter);
  outcomes = fol_outcomes_compute (store, &filter, &error);
  g_assert_no_error (error);
  for (guint g = 0; g < outcomes->groups->len; g++)
    {
      const FolOutcomeGroup *group = g_ptr_array_index (outcomes->groups, g);

      if (group->product == NULL)
        n += group->n_patients;
    }
  return n;
}

/* Clinics of an older schema */

/* The records' own columns, as every schema version has them. */
static const struct
{
  const char *table;
  const char *columns;
} record_tables[] = {
  { "patients", "id, name, sort_name, birth_date, sex, diagnosis, created_at, updated_at" },
  { "visits", "id, patient_id, visit_date, kind, salt_top, salt_back, salt_right, salt_left,"
              " created_at, updated_at" },
  { "measurements", "visit_id, region, hair_count, field_area_cm2, total_density, terminal_density,"
                    " vellus_density, mean_diameter_um, anagen_percent, fu_density" },
  { "treatment_sessions", "id, patient_id, session_date, treatment_type, product, created_at,"
                          " updated_at" },
  { "adverse_events", "id, session_id, position, description, severity" },
};

static void
sqlite_exec (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  sqlite3_exec (db, sql, NULL, NULL, &message);
  if (message != NULL)
    g_error ("%s", message);
}

/* An empty clinic file as schema @version left it. */
static sqlite3 *
sqlite_old_clinic (const char *path,
                   guint       version)
{
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", version);
  g_autofree char *set_id = g_strdup_printf ("PRAGMA application_id = %d",
                                             FOL_SQLITE_APPLICATION_ID);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite_exec (db, "PRAGMA foreign_keys = ON; BEGIN");
  _fol_sqlite_migration_functions (db, TRUE);
  for (guint v = 1; v <= version; v++)
    sqlite_exec (db, _fol_sqlite_migration (v));
  _fol_sqlite_migration_functions (db, FALSE);
  sqlite_exec (db, set_version);
  sqlite_exec (db, set_id);
  sqlite_exec (db, "COMMIT");
  return db;
}

/* An empty clinic database on the server as schema @version left it. */
static PGconn *
pg_old_clinic (const char *name,
               guint       version)
{
  PGconn *conn = fol_test_pg_connect (name);
  g_autofree char *set_version = g_strdup_printf ("INSERT INTO follicle_schema VALUES (%u)",
                                                  version);

  fol_test_pg_exec (conn, "BEGIN; CREATE TABLE follicle_schema (version integer NOT NULL)");
  for (guint v = 1; v <= version; v++)
    fol_test_pg_exec (conn, _fol_pg_migration (v));
  fol_test_pg_exec (conn, set_version);
  fol_test_pg_exec (conn, "COMMIT");
  return conn;
}

/* A store over a clinic of schema @version holding @sql's records, or the
 * records of @from (a store's location on the same backend), opened and
 * so upgraded. *@name is the new database's (free it and drop it).
 */
static FolStore *
open_old_clinic (Backend      backend,
                 const char  *dir,
                 guint        version,
                 const char  *sql,
                 const char  *from,
                 char       **name)
{
  g_autoptr(GError) error = NULL;
  FolStore *store;

  if (backend == BACKEND_SQLITE)
    {
      static guint counter;
      g_autofree char *file = g_strdup_printf ("v%u-%u.follicle", version, counter++);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      sqlite3 *db = sqlite_old_clinic (path, version);

      sqlite_exec (db, "BEGIN");
      if (sql != NULL)
        sqlite_exec (db, sql);
      else
        {
          g_autofree char *attach = g_strdup_printf ("ATTACH '%s' AS source", from);

          sqlite_exec (db, attach);
          for (guint t = 0; t < G_N_ELEMENTS (record_tables); t++)
            {
              g_autofree char *copy = g_strdup_printf ("INSERT INTO main.%s (%s) SELECT %s"
                                                       " FROM source.%s",
                                                       record_tables[t].table,
                                                       record_tables[t].columns,
                                                       record_tables[t].columns,
                                                       record_tables[t].table);

              sqlite_exec (db, copy);
            }
        }
      sqlite_exec (db, "COMMIT");
      if (sql == NULL)
        sqlite_exec (db, "DETACH source");
      sqlite3_close (db);
      *name = NULL;
      store = FOL_STORE (fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_NONE, &error));
    }
  else
    {
      g_autofree char *location = NULL;
      PGconn *conn;

      *name = fol_test_pg_create_database ();
      conn = pg_old_clinic (*name, version);
      fol_test_pg_exec (conn, "BEGIN");
      if (sql != NULL)
        fol_test_pg_exec (conn, sql);
      else
        {
          PGconn *source = PQconnectdb (from);

          g_assert_cmpint (PQstatus (source), ==, CONNECTION_OK);
          for (guint t = 0; t < G_N_ELEMENTS (record_tables); t++)
            {
              g_autofree char *select = g_strdup_printf ("SELECT %s FROM %s",
                                                         record_tables[t].columns,
                                                         record_tables[t].table);
              PGresult *rows = PQexec (source, select);
              g_auto(GStrv) columns = g_strsplit (record_tables[t].columns, ",", -1);
              guint n = g_strv_length (columns);
              g_autoptr(GString) insert = g_string_new (NULL);

              g_assert_cmpint (PQresultStatus (rows), ==, PGRES_TUPLES_OK);
              g_string_printf (insert, "INSERT INTO %s (%s) VALUES (", record_tables[t].table,
                               record_tables[t].columns);
              for (guint c = 0; c < n; c++)
                g_string_append_printf (insert, "%s$%u", c > 0 ? ", " : "", c + 1);
              g_string_append_c (insert, ')');
              for (int r = 0; r < PQntuples (rows); r++)
                {
                  g_autofree const char **values = g_new0 (const char *, n);
                  PGresult *done;

                  for (guint c = 0; c < n; c++)
                    values[c] = PQgetisnull (rows, r, c) ? NULL : PQgetvalue (rows, r, c);
                  done = PQexecParams (conn, insert->str, n, NULL, values, NULL, NULL, 0);
                  if (PQresultStatus (done) != PGRES_COMMAND_OK)
                    g_error ("%s", PQresultErrorMessage (done));
                  PQclear (done);
                }
              PQclear (rows);
            }
          PQfinish (source);
        }
      fol_test_pg_exec (conn, "COMMIT");
      PQfinish (conn);
      location = g_strdup_printf ("dbname=%s", *name);
      store = FOL_STORE (fol_pg_store_open (location, &error));
    }
  g_assert_no_error (error);
  return store;
}

/* @sql's records written into the fixture's clinic of this version. */
static void
fill (Fixture    *f,
      Backend     backend,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (backend == BACKEND_SQLITE)
    {
      sqlite3 *db = NULL;

      g_clear_object (&f->store);
      g_assert_cmpint (sqlite3_open (f->location, &db), ==, SQLITE_OK);
      sqlite_exec (db, "PRAGMA foreign_keys = ON; BEGIN");
      sqlite_exec (db, sql);
      sqlite_exec (db, "COMMIT");
      sqlite3_close (db);
      f->store = FOL_STORE (fol_sqlite_store_open (f->location, FOL_SQLITE_STORE_FLAGS_NONE,
                                                   &error));
      g_assert_no_error (error);
    }
  else
    {
      PGconn *conn = fol_test_pg_connect (f->database);

      fol_test_pg_exec (conn, "BEGIN");
      fol_test_pg_exec (conn, sql);
      fol_test_pg_exec (conn, "COMMIT");
      PQfinish (conn);
    }
}

/* From every older schema, the same outcomes. */
static void
test_upgraded_same (Fixture       *f,
                    gconstpointer  data)
{
  Backend backend = backend_of (data);
  g_autofree char *sql = clinic_sql (40);
  g_autofree char *expected = NULL;
  guint latest = backend == BACKEND_SQLITE ? fol_sqlite_store_schema_version ()
                                           : fol_pg_store_schema_version ();

  if (f->store == NULL)
    return;
  fill (f, backend, sql);
  expected = snapshot (f->store);
  /* The clinic has something to say */
  g_assert_cmpuint (count_treated (f->store), >=, 30);
  g_assert_nonnull (strstr (expected, "\"n\": 5"));
  /* On the server, clinicians read the tables of outcomes, never write them */
  if (backend == BACKEND_POSTGRESQL)
    {
      PGconn *conn = fol_test_pg_connect (f->database);
      g_autofree char *read = fol_test_pg_value (conn, "SELECT has_table_privilege"
                                                 " ('follicle_clinician', 'outcome_values',"
                                                 " 'SELECT')");
      g_autofree char *write = fol_test_pg_value (conn, "SELECT has_table_privilege"
                                                  " ('follicle_clinician', 'outcome_values',"
                                                  " 'INSERT')");

      g_assert_cmpstr (read, ==, "t");
      g_assert_cmpstr (write, ==, "f");
      PQfinish (conn);
    }

  for (guint version = 1; version < latest; version++)
    {
      g_autofree char *name = NULL;
      g_autoptr(FolStore) old = NULL;
      g_autofree char *got = NULL;

      g_test_message ("from version %u", version);
      old = open_old_clinic (backend, f->dir, version, sql, NULL, &name);
      got = snapshot (old);
      g_assert_cmpstr (got, ==, expected);
      g_clear_object (&old);
      fol_test_pg_drop_database (name);
    }
}

/* The outcomes of @store's records, written anew into an older clinic and
 * upgraded, are @store's own. */
static void
assert_same_as_rebuilt (Fixture *f,
                        Backend  backend)
{
  g_autofree char *name = NULL;
  g_autoptr(FolStore) rebuilt = NULL;
  g_autofree char *kept = snapshot (f->store);
  g_autofree char *anew = NULL;
  guint latest = backend == BACKEND_SQLITE ? fol_sqlite_store_schema_version ()
                                           : fol_pg_store_schema_version ();

  rebuilt = open_old_clinic (backend, f->dir, latest - 1, NULL, f->location, &name);
  anew = snapshot (rebuilt);
  g_assert_cmpstr (kept, ==, anew);
  g_clear_object (&rebuilt);
  fol_test_pg_drop_database (name);
}

static FolHistory *
history_of (FolStore   *store,
            const char *patient_id)
{
  g_autoptr(GError) error = NULL;
  FolHistory *history = fol_store_load_history (store, patient_id, &error);

  g_assert_no_error (error);
  return history;
}

/* Saves visit @i of @history with its measurements, less @drop_region
 * (FOL_REGION_NONE: all). */
static void
save_visit (FolStore   *store,
            FolHistory *history,
            guint       i,
            FolVisit   *visit,
            FolRegion   drop_region,
            FolRegion   change_region,
            double      total)
{
  g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      FolMeasurement *m = fol_history_get_measurement (history, i, r);
      FolMeasurement *copy;

      if (m == NULL || r == drop_region)
        continue;
      copy = fol_measurement_copy (m);
      if (r == change_region)
        {
          fol_measurement_set_hair_count (copy, total / 2);
          fol_measurement_set_field_area (copy, 0.5);
          fol_measurement_set_total_density (copy, total);
          fol_measurement_set_terminal_density (copy, total * 0.6);
          fol_measurement_set_vellus_density (copy, total - total * 0.6);
        }
      g_ptr_array_add (ms, copy);
    }
  fol_store_save_visit (store, visit, ms, &error);
  g_assert_no_error (error);
}

static char *
patient_id_of (guint n)
{
  return g_strdup_printf ("p-%03u-", n);
}

/* The full ID of the patient whose ID starts "p-NNN-". */
static char *
find_patient (FolStore *store,
              guint     n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) all = fol_store_list_patients (store, NULL, &error);
  g_autofree char *prefix = patient_id_of (n);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(FolPatient) p = g_list_model_get_item (all, i);

      if (g_str_has_prefix (fol_patient_get_id (p), prefix))
        return g_strdup (fol_patient_get_id (p));
    }
  g_assert_not_reached ();
}

/* Edits and deletes through the store: the outcomes follow each. */
static void
test_follows_edits (Fixture       *f,
                    gconstpointer  data)
{
  Backend backend = backend_of (data);
  g_autofree char *sql = clinic_sql (30);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  guint treated;

  if (f->store == NULL)
    return;
  fill (f, backend, sql);
  assert_same_as_rebuilt (f, backend);
  treated = count_treated (f->store);

  /* Visits and measurements: a value changed, a region removed, a visit
   * moved to another month, a visit deleted, SALT entered and cleared. */
  before = snapshot (f->store);
  for (guint n = 1; n < 9; n++)
    {
      g_autofree char *id = find_patient (f->store, n);
      g_autoptr(FolHistory) h = history_of (f->store, id);
      g_autoptr(FolVisit) visit = fol_visit_copy (fol_history_get_visit (h, 2));

      switch (n % 4)
        {
        case 0:
          save_visit (f->store, h, 2, visit, FOL_REGION_NONE, FOL_REGION_VERTEX, 334.0);
          break;
        case 1:
          fol_visit_set_salt_top (visit, n % 2 ? 10 : FOL_NO_SCORE);
          fol_visit_set_salt_back (visit, 20);
          fol_visit_set_salt_right (visit, 30);
          fol_visit_set_salt_left (visit, 40);
          save_visit (f->store, h, 2, visit, FOL_REGION_VERTEX, FOL_REGION_NONE, 0);
          break;
        case 2:
          fol_visit_set_date (visit, fol_visit_get_date (visit) + 60);
          save_visit (f->store, h, 2, visit, FOL_REGION_NONE, FOL_REGION_FRONTAL, 222.0);
          break;
        case 3:
          g_assert_true (fol_store_delete_visit (f->store, fol_visit_get_id (visit), &error));
          g_assert_no_error (error);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  after = snapshot (f->store);
  g_assert_cmpstr (after, !=, before);
  assert_same_as_rebuilt (f, backend);

  /* Sessions, adverse events and patients: a session moved to another
   * type, product and day, one deleted, adverse events added and
   * removed, a patient's sex, diagnosis and birth changed, a treated
   * patient deleted. */
  g_clear_pointer (&before, g_free);
  before = g_steal_pointer (&after);
  for (guint n = 10; n < 16; n++)
    {
      g_autofree char *id = find_patient (f->store, n);
      g_autoptr(FolHistory) h = history_of (f->store, id);
      g_autoptr(FolTreatmentSession) session = NULL;
      g_autoptr(FolPatient) patient = NULL;

      g_assert_cmpuint (fol_history_get_n_sessions (h), >, 0);
      session = fol_treatment_session_copy (fol_history_get_session (h, 0));
      switch (n % 5)
        {
        case 0:
          fol_treatment_session_set_treatment_type (session, "exosomes");
          fol_treatment_session_set_product (session, "Kit C");
          fol_treatment_session_set_date (session, fol_treatment_session_get_date (session) - 20);
          fol_treatment_session_add_adverse_event (session, "Swelling", FOL_SEVERITY_SEVERE);
          g_assert_true (fol_store_save_session (f->store, session, &error));
          break;
        case 1:
          g_assert_true (fol_store_delete_session (f->store,
                                                   fol_treatment_session_get_id (session),
                                                   &error));
          break;
        case 2:
          fol_treatment_session_clear_adverse_events (session);
          g_assert_true (fol_store_save_session (f->store, session, &error));
          break;
        case 3:
          patient = fol_patient_copy (fol_history_get_patient (h));
          fol_patient_set_sex (patient, g_strcmp0 (fol_patient_get_sex (patient), "male") == 0
                                          ? "female" : "male");
          fol_patient_set_diagnosis (patient, "alopecia_areata");
          fol_patient_set_birth_date (patient, fol_patient_get_birth_date (patient) - 365 * 12);
          g_assert_true (fol_store_save_patient (f->store, patient, &error));
          break;
        case 4:
          g_assert_true (fol_store_delete_patient (f->store, id, &error));
          break;
        default:
          g_assert_not_reached ();
        }
      g_assert_no_error (error);
    }
  after = snapshot (f->store);
  g_assert_cmpstr (after, !=, before);
  /* Patients 11 (its only session) and 14 (deleted) are treated no more */
  g_assert_cmpuint (count_treated (f->store), <, treated);
  assert_same_as_rebuilt (f, backend);
}

/* On a clinic file, the scan's statements read whole ranges in the order
 * they are stored: no lookup of a row for each row read, and no sort. */
static void
test_reads_in_order (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *sql = clinic_sql (10);
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  FolMeasure measures[] = { FOL_MEASURE_TOTAL_DENSITY, FOL_MEASURE_SALT };
  sqlite3 *db = NULL;
  guint checked = 0;

  fill (f, BACKEND_SQLITE, sql);
  for (guint m = 0; m < G_N_ELEMENTS (measures); m++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FolOutcomes) outcomes = NULL;
      FolOutcomesFilter filter;

      fol_outcomes_filter_init (&filter);
      filter.measure = measures[m];
      outcomes = fol_outcomes_compute (f->store, &filter, &error);
      g_assert_no_error (error);
    }

  statements = _fol_sqlite_store_list_statements (FOL_SQLITE_STORE (f->store));
  g_assert_cmpint (sqlite3_open_v2 (f->location, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < statements->len; i++)
    {
      const char *text = g_ptr_array_index (statements, i);
      g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", text, NULL);
      sqlite3_stmt *stmt = NULL;
      g_autoptr(GString) plan = g_string_new (NULL);

      if (strstr (text, "outcome") == NULL && strstr (text, "treatment_sessions s") == NULL)
        continue;
      g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (plan, "%s; ", sqlite3_column_text (stmt, 3));
      sqlite3_finalize (stmt);
      checked++;
      /* A search of each row's match in a table of records, or a sort */
      if (strstr (plan->str, "TEMP B-TREE") != NULL ||
          strstr (plan->str, "SEARCH m ") != NULL || strstr (plan->str, "SEARCH s ") != NULL ||
          strstr (plan->str, "SEARCH a ") != NULL ||
          strstr (plan->str, "SEARCH measurements") != NULL)
        g_string_append_printf (failures, "\n  %s\n    in: %s", plan->str, text);
    }
  sqlite3_close (db);
  g_test_message ("%u statements of the scan checked", checked);
  if (failures->len > 0)
    g_error ("Row-by-row reads:%s", failures->str);
  /* The courses and the values of a region, and of SALT */
  g_assert_cmpuint (checked, >=, 3);
}

static void
add (const char *name,
     Backend     backend,
     void      (*func) (Fixture *, gconstpointer))
{
  fol_test_add_backend ("/outcomes-store", name, backend, Fixture, setup, func, teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fol_date_set_today (fol_date_new (2026, 11, 25));

  for (Backend b = BACKEND_SQLITE; b <= BACKEND_POSTGRESQL; b++)
    {
      add ("upgraded-same", b, test_upgraded_same);
      add ("follows-edits", b, test_follows_edits);
    }
  add ("reads-in-order", BACKEND_SQLITE, test_reads_in_order);

  return g_test_run ();
}
