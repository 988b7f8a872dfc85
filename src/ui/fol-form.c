/* fol-form.c
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

#define G_LOG_DOMAIN "fol-form"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <glib/gi18n.h>

#include "fol-form.h"

#define DISCARD_CONFIRMED "fol-form-discard-confirmed"

/**
 * fol_form_parse_double:
 * @out_value: (out): the number, NaN for a blank field
 *
 * Accepts a decimal point or a comma; a blank field is "not measured".
 *
 * Returns: %FALSE when the text is not a number
 */
gboolean
fol_form_parse_double (const char *text,
                       double     *out_value)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
  char *end = NULL;
  double v;

  *out_value = NAN;
  if (copy[0] == '\0')
    return TRUE;

  g_strdelimit (copy, ",", '.');
  v = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0' || !isfinite (v))
    return FALSE;

  *out_value = v;
  return TRUE;
}

gboolean
fol_form_parse_int (const char *text,
                    int        *out_value)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
  gint64 v;
  char *end = NULL;

  if (copy[0] == '\0')
    {
      *out_value = G_MININT;
      return TRUE;
    }

  v = g_ascii_strtoll (copy, &end, 10);
  if (end == copy || *end != '\0' || v < -100000 || v > 100000)
    return FALSE;

  *out_value = (int) v;
  return TRUE;
}

gboolean
fol_form_parse_date (const char *text,
                     FolDate    *out_date)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));

  *out_date = FOL_DATE_NONE;
  if (copy[0] == '\0')
    return TRUE;

  return fol_date_parse_entry (copy, out_date, NULL);
}

/**
 * fol_form_date_message:
 *
 * What a date field says when its text is not a date: both ways it can be
 * typed, e.g. "Type the date as 31.12.2026 or 2026-12-31, a day that
 * exists" in German.
 */
char *
fol_form_date_message (void)
{
  g_autofree char *hint = fol_date_entry_hint ();

  return g_strdup_printf (_("Type the date as %s, a day that exists"), hint);
}

char *
fol_form_format_double (double value)
{
  if (isnan (value))
    return g_strdup ("");
  return g_strdup_printf ("%g", value);
}

char *
fol_form_format_int (int value)
{
  if (value == G_MININT)
    return g_strdup ("");
  return g_strdup_printf ("%d", value);
}

/**
 * fol_form_flag:
 * @message: (nullable): the label that explains the problem
 * @text: (nullable): the message, %NULL when the field is fine
 */
void
fol_form_flag (GtkWidget  *field,
               GtkLabel   *message,
               const char *text)
{
  if (text != NULL)
    gtk_widget_add_css_class (field, "error");
  else
    gtk_widget_remove_css_class (field, "error");

  if (message != NULL)
    {
      gtk_label_set_text (message, text ? text : "");
      gtk_widget_set_visible (GTK_WIDGET (message), text != NULL);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (field),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text ? text : "",
                                  -1);
  if (text != NULL)
    gtk_accessible_update_state (GTK_ACCESSIBLE (field),
                                 GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                 -1);
  else
    gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
}

static void
calendar_day_selected_cb (GtkCalendar *calendar,
                          AdwEntryRow *row)
{
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (calendar);
  g_autofree char *iso = g_date_time_format (dt, "%Y-%m-%d");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (GTK_EDITABLE (row), iso);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
calendar_popover_show_cb (GtkPopover  *popover,
                          AdwEntryRow *row)
{
  GtkCalendar *calendar = GTK_CALENDAR (gtk_popover_get_child (popover));
  FolDate date = FOL_DATE_NONE;

  if (fol_form_parse_date (gtk_editable_get_text (GTK_EDITABLE (row)), &date) &&
      date != FOL_DATE_NONE)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_local (fol_date_get_year (date),
                                                       fol_date_get_month (date),
                                                       fol_date_get_day (date), 0, 0, 0);

      g_signal_handlers_block_by_func (calendar, calendar_day_selected_cb, row);
      gtk_calendar_select_day (calendar, dt);
      g_signal_handlers_unblock_by_func (calendar, calendar_day_selected_cb, row);
    }
}

/**
 * fol_form_add_calendar:
 *
 * Adds a button with a calendar popover to a date row; typing the date
 * as YYYY-MM-DD keeps working.
 */
void
fol_form_add_calendar (AdwEntryRow *row)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Choose a Date"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose a date"),
                                  -1);
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  g_signal_connect_object (calendar, "day-selected",
                           G_CALLBACK (calendar_day_selected_cb), row, 0);
  g_signal_connect_object (popover, "show", G_CALLBACK (calendar_popover_show_cb), row, 0);
  adw_entry_row_add_suffix (row, button);
}

/**
 * fol_form_catalog_model:
 * @none_label: (nullable): a first entry meaning "not set"
 *
 * Returns: (transfer full): the translated labels of a catalogue
 */
GtkStringList *
fol_form_catalog_model (FolCatalog  catalog,
                        const char *none_label)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  const FolChoice *choices;
  guint n = 0;

  choices = fol_catalog_get (catalog, &n);
  if (none_label != NULL)
    gtk_string_list_append (list, none_label);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, fol_catalog_label (catalog, choices[i].code));

  return list;
}

const char *
fol_form_catalog_code (FolCatalog   catalog,
                       AdwComboRow *row,
                       gboolean     has_none)
{
  guint n = 0;
  const FolChoice *choices = fol_catalog_get (catalog, &n);
  guint pos = adw_combo_row_get_selected (row);

  if (pos == GTK_INVALID_LIST_POSITION)
    return NULL;
  if (has_none)
    {
      if (pos == 0)
        return NULL;
      pos--;
    }

  return pos < n ? choices[pos].code : NULL;
}

void
fol_form_catalog_select (FolCatalog   catalog,
                         AdwComboRow *row,
                         gboolean     has_none,
                         const char  *code)
{
  int index = code ? fol_catalog_index (catalog, code) : -1;

  if (index < 0)
    adw_combo_row_set_selected (row, 0);
  else
    adw_combo_row_set_selected (row, (guint) index + (has_none ? 1 : 0));
}

/**
 * fol_form_class_init:
 *
 * Escape closes (asking first when something would be lost) and
 * Ctrl+Return saves, in every editor.
 */
void
fol_form_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
}

static gboolean
close_idle_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     GtkWindow        *window)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;

  /* The question is transient for the editor: let it go first, then close
   * the editor, never the other way round.
   */
  g_object_set_data (G_OBJECT (window), DISCARD_CONFIRMED, GINT_TO_POINTER (TRUE));
  g_idle_add_full (G_PRIORITY_DEFAULT, close_idle_cb, g_object_ref (window), g_object_unref);
}

/**
 * fol_form_close_request:
 *
 * Returns: %TRUE to keep the window open (a question was asked)
 */
gboolean
fol_form_close_request (GtkWindow *window,
                        gboolean   dirty)
{
  GtkWidget *dialog;

  if (!dirty || g_object_get_data (G_OBJECT (window), DISCARD_CONFIRMED))
    return FALSE;

  dialog = adw_message_dialog_new (window, _("Discard Changes?"),
                                   _("What you entered in this form will be lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), window, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

/**
 * fol_form_show_error:
 *
 * Shows a store error (disk full, database busy…) in the dialog; what was
 * typed stays in the form so it can be saved again.
 */
void
fol_form_show_error (GtkRevealer  *revealer,
                     GtkLabel     *label,
                     const GError *error)
{
  if (error != NULL)
    gtk_label_set_text (label, error->message);
  gtk_revealer_set_reveal_child (revealer, error != NULL);
}

/* The text of the item @dropdown shows, as its list or expression has it. */
static char *
drop_down_item_text (GtkDropDown *dropdown)
{
  gpointer item = gtk_drop_down_get_selected_item (dropdown);
  GtkExpression *expression = gtk_drop_down_get_expression (dropdown);
  g_auto(GValue) value = G_VALUE_INIT;

  if (item == NULL)
    return NULL;
  if (GTK_IS_STRING_OBJECT (item))
    return g_strdup (gtk_string_object_get_string (item));
  if (expression != NULL && gtk_expression_evaluate (expression, item, &value) &&
      G_VALUE_HOLDS_STRING (&value))
    return g_value_dup_string (&value);
  return NULL;
}

static void
drop_down_selected_cb (GtkDropDown *dropdown,
                       GParamSpec  *pspec,
                       GtkWidget   *toggle)
{
  g_autofree char *text = drop_down_item_text (dropdown);

  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/**
 * fol_form_name_drop_down:
 * @name: what is chosen, "Measurement"
 *
 * Names a dropdown for screen readers. In GTK 4.8 the focus goes to the
 * toggle button inside it, which is announced by its type
 * ("GtkToggleButton") however the dropdown is named: the toggle gets the
 * name too, and the chosen item as its description.
 */
void
fol_form_name_drop_down (GtkDropDown *dropdown,
                         const char  *name)
{
  GtkWidget *toggle = NULL;

  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));
  g_return_if_fail (name != NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (dropdown)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      toggle = child;
  if (toggle == NULL)
    return;

  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect_object (dropdown, "notify::selected-item",
                           G_CALLBACK (drop_down_selected_cb), toggle, 0);
  drop_down_selected_cb (dropdown, NULL, toggle);
}
