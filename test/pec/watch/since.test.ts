import * as assert from "node:assert/strict";
import { InputError } from "../../../core/errors";
import { durationMs, filterTime, parseSince, windowStart } from "../../../pec/watch/since";

const NOW = Date.parse("2026-11-03T06:00:00Z");
const DAY = 24 * 60 * 60 * 1000;

describe("watch: --since and the window", () => {
    it("reads durations (short and ISO 8601) and dates", () => {
        const at = (v: string) => filterTime(parseSince(v, NOW));
        assert.equal(at("7d"), "2026-10-27T06:00:00Z");
        assert.equal(at("24h"), "2026-11-02T06:00:00Z");
        assert.equal(at("90m"), "2026-11-03T04:30:00Z");
        assert.equal(at("P7D"), "2026-10-27T06:00:00Z");
        assert.equal(at("PT12H"), "2026-11-02T18:00:00Z");
        assert.equal(at("P1DT12H"), "2026-11-01T18:00:00Z");
        assert.equal(at("P2W"), "2026-10-20T06:00:00Z");
        assert.equal(at("2026-11-01"), "2026-11-01T00:00:00Z");
        assert.equal(at("2026-11-01T06:00:00+02:00"), "2026-11-01T04:00:00Z");
        assert.equal(at("90d"), "2026-08-05T06:00:00Z", "exactly the retention is allowed");
        assert.equal(durationMs("P"), undefined);
        assert.equal(durationMs("PT"), undefined);
    });

    it("refuses what cannot be read, with the flag, the value and the fix", () => {
        const cases: [string, RegExp][] = [
            [
                "91d",
                /^--since: is more than 90 days ago, and the activity log keeps 90 days \(value "91d"\)\. Use --since 90d or a date from 2026-08-05 on$/,
            ],
            ["2026-01-01", /more than 90 days ago/],
            ["2026-12-01", /is in the future \(now is 2026-11-03T06:00:00Z\)/],
            ["0h", /is an empty window/],
            ["2026-02-30", /is neither a duration nor a date/],
            ["2026-11-01T06:00:00", /a date-time needs its time zone: add Z for UTC/],
            ["last week", /is neither a duration nor a date \(value "last week"\)\. Give one \(e\.g\. 7d/],
        ];
        for (const [value, message] of cases) {
            assert.throws(
                () => parseSince(value, NOW),
                (e: unknown) => e instanceof InputError && message.test(e.message),
                value,
            );
        }
    });

    it("without --since: the last day; after a run, where it ended less an hour; never past the retention", () => {
        assert.deepEqual(windowStart(undefined, null, NOW), { start: NOW - DAY, warning: null });
        assert.deepEqual(windowStart(undefined, NOW - DAY, NOW), { start: NOW - DAY - 60 * 60 * 1000, warning: null });
        assert.deepEqual(windowStart("2d", NOW - DAY, NOW), { start: NOW - 2 * DAY, warning: null }, "--since wins");
        const old = windowStart(undefined, NOW - 120 * DAY, NOW);
        assert.equal(old.start, NOW - 90 * DAY);
        assert.match(
            old.warning ?? "",
            /more than 90 days ago; changes before 2026-08-05T06:00:00Z are no longer in the log/,
        );
        assert.equal(
            windowStart(undefined, NOW + DAY, NOW).start,
            NOW - 60 * 60 * 1000,
            "a state from the future is not trusted",
        );
    });
});
