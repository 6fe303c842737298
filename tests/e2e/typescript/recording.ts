// The recording transport of the generated Vectra module, as an app's test uses it, for
// tests/e2e_typescript.rs: calls with options, passing assertions, and failing ones whose
// messages are printed as JSON (`{ passed, failures, tracked, calls }`). The test asserts on the
// exact values below, so keep the two in step.

import { type Context, createRecordingTracker } from './tracking.js';

const context: Context = {
  user_id: '2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c',
  organization_id: '7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
  plan: 'growth',
  subscription_status: 'active',
  timestamp: '2026-11-27T10:00:00Z',
  session_id: null,
  device_type: 'desktop',
};

/** The message of what `assertion` throws, or `null` when it passes. */
function failure(assertion: () => void): string | null {
  try {
    assertion();
    return null;
  } catch (error: unknown) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function main(): Promise<void> {
  const { tracker, recorded } = createRecordingTracker(context);
  const request = tracker.withIdentity({ userId: 'u1' });
  await request.campaignCreated(
    {
      campaign_id: '6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b',
      name: 'Q1',
      target_criteria: { job_titles: ['VP Sales'], region: 'europe' },
      channels: ['email'],
      created_from: 'scratch',
    },
    { messageId: 'm-1', timestamp: new Date('2026-11-27T10:00:00Z'), context: { ip: '203.0.113.7' }, groups: { company: 'org_1' } },
  );
  await request.pages.dashboard();
  await request.identify('u1', { email: 'a@example.com', name: 'A', role: 'owner', created_at: '2026-01-01T00:00:00Z' });

  const passed = [
    failure(() => recorded.expectTracked('campaign_created', { name: 'Q1', target_criteria: { job_titles: ['VP Sales'], region: 'europe' } })),
    failure(() => recorded.expectTracked('campaign_created')),
    failure(() => recorded.expectPage('Dashboard')),
    failure(() => recorded.expectIdentified('u1', { role: 'owner' })),
  ];
  const failures = [
    failure(() => recorded.expectTracked('campaign_created', { name: 'Q2' })),
    failure(() => recorded.expectTracked('campaign_launched', { lead_count: 1 })),
  ];
  // A call that breaks the plan rejects under the recorder's default `throw` mode and is not recorded.
  let rejected = '';
  await request.campaignCreated({ name: 42 } as never).catch((error: unknown) => {
    rejected = error instanceof Error ? error.name : String(error);
  });
  const tracked = recorded.tracked('campaign_created').map((p) => p.name);
  const calls = recorded.calls.map((c) => ({ kind: c.kind, name: c.name, options: c.options, ip: c.context['ip'] ?? null }));
  recorded.clear();
  const empty = failure(() => recorded.expectPage('Dashboard'));
  console.log(JSON.stringify({ passed, failures, rejected, tracked, calls, empty }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
