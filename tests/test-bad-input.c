/* test-bad-input.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fol-error.h"
#include "test-helpers.h"

/* Bad input at every entry point, one table row each: the input, the words
 * the message must contain (naming the field or the file), the exit status
 * for the command line. After each row the data is unchanged: the same rows
 * for the core API, the same bytes for the command line.
 */

/* Core API */

typedef enum
{
  PATIENT,
  PATIENT_STORED,  /* the stored patient, who has a visit on 2024-01-10 */
  VISIT,
  MEASUREMENT,
  MEASUREMENT_TWICE,
  SESSION,
  DATE_TEXT,
} Target;

typedef struct
{
  Target      target;
  const char *props;   /* "property=value;…"; dates as YYYY-MM-DD or "tomorrow" */
  const char *expect;
} CoreCase;

static const CoreCase core_cases[] = {
  /* Patient */
  { PATIENT, "name=", "Name is required" },
  { PATIENT, "name=x*201", "Name is longer than 200 characters" },
  { PATIENT, "birth-date=tomorrow", "Date of birth cannot be in the future" },
  { PATIENT, "birth-date=1899-12-31", "Date of birth is before 1900" },
  { PATIENT, "sex=robot", "Sex “robot”" },
  { PATIENT, "diagnosis=baldness", "Diagnosis “baldness”" },
  { PATIENT, "name=Forged\nRow", "Name contains a control character" },
  { PATIENT, "name=Tab\tName", "Name contains a control character" },
  { PATIENT, "name=Esc\x1b[2JName", "Name contains a control character" },
  { PATIENT, "notes=Bell\a", "Notes contain a control character" },
  { PATIENT_STORED, "birth-date=2024-02-01", "Date of birth 2024-02-01 is after the patient’s visit or treatment session of 2024-01-10" },
  /* Visit */
  { VISIT, "date=none", "Visit date is required" },
  { VISIT, "date=tomorrow", "Visit date cannot be in the future" },
  { VISIT, "date=1979-12-31", "Visit date cannot be before the patient’s date of birth" },
  { VISIT, "kind=", "Choose the kind of visit" },
  { VISIT, "kind=annual", "Choose the kind of visit" },
  { VISIT, "norwood=VIII", "“VIII” is not a Norwood–Hamilton stage" },
  { VISIT, "ludwig=IV", "“IV” is not a Ludwig stage" },
  { VISIT, "sinclair=6", "Sinclair stage must be between 1 and 5" },
  { VISIT, "sinclair=0", "Sinclair stage must be between 1 and 5" },
  { VISIT, "investigator-assessment=4", "Investigator assessment must be between -3 and 3" },
  { VISIT, "investigator-assessment=-4", "Investigator assessment must be between -3 and 3" },
  { VISIT, "patient-assessment=4", "Patient self-assessment must be between -3 and 3" },
  { VISIT, "salt-top=101;salt-back=0;salt-right=0;salt-left=0", "SALT top must be between 0 and 100" },
  { VISIT, "salt-top=0;salt-back=-1;salt-right=0;salt-left=0", "SALT back must be between 0 and 100" },
  { VISIT, "salt-top=50;salt-back=10;salt-right=10", "SALT left side is missing" },
  { VISIT, "salt-top=50", "SALT back is missing" },
  { VISIT, "patient-id=nobody", "No patient has the ID “nobody”" },
  { VISIT, "clinician=Dr\x1b[31mRed", "Clinician contains a control character" },
  /* Measurement (vertex, 150 hairs on 1 cm² unless changed) */
  { MEASUREMENT, "hair-count=2001", "Hair count must be between 0 and 2000" },
  { MEASUREMENT, "hair-count=-1", "Hair count must be between" },
  { MEASUREMENT, "hair-count=150.5", "Hair count must be a whole number" },
  { MEASUREMENT, "field-area=0", "Counted area must be between" },
  { MEASUREMENT, "field-area=-1", "Counted area must be between" },
  { MEASUREMENT, "field-area=11", "Counted area must be between" },
  { MEASUREMENT, "field-area=nan", "Counted area is required with a hair count" },
  { MEASUREMENT, "hair-count=nan;field-area=nan;total-density=601", "Total density must be between" },
  { MEASUREMENT, "hair-count=nan;field-area=nan;total-density=-1", "Total density must be between" },
  { MEASUREMENT, "total-density=100", "Total density 100.0 does not match 150 hairs" },
  { MEASUREMENT, "hair-count=nan;field-area=nan;total-density=100;vellus-density=120",
    "Vellus density 120.0 cannot exceed total density 100.0" },
  { MEASUREMENT, "hair-count=nan;field-area=nan;total-density=100;terminal-density=130",
    "Terminal density 130.0 cannot exceed total density 100.0" },
  { MEASUREMENT, "hair-count=nan;field-area=nan;total-density=100;terminal-density=60;vellus-density=30",
    "Terminal density 60.0 + vellus density 30.0 does not add up to total density 100.0" },
  { MEASUREMENT, "vellus-density=-1", "Vellus density must be between" },
  { MEASUREMENT, "terminal-density=700", "Terminal density must be between" },
  { MEASUREMENT, "anagen=101", "Anagen must be between 0 and 100" },
  { MEASUREMENT, "anagen=-5", "Anagen must be between 0 and 100" },
  { MEASUREMENT, "mean-diameter=5", "Mean diameter must be between 10 and 200" },
  { MEASUREMENT, "mean-diameter=250", "Mean diameter must be between 10 and 200" },
  { MEASUREMENT, "terminal-threshold=5", "Terminal threshold must be between" },
  { MEASUREMENT, "fu-density=301", "Follicular units must be between" },
  { MEASUREMENT, "fu-density=200", "Follicular units 200.0 cannot exceed total density 150.0" },
  { MEASUREMENT, "method=guess", "Method “guess”" },
  { MEASUREMENT, "region=99", "Choose a scalp region" },
  { MEASUREMENT_TWICE, "", "is entered twice in this visit" },
  /* Treatment session */
  { SESSION, "date=none", "Session date is required" },
  { SESSION, "date=tomorrow", "Session date cannot be in the future" },
  { SESSION, "date=1979-01-01", "Session date cannot be before the patient’s date of birth" },
  { SESSION, "treatment-type=", "Choose the type of treatment" },
  { SESSION, "volume-ml=0", "Volume must be more than 0 and at most 500 mL" },
  { SESSION, "volume-ml=501", "Volume must be more than 0 and at most 500 mL" },
  { SESSION, "depth-mm=11", "Injection depth must be between 0 and 10 mm" },
  { SESSION, "depth-mm=-1", "Injection depth must be between 0 and 10 mm" },
  { SESSION, "regions=512", "Regions treated include an unknown region" },
  { SESSION, "event=", "Describe adverse event 1" },
  { SESSION, "patient-id=nobody", "No patient has the ID “nobody”" },
  { SESSION, "product=Kit\nLine", "Product contains a control character" },
  /* Dates as typed */
  { DATE_TEXT, "2023-02-29", "2023-02-29 does not exist in the calendar" },
  { DATE_TEXT, "2023-04-31", "2023-04-31 does not exist in the calendar" },
  { DATE_TEXT, "2023-13-01", "2023-13-01 does not exist in the calendar" },
  { DATE_TEXT, "2023-4-3", "“2023-4-3” is not a date" },
  { DATE_TEXT, "03/04/2023", "“03/04/2023” is not a date" },
  { DATE_TEXT, "", "is not a date" },
};

static FolDate
parse_test_date (const char *text)
{
  FolDate date = FOL_DATE_NONE;

  if (g_strcmp0 (text, "tomorrow") == 0)
    return fol_date_today () + 1;
  if (g_strcmp0 (text, "none") == 0)
    return FOL_DATE_NONE;
  g_assert_true (fol_date_parse (text, &date, NULL));
  return date;
}

static void
apply_props (GObject    *object,
             const char *props)
{
  g_auto(GStrv) pairs = g_strsplit (props, ";", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (pairs[i], "=", 2);
      GParamSpec *pspec;

      if (kv[0][0] == '\0')
        continue;
      if (g_strcmp0 (kv[0], "event") == 0)
        {
          fol_treatment_session_add_adverse_event (FOL_TREATMENT_SESSION (object), kv[1], FOL_SEVERITY_MILD);
          continue;
        }

      pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), kv[0]);
      g_assert_nonnull (pspec);
      switch (pspec->value_type)
        {
        case G_TYPE_STRING:
          if (g_str_has_prefix (kv[1], "x*"))
            {
              g_autofree char *long_text = g_strnfill (atoi (kv[1] + 2), 'x');

              g_object_set (object, kv[0], long_text, NULL);
            }
          else
            g_object_set (object, kv[0], kv[1][0] ? kv[1] : NULL, NULL);
          break;
        case G_TYPE_DOUBLE:
          /* "Missing" is NaN, which the property system refuses: use the setters. */
          if (g_strcmp0 (kv[1], "nan") == 0 && g_strcmp0 (kv[0], "hair-count") == 0)
            fol_measurement_set_hair_count (FOL_MEASUREMENT (object), NAN);
          else if (g_strcmp0 (kv[1], "nan") == 0 && g_strcmp0 (kv[0], "field-area") == 0)
            fol_measurement_set_field_area (FOL_MEASUREMENT (object), NAN);
          else
            g_object_set (object, kv[0], g_ascii_strtod (kv[1], NULL), NULL);
          break;
        case G_TYPE_INT:
          g_object_set (object, kv[0], atoi (kv[1]), NULL);
          break;
        case G_TYPE_UINT:
          if (strchr (kv[1], '-') != NULL || g_ascii_isalpha (kv[1][0]))
            g_object_set (object, kv[0], (guint) parse_test_date (kv[1]), NULL);
          else
            g_object_set (object, kv[0], (guint) atoi (kv[1]), NULL);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static void
test_core (void)
{
  g_autofree char *dir = g_dir_make_tmp ("follicle-bad-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "follicle.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (db_path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_autofree char *patient = NULL;
  g_autofree char *before = NULL;
  FolStore *s;

  g_assert_no_error (error);
  s = FOL_STORE (store);
  patient = helper_add_patient (s, "Valid Patient");
  g_assert_true (helper_save_visit (s, patient, fol_date_new (2024, 1, 10), "valid", 150, NULL));
  before = helper_dump (db_path);

  for (guint i = 0; i < G_N_ELEMENTS (core_cases); i++)
    {
      const CoreCase *c = &core_cases[i];
      g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
      g_autofree char *after = NULL;
      gboolean ok = TRUE;

      g_test_message ("core row %u: %s", i, c->props);

      switch (c->target)
        {
        case PATIENT:
          {
            g_autoptr(FolPatient) p = fol_patient_new ();

            fol_patient_set_name (p, "Someone");
            fol_patient_set_birth_date (p, fol_date_new (1980, 1, 1));
            apply_props (G_OBJECT (p), c->props);
            ok = fol_store_save_patient (s, p, &error);
          }
          break;
        case PATIENT_STORED:
          {
            g_autoptr(FolPatient) p = fol_store_get_patient (s, patient, &error);

            g_assert_no_error (error);
            apply_props (G_OBJECT (p), c->props);
            ok = fol_store_save_patient (s, p, &error);
          }
          break;
        case VISIT:
        case MEASUREMENT:
        case MEASUREMENT_TWICE:
          {
            g_autoptr(FolVisit) v = helper_visit (patient, fol_date_new (2024, 2, 1), NULL);
            FolMeasurement *m = helper_measurement (FOL_REGION_VERTEX, 150);

            g_ptr_array_add (ms, m);
            if (c->target == MEASUREMENT_TWICE)
              g_ptr_array_add (ms, helper_measurement (FOL_REGION_VERTEX, 140));
            apply_props (c->target == VISIT ? G_OBJECT (v) : G_OBJECT (m), c->props);
            ok = fol_store_save_visit (s, v, ms, &error);
          }
          break;
        case SESSION:
          {
            g_autoptr(FolTreatmentSession) t = fol_treatment_session_new ();

            fol_treatment_session_set_patient_id (t, patient);
            fol_treatment_session_set_date (t, fol_date_new (2024, 1, 20));
            fol_treatment_session_set_treatment_type (t, "prp");
            fol_treatment_session_set_regions (t, FOL_REGION_BIT (FOL_REGION_VERTEX));
            apply_props (G_OBJECT (t), c->props);
            ok = fol_store_save_session (s, t, &error);
          }
          break;
        case DATE_TEXT:
          {
            FolDate date = FOL_DATE_NONE;

            ok = fol_date_parse (c->props, &date, &error);
          }
          break;
        }

      g_assert_false (ok);
      g_assert_nonnull (error);
      if (strstr (error->message, c->expect) == NULL)
        g_error ("row %u (%s): “%s” does not say “%s”", i, c->props, error->message, c->expect);
      g_clear_error (&error);

      after = helper_dump (db_path);
      g_assert_cmpstr (before, ==, after);
    }

  g_clear_object (&store);
  helper_remove_tree (dir);
}

/* Command line */

typedef enum
{
  FILE_CLINIC,       /* a valid clinic with one patient */
  FILE_MISSING,
  FILE_DIRECTORY,
  FILE_EMPTY,
  FILE_TEXT,
  FILE_FOREIGN,      /* an SQLite database of another application */
  FILE_TOO_NEW,      /* a clinic with user_version 999 */
  FILE_TRUNCATED,    /* the first page of a clinic */
  FILE_NEGATIVE,     /* a clinic with user_version -1 */
  FILE_READ_ONLY,    /* a clinic the user may not write, in a folder they may not write */
  FILE_READ_ONLY_EMPTY, /* the same without patients */
} FileKind;

typedef struct
{
  const char *args;       /* space-separated; DB is the database, ARG a second file */
  FileKind    db;
  FileKind    arg;
  int         status;
  const char *expect;     /* in stderr; "DB"/"ARG" stand for the paths */
} CliCase;

static const CliCase cli_cases[] = {
  { "-d DB --summary -p nobody", FILE_CLINIC, FILE_MISSING, 1, "No patient has the ID “nobody”" },
  { "-d DB --frobnicate", FILE_CLINIC, FILE_MISSING, 2, "Unknown option --frobnicate" },
  { "-d DB --summary", FILE_CLINIC, FILE_MISSING, 2, "--summary needs --patient ID" },
  { "-d DB -p someone", FILE_CLINIC, FILE_MISSING, 2, "--patient needs a command" },
  { "-d", FILE_CLINIC, FILE_MISSING, 2, "Missing argument for -d" },
  { "-d DB -l", FILE_MISSING, FILE_MISSING, 1, "There is no clinic database at “DB”" },
  { "-d DB -l", FILE_DIRECTORY, FILE_MISSING, 1, "“DB” is a folder, not a clinic database" },
  { "-d DB -l", FILE_EMPTY, FILE_MISSING, 1, "“DB” is empty: it is not a clinic database" },
  { "-d DB -l", FILE_TEXT, FILE_MISSING, 1, "“DB” is not a Follicle clinic database" },
  { "-d DB -l", FILE_FOREIGN, FILE_MISSING, 1, "“DB” is a database of another application" },
  { "-d DB -l", FILE_TOO_NEW, FILE_MISSING, 1, "“DB” was written by a newer version of Follicle" },
  { "-d DB -l", FILE_TRUNCATED, FILE_MISSING, 1, "DB: The file is not a Follicle clinic database, or it is damaged" },
  { "-d DB --summary -p x", FILE_TEXT, FILE_MISSING, 1, "“DB” is not a Follicle clinic database" },
  { "-d DB --backup ARG", FILE_FOREIGN, FILE_MISSING, 1, "“DB” is a database of another application" },
  { "-d DB --backup ARG", FILE_TOO_NEW, FILE_MISSING, 1, "newer version of Follicle" },
  { "-d DB --backup ARG", FILE_CLINIC, FILE_DIRECTORY, 1, "“ARG” is a folder" },
  { "-d DB --restore ARG", FILE_CLINIC, FILE_MISSING, 1, "ARG" },
  { "-d DB --restore ARG", FILE_CLINIC, FILE_TEXT, 1, "ARG: This is not a Follicle archive" },
  { "-d DB --restore ARG", FILE_CLINIC, FILE_EMPTY, 1, "the file is empty" },
  { "-d DB --restore ARG", FILE_CLINIC, FILE_TRUNCATED, 1, "ARG: This is not a Follicle archive" },
  { "-d DB --restore ARG", FILE_CLINIC, FILE_FOREIGN, 1, "ARG: This is not a Follicle archive" },
  { "-d DB --restore ARG", FILE_CLINIC, FILE_DIRECTORY, 1, "Nothing was restored" },
  { "-d DB --restore", FILE_CLINIC, FILE_MISSING, 2, "Missing argument for --restore" },
  { "-d DB --demo", FILE_FOREIGN, FILE_MISSING, 1, "“DB” is a database of another application" },
  { "-d DB --demo", FILE_TOO_NEW, FILE_MISSING, 1, "newer version of Follicle" },
  { "-d DB --demo", FILE_TEXT, FILE_MISSING, 1, "“DB” is not a Follicle clinic database" },
  { "-d DB -l", FILE_NEGATIVE, FILE_MISSING, 1, "“DB” is not a Follicle clinic database" },
  { "-d DB --demo", FILE_NEGATIVE, FILE_MISSING, 1, "“DB” is not a Follicle clinic database" },
  /* Read-only: what reads works, what writes is refused and says why. */
  { "-d DB -l", FILE_READ_ONLY, FILE_MISSING, 0, "" },
  { "-d DB --summary -p nobody", FILE_READ_ONLY, FILE_MISSING, 1, "No patient has the ID “nobody”" },
  { "-d DB --demo", FILE_READ_ONLY_EMPTY, FILE_MISSING, 1, "The clinic “DB” is read-only" },
  /* A chart's scale and size: a number, and at most 100 megapixels. */
  { "-d DB -p x --export-chart ARG --scale nan", FILE_CLINIC, FILE_MISSING, 2,
    "--scale “nan”: the scale must be a number between 0.5 and 4" },
  { "-d DB -p x --export-chart ARG --scale inf", FILE_CLINIC, FILE_MISSING, 2, "--scale “inf”" },
  { "-d DB -p x --export-chart ARG --scale -inf", FILE_CLINIC, FILE_MISSING, 2, "--scale “-inf”" },
  { "-d DB -p x --export-chart ARG --scale 1e999", FILE_CLINIC, FILE_MISSING, 2, "--scale “1e999”" },
  { "-d DB -p x --export-chart ARG --scale 0", FILE_CLINIC, FILE_MISSING, 2, "--scale “0”" },
  { "-d DB -p x --export-chart ARG --scale two", FILE_CLINIC, FILE_MISSING, 2, "--scale “two”" },
  { "-d DB -p x --export-chart ARG --size 8000x8000 --scale 4", FILE_CLINIC, FILE_MISSING, 2,
    "32000 × 32000 pixels: at most 100 megapixels" },
  { "-d DB -p x --export-chart ARG --size 8000x8000 --scale 1.5", FILE_CLINIC, FILE_MISSING, 2,
    "12000 × 12000 pixels: at most 100 megapixels" },
};

static void
make_clinic (const char *path,
             gboolean    with_patient)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_NONE, &error);

  g_assert_no_error (error);
  if (with_patient)
    g_free (helper_add_patient (FOL_STORE (store), "Command Line"));
}

static void make_file_slowly (FileKind    kind,
                              const char *path);

typedef struct
{
  char  *data;
  gsize  len;
} Template;

static Template templates[FILE_READ_ONLY_EMPTY + 1];

/* Each kind of file is made once, then its bytes are copied for each row. */
static void
make_file (FileKind    kind,
           const char *path)
{
  Template *t = &templates[kind];

  if (kind == FILE_MISSING || kind == FILE_DIRECTORY)
    {
      make_file_slowly (kind, path);
      return;
    }

  if (t->data == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("follicle-template-XXXXXX", NULL);
      g_autofree char *file = g_build_filename (dir, "template.db", NULL);

      make_file_slowly (kind == FILE_READ_ONLY ? FILE_CLINIC : kind, file);
      if (kind == FILE_READ_ONLY_EMPTY)
        g_chmod (file, 0600);
      g_assert_true (g_file_get_contents (file, &t->data, &t->len, NULL));
      helper_remove_tree (dir);
    }

  g_assert_true (g_file_set_contents_full (path, t->data, t->len, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  if (kind == FILE_READ_ONLY || kind == FILE_READ_ONLY_EMPTY)
    g_assert_cmpint (g_chmod (path, 0444), ==, 0);
}

static void
make_file_slowly (FileKind    kind,
                  const char *path)
{
  switch (kind)
    {
    case FILE_CLINIC:
    case FILE_READ_ONLY:
    case FILE_READ_ONLY_EMPTY:
      make_clinic (path, kind != FILE_READ_ONLY_EMPTY);
      if (kind != FILE_CLINIC)
        g_assert_cmpint (g_chmod (path, 0444), ==, 0);
      break;
    case FILE_MISSING:
      break;
    case FILE_DIRECTORY:
      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
      break;
    case FILE_EMPTY:
      g_assert_true (g_file_set_contents (path, "", 0, NULL));
      break;
    case FILE_TEXT:
      g_assert_true (g_file_set_contents (path, "name,visit\nAda,2024-01-01\n", -1, NULL));
      break;
    case FILE_FOREIGN:
      {
        sqlite3 *db = NULL;

        g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE invoices (id INTEGER, total REAL);"
                                           "INSERT INTO invoices VALUES (1, 9.5)", NULL, NULL, NULL), ==, SQLITE_OK);
        sqlite3_close (db);
      }
      break;
    case FILE_TOO_NEW:
      {
        sqlite3 *db = NULL;

        make_clinic (path, TRUE);
        g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 999",
                                       NULL, NULL, NULL), ==, SQLITE_OK);
        sqlite3_close (db);
      }
      break;
    case FILE_NEGATIVE:
      {
        sqlite3 *db = NULL;

        make_clinic (path, TRUE);
        g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = -1",
                                       NULL, NULL, NULL), ==, SQLITE_OK);
        sqlite3_close (db);
      }
      break;
    case FILE_TRUNCATED:
      {
        g_autofree char *full = g_strconcat (path, ".full", NULL);
        g_autofree char *data = NULL;
        sqlite3 *db = NULL;
        gsize len = 0;

        make_clinic (full, TRUE);
        g_assert_cmpint (sqlite3_open (full, &db), ==, SQLITE_OK);
        sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
        sqlite3_close (db);
        g_assert_true (g_file_get_contents (full, &data, &len, NULL));
        g_assert_cmpuint (len, >, 8192);
        g_assert_true (g_file_set_contents (path, data, 4096 + 100, NULL));
        g_unlink (full);
      }
      break;
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* What must not change: the bytes of every file there (sorted names). */
static char *
fingerprint (const char *dir)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *name;

  /* A reader of a WAL database leaves an index (-shm) and an empty log
   * behind, and the lock file every opener holds: they hold no data.
   */
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      struct stat st;

      if (g_str_has_suffix (name, "-shm") || g_str_has_suffix (name, ".lock") ||
          (g_str_has_suffix (name, "-wal") && stat (path, &st) == 0 && st.st_size == 0))
        continue;
      g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *sum = helper_file_sha256 (path);

      g_string_append_printf (out, "%s=%s\n", (char *) g_ptr_array_index (names, i), sum);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
run_as_nobody (gpointer data)
{
  if (setgroups (0, NULL) != 0 || setgid (65534) != 0 || setuid (65534) != 0)
    _exit (99);
}

static void
test_cli (void)
{
  const char *bin = g_getenv ("FOLLICLE_BIN");
  g_auto(GStrv) env = g_get_environ ();

  if (bin == NULL || !g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("FOLLICLE_BIN is not set");
      return;
    }

  /* Commands only: never a window. */
  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");

  for (guint i = 0; i < G_N_ELEMENTS (cli_cases); i++)
    {
      const CliCase *c = &cli_cases[i];
      g_autofree char *dir = g_dir_make_tmp ("follicle-cli-XXXXXX", NULL);
      g_autofree char *db = g_build_filename (dir, "clinic.db", NULL);
      g_autofree char *arg = g_build_filename (dir, "other.file", NULL);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
      g_auto(GStrv) words = g_strsplit (c->args, " ", -1);
      g_auto(GStrv) args = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *expect = NULL;
      int status = 0;

      gboolean read_only = c->db == FILE_READ_ONLY || c->db == FILE_READ_ONLY_EMPTY;

      make_file (c->db, db);
      make_file (c->arg, arg);
      /* A read-only folder too, as on read-only media: nothing can be
       * made beside the clinic (no lock file, no WAL index).
       */
      if (read_only)
        g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
      before = fingerprint (dir);

      g_strv_builder_add (argv, bin);
      for (guint w = 0; words[w] != NULL; w++)
        g_strv_builder_add (argv, g_strcmp0 (words[w], "DB") == 0 ? db
                                  : g_strcmp0 (words[w], "ARG") == 0 ? arg : words[w]);
      args = g_strv_builder_end (argv);

      g_test_message ("cli row %u: %s", i, c->args);
      /* Permissions do not bind root: the command runs as nobody. */
      g_assert_true (g_spawn_sync (NULL, args, env, G_SPAWN_DEFAULT,
                                   read_only && geteuid () == 0 ? run_as_nobody : NULL, NULL,
                                   &out, &err, &status, &error));
      g_assert_no_error (error);

      /* ARG and DB in one pass over the expected text: a random folder
       * name such as follicle-cli-8BDB03 must not have its "DB" replaced
       * in turn. */
      {
        g_autoptr(GString) e = g_string_new (NULL);

        for (const char *p = c->expect; *p != '\0'; )
          if (g_str_has_prefix (p, "ARG"))
            {
              g_string_append (e, arg);
              p += 3;
            }
          else if (g_str_has_prefix (p, "DB"))
            {
              g_string_append (e, db);
              p += 2;
            }
          else
            g_string_append_c (e, *p++);
        expect = g_string_free (g_steal_pointer (&e), FALSE);
      }
      g_assert_true (WIFEXITED (status));
      if (WEXITSTATUS (status) != c->status || strstr (err, expect) == NULL)
        g_error ("cli row %u (%s): status %d, stderr “%s”; wanted %d and “%s”",
                 i, c->args, WEXITSTATUS (status), err, c->status, expect);

      /* Nothing was created, changed or left behind. */
      after = fingerprint (dir);
      g_assert_cmpstr (before, ==, after);

      if (read_only)
        {
          g_chmod (dir, 0700);
          g_chmod (db, 0600);
        }
      helper_remove_tree (dir);
    }
}

/* Names stored before control characters were refused: the plain-text
 * outputs show them escaped, one patient a line, no terminal codes.
 */
static void
test_stored_control_characters (void)
{
  const char *bin = g_getenv ("FOLLICLE_BIN");
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  sqlite3 *raw = NULL;

  if (bin == NULL || !g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("FOLLICLE_BIN is not set");
      return;
    }

  dir = g_dir_make_tmp ("follicle-control-XXXXXX", NULL);
  db = g_build_filename (dir, "clinic.db", NULL);
  make_clinic (db, TRUE);
  g_assert_cmpint (sqlite3_open (db, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "UPDATE patients SET name = 'Eve' || char(10) || 'forged-id'"
                                      " || char(9) || 'Forged' || char(27) || '[2J' || char(155) || 'x',"
                                      " id = 'evil' || char(9) || 'id'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  {
    const char *argv[] = { bin, "--database", db, "--list-patients", NULL };
    g_autofree char *out = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) lines = NULL;
    int status = -1;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &out, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_test_message ("%s", out);
    lines = g_strsplit (out, "\n", -1);
    /* One line and the empty string after its newline. */
    g_assert_cmpuint (g_strv_length (lines), ==, 2);
    g_assert_null (strchr (out, '\x1b'));
    g_assert_null (strstr (out, "\xc2\x9b"));
    g_assert_true (g_str_has_prefix (out, "evil\\tid\tEve\\nforged-id\\tForged\\x1b[2J\\u009bx\t"));
  }

  {
    const char *argv[] = { bin, "--database", db, "--patient", "evil\tid", "--summary", NULL };
    g_autofree char *out = NULL;
    g_autoptr(GError) error = NULL;
    int status = -1;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &out, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_test_message ("%s", out);
    g_assert_null (strchr (out, '\x1b'));
    g_assert_null (strchr (out, '\t'));
    g_assert_null (strstr (out, "\xc2\x9b"));
    g_assert_true (g_str_has_prefix (out, "Eve\\nforged-id\\tForged\\x1b[2J\\u009bx\n"));
    g_assert_nonnull (strstr (out, "evil\\tid"));
  }

  helper_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bad-input/core", test_core);
  g_test_add_func ("/bad-input/command-line", test_cli);
  g_test_add_func ("/bad-input/stored-control-characters", test_stored_control_characters);

  status = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    g_free (templates[i].data);
  return status;
}
