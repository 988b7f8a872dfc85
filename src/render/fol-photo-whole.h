/* fol-photo-whole.h
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

/* Where a JPEG's segments are, as its bytes stream by. */
typedef enum
{
  FOL_JPEG_SOI_FF,
  FOL_JPEG_SOI_D8,
  FOL_JPEG_MARKER_FF,
  FOL_JPEG_MARKER_CODE,
  FOL_JPEG_LENGTH_HIGH,
  FOL_JPEG_LENGTH_LOW,
  FOL_JPEG_SKIP,
  FOL_JPEG_ENTROPY,
  FOL_JPEG_ENTROPY_FF,
  FOL_JPEG_DONE,
  FOL_JPEG_INVALID,
} FolJpegState;

typedef struct
{
  FolJpegState state;
  guint8       marker;
  gsize        remaining;
  gboolean     seen_scan;
} FolJpegCheck;

typedef enum
{
  FOL_PHOTO_WHOLE_UNCHECKED,  /* TIFF: a cut file fails to load anyway */
  FOL_PHOTO_WHOLE_JPEG,
  FOL_PHOTO_WHOLE_PNG,
  FOL_PHOTO_WHOLE_WEBP,
} FolPhotoWholeKind;

/* Whether a photo file reached its end, followed as its bytes are read:
 * see fol-photo-whole.c. On the stack; fol_photo_whole_init() first.
 */
typedef struct
{
  FolPhotoWholeKind kind;
  guint64           seen;        /* bytes so far */
  guint64           next;        /* PNG: where the next chunk starts */
  guint64           end;         /* PNG, WebP: where the file ends, once known; 0 before */
  guint8            header[8];   /* PNG: the next chunk's length and type; WebP: the RIFF header */
  guint             header_len;
  FolJpegCheck      jpeg;
} FolPhotoWhole;

void     fol_photo_whole_init     (FolPhotoWhole *whole,
                                   const char    *type);
void     fol_photo_whole_feed     (FolPhotoWhole *whole,
                                   const guint8  *data,
                                   gsize          length);
gboolean fol_photo_whole_complete (const FolPhotoWhole *whole);

G_END_DECLS
