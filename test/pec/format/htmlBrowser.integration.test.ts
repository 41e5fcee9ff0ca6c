import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Browser, chromium } from "playwright-core";
import { renderHtml } from "../../../pec/format/html";
import { findChromium } from "../../kit/browser";
import { decodePng, pixelVariance } from "../../kit/png";
import { largeMonth, resultOfLines, verifyLines } from "../../kit/sampleReport";
import { S3, SCENARIO_LINES } from "../../kit/scenario";

const HOSTILE = `<script>document.title="pwned"</script><img src=http://127.0.0.1:9/x>`;

describe("verify --format html in headless Chromium", function () {
    this.timeout(120000);
    let browser: Browser | undefined;
    let dir: string;

    before(async function () {
        const executablePath = findChromium();
        if (!executablePath) {
            // In CI a missing browser is a failure (.ci/run installs Debian's chromium), never a skip.
            if (process.env.CI) throw new Error("no Chromium found (CI is set): install it, or set CHROMIUM_PATH");
            process.stdout.write(
                "      skipped: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH); CI would fail here\n",
            );
            this.skip();
        }
        browser = await chromium.launch({ executablePath, timeout: 60000 });
        dir = mkdtempSync(join(tmpdir(), "pec-html-"));
    });
    after(async () => {
        await browser?.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** Opens the report from a file, recording console errors, page errors and every request. */
    async function open(html: string, name: string) {
        const path = join(dir, name);
        writeFileSync(path, html);
        const url = pathToFileURL(path).href;
        const page = await browser!.newPage({ viewport: { width: 1200, height: 900 } });
        const errors: string[] = [];
        const requests: string[] = [];
        page.on("console", (m) => {
            if (m.type() === "error" || m.type() === "warning") errors.push(m.text());
        });
        page.on("pageerror", (e) => errors.push(e.message));
        page.on("request", (r) => {
            if (r.url() !== url) requests.push(r.url());
        });
        await page.route("**/*", (route) => (route.request().url() === url ? route.continue() : route.abort()));
        await page.goto(url, { waitUntil: "load", timeout: 30000 });
        return { page, errors, requests };
    }

    it("loads with no console error and no request, one heatmap cell per subscription-day, not blank", async () => {
        const result = await verifyLines(SCENARIO_LINES);
        const { page, errors, requests } = await open(renderHtml(result), "report.html");
        assert.deepEqual(errors, []);
        assert.deepEqual(requests, []);
        const rows = await page.locator(".hm .k").count();
        const cells = await page.locator(".hm > div > :is(b, i, s, u)").count();
        assert.equal(rows, result.report.subscriptions.length);
        assert.equal(cells, rows * 4);
        const png = await page.screenshot({ fullPage: true, timeout: 30000 });
        assert.ok(pixelVariance(decodePng(png)) > 100, "the screenshot is not one colour");
        // On paper the heatmap is printed whole (no scroll box), symbols and all.
        await page.emulateMedia({ media: "print" });
        assert.equal(await page.evaluate<string>("getComputedStyle(document.querySelector('.hm')).maxHeight"), "none");
        assert.equal(await page.locator(".hm > div > s").first().textContent(), "×");
        await page.close();
    });

    it("a blank page fails the screenshot check (the check can fail)", async () => {
        const { page } = await open("<!DOCTYPE html><html><body></body></html>", "blank.html");
        const png = await page.screenshot({ timeout: 30000 });
        assert.equal(pixelVariance(decodePng(png)), 0);
        await page.close();
    });

    it("a hostile customer name renders as text, runs nothing and fetches nothing", async () => {
        const lines = SCENARIO_LINES.map((l) => (l.subscriptionId === S3 ? { ...l, customerName: HOSTILE } : l));
        const { page, errors, requests } = await open(renderHtml(await verifyLines(lines)), "hostile.html");
        assert.deepEqual(requests, []);
        assert.deepEqual(errors, []);
        assert.match(await page.title(), /^PEC report/);
        assert.equal(await page.locator("body script, body img").count(), 0);
        assert.ok((await page.locator(".hm .g").allTextContents()).includes(HOSTILE));
        await page.close();
    });

    it("2,000 subscriptions × 31 days: every cell is in the page", async () => {
        const { page, errors } = await open(renderHtml(resultOfLines(largeMonth(2000, 31))), "large.html");
        assert.deepEqual(errors, []);
        assert.equal(await page.locator(".hm > div > :is(b, i, s, u)").count(), 62000);
        await page.close();
    });
});
