/* fol-test-a11y.h
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Walks @root's widget tree and returns a list of the interactive widgets
 * a screen reader would announce without a name ("push button"): no
 * accessible label, no labelled-by relation, and no text of their own.
 */
GPtrArray *fol_test_find_unnamed_widgets (GtkWidget *root);

/* Fails the test, listing each unnamed widget by type and path. */
void       fol_test_assert_all_named     (GtkWidget *root);

G_END_DECLS
