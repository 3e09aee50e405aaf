import Foundation
import ProxGuacCore

/// A configuration ready to use, with the file it came from and the warnings to show.
public struct LoadedConfig: Sendable {
    public var config: ProxGuacConfig
    /// The config file as shown to the user (e.g. `config.json`, `/etc/proxguac/config.json`).
    public var path: String
    public var warnings: [ConfigWarning]
}

/// Finds, reads and parses the config file.
///
/// Search order: `--config FILE`, else `$PROXGUAC_CONFIG`, else the first existing of
/// `./config.json`, `$XDG_CONFIG_HOME/proxguac/config.json` (default `~/.config`), `/etc/proxguac/config.json`.
/// The environment and file access are injected so tests need no global state.
public struct ConfigLoader: Sendable {
    public static let environmentVariable = "PROXGUAC_CONFIG"
    public static let systemPath = "/etc/proxguac/config.json"

    public var environment: [String: String]
    public var files: any ConfigFileReading

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, files: any ConfigFileReading = LocalConfigFiles()) {
        self.environment = environment
        self.files = files
    }

    /// The candidate paths in search order, when no file was named explicitly.
    public var searchPaths: [String] {
        var paths = ["config.json"]
        if let configHome = environment["XDG_CONFIG_HOME"], configHome.hasPrefix("/") {
            paths.append(configHome + "/proxguac/config.json")
        } else if let home = environment["HOME"], !home.isEmpty {
            paths.append(home + "/.config/proxguac/config.json")
        }
        paths.append(Self.systemPath)
        return paths
    }

    /// Loads the config named by `explicitPath` (from `--config`), or found by the search order.
    public func load(explicitPath: String? = nil) throws(ConfigError) -> LoadedConfig {
        let (path, contents) = try locate(explicitPath: explicitPath)
        return try parse(contents, path: path)
    }

    /// Parses config text as if read from `path` (relative paths inside resolve against its directory);
    /// used by commands that edit the config to check the new text before writing it.
    public func parse(_ contents: ConfigFileContents, path: String) throws(ConfigError) -> LoadedConfig {
        var warnings: [ConfigWarning] = []
        if contents.isReadableByOthers {
            warnings.append(ConfigWarning(file: path, keyPath: nil, message: "readable by group or others and may hold secrets: chmod 600 \(path)"))
        }
        let directory = (path as NSString).deletingLastPathComponent
        let context = ConfigParseContext(fileName: path, directory: directory.isEmpty ? "." : directory, environment: environment, files: files)
        let parsed = try ConfigParser.parse(contents.text, context: context)
        return LoadedConfig(config: parsed.config, path: path, warnings: warnings + parsed.warnings)
    }

    private func locate(explicitPath: String?) throws(ConfigError) -> (String, ConfigFileContents) {
        if let named = explicitPath ?? environment[Self.environmentVariable].flatMap({ $0.isEmpty ? nil : $0 }) {
            let via = explicitPath == nil ? "$\(Self.environmentVariable)" : "--config"
            do {
                return (named, try files.readConfigFile(atPath: named))
            } catch {
                throw ConfigError(.unreadableFile, file: named, keyPath: nil, problem: "cannot read the config file named by \(via) (\(error.reason))",
                                  fix: "fix the path, or copy config.example.json there")
            }
        }
        for candidate in searchPaths {
            do {
                return (candidate, try files.readConfigFile(atPath: candidate))
            } catch where error.isMissing {
                continue
            } catch {
                throw ConfigError(.unreadableFile, file: candidate, keyPath: nil, problem: "cannot read the config file (\(error.reason))",
                                  fix: "fix its permissions or pass --config FILE")
            }
        }
        throw ConfigError(.unreadableFile, file: "config.json", keyPath: nil,
                          problem: "no config file found (looked at \(searchPaths.joined(separator: ", ")))",
                          fix: "copy config.example.json to one of them, or pass --config FILE or set \(Self.environmentVariable)")
    }
}
