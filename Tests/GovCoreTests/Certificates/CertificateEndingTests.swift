import GovCore
import Testing

@Suite("撤销 and 注销 are different acts (《行政许可法》第六十九条、第七十条)")
struct CertificateEndingTests {
    @Test("each act has its own grounds, document, status and words; a ground of one act is not the other's")
    func acts() {
        #expect(CertificateEnding.RevocationGround.allCases.count == 6 && CertificateEnding.CancellationGround.allCases.count == 6)
        let revoked = CertificateEnding.revocation(.deceptionOrBribery)
        let cancelled = CertificateEnding.cancellation(.expired)
        #expect(revoked.notice == .revocation && cancelled.notice == .cancellation)
        #expect(revoked.status(in: .zhHans) == "已撤销" && cancelled.status(in: .zhHans) == "已注销")
        #expect(revoked.groundTitle(in: .zhHans).contains("第六十九条第二款") && cancelled.groundTitle(in: .zhHans).contains("第七十条第一项"))
        #expect(NoticeKind.revocation.title(in: .zhHans) == "撤销行政许可决定书" && NoticeKind.cancellation.title(in: .zhHans) == "注销行政许可决定书")
        // Stored as act and ground, read back the same; a ground under the other act is refused.
        for ending in CertificateEnding.RevocationGround.allCases.map(CertificateEnding.revocation)
            + CertificateEnding.CancellationGround.allCases.map(CertificateEnding.cancellation) {
            #expect(CertificateEnding(act: ending.act, ground: ending.ground) == ending)
        }
        #expect(CertificateEnding(act: "revocation", ground: "expired") == nil)
        #expect(CertificateEnding(act: "cancellation", ground: "deception_or_bribery") == nil)
        #expect(CertificateEnding(act: "withdrawal", ground: "other") == nil)
        // The public verdict names the act and its ground.
        #expect(CertificateVerdict.ended(revoked, reason: "伪造材料").title(in: .zhHans).hasPrefix("已撤销：被许可人以欺骗、贿赂"))
        #expect(CertificateVerdict.ended(cancelled, reason: "到期").title(in: .en).hasPrefix("Cancelled: Its term expired"))
    }
}
