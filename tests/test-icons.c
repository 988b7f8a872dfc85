/* test-icons.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "fol-application.h"

/* The application's icons ship in its resource bundle, so the window has
 * them even when Follicle runs from the build tree, uninstalled.
 */

typedef struct
{
  guint8 *pixels;
  gsize   stride;
  int     width;
  int     height;
} Image;

static void
image_load (Image      *image,
            const char *path)
{
  g_autoptr(GdkTexture) texture = NULL;

  texture = gdk_texture_new_from_resource (path);
  g_assert_nonnull (texture);
  image->width = gdk_texture_get_width (texture);
  image->height = gdk_texture_get_height (texture);
  image->stride = (gsize) image->width * 4;
  image->pixels = g_malloc (image->stride * (gsize) image->height);
  /* Premultiplied BGRA/ARGB32 in native endianness. */
  gdk_texture_download (texture, image->pixels, image->stride);
}

static guint32
image_pixel (const Image *image,
             int          x,
             int          y)
{
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (x, <, image->width);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (y, <, image->height);
  return *(const guint32 *) (image->pixels + (gsize) y * image->stride + (gsize) x * 4);
}

#define ALPHA(p) (((p) >> 24) & 0xff)
#define RED(p)   (((p) >> 16) & 0xff)
#define GREEN(p) (((p) >> 8) & 0xff)
#define BLUE(p)  ((p) & 0xff)

static void
test_icons_theme_finds_them (void)
{
  /* Startup opens the clinic: a scratch one, never the user's. */
  g_autofree char *dir = g_dir_make_tmp ("follicle-icons-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
  g_autoptr(FolApplication) app = fol_application_new (path, FALSE);
  GtkIconTheme *theme;
  const char *names[] = { APP_ID, APP_ID "-symbolic" };

  /* Startup adds <resource-base-path>/icons to the icon theme. */
  g_application_register (G_APPLICATION (app), NULL, NULL);
  theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GtkIconPaintable) icon = NULL;
      g_autoptr(GFile) file = NULL;
      g_autofree char *uri = NULL;
      g_autofree char *expected = NULL;

      g_assert_true (gtk_icon_theme_has_icon (theme, names[i]));
      icon = gtk_icon_theme_lookup_icon (theme, names[i], NULL, 64, 1, GTK_TEXT_DIR_NONE, 0);
      file = gtk_icon_paintable_get_file (icon);
      g_assert_nonnull (file);
      uri = g_file_get_uri (file);
      expected = g_strdup_printf ("resource://" RESOURCE_PREFIX "/icons/scalable/apps/%s.svg",
                                  names[i]);
      g_assert_cmpstr (uri, ==, expected);
    }

  for (guint i = 0; i < 3; i++)
    {
      static const char *suffixes[] = { "", "-wal", "-shm" };
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

static void
test_icons_app_icon_renders (void)
{
  Image image = { 0 };
  guint32 p;

  image_load (&image, RESOURCE_PREFIX "/icons/scalable/apps/" APP_ID ".svg");
  g_assert_cmpint (image.width, ==, 128);
  g_assert_cmpint (image.height, ==, 128);

  /* Corners stay transparent: the head is a shape, not a square tile. */
  g_assert_cmpuint (ALPHA (image_pixel (&image, 1, 1)), ==, 0);
  g_assert_cmpuint (ALPHA (image_pixel (&image, 126, 1)), ==, 0);

  /* Centre of the treated crown region (64, 72): opaque skin, warm. */
  p = image_pixel (&image, 66, 70);
  g_assert_cmpuint (ALPHA (p), ==, 255);
  g_assert_cmpuint (RED (p), >, BLUE (p) + 40);

  /* Its dashed outline, on a dash at the top of the circle (64, 52): accent blue. */
  p = image_pixel (&image, 64, 52);
  g_assert_cmpuint (ALPHA (p), ==, 255);
  g_assert_cmpuint (BLUE (p), >, RED (p) + 80);

  /* Hair between the crown and the ear (40, 80): dark brown. */
  p = image_pixel (&image, 40, 80);
  g_assert_cmpuint (ALPHA (p), ==, 255);
  g_assert_cmpuint (RED (p), <, 170);
  g_assert_cmpuint (RED (p), >, BLUE (p));

  g_free (image.pixels);
}

static void
test_icons_symbolic_icon_renders (void)
{
  Image image = { 0 };
  guint32 p;

  image_load (&image, RESOURCE_PREFIX "/icons/scalable/apps/" APP_ID "-symbolic.svg");
  g_assert_cmpint (image.width, ==, 16);
  g_assert_cmpint (image.height, ==, 16);

  /* The outline of the head, left of centre (3.75, 8.5), is drawn ... */
  p = image_pixel (&image, 3, 8);
  g_assert_cmpuint (ALPHA (p), >, 200);
  /* ... in the single symbolic colour #2e3436 (premultiplied, so compare
   * against alpha). */
  g_assert_cmpuint (RED (p), <=, ALPHA (p) * 0x40 / 0xff);

  /* Inside the head, between outline and hairs, is empty. */
  g_assert_cmpuint (ALPHA (image_pixel (&image, 6, 5)), ==, 0);
  /* Corners are empty. */
  g_assert_cmpuint (ALPHA (image_pixel (&image, 0, 15)), ==, 0);
  g_assert_cmpuint (ALPHA (image_pixel (&image, 15, 0)), ==, 0);

  g_free (image.pixels);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/icons/theme-finds-them", test_icons_theme_finds_them);
  g_test_add_func ("/icons/app-icon-renders", test_icons_app_icon_renders);
  g_test_add_func ("/icons/symbolic-icon-renders", test_icons_symbolic_icon_renders);

  return g_test_run ();
}
