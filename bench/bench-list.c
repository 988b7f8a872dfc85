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

#include "fol-clinic.h"
#include "fol-list-reference.h"

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
      g_autofree char *line = fol_list_reference_line (p);

      g_print ("%s", line);
    }
  return 0;
}
