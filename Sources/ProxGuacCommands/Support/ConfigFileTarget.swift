import Glibc

/// The file a config path really names: symlinks resolved, with its owner (nil when it cannot be read).
struct ConfigFileTarget {
    var path: String
    var owner: (user: uid_t, group: gid_t)?

    init(_ path: String) {
        var resolved = path
        if let real = realpath(path, nil) {
            resolved = String(cString: real)
            free(real)
        }
        self.path = resolved
        var info = stat()
        owner = stat(resolved, &info) == 0 ? (info.st_uid, info.st_gid) : nil
    }
}
