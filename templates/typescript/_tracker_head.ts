/**
 * The plan's calls as typed methods: one per event, `identify`, `group`, `alias`, and one per
 * named page and screen in {@link Tracker.pages} and {@link Tracker.screens}. Events, pages and
 * screens carry the standard context merged into their properties; every call carries the message
 * context. The returned promise resolves when the transport has accepted the call, and also when
 * the call failed: errors go to {@link TrackerOptions.onError}, so `void tracker.x()` is safe.
 */
export class Tracker {
  readonly #transport: Transport;
  readonly #context: ContextProvider;
  readonly #messageContext: MessageContextProvider;
  readonly #options: TrackerOptions;
  /** The calls whose first failure the default error handler has logged. */
  readonly #reported: Set<string> = new Set<string>();
