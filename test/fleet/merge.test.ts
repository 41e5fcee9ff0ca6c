import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { mergeSummaries, slowestStacks, SummaryInput } from "../../fleet/merge";
import { renderMergedMarkdown, renderMergedTable } from "../../fleet/mergeReport";
import type { StackResult } from "../../fleet/run";
import { FleetSummary, parseSummary, summaryOf } from "../../fleet/summaryFile";
import { runCli } from "../kit/cliHarness";

const ok = (stack: string, durationMs: number, create = 0): StackResult => ({
    stack,
    result: "succeeded",
    durationMs,
    changes: { create, update: 0, delete: 0, replace: 0, same: 2 },
});
const bad = (stack: string, durationMs: number, step: string, error: string): StackResult => ({
    stack,
    result: "failed",
    durationMs,
    step,
    error,
    detail: `error: ${error}`,
});

/** Three shards of 3: shard 2 has two failures (one with a name and message full of Markdown and HTML). */
function shards(): FleetSummary[] {
    return [
        summaryOf("up", [ok("customer-a", 1_000, 1), ok("customer-b", 61_000), ok("customer-c", 3_000)], {
            shard: { index: 1, count: 3 },
            durationMs: 65_000,
        }),
        summaryOf(
            "up",
            [
                bad("customer-d", 4_000, "stack select", "no stack named 'customer-d' found"),
                bad(
                    "customer-e|<b>x</b>",
                    5_000,
                    "up",
                    "azure-native:x (y): 403 | <script>alert(1)</script>\nsecond line",
                ),
                ok("customer-f", 6_000, 2),
            ],
            { shard: { index: 2, count: 3 }, durationMs: 12_000 },
        ),
        summaryOf("up", [ok("customer-g", 7_000), ok("customer-h", 8_000), ok("customer-i", 9_000)], {
            shard: { index: 3, count: 3 },
            durationMs: 25_000,
        }),
    ];
}

const inputs = (summaries: FleetSummary[]): SummaryInput[] =>
    summaries.map((summary, i) => ({ source: `--merge shard-${i + 1}.json`, summary }));

describe("lighthouse-pec fleet summary --merge", () => {
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "lhpec-merge-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, content: unknown): string => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
        return file;
    };

    it("totals, per-shard lines, failed stacks and the 10 slowest stacks", () => {
        const run = mergeSummaries(inputs(shards()));
        const { summary } = run;
        assert.deepEqual([summary.stacks.length, summary.succeeded, summary.failed], [9, 7, 2]);
        assert.deepEqual(summary.merged, { files: 3, shardCount: 3, missingShards: [] });
        assert.deepEqual(run.changes, { create: 3, update: 0, delete: 0, replace: 0, same: 14 });
        assert.equal(run.stackTimeMs, 104_000);
        assert.deepEqual(
            run.shards?.map((s) => [s.index, s.stacks, s.failed, s.durationMs]),
            [
                [1, 3, 0, 65_000],
                [2, 3, 2, 12_000],
                [3, 3, 0, 25_000],
            ],
        );
        assert.deepEqual(
            summary.stacks.map((s) => s.stack),
            [...summary.stacks.map((s) => s.stack)].sort(),
            "stacks sorted by name",
        );
        assert.deepEqual(
            summary.slowest?.slice(0, 3).map((s) => [s.stack, s.durationMs]),
            [
                ["customer-b", 61_000],
                ["customer-i", 9_000],
                ["customer-h", 8_000],
            ],
        );
        const many = Array.from({ length: 25 }, (_, i) => ok(`s${String(i).padStart(2, "0")}`, i % 5));
        const top = slowestStacks(many);
        assert.equal(top.length, 10);
        assert.deepEqual(
            top.slice(0, 6).map((s) => s.stack),
            ["s04", "s09", "s14", "s19", "s24", "s03"],
            "slowest first, ties by name",
        );
    });

    it("a missing shard is reported and is a failure of the merge (exit 1)", async () => {
        const [one, , three] = shards();
        const run = mergeSummaries(inputs([one, three]));
        assert.deepEqual(run.summary.merged?.missingShards, [2]);
        assert.match(renderMergedTable(run), /^missing: no summary from shard 2\/3: their stacks are not counted$/m);
        assert.match(renderMergedMarkdown(run), /^## ❌ fleet up: 6 stacks succeeded, but summaries are missing$/m);
        const cli = await runCli(["fleet", "summary", "--merge", write("s1.json", one), write("s3.json", three)]);
        assert.equal(cli.code, 1);
    });

    it("files that do not belong together are refused, naming both files (exit 2)", () => {
        const [one, two] = shards();
        const conflicts: [FleetSummary[], RegExp][] = [
            [[one, one], /--merge shard-2\.json: field "shard" is shard 1\/3, and so is --merge shard-1\.json/],
            [
                [one, { ...two, shard: { index: 2, count: 4 } }],
                /--merge shard-2\.json: field "shard" is shard 2\/4, but --merge shard-1\.json is shard 1\/3: different splits/,
            ],
            [
                [one, { ...two, operation: "preview" }],
                /--merge shard-2\.json: field "operation" is a summary of `fleet preview`, but --merge shard-1\.json is one of `fleet up`/,
            ],
            [
                [one, { ...two, shard: undefined, stacks: [ok("customer-a", 1)], succeeded: 1, failed: 0 }],
                /--merge shard-2\.json: field "stacks" names stack "customer-a", which --merge shard-1\.json names too/,
            ],
        ];
        for (const [summaries, message] of conflicts) {
            assert.throws(
                () => mergeSummaries(inputs(summaries)),
                (err: Error) => {
                    assert.match(err.message, message);
                    assert.match(err.message, /Merge the summaries of one run/);
                    return true;
                },
            );
        }
    });

    it("reads each file strictly: another shape or version is exit 2 naming the file and the field", async () => {
        const good = shards()[0];
        const cases: [string, unknown, RegExp][] = [
            ["table.txt", "STACK  RESULT\n", /--merge .*table\.txt.*: is not JSON/],
            ["array.json", [good], /is not a fleet summary \(a JSON object/],
            ["v0.json", { ...good, version: undefined }, /is not a fleet summary: it has no version/],
            [
                "v2.json",
                { ...good, version: 2 },
                /field "version" is a fleet summary of version 2; this lighthouse-pec reads version 1/,
            ],
            ["vx.json", { ...good, version: "1" }, /field "version" is not a known fleet summary version/],
            ["extra.json", { ...good, shards: 3 }, /has unknown keys \(shards\): not a fleet summary of version 1/],
            [
                "op.json",
                { ...good, operation: "destroy" },
                /field "operation" must be "preview" or "up" \(value "destroy"\)/,
            ],
            [
                "count.json",
                { ...good, succeeded: 2 },
                /field "succeeded\/failed" does not match its stacks \(3 succeeded, 0 failed\): the file was edited or cut short/,
            ],
            [
                "result.json",
                { ...good, stacks: [{ ...good.stacks[0], result: "ok" }, ...good.stacks.slice(1)] },
                /field "stacks\[0\]\.result" must be "succeeded" or "failed"/,
            ],
            [
                "duration.json",
                { ...good, stacks: [{ ...good.stacks[0], durationMs: -1 }, ...good.stacks.slice(1)] },
                /field "stacks\[0\]\.durationMs" must be a number of milliseconds ≥ 0/,
            ],
            [
                "changes.json",
                { ...good, stacks: [{ ...good.stacks[0], changes: { create: 1 } }, ...good.stacks.slice(1)] },
                /field "stacks\[0\]\.changes\.update" must be a whole number ≥ 0/,
            ],
            [
                "twice.json",
                { ...good, stacks: [good.stacks[0], good.stacks[0], good.stacks[1]] },
                /field "stacks\[1\]\.stack" names a stack twice/,
            ],
            ["shard.json", { ...good, shard: { index: 4, count: 3 } }, /field "shard" must have 1 ≤ index ≤ count/],
        ];
        for (const [name, content, message] of cases) {
            const file = write(name, content);
            const cli = await runCli(["fleet", "summary", "--merge", write("fine.json", shards()[1]), file]);
            assert.equal(cli.code, 2, `${name}: ${cli.stderr}`);
            assert.equal(cli.stdout, "", `${name}: nothing merged`);
            assert.ok(cli.stderr.startsWith(`fleet summary: --merge ${file}`), `${name} names the file: ${cli.stderr}`);
            assert.match(cli.stderr, message, name);
            assert.match(cli.stderr, /Give the JSON that `lighthouse-pec fleet preview\|up --format json`/);
        }
        const cli = await runCli(["fleet", "summary", "--merge", path.join(dir, "absent.json")]);
        assert.equal(cli.code, 2);
        assert.match(cli.stderr, /--merge .*absent\.json.*: cannot read the file \(ENOENT\)/);
        const none = await runCli(["fleet", "summary"]);
        assert.equal(none.code, 2);
        assert.match(none.stderr, /required option '--merge <files\.\.\.>' not specified/);
    });

    it("markdown for $GITHUB_STEP_SUMMARY: stack names and messages cannot break the table or inject HTML", async () => {
        const files = shards().map((s, i) => write(`md-${i + 1}.json`, s));
        const cli = await runCli(["fleet", "summary", "--merge", ...files, "--format", "markdown"]);
        assert.equal(cli.code, 1, "two stacks failed");
        const md = cli.stdout;
        assert.match(md, /^## ❌ fleet up: 2 of 9 stacks failed\n/);
        assert.match(md, /\| 9 \| 7 \| 2 \| \+3 ~0 -0 ±0 \| 1m 44s \| 3 \|/);
        assert.match(
            md,
            /### Shards\n\n\| shard \| stacks \| failed \| duration \|\n\| --- \| ---: \| ---: \| ---: \|\n\| 1\/3 \| 3 \| 0 \| 1m 05s \|/,
        );
        assert.match(md, /\| customer-d \| stack select \| no stack named 'customer-d' found \|/);
        assert.match(
            md,
            /\| customer-e\\\|&lt;b&gt;x&lt;\/b&gt; \| up \| azure-native\\:x \(y\)\\: 403 \\\| &lt;script&gt;alert\(1\)&lt;\/script&gt; second line \|/,
        );
        assert.doesNotMatch(md, /<script>|<b>/, "no HTML from the data");
        for (const line of md.split("\n").filter((l) => l.startsWith("| customer-e"))) {
            assert.equal(line.split(/(?<!\\)\|/).length - 2, 3, "three cells: the escaped pipes do not split the row");
        }
        assert.match(
            md,
            /### Slowest stacks\n\n\| stack \| duration \| result \|\n\| --- \| ---: \| --- \|\n\| customer-b \| 1m 01s \| succeeded \|/,
        );
    });

    it("table by default; json is a summary again, which --retry-failed and another merge read", async () => {
        const files = shards().map((s, i) => write(`t-${i + 1}.json`, s));
        const table = await runCli(["fleet", "summary", "--merge", ...files]);
        assert.equal(table.code, 1);
        assert.match(table.stdout, /^fleet up, 3 summaries merged: 9 stacks, 7 succeeded, 2 failed\n/);
        assert.match(
            table.stdout,
            /\nFAILED STACK\s+STEP\s+ERROR\ncustomer-d\s+stack select\s+no stack named 'customer-d' found\n/,
        );
        assert.match(
            table.stdout,
            /customer-e\|<b>x<\/b>\s+up\s+azure-native:x \(y\): 403 \| <script>alert\(1\)<\/script>\\nsecond line/,
        );
        const json = await runCli(["fleet", "summary", "--merge", ...files, "--format", "json"]);
        const merged = parseSummary(json.stdout, "merged");
        assert.deepEqual([merged.succeeded, merged.failed, merged.merged?.files], [7, 2, 3]);
        assert.equal(merged.slowest?.[0].stack, "customer-b");
        const again = await runCli([
            "fleet",
            "summary",
            "--merge",
            write("merged.json", json.stdout),
            "--format",
            "json",
        ]);
        assert.equal(again.code, 1);
        assert.deepEqual(parseSummary(again.stdout, "again").stacks, merged.stacks, "merging a merge changes nothing");
        const clean = await runCli(["fleet", "summary", "--merge", files[0], files[2], "--format", "markdown"]);
        assert.equal(clean.code, 1, "shard 2 is missing");
        const all = summaryOf("preview", [ok("customer-a", 10)]);
        const green = await runCli(["fleet", "summary", "--merge", write("green.json", all), "--format", "markdown"]);
        assert.equal(green.code, 0);
        assert.match(green.stdout, /^## ✅ fleet preview: 1 stacks succeeded\n/);
    });
});
