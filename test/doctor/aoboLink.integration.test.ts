import * as assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { FakeAzure, VirtualClock } from "../kit/fakeAzure";
import { LighthouseState } from "../kit/fakeAzure/lighthouse";
import { runDoctorAgainst, startLighthouseFake } from "../kit/doctorFixture";
import { DoctorOptions } from "../../cli/doctor";
import type { DoctorReport } from "../../doctor/model";

// Partner Center lists three PEC paths: AOBO (a foreign principal: the partner's AdminAgents or HelpdeskAgents
// group), Azure Lighthouse, and identities with a partner link. AOBO needs no link; the other two do. Every
// combination of path and link below runs doctor against the fake Azure as its own identity.

const OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const MANAGING = "aaaaaaaa-0000-4000-8000-0000000000a1";
const CUSTOMER = "cccccccc-0000-4000-8000-0000000000c2";

type Path = "aobo only" | "lighthouse only" | "both" | "neither";
type Link = "present" | "absent" | "Deleted";

interface Expectation {
    verdict: string;
    /** Problem kinds, link first. */
    kinds: string[];
    /** What the row's detail must say. */
    detail: RegExp;
    /** What the link problem's detail must say, when there is one. */
    linkDetail?: RegExp;
}

const LINK_PROBLEM: Record<Exclude<Link, "present">, string> = { absent: "pal-missing", Deleted: "pal-inactive" };
const LINK_WORDS: Record<Exclude<Link, "present">, RegExp> = {
    absent: /not linked to a partner ID/,
    Deleted: /link to partner ID 1234567 is Deleted/,
};

function expectation(path: Path, link: Link): Expectation {
    const broken = link !== "present";
    switch (path) {
        case "aobo only":
            // AOBO earns PEC without a link: no link problem whatever the link says.
            return {
                verdict: "aobo-only",
                kinds: [],
                detail: /only through CSP admin-on-behalf-of \(which needs no Partner Admin Link\): Owner/,
            };
        case "lighthouse only":
            return broken
                ? {
                      verdict: "ok",
                      kinds: [LINK_PROBLEM[link]],
                      detail: /No PEC through this identity until the Partner Admin Link is fixed/,
                      linkDetail:
                          /the 1 subscription\(s\) whose PEC comes through its own Lighthouse or RBAC access earn none: /,
                  }
                : { verdict: "ok", kinds: [], detail: /^PEC-eligible: Contributor \(Lighthouse\)\.$/ };
        case "both":
            // PEC flows through AOBO; the Lighthouse path can take over only once the identity is linked.
            return {
                verdict: "aobo-and-lighthouse",
                kinds: [],
                detail: broken
                    ? /AOBO earns PEC without a link, but the Lighthouse path earns it only through a linked identity and .*: keep AOBO until it is fixed\./
                    : /the Lighthouse delegation is visible, so removing AOBO keeps PEC flowing\./,
            };
        case "neither":
            return broken
                ? {
                      verdict: "not-pec-eligible-role",
                      kinds: [LINK_PROBLEM[link], "not-pec-eligible-role"],
                      detail: /Only roles that are not PEC-eligible: Reader/,
                      linkDetail:
                          /the 1 subscription\(s\) with problems below earn PEC through this identity only once it is fixed as well\./,
                  }
                : {
                      verdict: "not-pec-eligible-role",
                      kinds: ["not-pec-eligible-role"],
                      detail: /Only roles that are not PEC-eligible: Reader/,
                  };
    }
}

describe("lighthouse-pec doctor: PEC through AOBO, Lighthouse, both or neither, with the link present, absent or Deleted (fake Azure)", function () {
    this.timeout(30_000);
    let fake: FakeAzure;
    let lh: LighthouseState;
    let clock: VirtualClock;

    before(async () => {
        ({ fake, lh, clock } = await startLighthouseFake());
    });
    after(async () => {
        await fake?.close();
    });

    type App = ReturnType<FakeAzure["identity"]["addApp"]>;

    /** A fresh identity of the managing tenant with its link as asked. */
    function identity(link: Link): App {
        const app = fake.identity.addApp({ tenantId: MANAGING });
        if (link === "absent") return app;
        const stored = fake.partners.setOutOfBand(app, "1234567");
        if (link === "Deleted") stored.state = "Deleted"; // what Azure reports once the linked identity is deleted
        return app;
    }

    /** A customer subscription reached by `app` along `path`; the foreign group is the partner's `group`. */
    function subscription(app: App, path: Path, group: string, name: string): string {
        const subscriptionId = randomUUID();
        lh.addSubscription({ subscriptionId, displayName: name, tenantId: CUSTOMER });
        if (path === "aobo only" || path === "both")
            lh.assignRole({
                subscriptionId,
                principalId: group,
                roleDefinitionId: OWNER,
                principalType: "ForeignGroup",
            });
        if (path !== "aobo only")
            lh.delegate({
                offerName: "Contoso managed services",
                managedByTenantId: MANAGING,
                subscriptionId,
                authorizations: [
                    { principalId: app.objectId, roleDefinitionId: path === "neither" ? READER : CONTRIBUTOR },
                ],
            });
        return subscriptionId;
    }

    async function doctor(app: App, o: Partial<DoctorOptions> = {}) {
        const { code, stdout, stderr } = await runDoctorAgainst({ fake, clock }, app, o);
        assert.equal(stderr, "");
        return { code, stdout };
    }

    for (const path of ["aobo only", "lighthouse only", "both", "neither"] as const)
        for (const link of ["present", "absent", "Deleted"] as const)
            it(`${path}, link ${link}`, async () => {
                const app = identity(link);
                const adminAgents = randomUUID();
                lh.groups.set(adminAgents, [app.objectId]);
                const id = subscription(app, path, adminAgents, `${path} / ${link}`);
                const want = expectation(path, link);

                const { code, stdout } = await doctor(app);
                const report = JSON.parse(stdout) as DoctorReport;
                assert.equal(report.partnerAdminLink.linked, link !== "absent");
                assert.equal(
                    report.partnerAdminLink.state,
                    link === "absent" ? null : link === "present" ? "Active" : "Deleted",
                );
                const [row] = report.subscriptions;
                assert.deepEqual([report.subscriptions.length, row.subscriptionId, row.verdict], [1, id, want.verdict]);
                assert.match(row.detail, want.detail);
                assert.deepEqual(
                    report.problems.map((p) => p.kind),
                    want.kinds,
                );
                assert.equal(code, want.kinds.length > 0 ? 1 : 0);
                const linkProblem = report.problems.find((p) => p.subscriptionId === null);
                if (linkProblem) {
                    assert.ok(link !== "present");
                    assert.match(linkProblem.detail, LINK_WORDS[link]);
                    assert.match(linkProblem.detail, want.linkDetail!);
                    if (want.linkDetail!.source.includes("earn none")) assert.match(linkProblem.detail, new RegExp(id));
                    assert.doesNotMatch(linkProblem.detail, /admin-on-behalf-of/, "no AOBO subscription here");
                    assert.match(linkProblem.fix, /az managementpartner create --partner-id <Associated Partner ID>/);
                }
                // The words "no subscription earns PEC" are never said of a report with a subscription that does.
                if (want.verdict.startsWith("aobo")) assert.doesNotMatch(stdout, /no subscription earns PEC/);
            });

    it("AOBO and Lighthouse subscriptions, no link: pal-missing names the Lighthouse one and says the AOBO one earns PEC without a link", async () => {
        const app = identity("absent");
        const adminAgents = randomUUID();
        lh.groups.set(adminAgents, [app.objectId]);
        const aobo = subscription(app, "aobo only", adminAgents, "M1 AOBO");
        const lighthouse = subscription(app, "lighthouse only", adminAgents, "M2 Lighthouse");

        const json = await doctor(app);
        const report = JSON.parse(json.stdout) as DoctorReport;
        assert.equal(json.code, 1);
        assert.deepEqual(
            report.problems.map((p) => [p.subscriptionId, p.kind]),
            [[null, "pal-missing"]],
        );
        const { detail } = report.problems[0];
        assert.match(
            detail,
            new RegExp(
                `^The identity \\(object ID ${app.objectId}, tenant ${MANAGING}\\) is not linked to a partner ID, so the 1 subscription\\(s\\) whose PEC comes through its own Lighthouse or RBAC access earn none: ${lighthouse}\\. ` +
                    `The 1 subscription\\(s\\) reached through CSP admin-on-behalf-of \\(AOBO\\) earn PEC without a link: ${aobo}\\.$`,
            ),
        );
        assert.doesNotMatch(detail, /no subscription earns PEC/);
        assert.deepEqual(report.summary, { subscriptions: 2, ok: 2, problems: 1 });

        const table = await doctor(app, { format: "table" });
        assert.match(table.stdout, /Partner Admin Link: NOT LINKED/);
        assert.match(
            table.stdout,
            new RegExp(
                `Partner Admin Link: pal-missing: .*earn none: ${lighthouse}\\. .*without a link: ${aobo}\\.\\n {4}Fix: Link it to your Associated Partner ID`,
            ),
        );
        assert.match(table.stdout, new RegExp(`Notes:\\n  ${aobo}: aobo-only: `));
    });

    it("AOBO through the partner's HelpdeskAgents group (not AdminAgents) is AOBO too: no link needed, a note says so", async () => {
        const app = identity("absent");
        const adminAgents = randomUUID(),
            helpdeskAgents = randomUUID();
        // The identity is a member of HelpdeskAgents only; AdminAgents holds Owner on another subscription.
        lh.groups.set(adminAgents, [randomUUID()]);
        lh.groups.set(helpdeskAgents, [app.objectId]);
        const viaHelpdesk = randomUUID();
        lh.addSubscription({ subscriptionId: viaHelpdesk, displayName: "H helpdesk", tenantId: CUSTOMER });
        lh.assignRole({
            subscriptionId: viaHelpdesk,
            principalId: helpdeskAgents,
            roleDefinitionId: CONTRIBUTOR,
            principalType: "ForeignGroup",
        });
        const viaAdmin = subscription(app, "aobo only", adminAgents, "H admin agents");

        const json = await doctor(app);
        const report = JSON.parse(json.stdout) as DoctorReport;
        assert.equal(json.code, 0);
        assert.deepEqual(
            report.subscriptions.map((s) => [s.subscriptionId, s.verdict]),
            [[viaHelpdesk, "aobo-only"]],
            "only the HelpdeskAgents subscription is visible to a HelpdeskAgents member",
        );
        assert.deepEqual(
            report.subscriptions[0].access.map((g) => [g.source, g.roleName, g.principalId, g.pecEligible]),
            [["aobo", "Contributor", helpdeskAgents, true]],
        );
        assert.match(report.subscriptions[0].detail, /AdminAgents or HelpdeskAgents group/);
        assert.deepEqual(report.problems, []);
        assert.ok(!json.stdout.includes(viaAdmin));

        const table = await doctor(app, { format: "table" });
        assert.match(
            table.stdout,
            /Notes:\n {2}Partner Admin Link: this identity is not linked to a partner ID; not needed here: every subscription that earns PEC is reached through CSP admin-on-behalf-of \(AOBO\), which needs no link\./,
        );
        assert.match(table.stdout, /1 subscription\(s\): 1 ok, 0 problem\(s\)\./);
    });
});
