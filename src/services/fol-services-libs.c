/* fol-services-libs.c
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

/* libarchive (backup archives), libsodium (sealed backups and the PIN) and
 * libsecret (clinic server passwords), loaded the first time they are
 * used. The programs link the services without linking these libraries
 * (src/services/meson.build): with libxml2, ICU and libgcrypt, which they
 * bring, they took longer to load than opening a clinic file does. Each
 * function the services call is defined here and calls the library's own.
 */

#include "config.h"

#include <stdarg.h>

#include <archive.h>
#include <archive_entry.h>
#include <libsecret/secret.h>
#include <sodium.h>

#include "fol-lazy-lib.h"

static FolLazyLib libarchive = { "libarchive.so.13", NULL };
static FolLazyLib libsodium = { "libsodium.so.23", NULL };
static FolLazyLib libsecret = { "libsecret-1.so.0", NULL };

/* libarchive */

#define AR(type, name, params, args) FOL_LAZY_FUNCTION (libarchive, type, name, params, args)

AR (__LA_MODE_T, archive_entry_filetype, (struct archive_entry *e), (e))
AR (const char *, archive_entry_hardlink, (struct archive_entry *e), (e))
AR (const char *, archive_entry_pathname, (struct archive_entry *e), (e))
AR (la_int64_t, archive_entry_size, (struct archive_entry *e), (e))
AR (int, archive_entry_size_is_set, (struct archive_entry *e), (e))
AR (int, archive_entry_sparse_count, (struct archive_entry *e), (e))
AR (const char *, archive_entry_symlink, (struct archive_entry *e), (e))
AR (la_ssize_t, archive_read_data, (struct archive *a, void *buffer, size_t size), (a, buffer, size))
AR (int, archive_read_free, (struct archive *a), (a))
AR (struct archive *, archive_read_new, (void), ())
AR (int, archive_read_next_header, (struct archive *a, struct archive_entry **e), (a, e))
AR (int, archive_read_open,
    (struct archive *a, void *data, archive_open_callback *open, archive_read_callback *read,
     archive_close_callback *close),
    (a, data, open, read, close))
AR (int, archive_read_support_format_tar, (struct archive *a), (a))

void
archive_set_error (struct archive *a,
                   int             number,
                   const char     *format,
                   ...)
{
  static gpointer fn;
  gpointer f = g_atomic_pointer_get (&fn);
  g_autofree char *message = NULL;
  va_list args;

  if (G_UNLIKELY (f == NULL))
    g_atomic_pointer_set (&fn, f = fol_lazy_lib_symbol (&libarchive, "archive_set_error"));
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  ((void (*) (struct archive *, int, const char *, ...)) f) (a, number, "%s", message);
}

/* libsodium */

#define NA(type, name, params, args) FOL_LAZY_FUNCTION (libsodium, type, name, params, args)
#define NA_VOID(name, params, args) FOL_LAZY_VOID_FUNCTION (libsodium, name, params, args)

NA (int, crypto_generichash,
    (unsigned char *out, size_t outlen, const unsigned char *in, unsigned long long inlen,
     const unsigned char *key, size_t keylen),
    (out, outlen, in, inlen, key, keylen))
NA (int, crypto_pwhash,
    (unsigned char * const out, unsigned long long outlen, const char * const passwd,
     unsigned long long passwdlen, const unsigned char * const salt,
     unsigned long long opslimit, size_t memlimit, int alg),
    (out, outlen, passwd, passwdlen, salt, opslimit, memlimit, alg))
NA (int, crypto_pwhash_str,
    (char out[crypto_pwhash_STRBYTES], const char * const passwd, unsigned long long passwdlen,
     unsigned long long opslimit, size_t memlimit),
    (out, passwd, passwdlen, opslimit, memlimit))
NA (int, crypto_pwhash_str_verify,
    (const char str[crypto_pwhash_STRBYTES], const char * const passwd,
     unsigned long long passwdlen),
    (str, passwd, passwdlen))
NA (int, crypto_secretstream_xchacha20poly1305_init_push,
    (crypto_secretstream_xchacha20poly1305_state *state,
     unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES],
     const unsigned char k[crypto_secretstream_xchacha20poly1305_KEYBYTES]),
    (state, header, k))
NA (int, crypto_secretstream_xchacha20poly1305_init_pull,
    (crypto_secretstream_xchacha20poly1305_state *state,
     const unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES],
     const unsigned char k[crypto_secretstream_xchacha20poly1305_KEYBYTES]),
    (state, header, k))
NA (int, crypto_secretstream_xchacha20poly1305_push,
    (crypto_secretstream_xchacha20poly1305_state *state, unsigned char *c,
     unsigned long long *clen_p, const unsigned char *m, unsigned long long mlen,
     const unsigned char *ad, unsigned long long adlen, unsigned char tag),
    (state, c, clen_p, m, mlen, ad, adlen, tag))
NA (int, crypto_secretstream_xchacha20poly1305_pull,
    (crypto_secretstream_xchacha20poly1305_state *state, unsigned char *m,
     unsigned long long *mlen_p, unsigned char *tag_p, const unsigned char *c,
     unsigned long long clen, const unsigned char *ad, unsigned long long adlen),
    (state, m, mlen_p, tag_p, c, clen, ad, adlen))
NA_VOID (randombytes_buf, (void * const buf, const size_t size), (buf, size))
NA (int, sodium_init, (void), ())
NA (int, sodium_memcmp, (const void * const b1, const void * const b2, size_t len),
    (b1, b2, len))
NA_VOID (sodium_memzero, (void * const pnt, const size_t len), (pnt, len))

/* libsecret: its functions that take the attributes as arguments call
 * those that take them as a table, as libsecret's own do.
 */

#define SE(type, name, params, args) FOL_LAZY_FUNCTION (libsecret, type, name, params, args)

SE (GHashTable *, secret_attributes_buildv, (const SecretSchema *schema, va_list va),
    (schema, va))
SE (gboolean, secret_password_storev_sync,
    (const SecretSchema *schema, GHashTable *attributes, const gchar *collection,
     const gchar *label, const gchar *password, GCancellable *cancellable, GError **error),
    (schema, attributes, collection, label, password, cancellable, error))
SE (gchar *, secret_password_lookupv_sync,
    (const SecretSchema *schema, GHashTable *attributes, GCancellable *cancellable,
     GError **error),
    (schema, attributes, cancellable, error))
SE (gboolean, secret_password_clearv_sync,
    (const SecretSchema *schema, GHashTable *attributes, GCancellable *cancellable,
     GError **error),
    (schema, attributes, cancellable, error))
FOL_LAZY_VOID_FUNCTION (libsecret, secret_password_free, (gchar *password), (password))

gboolean
secret_password_store_sync (const SecretSchema  *schema,
                            const gchar         *collection,
                            const gchar         *label,
                            const gchar         *password,
                            GCancellable        *cancellable,
                            GError             **error,
                            ...)
{
  g_autoptr(GHashTable) attributes = NULL;
  va_list va;

  va_start (va, error);
  attributes = secret_attributes_buildv (schema, va);
  va_end (va);
  if (attributes == NULL)
    return FALSE;
  return secret_password_storev_sync (schema, attributes, collection, label, password,
                                      cancellable, error);
}

gchar *
secret_password_lookup_sync (const SecretSchema  *schema,
                             GCancellable        *cancellable,
                             GError             **error,
                             ...)
{
  g_autoptr(GHashTable) attributes = NULL;
  va_list va;

  va_start (va, error);
  attributes = secret_attributes_buildv (schema, va);
  va_end (va);
  if (attributes == NULL)
    return NULL;
  return secret_password_lookupv_sync (schema, attributes, cancellable, error);
}

gboolean
secret_password_clear_sync (const SecretSchema  *schema,
                            GCancellable        *cancellable,
                            GError             **error,
                            ...)
{
  g_autoptr(GHashTable) attributes = NULL;
  va_list va;

  va_start (va, error);
  attributes = secret_attributes_buildv (schema, va);
  va_end (va);
  if (attributes == NULL)
    return FALSE;
  return secret_password_clearv_sync (schema, attributes, cancellable, error);
}
