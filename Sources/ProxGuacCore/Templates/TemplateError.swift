/// Why a connection-name template was refused.
public enum TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `{name}` is not a known variable; `suggestion` is the closest known one, if any is close.
    case unknownVariable(name: String, suggestion: String?)
    /// `{password}` would put the password into a visible connection name.
    case passwordVariable
    /// The template renders to nothing.
    case empty

    public var description: String {
        switch self {
        case let .unknownVariable(name, suggestion):
            let hint = suggestion.map { "did you mean {\($0)}? " } ?? ""
            return "unknown template variable {\(name)}: \(hint)use one of "
                + TemplateVariable.allCases.map { "{\($0.rawValue)}" }.joined(separator: " ")
        case .passwordVariable:
            return "{password} is not allowed in a connection name: it would show the password to every user; remove it"
        case .empty:
            return "the connection name template is empty; write one such as {user}@{vmname}-{proto}"
        }
    }
}
