// Values in the commands we print for someone to paste into a shell (the customer's Owner, the partner's
// engineer): each one a single word that the shell takes literally, whatever it contains.

/** Characters a POSIX shell word may hold unquoted and still mean itself (Python's `shlex.quote` set). */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Characters that single quotes would carry raw to the terminal and into the pasted command. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

/**
 * A value as one word for bash, zsh or any POSIX shell, meaning exactly the value. A plain word (letters,
 * digits, `_ @ % + = : , . / -`) is left as it is; anything else is quoted by {@link shellQuoteAlways}.
 * @param value any text, e.g. a path or an ID from the configuration
 */
export function shellQuote(value: string): string {
    return PLAIN_WORD.test(value) ? value : shellQuoteAlways(value);
}

/**
 * A value in single quotes, each `'` written `'\''`, for bash, zsh or any POSIX shell. A value with control or
 * bidi characters, which single quotes would print raw (a terminal acts on them), is written with ANSI-C
 * quoting instead (`$'…'`: bash, zsh, ksh and POSIX.1-2024), those characters as escapes.
 * @param value any text
 */
export function shellQuoteAlways(value: string): string {
    if (!CONTROL.test(value)) return `'${value.replace(/'/g, "'\\''")}'`;
    let body = "";
    for (const c of value) {
        const code = c.codePointAt(0)!;
        if (c === "\\" || c === "'") body += `\\${c}`;
        else if (code < 0x20 || code === 0x7f) body += `\\x${code.toString(16).padStart(2, "0")}`;
        else if (CONTROL.test(c)) body += `\\u${code.toString(16).padStart(4, "0")}`;
        else body += c;
    }
    return `$'${body}'`;
}
