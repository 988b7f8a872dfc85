/* env-probe.c
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

/* Loaded into a program with LD_PRELOAD, it appends to the file named by
 * FOLLICLE_ENV_PROBE, when the program ends, a line: the program's file
 * name (not argv[0], which `follicle` passes on unchanged),
 * the allocator setting (GLIBC_TUNABLES) it started with and the one its
 * environment holds at the end, "unset" for none. The window's first frame
 * ends it with _exit(), which runs no destructor: that is caught here too.
 */

#define _GNU_SOURCE

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static char at_start[1024] = "unset";

__attribute__((constructor)) static void
probe_start (void)
{
  const char *value = getenv ("GLIBC_TUNABLES");

  if (value != NULL)
    snprintf (at_start, sizeof at_start, "%s", value);
}

static void
report (void)
{
  static int reported;
  const char *out = getenv ("FOLLICLE_ENV_PROBE");
  const char *now = getenv ("GLIBC_TUNABLES");
  char program[4096];
  ssize_t n = readlink ("/proc/self/exe", program, sizeof program - 1);
  FILE *file;

  if (reported || out == NULL || n < 0 || (file = fopen (out, "a")) == NULL)
    return;
  reported = 1;
  program[n] = '\0';
  fprintf (file, "%s\t%s\t%s\n", basename (program), at_start, now ? now : "unset");
  fclose (file);
}

__attribute__((destructor)) static void
probe_end (void)
{
  report ();
}

void
_exit (int status)
{
  report ();
  syscall (SYS_exit_group, status);
  for (;;)
    ;
}
