import Foundation

/// Turns an `HTTPError` into the `ProxmoxError` that says what it means for the call that failed.
struct ProxmoxCallContext: Sendable {
    enum Purpose: Sendable { case general, agent, configWrite }

    /// `GET /nodes/pve1/qemu/100/config`, for messages.
    let request: String
    let node: String?
    let guest: ProxmoxGuestID?
    let purpose: Purpose

    func map(_ error: HTTPError) -> ProxmoxError {
        guard let status = error.status else { return .transport(error) }
        let text = Self.firstLine(error.serverText)
        switch status {
        case 401:
            return .authenticationFailed(reason: text.isEmpty ? "HTTP 401" : text)
        case 403:
            let (path, privilege) = Self.permissionDetail(text)
            return .permissionDenied(path: path, privilege: privilege, message: text)
        case 501:
            return .notSupported(request: request, message: text)
        case 595...599:
            return .nodeOffline(node: node ?? "(unknown)", reason: text.isEmpty ? "HTTP \(status)" : text)
        case 500 where text.hasPrefix("Configuration file") && text.hasSuffix("does not exist"):
            if let guest { return .guestNotFound(guest) }
        case 500 where text.hasPrefix("checksum mis") || text.hasPrefix("detected modified configuration"):
            if let guest { return .configChanged(guest) }
        case 500 where text.hasPrefix("VM is locked") || text.hasPrefix("CT is locked"):
            if let guest { return .locked(guest, reason: text) }
        case 500 where purpose == .agent:
            return .agentUnavailable(vmid: guest?.vmid ?? 0, reason: text)
        default:
            break
        }
        return .server(status: status, request: request, message: text.isEmpty ? "HTTP \(status)" : text)
    }

    private static func firstLine(_ text: String) -> String {
        String(text.split(whereSeparator: \.isNewline).first ?? "").trimmingCharacters(in: .whitespaces)
    }

    /// `Permission check failed (/vms/100, VM.Audit)` → (`/vms/100`, `VM.Audit`).
    static func permissionDetail(_ text: String) -> (String?, String?) {
        guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close else {
            return (nil, nil)
        }
        let inside = text[text.index(after: open)..<close]
        guard let comma = inside.range(of: ", ") else { return (nil, nil) }
        let path = inside[..<comma.lowerBound].trimmingCharacters(in: .whitespaces)
        let privilege = inside[comma.upperBound...].trimmingCharacters(in: .whitespaces)
        guard path.hasPrefix("/"), !privilege.isEmpty else { return (nil, nil) }
        return (path, privilege)
    }
}
