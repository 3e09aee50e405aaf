import ProxGuacCommands

@main
struct Entrypoint {
    static func main() async {
        await ProxGuacMain.mainHonouringLogFormat()
    }
}
