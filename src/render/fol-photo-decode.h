/* fol-photo-decode.h
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

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* Decoding: the one place a photo's bytes become pixels, the right way up,
 * with a bound on their size checked before any pixel is decoded.
 */
/* Images above this many pixels are refused before being decoded. */
#define FOL_PHOTO_MAX_PIXELS G_GINT64_CONSTANT (100000000)

GdkPixbuf  *fol_photo_decode           (GBytes               *bytes,
                                        const char           *name,
                                        int                   max_size,
                                        GError              **error);
GBytes     *fol_photo_strip            (GBytes               *bytes,
                                        const char           *name,
                                        const char          **out_extension,
                                        GError              **error);
GdkPixbuf  *fol_photo_load             (const char           *path,
                                        int                   max_size,
                                        GError              **error);
GdkPixbuf  *fol_photo_load_as          (const char           *path,
                                        const char           *name,
                                        int                   max_size,
                                        GError              **error);

G_END_DECLS
