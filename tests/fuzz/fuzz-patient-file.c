/* fuzz-patient-file.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>

#include <glib/gstdio.h>

#include "fol-patient-file.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static char *path;

/* A patient's own copy, as anything a file manager might hand over: it
 * opens only when whole and unaltered, and is refused otherwise — never a
 * crash.
 */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(FolSqliteStore) store = NULL;
  g_autofree char *patient_id = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("fuzz-patient-XXXXXX", NULL);

      path = g_build_filename (dir, "patient.follicle", NULL);
    }

  if (!g_file_set_contents (path, (const char *) data, size, NULL))
    return 0;

  store = fol_patient_file_open (path, &patient_id, &error);
  if ((store == NULL) == (error == NULL))
    __builtin_trap ();

  return 0;
}
