/* fol-image.h
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

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

cairo_surface_t *fol_image_surface_new (cairo_format_t  format,
                                        int             width,
                                        int             height);

gpointer         _fol_pages_alloc0     (gsize           size);
void             _fol_pages_free       (gpointer        pages,
                                        gsize           size);

G_END_DECLS
