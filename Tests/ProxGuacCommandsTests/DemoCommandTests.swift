import Foundation
import Testing

/// `proxguac demo`, run as a user would: the built binary, against its in-process lab on 127.0.0.1.
@Suite("proxguac demo")
struct DemoCommandTests {
    @Test("demo syncs the lab, shows what it created and that the ROOT connection was untouched")
    func demoRuns() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let result = try ProxGuacBinary.run(["demo"], in: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("win-desktop-admin-rdp"))
        #expect(result.stdout.contains("untouched (ok)"))
        #expect(!result.stdout.contains("P@ssw0rd"))
    }

    @Test("auto --dry-run --json with a missing config fails with one line and exit code 2")
    func autoWithoutConfig() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        let result = try ProxGuacBinary.run(["auto", "--dry-run", "--json", "--config", directory.path + "/none.json"], in: directory.path)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("proxguac: error:"))
    }

    @Test("ui --demo-clusters outside 2…9 is refused in one line (exit 64, a command-line error), before anything else")
    func demoClustersRange() throws {
        let directory = try CLITemporaryDirectory()
        defer { directory.remove() }
        for count in ["1", "12"] {
            let result = try ProxGuacBinary.run(["ui", "--demo-clusters", count], in: directory.path)
            #expect(result.status == 64, "\(result.stderr)")
            #expect(result.stderr.contains("--demo-clusters \(count): give 2 to 9 clusters"), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count <= 3, "\(result.stderr)")
        }
    }
}
