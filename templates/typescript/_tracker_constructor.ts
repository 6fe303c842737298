
  /**
   * @param transport - Where calls go: an adapter from this module or your own {@link Transport}.
   * @param context - The standard context, or a function returning it (called once per call).
   * @param messageContext - The message context, or a function returning it (called once per call).
   * @param options - Where errors go ({@link TrackerOptions}); by default they are logged, never thrown.
   */
  constructor(transport: Transport, context: ContextProvider, messageContext: MessageContextProvider = {}, options: TrackerOptions = {}) {
    this.#transport = transport;
    this.#context = context;
    this.#messageContext = messageContext;
    this.#options = options;
  }
