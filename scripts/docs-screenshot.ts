/**
 * Regenerates docs/images/verify-report.png: the HTML report of generated sample data
 * (test/kit/sampleReport.ts), rendered by headless Chromium through playwright-core.
 *
 *   npm run docs:screenshot
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { renderHtml } from "../pec/format/html";
import { findChromium } from "../test/kit/browser";
import { docsSample } from "../test/kit/sampleReport";

async function main(): Promise<void> {
    const executablePath = findChromium();
    if (!executablePath)
        throw new Error("no Chromium found: install it (apt-get install chromium) or set CHROMIUM_PATH");
    const html = renderHtml(await docsSample());
    const browser = await chromium.launch({ executablePath, timeout: 60000 });
    try {
        const page = await browser.newPage({ viewport: { width: 1000, height: 800 }, javaScriptEnabled: false });
        await page.setContent(html, { timeout: 30000 });
        // The top of the page (totals and heatmap) keeps the image small; the rest is tables of text.
        const png = await page.screenshot({ clip: { x: 0, y: 0, width: 1000, height: 640 }, timeout: 30000 });
        const out = join(__dirname, "..", "docs", "images", "verify-report.png");
        mkdirSync(join(out, ".."), { recursive: true });
        writeFileSync(out, png);
        process.stdout.write(`wrote ${out} (${png.length} bytes)\n`);
    } finally {
        await browser.close();
    }
}

main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
});
