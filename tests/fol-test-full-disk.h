/* fol-test-full-disk.h
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <signal.h>
#include <sys/resource.h>

#include <glib.h>

/* A full disk, simulated with RLIMIT_FSIZE: a write past @bytes fails
 * with EFBIG (SIGXFSZ ignored), which Follicle reports as no space left.
 * RLIM_INFINITY lifts it. Run it in a subprocess, so that the limit never
 * touches the other tests.
 */
static inline void
fol_test_set_file_size_limit (rlim_t bytes)
{
  struct rlimit limit;

  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  limit.rlim_cur = bytes;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
}
