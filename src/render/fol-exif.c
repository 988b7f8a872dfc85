/* fol-exif.c
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

#define G_LOG_DOMAIN "fol-exif"

#include "config.h"

#include <string.h>

#include "fol-exif.h"

/* A small EXIF reader for untrusted files. Every offset read from the file
 * is checked against the buffer before use, without arithmetic that could
 * overflow; there is no recursion and each IFD is read once, so a crafted
 * file can neither read out of bounds nor loop.
 */

#define TAG_ORIENTATION       0x0112
#define TAG_EXIF_IFD          0x8769
#define TAG_DATE_TIME_ORIGINAL 0x9003

#define TYPE_ASCII 2
#define TYPE_SHORT 3
#define TYPE_LONG  4

/* Entries beyond this are ignored: real IFDs hold a few dozen. */
#define MAX_ENTRIES 512

typedef struct
{
  const guint8 *data;
  gsize         length;
  gboolean      big_endian;
} Tiff;

/* Whether [offset, offset + size) lies inside the buffer. */
static gboolean
in_bounds (const Tiff *tiff,
           guint64     offset,
           guint64     size)
{
  return offset <= tiff->length && size <= tiff->length - offset;
}

static guint16
read_u16 (const Tiff *tiff,
          gsize       offset)
{
  const guint8 *p = tiff->data + offset;

  g_assert (in_bounds (tiff, offset, 2));
  if (tiff->big_endian)
    return (guint16) ((p[0] << 8) | p[1]);
  return (guint16) ((p[1] << 8) | p[0]);
}

static guint32
read_u32 (const Tiff *tiff,
          gsize       offset)
{
  const guint8 *p = tiff->data + offset;

  g_assert (in_bounds (tiff, offset, 4));
  if (tiff->big_endian)
    return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
  return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

/* "YYYY:MM:DD HH:MM:SS" with plausible fields → "YYYY-MM-DDTHH:MM:SS". */
static gboolean
convert_date (const guint8 *text,
              gsize         length,
              char          out[20])
{
  static const char pattern[] = "dddd:dd:dd dd:dd:dd";
  int year, month, day, hour, minute, second;

  if (length < 19)
    return FALSE;

  for (guint i = 0; i < 19; i++)
    {
      if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != (guint8) pattern[i])
        return FALSE;
    }

#define NUM2(i) ((text[i] - '0') * 10 + (text[(i) + 1] - '0'))
  year = NUM2 (0) * 100 + NUM2 (2);
  month = NUM2 (5);
  day = NUM2 (8);
  hour = NUM2 (11);
  minute = NUM2 (14);
  second = NUM2 (17);
#undef NUM2

  /* Cameras write "0000:00:00 00:00:00" when the clock was never set. */
  if (year < 1900 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 ||
      second > 60 || !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_snprintf (out, 20, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute,
              MIN (second, 59));
  return TRUE;
}

/* Reads one IFD; returns the offset of the Exif sub-IFD through
 * @out_exif_ifd (0 when there is none).
 */
static void
read_ifd (const Tiff  *tiff,
          guint32      offset,
          FolExifInfo *info,
          guint32     *out_exif_ifd)
{
  guint n_entries;

  if (!in_bounds (tiff, offset, 2))
    return;

  n_entries = MIN (read_u16 (tiff, offset), MAX_ENTRIES);

  for (guint i = 0; i < n_entries; i++)
    {
      guint64 entry = (guint64) offset + 2 + (guint64) i * 12;
      guint16 tag, type;
      guint32 count;

      if (!in_bounds (tiff, entry, 12))
        return;

      tag = read_u16 (tiff, entry);
      type = read_u16 (tiff, entry + 2);
      count = read_u32 (tiff, entry + 4);

      if (tag == TAG_ORIENTATION && type == TYPE_SHORT && count >= 1)
        {
          guint16 value = read_u16 (tiff, entry + 8);

          if (value >= 1 && value <= 8)
            info->orientation = value;
        }
      else if (tag == TAG_EXIF_IFD && type == TYPE_LONG && count == 1 && out_exif_ifd != NULL)
        {
          *out_exif_ifd = read_u32 (tiff, entry + 8);
        }
      else if (tag == TAG_DATE_TIME_ORIGINAL && type == TYPE_ASCII && count >= 19)
        {
          guint32 value_offset = read_u32 (tiff, entry + 8);

          /* count ≥ 19 > 4: the value is stored at an offset, never inline. */
          if (in_bounds (tiff, value_offset, 19) &&
              !convert_date (tiff->data + value_offset, 19, info->date_time))
            info->date_time[0] = '\0';
        }
    }
}

/**
 * fol_exif_parse_tiff:
 * @data: a TIFF structure, as found after "Exif\0\0" in a JPEG APP1 segment
 *
 * Returns: %TRUE when @data holds a readable TIFF header; @out_info is
 *   filled with what could be read, defaults otherwise
 */
gboolean
fol_exif_parse_tiff (const guint8 *data,
                     gsize         length,
                     FolExifInfo  *out_info)
{
  Tiff tiff = { data, length, FALSE };
  guint32 ifd0, exif_ifd = 0;

  g_return_val_if_fail (out_info != NULL, FALSE);

  out_info->orientation = 1;
  out_info->date_time[0] = '\0';

  if (data == NULL || length < 8)
    return FALSE;

  if (memcmp (data, "II*\0", 4) == 0)
    tiff.big_endian = FALSE;
  else if (memcmp (data, "MM\0*", 4) == 0)
    tiff.big_endian = TRUE;
  else
    return FALSE;

  ifd0 = read_u32 (&tiff, 4);
  read_ifd (&tiff, ifd0, out_info, &exif_ifd);

  /* The sub-IFD is read without looking for further sub-IFDs; pointing it
   * back at IFD0 only reads IFD0 twice.
   */
  if (exif_ifd != 0)
    read_ifd (&tiff, exif_ifd, out_info, NULL);

  return TRUE;
}

/**
 * fol_exif_parse_jpeg:
 * @data: the start of a JPEG file (the EXIF segment comes first, so the
 *   first 64 KiB or so is enough)
 *
 * Returns: %TRUE when an EXIF segment was found and read
 */
gboolean
fol_exif_parse_jpeg (const guint8 *data,
                     gsize         length,
                     FolExifInfo  *out_info)
{
  gsize pos = 2;

  g_return_val_if_fail (out_info != NULL, FALSE);

  out_info->orientation = 1;
  out_info->date_time[0] = '\0';

  if (data == NULL || length < 4 || data[0] != 0xff || data[1] != 0xd8)
    return FALSE;

  while (pos + 4 <= length)
    {
      guint8 marker;
      gsize segment_length;

      if (data[pos] != 0xff)
        return FALSE;

      marker = data[pos + 1];
      if (marker == 0xff)
        {
          /* Fill byte before a marker. */
          pos++;
          continue;
        }
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        {
          pos += 2;
          continue;
        }
      if (marker == 0xda || marker == 0xd9)
        return FALSE;  /* image data: no EXIF before it */

      segment_length = ((gsize) data[pos + 2] << 8) | data[pos + 3];
      if (segment_length < 2 || segment_length > length - pos - 2)
        return FALSE;

      if (marker == 0xe1 && segment_length >= 2 + 6 &&
          memcmp (data + pos + 4, "Exif\0\0", 6) == 0)
        return fol_exif_parse_tiff (data + pos + 4 + 6, segment_length - 2 - 6, out_info);

      pos += 2 + segment_length;
    }

  return FALSE;
}

/* Orientations 5–8 turn the image by a quarter: width and height swap. */
gboolean
fol_exif_orientation_swaps (guint orientation)
{
  return orientation >= 5 && orientation <= 8;
}
