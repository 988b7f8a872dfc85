/* test-i18n.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

/* Runs the real `follicle` binary with the translations built in the build
 * tree (FOLLICLE_LOCALEDIR), in German (LANGUAGE=de), in Spanish
 * (LANGUAGE=es) or in English.
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

/* The Spanish catalogue is built too (i18n.gettext builds it from po/es.po). */
static void
assert_catalogue (const char *language)
{
  g_autofree char *localedir = build_localedir ();
  g_autofree char *mo = g_build_filename (localedir, language, "LC_MESSAGES", "follicle.mo", NULL);

  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
}

/* --help in Spanish: option descriptions and their argument names. */
static void
test_es_help (Fixture       *f,
              gconstpointer  data)
{
  g_auto(Run) es = { 0 };

  assert_catalogue ("es");
  run (&es, "es", "--help", NULL);
  g_assert_cmpint (es.status, ==, 0);
  g_assert_nonnull (strstr (es.out, "Usar la base de datos de la clínica en RUTA"));
  g_assert_nonnull (strstr (es.out, "--database=RUTA"));
  g_assert_nonnull (strstr (es.out, "Siga el tratamiento de recrecimiento capilar, región por región."));
  g_assert_null (strstr (es.out, "Use the clinic database at PATH"));
  g_assert_null (strstr (es.out, "PFAD"));
}

/* Spanish plural: 8 patients. */
static void
test_es_plural (Fixture       *f,
                gconstpointer  data)
{
  g_auto(Run) r = { 0 };
  g_autofree char *expected = g_strdup_printf ("Se crearon 8 pacientes de demostración en %s\n",
                                               f->db);

  assert_catalogue ("es");
  run (&r, "es", "--database", f->db, "--demo", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, expected);
}

/* Errors of the core, and the hint after a wrong argument, in Spanish. */
static void
test_es_error (Fixture       *f,
               gconstpointer  data)
{
  g_auto(Run) demo = { 0 };
  g_auto(Run) es = { 0 };
  g_auto(Run) option = { 0 };

  assert_catalogue ("es");
  run (&demo, NULL, "--database", f->db, "--demo", NULL);
  g_assert_cmpint (demo.status, ==, 0);

  run (&es, "es", "--database", f->db, "--patient", "no-such-patient", "--summary", NULL);
  g_assert_cmpint (es.status, ==, 1);
  g_assert_nonnull (strstr (es.err, "Ningún paciente tiene el ID “no-such-patient”"));

  run (&option, "es", "--summary", NULL);
  g_assert_cmpint (option.status, ==, 2);
  g_assert_nonnull (strstr (option.err, "--summary necesita --patient ID"));
  g_assert_nonnull (strstr (option.err, "Ejecute “follicle --help” para ver las opciones."));
}

/* The character offset of NEEDLE in LINE, or -1. */
static glong
char_offset (const char *line,
             const char *needle)
{
  const char *at = strstr (line, needle);

  return at == NULL ? -1 : g_utf8_pointer_to_offset (line, at);
}

/* The summary's labels, region names and verdicts are Spanish, and each
 * region's name fits its column: the values of every row start under the
 * column heading, so a longer translated name does not push them aside. */
static void
test_es_summary (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(Run) demo = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(GStrv) lines = NULL;
  glong column = -1;
  guint rows = 0;

  assert_catalogue ("es");
  run (&demo, NULL, "--database", f->db, "--demo", NULL);
  g_assert_cmpint (demo.status, ==, 0);
  run (&list, "es", "--database", f->db, "--list-patients", NULL);
  g_assert_cmpint (list.status, ==, 0);

  /* Every demo patient, so that every region name is shown. */
  lines = g_strsplit (list.out, "\n", -1);
  for (guint p = 0; lines[p] != NULL && strchr (lines[p], '\t') != NULL; p++)
    {
      g_autofree char *id = g_strndup (lines[p], strchr (lines[p], '\t') - lines[p]);
      g_auto(Run) r = { 0 };
      g_auto(GStrv) out = NULL;

      run (&r, "es", "--database", f->db, "--patient", id, "--summary", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "Diagnóstico: "));
      g_assert_nonnull (strstr (r.out, "Valoración"));
      g_assert_null (strstr (r.out, "Verdict"));
      g_assert_null (strstr (r.out, "Baseline"));

      out = g_strsplit (r.out, "\n", -1);
      for (guint i = 0; out[i] != NULL; i++)
        {
          if (g_str_has_prefix (out[i], "Región "))
            {
              column = char_offset (out[i], "Basal");
              g_assert_cmpint (column, >, 0);
              continue;
            }
          if (column < 0 || *out[i] == '\0')
            {
              column = -1;
              continue;
            }
          /* A region's row: a space before the column, a value at it. */
          {
            const char *at = g_utf8_offset_to_pointer (out[i], column);

            g_assert_cmpint (g_utf8_strlen (out[i], -1), >, column);
            if (*g_utf8_prev_char (at) != ' ' || *at == ' ')
              g_error ("The region name runs into the values: “%s”", out[i]);
            rows++;
          }
        }
    }
  g_assert_cmpuint (rows, >, 0);
}

/* The chart's toggles are reached with Alt+C and Alt+T, as the shortcuts
 * window says in every language (bound to the keys themselves, see
 * test-chart-keys.c); the Spanish labels keep their mnemonic on C and on
 * T all the same, so that what they underline is what the keys do. */
static void
test_es_mnemonics (Fixture       *f,
                   gconstpointer  data)
{
  static const struct { const char *label; char key; } toggles[] = {
    { "_Change from Baseline", 'c' },
    { "_Trend", 't' },
  };
  g_autofree char *localedir = build_localedir ();

  assert_catalogue ("es");
  g_setenv ("LANGUAGE", "es", TRUE);
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  for (guint i = 0; i < G_N_ELEMENTS (toggles); i++)
    {
      const char *label = g_dgettext (GETTEXT_PACKAGE, toggles[i].label);
      const char *mnemonic = strchr (label, '_');

      g_assert_cmpstr (label, !=, toggles[i].label);
      g_assert_nonnull (mnemonic);
      g_assert_cmpint (g_ascii_tolower (mnemonic[1]), ==, toggles[i].key);
    }
  g_unsetenv ("LANGUAGE");
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
  g_test_add ("/i18n/es/help", Fixture, NULL, setup, test_es_help, teardown);
  g_test_add ("/i18n/es/plural", Fixture, NULL, setup, test_es_plural, teardown);
  g_test_add ("/i18n/es/error", Fixture, NULL, setup, test_es_error, teardown);
  g_test_add ("/i18n/es/summary", Fixture, NULL, setup, test_es_summary, teardown);
  g_test_add ("/i18n/es/mnemonics", Fixture, NULL, setup, test_es_mnemonics, teardown);

  return g_test_run ();
}
