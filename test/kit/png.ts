// A minimal PNG decoder for screenshots (8-bit greyscale, RGB or RGBA, not interlaced): enough to tell
// a rendered page from a blank one without an image library.
import { inflateSync } from "node:zlib";

/** Decoded pixels: `channels` bytes per pixel, row after row. */
export interface Pixels {
    width: number;
    height: number;
    channels: number;
    data: Uint8Array;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/**
 * Decodes a PNG file.
 * @param png the file's bytes
 * @throws Error for a file this decoder does not handle
 */
export function decodePng(png: Buffer): Pixels {
    if (png.readUInt32BE(0) !== 0x89504e47) throw new Error("not a PNG file");
    let offset = 8;
    let width = 0;
    let height = 0;
    let channels = 0;
    const idat: Buffer[] = [];
    while (offset < png.length) {
        const length = png.readUInt32BE(offset);
        const type = png.toString("latin1", offset + 4, offset + 8);
        const body = png.subarray(offset + 8, offset + 8 + length);
        if (type === "IHDR") {
            width = body.readUInt32BE(0);
            height = body.readUInt32BE(4);
            channels = CHANNELS[body[9]] ?? 0;
            if (body[8] !== 8 || channels === 0 || body[12] !== 0) throw new Error("unsupported PNG layout");
        } else if (type === "IDAT") idat.push(body);
        else if (type === "IEND") break;
        offset += 12 + length;
    }
    const raw = inflateSync(Buffer.concat(idat));
    const stride = width * channels;
    const data = new Uint8Array(stride * height);
    for (let y = 0; y < height; y++) {
        const filter = raw[y * (stride + 1)];
        const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
        for (let x = 0; x < stride; x++) {
            const a = x >= channels ? data[y * stride + x - channels] : 0;
            const b = y > 0 ? data[(y - 1) * stride + x] : 0;
            const c = x >= channels && y > 0 ? data[(y - 1) * stride + x - channels] : 0;
            data[y * stride + x] = (line[x] + predict(filter, a, b, c)) & 0xff;
        }
    }
    return { width, height, channels, data };
}

function predict(filter: number, a: number, b: number, c: number): number {
    switch (filter) {
        case 0:
            return 0;
        case 1:
            return a;
        case 2:
            return b;
        case 3:
            return (a + b) >> 1;
        case 4: {
            const p = a + b - c;
            const pa = Math.abs(p - a);
            const pb = Math.abs(p - b);
            const pc = Math.abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
        default:
            throw new Error(`unknown PNG filter ${filter}`);
    }
}

/**
 * Variance of the first channel's values over all pixels (0 for a one-colour image).
 * @param pixels decoded pixels
 */
export function pixelVariance(pixels: Pixels): number {
    const n = pixels.width * pixels.height;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
        const v = pixels.data[i * pixels.channels];
        sum += v;
        squares += v * v;
    }
    const mean = sum / n;
    return squares / n - mean * mean;
}
