"""One customer subscription delegated through Azure Lighthouse, from Python.

CustomerDelegation comes from the lighthouse-pec component provider: `pulumi package add ../..` generates
the `pulumi_lighthouse_pec` SDK from its schema. Names are the schema's, in Python's snake_case; object
types get Python's `Args` suffix (the schema's `AuthorizationArgs` is `AuthorizationArgsArgs`).
"""

import pulumi
import pulumi_azure_native as azure_native
import pulumi_lighthouse_pec as lighthouse_pec

config = pulumi.Config()
subscription_id = config.require("subscriptionId")
admin_group = config.require("adminGroupId")

# Deploy into the customer's subscription, whatever the CLI's default subscription is.
customer = azure_native.Provider("customer", subscription_id=subscription_id)

delegation = lighthouse_pec.CustomerDelegation(
    "contoso",
    offer_name="Fabrikam Managed Services",
    managed_by_tenant_id=config.require("managedByTenantId"),
    subscription_id=subscription_id,
    authorizations=[
        lighthouse_pec.AuthorizationArgsArgs(
            principal_id=admin_group,
            role="Reader",
            display_name="Fabrikam admins",
        ),
        lighthouse_pec.AuthorizationArgsArgs(
            principal_id=admin_group,
            role="Managed Services Registration assignment Delete Role",
            display_name="Fabrikam admins",
        ),
    ],
    # Partner-linked: its permanent Contributor authorization is what earns PEC.
    automation_account=lighthouse_pec.AutomationAccountArgsArgs(
        principal_id=config.require("automationPrincipalId"),
    ),
    opts=pulumi.ResourceOptions(providers=[customer]),
)

pulumi.export("registrationDefinitionId", delegation.registration_definition_id)
pulumi.export("assignmentIds", delegation.assignment_ids)
pulumi.export("pecPrincipalIds", delegation.pec_principal_ids)
