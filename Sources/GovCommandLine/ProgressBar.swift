import Foundation

/// A one-line progress bar on a terminal, a line per tenth elsewhere.
public struct ProgressBar: Sendable {
    let label: String
    let started = Date()
    let isTerminal = isatty(STDOUT_FILENO) != 0

    public init(label: String) { self.label = label }

    public func show(_ done: Int, _ total: Int) {
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        let elapsed = Date().timeIntervalSince(started)
        if isTerminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            print(String(format: "\r%@ %@ %3.0f%% %d/%d  %.0f s", label, bar, fraction * 100, done, total, elapsed), terminator: done == total ? "\n" : "")
        } else if done == total || done % max(1, total / 10) == 0 {
            print(String(format: "%@ %d/%d (%.0f%%) %.0f s", label, done, total, fraction * 100, elapsed))
        }
        fflush(nil)
    }
}
