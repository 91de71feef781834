import FluentKit
import Foundation
import GovCore
import GovStore

extension DemoCity {
    /// The whole demo city as one seeder, for an empty installation: the city, its accounts and matters, and unless
    /// `demoCases` is false a few hundred cases of the last two months with disclosure, sharing, credit, hotline and
    /// participation records. It runs in the transaction that prepares the database: there whole or not at all.
    public static func seeder(demoCases: Bool = true) -> Seeder {
        { environment, db in
            guard try await !isSeeded(on: db) else { return [] }
            let (now, logger) = (environment.now, environment.logger)
            let signIns = try await seed(hasher: environment.hasher, now: now, on: db)
            let matters = try Data(contentsOf: URL(fileURLWithPath: environment.resourcesDirectory + "/" + DemoMatters.resourcePath))
            try await DemoMatters.seed(json: matters, by: .system("seed"), now: DemoApprovals.catalogueInstant(before: now), on: db)
            if demoCases {
                let calendar = try await CalendarStore.load(on: db)
                let context = CaseContext(
                    calendar: calendar, regionCode: cityCode, keyring: environment.keyring, queryCodeKey: environment.queryCodeKey, now: now)
                let summary = try await DemoApprovals.seed(context: context, hasher: environment.hasher, on: db)
                logger.info("Seeded \(summary.cases) demo cases, \(summary.bundles) joint applications, \(summary.certificates) certificates")
                let disclosure = try await DemoDisclosure.seed(
                    indexPattern: environment.disclosureIndexPattern, calendar: calendar, now: now, queryCodeKey: environment.queryCodeKey, on: db)
                logger.info("Seeded \(disclosure.items) disclosure catalogue items, \(disclosure.published) of them published, and \(disclosure.requests) requests")
            }
            let sharing = try await DemoSharing.seed(calendar: try await CalendarStore.load(on: db), now: now, on: db)
            logger.info("Seeded \(sharing.resources) shared resources, \(sharing.requests) sharing requests and \(sharing.calls) exchange calls")
            _ = try await DemoCredit.seed(now: now, on: db)
            let hotline = try await DemoHotline.seed(
                calendar: try await CalendarStore.load(on: db), now: now, queryCodeKey: environment.queryCodeKey, on: db)
            logger.info("Seeded \(hotline.rules) hotline routing rules, \(hotline.tickets) tickets and \(hotline.knowledge) knowledge entries")
            let participation = try await DemoParticipation.seed(calendar: try await CalendarStore.load(on: db), now: now, on: db)
            logger.info("Seeded \(participation.consultations) consultations, \(participation.surveys) surveys, \(participation.hearings) hearing and \(participation.petitions) petition")
            return signIns
        }
    }
}
