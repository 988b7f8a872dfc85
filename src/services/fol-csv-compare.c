/* fol-csv-compare.c
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

#define G_LOG_DOMAIN "fol-csv-import"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-csv-private.h"

/* What an import compares: a record of the file with the stored one (is
 * it unchanged?), and a whole plan with the same plan made again inside
 * the write transaction (is it still what the preview promised?). Records
 * are compared property by property, so that a field added to a record is
 * compared without anyone remembering to.
 */

/* When a record was written is not what it says. */
static gboolean
is_write_time (const char *name)
{
  return g_str_equal (name, "created-at") || g_str_equal (name, "updated-at");
}

static gboolean
same_value (const GValue *a,
            const GValue *b)
{
  if (G_VALUE_HOLDS_DOUBLE (a))
    {
      double x = g_value_get_double (a);
      double y = g_value_get_double (b);

      /* NaN is "not measured", equal to itself here. */
      return (isnan (x) && isnan (y)) || x == y;
    }
  if (G_VALUE_HOLDS_STRING (a))
    return g_strcmp0 (g_value_get_string (a), g_value_get_string (b)) == 0;
  if (G_VALUE_HOLDS_INT (a))
    return g_value_get_int (a) == g_value_get_int (b);
  if (G_VALUE_HOLDS_UINT (a))
    return g_value_get_uint (a) == g_value_get_uint (b);
  if (G_VALUE_HOLDS_BOOLEAN (a))
    return g_value_get_boolean (a) == g_value_get_boolean (b);
  g_return_val_if_reached (FALSE);
}

static gboolean
same_patient_parts (FolPatient *a,
                    FolPatient *b)
{
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    if (g_strcmp0 (fol_patient_get_site (a, r), fol_patient_get_site (b, r)) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
same_session_parts (FolTreatmentSession *a,
                    FolTreatmentSession *b)
{
  guint n = fol_treatment_session_get_n_adverse_events (a);

  if (n != fol_treatment_session_get_n_adverse_events (b))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      FolSeverity sa, sb;
      const char *da = fol_treatment_session_get_adverse_event (a, i, &sa);
      const char *db = fol_treatment_session_get_adverse_event (b, i, &sb);

      if (sa != sb || g_strcmp0 (da, db) != 0)
        return FALSE;
    }
  return TRUE;
}

/**
 * _fol_csv_same_record:
 * @skip: (nullable): a property not to compare (e.g. a measurement's
 *   "visit-id", which a stored measurement does not carry)
 *
 * Returns: whether @a and @b (of one type) say the same, write times aside
 */
gboolean
_fol_csv_same_record (gpointer    a,
                      gpointer    b,
                      const char *skip)
{
  g_autofree GParamSpec **specs = NULL;
  guint n = 0;

  g_return_val_if_fail (G_IS_OBJECT (a) && G_IS_OBJECT (b), FALSE);
  g_return_val_if_fail (G_OBJECT_TYPE (a) == G_OBJECT_TYPE (b), FALSE);

  specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (a), &n);
  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) va = G_VALUE_INIT;
      g_auto(GValue) vb = G_VALUE_INIT;

      if (!(specs[i]->flags & G_PARAM_READABLE) || is_write_time (specs[i]->name) ||
          g_strcmp0 (specs[i]->name, skip) == 0)
        continue;
      g_value_init (&va, specs[i]->value_type);
      g_value_init (&vb, specs[i]->value_type);
      g_object_get_property (a, specs[i]->name, &va);
      g_object_get_property (b, specs[i]->name, &vb);
      if (!same_value (&va, &vb))
        return FALSE;
    }

  if (FOL_IS_PATIENT (a))
    return same_patient_parts (a, b);
  if (FOL_IS_TREATMENT_SESSION (a))
    return same_session_parts (a, b);
  return TRUE;
}

/**
 * _fol_csv_append_record:
 *
 * Appends everything @record says, write times included, as one line.
 */
void
_fol_csv_append_record (GString  *out,
                        gpointer  record)
{
  g_autofree GParamSpec **specs = NULL;
  guint n = 0;

  g_return_if_fail (G_IS_OBJECT (record));

  g_string_append (out, G_OBJECT_TYPE_NAME (record));
  specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (record), &n);
  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) v = G_VALUE_INIT;

      if (!(specs[i]->flags & G_PARAM_READABLE))
        continue;
      g_value_init (&v, specs[i]->value_type);
      g_object_get_property (record, specs[i]->name, &v);
      g_string_append_printf (out, "|%s=", specs[i]->name);
      if (G_VALUE_HOLDS_DOUBLE (&v))
        g_string_append_printf (out, "%.17g", g_value_get_double (&v));
      else
        {
          g_autofree char *text = g_strdup_value_contents (&v);

          g_string_append (out, text);
        }
    }

  if (FOL_IS_PATIENT (record))
    for (guint r = 0; r < FOL_N_REGIONS; r++)
      g_string_append_printf (out, "|site%u=%s", r, fol_patient_get_site (record, r) ?: "");
  if (FOL_IS_TREATMENT_SESSION (record))
    for (guint i = 0; i < fol_treatment_session_get_n_adverse_events (record); i++)
      {
        FolSeverity severity;
        const char *text = fol_treatment_session_get_adverse_event (record, i, &severity);

        g_string_append_printf (out, "|event=%d:%s", severity, text);
      }
  g_string_append_c (out, '\n');
}
