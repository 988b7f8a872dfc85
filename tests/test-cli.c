/* test-cli.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "fol-photo-import.h"
#include "fol-sqlite-store.h"
#include "fol-test-cli.h"
#include "fol-test-run.h"

typedef FolTestDemoClinic Fixture;
#define setup fol_test_demo_clinic_setup
#define teardown fol_test_demo_clinic_teardown

static char *
first_patient_id (Fixture    *f,
                  const char *name)
{
  g_auto(Run) r = { 0 };
  g_auto(GStrv) lines = NULL;

  run (&r, "--database", f->db, "--list-patients", NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (strstr (lines[i], name))
      return g_strndup (lines[i], strchr (lines[i], '\t') - lines[i]);
  g_assert_not_reached ();
}

static void
test_version (void)
{
  g_auto(Run) r = { 0 };

  run (&r, "--version", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "follicle " PACKAGE_VERSION "\n");
}

static void
test_help (void)
{
  g_auto(Run) r = { 0 };

  run (&r, "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--list-patients"));
  g_assert_nonnull (strstr (r.out, "--summary"));
  g_assert_nonnull (strstr (r.out, "--database"));
  g_assert_nonnull (strstr (r.out, "--add-photos"));
  /* Where "-" means standard output, the help says so. */
  g_assert_nonnull (strstr (r.out, "“-” for standard output"));
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_auto(Run) r = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(GStrv) lines = NULL;

  run (&r, "--database", f->db, "--list-patients", NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 9);  /* 8 and the final empty piece */
  g_assert_true (g_str_has_prefix (strchr (lines[0], '\t') + 1, "Amira Haddad (demo)"));
  g_assert_cmpstr (r.err, ==, "");

  /* --demo on a clinic that has patients adds nothing. */
  run (&again, "--database", f->db, "--demo", NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpstr (again.out, ==, "");
}

static void
test_summary (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *id = first_patient_id (f, "Martin Keller");
  g_autofree char *no_baseline = first_patient_id (f, "Tomás Ruiz");
  g_auto(Run) r = { 0 };
  g_auto(Run) t = { 0 };

  run (&r, "--database", f->db, "--patient", id, "--summary", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Martin Keller (demo)"));
  g_assert_nonnull (strstr (r.out, "Total hair density (hairs/cm²)"));
  g_assert_nonnull (strstr (r.out, "\nVertex "));
  g_assert_nonnull (strstr (r.out, "Adipose-derived stem cells"));

  /* Temples first measured after treatment began: no change, shown as —. */
  run (&t, "--database", f->db, "--patient", no_baseline, "--summary", NULL);
  g_assert_cmpint (t.status, ==, 0);
  g_assert_true (g_regex_match_simple ("Temporal, left +— +[0-9.]+ +— ", t.out, 0, 0));
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  static const struct {
    const char *args[6];
    int         status;
    const char *message;
  } cases[] = {
    { { "--bogus" }, 2, "Unknown option --bogus" },
    { { "--summary" }, 2, "--summary needs --patient" },
    { { "--patient", "x" }, 2, "--patient needs a command" },
    { { "--database", "@DB@", "--patient", "no-such-id", "--summary" }, 1, "No patient has the ID “no-such-id”" },
    { { "--database", "@DIR@/missing.db", "--list-patients" }, 1, "There is no clinic database" },
    { { "--database", "@DIR@", "--list-patients" }, 1, "is a folder" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) r = { 0 };
      const char *args[7] = { NULL };
      g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);

      for (guint j = 0; cases[i].args[j]; j++)
        {
          g_autofree char *a = g_strdup (cases[i].args[j]);

          if (g_str_equal (a, "@DB@"))
            args[j] = f->db;
          else if (g_str_has_prefix (a, "@DIR@"))
            {
              char *p = g_strconcat (f->dir, a + 5, NULL);

              g_ptr_array_add (owned, p);
              args[j] = p;
            }
          else
            {
              g_ptr_array_add (owned, g_steal_pointer (&a));
              args[j] = g_ptr_array_index (owned, owned->len - 1);
            }
        }

      g_test_message ("case %u: %s", i, cases[i].args[0]);
      run (&r, args[0], args[1], args[2], args[3], args[4], args[5], NULL);
      g_assert_cmpint (r.status, ==, cases[i].status);
      g_assert_nonnull (strstr (r.err, cases[i].message));
      g_assert_cmpstr (r.out, ==, "");
    }
}

static void
test_export_chart (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *id = first_patient_id (f, "Martin Keller");
  g_autofree char *png = g_build_filename (f->dir, "chart.png", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "chart.pdf", NULL);
  g_autofree char *svg = g_build_filename (f->dir, "chart.svg", NULL);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *svg_text = NULL;
  g_auto(Run) r = { 0 };
  g_auto(Run) p = { 0 };
  g_auto(Run) v = { 0 };
  char header[5] = { 0 };
  FILE *file;

  run (&r, "-d", f->db, "--patient", id, "--export-chart", png, "--size", "800x500",
       "--scale", "2", "--trend", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  pixbuf = gdk_pixbuf_new_from_file (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 1600);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 1000);

  run (&p, "-d", f->db, "-p", id, "-e", pdf, "--relative", "--measurement", "terminal_density", NULL);
  g_assert_cmpint (p.status, ==, 0);
  file = fopen (pdf, "rb");
  g_assert_nonnull (file);
  g_assert_cmpuint (fread (header, 1, 4, file), ==, 4);
  fclose (file);
  g_assert_cmpstr (header, ==, "%PDF");

  run (&v, "-d", f->db, "-p", id, "-e", svg, "--regions", "vertex,frontal", NULL);
  g_assert_cmpint (v.status, ==, 0);

  /* SALT is one series for the whole scalp, not a region's. */
  {
    g_autofree char *aa = first_patient_id (f, "Chloé Martin");
    g_autofree char *salt = g_build_filename (f->dir, "salt.png", NULL);
    g_auto(Run) s = { 0 };

    run (&s, "-d", f->db, "-p", aa, "-e", salt, "--measurement", "salt", "--trend", NULL);
    g_assert_cmpint (s.status, ==, 0);
    g_assert_cmpstr (s.err, ==, "");
    g_assert_true (g_file_test (salt, G_FILE_TEST_IS_REGULAR));
  }
  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, NULL));
  g_assert_nonnull (strstr (svg_text, "<svg"));
}

static void
test_export_chart_errors (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = first_patient_id (f, "Martin Keller");
  g_autofree char *ok_path = g_build_filename (f->dir, "c.png", NULL);
  g_autofree char *txt_path = g_build_filename (f->dir, "c.txt", NULL);
  g_autofree char *missing_dir = g_build_filename (f->dir, "no", "such", "c.png", NULL);
  const struct {
    const char *extra[4];
    const char *path;
    int         status;
    const char *message;
  } cases[] = {
    { { "--measurement", "hair_mass" }, ok_path, 2, "Unknown measurement “hair_mass”" },
    { { "--regions", "crown" }, ok_path, 2, "Unknown region “crown”" },
    { { "--size", "big" }, ok_path, 2, "--size “big” is not a size" },
    { { "--size", "10x10" }, ok_path, 2, "is not a size" },
    { { "--scale", "9" }, ok_path, 2, "--scale “9”: the scale must be a number between 0.5 and 4" },
    { { "--scale", "nan" }, ok_path, 2, "--scale “nan”" },
    { { "--scale", "2x" }, ok_path, 2, "--scale “2x”" },
    { { NULL }, txt_path, 2, "c.txt" },
    { { NULL }, missing_dir, 1, missing_dir },
    { { NULL }, f->dir, 1, f->dir },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) r = { 0 };

      g_test_message ("case %u", i);
      run (&r, "-d", f->db, "-p", id, "--export-chart", cases[i].path,
           cases[i].extra[0], cases[i].extra[1], NULL);
      g_assert_cmpint (r.status, ==, cases[i].status);
      g_assert_nonnull (strstr (r.err, cases[i].message));
      g_assert_false (g_file_test (ok_path, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (txt_path, G_FILE_TEST_EXISTS));
    }

  {
    g_auto(Run) r = { 0 };

    run (&r, "-d", f->db, "--export-chart", ok_path, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--export-chart needs --patient"));
  }
}

/* An output path that exists and is not a regular file (a pipe, a link)
 * is refused and left as it was, for every command that writes a file.
 */
static void
test_non_regular_output (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id = first_patient_id (f, "Martin Keller");
  g_autofree char *target = g_build_filename (f->dir, "target.txt", NULL);
  const char *commands[][2] = {
    { "--export-chart", "chart.png" },
    { "--export-chart", "chart.pdf" },
    { "--export-report", "report.pdf" },
    { "--export-csv", "clinic.csv" },
    { "--share", "patient.follicle" },
    { "--backup", "clinic.tar" },
  };

  g_assert_true (g_file_set_contents (target, "keep me", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    for (guint kind = 0; kind < 2; kind++)
      {
        g_autofree char *path = g_build_filename (f->dir, commands[i][1], NULL);
        g_autofree char *kept = NULL;
        g_auto(Run) r = { 0 };
        struct stat st;

        if (kind == 0)
          g_assert_cmpint (mkfifo (path, 0600), ==, 0);
        else
          g_assert_cmpint (symlink (target, path), ==, 0);

        g_test_message ("%s to a %s", commands[i][0], kind == 0 ? "pipe" : "link");
        if (g_str_equal (commands[i][0], "--backup"))
          run (&r, "-d", f->db, commands[i][0], path, NULL);
        else
          run (&r, "-d", f->db, "-p", id, commands[i][0], path, NULL);
        g_assert_cmpint (r.status, ==, 1);
        g_assert_nonnull (strstr (r.err, "is not a regular file"));
        g_assert_nonnull (strstr (r.err, commands[i][1]));

        g_assert_cmpint (lstat (path, &st), ==, 0);
        g_assert_true (kind == 0 ? S_ISFIFO (st.st_mode) : S_ISLNK (st.st_mode));
        g_assert_true (g_file_get_contents (target, &kept, NULL, NULL));
        g_assert_cmpstr (kept, ==, "keep me");
        g_assert_cmpint (g_unlink (path), ==, 0);
      }

  /* Standard output by its link, and a device: refused, never replaced. */
  {
    const char *special[] = { "/dev/stdout", "/dev/null" };

    for (guint i = 0; i < G_N_ELEMENTS (special); i++)
      {
        g_auto(Run) r = { 0 };
        struct stat before, after;

        g_assert_cmpint (lstat (special[i], &before), ==, 0);
        run (&r, "-d", f->db, "--export-csv", special[i], NULL);
        g_assert_cmpint (r.status, ==, 1);
        g_assert_nonnull (strstr (r.err, "is not a regular file"));
        g_assert_cmpstr (r.out, ==, "");
        g_assert_cmpint (lstat (special[i], &after), ==, 0);
        g_assert_cmpint (before.st_mode, ==, after.st_mode);
        g_assert_cmpint (before.st_ino, ==, after.st_ino);
      }
  }
}

/* A pipe given as a file to read is refused at once, not waited on. */
static void
test_non_regular_input (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *fifo = g_build_filename (f->dir, "pipe", NULL);
  const char *options[] = { "--import-csv", "--restore" };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0, after_len = 0;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_true (g_file_get_contents (f->db, &before, &before_len, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    for (guint k = 0; k < 2; k++)
      {
        const char *path = k == 0 ? fifo : "/dev/null";
        g_auto(Run) r = { 0 };

        g_test_message ("%s from %s", options[i], path);
        run (&r, "-d", f->db, options[i], path, NULL);
        g_assert_cmpint (r.status, ==, 1);
        g_assert_nonnull (strstr (r.err, "is not a regular file"));
        g_assert_nonnull (strstr (r.err, path));
      }
  /* Nothing was imported or restored. */
  g_assert_true (g_file_get_contents (f->db, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

/* "-" is standard output for a CSV, and for a chart with --format. */
static void
test_stdout (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = first_patient_id (f, "Martin Keller");
  g_autofree char *cwd = g_get_current_dir ();
  g_auto(Run) csv = { 0 };
  g_auto(Run) png = { 0 };
  g_auto(Run) svg = { 0 };
  g_auto(Run) bare = { 0 };

  /* A file named "-" would land in the working folder: work in ours. */
  g_assert_cmpint (chdir (f->dir), ==, 0);

  run (&csv, "-d", f->db, "--export-csv", "-", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_true (g_str_has_prefix (csv.out, "record,patient_id,"));
  g_assert_nonnull (strstr (csv.out, "Martin Keller"));

  run (&png, "-d", f->db, "-p", id, "--export-chart", "-", "--format", "png", "--size", "320x200", NULL);
  g_assert_cmpint (png.status, ==, 0);
  g_assert_true (memcmp (png.out, "\x89PNG", 4) == 0);

  run (&svg, "-d", f->db, "-p", id, "--export-chart", "-", "--format", "svg", NULL);
  g_assert_cmpint (svg.status, ==, 0);
  g_assert_nonnull (strstr (svg.out, "<svg"));

  run (&bare, "-d", f->db, "-p", id, "--export-chart", "-", NULL);
  g_assert_cmpint (bare.status, ==, 2);
  g_assert_nonnull (strstr (bare.err, "--format"));

  g_assert_false (g_file_test ("-", G_FILE_TEST_EXISTS));
  g_assert_cmpint (chdir (cwd), ==, 0);
}

/* The patient's photos, by visit id and region: "VISIT/REGION" each. */
static GPtrArray *
stored_photos (Fixture    *f,
               const char *patient_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_READ_ONLY,
                                                           &error);
  g_autoptr(GPtrArray) photos = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  photos = fol_store_list_photos (FOL_STORE (store), patient_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < photos->len; i++)
    {
      FolPhoto *photo = g_ptr_array_index (photos, i);

      g_ptr_array_add (out, g_strdup_printf ("%s/%s", fol_photo_get_visit_id (photo),
                                             fol_region_code (fol_photo_get_region (photo))));
    }
  return out;
}

static char *
write_png (Fixture    *f,
           const char *name,
           guint32     colour)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 48);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  gdk_pixbuf_fill (pixbuf, colour);
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
  return path;
}

static void
put16 (guint8 *p, guint v) { p[0] = v & 0xff; p[1] = v >> 8; }
static void
put32 (guint8 *p, guint32 v) { for (int i = 0; i < 4; i++) p[i] = (v >> (8 * i)) & 0xff; }

/* A JPEG whose EXIF says the camera took it on @date ("YYYY:MM:DD HH:MM:SS"). */
static char *
write_camera_jpeg (Fixture    *f,
                   const char *name,
                   const char *date)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 48);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *jpeg = NULL;
  char *path = g_build_filename (f->dir, name, NULL);
  guint8 tiff[64] = { 0 };
  guint8 segment[10] = { 0xff, 0xe1, 0, 2 + 6 + 64, 'E', 'x', 'i', 'f', 0, 0 };
  gsize length;

  gdk_pixbuf_fill (pixbuf, 0x7080a0ff);
  gdk_pixbuf_save_to_buffer (pixbuf, &jpeg, &length, "jpeg", &error, NULL);
  g_assert_no_error (error);

  /* IFD0 with a pointer to the Exif IFD, which holds DateTimeOriginal. */
  memcpy (tiff, "II*\0", 4);
  put32 (tiff + 4, 8);
  put16 (tiff + 8, 1);
  put16 (tiff + 10, 0x8769); put16 (tiff + 12, 4); put32 (tiff + 14, 1); put32 (tiff + 18, 26);
  put32 (tiff + 22, 0);
  put16 (tiff + 26, 1);
  put16 (tiff + 28, 0x9003); put16 (tiff + 30, 2); put32 (tiff + 32, 20); put32 (tiff + 36, 44);
  put32 (tiff + 40, 0);
  memcpy (tiff + 44, date, 20);

  g_byte_array_append (out, (guint8 *) jpeg, 2);
  g_byte_array_append (out, segment, sizeof segment);
  g_byte_array_append (out, tiff, sizeof tiff);
  g_byte_array_append (out, (guint8 *) jpeg + 2, length - 2);
  g_file_set_contents (path, (char *) out->data, out->len, &error);
  g_assert_no_error (error);
  return path;
}

/* follicle --patient ID --add-photos --visit DATE --region CODE FILE…:
 * each file is added or refused on its own, with the window's messages,
 * and the exit status says whether any was refused.
 */
static void
test_add_photos (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = first_patient_id (f, "Martin Keller");
  g_autofree char *good = write_png (f, "crown-1.png", 0x806040ff);
  g_autofree char *good2 = write_png (f, "crown-2.png", 0x408060ff);
  g_autofree char *text = g_build_filename (f->dir, "notes.png", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.jpg", NULL);
  g_autofree char *visit_date = NULL;
  g_autofree char *visit_id = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (text, "not a photo", -1, &error);
  g_assert_no_error (error);

  /* The patient's first visit. */
  {
    g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_READ_ONLY,
                                                             &error);
    g_autoptr(FolHistory) history = NULL;
    FolVisit *visit;

    g_assert_no_error (error);
    history = fol_store_load_history (FOL_STORE (store), id, &error);
    g_assert_no_error (error);
    visit = fol_history_get_visit (history, 0);
    visit_date = fol_date_to_iso (fol_visit_get_date (visit));
    visit_id = g_strdup (fol_visit_get_id (visit));
  }
  before = stored_photos (f, id);

  /* Wrong arguments: nothing is written. */
  {
    g_auto(Run) r = { 0 };

    run (&r, "--database", f->db, "--patient", id, "--add-photos", "--visit", visit_date,
         "--region", "crown-ish", good, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "Unknown region “crown-ish”; the regions are"));
    g_assert_nonnull (strstr (r.err, "vertex"));
  }
  {
    g_auto(Run) r = { 0 };

    run (&r, "--database", f->db, "--patient", id, "--add-photos", "--visit", "1999-01-01",
         "--region", "vertex", good, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "--visit “1999-01-01”: the patient has no visit on that day; "
                                     "their visits are on"));
    g_assert_nonnull (strstr (r.err, visit_date));
  }
  {
    g_auto(Run) r = { 0 };

    run (&r, "--database", f->db, "--patient", id, "--add-photos", "--visit", "31.02.2026",
         "--region", "vertex", good, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--visit “31.02.2026”"));
  }
  {
    g_auto(Run) r = { 0 };

    run (&r, "--database", f->db, "--patient", id, "--add-photos", "--visit", visit_date,
         "--region", "vertex", NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--add-photos needs the photo files"));
  }
  {
    g_auto(Run) r = { 0 };

    run (&r, "--database", f->db, "--patient", id, "--visit", visit_date, "--summary", NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--visit and --region go with --add-photos"));
  }
  after = stored_photos (f, id);
  g_assert_cmpuint (after->len, ==, before->len);
  g_clear_pointer (&after, g_ptr_array_unref);

  /* Two photos, a file that is not one and a file that is not there: the
   * photos are added, the others refused, each named with why.
   */
  {
    g_auto(Run) r = { 0 };

    run (&r, "--database", f->db, "--patient", id, "--add-photos", "--visit", visit_date,
         "--region", "vertex", good, text, good2, missing, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.out, "Added “"));
    g_assert_nonnull (strstr (r.out, "crown-1.png” to the visit of"));
    g_assert_nonnull (strstr (r.out, "crown-2.png” to the visit of"));
    g_assert_null (strstr (r.out, "notes.png"));
    g_assert_nonnull (strstr (r.err, "notes.png” is not a photo in a format Follicle reads"));
    g_assert_nonnull (strstr (r.err, "Cannot read “"));
    g_assert_nonnull (strstr (r.err, "missing.jpg”"));
    g_assert_nonnull (strstr (r.err, "2 of 4 photos were not added"));
  }
  after = stored_photos (f, id);
  g_assert_cmpuint (after->len, ==, before->len + 2);
  expected = g_strdup_printf ("%s/vertex", visit_id);
  {
    guint n = 0;

    for (guint i = 0; i < after->len; i++)
      n += g_str_equal (g_ptr_array_index (after, i), expected);
    for (guint i = 0; i < before->len; i++)
      n -= g_str_equal (g_ptr_array_index (before, i), expected);
    g_assert_cmpuint (n, ==, 2);
  }
  g_clear_pointer (&after, g_ptr_array_unref);

  /* The same photo again is refused, not added twice. */
  {
    g_auto(Run) r = { 0 };

    run (&r, "--database", f->db, "--patient", id, "--add-photos", "--visit", visit_date,
         "--region", "frontal", good, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "crown-1.png” is already in the clinic"));
    g_assert_cmpstr (r.out, ==, "");
  }
  after = stored_photos (f, id);
  g_assert_cmpuint (after->len, ==, before->len + 2);
  g_clear_pointer (&after, g_ptr_array_unref);

  /* All good: status 0. */
  {
    g_autofree char *third = write_png (f, "frontal.png", 0x204060ff);
    g_auto(Run) r = { 0 };

    run (&r, "--database", f->db, "--patient", id, "--add-photos", "--visit", visit_date,
         "--region", "frontal", third, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.err, ==, "");
    g_assert_nonnull (strstr (r.out, "frontal.png” to the visit of"));
  }
  g_clear_pointer (&after, g_ptr_array_unref);

  /* A photo the camera took on another day is added, with a note. */
  {
    g_autofree char *camera = write_camera_jpeg (f, "camera.jpg", "2001:02:03 04:05:06");
    g_auto(Run) r = { 0 };

    run (&r, "--database", f->db, "--patient", id, "--add-photos", "--visit", visit_date,
         "--region", "occipital", camera, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "camera.jpg” to the visit of"));
    g_assert_nonnull (strstr (r.err, "“camera.jpg” was taken on 3 February 2001, not on the day of "
                                     "its visit"));
  }
  after = stored_photos (f, id);
  g_assert_cmpuint (after->len, ==, before->len + 4);
}

/* A clinic server's address is not a file name: every command opens it as
 * a server (here one that cannot be reached, which says so), and nothing
 * is made where a file of that name would go.
 */
static void
test_server_location (Fixture       *f,
                      gconstpointer  data)
{
  static const char *const locations[] = {
    "postgresql://clinic.example/follicle",
    "postgres://reception@clinic.example:5432/follicle",
  };
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *work = g_build_filename (f->dir, "work", NULL);
  g_autofree char *archive = g_build_filename (f->dir, "clinic.tar", NULL);
  g_autofree char *charts = g_build_filename (work, "charts", NULL);

  {
    g_auto(Run) backup = { 0 };

    run (&backup, "--database", f->db, "--backup", archive, NULL);
    g_assert_cmpint (backup.status, ==, 0);
  }
  g_assert_cmpint (g_mkdir (work, 0700), ==, 0);
  g_assert_cmpint (chdir (work), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (locations); i++)
    {
      const char *commands[][4] = {
        { "--demo", NULL },
        { "--list-patients", NULL },
        { "--backup", "out.tar", NULL },
        { "--restore", archive, NULL },
        { "--export-charts", charts, NULL },
        { "--export-csv", "out.csv", NULL },
      };

      for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
        {
          g_auto(Run) r = { 0 };
          g_autoptr(GDir) d = NULL;

          run (&r, "--database", locations[i], commands[c][0], commands[c][1], NULL);
          g_test_message ("%s %s: %s", locations[i], commands[c][0], r.err);
          g_assert_cmpint (r.status, ==, 1);
          g_assert_nonnull (strstr (r.err, "Cannot reach the clinic server"));
          g_assert_nonnull (strstr (r.err, "clinic.example"));

          /* Nothing was made in the working folder. */
          d = g_dir_open (work, 0, NULL);
          g_assert_nonnull (d);
          g_assert_null (g_dir_read_name (d));
        }
    }

  g_assert_cmpint (chdir (cwd), ==, 0);
}

/* The demo clinic ships example protocols; --plan shows a patient's plan
 * against what was done, --due what is due or overdue across the clinic. */
static void
test_due_and_plan (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *id = first_patient_id (f, "Martin Keller");
  g_autoptr(GError) error = NULL;
  g_autoptr(FolProtocol) protocol = fol_protocol_new ();
  g_autoptr(FolProtocolAssignment) a = fol_protocol_assignment_new ();
  g_autoptr(FolTreatmentSession) session = fol_treatment_session_new ();
  g_autoptr(GPtrArray) examples = NULL;
  FolDate today = fol_date_today ();
  FolDate start = fol_date_add_days (today, -28);
  g_autofree char *start_iso = fol_date_to_iso (start);
  g_autofree char *today_iso = fol_date_to_iso (today);
  g_autofree char *done_line = NULL;
  g_autofree char *due_line = NULL;
  g_autofree char *json_due = NULL;

  {
    g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (f->db, FOL_SQLITE_STORE_FLAGS_NONE,
                                                             &error);

    g_assert_no_error (error);
    examples = fol_store_list_protocols (FOL_STORE (store), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (examples->len, ==, 3);
    for (guint i = 0; i < examples->len; i++)
      {
        g_assert_true (fol_protocol_get_example (examples->pdata[i]));
        g_assert_true (g_str_has_prefix (fol_protocol_get_name (examples->pdata[i]), "Example:"));
      }

    fol_protocol_set_name (protocol, "PRP ×2");
    fol_protocol_add_session (protocol, 0, 0, "prp", NULL, NULL, 4, 0);
    fol_protocol_add_session (protocol, 0, 28, "prp", NULL, NULL, 4, 0);
    fol_protocol_add_visit (protocol, 3, 0);
    g_assert_true (fol_store_save_protocol (FOL_STORE (store), protocol, &error));
    g_assert_no_error (error);
    fol_protocol_assignment_set_patient_id (a, id);
    fol_protocol_assignment_set_protocol_id (a, fol_protocol_get_id (protocol));
    fol_protocol_assignment_set_start_date (a, start);
    g_assert_true (fol_store_save_assignment (FOL_STORE (store), a, &error));
    g_assert_no_error (error);
    fol_treatment_session_set_patient_id (session, id);
    fol_treatment_session_set_date (session, start);
    fol_treatment_session_set_treatment_type (session, "prp");
    g_assert_true (fol_store_save_session (FOL_STORE (store), session, &error));
    g_assert_no_error (error);
  }

  done_line = g_strdup_printf ("%s\tDone\tPlatelet-rich plasma, 4 mL\tdone %s\n", start_iso,
                               start_iso);
  due_line = g_strdup_printf ("%s\tDue\tPlatelet-rich plasma, 4 mL\n", today_iso);
  {
    g_auto(Run) r = { 0 };

    run (&r, "--database", f->db, "--plan", id, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "PRP ×2 (adherence: 1 of 1 sessions within ± 7 days, "
                                     "100.0 %)\n"));
    g_assert_nonnull (strstr (r.out, done_line));
    g_assert_nonnull (strstr (r.out, due_line));
    g_assert_nonnull (strstr (r.out, "\tUpcoming\tFollow-up visit\n"));
  }
  {
    g_auto(Run) r = { 0 };
    g_autofree char *line = g_strdup_printf ("%s\tDue\t%s\tMartin Keller (demo)\t"
                                             "Platelet-rich plasma, 4 mL\tPRP ×2\n",
                                             today_iso, id);

    run (&r, "--database", f->db, "--due", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, line);
  }
  {
    g_auto(Run) r = { 0 };

    json_due = g_strdup_printf ("\"planned\": \"%s\", \"done\": null, \"state\": \"due\"",
                                today_iso);
    run (&r, "--database", f->db, "--due", "--json", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, json_due));
    g_assert_nonnull (strstr (r.out, "\"adherence_percent\": 100.0"));
  }
  {
    g_auto(Run) r = { 0 };
    g_autofree char *other = first_patient_id (f, "Sofia Lindqvist");

    run (&r, "--database", f->db, "--plan", other, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "No protocol is assigned to the patient.\n");
  }
  {
    g_auto(Run) r = { 0 };

    run (&r, "--database", f->db, "--plan", "no-such-patient", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "no-such-patient"));
  }
  {
    g_auto(Run) r = { 0 };

    run (&r, "--database", f->db, "--due", "--plan", id, NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/version", test_version);
  g_test_add_func ("/cli/help", test_help);
  g_test_add ("/cli/list", Fixture, NULL, setup, test_list, teardown);
  g_test_add ("/cli/summary", Fixture, NULL, setup, test_summary, teardown);
  g_test_add ("/cli/errors", Fixture, NULL, setup, test_errors, teardown);
  g_test_add ("/cli/export-chart", Fixture, NULL, setup, test_export_chart, teardown);
  g_test_add ("/cli/export-chart-errors", Fixture, NULL, setup, test_export_chart_errors, teardown);
  g_test_add ("/cli/non-regular-output", Fixture, NULL, setup, test_non_regular_output, teardown);
  g_test_add ("/cli/non-regular-input", Fixture, NULL, setup, test_non_regular_input, teardown);
  g_test_add ("/cli/stdout", Fixture, NULL, setup, test_stdout, teardown);
  g_test_add ("/cli/add-photos", Fixture, NULL, setup, test_add_photos, teardown);
  g_test_add ("/cli/server-location", Fixture, NULL, setup, test_server_location, teardown);
  g_test_add ("/cli/due-and-plan", Fixture, NULL, setup, test_due_and_plan, teardown);

  return g_test_run ();
}
