/**
 * Ordering for `version` fields, as Elasticsearch's version type sorts them: semantic
 * versions by numeric parts (`1.5.0 < 1.10.0`), a pre-release before its release
 * (`1.0.0-beta < 1.0.0`), build metadata ignored.
 *
 * Text that is not a semantic version sorts after every valid version, by plain string order,
 * which is also what Elasticsearch does.
 */

interface ParsedVersion {
  numbers: number[];
  prerelease: string[] | null;
}

const SEMVER = /^(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function parseVersion(text: string): ParsedVersion | null {
  const m = SEMVER.exec(text);
  if (!m) return null;
  return {
    numbers: (m[1] ?? '').split('.').map(Number),
    prerelease: m[2] === undefined ? null : m[2].split('.'),
  };
}

/**
 * Orders two version strings: negative, zero or positive.
 *
 * @example compareVersions('1.5.0', '1.10.0') < 0 // true
 */
export function compareVersions(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (!va || !vb) {
    if (va) return -1;
    if (vb) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  const length = Math.max(va.numbers.length, vb.numbers.length);
  for (let i = 0; i < length; i++) {
    const d = (va.numbers[i] ?? 0) - (vb.numbers[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }

  // A release sorts after its pre-releases; pre-release identifiers compare one by one,
  // numeric ones numerically and before alphanumeric ones.
  if (va.prerelease === null || vb.prerelease === null) {
    return (va.prerelease === null ? 1 : 0) - (vb.prerelease === null ? 1 : 0);
  }
  const pa = va.prerelease;
  const pb = vb.prerelease;
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) return Math.sign(Number(x) - Number(y));
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return Math.sign(pa.length - pb.length);
}
