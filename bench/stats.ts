/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The median of the ratios `a[i] / b[i]` of samples taken in the same round: on a shared machine
 * the load drifts between rounds, and a pair measured back to back sees the same load.
 */
export function pairedRatio(a: number[], b: number[]): number {
    if (a.length !== b.length || a.length === 0)
        throw new Error(`paired samples differ in count: ${a.length} vs ${b.length}`);
    return median(a.map((x, i) => x / b[i]));
}
