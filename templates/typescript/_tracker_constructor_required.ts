
  /**
   * @param transport - Where calls go: an adapter from this module or your own {@link Transport};
   *   or a {@link TrackerCore} to wrap (then nothing else is given).
   * @param context - The standard context, or a function returning it (called once per call).
   * @param messageContext - The message context, or a function returning it (called once per call).
   * @param options - Where errors and violations go, and the validation mode ({@link TrackerOptions}).
   */
  constructor(core: TrackerCore);
  constructor(transport: Transport, context: ContextProvider, messageContext: MessageContextProvider, options?: TrackerOptions);
  constructor(transport: Transport | TrackerCore, context?: ContextProvider, messageContext?: MessageContextProvider, options?: TrackerOptions) {
    // The second signature gives the context whenever the first argument is a transport.
    this.#core = transport instanceof TrackerCore ? transport : new TrackerCore(transport, context as ContextProvider, messageContext as MessageContextProvider, options);
  }

  /** The validation mode in force. */
  get validation(): ValidationMode {
    return this.#core.validation;
  }

  /** The {@link TrackerCore} the methods call: for the free functions of this module. */
  get core(): TrackerCore {
    return this.#core;
  }

  /**
   * A view of this tracker whose calls are about `identity` unless a call's options name their
   * own: one per request on a server, sharing the transport, contexts and options (it costs a
   * few objects, no transport).
   */
  withIdentity(identity: Identity): Tracker {
    return new Tracker(this.#core.withIdentity(identity));
  }
