/**
 * The uniqueness key of a caseExact=false name (userName, a Group's displayName; RFC 7643
 * §4.1.1 and §4.2): Unicode compatibility-normalised (so full-width "ｊｏｈｎ" and "john" collide),
 * then lower-cased. Surrounding whitespace is kept: "john " and "john" are different names.
 */
export function foldKey(value: string): string {
  return value.normalize('NFKC').toLowerCase();
}
