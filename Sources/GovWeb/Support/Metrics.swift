import Prometheus

/// Every metric family `/metrics` exposes, with its help text, so each is declared once and every family carries
/// `# HELP` and `# TYPE` (the exposition format expects both; dashboards show the help).
enum Metrics {
    static func httpRequest(_ registry: PrometheusCollectorRegistry, method: String, route: String, status: UInt) -> Counter {
        registry.makeCounter(
            name: "govhall_http_requests_total", labels: [("method", method), ("route", route), ("status", String(status))],
            help: "HTTP requests answered, by method, route template and status.")
    }

    static func httpDuration(_ registry: PrometheusCollectorRegistry, route: String) -> DurationHistogram {
        registry.makeDurationHistogram(
            name: "govhall_http_request_duration_seconds", labels: [("route", route)],
            buckets: [.milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5)],
            help: "Time to answer an HTTP request, by route template.")
    }

    static func openObligations(_ registry: PrometheusCollectorRegistry, status: String) -> Gauge {
        registry.makeGauge(
            name: "govhall_obligations_open", labels: [("status", status)],
            help: "Open statutory obligations watched by electronic supervision, by status (normal, reminder, warning, overdue).")
    }

    static func sweepChanges(_ registry: PrometheusCollectorRegistry) -> Counter {
        registry.makeCounter(
            name: "govhall_supervision_sweep_changes_total",
            help: "Obligation status changes the supervision sweep recorded on this node.")
    }

    static func jobDuration(_ registry: PrometheusCollectorRegistry, job: String) -> DurationHistogram {
        registry.makeDurationHistogram(
            name: "govhall_job_duration_seconds", labels: [("job", job)],
            buckets: [.milliseconds(10), .milliseconds(100), .seconds(1), .seconds(10), .seconds(60)],
            help: "Time one pass of a background job took on the node that ran it.")
    }
}
