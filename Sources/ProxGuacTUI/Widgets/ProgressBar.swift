/// Text for progress: a bar with counts, and elapsed time as m:ss.
enum ProgressBar {
    /// `[█████░░░░░] 3/8` in exactly `width` columns (the bar shrinks to fit the counts).
    static func bar(completed: Int, total: Int, width: Int) -> String {
        let counts = " \(completed)/\(total)"
        let inner = max(1, width - 2 - counts.count)
        let filled = total > 0 ? min(inner, inner * max(0, completed) / total) : 0
        return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: inner - filled) + "]" + counts
    }

    static func elapsed(_ duration: Duration) -> String {
        let seconds = max(0, Int(duration.components.seconds))
        let minutes = seconds / 60
        let rest = seconds % 60
        return "\(minutes):" + (rest < 10 ? "0" : "") + "\(rest)"
    }
}
