import FluentKit
import Foundation
import GovCore

/// Gives every new row with a UUID key its identifier from ``Effects/current`` before Fluent would draw a random one,
/// so that a test, which fixes the effects, gets the same identifiers on every run; a server gets the system's.
struct IdentifierMiddleware: AnyModelMiddleware {
    func handle(_ event: ModelEvent, _ model: any AnyModel, on db: any Database, chainingTo next: any AnyModelResponder) -> EventLoopFuture<Void> {
        if case .create = event, let model = model as? any Model { assignID(to: model) }
        return next.handle(event, model, on: db)
    }

    private func assignID<Row: Model>(to row: Row) {
        guard Row.IDValue.self == UUID.self, row.id == nil else { return }
        row.id = Effects.current.newID() as? Row.IDValue
    }
}
