import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { randomUUID } from "node:crypto";
import { Command } from "commander";
import { FakeAzure, VirtualClock } from "../kit/fakeAzure";
import { LighthouseState } from "../kit/fakeAzure/lighthouse";
import { runDoctorAgainst, startLighthouseFake } from "../kit/doctorFixture";
import { DoctorOptions, registerDoctor } from "../../cli/doctor";
import { main } from "../../cli/main";
import type { DoctorReport } from "../../doctor/model";
import { clientSecretArgs } from "../kit/cliAuth";
import { runChild } from "../kit/childCli";

const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const MANAGING = "aaaaaaaa-0000-4000-8000-000000000001";
const CUSTOMER = "cccccccc-0000-4000-8000-000000000002";
const OTHER_PARTNER = "eeeeeeee-0000-4000-8000-000000000003";
const sub = (n: number) => `5ub00000-0000-4000-8000-00000000000${n}`.replace("5ub", "5ab");

describe("lighthouse-pec doctor against the fake Azure (HTTPS on loopback)", function () {
    this.timeout(20_000);
    let fake: FakeAzure;
    let lh: LighthouseState;
    let clock: VirtualClock;
    let app: ReturnType<FakeAzure["identity"]["addApp"]>;
    const jitGroup = randomUUID(),
        opsGroup = randomUUID();
    let tmp: string;

    before(async () => {
        ({ fake, lh, clock } = await startLighthouseFake());
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-test-"));
        app = fake.identity.addApp({ tenantId: MANAGING });
        fake.partners.setOutOfBand(app, "1234567");
        fake.partners.partnerNames.set("1234567", "Contoso Partner");
        lh.groups.set(jitGroup, [app.objectId]);
        lh.groups.set(opsGroup, [app.objectId]);
        const customer = (n: number, name: string) =>
            lh.addSubscription({ subscriptionId: sub(n), displayName: name, tenantId: CUSTOMER });
        const offer = { offerName: "Contoso managed services", managedByTenantId: MANAGING };
        customer(1, "A ok");
        lh.delegate({
            ...offer,
            subscriptionId: sub(1),
            authorizations: [
                {
                    principalId: app.objectId,
                    roleDefinitionId: CONTRIBUTOR,
                    principalIdDisplayName: "Provider Automation Account",
                },
            ],
        });
        customer(2, "B reader");
        lh.delegate({
            ...offer,
            subscriptionId: sub(2),
            authorizations: [{ principalId: app.objectId, roleDefinitionId: READER }],
        });
        customer(3, "C jit");
        lh.delegate({
            ...offer,
            subscriptionId: sub(3),
            authorizations: [],
            eligibleAuthorizations: [{ principalId: jitGroup, roleDefinitionId: CONTRIBUTOR }],
        });
        customer(4, "D via group");
        lh.delegate({
            ...offer,
            subscriptionId: sub(4),
            authorizations: [{ principalId: opsGroup, roleDefinitionId: CONTRIBUTOR, principalIdDisplayName: "Ops" }],
        });
        lh.addSubscription({ subscriptionId: sub(5), displayName: "E partner internal", tenantId: MANAGING });
        lh.assignRole({ subscriptionId: sub(5), principalId: app.objectId, roleDefinitionId: READER });
        customer(6, "F other partner");
        lh.delegate({
            ...offer,
            managedByTenantId: OTHER_PARTNER,
            subscriptionId: sub(6),
            authorizations: [{ principalId: app.objectId, roleDefinitionId: CONTRIBUTOR }],
        });
    });
    after(async () => {
        await fake?.close();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });
    beforeEach(() => fake.clearLog());

    async function doctor(o: Partial<DoctorOptions>, who = app, env?: Record<string, string>) {
        const { code, stdout, stderr } = await runDoctorAgainst({ fake, clock }, who, { format: "table", ...o }, env);
        assert.ok(
            !stdout.includes(who.clientSecret) && !stderr.includes(who.clientSecret),
            "the client secret must never be printed",
        );
        assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
        return { code, stdout, stderr };
    }

    const verdicts = (r: DoctorReport) => Object.fromEntries(r.subscriptions.map((s) => [s.subscriptionId, s.verdict]));

    it("prints one row per visible subscription with its verdict, pages through every list, exits 1 on problems", async () => {
        const { code, stdout, stderr } = await doctor({ memberOf: [jitGroup] });
        assert.equal(stderr, "");
        assert.equal(code, 1);
        assert.match(stdout, /Partner Admin Link: partner ID 1234567 \(Contoso Partner\), Active/);
        assert.match(
            stdout,
            new RegExp(`${sub(1)}\\s+A ok\\s+Contoso managed services\\s+Contributor \\[lighthouse\\]\\s+ok`),
        );
        assert.match(stdout, new RegExp(`${sub(2)}\\s+B reader\\s+.*Reader \\[lighthouse\\]\\s+not-pec-eligible-role`));
        assert.match(stdout, new RegExp(`${sub(3)}\\s+C jit\\s+.*Contributor \\[jit\\]\\s+jit-only`));
        assert.match(stdout, new RegExp(`${sub(4)}\\s+D via group\\s+Contoso managed services\\s+-\\s+no-access`));
        assert.match(stdout, new RegExp(`${sub(5)}\\s+E partner internal\\s+-\\s+Reader \\[rbac\\]\\s+not-delegated`));
        assert.doesNotMatch(stdout, new RegExp(sub(6)), "a subscription delegated to another partner is not visible");
        assert.match(stdout, /--member-of <group object ID>/);
        assert.match(stdout, /5 subscription\(s\): 1 ok, 3 problem\(s\)\./);
        // 5 visible subscriptions at 2 per page: 3 pages; each subscription's two lists read once.
        assert.equal(fake.count("GET", /^\/subscriptions$/), 3);
        assert.equal(fake.count("GET", /registrationAssignments$/), 5);
        const ra = fake.calls("GET", /roleAssignments$/);
        assert.equal(ra.length, 5);
        assert.ok(
            ra.every(
                (r) => r.query.$filter === `assignedTo('${app.objectId}')` && r.query["api-version"] === "2022-04-01",
            ),
        );
        assert.ok(
            fake
                .calls("GET", /registrationAssignments$/)
                .every(
                    (r) => r.query.$expandRegistrationDefinition === "true" && r.query["api-version"] === "2022-10-01",
                ),
        );
    });

    it("--format json with --expect: stable shape, --member-of grants access, expected but invisible subscriptions are problems", async () => {
        const expectFile = path.join(tmp, "expected.txt");
        fs.writeFileSync(expectFile, `# customers\n${sub(1)}\n/subscriptions/${sub(4)}\n${sub(6)}\n${sub(5)}\n`);
        const { code, stdout } = await doctor({
            format: "json",
            expect: expectFile,
            memberOf: [opsGroup],
            partnerId: "1234567",
        });
        assert.equal(code, 1);
        const r = JSON.parse(stdout) as DoctorReport;
        assert.deepEqual(r.identity, { tenantId: MANAGING, objectId: app.objectId, clientId: app.clientId });
        assert.deepEqual(r.partnerAdminLink, {
            linked: true,
            partnerId: "1234567",
            partnerName: "Contoso Partner",
            state: "Active",
            expectedPartnerId: "1234567",
        });
        assert.deepEqual(verdicts(r), {
            [sub(1)]: "ok",
            [sub(2)]: "not-pec-eligible-role",
            [sub(3)]: "no-access",
            [sub(4)]: "ok",
            [sub(5)]: "not-delegated",
            [sub(6)]: "expected-not-visible",
        });
        assert.deepEqual(
            r.problems.map((p) => [p.subscriptionId, p.kind]).sort(),
            [
                [sub(2), "not-pec-eligible-role"],
                [sub(3), "no-access"],
                [sub(5), "not-delegated"],
                [sub(6), "expected-not-visible"],
            ].sort(),
        );
        const ok = r.subscriptions.find((s) => s.subscriptionId === sub(4))!;
        assert.deepEqual(
            ok.access.map((g) => [g.source, g.roleName, g.principalId, g.permanent, g.pecEligible]),
            [["lighthouse", "Contributor", opsGroup, true, true]],
        );
        assert.match(
            ok.registrationAssignments[0].id,
            new RegExp(`^/subscriptions/${sub(4)}/providers/Microsoft.ManagedServices/registrationAssignments/`),
        );
        assert.equal(r.subscriptions.find((s) => s.subscriptionId === sub(5))!.expected, true);
        assert.deepEqual(r.summary, { subscriptions: 6, ok: 2, problems: 4 });
    });

    it("exits 0 when the identity is linked and every subscription it sees earns PEC", async () => {
        const solo = fake.identity.addApp({ tenantId: MANAGING });
        fake.partners.setOutOfBand(solo, "1234567");
        lh.addSubscription({ subscriptionId: sub(7), displayName: "G solo", tenantId: CUSTOMER });
        lh.delegate({
            offerName: "Solo",
            managedByTenantId: MANAGING,
            subscriptionId: sub(7),
            authorizations: [{ principalId: solo.objectId, roleDefinitionId: CONTRIBUTOR }],
        });
        const { code, stdout } = await doctor({ format: "json" }, solo);
        const r = JSON.parse(stdout) as DoctorReport;
        assert.deepEqual([code, verdicts(r), r.problems], [0, { [sub(7)]: "ok" }, []]);
    });

    it("an identity without a Partner Admin Link is a problem with the fix", async () => {
        const unlinked = fake.identity.addApp({ tenantId: MANAGING });
        lh.addSubscription({ subscriptionId: sub(8), displayName: "H", tenantId: CUSTOMER });
        lh.delegate({
            offerName: "H",
            managedByTenantId: MANAGING,
            subscriptionId: sub(8),
            authorizations: [{ principalId: unlinked.objectId, roleDefinitionId: CONTRIBUTOR }],
        });
        const { code, stdout } = await doctor({}, unlinked);
        assert.equal(code, 1);
        assert.match(stdout, /Partner Admin Link: NOT LINKED/);
        assert.match(
            stdout,
            /pal-missing: .*not linked to a partner ID[^\n]*\n {4}Fix: Link it to your Associated Partner ID/,
        );
        assert.match(stdout, /1 subscription\(s\): 1 ok, 1 problem\(s\)\./);
    });

    it("survives a 429 with Retry-After on the subscription list (virtual clock, fault counted)", async () => {
        fake.injectFault({
            method: "GET",
            path: /^\/subscriptions$/,
            times: 2,
            fault: { kind: "status", status: 429, retryAfterSeconds: 7 },
        });
        const sleepsBefore = clock.sleeps.length;
        const { code, stdout } = await doctor({ format: "json", memberOf: [jitGroup] });
        assert.equal(fake.pendingFaults(), 0);
        assert.equal(fake.calls("GET", /^\/subscriptions$/).filter((r) => r.fault === "429").length, 2);
        assert.deepEqual(
            clock.sleeps.slice(sleepsBefore),
            [7000, 7000],
            "waited what Retry-After asked, in virtual time",
        );
        assert.equal(code, 1);
        assert.equal(verdicts(JSON.parse(stdout) as DoctorReport)[sub(1)], "ok");
    });

    it("a 403 on one subscription's delegations makes that row unreadable, not the run", async () => {
        fake.injectFault({
            method: "GET",
            path: new RegExp(`/subscriptions/${sub(1)}/providers/Microsoft.ManagedServices/registrationAssignments$`),
            fault: { kind: "status", status: 403, body: { error: { code: "AuthorizationFailed", message: "no" } } },
        });
        const { code, stdout } = await doctor({ format: "json" });
        assert.equal(fake.pendingFaults(), 0);
        const row = (JSON.parse(stdout) as DoctorReport).subscriptions.find((s) => s.subscriptionId === sub(1))!;
        assert.deepEqual([code, row.verdict, row.problem], [1, "unreadable", true]);
        assert.match(row.detail, /registration assignments \(403 AuthorizationFailed\)/);
    });

    it("a wrong client secret exits 2 with a clear sign-in message in flag terms, before any ARM call", async () => {
        const { code, stdout, stderr } = await doctor({}, app, { DOCTOR_TEST_SECRET: "not-the-secret-value-123" });
        assert.equal(code, 2);
        assert.equal(stdout, "");
        assert.match(
            stderr,
            /^lighthouse-pec doctor: Could not get an Entra ID token \(AADSTS7000215\)[^\n]*rejects this client secret/,
        );
        assert.match(stderr, /--tenant-id, --client-id/);
        assert.doesNotMatch(stderr, /not-the-secret-value-123|credential\.|propagationTimeoutSeconds/);
        assert.equal(fake.count(undefined, /^\/(subscriptions|providers)/), 0);
    });

    it("a token Azure Resource Manager rejects (401) exits 2 with a clear message", async () => {
        fake.injectFault({
            method: "GET",
            path: /ManagementPartner\/partners$/,
            fault: {
                kind: "status",
                status: 401,
                body: { error: { code: "InvalidAuthenticationToken", message: "The access token is invalid." } },
            },
        });
        const { code, stderr } = await doctor({});
        assert.equal(fake.pendingFaults(), 0);
        assert.equal(code, 2);
        assert.match(
            stderr,
            /Reading the Partner Admin Link answered 401 InvalidAuthenticationToken: The access token is invalid\. .*--resource-manager and --authority-host/,
        );
    });

    it("bad input exits 2 naming the flag, the value and the fix, without echoing a secret", async () => {
        const cases: Array<[Partial<DoctorOptions>, RegExp, Record<string, string>?]> = [
            [{ clientSecret: "s3cr3t-on-the-command-line" }, /--client-secret is not accepted.*--client-secret-env/],
            [{}, /needs the secret in the environment variable DOCTOR_TEST_SECRET/, {}],
            [{ expect: path.join(tmp, "missing.txt") }, /--expect .*missing\.txt: cannot read the file \(ENOENT\)/],
            [{ resourceManager: "http://127.0.0.1:1" }, /--resource-manager must be an absolute https URL/],
            [{ format: "yaml" }, /--format "yaml" is not known: use table or json/],
            [{ auth: "password" as never }, /--auth "password" is not known/],
            // Issue 10: the value is described, not echoed (a swapped --client-id would be the secret).
            [
                { clientId: "app" },
                /--client-id is not an application \(client\) ID \(the 3-character value is not shown\)/,
            ],
            [{ partnerId: "MPN-1" }, /--partner-id "MPN-1" is not a partner ID/],
            [{ memberOf: ["ops"] }, /--member-of "ops" is not an object ID/],
        ];
        const badExpect = path.join(tmp, "bad.txt");
        fs.writeFileSync(badExpect, `${sub(1)}\nnot-a-subscription\n`);
        cases.push([
            { expect: badExpect },
            /bad\.txt:2: is not an Azure subscription ID \(value "not-a-subscription"\)/,
        ]);
        for (const [o, message, env] of cases) {
            const { code, stderr } = await doctor(o, app, env);
            assert.equal(code, 2, JSON.stringify(o));
            assert.match(stderr, message);
            assert.doesNotMatch(stderr, /s3cr3t-on-the-command-line/);
        }
        assert.equal(fake.count(), 0, "nothing was sent for bad input");
    });

    it("registers as a commander subcommand and parses its flags", async () => {
        const program = new Command("lighthouse-pec").exitOverride();
        let out = "",
            exitCode: number | undefined;
        registerDoctor(
            program,
            {
                out: (t) => {
                    out += t;
                },
                err: () => undefined,
                stdoutIsTTY: false,
                stderrIsTTY: false,
                env: { S: app.clientSecret },
            },
            { agent: fake.agent, clock },
            (c) => {
                exitCode = c;
            },
        );
        await program.parseAsync(
            [
                "doctor",
                ...clientSecretArgs(app, "S", fake.url, fake.url),
                "--member-of",
                jitGroup,
                "--member-of",
                opsGroup,
                "--format",
                "json",
            ],
            { from: "user" },
        );
        const r = JSON.parse(out) as DoctorReport;
        assert.equal(exitCode, 1);
        assert.equal(verdicts(r)[sub(3)], "jit-only");
        assert.equal(verdicts(r)[sub(4)], "ok");
    });

    it("runs through the lighthouse-pec program (cli/main.ts); --client-secret=VALUE is refused without echoing it", async () => {
        let out = "",
            err = "";
        const io = {
            out: (t: string) => {
                out += t;
            },
            err: (t: string) => {
                err += t;
            },
            stdoutIsTTY: false,
            stderrIsTTY: false,
            env: { S: app.clientSecret },
        };
        const args = ["doctor", ...clientSecretArgs(app, "S", fake.url, fake.url), "--format", "json"];
        assert.equal(await main(["node", "lighthouse-pec", ...args], io, { agent: fake.agent, clock }), 1);
        assert.equal((JSON.parse(out) as DoctorReport).partnerAdminLink.partnerId, "1234567");
        out = "";
        assert.equal(
            await main(["node", "lighthouse-pec", ...args, "--client-secret=hunter2-secret"], io, {
                agent: fake.agent,
                clock,
            }),
            2,
        );
        assert.match(err, /--client-secret is not accepted/);
        assert.doesNotMatch(out + err, /hunter2-secret/);
    });

    it("as a real process: a wrong secret exits with status 2 and one line on stderr (NODE_EXTRA_CA_CERTS trusts the fake)", async function () {
        this.timeout(60_000);
        const result = await runChild(
            [
                "doctor",
                "--auth",
                "client-secret",
                "--tenant-id",
                app.tenantId,
                "--client-id",
                app.clientId,
                "--resource-manager",
                fake.url,
                "--authority-host",
                fake.url,
            ],
            {
                env: { NODE_EXTRA_CA_CERTS: fake.certs.caFile, AZURE_CLIENT_SECRET: "wrong-secret-value-42" },
                killAfterMs: 30_000,
            },
        );
        assert.equal(result.code, 2);
        assert.equal(result.stdout, "");
        assert.match(result.stderr, /^lighthouse-pec doctor: Could not get an Entra ID token \(AADSTS7000215\)/);
        assert.equal(result.stderr.trim().split("\n").length, 1, "one message, no stack trace");
        assert.doesNotMatch(result.stderr, /wrong-secret-value-42/);
    });
});
