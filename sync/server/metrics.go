package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, in a registry of its own so that
// several servers (tests) never share counters.
type metrics struct {
	reg       *prometheus.Registry
	handler   http.Handler
	requests  *prometheus.CounterVec
	pushes    prometheus.Counter
	mutations *prometheus.CounterVec
	pushTime  prometheus.Histogram
	pulls     prometheus.Counter
	pullRows  prometheus.Counter
	pullTime  prometheus.Histogram
	streams   prometheus.Gauge
	groups    *prometheus.CounterVec
}

func newMetrics() *metrics {
	reg := prometheus.NewRegistry()
	m := &metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "iescp_http_requests_total",
			Help: "HTTP requests by route and status."}, []string{"route", "status"}),
		pushes: prometheus.NewCounter(prometheus.CounterOpts{Name: "iescp_sync_pushes_total", Help: "Push requests served."}),
		mutations: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "iescp_sync_mutations_total",
			Help: "Pushed mutations by outcome (applied, rejected, duplicate)."}, []string{"outcome"}),
		pushTime: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "iescp_sync_push_seconds",
			Help: "Push latency.", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14)}),
		pulls:    prometheus.NewCounter(prometheus.CounterOpts{Name: "iescp_sync_pulls_total", Help: "Pull requests served."}),
		pullRows: prometheus.NewCounter(prometheus.CounterOpts{Name: "iescp_sync_pull_changes_total", Help: "Changes sent by pulls."}),
		pullTime: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "iescp_sync_pull_seconds",
			Help: "Pull latency.", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14)}),
		streams: prometheus.NewGauge(prometheus.GaugeOpts{Name: "iescp_sync_event_streams",
			Help: "Connected event streams (desktops online)."}),
		groups: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "iescp_sync_push_groups_total",
			Help: "Group commits of pushes by how they went: speculated (PostgreSQL: the whole group in two round trips), " +
				"fell_back (the speculation did not hold: applied again a round trip a push), serial (SQLite)."},
			[]string{"how"}),
	}
	reg.MustRegister(m.requests, m.pushes, m.mutations, m.pushTime, m.pulls, m.pullRows, m.pullTime, m.streams, m.groups,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	return m
}

func (m *metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) { m.handler.ServeHTTP(w, r) }

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Flush lets SSE through the wrapper.
func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// wrap counts requests by route pattern and status.
// The pattern is the one the mux set on r ("unmatched" for 404 and 405).
func (m *metrics) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		m.requests.WithLabelValues(route, strconv.Itoa(rec.status)).Inc()
	})
}

func (m *metrics) observePush(applied, rejected, dup int, d time.Duration) {
	m.pushes.Inc()
	m.mutations.WithLabelValues("applied").Add(float64(applied))
	m.mutations.WithLabelValues("rejected").Add(float64(rejected))
	m.mutations.WithLabelValues("duplicate").Add(float64(dup))
	m.pushTime.Observe(d.Seconds())
}

func (m *metrics) observePull(changes int, d time.Duration) {
	m.pulls.Inc()
	m.pullRows.Add(float64(changes))
	m.pullTime.Observe(d.Seconds())
}
