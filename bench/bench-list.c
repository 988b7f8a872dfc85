/* bench-list.c
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

/* The patient list as `follicle --list-patients` printed it before it
 * streamed: the store's list of patient objects, one object and one
 * g_print() (a write to stdout) per patient. build-aux/bench times it
 * beside the command, on the same clinic, and checks that both print the
 * same bytes.
 *
 *   bench-list CLINIC > list.txt
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "fol-catalog.h"
#include "fol-clinic.h"

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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolStore) store = NULL;
  g_autoptr(GListModel) patients = NULL;
  guint n;

  setlocale (LC_ALL, "");
  if (argc != 2)
    {
      g_printerr ("usage: bench-list CLINIC\n");
      return 2;
    }

  store = fol_clinic_open (argv[1], FOL_CLINIC_OPEN_READ_ONLY | FOL_CLINIC_OPEN_EXISTING, &error);
  if (store != NULL)
    patients = fol_store_list_patients (store, NULL, &error);
  if (patients == NULL)
    {
      g_printerr ("bench-list: %s\n", error->message);
      return 1;
    }

  n = g_list_model_get_n_items (patients);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FolPatient) p = g_list_model_get_item (patients, i);
      g_autofree char *birth = fol_date_to_iso (fol_patient_get_birth_date (p));
      const char *diagnosis = fol_patient_get_diagnosis (p);
      g_autofree char *id = escape_controls (fol_patient_get_id (p));
      g_autofree char *name = escape_controls (fol_patient_get_name (p));

      g_print ("%s\t%s\t%s\t%s\n", id, name, birth ? birth : "",
               diagnosis ? fol_catalog_label (FOL_CATALOG_DIAGNOSIS, diagnosis) : "");
    }
  return 0;
}
