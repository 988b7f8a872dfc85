/* fol-search-key.h
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

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char      *fol_search_key_new         (const char         *name,
                                       const char         *diagnosis);
GStrv      fol_search_query_words     (const char         *query);
gboolean   fol_search_key_matches     (const char         *key,
                                       const char * const *words);

G_END_DECLS
