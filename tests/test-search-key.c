/* test-search-key.c
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

#include "config.h"

#include "fol-search-key.h"

/* The folding and matching every store's patient search goes through. */

typedef struct
{
  const char *name;
  const char *diagnosis;
  const char *query;
  gboolean    matches;
} MatchCase;

static const MatchCase match_cases[] = {
  /* Accents, either way round, and case. */
  { "Tomás Ruiz", NULL, "tomas", TRUE },
  { "Tomas Ruiz", NULL, "TOMÁS", TRUE },
  { "TOMÁS RUIZ", NULL, "tomás ruiz", TRUE },
  { "Chloé Dubois", NULL, "chloe", TRUE },
  { "Chloe Dubois", NULL, "Chloé", TRUE },
  { "Zoë Ångström", NULL, "zoe angstrom", TRUE },
  { "Zoe Angstrom", NULL, "ZOË ÅNGSTRÖM", TRUE },
  { "Çelik Dağ", NULL, "celik dag", TRUE },
  /* Words in any order, each the start of a word. */
  { "Martin Keller", NULL, "keller martin", TRUE },
  { "Martin Keller", NULL, "mart kel", TRUE },
  { "Martin Keller", NULL, "kel mart", TRUE },
  { "Martin Keller", NULL, "  Keller,   MARTIN  ", TRUE },
  { "Martin Keller", NULL, "m", TRUE },
  { "Martin Keller", NULL, "art", FALSE },
  { "Martin Keller", NULL, "eller", FALSE },
  { "Martin Keller", NULL, "martin kellers", FALSE },
  { "Martin Keller", NULL, "martin keller anna", FALSE },
  { "Martin Keller", NULL, "martinkeller", FALSE },
  /* Two query words may start the same word of the name. */
  { "Martin Keller", NULL, "mar martin", TRUE },
  /* Letters that fold to two, and letters with a stroke. */
  { "Straße", NULL, "strasse", TRUE },
  { "Strasse", NULL, "straße", TRUE },
  { "Paul Weiß", NULL, "weiss", TRUE },
  { "Paul Weiss", NULL, "WEISS", TRUE },
  { "Paul WEISS", NULL, "weiß", TRUE },
  { "Søren Ørsted", NULL, "soren orsted", TRUE },
  { "Soren Orsted", NULL, "SØREN", TRUE },
  { "Łukasz Wałęsa", NULL, "lukasz walesa", TRUE },
  { "Đorđe Đukić", NULL, "dorde dukic", TRUE },
  { "Ægir Þórsson", NULL, "aegir thorsson", TRUE },
  { "Jean-Luc Lefèvre", NULL, "jean luc lefevre", TRUE },
  { "Jean-Luc Lefèvre", NULL, "luc", TRUE },
  { "Jean-Luc Lefèvre", NULL, "jean-luc", TRUE },
  { "Seán O'Brien", NULL, "obrien", TRUE },
  { "Seán O’Brien", NULL, "o'brien sean", TRUE },
  { "Seán O'Brien", NULL, "brien", TRUE },
  /* Compatibility forms: ligatures and full-width letters. */
  { "Griﬃn", NULL, "griffin", TRUE },
  { "Ｋｅｎｊｉ", NULL, "kenji", TRUE },
  /* Greek and Cyrillic keep their letters: case and accents fold. */
  { "Σωκράτης Παπαδόπουλος", NULL, "σωκρατης", TRUE },
  { "Σωκράτης Παπαδόπουλος", NULL, "ΠΑΠΑΔΟΠΟΥΛΟΣ", TRUE },
  { "Σωκράτης Παπαδόπουλος", NULL, "παπαδοπουλος σωκ", TRUE },
  { "Σωκράτης Παπαδόπουλος", NULL, "sokratis", FALSE },
  { "Пётр Ёлкин", NULL, "петр елкин", TRUE },
  { "Пётр Ёлкин", NULL, "ЁЛКИН", TRUE },
  { "Пётр Ёлкин", NULL, "petr", FALSE },
  /* A mark that is part of the letter is kept. */
  { "सुनील", NULL, "सुनील", TRUE },
  { "सुनील", NULL, "सनल", FALSE },
  /* The diagnosis code's words. */
  { "Anna Berg", "androgenetic_alopecia", "alopecia", TRUE },
  { "Anna Berg", "androgenetic_alopecia", "berg alop", TRUE },
  { "Anna Berg", "androgenetic_alopecia", "androgenetic_alopecia", TRUE },
  { "Anna Berg", "telogen_effluvium", "alopecia", FALSE },
  { "Anna Berg", NULL, "berg areata", FALSE },
  /* No words: every patient. */
  { "Anna Berg", NULL, "", TRUE },
  { "Anna Berg", NULL, " - ", TRUE },
};

static void
test_matches (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (match_cases); i++)
    {
      const MatchCase *c = &match_cases[i];
      g_autofree char *key = fol_search_key_new (c->name, c->diagnosis);
      g_auto(GStrv) words = fol_search_query_words (c->query);

      g_test_message ("“%s” (%s) for “%s”: key “%s”", c->name, c->diagnosis ? c->diagnosis : "-",
                      c->query, key);
      if (c->matches)
        g_assert_true (fol_search_key_matches (key, (const char * const *) words));
      else
        g_assert_false (fol_search_key_matches (key, (const char * const *) words));
    }
}

typedef struct
{
  const char *name;
  const char *diagnosis;
  const char *key;
} KeyCase;

/* The stored form: what a second backend must write too. */
static const KeyCase key_cases[] = {
  { "Tomás Ruiz", NULL, "tomas ruiz" },
  { "  Martin   KELLER ", NULL, "martin keller" },
  { "Anna Anna Berg", NULL, "anna berg" },
  { "Straße", NULL, "strasse" },
  { "Søren Ørsted", NULL, "soren orsted" },
  { "Seán O'Brien", NULL, "sean o brien obrien" },
  { "Σωκράτης", NULL, "σωκρατησ" },  /* final sigma folds too */
  { "Пётр", NULL, "петр" },
  { "Anna Berg", "androgenetic_alopecia", "anna berg androgenetic alopecia" },
  { "", NULL, "" },
  { NULL, NULL, "" },
};

static void
test_keys (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_cases); i++)
    {
      g_autofree char *key = fol_search_key_new (key_cases[i].name, key_cases[i].diagnosis);

      g_assert_cmpstr (key, ==, key_cases[i].key);
    }
}

static void
test_query_words (void)
{
  g_auto(GStrv) none = fol_search_query_words ("  ,- ");
  g_auto(GStrv) null = fol_search_query_words (NULL);
  g_auto(GStrv) two = fol_search_query_words ("Kel MARTIN");
  g_auto(GStrv) covered = fol_search_query_words ("mar martin ma");

  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_cmpuint (g_strv_length (null), ==, 0);
  g_assert_cmpuint (g_strv_length (two), ==, 2);
  /* Longest first. */
  g_assert_cmpstr (two[0], ==, "martin");
  g_assert_cmpstr (two[1], ==, "kel");
  /* "mar" and "ma" start "martin": they say nothing more. */
  g_assert_cmpuint (g_strv_length (covered), ==, 1);
  g_assert_cmpstr (covered[0], ==, "martin");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search-key/matches", test_matches);
  g_test_add_func ("/search-key/keys", test_keys);
  g_test_add_func ("/search-key/query-words", test_query_words);

  return g_test_run ();
}
