// What the doctor and watch integration specs share: a fake Azure on a virtual clock with the Lighthouse routes,
// and `lighthouse-pec doctor` run in this process as one of its identities (client secret read from the
// environment), with its output captured.
import { DoctorOptions, runDoctor } from "../../cli/doctor";
import { capturingIo, CliRun } from "./cliHarness";
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
