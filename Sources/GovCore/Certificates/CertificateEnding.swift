/// How a licence stops before its time: two different acts of 《中华人民共和国行政许可法》 with different grounds, documents
/// and consequences. 撤销 (第六十九条) undoes a licence that should not have been granted: a decision the holder may
/// challenge, after which the authority may owe compensation (第六十九条第四款) unless the holder obtained it by deception
/// or bribery. 注销 (第七十条) records that a licence has ended and clears it from the register.
public enum CertificateEnding: Sendable, Equatable, Hashable {
    case revocation(RevocationGround)
    case cancellation(CancellationGround)

    /// 第六十九条: why a licence is 撤销.
    public enum RevocationGround: String, Sendable, CaseIterable, Codable {
        /// 第一款第（一）项: 行政机关工作人员滥用职权、玩忽职守作出准予行政许可决定.
        case abuseOfPower = "abuse_of_power"
        /// 第（二）项: 超越法定职权.
        case beyondAuthority = "beyond_authority"
        /// 第（三）项: 违反法定程序.
        case againstProcedure = "against_procedure"
        /// 第（四）项: 对不具备申请资格或者不符合法定条件的申请人准予行政许可.
        case ineligibleApplicant = "ineligible_applicant"
        /// 第二款: 被许可人以欺骗、贿赂等不正当手段取得行政许可.
        case deceptionOrBribery = "deception_or_bribery"
        /// 第一款第（五）项: 依法可以撤销行政许可的其他情形.
        case other

        public func title(in language: Language) -> String {
            switch (self, language) {
            case (.abuseOfPower, .zhHans): "工作人员滥用职权、玩忽职守作出准予行政许可决定（第六十九条第一款第一项）"
            case (.abuseOfPower, .en): "Granted through abuse of power or neglect of duty (Art. 69 ¶1 (1))"
            case (.beyondAuthority, .zhHans): "超越法定职权作出准予行政许可决定（第六十九条第一款第二项）"
            case (.beyondAuthority, .en): "Granted beyond the authority's statutory powers (Art. 69 ¶1 (2))"
            case (.againstProcedure, .zhHans): "违反法定程序作出准予行政许可决定（第六十九条第一款第三项）"
            case (.againstProcedure, .en): "Granted against the statutory procedure (Art. 69 ¶1 (3))"
            case (.ineligibleApplicant, .zhHans): "对不具备申请资格或者不符合法定条件的申请人准予行政许可（第六十九条第一款第四项）"
            case (.ineligibleApplicant, .en): "Granted to an applicant not eligible or not meeting the statutory conditions (Art. 69 ¶1 (4))"
            case (.deceptionOrBribery, .zhHans): "被许可人以欺骗、贿赂等不正当手段取得行政许可（第六十九条第二款）"
            case (.deceptionOrBribery, .en): "Obtained by deception, bribery or other improper means (Art. 69 ¶2)"
            case (.other, .zhHans): "依法可以撤销行政许可的其他情形（第六十九条第一款第五项）"
            case (.other, .en): "Another case in which the law allows revocation (Art. 69 ¶1 (5))"
            }
        }
    }

    /// 第七十条: why a licence is 注销.
    public enum CancellationGround: String, Sendable, CaseIterable, Codable {
        /// （一）行政许可有效期届满未延续的.
        case expired
        /// （二）赋予公民特定资格的行政许可，该公民死亡或者丧失行为能力的.
        case holderDeceased = "holder_deceased"
        /// （三）法人或者其他组织依法终止的.
        case entityTerminated = "entity_terminated"
        /// （四）行政许可依法被撤销、撤回，或者行政许可证件依法被吊销的.
        case revokedOrWithdrawn = "revoked_or_withdrawn"
        /// （五）因不可抗力导致行政许可事项无法实施的.
        case impossible
        /// （六）法律、法规规定的应当注销行政许可的其他情形.
        case other

        public func title(in language: Language) -> String {
            switch (self, language) {
            case (.expired, .zhHans): "行政许可有效期届满未延续（第七十条第一项）"
            case (.expired, .en): "Its term expired without renewal (Art. 70 (1))"
            case (.holderDeceased, .zhHans): "赋予公民特定资格的行政许可，该公民死亡或者丧失行为能力（第七十条第二项）"
            case (.holderDeceased, .en): "The holder of a personal qualification died or lost legal capacity (Art. 70 (2))"
            case (.entityTerminated, .zhHans): "法人或者其他组织依法终止（第七十条第三项）"
            case (.entityTerminated, .en): "The holding organisation was lawfully dissolved (Art. 70 (3))"
            case (.revokedOrWithdrawn, .zhHans): "行政许可依法被撤销、撤回，或者行政许可证件依法被吊销（第七十条第四项）"
            case (.revokedOrWithdrawn, .en): "The licence was revoked or withdrawn, or its certificate confiscated, by law (Art. 70 (4))"
            case (.impossible, .zhHans): "因不可抗力导致行政许可事项无法实施（第七十条第五项）"
            case (.impossible, .en): "Force majeure makes the licensed activity impossible (Art. 70 (5))"
            case (.other, .zhHans): "法律、法规规定的应当注销行政许可的其他情形（第七十条第六项）"
            case (.other, .en): "Another case in which laws or regulations require cancellation (Art. 70 (6))"
            }
        }
    }

    /// The stored names: `revocation` or `cancellation`, and the ground's code.
    public var act: String {
        switch self {
        case .revocation: "revocation"
        case .cancellation: "cancellation"
        }
    }

    public var ground: String {
        switch self {
        case let .revocation(ground): ground.rawValue
        case let .cancellation(ground): ground.rawValue
        }
    }

    /// An ending from its stored names; `nil` for a ground that is not the act's.
    public init?(act: String, ground: String) {
        switch act {
        case "revocation": guard let value = RevocationGround(rawValue: ground) else { return nil }; self = .revocation(value)
        case "cancellation": guard let value = CancellationGround(rawValue: ground) else { return nil }; self = .cancellation(value)
        default: return nil
        }
    }

    /// The document that records it, with its 文号.
    public var notice: NoticeKind {
        switch self {
        case .revocation: .revocation
        case .cancellation: .cancellation
        }
    }

    /// 已撤销 or 已注销, as the certificate's status reads.
    public func status(in language: Language) -> String {
        switch (self, language) {
        case (.revocation, .zhHans): "已撤销"
        case (.revocation, .en): "Revoked"
        case (.cancellation, .zhHans): "已注销"
        case (.cancellation, .en): "Cancelled"
        }
    }

    public func groundTitle(in language: Language) -> String {
        switch self {
        case let .revocation(ground): ground.title(in: language)
        case let .cancellation(ground): ground.title(in: language)
        }
    }
}
