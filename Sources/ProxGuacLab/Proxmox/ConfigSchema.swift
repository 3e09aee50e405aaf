/// The config keys the emulated PUT/POST accept; anything else is a 400 "not defined in schema",
/// as on a real node (this is what a raw `;` in a form body usually runs into).
enum ConfigSchema {
    private static let common: Set<String> = [
        "description", "tags", "onboot", "protection", "startup", "lock", "template", "memory", "cores", "ostype",
        "nameserver", "searchdomain", "arch",
    ]
    private static let qemuOnly: Set<String> = [
        "name", "agent", "balloon", "sockets", "cpulimit", "cpu", "boot", "bios", "machine", "scsihw", "vga", "numa",
        "ciuser", "cipassword", "citype", "sshkeys", "hotplug", "tablet", "kvm", "localtime", "vmgenid", "smbios1",
    ]
    private static let lxcOnly: Set<String> = ["hostname", "swap", "rootfs", "unprivileged", "features", "cmode", "console", "tty"]
    private static let qemuFamilies = ["net", "ipconfig", "scsi", "virtio", "ide", "sata", "unused", "efidisk", "serial", "usb"]
    private static let lxcFamilies = ["net", "mp", "unused"]

    static func accepts(_ key: String, type: LabScenario.GuestType) -> Bool {
        if common.contains(key) || (type == .qemu ? qemuOnly : lxcOnly).contains(key) { return true }
        return (type == .qemu ? qemuFamilies : lxcFamilies).contains { family in
            key.hasPrefix(family) && Int(key.dropFirst(family.count)).map { (0...31).contains($0) } == true
        }
    }
}
