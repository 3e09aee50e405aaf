extension Plan {
    /// The plan as text for a person: a summary line, then the actions grouped by kind (one line each,
    /// with its reason), then rows that need attention, unidentified connections and notices.
    /// Parameter values never appear, only field names.
    public func renderText() -> String {
        let byPhase = Dictionary(grouping: actions, by: \.phase)
        var lines = [summaryLine(actionsByPhase: byPhase)]
        for phase in PlanAction.Phase.allCases {
            guard let inPhase = byPhase[phase] else { continue }
            lines.append("\(Self.heading(phase)) (\(inPhase.count)):")
            let symbol = Self.symbol(phase)
            lines += inPhase.map { "  \(symbol) \(Self.detail($0)) — \($0.reason)" }
        }
        let acted = Set(actions.compactMap(\.identity)).union(deletionGuard?.held.compactMap(\.identity) ?? [])
        let attention = rows.filter { $0.status != .ok && !acted.contains($0.identity) }
        if !attention.isEmpty {
            lines.append("Needs attention, no change (\(attention.count)):")
            lines += attention.map { "  ! \($0.status) \($0.path.appending($0.name)) [\($0.identity)] — \($0.reason)" }
        }
        if !unidentified.isEmpty {
            lines.append("Not managed, left untouched (\(unidentified.count)):")
            lines += unidentified.map {
                "  ? #\($0.identifier) \($0.path.appending($0.name)) — no proxguac marker; `proxguac adopt` can take it over"
            }
        }
        if let deletionGuard {
            lines.append("Held back by the deletion guard (\(deletionGuard.held.count)):")
            lines += deletionGuard.held.map { "  x \(Self.detail($0)) — \($0.reason)" }
        }
        if !notices.isEmpty {
            lines.append("Notices:")
            lines += notices.map { "  - \($0)" }
        }
        // Names, paths and reasons come from notes and Guacamole: no control character reaches the terminal.
        return lines.map(TerminalText.escaped).joined(separator: "\n") + "\n"
    }

    private func summaryLine(actionsByPhase: [PlanAction.Phase: [PlanAction]]) -> String {
        let changes = PlanAction.Phase.allCases.compactMap { phase -> String? in
            actionsByPhase[phase].map { "\($0.count) \(phase)" }
        }
        let counts = statusCounts
        let statuses = SyncStatus.allCases.compactMap { status -> String? in
            counts[status].map { "\($0) \(status)" }
        }
        let what = changes.isEmpty ? "no changes" : changes.joined(separator: ", ")
        return "Plan for \"\(options.rootGroup)\": \(what); connections: \(statuses.isEmpty ? "none" : statuses.joined(separator: ", "))"
    }

    private static func heading(_ phase: PlanAction.Phase) -> String {
        switch phase {
        case .createGroups: "Create groups"
        case .moveGroups: "Rename or move groups"
        case .deleteConnections: "Delete connections"
        case .createConnections: "Create connections"
        case .updateConnections: "Update connections"
        case .grants: "Grant READ"
        case .deleteGroups: "Delete groups"
        case .pullIntoNotes: "Write into the notes (--pull)"
        }
    }

    private static func symbol(_ phase: PlanAction.Phase) -> String {
        switch phase {
        case .createGroups, .createConnections, .grants: "+"
        case .moveGroups, .updateConnections: "~"
        case .deleteConnections, .deleteGroups: "-"
        case .pullIntoNotes: "<"
        }
    }

    private static func detail(_ action: PlanAction) -> String {
        switch action.operation {
        case .updateConnection(_, _, _, _, _, let changed):
            "\(action.subject) (\(changed.joined(separator: ", ")))"
        case .pullIntoNotes(_, _, let changes, _):
            "\(action.subject) (\(changes.map(\.field).joined(separator: ", ")))"
        case .grantRead(_, let users, let groups):
            "\(action.subject) to " + (users.map { "user \($0)" } + groups.map { "group \($0)" }).joined(separator: ", ")
        default:
            action.subject
        }
    }
}

extension PlanAction {
    /// The identity a connection action is about.
    public var identity: ConnectionIdentity? {
        switch operation {
        case .deleteConnection(_, let identity, _, _): identity
        case .createConnection(let identity, _, _, _), .updateConnection(_, let identity, _, _, _, _),
             .pullIntoNotes(let identity, _, _, _):
            identity
        case .grantRead(.connection(.planned(let identity)), _, _): identity
        case .createGroup, .moveGroup, .grantRead, .deleteGroup: nil
        }
    }
}
