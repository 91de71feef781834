import GovWeb
import Vapor

extension Application {
    public var govhallIsSQLite: Bool { govhall.config.database.isSQLite }
}
