/**
 * A second, harsher reading of a text for the heuristic detector only (never forwarded, never shown to
 * the model): letter styling and markup that split or disguise a phrase are taken off, so that
 * `Í̶̖g̶̖n̶̖o̶̖r̶̖e̶̖`, `ɪɢɴᴏʀᴇ`, `🅘🅖🅝🅞🅡🅔`, `⒤⒢⒩⒪⒭⒠`, `Ιgηοre` (Greek capitals), `<b>Ign</b>ore` and
 * `*Ign*ore` all read `ignore`. It folds harder than the detection view (every mark dropped, every
 * look-alike mapped, whatever the neighbouring words), which would wreck a model's reading of French or
 * Russian but costs a signature matcher nothing: an English attack phrase does not appear by accident.
 */
import { codeUnits } from '../../code-units.js';
import { detectionView } from '../detection-view.js';
import { foldTarget } from './confusables.js';

/**
 * What makes the harsh reading worth building: combining marks, accented or IPA/small-capital Latin,
 * Greek or Armenian letters, enclosed and parenthesized letters, regional indicators, markup characters
 * and a word broken at a line end. Plain English has none of these, so it costs one scan.
 *
 * The units that are styled on their own: odd spaces, interlinear annotation marks, Latin-1 and extended
 * Latin, IPA, combining marks, Greek, Armenian, phonetic extensions, combining marks for symbols,
 * parenthesized letters, Latin Extended-D, combining half marks, and the markup characters `<*_~` and `` ` ``.
 */
const STYLED_RANGES: readonly (readonly [number, number])[] = [
  [0x00a0, 0x00a0], [0x2000, 0x200a], [0x202f, 0x202f], [0x205f, 0x205f], [0x2800, 0x2800], [0xfff9, 0xfffb],
  [0x00c0, 0x024f], [0x0250, 0x02af], [0x0300, 0x036f], [0x0370, 0x03ff], [0x0530, 0x058f], [0x1ab0, 0x1aff],
  [0x1d00, 0x1dff], [0x20d0, 0x20ff], [0x249c, 0x24b5], [0xa720, 0xa7ff], [0xfe20, 0xfe2f],
  [0x3c, 0x3c], [0x2a, 0x2a], [0x5f, 0x5f], [0x7e, 0x7e], [0x60, 0x60],
];
/** Units that are styled only with what follows: enclosed letters and regional indicators (`\ud83c` + a low half), `-` + a line end. */
const STYLED_PAIR = /\ud83c[\udd30-\udd89\udde6-\uddff]|-\r?\n/y;
/** STYLED_RANGES and the starts of STYLED_PAIR by UTF-16 unit: 1 styled, 2 styled if STYLED_PAIR matches there. */
const STYLED_UNIT = new Uint8Array(0x10000);
for (const [from, to] of STYLED_RANGES) STYLED_UNIT.fill(1, from, to + 1);
STYLED_UNIT[0xd83c] = 2;
STYLED_UNIT[0x2d] = 2;

/**
 * Whether `text` holds anything styled. A table read per unit rather than one character-class test: V8
 * matches a class this large by binary search on two-byte strings (~70k instructions on 1 KB of Cyrillic,
 * ~25k on English, against ~20k for this loop on either; cachegrind).
 */
function isStyled(text: string): boolean {
  const units = codeUnits(text);
  for (let i = 0; i < text.length; i++) {
    const styled = STYLED_UNIT[units[i]!]!;
    if (styled === 0) continue;
    if (styled === 1) return true;
    STYLED_PAIR.lastIndex = i;
    if (STYLED_PAIR.test(text)) return true;
  }
  return false;
}

// Markup that splits a word: tags and comment ends (their contents are judged by the html stage), emphasis marks.
const TAG = /<\/?[A-Za-z][^<>]{0,256}>|<!--|-->/g;
// Only asterisks and tildes (an underscore inside a word is an identifier), and only when some word is split by them (`Ign**ore**`, `*Ign*ore`): a bold heading alone keeps its marks,
// so that `**Additional instructions** - …` reads as it did.
const EMPHASIS_INSIDE_WORD = /\p{L}[*~]+\p{L}/u;
const EMPHASIS = /[*~]+/g;
const CODE_SPAN_MARK = /`/g;
/** A word broken at a line end with a hyphen: `Ign-\nore`. */
const LINE_BREAK_HYPHEN = /(\p{L})-[ \t]*\r?\n[ \t]*(?=\p{L})/gu;
const MARKS = /\p{M}+/gu;
/** NFKD writes `⒤` as `(i)`. */
const PARENTHESIZED = /\((\p{L})\)/gu;
const NON_ASCII = /[^\x00-\x7f]/gu;
/**
 * Spaces that NFKC would make plain, and the blank Braille pattern: between letters (`I g n o r e` with
 * no-break spaces, plain spaces between words) they are separators, which the view's letter joining
 * tells from word breaks only while they differ from a plain space.
 */
const ODD_SPACE = /[\u00a0\u2000-\u200a\u202f\u205f\u2800]/g;
/** Interlinear annotation marks are format characters; the view drops them, gluing the words they separate. */
const ANNOTATION = /[\ufff9-\ufffb]/g;

// Small capitals have no decomposition and most no UTS #39 prototype.
const SMALL_CAPITALS: Record<string, string> = {
  ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ꜰ: 'f', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm',
  ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ǫ: 'q', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z',
  // Look-alikes whose UTS #39 prototype is not one ASCII letter (Greek `η` is `n̩` there, `τ` and Armenian `ժ` have none).
  η: 'n', τ: 't', ժ: 'd',
};

/** Squared, negative circled, negative squared letters and regional indicators: 26 letters from each base. */
function enclosedLetter(cp: number): string | undefined {
  for (const base of [0x1f130, 0x1f150, 0x1f170, 0x1f1e6]) {
    if (cp >= base && cp < base + 26) return String.fromCharCode(0x61 + cp - base);
  }
  return undefined;
}

function foldCharacter(char: string): string {
  const cp = char.codePointAt(0)!;
  return SMALL_CAPITALS[char] ?? enclosedLetter(cp) ?? foldTarget(cp) ?? char;
}

/**
 * The harsh reading of `text`, or undefined when nothing in it is styled (most texts). `force` builds it
 * anyway: the caller knows that its view holds markup that the text lost (an html-filtered segment).
 */
export function unstyledView(text: string, force = false): string | undefined {
  if (!force && !isStyled(text)) return undefined;
  const unemphasized = EMPHASIS_INSIDE_WORD.test(text) ? text.replace(EMPHASIS, '') : text;
  const unmarked = unemphasized
    .replace(ODD_SPACE, '.')
    .replace(ANNOTATION, ' ')
    .replace(TAG, '')
    .replace(CODE_SPAN_MARK, '')
    .replace(LINE_BREAK_HYPHEN, '$1')
    .normalize('NFKD')
    .replace(MARKS, '')
    .replace(PARENTHESIZED, '$1');
  // Folded before the view lower-cases: Greek `Ν` passes for `N`, its small `ν` for `v`.
  return detectionView(unmarked.replace(NON_ASCII, foldCharacter));
}
