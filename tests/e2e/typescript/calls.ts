// End-to-end sender for tests/e2e_typescript.rs: the generated module of
// tests/fixtures/codegen/model.yaml over the real `@segment/analytics-node` client (group, page,
// screen, alias, identify and track, with the message context) and the real `posthog-node`
// client, both pointed at the test's capture server.
//
// Usage: node send.js <segment-url> <posthog-url>. The test asserts on the exact values below,
// so keep the two in step.

import { Analytics } from '@segment/analytics-node';
import { PostHog } from 'posthog-node';

import { type MessageContext, Tracker, posthogTransport, segmentNodeTransport } from './tracking.js';

async function main(): Promise<void> {
  const [segmentHost, posthogHost] = process.argv.slice(2);
  if (segmentHost === undefined || posthogHost === undefined) {
    throw new Error('usage: node send.js <segment-url> <posthog-url>');
  }
  const analytics = new Analytics({ writeKey: 'test', host: segmentHost, flushAt: 20, flushInterval: 60_000, maxRetries: 0 });
  analytics.on('error', (err) => {
    console.error('analytics error', err);
    process.exitCode = 1;
  });
  const message: MessageContext = {
    groupId: 'acme',
    ip: '203.0.113.7',
    page: { path: '/pricing', url: 'https://example.com/pricing' },
  };
  const segment = new Tracker(segmentNodeTransport(analytics, { userId: 'u1' }), { app_version: '4.2.0' }, message);
  await segment.identify('u1', { email: 'a@example.com', plan: 'pro' });
  await segment.group('acme', { name: 'ACME', employees: 40, plan: 'enterprise' });
  await segment.pages.pricing({ plan: 'free' });
  await segment.pages.home();
  await segment.screens.settings({ section: 'billing' });
  await segment.alias('u1', 'anon-1');
  await segment.videoAdStarted({ session_id: 's1', ad_asset_id: ['ad1', 'ad2'], type: 'pre-roll', playback_rate: 1.5 });
  await analytics.closeAndFlush({ timeout: 10_000 });

  const posthog = new PostHog('phc_test', { host: posthogHost, flushAt: 20, flushInterval: 0, disableCompression: true, fetchRetryCount: 0, disableGeoip: true });
  const ph = new Tracker(posthogTransport(posthog, 'u1', { groupType: 'account' }), { app_version: '4.2.0' }, message);
  await ph.group('acme', { name: 'ACME' });
  await ph.pages.pricing({ plan: 'free' });
  await ph.screens.settings({ section: 'billing' });
  await ph.alias('u1', 'anon-1');
  await ph.formSubmitted({ form_id: 'f1', fields: { email: 'a@example.com' }, consent: true });
  await posthog.shutdown(10_000);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
