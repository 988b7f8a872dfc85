/* fol-threshold.c
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

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include <math.h>
#include <string.h>

#include "fol-i18n.h"
#include "fol-threshold.h"

/* The one place that decides the no-change threshold in effect: the
 * window, review mode, the command line, the report and batch export all
 * ask fol_threshold_in_effect(). An override (follicle --threshold) wins;
 * otherwise the preference `change-threshold`; without settings (no
 * schema installed) the default, silently.
 */

/* NaN: no override. */
static double override_percent = NAN;
G_LOCK_DEFINE_STATIC (override_percent);

/**
 * fol_threshold_is_valid:
 * @percent: a threshold in percent
 *
 * Returns: whether @percent is a number from %FOL_THRESHOLD_MIN to
 *   %FOL_THRESHOLD_MAX, both included
 */
gboolean
fol_threshold_is_valid (double percent)
{
  return isfinite (percent) && percent >= FOL_THRESHOLD_MIN && percent <= FOL_THRESHOLD_MAX;
}

/**
 * fol_threshold_parse:
 * @text: a number in percent, e.g. "15" or "12.5"; a trailing "%" is allowed
 * @out_percent: (out): the threshold
 * @error: a %G_OPTION_ERROR_BAD_VALUE naming --threshold and the range
 *
 * Returns: %TRUE when @text is a threshold from 1 to 50 %
 */
gboolean
fol_threshold_parse (const char  *text,
                     double      *out_percent,
                     GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
  gsize len = strlen (copy);
  char *end = NULL;
  double value;

  if (len > 0 && copy[len - 1] == '%')
    {
      copy[len - 1] = '\0';
      g_strchomp (copy);
    }

  value = g_ascii_strtod (copy, &end);
  if (copy[0] == '\0' || end == copy || *end != '\0' || !fol_threshold_is_valid (value))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: the value given, then the smallest and largest threshold */
                   _("--threshold “%s”: the no-change threshold must be a number of percent "
                     "from %g to %g, e.g. 10"),
                   text ? text : "", FOL_THRESHOLD_MIN, FOL_THRESHOLD_MAX);
      return FALSE;
    }

  *out_percent = value;
  return TRUE;
}

/* Where the preference is kept, found once: its key, when its schema is
 * installed, the key's path in the settings' store, and that store. */
typedef struct
{
  GSettingsSchemaKey *key;
  char               *path;
  GSettingsBackend   *backend;
} Preference;

static const Preference *
preference (void)
{
  static gsize once = 0;
  static Preference found;

  if (g_once_init_enter (&once))
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = NULL;
      const char *path;

      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, FOL_THRESHOLD_SCHEMA, TRUE);
      path = schema != NULL ? g_settings_schema_get_path (schema) : NULL;
      if (path != NULL && g_settings_schema_has_key (schema, "change-threshold"))
        {
          found.key = g_settings_schema_get_key (schema, "change-threshold");
          found.path = g_strconcat (path, "change-threshold", NULL);
          found.backend = g_settings_backend_get_default ();
        }
      g_once_init_leave (&once, 1);
    }
  return &found;
}

/* The user's preference, read from the settings' store as GSettings reads
 * it (the value stored, of the key's type and within its range, else the
 * key's default), again on every call. A GSettings object would also watch
 * the key for changes: with the dconf store that starts two threads and a
 * connection to the session bus, which made a command exporting one chart
 * 5 ms slower. A value read each time it is needed need not be watched.
 */
static double
read_preference (void)
{
  const Preference *p = preference ();
  g_autoptr(GVariant) value = NULL;
  const GVariantType *type;

  if (p->key == NULL)
    return FOL_THRESHOLD_DEFAULT;

  type = g_settings_schema_key_get_value_type (p->key);
  value = G_SETTINGS_BACKEND_GET_CLASS (p->backend)->read (p->backend, p->path, type, FALSE);
  if (value != NULL)
    g_variant_take_ref (value);
  if (value != NULL &&
      (!g_variant_is_of_type (value, type) || !g_settings_schema_key_range_check (p->key, value)))
    g_clear_pointer (&value, g_variant_unref);
  if (value == NULL)
    value = g_settings_schema_key_get_default_value (p->key);
  return g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE) ? g_variant_get_double (value)
                                                               : FOL_THRESHOLD_DEFAULT;
}

/**
 * fol_threshold_from_settings:
 * @settings: (nullable): settings of %FOL_THRESHOLD_SCHEMA, or %NULL for
 *   the user's own, when the schema is installed
 *
 * Returns: the preference `change-threshold`, or %FOL_THRESHOLD_DEFAULT when
 *   there are no settings or the value is out of range
 */
double
fol_threshold_from_settings (GSettings *settings)
{
  double value;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), FOL_THRESHOLD_DEFAULT);

  value = settings != NULL ? g_settings_get_double (settings, "change-threshold") : read_preference ();
  return fol_threshold_is_valid (value) ? value : FOL_THRESHOLD_DEFAULT;
}

/**
 * fol_threshold_set_override:
 * @percent: a valid threshold, or NaN to follow the preference again
 *
 * Sets the threshold for the rest of the process, above the preference:
 * what `follicle --threshold` does.
 */
void
fol_threshold_set_override (double percent)
{
  g_return_if_fail (isnan (percent) || fol_threshold_is_valid (percent));

  G_LOCK (override_percent);
  override_percent = percent;
  G_UNLOCK (override_percent);
}

/**
 * fol_threshold_in_effect:
 * @settings: (nullable): as for fol_threshold_from_settings()
 *
 * Safe to call from any thread.
 *
 * Returns: the no-change threshold every verdict, band and note uses
 */
double
fol_threshold_in_effect (GSettings *settings)
{
  double percent;

  G_LOCK (override_percent);
  percent = override_percent;
  G_UNLOCK (override_percent);

  return isnan (percent) ? fol_threshold_from_settings (settings) : percent;
}
