import ArgumentParser
import Fluent
import Foundation
import GovCore
import GovStore
import GovWeb
import Vapor

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage accounts.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account and grant it a role. Prints a random password unless --password-stdin is given."
        )

        @ArgumentParser.Option(help: "Sign-in name (3–32 letters, digits, . _ -).") var username: String
        @ArgumentParser.Option(help: "Name shown to people.") var name: String
        @ArgumentParser.Option(help: "staff, citizen or enterprise.") var kind: String = "staff"
        @ArgumentParser.Option(help: "Code of the unit the account belongs to / the role is granted on (e.g. 990100).") var unit: String?
        @ArgumentParser.Option(help: "Role to grant: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String?
        @ArgumentParser.Flag(help: "The role also covers every unit below --unit.") var subtree = false
        @ArgumentParser.Option(name: .customLong("id-number"), help: "居民身份证号 (citizens).") var idNumber: String?
        @ArgumentParser.Option(name: .customLong("credit-code"), help: "统一社会信用代码 (enterprises).") var creditCode: String?
        @ArgumentParser.Flag(help: "Read the password from standard input instead of generating one.") var passwordStdin = false
        @ArgumentParser.Option(help: "E-mail address for supervision notices (with GOVHALL_SMTP_URL).") var email: String?

        func run() async throws {
            guard let kind = AccountKind(rawValue: kind) else { throw ValidationError("--kind must be staff, citizen or enterprise") }
            let role = try role.map { text in
                guard let role = Role(rawValue: text) else { throw ValidationError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))") }
                return role
            }
            let password = passwordStdin ? (readLine(strippingNewline: true) ?? "") : Secrets.password()
            let valid: ValidAccountApplication
            do {
                valid = try AccountRules.validate(
                    AccountApplication(kind: kind, username: username, displayName: name, password: password, passwordConfirmation: password,
                                       residentID: idNumber, creditCode: creditCode),
                    today: CivilDate.beijing(Date())
                )
            } catch {
                let flags = ["residentID": "id-number", "creditCode": "credit-code", "displayName": "name", "passwordConfirmation": "password-stdin"]
                throw ValidationError(
                    error.messages(in: .en).sorted { $0.key < $1.key }.map { "--\(flags[$0.key] ?? $0.key): \($0.value)" }.joined(separator: "\n")
                )
            }
            if let email, !EmailAddress.isValid(email) { throw ValidationError("--email: not an e-mail address") }
            let (unitCode, passwordStdin, email) = (unit, self.passwordStdin, self.email)
            try await withApplication { app in
                try await prepareDatabase(app)
                let unit = try await unitCode.asyncMap { code in
                    guard let unit = try await OrganisationUnit.query(on: app.db).filter(\.$code == code).first() else {
                        throw ValidationError("no organisation unit has the code \(code)")
                    }
                    return unit
                }
                if kind == .staff, unit == nil { throw ValidationError("staff accounts need --unit") }
                if role != nil, unit == nil { throw ValidationError("--role needs --unit") }
                let now = app.govhall.dependencies.now()
                let hasher = app.govhall.hasher
                let actor = AuditActor.system("govhall user create")
                try await app.govhall.writeGate.transaction(on: app.db) { db in
                    let account = try await AccountStore.create(valid, unitID: kind == .staff ? unit?.id : nil, hasher: hasher, by: actor, now: now, on: db)
                    if let role, let unit {
                        try await AccountStore.grant(role, to: account, on: unit, includesSubtree: subtree, by: actor, now: now, on: db)
                    }
                    if let email { try await AccountStore.setEmail(email, of: account, by: actor, now: now, on: db) }
                }
                print("Created \(kind.rawValue) account \(valid.username).")
                if !passwordStdin { print("Password (shown once): \(password)") }
            }
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue an API token; the secret is printed alone on the last line, once.")

        @ArgumentParser.Option(help: "What the token is for.") var name: String
        @ArgumentParser.Option(help: "A scope to grant (repeatable): \(APIScope.allCases.map(\.rawValue).joined(separator: ", ")).") var scope: [String]
        @ArgumentParser.Option(help: "Code of the unit the token acts for (default: the top-level unit).") var unit: String?
        @ArgumentParser.Option(help: "Days until it expires (default: never).") var expiresDays: Int?
        @ArgumentParser.Option(help: "User name the token acts for with the cases:act or sharing:act scope (it gets that person's roles).") var account: String?

        func run() async throws {
            let scopes = try scope.map { text in
                guard let scope = APIScope(rawValue: text) else { throw ValidationError("unknown scope \(text); known: \(APIScope.allCases.map(\.rawValue).joined(separator: ", "))") }
                return scope
            }
            guard !scopes.isEmpty else { throw ValidationError("give at least one --scope") }
            for acting in [APIScope.casesAct, .sharingAct] where scopes.contains(acting) && account == nil {
                throw ValidationError("\(acting.rawValue) needs --account: the token acts as that person")
            }
            let (name, unitCode, expiresDays, username) = (name, unit, expiresDays, account)
            try await withApplication { app in
                try await prepareDatabase(app)
                let query = OrganisationUnit.query(on: app.db)
                if let unitCode { query.filter(\.$code == unitCode) } else { query.filter(\.$parent.$id == nil).sort(\.$sortOrder) }
                guard let unit = try await query.first() else { throw ValidationError("no such organisation unit") }
                let accountID = try await username.asyncMap { username in
                    guard let account = try await Account.query(on: app.db).filter(\.$username == username).first() else {
                        throw ValidationError("no account is called \(username)")
                    }
                    return try account.requireID()
                }
                let now = app.govhall.dependencies.now()
                let issued = try await app.govhall.writeGate.transaction(on: app.db) { db in
                    let issued = try await IdentityStore.issueToken(
                        name: name, scopes: scopes.map(\.rawValue), unitID: unit.id, createdBy: accountID, now: now,
                        expiresAt: expiresDays.map { now.addingTimeInterval(TimeInterval($0) * 86_400) }, on: db
                    )
                    try await AuditLog.append(
                        AuditEvent(action: "token.create", objectType: "api_token", objectID: issued.record.id!.uuidString.lowercased(),
                                   summary: "issued token \(name) (\(issued.record.prefix)…) with \(issued.record.scopes)"),
                        by: .system("govhall token create"), at: now, on: db
                    )
                    return issued
                }
                FileHandle.standardError.write(Data("Token \(name) for \(unit.nameZh) with \(issued.record.scopes). Shown once:\n".utf8))
                print(issued.secret)
            }
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
