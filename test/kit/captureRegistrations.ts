// Runs a Pulumi program under pulumi.runtime.setMocks and records every resource registration with
// its inputs in wire form, so a test can take the real serialized `__provider` of a dynamic resource.
import { spawn } from "node:child_process";
import * as path from "node:path";
import type * as pulumiModule from "@pulumi/pulumi";
import { UNKNOWN, WireObject } from "./wireValues";

/** One resource the program registered. */
export interface Registration {
    /** The type token, e.g. `pulumi-nodejs:dynamic/lighthouse-pec:PartnerAdminLink`. */
    type: string;
    /** The logical name. */
    name: string;
    /** Whether it is a custom resource (false for components). */
    custom: boolean;
    /** Inputs in wire form: secrets as signature objects, unknowns as {@link UNKNOWN}. */
    inputs: WireObject;
}

/** How the mocks answer. */
export interface MockPlan {
    /** Extra output state per resource type, merged over the inputs the mock echoes back. */
    resourceOutputs?: Record<string, WireObject>;
    /** Results of invokes (`pulumi.runtime.invoke` / data sources) by token. */
    callResults?: Record<string, WireObject>;
}

/** Options for {@link captureRegistrations}. */
export interface CaptureOptions extends MockPlan {
    /** The @pulumi/pulumi module the program uses (default: the one this file resolves). */
    pulumi?: typeof pulumiModule;
    /** Run as `pulumi preview` (unknown outputs) instead of `pulumi up`. Default false. */
    preview?: boolean;
    /** Project and stack names. Defaults "project" / "stack". */
    project?: string;
    stack?: string;
    /** Resolves when this holds for the registrations so far. Default: a dynamic resource was registered. */
    until?: (registrations: Registration[]) => boolean;
    /** Give up after this long. Default 20 s. */
    timeoutMs?: number;
}

/** Whether a type token is a Node dynamic resource. */
export function isDynamicType(type: string): boolean {
    return type.startsWith("pulumi-nodejs:dynamic");
}

/**
 * Runs `program` under mocks and returns what it registered. `setMocks` is process-global: the
 * mocks stay installed afterwards, so suites that use mocks must install their own in `before`.
 * @param program declares resources (may be async)
 * @param options mocks and limits
 */
export async function captureRegistrations(
    program: () => unknown,
    options: CaptureOptions = {},
): Promise<Registration[]> {
    const pulumi = options.pulumi ?? (require("@pulumi/pulumi") as typeof pulumiModule);
    const until = options.until ?? ((regs: Registration[]) => regs.some((r) => isDynamicType(r.type)));
    const timeoutMs = options.timeoutMs ?? 20_000;
    const registrations: Registration[] = [];
    let notify = () => {};
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                const inputs = toWire(pulumi, args.inputs) as WireObject;
                registrations.push({ type: args.type, name: args.name, custom: args.custom ?? true, inputs });
                notify();
                return {
                    id: `${args.name}-id`,
                    state: { ...(args.inputs as Record<string, unknown>), ...options.resourceOutputs?.[args.type] },
                };
            },
            call: (args) => options.callResults?.[args.token] ?? {},
        },
        options.project ?? "project",
        options.stack ?? "stack",
        options.preview ?? false,
    );
    await program();
    const deadline = Date.now() + timeoutMs;
    await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
            () =>
                reject(
                    new Error(
                        `captureRegistrations: condition not met within ${timeoutMs} ms; registered: ${registrations.map((r) => `${r.type}::${r.name}`).join(", ") || "nothing"}`,
                    ),
                ),
            Math.max(0, deadline - Date.now()),
        );
        notify = () => {
            if (until(registrations)) {
                clearTimeout(timer);
                resolve();
            }
        };
        notify();
    });
    return registrations;
}

/** Converts mock inputs (plain values, secret wrappers, `pulumi.unknown`) to wire form. */
function toWire(pulumi: typeof pulumiModule, value: unknown): unknown {
    if (pulumi.isUnknown(value)) {
        return UNKNOWN;
    }
    if (Array.isArray(value)) {
        return value.map((v) => toWire(pulumi, v));
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(
            Object.entries(value)
                .filter(([, v]) => v !== undefined)
                .map(([k, v]) => [k, toWire(pulumi, v)]),
        );
    }
    return value;
}

/** Options for {@link captureRegistrationsInChild}. */
export interface ChildCaptureOptions extends MockPlan {
    /** The program's directory: @pulumi/pulumi and the program's imports resolve from here. */
    cwd: string;
    /** The program file (JS, or TS run through ts-node), relative to cwd or absolute. */
    program: string;
    /** Register only once at least this many dynamic resources exist. Default 1. */
    dynamicResources?: number;
    /** Extra environment. */
    env?: Record<string, string>;
    /** Give up after this long. Default 60 s. */
    timeoutMs?: number;
}

/**
 * Runs a program file under mocks in a separate Node process started in `cwd`, so it uses that
 * project's own @pulumi/pulumi and node_modules (as `pulumi up` would), and returns its registrations.
 * @param options the program and its directory
 */
export function captureRegistrationsInChild(options: ChildCaptureOptions): Promise<Registration[]> {
    const timeoutMs = options.timeoutMs ?? 60_000;
    const request = JSON.stringify({
        program: path.resolve(options.cwd, options.program),
        dynamicResources: options.dynamicResources ?? 1,
        resourceOutputs: options.resourceOutputs,
        callResults: options.callResults,
        timeoutMs,
    });
    // The tests' own ts-node registration: its cache spares each child TypeScript's start-up and compile.
    const register = path.join(__dirname, "register.js");
    const runner = path.join(__dirname, "captureRunner.ts");
    return new Promise<Registration[]>((resolve, reject) => {
        // The request goes through stdin: it may hold secrets, which must not show in `ps`.
        const child = spawn(process.execPath, ["-r", register, runner], {
            cwd: options.cwd,
            env: { ...process.env, ...options.env },
            stdio: ["pipe", "pipe", "pipe"],
        });
        child.stdin.end(request);
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
        child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs + 5_000);
        child.once("error", reject);
        child.once("exit", (code, signal) => {
            clearTimeout(timer);
            // The exit code is not the verdict: Pulumi's exit hook turns the runner's deliberate early
            // exit (mock runtime still holding promises) into 1. The complete result line is.
            const marker = stdout.lastIndexOf(RESULT_MARKER);
            const end = stdout.indexOf(RESULT_END, marker);
            if (marker < 0 || end < 0) {
                // stdout is left out: it may hold registered inputs, secrets included.
                reject(
                    new Error(
                        `capture program ${options.program} in ${options.cwd} exited with ${signal ?? code} without a result\n${stderr.slice(-4000)}`,
                    ),
                );
                return;
            }
            resolve(JSON.parse(stdout.slice(marker + RESULT_MARKER.length, end)) as Registration[]);
        });
    });
}

/** Separates the runner's JSON result from whatever the program printed. */
export const RESULT_MARKER = "\n@@registrations@@";

/** Ends the runner's JSON result. */
export const RESULT_END = "@@end@@\n";
