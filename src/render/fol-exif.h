/* fol-exif.h
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

G_BEGIN_DECLS

/* The only two EXIF fields Follicle reads: everything else a camera writes
 * (location, device, owner…) is ignored and never shown or exported.
 */
typedef struct
{
  guint orientation;        /* 1–8 as EXIF defines it; 1 when absent */
  char  date_time[20];      /* DateTimeOriginal as "YYYY-MM-DDTHH:MM:SS", "" when absent */
} FolExifInfo;

gboolean fol_exif_parse_jpeg       (const guint8 *data,
                                    gsize         length,
                                    FolExifInfo  *out_info);
gboolean fol_exif_parse_tiff       (const guint8 *data,
                                    gsize         length,
                                    FolExifInfo  *out_info);
gboolean fol_exif_orientation_swaps (guint        orientation);

G_END_DECLS
