import FluentKit
import Foundation
import GovCore
@testable import GovDemo
@testable import GovStore
import GovStoreTestSupport
import Testing

@Suite("Demo matters")
struct DemoMattersTests {
    static func shippedJSON() throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: packageRoot + "/" + DemoMatters.resourcePath))
    }

    @Test("the shipped catalogue decodes: real matters of many departments, each valid, codes unique")
    func shippedCatalogue() throws {
        let loaded = try DemoMatters.load(json: Self.shippedJSON())
        #expect(loaded.count >= 20)
        #expect(Set(loaded.map(\.department)).count >= 8)
        for (department, definition) in loaded {
            #expect(definition.validate().isEmpty, "\(definition.nameZh): \(definition.validate().entries.map(\.field))")
            // The code is the department's 统一社会信用代码 followed by the catalogue part (GB/T 39554.1).
            #expect(definition.code.departmentCode == DemoCity.departmentCode(named: department))
            #expect(definition.code.kind == definition.kind)
        }
        #expect(Set(loaded.map(\.definition.code)).count == loaded.count)
        #expect(loaded.contains { $0.definition.onlineDepth == .fullyOnline })
        #expect(loaded.contains { $0.definition.isOnTheSpot })
        #expect(loaded.contains { !$0.definition.possibleProcedures.isEmpty })
    }

    @Test("the code is inserted before decoding; an unknown department or a bad entry is named")
    func loadErrors() throws {
        let entry = try JSONSerialization.jsonObject(with: Self.shippedJSON()) as! [[String: Any]]
        var first = entry[0]
        first["department"] = "示范市不存在局"
        let unknown = try JSONSerialization.data(withJSONObject: [first])
        #expect(throws: DemoMattersError.unknownDepartment("示范市不存在局")) { try DemoMatters.load(json: unknown) }

        var broken = entry[0]
        broken["catalogCode"] = "02001170010"   // 行政处罚 is not a service matter
        let bad = try JSONSerialization.data(withJSONObject: [entry[1], broken])
        #expect { try DemoMatters.load(json: bad) } throws: { error in
            guard case let .malformed(entry, _)? = error as? DemoMattersError else { return false }
            return entry == 1
        }
    }

    @Test("the demo city is seeded with the catalogue, every matter under its department")
    func seeded() async throws {
        try await withStoreTest { test in
            let db = test.db
            let loaded = try DemoMatters.load(json: Self.shippedJSON())
            let matters = try await MatterStore.list(on: db)
            #expect(matters.count == loaded.count)
            let departments = try await OrganisationUnit.query(on: db).filter(\.$kind == .department).all()
            #expect(departments.contains { $0.nameZh == "示范市教育局" && $0.code == DemoCity.departmentCode(named: "示范市教育局") })
            for matter in matters {
                let department = try #require(departments.first { $0.id == matter.$department.id })
                #expect(matter.code.hasPrefix(department.code))
                #expect(matter.currentVersion == 1)
            }
        }
    }
}
