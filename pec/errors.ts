import type { AzureCallError } from "../azure/errors";
import { escapeJsonControls } from "./format/cells";

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
 * Input that cannot be verified (exit status 2). The message names the source, the line, the field,
 * the value and the fix; it is meant to be printed as is, never with a stack trace.
 */
export class InputError extends Error {
    /** Where the problem is. */
    readonly location: InputLocation;
    /** What the user should do about it. */
    readonly fix?: string;

    /**
     * @param problem what is wrong, e.g. "is not a number"
     * @param location where the problem is
     * @param fix what to do about it
     */
    constructor(problem: string, location: InputLocation, fix?: string) {
        super(formatInputError(problem, location, fix));
        this.name = "InputError";
        this.location = location;
        this.fix = fix;
    }
}

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

/** A failure of a remote usage source (Graph, Partner Center): reported like bad input (exit 2). */
export class SourceError extends Error {
    /** @param message what failed and what to do; never contains a token or SAS signature */
    constructor(message: string) {
        super(message);
        this.name = "SourceError";
    }
}

/** True when `e` is an {@link InputError}. */
export function isInputError(e: unknown): e is InputError {
    return e instanceof InputError;
}

/** True for errors made by `azureCallError` (they carry a failure kind). */
export function isAzureCallError(e: unknown): e is AzureCallError {
    return e instanceof Error && typeof (e as { kind?: unknown }).kind === "string";
}
