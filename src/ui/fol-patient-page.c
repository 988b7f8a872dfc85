/* fol-patient-page.c
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

#define G_LOG_DOMAIN "fol-patient-page"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "fol-catalog.h"
#include "fol-error.h"
#include "fol-patient-page-private.h"
#include "fol-photo-measure.h"
#include "fol-photos-page.h"
#include "fol-plan-group.h"
#include "fol-progress-panel.h"
#include "fol-patient-row.h"
#include "fol-scalp-map.h"
#include "fol-stats.h"
#include "fol-figures.h"
#include "fol-summary.h"
#include "fol-threshold.h"

#define N_TABLE_COLUMNS 6

struct _FolPatientPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  AdwHeaderBar        *header_bar;
  GtkWidget           *back_button;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack        *view_stack;
  GtkLabel            *name_label;
  GtkLabel            *info_label;
  GtkLabel            *treatment_label;
  GtkLabel            *follow_up_label;
  FolScalpMap         *map;
  GtkBox              *table_header;
  GtkListBox          *region_list;
  GtkLabel            *threshold_label;
  GtkLabel            *figures_label;
  AdwBin              *chart_slot;
  GtkListBox          *visit_list;
  GtkListBox          *session_list;
  AdwBin              *photos_slot;
  AdwBin              *plan_slot;

  /* Owned */
  FolStore            *store;
  GSettings           *settings;
  FolHistory          *history;
  char                *patient_id;
  char                *hidden_id;
  GtkSizeGroup        *size_groups[N_TABLE_COLUMNS];
  GtkListBoxRow       *region_rows[FOL_N_REGIONS];

  gboolean             syncing_selection;
  gboolean             built;    /* see ensure_built() */
  gboolean             folded;
};

G_DEFINE_FINAL_TYPE (FolPatientPage, fol_patient_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_HISTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *table_titles[N_TABLE_COLUMNS] = {
  N_("Region"), N_("Latest"), N_("Baseline"), N_("Change"), N_("Change %"), N_("Verdict"),
};

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));

  /* The placeholder is a child too; it stays. */
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (GTK_IS_LIST_BOX_ROW (child))
        gtk_list_box_remove (list, child);
      child = next;
    }
}

static GtkWidget *
table_cell (FolPatientPage *self,
            guint           column,
            const char     *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0.0 : 1.0);
  if (column == 0)
    {
      /* Long region names give way before the numbers do. */
      gtk_widget_set_hexpand (label, TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 8);
    }
  else
    gtk_widget_add_css_class (label, "numeric");
  gtk_size_group_add_widget (self->size_groups[column], label);
  return label;
}

static void
add_table_row (FolPatientPage         *self,
               FolRegion               region,
               const char             *name,
               const char             *full_name,
               const FolRegionSummary *summary,
               double                  threshold,
               gboolean                lower_is_better)
{
  GtkWidget *row, *box, *verdict;
  g_autofree char *latest = fol_format_number (summary->latest, 1);
  g_autofree char *baseline = fol_format_number (summary->baseline, 1);
  g_autofree char *change = fol_format_signed (summary->change, 1);
  g_autofree char *percent = NULL;
  g_autofree char *a11y = NULL;
  const char *verdict_text;
  const char *verdict_class = NULL;

  if (isnan (summary->change_percent))
    percent = g_strdup ("—");
  else
    {
      g_autofree char *p = fol_format_signed (summary->change_percent, 1);
      percent = g_strdup_printf ("%s %%", p);
    }

  /* The verdict in the core's words, as the summary and the report say it. */
  switch (fol_stats_classify (summary->change_percent, threshold, lower_is_better))
    {
    case FOL_CHANGE_IMPROVED:
      verdict_text = fol_change_name (FOL_CHANGE_IMPROVED);
      verdict_class = "success";
      break;
    case FOL_CHANGE_WORSE:
      verdict_text = fol_change_name (FOL_CHANGE_WORSE);
      verdict_class = "error";
      break;
    case FOL_CHANGE_STABLE:
      verdict_text = fol_change_name (FOL_CHANGE_STABLE);
      break;
    case FOL_CHANGE_UNKNOWN:
    default:
      verdict_text = "—";
      break;
    }

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), table_cell (self, 0, name));
  gtk_widget_set_tooltip_text (gtk_widget_get_first_child (box), full_name);
  gtk_box_append (GTK_BOX (box), table_cell (self, 1, latest));
  gtk_box_append (GTK_BOX (box), table_cell (self, 2, baseline));
  gtk_box_append (GTK_BOX (box), table_cell (self, 3, change));
  gtk_box_append (GTK_BOX (box), table_cell (self, 4, percent));
  verdict = table_cell (self, 5, verdict_text);
  gtk_widget_add_css_class (verdict, "heading");
  if (verdict_class != NULL)
    gtk_widget_add_css_class (verdict, verdict_class);
  gtk_box_append (GTK_BOX (box), verdict);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "region", GUINT_TO_POINTER (region));
  a11y = g_strdup_printf (_("%s: latest %s, baseline %s, change %s (%s), %s"),
                          full_name, latest, baseline, change, percent, verdict_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  gtk_list_box_append (self->region_list, row);
  if (region < FOL_N_REGIONS)
    self->region_rows[region] = GTK_LIST_BOX_ROW (row);
}

static void
update_overview (FolPatientPage *self)
{
  FolPatient *patient = fol_history_get_patient (self->history);
  double changes[FOL_N_REGIONS];
  double threshold = fol_threshold_in_effect (self->settings);
  g_autoptr(GString) info = g_string_new (NULL);
  g_autofree char *threshold_text = NULL;
  guint n_sessions = fol_history_get_n_sessions (self->history);
  FolDate next;
  int age;

  gtk_label_set_text (self->name_label, fol_patient_get_name (patient));
  /* Selectable (and so focusable) only once it has a name to copy. */
  gtk_label_set_selectable (self->name_label, TRUE);
  adw_view_switcher_title_set_title (self->switcher_title, fol_patient_get_name (patient));

  age = fol_patient_age (patient, fol_date_today ());
  if (age >= 0)
    g_string_append_printf (info, ngettext ("%d year old", "%d years old", age), age);
  if (fol_patient_get_sex (patient) != NULL &&
      g_strcmp0 (fol_patient_get_sex (patient), "unspecified") != 0)
    g_string_append_printf (info, "%s%s", info->len ? " · " : "",
                            fol_catalog_label (FOL_CATALOG_SEX, fol_patient_get_sex (patient)));
  if (fol_patient_get_diagnosis (patient) != NULL)
    g_string_append_printf (info, "%s%s", info->len ? " · " : "",
                            fol_catalog_label (FOL_CATALOG_DIAGNOSIS,
                                               fol_patient_get_diagnosis (patient)));
  gtk_label_set_text (self->info_label, info->str);
  adw_view_switcher_title_set_subtitle (self->switcher_title, info->str);

  if (n_sessions == 0)
    gtk_label_set_text (self->treatment_label, _("No treatment yet"));
  else
    {
      FolTreatmentSession *last = fol_history_get_session (self->history, n_sessions - 1);
      g_autofree char *first = fol_date_format (fol_history_get_first_treatment (self->history));
      g_autofree char *latest = fol_date_format (fol_treatment_session_get_date (last));
      g_autofree char *text = NULL;

      /* Translators: "5 sessions since 3 Jan 2026, latest Platelet-rich plasma on 4 May 2026" */
      text = g_strdup_printf (ngettext ("%u session since %s, latest %s on %s",
                                        "%u sessions since %s, latest %s on %s", n_sessions),
                              n_sessions, first,
                              fol_catalog_label (FOL_CATALOG_TREATMENT_TYPE,
                                                 fol_treatment_session_get_treatment_type (last)),
                              latest);
      gtk_label_set_text (self->treatment_label, text);
    }

  next = fol_history_get_next_follow_up (self->history);
  if (next != FOL_DATE_NONE)
    {
      g_autofree char *date = fol_date_format (next);
      g_autofree char *text = g_strdup_printf (next < fol_date_today ()
                                               ? _("Follow-up overdue since %s")
                                               : _("Next follow-up due %s"), date);
      gtk_label_set_text (self->follow_up_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->follow_up_label), next != FOL_DATE_NONE);

  clear_list (self->region_list);
  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      FolRegionSummary summary;

      self->region_rows[r] = NULL;
      changes[r] = NAN;
      if (!fol_history_summarize (self->history, FOL_MEASURE_TOTAL_DENSITY, r, &summary) ||
          summary.n_values == 0)
        continue;
      changes[r] = summary.change_percent;
      add_table_row (self, r, fol_region_short_name (r), fol_region_name (r), &summary,
                     threshold, FALSE);
    }

  /* Alopecia areata is followed by SALT, where less is better. */
  {
    FolRegionSummary salt;

    if (fol_history_summarize (self->history, FOL_MEASURE_SALT, FOL_REGION_FRONTAL, &salt) &&
        salt.n_values > 0)
      add_table_row (self, FOL_REGION_NONE, _("SALT"), _("SALT score"), &salt, threshold, TRUE);
  }

  fol_scalp_map_set_threshold (self->map, threshold);
  fol_scalp_map_set_changes (self->map, changes);
  fol_scalp_map_set_selected_regions (self->map, 0);

  /* Translators: measurement, unit, threshold, the verdict "Stable" */
  threshold_text = g_strdup_printf (_("%s in %s. Baseline: the latest value on or before the first "
                                      "treatment. A change under %.1f %% is called “%s”."),
                                    fol_measure_name (FOL_MEASURE_TOTAL_DENSITY),
                                    fol_measure_unit (FOL_MEASURE_TOTAL_DENSITY), threshold,
                                    fol_change_name (FOL_CHANGE_STABLE));
  gtk_label_set_text (self->threshold_label, threshold_text);

  /* The scales in grades, the SALT response and the assessments in words. */
  {
    g_autoptr(GPtrArray) lines = fol_figures_lines (self->history);
    g_autoptr(GString) text = g_string_new (NULL);

    for (guint i = 0; i < lines->len; i++)
      g_string_append_printf (text, "%s%s", i ? "\n" : "",
                              (const char *) g_ptr_array_index (lines, i));
    gtk_label_set_text (self->figures_label, text->str);
    gtk_widget_set_visible (GTK_WIDGET (self->figures_label), lines->len > 0);
  }
}

/* The visit's total densities, then on a line of their own the differences
 * from the previous visit that measured each region, said as such.
 */
static char *
visit_changes (FolPatientPage *self,
               guint           index)
{
  g_autoptr(GString) values = g_string_new (NULL);
  g_autoptr(GString) deltas = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  FolVisit *visit = fol_history_get_visit (self->history, index);

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      double value = fol_history_get_value (self->history, index, FOL_MEASURE_TOTAL_DENSITY, r);
      double previous = NAN;
      g_autofree char *v = NULL;

      if (isnan (value))
        continue;

      for (int i = (int) index - 1; i >= 0 && isnan (previous); i--)
        previous = fol_history_get_value (self->history, i, FOL_MEASURE_TOTAL_DENSITY, r);

      v = fol_format_number (value, 1);
      g_string_append_printf (values, "%s%s %s", values->len ? " · " : "",
                              fol_region_short_name (r), v);
      if (!isnan (previous))
        {
          g_autofree char *d = fol_format_signed (value - previous, 1);

          g_string_append_printf (deltas, "%s%s %s", deltas->len ? " · " : "",
                                  fol_region_short_name (r), d);
        }
    }

  if (values->len > 0)
    /* Translators: a visit's values: measurement, unit, values per region,
     * e.g. "Total hair density (hairs/cm²): Frontal 126.2 · Vertex 150.0" */
    g_string_append_printf (text, _("%s (%s): %s"), fol_measure_name (FOL_MEASURE_TOTAL_DENSITY),
                            fol_measure_unit (FOL_MEASURE_TOTAL_DENSITY), values->str);

  if (fol_visit_get_salt_top (visit) != FOL_NO_SCORE)
    {
      int hundredths;

      if (fol_salt_score (fol_visit_get_salt_top (visit), fol_visit_get_salt_back (visit),
                          fol_visit_get_salt_right (visit), fol_visit_get_salt_left (visit),
                          &hundredths))
        {
          g_autofree char *salt = fol_format_salt (hundredths);
          g_string_append_printf (text, "%sSALT %s", text->len ? " · " : "", salt);
        }
    }
  if (fol_visit_get_aa_iga (visit) != FOL_NO_SCORE)
    /* Translators: the grade of alopecia areata, beside SALT, e.g. "AA-IGA 2" */
    g_string_append_printf (text, _("%sAA-IGA %d"), text->len ? " · " : "",
                            fol_visit_get_aa_iga (visit));

  {
    g_autofree char *figures = fol_figures_visit_text (self->history, index);

    if (figures != NULL)
      g_string_append_printf (text, "%s%s", text->len ? "\n" : "", figures);
  }

  /* Values estimated from a photo's suggested marks stay estimates until the
   * clinician confirms them in the visit editor; the row says so.
   */
  {
    g_autoptr(GString) estimated = g_string_new (NULL);

    for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
      {
        FolMeasurement *m = fol_history_get_measurement (self->history, index, r);

        if (m != NULL && g_strcmp0 (fol_measurement_get_method (m),
                                    FOL_PHOTO_MEASURE_ESTIMATED_METHOD) == 0)
          g_string_append_printf (estimated, "%s%s", estimated->len ? " · " : "",
                                  fol_region_name (r));
      }
    if (estimated->len > 0)
      {
        if (text->len > 0)
          g_string_append_c (text, '\n');
        /* Translators: under a visit's values on the patient page, the regions
         * whose values are estimates not yet checked by the clinician, e.g.
         * "Estimated from a photo’s suggested marks, not confirmed: Vertex" */
        g_string_append_printf (text, _("Estimated from a photo’s suggested marks, not "
                                        "confirmed: %s"), estimated->str);
      }
  }

  if (deltas->len > 0)
    {
      g_string_append_c (text, '\n');
      /* Translators: the differences from the previous visit that measured
       * each region, e.g. "Change since previous visit: Frontal +6.0 · Vertex −2.1" */
      g_string_append_printf (text, _("Change since previous visit: %s"), deltas->str);
    }

  if (text->len == 0)
    g_string_append (text, _("No measurements"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
delete_button (const char *action,
               const char *id,
               const char *a11y)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Delete"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
  return button;
}

static void
update_visits (FolPatientPage *self)
{
  clear_list (self->visit_list);

  for (guint n = fol_history_get_n_visits (self->history), i = n; i > 0; i--)
    {
      FolVisit *visit = fol_history_get_visit (self->history, i - 1);
      g_autofree char *date = fol_date_format (fol_visit_get_date (visit));
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *a11y = NULL;
      GtkWidget *row;

      if (g_strcmp0 (fol_visit_get_id (visit), self->hidden_id) == 0)
        continue;

      title = g_strdup_printf ("%s · %s", date,
                               fol_catalog_label (FOL_CATALOG_VISIT_KIND,
                                                  fol_visit_get_kind (visit)));
      subtitle = visit_changes (self, i - 1);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.edit-visit");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", fol_visit_get_id (visit));
      a11y = g_strdup_printf (_("Delete visit of %s"), date);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 delete_button ("win.delete-visit", fol_visit_get_id (visit),
                                                a11y));
      g_object_set_data_full (G_OBJECT (row), "id", g_strdup (fol_visit_get_id (visit)), g_free);
      gtk_list_box_append (self->visit_list, row);
    }
}

static void
update_sessions (FolPatientPage *self)
{
  clear_list (self->session_list);

  for (guint n = fol_history_get_n_sessions (self->history), i = n; i > 0; i--)
    {
      FolTreatmentSession *session = fol_history_get_session (self->history, i - 1);
      g_autofree char *date = fol_date_format (fol_treatment_session_get_date (session));
      g_autofree char *title = NULL;
      g_autofree char *a11y = NULL;
      g_autoptr(GString) subtitle = g_string_new (NULL);
      guint regions = fol_treatment_session_get_regions (session);
      const char *s;
      GtkWidget *row;

      if (g_strcmp0 (fol_treatment_session_get_id (session), self->hidden_id) == 0)
        continue;

      title = g_strdup_printf ("%s · %s", date,
                               fol_catalog_label (FOL_CATALOG_TREATMENT_TYPE,
                                                  fol_treatment_session_get_treatment_type (
                                                    session)));

      if ((s = fol_treatment_session_get_product (session)) != NULL)
        g_string_append (subtitle, s);
      if ((s = fol_treatment_session_get_lot_number (session)) != NULL)
        g_string_append_printf (subtitle, "%s%s %s", subtitle->len ? " · " : "", _("lot"), s);
      if (!isnan (fol_treatment_session_get_volume_ml (session)))
        {
          char number[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (number, sizeof number, "%g", fol_treatment_session_get_volume_ml (session));
          g_string_append (subtitle, subtitle->len ? " · " : "");
          /* Translators: a volume injected, in millilitres */
          g_string_append_printf (subtitle, _("%s mL"), number);
        }
      if ((s = fol_treatment_session_get_dose (session)) != NULL)
        g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "", s);
      if (regions != 0)
        {
          g_string_append (subtitle, subtitle->len ? "\n" : "");
          for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
            if (regions & FOL_REGION_BIT (r))
              g_string_append_printf (subtitle, "%s%s",
                                      g_str_has_suffix (subtitle->str, "\n") || subtitle->len == 0
                                      ? "" : ", ",
                                      fol_region_short_name (r));
        }
      for (guint e = 0; e < fol_treatment_session_get_n_adverse_events (session); e++)
        {
          FolSeverity severity;
          const char *event = fol_treatment_session_get_adverse_event (session, e, &severity);
          static const char *severity_codes[] = { "mild", "moderate", "severe" };

          /* Translators: an adverse event and its severity */
          g_string_append_printf (subtitle, _("%sAdverse event: %s (%s)"),
                                  subtitle->len ? "\n" : "", event,
                                  fol_catalog_label (FOL_CATALOG_SEVERITY,
                                                     severity_codes[MIN (severity, 2)]));
        }

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      if (fol_treatment_session_get_n_adverse_events (session) > 0)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_add_css_class (icon, "warning");
          gtk_widget_set_tooltip_text (icon, _("Adverse events recorded"));
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
        }
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.edit-session");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s",
                                        fol_treatment_session_get_id (session));
      a11y = g_strdup_printf (_("Delete session of %s"), date);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 delete_button ("win.delete-session",
                                                fol_treatment_session_get_id (session), a11y));
      g_object_set_data_full (G_OBJECT (row), "id",
                              g_strdup (fol_treatment_session_get_id (session)), g_free);
      gtk_list_box_append (self->session_list, row);
    }
}

static void
rebuild (FolPatientPage *self)
{
  if (self->history == NULL || !self->built)
    return;

  update_overview (self);
  update_visits (self);
  update_sessions (self);
  fol_progress_panel_set_history (FOL_PROGRESS_PANEL (adw_bin_get_child (self->chart_slot)),
                                  self->history,
                                  fol_threshold_in_effect (self->settings));
}

static void
map_region_activated_cb (FolPatientPage *self,
                         guint           region)
{
  if (self->syncing_selection || region >= FOL_N_REGIONS)
    return;

  self->syncing_selection = TRUE;
  if (self->region_rows[region] != NULL)
    gtk_list_box_select_row (self->region_list, self->region_rows[region]);
  else
    gtk_list_box_unselect_all (self->region_list);
  self->syncing_selection = FALSE;
}

static void
region_selected_cb (FolPatientPage *self,
                    GtkListBoxRow  *row)
{
  /* While the page is disposed, the list unselects after the map is gone. */
  if (self->syncing_selection || self->map == NULL)
    return;

  self->syncing_selection = TRUE;
  {
    guint region = row ? GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "region"))
                       : FOL_N_REGIONS;

    fol_scalp_map_set_selected_regions (self->map,
                                        region < FOL_N_REGIONS ? FOL_REGION_BIT (region) : 0);
  }
  self->syncing_selection = FALSE;
}

static void
store_changed_cb (FolPatientPage *self,
                  FolStoreChange  change,
                  const char     *patient_id)
{
  /* No patient: the whole clinic may have changed (a server reached again). */
  if (self->patient_id != NULL &&
      (patient_id == NULL || g_str_equal (patient_id, self->patient_id)))
    fol_patient_page_reload (self);
}

static void
fol_patient_page_dispose (GObject *object)
{
  GtkWidget *child;
  FolPatientPage *self = FOL_PATIENT_PAGE (object);

  if (self->built)
    gtk_widget_dispose_template (GTK_WIDGET (self), FOL_TYPE_PATIENT_PAGE);
  /* The template's top box has no ID, so it is not disposed with it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  for (guint i = 0; i < N_TABLE_COLUMNS; i++)
    g_clear_object (&self->size_groups[i]);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (fol_patient_page_parent_class)->dispose (object);
}

static void
fol_patient_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FolPatientPage *self = FOL_PATIENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_patient_page_finalize (GObject *object)
{
  FolPatientPage *self = FOL_PATIENT_PAGE (object);

  g_clear_pointer (&self->patient_id, g_free);
  g_clear_pointer (&self->hidden_id, g_free);

  G_OBJECT_CLASS (fol_patient_page_parent_class)->finalize (object);
}

static void
fol_patient_page_class_init (FolPatientPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_patient_page_dispose;
  object_class->finalize = fol_patient_page_finalize;
  object_class->get_property = fol_patient_page_get_property;

  /**
   * FolPatientPage:history:
   *
   * What the page shows, reloaded after each change to the patient in the
   * store; %NULL without a patient. Parts placed in the slots follow it.
   */
  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, FOL_TYPE_HISTORY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fol-patient-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FolPatientPage, header_bar);
  gtk_widget_class_bind_template_child (widget_class, FolPatientPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, FolPatientPage, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, FolPatientPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FolPatientPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, FolPatientPage, info_label);
  gtk_widget_class_bind_template_child (widget_class, FolPatientPage, treatment_label);
  gtk_widget_class_bind_template_child (widget_class, FolPatientPage, follow_up_label);
  gtk_widget_class_bind_template_child (widget_class, FolPatientPage, map);
  gtk_widget_class_bind_template_child (widget_class, FolPatientPage, table_header);
  gtk_widget_class_bind_template_child (widget_class, FolPatientPage, region_list);
  gtk_widget_class_bind_template_child (widget_class, FolPatientPage, threshold_label);
  gtk_widget_class_bind_template_child (widget_class, FolPatientPage, figures_label);
  gtk_widget_class_bind_template_child (widget_class, FolPatientPage, chart_slot);
  gtk_widget_class_bind_template_child (widget_class, FolPatientPage, visit_list);
  gtk_widget_class_bind_template_child (widget_class, FolPatientPage, session_list);
  gtk_widget_class_bind_template_child (widget_class, FolPatientPage, photos_slot);
  gtk_widget_class_bind_template_child (widget_class, FolPatientPage, plan_slot);
  gtk_widget_class_bind_template_callback (widget_class, map_region_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, region_selected_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (FOL_TYPE_SCALP_MAP);
}

/* Built on first use. The window holds the page from the start, but the
 * first frame shows only the patient list: the page's widgets (its
 * template, the progress chart, the photos view) are made the first time
 * something needs them, a patient shown or a caller asking for one of its
 * parts, and start-up does not pay for them. The window shows the page
 * only with a patient in it, so it is always built by then.
 *
 * The rule for this file: every function that touches a template child or
 * a slot calls ensure_built() first, or does nothing while !self->built
 * (there is nothing to update yet; building shows the current state). A
 * part added to the page (a new tab, a slot's child) is made here.
 */
static void
ensure_built (FolPatientPage *self)
{
  if (self->built)
    return;
  self->built = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < N_TABLE_COLUMNS; i++)
    {
      self->size_groups[i] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
      gtk_box_append (self->table_header, table_cell (self, i, _(table_titles[i])));
    }

  adw_bin_set_child (self->chart_slot, fol_progress_panel_new ());
  if (self->store != NULL)
    {
      adw_bin_set_child (self->photos_slot, fol_photos_page_new (self->store));
      adw_bin_set_child (self->plan_slot, fol_plan_group_new (self->store));
    }

  gtk_widget_set_visible (self->back_button, self->folded);
  adw_header_bar_set_show_start_title_buttons (self->header_bar, self->folded);
}

static void
fol_patient_page_init (FolPatientPage *self)
{
}

void
fol_patient_page_set_store (FolPatientPage *self,
                            FolStore       *store,
                            GSettings      *settings)
{
  g_return_if_fail (FOL_IS_PATIENT_PAGE (self));
  g_return_if_fail (FOL_IS_STORE (store));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::change-threshold", G_CALLBACK (rebuild), self,
                           G_CONNECT_SWAPPED);

  if (self->built)
    {
      adw_bin_set_child (self->photos_slot, fol_photos_page_new (store));
      adw_bin_set_child (self->plan_slot, fol_plan_group_new (store));
    }
}

const char *
fol_patient_page_get_patient_id (FolPatientPage *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT_PAGE (self), NULL);
  return self->patient_id;
}

/**
 * fol_patient_page_get_history:
 *
 * Returns: (transfer none) (nullable): what the page shows
 */
FolHistory *
fol_patient_page_get_history (FolPatientPage *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT_PAGE (self), NULL);
  return self->history;
}

void
fol_patient_page_reload (FolPatientPage *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FOL_IS_PATIENT_PAGE (self));

  g_clear_object (&self->history);
  if (self->patient_id != NULL && self->store != NULL)
    {
      self->history = fol_store_load_history (self->store, self->patient_id, &error);

      /* Deleted meanwhile: the window moves away from the page. */
      if (self->history == NULL &&
          !g_error_matches (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND))
        g_warning ("Could not load patient %s: %s", self->patient_id, error->message);
    }

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

void
fol_patient_page_set_patient_id (FolPatientPage *self,
                                 const char     *patient_id)
{
  g_return_if_fail (FOL_IS_PATIENT_PAGE (self));

  if (g_strcmp0 (self->patient_id, patient_id) == 0)
    return;

  ensure_built (self);
  g_free (self->patient_id);
  self->patient_id = g_strdup (patient_id);
  adw_view_stack_set_visible_child_name (self->view_stack, "overview");
  if (FOL_IS_PHOTOS_PAGE (adw_bin_get_child (self->photos_slot)))
    fol_photos_page_set_patient (FOL_PHOTOS_PAGE (adw_bin_get_child (self->photos_slot)), patient_id);
  if (FOL_IS_PLAN_GROUP (adw_bin_get_child (self->plan_slot)))
    fol_plan_group_set_patient_id (FOL_PLAN_GROUP (adw_bin_get_child (self->plan_slot)), patient_id);
  fol_patient_page_reload (self);
}

/**
 * fol_patient_page_set_hidden_id:
 * @id: (nullable): a visit or session waiting to be deleted
 *
 * Hides one visit or session while its deletion can still be undone.
 */
void
fol_patient_page_set_hidden_id (FolPatientPage *self,
                                const char     *id)
{
  g_return_if_fail (FOL_IS_PATIENT_PAGE (self));

  g_free (self->hidden_id);
  self->hidden_id = g_strdup (id);
  if (self->history != NULL)
    {
      update_visits (self);
      update_sessions (self);
    }
}

/**
 * fol_patient_page_get_selected_item:
 *
 * Returns: (nullable): the ID of what Edit and Delete act on: the selected
 *   visit or session on their tabs, otherwise the patient
 */
const char *
fol_patient_page_get_selected_item (FolPatientPage *self,
                                    FolPageItem    *out_kind)
{
  const char *tab;
  GtkListBoxRow *row = NULL;

  g_return_val_if_fail (FOL_IS_PATIENT_PAGE (self), NULL);

  *out_kind = FOL_PAGE_ITEM_PATIENT;
  if (!self->built)
    return self->patient_id;

  tab = adw_view_stack_get_visible_child_name (self->view_stack);
  if (g_strcmp0 (tab, "visits") == 0 &&
      (row = gtk_list_box_get_selected_row (self->visit_list)) != NULL)
    {
      *out_kind = FOL_PAGE_ITEM_VISIT;
      return g_object_get_data (G_OBJECT (row), "id");
    }
  if (g_strcmp0 (tab, "treatments") == 0 &&
      (row = gtk_list_box_get_selected_row (self->session_list)) != NULL)
    {
      *out_kind = FOL_PAGE_ITEM_SESSION;
      return g_object_get_data (G_OBJECT (row), "id");
    }

  *out_kind = FOL_PAGE_ITEM_PATIENT;
  return self->patient_id;
}

void
fol_patient_page_set_folded (FolPatientPage *self,
                             gboolean        folded)
{
  g_return_if_fail (FOL_IS_PATIENT_PAGE (self));

  self->folded = folded;
  if (!self->built)
    return;
  gtk_widget_set_visible (self->back_button, folded);
  adw_header_bar_set_show_start_title_buttons (self->header_bar, folded);
}

/**
 * fol_patient_page_get_chart_slot:
 *
 * Returns: (transfer none): the empty bin on the Overview tab where the
 *   progress chart goes
 */
AdwBin *
fol_patient_page_get_chart_slot (FolPatientPage *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT_PAGE (self), NULL);
  ensure_built (self);
  return self->chart_slot;
}

/**
 * fol_patient_page_get_photos_slot:
 *
 * Returns: (transfer none): the bin of the Photos tab; it holds a
 *   placeholder status page until the photo view replaces its child
 */
AdwBin *
fol_patient_page_get_photos_slot (FolPatientPage *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT_PAGE (self), NULL);
  ensure_built (self);
  return self->photos_slot;
}

AdwViewStack *
fol_patient_page_get_view_stack (FolPatientPage *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT_PAGE (self), NULL);
  ensure_built (self);
  return self->view_stack;
}

GtkListBox *
fol_patient_page_get_region_list (FolPatientPage *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT_PAGE (self), NULL);
  ensure_built (self);
  return self->region_list;
}

GtkListBox *
fol_patient_page_get_visit_list (FolPatientPage *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT_PAGE (self), NULL);
  ensure_built (self);
  return self->visit_list;
}

GtkListBox *
fol_patient_page_get_session_list (FolPatientPage *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT_PAGE (self), NULL);
  ensure_built (self);
  return self->session_list;
}

FolScalpMap *
_fol_patient_page_get_map (FolPatientPage *self)
{
  ensure_built (self);
  return self->map;
}

const char *
_fol_patient_page_get_figures_text (FolPatientPage *self)
{
  ensure_built (self);
  return gtk_label_get_text (self->figures_label);
}
