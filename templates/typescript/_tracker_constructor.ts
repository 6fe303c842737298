
  /**
   * @param transport - Where calls go: an adapter from this module or your own {@link Transport}.
   * @param context - The standard context, or a function returning it (called once per call).
   * @param messageContext - The message context, or a function returning it (called once per call).
   * @param options - Where errors and violations go, and the validation mode ({@link TrackerOptions}).
   */
  constructor(transport: Transport, context: ContextProvider, messageContext: MessageContextProvider = {}, options: TrackerOptions = {}) {
    this.#core = new TrackerCore(transport, context, messageContext, options);
  }

  /** The validation mode in force. */
  get validation(): ValidationMode {
    return this.#core.validation;
  }
