/* fol-scalp.c
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

#define G_LOG_DOMAIN "fol-scalp"

#include "config.h"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "fol-i18n.h"
#include "fol-scalp.h"
#include "fol-stats.h"

/* Geometry in normalised units: x to the right, y down, the head an
 * ellipse centred on the origin with the nose at y = −1. The regions are
 * the head cut by a few straight lines, so that the drawing and the hit
 * test share one definition:
 *
 *   - a midline column |x| < COLUMN: frontal, mid-scalp, vertex from front
 *     to back;
 *   - on each side: temporal in front of SIDE_Y, parietal behind it;
 *   - occipital: the whole back cap behind BACK_Y.
 */
#define HEAD_RX  0.78
#define HEAD_RY  1.00
#define COLUMN   0.34
#define FRONT_Y  (-0.45)
#define MID_Y    0.10
#define SIDE_Y   (-0.05)
#define BACK_Y   0.60
#define FAR      2.0

/* The box the drawing needs, ears, nose and side labels included. */
#define BOX_X0 (-1.12)
#define BOX_X1 1.12
#define BOX_Y0 (-1.16)
#define BOX_Y1 1.06

typedef struct
{
  double x0, y0, x1, y1;   /* half-open: [x0, x1) × [y0, y1) */
  double cx, cy;           /* where the value is written */
} RegionShape;

static const RegionShape shapes[FOL_N_REGIONS] = {
  [FOL_REGION_FRONTAL]        = { -COLUMN, -FAR, COLUMN, FRONT_Y, 0.0, -0.70 },
  [FOL_REGION_MIDSCALP]       = { -COLUMN, FRONT_Y, COLUMN, MID_Y, 0.0, -0.175 },
  [FOL_REGION_VERTEX]         = { -COLUMN, MID_Y, COLUMN, BACK_Y, 0.0, 0.35 },
  [FOL_REGION_TEMPORAL_LEFT]  = { -FAR, -FAR, -COLUMN, SIDE_Y, -0.55, -0.30 },
  [FOL_REGION_TEMPORAL_RIGHT] = { COLUMN, -FAR, FAR, SIDE_Y, 0.55, -0.30 },
  [FOL_REGION_PARIETAL_LEFT]  = { -FAR, SIDE_Y, -COLUMN, BACK_Y, -0.55, 0.26 },
  [FOL_REGION_PARIETAL_RIGHT] = { COLUMN, SIDE_Y, FAR, BACK_Y, 0.55, 0.26 },
  [FOL_REGION_OCCIPITAL]      = { -FAR, BACK_Y, FAR, FAR, 0.0, 0.80 },
};

typedef struct
{
  double scale;
  double ox;
  double oy;
} Frame;

static void
frame_init (Frame  *frame,
            double  width,
            double  height)
{
  frame->scale = MIN (width / (BOX_X1 - BOX_X0), height / (BOX_Y1 - BOX_Y0));
  frame->scale = MAX (frame->scale, 0.0);
  frame->ox = width / 2.0 - frame->scale * (BOX_X0 + BOX_X1) / 2.0;
  frame->oy = height / 2.0 - frame->scale * (BOX_Y0 + BOX_Y1) / 2.0;
}

static inline double
fx (const Frame *f,
    double       nx)
{
  return f->ox + nx * f->scale;
}

static inline double
fy (const Frame *f,
    double       ny)
{
  return f->oy + ny * f->scale;
}

static FolScalpColor
rgb (guint32 hex)
{
  return (FolScalpColor) {
    ((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0, (hex & 0xff) / 255.0, 1.0
  };
}

static void
set_color (cairo_t             *cr,
           const FolScalpColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

/* ColorBrewer PuOr, five classes: purple for improvement, orange for loss.
 * Both ends stay apart under deuteranopia, protanopia and tritanopia.
 */
static void
style_init_common (FolScalpStyle *style)
{
  memset (style, 0, sizeof *style);
  style->palette[FOL_SCALP_TINT_IMPROVED_STRONG] = rgb (0x5e3c99);
  style->palette[FOL_SCALP_TINT_IMPROVED] = rgb (0xb2abd2);
  style->palette[FOL_SCALP_TINT_WORSE] = rgb (0xfdb863);
  style->palette[FOL_SCALP_TINT_WORSE_STRONG] = rgb (0xe66101);
  style->selection = rgb (0x1c71d8);
  g_strlcpy (style->font_family, "Sans", sizeof style->font_family);
  style->threshold_percent = 10.0;
  style->lower_is_better = FALSE;
  style->show_values = TRUE;
}

void
fol_scalp_style_init_light (FolScalpStyle *style)
{
  g_return_if_fail (style != NULL);

  style_init_common (style);
  style->fg = rgb (0x1e1e1e);
  style->bg = rgb (0xffffff);
  style->head = rgb (0xe8e4df);
  style->outline = rgb (0x3d3846);
  style->hatch = rgb (0x9a9996);
  style->palette[FOL_SCALP_TINT_NONE] = rgb (0xdeddda);
  style->palette[FOL_SCALP_TINT_STABLE] = rgb (0xf7f7f7);
}

void
fol_scalp_style_init_dark (FolScalpStyle *style)
{
  g_return_if_fail (style != NULL);

  style_init_common (style);
  style->fg = rgb (0xffffff);
  style->bg = rgb (0x242424);
  style->head = rgb (0x4a4542);
  style->outline = rgb (0xc0bfbc);
  style->hatch = rgb (0x77767b);
  style->selection = rgb (0x78aeed);
  style->palette[FOL_SCALP_TINT_NONE] = rgb (0x3d3846);
  style->palette[FOL_SCALP_TINT_STABLE] = rgb (0x9a9996);
}

/**
 * fol_scalp_tint_for_change:
 * @change_percent: the relative change from baseline, NaN for no value
 * @threshold_percent: the no-change band T
 * @lower_is_better: %TRUE for measures of loss
 *
 * Stable inside the band, the light end of the scale from T on, the strong
 * end from 2T on.
 */
FolScalpTint
fol_scalp_tint_for_change (double   change_percent,
                           double   threshold_percent,
                           gboolean lower_is_better)
{
  gboolean strong;

  strong = fabs (change_percent) >= 2.0 * fabs (threshold_percent) - FOL_STATS_EPSILON;

  switch (fol_stats_classify (change_percent, threshold_percent, lower_is_better))
    {
    case FOL_CHANGE_STABLE:
      return FOL_SCALP_TINT_STABLE;
    case FOL_CHANGE_IMPROVED:
      return strong ? FOL_SCALP_TINT_IMPROVED_STRONG : FOL_SCALP_TINT_IMPROVED;
    case FOL_CHANGE_WORSE:
      return strong ? FOL_SCALP_TINT_WORSE_STRONG : FOL_SCALP_TINT_WORSE;
    case FOL_CHANGE_UNKNOWN:
    default:
      return FOL_SCALP_TINT_NONE;
    }
}

/* "+12.3 %", or "—" without a value. */
char *
fol_scalp_format_value (double change_percent)
{
  g_autofree char *number = NULL;

  if (isnan (change_percent))
    return g_strdup ("—");

  number = fol_format_signed (change_percent, 1);
  /* Translators: a change in percent, as shown on the scalp map */
  return g_strdup_printf (_("%s %%"), number);
}

/* What a screen reader says for a region: "Crown: +12.3 %". */
char *
fol_scalp_region_label (FolRegion region,
                        double    change_percent)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (region < FOL_N_REGIONS, NULL);

  if (isnan (change_percent))
    /* Translators: a scalp region without a change to show */
    return g_strdup_printf (_("%s: no value"), fol_region_name (region));

  value = fol_scalp_format_value (change_percent);
  /* Translators: a scalp region and its change, e.g. "Vertex (crown): +12.3 %" */
  return g_strdup_printf (_("%s: %s"), fol_region_name (region), value);
}

static void
head_path (cairo_t     *cr,
           const Frame *f)
{
  cairo_save (cr);
  cairo_translate (cr, fx (f, 0), fy (f, 0));
  cairo_scale (cr, HEAD_RX * f->scale, HEAD_RY * f->scale);
  cairo_new_sub_path (cr);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_close_path (cr);
  cairo_restore (cr);
}

static void
rect_path (cairo_t           *cr,
           const Frame       *f,
           const RegionShape *s)
{
  cairo_rectangle (cr, fx (f, s->x0), fy (f, s->y0),
                   (s->x1 - s->x0) * f->scale, (s->y1 - s->y0) * f->scale);
}

/* Clips to one region: the head ellipse cut by the region's rectangle. */
static void
clip_region (cairo_t     *cr,
             const Frame *f,
             FolRegion    region)
{
  cairo_new_path (cr);
  head_path (cr, f);
  cairo_clip (cr);
  rect_path (cr, f, &shapes[region]);
  cairo_clip (cr);
}

/* A band of @width along the inside of a region's border: stroke both
 * boundaries twice as wide, clipped to the region.
 */
static void
stroke_region_band (cairo_t             *cr,
                    const Frame         *f,
                    FolRegion            region,
                    const FolScalpColor *color,
                    double               width,
                    const double        *dashes,
                    int                  n_dashes)
{
  cairo_save (cr);
  clip_region (cr, f, region);
  head_path (cr, f);
  rect_path (cr, f, &shapes[region]);
  set_color (cr, color);
  cairo_set_line_width (cr, 2.0 * width);
  cairo_set_dash (cr, dashes, n_dashes, 0);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_hatch (cairo_t             *cr,
            const Frame         *f,
            FolRegion            region,
            const FolScalpColor *color)
{
  const RegionShape *s = &shapes[region];
  double x0 = fx (f, MAX (s->x0, -HEAD_RX)), x1 = fx (f, MIN (s->x1, HEAD_RX));
  double y0 = fy (f, MAX (s->y0, -HEAD_RY)), y1 = fy (f, MIN (s->y1, HEAD_RY));
  double step = MAX (6.0, f->scale * 0.05);

  cairo_save (cr);
  clip_region (cr, f, region);
  set_color (cr, color);
  cairo_set_line_width (cr, MAX (1.0, f->scale * 0.008));
  for (double d = -(y1 - y0); d < (x1 - x0); d += step)
    {
      cairo_move_to (cr, x0 + d, y1);
      cairo_line_to (cr, x0 + d + (y1 - y0), y0);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static double
luminance (const FolScalpColor *c)
{
  return 0.2126 * c->red + 0.7152 * c->green + 0.0722 * c->blue;
}

static void
draw_text (cairo_t             *cr,
           const Frame         *f,
           const FolScalpStyle *style,
           const char          *text,
           double               cx,
           double               cy,
           double               size,
           gboolean             bold,
           const FolScalpColor *color)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();
  int w, h;

  pango_font_description_set_family (font, style->font_family[0] ? style->font_family : "Sans");
  pango_font_description_set_absolute_size (font, MAX (1.0, size) * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);

  set_color (cr, color);
  cairo_move_to (cr, cx - w / 2.0, cy - h / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_ears_and_nose (cairo_t             *cr,
                    const Frame         *f,
                    const FolScalpStyle *style)
{
  double line = MAX (1.0, f->scale * 0.012);

  cairo_new_path (cr);
  for (int side = -1; side <= 1; side += 2)
    {
      cairo_save (cr);
      cairo_translate (cr, fx (f, side * (HEAD_RX - 0.02)), fy (f, SIDE_Y));
      cairo_scale (cr, 0.14 * f->scale, 0.22 * f->scale);
      cairo_new_sub_path (cr);
      cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
      cairo_restore (cr);
    }
  cairo_move_to (cr, fx (f, -0.14), fy (f, -0.97));
  cairo_curve_to (cr, fx (f, -0.08), fy (f, -1.14), fx (f, 0.08), fy (f, -1.14),
                  fx (f, 0.14), fy (f, -0.97));
  cairo_close_path (cr);

  set_color (cr, &style->head);
  cairo_fill_preserve (cr);
  set_color (cr, &style->outline);
  cairo_set_line_width (cr, line);
  cairo_stroke (cr);
}

static void
draw_borders (cairo_t             *cr,
              const Frame         *f,
              const FolScalpStyle *style)
{
  double line = MAX (1.0, f->scale * 0.008);

  cairo_save (cr);
  head_path (cr, f);
  cairo_clip (cr);

  cairo_move_to (cr, fx (f, -COLUMN), fy (f, -FAR));
  cairo_line_to (cr, fx (f, -COLUMN), fy (f, BACK_Y));
  cairo_move_to (cr, fx (f, COLUMN), fy (f, -FAR));
  cairo_line_to (cr, fx (f, COLUMN), fy (f, BACK_Y));
  cairo_move_to (cr, fx (f, -COLUMN), fy (f, FRONT_Y));
  cairo_line_to (cr, fx (f, COLUMN), fy (f, FRONT_Y));
  cairo_move_to (cr, fx (f, -COLUMN), fy (f, MID_Y));
  cairo_line_to (cr, fx (f, COLUMN), fy (f, MID_Y));
  cairo_move_to (cr, fx (f, -FAR), fy (f, SIDE_Y));
  cairo_line_to (cr, fx (f, -COLUMN), fy (f, SIDE_Y));
  cairo_move_to (cr, fx (f, COLUMN), fy (f, SIDE_Y));
  cairo_line_to (cr, fx (f, FAR), fy (f, SIDE_Y));
  cairo_move_to (cr, fx (f, -FAR), fy (f, BACK_Y));
  cairo_line_to (cr, fx (f, FAR), fy (f, BACK_Y));

  set_color (cr, &style->outline);
  cairo_set_line_width (cr, line);
  cairo_stroke (cr);
  cairo_restore (cr);

  head_path (cr, f);
  cairo_set_line_width (cr, 1.5 * MAX (1.0, f->scale * 0.012));
  cairo_stroke (cr);
}

/**
 * fol_scalp_render:
 * @cr: where to draw
 * @width: the width of the area
 * @height: the height of the area
 * @style: colours, font, threshold
 * @change_percent: (array fixed-size=FOL_N_REGIONS) (nullable): each region's
 *   relative change from baseline, NaN for no value
 * @hovered: the region under the pointer, or %FOL_REGION_NONE
 * @selected_mask: one bit per selected region, `1 << region`
 *
 * Draws the map centred in @width × @height. The background is left to the
 * caller. A selected region gets a thick outline in the selection colour,
 * a hovered one a thin outline in the text colour: never colour alone.
 */
void
fol_scalp_render (cairo_t             *cr,
                  double               width,
                  double               height,
                  const FolScalpStyle *style,
                  const double        *change_percent,
                  FolRegion            hovered,
                  guint                selected_mask)
{
  Frame f;
  double font_size;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  frame_init (&f, width, height);
  if (f.scale <= 0.0)
    return;

  font_size = f.scale * 0.07;

  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  draw_ears_and_nose (cr, &f, style);

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      double change = change_percent ? change_percent[r] : NAN;
      FolScalpTint tint = fol_scalp_tint_for_change (change, style->threshold_percent,
                                                     style->lower_is_better);

      cairo_save (cr);
      clip_region (cr, &f, r);
      set_color (cr, &style->palette[tint]);
      cairo_paint (cr);
      cairo_restore (cr);

      if (tint == FOL_SCALP_TINT_NONE)
        draw_hatch (cr, &f, r, &style->hatch);
    }

  draw_borders (cr, &f, style);

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      if (selected_mask & (1u << r))
        stroke_region_band (cr, &f, r, &style->selection, MAX (3.0, f.scale * 0.035), NULL, 0);
    }

  if (hovered < FOL_N_REGIONS)
    stroke_region_band (cr, &f, hovered, &style->fg, MAX (2.5, f.scale * 0.022), NULL, 0);

  if (style->show_values)
    {
      static const FolScalpColor dark_text = { 0.118, 0.118, 0.118, 1.0 };
      static const FolScalpColor light_text = { 1.0, 1.0, 1.0, 1.0 };

      for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
        {
          double change = change_percent ? change_percent[r] : NAN;
          FolScalpTint tint = fol_scalp_tint_for_change (change, style->threshold_percent,
                                                         style->lower_is_better);
          g_autofree char *text = fol_scalp_format_value (change);
          const FolScalpColor *color;

          color = luminance (&style->palette[tint]) > 0.45 ? &dark_text : &light_text;
          draw_text (cr, &f, style, text, fx (&f, shapes[r].cx), fy (&f, shapes[r].cy),
                     font_size, (selected_mask & (1u << r)) != 0, color);
        }
    }

  /* Which side is which: seen from above, nose up, the patient's left is
   * on the left. */
  draw_text (cr, &f, style, C_("scalp map side, patient's left", "L"),
             fx (&f, -(HEAD_RX + 0.23)), fy (&f, SIDE_Y), font_size, TRUE, &style->fg);
  draw_text (cr, &f, style, C_("scalp map side, patient's right", "R"),
             fx (&f, HEAD_RX + 0.23), fy (&f, SIDE_Y), font_size, TRUE, &style->fg);

  cairo_restore (cr);
}

/* A dashed outline for the region that has the keyboard focus. */
void
fol_scalp_render_focus (cairo_t             *cr,
                        double               width,
                        double               height,
                        const FolScalpStyle *style,
                        FolRegion            region)
{
  Frame f;
  double dashes[2];

  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  if (region >= FOL_N_REGIONS)
    return;

  frame_init (&f, width, height);
  if (f.scale <= 0.0)
    return;

  dashes[0] = dashes[1] = MAX (3.0, f.scale * 0.03);
  cairo_save (cr);
  stroke_region_band (cr, &f, region, &style->fg, MAX (2.0, f.scale * 0.015), dashes, 2);
  cairo_restore (cr);
}

/**
 * fol_scalp_hit_test:
 * @width: the width the map is drawn in
 * @height: the height the map is drawn in
 * @x: a point, in the same units
 * @y: a point, in the same units
 *
 * Returns: the region under (@x, @y), or %FOL_REGION_NONE outside the head
 *   (ears and nose included: they are not regions).
 */
FolRegion
fol_scalp_hit_test (double width,
                    double height,
                    double x,
                    double y)
{
  Frame f;
  double nx, ny;

  frame_init (&f, width, height);
  if (f.scale <= 0.0)
    return FOL_REGION_NONE;

  nx = (x - f.ox) / f.scale;
  ny = (y - f.oy) / f.scale;

  if ((nx * nx) / (HEAD_RX * HEAD_RX) + (ny * ny) / (HEAD_RY * HEAD_RY) > 1.0)
    return FOL_REGION_NONE;

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      const RegionShape *s = &shapes[r];

      if (nx >= s->x0 && nx < s->x1 && ny >= s->y0 && ny < s->y1)
        return r;
    }

  return FOL_REGION_NONE;
}

/* Where a region's value is written: a point well inside the region. */
void
fol_scalp_region_center (FolRegion  region,
                         double     width,
                         double     height,
                         double    *x,
                         double    *y)
{
  Frame f;

  g_return_if_fail (region < FOL_N_REGIONS);

  frame_init (&f, width, height);
  if (x != NULL)
    *x = fx (&f, shapes[region].cx);
  if (y != NULL)
    *y = fy (&f, shapes[region].cy);
}
