/* fol-photo-whole.c
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

#include "config.h"

#include <string.h>

#include "fol-photo-whole.h"

/* GdkPixbuf's loaders, fed a photo cut short (a copy interrupted), return
 * what it held as a whole image, the rest grey, without an error: the
 * file's own structure is followed here as its bytes stream by instead.
 * A JPEG ends with its end-of-image marker after image data; a PNG with
 * its IEND chunk (anything after it does not matter); a WebP where its
 * RIFF header says. A cut TIFF fails to load by itself.
 */

static void
jpeg_check_marker (FolJpegCheck *check,
                   guint8        marker)
{
  if (marker == 0xd9)
    check->state = check->seen_scan ? FOL_JPEG_DONE : FOL_JPEG_INVALID;
  else if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
    check->state = check->seen_scan ? FOL_JPEG_ENTROPY : FOL_JPEG_MARKER_FF;
  else if (marker == 0xd8 || marker == 0x00)
    check->state = FOL_JPEG_INVALID;
  else
    {
      check->marker = marker;
      check->state = FOL_JPEG_LENGTH_HIGH;
    }
}

static void
jpeg_check_feed (FolJpegCheck *check,
                 const guint8 *data,
                 gsize         length)
{
  gsize i = 0;

  while (i < length && check->state != FOL_JPEG_DONE && check->state != FOL_JPEG_INVALID)
    {
      guint8 b = data[i];

      switch (check->state)
        {
        case FOL_JPEG_SOI_FF:
          check->state = b == 0xff ? FOL_JPEG_SOI_D8 : FOL_JPEG_INVALID;
          i++;
          break;

        case FOL_JPEG_SOI_D8:
          check->state = b == 0xd8 ? FOL_JPEG_MARKER_FF : FOL_JPEG_INVALID;
          i++;
          break;

        case FOL_JPEG_MARKER_FF:
          check->state = b == 0xff ? FOL_JPEG_MARKER_CODE : FOL_JPEG_INVALID;
          i++;
          break;

        case FOL_JPEG_MARKER_CODE:
          if (b != 0xff)  /* 0xff: fill byte */
            jpeg_check_marker (check, b);
          i++;
          break;

        case FOL_JPEG_LENGTH_HIGH:
          check->remaining = (gsize) b << 8;
          check->state = FOL_JPEG_LENGTH_LOW;
          i++;
          break;

        case FOL_JPEG_LENGTH_LOW:
          check->remaining |= b;
          if (check->remaining < 2)
            check->state = FOL_JPEG_INVALID;
          else
            {
              check->remaining -= 2;
              check->state = FOL_JPEG_SKIP;
            }
          i++;
          break;

        case FOL_JPEG_SKIP:
          {
            gsize n = MIN (check->remaining, length - i);

            i += n;
            check->remaining -= n;
            if (check->remaining == 0)
              {
                if (check->marker == 0xda)
                  {
                    check->seen_scan = TRUE;
                    check->state = FOL_JPEG_ENTROPY;
                  }
                else
                  check->state = check->seen_scan ? FOL_JPEG_ENTROPY : FOL_JPEG_MARKER_FF;
              }
          }
          break;

        case FOL_JPEG_ENTROPY:
          {
            const guint8 *ff = memchr (data + i, 0xff, length - i);

            if (ff == NULL)
              i = length;
            else
              {
                i = ff - data + 1;
                check->state = FOL_JPEG_ENTROPY_FF;
              }
          }
          break;

        case FOL_JPEG_ENTROPY_FF:
          if (b == 0x00)
            check->state = FOL_JPEG_ENTROPY;
          else if (b != 0xff)
            jpeg_check_marker (check, b);
          i++;
          break;

        case FOL_JPEG_DONE:
        case FOL_JPEG_INVALID:
        default:
          g_assert_not_reached ();
        }
    }
}

static void
png_feed (FolPhotoWhole *w,
          const guint8  *data,
          gsize          length)
{
  for (gsize i = 0; w->end == 0 && i < length;)
    {
      guint64 at = w->seen + i;

      if (at < w->next)
        {
          i += (gsize) MIN ((guint64) (length - i), w->next - at);
          continue;
        }
      w->header[w->header_len++] = data[i++];
      if (w->header_len == sizeof w->header)
        {
          guint32 size = ((guint32) w->header[0] << 24) | ((guint32) w->header[1] << 16) |
                         ((guint32) w->header[2] << 8) | w->header[3];

          /* length, type, data, CRC */
          w->next += 12 + (guint64) size;
          w->header_len = 0;
          if (memcmp (w->header + 4, "IEND", 4) == 0)
            w->end = w->next;
        }
    }
}

static void
webp_feed (FolPhotoWhole *w,
           const guint8  *data,
           gsize          length)
{
  /* "RIFF", then the size of what follows, little-endian */
  for (gsize i = 0; i < length && w->seen + i < 8; i++)
    w->header[w->seen + i] = data[i];
  if (w->seen < 8 && w->seen + length >= 8)
    w->end = 8 + (((guint64) w->header[4]) | ((guint64) w->header[5] << 8) |
                  ((guint64) w->header[6] << 16) | ((guint64) w->header[7] << 24));
}

/**
 * fol_photo_whole_init:
 * @type: GdkPixbuf's name of the format: "jpeg", "png", "webp", "tiff"
 */
void
fol_photo_whole_init (FolPhotoWhole *whole,
                      const char    *type)
{
  g_return_if_fail (whole != NULL);

  memset (whole, 0, sizeof *whole);
  if (g_strcmp0 (type, "jpeg") == 0)
    {
      whole->kind = FOL_PHOTO_WHOLE_JPEG;
      whole->jpeg.state = FOL_JPEG_SOI_FF;
    }
  else if (g_strcmp0 (type, "png") == 0)
    {
      whole->kind = FOL_PHOTO_WHOLE_PNG;
      whole->next = 8;  /* after the signature */
    }
  else if (g_strcmp0 (type, "webp") == 0)
    whole->kind = FOL_PHOTO_WHOLE_WEBP;
}

/* The next @length bytes of the file. */
void
fol_photo_whole_feed (FolPhotoWhole *whole,
                      const guint8  *data,
                      gsize          length)
{
  g_return_if_fail (whole != NULL);

  switch (whole->kind)
    {
    case FOL_PHOTO_WHOLE_JPEG:
      jpeg_check_feed (&whole->jpeg, data, length);
      break;
    case FOL_PHOTO_WHOLE_PNG:
      png_feed (whole, data, length);
      break;
    case FOL_PHOTO_WHOLE_WEBP:
      webp_feed (whole, data, length);
      break;
    case FOL_PHOTO_WHOLE_UNCHECKED:
    default:
      break;
    }
  whole->seen += length;
}

/* Whether the bytes fed reached the file's end. */
gboolean
fol_photo_whole_complete (const FolPhotoWhole *whole)
{
  g_return_val_if_fail (whole != NULL, FALSE);

  switch (whole->kind)
    {
    case FOL_PHOTO_WHOLE_JPEG:
      return whole->jpeg.state == FOL_JPEG_DONE;
    case FOL_PHOTO_WHOLE_PNG:
    case FOL_PHOTO_WHOLE_WEBP:
      return whole->end > 0 && whole->seen >= whole->end;
    case FOL_PHOTO_WHOLE_UNCHECKED:
    default:
      return TRUE;
    }
}
