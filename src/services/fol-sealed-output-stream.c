/* fol-sealed-output-stream.c
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

#define G_LOG_DOMAIN "fol-sealed-output-stream"

#include "config.h"

#include <string.h>

#include "fol-sealed-output-stream.h"
#include "fol-sealed-private.h"

/* Writes a protected file (the format is described in fol-sealed.c): the
 * header at once, then the content in chunks of FOL_SEALED_CHUNK plain
 * bytes. Closing the stream writes the last chunk with the final tag; a
 * stream that is never closed leaves a file that every reader refuses.
 */

struct _FolSealedOutputStream
{
  GFilterOutputStream parent_instance;

  FolSealedState      state;
  guint8              header[FOL_SEALED_HEADER_LEN];
  guint8             *plain;
  guint8             *cipher;
  gsize               plain_len;
  guint               first_chunk : 1;
  guint               sealed : 1;
};

G_DEFINE_FINAL_TYPE (FolSealedOutputStream, fol_sealed_output_stream,
                     G_TYPE_FILTER_OUTPUT_STREAM)

static gboolean
write_chunk (FolSealedOutputStream  *self,
             guint8                  tag,
             GCancellable           *cancellable,
             GError                **error)
{
  GOutputStream *base = g_filter_output_stream_get_base_stream (G_FILTER_OUTPUT_STREAM (self));
  unsigned long long cipher_len = 0;

  crypto_secretstream_xchacha20poly1305_push (&self->state, self->cipher, &cipher_len,
                                              self->plain, self->plain_len,
                                              self->first_chunk ? self->header : NULL,
                                              self->first_chunk ? sizeof self->header : 0,
                                              tag);
  self->first_chunk = FALSE;
  sodium_memzero (self->plain, self->plain_len);
  self->plain_len = 0;
  return g_output_stream_write_all (base, self->cipher, cipher_len, NULL, cancellable, error);
}

static gssize
fol_sealed_output_stream_write (GOutputStream  *stream,
                                const void     *buffer,
                                gsize           count,
                                GCancellable   *cancellable,
                                GError        **error)
{
  FolSealedOutputStream *self = FOL_SEALED_OUTPUT_STREAM (stream);
  gsize n;

  if (self->plain_len == FOL_SEALED_CHUNK
      && !write_chunk (self, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
                       cancellable, error))
    return -1;

  n = MIN (count, FOL_SEALED_CHUNK - self->plain_len);
  memcpy (self->plain + self->plain_len, buffer, n);
  self->plain_len += n;
  return n;
}

static gboolean
fol_sealed_output_stream_close (GOutputStream  *stream,
                                GCancellable   *cancellable,
                                GError        **error)
{
  FolSealedOutputStream *self = FOL_SEALED_OUTPUT_STREAM (stream);
  g_autoptr(GError) local_error = NULL;
  gboolean ok = TRUE;

  if (!self->sealed)
    {
      self->sealed = TRUE;
      ok = write_chunk (self, crypto_secretstream_xchacha20poly1305_TAG_FINAL,
                        cancellable, &local_error);
    }

  /* The base stream is closed (when asked to) even after a failed write,
   * and the first error is the one reported. */
  if (!G_OUTPUT_STREAM_CLASS (fol_sealed_output_stream_parent_class)->close_fn (
        stream, cancellable, ok ? error : NULL))
    ok = FALSE;
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

static void
fol_sealed_output_stream_dispose (GObject *object)
{
  FolSealedOutputStream *self = FOL_SEALED_OUTPUT_STREAM (object);

  /* GOutputStream closes a stream it disposes of: a stream dropped after a
   * failure must not end with the final tag, or its truncated content
   * would read as whole. Only an explicit close finishes the file. */
  self->sealed = TRUE;

  G_OBJECT_CLASS (fol_sealed_output_stream_parent_class)->dispose (object);
}

static void
fol_sealed_output_stream_finalize (GObject *object)
{
  FolSealedOutputStream *self = FOL_SEALED_OUTPUT_STREAM (object);

  sodium_memzero (&self->state, sizeof self->state);
  sodium_memzero (self->plain, FOL_SEALED_CHUNK);
  g_free (self->plain);
  g_free (self->cipher);

  G_OBJECT_CLASS (fol_sealed_output_stream_parent_class)->finalize (object);
}

static void
fol_sealed_output_stream_class_init (FolSealedOutputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  object_class->dispose = fol_sealed_output_stream_dispose;
  object_class->finalize = fol_sealed_output_stream_finalize;
  stream_class->write_fn = fol_sealed_output_stream_write;
  stream_class->close_fn = fol_sealed_output_stream_close;
}

static void
fol_sealed_output_stream_init (FolSealedOutputStream *self)
{
  self->plain = g_malloc (FOL_SEALED_CHUNK);
  self->cipher = g_malloc (FOL_SEALED_CHUNK_CIPHER);
  self->first_chunk = TRUE;
}

/**
 * fol_sealed_output_stream_new:
 * @base: where the protected bytes go
 * @passphrase: at least %FOL_SEALED_MIN_PASSPHRASE characters
 *
 * Derives a key from @passphrase with a fresh salt and writes the header
 * to @base. Everything written to the returned stream reaches @base
 * encrypted; close it to finish the file.
 *
 * Returns: (transfer full): the stream, or %NULL
 */
GOutputStream *
fol_sealed_output_stream_new (GOutputStream  *base,
                              const char     *passphrase,
                              GCancellable   *cancellable,
                              GError        **error)
{
  g_autoptr(FolSealedOutputStream) self = NULL;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (base), NULL);

  self = g_object_new (FOL_TYPE_SEALED_OUTPUT_STREAM, "base-stream", base, NULL);
  if (!_fol_sealed_begin_write (passphrase, self->header, &self->state, error)
      || !g_output_stream_write_all (base, self->header, sizeof self->header, NULL,
                                     cancellable, error))
    {
      /* Nothing more may be written: closing must not add a final chunk. */
      self->sealed = TRUE;
      return NULL;
    }

  return G_OUTPUT_STREAM (g_steal_pointer (&self));
}
