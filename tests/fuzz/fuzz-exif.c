/* fuzz-exif.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "fol-exif.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Photo metadata from any camera or file: the reader stays inside the
 * buffer, and what it reports is in range.
 */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  FolExifInfo info;

  memset (&info, 0, sizeof info);
  if (fol_exif_parse_jpeg (data, size, &info) && (info.orientation < 1 || info.orientation > 8))
    __builtin_trap ();

  memset (&info, 0, sizeof info);
  if (fol_exif_parse_tiff (data, size, &info) && (info.orientation < 1 || info.orientation > 8))
    __builtin_trap ();

  if (info.date_time[sizeof info.date_time - 1] != '\0')
    __builtin_trap ();

  return 0;
}
