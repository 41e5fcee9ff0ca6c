// Required by `npm run bench:tests` (`--require`): each spec file's own time, measured in the process that runs it.
// Mocha runs the spec files in parallel worker processes (.mocharc.json `parallel`), where the root hooks run before
// and after each file, and sends the main process a file's events only once it has finished: the reporter there
// (bench/testTimesReporter.ts) sees when a file ended, not how long it took. Each record (bench/testTimes.ts
// `FileSpan`) is one JSON line appended to the file named by LIGHTHOUSE_PEC_FILE_TIMES (one short write: lines from
// several workers do not interleave). Plain JavaScript: mocha loads a `--require` given on its command line before
// the ones of .mocharc.json, so before anything can compile TypeScript.
"use strict";
const fs = require("node:fs");

const OUT = process.env.LIGHTHOUSE_PEC_FILE_TIMES;
let startedAt = 0;

/** The root hook plugin mocha reads from a required module. */
exports.mochaHooks = {
    beforeAll() {
        startedAt = Date.now();
    },
    /** @this {import("mocha").Context} */
    afterAll() {
        const files = [
            ...new Set(((this.test && this.test.parent && this.test.parent.suites) || []).map((s) => s.file)),
        ];
        // Run serially (`--no-parallel`), the root hooks wrap the whole run: the reporter times the files then.
        if (!OUT || files.length !== 1 || !files[0]) return;
        const span = { file: files[0], pid: process.pid, startedAt, endedAt: Date.now() };
        fs.appendFileSync(OUT, `${JSON.stringify(span)}\n`);
    },
};
