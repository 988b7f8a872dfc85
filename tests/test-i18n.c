/* test-i18n.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

/* Runs the real `follicle` binary with the translations built in the build
 * tree (FOLLICLE_LOCALEDIR), in German (LANGUAGE=de) or in English.
 */
typedef struct
{
  char *out;
  char *err;
  int   status;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static char *
build_localedir (void)
{
  return g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
}

static void
run (Run         *r,
     const char  *language,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *localedir = build_localedir ();
  const char *arg;
  va_list args;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("FOLLICLE_BIN"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_unsetenv (envp, "LANG");
  envp = g_environ_unsetenv (envp, "LC_MESSAGES");
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  envp = g_environ_setenv (envp, "FOLLICLE_LOCALEDIR", localedir, TRUE);
  if (language != NULL)
    envp = g_environ_setenv (envp, "LANGUAGE", language, TRUE);
  else
    envp = g_environ_unsetenv (envp, "LANGUAGE");

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               &r->out, &r->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  r->status = WEXITSTATUS (wait_status);
}

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *localedir = build_localedir ();
  g_autofree char *mo = g_build_filename (localedir, "de", "LC_MESSAGES", "follicle.mo", NULL);

  /* i18n.gettext builds it from po/de.po */
  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));

  f->dir = g_dir_make_tmp ("follicle-i18n-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->db = g_build_filename (f->dir, "clinic.db", NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_assert_cmpint (system (command), ==, 0);
  g_free (f->db);
  g_free (f->dir);
}

/* The option descriptions of --help are German with LANGUAGE=de, English
 * without: the translation, not the environment alone, makes the difference.
 */
static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  g_auto(Run) de = { 0 };
  g_auto(Run) en = { 0 };

  run (&de, "de", "--help", NULL);
  g_assert_cmpint (de.status, ==, 0);
  g_assert_nonnull (strstr (de.out, "Die Klinikdatenbank unter PFAD verwenden"));
  g_assert_nonnull (strstr (de.out, "--database=PFAD"));
  g_assert_nonnull (strstr (de.out, "Haarwuchsbehandlungen Region für Region verfolgen."));
  g_assert_null (strstr (de.out, "Use the clinic database at PATH"));

  run (&en, NULL, "--help", NULL);
  g_assert_cmpint (en.status, ==, 0);
  g_assert_nonnull (strstr (en.out, "Use the clinic database at PATH"));
  g_assert_null (strstr (en.out, "PFAD"));
}

/* Plural forms come from the translation: 8 patients, German plural. */
static void
test_plural (Fixture       *f,
             gconstpointer  data)
{
  g_auto(Run) r = { 0 };
  g_autofree char *expected = g_strdup_printf ("8 Demo-Patienten in %s angelegt\n", f->db);

  run (&r, "de", "--database", f->db, "--demo", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, expected);
}

/* Errors of the core are German too, with German quotation marks. */
static void
test_error (Fixture       *f,
            gconstpointer  data)
{
  g_auto(Run) demo = { 0 };
  g_auto(Run) de = { 0 };
  g_auto(Run) en = { 0 };
  g_auto(Run) option = { 0 };

  run (&demo, NULL, "--database", f->db, "--demo", NULL);
  g_assert_cmpint (demo.status, ==, 0);

  run (&de, "de", "--database", f->db, "--patient", "no-such-patient", "--summary", NULL);
  g_assert_cmpint (de.status, ==, 1);
  g_assert_nonnull (strstr (de.err, "Es gibt keinen Patienten mit der ID „no-such-patient“"));

  run (&en, NULL, "--database", f->db, "--patient", "no-such-patient", "--summary", NULL);
  g_assert_cmpint (en.status, ==, 1);
  g_assert_nonnull (strstr (en.err, "No patient has the ID “no-such-patient”"));

  /* A wrong argument: the hint after the message is translated as well. */
  run (&option, "de", "--summary", NULL);
  g_assert_cmpint (option.status, ==, 2);
  g_assert_nonnull (strstr (option.err, "--summary erfordert --patient ID"));
  g_assert_nonnull (strstr (option.err, "„follicle --help“ zeigt die verfügbaren Optionen an."));
}

/* The summary's labels, region names and verdicts are German. */
static void
test_summary (Fixture       *f,
              gconstpointer  data)
{
  g_auto(Run) demo = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(Run) r = { 0 };
  g_autofree char *id = NULL;

  run (&demo, NULL, "--database", f->db, "--demo", NULL);
  g_assert_cmpint (demo.status, ==, 0);
  run (&list, "de", "--database", f->db, "--list-patients", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strchr (list.out, '\t'));
  id = g_strndup (list.out, strchr (list.out, '\t') - list.out);

  run (&r, "de", "--database", f->db, "--patient", id, "--summary", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Diagnose: "));
  g_assert_nonnull (strstr (r.out, "Gesamthaardichte (Haare/cm²)"));
  g_assert_nonnull (strstr (r.out, "Bewertung"));
  g_assert_null (strstr (r.out, "Verdict"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/i18n/help", Fixture, NULL, setup, test_help, teardown);
  g_test_add ("/i18n/plural", Fixture, NULL, setup, test_plural, teardown);
  g_test_add ("/i18n/error", Fixture, NULL, setup, test_error, teardown);
  g_test_add ("/i18n/summary", Fixture, NULL, setup, test_summary, teardown);

  return g_test_run ();
}
