// Type-level proof for the generated TypeScript modules (tests/codegen_typescript.rs).
//
// The test copies this file next to the generated `vectra/`, `features/` and `hostile/` modules
// and runs `tsc --noEmit` in strict mode once over all of them. Valid calls must compile; every
// line after a `@ts-expect-error` must fail to compile (tsc reports an unused directive
// otherwise), so the mistakes the generated types exist to catch stay compile errors. The adapters
// receive real client instances, which proves the structural client interfaces match the real
// `@segment/analytics-node`, `@segment/analytics-next` and `posthog-node` types.

import { Analytics } from '@segment/analytics-node';
import { AnalyticsBrowser } from '@segment/analytics-next';
import { PostHog } from 'posthog-node';

import * as features from './features/tracking.js';
import * as hostile from './hostile/tracking.js';
import * as messages from './messages/tracking.js';
import {
  type CampaignCreatedProperties,
  type Context,
  EVENT_NAMES,
  type EventName,
  Tracker,
  type SendOptions,
  type Transport,
  createRecordingTracker,
  identify,
  posthogTransport,
  segmentBrowserTransport,
  segmentNodeTransport,
  trackCampaignCreated,
} from './vectra/tracking.js';

const context: Context = {
  user_id: '2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c',
  organization_id: '7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
  plan: 'growth',
  subscription_status: 'active',
  timestamp: '2026-11-27T10:00:00Z',
  session_id: null,
  device_type: 'desktop',
};

// Real clients, passed to the generated adapters.
const node = new Analytics({ writeKey: 'test', maxRetries: 0 });
const browser = new AnalyticsBrowser();
const posthog = new PostHog('phc_test', { host: 'http://127.0.0.1:9' });

const trackers: Tracker[] = [
  new Tracker(segmentNodeTransport(node, { userId: context.user_id }), context),
  new Tracker(segmentNodeTransport(node, () => ({ anonymousId: 'anon-1' })), () => ({ ...context, timestamp: new Date().toISOString() })),
  new Tracker(segmentBrowserTransport(browser), context),
  new Tracker(posthogTransport(posthog, context.user_id), context),
  new Tracker(posthogTransport(posthog, () => context.user_id), context),
];

// A custom transport: any object with `track` (and optionally `identify`).
const sent: Array<[EventName | string, Record<string, unknown>]> = [];
const memory: Transport = {
  track(event, properties) {
    sent.push([event, properties]);
  },
};
const tracker = new Tracker(memory, context);
trackers.push(tracker);

const created: CampaignCreatedProperties = {
  campaign_id: '6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b',
  name: 'Q1 - Fintech VPs of Sales',
  target_criteria: { job_titles: ['VP Sales'], region: 'europe' },
  channels: ['email', 'linkedin'],
  created_from: 'scratch',
};

export async function valid(): Promise<void> {
  await tracker.campaignCreated(created);
  await tracker.campaignLaunched({
    campaign_id: created.campaign_id,
    lead_count: 120,
    channels: ['email'],
    sequence_length: 3,
    daily_send_limit: 50,
    scheduled_start: null,
  });
  await tracker.leadScored({
    lead_id: '0d3b8f5e-1a2c-4e6f-8b9d-7c5a3e1f2b4d',
    campaign_id: created.campaign_id,
    bant_score: 72,
    breakdown: { budget: 20, authority: 18, need: 22, timeline: 12 },
    scoring_model: 'bant-2025.11',
  });
  await tracker.meetingScheduled({
    meeting_id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    lead_id: '0d3b8f5e-1a2c-4e6f-8b9d-7c5a3e1f2b4d',
    campaign_id: created.campaign_id,
    booking_source: 'booking_link',
    scheduled_for: '2026-12-01T15:00:00Z',
    duration_minutes: 30,
    calendar_provider: 'google',
    days_since_first_email: null,
  });
  const first: EventName | undefined = EVENT_NAMES[0];
  void first;
}

export async function mistakes(): Promise<void> {
  // A wrong property type.
  // @ts-expect-error name is a string
  await tracker.campaignCreated({ ...created, name: 42 });

  // A misspelt property.
  // @ts-expect-error created_form is not a property of campaign_created
  await tracker.campaignCreated({ campaign_id: created.campaign_id, name: 'x', target_criteria: { job_titles: [] }, channels: [], created_from: 'scratch', created_form: 'scratch' });

  // A missing required property (created_from).
  // @ts-expect-error created_from is required
  await tracker.campaignCreated({ campaign_id: created.campaign_id, name: 'x', target_criteria: { job_titles: [] }, channels: [] });

  // A wrong enum value.
  // @ts-expect-error 'fax' is not a channel
  await tracker.campaignCreated({ ...created, channels: ['fax'] });

  // A wrong integer enum value.
  // @ts-expect-error 20 is not a meeting duration
  await tracker.meetingScheduled({ meeting_id: 'm', lead_id: 'l', campaign_id: 'c', booking_source: 'manual', scheduled_for: 's', duration_minutes: 20, calendar_provider: 'google', days_since_first_email: 1 });

  // A misspelt event.
  // @ts-expect-error there is no campaign_creatd event
  await tracker.campaignCreatd(created);

  // A nullable property is not optional.
  // @ts-expect-error scheduled_start must be given (null when immediate)
  await tracker.campaignLaunched({ campaign_id: 'c', lead_count: 1, channels: ['email'], sequence_length: 1, daily_send_limit: 1 });

  // A non-nullable property does not take null.
  // @ts-expect-error name is not nullable
  await tracker.campaignCreated({ ...created, name: null });

  // The context is complete and typed too.
  // @ts-expect-error plan 'gold' does not exist
  new Tracker(memory, { ...context, plan: 'gold' });
}

// The features plan: optional vs nullable, nested objects, arrays, traits and identify.
export async function featurePlan(): Promise<void> {
  const t = new features.Tracker(segmentNodeTransport(node, { userId: 'u' }), {
    user_id: '0b9e4a52-7c1d-4f0e-9a3b-5d6c7e8f9a0b',
    app_version: '2.14.0',
    locale: null,
  });
  await t.formSubmitted({ subject: 'Hi', company: null });
  await t.formSubmitted({ subject: 'Hi', company: 'ACME', phone: '+33 1', referral_code: null });
  // Under exactOptionalPropertyTypes an optional property still takes an explicit `undefined`
  // (a value that may be missing), which JSON leaves out.
  await t.formSubmitted({ subject: 'Hi', company: null, phone: undefined });
  // @ts-expect-error an optional property that is not nullable does not take null
  await t.formSubmitted({ subject: 'Hi', company: null, phone: null });
  await t.profileUpdated({
    address: { city: 'Lyon', geo: { lat: 45.76, lng: 4.83 } },
    interests: [],
    saved_cards: [{ last4: '4242', expiry_year: 2030 }],
    channels: ['email', 'push'],
    nicknames: ['Al', null],
  });
  // @ts-expect-error nested objects are checked: lat is a number
  await t.profileUpdated({ address: { city: 'Lyon', geo: { lat: '45', lng: 4.83 } }, interests: [], saved_cards: [], channels: ['sms'] });
  await t.orderCompleted({
    order_id: '5e0f6a7b-8c9d-4e1f-a2b3-c4d5e6f7a8b9',
    placed_at: '2026-11-27T10:00:00Z',
    delivery_date: '2026-11-30',
    receipt_email: 'a@example.com',
    tracking_url: 'https://example.com/t/1',
    item_count: 2,
    total: 10.5,
    priority: 3,
    payment_method: 'card',
    gift: false,
  });
  await t.cartViewed({ item_count: 1 });
  await t.accountSignedOut();
  await t.identify('u', { email: 'a@example.com', loyalty_tier: null });
  // @ts-expect-error traits are typed
  await t.identify('u', { email: 'a@example.com', loyalty_tier: 4 });
}

// The hostile plan: keyword, digit-first and quoted wire names are plain object keys.
export async function hostilePlan(): Promise<void> {
  const t = new hostile.Tracker(posthogTransport(posthog, 'u'), { this: 't', super: null, provider: 'a' });
  await t.classCreated({
    class: 'c',
    type: 'past due!',
    from: -1,
    self: { match: 'm', fn: [{ import: true }] },
    default: null,
    '3d_secure': true,
    'it\'s "quoted"': 'q',
    'prix (€)': 1.5,
    'user-name': 'a',
    user_name: 'b',
  });
  await t.classCreated_2({ constructor: 'x' });
  await t.identify_2();
  await t.identify('u', { None: 'n', '3d_secure': null });
  // @ts-expect-error enum values stay exact, whatever their characters
  await t.classCreated({ class: 'c', type: 'past due', from: 0, self: { match: 'm', fn: [] }, default: 1, '3d_secure': false, 'it\'s "quoted"': '', 'prix (€)': 0, 'user-name': '', user_name: '' });
}

// Per-call options on every call, an identity view per request, and the recording transport.
export async function options(): Promise<void> {
  const shared = new Tracker(segmentNodeTransport(node), context);
  const request = shared.withIdentity({ userId: 'u1', anonymousId: 'anon-1' });
  await request.campaignCreated(created, {
    timestamp: new Date(),
    messageId: 'm-1',
    userId: 'u2',
    anonymousId: 'anon-2',
    context: {
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0',
      locale: 'fr-FR',
      page: { path: '/campaigns', referrer: 'https://example.com/', search: '?q=1', title: 'Campaigns', url: 'https://app.example.com/campaigns' },
      campaign: { name: 'spring', source: 'google', medium: 'cpc', term: 'ai', content: 'ad-1' },
      groupId: '7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
      custom: { nested: [1, 'two'] },
    },
    integrations: { All: false, Amplitude: true, Mixpanel: { appId: 'x' } },
    groups: { company: 'org_1' },
  });
  await request.identify('u1', { email: 'a@example.com', name: 'A', role: 'owner', created_at: '2026-01-01T00:00:00Z' }, { timestamp: '2026-11-27T10:00:00Z' });
  await request.group('7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b', { name: 'ACME', plan: 'growth', mrr: 990 }, { messageId: 'm-2' });
  await request.alias('u1', 'anon-1', { context: { ip: '203.0.113.7' } });
  await request.pages.dashboard({ timestamp: new Date() });
  // The free functions take the same options, on the tracker's core.
  await trackCampaignCreated(shared.core, created, { messageId: 'm-3' });
  await identify(shared.core.withIdentity({ anonymousId: 'anon-3' }), 'u3', { email: 'b@example.com', name: 'B', role: 'member', created_at: '2026-01-01T00:00:00Z' });
  // A custom transport receives the options, normalized.
  const seen: SendOptions[] = [];
  const custom = new Tracker({ track: (_event, _properties, _context, o) => void seen.push(o) }, context);
  await custom.campaignCreated(created, { timestamp: new Date() });
  const iso: string | undefined = seen[0]?.timestamp;
  void iso;
  // Without a default identity the PostHog transport takes the call's.
  await new Tracker(posthogTransport(posthog), context).withIdentity({ userId: 'u1' }).campaignCreated(created);

  // @ts-expect-error the timestamp is a Date or a string
  await request.campaignCreated(created, { timestamp: 42 });
  // @ts-expect-error messageId is a string
  await request.campaignCreated(created, { messageId: 1 });
  // @ts-expect-error the context's ip is a string
  await request.campaignCreated(created, { context: { ip: 7 } });
  // @ts-expect-error a PostHog group key is a string
  await request.campaignCreated(created, { groups: { company: 1 } });
  // @ts-expect-error an integration is switched by a boolean or configured by an object
  await request.campaignCreated(created, { integrations: { All: 'no' } });
  // @ts-expect-error the plan's message context is typed: groupId is a string
  await request.campaignCreated(created, { context: { groupId: 1 } });

  // The recording transport, with assertions typed by the plan.
  const { tracker: t, recorded } = createRecordingTracker(context);
  await t.campaignCreated(created, { messageId: 'm-4' });
  recorded.expectTracked('campaign_created', { name: created.name, channels: ['email', 'linkedin'] });
  recorded.expectTracked('campaign_created');
  const names: string[] = recorded.tracked('campaign_created').map((p) => p.name);
  void names;
  recorded.expectPage('Dashboard');
  recorded.expectPage('Landing Page', { utm_source: 'google' });
  recorded.expectIdentified('u1', { email: 'a@example.com' });
  const last = recorded.calls[recorded.calls.length - 1];
  void last?.options.messageId;
  recorded.clear();
  // @ts-expect-error campaign_creatd is not an event
  recorded.expectTracked('campaign_creatd', {});
  // @ts-expect-error name is a string
  recorded.expectTracked('campaign_created', { name: 42 });
  // @ts-expect-error utm_sorce is not a property of the Landing Page
  recorded.expectPage('Landing Page', { utm_sorce: 'google' });
  // @ts-expect-error traits are typed
  recorded.expectIdentified('u1', { role: 'king' });
}

// A plan without user traits (the synthetic message plan): identify takes untyped JSON traits, or none.
export async function untypedIdentify(): Promise<void> {
  const { tracker: t, recorded } = messages.createRecordingTracker({ plan: 'growth' });
  await t.identify('u1');
  await t.identify('u1', { email: 'a@example.com', nested: { list: [1, null, 'x'] } }, { anonymousId: 'anon-1' });
  recorded.expectIdentified('u1', { email: 'a@example.com' });
  // @ts-expect-error untyped traits are still JSON values
  await t.identify('u1', { when: new Date() });
}
