import Fluent
import Foundation
import GovCore
import GovStore
import Vapor

/// Signing in and out, registering, and the signed-in person's own account page.
enum SessionController {
    struct SignInForm: Content {
        var username: String?
        var password: String?
        var next: String?
    }

    static func signInPage(_ request: Request) async throws -> Response {
        let next = LocalPath.sanitise(request.query[String.self, at: "next"])
        return try await request.renderPage(
            "identity/signin", titleKey: "title_signin", body: SignInBody(next: next, form: FormState()),
            notice: request.notice(from: ["registered": "notice_registered"])
        )
    }

    /// Checks the password, throttles failures per name and per address, and starts a new session with a new
    /// secret and a new CSRF token (no session fixation).
    static func signIn(_ request: Request) async throws -> Response {
        let form = try request.content.decode(SignInForm.self)
        let language = request.language
        let name = String((form.username ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(64))
        let next = LocalPath.sanitise(form.next)
        let now = request.now
        let addressKey = "addr:" + (request.clientAddress ?? "unknown")
        let db = request.db

        func refuse(_ message: String, status: HTTPResponseStatus, retryAfter: Date? = nil) async throws -> Response {
            var state = FormState()
            state.values["username"] = name
            state.error = message
            let response = try await request.renderPage("identity/signin", titleKey: "title_signin", body: SignInBody(next: next, form: state), status: status)
            if let retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: RetryAfter.seconds(until: retryAfter, now: now)) }
            return response
        }

        // The account is found first so that its lock holds whichever identifier was typed (user name, 身份证号 or
        // 统一社会信用代码): five failures through the ID number lock the user name too.
        let account = try await IdentityStore.account(signInName: name, on: db)
        let nameKey = try IdentityStore.throttleKey(for: account, typed: name)
        for (key, rule) in [(nameKey, SignInThrottleRule.perAccount), (addressKey, SignInThrottleRule.perAddress)] {
            if let until = try await IdentityStore.lockedUntil(key: key, rule: rule, now: now, on: db) {
                request.logger.notice("sign-in throttled", metadata: ["key": .string(key.hasPrefix("addr:") ? key : "name")])
                return try await refuse(AppError.throttled(until: until).message(in: language), status: .tooManyRequests, retryAfter: until)
            }
        }
        let password = form.password ?? ""
        let hasher = request.govhall.hasher
        // An unknown or disabled account is checked against a dummy hash of the same cost, so the answer takes as long
        // as for a wrong password and its time does not tell which names exist (OWASP ASVS 4.0.3 V2.2.1, V3.2.x timing).
        let usable = account.map { $0.isActive } ?? false
        let against = usable ? account?.passwordHash ?? request.govhall.dummyPasswordHash : request.govhall.dummyPasswordHash
        let matched = password.count <= PasswordPolicy.maximumLength
            ? try await request.application.threadPool.runIfActive { try hasher.verify(password, against: against) }
            : false
        let verified = usable && matched
        guard let account, verified else {
            try await request.write { db in
                try await IdentityStore.recordFailedSignIn(key: nameKey, rule: .perAccount, now: now, on: db)
                try await IdentityStore.recordFailedSignIn(key: addressKey, rule: .perAddress, now: now, on: db)
            }
            return try await refuse(Strings.text("error_signin_failed", language), status: .unauthorized)
        }
        let accountID = try account.requireID()
        let lifetime = request.govhall.config.sessionLifetime
        let client = request.clientAddress
        let agent = request.headers.first(name: .userAgent)
        let signedOut = request.auditActor(role: nil)
        let actor = AuditActor(
            accountID: accountID, name: account.displayName, role: nil, unitID: nil, unitPath: nil,
            requestID: signedOut.requestID, clientAddress: signedOut.clientAddress
        )
        let secret = try await request.write { db in
            try await IdentityStore.clearFailedSignIns(key: nameKey, on: db)
            let secret = try await IdentityStore.startSession(accountID: accountID, now: now, lifetime: lifetime, clientAddress: client, userAgent: agent, on: db)
            try await AuditLog.append(
                AuditEvent(action: "session.signin", objectType: "account", objectID: accountID.uuidString.lowercased(), summary: "signed in as \(account.username)"),
                by: actor, at: now, on: db
            )
            return secret
        }
        request.renewCSRFToken()
        let response = request.redirect(to: next == Paths.portal.home() ? landingPage(for: try await IdentityStore.principal(for: account, on: db)) : next)
        response.cookies[CallerMiddleware.sessionCookie] = request.govhall.cookie(secret, sameSite: .lax, maxAge: nil)
        return response
    }

    /// Where a person lands after signing in: the area of their main role.
    static func landingPage(for principal: Principal) -> String {
        if AccessPolicy.canEnter(.admin, principal) { return Paths.admin.home() }
        if AccessPolicy.canEnter(.supervision, principal) { return Paths.supervision.home() }
        if AccessPolicy.canEnter(.workbench, principal) { return Paths.approvals.inbox() }
        if AccessPolicy.canEnter(.applicantSpace, principal) { return Paths.portal.my() }
        return Paths.portal.account()
    }

    static func signOut(_ request: Request) async throws -> Response {
        if let secret = request.cookies[CallerMiddleware.sessionCookie]?.string, let principal = request.principal {
            let actor = request.auditActor(role: nil)
            let now = request.now
            try await request.write { db in
                try await IdentityStore.endSession(token: secret, on: db)
                try await AuditLog.append(
                    AuditEvent(action: "session.signout", objectType: "account", objectID: principal.accountID.uuidString.lowercased(), summary: "signed out"),
                    by: actor, at: now, on: db
                )
            }
        }
        request.renewCSRFToken()
        let response = request.redirect(to: Paths.portal.home(query: ["done": "signout"]))
        response.cookies[CallerMiddleware.sessionCookie] = request.govhall.cookie("", sameSite: .lax, maxAge: 0)
        return response
    }

    // MARK: Registration

    struct RegisterForm: Content {
        var kind: String?
        var username: String?
        var displayName: String?
        var password: String?
        var passwordConfirmation: String?
        var residentID: String?
        var creditCode: String?
        var phone: String?
    }

    static func registerPage(_ request: Request) async throws -> Response {
        let kind = request.query[String.self, at: "kind"] == "enterprise" ? "enterprise" : "citizen"
        return try await request.renderPage("identity/register", titleKey: "title_register", body: RegisterBody(kind: kind, form: FormState()))
    }

    /// Citizens and enterprises open their own accounts; each gets the applicant role for the whole
    /// installation. Staff accounts are made by administrators.
    static func register(_ request: Request) async throws -> Response {
        let form = try request.content.decode(RegisterForm.self)
        let kind: AccountKind = form.kind == "enterprise" ? .enterprise : .citizen
        let application = AccountApplication(
            kind: kind, username: form.username, displayName: form.displayName, password: form.password,
            passwordConfirmation: form.passwordConfirmation, residentID: form.residentID, creditCode: form.creditCode, phone: form.phone
        )
        let now = request.now
        let hasher = request.govhall.hasher
        let actor = request.auditActor(role: nil)
        let typed = ["username": form.username ?? "", "displayName": form.displayName ?? "", "residentID": form.residentID ?? "",
                     "creditCode": form.creditCode ?? "", "phone": form.phone ?? ""]
        return try await request.submitting(typed, withSummary: false) {
            let valid = try AccountRules.validate(application, today: CivilDate.beijing(now))
            do {
                try await request.write { db in
                    try await AccountStore.register(valid, hasher: hasher, by: actor, now: now, on: db)
                }
            } catch let errors as FieldErrors where errors.entries.allSatisfy({ ($0.failure as? FieldProblem) == .alreadyTaken }) {
                // A 身份证号, credit code or user name already registered is not told to whoever typed it (OWASP ASVS 4.0.3
                // V2.2.1, V3 account enumeration): the answer is the one a new registrant gets, and its notice tells
                // both what to do. The password was hashed either way, so the time does not tell either.
                request.logger.notice("registration with an identifier or name in use")
                return request.redirect(to: Paths.portal.signIn(query: ["done": "registered"]))
            }
            return request.redirect(to: Paths.portal.signIn(query: ["done": "registered"]))
        } otherwise: { state in
            try await request.renderPage("identity/register", titleKey: "title_register", body: RegisterBody(kind: kind.rawValue, form: state))
        }
    }

    // MARK: Own account

    static func accountPage(_ request: Request) async throws -> Response {
        try await renderAccount(request, form: FormState(), status: .ok, notice: request.notice(from: ["password": "notice_password_changed"]))
    }

    static func renderAccount(_ request: Request, form: FormState, status: HTTPResponseStatus, notice: String?) async throws -> Response {
        guard let principal = request.principal, let account = try await IdentityStore.profile(accountID: principal.accountID, on: request.db) else {
            throw AppError.notSignedIn
        }
        let language = request.language
        let units = try await OrganisationStore.units(ids: principal.grants.compactMap(\.unitID), on: request.db)
        let unitNames = Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0.name(in: language)) })
        let identifier = IdentifierDisplay.of(account, viewer: principal, language: language)
        let body = AccountBody(
            username: account.username, displayName: account.displayName, kind: Strings.text("kind_\(account.kind.rawValue)", language),
            identifierLabel: identifier?.label, identifier: identifier?.value, phone: account.phone.map { Mask.phone($0) },
            roles: principal.grants.map { RoleRow(role: $0.role.title(in: language), unit: $0.unitID.flatMap { unitNames[$0] } ?? "", subtree: $0.includesSubtree) },
            form: form
        )
        return try await request.renderPage("identity/account", titleKey: "title_account", body: body, notice: notice, status: status)
    }

    struct PasswordForm: Content {
        var currentPassword: String?
        var newPassword: String?
        var newPasswordConfirmation: String?
    }

    /// Changing the password ends every other session of the account.
    static func changePassword(_ request: Request) async throws -> Response {
        guard case let .person(principal, sessionTokenHash) = request.caller,
              let account = try await IdentityStore.credentials(accountID: principal.accountID, on: request.db)
        else { throw AppError.notSignedIn }
        let form = try request.content.decode(PasswordForm.self)
        let language = request.language
        let hasher = request.govhall.hasher
        let now = request.now
        // A wrong current password counts like a failed sign-in, against the same per-account lock: a stolen session
        // must not become a way around the sign-in throttle to guess the password (OWASP ASVS 4.0.3 V2.2.1).
        let accountKey = account.throttleKey
        if let until = try await IdentityStore.lockedUntil(key: accountKey, rule: .perAccount, now: now, on: request.db) {
            let state = FormState(errors: ["currentPassword": AppError.throttled(until: until).message(in: language)])
            let response = try await renderAccount(request, form: state, status: .tooManyRequests, notice: nil)
            response.headers.replaceOrAdd(name: .retryAfter, value: RetryAfter.seconds(until: until, now: now))
            return response
        }
        var errors = FieldErrors()
        let current = form.currentPassword ?? ""
        let currentOK = current.count <= PasswordPolicy.maximumLength
            ? try await request.application.threadPool.runIfActive { try hasher.verify(current, against: account.passwordHash) }
            : false
        if !currentOK {
            errors.add("currentPassword", CurrentPasswordWrong())
            try await request.write { db in
                try await IdentityStore.recordFailure(key: accountKey, rule: .perAccount, now: now, on: db)
            }
        }
        let newPassword = form.newPassword ?? ""
        do {
            try PasswordPolicy.validate(newPassword, username: account.username)
        } catch {
            errors.add("newPassword", error)
        }
        if newPassword != (form.newPasswordConfirmation ?? "") { errors.add("newPasswordConfirmation", FieldProblem.mismatch) }
        guard errors.isEmpty else {
            return try await renderAccount(request, form: FormState(refused: errors, in: language, withSummary: false), status: .badRequest, notice: nil)
        }
        let actor = request.auditActor(role: nil)
        let version = account.version
        do {
            try await request.write { db in
                try await AccountStore.changePassword(of: account.accountID, to: newPassword, expectedVersion: version, hasher: hasher, by: actor, now: now, on: db)
                try await IdentityStore.endAllSessions(accountID: principal.accountID, except: sessionTokenHash, on: db)
                try await IdentityStore.clearFailedSignIns(key: accountKey, on: db)
            }
        } catch StoreError.concurrentUpdate {
            throw AppError.conflict
        }
        return request.redirect(to: Paths.portal.account(query: ["done": "password"]))
    }

    struct CurrentPasswordWrong: LocalizedFailure {
        func message(in language: Language) -> String { Strings.text("error_current_password", language) }
    }
}
