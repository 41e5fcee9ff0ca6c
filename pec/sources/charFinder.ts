/**
 * Finds the next occurrence of one character in a text, remembering the last search: `indexOf`
 * cannot stop at a line end, so without this, a line lacking the character would make every
 * search run to the end of the chunk — once per line.
 */
export class CharFinder {
    private text = "";
    private searchedFrom = 0;
    private at = -1;

    /** @param ch the character to find */
    constructor(private readonly ch: string) {}

    /**
     * Position of the character at or after `i` in `s`, or -1.
     * @param s the text
     * @param i where to start
     */
    next(s: string, i: number): number {
        if (s !== this.text || this.searchedFrom > i || (this.at !== -1 && this.at < i)) {
            this.text = s;
            this.searchedFrom = i;
            this.at = s.indexOf(this.ch, i);
        }
        return this.at;
    }

    /**
     * Occurrences in `s[from, end)`.
     * @param s the text
     * @param from first position
     * @param end position after the last
     */
    count(s: string, from: number, end: number): number {
        let n = 0;
        for (let i = this.next(s, from); i !== -1 && i < end; i = this.next(s, i + 1)) n++;
        return n;
    }
}
