import FluentKit
import Foundation
import GovCore
import GovStore

/// The demo city's service catalogue: real matters (政务服务事项) of its departments, from
/// `Resources/Data/demo-matters.json`.
///
/// Each entry names its department by Chinese name and gives the catalogue part of the code (type, main item, sub
/// item); the department's 统一社会信用代码 in front makes the 事项实施编码 (GB/T 39554.1), as in a real implementation
/// list, so the file stays valid whatever codes the seed gives the departments.
public enum DemoMatters {
    public static let resourcePath = "Resources/Data/demo-matters.json"

    /// One entry of the file; `definition` is a ``MatterDefinition`` without its `code`.
    struct Entry: Decodable {
        var department: String
        var catalogCode: String
        var sources: [String]?
        var definition: JSONObject
    }

    /// Decodes the file into definitions with their codes, checking nothing against a database.
    public static func load(json: Data) throws -> [(department: String, definition: MatterDefinition)] {
        let entries: [Entry]
        do {
            entries = try JSONDecoder().decode([Entry].self, from: json)
        } catch {
            throw DemoMattersError.malformed(entry: nil, underlying: String(describing: error))
        }
        return try entries.enumerated().map { index, entry in
            guard let departmentCode = DemoCity.departmentCode(named: entry.department) else {
                throw DemoMattersError.unknownDepartment(entry.department)
            }
            var object = entry.definition
            object.members["code"] = .string(departmentCode + entry.catalogCode)
            do {
                let definition = try JSONDecoder().decode(MatterDefinition.self, from: JSONEncoder().encode(object))
                return (entry.department, definition)
            } catch {
                throw DemoMattersError.malformed(entry: index, underlying: String(describing: error))
            }
        }
    }

    /// Publishes every matter of the file as version 1 under its department (found by name). Call inside a
    /// transaction, after ``DemoCity/seed(hasher:now:on:)``.
    @discardableResult
    public static func seed(json: Data, by actor: AuditActor, now: Date, on database: any Database) async throws -> [Matter] {
        let departments = try await OrganisationUnit.query(on: database).filter(\.$kind == .department).all()
        var published: [Matter] = []
        for (name, definition) in try load(json: json) {
            guard let department = departments.first(where: { $0.nameZh == name }) else {
                throw DemoMattersError.unknownDepartment(name)
            }
            published.append(try await MatterStore.publish(definition, department: department, by: actor, now: now, on: database).0)
        }
        return published
    }
}

public enum DemoMattersError: Error, Equatable, CustomStringConvertible {
    case unknownDepartment(String)
    /// The file, or entry `entry` (0-based) of it, does not decode; `underlying` says why.
    case malformed(entry: Int?, underlying: String)

    public var description: String {
        switch self {
        case let .unknownDepartment(name): "\(DemoMatters.resourcePath): no department named \(name) in the demo city"
        case let .malformed(entry?, underlying): "\(DemoMatters.resourcePath), entry \(entry): \(underlying)"
        case let .malformed(nil, underlying): "\(DemoMatters.resourcePath): \(underlying)"
        }
    }
}

/// Any JSON value, kept as read, so a field can be added to an object before it is decoded as a model.
enum JSONValue: Codable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode(JSONObject.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(value): try container.encode(value)
        case let .number(value): try container.encode(value)
        case let .string(value): try container.encode(value)
        case let .array(value): try container.encode(value)
        case let .object(value): try container.encode(value)
        }
    }
}

/// A JSON object; its members' order does not matter to the decoders it feeds.
struct JSONObject: Codable, Equatable {
    var members: [String: JSONValue]

    init(from decoder: any Decoder) throws {
        members = try decoder.singleValueContainer().decode([String: JSONValue].self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(members)
    }
}
