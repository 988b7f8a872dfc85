/* fol-hair-detect.h
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

#include <gio/gio.h>

G_BEGIN_DECLS

/* Suggested hair marks: hairs found on a calibrated trichoscopy photo. A
 * suggestion is never a measurement until the clinician confirms it.
 */

typedef struct
{
  double px_per_mm;        /* calibration of the photo; required, > 0 */
  int    field_x;          /* the counted field, photo pixels; */
  int    field_y;          /* field_width 0 means the whole photo */
  int    field_width;
  int    field_height;
  double work_px_per_mm;   /* resolution worked at: larger photos are reduced
                            * to it (default 100: 10 µm a pixel) */
  double min_length_mm;    /* shorter pieces are dropped (default 0.18) */
  double high_snr;         /* hysteresis on ridge strength, in units of its */
  double low_snr;          /* spread from the photo's noise: seeds at
                            * high_snr, grows to low_snr (defaults 8, 3.5) */
  double high;             /* ...never below these, in relative darkness */
  double low;              /* (0–1; defaults 0.045 and 0.02) */
  double join_gap_mm;      /* ends this close may be re-joined (default 0.18) */
  double join_angle_deg;   /* ...when they continue within this angle (35) */
} FolHairDetectParams;

typedef struct
{
  double x;                /* a point on the hair, halfway along it, in */
  double y;                /* photo pixels (pixel centres at +0.5) */
  double diameter_um;      /* estimated shaft diameter */
  double length_mm;        /* length of the visible centreline */
} FolHairSuggestion;

/* Called with 0–1 as the work advances, from the thread that detects. */
typedef void (*FolHairDetectProgress) (double   fraction,
                                       gpointer user_data);

void    fol_hair_detect_params_init (FolHairDetectParams   *params,
                                     double                 px_per_mm);
GArray *fol_hair_detect             (const guint8          *pixels,
                                     int                    width,
                                     int                    height,
                                     int                    rowstride,
                                     int                    n_channels,
                                     const FolHairDetectParams *params,
                                     GCancellable          *cancellable,
                                     FolHairDetectProgress  progress,
                                     gpointer               user_data,
                                     GError               **error);

G_END_DECLS
