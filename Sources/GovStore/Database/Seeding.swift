import FluentKit
import Foundation
import GovCore
import Logging

/// What seeding an installation needs from the application that runs it. The demo city (the `GovDemo` target) is
/// one seeder; production installations have none, and GovStore and GovWeb never depend on it.
public struct SeedEnvironment: Sendable {
    public var hasher: any PasswordHasher
    public var keyring: CertificateKeyring
    public var queryCodeKey: QueryCodeKey
    public var now: Date
    /// Where `Resources/` is: seeds read their data files from it.
    public var resourcesDirectory: String
    public var disclosureIndexPattern: IndexNumberPattern
    public var logger: Logger

    public init(
        hasher: any PasswordHasher, keyring: CertificateKeyring, queryCodeKey: QueryCodeKey, now: Date, resourcesDirectory: String,
        disclosureIndexPattern: IndexNumberPattern, logger: Logger
    ) {
        self.hasher = hasher
        self.keyring = keyring
        self.queryCodeKey = queryCodeKey
        self.now = now
        self.resourcesDirectory = resourcesDirectory
        self.disclosureIndexPattern = disclosureIndexPattern
        self.logger = logger
    }
}

/// A sign-in made while seeding: shown once, stored only as its hash.
public struct SeededSignIn: Sendable, Equatable {
    public var username: String
    public var password: String
    public var role: String

    public init(username: String, password: String, role: String) {
        self.username = username
        self.password = password
        self.role = role
    }
}

/// Seeds an installation inside the transaction that prepares its database; returns the sign-ins it made.
public typealias Seeder = @Sendable (SeedEnvironment, any Database) async throws -> [SeededSignIn]
