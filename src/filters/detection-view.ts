/**
 * The detection view of a text: what detectors (heuristics, the model) read. Folding here is for
 * matching only; the forwarded text is never rewritten by it. The trainer, the classifier and the
 * Unicode filter all call this one function, so the model is trained on exactly what it reads.
 *
 * Steps, each cheap and deterministic (a pure function of the text and the Node's Unicode version):
 * 1. hidden characters (zero-width, bidi, format, private-use, unassigned) are dropped, and payloads
 *    hidden in Unicode tag characters or variation selectors are decoded and appended on a new line;
 * 2. NFKC (fullwidth `ｉｇｎｏｒｅ`, mathematical `𝐢𝐠𝐧𝐨𝐫𝐞` → `ignore`);
 * 3. lower case;
 * 4. look-alike letters fold to Latin inside words that are Latin in disguise (`іgnоrе` → `ignore`),
 *    never inside Russian, Greek or other words of their own script (see fold-confusables.ts);
 * 5. spaced-out letters are joined (`I g n o r e  a l l` → `ignore all`; one per line, a blank line
 *    between words, the same) and whitespace collapsed.
 * detectionView(detectionView(x)) === detectionView(x).
 */
import { foldConfusables } from './unicode/fold-confusables.js';
import { hiddenText, scanHidden, withoutKept, type HiddenScan, type ScanPolicy } from './unicode/scan-hidden.js';
import { joinSpacedLetters } from './unicode/spaced-letters.js';

const VIEW_POLICY: ScanPolicy = {
  forView: true,
  decode: true,
  record: false,
  keepPrivateUse: false,
  keepDirectionalMarks: false,
  subdivisionFlags: new Set(['gbeng', 'gbsct', 'gbwls']),
};
// A payload's own decoded text is cleaned but not decoded again: one level, bounded work.
const PAYLOAD_POLICY: ScanPolicy = { ...VIEW_POLICY, decode: false };

const NON_ASCII = /[^\x00-\x7f]/;
/**
 * Fast path for ASCII: joining changes a text only where two single letters stand one blank, one
 * separator or one line break apart (see spaced-letters.ts; in ASCII a word character is a letter or a digit). Text
 * without such a pair is left as it is, without the character-by-character scan.
 */
const SPACED_PAIR = /(?<![A-Za-z0-9])[A-Za-z](?:[ \t.,\-_*|/+~\n]|\r\n)[A-Za-z](?![A-Za-z0-9])/;
/** Whitespace that collapsing would change: a run, or anything but a plain space. */
const UNCOLLAPSED = /\s{2,}|[^\S ]/;
const WHITESPACE_TO_COLLAPSE = /\s{2,}|[^\S ]/g;

export function detectionView(text: string): string {
  return viewOf(text);
}

/**
 * detectionView, for a caller that has already scanned `text` (the Unicode filter): `scanned` is a scan
 * of it whose removals and kept characters tell what the view's scan would remove (`sameForView`), with
 * the payloads decoded, so the view need not scan again; `ascii` says the text is ASCII, which hides nothing.
 */
export function viewOf(text: string, scanned?: HiddenScan, ascii = false): string {
  let view = text;
  if (!ascii) {
    const scan = scanned ?? scanHidden(text, VIEW_POLICY);
    const visible = withoutKept(scan);
    const hidden = hiddenText(scan);
    view = hidden === '' ? visible : `${visible}\n${scanHidden(hidden, PAYLOAD_POLICY).text}`;
  }
  const isAscii = ascii || !NON_ASCII.test(view);
  if (!isAscii) {
    // Folded after lower-casing, so that a second pass sees the same letters (`Σ` has no Latin twin, `σ` has).
    // Lower-casing can leave marks out of canonical order (`İ` → `i` + U+0307), hence NFKC again.
    const normalized = view.normalize('NFKC');
    const lowered = normalized.toLowerCase();
    // NFKC is idempotent: text that lower-casing left alone needs no second pass.
    const lower = lowered === normalized ? lowered : lowered.normalize('NFKC');
    const folded = foldConfusables(lower);
    // A folded letter may compose with a following mark (`σ́` → `ó`).
    view = folded === lower ? folded : folded.normalize('NFKC');
  } else {
    view = view.toLowerCase();
  }
  // Folding and NFKC often leave ASCII (`ｉｇｎｏｒｅ`, `іgnоrе`), where joining has a fast path.
  const asciiNow = isAscii || !NON_ASCII.test(view);
  // Joined before collapsing, so that double spaces still mark the writer's word breaks.
  const joined = join(view, asciiNow);
  const runs = UNCOLLAPSED.test(joined);
  const collapsed = (runs ? joined.replace(WHITESPACE_TO_COLLAPSE, ' ') : joined).trim();
  // Fast path: when the join changed nothing and there was no run to collapse, joining again would find
  // nothing new (trimming never makes or breaks a pair: an end is a non-word neighbour, as whitespace is).
  if (joined === view && !runs) return collapsed;
  return join(collapsed, asciiNow);
}

const join = (text: string, ascii: boolean) => (ascii && !SPACED_PAIR.test(text) ? text : joinSpacedLetters(text));
