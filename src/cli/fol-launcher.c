/* fol-launcher.c
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

/* The `follicle` command. It links the C library alone, so that it costs
 * next to nothing before what was asked for starts:
 *
 *  - the window (no arguments, --database PATH, files): it becomes the
 *    window program, `follicle-window`, at once;
 *  - --export-chart: it loads the chart module (fol-launch.c built as
 *    `follicle-chart.so`), which exports a chart from a clinic file on the
 *    chart's libraries alone, and hands anything else it was given (a
 *    clinic server, another command too), with the same arguments, to the
 *    full command line, `follicle-cli`;
 *  - any other command: it becomes the full command line at once.
 *
 * Before, `follicle` was the chart exporter itself, and starting the window
 * first loaded its 41 libraries (cairo, Pango, SQLite) only to replace
 * them by the window's.
 */

#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define _(s) gettext (s)
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define WINDOW_PROGRAM "follicle-window"
#define FULL_PROGRAM "follicle-cli"
#define CHART_MODULE "follicle-chart.so"

#define MIB ((size_t) 1 << 20)

#if !defined(__SANITIZE_ADDRESS__)
/* The rest of the heap's first 2 MiB page, held for the program's life
 * (heap_on_huge_pages()). */
void *fol_launcher_heap_pad;
#endif

/* What FOL_MALLOC_TUNABLES gives the programs this one starts, for a
 * chart export, which runs in this program: the C library read no such
 * setting when it started it. mallopt() sets the heap's thresholds as
 * there (one arena for all threads was slower). The heap is grown by 12 MiB at
 * once and the kernel asked to back it with huge pages (what
 * glibc.malloc.hugetlb=1 asks each time the heap grows); the rest of the
 * 2 MiB page the heap started in, which cannot be one, is taken by a
 * block never used, so that what the export allocates lands on huge pages.
 */
static void
heap_on_huge_pages (void)
{
#if !defined(__SANITIZE_ADDRESS__)
  const uintptr_t huge = 2 * MIB;
  uintptr_t start, end, top;
  size_t pad = 0;
  void *block;

  mallopt (M_MMAP_THRESHOLD, FOL_MALLOC_MMAP_THRESHOLD);
  mallopt (M_TRIM_THRESHOLD, FOL_MALLOC_TRIM_THRESHOLD);
  mallopt (M_TOP_PAD, FOL_MALLOC_TOP_PAD);

  start = (uintptr_t) sbrk (0);
  block = malloc (12 * MIB);
  top = (uintptr_t) block;
  end = (uintptr_t) sbrk (0);
  if (block != NULL && start != (uintptr_t) -1 && end > start)
    {
      start = (start + huge - 1) & ~(huge - 1);
      end &= ~(huge - 1);
      if (end > start)
        madvise ((void *) start, end - start, MADV_HUGEPAGE);
      /* The block came from the top of the heap, where the next will. */
      if (top < start && start - top > 64)
        pad = start - top - 32;
    }
  free (block);
  if (pad > 0)
    fol_launcher_heap_pad = malloc (pad);
#endif
}

/* @name beside this program (a build tree), else in @installed_dir. */
static void
find_beside (const char *name,
             const char *installed_dir,
             char       *path,
             size_t      size)
{
  char self[PATH_MAX];
  ssize_t n = readlink ("/proc/self/exe", self, sizeof self - 1);

  if (n > 0)
    {
      char *slash;

      self[n] = '\0';
      slash = strrchr (self, '/');
      if (slash != NULL)
        {
          *slash = '\0';
          snprintf (path, size, "%s/%s", self, name);
          if (access (path, F_OK) == 0)
            return;
        }
    }
  snprintf (path, size, "%s/%s", installed_dir, name);
}

/* Whether @location may name a clinic server (a URI or "key=value"
 * settings) rather than a file (as in fol-launch.c).
 */
static int
may_be_server (const char *location)
{
  return strstr (location, "://") != NULL || strchr (location, '=') != NULL;
}

/* Only --database PATH and files: the window, as the full command line
 * would start it.
 */
static int
wants_window (int   argc,
              char *argv[])
{
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--database") == 0 || strcmp (argv[i], "-d") == 0)
        {
          if (++i >= argc || may_be_server (argv[i]))
            return 0;
        }
      else if (argv[i][0] == '-')
        return 0;
    }
  return 1;
}

/* --export-chart in any spelling GLib's option parser takes, or a group
 * of short options with -e: the one command the chart module runs. Any
 * other goes to the full command line at once, without loading the
 * module's 41 libraries only to be handed on. A spelling missed here would
 * cost time, not the chart: the full command line exports charts too.
 */
static int
wants_chart (int   argc,
             char *argv[])
{
  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    {
      const char *arg = argv[i];

      if (strcmp (arg, "--export-chart") == 0 || strncmp (arg, "--export-chart=", 15) == 0)
        return 1;
      if (arg[0] == '-' && arg[1] != '-' && strchr (arg + 1, 'e') != NULL)
        return 1;
    }
  return 0;
}

/* Replaces this process by @name, beside it or in libexecdir. */
static int
become (const char *name,
        char       *argv[])
{
  char path[PATH_MAX + 64];

  find_beside (name, LIBEXECDIR, path, sizeof path);
  execv (path, argv);
  fprintf (stderr, "follicle: ");
  if (strcmp (name, WINDOW_PROGRAM) == 0)
    fprintf (stderr, _("Cannot start the window program “%s”: %s"), path, strerror (errno));
  else
    fprintf (stderr, _("Cannot start the command-line program “%s”: %s"), path, strerror (errno));
  fprintf (stderr, "\n");
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  char path[PATH_MAX + 64];
  int (*chart_main) (int, char **);
  const char *user_tunables;
  void *module;

  /* The programs this one starts (the window, the full command line) get
   * the C library's allocator settings FOL_MALLOC_TUNABLES, unless the
   * user chose others: a heap on the kernel's huge pages (where it offers
   * them on request), grown 4 MB at a time, takes one page fault per 2 MB
   * instead of one per 4 kB. A window's first frame touched 10,800 pages
   * of memory, 4,000 fewer this way: 10 % sooner. Each arena (by default
   * up to eight per processor, one per thread that allocates) then holds
   * at least one huge page: at most two more than the processors keep the
   * window's memory as it was (30 MB more with no limit), and leave a
   * batch export's workers an arena each. Blocks up to 32 MiB come from
   * the heap, which keeps up to 64 MiB free: the C library's own rule for
   * those thresholds, off once top_pad is set, would map each frame's
   * chart-sized blocks afresh (a chart view's frame took 1.8 times as long
   * on hover). The window program takes the
   * setting out of its environment again (fol_cli_forget_tunables()), so
   * that what it starts in turn starts as the user would have it.
   */
  user_tunables = getenv ("GLIBC_TUNABLES");
  if (user_tunables == NULL)
    {
      char tunables[sizeof FOL_MALLOC_TUNABLES + 24];
      long processors = sysconf (_SC_NPROCESSORS_ONLN);

      snprintf (tunables, sizeof tunables, "%s%ld", FOL_MALLOC_TUNABLES, MAX (processors, 1) + 2);
      setenv ("GLIBC_TUNABLES", tunables, 0);
    }

  setlocale (LC_ALL, "");
  /* FOLLICLE_LOCALEDIR points at uninstalled translations (the tests). */
  bindtextdomain (GETTEXT_PACKAGE,
                  getenv ("FOLLICLE_LOCALEDIR") != NULL ? getenv ("FOLLICLE_LOCALEDIR") : LOCALEDIR);
  textdomain (GETTEXT_PACKAGE);

  if (argc == 2 && strcmp (argv[1], "--version") == 0)
    {
      printf ("follicle %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (wants_window (argc, argv))
    return become (WINDOW_PROGRAM, argv);
  if (!wants_chart (argc, argv))
    return become (FULL_PROGRAM, argv);

  /* MALLOC_PERTURB_ (a debugging setting) would fill the block that grows
   * the heap, before it is on huge pages. */
  if (user_tunables == NULL && getenv ("MALLOC_PERTURB_") == NULL)
    heap_on_huge_pages ();
  find_beside (CHART_MODULE, FOL_PKGLIBDIR, path, sizeof path);
  module = dlopen (path, RTLD_LAZY | RTLD_LOCAL);
  chart_main = module != NULL ? (int (*) (int, char **)) dlsym (module, "fol_launch_chart_main")
                              : NULL;
  if (chart_main == NULL)
    {
      fprintf (stderr, "follicle: ");
      fprintf (stderr, _("Cannot start the command-line program “%s”: %s"), path, dlerror ());
      fprintf (stderr, "\n");
      return 1;
    }
  /* The rest speaks GLib, whose strings are UTF-8. */
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  return chart_main (argc, argv);
}
