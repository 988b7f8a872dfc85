/* test-pin.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sodium.h>

#include "fol-error.h"
#include "fol-pin-private.h"

/* One hash at the cost the app uses: libsodium's interactive limits. */
static void
test_interactive_cost (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *params = NULL;

  _fol_pin_set_limits (0, 0);
  hash = fol_pin_hash ("2468", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  params = g_strdup_printf ("$m=%zu,t=%llu,", (size_t) crypto_pwhash_MEMLIMIT_INTERACTIVE / 1024,
                            (unsigned long long) crypto_pwhash_OPSLIMIT_INTERACTIVE);
  g_assert_nonnull (strstr (hash, params));
  g_assert_true (fol_pin_verify (hash, "2468"));
  g_assert_false (fol_pin_verify (hash, "2469"));
}

static void
test_hash_verify (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  /* Cheap hashes here: the cost is checked once above. */
  _fol_pin_set_limits (1, 8192);
  a = fol_pin_hash ("2468", &error);
  g_assert_no_error (error);
  b = fol_pin_hash ("2468", &error);
  g_assert_no_error (error);

  /* Salted: the same PIN twice gives two hashes, neither holding it. */
  g_assert_cmpstr (a, !=, b);
  g_assert_null (strstr (a, "2468"));
  g_assert_true (fol_pin_is_hash (a));
  g_assert_false (fol_pin_is_hash ("2468"));
  g_assert_false (fol_pin_is_hash (NULL));

  g_assert_true (fol_pin_verify (a, "2468"));
  g_assert_true (fol_pin_verify (b, "2468"));
  g_assert_false (fol_pin_verify (a, "2467"));
  g_assert_false (fol_pin_verify (a, ""));
  g_assert_false (fol_pin_verify (a, NULL));
  g_assert_false (fol_pin_verify ("", "2468"));
  g_assert_false (fol_pin_verify (NULL, "2468"));
  /* A clear-text PIN where a hash belongs never matches itself. */
  g_assert_false (fol_pin_verify ("2468", "2468"));
  _fol_pin_set_limits (0, 0);
}

static void
test_check (void)
{
  static const struct { const char *pin; gboolean ok; } cases[] = {
    { NULL, FALSE }, { "", FALSE }, { "123", FALSE }, { "1234", TRUE },
    { "äöü", FALSE }, { "äöüß", TRUE }, { "correct horse", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (fol_pin_check (cases[i].pin, &error), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE);
          g_assert_nonnull (strstr (error->message, "PIN"));
        }
    }
}

static void
test_retry_delay (void)
{
  static const guint expected[] = { 0, 0, 0, 1, 2, 4, 8, 16, 30, 30, 30 };

  for (guint n = 0; n < G_N_ELEMENTS (expected); n++)
    g_assert_cmpuint (fol_pin_retry_delay (n), ==, expected[n]);
  g_assert_cmpuint (fol_pin_retry_delay (100), ==, FOL_PIN_MAX_DELAY);
  g_assert_cmpuint (fol_pin_retry_delay (G_MAXUINT), ==, FOL_PIN_MAX_DELAY);
}

/* Older versions kept the PIN in clear text: the start moves it. */
static void
test_migrate (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *old = NULL;
  g_autofree char *second = NULL;

  _fol_pin_set_limits (1, 8192);

  /* Nothing in clear text: nothing changes. */
  g_settings_set_string (settings, "review-pin-hash", "");
  g_assert_true (fol_pin_migrate_settings (settings, &error));
  g_assert_no_error (error);
  hash = g_settings_get_string (settings, "review-pin-hash");
  g_assert_cmpstr (hash, ==, "");
  g_clear_pointer (&hash, g_free);

  g_settings_set_string (settings, "review-pin", "2468");
  g_assert_true (fol_pin_migrate_settings (settings, &error));
  g_assert_no_error (error);
  old = g_settings_get_string (settings, "review-pin");
  hash = g_settings_get_string (settings, "review-pin-hash");
  g_assert_cmpstr (old, ==, "");
  g_assert_true (fol_pin_is_hash (hash));
  g_assert_null (strstr (hash, "2468"));
  g_assert_true (fol_pin_verify (hash, "2468"));

  /* A second start finds nothing more to do, and keeps the hash. */
  g_assert_true (fol_pin_migrate_settings (settings, &error));
  second = g_settings_get_string (settings, "review-pin-hash");
  g_assert_cmpstr (second, ==, hash);

  /* A PIN put in the old key by hand later replaces it. */
  g_settings_set_string (settings, "review-pin", "1357");
  g_assert_true (fol_pin_migrate_settings (settings, &error));
  g_clear_pointer (&hash, g_free);
  hash = g_settings_get_string (settings, "review-pin-hash");
  g_assert_true (fol_pin_verify (hash, "1357"));
  g_assert_false (fol_pin_verify (hash, "2468"));
  g_clear_pointer (&old, g_free);
  old = g_settings_get_string (settings, "review-pin");
  g_assert_cmpstr (old, ==, "");

  g_settings_reset (settings, "review-pin-hash");
  _fol_pin_set_limits (0, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pin/interactive-cost", test_interactive_cost);
  g_test_add_func ("/pin/hash-verify", test_hash_verify);
  g_test_add_func ("/pin/check", test_check);
  g_test_add_func ("/pin/retry-delay", test_retry_delay);
  g_test_add_func ("/pin/migrate", test_migrate);

  return g_test_run ();
}
