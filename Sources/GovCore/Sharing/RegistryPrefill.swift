/// Which form fields an enterprise's registry entry fills (一数一源、一源多用): a matter's form names its fields in its
/// own words, so each registry field lists the names forms use for it.
public enum RegistryPrefill {
    static let formNames: [String: [String]] = [
        "name": ["company", "business_name", "agency_name", "org_name", "unit_name", "operator_name", "enterprise_name"],
        "uscc": ["credit_code", "uscc"],
        "legal_representative": ["legal_rep", "legal_representative"],
        "address": ["domicile", "address", "registered_address"],
        "registered_capital": ["registered_capital"],
    ]

    /// The fields the registry asks for, to read no more than the form needs.
    public static func registryFields(for formFields: [String]) -> [String] {
        formNames.filter { !Set($0.value).isDisjoint(with: formFields) }.map(\.key).sorted()
    }

    /// Values for the form's fields from the entry's, leaving alone what is already filled.
    public static func values(from entry: [String: String], formFields: [String], filled: [String: String]) -> [String: String] {
        var values: [String: String] = [:]
        for (registryField, names) in formNames {
            guard let value = entry[registryField], !value.isEmpty else { continue }
            for name in names where formFields.contains(name) && (filled[name] ?? "").isEmpty { values[name] = value }
        }
        return values
    }
}
