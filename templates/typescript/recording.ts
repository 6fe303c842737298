
/** One call a {@link RecordingTransport} recorded. */
export interface RecordedCall {
  /** The kind of call. */
  readonly kind: 'track' | 'identify' | 'group' | 'page' | 'screen' | 'alias';
  /** The event's, page's or screen's wire name; the user id of `identify` and `alias`, the group id of `group`. */
  readonly name: string;
  /** The properties (standard properties included) or traits; `{ previousId }` for `alias`. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** The message context, the tracker's merged with the call's. */
  readonly context: Readonly<Record<string, unknown>>;
  /** The call's options. */
  readonly options: SendOptions;
}

/**
 * A transport for the app's own tests: it keeps every call it is sent, in order, and asserts on
 * them with the plan's types (`recorded.expectTracked('campaign_created', { name: 'Q1' })`). A
 * failed assertion throws an `Error` that names the call, what was expected and the closest call
 * recorded. {@link createRecordingTracker} makes one with its tracker.
 */
export class RecordingTransport implements Transport {
  readonly #calls: RecordedCall[] = [];

  /** Every call sent, in order. */
  get calls(): readonly RecordedCall[] {
    return this.#calls;
  }

  track(event: string, properties: Record<string, unknown>, context: Record<string, unknown>, options: SendOptions): void {
    this.#calls.push({ kind: 'track', name: event, properties, context, options });
  }

  identify(userId: string, traits: Record<string, unknown>, context: Record<string, unknown>, options: SendOptions): void {
    this.#calls.push({ kind: 'identify', name: userId, properties: traits, context, options });
  }

  group(groupId: string, traits: Record<string, unknown>, context: Record<string, unknown>, options: SendOptions): void {
    this.#calls.push({ kind: 'group', name: groupId, properties: traits, context, options });
  }

  page(name: string, properties: Record<string, unknown>, context: Record<string, unknown>, options: SendOptions): void {
    this.#calls.push({ kind: 'page', name, properties, context, options });
  }

  screen(name: string, properties: Record<string, unknown>, context: Record<string, unknown>, options: SendOptions): void {
    this.#calls.push({ kind: 'screen', name, properties, context, options });
  }

  alias(userId: string, previousId: string, context: Record<string, unknown>, options: SendOptions): void {
    this.#calls.push({ kind: 'alias', name: userId, properties: { previousId }, context, options });
  }

  /** The properties of every `name` event sent, in order (standard properties included). */
  tracked<K extends keyof EventProperties>(name: K): EventProperties[K][] {
    return this.#calls.filter((c) => c.kind === 'track' && c.name === name).map((c) => c.properties as unknown as EventProperties[K]);
  }

  /** Throws unless a `name` event was sent whose properties include `expected` (deep equality per key). */
  expectTracked<K extends keyof EventProperties>(name: K, expected: Partial<EventProperties[K]> = {}): void {
    this.#expect('track', name, expected);
  }

  /** Throws unless the page `name` was sent with properties that include `expected`. */
  expectPage<K extends keyof PagePropertiesByName>(name: K, expected: Partial<PagePropertiesByName[K]> = {}): void {
    this.#expect('page', name, expected);
  }

  /** Throws unless the screen `name` was sent with properties that include `expected`. */
  expectScreen<K extends keyof ScreenPropertiesByName>(name: K, expected: Partial<ScreenPropertiesByName[K]> = {}): void {
    this.#expect('screen', name, expected);
  }

  /** Throws unless `userId` was identified with traits that include `expected`. */
  expectIdentified(userId: string, expected: Partial</*TRAITS*/> = {}): void {
    this.#expect('identify', userId, expected);
  }

  /** Forgets every call recorded so far. */
  clear(): void {
    this.#calls.length = 0;
  }

  #expect(kind: RecordedCall['kind'], name: string, expected: object): void {
    const want = Object.entries(expected).filter(([, v]) => v !== undefined);
    let closest: RecordedCall | undefined;
    let best = -1;
    for (const c of this.#calls) {
      if (c.kind !== kind || c.name !== name) {
        continue;
      }
      const matched = want.filter(([k, v]) => $equal(c.properties[k], v)).length;
      if (matched === want.length) {
        return;
      }
      if (matched > best) {
        best = matched;
        closest = c;
      }
    }
    const call = `${kind} ${JSON.stringify(name)}`;
    const sent = this.#calls.map((c) => `${c.kind} ${JSON.stringify(c.name)}`).join(', ');
    const recorded =
      closest !== undefined
        ? `the closest ${call} recorded has ${JSON.stringify(closest.properties)}`
        : sent === ''
          ? 'nothing was recorded'
          : `no ${call} was recorded, only ${sent}`;
    throw new Error(`trackplan: expected ${call} with ${JSON.stringify(expected)}; ${recorded}`);
  }
}

/** Whether two JSON values are equal: objects key by key, arrays item by item. */
function $equal(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return false;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x).filter((k) => x[k] !== undefined);
  return keys.length === Object.keys(y).filter((k) => y[k] !== undefined).length && keys.every((k) => $equal(x[k], y[k]));
}

/**
 * A {@link Tracker} over a new {@link RecordingTransport}, for tests: `const { tracker, recorded }
 * = createRecordingTracker(context)`. Validation defaults to `throw` and errors reject the call
 * (`throwOnError`), so a call that breaks the plan fails the test; `options` overrides both.
 */
export function createRecordingTracker(
  context: ContextProvider,
  messageContext: MessageContextProvider/*DEFAULT*/,
  options: TrackerOptions = {},
): { readonly tracker: Tracker; readonly recorded: RecordingTransport } {
  const recorded = new RecordingTransport();
  const tracker = new Tracker(recorded, context, messageContext, { validation: 'throw', throwOnError: true, ...options });
  return { tracker, recorded };
}
