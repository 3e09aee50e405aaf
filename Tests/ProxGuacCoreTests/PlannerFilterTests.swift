import Testing
@testable import ProxGuacCore

/// Which guests reach the planner: `sync.include`, `sync.exclude`, `sync.includeTemplates`
/// (`SyncSettings.selects`, defined with the config). A guest left out is treated as gone.
@Suite("Guest selection")
struct PlannerFilterTests {
    private static let web = GuestFilter.Facts(vmid: 100, node: "pve1", pool: "lab", tags: ["prod", "Web"], status: "running")
    private static let template = GuestFilter.Facts(vmid: 9000, node: "pve1", status: "stopped", isTemplate: true)
    private static let bare = GuestFilter.Facts(vmid: 200, node: "pve2", status: "stopped")

    struct FilterCase: Sendable, CustomTestStringConvertible {
        let name: String
        let settings: SyncSettings
        let guest: GuestFilter.Facts
        let selected: Bool
        var testDescription: String { name }

        init(_ name: String, include: GuestFilter? = nil, exclude: GuestFilter? = nil, templates: Bool = false,
             guest: GuestFilter.Facts, selected: Bool) {
            self.name = name
            self.settings = SyncSettings(include: include, exclude: exclude, includeTemplates: templates)
            self.guest = guest
            self.selected = selected
        }
    }

    @Test(arguments: [
        FilterCase("no filter selects every guest", guest: web, selected: true),
        FilterCase("templates are skipped by default", guest: template, selected: false),
        FilterCase("templates with includeTemplates", templates: true, guest: template, selected: true),
        FilterCase("include tags any", include: GuestFilter(tags: ["web", "db"]), guest: web, selected: true),
        FilterCase("include tags all, one missing", include: GuestFilter(tags: ["web", "db"], tagMatch: .all), guest: web, selected: false),
        FilterCase("include tags all, case-insensitive", include: GuestFilter(tags: ["PROD", "web"], tagMatch: .all), guest: web, selected: true),
        FilterCase("include needs every non-empty field", include: GuestFilter(tags: ["web"], nodes: ["pve2"]), guest: web, selected: false),
        FilterCase("include by pool", include: GuestFilter(pools: ["lab"]), guest: web, selected: true),
        FilterCase("include by pool, guest in no pool", include: GuestFilter(pools: ["lab"]), guest: bare, selected: false),
        FilterCase("include by status", include: GuestFilter(status: ["running"]), guest: bare, selected: false),
        FilterCase("include by vmid", include: GuestFilter(vmids: [200]), guest: bare, selected: true),
        FilterCase("exclude by tag", exclude: GuestFilter(tags: ["prod"]), guest: web, selected: false),
        FilterCase("exclude wins over include", include: GuestFilter(tags: ["web"]), exclude: GuestFilter(nodes: ["pve1"]),
                   guest: web, selected: false),
        FilterCase("exclude needs every non-empty field too", exclude: GuestFilter(nodes: ["pve9"], vmids: [100]), guest: web, selected: true),
        FilterCase("exclude tags all needs all", exclude: GuestFilter(tags: ["prod", "db"], tagMatch: .all), guest: web, selected: true),
    ])
    func selection(_ testCase: FilterCase) {
        #expect(testCase.settings.selects(testCase.guest) == testCase.selected)
    }
}
