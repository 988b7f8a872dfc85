/* fol-visit-editor.c
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

#define G_LOG_DOMAIN "fol-visit-editor"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "fol-conflict-dialog.h"
#include "fol-editor-private.h"
#include "fol-error.h"
#include "fol-form.h"
#include "fol-photo-measure.h"
#include "fol-stats.h"
#include "fol-validate.h"

/* The columns of the measurement grid: the fields of the table of
 * measurement fields shown in the editor, in its order. A field that is
 * not shown keeps its stored value. A column names its field in the core's
 * words: its short label over its unit.
 */
static guint n_columns;
static FolMeasureFieldId columns[FOL_N_MEASURE_FIELDS];

static void
init_columns (void)
{
  if (n_columns > 0)
    return;
  for (guint i = 0; i < FOL_N_MEASURE_FIELDS; i++)
    if (fol_measurement_field (i)->in_editor)
      columns[n_columns++] = i;
}

static const FolMeasurementField *
column_field (guint c)
{
  g_assert (c < n_columns);
  return fol_measurement_field (columns[c]);
}

/* Returns: the column of a field, or -1 when it is not shown */
static int
field_column (FolMeasureFieldId id)
{
  for (guint c = 0; c < n_columns; c++)
    if (columns[c] == id)
      return c;
  return -1;
}

static char *
column_title (guint c)
{
  const FolMeasurementField *field = column_field (c);

  return g_strdup_printf ("%s\n%s", fol_measurement_field_short_label (field), _(field->unit));
}
#define N_COLUMNS FOL_N_MEASURE_FIELDS

typedef struct
{
  FolRegion       region;
  GtkWidget      *row;       /* the vertical box in measurement_box */
  GtkWidget      *name;
  GtkEditable    *cells[N_COLUMNS];
  GtkLabel       *message;
  GtkCheckButton *confirm;   /* shown for values estimated from a photo */
  FolMeasurement *original;  /* owned, nullable */
} RegionRow;

struct _FolVisitEditor
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkWidget     *save_button;
  GtkRevealer   *error_revealer;
  GtkLabel      *error_label;
  AdwEntryRow   *date_row;
  AdwComboRow   *kind_row;
  AdwEntryRow   *clinician_row;
  AdwEntryRow   *notes_row;
  GtkLabel      *visit_message;
  GtkMenuButton *add_region_button;
  GtkBox        *measurement_box;
  AdwComboRow   *norwood_row;
  AdwComboRow   *ludwig_row;
  AdwComboRow   *sinclair_row;
  AdwComboRow   *iga_row;
  AdwComboRow   *pga_row;
  GtkLabel      *staging_message;
  AdwPreferencesGroup *salt_group;
  AdwEntryRow   *salt_top_row;
  AdwEntryRow   *salt_back_row;
  AdwEntryRow   *salt_right_row;
  AdwEntryRow   *salt_left_row;
  GtkLabel      *salt_score_label;
  AdwComboRow   *aa_iga_row;
  GtkLabel      *salt_message;

  /* Owned */
  FolStore      *store;
  GSettings     *settings;
  FolHistory    *history;
  FolVisit      *original;
  GtkWidget     *conflict;   /* weak: "Changed on Another Workstation" */
  RegionRow     *rows[FOL_N_REGIONS];
  GtkSizeGroup  *size_groups[N_COLUMNS + 1];
  GMenu         *region_menu;

  gboolean       loading;
  gboolean       dirty;
  gboolean       valid;
};

G_DEFINE_FINAL_TYPE (FolVisitEditor, fol_visit_editor, ADW_TYPE_WINDOW)

static const char *assessment_labels[] = {
  N_("−3 Greatly decreased"), N_("−2 Moderately decreased"), N_("−1 Slightly decreased"),
  N_("0 No change"), N_("+1 Slightly increased"), N_("+2 Moderately increased"),
  N_("+3 Greatly increased"),
};

static void
region_row_free (RegionRow *row)
{
  g_clear_object (&row->original);
  g_free (row);
}

static int
score_from_combo (AdwComboRow *row,
                  int          first)
{
  guint pos = adw_combo_row_get_selected (row);

  if (pos == 0 || pos == GTK_INVALID_LIST_POSITION)
    return FOL_NO_SCORE;
  return first + (int) pos - 1;
}

static void
score_to_combo (AdwComboRow *row,
                int          first,
                int          value)
{
  adw_combo_row_set_selected (row, value == FOL_NO_SCORE ? 0 : (guint) (value - first + 1));
}

static AdwEntryRow *
salt_row (FolVisitEditor *self,
          guint           area)
{
  AdwEntryRow *rows[] = { self->salt_top_row, self->salt_back_row,
                          self->salt_right_row, self->salt_left_row };

  g_assert (area < G_N_ELEMENTS (rows));
  return rows[area];
}

static const char *salt_properties[] = { "salt-top", "salt-back", "salt-right", "salt-left" };

static void
update_region_menu (FolVisitEditor *self)
{
  g_menu_remove_all (self->region_menu);

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      g_autoptr(GMenuItem) item = NULL;

      if (self->rows[r] != NULL)
        continue;
      item = g_menu_item_new (fol_region_name (r), NULL);
      g_menu_item_set_action_and_target (item, "editor.add-region", "s", fol_region_code (r));
      g_menu_append_item (self->region_menu, item);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_region_button),
                            g_menu_model_get_n_items (G_MENU_MODEL (self->region_menu)) > 0);
}

/* Reads one region's row into a new measurement. Returns NULL, with the
 * failing column, when a cell is not a number or out of range.
 */
static FolMeasurement *
build_measurement (FolVisitEditor  *self,
                   RegionRow       *row,
                   int             *out_column,
                   char           **out_message)
{
  g_autoptr(FolMeasurement) m = NULL;
  gboolean has_terminal_split = FALSE;

  m = row->original ? fol_measurement_copy (row->original) : fol_measurement_new ();
  fol_measurement_set_region (m, row->region);
  /* Estimates the clinician has checked are a count on the photo. */
  if (gtk_widget_get_visible (GTK_WIDGET (row->confirm)) &&
      gtk_check_button_get_active (row->confirm))
    fol_measurement_set_method (m, "manual");

  for (guint c = 0; c < n_columns; c++)
    {
      const FolMeasurementField *field = column_field (c);
      g_autoptr(GError) error = NULL;
      double v;

      if (!fol_form_parse_double (gtk_editable_get_text (row->cells[c]), &v))
        {
          *out_column = c;
          *out_message = g_strdup (_("Type a number, or leave it blank"));
          return NULL;
        }
      if (!fol_validate_measurement_value (field->property, v, &error))
        {
          *out_column = c;
          *out_message = g_strdup (error->message);
          return NULL;
        }
      field->set (m, v);
      if (columns[c] == FOL_FIELD_TERMINAL_DENSITY || columns[c] == FOL_FIELD_VELLUS_DENSITY)
        has_terminal_split |= !isnan (v);
    }

  /* The threshold says how terminal and vellus were told apart. */
  if (has_terminal_split && isnan (fol_measurement_get_terminal_threshold (m)))
    fol_measurement_set_terminal_threshold (m, g_settings_get_double (self->settings,
                                                                      "terminal-threshold"));

  fol_measurement_derive (m);
  return g_steal_pointer (&m);
}

static FolVisit *
build_visit (FolVisitEditor  *self,
             GtkWidget      **out_widget,
             char           **out_message)
{
  g_autoptr(FolVisit) visit = NULL;
  FolDate date;

  visit = self->original ? fol_visit_copy (self->original) : fol_visit_new ();
  fol_visit_set_patient_id (visit, fol_patient_get_id (fol_history_get_patient (self->history)));

  if (!fol_form_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->date_row)), &date))
    {
      *out_widget = GTK_WIDGET (self->date_row);
      *out_message = fol_form_date_message ();
      return NULL;
    }
  fol_visit_set_date (visit, date);
  fol_visit_set_kind (visit, fol_form_catalog_code (FOL_CATALOG_VISIT_KIND, self->kind_row, FALSE));
  fol_visit_set_clinician (visit, gtk_editable_get_text (GTK_EDITABLE (self->clinician_row)));
  fol_visit_set_notes (visit, gtk_editable_get_text (GTK_EDITABLE (self->notes_row)));
  fol_visit_set_norwood (visit,
                         gtk_widget_get_visible (GTK_WIDGET (self->norwood_row))
                         ? fol_form_catalog_code (FOL_CATALOG_NORWOOD, self->norwood_row, TRUE)
                         : NULL);
  fol_visit_set_ludwig (visit, gtk_widget_get_visible (GTK_WIDGET (self->ludwig_row))
                               ? fol_form_catalog_code (FOL_CATALOG_LUDWIG, self->ludwig_row, TRUE)
                               : NULL);
  fol_visit_set_sinclair (visit, gtk_widget_get_visible (GTK_WIDGET (self->sinclair_row))
                                 ? score_from_combo (self->sinclair_row, 1) : FOL_NO_SCORE);
  fol_visit_set_investigator_assessment (visit, score_from_combo (self->iga_row, -3));
  fol_visit_set_patient_assessment (visit, score_from_combo (self->pga_row, -3));
  fol_visit_set_aa_iga (visit, score_from_combo (self->aa_iga_row, 0));

  for (guint a = 0; a < G_N_ELEMENTS (salt_properties); a++)
    {
      int v;

      if (!fol_form_parse_int (gtk_editable_get_text (GTK_EDITABLE (salt_row (self, a))), &v))
        {
          *out_widget = GTK_WIDGET (salt_row (self, a));
          *out_message = g_strdup (_("Type a whole percentage from 0 to 100"));
          return NULL;
        }
      g_object_set (visit, salt_properties[a], v, NULL);
    }

  return g_steal_pointer (&visit);
}

static GtkLabel *
message_for (FolVisitEditor *self,
             GtkWidget      *widget)
{
  for (guint a = 0; a < G_N_ELEMENTS (salt_properties); a++)
    if (widget == GTK_WIDGET (salt_row (self, a)))
      return self->salt_message;
  if (widget == GTK_WIDGET (self->aa_iga_row))
    return self->salt_message;
  if (widget == GTK_WIDGET (self->date_row) || widget == GTK_WIDGET (self->kind_row) ||
      widget == GTK_WIDGET (self->clinician_row) || widget == GTK_WIDGET (self->notes_row))
    return self->visit_message;
  return self->staging_message;
}

static GtkWidget *
visit_field_widget (FolVisitEditor *self,
                    const char     *field)
{
  if (g_strcmp0 (field, "date") == 0)
    return GTK_WIDGET (self->date_row);
  if (g_strcmp0 (field, "kind") == 0)
    return GTK_WIDGET (self->kind_row);
  if (g_strcmp0 (field, "norwood") == 0)
    return GTK_WIDGET (self->norwood_row);
  if (g_strcmp0 (field, "ludwig") == 0)
    return GTK_WIDGET (self->ludwig_row);
  if (g_strcmp0 (field, "sinclair") == 0)
    return GTK_WIDGET (self->sinclair_row);
  if (g_strcmp0 (field, "investigator-assessment") == 0)
    return GTK_WIDGET (self->iga_row);
  if (g_strcmp0 (field, "patient-assessment") == 0)
    return GTK_WIDGET (self->pga_row);
  if (g_strcmp0 (field, "aa-iga") == 0)
    return GTK_WIDGET (self->aa_iga_row);
  for (guint a = 0; a < G_N_ELEMENTS (salt_properties); a++)
    if (g_strcmp0 (field, salt_properties[a]) == 0)
      return GTK_WIDGET (salt_row (self, a));
  return GTK_WIDGET (self->notes_row);
}

static void
update_salt_score (FolVisitEditor *self)
{
  int v[4];
  int hundredths;

  for (guint a = 0; a < 4; a++)
    if (!fol_form_parse_int (gtk_editable_get_text (GTK_EDITABLE (salt_row (self, a))), &v[a]) ||
        v[a] == G_MININT)
      {
        gtk_label_set_text (self->salt_score_label, "—");
        return;
      }

  if (fol_salt_score (v[0], v[1], v[2], v[3], &hundredths))
    {
      g_autofree char *text = fol_format_salt (hundredths);
      gtk_label_set_text (self->salt_score_label, text);
    }
  else
    gtk_label_set_text (self->salt_score_label, "—");
}

/* Whether the stored density is the one count and area give: what the
 * store fills in when only those were typed. */
static gboolean
density_is_derived (FolMeasurement *m)
{
  double derived = fol_stats_density (fol_measurement_get_hair_count (m),
                                      fol_measurement_get_field_area (m));
  double density = fol_measurement_get_total_density (m);

  return !isnan (derived) && !isnan (density)
         && fabs (density - derived) <= 1e-9 * MAX (1.0, fabs (derived));
}

static void
set_placeholder (RegionRow         *row,
                 FolMeasureFieldId  id,
                 double             value)
{
  int c = field_column (id);

  if (c < 0)
    return;
  if (!isnan (value))
    {
      g_autofree char *text = fol_format_number (value, fol_measurement_field (id)->decimals);
      gtk_entry_set_placeholder_text (GTK_ENTRY (row->cells[c]), text);
    }
  else
    gtk_entry_set_placeholder_text (GTK_ENTRY (row->cells[c]), NULL);
}

static double
cell_value (RegionRow         *row,
            FolMeasureFieldId  id)
{
  int c = field_column (id);
  double v = NAN;

  if (c < 0 || !fol_form_parse_double (gtk_editable_get_text (row->cells[c]), &v))
    return NAN;
  return v;
}

/* What follows from other cells, shown in an empty cell: density from
 * count and area, telogen as 100 − anagen. */
static void
update_density_placeholder (RegionRow *row)
{
  double anagen = cell_value (row, FOL_FIELD_ANAGEN);

  set_placeholder (row, FOL_FIELD_TOTAL_DENSITY,
                   fol_stats_density (cell_value (row, FOL_FIELD_HAIR_COUNT),
                                      cell_value (row, FOL_FIELD_FIELD_AREA)));
  set_placeholder (row, FOL_FIELD_TELOGEN, isnan (anagen) ? NAN : 100 - anagen);
}

/* Runs the core validators on copies of what the form holds, flags the
 * first problem at its field, and enables Save only for a valid form.
 */
static void
validate (FolVisitEditor *self)
{
  g_autoptr(FolVisit) visit = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkWidget *widget = NULL;
  gboolean valid = TRUE;
  GtkWidget *fields[] = {
    GTK_WIDGET (self->date_row), GTK_WIDGET (self->kind_row), GTK_WIDGET (self->clinician_row),
    GTK_WIDGET (self->notes_row), GTK_WIDGET (self->norwood_row), GTK_WIDGET (self->ludwig_row),
    GTK_WIDGET (self->sinclair_row), GTK_WIDGET (self->iga_row), GTK_WIDGET (self->pga_row),
    GTK_WIDGET (self->salt_top_row), GTK_WIDGET (self->salt_back_row),
    GTK_WIDGET (self->salt_right_row), GTK_WIDGET (self->salt_left_row),
    GTK_WIDGET (self->aa_iga_row),
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    fol_form_flag (fields[i], NULL, NULL);
  fol_form_flag (GTK_WIDGET (self->date_row), self->visit_message, NULL);
  fol_form_flag (GTK_WIDGET (self->iga_row), self->staging_message, NULL);
  fol_form_flag (GTK_WIDGET (self->salt_top_row), self->salt_message, NULL);

  update_salt_score (self);

  visit = build_visit (self, &widget, &message);
  if (visit != NULL)
    {
      const char *field = NULL;
      FolDate birth = fol_patient_get_birth_date (fol_history_get_patient (self->history));

      if (!fol_visit_validate (visit, birth, &field, &error))
        {
          widget = visit_field_widget (self, field);
          message = g_strdup (error->message);
        }
    }
  if (message != NULL)
    {
      fol_form_flag (widget, message_for (self, widget), message);
      valid = FALSE;
    }

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      RegionRow *row = self->rows[r];
      g_autoptr(FolMeasurement) m = NULL;
      g_autofree char *cell_message = NULL;
      int column = -1;

      if (row == NULL)
        continue;

      for (guint c = 0; c < n_columns; c++)
        fol_form_flag (GTK_WIDGET (row->cells[c]), NULL, NULL);
      fol_form_flag (row->name, row->message, NULL);
      update_density_placeholder (row);

      m = build_measurement (self, row, &column, &cell_message);
      if (m != NULL)
        {
          g_autoptr(GError) m_error = NULL;
          const char *field = NULL;

          if (!fol_measurement_is_empty (m) && !fol_measurement_validate (m, &field, &m_error))
            {
              cell_message = g_strdup (m_error->message);
              for (guint c = 0; c < n_columns; c++)
                if (g_strcmp0 (column_field (c)->property, field) == 0)
                  column = c;
            }
        }

      if (cell_message != NULL)
        {
          GtkWidget *target = column >= 0 ? GTK_WIDGET (row->cells[column]) : row->name;

          fol_form_flag (target, row->message, cell_message);
          valid = FALSE;
        }
    }

  self->valid = valid;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", valid);
}

static void
field_changed_cb (FolVisitEditor *self)
{
  if (self->loading)
    return;

  self->dirty = TRUE;
  fol_form_show_error (self->error_revealer, self->error_label, NULL);
  validate (self);
}

static void
entry_activated_cb (FolVisitEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}

static void
remove_region_cb (GtkButton      *button,
                  FolVisitEditor *self)
{
  FolRegion region = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "region"));
  RegionRow *row = self->rows[region];

  g_assert (row != NULL);
  gtk_box_remove (self->measurement_box, row->row);
  self->rows[region] = NULL;
  region_row_free (row);

  update_region_menu (self);
  field_changed_cb (self);
}

static GtkWidget *
make_cell_label (FolVisitEditor *self,
                 guint           group,
                 const char     *text)
{
  GtkWidget *label = gtk_label_new (text);

  /* No wrapping: every cell of a column then asks for the same width in
   * every row, so the rows stay aligned however narrow the dialog.
   */
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_size_group_add_widget (self->size_groups[group], label);
  return label;
}

static void
add_header (FolVisitEditor *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_margin_top (header, 10);
  gtk_widget_add_css_class (header, "caption-heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_box_append (GTK_BOX (header), make_cell_label (self, 0, _("Region")));
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *title = column_title (c);

      gtk_box_append (GTK_BOX (header), make_cell_label (self, c + 1, title));
    }
  gtk_box_append (self->measurement_box, header);
}

/**
 * fol_visit_editor_add_region:
 *
 * Adds a row for @region to the measurement grid (nothing when it has one).
 */
void
fol_visit_editor_add_region (FolVisitEditor *self,
                             FolRegion       region)
{
  RegionRow *row;
  GtkWidget *line, *remove;
  GtkWidget *before = NULL;

  g_return_if_fail (FOL_IS_VISIT_EDITOR (self));
  g_return_if_fail (region < FOL_N_REGIONS);

  if (self->rows[region] != NULL)
    return;

  row = g_new0 (RegionRow, 1);
  row->region = region;
  row->row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_start (row->row, 12);
  gtk_widget_set_margin_end (row->row, 6);
  gtk_widget_set_margin_bottom (row->row, 6);
  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  row->name = make_cell_label (self, 0, fol_region_short_name (region));
  gtk_widget_set_tooltip_text (row->name, fol_region_name (region));
  gtk_box_append (GTK_BOX (line), row->name);

  for (guint c = 0; c < n_columns; c++)
    {
      GtkWidget *entry = gtk_entry_new ();
      g_autofree char *title = g_strdelimit (column_title (c), "\n", ' ');
      g_autofree char *a11y = g_strdup_printf ("%s, %s", fol_region_name (region), title);

      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 5);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 7);
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      gtk_widget_set_tooltip_text (entry, title);
      gtk_size_group_add_widget (self->size_groups[c + 1], entry);
      g_signal_connect_object (entry, "changed", G_CALLBACK (field_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (entry, "activate", G_CALLBACK (entry_activated_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (line), entry);
      row->cells[c] = GTK_EDITABLE (entry);
    }

  remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove Region"));
  {
    g_autofree char *a11y = g_strdup_printf (_("Remove %s"), fol_region_name (region));
    gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  }
  g_object_set_data (G_OBJECT (remove), "region", GUINT_TO_POINTER (region));
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_region_cb), self, 0);
  gtk_box_append (GTK_BOX (line), remove);

  row->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->message, 0);
  gtk_label_set_wrap (row->message, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->message), "error");
  gtk_widget_set_visible (GTK_WIDGET (row->message), FALSE);

  {
    /* Translators: beside a check box under a region's values in the visit
     * editor; the region's name comes first */
    g_autofree char *label = g_strdup_printf (_("%s: terminal and vellus densities and mean "
                                                "diameter are estimates from the photo’s "
                                                "suggested marks. Confirm them"),
                                              fol_region_name (region));

    GtkWidget *text = gtk_label_new (label);

    gtk_label_set_wrap (GTK_LABEL (text), TRUE);
    gtk_label_set_xalign (GTK_LABEL (text), 0);
    row->confirm = GTK_CHECK_BUTTON (gtk_check_button_new ());
    gtk_check_button_set_child (row->confirm, text);
    gtk_accessible_update_property (GTK_ACCESSIBLE (row->confirm),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    gtk_widget_add_css_class (GTK_WIDGET (row->confirm), "caption");
    gtk_widget_set_visible (GTK_WIDGET (row->confirm), FALSE);
    g_signal_connect_object (row->confirm, "toggled", G_CALLBACK (field_changed_cb), self,
                             G_CONNECT_SWAPPED);
  }

  gtk_box_append (GTK_BOX (row->row), line);
  gtk_box_append (GTK_BOX (row->row), GTK_WIDGET (row->confirm));
  gtk_box_append (GTK_BOX (row->row), GTK_WIDGET (row->message));

  /* Regions stay in anatomical order, front to back. */
  for (int r = (int) region - 1; r >= 0 && before == NULL; r--)
    if (self->rows[r] != NULL)
      before = self->rows[r]->row;
  if (before == NULL)
    before = gtk_widget_get_first_child (GTK_WIDGET (self->measurement_box));
  gtk_box_insert_child_after (self->measurement_box, row->row, before);

  self->rows[region] = row;
  update_region_menu (self);
}

static void
add_region_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  FolVisitEditor *self = FOL_VISIT_EDITOR (widget);
  FolRegion region;

  if (!fol_region_from_code (g_variant_get_string (param, NULL), &region))
    return;

  fol_visit_editor_add_region (self, region);
  gtk_widget_grab_focus (GTK_WIDGET (self->rows[region]->cells[0]));
  field_changed_cb (self);
}

static void load_visit (FolVisitEditor *self,
                        guint           index);

/* The patient's history as stored now, and where the visit is in it. */
static FolHistory *
load_stored (FolVisitEditor  *self,
             guint           *out_index,
             GError         **error)
{
  const char *id = fol_visit_get_id (self->original);
  g_autoptr(FolHistory) history = NULL;

  history = fol_store_load_history (self->store, fol_visit_get_patient_id (self->original), error);
  if (history == NULL)
    return NULL;
  for (guint i = 0; i < fol_history_get_n_visits (history); i++)
    if (g_strcmp0 (fol_visit_get_id (fol_history_get_visit (history, i)), id) == 0)
      {
        *out_index = i;
        return g_steal_pointer (&history);
      }
  g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND, _("No visit has the ID “%s”"),
               id);
  return NULL;
}

/* Their visit beside what was typed here: the visit's fields, and each
 * region's total density. */
static GPtrArray *
compare (FolHistory *history,
         guint       index,
         FolVisit   *yours,
         GPtrArray  *measurements)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  FolVisit *theirs = fol_history_get_visit (history, index);
  g_autofree char *their_date = fol_date_format (fol_visit_get_date (theirs));
  g_autofree char *your_date = fol_date_format (fol_visit_get_date (yours));

  fol_conflict_rows_add (rows, _("Date"), their_date, your_date);
  fol_conflict_rows_add (rows, _("Clinician"), fol_visit_get_clinician (theirs),
                         fol_visit_get_clinician (yours));
  fol_conflict_rows_add (rows, _("Notes"), fol_visit_get_notes (theirs),
                         fol_visit_get_notes (yours));
  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      FolMeasurement *their_m = fol_history_get_measurement (history, index, r);
      FolMeasurement *your_m = NULL;
      g_autofree char *their_text = NULL;
      g_autofree char *your_text = NULL;

      for (guint i = 0; i < measurements->len; i++)
        if (fol_measurement_get_region (g_ptr_array_index (measurements, i)) == r)
          your_m = g_ptr_array_index (measurements, i);
      their_text = fol_form_format_double (their_m ? fol_measurement_get_total_density (their_m)
                                                   : NAN);
      your_text = fol_form_format_double (your_m ? fol_measurement_get_total_density (your_m)
                                                 : NAN);
      fol_conflict_rows_add (rows, fol_region_name (r), their_text, your_text);
    }
  return rows;
}

static void
conflict_response_cb (FolVisitEditor *self,
                      const char     *response)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FolHistory) stored = NULL;
  guint index = 0;

  if (g_str_equal (response, FOL_CONFLICT_KEEP_EDITING) || self->original == NULL)
    return;

  stored = load_stored (self, &index, &error);
  if (stored == NULL)
    {
      fol_form_show_error (self->error_revealer, self->error_label, error);
      return;
    }
  if (g_str_equal (response, FOL_CONFLICT_RELOAD))
    {
      /* Theirs in the form, every region as stored. */
      self->loading = TRUE;
      for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
        if (self->rows[r] != NULL)
          {
            gtk_box_remove (self->measurement_box, self->rows[r]->row);
            g_clear_pointer (&self->rows[r], region_row_free);
          }
      g_set_object (&self->history, stored);
      g_clear_object (&self->original);
      load_visit (self, index);
      update_region_menu (self);
      self->loading = FALSE;
      self->dirty = FALSE;
      fol_form_show_error (self->error_revealer, self->error_label, NULL);
      validate (self);
    }
  else if (g_str_equal (response, FOL_CONFLICT_SAVE_MINE))
    {
      /* Seen theirs, and chosen to replace it: on what is stored now. */
      fol_visit_set_updated_at (self->original,
                                fol_visit_get_updated_at (fol_history_get_visit (stored, index)));
      gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
    }
}

static void
offer_conflict (FolVisitEditor *self,
                FolVisit       *yours,
                GPtrArray      *measurements,
                const GError   *error)
{
  g_autoptr(FolHistory) theirs = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint index = 0;

  if (self->original != NULL)
    theirs = load_stored (self, &index, NULL);
  rows = theirs ? compare (theirs, index, yours, measurements) : NULL;
  fol_conflict_dialog_offer (GTK_WINDOW (self), &self->conflict, error, rows,
                             G_CALLBACK (conflict_response_cb));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  FolVisitEditor *self = FOL_VISIT_EDITOR (widget);
  g_autoptr(FolVisit) visit = NULL;
  g_autoptr(GPtrArray) measurements = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkWidget *field = NULL;

  validate (self);
  if (!self->valid)
    return;

  visit = build_visit (self, &field, &message);
  g_assert (visit != NULL);

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      FolMeasurement *m;
      int column;

      if (self->rows[r] == NULL)
        continue;
      m = build_measurement (self, self->rows[r], &column, &message);
      g_assert (m != NULL);
      if (fol_measurement_is_empty (m))
        g_object_unref (m);
      else
        g_ptr_array_add (measurements, m);
    }

  if (!fol_store_save_visit (self->store, visit, measurements, &error))
    {
      fol_form_show_error (self->error_revealer, self->error_label, error);
      if (g_error_matches (error, FOL_STORE_ERROR, FOL_STORE_ERROR_CHANGED))
        offer_conflict (self, visit, measurements, error);
      return;
    }

  self->dirty = FALSE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
fol_visit_editor_close_request (GtkWindow *window)
{
  FolVisitEditor *self = FOL_VISIT_EDITOR (window);

  if (fol_form_close_request (window, self->dirty))
    return TRUE;

  return GTK_WINDOW_CLASS (fol_visit_editor_parent_class)->close_request (window);
}

static void
fol_visit_editor_dispose (GObject *object)
{
  FolVisitEditor *self = FOL_VISIT_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FOL_TYPE_VISIT_EDITOR);
  fol_conflict_dialog_dismiss (&self->conflict);
  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    g_clear_pointer (&self->rows[r], region_row_free);
  for (guint i = 0; i < G_N_ELEMENTS (self->size_groups); i++)
    g_clear_object (&self->size_groups[i]);
  g_clear_object (&self->region_menu);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->history);
  g_clear_object (&self->original);

  G_OBJECT_CLASS (fol_visit_editor_parent_class)->dispose (object);
}

static void
fol_visit_editor_class_init (FolVisitEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = fol_visit_editor_dispose;
  window_class->close_request = fol_visit_editor_close_request;

  init_columns ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fol-visit-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, date_row);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, clinician_row);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, notes_row);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, visit_message);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, add_region_button);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, measurement_box);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, norwood_row);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, ludwig_row);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, sinclair_row);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, iga_row);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, pga_row);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, staging_message);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, salt_group);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, salt_top_row);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, salt_back_row);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, salt_right_row);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, salt_left_row);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, salt_score_label);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, aa_iga_row);
  gtk_widget_class_bind_template_child (widget_class, FolVisitEditor, salt_message);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.add-region", "s", add_region_action);
  fol_form_class_init (widget_class);
}

static void
fol_visit_editor_init (FolVisitEditor *self)
{
  g_autoptr(GtkStringList) kinds = NULL;
  g_autoptr(GtkStringList) norwood = NULL;
  g_autoptr(GtkStringList) ludwig = NULL;
  g_autoptr(GtkStringList) sinclair = NULL;
  g_autoptr(GtkStringList) iga = NULL;
  g_autoptr(GtkStringList) pga = NULL;
  AdwEntryRow *entry_rows[] = { NULL, NULL, NULL, NULL, NULL, NULL, NULL };
  AdwComboRow *combo_rows[] = { NULL, NULL, NULL, NULL, NULL, NULL, NULL };
  g_autoptr(GtkStringList) aa_iga = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (self->size_groups); i++)
    self->size_groups[i] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->region_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->add_region_button, G_MENU_MODEL (self->region_menu));
  add_header (self);

  kinds = fol_form_catalog_model (FOL_CATALOG_VISIT_KIND, NULL);
  norwood = fol_form_catalog_model (FOL_CATALOG_NORWOOD, _("Not assessed"));
  ludwig = fol_form_catalog_model (FOL_CATALOG_LUDWIG, _("Not assessed"));
  sinclair = gtk_string_list_new (NULL);
  gtk_string_list_append (sinclair, _("Not assessed"));
  for (int i = 1; i <= 5; i++)
    {
      g_autofree char *s = g_strdup_printf ("%d", i);
      gtk_string_list_append (sinclair, s);
    }
  iga = gtk_string_list_new (NULL);
  pga = gtk_string_list_new (NULL);
  gtk_string_list_append (iga, _("Not assessed"));
  gtk_string_list_append (pga, _("Not assessed"));
  for (guint i = 0; i < G_N_ELEMENTS (assessment_labels); i++)
    {
      gtk_string_list_append (iga, _(assessment_labels[i]));
      gtk_string_list_append (pga, _(assessment_labels[i]));
    }
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  adw_combo_row_set_model (self->norwood_row, G_LIST_MODEL (norwood));
  adw_combo_row_set_model (self->ludwig_row, G_LIST_MODEL (ludwig));
  adw_combo_row_set_model (self->sinclair_row, G_LIST_MODEL (sinclair));
  adw_combo_row_set_model (self->iga_row, G_LIST_MODEL (iga));
  adw_combo_row_set_model (self->pga_row, G_LIST_MODEL (pga));
  gtk_string_list_append (aa_iga, _("Not assessed"));
  for (int i = 0; i <= 4; i++)
    {
      g_autofree char *s = g_strdup_printf ("%d", i);
      gtk_string_list_append (aa_iga, s);
    }
  adw_combo_row_set_model (self->aa_iga_row, G_LIST_MODEL (aa_iga));

  fol_form_add_calendar (self->date_row);

  entry_rows[0] = self->date_row;
  entry_rows[1] = self->clinician_row;
  entry_rows[2] = self->notes_row;
  entry_rows[3] = self->salt_top_row;
  entry_rows[4] = self->salt_back_row;
  entry_rows[5] = self->salt_right_row;
  entry_rows[6] = self->salt_left_row;
  for (guint i = 0; i < G_N_ELEMENTS (entry_rows); i++)
    {
      g_signal_connect_object (entry_rows[i], "changed", G_CALLBACK (field_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (entry_rows[i], "entry-activated", G_CALLBACK (entry_activated_cb),
                               self, G_CONNECT_SWAPPED);
    }

  combo_rows[0] = self->kind_row;
  combo_rows[1] = self->norwood_row;
  combo_rows[2] = self->ludwig_row;
  combo_rows[3] = self->sinclair_row;
  combo_rows[4] = self->iga_row;
  combo_rows[5] = self->pga_row;
  combo_rows[6] = self->aa_iga_row;
  for (guint i = 0; i < G_N_ELEMENTS (combo_rows); i++)
    g_signal_connect_object (combo_rows[i], "notify::selected", G_CALLBACK (field_changed_cb),
                             self, G_CONNECT_SWAPPED);

  self->loading = FALSE;
}

static void
load_visit (FolVisitEditor *self,
            guint           index)
{
  FolVisit *visit = fol_history_get_visit (self->history, index);
  g_autofree char *date = fol_date_to_iso (fol_visit_get_date (visit));

  self->original = fol_visit_copy (visit);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
  fol_form_catalog_select (FOL_CATALOG_VISIT_KIND, self->kind_row, FALSE,
                           fol_visit_get_kind (visit));
  gtk_editable_set_text (GTK_EDITABLE (self->clinician_row),
                         fol_visit_get_clinician (visit) ? fol_visit_get_clinician (visit) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row),
                         fol_visit_get_notes (visit) ? fol_visit_get_notes (visit) : "");
  fol_form_catalog_select (FOL_CATALOG_NORWOOD, self->norwood_row, TRUE,
                           fol_visit_get_norwood (visit));
  fol_form_catalog_select (FOL_CATALOG_LUDWIG, self->ludwig_row, TRUE,
                           fol_visit_get_ludwig (visit));
  score_to_combo (self->sinclair_row, 1, fol_visit_get_sinclair (visit));
  score_to_combo (self->iga_row, -3, fol_visit_get_investigator_assessment (visit));
  score_to_combo (self->pga_row, -3, fol_visit_get_patient_assessment (visit));
  score_to_combo (self->aa_iga_row, 0, fol_visit_get_aa_iga (visit));

  for (guint a = 0; a < G_N_ELEMENTS (salt_properties); a++)
    {
      g_autofree char *text = NULL;
      int v = FOL_NO_SCORE;

      g_object_get (visit, salt_properties[a], &v, NULL);
      text = fol_form_format_int (v);
      gtk_editable_set_text (GTK_EDITABLE (salt_row (self, a)), text);
    }

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      FolMeasurement *m = fol_history_get_measurement (self->history, index, r);

      if (m == NULL)
        continue;

      fol_visit_editor_add_region (self, r);
      self->rows[r]->original = fol_measurement_copy (m);
      gtk_widget_set_visible (GTK_WIDGET (self->rows[r]->confirm),
                              g_strcmp0 (fol_measurement_get_method (m),
                                         FOL_PHOTO_MEASURE_ESTIMATED_METHOD) == 0);
      for (guint c = 0; c < n_columns; c++)
        {
          g_autofree char *text = NULL;
          double v = column_field (c)->get (m);

          /* A density the store derived from count and area is left to
           * the placeholder, so that it follows them when they change. */
          if (columns[c] == FOL_FIELD_TOTAL_DENSITY && density_is_derived (m))
            v = NAN;
          text = fol_form_format_double (v);
          gtk_editable_set_text (self->rows[r]->cells[c], text);
        }
    }
}

/**
 * fol_visit_editor_new:
 * @visit_id: (nullable): the visit to edit, %NULL for a new one
 */
GtkWidget *
fol_visit_editor_new (FolStore   *store,
                      GSettings  *settings,
                      FolHistory *history,
                      const char *visit_id)
{
  FolVisitEditor *self;
  FolPatient *patient;
  const char *sex;
  gboolean found = FALSE;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (FOL_IS_HISTORY (history), NULL);

  self = g_object_new (FOL_TYPE_VISIT_EDITOR, NULL);
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  self->history = g_object_ref (history);
  self->loading = TRUE;

  patient = fol_history_get_patient (history);
  sex = fol_patient_get_sex (patient);

  /* Norwood–Hamilton stages men, Ludwig and Sinclair women; when the sex
   * is not recorded both are offered.
   */
  gtk_widget_set_visible (GTK_WIDGET (self->norwood_row), g_strcmp0 (sex, "female") != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->ludwig_row), g_strcmp0 (sex, "male") != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->sinclair_row), g_strcmp0 (sex, "male") != 0);

  for (guint i = 0; visit_id != NULL && i < fol_history_get_n_visits (history); i++)
    if (g_strcmp0 (fol_visit_get_id (fol_history_get_visit (history, i)), visit_id) == 0)
      {
        load_visit (self, i);
        found = TRUE;
        break;
      }

  if (found)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Visit"));
    }
  else
    {
      g_autofree char *today = fol_date_to_iso (fol_date_today ());
      g_autofree char *clinician = g_settings_get_string (settings, "clinician-name");
      g_auto(GStrv) regions = g_settings_get_strv (settings, "default-regions");

      gtk_window_set_title (GTK_WINDOW (self), _("New Visit"));
      gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
      gtk_editable_set_text (GTK_EDITABLE (self->clinician_row), clinician);
      fol_form_catalog_select (FOL_CATALOG_VISIT_KIND, self->kind_row, FALSE,
                               fol_history_get_n_visits (history) == 0 ? "baseline" : "follow_up");
      for (guint i = 0; regions[i] != NULL; i++)
        {
          FolRegion r;

          if (fol_region_from_code (regions[i], &r))
            fol_visit_editor_add_region (self, r);
        }
    }

  update_region_menu (self);
  self->loading = FALSE;
  validate (self);

  /* Typing goes into the first field, never to a button: a space would
   * otherwise press Cancel. */
  gtk_widget_grab_focus (GTK_WIDGET (self->date_row));

  return GTK_WIDGET (self);
}

GtkEditable *
_fol_visit_editor_get_date (FolVisitEditor *self)
{
  return GTK_EDITABLE (self->date_row);
}

GtkEditable *
_fol_visit_editor_get_salt (FolVisitEditor *self,
                            guint           area)
{
  return GTK_EDITABLE (salt_row (self, area));
}

GtkLabel *
_fol_visit_editor_get_salt_score (FolVisitEditor *self)
{
  return self->salt_score_label;
}

AdwComboRow *
_fol_visit_editor_get_aa_iga (FolVisitEditor *self)
{
  return self->aa_iga_row;
}

GtkWidget *
_fol_visit_editor_get_conflict (FolVisitEditor *self)
{
  return self->conflict;
}

GtkEditable *
_fol_visit_editor_get_cell (FolVisitEditor *self,
                            FolRegion       region,
                            const char     *property)
{
  g_return_val_if_fail (self->rows[region] != NULL, NULL);

  for (guint c = 0; c < n_columns; c++)
    if (strcmp (column_field (c)->property, property) == 0)
      return self->rows[region]->cells[c];

  g_return_val_if_reached (NULL);
}

GtkCheckButton *
_fol_visit_editor_get_confirm (FolVisitEditor *self,
                               FolRegion       region)
{
  g_return_val_if_fail (self->rows[region] != NULL, NULL);
  return self->rows[region]->confirm;
}

GtkLabel *
_fol_visit_editor_get_message (FolVisitEditor *self,
                               FolRegion       region)
{
  g_return_val_if_fail (self->rows[region] != NULL, NULL);
  return self->rows[region]->message;
}

gboolean
_fol_visit_editor_can_save (FolVisitEditor *self)
{
  return self->valid && gtk_widget_get_sensitive (self->save_button);
}

GtkRevealer *
_fol_visit_editor_get_error (FolVisitEditor *self)
{
  return self->error_revealer;
}
