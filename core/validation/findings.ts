import { UserFacingError } from "../errors";

/** One problem (or advice) about a configuration, precise enough to fix without reading code. */
export interface Finding {
    /** "error" stops the deployment before anything is created; "warning" is printed and deploys. */
    severity: "error" | "warning";
    /** The argument path, e.g. `authorizations[2].role`. */
    field: string;
    /** The offending value as given (never a secret). */
    value: unknown;
    /** What is wrong. */
    message: string;
    /** What to do instead. */
    fix: string;
}

/** Renders a finding as one line: `field = value: message. Fix: ...`. */
export function formatFinding(f: Finding): string {
    const shown = f.value === undefined ? "(not set)" : JSON.stringify(f.value);
    return `${f.field} = ${shown}: ${f.message}. Fix: ${f.fix}`;
}

/**
 * Thrown when a configuration has errors; lists every one of them, not just the first (exit 2). A
 * `UserFacingError` (see core/errors.ts), defined here with the findings it carries.
 */
export class ConfigurationError extends UserFacingError {
    /** The errors found (warnings are not included). */
    declare readonly findings: Finding[];

    /**
     * @param subject what was being configured, e.g. `CustomerDelegation "contoso"` or a file path
     * @param findings the findings; only the errors are reported
     * @param outcome what the errors prevented, e.g. "nothing was written" for a generator
     */
    constructor(subject: string, findings: Finding[], outcome = "nothing was deployed") {
        const errors = findings.filter((f) => f.severity === "error");
        super(
            `${subject}: ${errors.length} configuration error${errors.length === 1 ? "" : "s"}, ${outcome}:\n` +
                errors.map((f) => `  - ${formatFinding(f)}`).join("\n"),
        );
        this.findings = errors;
    }
}
ConfigurationError.prototype.name = "ConfigurationError";

/** Throws a ConfigurationError when any finding is an error. */
export function throwOnErrors(subject: string, findings: Finding[]): void {
    if (findings.some((f) => f.severity === "error")) {
        throw new ConfigurationError(subject, findings);
    }
}
