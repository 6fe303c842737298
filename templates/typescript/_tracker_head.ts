/**
 * The plan's calls as typed methods: one per event, `identify`, `group`, `alias`, and one per
 * named page and screen in {@link Tracker.pages} and {@link Tracker.screens}. Events, pages and
 * screens carry the standard context merged into their properties; every call carries the message
 * context. The returned promise settles when the transport has accepted the call.
 */
export class Tracker {
  readonly #transport: Transport;
  readonly #context: ContextProvider;
  readonly #messageContext: MessageContextProvider;
