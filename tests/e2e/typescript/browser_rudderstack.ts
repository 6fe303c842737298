// A page for tests/e2e_adapters.rs, run in headless Chromium by tests/browser/adapters.mjs: the
// generated module of tests/fixtures/codegen/model.yaml sends identify, group, a page, a screen
// (which RudderStack's JS SDK has no call for), alias and an event through
// `rudderstackBrowserTransport` and the real `@rudderstack/analytics-js` (its bundled build, with
// the plugins inside), whose data plane is the capture server the page is served from. The
// source configuration comes from `getSourceConfig`, so the SDK fetches nothing from a CDN.
// The test asserts on the exact values below, so keep the two in step.

import { RudderAnalytics } from '@rudderstack/analytics-js';

import { Tracker, rudderstackBrowserTransport } from './tracking.js';

const analytics = new RudderAnalytics();
await new Promise<void>((resolve) => {
  analytics.load('rudder-browser-key', location.origin, {
    getSourceConfig: () => ({
      source: { id: 'src-test', name: 'test', workspaceId: 'ws-test', enabled: true, config: {}, destinations: [] },
    }),
    destSDKBaseURL: `${location.origin}/cdn/destinations`,
    pluginsSDKBaseURL: `${location.origin}/cdn/plugins`,
    polyfillIfRequired: false,
    loadIntegration: false,
    storage: { type: 'memoryStorage' },
    onLoaded: () => resolve(),
  });
});

const tracker = new Tracker(rudderstackBrowserTransport(analytics), { app_version: '4.2.0' }, { groupId: 'acme', ip: '203.0.113.7' });
await tracker.identify('u1', { email: 'a@example.com', plan: 'pro' });
await tracker.group('acme', { name: 'ACME', employees: 40 });
await tracker.pages.pricing({ plan: 'free' });
await tracker.screens.settings({ section: 'billing' });
await tracker.alias('u1', 'anon-1');
// With the options the SDK takes per call: the timestamp (as originalTimestamp), integrations, context.
await tracker.videoAdStarted(
  { session_id: 's1', ad_asset_id: ['ad1', 'ad2'], type: 'pre-roll', playback_rate: 1.5 },
  { timestamp: new Date('2026-11-27T10:00:00Z'), integrations: { All: false, Amplitude: true }, context: { tenant: 'acme-eu' } },
);
(globalThis as { trackplanDone?: boolean }).trackplanDone = true;
