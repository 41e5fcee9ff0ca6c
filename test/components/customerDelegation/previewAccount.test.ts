// Issue 18 §1: a read-only identity for pull-request previews. `previewAccount` becomes one more permanent
// authorization, Reader, through the same builder as the automation account; stacks without it are unchanged.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import {
    ConfigurationError,
    CustomerDelegation,
    CustomerDelegationArgs,
    Finding,
    validateDelegation,
    WellKnownRoles,
} from "../../../components";
import { ids, validArgs } from "../../kit/fixtures";
import { RegisteredResource, runUnderMocks, unwrap } from "../../kit/pulumiMocks";

const DEFINITION = "azure-native:managedservices:RegistrationDefinition";

interface Authorization {
    principalId: string;
    principalIdDisplayName?: string;
    roleDefinitionId: string;
}

async function register(args: CustomerDelegationArgs) {
    return runUnderMocks(() => new CustomerDelegation("contoso", args));
}

function authorizationsOf(resources: RegisteredResource[]): Authorization[] {
    const definition = resources.find((r) => r.type === DEFINITION);
    assert.ok(definition, "a registration definition was registered");
    return (definition.inputs.properties as { authorizations: Authorization[] }).authorizations;
}

/** The errors validateDelegation reports for the field, as `message. Fix: fix`. */
function errorsAt(args: CustomerDelegationArgs, field: string): string[] {
    return validateDelegation(args as never)
        .filter((f: Finding) => f.severity === "error" && f.field === field)
        .map((f) => `${f.message}. Fix: ${f.fix}`);
}

describe("CustomerDelegation previewAccount (issue 18: read-only pull-request previews)", () => {
    it("adds one permanent Reader authorization, last, with the default display name; PEC principals unchanged", async () => {
        const { resources, result } = await register(validArgs({ previewAccount: { principalId: ids.preview } }));
        const authorizations = authorizationsOf(resources);
        assert.deepEqual(authorizations.at(-1), {
            principalId: ids.preview,
            principalIdDisplayName: "Pull-request previews (read-only)",
            roleDefinitionId: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
        });
        assert.equal(WellKnownRoles.reader, "acdd72a7-3385-48ef-bd42-f606fba81ae7");
        assert.equal(authorizations[0].principalId, ids.automation, "the automation account stays first");
        assert.deepEqual(await unwrap(result.pecPrincipalIds), [ids.automation], "Reader never earns PEC");
    });

    it("uses the given display name", async () => {
        const { resources } = await register(
            validArgs({ previewAccount: { principalId: ids.preview, displayName: "Contoso PR previews" } }),
        );
        assert.equal(authorizationsOf(resources).at(-1)?.principalIdDisplayName, "Contoso PR previews");
    });

    it("without the key, the registrations are those with it minus its one authorization: existing stacks see no diff", async () => {
        const without = await register(validArgs());
        const withPreview = await register(validArgs({ previewAccount: { principalId: ids.preview } }));
        const project = (resources: RegisteredResource[], dropLastAuthorization: boolean) =>
            resources.map((r) => {
                if (r.type !== DEFINITION || !dropLastAuthorization) {
                    return r;
                }
                const properties = r.inputs.properties as { authorizations: Authorization[] };
                return {
                    ...r,
                    inputs: {
                        ...r.inputs,
                        properties: { ...properties, authorizations: properties.authorizations.slice(0, -1) },
                    },
                };
            });
        assert.equal(authorizationsOf(withPreview.resources).length, authorizationsOf(without.resources).length + 1);
        assert.notDeepEqual(project(withPreview.resources, false), project(without.resources, false));
        assert.deepEqual(project(withPreview.resources, true), project(without.resources, false));
        // And an explicit `previewAccount: undefined` (a program passing an optional value through) is the same as none.
        const explicitUndefined = await register(validArgs({ previewAccount: undefined }));
        assert.deepEqual(explicitUndefined.resources, without.resources);
    });

    it("is checked once known when its principal is an Output, before the definition is sent", async () => {
        const { resources, result } = await register(
            validArgs({ previewAccount: { principalId: pulumi.output(ids.automation) } }),
        );
        await assert.rejects(
            unwrap(result.pecPrincipalIds),
            /previewAccount\.principalId = "44444444-4444-4444-8444-444444444444": the preview identity is the automation account/,
        );
        assert.deepEqual(
            resources.map((r) => r.type),
            ["lighthouse-pec:index:CustomerDelegation"],
            "no definition or assignment was registered",
        );
    });

    describe("findings (each names previewAccount.principalId, the value and the fix)", () => {
        it("not a GUID", () => {
            assert.deepEqual(
                errorsAt(validArgs({ previewAccount: { principalId: "pr-previews" } }), "previewAccount.principalId"),
                [
                    "not a GUID. Fix: use the object ID of the identity pull-request previews sign in as (a GUID like 00000000-0000-0000-0000-000000000000)",
                ],
            );
        });

        it("the automation account: it writes and carries the partner link", () => {
            const [error, ...rest] = errorsAt(
                validArgs({ previewAccount: { principalId: ids.automation.toUpperCase() } }),
                "previewAccount.principalId",
            );
            assert.deepEqual(rest, []);
            assert.match(
                error,
                /^the preview identity is the automation account, which holds "Contributor" and the partner link: previews run unmerged code, so they must sign in as an identity that can only read\. Fix: give previewAccount\.principalId a separate identity/,
            );
        });

        it("a principal that also holds a role doing more than read (Contributor; the delete role)", () => {
            const args = validArgs({
                previewAccount: { principalId: ids.adminGroup },
                authorizations: [...validArgs().authorizations, { principalId: ids.adminGroup, role: "Contributor" }],
            });
            const errors = errorsAt(args, "previewAccount.principalId");
            assert.equal(errors.length, 2, errors.join("\n"));
            assert.match(
                errors[0],
                /^the preview identity also holds "Managed Services Registration assignment Delete Role" through authorizations\[1\], which does more than read \(Microsoft\.ManagedServices\/registrationAssignments\/delete\): .*Fix: remove authorizations\[1\] for this principal, or give previewAccount\.principalId a separate identity/,
            );
            assert.match(errors[1], /"Contributor" through authorizations\[2\], which does more than read \(\*\)/);
        });

        it("a principal that already holds Reader: the duplicate is reported on previewAccount", () => {
            const findings = validateDelegation(
                validArgs({ previewAccount: { principalId: ids.adminGroup.toUpperCase() } }) as never,
            );
            const duplicate = findings.filter((f) => f.field === "previewAccount");
            assert.deepEqual(
                duplicate.map((f) => [f.severity, f.message, f.fix]),
                [
                    [
                        "error",
                        "the same principal and role are already authorized by authorizations[0]",
                        "remove the duplicate authorization",
                    ],
                ],
            );
        });

        it("an eligible (just-in-time) principal: activation would give previews more than read", () => {
            const args = validArgs({
                previewAccount: { principalId: ids.engineer },
                eligibleAuthorizations: [{ principalId: ids.engineer, role: "Contributor" }],
            });
            assert.deepEqual(errorsAt(args, "previewAccount.principalId"), [
                'the preview identity is also eligible for "Contributor" through eligibleAuthorizations[0]: activating it would let previews, which run unmerged code, do more than read. Fix: remove eligibleAuthorizations[0] for this principal, or give previewAccount.principalId a separate identity that holds nothing else in this delegation (e.g. an app registration whose federated credential only pull-request jobs can use)',
            ]);
        });

        it("accepts a preview principal that also holds another read-only role, and reports nothing for it", () => {
            const args = validArgs({
                previewAccount: { principalId: ids.preview },
                authorizations: [
                    ...validArgs().authorizations,
                    { principalId: ids.preview, role: "Reservations Reader" },
                ],
            });
            assert.deepEqual(validateDelegation(args as never), []);
        });

        it("refuses the configuration before anything registers (the component throws every finding)", async () => {
            const { resources } = await runUnderMocks(() => {
                assert.throws(
                    () =>
                        new CustomerDelegation(
                            "contoso",
                            validArgs({ previewAccount: { principalId: ids.automation } }),
                        ),
                    (err: unknown) => {
                        assert.ok(err instanceof ConfigurationError, String(err));
                        assert.match(err.message, /previewAccount\.principalId = "44444444-/);
                        assert.match(err.message, /nothing was deployed/);
                        return true;
                    },
                );
            });
            assert.deepEqual(resources, []);
        });

        it("the automation account's PEC rules are unchanged: a Reader automation account is still an error", () => {
            const args = validArgs({
                automationAccount: { principalId: ids.automation, role: "Reader" },
                previewAccount: { principalId: ids.preview },
            });
            assert.deepEqual(
                validateDelegation(args as never)
                    .filter((f) => f.severity === "error")
                    .map((f) => [f.field, f.message]),
                [["automationAccount.role", '"Reader" does not earn partner earned credit']],
            );
        });
    });
});
