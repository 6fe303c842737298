/** Who Segment attributes calls to: a known user, an anonymous visitor, or both. */
export type SegmentIdentity =
  | { readonly userId: string; readonly anonymousId?: string }
  | { readonly userId?: string; readonly anonymousId: string };

/** The identity of a Segment-API message: a user id, an anonymous id, or both. */
type SegmentWho = { userId: string; anonymousId?: string } | { userId?: string; anonymousId: string };

/** The fields of a Segment-API message that come from a call's options, the ids aside. */
type SegmentFields = {
  timestamp?: string;
  messageId?: string;
  integrations?: { readonly [destination: string]: boolean | { readonly [key: string]: unknown } };
};

/** The timestamp, message id and integrations of a call's options. */
function $segmentFields(options: SendOptions): SegmentFields {
  const f: SegmentFields = {};
  if (options.timestamp !== undefined) {
    f.timestamp = options.timestamp;
  }
  if (options.messageId !== undefined) {
    f.messageId = options.messageId;
  }
  if (options.integrations !== undefined) {
    f.integrations = options.integrations;
  }
  return f;
}

/** The ids a call's options give (either, both or none). */
function $ids(options: Identity): { userId?: string; anonymousId?: string } {
  const ids: { userId?: string; anonymousId?: string } = {};
  if (options.userId !== undefined) {
    ids.userId = options.userId;
  }
  if (options.anonymousId !== undefined) {
    ids.anonymousId = options.anonymousId;
  }
  return ids;
}

/** Who a Segment-API message is about: the call's ids, else `identity`'s; throws when there are none. */
function $who(options: SendOptions, identity: SegmentIdentity | (() => SegmentIdentity) | undefined): SegmentWho {
  const own = options.userId !== undefined || options.anonymousId !== undefined;
  const ids = $ids(own ? options : ((typeof identity === 'function' ? identity() : identity) ?? {}));
  if (ids.userId !== undefined) {
    return { ...ids, userId: ids.userId };
  }
  if (ids.anonymousId !== undefined) {
    return { anonymousId: ids.anonymousId };
  }
  throw new Error('trackplan: the call has no user or anonymous id: give one to the transport, the call options or Tracker.withIdentity');
}

/** What {@link segmentNodeTransport} needs of `Analytics` from `@segment/analytics-node`. */
export interface SegmentNodeLike {
  track(message: SegmentWho & SegmentFields & { event: string; properties: Record<string, unknown>; context: Record<string, unknown> }): void;
  identify(message: SegmentFields & { userId: string; anonymousId?: string; traits: Record<string, unknown>; context: Record<string, unknown> }): void;
  group(message: SegmentWho & SegmentFields & { groupId: string; traits: Record<string, unknown>; context: Record<string, unknown> }): void;
  page(message: SegmentWho & SegmentFields & { name: string; properties: Record<string, unknown>; context: Record<string, unknown> }): void;
  screen(message: SegmentWho & SegmentFields & { name: string; properties: Record<string, unknown>; context: Record<string, unknown> }): void;
  alias(message: SegmentFields & { userId: string; anonymousId?: string; previousId: string; context: Record<string, unknown> }): void;
}

/**
 * A transport for `@segment/analytics-node`: `segmentNodeTransport(new Analytics({ writeKey }))`.
 * One transport serves every user: each call goes out as the user and anonymous ids of its
 * options or of its tracker view ({@link Tracker.withIdentity}), else as `identity`; a call with
 * none fails (the error goes to `onError`). `identify` and `alias` name their
 * user themselves. Every option is sent: timestamp, messageId, integrations, the message context;
 * PostHog `groups` are not. The client batches and sends in the background; call its
 * `closeAndFlush()` before the process exits.
 *
 * @param identity - The default user or anonymous id, or a function returning it (called once per call).
 */
export function segmentNodeTransport(analytics: SegmentNodeLike, identity?: SegmentIdentity | (() => SegmentIdentity)): Transport {
  return {
    track(event, properties, context, options) {
      analytics.track({ ...$who(options, identity), ...$segmentFields(options), event, properties, context });
    },
    identify(userId, traits, context, options) {
      analytics.identify({ ...$ids(options), ...$segmentFields(options), userId, traits, context });
    },
    group(groupId, traits, context, options) {
      analytics.group({ ...$who(options, identity), ...$segmentFields(options), groupId, traits, context });
    },
    page(name, properties, context, options) {
      analytics.page({ ...$who(options, identity), ...$segmentFields(options), name, properties, context });
    },
    screen(name, properties, context, options) {
      analytics.screen({ ...$who(options, identity), ...$segmentFields(options), name, properties, context });
    },
    alias(userId, previousId, context, options) {
      analytics.alias({ ...$ids(options), ...$segmentFields(options), userId, previousId, context });
    },
  };
}

/** The options argument of the `@segment/analytics-next` calls: the message context and the call's options. */
type SegmentBrowserOptions = SegmentFields & { userId?: string; anonymousId?: string; context: Record<string, unknown> };

/** What {@link segmentBrowserTransport} needs of `AnalyticsBrowser` from `@segment/analytics-next`. */
export interface SegmentBrowserLike {
  track(event: string, properties?: Record<string, unknown>, options?: SegmentBrowserOptions): unknown;
  identify(userId: string, traits?: Record<string, unknown>, options?: SegmentBrowserOptions): unknown;
  group(groupId: string, traits?: Record<string, unknown>, options?: SegmentBrowserOptions): unknown;
  page(category: null, name: string, properties?: Record<string, unknown>, options?: SegmentBrowserOptions): unknown;
  screen(category: null, name: string, properties?: Record<string, unknown>, options?: SegmentBrowserOptions): unknown;
  alias(userId: string, previousId: string, options?: SegmentBrowserOptions): unknown;
}

/**
 * A transport for `@segment/analytics-next` in the browser:
 * `segmentBrowserTransport(AnalyticsBrowser.load({ writeKey }))`. The browser client keeps the
 * user and anonymous ids itself, and adds its own page context to the message context given here.
 * A call's options go out as the client's call options: timestamp, integrations, anonymousId and
 * userId override the client's; analytics-next makes its own messageId (the option is passed but
 * not kept) and ignores PostHog `groups`.
 */
export function segmentBrowserTransport(analytics: SegmentBrowserLike): Transport {
  return {
    async track(event, properties, context, options) {
      await analytics.track(event, properties, { ...$ids(options), ...$segmentFields(options), context });
    },
    async identify(userId, traits, context, options) {
      await analytics.identify(userId, traits, { ...$ids(options), ...$segmentFields(options), context });
    },
    async group(groupId, traits, context, options) {
      await analytics.group(groupId, traits, { ...$ids(options), ...$segmentFields(options), context });
    },
    async page(name, properties, context, options) {
      await analytics.page(null, name, properties, { ...$ids(options), ...$segmentFields(options), context });
    },
    async screen(name, properties, context, options) {
      await analytics.screen(null, name, properties, { ...$ids(options), ...$segmentFields(options), context });
    },
    async alias(userId, previousId, context, options) {
      await analytics.alias(userId, previousId, { ...$ids(options), ...$segmentFields(options), context });
    },
  };
}

/** The options of a PostHog capture: the call's timestamp, its message id as the uuid (when it is a UUID), its groups. */
type PostHogFields = { timestamp?: Date; uuid?: string; groups?: { readonly [groupType: string]: string } };

/** The {@link PostHogFields} of a call's options. */
function $posthogFields(options: SendOptions): PostHogFields {
  const f: PostHogFields = {};
  if (options.timestamp !== undefined) {
    f.timestamp = new Date(options.timestamp);
  }
  if (options.messageId !== undefined && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(options.messageId)) {
    f.uuid = options.messageId;
  }
  if (options.groups !== undefined) {
    f.groups = options.groups;
  }
  return f;
}

/** What {@link posthogTransport} needs of `PostHog` from `posthog-node`. */
export interface PostHogLike {
  capture(message: PostHogFields & { distinctId: string; event: string; properties: Record<string, unknown> }): void;
  identify(message: { distinctId: string; properties: Record<string, unknown> }): void;
  groupIdentify(message: { groupType: string; groupKey: string; properties: Record<string, unknown>; distinctId: string }): void;
  alias(message: { distinctId: string; alias: string }): void;
}

/** Options of {@link posthogTransport}. */
export interface PostHogOptions {
  /** The PostHog group type `group` calls identify (default `company`). */
  readonly groupType?: string;
}

/**
 * A transport for `posthog-node`: `posthogTransport(new PostHog(apiKey), userId)`. Call the
 * client's `shutdown()` before the process exits.
 *
 * PostHog has no message context, so the message context is not sent. `group` calls
 * `groupIdentify` with the group type of `options`; pages are `$pageview` events with the page
 * name as `$page_name` and as `title` (the page title posthog-js gives `$pageview`s; a page
 * property of that name wins), screens `$screen` events with the name as `$screen_name`; `alias`
 * merges the previous id into the user id.
 *
 * One transport serves every user: events, pages and screens go out as the distinct id of the
 * call's options or tracker view ({@link Tracker.withIdentity}: the user id, else the anonymous
 * id), else as `distinctId`. They carry the call's timestamp, `groups`, and its messageId as the
 * event's `uuid` when it is a UUID; `integrations` are not sent, nor are the options of
 * `identify`, `group` and `alias` (posthog-node takes none).
 *
 * @param distinctId - The default PostHog distinct id, or a function returning it (called once per call).
 */
export function posthogTransport(
  client: PostHogLike,
  distinctId?: string | (() => string),
  options: PostHogOptions = {},
): Transport {
  const id = (o: SendOptions): string => {
    const given = o.userId ?? o.anonymousId ?? (typeof distinctId === 'function' ? distinctId() : distinctId);
    if (given === undefined) {
      throw new Error('trackplan: the PostHog call has no distinct id: give one to posthogTransport, the call options or Tracker.withIdentity');
    }
    return given;
  };
  return {
    track(event, properties, _context, o) {
      client.capture({ ...$posthogFields(o), distinctId: id(o), event, properties });
    },
    identify(userId, traits) {
      client.identify({ distinctId: userId, properties: traits });
    },
    group(groupId, traits, _context, o) {
      client.groupIdentify({ groupType: options.groupType ?? 'company', groupKey: groupId, properties: traits, distinctId: id(o) });
    },
    page(name, properties, _context, o) {
      client.capture({ ...$posthogFields(o), distinctId: id(o), event: '$pageview', properties: { title: name, ...properties, $page_name: name } });
    },
    screen(name, properties, _context, o) {
      client.capture({ ...$posthogFields(o), distinctId: id(o), event: '$screen', properties: { ...properties, $screen_name: name } });
    },
    alias(userId, previousId) {
      client.alias({ distinctId: userId, alias: previousId });
    },
  };
}

/** What {@link posthogBrowserTransport} needs of `posthog` from `posthog-js`. */
export interface PostHogBrowserLike {
  capture(event: string, properties?: Record<string, unknown> | null, options?: { timestamp?: Date; uuid?: string }): unknown;
  identify(distinctId: string, userPropertiesToSet?: Record<string, unknown>): unknown;
  group(groupType: string, groupKey: string, groupPropertiesToSet?: Record<string, unknown>): unknown;
  alias(alias: string, original?: string): unknown;
}

/**
 * A transport for `posthog-js` in the browser: `posthogBrowserTransport(posthog)` after
 * `posthog.init(apiKey, {...})`. posthog-js keeps the distinct id itself (`identify` sets it)
 * and batches and sends in the background.
 *
 * The calls become what {@link posthogTransport} sends: PostHog has no message context, so the
 * message context is not sent; `group` calls `group` with the group type of `options` (posthog-js
 * then adds the group to later events); screens are `$screen` events with the name as
 * `$screen_name`; `alias` merges the previous id into the user id (`alias(previousId, userId)`).
 * Pages are `$pageview` events with the page's properties and the page name as `$page_name`:
 * posthog-js itself sets their `title` to the document's title and adds the URL.
 *
 * Events, pages and screens carry the call's timestamp and its messageId as the `uuid` when it is
 * a UUID. posthog-js takes no per-call distinct id, `groups` or `integrations`: those options are
 * not sent (posthog-js sends the groups of its `group` calls with every event).
 *
 * @param options - `groupType`: the PostHog group type of `group` calls (default `company`).
 */
export function posthogBrowserTransport(posthog: PostHogBrowserLike, options: PostHogOptions = {}): Transport {
  const capture = (o: SendOptions): { timestamp?: Date; uuid?: string } => {
    const { timestamp, uuid } = $posthogFields(o);
    return { ...(timestamp === undefined ? {} : { timestamp }), ...(uuid === undefined ? {} : { uuid }) };
  };
  return {
    track(event, properties, _context, o) {
      posthog.capture(event, properties, capture(o));
    },
    identify(userId, traits) {
      posthog.identify(userId, traits);
    },
    group(groupId, traits) {
      posthog.group(options.groupType ?? 'company', groupId, traits);
    },
    page(name, properties, _context, o) {
      posthog.capture('$pageview', { ...properties, $page_name: name }, capture(o));
    },
    screen(name, properties, _context, o) {
      posthog.capture('$screen', { ...properties, $screen_name: name }, capture(o));
    },
    alias(userId, previousId) {
      posthog.alias(previousId, userId);
    },
  };
}

/** A JSON object as `@rudderstack/analytics-js` types the objects it takes (its `ApiObject`). */
export type RudderStackObject = { [key: string]: RudderStackValue };

/** A value in a {@link RudderStackObject}. */
export type RudderStackValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | Date
  | RudderStackObject
  | (string | number | boolean | Date | RudderStackObject)[];

/** RudderStack's destination switches: `{ All: false, Amplitude: true }`, or a destination's settings. */
type RudderStackIntegrations = { [destination: string]: boolean | RudderStackObject };

/** The options argument of the `@rudderstack/analytics-js` calls: the message context and the call's options. */
type RudderStackOptions = {
  context: RudderStackObject;
  anonymousId?: string;
  originalTimestamp?: string;
  integrations?: RudderStackIntegrations;
};

/** What {@link rudderstackBrowserTransport} needs of `RudderAnalytics` from `@rudderstack/analytics-js` (v3). */
export interface RudderStackBrowserLike {
  track(event: string, properties: RudderStackObject, options: RudderStackOptions): unknown;
  identify(userId: string, traits: RudderStackObject, options: RudderStackOptions): unknown;
  group(groupId: string, traits: RudderStackObject, options: RudderStackOptions): unknown;
  page(name: string, properties: RudderStackObject, options: RudderStackOptions): unknown;
  alias(to: string, from: string, options: RudderStackOptions): unknown;
}

/** The tracker's objects hold the plan's JSON values: what RudderStack's `ApiObject` describes. */
function $rudder(value: object): RudderStackObject {
  return value as RudderStackObject;
}

/**
 * A transport for RudderStack's JavaScript SDK `@rudderstack/analytics-js` in the browser:
 * `rudderstackBrowserTransport(analytics)` after `analytics.load(writeKey, dataPlaneUrl)`. The SDK
 * keeps the user and anonymous ids itself and merges the message context given here into its own
 * (it drops the keys it reserves: `library`, `userAgent`, `screen`, `consentManagement`, `ua-ch`).
 * It has no screen call: screens are not sent (the tracker skips them).
 *
 * A call's timestamp goes out as `originalTimestamp`, its anonymousId and integrations as the
 * SDK's call options; the SDK takes no per-call user id or messageId, and PostHog `groups` are
 * not sent.
 */
export function rudderstackBrowserTransport(analytics: RudderStackBrowserLike): Transport {
  const opts = (context: Record<string, unknown>, o: SendOptions): RudderStackOptions => {
    const r: RudderStackOptions = { context: $rudder(context) };
    if (o.anonymousId !== undefined) {
      r.anonymousId = o.anonymousId;
    }
    if (o.timestamp !== undefined) {
      r.originalTimestamp = o.timestamp;
    }
    if (o.integrations !== undefined) {
      // The options hold JSON values: what RudderStack's integration options describe.
      r.integrations = o.integrations as RudderStackIntegrations;
    }
    return r;
  };
  return {
    track(event, properties, context, o) {
      analytics.track(event, $rudder(properties), opts(context, o));
    },
    identify(userId, traits, context, o) {
      analytics.identify(userId, $rudder(traits), opts(context, o));
    },
    group(groupId, traits, context, o) {
      analytics.group(groupId, $rudder(traits), opts(context, o));
    },
    page(name, properties, context, o) {
      analytics.page(name, $rudder(properties), opts(context, o));
    },
    alias(userId, previousId, context, o) {
      analytics.alias(userId, previousId, opts(context, o));
    },
  };
}

/** The fields of a `@rudderstack/rudder-sdk-node` message that come from a call's options. */
type RudderStackNodeFields = { timestamp?: Date; messageId?: string; integrations?: RudderStackIntegrations };

/**
 * What {@link rudderstackNodeTransport} needs of `Analytics` from `@rudderstack/rudder-sdk-node`:
 * the message API of Segment's analytics-node, with RudderStack's JSON object type.
 */
export interface RudderStackNodeLike {
  track(message: SegmentWho & RudderStackNodeFields & { event: string; properties: RudderStackObject; context: RudderStackObject }): unknown;
  identify(message: RudderStackNodeFields & { userId: string; anonymousId?: string; traits: RudderStackObject; context: RudderStackObject }): unknown;
  group(message: SegmentWho & RudderStackNodeFields & { groupId: string; traits: RudderStackObject; context: RudderStackObject }): unknown;
  page(message: SegmentWho & RudderStackNodeFields & { name: string; properties: RudderStackObject; context: RudderStackObject }): unknown;
  screen(message: SegmentWho & RudderStackNodeFields & { name: string; properties: RudderStackObject; context: RudderStackObject }): unknown;
  alias(message: RudderStackNodeFields & { userId: string; anonymousId?: string; previousId: string; context: RudderStackObject }): unknown;
}

/**
 * A transport for RudderStack's Node SDK `@rudderstack/rudder-sdk-node`:
 * `rudderstackNodeTransport(new Analytics(writeKey, { dataPlaneUrl }))`. It sends what
 * {@link segmentNodeTransport} sends (the client's API is Segment's), options included, with the
 * timestamp as a `Date`; call the client's `flush()` before the process exits. `identify` and
 * `alias` name their user themselves; the other calls go out as the ids of their options or
 * tracker view, else as `identity`.
 *
 * @param identity - The default user or anonymous id, or a function returning it (called once per call).
 */
export function rudderstackNodeTransport(client: RudderStackNodeLike, identity?: SegmentIdentity | (() => SegmentIdentity)): Transport {
  const fields = (o: SendOptions): RudderStackNodeFields => {
    const { timestamp, integrations, messageId } = $segmentFields(o);
    const f: RudderStackNodeFields = {};
    if (timestamp !== undefined) {
      f.timestamp = new Date(timestamp);
    }
    if (messageId !== undefined) {
      f.messageId = messageId;
    }
    if (integrations !== undefined) {
      // The options hold JSON values: what RudderStack's integration options describe.
      f.integrations = integrations as RudderStackIntegrations;
    }
    return f;
  };
  return {
    track(event, properties, context, o) {
      client.track({ ...$who(o, identity), ...fields(o), event, properties: $rudder(properties), context: $rudder(context) });
    },
    identify(userId, traits, context, o) {
      client.identify({ ...$ids(o), ...fields(o), userId, traits: $rudder(traits), context: $rudder(context) });
    },
    group(groupId, traits, context, o) {
      client.group({ ...$who(o, identity), ...fields(o), groupId, traits: $rudder(traits), context: $rudder(context) });
    },
    page(name, properties, context, o) {
      client.page({ ...$who(o, identity), ...fields(o), name, properties: $rudder(properties), context: $rudder(context) });
    },
    screen(name, properties, context, o) {
      client.screen({ ...$who(o, identity), ...fields(o), name, properties: $rudder(properties), context: $rudder(context) });
    },
    alias(userId, previousId, context, o) {
      client.alias({ ...$ids(o), ...fields(o), userId, previousId, context: $rudder(context) });
    },
  };
}
