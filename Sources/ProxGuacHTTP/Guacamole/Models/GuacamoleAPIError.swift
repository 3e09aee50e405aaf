/// `APIError`, the JSON body of Guacamole's error answers (framework errors have other bodies: decode leniently).
struct GuacamoleAPIError: Decodable {
    let message: String?
    /// `BAD_REQUEST`, `INVALID_CREDENTIALS`, `INSUFFICIENT_CREDENTIALS`, `INTERNAL_ERROR`, `NOT_FOUND`,
    /// `PERMISSION_DENIED`, `STREAM_ERROR`.
    let type: String?
    /// Credential fields the login needs (on credential errors).
    let expected: [Field]?
    /// 1.6.0 only, on a failed batch PATCH.
    let patches: [GuacamolePatchOutcome]?

    struct Field: Decodable {
        let name: String
    }

    static func decode(_ body: [UInt8]) -> GuacamoleAPIError? {
        try? JSONCoding.decode(GuacamoleAPIError.self, from: body).get()
    }
}
