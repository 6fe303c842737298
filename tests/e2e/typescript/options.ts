// End-to-end sender for tests/e2e_typescript.rs: the generated module of
// tests/fixtures/codegen/model.yaml with every call option, through the real
// `@segment/analytics-node` and `posthog-node` clients to the test's capture servers, on
// per-request identity views of one tracker each (no new transport).
//
// Usage: node send.js <segment-url> <posthog-url>. The test asserts on the exact values below,
// so keep the two in step.

import { Analytics } from '@segment/analytics-node';
import { PostHog } from 'posthog-node';

import { type CallOptions, Tracker, posthogTransport, segmentNodeTransport } from './tracking.js';

async function main(): Promise<void> {
  const [segmentHost, posthogHost] = process.argv.slice(2);
  if (segmentHost === undefined || posthogHost === undefined) {
    throw new Error('usage: node send.js <segment-url> <posthog-url>');
  }
  const options: CallOptions = {
    timestamp: new Date('2026-11-27T10:00:00Z'),
    messageId: '5f0c7e2a-9b1d-4c3e-8f6a-2d4b6c8e0a1f',
    userId: 'u2',
    anonymousId: 'anon-2',
    context: { ip: '198.51.100.1', locale: 'fr-FR', campaign: { source: 'newsletter' } },
    integrations: { All: false, Amplitude: true },
    groups: { account: 'acme' },
  };
  const message = { groupId: 'acme', ip: '203.0.113.7' };

  const analytics = new Analytics({ writeKey: 'test', host: segmentHost, flushAt: 20, flushInterval: 60_000, maxRetries: 0 });
  analytics.on('error', (err) => {
    console.error('analytics error', err);
    process.exitCode = 1;
  });
  // No default identity: each call's comes from its options or its view.
  const segment = new Tracker(segmentNodeTransport(analytics), { app_version: '4.2.0' }, message);
  await segment.withIdentity({ userId: 'u3' }).videoAdStarted({ session_id: 's2', ad_asset_id: [], type: 'pre-roll', playback_rate: 1 }, options);
  await segment.withIdentity({ anonymousId: 'anon-3' }).pages.home();
  await segment.identify('u2', { email: 'b@example.com', plan: 'pro' }, { anonymousId: 'anon-2', messageId: 'm-identify' });
  await analytics.closeAndFlush({ timeout: 10_000 });

  const posthog = new PostHog('phc_test', { host: posthogHost, flushAt: 20, flushInterval: 0, disableCompression: true, fetchRetryCount: 0, disableGeoip: true });
  const ph = new Tracker(posthogTransport(posthog, undefined, { groupType: 'account' }), { app_version: '4.2.0' }, message);
  await ph.withIdentity({ userId: 'u3' }).formSubmitted({ form_id: 'f2', fields: {}, consent: true }, options);
  await ph.withIdentity({ anonymousId: 'anon-3' }).pages.home();
  await posthog.shutdown(10_000);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
