/* fol-photo-files.h
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

#include "fol-photo-decode.h"
#include "fol-store.h"

G_BEGIN_DECLS


char       *fol_photo_dir              (FolStore             *store);
char       *fol_photo_get_path         (FolStore             *store,
                                        FolPhoto             *photo);
gboolean    fol_photo_delete           (FolStore             *store,
                                        FolPhoto             *photo,
                                        GError              **error);
gboolean    fol_photo_delete_patient   (FolStore             *store,
                                        const char           *patient_id,
                                        GError              **error);
gboolean    fol_photo_delete_visit     (FolStore             *store,
                                        const char           *patient_id,
                                        const char           *visit_id,
                                        GError              **error);
gboolean    fol_photo_delete_patient_checked (FolStore       *store,
                                        const char           *patient_id,
                                        const char           *loaded_at,
                                        GError              **error);
gboolean    fol_photo_delete_visit_checked (FolStore         *store,
                                        const char           *patient_id,
                                        const char           *visit_id,
                                        const char           *loaded_at,
                                        GError              **error);

void        fol_photo_load_async       (FolStore             *store,
                                        FolPhoto             *photo,
                                        int                   max_size,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
GdkPixbuf  *fol_photo_load_finish      (GAsyncResult         *result,
                                        GError              **error);

char       *fol_photo_thumbnail_path   (const char           *sha256,
                                        int                   size);
void        fol_photo_thumbnail_async  (FolStore             *store,
                                        FolPhoto             *photo,
                                        int                   size,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
GdkPixbuf  *fol_photo_thumbnail_finish (GAsyncResult         *result,
                                        GError              **error);

G_END_DECLS
