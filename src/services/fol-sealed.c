/* fol-sealed.c
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

#define G_LOG_DOMAIN "fol-sealed"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fol-i18n.h"
#include "fol-sealed-input-stream.h"
#include "fol-sealed-output-stream.h"
#include "fol-sealed-private.h"

/* A protected ("sealed") file: a patient file or a backup archive that
 * leaves the clinic with a passphrase. Nothing here is home-made
 * cryptography: libsodium derives a key from the passphrase with
 * Argon2id and encrypts the content with XChaCha20-Poly1305 in its
 * secretstream construction, which authenticates every chunk, their
 * order and the end of the stream.
 *
 * The header, 128 bytes, little-endian:
 *
 *     0  "FOLSEAL"            magic
 *     7  1                    format version
 *     8  1                    algorithm: Argon2id + secretstream XChaCha20-Poly1305
 *     9  0 0 0                reserved
 *    12  u32 opslimit         Argon2id passes
 *    16  u64 memlimit         Argon2id memory, bytes
 *    24  salt[16]
 *    40  key_check[32]        BLAKE2b keyed with the derived key
 *    72  stream_header[24]    secretstream header
 *    96  header_sum[32]       BLAKE2b of bytes 0–95
 *
 * then chunks of FOL_SEALED_CHUNK plain bytes, each encrypted with its
 * tag and MAC; the last one carries the FINAL tag, and nothing may follow
 * it. The first chunk authenticates the whole header as additional data.
 *
 * The key check and the unkeyed header sum tell the two refusals apart:
 * a wrong passphrase fails the key check on an intact header, while a
 * changed byte anywhere fails the header sum, the key check's twin
 * through the header as additional data, or a chunk's MAC.
 */

#define FORMAT_VERSION 1
#define ALGORITHM      1
#define MAX_OPSLIMIT   16
#define MAX_MEMLIMIT   ((guint64) 1 << 30)

static const char key_check_context[] = "Follicle sealed file key check 1";

static guint64 write_opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
static gsize   write_memlimit = crypto_pwhash_MEMLIMIT_MODERATE;

G_DEFINE_QUARK (fol-sealed-error-quark, fol_sealed_error)

static gboolean
ensure_sodium (GError **error)
{
  static gsize ready = 0;

  if (g_once_init_enter (&ready))
    {
      gsize ok = sodium_init () >= 0 ? 2 : 1;
      g_once_init_leave (&ready, ok);
    }
  if (ready == 2)
    return TRUE;
  g_set_error_literal (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_FAILED,
                       _("The encryption library could not be started"));
  return FALSE;
}

void
_fol_sealed_set_error_altered (GError **error)
{
  g_set_error_literal (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_ALTERED,
                       _("The file was altered or damaged after it was written"));
}

void
_fol_sealed_set_error_not_sealed (GError **error)
{
  g_set_error_literal (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_NOT_SEALED,
                       _("The file is not protected with a passphrase"));
}

void
_fol_sealed_set_limits_for_testing (guint64 opslimit,
                                    gsize   memlimit)
{
  write_opslimit = opslimit;
  write_memlimit = memlimit;
}

static void
put_u32 (guint8 *p, guint32 v)
{
  for (guint i = 0; i < 4; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static void
put_u64 (guint8 *p, guint64 v)
{
  for (guint i = 0; i < 8; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static guint64
get_le (const guint8 *p, guint n)
{
  guint64 v = 0;

  for (guint i = 0; i < n; i++)
    v |= (guint64) p[i] << (8 * i);
  return v;
}

static gboolean
derive_key (const char    *passphrase,
            const guint8  *salt,
            guint64        opslimit,
            gsize          memlimit,
            guint8         key[crypto_secretstream_xchacha20poly1305_KEYBYTES],
            guint8         key_check[32],
            GError       **error)
{
  if (crypto_pwhash (key, crypto_secretstream_xchacha20poly1305_KEYBYTES,
                     passphrase, strlen (passphrase), salt,
                     opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_FAILED,
                           _("Not enough memory to derive the key from the passphrase"));
      return FALSE;
    }
  crypto_generichash (key_check, 32, (const guint8 *) key_check_context,
                      sizeof key_check_context - 1,
                      key, crypto_secretstream_xchacha20poly1305_KEYBYTES);
  return TRUE;
}

gboolean
_fol_sealed_begin_write (const char     *passphrase,
                         guint8          header[FOL_SEALED_HEADER_LEN],
                         FolSealedState *state,
                         GError        **error)
{
  guint8 key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
  gboolean ok;

  if (!ensure_sodium (error) || !fol_sealed_check_passphrase (passphrase, error))
    return FALSE;

  memset (header, 0, FOL_SEALED_HEADER_LEN);
  memcpy (header, FOL_SEALED_MAGIC, FOL_SEALED_MAGIC_LEN);
  header[7] = FORMAT_VERSION;
  header[8] = ALGORITHM;
  put_u32 (header + 12, (guint32) write_opslimit);
  put_u64 (header + 16, write_memlimit);
  randombytes_buf (header + 24, crypto_pwhash_SALTBYTES);

  ok = derive_key (passphrase, header + 24, write_opslimit, write_memlimit,
                   key, header + 40, error);
  if (ok)
    {
      crypto_secretstream_xchacha20poly1305_init_push (state, header + 72, key);
      crypto_generichash (header + 96, 32, header, 96, NULL, 0);
    }
  sodium_memzero (key, sizeof key);
  return ok;
}

gboolean
_fol_sealed_begin_read (const guint8    header[FOL_SEALED_HEADER_LEN],
                        const char     *passphrase,
                        FolSealedState *state,
                        GError        **error)
{
  guint8 key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
  guint8 sum[32];
  guint8 check[32];
  guint64 opslimit, memlimit;
  gboolean ok;

  if (!ensure_sodium (error))
    return FALSE;
  if (!fol_sealed_has_magic (header, FOL_SEALED_HEADER_LEN))
    {
      _fol_sealed_set_error_not_sealed (error);
      return FALSE;
    }

  crypto_generichash (sum, sizeof sum, header, 96, NULL, 0);
  if (sodium_memcmp (sum, header + 96, sizeof sum) != 0)
    {
      _fol_sealed_set_error_altered (error);
      return FALSE;
    }
  if (header[7] != FORMAT_VERSION || header[8] != ALGORITHM)
    {
      g_set_error_literal (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_UNSUPPORTED,
                           _("The file was protected by a newer version of Follicle"));
      return FALSE;
    }

  opslimit = get_le (header + 12, 4);
  memlimit = get_le (header + 16, 8);
  if (header[9] != 0 || header[10] != 0 || header[11] != 0
      || opslimit < crypto_pwhash_OPSLIMIT_MIN || opslimit > MAX_OPSLIMIT
      || memlimit < crypto_pwhash_MEMLIMIT_MIN || memlimit > MAX_MEMLIMIT)
    {
      _fol_sealed_set_error_altered (error);
      return FALSE;
    }

  if (passphrase == NULL || *passphrase == '\0')
    {
      g_set_error_literal (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_WRONG_PASSPHRASE,
                           _("The file is protected: a passphrase is needed to open it"));
      return FALSE;
    }

  if (!derive_key (passphrase, header + 24, opslimit, (gsize) memlimit, key, check, error))
    return FALSE;

  ok = sodium_memcmp (check, header + 40, sizeof check) == 0;
  if (!ok)
    g_set_error_literal (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_WRONG_PASSPHRASE,
                         _("The passphrase is not the one the file was protected with"));
  else if (crypto_secretstream_xchacha20poly1305_init_pull (state, header + 72, key) != 0)
    {
      _fol_sealed_set_error_altered (error);
      ok = FALSE;
    }
  sodium_memzero (key, sizeof key);
  return ok;
}

gboolean
fol_sealed_has_magic (const guint8 *data,
                      gsize         len)
{
  return data != NULL && len >= FOL_SEALED_MAGIC_LEN
         && memcmp (data, FOL_SEALED_MAGIC, FOL_SEALED_MAGIC_LEN) == 0;
}

/**
 * fol_sealed_file_is_sealed:
 *
 * Whether @path starts like a protected file, so that a caller knows to
 * ask for the passphrase before anything else.
 */
gboolean
fol_sealed_file_is_sealed (const char *path)
{
  guint8 head[FOL_SEALED_MAGIC_LEN];
  struct stat st;
  gboolean sealed = FALSE;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    return FALSE;
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode)
      && read (fd, head, sizeof head) == (ssize_t) sizeof head)
    sealed = fol_sealed_has_magic (head, sizeof head);
  close (fd);
  return sealed;
}

/**
 * fol_sealed_check_passphrase:
 *
 * A passphrase that protects a file must be valid UTF-8 and at least
 * %FOL_SEALED_MIN_PASSPHRASE characters long.
 */
gboolean
fol_sealed_check_passphrase (const char  *passphrase,
                             GError     **error)
{
  if (passphrase == NULL || !g_utf8_validate (passphrase, -1, NULL))
    {
      g_set_error_literal (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_PASSPHRASE,
                           _("The passphrase is not valid text"));
      return FALSE;
    }
  if (g_utf8_strlen (passphrase, -1) < FOL_SEALED_MIN_PASSPHRASE)
    {
      g_set_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_PASSPHRASE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The passphrase must have at least %d character",
                                "The passphrase must have at least %d characters",
                                FOL_SEALED_MIN_PASSPHRASE),
                   FOL_SEALED_MIN_PASSPHRASE);
      return FALSE;
    }
  return TRUE;
}

/**
 * fol_sealed_read_passphrase_file:
 *
 * Reads a passphrase from the first line of a file, so that it never
 * appears on a command line. The line ending is not part of it.
 */
char *
fol_sealed_read_passphrase_file (const char  *path,
                                 GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = g_filename_display_name (path);
  struct stat st;
  gsize len = 0;
  char *passphrase;
  char *eol;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_PASSPHRASE,
                   _("The passphrase file “%s” does not exist or is not a regular file"), name);
      return NULL;
    }
  if (st.st_size > 4096)
    {
      g_set_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_PASSPHRASE,
                   _("The passphrase file “%s” is too large to hold a passphrase"), name);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;

  eol = strpbrk (contents, "\r\n");
  if (eol != NULL)
    *eol = '\0';
  if (*contents == '\0')
    {
      sodium_memzero (contents, len);
      g_set_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_PASSPHRASE,
                   _("The passphrase file “%s” is empty"), name);
      return NULL;
    }
  if (!g_utf8_validate (contents, -1, NULL))
    {
      sodium_memzero (contents, len);
      g_set_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_PASSPHRASE,
                   _("The passphrase file “%s” does not hold valid text"), name);
      return NULL;
    }
  passphrase = g_strdup (contents);
  sodium_memzero (contents, len);
  return passphrase;
}

/**
 * fol_sealed_passphrase_strength:
 *
 * A rough hint for the person choosing a passphrase, 0 (very weak) to 4
 * (strong), from its length and the kinds of characters it uses. It is an
 * estimate of guessing effort, not a promise.
 */
int
fol_sealed_passphrase_strength (const char *passphrase)
{
  gboolean lower = FALSE, upper = FALSE, digit = FALSE, other = FALSE;
  double pool = 0, bits;
  glong length;

  if (passphrase == NULL || !g_utf8_validate (passphrase, -1, NULL))
    return 0;
  length = g_utf8_strlen (passphrase, -1);
  for (const char *p = passphrase; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_islower (c))
        lower = TRUE;
      else if (g_unichar_isupper (c))
        upper = TRUE;
      else if (g_unichar_isdigit (c))
        digit = TRUE;
      else
        other = TRUE;
    }
  pool = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? 33 : 0);
  if (pool < 2)
    return 0;
  bits = length * log2 (pool);
  if (bits < 40)
    return 0;
  if (bits < 56)
    return 1;
  if (bits < 72)
    return 2;
  if (bits < 96)
    return 3;
  return 4;
}

/**
 * fol_sealed_decrypt_file:
 * @max_size: the most plain bytes accepted
 *
 * Opens a protected file into memory only: nothing in clear touches the
 * disk. Every chunk is authenticated before any of it is returned.
 */
GBytes *
fol_sealed_decrypt_file (const char  *path,
                         const char  *passphrase,
                         gsize        max_size,
                         GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) raw = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GByteArray) plain = g_byte_array_new ();
  guint8 buf[16384];

  raw = g_file_read (file, NULL, error);
  if (raw == NULL)
    return NULL;
  in = fol_sealed_input_stream_new (G_INPUT_STREAM (raw), passphrase, NULL, error);
  if (in == NULL)
    return NULL;

  for (;;)
    {
      gssize n = g_input_stream_read (in, buf, sizeof buf, NULL, error);

      if (n < 0)
        {
          sodium_memzero (plain->data, plain->len);
          return NULL;
        }
      if (n == 0)
        break;
      if (plain->len + (gsize) n > max_size)
        {
          sodium_memzero (plain->data, plain->len);
          g_set_error_literal (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_FAILED,
                               _("The protected file is larger than any file Follicle writes"));
          return NULL;
        }
      g_byte_array_append (plain, buf, n);
    }
  sodium_memzero (buf, sizeof buf);
  return g_byte_array_free_to_bytes (g_steal_pointer (&plain));
}

/**
 * fol_sealed_encrypt_bytes:
 *
 * Writes @plain to @out protected with @passphrase. @out stays open.
 */
gboolean
fol_sealed_encrypt_bytes (GBytes         *plain,
                          GOutputStream  *out,
                          const char     *passphrase,
                          GError        **error)
{
  g_autoptr(GOutputStream) sealed = NULL;
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (plain, &len);

  sealed = fol_sealed_output_stream_new (out, passphrase, NULL, error);
  if (sealed == NULL)
    return FALSE;
  g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (sealed), FALSE);
  if (!g_output_stream_write_all (sealed, data, len, NULL, NULL, error))
    return FALSE;
  return g_output_stream_close (sealed, NULL, error);
}
