#!/usr/bin/env node
/* global document -- the function passed to page.evaluate runs in the browser */
/**
 * Renders the reference API's HTML report in headless Chromium at a desktop width (1280 px) and a
 * phone's (390 px), writes full-page PNGs (and the first 2,000 px of each, `-top`) to
 * `report-screenshots/` (git-ignored), and measures how
 * wide the page is at each width: at 390 px `document.documentElement.scrollWidth` must be at most
 * 390, or the page scrolls sideways. Exit 1 when it does; exit 0 with a message when no browser is
 * installed, so nothing in CI depends on Chromium.
 *
 *   npm run build && node scripts/report-screenshots.mjs
 *   node scripts/report-screenshots.mjs some-report.html    (an HTML report already written)
 *
 * The browser: `CHROMIUM_PATH` when set, else the first of /usr/bin/chromium, /usr/bin/chromium-browser,
 * /usr/bin/google-chrome that exists (Debian: `apt-get install chromium`). Driven by playwright-core
 * (a devDependency; it downloads no browser of its own), with scripts, the network and sync off.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.join(root, "report-screenshots");
const WIDTHS = [1280, 390];
const PHONE = 390;
const TOP_HEIGHT = 2000;

// CHROMIUM_PATH, when set, is the only browser tried
const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
const browserPath = candidates.find((candidate) => fs.existsSync(candidate));
if (!browserPath) {
  console.log(`report-screenshots: skipped, no Chromium at ${candidates.join(", ")} (install chromium or set CHROMIUM_PATH)`);
  process.exit(0);
}
let chromium;
try {
  ({ chromium } = await import("playwright-core"));
} catch {
  console.log("report-screenshots: skipped, playwright-core is not installed (npm install)");
  process.exit(0);
}
fs.mkdirSync(outDir, { recursive: true });
const reportFile = process.argv[2] ? path.resolve(process.argv[2]) : await renderReferenceReport();

async function renderReferenceReport() {
  const dist = path.join(root, "dist/src");
  if (!fs.existsSync(path.join(dist, "reporters/html.js"))) {
    console.error("report-screenshots: run `npm run build` first");
    process.exit(2);
  }
  const { analyzeProject } = await import(pathToFileURL(path.join(dist, "analysis/analyze.js")).href);
  const { html } = await import(pathToFileURL(path.join(dist, "reporters/html.js")).href);
  const { allRules } = await import(pathToFileURL(path.join(dist, "rule-registry.js")).href);
  const data = await analyzeProject({ cwd: path.join(root, "fixtures/reference-api"), paths: [] });
  const file = path.join(outDir, "report.html");
  fs.writeFileSync(file, html(data, { ruleDocs: Object.fromEntries(allRules.map((rule) => [rule.name, rule.meta.docs.url])) }));
  return file;
}

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "report-screenshots-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: browserPath,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  // the report has no script; the measurements below run through the debugging protocol
  javaScriptEnabled: false,
  viewport: { width: WIDTHS[0], height: 900 },
});
let failed = false;
try {
  const tab = context.pages()[0] ?? (await context.newPage());
  for (const width of WIDTHS) {
    await tab.setViewportSize({ width, height: 900 });
    await tab.goto(pathToFileURL(reportFile).href);
    const measured = await tab.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      // the elements wider than the viewport, for a message that says where to look
      wide: [...document.querySelectorAll("body *")]
        .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .filter((element) => !element.closest(".scroll, pre, .graph"))
        .slice(0, 5)
        .map((element) => `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(" ").join(".")}` : ""}`),
    }));
    const file = path.join(outDir, `report-${width}.png`);
    await tab.screenshot({ path: file, fullPage: true });
    // the first screens alone, as the README shows them
    const top = await tab.evaluate(() => document.documentElement.scrollHeight);
    await tab.screenshot({ path: path.join(outDir, `report-${width}-top.png`), fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(top, TOP_HEIGHT) } });
    const over = width === PHONE && measured.scrollWidth > PHONE;
    failed ||= over;
    console.log(
      `${path.relative(root, file)}: ${width} px wide viewport, page ${measured.scrollWidth} px wide` +
        (over ? ` — wider than ${PHONE} px (${measured.wide.join(", ") || "no single element"})` : ""),
    );
  }
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
