/* fol-review-window.h
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

#include <adwaita.h>

#include "fol-store.h"

G_BEGIN_DECLS

#define FOL_TYPE_REVIEW_WINDOW (fol_review_window_get_type ())

G_DECLARE_FINAL_TYPE (FolReviewWindow, fol_review_window, FOL, REVIEW_WINDOW, AdwWindow)

GtkWidget  *fol_review_window_new            (GtkApplication  *app,
                                              FolStore        *store,
                                              const char      *patient_id,
                                              gboolean         from_file);
GtkWidget  *fol_review_window_open_file      (GtkApplication  *app,
                                              const char      *path,
                                              GError         **error);
GtkWidget  *fol_review_window_open_file_protected (GtkApplication  *app,
                                                  const char      *path,
                                                  const char      *passphrase,
                                                  GError         **error);
const char *fol_review_window_get_patient_id (FolReviewWindow *self);
gboolean    fol_review_window_get_from_file  (FolReviewWindow *self);
void        fol_review_window_set_settings   (FolReviewWindow *self,
                                              GSettings       *settings);

G_END_DECLS
