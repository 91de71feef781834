import Foundation

/// What GovHall takes from the world besides its database and its requests: the time, new identifiers and random
/// numbers. A server uses the system's; a test fixes all three, so that the same requests give the same answers,
/// byte for byte (DESIGN.md: "tests set the time").
///
/// The application's one dependencies value holds them, and binds them as ``current`` around every request, job and
/// seeding, so the stores, which are called from all three, draw from it without each call passing it along.
public struct Effects: Sendable {
    public var now: @Sendable () -> Date
    public var newID: @Sendable () -> UUID
    /// Uniformly distributed 64-bit numbers: query codes, tokens, passwords. The live source is the system's CSPRNG.
    public var random: @Sendable () -> UInt64

    public init(now: @escaping @Sendable () -> Date, newID: @escaping @Sendable () -> UUID, random: @escaping @Sendable () -> UInt64) {
        self.now = now
        self.newID = newID
        self.random = random
    }

    public static let live = Effects(
        now: { Date() }, newID: { UUID() },
        random: {
            var system = SystemRandomNumberGenerator()
            return system.next()
        })

    /// `count` random bytes, for keys.
    public func randomBytes(_ count: Int) -> [UInt8] {
        Array((0..<(count + 7) / 8).flatMap { _ in withUnsafeBytes(of: random().littleEndian, Array.init) }.prefix(count))
    }

    /// The effects in force for the current task: ``live`` unless an application, a job or a test bound others.
    @TaskLocal public static var current: Effects = .live

    /// Identifiers `namespace`-0000-4000-8000-000000000001, …002, … in the order they are asked for: distinct from
    /// those of another namespace (a template seeded before a test uses one, the test another), and readable in a
    /// snapshot.
    public static func sequentialIDs(namespace: UInt32) -> @Sendable () -> UUID {
        let counter = Counter()
        return {
            let n = counter.next()
            let hex = String(format: "%08x-0000-4000-8000-%012llx", namespace, n)
            return UUID(uuidString: hex)!
        }
    }

    /// A fixed stream of random numbers (SplitMix64 from `seed`), the same on every run.
    public static func seededRandom(_ seed: UInt64) -> @Sendable () -> UInt64 {
        let counter = Counter()
        return {
            // The n-th number SplitMix64(seed) would give: its state only ever advances by the same constant.
            var generator = SplitMix64(seed: seed &+ (counter.next() - 1) &* 0x9E37_79B9_7F4A_7C15)
            return generator.next()
        }
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value: UInt64 = 0

        func next() -> UInt64 {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}

/// The random number generator of ``Effects/current``, for the APIs that take one (`Int.random(in:using:)`,
/// `QueryCode.generate(using:)`).
public struct EffectsRandom: RandomNumberGenerator {
    public init() {}

    public mutating func next() -> UInt64 { Effects.current.random() }
}
