/**
 * A Parquet value as JSON can hold it: 64-bit integers as numbers when exact (else strings), dates as
 * ISO strings, bytes as base64. Plain JSON values come back as they are (the same object).
 */
export function toJsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = toJsonSafe(value[index]);
    return value;
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const safe = toJsonSafe(record[key]);
      if (safe !== record[key]) Object.defineProperty(record, key, { value: safe, writable: true, enumerable: true, configurable: true });
    }
    return record;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}
