/* fol-outcomes-window.c
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

#define G_LOG_DOMAIN "fol-outcomes-window"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-catalog.h"
#include "fol-chart-view.h"
#include "fol-file-writer.h"
#include "fol-form.h"
#include "fol-i18n.h"
#include "fol-outcomes-report.h"
#include "fol-outcomes-window.h"

/* Outcomes across the clinic: the filters, the plain-words notice, the
 * table (every figure with its n) and the comparison chart, drawn by the
 * same Cairo renderer the exported files use. Computed from the store
 * again whenever a filter changes, in a thread of its own on a reader of
 * the clinic (fol_store_open_reader()): the window stays responsive, shows
 * a spinner with Cancel, and takes a result only if the filters are still
 * those it was computed for.
 */

struct _FolOutcomesWindow
{
  AdwWindow    parent_instance;

  /* Borrowed: children of the window */
  GtkDropDown *group_by;
  GtkDropDown *treatment;
  GtkDropDown *diagnosis;
  GtkDropDown *sex;
  GtkDropDown *age;
  GtkDropDown *region;
  GtkDropDown *measure;
  GtkWidget   *course;
  GtkWidget   *status;
  GtkWidget   *busy;
  GtkWidget   *spinner;
  GtkWidget   *table;
  GtkWidget   *chart_area;

  /* Owned */
  FolStore         *store;
  FolOutcomes      *outcomes;
  FolOutcomesChart *chart;
  double            threshold;
  gboolean          updating;
  /* The computation under way, if any: its number and its cancellable.
   * A result whose number is not the latest is dropped.
   */
  guint             generation;
  GCancellable     *cancellable;
};

G_DEFINE_FINAL_TYPE (FolOutcomesWindow, fol_outcomes_window, ADW_TYPE_WINDOW)

/* Helpers */

static GtkDropDown *
add_filter (FolOutcomesWindow *self,
            GtkWidget         *box,
            const char        *title,
            GtkStringList     *items)
{
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new_with_mnemonic (title);
  /* The drop-down takes a reference of its own: the caller keeps one */
  GtkWidget *drop = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (items)), NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), drop);
  /* The name a screen reader says, on the toggle that takes the focus */
  fol_form_name_drop_down (GTK_DROP_DOWN (drop), gtk_label_get_text (GTK_LABEL (label)));
  gtk_box_append (GTK_BOX (column), label);
  gtk_box_append (GTK_BOX (column), drop);
  gtk_box_append (GTK_BOX (box), column);
  return GTK_DROP_DOWN (drop);
}

static GtkStringList *
catalog_items (FolCatalog  catalog,
               const char *all)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  guint n = 0;
  const FolChoice *choices = fol_catalog_get (catalog, &n);

  gtk_string_list_append (list, all);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, fol_catalog_label (catalog, choices[i].code));
  return list;
}

static const char *
catalog_code (FolCatalog catalog,
              guint      selected)
{
  guint n = 0;
  const FolChoice *choices = fol_catalog_get (catalog, &n);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > n)
    return NULL;
  return choices[selected - 1].code;
}

static GtkWidget *
cell (const char *text,
      gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 34);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

static char *
window_text (const FolOutcomes      *o,
             const FolOutcomeWindow *w)
{
  guint decimals = fol_measure_decimals (o->measure);
  g_autofree char *mean = NULL, *low = NULL, *high = NULL, *median = NULL;
  GString *out;

  if (w->too_few)
    return g_strdup_printf (_("too few patients (n = %u)"), w->n);

  mean = fol_format_signed (w->mean, decimals);
  low = fol_format_signed (w->ci_low, decimals);
  high = fol_format_signed (w->ci_high, decimals);
  median = fol_format_signed (w->median, decimals);
  out = g_string_new (NULL);
  /* Translators: n, mean change with its 95 % CI, median change */
  g_string_append_printf (out, _("n = %u\nmean %s (95 %% CI %s to %s)\nmedian %s"), w->n, mean,
                          low, high, median);
  if (w->too_few_percent)
    {
      g_string_append_c (out, '\n');
      g_string_append_printf (out, _("change in %%: too few patients (n = %u)"), w->n_percent);
    }
  else
    {
      g_autofree char *pmean = fol_format_signed (w->mean_percent, 1);
      g_autofree char *pmedian = fol_format_signed (w->median_percent, 1);
      g_autofree char *rate = fol_format_number (100.0 * w->responder_rate, 1);
      g_autofree char *rlow = fol_format_number (100.0 * w->responder_low, 1);
      g_autofree char *rhigh = fol_format_number (100.0 * w->responder_high, 1);

      g_string_append_c (out, '\n');
      /* Translators: mean and median change in %, then n */
      g_string_append_printf (out, _("mean %s %%, median %s %% (n = %u)"), pmean, pmedian,
                              w->n_percent);
      g_string_append_c (out, '\n');
      /* Translators: responders of n, rate and its 95 % Wilson interval */
      g_string_append_printf (out, _("responders %u of %u: %s %% (95 %% CI %s to %s %%)"),
                              w->n_responders, w->n_percent, rate, rlow, rhigh);
    }
  return g_string_free (out, FALSE);
}

static void
fill_table (FolOutcomesWindow *self)
{
  GtkGrid *grid = GTK_GRID (self->table);
  GtkWidget *child;
  const FolOutcomes *o = self->outcomes;
  guint row = 1;
  guint by = gtk_drop_down_get_selected (self->group_by);
  gboolean by_protocol = by == FOL_OUTCOMES_BY_PROTOCOL;
  /* By protocol, adherence is the last column */
  guint last = 3 + FOL_OUTCOMES_N_WINDOWS;

  while ((child = gtk_widget_get_first_child (self->table)) != NULL)
    gtk_grid_remove (grid, child);

  gtk_grid_attach (grid, cell (fol_outcomes_grouping_name (by_protocol ? by
                                                                       : FOL_OUTCOMES_BY_TREATMENT),
                               TRUE), 0, 0, 1, 1);
  gtk_grid_attach (grid, cell (_("Patients and sessions"), TRUE), 1, 0, 1, 1);
  if (by_protocol)
    gtk_grid_attach (grid, cell (_("Adherence"), TRUE), last, 0, 1, 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->table), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  by_protocol ? _("Outcomes per protocol")
                                              : _("Outcomes per treatment"), -1);
  for (guint w = 0; w < FOL_OUTCOMES_N_WINDOWS; w++)
    {
      g_autofree char *head = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u month",
                                                            "%u months",
                                                            fol_outcomes_window_months[w]),
                                               fol_outcomes_window_months[w]);
      gtk_grid_attach (grid, cell (head, TRUE), 2 + w, 0, 1, 1);
    }
  gtk_grid_attach (grid, cell (_("Adverse events per 100 sessions"), TRUE),
                   2 + FOL_OUTCOMES_N_WINDOWS, 0, 1, 1);

  if (o == NULL && self->cancellable != NULL)
    return;
  if (o == NULL || o->groups->len == 0)
    {
      gtk_grid_attach (grid, cell (_("No treated patient matches these filters."), FALSE),
                       0, 1, 2 + FOL_OUTCOMES_N_WINDOWS, 1);
      return;
    }

  for (guint i = 0; i < o->groups->len; i++, row++)
    {
      const FolOutcomeGroup *g = g_ptr_array_index (o->groups, i);
      g_autofree char *name = fol_outcomes_group_name (g);
      g_autofree char *counts = NULL, *adverse = NULL;
      g_autofree char *mild = fol_format_number (g->adverse_per_100[FOL_SEVERITY_MILD], 1);
      g_autofree char *moderate = fol_format_number (g->adverse_per_100[FOL_SEVERITY_MODERATE], 1);
      g_autofree char *severe = fol_format_number (g->adverse_per_100[FOL_SEVERITY_SEVERE], 1);

      g_autofree char *patients = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u patient",
                                                                 "%u patients", g->n_patients),
                                                    g->n_patients);
      g_autofree char *sessions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u session",
                                                                 "%u sessions", g->n_sessions),
                                                    g->n_sessions);

      counts = g_strconcat (patients, "\n", sessions, NULL);
      /* Translators: adverse events per 100 sessions by severity, then n */
      adverse = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "mild %s\nmoderate %s\nsevere %s\n(n = %u session)",
                                              "mild %s\nmoderate %s\nsevere %s\n(n = %u sessions)",
                                              g->n_sessions),
                                 mild, moderate, severe, g->n_sessions);
      gtk_grid_attach (grid, cell (name, g->product == NULL), 0, row, 1, 1);
      gtk_grid_attach (grid, cell (counts, FALSE), 1, row, 1, 1);
      for (guint w = 0; w < FOL_OUTCOMES_N_WINDOWS; w++)
        {
          g_autofree char *text = window_text (o, &g->windows[w]);

          gtk_grid_attach (grid, cell (text, FALSE), 2 + w, row, 1, 1);
        }
      gtk_grid_attach (grid, cell (adverse, FALSE), 2 + FOL_OUTCOMES_N_WINDOWS, row, 1, 1);
      if (by_protocol)
        {
          g_autofree char *adherence = fol_outcomes_adherence_text (g);

          /* The patients on no protocol follow no plan */
          gtk_grid_attach (grid, cell (adherence != NULL ? adherence : "—", FALSE), last, row,
                           1, 1);
        }
    }
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  FolOutcomesWindow *self = user_data;
  FolChartStyle style;

  if (self->chart == NULL)
    return;
  fol_chart_style_init_for_widget (&style, GTK_WIDGET (area));
  fol_outcomes_chart_render (self->chart, &style, cr, width, height);
}

/* What a computation needs in its thread: its own reader of the clinic
 * and a copy of the filter.
 */
typedef struct
{
  FolStore          *reader;
  FolOutcomesFilter  filter;
  guint              generation;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->reader);
  g_free ((char *) job->filter.treatment_type);
  g_free ((char *) job->filter.diagnosis);
  g_free ((char *) job->filter.sex);
  g_free (job);
}

static void
compute_thread_cb (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  FolOutcomes *outcomes;

  outcomes = fol_outcomes_compute_cancellable (job->reader, &job->filter, cancellable, &error);
  /* The reader is done with here, in the thread that used it */
  g_clear_object (&job->reader);
  if (outcomes == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, outcomes, (GDestroyNotify) fol_outcomes_free);
}

static void
set_busy (FolOutcomesWindow *self,
          gboolean           busy)
{
  gtk_widget_set_visible (self->busy, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
  gtk_widget_set_visible (self->status, !busy);
}

/* The result, or the error, shown in the window */
static void
show (FolOutcomesWindow *self,
      FolOutcomes       *outcomes,
      const GError      *error)
{
  g_clear_pointer (&self->outcomes, fol_outcomes_free);
  g_clear_pointer (&self->chart, fol_outcomes_chart_free);
  self->outcomes = outcomes;
  if (self->outcomes == NULL)
    gtk_label_set_text (GTK_LABEL (self->status), error != NULL ? error->message : "");
  else
    {
      g_autofree char *title = fol_outcomes_title (self->outcomes);

      gtk_label_set_text (GTK_LABEL (self->status), title);
      FolChartStyle style;

      self->chart = fol_outcomes_make_chart (self->outcomes);
      /* Room for a readable plot above however long a legend. */
      fol_chart_style_init_for_widget (&style, self->chart_area);
      gtk_widget_set_size_request (self->chart_area, -1,
                                   (int) MAX (420, fol_outcomes_chart_get_min_height (self->chart,
                                                                                     &style, 280)));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart_area),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, title, -1);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outcomes.export-chart",
                                 self->outcomes != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outcomes.export-csv",
                                 self->outcomes != NULL);
  fill_table (self);
  gtk_widget_queue_draw (self->chart_area);
}

static void
compute_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FolOutcomesWindow *self = FOL_OUTCOMES_WINDOW (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  FolOutcomes *outcomes;

  outcomes = g_task_propagate_pointer (G_TASK (result), &error);
  /* The window was closed, or the filters changed meanwhile */
  if (self->store == NULL || job->generation != self->generation)
    {
      g_clear_pointer (&outcomes, fol_outcomes_free);
      return;
    }

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (outcomes == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The outcomes were not computed: cancelled"));
    }
  show (self, outcomes, error);
}

static void
recompute (FolOutcomesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  FolOutcomesFilter filter;
  guint region = gtk_drop_down_get_selected (self->region);
  guint measure = gtk_drop_down_get_selected (self->measure);
  guint age = gtk_drop_down_get_selected (self->age);
  FolStore *reader;
  Job *job;

  guint by = gtk_drop_down_get_selected (self->group_by);
  g_autofree char *course = NULL;

  if (self->updating || self->store == NULL)
    return;

  fol_outcomes_filter_init (&filter);
  filter.threshold = self->threshold;
  filter.group_by = by < FOL_OUTCOMES_N_GROUPINGS ? by : FOL_OUTCOMES_BY_TREATMENT;
  course = fol_outcomes_course_text (filter.group_by);
  gtk_label_set_text (GTK_LABEL (self->course), course);
  filter.treatment_type = catalog_code (FOL_CATALOG_TREATMENT_TYPE,
                                        gtk_drop_down_get_selected (self->treatment));
  filter.diagnosis = catalog_code (FOL_CATALOG_DIAGNOSIS,
                                   gtk_drop_down_get_selected (self->diagnosis));
  filter.sex = catalog_code (FOL_CATALOG_SEX, gtk_drop_down_get_selected (self->sex));
  filter.age_band = age < FOL_N_AGE_BANDS ? age : FOL_AGE_BAND_ALL;
  filter.region = region < FOL_N_REGIONS ? region : FOL_REGION_VERTEX;
  filter.measure = measure < FOL_N_MEASURES ? measure : FOL_MEASURE_TOTAL_DENSITY;
  gtk_widget_set_sensitive (GTK_WIDGET (self->region), fol_measure_is_per_region (filter.measure));

  /* Whatever is under way is for filters no longer chosen */
  self->generation++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  /* A store that cannot be opened twice is read here, as it is */
  reader = fol_store_open_reader (self->store, &error);
  if (reader == NULL)
    {
      FolOutcomes *outcomes;

      g_clear_error (&error);
      set_busy (self, FALSE);
      outcomes = fol_outcomes_compute (self->store, &filter, &error);
      show (self, outcomes, error);
      return;
    }

  job = g_new0 (Job, 1);
  job->reader = reader;
  job->filter = filter;
  job->filter.treatment_type = g_strdup (filter.treatment_type);
  job->filter.diagnosis = g_strdup (filter.diagnosis);
  job->filter.sex = g_strdup (filter.sex);
  job->generation = self->generation;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, compute_done_cb, NULL);
  g_task_set_source_tag (task, recompute);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, compute_thread_cb);

  /* Nothing of the former filters stays on show meanwhile */
  show (self, NULL, NULL);
  set_busy (self, TRUE);
}

static void
cancel_clicked_cb (FolOutcomesWindow *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
filter_changed_cb (FolOutcomesWindow *self)
{
  recompute (self);
}

/* Exports */

typedef gboolean (*ExportFunc) (FolOutcomesWindow *self,
                                const char        *path,
                                GError           **error);

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  FolOutcomesWindow *self = g_object_get_data (G_OBJECT (dialog), "window");
  ExportFunc func = (ExportFunc) user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path != NULL && !func (self, path, &error))
        {
          AdwMessageDialog *message = ADW_MESSAGE_DIALOG (
            adw_message_dialog_new (GTK_WINDOW (self), _("The file was not written"),
                                    error->message));

          adw_message_dialog_add_response (message, "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (message));
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose (FolOutcomesWindow *self,
        const char        *title,
        const char        *name,
        ExportFunc         func)
{
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data (G_OBJECT (dialog), "window", self);
  g_signal_connect (dialog, "response", G_CALLBACK (chooser_response_cb), func);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_chart_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  /* Translators: a file name; the extension chooses PNG, SVG or PDF */
  choose (FOL_OUTCOMES_WINDOW (widget), _("Export Outcomes Chart"), _("outcomes.png"),
          fol_outcomes_window_export_chart);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  /* Translators: a file name */
  choose (FOL_OUTCOMES_WINDOW (widget), _("Export Outcomes Table"), _("outcomes.csv"),
          fol_outcomes_window_export_csv);
}

/* GObject */

static void
fol_outcomes_window_dispose (GObject *object)
{
  FolOutcomesWindow *self = FOL_OUTCOMES_WINDOW (object);

  /* A computation under way stops; its result is dropped */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->outcomes, fol_outcomes_free);
  g_clear_pointer (&self->chart, fol_outcomes_chart_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (fol_outcomes_window_parent_class)->dispose (object);
}

static void
fol_outcomes_window_class_init (FolOutcomesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_outcomes_window_dispose;

  gtk_widget_class_install_action (widget_class, "outcomes.export-chart", NULL,
                                   export_chart_action);
  gtk_widget_class_install_action (widget_class, "outcomes.export-csv", NULL, export_csv_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
fol_outcomes_window_init (FolOutcomesWindow *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *filters = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *notice = gtk_label_new (fol_outcomes_notice ());
  GtkWidget *export = gtk_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GtkStringList) ages = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) groupings = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) regions = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) measures = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) treatments = catalog_items (FOL_CATALOG_TREATMENT_TYPE,
                                                       _("All treatments"));
  g_autoptr(GtkStringList) diagnoses = catalog_items (FOL_CATALOG_DIAGNOSIS, _("All diagnoses"));
  g_autoptr(GtkStringList) sexes = catalog_items (FOL_CATALOG_SEX, _("Everyone"));
  GtkWidget *box;

  self->threshold = 10.0;
  gtk_window_set_title (GTK_WINDOW (self), _("Clinic Outcomes"));
  gtk_window_set_default_size (GTK_WINDOW (self), 1200, 860);

  g_menu_append (menu, _("Export _Chart…"), "outcomes.export-chart");
  g_menu_append (menu, _("Export _Table…"), "outcomes.export-csv");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (export), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (export), "document-save-symbolic");
  gtk_widget_set_tooltip_text (export, _("Export"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (export), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Export"), -1);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), export);
  gtk_box_append (GTK_BOX (toolbar), header);

  for (guint i = 0; i < FOL_OUTCOMES_N_GROUPINGS; i++)
    gtk_string_list_append (groupings, fol_outcomes_grouping_name (i));
  for (guint i = 0; i < FOL_N_AGE_BANDS; i++)
    gtk_string_list_append (ages, fol_age_band_name (i));
  for (guint i = 0; i < FOL_N_REGIONS; i++)
    gtk_string_list_append (regions, fol_region_name (i));
  for (guint i = 0; i < FOL_N_MEASURES; i++)
    gtk_string_list_append (measures, fol_measure_name (i));

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->updating = TRUE;
  self->group_by = add_filter (self, box, _("_Group by"), groupings);
  self->treatment = add_filter (self, box, _("_Treatment"), treatments);
  self->diagnosis = add_filter (self, box, _("_Diagnosis"), diagnoses);
  self->sex = add_filter (self, box, _("_Sex"), sexes);
  self->age = add_filter (self, box, _("_Age at first session"), ages);
  self->region = add_filter (self, box, _("_Region"), regions);
  self->measure = add_filter (self, box, _("_Measurement"), measures);
  gtk_drop_down_set_selected (self->region, FOL_REGION_VERTEX);
  gtk_drop_down_set_selected (self->measure, FOL_MEASURE_TOTAL_DENSITY);
  self->updating = FALSE;
  gtk_box_append (GTK_BOX (filters), box);

  gtk_label_set_wrap (GTK_LABEL (notice), TRUE);
  gtk_label_set_xalign (GTK_LABEL (notice), 0);
  gtk_widget_add_css_class (notice, "dim-label");

  /* From when each change is counted: the first session or the protocol's start */
  self->course = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->course), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->course), 0);
  gtk_widget_add_css_class (self->course, "dim-label");

  self->status = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->status), 0);
  gtk_widget_add_css_class (self->status, "title-4");

  /* While a computation is under way: a spinner, and Cancel */
  self->busy = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->spinner = gtk_spinner_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Computing the outcomes"), -1);
  gtk_box_append (GTK_BOX (self->busy), self->spinner);
  {
    GtkWidget *label = gtk_label_new (_("Computing the outcomes…"));
    GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_widget_add_css_class (label, "title-4");
    gtk_box_append (GTK_BOX (self->busy), label);
    g_signal_connect_object (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_box_append (GTK_BOX (self->busy), cancel);
  }
  gtk_widget_set_visible (self->busy, FALSE);

  self->table = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->table), 18);
  gtk_grid_set_row_spacing (GTK_GRID (self->table), 10);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->table), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Outcomes per treatment"), -1);

  self->chart_area = gtk_drawing_area_new ();
  gtk_widget_set_size_request (self->chart_area, -1, 420);
  gtk_widget_set_focusable (self->chart_area, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart_area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  /* xgettext:no-c-format */
                                  _("Comparison chart: mean change with its 95 % interval per "
                                    "treatment and follow-up window"), -1);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->chart_area), draw_chart, self, NULL);

  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_box_append (GTK_BOX (content), filters);
  gtk_box_append (GTK_BOX (content), notice);
  gtk_box_append (GTK_BOX (content), self->course);
  gtk_box_append (GTK_BOX (content), self->status);
  gtk_box_append (GTK_BOX (content), self->busy);
  gtk_box_append (GTK_BOX (content), self->chart_area);
  gtk_box_append (GTK_BOX (content), self->table);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), content);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (toolbar), scroller);
  adw_window_set_content (ADW_WINDOW (self), toolbar);

  g_signal_connect_object (self->group_by, "notify::selected", G_CALLBACK (filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->treatment, "notify::selected", G_CALLBACK (filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->diagnosis, "notify::selected", G_CALLBACK (filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sex, "notify::selected", G_CALLBACK (filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->age, "notify::selected", G_CALLBACK (filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->region, "notify::selected", G_CALLBACK (filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->measure, "notify::selected", G_CALLBACK (filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

/* Public API */

/**
 * fol_outcomes_window_new:
 * @threshold: the no-change threshold in effect, in percent
 */
FolOutcomesWindow *
fol_outcomes_window_new (GtkWindow *parent,
                         FolStore  *store,
                         double     threshold)
{
  FolOutcomesWindow *self;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);

  /* The application's window too, so that it outlives no clinic it shows */
  self = g_object_new (FOL_TYPE_OUTCOMES_WINDOW, "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->store = g_object_ref (store);
  self->threshold = threshold;
  /* A visit or session saved meanwhile counts at once */
  g_signal_connect_object (store, "changed", G_CALLBACK (filter_changed_cb), self,
                           G_CONNECT_SWAPPED);
  recompute (self);
  return self;
}

/* Chooses the treatment, measurement and region, as the drop-downs would. */
void
fol_outcomes_window_set_filter (FolOutcomesWindow *self,
                                const char        *treatment_type,
                                FolMeasure         measure,
                                FolRegion          region)
{
  int index;

  g_return_if_fail (FOL_IS_OUTCOMES_WINDOW (self));

  index = treatment_type ? fol_catalog_index (FOL_CATALOG_TREATMENT_TYPE, treatment_type) : -1;
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->treatment, index < 0 ? 0 : (guint) index + 1);
  gtk_drop_down_set_selected (self->measure, measure);
  gtk_drop_down_set_selected (self->region, region);
  self->updating = FALSE;
  recompute (self);
}

/* Groups by treatment or by protocol, as the Group by drop-down would. */
void
fol_outcomes_window_set_group_by (FolOutcomesWindow   *self,
                                  FolOutcomesGrouping  by)
{
  g_return_if_fail (FOL_IS_OUTCOMES_WINDOW (self));
  g_return_if_fail (by < FOL_OUTCOMES_N_GROUPINGS);

  gtk_drop_down_set_selected (self->group_by, by);
}

/* Whether a computation is under way (its result not yet shown). */
gboolean
fol_outcomes_window_is_computing (FolOutcomesWindow *self)
{
  g_return_val_if_fail (FOL_IS_OUTCOMES_WINDOW (self), FALSE);
  return self->cancellable != NULL;
}

/* Cancels the computation under way, as its Cancel button does. */
void
fol_outcomes_window_cancel (FolOutcomesWindow *self)
{
  g_return_if_fail (FOL_IS_OUTCOMES_WINDOW (self));
  cancel_clicked_cb (self);
}

const FolOutcomes *
fol_outcomes_window_get_outcomes (FolOutcomesWindow *self)
{
  g_return_val_if_fail (FOL_IS_OUTCOMES_WINDOW (self), NULL);
  return self->outcomes;
}

GtkWidget *
fol_outcomes_window_get_table (FolOutcomesWindow *self)
{
  g_return_val_if_fail (FOL_IS_OUTCOMES_WINDOW (self), NULL);
  return self->table;
}

GtkWidget *
fol_outcomes_window_get_chart (FolOutcomesWindow *self)
{
  g_return_val_if_fail (FOL_IS_OUTCOMES_WINDOW (self), NULL);
  return self->chart_area;
}

/* The chart as PNG, SVG or PDF (by the file's extension; PDF: the page
 * of the report, with the table).
 */
gboolean
fol_outcomes_window_export_chart (FolOutcomesWindow  *self,
                                  const char         *path,
                                  GError            **error)
{
  g_return_val_if_fail (FOL_IS_OUTCOMES_WINDOW (self), FALSE);

  if (self->outcomes == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There are no outcomes to export"));
      return FALSE;
    }
  return fol_outcomes_export (self->outcomes, path, FOL_CHART_FORMAT_AUTO, error);
}

gboolean
fol_outcomes_window_export_csv (FolOutcomesWindow  *self,
                                const char         *path,
                                GError            **error)
{
  g_autofree char *csv = NULL;
  g_autoptr(FolFileWriter) writer = NULL;

  g_return_val_if_fail (FOL_IS_OUTCOMES_WINDOW (self), FALSE);

  if (self->outcomes == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There are no outcomes to export"));
      return FALSE;
    }
  csv = fol_outcomes_to_csv (self->outcomes);
  writer = fol_file_writer_new (path, error);
  return writer != NULL && fol_file_writer_write (writer, csv, strlen (csv), error) &&
         fol_file_writer_commit (writer, error);
}
