/* fol-sealed-input-stream.h
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

#define FOL_TYPE_SEALED_INPUT_STREAM (fol_sealed_input_stream_get_type ())

G_DECLARE_FINAL_TYPE (FolSealedInputStream, fol_sealed_input_stream,
                      FOL, SEALED_INPUT_STREAM, GFilterInputStream)

GInputStream *fol_sealed_input_stream_new (GInputStream  *base,
                                           const char    *passphrase,
                                           GCancellable  *cancellable,
                                           GError       **error);

G_END_DECLS
