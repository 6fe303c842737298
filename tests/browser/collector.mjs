// Drives headless Chromium: a page under the collector's origin (`<collector>/app/`, served from
// memory by playwright's request routing, so that Chromium's local network access rules let it
// send to loopback; Segment's CDN is routed the same way: the analytics-next bundles from
// node_modules and the project settings) loads @segment/analytics-next and the generated
// TypeScript module of tests/fixtures/codegen/model.yaml, and sends its calls through
// `segmentBrowserTransport` to the collector, the one real network destination. tests/validate_collector.rs makes
// the assertions on the collector's report; this script prints what the page logged.
//
//   node tests/browser/collector.mjs <collector url> <compiled tracking.js>
//
// Environment: TRACKPLAN_NODE_MODULES (holds playwright-core), TRACKPLAN_CHROMIUM (the browser).

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [collector, trackingJs] = process.argv.slice(2);
if (!collector || !trackingJs) {
  console.error("usage: collector.mjs <collector url> <tracking.js>");
  process.exit(2);
}
const modules = process.env.TRACKPLAN_NODE_MODULES;
const { chromium } = await import(pathToFileURL(path.join(modules, "playwright-core", "index.mjs")).href);
const umd = path.join(modules, "@segment", "analytics-next", "dist", "umd");
const host = new URL(collector).host;

const page_script = `
import { Tracker, segmentBrowserTransport } from '/app/tracking.js';
const analytics = window.AnalyticsNext.AnalyticsBrowser.load({ writeKey: 'browser-key' });
const tracker = new Tracker(segmentBrowserTransport(analytics), { app_version: '4.2.0' }, { groupId: 'acme' });
await tracker.identify('u1', { email: 'a@example.com', plan: 'pro' });
await tracker.group('acme', { name: 'ACME', employees: 40 });
await tracker.pages.pricing({ plan: 'free' });
await tracker.videoAdStarted({ session_id: 's1', ad_asset_id: 'ad1', type: 'pre-roll' });
// Wrong on purpose, past the type checker: consent is the constant true in the plan.
await analytics.track('Form Submitted', { app_version: '4.2.0', form_id: 'f1', consent: false });
window.trackplanDone = true;
`;

const html = `<!doctype html><html><head><title>Collector test</title>
<script src="/app/analytics-next/index.js"></script>
<script type="module">${page_script}</script></head><body>test</body></html>`;

const settings = {
  integrations: { "Segment.io": { apiKey: "browser-key", apiHost: `${host}/v1`, protocol: "http" } },
  plan: {},
};

const browser = await chromium.launch({
  executablePath: process.env.TRACKPLAN_CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const seen = { errors: [], console: [], blocked: [] };
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (e) => seen.errors.push(String(e)));
  page.on("console", (m) => seen.console.push(`${m.type()}: ${m.text()}`));
  const file = (p) => ({ status: 200, contentType: "application/javascript", body: fs.readFileSync(p) });
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.host === host && url.pathname.startsWith("/app/")) {
      if (url.pathname === "/app/") return route.fulfill({ status: 200, contentType: "text/html", body: html });
      if (url.pathname === "/app/tracking.js") return route.fulfill(file(trackingJs));
      if (url.pathname.startsWith("/app/analytics-next/")) return route.fulfill(file(path.join(umd, path.basename(url.pathname))));
    } else if (url.host === host) {
      return route.continue();
    }
    if (url.host === "cdn.segment.com") {
      if (url.pathname.includes("/settings")) return route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(settings) });
      if (url.pathname.includes("/bundles/")) return route.fulfill(file(path.join(umd, path.basename(url.pathname))));
    }
    seen.blocked.push(url.href);
    return route.abort();
  });
  await page.goto(`${collector}/app/`);
  await page.waitForFunction(() => window.trackplanDone === true, null, { timeout: 30000 });
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
