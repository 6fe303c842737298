// Runtime check for tests/e2e_typescript.rs: analytics never takes the app down. The generated
// module of tests/fixtures/codegen/model.yaml runs with a standard-context provider that throws, a
// message-context provider that throws, a transport that throws and one that rejects; the calls
// are not awaited. The process must exit 0; at exit it prints what `onError` saw as one JSON
// document. A tracker without `onError` logs the first failure of each call to stderr, once;
// one with `throwOnError` rejects the awaited call. An untyped caller (here a cast) cannot
// overwrite a standard property with an event property of the same name.

import {
  type FormSubmittedProperties,
  type PricingPageProperties,
  type TrackerCall,
  type Transport,
  Tracker,
} from './tracking.js';

const seen: Array<{ error: string; call: TrackerCall }> = [];
const onError = (error: unknown, call: TrackerCall): void => {
  seen.push({ error: error instanceof Error ? error.message : String(error), call });
};

const memory: Transport = {
  track() {},
  identify() {},
  page() {},
};
const rejecting: Transport = {
  track() {
    return Promise.reject(new Error('transport rejected'));
  },
  group() {
    throw new Error('transport threw');
  },
};

const brokenContext = new Tracker(
  memory,
  () => {
    throw new Error('context provider threw');
  },
  {},
  { onError },
);
const brokenMessageContext = new Tracker(
  memory,
  { app_version: '4.2.0' },
  () => {
    throw new Error('message context provider threw');
  },
  { onError },
);
const brokenTransport = new Tracker(rejecting, { app_version: '4.2.0' }, {}, { onError });

void brokenContext.pages.pricing({ plan: 'free' });
void brokenMessageContext.identify('u1', { email: 'a@example.com' });
void brokenTransport.formSubmitted({ form_id: 'f1' });
void brokenTransport.group('acme', { name: 'ACME' });

// No `onError`: logged once per call, never thrown. An `onError` that throws is dropped.
const quiet = new Tracker(rejecting, { app_version: '4.2.0' });
void quiet.formSubmitted({ form_id: 'f1' });
void quiet.formSubmitted({ form_id: 'f2' });
const throwingHook = new Tracker(rejecting, { app_version: '4.2.0' }, {}, {
  onError: () => {
    throw new Error('the hook threw');
  },
});
void throwingHook.formSubmitted({ form_id: 'f3' });

// `throwOnError`: an awaited call rejects with the transport's error.
const strict = new Tracker(rejecting, { app_version: '4.2.0' }, {}, { onError, throwOnError: true });
strict.formSubmitted({ form_id: 'f4' }).then(
  () => {
    seen.push({ error: 'throwOnError did not reject', call: { kind: 'track' } });
  },
  (error: unknown) => {
    seen.push({ error: `rejected: ${error instanceof Error ? error.message : String(error)}`, call: { kind: 'track' } });
  },
);

// Untyped callers: the standard property wins over an event or page property of its name.
const sent: Array<Record<string, unknown>> = [];
const recording: Transport = {
  track(_event, properties) {
    sent.push(properties);
  },
  page(_name, properties) {
    sent.push(properties);
  },
};
const plain = new Tracker(recording, { app_version: '4.2.0' });
void plain.formSubmitted({ form_id: 'f5', app_version: 'overwritten' } as unknown as FormSubmittedProperties);
void plain.pages.pricing({ plan: 'free', app_version: 'overwritten' } as unknown as PricingPageProperties);

process.on('exit', () => {
  process.stdout.write(`${JSON.stringify({ seen, sent })}\n`);
});
