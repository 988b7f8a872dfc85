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

/* What `follicle` (fol-launcher.c) starts, and how: the full command line
 * at once for any command but --export-chart; the allocator settings it
 * gives the programs it starts, the user's own kept, and the window
 * program taking them out again for what it starts.
 */

#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fol-cli.h"
#include "fol-test-cli.h"

/* A copy of `follicle` in a folder of its own, beside a window program
 * that prints the allocator settings it was started with and a full
 * command line that prints its arguments; no chart module.
 */
typedef struct
{
  char *dir;
  char *launcher;
  char *window;
  char *full;
} Fakes;

static void
fakes_setup (Fakes         *f,
             gconstpointer  data)
{
  g_autofree char *bytes = NULL;
  gsize n = 0;

  f->dir = g_dir_make_tmp ("follicle-launcher-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->launcher = g_build_filename (f->dir, "follicle", NULL);
  f->window = g_build_filename (f->dir, "follicle-window", NULL);
  f->full = g_build_filename (f->dir, "follicle-cli", NULL);

  g_assert_true (g_file_get_contents (g_getenv ("FOLLICLE_BIN"), &bytes, &n, NULL));
  g_assert_true (g_file_set_contents (f->launcher, bytes, (gssize) n, NULL));
  g_assert_true (g_file_set_contents (f->window,
                                      "#!/bin/sh\nprintf '%s' \"${GLIBC_TUNABLES-unset}\"\n",
                                      -1, NULL));
  g_assert_true (g_file_set_contents (f->full, "#!/bin/sh\nprintf 'full:%s' \"$*\"\n", -1, NULL));
  g_assert_cmpint (g_chmod (f->launcher, 0755), ==, 0);
  g_assert_cmpint (g_chmod (f->window, 0755), ==, 0);
  g_assert_cmpint (g_chmod (f->full, 0755), ==, 0);
}

static void
fakes_teardown (Fakes         *f,
                gconstpointer  data)
{
  g_assert_cmpint (g_remove (f->launcher), ==, 0);
  g_assert_cmpint (g_remove (f->window), ==, 0);
  g_assert_cmpint (g_remove (f->full), ==, 0);
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_free (f->launcher);
  g_free (f->window);
  g_free (f->full);
  g_free (f->dir);
}

/* Runs the copy of `follicle` with @args, GLIBC_TUNABLES set to @tunables
 * (NULL: not set); its standard output, and its error output in @err.
 * Returns its exit status.
 */
static int
run_launcher (Fakes              *f,
              const char         *tunables,
              const char * const *args,
              char              **out,
              char              **err)
{
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) argvv = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_strv_builder_add (argv, f->launcher);
  g_strv_builder_addv (argv, (const char **) args);
  argvv = g_strv_builder_end (argv);
  envp = tunables != NULL ? g_environ_setenv (envp, "GLIBC_TUNABLES", tunables, TRUE)
                          : g_environ_unsetenv (envp, "GLIBC_TUNABLES");
  g_assert_true (g_spawn_sync (NULL, argvv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_window_gets_tunables (Fakes         *f,
                           gconstpointer  data)
{
  static const char * const none[] = { NULL };
  g_autofree char *plain = NULL, *chosen = NULL, *err1 = NULL, *err2 = NULL;

  g_autofree char *ours = g_strdup_printf ("%s%ld", FOL_MALLOC_TUNABLES,
                                           MAX (sysconf (_SC_NPROCESSORS_ONLN), 1) + 2);

  g_assert_cmpint (run_launcher (f, NULL, none, &plain, &err1), ==, 0);
  g_assert_cmpstr (plain, ==, ours);
  g_assert_cmpstr (err1, ==, "");

  /* The user's own settings are the user's */
  g_assert_cmpint (run_launcher (f, "glibc.malloc.arena_max=2", none, &chosen, &err2), ==, 0);
  g_assert_cmpstr (chosen, ==, "glibc.malloc.arena_max=2");
  g_assert_cmpstr (err2, ==, "");
}

/* The programs `follicle` starts keep chart-sized blocks in their heap
 * between frames: a stand-in for the window program allocates and frees
 * a chart's pixels at 1600×1000 twice with the settings it was given, and
 * tells where the second block came from.
 */
static void
test_window_heap_keeps_frames (Fakes         *f,
                               gconstpointer  data)
{
  static const char * const none[] = { NULL };
  g_autofree char *out = NULL, *err = NULL, *bytes = NULL;
  gsize n = 0;

  g_assert_true (g_file_get_contents (g_getenv ("FOLLICLE_HEAP_PROBE"), &bytes, &n, NULL));
  g_assert_true (g_file_set_contents (f->window, bytes, (gssize) n, NULL));
  g_assert_cmpint (g_chmod (f->window, 0755), ==, 0);

  g_assert_cmpint (run_launcher (f, NULL, none, &out, &err), ==, 0);
  if (g_strcmp0 (out, "sanitized") == 0)
    {
      g_test_skip ("the sanitizer's allocator is not the C library's");
      return;
    }
  g_assert_cmpstr (out, ==, "heap kept");
  g_assert_cmpstr (err, ==, "");
}

/* Page faults of `follicle` exporting patient @id's chart as a PDF,
 * GLIBC_TUNABLES set to @tunables and MALLOC_PERTURB_ to @perturb (NULL:
 * unset). */
static long
export_page_faults (FolTestDemoClinic *f,
                    const char        *id,
                    const char        *tunables,
                    const char        *perturb)
{
  g_autofree char *pdf = g_build_filename (f->dir, "chart.pdf", NULL);
  const char *argv[] = { g_getenv ("FOLLICLE_BIN"), "--database", f->db, "--patient", id,
                         "--export-chart", pdf, NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  struct rusage before, after;
  int status = -1;

  envp = tunables != NULL ? g_environ_setenv (envp, "GLIBC_TUNABLES", tunables, TRUE)
                          : g_environ_unsetenv (envp, "GLIBC_TUNABLES");
  /* a setting of the user's too (the test runner sets it) */
  envp = perturb != NULL ? g_environ_setenv (envp, "MALLOC_PERTURB_", perturb, TRUE)
                         : g_environ_unsetenv (envp, "MALLOC_PERTURB_");
  g_assert_cmpint (getrusage (RUSAGE_CHILDREN, &before), ==, 0);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (getrusage (RUSAGE_CHILDREN, &after), ==, 0);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  return after.ru_minflt - before.ru_minflt;
}

/* A chart export runs in `follicle` itself, which the C library started
 * without allocator settings: it sets them, its heap on huge pages, unless
 * the user chose settings of their own. Each huge page is one page fault
 * where 512 small ones were.
 */
static void
test_export_heap_on_huge_pages (FolTestDemoClinic *f,
                                gconstpointer      data)
{
  g_autofree char *thp = NULL;
  g_autofree char *id = NULL;
  g_auto(Run) r = { 0 };
  long ours, users;

#if defined(__SANITIZE_ADDRESS__)
  g_test_skip ("the sanitizer's allocator is not the C library's");
  return;
#endif
  if (!g_file_get_contents ("/sys/kernel/mm/transparent_hugepage/enabled", &thp, NULL, NULL) ||
      strstr (thp, "[never]") != NULL)
    {
      g_test_skip ("this system offers no huge pages");
      return;
    }

  run (&r, "--database", f->db, "--list-patients", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strchr (r.out, '\t'));
  id = g_strndup (r.out, strchr (r.out, '\t') - r.out);

  ours = export_page_faults (f, id, NULL, NULL);
  users = export_page_faults (f, id, "glibc.malloc.perturb=0", NULL);
  g_test_message ("page faults: %ld with the heap setting, %ld with the user's", ours, users);
  /* about half as many here (565 against 1,099); as many without the
   * setting, within a few */
  g_assert_cmpint (ours * 20, <, users * 17);

  /* MALLOC_PERTURB_ is the user's setting too: the heap is left as it is
   * (growing it would fill 12 MiB first, 3,000 page faults more). */
  ours = export_page_faults (f, id, NULL, "165");
  users = export_page_faults (f, id, "glibc.malloc.perturb=0", "165");
  g_test_message ("page faults with MALLOC_PERTURB_: %ld, %ld with the user's tunables", ours, users);
  g_assert_cmpint (ours * 20, <, users * 23);
}

/* Commands other than --export-chart go to the full command line at once;
 * --export-chart, in each spelling, to the chart module (missing here,
 * hence the error).
 */
static void
test_commands_skip_chart_module (Fakes         *f,
                                 gconstpointer  data)
{
  static const char * const full[][4] = {
    { "--list-patients", NULL },
    { "--database", "x.db", "--export-charts", "charts" },
    { "--export-charts=charts", NULL },
    { "--help", NULL },
    { "-d", "x.db", "--", "-e" },
  };
  static const char * const chart[][4] = {
    { "--export-chart", "c.png", "--patient", "1" },
    { "--export-chart=c.png", NULL },
    { "-e", "c.png", NULL },
    { "-pe", "1", "c.png", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (full); i++)
    {
      g_autofree char *out = NULL, *err = NULL, *args = g_strjoinv (" ", (char **) full[i]);
      g_autofree char *expected = g_strconcat ("full:", args, NULL);

      g_assert_cmpint (run_launcher (f, NULL, full[i], &out, &err), ==, 0);
      g_assert_cmpstr (out, ==, expected);
      g_assert_cmpstr (err, ==, "");
    }

  for (guint i = 0; i < G_N_ELEMENTS (chart); i++)
    {
      g_autofree char *out = NULL, *err = NULL;

      g_assert_cmpint (run_launcher (f, NULL, chart[i], &out, &err), ==, 1);
      g_assert_cmpstr (out, ==, "");
      g_assert_nonnull (strstr (err, "follicle-chart.so"));
    }
}

/* The window program starts with the allocator setting `follicle` gives it
 * and takes it out of its environment again, so that what it opens starts
 * as the user would have it: seen from inside the real window program
 * (tests/env-probe.c), which runs to its first frame.
 */
static void
test_window_forgets_tunables (FolTestDemoClinic *f,
                              gconstpointer      data)
{
  g_autofree char *report_path = g_build_filename (f->dir, "environment.txt", NULL);
  const char *argv[] = { g_getenv ("FOLLICLE_BIN"), "--database", f->db, NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_auto(GStrv) lines = NULL;
  g_autofree char *asan = NULL;
  g_autofree char *report = NULL;
  g_autoptr(GError) error = NULL;
  const char *window = NULL;
  int wait_status = -1;

  /* The probe is loaded first, before the address sanitizer's runtime. */
  asan = g_strconcat (g_environ_getenv (envp, "ASAN_OPTIONS") ? g_environ_getenv (envp, "ASAN_OPTIONS") : "",
                      ":verify_asan_link_order=0", NULL);
  envp = g_environ_setenv (envp, "ASAN_OPTIONS", asan, TRUE);
  envp = g_environ_setenv (envp, "LD_PRELOAD", g_getenv ("FOLLICLE_ENV_PROBE_LIB"), TRUE);
  envp = g_environ_setenv (envp, "FOLLICLE_ENV_PROBE", report_path, TRUE);
  envp = g_environ_setenv (envp, "FOLLICLE_BENCH_FIRST_FRAME", "1", TRUE);
  envp = g_environ_unsetenv (envp, "GLIBC_TUNABLES");

  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDOUT_TO_DEV_NULL,
                               fol_test_run_watchdog_cb, NULL, NULL, NULL, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 0);

  g_assert_true (g_file_get_contents (report_path, &report, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (report, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "follicle-window\t"))
      window = lines[i];
  g_assert_nonnull (window);

  {
    g_auto(GStrv) fields = g_strsplit (window, "\t", -1);

    g_assert_cmpuint (g_strv_length (fields), ==, 3);
    g_assert_true (g_str_has_prefix (fields[1], FOL_MALLOC_TUNABLES));
    g_assert_cmpstr (fields[2], ==, "unset");
  }
}

static void
test_forget_tunables (void)
{
  static const char * const kept[] = {
    "glibc.malloc.arena_max=2",
    FOL_MALLOC_TUNABLES,
    FOL_MALLOC_TUNABLES "4:glibc.malloc.tcache_count=0",
  };

  g_assert_true (g_setenv ("GLIBC_TUNABLES", FOL_MALLOC_TUNABLES "14", TRUE));
  fol_cli_forget_tunables ();
  g_assert_null (g_getenv ("GLIBC_TUNABLES"));

  /* Anything else is the user's */
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_assert_true (g_setenv ("GLIBC_TUNABLES", kept[i], TRUE));
      fol_cli_forget_tunables ();
      g_assert_cmpstr (g_getenv ("GLIBC_TUNABLES"), ==, kept[i]);
    }
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
  g_test_add ("/launcher/window-gets-tunables", Fakes, NULL, fakes_setup,
              test_window_gets_tunables, fakes_teardown);
  g_test_add ("/launcher/window-heap-keeps-frames", Fakes, NULL, fakes_setup,
              test_window_heap_keeps_frames, fakes_teardown);
  g_test_add ("/launcher/commands-skip-chart-module", Fakes, NULL, fakes_setup,
              test_commands_skip_chart_module, fakes_teardown);
  g_test_add_func ("/launcher/forget-tunables", test_forget_tunables);
  g_test_add ("/launcher/window-forgets-tunables", FolTestDemoClinic, NULL,
              fol_test_demo_clinic_setup, test_window_forgets_tunables,
              fol_test_demo_clinic_teardown);
  g_test_add ("/launcher/export-heap-on-huge-pages", FolTestDemoClinic, NULL,
              fol_test_demo_clinic_setup, test_export_heap_on_huge_pages,
              fol_test_demo_clinic_teardown);
  return g_test_run ();
}
