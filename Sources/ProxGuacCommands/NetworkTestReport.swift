import Foundation
import ProxGuacCore
import ProxGuacNet

/// What `test-network` prints: one row per step, then the answer. Text for people, JSON for scripts.
struct NetworkTestReport: Encodable {
    struct Step: Encodable {
        var step: String
        /// `found`, `nothing`, `skipped` or `failed`.
        var outcome: String
        var detail: String
        var address: String?
        var milliseconds: Int

        init(step: String, outcome: String, detail: String, address: String? = nil, duration: Duration) {
            self.step = step
            self.outcome = outcome
            self.detail = detail
            self.address = address
            self.milliseconds = Int((duration / .milliseconds(1)).rounded())
        }

        init(_ attempt: AddressLookupAttempt) {
            let (outcome, detail, address): (String, String, String?) = switch attempt.result {
            case .found(let address): ("found", address.description, address.description)
            case .nothing(let reason): ("nothing", reason, nil)
            case .skipped(let reason): ("skipped", reason, nil)
            case .failed(let reason): ("failed", reason, nil)
            }
            self.init(step: attempt.source.rawValue, outcome: outcome, detail: detail, address: address, duration: attempt.duration)
        }
    }

    struct Sweep: Encodable {
        var subnets: [String]
        var probesSent: Int
        var responders: [String]
        var socket: String
        var milliseconds: Int
        var summary: String
        /// The run's probe budget and what it left out (issue 17).
        var budget: Int
        var skipped: [String]
    }

    var schemaVersion = TestNetworkCommand.schemaVersion
    var mac: String
    var steps: [Step]
    var address: ResolvedAddress?
    var sweep: Sweep?

    init(mac: MACAddress, ownerStep: Step, resolution: AddressResolution, sweep: SweepReport?) {
        self.mac = mac.description
        self.steps = [ownerStep] + resolution.attempts.map(Step.init)
        self.address = resolution.address
        self.sweep = sweep.map { report in
            Sweep(
                subnets: report.subnets.map(\.description), probesSent: report.outcome.probesSent,
                responders: report.outcome.responders.map(\.description), socket: report.outcome.socketKind.rawValue,
                milliseconds: Int((report.duration / .milliseconds(1)).rounded()), summary: SweepSummary.text(report),
                budget: report.budget, skipped: report.skipped
            )
        }
    }

    var text: String {
        var lines = ["address chain for \(mac):"]
        for step in steps {
            let name = step.step.padding(toLength: 15, withPad: " ", startingAt: 0)
            let outcome = step.outcome.padding(toLength: 8, withPad: " ", startingAt: 0)
            lines.append("  \(name) \(outcome) \(step.detail)  [\(step.milliseconds) ms]")
        }
        if let sweep { lines.append("sweep: \(sweep.summary)") }
        lines.append("result: " + (address.map { "\($0.host) (from \($0.source))" } ?? "no address found"))
        return lines.map(TerminalText.escaped).joined(separator: "\n")
    }

    func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
