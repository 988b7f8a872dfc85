/* fol-progress-panel.c
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

#define G_LOG_DOMAIN "fol-progress-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fol-chart-export.h"
#include "fol-chart-print-operation.h"
#include "fol-chart-view.h"
#include "fol-progress-panel.h"
#include "fol-form.h"
#include "fol-progress.h"

/* The patient's progress chart with what chooses it (measurement, change
 * from baseline, trend) and what sends it elsewhere (export, print). It
 * holds the patient's history and never touches the database.
 */
struct _FolProgressPanel
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkDropDown     *measure_dropdown;
  GtkToggleButton *relative_button;
  GtkToggleButton *trend_button;
  FolChartView    *chart_view;

  /* Owned */
  FolHistory   *history;
  FolChartData *data;
  GArray       *measures;  /* FolMeasure per dropdown position */
  double        threshold;
};

G_DEFINE_FINAL_TYPE (FolProgressPanel, fol_progress_panel, GTK_TYPE_WIDGET)

enum {
  VISIT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Sizes offered for a PNG, in pixels at 1×. */
static const struct {
  const char *id;
  int         width;
  int         height;
} png_sizes[] = {
  { "1200x750", 1200, 750 },
  { "1600x1000", 1600, 1000 },
  { "2400x1500", 2400, 1500 },
};

static FolMeasure
selected_measure (FolProgressPanel *self)
{
  guint pos = gtk_drop_down_get_selected (self->measure_dropdown);

  if (self->measures == NULL || pos >= self->measures->len)
    return FOL_MEASURE_TOTAL_DENSITY;
  return g_array_index (self->measures, FolMeasure, pos);
}

static void
rebuild (FolProgressPanel *self)
{
  FolProgressFlags flags = FOL_PROGRESS_NONE;

  g_clear_object (&self->data);

  if (self->history != NULL)
    {
      if (gtk_toggle_button_get_active (self->relative_button))
        flags |= FOL_PROGRESS_RELATIVE;
      if (gtk_toggle_button_get_active (self->trend_button))
        flags |= FOL_PROGRESS_TREND;

      self->data = fol_progress_chart_new (self->history, selected_measure (self), 0, flags,
                                           self->threshold);
    }

  fol_chart_view_set_data (self->chart_view, self->data);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "progress.export", self->data != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "progress.print", self->data != NULL);
}

/* Only the measurements this patient has values of are offered. */
static void
fill_measures (FolProgressPanel *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  FolMeasure keep = selected_measure (self);
  guint keep_pos = 0;

  g_array_set_size (self->measures, 0);

  for (guint m = 0; m < FOL_N_MEASURES; m++)
    {
      gboolean any = FALSE;
      guint n_regions = fol_measure_is_per_region (m) ? FOL_N_REGIONS : 1;

      for (guint r = 0; self->history != NULL && r < n_regions && !any; r++)
        {
          FolRegionSummary s;

          any = fol_history_summarize (self->history, m, r, &s);
        }

      if (!any && m != FOL_MEASURE_TOTAL_DENSITY)
        continue;

      if (m == keep)
        keep_pos = self->measures->len;
      g_array_append_val (self->measures, m);
      gtk_string_list_append (names, fol_measure_name (m));
    }

  gtk_drop_down_set_model (self->measure_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->measure_dropdown, keep_pos);
}

static void
option_changed_cb (FolProgressPanel *self)
{
  rebuild (self);
}

static void
point_activated_cb (FolProgressPanel *self,
                    const char       *id,
                    guint             series,
                    guint             point)
{
  if (id != NULL)
    g_signal_emit (self, signals[VISIT_ACTIVATED], 0, id);
}

static void
export_response_cb (GtkNativeDialog  *dialog,
                    int               response,
                    FolProgressPanel *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  const char *size_id;
  const char *scale_id;
  int width = 1600, height = 1000;
  double scale = 1.0;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  path = g_file_get_path (file);

  size_id = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "size");
  for (guint i = 0; size_id && i < G_N_ELEMENTS (png_sizes); i++)
    if (g_str_equal (size_id, png_sizes[i].id))
      {
        width = png_sizes[i].width;
        height = png_sizes[i].height;
      }
  scale_id = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "scale");
  if (g_strcmp0 (scale_id, "2") == 0)
    scale = 2.0;

  if (!fol_progress_panel_export_to (self, path, width, height, scale, &error))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *message = adw_message_dialog_new (GTK_WINDOW (root), _("The Chart Was Not Exported"),
                                                   error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (message), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (message));
    }

out:
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  FolProgressPanel *self = FOL_PROGRESS_PANEL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;
  const char *size_ids[G_N_ELEMENTS (png_sizes) + 1] = { NULL };
  const char *size_labels[G_N_ELEMENTS (png_sizes) + 1] = { NULL };
  const char *scale_ids[] = { "1", "2", NULL };
  const char *scale_labels[] = { N_("Normal (1×)"), N_("High resolution (2×)"), NULL };
  const char *scale_labels_t[3] = { _(scale_labels[0]), _(scale_labels[1]), NULL };
  struct { const char *name; const char *pattern; } filters[] = {
    { N_("PNG image"), "*.png" },
    { N_("PDF document"), "*.pdf" },
    { N_("SVG drawing"), "*.svg" },
  };

  if (self->data == NULL)
    return;

  dialog = gtk_file_chooser_native_new (_("Export Chart"), GTK_WINDOW (root),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(filters[i].name));
      gtk_file_filter_add_pattern (filter, filters[i].pattern);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
    }

  for (guint i = 0; i < G_N_ELEMENTS (png_sizes); i++)
    {
      size_ids[i] = png_sizes[i].id;
      size_labels[i] = png_sizes[i].id;
    }
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), "size", _("PNG size"), size_ids, size_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), "size", "1600x1000");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), "scale", _("PNG scale"), scale_ids, scale_labels_t);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), "scale", "1");

  /* Translators: default file name of an exported chart */
  name = g_strdup_printf (_("%s – %s.png"),
                          fol_patient_get_name (fol_history_get_patient (self->history)),
                          fol_measure_name (selected_measure (self)));
  g_strdelimit (name, "/\\:", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);

  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  FolProgressPanel *self = FOL_PROGRESS_PANEL (widget);
  g_autoptr(FolChartPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->data == NULL)
    return;

  operation = fol_chart_print_operation_new (self->data);
  gtk_print_operation_run (GTK_PRINT_OPERATION (operation),
                           GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                           GTK_WINDOW (root), &error);
  if (error != NULL)
    g_warning ("Printing failed: %s", error->message);
}

static void
fol_progress_panel_dispose (GObject *object)
{
  FolProgressPanel *self = FOL_PROGRESS_PANEL (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), FOL_TYPE_PROGRESS_PANEL);
  /* The template's outer box has no id, so the template does not own it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->history);
  g_clear_object (&self->data);
  g_clear_pointer (&self->measures, g_array_unref);

  G_OBJECT_CLASS (fol_progress_panel_parent_class)->dispose (object);
}

/* Opens the list of measurements, as a click on it would. */
static void
choose_measure_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  FolProgressPanel *self = FOL_PROGRESS_PANEL (widget);

  GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (self->measure_dropdown));

  /* GTK 4.8's drop-down has no activate signal of its own: its button,
   * the one a click presses, opens the list. */
  gtk_widget_grab_focus (GTK_WIDGET (self->measure_dropdown));
  if (GTK_IS_TOGGLE_BUTTON (button))
    gtk_widget_activate (button);
}

/* Alt+C and Alt+T: the shortcuts window promises them in every language,
 * whichever letter a translation underlines. Only while the panel is
 * shown, and as a click would: not on a toggle that cannot be pressed. */
static void
toggle (FolProgressPanel *self,
        GtkToggleButton  *button)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || !gtk_widget_is_sensitive (GTK_WIDGET (button)))
    return;
  gtk_toggle_button_set_active (button, !gtk_toggle_button_get_active (button));
}

static void
toggle_relative_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  FolProgressPanel *self = FOL_PROGRESS_PANEL (widget);

  toggle (self, self->relative_button);
}

static void
toggle_trend_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  FolProgressPanel *self = FOL_PROGRESS_PANEL (widget);

  toggle (self, self->trend_button);
}

/* Only a panel on screen takes the keys: hidden, it lets them through. */
static void
set_toggle_keys_enabled (GtkWidget *widget,
                         gboolean   enabled)
{
  gtk_widget_action_set_enabled (widget, "progress.toggle-relative", enabled);
  gtk_widget_action_set_enabled (widget, "progress.toggle-trend", enabled);
}

static void
fol_progress_panel_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (fol_progress_panel_parent_class)->map (widget);
  set_toggle_keys_enabled (widget, TRUE);
}

static void
fol_progress_panel_unmap (GtkWidget *widget)
{
  set_toggle_keys_enabled (widget, FALSE);
  GTK_WIDGET_CLASS (fol_progress_panel_parent_class)->unmap (widget);
}

static void
fol_progress_panel_class_init (FolProgressPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_progress_panel_dispose;
  widget_class->map = fol_progress_panel_map;
  widget_class->unmap = fol_progress_panel_unmap;

  /**
   * FolProgressPanel::visit-activated:
   * @visit_id: the visit of the chosen point
   */
  signals[VISIT_ACTIVATED] =
    g_signal_new ("visit-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/fol-progress-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, FolProgressPanel, measure_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FolProgressPanel, relative_button);
  gtk_widget_class_bind_template_child (widget_class, FolProgressPanel, trend_button);
  gtk_widget_class_bind_template_child (widget_class, FolProgressPanel, chart_view);

  gtk_widget_class_install_action (widget_class, "progress.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "progress.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "progress.print", NULL);
  gtk_widget_class_install_action (widget_class, "progress.toggle-relative", NULL,
                                   toggle_relative_action);
  gtk_widget_class_install_action (widget_class, "progress.toggle-trend", NULL, toggle_trend_action);
  gtk_widget_class_install_action (widget_class, "progress.choose-measure", NULL, choose_measure_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_ALT_MASK,
                                       "progress.choose-measure", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "progresspanel");

  g_type_ensure (FOL_TYPE_CHART_VIEW);
}

static void
fol_progress_panel_init (FolProgressPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fol_form_name_drop_down (self->measure_dropdown, _("Measurement"));

  self->measures = g_array_new (FALSE, FALSE, sizeof (FolMeasure));
  self->threshold = FOL_CHART_DEFAULT_THRESHOLD;

  g_signal_connect_object (self->measure_dropdown, "notify::selected",
                           G_CALLBACK (option_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->relative_button, "toggled",
                           G_CALLBACK (option_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->trend_button, "toggled",
                           G_CALLBACK (option_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chart_view, "point-activated",
                           G_CALLBACK (point_activated_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "progress.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "progress.print", FALSE);
  set_toggle_keys_enabled (GTK_WIDGET (self), FALSE);

  /* Alt+C and Alt+T anywhere in the window, as the English labels'
   * mnemonics were: bound to the keys, not to the letters a translation
   * underlines. */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                       GTK_SHORTCUT_SCOPE_MANAGED);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_c, GDK_ALT_MASK),
                        gtk_named_action_new ("progress.toggle-relative")));
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_t, GDK_ALT_MASK),
                        gtk_named_action_new ("progress.toggle-trend")));
    gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  }
}

GtkWidget *
fol_progress_panel_new (void)
{
  return g_object_new (FOL_TYPE_PROGRESS_PANEL, NULL);
}

/**
 * fol_progress_panel_set_history:
 * @history: (nullable): the patient's records
 * @threshold_percent: the no-change band
 */
void
fol_progress_panel_set_history (FolProgressPanel *self,
                                FolHistory       *history,
                                double            threshold)
{
  g_return_if_fail (FOL_IS_PROGRESS_PANEL (self));

  g_set_object (&self->history, history);
  self->threshold = threshold;

  /* Changing the list would rebuild once per signal: block, then once. */
  g_signal_handlers_block_by_func (self->measure_dropdown, option_changed_cb, self);
  fill_measures (self);
  g_signal_handlers_unblock_by_func (self->measure_dropdown, option_changed_cb, self);
  rebuild (self);
}

/* Returns: (transfer none) (nullable): what the chart shows */
FolChartData *
fol_progress_panel_get_data (FolProgressPanel *self)
{
  g_return_val_if_fail (FOL_IS_PROGRESS_PANEL (self), NULL);
  return self->data;
}

void
fol_progress_panel_set_measure (FolProgressPanel *self,
                                FolMeasure        measure)
{
  g_return_if_fail (FOL_IS_PROGRESS_PANEL (self));

  for (guint i = 0; i < self->measures->len; i++)
    if (g_array_index (self->measures, FolMeasure, i) == measure)
      gtk_drop_down_set_selected (self->measure_dropdown, i);
}

FolMeasure
fol_progress_panel_get_measure (FolProgressPanel *self)
{
  g_return_val_if_fail (FOL_IS_PROGRESS_PANEL (self), FOL_MEASURE_TOTAL_DENSITY);
  return selected_measure (self);
}

void
fol_progress_panel_set_relative (FolProgressPanel *self,
                                 gboolean          relative)
{
  g_return_if_fail (FOL_IS_PROGRESS_PANEL (self));
  gtk_toggle_button_set_active (self->relative_button, relative);
}

/**
 * fol_progress_panel_export_to:
 *
 * Writes the chart as shown, in the format of @path's extension, with the
 * same renderer as the window.
 */
gboolean
fol_progress_panel_export_to (FolProgressPanel  *self,
                              const char        *path,
                              int                width,
                              int                height,
                              double             scale,
                              GError           **error)
{
  FolChartFormat format;

  g_return_val_if_fail (FOL_IS_PROGRESS_PANEL (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->data == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There is no chart to export"));
      return FALSE;
    }

  if (!fol_chart_format_from_path (path, &format, error))
    return FALSE;

  return fol_chart_export (self->data, path, format, width, height, scale,
                           fol_paper_size_for_locale (), error);
}
