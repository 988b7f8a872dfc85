/* fuzz-archive.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>

#include <glib/gstdio.h>

#include "fol-archive.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static char *dest_root;
static guint counter;

/* The archive reader (follicle --restore) on arbitrary bytes: it must
 * refuse or accept without crashing, and only ever write inside the folder
 * it was given.
 */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (data, size, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = NULL;
  gboolean ok;

  if (dest_root == NULL)
    dest_root = g_dir_make_tmp ("follicle-fuzz-archive-XXXXXX", NULL);

  dest = g_strdup_printf ("%s/%u", dest_root, counter++);
  g_mkdir (dest, 0700);

  ok = fol_archive_extract (in, dest, &error);
  if (!ok && (error == NULL || error->message[0] == '\0'))
    __builtin_trap ();

  fol_archive_remove_tree (dest);
  return 0;
}
