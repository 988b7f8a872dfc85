/* fol-photo-decode.c
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

#define G_LOG_DOMAIN "fol-photo-decode"

#include "config.h"

#include <string.h>

#include "fol-i18n.h"
#include "fol-photo-decode.h"
#include "fol-photo-whole.h"

/* Decoding: the one place a photo's bytes become pixels */

#define DECODE_CHUNK (64 * 1024)

typedef struct
{
  int      max_size;
  int      width;
  int      height;
  gboolean too_large;
} DecodeState;

/* The loader's type for the formats Follicle imports, from the first
 * bytes; no other loader gdk-pixbuf may have (SVG, ICO, XPM…) is tried.
 */
static const char *
sniff_type (const guint8 *data,
            gsize         length)
{
  if (length >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return "jpeg";
  if (length >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "png";
  if (length >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    return "tiff";
  if (length >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "webp";
  return NULL;
}

/* Called from the header, before any pixel is decoded: a size of 0 × 0
 * makes the loader stop there (as gdk_pixbuf_get_file_info() does).
 */
static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  DecodeState     *state)
{
  state->width = width;
  state->height = height;

  if (width <= 0 || height <= 0 || (gint64) width * height > FOL_PHOTO_MAX_PIXELS)
    {
      state->too_large = width > 0 && height > 0;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }

  if (state->max_size > 0 && MAX (width, height) > state->max_size)
    {
      double scale = (double) state->max_size / MAX (width, height);

      gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale + 0.5)),
                                  MAX (1, (int) (height * scale + 0.5)));
    }
}

/* @name: the photo's name for messages (a file name, or a description)
 * @max_size: the longest side wanted, or 0 for the full size
 *
 * Decodes a photo (JPEG, PNG, TIFF or WebP) the right way up (EXIF
 * orientation applied to the pixels). Its size is read from the header
 * first: an image over 100 megapixels is refused before a pixel of it is
 * decoded, and reading stops there. Every photo Follicle shows, prints or
 * shares is decoded here.
 */
static GdkPixbuf *
decode_stream (GInputStream  *stream,
               const char    *name,
               int            max_size,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree guint8 *buffer = g_malloc (DECODE_CHUNK);
  DecodeState state = { max_size, 0, 0, FALSE };
  FolPhotoWhole whole;
  GdkPixbuf *pixbuf;
  const char *type;
  gssize n;
  gboolean ok = TRUE;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = g_input_stream_read (stream, buffer, DECODE_CHUNK, cancellable, &local);
  if (n < 0)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local), _("Cannot read “%s”: "),
                                  name);
      return NULL;
    }
  type = sniff_type (buffer, n);
  if (type == NULL || (loader = gdk_pixbuf_loader_new_with_type (type, NULL)) == NULL)
    {
      g_set_error (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_UNKNOWN_TYPE,
                   _("“%s” is not a photo in a format Follicle reads "
                     "(JPEG, PNG, TIFF or WebP)"), name);
      return NULL;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &state);
  /* A file cut short loads as if whole: its structure tells. */
  fol_photo_whole_init (&whole, type);

  while (n > 0 && ok)
    {
      fol_photo_whole_feed (&whole, buffer, n);
      ok = gdk_pixbuf_loader_write (loader, buffer, n, &local);
      /* Not a byte more once the header said too large. */
      if (!ok || state.too_large)
        break;
      n = g_input_stream_read (stream, buffer, DECODE_CHUNK, cancellable, &local);
      if (n < 0)
        {
          gdk_pixbuf_loader_close (loader, NULL);
          g_propagate_prefixed_error (error, g_steal_pointer (&local), _("Cannot read “%s”: "),
                                      name);
          return NULL;
        }
    }
  if (ok && !state.too_large)
    ok = gdk_pixbuf_loader_close (loader, &local);
  else
    gdk_pixbuf_loader_close (loader, NULL);

  if (state.too_large)
    {
      g_set_error (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_INSUFFICIENT_MEMORY,
                   _("“%s” is too large: %d × %d pixels, at most 100 megapixels can be shown"),
                   name, state.width, state.height);
      return NULL;
    }
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  pixbuf = ok && fol_photo_whole_complete (&whole) ? gdk_pixbuf_loader_get_pixbuf (loader) : NULL;
  if (pixbuf == NULL || state.width <= 0 || state.height <= 0)
    {
      g_set_error (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE,
                   _("“%s” is damaged or incomplete"), name);
      return NULL;
    }

  return gdk_pixbuf_apply_embedded_orientation (pixbuf);
}

/**
 * fol_photo_decode:
 * @bytes: the photo's bytes
 *
 * decode_stream() on bytes in memory.
 *
 * Returns: (transfer full): the image, or %NULL with @error set
 */
GdkPixbuf *
fol_photo_decode (GBytes      *bytes,
                  const char  *name,
                  int          max_size,
                  GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);

  stream = g_memory_input_stream_new_from_bytes (bytes);
  return decode_stream (stream, name, max_size, NULL, error);
}

/**
 * fol_photo_load:
 * @max_size: the longest side wanted, or 0 for the full size
 *
 * decode_stream() on a file.
 *
 * Returns: (transfer full): the image
 */
GdkPixbuf *
fol_photo_load (const char  *path,
                int          max_size,
                GError     **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  name = g_filename_display_name (path);
  return fol_photo_load_as (path, name, max_size, error);
}

/**
 * fol_photo_load_as:
 * @name: what the messages call the file: for a photo kept in the
 *   clinic's folder, under its content's hash, the name it was added with
 *
 * fol_photo_load() under another name.
 *
 * Returns: (transfer full): the image
 */
GdkPixbuf *
fol_photo_load_as (const char  *path,
                   const char  *name,
                   int          max_size,
                   GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;
  return decode_stream (G_INPUT_STREAM (stream), name, max_size, NULL, error);
}

/**
 * fol_photo_strip:
 * @bytes: a photo file's bytes
 * @out_extension: (out): "jpg" or "png", the format of the result
 *
 * The photo as it may leave the clinic: decoded, turned upright and
 * encoded again, so that it carries its pixels and nothing else: no EXIF
 * (position, camera serial, owner, comments), XMP, IPTC or comment. A JPEG
 * stays a JPEG (quality 92); any other format becomes a PNG.
 *
 * Returns: (transfer full): the new file's bytes, or %NULL with @error set
 */
GBytes *
fol_photo_strip (GBytes      *bytes,
                 const char  *name,
                 const char **out_extension,
                 GError     **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  gsize length;
  const guint8 *data;
  gboolean jpeg;
  gchar *buffer = NULL;
  gsize buffer_length = 0;
  gboolean ok;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (out_extension != NULL, NULL);

  pixbuf = fol_photo_decode (bytes, name, 0, error);
  if (pixbuf == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &length);
  jpeg = g_strcmp0 (sniff_type (data, length), "jpeg") == 0 && !gdk_pixbuf_get_has_alpha (pixbuf);
  /* No option but the quality: gdk-pixbuf writes only what it is given. */
  if (jpeg)
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &buffer_length, "jpeg", error,
                                    "quality", "92", NULL);
  else
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &buffer_length, "png", error, NULL);
  if (!ok)
    return NULL;

  *out_extension = jpeg ? "jpg" : "png";
  return g_bytes_new_take (buffer, buffer_length);
}
