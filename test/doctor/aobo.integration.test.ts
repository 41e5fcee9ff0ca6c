import * as assert from "node:assert/strict";
import { FakeAzure, VirtualClock } from "../kit/fakeAzure";
import { LighthouseState } from "../kit/fakeAzure/lighthouse";
import { runDoctorAgainst, startLighthouseFake } from "../kit/doctorFixture";
import { DoctorOptions } from "../../cli/doctor";
import type { DoctorReport } from "../../doctor/model";

const OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const MANAGING = "aaaaaaaa-0000-4000-8000-000000000001";
const CUSTOMER = "cccccccc-0000-4000-8000-000000000002";
const ADMIN_AGENTS = "adadadad-0000-4000-8000-000000000009";
const sub = (n: number) => `5ab00000-0000-4000-8000-00000000000${n}`;

describe("lighthouse-pec doctor: CSP admin-on-behalf-of against the fake Azure", function () {
    this.timeout(20_000);
    let fake: FakeAzure;
    let lh: LighthouseState;
    let clock: VirtualClock;
    let app: ReturnType<FakeAzure["identity"]["addApp"]>;

    before(async () => {
        ({ fake, lh, clock } = await startLighthouseFake());
        app = fake.identity.addApp({ tenantId: MANAGING });
        fake.partners.setOutOfBand(app, "1234567");
        // The partner's Admin Agents group, holding Owner on each Azure plan subscription as a foreign principal.
        lh.groups.set(ADMIN_AGENTS, [app.objectId]);
        for (const [n, name] of [
            [1, "A AOBO only"],
            [2, "B AOBO and Lighthouse"],
        ] as const) {
            lh.addSubscription({ subscriptionId: sub(n), displayName: name, tenantId: CUSTOMER });
            lh.assignRole({
                subscriptionId: sub(n),
                principalId: ADMIN_AGENTS,
                roleDefinitionId: OWNER,
                principalType: "ForeignGroup",
            });
        }
        lh.delegate({
            offerName: "Contoso managed services",
            managedByTenantId: MANAGING,
            subscriptionId: sub(2),
            authorizations: [{ principalId: app.objectId, roleDefinitionId: CONTRIBUTOR }],
        });
    });
    after(async () => {
        await fake?.close();
    });

    const doctor = (o: Partial<DoctorOptions>) => runDoctorAgainst({ fake, clock }, app, o);

    it("tells the AOBO path from the Lighthouse path, and warns about removing AOBO too early", async () => {
        const { code, stdout, stderr } = await doctor({});
        assert.equal(stderr, "");
        assert.equal(code, 0, "both subscriptions earn PEC");
        const report = JSON.parse(stdout) as DoctorReport;
        const bySub = Object.fromEntries(report.subscriptions.map((s) => [s.subscriptionId, s]));
        assert.equal(bySub[sub(1)].verdict, "aobo-only");
        assert.deepEqual(
            bySub[sub(1)].access.map((g) => [g.source, g.roleName, g.principalId]),
            [["aobo", "Owner", ADMIN_AGENTS]],
        );
        assert.match(bySub[sub(1)].detail, /leaves a gap: no access and no PEC/);
        assert.equal(bySub[sub(2)].verdict, "aobo-and-lighthouse");
        assert.deepEqual(bySub[sub(2)].access.map((g) => g.source).sort(), ["aobo", "lighthouse"]);
        assert.deepEqual(report.summary, { subscriptions: 2, ok: 2, problems: 0 });
    });

    it("exits 1 when an AOBO-only subscription is expected to earn PEC through Lighthouse", async () => {
        const fs = await import("node:fs");
        const os = await import("node:os");
        const path = await import("node:path");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-aobo-"));
        try {
            const expect = path.join(dir, "expect.txt");
            fs.writeFileSync(expect, `${sub(1)}\n${sub(2)}\n`);
            const { code, stdout } = await doctor({ expect, format: "table" });
            assert.equal(code, 1);
            assert.match(
                stdout,
                new RegExp(`${sub(1)}: aobo-only: .*Fix: .*keep AOBO until doctor shows aobo-and-lighthouse`, "s"),
            );
            assert.match(stdout, new RegExp(`${sub(2)}\\s+B AOBO and Lighthouse\\s+.*aobo-and-lighthouse`));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("rejects a --managed-by-tenant-id that is not a GUID (exit 2)", async () => {
        const { code, stderr } = await doctor({ managedByTenantId: "contoso.onmicrosoft.com" });
        assert.equal(code, 2);
        assert.match(stderr, /--managed-by-tenant-id "contoso.onmicrosoft.com" is not a tenant ID/);
    });
});
