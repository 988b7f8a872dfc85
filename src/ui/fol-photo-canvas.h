/* fol-photo-canvas.h
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

G_BEGIN_DECLS

#define FOL_TYPE_PHOTO_CANVAS (fol_photo_canvas_get_type ())

G_DECLARE_FINAL_TYPE (FolPhotoCanvas, fol_photo_canvas, FOL, PHOTO_CANVAS, GtkWidget)

typedef enum
{
  FOL_CANVAS_SINGLE,
  FOL_CANVAS_SIDE_BY_SIDE,
  FOL_CANVAS_SWIPE,
} FolCanvasMode;

/* What a widget drawing on top of the photo (the counter) is told. All
 * positions are in image pixels of photo 0.
 */
typedef struct
{
  void     (*draw)       (cairo_t  *cr,
                          gpointer  data);
  void     (*click)      (double   x,
                          double   y,
                          guint    button,
                          gpointer data);
  gboolean (*drag_begin) (double   x,
                          double   y,
                          gpointer data);
  void     (*drag_to)    (double   x,
                          double   y,
                          gpointer data);
  void     (*drag_end)   (gpointer data);
} FolCanvasDelegate;

GtkWidget     *fol_photo_canvas_new            (void);
void           fol_photo_canvas_set_image      (FolPhotoCanvas          *self,
                                                guint                    index,
                                                GdkTexture              *texture,
                                                int                      width,
                                                int                      height);
FolCanvasMode  fol_photo_canvas_get_mode       (FolPhotoCanvas          *self);
void           fol_photo_canvas_set_mode       (FolPhotoCanvas          *self,
                                                FolCanvasMode            mode);
double         fol_photo_canvas_get_zoom       (FolPhotoCanvas          *self);
void           fol_photo_canvas_set_zoom       (FolPhotoCanvas          *self,
                                                double                   zoom);
void           fol_photo_canvas_zoom_by        (FolPhotoCanvas          *self,
                                                double                   factor);
void           fol_photo_canvas_pan_by         (FolPhotoCanvas          *self,
                                                double                   dx,
                                                double                   dy);
void           fol_photo_canvas_get_centre     (FolPhotoCanvas          *self,
                                                double                  *u,
                                                double                  *v);
void           fol_photo_canvas_get_centre_point (FolPhotoCanvas        *self,
                                                  double                *ix,
                                                  double                *iy);
double         fol_photo_canvas_get_divider    (FolPhotoCanvas          *self);
void           fol_photo_canvas_set_divider    (FolPhotoCanvas          *self,
                                                double                   divider);
void           fol_photo_canvas_reset_view     (FolPhotoCanvas          *self);
void           fol_photo_canvas_set_delegate   (FolPhotoCanvas          *self,
                                                const FolCanvasDelegate *delegate,
                                                gpointer                 data);
double         fol_photo_canvas_get_scale      (FolPhotoCanvas          *self);
void           fol_photo_canvas_image_to_widget (FolPhotoCanvas         *self,
                                                 double                  ix,
                                                 double                  iy,
                                                 double                 *wx,
                                                 double                 *wy);
gboolean       fol_photo_canvas_widget_to_image (FolPhotoCanvas         *self,
                                                 double                  wx,
                                                 double                  wy,
                                                 double                 *ix,
                                                 double                 *iy);

G_END_DECLS
