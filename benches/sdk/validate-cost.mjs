// Cost per validated call of the generated TypeScript SDK, on the Vectra module: microseconds per
// call of `validatePayload` alone, and of a whole `Tracker` call (standard context merged, an
// in-memory transport) with validation `warn` (checked, valid payload) and `off`, for
// `campaign_created` (nested object, arrays, formats, bounds) and the small `account_deleted`.
//
//   node benches/sdk/validate-cost.mjs tests/golden/typescript/vectra/tracking.ts
//
// `TRACKPLAN_ESBUILD` names the esbuild binary that turns the module into JavaScript (no
// `NODE_ENV` define: the guard is read at run time, as in Node without a bundler). Not a test:
// it prints one line per measurement; the lead copies the numbers into BENCHMARKS.md.

import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const esbuild = process.env.TRACKPLAN_ESBUILD;
const source = process.argv[2];
if (!esbuild || !source) {
  console.error('usage: TRACKPLAN_ESBUILD=... node benches/sdk/validate-cost.mjs path/to/tracking.ts');
  process.exit(2);
}
delete process.env.NODE_ENV;
const dir = mkdtempSync(join(tmpdir(), 'trackplan-cost-'));
const out = join(dir, 'tracking.mjs');
execFileSync(esbuild, [source, '--format=esm', '--platform=node', `--outfile=${out}`, '--log-level=error']);
const sdk = await import(pathToFileURL(out).href);

const context = {
  user_id: '2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c',
  organization_id: '7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
  plan: 'growth',
  subscription_status: 'active',
  timestamp: '2026-11-27T10:00:00Z',
  session_id: 's_8f3k2m1q9x',
  device_type: null,
};
const events = {
  campaign_created: [
    'campaignCreated',
    {
      campaign_id: '6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b',
      name: 'Q1 - Fintech VPs of Sales',
      target_criteria: { region: 'europe', job_titles: ['VP Sales', 'Head of Sales Development'] },
      channels: ['email', 'linkedin'],
      created_from: 'template',
    },
  ],
  account_deleted: ['accountDeleted', { deletion_reason: 'other', account_age_days: 40, data_export_requested: false }],
};

/** Median µs per call of `f` over `rounds` rounds of `n` calls. */
async function time(f, n, rounds = 7) {
  const results = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      await f();
    }
    results.push(Number(process.hrtime.bigint() - start) / 1e3 / n);
  }
  results.sort((a, b) => a - b);
  return results[Math.floor(results.length / 2)];
}

console.log(`node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const [event, [method, properties]] of Object.entries(events)) {
  const payload = { ...properties, ...context };
  const violations = sdk.validatePayload('track', event, payload);
  if (violations.length !== 0) {
    throw new Error(`${event}: the benchmark payload breaks the plan: ${JSON.stringify(violations)}`);
  }
  const n = 20_000;
  const check = await time(() => sdk.validatePayload('track', event, payload), n);
  const transport = { track() {} };
  const on = new sdk.Tracker(transport, context, {}, { validation: 'warn' });
  const off = new sdk.Tracker(transport, context, {}, { validation: 'off' });
  const callOn = await time(() => on[method](properties), n);
  const callOff = await time(() => off[method](properties), n);
  console.log(
    `${event}: validatePayload ${check.toFixed(3)} µs/call; tracker call with validation ${callOn.toFixed(3)} µs, without ${callOff.toFixed(3)} µs (+${(callOn - callOff).toFixed(3)} µs)`,
  );
}
