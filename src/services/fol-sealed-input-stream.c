/* fol-sealed-input-stream.c
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

#define G_LOG_DOMAIN "fol-sealed-input-stream"

#include "config.h"

#include <string.h>

#include "fol-sealed-input-stream.h"
#include "fol-sealed-private.h"

/* Reads the plain content of a protected file (the format is described in
 * fol-sealed.c). A chunk is handed out only once its MAC has been checked;
 * a stream that ends without the final tag, or goes on after it, is
 * refused as altered, so a truncated file never reads as a shorter one.
 */

struct _FolSealedInputStream
{
  GFilterInputStream parent_instance;

  FolSealedState     state;
  guint8             header[FOL_SEALED_HEADER_LEN];
  guint8            *cipher;
  guint8            *plain;
  gsize              plain_len;
  gsize              plain_pos;
  guint              first_chunk : 1;
  guint              finished : 1;
  guint              failed : 1;
};

G_DEFINE_FINAL_TYPE (FolSealedInputStream, fol_sealed_input_stream, G_TYPE_FILTER_INPUT_STREAM)

static gboolean
read_chunk (FolSealedInputStream  *self,
            GCancellable          *cancellable,
            GError               **error)
{
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));
  unsigned long long plain_len = 0;
  guint8 tag = 0;
  gsize got = 0;

  if (!g_input_stream_read_all (base, self->cipher, FOL_SEALED_CHUNK_CIPHER, &got,
                                cancellable, error))
    return FALSE;

  if (got < crypto_secretstream_xchacha20poly1305_ABYTES
      || crypto_secretstream_xchacha20poly1305_pull (&self->state, self->plain, &plain_len, &tag,
                                                     self->cipher, got,
                                                     self->first_chunk ? self->header : NULL,
                                                     self->first_chunk ? sizeof self->header : 0) != 0)
    {
      self->failed = TRUE;
      _fol_sealed_set_error_altered (error);
      return FALSE;
    }
  self->first_chunk = FALSE;

  if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
    {
      guint8 extra;
      gsize more = 0;

      if (!g_input_stream_read_all (base, &extra, 1, &more, cancellable, error))
        return FALSE;
      if (more != 0)
        {
          self->failed = TRUE;
          _fol_sealed_set_error_altered (error);
          return FALSE;
        }
      self->finished = TRUE;
    }
  else if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
           || got != FOL_SEALED_CHUNK_CIPHER)
    {
      self->failed = TRUE;
      _fol_sealed_set_error_altered (error);
      return FALSE;
    }

  self->plain_len = plain_len;
  self->plain_pos = 0;
  return TRUE;
}

static gssize
fol_sealed_input_stream_read (GInputStream  *stream,
                              void          *buffer,
                              gsize          count,
                              GCancellable  *cancellable,
                              GError       **error)
{
  FolSealedInputStream *self = FOL_SEALED_INPUT_STREAM (stream);
  gsize n;

  while (self->plain_pos == self->plain_len)
    {
      if (self->failed)
        {
          _fol_sealed_set_error_altered (error);
          return -1;
        }
      if (self->finished)
        return 0;
      if (!read_chunk (self, cancellable, error))
        return -1;
    }

  n = MIN (count, self->plain_len - self->plain_pos);
  memcpy (buffer, self->plain + self->plain_pos, n);
  self->plain_pos += n;
  return n;
}

static void
fol_sealed_input_stream_finalize (GObject *object)
{
  FolSealedInputStream *self = FOL_SEALED_INPUT_STREAM (object);

  sodium_memzero (&self->state, sizeof self->state);
  sodium_memzero (self->plain, FOL_SEALED_CHUNK);
  g_free (self->plain);
  g_free (self->cipher);

  G_OBJECT_CLASS (fol_sealed_input_stream_parent_class)->finalize (object);
}

static void
fol_sealed_input_stream_class_init (FolSealedInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = fol_sealed_input_stream_finalize;
  stream_class->read_fn = fol_sealed_input_stream_read;
}

static void
fol_sealed_input_stream_init (FolSealedInputStream *self)
{
  self->cipher = g_malloc (FOL_SEALED_CHUNK_CIPHER);
  self->plain = g_malloc (FOL_SEALED_CHUNK);
  self->first_chunk = TRUE;
}

/**
 * fol_sealed_input_stream_new:
 * @base: the protected bytes
 * @passphrase: the passphrase the file was protected with
 *
 * Reads the header of a protected file and derives its key. Fails with
 * %FOL_SEALED_ERROR_NOT_SEALED when @base is not a protected file,
 * %FOL_SEALED_ERROR_WRONG_PASSPHRASE for another passphrase and
 * %FOL_SEALED_ERROR_ALTERED when a byte of it changed.
 *
 * Returns: (transfer full): a stream of the plain content, or %NULL
 */
GInputStream *
fol_sealed_input_stream_new (GInputStream  *base,
                             const char    *passphrase,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(FolSealedInputStream) self = NULL;
  gsize got = 0;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base), NULL);

  self = g_object_new (FOL_TYPE_SEALED_INPUT_STREAM, "base-stream", base, NULL);
  if (!g_input_stream_read_all (base, self->header, sizeof self->header, &got,
                                cancellable, error))
    return NULL;
  if (got < sizeof self->header)
    {
      if (fol_sealed_has_magic (self->header, got))
        _fol_sealed_set_error_altered (error);
      else
        _fol_sealed_set_error_not_sealed (error);
      return NULL;
    }
  if (!_fol_sealed_begin_read (self->header, passphrase, &self->state, error))
    return NULL;

  return G_INPUT_STREAM (g_steal_pointer (&self));
}
