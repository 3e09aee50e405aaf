import Foundation

extension LabScenario {
    /// Path of `assets/lab-default.json`: found next to this source tree (the package root),
    /// else in the current directory's `assets/`. Empty when neither exists.
    public static var defaultScenarioPath: String {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Scenario
            .deletingLastPathComponent()  // ProxGuacLab
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()
        let candidates = [
            packageRoot.appendingPathComponent("assets/lab-default.json").path,
            FileManager.default.currentDirectoryPath + "/assets/lab-default.json",
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? ""
    }

    /// The default scenario (`assets/lab-default.json`).
    public static func defaultScenario() throws(LabError) -> LabScenario {
        let path = defaultScenarioPath
        guard !path.isEmpty else { throw .defaultScenarioMissing }
        return try load(path: path)
    }
}
