import Testing
@testable import ProxGuacCore

@Suite("Guest filter")
struct PlannerFilterTests {
    private static let web = GuestFilter.Guest(vmid: 100, node: "pve1", status: "running", tags: ["prod", "Web"], pool: "lab")
    private static let template = GuestFilter.Guest(vmid: 9000, node: "pve1", status: "stopped", isTemplate: true)
    private static let bare = GuestFilter.Guest(vmid: 200, node: "pve2", status: "stopped")

    struct FilterCase: Sendable, CustomTestStringConvertible {
        let name: String
        let filter: GuestFilter
        let guest: GuestFilter.Guest
        let included: Bool
        var testDescription: String { name }
    }

    @Test(arguments: [
        FilterCase(name: "no filter selects every guest", filter: GuestFilter(), guest: web, included: true),
        FilterCase(name: "templates are skipped by default", filter: GuestFilter(), guest: template, included: false),
        FilterCase(name: "templates when includeTemplates", filter: GuestFilter(includeTemplates: true), guest: template, included: true),
        FilterCase(name: "include tags any", filter: GuestFilter(include: .init(tags: ["web", "db"])), guest: web, included: true),
        FilterCase(name: "include tags all, one missing", filter: GuestFilter(include: .init(tags: ["web", "db"], tagMatch: .all)),
                   guest: web, included: false),
        FilterCase(name: "include tags all, both present, case-insensitive",
                   filter: GuestFilter(include: .init(tags: ["PROD", "web"], tagMatch: .all)), guest: web, included: true),
        FilterCase(name: "include needs every non-empty field", filter: GuestFilter(include: .init(tags: ["web"], nodes: ["pve2"])),
                   guest: web, included: false),
        FilterCase(name: "include by pool", filter: GuestFilter(include: .init(pools: ["lab"])), guest: web, included: true),
        FilterCase(name: "include by pool, guest in none", filter: GuestFilter(include: .init(pools: ["lab"])), guest: bare, included: false),
        FilterCase(name: "include by status", filter: GuestFilter(include: .init(statuses: ["running"])), guest: bare, included: false),
        FilterCase(name: "include by vmid", filter: GuestFilter(include: .init(vmids: [200])), guest: bare, included: true),
        FilterCase(name: "exclude by any one field", filter: GuestFilter(exclude: .init(nodes: ["pve9"], vmids: [100])), guest: web, included: false),
        FilterCase(name: "exclude not matching", filter: GuestFilter(exclude: .init(tags: ["nosync"], nodes: ["pve9"])), guest: web, included: true),
        FilterCase(name: "exclude wins over include", filter: GuestFilter(include: .init(tags: ["web"]), exclude: .init(tags: ["prod"])),
                   guest: web, included: false),
        FilterCase(name: "exclude tags all needs all", filter: GuestFilter(exclude: .init(tags: ["prod", "db"], tagMatch: .all)),
                   guest: web, included: true),
    ])
    func decision(_ testCase: FilterCase) {
        #expect(testCase.filter.includes(testCase.guest) == testCase.included)
    }

    @Test("a skipped guest says which setting skipped it")
    func reasons() {
        #expect(GuestFilter().decision(for: Self.template) == .skipped(reason: "template (set sync.includeTemplates to sync templates)"))
        #expect(GuestFilter(include: .init(tags: ["web"], nodes: ["pve2"])).decision(for: Self.web)
            == .skipped(reason: "not selected by sync.include.nodes"))
        #expect(GuestFilter(exclude: .init(pools: ["lab"])).decision(for: Self.web) == .skipped(reason: "matched by sync.exclude.pools"))
    }
}
