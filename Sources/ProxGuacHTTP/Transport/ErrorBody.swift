import Foundation

/// Pulls the human text out of an error body: Proxmox `{"message": …, "errors": {param: text}}` and
/// Guacamole `{"message": …, "type": …}`. Bodies that are not JSON objects yield nil.
enum ErrorBody {
    static func message(from body: [UInt8]) -> String? {
        guard !body.isEmpty,
            let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        else { return nil }
        var parts: [String] = []
        if let message = object["message"] as? String {
            parts.append(message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if let errors = object["errors"] as? [String: Any] {
            parts += errors.keys.sorted().map { key in
                let text = (errors[key] as? String) ?? String(describing: errors[key] ?? "")
                return "\(key): \(text.trimmingCharacters(in: .whitespacesAndNewlines))"
            }
        }
        let text = parts.filter { !$0.isEmpty }.joined(separator: "; ")
        return text.isEmpty ? nil : text
    }
}
