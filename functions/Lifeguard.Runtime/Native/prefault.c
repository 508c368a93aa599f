/*
 * Linked into every native Lifeguard function (Directory.Build.targets); runs as an ELF constructor, before main and so
 * before the .NET runtime starts.
 *
 * A Native AOT binary's first act is to rehydrate its data: it writes a few MB of runtime data structures (type
 * descriptors, dispatch maps, frozen strings) into the zero-filled `.hydrated` section at the end of its writable
 * segment. Each 4 KiB page written for the first time is a page fault, and in a Firecracker microVM (Lambda, and the
 * machines we measure on) a fault costs about 11 us: 3 MB is ~800 faults, ~8 ms of a 20 ms start. One
 * MADV_POPULATE_WRITE asks the kernel for all those pages at once (no trap per page), and MADV_HUGEPAGE lets any
 * 2 MiB-aligned stretch come as one huge page where transparent huge pages are allowed on request. Neither changes a
 * byte of content: populate maps the zero pages that the first write would have mapped. On a kernel without
 * MADV_POPULATE_WRITE (before Linux 5.14) madvise fails with EINVAL, and the runtime starts as it would have.
 * bench/Lifeguard.Bench.ColdStart measures the effect (LIFEGUARD_NO_PREFAULT=1 turns it off for comparison).
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define PAGE_SIZE_4K ((uintptr_t)4096)
#define HUGE_PAGE_SIZE ((uintptr_t)2 << 20)

static uintptr_t round_up(uintptr_t value, uintptr_t unit) { return (value + unit - 1) & ~(unit - 1); }

static int prefault_executable(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    for (int i = 0; i < info->dlpi_phnum; i++)
    {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        // The zero-filled tail of a writable segment (.bss and .hydrated): memory the runtime is about to write.
        if (segment->p_type != PT_LOAD || !(segment->p_flags & PF_W) || segment->p_memsz <= segment->p_filesz)
        {
            continue;
        }

        uintptr_t start = round_up(info->dlpi_addr + segment->p_vaddr + segment->p_filesz, PAGE_SIZE_4K);
        uintptr_t end = round_up(info->dlpi_addr + segment->p_vaddr + segment->p_memsz, PAGE_SIZE_4K);
        if (end <= start)
        {
            continue;
        }

        uintptr_t huge_start = round_up(start, HUGE_PAGE_SIZE);
        uintptr_t huge_end = end & ~(HUGE_PAGE_SIZE - 1);
        if (huge_end > huge_start)
        {
            (void)madvise((void *)huge_start, huge_end - huge_start, MADV_HUGEPAGE);
        }

        (void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
    }

    return 1; // the first object is the executable itself; shared libraries are not ours to touch
}

__attribute__((constructor)) static void lifeguard_prefault(void)
{
    const char *off = getenv("LIFEGUARD_NO_PREFAULT");
    if (off == NULL || off[0] == '\0')
    {
        dl_iterate_phdr(prefault_executable, NULL);
    }
}
