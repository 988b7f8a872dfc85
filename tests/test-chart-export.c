/* test-chart-export.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <fontconfig/fontconfig.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "fol-chart-export.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("follicle-chart-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static FolChartData *
make_data (void)
{
  static const double values[] = { 150.0, NAN, 171.0, 184.0 };
  static const char *ids[] = { "a", "b", "c", "d" };
  FolDate dates[4] = {
    fol_date_new (2025, 1, 10), fol_date_new (2025, 2, 10),
    fol_date_new (2025, 4, 10), fol_date_new (2025, 7, 10),
  };
  FolChartData *data = fol_chart_data_new (FOL_MEASURE_TOTAL_DENSITY, FALSE);

  fol_chart_data_set_title (data, "Progress of Jane Example");
  fol_chart_data_set_subtitle (data, "January to July 2025");
  fol_chart_data_add_series (data, FOL_REGION_VERTEX, dates, values, ids, 4, 150.0);
  fol_chart_data_set_series_trend (data, 0, dates[0], 150.5, 5.6);
  fol_chart_data_add_treatment (data, fol_date_new (2025, 1, 11), "Platelet-rich plasma");
  return data;
}

static gboolean
run_tool (const char * const  *argv,
          char               **out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path (argv[0]);
  int status = -1;

  if (program == NULL)
    return FALSE;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return TRUE;
}

static int
dir_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  int n = 0;

  while (dir && g_dir_read_name (dir))
    n++;
  return n;
}

static void
test_format_from_path (void)
{
  FolChartFormat format = FOL_CHART_FORMAT_AUTO;
  g_autoptr(GError) error = NULL;

  g_assert_true (fol_chart_format_from_path ("/tmp/a.png", &format, NULL));
  g_assert_cmpint (format, ==, FOL_CHART_FORMAT_PNG);
  g_assert_true (fol_chart_format_from_path ("chart.SVG", &format, NULL));
  g_assert_cmpint (format, ==, FOL_CHART_FORMAT_SVG);
  g_assert_true (fol_chart_format_from_path ("x.y/chart.Pdf", &format, NULL));
  g_assert_cmpint (format, ==, FOL_CHART_FORMAT_PDF);

  g_assert_false (fol_chart_format_from_path ("chart.jpeg", &format, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  g_assert_nonnull (strstr (error->message, "chart.jpeg"));
  g_clear_error (&error);
  g_assert_false (fol_chart_format_from_path ("x.png/chart", &format, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
}

static void
test_png (Fixture       *f,
          gconstpointer  user_data)
{
  g_autoptr(FolChartData) data = make_data ();
  g_autofree char *path = g_build_filename (f->dir, "chart.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GStatBuf st;

  g_assert_true (fol_chart_export (data, path, FOL_CHART_FORMAT_AUTO, 800, 500, 2.0,
                                   FOL_PAPER_A4, &error));
  g_assert_no_error (error);

  /* only the file, no temporary left over, readable by the owner only */
  g_assert_cmpint (dir_entries (f->dir), ==, 1);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  pixbuf = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 1600);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 1000);

  /* the light palette: a white corner */
  {
    const guchar *p = gdk_pixbuf_read_pixels (pixbuf);

    g_assert_cmpuint (p[0], ==, 255);
    g_assert_cmpuint (p[1], ==, 255);
    g_assert_cmpuint (p[2], ==, 255);
  }

  /* overwriting an existing file works, and stays 0600 */
  g_assert_true (fol_chart_export (data, path, FOL_CHART_FORMAT_PNG, 300, 200, 1.0,
                                   FOL_PAPER_A4, &error));
  g_assert_no_error (error);
  g_clear_object (&pixbuf);
  pixbuf = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 300);
  g_assert_cmpint (dir_entries (f->dir), ==, 1);
}

static void
test_svg (Fixture       *f,
          gconstpointer  user_data)
{
  g_autoptr(FolChartData) data = make_data ();
  g_autofree char *path = g_build_filename (f->dir, "chart.svg", NULL);
  g_autofree char *png = g_build_filename (f->dir, "check.png", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "rsvg-convert", "-o", png, path, NULL };

  g_assert_true (fol_chart_export (data, path, FOL_CHART_FORMAT_AUTO, 640, 400, 1.0,
                                   FOL_PAPER_A4, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "width=\"640px\""));

  if (run_tool (argv, NULL))
    {
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (png, &error);

      g_assert_no_error (error);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 640);
      g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 400);
    }
  else
    g_test_message ("rsvg-convert not installed: the SVG was only checked as text");
}

/* An SVG's series lines and markers are written in units of 256 pixels,
 * their numbers all below 8 (FOL_CHART_VECTOR_UNIT), scaled back by their
 * transform.
 */
static void
test_svg_small_units (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autoptr(FolChartData) data = make_data ();
  g_autofree char *path = g_build_filename (f->dir, "chart.svg", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) element = g_regex_new ("<path [^>]*transform=\"matrix\\(256,0,0,256,0,0\\)\"",
                                           0, 0, NULL);
  g_autoptr(GRegex) numbers = g_regex_new ("-?[0-9]+(\\.[0-9]+)?", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint n_elements = 0, n_numbers = 0;

  g_assert_true (fol_chart_export (data, path, FOL_CHART_FORMAT_SVG, 1600, 1000, 1.0,
                                   FOL_PAPER_A4, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));

  for (g_regex_match (element, contents, 0, &match); g_match_info_matches (match);
       g_match_info_next (match, NULL))
    {
      g_autofree char *tag = g_match_info_fetch (match, 0);
      const char *d = strstr (tag, " d=\"");
      g_autoptr(GMatchInfo) number = NULL;
      g_autofree char *path_data = NULL;

      g_assert_nonnull (d);
      path_data = g_strndup (d + 4, strchr (d + 4, '"') - (d + 4));
      for (g_regex_match (numbers, path_data, 0, &number); g_match_info_matches (number);
           g_match_info_next (number, NULL))
        {
          g_autofree char *text = g_match_info_fetch (number, 0);

          g_assert_cmpfloat (fabs (g_ascii_strtod (text, NULL)), <, 8.0);
          n_numbers++;
        }
      n_elements++;
    }
  /* The line of the one series with three points, and its markers */
  g_assert_cmpuint (n_elements, >=, 2);
  g_assert_cmpuint (n_numbers, >=, 6);
}

static void
test_pdf (Fixture       *f,
          gconstpointer  user_data)
{
  static const struct {
    FolPaperSize paper;
    double       width;
    double       height;
  } papers[] = {
    { FOL_PAPER_A4, 841.89, 595.28 },
    { FOL_PAPER_LETTER, 792, 612 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (papers); i++)
    {
      g_autoptr(FolChartData) data = make_data ();
      g_autofree char *path = g_build_filename (f->dir, "chart.pdf", NULL);
      g_autofree char *info = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      const char *info_argv[] = { "pdfinfo", path, NULL };
      const char *text_argv[] = { "pdftotext", "-layout", path, "-", NULL };

      g_assert_true (fol_chart_export (data, path, FOL_CHART_FORMAT_AUTO, 800, 500, 1.0,
                                       papers[i].paper, &error));
      g_assert_no_error (error);

      if (!run_tool (info_argv, &info))
        {
          g_test_skip ("pdfinfo is not installed");
          return;
        }
      {
        const char *pages = strstr (info, "Pages:");
        const char *size = strstr (info, "Page size:");
        const char *title = strstr (info, "Title:");
        double w = 0, h = 0;

        g_assert_nonnull (pages);
        g_assert_cmpint (atoi (pages + strlen ("Pages:")), ==, 1);
        g_assert_nonnull (size);
        g_assert_cmpint (sscanf (size + strlen ("Page size:"), "%lf x %lf", &w, &h), ==, 2);
        /* landscape */
        g_assert_cmpfloat_with_epsilon (w, papers[i].width, 0.5);
        g_assert_cmpfloat_with_epsilon (h, papers[i].height, 0.5);
        g_assert_nonnull (title);
        title += strlen ("Title:");
        while (*title == ' ')
          title++;
        g_assert_true (g_str_has_prefix (title, "Progress of Jane Example\n"));
        g_assert_null (strstr (info, "Creator:"));
        g_assert_null (strstr (info, "Author:"));
      }

      g_assert_true (run_tool (text_argv, &text));
      g_assert_nonnull (strstr (text, "Progress of Jane Example"));
      g_assert_nonnull (strstr (text, "January to July 2025"));
      g_assert_nonnull (strstr (text, "hairs/cm²"));
    }
}

static void
test_pdf_empty_message (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(FolChartData) data = fol_chart_data_new (FOL_MEASURE_SALT, FALSE);
  g_autofree char *path = g_build_filename (f->dir, "empty.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", path, "-", NULL };

  g_assert_true (fol_chart_export (data, path, FOL_CHART_FORMAT_PDF, 800, 500, 1.0,
                                   FOL_PAPER_A4, &error));
  g_assert_no_error (error);
  if (!run_tool (argv, &text))
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }
  g_assert_nonnull (strstr (text, "No measurements yet"));
}

static void
test_errors (Fixture       *f,
             gconstpointer  user_data)
{
  g_autoptr(FolChartData) data = make_data ();
  g_autofree char *unknown = g_build_filename (f->dir, "chart.bmp", NULL);
  g_autofree char *missing_dir = g_build_filename (f->dir, "no-such-folder", "chart.png", NULL);
  g_autofree char *subdir = g_build_filename (f->dir, "folder.pdf", NULL);
  g_autoptr(GError) error = NULL;

  /* unknown extension */
  g_assert_false (fol_chart_export (data, unknown, FOL_CHART_FORMAT_AUTO, 640, 400, 1.0,
                                    FOL_PAPER_A4, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  g_assert_nonnull (strstr (error->message, "chart.bmp"));
  g_clear_error (&error);
  g_assert_false (g_file_test (unknown, G_FILE_TEST_EXISTS));

  /* a folder that does not exist */
  g_assert_false (fol_chart_export (data, missing_dir, FOL_CHART_FORMAT_AUTO, 640, 400, 1.0,
                                    FOL_PAPER_A4, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-folder/chart.png"));
  g_clear_error (&error);
  g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));

  /* a folder given as the file */
  g_assert_cmpint (g_mkdir (subdir, 0700), ==, 0);
  g_assert_false (fol_chart_export (data, subdir, FOL_CHART_FORMAT_AUTO, 640, 400, 1.0,
                                    FOL_PAPER_A4, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_nonnull (strstr (error->message, "folder.pdf"));
  g_clear_error (&error);
  g_rmdir (subdir);

  g_assert_cmpint (dir_entries (f->dir), ==, 0);
}

static void
test_png_is_fast (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr(FolChartData) data = make_data ();
  g_autofree char *path = g_build_filename (f->dir, "big.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  GStatBuf st;

  /* A 2× export for a slide: 3200 × 2000 pixels */
  g_assert_true (fol_chart_export (data, path, FOL_CHART_FORMAT_PNG, 1600, 1000, 2.0,
                                   FOL_PAPER_A4, &error));
  g_assert_no_error (error);
  g_test_message ("3200x2000 PNG in %.3f s", g_timer_elapsed (timer, NULL));
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 10.0);
  /* flat colours compress well even at a low level */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, <, 3200 * 2000 * 3 / 10);
}

typedef struct
{
  const char *path;
  FolChartFormat format;
  double scale;
  gboolean fonts_ahead;
} ExportJob;

/* Exports on a thread of its own, whose font map starts empty as a
 * command's does.
 */
static gpointer
export_job (gpointer user_data)
{
  const ExportJob *job = user_data;
  g_autoptr(FolChartData) data = make_data ();
  g_autoptr(FolChartFonts) fonts = NULL;
  g_autoptr(GError) error = NULL;

  if (job->fonts_ahead)
    fonts = fol_chart_fonts_load (job->format, job->scale);
  /* What a command does meanwhile: nothing with Pango. */
  g_clear_pointer (&fonts, fol_chart_fonts_wait);
  g_assert_true (fol_chart_export (data, job->path, job->format, 800, 500, job->scale,
                                   FOL_PAPER_A4, &error));
  g_assert_no_error (error);
  return NULL;
}

/* Without what differs from one file to the next of the same chart: a
 * PDF's times, and the number cairo gave the SVG's surface (counting every
 * surface the process made before). Files are bytes (PDF streams hold
 * NULs): each variable part, up to its closing character, is left out.
 */
static GBytes *
normalized (const char *contents,
            gsize       length)
{
  static const struct { const char *start; char end; } variable[] = {
    { "/CreationDate (", ')' },
    { "/ModDate (", ')' },
    { "\"surface", '"' },
  };
  GByteArray *out = g_byte_array_sized_new (length);
  gsize i = 0;

  while (i < length)
    {
      gsize skip = 0;

      for (guint v = 0; v < G_N_ELEMENTS (variable) && skip == 0; v++)
        {
          gsize n = strlen (variable[v].start);

          if (length - i > n && memcmp (contents + i, variable[v].start, n) == 0)
            {
              g_byte_array_append (out, (const guint8 *) variable[v].start, n);
              skip = n;
              while (i + skip < length && contents[i + skip] != variable[v].end)
                skip++;
            }
        }
      if (skip == 0)
        g_byte_array_append (out, (const guint8 *) contents + i++, 1);
      else
        i += skip;
    }
  return g_byte_array_free_to_bytes (out);
}

/* Two exports of the same chart in @format: the same bytes; in an SVG or
 * a PDF, but for what differs from one file to the next (normalized()).
 */
static void
assert_same_export (FolChartFormat  format,
                    const char     *path_a,
                    const char     *path_b)
{
  g_autofree char *a = NULL, *b = NULL;
  g_autoptr(GBytes) a_bytes = NULL, b_bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize a_len, b_len;

  g_assert_true (g_file_get_contents (path_a, &a, &a_len, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path_b, &b, &b_len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (a_len, >, 1000);
  if (format == FOL_CHART_FORMAT_PNG)
    {
      g_assert_cmpmem (a, a_len, b, b_len);
      return;
    }
  a_bytes = normalized (a, a_len);
  b_bytes = normalized (b, b_len);
  g_assert_true (g_bytes_equal (a_bytes, b_bytes));
}

/* Loading a chart's fonts ahead, on another thread, changes nothing in
 * what is exported, in any format.
 */
static void
test_fonts_ahead (Fixture       *f,
                  gconstpointer  user_data)
{
  static const struct {
    FolChartFormat format;
    double scale;
    const char *name;
  } cases[] = {
    { FOL_CHART_FORMAT_PNG, 1.0, "png" },
    { FOL_CHART_FORMAT_PNG, 2.0, "png" },
    { FOL_CHART_FORMAT_SVG, 1.0, "svg" },
    { FOL_CHART_FORMAT_PDF, 1.0, "pdf" },
  };

  /* Nothing to wait for */
  fol_chart_fonts_wait (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name_a = g_strdup_printf ("plain.%s", cases[i].name);
      g_autofree char *name_b = g_strdup_printf ("ahead.%s", cases[i].name);
      g_autofree char *path_a = g_build_filename (f->dir, name_a, NULL);
      g_autofree char *path_b = g_build_filename (f->dir, name_b, NULL);
      ExportJob plain = { path_a, cases[i].format, cases[i].scale, FALSE };
      ExportJob ahead = { path_b, cases[i].format, cases[i].scale, TRUE };

      g_thread_join (g_thread_new ("plain", export_job, &plain));
      g_thread_join (g_thread_new ("ahead", export_job, &ahead));
      assert_same_export (cases[i].format, path_a, path_b);
    }
}

/* Nothing but the files fontconfig enabled: no description of the files it
 * could enable (fc-conflist's), which fontconfig's own start parses.
 */
static guint
count_disabled_configuration_files (void)
{
  FcConfig *config = FcConfigGetCurrent ();
  FcConfigFileInfoIter iter;
  guint disabled = 0;

  FcConfigFileInfoIterInit (config, &iter);
  do
    {
      FcChar8 *name = NULL, *description = NULL;
      FcBool enabled = FcTrue;

      if (FcConfigFileInfoIterGet (config, &iter, &name, &description, &enabled) && !enabled)
        disabled++;
      FcStrFree (name);
      FcStrFree (description);
    }
  while (FcConfigFileInfoIterNext (config, &iter));
  return disabled;
}

/* A command's first use of fonts (fol_chart_fonts_first_use()) reads
 * fontconfig's configuration itself: in a process of its own, the
 * configuration then holds only the files enabled, and each format comes
 * out as from a process where fontconfig started by itself (this one).
 */
static void
test_fonts_first_use (Fixture       *f,
                      gconstpointer  user_data)
{
  static const struct {
    FolChartFormat format;
    const char *name;
  } cases[] = {
    { FOL_CHART_FORMAT_SVG, "svg" },
    { FOL_CHART_FORMAT_PDF, "pdf" },
    { FOL_CHART_FORMAT_PNG, "png" },
  };

  if (g_test_subprocess ())
    {
      const char *dir = g_getenv ("FOLLICLE_TEST_FIRST_USE_DIR");
      g_autoptr(FolChartData) data = make_data ();

      g_assert_nonnull (dir);
      fol_chart_fonts_first_use ();
      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          g_autofree char *name = g_strdup_printf ("first.%s", cases[i].name);
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_autoptr(FolChartFonts) fonts = fol_chart_fonts_load (cases[i].format, 1.0);
          g_autoptr(GError) error = NULL;

          g_clear_pointer (&fonts, fol_chart_fonts_wait);
          g_assert_true (fol_chart_export (data, path, cases[i].format, 800, 500, 1.0,
                                           FOL_PAPER_A4, &error));
          g_assert_no_error (error);
        }
      g_assert_cmpuint (count_disabled_configuration_files (), ==, 0);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("plain.%s", cases[i].name);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      ExportJob plain = { path, cases[i].format, 1.0, FALSE };

      g_thread_join (g_thread_new ("plain", export_job, &plain));
    }

  g_setenv ("FOLLICLE_TEST_FIRST_USE_DIR", f->dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_unsetenv ("FOLLICLE_TEST_FIRST_USE_DIR");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name_a = g_strdup_printf ("plain.%s", cases[i].name);
      g_autofree char *name_b = g_strdup_printf ("first.%s", cases[i].name);
      g_autofree char *path_a = g_build_filename (f->dir, name_a, NULL);
      g_autofree char *path_b = g_build_filename (f->dir, name_b, NULL);

      assert_same_export (cases[i].format, path_a, path_b);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-export/format-from-path", test_format_from_path);
  g_test_add ("/chart-export/png", Fixture, NULL, fixture_setup, test_png, fixture_teardown);
  g_test_add ("/chart-export/svg", Fixture, NULL, fixture_setup, test_svg, fixture_teardown);
  g_test_add ("/chart-export/svg-small-units", Fixture, NULL, fixture_setup, test_svg_small_units,
              fixture_teardown);
  g_test_add ("/chart-export/pdf", Fixture, NULL, fixture_setup, test_pdf, fixture_teardown);
  g_test_add ("/chart-export/pdf-empty", Fixture, NULL, fixture_setup, test_pdf_empty_message,
              fixture_teardown);
  g_test_add ("/chart-export/errors", Fixture, NULL, fixture_setup, test_errors, fixture_teardown);
  g_test_add ("/chart-export/fonts-ahead", Fixture, NULL, fixture_setup, test_fonts_ahead,
              fixture_teardown);
  g_test_add ("/chart-export/fonts-first-use", Fixture, NULL, fixture_setup, test_fonts_first_use,
              fixture_teardown);
  g_test_add ("/chart-export/png-fast", Fixture, NULL, fixture_setup, test_png_is_fast,
              fixture_teardown);

  return g_test_run ();
}
