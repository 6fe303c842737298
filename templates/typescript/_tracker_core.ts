
/** What the identity views of one {@link TrackerCore} share: the transport, the contexts, the options. */
interface CoreShared {
  readonly transport: Transport;
  readonly context: ContextProvider;
  readonly messageContext: MessageContextProvider;
  readonly options: TrackerOptions;
  readonly validation: ValidationMode;
  /** The calls whose first failure the default error handler has logged. */
  readonly reported: Set<string>;
  /** The violations (call, path, rule) the default violation handler has logged. */
  readonly warned: Set<string>;
}

/**
 * The untyped core of a tracker: where calls go, the context, the options. The typed calls are
 * the free functions of this module (`trackCampaignCreated(core, {...})`, one per event, page and
 * screen, and `identify`, `group`, `alias`): a bundle that imports a few of them keeps only those.
 * {@link Tracker} wraps one core with every call as a method.
 */
export class TrackerCore {
  /** What every identity view of this core shares. */
  #shared: CoreShared;
  /** The identity of this view's calls ({@link TrackerCore.withIdentity}). */
  #identity: Identity = {};

  /**
   * @param transport - Where calls go: an adapter from this module or your own {@link Transport}.
   * @param context - The standard context, or a function returning it (called once per call).
   * @param messageContext - The message context, or a function returning it (called once per call).
   * @param options - Where errors and violations go, and the validation mode ({@link TrackerOptions}).
   */
  constructor(transport: Transport, context: ContextProvider, messageContext: MessageContextProvider/*DEFAULT*/, options: TrackerOptions = {}) {
    this.#shared = {
      transport,
      context,
      messageContext,
      options,
      validation: options.validation ?? defaultValidation(),
      reported: new Set<string>(),
      warned: new Set<string>(),
    };
  }

  /** The validation mode in force. */
  get validation(): ValidationMode {
    return this.#shared.validation;
  }

  /**
   * A view of this core whose calls are about `identity` (unless a call's options name their
   * own): the same transport, contexts and options, made per request at the cost of one object.
   */
  withIdentity(identity: Identity): TrackerCore {
    const { transport, context, messageContext, options } = this.#shared;
    const view = new TrackerCore(transport, context, messageContext, options);
    view.#shared = this.#shared;
    view.#identity = identity;
    return view;
  }

  /**
   * Sends an event with the standard context merged in, unchecked unless `check` gives a check.
   * The typed functions (`trackCampaignCreated`, ...) call it.
   */
  async track(event: string, properties: object, check?: () => PayloadCheck | undefined, options?: CallOptions): Promise<void> {
    await this.#run({ kind: 'track', name: event }, () => {
      const payload = { ...properties, ...this.#standard() };
      this.#check('track', event, payload, check);
      return this.#shared.transport.track(event, payload, this.#message(options), this.#send(options));
    });
  }

  /** Sends a page view; see {@link TrackerCore.track}. */
  async page(name: string, properties: object, check?: () => PayloadCheck | undefined, options?: CallOptions): Promise<void> {
    await this.#run({ kind: 'page', name }, () => {
      const payload = { ...properties, ...this.#standard() };
      this.#check('page', name, payload, check);
      return this.#shared.transport.page?.(name, payload, this.#message(options), this.#send(options));
    });
  }

  /** Sends a screen view; see {@link TrackerCore.track}. */
  async screen(name: string, properties: object, check?: () => PayloadCheck | undefined, options?: CallOptions): Promise<void> {
    await this.#run({ kind: 'screen', name }, () => {
      const payload = { ...properties, ...this.#standard() };
      this.#check('screen', name, payload, check);
      return this.#shared.transport.screen?.(name, payload, this.#message(options), this.#send(options));
    });
  }

  /** Identifies a user with their traits; see {@link TrackerCore.track}. */
  async identify(userId: string, traits: object, check?: () => PayloadCheck | undefined, options?: CallOptions): Promise<void> {
    await this.#run({ kind: 'identify' }, () => {
      const payload = { ...traits };
      this.#check('identify', undefined, payload, check);
      return this.#shared.transport.identify?.(userId, payload, this.#message(options), this.#send(options));
    });
  }

  /** Puts the user in a group with the group's traits; see {@link TrackerCore.track}. */
  async group(groupId: string, traits: object, check?: () => PayloadCheck | undefined, options?: CallOptions): Promise<void> {
    await this.#run({ kind: 'group' }, () => {
      const payload = { ...traits };
      this.#check('group', undefined, payload, check);
      return this.#shared.transport.group?.(groupId, payload, this.#message(options), this.#send(options));
    });
  }

  /** Links a previous id to the user id. */
  async alias(userId: string, previousId: string, options?: CallOptions): Promise<void> {
    await this.#run({ kind: 'alias' }, () => this.#shared.transport.alias?.(userId, previousId, this.#message(options), this.#send(options)));
  }

  /** Checks `payload` unless validation is off or `check` gives none; throws in `throw` mode. */
  #check(kind: Violation['kind'], name: string | undefined, payload: unknown, check: (() => PayloadCheck | undefined) | undefined): void {
    if (this.#shared.validation === 'off' || check === undefined) {
      return;
    }
    let checker: PayloadCheck | undefined;
    try {
      checker = check();
    } catch {
      // No `process` (a browser without a bundler): the call goes unchecked.
    }
    if (checker === undefined) {
      return;
    }
    const issues: PayloadIssue[] = [];
    checker(payload, '', undefined, issues);
    if (issues.length === 0) {
      return;
    }
    const violations = $violations(kind, name, issues);
    if (this.#shared.validation === 'throw') {
      throw new TrackingPlanViolationError(violations);
    }
    for (const v of violations) {
      this.#warn(v);
    }
  }

  #warn(v: Violation): void {
    try {
      if (this.#shared.options.onViolation !== undefined) {
        this.#shared.options.onViolation(v);
        return;
      }
      const key = `${v.kind} ${v.name ?? ''} ${v.path} ${v.rule}`;
      if (this.#shared.warned.has(key)) {
        return;
      }
      this.#shared.warned.add(key);
      const log = (globalThis as { console?: { warn(...data: unknown[]): void } }).console;
      const where = v.location === undefined ? '' : ` (${v.location})`;
      const call = v.name === undefined ? v.kind : `${v.kind} ${v.name}`;
      log?.warn(`trackplan: ${call}: ${v.message}${where}`);
    } catch {
      // A violation handler that throws must not take the app down.
    }
  }

  /** Runs one call: whatever it throws or rejects with goes to the error handler. */
  async #run(call: TrackerCall, send: () => void | Promise<void> | undefined): Promise<void> {
    try {
      await send();
    } catch (error: unknown) {
      if (error instanceof TrackingPlanViolationError) {
        throw error;
      }
      this.#report(error, call);
      if (this.#shared.options.throwOnError === true) {
        throw error;
      }
    }
  }

  #report(error: unknown, call: TrackerCall): void {
    try {
      if (this.#shared.options.onError !== undefined) {
        this.#shared.options.onError(error, call);
        return;
      }
      const key = call.name === undefined ? call.kind : `${call.kind} ${call.name}`;
      if (this.#shared.reported.has(key)) {
        return;
      }
      this.#shared.reported.add(key);
      const log = (globalThis as { console?: { error(...data: unknown[]): void } }).console;
      log?.error(`trackplan: the ${key} call failed (later failures of this call are not logged):`, error);
    } catch {
      // An error handler that throws must not take the app down either.
    }
  }

  #standard(): Context {
    const context = this.#shared.context;
    return typeof context === 'function' ? context() : context;
  }

  #message(options: CallOptions | undefined): Record<string, unknown> {
    const provider = this.#shared.messageContext;
    const context = typeof provider === 'function' ? provider() : provider;
    return { ...context, ...options?.context, trackplan: PLAN_IDENTITY };
  }

  /** The call's options as the transport takes them: only those given, the timestamp as ISO 8601. */
  #send(options: CallOptions | undefined): SendOptions {
    const o: { -readonly [K in keyof SendOptions]: SendOptions[K] } = {};
    const who = options?.userId !== undefined || options?.anonymousId !== undefined ? options : this.#identity;
    if (who.userId !== undefined) {
      o.userId = who.userId;
    }
    if (who.anonymousId !== undefined) {
      o.anonymousId = who.anonymousId;
    }
    if (options === undefined) {
      return o;
    }
    const { timestamp, messageId, integrations, groups } = options;
    if (timestamp !== undefined) {
      o.timestamp = typeof timestamp === 'string' ? timestamp : timestamp.toISOString();
    }
    if (messageId !== undefined) {
      o.messageId = messageId;
    }
    if (integrations !== undefined) {
      o.integrations = integrations;
    }
    if (groups !== undefined) {
      o.groups = groups;
    }
    return o;
  }
}
