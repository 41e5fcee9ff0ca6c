import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FakeAzure, VirtualClock } from "../../kit/fakeAzure";
import {
    ActivityLogState,
    addActivityLogRoutes,
    delegationEvent,
    delegationEventPair,
} from "../../kit/fakeAzure/activityLog";
import { LighthouseState } from "../../kit/fakeAzure/lighthouse";
import { runCliAgainst, startLighthouseFake } from "../../kit/doctorFixture";
import { runCli } from "../../kit/cliHarness";
import { clientSecretArgs } from "../../kit/cliAuth";
import type { WatchReport } from "../../../pec/watch/model";

// `lighthouse-pec watch` through the CLI against the fake Azure (HTTPS on loopback): the documented delegation
// events of the tenant activity log (paged over several nextLinks), a failed registration, a removal, a change the
// log alone cannot judge, and what each expected delegation grants now.

const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const MANAGING = "aaaaaaaa-0000-4000-8000-0000000000a1";
const CUSTOMER = "cccccccc-0000-4000-8000-0000000000c2";
const OTHER_CUSTOMER = "dddddddd-0000-4000-8000-0000000000d3";
const sub = (n: number) => `5ab00000-0000-4000-8000-00000000000${n}`;
const NOW = Date.parse("2026-11-03T06:00:00Z");

describe("lighthouse-pec watch against the fake Azure (HTTPS on loopback)", function () {
    this.timeout(30_000);
    let fake: FakeAzure;
    let lh: LighthouseState;
    let log: ActivityLogState;
    let clock: VirtualClock;
    let app: ReturnType<FakeAzure["identity"]["addApp"]>;
    let tmp: string;
    let expectFile: string;
    const names: Record<string, string> = {};

    before(async () => {
        ({ fake, lh, clock } = await startLighthouseFake(NOW));
        log = addActivityLogRoutes(fake);
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "watch-test-"));
        app = fake.identity.addApp({ tenantId: MANAGING });
        const offer = { offerName: "Contoso managed services", managedByTenantId: MANAGING };
        for (const n of [1, 2, 3, 4])
            lh.addSubscription({ subscriptionId: sub(n), displayName: `S${n}`, tenantId: CUSTOMER });
        names[sub(1)] = lh.delegate({
            ...offer,
            subscriptionId: sub(1),
            authorizations: [{ principalId: app.objectId, roleDefinitionId: CONTRIBUTOR }],
        }).name;
        // Changed by the customer: the automation account keeps only Reader (logged as an addition).
        names[sub(2)] = lh.delegate({
            ...offer,
            subscriptionId: sub(2),
            authorizations: [{ principalId: app.objectId, roleDefinitionId: READER }],
        }).name;
        // Removed by the customer: the stack's assignment ID is in the outputs, the fake has no delegation left.
        names[sub(3)] = "33333333-3333-4333-8333-333333333333";
        // A resource-group delegation: not listed at subscription scope, read by its ID.
        names[sub(4)] = lh.delegate({
            ...offer,
            subscriptionId: sub(4),
            resourceGroup: "rg-app",
            authorizations: [{ principalId: app.objectId, roleDefinitionId: CONTRIBUTOR }],
        }).name;
        const assignment = (n: number, rg?: string) =>
            `/subscriptions/${sub(n)}${rg ? `/resourceGroups/${rg}` : ""}/providers/Microsoft.ManagedServices/registrationAssignments/${names[sub(n)]}`;
        expectFile = path.join(tmp, "stacks.json");
        // Two stacks' `pulumi stack output --json`, as JSON Lines: a list stack and a legacy one.
        fs.writeFileSync(
            expectFile,
            [
                JSON.stringify({
                    pecPrincipalIds: [app.objectId],
                    subscriptions: [1, 2, 3].map((n) => ({
                        subscriptionId: sub(n),
                        registrationDefinitionId: `/subscriptions/${sub(n)}/providers/Microsoft.ManagedServices/registrationDefinitions/${names[sub(n)]}`,
                        assignmentIds: [assignment(n)],
                    })),
                }),
                JSON.stringify({
                    subscriptionId: sub(4),
                    assignmentIds: [assignment(4, "rg-app")],
                    pecPrincipalIds: [app.objectId],
                }),
            ].join("\n"),
        );
        const common = { managingTenantId: MANAGING, customerTenantId: CUSTOMER };
        log.add(
            ...delegationEventPair({
                ...common,
                operation: "unregister",
                subscriptionId: sub(3),
                eventTimestamp: "2026-11-02T10:15:00.1234567Z",
                caller: "admin@contoso.example",
            }),
            ...delegationEventPair({
                ...common,
                operation: "register",
                subscriptionId: sub(2),
                eventTimestamp: "2026-11-02T09:00:00Z",
            }),
            delegationEvent({
                ...common,
                customerTenantId: OTHER_CUSTOMER,
                operation: "register",
                status: "Failed",
                subscriptionId: sub(7),
                eventTimestamp: "2026-11-02T08:00:00Z",
            }),
            // Not delegation events: another operation, and the list's own noise.
            {
                ...delegationEvent({
                    ...common,
                    operation: "register",
                    subscriptionId: sub(1),
                    eventTimestamp: "2026-11-02T07:00:00Z",
                }),
                operationName: { value: "Microsoft.Resources/deployments/write" },
            },
            // Before the window: the fake leaves it out, as Azure does.
            delegationEvent({
                ...common,
                operation: "unregister",
                subscriptionId: sub(1),
                eventTimestamp: "2026-10-20T07:00:00Z",
            }),
        );
    });
    after(async () => {
        await fake?.close();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });
    beforeEach(() => {
        fake.clearLog();
        log.filters.length = 0;
        log.readers = "anyone";
        log.emptyFirstPage = false;
        log.rewriteNext = undefined;
    });

    const watch = (args: string[], who = app, extraEnv: NodeJS.ProcessEnv = {}) =>
        runCliAgainst({ fake, clock }, "watch", who, args, "WATCH_TEST_SECRET", extraEnv);
    const noSecret = (out: { stdout: string; stderr: string }) => {
        assert.ok(
            !out.stdout.includes(app.clientSecret) && !out.stderr.includes(app.clientSecret),
            "the secret is never printed",
        );
        assert.doesNotMatch(out.stderr, /\n\s+at /, "no stack trace");
    };

    it("reads every page of the log, reports the removal and the change at risk, the failed registration not; exits 1", async () => {
        const out = await watch(["--since", "2d", "--expect", expectFile, "--format", "json"]);
        noSecret(out);
        assert.equal(out.stderr, "");
        assert.equal(out.code, 1);
        const r = JSON.parse(out.stdout) as WatchReport;
        assert.deepEqual(log.filters[0], "eventTimestamp ge '2026-11-01T06:00:00Z'");
        // 6 events in the window at 2 a page: 3 pages, each nextLink followed with the same filter.
        assert.equal(fake.count("GET", /eventtypes\/management\/values$/i), 3);
        assert.equal(new Set(log.filters).size, 1);
        assert.deepEqual(r.activityLog, {
            since: "2026-11-01T06:00:00Z",
            until: "2026-11-03T06:00:00Z",
            events: 3,
            alreadyReported: 0,
        });
        assert.deepEqual(
            r.changes.map((c) => [
                c.eventTimestamp,
                c.change,
                c.status,
                c.subscriptionId,
                c.customerTenantId,
                c.atRisk,
            ]),
            [
                ["2026-11-02T08:00:00.000Z", "added-or-changed", "failed", sub(7), OTHER_CUSTOMER, false],
                ["2026-11-02T09:00:00.000Z", "added-or-changed", "succeeded", sub(2), CUSTOMER, true],
                ["2026-11-02T10:15:00.123Z", "removed", "succeeded", sub(3), CUSTOMER, true],
            ],
        );
        const removal = r.changes[2];
        assert.equal(removal.caller, "admin@contoso.example");
        assert.equal(removal.delegatedResourceId, `/subscriptions/${sub(3)}`);
        assert.match(
            removal.pecEffect,
            /removed on 2026-11-02 10:15 UTC: from then on the partner-linked identity has no Lighthouse access/,
        );
        assert.match(removal.fix, new RegExp(`delegate this subscription to tenant ${MANAGING} again`));
        assert.equal(r.changes[0].expected, false, "the failed registration is not one of the stacks'");
        assert.match(r.changes[0].pecEffect, /failed on 2026-11-02 08:00 UTC/);
        assert.match(r.changes[1].pecEffect, /the check finds "not-pec-eligible-role" now/);
        assert.deepEqual(Object.fromEntries(r.delegations.map((d) => [d.subscriptionId, d.verdict])), {
            [sub(1)]: "ok",
            [sub(2)]: "not-pec-eligible-role",
            [sub(3)]: "unreachable",
            [sub(4)]: "ok",
        });
        const gone = r.delegations.find((d) => d.subscriptionId === sub(3))!;
        assert.match(
            gone.detail,
            /The activity log shows the customer removed the delegation on 2026-11-02 10:15 UTC\./,
        );
        assert.deepEqual(gone.lastChange, {
            change: "removed",
            status: "succeeded",
            eventTimestamp: "2026-11-02T10:15:00.123Z",
        });
        assert.deepEqual(r.delegations.find((d) => d.subscriptionId === sub(4))!.roles, ["Contributor (permanent)"]);
        assert.deepEqual(r.summary, { changes: 3, delegations: 4, atRisk: 4, newAtRisk: 4 });
        // Each expected assignment was read by its ID, its definition expanded.
        const reads = fake.calls("GET", /registrationAssignments\/[^/]+$/);
        assert.equal(reads.length, 4);
        assert.ok(
            reads.every(
                (q) => q.query.$expandRegistrationDefinition === "true" && q.query["api-version"] === "2022-10-01",
            ),
        );
        assert.ok(reads.some((q) => q.path.includes("/resourceGroups/rg-app/")));
    });

    it("follows an empty first page that only points to the next one (Microsoft's sample script's comment)", async () => {
        log.emptyFirstPage = true;
        const out = await watch(["--since", "2d", "--format", "json"]);
        assert.equal(out.code, 1);
        const r = JSON.parse(out.stdout) as WatchReport;
        assert.equal(r.activityLog?.events, 3);
        assert.equal(fake.count("GET", /eventtypes\/management\/values$/i), 4);
    });

    it("without --expect: a change is reported, but the log alone cannot judge it; only the removal is at risk", async () => {
        const out = await watch(["--since", "2d", "--format", "json"]);
        const r = JSON.parse(out.stdout) as WatchReport;
        assert.equal(out.code, 1);
        assert.deepEqual(
            r.changes.map((c) => [c.subscriptionId, c.atRisk, c.expected]),
            [
                [sub(7), false, null],
                [sub(2), false, null],
                [sub(3), true, null],
            ],
        );
        assert.match(r.changes[1].pecEffect, /the log alone cannot tell/);
        assert.match(r.changes[1].fix, /--expect/);
        assert.deepEqual(r.delegations, []);
    });

    it("--state: a scheduled run reports each change once; a new removal fails the next run again", async () => {
        const state = path.join(tmp, "state.json");
        const first = await watch(["--since", "2d", "--expect", expectFile, "--state", state, "--format", "json"]);
        assert.equal(first.code, 1);
        const saved = JSON.parse(fs.readFileSync(state, "utf8")) as {
            version: number;
            readUntil: string;
            reported: Record<string, string>;
        };
        assert.equal(saved.version, 1);
        assert.equal(saved.readUntil, "2026-11-03T06:00:00Z");
        assert.equal(Object.keys(saved.reported).length, 3);

        clock.advance(24 * 60 * 60 * 1000);
        const second = await watch(["--expect", expectFile, "--state", state, "--format", "json"]);
        const r2 = JSON.parse(second.stdout) as WatchReport;
        assert.equal(second.code, 0, second.stdout);
        // The window starts where the last one ended, an hour earlier for late events.
        assert.equal(r2.activityLog?.since, "2026-11-03T05:00:00Z");
        assert.deepEqual(r2.changes, []);
        assert.equal(r2.summary.atRisk, 2, "still at risk");
        assert.equal(r2.summary.newAtRisk, 0, "but reported before");
        assert.ok(r2.delegations.filter((d) => d.atRisk).every((d) => !d.new && d.since === "2026-11-03T06:00:00Z"));

        lh.undelegate(names[sub(1)]);
        log.add(
            delegationEvent({
                managingTenantId: MANAGING,
                customerTenantId: CUSTOMER,
                operation: "unregister",
                subscriptionId: sub(1),
                eventTimestamp: "2026-11-04T05:30:00Z",
            }),
        );
        const third = await watch(["--expect", expectFile, "--state", state, "--format", "markdown"]);
        assert.equal(third.code, 1);
        assert.match(third.stdout, /^## ❌ Lighthouse delegation watch: 2 new finding\(s\) put PEC at risk/);
        assert.equal((third.stdout.match(/^\| 2026-/gm) ?? []).length, 1, "only the new change is listed");
        assert.match(third.stdout, new RegExp(`\\| \`${sub(1)}\` \\| \`unreachable\` .*at risk \\(new\\)`));
        clock.advance(-24 * 60 * 60 * 1000);
        lh.delegate({
            offerName: "Contoso managed services",
            managedByTenantId: MANAGING,
            subscriptionId: sub(1),
            authorizations: [{ principalId: app.objectId, roleDefinitionId: CONTRIBUTOR }],
            name: names[sub(1)],
        });
        log.events.pop();
    });

    it("--out writes Markdown and JSON from one read; the state file is written after them", async () => {
        const md = path.join(tmp, "watch.md");
        const json = path.join(tmp, "watch.json");
        const state = path.join(tmp, "out-state.json");
        const out = await watch([
            "--since",
            "2d",
            "--expect",
            expectFile,
            "--out",
            md,
            "--out",
            json,
            "--state",
            state,
        ]);
        assert.equal(out.code, 1);
        assert.equal(out.stdout, "");
        assert.match(out.stderr, /wrote .*watch\.md\nwrote .*watch\.json\n/);
        assert.match(fs.readFileSync(md, "utf8"), /^## ❌ Lighthouse delegation watch/);
        assert.equal((JSON.parse(fs.readFileSync(json, "utf8")) as WatchReport).summary.newAtRisk, 4);
        assert.ok(fs.existsSync(state));
        // Again without --force: the reports exist, nothing is written, and the state file is left as it was.
        const before = fs.readFileSync(state, "utf8");
        const again = await watch(["--expect", expectFile, "--out", md, "--state", state]);
        assert.equal(again.code, 2);
        assert.match(again.stderr, /--out .*watch\.md.*already exists; nothing was written\. Pass --force/);
        assert.equal(fs.readFileSync(state, "utf8"), before);
    });

    it("a 403 on the log names the role to grant and how, then exits 2", async () => {
        log.readers = new Set();
        const out = await watch(["--since", "2d"]);
        noSecret(out);
        assert.equal(out.code, 2);
        assert.match(
            out.stderr,
            /^lighthouse-pec watch: Reading the tenant activity log answered 403 AuthorizationFailed/,
        );
        assert.match(
            out.stderr,
            new RegExp(
                `needs the Monitoring Reader role at root scope \\(/\\).*az role assignment create --assignee ${app.objectId} --role "Monitoring Reader" --scope "/"`,
            ),
        );
        assert.match(out.stderr, /--no-activity-log/);
    });

    it("--no-activity-log checks the delegations only (for an identity without Monitoring Reader)", async () => {
        log.readers = new Set();
        const out = await watch(["--no-activity-log", "--expect", expectFile, "--format", "json"]);
        assert.equal(out.code, 1);
        const r = JSON.parse(out.stdout) as WatchReport;
        assert.equal(r.activityLog, null);
        assert.equal(fake.count("GET", /eventtypes/i), 0);
        assert.equal(r.delegations.length, 4);
    });

    it("--log-client-id: a dedicated log reader (Monitoring Reader at root, no customer access) reads the log, the partner-linked identity the delegations", async () => {
        const reader = fake.identity.addApp({ tenantId: MANAGING });
        log.readers = new Set([reader.objectId.toLowerCase()]);
        const args = [
            "--since",
            "2d",
            "--expect",
            expectFile,
            "--format",
            "json",
            "--log-client-id",
            reader.clientId,
            "--log-client-secret-env",
            "LOG_SECRET",
        ];
        const out = await watch(args, app, { LOG_SECRET: reader.clientSecret });
        noSecret(out);
        assert.ok(!out.stdout.includes(reader.clientSecret) && !out.stderr.includes(reader.clientSecret));
        assert.equal(out.code, 1, out.stderr);
        const r = JSON.parse(out.stdout) as WatchReport;
        assert.equal(r.activityLog?.events, 3);
        assert.deepEqual(r.principalIds, [app.objectId], "the roles judged are the partner-linked identity's");
        assert.ok(fake.calls("GET", /eventtypes/i).every((q) => q.caller?.objectId === reader.objectId));
        assert.ok(fake.calls("GET", /registrationAssignments/).every((q) => q.caller?.objectId === app.objectId));

        const missing = await watch(args);
        assert.equal(missing.code, 2);
        assert.match(
            missing.stderr,
            /--log-client-id with --auth client-secret needs the log reader's secret in the environment variable LOG_SECRET/,
        );
        const cli = await runCli(["watch", "--auth", "azure-cli", "--log-client-id", reader.clientId], {
            deps: { agent: fake.agent, clock },
        });
        assert.equal(cli.code, 2);
        assert.match(cli.stderr, /--log-client-id needs --auth client-secret or --auth default/);
    });

    it("secrets are redacted even when Entra ID or Azure echoes them back", async () => {
        const echo = fake.route("POST", /\/oauth2\/v2\.0\/token$/, ({ body }) => ({
            status: 401,
            body: {
                error: "invalid_client",
                error_description: `AADSTS7000215: Invalid client secret provided: ${new URLSearchParams(body).get("client_secret")}`,
                error_codes: [7000215],
            },
        }));
        try {
            const out = await watch(["--since", "2d"]);
            assert.equal(out.code, 2);
            assert.match(out.stderr, /AADSTS7000215.*Invalid client secret provided: \*\*\*/);
            noSecret(out);
        } finally {
            echo();
        }
        const reader = fake.identity.addApp({ tenantId: MANAGING });
        fake.injectFault({
            method: "GET",
            path: /eventtypes\/management\/values$/i,
            fault: {
                kind: "status",
                status: 400,
                body: fake.armError(
                    "BadRequest",
                    `Rejected request of ${reader.clientSecret} and ${app.clientSecret}.`,
                ),
            },
        });
        try {
            const out = await runCli(
                [
                    "watch",
                    "--since",
                    "2d",
                    "--log-client-id",
                    reader.clientId,
                    ...clientSecretArgs(app, "WATCH_TEST_SECRET", fake.url, fake.url),
                ],
                {
                    env: { WATCH_TEST_SECRET: app.clientSecret, AZURE_LOG_CLIENT_SECRET: reader.clientSecret },
                    deps: { agent: fake.agent, clock },
                },
            );
            assert.equal(out.code, 2);
            assert.match(out.stderr, /answered 400 BadRequest: Rejected request of \*\*\* and \*\*\*/);
            noSecret(out);
            assert.ok(!out.stderr.includes(reader.clientSecret));
            assert.equal(fake.pendingFaults(), 0, "the echoing answer was served");
        } finally {
            fake.clearLog();
        }
    });

    it("a throttled page is retried after Retry-After (the fault was served), and the run completes", async () => {
        fake.injectFault({
            method: "GET",
            path: /eventtypes\/management\/values$/i,
            times: 2,
            fault: { kind: "status", status: 429, retryAfterSeconds: 3 },
        });
        const out = await watch(["--since", "2d", "--format", "json"]);
        assert.equal(fake.pendingFaults(), 0, "both 429s were served");
        assert.equal(out.code, 1);
        assert.equal((JSON.parse(out.stdout) as WatchReport).activityLog?.events, 3);
        assert.equal(fake.calls("GET", /eventtypes/i).filter((r) => r.fault === "429").length, 2);
    });

    it("a log host that accepts and never answers fails after bounded retries, naming the host (--timeout)", async () => {
        fake.injectFault({
            method: "GET",
            path: /eventtypes\/management\/values$/i,
            times: 20,
            fault: { kind: "stall" },
        });
        const out = await watch(["--since", "2d", "--timeout", "0.2"]);
        assert.equal(out.code, 2);
        assert.match(
            out.stderr,
            /Could not reach Azure Resource Manager at https:\/\/127\.0\.0\.1:\d+ \(127\.0\.0\.1:\d+: no answer in 0\.2 s \(\d+ tries\)\)/,
        );
        // How many tries fit in the operation's deadline depends on the machine's load (a TLS handshake can take
        // most of 0.2 s on a busy 2-core machine): at least one was served, and never more than the retry bound.
        const stalled = fake.calls("GET", /eventtypes/i).filter((r) => r.fault === "stall").length;
        assert.ok(
            stalled >= 1 && stalled <= 6,
            `the stall was served and retried a bounded number of times (${stalled})`,
        );
        fake.clearLog();
    });

    it("a nextLink to another origin is refused: the token is not sent there", async () => {
        log.rewriteNext = (next) => next.replace(/^https:\/\/127\.0\.0\.1:\d+/, "https://evil.example");
        const out = await watch(["--since", "2d"]);
        assert.equal(out.code, 2);
        assert.match(
            out.stderr,
            /nextLink points to https:\/\/evil\.example, not https:\/\/127\.0\.0\.1:\d+; refusing to send the token there/,
        );
        assert.equal(fake.count("GET", /eventtypes/i), 1);
    });

    it("a nextLink that repeats a page stops the read instead of looping", async () => {
        log.rewriteNext = (next) =>
            next.replace(/(%24|\$)skipToken=\d+/, "$1skipToken=2").replace(/page=\d+/, "page=1");
        const out = await watch(["--since", "2d"]);
        assert.equal(out.code, 2);
        assert.match(out.stderr, /a nextLink repeated an earlier page; stopped/);
        assert.ok(fake.count("GET", /eventtypes/i) <= 3);
    });

    it("bad input is refused before anything is sent: --since too old, a broken state file, nothing to do", async () => {
        const cases: [string[], RegExp][] = [
            [
                ["--since", "120d"],
                /--since: is more than 90 days ago, and the activity log keeps 90 days \(value "120d"\)\. Use --since 90d or a date from 2026-08-05 on/,
            ],
            [
                ["--since", "2026-11-01T06:00"],
                /--since: is neither a duration nor a date \(value "2026-11-01T06:00"\)\. Give one; a date-time needs its time zone: add Z for UTC/,
            ],
            [["--no-activity-log"], /--no-activity-log leaves nothing to do without --expect/],
            [["--automation-principal-id", "not-a-guid"], /--automation-principal-id "not-a-guid" is not an object ID/],
        ];
        const broken = path.join(tmp, "broken-state.json");
        fs.writeFileSync(
            broken,
            JSON.stringify({
                kind: "lighthouse-pec/watch-state",
                version: 1,
                managingTenantId: MANAGING,
                readUntil: "yesterday",
                reported: {},
                delegations: {},
            }),
        );
        cases.push([
            ["--state", broken],
            /--state .*broken-state\.json.*: field "readUntil" has a readUntil that is not an ISO 8601 UTC time \(value "yesterday"\)\. Delete the file to start afresh/,
        ]);
        const newer = path.join(tmp, "newer-state.json");
        fs.writeFileSync(newer, JSON.stringify({ kind: "lighthouse-pec/watch-state", version: 7 }));
        cases.push([["--state", newer], /field "version" was written by a newer lighthouse-pec \(value "7"\)/]);
        for (const [args, message] of cases) {
            fake.clearLog();
            const out = await watch(args);
            assert.equal(out.code, 2, args.join(" "));
            assert.match(out.stderr, message);
            assert.equal(fake.count(), 0, `nothing was sent for ${args.join(" ")}`);
        }
    });

    it("a state file of another managing tenant is refused once the run knows its tenant", async () => {
        const other = path.join(tmp, "other-tenant-state.json");
        fs.writeFileSync(
            other,
            JSON.stringify({
                kind: "lighthouse-pec/watch-state",
                version: 1,
                managingTenantId: OTHER_CUSTOMER,
                readUntil: null,
                reported: {},
                delegations: {},
            }),
        );
        const out = await watch(["--state", other]);
        assert.equal(out.code, 2);
        assert.match(
            out.stderr,
            new RegExp(
                `belongs to tenant ${OTHER_CUSTOMER}, not to tenant ${MANAGING} this run signed in to\\. Give each managing tenant its own --state file`,
            ),
        );
        assert.equal(fake.count("GET", /eventtypes/i), 0);
    });
});
