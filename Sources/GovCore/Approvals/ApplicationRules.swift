import Foundation

/// How an application reaches the hall.
public enum ApplicationChannel: String, Sendable, Codable, CaseIterable {
    /// Filed by the applicant in the portal or through the API.
    case online
    /// Taken at a window by a clerk on the applicant's behalf; paper materials are checked there.
    case window
}

/// What an application must contain before it is received (收件).
public enum ApplicationRules {
    /// Checks the form against the matter's schema and the uploaded material keys against its list.
    ///
    /// Online, every required material that may be handed in electronically must be uploaded; at the window the
    /// clerk checks the papers, so uploads are optional there. Keys the matter does not list are refused, so
    /// nothing unrelated is collected (《行政许可法》 Art. 31). All problems come back at once (Art. 32).
    ///
    /// Online, the fields that hold the applicant's own name and identifier come from `applicant`, the signed-in
    /// account: left blank they are filled from it, and a different value is refused (an application is filed in
    /// one's own name; 《行政许可法》 Art. 31 makes the applicant answerable for what it states). At the window the
    /// clerk enters them from the papers shown.
    public static func check(
        _ definition: MatterDefinition, form: [String: String], uploadedKeys: Set<String>,
        channel: ApplicationChannel, today: CivilDate, applicant: AccountIdentity? = nil
    ) -> Result<[String: String], FieldErrors> {
        var errors = FieldErrors()
        if channel == .online, !definition.onlineDepth.acceptsOnlineApplication {
            errors.add("matter", ApplicationProblem.notOnline)
        }
        var form = form
        if channel == .online, let applicant {
            for field in definition.form.fields {
                guard let datum = field.applicantDatum, let own = applicant.value(of: datum) else { continue }
                let typed = (form[field.name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                if !typed.isEmpty, !AccountIdentity.same(typed, own, as: datum) {
                    errors.add(field.name, ApplicationProblem.notYourOwn(datum))
                }
                form[field.name] = own
            }
        }
        var values: [String: String] = [:]
        switch definition.form.validate(form, today: today) {
        case let .success(valid): values = valid
        case let .failure(formErrors): for entry in formErrors.entries { errors.add(entry.field, entry.failure) }
        }
        for key in uploadedKeys.sorted() where definition.material(key) == nil {
            errors.add("material_\(key)", ApplicationProblem.unknownMaterial(key))
        }
        if channel == .online {
            for material in definition.materials where material.required && material.electronicAccepted && !uploadedKeys.contains(material.key) {
                errors.add("material_\(material.key)", ApplicationProblem.materialMissing(material.nameZh, material.nameEn))
            }
        }
        return errors.isEmpty ? .success(values) : .failure(errors)
    }

    /// A 好差评 rating (GB/T 39735): 1 to 5 stars, an optional comment, once, after the case is finished.
    public static func checkRating(stars: Int, comment: String?, state: CaseState, alreadyRated: Bool) throws(ApplicationProblem) -> String? {
        guard state.isTerminal, state != .withdrawn else { throw .notFinished }
        guard !alreadyRated else { throw .alreadyRated }
        guard (1...5).contains(stars) else { throw .badRating }
        let trimmed = comment?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard trimmed.count <= 500 else { throw .commentTooLong }
        if stars <= 2, trimmed.isEmpty { throw .commentNeededForPoorRating }
        return trimmed.isEmpty ? nil : trimmed
    }
}

public enum ApplicationProblem: LocalizedFailure, Equatable {
    case notOnline
    case unknownMaterial(String)
    case materialMissing(String, String)
    case notFinished
    case alreadyRated
    case badRating
    case commentTooLong
    /// GB/T 39735: a 差评 (1–2 stars) says what went wrong, so it can be followed up (整改).
    case commentNeededForPoorRating
    /// An online application names someone other than the signed-in applicant.
    case notYourOwn(ApplicantDatum)

    public func message(in language: Language) -> String {
        switch (self, language) {
        case (.notOnline, .zhHans): "该事项暂不支持网上申请，请到窗口办理"
        case (.notOnline, .en): "This matter cannot be applied for online; please apply at the window"
        case let (.unknownMaterial(key), .zhHans): "材料“\(key)”不在该事项的申请材料清单中"
        case let (.unknownMaterial(key), .en): "“\(key)” is not on this matter's list of materials"
        case let (.materialMissing(zh, _), .zhHans): "请上传“\(zh)”"
        case let (.materialMissing(_, en), .en): "Please upload “\(en)”"
        case (.notFinished, .zhHans): "办件办结后才能评价"
        case (.notFinished, .en): "You can rate a case once it is finished"
        case (.alreadyRated, .zhHans): "该办件已经评价过"
        case (.alreadyRated, .en): "This case has already been rated"
        case (.badRating, .zhHans): "评价应为 1 至 5 星"
        case (.badRating, .en): "A rating is 1 to 5 stars"
        case (.commentTooLong, .zhHans): "评价内容不能超过 500 字"
        case (.commentTooLong, .en): "The comment can be at most 500 characters"
        case (.commentNeededForPoorRating, .zhHans): "差评（1–2 星）请说明原因，以便整改"
        case (.commentNeededForPoorRating, .en): "For 1 or 2 stars, please say what went wrong so it can be put right"
        case (.notYourOwn, .zhHans): "网上申请以您本人的名义办理：此项取自您的实名账户，不能填写他人的信息。代他人办理请到政务服务窗口"
        case (.notYourOwn, .en): "An online application is made in your own name: this comes from your verified account and cannot be someone else's. To apply for another person, please go to a service window"
        }
    }
}
