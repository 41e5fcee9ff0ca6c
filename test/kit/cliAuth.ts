/** The app registration a CLI test signs in as (e.g. `fake.identity.addApp()`). */
export interface TestApp {
    /** Its home tenant. */
    tenantId: string;
    /** Its application (client) ID. */
    clientId: string;
}

/**
 * The CLI flags that sign in as `app` with a client secret read from `secretEnv`, against a fake cloud.
 * @param app - the app registration
 * @param secretEnv - the environment variable holding the secret
 * @param authorityHost - the Entra ID endpoint (the fake's URL)
 * @param resourceManager - the ARM endpoint, when the command calls ARM
 */
export function clientSecretArgs(
    app: TestApp,
    secretEnv: string,
    authorityHost: string,
    resourceManager?: string,
): string[] {
    return [
        "--auth",
        "client-secret",
        "--tenant-id",
        app.tenantId,
        "--client-id",
        app.clientId,
        "--client-secret-env",
        secretEnv,
        ...(resourceManager === undefined ? [] : ["--resource-manager", resourceManager]),
        "--authority-host",
        authorityHost,
    ];
}
