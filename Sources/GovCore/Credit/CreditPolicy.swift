import Foundation

/// What may be done with a credit file's records, and by whom. A department head (负责人) signs what their unit
/// records (penalties, commendations, list entries) and ends it: removing a list entry (移出) or, once the shortest
/// publicity period has passed, ending a penalty's publicity by credit repair (信用修复). A commendation is never ended.
/// The store enforces these answers and the credit file page offers its buttons from them, so a button is never shown
/// that the store then refuses.
public enum CreditPolicy {
    /// The unit a head records for: the first unit they head.
    public static func recordingUnitID(_ principal: Principal?) -> UUID? {
        principal?.grants(for: .departmentHead).first?.unitID
    }

    /// Whether the credit file offers the form to record something.
    public static func canRecord(_ principal: Principal?) -> Bool { recordingUnitID(principal) != nil }

    /// Whether `principal` signs for the records of the unit at `unitPath`.
    public static func signsFor(unitPath: String, _ principal: Principal?) -> Bool {
        principal?.has(.departmentHead, over: unitPath) ?? false
    }

    /// Why `entry` cannot be ended on `day`, if it cannot.
    public static func checkEnding(_ entry: CreditEntry, on day: CivilDate) throws(CreditProblem) {
        switch entry.kind {
        case .penalty: try CreditRules.mayRepair(entry, on: day)
        case .abnormalOperation, .seriousViolation: guard entry.endedOn == nil else { throw .alreadyEnded }
        case .commendation: throw .notRepairable
        }
    }

    /// Whether `principal` may end the record of the unit at `unitPath` now.
    public static func canEnd(_ entry: CreditEntry, unitPath: String, on day: CivilDate, _ principal: Principal?) -> Bool {
        guard signsFor(unitPath: unitPath, principal) else { return false }
        do { try checkEnding(entry, on: day) } catch { return false }
        return true
    }

    /// Government staff, and the enterprise the file is about, read it whole; anyone else reads what is public.
    public static func reader(_ principal: Principal?, ownCreditCode: String?, fileCode: String) -> CreditReader {
        CreditRules.reader(accountKind: principal?.kind, ownCreditCode: ownCreditCode, fileCode: fileCode)
    }
}
