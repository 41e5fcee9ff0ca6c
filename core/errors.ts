import { escapeJsonControls } from "./jsonText";
/**
 * The errors a user reads: each is a {@link UserFacingError}, whose message says what is wrong and how to fix it,
 * and which carries the exit status the CLI ends with. Anything else that is thrown is a bug ("unexpected error").
 * Recognise them with `instanceof` (or {@link isUserFacing}), never by name or by a field.
 *
 * They are real classes that also survive being serialized by value into a dynamic provider's `__provider` (as in
 * this repository, and in a stack whose program imports this package from source). Pulumi's closure serializer
 * rewrites `super(message)` into `Error.call(this, message)`, which sets nothing on `this`; it gives a subclass
 * without a constructor one that passes no arguments; and it emits a class's prototype chain only when the prototype
 * has a property of its own. So every constructor sets its fields itself, every subclass has a constructor, and every
 * class sets `name` on its prototype (then `instanceof Error` holds after deserialization, and `${error}` reads
 * `AzureCallError: …`). Constructor bodies carry no comments: they are serialized as written. Installed from npm,
 * the provider `require`s this module and none of that matters.
 */

/**
 * How the CLI ends after a failure the user can fix: 2 (bad input, usage, configuration, a file, Azure or a usage
 * source failed). 1 means "problems found" (a report that ran, e.g. a subscription without PEC).
 */
export type ExitCode = 1 | 2;

/** Options of {@link UserFacingError}. */
export interface UserFacingOptions {
    /** What to do about it, when the thrower has it apart from the message (the message already says it). */
    fix?: string;
    /** The CLI's exit status for it; default 2. */
    exitCode?: ExitCode;
}

/**
 * A failure meant for the user: its message names what is wrong (field, value, source) and the fix, holds no secret
 * (redacted where it was worded), and is printed as is, never with a stack trace.
 */
export class UserFacingError extends Error {
    /** The exit status the CLI ends with (2 unless said otherwise). */
    declare readonly exitCode: ExitCode;
    /** The fix on its own, when the thrower gave it apart from the message. */
    declare readonly fix?: string;

    /**
     * @param message - the whole message: what is wrong and what to do
     * @param options - the fix on its own and the exit status
     */
    constructor(message: string, options: UserFacingOptions = {}) {
        super(message);
        this.message = message;
        this.exitCode = options.exitCode ?? 2;
        if (options.fix !== undefined) this.fix = options.fix;
        if (!Object.prototype.hasOwnProperty.call(this, "stack")) Error.captureStackTrace(this);
    }
}
UserFacingError.prototype.name = "UserFacingError";

/** Whether `e` is a {@link UserFacingError}: its message is meant for the user as it is. */
export function isUserFacing(e: unknown): e is UserFacingError {
    return e instanceof UserFacingError;
}

/** A command-line usage error (exit 2): a flag is missing, refused or malformed. */
export class UsageError extends UserFacingError {
    /**
     * @param message - what is wrong and how to fix it
     * @param options - the fix on its own and the exit status
     */
    constructor(message: string, options?: UserFacingOptions) {
        super(message, options);
    }
}
UsageError.prototype.name = "UsageError";

/** Where a piece of input came from, for error messages. */
export interface InputLocation {
    /** File path, blob name or API page that held the value. */
    source: string;
    /** 1-based line (CSV/JSON Lines) or item number (API pages), when known. */
    line?: number;
    /** Field (column or JSON key) that was wrong, when one field is to blame. */
    field?: string;
    /** The offending value, shortened for display. */
    value?: string;
}

/**
 * Input that cannot be used (exit 2): a usage file, a list of subscriptions, a file or directory named by a flag.
 * The message names the source, the line, the field, the value and the fix.
 */
export class InputError extends UserFacingError {
    /** Where the problem is. */
    declare readonly location: InputLocation;

    /**
     * @param problem - what is wrong, e.g. "is not a number"
     * @param location - where the problem is
     * @param fix - what to do about it
     */
    constructor(problem: string, location: InputLocation, fix?: string) {
        super(formatInputError(problem, location, fix), { fix });
        this.location = location;
    }
}
InputError.prototype.name = "InputError";

function formatInputError(problem: string, at: InputLocation, fix?: string): string {
    let where = at.source;
    if (at.line !== undefined) where += `:${at.line}`;
    let text = `${where}: `;
    if (at.field !== undefined) text += `field "${at.field}" `;
    text += problem;
    // Quoted as JSON, with what JSON leaves raw but a terminal acts on escaped too: the value is data.
    if (at.value !== undefined) text += ` (value ${escapeJsonControls(JSON.stringify(shorten(at.value)))})`;
    if (fix) text += `. ${fix}`;
    return text;
}

function shorten(value: string): string {
    return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}

/** A remote usage source (Microsoft Graph, Partner Center) failed: reported like bad input (exit 2). */
export class SourceError extends UserFacingError {
    /**
     * @param message - what failed and what to do; never contains a token or SAS signature
     * @param options - the fix on its own and the exit status
     */
    constructor(message: string, options?: UserFacingOptions) {
        super(message, options);
    }
}
SourceError.prototype.name = "SourceError";

/**
 * How an Azure failure should be handled:
 * `replication` — Entra ID has not replicated a new app / secret yet (AADSTS700016, AADSTS7000215): retry until the propagation deadline;
 * `expiredSecret` — AADSTS7000222, never transient;
 * `throttled` — 429, retry after `Retry-After`; `transient` — 5xx / 408 / dropped connection, bounded retries;
 * `badRequest` 400, `unauthorized` 401, `forbidden` 403, `notFound` 404;
 * `unavailable` — the credential cannot be used here (e.g. no `az login`, or no `az` at all);
 * `invalidTenant` — Entra ID does not know the tenant (AADSTS90002 "Tenant not found", AADSTS900023 "neither a valid
 * DNS name, nor a valid external domain", or a tenant `@azure/identity` refuses to send): final, never retried;
 * `fatal` — anything else.
 */
export type FailureKind =
    | "replication"
    | "expiredSecret"
    | "throttled"
    | "transient"
    | "badRequest"
    | "unauthorized"
    | "forbidden"
    | "notFound"
    | "unavailable"
    | "invalidTenant"
    | "fatal";

/** An Azure failure (sign-in or a call) with its classification and an actionable, secret-free message (exit 2). */
export class AzureCallError extends UserFacingError {
    /** The classification. */
    declare readonly kind: FailureKind;
    /** HTTP status, when there was a response. */
    declare readonly status?: number;
    /** ARM error code or `AADSTS<n>`, when known. */
    declare readonly code?: string;

    /**
     * @param message - the full, secret-free message
     * @param kind - the classification
     * @param status - HTTP status if any
     * @param code - ARM error code or `AADSTS<n>` if any
     */
    constructor(message: string, kind: FailureKind, status?: number, code?: string) {
        super(message);
        Object.assign(this, { kind, status, code });
    }
}
AzureCallError.prototype.name = "AzureCallError";
