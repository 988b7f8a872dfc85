/* fol-measurement.h
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

#include <glib-object.h>

#include "fol-date.h"
#include "fol-region.h"

G_BEGIN_DECLS

#define FOL_TYPE_MEASUREMENT (fol_measurement_get_type ())

G_DECLARE_FINAL_TYPE (FolMeasurement, fol_measurement, FOL, MEASUREMENT, GObject)

FolMeasurement * fol_measurement_new                    (void);
FolMeasurement * fol_measurement_copy                   (FolMeasurement *self);
const char     * fol_measurement_get_visit_id           (FolMeasurement *self);
void             fol_measurement_set_visit_id           (FolMeasurement *self,
                                                         const char *visit_id);
guint            fol_measurement_get_region             (FolMeasurement *self);
void             fol_measurement_set_region             (FolMeasurement *self,
                                                         guint region);
double           fol_measurement_get_hair_count         (FolMeasurement *self);
void             fol_measurement_set_hair_count         (FolMeasurement *self,
                                                         double hair_count);
double           fol_measurement_get_field_area         (FolMeasurement *self);
void             fol_measurement_set_field_area         (FolMeasurement *self,
                                                         double field_area);
double           fol_measurement_get_total_density      (FolMeasurement *self);
void             fol_measurement_set_total_density      (FolMeasurement *self,
                                                         double total_density);
double           fol_measurement_get_terminal_density   (FolMeasurement *self);
void             fol_measurement_set_terminal_density   (FolMeasurement *self,
                                                         double terminal_density);
double           fol_measurement_get_vellus_density     (FolMeasurement *self);
void             fol_measurement_set_vellus_density     (FolMeasurement *self,
                                                         double vellus_density);
double           fol_measurement_get_terminal_threshold (FolMeasurement *self);
void             fol_measurement_set_terminal_threshold (FolMeasurement *self,
                                                         double terminal_threshold);
double           fol_measurement_get_mean_diameter      (FolMeasurement *self);
void             fol_measurement_set_mean_diameter      (FolMeasurement *self,
                                                         double mean_diameter);
double           fol_measurement_get_anagen             (FolMeasurement *self);
void             fol_measurement_set_anagen             (FolMeasurement *self,
                                                         double anagen);
double           fol_measurement_get_telogen            (FolMeasurement *self);
void             fol_measurement_set_telogen            (FolMeasurement *self,
                                                         double telogen);
double           fol_measurement_get_fu_density         (FolMeasurement *self);
void             fol_measurement_set_fu_density         (FolMeasurement *self,
                                                         double fu_density);
const char     * fol_measurement_get_method             (FolMeasurement *self);
void             fol_measurement_set_method             (FolMeasurement *self,
                                                         const char *method);
const char     * fol_measurement_get_notes              (FolMeasurement *self);
void             fol_measurement_set_notes              (FolMeasurement *self,
                                                         const char *notes);

G_END_DECLS
