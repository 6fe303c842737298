
  /**
   * @param transport - Where calls go: an adapter from this module or your own {@link Transport}.
   * @param context - The standard context, or a function returning it (called once per call).
   * @param messageContext - The message context, or a function returning it (called once per call).
   */
  constructor(transport: Transport, context: ContextProvider, messageContext: MessageContextProvider) {
    this.#transport = transport;
    this.#context = context;
    this.#messageContext = messageContext;
  }
