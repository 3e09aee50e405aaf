import Foundation
import Glibc
import ProxGuacCore
import ProxGuacNet

/// A throwaway LAN made of network namespaces, so that sweeps, ARP and Wake-on-LAN run for real without
/// a single packet on the machine's own interfaces:
///
///     <id>-sw     bridge br0 ── p0 ─ veth ─ eth0 in <id>-scan  (198.51.100.1, the machine under test)
///                           ── p1 ─ veth ─ eth0 in <id>-h1    (198.51.100.11, …)
///                           ── …
///
/// Every namespace name carries a per-run id; `tearDown` deletes them all (veths go with them).
final class EmulatedLAN: Sendable {
    struct Host: Sendable {
        let namespace: String
        let mac: MACAddress
        let address: IPv4Address
        let answersPing: Bool
    }

    static let subnet = IPv4Subnet(containing: IPv4Address(198, 51, 100, 0), prefixLength: 24)
    static let scannerAddress = IPv4Address(198, 51, 100, 1)
    static let scannerMAC = MACAddress(bytes: [0x02, 0x50, 0x47, 0x00, 0x00, 0xFE])!

    let id: String
    let switchNamespace: String
    let scannerNamespace: String
    let hosts: [Host]

    var allNamespaces: [String] { [switchNamespace, scannerNamespace] + hosts.map(\.namespace) }

    /// Builds the LAN; `answersPing[i]` says whether host i answers ICMP echo, `macs[i]` replaces its
    /// default MAC (02:50:47:00:00:i+1). Cleans up after itself on failure.
    static func build(answersPing: [Bool], macs: [Int: MACAddress] = [:]) throws -> EmulatedLAN {
        let id = "pgq\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        let hosts = answersPing.enumerated().map { index, answers in
            Host(
                namespace: "\(id)-h\(index + 1)",
                mac: macs[index] ?? MACAddress(bytes: [0x02, 0x50, 0x47, 0x00, 0x00, UInt8(index + 1)])!,
                address: IPv4Address(198, 51, 100, UInt8(11 + index)),
                answersPing: answers
            )
        }
        let lan = EmulatedLAN(id: id, hosts: hosts)
        do {
            try lan.create()
        } catch {
            lan.tearDown()
            throw error
        }
        return lan
    }

    private init(id: String, hosts: [Host]) {
        self.id = id
        self.switchNamespace = "\(id)-sw"
        self.scannerNamespace = "\(id)-scan"
        self.hosts = hosts
    }

    private func create() throws {
        for namespace in allNamespaces {
            try Shell.ip("netns", "add", namespace)
            try Shell.ip("-n", namespace, "link", "set", "lo", "up")
        }
        try Shell.ip("-n", switchNamespace, "link", "add", "br0", "type", "bridge")
        try Shell.ip("-n", switchNamespace, "link", "set", "br0", "up")
        let members: [(namespace: String, mac: MACAddress, address: IPv4Address)] =
            [(scannerNamespace, EmulatedLAN.scannerMAC, EmulatedLAN.scannerAddress)]
            + hosts.map { ($0.namespace, $0.mac, $0.address) }
        for (index, member) in members.enumerated() {
            let port = "p\(index)"
            try Shell.ip("-n", switchNamespace, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", member.namespace)
            try Shell.ip("-n", switchNamespace, "link", "set", port, "master", "br0", "up")
            try Shell.ip("-n", member.namespace, "link", "set", "eth0", "address", member.mac.lowercased)
            try Shell.ip("-n", member.namespace, "addr", "add", "\(member.address)/24", "broadcast", "198.51.100.255", "dev", "eth0")
            try Shell.ip("-n", member.namespace, "link", "set", "eth0", "up")
        }
        for host in hosts where !host.answersPing {
            try setSysctl("net/ipv4/icmp_echo_ignore_all", to: "1", in: host.namespace)
        }
    }

    /// Writes `/proc/sys/<key>` inside a namespace.
    func setSysctl(_ key: String, to value: String, in namespace: String) throws {
        try Shell.ip("netns", "exec", namespace, "sh", "-c", "echo '\(value)' > /proc/sys/\(key)")
    }

    /// Runs blocking network work on threads that first enter `namespace`.
    func executor(in namespace: String) -> BlockingExecutor {
        BlockingExecutor { () throws(NetworkIOError) in try NetworkNamespace.enter(namespace) }
    }

    /// The machine under test: everything it does happens inside the scanner namespace.
    var scanner: LocalNetwork { LocalNetwork(executor: executor(in: scannerNamespace)) }

    func tearDown() {
        for namespace in allNamespaces.reversed() {
            try? Shell.ip("netns", "del", namespace)
        }
    }

    /// Builds a LAN, runs `body`, and always deletes the LAN. Returns `nil` (after printing why) only when
    /// the environment cannot build namespaces and `PROXGUAC_SKIP_NETNS=1` asks to skip; otherwise such an
    /// environment throws, so the test fails with the reason.
    static func with<T>(answersPing: [Bool], macs: [Int: MACAddress] = [:], _ body: (EmulatedLAN) async throws -> T) async throws -> T? {
        if let missing = NetworkNamespace.missingPrerequisite {
            if ProcessInfo.processInfo.environment["PROXGUAC_SKIP_NETNS"] == "1" {
                print("skipping network-namespace test (PROXGUAC_SKIP_NETNS=1): \(missing)")
                return nil
            }
            throw LANSetupError(message: "\(missing); these tests need root and iproute2 (set PROXGUAC_SKIP_NETNS=1 to skip them)")
        }
        let lan = try build(answersPing: answersPing, macs: macs)
        defer { lan.tearDown() }
        return try await body(lan)
    }
}

struct LANSetupError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Entering a named network namespace (`ip netns add` creates `/run/netns/<name>`).
enum NetworkNamespace {
    /// Why namespaces cannot be built here, or `nil`.
    static var missingPrerequisite: String? {
        if geteuid() != 0 { return "not running as root (uid \(geteuid()))" }
        if Shell.find("ip") == nil { return "the `ip` command (iproute2) is not installed" }
        return nil
    }

    private typealias SetNamespace = @convention(c) (Int32, Int32) -> Int32
    private static let cloneNewNet: Int32 = 0x4000_0000

    /// Moves the calling thread into the namespace. Throws (and the work does not run) when that fails.
    static func enter(_ name: String) throws(NetworkIOError) {
        let descriptor = open("/run/netns/\(name)", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .systemCall("open /run/netns/\(name)", code: errno) }
        defer { close(descriptor) }
        // Glibc's Swift overlay does not export setns(2); look it up at run time.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setns") else {
            throw .systemCall("dlsym setns", code: ENOSYS)
        }
        let setNamespace = unsafeBitCast(symbol, to: SetNamespace.self)
        guard setNamespace(descriptor, cloneNewNet) == 0 else { throw .systemCall("setns \(name)", code: errno) }
    }
}

/// Runs system commands for the test LAN.
enum Shell {
    static func find(_ command: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        return directories.map { "\($0)/\(command)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func ip(_ arguments: String...) throws {
        _ = try run("ip", arguments)
    }

    /// What a finished command printed and how it exited.
    struct Output {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// Runs a command to completion; throws with its stderr when it fails.
    @discardableResult
    static func run(_ command: String, _ arguments: [String]) throws -> Output {
        let output = try runAllowingFailure(command, arguments)
        guard output.status == 0 else {
            throw LANSetupError(message: "\(command) \(arguments.joined(separator: " ")) failed (\(output.status)): \(output.stderr)")
        }
        return output
    }

    /// Runs a command to completion and reports how it went, whatever its exit status.
    static func runAllowingFailure(_ command: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil) throws -> Output {
        let process = try makeProcess(command, arguments, environment: environment, directory: directory)
        // Files, not pipes: a chatty command can never block on a full pipe.
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("proxguac-shell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: capture, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: capture) }
        let outURL = capture.appendingPathComponent("stdout")
        let errURL = capture.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        return Output(
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "",
            status: process.terminationStatus
        )
    }

    static func makeProcess(_ command: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil) throws -> Process {
        guard let executable = find(command) else { throw LANSetupError(message: "\(command) not found") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        return process
    }
}
