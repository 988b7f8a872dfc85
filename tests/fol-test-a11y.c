/* fol-test-a11y.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "fol-test-a11y.h"

static gboolean
nonempty (const char *text)
{
  g_autofree char *copy = NULL;

  if (text == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (text));
  return copy[0] != '\0';
}

static gboolean
holds_text (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && nonempty (gtk_label_get_text (GTK_LABEL (child))))
        return TRUE;
      if (ADW_IS_BUTTON_CONTENT (child) && nonempty (adw_button_content_get_label (ADW_BUTTON_CONTENT (child))))
        return TRUE;
      if (holds_text (child))
        return TRUE;
    }

  return FALSE;
}

/* Text a widget shows itself: a screen reader reads it as the name. */
static gboolean
has_own_text (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && nonempty (gtk_button_get_label (GTK_BUTTON (widget))))
    return TRUE;
  if (GTK_IS_CHECK_BUTTON (widget) && nonempty (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget))))
    return TRUE;
  if (GTK_IS_MENU_BUTTON (widget) && nonempty (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget))))
    return TRUE;
  if (GTK_IS_LABEL (widget) && nonempty (gtk_label_get_text (GTK_LABEL (widget))))
    return TRUE;
  if (ADW_IS_PREFERENCES_ROW (widget) && nonempty (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget))))
    return TRUE;

  /* A button whose content holds a label with text. */
  if (GTK_IS_BUTTON (widget) || GTK_IS_LIST_BOX_ROW (widget))
    return holds_text (widget);

  return FALSE;
}

/* Rows of list and grid views read out their content: GTK's own
 * GtkListItemWidget is private, so it is known by name.
 */
static gboolean
is_list_item (GtkWidget *widget)
{
  const char *type = G_OBJECT_TYPE_NAME (widget);

  return g_str_equal (type, "GtkListItemWidget") || g_str_equal (type, "GtkColumnViewRowWidget");
}

static gboolean
is_interactive (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;

  /* Parts of composite widgets announce through their parent. */
  if (GTK_IS_TEXT (widget) || GTK_IS_SCROLLBAR (widget))
    return FALSE;

  /* The +/− steppers of a spin button are reached through the spin button. */
  if (GTK_IS_SPIN_BUTTON (gtk_widget_get_parent (widget)))
    return FALSE;

  /* Containers that take focus only to pass it on are not announced. */
  if (GTK_IS_SCROLLED_WINDOW (widget) || GTK_IS_VIEWPORT (widget) || GTK_IS_WINDOW (widget))
    return FALSE;

  return GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SWITCH (widget) ||
         GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_SPIN_BUTTON (widget) ||
         GTK_IS_DROP_DOWN (widget) || GTK_IS_SCALE (widget) || GTK_IS_MENU_BUTTON (widget) ||
         GTK_IS_TEXT_VIEW (widget) || GTK_IS_PASSWORD_ENTRY (widget) ||
         (gtk_widget_get_focusable (widget) && gtk_widget_get_can_target (widget) &&
          !GTK_IS_LIST_VIEW (widget) && !GTK_IS_GRID_VIEW (widget) && !GTK_IS_LIST_BOX (widget) &&
          !is_list_item (widget));
}

static gboolean
is_named (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    return TRUE;

  /* The toggle inside a GtkDropDown is what takes the focus, and GTK 4.8
   * announces it by its type ("GtkToggleButton"): the text it shows is the
   * chosen item, never what is chosen. It needs a name of its own. */
  if (GTK_IS_TOGGLE_BUTTON (widget) && GTK_IS_DROP_DOWN (gtk_widget_get_parent (widget)))
    return FALSE;

  /* The toggle inside a GtkMenuButton speaks for the menu button. */
  if (GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget)))
    return is_named (gtk_widget_get_parent (widget));

  /* A GtkButton is always labelled by its child, even when the child is
   * only an icon, and GTK 4.8 cannot say by which: a button's relation
   * proves nothing, so its text is checked below instead.
   */
  if (!GTK_IS_BUTTON (widget) &&
      gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;

  if (has_own_text (widget))
    return TRUE;

  /* Rows of libadwaita's lists take their title as name. */
  for (GtkWidget *p = gtk_widget_get_parent (widget); p; p = gtk_widget_get_parent (p))
    {
      if (ADW_IS_PREFERENCES_ROW (p) && nonempty (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (p))) &&
          (GTK_IS_TEXT (widget) || GTK_IS_EDITABLE (widget)))
        return TRUE;
    }

  return FALSE;
}

static void
collect (GtkWidget *widget,
         gboolean   on_screen,
         GPtrArray *unnamed)
{
  /* What is on screen: hidden stack pages and closed revealers are not
   * mapped, once their window is.
   */
  if (!gtk_widget_get_visible (widget) || (on_screen && !gtk_widget_get_mapped (widget)))
    return;

  if (is_interactive (widget) && !is_named (widget))
    g_ptr_array_add (unnamed, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect (child, on_screen, unnamed);
}

GPtrArray *
fol_test_find_unnamed_widgets (GtkWidget *root)
{
  GPtrArray *unnamed = g_ptr_array_new ();

  collect (root, gtk_widget_get_mapped (root), unnamed);
  return unnamed;
}

static char *
describe (GtkWidget *widget)
{
  GString *path = g_string_new (G_OBJECT_TYPE_NAME (widget));

  if (gtk_widget_get_name (widget) && !g_str_equal (gtk_widget_get_name (widget), G_OBJECT_TYPE_NAME (widget)))
    g_string_append_printf (path, "#%s", gtk_widget_get_name (widget));
  for (GtkWidget *p = gtk_widget_get_parent (widget); p; p = gtk_widget_get_parent (p))
    {
      g_string_prepend (path, " > ");
      g_string_prepend (path, G_OBJECT_TYPE_NAME (p));
    }
  return g_string_free (path, FALSE);
}

void
fol_test_assert_all_named (GtkWidget *root)
{
  g_autoptr(GPtrArray) unnamed = fol_test_find_unnamed_widgets (root);

  for (guint i = 0; i < unnamed->len; i++)
    {
      g_autofree char *what = describe (g_ptr_array_index (unnamed, i));

      g_test_message ("no accessible name: %s", what);
    }

  if (unnamed->len > 0)
    {
      g_autofree char *first = describe (g_ptr_array_index (unnamed, 0));

      g_test_fail_printf ("%u interactive widgets have no accessible name, e.g. %s",
                          unnamed->len, first);
    }
}
