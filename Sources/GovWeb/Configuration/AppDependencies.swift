import Foundation
import GovStore

/// Side effects GovHall needs from the world, injected so tests control them (DESIGN.md: "tests set the time").
public struct AppDependencies: Sendable {
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    public static let live = AppDependencies(now: { Date() })
}
