/* fol-chart-export.c
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

#define G_LOG_DOMAIN "fol-chart-export"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <fontconfig/fontconfig.h>
#include <gio/gio.h>
#include <png.h>

#include "fol-chart.h"
#include "fol-chart-export.h"
#include "fol-chart-private.h"
#include "fol-file-writer.h"
#include "fol-image.h"
#include "fol-i18n.h"

#define PAGE_MARGIN_PT 36.0  /* half an inch */

static void
set_save_error (GError     **error,
                const char  *path,
                GQuark       domain,
                int          code,
                const char  *reason)
{
  g_autofree char *name = g_filename_display_name (path);

  /* Translators: the file name, then why it failed */
  g_set_error (error, domain, code, _("Could not save the chart to “%s”: %s"), name, reason);
}

static void
set_errno_error (GError     **error,
                 const char  *path,
                 int          saved_errno)
{
  set_save_error (error, path, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                  g_strerror (saved_errno));
}

/**
 * fol_chart_format_from_path:
 * @path: a file name ending in .png, .svg or .pdf (any case)
 * @format: (out):
 */
gboolean
fol_chart_format_from_path (const char      *path,
                            FolChartFormat  *format,
                            GError         **error)
{
  const char *dot;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dot = strrchr (path, '.');
  if (dot != NULL && strchr (dot, G_DIR_SEPARATOR) == NULL)
    {
      if (g_ascii_strcasecmp (dot, ".png") == 0)
        *format = FOL_CHART_FORMAT_PNG;
      else if (g_ascii_strcasecmp (dot, ".svg") == 0)
        *format = FOL_CHART_FORMAT_SVG;
      else if (g_ascii_strcasecmp (dot, ".pdf") == 0)
        *format = FOL_CHART_FORMAT_PDF;
      else
        dot = NULL;
      if (dot != NULL)
        return TRUE;
    }

  name = g_filename_display_name (path);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
               /* Translators: the file name */
               _("Cannot save a chart as “%s”: the name must end in .png, .svg or .pdf"),
               name);
  return FALSE;
}

/* Landscape page size in points. */
void
fol_paper_size_get_landscape (FolPaperSize  paper,
                              double       *width_pt,
                              double       *height_pt)
{
  g_return_if_fail (width_pt != NULL && height_pt != NULL);

  if (paper == FOL_PAPER_LETTER)
    {
      *width_pt = 792.0;
      *height_pt = 612.0;
    }
  else
    {
      *width_pt = 841.89;  /* 297 mm */
      *height_pt = 595.28; /* 210 mm */
    }
}

static void
png_write_cb (png_structp  png,
              png_bytep    bytes,
              png_size_t   length)
{
  if (!fol_file_writer_write (png_get_io_ptr (png), bytes, length, NULL))
    png_error (png, "write error");
}

static void
png_flush_cb (png_structp png)
{
}

/* libpng's own handlers print its English message ("libpng error: write
 * error") before the program says, translated, what failed: it only
 * returns to write_png(), which does.
 */
static void
png_error_cb (png_structp     png,
              png_const_charp message)
{
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp     png,
                png_const_charp message)
{
}

static gboolean
write_png (FolChartData        *data,
           const FolChartStyle *style,
           FolFileWriter       *writer,
           int                  width,
           int                  height,
           double               scale,
           const char          *path,
           GError             **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  png_structp png;
  png_infop info;
  guchar * volatile row = NULL;
  const guchar *pixels;
  int pw, ph, stride;
  png_uint_32 ppm;

  pw = (int) ceil (width * scale);
  ph = (int) ceil (height * scale);
  surface = fol_image_surface_new (CAIRO_FORMAT_RGB24, pw, ph);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      set_save_error (error, path, G_IO_ERROR, G_IO_ERROR_FAILED,
                      _("the image is too large"));
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  fol_chart_render (data, style, cr, width, height);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, png_error_cb, png_warning_cb);
  info = png ? png_create_info_struct (png) : NULL;
  if (info == NULL)
    {
      png_destroy_write_struct (&png, NULL);
      cairo_surface_destroy (surface);
      set_save_error (error, path, G_IO_ERROR, G_IO_ERROR_FAILED, _("out of memory"));
      return FALSE;
    }

  if (setjmp (png_jmpbuf (png)))
    {
      int saved_errno = errno;

      png_destroy_write_struct (&png, &info);
      g_free (row);
      cairo_surface_destroy (surface);
      /* A write error is the writer's to report, at commit. */
      if (fol_file_writer_get_failed (writer))
        return TRUE;
      if (saved_errno != 0)
        set_errno_error (error, path, saved_errno);
      else
        set_save_error (error, path, G_IO_ERROR, G_IO_ERROR_FAILED, _("the image could not be written"));
      return FALSE;
    }

  png_set_write_fn (png, writer, png_write_cb, png_flush_cb);
  /* Charts are flat colour with long runs: the fastest compression level
   * and no row filter make a file 4 × faster than libpng's defaults (level
   * 6, adaptive filters), and a little smaller on charts.
   */
  png_set_compression_level (png, 1);
  png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_set_IHDR (png, info, pw, ph, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
  ppm = (png_uint_32) round (96.0 * scale / 0.0254);
  png_set_pHYs (png, info, ppm, ppm, PNG_RESOLUTION_METER);
  png_write_info (png, info);

  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  row = g_malloc ((gsize) pw * 3);
  errno = 0;
  for (int y = 0; y < ph; y++)
    {
      const guint32 *src = (const guint32 *) (gconstpointer) (pixels + (gsize) y * stride);

      for (int x = 0; x < pw; x++)
        {
          row[x * 3 + 0] = (src[x] >> 16) & 0xff;
          row[x * 3 + 1] = (src[x] >> 8) & 0xff;
          row[x * 3 + 2] = src[x] & 0xff;
        }
      png_write_row (png, row);
    }
  png_write_end (png, info);

  png_destroy_write_struct (&png, &info);
  g_free (row);
  cairo_surface_destroy (surface);
  return TRUE;
}

/* A write error shows in the writer (cairo's PDF surface does not always
 * pass it on), and is reported at commit; any other error of cairo's here.
 */
static gboolean
finish_surface (cairo_surface_t  *surface,
                FolFileWriter    *writer,
                const char       *path,
                GError          **error)
{
  cairo_status_t status;

  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status == CAIRO_STATUS_SUCCESS || fol_file_writer_get_failed (writer))
    return TRUE;
  set_save_error (error, path, G_IO_ERROR, G_IO_ERROR_FAILED, cairo_status_to_string (status));
  return FALSE;
}

static gboolean
write_svg (FolChartData        *data,
           const FolChartStyle *style,
           FolFileWriter       *writer,
           int                  width,
           int                  height,
           const char          *path,
           GError             **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_svg_surface_create_for_stream (fol_file_writer_cairo_write, writer,
                                                 width, height);
  cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
  cr = cairo_create (surface);
  fol_chart_render (data, style, cr, width, height);
  cairo_destroy (cr);
  return finish_surface (surface, writer, path, error);
}

static gboolean
write_pdf (FolChartData        *data,
           const FolChartStyle *style,
           FolFileWriter       *writer,
           FolPaperSize         paper,
           const char          *path,
           GError             **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  const char *title;
  double w, h;

  fol_paper_size_get_landscape (paper, &w, &h);
  surface = cairo_pdf_surface_create_for_stream (fol_file_writer_cairo_write, writer, w, h);
  /* A plain title, and no creator: the file is about a patient, not us. */
  title = fol_chart_data_get_title (data);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  title ? title : _("Progress chart"));
  cr = cairo_create (surface);
  cairo_translate (cr, PAGE_MARGIN_PT, PAGE_MARGIN_PT);
  fol_chart_render_page (data, style, cr, w - 2 * PAGE_MARGIN_PT, h - 2 * PAGE_MARGIN_PT);
  cairo_show_page (cr);
  cairo_destroy (cr);
  return finish_surface (surface, writer, path, error);
}

struct _FolChartFonts
{
  GThread *thread;
  PangoFontMap *font_map;
  FolChartFormat format;
  double scale;
  gboolean read_configuration;
};

static gboolean first_font_user;

/**
 * fol_chart_fonts_first_use:
 *
 * Tells fol_chart_fonts_load() that nothing in this process has used
 * fontconfig yet, and that nothing will before fol_chart_fonts_wait(): a
 * command that exports one chart, from its start.
 */
void
fol_chart_fonts_first_use (void)
{
  first_font_user = TRUE;
}

/* fontconfig's own start (FcInit()) reads its configuration, then parses
 * every file of its folder of configurations available to enable
 * (conf.avail), enabled or not, only to describe them (fc-conflist): 40 %
 * of its instructions. Read here, the configuration is the same, read the
 * same way (FcConfigParseAndLoad() of the default file, with the fonts its
 * caches list), without those descriptions. Anything unusual (a
 * configuration that does not load, or names no cache folder) is left to
 * FcInit(), which knows its fallbacks.
 */
static void
read_font_configuration (void)
{
  FcConfig *config = FcConfigCreate ();
  gboolean usable;

  if (config == NULL)
    return;
  usable = FcConfigParseAndLoad (config, NULL, FcTrue);
  if (usable)
    {
      FcStrList *cache_dirs = FcConfigGetCacheDirs (config);

      usable = cache_dirs != NULL && FcStrListNext (cache_dirs) != NULL;
      if (cache_dirs != NULL)
        FcStrListDone (cache_dirs);
    }
  if (usable && FcConfigBuildFonts (config))
    FcConfigSetCurrent (config);
  FcConfigDestroy (config);
}

static gpointer
load_fonts_thread (gpointer user_data)
{
  FolChartFonts *fonts = user_data;
  cairo_surface_t *surface;
  cairo_t *cr;
  FolChartStyle style;

  /* A font map made after the configuration was read: Pango then finds it
   * read (its own FcInit() returns at once). The caller takes the map over
   * in fol_chart_fonts_wait().
   */
  if (fonts->read_configuration)
    {
      read_font_configuration ();
      fonts->font_map = pango_cairo_font_map_new ();
    }

  /* This thread draws with the caller's font map, so that what it loads
   * is there for the caller's chart.
   */
  pango_cairo_font_map_set_default (PANGO_CAIRO_FONT_MAP (fonts->font_map));

  /* A surface of the export's kind, writing nowhere: its font options
   * are part of what Pango looks fonts up by.
   */
  switch (fonts->format)
    {
    case FOL_CHART_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (NULL, NULL, 1, 1);
      break;
    case FOL_CHART_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (NULL, NULL, 1, 1);
      break;
    case FOL_CHART_FORMAT_PNG:
    case FOL_CHART_FORMAT_AUTO:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1, 1);
      cairo_surface_set_device_scale (surface, fonts->scale, fonts->scale);
      break;
    }
  cr = cairo_create (surface);
  /* As fol_chart_render_page() draws on a page */
  if (fonts->format == FOL_CHART_FORMAT_PDF)
    _fol_chart_scale_to_page (cr);
  fol_chart_style_init_light (&style);
  _fol_chart_load_faces (cr, &style);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  pango_cairo_font_map_set_default (NULL);
  return NULL;
}

/**
 * fol_chart_fonts_load:
 * @format: the format a chart will be exported in (not %FOL_CHART_FORMAT_AUTO)
 * @scale: its device scale, for PNG
 *
 * Starts loading the fonts of a chart to export, on another thread, so that
 * a command exporting one chart does that while it reads the clinic.
 * Nothing on the calling thread may use Pango until fol_chart_fonts_wait().
 *
 * Returns: (transfer full): what fol_chart_fonts_wait() takes
 */
FolChartFonts *
fol_chart_fonts_load (FolChartFormat format,
                      double         scale)
{
  FolChartFonts *fonts = g_new0 (FolChartFonts, 1);

  /* The first use only once: a second chart finds fontconfig started. */
  fonts->read_configuration = first_font_user;
  first_font_user = FALSE;
  if (!fonts->read_configuration)
    fonts->font_map = g_object_ref (pango_cairo_font_map_get_default ());
  fonts->format = format;
  fonts->scale = scale;
  fonts->thread = g_thread_new ("fol-chart-fonts", load_fonts_thread, fonts);
  return fonts;
}

/**
 * fol_chart_fonts_wait:
 *
 * Waits until the fonts fol_chart_fonts_load() started on are loaded, and
 * frees @fonts; the calling thread may use Pango again.
 */
void
fol_chart_fonts_wait (FolChartFonts *fonts)
{
  if (fonts == NULL)
    return;
  g_thread_join (fonts->thread);
  if (fonts->read_configuration)
    pango_cairo_font_map_set_default (PANGO_CAIRO_FONT_MAP (fonts->font_map));
  g_object_unref (fonts->font_map);
  g_free (fonts);
}

/**
 * fol_chart_check_size:
 * @width: chart width in pixels at scale 1
 * @height: chart height in pixels at scale 1
 * @scale: device scale of a PNG
 *
 * A chart's size and scale must be finite, positive and, in pixels, at
 * most %FOL_CHART_MAX_PIXELS (100 megapixels, as for photos).
 */
gboolean
fol_chart_check_size (int      width,
                      int      height,
                      double   scale,
                      GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (width <= 0 || height <= 0 || !isfinite (scale) || scale < FOL_CHART_MIN_SCALE ||
      scale > FOL_CHART_MAX_SCALE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The chart size must be positive and the scale between 0.5 and 4"));
      return FALSE;
    }
  if (ceil (width * scale) * ceil (height * scale) > FOL_CHART_MAX_PIXELS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The chart would be %.0f × %.0f pixels: at most 100 megapixels can be written, "
                     "choose a smaller size or scale"),
                   ceil (width * scale), ceil (height * scale));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_chart (FolChartData    *data,
             FolFileWriter   *writer,
             const char      *path,
             FolChartFormat   format,
             int              width,
             int              height,
             double           scale,
             FolPaperSize     paper,
             GError         **error)
{
  FolChartStyle style;

  fol_chart_style_init_light (&style);

  switch (format)
    {
    case FOL_CHART_FORMAT_PNG:
      if (!write_png (data, &style, writer, width, height, scale, path, error))
        return FALSE;
      break;
    case FOL_CHART_FORMAT_SVG:
      if (!write_svg (data, &style, writer, width, height, path, error))
        return FALSE;
      break;
    case FOL_CHART_FORMAT_PDF:
      if (!write_pdf (data, &style, writer, paper, path, error))
        return FALSE;
      break;
    case FOL_CHART_FORMAT_AUTO:
    default:
      g_assert_not_reached ();
    }

  return fol_file_writer_commit (writer, error);
}

/**
 * fol_chart_export:
 * @path: where to save; the extension chooses the format when @format is
 *   %FOL_CHART_FORMAT_AUTO
 * @width: chart width in pixels at scale 1 (PNG, SVG)
 * @height: chart height in pixels at scale 1 (PNG, SVG)
 * @scale: device scale of a PNG, e.g. 2 for a sharp image on HiDPI
 * @paper: page size of a PDF, which is landscape with the chart in the margins
 *
 * Writes the chart with the light palette. The file appears complete or
 * not at all (see #FolFileWriter), readable by the owner only; a path that
 * exists and is not a regular file is refused.
 */
gboolean
fol_chart_export (FolChartData    *data,
                  const char      *path,
                  FolChartFormat   format,
                  int              width,
                  int              height,
                  double           scale,
                  FolPaperSize     paper,
                  GError         **error)
{
  g_autoptr(FolFileWriter) writer = NULL;

  g_return_val_if_fail (FOL_IS_CHART_DATA (data), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format == FOL_CHART_FORMAT_AUTO &&
      !fol_chart_format_from_path (path, &format, error))
    return FALSE;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      set_save_error (error, path, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                      _("it is a folder"));
      return FALSE;
    }

  if (!fol_chart_check_size (width, height, scale, error))
    return FALSE;

  writer = fol_file_writer_new (path, error);
  if (writer == NULL)
    return FALSE;

  return write_chart (data, writer, path, format, width, height, scale, paper, error);
}

/**
 * fol_chart_export_to_stdout:
 * @format: PNG, SVG or PDF
 *
 * As fol_chart_export(), to standard output.
 */
gboolean
fol_chart_export_to_stdout (FolChartData    *data,
                            FolChartFormat   format,
                            int              width,
                            int              height,
                            double           scale,
                            FolPaperSize     paper,
                            GError         **error)
{
  g_autoptr(FolFileWriter) writer = NULL;

  g_return_val_if_fail (FOL_IS_CHART_DATA (data), FALSE);
  g_return_val_if_fail (format != FOL_CHART_FORMAT_AUTO, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fol_chart_check_size (width, height, scale, error))
    return FALSE;

  writer = fol_file_writer_new_stdout ();
  return write_chart (data, writer, _("standard output"), format, width, height, scale, paper,
                      error);
}
