import Testing
@testable import ProxGuacHTTP

/// Pure helpers: form encoding and the redacted form of URLs that reaches logs and errors.
@Suite struct EncodingTests {
    @Test func formEncodingEscapesEveryByteProxmoxWouldSplitOrAlter() {
        let encoded = FormEncoding.encode([("description", "a;b=c+d&e%f g\n\"é")])
        #expect(encoded == "description=a%3Bb%3Dc%2Bd%26e%25f%20g%0A%22%C3%A9")
        #expect(FormEncoding.percentEncode("AZaz09-._~") == "AZaz09-._~")
    }

    @Test(arguments: [
        ("https://h:1/api/session/data/ds/connections?token=SECRET", "https://h:1/api/session/data/ds/connections?token=<redacted>"),
        ("https://h:1/api/tokens/ABCDEF", "https://h:1/api/tokens/<redacted>"),
        ("https://user:pw@h:1/api2/json/version", "https://h:1/api2/json/version"),
        ("https://h:1/api2/json/access/permissions?path=%2Fvms%2F1", "https://h:1/api2/json/access/permissions?path=%2Fvms%2F1"),
        ("https://h:1/api2/json/cluster/resources?type=vm&ticket=T", "https://h:1/api2/json/cluster/resources?type=vm&ticket=<redacted>"),
    ])
    func logsAndErrorsNeverShowSecretsFromURLs(url: String, shown: String) {
        #expect(RedactedTarget.of(url) == shown)
    }
}
