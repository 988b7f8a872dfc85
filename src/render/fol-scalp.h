/* fol-scalp.h
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

#pragma once

#include <cairo.h>
#include <glib.h>

#include "fol-region.h"

G_BEGIN_DECLS

/* A stylised top view of the head, nose up, ears at the sides, seen from
 * above: the patient's left is on the left of the drawing. The eight
 * regions of CLINICAL.md are closed areas of it. Everything here works on
 * any cairo_t (widget, PNG, SVG, PDF) scaled to any size, aspect kept.
 */

typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} FolScalpColor;

/* How a region is tinted: a diverging, colour-blind-safe scale (PuOr)
 * around a neutral "no change", and a hatched grey for "no value".
 */
typedef enum
{
  FOL_SCALP_TINT_NONE,
  FOL_SCALP_TINT_STABLE,
  FOL_SCALP_TINT_IMPROVED,
  FOL_SCALP_TINT_IMPROVED_STRONG,
  FOL_SCALP_TINT_WORSE,
  FOL_SCALP_TINT_WORSE_STRONG,
  FOL_SCALP_N_TINTS
} FolScalpTint;

typedef struct
{
  FolScalpColor fg;            /* text and labels */
  FolScalpColor bg;            /* what the map is drawn on */
  FolScalpColor head;          /* ears and nose */
  FolScalpColor outline;       /* head outline and region borders */
  FolScalpColor selection;     /* outline of selected regions */
  FolScalpColor hatch;         /* hatch lines of regions without a value */
  FolScalpColor palette[FOL_SCALP_N_TINTS];
  char          font_family[64];
  double        threshold_percent;   /* the no-change band T */
  gboolean      lower_is_better;     /* for measures of loss */
  gboolean      show_values;         /* draw "+12.3 %" inside each region */
} FolScalpStyle;

void          fol_scalp_style_init_light (FolScalpStyle *style);
void          fol_scalp_style_init_dark  (FolScalpStyle *style);

FolScalpTint  fol_scalp_tint_for_change  (double         change_percent,
                                          double         threshold_percent,
                                          gboolean       lower_is_better);
char         *fol_scalp_format_value     (double         change_percent);
char         *fol_scalp_region_label     (FolRegion      region,
                                          double         change_percent);

void          fol_scalp_render           (cairo_t             *cr,
                                          double               width,
                                          double               height,
                                          const FolScalpStyle *style,
                                          const double        *change_percent,
                                          FolRegion            hovered,
                                          guint                selected_mask);
void          fol_scalp_render_focus     (cairo_t             *cr,
                                          double               width,
                                          double               height,
                                          const FolScalpStyle *style,
                                          FolRegion            region);
FolRegion     fol_scalp_hit_test         (double         width,
                                          double         height,
                                          double         x,
                                          double         y);
void          fol_scalp_region_center    (FolRegion      region,
                                          double         width,
                                          double         height,
                                          double        *x,
                                          double        *y);

G_END_DECLS
