/* fol-connection-banner.h
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

#include <gtk/gtk.h>

#include "fol-store.h"

G_BEGIN_DECLS

#define FOL_TYPE_CONNECTION_BANNER (fol_connection_banner_get_type ())

G_DECLARE_FINAL_TYPE (FolConnectionBanner, fol_connection_banner, FOL, CONNECTION_BANNER,
                      GtkWidget)

GtkWidget *fol_connection_banner_new       (void);
void       fol_connection_banner_set_store (FolConnectionBanner *self,
                                            FolStore            *store);
gboolean   fol_connection_banner_is_shown  (FolConnectionBanner *self);
GtkButton *_fol_connection_banner_get_button (FolConnectionBanner *self);

G_END_DECLS
