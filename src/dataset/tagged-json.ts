/**
 * JSON that keeps the values Parquet metadata holds: 64-bit integers (`{"$bigint": "…"}`), bytes
 * (`{"$bytes": base64}`) and dates (`{"$date": ms}`). A resumed Parquet output needs its row-group
 * metadata back exactly as it was, or the footer would differ from an uninterrupted run's.
 */
export function toTaggedJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, converted: unknown) {
    const original = this[key];
    if (typeof original === 'bigint') return { $bigint: original.toString() };
    if (original instanceof Uint8Array) return { $bytes: Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString('base64') };
    if (original instanceof Date) return { $date: original.getTime() };
    return converted;
  });
}

export function fromTaggedJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const keys = Object.keys(value);
    if (keys.length !== 1) return value;
    const tagged = value as Record<string, unknown>;
    if (typeof tagged.$bigint === 'string') return BigInt(tagged.$bigint);
    if (typeof tagged.$bytes === 'string') return new Uint8Array(Buffer.from(tagged.$bytes, 'base64'));
    if (typeof tagged.$date === 'number') return new Date(tagged.$date);
    return value;
  });
}
