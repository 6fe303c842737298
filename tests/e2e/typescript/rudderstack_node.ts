// End-to-end sender for tests/e2e_adapters.rs: the generated module of
// tests/fixtures/codegen/model.yaml over RudderStack's `@rudderstack/rudder-sdk-node`, whose API is
// Segment's analytics-node message API (its types differ), through `rudderstackNodeTransport`:
// identify, group, page, screen, alias and track with the message context, and a track with every
// call option, to the capture server.
//
// Usage: node rudderstack_node.js <capture-url>. The test asserts on the exact values below, so
// keep the two in step.

import Analytics = require('@rudderstack/rudder-sdk-node');

import { Tracker, rudderstackNodeTransport } from './tracking.js';

async function main(): Promise<void> {
  const [dataPlaneUrl] = process.argv.slice(2);
  if (dataPlaneUrl === undefined) {
    throw new Error('usage: node rudderstack_node.js <capture-url>');
  }
  const client = new Analytics('rudder-node-key', {
    dataPlaneUrl,
    flushAt: 20,
    flushInterval: 60_000,
    retryCount: 0,
    errorHandler: (error: unknown) => {
      console.error('rudderstack error', String(error));
      process.exitCode = 1;
    },
  });
  const tracker = new Tracker(rudderstackNodeTransport(client, { userId: 'u1' }), { app_version: '4.2.0' }, { groupId: 'acme', ip: '203.0.113.7' });
  await tracker.identify('u1', { email: 'a@example.com', plan: 'pro' });
  await tracker.group('acme', { name: 'ACME', employees: 40 });
  await tracker.pages.pricing({ plan: 'free' });
  await tracker.screens.settings({ section: 'billing' });
  await tracker.alias('u1', 'anon-1');
  await tracker.videoAdStarted({ session_id: 's1', ad_asset_id: ['ad1', 'ad2'], type: 'pre-roll', playback_rate: 1.5 });
  // Every option RudderStack takes, on a per-request view of the same tracker.
  await tracker.withIdentity({ userId: 'u3' }).videoAdStarted(
    { session_id: 's2', ad_asset_id: [], type: 'pre-roll', playback_rate: 1 },
    {
      timestamp: new Date('2026-11-27T10:00:00Z'),
      messageId: 'm-rudder-1',
      userId: 'u2',
      anonymousId: 'anon-2',
      context: { ip: '198.51.100.1', locale: 'fr-FR' },
      integrations: { All: false, Amplitude: true },
    },
  );
  await client.flush();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
