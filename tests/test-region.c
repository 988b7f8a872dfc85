/* test-region.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fol-region.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/region/codes", test_codes);
  g_test_add_func ("/region/measures", test_measures);

  return g_test_run ();
}
