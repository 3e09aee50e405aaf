import ProxGuacCore

/// Asks for a credential entry for guests whose notes have none: user, protocols, then the password
/// (hidden: nothing of it is drawn, not even its length). Enter on the password writes the entry into each
/// guest's notes (as `add --user --protocols --password-file` does), then shows the plan for those guests.
struct NewEntryScreen: Screen {
    enum Field: Int, CaseIterable { case user, protocols, password }

    /// The guests, by cluster and vmid (`lab2/101`).
    let guests: [GuestKey]
    private(set) var field = Field.user
    private(set) var user = TextField(maxLength: 64)
    private(set) var protocols = TextField(maxLength: 32)
    private var password = TextField(maxLength: 256)
    private(set) var notice: Notice?

    init(guests: [GuestKey]) {
        self.guests = guests
    }

    var title: String { "Add guests · new entry for \(guests.count) guest\(guests.count == 1 ? "" : "s")" }
    var capturesText: Bool { true }
    var hints: String { "Enter/Tab next field   ↑ previous   Esc back (nothing is written)" }

    mutating func handle(_ key: Key, in layout: Layout) -> Transition {
        notice = nil
        switch field {
        case .user: if user.handle(key) { return .stay }
        case .protocols: if protocols.handle(key) { return .stay }
        case .password: if password.handle(key) { return .stay }
        }
        switch key {
        case .tab, .down:
            field = Field(rawValue: min(field.rawValue + 1, Field.password.rawValue)) ?? field
            return .stay
        case .up:
            field = Field(rawValue: max(field.rawValue - 1, 0)) ?? field
            return .stay
        case .enter:
            guard field == .password else {
                field = Field(rawValue: field.rawValue + 1) ?? field
                return .stay
            }
            return submit()
        case .escape:
            password.clear()
            return .back(Notice(text: "No entry written; nothing was changed.", style: .warning))
        default:
            return .stay
        }
    }

    private mutating func submit() -> Transition {
        let name = user.value.trimmingSpaces
        guard !name.isEmpty, !name.contains(where: { $0 == "\"" || $0 == ";" || $0 == "\\" }) else {
            field = .user
            notice = Notice(text: "Type the login user (no quotes, semicolons or backslashes).", style: .warning)
            return .stay
        }
        guard let list = NewNotesEntry.protocols(from: protocols.value) else {
            field = .protocols
            notice = Notice(text: "Protocols: a comma-separated list of rdp, vnc and ssh, e.g. rdp,ssh.", style: .warning)
            return .stay
        }
        guard !password.value.isEmpty else {
            notice = Notice(text: "Type the password (it is not shown), then Enter.", style: .warning)
            return .stay
        }
        let entry = NewNotesEntry(guests: guests, user: name, protocols: list, password: Secret(password.value))
        password.clear()
        return .start(.writeEntry(entry))
    }

    mutating func receive(_ result: OperationResult, in layout: Layout) -> Transition {
        switch result {
        case .entryWritten(let lines):
            notice = Notice(text: lines.last ?? "No entry written.", style: .good)
            return .start(.plan(.guests(guests)))
        case .plan(let plan):
            return .replace(PlanReviewScreen(plan: plan))
        case .failed:
            field = .password
            return .stay
        default:
            return .stay
        }
    }

    func render(into canvas: inout Canvas, in layout: Layout) {
        let top = layout.bodyTop + 1
        let named = guests.map(\.description).joined(separator: ", ")
        canvas.write(ColumnWidth.truncate("A credential entry for the notes of guest(s) \(named)", to: layout.width - 2),
                     row: top, column: 1, style: .heading)
        let rows: [(Field, String, String)] = [
            (.user, "User:", user.value),
            (.protocols, "Protocols (rdp, vnc, ssh):", protocols.value),
            // Hidden: nothing of the password is drawn, not even its length.
            (.password, "Password (hidden):", ""),
        ]
        for (index, (which, label, value)) in rows.enumerated() {
            let row = top + 2 + index
            let focused = which == field
            let used = canvas.write((focused ? "› " : "  ") + label + " ", row: row, column: 1, style: focused ? .accent : .normal)
            canvas.write(value + (focused ? "▏" : ""), row: row, column: 1 + used, style: .accent)
        }
        let note = "Written into each guest's notes with the config digest (a concurrent edit is never overwritten); "
            + "encrypted and bound to the guest and user (and its cluster, when named) when a key is set."
        for (index, line) in ColumnWidth.wrap(note, to: layout.width - 2).prefix(3).enumerated() {
            canvas.write(line, row: top + 6 + index, column: 1, style: .dim)
        }
    }
}

extension String {
    /// Without leading and trailing spaces.
    var trimmingSpaces: String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}
