import Foundation

/// JSON kept in a column or an audit summary, with its keys sorted: the encoder's own order changes from one process
/// to the next, and the same value must give the same text (an audit entry's hash covers it; tests compare it).
public enum StoredJSON {
    public static func text<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
