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
        // Installed (the Debian package puts it in /usr/share/proxguac next to /usr/bin/proxguac), then the sources.
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let installed = URL(fileURLWithPath: executable).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/proxguac/lab-default.json").path
        let candidates = [
            installed,
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
