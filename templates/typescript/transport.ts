/** Who a call is about: a known user, an anonymous visitor, or both (Segment takes both on one message). */
export interface Identity {
  /** The user's id in your system. */
  readonly userId?: string | undefined;
  /** The anonymous (device, visitor) id. */
  readonly anonymousId?: string | undefined;
}

/** The message context a call may carry: Segment's common fields, the plan's, and any JSON value. */
export type CallContext = {
  /** The client's IP address. */
  readonly ip?: string | undefined;
  /** The client's user agent. */
  readonly userAgent?: string | undefined;
  /** The client's locale, `en-US`. */
  readonly locale?: string | undefined;
  /** The page the call was made on. */
  readonly page?:
    | { readonly path?: string | undefined; readonly referrer?: string | undefined; readonly search?: string | undefined; readonly title?: string | undefined; readonly url?: string | undefined }
    | undefined;
  /** The campaign (UTM fields) that brought the user. */
  readonly campaign?:
    | { readonly name?: string | undefined; readonly source?: string | undefined; readonly medium?: string | undefined; readonly term?: string | undefined; readonly content?: string | undefined }
    | undefined;
  /** Any other context field: a JSON-serialisable value. */
  readonly [key: string]: unknown;
}/*PLAN_CONTEXT*/;

/**
 * The options of one call, the last argument of every method and free function. Nothing here is
 * checked against the plan; values must be JSON-serialisable.
 */
export interface CallOptions extends Identity {
  /** When the call happened (default: when the client sends it). */
  readonly timestamp?: Date | string | undefined;
  /** Your id of the message, for de-duplication (PostHog takes it as the event's uuid when it is a UUID). */
  readonly messageId?: string | undefined;
  /** Merged over the tracker's message context for this call. */
  readonly context?: CallContext | undefined;
  /** Segment / RudderStack destination switches: `{ All: false, Amplitude: true }`. */
  readonly integrations?: { readonly [destination: string]: boolean | { readonly [key: string]: unknown } } | undefined;
  /** PostHog groups of this call, group type to key: `{ company: 'org_1' }` (Segment ignores them). */
  readonly groups?: { readonly [groupType: string]: string } | undefined;
}

/**
 * A call's options as a transport receives them: only the options given, the timestamp as an
 * ISO 8601 string, and the identity of the call (its options, else the tracker view's,
 * {@link Tracker.withIdentity}). The message context arrives merged as its own argument.
 */
export interface SendOptions {
  readonly userId?: string;
  readonly anonymousId?: string;
  readonly timestamp?: string;
  readonly messageId?: string;
  readonly integrations?: { readonly [destination: string]: boolean | { readonly [key: string]: unknown } };
  readonly groups?: { readonly [groupType: string]: string };
}

/**
 * Where the tracker sends calls: implement it to use any analytics client or your own endpoint,
 * or use one of the adapters at the end of this module. Only `track` is required; the tracker
 * skips a call whose method the transport does not have.
 *
 * Every method receives the message context (the fields of the message's `context` object:
 * Segment, RudderStack; the tracker's merged with the call's) and then the call's
 * {@link SendOptions}.
 */
export interface Transport {
  /** Sends one event: its wire name and its properties (standard properties included). */
  track(event: string, properties: Record<string, unknown>, context: Record<string, unknown>, options: SendOptions): void | Promise<void>;
  /** Identifies a user with their traits. */
  identify?(userId: string, traits: Record<string, unknown>, context: Record<string, unknown>, options: SendOptions): void | Promise<void>;
  /** Puts the user in a group (an account, a company) and sets the group's traits. */
  group?(groupId: string, traits: Record<string, unknown>, context: Record<string, unknown>, options: SendOptions): void | Promise<void>;
  /** Sends a page view: the page's name and its properties (standard properties included). */
  page?(name: string, properties: Record<string, unknown>, context: Record<string, unknown>, options: SendOptions): void | Promise<void>;
  /** Sends a screen view: the screen's name and its properties (standard properties included). */
  screen?(name: string, properties: Record<string, unknown>, context: Record<string, unknown>, options: SendOptions): void | Promise<void>;
  /** Links a previous id (an anonymous id, an old user id) to the user id. */
  alias?(userId: string, previousId: string, context: Record<string, unknown>, options: SendOptions): void | Promise<void>;
}

/** The call a failure belongs to, as {@link TrackerOptions.onError} receives it. */
export interface TrackerCall {
  /** The kind of call. */
  readonly kind: 'track' | 'identify' | 'group' | 'page' | 'screen' | 'alias';
  /** The event's, page's or screen's wire name; absent for `identify`, `group` and `alias`. */
  readonly name?: string;
}

/**
 * How a {@link Tracker} handles failures. Analytics never takes the app down: an error thrown by
 * a context provider, thrown by a transport or a promise a transport rejected is caught and
 * handed to `onError`, and the call's promise resolves anyway, so an un-awaited call
 * (`void tracker.signedUp({...})`) can never become an unhandled rejection.
 */
export interface TrackerOptions {
  /**
   * Receives every error of a call. By default the first error of each call (kind and name) is
   * logged with `console.error` and later ones of the same call are not. An error the hook
   * throws itself is dropped.
   */
  readonly onError?: (error: unknown, call: TrackerCall) => void;
  /**
   * Also rejects the call's promise with the error, after `onError` saw it (default `false`).
   * For tests and for callers who await every call; un-awaited calls then reject unhandled.
   */
  readonly throwOnError?: boolean;
  /**
   * Whether calls are checked against the plan before they are sent ({@link ValidationMode}).
   * By default `TRACKPLAN_VALIDATION` when set, else by `NODE_ENV`: `production` → `'off'`,
   * `test` → `'throw'`, anything else → `'warn'`. A bundler that defines `process.env.NODE_ENV`
   * as `"production"` drops the checks from the bundle, so under `NODE_ENV=production` no mode
   * checks anything; in a browser without a bundler calls are not checked either.
   */
  readonly validation?: ValidationMode;
  /**
   * Receives every violation in `'warn'` mode. By default each violation is logged with
   * `console.warn` once per call, path and rule. A violation the hook throws is dropped.
   */
  readonly onViolation?: (violation: Violation) => void;
}

