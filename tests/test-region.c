/* test-region.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <libintl.h>

#include "fol-region.h"
#include "fol-stats.h"

static void
test_codes (void)
{
  static const char *expected[] = {
    "frontal", "midscalp", "vertex", "temporal_left", "temporal_right",
    "parietal_left", "parietal_right", "occipital",
  };

  g_assert_cmpuint (G_N_ELEMENTS (expected), ==, FOL_N_REGIONS);
  for (guint i = 0; i < FOL_N_REGIONS; i++)
    {
      FolRegion region = FOL_REGION_NONE;

      g_assert_cmpstr (fol_region_code (i), ==, expected[i]);
      g_assert_true (fol_region_from_code (expected[i], &region));
      g_assert_cmpint (region, ==, i);
      g_assert_nonnull (fol_region_name (i));
    }
  g_assert_false (fol_region_from_code ("crown", NULL));
  g_assert_false (fol_region_from_code (NULL, NULL));
}

static void
test_measures (void)
{
  for (guint i = 0; i < FOL_N_MEASURES; i++)
    {
      FolMeasure m;

      g_assert_true (fol_measure_from_code (fol_measure_code (i), &m));
      g_assert_cmpint (m, ==, i);
      g_assert_nonnull (fol_measure_unit (i));
    }
  g_assert_true (fol_measure_lower_is_better (FOL_MEASURE_SALT));
  g_assert_false (fol_measure_lower_is_better (FOL_MEASURE_TOTAL_DENSITY));
  g_assert_false (fol_measure_is_per_region (FOL_MEASURE_SALT));
}

/* One name per region: the short name labels values (tables, lists,
 * legends, summaries); the long name, where a region stands alone
 * (headings, choosers, tooltips), is the same name with a gloss in
 * parentheses, or the same name. In each language.
 */
static void
test_vocabulary (gconstpointer data)
{
  const char *language = data;

  g_setenv ("LANGUAGE", language, TRUE);
  setlocale (LC_ALL, "");

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      const char *name = fol_region_short_name (r);
      const char *full = fol_region_name (r);
      g_autofree char *prefix = g_strdup_printf ("%s (", name);

      g_test_message ("%s: %s / %s", language, name, full);
      g_assert_true (g_str_equal (full, name) ||
                     (g_str_has_prefix (full, prefix) && g_str_has_suffix (full, ")")));
      for (FolRegion other = 0; other < r; other++)
        g_assert_cmpstr (fol_region_short_name (other), !=, name);
    }

  /* Three verdicts, told apart. */
  g_assert_cmpstr (fol_change_name (FOL_CHANGE_STABLE), !=, fol_change_name (FOL_CHANGE_IMPROVED));
  g_assert_cmpstr (fol_change_name (FOL_CHANGE_STABLE), !=, fol_change_name (FOL_CHANGE_WORSE));
  g_assert_cmpstr (fol_change_name (FOL_CHANGE_IMPROVED), !=, fol_change_name (FOL_CHANGE_WORSE));

  /* Every density is in the same unit. */
  g_assert_cmpstr (fol_measure_unit (FOL_MEASURE_TERMINAL_DENSITY), ==,
                   fol_measure_unit (FOL_MEASURE_TOTAL_DENSITY));
  g_assert_cmpstr (fol_measure_unit (FOL_MEASURE_VELLUS_DENSITY), ==,
                   fol_measure_unit (FOL_MEASURE_TOTAL_DENSITY));

  g_setenv ("LANGUAGE", "", TRUE);
  setlocale (LC_ALL, "");
}

/* The names a region had before, still understood in a spreadsheet. */
static void
test_legacy_names (void)
{
  static const struct { const char *name; FolRegion region; } names[] = {
    { "Crown", FOL_REGION_VERTEX }, { "Back", FOL_REGION_OCCIPITAL },
    { "left temple", FOL_REGION_TEMPORAL_LEFT }, { "Right side", FOL_REGION_PARIETAL_RIGHT },
    { "Vertex (crown)", FOL_REGION_VERTEX }, { "Occipital", FOL_REGION_OCCIPITAL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      FolRegion region = FOL_REGION_NONE;

      g_assert_true (fol_region_from_name (names[i].name, &region));
      g_assert_cmpint (region, ==, names[i].region);
    }
  g_assert_false (fol_region_from_name ("elbow", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *po = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, po);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/region/vocabulary/english", "en", test_vocabulary);
  g_test_add_data_func ("/region/vocabulary/german", "de", test_vocabulary);
  g_test_add_func ("/region/legacy-names", test_legacy_names);

  g_test_add_func ("/region/codes", test_codes);
  g_test_add_func ("/region/measures", test_measures);

  return g_test_run ();
}
