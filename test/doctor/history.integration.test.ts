import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FakeAzure, VirtualClock } from "../kit/fakeAzure";
import { ActivityLogState, addActivityLogRoutes, delegationEventPair } from "../kit/fakeAzure/activityLog";
import { LighthouseState } from "../kit/fakeAzure/lighthouse";
import { runCliAgainst, startLighthouseFake } from "../kit/doctorFixture";
import type { DoctorReport } from "../../doctor/model";

// doctor uses watch's facts: when a subscription has a problem, the tenant activity log says when its delegation
// changed ("the customer removed the delegation on …"); an identity that cannot read the log gets a note, not an error.

const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const MANAGING = "aaaaaaaa-0000-4000-8000-0000000000b1";
const CUSTOMER = "cccccccc-0000-4000-8000-0000000000b2";
const sub = (n: number) => `5ab00000-0000-4000-8000-0000000000b${n}`;

describe("doctor says when a delegation changed (the tenant activity log, as watch reads it)", function () {
    this.timeout(30_000);
    let fake: FakeAzure;
    let lh: LighthouseState;
    let log: ActivityLogState;
    let clock: VirtualClock;
    let app: ReturnType<FakeAzure["identity"]["addApp"]>;
    let tmp: string;
    let expectFile: string;

    before(async () => {
        ({ fake, lh, clock } = await startLighthouseFake(Date.parse("2026-11-03T06:00:00Z")));
        log = addActivityLogRoutes(fake);
        app = fake.identity.addApp({ tenantId: MANAGING });
        fake.partners.setOutOfBand(app, "1234567");
        for (const n of [1, 2])
            lh.addSubscription({ subscriptionId: sub(n), displayName: `S${n}`, tenantId: CUSTOMER });
        lh.delegate({
            offerName: "Contoso",
            managedByTenantId: MANAGING,
            subscriptionId: sub(1),
            authorizations: [{ principalId: app.objectId, roleDefinitionId: CONTRIBUTOR }],
        });
        lh.delegate({
            offerName: "Contoso",
            managedByTenantId: MANAGING,
            subscriptionId: sub(2),
            authorizations: [{ principalId: app.objectId, roleDefinitionId: READER }],
        });
        const common = { managingTenantId: MANAGING, customerTenantId: CUSTOMER };
        log.add(
            ...delegationEventPair({
                ...common,
                operation: "unregister",
                subscriptionId: sub(3),
                eventTimestamp: "2026-11-02T10:15:00Z",
            }),
            ...delegationEventPair({
                ...common,
                operation: "register",
                subscriptionId: sub(2),
                eventTimestamp: "2026-10-02T09:00:00Z",
            }),
        );
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-history-"));
        expectFile = path.join(tmp, "expect.txt");
        fs.writeFileSync(expectFile, [1, 2, 3].map(sub).join("\n"));
    });
    after(async () => {
        await fake?.close();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });
    beforeEach(() => {
        fake.clearLog();
        log.readers = "anyone";
    });

    const doctor = (args: string[]) => runCliAgainst({ fake, clock }, "doctor", app, args, "DOCTOR_SECRET");

    it("the problem of a removed delegation says when the customer removed it; a changed one, when it changed", async () => {
        const out = await doctor(["--expect", expectFile, "--format", "json"]);
        assert.equal(out.code, 1);
        const r = JSON.parse(out.stdout) as DoctorReport;
        const problem = (n: number) => r.problems.find((p) => p.subscriptionId === sub(n))!;
        assert.equal(problem(3).kind, "expected-not-visible");
        assert.match(
            problem(3).detail,
            /The activity log shows the customer removed the delegation on 2026-11-02 10:15 UTC\.$/,
        );
        assert.match(
            problem(2).detail,
            /added or changed on 2026-10-02 09:00 UTC \(Azure logs a change as an addition\)\.$/,
        );
        assert.deepEqual(r.activityLog, {
            read: true,
            since: "2026-08-05T06:00:00Z",
            until: "2026-11-03T06:00:00Z",
            events: 2,
            error: null,
        });
        assert.equal(log.filters[0], "eventTimestamp ge '2026-08-05T06:00:00Z'");
        assert.doesNotMatch(
            r.subscriptions.find((s) => s.subscriptionId === sub(1))!.detail,
            /activity log/,
            "rows without a problem are left as they are",
        );
    });

    it("an identity without Monitoring Reader at root gets a note, and doctor's exit status is unchanged", async () => {
        log.readers = new Set();
        const out = await doctor(["--expect", expectFile]);
        assert.equal(out.code, 1);
        assert.equal(out.stderr, "");
        assert.match(
            out.stdout,
            /Notes:\n(.*\n)*  Tenant activity log: not read \(HTTP 403 AuthorizationFailed\), so the problems above do not say when a delegation changed\. Reading it needs Monitoring Reader at root scope/,
        );
    });

    it("--no-activity-log does not read it; nothing is read when no subscription has a problem", async () => {
        const out = await doctor(["--expect", expectFile, "--no-activity-log", "--format", "json"]);
        assert.equal(out.code, 1);
        assert.equal((JSON.parse(out.stdout) as DoctorReport).activityLog, null);
        assert.equal(fake.count("GET", /eventtypes/i), 0);
        fs.writeFileSync(path.join(tmp, "ok.txt"), sub(1));
        lh.undelegate(lh.delegations.find((d) => d.subscriptionId === sub(2))!.name);
        const fine = await doctor(["--expect", path.join(tmp, "ok.txt"), "--format", "json"]);
        assert.equal(fine.code, 0, fine.stdout);
        assert.equal(fake.count("GET", /eventtypes/i), 0);
    });
});
