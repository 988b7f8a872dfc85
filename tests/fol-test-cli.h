/* fol-test-cli.h
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fol-test-run.h"

/* A clinic file of demo patients, made by `follicle --demo` in a new
 * temporary folder, for g_test_add(): the fixture of the tests that run
 * the command line.
 */
typedef struct
{
  char *dir;
  char *db;
} FolTestDemoClinic;

static inline void
fol_test_demo_clinic_setup (FolTestDemoClinic *f,
                            gconstpointer      data)
{
  g_auto(Run) r = { 0 };

  f->dir = g_dir_make_tmp ("follicle-demo-clinic-XXXXXX", NULL);
  f->db = g_build_filename (f->dir, "clinic.db", NULL);
  run (&r, "--database", f->db, "--demo", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Created 8 demo patients"));
}

static inline void
fol_test_demo_clinic_teardown (FolTestDemoClinic *f,
                               gconstpointer      data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_assert_cmpint (system (command), ==, 0);
  g_free (f->db);
  g_free (f->dir);
}
