/* fol-test-run.h
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <signal.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

/* Runs the real `follicle` binary (FOLLICLE_BIN), without a display, as a
 * user would, and keeps what it printed and its exit status.
 */
typedef struct
{
  char *out;
  char *err;
  int   status;
} Run;

static inline void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* A command that waits forever (on a pipe, say) is killed: a failure,
 * not a hung test.
 */
static inline void
fol_test_run_watchdog_cb (gpointer data)
{
  alarm (60);
}

/* Runs @program with the arguments from @first up to NULL. */
static inline void
fol_test_run_valist (Run         *r,
                     const char  *program,
                     const char  *first,
                     va_list      args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *arg;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) program);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT,
                               fol_test_run_watchdog_cb, NULL, &r->out, &r->err, &wait_status,
                               &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  r->status = WEXITSTATUS (wait_status);
}

static inline void
run (Run         *r,
     const char  *first,
     ...)
{
  va_list args;

  va_start (args, first);
  fol_test_run_valist (r, g_getenv ("FOLLICLE_BIN"), first, args);
  va_end (args);
}
