extension ParseSession {
    /// `sync.onDrift`: `report` (default), `push` or `pull`.
    func driftPolicy(_ section: ConfigObject) throws(ConfigError) -> DriftResolution? {
        guard let text = try section.string("onDrift", example: "\"report\"") else { return nil }
        guard let policy = DriftResolution(rawValue: text) else {
            let names = DriftResolution.allCases.map(\.rawValue).joined(separator: ", ")
            throw section.error(.invalidValue, "onDrift", "\"\(text)\" is not a drift policy", fix: "use one of \(names)")
        }
        return policy
    }
}
