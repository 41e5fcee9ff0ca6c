import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { PartnerAdminLink, PartnerLinkArgs } from "../partnerAdminLink";

/**
 * Inputs of {@link ProviderAutomationAccount}: the app registration's, and the settings of its Partner Admin Link
 * (`partnerId`, `onExistingLink`, `propagationTimeoutSeconds` — counted from the new secret —, `timeoutSeconds`,
 * `endpoints`), as for a PartnerAdminLink.
 */
export interface ProviderAutomationAccountArgs extends PartnerLinkArgs {
    /** Display name of the app registration and service principal. Default "Provider Automation Account". */
    displayName?: pulumi.Input<string>;
    /** Object IDs of users or service principals that own the app and service principal (so they can manage its secrets). */
    owners?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * When the client secret expires, RFC 3339 (e.g. "2027-01-01T00:00:00Z"). Changing it creates a new
     * secret (the link is kept). Default: the Entra ID default (two years from creation).
     */
    secretEndDate?: pulumi.Input<string>;
    /**
     * Any value; changing it rotates the client secret (azuread `rotateWhenChanged`), e.g. "2025-Q3".
     * Rotation updates the link's credential in place: it never unlinks or relinks.
     */
    secretRotation?: pulumi.Input<string>;
    /** The managing tenant's ID. Default: the tenant the azuread provider is signed in to. */
    tenantId?: pulumi.Input<string>;
}

/**
 * The Provider Automation Account of Microsoft's PEC guidance: an app registration and service
 * principal in the managing tenant, a client secret, and a Partner Admin Link made as that service
 * principal. Include `principalId` in every customer's Lighthouse delegation with a PEC-eligible role.
 * Type `lighthouse-pec:index:ProviderAutomationAccount`.
 */
export class ProviderAutomationAccount extends pulumi.ComponentResource {
    /** Object ID of the service principal: what `CustomerDelegation.automationAccount` needs. */
    readonly principalId: pulumi.Output<string>;
    /** Application (client) ID. */
    readonly clientId: pulumi.Output<string>;
    /** The managing tenant's ID. */
    readonly tenantId: pulumi.Output<string>;
    /** The partner ID the service principal is linked to. */
    readonly partnerId: pulumi.Output<string>;
    /** State of the Partner Admin Link (`Active`). */
    readonly linkState: pulumi.Output<string>;

    /**
     * @param name - component name; children are named `<name>-app`, `-sp`, `-secret`, `-link`
     * @param args - the inputs
     * @param opts - component options
     */
    constructor(name: string, args: ProviderAutomationAccountArgs, opts?: pulumi.ComponentResourceOptions) {
        super("lighthouse-pec:index:ProviderAutomationAccount", name, {}, opts);
        const parent = { parent: this };
        const displayName = args.displayName ?? "Provider Automation Account";
        const tenantId = args.tenantId ? pulumi.output(args.tenantId) : azuread.getClientConfigOutput(parent).tenantId;
        const app = new azuread.Application(`${name}-app`, { displayName, owners: args.owners }, parent);
        const sp = new azuread.ServicePrincipal(`${name}-sp`, { clientId: app.clientId, owners: args.owners }, parent);
        const password = new azuread.ApplicationPassword(
            `${name}-secret`,
            {
                applicationId: app.id,
                displayName: "lighthouse-pec Partner Admin Link",
                endDate: args.secretEndDate,
                rotateWhenChanged: args.secretRotation === undefined ? undefined : { rotation: args.secretRotation },
            },
            parent,
        );
        // Every setting of the link, named (not spread from args): a new one fails to compile until it is passed on.
        const settings = {
            partnerId: args.partnerId,
            endpoints: args.endpoints,
            onExistingLink: args.onExistingLink,
            propagationTimeoutSeconds: args.propagationTimeoutSeconds,
            timeoutSeconds: args.timeoutSeconds,
        } satisfies Record<keyof PartnerLinkArgs, unknown>;
        const link = new PartnerAdminLink(
            `${name}-link`,
            {
                ...settings,
                credential: { kind: "clientSecret", tenantId, clientId: app.clientId, clientSecret: password.value },
            },
            { ...parent, dependsOn: [sp] },
        );
        this.principalId = sp.objectId;
        this.clientId = app.clientId;
        this.tenantId = tenantId;
        this.partnerId = link.partnerId;
        this.linkState = link.state;
        this.registerOutputs({
            principalId: this.principalId,
            clientId: this.clientId,
            tenantId: this.tenantId,
            partnerId: this.partnerId,
            linkState: this.linkState,
        });
    }
}
