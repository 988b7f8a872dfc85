/* test-launcher.c
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

/* The environment `follicle` starts its programs with: the allocator
 * settings it gives them (fol-launcher.c), the user's own kept, and the
 * window program taking them out again for what it starts.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fol-cli.h"

/* A copy of `follicle` in a folder of its own, beside a window program
 * that prints the allocator settings it was started with.
 */
static char *
launcher_beside_fake_window (const char *dir)
{
  g_autofree char *launcher = g_build_filename (dir, "follicle", NULL);
  g_autofree char *window = g_build_filename (dir, "follicle-window", NULL);
  g_autofree char *bytes = NULL;
  gsize n = 0;

  g_assert_true (g_file_get_contents (g_getenv ("FOLLICLE_BIN"), &bytes, &n, NULL));
  g_assert_true (g_file_set_contents (launcher, bytes, (gssize) n, NULL));
  g_assert_cmpint (g_chmod (launcher, 0755), ==, 0);
  g_assert_true (g_file_set_contents (window,
                                      "#!/bin/sh\nprintf '%s' \"${GLIBC_TUNABLES-unset}\"\n",
                                      -1, NULL));
  g_assert_cmpint (g_chmod (window, 0755), ==, 0);
  return g_steal_pointer (&launcher);
}

/* What the window program started by @launcher finds in GLIBC_TUNABLES
 * when `follicle` is started with @tunables there (NULL: not set).
 */
static char *
tunables_seen (const char *launcher,
               const char *tunables)
{
  const char *argv[] = { launcher, NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  envp = tunables != NULL ? g_environ_setenv (envp, "GLIBC_TUNABLES", tunables, TRUE)
                          : g_environ_unsetenv (envp, "GLIBC_TUNABLES");
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (err, ==, "");
  return out;
}

static void
test_window_gets_tunables (void)
{
  g_autofree char *dir = g_dir_make_tmp ("follicle-launcher-XXXXXX", NULL);
  g_autofree char *launcher = launcher_beside_fake_window (dir);
  g_autofree char *window = g_build_filename (dir, "follicle-window", NULL);
  g_autofree char *plain = tunables_seen (launcher, NULL);
  g_autofree char *chosen = tunables_seen (launcher, "glibc.malloc.arena_max=2");

  g_assert_cmpstr (plain, ==, FOL_MALLOC_TUNABLES);
  /* The user's own settings are the user's */
  g_assert_cmpstr (chosen, ==, "glibc.malloc.arena_max=2");

  g_assert_cmpint (g_remove (launcher), ==, 0);
  g_assert_cmpint (g_remove (window), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_forget_tunables (void)
{
  g_assert_true (g_setenv ("GLIBC_TUNABLES", FOL_MALLOC_TUNABLES, TRUE));
  fol_cli_forget_tunables ();
  g_assert_null (g_getenv ("GLIBC_TUNABLES"));

  g_assert_true (g_setenv ("GLIBC_TUNABLES", "glibc.malloc.arena_max=2", TRUE));
  fol_cli_forget_tunables ();
  g_assert_cmpstr (g_getenv ("GLIBC_TUNABLES"), ==, "glibc.malloc.arena_max=2");
  g_unsetenv ("GLIBC_TUNABLES");

  /* Unset stays unset */
  fol_cli_forget_tunables ();
  g_assert_null (g_getenv ("GLIBC_TUNABLES"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/launcher/window-gets-tunables", test_window_gets_tunables);
  g_test_add_func ("/launcher/forget-tunables", test_forget_tunables);
  return g_test_run ();
}
