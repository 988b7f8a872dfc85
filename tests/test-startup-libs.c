/* test-startup-libs.c
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

/* What the programs load, as the dynamic loader reports it (LD_DEBUG=files):
 * `follicle` starts the window program without loading anything of the
 * chart or of GLib first, and neither the window nor the command line
 * loads the PostgreSQL client, libarchive, libsodium or libsecret for a
 * clinic file. A clinic server still loads libpq, when it is reached.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <glib.h>

#include "fol-test-cli.h"
#include "fol-test-run.h"

static const char * const lazy_libraries[] = {
  "libpq.so", "libarchive.so", "libsodium.so", "libsecret-1.so",
};

typedef FolTestDemoClinic Fixture;
#define setup fol_test_demo_clinic_setup
#define teardown fol_test_demo_clinic_teardown

/* Runs `follicle` with @args under LD_DEBUG=files, the display kept when
 * @window; returns the loader's report, one program image after another.
 */
static char *
run_traced (const char * const *args,
            gboolean            window,
            int                *status,
            char              **out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  char *err = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("FOLLICLE_BIN"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  envp = g_environ_setenv (envp, "LD_DEBUG", "files", TRUE);
  if (window)
    envp = g_environ_setenv (envp, "FOLLICLE_BENCH_FIRST_FRAME", "1", TRUE);
  else
    {
      envp = g_environ_unsetenv (envp, "DISPLAY");
      envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
    }

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT,
                               fol_test_run_watchdog_cb, NULL, out, &err, &wait_status,
                               &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  *status = WEXITSTATUS (wait_status);
  return err;
}

/* The libraries loaded before the first program image handed over
 * control, and after it.
 */
static void
split_report (const char  *report,
              GString     *first,
              GString     *rest)
{
  g_auto(GStrv) lines = g_strsplit (report, "\n", -1);
  gboolean in_first = TRUE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *file = strstr (lines[i], "file=");

      if (file != NULL && strstr (file, "generating link map") == NULL)
        {
          g_string_append (in_first ? first : rest, file);
          g_string_append_c (in_first ? first : rest, '\n');
        }
      if (strstr (lines[i], "transferring control:") != NULL)
        in_first = FALSE;
    }
}

static void
assert_none_lazy (const char *loaded)
{
  for (guint i = 0; i < G_N_ELEMENTS (lazy_libraries); i++)
    if (strstr (loaded, lazy_libraries[i]) != NULL)
      g_error ("a clinic file loaded %s:\n%s", lazy_libraries[i], loaded);
}

/* The window on a clinic file, to its first frame. */
static void
test_window (Fixture       *f,
             gconstpointer  data)
{
  const char *args[] = { "--database", f->db, NULL };
  g_autoptr(GString) first = g_string_new (NULL);
  g_autoptr(GString) rest = g_string_new (NULL);
  g_autofree char *out = NULL;
  g_autofree char *report = NULL;
  int status = -1;

  report = run_traced (args, TRUE, &status, &out);
  g_assert_cmpint (status, ==, 0);
  split_report (report, first, rest);
  assert_none_lazy (first->str);
  assert_none_lazy (rest->str);

  /* `follicle` itself loads nothing of GLib, the chart or the store... */
  g_assert_nonnull (strstr (first->str, "libc.so"));
  g_assert_null (strstr (first->str, "libglib-2.0"));
  g_assert_null (strstr (first->str, "libcairo"));
  g_assert_null (strstr (first->str, "libsqlite3"));
  g_assert_null (strstr (first->str, "follicle-chart"));
  /* ...and the window program, which draws the first frame, loads GTK but
   * nothing a clinic file does not need.
   */
  g_assert_nonnull (strstr (rest->str, "libgtk-4"));
  g_assert_nonnull (strstr (rest->str, "libsqlite3"));
}

/* Command-line work on a clinic file: an export, and commands of the full
 * command line.
 */
static void
test_command_line (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *svg = g_build_filename (f->dir, "chart.svg", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "clinic.csv", NULL);
  g_autofree char *id = NULL;
  g_autofree char *list = NULL;
  g_autofree char *report = NULL;
  int status = -1;

  {
    const char *args[] = { "--database", f->db, "--list-patients", NULL };

    report = run_traced (args, FALSE, &status, &list);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strchr (list, '\t'));
    assert_none_lazy (report);
    /* Straight to the full command line (which loads SQLite): the chart
     * module is --export-chart's.
     */
    g_assert_null (strstr (report, "follicle-chart"));
    g_assert_nonnull (strstr (report, "libsqlite3"));
    id = g_strndup (list, strchr (list, '\t') - list);
  }
  {
    const char *args[] = { "--database", f->db, "--patient", id, "--export-chart", svg, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = run_traced (args, FALSE, &status, &out);

    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_file_test (svg, G_FILE_TEST_EXISTS));
    assert_none_lazy (err);
    g_assert_nonnull (strstr (err, "follicle-chart"));
  }
  {
    const char *args[] = { "--database", f->db, "--export-csv", csv, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = run_traced (args, FALSE, &status, &out);

    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_file_test (csv, G_FILE_TEST_EXISTS));
    assert_none_lazy (err);
  }
}

/* A clinic server loads the PostgreSQL client when it is reached: here a
 * port where nothing listens, so libpq's own refusal is the message.
 */
static void
test_server_loads_libpq (void)
{
  const char *args[] = { "--database", "postgresql://127.0.0.1:1/clinic", "--list-patients", NULL };
  g_autofree char *out = NULL;
  g_autofree char *report = NULL;
  int status = -1;

  report = run_traced (args, FALSE, &status, &out);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (report, "libpq.so"));
  g_assert_nonnull (strstr (report, "Cannot reach the clinic server"));
  g_assert_nonnull (strstr (report, "127.0.0.1"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/startup/window", Fixture, NULL, setup, test_window, teardown);
  g_test_add ("/startup/command-line", Fixture, NULL, setup, test_command_line, teardown);
  g_test_add_func ("/startup/server-loads-libpq", test_server_loads_libpq);
  return g_test_run ();
}
