/* fol-history.c
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

#define G_LOG_DOMAIN "fol-history"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-figures.h"
#include "fol-history.h"
#include "fol-stats.h"

/* Everything recorded for one patient, visits in date order. Built once
 * when a patient is opened; charts and summaries read it without touching
 * the database. One thread at a time: fol_history_get_measurement() makes
 * the object it returns on first request.
 */
struct _FolHistory
{
  GObject parent_instance;

  FolPatient *patient;
  GPtrArray  *visits;        /* FolVisit, by date */
  GPtrArray  *measurements;  /* per visit: Slot[FOL_N_REGIONS] */
  GPtrArray  *sessions;      /* FolTreatmentSession, by date */
};

G_DEFINE_FINAL_TYPE (FolHistory, fol_history, G_TYPE_OBJECT)

/* The follow-up schedule of CLINICAL.md, in months after baseline. */
static const int follow_up_months[] = { 1, 3, 6, 12 };

/* A visit up to two weeks before a due date counts as that follow-up. */
#define FOLLOW_UP_WINDOW_DAYS 14

/* One region at one visit: the object a caller gave or asked for, else the
 * values a store read (fol_history_add_visit_values()). A chart reads
 * hundreds of them once and never asks for the objects: making and
 * finalizing an object for each took more of a batch export than reading
 * them from the clinic.
 */
typedef struct
{
  FolMeasurement *object;
  gboolean        present;
  double          values[FOL_N_MEASURE_FIELDS];
  char           *method;
  char           *notes;
} Slot;

static void
free_region_row (gpointer data)
{
  Slot *row = data;

  for (guint i = 0; i < FOL_N_REGIONS; i++)
    {
      g_clear_object (&row[i].object);
      g_free (row[i].method);
      g_free (row[i].notes);
    }
  g_free (row);
}

/* The value of @field at @slot, which is present. */
static double
slot_value (const Slot        *slot,
            FolMeasureFieldId  field)
{
  if (slot->object != NULL)
    return fol_measurement_field (field)->get (slot->object);
  return slot->values[field];
}

static void
fol_history_finalize (GObject *object)
{
  FolHistory *self = (FolHistory *) object;

  g_clear_object (&self->patient);
  g_clear_pointer (&self->visits, g_ptr_array_unref);
  g_clear_pointer (&self->measurements, g_ptr_array_unref);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);

  G_OBJECT_CLASS (fol_history_parent_class)->finalize (object);
}

static void
fol_history_class_init (FolHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fol_history_finalize;
}

static void
fol_history_init (FolHistory *self)
{
  self->visits = g_ptr_array_new_with_free_func (g_object_unref);
  self->measurements = g_ptr_array_new_with_free_func (free_region_row);
  self->sessions = g_ptr_array_new_with_free_func (g_object_unref);
}

FolHistory *
fol_history_new (FolPatient *patient)
{
  FolHistory *self;

  g_return_val_if_fail (FOL_IS_PATIENT (patient), NULL);

  self = g_object_new (FOL_TYPE_HISTORY, NULL);
  self->patient = g_object_ref (patient);
  return self;
}

/* Adds @visit with @row (taken), in date order (stable for equal dates). */
static void
insert_visit (FolHistory *self,
              FolVisit   *visit,
              Slot       *row)
{
  guint pos;

  pos = self->visits->len;
  while (pos > 0 &&
         fol_visit_get_date (g_ptr_array_index (self->visits, pos - 1)) > fol_visit_get_date (visit))
    pos--;

  g_ptr_array_insert (self->visits, pos, g_object_ref (visit));
  g_ptr_array_insert (self->measurements, pos, row);
}

/**
 * fol_history_add_visit:
 * @measurements: (element-type FolMeasurement) (nullable): its region values
 *
 * Adds a visit, keeping visits in date order (stable for equal dates).
 */
void
fol_history_add_visit (FolHistory *self,
                       FolVisit   *visit,
                       GPtrArray  *measurements)
{
  Slot *row;

  g_return_if_fail (FOL_IS_HISTORY (self));
  g_return_if_fail (FOL_IS_VISIT (visit));

  row = g_new0 (Slot, FOL_N_REGIONS);
  for (guint i = 0; measurements != NULL && i < measurements->len; i++)
    {
      FolMeasurement *m = g_ptr_array_index (measurements, i);
      guint region = fol_measurement_get_region (m);

      if (region >= FOL_N_REGIONS)
        {
          free_region_row (row);
          g_return_if_reached ();
        }
      g_set_object (&row[region].object, m);
      row[region].present = TRUE;
    }

  insert_visit (self, visit, row);
}

/**
 * fol_history_add_visit_values:
 * @values: (element-type FolMeasurementValues) (nullable): its region values
 *
 * Adds a visit as fol_history_add_visit() does, with its region values as
 * a store reads them; the strings are copied.
 */
void
fol_history_add_visit_values (FolHistory *self,
                              FolVisit   *visit,
                              GArray     *values)
{
  Slot *row;

  g_return_if_fail (FOL_IS_HISTORY (self));
  g_return_if_fail (FOL_IS_VISIT (visit));

  row = g_new0 (Slot, FOL_N_REGIONS);
  for (guint i = 0; values != NULL && i < values->len; i++)
    {
      const FolMeasurementValues *m = &g_array_index (values, FolMeasurementValues, i);
      Slot *slot;

      if ((guint) m->region >= FOL_N_REGIONS)
        {
          free_region_row (row);
          g_return_if_reached ();
        }
      slot = &row[m->region];
      slot->present = TRUE;
      memcpy (slot->values, m->values, sizeof slot->values);
      g_free (slot->method);
      slot->method = g_strdup (m->method);
      g_free (slot->notes);
      slot->notes = g_strdup (m->notes);
    }

  insert_visit (self, visit, row);
}

void
fol_history_add_session (FolHistory          *self,
                         FolTreatmentSession *session)
{
  guint pos;

  g_return_if_fail (FOL_IS_HISTORY (self));
  g_return_if_fail (FOL_IS_TREATMENT_SESSION (session));

  pos = self->sessions->len;
  while (pos > 0 &&
         fol_treatment_session_get_date (g_ptr_array_index (self->sessions, pos - 1)) >
         fol_treatment_session_get_date (session))
    pos--;

  g_ptr_array_insert (self->sessions, pos, g_object_ref (session));
}

FolPatient *
fol_history_get_patient (FolHistory *self)
{
  g_return_val_if_fail (FOL_IS_HISTORY (self), NULL);
  return self->patient;
}

guint
fol_history_get_n_visits (FolHistory *self)
{
  g_return_val_if_fail (FOL_IS_HISTORY (self), 0);
  return self->visits->len;
}

/* Returns: (transfer none): the visit at @index, in date order */
FolVisit *
fol_history_get_visit (FolHistory *self,
                       guint       index)
{
  g_return_val_if_fail (FOL_IS_HISTORY (self), NULL);
  g_return_val_if_fail (index < self->visits->len, NULL);
  return g_ptr_array_index (self->visits, index);
}

/* Returns: (transfer none) (nullable): the region's values at that visit */
FolMeasurement *
fol_history_get_measurement (FolHistory *self,
                             guint       visit_index,
                             FolRegion   region)
{
  Slot *slot;

  g_return_val_if_fail (FOL_IS_HISTORY (self), NULL);
  g_return_val_if_fail (visit_index < self->visits->len, NULL);
  g_return_val_if_fail (region < FOL_N_REGIONS, NULL);

  slot = &((Slot *) g_ptr_array_index (self->measurements, visit_index))[region];
  if (!slot->present)
    return NULL;
  if (slot->object == NULL)
    {
      /* Made on first request, and from then on what the history reads. */
      FolMeasurement *m = fol_measurement_new ();

      fol_measurement_set_visit_id (m, fol_visit_get_id (g_ptr_array_index (self->visits, visit_index)));
      fol_measurement_set_region (m, region);
      for (guint i = 0; i < FOL_N_MEASURE_FIELDS; i++)
        fol_measurement_field (i)->set (m, slot->values[i]);
      fol_measurement_set_method (m, slot->method);
      fol_measurement_set_notes (m, slot->notes);
      slot->object = m;
    }
  return slot->object;
}

/* The region's values at that visit, or NULL; no object is made. */
static const Slot *
get_slot (FolHistory *self,
          guint       visit_index,
          FolRegion   region)
{
  const Slot *slot = &((Slot *) g_ptr_array_index (self->measurements, visit_index))[region];

  return slot->present ? slot : NULL;
}

guint
fol_history_get_n_sessions (FolHistory *self)
{
  g_return_val_if_fail (FOL_IS_HISTORY (self), 0);
  return self->sessions->len;
}

FolTreatmentSession *
fol_history_get_session (FolHistory *self,
                         guint       index)
{
  g_return_val_if_fail (FOL_IS_HISTORY (self), NULL);
  g_return_val_if_fail (index < self->sessions->len, NULL);
  return g_ptr_array_index (self->sessions, index);
}

FolDate
fol_history_get_first_treatment (FolHistory *self)
{
  g_return_val_if_fail (FOL_IS_HISTORY (self), FOL_DATE_NONE);

  if (self->sessions->len == 0)
    return FOL_DATE_NONE;
  return fol_treatment_session_get_date (g_ptr_array_index (self->sessions, 0));
}

/* Returns: a FolRegion bit mask of the regions with any value */
guint
fol_history_get_measured_regions (FolHistory *self)
{
  guint mask = 0;

  g_return_val_if_fail (FOL_IS_HISTORY (self), 0);

  for (guint v = 0; v < self->visits->len; v++)
    for (guint r = 0; r < FOL_N_REGIONS; r++)
      if (get_slot (self, v, r) != NULL)
        mask |= FOL_REGION_BIT (r);

  return mask;
}

/**
 * fol_history_get_value:
 * @region: ignored for whole-scalp measures (SALT)
 *
 * Returns: the value, or NaN when it was not measured
 */
double
fol_history_get_value (FolHistory *self,
                       guint       visit_index,
                       FolMeasure  measure,
                       FolRegion   region)
{
  const Slot *m;

  g_return_val_if_fail (FOL_IS_HISTORY (self), NAN);
  g_return_val_if_fail (visit_index < self->visits->len, NAN);

  if (measure == FOL_MEASURE_SALT)
    {
      FolVisit *visit = g_ptr_array_index (self->visits, visit_index);
      int hundredths;

      if (!fol_salt_score (fol_visit_get_salt_top (visit),
                           fol_visit_get_salt_back (visit),
                           fol_visit_get_salt_right (visit),
                           fol_visit_get_salt_left (visit),
                           &hundredths))
        return NAN;
      return hundredths / 100.0;
    }

  if (fol_measure_is_ordinal (measure))
    {
      FolScale scale;
      int rank;

      fol_scale_for_measure (measure, &scale);
      rank = fol_scale_visit_rank (scale, g_ptr_array_index (self->visits, visit_index));
      return rank < 0 ? NAN : (double) rank;
    }

  g_return_val_if_fail (region < FOL_N_REGIONS, NAN);

  m = get_slot (self, visit_index, region);
  if (m == NULL)
    return NAN;

  switch (measure)
    {
    case FOL_MEASURE_TOTAL_DENSITY:
      return slot_value (m, FOL_FIELD_TOTAL_DENSITY);
    case FOL_MEASURE_TERMINAL_DENSITY:
      return slot_value (m, FOL_FIELD_TERMINAL_DENSITY);
    case FOL_MEASURE_VELLUS_DENSITY:
      return fol_figures_vellus_from (slot_value (m, FOL_FIELD_VELLUS_DENSITY),
                                      slot_value (m, FOL_FIELD_TOTAL_DENSITY),
                                      slot_value (m, FOL_FIELD_TERMINAL_DENSITY), NULL);
    case FOL_MEASURE_MEAN_DIAMETER:
      return slot_value (m, FOL_FIELD_MEAN_DIAMETER);
    case FOL_MEASURE_CUMULATIVE_THICKNESS:
      return fol_stats_cumulative_thickness (slot_value (m, FOL_FIELD_TOTAL_DENSITY),
                                             slot_value (m, FOL_FIELD_MEAN_DIAMETER));
    case FOL_MEASURE_ANAGEN:
      return slot_value (m, FOL_FIELD_ANAGEN);
    case FOL_MEASURE_FU_DENSITY:
      return slot_value (m, FOL_FIELD_FU_DENSITY);
    case FOL_MEASURE_HAIR_COUNT:
      return slot_value (m, FOL_FIELD_HAIR_COUNT);
    case FOL_MEASURE_HAIRS_PER_FU:
      return fol_figures_hairs_per_fu (slot_value (m, FOL_FIELD_TOTAL_DENSITY),
                                       slot_value (m, FOL_FIELD_FU_DENSITY));
    case FOL_MEASURE_SALT:
    case FOL_MEASURE_NORWOOD:
    case FOL_MEASURE_LUDWIG:
    case FOL_MEASURE_SINCLAIR:
    case FOL_N_MEASURES:
    default:
      g_return_val_if_reached (NAN);
    }
}

/**
 * fol_history_get_series:
 *
 * Returns: (transfer full) (element-type FolSample): one sample per visit,
 *   in date order, NaN where the value is missing
 */
GArray *
fol_history_get_series (FolHistory *self,
                        FolMeasure  measure,
                        FolRegion   region)
{
  GArray *samples;

  g_return_val_if_fail (FOL_IS_HISTORY (self), NULL);

  samples = g_array_sized_new (FALSE, FALSE, sizeof (FolSample), self->visits->len);
  for (guint v = 0; v < self->visits->len; v++)
    {
      FolSample s;

      s.date = fol_visit_get_date (g_ptr_array_index (self->visits, v));
      s.value = fol_history_get_value (self, v, measure, region);
      g_array_append_val (samples, s);
    }

  return samples;
}

/**
 * fol_history_summarize:
 *
 * Fills @out_summary with the latest value, the baseline (CLINICAL.md's
 * rule), the change from it and the trend.
 *
 * Returns: %TRUE when the region has any value of @measure
 */
gboolean
fol_history_summarize (FolHistory       *self,
                       FolMeasure        measure,
                       FolRegion         region,
                       FolRegionSummary *out)
{
  g_autoptr(GArray) series = NULL;
  const FolSample *s;
  guint baseline_index;

  g_return_val_if_fail (FOL_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  out->n_values = 0;
  out->latest_date = out->baseline_date = FOL_DATE_NONE;
  out->latest = out->baseline = out->change = out->change_percent = NAN;
  out->has_slope = FALSE;
  out->slope = NAN;
  out->slope_n = 0;

  series = fol_history_get_series (self, measure, region);
  s = (const FolSample *) (gpointer) series->data;

  for (guint i = 0; i < series->len; i++)
    {
      if (isnan (s[i].value))
        continue;
      out->n_values++;
      out->latest = s[i].value;
      out->latest_date = s[i].date;
    }

  if (out->n_values == 0)
    return FALSE;

  /* A grade has a place in an order, not a size: its change is counted in
   * grades (fol_scale_change_words), never in percent, and has no slope.
   */
  if (fol_measure_is_ordinal (measure))
    {
      if (fol_stats_baseline (s, series->len, fol_history_get_first_treatment (self),
                              &baseline_index))
        {
          out->baseline = s[baseline_index].value;
          out->baseline_date = s[baseline_index].date;
          out->change = out->latest - out->baseline;
        }
      return TRUE;
    }

  if (fol_stats_baseline (s, series->len, fol_history_get_first_treatment (self), &baseline_index))
    {
      double abs_change, rel_change;

      out->baseline = s[baseline_index].value;
      out->baseline_date = s[baseline_index].date;
      if (fol_stats_change (out->latest, out->baseline, &abs_change, &rel_change))
        out->change_percent = rel_change;
      out->change = out->latest - out->baseline;

      out->has_slope = fol_stats_slope (s, series->len, out->baseline_date,
                                        &out->slope, NULL, &out->slope_n);
    }
  else
    {
      out->has_slope = fol_stats_slope (s, series->len, s[0].date,
                                        &out->slope, NULL, &out->slope_n);
    }

  return TRUE;
}

/**
 * fol_history_get_next_follow_up:
 *
 * Returns: the next follow-up due on the standard schedule (1, 3, 6 and 12
 *   months after the first treatment, then yearly), after the latest visit;
 *   %FOL_DATE_NONE when no treatment has started
 */
FolDate
fol_history_get_next_follow_up (FolHistory *self)
{
  FolDate start, last = FOL_DATE_NONE;

  g_return_val_if_fail (FOL_IS_HISTORY (self), FOL_DATE_NONE);

  start = fol_history_get_first_treatment (self);
  if (start == FOL_DATE_NONE)
    return FOL_DATE_NONE;

  if (self->visits->len > 0)
    last = fol_visit_get_date (g_ptr_array_index (self->visits, self->visits->len - 1));

  for (guint i = 0; i < G_N_ELEMENTS (follow_up_months); i++)
    {
      FolDate due = fol_date_add_months (start, follow_up_months[i]);

      if (due > last + FOLLOW_UP_WINDOW_DAYS)
        return due;
    }

  for (int years = 2; years < 100; years++)
    {
      FolDate due = fol_date_add_months (start, 12 * years);

      if (due > last + FOLLOW_UP_WINDOW_DAYS)
        return due;
    }

  return FOL_DATE_NONE;
}
