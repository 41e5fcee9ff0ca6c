// A mocha reporter for `npm run bench:tests`: mocha's dot reporter (dots, then the failures) that also writes how long
// each spec file took to the JSON file named by `--reporter-option out=<file>`. A file's time runs from the start of
// its first top-level suite to the end of its last one, hooks included; what runs outside any file (the root hooks of
// test/kit/rootHooks.ts: the build check, the shared package) is reported as `rootHooks`.
import * as fs from "node:fs";
import { MochaOptions, reporters, Runner, Suite, Test } from "mocha";
import type { FileTimes, TestTimes } from "./testTimes";

const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } =
    Runner.constants;

/** Mocha's dot reporter plus per-file times (see the file's head). */
class TestTimesReporter extends reporters.Dot {
    constructor(runner: Runner, options: MochaOptions) {
        super(runner, options);
        const out = (options.reporterOptions as Record<string, string> | undefined)?.out;
        if (!out) throw new Error("testTimesReporter: no output file. Fix: --reporter-option out=<file>");
        const loadedAt = Date.now();
        const byFile = new Map<string, FileTimes & { since?: number }>();
        const cwd = process.cwd();
        const entry = (file: string | undefined) => {
            const key = (file ?? "(no file)").replace(`${cwd}/`, "");
            let times = byFile.get(key);
            if (!times) byFile.set(key, (times = { file: key, ms: 0, passed: 0, failed: 0, pending: 0 }));
            return times;
        };
        let rootStarted = 0;
        let inFiles = 0;
        let rootHooksMs = 0;
        const topLevel = (suite: Suite) => !suite.root && suite.parent?.root === true;
        runner.on(EVENT_SUITE_BEGIN, (suite: Suite) => {
            if (suite.root) rootStarted = Date.now();
            else if (topLevel(suite)) {
                if (rootStarted) rootHooksMs += Date.now() - rootStarted;
                rootStarted = 0;
                inFiles++;
                entry(suite.file).since = Date.now();
            }
        });
        runner.on(EVENT_SUITE_END, (suite: Suite) => {
            if (suite.root && rootStarted) rootHooksMs += Date.now() - rootStarted;
            else if (topLevel(suite)) {
                const times = entry(suite.file);
                times.ms += Date.now() - (times.since ?? Date.now());
                if (--inFiles === 0) rootStarted = Date.now();
            }
        });
        const count = (key: "passed" | "failed" | "pending") => (test: Test) => {
            let file = test.file;
            for (let s = test.parent; !file && s; s = s.parent) file = s.file;
            entry(file)[key]++;
        };
        runner.on(EVENT_TEST_PASS, count("passed"));
        runner.on(EVENT_TEST_FAIL, count("failed"));
        runner.on(EVENT_TEST_PENDING, count("pending"));
        runner.once(EVENT_RUN_END, () => {
            const files = [...byFile.values()].map(({ since: _since, ...times }) => times);
            const result: TestTimes = { loadedAt, endedAt: Date.now(), rootHooksMs, files };
            fs.writeFileSync(out, JSON.stringify(result, null, 2));
        });
    }
}

export = TestTimesReporter;
