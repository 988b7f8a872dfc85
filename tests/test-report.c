/* test-report.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <libintl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "fol-catalog.h"
#include "fol-demo.h"
#include "fol-report-private.h"
#include "fol-report.h"
#include "fol-sqlite-store.h"
#include "fol-stats.h"
#include "fol-test-patient.h"
#include "fol-test-store.h"
#include "test-private-photo.h"

typedef struct
{
  char           *dir;
  FolSqliteStore *store;
  char           *patient_id;  /* a demo patient with an adverse event */
  FolHistory     *history;
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


/* The demo clinic is made once and copied for each test: making it
 * commits (and syncs) once per record.
 */
static char *template_db;

static void
make_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("follicle-report-template-XXXXXX", &error);
  g_autoptr(FolSqliteStore) store = NULL;

  g_assert_no_error (error);
  template_db = g_build_filename (dir, "clinic.db", NULL);
  store = fol_sqlite_store_open (template_db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (fol_demo_populate (FOL_STORE (store), FOL_DEMO_SEED, NULL, &error));
  g_assert_no_error (error);
}

static void
remove_template (void)
{
  g_autofree char *dir = g_path_get_dirname (template_db);

  remove_tree (dir);
  g_clear_pointer (&template_db, g_free);
}

static FolSqliteStore *
open_demo_copy (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (dir, "clinic.db", NULL);
  g_autofree char *contents = NULL;
  gsize len;
  FolSqliteStore *store;

  g_assert_true (g_file_get_contents (template_db, &contents, &len, &error));
  g_assert_true (g_file_set_contents_full (db, contents, len, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_no_error (error);
  store = fol_sqlite_store_open (db, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  return store;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) patients = NULL;

  f->dir = g_dir_make_tmp ("follicle-report-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = open_demo_copy (f->dir);

  patients = fol_store_list_patients (FOL_STORE (f->store), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (patients) && f->patient_id == NULL; i++)
    {
      g_autoptr(FolPatient) p = g_list_model_get_item (patients, i);
      g_autoptr(FolHistory) h = fol_store_load_history (FOL_STORE (f->store), fol_patient_get_id (p), &error);

      g_assert_no_error (error);
      for (guint s = 0; s < fol_history_get_n_sessions (h); s++)
        if (fol_treatment_session_get_n_adverse_events (fol_history_get_session (h, s)) > 0)
          {
            f->patient_id = g_strdup (fol_patient_get_id (p));
            f->history = g_object_ref (h);
            break;
          }
    }
  g_assert_nonnull (f->patient_id);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_clear_object (&f->history);
  g_assert_finalize_object (f->store);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->patient_id);
}

static char *
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* Text runs joined by single spaces: a table cell may wrap anywhere. */
static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *text = run_tool (argv);
  g_auto(GStrv) words = g_strsplit_set (text, " \t\r\n\f", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    if (words[i][0] != '\0')
      g_string_append_printf (out, "%s%s", out->len ? " " : "", words[i]);
  return g_string_free (out, FALSE);
}

static char *
pdf_info (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };

  return run_tool (argv);
}

static guint
info_pages (const char *info)
{
  const char *p = strstr (info, "Pages:");

  g_assert_nonnull (p);
  return (guint) g_ascii_strtoull (p + strlen ("Pages:") + strspn (p + strlen ("Pages:"), " "), NULL, 10);
}

static gboolean
have_poppler (void)
{
  g_autofree char *a = g_find_program_in_path ("pdfinfo");
  g_autofree char *b = g_find_program_in_path ("pdftotext");

  if (a == NULL || b == NULL)
    {
      g_test_skip ("poppler-utils (pdfinfo, pdftotext) is not installed");
      return FALSE;
    }
  return TRUE;
}

static void
test_report_content (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  FolPatient *patient = fol_history_get_patient (f->history);
  guint measured = fol_history_get_measured_regions (f->history);
  GStatBuf st;

  g_assert_true (fol_report_write (FOL_STORE (f->store), f->patient_id, path, FOL_PAPER_A4,
                                   FOL_REPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  if (!have_poppler ())
    return;

  info = pdf_info (path);
  g_assert_cmpuint (info_pages (info), >=, 3);
  g_assert_nonnull (strstr (info, "595.28 x 841.89 pts (A4)"));

  text = pdf_text (path);
  g_assert_nonnull (strstr (text, fol_patient_get_name (patient)));
  g_assert_nonnull (strstr (text, "Page 1 of"));
  {
    g_autofree char *last = g_strdup_printf ("Page %u of %u", info_pages (info), info_pages (info));

    g_assert_nonnull (strstr (text, last));
  }
  g_assert_nonnull (strstr (text, "Exported on 25 November 2026"));

  g_assert_cmpuint (measured, !=, 0);
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    if (measured & FOL_REGION_BIT (r))
      g_assert_nonnull (strstr (text, fol_region_short_name (r)));

  for (guint s = 0; s < fol_history_get_n_sessions (f->history); s++)
    {
      FolTreatmentSession *session = fol_history_get_session (f->history, s);

      g_assert_nonnull (strstr (text, fol_catalog_label (FOL_CATALOG_TREATMENT_TYPE,
                                                         fol_treatment_session_get_treatment_type (session))));
      for (guint e = 0; e < fol_treatment_session_get_n_adverse_events (session); e++)
        {
          FolSeverity severity;
          const char *what = fol_treatment_session_get_adverse_event (session, e, &severity);
          g_auto(GStrv) words = g_strsplit (what, " ", -1);
          const char *codes[] = { "mild", "moderate", "severe" };

          /* Each word of the event, and its severity, are printed. */
          for (guint w = 0; words[w]; w++)
            g_assert_nonnull (strstr (text, words[w]));
          g_assert_nonnull (strstr (text, fol_catalog_label (FOL_CATALOG_SEVERITY, codes[severity])));
        }
    }

  /* The plain-language lines and the table headings. */
  g_assert_nonnull (strstr (text, "since"));
  g_assert_nonnull (strstr (text, "Values per visit and region"));
  g_assert_nonnull (strstr (text, "the change from baseline"));
}


/* Alopecia areata: SALT per visit, with its band, and the change. */
static void
test_report_salt (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) patients = fol_store_list_patients (FOL_STORE (f->store), NULL, &error);
  g_autofree char *path = g_build_filename (f->dir, "salt.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *first_score = NULL;
  g_autoptr(FolHistory) history = NULL;
  const char *id = NULL;
  int hundredths = 0;

  for (guint i = 0; i < g_list_model_get_n_items (patients) && id == NULL; i++)
    {
      g_autoptr(FolPatient) p = g_list_model_get_item (patients, i);

      if (g_strcmp0 (fol_patient_get_diagnosis (p), "alopecia_areata") == 0)
        {
          history = fol_store_load_history (FOL_STORE (f->store), fol_patient_get_id (p), &error);
          id = fol_patient_get_id (fol_history_get_patient (history));
        }
    }
  g_assert_nonnull (id);

  {
    FolVisit *v = fol_history_get_visit (history, 0);

    g_assert_true (fol_salt_score (fol_visit_get_salt_top (v), fol_visit_get_salt_back (v),
                                   fol_visit_get_salt_right (v), fol_visit_get_salt_left (v), &hundredths));
    first_score = fol_format_salt (hundredths);
  }

  /* The AA-IGA grade of a visit stands beside its SALT. */
  {
    g_autoptr(FolVisit) v = fol_visit_copy (fol_history_get_visit (history, 0));
    g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint r = 0; r < FOL_N_REGIONS; r++)
      if (fol_history_get_measurement (history, 0, r) != NULL)
        g_ptr_array_add (ms, fol_measurement_copy (fol_history_get_measurement (history, 0, r)));
    fol_visit_set_aa_iga (v, fol_aa_iga_from_salt (hundredths));
    g_assert_true (fol_store_save_visit (FOL_STORE (f->store), v, ms, &error));
    g_assert_no_error (error);
  }

  g_assert_true (fol_report_write (FOL_STORE (f->store), id, path, FOL_PAPER_A4,
                                   FOL_REPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  if (!have_poppler ())
    return;

  text = pdf_text (path);
  g_assert_nonnull (strstr (text, "SALT score"));
  g_assert_nonnull (strstr (text, first_score));
  g_assert_nonnull (strstr (text, fol_salt_band_name (fol_salt_band (hundredths))));
  g_assert_nonnull (strstr (text, "0.0 (0.0 %)"));
  {
    g_autofree char *grade = g_strdup_printf ("AA-IGA %d", fol_aa_iga_from_salt (hundredths));

    g_assert_nonnull (strstr (text, grade));
  }
}


/* A patient seen once, nothing measured yet: one page that says so. */
static void
test_report_new_patient (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autofree char *path = g_build_filename (f->dir, "new.pdf", NULL);
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;

  fol_patient_set_name (p, "Nora Newcomer");
  g_assert_true (fol_store_save_patient (FOL_STORE (f->store), p, &error));
  g_assert_no_error (error);
  g_assert_true (fol_report_write (FOL_STORE (f->store), fol_patient_get_id (p), path,
                                   FOL_PAPER_A4, FOL_REPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  if (!have_poppler ())
    return;

  info = pdf_info (path);
  g_assert_cmpuint (info_pages (info), ==, 1);
  text = pdf_text (path);
  g_assert_nonnull (strstr (text, "Nora Newcomer"));
  g_assert_nonnull (strstr (text, "No measurement is recorded yet."));
  g_assert_nonnull (strstr (text, "No treatment session is recorded yet."));
  g_assert_nonnull (strstr (text, "Page 1 of 1"));
}

static void
test_report_letter (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "letter.pdf", NULL);
  g_autofree char *info = NULL;

  g_assert_true (fol_report_write (FOL_STORE (f->store), f->patient_id, path, FOL_PAPER_LETTER,
                                   FOL_REPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  if (!have_poppler ())
    return;
  info = pdf_info (path);
  g_assert_nonnull (strstr (info, "612 x 792 pts (letter)"));
}

/* A JPEG whose APP1 segment holds EXIF with a GPS position. */
static GBytes *
jpeg_with_exif (void)
{
  static const char exif[] =
    "Exif\0\0"
    "MM\0\x2a\0\0\0\x08"  /* TIFF header, first IFD at 8 */
    "\0\0"                /* no entries */
    "\0\0\0\0"            /* no next IFD */
    "GPSLatitude 48.858370 N GPSLongitude 2.294481 E SerialNumber CAM-0042";
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 640, 480);
  g_autoptr(GError) error = NULL;
  g_autofree char *jpeg = NULL;
  gsize len = 0;
  GByteArray *out;
  guint16 seg_len = GUINT16_TO_BE (sizeof exif - 1 + 2);

  gdk_pixbuf_fill (pixbuf, 0x2080c0ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &jpeg, &len, "jpeg", &error, "quality", "90", NULL));
  g_assert_no_error (error);
  g_assert_cmpint ((guint8) jpeg[0], ==, 0xff);
  g_assert_cmpint ((guint8) jpeg[1], ==, 0xd8);

  out = g_byte_array_new ();
  g_byte_array_append (out, (const guint8 *) jpeg, 2);
  g_byte_array_append (out, (const guint8 *) "\xff\xe1", 2);
  g_byte_array_append (out, (const guint8 *) &seg_len, 2);
  g_byte_array_append (out, (const guint8 *) exif, sizeof exif - 1);
  g_byte_array_append (out, (const guint8 *) jpeg + 2, len - 2);
  return g_byte_array_free_to_bytes (out);
}

static void
add_photo (Fixture    *f,
           GBytes     *bytes,
           guint       visit_index,
           FolRegion   region)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_autofree char *data_dir = fol_sqlite_store_get_data_dir (f->store);
  char prefix[3] = { sha[0], sha[1], 0 };
  g_autofree char *dir = g_build_filename (data_dir, "photos", prefix, NULL);
  g_autofree char *name = g_strdup_printf ("%s.jpg", sha);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(FolPhoto) photo = fol_photo_new ();
  FolVisit *visit = fol_history_get_visit (f->history, visit_index);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);

  fol_photo_set_visit_id (photo, fol_visit_get_id (visit));
  fol_photo_set_region (photo, region);
  fol_photo_set_sha256 (photo, sha);
  fol_photo_set_width (photo, 640);
  fol_photo_set_height (photo, 480);
  g_assert_true (fol_store_save_photo (FOL_STORE (f->store), photo, &error));
  g_assert_no_error (error);
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *needle)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_report_photos_without_exif (Fixture       *f,
                                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "photos.pdf", NULL);
  g_autoptr(GBytes) jpeg = jpeg_with_exif ();
  g_autoptr(GBytes) later = NULL;
  g_autoptr(GMappedFile) pdf = NULL;
  g_autoptr(GBytes) pdf_bytes = NULL;
  guint n_visits = fol_history_get_n_visits (f->history);

  /* The loader accepts the file: the photo is real. */
  {
    g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();

    g_assert_true (gdk_pixbuf_loader_write_bytes (loader, jpeg, &error));
    g_assert_true (gdk_pixbuf_loader_close (loader, &error));
    g_assert_no_error (error);
  }
  g_assert_true (bytes_contain (jpeg, "Exif"));
  g_assert_true (bytes_contain (jpeg, "GPSLatitude"));

  /* A different second photo: same pixels, one more byte of EXIF text. */
  {
    gsize len;
    const guint8 *data = g_bytes_get_data (jpeg, &len);
    GByteArray *copy = g_byte_array_new ();

    g_byte_array_append (copy, data, len);
    copy->data[4 + 2 + 6 + 8 + 2 + 4] = 'g';
    later = g_byte_array_free_to_bytes (copy);
  }

  g_assert_cmpuint (n_visits, >=, 2);
  add_photo (f, jpeg, 0, FOL_REGION_FRONTAL);
  add_photo (f, later, n_visits - 1, FOL_REGION_FRONTAL);

  g_assert_true (fol_report_write (FOL_STORE (f->store), f->patient_id, path, FOL_PAPER_A4,
                                   FOL_REPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  pdf = g_mapped_file_new (path, FALSE, &error);
  g_assert_no_error (error);
  pdf_bytes = g_mapped_file_get_bytes (pdf);
  g_assert_false (bytes_contain (pdf_bytes, "Exif"));
  g_assert_false (bytes_contain (pdf_bytes, "GPSLatitude"));
  g_assert_false (bytes_contain (pdf_bytes, "CAM-0042"));
  /* Not the JPEG passed through: a DCT stream would carry its markers. */
  g_assert_false (bytes_contain (pdf_bytes, "/DCTDecode"));
  g_assert_true (bytes_contain (pdf_bytes, "/Image"));

  if (have_poppler ())
    {
      g_autofree char *text = pdf_text (path);

      g_assert_nonnull (strstr (text, "Photos: before and after"));
      g_assert_nonnull (strstr (text, "Before"));
      g_assert_nonnull (strstr (text, "After"));
    }

  {
    g_autofree char *images = g_find_program_in_path ("pdfimages");

    if (images != NULL)
      {
        const char *argv[] = { "pdfimages", "-list", path, NULL };
        g_autofree char *list = run_tool (argv);
        g_auto(GStrv) lines = g_strsplit (list, "\n", -1);
        guint n = 0;

        /* Two photos, each at most 150 dpi for its printed size. */
        for (guint i = 2; lines[i] && lines[i][0]; i++)
          {
            g_auto(GStrv) cols = g_strsplit_set (lines[i], " ", -1);
            GPtrArray *c = g_ptr_array_new ();
            guint x_ppi;

            for (guint k = 0; cols[k]; k++)
              if (cols[k][0])
                g_ptr_array_add (c, cols[k]);
            g_assert_cmpuint (c->len, >=, 14);
            x_ppi = (guint) g_ascii_strtoull (g_ptr_array_index (c, 12), NULL, 10);
            g_assert_cmpuint (x_ppi, <=, 151);
            g_assert_cmpuint (x_ppi, >=, 140);
            g_ptr_array_unref (c);
            n++;
          }
        g_assert_cmpuint (n, ==, 2);
      }
  }
}

/* The report reads the store through its interface only: on a store that
 * is not the SQLite one, the photos are in it too.
 */
static void
test_report_any_store (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) any = fol_test_store_new (FOL_STORE (f->store));
  g_autofree char *path = g_build_filename (f->dir, "any.pdf", NULL);
  g_autoptr(GBytes) jpeg = jpeg_with_exif ();
  g_autoptr(GMappedFile) pdf = NULL;
  g_autoptr(GBytes) pdf_bytes = NULL;

  add_photo (f, jpeg, 0, FOL_REGION_FRONTAL);
  g_assert_true (fol_report_write (any, f->patient_id, path, FOL_PAPER_A4,
                                   FOL_REPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (FOL_TEST_STORE (any)->n_calls, >, 0);

  pdf = g_mapped_file_new (path, FALSE, &error);
  g_assert_no_error (error);
  pdf_bytes = g_mapped_file_get_bytes (pdf);
  g_assert_true (bytes_contain (pdf_bytes, "/Image"));
  if (have_poppler ())
    {
      g_autofree char *text = pdf_text (path);

      g_assert_nonnull (strstr (text, "Photos: before and after"));
    }
}

/* A PNG of a few hundred bytes claiming 30000 × 30000 pixels is left out
 * of the report from its header, at once, with a note saying why; the
 * other photos are drawn.
 */
static void
test_report_huge_photo (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "huge.pdf", NULL);
  g_autoptr(GBytes) png = png_claiming (30000, 30000);
  g_autoptr(GBytes) jpeg = jpeg_with_private_metadata (64, 48, 1);
  gint64 start;

  g_assert_cmpuint (g_bytes_get_size (png), <, 4096);
  add_photo (f, png, 0, FOL_REGION_FRONTAL);
  add_photo (f, jpeg, 0, FOL_REGION_VERTEX);

  start = g_get_monotonic_time ();
  g_assert_true (fol_report_write (FOL_STORE (f->store), f->patient_id, path, FOL_PAPER_A4,
                                   FOL_REPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);

  if (have_poppler ())
    {
      g_autofree char *text = pdf_text (path);

      g_assert_nonnull (strstr (text, "is too large: 30000 × 30000 pixels"));
    }

  {
    g_autofree char *images = g_find_program_in_path ("pdfimages");

    if (images != NULL)
      {
        const char *argv[] = { "pdfimages", "-list", path, NULL };
        g_autofree char *list = run_tool (argv);
        g_auto(GStrv) lines = g_strsplit (list, "\n", -1);
        guint n = 0;

        /* The JPEG only: the PNG was never decoded. */
        for (guint i = 2; lines[i] && lines[i][0]; i++)
          n++;
        g_assert_cmpuint (n, ==, 1);
      }
  }
}

static const char * const planted_notes[] = {
  "PRIVATE patient note: suspected depression",
  "PRIVATE visit note: asked about the fee",
  "PRIVATE measurement note: recount",
  "PRIVATE session note: patient anxious",
};

static void
plant_note (Fixture    *f,
            const char *sql,
            const char *note)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (fol_sqlite_store_get_path (f->store), &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, note, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, f->patient_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), >, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* The clinician's notes are printed only when asked for. */
static void
test_report_notes (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *without = g_build_filename (f->dir, "without.pdf", NULL);
  g_autofree char *with = g_build_filename (f->dir, "with.pdf", NULL);
  g_autofree char *text_without = NULL;
  g_autofree char *text_with = NULL;

  plant_note (f, "UPDATE patients SET notes = ?1 WHERE id = ?2", planted_notes[0]);
  plant_note (f, "UPDATE visits SET notes = ?1 WHERE patient_id = ?2", planted_notes[1]);
  plant_note (f, "UPDATE measurements SET notes = ?1 WHERE visit_id ="
              " (SELECT id FROM visits WHERE patient_id = ?2 ORDER BY visit_date LIMIT 1)",
              planted_notes[2]);
  plant_note (f, "UPDATE treatment_sessions SET notes = ?1 WHERE patient_id = ?2",
              planted_notes[3]);

  g_assert_true (fol_report_write (FOL_STORE (f->store), f->patient_id, without, FOL_PAPER_A4,
                                   FOL_REPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (fol_report_write (FOL_STORE (f->store), f->patient_id, with, FOL_PAPER_A4,
                                   FOL_REPORT_INCLUDE_NOTES, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  if (!have_poppler ())
    return;
  text_without = pdf_text (without);
  text_with = pdf_text (with);
  g_assert_null (strstr (text_without, "Clinician notes"));
  g_assert_nonnull (strstr (text_with, "Clinician notes"));
  for (guint i = 0; i < G_N_ELEMENTS (planted_notes); i++)
    {
      g_assert_null (strstr (text_without, planted_notes[i]));
      g_assert_nonnull (strstr (text_with, planted_notes[i]));
    }
}

static void
test_report_cancelled (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = g_build_filename (f->dir, "cancelled.pdf", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_cancellable_cancel (cancellable);
  g_assert_false (fol_report_write (FOL_STORE (f->store), f->patient_id, path, FOL_PAPER_A4,
                                    FOL_REPORT_FLAGS_NONE, cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* No temporary file is left behind. */
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)))
    g_assert_false (g_str_has_suffix (name, ".pdf") || strstr (name, ".pdf.") != NULL);
}

static void
test_report_unknown_patient (Fixture       *f,
                             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "nobody.pdf", NULL);

  g_assert_false (fol_report_write (FOL_STORE (f->store), "no-such-patient", path, FOL_PAPER_A4,
                                    FOL_REPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

typedef struct
{
  GMainLoop *loop;
  GArray    *fractions;
  gboolean   ok;
  GError    *error;
} AsyncState;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  AsyncState *state = user_data;

  g_array_append_val (state->fractions, fraction);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *state = user_data;

  state->ok = fol_report_write_finish (FOL_STORE (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_report_async (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (f->dir, "async.pdf", NULL);
  AsyncState state = { g_main_loop_new (NULL, FALSE), g_array_new (FALSE, FALSE, sizeof (double)), FALSE, NULL };

  fol_report_write_async (FOL_STORE (f->store), f->patient_id, path, FOL_PAPER_A4,
                          FOL_REPORT_FLAGS_NONE, NULL,
                          progress_cb, &state, written_cb, &state);
  g_main_loop_run (state.loop);

  /* Progress reported on this thread's context may still be queued, and
   * the worker thread lets go of the task (and its store) just after.
   */
  for (guint i = 0; i < 5000 && G_OBJECT (f->store)->ref_count > 1; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (state.fractions->len, >=, 4);
  for (guint i = 1; i < state.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (state.fractions, double, i), >=,
                       g_array_index (state.fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (state.fractions, double, state.fractions->len - 1), ==, 1.0);

  g_main_loop_unref (state.loop);
  g_array_unref (state.fractions);
}

static void
test_report_cli (Fixture       *f,
                 gconstpointer  user_data)
{
  const char *bin = g_getenv ("FOLLICLE_BIN");
  g_autofree char *path = g_build_filename (f->dir, "cli.pdf", NULL);
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (bin == NULL || !g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("FOLLICLE_BIN is not set");
      return;
    }

  {
    const char *argv[] = { bin, "--database", fol_sqlite_store_get_path (f->store),
                           "--patient", f->patient_id, "--export-report", path, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  }

  {
    /* Without --patient: a usage error, exit status 2. */
    const char *argv[] = { bin, "--database", fol_sqlite_store_get_path (f->store),
                           "--export-report", path, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  }
}

/* The widest table a report can have (eight regions, every measurement,
 * German region names) and every other word of it stay inside the
 * printable width of A4 and Letter; the last column is printed whole.
 */
typedef struct
{
  const char   *language;
  FolPaperSize  paper;
} PaperCase;

static void
use_language (const char *language)
{
  g_setenv ("LANGUAGE", language, TRUE);
  setlocale (LC_ALL, "");
}

static double
bbox_attr (const char *line,
           const char *name)
{
  g_autofree char *key = g_strdup_printf (" %s=\"", name);
  const char *p = strstr (line, key);

  g_assert_nonnull (p);
  return g_ascii_strtod (p + strlen (key), NULL);
}

static void
test_report_fits_paper (Fixture       *f,
                        gconstpointer  user_data)
{
  const PaperCase *pc = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "wide.pdf", NULL);
  g_autoptr(FolPatient) patient = NULL;
  g_autoptr(FolHistory) history = NULL;
  g_autofree char *bbox = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  double page_w = 0;
  guint n_words = 0, n_outside = 0;

  if (!have_poppler ())
    return;

  use_language (pc->language);
  patient = fol_test_patient_make (FOL_STORE (f->store), "Wide Table", 6);
  g_assert_true (fol_report_write (FOL_STORE (f->store), fol_patient_get_id (patient), path, pc->paper,
                                   FOL_REPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  {
    const char *argv[] = { "pdftotext", "-bbox", "-enc", "UTF-8", path, "-", NULL };

    bbox = run_tool (argv);
  }
  lines = g_strsplit (bbox, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      const char *line = g_strstrip (lines[i]);
      double x_min, x_max;

      if (g_str_has_prefix (line, "<page "))
        {
          page_w = bbox_attr (line, "width");
          continue;
        }
      if (!g_str_has_prefix (line, "<word "))
        continue;
      g_assert_cmpfloat (page_w, >, 0);
      x_min = bbox_attr (line, "xMin");
      x_max = bbox_attr (line, "xMax");
      n_words++;
      if (x_min < MARGIN_PT - 1 || x_max > page_w - MARGIN_PT + 1)
        {
          g_test_message ("outside the printable width %.1f–%.1f: %s", MARGIN_PT,
                          page_w - MARGIN_PT, line);
          n_outside++;
        }
    }
  g_assert_cmpuint (n_words, >, 500);
  g_assert_cmpuint (n_outside, ==, 0);

  /* Each region's row of the last visit ends with its change in diameter. */
  text = pdf_text (path);
  if (g_str_equal (pc->language, "de"))
    g_assert_nonnull (strstr (text, "Gesamthaardichte"));
  history = fol_store_load_history (FOL_STORE (f->store), fol_patient_get_id (patient), &error);
  g_assert_no_error (error);
  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      double baseline = fol_history_get_value (history, 0, FOL_MEASURE_MEAN_DIAMETER, r);
      double latest = fol_history_get_value (history, 5, FOL_MEASURE_MEAN_DIAMETER, r);
      g_autofree char *change = fol_format_change (latest - baseline, 100 * (latest - baseline) / baseline,
                                                   TRUE, 1);

      g_assert_nonnull (strstr (text, fol_region_short_name (r)));
      g_assert_nonnull (strstr (text, change));
    }
  use_language ("");
}

static GBytes *
solid_png (guint32 rgb)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 48);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, rgb << 8 | 0xff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}

static void
add_photo_of (Fixture    *f,
              FolHistory *history,
              guint       visit_index,
              FolRegion   region,
              guint32     rgb)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = solid_png (rgb);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_autofree char *data_dir = fol_sqlite_store_get_data_dir (f->store);
  char prefix[3] = { sha[0], sha[1], 0 };
  g_autofree char *dir = g_build_filename (data_dir, "photos", prefix, NULL);
  g_autofree char *name = g_strdup_printf ("%s.png", sha);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(FolPhoto) photo = fol_photo_new ();

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
  fol_photo_set_visit_id (photo, fol_visit_get_id (fol_history_get_visit (history, visit_index)));
  fol_photo_set_region (photo, region);
  fol_photo_set_sha256 (photo, sha);
  fol_photo_set_width (photo, 64);
  fol_photo_set_height (photo, 48);
  g_assert_true (fol_store_save_photo (FOL_STORE (f->store), photo, &error));
  g_assert_no_error (error);
}

static char *
visit_day (FolHistory *history,
           guint       index)
{
  char *date = fol_date_format (fol_visit_get_date (fol_history_get_visit (history, index)));

  return g_strstrip (date);
}

static guint
count_of (const char *text,
          const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* Before and after are two visits of the region, its baseline and its
 * latest; a region photographed at one visit only has one photo, however
 * many were taken that day.
 */
static void
test_report_photo_pairs (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "pairs.pdf", NULL);
  g_autoptr(FolPatient) patient = fol_test_patient_make (FOL_STORE (f->store), "Photo Pairs", 6);
  g_autoptr(FolHistory) history = fol_store_load_history (FOL_STORE (f->store),
                                                          fol_patient_get_id (patient), &error);
  g_autofree char *text = NULL;
  g_autofree char *first = visit_day (history, 0);
  g_autofree char *second = visit_day (history, 1);
  g_autofree char *last = visit_day (history, 5);
  g_autofree char *vertex_before = NULL, *vertex_after = NULL, *frontal_after = NULL;
  g_autofree char *frontal_photo = NULL;

  g_assert_no_error (error);
  /* The vertex: two photos at baseline, one in between, two at the latest. */
  add_photo_of (f, history, 0, FOL_REGION_VERTEX, 0x804020);
  add_photo_of (f, history, 0, FOL_REGION_VERTEX, 0x804021);
  add_photo_of (f, history, 2, FOL_REGION_VERTEX, 0x804022);
  add_photo_of (f, history, 5, FOL_REGION_VERTEX, 0x804023);
  add_photo_of (f, history, 5, FOL_REGION_VERTEX, 0x804024);
  /* The frontal region: two photos of one visit only. */
  add_photo_of (f, history, 1, FOL_REGION_FRONTAL, 0x204080);
  add_photo_of (f, history, 1, FOL_REGION_FRONTAL, 0x204081);

  g_assert_true (fol_report_write (FOL_STORE (f->store), fol_patient_get_id (patient), path, FOL_PAPER_A4,
                                   FOL_REPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  if (!have_poppler ())
    return;
  text = pdf_text (path);

  vertex_before = g_strdup_printf ("Before — %s", first);
  vertex_after = g_strdup_printf ("After — %s", last);
  frontal_photo = g_strdup_printf ("Photo — %s", second);
  frontal_after = g_strdup_printf ("After — %s", second);
  g_assert_cmpuint (count_of (text, vertex_before), ==, 1);
  g_assert_cmpuint (count_of (text, vertex_after), ==, 1);
  g_assert_cmpuint (count_of (text, frontal_photo), ==, 1);
  g_assert_null (strstr (text, frontal_after));
  g_assert_cmpuint (count_of (text, "Before — "), ==, 1);
  g_assert_cmpuint (count_of (text, "After — "), ==, 1);
}

/* What the report says is whole and said once: full treatment names, no
 * text cut with an ellipsis, no double spaces, and no heading that the
 * chart below it repeats as its title.
 */
static void
test_report_words (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "words.pdf", NULL);
  g_autoptr(FolPatient) patient = fol_test_patient_make (FOL_STORE (f->store), "Whole Words", 6);
  g_autofree char *raw = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  const char *previous = "";

  g_assert_true (fol_report_write (FOL_STORE (f->store), fol_patient_get_id (patient), path, FOL_PAPER_A4,
                                   FOL_REPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  if (!have_poppler ())
    return;

  {
    const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };

    raw = run_tool (argv);
  }
  text = pdf_text (path);
  g_assert_nonnull (strstr (text, fol_catalog_label (FOL_CATALOG_TREATMENT_TYPE, "adipose_stem_cells")));
  g_assert_nonnull (strstr (text, fol_catalog_label (FOL_CATALOG_TREATMENT_TYPE, "bone_marrow_stem_cells")));
  g_assert_null (strstr (raw, "…"));
  /* The chart's marks of treatment sessions are named in full below it. */
  g_assert_nonnull (strstr (text, "Adipose-derived stem cells / SVF (5 December 2024)"));
  g_assert_nonnull (strstr (text, "Bone-marrow-derived stem cells (12 December 2024)"));

  lines = g_strsplit (raw, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      const char *line = g_strchomp (g_strchug (lines[i]));

      if (strstr (lines[i], "  ") != NULL)
        g_test_message ("double space: “%s”", lines[i]);
      g_assert_null (strstr (lines[i], "  "));
      if (line[0] == '\0' || line[0] == '\f')
        continue;
      /* A heading, then a title that says it again (or says less). */
      if (strlen (line) > 8 && strlen (previous) > 8 &&
          (g_str_has_prefix (line, previous) || g_str_has_prefix (previous, line)))
        {
          g_test_message ("said twice: “%s” after “%s”", line, previous);
          g_assert_not_reached ();
        }
      previous = line;
    }
}

int
main (int   argc,
      char *argv[])
{
  {
    g_autofree char *po = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);

    setlocale (LC_ALL, "");
    bindtextdomain (GETTEXT_PACKAGE, po);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  }
  g_test_init (&argc, &argv, NULL);
  fol_date_set_today (fol_date_new (2026, 11, 25));

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/report/content", test_report_content);
  ADD ("/report/salt", test_report_salt);
  ADD ("/report/new-patient", test_report_new_patient);
  ADD ("/report/letter", test_report_letter);
  ADD ("/report/photos-without-exif", test_report_photos_without_exif);
  ADD ("/report/cancelled", test_report_cancelled);
  ADD ("/report/huge-photo", test_report_huge_photo);
  ADD ("/report/notes", test_report_notes);
  ADD ("/report/unknown-patient", test_report_unknown_patient);
  ADD ("/report/async", test_report_async);
  ADD ("/report/cli", test_report_cli);
  ADD ("/report/photo-pairs", test_report_photo_pairs);
  ADD ("/report/words", test_report_words);
  {
    static const PaperCase papers[] = {
      { "en", FOL_PAPER_A4 }, { "en", FOL_PAPER_LETTER }, { "de", FOL_PAPER_A4 }, { "de", FOL_PAPER_LETTER },
    };

    for (guint i = 0; i < G_N_ELEMENTS (papers); i++)
      {
        g_autofree char *path = g_strdup_printf ("/report/fits-paper/%s/%s", papers[i].language,
                                                 papers[i].paper == FOL_PAPER_A4 ? "a4" : "letter");

        g_test_add (path, Fixture, &papers[i], fixture_setup, test_report_fits_paper, fixture_teardown);
      }
  }
  ADD ("/report/any-store", test_report_any_store);

  {
    int status;

    make_template ();
    status = g_test_run ();
    remove_template ();
    return status;
  }
}
