import Foundation

/// 听证: announced with its matter, time, place and seats; people register with what they want to say; after
/// registration closes the department selects participants up to the seats (by lot when more registered than fit,
/// so no one is picked for agreeing); after the hearing its record (听证笔录) is published.
public enum HearingRules {
    public static let maxSeats = 500

    public enum Phase: String, Sendable, Equatable {
        case registering, selecting, held, recorded

        public func title(in language: Language) -> String {
            switch (self, language) {
            case (.registering, .zhHans): "报名中"
            case (.registering, .en): "Registration open"
            case (.selecting, .zhHans): "报名截止，遴选参加人"
            case (.selecting, .en): "Registration closed"
            case (.held, .zhHans): "已举行"
            case (.held, .en): "Held"
            case (.recorded, .zhHans): "已公布听证笔录"
            case (.recorded, .en): "Record published"
            }
        }
    }

    public static func phase(registrationClosesAt: Date, heldAt: Date, recorded: Bool, now: Date) -> Phase {
        if recorded { return .recorded }
        if now >= heldAt { return .held }
        return now < registrationClosesAt ? .registering : .selecting
    }

    /// Picks `seats` of `candidates` by lot, reproducibly from `seed` (the hearing's id), so the draw can be checked.
    public static func draw<T>(_ candidates: [T], seats: Int, seed: UInt64) -> [T] {
        guard candidates.count > seats else { return candidates }
        var generator = SplitMix64(seed: seed)
        var pool = candidates
        var chosen: [T] = []
        while chosen.count < seats {
            chosen.append(pool.remove(at: Int(generator.next() % UInt64(pool.count))))
        }
        return chosen
    }
}

public struct HearingDraft: Sendable, Equatable {
    public var title: String?
    public var matter: String?
    public var place: String?
    public var heldAt: String?
    public var registrationClosesOn: String?
    public var seats: String?

    public init(title: String? = nil, matter: String? = nil, place: String? = nil, heldAt: String? = nil, registrationClosesOn: String? = nil,
                seats: String? = nil) {
        self.title = title
        self.matter = matter
        self.place = place
        self.heldAt = heldAt
        self.registrationClosesOn = registrationClosesOn
        self.seats = seats
    }

    public struct Valid: Sendable, Equatable {
        public var title: String
        public var matter: String
        public var place: String
        public var heldAt: Date
        /// Registration ends at the start of this day's successor (24:00 Beijing time).
        public var registrationClosesAt: Date
        public var seats: Int
    }

    /// `heldAt` is a Beijing date and time, `2026-12-20T09:30`.
    public func validated(now: Date) throws(FieldErrors) -> Valid {
        var errors = FieldErrors()
        let title = errors.check("title") { try TextField.required(self.title, max: 200) }
        let matter = errors.check("matter") { try TextField.required(self.matter, max: 20_000) }
        let place = errors.check("place") { try TextField.required(self.place, max: 200) }
        let held = errors.check("held_at") { () throws(ParticipationProblem) in
            let text = (self.heldAt ?? "").trimmingCharacters(in: .whitespaces)
            guard text.count == 16, let day = CivilDate(String(text.prefix(10))), day.year <= 9999, text.dropFirst(10).first == "T",
                  let hour = Int(text.dropFirst(11).prefix(2)), let minute = Int(text.suffix(2)), (0..<24).contains(hour), (0..<60).contains(minute)
            else { throw .date }
            let instant = day.startInBeijing.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60))
            guard instant > now else { throw .date }
            return instant
        }
        let closes = errors.check("registration_closes_on") { () throws(ParticipationProblem) in
            guard let day = CivilDate((self.registrationClosesOn ?? "").trimmingCharacters(in: .whitespaces)), day >= CivilDate.beijing(now) else { throw .date }
            return day.endInBeijing
        }
        if let held = held ?? nil, let closes = closes ?? nil, closes > held { errors.add("registration_closes_on", ParticipationProblem.date) }
        let seats = errors.check("seats") { () throws(ParticipationProblem) in
            guard let value = Int((self.seats ?? "").trimmingCharacters(in: .whitespaces)), (1...HearingRules.maxSeats).contains(value) else { throw .seats }
            return value
        }
        try errors.throwIfAny()
        return Valid(title: title!, matter: matter!, place: place!, heldAt: held!, registrationClosesAt: closes!, seats: seats!)
    }
}
