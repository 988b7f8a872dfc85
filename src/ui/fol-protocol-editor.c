/* fol-protocol-editor.c
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

#define G_LOG_DOMAIN "fol-protocol-editor"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fol-form.h"
#include "fol-protocol-editor.h"

/* One treatment protocol of the clinic: its name and description, its
 * sessions (treatment type, product, dose, volume, regions, and when after
 * the start), and its follow-up visits. What is typed is checked field by
 * field; a refusal is said at the field and nothing is written.
 */

#define MAX_MONTHS 120
#define MAX_DAYS 3660

typedef struct
{
  AdwExpanderRow *row;
  AdwComboRow    *type;
  AdwEntryRow    *product;
  AdwEntryRow    *dose;
  AdwEntryRow    *volume;
  GtkCheckButton *regions[FOL_N_REGIONS];
  GtkSpinButton  *months;
  GtkSpinButton  *days;
  GtkButton      *remove;
} SessionRows;

typedef struct
{
  AdwActionRow  *row;
  GtkSpinButton *months;
  GtkSpinButton *days;
  GtkButton     *remove;
} VisitRows;

struct _FolProtocolEditor
{
  AdwWindow parent_instance;

  FolStore             *store;
  FolProtocol          *original;   /* NULL for a new protocol */
  AdwEntryRow          *name_row;
  AdwEntryRow          *description_row;
  AdwPreferencesGroup  *sessions_group;
  AdwPreferencesGroup  *visits_group;
  GtkLabel             *general_message;
  GtkLabel             *sessions_message;
  GtkLabel             *visits_message;
  GPtrArray            *sessions;   /* SessionRows */
  GPtrArray            *visits;     /* VisitRows */
  char                 *message;
};

G_DEFINE_FINAL_TYPE (FolProtocolEditor, fol_protocol_editor, ADW_TYPE_WINDOW)

static GtkWidget *
make_message_label (const char *accessible_name)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  return label;
}

static GtkSpinButton *
make_spin (int         max,
           const char *accessible_name)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);

  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  gtk_widget_set_tooltip_text (spin, accessible_name);
  return GTK_SPIN_BUTTON (spin);
}

/* "after the start: [months] months [days] days" as the suffix of @row. */
static void
add_when (AdwActionRow   *row,
          const char     *what,
          GtkSpinButton **out_months,
          GtkSpinButton **out_days)
{
  /* Translators: the accessible name of a spin button; %s is "Session 2" */
  g_autofree char *months_name = g_strdup_printf (_("%s: months after the start"), what);
  /* Translators: the accessible name of a spin button; %s is "Session 2" */
  g_autofree char *days_name = g_strdup_printf (_("%s: days after the start"), what);
  GtkWidget *months_label = gtk_label_new (_("months"));
  GtkWidget *days_label = gtk_label_new (_("days"));

  *out_months = make_spin (MAX_MONTHS, months_name);
  *out_days = make_spin (MAX_DAYS, days_name);
  adw_action_row_add_suffix (row, GTK_WIDGET (*out_months));
  adw_action_row_add_suffix (row, months_label);
  adw_action_row_add_suffix (row, GTK_WIDGET (*out_days));
  adw_action_row_add_suffix (row, days_label);
}

static GtkButton *
make_remove_button (const char *accessible_name)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, accessible_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  return GTK_BUTTON (button);
}

static void
retitle (FolProtocolEditor *self)
{
  for (guint i = 0; i < self->sessions->len; i++)
    {
      SessionRows *s = self->sessions->pdata[i];
      /* Translators: the title of the n-th session of a protocol */
      g_autofree char *title = g_strdup_printf (_("Session %u"), i + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (s->row), title);
    }
  for (guint i = 0; i < self->visits->len; i++)
    {
      VisitRows *v = self->visits->pdata[i];
      /* Translators: the title of the n-th follow-up visit of a protocol */
      g_autofree char *title = g_strdup_printf (_("Follow-up visit %u"), i + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (v->row), title);
    }
}

static void
remove_session_cb (GtkButton         *button,
                   FolProtocolEditor *self)
{
  for (guint i = 0; i < self->sessions->len; i++)
    if (((SessionRows *) self->sessions->pdata[i])->remove == button)
      {
        fol_protocol_editor_remove_session (self, i);
        return;
      }
}

static void
remove_visit_cb (GtkButton         *button,
                 FolProtocolEditor *self)
{
  for (guint i = 0; i < self->visits->len; i++)
    {
      VisitRows *v = self->visits->pdata[i];

      if (v->remove == button)
        {
          adw_preferences_group_remove (self->visits_group, GTK_WIDGET (v->row));
          g_ptr_array_remove_index (self->visits, i);
          retitle (self);
          return;
        }
    }
}

static SessionRows *
append_session (FolProtocolEditor *self)
{
  SessionRows *s = g_new0 (SessionRows, 1);
  g_autoptr(GtkStringList) types = fol_form_catalog_model (FOL_CATALOG_TREATMENT_TYPE,
                                                           _("Not chosen"));
  g_autofree char *what = NULL;
  g_autofree char *remove_name = NULL;
  AdwActionRow *when_row;
  AdwActionRow *remove_row;

  g_ptr_array_add (self->sessions, s);
  what = g_strdup_printf (_("Session %u"), self->sessions->len);

  s->row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (s->row), FALSE);
  adw_expander_row_set_expanded (s->row, TRUE);

  s->type = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (s->type), _("Treatment type"));
  adw_combo_row_set_model (s->type, G_LIST_MODEL (types));
  adw_expander_row_add_row (s->row, GTK_WIDGET (s->type));

  s->product = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (s->product), _("Product"));
  adw_expander_row_add_row (s->row, GTK_WIDGET (s->product));

  s->dose = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (s->dose), _("Dose"));
  adw_expander_row_add_row (s->row, GTK_WIDGET (s->dose));

  s->volume = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (s->volume), _("Volume (mL)"));
  gtk_editable_set_max_width_chars (GTK_EDITABLE (s->volume), 8);
  adw_expander_row_add_row (s->row, GTK_WIDGET (s->volume));

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    {
      AdwActionRow *region_row = ADW_ACTION_ROW (adw_action_row_new ());
      GtkWidget *check = gtk_check_button_new ();
      /* Translators: a region treated in a session of a protocol, e.g. "Vertex" */
      g_autofree char *title = g_strdup_printf (_("Treats %s"), fol_region_name (r));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (region_row), title);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      title, -1);
      adw_action_row_add_prefix (region_row, check);
      adw_action_row_set_activatable_widget (region_row, check);
      s->regions[r] = GTK_CHECK_BUTTON (check);
      adw_expander_row_add_row (s->row, GTK_WIDGET (region_row));
    }

  when_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (when_row), _("After the start"));
  add_when (when_row, what, &s->months, &s->days);
  adw_expander_row_add_row (s->row, GTK_WIDGET (when_row));

  /* Translators: a button's name; %s is "Session 2" */
  remove_name = g_strdup_printf (_("Remove %s"), what);
  remove_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (remove_row), _("Remove this session"));
  s->remove = make_remove_button (remove_name);
  g_signal_connect_object (s->remove, "clicked", G_CALLBACK (remove_session_cb), self, 0);
  adw_action_row_add_suffix (remove_row, GTK_WIDGET (s->remove));
  adw_action_row_set_activatable_widget (remove_row, GTK_WIDGET (s->remove));
  adw_expander_row_add_row (s->row, GTK_WIDGET (remove_row));

  adw_preferences_group_add (self->sessions_group, GTK_WIDGET (s->row));
  retitle (self);
  return s;
}

static VisitRows *
append_visit (FolProtocolEditor *self)
{
  VisitRows *v = g_new0 (VisitRows, 1);
  g_autofree char *what = NULL;
  g_autofree char *remove_name = NULL;

  g_ptr_array_add (self->visits, v);
  what = g_strdup_printf (_("Follow-up visit %u"), self->visits->len);
  v->row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (v->row), FALSE);
  add_when (v->row, what, &v->months, &v->days);
  remove_name = g_strdup_printf (_("Remove %s"), what);
  v->remove = make_remove_button (remove_name);
  g_signal_connect_object (v->remove, "clicked", G_CALLBACK (remove_visit_cb), self, 0);
  adw_action_row_add_suffix (v->row, GTK_WIDGET (v->remove));
  adw_preferences_group_add (self->visits_group, GTK_WIDGET (v->row));
  retitle (self);
  return v;
}

static void
set_message (FolProtocolEditor *self,
             GtkWidget         *field,
             GtkLabel          *label,
             const char        *text)
{
  g_free (self->message);
  self->message = g_strdup (text);
  fol_form_flag (field, label, text);
}

static void
clear_flags (FolProtocolEditor *self)
{
  fol_form_flag (GTK_WIDGET (self->name_row), self->general_message, NULL);
  fol_form_flag (GTK_WIDGET (self->description_row), NULL, NULL);
  fol_form_flag (GTK_WIDGET (self->sessions_group), self->sessions_message, NULL);
  fol_form_flag (GTK_WIDGET (self->visits_group), self->visits_message, NULL);
  for (guint i = 0; i < self->sessions->len; i++)
    {
      SessionRows *s = self->sessions->pdata[i];

      fol_form_flag (GTK_WIDGET (s->row), NULL, NULL);
      fol_form_flag (GTK_WIDGET (s->type), NULL, NULL);
      fol_form_flag (GTK_WIDGET (s->volume), NULL, NULL);
      fol_form_flag (GTK_WIDGET (s->product), NULL, NULL);
    }
  for (guint i = 0; i < self->visits->len; i++)
    fol_form_flag (GTK_WIDGET (((VisitRows *) self->visits->pdata[i])->row), NULL, NULL);
  g_clear_pointer (&self->message, g_free);
}

static void
add_session_step (FolProtocol *protocol,
                  SessionRows *s,
                  const char  *type,
                  double       volume)
{
  const char *product = gtk_editable_get_text (GTK_EDITABLE (s->product));
  const char *dose = gtk_editable_get_text (GTK_EDITABLE (s->dose));
  g_autofree char *product_text = g_strstrip (g_strdup (product));
  g_autofree char *dose_text = g_strstrip (g_strdup (dose));
  guint regions = 0;

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    if (gtk_check_button_get_active (s->regions[r]))
      regions |= FOL_REGION_BIT (r);
  fol_protocol_add_session (protocol, gtk_spin_button_get_value_as_int (s->months),
                            gtk_spin_button_get_value_as_int (s->days), type,
                            product_text[0] ? product_text : NULL,
                            dose_text[0] ? dose_text : NULL, volume, regions);
}

/* The protocol the form describes, or NULL with the field at fault flagged. */
static FolProtocol *
collect (FolProtocolEditor *self)
{
  g_autoptr(FolProtocol) protocol = fol_protocol_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (
                                        GTK_EDITABLE (self->name_row))));
  g_autofree char *description = g_strstrip (g_strdup (gtk_editable_get_text (
                                               GTK_EDITABLE (self->description_row))));
  const char *field = NULL;

  if (self->original != NULL)
    {
      fol_protocol_set_id (protocol, fol_protocol_get_id (self->original));
      fol_protocol_set_created_at (protocol, fol_protocol_get_created_at (self->original));
      fol_protocol_set_example (protocol, fol_protocol_get_example (self->original));
      /* The copy it was read from: one changed meanwhile elsewhere is not
       * overwritten (the clinic server refuses it). */
      fol_protocol_set_updated_at (protocol, fol_protocol_get_updated_at (self->original));
    }
  fol_protocol_set_name (protocol, name);
  fol_protocol_set_description (protocol, description[0] ? description : NULL);

  for (guint i = 0; i < self->sessions->len; i++)
    {
      SessionRows *s = self->sessions->pdata[i];
      const char *type = fol_form_catalog_code (FOL_CATALOG_TREATMENT_TYPE, s->type, TRUE);
      double volume;

      if (type == NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Session %u: choose the type of treatment"),
                                                   i + 1);

          set_message (self, GTK_WIDGET (s->type), self->sessions_message, text);
          gtk_widget_grab_focus (GTK_WIDGET (s->type));
          return NULL;
        }
      if (!fol_form_parse_double (gtk_editable_get_text (GTK_EDITABLE (s->volume)), &volume))
        {
          g_autofree char *text =
            g_strdup_printf (_("Session %u: Volume must be a number of millilitres, such as 4"),
                             i + 1);

          set_message (self, GTK_WIDGET (s->volume), self->sessions_message, text);
          gtk_widget_grab_focus (GTK_WIDGET (s->volume));
          return NULL;
        }
      add_session_step (protocol, s, type, volume);
    }
  for (guint i = 0; i < self->visits->len; i++)
    {
      VisitRows *v = self->visits->pdata[i];

      fol_protocol_add_visit (protocol, gtk_spin_button_get_value_as_int (v->months),
                              gtk_spin_button_get_value_as_int (v->days));
    }

  if (!fol_protocol_validate (protocol, &field, &error))
    {
      GtkWidget *widget = GTK_WIDGET (self->name_row);
      GtkLabel *label = self->general_message;

      if (g_strcmp0 (field, "description") == 0)
        widget = GTK_WIDGET (self->description_row);
      else if (g_strcmp0 (field, "steps") == 0)
        {
          widget = GTK_WIDGET (self->sessions_group);
          label = self->sessions_message;
          /* The step at fault, found by checking each on its own. */
          for (guint i = 0; i < self->sessions->len; i++)
            {
              g_autoptr(FolProtocol) one = fol_protocol_new ();
              SessionRows *s = self->sessions->pdata[i];
              double volume;

              fol_protocol_set_name (one, "-");
              fol_form_parse_double (gtk_editable_get_text (GTK_EDITABLE (s->volume)), &volume);
              add_session_step (one, s, fol_form_catalog_code (FOL_CATALOG_TREATMENT_TYPE,
                                                               s->type, TRUE), volume);
              if (!fol_protocol_validate (one, NULL, NULL))
                {
                  widget = GTK_WIDGET (s->row);
                  break;
                }
            }
        }
      set_message (self, widget, label, error->message);
      gtk_widget_grab_focus (widget);
      return NULL;
    }
  return g_steal_pointer (&protocol);
}

/**
 * fol_protocol_editor_save:
 *
 * Checks the form and saves the protocol, then closes the editor. Refused
 * (%FALSE), with the field at fault flagged and nothing written, when
 * something typed is not valid or another protocol has the name.
 */
gboolean
fol_protocol_editor_save (FolProtocolEditor *self)
{
  g_autoptr(FolProtocol) protocol = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (FOL_IS_PROTOCOL_EDITOR (self), FALSE);

  clear_flags (self);
  protocol = collect (self);
  if (protocol == NULL)
    return FALSE;
  if (!fol_store_save_protocol (self->store, protocol, &error))
    {
      set_message (self, GTK_WIDGET (self->name_row), self->general_message, error->message);
      return FALSE;
    }
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  fol_protocol_editor_save (FOL_PROTOCOL_EDITOR (widget));
}

static void
add_session_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  fol_protocol_editor_add_session (FOL_PROTOCOL_EDITOR (widget));
}

static void
add_visit_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  FolProtocolEditor *self = FOL_PROTOCOL_EDITOR (widget);
  VisitRows *v = append_visit (self);

  gtk_widget_grab_focus (GTK_WIDGET (v->months));
}

static void
fol_protocol_editor_dispose (GObject *object)
{
  FolProtocolEditor *self = FOL_PROTOCOL_EDITOR (object);

  g_clear_object (&self->store);
  g_clear_object (&self->original);

  G_OBJECT_CLASS (fol_protocol_editor_parent_class)->dispose (object);
}

static void
fol_protocol_editor_finalize (GObject *object)
{
  FolProtocolEditor *self = FOL_PROTOCOL_EDITOR (object);

  g_ptr_array_unref (self->sessions);
  g_ptr_array_unref (self->visits);
  g_free (self->message);

  G_OBJECT_CLASS (fol_protocol_editor_parent_class)->finalize (object);
}

static void
fol_protocol_editor_class_init (FolProtocolEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_protocol_editor_dispose;
  object_class->finalize = fol_protocol_editor_finalize;
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.add-session", NULL, add_session_action);
  gtk_widget_class_install_action (widget_class, "editor.add-visit", NULL, add_visit_action);
  fol_form_class_init (widget_class);
}

static GtkWidget *
header_button (const char *label,
               const char *action,
               const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

static void
fol_protocol_editor_init (FolProtocolEditor *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *general = adw_preferences_group_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *save = header_button (_("_Save"), "editor.save",
                                   _("Save the protocol (Ctrl+Enter)"));

  self->sessions = g_ptr_array_new_with_free_func (g_free);
  self->visits = g_ptr_array_new_with_free_func (g_free);

  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 620, 720);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  gtk_widget_add_css_class (save, "suggested-action");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  gtk_box_append (GTK_BOX (box), header);

  self->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("Name"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (general), GTK_WIDGET (self->name_row));
  self->description_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->description_row),
                                 _("Description"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (general),
                             GTK_WIDGET (self->description_row));
  self->general_message = GTK_LABEL (make_message_label (_("Protocol error")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (general),
                             GTK_WIDGET (self->general_message));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (general));

  self->sessions_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->sessions_group, _("Sessions"));
  adw_preferences_group_set_description (self->sessions_group,
                                         _("Each session planned after the start of the plan"));
  adw_preferences_group_set_header_suffix (self->sessions_group,
                                           header_button (_("Add _Session"),
                                                          "editor.add-session",
                                                          _("Add a treatment session")));
  self->sessions_message = GTK_LABEL (make_message_label (_("Session error")));
  adw_preferences_group_add (self->sessions_group, GTK_WIDGET (self->sessions_message));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->sessions_group);

  self->visits_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->visits_group, _("Follow-up Visits"));
  adw_preferences_group_set_description (self->visits_group,
                                         _("Each visit planned after the start of the plan, "
                                           "such as at 1, 3, 6 and 12 months"));
  adw_preferences_group_set_header_suffix (self->visits_group,
                                           header_button (_("Add _Visit"),
                                                          "editor.add-visit",
                                                          _("Add a follow-up visit")));
  self->visits_message = GTK_LABEL (make_message_label (_("Visit error")));
  adw_preferences_group_add (self->visits_group, GTK_WIDGET (self->visits_message));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->visits_group);

  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);
}

/**
 * fol_protocol_editor_new:
 * @protocol: (nullable): the protocol to edit, or %NULL for a new one
 */
FolProtocolEditor *
fol_protocol_editor_new (GtkWindow   *parent,
                         FolStore    *store,
                         FolProtocol *protocol)
{
  FolProtocolEditor *self;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);

  self = g_object_new (FOL_TYPE_PROTOCOL_EDITOR, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  gtk_window_set_title (GTK_WINDOW (self), protocol ? _("Edit Protocol") : _("New Protocol"));
  if (protocol == NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return self;
    }

  self->original = g_object_ref (protocol);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), fol_protocol_get_name (protocol));
  if (fol_protocol_get_description (protocol) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                           fol_protocol_get_description (protocol));
  for (guint i = 0; i < fol_protocol_get_n_steps (protocol); i++)
    {
      const FolProtocolStep *step = fol_protocol_get_step (protocol, i);
      g_autofree char *volume = NULL;

      if (step->kind == FOL_PROTOCOL_STEP_VISIT)
        {
          fol_protocol_editor_add_visit (self, step->months, step->days);
          continue;
        }
      append_session (self);
      if (!isnan (step->volume_ml))
        volume = fol_form_format_double (step->volume_ml);
      fol_protocol_editor_set_session (self, self->sessions->len - 1, step->treatment_type,
                                       step->product, step->dose, volume, step->regions,
                                       step->months, step->days);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}

GtkWidget *
fol_protocol_editor_get_name_row (FolProtocolEditor *self)
{
  g_return_val_if_fail (FOL_IS_PROTOCOL_EDITOR (self), NULL);
  return GTK_WIDGET (self->name_row);
}

/* The last refusal, as said at the field; NULL when there is none. */
const char *
fol_protocol_editor_get_message (FolProtocolEditor *self)
{
  g_return_val_if_fail (FOL_IS_PROTOCOL_EDITOR (self), NULL);
  return self->message;
}

void
fol_protocol_editor_add_session (FolProtocolEditor *self)
{
  SessionRows *s;

  g_return_if_fail (FOL_IS_PROTOCOL_EDITOR (self));

  s = append_session (self);
  /* A new session is planned where the one before it was. */
  if (self->sessions->len > 1)
    {
      SessionRows *before = self->sessions->pdata[self->sessions->len - 2];

      gtk_spin_button_set_value (s->months, gtk_spin_button_get_value (before->months));
      gtk_spin_button_set_value (s->days, gtk_spin_button_get_value (before->days));
    }
  gtk_widget_grab_focus (GTK_WIDGET (s->type));
}

void
fol_protocol_editor_remove_session (FolProtocolEditor *self,
                                    guint              index)
{
  SessionRows *s;

  g_return_if_fail (FOL_IS_PROTOCOL_EDITOR (self));
  g_return_if_fail (index < self->sessions->len);

  s = self->sessions->pdata[index];
  adw_preferences_group_remove (self->sessions_group, GTK_WIDGET (s->row));
  g_ptr_array_remove_index (self->sessions, index);
  retitle (self);
}

void
fol_protocol_editor_set_session (FolProtocolEditor *self,
                                 guint              index,
                                 const char        *treatment_type,
                                 const char        *product,
                                 const char        *dose,
                                 const char        *volume_text,
                                 guint              regions,
                                 int                months,
                                 int                days)
{
  SessionRows *s;

  g_return_if_fail (FOL_IS_PROTOCOL_EDITOR (self));
  g_return_if_fail (index < self->sessions->len);

  s = self->sessions->pdata[index];
  fol_form_catalog_select (FOL_CATALOG_TREATMENT_TYPE, s->type, TRUE, treatment_type);
  gtk_editable_set_text (GTK_EDITABLE (s->product), product ? product : "");
  gtk_editable_set_text (GTK_EDITABLE (s->dose), dose ? dose : "");
  gtk_editable_set_text (GTK_EDITABLE (s->volume), volume_text ? volume_text : "");
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    gtk_check_button_set_active (s->regions[r], (regions & FOL_REGION_BIT (r)) != 0);
  gtk_spin_button_set_value (s->months, months);
  gtk_spin_button_set_value (s->days, days);
}

/* @field: "type", "product", "dose", "volume", "months" or "days" */
GtkWidget *
fol_protocol_editor_get_session_field (FolProtocolEditor *self,
                                       guint              index,
                                       const char        *field)
{
  SessionRows *s;

  g_return_val_if_fail (FOL_IS_PROTOCOL_EDITOR (self), NULL);
  g_return_val_if_fail (index < self->sessions->len, NULL);

  s = self->sessions->pdata[index];
  if (g_str_equal (field, "type"))
    return GTK_WIDGET (s->type);
  if (g_str_equal (field, "product"))
    return GTK_WIDGET (s->product);
  if (g_str_equal (field, "dose"))
    return GTK_WIDGET (s->dose);
  if (g_str_equal (field, "volume"))
    return GTK_WIDGET (s->volume);
  if (g_str_equal (field, "months"))
    return GTK_WIDGET (s->months);
  if (g_str_equal (field, "days"))
    return GTK_WIDGET (s->days);
  g_return_val_if_reached (NULL);
}

void
fol_protocol_editor_add_visit (FolProtocolEditor *self,
                               int                months,
                               int                days)
{
  VisitRows *v;

  g_return_if_fail (FOL_IS_PROTOCOL_EDITOR (self));

  v = append_visit (self);
  gtk_spin_button_set_value (v->months, months);
  gtk_spin_button_set_value (v->days, days);
}
