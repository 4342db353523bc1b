/**
 * IP addresses and CIDR blocks, for `ip` fields and `cidrMatch`.
 *
 * Both families are held as 16 bytes: an IPv4 address is its IPv4-mapped IPv6 form
 * (`::ffff:a.b.c.d`), so `10.0.0.0/8` and `::ffff:10.0.0.0/104` are the same block and an
 * address compares equal however it was written (`::1` and `0:0:0:0:0:0:0:1`).
 */

/** A CIDR block: the network's 16 bytes and the prefix length over all 128 bits. */
export interface CidrBlock {
  readonly network: Uint8Array;
  readonly bits: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * Parses an IPv4 or IPv6 address (a zone such as `%eth0` is ignored) into 16 bytes, or null.
 *
 * @example parseIp('10.1.2.3') // bytes of ::ffff:10.1.2.3
 */
export function parseIp(text: string): Uint8Array | null {
  const v4 = parseIpv4(text);
  if (v4) {
    const bytes = new Uint8Array(16);
    bytes[10] = 0xff;
    bytes[11] = 0xff;
    bytes.set(v4, 12);
    return bytes;
  }
  return parseIpv6(text.replace(/%[^%]*$/, ''));
}

function parseIpv4(text: string): number[] | null {
  const m = IPV4.exec(text);
  if (!m) return null;
  const parts = m.slice(1, 5).map(Number);
  return parts.every((part) => part <= 255) ? parts : null;
}

function parseIpv6(text: string): Uint8Array | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;

  const groups = (half: string): number[] | null => {
    if (half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? '';
      // The last group may be a dotted IPv4 address, standing for two groups.
      const v4 = i === parts.length - 1 ? parseIpv4(part) : null;
      if (v4) {
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-f]{1,4}$/i.test(part)) {
        out.push(parseInt(part, 16));
      } else {
        return null;
      }
    }
    return out;
  };

  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;

  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    bytes[2 * i] = group >> 8;
    bytes[2 * i + 1] = group & 0xff;
  });
  return bytes;
}

/**
 * Parses `address/prefix` (or a bare address, a block of one). Null when malformed. Host bits
 * may be set (`10.6.48.157/8`), as Elasticsearch allows; they are ignored.
 */
export function parseCidr(text: string): CidrBlock | null {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const isV4 = parseIpv4(address) !== null;
  const network = parseIp(address);
  if (!network) return null;

  const max = isV4 ? 32 : 128;
  const prefixText = slash < 0 ? String(max) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > max) return null;
  return { network, bits: isV4 ? prefix + 96 : prefix };
}

/** True when the 16-byte address lies in the block. */
export function inCidr(address: Uint8Array, block: CidrBlock): boolean {
  let bits = block.bits;
  for (let i = 0; i < 16 && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((address[i] ?? 0) & mask) !== ((block.network[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** Orders two 16-byte addresses as unsigned numbers: negative, zero or positive. */
export function compareIps(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 16; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
