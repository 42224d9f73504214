/**
 * The written justification a person match needs (DOMAIN §4.4 guard rails): why this check, in words —
 * not identifiers. It stays in the owning country (free text never crosses a border), so the rule is
 * about usefulness to an auditor and about keeping identity numbers, ids and addresses out of the log.
 */
export const JUSTIFICATION_MIN_LENGTH = 20;
export const JUSTIFICATION_MAX_LENGTH = 500;
/** Digits may be a date or a count, not the bulk of the text. */
const MAX_DIGIT_SHARE = 0.15;

/** What is wrong with a justification, or null when it is acceptable. */
export function justificationProblem(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed.length < JUSTIFICATION_MIN_LENGTH) {
    return `say in at least ${JUSTIFICATION_MIN_LENGTH} characters why this person must be checked across borders (e.g. "Victim says she was registered in Sweden last summer; continuity of assistance").`;
  }
  if (trimmed.length > JUSTIFICATION_MAX_LENGTH) {
    return `keep it under ${JUSTIFICATION_MAX_LENGTH} characters; the case itself stays in your national system.`;
  }
  const visible = trimmed.replace(/\s/gu, '');
  const digits = (visible.match(/\p{Nd}/gu) ?? []).length;
  if (/\p{Nd}{5,}/u.test(trimmed) || digits / visible.length > MAX_DIGIT_SHARE) {
    return 'it looks like it holds an identity, document or phone number: describe the reason in words, without identifiers.';
  }
  if (/\b[A-Z]{2}:[A-Za-z]+:\S+/u.test(trimmed) || /\S+@\S+\.\S+/u.test(trimmed)) {
    return 'it holds a record id or an e-mail address: describe the reason in words, without identifiers.';
  }
  return null;
}
