import Foundation

/// Geometry for charts drawn on the server as SVG. The template draws the shapes from these numbers; every text goes
/// through Leaf's escaping, so a department's name cannot inject markup. No script and no external library.
struct ChartFrame: Encodable, Sendable {
    static let width = 720.0
    static let height = 240.0
    static let left = 48.0
    static let right = 12.0
    static let top = 12.0
    static let bottom = 36.0

    var width = ChartFrame.width
    var height = ChartFrame.height
    var plotLeft = ChartFrame.left
    var plotRight = ChartFrame.width - ChartFrame.right
    var plotTop = ChartFrame.top
    var plotBottom = ChartFrame.height - ChartFrame.bottom

    var plotWidth: Double { plotRight - plotLeft }
    var plotHeight: Double { plotBottom - plotTop }
}

/// A gridline and its label, placed left of the plot.
struct ChartTick: Encodable, Sendable {
    var y: Double
    var label: String
    var labelX: Double
    var labelY: Double

    init(y: Double, label: String, frame: ChartFrame) {
        self.y = y
        self.label = label
        labelX = frame.plotLeft - 6
        labelY = y + 4
    }
}

/// A category's label under the plot.
struct ChartXLabel: Encodable, Sendable {
    var x: Double
    var y: Double
    var label: String

    init(x: Double, label: String, frame: ChartFrame) {
        self.x = x
        self.label = label
        y = frame.plotBottom + 18
    }
}

struct ChartBar: Encodable, Sendable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double
    /// What a pointer or a screen reader gets: "2026-11-02 收件 12".
    var title: String
    /// `series-0`, `series-1`: the colour, from the style sheet.
    var series: String
}

struct ChartLine: Encodable, Sendable {
    /// SVG `points`: "x,y x,y …".
    var points: String
    var series: String
    var label: String
    var dots: [ChartDot]
}

struct ChartDot: Encodable, Sendable {
    var x: Double
    var y: Double
    var title: String
}

struct ChartLegend: Encodable, Sendable {
    var label: String
    var series: String
}

/// Vertical bars, one group per category (a day, a week), one bar per series.
struct BarChart: Encodable, Sendable {
    var frame = ChartFrame()
    var title: String
    var bars: [ChartBar]
    var ticks: [ChartTick]
    var xLabels: [ChartXLabel]
    var legend: [ChartLegend]

    /// `groups`: each category's label and its value per series.
    init(title: String, series: [String], groups: [(label: String, values: [Int])]) {
        self.title = title
        let frame = ChartFrame()
        let maximum = Swift.max(1, groups.flatMap(\.values).max() ?? 1)
        let scale = ChartScale.nice(maximum)
        let slot = frame.plotWidth / Double(Swift.max(groups.count, 1))
        let barWidth = Swift.max(1, slot * 0.8 / Double(Swift.max(series.count, 1)))
        var bars: [ChartBar] = []
        for (index, group) in groups.enumerated() {
            for (s, value) in group.values.enumerated() {
                let height = frame.plotHeight * Double(value) / Double(scale.top)
                bars.append(ChartBar(
                    x: frame.plotLeft + slot * Double(index) + slot * 0.1 + barWidth * Double(s), y: frame.plotBottom - height,
                    width: barWidth, height: height, title: "\(group.label) \(series[s]) \(value)", series: "series-\(s)"))
            }
        }
        self.bars = bars
        ticks = scale.steps.map { ChartTick(y: frame.plotBottom - frame.plotHeight * Double($0) / Double(scale.top), label: "\($0)", frame: frame) }
        xLabels = ChartScale.labelPositions(count: groups.count).map {
            ChartXLabel(x: frame.plotLeft + slot * (Double($0) + 0.5), label: groups[$0].label, frame: frame)
        }
        legend = series.enumerated().map { ChartLegend(label: $1, series: "series-\($0)") }
    }
}

/// Lines of rates (0…100 %) over categories; a category without data leaves a gap in no line, it is skipped.
struct LineChart: Encodable, Sendable {
    var frame = ChartFrame()
    var title: String
    var lines: [ChartLine]
    var ticks: [ChartTick]
    var xLabels: [ChartXLabel]
    var legend: [ChartLegend]

    init(title: String, series: [String], labels: [String], values: [[Double?]]) {
        self.title = title
        let frame = ChartFrame()
        let step = frame.plotWidth / Double(Swift.max(labels.count, 1))
        func x(_ index: Int) -> Double { frame.plotLeft + step * (Double(index) + 0.5) }
        func y(_ rate: Double) -> Double { frame.plotBottom - frame.plotHeight * Swift.min(Swift.max(rate, 0), 1) }
        lines = series.enumerated().map { s, name in
            let points = labels.indices.compactMap { index in values[s][index].map { (index, $0) } }
            return ChartLine(
                points: points.map { "\(Self.format(x($0.0))),\(Self.format(y($0.1)))" }.joined(separator: " "), series: "series-\(s)", label: name,
                dots: points.map { ChartDot(x: x($0.0), y: y($0.1), title: "\(labels[$0.0]) \(name) \(Self.percent($0.1))") })
        }
        ticks = [0, 25, 50, 75, 100].map { ChartTick(y: frame.plotBottom - frame.plotHeight * Double($0) / 100, label: "\($0)%", frame: frame) }
        xLabels = ChartScale.labelPositions(count: labels.count).map { ChartXLabel(x: x($0), label: labels[$0], frame: frame) }
        legend = series.enumerated().map { ChartLegend(label: $1, series: "series-\($0)") }
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }
    static func percent(_ rate: Double) -> String { String(format: "%.1f%%", rate * 100) }
}

/// Horizontal bars for a ranking: one row per department, its score out of 100.
struct RankingChart: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        var y: Double
        var labelY: Double
        var width: Double
        var label: String
        var value: String
        var valueX: Double
    }

    static let labelWidth = 220.0
    var width = ChartFrame.width
    var height: Double
    /// Where department names end (right-aligned) and bars begin.
    var labelX = RankingChart.labelWidth - 8
    var barX = RankingChart.labelWidth
    var barHeight = 18.0
    var title: String
    var rows: [Row]

    init(title: String, entries: [(label: String, score: Double)]) {
        self.title = title
        let rowHeight = 26.0
        height = Swift.max(rowHeight, rowHeight * Double(entries.count) + 8)
        let labelWidth = Self.labelWidth
        let available = ChartFrame.width - labelWidth - 60
        rows = entries.enumerated().map { index, entry in
            let width = available * Swift.min(Swift.max(entry.score, 0), 100) / 100
            return Row(
                y: 4 + rowHeight * Double(index), labelY: 4 + rowHeight * Double(index) + 13, width: width, label: entry.label,
                value: String(format: "%.2f", entry.score), valueX: labelWidth + width + 6)
        }
    }
}

enum ChartScale {
    /// A round top for the axis (1, 2, 5 × 10ⁿ) and its steps.
    static func nice(_ maximum: Int) -> (top: Int, steps: [Int]) {
        var magnitude = 1
        while magnitude * 10 <= maximum { magnitude *= 10 }
        let top = [1, 2, 5, 10].map { $0 * magnitude }.first { $0 >= maximum } ?? maximum
        let step = Swift.max(1, top / 4)
        return (top, Array(stride(from: 0, through: top, by: step)))
    }

    /// At most about eight labels along the x axis, evenly spread, the last one always shown.
    static func labelPositions(count: Int) -> [Int] {
        guard count > 0 else { return [] }
        let every = Swift.max(1, Int((Double(count) / 8).rounded(.up)))
        var positions = Array(stride(from: 0, to: count, by: every))
        if positions.last != count - 1 { positions.append(count - 1) }
        return positions
    }
}
