// Drives headless Chromium over the generated HTML catalogue and prints what it saw as one JSON
// document on stdout. tests/docs_browser.rs runs it and makes the assertions; this script only
// observes (and saves screenshots).
//
//   node tests/browser/docs.mjs <vectra index.html> <hostile index.html> <screenshot dir> <model index.html>
//
// Environment: TRACKPLAN_NODE_MODULES (holds playwright-core), TRACKPLAN_CHROMIUM (the browser).

import path from "node:path";
import { pathToFileURL } from "node:url";

const [vectraHtml, hostileHtml, shots, modelHtml] = process.argv.slice(2);
if (!vectraHtml || !hostileHtml || !shots || !modelHtml) {
  console.error("usage: docs.mjs <vectra.html> <hostile.html> <screenshot dir> <model.html>");
  process.exit(2);
}
const modules = process.env.TRACKPLAN_NODE_MODULES;
const { chromium } = await import(pathToFileURL(path.join(modules, "playwright-core", "index.mjs")).href);

const browser = await chromium.launch({
  executablePath: process.env.TRACKPLAN_CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

/** A fresh page that records dialogs, errors and every request that is not the file itself. */
async function open(file, viewport, hash = "") {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const seen = { dialogs: [], errors: [], console: [], requests: [] };
  page.on("dialog", async (d) => {
    seen.dialogs.push(d.message());
    await d.dismiss();
  });
  page.on("pageerror", (e) => seen.errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") seen.console.push(m.text());
  });
  const url = pathToFileURL(file).href;
  page.on("request", (r) => {
    if (r.url().split("#")[0] !== url) seen.requests.push(r.url());
  });
  await page.goto(url + hash);
  await page.waitForLoadState("load");
  return { context, page, seen };
}

/** Ids of the events currently displayed. */
const visibleEvents = (page) =>
  page.$$eval(".event", (els) => els.filter((e) => e.offsetParent !== null).map((e) => e.id));

const result = {};

// 1. The Vectra catalogue: every event listed, search, deep links, category filter.
{
  const { context, page, seen } = await open(vectraHtml, { width: 1280, height: 900 });
  result.listed = await page.$$eval(".event[data-kind='event']", (els) => els.map((e) => e.id));
  result.visibleAtStart = (await visibleEvents(page)).filter((id) => result.listed.includes(id));
  result.pagesListed = await page.$$eval("[data-category='pages'] .event", (els) =>
    els.map((e) => e.querySelector(".event-name").textContent),
  );
  await page.click("[data-filter='pages']");
  result.visibleAfterPagesFilter = (await visibleEvents(page)).length;
  await page.click("[data-filter='']");
  await page.screenshot({ path: path.join(shots, "catalogue-top.png") });

  await page.click("#tp-search");
  await page.keyboard.type("email_");
  result.visibleAfterSearch = await visibleEvents(page);
  result.statusAfterSearch = await page.textContent("#tp-status");
  result.indexRowsAfterSearch = await page.$$eval(".index-entry", (rows) =>
    rows.filter((r) => !r.hidden).map((r) => r.querySelector(".prop-name").textContent),
  );
  await page.screenshot({ path: path.join(shots, "search-email.png"), fullPage: true });

  await page.fill("#tp-search", "");
  await page.click("[data-filter='c6']");
  result.visibleAfterFilter = await visibleEvents(page);
  await page.click("[data-filter='']");
  result.visibleAfterAll = (await visibleEvents(page)).length;

  // A filter hides campaign_created; following its deep link must clear the filter and open it.
  await page.click("[data-filter='c0']");
  await page.evaluate(() => { location.hash = "#campaign_created"; });
  await page.waitForFunction(() => document.getElementById("campaign_created").open);
  result.deepLinkInPage = await page.$eval("#campaign_created", (e) => {
    const r = e.getBoundingClientRect();
    return { open: e.open, shown: e.offsetParent !== null, top: r.top, inView: r.top >= 0 && r.top < innerHeight };
  });
  result.seen = seen;
  await context.close();
}

// 2. Loading the page with a fragment opens that event; full-page screenshot for the README.
{
  const { context, page, seen } = await open(vectraHtml, { width: 1280, height: 900 }, "#campaign_created");
  await page.waitForFunction(() => document.getElementById("campaign_created").open);
  result.deepLinkOnLoad = await page.$eval("#campaign_created", (e) => {
    const r = e.getBoundingClientRect();
    return { open: e.open, shown: e.offsetParent !== null, top: r.top, inView: r.top >= 0 && r.top < innerHeight };
  });
  result.openOnLoad = await page.$$eval(".event", (els) => els.filter((e) => e.open).map((e) => e.id));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shots, "catalogue.png"), fullPage: true });
  result.seenDeepLink = seen;

  // Print layout: the toolbar goes away.
  await page.emulateMedia({ media: "print" });
  result.printToolbarDisplay = await page.$eval("#tp-toolbar", (e) => getComputedStyle(e).display);
  await context.close();
}

// 3. A phone-sized screen: nothing wider than the screen.
{
  const { context, page, seen } = await open(vectraHtml, { width: 375, height: 812 }, "#campaign_created");
  await page.waitForFunction(() => document.getElementById("campaign_created").open);
  result.phone = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  await page.screenshot({ path: path.join(shots, "phone.png") });
  result.seenPhone = seen;
  await context.close();
}

// 4. The hostile plan: its descriptions are shown as text and run nothing.
{
  const { context, page, seen } = await open(hostileHtml, { width: 1280, height: 900 });
  await page.waitForTimeout(300);
  await page.$$eval("details", (els) => els.forEach((d) => { d.open = true; }));
  await page.waitForTimeout(200);
  result.hostile = await page.evaluate(() => ({
    xss: typeof window.__xss === "undefined" ? null : window.__xss,
    scripts: document.scripts.length,
    images: document.images.length,
    iframes: document.querySelectorAll("iframe").length,
    onAttributes: Array.from(document.querySelectorAll("*")).flatMap((e) =>
      Array.from(e.attributes).filter((a) => a.name.startsWith("on")).map((a) => e.tagName + " " + a.name),
    ),
    text: document.body.textContent,
    events: Array.from(document.querySelectorAll(".event")).map((e) => e.id),
  }));
  await page.click("#tp-search");
  await page.keyboard.type("<script>");
  result.hostileSearch = await visibleEvents(page);
  await page.fill("#tp-search", "");
  await page.screenshot({ path: path.join(shots, "hostile.png"), fullPage: true });
  result.seenHostile = seen;
  await context.close();
}

// 5. The model plan: source, status and tag filters, combined with the category filter.
{
  const { context, page, seen } = await open(modelHtml, { width: 1280, height: 900 });
  const names = () =>
    page.$$eval(".event", (els) =>
      els.filter((e) => e.offsetParent !== null).map((e) => e.querySelector(".event-name").textContent),
    );
  result.model = { all: await names() };
  const pick = async (select, label) => {
    const value = await page.$eval(select, (s, l) => {
      const o = Array.from(s.options).find((o) => o.textContent.startsWith(l));
      return o ? o.value : null;
    }, label);
    await page.selectOption(select, value ?? "");
  };
  await pick("#tp-source", "server");
  result.model.server = await names();
  await pick("#tp-source", "All");
  await pick("#tp-status-filter", "Draft");
  result.model.draft = await names();
  result.model.statusText = await page.textContent("#tp-status");
  await pick("#tp-status-filter", "Any");
  await pick("#tp-tag", "revenue");
  result.model.revenue = await names();
  await pick("#tp-tag", "All");
  await pick("#tp-source", "web");
  await page.click("[data-filter='pages']");
  result.model.webPages = await names();
  await page.click("[data-filter='']");
  await pick("#tp-source", "All");
  result.model.back = (await names()).length;
  result.model.badges = await page.$$eval(".badge-status", (els) => els.map((e) => e.textContent));
  result.model.pii = await page.$$eval(".badge-pii", (els) => els.length);
  await page.screenshot({ path: path.join(shots, "model.png"), fullPage: true });
  result.seenModel = seen;
  await context.close();
}

await browser.close();
process.stdout.write(JSON.stringify(result, null, 2) + "\n");
