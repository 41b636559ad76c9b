/* Shared libraries opened on first use (see dynlib.h). */
#include "core/dynlib.h"
#include "core/error.h"

#include <dlfcn.h>

int sg_dynlib_open(const char *soname, const char *package, const char *const *names, void **fns, size_t n)
{
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	size_t i;

	if (!lib)
		return sg_error_set(SG_ERROR, "cannot load %s (install the package %s): %s", soname, package,
				    dlerror());
	for (i = 0; i < n; i++) {
		fns[i] = dlsym(lib, names[i]);
		if (!fns[i]) {
			int rc = sg_error_set(SG_ERROR, "%s has no function %s: %s", soname, names[i], dlerror());
			dlclose(lib);
			return rc;
		}
	}
	/* kept open for the rest of the run: the functions are in use */
	return 0;
}
