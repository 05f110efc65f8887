#ifndef PAPERPAGES_SYSTEM_SHIMS_H
#define PAPERPAGES_SYSTEM_SHIMS_H

/// Swaps two paths atomically: after the call each name holds what the other held.
/// Linux's renameat2(RENAME_EXCHANGE), which Swift's Glibc module does not export.
/// Returns 0, or -1 with errno set (EINVAL or ENOSYS where the file system or kernel lacks it).
int paperpages_rename_exchange(const char *from, const char *to);

/// Renames `from` to `to` only if `to` does not exist (renameat2 RENAME_NOREPLACE).
int paperpages_rename_noreplace(const char *from, const char *to);

/// Makes glibc's malloc map every allocation of 128 KiB or more on its own and unmap it when
/// freed, instead of raising that threshold as big blocks are freed (its default), which
/// leaves the heap holding the freed memory of big buffers. Nothing elsewhere.
void paperpages_keep_big_allocations_apart(void);

#endif
