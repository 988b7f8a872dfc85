/* test-csv.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fol-csv.h"
#include "fol-demo.h"
#include "fol-error.h"
#include "fol-sqlite-store-export.h"

typedef struct
{
  char           *dir;
  FolSqliteStore *store;  /* empty */
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static FolSqliteStore *
open_store (Fixture    *f,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  FolSqliteStore *store = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_NONE, &error);

  g_assert_no_error (error);
  return store;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("follicle-csv-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = open_store (f, "clinic.db");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_assert_finalize_object (f->store);
  remove_tree (f->dir);
  g_free (f->dir);
}

/* Parser */

typedef struct
{
  const char *input;
  char        separator;
  const char *fields[6];  /* NULL-terminated */
  guint       lines_after;
} ParseCase;

static void
test_parse_record (void)
{
  static const ParseCase cases[] = {
    { "a,b,c\r\n", ',', { "a", "b", "c" }, 2 },
    { "a,b,c", ',', { "a", "b", "c" }, 1 },
    { "\"a,b\",\"say \"\"hi\"\"\",\"l1\r\nl2\"\r\n", ',', { "a,b", "say \"hi\"", "l1\r\nl2" }, 3 },
    { "a,,c\n", ',', { "a", "", "c" }, 2 },
    { ",\n", ',', { "", "" }, 2 },
    { "\n", ',', { "" }, 2 },
    { "\"\"\n", ',', { "" }, 2 },
    { "Zoë,Łukasz Wójcik,日本\n", ',', { "Zoë", "Łukasz Wójcik", "日本" }, 2 },
    { "a;b;\"c;d\";1,5\n", ';', { "a", "b", "c;d", "1,5" }, 2 },
    { "a\tb\r", '\t', { "a", "b" }, 2 },
    { "5\" screen,x\n", ',', { "5\" screen", "x" }, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      gsize pos = 0;
      guint lines = 1, n = 0;

      g_test_message ("case %u: %s", i, cases[i].input);
      g_assert_true (fol_csv_parse_record (cases[i].input, strlen (cases[i].input), &pos,
                                           cases[i].separator, fields, &lines, &error));
      g_assert_no_error (error);
      while (cases[i].fields[n])
        n++;
      g_assert_cmpuint (fields->len, ==, n);
      for (guint k = 0; k < n; k++)
        g_assert_cmpstr (g_ptr_array_index (fields, k), ==, cases[i].fields[k]);
      g_assert_cmpuint (pos, ==, strlen (cases[i].input));
      g_assert_cmpuint (lines, ==, cases[i].lines_after);

      /* And then the end. */
      g_assert_false (fol_csv_parse_record (cases[i].input, strlen (cases[i].input), &pos,
                                            cases[i].separator, fields, &lines, &error));
      g_assert_no_error (error);
    }
}

static void
test_parse_errors (void)
{
  static const struct { const char *input; int code; gsize next; } cases[] = {
    /* An unclosed quote takes only its own line: the next one is read. */
    { "\"never closed,a\nb\n", FOL_CSV_ERROR_SYNTAX, 16 },
    { "\"a\"b,c\nnext\n", FOL_CSV_ERROR_SYNTAX, 7 },
    { "ok,\xff\xfe\n", FOL_CSV_ERROR_ENCODING, 6 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      gsize pos = 0;
      guint lines = 1;

      g_assert_false (fol_csv_parse_record (cases[i].input, strlen (cases[i].input), &pos, ',',
                                            fields, &lines, &error));
      g_assert_error (error, FOL_CSV_ERROR, cases[i].code);
      g_assert_cmpuint (lines, >, 1);
      g_assert_cmpuint (fields->len, ==, 0);
      /* Reading goes on after the bad record. */
      g_assert_cmpuint (pos, ==, cases[i].next);
    }
}

/* Arbitrary bytes: every call moves forward, and nothing is read past the
 * end (the sanitizer build checks that).
 */
static void
test_parse_arbitrary (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4180);
  static const char alphabet[] = "a,;\"\r\n\t\xc3\xa9\xff ";

  for (guint round = 0; round < 2000; round++)
    {
      gsize len = g_rand_int_range (rand, 0, 64);
      g_autofree char *data = g_malloc (MAX (len, 1));
      g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
      gsize pos = 0;
      guint lines = 1;

      for (gsize i = 0; i < len; i++)
        data[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];

      while (pos < len)
        {
          g_autoptr(GError) error = NULL;
          gsize before = pos;

          fol_csv_parse_record (data, len, &pos, fol_csv_detect_separator (data, len), fields,
                                &lines, &error);
          g_assert_cmpuint (pos, >, before);
          g_assert_cmpuint (pos, <=, len);
        }
    }
}

static void
test_quote_field (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "plain", "plain" },
    { "", "" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "l1\nl2", "\"l1\nl2\"" },
    { "l1\r\nl2", "\"l1\r\nl2\"" },
    { "Zoë", "Zoë" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      fol_csv_append_field (out, cases[i].in, ',');
      g_assert_cmpstr (out->str, ==, cases[i].out);
    }
}

static void
test_parse_number (void)
{
  static const struct { const char *in; gboolean ok; double value; } cases[] = {
    { "142.5", TRUE, 142.5 },
    { "142,5", TRUE, 142.5 },
    { " 7 ", TRUE, 7 },
    { "-1.25", TRUE, -1.25 },
    { "1e2", TRUE, 100 },
    { "", TRUE, NAN },
    { "1.234,5", FALSE, 0 },
    { "1,234,5", FALSE, 0 },
    { "12 hairs", FALSE, 0 },
    { "inf", FALSE, 0 },
    { "nan", FALSE, 0 },
    { "0x10", FALSE, 0 },
    { ".", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      double value = 0;
      gboolean ok = fol_csv_parse_number (cases[i].in, &value, &error);

      g_test_message ("“%s”", cases[i].in);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (!ok)
        {
          g_assert_nonnull (error);
          continue;
        }
      g_assert_no_error (error);
      if (isnan (cases[i].value))
        g_assert_true (isnan (value));
      else
        g_assert_cmpfloat (value, ==, cases[i].value);
    }
}

/* Export and round trip */

static char *
dump (FolSqliteStore *store)
{
  g_autoptr(GError) error = NULL;
  char *text = fol_sqlite_store_dump_canonical (store, &error);

  g_assert_no_error (error);
  return text;
}

static FolCsvPreview *
preview_text (FolSqliteStore *store,
              const char     *text)
{
  g_autoptr(GError) error = NULL;
  FolCsvPreview *preview = fol_csv_import_preview_data (FOL_STORE (store), text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (preview);
  return preview;
}

static void
import_all (FolSqliteStore *store,
            const char     *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolCsvPreview) preview = preview_text (store, text);

  g_assert_cmpuint (fol_csv_preview_get_n_rejected (preview), ==, 0);
  g_assert_true (fol_csv_import_commit (preview, &error));
  g_assert_no_error (error);
}

static char *
export_all (FolSqliteStore *store)
{
  g_autoptr(GError) error = NULL;
  char *text = fol_csv_export_to_string (FOL_STORE (store), NULL, &error);

  g_assert_no_error (error);
  return text;
}

static void
test_export_format (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = g_build_filename (f->dir, "clinic.csv", NULL);
  g_autofree char *on_disk = NULL;
  gsize pos = 0, len;
  guint lines = 1, n_header = 0, records = 0;
  GStatBuf st;

  g_assert_true (fol_demo_populate (FOL_STORE (f->store), FOL_DEMO_SEED, NULL, &error));
  g_assert_no_error (error);
  text = export_all (f->store);
  len = strlen (text);

  /* The text is UTF-8 (the mark is the file's); CRLF after every record. */
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_false (g_str_has_prefix (text, "\xef\xbb\xbf"));
  g_assert_true (g_str_has_prefix (text, "record,patient_id,patient_name,birth_date,"));
  g_assert_true (g_str_has_suffix (text, "\r\n"));

  while (fol_csv_parse_record (text, len, &pos, ',', fields, &lines, &error))
    {
      if (records == 0)
        {
          n_header = fields->len;
          g_assert_true (g_ptr_array_find_with_equal_func (fields, "total_density_hairs_per_cm2",
                                                           g_str_equal, NULL));
          g_assert_true (g_ptr_array_find_with_equal_func (fields, "mean_diameter_um", g_str_equal, NULL));
        }
      g_assert_cmpuint (fields->len, ==, n_header);
      /* Each record ends in CRLF (a bare LF is only inside quotes). */
      g_assert_cmpint (text[pos - 2], ==, '\r');
      g_assert_cmpint (text[pos - 1], ==, '\n');
      records++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (records, >, 100);

  g_assert_true (fol_csv_export (FOL_STORE (f->store), NULL, path, &error));
  g_assert_no_error (error);
  /* The file starts with a byte-order mark: Excel reads it as UTF-8. */
  g_assert_true (g_file_get_contents (path, &on_disk, NULL, NULL));
  g_assert_true (g_str_has_prefix (on_disk, "\xef\xbb\xbf"));
  g_assert_cmpstr (on_disk + 3, ==, text);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* Import → export → import gives the same records; and the demo clinic,
 * exported, imports into records identical to its own.
 */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) a = open_store (f, "a.db");
  g_autoptr(FolSqliteStore) b = open_store (f, "b.db");
  g_autofree char *original = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *dump_orig = NULL;
  g_autofree char *dump_a = NULL;
  g_autofree char *dump_b = NULL;

  g_assert_true (fol_demo_populate (FOL_STORE (f->store), FOL_DEMO_SEED, NULL, &error));
  g_assert_no_error (error);
  original = export_all (f->store);

  import_all (a, original);
  first = export_all (a);
  import_all (b, first);
  second = export_all (b);

  g_assert_cmpstr (first, ==, second);
  g_assert_cmpstr (original, ==, first);

  dump_orig = dump (f->store);
  dump_a = dump (a);
  dump_b = dump (b);
  g_assert_cmpstr (dump_a, ==, dump_b);
  g_assert_cmpstr (dump_orig, ==, dump_a);
  g_assert_nonnull (strstr (dump_a, "[adverse_events]\n"));

  /* Importing the same file again changes nothing and creates nothing. */
  {
    g_autoptr(FolCsvPreview) again = preview_text (b, second);
    g_autofree char *dump_again = NULL;
    FolCsvCounts c;

    fol_csv_preview_get_counts (again, &c);
    g_assert_cmpuint (c.patients_new, ==, 0);
    g_assert_cmpuint (c.visits_new, ==, 0);
    g_assert_cmpuint (c.sessions_new, ==, 0);
    g_assert_cmpuint (c.patients_updated, ==, 0);
    g_assert_cmpuint (c.patients_unchanged, ==, 8);
    g_assert_cmpuint (c.visits_updated + c.sessions_updated + c.measurements, ==, 0);
    g_assert_false (fol_csv_preview_has_changes (again));
    g_assert_true (fol_csv_import_commit (again, &error));
    g_assert_no_error (error);
    dump_again = dump (b);
    g_assert_cmpstr (dump_again, ==, dump_b);
  }
}

/* Quotes, commas, line breaks and non-ASCII letters survive; an empty
 * value stays missing (NULL), not 0.
 */
static void
test_round_trip_special (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autoptr(FolVisit) v = fol_visit_new ();
  g_autoptr(FolMeasurement) m = fol_measurement_new ();
  g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FolTreatmentSession) s = fol_treatment_session_new ();
  g_autoptr(FolSqliteStore) copy = open_store (f, "copy.db");
  g_autofree char *text = NULL;
  g_autofree char *d1 = NULL;
  g_autofree char *d2 = NULL;
  g_autoptr(FolHistory) history = NULL;

  fol_patient_set_name (p, "Zoë \"Zo\" O’Brien-Łukasiewicz, Jr.");
  fol_patient_set_birth_date (p, fol_date_new (1984, 2, 29));
  fol_patient_set_notes (p, "First line, with a comma\nSecond line; “quoted”\r\nThird");
  fol_patient_set_site (p, FOL_REGION_VERTEX, "10 cm from glabella, \"dot\"");
  g_assert_true (fol_store_save_patient (FOL_STORE (f->store), p, &error));
  g_assert_no_error (error);

  fol_visit_set_patient_id (v, fol_patient_get_id (p));
  fol_visit_set_date (v, fol_date_new (2026, 3, 12));
  fol_visit_set_kind (v, "baseline");
  fol_visit_set_notes (v, "");
  fol_measurement_set_region (m, FOL_REGION_VERTEX);
  fol_measurement_set_total_density (m, 142.0);
  fol_measurement_set_mean_diameter (m, 61.25);
  g_ptr_array_add (ms, g_object_ref (m));
  g_assert_true (fol_store_save_visit (FOL_STORE (f->store), v, ms, &error));
  g_assert_no_error (error);

  fol_treatment_session_set_patient_id (s, fol_patient_get_id (p));
  fol_treatment_session_set_date (s, fol_date_new (2026, 3, 12));
  fol_treatment_session_set_treatment_type (s, "prp");
  fol_treatment_session_set_regions (s, FOL_REGION_BIT (FOL_REGION_VERTEX) | FOL_REGION_BIT (FOL_REGION_FRONTAL));
  fol_treatment_session_add_adverse_event (s, "Redness: both sides, \"mild\" swelling", FOL_SEVERITY_MODERATE);
  fol_treatment_session_add_adverse_event (s, "Headache", FOL_SEVERITY_MILD);
  g_assert_true (fol_store_save_session (FOL_STORE (f->store), s, &error));
  g_assert_no_error (error);

  text = export_all (f->store);
  import_all (copy, text);

  d1 = dump (f->store);
  d2 = dump (copy);
  g_assert_cmpstr (d1, ==, d2);

  history = fol_store_load_history (FOL_STORE (copy), fol_patient_get_id (p), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fol_patient_get_name (fol_history_get_patient (history)), ==,
                   "Zoë \"Zo\" O’Brien-Łukasiewicz, Jr.");
  g_assert_cmpstr (fol_patient_get_notes (fol_history_get_patient (history)), ==,
                   "First line, with a comma\nSecond line; “quoted”\r\nThird");
  g_assert_true (isnan (fol_history_get_value (history, 0, FOL_MEASURE_TERMINAL_DENSITY, FOL_REGION_VERTEX)));
  g_assert_cmpfloat (fol_history_get_value (history, 0, FOL_MEASURE_MEAN_DIAMETER, FOL_REGION_VERTEX), ==, 61.25);
  {
    FolTreatmentSession *got = fol_history_get_session (history, 0);
    FolSeverity severity;

    g_assert_cmpuint (fol_treatment_session_get_n_adverse_events (got), ==, 2);
    g_assert_cmpstr (fol_treatment_session_get_adverse_event (got, 0, &severity), ==,
                     "Redness: both sides, \"mild\" swelling");
    g_assert_cmpint (severity, ==, FOL_SEVERITY_MODERATE);
  }
}

/* A clinic's own spreadsheet: ";" separators, decimal commas, its own
 * header names, no IDs, rows with mistakes.
 */
static const char spreadsheet[] =
  "\xef\xbb\xbf" "Patient;Date of birth;Date;Region;Total density (hairs/cm²);Terminal density;Diameter (µm);Comment\r\n"
  "Jane Example;1980-02-03;2026-01-10;Vertex;142,5;100,0;65;ok\r\n"                  /* 2 */
  "Jane Example;1980-02-03;2026-02-30;Vertex;150;;;no such day\r\n"                  /* 3 */
  "Jane Example;1980-02-03;2026-04-10;vertex;abc;;;not a number\r\n"                  /* 4 */
  "Jane Example;1980-02-03;2026-04-10;Crown;150;160;;terminal over total\r\n"         /* 5 */
  "Jane Example;1980-02-03;2026-04-10;Nape;150;;;unknown region\r\n"                  /* 6 */
  "\"Jane Example\";1980-02-03;2026-04-10;Frontal;\"130,5\";;;\"two\r\nlines\"\r\n"  /* 7–8 */
  ";;2026-05-10;Frontal;120;;;nobody\r\n"                                             /* 9 */
  "Jane Example;1980-02-03;2031-01-01;Frontal;120;;;future\r\n"                       /* 10 */
  "Jane Example;1980-02-03;10/05/2026;Frontal;120;;;not ISO\r\n"                      /* 11 */
  "\r\n"
  "Jane Example;1980-02-03;2026-01-10;Vertex;143;;;twice\r\n"                         /* 13 */
  "\"Jane Example;1980-02-03\r\n";                                                   /* 14 */

static void
test_import_spreadsheet (Fixture       *f,
                         gconstpointer  user_data)
{
  static const guint expected_lines[] = { 3, 4, 5, 6, 9, 10, 11, 13, 14 };
  static const char *expected_words[] = { "date", "number", "Terminal", "region", "patient",
                                          "future", "date", "twice", "never closed" };
  g_autoptr(GError) error = NULL;
  g_autoptr(FolCsvPreview) preview = preview_text (f->store, spreadsheet);
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(GListModel) patients = NULL;
  g_autoptr(FolPatient) jane = NULL;
  g_autofree char *summary = NULL;
  const char * const *ignored;
  FolCsvCounts c;

  fol_csv_preview_get_counts (preview, &c);
  g_assert_cmpuint (c.patients_new, ==, 1);
  g_assert_cmpuint (c.patients_updated, ==, 0);
  g_assert_cmpuint (c.visits_new, ==, 2);
  g_assert_cmpuint (c.measurements, ==, 2);
  g_assert_cmpuint (c.rows_read, ==, 11);
  g_assert_cmpuint (c.rows_rejected, ==, G_N_ELEMENTS (expected_lines));

  g_assert_cmpuint (fol_csv_preview_get_n_rejected (preview), ==, G_N_ELEMENTS (expected_lines));
  for (guint i = 0; i < G_N_ELEMENTS (expected_lines); i++)
    {
      guint line = 0;
      const char *reason = fol_csv_preview_get_rejected (preview, i, &line);

      g_test_message ("line %u: %s", line, reason);
      g_assert_cmpuint (line, ==, expected_lines[i]);
      {
        g_autofree char *lower = g_utf8_strdown (reason, -1);
        g_autofree char *word = g_utf8_strdown (expected_words[i], -1);

        g_assert_nonnull (strstr (lower, word));
      }
    }

  ignored = fol_csv_preview_get_ignored_columns (preview);
  g_assert_cmpstr (ignored[0], ==, "Comment");
  g_assert_null (ignored[1]);

  summary = fol_csv_preview_to_text (preview);
  g_assert_nonnull (strstr (summary, "Line 3 refused"));
  g_assert_nonnull (strstr (summary, "Patients: 1 created"));

  /* Nothing is written before the commit. */
  g_assert_cmpuint (fol_store_count_patients (FOL_STORE (f->store), NULL), ==, 0);

  g_assert_true (fol_csv_import_commit (preview, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fol_store_count_patients (FOL_STORE (f->store), NULL), ==, 1);

  patients = fol_store_list_patients (FOL_STORE (f->store), NULL, &error);
  g_assert_no_error (error);
  jane = g_list_model_get_item (patients, 0);
  g_assert_cmpstr (fol_patient_get_name (jane), ==, "Jane Example");
  history = fol_store_load_history (FOL_STORE (f->store), fol_patient_get_id (jane), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_history_get_n_visits (history), ==, 2);
  g_assert_cmpfloat (fol_history_get_value (history, 0, FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_VERTEX), ==, 142.5);
  g_assert_cmpfloat (fol_history_get_value (history, 0, FOL_MEASURE_TERMINAL_DENSITY, FOL_REGION_VERTEX), ==, 100.0);
  g_assert_cmpfloat (fol_history_get_value (history, 1, FOL_MEASURE_TOTAL_DENSITY, FOL_REGION_FRONTAL), ==, 130.5);
  g_assert_cmpstr (fol_measurement_get_notes (fol_history_get_measurement (history, 1, FOL_REGION_FRONTAL)),
                   ==, NULL);

  /* A preview is written once. */
  g_assert_false (fol_csv_import_commit (preview, &error));
  g_assert_error (error, FOL_CSV_ERROR, FOL_CSV_ERROR_COMMITTED);
  g_clear_error (&error);

  /* The same spreadsheet again finds Jane and her visits unchanged. */
  {
    g_autoptr(FolCsvPreview) again = preview_text (f->store, spreadsheet);

    fol_csv_preview_get_counts (again, &c);
    g_assert_cmpuint (c.patients_new, ==, 0);
    g_assert_cmpuint (c.patients_updated, ==, 0);
    g_assert_cmpuint (c.patients_unchanged, ==, 1);
    g_assert_cmpuint (c.visits_new, ==, 0);
    g_assert_cmpuint (c.visits_updated, ==, 0);
    g_assert_cmpuint (c.visits_unchanged, ==, 2);
  }
}


/* The exported file carries a byte-order mark, so Excel shows "é"; the
 * import takes it off again and reads the same clinic back. */
static void
test_round_trip_bom (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autoptr(FolSqliteStore) copy = open_store (f, "copy.db");
  g_autoptr(FolCsvPreview) preview = NULL;
  g_autofree char *path = g_build_filename (f->dir, "accents.csv", NULL);
  g_autofree char *on_disk = NULL;
  g_autofree char *d1 = NULL;
  g_autofree char *d2 = NULL;
  FolCsvCounts c;

  fol_patient_set_name (p, "Chloé Lefèvre");
  fol_patient_set_birth_date (p, fol_date_new (1978, 4, 23));
  g_assert_true (fol_store_save_patient (FOL_STORE (f->store), p, &error));
  g_assert_no_error (error);

  g_assert_true (fol_csv_export (FOL_STORE (f->store), NULL, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &on_disk, NULL, &error));
  g_assert_true (g_str_has_prefix (on_disk, "\xef\xbb\xbf" "record,"));
  g_assert_nonnull (strstr (on_disk, "Chloé Lefèvre"));

  preview = fol_csv_import_preview (FOL_STORE (copy), path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_csv_preview_get_n_rejected (preview), ==, 0);
  g_assert_null (fol_csv_preview_get_ignored_columns (preview)[0]);
  fol_csv_preview_get_counts (preview, &c);
  g_assert_cmpuint (c.patients_new, ==, 1);
  g_assert_true (fol_csv_import_commit (preview, &error));
  g_assert_no_error (error);

  d1 = dump (f->store);
  d2 = dump (copy);
  g_assert_cmpstr (d1, ==, d2);
}

/* A quote that is never closed is refused on the line where it opened,
 * and the rows after it are still read, not swallowed into one field. */
static void
test_import_unclosed_quote (Fixture       *f,
                            gconstpointer  user_data)
{
  static const char text[] =
    "patient_name,birth_date,visit_date,region,total_density_hairs_per_cm2\r\n"
    "Ana Lima,1990-05-06,2026-01-10,vertex,120\r\n"                     /* 2 */
    "\"Keller, Martin,1971-03-02,2026-01-11,vertex,130\r\n"             /* 3 */
    "Ben Ode,1985-07-08,2026-01-12,vertex,140\r\n"                      /* 4 */
    "Cleo Park,1992-09-10,2026-01-13,vertex,150\r\n";                   /* 5 */
  g_autoptr(FolCsvPreview) preview = preview_text (f->store, text);
  const char *reason;
  guint line = 0;
  FolCsvCounts c;

  g_assert_cmpuint (fol_csv_preview_get_n_rejected (preview), ==, 1);
  reason = fol_csv_preview_get_rejected (preview, 0, &line);
  g_test_message ("line %u: %s", line, reason);
  g_assert_cmpuint (line, ==, 3);
  g_assert_nonnull (strstr (reason, "never closed"));
  g_assert_nonnull (strstr (reason, "line 3"));

  fol_csv_preview_get_counts (preview, &c);
  g_assert_cmpuint (c.rows_read, ==, 4);
  g_assert_cmpuint (c.patients_new, ==, 3);
}

static guint
count_with (FolCsvPreview *preview,
            const char    *needle)
{
  guint n = 0;

  for (guint i = 0; i < fol_csv_preview_get_n_rejected (preview); i++)
    if (strstr (fol_csv_preview_get_rejected (preview, i, NULL), needle) != NULL)
      n++;
  return n;
}

/* Dates as Excel writes them: day/month/year is read where it cannot be
 * anything else; where it could, the file is told once how to write them. */
static void
test_import_spreadsheet_dates (Fixture       *f,
                               gconstpointer  user_data)
{
  static const char text[] =
    "patient_name,birth_date,visit_date\r\n"
    "Ana Lima,23/04/1978,2026-01-10\r\n"          /* 2: day/month/year */
    "Ben Ode,4/23/1979,2026-01-10\r\n"            /* 3: month/day/year */
    "Cleo Park,03/04/1980,2026-01-10\r\n"         /* 4: either */
    "Dan Roe,05/06/1981,2026-01-10\r\n"           /* 5: either */
    "Eve Sun,07/08/1982,2026-01-10\r\n"           /* 6: either */
    "Fay Tam,31/02/1983,2026-01-10\r\n";          /* 7: no such day */
  g_autoptr(FolCsvPreview) preview = preview_text (f->store, text);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) patients = NULL;
  guint line = 0;

  for (guint i = 0; i < fol_csv_preview_get_n_rejected (preview); i++)
    {
      const char *reason = fol_csv_preview_get_rejected (preview, i, &line);

      g_test_message ("line %u: %s", line, reason);
    }

  g_assert_cmpuint (fol_csv_preview_get_n_rejected (preview), ==, 4);
  /* What to write is said once, on the first such row; the others point
   * at it rather than say it again. */
  g_assert_cmpuint (count_with (preview, "YYYY-MM-DD"), ==, 1);
  g_assert_nonnull (strstr (fol_csv_preview_get_rejected (preview, 0, &line), "YYYY-MM-DD"));
  g_assert_cmpuint (line, ==, 4);
  g_assert_cmpuint (count_with (preview, "line 4"), ==, 2);
  g_assert_nonnull (strstr (fol_csv_preview_get_rejected (preview, 3, &line), "31/02/1983"));
  g_assert_cmpuint (line, ==, 7);

  g_assert_true (fol_csv_import_commit (preview, &error));
  g_assert_no_error (error);
  patients = fol_store_list_patients (FOL_STORE (f->store), NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (patients), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(FolPatient) p = g_list_model_get_item (patients, i);
      FolDate expected = g_str_equal (fol_patient_get_name (p), "Ana Lima")
                         ? fol_date_new (1978, 4, 23) : fol_date_new (1979, 4, 23);

      g_assert_cmpuint (fol_patient_get_birth_date (p), ==, expected);
    }
}

/* In German, where dates are written day first, 03/04/1980 is 3 April. */
static void
test_import_dates_german (Fixture       *f,
                          gconstpointer  user_data)
{
  g_autofree char *localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
  static const char text[] =
    "patient_name,birth_date,visit_date\r\n"
    "Cleo Park,03/04/1980,10.01.2026\r\n"
    "Dan Roe,05.06.1981,2026-01-10\r\n"
    "Ben Ode,4/23/1979,2026-01-10\r\n";
  g_autoptr(FolCsvPreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) patients = NULL;
  guint line = 0;

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_setenv ("LANGUAGE", "de", TRUE);
  setlocale (LC_ALL, "");

  preview = preview_text (f->store, text);
  /* Day first: the month cannot be 23. */
  g_assert_cmpuint (fol_csv_preview_get_n_rejected (preview), ==, 1);
  fol_csv_preview_get_rejected (preview, 0, &line);
  g_assert_cmpuint (line, ==, 4);
  g_assert_true (fol_csv_import_commit (preview, &error));
  g_assert_no_error (error);

  g_setenv ("LANGUAGE", "", TRUE);
  setlocale (LC_ALL, "");

  patients = fol_store_list_patients (FOL_STORE (f->store), NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (patients), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(FolPatient) p = g_list_model_get_item (patients, i);
      FolDate expected = g_str_equal (fol_patient_get_name (p), "Cleo Park")
                         ? fol_date_new (1980, 4, 3) : fol_date_new (1981, 6, 5);

      g_assert_cmpuint (fol_patient_get_birth_date (p), ==, expected);
    }
}

/* Sessions from a spreadsheet: no IDs, matched again by day and type. */
static void
test_import_sessions (Fixture       *f,
                      gconstpointer  user_data)
{
  static const char text[] =
    "patient_name,birth_date,session_date,treatment,product,volume_ml,regions_treated,adverse_events\r\n"
    "Ana Lima,1990-05-06,2026-02-01,Platelet-rich plasma,PRP kit,\"4,0\",\"vertex, frontal\","
    "\"mild: redness\nmoderate: headache, two days\"\r\n"
    "Ana Lima,1990-05-06,2026-03-01,prp,PRP kit,4,vertex,\"sore: no severity\"\r\n"
    "Ana Lima,1990-05-06,2026-04-01,unknown therapy,,,vertex,\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(FolCsvPreview) preview = preview_text (f->store, text);
  g_autoptr(FolCsvPreview) again = NULL;
  g_autoptr(GListModel) patients = NULL;
  g_autoptr(FolPatient) ana = NULL;
  g_autoptr(FolHistory) history = NULL;
  FolTreatmentSession *s;
  FolSeverity severity;
  FolCsvCounts c;
  guint line;

  fol_csv_preview_get_counts (preview, &c);
  g_assert_cmpuint (c.sessions_new, ==, 1);
  g_assert_cmpuint (c.rows_rejected, ==, 2);
  g_assert_nonnull (strstr (fol_csv_preview_get_rejected (preview, 0, &line), "severity"));
  g_assert_cmpuint (line, ==, 4);
  g_assert_nonnull (strstr (fol_csv_preview_get_rejected (preview, 1, &line), "unknown therapy"));
  g_assert_cmpuint (line, ==, 5);
  g_assert_true (fol_csv_import_commit (preview, &error));
  g_assert_no_error (error);

  patients = fol_store_list_patients (FOL_STORE (f->store), NULL, &error);
  ana = g_list_model_get_item (patients, 0);
  history = fol_store_load_history (FOL_STORE (f->store), fol_patient_get_id (ana), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fol_history_get_n_sessions (history), ==, 1);
  s = fol_history_get_session (history, 0);
  g_assert_cmpstr (fol_treatment_session_get_treatment_type (s), ==, "prp");
  g_assert_cmpfloat (fol_treatment_session_get_volume_ml (s), ==, 4.0);
  g_assert_cmpuint (fol_treatment_session_get_regions (s), ==,
                    FOL_REGION_BIT (FOL_REGION_VERTEX) | FOL_REGION_BIT (FOL_REGION_FRONTAL));
  g_assert_cmpuint (fol_treatment_session_get_n_adverse_events (s), ==, 2);
  g_assert_cmpstr (fol_treatment_session_get_adverse_event (s, 1, &severity), ==, "headache, two days");
  g_assert_cmpint (severity, ==, FOL_SEVERITY_MODERATE);

  again = preview_text (f->store, text);
  fol_csv_preview_get_counts (again, &c);
  g_assert_cmpuint (c.sessions_new, ==, 0);
  g_assert_cmpuint (c.sessions_updated, ==, 0);
  g_assert_cmpuint (c.sessions_unchanged, ==, 1);

  /* Ana's session, claimed for someone else, is refused at the preview. */
  {
    g_autofree char *claim = g_strdup_printf ("record,patient_name,session_id,session_date,treatment_type\r\n"
                                              "session,Other Person,%s,2026-02-01,prp\r\n",
                                              fol_treatment_session_get_id (s));
    g_autoptr(FolCsvPreview) wrong = preview_text (f->store, claim);

    g_assert_cmpuint (fol_csv_preview_get_n_rejected (wrong), ==, 1);
    g_assert_nonnull (strstr (fol_csv_preview_get_rejected (wrong, 0, &line), "another patient"));
    g_assert_cmpuint (line, ==, 2);
  }
}

static void
test_import_header (Fixture       *f,
                    gconstpointer  user_data)
{
  static const char *bad[] = { "", "foo,bar,baz\r\n1,2,3\r\n", "\"open\r\n" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FolCsvPreview) preview = fol_csv_import_preview_data (FOL_STORE (f->store), bad[i],
                                                                      strlen (bad[i]), &error);

      g_assert_null (preview);
      g_assert_nonnull (error);
    }
}

/* All of an import, or none: a conflict found while writing undoes the
 * rows already written.
 */
static void
test_import_one_transaction (Fixture       *f,
                             gconstpointer  user_data)
{
  static const char text[] =
    "record,patient_id,patient_name,visit_id,visit_date,region,total_density_hairs_per_cm2\r\n"
    "patient,p-new,New Patient,,,,\r\n"
    "measurement,p-new,New Patient,v-1,2026-01-10,vertex,150\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(FolCsvPreview) preview = preview_text (f->store, text);
  g_autoptr(FolPatient) other = fol_patient_new ();
  g_autoptr(FolVisit) v = fol_visit_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpuint (fol_csv_preview_get_n_rejected (preview), ==, 0);

  /* Meanwhile, visit v-1 is stored for someone else. */
  fol_patient_set_name (other, "Someone Else");
  g_assert_true (fol_store_save_patient (FOL_STORE (f->store), other, &error));
  g_assert_no_error (error);
  fol_visit_set_id (v, "v-1");
  fol_visit_set_patient_id (v, fol_patient_get_id (other));
  fol_visit_set_date (v, fol_date_new (2026, 1, 11));
  fol_visit_set_kind (v, "baseline");
  g_assert_true (fol_store_save_visit (FOL_STORE (f->store), v, NULL, &error));
  g_assert_no_error (error);
  before = dump (f->store);

  g_assert_false (fol_csv_import_commit (preview, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "v-1"));

  after = dump (f->store);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (fol_store_count_patients (FOL_STORE (f->store), NULL), ==, 1);
}

static void
test_cli (Fixture       *f,
          gconstpointer  user_data)
{
  const char *bin = g_getenv ("FOLLICLE_BIN");
  g_autofree char *csv = g_build_filename (f->dir, "sheet.csv", NULL);
  g_autofree char *out_csv = g_build_filename (f->dir, "out.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = -1;

  if (bin == NULL || !g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("FOLLICLE_BIN is not set");
      return;
    }

  g_assert_true (g_file_set_contents (csv, spreadsheet, -1, &error));

  {
    const char *argv[] = { bin, "--database", fol_sqlite_store_get_path (f->store),
                           "--import-csv", csv, "--dry-run", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, &out, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (out, "Patients: 1 created"));
    g_assert_nonnull (strstr (out, "Line 4 refused"));
    g_assert_cmpuint (fol_store_count_patients (FOL_STORE (f->store), NULL), ==, 0);
    g_clear_pointer (&out, g_free);
  }

  {
    const char *argv[] = { bin, "--database", fol_sqlite_store_get_path (f->store),
                           "--import-csv", csv, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, &out, NULL, &status, &error);
    g_assert_no_error (error);
    /* Imported, but refused rows make the status 1. */
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 1);
    g_assert_cmpuint (fol_store_count_patients (FOL_STORE (f->store), NULL), ==, 1);
  }

  {
    const char *argv[] = { bin, "--database", fol_sqlite_store_get_path (f->store),
                           "--export-csv", out_csv, NULL };
    g_autofree char *text = NULL;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL | G_SPAWN_STDOUT_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_true (g_file_get_contents (out_csv, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, ",Jane Example,1980-02-03,"));
    g_assert_nonnull (strstr (text, ",142.5,100,"));
  }
}

/* LibreOffice, where installed, reads the export as a table. */
static void
test_libreoffice (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autofree char *office = g_find_program_in_path ("libreoffice");
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = g_build_filename (f->dir, "lo.csv", NULL);
  g_autofree char *profile = NULL;
  g_autofree char *profile_arg = NULL;
  g_autofree char *html_path = g_build_filename (f->dir, "lo.html", NULL);
  g_autofree char *html = NULL;
  int status = -1;

  if (office == NULL)
    office = g_find_program_in_path ("soffice");
  if (office == NULL)
    {
      g_test_skip ("LibreOffice is not installed");
      return;
    }

  g_assert_true (fol_demo_populate (FOL_STORE (f->store), FOL_DEMO_SEED, NULL, &error));
  g_assert_true (fol_csv_export (FOL_STORE (f->store), NULL, csv, &error));
  g_assert_no_error (error);

  profile = g_build_filename (f->dir, "lo-profile", NULL);
  profile_arg = g_strdup_printf ("-env:UserInstallation=file://%s", profile);
  {
    /* 44 = comma, 34 = quote, 76 = UTF-8, first line 1. */
    const char *argv[] = { office, profile_arg, "--headless", "--infilter=CSV:44,34,76,1",
                           "--convert-to", "html", "--outdir", f->dir, csv, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_get_contents (html_path, &html, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (html, "total_density_hairs_per_cm2"));
  /* Cells, not one line of text: a name sits in a cell of its own. */
  g_assert_nonnull (strstr (html, ">Amira Haddad (demo)<"));
  g_assert_nonnull (strstr (html, ">2026-"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fol_date_set_today (fol_date_new (2026, 11, 25));

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/csv/parse/record", test_parse_record);
  g_test_add_func ("/csv/parse/errors", test_parse_errors);
  g_test_add_func ("/csv/parse/arbitrary", test_parse_arbitrary);
  g_test_add_func ("/csv/parse/number", test_parse_number);
  g_test_add_func ("/csv/quote", test_quote_field);
  ADD ("/csv/export/format", test_export_format);
  ADD ("/csv/round-trip/demo", test_round_trip);
  ADD ("/csv/round-trip/special", test_round_trip_special);
  ADD ("/csv/import/spreadsheet", test_import_spreadsheet);
  ADD ("/csv/import/sessions", test_import_sessions);
  ADD ("/csv/round-trip/bom", test_round_trip_bom);
  ADD ("/csv/import/unclosed-quote", test_import_unclosed_quote);
  ADD ("/csv/import/spreadsheet-dates", test_import_spreadsheet_dates);
  ADD ("/csv/import/dates-german", test_import_dates_german);
  ADD ("/csv/import/header", test_import_header);
  ADD ("/csv/import/one-transaction", test_import_one_transaction);
  ADD ("/csv/cli", test_cli);
  ADD ("/csv/libreoffice", test_libreoffice);

  return g_test_run ();
}
