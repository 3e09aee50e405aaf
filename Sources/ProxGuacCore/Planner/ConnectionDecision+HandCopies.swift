extension ConnectionDecision {
    /// Connections that carry this identity's marker but are not the managed one are left alone:
    /// copies made by hand (Guacamole's "Clone" copies the marker) are reported, never updated or deleted.
    /// With several copies and no state record naming one (`ambiguous`), none is touched and none is created.
    mutating func leaveHandCopies(_ copies: [ObservedConnection], ambiguous: [ObservedConnection]) {
        if !ambiguous.isEmpty {
            let ids = ambiguous.map { "#\($0.identifier)" }.joined(separator: ", ")
            statuses = [.duplicate]
            reason = "\(ambiguous.count) connections carry this marker (\(ids)) and the state names none of them: none is touched; `proxguac adopt --connection ID` names the managed one"
            work = .none
            changedFields = []
            stateUpdate = .keep
            return
        }
        guard !copies.isEmpty else { return }
        let ids = copies.map { "#\($0.identifier) \($0.name)" }.joined(separator: ", ")
        statuses.insert(.duplicate, at: 0)
        reason = "copied by hand: \(ids) left alone; " + reason
    }
}

extension ConnectionDecision {
    /// A connection to create whose place (group path and name) holds an unmarked connection proxguac does
    /// not own: a place match never makes that connection managed, so nothing is created or changed there.
    /// - Parameter taken: identifiers of unidentified connections under the root group, by full place.
    mutating func refuseTakenPlace(_ taken: [GroupPath: String]) {
        guard case .create = work, let desired, let path = wantedPath,
              let occupant = taken[path.appending(desired.name)] else { return }
        statuses = [.missing]
        reason = "#\(occupant) already sits at \(path.appending(desired.name)) without a proxguac marker: not created and left untouched; `proxguac adopt` takes it over, or rename one of them"
        work = .none
        stateUpdate = .remove
    }
}
