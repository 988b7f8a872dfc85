/* fol-photo-counter-private.h
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

#include "fol-photo-count.h"
#include "fol-photo-counter.h"

G_BEGIN_DECLS

typedef enum
{
  TOOL_COUNT,
  TOOL_FIELD,
  TOOL_CALIBRATE,
} Tool;

struct _FolPhotoCounter
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkToggleButton *count_button;
  GtkToggleButton *field_button;
  GtkToggleButton *calibrate_button;
  GtkSpinButton   *ruler_spin;
  GtkDropDown     *shape_dropdown;
  GtkSpinButton   *size_spin;
  FolPhotoCanvas  *canvas;
  GtkLabel        *count_label;
  GtkLabel        *area_label;
  GtkLabel        *density_label;
  GtkLabel        *status_label;
  GtkProgressBar  *suggest_progress;
  GtkWidget       *suggest_button;
  GtkWidget       *cancel_suggest_button;
  GtkWidget       *accept_button;

  /* Owned */
  FolStore        *store;
  FolPhoto        *photo;
  char            *patient_id;
  GCancellable    *load;
  GArray          *marks;       /* FolPhotoMark, confirmed: counted and drawn */
  GArray          *rejected;    /* FolPhotoMark, suggestions removed: kept, never counted */
  double           threshold_um; /* the patient's terminal threshold */
  FolPhotoField    field;
  gboolean         has_field;
  gboolean         loaded;
  gboolean         unreadable;  /* loaded, but its file could not be shown */
  AdwStatusPage   *unreadable_page;
  guint            save_source;
  Tool             tool;
  int              selected;    /* mark index, -1 for none */
  int              dragged;
  guint            n_ruler_points;
  FolPhotoMark     ruler[2];
  gboolean         updating;

  /* Suggested marks: not counted, not saved, until accepted */
  GArray          *suggested;   /* FolHairSuggestion, image pixels */
  GCancellable    *suggesting;
  guint            progress_source;
  int              progress;    /* per mille, written by the detecting thread */
};

void     _fol_photo_counter_changed            (FolPhotoCounter *self);
void     _fol_photo_counter_set_status         (FolPhotoCounter *self,
                                                const char      *text);
double   _fol_photo_counter_px_per_mm          (FolPhotoCounter *self);
void     _fol_photo_counter_reject             (FolPhotoCounter *self,
                                                double           x,
                                                double           y,
                                                double           diameter_um);

void     _fol_photo_counter_visit_class_init   (GtkWidgetClass  *widget_class);
void     _fol_photo_counter_suggest_class_init (GtkWidgetClass  *widget_class);
void     _fol_photo_counter_suggest_init       (FolPhotoCounter *self);
void     _fol_photo_counter_suggest_reset      (FolPhotoCounter *self);
void     _fol_photo_counter_suggest_finalize   (FolPhotoCounter *self);
int      _fol_photo_counter_suggestion_at      (FolPhotoCounter *self,
                                                double           x,
                                                double           y);
char    *_fol_photo_counter_suggest_hint       (FolPhotoCounter *self);
void     _fol_photo_counter_draw_suggestions   (FolPhotoCounter *self,
                                                cairo_t         *cr,
                                                double           scale);

G_END_DECLS
