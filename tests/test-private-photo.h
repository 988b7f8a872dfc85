/* test-private-photo.h
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

/* Photos carrying what must never leave the clinic, and checks that it
 * did not: a JPEG whose EXIF holds a GPS position, a camera serial number,
 * an artist and a user comment, with XMP and a comment segment beside it,
 * and a tiny PNG claiming 30000 × 30000 pixels.
 */

#define PLANTED_ARTIST  "Planted Artist Zoe Quillfeather"
#define PLANTED_SERIAL  "SN-PLANTED-90817"
#define PLANTED_COMMENT "Planted comment 12 Rue Secrete"
#define PLANTED_XMP     "PLANTED-XMP-CREATOR-TOOL"
#define PLANTED_COM     "PLANTED-JPEG-COMMENT"

/* GPSLatitude 48° 51' 24.05", as EXIF writes it: three big-endian rationals. */
static const guint8 planted_gps[24] = {
  0, 0, 0, 48, 0, 0, 0, 1,
  0, 0, 0, 51, 0, 0, 0, 1,
  0, 0, 0x09, 0x65, 0, 0, 0, 100,
};

static inline void
put16 (GByteArray *a,
       guint       v)
{
  guint8 b[2] = { v >> 8, v & 0xff };

  g_byte_array_append (a, b, 2);
}

static inline void
put32 (GByteArray *a,
       guint32     v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };

  g_byte_array_append (a, b, 4);
}

static inline void
put_entry (GByteArray *a,
           guint       tag,
           guint       type,
           guint32     count,
           guint32     value)
{
  put16 (a, tag);
  put16 (a, type);
  put32 (a, count);
  put32 (a, value);
}

static inline void
put_segment (GByteArray   *out,
             guint         marker,
             const guint8 *data,
             gsize         len)
{
  put16 (out, marker);
  put16 (out, len + 2);
  g_byte_array_append (out, data, len);
}

/* EXIF (big-endian TIFF): IFD0 with Orientation and Artist, an Exif IFD
 * with UserComment and BodySerialNumber, a GPS IFD with the latitude.
 */
static inline GByteArray *
planted_exif (guint orientation)
{
  static const char comment[] = "ASCII\0\0\0" PLANTED_COMMENT;
  GByteArray *t = g_byte_array_new ();
  guint32 ifd0 = 8, exif_ifd = ifd0 + 2 + 4 * 12 + 4, gps_ifd = exif_ifd + 2 + 2 * 12 + 4;
  guint32 artist = gps_ifd + 2 + 2 * 12 + 4;
  guint32 user_comment = artist + sizeof PLANTED_ARTIST;
  guint32 serial = user_comment + sizeof comment - 1;
  guint32 latitude = serial + sizeof PLANTED_SERIAL;

  latitude += latitude & 1;
  g_byte_array_append (t, (const guint8 *) "MM\0\x2a", 4);
  put32 (t, ifd0);

  put16 (t, 4);
  put_entry (t, 0x0112, 3, 1, orientation << 16);       /* Orientation, SHORT */
  put_entry (t, 0x013b, 2, sizeof PLANTED_ARTIST, artist);
  put_entry (t, 0x8769, 4, 1, exif_ifd);
  put_entry (t, 0x8825, 4, 1, gps_ifd);
  put32 (t, 0);

  put16 (t, 2);
  put_entry (t, 0x9286, 7, sizeof comment - 1, user_comment);
  put_entry (t, 0xa431, 2, sizeof PLANTED_SERIAL, serial);
  put32 (t, 0);

  put16 (t, 2);
  put_entry (t, 0x0001, 2, 2, 0x4e000000);  /* GPSLatitudeRef "N" */
  put_entry (t, 0x0002, 5, 3, latitude);
  put32 (t, 0);

  g_assert_cmpuint (t->len, ==, artist);
  g_byte_array_append (t, (const guint8 *) PLANTED_ARTIST, sizeof PLANTED_ARTIST);
  g_byte_array_append (t, (const guint8 *) comment, sizeof comment - 1);
  g_byte_array_append (t, (const guint8 *) PLANTED_SERIAL, sizeof PLANTED_SERIAL);
  if (t->len & 1)
    g_byte_array_append (t, (const guint8 *) "", 1);
  g_assert_cmpuint (t->len, ==, latitude);
  g_byte_array_append (t, planted_gps, sizeof planted_gps);
  return t;
}

/* A @width × @height JPEG, left half red and right half blue as stored,
 * with EXIF saying to turn it by @orientation, XMP and a comment.
 */
static inline GBytes *
jpeg_with_private_metadata (int   width,
                            int   height,
                            guint orientation)
{
  static const char xmp[] = "http://ns.adobe.com/xap/1.0/\0"
    "<x:xmpmeta xmlns:x='adobe:ns:meta/'>"
    "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
    "<rdf:Description xmlns:xmp='http://ns.adobe.com/xap/1.0/' xmp:CreatorTool='" PLANTED_XMP "'/>"
    "</rdf:RDF></x:xmpmeta>";
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GdkPixbuf) right = NULL;
  g_autoptr(GByteArray) tiff = planted_exif (orientation);
  g_autoptr(GByteArray) app1 = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *jpeg = NULL;
  gsize len = 0;
  GByteArray *out;

  gdk_pixbuf_fill (pixbuf, 0xe01010ff);
  right = gdk_pixbuf_new_subpixbuf (pixbuf, width / 2, 0, width - width / 2, height);
  gdk_pixbuf_fill (right, 0x1010e0ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &jpeg, &len, "jpeg", &error,
                                            "quality", "95", NULL));
  g_assert_no_error (error);
  g_assert_cmpint ((guint8) jpeg[0], ==, 0xff);
  g_assert_cmpint ((guint8) jpeg[1], ==, 0xd8);

  g_byte_array_append (app1, (const guint8 *) "Exif\0\0", 6);
  g_byte_array_append (app1, tiff->data, tiff->len);

  out = g_byte_array_new ();
  g_byte_array_append (out, (const guint8 *) jpeg, 2);
  put_segment (out, 0xffe1, app1->data, app1->len);
  put_segment (out, 0xffe1, (const guint8 *) xmp, sizeof xmp - 1);
  put_segment (out, 0xfffe, (const guint8 *) PLANTED_COM, strlen (PLANTED_COM));
  g_byte_array_append (out, (const guint8 *) jpeg + 2, len - 2);
  return g_byte_array_free_to_bytes (out);
}

static inline void
put_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           gsize         len)
{
  g_autoptr(GByteArray) crc_input = g_byte_array_new ();
  guint32 crc = 0xffffffff;

  put32 (out, len);
  g_byte_array_append (crc_input, (const guint8 *) type, 4);
  g_byte_array_append (crc_input, data, len);
  for (guint i = 0; i < crc_input->len; i++)
    {
      crc ^= crc_input->data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
    }
  g_byte_array_append (out, crc_input->data, crc_input->len);
  put32 (out, crc ^ 0xffffffff);
}

/* A PNG of a few hundred bytes whose header claims @width × @height: its
 * first rows are there, compressed; a decoder that believes the header
 * before checking it sets out to fill gigabytes.
 */
static inline GBytes *
png_claiming (guint32 width,
              guint32 height)
{
  g_autoptr(GByteArray) ihdr = g_byte_array_new ();
  g_autoptr(GZlibCompressor) zlib = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9);
  gsize raw_len = (gsize) (width * 3 + 1) * 4;
  g_autofree guint8 *raw = g_malloc0 (raw_len);
  guint8 packed[65536];
  gsize read = 0, written = 0;
  GByteArray *out = g_byte_array_new ();

  put32 (ihdr, width);
  put32 (ihdr, height);
  g_byte_array_append (ihdr, (const guint8 *) "\x08\x02\0\0\0", 5);  /* 8-bit RGB */
  g_assert_cmpint (g_converter_convert (G_CONVERTER (zlib), raw, raw_len, packed, sizeof packed,
                                        G_CONVERTER_INPUT_AT_END, &read, &written, NULL),
                   ==, G_CONVERTER_FINISHED);

  g_byte_array_append (out, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  put_chunk (out, "IHDR", ihdr->data, ihdr->len);
  put_chunk (out, "IDAT", packed, written);
  put_chunk (out, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (out);
}

static inline gboolean
data_contains (const guint8 *data,
               gsize         len,
               const void   *needle,
               gsize         n)
{
  for (gsize i = 0; i + n <= len; i++)
    if (data[i] == ((const guint8 *) needle)[0] && memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* Fails when any planted byte sequence is in @data. */
static inline void
assert_no_planted_metadata (const guint8 *data,
                            gsize         len,
                            const char   *what)
{
  const char *strings[] = { PLANTED_ARTIST, PLANTED_SERIAL, PLANTED_COMMENT, PLANTED_XMP,
                            PLANTED_COM, "http://ns.adobe.com/xap", "Exif\0\0" };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    if (data_contains (data, len, strings[i], MAX (strlen (strings[i]), 5)))
      g_error ("%s holds “%s”", what, strings[i]);
  if (data_contains (data, len, planted_gps, sizeof planted_gps))
    g_error ("%s holds the GPS position", what);
}

/* Every FlateDecode stream of a PDF, inflated and appended. */
static inline GByteArray *
pdf_inflate_streams (const guint8 *data,
                     gsize         len)
{
  GByteArray *all = g_byte_array_new ();

  for (gsize i = 0; i + 7 < len; i++)
    {
      gsize start, end;
      g_autoptr(GZlibDecompressor) z = NULL;
      guint8 buffer[65536];
      gsize read = 0, written = 0, done = 0;
      GConverterResult r;

      if (memcmp (data + i, "stream", 6) != 0 || (i > 2 && memcmp (data + i - 3, "end", 3) == 0))
        continue;
      start = i + 6;
      if (start < len && data[start] == '\r')
        start++;
      if (start < len && data[start] == '\n')
        start++;
      for (end = start; end + 9 <= len && memcmp (data + end, "endstream", 9) != 0; end++)
        ;
      z = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
      do
        {
          r = g_converter_convert (G_CONVERTER (z), data + start + done, end - start - done,
                                   buffer, sizeof buffer, G_CONVERTER_INPUT_AT_END, &read, &written,
                                   NULL);
          g_byte_array_append (all, buffer, written);
          done += read;
        }
      while (r == G_CONVERTER_CONVERTED && (read > 0 || written > 0));
      i = end;
    }
  return all;
}
