/* fol-pin.c
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

#define G_LOG_DOMAIN "fol-pin"

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-pin-private.h"

/* The PIN that guards review mode is never stored: only a salted Argon2id
 * hash of it (libsodium's crypto_pwhash_str, which carries its own salt and
 * cost), so that reading the settings does not reveal it and guessing it
 * offline costs memory and time for every guess.
 */

static guint64 test_opslimit;
static gsize   test_memlimit;

static gboolean
ensure_sodium (GError **error)
{
  static gsize initialized = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&initialized))
    {
      ok = sodium_init () >= 0;
      g_once_init_leave (&initialized, 1);
    }
  if (!ok)
    g_set_error_literal (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                         _("The PIN cannot be protected: the cryptography library did not start"));
  return ok;
}

/**
 * fol_pin_check:
 * @pin: (nullable): a PIN as typed
 *
 * Returns: %TRUE when @pin can be used, else %FALSE with @error saying why
 */
gboolean
fol_pin_check (const char  *pin,
               GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (pin == NULL || g_utf8_strlen (pin, -1) < FOL_PIN_MIN_LENGTH)
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE,
                   g_dngettext (GETTEXT_PACKAGE, "The PIN needs at least %d character",
                                "The PIN needs at least %d characters", FOL_PIN_MIN_LENGTH),
                   FOL_PIN_MIN_LENGTH);
      return FALSE;
    }
  return TRUE;
}

/**
 * fol_pin_hash:
 * @pin: the PIN
 *
 * Hashes @pin with Argon2id and a new random salt, at libsodium's
 * interactive cost.
 *
 * Returns: (transfer full) (nullable): the hash string (`$argon2id$…`),
 *   or %NULL with @error set
 */
char *
fol_pin_hash (const char  *pin,
              GError     **error)
{
  char out[crypto_pwhash_STRBYTES];
  guint64 ops = test_opslimit != 0 ? test_opslimit : crypto_pwhash_OPSLIMIT_INTERACTIVE;
  gsize mem = test_memlimit != 0 ? test_memlimit : crypto_pwhash_MEMLIMIT_INTERACTIVE;

  g_return_val_if_fail (pin != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ensure_sodium (error))
    return NULL;
  if (crypto_pwhash_str (out, pin, strlen (pin), ops, mem) != 0)
    {
      g_set_error_literal (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                           _("The PIN cannot be protected: not enough memory"));
      return NULL;
    }
  return g_strdup (out);
}

/**
 * fol_pin_is_hash:
 * @text: (nullable): a stored value
 *
 * Returns: whether @text has the form of a hash from fol_pin_hash()
 */
gboolean
fol_pin_is_hash (const char *text)
{
  return text != NULL
         && g_str_has_prefix (text, crypto_pwhash_STRPREFIX)
         && strlen (text) < crypto_pwhash_STRBYTES;
}

/**
 * fol_pin_verify:
 * @hash: (nullable): a hash from fol_pin_hash()
 * @pin: (nullable): the PIN typed
 *
 * Returns: %TRUE when @pin is the PIN of @hash; %FALSE for any other PIN,
 *   and for a missing or malformed hash
 */
gboolean
fol_pin_verify (const char *hash,
                const char *pin)
{
  char stored[crypto_pwhash_STRBYTES] = { 0 };

  if (pin == NULL || !fol_pin_is_hash (hash) || !ensure_sodium (NULL))
    return FALSE;

  /* libsodium reads a whole crypto_pwhash_STRBYTES buffer. */
  memcpy (stored, hash, strlen (hash));
  return crypto_pwhash_str_verify (stored, pin, strlen (pin)) == 0;
}

/**
 * fol_pin_retry_delay:
 * @n_wrong: wrong PINs typed in a row
 *
 * The first %FOL_PIN_FREE_TRIES - 1 mistakes cost nothing; from the
 * %FOL_PIN_FREE_TRIES th on, the next try waits 1 s, then 2 s, 4 s… up to
 * %FOL_PIN_MAX_DELAY seconds.
 *
 * Returns: seconds to wait before the next try
 */
guint
fol_pin_retry_delay (guint n_wrong)
{
  guint shift;

  if (n_wrong < FOL_PIN_FREE_TRIES)
    return 0;
  shift = n_wrong - FOL_PIN_FREE_TRIES;
  if (shift >= 5)
    return FOL_PIN_MAX_DELAY;
  return MIN (1u << shift, (guint) FOL_PIN_MAX_DELAY);
}

/**
 * fol_pin_migrate_settings:
 * @settings: settings with `review-pin` and `review-pin-hash`
 *
 * Older versions kept the PIN in clear text in `review-pin`. Such a PIN is
 * hashed into `review-pin-hash`, then the old key is emptied (a crash in
 * between leaves both, and the next start does the same again). A PIN
 * found there is the newer one (put there by hand), so it replaces any
 * hash.
 *
 * Returns: %TRUE when nothing was left in clear text
 */
gboolean
fol_pin_migrate_settings (GSettings  *settings,
                          GError    **error)
{
  g_autofree char *clear = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  clear = g_settings_get_string (settings, "review-pin");
  if (clear[0] == '\0')
    return TRUE;

  hash = fol_pin_hash (clear, error);
  if (hash == NULL)
    return FALSE;

  if (!g_settings_set_string (settings, "review-pin-hash", hash))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The review PIN cannot be saved: the settings are read-only"));
      return FALSE;
    }
  g_settings_reset (settings, "review-pin");
  return TRUE;
}

void
_fol_pin_set_limits (guint64 opslimit,
                     gsize   memlimit)
{
  if (opslimit != 0)
    opslimit = MAX (opslimit, (guint64) crypto_pwhash_OPSLIMIT_MIN);
  if (memlimit != 0)
    memlimit = MAX (memlimit, (gsize) crypto_pwhash_MEMLIMIT_MIN);
  test_opslimit = opslimit;
  test_memlimit = memlimit;
}
