/* fol-lazy-lib.c
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

#include "config.h"

#include <dlfcn.h>

#include "fol-i18n.h"
#include "fol-lazy-lib.h"

/* The library and the function are dependencies of the package: without
 * them the program could not have started before they were loaded lazily,
 * so a missing one ends it, saying which.
 */
gpointer
fol_lazy_lib_symbol (FolLazyLib *lib,
                     const char *name)
{
  static GMutex mutex;
  gpointer symbol;

  g_mutex_lock (&mutex);
  if (lib->handle == NULL)
    lib->handle = dlopen (lib->soname, RTLD_NOW | RTLD_LOCAL);
  if (lib->handle == NULL)
    g_error (_("Cannot load the library “%s”: %s"), lib->soname, dlerror ());
  symbol = dlsym (lib->handle, name);
  if (symbol == NULL)
    g_error (_("Cannot load the library “%s”: %s"), lib->soname, dlerror ());
  g_mutex_unlock (&mutex);
  return symbol;
}
