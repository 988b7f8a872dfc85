/* fol-trichogen.h
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

#include <glib.h>

#include "fol-hair-detect.h"

G_BEGIN_DECLS

/* Synthetic trichoscopy fields with an exactly known truth: for the tests,
 * the benchmark and the demo clinic. A field is an RGB picture of clipped
 * scalp hair through a contact dermatoscope at 20× or 50×, with every hair
 * listed. Nothing in here is a measurement of a person.
 */

typedef struct
{
  int      width;           /* pixels */
  int      height;
  int      magnification;   /* 20 or 50: sets px_per_mm when that is 0 */
  double   px_per_mm;       /* 0: 100 at 20×, 250 at 50× */
  double   density;         /* hairs per cm² aimed at; 0: drawn from the seed (70–330) */
  gboolean dyed;            /* hairs dyed dark, TrichoScan-style */
  int      jpeg_quality;    /* 0: no JPEG round trip; else 1–100 */
  /* Variations for robustness checks; 0 means drawn from the seed. */
  double   skin_level;      /* red channel of the skin (200–235 drawn) */
  double   blur_px;         /* σ of the optical blur (0.5–1.3 px drawn) */
  double   noise;           /* sensor noise, grey levels (1.5–4 drawn) */
} FolTrichoParams;

typedef struct
{
  double x, y;              /* the point halfway along the hair, pixels */
  double diameter_um;       /* shaft diameter */
  double length_mm;         /* length of the clipped hair */
  int    follicle;          /* index of the opening it grows from */
  double x0, y0;            /* the quadratic curve: from (x0, y0) through */
  double cx, cy;            /* control point (cx, cy) */
  double x1, y1;            /* to (x1, y1), pixels */
} FolTrichoHair;

typedef struct
{
  int            width;
  int            height;
  double         px_per_mm;
  guint8        *rgb;       /* width × height × 3, rows packed */
  FolTrichoHair *hairs;
  guint          n_hairs;   /* hairs whose midpoint lies in the picture */
  guint          n_follicles;
} FolTrichoField;

void            fol_tricho_params_init     (FolTrichoParams      *params,
                                            int                   magnification);
FolTrichoField *fol_tricho_generate        (const FolTrichoParams *params,
                                            guint32               seed);
void            fol_tricho_field_free      (FolTrichoField       *field);
double          fol_tricho_hair_distance   (const FolTrichoHair  *hair,
                                            double                x,
                                            double                y);
guint           fol_tricho_match           (const FolTrichoField *field,
                                            GArray               *suggestions,
                                            double                tolerance_mm,
                                            int                  *truth_of);
GBytes         *fol_tricho_field_to_jpeg   (const FolTrichoField *field,
                                            int                   quality,
                                            GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolTrichoField, fol_tricho_field_free)

G_END_DECLS
