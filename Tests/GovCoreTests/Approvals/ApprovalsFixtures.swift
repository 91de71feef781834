import Foundation
import Testing
@testable import GovCore

/// `yyyy-MM-dd HH:mm` in Beijing time.
func beijingTime(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Date {
    let iso = text.replacingOccurrences(of: " ", with: "T") + ":00+08:00"
    return try isoInstant(iso, sourceLocation: sourceLocation)
}

/// The end of a Beijing date, 24:00, as limits end (《民法典》第二百零三条).
func endOfBeijingDay(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Date {
    try civil(text, sourceLocation: sourceLocation).endInBeijing
}

enum ApprovalsFixture {
    static func calendar(sourceLocation: SourceLocation = #_sourceLocation) throws -> WorkCalendar {
        try #require(ShippedCalendar.calendar, "cannot load \(ShippedCalendar.relativePath)", sourceLocation: sourceLocation)
    }

    /// Two steps: a reviewer's first review (10 working days), then the head's second review (3).
    static let steps = [
        ReviewStep(name: "初审", role: .reviewer, limitDays: 10),
        ReviewStep(name: "复审", role: .departmentHead, limitDays: 3),
    ]

    /// 20 working days by law (Art. 42), 15 promised.
    static let settings = CaseClockSettings(statutoryDays: 20, promisedDays: 15)
}

/// A case moved along by ``CaseRules``, keeping its transitions.
struct CaseRun {
    var snapshot: CaseSnapshot
    var transitions: [CaseTransition] = []
    let settings: CaseClockSettings
    let calendar: WorkCalendar

    /// Received at a Beijing time `yyyy-MM-dd HH:mm`.
    init(
        receivedAt text: String, steps: [ReviewStep] = ApprovalsFixture.steps,
        settings: CaseClockSettings = ApprovalsFixture.settings, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        calendar = try ApprovalsFixture.calendar(sourceLocation: sourceLocation)
        self.settings = settings
        snapshot = try CaseSnapshot.received(
            at: try beijingTime(text, sourceLocation: sourceLocation), steps: steps, settings: settings, calendar: calendar)
    }

    /// Applies and records an action that must succeed.
    @discardableResult
    mutating func apply(
        _ action: CaseAction, by actor: CaseActor, at text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> CaseTransition {
        let (next, transition) = try CaseRules.apply(
            action, to: snapshot, by: actor, at: try beijingTime(text, sourceLocation: sourceLocation),
            settings: settings, calendar: calendar)
        snapshot = next
        transitions.append(transition)
        return transition
    }

    /// The error an action that must fail throws (and the snapshot stays as it was).
    func refusal(_ action: CaseAction, by actor: CaseActor, at text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CaseError? {
        let now = try beijingTime(text, sourceLocation: sourceLocation)
        do {
            _ = try CaseRules.apply(action, to: snapshot, by: actor, at: now, settings: settings, calendar: calendar)
            Issue.record("\(action) by \(actor) was allowed", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    func light(at text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (TrafficLight, Int?) {
        let result = try CaseRules.light(for: snapshot, at: try beijingTime(text, sourceLocation: sourceLocation), calendar: calendar)
        return (result.light, result.workingDaysLeft)
    }
}

extension CaseActor {
    static let clerk = CaseActor.staff(.windowClerk)
    static let reviewer = CaseActor.staff(.reviewer)
    static let head = CaseActor.staff(.departmentHead)
}
