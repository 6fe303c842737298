// Deliberately wrong calls for tests/validate_collector.rs, sent with the real clients (not a
// generated SDK, which would not let them compile) to the collector at the given URL, checked
// against tests/fixtures/codegen/model.yaml. The test asserts on the exact violations, so keep the
// two in step.
//
// Usage: NODE_PATH=<node_modules> node invalid.cjs <collector-url>

const { Analytics } = require('@segment/analytics-node');
const { PostHog } = require('posthog-node');

async function main() {
  const host = process.argv[2];
  if (!host) throw new Error('usage: node invalid.cjs <collector-url>');
  const analytics = new Analytics({ writeKey: 'any-key', host, flushAt: 20, flushInterval: 60000, maxRetries: 0 });
  analytics.on('error', (err) => {
    console.error('analytics error', err);
    process.exitCode = 1;
  });
  // order_id of the wrong type; total, products and app_version missing.
  analytics.track({ userId: 'u1', event: 'Order Completed', properties: { order_id: 7 } });
  // Not in the plan.
  analytics.track({ userId: 'u1', event: 'Mystery Event', properties: {} });
  await analytics.closeAndFlush({ timeout: 10000 });

  // Compressed (the posthog-node default): a gzip body.
  const posthog = new PostHog('phc_test', { host, flushAt: 20, flushInterval: 0, fetchRetryCount: 0, disableGeoip: true });
  // An amount that is not a number, a currency that does not match its pattern.
  posthog.capture({
    distinctId: 'u1',
    event: 'Order Completed',
    properties: { order_id: 'o1', total: { amount: 'ten', currency: 'usd' }, products: [], app_version: '4.2.0' },
  });
  // A plan that is not one of the enum, the required email missing.
  posthog.identify({ distinctId: 'u1', properties: { plan: 'gold' } });
  await posthog.shutdown(10000);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
