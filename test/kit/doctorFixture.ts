// What the doctor and watch integration specs share: a fake Azure on a virtual clock with the Lighthouse routes,
// and `lighthouse-pec doctor` run in this process as one of its identities (client secret read from the
// environment), with its output captured.
import { DoctorOptions, runDoctor } from "../../cli/doctor";
import { clientSecretArgs } from "./cliAuth";
import { capturingIo, CliRun, runCli } from "./cliHarness";
import { FakeAzure, FakeApp, VirtualClock } from "./fakeAzure";
import { addLighthouseRoutes, LighthouseState } from "./fakeAzure/lighthouse";

/** A fake Azure serving the Lighthouse routes, on a virtual clock. Close {@link fake} after the spec. */
export interface LighthouseFake {
    /** The fake Azure (HTTPS on loopback). */
    fake: FakeAzure;
    /** Its Lighthouse state: subscriptions, delegations, role assignments, groups. */
    lh: LighthouseState;
    /** The clock the fake (and doctor, through its deps) reads. */
    clock: VirtualClock;
}

/** An identity doctor signs in as: a fake app with its client secret. */
export type DoctorIdentity = Pick<FakeApp, "tenantId" | "clientId"> & { clientSecret: string };

/** The environment variable {@link runDoctorAgainst} passes the client secret in. */
export const DOCTOR_SECRET_ENV = "DOCTOR_TEST_SECRET";

/**
 * Starts a fake Azure on a new virtual clock and adds the Lighthouse routes.
 * @param startMs the clock's start (default: the VirtualClock default)
 */
export async function startLighthouseFake(startMs?: number): Promise<LighthouseFake> {
    const clock = new VirtualClock(startMs);
    const fake = await FakeAzure.start({ now: clock.now });
    return { fake, lh: addLighthouseRoutes(fake), clock };
}

/**
 * Runs doctor in this process as `who` against the fake (JSON unless `options` say otherwise), capturing its output.
 * @param world the fake Azure and its clock
 * @param who the identity doctor signs in as (client-secret auth)
 * @param options doctor options over the defaults
 * @param env the environment doctor sees (default: {@link DOCTOR_SECRET_ENV} holding `who`'s secret)
 */
export async function runDoctorAgainst(
    world: Pick<LighthouseFake, "fake" | "clock">,
    who: DoctorIdentity,
    options: Partial<DoctorOptions> = {},
    env: NodeJS.ProcessEnv = { [DOCTOR_SECRET_ENV]: who.clientSecret },
): Promise<CliRun> {
    const io = capturingIo(false, env);
    const code = await runDoctor(
        {
            auth: "client-secret",
            tenantId: who.tenantId,
            clientId: who.clientId,
            clientSecretEnv: DOCTOR_SECRET_ENV,
            resourceManager: world.fake.url,
            authorityHost: world.fake.url,
            format: "json",
            ...options,
        },
        io,
        { agent: world.fake.agent, clock: world.clock },
    );
    return { code, stdout: io.stdout, stderr: io.stderr };
}

/**
 * Runs `lighthouse-pec <command> ...args` through the CLI in this process as `who` against the fake: client-secret
 * flags with the secret in `secretEnv`, the fake's agent and clock as deps.
 * @param world the fake Azure and its clock
 * @param command the subcommand, e.g. "watch"
 * @param who the identity the command signs in as
 * @param args the command's other arguments
 * @param secretEnv the environment variable that holds `who`'s secret
 * @param extraEnv more environment (e.g. a second identity's secret)
 */
export function runCliAgainst(
    world: Pick<LighthouseFake, "fake" | "clock">,
    command: string,
    who: DoctorIdentity,
    args: string[],
    secretEnv: string,
    extraEnv: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
    const { fake, clock } = world;
    return runCli([command, ...args, ...clientSecretArgs(who, secretEnv, fake.url, fake.url)], {
        env: { [secretEnv]: who.clientSecret, ...extraEnv },
        deps: { agent: fake.agent, clock },
    });
}
