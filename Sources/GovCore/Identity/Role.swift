/// The roles of DESIGN.md's "Who uses it". Each is granted on one organisation unit.
public enum Role: String, Sendable, CaseIterable, Codable, Hashable {
    case applicant
    case windowClerk = "window_clerk"
    case reviewer
    case departmentHead = "department_head"
    case disclosureOfficer = "disclosure_officer"
    /// 保密审查员: designated to check, before anything is published, that it holds no state secret.
    case secrecyReviewer = "secrecy_reviewer"
    case dataSteward = "data_steward"
    case hotlineOperator = "hotline_operator"
    case supervisor
    case administrator

    /// Roles that work in the staff workbench (窗口、承办、负责人、信息公开、数据共享、热线).
    public static let workbenchRoles: Set<Role> = [
        .windowClerk, .reviewer, .departmentHead, .disclosureOfficer, .secrecyReviewer, .dataSteward, .hotlineOperator,
    ]

    public var isStaffRole: Bool { self != .applicant }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.applicant, .zhHans): "申请人"
        case (.applicant, .en): "Applicant"
        case (.windowClerk, .zhHans): "窗口受理人员"
        case (.windowClerk, .en): "Window clerk"
        case (.reviewer, .zhHans): "承办人员"
        case (.reviewer, .en): "Reviewer"
        case (.departmentHead, .zhHans): "部门负责人"
        case (.departmentHead, .en): "Department head"
        case (.disclosureOfficer, .zhHans): "信息公开工作人员"
        case (.disclosureOfficer, .en): "Disclosure officer"
        case (.secrecyReviewer, .zhHans): "保密审查员"
        case (.secrecyReviewer, .en): "Secrecy reviewer"
        case (.dataSteward, .zhHans): "数据共享管理员"
        case (.dataSteward, .en): "Data steward"
        case (.hotlineOperator, .zhHans): "热线话务员"
        case (.hotlineOperator, .en): "Hotline operator"
        case (.supervisor, .zhHans): "电子监察人员"
        case (.supervisor, .en): "Supervisor"
        case (.administrator, .zhHans): "系统管理员"
        case (.administrator, .en): "Administrator"
        }
    }
}
