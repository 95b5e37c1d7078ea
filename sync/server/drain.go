package server

// Drain marks the instance as leaving: /readyz answers 503 from now on, so a load
// balancer stops sending it requests, while every request (and event stream)
// already here, and any still sent, is served as before. Close follows; the
// command line waits --drain-delay between the two (docs/operations.md).
func (s *Server) Drain() { s.draining.Store(true) }
