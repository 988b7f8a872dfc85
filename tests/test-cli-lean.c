/* test-cli-lean.c
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

/* `follicle` exports a chart from a clinic file without loading what the
 * rest of the command line needs (through its chart module), and hands
 * every other command to the full command line, `follicle-cli`: the same
 * files, messages and exit statuses either way.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fol-test-cli.h"
#include "fol-test-run.h"

typedef FolTestDemoClinic Fixture;
#define setup fol_test_demo_clinic_setup
#define teardown fol_test_demo_clinic_teardown

/* The full command line, beside `follicle` in the build tree. */
static void
run_full (Run         *r,
          const char  *first,
          ...)
{
  g_autofree char *dir = g_path_get_dirname (g_getenv ("FOLLICLE_BIN"));
  g_autofree char *full = g_build_filename (dir, "follicle-cli", NULL);
  va_list args;

  va_start (args, first);
  fol_test_run_valist (r, full, first, args);
  va_end (args);
}

static char *
first_patient_id (Fixture *f)
{
  g_auto(Run) r = { 0 };

  run (&r, "--database", f->db, "--list-patients", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strchr (r.out, '\t'));
  return g_strndup (r.out, strchr (r.out, '\t') - r.out);
}

/* The libraries @path asks the loader for, or NULL without readelf. */
static char *
needed (const char *path)
{
  const char *argv[] = { "readelf", "-d", path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &wait_status, &error))
    return NULL;
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  g_assert_nonnull (strstr (out, "(NEEDED)"));
  return g_steal_pointer (&out);
}

/* `follicle` asks for the C library alone; the chart module it loads
 * (beside it in the build tree) for cairo, and for none of the PostgreSQL
 * client, archives, encryption, image decoders or GTK.
 */
static void
test_links (void)
{
  static const char * const unwanted[] = {
    "libpq.", "libarchive.", "libsodium.", "libgdk_pixbuf", "libgtk", "libadwaita", "libsecret",
  };
  g_autofree char *dir = g_path_get_dirname (g_getenv ("FOLLICLE_BIN"));
  g_autofree char *module = g_build_filename (dir, "follicle-chart.so", NULL);
  g_autofree char *launcher = needed (g_getenv ("FOLLICLE_BIN"));
  g_autofree char *chart = NULL;

  if (launcher == NULL)
    {
      g_test_skip ("readelf is not installed");
      return;
    }
  g_assert_nonnull (strstr (launcher, "libc.so"));
  g_assert_null (strstr (launcher, "libglib"));
  g_assert_null (strstr (launcher, "libcairo"));

  chart = needed (module);
  g_assert_nonnull (chart);
  g_assert_nonnull (strstr (chart, "libcairo"));
  for (guint i = 0; i < G_N_ELEMENTS (unwanted); i++)
    if (strstr (chart, unwanted[i]) != NULL)
      g_error ("the chart module links %s", unwanted[i]);
}

static void
assert_same_file (const char *a,
                  const char *b)
{
  g_autofree char *x = NULL, *y = NULL;
  gsize nx = 0, ny = 0;

  g_assert_true (g_file_get_contents (a, &x, &nx, NULL));
  g_assert_true (g_file_get_contents (b, &y, &ny, NULL));
  g_assert_cmpuint (nx, >, 0);
  g_assert_cmpmem (x, nx, y, ny);
}

/* A chart exported by `follicle` is the one the full command line writes,
 * with every option of --export-chart.
 */
static void
test_same_chart (Fixture       *f,
                 gconstpointer  data)
{
  static const char *names[] = { "chart.png", "chart.svg" };
  g_autofree char *id = first_patient_id (f);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *lean = g_strconcat (f->dir, "/lean-", names[i], NULL);
      g_autofree char *full = g_strconcat (f->dir, "/full-", names[i], NULL);
      g_auto(Run) a = { 0 };
      g_auto(Run) b = { 0 };

      run (&a, "-d", f->db, "-p", id, "-e", lean, "--size", "640x400", "--scale", "1.5",
           "--trend", "--relative", "--regions", "vertex,frontal", "--threshold", "15",
           "--measurement", "terminal_density", NULL);
      run_full (&b, "-d", f->db, "-p", id, "-e", full, "--size", "640x400", "--scale", "1.5",
                "--trend", "--relative", "--regions", "vertex,frontal", "--threshold", "15",
                "--measurement", "terminal_density", NULL);
      g_assert_cmpint (a.status, ==, 0);
      g_assert_cmpint (b.status, ==, 0);
      g_assert_cmpstr (a.err, ==, b.err);
      assert_same_file (lean, full);
    }
}

/* Wrong arguments: the same message and status from both. */
static void
test_same_errors (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = first_patient_id (f);
  g_autofree char *png = g_build_filename (f->dir, "chart.png", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);
  const char *cases[][8] = {
    { "-d", f->db, "-p", id, "-e", png, "--size", "big" },
    { "-d", f->db, "-p", id, "-e", png, "--threshold", "90" },
    { "-d", f->db, "-p", id, "-e", png, "--measurement", "nope" },
    { "-d", f->db, "-p", id, "-e", png, "--bogus", "1" },
    { "-d", f->db, "-p", "no-such-patient", "-e", png, "--trend", "--trend" },
    { "-d", missing, "-p", id, "-e", png, "--trend", "--trend" },
    { "-d", f->db, "-e", png, "--trend", "--trend", "--trend", "--trend" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) a = { 0 };
      g_auto(Run) b = { 0 };
      const char **c = cases[i];

      run (&a, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], NULL);
      run_full (&b, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], NULL);
      g_assert_cmpint (a.status, !=, 0);
      g_assert_cmpint (a.status, ==, b.status);
      g_assert_cmpstr (a.err, ==, b.err);
      g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
    }
}

/* Other commands go to the full command line, with their own output. */
static void
test_other_commands (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = first_patient_id (f);
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };
  g_auto(Run) h = { 0 };
  g_auto(Run) v = { 0 };

  run (&a, "-d", f->db, "--summary", "-p", id, NULL);
  run_full (&b, "-d", f->db, "--summary", "-p", id, NULL);
  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpstr (a.out, ==, b.out);

  run (&h, "--help", NULL);
  g_assert_cmpint (h.status, ==, 0);
  g_assert_nonnull (strstr (h.out, "--export-chart"));
  g_assert_nonnull (strstr (h.out, "--backup"));

  run (&v, "--version", NULL);
  g_assert_cmpint (v.status, ==, 0);
  g_assert_cmpstr (v.out, ==, "follicle " PACKAGE_VERSION "\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-lean/links", test_links);
  g_test_add ("/cli-lean/same-chart", Fixture, NULL, setup, test_same_chart, teardown);
  g_test_add ("/cli-lean/same-errors", Fixture, NULL, setup, test_same_errors, teardown);
  g_test_add ("/cli-lean/other-commands", Fixture, NULL, setup, test_other_commands, teardown);
  return g_test_run ();
}
