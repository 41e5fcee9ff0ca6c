import { InputError } from "../../core/errors";
import { slotForName, USAGE_FIELDS } from "../fields";
import { checkFields, newSlots, UsageLineReader } from "../usageLine";
import { CsvRecordReader } from "./csvRecords";
import { LineSink } from "./jsonLines";
import { forEachTextChunk } from "./textChunks";

/**
 * Reads a daily rated usage reconciliation CSV (Partner Center portal download): header row,
 * columns matched by name case-insensitively, optional UTF-8 BOM, CRLF or LF.
 * @param stream the file's bytes
 * @param source file name for messages
 * @param sink receives each usage line
 * @returns the number of usage lines read
 */
export async function readReconciliationCsv(
    stream: AsyncIterable<Buffer | Uint8Array | string>,
    source: string,
    sink: LineSink,
): Promise<number> {
    const reader = new UsageLineReader(source);
    let records = 0;
    const csv = new CsvRecordReader(
        source,
        (names) => {
            const present = new Array<boolean>(USAGE_FIELDS.length).fill(false);
            const slots = names.map((name) => {
                const slot = slotForName(name);
                if (slot < 0 || present[slot]) return -1;
                present[slot] = true;
                return slot;
            });
            checkFields(present, source, 1, "column");
            return slots;
        },
        (out, line) => {
            records++;
            sink(reader.read(out, line));
        },
        newSlots(),
    );
    await forEachTextChunk(stream, source, (text, final) => csv.push(text, final));
    if (records === 0) {
        throw new InputError(
            "has a header but no usage lines",
            { source },
            "Download the reconciliation file again, or pick a period with usage",
        );
    }
    return records;
}
