/* fuzz-date.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "fol-date.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Dates as typed: fol_date_parse() accepts only real YYYY-MM-DD dates,
 * and what it accepts prints back exactly and survives date arithmetic.
 */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  FolDate date = FOL_DATE_NONE;

  if (fol_date_parse (text, &date, NULL))
    {
      g_autofree char *iso = fol_date_to_iso (date);
      g_autofree char *shown = fol_date_format (date);
      FolDate later;

      if (strcmp (iso, text) != 0 || date == FOL_DATE_NONE)
        __builtin_trap ();
      later = fol_date_add_months (date, (int) (size % 25) - 12);
      if (later != FOL_DATE_NONE)
        (void) fol_date_months_between (date, later);
      (void) shown;
    }
  else
    {
      g_autoptr(GError) error = NULL;

      /* A refusal always explains itself. */
      if (fol_date_parse (text, &date, &error) || error == NULL || error->message[0] == '\0')
        __builtin_trap ();
    }
  return 0;
}
