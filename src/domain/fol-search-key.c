/* fol-search-key.c
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

#define G_LOG_DOMAIN "fol-search-key"

#include "config.h"

#include <string.h>

#include "fol-search-key.h"

/* What patient search compares: a patient's words and a query's words,
 * folded the same way, so that "tomas" finds "Tomás", "TOMÁS" finds
 * "Tomas", "strasse" finds "Straße" and "soren" finds "Søren".
 *
 * Folding: compatibility decomposition (NFKD: "ﬁ" is "fi", "é" is "e" and
 * an acute accent), case folding ("ß" is "ss", "Σ" and "ς" are "σ"), then
 * the accents dropped, and the few letters that carry their stroke inside
 * them (ø, ł, đ…) written as the letter people type for them. Accents are
 * dropped only after letters of the scripts where they are optional for a
 * reader (Latin, Greek, Cyrillic, and the vowel points of Arabic and
 * Hebrew); in other scripts (Devanagari, Thai…) a mark is part of the
 * letter and is kept. Letters of every script stay what they are: a Greek
 * or Cyrillic name is found by its own letters, never transliterated.
 *
 * Words: runs of letters and digits; anything else separates them. An
 * apostrophe inside a name separates too, and the name's key also holds
 * the word without it, so "O'Brien" is found by "obrien", "o'brien" and
 * "brien".
 *
 * A patient's key is the words of the name and of the diagnosis code, each
 * once, joined by single spaces: every store keeps it beside the patient
 * and searches it, so that every store finds the same patients. A query
 * matches when each of its words starts some word of the key, in any
 * order: "keller martin" and "mart kel" find "Martin Keller".
 */

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x02BB || c == '`';
}

/* The letter people type for a letter that does not decompose. */
static const char *
plain_letter (gunichar c)
{
  switch (c)
    {
    case 0x00F8: return "o";   /* ø */
    case 0x0111: return "d";   /* đ */
    case 0x00F0: return "d";   /* ð */
    case 0x0127: return "h";   /* ħ */
    case 0x0131: return "i";   /* ı */
    case 0x0142: return "l";   /* ł */
    case 0x0167: return "t";   /* ŧ */
    case 0x00E6: return "ae";  /* æ */
    case 0x0153: return "oe";  /* œ */
    case 0x00FE: return "th";  /* þ */
    default: return NULL;
    }
}

/* Whether a combining mark after a letter of @script is an accent that a
 * search ignores.
 */
static gboolean
mark_is_optional (GUnicodeScript script)
{
  switch (script)
    {
    case G_UNICODE_SCRIPT_LATIN:
    case G_UNICODE_SCRIPT_GREEK:
    case G_UNICODE_SCRIPT_CYRILLIC:
    case G_UNICODE_SCRIPT_ARABIC:
    case G_UNICODE_SCRIPT_HEBREW:
    case G_UNICODE_SCRIPT_COMMON:
    case G_UNICODE_SCRIPT_INHERITED:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
add_word (GPtrArray  *words,
          const char *word,
          gsize       len)
{
  if (len == 0)
    return;
  for (guint i = 0; i < words->len; i++)
    {
      const char *w = g_ptr_array_index (words, i);

      if (strlen (w) == len && memcmp (w, word, len) == 0)
        return;
    }
  g_ptr_array_add (words, g_strndup (word, len));
}

/* Adds the words of @text to @words (each once); with @joined, a word
 * written with apostrophes is added without them too.
 */
static void
fold_words (const char *text,
            gboolean    joined,
            GPtrArray  *words)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *normal = NULL;
  g_autoptr(GString) part = g_string_new (NULL);
  g_autoptr(GString) whole = g_string_new (NULL);
  GUnicodeScript script = G_UNICODE_SCRIPT_COMMON;
  guint n_parts = 0;

  if (text == NULL)
    return;

  /* Decomposed before folding, so that a compatibility character that
   * decomposes into capitals ("ℌ") is folded too, and again after, as
   * folding may give a letter with an accent ("İ" is "i" and a dot).
   */
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  if (decomposed == NULL)
    return;
  folded = g_utf8_casefold (decomposed, -1);
  normal = g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);

  for (const char *p = normal; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = c != 0 ? g_unichar_type (c) : G_UNICODE_UNASSIGNED;
      const char *plain = c != 0 ? plain_letter (c) : NULL;

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK)
        {
          if (!mark_is_optional (script) && part->len > 0)
            {
              g_string_append_unichar (part, c);
              g_string_append_unichar (whole, c);
            }
          continue;
        }

      if (plain != NULL || g_unichar_isalnum (c) || type == G_UNICODE_SPACING_MARK)
        {
          if (plain != NULL)
            {
              g_string_append (part, plain);
              g_string_append (whole, plain);
            }
          else
            {
              g_string_append_unichar (part, c);
              g_string_append_unichar (whole, c);
            }
          if (type != G_UNICODE_SPACING_MARK)
            script = g_unichar_get_script (c);
          continue;
        }

      /* The end of a part: an apostrophe goes on within the word. */
      if (part->len > 0)
        {
          add_word (words, part->str, part->len);
          g_string_truncate (part, 0);
          n_parts++;
        }
      script = G_UNICODE_SCRIPT_COMMON;
      if (c != 0 && is_apostrophe (c))
        continue;

      if (joined && n_parts > 1)
        add_word (words, whole->str, whole->len);
      g_string_truncate (whole, 0);
      n_parts = 0;

      if (c == 0)
        break;
    }
}

/**
 * fol_search_key_new:
 * @name: (nullable): the patient's name
 * @diagnosis: (nullable): the patient's diagnosis code
 *
 * Returns: (transfer full): the patient's search key: its folded words,
 *   each once, joined by single spaces ("" for none)
 */
char *
fol_search_key_new (const char *name,
                    const char *diagnosis)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);

  fold_words (name, TRUE, words);
  fold_words (diagnosis, TRUE, words);
  g_ptr_array_add (words, NULL);
  return g_strjoinv (" ", (char **) words->pdata);
}

/**
 * fol_search_query_words:
 * @query: (nullable): what the user typed
 *
 * The words a key must hold the start of, folded as keys are. A word that
 * starts another word of the query is left out: the longer one says more.
 *
 * Returns: (transfer full): the words, longest first; empty when the query
 *   has none
 */
GStrv
fol_search_query_words (const char *query)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *kept = g_ptr_array_new ();

  fold_words (query, FALSE, words);
  for (guint i = 0; i < words->len; i++)
    {
      const char *w = g_ptr_array_index (words, i);
      gboolean covered = FALSE;

      for (guint j = 0; j < words->len && !covered; j++)
        covered = j != i && strlen (g_ptr_array_index (words, j)) > strlen (w) &&
                  g_str_has_prefix (g_ptr_array_index (words, j), w);
      if (!covered)
        g_ptr_array_add (kept, g_strdup (w));
    }

  /* Longest first: the likeliest to be rare, for a store that looks up
   * one word first.
   */
  for (guint i = 1; i < kept->len; i++)
    for (guint j = i; j > 0 && strlen (g_ptr_array_index (kept, j)) >
                               strlen (g_ptr_array_index (kept, j - 1)); j--)
      {
        gpointer tmp = kept->pdata[j];

        kept->pdata[j] = kept->pdata[j - 1];
        kept->pdata[j - 1] = tmp;
      }

  g_ptr_array_add (kept, NULL);
  return (GStrv) g_ptr_array_free (kept, FALSE);
}

/**
 * fol_search_key_matches:
 * @key: a patient's search key
 * @words: (array zero-terminated=1): a query's words
 *
 * Returns: whether each of @words starts some word of @key (always, for no
 *   words)
 */
gboolean
fol_search_key_matches (const char         *key,
                        const char * const *words)
{
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (words != NULL, FALSE);

  for (guint i = 0; words[i] != NULL; i++)
    {
      gsize len = strlen (words[i]);
      gboolean found = FALSE;

      for (const char *w = key; w != NULL && !found; )
        {
          found = strncmp (w, words[i], len) == 0;
          w = strchr (w, ' ');
          if (w != NULL)
            w++;
        }
      if (!found)
        return FALSE;
    }
  return TRUE;
}
