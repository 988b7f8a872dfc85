/* fol-photo-measure.h
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

#include "fol-photo-count.h"
#include "fol-store.h"

G_BEGIN_DECLS

/* The method of a measurement whose terminal/vellus split, mean diameter
 * and thickness come from diameters estimated on the photo: estimates
 * until the clinician confirms them (and sets the method to "manual").
 */
#define FOL_PHOTO_MEASURE_ESTIMATED_METHOD "photo_estimate"

/* What becomes of a measurement's terminal/vellus split when a count
 * changes its total density.
 */
typedef enum
{
  FOL_SPLIT_KEEP,
  FOL_SPLIT_CLEAR,
  FOL_SPLIT_RESCALE,
} FolSplitChange;

gboolean fol_photo_measure_lookup (FolStore        *store,
                                   const char      *patient_id,
                                   FolPhoto        *photo,
                                   FolMeasurement **out_measurement,
                                   GError         **error);
gboolean fol_photo_measure_apply  (FolStore        *store,
                                   const char      *patient_id,
                                   FolPhoto        *photo,
                                   guint            count,
                                   double           area_cm2,
                                   FolVisit       **out_visit,
                                   GError         **error);
gboolean fol_photo_measure_apply_split (FolStore        *store,
                                        const char      *patient_id,
                                        FolPhoto        *photo,
                                        guint            count,
                                        double           area_cm2,
                                        FolSplitChange   split,
                                        FolVisit       **out_visit,
                                        GError         **error);
double   fol_photo_measure_threshold (FolStore        *store,
                                      const char      *patient_id,
                                      FolPhoto        *photo,
                                      double           default_um);
gboolean fol_photo_measure_apply_marks (FolStore           *store,
                                        const char         *patient_id,
                                        FolPhoto           *photo,
                                        const FolMarkSplit *split,
                                        double              area_cm2,
                                        double              threshold_um,
                                        FolVisit          **out_visit,
                                        GError            **error);
gboolean fol_photo_measure_split_conflicts (FolMeasurement *current,
                                            guint           count,
                                            double          area_cm2);
gboolean fol_photo_measure_rescale_split   (FolMeasurement *current,
                                            double          density,
                                            double         *out_terminal,
                                            double         *out_vellus);

G_END_DECLS
