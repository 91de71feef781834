import FluentKit
import Foundation
import GovCore
@testable import GovDemo
import GovStore
import GovStoreTestSupport
import Testing

@Suite("Case store")
struct CaseStoreTests {
    @Test("filing gives a tracking number of the region and day and a query code, stored only as its keyed hash; a wrong code finds nothing")
    func submitAndTrack() async throws {
        try await withStoreTest { test in
            // setup
            let f = ApprovalFixtures(test: test)
            let matter = try await f.publish(try ApprovalFixtures.definition(of: try await f.market), of: try await f.market)
            let now = ApprovalFixtures.beijing("2026-11-20 10:00")

            // MUT
            let filed = try await f.file(matter, by: try await f.citizen, at: now)
            let (row, code, key) = (filed.row, filed.queryCode, test.queryCodeKey)

            // validate: 6-digit region, Beijing date, daily serial (GB/T 2260 + yyyyMMdd + 000001)
            #expect(row.trackingNumber == "99010020261120000001")
            let number = try TrackingNumber.parse(row.trackingNumber)
            #expect(number.regionCode == DemoCity.cityCode && number.date == CivilDate("2026-11-20") && number.sequence == 1)
            #expect(QueryCode.isWellFormed(code))
            // The database keeps the HMAC under the key, never the code (issue 20, item 8).
            #expect(QueryCodeKey.isHashed(row.queryCode) && row.queryCode == key.hash(code))
            let stored = try #require(try await ApprovalCase.find(row.requireID(), on: test.db)).queryCode
            #expect(stored == row.queryCode && !stored.contains(code))
            let snapshot = try row.snapshot()
            #expect(row.caseState == .submitted)
            #expect(snapshot.acceptanceDue == CivilDate.end("2026-11-27"))   // 5 working days, Art. 32
            #expect(row.runningDue == snapshot.acceptanceDue)

            let tracked = try await CaseStore.track(trackingNumber: row.trackingNumber, queryCode: code.lowercased(), key: key, on: test.db)
            #expect(tracked?.row.id == row.id)
            #expect(tracked?.materials.count == 1)
            #expect(try await CaseStore.track(trackingNumber: "990100-20261120-000001", queryCode: code, key: key, on: test.db) != nil)
            let wrongCode = String(code.reversed()) == code ? "222222" : String(code.reversed())
            #expect(try await CaseStore.track(trackingNumber: row.trackingNumber, queryCode: wrongCode, key: key, on: test.db) == nil)
            #expect(try await CaseStore.track(trackingNumber: "99010020261120000002", queryCode: code, key: key, on: test.db) == nil)
            // The stored hash typed as a code, and the code under another key, find nothing.
            #expect(try await CaseStore.track(trackingNumber: row.trackingNumber, queryCode: row.queryCode, key: key, on: test.db) == nil)
            #expect(try await CaseStore.track(trackingNumber: row.trackingNumber, queryCode: code, key: .ephemeral(), on: test.db) == nil)

            // The next one that day takes the next serial.
            let second = try await f.submit(matter, by: try await f.enterprise, at: now.addingTimeInterval(60))
            #expect(second.trackingNumber == "99010020261120000002")
        }
    }

    @Test("an online application without a required material is refused whole and nothing is stored")
    func incompleteOnline() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let matter = try await f.publish(try ApprovalFixtures.definition(of: try await f.market), of: try await f.market)
            let auditBefore = try await AuditEntry.query(on: test.db).count()
            await #expect(throws: FieldErrors.self) {
                try await f.submit(matter, by: try await f.citizen, at: ApprovalFixtures.beijing("2026-11-20 10:00"), files: [try ApprovalFixtures.pdf("floor_plan")])
            }
            #expect(try await ApprovalCase.query(on: test.db).count() == 0)
            #expect(try await CaseMaterial.query(on: test.db).count() == 0)
            #expect(try await AuditEntry.query(on: test.db).count() == auditBefore)
        }
    }

    @Test("the whole life: corrected, accepted, suspended and resumed, extended, granted, certificate served and verified")
    func wholeLife() async throws {
        try await withStoreTest { test in
            // setup
            let f = ApprovalFixtures(test: test)
            let db = test.db
            let market = try await f.market
            let matter = try await f.publish(try ApprovalFixtures.definition(of: market), of: market)
            let (clerk, reviewer, head, citizen) = (try await f.clerk, try await f.reviewer, try await f.head, try await f.citizen)
            let row = try await f.submit(matter, by: citizen, at: ApprovalFixtures.beijing("2026-11-02 09:30"))

            // A correction notice, told once and in full (Art. 32 (4)).
            try await f.act(.requestCorrection(items: ["申请书：缺少签字"], reasonForRepeat: nil), on: row, by: clerk, at: ApprovalFixtures.beijing("2026-11-02 10:00"))
            #expect(try await f.reload(row).caseState == .awaitingCorrection)
            #expect(try await f.events(of: row).last?.documentNumber == "示市场补字〔2026〕第000001号")

            // The applicant uploads the corrected file, which supersedes the first, and hands the correction in.
            let corrected = try ApprovalFixtures.pdf(text: "signed")
            try await test.writeGate.transaction(on: db) { db in
                try await CaseStore.addMaterials(
                    [corrected], to: row.requireID(), principal: citizen.principal, by: citizen.actor,
                    now: ApprovalFixtures.beijing("2026-11-02 14:00"), on: db)
            }
            let materials = try await CaseMaterial.query(on: db).filter(\.$caseID == row.requireID()).all()
            #expect(materials.count == 2 && materials.filter { $0.supersededAt == nil }.map(\.fileName) == ["application_form.pdf"])
            #expect(materials.filter { $0.supersededAt == nil }.first?.sha256 == Digest.sha256Hex(corrected.bytes))
            try await f.act(.submitCorrection, on: row, by: citizen, at: ApprovalFixtures.beijing("2026-11-02 14:05"))

            // Accepted: the notice has a 文号 with the year in 〔〕 (GB/T 9704), and the clocks start.
            try await f.act(.accept, on: row, by: clerk, at: ApprovalFixtures.beijing("2026-11-03 09:00"))
            let acceptance = try #require(try await f.events(of: row).last)
            #expect(acceptance.notice == NoticeKind.acceptance.rawValue)
            #expect(acceptance.documentNumber?.wholeMatch(of: /示市场受字〔2026〕第\d{6}号/) != nil)
            var snapshot = try await f.reload(row).snapshot()
            #expect(snapshot.statutoryDue == CivilDate.end("2026-12-01"))   // 20 working days (Art. 42)
            #expect(snapshot.promisedDue == CivilDate.end("2026-11-17"))    // the promise: 10

            try await f.act(.completeStep(note: "材料齐全"), on: row, by: reviewer, at: ApprovalFixtures.beijing("2026-11-04 10:00"))

            // Expert review (Art. 45) pauses the clocks from Wednesday 4 to Tuesday 10 November: 5 working days.
            try await f.act(
                .suspend(procedure: .expertReview, expectedEnd: CivilDate("2026-11-13")!, notice: "组织专家评审，约 7 日，不计入审查期限"),
                on: row, by: reviewer, at: ApprovalFixtures.beijing("2026-11-04 11:00"))
            #expect(try await f.reload(row).caseState == .suspended)
            #expect(try await f.reload(row).runningDue == nil)
            try await f.act(.resume, on: row, by: reviewer, at: ApprovalFixtures.beijing("2026-11-10 15:00"))
            snapshot = try await f.reload(row).snapshot()
            #expect(snapshot.statutoryDue == CivilDate.end("2026-12-08"))
            #expect(snapshot.promisedDue == CivilDate.end("2026-11-24"))

            // Extension: the head only, once, 1–10 working days, with a reason (Art. 42).
            let extendAt = ApprovalFixtures.beijing("2026-11-11 09:00")
            await #expect(throws: CaseError.notPermitted(action: .extend, actor: .staff(.reviewer))) {
                try await f.act(.extend(workingDays: 5, reason: "复杂"), on: row, by: reviewer, at: extendAt)
            }
            await #expect(throws: CaseError.reasonRequired(action: .extend)) {
                try await f.act(.extend(workingDays: 5, reason: " "), on: row, by: head, at: extendAt)
            }
            await #expect(throws: CaseError.extensionOutOfRange(days: 11, max: 10)) {
                try await f.act(.extend(workingDays: 11, reason: "复杂"), on: row, by: head, at: extendAt)
            }
            try await f.act(.extend(workingDays: 10, reason: "需征求相关部门意见"), on: row, by: head, at: extendAt)
            snapshot = try await f.reload(row).snapshot()
            #expect(snapshot.statutoryDue == CivilDate.end("2026-12-22"))
            #expect(snapshot.promisedDue == CivilDate.end("2026-11-24"))   // the promise does not move
            await #expect(throws: CaseError.extensionAlreadyGranted(max: 10)) {
                try await f.act(.extend(workingDays: 1, reason: "再延"), on: row, by: head, at: extendAt.addingTimeInterval(60))
            }

            // The head's own step, then the grant; the certificate is due within 10 working days (Art. 44).
            try await f.act(.completeStep(note: nil), on: row, by: head, at: ApprovalFixtures.beijing("2026-11-12 10:00"))
            try await f.act(.decide(outcome: .granted, reasons: "符合法定条件"), on: row, by: head, at: ApprovalFixtures.beijing("2026-11-13 10:00"))
            #expect(try await f.reload(row).snapshot().certificateDue == CivilDate.end("2026-11-27"))
            try await f.act(.serveCertificate, on: row, by: clerk, at: ApprovalFixtures.beijing("2026-11-16 10:00"))
            let closed = try await f.reload(row)
            #expect(closed.caseState == .closed && closed.closedAt == ApprovalFixtures.beijing("2026-11-16 10:00"))
            #expect(try closed.snapshot().flags.isEmpty)
            #expect(try await f.events(of: row).map(\.action) == [
                "submit", "request_correction", "submit_correction", "accept", "complete_step", "suspend", "resume", "extend",
                "complete_step", "decide", "serve_certificate",
            ])

            // The certificate verifies; a natural person's ID number is masked in the public QR text.
            let certificate = try #require(try await IssuedCertificate.query(on: db).filter(\.$caseID == row.requireID()).first())
            #expect(certificate.number == "9901002026001000001")
            #expect(certificate.validFrom == "2026-11-16" && certificate.validUntil == "2029-11-15")
            let keyring = test.keyring
            let today = CivilDate("2026-11-20")!
            let verified = try await CertificateStore.verify(certificate.signedText, checkCode: nil, keyring: keyring, today: today, on: db)
            #expect(verified.verdict == .valid)
            #expect(verified.certificate?.holderIdentifier == Mask.identifier(DemoCity.demoResidentID))
            #expect(try CertificateCodec.decode(certificate.signedText).payload.holderIdentifier == Mask.identifier(DemoCity.demoResidentID))
            #expect(certificate.holderIdentifier == DemoCity.demoResidentID)
            // By number, only with the check code printed beside it.
            #expect(try await CertificateStore.verify(certificate.number, checkCode: certificate.checkCode, keyring: keyring, today: today, on: db).verdict == .valid)
            #expect(try await CertificateStore.verify(certificate.number, checkCode: nil, keyring: keyring, today: today, on: db).verdict == .notFound)

            // One character of the signed payload changed: not genuine, whatever the records say.
            var parts = certificate.signedText.split(separator: ".").map(String.init)
            var payload = Array(parts[1])
            let middle = payload.count / 2
            payload[middle] = payload[middle] == "A" ? "B" : "A"
            parts[1] = String(payload)
            #expect(try await CertificateStore.verify(parts.joined(separator: "."), checkCode: nil, keyring: keyring, today: today, on: db).verdict == .notGenuine)

            // 撤销 (Art. 69): the department's head, on a ground, with the facts; then the certificate reads as revoked, and the
            // decision with its 文号 is in the case's history.
            let ending = CertificateEnding.revocation(.deceptionOrBribery)
            await #expect(throws: CaseStoreError.forbidden) {
                try await CertificateStore.end(number: certificate.number, as: ending, reason: "撤销", principal: reviewer.principal, by: reviewer.actor, now: test.clock.now, on: db)
            }
            await #expect(throws: CertificateStoreError.reasonRequired) {
                try await CertificateStore.end(number: certificate.number, as: ending, reason: "", principal: head.principal, by: head.actor, now: test.clock.now, on: db)
            }
            try await test.writeGate.transaction(on: db) { db in
                _ = try await CertificateStore.end(
                    number: certificate.number, as: ending, reason: "申请时提交的场所证明系伪造", principal: head.principal, by: head.actor,
                    now: ApprovalFixtures.beijing("2026-11-20 09:00"), on: db)
            }
            #expect(try await CertificateStore.verify(certificate.signedText, checkCode: nil, keyring: keyring, today: today, on: db).verdict
                == .ended(ending, reason: "申请时提交的场所证明系伪造"))
            let decision = try #require(try await CaseEvent.query(on: db).filter(\.$caseID == row.requireID()).filter(\.$action == "revocation_certificate").first())
            #expect(decision.notice == NoticeKind.revocation.rawValue && decision.documentNumber?.contains("撤") == true)
            #expect(decision.detail?.contains(ending.groundTitle(in: .zhHans)) == true)
            let events = try await CaseEvent.query(on: db).filter(\.$caseID == row.requireID()).count()
            #expect(try #require(try await ApprovalCase.find(row.requireID(), on: db)).version == events - 1)
            await #expect(throws: CertificateStoreError.alreadyRevoked) {
                try await CertificateStore.end(number: certificate.number, as: .cancellation(.other), reason: "再次", principal: head.principal, by: head.actor, now: test.clock.now, on: db)
            }

            // Every move is in the audit log, under the case's number, and the chain holds.
            let entries = try await AuditEntry.query(on: db).filter(\.$objectID == row.trackingNumber).count()
            #expect(entries == 12)   // 11 moves and the corrected material
            #expect(try await AuditEntry.query(on: db).filter(\.$action == "certificate.revocation").count() == 1)
            guard case .intact = try await AuditLog.verify(on: db) else {
                Issue.record("audit chain broken")
                return
            }
        }
    }

    @Test("a second correction notice needs a reason and is flagged (Art. 32: corrections are told once)")
    func repeatedCorrection() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let matter = try await f.publish(try ApprovalFixtures.definition(of: try await f.market), of: try await f.market)
            let (clerk, citizen) = (try await f.clerk, try await f.citizen)
            let row = try await f.submit(matter, by: citizen, at: ApprovalFixtures.beijing("2026-11-02 09:30"))
            try await f.act(.requestCorrection(items: ["申请书：缺少签字"], reasonForRepeat: nil), on: row, by: clerk, at: ApprovalFixtures.beijing("2026-11-02 10:00"))
            try await f.act(.submitCorrection, on: row, by: citizen, at: ApprovalFixtures.beijing("2026-11-03 10:00"))

            await #expect(throws: CaseError.repeatedCorrectionNeedsReason) {
                try await f.act(.requestCorrection(items: ["平面图：不清晰"], reasonForRepeat: nil), on: row, by: clerk, at: ApprovalFixtures.beijing("2026-11-03 11:00"))
            }
            #expect(try await f.reload(row).caseState == .submitted)
            #expect(try await f.events(of: row).count == 3)

            try await f.act(.requestCorrection(items: ["平面图：不清晰"], reasonForRepeat: "补正材料中出现新问题"), on: row, by: clerk, at: ApprovalFixtures.beijing("2026-11-03 11:00"))
            let reloaded = try await f.reload(row)
            #expect(reloaded.caseState == .awaitingCorrection)
            #expect(try reloaded.snapshot().flags == [.repeatedCorrectionNotice])
            #expect(reloaded.flagCount == 1)
            #expect(try await f.events(of: row).last?.detail == "平面图：不清晰\n补正材料中出现新问题")
        }
    }

    @Test("at the window, the clerk records the corrections a window applicant hands in")
    func windowCorrection() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let matter = try await f.publish(try ApprovalFixtures.definition(of: try await f.market), of: try await f.market)
            let clerk = try await f.clerk
            let row = try await f.submitAtWindow(matter, at: ApprovalFixtures.beijing("2026-11-02 09:30"))
            #expect(row.applicantAccountID == nil && row.channel == "window")
            try await f.act(.requestCorrection(items: ["申请书：缺少公章"], reasonForRepeat: nil), on: row, by: clerk, at: ApprovalFixtures.beijing("2026-11-02 10:00"))
            try await test.writeGate.transaction(on: test.db) { db in
                try await CaseStore.addMaterials(
                    [try ApprovalFixtures.pdf(text: "stamped")], to: row.requireID(), principal: clerk.principal, by: clerk.actor,
                    now: ApprovalFixtures.beijing("2026-11-04 15:00"), on: db)
            }
            try await f.act(.submitCorrection, on: row, by: clerk, at: ApprovalFixtures.beijing("2026-11-04 15:05"))
            let reloaded = try await f.reload(row)
            #expect(reloaded.caseState == .submitted)
            // The acceptance period starts again from the corrected materials.
            #expect(try reloaded.snapshot().acceptanceDue == CivilDate.end("2026-11-11"))
            #expect(try await f.events(of: row).last?.actorRole == Role.windowClerk.rawValue)
        }
    }

    @Test("deemed acceptance counts the decision limit from the start of the acceptance period (Art. 32 (4))")
    func deemedAcceptance() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let matter = try await f.publish(try ApprovalFixtures.definition(of: try await f.market), of: try await f.market)
            let (clerk, citizen) = (try await f.clerk, try await f.citizen)
            let plain = try await f.submit(matter, by: citizen, at: ApprovalFixtures.beijing("2026-11-02 09:30"))
            let corrected = try await f.submit(matter, by: citizen, at: ApprovalFixtures.beijing("2026-11-02 09:40"))
            try await f.act(.requestCorrection(items: ["申请书：缺少签字"], reasonForRepeat: nil), on: corrected, by: clerk, at: ApprovalFixtures.beijing("2026-11-02 10:00"))
            try await f.act(.submitCorrection, on: corrected, by: citizen, at: ApprovalFixtures.beijing("2026-11-04 14:00"))

            func sweep(_ at: String) async throws -> Int {
                let context = try await f.context(at: ApprovalFixtures.beijing(at))
                return try await SupervisionSweep.run(context: context, gate: test.writeGate, on: test.db).deemedAccepted
            }
            // The 5th working day after 2 November is Monday 9 November: not yet on that day.
            #expect(try await sweep("2026-11-09 23:00") == 0)
            #expect(try await sweep("2026-11-10 00:30") == 1)
            var snapshot = try await f.reload(plain).snapshot()
            #expect(try await f.reload(plain).caseState == .inReview)
            #expect(snapshot.acceptedAt == ApprovalFixtures.beijing("2026-11-02 09:30"))
            #expect(snapshot.statutoryDue == CivilDate.end("2026-11-30"))
            #expect(snapshot.flags == [.acceptedByLaw])
            let event = try #require(try await f.events(of: plain).last)
            #expect(event.action == "deem_accepted" && event.actorRole == "system" && event.notice == NoticeKind.acceptance.rawValue)

            // The corrected one: its period began again on 4 November.
            #expect(try await sweep("2026-11-12 09:00") == 1)
            snapshot = try await f.reload(corrected).snapshot()
            #expect(snapshot.acceptedAt == ApprovalFixtures.beijing("2026-11-04 14:00"))
            #expect(snapshot.statutoryDue == CivilDate.end("2026-12-02"))
            #expect(try await sweep("2026-11-20 09:00") == 0)
        }
    }

    @Test("the clocks skip the National Day holiday and count the makeup Saturday")
    func nationalDay() async throws {
        try await withStoreTest(now: ApprovalFixtures.beijing("2026-09-28 10:00")) { test in
            let f = ApprovalFixtures(test: test)
            let matter = try await f.publish(try ApprovalFixtures.definition(of: try await f.market), of: try await f.market)
            let row = try await f.submit(matter, by: try await f.citizen, at: ApprovalFixtures.beijing("2026-09-28 10:00"))
            // 29, 30 September; 1–7 October off; 8, 9 and Saturday 10 October (调休) worked.
            #expect(try row.snapshot().acceptanceDue == CivilDate.end("2026-10-10"))
            try await f.act(.accept, on: row, by: try await f.clerk, at: ApprovalFixtures.beijing("2026-09-28 11:00"))
            let snapshot = try await f.reload(row).snapshot()
            #expect(snapshot.promisedDue == CivilDate.end("2026-10-16"))
            #expect(snapshot.statutoryDue == CivilDate.end("2026-10-30"))
            #expect(snapshot.stepDue == CivilDate.end("2026-10-08"))   // the first step's 3 working days
        }
    }

    @Test("two concurrent decisions on one case: exactly one lands, the other is told")
    func concurrentDecisions() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let matter = try await f.publish(try ApprovalFixtures.definition(of: try await f.market), of: try await f.market)
            let head = try await f.head
            let row = try await f.submit(matter, by: try await f.citizen, at: ApprovalFixtures.beijing("2026-11-02 09:30"))
            try await f.readyForDecision(row, from: ApprovalFixtures.beijing("2026-11-02 10:00"))
            let context = try await f.context(at: ApprovalFixtures.beijing("2026-11-03 10:00"))
            let id = try row.requireID()
            let version = try await f.reload(row).version

            // A stale version is refused before anything is tried.
            await #expect(throws: CaseStoreError.changedSinceRead) {
                try await f.act(.decide(outcome: .granted, reasons: "准予"), on: row, by: head, at: context.now, expectedVersion: version - 1)
            }

            enum Outcome: Sendable { case landed, refused(String), failed(String) }
            let store = test
            let outcomes = await withTaskGroup(of: Outcome.self) { group in
                for outcome in [CaseOutcome.granted, .refused] {
                    group.addTask {
                        do {
                            _ = try await store.writeGate.transaction(on: store.db) { db in
                                try await CaseStore.act(.decide(outcome: outcome, reasons: "理由"), on: id, principal: head.principal, by: head.actor, context: context, on: db)
                            }
                            return .landed
                        } catch let error as CaseStoreError where error == .changedSinceRead {
                            return .refused("\(error)")
                        } catch let error as CaseError {
                            if case .invalidState = error { return .refused("\(error)") }
                            return .failed("\(error)")
                        } catch {
                            return .failed("\(error)")
                        }
                    }
                }
                var all: [Outcome] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            let landed = outcomes.filter { if case .landed = $0 { true } else { false } }.count
            let refused = outcomes.filter { if case .refused = $0 { true } else { false } }.count
            #expect(landed == 1 && refused == 1, "\(outcomes)")
            let reloaded = try await f.reload(row)
            #expect(reloaded.version == version + 1)
            #expect(try await f.events(of: row).filter { $0.action == "decide" }.count == 1)
            #expect([CaseState.granted, .closed].contains(reloaded.caseState))
        }
    }

    @Test("no one reaches a case outside their role and department")
    func access() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let db = test.db
            let matter = try await f.publish(try ApprovalFixtures.definition(of: try await f.market), of: try await f.market)
            let (citizen, enterprise, supervisor) = (try await f.citizen, try await f.enterprise, try await f.supervisor)
            let otherReviewer = try await f.staff("reviewer.health", .reviewer, on: try await f.health)
            let row = try await f.submit(matter, by: citizen, at: ApprovalFixtures.beijing("2026-11-02 09:30"))
            try await f.act(.accept, on: row, by: try await f.clerk, at: ApprovalFixtures.beijing("2026-11-02 10:00"))
            let id = try row.requireID()
            let at = ApprovalFixtures.beijing("2026-11-02 11:00")

            // A reviewer of another department: as if the case did not exist.
            #expect(try await CaseStore.record(id, for: otherReviewer.principal, on: db) == nil)
            await #expect(throws: CaseStoreError.notFound) { try await f.act(.completeStep(note: nil), on: row, by: otherReviewer, at: at) }
            // Another applicant: the same.
            #expect(try await CaseStore.record(id, for: enterprise.principal, on: db) == nil)
            await #expect(throws: CaseStoreError.notFound) { try await f.act(.withdraw(reason: nil), on: row, by: enterprise, at: at) }
            #expect(try await CaseStore.cases(ofApplicant: enterprise.id, on: db).isEmpty)
            // A supervisor reads but may not act; no one anonymous sees anything.
            #expect(try await CaseStore.record(id, for: supervisor.principal, on: db) != nil)
            await #expect(throws: CaseStoreError.forbidden) { try await f.act(.completeStep(note: nil), on: row, by: supervisor, at: at) }
            #expect(try await CaseStore.record(id, for: nil, on: db) == nil)
            // The applicant and the department's own staff do.
            #expect(try await CaseStore.record(id, for: citizen.principal, on: db)?.row.id == id)
            #expect(try await CaseStore.record(id, for: try await f.reviewer.principal, on: db) != nil)
            #expect(try await f.reload(row).version == 1)
        }
    }

    @Test("the applicant renews the query code: the new one tracks, the old one stops; no one else may, and a refusal changes nothing")
    func renewQueryCode() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let db = test.db
            let key = test.queryCodeKey
            let matter = try await f.publish(try ApprovalFixtures.definition(of: try await f.market), of: try await f.market)
            let (citizen, enterprise, supervisor, clerk, reviewer) = (try await f.citizen, try await f.enterprise, try await f.supervisor, try await f.clerk, try await f.reviewer)
            let filed = try await f.file(matter, by: citizen, at: ApprovalFixtures.beijing("2026-11-02 09:30"))
            let id = try filed.row.requireID()
            let at = ApprovalFixtures.beijing("2026-11-02 11:00")
            func renew(_ person: Person?) async throws -> FiledCase {
                try await test.writeGate.transaction(on: db) { db in
                    try await CaseStore.renewQueryCode(of: id, principal: person?.principal, by: person?.actor ?? .system("test"), key: key, now: at, on: db)
                }
            }
            let auditBefore = try await AuditEntry.query(on: db).filter(\.$action == "case.query_code").count()

            // Another applicant, staff who may see or act on the case, a supervisor, no one: as if the case did not exist.
            let others: [Person?] = [enterprise, clerk, reviewer, supervisor, nil]
            for person in others {
                await #expect(throws: CaseStoreError.notFound) { _ = try await renew(person) }
            }
            await #expect(throws: CaseStoreError.notFound) {
                try await test.writeGate.transaction(on: db) { db in
                    _ = try await CaseStore.renewQueryCode(of: UUID(), principal: citizen.principal, by: citizen.actor, key: key, now: at, on: db)
                }
            }
            #expect(try await f.reload(filed.row).queryCode == filed.row.queryCode, "a refused renewal changed the stored code")
            #expect(try await AuditEntry.query(on: db).filter(\.$action == "case.query_code").count() == auditBefore)

            // The applicant: a new code, stored as its hash; it tracks and the old one no longer does.
            let renewed = try await renew(citizen)
            #expect(QueryCode.isWellFormed(renewed.queryCode) && renewed.queryCode != filed.queryCode)
            let stored = try await f.reload(filed.row).queryCode
            #expect(QueryCodeKey.isHashed(stored) && stored == key.hash(renewed.queryCode))
            #expect(try await CaseStore.track(trackingNumber: filed.row.trackingNumber, queryCode: renewed.queryCode, key: key, on: db)?.row.id == id)
            #expect(try await CaseStore.track(trackingNumber: filed.row.trackingNumber, queryCode: filed.queryCode, key: key, on: db) == nil)
            // Recorded, under the case's tracking number, without the code.
            let entries = try await AuditEntry.query(on: db).filter(\.$action == "case.query_code").all()
            #expect(entries.count == auditBefore + 1)
            #expect(entries.contains { $0.objectID == filed.row.trackingNumber })
            #expect(entries.allSatisfy { !$0.summary.contains(renewed.queryCode) && !$0.summary.contains(stored) })
            // Nothing else about the case moved.
            #expect(try await f.reload(filed.row).version == filed.row.version)
        }
    }

    @Test("a fee other than the published standard is refused without a reason; with one it is kept and flagged (Art. 58)")
    func fees() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let db = test.db
            let matter = try await f.publish(try ApprovalFixtures.definition(of: try await f.market, feeFen: 1000), of: try await f.market)
            let (clerk, citizen) = (try await f.clerk, try await f.citizen)
            let row = try await f.submit(matter, by: citizen, at: ApprovalFixtures.beijing("2026-11-02 09:30"))
            let id = try row.requireID()
            func record(_ fen: Int, item: Int? = 0, reason: String?, by person: Person) async throws -> FeeRecord {
                try await test.writeGate.transaction(on: db) { db in
                    try await CaseStore.recordFee(
                        on: id, itemIndex: item, chargedFen: fen, reason: reason, principal: person.principal, by: person.actor,
                        now: ApprovalFixtures.beijing("2026-11-02 10:00"), on: db)
                }
            }
            let auditBefore = try await AuditEntry.query(on: db).count()
            await #expect(throws: CaseStoreError.feeDiffers(.differs(standard: 1000, charged: 1500))) { try await record(1500, reason: nil, by: clerk) }
            await #expect(throws: CaseStoreError.feeDiffers(.differs(standard: 1000, charged: 1500))) { try await record(1500, reason: "  ", by: clerk) }
            await #expect(throws: CaseStoreError.feeItemUnknown) { try await record(1000, item: 3, reason: nil, by: clerk) }
            await #expect(throws: CaseStoreError.forbidden) { try await record(1000, reason: nil, by: citizen) }
            #expect(try await FeeRecord.query(on: db).count() == 0)
            #expect(try await AuditEntry.query(on: db).count() == auditBefore)

            let standard = try await record(1000, reason: nil, by: clerk)
            #expect(!standard.flagged && standard.standardFen == 1000 && standard.itemName == "证书工本费")
            let forced = try await record(1500, reason: "加急制证，申请人同意", by: clerk)
            #expect(forced.flagged && forced.reason == "加急制证，申请人同意" && forced.chargedFen == 1500)
            #expect(try await AuditEntry.query(on: db).filter(\.$action == "case.fee_forced").count() == 1)
            #expect(try await CaseStore.record(id, for: clerk.principal, on: db)?.fees.count == 2)
        }
    }

    @Test("publishing a new version of a matter leaves the cases filed under the old one as they were")
    func matterVersions() async throws {
        try await withStoreTest { test in
            let f = ApprovalFixtures(test: test)
            let db = test.db
            let market = try await f.market
            let matter = try await f.publish(try ApprovalFixtures.definition(of: market), of: market)
            let citizen = try await f.citizen
            let old = try await f.submit(matter, by: citizen, at: ApprovalFixtures.beijing("2026-11-02 09:30"))

            let revised = try await f.publish(try ApprovalFixtures.definition(of: market, promisedDays: 8, extraStep: true), of: market)
            #expect(revised.id == matter.id && revised.currentVersion == 2)
            let new = try await f.submit(revised, by: citizen, at: ApprovalFixtures.beijing("2026-11-02 09:40"))

            let versions = try await MatterStore.versions(of: revised, on: db)
            #expect(versions.map(\.version) == [2, 1])
            #expect(old.$matterVersion.id == versions[1].id && new.$matterVersion.id == versions[0].id)

            // The old case goes on under version 1: two review steps, the promise of 10 working days.
            try await f.act(.accept, on: old, by: try await f.clerk, at: ApprovalFixtures.beijing("2026-11-03 09:00"))
            let record = try #require(try await CaseStore.record(old.requireID(), for: citizen.principal, on: db))
            #expect(record.definition.reviewSteps.count == 2 && record.snapshot.steps.count == 2)
            #expect(record.snapshot.promisedDue == CivilDate.end("2026-11-17"))
            #expect(try await CaseStore.record(new.requireID(), for: citizen.principal, on: db)?.snapshot.steps.count == 3)
            #expect(try await f.reload(old).$matterVersion.id == versions[1].id)
        }
    }
}
