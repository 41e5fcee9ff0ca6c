import { escapeControls } from "./cells";

/**
 * Text from the data (an activity log event, a name from Azure) as a Markdown code span: GitHub renders nothing
 * inside one — no HTML, link, image, emphasis, autolink, `@mention` or `#123` reference — so hostile text shows as
 * the characters it is. Control characters become escapes (`\n`, `\u001b`: one line, no terminal sequences, no
 * bidirectional overrides); the fence is one backtick longer than the longest run of backticks inside, padded
 * with spaces when the text starts or ends with one (CommonMark, "Code spans"). In a table cell a `|` is escaped
 * as `\|`, which GFM honours inside code spans too ("Tables", example 200).
 * @param text the value
 * @param options `inTable` when the span goes in a table cell
 */
export function markdownCode(text: string, options: { inTable?: boolean } = {}): string {
    let body = escapeControls(text);
    if (options.inTable) body = body.replace(/\|/g, "\\|");
    if (body === "") return "` `";
    const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longest + 1);
    const pad = body.startsWith("`") || body.endsWith("`") || (body.startsWith(" ") && body.endsWith(" ")) ? " " : "";
    return `${fence}${pad}${body}${pad}${fence}`;
}
