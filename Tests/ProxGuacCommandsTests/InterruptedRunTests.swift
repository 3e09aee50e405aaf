import Foundation
import Glibc
import Testing
import ProxGuacLab

/// Acceptance (issue 8): a run killed at any point leaves a state the next run converges from, and two
/// runs at once never both apply. The real binary against the lab, with latency so apply takes a while.
@Suite("Interrupted and concurrent runs")
struct InterruptedRunTests {
    static let scenario = LabScenario.generated(guests: 30, nodes: 2, seed: 3)

    static func options(guacamoleVersion: String) -> LabOptions {
        var options = LabOptions()
        // Each write takes at least this long, so a kill after write K lands while the run still works,
        // even when the machine is busy and the watching thread is scheduled late (after its last write a
        // run now needs only a few ms to finish; with 40 ms, 1 CI run in 5 saw only 3 of 5 runs interrupted).
        options.latency = .milliseconds(100)
        options.guacamoleVersion = guacamoleVersion
        return options
    }

    /// What an uninterrupted run writes and makes: (write requests, markers).
    static func reference(guacamoleVersion: String) async throws -> (writes: Int, markers: Set<String>) {
        let lab = try BinaryLab.start(scenario, options: options(guacamoleVersion: guacamoleVersion))
        defer { lab.stop() }
        let run = try await lab.run(["auto", "--config", lab.config])
        guard run.status == 0 else { throw BinaryLabFailure("reference run failed: \(run.stderr)") }
        return (lab.writes, Set(lab.markerCounts.keys))
    }

    @Test("killed at 10 seeded points during apply (SIGKILL, SIGTERM, SIGINT); each next run converges: no duplicate, none missing, notes untouched",
          arguments: ["1.5.5", "1.6.0"])
    func killedDuringApply(guacamoleVersion: String) async throws {
        let reference = try await Self.reference(guacamoleVersion: guacamoleVersion)
        #expect(reference.writes > 2 && reference.markers.count > 30)
        var random = TestRandom(seed: guacamoleVersion == "1.6.0" ? 16 : 15)
        var interrupted = 0
        for point in 0..<5 {
            let lab = try BinaryLab.start(Self.scenario, options: Self.options(guacamoleVersion: guacamoleVersion))
            defer { lab.stop() }
            let notes = lab.notes
            // Within the first 80% of the writes: after the last few a run ends within one request's latency,
            // which a polling task scheduled late on a busy 2-core machine (the whole suite runs at once) misses.
            let killAfter = 1 + Int(random.next() % UInt64(max(1, reference.writes * 4 / 5 - 1)))
            let running = try RunningBinary(["auto", "--config", lab.config], in: lab.directory.path)
            // SIGINT (Ctrl-C) ends `auto` on the spot, like SIGKILL; SIGTERM first logs the session out (at most 2 s).
            let delivery = try await running.signal([SIGKILL, SIGTERM, SIGINT][point % 3]) { lab.writes >= killAfter }
            let killed = try await running.finish()
            if killed.status != 0 { interrupted += 1 }
            #expect(delivery != .timedOut, "point \(point): the lab never saw \(killAfter) writes")
            #expect(killed.status != 0 || lab.writes >= reference.writes,
                    "point \(point): the run ended before the kill after \(killAfter) writes")

            let next = try await lab.run(["auto", "--config", lab.config])
            #expect(next.status == 0, "point \(point) (kill after \(killAfter) writes): \(next.stderr)")
            let counts = lab.markerCounts
            #expect(counts.values.allSatisfy { $0 == 1 }, "point \(point): duplicates \(counts.filter { $0.value > 1 })")
            #expect(Set(counts.keys) == reference.markers, "point \(point): missing \(reference.markers.subtracting(counts.keys))")
            #expect(try await lab.plannedActions() == 0, "point \(point): the run after the kill did not converge")
            #expect(lab.notes == notes)
        }
        #expect(interrupted >= 4, "only \(interrupted) of 5 runs were still running when the signal came")
    }

    @Test("two auto runs at once: exactly one applies, the other exits 4 naming the holder")
    func twoAtOnce() async throws {
        let lab = try BinaryLab.start(Self.scenario, options: Self.options(guacamoleVersion: "1.6.0"))
        defer { lab.stop() }
        let first = try RunningBinary(["auto", "--config", lab.config], in: lab.directory.path)
        let second = try RunningBinary(["auto", "--config", lab.config], in: lab.directory.path)
        let results = [try await first.finish(), try await second.finish()]
        #expect(results.map(\.status).sorted() == [0, 4], "\(results.map(\.stderr))")
        let refused = try #require(results.first { $0.status == 4 })
        #expect(refused.stderr.contains("another proxguac run holds"))
        #expect(refused.stderr.contains("pid "))
        #expect(lab.markerCounts.values.allSatisfy { $0 == 1 })
        #expect(try await lab.plannedActions() == 0)
    }
}
