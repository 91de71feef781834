import Foundation

/// What a caller wants (诉求类型), as the 12345 hotlines classify every contact.
public enum TicketKind: String, CaseIterable, Codable, Sendable {
    /// 咨询: a question, answered on the call from the knowledge base where it can be.
    case question
    /// 投诉.
    case complaint
    /// 批评.
    case criticism
    /// 建议.
    case suggestion
    /// 求助: a request for help.
    case help
    /// 举报: a report of wrongdoing; the reporter is protected, so it is never listed publicly.
    case report

    /// 举报 is confidential (《信访工作条例》第三十八条 and the laws protecting reporters): never in a public list or feed.
    public var isConfidential: Bool { self == .report }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.question, .zhHans): "咨询"
        case (.question, .en): "Question"
        case (.complaint, .zhHans): "投诉"
        case (.complaint, .en): "Complaint"
        case (.criticism, .zhHans): "批评"
        case (.criticism, .en): "Criticism"
        case (.suggestion, .zhHans): "建议"
        case (.suggestion, .en): "Suggestion"
        case (.help, .zhHans): "求助"
        case (.help, .en): "Request for help"
        case (.report, .zhHans): "举报"
        case (.report, .en): "Report"
        }
    }
}

/// How a ticket reached the hotline.
public enum TicketChannel: String, CaseIterable, Codable, Sendable {
    /// An operator recorded a call.
    case phone
    /// The public web form.
    case web
    /// A partner system through `/api/v1/hotline/tickets`.
    case api
    /// A letter to the leader mailbox (领导信箱).
    case mailbox
    /// An Open311 GeoReport v2 client.
    case open311

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.phone, .zhHans): "电话"
        case (.phone, .en): "Phone"
        case (.web, .zhHans): "网站"
        case (.web, .en): "Web"
        case (.api, .zhHans): "接口"
        case (.api, .en): "API"
        case (.mailbox, .zhHans): "领导信箱"
        case (.mailbox, .en): "Leader mailbox"
        case (.open311, .zhHans): "Open311"
        case (.open311, .en): "Open311"
        }
    }
}

public enum TicketUrgency: String, CaseIterable, Codable, Sendable {
    case ordinary
    /// 紧急: safety, health, a person in difficulty now.
    case urgent

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.ordinary, .zhHans): "一般"
        case (.ordinary, .en): "Ordinary"
        case (.urgent, .zhHans): "紧急"
        case (.urgent, .en): "Urgent"
        }
    }
}

/// Where a ticket stands.
public enum TicketState: String, CaseIterable, Codable, Sendable {
    /// 待派单: recorded, waiting for the hotline to send it on (no routing rule matched).
    case received
    /// 办理中: with the responsible department, its clock running.
    case assigned
    /// 退单: the department sent it back as not theirs; the hotline routes it again.
    case returned
    /// 已答复: the department (or the operator, on the call) answered; the caller is to be called back.
    case replied
    /// 已办结: the caller was called back and their satisfaction recorded.
    case closed

    public var isOpen: Bool { self != .closed }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.received, .zhHans): "待派单"
        case (.received, .en): "Waiting to be routed"
        case (.assigned, .zhHans): "办理中"
        case (.assigned, .en): "With the department"
        case (.returned, .zhHans): "已退回"
        case (.returned, .en): "Returned by the department"
        case (.replied, .zhHans): "已答复，待回访"
        case (.replied, .en): "Answered, call-back due"
        case (.closed, .zhHans): "已办结"
        case (.closed, .en): "Closed"
        }
    }
}

/// 满意度, the five levels of GB/T 39735's 好差评, as 1–5 stars. 不满意 and 非常不满意 are bad ratings that must be followed up.
public enum Satisfaction: Int, CaseIterable, Codable, Sendable {
    case veryDissatisfied = 1
    case dissatisfied = 2
    case basicallySatisfied = 3
    case satisfied = 4
    case verySatisfied = 5

    public var stars: Int { rawValue }
    public var isBad: Bool { rawValue <= 2 }

    public func title(in language: Language) -> String {
        switch (self, language) {
        case (.veryDissatisfied, .zhHans): "非常不满意"
        case (.veryDissatisfied, .en): "Very dissatisfied"
        case (.dissatisfied, .zhHans): "不满意"
        case (.dissatisfied, .en): "Dissatisfied"
        case (.basicallySatisfied, .zhHans): "基本满意"
        case (.basicallySatisfied, .en): "Basically satisfied"
        case (.satisfied, .zhHans): "满意"
        case (.satisfied, .en): "Satisfied"
        case (.verySatisfied, .zhHans): "非常满意"
        case (.verySatisfied, .en): "Very satisfied"
        }
    }
}

/// 工单编号: "RX", the Beijing date as yyyyMMdd and a six-digit daily sequence, e.g. RX20261202000042: short enough to read
/// over the phone, and paired with a ``QueryCode`` so that knowing a number alone shows nothing.
public enum TicketNumber {
    public static func make(date: CivilDate, sequence: Int) -> String {
        "RX" + date.description.replacingOccurrences(of: "-", with: "") + String(format: "%06d", sequence)
    }

    /// The number as typed (spaces, hyphens and lower case tolerated), or nil when it cannot be one.
    public static func parse(_ raw: String) -> String? {
        let compact = raw.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard compact.count == 16, compact.hasPrefix("RX"), compact.dropFirst(2).allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return compact
    }
}
