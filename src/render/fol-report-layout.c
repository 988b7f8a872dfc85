/* fol-report-layout.c
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

#define G_LOG_DOMAIN "fol-report"

#include "config.h"

#include <math.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "fol-i18n.h"
#include "fol-photo-decode.h"
#include "fol-report-private.h"

/* The report's page layout: text through Pango that wraps, pages that
 * break before a block that would not fit, tables whose rows never split
 * and whose header repeats on each page, footers, and photos turned into
 * pixels at print resolution.
 */

double
_fol_report_content_width (Ctx *ctx)
{
  return ctx->page_w - 2 * MARGIN_PT;
}

double
_fol_report_content_bottom (Ctx *ctx)
{
  return ctx->page_h - MARGIN_PT - FOOTER_PT;
}

PangoLayout *
_fol_report_make_layout (Ctx        *ctx,
                         const char *font,
                         const char *text,
                         double      width)
{
  g_autofree char *key = g_strdup_printf ("%s\x1f%d\x1f%s", font, (int) (width * PANGO_SCALE),
                                          text ? text : "");
  PangoLayout *layout = g_hash_table_lookup (ctx->data->layouts, key);
  PangoFontDescription *desc;

  /* A report says the same things twice, once to count its pages and once
   * to write them, and its tables repeat values: each text is shaped once.
   * Both passes lay text out on the same paper, unhinted.
   */
  if (layout != NULL)
    return g_object_ref (layout);

  layout = pango_layout_new (ctx->pango);
  desc = pango_font_description_from_string (font);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text ? text : "", -1);
  g_hash_table_insert (ctx->data->layouts, g_steal_pointer (&key), g_object_ref (layout));
  return layout;
}

double
_fol_report_layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

void
_fol_report_set_color (cairo_t             *cr,
                       const FolChartColor *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

void
_fol_report_draw_footer (Ctx *ctx)
{
  g_autofree char *date = fol_date_format (ctx->data->today);
  g_autofree char *left = NULL;
  g_autofree char *right = NULL;
  FolPatient *patient = fol_history_get_patient (ctx->data->history);
  g_autoptr(PangoLayout) l = NULL;
  g_autoptr(PangoLayout) r = NULL;
  double y = ctx->page_h - MARGIN_PT - FOOTER_PT / 2;

  /* Translators: footer of each page of the report: patient, export date */
  left = g_strdup_printf (_("%s · Exported on %s"), fol_patient_get_name (patient), g_strstrip (date));
  /* Translators: "Page 2 of 5" */
  right = g_strdup_printf (_("Page %u of %u"), ctx->page, ctx->n_pages ? ctx->n_pages : ctx->page);

  cairo_save (ctx->cr);
  _fol_report_set_color (ctx->cr, &ctx->style.grid);
  cairo_set_line_width (ctx->cr, 0.5);
  cairo_move_to (ctx->cr, MARGIN_PT, y - 4);
  cairo_line_to (ctx->cr, ctx->page_w - MARGIN_PT, y - 4);
  cairo_stroke (ctx->cr);

  _fol_report_set_color (ctx->cr, &ctx->style.muted);
  r = _fol_report_make_layout (ctx, SMALL_FONT, right, _fol_report_content_width (ctx));
  pango_layout_set_alignment (r, PANGO_ALIGN_RIGHT);
  cairo_move_to (ctx->cr, MARGIN_PT, y);
  pango_cairo_show_layout (ctx->cr, r);

  l = _fol_report_make_layout (ctx, SMALL_FONT, left, _fol_report_content_width (ctx) * 0.7);
  pango_layout_set_ellipsize (l, PANGO_ELLIPSIZE_END);
  cairo_move_to (ctx->cr, MARGIN_PT, y);
  pango_cairo_show_layout (ctx->cr, l);
  cairo_restore (ctx->cr);
}

void
_fol_report_new_page (Ctx *ctx)
{
  _fol_report_draw_footer (ctx);
  cairo_show_page (ctx->cr);
  ctx->page++;
  ctx->y = MARGIN_PT;
}

/* Starts a new page unless @height fits below the cursor. */
void
_fol_report_ensure_space (Ctx    *ctx,
                          double  height)
{
  if (ctx->y > MARGIN_PT && ctx->y + height > _fol_report_content_bottom (ctx))
    _fol_report_new_page (ctx);
}

double
_fol_report_text_block (Ctx        *ctx,
                        const char *font,
                        const char *text,
                        double      x,
                        double      width,
                        double      y,
                        gboolean    draw)
{
  g_autoptr(PangoLayout) layout = _fol_report_make_layout (ctx, font, text, width);

  if (draw)
    {
      _fol_report_set_color (ctx->cr, &ctx->style.foreground);
      cairo_move_to (ctx->cr, x, y);
      pango_cairo_show_layout (ctx->cr, layout);
    }
  return _fol_report_layout_height (layout);
}

void
_fol_report_paragraph (Ctx        *ctx,
                       const char *font,
                       const char *text)
{
  double h = _fol_report_text_block (ctx, font, text, MARGIN_PT, _fol_report_content_width (ctx), 0, FALSE);

  _fol_report_ensure_space (ctx, h);
  _fol_report_text_block (ctx, font, text, MARGIN_PT, _fol_report_content_width (ctx), ctx->y, TRUE);
  ctx->y += h + GAP_PT / 2;
}

/* A heading stays with what follows it: @keep is the room that needs. */
void
_fol_report_heading (Ctx        *ctx,
                     const char *text,
                     double      keep)
{
  double h = _fol_report_text_block (ctx, HEADING_FONT, text, MARGIN_PT, _fol_report_content_width (ctx), 0, FALSE);

  if (ctx->y > MARGIN_PT)
    ctx->y += GAP_PT;
  _fol_report_ensure_space (ctx, h + keep);
  _fol_report_text_block (ctx, HEADING_FONT, text, MARGIN_PT, _fol_report_content_width (ctx), ctx->y, TRUE);
  ctx->y += h + GAP_PT;
}

gboolean
_fol_report_step (Ctx      *ctx,
                  double    fraction,
                  GError  **error)
{
  if (g_cancellable_set_error_if_cancelled (ctx->cancellable, error))
    return FALSE;
  if (ctx->progress != NULL)
    ctx->progress (ctx->progress_from + (ctx->progress_to - ctx->progress_from) * fraction,
                   ctx->progress_data);
  return TRUE;
}


/* Tables */

double
_fol_report_table_row (Ctx               *ctx,
                       const TableColumn *columns,
                       guint              n,
                       char             **cells,
                       const char        *font,
                       gboolean           draw,
                       gboolean           shaded)
{
  double height = 0, x = MARGIN_PT;
  const double pad = 3;

  for (guint i = 0; i < n; i++)
    height = MAX (height, _fol_report_text_block (ctx, font, cells[i], 0, columns[i].share * _fol_report_content_width (ctx) - 2 * pad,
                                                  0, FALSE));
  height += 2 * pad;

  if (!draw)
    return height;

  if (shaded)
    {
      cairo_save (ctx->cr);
      _fol_report_set_color (ctx->cr, &ctx->style.band);
      cairo_rectangle (ctx->cr, MARGIN_PT, ctx->y, _fol_report_content_width (ctx), height);
      cairo_fill (ctx->cr);
      cairo_restore (ctx->cr);
    }

  for (guint i = 0; i < n; i++)
    {
      double w = columns[i].share * _fol_report_content_width (ctx);

      _fol_report_text_block (ctx, font, cells[i], x + pad, w - 2 * pad, ctx->y + pad, TRUE);
      x += w;
    }

  cairo_save (ctx->cr);
  _fol_report_set_color (ctx->cr, &ctx->style.grid);
  cairo_set_line_width (ctx->cr, 0.5);
  cairo_move_to (ctx->cr, MARGIN_PT, ctx->y + height);
  cairo_line_to (ctx->cr, MARGIN_PT + _fol_report_content_width (ctx), ctx->y + height);
  cairo_stroke (ctx->cr);
  cairo_restore (ctx->cr);

  return height;
}

void
_fol_report_table_header (Ctx               *ctx,
                          const TableColumn *columns,
                          guint              n)
{
  g_autofree char **cells = g_new0 (char *, n);

  for (guint i = 0; i < n; i++)
    cells[i] = (char *) columns[i].title;
  ctx->y += _fol_report_table_row (ctx, columns, n, cells, "Sans Bold 8.5", TRUE, TRUE);
}

/* A row never splits: it moves to the next page, under the header again. */
void
_fol_report_table_add (Ctx               *ctx,
                       const TableColumn *columns,
                       guint              n,
                       char             **cells)
{
  double h = _fol_report_table_row (ctx, columns, n, cells, "Sans 8.5", FALSE, FALSE);

  if (ctx->y + h > _fol_report_content_bottom (ctx))
    {
      _fol_report_new_page (ctx);
      _fol_report_table_header (ctx, columns, n);
    }
  ctx->y += _fol_report_table_row (ctx, columns, n, cells, "Sans 8.5", TRUE, FALSE);
}


/* Photos: decoded, turned upright, scaled to the printed size at
 * FOL_REPORT_PHOTO_DPI and drawn from pixels, so that no byte of the
 * original file (EXIF, GPS position, camera serial) reaches the PDF.
 */
cairo_surface_t *
_fol_report_photo_surface (GBytes      *bytes,
                           const char  *name,
                           double       box_w_pt,
                           double       box_h_pt,
                           double      *out_w_pt,
                           double      *out_h_pt,
                           GError     **error)
{
  g_autoptr(GdkPixbuf) upright = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  cairo_surface_t *surface;
  double scale, w_pt, h_pt;
  int w, h, target_w, target_h, stride, channels, src_stride;
  const guint8 *src;
  guint8 *dst;

  /* Never more pixels than the printed box holds at the report's
   * resolution; a photo claiming more than 100 megapixels is refused from
   * its header.
   */
  upright = fol_photo_decode (bytes, name,
                              (int) ceil (MAX (box_w_pt, box_h_pt) / 72.0 * FOL_REPORT_PHOTO_DPI),
                              error);
  if (upright == NULL)
    return NULL;
  w = gdk_pixbuf_get_width (upright);
  h = gdk_pixbuf_get_height (upright);

  scale = MIN (box_w_pt / w, box_h_pt / h);
  w_pt = w * scale;
  h_pt = h * scale;
  target_w = MAX (1, (int) ceil (w_pt / 72.0 * FOL_REPORT_PHOTO_DPI));
  target_h = MAX (1, (int) ceil (h_pt / 72.0 * FOL_REPORT_PHOTO_DPI));
  if (target_w >= w || target_h >= h)
    scaled = gdk_pixbuf_copy (upright);
  else
    scaled = gdk_pixbuf_scale_simple (upright, target_w, target_h, GDK_INTERP_BILINEAR);
  if (scaled == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The photo could not be read."));
      return NULL;
    }

  w = gdk_pixbuf_get_width (scaled);
  h = gdk_pixbuf_get_height (scaled);
  channels = gdk_pixbuf_get_n_channels (scaled);
  src_stride = gdk_pixbuf_get_rowstride (scaled);
  src = gdk_pixbuf_read_pixels (scaled);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The photo could not be read."));
      return NULL;
    }
  cairo_surface_flush (surface);
  stride = cairo_image_surface_get_stride (surface);
  dst = cairo_image_surface_get_data (surface);

  /* Transparent parts are shown over white, as on paper. */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *p = src + (gsize) y * src_stride + (gsize) x * channels;
        guint32 a = channels == 4 ? p[3] : 255;
        guint32 r = (p[0] * a + 255 * (255 - a)) / 255;
        guint32 g = (p[1] * a + 255 * (255 - a)) / 255;
        guint32 b = (p[2] * a + 255 * (255 - a)) / 255;

        *(guint32 *) (dst + (gsize) y * stride + (gsize) x * 4) = 0xff000000u | (r << 16) | (g << 8) | b;
      }
  cairo_surface_mark_dirty (surface);

  *out_w_pt = w_pt;
  *out_h_pt = h_pt;
  return surface;
}

