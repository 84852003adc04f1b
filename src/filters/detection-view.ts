/**
 * The detection view of a text: what detectors (heuristics, the model) read. Folding here is for
 * matching only; the forwarded text is never rewritten by it.
 *
 * First version: NFKC and collapsed whitespace. The Unicode filter family extends it (confusable
 * skeletons, invisible characters, decoded hidden payloads); the trainer and the classifier call this
 * same function so the model is trained on exactly what it reads at run time.
 */
export function detectionView(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim();
}
