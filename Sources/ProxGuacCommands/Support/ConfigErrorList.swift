import ProxGuacCore

extension ConfigError {
    /// This error and the ones found with it, each on its own (no ``others``).
    var all: [ConfigError] {
        var first = self
        first.others = []
        return [first] + others.flatMap(\.all)
    }

    /// Prints every error but the last as an error line on stderr and returns the last, for the
    /// caller to throw (it sets the exit code): one run shows every broken section of the config.
    func reportingAllButLast() -> ConfigError {
        var errors = all
        let last = errors.removeLast()
        for error in errors { reportError(error) }
        return last
    }
}
