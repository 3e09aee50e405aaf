import ArgumentParser
import ProxGuacSync

/// `--allow-mass-delete`, `--accept-scope-change` and `--rebind`: what an applying run may do beyond the
/// deletion guard's defaults (docs/sync-and-drift.md). Mount with `@OptionGroup var deletion: DeletionGuardOptions`.
struct DeletionGuardOptions: ParsableArguments {
    @Flag(name: .long, help: "Delete even when no guest is selected or more than sync.maxDeletes would go (never when the token's view shrank).")
    var allowMassDelete = false

    @Flag(name: .long, help: "The token's narrower view of Proxmox is deliberate: record it, and let this run delete.")
    var acceptScopeChange = false

    @Flag(name: .long, help: "The state file belongs to another Guacamole URL, data source or root group: drop its records and re-derive ownership from the proxguac-id markers only.")
    var rebind = false

    var safety: RunSafety {
        RunSafety(allowMassDelete: allowMassDelete, acceptScopeChange: acceptScopeChange, rebind: rebind)
    }
}
