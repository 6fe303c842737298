// Type-level proof for the generated module of tests/fixtures/codegen/model.yaml
// (tests/codegen_typescript.rs): identify, group, pages, screens, alias and the message context,
// with unions, const values, maps, open objects, `any` and number enums. Valid calls must compile;
// every line after a `@ts-expect-error` must fail to compile (tsc reports an unused directive
// otherwise), and the test counts the directives, so each mistake below stays a compile error.

import { Analytics } from '@segment/analytics-node';
import { AnalyticsBrowser } from '@segment/analytics-next';
import { PostHog } from 'posthog-node';

import {
  type GroupTraits,
  type MessageContext,
  type Money,
  PAGE_NAMES,
  type PageName,
  type Product,
  SCREEN_NAMES,
  type ScreenName,
  Tracker,
  type Transport,
  posthogTransport,
  segmentBrowserTransport,
  segmentNodeTransport,
} from './model/tracking.js';

const node = new Analytics({ writeKey: 'test', maxRetries: 0 });
const browser = new AnalyticsBrowser();
const posthog = new PostHog('phc_test', { host: 'http://127.0.0.1:9' });

const message: MessageContext = { groupId: 'acme', ip: '203.0.113.7', page: { path: '/pricing', url: 'https://example.com/pricing' } };

const trackers: Tracker[] = [
  new Tracker(segmentNodeTransport(node, { userId: 'u1' }), { app_version: '4.2.0' }, message),
  new Tracker(segmentNodeTransport(node, { anonymousId: 'a1' }), { app_version: '4.2.0' }, () => ({ ip: '203.0.113.7' })),
  new Tracker(segmentBrowserTransport(browser), { app_version: '4.2.0' }),
  new Tracker(posthogTransport(posthog, 'u1'), { app_version: '4.2.0' }),
  new Tracker(posthogTransport(posthog, () => 'u1', { groupType: 'account' }), { app_version: '4.2.0' }),
];

// A custom transport written for the older interface (track and identify only) still compiles.
const old: Transport = {
  track(event, properties) {
    void event;
    void properties;
  },
  identify(userId, traits) {
    void userId;
    void traits;
  },
};
const tracker = new Tracker(old, { app_version: '4.2.0' }, message);
trackers.push(tracker);

const price: Money = { amount: 19.99, currency: 'EUR' };
const product: Product = { product_id: 'p1', price, quantity: 2 };

export async function valid(): Promise<void> {
  await tracker.identify('u1', { email: 'a@example.com', plan: 'pro' });
  await tracker.group('acme', { name: 'ACME', employees: 40, plan: 'enterprise' });
  const traits: GroupTraits = { name: 'ACME' };
  await tracker.group('acme', traits);
  await tracker.alias('u1', 'anon-1');
  await tracker.pages.pricing({ plan: 'free' });
  await tracker.pages.pricing({});
  await tracker.pages.home();
  await tracker.screens.settings({ section: 'billing' });
  // Unions: a number or a string; a string or an array of strings.
  await tracker.orderCompleted({ order_id: 'o1', total: price, products: [product], price: 19.99, coupon: null });
  await tracker.orderCompleted({ order_id: 'o1', total: price, products: [], price: '19,99 €' });
  await tracker.videoAdStarted({ session_id: 's1', ad_asset_id: 'ad1', type: 'pre-roll' });
  await tracker.videoAdStarted({ session_id: 's1', ad_asset_id: ['ad1', 'ad2'], type: 'pre-roll', playback_rate: 1.5 });
  await tracker.videoPlaybackPaused({ session_id: 's1', position: 42, playback_rate: 0.5, sound: 80 });
  // A map of strings, an open object, any JSON value, a boolean const.
  await tracker.formSubmitted({
    form_id: 'f1',
    fields: { email: 'a@example.com', company: 'ACME' },
    metadata: { source: 'footer', attempt: 2, tags: ['a'], nested: { ok: true } },
    answer: [1, 'two', { three: null }],
    consent: true,
  });
  const page: PageName | undefined = PAGE_NAMES[0];
  const screen: ScreenName | undefined = SCREEN_NAMES[0];
  void page;
  void screen;
}

export async function mistakes(): Promise<void> {
  // @ts-expect-error a boolean is not a member of the price union (number | string)
  await tracker.orderCompleted({ order_id: 'o1', total: price, products: [], price: true });

  // @ts-expect-error an array of numbers is not a member of the ad_asset_id union
  await tracker.videoAdStarted({ session_id: 's1', ad_asset_id: [1, 2], type: 'pre-roll' });

  // @ts-expect-error the ad type is the const 'pre-roll'
  await tracker.videoAdStarted({ session_id: 's1', ad_asset_id: 'ad1', type: 'mid-roll' });

  // @ts-expect-error consent is the const true
  await tracker.formSubmitted({ form_id: 'f1', consent: false });

  // @ts-expect-error the fields map holds strings
  await tracker.formSubmitted({ form_id: 'f1', fields: { age: 42 } });

  // @ts-expect-error an open object holds JSON values, not functions
  await tracker.formSubmitted({ form_id: 'f1', metadata: { callback: () => 1 } });

  // An optional property, even of any JSON value, takes an explicit `undefined` (left out).
  await tracker.formSubmitted({ form_id: 'f1', answer: undefined });

  // @ts-expect-error 0.75 is not a playback rate
  await tracker.videoPlaybackPaused({ session_id: 's1', position: 1, playback_rate: 0.75 });

  // @ts-expect-error the bundle's position is required on Video Playback Paused (an override)
  await tracker.videoPlaybackPaused({ session_id: 's1' });

  // @ts-expect-error the nested shared money needs its currency
  await tracker.orderCompleted({ order_id: 'o1', total: { amount: 1 }, products: [] });

  // @ts-expect-error there is no Checkout page
  await tracker.pages.checkout({});

  // @ts-expect-error pages are not event methods
  await tracker.pricing({});

  // @ts-expect-error 'gold' is not a plan
  await tracker.pages.pricing({ plan: 'gold' });

  // @ts-expect-error Home has no properties
  await tracker.pages.home({ plan: 'free' });

  // @ts-expect-error 'privacy' is not a settings section
  await tracker.screens.settings({ section: 'privacy' });

  // @ts-expect-error the group's name is a required trait
  await tracker.group('acme', { employees: 40 });

  // @ts-expect-error group traits are typed: employees is a number
  await tracker.group('acme', { name: 'ACME', employees: 'forty' });

  // @ts-expect-error the user's email is a required trait
  await tracker.identify('u1', { plan: 'pro' });

  // @ts-expect-error alias takes the previous id
  await tracker.alias('u1');

  // @ts-expect-error the message context is typed: ip is a string
  new Tracker(old, { app_version: '4.2.0' }, { ip: 127 });

  // @ts-expect-error the message context has no userAgent field in this plan
  new Tracker(old, { app_version: '4.2.0' }, { userAgent: 'x' });

  // @ts-expect-error the nested page context is typed too
  new Tracker(old, { app_version: '4.2.0' }, { page: { path: 1 } });

  // @ts-expect-error standard properties are not part of the message context
  new Tracker(old, { app_version: '4.2.0' }, { app_version: '4.2.0' });
}
