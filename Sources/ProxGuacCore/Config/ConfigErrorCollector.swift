/// Gathers the errors of several independent settings, so one run reports all of them:
///
///     var errors = ConfigErrorCollector()
///     let url = errors.attempt { try url(section, "url", ...) }
///     let auth = errors.attempt { try proxmoxAuth(section) }
///     try errors.throwIfAny()        // the first, with the rest as `others`
///     return Settings(url: url!, auth: auth!)
struct ConfigErrorCollector {
    private(set) var errors: [ConfigError] = []

    mutating func attempt<T>(_ body: () throws(ConfigError) -> T) -> T? {
        do throws(ConfigError) {
            return try body()
        } catch {
            record(error)
            return nil
        }
    }

    /// Runs `body` for its effect (setting one field); an error is recorded and the caller goes on with
    /// the next setting, so a section reports all its broken settings in one run.
    mutating func check(_ body: () throws(ConfigError) -> Void) {
        do throws(ConfigError) {
            try body()
        } catch {
            record(error)
        }
    }

    /// Adds `error` and the ones it carries, flattened.
    mutating func record(_ error: ConfigError) {
        var first = error
        first.others = []
        errors.append(first)
        for other in error.others { record(other) }
    }

    func throwIfAny() throws(ConfigError) {
        guard var first = errors.first else { return }
        first.others = Array(errors.dropFirst())
        throw first
    }
}
