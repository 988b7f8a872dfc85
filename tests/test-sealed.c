/* test-sealed.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fol-sealed-input-stream.h"
#include "fol-sealed-output-stream.h"
#include "fol-sealed-private.h"

/* Protected files: what is written reads back the same with the right
 * passphrase, and any other passphrase, any changed byte, a cut or a tail
 * is refused with the error that says which. */

#define PASSPHRASE "correct horse battery"
#define MARKER     "Suspected depression, see psychiatry letter"

static GBytes *
make_plain (gsize len)
{
  guint8 *data = g_malloc (len + 1);
  GRand *rand = g_rand_new_with_seed (len);

  for (gsize i = 0; i < len; i++)
    data[i] = g_rand_int_range (rand, 0, 256);
  if (len > sizeof MARKER)
    memcpy (data + len / 2 - sizeof MARKER / 2, MARKER, sizeof MARKER - 1);
  g_rand_free (rand);
  return g_bytes_new_take (data, len);
}

static GBytes *
seal (GBytes     *plain,
      const char *passphrase)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (fol_sealed_encrypt_bytes (plain, out, passphrase, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, &error));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* Reads everything back; NULL with @error set when refused. */
static GBytes *
unseal (GBytes      *sealed,
        const char  *passphrase,
        GError     **error)
{
  g_autoptr(GInputStream) raw = g_memory_input_stream_new_from_bytes (sealed);
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GByteArray) plain = g_byte_array_new ();
  guint8 buf[7000];
  gssize n;

  in = fol_sealed_input_stream_new (raw, passphrase, NULL, error);
  if (in == NULL)
    return NULL;
  while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, error)) > 0)
    g_byte_array_append (plain, buf, n);
  if (n < 0)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&plain));
}

static gboolean
contains (const guint8 *data,
          gsize         len,
          const char   *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static GBytes *
with_byte_flipped (GBytes *bytes,
                   gsize   at)
{
  gsize len;
  guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, &len), g_bytes_get_size (bytes));

  copy[at] ^= 0x01;
  return g_bytes_new_take (copy, len);
}

static void
test_round_trip (void)
{
  const gsize sizes[] = {
    0, 1, FOL_SEALED_CHUNK - 1, FOL_SEALED_CHUNK, FOL_SEALED_CHUNK + 1, 3 * FOL_SEALED_CHUNK + 5,
  };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GBytes) plain = make_plain (sizes[i]);
      g_autoptr(GBytes) sealed = seal (plain, PASSPHRASE);
      g_autoptr(GBytes) back = NULL;
      g_autoptr(GError) error = NULL;
      gsize sealed_len;
      const guint8 *data = g_bytes_get_data (sealed, &sealed_len);

      g_test_message ("%" G_GSIZE_FORMAT " plain bytes", sizes[i]);
      g_assert_true (fol_sealed_has_magic (data, sealed_len));
      /* Header, then every chunk with its MAC; empty content is one
       * empty final chunk. */
      g_assert_cmpuint (sealed_len, ==,
                        FOL_SEALED_HEADER_LEN
                        + MAX (1, (sizes[i] + FOL_SEALED_CHUNK - 1) / FOL_SEALED_CHUNK)
                          * crypto_secretstream_xchacha20poly1305_ABYTES
                        + sizes[i]);
      if (sizes[i] > sizeof MARKER)
        g_assert_false (contains (data, sealed_len, MARKER));

      back = unseal (sealed, PASSPHRASE, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (back, plain));
    }
}

static void
test_two_files_differ (void)
{
  g_autoptr(GBytes) plain = make_plain (1000);
  g_autoptr(GBytes) a = seal (plain, PASSPHRASE);
  g_autoptr(GBytes) b = seal (plain, PASSPHRASE);

  /* A fresh salt and stream header each time: equal content does not
   * show as equal files. */
  g_assert_false (g_bytes_equal (a, b));
}

static void
test_wrong_passphrase (void)
{
  g_autoptr(GBytes) plain = make_plain (5000);
  g_autoptr(GBytes) sealed = seal (plain, PASSPHRASE);
  const char *wrong[] = { "correct horse battery!", "Correct horse battery", "", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) back = unseal (sealed, wrong[i], &error);

      g_assert_null (back);
      g_assert_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_WRONG_PASSPHRASE);
    }
}

static void
test_every_byte_flipped (void)
{
  g_autoptr(GBytes) plain = make_plain (2 * FOL_SEALED_CHUNK + 300);
  g_autoptr(GBytes) sealed = seal (plain, PASSPHRASE);
  gsize len = g_bytes_get_size (sealed);
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (gsize));

  /* Every byte of the header, and the first, a middle and the last bytes
   * of every chunk. */
  for (gsize at = 0; at < FOL_SEALED_HEADER_LEN; at++)
    g_array_append_val (positions, at);
  for (gsize start = FOL_SEALED_HEADER_LEN; start < len; start += FOL_SEALED_CHUNK_CIPHER)
    {
      gsize end = MIN (start + FOL_SEALED_CHUNK_CIPHER, len);
      gsize picks[] = { start, start + 1, (start + end) / 2, end - 2, end - 1 };

      g_array_append_vals (positions, picks, G_N_ELEMENTS (picks));
    }

  for (guint i = 0; i < positions->len; i++)
    {
      gsize at = g_array_index (positions, gsize, i);
      g_autoptr(GBytes) altered = with_byte_flipped (sealed, at);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) back = unseal (altered, PASSPHRASE, &error);

      g_test_message ("byte %" G_GSIZE_FORMAT " flipped", at);
      g_assert_null (back);
      if (at < FOL_SEALED_MAGIC_LEN)
        g_assert_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_NOT_SEALED);
      else
        g_assert_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_ALTERED);
    }
}

static void
test_cut_and_tail (void)
{
  g_autoptr(GBytes) plain = make_plain (2 * FOL_SEALED_CHUNK + 300);
  g_autoptr(GBytes) sealed = seal (plain, PASSPHRASE);
  gsize len = g_bytes_get_size (sealed);
  const gsize cuts[] = {
    10, FOL_SEALED_HEADER_LEN, FOL_SEALED_HEADER_LEN + 5,
    FOL_SEALED_HEADER_LEN + FOL_SEALED_CHUNK_CIPHER,
    FOL_SEALED_HEADER_LEN + 2 * FOL_SEALED_CHUNK_CIPHER,
    len - 1,
  };
  g_autofree guint8 *longer = g_malloc (len + 1);
  g_autoptr(GBytes) tailed = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autoptr(GBytes) cut = g_bytes_new_from_bytes (sealed, 0, cuts[i]);
      g_autoptr(GError) cut_error = NULL;
      g_autoptr(GBytes) cut_back = unseal (cut, PASSPHRASE, &cut_error);

      g_test_message ("cut at %" G_GSIZE_FORMAT, cuts[i]);
      g_assert_null (cut_back);
      g_assert_error (cut_error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_ALTERED);
    }

  memcpy (longer, g_bytes_get_data (sealed, NULL), len);
  longer[len] = 0;
  tailed = g_bytes_new (longer, len + 1);
  back = unseal (tailed, PASSPHRASE, &error);
  g_assert_null (back);
  g_assert_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_ALTERED);
}

static void
test_chunks_swapped (void)
{
  g_autoptr(GBytes) plain = make_plain (3 * FOL_SEALED_CHUNK + 10);
  g_autoptr(GBytes) sealed = seal (plain, PASSPHRASE);
  gsize len = g_bytes_get_size (sealed);
  g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (sealed, NULL), len);
  g_autofree guint8 *tmp = g_malloc (FOL_SEALED_CHUNK_CIPHER);
  guint8 *second = copy + FOL_SEALED_HEADER_LEN + FOL_SEALED_CHUNK_CIPHER;
  guint8 *third = second + FOL_SEALED_CHUNK_CIPHER;
  g_autoptr(GBytes) swapped = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GError) error = NULL;

  memcpy (tmp, second, FOL_SEALED_CHUNK_CIPHER);
  memcpy (second, third, FOL_SEALED_CHUNK_CIPHER);
  memcpy (third, tmp, FOL_SEALED_CHUNK_CIPHER);
  swapped = g_bytes_new (copy, len);
  back = unseal (swapped, PASSPHRASE, &error);
  g_assert_null (back);
  g_assert_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_ALTERED);
}

static void
test_dropped_stream_never_whole (void)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) plain = make_plain (FOL_SEALED_CHUNK + 100);
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *sealed;

  sealed = fol_sealed_output_stream_new (out, PASSPHRASE, NULL, &error);
  g_assert_no_error (error);
  g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (sealed), FALSE);
  g_assert_true (g_output_stream_write_all (sealed, g_bytes_get_data (plain, NULL),
                                            g_bytes_get_size (plain), NULL, NULL, &error));
  /* Dropped without a close, as after a failure elsewhere. */
  g_object_unref (sealed);

  g_assert_true (g_output_stream_close (out, NULL, &error));
  written = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  back = unseal (written, PASSPHRASE, &error);
  g_assert_null (back);
  g_assert_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_ALTERED);
}

static void
test_not_sealed (void)
{
  static const char sqlite_head[] = "SQLite format 3\0 and more bytes than a header";
  g_autoptr(GBytes) plain = g_bytes_new_static (sqlite_head, sizeof sqlite_head - 1);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) empty_error = NULL;
  g_autoptr(GBytes) back = unseal (plain, PASSPHRASE, &error);
  g_autoptr(GBytes) empty_back = unseal (empty, PASSPHRASE, &empty_error);

  g_assert_null (back);
  g_assert_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_NOT_SEALED);
  g_assert_null (empty_back);
  g_assert_error (empty_error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_NOT_SEALED);
}

static void
test_short_passphrase_refused (void)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) sealed = fol_sealed_output_stream_new (out, "1234567", NULL, &error);

  g_assert_null (sealed);
  g_assert_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_PASSPHRASE);
  /* Nothing reached the file. */
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), ==, 0);
}

static void
test_file_helpers (void)
{
  g_autofree char *dir = g_dir_make_tmp ("follicle-sealed-XXXXXX", NULL);
  g_autofree char *pass_path = g_build_filename (dir, "pass", NULL);
  g_autofree char *empty_path = g_build_filename (dir, "empty", NULL);
  g_autofree char *sealed_path = g_build_filename (dir, "file.follicle", NULL);
  g_autoptr(GBytes) plain = make_plain (100000);
  g_autoptr(GBytes) sealed = seal (plain, PASSPHRASE);
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GBytes) too_big = NULL;
  g_autofree char *passphrase = NULL;
  g_autofree char *none = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (pass_path, PASSPHRASE "\r\nsecond line\n", -1, &error));
  g_assert_true (g_file_set_contents (empty_path, "\n", -1, &error));
  g_assert_true (g_file_set_contents (sealed_path, g_bytes_get_data (sealed, NULL),
                                      g_bytes_get_size (sealed), &error));

  passphrase = fol_sealed_read_passphrase_file (pass_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (passphrase, ==, PASSPHRASE);

  none = fol_sealed_read_passphrase_file (empty_path, &error);
  g_assert_null (none);
  g_assert_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_PASSPHRASE);
  g_clear_error (&error);
  g_assert_null (fol_sealed_read_passphrase_file (dir, &error));
  g_assert_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_PASSPHRASE);
  g_clear_error (&error);

  g_assert_true (fol_sealed_file_is_sealed (sealed_path));
  g_assert_false (fol_sealed_file_is_sealed (pass_path));
  g_assert_false (fol_sealed_file_is_sealed (dir));

  back = fol_sealed_decrypt_file (sealed_path, passphrase, 200000, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, plain));

  too_big = fol_sealed_decrypt_file (sealed_path, passphrase, 99999, &error);
  g_assert_null (too_big);
  g_assert_error (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_FAILED);

  g_unlink (pass_path);
  g_unlink (empty_path);
  g_unlink (sealed_path);
  g_rmdir (dir);
}

static void
test_strength (void)
{
  g_assert_cmpint (fol_sealed_passphrase_strength (""), ==, 0);
  g_assert_cmpint (fol_sealed_passphrase_strength ("password"), ==, 0);
  g_assert_cmpint (fol_sealed_passphrase_strength ("Tr0ub4dor&3"), >=, 2);
  g_assert_cmpint (fol_sealed_passphrase_strength ("correct horse battery staple"), ==, 4);
  g_assert_cmpint (fol_sealed_passphrase_strength ("password"), <,
                   fol_sealed_passphrase_strength ("password-for-the-clinic"));
}

/* Runs last, with the limits real files get. */
static void
test_default_limits (void)
{
  g_autoptr(GBytes) plain = make_plain (1000);
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *header;

  _fol_sealed_set_limits_for_testing (crypto_pwhash_OPSLIMIT_MODERATE,
                                      crypto_pwhash_MEMLIMIT_MODERATE);
  sealed = seal (plain, PASSPHRASE);
  header = g_bytes_get_data (sealed, NULL);
  g_assert_cmpuint (header[12], ==, crypto_pwhash_OPSLIMIT_MODERATE);
  back = unseal (sealed, PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, plain));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* The smallest Argon2id cost keeps the many derivations quick; the
   * format records the cost, so the reader needs nothing of this. */
  _fol_sealed_set_limits_for_testing (crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);

  g_test_add_func ("/sealed/round-trip", test_round_trip);
  g_test_add_func ("/sealed/two-files-differ", test_two_files_differ);
  g_test_add_func ("/sealed/wrong-passphrase", test_wrong_passphrase);
  g_test_add_func ("/sealed/every-byte-flipped", test_every_byte_flipped);
  g_test_add_func ("/sealed/cut-and-tail", test_cut_and_tail);
  g_test_add_func ("/sealed/chunks-swapped", test_chunks_swapped);
  g_test_add_func ("/sealed/dropped-stream", test_dropped_stream_never_whole);
  g_test_add_func ("/sealed/not-sealed", test_not_sealed);
  g_test_add_func ("/sealed/short-passphrase", test_short_passphrase_refused);
  g_test_add_func ("/sealed/file-helpers", test_file_helpers);
  g_test_add_func ("/sealed/strength", test_strength);
  g_test_add_func ("/sealed/default-limits", test_default_limits);

  return g_test_run ();
}
