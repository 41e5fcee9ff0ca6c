/**
 * bench:link — Partner Admin Link against the fake Azure over HTTPS.
 *
 * 1. Time to link with an Entra ID replication delay D of 0, 5, 20, 60 s: the waits run on a virtual
 *    clock shared by the provider and the fake (so D = 60 s takes no real minute); total = virtual
 *    waiting + real HTTPS time. Compared with the common fixed `sleep 60` workaround measured the
 *    same way in the same run. Target: total ≤ 1.25·D + 2 s.
 * 2. Calls per operation (create, refresh).
 * 3. Serialized `__provider` size: by value (this repository's program) and as installed from npm.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { createPartnerAdminLinkProvider, partnerAdminLinkProvider, PartnerAdminLinkInputs } from "../components/partnerAdminLink";
import { FakeAzure, VirtualClock } from "../test/kit/fakeAzure";
import { median } from "./stats";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const DELAYS_S = [0, 5, 20, 60];

async function main(): Promise<void> {
    const clock = new VirtualClock();
    const fake = await FakeAzure.start({ now: clock.now });
    const runtime = { clock: { sleep: clock.sleep, now: clock.now }, agent: fake.agent, warn: () => undefined };
    const provider = createPartnerAdminLinkProvider(runtime);
    const inputs = (app: { tenantId: string; clientId: string; clientSecret: string }, timeout = 300): PartnerAdminLinkInputs => ({
        partnerId: "1234567", onExistingLink: "adopt", propagationTimeoutSeconds: timeout,
        credential: { kind: "clientSecret", tenantId: app.tenantId, clientId: app.clientId, clientSecret: app.clientSecret },
        endpoints: { authorityHost: fake.url, resourceManager: fake.url },
    });

    /** One link; returns total seconds (virtual waits + real time) and token requests. */
    const link = async (delayS: number, fixedSleepS?: number) => {
        const app = fake.identity.addApp({ replicationDelayMs: delayS * 1000 });
        fake.clearLog();
        const v0 = clock.now(), r0 = performance.now();
        if (fixedSleepS !== undefined) await clock.sleep(fixedSleepS * 1000);
        let ok = true;
        try {
            await provider.create(inputs(app, fixedSleepS !== undefined ? 0 : 300));
        } catch {
            ok = false;
        }
        const realMs = performance.now() - r0;
        const virtualMs = clock.now() - v0;
        return { totalS: (virtualMs + realMs) / 1000, realMs, tokens: fake.count("POST", /\/oauth2\/v2\.0\/token$/), ok };
    };

    await link(0); // warm-up (module loading, first TLS handshake)
    console.log(`bench:link — ${RUNS} runs per row, median; waits on a virtual clock, HTTPS on 127.0.0.1\n`);
    console.log("D (s) | total (s) | token requests | target 1.25·D+2 (s) | within | sleep-60 total (s) | ratio vs sleep-60");
    console.log("------|-----------|----------------|---------------------|--------|--------------------|------------------");
    for (const D of DELAYS_S) {
        const ours = [], base = [];
        for (let i = 0; i < RUNS; i++) ours.push(await link(D));
        for (let i = 0; i < RUNS; i++) base.push(await link(D, 60));
        const t = median(ours.map((x) => x.totalS)), b = median(base.map((x) => x.totalS));
        const target = 1.25 * D + 2;
        const baseOk = base.every((x) => x.ok);
        console.log(`${String(D).padStart(5)} | ${t.toFixed(2).padStart(9)} | ${String(median(ours.map((x) => x.tokens))).padStart(14)} | ${target.toFixed(2).padStart(19)} | ${(t <= target && ours.every((x) => x.ok) ? "yes" : "NO").padStart(6)} | ${(baseOk ? b.toFixed(2) : "fails").padStart(18)} | ${(t / b).toFixed(2).padStart(17)}`);
    }

    const realD0 = [];
    for (let i = 0; i < RUNS; i++) realD0.push((await link(0)).realMs);
    console.log(`\nreal time of one create at D = 0 (token + read + PUT over HTTPS): median ${median(realD0).toFixed(1)} ms`);

    const app = fake.identity.addApp();
    fake.clearLog();
    const created = await provider.create(inputs(app));
    const createCalls = fake.callLines(/token$|partners/);
    fake.clearLog();
    await provider.read!(created.id, created.outs);
    const refreshCalls = fake.callLines(/token$|partners/);
    const summarize = (lines: string[]) => `${lines.filter((l) => l.endsWith("/token")).length} token + ${lines.filter((l) => l.startsWith("GET /providers")).length} read + ${lines.filter((l) => /^(PUT|PATCH|DELETE) /.test(l)).length} write`;
    console.log(`\ncalls per operation: create = ${summarize(createCalls)} (budget 1 + 1 + ≤1); refresh = ${summarize(refreshCalls)} (budget 1 + 1)`);
    console.log("  (plus one OpenID discovery GET per sign-in, made by MSAL)");
    await fake.close();

    const byValue = await pulumi.runtime.serializeFunction(() => partnerAdminLinkProvider, { allowSecrets: true });
    console.log(`\nserialized __provider, by value (this repository's program): ${Buffer.byteLength(byValue.text)} bytes (test/components/partnerAdminLink/mocks.test.ts guard 32768)`);
    console.log(`serialized __provider, installed from npm (node_modules):    ${installedProviderSize()} bytes (budget 16384, issue 3)`);
}

/** Builds the library into a throwaway node_modules and serializes the provider from there. */
function installedProviderSize(): string {
    const root = path.resolve(__dirname, "..");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pal-installed-"));
    try {
        const pkg = path.join(dir, "node_modules", "lighthouse-pec");
        execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json"), "--outDir", path.join(pkg, "bin")], { stdio: "ignore" });
        const { exports } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { exports: unknown };
        fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "lighthouse-pec", version: "0.0.0", exports }));
        for (const scope of ["@pulumi", "@azure"]) fs.symlinkSync(path.join(root, "node_modules", scope), path.join(dir, "node_modules", scope));
        fs.writeFileSync(path.join(dir, "measure.js"), `const pulumi = require("@pulumi/pulumi");
const { partnerAdminLinkProvider: p } = require(${JSON.stringify(path.join(pkg, "bin/components/partnerAdminLink/provider.js"))});
pulumi.runtime.serializeFunction(() => p, { allowSecrets: true }).then((sf) => console.log(Buffer.byteLength(sf.text)));`);
        return execFileSync(process.execPath, ["measure.js"], { cwd: dir, encoding: "utf8" }).trim();
    } catch (e) {
        return `not measured (${(e as Error).message.split("\n")[0]})`;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
