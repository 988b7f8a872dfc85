/* test-scalp-map.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "fol-scalp.h"
#include "fol-scalp-map-private.h"

#define MAP_SIZE 400

typedef struct
{
  GtkWindow   *window;
  FolScalpMap *map;
  guint        notified;
  guint        activated;
  FolRegion    last_activated;
} Fixture;

static void
notify_cb (Fixture *f)
{
  f->notified++;
}

static void
activated_cb (FolScalpMap *map,
              guint        region,
              Fixture     *f)
{
  f->activated++;
  f->last_activated = region;
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @done (or 5 s), so allocation and delayed
 * activations happen as they would for a user. */
static void
iterate_until (gboolean (*done) (Fixture *f),
               Fixture *f)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (5000, timeout_cb, &timed_out);

  while (!done (f) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static gboolean
is_allocated (Fixture *f)
{
  return gtk_widget_get_width (GTK_WIDGET (f->map)) == MAP_SIZE &&
         gtk_widget_get_height (GTK_WIDGET (f->map)) == MAP_SIZE;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  f->map = FOL_SCALP_MAP (fol_scalp_map_new ());
  gtk_widget_set_size_request (GTK_WIDGET (f->map), MAP_SIZE, MAP_SIZE);
  gtk_widget_set_halign (GTK_WIDGET (f->map), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (f->map), GTK_ALIGN_START);
  gtk_window_set_child (f->window, GTK_WIDGET (f->map));
  gtk_window_present (f->window);
  iterate_until (is_allocated, f);

  f->last_activated = FOL_REGION_NONE;
  g_signal_connect_swapped (f->map, "notify::selected-regions", G_CALLBACK (notify_cb), f);
  g_signal_connect (f->map, "region-activated", G_CALLBACK (activated_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (f->map), (gpointer *) &f->map);
  gtk_window_destroy (f->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (f->map);
}

static void
click_region (Fixture   *f,
              FolRegion  region)
{
  double x, y;

  fol_scalp_region_center (region, MAP_SIZE, MAP_SIZE, &x, &y);
  _fol_scalp_map_click (f->map, x, y);
}

static gboolean
button_active (Fixture   *f,
               FolRegion  region)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (_fol_scalp_map_get_region_widget (f->map, region)));
}

static void
test_click_single (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_cmpint (fol_scalp_map_get_selection_mode (f->map), ==, GTK_SELECTION_SINGLE);
  g_assert_cmpuint (fol_scalp_map_get_selected_regions (f->map), ==, 0);

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      guint activated = f->activated;

      click_region (f, r);
      g_assert_cmpuint (fol_scalp_map_get_selected_regions (f->map), ==, 1u << r);
      g_assert_cmpuint (f->activated, ==, activated + 1);
      g_assert_cmpint (f->last_activated, ==, r);
      for (FolRegion other = 0; other < FOL_N_REGIONS; other++)
        g_assert_cmpint (button_active (f, other), ==, other == r);
    }
  g_assert_cmpuint (f->notified, ==, FOL_N_REGIONS);

  /* Clicking the selected region again keeps it selected and activates it. */
  click_region (f, FOL_REGION_OCCIPITAL);
  g_assert_cmpuint (fol_scalp_map_get_selected_regions (f->map), ==, 1u << FOL_REGION_OCCIPITAL);
  g_assert_true (button_active (f, FOL_REGION_OCCIPITAL));
  g_assert_cmpuint (f->notified, ==, FOL_N_REGIONS);
  g_assert_cmpuint (f->activated, ==, FOL_N_REGIONS + 1);

  /* Outside the head: nothing. */
  _fol_scalp_map_click (f->map, 1, 1);
  g_assert_cmpuint (fol_scalp_map_get_selected_regions (f->map), ==, 1u << FOL_REGION_OCCIPITAL);
  g_assert_cmpuint (f->activated, ==, FOL_N_REGIONS + 1);
}

static void
test_click_multiple (Fixture       *f,
                     gconstpointer  data)
{
  g_object_set (f->map, "selection-mode", GTK_SELECTION_MULTIPLE, NULL);

  click_region (f, FOL_REGION_VERTEX);
  click_region (f, FOL_REGION_TEMPORAL_LEFT);
  g_assert_cmpuint (fol_scalp_map_get_selected_regions (f->map), ==,
                    (1u << FOL_REGION_VERTEX) | (1u << FOL_REGION_TEMPORAL_LEFT));
  click_region (f, FOL_REGION_VERTEX);
  g_assert_cmpuint (fol_scalp_map_get_selected_regions (f->map), ==, 1u << FOL_REGION_TEMPORAL_LEFT);
  g_assert_false (button_active (f, FOL_REGION_VERTEX));
  g_assert_true (button_active (f, FOL_REGION_TEMPORAL_LEFT));
  g_assert_cmpuint (f->notified, ==, 3);
  g_assert_cmpuint (f->activated, ==, 0);

  /* Back to single mode keeps one region at most. */
  click_region (f, FOL_REGION_OCCIPITAL);
  fol_scalp_map_set_selection_mode (f->map, GTK_SELECTION_SINGLE);
  g_assert_cmpuint (fol_scalp_map_get_selected_regions (f->map), ==, 1u << FOL_REGION_TEMPORAL_LEFT);
}

static gboolean
parietal_right_selected (Fixture *f)
{
  return (fol_scalp_map_get_selected_regions (f->map) & (1u << FOL_REGION_PARIETAL_RIGHT)) != 0;
}

static gboolean
parietal_right_unselected (Fixture *f)
{
  return !parietal_right_selected (f);
}

static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *button;
  GtkWidget *focus;

  fol_scalp_map_set_selection_mode (f->map, GTK_SELECTION_MULTIPLE);

  /* Tab from nothing lands on a region. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_get_parent (focus) == GTK_WIDGET (f->map));

  /* The map is one Tab stop: the next Tab leaves it, and Tab back into it
   * returns to the region last focused. */
  g_assert_false (gtk_widget_child_focus (GTK_WIDGET (f->map), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_widget_grab_focus (_fol_scalp_map_get_region_widget (f->map, FOL_REGION_VERTEX)));
  g_assert_false (gtk_widget_child_focus (GTK_WIDGET (f->map), GTK_DIR_TAB_FORWARD));
  g_assert_false (gtk_widget_child_focus (GTK_WIDGET (f->map), GTK_DIR_TAB_BACKWARD));
  gtk_root_set_focus (GTK_ROOT (f->window), NULL);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->map), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) ==
                 _fol_scalp_map_get_region_widget (f->map, FOL_REGION_VERTEX));

  /* Down from the frontal region is the mid-scalp, down again the vertex. */
  g_assert_true (gtk_widget_grab_focus (_fol_scalp_map_get_region_widget (f->map, FOL_REGION_FRONTAL)));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->map), GTK_DIR_DOWN));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) ==
                 _fol_scalp_map_get_region_widget (f->map, FOL_REGION_MIDSCALP));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->map), GTK_DIR_DOWN));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) ==
                 _fol_scalp_map_get_region_widget (f->map, FOL_REGION_VERTEX));

  /* Space or Enter on a focused region runs its activation: it toggles. */
  button = _fol_scalp_map_get_region_widget (f->map, FOL_REGION_PARIETAL_RIGHT);
  g_assert_true (gtk_widget_grab_focus (button));
  g_assert_true (gtk_widget_activate (button));
  iterate_until (parietal_right_selected, f);
  g_assert_cmpuint (fol_scalp_map_get_selected_regions (f->map), ==, 1u << FOL_REGION_PARIETAL_RIGHT);
  g_assert_true (gtk_widget_activate (button));
  iterate_until (parietal_right_unselected, f);
  g_assert_cmpuint (fol_scalp_map_get_selected_regions (f->map), ==, 0);
  g_assert_cmpuint (f->notified, ==, 2);
}

/* gtk_test_accessible_assert_property() stringifies its value into a
 * format string, which a "%" in the label breaks. */
static void
assert_label (GtkWidget  *widget,
              const char *expected)
{
  g_autofree char *error = NULL;

  error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
  if (error != NULL)
    g_error ("label of %s: %s (expected '%s')", G_OBJECT_TYPE_NAME (widget), error, expected);
}

static void
test_accessible_labels (Fixture       *f,
                        gconstpointer  data)
{
  double changes[FOL_N_REGIONS];

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (f->map), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Scalp map");

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      GtkWidget *button = _fol_scalp_map_get_region_widget (f->map, r);
      g_autofree char *expected = g_strdup_printf ("%s: no value", fol_region_name (r));

      g_assert_true (gtk_widget_get_focusable (button));
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL));
      assert_label (button, expected);
      changes[r] = 5.0 * r - 12.0;
    }

  changes[FOL_REGION_OCCIPITAL] = NAN;
  fol_scalp_map_set_changes (f->map, changes);

  assert_label (_fol_scalp_map_get_region_widget (f->map, FOL_REGION_VERTEX), "Vertex (crown): -2.0 %");
  assert_label (_fol_scalp_map_get_region_widget (f->map, FOL_REGION_FRONTAL), "Frontal (hairline zone): -12.0 %");
  assert_label (_fol_scalp_map_get_region_widget (f->map, FOL_REGION_PARIETAL_RIGHT), "Parietal, right: +18.0 %");
  assert_label (_fol_scalp_map_get_region_widget (f->map, FOL_REGION_OCCIPITAL), "Occipital (donor area): no value");
  g_assert_true (isnan (fol_scalp_map_get_change (f->map, FOL_REGION_OCCIPITAL)));
  g_assert_cmpfloat (fol_scalp_map_get_change (f->map, FOL_REGION_VERTEX), ==, -2.0);

  /* The selection is exposed as the pressed state. */
  click_region (f, FOL_REGION_VERTEX);
  gtk_test_accessible_assert_state (_fol_scalp_map_get_region_widget (f->map, FOL_REGION_VERTEX),
                                    GTK_ACCESSIBLE_STATE_PRESSED, GTK_ACCESSIBLE_TRISTATE_TRUE);
  gtk_test_accessible_assert_state (_fol_scalp_map_get_region_widget (f->map, FOL_REGION_FRONTAL),
                                    GTK_ACCESSIBLE_STATE_PRESSED, GTK_ACCESSIBLE_TRISTATE_FALSE);
}

static void
test_region_widgets_over_their_region (Fixture       *f,
                                       gconstpointer  data)
{
  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      GtkWidget *button = _fol_scalp_map_get_region_widget (f->map, r);
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (f->map), &bounds));
      g_assert_cmpint (fol_scalp_hit_test (MAP_SIZE, MAP_SIZE,
                                           bounds.origin.x + bounds.size.width / 2,
                                           bounds.origin.y + bounds.size.height / 2), ==, r);
      /* The pointer goes to the map, never to the region's button. */
      g_assert_false (gtk_widget_get_can_target (button));
    }
}

static void
test_hover (Fixture       *f,
            gconstpointer  data)
{
  double x, y;

  fol_scalp_region_center (FOL_REGION_TEMPORAL_RIGHT, MAP_SIZE, MAP_SIZE, &x, &y);
  _fol_scalp_map_hover (f->map, x, y);
  g_assert_cmpint (_fol_scalp_map_get_hovered (f->map), ==, FOL_REGION_TEMPORAL_RIGHT);
  _fol_scalp_map_hover (f->map, 0, 0);
  g_assert_cmpint (_fol_scalp_map_get_hovered (f->map), ==, FOL_REGION_NONE);
}

static void
test_properties (Fixture       *f,
                 gconstpointer  data)
{
  double threshold = 0;
  gboolean lower = TRUE;

  g_object_get (f->map, "threshold", &threshold, "lower-is-better", &lower, NULL);
  g_assert_cmpfloat (threshold, ==, 10.0);
  g_assert_false (lower);
  fol_scalp_map_set_threshold (f->map, 5.0);
  fol_scalp_map_set_lower_is_better (f->map, TRUE);
  g_assert_cmpfloat (fol_scalp_map_get_threshold (f->map), ==, 5.0);
  g_assert_true (fol_scalp_map_get_lower_is_better (f->map));

  g_object_set (f->map, "selected-regions", 1u << FOL_REGION_MIDSCALP, NULL);
  g_assert_true (button_active (f, FOL_REGION_MIDSCALP));
  g_assert_cmpuint (f->notified, ==, 1);
  g_object_set (f->map, "selected-regions", 1u << FOL_REGION_MIDSCALP, NULL);
  g_assert_cmpuint (f->notified, ==, 1);

  /* Single mode refuses two regions. */
  g_test_expect_message ("fol-scalp-map", G_LOG_LEVEL_CRITICAL, "*mask*");
  fol_scalp_map_set_selected_regions (f->map, 3);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (fol_scalp_map_get_selected_regions (f->map), ==, 1u << FOL_REGION_MIDSCALP);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/scalp-map/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("click/single", test_click_single);
  ADD ("click/multiple", test_click_multiple);
  ADD ("keyboard", test_keyboard);
  ADD ("accessible-labels", test_accessible_labels);
  ADD ("region-widgets", test_region_widgets_over_their_region);
  ADD ("hover", test_hover);
  ADD ("properties", test_properties);

#undef ADD

  return g_test_run ();
}
