// A page for tests/e2e_adapters.rs, run in headless Chromium by tests/browser/adapters.mjs: the
// generated module of tests/fixtures/codegen/model.yaml sends identify, group, a page, a screen,
// alias and two events (the second with call options) through `posthogBrowserTransport` and the real posthog-js, whose `api_host`
// is the capture server the page is served from. Autocapture, pageviews, session recording, flags,
// surveys and every other remote call are off, the anonymous id is
// bootstrapped, so the capture server sees only these calls.
// The test asserts on the exact values below, so keep the two in step.

import posthog from 'posthog-js';

import { Tracker, posthogBrowserTransport } from './tracking.js';

posthog.init('phc_browser', {
  api_host: location.origin,
  autocapture: false,
  capture_pageview: false,
  capture_pageleave: false,
  capture_dead_clicks: false,
  capture_exceptions: false,
  capture_heatmaps: false,
  capture_performance: false,
  rageclick: false,
  disable_session_recording: true,
  disable_surveys: true,
  disable_product_tours: true,
  disable_conversations: true,
  disable_web_experiments: true,
  disable_external_dependency_loading: true,
  advanced_disable_flags: true,
  advanced_disable_toolbar_metrics: true,
  persistence: 'memory',
  bootstrap: { distinctID: 'anon-1' },
  // Headless Chromium's user agent names it; posthog-js would drop its events as a bot's.
  opt_out_useragent_filter: true,
  request_queue_config: { flush_interval_ms: 100 },
});

const tracker = new Tracker(posthogBrowserTransport(posthog, { groupType: 'account' }), { app_version: '4.2.0' }, { groupId: 'acme', ip: '203.0.113.7' });
await tracker.identify('u1', { email: 'a@example.com', plan: 'pro' });
await tracker.group('acme', { name: 'ACME', employees: 40 });
await tracker.pages.pricing({ plan: 'free' });
await tracker.screens.settings({ section: 'billing' });
await tracker.alias('u1', 'anon-1');
await tracker.formSubmitted({ form_id: 'f1', fields: { email: 'a@example.com' }, consent: true });
// The options posthog-js takes per call: the timestamp, and the messageId as the event's uuid.
await tracker.formSubmitted(
  { form_id: 'f2', fields: {}, consent: true },
  { timestamp: new Date('2026-11-27T10:00:00Z'), messageId: '5f0c7e2a-9b1d-4c3e-8f6a-2d4b6c8e0a1f', integrations: { All: false } },
);
(globalThis as { trackplanDone?: boolean }).trackplanDone = true;
