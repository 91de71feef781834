import GovCore

/// A text as the reviewer sees it before publication: every passage the detector takes for personal data marked with
/// its kind (issue 20, item 4). Shared by the hotline's and the consultations' review steps.
struct MarkedText: Encodable, Sendable {
    struct Segment: Encodable, Sendable {
        var text: String
        /// The kind's name in the reader's language; nil for plain text.
        var kind: String?
    }

    var label: String
    var segments: [Segment]
    var found: Int

    init(label: String, text: String, writer: PersonalData.Writer, language: Language) {
        self.label = label
        let segments = PersonalData.segments(of: text, writer: writer)
        self.segments = segments.map { Segment(text: $0.text, kind: $0.kind.map { Strings.text("personal_kind_" + $0.rawValue, language) }) }
        self.found = segments.filter { $0.kind != nil }.count
    }
}
