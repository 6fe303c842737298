/** Who Segment attributes calls to: a known user or an anonymous visitor. */
export type SegmentIdentity = { readonly userId: string } | { readonly anonymousId: string };

/** The identity fields of a Segment message. */
type SegmentWho = { userId: string } | { anonymousId: string };

/** What {@link segmentNodeTransport} needs of `Analytics` from `@segment/analytics-node`. */
export interface SegmentNodeLike {
  track(message: SegmentWho & { event: string; properties: Record<string, unknown>; context: Record<string, unknown> }): void;
  identify(message: { userId: string; traits: Record<string, unknown>; context: Record<string, unknown> }): void;
  group(message: SegmentWho & { groupId: string; traits: Record<string, unknown>; context: Record<string, unknown> }): void;
  page(message: SegmentWho & { name: string; properties: Record<string, unknown>; context: Record<string, unknown> }): void;
  screen(message: SegmentWho & { name: string; properties: Record<string, unknown>; context: Record<string, unknown> }): void;
  alias(message: { userId: string; previousId: string; context: Record<string, unknown> }): void;
}

/**
 * A transport for `@segment/analytics-node`: `segmentNodeTransport(new Analytics({ writeKey }), { userId })`.
 * The client batches and sends in the background; call its `closeAndFlush()` before the process exits.
 * `identify` and `alias` name their user themselves; the other calls go out as `identity`.
 *
 * @param identity - The user or anonymous id, or a function returning it (called once per call).
 */
export function segmentNodeTransport(
  analytics: SegmentNodeLike,
  identity: SegmentIdentity | (() => SegmentIdentity),
): Transport {
  const who = (): SegmentWho => {
    const id = typeof identity === 'function' ? identity() : identity;
    return 'userId' in id ? { userId: id.userId } : { anonymousId: id.anonymousId };
  };
  return {
    track(event, properties, context) {
      analytics.track({ ...who(), event, properties, context });
    },
    identify(userId, traits, context) {
      analytics.identify({ userId, traits, context });
    },
    group(groupId, traits, context) {
      analytics.group({ ...who(), groupId, traits, context });
    },
    page(name, properties, context) {
      analytics.page({ ...who(), name, properties, context });
    },
    screen(name, properties, context) {
      analytics.screen({ ...who(), name, properties, context });
    },
    alias(userId, previousId, context) {
      analytics.alias({ userId, previousId, context });
    },
  };
}

/** The options argument of the `@segment/analytics-next` calls: the message context. */
type SegmentBrowserOptions = { context: Record<string, unknown> };

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
 */
export function segmentBrowserTransport(analytics: SegmentBrowserLike): Transport {
  return {
    async track(event, properties, context) {
      await analytics.track(event, properties, { context });
    },
    async identify(userId, traits, context) {
      await analytics.identify(userId, traits, { context });
    },
    async group(groupId, traits, context) {
      await analytics.group(groupId, traits, { context });
    },
    async page(name, properties, context) {
      await analytics.page(null, name, properties, { context });
    },
    async screen(name, properties, context) {
      await analytics.screen(null, name, properties, { context });
    },
    async alias(userId, previousId, context) {
      await analytics.alias(userId, previousId, { context });
    },
  };
}

/** What {@link posthogTransport} needs of `PostHog` from `posthog-node`. */
export interface PostHogLike {
  capture(message: { distinctId: string; event: string; properties: Record<string, unknown> }): void;
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
 * @param distinctId - The PostHog distinct id, or a function returning it (called once per call).
 */
export function posthogTransport(
  client: PostHogLike,
  distinctId: string | (() => string),
  options: PostHogOptions = {},
): Transport {
  const id = (): string => (typeof distinctId === 'function' ? distinctId() : distinctId);
  return {
    track(event, properties) {
      client.capture({ distinctId: id(), event, properties });
    },
    identify(userId, traits) {
      client.identify({ distinctId: userId, properties: traits });
    },
    group(groupId, traits) {
      client.groupIdentify({ groupType: options.groupType ?? 'company', groupKey: groupId, properties: traits, distinctId: id() });
    },
    page(name, properties) {
      client.capture({ distinctId: id(), event: '$pageview', properties: { title: name, ...properties, $page_name: name } });
    },
    screen(name, properties) {
      client.capture({ distinctId: id(), event: '$screen', properties: { ...properties, $screen_name: name } });
    },
    alias(userId, previousId) {
      client.alias({ distinctId: userId, alias: previousId });
    },
  };
}

/** What {@link posthogBrowserTransport} needs of `posthog` from `posthog-js`. */
export interface PostHogBrowserLike {
  capture(event: string, properties?: Record<string, unknown> | null): unknown;
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
 * @param options - `groupType`: the PostHog group type of `group` calls (default `company`).
 */
export function posthogBrowserTransport(posthog: PostHogBrowserLike, options: PostHogOptions = {}): Transport {
  return {
    track(event, properties) {
      posthog.capture(event, properties);
    },
    identify(userId, traits) {
      posthog.identify(userId, traits);
    },
    group(groupId, traits) {
      posthog.group(options.groupType ?? 'company', groupId, traits);
    },
    page(name, properties) {
      posthog.capture('$pageview', { ...properties, $page_name: name });
    },
    screen(name, properties) {
      posthog.capture('$screen', { ...properties, $screen_name: name });
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

/** The options argument of the `@rudderstack/analytics-js` calls: the message context. */
type RudderStackOptions = { context: RudderStackObject };

/** What {@link rudderstackBrowserTransport} needs of `RudderAnalytics` from `@rudderstack/analytics-js` (v3). */
export interface RudderStackBrowserLike {
  track(event: string, properties: RudderStackObject, options: RudderStackOptions): unknown;
  identify(userId: string, traits: RudderStackObject, options: RudderStackOptions): unknown;
  group(groupId: string, traits: RudderStackObject, options: RudderStackOptions): unknown;
  page(name: string, properties: RudderStackObject, options: RudderStackOptions): unknown;
  alias(to: string, from: string, options: RudderStackOptions): unknown;
}

/**
 * A transport for RudderStack's JavaScript SDK `@rudderstack/analytics-js` in the browser:
 * `rudderstackBrowserTransport(analytics)` after `analytics.load(writeKey, dataPlaneUrl)`. The SDK
 * keeps the user and anonymous ids itself and merges the message context given here into its own
 * (it drops the keys it reserves: `library`, `userAgent`, `screen`, `consentManagement`, `ua-ch`).
 * It has no screen call: screens are not sent (the tracker skips them).
 */
export function rudderstackBrowserTransport(analytics: RudderStackBrowserLike): Transport {
  // The tracker's objects hold the plan's JSON values: what RudderStack's `ApiObject` describes.
  const json = (value: Record<string, unknown>): RudderStackObject => value as RudderStackObject;
  return {
    track(event, properties, context) {
      analytics.track(event, json(properties), { context: json(context) });
    },
    identify(userId, traits, context) {
      analytics.identify(userId, json(traits), { context: json(context) });
    },
    group(groupId, traits, context) {
      analytics.group(groupId, json(traits), { context: json(context) });
    },
    page(name, properties, context) {
      analytics.page(name, json(properties), { context: json(context) });
    },
    alias(userId, previousId, context) {
      analytics.alias(userId, previousId, { context: json(context) });
    },
  };
}

/**
 * What {@link rudderstackNodeTransport} needs of `Analytics` from `@rudderstack/rudder-sdk-node`:
 * the message API of Segment's analytics-node, with RudderStack's JSON object type.
 */
export interface RudderStackNodeLike {
  track(message: SegmentWho & { event: string; properties: RudderStackObject; context: RudderStackObject }): unknown;
  identify(message: { userId: string; traits: RudderStackObject; context: RudderStackObject }): unknown;
  group(message: SegmentWho & { groupId: string; traits: RudderStackObject; context: RudderStackObject }): unknown;
  page(message: SegmentWho & { name: string; properties: RudderStackObject; context: RudderStackObject }): unknown;
  screen(message: SegmentWho & { name: string; properties: RudderStackObject; context: RudderStackObject }): unknown;
  alias(message: { userId: string; previousId: string; context: RudderStackObject }): unknown;
}

/**
 * A transport for RudderStack's Node SDK `@rudderstack/rudder-sdk-node`:
 * `rudderstackNodeTransport(new Analytics(writeKey, { dataPlaneUrl }), { userId })`. It sends what
 * {@link segmentNodeTransport} sends (the client's API is Segment's); call the client's `flush()`
 * before the process exits. `identify` and `alias` name their user themselves; the other calls go
 * out as `identity`.
 *
 * @param identity - The user or anonymous id, or a function returning it (called once per call).
 */
export function rudderstackNodeTransport(
  client: RudderStackNodeLike,
  identity: SegmentIdentity | (() => SegmentIdentity),
): Transport {
  const who = (): SegmentWho => {
    const id = typeof identity === 'function' ? identity() : identity;
    return 'userId' in id ? { userId: id.userId } : { anonymousId: id.anonymousId };
  };
  // The tracker's objects hold the plan's JSON values: what RudderStack's object type describes.
  const json = (value: Record<string, unknown>): RudderStackObject => value as RudderStackObject;
  return {
    track(event, properties, context) {
      client.track({ ...who(), event, properties: json(properties), context: json(context) });
    },
    identify(userId, traits, context) {
      client.identify({ userId, traits: json(traits), context: json(context) });
    },
    group(groupId, traits, context) {
      client.group({ ...who(), groupId, traits: json(traits), context: json(context) });
    },
    page(name, properties, context) {
      client.page({ ...who(), name, properties: json(properties), context: json(context) });
    },
    screen(name, properties, context) {
      client.screen({ ...who(), name, properties: json(properties), context: json(context) });
    },
    alias(userId, previousId, context) {
      client.alias({ userId, previousId, context: json(context) });
    },
  };
}
