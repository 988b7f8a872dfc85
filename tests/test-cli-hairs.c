/* test-cli-hairs.c
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

/* follicle --count-hairs, run as a user would, on generated photos. */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "fol-trichogen.h"

static int
run (const char * const *args,
     char              **out,
     char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("FOLLICLE_BIN"));
  for (int i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                &status, &error);
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : WEXITSTATUS (status);
}

static char *
write_field (const FolTrichoField *field,
             const char           *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = fol_tricho_field_to_jpeg (field, 92, &error);
  char *path = g_build_filename (dir, "field.jpg", NULL);

  g_assert_no_error (error);
  g_file_set_contents (path, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg), &error);
  g_assert_no_error (error);
  return path;
}

/* Reads every {"x": …, "y": …, "diameter_um": …} of the JSON output. */
static GArray *
parse_hairs (const char *json)
{
  g_autoptr(GRegex) re = g_regex_new ("\\{\"x\": ([0-9.]+), \"y\": ([0-9.]+), "
                                      "\"diameter_um\": ([0-9.]+)\\}", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GArray *hairs = g_array_new (FALSE, FALSE, sizeof (FolHairSuggestion));

  g_regex_match (re, json, 0, &match);
  while (g_match_info_matches (match))
    {
      FolHairSuggestion s = { 0 };
      g_autofree char *x = g_match_info_fetch (match, 1);
      g_autofree char *y = g_match_info_fetch (match, 2);
      g_autofree char *d = g_match_info_fetch (match, 3);

      s.x = g_ascii_strtod (x, NULL);
      s.y = g_ascii_strtod (y, NULL);
      s.diameter_um = g_ascii_strtod (d, NULL);
      g_array_append_val (hairs, s);
      g_match_info_next (match, NULL);
    }
  return hairs;
}

static FolTrichoField *
make_field (void)
{
  FolTrichoParams params;

  fol_tricho_params_init (&params, 20);
  params.width = 480;
  params.height = 320;
  params.density = 200;
  params.dyed = TRUE;
  return fol_tricho_generate (&params, 31);
}

static void
test_text_and_json (void)
{
  g_autofree char *dir = g_dir_make_tmp ("follicle-hairs-XXXXXX", NULL);
  g_autoptr(FolTrichoField) field = make_field ();
  g_autofree char *photo = write_field (field, dir);
  g_autofree char *out = NULL, *err = NULL, *json = NULL, *json_err = NULL;
  g_autofree char *count_line = NULL;
  g_autoptr(GArray) hairs = NULL;
  g_autofree int *truth_of = NULL;
  guint matched, terminal = 0;

  g_assert_cmpint (run ((const char *[]) { "--count-hairs", photo, "--px-per-mm", "100", NULL },
                        &out, &err), ==, 0);
  g_assert_cmpint (run ((const char *[]) { "--count-hairs", photo, "--px-per-mm", "100", "--json",
                                           NULL }, &json, &json_err), ==, 0);
  hairs = parse_hairs (json);
  g_assert_cmpuint (hairs->len, >, field->n_hairs / 2);
  count_line = g_strdup_printf ("Suggested hairs: %u ", hairs->len);
  g_assert_nonnull (strstr (out, count_line));
  /* 480 × 320 px at 100 px/mm is 0.1536 cm². */
  g_assert_nonnull (strstr (out, "Field area: 0.1536 cm²"));
  g_assert_nonnull (strstr (json, "\"field_area_cm2\": 0.1536"));
  for (guint i = 0; i < hairs->len; i++)
    terminal += g_array_index (hairs, FolHairSuggestion, i).diameter_um > 40;
  {
    g_autofree char *t = g_strdup_printf ("\"terminal\": %u, \"vellus\": %u", terminal,
                                          hairs->len - terminal);
    g_autofree char *d = g_strdup_printf ("Density: %.1f hairs/cm²", hairs->len / 0.1536);

    g_assert_nonnull (strstr (json, t));
    g_assert_nonnull (strstr (out, d));
  }
  truth_of = g_new (int, hairs->len);
  matched = fol_tricho_match (field, hairs, 0.1, truth_of);
  g_assert_cmpfloat ((double) matched / hairs->len, >=, 0.8);

  g_unlink (photo);
  g_rmdir (dir);
}

/* Positions are in the photo as shown: after its EXIF orientation. */
static void
test_exif_orientation (void)
{
  g_autofree char *dir = g_dir_make_tmp ("follicle-hairs-XXXXXX", NULL);
  g_autoptr(FolTrichoField) field = make_field ();
  g_autofree char *photo = write_field (field, dir);
  g_autofree char *json = NULL, *err = NULL;
  g_autoptr(GArray) hairs = NULL;
  g_autofree int *truth_of = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *exiftool[] = { "exiftool", "-q", "-overwrite_original", "-Orientation#=6", photo,
                             NULL };

  if (!g_spawn_sync (NULL, (char **) exiftool, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                     &status, &error))
    {
      g_test_skip ("exiftool is not installed");
      return;
    }
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  g_assert_cmpint (run ((const char *[]) { "--count-hairs", photo, "--px-per-mm", "100", "--json",
                                           NULL }, &json, &err), ==, 0);
  hairs = parse_hairs (json);
  g_assert_cmpuint (hairs->len, >, 10);
  /* Orientation 6 shows the picture turned a quarter clockwise: a point
   * (x, y) of the stored pixels is shown at (height − y, x).
   */
  for (guint i = 0; i < hairs->len; i++)
    {
      FolHairSuggestion *s = &g_array_index (hairs, FolHairSuggestion, i);
      double x = s->y, y = field->height - s->x;

      g_assert_cmpfloat (s->x, <, field->height);
      g_assert_cmpfloat (s->y, <, field->width);
      s->x = x;
      s->y = y;
    }
  truth_of = g_new (int, hairs->len);
  g_assert_cmpfloat ((double) fol_tricho_match (field, hairs, 0.1, truth_of) / hairs->len, >=, 0.8);

  g_unlink (photo);
  g_rmdir (dir);
}

static void
test_refusals (void)
{
  g_autofree char *dir = g_dir_make_tmp ("follicle-hairs-XXXXXX", NULL);
  g_autoptr(FolTrichoField) field = make_field ();
  g_autofree char *photo = write_field (field, dir);
  g_autofree char *bad = g_build_filename (dir, "broken.jpg", NULL);
  g_autofree char *out = NULL, *err = NULL;

  g_file_set_contents (bad, "not a photo", -1, NULL);

  g_assert_cmpint (run ((const char *[]) { "--count-hairs", photo, NULL }, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "--px-per-mm"));
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run ((const char *[]) { "--count-hairs", bad, "--px-per-mm", "100", NULL },
                        &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "broken.jpg"));
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run ((const char *[]) { "--count-hairs", photo, "--px-per-mm", "100",
                                           "--field", "400,0,200,100", NULL }, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "outside the photo"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run ((const char *[]) { "--count-hairs", photo, "--px-per-mm", "zero", NULL },
                        &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--px-per-mm"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run ((const char *[]) { "--json", NULL }, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--count-hairs"));

  g_unlink (photo);
  g_unlink (bad);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-hairs/text-and-json", test_text_and_json);
  g_test_add_func ("/cli-hairs/exif-orientation", test_exif_orientation);
  g_test_add_func ("/cli-hairs/refusals", test_refusals);

  return g_test_run ();
}
