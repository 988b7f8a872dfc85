/* fol-sealed.h
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

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FOL_SEALED_ERROR (fol_sealed_error_quark ())

typedef enum
{
  FOL_SEALED_ERROR_NOT_SEALED,
  FOL_SEALED_ERROR_WRONG_PASSPHRASE,
  FOL_SEALED_ERROR_ALTERED,
  FOL_SEALED_ERROR_UNSUPPORTED,
  FOL_SEALED_ERROR_PASSPHRASE,
  FOL_SEALED_ERROR_FAILED,
} FolSealedError;

/* The first bytes of every protected file. */
#define FOL_SEALED_MAGIC     "FOLSEAL"
#define FOL_SEALED_MAGIC_LEN 7

/* A passphrase shorter than this is refused when protecting a file. */
#define FOL_SEALED_MIN_PASSPHRASE 8

GQuark    fol_sealed_error_quark        (void);

gboolean  fol_sealed_has_magic          (const guint8  *data,
                                         gsize          len);
gboolean  fol_sealed_file_is_sealed     (const char    *path);
gboolean  fol_sealed_check_passphrase   (const char    *passphrase,
                                         GError       **error);
char     *fol_sealed_read_passphrase_file (const char  *path,
                                         GError       **error);
int       fol_sealed_passphrase_strength (const char   *passphrase);

GBytes   *fol_sealed_decrypt_file       (const char    *path,
                                         const char    *passphrase,
                                         gsize          max_size,
                                         GError       **error);
gboolean  fol_sealed_encrypt_bytes      (GBytes        *plain,
                                         GOutputStream *out,
                                         const char    *passphrase,
                                         GError       **error);

G_END_DECLS
