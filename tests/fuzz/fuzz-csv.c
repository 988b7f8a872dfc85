/* fuzz-csv.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>

#include <glib/gstdio.h>

#include "fol-csv.h"
#include "fol-sqlite-store.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static FolSqliteStore *store;

/* A spreadsheet from outside: the record parser must stay inside the
 * buffer and always move forward, and the import preview must read any
 * bytes into rows or rejections without writing anything.
 */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  gsize pos = 0;
  guint lines = 0;

  while (pos < size)
    {
      gsize before = pos;

      g_ptr_array_set_size (fields, 0);
      if (!fol_csv_parse_record ((const char *) data, size, &pos, ',', fields, &lines, NULL))
        break;
      if (pos <= before || pos > size)
        __builtin_trap ();
    }

  if (store == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("fuzz-csv-XXXXXX", NULL);
      g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);

      store = fol_sqlite_store_open (path, FOL_SQLITE_STORE_FLAGS_NONE, NULL);
      if (store == NULL)
        __builtin_trap ();
    }

  {
    g_autoptr(FolCsvPreview) preview =
      fol_csv_import_preview_data (FOL_STORE (store), (const char *) data, size, NULL);

    /* A preview never writes. */
    if (fol_store_count_patients (FOL_STORE (store), NULL) != 0)
      __builtin_trap ();
  }

  return 0;
}
