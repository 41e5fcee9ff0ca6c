import { InputError } from "../../core/errors";
import { checkFields, newSlots, UsageLine, UsageLineReader } from "../usageLine";
import { JsonLineExtractor, slotsFromObject } from "./jsonLineScanner";
import { forEachTextChunk } from "./textChunks";

/** Receives each usage line as it is read (the object is reused for the next line: copy what you keep). */
export type LineSink = (line: UsageLine) => void;

/**
 * Reads JSON Lines usage data (a Graph export blob after gunzip, or a `.jsonl` file): one JSON
 * object per line, blank lines ignored, keys matched case-insensitively.
 * @param stream the decompressed bytes
 * @param source name for messages (file path or blob name)
 * @param sink receives each usage line
 * @returns the number of usage lines read
 */
export async function readJsonLines(
    stream: AsyncIterable<Buffer | Uint8Array | string>,
    source: string,
    sink: LineSink,
): Promise<number> {
    const extractor = new JsonLineExtractor();
    const reader = new UsageLineReader(source);
    const slots = newSlots();
    let lineNo = 0;
    let records = 0;
    const onLine = (text: string, start: number, end: number): void => {
        lineNo++;
        if (end > start && text.charCodeAt(end - 1) === 13) end--;
        slots.fill(undefined);
        if (!extractor.extract(text, start, end, slots)) {
            if (isBlank(text, start, end)) return;
            const record = parseObject(text.slice(start, end), source, lineNo);
            slotsFromObject(record, slots);
            extractor.learn(record);
        }
        if (records++ === 0)
            checkFields(
                slots.map((v) => v !== undefined),
                source,
                lineNo,
                "key",
            );
        sink(reader.read(slots, lineNo));
    };
    await forEachTextChunk(stream, source, (text, final) => {
        let start = 0;
        for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
            onLine(text, start, nl);
            start = nl + 1;
        }
        if (final && start < text.length) onLine(text, start, text.length);
    });
    return records;
}

function isBlank(text: string, start: number, end: number): boolean {
    for (let i = start; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c !== 32 && c !== 9 && c !== 13) return false;
    }
    return true;
}

function parseObject(line: string, source: string, lineNo: number): Record<string, unknown> {
    let value: unknown;
    try {
        value = JSON.parse(line);
    } catch (e) {
        if (lineNo === 1 && line.trim() === "{") {
            throw new InputError(
                "is a JSON document spread over several lines, not JSON Lines",
                { source, line: lineNo },
                "verify reads one usage line item as a JSON object per line (the Graph export's format); a single object is not usage data",
            );
        }
        throw new InputError(
            `is not valid JSON (${(e as Error).message})`,
            { source, line: lineNo },
            "Each line must be one JSON object; a cut-off last line means the file or download is incomplete",
        );
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw new InputError(
            "is not a JSON object",
            { source, line: lineNo },
            "Each line must be one usage line item as a JSON object",
        );
    }
    return value as Record<string, unknown>;
}
