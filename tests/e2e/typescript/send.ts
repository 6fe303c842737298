// End-to-end sender for tests/e2e_typescript.rs: the generated Vectra SDK over the real
// `@segment/analytics-node` client, pointed at the test's capture server.
//
// Usage: node send.js <capture-url>. The test asserts on the exact values below, so keep the two
// in step.

import { Analytics } from '@segment/analytics-node';

import { type Context, Tracker, segmentNodeTransport } from './tracking.js';

async function main(): Promise<void> {
  const host = process.argv[2];
  if (host === undefined) {
    throw new Error('usage: node send.js <capture-url>');
  }
  const analytics = new Analytics({ writeKey: 'test', host, flushAt: 10, flushInterval: 60_000, maxRetries: 0 });
  analytics.on('error', (err) => {
    console.error('analytics error', err);
    process.exitCode = 1;
  });

  // The context provider runs once per event: each event gets the next second as its timestamp.
  let calls = 0;
  const context = (): Context => ({
    user_id: '2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c',
    organization_id: '7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
    plan: 'growth',
    subscription_status: 'active',
    timestamp: `2026-11-27T10:00:0${calls++}Z`,
    session_id: 's_8f3k2m1q9x',
    device_type: null,
  });
  const tracker = new Tracker(
    segmentNodeTransport(analytics, () => ({ userId: '2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c' })),
    context,
  );

  // A nested object with an optional member omitted, an array of enums, an optional property omitted.
  await tracker.campaignCreated({
    campaign_id: '6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b',
    name: 'Q1 - Fintech VPs of Sales',
    target_criteria: { region: 'europe', job_titles: ['VP Sales', 'Head of Sales Development'] },
    channels: ['email', 'linkedin'],
    created_from: 'template',
  });
  // A nullable property sent as null.
  await tracker.campaignLaunched({
    campaign_id: '6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b',
    lead_count: 120,
    channels: ['email'],
    sequence_length: 3,
    daily_send_limit: 50,
    scheduled_start: null,
  });
  // A nested object of integers; the deprecated optional `score` omitted.
  await tracker.leadScored({
    lead_id: '0d3b8f5e-1a2c-4e6f-8b9d-7c5a3e1f2b4d',
    campaign_id: '6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b',
    bant_score: 72,
    breakdown: { budget: 20, authority: 18, need: 22, timeline: 12 },
    scoring_model: 'bant-2025.11',
  });
  // An integer enum and a fractional number.
  await tracker.meetingScheduled({
    meeting_id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    lead_id: '0d3b8f5e-1a2c-4e6f-8b9d-7c5a3e1f2b4d',
    campaign_id: '6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b',
    booking_source: 'ai_reply',
    scheduled_for: '2026-12-01T15:00:00Z',
    duration_minutes: 45,
    calendar_provider: 'microsoft',
    days_since_first_email: 4.5,
  });
  // Optional properties given, others omitted.
  await tracker.accountCreated({
    source: 'paid_search',
    referrer: 'https://www.google.com/',
    signup_method: 'google',
    utm_source: 'google',
    utm_term: 'ai sales prospecting',
  });

  await analytics.closeAndFlush({ timeout: 10_000 });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
