package securitytest

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"
)

// slow is a server with short timeouts (the flags docs/operations.md describes),
// so slow-client tests end quickly. The idle timeout is the longest, so a
// connection closed for idling proves more than the write timeout has passed.
var slow = newLazy("--read-header-timeout", "1s", "--read-timeout", "1s", "--write-timeout", "1s", "--idle-timeout", "2s")

// closeDeadline bounds how long the server may take to close a slow connection:
// many times its timeouts, for a busy machine.
const closeDeadline = 15 * time.Second

// closedBy reports on the returned channel when the server closes the connection r reads (reads
// whatever the server sends until EOF or an error).
func closedBy(r io.Reader) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = io.Copy(io.Discard, r) // EOF and a reset both mean the server closed it
	}()
	return done
}

// TestSlowRequestBodyIsCut sends a request whose body trickles in one byte at a
// time: the server closes the connection after its read timeout instead of holding
// it (and a goroutine) for as long as the client likes.
func TestSlowRequestBodyIsCut(t *testing.T) {
	t.Parallel()
	s := slow.get(t)
	conn := dialFrom(t, s)
	if _, err := fmt.Fprintf(conn, "POST /api/v1/auth/login HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{",
		conn.RemoteAddr()); err != nil {
		t.Fatal(err)
	}
	closed := closedBy(conn)
	tick := time.NewTicker(100 * time.Millisecond) // the attacker's pace: one byte per tick
	defer tick.Stop()
	deadline := time.After(closeDeadline)
	sent := 1
	for {
		select {
		case <-closed:
			t.Logf("closed after %d body bytes", sent)
			return
		case <-deadline:
			t.Fatalf("a body trickled at one byte per 100 ms is still being read after %s (%d bytes)", closeDeadline, sent)
		case <-tick.C:
			if _, err := conn.Write([]byte(" ")); err != nil {
				<-closed
				t.Logf("closed after %d body bytes (write: %v)", sent, err)
				return
			}
			sent++
		}
	}
}

// TestIdleKeepAliveIsClosed keeps a connection open after one request and sends
// nothing more: the server closes it after its idle timeout.
func TestIdleKeepAliveIsClosed(t *testing.T) {
	t.Parallel()
	s := slow.get(t)
	conn := dialFrom(t, s)
	if _, err := fmt.Fprintf(conn, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", conn.RemoteAddr()); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Close {
		t.Fatalf("healthz: status %d, close %v; want 200 on a kept-alive connection", resp.StatusCode, resp.Close)
	}
	select {
	case <-closedBy(br):
	case <-time.After(closeDeadline):
		t.Fatalf("an idle keep-alive connection is still open after %s", closeDeadline)
	}
}

// TestEventStreamOutlivesWriteTimeout: the write timeout does not cut event
// streams. A stream opened before an idle connection times out (the idle timeout
// is longer than the write timeout) still delivers a poke afterwards.
func TestEventStreamOutlivesWriteTimeout(t *testing.T) {
	t.Parallel()
	s := slow.get(t)
	a := register(t, s, "influencer", "streamer")
	st := openStream(t, s, a.http, a.access)
	if st.Status != http.StatusOK {
		t.Fatalf("open stream: %d %s", st.Status, st.Body)
	}
	// Wait for the idle timeout (longer than the write timeout) to pass, measured by
	// the server itself closing an idle connection.
	conn := dialFrom(t, s)
	fmt.Fprintf(conn, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", conn.RemoteAddr())
	select {
	case <-closedBy(conn):
	case <-time.After(closeDeadline):
		t.Fatal("the idle connection was not closed")
	}
	if st.isClosed() {
		t.Fatal("the event stream was closed by the server's write timeout")
	}
	a.must(t, "profile.update", map[string]any{"name": "poke me"})
	select {
	case <-st.pokes:
	case <-st.closed:
		t.Fatal("the event stream closed instead of delivering the poke")
	case <-time.After(requestTimeout):
		t.Fatal("no poke on a stream older than the write timeout")
	}
}
