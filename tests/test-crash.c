/* test-crash.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fol-demo.h"
#include "fol-error.h"
#include "fol-sqlite-migrations.h"
#include "test-helpers.h"

/* Crash safety: a child process performs real user actions through the
 * store and reports each one on a pipe, "B" (about to write, with what it
 * writes) before and "D" (committed) after the call returns. The parent
 * kills it with SIGKILL at a random moment, then checks the database:
 * it opens, passes the integrity check, holds every committed action
 * exactly as written, and shows the one action in flight either wholly or
 * not at all.
 *
 * The same for opening: a child makes a new clinic and fills the demo
 * patients (what `follicle --database new.db --demo` and the first window
 * do), or upgrades a clinic of every older schema version, and is killed
 * in its first moments; whatever is left must open, read-only (the command
 * line) and read-write (the window).
 *
 * FOL_CRASH_CYCLES=N runs N cycles; FOL_CRASH_BENCH=1 counts failures
 * instead of stopping at the first (build-aux/bench-crash).
 */

#define DEFAULT_CYCLES 50
#define DEFAULT_OPEN_CYCLES 20
#define MAX_OPEN_DELAY_US 100000
#define MAX_DELAY_US   60000

/* Child: the user */

typedef struct
{
  char  kind;     /* P, V, S */
  char *id;
  char *parent;
} Made;

static void
made_free (Made *m)
{
  g_free (m->id);
  g_free (m->parent);
  g_free (m);
}

static void
report (int         fd,
        const char *line)
{
  size_t len = strlen (line);

  /* Shorter than PIPE_BUF: the write is atomic. */
  g_assert (len < 4096);
  if (write (fd, line, len) != (ssize_t) len)
    _exit (4);
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* "code:count;…" in the order the database sorts region codes. */
static char *
canonical_regions (guint mask,
                   int   base)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  GString *s = g_string_new (NULL);

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    if (mask & FOL_REGION_BIT (r))
      g_ptr_array_add (codes, (gpointer) fol_region_code (r));
  g_ptr_array_sort (codes, compare_codes);
  for (guint i = 0; i < codes->len; i++)
    {
      if (base >= 0)
        {
          FolRegion r = FOL_REGION_NONE;

          fol_region_from_code (g_ptr_array_index (codes, i), &r);
          g_string_append_printf (s, "%s:%d;", (char *) g_ptr_array_index (codes, i), base + (int) r);
        }
      else
        g_string_append_printf (s, "%s;", (char *) g_ptr_array_index (codes, i));
    }
  return g_string_free (s, FALSE);
}

static FolDate
random_date (GRand *rand)
{
  return fol_date_new (2020, 1, 1) + g_rand_int_range (rand, 0, 1500);
}

static void
child_fail (int           fd,
            const GError *error)
{
  g_autofree char *line = g_strdup_printf ("F %s\n", error ? error->message : "?");

  report (fd, line);
  _exit (3);
}

static void
do_patient (FolStore   *store,
            GRand      *rand,
            int         fd,
            guint       seq,
            GPtrArray  *made,
            Made       *edit)
{
  g_autoptr(FolPatient) p = fol_patient_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = edit ? g_strdup (edit->id) : g_uuid_string_random ();
  g_autofree char *name = g_strdup_printf ("Patient %u-%u", seq, g_rand_int (rand) % 1000);
  FolDate birth = fol_date_new (1950 + g_rand_int_range (rand, 0, 50), 1 + g_rand_int_range (rand, 0, 12), 1);
  g_autofree char *iso = fol_date_to_iso (birth);
  g_autofree char *line = g_strdup_printf ("B P %s - %s|%s\n", id, name, iso);

  fol_patient_set_id (p, id);
  fol_patient_set_name (p, name);
  fol_patient_set_birth_date (p, birth);
  fol_patient_set_sex (p, "female");
  report (fd, line);
  if (!fol_store_save_patient (store, p, &error))
    child_fail (fd, error);
  report (fd, "D\n");

  if (edit == NULL)
    {
      Made *m = g_new0 (Made, 1);

      m->kind = 'P';
      m->id = g_steal_pointer (&id);
      g_ptr_array_add (made, m);
    }
}

static void
do_visit (FolStore   *store,
          GRand      *rand,
          int         fd,
          guint       seq,
          GPtrArray  *made,
          const char *patient_id,
          Made       *edit)
{
  g_autoptr(GPtrArray) ms = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = edit ? g_strdup (edit->id) : g_uuid_string_random ();
  g_autofree char *notes = g_strdup_printf ("visit %u", seq);
  FolDate date = random_date (rand);
  g_autofree char *iso = fol_date_to_iso (date);
  g_autoptr(FolVisit) v = helper_visit (patient_id, date, notes);
  guint mask = 1 + g_rand_int_range (rand, 0, (1 << FOL_N_REGIONS) - 1);
  int base = g_rand_int_range (rand, 50, 500);
  g_autofree char *regions = canonical_regions (mask, base);
  g_autofree char *line = g_strdup_printf ("B V %s %s %s|%s|%s|%s\n", id, patient_id, patient_id,
                                           iso, notes, regions);

  fol_visit_set_id (v, id);
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    if (mask & FOL_REGION_BIT (r))
      g_ptr_array_add (ms, helper_measurement (r, base + (int) r));

  report (fd, line);
  if (!fol_store_save_visit (store, v, ms, &error))
    child_fail (fd, error);
  report (fd, "D\n");

  if (edit == NULL)
    {
      Made *m = g_new0 (Made, 1);

      m->kind = 'V';
      m->id = g_steal_pointer (&id);
      m->parent = g_strdup (patient_id);
      g_ptr_array_add (made, m);
    }
}

static void
do_session (FolStore   *store,
            GRand      *rand,
            int         fd,
            guint       seq,
            GPtrArray  *made,
            const char *patient_id,
            Made       *edit)
{
  static const char *severities[] = { "mild", "moderate", "severe" };
  g_autoptr(FolTreatmentSession) s = fol_treatment_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = edit ? g_strdup (edit->id) : g_uuid_string_random ();
  g_autofree char *notes = g_strdup_printf ("session %u", seq);
  FolDate date = random_date (rand);
  g_autofree char *iso = fol_date_to_iso (date);
  guint mask = 1 + g_rand_int_range (rand, 0, (1 << FOL_N_REGIONS) - 1);
  g_autofree char *regions = canonical_regions (mask, -1);
  g_autoptr(GString) events = g_string_new (NULL);
  guint n_events = g_rand_int_range (rand, 0, 3);
  g_autofree char *line = NULL;

  fol_treatment_session_set_id (s, id);
  fol_treatment_session_set_patient_id (s, patient_id);
  fol_treatment_session_set_date (s, date);
  fol_treatment_session_set_treatment_type (s, "prp");
  fol_treatment_session_set_notes (s, notes);
  fol_treatment_session_set_regions (s, mask);
  for (guint i = 0; i < n_events; i++)
    {
      g_autofree char *what = g_strdup_printf ("event %u.%u", seq, i);
      FolSeverity severity = g_rand_int_range (rand, 0, FOL_N_SEVERITIES);

      fol_treatment_session_add_adverse_event (s, what, severity);
      g_string_append_printf (events, "%s:%s;", what, severities[severity]);
    }

  line = g_strdup_printf ("B S %s %s %s|%s|prp|%s|%s|%s\n", id, patient_id, patient_id, iso, notes,
                          regions, events->str);
  report (fd, line);
  if (!fol_store_save_session (store, s, &error))
    child_fail (fd, error);
  report (fd, "D\n");

  if (edit == NULL)
    {
      Made *m = g_new0 (Made, 1);

      m->kind = 'S';
      m->id = g_steal_pointer (&id);
      m->parent = g_strdup (patient_id);
      g_ptr_array_add (made, m);
    }
}

static void
do_delete (FolStore  *store,
           int        fd,
           GPtrArray *made,
           guint      index)
{
  Made *m = g_ptr_array_index (made, index);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_strdup_printf ("B X%c %s\n", m->kind, m->id);
  gboolean ok;

  report (fd, line);
  if (m->kind == 'P')
    ok = fol_store_delete_patient (store, m->id, &error);
  else if (m->kind == 'V')
    ok = fol_store_delete_visit (store, m->id, &error);
  else
    ok = fol_store_delete_session (store, m->id, &error);
  if (!ok)
    child_fail (fd, error);
  report (fd, "D\n");

  /* Forget it, and what a deleted patient took with them. */
  if (m->kind == 'P')
    {
      g_autofree char *pid = g_strdup (m->id);

      for (guint i = made->len; i > 0; i--)
        {
          Made *c = g_ptr_array_index (made, i - 1);

          if (g_strcmp0 (c->id, pid) == 0 || g_strcmp0 (c->parent, pid) == 0)
            g_ptr_array_remove_index (made, i - 1);
        }
    }
  else
    g_ptr_array_remove_index (made, index);
}

static Made *
pick (GPtrArray *made,
      GRand     *rand,
      char       kind,
      guint     *out_index)
{
  guint n = made->len;

  if (n == 0)
    return NULL;
  for (guint tries = 0; tries < 8; tries++)
    {
      guint i = g_rand_int_range (rand, 0, n);
      Made *m = g_ptr_array_index (made, i);

      if (m->kind == kind)
        {
          if (out_index)
            *out_index = i;
          return m;
        }
    }
  return NULL;
}

static void G_GNUC_NORETURN
child_main (const char *db_path,
            int         fd,
            guint32     seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (db_path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func ((GDestroyNotify) made_free);
  FolStore *s;

  if (store == NULL)
    child_fail (fd, error);
  s = FOL_STORE (store);
  /* A forked child inherits the parent's random state: new IDs must differ. */
  g_random_set_seed (seed ^ (guint32) getpid ());
  report (fd, "R\n");

  for (guint seq = 0; seq < 100000; seq++)
    {
      guint roll = g_rand_int_range (rand, 0, 100);
      Made *patient = pick (made, rand, 'P', NULL);
      Made *target;
      guint index = 0;

      if (patient == NULL || roll < 12)
        do_patient (s, rand, fd, seq, made, NULL);
      else if (roll < 45)
        do_visit (s, rand, fd, seq, made, patient->id, NULL);
      else if (roll < 65)
        do_session (s, rand, fd, seq, made, patient->id, NULL);
      else if (roll < 75 && (target = pick (made, rand, 'V', NULL)))
        do_visit (s, rand, fd, seq, made, target->parent, target);
      else if (roll < 82 && (target = pick (made, rand, 'S', NULL)))
        do_session (s, rand, fd, seq, made, target->parent, target);
      else if (roll < 86)
        do_patient (s, rand, fd, seq, made, patient);
      else if (roll < 92 && pick (made, rand, 'V', &index))
        do_delete (s, fd, made, index);
      else if (roll < 97 && pick (made, rand, 'S', &index))
        do_delete (s, fd, made, index);
      else if (roll >= 97 && pick (made, rand, 'P', &index))
        do_delete (s, fd, made, index);
    }
  _exit (0);
}

/* Parent: the check */

typedef struct
{
  char  kind;
  char *parent;
  char *canonical;
} Expected;

static void
expected_free (Expected *e)
{
  g_free (e->parent);
  g_free (e->canonical);
  g_free (e);
}

typedef struct
{
  char  kind[3];
  char *id;
  char *parent;
  char *canonical;
} Pending;

static void
pending_clear (Pending *p)
{
  g_clear_pointer (&p->id, g_free);
  g_clear_pointer (&p->parent, g_free);
  g_clear_pointer (&p->canonical, g_free);
  p->kind[0] = 0;
}

static void
apply (GHashTable *model,
       Pending    *p)
{
  if (p->kind[0] == 'X')
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_remove (model, p->id);
      if (p->kind[1] == 'P')
        {
          g_hash_table_iter_init (&iter, model);
          while (g_hash_table_iter_next (&iter, &key, &value))
            if (g_strcmp0 (((Expected *) value)->parent, p->id) == 0)
              g_hash_table_iter_remove (&iter);
        }
    }
  else
    {
      Expected *e = g_new0 (Expected, 1);

      e->kind = p->kind[0];
      e->parent = g_strdup (p->parent);
      e->canonical = g_strdup (p->canonical);
      g_hash_table_replace (model, g_strdup (p->id), e);
    }
}

/* Parses "B K id parent canonical" or "B XK id". */
static gboolean
parse_begin (const char *line,
             Pending    *p)
{
  g_auto(GStrv) f = g_strsplit (line, " ", 5);

  pending_clear (p);
  if (g_strv_length (f) < 3)
    return FALSE;
  g_strlcpy (p->kind, f[1], sizeof p->kind);
  p->id = g_strdup (f[2]);
  if (p->kind[0] != 'X')
    {
      if (g_strv_length (f) != 5)
        return FALSE;
      p->parent = g_strcmp0 (f[3], "-") == 0 ? NULL : g_strdup (f[3]);
      p->canonical = g_strdup (f[4]);
    }
  return TRUE;
}

static void
add_rows (sqlite3    *db,
          const char *sql,
          char        kind,
          GHashTable *actual)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Expected *e = g_new0 (Expected, 1);

      e->kind = kind;
      e->canonical = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      g_hash_table_replace (actual, g_strdup ((const char *) sqlite3_column_text (stmt, 0)), e);
    }
  sqlite3_finalize (stmt);
}

/* The database's content in the same canonical form the child reports. */
static GHashTable *
read_actual (sqlite3 *db)
{
  GHashTable *actual = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) expected_free);

  add_rows (db, "SELECT id, name || '|' || birth_date FROM patients", 'P', actual);
  add_rows (db, "SELECT v.id, v.patient_id || '|' || v.visit_date || '|' || v.notes || '|' ||"
                " coalesce ((SELECT group_concat (region || ':' || hair_count || ';', '') FROM"
                " (SELECT region, hair_count FROM measurements m WHERE m.visit_id = v.id ORDER BY region)), '')"
                " FROM visits v", 'V', actual);
  add_rows (db, "SELECT s.id, s.patient_id || '|' || s.session_date || '|' || s.treatment_type || '|' ||"
                " s.notes || '|' ||"
                " coalesce ((SELECT group_concat (region || ';', '') FROM"
                " (SELECT region FROM session_regions r WHERE r.session_id = s.id ORDER BY region)), '') || '|' ||"
                " coalesce ((SELECT group_concat (description || ':' || severity || ';', '') FROM"
                " (SELECT description, severity FROM adverse_events a WHERE a.session_id = s.id"
                " ORDER BY position)), '')"
                " FROM treatment_sessions s", 'S', actual);
  return actual;
}

/* Whether @id is what the action in flight touches. */
static gboolean
in_flight (const Pending *p,
           const char    *id,
           const char    *parent)
{
  if (p->id == NULL)
    return FALSE;
  return g_strcmp0 (p->id, id) == 0 ||
         (g_strcmp0 (p->kind, "XP") == 0 && g_strcmp0 (p->id, parent) == 0);
}

static char *
check_database (const char *db_path,
                GHashTable *model,
                Pending    *p)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (db_path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  g_autoptr(GHashTable) actual = NULL;
  GHashTableIter iter;
  gpointer key, value;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *problem = NULL;

  if (store == NULL)
    return g_strdup_printf ("the database does not open: %s", error->message);

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) != SQLITE_ROW || g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    problem = g_strdup_printf ("integrity check: %s", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  actual = read_actual (db);
  sqlite3_close (db);
  if (problem != NULL)
    return problem;

  g_hash_table_iter_init (&iter, model);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Expected *want = value;
      Expected *got = g_hash_table_lookup (actual, key);

      if (got != NULL && g_strcmp0 (got->canonical, want->canonical) == 0)
        continue;
      if (in_flight (p, key, want->parent) &&
          (got == NULL ? p->kind[0] == 'X' : g_strcmp0 (got->canonical, p->canonical) == 0))
        continue;
      return g_strdup_printf ("%c %s: committed “%s”, found “%s”", want->kind, (char *) key,
                              want->canonical, got ? got->canonical : "nothing");
    }

  g_hash_table_iter_init (&iter, actual);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Expected *got = value;

      if (g_hash_table_contains (model, key))
        continue;
      if (in_flight (p, key, NULL) && p->kind[0] != 'X' && g_strcmp0 (got->canonical, p->canonical) == 0)
        continue;
      return g_strdup_printf ("%c %s: “%s” was never committed whole", got->kind, (char *) key,
                              got->canonical);
    }

  return NULL;
}

typedef struct
{
  guint cycles;
  guint committed;
  guint failures;
} Figures;

static void
run_cycles (guint    n_cycles,
            gboolean bench,
            Figures *figures)
{
  g_autofree char *dir = g_dir_make_tmp ("follicle-crash-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "follicle.db", NULL);
  g_autoptr(GHashTable) model = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) expected_free);
  g_autoptr(GRand) rand = g_rand_new ();

  for (guint cycle = 0; cycle < n_cycles; cycle++)
    {
      g_autoptr(GString) input = g_string_new (NULL);
      g_auto(GStrv) lines = NULL;
      g_autofree char *problem = NULL;
      Pending pending = { { 0 } };
      char buffer[8192];
      int fds[2], status = 0;
      guint32 seed = g_rand_int (rand);
      pid_t pid;
      ssize_t n;

      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          child_main (db_path, fds[1], seed);
        }
      close (fds[1]);

      /* Kill it once it is at work: "R" says the clinic is open. */
      n = read (fds[0], buffer, 2);
      if (n == 2 && memcmp (buffer, "R\n", 2) == 0)
        g_usleep (g_rand_int_range (rand, 0, MAX_DELAY_US));
      else if (n > 0)
        g_string_append_len (input, buffer, n);
      kill (pid, SIGKILL);

      while ((n = read (fds[0], buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0)
          g_string_append_len (input, buffer, n);
      close (fds[0]);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

      lines = g_strsplit (input->str, "\n", -1);
      for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
        {
          if (lines[i][0] == 'B')
            g_assert_true (parse_begin (lines[i], &pending));
          else if (lines[i][0] == 'D')
            {
              apply (model, &pending);
              pending_clear (&pending);
              figures->committed++;
            }
          else
            g_error ("The child failed (seed %u) on “%s”: %s", seed, i > 0 ? lines[i - 1] : "", lines[i]);
        }

      if (!WIFSIGNALED (status) || WTERMSIG (status) != SIGKILL)
        g_error ("The child ended by itself (status %d)", status);

      problem = check_database (db_path, model, &pending);
      if (problem != NULL)
        {
          figures->failures++;
          if (!bench)
            g_error ("Cycle %u (seed %u): %s", cycle, seed, problem);
          g_printerr ("cycle %u: %s\n", cycle, problem);
          /* Carry on from what is there now. */
          g_hash_table_remove_all (model);
          {
            sqlite3 *db = NULL;
            g_autoptr(GHashTable) actual = NULL;
            GHashTableIter iter;
            gpointer key, value;

            sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL);
            actual = read_actual (db);
            sqlite3_close (db);
            g_hash_table_iter_init (&iter, actual);
            while (g_hash_table_iter_next (&iter, &key, &value))
              g_hash_table_iter_steal (&iter), g_hash_table_replace (model, key, value);
          }
        }
      else if (pending.id != NULL)
        {
          /* Settle the action in flight from what the database says. */
          g_autoptr(GHashTable) actual = NULL;
          sqlite3 *db = NULL;
          Expected *got;

          sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL);
          actual = read_actual (db);
          sqlite3_close (db);
          got = g_hash_table_lookup (actual, pending.id);
          if ((pending.kind[0] == 'X' && got == NULL) ||
              (pending.kind[0] != 'X' && got != NULL && g_strcmp0 (got->canonical, pending.canonical) == 0))
            apply (model, &pending);
        }
      pending_clear (&pending);
      figures->cycles++;
    }

  helper_remove_tree (dir);
}

static void
test_crash_cycles (void)
{
  const char *env = g_getenv ("FOL_CRASH_CYCLES");
  gboolean bench = g_strcmp0 (g_getenv ("FOL_CRASH_BENCH"), "1") == 0;
  guint n = env ? (guint) g_ascii_strtoull (env, NULL, 10) : DEFAULT_CYCLES;
  Figures figures = { 0 };

  run_cycles (n, bench, &figures);
  g_test_message ("crash: cycles %u, actions committed %u, failures %u",
                  figures.cycles, figures.committed, figures.failures);
  if (bench)
    g_print ("cycles %u\nactions committed %u\nfailures %u\n",
             figures.cycles, figures.committed, figures.failures);
  g_assert_cmpuint (figures.cycles, ==, n);
  g_assert_cmpuint (figures.committed, >, 0);
  if (!bench)
    g_assert_cmpuint (figures.failures, ==, 0);
}

/* Opening: creation, the demo fill, migrations */

#define OLD_PATIENT_ID "5b0c3f6e-8a7e-4f4b-9d63-0d5e3c1a2b77"

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;

  sqlite3_exec (db, sql, NULL, NULL, &message);
  if (message != NULL)
    g_error ("%s: %s", sql, message);
}

/* A clinic as version @version left it (in WAL mode as the store leaves
 * it, or in rollback mode as a copy may be), with one patient.
 */
static void
make_old_clinic (const char *path,
                 guint       version,
                 gboolean    wal)
{
  sqlite3 *db = NULL;
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", version);
  g_autofree char *set_id = g_strdup_printf ("PRAGMA application_id = %d", FOL_SQLITE_APPLICATION_ID);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (wal)
    exec_ok (db, "PRAGMA journal_mode = WAL");
  exec_ok (db, "BEGIN");
  /* Migration 5 computes search keys with a function of the core. */
  _fol_sqlite_migration_functions (db, TRUE);
  for (guint v = 1; v <= version; v++)
    exec_ok (db, _fol_sqlite_migration (v));
  exec_ok (db, set_version);
  exec_ok (db, set_id);
  exec_ok (db,
           "INSERT INTO patients (id, name, sort_name, birth_date, created_at, updated_at)"
           " VALUES ('" OLD_PATIENT_ID "', 'Ida Older', 'ida older', '1970-06-01',"
           " '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')");
  _fol_sqlite_migration_functions (db, FALSE);
  exec_ok (db, "COMMIT");
  sqlite3_close (db);
}

static void G_GNUC_NORETURN
child_open_main (const char *db_path,
                 int         fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = NULL;
  guint n = 0;

  report (fd, "R\n");
  store = fol_sqlite_store_open (db_path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  if (store == NULL)
    child_fail (fd, error);
  report (fd, "O\n");
  if (!fol_demo_populate (FOL_STORE (store), FOL_DEMO_SEED, &n, &error))
    child_fail (fd, error);
  report (fd, "D\n");
  g_clear_object (&store);
  _exit (0);
}

static int
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* What a start after the crash finds: the command line reads it, the
 * window opens it, it is whole, at the current schema, with nothing lost.
 */
static char *
check_opens (const char *db_path,
             gboolean    had_patient)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolSqliteStore) store = NULL;
  g_autofree char *dir = g_path_get_dirname (db_path);
  g_autoptr(GDir) d = NULL;
  const char *name;
  sqlite3 *db = NULL;
  char *problem = NULL;

  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      store = fol_sqlite_store_open (db_path, FOL_SQLITE_STORE_FLAGS_READ_ONLY, &error);
      if (store == NULL && !g_error_matches (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NEEDS_UPGRADE))
        return g_strdup_printf ("the command line cannot read it: %s", error->message);
      g_clear_error (&error);
      g_clear_object (&store);
    }
  else if (had_patient)
    return g_strdup ("the clinic is gone");

  store = fol_sqlite_store_open (db_path, FOL_SQLITE_STORE_FLAGS_NONE, &error);
  if (store == NULL)
    return g_strdup_printf ("the window cannot open it: %s", error->message);
  if (fol_store_is_read_only (FOL_STORE (store)))
    return g_strdup ("it opens read-only");

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
    if (sqlite3_step (stmt) != SQLITE_ROW || g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
      problem = g_strdup_printf ("integrity check: %s", sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
  }
  if (problem == NULL && query_int (db, "PRAGMA user_version") != (int) fol_sqlite_store_schema_version ())
    problem = g_strdup_printf ("schema %d after opening", query_int (db, "PRAGMA user_version"));
  if (problem == NULL && had_patient &&
      query_int (db, "SELECT count(*) FROM patients WHERE id = '" OLD_PATIENT_ID "'"
                     " AND name = 'Ida Older'") != 1)
    problem = g_strdup ("the patient of the older clinic is gone");
  sqlite3_close (db);

  /* No temporary clinic left behind. */
  d = g_dir_open (dir, 0, NULL);
  while (problem == NULL && d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (strstr (name, ".new-") != NULL)
      problem = g_strdup_printf ("“%s” was left behind", name);

  return problem;
}

static void
reset_dir (const char *dir)
{
  helper_remove_tree (dir);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
}

/* @version 0: a new clinic; else one of that older version to upgrade. */
static void
run_open_cycles (guint    n_cycles,
                 guint    version,
                 gboolean bench,
                 Figures *figures)
{
  g_autofree char *dir = g_dir_make_tmp ("follicle-crash-open-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "new.db", NULL);
  g_autoptr(GRand) rand = g_rand_new ();

  for (guint cycle = 0; cycle < n_cycles; cycle++)
    {
      g_autoptr(GString) input = g_string_new (NULL);
      g_autofree char *problem = NULL;
      gulong delay = 0;
      char buffer[512];
      int fds[2], status = 0;
      pid_t pid;
      ssize_t n;

      reset_dir (dir);
      if (version > 0)
        make_old_clinic (db_path, version, cycle % 2 == 0);

      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          child_open_main (db_path, fds[1]);
        }
      close (fds[1]);

      n = read (fds[0], buffer, 2);
      if (n == 2 && memcmp (buffer, "R\n", 2) == 0)
        {
          delay = g_rand_int_range (rand, 0, MAX_OPEN_DELAY_US);
          g_usleep (delay);
        }
      else if (n > 0)
        g_string_append_len (input, buffer, n);
      kill (pid, SIGKILL);
      while ((n = read (fds[0], buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0)
          g_string_append_len (input, buffer, n);
      close (fds[0]);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      if (strstr (input->str, "F ") != NULL)
        g_error ("The child failed (version %u): %s", version, input->str);
      if (strstr (input->str, "O\n") != NULL)
        figures->committed++;

      problem = check_opens (db_path, version > 0);
      if (problem != NULL)
        {
          figures->failures++;
          if (!bench)
            g_error ("Version %u, cycle %u, killed after %lu µs: %s", version, cycle, delay, problem);
          g_printerr ("version %u, cycle %u, killed after %lu µs: %s\n", version, cycle, delay, problem);
        }
      figures->cycles++;
    }

  helper_remove_tree (dir);
}

static guint
open_cycles (void)
{
  const char *env = g_getenv ("FOL_CRASH_CYCLES");

  return env ? (guint) g_ascii_strtoull (env, NULL, 10) : DEFAULT_OPEN_CYCLES;
}

static void
report_figures (const char    *what,
                gboolean       bench,
                const Figures *figures)
{
  g_test_message ("%s: cycles %u, opened %u, failures %u",
                  what, figures->cycles, figures->committed, figures->failures);
  if (bench)
    g_print ("%s: cycles %u\n%s: opened %u\n%s: failures %u\n",
             what, figures->cycles, what, figures->committed, what, figures->failures);
  if (!bench)
    g_assert_cmpuint (figures->failures, ==, 0);
}

static void
test_crash_creation (void)
{
  gboolean bench = g_strcmp0 (g_getenv ("FOL_CRASH_BENCH"), "1") == 0;
  Figures figures = { 0 };

  run_open_cycles (open_cycles (), 0, bench, &figures);
  report_figures ("creation", bench, &figures);
  g_assert_cmpuint (figures.cycles, ==, open_cycles ());
}

/* Each older version gets a share of the cycles: a few each in the suite. */
static void
test_crash_migrations (void)
{
  gboolean bench = g_strcmp0 (g_getenv ("FOL_CRASH_BENCH"), "1") == 0;
  guint latest = fol_sqlite_store_schema_version ();
  guint per_version = MAX (2, open_cycles () / 4);
  Figures figures = { 0 };

  for (guint version = 1; version < latest; version++)
    run_open_cycles (per_version, version, bench, &figures);
  report_figures ("migrations", bench, &figures);
  g_assert_cmpuint (figures.cycles, ==, per_version * (latest - 1));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crash/kill-during-actions", test_crash_cycles);
  g_test_add_func ("/crash/kill-during-creation", test_crash_creation);
  g_test_add_func ("/crash/kill-during-migrations", test_crash_migrations);

  return g_test_run ();
}
