package mutate

// TrackingToken exposes the candidates of a tracking code or promo code suffix,
// so a test can take the first one before the mutator runs.
var TrackingToken = trackingToken
