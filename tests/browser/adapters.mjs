// Drives headless Chromium for tests/e2e_adapters.rs: a page under the capture server's origin
// (`<capture>/app/`, served from memory by playwright's request routing, so that Chromium's local
// network access rules let it send to loopback) runs a compiled page program
// (tests/e2e/typescript/browser_<client>.ts) and the generated module it imports; an import map
// resolves the client's package to its browser build in node_modules. The capture server is the
// one real network destination: every other request is aborted and reported. After the page sets
// `trackplanDone`, the script waits until the client's requests to the capture server have been
// answered and no new one started for a while (the clients flush in the background), then prints
// what the page logged and which requests were blocked.
//
//   node tests/browser/adapters.mjs posthog|rudderstack <capture url> <page.js> <tracking.js>
//
// Environment: TRACKPLAN_NODE_MODULES (holds playwright-core and the clients), TRACKPLAN_CHROMIUM.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [client, capture, pageJs, trackingJs] = process.argv.slice(2);
const builds = {
  posthog: { specifier: "posthog-js", file: ["posthog-js", "dist", "module.no-external.js"] },
  rudderstack: { specifier: "@rudderstack/analytics-js", file: ["@rudderstack", "analytics-js", "dist", "npm", "modern", "bundled", "esm", "index.mjs"] },
};
if (!builds[client] || !capture || !pageJs || !trackingJs) {
  console.error("usage: adapters.mjs posthog|rudderstack <capture url> <page.js> <tracking.js>");
  process.exit(2);
}
const modules = process.env.TRACKPLAN_NODE_MODULES;
const { chromium } = await import(pathToFileURL(path.join(modules, "playwright-core", "index.mjs")).href);
const library = path.join(modules, ...builds[client].file);
const host = new URL(capture).host;

const importMap = { imports: { [builds[client].specifier]: "/app/lib/client.js" } };
const html = `<!doctype html><html><head><title>Adapter test</title>
<script type="importmap">${JSON.stringify(importMap)}</script>
<script type="module" src="/app/page.js"></script></head><body>test</body></html>`;

const browser = await chromium.launch({
  executablePath: process.env.TRACKPLAN_CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const seen = { errors: [], console: [], blocked: [], sent: [] };
let pending = 0;
let lastActivity = Date.now();
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (e) => seen.errors.push(String(e)));
  page.on("console", (m) => seen.console.push(`${m.type()}: ${m.text()}`));
  const js = (p) => ({ status: 200, contentType: "application/javascript", body: fs.readFileSync(p) });
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.host === host && url.pathname.startsWith("/app/")) {
      if (url.pathname === "/app/") return route.fulfill({ status: 200, contentType: "text/html", body: html });
      if (url.pathname === "/app/lib/client.js") return route.fulfill(js(library));
      if (url.pathname === "/app/page.js") return route.fulfill(js(pageJs));
      if (url.pathname === "/app/tracking.js") return route.fulfill(js(trackingJs));
    } else if (url.host === host) {
      pending += 1;
      lastActivity = Date.now();
      seen.sent.push(`${route.request().method()} ${url.pathname}`);
      try {
        return await route.continue();
      } finally {
        pending -= 1;
        lastActivity = Date.now();
      }
    }
    seen.blocked.push(url.href);
    return route.abort();
  });
  page.on("requestfinished", () => (lastActivity = Date.now()));
  await page.goto(`${capture}/app/`);
  await page.waitForFunction(() => globalThis.trackplanDone === true, null, { timeout: 30000 });
  // Quiet: nothing in flight and nothing new for 1.5 s (the clients flush every few hundred ms).
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline && (pending > 0 || Date.now() - lastActivity < 1500)) {
    await new Promise((r) => setTimeout(r, 100));
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
