/** One line of a JSONL input: its text, or why it cannot be read as text. */
export type Line = { number: number; text: string } | { number: number; error: string; raw: string | null };

/**
 * Splits a byte stream into lines (LF or CRLF) without ever holding more than `maxBytes` of one line.
 * Hand-written because readline buffers a line of any length, so one hostile line without a newline
 * would take all memory. Pulls chunks only as lines are consumed, which is the backpressure.
 * A final newline does not start an empty last line; a byte-order mark at the start is skipped.
 */
export async function* readLines(input: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<Line> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let number = 0;

  const finish = (): Line => {
    number++;
    if (tooLong) return { number, error: `line is longer than ${maxBytes} bytes`, raw: null };
    let bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    if (bytes.at(-1) === 0x0d) bytes = bytes.subarray(0, -1);
    if (number === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    try {
      return { number, text: decoder.decode(bytes) };
    } catch {
      return { number, error: 'line is not valid UTF-8', raw: bytes.toString('utf8') };
    }
  };

  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    while (start <= buffer.length) {
      const newline = buffer.indexOf(0x0a, start);
      const end = newline === -1 ? buffer.length : newline;
      if (!tooLong && end > start) {
        if (size + (end - start) > maxBytes) {
          tooLong = true;
          parts = [];
        } else {
          parts.push(buffer.subarray(start, end));
          size += end - start;
        }
      }
      if (newline === -1) break;
      yield finish();
      parts = [];
      size = 0;
      tooLong = false;
      start = newline + 1;
    }
  }
  if (size > 0 || tooLong) yield finish();
}
