internal import CProxGuacCurl

/// glibc heap settings for a run over 10,000s of guests (peak RSS target: 150 MB at 10,000 guests).
public enum HeapTuning {
    /// At most two malloc arenas (`M_ARENA_MAX`), set once at start, before the worker threads allocate.
    ///
    /// glibc gives each thread that allocates its own arena, up to 8 per core; the answers of a sync are
    /// decoded on whichever thread runs the task, so each arena keeps its own freed pieces that the others
    /// cannot reuse. Two arenas measured about 15–20 MB less peak RSS at 10,000 guests, at the same speed
    /// (docs/benchmarks.md). `MALLOC_ARENA_MAX` in the environment still decides when set.
    public static func limitArenas() {
        proxguac_limit_malloc_arenas(2)
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
