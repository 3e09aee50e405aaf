/// A network value (MAC, IP address, CIDR, subnet list) that could not be understood.
///
/// Every message is one line that names the bad value and shows the expected form.
public enum NetworkValueError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidMAC(String)
    case notUnicastMAC(String)
    case invalidIPv4(String)
    case invalidIPv6(String)
    case invalidIPAddress(String)
    case invalidCIDR(String)
    case invalidPort(String)

    public var description: String {
        switch self {
        case .invalidMAC(let text):
            return "invalid MAC address \"\(text)\": expected six hex pairs such as BC:24:11:5E:7A:01"
        case .notUnicastMAC(let text):
            return "MAC address \"\(text)\" is a multicast/broadcast or all-zero address: give the guest's own (unicast) MAC"
        case .invalidIPv4(let text):
            return "invalid IPv4 address \"\(text)\": expected four numbers 0-255 such as 198.51.100.7"
        case .invalidIPv6(let text):
            return "invalid IPv6 address \"\(text)\": expected a form such as 2001:db8::7"
        case .invalidIPAddress(let text):
            return "invalid IP address \"\(text)\": expected IPv4 (198.51.100.7) or IPv6 (2001:db8::7)"
        case .invalidCIDR(let text):
            return "invalid subnet \"\(text)\": expected IPv4 CIDR such as 198.51.100.0/24 (prefix 0-32) or \"auto\""
        case .invalidPort(let text):
            return "invalid UDP port \"\(text)\": expected a number 1-65535"
        }
    }
}
