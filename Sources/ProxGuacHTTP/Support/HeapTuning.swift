internal import CProxGuacCurl

/// glibc heap settings for a run over 10,000s of guests (peak RSS target: 150 MB at 10,000 guests).
public enum HeapTuning {
    /// Set once at start, before the worker threads allocate: at most two malloc arenas (`M_ARENA_MAX`) and
    /// a fixed 128 KiB mmap threshold (`M_MMAP_THRESHOLD`).
    ///
    /// glibc gives each thread that allocates its own arena, up to 8 per core; the answers of a sync are
    /// decoded on whichever thread runs the task, so each arena keeps its own freed pieces that the others
    /// cannot reuse. And glibc raises its mmap threshold to the largest block freed so far (a 5 MB connection
    /// listing, a 2 MB request body), after which such blocks come from the heap and leave holes in it when
    /// freed; a fixed threshold keeps them in their own mappings, returned whole. Together about 20–30 MB
    /// less peak RSS at 10,000 guests, at the same speed (docs/benchmarks.md). `MALLOC_ARENA_MAX` and
    /// `MALLOC_MMAP_THRESHOLD_` in the environment still decide when set.
    public static func configure() {
        proxguac_tune_malloc(2, 128 * 1024)
    }

    /// Hands freed heap memory back to the system between the phases of a run (`malloc_trim`).
    ///
    /// Reading 10,000 guests leaves tens of megabytes of freed answers, decoded trees and request buffers
    /// in the heaps, resident but unused; the plan is then built on top of them. Trimming releases every
    /// free page, so the run's peak is what the next phase holds, not both. A few milliseconds at that size.
    public static func releaseFreedMemory() {
        proxguac_malloc_trim()
    }
}
