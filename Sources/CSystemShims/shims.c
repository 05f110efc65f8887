#define _GNU_SOURCE
#include "CSystemShims.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__linux__)
#include <sys/syscall.h>
#include <linux/fs.h>
#endif

static int rename_with_flags(const char *from, const char *to, unsigned int flags) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
#else
    (void)from; (void)to; (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}

int paperpages_rename_exchange(const char *from, const char *to) {
#if defined(__linux__)
    return rename_with_flags(from, to, RENAME_EXCHANGE);
#else
    return rename_with_flags(from, to, 0);
#endif
}

int paperpages_rename_noreplace(const char *from, const char *to) {
#if defined(__linux__)
    return rename_with_flags(from, to, RENAME_NOREPLACE);
#else
    return rename_with_flags(from, to, 0);
#endif
}

void paperpages_keep_big_allocations_apart(void) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}
