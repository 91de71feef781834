import Foundation

/// Where the working copy of an item stands in the review before publishing (发布审核).
public enum DisclosureStep: String, CaseIterable, Codable, Sendable {
    /// 拟稿: the disclosure officer writes or revises it.
    case draft
    /// 部门审核: the department checks the content.
    case departmentReview = "department_review"
    /// 保密审查: a designated reviewer checks that nothing secret is published, and records the basis
    /// (《政府信息公开条例》第十七条: 行政机关应当建立健全政府信息公开审查机制).
    case secrecyReview = "secrecy_review"
    /// 签发: the head signs it off for publishing.
    case signOff = "sign_off"

    /// The roles that may act at this step.
    public var actingRoles: Set<Role> {
        switch self {
        case .draft: [.disclosureOfficer]
        case .departmentReview: [.reviewer, .departmentHead]
        case .secrecyReview: [.secrecyReviewer]
        case .signOff: [.departmentHead]
        }
    }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.draft, .zhHans): "拟稿"
        case (.draft, .en): "Draft"
        case (.departmentReview, .zhHans): "部门审核"
        case (.departmentReview, .en): "Department review"
        case (.secrecyReview, .zhHans): "保密审查"
        case (.secrecyReview, .en): "Secrecy review"
        case (.signOff, .zhHans): "签发"
        case (.signOff, .en): "Sign-off"
        }
    }
}

/// Whether the public sees an item.
public enum PublicationStatus: String, CaseIterable, Codable, Sendable {
    /// Never through the whole chain yet: nobody outside the department sees it.
    case unpublished
    /// 已发布: its last signed-off version is in the catalogue (and, if proactive, on the portal).
    case published
    /// 已撤回: still listed, with the reason, but its content is no longer served.
    case withdrawn

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.unpublished, .zhHans): "未发布"
        case (.unpublished, .en): "Not published"
        case (.published, .zhHans): "已发布"
        case (.published, .en): "Published"
        case (.withdrawn, .zhHans): "已撤回"
        case (.withdrawn, .en): "Withdrawn"
        }
    }
}

/// An item's two facts: what the public sees, and whether a working copy is under review (a first draft, or a
/// correction of a published item, which stays public as it was until the correction is signed off).
public struct DisclosureStatus: Equatable, Sendable {
    public var publication: PublicationStatus
    public var working: DisclosureStep?

    public init(publication: PublicationStatus, working: DisclosureStep?) {
        self.publication = publication
        self.working = working
    }

    public static let newDraft = DisclosureStatus(publication: .unpublished, working: .draft)
}

public enum DisclosureAction: Sendable, Equatable {
    /// 提交审核.
    case submit
    /// 部门审核通过.
    case approve(comment: String)
    /// 保密审查通过, with the basis the reviewer relied on.
    case passSecrecy(basis: String)
    /// 签发: publishes the working copy.
    case signOff(comment: String)
    /// 退回修改, from any review step, with what should change.
    case sendBack(comment: String)
    /// 更正: starts a corrected version of a published item.
    case revise
    /// 撤回 a published item, with the reason; a correction under way is dropped.
    case withdraw(reason: String)

    public var name: String {
        switch self {
        case .submit: "submit"
        case .approve: "approve"
        case .passSecrecy: "pass_secrecy"
        case .signOff: "sign_off"
        case .sendBack: "send_back"
        case .revise: "revise"
        case .withdraw: "withdraw"
        }
    }

    /// The text the actor wrote with the step, cleaned; nil when there is none.
    public var text: String? {
        let raw: String
        switch self {
        case .submit, .revise: return nil
        case let .approve(comment), let .signOff(comment), let .sendBack(comment): raw = comment
        case let .passSecrecy(basis): raw = basis
        case let .withdraw(reason): raw = reason
        }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : String(trimmed.prefix(1000))
    }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.submit, .zhHans): "提交审核"
        case (.submit, .en): "Submitted for review"
        case (.approve, .zhHans): "部门审核通过"
        case (.approve, .en): "Passed department review"
        case (.passSecrecy, .zhHans): "保密审查通过"
        case (.passSecrecy, .en): "Passed secrecy review"
        case (.signOff, .zhHans): "签发发布"
        case (.signOff, .en): "Signed off and published"
        case (.sendBack, .zhHans): "退回修改"
        case (.sendBack, .en): "Sent back"
        case (.revise, .zhHans): "开始更正"
        case (.revise, .en): "Correction started"
        case (.withdraw, .zhHans): "撤回"
        case (.withdraw, .en): "Withdrawn"
        }
    }
}

/// The review chain before publishing: draft → department review → secrecy review → sign-off → published; sent
/// back to the draft from any review step; published items corrected through the same chain, or withdrawn.
/// Nothing reaches the public without a recorded secrecy review.
public enum DisclosureReview {
    /// The status after `action`, taken by someone holding `roles` over the item's unit; `isDrafter` is whether they
    /// wrote the working copy, who may not review it (审核与拟稿分离).
    public static func apply(
        _ action: DisclosureAction, to status: DisclosureStatus, roles: Set<Role>, isDrafter: Bool
    ) throws(DisclosureProblem) -> DisclosureStatus {
        func require(_ step: DisclosureStep) throws(DisclosureProblem) {
            guard status.working == step else { throw .invalidState }
            guard !roles.isDisjoint(with: step.actingRoles) else { throw .notPermitted }
            if step != .draft, isDrafter { throw .ownDraft }
        }
        var next = status
        switch action {
        case .submit:
            try require(.draft)
            next.working = .departmentReview
        case .approve:
            try require(.departmentReview)
            next.working = .secrecyReview
        case .passSecrecy:
            try require(.secrecyReview)
            guard action.text != nil else { throw .basisRequired }
            next.working = .signOff
        case .signOff:
            try require(.signOff)
            next = DisclosureStatus(publication: .published, working: nil)
        case .sendBack:
            guard let step = status.working, step != .draft else { throw .invalidState }
            try require(step)
            guard action.text != nil else { throw .commentRequired }
            next.working = .draft
        case .revise:
            guard status.publication == .published, status.working == nil else { throw .invalidState }
            guard roles.contains(.disclosureOfficer) else { throw .notPermitted }
            next.working = .draft
        case .withdraw:
            guard status.publication == .published else { throw .invalidState }
            guard roles.contains(.departmentHead) else { throw .notPermitted }
            guard action.text != nil else { throw .reasonRequired }
            next = DisclosureStatus(publication: .withdrawn, working: nil)
        }
        return next
    }

    /// The actions someone holding `roles` could take now, for the buttons a page shows.
    public static func available(to status: DisclosureStatus, roles: Set<Role>, isDrafter: Bool) -> [DisclosureAction] {
        let candidates: [DisclosureAction] = [
            .submit, .approve(comment: ""), .passSecrecy(basis: "x"), .signOff(comment: ""), .sendBack(comment: "x"), .revise,
            .withdraw(reason: "x"),
        ]
        return candidates.filter { (try? apply($0, to: status, roles: roles, isDrafter: isDrafter)) != nil }
    }
}

extension DisclosureAction {
    /// The role the audit log records for someone holding `roles` who takes this step: the first of those that may take it.
    public func actingRole(among roles: Set<Role>) -> Role? {
        let wanted: [Role] = switch self {
        case .submit, .revise: [.disclosureOfficer]
        case .approve: [.reviewer, .departmentHead]
        case .passSecrecy: [.secrecyReviewer]
        case .signOff, .withdraw: [.departmentHead]
        case .sendBack: [.reviewer, .secrecyReviewer, .departmentHead]
        }
        return wanted.first { roles.contains($0) }
    }
}
