/**
 * Draws the extension's icons (public/icons/icon-{16,32,48,128}.png): a violet rounded square with a white
 * shield and a check mark, anti-aliased by supersampling. No image library: a tiny PNG encoder on zlib.
 * Run `npm run icons` after changing the drawing; the PNGs are committed.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
const crc32 = (b: Buffer) => {
  let c = -1;
  for (const x of b) c = CRC[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
};
function chunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size: number, rgba: Uint8Array) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) raw.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Shape tests in a 0..1 square. */
function roundedSquare(x: number, y: number) {
  const r = 0.22, m = 0.02;
  const dx = Math.max(m + r - x, 0, x - (1 - m - r)), dy = Math.max(m + r - y, 0, y - (1 - m - r));
  return dx * dx + dy * dy <= r * r;
}
function shield(x: number, y: number) {
  // Flat top with shoulders, sides curving to a point at the bottom.
  if (y < 0.2 || y > 0.84) return false;
  const half = y < 0.5 ? 0.3 : 0.3 * Math.sqrt(Math.max(0, 1 - ((y - 0.5) / 0.34) ** 2));
  return Math.abs(x - 0.5) <= half;
}
function segDist(px: number, py: number, ax: number, ay: number, bx: number, by: number) {
  const vx = bx - ax, vy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(px - ax - t * vx, py - ay - t * vy);
}
function check(x: number, y: number, w: number) {
  return segDist(x, y, 0.36, 0.5, 0.46, 0.61) < w || segDist(x, y, 0.46, 0.61, 0.65, 0.39) < w;
}

function draw(size: number) {
  const out = new Uint8Array(size * size * 4);
  const ss = 4;
  const stroke = size <= 16 ? 0.06 : 0.045;
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      let a = 0, r = 0, g = 0, b = 0;
      for (let sy = 0; sy < ss; sy++)
        for (let sx = 0; sx < ss; sx++) {
          const x = (px + (sx + 0.5) / ss) / size, y = (py + (sy + 0.5) / ss) / size;
          if (!roundedSquare(x, y)) continue;
          a++;
          let c: [number, number, number] = [91, 61, 245];
          if (shield(x, y)) c = check(x, y, stroke) ? [91, 61, 245] : [255, 255, 255];
          r += c[0]; g += c[1]; b += c[2];
        }
      const i = (py * size + px) * 4;
      if (a) out.set([Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round((255 * a) / (ss * ss))], i);
    }
  return png(size, out);
}

for (const size of [16, 32, 48, 128]) writeFileSync(new URL(`../../public/icons/icon-${size}.png`, import.meta.url), draw(size));
console.log('icons written');
