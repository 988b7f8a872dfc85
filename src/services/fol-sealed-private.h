/* fol-sealed-private.h
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

#include <sodium.h>

#include "fol-sealed.h"

G_BEGIN_DECLS

/* Plain bytes per encrypted chunk; each chunk grows by the tag and MAC. */
#define FOL_SEALED_CHUNK        65536
#define FOL_SEALED_CHUNK_CIPHER (FOL_SEALED_CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES)
#define FOL_SEALED_HEADER_LEN   128

typedef crypto_secretstream_xchacha20poly1305_state FolSealedState;

gboolean _fol_sealed_begin_write (const char     *passphrase,
                                  guint8          header[FOL_SEALED_HEADER_LEN],
                                  FolSealedState *state,
                                  GError        **error);
gboolean _fol_sealed_begin_read  (const guint8    header[FOL_SEALED_HEADER_LEN],
                                  const char     *passphrase,
                                  FolSealedState *state,
                                  GError        **error);
void     _fol_sealed_set_error_altered    (GError **error);
void     _fol_sealed_set_error_not_sealed (GError **error);

/* Tests use weaker key-derivation limits to stay fast; files record the
 * limits they were made with, so either kind opens anywhere. */
void     _fol_sealed_set_limits_for_testing (guint64 opslimit,
                                             gsize   memlimit);

G_END_DECLS
