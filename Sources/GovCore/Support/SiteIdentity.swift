/// What every Chinese government website shows at its foot (《政府网站发展指引》, 国办发〔2017〕47号): its 网站标识码, its
/// ICP filing (《非经营性互联网信息服务备案管理办法》), its public security filing (公安机关互联网站安全管理备案) and how
/// to reach the people who run it. Each installation sets its own; the defaults are the demo city's.
public struct SiteIdentity: Sendable, Equatable {
    /// 网站标识码: ten digits issued by the State Council's website census, e.g. `9901000001`.
    public var siteCode: String
    /// ICP备案号, e.g. `示ICP备2026000001号`.
    public var icpFiling: String
    /// 公安机关备案号, e.g. `示公网安备99010002000001号`; its digits are the record code the national lookup takes.
    public var publicSecurityFiling: String
    public var contactPhone: String
    public var contactEmail: String
    public var contactAddress: String

    public init(
        siteCode: String, icpFiling: String, publicSecurityFiling: String, contactPhone: String, contactEmail: String, contactAddress: String
    ) {
        self.siteCode = siteCode
        self.icpFiling = icpFiling
        self.publicSecurityFiling = publicSecurityFiling
        self.contactPhone = contactPhone
        self.contactEmail = contactEmail
        self.contactAddress = contactAddress
    }

    public static let demo = SiteIdentity(
        siteCode: "9901000001", icpFiling: "示ICP备2026000001号", publicSecurityFiling: "示公网安备99010002000001号",
        contactPhone: "0990-12345", contactEmail: "webmaster@demo-city.gov.cn", contactAddress: "示范市中心区人民路1号 示范市政务服务中心")

    /// The public security record code: the 14 digits of the filing number.
    public var publicSecurityRecordCode: String { String(publicSecurityFiling.filter(\.isASCIIDigit)) }

    /// What is wrong with each value, named by field; empty when all are well formed.
    public var problems: [(field: String, problem: String)] {
        var found: [(String, String)] = []
        if siteCode.count != 10 || !siteCode.allSatisfy(\.isASCIIDigit) { found.append(("siteCode", "must be the ten digits of the 网站标识码")) }
        if !icpFiling.contains("ICP备") || !icpFiling.contains(where: \.isASCIIDigit) { found.append(("icpFiling", "must read like 京ICP备12345678号")) }
        if !publicSecurityFiling.contains("公网安备") || publicSecurityRecordCode.count != 14 {
            found.append(("publicSecurityFiling", "must read like 京公网安备11010502012345号 (14 digits)"))
        }
        if contactPhone.isEmpty { found.append(("contactPhone", "must not be empty")) }
        if !contactEmail.contains("@") { found.append(("contactEmail", "must be an e-mail address")) }
        if contactAddress.isEmpty { found.append(("contactAddress", "must not be empty")) }
        return found
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
