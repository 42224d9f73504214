/**
 * JSON with every object's keys sorted, so that the order a file writes fields in does not matter: the
 * text a record's content hash is taken of (an unchanged record re-imports as a no-op).
 *
 * The same text as `JSON.stringify(value, replacer)` with a replacer that rebuilds every object with its
 * entries sorted (what the importer first used, and what the stored content hashes were made with), but
 * written out in one pass: rebuilding each object and calling a replacer per value cost about a tenth of
 * the importer's CPU. Like that object, keys that are array indices ("0", "7") come first in numeric
 * order (JavaScript's own property order), then the others sorted by UTF-16 code units.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value) ?? 'undefined';
}

const INDEX_KEY = /^(?:0|[1-9]\d*)$/;

function isIndexKey(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && INDEX_KEY.test(key) && Number(key) < 4294967295;
}

/** An object's keys in the order they are written, each with its JSON text: `"key":`. */
interface KeyOrder {
  keys: readonly string[];
  written: readonly (readonly [string, string])[];
}

/**
 * Key orders already worked out, by the object's first key and key count: the records of a file are
 * objects of the same few shapes, so sorting and quoting their keys once per shape rather than once per
 * object saves most of the work. A hit is checked key by key, so a different shape is never misread.
 */
const keyOrders = new Map<string, KeyOrder>();
const MAX_KEY_ORDERS = 512;

function keyOrderOf(keys: string[]): KeyOrder {
  const id = `${keys.length}\u0000${keys[0] ?? ''}`;
  const known = keyOrders.get(id);
  if (known && known.keys.length === keys.length) {
    let same = true;
    for (let i = 0; i < keys.length; i += 1)
      if (known.keys[i] !== keys[i]) {
        same = false;
        break;
      }
    if (same) return known;
  }
  let names = keys.slice();
  let indices: string[] = [];
  if (keys.some(isIndexKey)) {
    indices = keys.filter(isIndexKey).sort((a, b) => Number(a) - Number(b));
    names = keys.filter((k) => !isIndexKey(k));
  }
  names.sort();
  const order: KeyOrder = {
    keys,
    written: [...indices, ...names].map((key) => [key, `${JSON.stringify(key)}:`] as const),
  };
  if (keyOrders.size >= MAX_KEY_ORDERS) keyOrders.clear();
  keyOrders.set(id, order);
  return order;
}

/** `undefined` for what JSON.stringify leaves out of an object (undefined, functions, symbols). */
function serialise(input: unknown): string | undefined {
  let value = input;
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  )
    value = (value as { toJSON: () => unknown }).toJSON();
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value); // throws, as JSON.stringify does
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return 'null';
  if (value instanceof Number || value instanceof String || value instanceof Boolean)
    return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i += 1) text += `${i > 0 ? ',' : ''}${serialise(value[i]) ?? 'null'}`;
    return `${text}]`;
  }
  const object = value as Record<string, unknown>;
  let text = '{';
  let first = true;
  for (const [key, written] of keyOrderOf(Object.keys(object)).written) {
    const member = serialise(object[key]);
    if (member === undefined) continue;
    text += first ? written : `,${written}`;
    text += member;
    first = false;
  }
  return `${text}}`;
}
