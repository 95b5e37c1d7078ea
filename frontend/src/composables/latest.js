// "Latest call wins": the one rule for dropping stale answers, shared by useLiveQuery
// and the stores that load (a slower, earlier call never overwrites a newer one).
//
//   const latest = latestCall()
//   const isCurrent = latest.start()   // at the start of a call
//   const v = await fetch()
//   if (!isCurrent()) return           // a newer call started (or cancel()) meanwhile
export function latestCall() {
  let seq = 0
  return {
    /** Marks a new call; returns whether that call is still the latest. */
    start() {
      const mine = ++seq
      return () => mine === seq
    },
    /** Makes every call in flight stale (unmount, sign-out, reset). */
    cancel() {
      seq++
    },
  }
}
