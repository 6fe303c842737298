
/**
 * The plan's calls as typed methods: one per event, `identify`, `group`, `alias`, and one per
 * named page and screen in {@link Tracker.pages} and {@link Tracker.screens}. Events, pages and
 * screens carry the standard context merged into their properties; every call carries the message
 * context. The returned promise resolves when the transport has accepted the call, and also when
 * the call failed: errors go to {@link TrackerOptions.onError}, so `void tracker.x()` is safe. In
 * `throw` validation mode a call that breaks the plan is not sent and its promise rejects with a
 * {@link TrackingPlanViolationError}.
 *
 * Every method calls the free function of its call on a {@link TrackerCore}; a bundle that
 * should hold only the calls it uses imports those functions instead of this class.
 */
export class Tracker {
  readonly #core: TrackerCore;
