// Runtime check for tests/e2e_typescript.rs: the validation modes of the generated Vectra module.
// One valid and one broken `campaign_created` (an unknown channel, a name that is a number, an
// unknown key) go through an in-memory transport under each mode; the program prints one JSON
// document: what each transport received, what `onViolation` saw, how each call settled, and
// what the default mode is (the test runs it under several `NODE_ENV` values).

import {
  type CampaignCreatedProperties,
  type Context,
  type Transport,
  type Violation,
  Tracker,
  TrackerCore,
  TrackingPlanViolationError,
  trackCampaignCreated,
} from './tracking.js';

const context: Context = {
  user_id: '2c4a9f1e-8d6b-4f3a-9c2e-7b1d5e8f0a3c',
  organization_id: '7f3e2a1b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
  plan: 'growth',
  subscription_status: 'active',
  timestamp: '2026-11-27T10:00:00Z',
  session_id: 's_8f3k2m1q9x',
  device_type: null,
};
const valid: CampaignCreatedProperties = {
  campaign_id: '6f1c2b9e-3a4d-4e8f-9b1a-2c3d4e5f6a7b',
  name: 'Q1 - Fintech VPs of Sales',
  target_criteria: { region: 'europe', job_titles: ['VP Sales'] },
  channels: ['email'],
  created_from: 'template',
};
// What a plain JavaScript caller can send.
const broken = { ...valid, name: 42, channels: ['fax'], zz_unknown: 1 } as unknown as CampaignCreatedProperties;

interface Outcome {
  sent: string[];
  violations: Array<Pick<Violation, 'kind' | 'name' | 'path' | 'rule' | 'message' | 'location'>>;
  settled: string[];
}

async function run(mode: 'off' | 'warn' | 'throw' | undefined): Promise<Outcome> {
  const outcome: Outcome = { sent: [], violations: [], settled: [] };
  const transport: Transport = {
    track(event, properties) {
      outcome.sent.push(`${event} ${String(properties['name'])}`);
    },
  };
  const options = {
    onViolation: (v: Violation) => {
      outcome.violations.push(v);
    },
    ...(mode === undefined ? {} : { validation: mode }),
  };
  const tracker = new Tracker(transport, context, {}, options);
  const core = new TrackerCore(transport, context, {}, options);
  for (const call of [() => tracker.campaignCreated(valid), () => tracker.campaignCreated(broken), () => trackCampaignCreated(core, broken)]) {
    try {
      await call();
      outcome.settled.push('resolved');
    } catch (error: unknown) {
      outcome.settled.push(
        error instanceof TrackingPlanViolationError ? `rejected ${error.violations.length} ${error.message}` : `error ${String(error)}`,
      );
    }
  }
  return outcome;
}

async function main(): Promise<void> {
  const defaultMode = new TrackerCore({ track() {} }, context).validation;
  // The default handler: one warning per call, path and rule, however often it breaks.
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...data: unknown[]) => {
    warnings.push(data.map(String).join(' '));
  };
  const logging = new Tracker({ track() {} }, context, {}, { validation: 'warn' });
  await logging.campaignCreated(broken);
  await logging.campaignCreated(broken);
  // A throwing handler never escapes.
  const throwing = new Tracker({ track() {} }, context, {}, {
    validation: 'warn',
    onViolation: () => {
      throw new Error('the handler threw');
    },
  });
  await throwing.campaignCreated(broken);
  console.warn = original;
  const result = {
    defaultMode,
    off: await run('off'),
    warn: await run('warn'),
    throw: await run('throw'),
    default: await run(undefined),
    warnings,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

void main();
