/* fuzz-number.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdint.h>

#include "fol-validate.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Numbers as typed into a measurement field: parsed the C-locale way the
 * forms and importers use, then checked against each field's range. The
 * validator must never accept what lies outside the range, NaN or
 * infinity, nor a fraction in a whole-number field.
 */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  const FolMeasurementField *fields;
  char *end = NULL;
  double value;
  guint n = 0;

  value = g_ascii_strtod (text, &end);
  fields = fol_measurement_fields (&n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = fol_validate_measurement_value (fields[i].property, value, &error);

      if (ok && !isnan (value))
        {
          if (!isfinite (value) || value < fields[i].min || value > fields[i].max ||
              (fields[i].integer && value != floor (value)))
            __builtin_trap ();
        }
      if (!ok && (error == NULL || error->message[0] == '\0'))
        __builtin_trap ();
    }
  return 0;
}
