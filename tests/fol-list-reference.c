/* fol-list-reference.c
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

#include <string.h>

#include "fol-catalog.h"
#include "fol-date.h"
#include "fol-list-reference.h"

static char *
escape_controls (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else if (c >= 0x80 && c <= 0x9f)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

char *
fol_list_reference_line (FolPatient *patient)
{
  g_autofree char *birth = fol_date_to_iso (fol_patient_get_birth_date (patient));
  const char *diagnosis = fol_patient_get_diagnosis (patient);
  g_autofree char *id = escape_controls (fol_patient_get_id (patient));
  g_autofree char *name = escape_controls (fol_patient_get_name (patient));

  return g_strdup_printf ("%s\t%s\t%s\t%s\n", id, name, birth ? birth : "",
                          diagnosis ? fol_catalog_label (FOL_CATALOG_DIAGNOSIS, diagnosis) : "");
}
